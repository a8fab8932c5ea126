/*
 * test_tokens.c — the cell tokenizer: the number grammar, n/a marks, how
 * each layout's line is cut into cells, blanks only between values, skipped
 * rule lines and page footers, columns in code points.
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "parse/parse_int.h"

static const struct {
	const char *text;
	bool ok;
	double value;
} number_cases[] = {
	{ "0", true, 0 },
	{ "135588", true, 135588 },
	{ "135,588", true, 135588 },
	{ "1,234,567", true, 1234567 },
	{ "7730.28", true, 7730.28 },
	{ "5949.088667", true, 5949.088667 },
	{ "-3", true, -3 },
	{ "22(其中修订16件)", true, 22 },
	{ "245条", true, 245 },
	{ "3967万元", true, 3967 },
	{ "12,34", false, 0 },
	{ "1,2345", false, 0 },
	{ "1.", false, 0 },
	{ "1.属于国家秘密", false, 0 },
	{ "第二十条", false, 0 },
	{ "-3-", false, 0 },
	{ "", false, 0 },
	{ "2024年", false, 0 },
	/* the 2019 template's 本年增/减: signs and sign words */
	{ "减少15", true, -15 },
	{ "增加3", true, 3 },
	{ "减2", true, -2 },
	{ "\xE2\x88\x92" "7", true, -7 },
	{ "+4", true, 4 },
	{ "减少", false, 0 },
	{ "减少量", false, 0 },
	{ "-", false, 0 },
};

START_TEST(number_grammar)
{
	double v = -1;
	const char *t = number_cases[_i].text;
	bool ok = xxgk_tok_number(t, strlen(t), &v);
	ck_assert_msg(ok == number_cases[_i].ok, "\"%s\"", t);
	if (ok)
		ck_assert_double_eq_tol(v, number_cases[_i].value, 1e-9);
}
END_TEST

START_TEST(na_marks)
{
	ck_assert(xxgk_tok_na("/", 1));
	ck_assert(xxgk_tok_na("—", strlen("—")));
	ck_assert(xxgk_tok_na("无", strlen("无")));
	ck_assert(xxgk_tok_na("不适用", strlen("不适用")));
	ck_assert(!xxgk_tok_na("0", 1));
	ck_assert(!xxgk_tok_na("无法提供", strlen("无法提供")));
}
END_TEST

typedef int (*tokenizer_fn)(xxgk_doc *doc, const char *text, size_t len);

/*
 * The tokens of a text as a compact string, kinds L(label) N(number) A(n/a)
 * B(blank) R(run): with `positions`, "N2:1" (line:column); else "N:text".
 */
static void shape_with(tokenizer_fn tokenize, bool positions, const char *text, char *out, size_t cap)
{
	xxgk_doc doc;
	ck_assert_int_eq(tokenize(&doc, text, strlen(text)), XXGK_OK);
	size_t n = 0;
	out[0] = '\0';
	for (size_t i = 0; i < doc.tok_count && n + 64 < cap; i++) {
		const xxgk_token *t = &doc.toks[i];
		static const char kinds[] = "LNABR";
		if (positions)
			n += (size_t)snprintf(out + n, cap - n, "%s%c%u:%u", i ? " " : "", kinds[t->kind],
					      t->line, t->column);
		else
			n += (size_t)snprintf(out + n, cap - n, "%s%c:%.*s", i ? " " : "", kinds[t->kind],
					      (int)t->len, t->text);
	}
	xxgk_doc_free(&doc);
}

static const struct {
	const char *text;
	const char *shape;
} line_cases[] = {
	/* one cell per line */
	{ "规章\n0\n 0", "L1:1 N2:1 N3:2" },
	/* tab-separated, empty edge fields are not cells */
	{ "行政许可\t711\t\t", "L1:1 N1:6" },
	/* a blank between two values is a cell */
	{ "a\t1\t\t2", "L1:1 N1:3 B1:5 N1:6" },
	/* pipe table with trailing empties */
	{ "规章 | 0 | 0 | 0 |", "L1:1 N1:6 N1:10 N1:14" },
	{ "| 1 | | 2 |", "N1:3 B1:7 N1:9" },
	/* space-aligned layout and a label followed by its numbers */
	{ "（七）总计   2   0", "L1:1 N1:9 N1:13" },
	{ "(七)总计 0 0 /", "L1:1 N1:7 N1:9 A1:11" },
	/* a label with numbers inside stays a label */
	{ "2. 其他法律行政法规 禁止公开", "L1:1" },
	/* Markdown rule line and page footers carry no cells */
	{ "|---|:--|\n-3-\n— 5 —\n第 3 页", "" },
};

START_TEST(line_layouts)
{
	char got[512];
	shape_with(xxgk_doc_tokenize, true, line_cases[_i].text, got, sizeof got);
	ck_assert_str_eq(got, line_cases[_i].shape);
}
END_TEST

/* Run-together text: digit runs cut out of labels, words kept whole. */
static const struct {
	const char *text;
	const char *shape;
} glued_cases[] = {
	{ "规章 000行政规范性文件693665第二十条", "L:规章 R:000 L:行政规范性文件 R:693665 L:第二十条" },
	/* a label's item number stays with it */
	{ "1.属于国家秘密00000002.其他法律", "L:1.属于国家秘密 R:0000000 L:2.其他法律" },
	/* decimals and a money unit belong to the figure */
	{ "收费24252.311082三、采购13575394432.52元", "L:收费 R:24252.311082 L:三、采购 R:13575394432.52元" },
	/* digits that are words: years, dates, counts with units, page numbers, URLs */
	{ "2021年共3件第3页t20220208_80613.htm", "L:2021年共3件第3页t20220208_80613.htm" },
	/* a sign between two runs starts the second: 上一年 120, 本年增/减 −15, 40 */
	{ "行政许可120-1540行政处罚", "L:行政许可 R:120 R:-1540 L:行政处罚" },
	{ "行政许可120减少1540行政处罚", "L:行政许可 R:120 R:减少1540 L:行政处罚" },
	/* a dash after a label is no sign of a run */
	{ "行政许可-3", "L:行政许可-3" },
	/* a space separates runs of one row */
	{ "（二）部分公开500000 5（三）", "L:（二）部分公开 R:500000 R:5 L:（三）" },
};

START_TEST(glued_layouts)
{
	char got[512];
	shape_with(xxgk_doc_tokenize_glued, false, glued_cases[_i].text, got, sizeof got);
	ck_assert_str_eq(got, glued_cases[_i].shape);
}
END_TEST

/* What each line holds: empty, spaces only, text, or a footer with no cells. */
START_TEST(line_kinds)
{
	static const char text[] = "规章\n\n \t\n0\n-3-\n";
	xxgk_doc doc;
	ck_assert_int_eq(xxgk_doc_tokenize(&doc, text, strlen(text)), XXGK_OK);
	ck_assert_int_eq(xxgk_doc_line_kind(&doc, 1), XXGK_LINE_TEXT);
	ck_assert_int_eq(xxgk_doc_line_kind(&doc, 2), XXGK_LINE_EMPTY);
	ck_assert_int_eq(xxgk_doc_line_kind(&doc, 3), XXGK_LINE_SPACE);
	ck_assert_int_eq(xxgk_doc_line_kind(&doc, 4), XXGK_LINE_TEXT);
	ck_assert_int_eq(xxgk_doc_line_kind(&doc, 5), XXGK_LINE_SKIP);
	ck_assert_int_eq(xxgk_doc_line_kind(&doc, 6), XXGK_LINE_EMPTY);
	ck_assert_int_eq(xxgk_doc_line_kind(&doc, 99), XXGK_LINE_TEXT);   /* past the end: unknown */
	xxgk_doc_free(&doc);
}
END_TEST

/* A line too long for cells is one label, cut where a character starts:
 * cut inside one, the label was not UTF-8 and OpenCC, converting it, read
 * past its end (fuzz_parse, a traditional-script HTML block of 64 KiB). */
START_TEST(long_line_cut_on_a_character)
{
	size_t n = XXGK_PARSE_MAX_LINE + 64;
	char *text = malloc(n + 1);
	ck_assert_ptr_nonnull(text);
	memset(text, 'a', n);
	memcpy(text + XXGK_PARSE_MAX_LINE - 1, "\xE5\x9C\x8B", 3);   /* 國 across the cut */
	text[n] = '\0';
	xxgk_doc doc;
	ck_assert_int_eq(xxgk_doc_tokenize(&doc, text, n), XXGK_OK);
	ck_assert_uint_eq(doc.tok_count, 1);
	const xxgk_token *t = &doc.toks[0];
	ck_assert_uint_eq(t->kind, XXGK_TOK_LABEL);
	ck_assert_uint_eq(t->len, XXGK_PARSE_MAX_LINE - 1);
	ck_assert_int_ne((unsigned char)t->text[t->len] & 0xC0, 0x80);
	xxgk_doc_free(&doc);
	free(text);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("tokens");
	TCase *tc = tcase_create("numbers");
	tcase_add_loop_test(tc, number_grammar, 0, (int)(sizeof number_cases / sizeof number_cases[0]));
	tcase_add_test(tc, na_marks);
	suite_add_tcase(s, tc);
	tc = tcase_create("lines");
	tcase_add_loop_test(tc, line_layouts, 0, (int)(sizeof line_cases / sizeof line_cases[0]));
	tcase_add_loop_test(tc, glued_layouts, 0, (int)(sizeof glued_cases / sizeof glued_cases[0]));
	tcase_add_test(tc, line_kinds);
	tcase_add_test(tc, long_line_cut_on_a_character);
	suite_add_tcase(s, tc);
	return test_run(s);
}
