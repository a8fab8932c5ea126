/*
 * parse.c — xxgk_parse_buffer(): one report's bytes to an xxgk_report.
 *
 * After normalisation (normalize.c) and tokenising (tokens.c) the report is
 * read in four steps:
 *   1. the six part headings 一…六 (a short line that starts with the numeral
 *      and names the part), found in order so that table 3's own "一、本年新收"
 *      and "四、结转下年度" rows are never taken for headings;
 *   2. table 2 and table 3 by their row labels, in template order: the labels
 *      accumulated since the last run of numbers name the row the next run
 *      belongs to; a label may be truncated, split over lines, mistyped or
 *      missing (then the run takes the next row in order, with a warning);
 *      columns come from position, as the template fixes them;
 *   3. table 4: its 15 numbers in order, in one row or three;
 *   4. the title, year, template and publication date.
 * Damaged rows (fewer numbers than the template) are completed only where the
 * report's own rules leave one possibility (infer.c); never guessed.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse_int.h"
#include "infer_int.h"
#include "convert_int.h"

/* Bytes of label text kept while looking for a row's keywords. */
#define PARSE_LABEL_CAP 4096
/* A heading line is short; longer lines are prose that merely starts "一、". */
#define PARSE_HEADING_MAX_CP 64

typedef struct {
	const char *const *keys;  /* NULL-terminated keyword list, any one matches */
	int width;                /* numbers in the row */
} row_spec;

typedef struct {
	bool found;
	bool label_missing;
	uint32_t label_line;               /* the row label's line, or the first value's */
	const xxgk_token *tok[XXGK_ROW_CAP];
	int count;                         /* values printed (≤ width) */
	int extra;                         /* values beyond the width, dropped */
	uint32_t extra_line;
	bool glued;                        /* holds run-together digits: tok[] are groups */
} row_read;

typedef struct {
	xxgk_report *r;
	xxgk_doc doc;
	const char *text;
	size_t len;
	xxgk_error *err;
	int oom;
	/* the last label parse_part_tok compacted: run-together text is one
	 * label of several KB, looked through for each part in each pass */
	const char *compact_src;
	size_t compact_src_len, compact_len;
	char compact[8192];
} parse_ctx;

#define K(...) ((const char *const[]){ __VA_ARGS__, NULL })

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

/* Part headings: a keyword that the numbered row labels of table 3 never carry. */
static const char *const part_numerals[6] = { "一", "二", "三", "四", "五", "六" };
static const char *const *const part_keys[6] = {
	K("总体情况", "概述"),
	K("主动公开"),
	K("收到和处理", "依申请", "申请情况"),
	K("行政复议", "行政诉讼"),
	K("问题", "改进"),
	K("其他需要报告", "其他事项", "需要报告"),
};

static void parse_note_oom(parse_ctx *c, int rc)
{
	if (rc == XXGK_ENOMEM)
		c->oom = 1;
}

/* ---------------------------------------------------------------- lines */

/* Visits each line: calls fn(ctx, line, len, lineno) until it returns true. */
typedef bool (*line_fn)(void *ctx, const char *line, size_t len, uint32_t lineno);

static void parse_each_line(const char *text, size_t len, line_fn fn, void *ctx)
{
	uint32_t lineno = 1;
	size_t i = 0;
	while (i <= len) {
		const char *nl = i < len ? memchr(text + i, '\n', len - i) : NULL;
		size_t e = nl ? (size_t)(nl - text) : len;
		if (fn(ctx, text + i, e - i, lineno))
			return;
		if (!nl)
			return;
		i = e + 1;
		lineno++;
	}
}

/* The line without spaces and Markdown marks, into out[cap] (cut at a
 * character boundary). Returns the length. */
static size_t parse_compact(char *out, size_t cap, const char *s, size_t n)
{
	size_t len = 0;
	for (size_t i = 0; i < n && len + 1 < cap; i++) {
		char c = s[i];
		if (c == ' ' || c == '\t' || c == '#' || c == '*' || c == '>' || c == '`' || c == '|')
			continue;
		out[len++] = c;
	}
	/* never end inside a character */
	size_t k = len;
	while (k > 0 && ((unsigned char)out[k - 1] & 0xC0) == 0x80)
		k--;
	if (k > 0) {
		unsigned char lead = (unsigned char)out[k - 1];
		size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
		if (len - (k - 1) < need)
			len = k - 1;
	}
	out[len] = '\0';
	return len;
}

/* ------------------------------------------------------------- headings */

struct heading_scan {
	uint32_t part_line[6];
	int next;  /* the part looked for next */
};

static bool parse_heading_line(void *ctx, const char *line, size_t len, uint32_t lineno)
{
	struct heading_scan *h = ctx;
	char buf[512];
	if (len > 400 || xxgk_utf8_count(line, len) > PARSE_HEADING_MAX_CP * 2)
		return false;
	size_t n = parse_compact(buf, sizeof buf, line, len);
	if (xxgk_utf8_count(buf, n) > PARSE_HEADING_MAX_CP)
		return false;
	for (int p = h->next; p < 6; p++) {
		size_t nl = strlen(part_numerals[p]);
		if (n <= nl || memcmp(buf, part_numerals[p], nl) != 0)
			continue;
		const char *rest = buf + nl;
		/* "一、", "一.", "一," and "一 " (already compacted away) */
		if (strncmp(rest, "、", 3) == 0)
			rest += 3;
		else if (*rest == '.' || *rest == ',')
			rest += 1;
		for (const char *const *k = part_keys[p]; *k; k++) {
			if (strstr(rest, *k)) {
				h->part_line[p] = lineno;
				h->next = p + 1;
				return false;
			}
		}
	}
	return false;
}

/* Index of the first token on or after `line`. */
static size_t parse_tok_at_line(const xxgk_doc *doc, uint32_t line)
{
	size_t lo = 0, hi = doc->tok_count;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (doc->toks[mid].line < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The first "、" in s[0..n), or NULL (memchr on its lead byte). */
static const char *parse_find_dun(const char *s, size_t n)
{
	const char *end = s + n;
	while (s + 3 <= end && (s = memchr(s, 0xE3, (size_t)(end - s) - 2)) != NULL) {
		if ((unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0x81)
			return s;
		s++;
	}
	return NULL;
}

/*
 * Whether the compacted text of s[0..n) holds numeral + "、": in the raw
 * text, the numeral then 、 with only characters parse_compact drops in
 * between (it drops ASCII only, so nothing else can bring them together).
 */
static bool parse_raw_has_heading(const char *s, size_t n, const char *numeral, size_t nl)
{
	for (const char *q = s; (q = parse_find_dun(q, n - (size_t)(q - s))) != NULL; q += 3) {
		const char *b = q;
		while (b > s && (b[-1] == ' ' || b[-1] == '\t' || b[-1] == '#' || b[-1] == '*' || b[-1] == '>' ||
				 b[-1] == '`' || b[-1] == '|'))
			b--;
		if ((size_t)(b - s) >= nl && memcmp(b - nl, numeral, nl) == 0)
			return true;
	}
	return false;
}

/* First label token in [begin, end) whose text holds `needle`; end if none. */
static size_t parse_find_label(const xxgk_doc *doc, size_t begin, size_t end, const char *needle)
{
	char buf[1024];
	for (size_t i = begin; i < end; i++) {
		const xxgk_token *t = &doc->toks[i];
		if (t->kind != XXGK_TOK_LABEL)
			continue;
		parse_compact(buf, sizeof buf, t->text, t->len);
		if (strstr(buf, needle))
			return i;
	}
	return end;
}

/*
 * The token where part `p`'s heading stands, at or after token `from`: the
 * first token of its line when the heading has a line of its own, else a
 * label holding "二、…主动公开…" (run-together text has no heading lines).
 * Returns tok_count when there is none.
 */
static size_t parse_part_tok(parse_ctx *c, const struct heading_scan *hs, int p, size_t from)
{
	const xxgk_doc *doc = &c->doc;
	if (hs->part_line[p]) {
		size_t t = parse_tok_at_line(doc, hs->part_line[p]);
		return t >= from ? t : doc->tok_count;
	}
	char *buf = c->compact;
	size_t nl = strlen(part_numerals[p]);
	for (size_t i = from; i < doc->tok_count; i++) {
		const xxgk_token *t = &doc->toks[i];
		if (t->kind != XXGK_TOK_LABEL || !parse_raw_has_heading(t->text, t->len, part_numerals[p], nl))
			continue;
		/* the same pointer and length are the same bytes while this
		 * document lives (the cache is dropped with it) */
		if (c->compact_src != t->text || c->compact_src_len != t->len) {
			c->compact_len = parse_compact(buf, sizeof c->compact, t->text, t->len);
			c->compact_src = t->text;
			c->compact_src_len = t->len;
		}
		size_t n = c->compact_len;
		for (const char *q = buf; (q = parse_find_dun(q, n - (size_t)(q - buf))) != NULL; q += 3) {
			size_t k = (size_t)(q - buf);
			if (k < nl || memcmp(q - nl, part_numerals[p], nl) != 0)
				continue;
			k -= nl;
			char window[64];
			size_t w = n - (k + nl + 3) < sizeof window - 1 ? n - (k + nl + 3) : sizeof window - 1;
			memcpy(window, buf + k + nl + 3, w);
			window[w] = '\0';
			for (const char *const *key = part_keys[p]; *key; key++)
				if (strstr(window, *key))
					return i;
		}
	}
	return doc->tok_count;
}

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
	parse_note_oom(c, xxgk_cell_set(cell, kind, t->kind == XXGK_TOK_NUM, t->value,
					t->src_line, t->column, raw));
}

static void parse_warn(parse_ctx *c, const char *code, uint32_t line, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;

static void parse_warn(parse_ctx *c, const char *code, uint32_t line, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	parse_note_oom(c, xxgk_report_warn(c->r, code, xxgk_doc_src_line(&c->doc, line), "%s", msg));
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
				parse_warn(c, "cells.missing", at, "%s未印出“%s”行", table, row_name(r));
			else
				parse_warn(c, "cells.missing", at, "%s未印出“%s”至“%s”各行", table,
					   row_name(r), row_name(last));
			continue;
		}
		if (row->label_missing)
			parse_warn(c, "label.missing", row->label_line,
				   "%s“%s”行未印行名，按行序认定", table, row_name(r));
		if (row->extra)
			parse_warn(c, "cells.extra", row->extra_line,
				   "%s“%s”行印有 %d 个数字，模板为 %d 个，取前 %d 个",
				   table, row_name(r), row->count + row->extra, width, width);
		if (row->glued) {
			pending[r] = true;
			continue;
		}
		if (row->count < width) {
			pending[r] = true;
			parse_warn(c, "cells.missing", row->label_line,
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
					parse_note_oom(c, xxgk_cell_set(&cells[base[r] + col],
									parts[m->group] == 1 ? XXGK_KIND_NUMBER
											     : XXGK_KIND_INFERRED,
									true, res[r].val[col], t->src_line,
									t->column + m->off, raw));
				}
				for (int gi = 0; gi < row->count; gi++) {
					if (parts[gi] < 2)
						continue;
					const xxgk_token *t = row->tok[gi];
					parse_warn(c, "cells.inferred_split", t->line,
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
				parse_note_oom(c, xxgk_cell_set(&cells[base[r] + col], XXGK_KIND_INFERRED, true,
								res[r].val[col],
								xxgk_doc_src_line(&c->doc, row->label_line), 0, NULL));
				parse_warn(c, "cells.inferred", row->label_line,
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
				parse_note_oom(c, xxgk_cell_set(cell, XXGK_KIND_INFERRED, true, x->val[col], line, 0,
								NULL));
			else
				parse_note_oom(c, xxgk_cell_set(cell, XXGK_KIND_UNREADABLE, false, 0, line, 0,
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
				parse_warn(c, "cells.ambiguous", wline,
					   "%s“%s”行印为“%s”：读法过多，不作推断",
					   table, row_name(r), printed);
			else
				parse_warn(c, "cells.ambiguous", wline,
					   "%s“%s”行印为“%s”：有%s %d 种读法符合本报告的勾稽关系（%s%s），不作推断",
					   table, row_name(r), printed,
					   x->cand_count > XXGK_INFER_CANDIDATES ? "多于" : "",
					   x->cand_count > XXGK_INFER_CANDIDATES ? XXGK_INFER_CANDIDATES : x->cand_count,
					   cands, x->cand_count > XXGK_INFER_CANDIDATES ? " …" : "");
		} else {
			parse_warn(c, "cells.unreadable", wline,
				   "%s“%s”行印为“%s”：本报告的勾稽关系无法确定%s",
				   table, row_name(r), printed,
				   row->glued ? "如何拆分" : "缺失数字的位置");
		}
	}
}

static const char *parse_t3_row_name(int row) { return xxgk_t3_row_label(row); }

static const char *const t4_block_name[1] = { "（复议、诉讼）" };
static const char *parse_t4_row_name(int row) { (void)row; return t4_block_name[0]; }

/* Table 3's rules as equations over its 25 × 7 grid. */
static int parse_t3_eqs(xxgk_eq *eqs)
{
	int n = 0;
	for (int r = 0; r < XXGK_T3_ROWS; r++) {
		xxgk_eq *e = &eqs[n++];
		memset(e, 0, sizeof *e);
		e->rule = "t3.row_sum";
		e->lhs[e->nl++] = (int16_t)(r * 7 + XXGK_T3_TOTAL);
		for (int col = 0; col < XXGK_T3_TOTAL; col++)
			e->rhs[e->nr++] = (int16_t)(r * 7 + col);
	}
	for (int col = 0; col < XXGK_T3_COLS; col++) {
		xxgk_eq *e = &eqs[n++];
		memset(e, 0, sizeof *e);
		e->rule = "t3.balance";
		e->lhs[e->nl++] = (int16_t)(XXGK_T3_NEW_RECEIVED * 7 + col);
		e->lhs[e->nl++] = (int16_t)(XXGK_T3_CARRIED_OVER * 7 + col);
		e->rhs[e->nr++] = (int16_t)(XXGK_T3_TOTAL_PROCESSED * 7 + col);
		e->rhs[e->nr++] = (int16_t)(XXGK_T3_CARRIED_FORWARD * 7 + col);
		e = &eqs[n++];
		memset(e, 0, sizeof *e);
		e->rule = "t3.results_sum";
		e->lhs[e->nl++] = (int16_t)(XXGK_T3_TOTAL_PROCESSED * 7 + col);
		for (int r = XXGK_T3_FIRST_RESULT; r <= XXGK_T3_LAST_RESULT; r++)
			e->rhs[e->nr++] = (int16_t)(r * 7 + col);
	}
	return n;
}

static void parse_table3(parse_ctx *c, const row_read *rows)
{
	xxgk_eq eqs[XXGK_T3_ROWS + 2 * XXGK_T3_COLS];
	int eq_count = parse_t3_eqs(eqs);
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

static void parse_table4(parse_ctx *c, size_t begin, size_t end)
{
	xxgk_eq eqs[XXGK_T4_GROUPS];
	for (int g = 0; g < XXGK_T4_GROUPS; g++) {
		xxgk_eq *e = &eqs[g];
		memset(e, 0, sizeof *e);
		e->rule = "t4.sum";
		e->lhs[e->nl++] = (int16_t)(g * 5 + XXGK_T4_TOTAL);
		for (int col = 0; col < XXGK_T4_TOTAL; col++)
			e->rhs[e->nr++] = (int16_t)(g * 5 + col);
	}
	row_read row;
	memset(&row, 0, sizeof row);
	const int width = XXGK_T4_GROUPS * XXGK_T4_COLS;
	for (size_t i = begin; i < end; i++) {
		const xxgk_token *t = &c->doc.toks[i];
		if (t->kind == XXGK_TOK_LABEL)
			continue;
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
	int widths[1] = { width };
	parse_place_rows(c, &row, 1, widths, &c->r->reviews[0][0], eqs, XXGK_T4_GROUPS,
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
static void parse_table2(parse_ctx *c, size_t begin, size_t end)
{
	bool y2019 = c->r->template_kind == XXGK_TEMPLATE_2019;
	const row_spec *specs = y2019 ? t2_specs_2019 : t2_specs_2021;
	int count = y2019 ? 8 : 6;
	row_read rows[8];
	int widths[8];
	if (begin >= end) {
		parse_warn(c, "table.missing", 0, "未找到表二（主动公开政府信息情况）");
		return;
	}
	parse_read_rows(c, specs, count, begin, end, NULL, rows);
	bool any = false;
	for (int r = 0; r < count; r++) {
		widths[r] = specs[r].width;
		any |= rows[r].found;
	}
	if (!any) {
		parse_warn(c, "table.missing", 0, "未找到表二（主动公开政府信息情况）");
		return;
	}
	parse_place_rows(c, rows, count, widths, c->r->active, NULL, 0, "表二",
			 y2019 ? parse_t2_row_name_2019 : parse_t2_row_name_2021, NULL);
}

/* ------------------------------------------------------------- metadata */

struct title_scan {
	int year;
	uint32_t line;
	char name[256];
	char prev[2][128];  /* the last two short lines, for a name printed above the title */
	char published[11];
	uint32_t last_line;  /* scan no further */
};

/* Copies s into out[cap] whole or cut at a character boundary. */
static void parse_copy(char *out, size_t cap, const char *s)
{
	size_t n = strlen(s);
	if (n >= cap) {
		n = cap - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(out, s, n);
	out[n] = '\0';
}

/* Parses up to 4 digits of a year at s; returns the year or 0. */
static int parse_year_at(const char *s, size_t n)
{
	if (n < 4)
		return 0;
	int y = 0;
	for (int i = 0; i < 4; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		y = y * 10 + (s[i] - '0');
	}
	return (y >= 1990 && y <= 2100) ? y : 0;
}

static const char *const name_prefixes[] = {
	"特向社会公布", "现向社会公布", "向社会公布", "现予公布", "现将", "公布", "关于", "发布", "编制", NULL
};

/* The last clause of s (after the last punctuation), without verb prefixes. */
static void parse_name_clause(char *out, size_t cap, const char *s, size_t n)
{
	static const char *const stops[] = { ",", "。", ";", ":", "、", "《", "》", "“", "”", "\"",
					     "(", ")", "〈", "〉", "【", "】", "[", "]", "!", "?", NULL };
	size_t start = 0;
	for (size_t i = 0; i < n; i++)
		for (const char *const *st = stops; *st; st++) {
			size_t l = strlen(*st);
			if (i + l <= n && memcmp(s + i, *st, l) == 0)
				start = i + l;
		}
	const char *p = s + start;
	size_t len = n - start;
	for (const char *const *pre = name_prefixes; *pre; pre++) {
		size_t l = strlen(*pre);
		if (len >= l && memcmp(p, *pre, l) == 0) {
			p += l;
			len -= l;
			break;
		}
	}
	if (len >= cap) {
		len = cap - 1;
		while (len > 0 && ((unsigned char)p[len] & 0xC0) == 0x80)
			len--;
	}
	memcpy(out, p, len);
	out[len] = '\0';
}

/* Skips "2024年度" / "2024年" at s; returns bytes consumed (0 if none). */
static size_t parse_skip_year(const char *s, size_t n, int *year)
{
	*year = parse_year_at(s, n);
	if (!*year)
		return 0;
	size_t i = 4;
	if (i + 3 <= n && memcmp(s + i, "年", 3) == 0) {
		i += 3;
		if (i + 3 <= n && memcmp(s + i, "度", 3) == 0)
			i += 3;
		return i;
	}
	return 0;
}

static bool parse_title_line(void *ctx, const char *line, size_t len, uint32_t lineno)
{
	struct title_scan *ts = ctx;
	char buf[1024];
	/* the title and the publication date stand before the tables */
	if (lineno > ts->last_line)
		return true;
	if (len > 3000)
		return false;
	size_t n = parse_compact(buf, sizeof buf, line, len);
	/* publication date */
	if (!ts->published[0]) {
		const char *p = strstr(buf, "发布日期");
		if (!p)
			p = strstr(buf, "发布时间");
		if (p) {
			p += strlen("发布日期");
			while (*p == ':')
				p++;
			int y = parse_year_at(p, strlen(p));
			if (y) {
				const char *q = p + 4;
				int m = 0, d = 0;
				if (*q == '-' || *q == '/' || *q == '.')
					q++;
				else if (strncmp(q, "年", 3) == 0)
					q += 3;
				for (int k = 0; k < 2 && *q >= '0' && *q <= '9'; k++)
					m = m * 10 + (*q++ - '0');
				if (*q == '-' || *q == '/' || *q == '.')
					q++;
				else if (strncmp(q, "月", 3) == 0)
					q += 3;
				/* two digits at most: a time may follow with no space ("2022-02-0816:34") */
				for (int k = 0; k < 2 && *q >= '0' && *q <= '9'; k++)
					d = d * 10 + (*q++ - '0');
				if (m >= 1 && m <= 12 && d >= 1 && d <= 31)
					snprintf(ts->published, sizeof ts->published, "%04d-%02d-%02d", y, m, d);
			}
		}
	}
	if (ts->year)
		return ts->published[0] != '\0';
	/* the title: "…YYYY年(度)…政府信息公开(工作)年度报告", outside 《》 */
	static const char *const tails[] = { "政府信息公开工作年度报告", "政府信息公开年度报告",
					     "信息公开工作年度报告", NULL };
	for (const char *const *tail = tails; *tail && !ts->year; tail++) {
		const char *search = buf;
		const char *hit;
		while ((hit = strstr(search, *tail)) != NULL) {
			size_t off = (size_t)(hit - buf);
			/* inside a cited title? count 《 before and 》 before */
			int depth = 0;
			for (size_t i = 0; i + 3 <= off; i++) {
				if (memcmp(buf + i, "《", 3) == 0 || memcmp(buf + i, "〈", 3) == 0)
					depth++;
				else if (memcmp(buf + i, "》", 3) == 0 || memcmp(buf + i, "〉", 3) == 0)
					depth--;
			}
			search = hit + strlen(*tail);
			if (depth > 0)
				continue;
			/* the year: the last "YYYY年" before the tail */
			int year = 0;
			size_t ys = 0, ye = 0;
			for (size_t i = 0; i + 4 <= off; i++) {
				int y;
				size_t l = parse_skip_year(buf + i, off - i, &y);
				if (l) {
					year = y;
					ys = i;
					ye = i + l;
				}
			}
			if (!year)
				continue;
			ts->year = year;
			ts->line = lineno;
			/* the name: before the year, else between year and tail */
			parse_name_clause(ts->name, sizeof ts->name, buf, ys);
			if (!ts->name[0])
				parse_name_clause(ts->name, sizeof ts->name, buf + ye, off - ye);
			if (!ts->name[0]) {
				for (int k = 0; k < 2 && !ts->name[0]; k++)
					if (ts->prev[k][0])
						parse_copy(ts->name, sizeof ts->name, ts->prev[k]);
			}
			break;
		}
	}
	if (!ts->year && n > 0 && n < sizeof ts->prev[0]) {
		bool digits = false;
		for (size_t i = 0; i < n; i++)
			if (buf[i] >= '0' && buf[i] <= '9')
				digits = true;
		if (!digits && xxgk_utf8_count(buf, n) <= 30) {
			memcpy(ts->prev[1], ts->prev[0], sizeof ts->prev[0]);
			parse_copy(ts->prev[0], sizeof ts->prev[0], buf);
		}
	}
	(void)n;
	return ts->year && ts->published[0];
}

/* Which template table 2 follows, from its column headings. */
static int parse_detect_template(parse_ctx *c, size_t begin, size_t end)
{
	static const char *const marks_2019[] = { "新制作", "新公开", "对外公开总数", "上一年项目数量",
						  "集中采购", "对外管理服务", NULL };
	static const char *const marks_2021[] = { "制发件数", "现行有效", "废止件数", "本年收费金额",
						  "处理决定数量", NULL };
	int s2019 = 0, s2021 = 0;
	char buf[1024];
	for (size_t i = begin; i < end; i++) {
		const xxgk_token *t = &c->doc.toks[i];
		if (t->kind != XXGK_TOK_LABEL)
			continue;
		parse_compact(buf, sizeof buf, t->text, t->len);
		for (const char *const *m = marks_2019; *m; m++)
			if (strstr(buf, *m))
				s2019++;
		for (const char *const *m = marks_2021; *m; m++)
			if (strstr(buf, *m))
				s2021++;
	}
	/* 处理决定数量 is in both; the 2019-only headings decide */
	if (s2019 >= 2)
		return XXGK_TEMPLATE_2019;
	if (s2021 > 0)
		return XXGK_TEMPLATE_2021;
	if (c->r->year >= 2019 && c->r->year <= 2020)
		return XXGK_TEMPLATE_2019;
	return XXGK_TEMPLATE_UNKNOWN;
}

/* Does text[0..len) contain `needle`? (The caller's buffer has no NUL.) */
static bool parse_contains(const char *text, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	if (n == 0 || n > len)
		return n == 0;
	for (const char *p = text, *end = text + len - n + 1; p < end; p++) {
		p = memchr(p, needle[0], (size_t)(end - p));
		if (!p)
			return false;
		if (memcmp(p, needle, n) == 0)
			return true;
	}
	return false;
}

static int parse_detect_format(const char *text, size_t len)
{
	size_t i = 0;
	while (i < len && (text[i] == ' ' || text[i] == '\n' || text[i] == '\t'))
		i++;
	if (i < len && text[i] == '<') {
		const char *tags[] = { "<table", "<TABLE", "<html", "<HTML", "<body", "<div", "<p", NULL };
		for (const char **t = tags; *t; t++)
			if (parse_contains(text, len, *t))
				return XXGK_FORMAT_HTML;
	}
	size_t pipes = 0;
	const char *p = text;
	const char *end = text + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		const char *q = p;
		while (q < e && *q == ' ')
			q++;
		if (q + 1 < e && *q == '#' && (q[1] == ' ' || q[1] == '#'))
			return XXGK_FORMAT_MARKDOWN;
		size_t bars = 0;
		for (const char *k = p; k < e; k++)
			bars += *k == '|';
		if (bars >= 2 && ++pipes >= 3)
			return XXGK_FORMAT_MARKDOWN;
		p = e + 1;
	}
	return XXGK_FORMAT_TEXT;
}

/* Places the body in its region: the title's name, and the head and foot of
 * the page for a "<county>人民政府" that settles a shared name. */
static void parse_place(parse_ctx *c, const xxgk_gazetteer *g)
{
	/* bytes of the page searched at its head and at its foot */
	enum { HEAD = 4096, FOOT = 2048 };
	char ctx[HEAD + FOOT + 2];
	size_t n = 0;
	size_t head = c->len < HEAD ? c->len : HEAD;
	while (head > 0 && head < c->len && ((unsigned char)c->text[head] & 0xC0) == 0x80)
		head--;
	memcpy(ctx, c->text, head);
	n = head;
	if (c->len > head) {
		size_t foot = c->len - head < FOOT ? c->len - head : FOOT;
		size_t from = c->len - foot;
		while (from < c->len && ((unsigned char)c->text[from] & 0xC0) == 0x80)
			from++;
		ctx[n++] = '\n';
		memcpy(ctx + n, c->text + from, c->len - from);
		n += c->len - from;
	}
	xxgk_placement p;
	parse_note_oom(c, xxgk_region_place(&p, g, c->r->agency_name, ctx, n));
	parse_note_oom(c, xxgk_region_apply(c->r, g, &p));
}

/* ---------------------------------------------------------------- entry */

static int parse_text_buffer(xxgk_report **out, const char *buf, size_t len,
			     const xxgk_parse_options *opts, xxgk_error *err);

/* PDF: "%PDF-" within the first KiB (some writers put junk before it). */
static bool parse_is_pdf(const char *buf, size_t len)
{
	size_t n = len < 1024 ? len : 1024;
	for (size_t i = 0; i + 5 <= n; i++)
		if (buf[i] == '%' && memcmp(buf + i, "%PDF-", 5) == 0)
			return true;
	return false;
}

/*
 * PDF and DOCX are converted first (convert_int.h) and the result parsed as
 * text or HTML; the report keeps the original's format and content hash, so
 * the store's idempotence is on the bytes the user has. Provenance lines are
 * lines of the converted text (docs/pdf.md).
 */
int xxgk_parse_buffer(xxgk_report **out, const char *buf, size_t len,
		      const xxgk_parse_options *opts, xxgk_error *err)
{
	int hint = opts ? opts->format_hint : -1;
	const char *legacy = xxgk_legacy_office_message((const unsigned char *)buf, len);
	int kind = -1;
	if (hint == XXGK_FORMAT_PDF || (hint < 0 && parse_is_pdf(buf, len)))
		kind = XXGK_FORMAT_PDF;
	else if (hint == XXGK_FORMAT_DOCX || (hint < 0 && len >= 4 && memcmp(buf, "PK\x03\x04", 4) == 0))
		kind = XXGK_FORMAT_DOCX;
	if (kind < 0 && legacy && hint < 0) {
		*out = NULL;
		xxgk_error_clear(err);
		return xxgk_error_set(err, XXGK_EPARSE, 0, 0, "%s", legacy);
	}
	if (kind < 0)
		return parse_text_buffer(out, buf, len, opts, err);

	*out = NULL;
	xxgk_error_clear(err);
	char *conv = NULL;
	size_t conv_len = 0;
	int rc = kind == XXGK_FORMAT_PDF ? xxgk_pdf_to_text(&conv, &conv_len, buf, len, err)
					 : xxgk_docx_to_html(&conv, &conv_len, buf, len, err);
	if (rc != XXGK_OK)
		return rc;
	xxgk_parse_options o = { 0 };
	if (opts)
		o = *opts;
	o.format_hint = kind == XXGK_FORMAT_PDF ? XXGK_FORMAT_TEXT : XXGK_FORMAT_HTML;
	rc = parse_text_buffer(out, conv, conv_len, &o, err);
	free(conv);
	if (rc == XXGK_OK) {
		(*out)->format = (uint8_t)kind;
		xxgk_sha256_hex((*out)->sha256, buf, len);
	}
	return rc;
}

static int parse_text_buffer(xxgk_report **out, const char *buf, size_t len,
			     const xxgk_parse_options *opts, xxgk_error *err)
{
	xxgk_text text = { 0 };
	parse_ctx c;
	int rc;
	memset(&c, 0, sizeof c);
	*out = NULL;
	xxgk_error_clear(err);
	c.err = err;

	int format = opts && opts->format_hint >= 0 ? opts->format_hint : -1;
	if (format < 0) {
		/* detection on the raw bytes is enough for the markers it looks at */
		format = parse_detect_format(buf, len < 65536 ? len : 65536);
	}
	rc = xxgk_normalize(&text, buf, len, format, err);
	if (rc != XXGK_OK)
		goto done;
	rc = xxgk_report_new(&c.r);
	if (rc != XXGK_OK)
		goto done;
	c.text = text.text;
	c.len = text.len;
	c.r->format = (uint8_t)format;
	c.r->encoding = (uint8_t)text.encoding;
	c.r->script = (uint8_t)text.script;
	xxgk_sha256_hex(c.r->sha256, buf, len);
	if (opts && opts->name)
		parse_note_oom(&c, xxgk_report_set_string(&c.r->source_name, opts->name));

	if (format == XXGK_FORMAT_HTML) {
		rc = xxgk_html_tokenize(&c.doc, text.text, text.len, err);
		if (rc != XXGK_OK)
			goto done;
		c.text = c.doc.text;
		c.len = c.doc.len;
	} else {
		rc = xxgk_doc_tokenize(&c.doc, text.text, text.len);
		if (rc != XXGK_OK)
			goto done;
	}

	/* 1. headings */
	struct heading_scan hs;
	memset(&hs, 0, sizeof hs);
	parse_each_line(c.text, c.len, parse_heading_line, &hs);
	for (int p = 0; p < 6; p++)
		c.r->part_line[p] = xxgk_doc_src_line(&c.doc, hs.part_line[p]);

	/* metadata first: the template decision may need the year */
	struct title_scan ts;
	memset(&ts, 0, sizeof ts);
	ts.last_line = hs.part_line[1] ? hs.part_line[1] : hs.part_line[2] ? hs.part_line[2] : 400;
	parse_each_line(c.text, c.len, parse_title_line, &ts);
	c.r->year = ts.year;
	if (ts.name[0])
		parse_note_oom(&c, xxgk_report_set_string(&c.r->agency_name, ts.name));
	memcpy(c.r->published, ts.published, sizeof ts.published);

	/* 2. regions, template and table 3; text whose digits run into its
	 * labels gives no table 3 the first time and is read again, glued */
	size_t ntok = 0, t2_begin = 0, t3_begin = 0, t4_begin = 0, t4_end = 0, t3_stop = 0;
	row_read t3[XXGK_T3_ROWS];
	int found = 0, last_found = -1;
	int template_kind = XXGK_TEMPLATE_UNKNOWN;
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1) {
			if (format == XXGK_FORMAT_HTML)
				break;
			xxgk_doc_free(&c.doc);
			c.compact_src = NULL;  /* the old tokens' memory may be reused */
			rc = xxgk_doc_tokenize_glued(&c.doc, text.text, text.len);
			if (rc != XXGK_OK)
				goto done;
		}
		ntok = c.doc.tok_count;
		size_t p2 = parse_part_tok(&c, &hs, 1, 0);
		size_t p3 = parse_part_tok(&c, &hs, 2, p2 < ntok ? p2 : 0);
		t3_begin = p3;
		if (t3_begin == ntok) {
			size_t k = parse_find_label(&c.doc, 0, ntok, "本年新收");
			size_t g = parse_find_label(&c.doc, 0, k, "申请人情况");
			t3_begin = g < k ? g : k;
		}
		t2_begin = p2;
		if (t2_begin >= t3_begin)
			t2_begin = parse_find_label(&c.doc, 0, t3_begin, "第二十条");
		t4_begin = parse_part_tok(&c, &hs, 3, t3_begin < ntok ? t3_begin : 0);
		if (t4_begin < t3_begin)
			t4_begin = ntok;
		t4_end = parse_part_tok(&c, &hs, 4, t4_begin < ntok ? t4_begin : 0);
		if (t4_end == ntok)
			t4_end = parse_part_tok(&c, &hs, 5, t4_begin < ntok ? t4_begin : 0);

		template_kind = parse_detect_template(&c, t2_begin < t3_begin ? t2_begin : t3_begin, t3_begin);
		c.r->template_kind = (uint8_t)(template_kind == XXGK_TEMPLATE_UNKNOWN ? XXGK_TEMPLATE_2021
										    : template_kind);
		size_t t3_end = t4_begin < ntok ? t4_begin : ntok;
		bool t3_optional[XXGK_T3_ROWS] = { false };
		if (c.r->template_kind == XXGK_TEMPLATE_2019)
			t3_optional[XXGK_T3_OTHER_OVERDUE_CORRECTION] = t3_optional[XXGK_T3_OTHER_OVERDUE_FEE] = true;
		t3_stop = parse_read_rows(&c, t3_specs, XXGK_T3_ROWS, t3_begin, t3_end, t3_optional, t3);
		found = 0;
		last_found = -1;
		for (int r = 0; r < XXGK_T3_ROWS; r++)
			if (t3[r].found) {
				found++;
				last_found = r;
			}
		if (found > 0)
			break;
	}
	/* headings found inside run-together text have no line of their own */
	for (int p = 0; p < 6; p++) {
		if (c.r->part_line[p])
			continue;
		size_t t = parse_part_tok(&c, &hs, p, 0);
		if (t < ntok)
			c.r->part_line[p] = c.doc.toks[t].src_line;
	}
	if (template_kind == XXGK_TEMPLATE_UNKNOWN)
		parse_warn(&c, "template.unknown", 0,
			   "表二栏目名称不属于任何一版模板，按2021年版读取");
	if (found == 0) {
		rc = xxgk_error_set(err, XXGK_EPARSE, xxgk_doc_src_line(&c.doc, hs.part_line[2]), 0,
				    "no table 3 (收到和处理政府信息公开申请情况: no 本年新收… row with numbers); "
				    "not an annual report, or its tables are images");
		goto done;
	}
	if (!t3[XXGK_T3_TOTAL_PROCESSED].found && !t3[XXGK_T3_CARRIED_FORWARD].found &&
	    t4_begin >= ntok && t4_end >= ntok && t3_stop >= ntok) {
		rc = xxgk_error_set(err, XXGK_EPARSE, xxgk_doc_src_line(&c.doc, t3[last_found].label_line), 0,
				    "the text ends inside table 3 (last row read: %s); the report is cut off",
				    xxgk_t3_row_label(last_found));
		goto done;
	}
	if (t4_begin >= ntok)
		t4_begin = t3_stop;
	if (t4_end < t4_begin)
		t4_end = ntok;

	parse_table2(&c, t2_begin, t3_begin);
	parse_table3(&c, t3);
	parse_table4(&c, t4_begin, t4_end);
	size_t p6 = parse_part_tok(&c, &hs, 5, t4_begin < ntok ? t4_begin : 0);
	/* the prose before table 2, and the label that holds its heading (run-together
	 * text keeps narrative and heading in one label) */
	size_t prose_end = (t2_begin < t3_begin ? t2_begin : t3_begin) + 1;
	parse_note_oom(&c, xxgk_narrative_scan(c.r, &c.doc, 0, prose_end < ntok ? prose_end : ntok, p6, ntok));

	if (!c.r->year)
		parse_warn(&c, "year.unknown", 0, "标题中未找到报告年度（如“YYYY年政府信息公开工作年度报告”）");
	if (opts && opts->gazetteer)
		parse_place(&c, opts->gazetteer);
	if (c.oom) {
		rc = xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
		goto done;
	}
	*out = c.r;
	c.r = NULL;
	rc = XXGK_OK;
done:
	xxgk_doc_free(&c.doc);
	xxgk_report_free(c.r);
	free(text.text);
	return rc;
}
