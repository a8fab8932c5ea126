/*
 * parse.c — xxgk_parse_buffer(): one report's bytes to an xxgk_report.
 *
 * After normalisation (normalize.c) and tokenising (tokens.c) the report is
 * read in four steps (read_int.h names the files):
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
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xxgk/rules.h"
#include "read_int.h"
#include "convert_int.h"

/* A heading line is short; longer lines are prose that merely starts "一、". */
#define PARSE_HEADING_MAX_CP 64

/* Part headings: a keyword that the numbered row labels of table 3 never carry. */
static const char *const part_numerals[6] = { "一", "二", "三", "四", "五", "六" };
/* every numeral is one Han character: three bytes (a line is tested against each) */
#define PART_NUMERAL_LEN (sizeof "一" - 1)
static const char *const *const part_keys[6] = {
	K("总体情况", "概述"),
	K("主动公开"),
	K("收到和处理", "依申请", "申请情况"),
	K("行政复议", "行政诉讼"),
	K("问题", "改进"),
	K("其他需要报告", "其他事项", "需要报告"),
};

void xxgk__parse_note_oom(parse_ctx *c, int rc)
{
	if (rc == XXGK_ENOMEM)
		c->oom = 1;
}

void xxgk__parse_cell_origin(parse_ctx *c, xxgk_cell *cell, const xxgk_token *t)
{
	const xxgk_doc *d = &c->doc;
	const xxgk_origin *o = NULL;
	if (d->origins && t >= d->toks && t < d->toks + d->tok_count)
		o = &d->origins[t - d->toks];
	else if (d->line_origins && t->line < d->line_count + 1)
		o = &d->line_origins[t->line];   /* a token cut again (run-together): its line */
	if (o)
		xxgk__parse_note_oom(c, xxgk_report_set_origin(c->r, cell, o));
}

void xxgk__parse_warn(parse_ctx *c, const char *code, uint32_t line, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	xxgk_vformat(msg, sizeof msg, fmt, ap);
	va_end(ap);
	xxgk__parse_note_oom(c, xxgk__report_warn_text(c->r, code, xxgk_doc_src_line(&c->doc, line), NULL, msg));
}

void xxgk__parse_warn_at(parse_ctx *c, const char *code, uint32_t line, const char *where, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	xxgk_vformat(msg, sizeof msg, fmt, ap);
	va_end(ap);
	xxgk__parse_warn_text(c, code, line, where, msg);
}

void xxgk__parse_warn_text(parse_ctx *c, const char *code, uint32_t line, const char *where, const char *msg)
{
	xxgk__parse_note_oom(c, xxgk__report_warn_text(c->r, code, xxgk_doc_src_line(&c->doc, line), where, msg));
}

/* ---------------------------------------------------------------- lines */

void xxgk__parse_each_line(const char *text, size_t len, xxgk__parse_line_fn fn, void *ctx)
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

/* The bytes xxgk__parse_compact drops: spacing and Markdown marks. */
static inline bool parse_compact_drops(char c)
{
	return xxgk__compact_drops[(unsigned char)c];
}

size_t xxgk__parse_compact(char *out, size_t cap, const char *s, size_t n)
{
	size_t len = 0;
	for (size_t i = 0; i < n && len + 1 < cap; i++) {
		char c = s[i];
		if (parse_compact_drops(c))
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
	/* the compacted line must start with the numeral of a part still due:
	 * look at its first character before measuring the whole line (most
	 * lines are not headings) */
	size_t i = 0;
	while (i < len && parse_compact_drops(line[i]))
		i++;
	bool may = false;
	for (int p = h->next; p < 6 && !may; p++)
		may = len - i >= PART_NUMERAL_LEN && memcmp(line + i, part_numerals[p], PART_NUMERAL_LEN) == 0;
	if (!may)
		return false;
	if (len > 400 || xxgk_utf8_count(line, len) > PARSE_HEADING_MAX_CP * 2)
		return false;
	size_t n = xxgk__parse_compact(buf, sizeof buf, line, len);
	if (xxgk_utf8_count(buf, n) > PARSE_HEADING_MAX_CP)
		return false;
	for (int p = h->next; p < 6; p++) {
		size_t nl = PART_NUMERAL_LEN;
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

/* Whether the compacted text of s[0..n), cut after 63 bytes as
 * parse_part_tok reads it, holds one of `keys`. */
static bool parse_window_has_key(const char *s, size_t n, const char *const *keys)
{
	char window[64];
	size_t w = 0;
	for (size_t i = 0; i < n && w < sizeof window - 1; i++)
		if (!parse_compact_drops(s[i]))
			window[w++] = s[i];
	window[w] = '\0';
	for (const char *const *key = keys; *key; key++)
		if (strstr(window, *key))
			return true;
	return false;
}

/*
 * Whether the compacted text of s[0..n) holds numeral + "、" (followed, when
 * `keys` is not NULL, by one of them in the next 63 compacted bytes): in the
 * raw text, the numeral then 、 with only characters parse_compact drops in
 * between (it drops ASCII only, so nothing else can bring them together).
 */
static bool parse_raw_has_heading(const char *s, size_t n, const char *numeral, size_t nl,
				  const char *const *keys)
{
	for (const char *q = s; (q = parse_find_dun(q, n - (size_t)(q - s))) != NULL; q += 3) {
		const char *b = q;
		while (b > s && (b[-1] == ' ' || b[-1] == '\t' || b[-1] == '#' || b[-1] == '*' || b[-1] == '>' ||
				 b[-1] == '`' || b[-1] == '|'))
			b--;
		if ((size_t)(b - s) >= nl && memcmp(b - nl, numeral, nl) == 0 &&
		    (!keys || parse_window_has_key(q + 3, n - (size_t)(q + 3 - s), keys)))
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
		xxgk__parse_compact(buf, sizeof buf, t->text, t->len);
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
		if (t->kind != XXGK_TOK_LABEL)
			continue;
		/* a label short enough to compact whole is read in place: its
		 * compacted text is the raw text without the bytes dropped */
		if (t->len < sizeof c->compact) {
			if (parse_raw_has_heading(t->text, t->len, part_numerals[p], nl, part_keys[p]))
				return i;
			continue;
		}
		if (!parse_raw_has_heading(t->text, t->len, part_numerals[p], nl, NULL))
			continue;
		/* the same pointer and length are the same bytes while this
		 * document lives (the cache is dropped with it) */
		if (c->compact_src != t->text || c->compact_src_len != t->len) {
			c->compact_len = xxgk__parse_compact(buf, sizeof c->compact, t->text, t->len);
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

/* ---------------------------------------------------------------- entry */

/* The reading format of an explicit option (xxgk_parse_format → xxgk_format). */
static int parse_option_format(xxgk_parse_format f)
{
	switch (f) {
	case XXGK_PARSE_MARKDOWN: return XXGK_FORMAT_MARKDOWN;
	case XXGK_PARSE_HTML: return XXGK_FORMAT_HTML;
	case XXGK_PARSE_PDF: return XXGK_FORMAT_PDF;
	case XXGK_PARSE_DOCX: return XXGK_FORMAT_DOCX;
	case XXGK_PARSE_IMAGE: return XXGK_FORMAT_IMAGE;
	default: return XXGK_FORMAT_TEXT;
	}
}

/* Fewer than three figures from token `from` on: a page whose digits may run into its labels. */
static bool parse_few_values(const parse_ctx *c, size_t from)
{
	int n = 0;
	for (size_t i = from; i < c->doc.tok_count && n < 3; i++)
		n += c->doc.toks[i].kind == XXGK_TOK_NUM || c->doc.toks[i].kind == XXGK_TOK_RUN;
	return n < 3;
}

/* Does a table (2, 3 or 4) hold no cell the document prints? */
static bool parse_table_empty(const xxgk_report *r, int table)
{
	const xxgk_cell *cells = table == 2 ? r->active : table == 3 ? &r->applications[0][0] : &r->reviews[0][0];
	int n = table == 2 ? XXGK_ACTIVE_CAP : table == 3 ? XXGK_T3_ROWS * XXGK_T3_COLS : XXGK_T4_GROUPS * XXGK_T4_COLS;
	for (int i = 0; i < n; i++)
		if (cells[i].kind != XXGK_KIND_ABSENT)
			return false;
	return true;
}

/* Is there any text to read at all (a scan converted without OCR has none)? */
static bool parse_has_text(const xxgk_doc *doc)
{
	return doc->tok_count > 0;
}

/*
 * A report cut off inside its tables: the text ends within a few labels of
 * its last figure, before parts 五 and 六, with a table unfinished (rows of
 * table 2 or 3 not printed after the last one read, or table 4 short). The
 * cells after the cut are named by one table.truncated warning, which the
 * checker turns into an error: such a report is never taken for a whole one.
 */
/*
 * Table 4 read whole, one figure a line, in a text that ends with its last
 * figure, its first cells empty lines (between its headings and its
 * figures, taken as empty cells, printed blank or filled by a rule): the
 * lines may as well be a separator, the figures the table's first cells,
 * and the cut have taken its last ones. Where the figures are alike (all
 * 0s) both readings keep every rule: a cell they give different values (or
 * one of them none) is unreadable — the table's last cell read as 0, the
 * document printing nothing there, was returned as a number, and a blank
 * line among the figures put a cell printed empty on its neighbour
 * (partial copies of pingtan_2019, 141033200_2022_gov, 141033_2022_zjj).
 */
static void parse_truncated_t4_head(parse_ctx *c, const xxgk_token *last)
{
	enum { N = XXGK_T4_GROUPS * XXGK_T4_COLS };
	xxgk_cell *cells = &c->r->reviews[0][0];
	int m = 0;
	while (m < N && (cells[m].kind == XXGK_KIND_INFERRED || cells[m].kind == XXGK_KIND_BLANK))
		m++;
	if (m == 0 || m == N || cells[N - 1].line != last->src_line)
		return;
	/* figures one per line, the last the text's last token: run-together
	 * text keeps a table on one line, whatever its parts' headings */
	if (cells[N - 1].column != last->column || cells[N - 1].kind != XXGK_KIND_NUMBER)
		return;
	for (int i = 0; i < N; i++)
		if ((i >= m && cells[i].kind != XXGK_KIND_NUMBER && cells[i].kind != XXGK_KIND_BLANK) ||
		    (i > 0 && cells[i].line <= cells[i - 1].line))
			return;
	double v[N];
	bool has[N];
	for (int i = 0; i < N; i++) {
		v[i] = cells[i].value;
		has[i] = cells[i].has_value;
	}
	for (int i = 0; i < N; i++) {
		if (i + m < N && has[i + m] == has[i] && (!has[i] || v[i + m] == v[i]))
			continue;
		xxgk__parse_note_oom(c, xxgk_cell_set(&cells[i], XXGK_KIND_UNREADABLE, false, 0, cells[i].line,
						      cells[i].column, cells[i].raw));
	}
}

/*
 * Does the text end in the head of the table whose heading stands at token
 * `head` (after the last figure, at `last`): its title and column headings
 * (one of `heads`) printed, then a few labels more at most? The labels from
 * the last figure on may be many (table 2's rows printed empty, table 3's
 * note on its sums), but none of them is prose the report ends with.
 */
static bool parse_cut_in_head(const parse_ctx *c, size_t last, size_t head, size_t ntok, const char *const *heads)
{
	if (head >= ntok || head <= last)
		return false;
	size_t after = 0;
	bool headed = false;
	char buf[1024];
	for (size_t i = head; i < ntok; i++) {
		const xxgk_token *t = &c->doc.toks[i];
		after += t->len;
		if (i == head)
			continue;   /* the part's heading: 四、…行政复议… names table 4's own heads */
		xxgk__parse_compact(buf, sizeof buf, t->text, t->len);
		for (const char *const *h = heads; *h && !headed; h++)
			headed = strstr(buf, *h) != NULL;
	}
	return headed && after <= 600;
}

/*
 * Does the text end in table 2's head, before any figure of any table: part
 * 二's title (at token `t2`), then one of its column headings (本年制发件数,
 * 本年新制作数量 …, or 信息内容 or 第二十条第（一）项 standing alone), and no
 * later part or table 3's head; the text from the title on within the bytes
 * parse_truncated allows a cut (600)? Such a text is a report cut off inside
 * table 2 (seed 000 cut after its line 45, 现行有效件), not a text with no
 * table: read, and its cut warned (table.truncated), never refused.
 */
static bool parse_cut_in_t2_head(const parse_ctx *c, const struct heading_scan *hs, size_t t2, size_t t3_begin,
				 size_t ntok)
{
	static const char *const heads[] = { "本年制发件数", "本年废止件数", "现行有效件", "本年新制作数量",
					     "本年新公开数量", "对外公开总数量", "处理决定数量", "上一年项目数量", "本年收费金额",
					     NULL };
	if (t2 >= ntok || t3_begin < ntok || hs->part_line[2] || hs->part_line[3] || hs->part_line[4] ||
	    hs->part_line[5])
		return false;
	if (!parse_table_empty(c->r, 2) || !parse_table_empty(c->r, 3) || !parse_table_empty(c->r, 4))
		return false;
	char buf[1024];
	size_t n = xxgk__parse_compact(buf, sizeof buf, c->doc.toks[t2].text, c->doc.toks[t2].len);
	if (!strstr(buf, "主动公开") || n > 96)   /* the title, not prose holding it */
		return false;
	size_t after = 0;
	bool headed = false;
	for (size_t i = t2; i < ntok; i++) {
		const xxgk_token *t = &c->doc.toks[i];
		after += t->len;
		if (i == t2 || t->kind != XXGK_TOK_LABEL)
			continue;
		n = xxgk__parse_compact(buf, sizeof buf, t->text, t->len);
		for (const char *const *h = heads; *h && !headed; h++)
			headed = strstr(buf, *h) != NULL;
		/* headings prose may hold too: only standing alone */
		headed = headed || strcmp(buf, "信息内容") == 0 || (strncmp(buf, "第二十条第", 15) == 0 && n <= 32);
	}
	return headed && after <= 600;
}

/* Returns the table (2, 3 or 4) whose head alone the text ends with, its title
 * and column headings printed and no figure of it: that table is not missing
 * but cut (the caller takes back its table.missing). 0 otherwise. */
static int parse_truncated(parse_ctx *c, const struct heading_scan *hs, size_t from, size_t t3_begin, size_t t4_begin,
			   size_t ntok)
{
	static const char *const t3_heads[] = { "申请人情况", "自然人", "商业企业", "法人或其他组织", NULL };
	static const char *const t4_heads[] = { "结果维持", "未经复议", "复议后起诉", "尚未审结", NULL };
	/* parts 五 or 六 after the tables: the text goes on */
	if (hs->part_line[4] || hs->part_line[5])
		return 0;
	/* cut in table 2's head: no figure at all (the caller read it rather
	 * than refuse it); every table named, table 2 whole */
	bool t2_head = parse_cut_in_t2_head(c, hs, from, t3_begin, ntok);
	size_t last = ntok;
	for (size_t i = ntok; i > from; i--)
		if (c->doc.toks[i - 1].kind != XXGK_TOK_LABEL) {
			last = i - 1;
			break;
		}
	if (last == ntok && !t2_head)
		return 0;
	/* a table's title and headings after the last figure, and the text ends:
	 * cut before its first row (partial copy 3 of pingtan_2019, xxgk-synth
	 * --classes partial seed 113: 700 bytes of table 2's empty rows and
	 * table 3's head after 规章's 0 0 0) */
	int head_cut = t2_head ? 2
		     : parse_table_empty(c->r, 4) && parse_cut_in_head(c, last, t4_begin, ntok, t4_heads) ? 4
		     : parse_table_empty(c->r, 3) && parse_cut_in_head(c, last, t3_begin, ntok, t3_heads) ? 3
													: 0;
	/* prose after the last figure: the report ends there on purpose */
	size_t after = 0;
	for (size_t i = last + 1; i < ntok; i++)
		after += c->doc.toks[i].len;
	if (after > 600 && !head_cut)
		return 0;
	char where[2048];
	size_t n = 0;
	where[0] = '\0';
	const xxgk_report *r = c->r;
	/* the unprinted tail of each table: rows after its last printed one */
	size_t nf;
	const xxgk_active_field *f = xxgk_active_fields(r->template_kind, &nf);
	size_t t2_last = 0;
	bool t2_any = false;
	for (size_t i = 0; i < nf; i++)
		if (r->active[i].kind != XXGK_KIND_ABSENT)
			t2_last = i, t2_any = true;
	bool t3_any = !parse_table_empty(r, 3), t4_any = !parse_table_empty(r, 4);
	size_t t2_from = t2_any ? t2_last + 1 : 0;
	if ((t2_any || t2_head) && !t3_any)
		for (size_t i = t2_from; i < nf && n + 64 < sizeof where; i++)
			if (i == t2_from || f[i].row != f[i - 1].row)
				n += (size_t)snprintf(where + n, sizeof where - n, "%sactive.%s.*", n ? "," : "", f[i].item);
	int t3_last = -1;
	for (int row = 0; row < XXGK_T3_ROWS; row++)
		for (int col = 0; col < XXGK_T3_COLS; col++)
			if (r->applications[row][col].kind != XXGK_KIND_ABSENT)
				t3_last = row;
	if (t3_any && !t4_any)
		for (int row = t3_last + 1; row < XXGK_T3_ROWS && n + 64 < sizeof where; row++)
			n += (size_t)snprintf(where + n, sizeof where - n, "%sapplications.%s.*", n ? "," : "",
					      xxgk_t3_row_key(row));
	if (!t3_any && n + 32 < sizeof where)
		n += (size_t)snprintf(where + n, sizeof where - n, "%sapplications.*", n ? "," : "");
	if (last < ntok)
		parse_truncated_t4_head(c, &c->doc.toks[last]);
	bool t4_short = false;
	for (int i = 0; i < XXGK_T4_GROUPS * XXGK_T4_COLS; i++)
		t4_short |= (&r->reviews[0][0])[i].kind == XXGK_KIND_ABSENT || (&r->reviews[0][0])[i].kind == XXGK_KIND_UNREADABLE;
	/* a cell not printed but filled by a rule, in a table the text ends with:
	 * the text may have lost it (a cut keeps the cells before it, shifted) */
	for (int i = 0; i < XXGK_T4_GROUPS * XXGK_T4_COLS; i++)
		t4_short |= (&r->reviews[0][0])[i].kind == XXGK_KIND_INFERRED;
	if (t4_short && n + 16 < sizeof where)
		n += (size_t)snprintf(where + n, sizeof where - n, "%sreviews.*", n ? "," : "");
	if (!n)
		return 0;
	if (head_cut)
		xxgk__parse_warn_at(c, "table.truncated", c->doc.toks[ntok - 1].line, where,
				    "文本在表%s的标题和栏目名称之后结束，表中没有数字，报告不完整",
				    head_cut == 2 ? "二" : head_cut == 3 ? "三" : "四");
	else
		xxgk__parse_warn_at(c, "table.truncated", c->doc.toks[last].line, where,
				    "文本在表格中途结束（最后一个数字“%.*s”之后没有后续内容），报告不完整",
				    (int)c->doc.toks[last].len, c->doc.toks[last].text);
	return head_cut;
}

static int parse_read(xxgk_report **out, const char *buf, size_t len, int format, xxgk_doc *converted,
		      const char sha256[65], const xxgk_parse_options *opts, xxgk_error *err);

/*
 * The format is sniffed once (detect.c) unless the caller names it; PDF and
 * DOCX readers (convert_int.h) hand over tokens with their place in the file,
 * which the reading steps take as they take the tokens of text and HTML. The
 * input is hashed once: the report keeps the hash of the bytes the user has,
 * so the store's idempotence is on them, whatever the format. A PDF cell's
 * line is a line of the reader's derived text (a printed line or table row);
 * its page and box say where it is (docs/pdf.md).
 */
int xxgk_parse_buffer(xxgk_report **out, const char *buf, size_t len,
		      const xxgk_parse_options *opts, xxgk_error *err)
{
	static const xxgk_parse_options defaults = XXGK_PARSE_OPTIONS_INIT;
	const xxgk_parse_options *o = opts ? opts : &defaults;
	const char *legacy = NULL;
	int format;
	*out = NULL;
	xxgk_error_clear(err);
	if (o->format == XXGK_PARSE_DETECT)
		format = xxgk__detect_format(buf, len, &legacy);
	else
		format = parse_option_format(o->format);
	if (legacy)
		return xxgk_error_set(err, XXGK_EPARSE, 0, 0, "%s", legacy);
	char sha256[65] = "";
	if (len <= XXGK_PARSE_MAX_INPUT)   /* larger input is refused below: not worth hashing */
		xxgk_sha256_hex(sha256, buf, len);
	int rc;
	if (format != XXGK_FORMAT_PDF && format != XXGK_FORMAT_DOCX && format != XXGK_FORMAT_IMAGE) {
		rc = parse_read(out, buf, len, format, NULL, sha256, o, err);
	} else {
		xxgk_doc doc;
		rc = format == XXGK_FORMAT_IMAGE ? xxgk__ocr_dl_load(err) : XXGK_OK;
		if (rc == XXGK_OK)
			rc = format == XXGK_FORMAT_PDF    ? xxgk_pdf_read(&doc, buf, len, err)
			     : format == XXGK_FORMAT_IMAGE ? xxgk_image_read(&doc, buf, len, err)
							   : xxgk_docx_read(&doc, buf, len, err);
		if (rc == XXGK_OK)
			rc = parse_read(out, NULL, 0, format, &doc, sha256, o, err);
	}
	/* a failed allocation deep in a reader is said as such, never an empty reason */
	if (rc == XXGK_ENOMEM && err && !err->message[0])
		xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
	return rc;
}

/*
 * Which file each page of a scan given as several files is (a cell's `page`
 * counts them in order): an ocr.pages warning, "第 1 页 page-9.png，第 2–4 页
 * scan.tif …", cut at a file's end to the warning's length with "…".
 */
static int parse_pages_note(xxgk_report *r, const char *const *bufs, const size_t *lens,
			    const char *const *names, size_t n)
{
	char msg[440], why[160];
	size_t k = (size_t)snprintf(msg, sizeof msg, "扫描件由 %zu 个图片文件组成（按文件名中的数字排序），单元格的页码：", n);
	size_t page = 1;
	for (size_t i = 0; i < n && k < sizeof msg; i++) {
		size_t pages = 1;
		xxgk__image_pages(bufs[i], lens[i], (size_t)-1, 0x7fffffff, &pages, why, sizeof why);
		char item[320];
		if (pages > 1)
			snprintf(item, sizeof item, "%s第 %zu–%zu 页 %s", i ? "，" : "", page, page + pages - 1, names[i]);
		else
			snprintf(item, sizeof item, "%s第 %zu 页 %s", i ? "，" : "", page, names[i]);
		if (k + strlen(item) + 4 >= sizeof msg) {
			k += (size_t)snprintf(msg + k, sizeof msg - k, "…");
			break;
		}
		k += (size_t)snprintf(msg + k, sizeof msg - k, "%s", item);
		page += pages;
	}
	return xxgk_report_warn(r, "ocr.pages", 0, "%s", msg);
}

int xxgk_parse_pages(xxgk_report **out, const char *const *bufs, const size_t *lens, const char *const *names,
		     size_t n, const xxgk_parse_options *opts, xxgk_error *err)
{
	static const xxgk_parse_options defaults = XXGK_PARSE_OPTIONS_INIT;
	const xxgk_parse_options *o = opts ? opts : &defaults;
	*out = NULL;
	xxgk_error_clear(err);
	if (n == 0)
		return xxgk_error_set(err, XXGK_EINVAL, 0, 0, "no page images");
	if (n > ((size_t)-1 - 1) / 64)
		return xxgk_error_set(err, XXGK_ETOOBIG, 0, 0, "%zu page images", n);
	char *hexes = malloc(n * 64 + 1);
	if (!hexes)
		return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
	for (size_t i = 0; i < n; i++) {
		char hex[65];
		xxgk_sha256_hex(hex, bufs[i], lens[i]);
		memcpy(hexes + i * 64, hex, 64);
	}
	char sha256[65];
	xxgk_sha256_hex(sha256, hexes, n * 64);
	free(hexes);
	xxgk_doc doc;
	int rc = xxgk__ocr_dl_load(err);
	if (rc == XXGK_OK)
		rc = xxgk_images_read(&doc, bufs, lens, names, n, err);
	if (rc == XXGK_OK)
		rc = parse_read(out, NULL, 0, XXGK_FORMAT_IMAGE, &doc, sha256, o, err);
	if (rc == XXGK_OK && names && (rc = parse_pages_note(*out, bufs, lens, names, n)) != XXGK_OK) {
		xxgk_report_free(*out);
		*out = NULL;
		xxgk_error_set(err, rc, 0, 0, "out of memory");
	}
	if (rc == XXGK_ENOMEM && err && !err->message[0])
		xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
	return rc;
}

/*
 * The tables, parts and metadata of the document in `c` (tokens made) into
 * c->r. XXGK_OK, or an error (err set) for a document with no table.
 */
static int parse_doc(parse_ctx *c, int format, const xxgk_text *text_in, const xxgk_parse_options *opts,
		     xxgk_error *err)
{
	const xxgk_text text = *text_in;
	int rc = XXGK_OK;
	/* 1. headings */
	struct heading_scan hs;
	memset(&hs, 0, sizeof hs);
	xxgk__parse_each_line(c->text, c->len, parse_heading_line, &hs);
	for (int p = 0; p < 6; p++)
		c->r->part_line[p] = xxgk_doc_src_line(&c->doc, hs.part_line[p]);

	/* metadata first: the template decision may need the year */
	xxgk__meta_title(c, hs.part_line[1] ? hs.part_line[1] : hs.part_line[2] ? hs.part_line[2] : 400);

	/* 2. regions, template and table 3; text whose digits run into its
	 * labels gives no table 3 the first time and is read again, glued */
	size_t ntok = 0, t2_begin = 0, t3_begin = 0, t4_begin = 0, t4_end = 0, t3_stop = 0, t3_end = 0;
	row_read t3[XXGK_T3_ROWS];
	int found = 0, last_found = -1;
	int template_kind = XXGK_TEMPLATE_UNKNOWN;
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1) {
			/* tables of cells never run together; printed lines may */
			if (format == XXGK_FORMAT_HTML || format == XXGK_FORMAT_DOCX || c->doc.ocr_count)
				break;
			c->compact_src = NULL;  /* the old tokens' memory may be reused */
			rc = xxgk__doc_retokenize_glued(&c->doc);
			if (rc != XXGK_OK)
				return rc;
		}
		ntok = c->doc.tok_count;
		size_t p2 = parse_part_tok(c, &hs, 1, 0);
		size_t p3 = parse_part_tok(c, &hs, 2, p2 < ntok ? p2 : 0);
		t3_begin = p3;
		if (t3_begin == ntok) {
			size_t k = parse_find_label(&c->doc, 0, ntok, "本年新收");
			size_t g = parse_find_label(&c->doc, 0, k, "申请人情况");
			t3_begin = g < k ? g : k;
		}
		t2_begin = p2;
		if (t2_begin >= t3_begin)
			t2_begin = parse_find_label(&c->doc, 0, t3_begin, "第二十条");
		t4_begin = parse_part_tok(c, &hs, 3, t3_begin < ntok ? t3_begin : 0);
		if (t4_begin < t3_begin)
			t4_begin = ntok;
		t4_end = parse_part_tok(c, &hs, 4, t4_begin < ntok ? t4_begin : 0);
		if (t4_end == ntok)
			t4_end = parse_part_tok(c, &hs, 5, t4_begin < ntok ? t4_begin : 0);

		template_kind = xxgk__meta_template(c, t2_begin < t3_begin ? t2_begin : t3_begin, t3_begin);
		c->r->template_kind = (uint8_t)(template_kind == XXGK_TEMPLATE_UNKNOWN ? XXGK_TEMPLATE_2021
										    : template_kind);
		t3_end = t4_begin < ntok ? t4_begin : ntok;
		bool t3_optional[XXGK_T3_ROWS] = { false };
		if (c->r->template_kind == XXGK_TEMPLATE_2019)
			t3_optional[XXGK_T3_OTHER_OVERDUE_CORRECTION] = t3_optional[XXGK_T3_OTHER_OVERDUE_FEE] = true;
		t3_stop = xxgk__rows_read_t3(c, t3_begin, t3_end, t3_optional, t3);
		found = 0;
		last_found = -1;
		for (int r = 0; r < XXGK_T3_ROWS; r++)
			if (t3[r].found) {
				found++;
				last_found = r;
			}
		if (found > 0 || !parse_few_values(c, t2_begin < ntok ? t2_begin : 0))
			break;   /* a table 2 printed cell by cell is no run-together page */
	}
	/* headings found inside run-together text have no line of their own */
	for (int p = 0; p < 6; p++) {
		if (c->r->part_line[p])
			continue;
		size_t t = parse_part_tok(c, &hs, p, 0);
		if (t < ntok)
			c->r->part_line[p] = c->doc.toks[t].src_line;
	}
	if (template_kind == XXGK_TEMPLATE_UNKNOWN)
		xxgk__parse_warn(c, "template.unknown", 0,
			   "表二栏目名称不属于任何一版模板，按2021年版读取");
	(void)t3_stop;
	(void)last_found;
	/* table 2 runs to table 3, or with no table 3 to the next part heading */
	size_t t2_end = t3_begin;
	if (found == 0 && t3_begin >= ntok)
		t2_end = t4_begin < ntok ? t4_begin : ntok;
	if (t4_begin >= ntok)
		t4_begin = found ? t3_stop : ntok;
	if (t4_end < t4_begin)
		t4_end = ntok;

	xxgk__rows_table2(c, t2_begin, t2_end);
	if (found) {
		/* converter text that sets labels apart from figures (pdftotext's default
		 * mode): when the rows read by label break the table's rules, the order
		 * of the numbers decides, if it gives a table that keeps them all */
		row_read t3_ordered[XXGK_T3_ROWS];
		/* … or when figures are left over after the last row: read a row
		 * or more late, whole rows shifted may keep every rule (a lone 1
		 * moved from （六）3 and （七） to 四、 keeps the balance) */
		bool left_over = false;
		for (int r = 0; r < XXGK_T3_ROWS; r++)
			left_over = left_over || (t3[r].found && t3[r].left_over);
		if (!c->doc.ocr_count && (left_over || !xxgk__stream_t3_consistent(t3, c->r->template_kind))) {
			/* (a scan's cells come from its grid: they never stand apart from
			 * their labels; its figures are verified below, ocr_verify.c) */
			if (xxgk__stream_t3(c, t3_begin, t3_end, t3_ordered)) {
				memcpy(t3, t3_ordered, sizeof t3);
				xxgk__parse_warn_at(c, "cells.placed_by_order", t3[0].label_line, "applications.*",
						    "表三的行名与数字分开印出（如 pdftotext 默认模式），各格按数字印出的先后次序逐行、逐栏认定；"
						    "所得各行、各栏均符合本表的勾稽关系");
			} else {
				xxgk__stream_t3_distrust(t3, c->r->template_kind);
			}
		}
		xxgk__rows_table3(c, t3);
	} else {
		xxgk__parse_warn_at(c, "table.missing", c->doc.toks && t3_begin < ntok ? c->doc.toks[t3_begin].line : 0,
				    "applications.*", "未找到表三（收到和处理政府信息公开申请情况）");
	}
	if (t4_begin < t4_end)
		xxgk__rows_table4(c, t4_begin, t4_end);
	if (c->doc.ocr_count)   /* a scan: its figures checked against the report's rules */
		xxgk__parse_note_oom(c, xxgk__ocr_verify(c->r, c->doc.ocr, c->doc.ocr_count));
	if (parse_table_empty(c->r, 4))
		xxgk__parse_warn_at(c, "table.missing", 0, "reviews.*", "未找到表四（政府信息公开行政复议、行政诉讼情况）");
	/* a web page whose tables are pictures: name them, to be fetched and read as a scan */
	char images[512] = "";
	size_t image_count = 0;
	if (format == XXGK_FORMAT_HTML &&
	    (parse_table_empty(c->r, 2) || parse_table_empty(c->r, 3) || parse_table_empty(c->r, 4))) {
		image_count = xxgk__html_images(text.text, text.len, c->r->part_line[1], c->r->part_line[5], images,
						sizeof images);
		if (image_count && !(parse_table_empty(c->r, 2) && parse_table_empty(c->r, 3) &&
				     parse_table_empty(c->r, 4)))
			xxgk__parse_warn(c, "tables.images", 0,
					    "页面中有%zu张图片（%s），未找到的表格可能以图片发布：请下载这些图片，"
					    "用 xxgk parse 按扫描件识别", image_count, images);
	}
	/* nothing at all: not a report we can read, and say why — unless the
	 * text ends in table 2's head, a report cut off (parse_truncated) */
	if (parse_table_empty(c->r, 2) && parse_table_empty(c->r, 3) && parse_table_empty(c->r, 4) &&
	    (image_count || !parse_cut_in_t2_head(c, &hs, t2_begin, t3_begin, ntok))) {
		if (image_count)
			rc = xxgk_error_set(err, XXGK_EPARSE, xxgk_doc_src_line(&c->doc, hs.part_line[2]), 0,
					    "no tables found as text: the page shows %zu image%s where its tables "
					    "should be (%s); fetch them and run xxgk parse on the images (read as a scan)",
					    image_count, image_count == 1 ? "" : "s", images);
		else if (!parse_has_text(&c->doc))
			rc = xxgk_error_set(err, XXGK_EPARSE, 0, 0, "no tables found (if this is a scan, run OCR)");
		else
			rc = xxgk_error_set(err, XXGK_EPARSE, xxgk_doc_src_line(&c->doc, hs.part_line[2]), 0,
					    "no tables found: no 主动公开 (表二), 申请 (表三) or 复议诉讼 (表四) table with "
					    "figures; not an annual report, or its tables are images");
		return rc;
	}
	switch (parse_truncated(c, &hs, t2_begin, t3_begin, t4_begin, ntok)) {
	case 2: xxgk__report_unwarn(c->r, "table.missing", "active.*", NULL); break;
	case 3: xxgk__report_unwarn(c->r, "table.missing", "applications.*", NULL); break;
	case 4: xxgk__report_unwarn(c->r, "table.missing", "reviews.*", NULL); break;
	default: break;
	}
	size_t p6 = parse_part_tok(c, &hs, 5, t4_begin < ntok ? t4_begin : 0);
	/* the prose before table 2, and the label that holds its heading (run-together
	 * text keeps narrative and heading in one label) */
	size_t prose_end = (t2_begin < t3_begin ? t2_begin : t3_begin) + 1;
	xxgk__parse_note_oom(c, xxgk_narrative_scan(c->r, &c->doc, 0, prose_end < ntok ? prose_end : ntok, p6, ntok));
	xxgk__rows_settle_by_text(c);

	if (!c->r->year)
		xxgk__parse_warn(c, "year.unknown", 0, "标题中未找到报告年度（如“YYYY年政府信息公开工作年度报告”）");
	if (opts->gazetteer)
		xxgk__meta_place(c, opts->gazetteer);
	if (c->oom) {
		rc = xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
		return rc;
	}
	return XXGK_OK;
}

/* Figures wrapped in their cells joined (xxgk__doc_join_wrapped) at most. */
#define PARSE_WRAP_CAP 32
/* Equations of one table (table 3 has ~60 with the implied instances). */
#define PARSE_WRAP_LINS 256

static bool parse_wrap_check(xxgk_report *r0, xxgk_report *r1, const xxgk_wrap *w, size_t n,
			     xxgk_lin (*lins)[PARSE_WRAP_LINS], const int *nl);

static xxgk_cell *parse_wrap_cell(xxgk_report *r, int table, int i)
{
	return table == XXGK_TABLE_3 ? &r->applications[i / XXGK_T3_COLS][i % XXGK_T3_COLS]
				     : &r->reviews[i / XXGK_T4_COLS][i % XXGK_T4_COLS];
}

static bool parse_wrap_same(const xxgk_origin *a, const xxgk_origin *b)
{
	/* the report keeps boxes to a hundredth */
	return a->page == b->page && fabs(a->x0 - b->x0) < 0.02 && fabs(a->y0 - b->y0) < 0.02 &&
	       fabs(a->x1 - b->x1) < 0.02 && fabs(a->y1 - b->y1) < 0.02;
}

/* Where in r's tables 3 and 4 the figure with box `o` was read: *table, and the index; −1 if nowhere. */
static int parse_wrap_find(xxgk_report *r, const xxgk_origin *o, int *table)
{
	for (int t = XXGK_TABLE_3; t <= XXGK_TABLE_4; t++) {
		int n = t == XXGK_TABLE_3 ? XXGK_T3_ROWS * XXGK_T3_COLS : XXGK_T4_GROUPS * XXGK_T4_COLS;
		for (int i = 0; i < n; i++) {
			const xxgk_origin *co = xxgk_report_origin(r, parse_wrap_cell(r, t, i));
			if (co && parse_wrap_same(co, o)) {
				*table = t;
				return i;
			}
		}
	}
	return -1;
}

/* 1: holds, 0: fails, −1: a cell not printed as a figure. */
static int parse_wrap_eq(xxgk_report *r, int table, const xxgk_lin *e)
{
	double sum = 0;
	for (int k = 0; k < e->term_count; k++) {
		const xxgk_cell *c = parse_wrap_cell(r, table, e->cell[k]);
		if (!c->has_value || c->kind != XXGK_KIND_NUMBER)
			return -1;
		sum += e->coef[k] * c->value;
	}
	return fabs(sum) < 1e-6 ? 1 : 0;
}

/* Does e hold whatever cell i holds: another term of the opposite side printed the same? */
static bool parse_wrap_blind(xxgk_report *r, int table, const xxgk_lin *e, int i)
{
	double coef = 0;
	for (int k = 0; k < e->term_count; k++)
		if (e->cell[k] == i)
			coef += e->coef[k];
	const xxgk_cell *ci = parse_wrap_cell(r, table, i);
	for (int k = 0; k < e->term_count; k++) {
		const xxgk_cell *ck = parse_wrap_cell(r, table, e->cell[k]);
		if (e->cell[k] != i && e->coef[k] * coef < 0 && ck->value == ci->value)
			return true;
	}
	return false;
}

/* Are a's figures all in b, the same? (cells with a value, tables 2–4) */
static bool parse_wrap_kept(xxgk_report *a, xxgk_report *b)
{
	for (size_t i = 0; i < XXGK_ACTIVE_CAP; i++)
		if (a->active[i].has_value && (!b->active[i].has_value || b->active[i].value != a->active[i].value))
			return false;
	for (int t = XXGK_TABLE_3; t <= XXGK_TABLE_4; t++) {
		int n = t == XXGK_TABLE_3 ? XXGK_T3_ROWS * XXGK_T3_COLS : XXGK_T4_GROUPS * XXGK_T4_COLS;
		for (int i = 0; i < n; i++) {
			const xxgk_cell *x = parse_wrap_cell(a, t, i), *y = parse_wrap_cell(b, t, i);
			if (x->has_value && (!y->has_value || y->value != x->value))
				return false;
		}
	}
	return true;
}

/*
 * Is the reading r1, with the wrapped figures w[0..n) joined, proven where
 * r0, without, is not? Each joined figure was read as a figure, into a cell
 * of table 3 or 4 that r0 left without one; every rule through it whose
 * cells are all printed figures holds, and one does that does not hold
 * whatever it is (no other term across from it printed the same); and r1
 * keeps every figure r0 read. Then r1 is warned, cells.joined naming each.
 */
static bool parse_wrap_proven(xxgk_report *r0, xxgk_report *r1, const xxgk_wrap *w, size_t n)
{
	const xxgk_rules *rs = NULL;
	if (xxgk_rules_default(&rs) != XXGK_OK || !rs || r0->template_kind != r1->template_kind)
		return false;
	xxgk_lin (*lins)[PARSE_WRAP_LINS] = malloc(2 * sizeof *lins);
	if (!lins)
		return false;
	int nl[2];
	for (int t = 0; t < 2; t++) {
		nl[t] = xxgk_rules_table_lins(rs, r1->template_kind, t ? XXGK_TABLE_4 : XXGK_TABLE_3, lins[t],
					      PARSE_WRAP_LINS);
		if (nl[t] > PARSE_WRAP_LINS)
			nl[t] = PARSE_WRAP_LINS;
	}
	bool ok = parse_wrap_check(r0, r1, w, n, lins, nl);
	free(lins);
	return ok;
}

static bool parse_wrap_check(xxgk_report *r0, xxgk_report *r1, const xxgk_wrap *w, size_t n,
			     xxgk_lin (*lins)[PARSE_WRAP_LINS], const int *nl)
{
	int table[PARSE_WRAP_CAP], at[PARSE_WRAP_CAP];
	const char *proof[PARSE_WRAP_CAP];
	for (size_t k = 0; k < n; k++) {
		at[k] = parse_wrap_find(r1, &w[k].o, &table[k]);
		if (at[k] < 0)
			return false;
		const xxgk_cell *c1 = parse_wrap_cell(r1, table[k], at[k]);
		const xxgk_cell *c0 = parse_wrap_cell(r0, table[k], at[k]);
		if (!c1->has_value || c1->kind != XXGK_KIND_NUMBER || c1->value != w[k].value || c0->has_value)
			return false;
		int ti = table[k] == XXGK_TABLE_3 ? 0 : 1;
		proof[k] = NULL;
		for (int e = 0; e < nl[ti]; e++) {
			const xxgk_lin *eq = &lins[ti][e];
			bool in = false;
			for (int q = 0; q < eq->term_count && !in; q++)
				in = eq->cell[q] == at[k];
			if (!in)
				continue;
			int h = parse_wrap_eq(r1, table[k], eq);
			if (h == 0)
				return false;
			if (h == 1 && !proof[k] && !parse_wrap_blind(r1, table[k], eq, at[k]))
				proof[k] = eq->rule;
		}
		if (!proof[k])
			return false;
	}
	if (!parse_wrap_kept(r0, r1))
		return false;
	for (size_t k = 0; k < n; k++) {
		char where[96];
		xxgk_cell *c1 = parse_wrap_cell(r1, table[k], at[k]);
		if (table[k] == XXGK_TABLE_3)
			snprintf(where, sizeof where, "applications.%s.%s", xxgk_t3_row_key(at[k] / XXGK_T3_COLS),
				 xxgk_t3_col_key(at[k] % XXGK_T3_COLS));
		else
			snprintf(where, sizeof where, "reviews.%s.%s", xxgk_t4_group_key(at[k] / XXGK_T4_COLS),
				 xxgk_t4_col_key(at[k] % XXGK_T4_COLS));
		if (xxgk_report_warn_at(r1, "cells.joined", c1->line, where,
					"%s：格内折行印出的“%s”与其下一行的“%s”（第 %u 页）合为 %s；"
					"合读后本表勾稽关系（%s 等）经过该格的各项均成立；分开读则该格无法读出",
					where, w[k].top, w[k].bottom, (unsigned)w[k].o.page, c1->raw ? c1->raw : "",
					proof[k]) != XXGK_OK)
			return false;
	}
	return true;
}

/*
 * Reads the document in `c`; where it is read by position and a figure
 * stands wrapped in its cell ("196" over "7"), reads it again with each
 * such figure joined, and keeps that reading only where the joined figures
 * keep the report's rules (parse_wrap_proven). Otherwise the pieces stay
 * what they are, strays beside rows left unreadable.
 */
static int parse_doc_joined(parse_ctx *c, int format, const xxgk_text *text, const xxgk_parse_options *opts,
			    xxgk_error *err)
{
	xxgk_wrap w[PARSE_WRAP_CAP];
	size_t nw = 0;
	parse_ctx c2;
	memset(&c2, 0, sizeof c2);
	int rc = xxgk__doc_join_wrapped(&c->doc, &c2.doc, w, PARSE_WRAP_CAP, &nw);
	if (rc != XXGK_OK) {
		c->oom = 1;
		nw = 0;
	}
	rc = parse_doc(c, format, text, opts, err);
	if (rc != XXGK_OK || nw == 0 || nw > PARSE_WRAP_CAP || c->oom) {
		xxgk_doc_free(&c2.doc);
		return rc;
	}
	xxgk_error err2;
	xxgk_error_clear(&err2);
	c2.err = &err2;
	c2.text = c2.doc.text;
	c2.len = c2.doc.len;
	if (xxgk_report_new(&c2.r) == XXGK_OK) {
		c2.r->format = c->r->format;
		c2.r->encoding = c->r->encoding;
		c2.r->script = c->r->script;
		memcpy(c2.r->sha256, c->r->sha256, sizeof c2.r->sha256);
		if (opts->name)
			xxgk__parse_note_oom(&c2, xxgk_report_set_string(&c2.r->source_name, opts->name));
		if (parse_doc(&c2, format, text, opts, &err2) == XXGK_OK && !c2.oom &&
		    (parse_wrap_proven(c->r, c2.r, w, nw))) {
			xxgk_report *keep = c->r;
			c->r = c2.r;
			c2.r = keep;
			xxgk_doc tmp = c->doc;   /* the report's lines are the joined text's */
			c->doc = c2.doc;
			c2.doc = tmp;
		}
	}
	free(c2.col_whole.first);
	xxgk_doc_free(&c2.doc);
	xxgk_report_free(c2.r);
	return XXGK_OK;
}

/*
 * Reads text or HTML `buf`, or the tokens a converter made (`converted`,
 * taken over whatever happens); the report records `format` and `sha256`.
 */
static int parse_read(xxgk_report **out, const char *buf, size_t len, int format, xxgk_doc *converted,
		      const char sha256[65], const xxgk_parse_options *opts, xxgk_error *err)
{
	xxgk_text text = { 0 };
	parse_ctx c;
	int rc;
	memset(&c, 0, sizeof c);
	*out = NULL;
	xxgk_error_clear(err);
	c.err = err;

	if (converted) {
		c.doc = *converted;
		memset(converted, 0, sizeof *converted);
		text.encoding = XXGK_ENC_UTF8;
		text.script = c.doc.script;
	} else {
		rc = xxgk_normalize(&text, buf, len, format, err);
		if (rc != XXGK_OK)
			goto done;
		if (text.encoding == XXGK_ENC_UTF8 && format != XXGK_FORMAT_HTML) {
			bool bom = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0;
			c.raw = bom ? buf + 3 : buf;
			c.raw_len = bom ? len - 3 : len;
		}
	}
	rc = xxgk_report_new(&c.r);
	if (rc != XXGK_OK)
		goto done;
	c.text = text.text;
	c.len = text.len;
	c.r->format = (uint8_t)format;
	c.r->encoding = (uint8_t)text.encoding;
	c.r->script = (uint8_t)text.script;
	memcpy(c.r->sha256, sha256, 65);
	if (opts->name)
		xxgk__parse_note_oom(&c, xxgk_report_set_string(&c.r->source_name, opts->name));

	if (converted) {
		c.text = c.doc.text;
		c.len = c.doc.len;
	} else if (format == XXGK_FORMAT_HTML) {
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

	rc = parse_doc_joined(&c, format, &text, opts, err);
	if (rc != XXGK_OK)
		goto done;
	*out = c.r;
	c.r = NULL;
	rc = XXGK_OK;
done:
	free(c.col_whole.first);
	xxgk_doc_free(&c.doc);
	xxgk_report_free(c.r);
	free(text.text);
	return rc;
}
