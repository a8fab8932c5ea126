/*
 * test_rules.c — the rule set of data/rules.conf: it loads, it is consistent
 * (no undeclared redundancy, no cell forced by the rules, not infeasible),
 * every example behaves as documented, configurations change severities,
 * broken rule files are refused with their line; and the deductive engine,
 * one test per tier.
 */
#include <math.h>
#include <string.h>

#include "testutil.h"
#include "xxgk/rules.h"
#include "rules/rules_int.h"

#ifndef XXGK_DATA_DIR_TEST
#define XXGK_DATA_DIR_TEST "data"
#endif

static const xxgk_rules *builtin(void)
{
	const xxgk_rules *rs = NULL;
	ck_assert_int_eq(xxgk_rules_default(&rs), XXGK_OK);
	ck_assert_ptr_nonnull(rs);
	return rs;
}

START_TEST(builtin_loads_with_every_field)
{
	const xxgk_rules *rs = builtin();
	ck_assert_int_eq(xxgk_rules_version(rs), 1);
	ck_assert_uint_ge(xxgk_rules_count(rs), 24);
	for (size_t i = 0; i < xxgk_rules_count(rs); i++) {
		const xxgk_rule *r = xxgk_rules_at(rs, i);
		ck_assert_msg(*r->what && *r->why && *r->source, "%s lacks documentation", r->id);
		ck_assert_int_eq(r->severity, r->default_severity);
		if (r->kind == XXGK_RULE_RELATION)
			ck_assert_msg(*r->relation && *r->message && *r->where, "%s", r->id);
	}
	ck_assert_int_eq(xxgk_rules_find(rs, "t3.balance")->severity, XXGK_RULE_ERROR);
	ck_assert_int_eq(xxgk_rules_find(rs, "t2.valid_continuity")->severity, XXGK_RULE_WARNING);
	ck_assert_ptr_null(xxgk_rules_find(rs, "no.such"));
}
END_TEST

/* 25 row sums, 7 results sums, 7 balances, 3 table-4 sums; the total column's two are implied. */
START_TEST(instances_and_implied)
{
	const xxgk_rules *rs = builtin();
	static const struct { int tk; size_t count; } want[] = {
		{ XXGK_TEMPLATE_2021, 42 }, { XXGK_TEMPLATE_2019, 40 },
	};
	for (size_t w = 0; w < 2; w++) {
		const rules_table *t = xxgk__rules_table(rs, want[w].tk, XXGK_SCOPE_REPORT);
		ck_assert_uint_eq(t->count, want[w].count);
		int implied = 0;
		for (size_t i = 0; i < t->count; i++) {
			const rules_inst *in = &t->inst[i];
			if (!in->implied)
				continue;
			implied++;
			ck_assert_str_eq(in->var_key[0], "total");
			const char *id = xxgk_rules_at(rs, in->rule)->id;
			ck_assert(strcmp(id, "t3.results_sum") == 0 || strcmp(id, "t3.balance") == 0);
			/* the six applicant columns' instances and row sums make it up */
			ck_assert_uint_ge(in->support_count, 7);
		}
		ck_assert_int_eq(implied, 2);
	}
	xxgk_lin lins[64];
	ck_assert_int_eq(xxgk_rules_table_lins(rs, XXGK_TEMPLATE_2021, XXGK_TABLE_3, lins, 64), 39);
	ck_assert_int_eq(xxgk_rules_table_lins(rs, XXGK_TEMPLATE_2019, XXGK_TABLE_3, lins, 64), 37);
	ck_assert_int_eq(xxgk_rules_table_lins(rs, XXGK_TEMPLATE_2021, XXGK_TABLE_4, lins, 64), 3);
	/* table 4's first equation: upheld + corrected + other + pending − total */
	ck_assert_str_eq(lins[0].rule, "t4.sum");
	ck_assert_int_eq(lins[0].term_count, 5);
	ck_assert_int_eq(lins[0].cell[4], XXGK_T4_TOTAL);
	ck_assert_int_eq(lins[0].coef[4], -1);
}
END_TEST

/*
 * validatetools' is_infeasible and detect_fixed_variable: with every cell
 * unknown, each cell of tables 3 and 4 can be 1 while all rules hold; so no
 * rule forces a cell to a value and the set admits non-trivial reports.
 */
START_TEST(no_cell_is_forced)
{
	const xxgk_rules *rs = builtin();
	for (int tk = XXGK_TEMPLATE_2021; tk <= XXGK_TEMPLATE_2019; tk++) {
		const rules_table *t = xxgk__rules_table(rs, tk, XXGK_SCOPE_REPORT);
		xxgk_lin eqs[64];
		int n = 0;
		bool used[RULES_CELLS] = { false };
		for (size_t i = 0; i < t->count; i++, n++) {
			eqs[n].rule = "";
			eqs[n].term_count = t->inst[i].term_count;
			for (int k = 0; k < t->inst[i].term_count; k++) {
				eqs[n].cell[k] = t->terms[t->inst[i].term_off + (size_t)k].cell;
				eqs[n].coef[k] = t->terms[t->inst[i].term_off + (size_t)k].coef;
				used[eqs[n].cell[k]] = true;
			}
		}
		int checked = 0;
		for (int c = 0; c < RULES_CELLS; c++) {
			if (!used[c])
				continue;
			double val[RULES_CELLS] = { 0 };
			uint8_t state[RULES_CELLS];
			memset(state, XXGK_CELL_OPEN, sizeof state);
			state[c] = XXGK_CELL_KNOWN;
			val[c] = 1;
			xxgk_deduce_cells d = { RULES_CELLS, val, state, NULL, NULL };
			ck_assert_msg(xxgk__deduce_feasible(&d, eqs, n, 100000) == 1, "template %d: %s is forced", tk,
				      xxgk__rules_cell_path(rs, tk, c));
			checked++;
		}
		ck_assert_int_eq(checked, tk == XXGK_TEMPLATE_2021 ? 190 : 176);
	}
}
END_TEST

/* Every example of the data file: `fail` gives a finding of its rule, `pass` none. */
START_TEST(examples_behave)
{
	const xxgk_rules *rs = builtin();
	int ran = 0;
	for (size_t i = 0; i < xxgk_rules_count(rs); i++) {
		const xxgk_rule *r = xxgk_rules_at(rs, i);
		const char *ex[2] = { r->pass, r->fail };
		for (int k = 0; k < 2; k++) {
			if (!*ex[k])
				continue;
			xxgk_findings f;
			xxgk_findings_init(&f);
			xxgk_error err;
			ck_assert_msg(xxgk_rules_run_example(&f, rs, ex[k], &err) == XXGK_OK, "%s: %s", r->id, err.message);
			size_t n = 0;
			for (size_t j = 0; j < f.count; j++)
				n += strcmp(f.items[j].rule, r->id) == 0;
			ck_assert_msg(k ? n > 0 : n == 0, "%s: the %s example gives %zu findings", r->id, k ? "fail" : "pass", n);
			/* a passing example is a consistent report: no error of any rule */
			if (!k)
				ck_assert_msg(xxgk_findings_errors(&f) == 0, "%s: the pass example has errors", r->id);
			xxgk_findings_free(&f);
			ran++;
		}
		/* every rule has both examples (those across reports with another document) */
		ck_assert_msg(*r->pass && *r->fail, "%s has no examples", r->id);
	}
	ck_assert_int_eq(ran, 2 * (int)xxgk_rules_count(rs));   /* every rule: both examples ran */
}
END_TEST

START_TEST(configuration_changes_severities)
{
	xxgk_rules *rs;
	xxgk_error err;
	ck_assert_int_eq(xxgk_rules_load_default(&rs, &err), XXGK_OK);
	const char *conf = "# county office\n[severity]\nt2.valid_continuity = error  # must fix\n"
			   "t3.carry_continuity = off\n";
	ck_assert_int_eq(xxgk_rules_configure(rs, conf, strlen(conf), "check.conf", &err), XXGK_OK);
	ck_assert_int_eq(xxgk_rules_find(rs, "t2.valid_continuity")->severity, XXGK_RULE_ERROR);
	ck_assert_int_eq(xxgk_rules_find(rs, "t2.valid_continuity")->default_severity, XXGK_RULE_WARNING);
	xxgk_findings f;
	xxgk_findings_init(&f);
	ck_assert_int_eq(xxgk_rules_run_example(&f, rs, xxgk_rules_find(rs, "t2.valid_continuity")->fail, &err), XXGK_OK);
	ck_assert_uint_eq(f.count, 1);
	ck_assert_int_eq(f.items[0].severity, XXGK_SEV_ERROR);
	xxgk_findings_free(&f);
	ck_assert_int_eq(xxgk_rules_run_example(&f, rs, xxgk_rules_find(rs, "t3.carry_continuity")->fail, &err), XXGK_OK);
	ck_assert_uint_eq(f.count, 0);   /* off: not reported */
	xxgk_findings_free(&f);
	/* bad lines are refused with their line, and nothing changes */
	static const struct { const char *text, *says; } bad[] = {
		{ "[severity]\nno.such = error\n", "check.conf:2: no rule no.such" },
		{ "[severity]\nt4.sum = fatal\n", "check.conf:2: severity \"fatal\"" },
		{ "[limits]\n", "check.conf:1: unknown section" },
		{ "t4.sum = info\n", "check.conf:1: expected" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char text[128];
		snprintf(text, sizeof text, "[severity]\nt4.sum = info\n%s", "");
		ck_assert_int_eq(xxgk_rules_configure(rs, bad[i].text, strlen(bad[i].text), "check.conf", &err), XXGK_EPARSE);
		ck_assert_msg(strstr(err.message, bad[i].says), "%s", err.message);
		ck_assert_int_eq(xxgk_rules_find(rs, "t4.sum")->severity, XXGK_RULE_ERROR);
	}
	xxgk_rules_free(rs);
}
END_TEST

/* The data file with one change; the parse error must contain `says`. */
static void refused(const char *from, const char *to, const char *says)
{
	size_t len;
	char *text = test_slurp(XXGK_DATA_DIR_TEST "/rules.conf", &len);
	char *at = strstr(text, from);
	ck_assert_msg(at != NULL, "%s not in the data file", from);
	size_t fl = strlen(from), tl = strlen(to);
	char *changed = malloc(len - fl + tl + 1);
	memcpy(changed, text, (size_t)(at - text));
	memcpy(changed + (at - text), to, tl);
	strcpy(changed + (at - text) + tl, at + fl);
	xxgk_rules *rs = NULL;
	xxgk_error err;
	ck_assert_int_eq(xxgk_rules_parse(&rs, changed, strlen(changed), "rules.conf", &err), XXGK_EPARSE);
	ck_assert_ptr_null(rs);
	ck_assert_msg(strstr(err.message, says), "%s", err.message);
	ck_assert_msg(strncmp(err.message, "rules.conf:", 11) == 0, "%s", err.message);
	free(changed);
	free(text);
}

START_TEST(broken_rule_files_are_refused)
{
	/* the file as shipped loads */
	size_t len;
	char *text = test_slurp(XXGK_DATA_DIR_TEST "/rules.conf", &len);
	xxgk_rules *rs = NULL;
	xxgk_error err;
	ck_assert_int_eq(xxgk_rules_parse(&rs, text, len, "rules.conf", &err), XXGK_OK);
	xxgk_rules_free(rs);
	free(text);
	/* a rule stated twice under another id is redundancy: refused */
	refused("rule t4.sum\n", "rule t4.copy\n  severity error\n  templates 2021\n  scope report\n  kind relation\n"
		"  for group t4.groups\n  relation sum(reviews.$group.{t4.results}) = reviews.$group.total\n"
		"  where reviews.$group.total\n  message x\n  what x\n  why x\n  source x\nend\n\nrule t4.sum\n",
		"is implied by the rules before it");
	/* an implied instance not declared, and a declared one that is not */
	refused("  implied col=total\n  what per column: （七）", "  what per column: （七）", "is implied");
	refused("  implied col=total\n  what per column: 一", "  implied col=commercial\n  what per column: 一",
		"declared implied but no rule before it implies it");
	refused("sum(reviews.$group.{t4.results}) = reviews.$group.total",
		"sum(reviews.$group.{t4.results}) = reviews.$group.totl", "no cell reviews.review.totl");
	refused("  severity warning\n  templates 2021\n  scope years", "  severity fatal\n  templates 2021\n  scope years",
		"severity \"fatal\"");
	refused("xxgk-rules 1", "xxgk-rules 2", "format 2");
	refused("  what per group", "  colour red\n  what per group", "unknown field \"colour\"");
	refused("{t4.results}) = reviews", "{t4.outcomes}) = reviews", "no set t4.outcomes");
	/* the narrative's claims: cells that exist, joined by +, and every field */
	refused("  counts reviews.review.total\n", "  counts reviews.review.totl\n", "claim review: no cell reviews.review.totl");
	refused("  counts reviews.review.total\n", "  counts reviews.review.total reviews.review.other\n",
		"claim review: terms are joined by +");
	refused("  label 行政复议\n", "", "claim review: label, table and counts are needed");
	refused("claim review\n", "claim review\n  colour red\n", "claim review: unknown field \"colour\"");
	refused("claim litigation\n", "claim review\n", "claim review stated twice");
}
END_TEST

/* What each narrative figure counts comes from the data file, per template. */
START_TEST(claims_from_the_data_file)
{
	const xxgk_rules *rs = builtin();
	const rules_claim *c = xxgk__rules_claim(rs, XXGK_TEMPLATE_2021, "litigation");
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(c->reading_count, 1);
	ck_assert_int_eq(c->term_count[0], 2);
	ck_assert_str_eq(xxgk__rules_cell_path(rs, XXGK_TEMPLATE_2021, c->cell[0][1]),
			 "reviews.litigation_after_review.total");
	c = xxgk__rules_claim(rs, XXGK_TEMPLATE_2019, "denied");
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(c->term_count[0], 8);
	c = xxgk__rules_claim(rs, XXGK_TEMPLATE_2021, "received");
	ck_assert_int_eq(c->reading_count, 2);
	ck_assert_int_eq(c->term_count[1], 2);
	/* table 2 of the 2019 template has no 处理决定数量 of its own */
	ck_assert_ptr_null(xxgk__rules_claim(rs, XXGK_TEMPLATE_2019, "penalty"));
	ck_assert_ptr_nonnull(xxgk__rules_claim(rs, XXGK_TEMPLATE_2021, "penalty"));
	ck_assert_ptr_null(xxgk__rules_claim(rs, XXGK_TEMPLATE_2021, "no_such_claim"));
}
END_TEST

/* ------------------------------------------------------------ deduction */

/* cells 0..3 = a, b, c, t with a + b + c = t */
static const xxgk_lin sum3 = { "sum3", 4, { 0, 1, 2, 3 }, { 1, 1, 1, -1 } };

START_TEST(tier_zeros)
{
	double val[4] = { 0, 0, 0, 0 };
	uint8_t state[4] = { XXGK_CELL_VAR, XXGK_CELL_VAR, XXGK_CELL_VAR, XXGK_CELL_KNOWN };
	uint8_t tier[4] = { 0 };
	const char *rule[4] = { NULL };
	xxgk_deduce_cells c = { 4, val, state, tier, rule };
	/* pivoting alone cannot settle three unknowns in one equation */
	ck_assert_int_eq(xxgk_deduce(&c, &sum3, 1, XXGK_DEDUCE_PIVOT), XXGK_DEDUCE_CONSISTENT);
	ck_assert_int_eq(state[0], XXGK_CELL_VAR);
	ck_assert_int_eq(xxgk_deduce(&c, &sum3, 1, XXGK_DEDUCE_ZEROS), XXGK_DEDUCE_CONSISTENT);
	for (int i = 0; i < 3; i++) {
		ck_assert_int_eq(state[i], XXGK_CELL_KNOWN);
		ck_assert_double_eq(val[i], 0);
		ck_assert_int_eq(tier[i], XXGK_DEDUCE_ZEROS);
		ck_assert_str_eq(rule[i], "sum3");
	}
	/* a total below what is known: no non-negative value fits */
	double v2[4] = { 5, 0, 0, 3 };
	uint8_t s2[4] = { XXGK_CELL_KNOWN, XXGK_CELL_VAR, XXGK_CELL_VAR, XXGK_CELL_KNOWN };
	xxgk_deduce_cells c2 = { 4, v2, s2, NULL, NULL };
	ck_assert_int_eq(xxgk_deduce(&c2, &sum3, 1, XXGK_DEDUCE_ZEROS), XXGK_DEDUCE_CONTRADICTION);
}
END_TEST

START_TEST(tier_pivot)
{
	/* x + y = s (s = 5), x = y + d (d = 1): x = 3, y = 2 — two equations together */
	static const xxgk_lin eqs[2] = {
		{ "sum", 3, { 0, 1, 2 }, { 1, 1, -1 } },
		{ "diff", 3, { 0, 1, 3 }, { 1, -1, -1 } },
	};
	double val[4] = { 0, 0, 5, 1 };
	uint8_t state[4] = { XXGK_CELL_VAR, XXGK_CELL_VAR, XXGK_CELL_KNOWN, XXGK_CELL_KNOWN };
	uint8_t tier[4] = { 0 };
	xxgk_deduce_cells c = { 4, val, state, tier, NULL };
	ck_assert_int_eq(xxgk_deduce(&c, eqs, 2, XXGK_DEDUCE_ZEROS | XXGK_DEDUCE_BOUNDS), XXGK_DEDUCE_CONSISTENT);
	ck_assert_int_eq(state[0], XXGK_CELL_VAR);
	ck_assert_int_eq(state[1], XXGK_CELL_VAR);
	ck_assert_int_eq(xxgk_deduce(&c, eqs, 2, XXGK_DEDUCE_PIVOT), XXGK_DEDUCE_CONSISTENT);
	ck_assert_double_eq(val[0], 3);
	ck_assert_double_eq(val[1], 2);
	ck_assert_int_eq(tier[0], XXGK_DEDUCE_PIVOT);
	/* an odd sum with an even difference has no integer answer */
	double v2[4] = { 0, 0, 5, 2 };
	uint8_t s2[4] = { XXGK_CELL_VAR, XXGK_CELL_VAR, XXGK_CELL_KNOWN, XXGK_CELL_KNOWN };
	xxgk_deduce_cells c2 = { 4, v2, s2, NULL, NULL };
	ck_assert_int_eq(xxgk_deduce(&c2, eqs, 2, XXGK_DEDUCE_PIVOT), XXGK_DEDUCE_CONTRADICTION);
}
END_TEST

START_TEST(tier_bounds)
{
	/* x + y = 1 and x = 1 + z: z ≥ 0 makes x ≥ 1, so x = 1, y = 0, z = 0 —
	 * no equation alone has a single unknown or nothing left */
	static const xxgk_lin eqs[2] = {
		{ "a", 3, { 0, 1, 3 }, { 1, 1, -1 } },
		{ "b", 3, { 0, 2, 4 }, { 1, -1, -1 } },
	};
	double val[5] = { 0, 0, 0, 1, 1 };
	uint8_t state[5] = { XXGK_CELL_VAR, XXGK_CELL_VAR, XXGK_CELL_VAR, XXGK_CELL_KNOWN, XXGK_CELL_KNOWN };
	uint8_t tier[5] = { 0 };
	xxgk_deduce_cells c = { 5, val, state, tier, NULL };
	ck_assert_int_eq(xxgk_deduce(&c, eqs, 2, XXGK_DEDUCE_ZEROS | XXGK_DEDUCE_PIVOT), XXGK_DEDUCE_CONSISTENT);
	ck_assert_int_eq(state[0], XXGK_CELL_VAR);
	ck_assert_int_eq(xxgk_deduce(&c, eqs, 2, XXGK_DEDUCE_BOUNDS), XXGK_DEDUCE_CONSISTENT);
	ck_assert_int_eq(state[0], XXGK_CELL_KNOWN);
	ck_assert_double_eq(val[0], 1);
	ck_assert_int_eq(tier[0], XXGK_DEDUCE_BOUNDS);
	ck_assert_double_eq(val[1], 0);
	ck_assert_double_eq(val[2], 0);
	/* an OPEN cell takes part but is never filled */
	double v2[5] = { 0, 0, 0, 1, 1 };
	uint8_t s2[5] = { XXGK_CELL_OPEN, XXGK_CELL_VAR, XXGK_CELL_VAR, XXGK_CELL_KNOWN, XXGK_CELL_KNOWN };
	xxgk_deduce_cells c2 = { 5, v2, s2, NULL, NULL };
	ck_assert_int_eq(xxgk_deduce(&c2, eqs, 2, XXGK_DEDUCE_ALL), XXGK_DEDUCE_CONSISTENT);
	ck_assert_int_eq(s2[0], XXGK_CELL_OPEN);
	ck_assert_int_eq(s2[1], XXGK_CELL_KNOWN);
	ck_assert_double_eq(v2[1], 0);
}
END_TEST

/* The tiers on the real table: seed-000-like table 3 with one row lost. */
START_TEST(tiers_on_table_3)
{
	const xxgk_rules *rs = builtin();
	xxgk_lin eqs[64];
	int n = xxgk_rules_table_lins(rs, XXGK_TEMPLATE_2021, XXGK_TABLE_3, eqs, 64);
	double val[175] = { 0 };
	uint8_t state[175];
	memset(state, XXGK_CELL_KNOWN, sizeof state);
	/* new_received 2 0 0 0 0 0 2, granted the same, total_processed the same */
	for (int r = 0; r < 25; r++)
		if (r == XXGK_T3_NEW_RECEIVED || r == XXGK_T3_GRANTED || r == XXGK_T3_TOTAL_PROCESSED)
			val[r * 7 + XXGK_T3_NATURAL_PERSON] = val[r * 7 + XXGK_T3_TOTAL] = 2;
	/* the granted row is lost: its cells must be solved */
	for (int col = 0; col < 7; col++)
		state[XXGK_T3_GRANTED * 7 + col] = XXGK_CELL_VAR;
	xxgk_deduce_cells c = { 175, val, state, NULL, NULL };
	ck_assert_int_eq(xxgk_deduce(&c, eqs, n, XXGK_DEDUCE_ALL), XXGK_DEDUCE_CONSISTENT);
	for (int col = 0; col < 7; col++) {
		ck_assert_int_eq(state[XXGK_T3_GRANTED * 7 + col], XXGK_CELL_KNOWN);
		ck_assert_double_eq(val[XXGK_T3_GRANTED * 7 + col], col == 0 || col == 6 ? 2 : 0);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("rules");
	TCase *tc = tcase_create("set");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, builtin_loads_with_every_field);
	tcase_add_test(tc, instances_and_implied);
	tcase_add_test(tc, no_cell_is_forced);
	tcase_add_test(tc, examples_behave);
	tcase_add_test(tc, configuration_changes_severities);
	tcase_add_test(tc, broken_rule_files_are_refused);
	tcase_add_test(tc, claims_from_the_data_file);
	suite_add_tcase(s, tc);
	tc = tcase_create("deduce");
	tcase_add_test(tc, tier_zeros);
	tcase_add_test(tc, tier_pivot);
	tcase_add_test(tc, tier_bounds);
	tcase_add_test(tc, tiers_on_table_3);
	suite_add_tcase(s, tc);
	return test_run(s);
}
