/*
 * test_json.c — `xxgk.report/1` out and in: write → read → write gives the
 * same bytes for every seed; big counts survive (cJSON's valueint saturates
 * at 2^31−1); other schemas, malformed JSON and wrong types are refused;
 * what fuzz_json found (tests/fuzz/regressions/json-*) reads back exactly.
 */
#include <dirent.h>
#include <string.h>

#include "testutil.h"
#include "xxgk/json.h"
#include "xxgk/parse.h"

static const char *const seeds[] = {
	"000_2a68a08fb10c7e43.txt", "001_61f640e52d4e149d.txt", "002_6dd58b88eaeffe1b.txt",
	"003_0b1325ff460d94b6.txt", "004_f017ccef7dbb6993.txt",
};

START_TEST(round_trip_is_exact)
{
	char path[512];
	snprintf(path, sizeof path, "%s/seeds/%s", XXGK_FIXTURES_DIR, seeds[_i]);
	size_t len;
	char *buf = test_slurp(path, &len);
	xxgk_report *r = NULL, *back = NULL;
	xxgk_error err;
	xxgk_parse_options opts = { .name = seeds[_i] };
	ck_assert_int_eq(xxgk_parse_buffer(&r, buf, len, &opts, &err), XXGK_OK);
	for (int pretty = 0; pretty < 2; pretty++) {
		char *a = NULL, *b = NULL;
		ck_assert_int_eq(xxgk_report_to_json(&a, r, pretty), XXGK_OK);
		if (!pretty)
			ck_assert_ptr_null(strchr(a, '\n'));  /* JSON Lines: one line */
		ck_assert_int_eq(xxgk_report_from_json(&back, a, strlen(a), &err), XXGK_OK);
		ck_assert_int_eq(xxgk_report_to_json(&b, back, pretty), XXGK_OK);
		ck_assert_str_eq(a, b);
		ck_assert_uint_eq(back->warning_count, r->warning_count);
		xxgk_report_free(back);
		back = NULL;
		free(a);
		free(b);
	}
	xxgk_report_free(r);
	free(buf);
}
END_TEST

START_TEST(big_counts_survive)
{
	const char *doc = "{\"schema\":\"xxgk.report/1\",\"template\":\"2021\","
			  "\"active\":{\"licensing\":{\"decisions\":3985758123}},"
			  "\"applications\":{\"granted\":{\"total\":2147483648}},"
			  "\"cells\":{\"active.licensing.decisions\":{\"raw\":\"3985758123\",\"kind\":\"number\",\"line\":7}}}";
	xxgk_report *r = NULL;
	xxgk_error err;
	ck_assert_int_eq(xxgk_report_from_json(&r, doc, strlen(doc), &err), XXGK_OK);
	ck_assert_double_eq(r->active[6].value, 3985758123.0);
	ck_assert_uint_eq(r->active[6].line, 7);
	ck_assert_double_eq(r->applications[XXGK_T3_GRANTED][XXGK_T3_TOTAL].value, 2147483648.0);
	/* no cells entry: a value is a number, no value is absent */
	ck_assert_int_eq(r->applications[XXGK_T3_GRANTED][XXGK_T3_TOTAL].kind, XXGK_KIND_NUMBER);
	ck_assert_int_eq(r->applications[XXGK_T3_DENIED_THIRD_PARTY][0].kind, XXGK_KIND_ABSENT);
	char *out = NULL;
	ck_assert_int_eq(xxgk_report_to_json(&out, r, false), XXGK_OK);
	ck_assert_ptr_nonnull(strstr(out, "\"decisions\":3985758123"));
	free(out);
	xxgk_report_free(r);
}
END_TEST

static const struct {
	const char *doc;
	int code;
	const char *needle;
} bad_docs[] = {
	{ "{\"schema\":\"xxgk.report/2\"}", XXGK_ESCHEMA, "xxgk.report/2" },
	{ "{\"year\":2024}", XXGK_ESCHEMA, "(none)" },
	{ "{\"schema\":\"xxgk.report/1\",", XXGK_EPARSE, "not valid JSON" },
	{ "[1,2]", XXGK_EPARSE, "object" },
	{ "{\"schema\":\"xxgk.report/1\",\"applications\":{\"granted\":{\"total\":\"3\"}}}", XXGK_EPARSE,
	  "not a number" },
	{ "{\"schema\":\"xxgk.report/1\",\"template\":\"2030\"}", XXGK_EPARSE, "template" },
	{ "{\"schema\":\"xxgk.report/1\",\"applications\":{},"
	  "\"cells\":{\"applications.granted.total\":{\"kind\":\"guess\"}}}",
	  XXGK_EPARSE, "kind" },
	/* issue 17, item 5: what JSON load used to store */
#define R1 "{\"schema\":\"xxgk.report/1\",\"source\":{\"sha256\":\"" \
	   "2a68a08fb10c7e43aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"},"
	{ R1 "\"agency\":{\"region_code\":\"1' OR '1'='1\"},\"applications\":{}}", XXGK_EPARSE,
	  "is not a region code" },
	{ R1 "\"agency\":{\"region_code\":\"420984103\",\"level\":\"county\"},\"applications\":{}}", XXGK_EPARSE,
	  "does not fit the 9-digit region code" },
	{ R1 "\"applications\":{\"granted\":{\"total\":-3}}}", XXGK_EPARSE,
	  "applications.granted.total: -3 is negative, and no printed text" },
	{ R1 "\"applications\":{\"granted\":{\"total\":-3}},"
	  "\"cells\":{\"applications.granted.total\":{\"raw\":\"3\",\"kind\":\"number\"}}}", XXGK_EPARSE,
	  "is negative" },
	{ R1 "\"applications\":{\"granted\":{\"total\":2.5}}}", XXGK_EPARSE, "not a whole number" },
	{ R1 "\"applications\":{\"granted\":{\"total\":1.7e308}}}", XXGK_EPARSE, "beyond 1e+15" },
	{ R1 "\"applications\":{\"granted\":{\"total\":1180591620717411303424}}}", XXGK_EPARSE, "beyond" },
	{ R1 "\"applications\":{\"granted\":{\"total\":1e999}}}", XXGK_EPARSE, "beyond" },
	{ R1 "\"year\":2024}", XXGK_EPARSE, "no \"applications\"" },
	{ R1 "\"published\":\"2025-13-45\",\"applications\":{}}", XXGK_EPARSE, "\"published\" \"2025-13-45\" is not a date" },
	{ R1 "\"published\":\"2023-02-29\",\"applications\":{}}", XXGK_EPARSE, "is not a date" },
	{ R1 "\"year\":1800,\"applications\":{}}", XXGK_EPARSE, "\"year\" 1800 is not a reporting year" },
	{ R1 "\"agency\":{\"name\":\"分水\\u0000镇\"},\"applications\":{}}", XXGK_EPARSE, "NUL" },
	{ R1 "\"agency\":{\"name\":\"分水\\u001b[31m镇\"},\"applications\":{}}", XXGK_EPARSE,
	  "control character U+001B" },
	{ R1 "\"agency\":{\"name\":\"\xff\xfe\"},\"applications\":{}}", XXGK_EPARSE, "not valid UTF-8" },
	{ R1 "\"applications\":{\"grnated\":{\"total\":3}}}", XXGK_EPARSE, "no row \"grnated\"" },
	{ R1 "\"applications\":{\"granted\":{\"totl\":3}}}", XXGK_EPARSE, "no column \"totl\"" },
	{ R1 "\"template\":\"2021\",\"active\":{\"licensing\":{\"previous\":3}},\"applications\":{}}", XXGK_EPARSE,
	  "no column \"previous\" in the 2021 template" },
	{ R1 "\"applications\":{\"granted\":{\"total\":3}},"
	  "\"cells\":{\"applications.granted.total\":{\"raw\":\"\",\"kind\":\"blank\"}}}", XXGK_EPARSE,
	  "kind \"blank\" with a value" },
	{ "{\"schema\":\"xxgk.report/1\",\"source\":{\"sha256\":\"xyz\"},\"applications\":{}}", XXGK_EPARSE,
	  "64 lowercase hex" },
	{ R1 "\"parts\":[1,2,3,4,5,6,7],\"applications\":{}}", XXGK_EPARSE, "\"parts\"" },
	{ R1 "\"claims\":[{\"key\":\"new_received\",\"value\":1e300}],\"applications\":{}}", XXGK_EPARSE,
	  "beyond" },
#undef R1
};

/* What a document prints is accepted as printed: the checker, not the reader, flags it. */
static const char *const good_docs[] = {
	"{\"schema\":\"xxgk.report/1\",\"applications\":{\"granted\":{\"total\":-3}},"
	"\"cells\":{\"applications.granted.total\":{\"raw\":\"-3\",\"kind\":\"number\"}}}",
	"{\"schema\":\"xxgk.report/1\",\"applications\":{\"granted\":{\"total\":-3}},"
	"\"cells\":{\"applications.granted.total\":{\"raw\":\"－3\",\"kind\":\"number\"}}}",
	"{\"schema\":\"xxgk.report/1\",\"applications\":{\"granted\":{\"total\":1234.5}},"
	"\"cells\":{\"applications.granted.total\":{\"raw\":\"1,234.5\",\"kind\":\"number\"}}}",
	"{\"schema\":\"xxgk.report/1\",\"template\":\"2021\",\"active\":{\"fees\":{\"amount\":12.75}},"
	"\"applications\":{}}",
	"{\"schema\":\"xxgk.report/1\",\"template\":\"2019\",\"active\":{\"licensing\":{\"change\":-2},"
	"\"fees\":{\"change\":-0.5}},\"applications\":{},\"published\":\"2024-02-29\",\"year\":2023,"
	"\"agency\":{\"region_code\":\"420984103\",\"level\":\"town\",\"name\":\"分水镇\"}}",
	"{\"schema\":\"xxgk.report/1\",\"agency\":{\"name\":\"a\\\\u0000b\"},\"applications\":{}}",
};

START_TEST(printed_oddities_are_accepted)
{
	xxgk_report *r = NULL;
	xxgk_error err;
	int rc = xxgk_report_from_json(&r, good_docs[_i], strlen(good_docs[_i]), &err);
	ck_assert_msg(rc == XXGK_OK, "%s: %s", good_docs[_i], err.message);
	xxgk_report_free(r);
}
END_TEST

START_TEST(bad_documents_are_refused)
{
	xxgk_report *r = (xxgk_report *)1;
	xxgk_error err;
	int rc = xxgk_report_from_json(&r, bad_docs[_i].doc, strlen(bad_docs[_i].doc), &err);
	ck_assert_int_eq(rc, bad_docs[_i].code);
	ck_assert_ptr_null(r);
	ck_assert_msg(strstr(err.message, bad_docs[_i].needle), "message: %s", err.message);
}
END_TEST

/* xxgk_json_read_fields: a request body of flat fields, or a refusal */
START_TEST(fields_are_read_as_text)
{
	const char *doc = "{\"id\":\"0123456789abcdef\",\"status\":\"已整改\",\"n\":12,\"ok\":true,\"note\":null}";
	xxgk_json_fields f;
	xxgk_error err;
	ck_assert_int_eq(xxgk_json_read_fields(&f, doc, strlen(doc), &err), XXGK_OK);
	ck_assert_uint_eq(f.count, 5);
	ck_assert_str_eq(xxgk_json_fields_get(&f, "id"), "0123456789abcdef");
	ck_assert_str_eq(xxgk_json_fields_get(&f, "status"), "已整改");
	ck_assert_str_eq(xxgk_json_fields_get(&f, "n"), "12");
	ck_assert_str_eq(xxgk_json_fields_get(&f, "ok"), "true");
	ck_assert_ptr_null(xxgk_json_fields_get(&f, "note"));
	ck_assert_ptr_null(xxgk_json_fields_get(&f, "who"));
	xxgk_json_fields_free(&f);
}
END_TEST

static const struct {
	const char *doc;
	int code;
	const char *needle;
} bad_fields[] = {
	{ .doc = "{\"id\":", .code = XXGK_EPARSE, .needle = "not JSON" },
	{ .doc = "[1,2]", .code = XXGK_EPARSE, .needle = "not an object" },
	{ .doc = "{\"id\":{\"x\":1}}", .code = XXGK_EPARSE, .needle = "object or array" },
	{ .doc = "{\"id\":\"a\",\"id\":\"b\"}", .code = XXGK_EPARSE, .needle = "twice" },
	{ .doc = "", .code = XXGK_EPARSE, .needle = "not JSON" },
};

START_TEST(bad_fields_are_refused)
{
	xxgk_json_fields f;
	xxgk_error err;
	int rc = xxgk_json_read_fields(&f, bad_fields[_i].doc, strlen(bad_fields[_i].doc), &err);
	ck_assert_int_eq(rc, bad_fields[_i].code);
	ck_assert_uint_eq(f.count, 0);
	ck_assert_msg(strstr(err.message, bad_fields[_i].needle), "message: %s", err.message);
}
END_TEST

START_TEST(oversized_fields_are_refused)
{
	size_t n = XXGK_JSON_FIELDS_MAX_BYTES + 16;
	char *doc = malloc(n + 1);
	ck_assert_ptr_nonnull(doc);
	memset(doc, ' ', n);
	doc[0] = '{', doc[n - 1] = '}', doc[n] = '\0';
	xxgk_json_fields f;
	xxgk_error err;
	ck_assert_int_eq(xxgk_json_read_fields(&f, doc, n, &err), XXGK_ETOOBIG);
	free(doc);
	/* a NUL inside is refused, not read up to it */
	ck_assert_int_eq(xxgk_json_read_fields(&f, "{}\0{\"a\":1}", 10, &err), XXGK_EPARSE);
}
END_TEST

/* fuzz_json's finds: what the reader accepts, the writer writes and the reader reads again to the same bytes */
START_TEST(fuzz_json_regressions_round_trip)
{
	DIR *d = opendir(XXGK_FUZZ_REGRESSIONS_DIR);
	struct dirent *e;
	int files = 0;
	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, "json-", 5) != 0)
			continue;
		char path[1024], *a = NULL, *b = NULL;
		size_t len;
		xxgk_report *r = NULL, *back = NULL;
		xxgk_error err;
		snprintf(path, sizeof path, "%s/%s", XXGK_FUZZ_REGRESSIONS_DIR, e->d_name);
		char *text = test_slurp(path, &len);
		if (xxgk_report_from_json(&r, text, len, &err) == XXGK_OK) {
			ck_assert_int_eq(xxgk_report_to_json(&a, r, false), XXGK_OK);
			ck_assert_msg(xxgk_report_from_json(&back, a, strlen(a), &err) == XXGK_OK, "%s: %s", e->d_name,
				      err.message);
			ck_assert_int_eq(xxgk_report_to_json(&b, back, false), XXGK_OK);
			ck_assert_str_eq(a, b);
		} else {
			ck_assert_ptr_null(r);
			ck_assert(err.message[0] != '\0');
		}
		free(a);
		free(b);
		xxgk_report_free(r);
		xxgk_report_free(back);
		free(text);
		files++;
	}
	closedir(d);
	ck_assert_int_ge(files, 1);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("json");
	TCase *tc = tcase_create("round_trip");
	tcase_add_loop_test(tc, round_trip_is_exact, 0, (int)(sizeof seeds / sizeof seeds[0]));
	tcase_add_test(tc, big_counts_survive);
	tcase_add_test(tc, fuzz_json_regressions_round_trip);
	suite_add_tcase(s, tc);
	tc = tcase_create("refused");
	tcase_add_loop_test(tc, bad_documents_are_refused, 0, (int)(sizeof bad_docs / sizeof bad_docs[0]));
	tcase_add_loop_test(tc, printed_oddities_are_accepted, 0, (int)(sizeof good_docs / sizeof good_docs[0]));
	suite_add_tcase(s, tc);
	tc = tcase_create("fields");
	tcase_add_test(tc, fields_are_read_as_text);
	tcase_add_loop_test(tc, bad_fields_are_refused, 0, (int)(sizeof bad_fields / sizeof bad_fields[0]));
	tcase_add_test(tc, oversized_fields_are_refused);
	suite_add_tcase(s, tc);
	return test_run(s);
}
