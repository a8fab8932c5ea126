/*
 * test_normalize.c — xxgk_normalize(): encodings in, one UTF-8 simplified
 * text out, every line where it was; bad bytes refused with their line.
 */
#include <string.h>

#include "testutil.h"
#include "xxgk/parse.h"
#include "parse/parse_int.h"
#include "parse/opencc_keys.h"

static char *norm(const char *in, size_t len, int format, int *enc, int *script)
{
	xxgk_text t;
	xxgk_error err;
	int rc = xxgk_normalize(&t, in, len, format, &err);
	ck_assert_msg(rc == XXGK_OK, "normalize failed: %s", err.message);
	if (enc)
		*enc = t.encoding;
	if (script)
		*script = t.script;
	ck_assert_uint_eq(strlen(t.text), t.len);
	return t.text;
}

static const struct {
	const char *in;
	const char *out;
} same_line_cases[] = {
	{ "\xEF\xBB\xBF" "规章\t0", "规章\t0" },                      /* UTF-8 BOM dropped */
	{ "a\r\nb\rc\n", "a\nb\nc\n" },                             /* CRLF and CR end lines */
	{ "\xC2\xA0" "0\xE3\x80\x80" "1", " 0 1" },                 /* NBSP, ideographic space */
	{ "（七）总计：１２３", "(七)总计:123" },                     /* full-width forms */
	{ "中华人民共和国(guó)政府", "中华人民共和国政府" },          /* pinyin annotation */
	{ "信息公开(kāi)条例", "信息公开条例" },
	{ "A(abc)", "A(abc)" },                                      /* not after a Han character */
	{ "公开(gong)", "公开(gong)" },                             /* no tone mark: kept */
	{ "0&nbsp;1 &lt;b&gt; &#22269;", "0 1 <b> 国" },            /* entities */
	{ "工作</span>情况<br/>", "工作情况" },                       /* tag remnants */
	{ "x < 5 and y<z", "x < 5 and y<z" },                       /* a '<' that is no tag */
	{ "a\xE2\x80\x8B" "b", "ab" },                               /* zero-width space */
	{ "\f- 4 -\n0\v1", " - 4 -\n0 1" },                         /* page breaks */
};

START_TEST(line_keeping_rewrites)
{
	const char *in = same_line_cases[_i].in;
	char *out = norm(in, strlen(in), XXGK_FORMAT_TEXT, NULL, NULL);
	ck_assert_str_eq(out, same_line_cases[_i].out);
	free(out);
}
END_TEST

START_TEST(gb18030_is_converted)
{
	/* "规章 行政许可" in GB18030, as iconv -t GB18030 writes it */
	static const char gbk[] = { (char)0xb9, (char)0xe6, (char)0xd5, (char)0xc2, 0x20, (char)0xd0,
				    (char)0xd0, (char)0xd5, (char)0xfe, (char)0xd0, (char)0xed,
				    (char)0xbf, (char)0xc9 };
	int enc;
	char *out = norm(gbk, sizeof gbk, XXGK_FORMAT_TEXT, &enc, NULL);
	ck_assert_str_eq(out, "规章 行政许可");
	ck_assert_int_eq(enc, XXGK_ENC_GB18030);
	free(out);
}
END_TEST

START_TEST(utf16_with_bom_is_converted)
{
	static const char u16[] = { (char)0xFF, (char)0xFE, (char)0xC4, (char)0x89, (char)0xE0, 0x7A, '\n', 0,
				    '0', 0 };
	int enc;
	char *out = norm(u16, sizeof u16, XXGK_FORMAT_TEXT, &enc, NULL);
	ck_assert_str_eq(out, "规章\n0");
	ck_assert_int_eq(enc, XXGK_ENC_UTF16);
	free(out);
}
END_TEST

START_TEST(traditional_becomes_simplified)
{
	const char *in = "渠縣寶城鎮人民政府\n政府信息公開工作年度報告\n行政復議和行政訴訟的數據\n總計";
	int script;
	char *out = norm(in, strlen(in), XXGK_FORMAT_TEXT, NULL, &script);
	ck_assert_int_eq(script, XXGK_SCRIPT_TRADITIONAL);
	ck_assert_str_eq(out, "渠县宝城镇人民政府\n政府信息公开工作年度报告\n行政复议和行政诉讼的数据\n总计");
	free(out);
}
END_TEST

START_TEST(simplified_with_one_traditional_name_is_left_alone)
{
	/* one traditional character in a long simplified text is a quotation */
	char in[4096] = "臺";
	for (int i = 0; i < 200; i++)
		strcat(in, "政府信息公开");
	int script;
	char *out = norm(in, strlen(in), XXGK_FORMAT_TEXT, NULL, &script);
	ck_assert_int_eq(script, XXGK_SCRIPT_SIMPLIFIED);
	ck_assert_int_eq(strncmp(out, "臺", 3), 0);
	free(out);
}
END_TEST

static const struct {
	const char *in;
	size_t len;
	int code;
	unsigned line;
	const char *needle;
} bad_cases[] = {
	{ "", 0, XXGK_EPARSE, 0, "empty" },
	{ "\x89PNG\r\n\x1a\n\0\0", 10, XXGK_EENCODING, 0, "PNG" },
	{ "%PDF-1.7\n", 9, XXGK_EENCODING, 0, "PDF" },
	{ "text\nmore\0bin", 13, XXGK_EENCODING, 2, "NUL" },
	{ "规章规章规章\n第二行\n\xC3\x28 broken", 0, XXGK_EENCODING, 3, "invalid UTF-8" },
	{ "\xB9\x28", 2, XXGK_EENCODING, 1, "neither UTF-8 nor GB18030" },
};

START_TEST(bad_bytes_are_refused_with_their_line)
{
	xxgk_text t;
	xxgk_error err;
	size_t len = bad_cases[_i].len ? bad_cases[_i].len : strlen(bad_cases[_i].in);
	if (_i == 0)
		len = 0;
	int rc = xxgk_normalize(&t, bad_cases[_i].in, len, XXGK_FORMAT_TEXT, &err);
	ck_assert_int_eq(rc, bad_cases[_i].code);
	ck_assert_uint_eq(err.line, bad_cases[_i].line);
	ck_assert_msg(strstr(err.message, bad_cases[_i].needle), "message: %s", err.message);
	ck_assert_ptr_null(t.text);
}
END_TEST

START_TEST(oversize_is_refused_before_work)
{
	xxgk_text t;
	xxgk_error err;
	/* the length check comes first, so the pointer is never read past 1 byte */
	int rc = xxgk_normalize(&t, "x", XXGK_PARSE_MAX_INPUT + 1, XXGK_FORMAT_TEXT, &err);
	ck_assert_int_eq(rc, XXGK_ETOOBIG);
	ck_assert_ptr_nonnull(strstr(err.message, "limit"));
}
END_TEST

START_TEST(html_format_keeps_tags_for_the_html_reader)
{
	const char *in = "<td>0</td>&nbsp;";
	char *out = norm(in, strlen(in), XXGK_FORMAT_HTML, NULL, NULL);
	ck_assert_str_eq(out, "<td>0</td>&nbsp;");
	free(out);
}
END_TEST

/* Both converters on one text: the fast one must give OpenCC's bytes. */
static void t2s_same(const char *text, size_t len)
{
	char *fast = NULL, *ref = NULL;
	size_t fast_len = 0, ref_len = 0;
	xxgk_error err;
	ck_assert_int_eq(xxgk_t2s(&fast, &fast_len, text, len, &err), XXGK_OK);
	ck_assert_int_eq(xxgk_t2s_reference(&ref, &ref_len, text, len, &err), XXGK_OK);
	ck_assert_msg(fast_len == ref_len && memcmp(fast, ref, ref_len) == 0,
		      "t2s differs from OpenCC on \"%.*s\":\n fast \"%s\"\n opencc \"%s\"", (int)len, text, fast, ref);
	free(fast);
	free(ref);
}

/* A text ending inside a character is refused, not handed to OpenCC, which
 * trusts a lead byte's length and reads past the end (fuzz_parse). */
START_TEST(t2s_refuses_a_cut_character)
{
	static const char text[] = "國家\xE5\x9C";
	char *out = NULL;
	size_t out_len = 0;
	xxgk_error err;
	ck_assert_int_eq(xxgk_t2s(&out, &out_len, text, sizeof text - 1, &err), XXGK_EENCODING);
	ck_assert_ptr_null(out);
	ck_assert_int_eq(xxgk_t2s_reference(&out, &out_len, text, sizeof text - 1, &err), XXGK_EENCODING);
	ck_assert_ptr_null(out);
	ck_assert_ptr_nonnull(strstr(err.message, "not UTF-8"));
}
END_TEST

START_TEST(t2s_fast_path_is_on)
{
	/* the installed OpenCC data is the data opencc_keys.h was made from */
	ck_assert(xxgk_t2s_fast());
}
END_TEST

START_TEST(t2s_matches_opencc_on_the_traditional_seed)
{
	size_t len;
	char *text = test_slurp(XXGK_FIXTURES_DIR "/seeds/003_0b1325ff460d94b6.txt", &len);
	t2s_same(text, len);
	free(text);
}
END_TEST

/*
 * Every code point the table covers (all of the BMP and planes 2 and 3 but
 * the surrogates), one a line so that each is converted alone: the table
 * holds exactly the characters OpenCC changes, whether it was made from
 * TSCharacters' keys or from every code point.
 */
START_TEST(t2s_matches_opencc_on_every_code_point)
{
	size_t cap = 0x30000 * 5, len = 0;
	char *text = malloc(cap);
	ck_assert_ptr_nonnull(text);
	for (uint32_t cp = 0x80; cp < 0x30000; cp++) {
		if ((cp >= 0xD800 && cp < 0xE000) || (cp >= 0x10000 && cp < 0x20000))
			continue;
		len += xxgk_utf8_encode(cp, text + len);
		text[len++] = '\n';
	}
	char *fast = NULL, *ref = NULL;
	size_t fast_len = 0, ref_len = 0;
	xxgk_error err;
	ck_assert_int_eq(xxgk_t2s(&fast, &fast_len, text, len, &err), XXGK_OK);
	ck_assert_int_eq(xxgk_t2s_reference(&ref, &ref_len, text, len, &err), XXGK_OK);
	/* name the first line that differs, not half a megabyte of text */
	size_t at = 0;
	while (at < fast_len && at < ref_len && fast[at] == ref[at])
		at++;
	size_t line = at;
	while (line > 0 && ref[line - 1] != '\n')
		line--;
	const char *fe = memchr(fast + line, '\n', fast_len - line), *re = memchr(ref + line, '\n', ref_len - line);
	ck_assert_msg(fast_len == ref_len && at == ref_len, "t2s differs from OpenCC: \"%.*s\" for OpenCC's \"%.*s\"",
		      fe ? (int)(fe - fast - line) : 0, fast + line, re ? (int)(re - ref - line) : 0, ref + line);
	free(fast);
	free(ref);
	free(text);
}
END_TEST

/*
 * Random mixtures of every TSPhrases key, their characters alone (the set
 * where phrase matching can act), common traditional characters, ASCII and
 * punctuation: phrases that overlap, abut, or sit inside longer runs.
 */
START_TEST(t2s_matches_opencc_on_phrase_mixtures)
{
	const char *tokens[1024];
	size_t token_len[1024], nt = 0;
	const char *k = xxgk_ts_phrase_keys;
	while (*k && nt < 600) {
		const char *nl = strchr(k, '\n');
		tokens[nt] = k;
		token_len[nt++] = (size_t)(nl - k);
		/* the key's first character alone, and its last */
		tokens[nt] = k;
		token_len[nt++] = 3;
		tokens[nt] = nl - 3;
		token_len[nt++] = 3;
		k = nl + 1;
	}
	static const char *const extra[] = { "國", "開", "於", "裡", "後", "麼", "著", "條例", "縣", "鎮",
					      "12", " ", "\n", "(guó)", "，", "a", "乾", "發", "髮", "臺" };
	for (size_t i = 0; i < sizeof extra / sizeof extra[0] && nt < 1024; i++) {
		tokens[nt] = extra[i];
		token_len[nt++] = strlen(extra[i]);
	}
	uint32_t seed = 12345;
	char text[4096];
	for (int round = 0; round < 3000; round++) {
		size_t len = 0;
		seed = seed * 1103515245u + 12345u;
		int count = 1 + (int)(seed >> 16) % 40;
		for (int t = 0; t < count; t++) {
			seed = seed * 1103515245u + 12345u;
			size_t pick = (seed >> 8) % nt;
			memcpy(text + len, tokens[pick], token_len[pick]);
			len += token_len[pick];
		}
		t2s_same(text, len);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("normalize");
	TCase *tc = tcase_create("rewrites");
	tcase_add_loop_test(tc, line_keeping_rewrites, 0,
			    (int)(sizeof same_line_cases / sizeof same_line_cases[0]));
	tcase_add_test(tc, html_format_keeps_tags_for_the_html_reader);
	suite_add_tcase(s, tc);
	tc = tcase_create("encodings");
	tcase_add_test(tc, gb18030_is_converted);
	tcase_add_test(tc, utf16_with_bom_is_converted);
	tcase_add_test(tc, traditional_becomes_simplified);
	tcase_add_test(tc, simplified_with_one_traditional_name_is_left_alone);
	tcase_add_test(tc, t2s_fast_path_is_on);
	tcase_add_test(tc, t2s_refuses_a_cut_character);
	tcase_add_test(tc, t2s_matches_opencc_on_the_traditional_seed);
	tcase_add_test(tc, t2s_matches_opencc_on_every_code_point);
	tcase_add_test(tc, t2s_matches_opencc_on_phrase_mixtures);
	suite_add_tcase(s, tc);
	tc = tcase_create("bad_input");
	tcase_add_loop_test(tc, bad_bytes_are_refused_with_their_line, 0,
			    (int)(sizeof bad_cases / sizeof bad_cases[0]));
	tcase_add_test(tc, oversize_is_refused_before_work);
	suite_add_tcase(s, tc);
	return test_run(s);
}
