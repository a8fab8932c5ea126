/*
 * test_common.c — the common module: SHA-256 against published vectors
 * (FIPS 180-4 examples "abc" and ""; a 1000-byte vector from Python's
 * hashlib), status names, the growable buffer, UTF-8 stepping, the model's
 * path walk.
 */
#include <string.h>

#include "testutil.h"
#include "common/common_int.h"
#include "xxgk/parse.h"
#include "xxgk/report.h"

static const struct {
	const char *input;
	size_t repeat;
	const char *hex;
} sha_cases[] = {
	{ "abc", 1, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
	{ "", 1, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
	{ "a", 1000, "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3" },
};

START_TEST(sha256_vectors)
{
	char buf[1000];
	size_t n = 0;
	for (size_t k = 0; k < sha_cases[_i].repeat; k++) {
		size_t l = strlen(sha_cases[_i].input);
		memcpy(buf + n, sha_cases[_i].input, l);
		n += l;
	}
	char hex[65];
	xxgk_sha256_hex(hex, buf, n);
	ck_assert_str_eq(hex, sha_cases[_i].hex);
	ck_assert(xxgk_sha256_hex_impl(hex, buf, n, false));
	ck_assert_str_eq(hex, sha_cases[_i].hex);
	if (xxgk_sha256_hex_impl(hex, buf, n, true))
		ck_assert_str_eq(hex, sha_cases[_i].hex);
}
END_TEST

/* The SHA-NI blocks against the portable ones: every length 0…1100 (one to
 * eighteen blocks, every padding case) of pseudo-random bytes. */
START_TEST(sha256_accelerated_agrees)
{
	if (!xxgk_sha256_hex_impl((char[65]){ 0 }, "", 0, true))
		return; /* no SHA extensions here: the vectors test the portable code */
	unsigned char buf[1100];
	uint32_t x = 2463534242u;
	for (size_t i = 0; i < sizeof buf; i++) {
		x ^= x << 13, x ^= x >> 17, x ^= x << 5;
		buf[i] = (unsigned char)x;
	}
	for (size_t n = 0; n <= sizeof buf; n++) {
		char a[65], b[65];
		xxgk_sha256_hex_impl(a, buf, n, false);
		xxgk_sha256_hex_impl(b, buf, n, true);
		ck_assert_msg(strcmp(a, b) == 0, "length %zu: %s against %s", n, b, a);
	}
}
END_TEST

START_TEST(strerror_names_every_status)
{
	ck_assert_str_eq(xxgk_strerror(XXGK_OK), "ok");
	ck_assert_str_eq(xxgk_strerror(XXGK_ENOMEM), "out of memory");
	ck_assert_str_eq(xxgk_strerror(XXGK_ESCHEMA), "unknown schema");
	ck_assert_str_eq(xxgk_strerror(-99), "unknown error");
	ck_assert_str_eq(xxgk_strerror(5), "unknown error");
}
END_TEST

START_TEST(error_set_keeps_one_line)
{
	xxgk_error err;
	ck_assert_int_eq(xxgk_error_set(&err, XXGK_EPARSE, 12, 3, "a\nb %d", 7), XXGK_EPARSE);
	ck_assert_str_eq(err.message, "a b 7");
	ck_assert_uint_eq(err.line, 12);
	ck_assert_uint_eq(err.column, 3);
	ck_assert_int_eq(xxgk_error_set(NULL, XXGK_EIO, 0, 0, "x"), XXGK_EIO);
}
END_TEST

START_TEST(buf_grows_and_detaches)
{
	xxgk_buf b;
	xxgk_buf_init(&b);
	for (int i = 0; i < 1000; i++)
		xxgk_buf_printf(&b, "%d,", i % 10);
	ck_assert_uint_eq(b.len, 2000);
	ck_assert(!b.failed);
	char *s = xxgk_buf_detach(&b);
	ck_assert_int_eq(strncmp(s, "0,1,2,", 6), 0);
	ck_assert_uint_eq(b.len, 0);
	free(s);
}
END_TEST

START_TEST(utf8_decode_rejects_bad_sequences)
{
	uint32_t cp;
	ck_assert_uint_eq(xxgk_utf8_decode((const unsigned char *)"\xE5\x9C\x8B", 3, &cp), 3);
	ck_assert_uint_eq(cp, 0x570B);
	ck_assert_uint_eq(xxgk_utf8_decode((const unsigned char *)"\xE5\x9C", 2, &cp), 0);   /* cut */
	ck_assert_uint_eq(xxgk_utf8_decode((const unsigned char *)"\xC0\xAF", 2, &cp), 0);   /* overlong */
	ck_assert_uint_eq(xxgk_utf8_decode((const unsigned char *)"\xED\xA0\x80", 3, &cp), 0); /* surrogate */
	ck_assert_uint_eq(xxgk_utf8_count("a國b", strlen("a國b")), 3);
}
END_TEST

static int count_visit(const char *path, xxgk_cell *cell, void *ctx)
{
	(void)path;
	(void)cell;
	(*(int *)ctx)++;
	return 0;
}

START_TEST(walk_covers_each_template)
{
	xxgk_report *r;
	ck_assert_int_eq(xxgk_report_new(&r), XXGK_OK);
	int n = 0;
	r->template_kind = XXGK_TEMPLATE_2021;
	xxgk_report_each_cell(r, count_visit, &n);
	ck_assert_int_eq(n, 10 + 175 + 15);
	n = 0;
	r->template_kind = XXGK_TEMPLATE_2019;
	xxgk_report_each_cell(r, count_visit, &n);
	ck_assert_int_eq(n, 22 + 175 + 15);
	ck_assert_ptr_eq(xxgk_report_cell(r, "applications.carried_forward.total"),
			 &r->applications[XXGK_T3_CARRIED_FORWARD][XXGK_T3_TOTAL]);
	ck_assert_ptr_eq(xxgk_report_cell(r, "active.procurement.amount"), &r->active[21]);
	ck_assert_ptr_null(xxgk_report_cell(r, "active.fees.amount")); /* 2021 only */
	ck_assert_int_eq(r->applications[0][0].kind, XXGK_KIND_ABSENT);
	xxgk_report_free(r);
	xxgk_report_free(NULL);
}
END_TEST

/* m holds whole UTF-8 characters only, ends in …, and fills most of cap */
static void assert_cut_whole(const char *m, size_t cap)
{
	size_t len = strlen(m), at = 0;
	ck_assert_uint_lt(len, cap);
	ck_assert_uint_gt(len, cap - 12);
	while (at < len) {
		uint32_t cp;
		size_t step = xxgk_utf8_decode((const unsigned char *)m + at, len - at, &cp);
		ck_assert_uint_gt(step, 0);
		at += step;
	}
	ck_assert_str_eq(m + len - strlen("…"), "…");
}

static void vformat_into(char *dst, size_t cap, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	xxgk_vformat(dst, cap, fmt, ap);
	va_end(ap);
}

START_TEST(long_messages_cut_at_a_character)
{
	/* every fixed message field (findings, outliers, errors, warnings) is
	 * filled by xxgk_vformat: a cap at each byte of a three-byte character,
	 * and of a four-byte one, must cut before the character */
	char text[1300] = "";
	for (int i = 0; i < 300; i++)
		strcat(text, "國");
	for (size_t cap = 40; cap < 48; cap++) {
		char dst[64];
		vformat_into(dst, cap, "%s", text);
		assert_cut_whole(dst, cap);
		vformat_into(dst, cap, "%s", "𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀");
		assert_cut_whole(dst, cap);
	}
	char fits[16];
	vformat_into(fits, sizeof fits, "%d件", 12);
	ck_assert_str_eq(fits, "12件");
	xxgk_error err;
	for (int ascii = 0; ascii < 3; ascii++) {
		xxgk_error_set(&err, XXGK_EPARSE, 3, 0, "%.*s%s", ascii, "aaa", text);
		assert_cut_whole(err.message, sizeof err.message);
	}
}
END_TEST

START_TEST(long_warning_cut_at_a_character)
{
	/* a message longer than a warning holds is cut between characters and
	 * marked …; 0, 1 and 2 ASCII bytes in front put the limit at each byte
	 * of a three-byte character */
	xxgk_report *r;
	ck_assert_int_eq(xxgk_report_new(&r), XXGK_OK);
	for (int ascii = 0; ascii < 3; ascii++) {
		char text[1300] = "";
		for (int i = 0; i < ascii; i++)
			strcat(text, "a");
		for (int i = 0; i < 400; i++)
			strcat(text, "國");
		ck_assert_int_eq(xxgk_report_warn(r, "test.long", 1, "%s", text), XXGK_OK);
		assert_cut_whole(r->warnings[r->warning_count - 1].message, 512);
	}
	xxgk_report_free(r);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("common");
	TCase *tc = tcase_create("sha256");
	tcase_add_loop_test(tc, sha256_vectors, 0, (int)(sizeof sha_cases / sizeof sha_cases[0]));
	tcase_add_test(tc, sha256_accelerated_agrees);
	suite_add_tcase(s, tc);
	tc = tcase_create("errors");
	tcase_add_test(tc, strerror_names_every_status);
	tcase_add_test(tc, error_set_keeps_one_line);
	suite_add_tcase(s, tc);
	tc = tcase_create("buf_utf8");
	tcase_add_test(tc, buf_grows_and_detaches);
	tcase_add_test(tc, utf8_decode_rejects_bad_sequences);
	tcase_add_test(tc, long_warning_cut_at_a_character);
	tcase_add_test(tc, long_messages_cut_at_a_character);
	suite_add_tcase(s, tc);
	tc = tcase_create("model");
	tcase_add_test(tc, walk_covers_each_template);
	suite_add_tcase(s, tc);
	return test_run(s);
}
