/*
 * tokens.c — the normalised text as a stream of cells (parse_int.h).
 *
 * A line is cut into fields at tabs, at '|' and at runs of two or more
 * spaces; a field whose trailing words are numbers gives a label and those
 * numbers ("(七)总计 0 0 0"). Markdown rule lines (|---|) and page footers
 * ("-3-", "— 5 —", "第 3 页") carry no cells and are skipped. An empty field
 * becomes a blank cell only between two value cells of the same line: the
 * empty fields that converters leave at a row's edges are not cells.
 */
#include <stdlib.h>
#include <string.h>

#include "parse_int.h"

/* Longest number we read, in bytes (a fee like "24252.311082" fits easily). */
#define TOK_NUMBER_CAP 48

static const char *const tok_na_marks[] = {
	"/", "\\", "-", "--", "---", "\xE2\x80\x94", "\xE2\x80\x94\xE2\x80\x94", "\xE2\x80\x93",
	"\xE2\x80\x95", "\xE6\x97\xA0", "\xE4\xB8\x8D\xE9\x80\x82\xE7\x94\xA8", "\xE7\xA9\xBA",
	"\xC3\x97", "\xEF\xBC\x8F", "\xE2\x80\x94\xE2\x80\x94\xE2\x80\x94"
};

bool xxgk_tok_na(const char *s, size_t n)
{
	if (n == 0 || n > 9)
		return false;   /* the longest mark, ———, is 9 bytes */
	for (size_t i = 0; i < sizeof tok_na_marks / sizeof tok_na_marks[0]; i++)
		if (tok_na_marks[i][0] == s[0] && strlen(tok_na_marks[i]) == n &&
		    memcmp(s, tok_na_marks[i], n) == 0)
			return true;
	return false;
}

static const char *const tok_units[] = {
	"\xE4\xBB\xB6" /* 件 */, "\xE6\x9D\xA1" /* 条 */, "\xE4\xB8\xAA" /* 个 */,
	"\xE9\xA1\xB9" /* 项 */, "\xE4\xB8\x87\xE5\x85\x83" /* 万元 */, "\xE5\x85\x83" /* 元 */
};

/*
 * Words that sign a change in the 2019 template's 本年增/减 column ("减少15",
 * "增加3") and the minus sign U+2212: the sign they give, and their length.
 */
size_t xxgk_tok_sign(const char *s, size_t n, bool *negative)
{
	*negative = false;
	if (n > 1 && (s[0] == '-' || s[0] == '+') && s[1] >= '0' && s[1] <= '9') {
		*negative = s[0] == '-';
		return 1;
	}
	if (n == 0 || ((unsigned char)s[0] != 0xE5 && (unsigned char)s[0] != 0xE2))
		return 0;   /* every word below starts so (most words tested are digits) */
	static const struct {
		const char *word;
		bool negative;
	} words[] = {
		{ "\xE5\x87\x8F\xE5\xB0\x91", true },   /* 减少 */
		{ "\xE5\xA2\x9E\xE5\x8A\xA0", false },  /* 增加 */
		{ "\xE5\x87\x8F", true },                 /* 减 */
		{ "\xE5\xA2\x9E", false },                /* 增 */
		{ "\xE2\x88\x92", true },                 /* − */
	};
	for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
		size_t l = strlen(words[k].word);
		if (n > l && memcmp(s, words[k].word, l) == 0 && s[l] >= '0' && s[l] <= '9') {
			*negative = words[k].negative;
			return l;
		}
	}
	return 0;
}

bool xxgk_tok_number(const char *s, size_t n, double *value)
{
	char digits[TOK_NUMBER_CAP];
	size_t d = 0, i = 0, int_digits = 0, group = 0;
	bool commas = false, negative = false;
	size_t sign = n ? xxgk_tok_sign(s, n, &negative) : 0;
	if (sign) {
		if (negative)
			digits[d++] = '-';
		i = sign;
	} else if (n == 0 || !(s[0] >= '0' && s[0] <= '9')) {
		return false;
	}
	while (i < n) {
		char c = s[i];
		if (c >= '0' && c <= '9') {
			if (d >= TOK_NUMBER_CAP - 2)
				return false;
			digits[d++] = c;
			int_digits++;
			group++;
			i++;
		} else if (c == ',' && int_digits > 0 && (commas ? group == 3 : group <= 3) &&
			   i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9') {
			commas = true;
			group = 0;
			i++;
		} else {
			break;
		}
	}
	if (int_digits == 0 || (commas && group != 3))
		return false;
	if (i < n && s[i] == '.' && i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9') {
		digits[d++] = s[i++];
		while (i < n && s[i] >= '0' && s[i] <= '9') {
			if (d >= TOK_NUMBER_CAP - 1)
				return false;
			digits[d++] = s[i++];
		}
	}
	digits[d] = '\0';
	if (i < n) {
		/* what may follow a number in a cell: a unit, or a parenthesised note */
		bool ok = false;
		for (size_t u = 0; u < sizeof tok_units / sizeof tok_units[0]; u++) {
			size_t ul = strlen(tok_units[u]);
			if (n - i == ul && memcmp(s + i, tok_units[u], ul) == 0)
				ok = true;
		}
		if (!ok && s[i] == '(' && s[n - 1] == ')')
			ok = true;
		if (!ok)
			return false;
	}
	if (d - (negative ? 1 : 0) == int_digits && int_digits <= 15) {
		/* whole and short: exact in a double, as strtod would give it */
		double v = 0;
		for (size_t k = negative ? 1 : 0; k < d; k++)
			v = v * 10 + (digits[k] - '0');
		*value = negative ? -v : v;
		return true;
	}
	char *end = NULL;
	double v = strtod(digits, &end);
	if (end == digits || *end != '\0')
		return false;
	*value = v;
	return true;
}

const bool xxgk__compact_drops[256] = { [' '] = true, ['\t'] = true, ['#'] = true, ['*'] = true,
					 ['>'] = true, ['`'] = true, ['|'] = true };

void xxgk_compact_append(xxgk_buf *out, const char *s, size_t n, size_t cap)
{
	size_t i = 0;
	while (i < n && out->len < cap) {
		size_t j = i;
		while (j < n && !xxgk__compact_drops[(unsigned char)s[j]])
			j++;
		size_t take = j - i;
		if (take > cap - out->len)
			take = cap - out->len;
		if (take)
			xxgk_buf_append(out, s + i, take);
		i = j + 1;
	}
}

static bool tok_push(xxgk_doc *doc, uint8_t kind, const char *text, size_t len,
		     uint32_t line, uint32_t column, double value)
{
	if (doc->tok_count == doc->tok_cap) {
		size_t cap = doc->tok_cap ? doc->tok_cap * 2 : 1024;
		xxgk_token *t = realloc(doc->toks, cap * sizeof *t);
		if (!t)
			return false;
		doc->toks = t;
		doc->tok_cap = cap;
	}
	xxgk_token *t = &doc->toks[doc->tok_count++];
	t->text = text;
	t->len = (uint32_t)len;
	t->line = line;
	t->src_line = line;
	t->column = column;
	t->kind = kind;
	t->value = value;
	return true;
}

/* A Markdown rule line (|---|:--|) or a page footer: no cells. */
static bool tok_skip_line(const char *s, size_t n)
{
	bool rule = n > 0, has_dash = false;
	for (size_t i = 0; i < n && rule; i++) {   /* most lines fail at their first byte */
		char c = s[i];
		if (c == '-')
			has_dash = true;
		else if (c != '|' && c != ':' && c != ' ' && c != '\t')
			rule = false;
	}
	if (rule && has_dash && memchr(s, '|', n))
		return true;
	/* footers: "-3-", "— 5 —", "- 12 -", "第 3 页", "第3页 共8页" */
	size_t i = 0, digits = 0, dashes = 0, other = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (c == ' ' || c == '\t') {
			i++;
		} else if (c >= '0' && c <= '9') {
			digits++;
			i++;
		} else if (c == '-') {
			dashes++;
			i++;
		} else if (i + 3 <= n && (memcmp(s + i, "\xE2\x80\x94", 3) == 0 ||
					  memcmp(s + i, "\xE2\x80\x93", 3) == 0)) {
			dashes++;
			i += 3;
		} else if (i + 3 <= n && (memcmp(s + i, "\xE7\xAC\xAC", 3) == 0 ||  /* 第 */
					  memcmp(s + i, "\xE9\xA1\xB5", 3) == 0 ||  /* 页 */
					  memcmp(s + i, "\xE5\x85\xB1", 3) == 0)) { /* 共 */
			other++;
			i += 3;
		} else {
			return false;
		}
	}
	if (digits == 0 || digits > 4)
		return false;
	return (dashes >= 2 && other == 0) || (other >= 2 && dashes == 0);
}

/* Bytes of a value word that does not end in ')' (a note), at most: a sign
 * word (6), TOK_NUMBER_CAP digits with a comma every three and a point, a
 * unit (6); an n/a mark is 9 at most. */
#define TOK_VALUE_WORD_MAX (6 + TOK_NUMBER_CAP + TOK_NUMBER_CAP / 3 + 1 + 6)

/* Is the word s[0..n) a value (a number or an n/a mark)? */
static bool tok_is_value_word(const char *s, size_t n)
{
	double v;
	return xxgk_tok_number(s, n, &v) || xxgk_tok_na(s, n);
}

/*
 * Where the trailing run of value words of s[0..n) starts: 0 when every word
 * is a value, n when the last word is not a value.
 */
static size_t tok_values_start(const char *s, size_t n)
{
	size_t cut = n, k = n;
	while (k > 0) {
		size_t we = k;
		while (we > 0 && s[we - 1] == ' ')
			we--;
		size_t ws = we;
		/* a value word not ending in ')' is at most TOK_VALUE_WORD_MAX
		 * bytes: no need to go back through a long word of prose */
		size_t stop = we > TOK_VALUE_WORD_MAX && s[we - 1] != ')' ? we - TOK_VALUE_WORD_MAX - 1 : 0;
		while (ws > stop && s[ws - 1] != ' ')
			ws--;
		if (ws == stop && stop > 0)
			break;   /* longer than any value word */
		if (ws == we || !tok_is_value_word(s + ws, we - ws))
			break;
		cut = ws;
		k = ws;
	}
	return cut;
}

/*
 * The column (1-based, in characters) of byte `at` of a line, counted on
 * from the last one asked for: a 100 KB run-together line costs one pass,
 * not one pass per token. Positions asked for only grow within a line
 * (an earlier one restarts the count).
 */
typedef struct {
	const char *line;
	size_t at, col;
} tok_cursor;

static uint32_t tok_col(tok_cursor *c, const char *line, size_t at)
{
	if (c->line != line || at < c->at) {
		c->line = line;
		c->at = 0;
		c->col = 0;
	}
	c->col += xxgk_utf8_count(line + c->at, at - c->at);
	c->at = at;
	return (uint32_t)c->col + 1;
}

/* Emits the tokens of the field line[a..b), whose trailing values start at
 * `cut` (tok_values_start, which the caller has had to find already); false
 * on allocation failure. */
static bool tok_field_emit(xxgk_doc *doc, tok_cursor *cur, const char *line, size_t a, size_t b,
			   uint32_t lineno, size_t cut)
{
	const char *s = line + a;
	size_t n = b - a;
	double v;
	uint32_t col = tok_col(cur, line, a);
	if (doc->open_note) {
		/* the rest of a cell's note wrapped onto this line: "16件）" */
		doc->open_note = false;
		const char *close = memchr(s, ')', n);
		const char *open = memchr(s, '(', n);
		if (close && (!open || open > close)) {
			size_t skip = (size_t)(close - s) + 1;
			while (skip < n && s[skip] == ' ')
				skip++;
			if (skip == n)
				return true;
			return tok_field_emit(doc, cur, line, a + skip, b, lineno, tok_values_start(s + skip, n - skip));
		}
	}
	/* a number whose note goes on past the line: "22（其中修订" */
	const char *paren = memchr(s, '(', n);
	if (paren && paren > s && !memchr(paren, ')', n - (size_t)(paren - s)) &&
	    xxgk_tok_number(s, (size_t)(paren - s), &v)) {
		doc->open_note = true;
		return tok_push(doc, XXGK_TOK_NUM, s, n, lineno, col, v);
	}
	if (xxgk_tok_number(s, n, &v))
		return tok_push(doc, XXGK_TOK_NUM, s, n, lineno, col, v);
	if (xxgk_tok_na(s, n))
		return tok_push(doc, XXGK_TOK_NA, s, n, lineno, col, 0);
	size_t label_end = cut;
	while (label_end > 0 && s[label_end - 1] == ' ')
		label_end--;
	if (label_end > 0 && !tok_push(doc, XXGK_TOK_LABEL, s, label_end, lineno, col, 0))
		return false;
	size_t pos = cut;
	while (pos < n) {
		while (pos < n && s[pos] == ' ')
			pos++;
		size_t we = pos;
		while (we < n && s[we] != ' ')
			we++;
		if (we == pos)
			break;
		uint32_t wcol = tok_col(cur, line, a + pos);
		bool num = xxgk_tok_number(s + pos, we - pos, &v);
		if (!tok_push(doc, num ? XXGK_TOK_NUM : XXGK_TOK_NA, s + pos, we - pos, lineno, wcol,
			      num ? v : 0))
			return false;
		pos = we;
	}
	return true;
}

/* Does the field s[0..n), whose trailing values start at `cut`, begin / end with a value cell? */
static void tok_field_edges(const char *s, size_t n, size_t cut, bool *starts_value, bool *ends_value)
{
	*starts_value = (cut == 0);
	*ends_value = (cut < n);
	if (!*ends_value && (xxgk_tok_na(s, n))) {
		*starts_value = *ends_value = true;
	}
}

/* What tok_lines finds out about a line on its way (its kind), which the
 * line's reader would otherwise find again. */
typedef struct {
	bool skip;      /* tok_skip_line */
	bool piped;     /* holds a '|' */
	bool tabbed;    /* holds a tab */
} tok_line_info;

/* Bytes that may end a field: a tab, a pipe, a space (if another follows). */
static const bool tok_field_stop[256] = { ['\t'] = true, ['|'] = true, [' '] = true };

static bool tok_line_with(xxgk_doc *doc, const char *line, size_t n, uint32_t lineno, const tok_line_info *info)
{
	if (n > XXGK_PARSE_MAX_LINE) {
		/* prose or garbage: one label, never table cells, cut where a
		 * character starts (a cut sequence is not UTF-8: OpenCC reads past
		 * the end of one) */
		size_t cut = XXGK_PARSE_MAX_LINE;
		while (cut > 0 && ((unsigned char)line[cut] & 0xC0) == 0x80)
			cut--;
		return tok_push(doc, XXGK_TOK_LABEL, line, cut, lineno, 1, 0);
	}
	if (info->skip)
		return true;
	bool piped = info->piped;
	bool structured = piped || info->tabbed;
	tok_cursor cur = { 0 };
	bool seen = false;             /* a non-empty field came before on this line */
	/* a pipe line opening with "|": its first field is a cell, empty or not */
	size_t lead_at = 0;
	while (lead_at < n && line[lead_at] == ' ')
		lead_at++;
	bool lead_pipe = piped && lead_at < n && line[lead_at] == '|';
	bool prev_ends_value = false;  /* the last non-empty field ended with a value */
	size_t blanks = 0;             /* empty fields since then */
	size_t blank_at = 0;
	size_t i = 0;
	for (;;) {
		size_t e = i;
		for (;;) {   /* to a tab, a pipe or two spaces */
			if (structured) {
				while (e < n && !tok_field_stop[(unsigned char)line[e]])
					e++;
			} else {   /* no tab, no pipe: only a space stops it */
				const char *sp = memchr(line + e, ' ', n - e);
				e = sp ? (size_t)(sp - line) : n;
			}
			if (e < n && line[e] == ' ' && !(e + 1 < n && line[e + 1] == ' ')) {
				e++;
				continue;
			}
			break;
		}
		size_t fa = i, fb = e;
		while (fa < fb && line[fa] == ' ')
			fa++;
		while (fb > fa && line[fb - 1] == ' ')
			fb--;
		if (fb > fa) {
			bool starts, ends;
			size_t cut = tok_values_start(line + fa, fb - fa);
			tok_field_edges(line + fa, fb - fa, cut, &starts, &ends);
			/* an empty field is a cell between two values, and in a pipe
			 * table also between the label and the first value (pipes mark
			 * every cell; tabs also pad label columns) */
			if (structured && blanks && starts && (prev_ends_value || (piped && (seen || lead_pipe)))) {
				uint32_t col = tok_col(&cur, line, blank_at);
				for (size_t k = 0; k < blanks; k++)
					if (!tok_push(doc, XXGK_TOK_BLANK, line + blank_at, 0, lineno, col, 0))
						return false;
			}
			if (!tok_field_emit(doc, &cur, line, fa, fb, lineno, cut))
				return false;
			prev_ends_value = ends;
			seen = true;
			blanks = 0;
		}
		if (e >= n) {
			/* a pipe table's empty cells after its last value are cells too */
			if (piped && blanks && prev_ends_value) {
				uint32_t col = tok_col(&cur, line, blank_at);
				for (size_t k = 0; k < blanks; k++)
					if (!tok_push(doc, XXGK_TOK_BLANK, line + blank_at, 0, lineno, col, 0))
						return false;
			}
			break;
		}
		if (line[e] == ' ') {
			while (e < n && line[e] == ' ')
				e++;
			i = e;
			continue;   /* space runs separate fields but are no empty cell */
		}
		/* a tab or a pipe: an empty field follows if the next is one too */
		i = e + 1;
		size_t j = i;
		while (j < n && line[j] == ' ')
			j++;
		if (j < n && (line[j] == '\t' || line[j] == '|')) {
			if (!blanks)
				blank_at = j;
			blanks++;
		}
	}
	return true;
}

bool xxgk__tok_line(xxgk_doc *doc, const char *line, size_t n, uint32_t lineno)
{
	tok_line_info info = { tok_skip_line(line, n), memchr(line, '|', n) != NULL, memchr(line, '\t', n) != NULL };
	return tok_line_with(doc, line, n, lineno, &info);
}

typedef bool (*tok_line_fn)(xxgk_doc *doc, const char *line, size_t n, uint32_t lineno, const tok_line_info *info);

/* Does the line hold two or more non-empty fields between tabs or pipes? */
static bool tok_row_line(const char *s, size_t n)
{
	int fields = 0;
	bool in = false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '\t' || c == '|') {
			in = false;
		} else if (c != ' ' && !in) {
			in = true;
			if (++fields >= 2)
				return true;
		}
	}
	return false;
}

/* Cells of a pipe-table line: the fields between its pipes. 0 without pipes. */
static uint16_t tok_pipe_fields(const char *s, size_t n)
{
	size_t a = 0, b = n;
	while (a < b && (s[a] == ' ' || s[a] == '\t'))
		a++;
	while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\r'))
		b--;
	if (!memchr(s + a, '|', b - a))
		return 0;
	size_t fields = 1;
	for (size_t i = a; i < b; i++)
		fields += s[i] == '|';
	if (s[a] == '|')
		fields--;
	if (b > a + 1 && s[b - 1] == '|')
		fields--;
	return (uint16_t)(fields > 60000 ? 60000 : fields);
}

/* Runs `fn` over every non-empty line of `text`; notes what each line holds. */
static int tok_lines(xxgk_doc *doc, const char *text, size_t len, tok_line_fn fn)
{
	memset(doc, 0, sizeof *doc);
	doc->text = text;
	doc->len = len;
	size_t lines = 2;
	for (const char *p = text; (p = memchr(p, '\n', len - (size_t)(p - text))) != NULL; p++)
		lines++;
	doc->line_kind = malloc(lines);
	doc->line_fields = calloc(lines, sizeof *doc->line_fields);
	if (!doc->line_kind || !doc->line_fields) {
		xxgk_doc_free(doc);
		return XXGK_ENOMEM;
	}
	memset(doc->line_kind, XXGK_LINE_EMPTY, lines);
	uint32_t lineno = 1;
	size_t i = 0;
	while (i <= len) {
		const char *nl = i < len ? memchr(text + i, '\n', len - i) : NULL;
		size_t e = nl ? (size_t)(nl - text) : len;
		if (e > i) {
			size_t k = i;
			while (k < e && (text[k] == ' ' || text[k] == '\t' || text[k] == '\r'))
				k++;
			/* a line with no tab and no pipe (prose, mostly) has one field */
			/* (a line of spaces, tabs and CRs is no footer: tok_skip_line is false) */
			tok_line_info info = { k < e && tok_skip_line(text + i, e - i), memchr(text + i, '|', e - i) != NULL,
					       memchr(text + i, '\t', e - i) != NULL };
			bool bars = info.piped;
			bool cells = bars || info.tabbed;
			doc->line_fields[lineno] = bars ? tok_pipe_fields(text + i, e - i) : 0;
			doc->line_kind[lineno] = k == e ? XXGK_LINE_SPACE
					       : info.skip ? XXGK_LINE_SKIP
					       : cells && tok_row_line(text + i, e - i) ? XXGK_LINE_ROW : XXGK_LINE_TEXT;
			if (!fn(doc, text + i, e - i, lineno, &info)) {
				xxgk_doc_free(doc);
				return XXGK_ENOMEM;
			}
		}
		if (!nl)
			break;
		i = e + 1;
		lineno++;
	}
	doc->line_count = lineno;
	return XXGK_OK;
}

int xxgk_doc_tokenize(xxgk_doc *doc, const char *text, size_t len)
{
	return tok_lines(doc, text, len, tok_line_with);
}

/* Characters after which a digit run is part of the words, not a cell. */
static bool glued_word_suffix(uint32_t cp)
{
	static const uint32_t suffixes[] = { 0x5E74 /* 年 */, 0x6708 /* 月 */, 0x65E5 /* 日 */,
		0x53F7 /* 号 */, 0x6761 /* 条 */, 0x4EF6 /* 件 */, 0x9879 /* 项 */, 0x4E2A /* 个 */,
		0x4EBA /* 人 */, 0x6B21 /* 次 */, 0x4F4D /* 位 */, 0x5BB6 /* 家 */, 0x5929 /* 天 */,
		0x65F6 /* 时 */, 0x5206 /* 分 */, 0x79D2 /* 秒 */, 0x9875 /* 页 */, 0x4F59 /* 余 */,
		0x591A /* 多 */, 0x4E07 /* 万 */, 0x4EBF /* 亿 */, 0x5C81 /* 岁 */, 0x3015 /* 〕 */,
		0x3011 /* 】 */, '%', ':', '-', '/', '_', '.', ']', 0x6237 /* 户 */, 0x7BC7 /* 篇 */,
		0x671F /* 期 */, 0x5468 /* 周 */, 0x5E74 };
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++)
		if (suffixes[i] == cp)
			return true;
	return false;
}

static bool glued_is_ascii_word(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '/' || c == '-' ||
	       c == '.' || c == '=' || c == '?' || c == '&';
}

/* Emits s[a..b) as a label, trimmed; false on allocation failure. */
static bool glued_label(xxgk_doc *doc, tok_cursor *cur, const char *line, size_t a, size_t b,
			uint32_t lineno)
{
	while (a < b && (line[a] == ' ' || line[a] == '\t'))
		a++;
	while (b > a && (line[b - 1] == ' ' || line[b - 1] == '\t'))
		b--;
	if (a == b)
		return true;
	return tok_push(doc, XXGK_TOK_LABEL, line + a, b - a, lineno, tok_col(cur, line, a), 0);
}

static bool glued_line(xxgk_doc *doc, const char *line, size_t n, uint32_t lineno)
{
	const unsigned char *s = (const unsigned char *)line;
	size_t label_start = 0, i = 0;
	tok_cursor cur = { 0 };
	while (i < n) {
		if (!(s[i] >= '0' && s[i] <= '9')) {
			i++;
			continue;
		}
		size_t a = i, b = i;
		while (b < n && s[b] >= '0' && s[b] <= '9')
			b++;
		/* a sign right after another run ("120-1540", "120减少1540") is the
		 * next cell's: the 2019 template's 本年增/减 may be negative */
		bool neg;
		size_t sl = 0;
		if (label_start > 0 && s[label_start - 1] >= '0' && s[label_start - 1] <= '9' &&
		    a > label_start && (sl = xxgk_tok_sign(line + label_start, n - label_start, &neg)) != 0 &&
		    label_start + sl == a)
			a = label_start;
		size_t end = b;   /* end of the run with its decimals */
		if (end + 1 < n && s[end] == '.' && s[end + 1] >= '0' && s[end + 1] <= '9') {
			end++;
			while (end < n && s[end] >= '0' && s[end] <= '9')
				end++;
		}
		bool word = a > 0 && glued_is_ascii_word(s[a - 1]);
		if (a >= 3 && memcmp(line + a - 3, "第", 3) == 0)
			word = true;
		uint32_t next = 0;
		if (end < n)
			xxgk_utf8_decode(s + end, n - end, &next);
		size_t item = 0;   /* a label's own item number ("2.其他") glued at the end */
		if (end == b && end < n && s[end] == '.' && !(end + 1 < n && s[end + 1] >= '0' && s[end + 1] <= '9')) {
			if (b - a == 1)
				word = true;   /* "1.属于…": the whole run is the item number */
			else
				item = 1;
		} else if (next && glued_word_suffix(next) && !(next == '-' || next == '/')) {
			word = true;
		}
		if (word) {
			i = end;
			continue;
		}
		size_t run_end = end - item;
		/* a unit glued after a money figure belongs to it */
		size_t unit = 0;
		if (!item && end + 3 <= n && memcmp(line + end, "元", 3) == 0)
			unit = 3;
		else if (!item && end + 6 <= n && memcmp(line + end, "万元", 6) == 0)
			unit = 6;
		if (!glued_label(doc, &cur, line, label_start, a, lineno))
			return false;
		double v = 0;
		bool single = xxgk_tok_number(line + a, run_end - a + unit, &v);
		if (!tok_push(doc, XXGK_TOK_RUN, line + a, run_end - a + unit, lineno,
			      tok_col(&cur, line, a), single ? v : 0))
			return false;
		label_start = run_end + unit;
		i = run_end + unit;
		if (item)
			i = end;   /* the item digit starts the next label */
	}
	return glued_label(doc, &cur, line, label_start, n, lineno);
}

static bool glued_line_or_skip(xxgk_doc *doc, const char *line, size_t n, uint32_t lineno, const tok_line_info *info)
{
	return info->skip || glued_line(doc, line, n, lineno);
}

int xxgk_doc_tokenize_glued(xxgk_doc *doc, const char *text, size_t len)
{
	return tok_lines(doc, text, len, glued_line_or_skip);
}

const xxgk_token *xxgk_doc_gap_token(xxgk_doc *doc, uint32_t line)
{
	if (!doc->line_kind || line == 0 || line > doc->line_count)
		return NULL;
	if (!doc->gap_toks) {
		doc->gap_toks = calloc((size_t)doc->line_count + 1, sizeof *doc->gap_toks);
		if (!doc->gap_toks)
			return NULL;
		/* each line's start, so a cell points into the text */
		size_t off = 0;
		for (uint32_t at = 1; at <= doc->line_count; at++) {
			doc->gap_toks[at].text = doc->text + off;
			const char *nl = off < doc->len ? memchr(doc->text + off, '\n', doc->len - off) : NULL;
			off = nl ? (size_t)(nl - doc->text) + 1 : doc->len;
		}
	}
	xxgk_token *t = &doc->gap_toks[line];
	if (t->line != line) {
		t->len = 0;
		t->line = t->src_line = line;
		t->column = 1;
		t->kind = XXGK_TOK_BLANK;
		t->value = 0;
	}
	return t;
}

/* Blank tokens in chunks, so that a row may point at one while more are made. */
#define TOK_POOL_CHUNK 64
typedef struct xxgk_tok_pool {
	struct xxgk_tok_pool *next;
	size_t used;
	xxgk_token toks[TOK_POOL_CHUNK];
} xxgk_tok_pool;

static void tok_pool_free(xxgk_tok_pool *p)
{
	while (p) {
		xxgk_tok_pool *next = p->next;
		free(p);
		p = next;
	}
}

const xxgk_token *xxgk_doc_blank_token(xxgk_doc *doc, const char *at, uint32_t line, uint32_t column)
{
	xxgk_tok_pool *p = doc->cell_blanks;
	if (!p || p->used == TOK_POOL_CHUNK) {
		p = calloc(1, sizeof *p);
		if (!p)
			return NULL;
		p->next = doc->cell_blanks;
		doc->cell_blanks = p;
	}
	xxgk_token *t = &p->toks[p->used++];
	t->text = at;
	t->len = 0;
	t->line = line;
	t->src_line = xxgk_doc_src_line(doc, line);
	t->column = column;
	t->kind = XXGK_TOK_BLANK;
	t->value = 0;
	return t;
}

int xxgk_doc_line_kind(const xxgk_doc *doc, uint32_t line)
{
	if (!doc->line_kind || line == 0 || line > doc->line_count)
		return XXGK_LINE_TEXT;
	return doc->line_kind[line];
}

uint32_t xxgk_doc_src_line(const xxgk_doc *doc, uint32_t line)
{
	if (!doc->line_map || line == 0)
		return line;
	return line < doc->line_map_count ? doc->line_map[line] : doc->line_map[doc->line_map_count - 1];
}

void xxgk_doc_free(xxgk_doc *doc)
{
	free(doc->toks);
	free(doc->owned_text);
	free(doc->line_map);
	free(doc->origins);
	free(doc->line_origins);

	free(doc->line_kind);
	free(doc->line_fields);
	free(doc->gap_toks);
	tok_pool_free(doc->cell_blanks);
	free(doc->ocr);
	memset(doc, 0, sizeof *doc);
}

int xxgk__doc_retokenize_glued(xxgk_doc *doc)
{
	xxgk_doc old = *doc;
	int rc = xxgk_doc_tokenize_glued(doc, old.text, old.len);
	free(old.toks);
	free(old.origins);
	free(old.line_kind);
	free(old.line_fields);
	free(old.gap_toks);
	tok_pool_free(old.cell_blanks);
	if (rc != XXGK_OK) {
		free(old.owned_text);
		free(old.line_map);
		free(old.line_origins);
		free(old.ocr);
		return rc;
	}
	/* the text and what is known of its lines stay; the tokens are new */
	doc->owned_text = old.owned_text;
	doc->line_map = old.line_map;
	doc->line_map_count = old.line_map_count;
	doc->line_origins = old.line_origins;
	doc->script = old.script;
	doc->ocr = old.ocr;
	doc->ocr_count = old.ocr_count;
	return XXGK_OK;
}
