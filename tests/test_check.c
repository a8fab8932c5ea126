/*
 * test_check.c — every rule with a case that passes and one that fails, and
 * issue 5's expectations on the real documents: seed 000's three breaks,
 * seeds 001–003 clean, seed 004's lost cells, hongze's table-4 totals,
 * shanghai's blank totals and narrative, pingtan_2023's 393.
 */
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "xxgk/check.h"
#include "xxgk/parse.h"
#include "xxgk/rules.h"

static xxgk_report *fixture(const char *rel)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", XXGK_FIXTURES_DIR, rel);
	size_t len;
	char *buf = test_slurp(path, &len);
	xxgk_report *r = NULL;
	xxgk_error err;
	xxgk_parse_options opts = { .name = rel };
	ck_assert_msg(xxgk_parse_buffer(&r, buf, len, &opts, &err) == XXGK_OK, "%s", err.message);
	free(buf);
	return r;
}

static size_t count_rule(const xxgk_findings *f, const char *rule, const char *where)
{
	size_t n = 0;
	for (size_t i = 0; i < f->count; i++)
		if (strcmp(f->items[i].rule, rule) == 0 && (!where || strcmp(f->items[i].where, where) == 0))
			n++;
	return n;
}

static void check(const xxgk_report *r, xxgk_findings *f)
{
	xxgk_findings_init(f);
	ck_assert_int_eq(xxgk_check_report(f, r), XXGK_OK);
}

/* A clean report to break one cell at a time: seed 002 (大竹县), consistent. */
START_TEST(clean_report_has_no_error)
{
	xxgk_report *r = fixture("seeds/002_6dd58b88eaeffe1b.txt");
	xxgk_findings f;
	check(r, &f);
	ck_assert_uint_eq(xxgk_findings_errors(&f), 0);
	ck_assert_uint_eq(count_rule(&f, "text.table_mismatch", NULL), 0);   /* its prose agrees */
	xxgk_findings_free(&f);
	xxgk_report_free(r);
}
END_TEST

START_TEST(each_rule_fails_when_broken)
{
	xxgk_report *r = fixture("seeds/002_6dd58b88eaeffe1b.txt");
	xxgk_findings f;
	/* t3.row_sum: a column changed, the row total not */
	r->applications[XXGK_T3_GRANTED][XXGK_T3_COMMERCIAL].value = 1;
	check(r, &f);
	ck_assert_uint_eq(count_rule(&f, "t3.row_sum", "applications.granted.total"), 1);
	ck_assert_uint_eq(count_rule(&f, "t3.results_sum", "applications.total_processed.commercial"), 1);
	ck_assert_double_eq(f.items[0].lhs, 24);
	ck_assert_double_eq(f.items[0].rhs, 23);
	ck_assert_ptr_nonnull(strstr(f.items[0].message, "六类申请人之和 24，总计列 23"));
	xxgk_findings_free(&f);
	r->applications[XXGK_T3_GRANTED][XXGK_T3_COMMERCIAL].value = 0;
	/* t3.balance: carried forward off by one */
	r->applications[XXGK_T3_CARRIED_FORWARD][XXGK_T3_NATURAL_PERSON].value = 9;
	r->applications[XXGK_T3_CARRIED_FORWARD][XXGK_T3_TOTAL].value = 9;
	check(r, &f);
	ck_assert_uint_eq(count_rule(&f, "t3.balance", "applications.*.natural_person"), 1);
	/* the total column's balance follows from the others: one error, one finding */
	ck_assert_uint_eq(count_rule(&f, "t3.balance", "applications.*.total"), 0);
	ck_assert_uint_eq(count_rule(&f, "t3.row_sum", NULL), 0);
	xxgk_findings_free(&f);
	r->applications[XXGK_T3_CARRIED_FORWARD][XXGK_T3_NATURAL_PERSON].value = 8;
	r->applications[XXGK_T3_CARRIED_FORWARD][XXGK_T3_TOTAL].value = 8;
	/* t4.sum */
	r->reviews[XXGK_T4_REVIEW][XXGK_T4_TOTAL].value = 5;
	check(r, &f);
	ck_assert_uint_eq(count_rule(&f, "t4.sum", "reviews.review.total"), 1);
	xxgk_findings_free(&f);
	r->reviews[XXGK_T4_REVIEW][XXGK_T4_TOTAL].value = 6;
	/* value.negative, value.non_integer (a count; fees may have fractions) */
	r->active[6].value = -1;    /* licensing.decisions */
	r->active[7].value = 2.5;   /* penalty.decisions */
	r->active[9].value = 1.25;  /* fees.amount */
	check(r, &f);
	ck_assert_uint_eq(count_rule(&f, "value.negative", "active.licensing.decisions"), 1);
	ck_assert_uint_eq(count_rule(&f, "value.non_integer", "active.penalty.decisions"), 1);
	ck_assert_uint_eq(count_rule(&f, "value.non_integer", "active.fees.amount"), 0);
	xxgk_findings_free(&f);
	r->active[6].value = 135588;
	r->active[7].value = 138805;
	/* fees.unexplained: fees charged, part six silent */
	r->fees_explained = 0;
	check(r, &f);
	ck_assert_uint_eq(count_rule(&f, "fees.unexplained", NULL), 1);
	xxgk_findings_free(&f);
	r->fees_explained = 1;
	check(r, &f);
	ck_assert_uint_eq(count_rule(&f, "fees.unexplained", NULL), 0);
	xxgk_findings_free(&f);
	/* cells.blank: a blank is reported and stops the sums that need it */
	xxgk_cell_set(&r->applications[XXGK_T3_GRANTED][XXGK_T3_RESEARCH], XXGK_KIND_BLANK, false, 0, 40, 0, NULL);
	check(r, &f);
	ck_assert_uint_eq(count_rule(&f, "cells.blank", "applications.granted.*"), 1);
	ck_assert_uint_eq(count_rule(&f, "t3.row_sum", "applications.granted.total"), 0);
	xxgk_findings_free(&f);
	/* template.old */
	r->template_kind = XXGK_TEMPLATE_2019;
	check(r, &f);
	ck_assert_uint_eq(count_rule(&f, "template.old", NULL), 1);
	xxgk_findings_free(&f);
	r->template_kind = XXGK_TEMPLATE_2021;
	/* template.part_missing */
	r->part_line[4] = 0;
	check(r, &f);
	ck_assert_uint_eq(count_rule(&f, "template.part_missing", NULL), 1);
	xxgk_findings_free(&f);
	/* text.table_mismatch: the prose says 99 received; make the table say 98 */
	r->applications[XXGK_T3_NEW_RECEIVED][XXGK_T3_TOTAL].value = 98;
	check(r, &f);
	ck_assert_uint_eq(count_rule(&f, "text.table_mismatch", "applications.new_received.total"), 1);
	xxgk_findings_free(&f);
	xxgk_report_free(r);
}
END_TEST

START_TEST(years_carry_and_documents_in_force)
{
	xxgk_report *prev = fixture("seeds/002_6dd58b88eaeffe1b.txt");
	xxgk_report *cur = fixture("seeds/002_6dd58b88eaeffe1b.txt");
	prev->year = 2023;
	/* 2024 carried over 1; make 2023 have carried forward 1: consistent */
	prev->applications[XXGK_T3_CARRIED_FORWARD][XXGK_T3_TOTAL].value = 1;
	/* documents in force: 2023 valid 42 − 2 issued + 13 repealed = 53 → 2024: 53 + 2 − 13 = 42 */
	prev->active[5].value = 53;
	xxgk_findings f;
	xxgk_findings_init(&f);
	ck_assert_int_eq(xxgk_check_years(&f, prev, cur), XXGK_OK);
	ck_assert_uint_eq(count_rule(&f, "t3.carry_continuity", NULL), 0);
	ck_assert_uint_eq(count_rule(&f, "t2.valid_continuity", NULL), 0);
	/* the same document as both years: its tables 3 and 4 and its prose repeat
	 * (table 2 differs: 现行有效 was changed above) */
	ck_assert_uint_eq(count_rule(&f, "year.table_repeated", "applications"), 0);   /* carried_forward changed */
	ck_assert_uint_eq(count_rule(&f, "year.table_repeated", "active"), 0);
	ck_assert_uint_eq(count_rule(&f, "year.narrative_repeated", "narrative"), 1);
	xxgk_findings_free(&f);
	prev->applications[XXGK_T3_CARRIED_FORWARD][XXGK_T3_TOTAL].value = 4;
	prev->active[5].value = 50;
	ck_assert_int_eq(xxgk_check_years(&f, prev, cur), XXGK_OK);
	ck_assert_uint_eq(count_rule(&f, "t3.carry_continuity", NULL), 1);
	ck_assert_uint_eq(count_rule(&f, "t2.valid_continuity", "active.normative_documents.valid"), 1);
	ck_assert_uint_eq(xxgk_findings_errors(&f), 1);   /* the carry is an error, the documents a warning */
	xxgk_findings_free(&f);
	xxgk_report_free(prev);
	xxgk_report_free(cur);
}
END_TEST

START_TEST(copies_found_across_bodies_not_within_one)
{
	xxgk_report *a = fixture("seeds/002_6dd58b88eaeffe1b.txt");
	xxgk_report *b = fixture("seeds/002_6dd58b88eaeffe1b.txt");
	xxgk_report *c = fixture("seeds/001_61f640e52d4e149d.txt");
	snprintf(b->sha256, sizeof b->sha256, "%064d", 7);
	xxgk_copies *cp;
	ck_assert_int_eq(xxgk_copies_new(&cp), XXGK_OK);
	/* the same text filed by two different bodies */
	ck_assert_int_eq(xxgk_copies_add(cp, a, "511724"), XXGK_OK);
	ck_assert_int_eq(xxgk_copies_add(cp, b, "511725"), XXGK_OK);
	ck_assert_int_eq(xxgk_copies_add(cp, c, "430321100"), XXGK_OK);
	xxgk_findings f;
	xxgk_findings_init(&f);
	ck_assert_int_eq(xxgk_copies_find(cp, &f), XXGK_OK);
	ck_assert_uint_eq(count_rule(&f, "copy.narrative", NULL), 1);
	ck_assert_uint_eq(count_rule(&f, "copy.table", NULL), 1);
	xxgk_findings_free(&f);
	xxgk_copies_free(cp);
	/* one body's two files of the same year are a conflict, not a copy */
	ck_assert_int_eq(xxgk_copies_new(&cp), XXGK_OK);
	xxgk_copies_add(cp, a, "511724");
	xxgk_copies_add(cp, b, "511724");
	ck_assert_int_eq(xxgk_copies_find(cp, &f), XXGK_OK);
	ck_assert_uint_eq(f.count, 0);
	xxgk_findings_free(&f);
	xxgk_copies_free(cp);
	xxgk_report_free(a);
	xxgk_report_free(b);
	xxgk_report_free(c);
}
END_TEST

START_TEST(waivers_mark_but_keep)
{
	char path[] = "/tmp/xxgk-waivers-XXXXXX";
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	const char *csv = "body,rule,reason\n分水镇,t3.row_sum,县政务公开办已核实：系排版错误\n";
	ck_assert_int_eq(write(fd, csv, strlen(csv)), (ssize_t)strlen(csv));
	close(fd);
	xxgk_waivers *w;
	xxgk_error err;
	ck_assert_int_eq(xxgk_waivers_load(&w, path, &err), XXGK_OK);
	xxgk_report *r = fixture("seeds/000_2a68a08fb10c7e43.txt");
	xxgk_findings f;
	check(r, &f);
	size_t errors = xxgk_findings_errors(&f);
	xxgk_waivers_apply(w, r, &f, 0);
	ck_assert_uint_eq(xxgk_findings_errors(&f), errors - 1);
	ck_assert_uint_eq(count_rule(&f, "t3.row_sum", NULL), 1);   /* still shown */
	for (size_t i = 0; i < f.count; i++)
		if (strcmp(f.items[i].rule, "t3.row_sum") == 0) {
			ck_assert(f.items[i].waived);
			ck_assert_str_eq(f.items[i].waiver, "县政务公开办已核实：系排版错误");
		}
	xxgk_findings_free(&f);
	xxgk_report_free(r);
	xxgk_waivers_free(w);
	unlink(path);
}
END_TEST

/* The culprit paths of a report's t4.sum finding on the review group, in a string. */
static void review_culprits(const char *assignments, char *out, size_t cap)
{
	const xxgk_rules *rs = NULL;
	ck_assert_int_eq(xxgk_rules_default(&rs), XXGK_OK);
	xxgk_report *r = NULL, *prev = NULL;
	xxgk_error err;
	ck_assert_int_eq(xxgk_rules_example(&r, &prev, rs, assignments, &err), XXGK_OK);
	xxgk_findings f;
	check(r, &f);
	ck_assert_uint_eq(count_rule(&f, "t4.sum", "reviews.review.total"), 1);
	size_t n = 0;
	out[0] = '\0';
	for (size_t i = 0; i < f.count; i++) {
		const xxgk_blame *b = f.items[i].blame;
		if (strcmp(f.items[i].rule, "t4.sum") != 0 || !b)
			continue;
		for (int k = 0; k < b->culprit_count; k++)
			n += (size_t)snprintf(out + n, cap - n, "%s%s=%g", n ? " " : "", b->culprits[k].path,
					      b->culprits[k].suggested);
		if (strstr(b->fix, "正文所称"))
			n += (size_t)snprintf(out + n, cap - n, " | %s", b->fix);
	}
	xxgk_findings_free(&f);
	xxgk_report_free(r);
	xxgk_report_free(prev);
}

/*
 * The narrative as evidence (issue 18): a figure the narrative states as the
 * table prints it is printed twice, and blaming it means blaming both.
 */
START_TEST(localisation_weighs_the_narrative)
{
	char got[1024];
	/* 维持 5 printed for 2: alone, the lighter total is blamed */
	review_culprits("reviews.review=5,1,0,0,3", got, sizeof got);
	ck_assert_str_eq(got, "reviews.review.total=6");
	/* the narrative says 行政复议3件, as the total prints: the result that can be 3 lower is */
	review_culprits("reviews.review=5,1,0,0,3 claim.review=3", got, sizeof got);
	ck_assert_str_eq(got, "reviews.review.upheld=2");
	/* 行政复议和行政诉讼 together confirm it as well */
	review_culprits("reviews.review=5,1,0,0,3 reviews.litigation_direct=1,0,0,0,1 claim.review_litigation=4", got,
			sizeof got);
	ck_assert_str_eq(got, "reviews.review.upheld=2");
	/* a narrative figure that disagrees with the table confirms nothing */
	review_culprits("reviews.review=5,1,0,0,3 claim.review=7", got, sizeof got);
	ck_assert_str_eq(got, "reviews.review.total=6");
	/* 3 too few among the results: any of the four could be it, a tie */
	review_culprits("reviews.review=2,1,0,0,6 claim.review=6", got, sizeof got);
	ck_assert_str_eq(got, "reviews.review.upheld=5 reviews.review.corrected=4 reviews.review.other=3 "
			      "reviews.review.pending=3");
	/* no single result can be 3 lower: the total and the narrative together (1.8) beat two results (2) */
	review_culprits("reviews.review=2,2,2,2,5 claim.review=5", got, sizeof got);
	ck_assert_ptr_nonnull(strstr(got, "reviews.review.total=8 narrative.review=8 | "));
	ck_assert_ptr_nonnull(strstr(got, "正文所称“行政复议”件数写为 5，按其他各项应为 8"));
}
END_TEST

/* ---- the documents (issue 5) ---- */

START_TEST(seed_000_three_breaks)
{
	xxgk_report *r = fixture("seeds/000_2a68a08fb10c7e43.txt");
	xxgk_findings f;
	check(r, &f);
	ck_assert_uint_eq(count_rule(&f, "t3.row_sum", "applications.total_processed.total"), 1);
	ck_assert_uint_eq(count_rule(&f, "t3.results_sum", "applications.total_processed.natural_person"), 1);
	ck_assert_uint_eq(count_rule(&f, "t3.balance", "applications.*.natural_person"), 1);
	ck_assert_uint_eq(xxgk_findings_errors(&f), 3);
	/* issue 18: one culprit explains all three — （七）总计 自然人 printed 0, 2 makes every rule hold */
	for (size_t i = 0; i < f.count; i++) {
		const xxgk_finding *x = &f.items[i];
		if (x->severity != XXGK_SEV_ERROR)
			continue;
		ck_assert_ptr_nonnull(x->blame);
		ck_assert_uint_eq(x->blame->solutions, 1);
		ck_assert_uint_eq(x->blame->culprit_count, 1);
		ck_assert_uint_eq(x->blame->alternative_count, 0);
		ck_assert_str_eq(x->blame->culprits[0].path, "applications.total_processed.natural_person");
		ck_assert(x->blame->culprits[0].settled);
		ck_assert_double_eq(x->blame->culprits[0].printed, 0);
		ck_assert_double_eq(x->blame->culprits[0].suggested, 2);
		ck_assert_str_eq(xxgk_finding_fix(x), "最可能有误：表三“（七）总计”行“自然人”列印为 0，按其他各项应为 2");
	}
	/* and the suggested value does make every rule hold */
	r->applications[XXGK_T3_TOTAL_PROCESSED][XXGK_T3_NATURAL_PERSON].value = 2;
	xxgk_findings_free(&f);
	check(r, &f);
	ck_assert_uint_eq(xxgk_findings_errors(&f), 0);
	xxgk_findings_free(&f);
	xxgk_report_free(r);
}
END_TEST

/*
 * Error localisation on every cell of a consistent report (seed 002): each
 * cell of tables 3 and 4 in turn printed 3 too high. The culprit named is
 * that cell, or a tie containing it, with its true value. Its narrative says
 * "引发行政复议6件,引发行政诉讼1件", as table 4's totals print: a second printing
 * that confirms them, so a table-4 result printed wrong is named too. Without
 * the narrative (pass 1) the group's printed total is lighter (totals are more
 * often wrong) and is named instead, with the value that makes the group add
 * up, and the planted cell is offered as the alternative.
 */
START_TEST(localisation_names_each_planted_cell)
{
	xxgk_report *r = fixture("seeds/002_6dd58b88eaeffe1b.txt");
	ck_assert_uint_eq(r->claim_count > 0, 1);
	size_t claims = r->claim_count;
	for (int pass = 0; pass < 2; pass++) {
		r->claim_count = pass == 0 ? claims : 0;
		int named = 0, total_instead = 0, planted = 0;
		char path[96];
		for (int row = 0; row < XXGK_T3_ROWS + XXGK_T4_GROUPS; row++) {
			int width = row < XXGK_T3_ROWS ? XXGK_T3_COLS : XXGK_T4_COLS;
			for (int col = 0; col < width; col++) {
				bool t3 = row < XXGK_T3_ROWS;
				int g = row - XXGK_T3_ROWS;
				xxgk_cell *c = t3 ? &r->applications[row][col] : &r->reviews[g][col];
				if (t3)
					snprintf(path, sizeof path, "applications.%s.%s", xxgk_t3_row_key(row), xxgk_t3_col_key(col));
				else
					snprintf(path, sizeof path, "reviews.%s.%s", xxgk_t4_group_key(g), xxgk_t4_col_key(col));
				double truth = c->value;
				c->value = truth + 3;
				planted++;
				xxgk_findings f;
				check(r, &f);
				bool hit = false, total = false, alternative = false;
				for (size_t i = 0; i < f.count; i++) {
					const xxgk_blame *b = f.items[i].blame;
					for (int k = 0; b && k < b->alternative_count; k++) {
						const xxgk_culprit *cu = &b->alternatives[k];
						if (strcmp(cu->path, path) == 0 && cu->settled && cu->suggested == truth)
							alternative = true;
					}
					for (int k = 0; b && k < b->culprit_count; k++) {
						const xxgk_culprit *cu = &b->culprits[k];
						if (strcmp(cu->path, path) == 0) {
							hit = true;
							ck_assert_msg(cu->settled && cu->suggested == truth, "%s: suggested %g, truth %g", path,
								      cu->suggested, truth);
						}
						if (!t3 && col != XXGK_T4_TOTAL && strstr(cu->path, ".total") &&
						    strncmp(cu->path + 8, xxgk_t4_group_key(g), strlen(xxgk_t4_group_key(g))) == 0)
							total = cu->settled && cu->suggested == r->reviews[g][XXGK_T4_TOTAL].value + 3;
					}
				}
				ck_assert_msg(xxgk_findings_errors(&f) > 0, "%s: no error", path);
				if (pass == 1 && !t3 && col != XXGK_T4_TOTAL) {
					ck_assert_msg(total && !hit, "%s: the group's total should be named", path);
					/* and the planted cell offered as the alternative, with its true value */
					ck_assert_msg(alternative, "%s: not among the alternatives (%s)", path, xxgk_finding_fix(&f.items[0]));
					total_instead++;
				} else {
					ck_assert_msg(hit, "%s: not named (%s)", path, f.count ? xxgk_finding_fix(&f.items[0]) : "");
					named++;
				}
				xxgk_findings_free(&f);
				c->value = truth;
			}
		}
		ck_assert_int_eq(planted, 190);
		ck_assert_int_eq(named, pass == 0 ? 190 : 178);
		ck_assert_int_eq(total_instead, pass == 0 ? 0 : 12);
	}
	r->claim_count = claims;
	xxgk_report_free(r);
}
END_TEST

static const char *const clean_seeds[] = {
	"seeds/001_61f640e52d4e149d.txt", "seeds/002_6dd58b88eaeffe1b.txt", "seeds/003_0b1325ff460d94b6.txt",
};

START_TEST(seeds_001_to_003_no_error)
{
	xxgk_report *r = fixture(clean_seeds[_i]);
	xxgk_findings f;
	check(r, &f);
	ck_assert_msg(xxgk_findings_errors(&f) == 0, "%s: %s", clean_seeds[_i], f.count ? f.items[0].message : "");
	xxgk_findings_free(&f);
	xxgk_report_free(r);
}
END_TEST

START_TEST(seed_004_lost_cells)
{
	xxgk_report *r = fixture("seeds/004_f017ccef7dbb6993.txt");
	xxgk_findings f;
	check(r, &f);
	ck_assert_uint_eq(count_rule(&f, "cells.missing", NULL), 21);
	ck_assert_uint_eq(count_rule(&f, "cells.extra", NULL), 1);
	ck_assert_uint_eq(xxgk_findings_errors(&f), 0);
	xxgk_findings_free(&f);
	xxgk_report_free(r);
}
END_TEST

START_TEST(hongze_table4_totals)
{
	xxgk_report *r = fixture("corpus/hongze_2023.layout.txt");
	xxgk_findings f;
	check(r, &f);
	ck_assert_uint_eq(count_rule(&f, "t4.sum", "reviews.review.total"), 1);
	ck_assert_uint_eq(count_rule(&f, "t4.sum", "reviews.litigation_after_review.total"), 1);
	ck_assert_uint_eq(count_rule(&f, "t4.sum", NULL), 2);
	xxgk_findings_free(&f);
	xxgk_report_free(r);
}
END_TEST

START_TEST(shanghai_blank_totals_and_narrative)
{
	xxgk_report *r = fixture("corpus/shanghai_office_2019.html");
	xxgk_findings f;
	check(r, &f);
	ck_assert_uint_ge(count_rule(&f, "cells.blank", NULL), 20);
	bool saw258 = false, saw265 = false;
	for (size_t i = 0; i < f.count; i++) {
		const xxgk_finding *x = &f.items[i];
		if (strcmp(x->rule, "text.table_mismatch") != 0)
			continue;
		if (x->lhs == 258 && x->rhs == 275)
			saw258 = true;
		if (x->lhs == 265 && x->rhs == 337)
			saw265 = true;
	}
	ck_assert(saw258);
	ck_assert(saw265);
	ck_assert_uint_eq(count_rule(&f, "text.table_mismatch", NULL), 2);
	xxgk_findings_free(&f);
	xxgk_report_free(r);
}
END_TEST

START_TEST(pingtan_2023_393_in_force)
{
	xxgk_report *r = fixture("corpus/pingtan_2023.txt");
	xxgk_findings f;
	check(r, &f);
	ck_assert_uint_eq(count_rule(&f, "text.table_mismatch", "active.normative_documents.valid"), 1);
	for (size_t i = 0; i < f.count; i++)
		if (strcmp(f.items[i].rule, "text.table_mismatch") == 0) {
			ck_assert_double_eq(f.items[i].lhs, 393);
			ck_assert_ptr_nonnull(strstr(f.items[i].message, "77132470"));
		}
	ck_assert_uint_eq(count_rule(&f, "template.part_missing", NULL), 0);
	xxgk_findings_free(&f);
	xxgk_report_free(r);
}
END_TEST

/* The text.table_mismatch findings of an example, their table figures in got. */
static size_t blank_total_mismatch(const char *assignments, char *got, size_t cap)
{
	const xxgk_rules *rs;
	ck_assert_int_eq(xxgk_rules_default(&rs), XXGK_OK);
	xxgk_findings f;
	xxgk_findings_init(&f);
	xxgk_error err;
	ck_assert_msg(xxgk_rules_run_example(&f, rs, assignments, &err) == XXGK_OK, "%s", err.message);
	size_t n = 0;
	got[0] = '\0';
	for (size_t i = 0; i < f.count; i++)
		if (strcmp(f.items[i].rule, "text.table_mismatch") == 0) {
			n++;
			snprintf(got, cap, "%s", f.items[i].message);
		}
	xxgk_findings_free(&f);
	return n;
}

START_TEST(a_blank_total_is_what_the_rules_add_up)
{
	/* a blank 总计: the printed numbers the data file's rules add up to it
	 * (t3.row_sum's applicant columns, t4.sum's results), said in the message */
	char got[512];
	ck_assert_uint_eq(blank_total_mismatch("applications.new_received=2,1,0,0,0,0,blank claim.new_received=3", got,
					       sizeof got), 0);
	ck_assert_uint_eq(blank_total_mismatch("applications.new_received=2,1,0,0,0,0,blank claim.new_received=5", got,
					       sizeof got), 1);
	ck_assert_msg(strstr(got, "为 3（表中空栏不计），相差 2"), "%s", got);
	ck_assert_uint_eq(blank_total_mismatch("reviews.review=1,1,0,blank,blank claim.review=2", got, sizeof got), 0);
	ck_assert_uint_eq(blank_total_mismatch("reviews.review=1,1,0,blank,blank claim.review=4", got, sizeof got), 1);
	ck_assert_msg(strstr(got, "为 2（表中空栏不计），相差 2"), "%s", got);
	/* a total printed is the total, whatever its parts say */
	ck_assert_uint_eq(blank_total_mismatch("reviews.review=1,1,0,0,5 claim.review=5", got, sizeof got), 0);
}
END_TEST

/* Seed 002 as another file: `extra` put in before the heading `before` (NULL: at the end). */
static xxgk_report *seed2_with(const char *extra, const char *before, const char *name)
{
	char path[512];
	snprintf(path, sizeof path, "%s/seeds/002_6dd58b88eaeffe1b.txt", XXGK_FIXTURES_DIR);
	size_t len, n = strlen(extra);
	char *buf = test_slurp(path, &len);
	const char *at = before ? strstr(buf, before) : NULL;
	size_t cut = at ? (size_t)(at - buf) : len;
	char *all = malloc(len + n);
	ck_assert_ptr_nonnull(all);
	memcpy(all, buf, cut);
	memcpy(all + cut, extra, n);
	memcpy(all + cut + n, buf + cut, len - cut);
	xxgk_report *r = NULL;
	xxgk_error err;
	xxgk_parse_options opts = { .name = name };
	ck_assert_msg(xxgk_parse_buffer(&r, all, len + n, &opts, &err) == XXGK_OK, "%s", err.message);
	free(all);
	free(buf);
	return r;
}

/* version.edited is about a report changed after publication: two files with the same figures and
   the same prose (a re-save, another format) are one report, no finding; changed prose is an edit.
   (The prose compared is part one's, the signature a report carries: reports.minhash.) */
START_TEST(versions_identical_in_content_are_not_edited)
{
	xxgk_report *a = fixture("seeds/002_6dd58b88eaeffe1b.txt");
	xxgk_report *same = seed2_with("\n\n", NULL, "002（网页版）.txt");
	xxgk_report *edited = seed2_with("本机关在年内修订了依申请公开工作规程，明确了受理、登记、审核、答复、送达和归档各环节的办理时限与"
					 "责任人员，并对网上申请平台进行了升级改造，新增了申请进度查询、补正告知在线推送和答复文书电子送达功能，"
					 "方便申请人及时了解办理情况。\n", "二、主动公开政府信息情况", "002（更正）.txt");
	ck_assert_str_ne(a->sha256, same->sha256);   /* two files, two identities */
	xxgk_findings f;
	const xxgk_report *v[2] = { a, same };
	xxgk_findings_init(&f);
	ck_assert_int_eq(xxgk_check_versions(&f, v, 2, 1, NULL), XXGK_OK);
	ck_assert_uint_eq(count_rule(&f, "version.edited", NULL), 0);
	xxgk_findings_free(&f);
	/* the same figures, prose added: edited, and the finding says so */
	const xxgk_report *w[3] = { a, same, edited };
	xxgk_findings_init(&f);
	ck_assert_int_eq(xxgk_check_versions(&f, w, 3, 2, NULL), XXGK_OK);
	ck_assert_uint_eq(count_rule(&f, "version.edited", NULL), 2);
	ck_assert_msg(strstr(f.items[0].message, "两版表格数字相同，正文有改动"), "%s", f.items[0].message);
	xxgk_findings_free(&f);
	xxgk_report_free(a);
	xxgk_report_free(same);
	xxgk_report_free(edited);
}
END_TEST

/* A scanned figure no rule confirmed, and one that could not be read (the parser's ocr.* warnings,
 * docs/ocr.md): a scan.unconfirmed warning finding on each cell, in its table's words, with the page
 * of the scan the warning names; the other OCR warnings (a figure corrected by the rules, the count read) make none. */
START_TEST(scan_doubts_are_findings_on_their_cells)
{
	xxgk_report *r = fixture("seeds/002_6dd58b88eaeffe1b.txt");
	xxgk_cell *c = xxgk_report_cell(r, "applications.granted.natural_person");
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(xxgk_report_warn(r, "ocr.unconfirmed", c->line,
					  "applications.granted.natural_person：扫描件识读为 14（置信度 85），"
					  "无勾稽关系可以核对，请核对原件第 3 页"), XXGK_OK);
	ck_assert_int_eq(xxgk_report_warn(r, "ocr.unreadable", 0,
					  "reviews.review.total：扫描件识读为 9（置信度 60），本表勾稽关系不成立，"
					  "改读一两个数字也无法使之成立，请核对原件第 5 页"), XXGK_OK);
	ck_assert_int_eq(xxgk_report_warn(r, "ocr.corrected", 0, "reviews.review.upheld：扫描件识读为 3…"), XXGK_OK);
	ck_assert_int_eq(xxgk_report_warn(r, "ocr.read", 0, "扫描件：200 个数字经 OCR 识读"), XXGK_OK);
	xxgk_findings f;
	check(r, &f);
	ck_assert_uint_eq(count_rule(&f, "scan.unconfirmed", NULL), 2);
	ck_assert_uint_eq(count_rule(&f, "scan.unconfirmed", "applications.granted.natural_person"), 1);
	ck_assert_uint_eq(count_rule(&f, "scan.unconfirmed", "reviews.review.total"), 1);
	for (size_t i = 0; i < f.count; i++) {
		const xxgk_finding *it = &f.items[i];
		if (strcmp(it->rule, "scan.unconfirmed") != 0)
			continue;
		ck_assert_int_eq(it->severity, XXGK_SEV_WARNING);   /* OCR's doubt, not the body's error */
		if (strcmp(it->where, "applications.granted.natural_person") == 0) {
			ck_assert_str_eq(it->message, "扫描件表三“（一）予以公开”行“自然人”列：扫描件识读为 14（置信度 85），"
						      "无勾稽关系可以核对，请核对原件第 3 页");
			ck_assert_uint_eq(it->line, c->line);
		} else {
			ck_assert_str_eq(it->message, "扫描件表四“行政复议”行“总计”列：扫描件识读为 9（置信度 60），本表勾稽关系"
						      "不成立，改读一两个数字也无法使之成立，请核对原件第 5 页");
		}
	}
	ck_assert_uint_eq(xxgk_findings_errors(&f), 0);
	xxgk_findings_free(&f);
	xxgk_report_free(r);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("check");
	TCase *tc = tcase_create("rules");
	tcase_add_test(tc, clean_report_has_no_error);
	tcase_add_test(tc, each_rule_fails_when_broken);
	tcase_add_test(tc, years_carry_and_documents_in_force);
	tcase_add_test(tc, copies_found_across_bodies_not_within_one);
	tcase_add_test(tc, versions_identical_in_content_are_not_edited);
	tcase_add_test(tc, waivers_mark_but_keep);
	suite_add_tcase(s, tc);
	tc = tcase_create("documents");
	tcase_add_test(tc, seed_000_three_breaks);
	tcase_add_test(tc, localisation_names_each_planted_cell);
	tcase_add_loop_test(tc, seeds_001_to_003_no_error, 0, 3);
	tcase_add_test(tc, seed_004_lost_cells);
	tcase_add_test(tc, hongze_table4_totals);
	tcase_add_test(tc, shanghai_blank_totals_and_narrative);
	tcase_add_test(tc, pingtan_2023_393_in_force);
	tcase_add_test(tc, localisation_weighs_the_narrative);
	tcase_add_test(tc, a_blank_total_is_what_the_rules_add_up);
	tcase_add_test(tc, scan_doubts_are_findings_on_their_cells);
	suite_add_tcase(s, tc);
	return test_run(s);
}
