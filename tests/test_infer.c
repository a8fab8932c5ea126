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
	suite_add_tcase(s, tc);
	return test_run(s);
}
