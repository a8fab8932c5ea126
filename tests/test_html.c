/*
 * test_html.c — the HTML reader: grids with rowspan and colspan, text split
 * across inline tags, blank cells, dropped scripts, GB charsets, and hostile
 * pages (deep nesting, 100,000 rows, 10,000 columns, no report) that must
 * end quickly with a result or a clear error.
 */
#include <iconv.h>
#include <string.h>
#include <time.h>

#include "testutil.h"
#include "common/common_int.h"
#include "parse/parse_int.h"

/* The tokens as "K:text" separated by spaces (K: L label, N number, A n/a, B blank). */
static void html_shape(const char *html, char *out, size_t cap)
{
	xxgk_doc doc;
	xxgk_error err;
	ck_assert_int_eq(xxgk_html_tokenize(&doc, html, strlen(html), &err), XXGK_OK);
	size_t n = 0;
	out[0] = '\0';
	for (size_t i = 0; i < doc.tok_count && n + 64 < cap; i++) {
		const xxgk_token *t = &doc.toks[i];
		static const char kinds[] = "LNABR";
		n += (size_t)snprintf(out + n, cap - n, "%s%c:%.*s", i ? " " : "", kinds[t->kind], (int)t->len,
				      t->text);
	}
	xxgk_doc_free(&doc);
}

static const struct {
	const char *html;
	const char *shape;
} html_cases[] = {
	/* colspan: one origin cell; a value row's empty cells are blanks */
	{ "<table><tr><td colspan=2>规章</td><td>1</td><td>&nbsp;</td><td>3</td></tr></table>",
	  "L:规章 N:1 B: N:3" },
	/* rowspan: the label is not repeated in the rows below */
	{ "<table><tr><td rowspan=2>(三)</td><td>1.国家秘密</td><td>0</td></tr>"
	  "<tr><td>2.其他</td><td>5</td></tr></table>",
	  "L:(三) L:1.国家秘密 N:0 L:2.其他 N:5" },
	/* Word splits digits across spans; whitespace and &nbsp; collapse */
	{ "<table><tr><td><span>许</span><span>可</span></td><td><span>2</span><span>3</span></td></tr></table>",
	  "L:许可 N:23" },
	/* a heading row's empty corner is not a cell; trailing empties of a row are */
	{ "<table><tr><td></td><td>自然人</td></tr><tr><td>一、本年新收</td><td></td><td></td></tr></table>",
	  "L:自然人 L:一、本年新收 B: B:" },
	/* text outside tables: one label a block; scripts and styles dropped */
	{ "<p>一、总体情况</p><script>var x = 1;</script><style>p{}</style><div>二、<b>主动</b>公开</div>",
	  "L:一、总体情况 L:二、主动公开" },
	/* a slash is n/a, not a number */
	{ "<table><tr><td>罚</td><td>/</td><td>0</td></tr></table>", "L:罚 A:/ N:0" },
};

START_TEST(html_layouts)
{
	char got[1024];
	html_shape(html_cases[_i].html, got, sizeof got);
	ck_assert_str_eq(got, html_cases[_i].shape);
}
END_TEST

START_TEST(cells_keep_their_file_line)
{
	const char *html = "<p>title</p>\n<table>\n<tr>\n<td>规章</td>\n<td>7</td>\n</tr>\n</table>";
	xxgk_doc doc;
	xxgk_error err;
	ck_assert_int_eq(xxgk_html_tokenize(&doc, html, strlen(html), &err), XXGK_OK);
	ck_assert_uint_eq(doc.tok_count, 3);
	ck_assert_uint_eq(doc.toks[2].src_line, 5);   /* <td>7</td> */
	ck_assert_uint_eq(doc.toks[2].column, 2);     /* grid column */
	ck_assert_uint_eq(xxgk_doc_src_line(&doc, doc.toks[2].line), 3);  /* the row's <tr> */
	xxgk_doc_free(&doc);
}
END_TEST

static double seconds_since(struct timespec t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
}

/* Builds `head`, then `unit` n times, then `tail`. */
static char *repeat(const char *head, const char *unit, size_t n, const char *tail)
{
	xxgk_buf b;
	xxgk_buf_init(&b);
	xxgk_buf_puts(&b, head);
	for (size_t i = 0; i < n; i++)
		xxgk_buf_puts(&b, unit);
	xxgk_buf_puts(&b, tail);
	ck_assert(!b.failed);
	return xxgk_buf_detach(&b);
}

/* Hostile pages: each must end (a report or a clear refusal) within seconds. */
static const struct {
	const char *head, *unit, *tail;
	size_t n;
	bool must_refuse;
} hostile[] = {
	{ "<html><body>", "<div>", "一、本年新收 1</body></html>", 200000, false }, /* deep nesting */
	{ "<table>", "<tr><td>一、本年新收</td><td>1</td></tr>", "</table>", 100000, false }, /* rows */
	{ "<table><tr>", "<td>0</td>", "</tr></table>", 10000, true },               /* 10,000 columns */
	{ "<table>", "<tr><td colspan=100000 rowspan=100000>x</td>", "</table>", 1000, true }, /* spans */
	{ "<p>", "新闻稿 ", "</p>", 10000, true },                                    /* no report */
	{ "", "<table><tr><td>", "", 20000, true },                                  /* never closed */
};

START_TEST(hostile_pages_end_quickly)
{
	char *html = repeat(hostile[_i].head, hostile[_i].unit, hostile[_i].n, hostile[_i].tail);
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	xxgk_report *r = NULL;
	xxgk_error err;
	xxgk_parse_options opts = { .name = "hostile.html", .format = XXGK_PARSE_HTML };
	int rc = xxgk_parse_buffer(&r, html, strlen(html), &opts, &err);
	double secs = seconds_since(t0);
	/* a report, or a clear refusal with nothing handed back */
	if (rc == XXGK_OK) {
		ck_assert_ptr_nonnull(r);
		ck_assert_uint_gt(r->warning_count, 0);   /* what it read is flagged */
	} else {
		ck_assert_int_eq(rc, XXGK_EPARSE);
		ck_assert_ptr_null(r);
		ck_assert_msg(err.message[0] != '\0', "no message");
	}
	if (hostile[_i].must_refuse)
		ck_assert_int_eq(rc, XXGK_EPARSE);
	ck_assert_msg(secs < 20.0, "took %.1f s", secs);
	xxgk_report_free(r);
	free(html);
}
END_TEST

START_TEST(gb2312_page_is_decoded_once)
{
	const char *utf8 = "<html><head><meta charset=\"gb2312\"></head><body><p>行政许可</p></body></html>";
	char gb[256];
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	ck_assert(cd != (iconv_t)-1);
	char *in = (char *)(uintptr_t)utf8, *o = gb;
	size_t il = strlen(utf8), ol = sizeof gb;
	ck_assert(iconv(cd, &in, &il, &o, &ol) != (size_t)-1);
	iconv_close(cd);
	xxgk_text t;
	xxgk_error err;
	ck_assert_int_eq(xxgk_normalize(&t, gb, sizeof gb - ol, XXGK_FORMAT_HTML, &err), XXGK_OK);
	ck_assert_int_eq(t.encoding, XXGK_ENC_GB18030);
	ck_assert_ptr_nonnull(strstr(t.text, "<p>行政许可</p>"));
	xxgk_doc doc;
	ck_assert_int_eq(xxgk_html_tokenize(&doc, t.text, t.len, &err), XXGK_OK);
	ck_assert_uint_eq(doc.tok_count, 1);
	ck_assert_int_eq(strncmp(doc.toks[0].text, "行政许可", doc.toks[0].len), 0);
	xxgk_doc_free(&doc);
	free(t.text);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("html");
	TCase *tc = tcase_create("grids");
	tcase_add_loop_test(tc, html_layouts, 0, (int)(sizeof html_cases / sizeof html_cases[0]));
	tcase_add_test(tc, cells_keep_their_file_line);
	tcase_add_test(tc, gb2312_page_is_decoded_once);
	suite_add_tcase(s, tc);
	tc = tcase_create("hostile");
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, hostile_pages_end_quickly, 0, (int)(sizeof hostile / sizeof hostile[0]));
	suite_add_tcase(s, tc);
	return test_run(s);
}
