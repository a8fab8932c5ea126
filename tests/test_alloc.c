/*
 * test_alloc.c — allocation failures (issue 17, "make it systematic"): the
 * library's own malloc, calloc and realloc go through a shim (the linker's
 * --wrap, tests/CMakeLists.txt) that fails the Nth call; N is swept over a
 * parse of a text and an HTML report, a JSON read, a store write and a PDF
 * render, and every allocation of a parse of space-aligned text whose empty
 * cells are placed by column (the blank-token pool). Every failure must be
 * an error that says so: XXGK_ENOMEM with a message — never another error
 * ("no table 3"), never a crash, and a call
 * that succeeds despite a failed allocation must give exactly the result of
 * a run without one. Under the sanitizer build (.ci/test) LeakSanitizer also
 * finds what a failure path leaks. Not a Check suite: Check's own
 * allocations would go through the shim. Ends with "N passed, N failed".
 *
 * Allocations inside the libraries we call (SQLite, libxml2, HarfBuzz,
 * libharu) are not failed: they are not linked through the shim.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/xmlmemory.h>

#include "xxgk/json.h"
#include "xxgk/parse.h"
#include "xxgk/render.h"
#include "xxgk/store.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t k, size_t n);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t k, size_t n);
void *__wrap_realloc(void *p, size_t n);

static _Thread_local long calls;    /* allocations since the sweep point began */
static _Thread_local long fail_at;  /* the call that fails (1-based); 0: none */

static bool shim_fails(void)
{
	if (fail_at && ++calls == fail_at)
		return true;
	if (!fail_at)
		calls++;
	return false;
}
void *__wrap_malloc(size_t n) { return shim_fails() ? NULL : __real_malloc(n); }
void *__wrap_calloc(size_t k, size_t n) { return shim_fails() ? NULL : __real_calloc(k, n); }
void *__wrap_realloc(void *p, size_t n) { return shim_fails() ? NULL : __real_realloc(p, n); }

/* libxml2's allocations through the shim too (xmlMemSetup): a failure inside it must not come
   back as a document read in part, "not well-formed" or "no table 3". Only while xml_fails: Debian 12's
   libxml2 2.9.14 HTML parser never returns when one of its own early allocations fails (a 100-byte
   malloc under htmlParseDocument, allocation 36 of shuyang_fgj_2023.html: it spins in xmlNextChar), an
   upstream fault no caller can recover from; the HTML sweep fails our allocations only, the DOCX sweep
   (libxml2's XML parser, which returns) fails libxml2's as well. */
static bool xml_fails;
static void xml_free(void *p) { free(p); }
static void *xml_malloc(size_t n) { return xml_fails ? __wrap_malloc(n) : __real_malloc(n); }
static void *xml_realloc(void *p, size_t n) { return xml_fails ? __wrap_realloc(p, n) : __real_realloc(p, n); }
static char *xml_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = xml_malloc(n);
	return d ? memcpy(d, s, n) : NULL;
}

static int pass, fail;
static int sweep_no;   /* which sweep runs (1-based): a debugger's condition */

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;
	if (!f || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0 ||
	    !(buf = __real_malloc((size_t)n + 1)) || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		fprintf(stderr, "cannot read %s\n", path);
		exit(1);
	}
	fclose(f);
	buf[n] = '\0';
	*len = (size_t)n;
	return buf;
}

/* One scenario: run(ctx, &result, &err) returns a status and, on XXGK_OK, a malloc'd text of its result. */
typedef int (*scenario_fn)(const void *ctx, char **result, xxgk_error *err);

static void sweep(const char *name, scenario_fn run, const void *ctx, long every_first, long samples)
{
	char *want = NULL, *got;
	xxgk_error err;
	sweep_no++;
	const char *only = getenv("XXGK_ALLOC_ONLY");   /* one sweep, by name, to look into it */
	if (only && strcmp(only, name) != 0)
		return;
	fail_at = 0;
	calls = 0;
	if (run(ctx, &want, &err) != XXGK_OK) {
		fail++;
		printf("FAIL: %s: fails without a failed allocation: %s\n", name, err.message);
		return;
	}
	long total = calls, points = 0, enomem = 0, absorbed = 0, bad_here = 0;
	long step = total > every_first + samples ? (total - every_first) / samples : 1;
	for (long n = 1; n <= total; n += n <= every_first ? 1 : step) {
		got = NULL;
		memset(&err, 0, sizeof err);
		calls = 0;
		fail_at = n;
		int rc = run(ctx, &got, &err);
		fail_at = 0;
		points++;
		if (rc == XXGK_OK && (!got || strcmp(got, want) != 0)) {
			if (bad_here++ < 3)
				printf("FAIL: %s: allocation %ld of %ld failed, and the call succeeded with another result\n",
				       name, n, total);
		} else if (rc == XXGK_OK) {
			absorbed++;
		} else if (rc != XXGK_ENOMEM || err.code != XXGK_ENOMEM || !err.message[0]) {
			if (bad_here++ < 3)
				printf("FAIL: %s: allocation %ld of %ld failed, reported as status %d: \"%s\"\n", name, n,
				       total, rc, err.message);
		} else {
			enomem++;
		}
		free(got);
	}
	free(want);
	if (bad_here) {
		fail++;
		printf("FAIL: %s: %ld of %ld failure points misreported\n", name, bad_here, points);
	} else {
		pass++;
	}
	printf("%s: %ld allocations, %ld failure points: %ld ENOMEM, %ld absorbed with the same result\n", name,
	       total, points, enomem, absorbed);
}

typedef struct {
	const char *buf;
	size_t len;
	xxgk_parse_format format;
} parse_ctx;

static int run_parse(const void *ctx, char **result, xxgk_error *err)
{
	const parse_ctx *p = ctx;
	xxgk_parse_options opts = { .name = "report", .format = p->format };
	xxgk_report *r = NULL;
	int rc = xxgk_parse_buffer(&r, p->buf, p->len, &opts, err);
	if (rc == XXGK_OK) {
		rc = xxgk_report_to_json(result, r, false);
		if (rc != XXGK_OK)
			xxgk_error_set(err, rc, 0, 0, "writing JSON: out of memory");
	}
	xxgk_report_free(r);
	return rc;
}

static int run_json(const void *ctx, char **result, xxgk_error *err)
{
	const char *json = ctx;
	xxgk_report *r = NULL;
	int rc = xxgk_report_from_json(&r, json, strlen(json), err);
	if (rc == XXGK_OK && (rc = xxgk_report_to_json(result, r, false)) != XXGK_OK)
		xxgk_error_set(err, rc, 0, 0, "writing JSON: out of memory");
	xxgk_report_free(r);
	return rc;
}

static int run_store(const void *ctx, char **result, xxgk_error *err)
{
	const xxgk_report *r = ctx;
	xxgk_store *s = NULL;
	int outcome = -1;
	int rc = xxgk_store_open(&s, ":memory:", XXGK_STORE_CREATE, err);
	if (rc == XXGK_OK)
		rc = xxgk_store_begin(s, err);
	if (rc == XXGK_OK)
		rc = xxgk_store_put(s, r, &outcome, err);
	if (rc == XXGK_OK)
		rc = xxgk_store_commit(s, err);
	xxgk_report *back = NULL;
	if (rc == XXGK_OK)
		rc = xxgk_store_get(s, r->sha256, &back, err);
	if (rc == XXGK_OK && (rc = xxgk_report_to_json(result, back, false)) != XXGK_OK)
		xxgk_error_set(err, rc, 0, 0, "writing JSON: out of memory");
	xxgk_report_free(back);
	xxgk_store_close(s);
	return rc;
}

static int run_render(const void *ctx, char **result, xxgk_error *err)
{
	(void)ctx;
	static const char *const headers[3] = { "单位", "新收申请", "予以公开" };
	static const double widths[3] = { 3, 1, 1 };
	static const int aligns[3] = { XXGK_ALIGN_LEFT, XXGK_ALIGN_RIGHT, XXGK_ALIGN_RIGHT };
	static const char *const names[4] = { "洪泽区人民政府办公室", "高良涧街道办事处", "岔河镇人民政府", "\xE3\x90\x80镇" };
	static const double values[4] = { 12, 7, 3, 1 };
	char path[64];
	xxgk_layout *l = NULL;
	const xxgk_render_options opts = { .created = "2025-03-20", .deterministic = true };
	size_t missing = 0;
	snprintf(path, sizeof path, "/tmp/xxgk_test_alloc_%ld.pdf", (long)getpid());
	int rc = xxgk_layout_new(&l, "淮安市洪泽区2024年政府信息公开工作年度报告汇总");
	if (rc == XXGK_OK)
		rc = xxgk_layout_paragraph(l, "2024年，全区各级行政机关收到政府信息公开申请347件。");
	if (rc == XXGK_OK)
		rc = xxgk_layout_table(l, "各单位申请情况", "单位：件", 3, headers, widths, aligns);
	for (int i = 0; i < 4 && rc == XXGK_OK; i++) {
		const char *row[3] = { names[i], "12", "7" };
		rc = xxgk_layout_table_row(l, row, false);
	}
	if (rc == XXGK_OK)
		rc = xxgk_layout_bar_chart(l, "新收申请", "件", "各单位年度报告", 4, names, values);
	if (rc == XXGK_OK)
		rc = xxgk_render_pdf(l, path, &opts, &missing, err);
	else
		xxgk_error_set(err, rc, 0, 0, "building the layout: out of memory");
	if (rc == XXGK_OK) {
		size_t len;
		char *pdf = slurp(path, &len);
		*result = __real_malloc(32);
		snprintf(*result, 32, "%zu bytes", len);   /* deterministic: the same bytes */
		free(pdf);
		if (access(path, F_OK) == 0)
			unlink(path);
	}
	xxgk_layout_free(l);
	return rc;
}

int main(void)
{
	size_t len, hlen;
	xxgk_report *r = NULL, *again = NULL;
	xxgk_error err;
	char *json = NULL;
	xxgk_parse_options opts = { .name = "report" };
	setvbuf(stdout, NULL, _IOLBF, 0);
	xmlMemSetup(xml_free, xml_malloc, xml_realloc, xml_strdup);
	char *text = slurp(XXGK_FIXTURES_DIR "/seeds/000_2a68a08fb10c7e43.txt", &len);
	char *html = slurp(XXGK_FIXTURES_DIR "/corpus/" XXGK_ALLOC_HTML, &hlen);
	size_t dlen;
	char *docx = slurp(XXGK_FIXTURES_DIR "/pdf/merged_2024.docx", &dlen);
	/* the report for the JSON and store sweeps; reading it once also sets cJSON's allocation hooks
	   (report_json.c), so that cJSON's allocations are failed in every sweep */
	if (xxgk_parse_buffer(&r, text, len, &opts, &err) != XXGK_OK || xxgk_report_to_json(&json, r, false) != XXGK_OK ||
	    xxgk_report_from_json(&again, json, strlen(json), &err) != XXGK_OK) {
		printf("FAIL: the seed does not parse: %s\n", err.message);
		return 1;
	}
	xxgk_report_free(again);
	parse_ctx t = { text, len, XXGK_PARSE_DETECT };
	sweep("parse text", run_parse, &t, 600, 900);
	/* space-aligned text whose empty cells the columns place: blank tokens from the
	   document's token pool (xxgk_doc_blank_token), every allocation failed in turn */
	size_t llen;
	char *layout = slurp(XXGK_FIXTURES_DIR "/layout_cols/t4_rows_chars.layout.txt", &llen);
	parse_ctx l = { layout, llen, XXGK_PARSE_DETECT };
	sweep("parse space-aligned", run_parse, &l, 100000, 0);
	free(layout);
	parse_ctx h = { html, hlen, XXGK_PARSE_HTML };
	sweep("parse HTML", run_parse, &h, 150, 250);
	parse_ctx w = { docx, dlen, XXGK_PARSE_DOCX };
	xml_fails = true;
	sweep("parse DOCX", run_parse, &w, 150, 250);
	sweep("JSON read", run_json, json, 600, 900);
	sweep("store write", run_store, r, 600, 900);
	sweep("PDF render", run_render, NULL, 150, 150);
	free(json);
	xxgk_report_free(r);
	free(text);
	free(html);
	free(docx);
	printf("%d passed, %d failed\n", pass, fail);
	return fail != 0;
}
