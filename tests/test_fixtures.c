/*
 * test_fixtures.c SET — every fixture input of fixtures/SET parses to its
 * hand-written expected report (<case>.expected.json, docs/fixtures.md):
 * every value, kind, line and raw text, and the metadata. Warnings: for the
 * seeds the same multiset of (code, line); for the corpus each expected
 * warning must be given (the parser may say more). Prints the cell accuracy
 * over the set. Expected files are read with the library's JSON reader,
 * which test_json.c checks on its own.
 */
#include <dirent.h>
#include <string.h>

#include "testutil.h"
#include "xxgk/json.h"
#include "xxgk/parse.h"

#define MAX_CASES 64

static char case_inputs[MAX_CASES][1024];
static char case_expected[MAX_CASES][1024];
static int case_count;
static bool strict_warnings;
static int cells_total, cells_wrong;

static void collect(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		const char *suffix = ".expected.json";
		size_t n = strlen(e->d_name), sn = strlen(suffix);
		if (n <= sn || strcmp(e->d_name + n - sn, suffix) != 0 || case_count >= MAX_CASES)
			continue;
		char stem[256];
		snprintf(stem, sizeof stem, "%.*s", (int)(n - sn), e->d_name);
		/* the input is the file with that stem and another ending */
		DIR *d2 = opendir(dir);
		struct dirent *f;
		while (d2 && (f = readdir(d2)) != NULL) {
			if (strncmp(f->d_name, stem, strlen(stem)) == 0 && f->d_name[strlen(stem)] == '.' &&
			    strcmp(f->d_name, e->d_name) != 0) {
				snprintf(case_inputs[case_count], sizeof case_inputs[0], "%s/%s", dir, f->d_name);
				snprintf(case_expected[case_count], sizeof case_expected[0], "%s/%s", dir, e->d_name);
				case_count++;
				break;
			}
		}
		if (d2)
			closedir(d2);
	}
	closedir(d);
}

typedef struct {
	xxgk_report *got;
	const char *name;
	int mismatches;
	char first[512];
} compare_ctx;

static int compare_cell(const char *path, xxgk_cell *want, void *vctx)
{
	compare_ctx *c = vctx;
	xxgk_cell *got = xxgk_report_cell(c->got, path);
	char why[256] = "";
	if (!got)
		snprintf(why, sizeof why, "missing in the parse");
	else if (got->has_value != want->has_value || (want->has_value && got->value != want->value))
		snprintf(why, sizeof why, "value %s%.15g, expected %s%.15g", got->has_value ? "" : "null ",
			 got->value, want->has_value ? "" : "null ", want->value);
	else if (got->kind != want->kind)
		snprintf(why, sizeof why, "kind %s, expected %s", xxgk_kind_name(got->kind),
			 xxgk_kind_name(want->kind));
	else if (got->line != want->line)
		snprintf(why, sizeof why, "line %u, expected %u", got->line, want->line);
	else if (strcmp(got->raw ? got->raw : "", want->raw ? want->raw : "") != 0)
		snprintf(why, sizeof why, "raw \"%s\", expected \"%s\"", got->raw ? got->raw : "",
			 want->raw ? want->raw : "");
	else if (want->column && got->column != want->column)
		snprintf(why, sizeof why, "column %u, expected %u", got->column, want->column);
	if (why[0]) {
		if (!c->mismatches)
			snprintf(c->first, sizeof c->first, "%s: %s: %s", c->name, path, why);
		c->mismatches++;
	}
	return 0;
}

static const char *str_or_empty(const char *s)
{
	return s ? s : "";
}

static void check_case(int i)
{
	size_t in_len, ex_len;
	char *in = test_slurp(case_inputs[i], &in_len);
	char *ex = test_slurp(case_expected[i], &ex_len);
	xxgk_report *want = NULL, *got = NULL;
	xxgk_error err;
	ck_assert_msg(xxgk_report_from_json(&want, ex, ex_len, &err) == XXGK_OK, "%s: %s",
		      case_expected[i], err.message);
	const char *base = strrchr(case_inputs[i], '/') + 1;
	xxgk_parse_options opts = { .name = base };
	int rc = xxgk_parse_buffer(&got, in, in_len, &opts, &err);
	ck_assert_msg(rc == XXGK_OK, "%s: %s", case_inputs[i], err.message);

	ck_assert_str_eq(got->source_name, want->source_name);
	ck_assert_str_eq(got->sha256, want->sha256);
	ck_assert_str_eq(xxgk_format_name(got->format), xxgk_format_name(want->format));
	ck_assert_str_eq(xxgk_encoding_name(got->encoding), xxgk_encoding_name(want->encoding));
	ck_assert_str_eq(xxgk_script_name(got->script), xxgk_script_name(want->script));
	ck_assert_str_eq(str_or_empty(got->agency_name), str_or_empty(want->agency_name));
	ck_assert_str_eq(str_or_empty(got->region_code), str_or_empty(want->region_code));
	ck_assert_str_eq(xxgk_level_name(got->level), xxgk_level_name(want->level));
	ck_assert_int_eq(got->year, want->year);
	ck_assert_str_eq(xxgk_template_name(got->template_kind), xxgk_template_name(want->template_kind));
	ck_assert_str_eq(got->published, want->published);

	compare_ctx cc = { got, base, 0, "" };
	xxgk_report_each_cell(want, compare_cell, &cc);
	ck_assert_msg(cc.mismatches == 0, "%d cells differ; first: %s", cc.mismatches, cc.first);

	/* warnings: the same multiset of (code, line) for the seeds */
	if (strict_warnings)
		ck_assert_msg(got->warning_count == want->warning_count, "%s: %zu warnings, expected %zu",
			      base, got->warning_count, want->warning_count);
	bool used[4096] = { false };
	ck_assert_uint_lt(got->warning_count, 4096);
	for (size_t w = 0; w < want->warning_count; w++) {
		bool found = false;
		for (size_t g = 0; g < got->warning_count && !found; g++) {
			if (!used[g] && strcmp(got->warnings[g].code, want->warnings[w].code) == 0 &&
			    got->warnings[g].line == want->warnings[w].line) {
				used[g] = true;
				found = true;
			}
		}
		ck_assert_msg(found, "%s: expected warning %s at line %u not given", base,
			      want->warnings[w].code, want->warnings[w].line);
	}
	xxgk_report_free(want);
	xxgk_report_free(got);
	free(in);
	free(ex);
}

static int count_cells_visit(const char *path, xxgk_cell *cell, void *ctx)
{
	(void)path;
	(void)cell;
	(*(int *)ctx)++;
	return 0;
}

START_TEST(fixture_matches_expected)
{
	check_case(_i);
}
END_TEST

/* Cell accuracy over the whole set, printed for the closing note. */
START_TEST(accuracy_over_the_set)
{
	for (int i = 0; i < case_count; i++) {
		size_t in_len, ex_len;
		char *in = test_slurp(case_inputs[i], &in_len);
		char *ex = test_slurp(case_expected[i], &ex_len);
		xxgk_report *want = NULL, *got = NULL;
		xxgk_error err;
		const char *base = strrchr(case_inputs[i], '/') + 1;
		xxgk_parse_options opts = { .name = base };
		if (xxgk_report_from_json(&want, ex, ex_len, &err) == XXGK_OK) {
			int n = 0;
			xxgk_report_each_cell(want, count_cells_visit, &n);
			cells_total += n;
			if (xxgk_parse_buffer(&got, in, in_len, &opts, &err) == XXGK_OK) {
				compare_ctx cc = { got, base, 0, "" };
				xxgk_report_each_cell(want, compare_cell, &cc);
				cells_wrong += cc.mismatches;
			} else {
				cells_wrong += n;
			}
		}
		xxgk_report_free(want);
		xxgk_report_free(got);
		free(in);
		free(ex);
	}
	printf("%s cells: %d of %d exact (%.1f%%)\n", strict_warnings ? "seed" : "corpus",
	       cells_total - cells_wrong, cells_total,
	       cells_total ? 100.0 * (cells_total - cells_wrong) / cells_total : 0.0);
	ck_assert_int_gt(cells_total, 0);
}
END_TEST

START_TEST(fixtures_are_present)
{
	/* a missing directory must not pass as "no cases" */
	ck_assert_int_ge(case_count, 1);
}
END_TEST

int main(int argc, char **argv)
{
	const char *set = argc > 1 ? argv[1] : "seeds";
	char dir[256];
	snprintf(dir, sizeof dir, "%s/%s", XXGK_FIXTURES_DIR, set);
	strict_warnings = strcmp(set, "seeds") == 0;
	collect(dir);
	Suite *s = suite_create("fixtures");
	TCase *tc = tcase_create("expected");
	tcase_add_test(tc, fixtures_are_present);
	tcase_add_test(tc, accuracy_over_the_set);
	if (case_count)
		tcase_add_loop_test(tc, fixture_matches_expected, 0, case_count);
	suite_add_tcase(s, tc);
	return test_run(s);
}
