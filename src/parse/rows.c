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
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
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
	const char *const *nots;  /* phrases in which a keyword names something else, or NULL */
	const char *const *keys_2019;  /* keywords only the 2019 template's row has, or NULL */
	const char *const *heads;  /* family heads over other rows that hold a keyword, or NULL */
} row_spec;

static const row_spec t3_specs[XXGK_T3_ROWS] = {
	{ .keys = K("本年新收", "新收政府信息公开申请"), .width = 7 },
	{ .keys = K("上年结转"), .width = 7 },
	{ .keys = K("予以公开"), .width = 7 },
	{ .keys = K("部分公开"), .width = 7 },
	{ .keys = K("国家秘密"), .width = 7 },
	{ .keys = K("法律行政法规", "禁止公开", "其他法律"), .width = 7 },
	{ .keys = K("三安全", "一稳定"), .width = 7 },
	{ .keys = K("第三方"), .width = 7 },
	{ .keys = K("内部事务"), .width = 7 },
	{ .keys = K("过程性"), .width = 7 },
	{ .keys = K("执法案卷"), .width = 7 },
	{ .keys = K("行政查询", "查询事项"), .width = 7 },
	{ .keys = K("不掌握"), .width = 7 },
	{ .keys = K("另行制作", "没有现成"), .width = 7 },
	{ .keys = K("仍不明确", "补正后"), .width = 7 },
	{ .keys = K("信访", "举报投诉"), .width = 7 },
	{ .keys = K("重复申请"), .width = 7 },
	{ .keys = K("出版物"), .width = 7 },
	{ .keys = K("大量反复", "大量重复"), .width = 7 },
	{ .keys = K("确认或重新", "重新出具", "已获取信息"), .width = 7 },
	{ .keys = K("不补正", "逾期不"), .width = 7 },
	{ .keys = K("收费通知", "缴纳费用", "缴纳"), .width = 7 },
	/* 3.其他 — not the family head （六）其他处理 of the 2021 template, whole or
	 * broken (the 2019 template, and a 2021 table that prints no rows under
	 * it, print that head as the row), nor a header's 其他结果 / 其他组织 */
	{ .keys = K("其他"), .width = 7, .nots = K("其他法律", "其他结果", "其他组织", "其他对外", "其他需要", "其他情形"),
	  .keys_2019 = K("其他处理"), .heads = K("(六)其他处理", "（六）其他处理") },
	{ .keys = K("总计", "合计"), .width = 7 },
	{ .keys = K("结转下年", "继续办理"), .width = 7 },
};

static const row_spec t2_specs_2021[] = {
	{ .keys = K("规章"), .width = 3 },
	{ .keys = K("规范性文件"), .width = 3 },
	{ .keys = K("行政许可"), .width = 1 },
	{ .keys = K("行政处罚"), .width = 1 },
	{ .keys = K("行政强制"), .width = 1 },
	{ .keys = K("事业性收费", "收费"), .width = 1 },
};

static const row_spec t2_specs_2019[] = {
	{ .keys = K("规章"), .width = 3 },
	{ .keys = K("规范性文件"), .width = 3 },
	{ .keys = K("行政许可"), .width = 3 },
	{ .keys = K("对外管理服务"), .width = 3 },
	{ .keys = K("行政处罚"), .width = 3 },
	{ .keys = K("行政强制"), .width = 3 },
	{ .keys = K("事业性收费", "收费"), .width = 2 },
	{ .keys = K("集中采购", "采购"), .width = 2 },
};

/* ----------------------------------------------------------------- gaps */

/* Tokens of one run of values read at a time: a row, or rows whose labels are lost. */
#define RUN_CAP 64
/* Empty lines counted around one row; more is a page break, not cells. */
#define GAP_SLOTS_CAP 31

static bool tok_is_value(const xxgk_token *t) { return t->kind != XXGK_TOK_LABEL; }

/*
 * The empty lines strictly between lines `from` and `to` that stand for a
 * cell: every empty or spaces-only line, except, in double-spaced text, the
 * empty line that follows each line. Stores up to `cap` line numbers in
 * order and returns how many there are (more than `cap` when there are).
 */
static int gap_slots(const xxgk_doc *doc, uint32_t from, uint32_t to, bool dbl, uint32_t *out, int cap)
{
	int n = 0;
	bool sep = dbl;   /* the empty line after `from` is its separator */
	for (uint32_t l = from + 1; l < to; l++) {
		int k = xxgk_doc_line_kind(doc, l);
		if (k != XXGK_LINE_EMPTY && k != XXGK_LINE_SPACE) {
			sep = dbl;
			continue;
		}
		if (k == XXGK_LINE_EMPTY && sep) {
			sep = false;
			continue;
		}
		if (n < cap)
			out[n] = l;
		n++;
		sep = dbl;
	}
	return n;
}

/* The line a run of values ends at: the next token's, or past the text. */
static uint32_t gap_next_line(const parse_ctx *c, size_t j)
{
	return j < c->doc.tok_count ? c->doc.toks[j].line : c->doc.line_count + 1;
}

/* Does every value token of [begin, end) stand alone on its line? */
static bool gap_one_per_line(const parse_ctx *c, size_t begin, size_t end)
{
	if (!c->doc.line_kind)
		return false;
	int values = 0;
	for (size_t i = begin; i < end; i++) {
		const xxgk_token *t = &c->doc.toks[i];
		if (!tok_is_value(t))
			continue;
		if ((i > 0 && c->doc.toks[i - 1].line == t->line) ||
		    (i + 1 < c->doc.tok_count && c->doc.toks[i + 1].line == t->line))
			return false;
		values++;
	}
	return values >= 2;
}

/*
 * Every keyword of a spec table, indexed by its first three bytes (a Han
 * character), built once: parse_match_row_t finds where each row's keywords
 * stand in a label in one pass over the label, a table lookup at each byte
 * that can start a keyword, instead of a strstr per keyword of each row
 * (most keywords of most rows are not in a given label). A keyword is found
 * at every byte strstr would find it at: each place's bytes are compared
 * whole with every keyword of that first character.
 */
#define ROW_INDEX_KEYS 96

typedef struct {
	const char *key;
	uint16_t len;
	uint8_t row;
	bool y2019;       /* one of the row's keys_2019: no nots, no heads */
	uint8_t next;     /* the next keyword of the same slot, +1; 0 ends */
} row_index_key;

typedef struct {
	const row_spec *specs;
	int rows;
	bool ok;          /* every keyword three bytes or more, not a continuation byte first */
	int n;
	row_index_key keys[ROW_INDEX_KEYS];
	bool lead[256];   /* a keyword may start with this byte */
	uint8_t slot[4096];   /* by row_slot of the first three bytes: first keyword +1, 0 none */
} row_index;

static unsigned row_slot(const unsigned char *p)
{
	return ((unsigned)p[0] * 0x9E5u ^ (unsigned)p[1] * 0x3Bu ^ p[2]) & 4095u;
}

static row_index row_indexes[3];
static pthread_once_t row_index_once = PTHREAD_ONCE_INIT;

static void row_index_add(row_index *ix, const char *key, int row, bool y2019)
{
	size_t len = strlen(key);
	const unsigned char *u = (const unsigned char *)key;
	if (ix->n >= ROW_INDEX_KEYS || len < 3 || len > UINT16_MAX || (u[0] & 0xC0) == 0x80) {
		ix->ok = false;
		return;
	}
	row_index_key *e = &ix->keys[ix->n];
	*e = (row_index_key){ key, (uint16_t)len, (uint8_t)row, y2019, 0 };
	unsigned h = row_slot(u);
	/* appended to its slot's chain, so keywords keep the table's order */
	uint8_t *link = &ix->slot[h];
	while (*link)
		link = &ix->keys[*link - 1].next;
	*link = (uint8_t)(ix->n + 1);
	ix->lead[u[0]] = true;
	ix->n++;
}

static void row_index_build(void)
{
	const struct {
		const row_spec *specs;
		int rows;
	} tables[3] = { { t3_specs, XXGK_T3_ROWS }, { t2_specs_2021, 6 }, { t2_specs_2019, 8 } };
	for (int t = 0; t < 3; t++) {
		row_index *ix = &row_indexes[t];
		ix->specs = tables[t].specs;
		ix->rows = tables[t].rows;
		ix->ok = ix->rows <= UINT8_MAX;
		for (int k = 0; k < ix->rows; k++) {
			for (const char *const *key = ix->specs[k].keys; *key; key++)
				row_index_add(ix, *key, k, false);
			for (const char *const *key = ix->specs[k].keys_2019; key && *key; key++)
				row_index_add(ix, *key, k, true);
		}
	}
}

/* The index of spec table `specs`, or NULL (a table not indexed). */
static const row_index *row_index_of(const row_spec *specs)
{
	pthread_once(&row_index_once, row_index_build);
	for (int t = 0; t < 3; t++)
		if (row_indexes[t].specs == specs && row_indexes[t].ok)
			return &row_indexes[t];
	return NULL;
}

/* Whether the table prints the rows under its family heads (set with the
 * template before a table is read): then a head names none of them. */
static _Thread_local bool match_heads;

/*
 * Does the keyword `key` at `p` in `label` stand in one of the family heads
 * `heads` — a heading over other rows that holds the keyword, as the 2021
 * template's （六）其他处理 over 1.… 2.… 3.其他 holds 3.其他's 其他? A
 * converter breaks a head in a narrow cell into pieces that fall among the
 * next column's words ("（六）" / "2.申请人…缴纳" / "其他处" / "费用、…" / "理"):
 * the keyword is the head's when it runs on into the head's next character
 * (其他处, 其他处理) or follows the head's item mark ((六)其他, its 处理
 * broken off).
 */
static bool row_key_in_head(const char *label, const char *p, const char *key, const char *const *heads)
{
	size_t kn = strlen(key);
	for (; heads && *heads; heads++) {
		const char *in = strstr(*heads, key);
		if (!in)
			continue;
		size_t before = (size_t)(in - *heads);
		const char *next = in + kn;
		uint32_t cp;
		size_t cn = *next ? xxgk_utf8_decode((const unsigned char *)next, strlen(next), &cp) : 0;
		if (cn && strncmp(p + kn, next, cn) == 0)
			return true;
		if (before && (size_t)(p - label) >= before && memcmp(p - before, *heads, before) == 0)
			return true;
	}
	return false;
}

/* Does `key` (kn bytes) found at p in `label` stand as one of `nots`, or
 * inside one of `heads` (when the table prints the rows under them)? */
static bool row_key_other(const char *label, const char *p, size_t rest, const char *key, size_t kn,
			  const char *const *nots, const char *const *heads)
{
	bool other = false;
	/* one of `nots`, or the start of one cut off by the label's end: a
	 * label wrapped inside its word, the rest on the line after the
	 * figures ("…不计其他情 0 0 0 …" / "形）": 其他情形, not 3.其他) */
	for (const char *const *n = nots; n && *n && !other; n++) {
		size_t nn = strlen(*n);
		other = strncmp(p, *n, rest > kn && rest < nn ? rest : nn) == 0;
	}
	if (!other && match_heads)
		other = row_key_in_head(label, p, key, heads);
	return other;
}

/* Where `key` last stands in `label` other than as the start of one of
 * `nots` or inside one of `heads` (when the table prints the rows under
 * them); −1 if nowhere. */
static long row_key_at(const char *label, const char *key, const char *const *nots, const char *const *heads)
{
	long at = -1;
	size_t kn = strlen(key);
	for (const char *p = label; (p = strstr(p, key)) != NULL; p++)
		if (!row_key_other(label, p, strlen(p), key, kn, nots, heads))
			at = (long)(p - label);
	return at;
}

/*
 * The row from `from` on that the label names: of the rows whose keywords it
 * holds, the one named last — the label nearest the values (labels of rows
 * printed without values, and headers, come before it); −1 if none.
 */
static int parse_match_row_t(const char *label, const row_spec *specs, int from, int count, bool y2019)
{
	int best = -1;
	long best_at = -1;
	const row_index *ix = row_index_of(specs);
	if (ix && count <= ix->rows) {
		/* where each row's keywords end, their last place that counts */
		long ends[UINT8_MAX + 1];
		for (int k = from; k < count; k++)
			ends[k] = -1;
		const unsigned char *u = (const unsigned char *)label;
		size_t n = strlen(label);
		for (size_t i = 0; i + 3 <= n; i++) {
			if (!ix->lead[u[i]])
				continue;
			for (int e = ix->slot[row_slot(u + i)]; e; e = ix->keys[e - 1].next) {
				const row_index_key *k = &ix->keys[e - 1];
				if (k->row < from || k->row >= count || (k->y2019 && !y2019) || k->len > n - i ||
				    memcmp(u + i, k->key, k->len) != 0)
					continue;
				const row_spec *sp = &specs[k->row];
				if (!k->y2019 && row_key_other(label, label + i, n - i, k->key, k->len, sp->nots, sp->heads))
					continue;
				if ((long)(i + k->len) > ends[k->row])
					ends[k->row] = (long)(i + k->len);
			}
		}
		for (int k = from; k < count; k++)
			if (ends[k] > best_at) {
				best_at = ends[k];
				best = k;
			}
		return best;
	}
	for (int k = from; k < count; k++) {
		long at = -1;
		for (const char *const *key = specs[k].keys; *key; key++) {
			long a = row_key_at(label, *key, specs[k].nots, specs[k].heads);
			if (a >= 0)
				a += (long)strlen(*key);   /* where the keyword ends */
			if (a > at)
				at = a;
		}
		for (const char *const *key = specs[k].keys_2019; y2019 && key && *key; key++) {
			long a = row_key_at(label, *key, NULL, NULL);
			if (a >= 0)
				a += (long)strlen(*key);
			if (a > at)
				at = a;
		}
		if (at > best_at) {
			best_at = at;
			best = k;
		}
	}
	return best;
}

/* Keys of this many characters or more may match a scan's label with one
 * character misread ("行政处昼" for 行政处罚): two keys of different rows
 * differ in two characters at least. */
#define ROW_NEAR_MIN_CHARS 4

/* Where `key` ends in `label` with one character different; −1 if nowhere. */
static long row_key_near(const char *label, const char *key)
{
	uint32_t k[16], l[256];
	size_t kn = 0, ln = 0, ends[256];
	for (size_t i = 0, n = strlen(key); i < n && kn < 16;) {
		size_t a = xxgk_utf8_decode((const unsigned char *)key + i, n - i, &k[kn]);
		if (!a)
			return -1;
		i += a;
		kn++;
	}
	for (size_t i = 0, n = strlen(label); i < n && ln < 256;) {
		size_t a = xxgk_utf8_decode((const unsigned char *)label + i, n - i, &l[ln]);
		if (!a)
			break;
		i += a;
		ends[ln++] = i;
	}
	if (kn < ROW_NEAR_MIN_CHARS || kn >= 16)
		return -1;
	long at = -1;
	for (size_t s = 0; s + kn <= ln; s++) {
		int diff = 0;
		for (size_t q = 0; q < kn && diff <= 1; q++)
			diff += k[q] != l[s + q];
		if (diff <= 1)
			at = (long)ends[s + kn - 1];
	}
	return at;
}

/* A scan's label that names no row: the one row whose key it holds with one
 * character misread, or −1 (none, or more than one). */
static int parse_match_row_near(const char *label, const row_spec *specs, int from, int count)
{
	int found = -1;
	for (int k = from; k < count; k++)
		for (const char *const *key = specs[k].keys; *key; key++)
			if (row_key_near(label, *key) >= 0 && found != k) {
				if (found >= 0)
					return -1;
				found = k;
			}
	return found;
}

/* parse_match_row_t() for the report's template (set before tables are read),
 * near matches for a scan's labels. */
static _Thread_local bool match_2019, match_near;
static int parse_match_row(const char *label, const row_spec *specs, int from, int count)
{
	int k = parse_match_row_t(label, specs, from, count, match_2019);
	return k < 0 && match_near ? parse_match_row_near(label, specs, from, count) : k;
}

/*
 * Learns how a one-cell-per-line table separates its rows, from the runs of
 * values that fill a row by themselves: whether every line is followed by an
 * empty one, and how many empty lines stand before and after a whole row.
 */
static void gap_learn_edges(parse_ctx *c, const row_spec *specs, int count, size_t begin, size_t end,
			    xxgk_gap_style *st);
/* A label token compacted (through `tmp`) onto the label text in `buf`. */
static void label_take(xxgk_buf *tmp, const xxgk_token *t, char *buf, size_t *blen)
{
	tmp->len = 0;
	xxgk_compact_append(tmp, t->text, t->len, 256);
	if (tmp->data && *blen + tmp->len < PARSE_LABEL_CAP) {
		memcpy(buf + *blen, tmp->data, tmp->len);
		*blen += tmp->len;
	}
}

/*
 * Do the rows printed whole — a label naming a row, then exactly its count
 * of figures — stand every figure two lines apart with one empty line
 * between, none of them on adjacent lines? Their empty lines cannot be
 * cells (the row has all its figures): they separate lines, as in
 * double-spaced text.
 */
static bool gap_whole_rows_spaced(parse_ctx *c, const row_spec *specs, int count, size_t begin, size_t end,
				  bool *tight_seen)
{
	char buf[PARSE_LABEL_CAP + 1];
	size_t blen = 0;
	int spaced = 0, tight = 0;
	xxgk_buf tmp;
	xxgk_buf_init(&tmp);
	for (size_t i = begin; i < end;) {
		const xxgk_token *t = &c->doc.toks[i];
		if (!tok_is_value(t)) {
			label_take(&tmp, t, buf, &blen);
			i++;
			continue;
		}
		size_t j = i;
		while (j < end && tok_is_value(&c->doc.toks[j]))
			j++;
		buf[blen] = '\0';
		int k = blen ? parse_match_row(buf, specs, 0, count) : -1;
		if (k >= 0 && (int)(j - i) == specs[k].width && j - i >= 2) {
			bool all_spaced = true, all_tight = true;
			for (size_t q = i; q + 1 < j; q++) {
				const xxgk_token *a = &c->doc.toks[q], *b = &c->doc.toks[q + 1];
				all_tight = all_tight && b->line == a->line + 1;
				all_spaced = all_spaced && b->line == a->line + 2 &&
					     xxgk_doc_line_kind(&c->doc, a->line + 1) == XXGK_LINE_EMPTY;
			}
			spaced += all_spaced;
			tight += all_tight;
		}
		blen = 0;
		i = j;
	}
	if (tmp.failed)
		c->oom = 1;
	xxgk_buf_free(&tmp);
	*tight_seen = tight > 0;
	return spaced > 0 && tight == 0;
}

static void gap_learn(parse_ctx *c, const row_spec *specs, int count, size_t begin, size_t end,
		      xxgk_gap_style *st)
{
	memset(st, 0, sizeof *st);
	if (!gap_one_per_line(c, begin, end))
		return;
	st->on = true;
	/* double spacing: values of one run two lines apart with an empty line between */
	int single = 0, dbl = 0;
	for (size_t i = begin; i + 1 < end; i++) {
		const xxgk_token *a = &c->doc.toks[i], *b = &c->doc.toks[i + 1];
		if (!tok_is_value(a) || !tok_is_value(b))
			continue;
		if (b->line == a->line + 1)
			single++;
		else if (b->line == a->line + 2 && xxgk_doc_line_kind(&c->doc, a->line + 1) == XXGK_LINE_EMPTY)
			dbl++;
	}
	/* a figure or two on adjacent lines (pdftotext's default mode prints a
	 * block of two lines where two figures stand close) do not undo the
	 * spacing the rows printed whole show */
	bool tight = false;
	st->dbl = dbl > 0 && (single == 0 || gap_whole_rows_spaced(c, specs, count, begin, end, &tight));
	st->dbl_seen = single + dbl > 0;
	st->unsure = !st->dbl && dbl > 0 && !tight;
	gap_learn_edges(c, specs, count, begin, end, st);
}

/* gap_learn()'s second half: the empty lines around the rows printed whole,
 * under the spacing `st` holds. */
static void gap_learn_edges(parse_ctx *c, const row_spec *specs, int count, size_t begin, size_t end,
			    xxgk_gap_style *st)
{
	st->lead_set = st->trail_set = 0;
	char buf[PARSE_LABEL_CAP + 1];
	size_t blen = 0;
	uint32_t label_line = 0;
	uint32_t slots[GAP_SLOTS_CAP];
	xxgk_buf tmp;   /* one label token compacted; one allocation for all */
	xxgk_buf_init(&tmp);
	for (size_t i = begin; i < end;) {
		const xxgk_token *t = &c->doc.toks[i];
		if (!tok_is_value(t)) {
			label_take(&tmp, t, buf, &blen);
			label_line = t->line;
			i++;
			continue;
		}
		size_t j = i;
		while (j < end && tok_is_value(&c->doc.toks[j]))
			j++;
		buf[blen] = '\0';
		int k = parse_match_row(buf, specs, 0, count);
		int cells = (int)(j - i);
		for (size_t q = i; q + 1 < j; q++)
			cells += gap_slots(&c->doc, c->doc.toks[q].line, c->doc.toks[q + 1].line, st->dbl, slots, 0);
		if (k >= 0 && label_line && cells == specs[k].width) {
			int lead = gap_slots(&c->doc, label_line, c->doc.toks[i].line, st->dbl, slots, 0);
			int trail = gap_slots(&c->doc, c->doc.toks[j - 1].line, gap_next_line(c, j), st->dbl, slots, 0);
			/* as many empty lines as the row has cells are no edge: a row
			 * printed empty above, its figures this one's (row_blank_before) */
			if (lead < GAP_SLOTS_CAP && lead < specs[k].width)
				st->lead_set |= 1u << lead;
			if (trail < GAP_SLOTS_CAP)
				st->trail_set |= 1u << trail;
		}
		blen = 0;
		i = j;
	}
	xxgk_buf_free(&tmp);
}

/*
 * The values of run [i, j) into out[], with the empty cells between them in
 * one-cell-per-line text. Returns how many (at most cap).
 */
static int gap_run(parse_ctx *c, size_t i, size_t j, const xxgk_token **out, int cap)
{
	int n = 0;
	for (size_t q = i; q < j && n < cap; q++) {
		out[n++] = &c->doc.toks[q];
		if (!c->gaps.on || q + 1 >= j)
			continue;
		uint32_t lines[GAP_SLOTS_CAP];
		int g = gap_slots(&c->doc, c->doc.toks[q].line, c->doc.toks[q + 1].line, c->gaps.dbl, lines,
				  GAP_SLOTS_CAP);
		for (int k = 0; k < g && k < GAP_SLOTS_CAP && n < cap; k++) {
			const xxgk_token *b = xxgk_doc_gap_token(&c->doc, lines[k]);
			if (!b) {
				c->oom = 1;
				return n;
			}
			out[n++] = b;
		}
	}
	return n;
}

/*
 * A row short of `need` cells in one-cell-per-line text: the empty lines
 * before its values (from the label's line) and after them (to the next
 * label), and which counts of empty cells before the values leave what the
 * table's whole rows have around them.
 */
static void gap_edges(parse_ctx *c, row_read *row, uint32_t label_line, uint32_t first, uint32_t last,
		      uint32_t next, int need)
{
	uint32_t lead[GAP_SLOTS_CAP], trail[GAP_SLOTS_CAP];
	int a = gap_slots(&c->doc, label_line, first, c->gaps.dbl, lead, GAP_SLOTS_CAP);
	int b = gap_slots(&c->doc, last, next, c->gaps.dbl, trail, GAP_SLOTS_CAP);
	if (a > GAP_SLOTS_CAP || b > GAP_SLOTS_CAP || need <= 0 || need > XXGK_ROW_CAP)
		return;
	row->edge_ks = 0;
	for (int k = 0; k <= need && k <= a; k++) {
		int m = need - k;
		if (m > b)
			continue;
		if ((c->gaps.lead_set >> (a - k)) & 1u && (c->gaps.trail_set >> (b - m)) & 1u)
			row->edge_ks |= (uint16_t)(1u << k);
	}
	if (!row->edge_ks)
		return;
	/* nearest the values first */
	row->lead_count = (uint8_t)(a < XXGK_ROW_CAP ? a : XXGK_ROW_CAP);
	for (int q = 0; q < row->lead_count; q++)
		row->lead[q] = xxgk_doc_gap_token(&c->doc, lead[a - 1 - q]);
	row->trail_count = (uint8_t)(b < XXGK_ROW_CAP ? b : XXGK_ROW_CAP);
	for (int q = 0; q < row->trail_count; q++)
		row->trail[q] = xxgk_doc_gap_token(&c->doc, trail[q]);
	for (int q = 0; q < row->lead_count; q++)
		if (!row->lead[q])
			c->oom = 1, row->edge_ks = 0;
	for (int q = 0; q < row->trail_count; q++)
		if (!row->trail[q])
			c->oom = 1, row->edge_ks = 0;
}

/* Is `t` an empty line's cell (xxgk_doc_gap_token), not a printed one? */
static bool gap_is_line(const parse_ctx *c, const xxgk_token *t)
{
	return c->doc.gap_toks && t >= c->doc.gap_toks && t <= c->doc.gap_toks + c->doc.line_count;
}

/*
 * Values of several rows run on (their labels lost) in one-cell-per-line
 * text: where the first row ends. The rows are split at a run of empty
 * lines at least as long as the table's shortest row separator, the latest
 * one that leaves at most `w` cells before it, `lead_cells` of them empty cells
 * printed before the first value. Returns the cells the first row takes (0:
 * no such place) and the empty lines skipped after them.
 */
static int gap_split(const parse_ctx *c, const xxgk_token **items, int n, int w, int lead_cells, int *skip)
{
	int sep = 0;
	while (sep < GAP_SLOTS_CAP && !((c->gaps.trail_set >> sep) & 1u))
		sep++;
	int lead = 0;
	while (lead < GAP_SLOTS_CAP && !((c->gaps.lead_set >> lead) & 1u))
		lead++;
	sep += lead;
	if (sep == 0 || sep >= GAP_SLOTS_CAP)
		return 0;
	int best = 0, best_skip = 0;
	for (int a = 1; a < n;) {
		if (!gap_is_line(c, items[a]) || gap_is_line(c, items[a - 1])) {
			a++;
			continue;
		}
		int b = a;
		while (b < n && gap_is_line(c, items[b]))
			b++;
		if (b < n && b - a >= sep && a + lead_cells <= w) {
			best = a;
			best_skip = b - a;
		}
		a = b;
	}
	*skip = best_skip;
	return best;
}

/* -------------------------------------------------------------- columns */

/*
 * Space-aligned text (pdftotext -layout, a monospaced copy of a table): a
 * row printed on one line with fewer figures than the template, because
 * some of its cells are empty. Its figures stand under the table's columns,
 * which the rows printed whole show: those on lines between the same page
 * footers (a new page may sit a few characters over). A figure belongs to a
 * column when its middle lies within the span that column's figures take on
 * those lines, give or take COL_SLACK characters. Positions are counted two
 * ways: in characters (pdftotext's own count: it pads each piece of text out
 * to its column in characters, whatever a Han character's width) and in
 * display cells (a Han character two wide, as a monospaced editor aligns
 * text). A way is used only where the whole rows' columns keep apart in it;
 * every way used must fit the figures one way only, and the same one (a
 * way that lines up one page's rows may still be the wrong count: full-width
 * punctuation is narrowed at the door, so display cells can be off by a
 * character or two). Then the columns with nothing printed under them are
 * the row's empty cells; otherwise the row stays short, as damaged.
 */
#define COL_SLACK 1
/* A count is set aside for a row only when its figures miss the columns by
 * more than this many characters besides the slack. */
#define COL_REFUTE 1

enum { COL_CHARS, COL_CELLS, COL_WAYS };

/* Is `cp` two cells wide in a monospaced rendering (East Asian Wide)? */
static bool col_wide(uint32_t cp)
{
	return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
	       (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

/* Characters and display cells of s[0..n). */
static void col_measure(const char *s, size_t n, int32_t *chars, int32_t *cells)
{
	*chars = *cells = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t a = xxgk_utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (!a)
			a = 1, cp = 0;
		i += a;
		(*chars)++;
		*cells += col_wide(cp) ? 2 : 1;
	}
}

/* Where the line holding `t` starts in the text. */
static const char *col_line_start(const parse_ctx *c, const xxgk_token *t)
{
	const char *p = t->text;
	while (p > c->doc.text && p[-1] != '\n')
		p--;
	return p;
}

/* Where line `line` of the file's own bytes (c->raw) starts, or NULL past
 * its end. The report keeps one cursor (c->raw_at), moved from the line
 * asked for last either way: rows are asked for near each other, and
 * walking from the file's start for each short row was a third of the
 * parse of a text one page long. */
static const char *col_raw_line(parse_ctx *c, uint32_t line)
{
	const char *end = c->raw + c->raw_len;
	if (!c->raw_at.p) {
		c->raw_at.p = c->raw;
		c->raw_at.line = 1;
	}
	while (c->raw_at.line > line) {
		/* back over the line break before this line (CRLF is one) … */
		const char *p = c->raw_at.p - 1;
		if (*p == '\n' && p > c->raw && p[-1] == '\r')
			p--;
		/* … to the start of the line before it */
		while (p > c->raw && p[-1] != '\n' && p[-1] != '\r')
			p--;
		c->raw_at.p = p;
		c->raw_at.line--;
	}
	while (c->raw_at.line < line) {
		const char *p = c->raw_at.p;
		while (p < end && *p != '\n' && *p != '\r')
			p++;
		if (p == end)
			return NULL;
		if (*p == '\r' && p + 1 < end && p[1] == '\n')
			p++;   /* the door made CRLF and a lone CR one line break each */
		c->raw_at.p = p + 1;
		c->raw_at.line++;
	}
	return c->raw_at.p;
}

/*
 * Display cells before token `t` on its line and of `t` itself, counted on
 * the file's own characters: a full-width mark the door narrowed ("（七）"
 * → "(七)") is two cells there, as the page was aligned. False unless that
 * line is the scanned one with only such marks changed.
 */
static bool col_raw_cells(parse_ctx *c, const xxgk_token *t, int32_t *before, int32_t *own)
{
	if (!c->raw || t->text < c->doc.text || t->text + t->len > c->doc.text + c->doc.len)
		return false;
	const char *r = col_raw_line(c, t->line), *rend = c->raw + c->raw_len;
	if (!r)
		return false;
	const char *q = col_line_start(c, t), *stop = t->text + t->len;
	int32_t cells = 0;
	*before = 0;
	while (q < stop) {
		if (q == t->text)
			*before = cells;
		uint32_t rc = 0, qc = 0;
		size_t ra = r < rend ? xxgk_utf8_decode((const unsigned char *)r, (size_t)(rend - r), &rc) : 0;
		size_t qa = xxgk_utf8_decode((const unsigned char *)q, (size_t)(stop - q), &qc);
		if (!ra || !qa || rc == '\n' || rc == '\r' || xxgk__norm_cp(rc) != qc)
			return false;
		cells += col_wide(rc) ? 2 : 1;
		r += ra;
		q += qa;
	}
	*own = cells - *before;
	return true;
}

/* Twice the middle of token `t` in each way, counted from its line's start;
 * true when the display cells were counted on the file's own characters. */
static bool col_mid2(parse_ctx *c, const xxgk_token *t, int32_t mid2[COL_WAYS])
{
	const char *ls = col_line_start(c, t);
	int32_t pc, pw, tc, tw;
	col_measure(ls, (size_t)(t->text - ls), &pc, &pw);
	col_measure(t->text, t->len, &tc, &tw);
	mid2[COL_CHARS] = 2 * pc + tc - 1;
	mid2[COL_CELLS] = 2 * pw + tw - 1;
	if (!col_raw_cells(c, t, &pw, &tw))
		return false;
	mid2[COL_CELLS] = 2 * pw + tw - 1;
	return true;
}

/* ASCII punctuation marks before `t` on its line (at most 8): each may be a
 * narrowed full-width mark, one display cell short of the printed one. */
static int col_narrowed(const parse_ctx *c, const xxgk_token *t)
{
	int n = 0;
	for (const char *p = col_line_start(c, t); p < t->text && n < 8; p++)
		n += *p > ' ' && *p < 0x7F && strchr("()[],.:;!?%", *p) != NULL;
	return n;
}

/* Is the line of `t` a space-aligned one: in the text, with no tabs or pipes? */
static bool col_plain_line(const parse_ctx *c, const xxgk_token *t)
{
	if (!c->doc.line_kind || t->text < c->doc.text || t->text > c->doc.text + c->doc.len)
		return false;
	if (xxgk_doc_line_kind(&c->doc, t->line) != XXGK_LINE_TEXT)
		return false;
	const char *ls = col_line_start(c, t);
	const char *nl = memchr(ls, '\n', (size_t)(c->doc.text + c->doc.len - ls));
	size_t n = nl ? (size_t)(nl - ls) : (size_t)(c->doc.text + c->doc.len - ls);
	return !memchr(ls, '\t', n) && !memchr(ls, '|', n);
}

/* The tokens of the line token i starts, up to `end`: returns where they
 * end, and in *v where its values start (after its label). */
static size_t col_line_values(const parse_ctx *c, size_t i, size_t end, size_t *v)
{
	size_t j = i;
	while (j < end && c->doc.toks[j].line == c->doc.toks[i].line)
		j++;
	*v = i;
	while (*v < j && !tok_is_value(&c->doc.toks[*v]))
		(*v)++;
	return j;
}

/* The columns' spans, twice over, for one way: lo2[k] ≤ a middle ≤ hi2[k].
 * Where figures of a whole row were pushed up against each other, the space
 * between them marks no boundary (col_page_geom): a figure of column k may
 * stand as far left as reach_lo2[k] (when has_lo[k]) and as far right as
 * reach_hi2[k] (has_hi[k]), the other figure's nearest character. */
typedef struct {
	int32_t lo2[XXGK_ROW_CAP], hi2[XXGK_ROW_CAP];
	int32_t reach_lo2[XXGK_ROW_CAP], reach_hi2[XXGK_ROW_CAP];
	bool has_lo[XXGK_ROW_CAP], has_hi[XXGK_ROW_CAP];
	int32_t len_lo[XXGK_ROW_CAP], len_hi[XXGK_ROW_CAP];   /* the figures' widths */
	int rows;
} col_geom;

/* Takes a figure of width len (and twice its middle, m2) into column k of g. */
static void col_take(col_geom *g, int k, int32_t m2, int32_t len)
{
	if (!g->rows || m2 < g->lo2[k])
		g->lo2[k] = m2;
	if (!g->rows || m2 > g->hi2[k])
		g->hi2[k] = m2;
	if (!g->rows || len < g->len_lo[k])
		g->len_lo[k] = len;
	if (!g->rows || len > g->len_hi[k])
		g->len_hi[k] = len;
}

/* Does a figure (twice its middle m2, its width *len or NULL) stand under
 * column k of g, give or take `slack` characters (and, its width known, as
 * many as it differs from the column's figures')? */
static bool col_fit_one(const col_geom *g, int slack, int k, int32_t m2, const int32_t *len)
{
	int32_t lo2 = g->has_lo[k] && g->reach_lo2[k] < g->lo2[k] ? g->reach_lo2[k] : g->lo2[k];
	int32_t hi2 = g->has_hi[k] && g->reach_hi2[k] > g->hi2[k] ? g->reach_hi2[k] : g->hi2[k];
	int32_t off = 0;
	if (len && g->len_hi[k] > 0) {   /* widths known (whole rows') */
		off = *len > g->len_lo[k] ? *len - g->len_lo[k] : g->len_lo[k] - *len;
		if (g->len_hi[k] - *len > off)
			off = g->len_hi[k] - *len;
		if (*len - g->len_hi[k] > off)
			off = *len - g->len_hi[k];
	}
	return m2 >= lo2 - 2 * (slack + off) && m2 <= hi2 + 2 * (slack + off);
}

/* Counts the ways to give each of the n figures (middles mid2[]) its own
 * column, in order, within g's spans; stores the first in at[]. Stops at 2.
 * With their widths len[] (else NULL), a figure may also stand off a column
 * by as many characters as its width differs from the column's figures'. */
static int col_fits_by(const col_geom *g, int slack, int w, const int32_t *mid2, const int32_t *len, int n, int i,
		       int from, int *at, int *cur)
{
	if (i == n)
		return 1;
	int found = 0;
	for (int k = from; k <= w - (n - i) && found < 2; k++) {
		if (!col_fit_one(g, slack, k, mid2[i], len ? &len[i] : NULL))
			continue;
		cur[i] = k;
		int f = col_fits_by(g, slack, w, mid2, len, n, i + 1, k + 1, at, cur);
		if (f && !found)
			for (int q = i; q < n; q++)
				at[q] = cur[q];
		found += f;
	}
	return found;
}

static int col_fits(const col_geom *g, int w, const int32_t *mid2, int n, int i, int from, int *at, int *cur)
{
	return col_fits_by(g, COL_SLACK, w, mid2, NULL, n, i, from, at, cur);
}

/* Do tokens [v, j) (a line's figures) stand more than one space apart
 * somewhere? With one space between each, none was padded to a column. */
static bool col_padded(const parse_ctx *c, size_t v, size_t j)
{
	for (size_t q = v; q + 1 < j; q++)
		if (c->doc.toks[q + 1].text - (c->doc.toks[q].text + c->doc.toks[q].len) > 1)
			return true;
	return false;
}

/*
 * The lines of tokens [begin, end) that print exactly w figures (numbers or
 * n/a marks) and nothing else after their first figure, each as the index
 * of its first figure, in order, into c->col_whole; false when out of
 * memory (c->oom set). Kept there for the next call on the same tokens:
 * col_place weighs each short row of a table against the same lines, and
 * scanning the table for each was 6% of a parse.
 */
static void row_own_label(const parse_ctx *c, size_t begin, size_t i, char *out, size_t cap);

/* The rows of the table parse_read_rows reads (NULL outside it): a line of w
 * figures whose label names a row of another width is that row printed
 * short, not a row of w printed whole (the 2019 table 2: 行政许可 '空 0 0'
 * over 本年增/减 and 处理决定数量 is no two-column row like 行政事业性收费's,
 * whose 上一年项目数量 and 本年增/减 stand one column further left) */
static _Thread_local const row_spec *col_specs;
static _Thread_local int col_spec_count;

static bool col_whole_lines(parse_ctx *c, size_t begin, size_t end, int w)
{
	col_whole_memo *m = &c->col_whole;
	if (m->toks == c->doc.toks && m->begin == begin && m->end == end && m->w == w && m->specs == col_specs)
		return true;
	m->toks = NULL;
	m->n = 0;
	for (size_t i = begin; i < end;) {
		size_t v, j = col_line_values(c, i, end, &v);
		bool whole = j - v == (size_t)w;
		for (size_t q = v; q < j && whole; q++)
			whole = c->doc.toks[q].kind == XXGK_TOK_NUM || c->doc.toks[q].kind == XXGK_TOK_NA;
		if (whole && col_specs && v > begin) {
			char own[512];
			row_own_label(c, begin, v, own, sizeof own);
			int k = own[0] ? parse_match_row(own, col_specs, 0, col_spec_count) : -1;
			whole = k < 0 || col_specs[k].width == w;
		}
		if (whole) {
			if (m->n == m->cap) {
				size_t cap = m->cap ? 2 * m->cap : 32;
				size_t *grown = realloc(m->first, cap * sizeof *grown);
				if (!grown) {
					c->oom = 1;
					return false;
				}
				m->first = grown;
				m->cap = cap;
			}
			m->first[m->n++] = v;
		}
		i = j;
	}
	m->toks = c->doc.toks;
	m->begin = begin;
	m->end = end;
	m->w = w;
	m->specs = col_specs;
	return true;
}

/*
 * The columns of the page `line` stands on (between page footers), from the
 * lines of tokens [begin, end) other than `line` that print exactly w
 * figures and nothing else after their first figure, into g (rows 0 in both
 * ways: no such line). False when such a line has one space between each of
 * its figures: padded to no column, the text lines nothing up; or when out
 * of memory (c->oom set).
 */
/* Takes the whole row of w figures from token v on into g (both ways); false
 * when it has one space between each of its figures: padded to no column. */
static bool col_geom_add(parse_ctx *c, size_t v, int w, col_geom g[COL_WAYS])
{
	size_t j = v + (size_t)w;
	/* a whole row with one space between each of its figures was padded
	 * to no column (pdftotext -raw, a plain copy): the text lines nothing
	 * up, and where a short row's figures stand says nothing of its empty
	 * cells */
	if (!col_padded(c, v, j))
		return false;
	int32_t m[XXGK_ROW_CAP][COL_WAYS];
	for (int k = 0; k < w; k++) {
		const xxgk_token *t = &c->doc.toks[v + (size_t)k];
		int32_t len[COL_WAYS];
		col_mid2(c, t, m[k]);
		col_measure(t->text, t->len, &len[COL_CHARS], &len[COL_CELLS]);
		for (int y = 0; y < COL_WAYS; y++)
			col_take(&g[y], k, m[k][y], len[y]);
	}
	/* two figures one space apart: the second may stand where it does
	 * only because the first ends there (pdftotext -layout keeps a space
	 * after each piece of text, however far left its place on the page),
	 * so the space between them is no boundary: the row says nothing of
	 * where the first column ends and the second begins ("1133 102": a
	 * lone 2 of the first column stood under the 102's first digit). A
	 * figure of the first column may stand as far right as the second's
	 * first character, one of the second as far left as the first's last. */
	for (int k = 0; k + 1 < w; k++) {
		const xxgk_token *a = &c->doc.toks[v + (size_t)k], *b = a + 1;
		if (b->text - (a->text + a->len) > 1)
			continue;
		int32_t len[2][COL_WAYS];
		col_measure(a->text, a->len, &len[0][COL_CHARS], &len[0][COL_CELLS]);
		col_measure(b->text, b->len, &len[1][COL_CHARS], &len[1][COL_CELLS]);
		for (int y = 0; y < COL_WAYS; y++) {
			col_geom *h = &g[y];
			/* twice the middles of the first's last character and of
			 * the second's first */
			int32_t last2 = m[k][y] + len[0][y] - 1, first2 = m[k + 1][y] - len[1][y] + 1;
			if (!h->has_hi[k] || first2 > h->reach_hi2[k])
				h->reach_hi2[k] = first2;
			if (!h->has_lo[k + 1] || last2 < h->reach_lo2[k + 1])
				h->reach_lo2[k + 1] = last2;
			h->has_hi[k] = h->has_lo[k + 1] = true;
		}
	}
	for (int y = 0; y < COL_WAYS; y++)
		g[y].rows++;
	return true;
}

/* The first and last lines of the page `line` stands on (between page footers). */
static void col_page_of(const parse_ctx *c, uint32_t line, uint32_t *top, uint32_t *bottom)
{
	*top = *bottom = line;
	while (*top > 1 && xxgk_doc_line_kind(&c->doc, *top - 1) != XXGK_LINE_SKIP)
		(*top)--;
	while (*bottom < c->doc.line_count && xxgk_doc_line_kind(&c->doc, *bottom + 1) != XXGK_LINE_SKIP)
		(*bottom)++;
}

static bool col_page_geom(parse_ctx *c, size_t begin, size_t end, uint32_t line, int w, col_geom g[COL_WAYS])
{
	memset(g, 0, sizeof(*g) * COL_WAYS);
	if (!col_whole_lines(c, begin, end, w))
		return false;
	/* the page is found for the first such line: a walk over every line
	 * of a text without footers, for each short row, was a tenth of its
	 * parse */
	uint32_t top = 0, bottom = 0;
	for (size_t x = 0; x < c->col_whole.n; x++) {
		size_t v = c->col_whole.first[x];
		uint32_t l = c->doc.toks[v].line;
		if (l == line)
			continue;
		if (!top)
			col_page_of(c, line, &top, &bottom);
		if (l >= top && l <= bottom && col_plain_line(c, &c->doc.toks[v]) && !col_geom_add(c, v, w, g))
			return false;
	}
	return true;
}

/*
 * The n figures tok[] of a row short of w cells, placed by column into
 * out[w] with blank tokens in the empty columns. Reference rows are the
 * lines of tokens [begin, end) with exactly w figures and nothing else after
 * their first figure. Returns false (out untouched) unless the placement is
 * certain, or when out of memory (c->oom set).
 */
static bool col_settle(parse_ctx *c, const col_geom g[COL_WAYS], const xxgk_token *const *tok,
		       int n, int w, const xxgk_token **out);

static bool col_place(parse_ctx *c, size_t begin, size_t end, const xxgk_token *const *tok, int n, int w,
		      const xxgk_token **out)
{
	if (n <= 0 || n >= w || w > XXGK_ROW_CAP || !c->doc.line_kind)
		return false;
	uint32_t line = tok[0]->line;
	for (int i = 0; i < n; i++)
		if (tok[i]->line != line || (tok[i]->kind != XXGK_TOK_NUM && tok[i]->kind != XXGK_TOK_NA))
			return false;
	if (!col_plain_line(c, tok[0]))
		return false;
	col_geom g[COL_WAYS];
	if (!col_page_geom(c, begin, end, line, w, g))
		return false;
	return col_settle(c, g, tok, n, w, out);
}

/* Do the w columns' spans of g keep apart (the count lines them up)? */
static bool col_apart(const col_geom *g, int w)
{
	for (int k = 0; k + 1 < w; k++)
		if (g->hi2[k] + 2 * COL_SLACK >= g->lo2[k + 1] - 2 * COL_SLACK)
			return false;
	return true;
}

/*
 * col_settle's figures (twice their middles mid2[], their widths len[], in
 * each count) given their columns among g's w spans in count `only` (−1:
 * each count whose spans keep apart, which must agree), into placed[n].
 * 1 placed; 0 none fits them strictly (at most loosely, one way): left to
 * another try; −1 refused: a count fits them more than one way, or two
 * counts disagree.
 */
static int col_settle_ways(parse_ctx *c, const col_geom g[COL_WAYS], const xxgk_token *const *tok, int n, int w,
			   int32_t (*mid2)[XXGK_ROW_CAP], int32_t (*len)[XXGK_ROW_CAP], bool cells_exact, int only,
			   int *placed)
{
	int ways = 0;
	int loose_at[XXGK_ROW_CAP];
	bool loose = false;   /* a count that fits them only loosely, one way: loose_at */
	for (int y = 0; y < COL_WAYS; y++) {
		if ((only >= 0 && y != only) || !col_apart(&g[y], w))
			continue;   /* this way of counting does not line the columns up */
		int at[XXGK_ROW_CAP], cur[XXGK_ROW_CAP];
		int fits = col_fits(&g[y], w, mid2[y], n, 0, 0, at, cur);
		int loosely = fits ? fits
				   : col_fits_by(&g[y], COL_SLACK + COL_REFUTE, w, mid2[y], y == COL_CHARS ? len[y] : NULL,
						 n, 0, 0, at, cur);
		if (loosely == 0) {
			/* this count puts the row's figures under no columns,
			 * not even loosely: it is not how the page was lined up
			 * (a label of Han characters padded in display cells,
			 * counted in characters, moves each row its own way);
			 * the other count must settle the row alone. Loosely:
			 * pdftotext -layout, padding in characters, places a
			 * figure by where it starts on the page, so one
			 * narrower or wider than its column's others stands off
			 * in characters by about the difference ("9" three
			 * characters right of "311"'s middle) */
			continue;
		}
		if (fits == 0 && loosely == 1) {
			/* under the columns only loosely, one way: neither proof
			 * nor refutation of this count; it must agree with the
			 * count that places the figures strictly ("继续办理" padded
			 * in display cells stands two characters left of the
			 * page's columns in characters, its figures under the same
			 * columns either way: 0 0 0 空 空 0 0 was left short, and
			 * the report's rules, which it breaks in those very
			 * columns, put its empty cells under 科研机构 and 总计) */
			memcpy(loose_at, at, sizeof(int) * (size_t)n);
			loose = true;
			continue;
		}
		if (fits != 1)
			return -1;
		/* in display cells, each ASCII punctuation mark before the figures
		 * may have been a full-width one narrowed at the door, two cells
		 * wide as printed ("（七）总计"): the figures may stand up to that
		 * many cells further right, and must land in the same columns there */
		for (int sh = 1; y == COL_CELLS && !cells_exact && sh <= col_narrowed(c, tok[0]); sh++) {
			int32_t moved[XXGK_ROW_CAP];
			int at2[XXGK_ROW_CAP];
			for (int i = 0; i < n; i++)
				moved[i] = mid2[y][i] + 2 * sh;
			if (col_fits(&g[y], w, moved, n, 0, 0, at2, cur) != 1 ||
			    memcmp(at, at2, sizeof(int) * (size_t)n) != 0)
				return -1;
		}
		if (ways && memcmp(at, placed, sizeof(int) * (size_t)n) != 0)
			return -1;
		memcpy(placed, at, sizeof(int) * (size_t)n);
		ways++;
	}
	if (!ways)
		return 0;
	return loose && memcmp(loose_at, placed, sizeof(int) * (size_t)n) != 0 ? -1 : 1;
}

/*
 * The n figures tok[] (on one line) given their columns among g's w spans,
 * in the count the table's labelled rows prove (c->col_way), or where it
 * does not fit them strictly or none is proven, in each way of counting
 * whose spans keep apart, into out[w] with blank tokens in the columns left
 * empty. A way that puts the figures under no columns even loosely is set
 * aside; every other must place them one way only, the same. False (out
 * untouched) unless certain, or out of memory.
 */
static bool col_settle(parse_ctx *c, const col_geom g[COL_WAYS], const xxgk_token *const *tok,
		       int n, int w, const xxgk_token **out)
{
	for (int y = 0; y < COL_WAYS; y++)
		if (!g[y].rows)
			return false;   /* no row printed whole to take the columns from */
	uint32_t line = tok[0]->line;
	int32_t mid2[COL_WAYS][XXGK_ROW_CAP], len[COL_WAYS][XXGK_ROW_CAP];
	bool cells_exact = true;
	for (int i = 0; i < n; i++) {
		int32_t m[COL_WAYS], l[COL_WAYS];
		cells_exact &= col_mid2(c, tok[i], m);
		col_measure(tok[i]->text, tok[i]->len, &l[COL_CHARS], &l[COL_CELLS]);
		for (int y = 0; y < COL_WAYS; y++) {
			mid2[y][i] = m[y];
			len[y][i] = l[y];
		}
	}
	/* figures alone on their line stand the same in both counts, and so
	 * tell nothing of which one the page is padded in, while the columns,
	 * taken from rows printed after labels of Han characters, stand apart
	 * in each: one count may put them under columns by chance (pdftotext
	 * -layout places a figure by everything printed left of it on the page,
	 * so a column's figures of other widths stand a few characters off).
	 * Only the count the table's labelled rows prove (col_learn_way) may
	 * place them; with none proven the row stays short. */
	bool alone = true, differ = false;
	for (int i = 0; i < n; i++)
		alone &= mid2[COL_CHARS][i] == mid2[COL_CELLS][i];
	for (int k = 0; k < w; k++)
		differ |= g[COL_CHARS].lo2[k] != g[COL_CELLS].lo2[k] || g[COL_CHARS].hi2[k] != g[COL_CELLS].hi2[k];
	if (alone && differ && !c->col_way)
		return false;
	/* A count the table's labelled rows prove is the page's, for a row
	 * after its label too: the other count moves each labelled row by as
	 * many characters as its label has Han characters, and may put a row
	 * with a long label under other columns by chance, strictly or loosely
	 * ("四、结转下年度继续办理", eleven of them, '0 空 0 0 0 0' under
	 * 商业企业 … 总计 in display cells stands nearly two columns left in
	 * characters). Taking that for doubt left the row short, and the
	 * report's rules, which it breaks in that very row, moved its figures
	 * to other columns and gave its empty cells their values. */
	int only = c->col_way ? c->col_way - 1 : -1, placed[XXGK_ROW_CAP];
	int got = col_settle_ways(c, g, tok, n, w, mid2, len, cells_exact, only, placed);
	/* the proven count fitting them only loosely (or not at all): both
	 * counts, as where none is proven */
	int only_figures = alone && differ ? c->col_way - 1 : -1;
	if (got == 0 && only != only_figures)
		got = col_settle_ways(c, g, tok, n, w, mid2, len, cells_exact, only_figures, placed);
	if (got != 1)
		return false;
	const xxgk_token *tmp[XXGK_ROW_CAP] = { NULL };
	for (int i = 0; i < n; i++)
		tmp[placed[i]] = tok[i];
	for (int k = 0; k < w; k++) {
		if (tmp[k])
			continue;
		/* the empty cell's place: its column's middle, in characters */
		int32_t col = (g[COL_CHARS].lo2[k] + g[COL_CHARS].hi2[k]) / 4 + 1;
		const char *at = tok[0]->text;
		tmp[k] = xxgk_doc_blank_token(&c->doc, at, line, col > 0 ? (uint32_t)col : 1u);
		if (!tmp[k]) {
			c->oom = 1;
			return false;
		}
	}
	memcpy(out, tmp, sizeof(*out) * (size_t)w);
	return true;
}

/*
 * A row short of cells on a page that prints no row whole, so no columns of
 * its own to place it by (col_place): where its figures may stand, from the
 * columns of the table's other pages. pdftotext -layout lays each page out
 * by itself, and a page's columns may sit some characters over another's;
 * so every shift is tried, in either count, that puts each line of figures
 * of the row's page under the other page's columns (the page's short rows
 * together: one row's inner empty cell pins the shift for all). The sets of
 * columns the row's figures take under any such shift, as bit masks, go to
 * masks[XXGK_GEO_MASK_CAP]; returns how many — 0 when the page prints a row
 * whole, no shift fits every line, or too many sets fit to say anything.
 * A wide shift keeps every reading the text allows: a row whose empty cell
 * is its first or last fits a shift a column over as well as it fits its own.
 */
#define COL_SHIFT_LINES 48

typedef struct {
	int n;
	int32_t mid2[COL_WAYS][XXGK_ROW_CAP], len[COL_WAYS][XXGK_ROW_CAP];
} col_shift_line;

/* Every way to give each of the n figures its own column in order under g,
 * as a set of columns added to masks[] (*nm of them; *nm past cap: too many). */
static void col_masks_rec(const col_geom *g, int w, const int32_t *mid2, const int32_t *len, int n, int i, int from,
			  uint32_t mask, uint32_t *masks, int *nm)
{
	if (*nm > XXGK_GEO_MASK_CAP)
		return;
	if (i == n) {
		for (int q = 0; q < *nm; q++)
			if (masks[q] == mask)
				return;
		if (*nm < XXGK_GEO_MASK_CAP)
			masks[*nm] = mask;
		(*nm)++;
		return;
	}
	for (int k = from; k <= w - (n - i); k++)
		if (col_fit_one(g, COL_SLACK, k, mid2[i], &len[i]))
			col_masks_rec(g, w, mid2, len, n, i + 1, k + 1, mask | 1u << k, masks, nm);
}

static void col_shift_measure(parse_ctx *c, const xxgk_token *const *tok, int n, col_shift_line *l)
{
	l->n = n;
	for (int k = 0; k < n; k++) {
		int32_t m[COL_WAYS];
		col_mid2(c, tok[k], m);
		col_measure(tok[k]->text, tok[k]->len, &l->len[COL_CHARS][k], &l->len[COL_CELLS][k]);
		for (int y = 0; y < COL_WAYS; y++)
			l->mid2[y][k] = m[y];
	}
}

static int col_shift_masks(parse_ctx *c, size_t begin, size_t end, const xxgk_token *const *tok, int n, int w,
			   uint32_t *masks)
{
	if (n <= 0 || n >= w || w > XXGK_ROW_CAP || !c->doc.line_kind)
		return 0;
	uint32_t line = tok[0]->line;
	for (int i = 0; i < n; i++)
		if (tok[i]->line != line || (tok[i]->kind != XXGK_TOK_NUM && tok[i]->kind != XXGK_TOK_NA))
			return 0;
	if (!col_plain_line(c, tok[0]) || !col_whole_lines(c, begin, end, w) || !c->col_whole.n)
		return 0;
	/* a row printed whole on its page (no footer between it and the row):
	 * the page's own columns, col_place's; only the nearest each side are
	 * walked to (a walk to a text's ends for each short row is a tenth of
	 * the parse of a text without footers) */
	uint32_t above = 0, below = 0;
	for (size_t x = 0; x < c->col_whole.n; x++) {
		uint32_t l = c->doc.toks[c->col_whole.first[x]].line;
		if (l < line)
			above = l;
		else if (l > line && !below)
			below = l;
	}
	bool apart_above = !above, apart_below = !below;
	for (uint32_t l = above + 1; above && l < line && !apart_above; l++)
		apart_above = xxgk_doc_line_kind(&c->doc, l) == XXGK_LINE_SKIP;
	for (uint32_t l = line + 1; below && l < below && !apart_below; l++)
		apart_below = xxgk_doc_line_kind(&c->doc, l) == XXGK_LINE_SKIP;
	if (!apart_above || !apart_below)
		return 0;
	uint32_t top, bottom;
	col_page_of(c, line, &top, &bottom);
	col_shift_line *ls = malloc(sizeof *ls * COL_SHIFT_LINES);
	if (!ls)
		return 0;
	/* the row itself first, then the page's other lines of figures alone
	 * after their label, short of cells */
	int count = 1, nm = 0;
	col_shift_measure(c, tok, n, &ls[0]);
	for (size_t i = begin; i < end;) {
		size_t v, j = col_line_values(c, i, end, &v);
		uint32_t l = c->doc.toks[i].line;
		i = j;
		if (l > bottom)
			break;
		int k = (int)(j - v);
		if (l < top || l == line || k <= 0 || k >= w || !col_plain_line(c, &c->doc.toks[v]))
			continue;
		bool figs = true;
		for (size_t q = v; q < j && figs; q++)
			figs = c->doc.toks[q].kind == XXGK_TOK_NUM || c->doc.toks[q].kind == XXGK_TOK_NA;
		if (!figs)
			continue;
		if (count == COL_SHIFT_LINES)
			break;
		const xxgk_token *lt[XXGK_ROW_CAP];
		for (int q = 0; q < k; q++)
			lt[q] = &c->doc.toks[v + (size_t)q];
		col_shift_measure(c, lt, k, &ls[count++]);
	}
	/* each other page with rows printed whole: its columns */
	for (size_t x = 0; x < c->col_whole.n && nm <= XXGK_GEO_MASK_CAP;) {
		uint32_t rt, rb;
		col_page_of(c, c->doc.toks[c->col_whole.first[x]].line, &rt, &rb);
		col_geom g[COL_WAYS];
		memset(g, 0, sizeof g);
		bool padded = true;
		for (; x < c->col_whole.n && c->doc.toks[c->col_whole.first[x]].line <= rb; x++) {
			size_t v = c->col_whole.first[x];
			if (col_plain_line(c, &c->doc.toks[v]))
				padded &= col_geom_add(c, v, w, g);
		}
		if (!padded) {
			nm = 0;   /* padded to no column: the text lines nothing up */
			break;
		}
		for (int y = 0; y < COL_WAYS && g[y].rows; y++) {
			/* the count the table's labelled rows prove, when they prove one */
			if (!col_apart(&g[y], w) || (c->col_way && y != c->col_way - 1))
				continue;
			int32_t reach = (g[y].hi2[w - 1] - g[y].lo2[0]) / 2 + 2;
			for (int32_t d = -reach; d <= reach && nm <= XXGK_GEO_MASK_CAP; d++) {
				int32_t moved[XXGK_ROW_CAP];
				bool fits = true;
				for (int a = 0; a < count && fits; a++) {
					int at[XXGK_ROW_CAP], cur[XXGK_ROW_CAP];
					for (int k = 0; k < ls[a].n; k++)
						moved[k] = ls[a].mid2[y][k] - 2 * d;
					fits = col_fits_by(&g[y], COL_SLACK, w, moved, ls[a].len[y], ls[a].n, 0, 0, at, cur) > 0;
				}
				if (!fits)
					continue;
				for (int k = 0; k < n; k++)
					moved[k] = ls[0].mid2[y][k] - 2 * d;
				col_masks_rec(&g[y], w, moved, ls[0].len[y], n, 0, 0, 0, masks, &nm);
			}
		}
	}
	free(ls);
	return nm <= XXGK_GEO_MASK_CAP ? nm : 0;
}

/* The next larger set of as many columns as `mask` holds (mask ≠ 0). */
static uint32_t col_next_set(uint32_t mask)
{
	uint32_t low = mask & -mask, up = mask + low;
	return (((up ^ mask) >> 2) / low) | up;
}

/*
 * One line of figures short of cells with no columns anywhere to take from
 * (table 4 printed as one row, its heading words crowded past their
 * columns): the sets of columns under which the figures stand evenly spaced,
 * each where the first stands plus its columns' distance times one pitch,
 * within a character — by where they start, end or have their middle, in
 * either count (figures sit left, right or centred in their cells). An empty
 * cell inside the row shows as a gap twice the others; one at either end
 * fits both ends, and both are kept. Returns how many sets, into masks[]; 0
 * when none or too many fit, more than three cells are empty, or the line
 * is not padded to columns.
 */
static int col_even_masks(parse_ctx *c, const xxgk_token *const *tok, int n, int w, uint32_t *masks)
{
	/* a few empty cells at most: the sets to try grow as C(w, n), and
	 * spacing with many gaps seldom leaves one */
	if (n < 3 || n >= w || w - n > 3 || w > XXGK_ROW_CAP || !c->doc.line_kind)
		return 0;
	bool padded = false;
	for (int i = 0; i < n; i++) {
		if (tok[i]->line != tok[0]->line || (tok[i]->kind != XXGK_TOK_NUM && tok[i]->kind != XXGK_TOK_NA))
			return 0;
		if (i > 0 && tok[i]->text - (tok[i - 1]->text + tok[i - 1]->len) > 1)
			padded = true;
	}
	if (!padded || !col_plain_line(c, tok[0]))
		return 0;
	/* twice each figure's start, middle and end, in each count */
	int32_t at2[COL_WAYS][3][XXGK_ROW_CAP];
	for (int i = 0; i < n; i++) {
		int32_t m[COL_WAYS], l[COL_WAYS];
		col_mid2(c, tok[i], m);
		col_measure(tok[i]->text, tok[i]->len, &l[COL_CHARS], &l[COL_CELLS]);
		for (int y = 0; y < COL_WAYS; y++) {
			at2[y][0][i] = m[y] - (l[y] - 1);
			at2[y][1][i] = m[y];
			at2[y][2][i] = m[y] + (l[y] - 1);
		}
	}
	int nm = 0, cols[XXGK_ROW_CAP];
	/* every set of n of the w columns, in order (at most C(16, 8)) */
	for (uint32_t mask = (1u << n) - 1; mask < (1u << w) && nm <= XXGK_GEO_MASK_CAP; mask = col_next_set(mask)) {
		for (int k = 0, i = 0; k < w; k++)
			if (mask >> k & 1u)
				cols[i++] = k;
		bool fits = false;
		for (int y = 0; y < COL_WAYS && !fits; y++)
			for (int a = 0; a < 3 && !fits; a++) {
				const int32_t *x = at2[y][a];
				double pitch2 = (double)(x[n - 1] - x[0]) / (cols[n - 1] - cols[0]);
				fits = pitch2 >= 4;   /* columns at least two characters apart */
				for (int i = 1; i + 1 < n && fits; i++)
					fits = fabs(x[i] - (x[0] + pitch2 * (cols[i] - cols[0]))) <= 2.0;
			}
		if (!fits)
			continue;
		if (nm < XXGK_GEO_MASK_CAP)
			masks[nm] = mask;
		nm++;
	}
	return nm <= XXGK_GEO_MASK_CAP ? nm : 0;
}

/*
 * The count table 3's space-aligned rows are padded in. pdftotext -layout
 * pads each piece of text out to its column in characters, whatever a Han
 * character's width; a copy lined up in a monospaced editor pads in display
 * cells. A row whose label of Han characters stands on its figures' line
 * tells them apart: its figures fall under the columns of its page's other
 * whole rows in one count, and in the other miss them even loosely (or
 * those columns run together); two whole rows of a page with labels of
 * unlike widths stand column by column together in one count and apart in
 * the other. Every such row and pair must say the same count: one
 * saying the other leaves it unknown (a figure of pdftotext -layout stands
 * a few characters off where its width differs from the column's others').
 * Returns 1 + COL_CHARS or 1 + COL_CELLS, 0 when unknown. At most
 * COL_LEARN_CAP lines of figures are looked at: table 3 prints 25 rows.
 */
#define COL_LEARN_CAP 96

typedef struct {
	uint32_t line, top;     /* the line, and the first line of its page */
	int n;                  /* figures on it */
	bool labelled;          /* a label before them on the line */
	int32_t mid2[COL_WAYS][XXGK_ROW_CAP], len[COL_WAYS][XXGK_ROW_CAP];
} col_learn_line;

static int col_learn_way(parse_ctx *c, size_t begin, size_t end, int w)
{
	if (!c->doc.line_kind || w > XXGK_ROW_CAP)
		return 0;
	col_learn_line *ls = malloc(sizeof *ls * COL_LEARN_CAP);
	if (!ls)
		return 0;   /* unknown: figures alone on a line stay short */
	int count = 0, votes[COL_WAYS] = { 0 };
	for (size_t i = begin; i < end && count < COL_LEARN_CAP;) {
		size_t v, j = col_line_values(c, i, end, &v);
		size_t first = i;
		i = j;
		int n = (int)(j - v);
		bool ok = n > 0 && n <= w && col_plain_line(c, &c->doc.toks[v]);
		for (size_t q = v; q < j && ok; q++)
			ok = c->doc.toks[q].kind == XXGK_TOK_NUM || c->doc.toks[q].kind == XXGK_TOK_NA;
		if (!ok)
			continue;
		col_learn_line *l = &ls[count];
		l->line = c->doc.toks[v].line;
		/* up to the page footer above; met on the way, the line before
		 * goes up to where its own walk went (on a text without footers
		 * a walk to the first line for each line was 8% of a parse) */
		l->top = l->line;
		while (l->top > 1 && xxgk_doc_line_kind(&c->doc, l->top - 1) != XXGK_LINE_SKIP) {
			if (count && l->top - 1 == ls[count - 1].line) {
				l->top = ls[count - 1].top;
				break;
			}
			l->top--;
		}
		l->n = n;
		l->labelled = v > first;
		bool exact = true;
		for (int k = 0; k < n; k++) {
			int32_t m[COL_WAYS];
			const xxgk_token *t = &c->doc.toks[v + (size_t)k];
			exact &= col_mid2(c, t, m);
			l->mid2[COL_CHARS][k] = m[COL_CHARS];
			l->mid2[COL_CELLS][k] = m[COL_CELLS];
			col_measure(t->text, t->len, &l->len[COL_CHARS][k], &l->len[COL_CELLS][k]);
		}
		/* a whole row with one space between its figures: padded to no
		 * column (pdftotext -raw), the text lines nothing up */
		if (n == w && !col_padded(c, v, j))
			goto done;
		/* display cells counted on narrowed marks are not the page's */
		if (!exact && col_narrowed(c, &c->doc.toks[v]))
			l->labelled = false;
		count++;
	}
	for (int a = 0; a < count; a++) {
		const col_learn_line *l = &ls[a];
		bool differ = false;
		for (int k = 0; k < l->n; k++)
			differ |= l->mid2[COL_CHARS][k] != l->mid2[COL_CELLS][k];
		if (!l->labelled || !differ)
			continue;
		/* two whole rows of the page: in one count each column's figures
		 * stand together (within a column's slack each side), in the other
		 * some stand apart by more than the slack and its margin (and,
		 * in characters, their widths' difference: col_settle) */
		for (int b = a + 1; b < count && l->n == w; b++) {
			const col_learn_line *o = &ls[b];
			if (!o->labelled || o->n != w || o->top != l->top)
				continue;
			bool together[COL_WAYS], apart[COL_WAYS];
			for (int y = 0; y < COL_WAYS; y++) {
				int32_t most = 0, beyond = 0;
				for (int k = 0; k < w; k++) {
					int32_t d = l->mid2[y][k] - o->mid2[y][k];
					int32_t dl = l->len[y][k] - o->len[y][k];
					d = d < 0 ? -d : d;
					most = d > most ? d : most;
					if (y == COL_CHARS)
						d -= 2 * (dl < 0 ? -dl : dl);
					beyond = d > beyond ? d : beyond;
				}
				together[y] = most <= 4 * COL_SLACK;
				apart[y] = beyond > 4 * COL_SLACK + 2 * COL_REFUTE;
			}
			for (int y = 0; y < COL_WAYS; y++)
				votes[y] += together[y] && apart[1 - y];
		}
		/* the columns of its page's other whole rows */
		col_geom g[COL_WAYS];
		memset(g, 0, sizeof g);
		for (int b = 0; b < count; b++) {
			const col_learn_line *o = &ls[b];
			if (b == a || o->top != l->top || o->n != w)
				continue;
			for (int y = 0; y < COL_WAYS; y++) {
				for (int k = 0; k < w; k++)
					col_take(&g[y], k, o->mid2[y][k], o->len[y][k]);
				g[y].rows++;
			}
		}
		if (!g[COL_CHARS].rows)
			continue;
		bool fits[COL_WAYS], misses[COL_WAYS];
		for (int y = 0; y < COL_WAYS; y++) {
			int at[XXGK_ROW_CAP], cur[XXGK_ROW_CAP];
			bool apart = col_apart(&g[y], w);
			fits[y] = apart && col_fits(&g[y], w, l->mid2[y], l->n, 0, 0, at, cur) > 0;
			misses[y] = !apart || col_fits_by(&g[y], COL_SLACK + COL_REFUTE, w, l->mid2[y],
							  y == COL_CHARS ? l->len[y] : NULL, l->n, 0, 0, at, cur) == 0;
		}
		for (int y = 0; y < COL_WAYS; y++)
			votes[y] += fits[y] && misses[1 - y];
	}
done:
	free(ls);
	if (votes[COL_CHARS] && !votes[COL_CELLS])
		return 1 + COL_CHARS;
	if (votes[COL_CELLS] && !votes[COL_CHARS])
		return 1 + COL_CELLS;
	return 0;
}

/*
 * The same for a row of a page read by position (a PDF without rules
 * between its columns, pdftohtml -s and -xml): each figure's box is known,
 * in points. The columns are the spans of the middles of the figures of the
 * rows printed whole on the same page (at least two), apart by more than a
 * slack of half the figures' height on each side; each figure of the short
 * row must fall within one span give or take that slack, in exactly one
 * way. Otherwise false (out untouched): the row stays short, as damaged.
 */
#define COL_BOX_UNIT 4.0   /* positions in quarter points for col_fits_by */

static const xxgk_origin *col_box(const parse_ctx *c, const xxgk_token *t)
{
	if (!c->doc.origins || t < c->doc.toks || t >= c->doc.toks + c->doc.tok_count)
		return NULL;
	const xxgk_origin *o = &c->doc.origins[t - c->doc.toks];
	return o->page && o->x1 > o->x0 ? o : NULL;
}

static int32_t col_box_mid2(const xxgk_origin *o)
{
	return (int32_t)lround((o->x0 + o->x1) * COL_BOX_UNIT);
}

static bool col_place_boxes(parse_ctx *c, size_t begin, size_t end, const xxgk_token *const *tok, int n, int w,
			    const xxgk_token **out)
{
	/* one empty cell only: a line of a few figures alone may be the tops of
	 * figures wrapped in narrow cells (pdftohtml -xml), the row's other
	 * figures on another line */
	if (n != w - 1 || w > XXGK_ROW_CAP || !c->doc.origins)
		return false;
	uint32_t line = tok[0]->line;
	int32_t mid2[XXGK_ROW_CAP];
	double height = 0;
	const xxgk_origin *first = col_box(c, tok[0]);
	if (!first)
		return false;
	for (int i = 0; i < n; i++) {
		const xxgk_origin *o = col_box(c, tok[i]);
		if (!o || o->page != first->page || tok[i]->line != line ||
		    (tok[i]->kind != XXGK_TOK_NUM && tok[i]->kind != XXGK_TOK_NA))
			return false;
		mid2[i] = col_box_mid2(o);
		if (o->y1 - o->y0 > height)
			height = o->y1 - o->y0;
	}
	/* a line of figures alone just above or below: fragments of a figure
	 * wrapped in its cell, whose other piece may be among this row's */
	for (size_t i = begin; i < end;) {
		uint32_t l = c->doc.toks[i].line;
		size_t v, j = col_line_values(c, i, end, &v);
		if ((l + 1 == line || l == line + 1) && v == i && j > i)
			return false;
		i = j;
	}
	/* the whole rows of its page (g), and of the table's other pages (go) */
	col_geom g, go;
	memset(&g, 0, sizeof g);
	memset(&go, 0, sizeof go);
	int32_t page_mid2[XXGK_ROW_CAP];
	for (size_t i = begin; i < end;) {
		uint32_t l = c->doc.toks[i].line;
		size_t v, j = col_line_values(c, i, end, &v);
		bool whole = l != line && j - v == (size_t)w;
		const xxgk_origin *ov = whole ? col_box(c, &c->doc.toks[v]) : NULL;
		whole = ov != NULL;
		for (size_t q = v; q < j && whole; q++) {
			const xxgk_origin *o = col_box(c, &c->doc.toks[q]);
			whole = o && o->page == ov->page &&
				(c->doc.toks[q].kind == XXGK_TOK_NUM || c->doc.toks[q].kind == XXGK_TOK_NA);
		}
		col_geom *into = whole && ov->page == first->page ? &g : &go;
		for (int k = 0; whole && k < w; k++) {
			int32_t m = col_box_mid2(col_box(c, &c->doc.toks[v + (size_t)k]));
			if (into == &g)
				page_mid2[k] = m;
			if (!into->rows || m < into->lo2[k])
				into->lo2[k] = m;
			if (!into->rows || m > into->hi2[k])
				into->hi2[k] = m;
		}
		into->rows += whole;
		i = j;
	}
	int slack = (int)lround(height / 2 * COL_BOX_UNIT);
	if (slack < 1)
		return false;
	int at[XXGK_ROW_CAP], cur[XXGK_ROW_CAP];
	/* one whole row on its page: the columns of the table's other pages,
	 * where they are told apart and that row stands under them, one figure
	 * a column (a table continued on the next page keeps its columns; a
	 * wrapped figure joined, parse.c, may leave its page one whole row) */
	if (g.rows == 1 && go.rows >= 2) {
		bool apart = true;
		for (int k = 0; k + 1 < w; k++)
			apart = apart && go.lo2[k + 1] - go.hi2[k] > 4 * slack;
		if (!apart || col_fits_by(&go, slack, w, page_mid2, NULL, w, 0, 0, at, cur) != 1)
			return false;
		for (int k = 0; k < w; k++) {
			g.lo2[k] = page_mid2[k] < go.lo2[k] ? page_mid2[k] : go.lo2[k];
			g.hi2[k] = page_mid2[k] > go.hi2[k] ? page_mid2[k] : go.hi2[k];
		}
		g.rows += go.rows;
	}
	if (g.rows < 2)
		return false;
	for (int k = 0; k + 1 < w; k++)
		if (g.lo2[k + 1] - g.hi2[k] <= 4 * slack)
			return false;   /* columns too close to tell a figure's */
	if (col_fits_by(&g, slack, w, mid2, NULL, n, 0, 0, at, cur) != 1)
		return false;
	const xxgk_token *tmp[XXGK_ROW_CAP] = { NULL };
	for (int i = 0; i < n; i++)
		tmp[at[i]] = tok[i];
	for (int k = 0; k < w; k++) {
		if (tmp[k])
			continue;
		tmp[k] = xxgk_doc_blank_token(&c->doc, tok[0]->text, line, tok[0]->column);
		if (!tmp[k]) {
			c->oom = 1;
			return false;
		}
	}
	memcpy(out, tmp, sizeof(*out) * (size_t)w);
	return true;
}

/*
 * A row read by position (a PDF without rules between its columns,
 * pdftohtml -s and -xml) whose run goes on past its line: where a figure on
 * a later line stands under a column its line has filled (their boxes
 * overlap across), that figure is not its own — a row has one figure a
 * column — but a fragment of a figure wrapped in the cell below or above
 * ("196 … 226" of （七）'s 1967 and 2268, on a line of their own between
 * （六）3's '97 10 2 空 1 3 113' and （七）'s), or a stray. The row ends with
 * its line: returns where (the first token after it), else `j`.
 */
static size_t col_boxes_line_end(const parse_ctx *c, size_t i, size_t j)
{
	const xxgk_token *t = &c->doc.toks[i];
	const xxgk_origin *first = col_box(c, t);
	if (!first)
		return j;
	size_t q = i;
	while (q < j && c->doc.toks[q].line == t->line)
		q++;
	for (size_t p = q; p < j; p++) {
		const xxgk_token *u = &c->doc.toks[p];
		const xxgk_origin *o = col_box(c, u);
		if (!o || o->page != first->page || (u->kind != XXGK_TOK_NUM && u->kind != XXGK_TOK_NA))
			continue;
		for (size_t a = i; a < q; a++) {
			const xxgk_token *v = &c->doc.toks[a];
			const xxgk_origin *oa = col_box(c, v);
			if (oa && oa->page == o->page && (v->kind == XXGK_TOK_NUM || v->kind == XXGK_TOK_NA) &&
			    o->x0 < oa->x1 && oa->x0 < o->x1)
				return q;
		}
	}
	return j;
}

/* ----------------------------------------------------------------- rows */

typedef struct {
	parse_ctx *c;
	const row_spec *specs;
	int count;
	const bool *optional;
	row_read *rows;
	int r;               /* the next row due */
	size_t stop;
} read_state;

/* The labels on the line of token `i` before it, compacted; "" if none. */
static void row_own_label(const parse_ctx *c, size_t begin, size_t i, char *out, size_t cap)
{
	xxgk_buf b;
	xxgk_buf_init(&b);
	size_t q = i, bytes = 0;
	/* the nearest labels, as many as fit: a run-together page's first label is its whole prose */
	while (q > begin && c->doc.toks[q - 1].line == c->doc.toks[i].line && !tok_is_value(&c->doc.toks[q - 1]) &&
	       bytes + c->doc.toks[q - 1].len < cap - 1) {
		bytes += c->doc.toks[q - 1].len;
		q--;
	}
	for (; q < i; q++)
		xxgk_compact_append(&b, c->doc.toks[q].text, c->doc.toks[q].len, cap - 1);
	size_t n = b.data ? (b.len < cap - 1 ? b.len : cap - 1) : 0;
	if (n)
		memcpy(out, b.data, n);
	out[n] = '\0';
	xxgk_buf_free(&b);
}

/* Appends a label token, keeping the last PARSE_LABEL_CAP bytes: the words
 * nearest the values name the row (a run-together page's first label is its
 * whole prose). */
static void label_append(xxgk_buf *label, const xxgk_token *t)
{
	const char *s = t->text;
	size_t n = t->len;
	if (n > PARSE_LABEL_CAP) {
		s += n - PARSE_LABEL_CAP;
		n = PARSE_LABEL_CAP;
		while (n > 0 && ((unsigned char)*s & 0xC0) == 0x80)
			s++, n--;
	}
	xxgk_compact_append(label, s, n, 2 * PARSE_LABEL_CAP);
	if (label->data && label->len > PARSE_LABEL_CAP) {
		size_t drop = label->len - PARSE_LABEL_CAP;
		while (drop < label->len && ((unsigned char)label->data[drop] & 0xC0) == 0x80)
			drop++;
		memmove(label->data, label->data + drop, label->len - drop);
		label->len -= drop;
		label->data[label->len] = '\0';
	}
}

/* Where the last keyword of row spec `sp` ends in `label`; −1 if nowhere. */
static long row_key_end(const char *label, const row_spec *sp)
{
	long at = -1;
	for (const char *const *key = sp->keys; *key; key++) {
		long a = row_key_at(label, *key, sp->nots, sp->heads);
		if (a >= 0 && a + (long)strlen(*key) > at)
			at = a + (long)strlen(*key);
	}
	for (const char *const *key = sp->keys_2019; match_2019 && key && *key; key++) {
		long a = row_key_at(label, *key, NULL, NULL);
		if (a >= 0 && a + (long)strlen(*key) > at)
			at = a + (long)strlen(*key);
	}
	return at;
}

/* The bytes of a row's item mark at p ("5." "5．" "5、" "（五）" "五、"), 0 if none. */
static size_t row_mark_at(const char *p)
{
	static const char *const han = "一二三四五六七八九十";
	const unsigned char *u = (const unsigned char *)p;
	size_t n = 0;
	while (u[n] >= '0' && u[n] <= '9')
		n++;
	if (n && (u[n] == '.' || u[n] == ')'))
		return n + 1;
	if (n && (strncmp(p + n, "．", 3) == 0 || strncmp(p + n, "、", 3) == 0 || strncmp(p + n, "）", 3) == 0))
		return n + 3;
	size_t q = strncmp(p, "（", 3) == 0 ? 3 : strncmp(p, "(", 1) == 0 ? 1 : 0;
	size_t h = q;
	for (bool more = true; more;) {
		more = false;
		for (const char *d = han; *d && !more; d += 3)
			more = p[h] == d[0] && strncmp(p + h, d, 3) == 0;   /* first byte inline */
		if (more)
			h += 3;
	}
	if (h == q)
		return 0;
	if (q && strncmp(p + h, "）", 3) == 0)
		return h + 3;
	if (q && p[h] == ')')
		return h + 1;
	if (!q && strncmp(p + h, "、", 3) == 0)
		return h + 3;
	return 0;
}

/* Is the item mark of `m` bytes at p a family head's, its words after it
 * ("(六)其他", a piece of （六）其他处理 — row_key_in_head)? It opens no row. */
static bool row_mark_opens_head(const char *p, size_t m)
{
	if (!match_heads)
		return false;
	for (int r = 0; r < XXGK_T3_ROWS; r++)
		for (const char *const *h = t3_specs[r].heads; h && *h; h++) {
			uint32_t cp;
			size_t n = strlen(*h);
			size_t cn = m < n ? xxgk_utf8_decode((const unsigned char *)*h + m, n - m, &cp) : 0;
			if (cn && strncmp(p, *h, m + cn) == 0)
				return true;
		}
	return false;
}

/* The words after the last item mark in label[from..], or NULL if no mark. */
static const char *row_after_mark(const char *label, long from)
{
	const char *rest = NULL;
	for (const char *p = label + from; *p; p++) {
		size_t m = (p == label || !(p[-1] >= '0' && p[-1] <= '9')) ? row_mark_at(p) : 0;
		if (m && row_mark_opens_head(p, m))
			m = 0;
		if (m) {
			rest = p + m;
			p += m - 1;
		}
	}
	return rest;
}

/* Does `rest` end with the start, two characters or more but not all, of
 * one of row spec sp's keywords ("属于三类内部事" of 内部事务)? */
static bool row_cut_key(const char *rest, const row_spec *sp)
{
	size_t rn = strlen(rest);
	for (const char *const *key = sp->keys; *key; key++) {
		size_t kn = strlen(*key);
		for (size_t n = kn - 1; n >= 6; n--) {
			if (n > rn || ((unsigned char)(*key)[n] & 0xC0) == 0x80)
				continue;   /* whole characters only */
			if (memcmp(rest + rn - n, *key, n) == 0)
				return true;
		}
	}
	return false;
}

/*
 * A label that names row k, read before a run of figures, where another
 * row's item mark follows k's keyword ("4.保护第三方合法权益5.属于三类内部事"):
 * space-aligned text whose narrow label column wrapped the next row's label
 * and cut its keyword across the figures' line and the next. Row k's label
 * ended with no figures of its own. Returns the next row, k + 1, when the
 * words after the mark end with the start of one of its keywords (a later
 * row when the rows between print their keywords whole before it); −2 when a
 * mark follows but the row it opens is not told (the figures are not k's);
 * −1 when no mark follows k's keyword (the figures are k's).
 */
static int row_cut_next(const char *label, const row_spec *specs, int k, int count)
{
	long at = row_key_end(label, &specs[k]);
	const char *rest = at < 0 ? NULL : row_after_mark(label, at);
	if (!rest)
		return -1;
	/* rows after k whose keywords stand whole before that mark, each after
	 * the one before's, printed nothing either ("2.重复申请3.要求提供公开
	 * 出版物4.无正当理由大量反"): the mark's words start the row after them */
	for (int r = k + 1; r < count; r++) {
		if (row_cut_key(rest, &specs[r]))
			return r;
		long e = row_key_end(label + at, &specs[r]);
		if (e < 0 || label + at + e > rest)
			break;
		at += e;
	}
	return -2;
}

/*
 * The row due, `due`, when its keyword is cut after its first character
 * across the figures' line and the next ("5.属于三类内 1 0 …/部事务信息"):
 * `label` (the words read before the figures, their own line's last) joined
 * with the labels of the line after the figures, token `j` on, names row
 * `due` and no other row of the table. That line must not open a row (an
 * item mark at its start). Returns due, or −1.
 */
static int row_wrap_match(const parse_ctx *c, const char *label, size_t j, size_t end, const row_spec *specs,
			  int due, int count)
{
	if (j >= end || j == 0 || c->doc.toks[j].line != c->doc.toks[j - 1].line + 1 ||
	    row_mark_at(c->doc.toks[j].text))
		return -1;
	xxgk_buf joined;
	xxgk_buf_init(&joined);
	label_append(&joined, &(xxgk_token){ .text = label, .len = (uint32_t)strlen(label) });
	for (size_t q = j; q < end && c->doc.toks[q].line == c->doc.toks[j].line; q++) {
		if (tok_is_value(&c->doc.toks[q]))
			break;
		label_append(&joined, &c->doc.toks[q]);
	}
	int k = -1;
	if (joined.data && parse_match_row(joined.data, specs, due, due + 1) == due) {
		k = due;
		for (int r = 0; r < count && k >= 0; r++)
			if (r != due && parse_match_row(joined.data, specs, r, r + 1) == r)
				k = -1;   /* names another row as well */
	}
	xxgk_buf_free(&joined);
	return k;
}

/* The row in [lo, hi] that the labels of the next labelled run after token
 * `j` name, or −1. */
static int row_next_match(const read_state *s, size_t j, size_t end, int lo, int hi)
{
	const parse_ctx *c = s->c;
	size_t q = j;
	while (q < end && !tok_is_value(&c->doc.toks[q]))
		q++;
	if (q >= end || q == j || lo > hi)
		return -1;
	char own[512];
	row_own_label(c, j, q, own, sizeof own);
	int k = own[0] ? parse_match_row(own, s->specs, lo, hi + 1) : -1;
	if (k < 0) {
		xxgk_buf lab;
		xxgk_buf_init(&lab);
		for (size_t p = j; p < q; p++)
			label_append(&lab, &c->doc.toks[p]);
		k = lab.data ? parse_match_row(lab.data, s->specs, lo, hi + 1) : -1;
		xxgk_buf_free(&lab);
	}
	return k;
}

/*
 * Does the label read before a row's figures go on after them, wrapped
 * around them in a narrow label column ("2.其他法律行政法规" / 1 … 1 /
 * "禁止公开")? The line after the figures' (token `j` on) opens with no item
 * mark, and the words after the label's last mark name row k: the next
 * labels naming k again are k's own, not a sign that k was a heading's word.
 */
static bool row_label_goes_on(const parse_ctx *c, const char *label, size_t j, size_t end, const row_spec *specs,
			      int k)
{
	if (!label || j >= end || j == 0 || c->doc.toks[j].line != c->doc.toks[j - 1].line + 1 ||
	    row_mark_at(c->doc.toks[j].text))
		return false;
	const char *rest = row_after_mark(label, 0);
	return rest && parse_match_row(rest, specs, k, k + 1) == k;
}

/* Row `row`, labelled on `label_line`, read as the `w` empty lines `lines`
 * (one-cell-per-line text: a row printed with every cell empty). */
static bool row_read_empty(parse_ctx *c, row_read *row, uint32_t label_line, const uint32_t *lines, int w)
{
	memset(row, 0, sizeof *row);
	row->found = true;
	row->label_line = label_line;
	for (int q = 0; q < w; q++) {
		row->tok[q] = xxgk_doc_gap_token(&c->doc, lines[q]);
		if (!row->tok[q]) {
			c->oom = 1;
			return false;
		}
	}
	row->count = w;
	return true;
}

/* A label with only empty lines after it, in one-cell-per-line text: a row
 * printed with every cell empty, when the row due is named and the lines fit. */
static bool row_all_empty(read_state *s, const char *label, size_t i, int *k_out)
{
	parse_ctx *c = s->c;
	if (!c->gaps.on || i + 1 >= c->doc.tok_count)
		return false;
	const xxgk_token *t = &c->doc.toks[i], *nx = &c->doc.toks[i + 1];
	if (tok_is_value(nx))
		return false;
	int due = s->r;
	while (s->optional && due < s->count && s->optional[due])
		due++;
	if (due >= s->count || parse_match_row(label, s->specs, due, due + 1) != due)
		return false;
	uint32_t lines[GAP_SLOTS_CAP];
	int n = gap_slots(&c->doc, t->line, nx->line, c->gaps.dbl, lines, GAP_SLOTS_CAP);
	int w = s->specs[due].width;
	if (n > GAP_SLOTS_CAP || n < w)
		return false;
	for (int x = 0; x + w <= n; x++) {
		if (!((c->gaps.lead_set >> x) & 1u) || !((c->gaps.trail_set >> (n - w - x)) & 1u))
			continue;
		*k_out = due;
		return row_read_empty(c, &s->rows[due], t->line, lines + x, w);
	}
	return false;
}

/*
 * Row k, named by its label on `label_line`, with empty lines before its
 * first value on `first`, in one-cell-per-line text: is it a row printed
 * with every cell empty, the values after it the next row's, whose label is
 * lost? Only when the table's whole rows never stand that far from their
 * label, and the empty lines are exactly k's cells between the layout's own
 * edges (lead, the row's cells, trail, the next row's lead). Then row k is
 * read as those empty cells. Without this, k would take the next row's
 * figures, unwarned.
 */
static bool row_blank_before(read_state *s, int k, uint32_t label_line, uint32_t first, int next_short)
{
	parse_ctx *c = s->c;
	if (!c->gaps.on || !label_line || label_line >= first || s->rows[k].found)
		return false;
	uint32_t lines[GAP_SLOTS_CAP];
	int n = gap_slots(&c->doc, label_line, first, c->gaps.dbl, lines, GAP_SLOTS_CAP);
	int w = s->specs[k].width;
	if (n > GAP_SLOTS_CAP || n < w || ((c->gaps.lead_set >> n) & 1u))
		return false;
	int fit = -1;
	for (int x = 0; x + w <= n && fit < 0; x++) {
		if (!((c->gaps.lead_set >> x) & 1u))
			continue;
		int rest = n - w - x;   /* the trail of row k and the lead of the next row */
		/* … and the next row's first cells, printed empty, where its
		 * figures are fewer than its cells (at most next_short of them) */
		for (int tr = 0; tr <= rest && fit < 0; tr++)
			for (int e = 0; e <= next_short && e <= rest - tr && fit < 0; e++)
				if ((c->gaps.trail_set >> tr) & 1u && (c->gaps.lead_set >> (rest - tr - e)) & 1u)
					fit = x;
	}
	if (fit < 0)
		return false;
	return row_read_empty(c, &s->rows[k], label_line, lines + fit, w);
}

/* Lines apart that the pieces of one broken head may stand. */
#define ROW_HEAD_SPAN 4

/*
 * Is label token `i` a piece of a family head (row_key_in_head) that is all
 * a row's keyword — the head broken by the converter right after it ("其他"
 * / "处理", the next column's words between)? Only when the head's rest
 * opens a label within ROW_HEAD_SPAN lines after it, before any figure: the
 * keyword alone cannot tell 3.其他 printed without its mark from the head.
 */
static bool row_head_piece(const parse_ctx *c, const row_spec *specs, int count, size_t i, size_t end)
{
	const xxgk_token *t = &c->doc.toks[i];
	if (!match_heads)
		return false;
	for (int k = 0; k < count; k++)
		for (const char *const *h = specs[k].heads; h && *h; h++)
			for (const char *const *key = specs[k].keys; *key; key++) {
				size_t kn = strlen(*key);
				const char *in = strstr(*h, *key);
				if (!in || t->len != kn || memcmp(t->text, *key, kn) != 0 || !in[kn])
					continue;
				const char *rest = in + kn;
				size_t rn = strlen(rest);
				for (size_t q = i + 1; q < end && c->doc.toks[q].line <= t->line + ROW_HEAD_SPAN; q++) {
					const xxgk_token *u = &c->doc.toks[q];
					if (tok_is_value(u))
						break;
					if (u->len >= rn && memcmp(u->text, rest, rn) == 0)
						return true;
				}
			}
	return false;
}

/* The cells most pipe-table lines with values in [begin, end) have; 0 when none. */
static uint16_t table_pipe_fields(const parse_ctx *c, size_t begin, size_t end)
{
	uint16_t seen[8] = { 0 }, votes[8] = { 0 };
	int kinds = 0;
	uint32_t last = 0;
	for (size_t i = begin; i < end && c->doc.line_fields; i++) {
		const xxgk_token *t = &c->doc.toks[i];
		if (!tok_is_value(t) || t->line == last || !c->doc.line_fields[t->line])
			continue;
		last = t->line;
		uint16_t f = c->doc.line_fields[t->line];
		int k = 0;
		while (k < kinds && seen[k] != f)
			k++;
		if (k == kinds && kinds < 8)
			seen[kinds++] = f;
		if (k < 8)
			votes[k]++;
	}
	int best = -1;
	for (int k = 0; k < kinds; k++)
		if (best < 0 || votes[k] > votes[best])
			best = k;
	return best < 0 ? 0 : seen[best];
}

/* Warns the figures tok[0..n) as standing in no row: cells.stray. */
static void row_warn_stray(parse_ctx *c, const xxgk_token *const *tok, int n)
{
	char stray[128];
	size_t sn = 0;
	stray[0] = '\0';
	for (int q = 0; q < n && sn + 40 < sizeof stray; q++)
		if (tok[q]->kind != XXGK_TOK_BLANK)
			sn += (size_t)snprintf(stray + sn, sizeof stray - sn, "%s%.*s", sn ? " " : "",
					       (int)(tok[q]->len < 32 ? tok[q]->len : 32), tok[q]->text);
	if (n > 0)
		xxgk__parse_warn(c, "cells.stray", tok[0]->line,
				 "表格中“%s”不属于任何一行（其后一行有行名），不予采用", stray);
}

/* Table 3's column headings that are also a row's keyword: printed bare
 * among the figures (pdftotext's default mode prints the headings in column
 * order, between the first rows' figures), 总计 is the total column's
 * heading, not the row （七）总计 twenty rows ahead. */
static const char *const t3_heading_words[] = { "总计", "合计", NULL };

/* The words over table 3's rows, as pdftotext's default mode prints them
 * among the labels, in any order: its title, 申请人情况 / 自然人 (or 自然
 * and 人 apart, the note on the 勾稽 between them) / 法人或其他组织 over
 * 商业企业 … 法律服务机构 / 其他 / 总计. The note itself, "(本列数据的勾稽关系
 * 为…)", is skipped whole (heading words may stand inside it). */
static const char *const t3_column_words[] = { "三、收到和处理政府信息公开申请情况", "申请人情况", "自然人", "自然", "人",
					       "法人或其他组织", "商业企业", "科研机构", "社会公益组织", "法律服务机构",
					       "总计", "合计", NULL };
#define T3_NOTE "(本列数据"

/*
 * Is `label` nothing but the words over table 3's rows, the last the bare
 * 其他 (法人或其他组织's last column, not （六）3.其他 twenty rows ahead)?
 * Each before it one of t3_column_words or the note, at least one: no
 * row's label among them. ("法人或其他组织商业企业科研机构社会公益组织法律服务
 * 机构其他", "总计其他", "三、收到…申请人情况(本列数据…等于第自然三项加第四项
 * 之和)人法人或其他组织…其他".)
 */
static bool row_heading_other(const char *label)
{
	size_t n = strlen(label);
	if (n < strlen("其他") || strcmp(label + n - strlen("其他"), "其他") != 0)
		return false;
	size_t at = 0, end = n - strlen("其他");
	int words = 0;
	while (at < end) {
		if (strncmp(label + at, T3_NOTE, strlen(T3_NOTE)) == 0) {
			const char *close = strstr(label + at, ")");
			if (!close || (size_t)(close - label) >= end)
				return false;
			at = (size_t)(close - label) + 1;
			continue;
		}
		const char *const *w = t3_column_words;
		for (; *w; w++)
			if (strncmp(label + at, *w, strlen(*w)) == 0 && at + strlen(*w) <= end)
				break;
		if (!*w)
			return false;
		at += strlen(*w);
		words++;
	}
	return words > 0;
}

/*
 * Is `label` nothing but a column heading word that names row k, a row
 * after the one due — 总计, or 其他 after other columns' headings? Then it
 * is the heading, and names no row.
 */
static bool row_bare_heading(const char *label, const row_spec *specs, int k, int due)
{
	if (!label || k <= due || specs != t3_specs)
		return false;
	for (const char *const *key = specs[k].keys; *key; key++)
		if (strcmp(*key, "其他") == 0 && row_heading_other(label))
			return true;   /* （六）3.其他 named by the heading 其他 */
	for (const char *const *h = t3_heading_words; *h; h++)
		if (strcmp(label, *h) == 0)
			for (const char *const *key = specs[k].keys; *key; key++)
				if (strcmp(*key, *h) == 0)
					return true;
	return false;
}

/* rows of a table read in order that order_unsure looks at */
#define ORDER_CAP 64

/*
 * Rows placed by order (their labels not printed) are the rows due only
 * where the runs printed between the labelled rows around them fill the
 * template's rows there: a report that prints （六）其他处理 as one row, its
 * label lost before （七）总计, prints one run where the template has three
 * rows, and the run may be （六）3's (the one row such reports print), not
 * （六）1's, the row due. Where the rows between outnumber the runs — rows
 * left unread before the next labelled row, or runs of blanks with no label
 * dropped among them (a row printed wholly empty) — which row each run is,
 * order cannot tell: marked XXGK_PLACED_ORDER_UNSURE. Rows `optional` may
 * be absent (the 2019 template's （六）1 and 2) and count for nothing; the
 * rows after the last labelled row (a table cut off) are not judged.
 */
static void order_unsure(const row_spec *specs, int count, const bool *optional, const int *blank_lost,
			 row_read *rows)
{
	(void)specs;
	for (int a = 0; a < count && a < ORDER_CAP; a++) {
		if (!rows[a].found || !rows[a].label_missing || (a > 0 && rows[a - 1].found && rows[a - 1].label_missing))
			continue;
		int b = a;
		while (b + 1 < count && rows[b + 1].found && rows[b + 1].label_missing)
			b++;
		int q = b + 1;
		while (q < count && !rows[q].found)
			q++;
		if (q >= count)
			continue;   /* no labelled row after: not judged */
		int lost = 0;
		for (int r = b + 1; r < q; r++)
			lost += !(optional && optional[r]);
		for (int r = a; r <= q && r < ORDER_CAP; r++)
			lost += blank_lost[r];
		if (lost > 0)
			for (int r = a; r <= b; r++)
				rows[r].placed |= XXGK_PLACED_ORDER_UNSURE;
		a = b;
	}
}

/*
 * Reads the rows of one table from tokens [begin, end). Returns the index of
 * the first token after the last row read.
 */
static size_t parse_read_rows(parse_ctx *c, const row_spec *specs, int count, size_t begin, size_t end,
			      const bool *optional, bool any_order, row_read *rows)
{
	xxgk_buf label;
	xxgk_buf_init(&label);
	uint32_t label_line = 0;
	read_state s = { c, specs, count, optional, rows, 0, begin };
	size_t i = begin;
	unsigned carry = 0;   /* XXGK_PLACED_* for the next row read */
	int strays = 0;       /* figures of rows before set aside since the last row read (a
				 heading's run, a row by order taken back), for the next */
	int prev_k = -1;      /* the row read last */
	uint16_t pipe_fields = table_pipe_fields(c, begin, end);
	col_specs = specs;
	col_spec_count = count;
	int blank_lost[ORDER_CAP] = { 0 };   /* runs of blanks with no label dropped while row r was due */
	memset(rows, 0, sizeof(*rows) * (size_t)count);
	while (i < end && s.r < count) {
		const xxgk_token *t = &c->doc.toks[i];
		if (t->kind == XXGK_TOK_LABEL) {
			if (!row_head_piece(c, specs, count, i, end))
				label_append(&label, t);
			label_line = t->line;
			int k;
			if (row_all_empty(&s, label.data ? label.data : "", i, &k)) {
				s.r = k + 1;
				s.stop = i + 1;
				label.len = 0;
				if (label.data)
					label.data[0] = '\0';
			}
			i++;
			continue;
		}
		size_t j = i;
		while (j < end && c->doc.toks[j].kind != XXGK_TOK_LABEL)
			j++;
		/* a table row of tabs or pipes ends with its line: a number alone on
		 * a later line is not one of its cells */
		if (xxgk_doc_line_kind(&c->doc, t->line) == XXGK_LINE_ROW)
			for (size_t q = i + 1; q < j; q++)
				if (c->doc.toks[q].line != c->doc.toks[q - 1].line &&
				    xxgk_doc_line_kind(&c->doc, c->doc.toks[q].line) != XXGK_LINE_ROW) {
					j = q;
					break;
				}
		/* a space-aligned row (pdftotext -layout) ends with its line too when
		 * its figures line up under the table's columns, empty cells between:
		 * a number on a later line alone is a fragment of a figure wrapped in
		 * its cell (（七）'s 1104 as "110" above its line and "4" below), or
		 * the next row's, not one of its cells */
		if (j > i + 1 && c->doc.toks[j - 1].line != t->line && s.r < count) {
			size_t q = i + 1;
			while (q < j && c->doc.toks[q].line == t->line)
				q++;
			int n1 = (int)(q - i), due_w = specs[s.r].width;
			const xxgk_token *first[XXGK_ROW_CAP], *by_col_line[XXGK_ROW_CAP];
			if (n1 < due_w && due_w <= XXGK_ROW_CAP) {
				for (int z = 0; z < n1; z++)
					first[z] = &c->doc.toks[i + (size_t)z];
				if (col_place(c, begin, end, first, n1, due_w, by_col_line))
					j = q;
				/* with no whole row to take the columns from, figures
				 * padded apart on the row's line, short of its cells,
				 * then more on lines of their own than its empty cells:
				 * not all its own, and a row of space-aligned text does
				 * not go on past its line — fragments of figures wrapped
				 * in their cells, or the next row's ("196 … 226" above
				 * （七）'s line, of its 1967 and 2268) */
				else if ((int)(j - i) > due_w && n1 >= 2 && col_padded(c, i, q) && col_plain_line(c, t))
					j = q;
			}
		}
		/* … and a row read by position with a figure on a later line under
		 * a column its line has filled */
		if (j > i + 1 && c->doc.toks[j - 1].line != t->line)
			j = col_boxes_line_end(c, i, j);
		size_t next = j;
		/* the label on the values' own line names the row first (a wrong or
		 * repeated header row above it names nothing) */
		char own[1024];
		row_own_label(c, begin, i, own, sizeof own);
		int from = any_order ? 0 : s.r;
		int k = own[0] ? parse_match_row(own, specs, from, count) : -1;
		bool own_named = k >= 0;
		bool missing = false, cut_read = false;
		int due0 = s.r;
		while (optional && due0 < count && optional[due0])
			due0++;
		if (k < 0) {
			k = parse_match_row(label.data ? label.data : "", specs, from, count);
			/* only the row due: a later row named is a heading's word, below */
			int cut = k >= 0 && k == due0 && !any_order && !rows[k].found
					  ? row_cut_next(label.data, specs, k, count) : -1;
			/* … or the due row and the rows after it named in turn, each
			 * printed empty, a mark after the last starting the row whose
			 * figures these are ("2.重复申请3.要求提供公开出版物4.无正当
			 * 理由大量反"): not the last row named */
			if (k > due0 && due0 < count && !any_order && !rows[due0].found && label.data &&
			    parse_match_row(label.data, specs, due0, due0 + 1) == due0) {
				int far = row_cut_next(label.data, specs, due0, count);
				if (far > k) {
					cut = far;
					k = due0;
				}
			}
			cut_read = cut != -1;
			/* k's label, then the next row's mark, then the figures: on the
			 * mark's own line (a layout's row) they are the next row's and k
			 * printed nothing; on lines of their own (labels printed apart
			 * from figures, pdftotext's default mode) k's may be elsewhere */
			unsigned apart = t->line != label_line ? XXGK_PLACED_BLANK_APART : 0;
			if (cut >= 0) {
				/* rows k … cut − 1 printed with every cell empty; the figures are cut's */
				for (; k < cut; k++) {
					rows[k].found = true;
					rows[k].label_line = label_line;
					rows[k].count = 0;
					rows[k].placed = apart;
				}
			} else if (cut == -2 && k + 1 < count) {
				/* not k's, nor named: k printed blank, the figures the next
				 * row's by order (warned as a row whose label is lost) */
				rows[k].found = true;
				rows[k].label_line = label_line;
				rows[k].count = 0;
				rows[k].placed = apart;
				k++;
				missing = true;
			} else if (k < 0 && !any_order && label.data) {
				/* the row due, its keyword cut across the figures' line and the
				 * next ("7.属于行/政执法案 2 0 …/卷"): named by the keyword's start */
				const char *rest = row_after_mark(label.data, 0);
				if (due0 < count && rest && row_cut_key(rest, &specs[due0]))
					k = due0;
				else if (due0 < count && rest)
					k = row_wrap_match(c, label.data, j, end, specs, due0, count);
			}
		}
		if (!any_order && k >= 0 && row_bare_heading(own_named ? own : label.data, specs, k, due0)) {
			/* the column heading 总计 printed among the figures: the figures
			 * after it stand in no row the text names; set aside, and the
			 * rows beside them must prove themselves */
			const xxgk_token *st[RUN_CAP];
			int sn = gap_run(c, i, j, st, RUN_CAP);
			row_warn_stray(c, st, sn);
			strays += sn;
			carry |= XXGK_PLACED_STRAY;
			if (prev_k >= 0)
				rows[prev_k].placed |= XXGK_PLACED_STRAY;
			i = next;
			label.len = 0;
			if (label.data)
				label.data[0] = '\0';
			continue;
		}
		if (k < 0 && !any_order && prev_k >= 0 && prev_k == s.r - 1 && rows[prev_k].label_missing &&
		    !rows[prev_k].glued && rows[prev_k].count < specs[prev_k].width &&
		    ((own[0] && parse_match_row(own, specs, prev_k, prev_k + 1) == prev_k) ||
		     (label.data && parse_match_row(label.data, specs, prev_k, prev_k + 1) == prev_k))) {
			/* the row just read by order, short of figures, is named now:
			 * what it took was a stray before it (the counterpart of the
			 * stray below, when a heading stood between) */
			row_warn_stray(c, rows[prev_k].tok, rows[prev_k].count);
			strays += rows[prev_k].strays_before + rows[prev_k].count;
			memset(&rows[prev_k], 0, sizeof rows[prev_k]);
			k = s.r = prev_k;
			carry |= XXGK_PLACED_STRAY;
		}
		if (any_order && k >= 0 && rows[k].found)
			k = -1;   /* named again: not this row */
		int next_k;
		int after_k = k + 1;   /* the row after k in order: the first not read yet */
		while (any_order && after_k < count && rows[after_k].found)
			after_k++;
		int next_short = 0;   /* the next row's cells its run does not fill */
		if (k >= 0 && !cut_read && after_k < count && c->gaps.on) {
			const xxgk_token *nr[RUN_CAP];
			next_short = specs[after_k].width - gap_run(c, i, j, nr, RUN_CAP);
			if (next_short < 0)
				next_short = 0;
		}
		if (k >= 0 && !cut_read && after_k < count && row_blank_before(&s, k, label_line, t->line, next_short)) {
			/* row k printed with every cell empty, the figures the next
			 * row's, its label lost: placed by order, with a warning. The
			 * next row's empty lines before its figures (its edge, its
			 * cells printed empty) are counted from k's last cell */
			label_line = rows[k].tok[rows[k].count - 1]->line;
			k = after_k;
			missing = true;
		}
		if (k < 0) {
			k = s.r;
			missing = true;
		} else if (!any_order && !cut_read && k > s.r && (next_k = row_next_match(&s, j, end, s.r, k)) >= 0 &&
			   !(next_k == k && row_label_goes_on(c, label.data, j, end, specs, k))) {
			/* the next row's label names this row or one before it: this
			 * match was a heading's word ("（六）其他处理" before a lost
			 * "1.申请人…"), the run is the row due, its label not printed */
			k = s.r;
			missing = true;
		}
		const xxgk_token *run_tok[RUN_CAP];
		int run_all = gap_run(c, i, j, run_tok, RUN_CAP);
		int lo = 0, hi = run_all;
		/* empty cells that pad a row out to the grid (HTML, wide tables)
		 * are not values: trim them from the edges while the row is too long —
		 * unless the row is a pipe-table line with more cells than the table's
		 * other lines, whose empty cells are as much its cells as its numbers */
		int w0 = specs[k].width;
		bool overlong = pipe_fields > 0 && c->doc.line_fields &&
				c->doc.line_fields[t->line] > pipe_fields &&
				c->doc.toks[j - 1].line == t->line;
		while (!overlong && hi - lo > w0 && run_tok[lo]->kind == XXGK_TOK_BLANK)
			lo++;
		while (!overlong && hi - lo > w0 && run_tok[hi - 1]->kind == XXGK_TOK_BLANK)
			hi--;
		int run = hi - lo;
		/* labels of several rows printed together before their figures, as
		 * pdftotext's default mode prints them: a label that names the row due
		 * and every row after it up to k, none read yet, followed by exactly
		 * their cells' worth of figures, is those rows' in order — not k's
		 * first (the rows before it taken for printed empty) and the rest a
		 * row late by order, k's figures then another row's, unwarned */
		int named_to = -1;   /* rows up to this one are named by the label */
		if (!own_named && !any_order && !missing && !cut_read && k > due0 && run > specs[k].width && label.data) {
			int cells = 0;
			bool all = true;
			for (int r = due0; r <= k && all; r++) {
				if (optional && optional[r])
					continue;
				all = !rows[r].found && parse_match_row(label.data, specs, r, r + 1) == r;
				cells += specs[r].width;
			}
			for (int q = lo; q < hi && all; q++)
				all = run_tok[q]->kind != XXGK_TOK_RUN;
			if (all && cells == run) {
				named_to = k;
				k = due0;
			}
		}
		/* … followed, on lines of their own, by any other count of figures:
		 * they may be k's (the rows before it printed wholly empty, which
		 * prints nothing at all) or the first named row's, the rest a row
		 * late by order — （五）3's and （五）4's labels, then 0×7 and
		 * 1 0 0 0 0 0 1 and more: （五）4 took （五）3's 0s. Nothing tells
		 * which: k is unreadable. (Figures on the last label's line, or
		 * with k's label going on after them, are k's: a layout's row.) */
		bool named_with = false;
		if (named_to < 0 && !own_named && !any_order && !missing && !cut_read && k > due0 && label.data &&
		    t->line != label_line && !row_label_goes_on(c, label.data, j, end, specs, k)) {
			named_with = true;
			for (int r = due0; r <= k && named_with; r++)
				if (!optional || !optional[r])
					named_with = !rows[r].found && parse_match_row(label.data, specs, r, r + 1) == r;
		}
		int printed = run;   /* before empty cells are told by column */
		/* a space-aligned row short of cells: its empty cells by column */
		const xxgk_token *by_col[XXGK_ROW_CAP];
		if (run > 0 && run < w0 &&
		    (col_place(c, begin, end, run_tok + lo, run, w0, by_col) ||
		     col_place_boxes(c, begin, end, run_tok + lo, run, w0, by_col))) {
			for (int q = 0; q < w0; q++)
				run_tok[q] = by_col[q];
			lo = 0;
			hi = run = w0;
			carry |= XXGK_PLACED_BY_COLUMNS;
		}
		/* a run of nothing but blanks is a row only where the next row is due
		 * and named: heading rows padded with empty cells claim nothing */
		bool all_blank = true;
		for (int q = lo; q < hi && all_blank; q++)
			all_blank = run_tok[q]->kind == XXGK_TOK_BLANK;
		int due = s.r;
		while (optional && due < k && optional[due])
			due++;
		if (all_blank && (missing || k != due)) {
			/* nothing — but a run with no label may be a row printed
			 * wholly empty: the rows after it by order may be a row late */
			if (missing && !any_order && s.r < ORDER_CAP)
				blank_lost[s.r]++;
		} else if (missing && printed < specs[k].width && row_next_match(&s, j, end, k, k) == k) {
			/* a lone number before the row due, which is named next: a stray
			 * (counted as printed: a fragment of a figure wrapped in a narrow
			 * cell stands under its column, and the column's place must not
			 * make it look like a row with empty cells) */
			row_warn_stray(c, run_tok + lo, hi - lo);
			/* a fragment of a figure wrapped in its cell belongs to the row
			 * above or below it: neither is trusted unless its rules prove it */
			carry |= XXGK_PLACED_STRAY;
			if (prev_k >= 0)
				rows[prev_k].placed |= XXGK_PLACED_STRAY;
		} else {
			bool glued = false;
			for (int q = lo; q < hi && !glued; q++)
				glued = run_tok[q]->kind == XXGK_TOK_RUN;
			int used = 0;
			int filled[XXGK_T3_ROWS], nfilled = 0, widths = 0;   /* the rows this run fills */
			/* figures set aside just before rows named together (a bare
			 * heading's run): they may be any of those rows', and the run
			 * cut by count as many figures of rows after — the count
			 * matching proves nothing, every row of it must prove itself,
			 * not only the first (the heading 其他's run of 一、's and 二、's
			 * figures set aside, 二、 to （三）6 named together, 63 figures
			 * after: 二、 read （一）'s 6 0 0 0 0 0 6, each row one late,
			 * each row sum holding) */
			unsigned together_stray = named_to >= 0 ? carry & XXGK_PLACED_STRAY : 0;
			while (used < run && k < count) {
				row_read *row = &rows[k];
				int w = specs[k].width;
				int left = run - used;
				if (nfilled < XXGK_T3_ROWS)
					filled[nfilled++] = k;
				widths += w;
				row->found = true;
				row->label_missing = missing;
				row->after_skip = !missing && !any_order && used == 0 && k > due;
				row->named_with = named_with && used == 0;
				row->named_together = k <= named_to;
				row->placed = carry | (missing ? XXGK_PLACED_BY_ORDER : 0) |
					      (k <= named_to ? together_stray : 0);
				carry = 0;
				row->strays_before = strays;
				strays = 0;
				row->label_line = missing ? run_tok[lo + used]->line : label_line;
				row->glued = glued;
				int take = glued ? left : left < w ? left : w;
				int skip = 0;
				/* one-cell-per-line rows whose labels are lost: split where the
				 * table's row separator stands, not by counting */
				/* the first row's empty lines before its first value beyond
				 * the least edge whole rows show are its cells too (its
				 * first cells printed empty): they count against w */
				int lead_cells = 0;
				if (!glued && left > w && c->gaps.on && used == 0 && label_line &&
				    label_line < run_tok[lo]->line) {
					uint32_t ll[GAP_SLOTS_CAP];
					int edge = 0;
					while (edge < GAP_SLOTS_CAP && !((c->gaps.lead_set >> edge) & 1u))
						edge++;
					lead_cells = gap_slots(&c->doc, label_line, run_tok[lo]->line, c->gaps.dbl, ll,
							       GAP_SLOTS_CAP) - edge;
					if (lead_cells < 0 || edge >= GAP_SLOTS_CAP)
						lead_cells = 0;
				}
				int split = !glued && left > w && c->gaps.on
						    ? gap_split(c, run_tok + lo + used, left, w, lead_cells, &skip) : 0;
				if (split > 0)
					take = split;
				else if (!glued && left > w && !(k + 1 < count && left - w >= specs[k + 1].width))
					take = left;   /* one row printed with too many: kept, the rules choose */
				if (take > XXGK_PRINTED_CAP)
					take = XXGK_PRINTED_CAP;
				for (int q = 0; q < take; q++) {
					row->tok[q] = run_tok[lo + used + q];
					if (c->gaps.unsure && q > 0 && q + 1 < take && gap_is_line(c, row->tok[q]))
						row->placed |= XXGK_PLACED_GAP_UNSURE;
				}
				row->count = take;
				/* short, its page printing no row whole: where the
				 * columns of the table's other pages let its figures stand */
				if (!glued && used == 0 && take == run && take < w)
					row->geo_n = (uint8_t)col_shift_masks(c, begin, end, run_tok + lo, take, w,
									      row->geo_masks);
				if (!glued && take > w) {
					row->extra = take - w;
					row->extra_line = run_tok[lo + used + w]->line;
					/* the numbers too many may be a figure fragment of the
					 * row below (a figure wrapped in its cell) */
					carry |= XXGK_PLACED_STRAY;
					/* … or the tail of the row above's */
					if (prev_k >= 0)
						rows[prev_k].placed |= XXGK_PLACED_STRAY;
				}
				prev_k = k;
				if (!glued && take < w && c->gaps.on) {
					uint32_t before = used == 0 ? label_line : run_tok[lo + used - 1]->line;
					uint32_t after = used + take + skip < run ? run_tok[lo + used + take + skip]->line
										  : gap_next_line(c, j);
					gap_edges(c, row, before, run_tok[lo + used]->line, run_tok[lo + used + take - 1]->line,
						  after, w - take);
				}
				used += take + skip;
				int after = k + 1;
				while (any_order && after < count && rows[after].found)
					after++;
				if (used < run && !glued && after < count) {
					k = after;    /* the next row's label is not printed, or printed with k's */
					missing = after > named_to;
					continue;
				}
				used = run;
				k = after;
			}
			/* a run cut by count into rows whose cells it does not fill
			 * exactly: a cell printed empty, or a number too many, may stand
			 * anywhere in it */
			for (int q = 0; q < nfilled && nfilled > 1 && !glued && widths != run; q++)
				rows[filled[q]].uneven = true;
			s.r = k;
			if (any_order) {
				/* table 2's blocks may come in any order: the next row due is
				 * the first one not read yet */
				s.r = 0;
				while (s.r < count && rows[s.r].found)
					s.r++;
			}
			s.stop = next;
		}
		i = next;
		label.len = 0;
		if (label.data)
			label.data[0] = '\0';
	}
	/* a figure left over after the last row, before the table ends (a
	 * converter that prints a cell's figure after the column headings, as
	 * pdftotext's default mode can): it belongs to no row, and the row read
	 * last may have taken another's figure in its place — that row stands
	 * only if its rules prove it */
	if (s.r >= count && prev_k >= 0 && !any_order)
		for (size_t q = i; q < end; q++)
			if (c->doc.toks[q].kind == XXGK_TOK_NUM) {
				const xxgk_token *t = &c->doc.toks[q];
				xxgk__parse_warn(c, "cells.stray", t->line,
						 "表格末行之后的“%.*s”不属于任何一行，不予采用；末行须经本表勾稽关系验证",
						 (int)(t->len < 32 ? t->len : 32), t->text);
				rows[prev_k].placed |= XXGK_PLACED_STRAY;
				rows[prev_k].left_over = true;
				break;
			}
	col_specs = NULL;
	if (!any_order)
		order_unsure(specs, count, optional, blank_lost, rows);
	if (label.failed)
		c->oom = 1;
	xxgk_buf_free(&label);
	return s.stop;
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
	size_t digits_after[XXGK_PRINTED_CAP + 1];  /* integer digits in groups g+1 … (indexed by group) */
	/* per group, measured once (the search visits each group many times): */
	size_t len[XXGK_PRINTED_CAP];               /* parse_run_digits */
	size_t sign[XXGK_PRINTED_CAP];              /* parse_run_sign's bytes … */
	bool negative[XXGK_PRINTED_CAP];            /* … and its sign */
	size_t int_end[XXGK_PRINTED_CAP];           /* the decimal point after the sign, or len */
	xxgk_row_cand cur;
	split_part cur_meta[XXGK_ROW_CAP];
} split_ctx;

/* Bytes of the sign that starts a group ("-1540", "减少1540"), and its sign. */
static size_t parse_run_sign(const xxgk_token *t, bool *negative)
{
	*negative = false;
	return t->kind == XXGK_TOK_RUN ? xxgk_tok_sign(t->text, t->len, negative) : 0;
}

/* End of a run's digits and decimals (after its sign), without a unit such as 元. */
static size_t parse_run_digits(const xxgk_token *t)
{
	bool neg;
	size_t n = parse_run_sign(t, &neg);
	while (n < t->len && ((t->text[n] >= '0' && t->text[n] <= '9') || t->text[n] == '.'))
		n++;
	return n;
}

/* Integer digits of a run (before any decimal point, after its sign). */
static size_t parse_int_digits(const xxgk_token *t)
{
	bool neg;
	size_t s = parse_run_sign(t, &neg);
	size_t n = parse_run_digits(t), i = s;
	while (i < n && t->text[i] != '.')
		i++;
	return i - s;
}

/*
 * The value of a cell cut from a run: digits s[0..n), n ≤ 15, the last cell
 * of a group with its decimals. Whole digits are summed (exact below 2^53, as
 * strtod gives them; a row is cut many ways and strtod was a sixteenth of
 * reading run-together text); decimals go through strtod.
 */
static double parse_split_value(const char *s, size_t n)
{
	double v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9') {
			char buf[32];
			memcpy(buf, s, n);
			buf[n] = '\0';
			return strtod(buf, NULL);
		}
		v = v * 10 + (s[i] - '0');
	}
	return v;
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
	size_t len = s->len[g], sign = s->sign[g];
	bool negative = s->negative[g];
	if (pos == 0)
		pos = sign;   /* a group starts after its sign; its first cell carries it */
	if (pos == len) {
		parse_split_rec(s, g + 1, 0, ci);
		return;
	}
	/* every later group needs a cell of its own */
	if (ci + (s->row->count - g - 1) >= s->width)
		return;
	size_t int_end = s->int_end[g];   /* pos never passes it: the cell reaching it takes the rest */
	/* what is left must fit what is left: each cell 1 to 15 digits */
	size_t left = (int_end - pos) + s->digits_after[g];
	size_t cells_left = (size_t)(s->width - ci);
	if (left < cells_left || left > cells_left * 15)
		return;
	bool first = pos == sign;
	for (size_t l = 1; pos + l <= int_end; l++) {
		if (l > 1 && t->text[pos] == '0')
			break;   /* no leading zeros */
		size_t part = l;
		if (pos + l == int_end)
			part = len - pos;   /* the last integer digits take the decimals */
		if (part > 15)
			break;   /* beyond exact doubles: not a count */
		double v = parse_split_value(t->text + pos, part);
		s->cur.val[ci] = first && negative ? -v : v;
		s->cur.state[ci] = XXGK_SV_KNOWN;
		s->cur_meta[ci].group = (uint8_t)g;
		s->cur_meta[ci].off = (uint8_t)(first ? 0 : pos);
		s->cur_meta[ci].len = (uint8_t)(first ? part + sign : part);
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
	for (int g = 0; g < row->count; g++) {
		const xxgk_token *t = row->tok[g];
		s.len[g] = parse_run_digits(t);
		s.sign[g] = parse_run_sign(t, &s.negative[g]);
		size_t e = s.sign[g];
		while (e < s.len[g] && t->text[e] != '.')
			e++;
		s.int_end[g] = e;
	}
	/* digits_after[g]: integer digits in the groups after group g */
	for (int g = row->count - 2; g >= 0; g--)
		s.digits_after[g] = s.digits_after[g + 1] + parse_int_digits(row->tok[g + 1]);
	parse_split_rec(&s, 0, 0, 0);
	return s.overflow ? -1 : s.count;
}

/*
 * A row's candidate placements, 2.2 MB a thread: on the heap behind a
 * thread-local pointer, not in thread-local storage itself, which the loader
 * zeroes whole, page by page, in every process before main (~620 page faults,
 * ~7 ms) and in every new thread. calloc'd on a thread's first placement
 * (place_scratch_get), kept for its next ones, freed when the thread ends;
 * the kernel gives the zero pages as they are touched.
 */
typedef struct {
	xxgk_row_cand cands[XXGK_INFER_MAX_CANDS];
	int8_t src[XXGK_INFER_MAX_CANDS][XXGK_ROW_CAP];
	split_part meta[XXGK_INFER_MAX_CANDS][XXGK_ROW_CAP];
	int where[XXGK_INFER_MAX_CANDS][XXGK_ROW_CAP];   /* cands_damaged's */
} place_scratch;

static _Thread_local place_scratch *place_tls;
static pthread_key_t place_key;
static pthread_once_t place_key_once = PTHREAD_ONCE_INIT;
static bool place_key_made;

static void place_scratch_free(void *p) { free(p); }
static void place_key_make(void) { place_key_made = pthread_key_create(&place_key, place_scratch_free) == 0; }

/* The calling thread's tables; false (and c->oom) when they cannot be had. */
static bool place_scratch_get(parse_ctx *c)
{
	if (place_tls)
		return true;
	pthread_once(&place_key_once, place_key_make);
	place_scratch *ps = calloc(1, sizeof *ps);
	if (!ps || !place_key_made || pthread_setspecific(place_key, ps) != 0) {
		free(ps);
		c->oom = 1;
		return false;
	}
	place_tls = ps;
	return true;
}

/* Only after place_scratch_get() returned true in this thread. */
#define place_cands (place_tls->cands)
#define place_src (place_tls->src)
#define place_meta (place_tls->meta)

/* A table being placed: its rows, cells, rules and names. */
typedef struct table_desc {
	const char *name;                                 /* 表三, for messages */
	const char *(*row_name)(int row);
	int count;                                        /* rows */
	const int *widths;
	xxgk_cell *cells;
	const xxgk_eq *eqs;
	int eq_count;
	const bool *absent_ok;                            /* rows the template leaves out */
	const bool *signed_cell;                          /* cells that may be negative; NULL: none */
	void (*cell_path)(const parse_ctx *c, int row, int col, char *out, size_t cap);
	void (*row_where)(const parse_ctx *c, int row, char *out, size_t cap);
} table_desc;

/* Where a candidate's cell comes from: a printed token, a lost cell, an empty line. */
enum { SRC_LOST = -1, SRC_GAP = -2 };

enum { PEND_NONE, PEND_DAMAGED, PEND_GLUED, PEND_EDGES, PEND_EXTRA };

static void table_warn_row(parse_ctx *c, const table_desc *t, int row, const char *code, uint32_t line,
			   const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 6, 7)))
#endif
	;

static void table_warn_row(parse_ctx *c, const table_desc *t, int row, const char *code, uint32_t line,
			   const char *fmt, ...)
{
	char where[128], msg[400];
	t->row_where(c, row, where, sizeof where);
	va_list ap;
	va_start(ap, fmt);
	xxgk_vformat(msg, sizeof msg, fmt, ap);
	va_end(ap);
	xxgk__parse_warn_text(c, code, line, where, msg);
}

/* Candidates for a row placed by choosing which printed values it keeps
 * (one or two too many); −1 past cap. */
static int cands_extra(const row_read *row, int width, int cap)
{
	int drop = row->count - width, n = 0;
	if (drop < 1 || drop > 2 || row->count > XXGK_ROW_CAP + 2)
		return 0;
	for (int a = 0; a < row->count; a++)
		for (int b = drop == 2 ? a + 1 : row->count; b <= row->count; b++) {
			if (drop == 2 && b == row->count)
				continue;
			if (n >= cap)
				return -1;
			int col = 0;
			for (int i = 0; i < row->count; i++) {
				if (i == a || (drop == 2 && i == b))
					continue;
				const xxgk_token *t = row->tok[i];
				place_src[n][col] = (int8_t)i;
				place_cands[n].val[col] = t->value;
				place_cands[n].state[col] = t->kind == XXGK_TOK_NUM ? XXGK_SV_KNOWN : XXGK_SV_OPEN;
				col++;
			}
			n++;
			if (drop == 1)
				break;
		}
	return n;
}

/* Candidates for a row short of cells whose empty lines may be its empty
 * cells: one for each count of empty cells before its values that fits. */
static int cands_edges(const row_read *row, int width)
{
	int n = 0, need = width - row->count;
	for (int k = 0; k <= need; k++) {
		if (!((row->edge_ks >> k) & 1u))
			continue;
		for (int col = 0; col < width; col++) {
			int i = col - k;
			if (i < 0 || i >= row->count) {
				place_src[n][col] = SRC_GAP;
				place_cands[n].val[col] = 0;
				place_cands[n].state[col] = XXGK_SV_OPEN;
				continue;
			}
			const xxgk_token *t = row->tok[i];
			place_src[n][col] = (int8_t)i;
			place_cands[n].val[col] = t->value;
			place_cands[n].state[col] = t->kind == XXGK_TOK_NUM ? XXGK_SV_KNOWN : XXGK_SV_OPEN;
		}
		n++;
	}
	return n;
}

/* Candidates for a damaged row: every placement of its printed values. */
static int cands_damaged(const row_read *row, int base, int width)
{
	int (*where)[XXGK_ROW_CAP] = place_tls->where;
	xxgk_damaged d;
	memset(&d, 0, sizeof d);
	d.base = base;
	d.width = width;
	d.printed_count = row->count;
	for (int i = 0; i < row->count && i < XXGK_ROW_CAP; i++) {
		d.printed_val[i] = row->tok[i]->value;
		d.printed_known[i] = row->tok[i]->kind == XXGK_TOK_NUM;
	}
	int n = xxgk_infer_placements(place_cands, where, XXGK_INFER_MAX_CANDS, &d);
	for (int ci = 0; ci < n; ci++) {
		for (int col = 0; col < width; col++)
			place_src[ci][col] = SRC_LOST;
		for (int i = 0; i < row->count; i++)
			place_src[ci][where[ci][i]] = (int8_t)i;
	}
	return n;
}

/*
 * A damaged row's `n` placements (cands_damaged) kept to the one the text's
 * layout allows (row->geo_masks: its figures under another page's columns
 * moved over, or evenly spaced). Marks in `moved` the cells some placement
 * set aside gives otherwise than the kept one (their figure, or whether one
 * is printed there, rests on the layout); returns the placements kept,
 * compacted.
 */
static int cands_geo(const row_read *row, int width, int n, bool *moved)
{
	bool keep[XXGK_INFER_MAX_CANDS];
	memset(moved, 0, sizeof(bool) * (size_t)width);
	int kept = 0;
	for (int ci = 0; ci < n; ci++) {
		uint32_t mask = 0;
		for (int col = 0; col < width; col++)
			if (place_src[ci][col] >= 0)
				mask |= 1u << col;
		keep[ci] = false;
		for (int q = 0; q < row->geo_n && !keep[ci]; q++)
			keep[ci] = row->geo_masks[q] == mask;
		kept += keep[ci];
	}
	if (kept == n)
		return n;
	for (int a = 0; a < n; a++)
		for (int b = 0; b < n && !keep[a]; b++)
			for (int col = 0; col < width && keep[b]; col++)
				moved[col] |= place_src[a][col] != place_src[b][col];
	int to = 0;
	for (int ci = 0; ci < n; ci++) {
		if (!keep[ci])
			continue;
		if (to != ci) {
			place_cands[to] = place_cands[ci];
			memcpy(place_src[to], place_src[ci], sizeof place_src[to]);
		}
		to++;
	}
	return to;
}

/*
 * The rules inside [base, base+width) alone (its row sum) into `own`, and a
 * grid `og` (a copy of g) judging by them only; returns how many.
 */
static int own_rules(const xxgk_grid *g, int base, int width, xxgk_eq *own, xxgk_grid *og)
{
	int own_n = 0;
	for (int e = 0; e < g->eq_count && own_n < XXGK_EQ_CAP; e++) {
		const xxgk_eq *eq = &g->eqs[e];
		bool inside = true;
		for (int i = 0; i < eq->nl && inside; i++)
			inside = eq->lhs[i] >= base && eq->lhs[i] < base + width;
		for (int i = 0; i < eq->nr && inside; i++)
			inside = eq->rhs[i] >= base && eq->rhs[i] < base + width;
		if (inside)
			own[own_n++] = *eq;
	}
	*og = *g;
	og->eqs = own;
	og->eq_count = own_n;
	return own_n;
}

/*
 * Weighs a row's candidates: first by the rules inside the row alone (its row
 * sum), which a rule the report breaks elsewhere cannot veto; when they leave
 * more than one, by every rule of the table.
 */
static void weigh_cands(xxgk_infer_result *res, const xxgk_grid *g, int base, int width,
			const xxgk_row_cand *cands, int n, bool *by_own)
{
	xxgk_eq own[XXGK_EQ_CAP];
	xxgk_grid og;
	*by_own = false;
	if (own_rules(g, base, width, own, &og) > 0) {
		xxgk_infer_cands(res, &og, base, width, cands, n);
		if (res->status == XXGK_INFER_RESOLVED) {
			*by_own = true;
			return;
		}
	}
	xxgk_infer_cands(res, g, base, width, cands, n);
}

static void weigh(xxgk_infer_result *res, const xxgk_grid *g, int base, int width, int n, bool *by_own)
{
	weigh_cands(res, g, base, width, place_cands, n, by_own);
}

/* Does the row's placement rest on the layout's? (geo_agrees) */
enum { GEO_AGREES = 0, GEO_OFF_COLUMNS, GEO_PRINTED_EMPTY };

/* Do the rules of `g` (by its own rules only, when `by_own`) accept candidate `cand`? */
static bool cand_holds(const xxgk_grid *g, int base, int width, const xxgk_row_cand *cand, bool by_own)
{
	xxgk_infer_result one;
	if (by_own) {
		xxgk_eq own[XXGK_EQ_CAP];
		xxgk_grid og;
		own_rules(g, base, width, own, &og);
		xxgk_infer_cands(&one, &og, base, width, cand, 1);
	} else {
		xxgk_infer_cands(&one, g, base, width, cand, 1);
	}
	return one.status != XXGK_INFER_NONE;
}

/*
 * The layout's placements `sub` (k of them) of a row the rules settled among
 * them (by its own rules when `by_own`): is one the rules reject rejected
 * only for one figure it prints in a cell a placement they accept leaves
 * empty, every rule of the table holding with that one cell taken empty?
 * The rules then settle the row by taking a cell that may print a figure for
 * an empty one, and the value they give it stands where the text may print
 * another (411282102_2023 四、 '0 0 0 0 0' alone on its page, under 自然人 …
 * 法律服务机构 or a column or two right of them, where the report breaks
 * t3.balance in 自然人: the shift that leaves 自然人 empty holds with it made
 * 7, and 自然人 printed 0 was read 7).
 */
static bool geo_printed_empty(const xxgk_grid *g, int base, int width, const xxgk_row_cand *sub, int k, bool by_own)
{
	bool holds[XXGK_GEO_MASK_CAP + 1];
	if (k > XXGK_GEO_MASK_CAP + 1)
		return true;   /* more than the layout names: not the layout's to settle */
	for (int i = 0; i < k; i++)
		holds[i] = cand_holds(g, base, width, &sub[i], by_own);
	for (int v = 0; v < k; v++) {
		if (!holds[v])
			continue;
		for (int p = 0; p < k; p++) {
			if (holds[p])
				continue;
			/* one cell at a time: a placement with two figures astray
			 * (every figure a column over) is not one cell's doing */
			for (int col = 0; col < width; col++) {
				if (sub[p].state[col] == XXGK_SV_VAR || sub[v].state[col] != XXGK_SV_VAR)
					continue;
				xxgk_row_cand q = sub[p];
				q.state[col] = XXGK_SV_VAR;
				q.val[col] = 0;
				/* by every rule: emptied, a cell the row sum names may
				 * hold anything, and the row sum alone rejects nothing */
				if (cand_holds(g, base, width, &q, false))
					return true;
			}
		}
	}
	return false;
}

/*
 * A damaged row the rules settled (res) among n placements, where the layout
 * leaves it more than one (row->geo_masks: an empty cell at either end, its
 * figures under another page's columns moved over either way), none of which
 * it was kept to (cands_geo: the rules would choose between them): does a
 * placement the layout allows give the row the rules settled? Not when the
 * rules hold only with its figures moved off the columns they stand under
 * (GEO_OFF_COLUMNS: 421223_2022 四、 '2 0 0 空 0 1', under 自然人 … 科研机构,
 * 法律服务机构 and 其他 or one column right of them, read 2 0 空 0 0 1 with
 * 科研机构 and 总计 given values, where the report breaks t3.balance in that
 * very row), nor when they settle the layout's placements only by taking a
 * cell one of them prints a figure in for an empty one (GEO_PRINTED_EMPTY,
 * geo_printed_empty). GEO_OFF_COLUMNS also when out of memory (c->oom set).
 */
static int geo_agrees(parse_ctx *c, const row_read *row, const xxgk_grid *g, int base, int width, int n,
		      const xxgk_infer_result *res)
{
	xxgk_row_cand *sub = malloc(sizeof *sub * (size_t)n);
	if (!sub) {
		c->oom = 1;
		return GEO_OFF_COLUMNS;
	}
	int k = 0;
	for (int ci = 0; ci < n; ci++) {
		uint32_t mask = 0;
		for (int col = 0; col < width; col++)
			if (place_src[ci][col] >= 0)
				mask |= 1u << col;
		for (int q = 0; q < row->geo_n; q++)
			if (row->geo_masks[q] == mask) {
				sub[k++] = place_cands[ci];
				break;
			}
	}
	int agrees = GEO_AGREES;   /* no placement to weigh is one the layout names: it says nothing */
	if (k > 0) {
		xxgk_infer_result in;
		bool by_own;
		weigh_cands(&in, g, base, width, sub, k, &by_own);
		bool same = in.status == XXGK_INFER_RESOLVED;
		for (int col = 0; col < width && same; col++)
			same = in.known[col] == res->known[col] && (!in.known[col] || in.val[col] == res->val[col]);
		if (!same)
			agrees = GEO_OFF_COLUMNS;
		else if (k >= 2 && geo_printed_empty(g, base, width, sub, k, by_own))
			agrees = GEO_PRINTED_EMPTY;
	}
	free(sub);
	return agrees;
}

/*
 * Does rule instance `eq` fail on the cells `state`/`val` gives it: with every
 * term known, its sides differ; with one side known, the other side's known
 * terms alone already exceed it (counts are not negative: 1 空 0 | 0 breaks a
 * row sum whatever its empty cell holds)?
 */
static bool eq_fails_printed(const table_desc *t, const xxgk_eq *eq, const uint8_t *state, const double *val)
{
	bool complete[2] = { true, true }, signed_open = false;
	double sum[2] = { 0, 0 };
	for (int side = 0; side < 2; side++) {
		int n = side ? eq->nr : eq->nl;
		const int16_t *idx = side ? eq->rhs : eq->lhs;
		for (int i = 0; i < n; i++) {
			if (state[idx[i]] == XXGK_SV_KNOWN) {
				sum[side] += val[idx[i]];
			} else {
				complete[side] = false;
				signed_open = signed_open || (t->signed_cell && t->signed_cell[idx[i]]);
			}
		}
	}
	if (complete[0] && complete[1])
		return fabs(sum[0] - sum[1]) > 1e-9;
	return !signed_open && ((complete[0] && sum[1] > sum[0] + 1e-9) || (complete[1] && sum[0] > sum[1] + 1e-9));
}

/*
 * Does the report break `rule` where it does not touch cells [base,
 * base+width): an instance over other cells whose known cells alone break
 * it, or whose known side is already short of the other side's known terms
 * (eq_fails_printed: a row 1 1 0 空 0 0 | 1 breaks its row sum whatever its
 * empty cell holds)?
 */
static bool rule_broken_elsewhere(const table_desc *t, const xxgk_grid *g, const char *rule, int base, int width)
{
	for (int k = 0; k < g->eq_count; k++) {
		const xxgk_eq *eq = &g->eqs[k];
		if (eq->rule != rule && strcmp(eq->rule, rule) != 0)   /* the same id is mostly the same string */
			continue;
		bool touches = false;
		for (int i = 0; i < eq->nl && !touches; i++)
			touches = eq->lhs[i] >= base && eq->lhs[i] < base + width;
		for (int i = 0; i < eq->nr && !touches; i++)
			touches = eq->rhs[i] >= base && eq->rhs[i] < base + width;
		if (!touches && eq_fails_printed(t, eq, g->state, g->val))
			return true;
	}
	return false;
}

/*
 * A damaged row's lost cells are settled only by rules the report keeps: into
 * *out, g with every rule it breaks where it does not touch cells [base,
 * base+width) (rule_broken_elsewhere) marked as distrusted — such a rule still
 * judges a placement, but gives no lost cell its value. A report whose
 * （四）3 prints 1 0 0 空 0 0 0 (its row sum broken whatever the empty cell
 * holds) had 一、's '1 0 0 0 0 0' (社会公益 empty, its 总计 0 printed last)
 * read as its 总计 lost and made 1 by that row sum. Returns the first rule so
 * marked (NULL: none, *out untouched).
 */
static const char *distrust_elsewhere(const table_desc *t, const xxgk_grid *g, int base, int width, xxgk_grid *out)
{
	const char *first = NULL;
	/* each rule is judged once: rule_broken_elsewhere already goes through
	 * all its instances (asked once per instance, a table 3 of ~100 of them
	 * cost the plain seeds a third of their parse rate) */
	const char *seen[32];
	int seen_n = 0;
	for (int k = 0; k < g->eq_count; k++) {
		const char *rule = g->eqs[k].rule;
		bool judged = false;
		for (int j = 0; j < seen_n && !judged; j++)
			judged = seen[j] == rule || strcmp(seen[j], rule) == 0;
		if (judged)
			continue;
		if (seen_n < (int)(sizeof seen / sizeof seen[0]))
			seen[seen_n++] = rule;
		if (xxgk_infer_distrusted(first ? out : g, rule) || !rule_broken_elsewhere(t, g, rule, base, width))
			continue;
		if (!first)
			*out = *g;
		if (out->distrust_n < XXGK_DISTRUST_CAP)   /* at the cap every rule is distrusted */
			out->distrust[out->distrust_n++] = rule;
		first = first ? first : rule;
	}
	return first;
}

/*
 * How many of the table's empty cells its rules give no count, with the
 * cells [base, base+width) set to `val` where `known`, left unknown
 * elsewhere (xxgk_infer_solve's conflicts; a rule the report breaks among
 * its printed cells settles nothing, so makes none). −1 out of memory.
 */
static int blank_conflicts(const table_desc *t, const xxgk_grid *g, int base, int width, const double *val,
			   const bool *known)
{
	xxgk_grid *w = malloc(sizeof *w);
	xxgk_solution *sol = malloc(sizeof *sol);
	int n = -1;
	if (w && sol) {
		*w = *g;
		for (int i = 0; i < w->cell_count; i++)
			if (w->state[i] != XXGK_SV_KNOWN && t->cells[i].kind == XXGK_KIND_BLANK)
				w->state[i] = XXGK_SV_VAR;
		for (int col = 0; col < width; col++) {
			w->state[base + col] = known[col] ? XXGK_SV_KNOWN : XXGK_SV_OPEN;
			w->val[base + col] = known[col] ? val[col] : 0;
		}
		xxgk_infer_solve(sol, w);
		n = 0;
		for (int i = 0; i < w->cell_count; i++)
			n += sol->conflict[i] != 0;
	}
	free(w);
	free(sol);
	return n;
}

/* extra_breaks' answer when no one rule can be named: the rules leave more
 * than one placement, or there was no memory to weigh them */
static const char extra_undecided[] = "";

/*
 * Which rules over the cells decided by which figure is set aside (`judged`,
 * `jn` of the table's rules: see extra_breaks) does placement `cand` break,
 * as a mask over `judged` — with its printed figures (its empty cells
 * unknown) and every cell the report does not print solved for (`w`, `sol`:
 * scratch). A rule breaks when its cells are all known and its sides differ,
 * its known side alone exceeds the other, or a cell of it left unknown has
 * no count that keeps the rules linked to it.
 */
static uint64_t extra_broken_mask(const table_desc *t, const xxgk_grid *g, int base, int width,
				  const xxgk_row_cand *cand, const int *judged, int jn, xxgk_grid *w,
				  xxgk_solution *sol)
{
	*w = *g;
	for (int i = 0; i < w->cell_count; i++)
		if (w->state[i] != XXGK_SV_KNOWN)
			w->state[i] = XXGK_SV_VAR;
	for (int col = 0; col < width; col++) {
		w->state[base + col] = cand->state[col] == XXGK_SV_KNOWN ? XXGK_SV_KNOWN : XXGK_SV_VAR;
		w->val[base + col] = cand->state[col] == XXGK_SV_KNOWN ? cand->val[col] : 0;
	}
	xxgk_infer_solve(sol, w);
	uint64_t mask = 0;
	for (int j = 0; j < jn; j++) {
		const xxgk_eq *eq = &g->eqs[judged[j]];
		bool fails = eq_fails_printed(t, eq, w->state, w->val);
		for (int side = 0; side < 2 && !fails; side++) {
			int n = side ? eq->nr : eq->nl;
			const int16_t *idx = side ? eq->rhs : eq->lhs;
			for (int i = 0; i < n && !fails; i++)
				fails = w->state[idx[i]] != XXGK_SV_KNOWN && sol->conflict[idx[i]];
		}
		if (fails)
			mask |= (uint64_t)1 << j;
	}
	return mask;
}

/*
 * A row printed with a figure too many, settled by the rules (`res`, one of
 * the `n` placements in place_cands): is it not the one placement the
 * report's rules accept? The row's own rules chose it, and the table's only
 * as far as their cells were printed (weigh); here each placement is judged
 * by the rules over a cell the choice decided (`decided`: another figure set
 * aside gives it another value) that the report keeps elsewhere, with the
 * cells printed empty elsewhere solved for. A rule every placement breaks
 * is the report's own break, whatever the row holds, and tells none of them
 * apart (220621_2022_gov's ocr_md copy 2 over lead sw13/s23/syn, seed 91:
 * its 总计 column breaks the results sum through （五）2's 14, so does each
 * placement of （四）1 '34 0 0 0 1 0 0 35'). The choice stands if it breaks
 * no other rule and every other placement does; 411282_2023_gov's ocr_md
 * copy 3 (xxgk-synth --classes seed 91) prints （六）3 '1 0 0 0 0 0 0 0' for
 * 1 0 0 0 0 0 | 0 (its row sum broken): setting the 1 aside keeps the row
 * sum, but the 自然人 column's results sum then asks 1 of （六）2's empty
 * 自然人, which （六）2's row sum makes 0; setting a 0 aside breaks the row
 * sum — each breaks a rule, and which one the report breaks nothing printed
 * says. Returns a rule the choice breaks, extra_undecided when it breaks
 * none but another placement breaks no more, NULL when it stands.
 */
static const char *extra_breaks(const table_desc *t, const xxgk_grid *g, int base, int width, int n,
				int chosen, const bool *decided)
{
	/* the rules over a decided cell that the report keeps elsewhere */
	_Static_assert(XXGK_EQ_CAP <= 64, "a placement's broken rules are a 64-bit mask");
	int judged[XXGK_EQ_CAP], jn = 0;
	for (int e = 0; e < g->eq_count && jn < XXGK_EQ_CAP; e++) {
		const xxgk_eq *eq = &g->eqs[e];
		bool touches = false;
		for (int side = 0; side < 2 && !touches; side++) {
			int m = side ? eq->nr : eq->nl;
			const int16_t *idx = side ? eq->rhs : eq->lhs;
			for (int i = 0; i < m && !touches; i++)
				touches = idx[i] >= base && idx[i] < base + width && decided[idx[i] - base];
		}
		if (touches && !xxgk_infer_distrusted(g, eq->rule) && !rule_broken_elsewhere(t, g, eq->rule, base, width))
			judged[jn++] = e;
	}
	if (!jn)
		return NULL;
	xxgk_grid *w = malloc(sizeof *w);
	xxgk_solution *sol = malloc(sizeof *sol);
	uint64_t *mask = malloc(sizeof *mask * (size_t)n);
	const char *answer = extra_undecided;
	if (!w || !sol || !mask)
		goto done;
	uint64_t common = ~(uint64_t)0;
	for (int ci = 0; ci < n; ci++) {
		mask[ci] = 0;
		/* a placement giving the row the same cells as an earlier one breaks the same */
		int same_as = -1;
		for (int cj = 0; cj < ci && same_as < 0; cj++) {
			bool same = true;
			for (int col = 0; col < width && same; col++)
				same = place_cands[ci].state[col] == place_cands[cj].state[col] &&
				       (place_cands[ci].state[col] != XXGK_SV_KNOWN ||
					place_cands[ci].val[col] == place_cands[cj].val[col]);
			if (same)
				same_as = cj;
		}
		mask[ci] = same_as >= 0 ? mask[same_as]
					: extra_broken_mask(t, g, base, width, &place_cands[ci], judged, jn, w, sol);
		common &= mask[ci];
	}
	answer = NULL;
	uint64_t own = mask[chosen] & ~common;
	for (int j = 0; j < jn && !answer; j++)
		if (own & ((uint64_t)1 << j))
			answer = g->eqs[judged[j]].rule;
	for (int ci = 0; ci < n && !answer; ci++) {
		bool same = true;
		for (int col = 0; col < width && same; col++)
			same = place_cands[ci].state[col] == place_cands[chosen].state[col] &&
			       (place_cands[ci].state[col] != XXGK_SV_KNOWN ||
				place_cands[ci].val[col] == place_cands[chosen].val[col]);
		if (!same && !(mask[ci] & ~common))
			answer = extra_undecided;
	}
done:
	free(w);
	free(sol);
	free(mask);
	return answer;
}

/*
 * A row printed with a figure too many, settled by its rules (`res`) in a
 * report that keeps them elsewhere: the choice stands unless the table's
 * other rules refuse it — an empty cell elsewhere then has no count that
 * keeps them, and has one with the cells the choice decided left unknown
 * (141033200_2023_gov's ocr_md copy 2, xxgk-synth --classes seed 181: （一）
 * '0 1 1 0 0 0 0 1' for 1 1 0 0 0 0 | 1 read 0 1 0 0 0 0 | 1 by the row
 * sum; its 自然人 column's results sum then asks 1 of （四）1's empty
 * 自然人, which that row's sum makes 0) — or the report's rules do not
 * accept it alone (extra_breaks; in `refused` the rule it breaks, or
 * extra_undecided). Marks the cells the choice decided in `unsure` then;
 * returns how many.
 */
static int extra_refused(const table_desc *t, const xxgk_grid *g, int base, int width, int n,
			 const xxgk_infer_result *res, bool *unsure, const char **refused)
{
	*refused = NULL;
	bool decided[XXGK_ROW_CAP] = { false }, known[XXGK_ROW_CAP], any = false;
	for (int col = 0; col < width; col++) {
		for (int ci = 0; ci < n && !decided[col]; ci++)
			decided[col] = place_cands[ci].state[col] != place_cands[res->chosen].state[col] ||
				       place_cands[ci].val[col] != place_cands[res->chosen].val[col];
		any = any || decided[col];
		known[col] = res->known[col];
	}
	if (!any)
		return 0;
	int chosen = blank_conflicts(t, g, base, width, res->val, known);
	for (int col = 0; col < width; col++)
		known[col] = known[col] && !decided[col];
	int open = blank_conflicts(t, g, base, width, res->val, known);
	if (chosen >= 0 && open >= 0 && chosen <= open &&
	    !(*refused = extra_breaks(t, g, base, width, n, res->chosen, decided)))
		return 0;
	int count = 0;
	for (int col = 0; col < width; col++)
		if (decided[col]) {
			unsure[col] = true;
			count++;
		}
	return count;
}

/*
 * A row printed with a figure too many, settled by the rules (`res`): the
 * cells whose value the choice of the figure set aside decided (another
 * figure set aside gives them another) and that the rules the report keeps
 * do not settle alike — the choice weighed again without every rule the
 * report breaks elsewhere. A rule broken elsewhere is no evidence: the
 * report may break it in this very row too (a row whose 总计 is not its sum,
 * '0 … 0 | 1' printed with a 0 more, read 0 … 0 | 0 by the row sum). Marks
 * them in `unsure`; returns how many, and in `broken` a rule left out (or
 * else, in `refused`, a rule the choice breaks: extra_refused).
 */
static int extra_unsure(const table_desc *t, const xxgk_grid *g, int base, int width, int n,
			const xxgk_infer_result *res, bool *unsure, const char **broken, const char **refused)
{
	*refused = NULL;
	xxgk_eq trusted[XXGK_EQ_CAP];
	int tn = 0;
	*broken = NULL;
	for (int e = 0; e < g->eq_count; e++) {
		if (rule_broken_elsewhere(t, g, g->eqs[e].rule, base, width)) {
			if (!*broken)
				*broken = g->eqs[e].rule;
			continue;
		}
		if (tn < XXGK_EQ_CAP)
			trusted[tn++] = g->eqs[e];
	}
	if (!*broken)
		return extra_refused(t, g, base, width, n, res, unsure, refused);
	xxgk_grid *tg = malloc(sizeof *tg);
	xxgk_infer_result *again = malloc(sizeof *again);
	int count = 0;
	if (tg && again) {
		*tg = *g;
		tg->eqs = trusted;
		tg->eq_count = tn;
		bool by_own;
		weigh(again, tg, base, width, n, &by_own);
	}
	for (int col = 0; col < width; col++) {
		bool differs = false;
		for (int ci = 0; ci < n && !differs; ci++)
			differs = place_cands[ci].state[col] != place_cands[res->chosen].state[col] ||
				  place_cands[ci].val[col] != place_cands[res->chosen].val[col];
		if (!differs)
			continue;
		bool kept = tg && again &&
			    (again->status == XXGK_INFER_RESOLVED || again->status == XXGK_INFER_AMBIGUOUS) &&
			    again->agree[col] && again->known[col] == res->known[col] &&
			    (!res->known[col] || again->val[col] == res->val[col]);
		if (!kept) {
			unsure[col] = true;
			count++;
		}
	}
	free(tg);
	free(again);
	if (!count) {
		*broken = NULL;
		return extra_refused(t, g, base, width, n, res, unsure, refused);
	}
	return count;
}

/* Drops candidates that put a negative value where the column cannot hold one. */
static int cands_signed(const table_desc *t, int base, int width, int n)
{
	int kept = 0;
	for (int ci = 0; ci < n; ci++) {
		bool ok = true;
		for (int col = 0; col < width && ok; col++)
			if (place_cands[ci].state[col] == XXGK_SV_KNOWN && place_cands[ci].val[col] < 0)
				ok = t->signed_cell && t->signed_cell[base + col];
		if (!ok)
			continue;
		if (kept != ci) {
			place_cands[kept] = place_cands[ci];
			memcpy(place_src[kept], place_src[ci], sizeof place_src[0]);
			memcpy(place_meta[kept], place_meta[ci], sizeof place_meta[0]);
		}
		kept++;
	}
	return kept;
}

/* Places a settled glued row, cell by cell from its digits. */
static void place_glued(parse_ctx *c, const table_desc *t, const row_read *row, int r, int base, int width,
			const xxgk_infer_result *res, int n, bool by_own)
{
	int ch = res->chosen;
	int parts[XXGK_PRINTED_CAP] = { 0 };
	for (int col = 0; col < width; col++)
		parts[place_meta[ch][col].group]++;
	for (int col = 0; col < width; col++) {
		const split_part *m = &place_meta[ch][col];
		const xxgk_token *tk = row->tok[m->group];
		char raw[64];
		size_t rl = m->len < sizeof raw - 1 ? m->len : sizeof raw - 1;
		size_t off = m->off;
		if (parts[m->group] == 1) {
			off = 0;
			rl = tk->len < sizeof raw - 1 ? tk->len : sizeof raw - 1;
		}
		memcpy(raw, tk->text + off, rl);
		raw[rl] = '\0';
		xxgk__parse_note_oom(c, xxgk_cell_set(&t->cells[base + col],
						      parts[m->group] == 1 ? XXGK_KIND_NUMBER : XXGK_KIND_INFERRED, true,
						      res->val[col], tk->src_line, tk->column + (uint32_t)m->off, raw));
		xxgk__parse_cell_origin(c, &t->cells[base + col], tk);
	}
	for (int gi = 0; gi < row->count; gi++) {
		if (parts[gi] < 2)
			continue;
		const xxgk_token *tk = row->tok[gi];
		table_warn_row(c, t, r, "cells.inferred_split", tk->line, "%s“%s”行“%.*s”是 %d 栏数字连写在一起，%s",
			       t->name, t->row_name(r), (int)tk->len, tk->text, parts[gi],
			       n == 1 ? "只有一种拆分得到合法件数"
			       : by_own ? "按本行的合计只有一种拆分成立"
					: "按本报告的勾稽关系只有一种拆分成立");
	}
}

/* The fields before a delimited row's first figure on its line, label
 * fields and empty ones ("（三）不予公开\t1.属于国家秘密\t\t0" has three), and
 * in `empty` how many of them, just before it, are empty (one). */
static int row_lead_fields(const parse_ctx *c, const xxgk_token *t, int *empty)
{
	int n = 0;
	*empty = -1;
	for (const char *p = t->text; p > c->doc.text && p[-1] != '\n'; p--) {
		bool sep = p[-1] == '\t' || p[-1] == '|';
		n += sep;
		if (*empty < 0 && !sep && p[-1] != ' ')
			*empty = n > 0 ? n - 1 : 0;   /* text: the empty fields end here */
	}
	if (*empty < 0)
		*empty = n > 0 ? n - 1 : 0;
	return n;
}

/* Is a row's every figure on a line between tabs or pipes? */
static bool row_delimited(const parse_ctx *c, const row_read *row)
{
	bool delimited = row->count > 0;
	for (int i = 0; i < row->count && delimited; i++)
		delimited = xxgk_doc_line_kind(&c->doc, row->tok[i]->line) == XXGK_LINE_ROW;
	return delimited;
}

/*
 * Which cells of a settled row short of figures another of its `n`
 * placements gives the same row with, one printed where the other has it
 * lost (six 0s printed for 0 空 0 0 0 0 0: the rules make every cell 0
 * wherever the empty one was): each such cell's value is settled, but not
 * whether the document prints it. `lead` ≥ 0: a row between tabs or pipes,
 * its placements those with its figures in a run after at most `lead` cells.
 * Marks them in `unsure`; returns how many.
 */
static int settled_unsure(const xxgk_infer_result *res, int width, int n, int lead, bool *unsure)
{
	int ch = res->chosen, count = 0;
	memset(unsure, 0, (size_t)width * sizeof *unsure);
	for (int ci = 0; ci < n; ci++) {
		const xxgk_row_cand *k = &place_cands[ci];
		bool same = ci != ch;
		if (same && lead >= 0) {
			/* between tabs or pipes: its figures in a run, after at most `lead` empty cells */
			int first = 0, last = width - 1;
			while (first < width && place_src[ci][first] < 0)
				first++;
			while (last > first && place_src[ci][last] < 0)
				last--;
			same = first <= lead;
			for (int col = first; col <= last && same; col++)
				same = place_src[ci][col] >= 0;
		}
		for (int col = 0; col < width && same; col++) {
			if (k->state[col] == XXGK_SV_KNOWN)
				same = res->known[col] && k->val[col] == res->val[col];
			else if (k->state[col] == XXGK_SV_VAR)
				same = res->known[col];
			else   /* printed with no number, in both */
				same = place_cands[ch].state[col] == XXGK_SV_OPEN;
		}
		for (int col = 0; col < width && same; col++)
			if ((place_src[ci][col] == SRC_LOST) != (place_src[ch][col] == SRC_LOST) && !unsure[col]) {
				unsure[col] = true;
				count++;
			}
	}
	return count;
}

/* Places a settled row whose cells came from printed values, lost cells and
 * empty lines; `n` its placements weighed; `label_fields` the fields a
 * delimited row printed whole has before its first figure (0: unknown; −1:
 * the table has no row labels). */
/*
 * Does the text end with row `row`: its last figure the text's last, only a
 * few labels after it (parse_truncated's measure) and no part 五 or 六?
 * Cut off there, the row printed its first cells and lost the rest.
 */
static bool row_ends_text(const parse_ctx *c, const row_read *row)
{
	if (row->count <= 0 || c->r->part_line[4] || c->r->part_line[5])
		return false;
	const xxgk_token *last = row->tok[row->count - 1];
	if (last < c->doc.toks || last >= c->doc.toks + c->doc.tok_count)
		return false;
	size_t after = 0;
	for (const xxgk_token *q = last + 1; q < c->doc.toks + c->doc.tok_count; q++) {
		if (q->kind != XXGK_TOK_LABEL)
			return false;
		after += q->len;
	}
	return after <= 600;
}

/*
 * A damaged row the text ends with, settled by its rules with its figures
 * anywhere but in its first cells: cut off, the row printed exactly its
 * first cells, and the rules, rejecting that, say the report breaks them
 * there as likely as that the figures stand elsewhere. Marks in `cut` each
 * cell whose value the two readings do not share (a figure placed
 * elsewhere, a lost cell filled); returns how many. （七）总计 of a report
 * whose total_processed row breaks its sums, cut after '0 0': its 自然人
 * was made 2 by t3.results_sum where the document prints 0.
 */
static int cut_unsure(const parse_ctx *c, const row_read *row, int width, const xxgk_infer_result *res, bool *cut)
{
	int ch = res->chosen, count = 0;
	memset(cut, 0, (size_t)width * sizeof *cut);
	if (ch < 0 || !row_ends_text(c, row))
		return 0;
	bool first = true;   /* the rules chose the figures in its first cells */
	for (int col = 0; col < width && first; col++)
		first = place_src[ch][col] == (col < row->count ? col : SRC_LOST);
	if (first)
		return 0;
	for (int col = 0; col < width; col++) {
		const xxgk_token *t = col < row->count ? row->tok[col] : NULL;
		bool same = t && place_src[ch][col] >= 0 && row->tok[place_src[ch][col]] == t;
		if (!same && t && t->kind == XXGK_TOK_NUM && res->known[col])
			same = res->val[col] == t->value;
		if (!same && (t || res->known[col] || place_src[ch][col] >= 0)) {
			cut[col] = true;
			count++;
		}
	}
	return count;
}

/* Appends cell `col` of row `r` to a warning's two lists: its path to
 * `where` ("a,b", the warning's cells) and its column's number to `cols`
 * ("1、3", the message's). A list that is full takes no more. */
static void name_cell(parse_ctx *c, const table_desc *t, int r, int col, char *where, size_t wsz, size_t *wn,
		      char *cols, size_t csz, size_t *cn)
{
	char path[128];
	t->cell_path(c, r, col, path, sizeof path);
	if (*wn < wsz)
		*wn += (size_t)snprintf(where + *wn, wsz - *wn, "%s%s", *wn ? "," : "", path);
	if (*cn < csz)
		*cn += (size_t)snprintf(cols + *cn, csz - *cn, "%s%d", *cn ? "、" : "", col + 1);
}

static void place_settled(parse_ctx *c, const table_desc *t, const row_read *row, int r, int base, int width,
			  const xxgk_infer_result *res, int n, int label_fields, const bool *cut)
{
	int ch = res->chosen;
	bool unsure[XXGK_ROW_CAP] = { false };
	int cut_n = 0;
	for (int col = 0; col < width; col++)
		cut_n += cut[col];
	if (cut_n) {
		char where[XXGK_ROW_CAP * 64], cols[XXGK_ROW_CAP * 6], printed[256];
		size_t wn = 0, cn = 0;
		parse_row_text(printed, sizeof printed, row);
		for (int col = 0; col < width; col++) {
			if (!cut[col])
				continue;
			name_cell(c, t, r, col, where, sizeof where, &wn, cols, sizeof cols, &cn);
			xxgk__parse_note_oom(c, xxgk_cell_set(&t->cells[base + col], XXGK_KIND_UNREADABLE, false, 0,
							      xxgk_doc_src_line(&c->doc, row->label_line), 0, printed));
		}
		xxgk__parse_warn_at(c, "cells.unreadable", row->label_line, where,
				    "%s“%s”行只印有“%s”，文本至此结束：可能是本行的前 %d 栏、其后被截去，本报告的勾稽关系"
				    "却要把数字放在别处，第 %s 栏无法确定，不作采用",
				    t->name, t->row_name(r), printed, row->count, cols);
	}
	/* a row between tabs or pipes marks an empty cell among its figures by
	 * an empty field: lost cells stand after them, or in fields before the
	 * first beyond the label's (`label_fields`, as rows printed whole show
	 * them; unknown, 0: every field before it may be an empty cell) */
	int lead_cells = -1;
	if (row_delimited(c, row)) {
		int empty, f = row_lead_fields(c, row->tok[0], &empty);
		lead_cells = f - (label_fields > 0 ? label_fields : label_fields < 0 ? 0 : 1);
		lead_cells = lead_cells < 0 ? 0 : lead_cells > empty ? empty : lead_cells;
		/* a table with no row labels (table 4: its figures under its
		 * column heads from the line's first field): a line opening with
		 * empty fields opens with empty cells ('\t0\t0 …', 结果维持 empty) */
		bool bare = true, border = false;   /* border: the line opens with a pipe, no cell's */
		for (const char *p = row->tok[0]->text; p > c->doc.text && p[-1] != '\n' && bare; p--) {
			bare = p[-1] == '\t' || p[-1] == '|' || p[-1] == ' ';
			if (p[-1] == '|' || p[-1] == '\t')
				border = p[-1] == '|';
		}
		if (label_fields < 0 && bare)
			lead_cells = f - border;
	}
	if (settled_unsure(res, width, n, lead_cells, unsure)) {
		bool any = false;
		for (int col = 0; col < width; col++) {
			unsure[col] = unsure[col] && !cut[col];
			any |= unsure[col];
		}
		if (any) {
			char where[XXGK_ROW_CAP * 64], cols[XXGK_ROW_CAP * 6], vals[XXGK_ROW_CAP * 24];
			size_t wn = 0, cn = 0, vn = 0;
			const char *rule = NULL;
			for (int col = 0; col < width; col++) {
				if (place_src[ch][col] == SRC_LOST && res->rule[col] && !rule)
					rule = res->rule[col];
				if (!unsure[col])
					continue;
				name_cell(c, t, r, col, where, sizeof where, &wn, cols, sizeof cols, &cn);
				vn += (size_t)snprintf(vals + vn, sizeof vals - vn, "%s%.15g", vn ? " " : "", res->val[col]);
				xxgk__parse_note_oom(c, xxgk_cell_set(&t->cells[base + col], XXGK_KIND_INFERRED, true,
								      res->val[col],
								      xxgk_doc_src_line(&c->doc, row->label_line), 0, NULL));
			}
			xxgk__parse_warn_at(c, "cells.inferred", row->label_line, where,
					    "%s“%s”行只印有 %d 个数字，模板为 %d 个，未印出的是哪一栏无法确定：无论是哪一栏，按 %s 第 %s 栏均为 %s",
					    t->name, t->row_name(r), row->count, width, rule ? rule : "本行勾稽关系", cols, vals);
		}
	}
	for (int col = 0; col < width; col++) {
		int src = place_src[ch][col];
		xxgk_cell *cell = &t->cells[base + col];
		if (unsure[col] || cut[col])
			continue;
		if (src >= 0) {
			parse_cell_from_token(c, cell, row->tok[src]);
		} else if (src == SRC_GAP) {
			/* the empty line it stands on: before the values (nearest first) or after them */
			int lead = 0;
			while (lead < width && place_src[ch][lead] == SRC_GAP)
				lead++;
			const xxgk_token *gap = NULL;
			if (col < lead && lead - 1 - col < row->lead_count)
				gap = row->lead[lead - 1 - col];
			else if (col >= lead + row->count && col - lead - row->count < row->trail_count)
				gap = row->trail[col - lead - row->count];
			xxgk__parse_note_oom(c, xxgk_cell_set(cell, XXGK_KIND_BLANK, false, 0,
							      gap ? gap->src_line : xxgk_doc_src_line(&c->doc, row->label_line),
							      gap ? 1 : 0, NULL));
		} else {
			char path[128];
			t->cell_path(c, r, col, path, sizeof path);
			xxgk__parse_note_oom(c, xxgk_cell_set(cell, XXGK_KIND_INFERRED, true, res->val[col],
							      xxgk_doc_src_line(&c->doc, row->label_line), 0, NULL));
			xxgk__parse_warn_at(c, "cells.inferred", row->label_line, path, "%s“%s”行第 %d 栏未印出，按 %s 推得 %.15g",
					    t->name, t->row_name(r), col + 1, res->rule[col] ? res->rule[col] : "本行勾稽关系",
					    res->val[col]);
		}
	}
}

/* The cells of a settled damaged row whose placement the layout decided
 * (cands_geo), cut cells apart: named by one warning. */
static void place_geo_named(parse_ctx *c, const table_desc *t, const row_read *row, int r, int width,
			    const bool *moved, const bool *cut)
{
	char where[XXGK_ROW_CAP * 64], cols[XXGK_ROW_CAP * 6];
	size_t wn = 0, cn = 0;
	for (int col = 0; col < width; col++)
		if (moved[col] && !cut[col])
			name_cell(c, t, r, col, where, sizeof where, &wn, cols, sizeof cols, &cn);
	if (wn && row->geo_even)
		xxgk__parse_warn_at(c, "cells.blank_position", row->label_line, where,
				    "%s“%s”行只印有 %d 个数字，模板为 %d 个，没有印全的行或对得上的栏目名称可据：各数字等距排列，"
				    "空白栏的位置按其间距认定，第 %s 栏依此而定",
				    t->name, t->row_name(r), row->count, width, cols);
	else if (wn)
		xxgk__parse_warn_at(c, "cells.blank_position", row->label_line, where,
				    "%s“%s”行只印有 %d 个数字，模板为 %d 个，本页没有印全的行可据：空白栏的位置按本表别页"
				    "各栏的对齐位置（本页各行一同平移）认定，第 %s 栏依此而定",
				    t->name, t->row_name(r), row->count, width, cols);
}

/* A row that cannot be read without guessing: every cell unreadable, one warning. */
static void place_unreadable(parse_ctx *c, const table_desc *t, const row_read *row, int r, int base, int width,
			     const xxgk_infer_result *x, int status, int cands_n, const char *broken, int geo)
{
	char printed[256];
	parse_row_text(printed, sizeof printed, row);
	bool keep_agreed = status == XXGK_INFER_AMBIGUOUS && !row->glued;
	char agreed[XXGK_ROW_CAP * 64], cols[XXGK_ROW_CAP * 6], vals[XXGK_ROW_CAP * 24];
	size_t an = 0, cn = 0, vn = 0;
	for (int col = 0; col < width; col++) {
		xxgk_cell *cell = &t->cells[base + col];
		uint32_t line = xxgk_doc_src_line(&c->doc, row->label_line);
		if (row->glued && row->count > 0)
			line = row->tok[0]->src_line;
		if (keep_agreed && x->agree[col] && x->known[col]) {
			name_cell(c, t, r, col, agreed, sizeof agreed, &an, cols, sizeof cols, &cn);
			vn += (size_t)snprintf(vals + vn, sizeof vals - vn, "%s%.15g", vn ? " " : "", x->val[col]);
			xxgk__parse_note_oom(c, xxgk_cell_set(cell, XXGK_KIND_INFERRED, true, x->val[col], line, 0, NULL));
		} else {
			xxgk__parse_note_oom(c, xxgk_cell_set(cell, XXGK_KIND_UNREADABLE, false, 0, line, 0, printed));
		}
	}
	/* the cells every reading gives alike: named, as any cell the rules settle */
	if (an)
		xxgk__parse_warn_at(c, "cells.inferred", row->label_line, agreed,
				    "%s“%s”行印为“%s”：各种读法第 %s 栏均为 %s", t->name, t->row_name(r), printed, cols, vals);
	uint32_t wline = row->glued && row->count ? row->tok[0]->line : row->label_line;
	if (status == XXGK_INFER_AMBIGUOUS || cands_n < 0) {
		char cands[512];
		size_t n = 0;
		cands[0] = '\0';
		for (int k = 0; k < x->cand_count && k < XXGK_INFER_CANDIDATES && cands_n > 0; k++) {
			n += (size_t)snprintf(cands + n, sizeof cands - n, "%s[", k ? " " : "");
			for (int col = 0; col < width && n < sizeof cands - 24; col++) {
				if (x->cand_known[k][col])
					n += (size_t)snprintf(cands + n, sizeof cands - n, "%s%.15g", col ? " " : "",
							      x->cand[k][col]);
				else
					n += (size_t)snprintf(cands + n, sizeof cands - n, "%s?", col ? " " : "");
			}
			if (n < sizeof cands - 2)
				n += (size_t)snprintf(cands + n, sizeof cands - n, "]");
		}
		if (cands_n < 0)
			table_warn_row(c, t, r, "cells.ambiguous", wline, "%s“%s”行印为“%s”：读法过多，不作推断",
				       t->name, t->row_name(r), printed);
		else
			table_warn_row(c, t, r, "cells.ambiguous", wline,
				       "%s“%s”行印为“%s”：有%s %d 种读法符合本报告的勾稽关系（%s%s），不作推断", t->name,
				       t->row_name(r), printed, x->cand_count > XXGK_INFER_CANDIDATES ? "多于" : "",
				       x->cand_count > XXGK_INFER_CANDIDATES ? XXGK_INFER_CANDIDATES : x->cand_count,
				       cands, x->cand_count > XXGK_INFER_CANDIDATES ? " …" : "");
	} else if (geo == GEO_OFF_COLUMNS) {
		table_warn_row(c, t, r, "cells.unreadable", wline,
			       "%s“%s”行印为“%s”：合乎勾稽关系的读法要把数字移离其所在的栏，不作推断", t->name,
			       t->row_name(r), printed);
	} else if (geo == GEO_PRINTED_EMPTY) {
		table_warn_row(c, t, r, "cells.unreadable", wline,
			       "%s“%s”行印为“%s”：版式容许的读法不止一种，勾稽关系只有把其中一种印有数字的栏当作空白"
			       "才能取舍，不作推断",
			       t->name, t->row_name(r), printed);
	} else if (broken) {
		table_warn_row(c, t, r, "cells.unreadable", wline,
			       "%s“%s”行印为“%s”：缺失数字的位置与数值要靠勾稽关系定，而本报告别处不守 %s，"
			       "依其余勾稽关系无法确定，不作推断",
			       t->name, t->row_name(r), printed, broken);
	} else {
		table_warn_row(c, t, r, "cells.unreadable", wline, "%s“%s”行印为“%s”：本报告的勾稽关系无法确定%s",
			       t->name, t->row_name(r), printed,
			       row->glued ? "如何拆分" : row->extra ? "多出的数字是哪一个" : "缺失数字的位置");
	}
}

/* Empty cells the report's own rules settle: the value, kind inferred (SCHEMA.md). */
static void place_blanks(parse_ctx *c, const table_desc *t, xxgk_grid *g, const int *base)
{
	if (!t->eq_count)
		return;
	bool any = false;
	for (int i = 0; i < g->cell_count; i++) {
		const xxgk_cell *cell = &t->cells[i];
		if (g->state[i] == XXGK_SV_KNOWN)
			continue;
		g->state[i] = cell->kind == XXGK_KIND_BLANK ? XXGK_SV_VAR : XXGK_SV_OPEN;
		any |= g->state[i] == XXGK_SV_VAR;
	}
	if (!any)
		return;
	static _Thread_local xxgk_solution sol, kept;
	xxgk_infer_solve(&sol, g);
	/* a rule the report breaks among its other cells settles no empty cell:
	 * xxgk_infer_distrust saw only instances printed whole, not one whose
	 * printed side alone exceeds the other whatever its empty cell holds
	 * (行政复议 '10 空 0 0 0': 复议后起诉 '5 0 0 0 空' was given 总计 5 by
	 * t4.sum). A cell is settled only if the rules left settle it alike;
	 * none is settled that the broken rule's instance kept from being
	 * settled before (its values are not the report's either). */
	static _Thread_local xxgk_grid dg;
	bool recheck = distrust_elsewhere(t, g, 0, 0, &dg) != NULL;
	if (recheck)
		xxgk_infer_solve(&kept, &dg);
	for (int r = 0; r < t->count; r++)
		for (int col = 0; col < t->widths[r]; col++) {
			int i = base[r] + col;
			if (!sol.solved[i] || (recheck && (!kept.solved[i] || kept.val[i] != sol.val[i])))
				continue;
			xxgk_cell *cell = &t->cells[i];
			char path[128];
			t->cell_path(c, r, col, path, sizeof path);
			xxgk__parse_note_oom(c, xxgk_cell_set(cell, XXGK_KIND_INFERRED, true, sol.val[i], cell->line,
							      cell->column, cell->raw));
			uint32_t line = cell->line;
			xxgk__parse_note_oom(c, xxgk_report_warn_at(c->r, "cells.inferred", line, path,
								    "%s“%s”行第 %d 栏空白，按 %s 只能是 %.15g", t->name,
								    t->row_name(r), col + 1,
								    sol.rule[i] ? sol.rule[i] : "本表勾稽关系", sol.val[i]));
			g->state[i] = XXGK_SV_KNOWN;
			g->val[i] = sol.val[i];
		}
}

/* Does `where` (comma-separated paths) name cells of row r only? */
static bool where_in_row(const parse_ctx *c, const table_desc *t, int r, const char *where)
{
	char paths[XXGK_ROW_CAP][128];
	int width = t->widths[r] < XXGK_ROW_CAP ? t->widths[r] : XXGK_ROW_CAP;
	for (int col = 0; col < width; col++)
		t->cell_path(c, r, col, paths[col], sizeof paths[col]);
	for (const char *p = where;;) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		bool mine = false;
		for (int col = 0; col < width && !mine; col++)
			mine = strlen(paths[col]) == n && memcmp(paths[col], p, n) == 0;
		if (!mine)
			return false;
		if (!comma)
			return true;
		p = comma + 1;
	}
}

/*
 * Row r made unreadable after its cells were given values, kind inferred (a
 * 0 that may be another row's, place_zeros_of_count and place_zeros_unsure;
 * an empty cell its rules settled, place_blanks): the cells.inferred
 * warnings that named them describe a reading no longer given. Each that
 * names only cells of the row goes; the row's cells.unreadable says what
 * became of them.
 */
typedef struct {
	const parse_ctx *c;
	const table_desc *t;
	int r;
} row_of;

static bool inferred_in_row(const xxgk_warning *w, const void *ctx)
{
	const row_of *o = ctx;
	return strcmp(w->code, "cells.inferred") == 0 && w->where && where_in_row(o->c, o->t, o->r, w->where);
}

static void row_unwarn_inferred(parse_ctx *c, const table_desc *t, int r)
{
	row_of o = { c, t, r };
	xxgk__report_unwarn_if(c->r, inferred_in_row, &o);
}

/*
 * Re-checks the placed table against its rules: a rule that fails while
 * other rules of its kind hold, on the cells of a row placed by assumption
 * (its label not printed, its empty cells taken from empty lines, a stray
 * set aside, a number too many dropped), makes that row unreadable rather
 * than numbers. Rows read by their own label with every cell printed stay as
 * printed: their breaks are the report's, for the checker.
 */
/*
 * Could another placement of a row placed by its columns mend the broken
 * instance `eq`: its printed figures, in order, under other columns, its
 * other cells free and settled where its own rules (all terms in the row:
 * its row sum) settle them, those rules holding — and `eq` then holding or
 * left open? Where none could, the break is the report's own ('0 0 空 0 0 0
 * 0' under a 自然人 column whose results do not add up to its （七）: a 0
 * moved is a 0, an empty cell moved into 自然人 is 0 by the row's sum), and
 * says nothing of where the row's empty cells stand.
 */
static bool placing_mends(const table_desc *t, const xxgk_grid *g, const row_read *row, int base, int width,
			  const xxgk_eq *eq)
{
	double fig[XXGK_ROW_CAP];
	bool fig_known[XXGK_ROW_CAP];
	int fig_block[XXGK_ROW_CAP];
	uint32_t fig_line[XXGK_ROW_CAP];
	uint32_t cur = 0;
	int n = 0, lines = 0;
	if (width > XXGK_ROW_CAP || row->count != width)
		return true;
	for (int col = 0; col < width; col++) {
		const xxgk_token *tk = row->tok[col];
		if (tk->kind != XXGK_TOK_NUM && tk->kind != XXGK_TOK_NA)
			continue;
		lines += n == 0 || tk->line != fig_line[n - 1];
		fig_line[n] = tk->line;
		fig[n] = tk->value;
		fig_known[n++] = tk->kind == XXGK_TOK_NUM;
		cur |= 1u << col;
	}
	if (n == 0)
		return true;
	/* a row printed as lines of its own, each under its label the same
	 * block of columns (table 4's three groups, each placed by its columns
	 * on its line): a figure stays in its line's block; moved into another
	 * line's, "mending" a break there, it would not be this text's */
	int block = lines > 1 && width % lines == 0 ? width / lines : 0;
	for (int col = 0, i = 0; block && col < width; col++) {
		if (!(cur >> col & 1u))
			continue;
		fig_block[i] = col / block;
		for (int j = 0; j < i && block; j++)
			if ((fig_line[j] == fig_line[i]) != (fig_block[j] == fig_block[i]))
				block = 0;   /* lines and blocks do not match one to one */
		i++;
	}
	for (uint32_t mask = (1u << n) - 1; mask < (1u << width); mask = col_next_set(mask)) {
		if (mask == cur)
			continue;
		double v[XXGK_ROW_CAP] = { 0 };
		bool known[XXGK_ROW_CAP] = { false };
		bool apart = false;
		for (int col = 0, i = 0; col < width; col++)
			if (mask >> col & 1u) {
				apart |= block && col / block != fig_block[i];
				v[col] = fig[i];
				known[col] = fig_known[i++];
			}
		if (apart)
			continue;
		/* its own rules: settle a cell each one leaves alone, refute the placement */
		bool refuted = false, moved = true;
		while (moved && !refuted) {
			moved = false;
			for (int e = 0; e < t->eq_count && !refuted; e++) {
				const xxgk_eq *q = &t->eqs[e];
				int open = -1, opens = 0, sgn_open = 0;
				double side = 0;
				bool inside = true;
				for (int s = 0; s < 2 && inside; s++) {
					const int16_t *idx = s ? q->rhs : q->lhs;
					for (int i = 0; i < (s ? q->nr : q->nl) && inside; i++) {
						int col = idx[i] - base;
						inside = col >= 0 && col < width;
						if (!inside)
							break;
						if (known[col]) {
							side += s ? -v[col] : v[col];
						} else {
							opens++;
							open = col;
							sgn_open = s ? -1 : 1;
						}
					}
				}
				if (!inside || opens > 1)
					continue;
				if (opens == 0) {
					refuted = fabs(side) > 1e-9;
					continue;
				}
				double val = -side * sgn_open;
				if (val < 0 && !(t->signed_cell && t->signed_cell[base + open])) {
					refuted = true;
					continue;
				}
				v[open] = val;
				known[open] = true;
				moved = true;
			}
		}
		if (refuted)
			continue;
		double sum = 0;
		bool complete = true;
		for (int s = 0; s < 2 && complete; s++) {
			const int16_t *idx = s ? eq->rhs : eq->lhs;
			for (int i = 0; i < (s ? eq->nr : eq->nl) && complete; i++) {
				int cell = idx[i], col = cell - base;
				bool in = col >= 0 && col < width;
				complete = in ? known[col] : g->state[cell] == XXGK_SV_KNOWN;
				sum += (s ? -1 : 1) * (in ? v[col] : g->val[cell]);
			}
		}
		if (!complete || fabs(sum) <= 1e-6)
			return true;
	}
	return false;
}

static void place_verify(parse_ctx *c, const table_desc *t, const row_read *rows, const unsigned *assumed,
			 const xxgk_grid *g, const int *base)
{
	/* fails_free: breaks of a rule in cells no assumption placed — only
	 * those show the report itself breaks it */
	int holds_by_rule[8] = { 0 }, fails_free[8] = { 0 };
	const char *rules[8];
	int nrules = 0;
	bool fails[XXGK_EQ_CAP] = { false };
	/* the cells of rows read whose placement assumed more than their count */
	bool by_assumption[XXGK_GRID_CAP] = { false };
	for (int r = 0; r < t->count; r++)
		if ((assumed[r] & ~(unsigned)XXGK_PLACED_BY_COUNT) && rows[r].found)
			for (int col = 0; col < t->widths[r] && base[r] + col < XXGK_GRID_CAP; col++)
				by_assumption[base[r] + col] = true;
	for (int e = 0; e < t->eq_count && e < XXGK_EQ_CAP; e++) {
		const xxgk_eq *eq = &t->eqs[e];
		double s[2] = { 0, 0 };
		bool complete = true, free = true;
		for (int side = 0; side < 2 && complete; side++) {
			int n = side ? eq->nr : eq->nl;
			const int16_t *idx = side ? eq->rhs : eq->lhs;
			for (int i = 0; i < n && complete; i++) {
				complete = g->state[idx[i]] == XXGK_SV_KNOWN;
				s[side] += g->val[idx[i]];
				free = free && !by_assumption[idx[i]];
			}
		}
		if (!complete)
			continue;
		int ri = 0;
		while (ri < nrules && strcmp(rules[ri], eq->rule) != 0)
			ri++;
		if (ri == nrules && nrules < 8)
			rules[nrules++] = eq->rule;
		if (ri >= 8)
			continue;
		fails[e] = fabs(s[0] - s[1]) > 1e-6;
		if (fails[e])
			fails_free[ri] += free;
		else
			holds_by_rule[ri]++;
	}
	for (int r = 0; r < t->count; r++) {
		if (!assumed[r] || !rows[r].found)
			continue;
		const char *broken = NULL;
		bool nowhere = false;   /* the rule holds nowhere in the table, failing only where assumed */
		bool stray = (assumed[r] & XXGK_PLACED_STRAY) != 0;
		if (stray) {
			/* a figure fragment beside it: its figures stand only if its
			 * rules prove them — its own rules (all cells in the row: the
			 * row sum) where it has any, else the rules it takes part in:
			 * one holds, none fails. Placed by order, its own rules prove
			 * nothing: the row due may have taken the figures of a row
			 * whose label was printed elsewhere, and whole rows shifted
			 * keep their sums — a rule reaching other rows must hold */
			bool read = false;
			for (int col = 0; col < t->widths[r]; col++)
				read = read || g->state[base[r] + col] == XXGK_SV_KNOWN;
			if (!read)
				continue;   /* nothing of it taken as a number */
			bool proven[2] = { false, false }, failed[2] = { false, false }, reached = false;
			const char *why[2] = { NULL, NULL };
			for (int e = 0; e < t->eq_count && e < XXGK_EQ_CAP; e++) {
				const xxgk_eq *eq = &t->eqs[e];
				bool touches = false, inside = true, complete = true, settled = false;
				bool lost = !rows[r].glued && rows[r].count < t->widths[r];
				for (int side = 0; side < 2; side++) {
					int n = side ? eq->nr : eq->nl;
					const int16_t *idx = side ? eq->rhs : eq->lhs;
					for (int i = 0; i < n; i++) {
						bool in = idx[i] >= base[r] && idx[i] < base[r] + t->widths[r];
						touches = touches || in;
						inside = inside && in;
						complete = complete && g->state[idx[i]] == XXGK_SV_KNOWN;
						settled = settled || (lost && in && t->cells[idx[i]].kind == XXGK_KIND_INFERRED);
					}
				}
				/* a rule that gave a cell the row lost (printed short, the
				 * lost cell inferred) holds by construction, whichever figures
				 * the row took: it proves nothing */
				if (!touches || !complete || settled)
					continue;
				reached = reached || (!inside && !fails[e]);
				for (int own = 0; own < 2; own++) {
					if (own && !inside)
						continue;
					if (fails[e]) {
						failed[own] = true;
						if (!why[own])
							why[own] = eq->rule;
					} else {
						proven[own] = true;
					}
				}
			}
			/* … as is a row cut by count from a run under labels printed
			 * together: rows shifted whole keep their sums there too */
			bool by_order = (assumed[r] & XXGK_PLACED_BY_ORDER) != 0 || rows[r].named_together;
			int by = (proven[1] || failed[1]) && !by_order ? 1 : 0;
			/* figures all 0 cut by count from a run that does not fill its
			 * rows exactly prove nothing: where a cell was printed empty
			 * (nothing at all, in pdftotext's default mode), a 0 of the row
			 * next to it takes its place and every rule still holds */
			bool zeros = rows[r].uneven;
			for (int col = 0; col < t->widths[r] && zeros; col++)
				zeros = g->state[base[r] + col] == XXGK_SV_KNOWN && g->val[base[r] + col] == 0;
			if (zeros)
				proven[by] = false;
			if (!failed[by] && proven[by] && (!by_order || reached)) {
				/* its rules prove its figures, not its cells printed
				 * empty: the fragment beside it may be the figure of
				 * one of them, wrapped in its cell */
				for (int col = 0; col < t->widths[r]; col++) {
					xxgk_cell *cell = &t->cells[base[r] + col];
					if (cell->kind != XXGK_KIND_BLANK)
						continue;
					char path[128];
					t->cell_path(c, r, col, path, sizeof path);
					xxgk__parse_note_oom(c, xxgk_cell_set(cell, XXGK_KIND_UNREADABLE, false, 0, cell->line,
									      cell->column, cell->raw));
					xxgk__parse_note_oom(c, xxgk_report_warn_at(
						c->r, "cells.unreadable", cell->line, path,
						"%s“%s”行第 %d 栏未印数字，其上下有不属于任何一行的数字（可能是折行印出的数字的一截），"
						"此栏是否空白无法确定", t->name, t->row_name(r), col + 1));
				}
				if (!(assumed[r] & ~(unsigned)XXGK_PLACED_STRAY))
					continue;   /* proven, and placed by nothing else */
				stray = false;
			} else
				broken = why[by] ? why[by] : "本行的勾稽关系";
		}
		for (int e = 0; e < t->eq_count && e < XXGK_EQ_CAP && !broken; e++) {
			if (!fails[e])
				continue;
			const xxgk_eq *eq = &t->eqs[e];
			int ri = 0;
			while (ri < nrules && strcmp(rules[ri], eq->rule) != 0)
				ri++;
			if (ri >= nrules || (holds_by_rule[ri] == 0 && fails_free[ri] > 0))
				continue;   /* the report breaks this rule everywhere: not ours to judge */
			/* digits cut the one way that gives counts stand against a rule
			 * the report breaks (a row's 总计 not its sum) — but not against
			 * one that holds nowhere in the table, failing only in cuts:
			 * then a cell printed empty among the digits (run-together text
			 * prints nothing for it) made the count of cells come out right
			 * by chance ('5131102 0002 0000': 5 1 3 1 10 | 2 0 0 0 2 |
			 * 0 0 0 空 0 cut as fifteen single digits, every t4.sum broken) */
			if (assumed[r] == XXGK_PLACED_BY_SPLIT && holds_by_rule[ri] > 0)
				continue;
			bool touches = false;
			for (int side = 0; side < 2 && !touches; side++) {
				int n = side ? eq->nr : eq->nl;
				const int16_t *idx = side ? eq->rhs : eq->lhs;
				for (int i = 0; i < n && !touches; i++)
					touches = idx[i] >= base[r] && idx[i] < base[r] + t->widths[r];
			}
			/* placed by its columns alone: blamed only where another
			 * placement of its figures could mend the break */
			if (touches && assumed[r] == XXGK_PLACED_BY_COLUMNS &&
			    !placing_mends(t, g, &rows[r], base[r], t->widths[r], eq))
				continue;
			if (touches) {
				broken = eq->rule;
				nowhere = holds_by_rule[ri] == 0;
			}
		}
		if (!broken)
			continue;
		char printed[256];
		parse_row_text(printed, sizeof printed, &rows[r]);
		for (int col = 0; col < t->widths[r]; col++) {
			xxgk_cell *cell = &t->cells[base[r] + col];
			xxgk__parse_note_oom(c, xxgk_cell_set(cell, XXGK_KIND_UNREADABLE, false, 0,
							      xxgk_doc_src_line(&c->doc, rows[r].label_line), 0, printed));
		}
		row_unwarn_inferred(c, t, r);
		if (stray) {
			table_warn_row(c, t, r, "cells.unreadable", rows[r].label_line,
				       "%s“%s”行印为“%s”，其上下有不属于任何一行的数字（可能是折行印出的数字的一截），"
				       "%s%s，不作采用",
				       t->name, t->row_name(r), printed, broken,
				       strcmp(broken, "本行的勾稽关系") == 0 ? "无法印证" : " 不成立");
			continue;
		}
		table_warn_row(c, t, r, "cells.unreadable", rows[r].label_line,
			       "%s“%s”行印为“%s”：%s，放入此行后 %s 不成立（%s），不作采用", t->name,
			       t->row_name(r), printed,
			       assumed[r] & XXGK_PLACED_BY_ORDER ? "未印行名、按行序认定"
			       : assumed[r] & XXGK_PLACED_BY_COUNT ? "本表有的行空白栏未印出，本行按数字个数认定"
			       : assumed[r] & XXGK_PLACED_BY_EDGES ? "空白栏按空行位置认定"
			       : assumed[r] & XXGK_PLACED_BY_COLUMNS ? "空白栏按各栏对齐位置认定"
			       : assumed[r] & XXGK_PLACED_BY_SPLIT   ? "连写的数字按唯一得到合法件数的拆分认定"
								   : "按推断认定",
			       broken, nowhere ? "本表无一处成立，只在按推断放入的行中检验" : "本表其他行成立");
	}
}

/* A row printed with the template's count of figures, every one a number. */
static bool row_whole(const row_read *row, int width)
{
	if (!row->found || row->unreadable || row->glued || row->extra || row->count != width)
		return false;
	for (int col = 0; col < width; col++)
		if (row->tok[col]->kind != XXGK_TOK_NUM)
			return false;
	return true;
}

/* Does relation e lie within a row's cells (its row sum), and hold on the
 * row's values `v` (its cells from `base` on)? -1: not within the row;
 * 0: fails; 1: holds. */
static int row_own_holds(const table_desc *t, const double *v, int base, int width, int e)
{
	const xxgk_eq *eq = &t->eqs[e];
	double side[2] = { 0, 0 };
	for (int s = 0; s < 2; s++) {
		const int16_t *idx = s ? eq->rhs : eq->lhs;
		for (int k = 0; k < (s ? eq->nr : eq->nl); k++) {
			if (idx[k] < base || idx[k] >= base + width)
				return -1;
			side[s] += v[idx[k] - base];
		}
	}
	return fabs(side[0] - side[1]) <= 1e-6;
}

/* Do all of a row's own relations hold on `v`, with at least one of them? */
static bool row_own_all(const table_desc *t, const double *v, int base, int width)
{
	bool any = false;
	for (int e = 0; e < t->eq_count && e < XXGK_EQ_CAP; e++) {
		int h = row_own_holds(t, v, base, width, e);
		if (h == 0)
			return false;
		any = any || h == 1;
	}
	return any;
}

static void row_values(const row_read *row, int width, double *v)
{
	for (int col = 0; col < width; col++)
		v[col] = row->tok[col]->value;
}

/*
 * A row whole by count over several lines, its own rules holding, may still
 * hold a figure out of its cell: pdftotext's default mode, one figure a line,
 * printed 四、结转下年度's 商业企业 12 after its 其他 (124 12 2 0 6 12 156
 * printed 124 2 0 6 12 12 156, the row sum holding; 2301_2023_gov,
 * convert_modes.py --blank-cells 8 seed 113). The rules reaching other rows
 * (t3.balance, per column) tell — but the row they need may be read only in
 * part, and then place_verify weighs nothing: 二、上年结转 printed
 * 122 14 0 4 9 15, its 总计 elsewhere, unreadable. A row read in part — its
 * label printed, short of figures, only the places of its lost cells unknown
 * (`in_part`; not a row whose figures may be another row's) — still bounds
 * its cells: its printed figures stand in its cells in their order, the rest
 * unknown. Where no such
 * reading of the rows read in part lets the rules on the row hold as it was
 * read, and one does with one of its figures moved to another cell, its
 * placement is what breaks them: unreadable, named, never repaired. A report
 * that breaks a rule itself is seldom mended by moving one figure of one row:
 * its row stands, and the checker reports the break.
 */
enum { PART_ROWS = 8, PART_COMBOS = 1024 };   /* readings weighed at most, per row checked */

static void row_cells_unreadable(parse_ctx *c, const table_desc *t, const row_read *row, int base, int width,
				 char *printed, size_t cap);

typedef struct {
	int row, first, n;   /* its readings: place_cands[first .. first + n) */
} part_row;

/* The readings of a row read in part: its printed figures in their order in
 * some of its cells, the rest unknown (XXGK_SV_OPEN). Returns how many, or −1
 * past `cap`. */
static int part_readings(const row_read *row, int width, xxgk_row_cand *out, int cap)
{
	int m = row->count, k = 0, pos[XXGK_ROW_CAP];
	if (m > width)
		return 0;
	for (int i = 0; i < m; i++)
		pos[i] = i;
	for (;;) {
		if (k >= cap)
			return -1;
		xxgk_row_cand *cd = &out[k++];
		for (int col = 0; col < width; col++)
			cd->state[col] = XXGK_SV_OPEN;
		for (int i = 0; i < m; i++) {
			cd->state[pos[i]] = XXGK_SV_KNOWN;
			cd->val[pos[i]] = row->tok[i]->value;
		}
		int i = m - 1;   /* the next columns for the figures, in order */
		while (i >= 0 && pos[i] == width - m + i)
			i--;
		if (i < 0)
			return k;
		pos[i]++;
		for (int j = i + 1; j < m; j++)
			pos[j] = pos[j - 1] + 1;
	}
}

/* `w`: the row's figures `v` with the one at `m` moved to cell `k`, the
 * others keeping their order; true when that reads differently from `v` */
static bool figure_moved(const double *v, int width, int m, int k, double *w)
{
	bool differs = false;
	for (int q = 0, from = 0; q < width; q++) {
		if (from == m)
			from++;
		w[q] = q == k ? v[m] : v[from++];
		differs = differs || w[q] != v[q];
	}
	return differs;
}

/* Does some reading of the rows read in part let every rule of `eqs` hold,
 * row r's cells `v`? A rule with an unknown cell holds. `fail` (may be NULL)
 * gets the rule the first reading breaks. */
static bool part_holds(const table_desc *t, const int *eqs, int ne, const part_row *parts, int np, const int *base,
		       int r, const double *v, double *val, uint8_t *known, const char **fail)
{
	for (int col = 0; col < t->widths[r]; col++)
		val[base[r] + col] = v[col];
	int at[PART_ROWS] = { 0 };
	for (;;) {
		for (int p = 0; p < np; p++) {
			const xxgk_row_cand *cd = &place_cands[parts[p].first + at[p]];
			for (int col = 0; col < t->widths[parts[p].row]; col++) {
				known[base[parts[p].row] + col] = cd->state[col] == XXGK_SV_KNOWN;
				val[base[parts[p].row] + col] = cd->val[col];
			}
		}
		bool all = true;
		for (int i = 0; i < ne && all; i++) {
			const xxgk_eq *eq = &t->eqs[eqs[i]];
			double s[2] = { 0, 0 };
			bool complete = true;
			for (int side = 0; side < 2 && complete; side++) {
				const int16_t *idx = side ? eq->rhs : eq->lhs;
				for (int k = 0; k < (side ? eq->nr : eq->nl) && complete; k++) {
					complete = known[idx[k]];
					s[side] += val[idx[k]];
				}
			}
			all = !complete || fabs(s[0] - s[1]) <= 1e-6;
			if (!all && fail && !*fail)
				*fail = eq->rule;
		}
		if (all)
			return true;
		int p = 0;
		while (p < np && ++at[p] == parts[p].n)
			at[p++] = 0;
		if (p == np)
			return false;
	}
}


static void place_verify_moved(parse_ctx *c, const table_desc *t, const row_read *rows, const unsigned *assumed,
			       const bool *in_part, xxgk_grid *g, const int *base)
{
	static _Thread_local double val[XXGK_GRID_CAP];
	static _Thread_local uint8_t known[XXGK_GRID_CAP];
	bool any = false;
	for (int r = 0; r < t->count && !any; r++)
		any = (assumed[r] & XXGK_PLACED_BY_COUNT) != 0;
	if (!any)
		return;   /* no row whole by count */
	/* the readings of each row read in part, once: n 0 for any other row,
	 * whose cells not known are unknown (each holding any rule) */
	part_row part[XXGK_T3_ROWS + 1];
	int8_t cell_row[XXGK_GRID_CAP];
	any = false;
	for (int i = 0; i < g->cell_count && i < XXGK_GRID_CAP; i++)
		cell_row[i] = -1;
	for (int q = 0; q < t->count && q <= XXGK_T3_ROWS; q++)
		for (int col = 0; col < t->widths[q] && base[q] + col < XXGK_GRID_CAP; col++)
			cell_row[base[q] + col] = (int8_t)q;
	for (int q = 0, first = 0; q < t->count && q <= XXGK_T3_ROWS; q++) {
		const row_read *pr = &rows[q];
		part[q].row = q;
		part[q].first = first;
		part[q].n = 0;
		bool ok = in_part[q] && pr->found && !pr->glued && !pr->extra && pr->count >= 1 &&
			  pr->count <= t->widths[q];
		for (int f = 0; f < pr->count && ok; f++)
			ok = pr->tok[f]->kind == XXGK_TOK_NUM;
		for (int col = 0; col < t->widths[q] && ok; col++)
			ok = g->state[base[q] + col] != XXGK_SV_KNOWN;
		int n = ok ? part_readings(pr, t->widths[q], &place_cands[first], XXGK_INFER_MAX_CANDS - first) : 0;
		part[q].n = n > 0 ? n : 0;
		first += part[q].n;
		any = any || part[q].n > 0;
	}
	if (!any)
		return;
	/* each rule's rows, and whether a cell of no row read in part leaves it
	 * open (it holds whatever that cell reads) */
	uint32_t eq_rows[XXGK_EQ_CAP];
	bool eq_open[XXGK_EQ_CAP];
	int eq_n = t->eq_count < XXGK_EQ_CAP ? t->eq_count : XXGK_EQ_CAP;
	for (int e = 0; e < eq_n; e++) {
		const xxgk_eq *eq = &t->eqs[e];
		eq_rows[e] = 0;
		eq_open[e] = false;
		for (int side = 0; side < 2; side++)
			for (int k = 0; k < (side ? eq->nr : eq->nl); k++) {
				int i = (side ? eq->rhs : eq->lhs)[k], q = cell_row[i];
				eq_rows[e] |= q >= 0 ? 1u << q : 0;
				eq_open[e] = eq_open[e] || (g->state[i] != XXGK_SV_KNOWN && (q < 0 || !part[q].n));
			}
	}
	for (int r = 0; r < t->count; r++) {
		int width = t->widths[r];
		if (!(assumed[r] & XXGK_PLACED_BY_COUNT) || !row_whole(&rows[r], width))
			continue;
		bool placed = true;
		for (int col = 0; col < width && placed; col++)
			placed = g->state[base[r] + col] == XXGK_SV_KNOWN &&
				 t->cells[base[r] + col].kind != XXGK_KIND_UNREADABLE;
		double v[XXGK_ROW_CAP], w[XXGK_ROW_CAP];
		for (int col = 0; col < width; col++)
			v[col] = g->val[base[r] + col];
		if (!placed || !row_own_all(t, v, base[r], width))
			continue;
		/* the rules on the row not left open, and the rows read in part
		 * they reach */
		int eqs[XXGK_EQ_CAP], ne = 0, np = 0, combos = 1;
		part_row parts[PART_ROWS];
		uint32_t reach = 0;
		for (int e = 0; e < eq_n; e++)
			if ((eq_rows[e] >> r & 1u) && !eq_open[e]) {
				eqs[ne++] = e;
				reach |= eq_rows[e];
			}
		for (int q = 0; q < t->count && q <= XXGK_T3_ROWS && np < PART_ROWS; q++)
			if ((reach >> q & 1u) && part[q].n)
				parts[np++] = part[q];
		if (!np)
			continue;   /* no row read in part: place_verify weighed it */
		for (;;) {
			combos = 1;
			int most = 0;
			for (int p = 0; p < np; p++) {
				combos = combos > PART_COMBOS ? combos : combos * parts[p].n;
				most = parts[p].n > parts[most].n ? p : most;
			}
			if (combos <= PART_COMBOS)
				break;
			parts[most] = parts[--np];   /* too many readings: its cells unknown */
		}
		if (!np)
			continue;
		for (int i = 0; i < g->cell_count && i < XXGK_GRID_CAP; i++) {
			known[i] = g->state[i] == XXGK_SV_KNOWN;
			val[i] = known[i] ? g->val[i] : 0;
		}
		const char *broken = NULL;
		if (part_holds(t, eqs, ne, parts, np, base, r, v, val, known, &broken) || !broken)
			continue;
		/* one figure moved to another cell: does some reading then hold? */
		bool moved = false;
		for (int m = 0; m < width && !moved; m++)
			for (int k = 0; k < width && !moved; k++) {
				if (k == m)
					continue;
				moved = figure_moved(v, width, m, k, w) && row_own_all(t, w, base[r], width) &&
					part_holds(t, eqs, ne, parts, np, base, r, w, val, known, NULL);
			}
		if (!moved)
			continue;   /* the report's break, or another row's: the checker's */
		char printed[256], part_name[128];
		snprintf(part_name, sizeof part_name, "%s", t->row_name(parts[0].row));
		row_cells_unreadable(c, t, &rows[r], base[r], width, printed, sizeof printed);
		row_unwarn_inferred(c, t, r);   /* its 0s' (place_zeros_of_count) */
		for (int col = 0; col < width; col++)
			g->state[base[r] + col] = XXGK_SV_OPEN;
		for (int e = 0; e < eq_n; e++)
			eq_open[e] = eq_open[e] || (eq_rows[e] >> r & 1u);
		table_warn_row(c, t, r, "cells.unreadable", rows[r].label_line,
			       "%s“%s”行印为“%s”：按数字个数认定，连同只读到部分数字的“%s”行 %s 无法成立，"
			       "本行一个数字移到别栏即可成立，数字可能未按栏序印出，不作采用",
			       t->name, t->row_name(r), printed, part_name, broken);
	}
}

/* row_count_unproven's answers for a row its rules cannot tell from itself
 * shifted, and for a row of 0s placed by order */
static const char ROW_SHIFT_TOO[] = "shift";
static const char ROW_ZEROS_BY_ORDER[] = "zeros";
static const char ROW_PAGE_SPLIT[] = "page";

/* Does the table's text print nothing for an empty cell? A row read short of
 * figures before the last one read (the last may be cut off with the text;
 * whether or not it was then found unreadable) shows it. */
static bool table_drops_empty(const table_desc *t, const row_read *rows)
{
	bool after = false;
	for (int q = t->count - 1; q >= 0; q--) {
		if (after && rows[q].found && !rows[q].glued && !rows[q].extra && rows[q].count > 0 &&
		    rows[q].count < t->widths[q] && !rows[q].edge_ks)
			return true;
		after = after || rows[q].found;
	}
	return false;
}

/*
 * In a table whose text prints nothing for an empty cell — a row read short
 * of figures shows it (pdftotext's default mode, a web copy) — a row read
 * with the template's count of figures may have taken another row's figure
 * in place of an empty cell of its own (pdftotext's default mode prints a
 * figure far from its row: 二、's total after （三）6's figures): its count
 * proves nothing. It stands as numbers while its own rules hold; one of them
 * failing where another row honours it (a break the report makes everywhere
 * is the checker's) leaves it unreadable, as does a reading with its last
 * figure the next row's and a 0 left empty that keeps them too (or its first
 * the row before's, its label not printed). Returns the rule it breaks,
 * ROW_SHIFT_TOO, ROW_ZEROS_BY_ORDER (0s placed by order), or NULL.
 * Seven 0s hold any sum: `zeros` says the row is one, its figures 0
 * whichever cell was empty, but not proven printed.
 */
static const char *row_count_unproven(const parse_ctx *c, const table_desc *t, const row_read *rows, const int *base, int r,
				      bool drops_empty, bool *zeros, bool *by_count)
{
	double v[XXGK_ROW_CAP], w[XXGK_ROW_CAP];
	*zeros = false;
	*by_count = false;
	if (!drops_empty || !row_whole(&rows[r], t->widths[r]))
		return NULL;
	/* a row printed as one line of figures owns them (a layout's row) */
	bool one_line = true;
	for (int col = 1; col < t->widths[r] && one_line; col++)
		one_line = rows[r].tok[col]->line == rows[r].tok[0]->line;
	if (one_line)
		return NULL;
	*by_count = true;
	int width = t->widths[r];
	row_values(&rows[r], width, v);
	for (int e = 0; e < t->eq_count && e < XXGK_EQ_CAP; e++) {
		if (row_own_holds(t, v, base[r], width, e) != 0)
			continue;
		/* a break the report makes is one other rows show too — rows
		 * whose count is proven, printed on one line (a row by count is
		 * as suspect as this one); with none to show it, nothing tells a
		 * misprint from a figure taken from another row */
		bool shown = false;
		for (int q = 0; q < t->count; q++) {
			if (q == r || !row_whole(&rows[q], t->widths[q]))
				continue;
			bool line_q = true;
			for (int col = 1; col < t->widths[q] && line_q; col++)
				line_q = rows[q].tok[col]->line == rows[q].tok[0]->line;
			row_values(&rows[q], t->widths[q], w);
			for (int f = 0; f < t->eq_count && f < XXGK_EQ_CAP; f++) {
				if (strcmp(t->eqs[f].rule, t->eqs[e].rule) != 0)
					continue;
				int h = row_own_holds(t, w, base[q], t->widths[q], f);
				if (h == 1)
					return t->eqs[e].rule;
				shown = shown || (h == 0 && line_q);
			}
		}
		if (!shown)
			return t->eqs[e].rule;
	}
	bool own = false;
	for (int e = 0; e < t->eq_count && e < XXGK_EQ_CAP && !own; e++)
		own = row_own_holds(t, v, base[r], width, e) >= 0;
	*zeros = own;
	for (int col = 0; col < width && *zeros; col++)
		*zeros = v[col] == 0;
	if (own && *zeros && rows[r].label_missing) {
		/* placed by order, neither end of it anchored by a label: its 0s
		 * may be any of the run's, and prove nothing */
		*zeros = false;
		return ROW_ZEROS_BY_ORDER;
	}
	if (!own || *zeros)
		return NULL;
	/* its rules hold as read; do they hold as well with its last figure the
	 * next row's and an empty cell (0) of its own among the rest? Then the
	 * count cannot tell which it printed (1 0 0 0 0 1 2 read for 1 0 空 0 0 0
	 * 1 and the next row's 2: a row sum holds both ways) */
	/* with its label not printed, or printed with other rows' before their
	 * figures, its own cut from theirs by count, its first figure may as
	 * well be the row before's (its start is no more certain than its end):
	 * （六）3 read 0 5 2 1 0 1 9 for 5 2 1 0 空 1 9 after （六）2's 0 printed
	 * late, its label printed with （七）'s and 四、's before their 21 figures */
	/* its figures on both sides of a page's footer: pdftotext's default
	 * mode may print a figure of the row's from before the break after it
	 * (（三）6's 商业企业 1 after its 总计 and the footer "-1-": 0 1 0 0 0 0 1
	 * read 0 0 0 0 0 1 1, its row sum holding). A figure after the footer
	 * moved anywhere in the row that keeps its rules too: unreadable */
	for (int col = 1; col < width; col++) {
		bool footer = false;
		for (uint32_t ln = rows[r].tok[col - 1]->line + 1; ln < rows[r].tok[col]->line && !footer; ln++)
			footer = xxgk_doc_line_kind(&c->doc, ln) == XXGK_LINE_SKIP;
		if (!footer)
			continue;
		for (int m = col; m < width; m++)
			for (int k = 0; k < width; k++) {
				if (figure_moved(v, width, m, k, w) && row_own_all(t, w, base[r], width))
					return ROW_PAGE_SPLIT;
			}
		break;
	}
	bool apart = rows[r].label_missing || rows[r].named_together;
	for (int drop = 0; drop < (apart ? 2 : 1); drop++)
		for (int k = 0; k < width; k++) {
			bool differs = false;
			for (int col = 0, from = drop ? 1 : 0; col < width; col++) {
				w[col] = col == k ? 0 : v[from++];
				differs = differs || w[col] != v[col];
			}
			if (differs && row_own_all(t, w, base[r], width))
				return ROW_SHIFT_TOO;
		}
	return NULL;
}

/* A row of 0s whole by count over several lines, its label printed, a rule
 * of its own checking it: row_count_unproven's `zeros`, for a table whose
 * rows do not show whether it prints empty cells but which sets figures
 * aside as standing in no row. */
static bool row_zeros_apart(const table_desc *t, const row_read *row, int r, int base)
{
	int width = t->widths[r];
	if (!row_whole(row, width) || row->label_missing)
		return false;
	bool one_line = true;
	for (int col = 0; col < width; col++) {
		if (row->tok[col]->value != 0)
			return false;
		one_line = one_line && row->tok[col]->line == row->tok[0]->line;
	}
	double v[XXGK_ROW_CAP] = { 0 };
	bool own = false;
	for (int e = 0; e < t->eq_count && e < XXGK_EQ_CAP && !own; e++)
		own = row_own_holds(t, v, base, width, e) >= 0;
	return own && !one_line;
}

/* Does the table show that its text prints an empty cell as an empty line?
 * A row read whole, its label printed, with an empty line taken as a cell
 * between two of its figures where the spacing says it is one (a web copy's
 * 10 3 0 0 空 1 14). Then a row of 0s printed whole, no empty line among
 * them, has no empty cell a 0 of another row could stand in. */
static bool table_prints_empty(const parse_ctx *c, const table_desc *t, const row_read *rows)
{
	if (!c->gaps.on || c->gaps.unsure)
		return false;
	for (int r = 0; r < t->count; r++) {
		const row_read *row = &rows[r];
		int width = t->widths[r];
		if (!row->found || row->label_missing || row->glued || row->extra || row->unreadable ||
		    (row->placed & (XXGK_PLACED_BY_ORDER | XXGK_PLACED_GAP_UNSURE | XXGK_PLACED_ORDER_UNSURE)) ||
		    row->count != width)
			continue;
		for (int col = 1; col + 1 < width; col++)
			if (gap_is_line(c, row->tok[col]) && !gap_is_line(c, row->tok[col - 1]) &&
			    !gap_is_line(c, row->tok[col + 1]))
				return true;
	}
	return false;
}

/*
 * A row read short of figures, over several lines, in a table whose text
 * prints nothing for an empty cell and sets every figure apart by an empty
 * line, or may (`blocks`: double-spaced or unsure, xxgk_gap_style — the
 * blocks of pdftotext's default mode, which run neighbouring rows' figures
 * together): its figures were taken by count and may be another row's as
 * well, and the row sum that would give its lost cell holds by
 * construction, proving nothing (1 1 1 1 1 1 read for 1 空 … 1 and the next
 * row's figures, its total "inferred" as 6). So is a row read with figures
 * too many: the placement its rules accept assumes none of its own cells
 * printed empty (8 0 0 0 0 8 and the next row's 0 0 0, read 0 … 0 for 8 空
 * 0 0 0 0 8). Unproven unless its figures are all 0 (the rules then settle
 * its lost cells, or leave them open). A single-spaced copy's row stands
 * between its label and the next one's.
 */
static bool row_short_unproven(const row_read *row, int width, bool drops_empty, bool blocks)
{
	if (!drops_empty || !blocks || row->glued || row->count < 1 || (row->count >= width && !row->extra))
		return false;
	bool one_line = true, zeros = true;
	for (int q = 0; q < row->count; q++) {
		if (row->tok[q]->kind != XXGK_TOK_NUM)
			return false;
		one_line = one_line && row->tok[q]->line == row->tok[0]->line;
		zeros = zeros && row->tok[q]->value == 0;
	}
	return !one_line && !zeros;
}

/* Does setting aside printed figures a and b (b = n: one only) of `v` leave
 * `want`, its own rules holding? */
static bool row_extra_gives(const table_desc *t, const double *v, int n, int a, int b, int base, int width,
			    const double *want)
{
	double w[XXGK_ROW_CAP];
	for (int i = 0, col = 0; i < n; i++)
		if (i != a && i != b) {
			if (col >= width || v[i] != want[col])
				return false;
			w[col++] = v[i];
		}
	return row_own_all(t, w, base, width);
}

/*
 * A row read with figures too many in a table whose text prints nothing for
 * an empty cell: the placements the rules weigh (cands_extra) set figures
 * aside and assume none of its own cells printed empty. Is there a reading
 * with one of its cells printed empty (0) as well, its own figures a run of
 * the printed ones and those not its own at either end (a fragment of a
 * figure wrapped in the next row's cell, a figure of the row before), that
 * keeps its own rules with values no placement without an empty cell that
 * keeps them gives? pdftohtml -i -noframes prints one figure a line:
 * （六）3's 97 10 2 空 1 3 113, then 196 and 226, the tops of （七）'s 1967
 * and 2268 wrapped in their cells — read 97 10 2 1 3 113 226, 196 set
 * aside by the row sum (226 is twice 113), where 97 10 2 空 1 3 113 keeps
 * it as well. Then which figures are its own is not known (row_count_unproven's
 * ROW_SHIFT_TOO for a row whole by count).
 */
static bool row_extra_blank_too(const table_desc *t, const row_read *row, int base, int width)
{
	int n = row->count, extra = n - width;
	if (extra < 1 || extra > 2 || row->glued || n > XXGK_PRINTED_CAP || width > XXGK_ROW_CAP || width < 2)
		return false;
	double v[XXGK_PRINTED_CAP];
	for (int i = 0; i < n; i++) {
		if (row->tok[i]->kind != XXGK_TOK_NUM)
			return false;
		v[i] = row->tok[i]->value;
	}
	for (int at = 0; at + width - 1 <= n; at++)
		for (int k = 0; k < width; k++) {
			double w[XXGK_ROW_CAP];
			for (int col = 0, i = at; col < width; col++)
				w[col] = col == k ? 0 : v[i++];
			if (!row_own_all(t, w, base, width))
				continue;
			/* … unless a placement without an empty cell gives the same */
			bool same = false;
			for (int a = 0; a < n && !same; a++)
				for (int b = extra == 2 ? a + 1 : n; b <= n && !same; b++)
					if (!(extra == 2 && b == n))
						same = row_extra_gives(t, v, n, a, b, base, width, w);
			if (!same)
				return true;
		}
	return false;
}

/* Every cell of a row read but not taken: unreadable, its printed figures
   kept as each cell's raw text and in `printed` for the warning. */
static void row_cells_unreadable(parse_ctx *c, const table_desc *t, const row_read *row, int base, int width,
				 char *printed, size_t cap)
{
	parse_row_text(printed, cap, row);
	for (int col = 0; col < width; col++)
		xxgk__parse_note_oom(c, xxgk_cell_set(&t->cells[base + col], XXGK_KIND_UNREADABLE, false, 0,
						      xxgk_doc_src_line(&c->doc, row->label_line), 0, printed));
}

/*
 * A row of 0s whole by count in a text that prints nothing for an empty
 * cell (row_count_unproven's `zeros`), or settled to 0s from figures too
 * many: a 0 may be another row's and any cell the one printed empty. Its
 * own rules make every cell 0 wherever that is, so each is given as 0, kind
 * inferred, named — not as printed, which the empty one is not. Where the
 * report breaks those rules among its printed rows they settle nothing:
 * every cell unreadable, named. The grid takes either. Returns whether the
 * 0s were given.
 */
static bool place_zeros_unsure(parse_ctx *c, const table_desc *t, const row_read *row, int r, int base,
			       xxgk_grid *g)
{
	int width = t->widths[r];
	double v[XXGK_ROW_CAP] = { 0 };
	const char *rule = NULL;
	for (int e = 0; e < t->eq_count && e < XXGK_EQ_CAP && !rule; e++)
		if (row_own_holds(t, v, base, width, e) >= 0)
			rule = t->eqs[e].rule;
	char printed[256];
	if (!rule || xxgk_infer_distrusted(g, rule)) {
		row_cells_unreadable(c, t, row, base, width, printed, sizeof printed);
		for (int col = 0; col < width; col++)
			g->state[base + col] = XXGK_SV_OPEN;
		table_warn_row(c, t, r, "cells.unreadable", row->label_line,
			       "%s“%s”行印为“%s”：本表有的行空白栏未印出，有的 0 可能属于别行而本行有一栏空白，"
			       "本报告不守 %s，空白栏的值无从推得，不作采用",
			       t->name, t->row_name(r), printed, rule ? rule : "本行勾稽关系");
		return false;
	}
	char where[XXGK_ROW_CAP * 64];
	size_t wn = 0;
	for (int col = 0; col < width; col++) {
		char path[128];
		t->cell_path(c, r, col, path, sizeof path);
		wn += (size_t)snprintf(where + wn, sizeof where - wn, "%s%s", wn ? "," : "", path);
		xxgk__parse_note_oom(c, xxgk_cell_set(&t->cells[base + col], XXGK_KIND_INFERRED, true, 0,
						      xxgk_doc_src_line(&c->doc, row->label_line), 0, NULL));
		g->state[base + col] = XXGK_SV_KNOWN;
		g->val[base + col] = 0;
	}
	xxgk__parse_warn_at(c, "cells.inferred", row->label_line, where,
			    "%s“%s”行印有 %d 个数字，有的可能属于别行而本行有一栏空白：无论哪栏空白，按 %s 各栏均为 0",
			    t->name, t->row_name(r), row->count, rule);
	return true;
}

/*
 * A row whole by count that keeps its rules (row_count_unproven let it
 * stand), in a text that prints nothing for an empty cell: one of its 0s
 * may be another row's, printed where the row's own empty cell would stand
 * (pdftotext's default mode printed （六）2's 总计 0 among 四、's figures,
 * after its 法律服务 0, 四、's 其他 empty: 1 0 0 0 0 空 1 read 1 0 0 0 0 0 1).
 * Read so, the row keeps its values and its rules, and any of its 0s may be
 * the cell printed empty: each is given as 0, kind inferred, named — not as
 * printed. (A 0 another row's elsewhere in the row moves figures between
 * the empty cell and it: rules rarely settle those readings in such text,
 * and are not weighed here.)
 */
static void place_zeros_of_count(parse_ctx *c, const table_desc *t, const row_read *row, int r, int base)
{
	char where[XXGK_ROW_CAP * 64], cols[XXGK_ROW_CAP * 6];
	size_t wn = 0, cn = 0;
	for (int col = 0; col < t->widths[r]; col++) {
		if (row->tok[col]->kind != XXGK_TOK_NUM || row->tok[col]->value != 0)
			continue;
		name_cell(c, t, r, col, where, sizeof where, &wn, cols, sizeof cols, &cn);
		xxgk__parse_note_oom(c, xxgk_cell_set(&t->cells[base + col], XXGK_KIND_INFERRED, true, 0,
						      row->tok[col]->src_line, row->tok[col]->column, NULL));
	}
	if (wn)
		xxgk__parse_warn_at(c, "cells.inferred", row->label_line, where,
				    "%s“%s”行印有 %d 个数字：本表有的行空白栏未印出，其中一个 0 可能属于别行、印在本行空白栏处，"
				    "第 %s 栏为 0，是否印出无法确定",
				    t->name, t->row_name(r), row->count, cols);
}

/*
 * The cells.unproven warning over the rows of 0s `listed` (in a text that
 * prints nothing for an empty cell, or beside figures set aside, one of
 * their 0s may be another row's): each cell given 0 whichever is empty.
 * None listed, no warning.
 */
static void zeros_warn(parse_ctx *c, const table_desc *t, const row_read *rows, const bool *listed, bool strays)
{
	char where[2048];
	size_t wn = 0;
	int count = 0, first = 0;
	for (int r = 0; r < t->count; r++) {
		if (!listed[r])
			continue;
		char one[128];
		t->row_where(c, r, one, sizeof one);
		wn += (size_t)snprintf(where + wn, sizeof where - wn, "%s%s", wn ? "," : "", one);
		if (!count++)
			first = r;
	}
	if (count)
		xxgk__parse_warn_at(c, "cells.unproven", rows[first].label_line, where,
				    "%s%s；%d 行各印有 %d 个 0（首行“%s”），其中一个 0 可能属于别行而本行有一栏空白，"
				    "无论哪栏空白各栏均为 0",
				    t->name, strays ? "有数字不属于任何一行、已搁置" : "有的行空白栏未印出", count,
				    t->widths[first], t->row_name(first));
}

/*
 * Places the rows of a table into its cells (row r's cells start at the sum
 * of the widths before it) and settles the damaged, run-together, short and
 * overlong rows with the table's rules, again and again while one settled
 * row settles another; then the empty cells the rules settle, then a check
 * of every placement made by assumption.
 */
static void parse_place_rows(parse_ctx *c, const row_read *rows, const table_desc *t)
{
	xxgk_grid g;
	int count = t->count;
	int base[XXGK_T3_ROWS + 1];
	int pend[XXGK_T3_ROWS + 1] = { 0 };
	unsigned assumed[XXGK_T3_ROWS + 1] = { 0 };
	int status[XXGK_T3_ROWS + 1];
	int cands_n[XXGK_T3_ROWS + 1];
	/* cells of a damaged row whose placement the layout decided (cands_geo) */
	bool geo_moved[XXGK_T3_ROWS + 1][XXGK_ROW_CAP];
	/* damaged rows whose placement by the rules the layout refutes: GEO_* */
	int geo_refuted[XXGK_T3_ROWS + 1] = { GEO_AGREES };
	memset(geo_moved, 0, sizeof geo_moved);
	if (!place_scratch_get(c))
		return;
	memset(&g, 0, sizeof g);
	g.eqs = t->eqs;
	g.eq_count = t->eq_count;
	int total = 0;
	for (int r = 0; r < count; r++) {
		base[r] = total;
		total += t->widths[r];
	}
	g.cell_count = total;
	const bool *absent_ok = t->absent_ok;
	bool drops_empty = table_drops_empty(t, rows);
	/* figures set aside as standing in no row: a row short of figures may
	 * have lost them there, so the rules do not fill its lost cells (they
	 * would assume the very figures the report may misprint) */
	bool strays_aside = false;
	for (int r = 0; r < count; r++)
		strays_aside |= rows[r].found && (rows[r].placed & XXGK_PLACED_STRAY);
	char zeros_where[2048] = "";   /* rows of 0s a cell printed empty may hide in */
	size_t zeros_wn = 0;
	int zeros_count = 0;
	bool zeros_strays = false;   /* some of them doubted for figures set aside, not short rows */
	bool prints_empty = strays_aside && !drops_empty && table_prints_empty(c, t, rows);
	bool zero_row[XXGK_T3_ROWS + 1] = { false };
	bool zeros_listed[XXGK_T3_ROWS + 1] = { false };   /* in zeros_where */
	/* rows read short, labelled, their figures their own, only their lost
	 * cells' places unknown (place_verify_moved reads them in part) */
	bool in_part[XXGK_T3_ROWS + 1] = { false };
	for (int r = 0; r < count; r++) {
		const row_read *row = &rows[r];
		int width = t->widths[r];
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
			char where[1024] = "";
			size_t wn = 0;
			for (int q = r; q <= last && wn + 130 < sizeof where; q++) {
				char one[128];
				t->row_where(c, q, one, sizeof one);
				wn += (size_t)snprintf(where + wn, sizeof where - wn, "%s%s", wn ? "," : "", one);
			}
			if (last == r)
				xxgk__parse_warn_at(c, "cells.missing", at, where, "%s未印出“%s”行", t->name, t->row_name(r));
			else
				xxgk__parse_warn_at(c, "cells.missing", at, where, "%s未印出“%s”至“%s”各行", t->name,
						    t->row_name(r), t->row_name(last));
			continue;
		}
		if (row->unreadable) {
			/* read, but its figures cannot be told apart from another row's */
			char printed[256];
			row_cells_unreadable(c, t, row, base[r], width, printed, sizeof printed);
			table_warn_row(c, t, r, "cells.unreadable", row->label_line,
				       "%s“%s”行：行名与数字分开印出，按次序读得“%s”，但本表的勾稽关系不成立，无法确定哪些数字属于此行",
				       t->name, t->row_name(r), printed);
			continue;
		}
		if (row->named_with) {
			char printed[256];
			row_cells_unreadable(c, t, row, base[r], width, printed, sizeof printed);
			table_warn_row(c, t, r, "cells.unreadable", row->label_line,
				       "%s“%s”行名与其前未读到数字的行名一并印在数字之前，其后“%s”等数字的个数与这几行的栏数不合："
				       "可能是前面的行空白、数字属于本行，也可能属于前面的行，无法确定，不作采用",
				       t->name, t->row_name(r), printed);
			continue;
		}
		if (row->placed & XXGK_PLACED_ORDER_UNSURE) {
			char printed[256];
			row_cells_unreadable(c, t, row, base[r], width, printed, sizeof printed);
			table_warn_row(c, t, r, "cells.unreadable", row->label_line,
				       "%s“%s”行印为“%s”：未印行名，其前后印有行名的行之间本表的行多于所印的行，"
				       "按行序认定的是其中哪一行无法确定，不作采用",
				       t->name, t->row_name(r), printed);
			continue;
		}
		if (row->placed & XXGK_PLACED_GAP_UNSURE) {
			char printed[256];
			row_cells_unreadable(c, t, row, base[r], width, printed, sizeof printed);
			table_warn_row(c, t, r, "cells.unreadable", row->label_line,
				       "%s“%s”行印为“%s”：本表数字之间的空行有的是空白栏、有的只是分隔，无从分辨，"
				       "各栏位置无法确定，不作采用",
				       t->name, t->row_name(r), printed);
			continue;
		}
		assumed[r] = row->placed &
			     (XXGK_PLACED_BY_ORDER | XXGK_PLACED_BY_EDGES | XXGK_PLACED_BY_COLUMNS | XXGK_PLACED_STRAY);
		if (row->label_missing)
			table_warn_row(c, t, r, "label.missing", row->label_line, "%s“%s”行未印行名，按行序认定", t->name,
				       t->row_name(r));
		if (row->glued) {
			pend[r] = PEND_GLUED;
			continue;
		}
		if (row_short_unproven(row, width, drops_empty, c->gaps.dbl || c->gaps.unsure)) {
			char printed[256];
			row_cells_unreadable(c, t, row, base[r], width, printed, sizeof printed);
			table_warn_row(c, t, r, "cells.unreadable", row->label_line,
				       row->extra ? "%s“%s”行印为“%s”：本表有的行空白栏未印出，数字多于栏数，哪些属于本行、"
						    "哪栏空白无法确定，不作采用"
						  : "%s“%s”行只印有“%s”：本表有的行空白栏未印出，这些数字可能有别行的，"
						    "按本行勾稽关系补出的数字不能印证，不作采用",
				       t->name, t->row_name(r), printed);
			continue;
		}
		if (row->extra && drops_empty && row_extra_blank_too(t, row, base[r], width)) {
			char printed[256];
			row_cells_unreadable(c, t, row, base[r], width, printed, sizeof printed);
			table_warn_row(c, t, r, "cells.unreadable", row->label_line,
				       "%s“%s”行印为“%s”：本表有的行空白栏未印出，数字多于栏数，本行有一栏空白、首尾的数字不属于本行"
				       "也符合本行的勾稽关系，哪些属于本行、哪栏空白无法确定，不作采用",
				       t->name, t->row_name(r), printed);
			continue;
		}
		if (row->extra) {
			pend[r] = PEND_EXTRA;
			assumed[r] |= XXGK_PLACED_EXTRA;
			continue;
		}
		bool zeros, by_count;
		const char *unproven = row_count_unproven(c, t, rows, base, r, drops_empty, &zeros, &by_count);
		if (!unproven && !drops_empty && strays_aside && !prints_empty &&
		    row_zeros_apart(t, row, r, base[r])) {
			/* figures of the table stand in no row: a row of 0s whole by
			 * count may as well have taken one in place of an empty cell
			 * (the header word 其他 read as （六）3's label, seven of a run
			 * of 36 0s after it, 0 0 0 空 0 0 0 printed) */
			zeros = true;
			zeros_strays = true;
		}
		if (unproven) {
			char printed[256];
			row_cells_unreadable(c, t, row, base[r], width, printed, sizeof printed);
			if (unproven == ROW_ZEROS_BY_ORDER)
				table_warn_row(c, t, r, "cells.unreadable", row->label_line,
					       "%s“%s”行未印行名、按行序读得“%s”：本表有的行空白栏未印出，这些 0 可能属于别行，"
					       "不作采用",
					       t->name, t->row_name(r), printed);
			else if (unproven == ROW_PAGE_SPLIT)
				table_warn_row(c, t, r, "cells.unreadable", row->label_line,
					       "%s“%s”行印为“%s”：本行数字分印在页脚前后，页脚后的数字可能属于本行前面的某一栏，"
					       "几种读法都符合本行的勾稽关系，不作采用",
					       t->name, t->row_name(r), printed);
			else if (unproven == ROW_SHIFT_TOO)
				table_warn_row(c, t, r, "cells.unreadable", row->label_line,
					       "%s“%s”行印为“%s”：本表有的行空白栏未印出，末一个数字可能属于下一行（或首一个属于上一行）、本行有一栏空白，"
					       "两种读法都符合本行的勾稽关系，不作采用",
					       t->name, t->row_name(r), printed);
			else
				table_warn_row(c, t, r, "cells.unreadable", row->label_line,
					       "%s“%s”行印为“%s”：本表有的行空白栏未印出，本行可能以别行的数字顶替了空白栏，"
					       "%s 不成立（本表按原样印出的其他行未见同样不成立），不作采用",
					       t->name, t->row_name(r), printed, unproven);
			continue;
		}
		/* its other rules checked once all rows are placed (place_verify) */
		if (by_count && !zeros)
			assumed[r] |= XXGK_PLACED_BY_COUNT;
		/* read by the order of the table's figures (stream.c): the count of
		 * 0s proves as little (one may be table 4's, a cell printed empty) */
		if (!zeros && (row->placed & XXGK_PLACED_BY_COUNT) && row_whole(row, width)) {
			zeros = true;
			for (int col = 0; col < width && zeros; col++)
				zeros = row->tok[col]->value == 0;
		}
		zero_row[r] = zeros;
		if (zeros && zeros_wn + 130 < sizeof zeros_where) {
			char one[128];
			t->row_where(c, r, one, sizeof one);
			zeros_wn += (size_t)snprintf(zeros_where + zeros_wn, sizeof zeros_where - zeros_wn, "%s%s",
						     zeros_wn ? "," : "", one);
			zeros_listed[r] = true;
			zeros_count++;
		}
		if (row->count == 0 && !row->glued && (row->placed & XXGK_PLACED_BLANK_APART)) {
			char printed[256];
			row_cells_unreadable(c, t, row, base[r], width, printed, sizeof printed);
			table_warn_row(c, t, r, "cells.unreadable", row->label_line,
				       "%s“%s”行名之后紧接别行行名，数字与行名分开印出：本行是否空白、其数字是否印在别处无法确定，"
				       "不作采用",
				       t->name, t->row_name(r));
			continue;
		}
		if (row->count == 0 && !row->glued) {
			/* printed with every cell empty */
			for (int col = 0; col < width; col++)
				xxgk__parse_note_oom(c, xxgk_cell_set(&t->cells[base[r] + col], XXGK_KIND_BLANK, false, 0,
								      xxgk_doc_src_line(&c->doc, row->label_line), 0, NULL));
			continue;
		}
		if (row->count < width && row->edge_ks) {
			bool one = (row->edge_ks & (row->edge_ks - 1)) == 0;
			pend[r] = PEND_EDGES;
			assumed[r] |= XXGK_PLACED_BY_EDGES;
			if (!one)
				table_warn_row(c, t, r, "cells.blank_position", row->label_line,
					       "%s“%s”行只印有 %d 个数字，空白栏的位置由勾稽关系判定", t->name, t->row_name(r),
					       row->count);
			continue;
		}
		if (row->count < width && strays_aside) {
			char printed[256];
			in_part[r] = !row->label_missing;
			row_cells_unreadable(c, t, row, base[r], width, printed, sizeof printed);
			table_warn_row(c, t, r, "cells.unreadable", row->label_line,
				       "%s“%s”行只印有“%s”，模板为 %d 个：本表有数字不属于任何一行、已搁置，本行缺失的数字"
				       "可能就在其中，不按勾稽关系补出",
				       t->name, t->row_name(r), printed, width);
			continue;
		}
		if (row->count < width) {
			pend[r] = PEND_DAMAGED;
			table_warn_row(c, t, r, "cells.missing", row->label_line, "%s“%s”行只印有 %d 个数字，模板为 %d 个",
				       t->name, t->row_name(r), row->count, width);
			continue;
		}
		for (int col = 0; col < width; col++) {
			const xxgk_token *tk = row->tok[col];
			parse_cell_from_token(c, &t->cells[base[r] + col], tk);
			if (tk->kind == XXGK_TOK_NUM) {
				g.state[base[r] + col] = XXGK_SV_KNOWN;
				g.val[base[r] + col] = tk->value;
			}
		}
		if (by_count && !zeros)
			place_zeros_of_count(c, t, row, r, base[r]);
	}
	const char *zeros_said = NULL;   /* the cells.unproven warning's message, to find it again */
	if (zeros_count) {
		size_t before = c->r->warning_count;
		zeros_warn(c, t, rows, zeros_listed, zeros_strays);
		if (c->r->warning_count == before + 1)
			zeros_said = c->r->warnings[before].message;
	}
	/* the fields before the first figure of the delimited rows printed whole
	 * (the fewest: a label's columns), 0 if none */
	int label_fields = t->cells == &c->r->reviews[0][0] ? -1 : 0;   /* −1: a table with no row labels */
	for (int r = 0; r < count && label_fields >= 0; r++)
		if (row_whole(&rows[r], t->widths[r]) && row_delimited(c, &rows[r])) {
			int empty, f = row_lead_fields(c, rows[r].tok[0], &empty);
			label_fields = !label_fields || f < label_fields ? f : label_fields;
		}
	/* a rule the report's printed rows break settles no lost or empty cell */
	xxgk_infer_distrust(&g);
	for (int r = 0; r < count; r++)
		if (zero_row[r])
			place_zeros_unsure(c, t, &rows[r], r, base[r], &g);
	/* a result only for the rows left pending: the array is 24 KB */
	xxgk_infer_result res[XXGK_T3_ROWS + 1];
	/* a damaged row's rules broken elsewhere, which settle none of its cells */
	const char *broken_at[XXGK_T3_ROWS + 1] = { NULL };
	xxgk_grid *dg = malloc(sizeof *dg);
	if (!dg) {
		c->oom = 1;
		return;
	}
	for (int r = 0; r < count; r++)
		if (pend[r])
			memset(&res[r], 0, sizeof res[r]);
	/* a row left pending is weighed again only once the grid has changed
	 * (another row settled): on the same grid it weighs the same */
	unsigned grid_version = 1, weighed_at[XXGK_T3_ROWS + 1] = { 0 };
	bool progress = true;
	while (progress) {
		progress = false;
		for (int r = 0; r < count; r++) {
			if (!pend[r] || weighed_at[r] == grid_version)
				continue;
			weighed_at[r] = grid_version;
			const row_read *row = &rows[r];
			int width = t->widths[r];
			int n;
			switch (pend[r]) {
			case PEND_GLUED: n = parse_splits(place_cands, place_meta, XXGK_INFER_MAX_CANDS, row, width); break;
			case PEND_EXTRA: n = cands_extra(row, width, XXGK_INFER_MAX_CANDS); break;
			case PEND_EDGES: n = cands_edges(row, width); break;
			default:
				n = cands_damaged(row, base[r], width);
				/* only a layout that leaves one placement: where it leaves
				 * two (an empty cell at either end), the rules would choose
				 * between them, and a rule the report breaks chooses wrong
				 * (table 4 evenly spaced, 空 0 0 0 0 | … | 0 0 0 0 4: the
				 * empty 结果维持 taken for 复议后起诉's 总计, made 4) */
				if (n > 0 && row->geo_n == 1)
					n = cands_geo(row, width, n, geo_moved[r]);
				break;
			}
			if (n > 0)
				n = cands_signed(t, base[r], width, n);
			cands_n[r] = n;
			if (n <= 0) {
				status[r] = XXGK_INFER_NONE;
				memset(&res[r], 0, sizeof res[r]);
				continue;
			}
			bool by_own = false;
			if (n == 1 && pend[r] == PEND_GLUED) {
				/* one way to cut the digits into the row's cells: no rule
				 * decides it, and a rule the report breaks does not undo it */
				memset(&res[r], 0, sizeof res[r]);
				res[r].status = XXGK_INFER_RESOLVED;
				for (int col = 0; col < width; col++) {
					res[r].val[col] = place_cands[0].val[col];
					res[r].known[col] = place_cands[0].state[col] == XXGK_SV_KNOWN;
				}
				assumed[r] |= XXGK_PLACED_BY_SPLIT;
			} else {
				const xxgk_grid *wg = &g;
				broken_at[r] = NULL;
				if (pend[r] == PEND_DAMAGED && (broken_at[r] = distrust_elsewhere(t, &g, base[r], width, dg)))
					wg = dg;
				weigh(&res[r], wg, base[r], width, n, &by_own);
				/* settled only with its figures off their columns */
				geo_refuted[r] = GEO_AGREES;
				if (pend[r] == PEND_DAMAGED && row->geo_n >= 2 && res[r].status == XXGK_INFER_RESOLVED &&
				    (geo_refuted[r] = geo_agrees(c, row, wg, base[r], width, n, &res[r])) != GEO_AGREES)
					res[r].status = XXGK_INFER_UNDETERMINED;
			}
			if (n == 1 && pend[r] == PEND_EDGES && res[r].status != XXGK_INFER_RESOLVED) {
				/* one way the layout allows: placed as printed, the rules judge later */
				memset(&res[r], 0, sizeof res[r]);
				res[r].status = XXGK_INFER_RESOLVED;
				res[r].chosen = 0;
				for (int col = 0; col < width; col++) {
					res[r].val[col] = place_cands[0].val[col];
					res[r].known[col] = place_cands[0].state[col] == XXGK_SV_KNOWN;
				}
			}
			status[r] = res[r].status;
			if (res[r].status != XXGK_INFER_RESOLVED)
				continue;
			/* figures too many settled to 0s where the text prints nothing for an
			 * empty cell: one of its 0s may be that cell (1 0 空 … read 0 … 0 and
			 * another row's 0 set aside) */
			bool zeros = pend[r] == PEND_EXTRA && drops_empty;
			for (int col = 0; col < width && zeros; col++)
				zeros = res[r].known[col] && res[r].val[col] == 0;
			if (zeros) {
				table_warn_row(c, t, r, "cells.extra", row->extra_line, "%s“%s”行印有 %d 个数字，模板为 %d 个",
					       t->name, t->row_name(r), row->count, width);
				pend[r] = PEND_NONE;
				if (place_zeros_unsure(c, t, row, r, base[r], &g)) {
					grid_version++;
					progress = true;
				}
				continue;
			}
			/* cells a figure too many left to a rule the report breaks elsewhere */
			bool unsure_x[XXGK_ROW_CAP] = { false };
			const char *broken = NULL, *refused = NULL;
			int unsure_n = pend[r] == PEND_EXTRA
					       ? extra_unsure(t, &g, base[r], width, n, &res[r], unsure_x, &broken, &refused)
					       : 0;
			/* a row the text ends with, its figures not placed first */
			bool cut_x[XXGK_ROW_CAP] = { false };
			if (pend[r] == PEND_DAMAGED)
				cut_unsure(c, row, width, &res[r], cut_x);
			for (int col = 0; col < width; col++)
				if (res[r].known[col] && !unsure_x[col] && !cut_x[col]) {
					g.state[base[r] + col] = XXGK_SV_KNOWN;
					g.val[base[r] + col] = res[r].val[col];
				}
			grid_version++;
			if (pend[r] == PEND_GLUED)
				place_glued(c, t, row, r, base[r], width, &res[r], n, by_own);
			else
				place_settled(c, t, row, r, base[r], width, &res[r], n, label_fields, cut_x);
			if (pend[r] == PEND_DAMAGED)
				place_geo_named(c, t, row, r, width, geo_moved[r], cut_x);
			if (pend[r] == PEND_EXTRA) {
				/* which printed value the rules set aside (the first, when all agree) */
				int dropped = -1;
				for (int i = 0; i < row->count && dropped < 0; i++) {
					bool kept = false;
					for (int col = 0; col < width; col++)
						kept |= place_src[res[r].chosen][col] == i;
					if (!kept)
						dropped = i;
				}
				const xxgk_token *dt = row->tok[dropped < 0 ? width : dropped];
				/* the row, and each cell whose figure the choice decided (another
				 * figure set aside gives it another value): a report may break
				 * the very rule that chose (a row whose 总计 is not its sum), and
				 * such a cell is then not the document's */
				char where[1024];
				size_t wn;
				t->row_where(c, r, where, sizeof where);
				wn = strlen(where);
				for (int col = 0; col < width && wn + 130 < sizeof where; col++) {
					bool differs = false;
					for (int ci = 0; ci < n && !differs; ci++)
						differs = place_cands[ci].state[col] != place_cands[res[r].chosen].state[col] ||
							  place_cands[ci].val[col] != place_cands[res[r].chosen].val[col];
					if (!differs)
						continue;
					char one[128];
					t->cell_path(c, r, col, one, sizeof one);
					wn += (size_t)snprintf(where + wn, sizeof where - wn, ",%s", one);
				}
				if (!unsure_n) {
					xxgk__parse_warn_at(c, "cells.extra", row->extra_line, where,
							    "%s“%s”行印有 %d 个数字，模板为 %d 个；按勾稽关系第 %d 个（“%.*s”）不属于本行",
							    t->name, t->row_name(r), row->count, width,
							    (dropped < 0 ? width : dropped) + 1, (int)dt->len, dt->text);
				} else {
					/* the choice rests on a rule the report breaks elsewhere:
					 * the cells it decided are unreadable, not its guess */
					char printed[256], cols[XXGK_ROW_CAP * 6];
					size_t cn = 0;
					parse_row_text(printed, sizeof printed, row);
					for (int col = 0; col < width; col++) {
						if (!unsure_x[col])
							continue;
						cn += (size_t)snprintf(cols + cn, sizeof cols - cn, "%s%d", cn ? "、" : "", col + 1);
						xxgk__parse_note_oom(c, xxgk_cell_set(&t->cells[base[r] + col], XXGK_KIND_UNREADABLE,
										      false, 0,
										      xxgk_doc_src_line(&c->doc, row->label_line), 0,
										      printed));
					}
					if (broken)
						xxgk__parse_warn_at(c, "cells.extra", row->extra_line, where,
								    "%s“%s”行印为“%s”，数字多于模板的 %d 个：哪个不属于本行要靠勾稽关系定，"
								    "而本报告别处不守 %s，依此所定的第 %s 栏无法确定，不作采用",
								    t->name, t->row_name(r), printed, width, broken, cols);
					else if (refused && *refused)
						xxgk__parse_warn_at(c, "cells.extra", row->extra_line, where,
								    "%s“%s”行印为“%s”，数字多于模板的 %d 个：弃去按勾稽关系不属于本行的那个，"
								    "本表的 %s 便不能成立，弃去别的又不合勾稽关系，第 %s 栏无法确定，不作采用",
								    t->name, t->row_name(r), printed, width, refused, cols);
					else if (refused)
						xxgk__parse_warn_at(c, "cells.extra", row->extra_line, where,
								    "%s“%s”行印为“%s”，数字多于模板的 %d 个：弃去哪个，本报告的勾稽关系"
								    "都定不下来，第 %s 栏无法确定，不作采用",
								    t->name, t->row_name(r), printed, width, cols);
					else
						xxgk__parse_warn_at(c, "cells.extra", row->extra_line, where,
								    "%s“%s”行印为“%s”，数字多于模板的 %d 个：按本行勾稽关系不属于本行的那个，"
								    "本表别的空白栏便无合乎勾稽关系的值，第 %s 栏无法确定，不作采用",
								    t->name, t->row_name(r), printed, width, cols);
				}
			}
			pend[r] = PEND_NONE;
			progress = true;
		}
	}
	for (int r = 0; r < count; r++) {
		if (!pend[r])
			continue;
		if (pend[r] == PEND_GLUED && t->eq_count == 0 && status[r] == XXGK_INFER_AMBIGUOUS &&
		    c->t2_open_count < 8) {
			c->t2_open[c->t2_open_count].row = r;
			c->t2_open[c->t2_open_count].read = rows[r];
			c->t2_open_count++;
		}
		if (pend[r] == PEND_EXTRA)
			table_warn_row(c, t, r, "cells.extra", rows[r].extra_line, "%s“%s”行印有 %d 个数字，模板为 %d 个",
				       t->name, t->row_name(r), rows[r].count, t->widths[r]);
		place_unreadable(c, t, &rows[r], r, base[r], t->widths[r], &res[r], status[r], cands_n[r],
				 pend[r] == PEND_DAMAGED ? broken_at[r] : NULL, geo_refuted[r]);
	}
	free(dg);
	/* before the empty cells are settled: a row found out of place settles none */
	for (int r = 0; r < count; r++)
		in_part[r] = in_part[r] || (pend[r] == PEND_DAMAGED && !rows[r].label_missing);
	place_verify_moved(c, t, rows, assumed, in_part, &g, base);
	place_blanks(c, t, &g, base);
	place_verify(c, t, rows, assumed, &g, base);
	/* a table printed with every cell empty */
	bool any_row = false, any_value = false;
	for (int r = 0; r < count; r++) {
		any_row |= rows[r].found;
		for (int col = 0; col < t->widths[r]; col++) {
			const xxgk_cell *cell = &t->cells[base[r] + col];
			any_value |= cell->kind != XXGK_KIND_BLANK && cell->kind != XXGK_KIND_ABSENT;
		}
	}
	if (any_row && !any_value) {
		char where[128];
		t->row_where(c, -1, where, sizeof where);
		xxgk__parse_warn_at(c, "cells.blank", rows[0].found ? rows[0].label_line : 0, where,
				    "%s各栏均为空白", t->name);
	}
	/* rows of 0s made unreadable since (place_zeros_unsure, place_verify):
	 * the warning that gave their cells 0 names them no more */
	for (size_t i = 0; zeros_said && i < c->r->warning_count; i++) {
		if (c->r->warnings[i].message != zeros_said)
			continue;
		bool gone = false;
		for (int r = 0; r < count; r++)
			for (int col = 0; col < t->widths[r] && zeros_listed[r]; col++)
				if (t->cells[base[r] + col].kind == XXGK_KIND_UNREADABLE) {
					zeros_listed[r] = false;
					gone = true;
				}
		if (!gone)
			break;
		xxgk_warning old = c->r->warnings[i];
		memmove(&c->r->warnings[i], &c->r->warnings[i + 1],
			(c->r->warning_count - i - 1) * sizeof c->r->warnings[0]);
		c->r->warning_count--;
		size_t after = c->r->warning_count;
		zeros_warn(c, t, rows, zeros_listed, zeros_strays);
		if (c->r->warning_count == after + 1) {
			/* in the place of the one it replaces */
			xxgk_warning w = c->r->warnings[after];
			memmove(&c->r->warnings[i + 1], &c->r->warnings[i], (after - i) * sizeof w);
			c->r->warnings[i] = w;
		}
		free(old.code);
		free(old.message);
		free(old.where);
		break;
	}
}

static const char *parse_t3_row_name(int row) { return xxgk_t3_row_label(row); }

static const char *const t4_block_name[1] = { "（复议、诉讼）" };
static const char *parse_t4_row_name(int row) { (void)row; return t4_block_name[0]; }

static void t3_cell_path(const parse_ctx *c, int row, int col, char *out, size_t cap)
{
	(void)c;
	snprintf(out, cap, "applications.%s.%s", xxgk_t3_row_key(row), xxgk_t3_col_key(col));
}

static void t3_row_where(const parse_ctx *c, int row, char *out, size_t cap)
{
	(void)c;
	if (row < 0)
		snprintf(out, cap, "applications.*");
	else
		snprintf(out, cap, "applications.%s.*", xxgk_t3_row_key(row));
}

static void t4_cell_path(const parse_ctx *c, int row, int col, char *out, size_t cap)
{
	(void)c;
	(void)row;
	snprintf(out, cap, "reviews.%s.%s", xxgk_t4_group_key(col / XXGK_T4_COLS), xxgk_t4_col_key(col % XXGK_T4_COLS));
}

static void t4_row_where(const parse_ctx *c, int row, char *out, size_t cap)
{
	(void)c;
	(void)row;
	snprintf(out, cap, "reviews.*");
}

/* The table-2 field of printed row `row`, column `col` of the report's template. */
static const xxgk_active_field *t2_field(const parse_ctx *c, int row, int col)
{
	size_t n;
	const xxgk_active_field *f = xxgk_active_fields(c->r->template_kind, &n);
	for (size_t i = 0; i < n; i++)
		if (f[i].row == row && col-- == 0)
			return &f[i];
	return NULL;
}

static void t2_cell_path(const parse_ctx *c, int row, int col, char *out, size_t cap)
{
	const xxgk_active_field *f = t2_field(c, row, col);
	snprintf(out, cap, "active.%s.%s", f ? f->item : "?", f ? f->column : "?");
}

static void t2_row_where(const parse_ctx *c, int row, char *out, size_t cap)
{
	const xxgk_active_field *f = row < 0 ? NULL : t2_field(c, row, 0);
	if (row < 0)
		snprintf(out, cap, "active.*");
	else
		snprintf(out, cap, "active.%s.*", f ? f->item : "?");
}

/*
 * A table's rules as equations over its grid (table 3: 25 × 7, table 4:
 * 3 × 5), from data/rules.conf — the statement the checker evaluates too.
 * Returns how many; 0 when the rule set cannot be had (then nothing is
 * inferred, which is safe).
 */
static int rule_eqs_make(xxgk_eq *eqs, int cap, int template_kind, int table)
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

/* Each template's table 3 and table 4 rules as equations, made once: they
 * come from the built-in rules, which never change (a report asked for them
 * three times, each time going through every rule of its template). */
typedef struct {
	int n;
	xxgk_eq eqs[XXGK_EQ_CAP];
} rule_eqs_set;
static rule_eqs_set rule_eqs_made[XXGK_TEMPLATE_2019 + 1][2];
static pthread_once_t rule_eqs_once = PTHREAD_ONCE_INIT;

static void rule_eqs_make_all(void)
{
	for (int k = 0; k <= XXGK_TEMPLATE_2019; k++)
		for (int t = 0; t < 2; t++)
			rule_eqs_made[k][t].n = rule_eqs_make(rule_eqs_made[k][t].eqs, XXGK_EQ_CAP, k,
							      t ? XXGK_TABLE_4 : XXGK_TABLE_3);
}

static int parse_rule_eqs(xxgk_eq *eqs, int cap, int template_kind, int table)
{
	if (template_kind < 0 || template_kind > XXGK_TEMPLATE_2019 ||
	    (table != XXGK_TABLE_3 && table != XXGK_TABLE_4))
		return rule_eqs_make(eqs, cap, template_kind, table);
	pthread_once(&rule_eqs_once, rule_eqs_make_all);
	const rule_eqs_set *m = &rule_eqs_made[template_kind][table == XXGK_TABLE_4];
	int n = m->n < cap ? m->n : cap;
	memcpy(eqs, m->eqs, (size_t)(n > 0 ? n : 0) * sizeof *eqs);
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
	table_desc t = { "表三", parse_t3_row_name, XXGK_T3_ROWS, widths, &c->r->applications[0][0], eqs, eq_count,
			 absent_ok, NULL, t3_cell_path, t3_row_where };
	parse_place_rows(c, rows, &t);
}

/*
 * Table 4 printed as three lines of figures, one a group (行政复议, the two
 * 行政诉讼), on space-aligned lines: a line short of its five cells gets its
 * empty cells by column (col_place), the lines of five being the columns'
 * evidence. Rewrites vals[0..n) to the fifteen cells and returns 15, setting
 * XXGK_PLACED_BY_COLUMNS in *placed; returns n, vals untouched, unless every
 * short line is placed.
 */
static int t4_by_columns(parse_ctx *c, size_t begin, size_t end, const xxgk_token **vals, int n, unsigned *placed)
{
	enum { GROUP = XXGK_T4_COLS, ALL = XXGK_T4_GROUPS * XXGK_T4_COLS };
	int start[XXGK_T4_GROUPS + 1], lines = 0;
	for (int i = 0; i < n; i++)
		if (i == 0 || vals[i]->line != vals[i - 1]->line) {
			if (lines == XXGK_T4_GROUPS)
				return n;
			start[lines++] = i;
		}
	if (lines != XXGK_T4_GROUPS)
		return n;
	start[lines] = n;
	const xxgk_token *out[ALL];
	for (int g = 0; g < XXGK_T4_GROUPS; g++) {
		int k = start[g + 1] - start[g];
		if (k > GROUP)
			return n;
		if (k == GROUP)
			memcpy(out + g * GROUP, vals + start[g], sizeof *out * GROUP);
		else if (!col_place(c, begin, end, vals + start[g], k, GROUP, out + g * GROUP))
			return n;
	}
	memcpy(vals, out, sizeof out);
	*placed |= XXGK_PLACED_BY_COLUMNS;
	return ALL;
}

/*
 * Is label token i a group's row label ("行政诉讼（未经复议直接起诉）   0   0      0")?
 * It starts its line, names a group (复议 or 诉讼) and figures follow it on
 * that line. Such a row's figures stand in the order of its columns whatever
 * it holds, so a short row before it is not a sign of headings printed among
 * the figures.
 */
static bool t4_group_label(const parse_ctx *c, size_t begin, size_t end, size_t i)
{
	const xxgk_token *t = &c->doc.toks[i];
	if ((i > begin && c->doc.toks[i - 1].line == t->line) || i + 1 >= end || c->doc.toks[i + 1].line != t->line ||
	    !tok_is_value(&c->doc.toks[i + 1]))
		return false;
	for (uint32_t k = 0; k + 6 <= t->len; k++)
		if (memcmp(t->text + k, "复议", 6) == 0 || memcmp(t->text + k, "诉讼", 6) == 0)
			return true;
	return false;
}

/* Does s[0..n) hold the NUL-terminated `key` (never empty)? */
static bool text_has(const char *s, size_t n, const char *key)
{
	size_t k = strlen(key);
	const char *end = s + n;
	/* memchr to each place the key's first byte stands: a memcmp at every
	 * byte of table 3's labels was a twentieth of a parse */
	for (const char *p = s; k && (size_t)(end - p) >= k && (p = memchr(p, key[0], (size_t)(end - p) - k + 1)); p++)
		if (memcmp(p, key, k) == 0)
			return true;
	return false;
}

/*
 * Table 4 printed as one space-aligned line of figures short of its fifteen
 * cells, with no whole line to take the columns from: the columns are those
 * of the heading words on one line above it, "结果维持  结果纠正  其他结果
 * 尚未审结  总计" three times over, each word two spaces at least from the
 * next (a word pushed up against its neighbour no longer marks its column).
 * A figure belongs to the word it stands under (its middle within the word,
 * give or take COL_SLACK), counted in characters and in display cells as
 * col_settle does. Rewrites vals[0..n) to the fifteen cells and returns 15,
 * setting XXGK_PLACED_BY_COLUMNS in *placed; else returns n, vals untouched.
 */
static int t4_by_heads(parse_ctx *c, size_t begin, size_t first, const xxgk_token **vals, int n, unsigned *placed)
{
	enum { ALL = XXGK_T4_GROUPS * XXGK_T4_COLS };
	static const char *const keys[XXGK_T4_COLS][2] = { { "维持", NULL }, { "纠正", NULL }, { "其他", NULL },
							   { "审结", "未结" }, { "总计", "合计" } };
	if (n <= 0 || n >= ALL || !c->doc.line_kind)
		return n;
	for (int i = 0; i < n; i++)
		if (vals[i]->line != vals[0]->line || (vals[i]->kind != XXGK_TOK_NUM && vals[i]->kind != XXGK_TOK_NA))
			return n;
	if (!col_plain_line(c, vals[0]))
		return n;
	col_geom g[COL_WAYS];
	bool found = false;
	for (size_t i = begin; i < first;) {
		size_t j = i;
		bool labels = true;
		while (j < first && c->doc.toks[j].line == c->doc.toks[i].line)
			labels &= !tok_is_value(&c->doc.toks[j++]);
		const xxgk_token *t = &c->doc.toks[i];
		i = j;
		if (!labels || !col_plain_line(c, t))
			continue;
		const char *ls = col_line_start(c, t), *end = c->doc.text + c->doc.len;
		const char *le = memchr(ls, '\n', (size_t)(end - ls));
		le = le ? le : end;
		col_geom h[COL_WAYS];
		memset(h, 0, sizeof h);
		int words = 0;
		for (const char *p = ls; p < le && words <= ALL;) {
			const char *sp = p;
			while (p < le && *p == ' ')
				p++;
			const char *q = p;
			while (q < le && *q != ' ')
				q++;
			if (q == p)
				break;
			if (words && p - sp < 2)
				break;   /* pushed against the word before: not at its column */
			if (words < ALL) {
				const char *const *k = keys[words % XXGK_T4_COLS];
				if (!text_has(p, (size_t)(q - p), k[0]) && !(k[1] && text_has(p, (size_t)(q - p), k[1])))
					break;
				xxgk_token word = *t;
				word.text = p;
				word.len = (uint32_t)(q - p);
				/* the word's first and last characters' middles, in each way */
				int32_t pc, pw, wc, ww;
				col_measure(ls, (size_t)(p - ls), &pc, &pw);
				col_measure(p, (size_t)(q - p), &wc, &ww);
				int32_t rb, ro;
				if (col_raw_cells(c, &word, &rb, &ro))
					pw = rb, ww = ro;
				h[COL_CHARS].lo2[words] = 2 * pc;
				h[COL_CHARS].hi2[words] = 2 * (pc + wc - 1);
				/* a wide character's middle is half a cell in */
				h[COL_CELLS].lo2[words] = 2 * pw + 1;
				h[COL_CELLS].hi2[words] = 2 * (pw + ww) - 3;
			}
			words++;
			p = q;
		}
		if (words != ALL)
			continue;
		h[COL_CHARS].rows = h[COL_CELLS].rows = 1;
		memcpy(g, h, sizeof g);
		found = true;   /* the last such line above the figures */
	}
	const xxgk_token *out[ALL];
	if (!found || !col_settle(c, g, vals, n, ALL, out))
		return n;
	memcpy(vals, out, sizeof out);
	*placed |= XXGK_PLACED_BY_COLUMNS;
	return ALL;
}

/* Is the label made of table 4's heading words alone ("总计", "结果维", "持",
 * "尚未审", "复议后起诉" …), characters of no other text? */
static bool t4_heading_word(const xxgk_token *t)
{
	static const char set[] = "结果维持纠正其他尚未审总计合行政复议诉讼经直接起后（）()";
	if (!t->len)
		return false;
	for (uint32_t k = 0; k < t->len;) {
		uint32_t n = ((unsigned char)t->text[k] & 0xE0) == 0xE0 ? 3 : 1;
		if (n == 1 && t->text[k] != '(' && t->text[k] != ')')
			return false;
		if (k + n > t->len)
			return false;
		bool in = false;
		for (size_t q = 0; q + n <= sizeof set - 1 && !in; q += ((unsigned char)set[q] & 0xE0) == 0xE0 ? 3 : 1)
			in = memcmp(set + q, t->text + k, n) == 0;
		if (!in)
			return false;
		k += n;
	}
	return true;
}

/*
 * The figures and heading words the text ends with, after the parts that
 * follow table 4: pdftotext's default mode prints a page's text blocks (五、
 * and 六、 on table 4's page, its footer) before the cells that stand right
 * of them, so a group of table 4 comes last ("-2-", then "总计 0 结果维 持 …
 * 0 0 0 0"). Returns the index of the tail's first token, or tok_count when
 * fewer than two figures end the text after `end`.
 */
static size_t t4_tail(const parse_ctx *c, size_t end)
{
	size_t n = c->doc.tok_count, i = n;
	int figures = 0;
	while (i > end + 1) {
		const xxgk_token *t = &c->doc.toks[i - 1];
		if (t->kind == XXGK_TOK_NUM)
			figures++;
		else if (t->kind != XXGK_TOK_LABEL || !t4_heading_word(t))
			break;
		i--;
	}
	/* one number alone may be a page's number */
	if (figures < 2 || i <= end + 1 || i >= n)
		return n;
	/* the tail starts with its first figure or heading word after the prose */
	return i;
}

/*
 * Table 4 printed in 0s alone, its figures set among its headings or short
 * of its cells, some perhaps printed after the report's closing parts
 * (t4_tail), the parts after it printed: every cell is 0 or empty, whatever
 * their order. Where at most
 * one figure is lacking, the table is 0 throughout — a cell not 0 needs
 * another not 0 in its group (its total, or a result: t4's sums), and the
 * one cell left is settled 0 by its group's sum if it is empty. Sets every
 * cell 0, kind number when all fifteen 0s are printed, else inferred and
 * named (which one is empty no text says), and returns true; else false,
 * nothing set.
 */
static bool t4_all_zero(parse_ctx *c, size_t begin, size_t end, bool interleaved, const xxgk_eq *eqs, int eq_count)
{
	enum { ALL = XXGK_T4_GROUPS * XXGK_T4_COLS };
	/* a text that ends inside the table may be cut off: the figure it lacks
	 * may be one never printed, not an empty cell (parse_truncated) */
	if (end >= c->doc.tok_count)
		return false;
	for (size_t i = begin; i < end; i++)
		if (c->doc.toks[i].kind != XXGK_TOK_LABEL &&
		    (c->doc.toks[i].kind != XXGK_TOK_NUM || c->doc.toks[i].value != 0))
			return false;
	size_t tail = t4_tail(c, end);
	int n = 0, region = 0;
	uint32_t line = 0, prev = 0;
	bool own_lines = true, boxes = false;
	for (size_t i = begin; i < c->doc.tok_count; i++) {
		if (i == end)
			i = tail;
		if (i >= c->doc.tok_count)
			break;
		const xxgk_token *t = &c->doc.toks[i];
		if (t->kind == XXGK_TOK_LABEL)
			continue;
		if (t->kind != XXGK_TOK_NUM || t->value != 0)
			return false;
		if (!line)
			line = t->line;
		own_lines &= t->line != prev;
		boxes |= col_box(c, t) != NULL;
		prev = t->line;
		n++;
		region += i < end;
	}
	if (n < ALL - 1 || n > ALL || (region == ALL && !interleaved))
		return false;
	/* figures that stand in rows, or by their boxes, tell which cell is
	 * empty: placed by their columns as before, unless headings stand among
	 * them or some were printed after the report's closing parts */
	if (!interleaved && region == n && (!own_lines || boxes))
		return false;
	/* every cell stands in a sum that settles it from the others */
	for (int k = 0; k < ALL; k++) {
		bool in = false;
		for (int e = 0; e < eq_count && !in; e++) {
			for (int q = 0; q < eqs[e].nl && !in; q++)
				in = eqs[e].lhs[q] == k;
			for (int q = 0; q < eqs[e].nr && !in; q++)
				in = eqs[e].rhs[q] == k;
		}
		if (!in)
			return false;
	}
	char where[ALL * 64];
	size_t wn = 0;
	for (int k = 0; k < ALL; k++) {
		char path[128];
		t4_cell_path(c, 0, k, path, sizeof path);
		wn += (size_t)snprintf(where + wn, sizeof where - wn, "%s%s", wn ? "," : "", path);
		xxgk__parse_note_oom(c, xxgk_cell_set(&c->r->reviews[0][0] + k,
						      n == ALL ? XXGK_KIND_NUMBER : XXGK_KIND_INFERRED, true, 0,
						      xxgk_doc_src_line(&c->doc, line), 0, NULL));
	}
	if (n < ALL)
		xxgk__parse_warn_at(c, "cells.inferred", line, where,
				    "表四只印有 %d 个数字，均为 0%s：任何一栏不为 0，其所在一组便至少另有一栏不为 0；"
				    "所缺一栏无论是哪一栏，按该组合计均为 0，各栏均为 0",
				    n, tail < c->doc.tok_count ? "（部分印在报告末尾）" : "");
	return true;
}

/*
 * Appends to run[0..*n) the figures of t4_tail after `end` where they make
 * exactly `width` and no heading word stands among a group's figures;
 * returns whether it did.
 */
static bool t4_take_tail(const parse_ctx *c, size_t end, const xxgk_token **run, int *n, int width,
			 const xxgk_eq *eqs, int eq_count)
{
	size_t tail = t4_tail(c, end);
	const xxgk_token *more[XXGK_T4_GROUPS * XXGK_T4_COLS];
	int m = 0;
	bool label = false;
	for (size_t i = tail; i < c->doc.tok_count; i++) {
		const xxgk_token *t = &c->doc.toks[i];
		if (t->kind == XXGK_TOK_LABEL) {
			label = true;
			continue;
		}
		if (t->kind != XXGK_TOK_NUM || *n + m >= width || (label && (*n + m) % XXGK_T4_COLS != 0))
			return false;
		label = false;
		more[m++] = t;
	}
	if (!m || *n + m != width)
		return false;
	/* read so, every rule of the table holds: else the order is not the table's */
	double v[XXGK_T4_GROUPS * XXGK_T4_COLS];
	for (int k = 0; k < width; k++)
		v[k] = k < *n ? run[k]->value : more[k - *n]->value;
	if (eq_count <= 0)
		return false;
	for (int e = 0; e < eq_count; e++) {
		double side[2] = { 0, 0 };
		for (int q = 0; q < eqs[e].nl; q++)
			side[0] += eqs[e].lhs[q] < width ? v[eqs[e].lhs[q]] : 0;
		for (int q = 0; q < eqs[e].nr; q++)
			side[1] += eqs[e].rhs[q] < width ? v[eqs[e].rhs[q]] : 0;
		if (side[0] != side[1])
			return false;
	}
	memcpy(run + *n, more, sizeof *more * (size_t)m);
	*n += m;
	return true;
}

/*
 * Table 4 printed with every cell empty: its headings (结果维持 …), no figure,
 * and after them its fifteen empty cells as the text prints empty cells — a
 * line of fifteen tab-separated empty fields, or fifteen lines each holding
 * only blanks (a tab, spaces, U+00A0, U+3000). Read as not printed (kind
 * absent, cells.missing and table.missing "未找到表四") in partial copies 0
 * (xxgk-synth --classes partial: every cell printed empty) whose tables 2 and
 * 3 were read blank. Returns the line of the headings, or 0.
 */
static uint32_t t4_printed_empty(const parse_ctx *c, size_t begin, size_t end)
{
	const xxgk_token *head = NULL;
	bool named = false;
	char buf[512];
	for (size_t i = begin; i < end; i++) {
		const xxgk_token *t = &c->doc.toks[i];
		if (t->kind != XXGK_TOK_LABEL)
			return 0;
		head = t;
		xxgk__parse_compact(buf, sizeof buf, t->text, t->len);
		named |= strstr(buf, "结果维持") != NULL;
	}
	const char *text_end = c->doc.text + c->doc.len;
	if (!named || c->doc.ocr_count || head->text < c->doc.text || head->text + head->len > text_end)
		return 0;
	const char *to = end < c->doc.tok_count ? c->doc.toks[end].text : text_end;
	if (to < head->text || to > text_end)
		return 0;
	int run = 0, best_run = 0, tab_line = 0;
	const char *p = memchr(head->text + head->len, '\n', (size_t)(to - (head->text + head->len)));
	while (p && p < to) {
		const char *ls = p + 1, *le = memchr(ls, '\n', (size_t)(text_end - ls));
		if (!le)
			le = text_end;
		if (le > to)
			le = to;
		int tabs = 0;
		bool blank_only = true, marked = false;
		for (const char *q = ls; q < le && blank_only;) {
			unsigned char ch = (unsigned char)*q;
			if (ch == '\t' || ch == ' ' || ch == '\r') {
				tabs += ch == '\t';
				marked |= ch != '\r';
				q++;
			} else if (ch == 0xC2 && q + 1 < le && (unsigned char)q[1] == 0xA0) {
				marked = true;
				q += 2;
			} else if (ch == 0xE3 && q + 2 < le && (unsigned char)q[1] == 0x80 && (unsigned char)q[2] == 0x80) {
				marked = true;
				q += 3;
			} else {
				blank_only = false;
			}
		}
		if (blank_only && tabs == XXGK_T4_GROUPS * XXGK_T4_COLS - 1)
			tab_line++;
		run = blank_only && marked ? run + 1 : 0;
		if (run > best_run)
			best_run = run;
		if (!blank_only)
			best_run = best_run == XXGK_T4_GROUPS * XXGK_T4_COLS ? best_run : 0;
		p = le < to ? le : NULL;
	}
	bool lines = best_run == XXGK_T4_GROUPS * XXGK_T4_COLS && tab_line == 0;
	return (tab_line == 1 && best_run <= 1) || lines ? head->line : 0;
}

void xxgk__rows_table4(parse_ctx *c, size_t begin, size_t end)
{
	xxgk_eq eqs[XXGK_EQ_CAP];
	int eq_count = parse_rule_eqs(eqs, XXGK_EQ_CAP, c->r->template_kind, XXGK_TABLE_4);
	row_read row;
	memset(&row, 0, sizeof row);
	const int width = XXGK_T4_GROUPS * XXGK_T4_COLS;
	size_t first = end, last = end;
	uint32_t label_line = 0;
	bool label_since = false, interleaved = false;
	int values = 0;
	bool from_tail = false;
	for (size_t i = begin; i < end; i++) {
		const xxgk_token *t = &c->doc.toks[i];
		if (t->kind == XXGK_TOK_LABEL) {
			if (first == end)
				label_line = t->line;
			label_since = first != end && !t4_group_label(c, begin, end, i);
			continue;
		}
		/* headings printed between the figures of a group: the figures come
		 * in the order of text flows (pdftotext's default mode), not of columns */
		if (label_since && values % XXGK_T4_COLS != 0 && values < width && t->kind != XXGK_TOK_RUN &&
		    !row.glued)
			interleaved = true;
		label_since = false;
		values++;
		if (first == end)
			first = i;
		last = i;
		if (t->kind == XXGK_TOK_RUN)
			row.glued = true;
	}
	if (first < end && t4_all_zero(c, begin, end, interleaved, eqs, eq_count))
		return;
	if (first == end && (label_line = t4_printed_empty(c, begin, end)) != 0) {
		row.found = true;   /* every cell printed empty */
		row.label_line = label_line;
	}
	if (first < end) {
		bool gaps = c->gaps.on && gap_one_per_line(c, first, last + 1);
		xxgk_gap_style saved = c->gaps;
		c->gaps.on = gaps;
		const xxgk_token *run_tok[RUN_CAP];
		int n = 0;
		/* the values in order, labels between them skipped (headers of three blocks) */
		for (size_t i = first; i <= last && n < RUN_CAP; i++) {
			size_t j = i;
			while (j <= last && c->doc.toks[j].kind != XXGK_TOK_LABEL)
				j++;
			if (j > i)
				n += gap_run(c, i, j, run_tok + n, RUN_CAP - n);
			i = j;
		}
		/* the rest of its figures printed after the report's closing parts
		 * (t4_tail: pdftotext's default mode, the page's text blocks first):
		 * where they make the table whole, in the order of its groups and
		 * columns with no heading among a group's figures, they follow the
		 * figures before 五、; its rules prove the groups' sums, and a
		 * warning names the cells so read */
		bool numbers = true;
		for (int q = 0; q < n; q++)
			numbers &= run_tok[q]->kind == XXGK_TOK_NUM;
		if (!row.glued && numbers && !interleaved && n > 0 && n < width)
			from_tail = t4_take_tail(c, end, run_tok, &n, width, eqs, eq_count);
		/* three groups printed as three space-aligned lines of five, some
		 * short of cells: their empty cells by column, as table 3's rows */
		if (!row.glued && n < width && n > 0 && !gaps)
			n = t4_by_columns(c, begin, end, run_tok, n, &row.placed);
		/* one line of figures short of cells: the heading words' columns */
		if (!row.glued && n < width && n > 0 && !gaps)
			n = t4_by_heads(c, begin, first, run_tok, n, &row.placed);
		/* … or, the heading words marking no column, the figures' spacing */
		if (!row.glued && n < width && n > 0 && !gaps) {
			row.geo_n = (uint8_t)col_even_masks(c, run_tok, n, width, row.geo_masks);
			row.geo_even = true;
		}
		row.found = true;
		row.label_line = c->doc.toks[first].line;
		row.count = n < XXGK_PRINTED_CAP ? n : XXGK_PRINTED_CAP;
		for (int q = 0; q < row.count; q++) {
			row.tok[q] = run_tok[q];
			if (gaps && c->gaps.unsure && q > 0 && q + 1 < row.count && gap_is_line(c, row.tok[q]))
				row.placed |= XXGK_PLACED_GAP_UNSURE;
		}
		if (!row.glued && row.count > width) {
			row.extra = row.count - width;
			row.extra_line = row.tok[width]->line;
		}
		if (!row.glued && row.count < width && gaps && label_line)
			gap_edges(c, &row, label_line, c->doc.toks[first].line, c->doc.toks[last].line,
				  gap_next_line(c, end), width - row.count);
		c->gaps = saved;
	}
	if (interleaved && row.found) {
		char printed[256];
		parse_row_text(printed, sizeof printed, &row);
		for (int k = 0; k < width; k++)
			xxgk__parse_note_oom(c, xxgk_cell_set(&c->r->reviews[0][0] + k, XXGK_KIND_UNREADABLE, false, 0,
							      row.tok[0]->src_line, 0, printed));
		xxgk__parse_warn_at(c, "cells.unreadable", row.label_line, "reviews.*",
				    "表四的数字与栏目名称交错印出（“%s”），无法确定各数字所在的栏", printed);
		return;
	}
	int widths[1] = { width };
	table_desc t = { "表四", parse_t4_row_name, 1, widths, &c->r->reviews[0][0], eqs, eq_count, NULL, NULL,
			 t4_cell_path, t4_row_where };
	parse_place_rows(c, &row, &t);
	if (from_tail) {
		char where[XXGK_T4_GROUPS * XXGK_T4_COLS * 64];
		size_t wn = 0;
		for (int k = 0; k < width; k++) {
			char path[128];
			t4_cell_path(c, 0, k, path, sizeof path);
			wn += (size_t)snprintf(where + wn, sizeof where - wn, "%s%s", wn ? "," : "", path);
		}
		xxgk__parse_warn_at(c, "cells.placed_by_order", row.label_line, where,
				    "表四的部分数字印在报告末尾（第五、六部分之后），按印出的先后次序接续认定各栏；所得各组均符合合计");
	}
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

/*
 * A table printed with every cell empty: no figure at all, but its row labels
 * in order. When at least `need` of them are named, each named row is found
 * with all its cells empty (row->count 0, every cell a blank).
 */
static void rows_all_empty(parse_ctx *c, const row_spec *specs, int count, size_t begin, size_t end,
			   int need, row_read *rows)
{
	for (int k = 0; k < count; k++)
		if (rows[k].found)
			return;
	for (size_t i = begin; i < end; i++)
		if (c->doc.toks[i].kind != XXGK_TOK_LABEL)
			return;
	int r = 0, named = 0;
	row_read tmp[XXGK_T3_ROWS];
	memset(tmp, 0, sizeof tmp);
	for (size_t i = begin; i < end && r < count; i++) {
		char buf[512];
		xxgk__parse_compact(buf, sizeof buf, c->doc.toks[i].text, c->doc.toks[i].len);
		int k = parse_match_row(buf, specs, r, count);
		if (k < 0 || (k > r + 2))
			continue;   /* in order, with at most a couple of rows not printed */
		tmp[k].found = true;
		tmp[k].label_line = c->doc.toks[i].line;
		r = k + 1;
		named++;
	}
	if (named < need)
		return;
	memcpy(rows, tmp, sizeof(*rows) * (size_t)count);
}

/*
 * Tab-separated (or piped) text prints a row with every cell empty as its
 * label and one empty field a cell ("规范性文件\t\t\t"): the tokens give the
 * label alone (tabs also pad label columns, so no empty cell is taken after
 * a label), and the row came back not printed (kind absent, cells.missing
 * "未印出") in a table whose other rows are read. A row not found whose label
 * is the last field of its line, followed by exactly as many empty fields as
 * the row has cells, between the rows read before and after it, is found
 * printed empty (its cells blank, settled by the rules or left null, as any
 * printed-empty cell). Partial copy 3 of pingtan_2019 (xxgk-synth --classes
 * partial seed 113): table 2's rows after 规章 0 0 0.
 */
static void rows_tab_empty(parse_ctx *c, const row_spec *specs, int count, size_t begin, size_t end,
			   row_read *rows)
{
	bool any = false;
	for (int k = 0; k < count; k++)
		any |= rows[k].found;
	if (!any || c->doc.ocr_count)
		return;
	const char *text_end = c->doc.text + c->doc.len;
	size_t from = begin;
	uint32_t after_line = 0;
	for (int r = 0; r < count; r++) {
		if (rows[r].found) {
			after_line = rows[r].label_line;
			continue;
		}
		uint32_t before_line = UINT32_MAX;
		for (int k = r + 1; k < count; k++)
			if (rows[k].found) {
				before_line = rows[k].label_line;
				break;
			}
		for (size_t i = from; i < end; i++) {
			const xxgk_token *t = &c->doc.toks[i];
			if (t->line >= before_line)
				break;
			if (t->kind != XXGK_TOK_LABEL || t->line <= after_line || t->text < c->doc.text ||
			    t->text + t->len > text_end || (i + 1 < c->doc.tok_count && c->doc.toks[i + 1].line == t->line))
				continue;
			/* the fields after the label: empty, one a cell */
			const char *p = t->text + t->len, *e = memchr(p, '\n', (size_t)(text_end - p));
			if (!e)
				e = text_end;
			while (e > p && (e[-1] == '\r' || e[-1] == ' '))
				e--;
			int tabs = 0, pipes = 0;
			bool other = false;
			for (const char *q = p; q < e && !other; q++) {
				tabs += *q == '\t';
				pipes += *q == '|';
				other = *q != '\t' && *q != '|' && *q != ' ';
			}
			/* a piped row closes with a pipe: one field fewer than pipes */
			int fields = tabs && !pipes ? tabs : pipes && !tabs ? (e > p && e[-1] == '|' ? pipes - 1 : pipes) : 0;
			if (other || fields != specs[r].width)
				continue;
			char buf[512];
			xxgk__parse_compact(buf, sizeof buf, t->text, t->len);
			if (parse_match_row(buf, specs, r, r + 1) != r)
				continue;
			rows[r].found = true;
			rows[r].label_line = t->line;
			rows[r].count = 0;
			rows[r].placed = 0;
			after_line = t->line;
			from = i + 1;
			break;
		}
	}
}

/* Table 2: rows of different widths and no rules within one report. */
void xxgk__rows_table2(parse_ctx *c, size_t begin, size_t end)
{
	bool y2019 = c->r->template_kind == XXGK_TEMPLATE_2019;
	match_2019 = y2019;
	match_near = c->doc.ocr_count > 0;
	match_heads = false;   /* table 2's rows list no family heads */
	const row_spec *specs = y2019 ? t2_specs_2019 : t2_specs_2021;
	int count = y2019 ? 8 : 6;
	row_read rows[8];
	int widths[8];
	if (begin >= end) {
		xxgk__parse_warn_at(c, "table.missing", 0, "active.*", "未找到表二（主动公开政府信息情况）");
		return;
	}
	/* one-cell-per-line: table 2's own layout (its spacing may differ from
	 * table 3's); with no row of it printed whole, table 3's separators */
	xxgk_gap_style saved = c->gaps, own;
	gap_learn(c, specs, count, begin, end, &own);
	if (own.on && !own.dbl_seen && saved.on && saved.dbl_seen) {
		/* rows of one value show no spacing: table 3's, learned again */
		own.dbl = saved.dbl;
		own.dbl_seen = true;
		xxgk_gap_style again = own;
		gap_learn_edges(c, specs, count, begin, end, &again);
		own = again;
	}
	if (own.on && !own.lead_set && !own.trail_set && saved.on && saved.dbl == own.dbl) {
		own.lead_set = saved.lead_set;
		own.trail_set = saved.trail_set;
	}
	c->gaps = own;
	parse_read_rows(c, specs, count, begin, end, NULL, true, rows);
	rows_all_empty(c, specs, count, begin, end, count / 2, rows);
	rows_tab_empty(c, specs, count, begin, end, rows);
	c->gaps = saved;
	bool any = false;
	for (int r = 0; r < count; r++) {
		widths[r] = specs[r].width;
		any |= rows[r].found;
	}
	if (!any) {
		xxgk__parse_warn_at(c, "table.missing", 0, "active.*", "未找到表二（主动公开政府信息情况）");
		return;
	}
	/* the 2019 template's 本年增/减 may be negative */
	bool signed_cell[XXGK_ACTIVE_CAP] = { false };
	size_t nf;
	const xxgk_active_field *f = xxgk_active_fields(c->r->template_kind, &nf);
	for (size_t i = 0; i < nf && i < XXGK_ACTIVE_CAP; i++)
		signed_cell[i] = strcmp(f[i].column, "change") == 0;
	table_desc t = { "表二", y2019 ? parse_t2_row_name_2019 : parse_t2_row_name_2021, count, widths, c->r->active,
			 NULL, 0, NULL, signed_cell, t2_cell_path, t2_row_where };
	parse_place_rows(c, rows, &t);
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

/*
 * Does table 3 in tokens [begin, end) print the rows under its family head
 * （六）其他处理 (1. 逾期不补正, 2. 未按收费通知缴纳费用)? The 2019 template
 * prints the head as its row, and so do some 2021 reports: there the head is
 * 3.其他's row, read under its name.
 */
static bool rows_t3_heads_over_rows(const parse_ctx *c, size_t begin, size_t end)
{
	if (c->r->template_kind == XXGK_TEMPLATE_2019)
		return false;
	for (size_t i = begin; i < end; i++) {
		const xxgk_token *t = &c->doc.toks[i];
		if (t->kind != XXGK_TOK_LABEL)
			continue;
		for (int r = XXGK_T3_OTHER_OVERDUE_CORRECTION; r <= XXGK_T3_OTHER_OVERDUE_FEE; r++)
			for (const char *const *key = t3_specs[r].keys; *key; key++)
				if (text_has(t->text, t->len, *key))
					return true;
	}
	return false;
}

size_t xxgk__rows_read_t3(parse_ctx *c, size_t begin, size_t end, const bool *optional, row_read *rows)
{
	match_2019 = c->r->template_kind == XXGK_TEMPLATE_2019;
	match_near = c->doc.ocr_count > 0;
	match_heads = rows_t3_heads_over_rows(c, begin, end);
	gap_learn(c, t3_specs, XXGK_T3_ROWS, begin, end, &c->gaps);
	c->col_way = col_learn_way(c, begin, end, XXGK_T3_COLS);
	size_t stop = parse_read_rows(c, t3_specs, XXGK_T3_ROWS, begin, end, optional, false, rows);
	rows_all_empty(c, t3_specs, XXGK_T3_ROWS, begin, end, XXGK_T3_ROWS / 2, rows);
	rows_tab_empty(c, t3_specs, XXGK_T3_ROWS, begin, end, rows);
	return stop;
}

/*
 * The table-2 cell a narrative claim states, by claim key (narrative.c); the
 * same cells src/check/claims.c compares with the text. 2021 template only:
 * the 2019 template's columns (上一年, 增/减) are not what the prose counts.
 */
static const struct {
	const char *key;
	int row, col;
} text_cells_2021[] = {
	{ "normative_issued", 1, 0 }, { "normative_valid", 1, 2 },
	{ "licensing", 2, 0 }, { "penalty", 3, 0 }, { "coercion", 4, 0 },
};

void xxgk__report_unwarn_if(xxgk_report *rep, bool (*drop)(const xxgk_warning *w, const void *ctx), const void *ctx)
{
	size_t kept = 0;
	for (size_t i = 0; i < rep->warning_count; i++) {
		xxgk_warning *w = &rep->warnings[i];
		if (drop(w, ctx)) {
			free(w->code);
			free(w->message);
			free(w->where);
			continue;
		}
		rep->warnings[kept++] = *w;
	}
	rep->warning_count = kept;
}

typedef struct {
	const char *code, *where, *said;
} unwarn_about;

static bool warning_about(const xxgk_warning *w, const void *ctx)
{
	const unwarn_about *a = ctx;
	return strcmp(w->code, a->code) == 0 &&
	       (w->where ? strcmp(w->where, a->where) == 0 : a->said && strstr(w->message, a->said) != NULL);
}

void xxgk__report_unwarn(xxgk_report *rep, const char *code, const char *where, const char *said)
{
	unwarn_about a = { code, where, said };
	xxgk__report_unwarn_if(rep, warning_about, &a);
}

void xxgk__rows_settle_by_text(parse_ctx *c)
{
	if (c->r->template_kind == XXGK_TEMPLATE_2019 || (c->t2_open_count > 0 && !place_scratch_get(c)))
		return;
	const int widths[6] = { 3, 3, 1, 1, 1, 1 };
	for (int o = 0; o < c->t2_open_count; o++) {
		int r = c->t2_open[o].row;
		const row_read *row = &c->t2_open[o].read;
		int width = widths[r];
		int n = parse_splits(place_cands, place_meta, XXGK_INFER_MAX_CANDS, row, width);
		if (n <= 0)
			continue;
		/* the cuts every stated figure of this row agrees with */
		bool keep[XXGK_INFER_MAX_CANDS];
		int left = n;
		const xxgk_claim *used = NULL;
		for (int ci = 0; ci < n; ci++)
			keep[ci] = true;
		for (size_t k = 0; k < sizeof text_cells_2021 / sizeof text_cells_2021[0]; k++) {
			if (text_cells_2021[k].row != r)
				continue;
			for (size_t q = 0; q < c->r->claim_count; q++) {
				const xxgk_claim *cl = &c->r->claims[q];
				if (strcmp(cl->key, text_cells_2021[k].key) != 0)
					continue;
				int agree = 0;
				for (int ci = 0; ci < n; ci++)
					agree += keep[ci] && place_cands[ci].val[text_cells_2021[k].col] == cl->value;
				if (agree == 0)
					continue;   /* the text says something no cut gives: it settles nothing */
				for (int ci = 0; ci < n; ci++)
					if (keep[ci] && place_cands[ci].val[text_cells_2021[k].col] != cl->value)
						keep[ci] = false, left--;
				used = cl;
			}
		}
		if (left != 1 || !used)
			continue;
		int ch = 0;
		while (!keep[ch])
			ch++;
		xxgk_infer_result res;
		memset(&res, 0, sizeof res);
		res.status = XXGK_INFER_RESOLVED;
		res.chosen = ch;
		for (int col = 0; col < width; col++) {
			res.val[col] = place_cands[ch].val[col];
			res.known[col] = true;
		}
		int base = 0;
		for (int q = 0; q < r; q++)
			base += widths[q];
		table_desc t = { "表二", parse_t2_row_name_2021, 6, widths, c->r->active, NULL, 0, NULL, NULL,
				 t2_cell_path, t2_row_where };
		place_glued(c, &t, row, r, base, width, &res, 2, false);
		/* every cell of the row now comes from a cut: inferred, named by the warning */
		for (int col = 0; col < width; col++)
			c->r->active[base + col].kind = XXGK_KIND_INFERRED;
		char where[128];
		t2_row_where(c, r, where, sizeof where);
		xxgk__report_unwarn(c->r, "cells.ambiguous", where, NULL);
		xxgk__report_unwarn(c->r, "cells.inferred_split", where, NULL);
		table_warn_row(c, &t, r, "cells.settled_by_text", row->tok[0]->line,
			       "表二“%s”行“%.*s”有多种拆分，正文所述 %s %.15g 件只与其中一种相符，据此读取",
			       parse_t2_row_name_2021(r), (int)row->tok[0]->len, row->tok[0]->text, used->key, used->value);
	}
}
