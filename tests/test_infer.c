/*
 * test_infer.c — the damaged-row solver on small grids whose answers are
 * worked out by hand in the comments.
 */
#include <string.h>

#include "testutil.h"
#include "parse/infer_int.h"

/* A one-row grid: a + b + c = total (cells 0..2, total at 3). */
static xxgk_eq row_eq = { "t.row", 1, 3, { 3 }, { 0, 1, 2 } };

static void grid_one_row(xxgk_grid *g)
{
	memset(g, 0, sizeof *g);
	g->cell_count = 4;
	g->eqs = &row_eq;
	g->eq_count = 1;
	for (int i = 0; i < 4; i++)
		g->state[i] = XXGK_SV_OPEN;
}

START_TEST(one_lost_zero_is_unique)
{
	/* printed 0 0 0 of four: every placement gives 0 0 0 0 */
	xxgk_grid g;
	grid_one_row(&g);
	xxgk_damaged d = { 0, 4, 3, { 0, 0, 0 }, { 1, 1, 1 } };
	xxgk_infer_result r;
	xxgk_infer_row(&r, &g, &d);
	ck_assert_int_eq(r.status, XXGK_INFER_RESOLVED);
	for (int i = 0; i < 4; i++)
		ck_assert_double_eq(r.val[i], 0);
	ck_assert_str_eq(r.rule[3], "t.row");   /* leftmost placement: total was lost */
}
END_TEST

START_TEST(different_rows_fit_so_ambiguous)
{
	/* printed 3 0 3, one of four lost:
	 * {0,1,2}: 3 0 3 T → T = 6, row 3 0 3 6;  {0,1,3}: 3 0 c 3 → c = 0, row 3 0 0 3;
	 * {0,2,3}: 3 b 0 3 → b = 0, row 3 0 0 3;  {1,2,3}: a 3 0 3 → a = 0, row 0 3 0 3.
	 * Three different rows fit. */
	xxgk_grid g;
	grid_one_row(&g);
	xxgk_damaged d = { 0, 4, 3, { 3, 0, 3 }, { 1, 1, 1 } };
	xxgk_infer_result r;
	xxgk_infer_row(&r, &g, &d);
	ck_assert_int_eq(r.status, XXGK_INFER_AMBIGUOUS);
	ck_assert_int_eq(r.cand_count, 3);
	ck_assert(!r.agree[3]);
}
END_TEST

START_TEST(negative_placements_are_rejected)
{
	/* printed 5 1 of a 3-cell row a + b = t (cells 0,1 and total 2):
	 * {0,1}: t = 6;  {0,2}: 5 + b = 1 → b = −4, rejected;  {1,2}: a + 5 = 1, rejected. */
	static xxgk_eq eq = { "t.row", 1, 2, { 2 }, { 0, 1 } };
	xxgk_grid g;
	memset(&g, 0, sizeof g);
	g.cell_count = 3;
	g.eqs = &eq;
	g.eq_count = 1;
	for (int i = 0; i < 3; i++)
		g.state[i] = XXGK_SV_OPEN;
	xxgk_damaged d = { 0, 3, 2, { 5, 1 }, { 1, 1 } };
	xxgk_infer_result r;
	xxgk_infer_row(&r, &g, &d);
	ck_assert_int_eq(r.status, XXGK_INFER_RESOLVED);
	ck_assert_double_eq(r.val[2], 6);
}
END_TEST

START_TEST(two_lost_need_another_rule)
{
	/* two of four lost, only the row rule: a placement stays open */
	xxgk_grid g;
	grid_one_row(&g);
	xxgk_damaged d = { 0, 4, 2, { 1, 1 }, { 1, 1 } };
	xxgk_infer_result r;
	xxgk_infer_row(&r, &g, &d);
	ck_assert_int_eq(r.status, XXGK_INFER_UNDETERMINED);
}
END_TEST

START_TEST(lost_total_and_cell_wait)
{
	/* printed 0 0 of four: where the total is printed the rest is forced to
	 * 0, but where the total is lost two unknowns share one rule */
	xxgk_grid g;
	grid_one_row(&g);
	xxgk_damaged d = { 0, 4, 2, { 0, 0 }, { 1, 1 } };
	xxgk_infer_result r;
	xxgk_infer_row(&r, &g, &d);
	/* placements where the total is printed (0) force the rest to 0; where the
	 * total is lost, two unknowns remain: undetermined */
	ck_assert_int_eq(r.status, XXGK_INFER_UNDETERMINED);
}
END_TEST

START_TEST(printed_slash_is_never_solved)
{
	/* printed 1 / 1: the slash is a value the document gives as n/a */
	xxgk_grid g;
	grid_one_row(&g);
	xxgk_damaged d = { 0, 4, 3, { 1, 0, 1 }, { 1, 0, 1 } };
	xxgk_infer_result r;
	xxgk_infer_row(&r, &g, &d);
	ck_assert_int_eq(r.status, XXGK_INFER_UNDETERMINED);
}
END_TEST

/* ------------------------------------------------------------- solver */

/* Cells 0..4 a row a b c d = total; state per cell from a string: K known, V to solve, O unknown. */
static void grid_states(xxgk_grid *g, const char *states, const double *vals)
{
	for (int i = 0; states[i]; i++) {
		g->state[i] = states[i] == 'K' ? XXGK_SV_KNOWN : states[i] == 'V' ? XXGK_SV_VAR : XXGK_SV_OPEN;
		g->val[i] = vals[i];
	}
}

/* Solves the rules `eqs` over cells in `states` (K known, V to fill, O open). */
static void grid_solve(xxgk_solution *s, const xxgk_eq *eqs, int eq_count, const char *states, const double *vals)
{
	static xxgk_grid g;
	memset(&g, 0, sizeof g);
	g.cell_count = (int)strlen(states);
	g.eqs = eqs;
	g.eq_count = eq_count;
	grid_states(&g, states, vals);
	xxgk_infer_solve(s, &g);
}

START_TEST(blanks_in_a_summed_row_are_zero)
{
	/* SCHEMA.md's example: 5 | 空 | 空 | 2 | 7 — 5 + x + y + 2 = 7, x, y ≥ 0, so both are 0 */
	static xxgk_eq eq = { "t.row", 1, 4, { 4 }, { 0, 1, 2, 3 } };
	xxgk_grid g;
	memset(&g, 0, sizeof g);
	g.cell_count = 5;
	g.eqs = &eq;
	g.eq_count = 1;
	grid_states(&g, "KVVKK", (double[]){ 5, 0, 0, 2, 7 });
	xxgk_solution s;
	xxgk_infer_solve(&s, &g);
	ck_assert_int_eq(s.solved_count, 2);
	ck_assert(s.solved[1] && s.solved[2]);
	ck_assert_double_eq(s.val[1], 0);
	ck_assert_double_eq(s.val[2], 0);
	ck_assert_str_eq(s.rule[1], "t.row");
}
END_TEST

START_TEST(blank_total_is_the_row_sum)
{
	/* 3 | 1 | 0 | 2 | 空: the total is 6 */
	static xxgk_eq eq = { "t.row", 1, 4, { 4 }, { 0, 1, 2, 3 } };
	xxgk_grid g;
	memset(&g, 0, sizeof g);
	g.cell_count = 5;
	g.eqs = &eq;
	g.eq_count = 1;
	grid_states(&g, "KKKKV", (double[]){ 3, 1, 0, 2, 0 });
	xxgk_solution s;
	xxgk_infer_solve(&s, &g);
	ck_assert(s.solved[4]);
	ck_assert_double_eq(s.val[4], 6);
}
END_TEST

START_TEST(two_blanks_with_a_remainder_stay_open)
{
	/* 5 | 空 | 空 | 2 | 9: x + y = 2 has three answers in counts; neither is settled */
	static xxgk_eq eq = { "t.row", 1, 4, { 4 }, { 0, 1, 2, 3 } };
	xxgk_grid g;
	memset(&g, 0, sizeof g);
	g.cell_count = 5;
	g.eqs = &eq;
	g.eq_count = 1;
	grid_states(&g, "KVVKK", (double[]){ 5, 0, 0, 2, 9 });
	xxgk_solution s;
	xxgk_infer_solve(&s, &g);
	ck_assert_int_eq(s.solved_count, 0);
}
END_TEST

START_TEST(rules_together_settle_what_neither_does_alone)
{
	/* a 2×2 table with row and column totals (cells 0 1 | 2, 3 4 | 5, totals 6 7 | 8):
	 * a + b = r1, c + d = r2, a + c = k1, b + d = k2. With a and d blank, b = 2,
	 * c = 3, r1 = 5, k2 = 6 printed: a = 3 from row 1, d = 4 from column 2 — and
	 * with only r2 = 7 and k1 = 6 printed instead, elimination still gives both. */
	static xxgk_eq eqs[] = {
		{ "r1", 1, 2, { 2 }, { 0, 1 } }, { "r2", 1, 2, { 5 }, { 3, 4 } },
		{ "k1", 1, 2, { 6 }, { 0, 3 } }, { "k2", 1, 2, { 7 }, { 1, 4 } },
	};
	xxgk_grid g;
	memset(&g, 0, sizeof g);
	g.cell_count = 8;
	g.eqs = eqs;
	g.eq_count = 4;
	/* a b r1 c d r2 k1 k2 = ? 2 ? 3 ? 7 6 ?: row 2: 3 + d = 7 → d = 4; col 1: a + 3 = 6 → a = 3 */
	grid_states(&g, "VKOKVKKO", (double[]){ 0, 2, 0, 3, 0, 7, 6, 0 });
	xxgk_solution s;
	xxgk_infer_solve(&s, &g);
	ck_assert(s.solved[0] && s.solved[4]);
	ck_assert_double_eq(s.val[0], 3);
	ck_assert_double_eq(s.val[4], 4);
	ck_assert(!s.solved[2] && !s.solved[7]);   /* OPEN cells are never reported */
}
END_TEST

START_TEST(elimination_settles_when_no_rule_has_one_unknown)
{
	/* 3 = x + o, 4 = y + o, 5 = x + y, o unknown (a "/"): x − y = −1 and
	 * x + y = 5, so x = 2 and y = 3 (and o = 1, never reported) */
	static xxgk_eq eqs[] = {
		{ "e1", 1, 2, { 3 }, { 0, 2 } }, { "e2", 1, 2, { 4 }, { 1, 2 } }, { "e3", 1, 2, { 5 }, { 0, 1 } },
	};
	xxgk_grid g;
	memset(&g, 0, sizeof g);
	g.cell_count = 6;
	g.eqs = eqs;
	g.eq_count = 3;
	grid_states(&g, "VVOKKK", (double[]){ 0, 0, 0, 3, 4, 5 });
	xxgk_solution s;
	xxgk_infer_solve(&s, &g);
	ck_assert(s.solved[0] && s.solved[1] && !s.solved[2]);
	ck_assert_double_eq(s.val[0], 2);
	ck_assert_double_eq(s.val[1], 3);
}
END_TEST

START_TEST(a_negative_answer_is_a_conflict)
{
	/* 5 | 空 | 0 | 2 | 6: x = −1 is no count; the blank stays open */
	static xxgk_eq eq = { "t.row", 1, 4, { 4 }, { 0, 1, 2, 3 } };
	xxgk_grid g;
	memset(&g, 0, sizeof g);
	g.cell_count = 5;
	g.eqs = &eq;
	g.eq_count = 1;
	grid_states(&g, "KVKKK", (double[]){ 5, 0, 0, 2, 6 });
	xxgk_solution s;
	xxgk_infer_solve(&s, &g);
	ck_assert(!s.solved[1]);
	ck_assert(s.conflict[1]);
}
END_TEST

START_TEST(two_rules_disagreeing_settle_nothing)
{
	/* x in two rules that give 3 and 4: the report breaks one of them, which
	 * one is not ours to say, so x stays open */
	static xxgk_eq eqs[] = { { "one", 1, 2, { 1 }, { 0, 2 } }, { "two", 1, 2, { 3 }, { 0, 4 } } };
	xxgk_grid g;
	memset(&g, 0, sizeof g);
	g.cell_count = 5;
	g.eqs = eqs;
	g.eq_count = 2;
	/* x + 1 = 4 and x + 1 = 5 */
	grid_states(&g, "VKKKK", (double[]){ 0, 4, 1, 5, 1 });
	xxgk_solution s;
	xxgk_infer_solve(&s, &g);
	ck_assert(!s.solved[0]);
	ck_assert(s.conflict[0]);
}
END_TEST

START_TEST(a_broken_rule_among_known_cells_does_not_stop_others)
{
	/* rule one is broken by printed cells (1 + 1 ≠ 5); rule two settles x = 2 */
	static xxgk_eq eqs[] = { { "one", 1, 2, { 0 }, { 1, 2 } }, { "two", 1, 1, { 3 }, { 4 } } };
	xxgk_grid g;
	memset(&g, 0, sizeof g);
	g.cell_count = 5;
	g.eqs = eqs;
	g.eq_count = 2;
	grid_states(&g, "KKKVK", (double[]){ 5, 1, 1, 0, 2 });
	xxgk_solution s;
	xxgk_infer_solve(&s, &g);
	ck_assert(s.solved[3]);
	ck_assert_double_eq(s.val[3], 2);
}
END_TEST

START_TEST(implied_bounds_settle_what_elimination_leaves)
{
	/* the checker's engine (xxgk_deduce): x + y = 1 and x = z + 1, no rule with
	 * one unknown and none with a one-signed rest; counts never negative make
	 * x ≥ 1 and x ≤ 1, so x = 1, y = 0, z = 0 */
	static xxgk_eq eqs[] = { { "one", 2, 1, { 0, 1 }, { 3 } }, { "two", 1, 2, { 0 }, { 2, 4 } } };
	xxgk_solution s;
	grid_solve(&s, eqs, 2, "VVVKK", (double[]){ 0, 0, 0, 1, 1 });
	ck_assert_int_eq(s.solved_count, 3);
	ck_assert_double_eq(s.val[0], 1);
	ck_assert_double_eq(s.val[1], 0);
	ck_assert_double_eq(s.val[2], 0);
	ck_assert_str_eq(s.rule[1], "one");
}
END_TEST

START_TEST(a_broken_group_leaves_the_others_settled)
{
	/* x + 5 = 3 has no count; y + 1 = 3, in a rule of its own, is 2 */
	static xxgk_eq eqs[] = { { "one", 2, 1, { 0, 1 }, { 2 } }, { "two", 2, 1, { 3, 4 }, { 5 } } };
	xxgk_solution s;
	grid_solve(&s, eqs, 2, "VKKVKK", (double[]){ 0, 5, 3, 0, 1, 3 });
	ck_assert(s.conflict[0] && !s.solved[0]);
	ck_assert(s.solved[3] && !s.conflict[3]);
	ck_assert_double_eq(s.val[3], 2);
}
END_TEST

/* Two rows of one rule a + b = t: row 0 (cells 0..2) printed whole as
 * `r0`, row 1 (cells 3..5) printed "0 0", one cell lost. Every placement of
 * 0 0 makes the lost cell 0 by the row sum ({0,1}: t = 0; {0,2}: b = 0;
 * {1,2}: a = 0) — but only if the report keeps its row sums. */
static void two_rows_second_lost(xxgk_infer_result *r, const double *r0)
{
	static xxgk_eq eqs[] = { { "t.row", 1, 2, { 2 }, { 0, 1 } }, { "t.row", 1, 2, { 5 }, { 3, 4 } } };
	xxgk_grid g;
	memset(&g, 0, sizeof g);
	g.cell_count = 6;
	g.eqs = eqs;
	g.eq_count = 2;
	for (int i = 0; i < 6; i++) {
		g.state[i] = i < 3 ? XXGK_SV_KNOWN : XXGK_SV_OPEN;
		g.val[i] = i < 3 ? r0[i] : 0;
	}
	xxgk_infer_distrust(&g);
	xxgk_damaged d = { 3, 3, 2, { 0, 0 }, { 1, 1 } };
	xxgk_infer_row(r, &g, &d);
}

START_TEST(a_rule_the_report_keeps_settles_a_lost_cell)
{
	xxgk_infer_result r;
	two_rows_second_lost(&r, (double[]){ 1, 1, 2 });
	ck_assert_int_eq(r.status, XXGK_INFER_RESOLVED);
	ck_assert_double_eq(r.val[0] + r.val[1] + r.val[2], 0);
}
END_TEST

START_TEST(a_rule_the_report_breaks_settles_no_lost_cell)
{
	/* row 0 printed 1 1 3: the report breaks t.row, so row 1's lost cell
	 * is not "0 by t.row" (the document may print anything there) */
	xxgk_infer_result r;
	two_rows_second_lost(&r, (double[]){ 1, 1, 3 });
	ck_assert_int_ne(r.status, XXGK_INFER_RESOLVED);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("infer");
	TCase *tc = tcase_create("rows");
	tcase_add_test(tc, one_lost_zero_is_unique);
	tcase_add_test(tc, different_rows_fit_so_ambiguous);
	tcase_add_test(tc, negative_placements_are_rejected);
	tcase_add_test(tc, two_lost_need_another_rule);
	tcase_add_test(tc, lost_total_and_cell_wait);
	tcase_add_test(tc, printed_slash_is_never_solved);
	tcase_add_test(tc, a_rule_the_report_keeps_settles_a_lost_cell);
	tcase_add_test(tc, a_rule_the_report_breaks_settles_no_lost_cell);
	suite_add_tcase(s, tc);
	TCase *ts = tcase_create("solve");
	tcase_add_test(ts, blanks_in_a_summed_row_are_zero);
	tcase_add_test(ts, blank_total_is_the_row_sum);
	tcase_add_test(ts, two_blanks_with_a_remainder_stay_open);
	tcase_add_test(ts, rules_together_settle_what_neither_does_alone);
	tcase_add_test(ts, elimination_settles_when_no_rule_has_one_unknown);
	tcase_add_test(ts, a_negative_answer_is_a_conflict);
	tcase_add_test(ts, implied_bounds_settle_what_elimination_leaves);
	tcase_add_test(ts, a_broken_group_leaves_the_others_settled);
	tcase_add_test(ts, two_rules_disagreeing_settle_nothing);
	tcase_add_test(ts, a_broken_rule_among_known_cells_does_not_stop_others);
	suite_add_tcase(s, ts);
	return test_run(s);
}
