/*
 * rows.c — the tables of a report from its token stream (read_int.h).
 *
 * Table 2 and table 3 are read by their row labels, in template order: the
 * labels accumulated since the last run of numbers name the row the next run
 * belongs to; a label may be truncated, split over lines, mistyped or
 * missing (then the run takes the next row in order, with a warning);
 * columns come from position, as the template fixes them. Table 4 is its 15
 * numbers in order, in one row or three. Damaged rows (fewer numbers than the
 * template) and run-together digits are settled only where the report's own
 * rules (infer.c) leave one possibility; never guessed. The row keywords
 * come from the template (国办公开办函〔2021〕30号 and the 2019 form).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "read_int.h"
#include "xxgk/rules.h"

/* Bytes of label text kept while looking for a row's keywords. */
#define PARSE_LABEL_CAP 4096

typedef struct {
	const char *const *keys;  /* NULL-terminated keyword list, any one matches */
	int width;                /* numbers in the row */
} row_spec;

static const row_spec t3_specs[XXGK_T3_ROWS] = {
	{ K("本年新收", "新收政府信息公开申请"), 7 },
	{ K("上年结转"), 7 },
	{ K("予以公开"), 7 },
	{ K("部分公开"), 7 },
	{ K("国家秘密"), 7 },
	{ K("法律行政法规", "禁止公开", "其他法律"), 7 },
	{ K("三安全", "一稳定"), 7 },
	{ K("第三方"), 7 },
	{ K("内部事务"), 7 },
	{ K("过程性"), 7 },
	{ K("执法案卷"), 7 },
	{ K("行政查询", "查询事项"), 7 },
	{ K("不掌握"), 7 },
	{ K("另行制作", "没有现成"), 7 },
	{ K("仍不明确", "补正后"), 7 },
	{ K("信访", "举报投诉"), 7 },
	{ K("重复申请"), 7 },
	{ K("出版物"), 7 },
	{ K("大量反复", "大量重复"), 7 },
	{ K("确认或重新", "重新出具", "已获取信息"), 7 },
	{ K("不补正", "逾期不"), 7 },
	{ K("收费通知", "缴纳费用", "缴纳"), 7 },
	{ K("其他"), 7 },
	{ K("总计", "合计"), 7 },
	{ K("结转下年", "继续办理"), 7 },
};

static const row_spec t2_specs_2021[] = {
	{ K("规章"), 3 },
	{ K("规范性文件"), 3 },
	{ K("行政许可"), 1 },
	{ K("行政处罚"), 1 },
	{ K("行政强制"), 1 },
	{ K("事业性收费", "收费"), 1 },
};

static const row_spec t2_specs_2019[] = {
	{ K("规章"), 3 },
	{ K("规范性文件"), 3 },
	{ K("行政许可"), 3 },
	{ K("对外管理服务"), 3 },
	{ K("行政处罚"), 3 },
	{ K("行政强制"), 3 },
	{ K("事业性收费", "收费"), 2 },
	{ K("集中采购", "采购"), 2 },
};

/* ----------------------------------------------------------------- rows */

static int parse_match_row(const char *label, const row_spec *specs, int from, int count)
{
	for (int k = from; k < count; k++)
		for (const char *const *key = specs[k].keys; *key; key++)
			if (strstr(label, *key))
				return k;
	return -1;
}

/*
 * Reads the rows of one table from tokens [begin, end). Returns the index of
 * the first token after the last row read.
 */
static size_t parse_read_rows(parse_ctx *c, const row_spec *specs, int count,
			      size_t begin, size_t end, const bool *optional, row_read *rows)
{
	xxgk_buf label;
	xxgk_buf_init(&label);
	uint32_t label_line = 0;
	int r = 0;
	size_t i = begin, stop = begin;
	memset(rows, 0, sizeof(*rows) * (size_t)count);
	while (i < end && r < count) {
		const xxgk_token *t = &c->doc.toks[i];
		if (t->kind == XXGK_TOK_LABEL) {
			if (label.len < PARSE_LABEL_CAP)
				xxgk_compact_append(&label, t->text, t->len, PARSE_LABEL_CAP);
			label_line = t->line;
			i++;
			continue;
		}
		size_t j = i;
		while (j < end && c->doc.toks[j].kind != XXGK_TOK_LABEL)
			j++;
		size_t next = j;
		int k = parse_match_row(label.data ? label.data : "", specs, r, count);
		bool missing = false;
		if (k < 0) {
			k = r;
			missing = true;
		}
		/* empty cells that pad a row out to the grid (HTML, wide tables)
		 * are not values: trim them from the edges while the row is too long */
		int w0 = specs[k].width;
		while (j - i > (size_t)w0 && c->doc.toks[i].kind == XXGK_TOK_BLANK)
			i++;
		while (j - i > (size_t)w0 && c->doc.toks[j - 1].kind == XXGK_TOK_BLANK)
			j--;
		int run = (int)(j - i);
		/* a run of nothing but blanks is a row only where the next row is due
		 * and named: heading rows padded with empty cells claim nothing */
		bool all_blank = true;
		for (size_t q = i; q < j && all_blank; q++)
			all_blank = c->doc.toks[q].kind == XXGK_TOK_BLANK;
		int due = r;
		while (optional && due < k && optional[due])
			due++;
		if (all_blank && (missing || k != due)) {
			i = next;
			label.len = 0;
			if (label.data)
				label.data[0] = '\0';
			continue;
		}
		bool glued = false;
		for (size_t q = i; q < j && !glued; q++)
			glued = c->doc.toks[q].kind == XXGK_TOK_RUN;
		if (glued) {
			/* digits run together: the row's groups, cut into cells later */
			row_read *row = &rows[k];
			row->found = true;
			row->glued = true;
			row->label_missing = missing;
			row->label_line = missing ? c->doc.toks[i].line : label_line;
			row->count = run < XXGK_ROW_CAP ? run : XXGK_ROW_CAP;
			for (int q = 0; q < row->count; q++)
				row->tok[q] = &c->doc.toks[i + (size_t)q];
			r = k + 1;
			i = next;
			stop = next;
			label.len = 0;
			if (label.data)
				label.data[0] = '\0';
			continue;
		}
		int used = 0;
		while (used < run && k < count) {
			row_read *row = &rows[k];
			int w = specs[k].width;
			int left = run - used;
			row->found = true;
			row->label_missing = missing;
			row->label_line = missing ? c->doc.toks[i + (size_t)used].line : label_line;
			int take = left < w ? left : w;
			for (int q = 0; q < take; q++)
				row->tok[q] = &c->doc.toks[i + (size_t)used + (size_t)q];
			row->count = take;
			used += take;
			left -= take;
			if (left > 0 && k + 1 < count && left >= specs[k + 1].width) {
				k++;          /* the next row's label is not printed */
				missing = true;
				continue;
			}
			if (left > 0) {
				row->extra = left;
				row->extra_line = c->doc.toks[i + (size_t)used].line;
				used = run;
			}
			k++;
		}
		r = k;
		i = next;
		stop = next;
		label.len = 0;
		if (label.data)
			label.data[0] = '\0';
	}
	if (label.failed)
		c->oom = 1;
	xxgk_buf_free(&label);
	return stop;
}

/* ---------------------------------------------------------------- cells */

static void parse_cell_from_token(parse_ctx *c, xxgk_cell *cell, const xxgk_token *t)
{
	char raw[256];
	size_t n = t->len < sizeof raw - 1 ? t->len : sizeof raw - 1;
	memcpy(raw, t->text, n);
	raw[n] = '\0';
	int kind = t->kind == XXGK_TOK_NUM ? XXGK_KIND_NUMBER
		 : t->kind == XXGK_TOK_NA ? XXGK_KIND_NA : XXGK_KIND_BLANK;
	xxgk__parse_note_oom(c, xxgk_cell_set(cell, kind, t->kind == XXGK_TOK_NUM, t->value,
					t->src_line, t->column, raw));
	xxgk__parse_cell_origin(c, cell, t);
}

/* A human name for a row of a table, for warnings. */
typedef const char *(*row_name_fn)(int row);

/* A printed row's values as text ("0 0 / 3"), for warnings and raw text. */
static void parse_row_text(char *out, size_t cap, const row_read *row)
{
	size_t n = 0;
	out[0] = '\0';
	for (int i = 0; i < row->count && n + 1 < cap; i++) {
		const xxgk_token *t = row->tok[i];
		int len = t->kind == XXGK_TOK_BLANK ? 0 : (int)t->len;
		int w = snprintf(out + n, cap - n, "%s%.*s", i ? " " : "",
				 len ? len : 2, len ? t->text : "''");
		if (w < 0 || (size_t)w >= cap - n)
			break;
		n += (size_t)w;
	}
}

/* Where one cell of a split came from: group (token), byte offset, length. */
typedef struct {
	uint8_t group, off, len;
} split_part;

/* Steps the cutting search may take for one row before giving up: enough
 * for any real row many times over, and a bound on hostile ones. */
#define PARSE_SPLIT_STEPS 200000

typedef struct {
	const row_read *row;
	int width;
	xxgk_row_cand *cands;
	split_part (*meta)[XXGK_ROW_CAP];
	int cap, count;
	bool overflow;
	long steps;
	size_t digits_after[XXGK_ROW_CAP + 1];  /* integer digits in groups g+1 … */
	xxgk_row_cand cur;
	split_part cur_meta[XXGK_ROW_CAP];
} split_ctx;

/* Length of a run's digits and decimals, without a unit such as 元. */
static size_t parse_run_digits(const xxgk_token *t)
{
	size_t n = 0;
	while (n < t->len && ((t->text[n] >= '0' && t->text[n] <= '9') || t->text[n] == '.'))
		n++;
	return n;
}

/* Integer digits of a run (before any decimal point). */
static size_t parse_int_digits(const xxgk_token *t)
{
	size_t n = parse_run_digits(t), i = 0;
	while (i < n && t->text[i] != '.')
		i++;
	return i;
}

static void parse_split_rec(split_ctx *s, int g, size_t pos, int ci)
{
	if (s->overflow)
		return;
	if (++s->steps > PARSE_SPLIT_STEPS) {
		s->overflow = true;
		return;
	}
	if (g == s->row->count) {
		if (ci != s->width)
			return;
		if (s->count >= s->cap) {
			s->overflow = true;
			return;
		}
		s->cands[s->count] = s->cur;
		memcpy(s->meta[s->count], s->cur_meta, sizeof s->cur_meta);
		s->count++;
		return;
	}
	const xxgk_token *t = s->row->tok[g];
	size_t len = parse_run_digits(t);
	if (pos == len) {
		parse_split_rec(s, g + 1, 0, ci);
		return;
	}
	/* every later group needs a cell of its own */
	if (ci + (s->row->count - g - 1) >= s->width)
		return;
	size_t int_end = pos;
	while (int_end < len && t->text[int_end] != '.')
		int_end++;
	/* what is left must fit what is left: each cell 1 to 15 digits */
	size_t left = (int_end - pos) + s->digits_after[g];
	size_t cells_left = (size_t)(s->width - ci);
	if (left < cells_left || left > cells_left * 15)
		return;
	for (size_t l = 1; pos + l <= int_end; l++) {
		if (l > 1 && t->text[pos] == '0')
			break;   /* no leading zeros */
		size_t part = l;
		if (pos + l == int_end)
			part = len - pos;   /* the last integer digits take the decimals */
		if (part > 15)
			break;   /* beyond exact doubles: not a count */
		char buf[32];
		memcpy(buf, t->text + pos, part);
		buf[part] = '\0';
		s->cur.val[ci] = strtod(buf, NULL);
		s->cur.state[ci] = XXGK_SV_KNOWN;
		s->cur_meta[ci].group = (uint8_t)g;
		s->cur_meta[ci].off = (uint8_t)pos;
		s->cur_meta[ci].len = (uint8_t)part;
		parse_split_rec(s, g, pos + part, ci + 1);
	}
}

/* Every way to cut a run-together row into `width` cells; −1 past `cap`. */
static int parse_splits(xxgk_row_cand *cands, split_part (*meta)[XXGK_ROW_CAP], int cap,
			const row_read *row, int width)
{
	split_ctx s;
	memset(&s, 0, sizeof s);
	s.row = row;
	s.width = width;
	s.cands = cands;
	s.meta = meta;
	s.cap = cap;
	for (int g = 0; g < row->count; g++)
		if (row->tok[g]->kind != XXGK_TOK_RUN && row->tok[g]->kind != XXGK_TOK_NUM)
			return 0;   /* a "/" among runs: no rule cuts around it */
		else if (parse_run_digits(row->tok[g]) > 250)
			return -1;
	/* digits_after[g]: integer digits in the groups after group g */
	for (int g = row->count - 2; g >= 0; g--)
		s.digits_after[g] = s.digits_after[g + 1] + parse_int_digits(row->tok[g + 1]);
	parse_split_rec(&s, 0, 0, 0);
	return s.overflow ? -1 : s.count;
}

static _Thread_local xxgk_row_cand place_cands[XXGK_INFER_MAX_CANDS];
static _Thread_local int place_where[XXGK_INFER_MAX_CANDS][XXGK_ROW_CAP];
static _Thread_local split_part place_meta[XXGK_INFER_MAX_CANDS][XXGK_ROW_CAP];

/*
 * Places the rows of a table into `cells` (row r's cells start at the sum of
 * the widths before it) and settles the damaged and run-together rows with
 * the rules `eqs`, again and again while one settled row settles another.
 */
static void parse_place_rows(parse_ctx *c, const row_read *rows, int count, const int *widths,
			     xxgk_cell *cells, const xxgk_eq *eqs, int eq_count,
			     const char *table, row_name_fn row_name, const bool *absent_ok)
{
	xxgk_grid g;
	int base[XXGK_T3_ROWS + 1];
	bool pending[XXGK_T3_ROWS + 1] = { false };
	int status[XXGK_T3_ROWS + 1];
	int cands_n[XXGK_T3_ROWS + 1];
	memset(&g, 0, sizeof g);
	g.eqs = eqs;
	g.eq_count = eq_count;
	int total = 0;
	for (int r = 0; r < count; r++) {
		base[r] = total;
		total += widths[r];
	}
	g.cell_count = total;
	for (int r = 0; r < count; r++) {
		const row_read *row = &rows[r];
		int width = widths[r];
		for (int col = 0; col < width; col++) {
			int idx = base[r] + col;
			g.state[idx] = XXGK_SV_OPEN;
			if (!row->found && absent_ok && absent_ok[r]) {
				g.state[idx] = XXGK_SV_KNOWN;   /* not in this template: adds nothing */
				g.val[idx] = 0;
			}
		}
		if (!row->found) {
			if (absent_ok && absent_ok[r])
				continue;
			/* one warning per gap, at the row printed after it */
			if (r > 0 && !rows[r - 1].found && !(absent_ok && absent_ok[r - 1]))
				continue;
			int last = r;
			while (last + 1 < count && !rows[last + 1].found && !(absent_ok && absent_ok[last + 1]))
				last++;
			uint32_t at = last + 1 < count ? rows[last + 1].label_line : 0;
			if (last == r)
				xxgk__parse_warn(c, "cells.missing", at, "%s未印出“%s”行", table, row_name(r));
			else
				xxgk__parse_warn(c, "cells.missing", at, "%s未印出“%s”至“%s”各行", table,
					   row_name(r), row_name(last));
			continue;
		}
		if (row->unreadable) {
			/* read, but its figures cannot be told apart from another row's */
			char printed[256];
			parse_row_text(printed, sizeof printed, row);
			for (int col = 0; col < width; col++)
				xxgk__parse_note_oom(c, xxgk_cell_set(&cells[base[r] + col], XXGK_KIND_UNREADABLE, false, 0,
								      xxgk_doc_src_line(&c->doc, row->label_line), 0,
								      printed));
			xxgk__parse_warn(c, "cells.unreadable", row->label_line,
					 "%s“%s”行：行名与数字分开印出，按次序读得“%s”，但本表的勾稽关系不成立，无法确定哪些数字属于此行",
					 table, row_name(r), printed);
			continue;
		}
		if (row->label_missing)
			xxgk__parse_warn(c, "label.missing", row->label_line,
				   "%s“%s”行未印行名，按行序认定", table, row_name(r));
		if (row->extra)
			xxgk__parse_warn(c, "cells.extra", row->extra_line,
				   "%s“%s”行印有 %d 个数字，模板为 %d 个，取前 %d 个",
				   table, row_name(r), row->count + row->extra, width, width);
		if (row->glued) {
			pending[r] = true;
			continue;
		}
		if (row->count < width) {
			pending[r] = true;
			xxgk__parse_warn(c, "cells.missing", row->label_line,
				   "%s“%s”行只印有 %d 个数字，模板为 %d 个", table, row_name(r),
				   row->count, width);
			continue;
		}
		for (int col = 0; col < width; col++) {
			const xxgk_token *t = row->tok[col];
			parse_cell_from_token(c, &cells[base[r] + col], t);
			if (t->kind == XXGK_TOK_NUM) {
				g.state[base[r] + col] = XXGK_SV_KNOWN;
				g.val[base[r] + col] = t->value;
			}
		}
	}
	xxgk_infer_result res[XXGK_T3_ROWS + 1];
	memset(res, 0, sizeof res);
	bool progress = true;
	while (progress) {
		progress = false;
		for (int r = 0; r < count; r++) {
			if (!pending[r])
				continue;
			const row_read *row = &rows[r];
			int width = widths[r];
			int n;
			if (row->glued) {
				n = parse_splits(place_cands, place_meta, XXGK_INFER_MAX_CANDS, row, width);
			} else {
				xxgk_damaged d;
				memset(&d, 0, sizeof d);
				d.base = base[r];
				d.width = width;
				d.printed_count = row->count;
				for (int i = 0; i < row->count; i++) {
					d.printed_val[i] = row->tok[i]->value;
					d.printed_known[i] = row->tok[i]->kind == XXGK_TOK_NUM;
				}
				n = xxgk_infer_placements(place_cands, place_where, XXGK_INFER_MAX_CANDS, &d);
			}
			cands_n[r] = n;
			if (n <= 0) {
				status[r] = XXGK_INFER_NONE;
				memset(&res[r], 0, sizeof res[r]);
				continue;
			}
			xxgk_infer_cands(&res[r], &g, base[r], width, place_cands, n);
			status[r] = res[r].status;
			if (res[r].status != XXGK_INFER_RESOLVED)
				continue;
			pending[r] = false;
			progress = true;
			for (int col = 0; col < width; col++)
				if (res[r].known[col]) {
					g.state[base[r] + col] = XXGK_SV_KNOWN;
					g.val[base[r] + col] = res[r].val[col];
				}
			int ch = res[r].chosen;
			if (row->glued) {
				/* each cell from its digits: a group cut in several is inferred */
				int parts[XXGK_ROW_CAP] = { 0 };
				for (int col = 0; col < width; col++)
					parts[place_meta[ch][col].group]++;
				for (int col = 0; col < width; col++) {
					const split_part *m = &place_meta[ch][col];
					const xxgk_token *t = row->tok[m->group];
					char raw[64];
					size_t rl = m->len < sizeof raw - 1 ? m->len : sizeof raw - 1;
					if (parts[m->group] == 1)
						rl = t->len < sizeof raw - 1 ? t->len : sizeof raw - 1;
					memcpy(raw, t->text + m->off, rl);
					raw[rl] = '\0';
					xxgk__parse_note_oom(c, xxgk_cell_set(&cells[base[r] + col],
									parts[m->group] == 1 ? XXGK_KIND_NUMBER
											     : XXGK_KIND_INFERRED,
									true, res[r].val[col], t->src_line,
									t->column + m->off, raw));
					xxgk__parse_cell_origin(c, &cells[base[r] + col], t);
				}
				for (int gi = 0; gi < row->count; gi++) {
					if (parts[gi] < 2)
						continue;
					const xxgk_token *t = row->tok[gi];
					xxgk__parse_warn(c, "cells.inferred_split", t->line,
						   "%s“%s”行“%.*s”是 %d 栏数字连写在一起，%s",
						   table, row_name(r), (int)t->len, t->text, parts[gi],
						   n == 1 ? "只有一种拆分得到合法件数"
							  : "按本报告的勾稽关系只有一种拆分成立");
				}
				continue;
			}
			bool printed[XXGK_ROW_CAP] = { false };
			for (int i = 0; i < row->count; i++) {
				int col = place_where[ch][i];
				printed[col] = true;
				parse_cell_from_token(c, &cells[base[r] + col], row->tok[i]);
			}
			for (int col = 0; col < width; col++) {
				if (printed[col])
					continue;
				xxgk__parse_note_oom(c, xxgk_cell_set(&cells[base[r] + col], XXGK_KIND_INFERRED, true,
								res[r].val[col],
								xxgk_doc_src_line(&c->doc, row->label_line), 0, NULL));
				xxgk__parse_warn(c, "cells.inferred", row->label_line,
					   "%s“%s”行第 %d 栏未印出，按 %s 推得 %.15g", table,
					   row_name(r), col + 1, res[r].rule[col] ? res[r].rule[col] : "本行勾稽关系",
					   res[r].val[col]);
			}
		}
	}
	for (int r = 0; r < count; r++) {
		if (!pending[r])
			continue;
		const row_read *row = &rows[r];
		int width = widths[r];
		char printed[256];
		parse_row_text(printed, sizeof printed, row);
		const xxgk_infer_result *x = &res[r];
		bool keep_agreed = status[r] == XXGK_INFER_AMBIGUOUS && !row->glued;
		for (int col = 0; col < width; col++) {
			xxgk_cell *cell = &cells[base[r] + col];
			uint32_t line = xxgk_doc_src_line(&c->doc, row->label_line);
			if (row->glued && row->count > 0)
				line = row->tok[0]->src_line;
			if (keep_agreed && x->agree[col] && x->known[col])
				xxgk__parse_note_oom(c, xxgk_cell_set(cell, XXGK_KIND_INFERRED, true, x->val[col], line, 0,
								NULL));
			else
				xxgk__parse_note_oom(c, xxgk_cell_set(cell, XXGK_KIND_UNREADABLE, false, 0, line, 0,
								printed));
		}
		uint32_t wline = row->glued && row->count ? row->tok[0]->line : row->label_line;
		if (status[r] == XXGK_INFER_AMBIGUOUS || cands_n[r] < 0) {
			char cands[512];
			size_t n = 0;
			cands[0] = '\0';
			for (int k = 0; k < x->cand_count && k < XXGK_INFER_CANDIDATES && cands_n[r] > 0; k++) {
				n += (size_t)snprintf(cands + n, sizeof cands - n, "%s[", k ? " " : "");
				for (int col = 0; col < width && n < sizeof cands - 24; col++) {
					if (x->cand_known[k][col])
						n += (size_t)snprintf(cands + n, sizeof cands - n, "%s%.15g",
								      col ? " " : "", x->cand[k][col]);
					else
						n += (size_t)snprintf(cands + n, sizeof cands - n, "%s?", col ? " " : "");
				}
				if (n < sizeof cands - 2)
					n += (size_t)snprintf(cands + n, sizeof cands - n, "]");
			}
			if (cands_n[r] < 0)
				xxgk__parse_warn(c, "cells.ambiguous", wline,
					   "%s“%s”行印为“%s”：读法过多，不作推断",
					   table, row_name(r), printed);
			else
				xxgk__parse_warn(c, "cells.ambiguous", wline,
					   "%s“%s”行印为“%s”：有%s %d 种读法符合本报告的勾稽关系（%s%s），不作推断",
					   table, row_name(r), printed,
					   x->cand_count > XXGK_INFER_CANDIDATES ? "多于" : "",
					   x->cand_count > XXGK_INFER_CANDIDATES ? XXGK_INFER_CANDIDATES : x->cand_count,
					   cands, x->cand_count > XXGK_INFER_CANDIDATES ? " …" : "");
		} else {
			xxgk__parse_warn(c, "cells.unreadable", wline,
				   "%s“%s”行印为“%s”：本报告的勾稽关系无法确定%s",
				   table, row_name(r), printed,
				   row->glued ? "如何拆分" : "缺失数字的位置");
		}
	}
}

static const char *parse_t3_row_name(int row) { return xxgk_t3_row_label(row); }

static const char *const t4_block_name[1] = { "（复议、诉讼）" };
static const char *parse_t4_row_name(int row) { (void)row; return t4_block_name[0]; }

/*
 * A table's rules as equations over its grid (table 3: 25 × 7, table 4:
 * 3 × 5), from data/rules.conf — the statement the checker evaluates too.
 * Returns how many; 0 when the rule set cannot be had (then nothing is
 * inferred, which is safe).
 */
static int parse_rule_eqs(xxgk_eq *eqs, int cap, int template_kind, int table)
{
	const xxgk_rules *rs = NULL;
	xxgk_lin lins[XXGK_EQ_CAP];
	if (xxgk_rules_default(&rs) != XXGK_OK)
		return 0;
	int n = xxgk_rules_table_lins(rs, template_kind, table, lins, XXGK_EQ_CAP);
	if (n > cap)
		n = cap;
	for (int i = 0; i < n; i++) {
		xxgk_eq *e = &eqs[i];
		memset(e, 0, sizeof *e);
		e->rule = lins[i].rule;
		for (int k = 0; k < lins[i].term_count; k++) {
			if (lins[i].coef[k] > 0 && e->nl < XXGK_EQ_TERMS)
				e->lhs[e->nl++] = lins[i].cell[k];
			else if (lins[i].coef[k] < 0 && e->nr < XXGK_EQ_TERMS)
				e->rhs[e->nr++] = lins[i].cell[k];
		}
	}
	return n;
}

void xxgk__rows_table3(parse_ctx *c, const row_read *rows)
{
	xxgk_eq eqs[XXGK_EQ_CAP];
	int eq_count = parse_rule_eqs(eqs, XXGK_EQ_CAP, c->r->template_kind, XXGK_TABLE_3);
	bool absent_ok[XXGK_T3_ROWS] = { false };
	int widths[XXGK_T3_ROWS];
	for (int r = 0; r < XXGK_T3_ROWS; r++)
		widths[r] = XXGK_T3_COLS;
	if (c->r->template_kind == XXGK_TEMPLATE_2019) {
		absent_ok[XXGK_T3_OTHER_OVERDUE_CORRECTION] = true;
		absent_ok[XXGK_T3_OTHER_OVERDUE_FEE] = true;
	}
	parse_place_rows(c, rows, XXGK_T3_ROWS, widths, &c->r->applications[0][0],
			 eqs, eq_count, "表三", parse_t3_row_name, absent_ok);
}

void xxgk__rows_table4(parse_ctx *c, size_t begin, size_t end)
{
	xxgk_eq eqs[XXGK_EQ_CAP];
	int eq_count = parse_rule_eqs(eqs, XXGK_EQ_CAP, c->r->template_kind, XXGK_TABLE_4);
	row_read row;
	memset(&row, 0, sizeof row);
	const int width = XXGK_T4_GROUPS * XXGK_T4_COLS;
	bool label_since = false, interleaved = false;
	for (size_t i = begin; i < end; i++) {
		const xxgk_token *t = &c->doc.toks[i];
		if (t->kind == XXGK_TOK_LABEL) {
			label_since = row.found;
			continue;
		}
		/* headings printed between the figures of a group: the figures come
		 * in the order of text flows (pdftotext's default mode), not of columns */
		if (label_since && row.count % XXGK_T4_COLS != 0 && row.count < width && !row.glued)
			interleaved = true;
		label_since = false;
		if (!row.found) {
			row.found = true;
			row.label_line = t->line;
		}
		if (t->kind == XXGK_TOK_RUN)
			row.glued = true;
		if (row.count < width) {
			row.tok[row.count++] = t;
		} else {
			if (!row.extra)
				row.extra_line = t->line;
			row.extra++;
		}
	}
	if (row.glued)
		row.extra = 0;   /* groups, not cells: the split decides */
	if (interleaved) {
		char printed[256];
		parse_row_text(printed, sizeof printed, &row);
		for (int k = 0; k < width; k++)
			xxgk__parse_note_oom(c, xxgk_cell_set(&c->r->reviews[0][0] + k, XXGK_KIND_UNREADABLE, false, 0,
							      row.tok[0]->src_line, 0, printed));
		xxgk__parse_warn(c, "cells.unreadable", row.label_line,
				 "表四的数字与栏目名称交错印出（“%s”），无法确定各数字所在的栏", printed);
		return;
	}
	int widths[1] = { width };
	parse_place_rows(c, &row, 1, widths, &c->r->reviews[0][0], eqs, eq_count,
			 "表四", parse_t4_row_name, NULL);
}

static const char *parse_t2_row_name_2021(int row)
{
	static const char *const names[] = { "规章", "行政规范性文件", "行政许可", "行政处罚", "行政强制", "行政事业性收费" };
	return row >= 0 && row < 6 ? names[row] : "?";
}

static const char *parse_t2_row_name_2019(int row)
{
	static const char *const names[] = { "规章", "规范性文件", "行政许可", "其他对外管理服务事项",
					     "行政处罚", "行政强制", "行政事业性收费", "政府集中采购" };
	return row >= 0 && row < 8 ? names[row] : "?";
}

/* Table 2: rows of different widths and no rules within one report. */
void xxgk__rows_table2(parse_ctx *c, size_t begin, size_t end)
{
	bool y2019 = c->r->template_kind == XXGK_TEMPLATE_2019;
	const row_spec *specs = y2019 ? t2_specs_2019 : t2_specs_2021;
	int count = y2019 ? 8 : 6;
	row_read rows[8];
	int widths[8];
	if (begin >= end) {
		xxgk__parse_warn(c, "table.missing", 0, "未找到表二（主动公开政府信息情况）");
		return;
	}
	parse_read_rows(c, specs, count, begin, end, NULL, rows);
	bool any = false;
	for (int r = 0; r < count; r++) {
		widths[r] = specs[r].width;
		any |= rows[r].found;
	}
	if (!any) {
		xxgk__parse_warn(c, "table.missing", 0, "未找到表二（主动公开政府信息情况）");
		return;
	}
	parse_place_rows(c, rows, count, widths, c->r->active, NULL, 0, "表二",
			 y2019 ? parse_t2_row_name_2019 : parse_t2_row_name_2021, NULL);
}

int xxgk__rows_t3_eqs(xxgk_eq *eqs, int cap, int template_kind)
{
	return parse_rule_eqs(eqs, cap, template_kind, XXGK_TABLE_3);
}

bool xxgk__rows_t3_named(const char *text, int row)
{
	for (const char *const *key = t3_specs[row].keys; *key; key++)
		if (strstr(text, *key))
			return true;
	return false;
}

size_t xxgk__rows_read_t3(parse_ctx *c, size_t begin, size_t end, const bool *optional, row_read *rows)
{
	return parse_read_rows(c, t3_specs, XXGK_T3_ROWS, begin, end, optional, rows);
}
