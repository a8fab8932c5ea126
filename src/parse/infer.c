/*
 * infer.c — recovering the cells a damaged row lost, from the report's own
 * rules, and only when the rules leave no choice.
 *
 * A row printed with k of its W numbers could have lost any W−k of its cells.
 * For every placement of the k printed values (in order) we solve for the lost
 * cells with the table's linear rules (each rule: sum of lhs = sum of rhs):
 *   - a rule with one unknown gives it;
 *   - a rule whose unknowns all sit on one side, when the known cells of that
 *     side already make up the other side, makes them all 0 (counts are never
 *     negative), and rejects the candidate when they already exceed it;
 * and keep the placement only if every value is a non-negative integer and
 * every rule that touches the row and is fully known holds. If all surviving
 * placements give the same row, that row is the answer (the lost cells are
 * "inferred"); if they differ, the cells on which they agree are still known
 * and the rest is ambiguous; a placement that the rules cannot finish makes
 * the row wait for other rows to be settled first.
 * Rules: 第一项加第二项之和，等于第三项加第四项之和 (table 3's printed rule), the
 * row and results sums of the template, and table 4's group totals.
 */
#include <math.h>
#include <string.h>

#include "parse_int.h"
#include "infer_int.h"

typedef struct {
	double val[XXGK_GRID_CAP];
	uint8_t state[XXGK_GRID_CAP];
	const char *rule[XXGK_GRID_CAP];
} infer_work;

static bool infer_is_count(double v)
{
	return v >= 0 && v == floor(v) && v < 1e15;
}

/* Runs the rules to a fixed point. Returns false if the placement breaks one. */
static bool infer_propagate(infer_work *w, const xxgk_grid *g, const int *eq_ids, int eq_n)
{
	bool changed = true;
	while (changed) {
		changed = false;
		for (int k = 0; k < eq_n; k++) {
			const xxgk_eq *eq = &g->eqs[eq_ids[k]];
			double known[2] = { 0, 0 };
			int unknown[2] = { 0, 0 }, vars[2] = { 0, 0 };
			int last_var = -1, last_side = -1;
			for (int side = 0; side < 2; side++) {
				int n = side ? eq->nr : eq->nl;
				const int16_t *idx = side ? eq->rhs : eq->lhs;
				for (int i = 0; i < n; i++) {
					int c = idx[i];
					if (w->state[c] == XXGK_SV_KNOWN) {
						known[side] += w->val[c];
					} else {
						unknown[side]++;
						if (w->state[c] == XXGK_SV_VAR) {
							vars[side]++;
							last_var = c;
							last_side = side;
						}
					}
				}
			}
			int total_unknown = unknown[0] + unknown[1];
			if (total_unknown == 1 && last_var >= 0) {
				double v = last_side == 0 ? known[1] - known[0] : known[0] - known[1];
				if (!infer_is_count(v))
					return false;
				w->val[last_var] = v;
				w->state[last_var] = XXGK_SV_KNOWN;
				w->rule[last_var] = eq->rule;
				changed = true;
				continue;
			}
			for (int side = 0; side < 2; side++) {
				int other = 1 - side;
				/* counts are never negative: what is known of one side may not
				 * exceed the other side, whatever its unknown cells hold */
				if (unknown[other] == 0 && unknown[side] > 0 && known[side] > known[other] + 1e-9)
					return false;
				if (unknown[other] == 0 && unknown[side] > 0 && vars[side] == unknown[side]) {
					if (known[side] == known[other]) {
						const int16_t *idx = side ? eq->rhs : eq->lhs;
						int n = side ? eq->nr : eq->nl;
						for (int i = 0; i < n; i++)
							if (w->state[idx[i]] == XXGK_SV_VAR) {
								w->val[idx[i]] = 0;
								w->state[idx[i]] = XXGK_SV_KNOWN;
								w->rule[idx[i]] = eq->rule;
							}
						changed = true;
					}
				}
			}
		}
	}
	return true;
}

/* Does every fully known rule that touches [base, base+width) hold? */
static bool infer_consistent(const infer_work *w, const xxgk_grid *g, int base, int width,
			     const int *eq_ids, int eq_n)
{
	for (int k = 0; k < eq_n; k++) {
		const xxgk_eq *eq = &g->eqs[eq_ids[k]];
		bool touches = false, complete = true;
		double sum[2] = { 0, 0 };
		for (int side = 0; side < 2; side++) {
			int n = side ? eq->nr : eq->nl;
			const int16_t *idx = side ? eq->rhs : eq->lhs;
			for (int i = 0; i < n; i++) {
				int c = idx[i];
				if (c >= base && c < base + width)
					touches = true;
				if (w->state[c] != XXGK_SV_KNOWN)
					complete = false;
				else
					sum[side] += w->val[c];
			}
		}
		if (touches && complete && fabs(sum[0] - sum[1]) > 1e-9)
			return false;
	}
	return true;
}

/* Next k-combination of {0..n-1} in lexicographic order; false after the last. */
static bool infer_next_combination(int *pos, int k, int n)
{
	int i = k - 1;
	while (i >= 0 && pos[i] == n - k + i)
		i--;
	if (i < 0)
		return false;
	pos[i]++;
	for (int j = i + 1; j < k; j++)
		pos[j] = pos[j - 1] + 1;
	return true;
}

static bool infer_same_row(const infer_work *a, const double *val, const uint8_t *known,
			   int base, int width)
{
	for (int i = 0; i < width; i++) {
		bool ka = a->state[base + i] == XXGK_SV_KNOWN;
		if (ka != (known[i] != 0))
			return false;
		if (ka && a->val[base + i] != val[i])
			return false;
	}
	return true;
}

/* Solves and judges one candidate row in `w`; false if the rules reject it. */
static bool infer_try(infer_work *w, const xxgk_grid *g, int base, int width, const double *val,
		      const uint8_t *state, const int *eq_ids, int eq_n, bool *open)
{
	memcpy(w->val, g->val, sizeof(double) * (size_t)g->cell_count);
	memcpy(w->state, g->state, (size_t)g->cell_count);
	memset(w->rule, 0, sizeof(w->rule[0]) * (size_t)g->cell_count);
	for (int i = 0; i < width; i++) {
		w->val[base + i] = val[i];
		w->state[base + i] = state[i];
	}
	*open = false;
	if (!infer_propagate(w, g, eq_ids, eq_n))
		return false;
	for (int i = 0; i < width; i++)
		if (w->state[base + i] == XXGK_SV_VAR)
			*open = true;
	if (*open)
		return true;
	return infer_consistent(w, g, base, width, eq_ids, eq_n);
}

void xxgk_infer_cands(xxgk_infer_result *out, const xxgk_grid *g, int base, int width,
		      const xxgk_row_cand *cands, int cand_n)
{
	infer_work w;   /* about 3 KB */
	memset(out, 0, sizeof *out);
	out->status = XXGK_INFER_NONE;
	out->chosen = -1;
	if (width > XXGK_ROW_CAP || base + width > g->cell_count)
		return;
	/* only rules with a cell in this row can change or judge it: the row's
	 * cells are the only unknowns being solved */
	int eq_ids[XXGK_EQ_CAP];
	int eq_n = 0;
	for (int e = 0; e < g->eq_count && eq_n < XXGK_EQ_CAP; e++) {
		const xxgk_eq *eq = &g->eqs[e];
		bool touches = false;
		for (int i = 0; i < eq->nl && !touches; i++)
			touches = eq->lhs[i] >= base && eq->lhs[i] < base + width;
		for (int i = 0; i < eq->nr && !touches; i++)
			touches = eq->rhs[i] >= base && eq->rhs[i] < base + width;
		if (touches)
			eq_ids[eq_n++] = e;
	}
	bool any = false;
	for (int ci = 0; ci < cand_n; ci++) {
		bool open;
		if (!infer_try(&w, g, base, width, cands[ci].val, cands[ci].state, eq_ids, eq_n, &open))
			continue;
		if (open) {
			out->status = XXGK_INFER_UNDETERMINED;
			return;
		}
		bool seen = false;
		int stored = out->cand_count < XXGK_INFER_CANDIDATES ? out->cand_count : XXGK_INFER_CANDIDATES;
		for (int c = 0; c < stored && !seen; c++)
			seen = infer_same_row(&w, out->cand[c], out->cand_known[c], base, width);
		if (!any) {
			any = true;
			out->chosen = ci;
			for (int i = 0; i < width; i++) {
				out->val[i] = w.val[base + i];
				out->known[i] = w.state[base + i] == XXGK_SV_KNOWN;
				out->rule[i] = w.rule[base + i];
				out->agree[i] = 1;
			}
		} else {
			for (int i = 0; i < width; i++) {
				bool kn = w.state[base + i] == XXGK_SV_KNOWN;
				if (kn != (out->known[i] != 0) || (kn && w.val[base + i] != out->val[i]))
					out->agree[i] = 0;
			}
		}
		if (!seen) {
			if (out->cand_count < XXGK_INFER_CANDIDATES) {
				int c = out->cand_count;
				for (int i = 0; i < width; i++) {
					out->cand[c][i] = w.val[base + i];
					out->cand_known[c][i] = w.state[base + i] == XXGK_SV_KNOWN;
				}
			}
			out->cand_count++;
		}
	}
	if (!any)
		out->status = XXGK_INFER_NONE;
	else if (out->cand_count == 1)
		out->status = XXGK_INFER_RESOLVED;
	else
		out->status = XXGK_INFER_AMBIGUOUS;
}

int xxgk_infer_placements(xxgk_row_cand *cands, int (*where)[XXGK_ROW_CAP], int cap,
			  const xxgk_damaged *d)
{
	int k = d->printed_count, width = d->width;
	int pos[XXGK_ROW_CAP];
	int n = 0;
	if (k > width || width > XXGK_ROW_CAP)
		return 0;
	for (int i = 0; i < k; i++)
		pos[i] = i;
	do {
		if (n >= cap)
			return -1;
		xxgk_row_cand *c = &cands[n];
		for (int i = 0; i < width; i++) {
			c->val[i] = 0;
			c->state[i] = XXGK_SV_VAR;
		}
		for (int i = 0; i < k; i++) {
			c->val[pos[i]] = d->printed_val[i];
			c->state[pos[i]] = d->printed_known[i] ? XXGK_SV_KNOWN : XXGK_SV_OPEN;
			where[n][i] = pos[i];
		}
		n++;
	} while (k > 0 && infer_next_combination(pos, k, width));
	return n;
}

void xxgk_infer_row(xxgk_infer_result *out, const xxgk_grid *g, const xxgk_damaged *d)
{
	static _Thread_local xxgk_row_cand cands[XXGK_INFER_MAX_CANDS];
	static _Thread_local int where[XXGK_INFER_MAX_CANDS][XXGK_ROW_CAP];
	int n = xxgk_infer_placements(cands, where, XXGK_INFER_MAX_CANDS, d);
	if (n <= 0 || d->printed_count >= d->width) {
		memset(out, 0, sizeof *out);
		out->status = XXGK_INFER_NONE;
		out->chosen = -1;
		return;
	}
	xxgk_infer_cands(out, g, d->base, d->width, cands, n);
	if (out->chosen >= 0)
		for (int i = 0; i < d->printed_count; i++)
			out->placement[i] = where[out->chosen][i];
}

/* ------------------------------------------------------------ the solver */

/* Pivots below this are zero: coefficients are small integers, values counts. */
#define SOLVE_EPS 1e-9

typedef struct {
	int n;                                  /* unknowns */
	int col_cell[XXGK_GRID_CAP];            /* unknown → grid cell */
	int cell_col[XXGK_GRID_CAP];            /* grid cell → unknown, or −1 */
	double a[XXGK_EQ_CAP][XXGK_GRID_CAP];   /* coefficients of the unknowns */
	double b[XXGK_EQ_CAP];
	int m;
	bool det[XXGK_GRID_CAP];                /* grid cell settled in this solve */
	double val[XXGK_GRID_CAP];
} solve_work;

static _Thread_local solve_work solve_w;

static bool solve_known(const xxgk_grid *g, const solve_work *w, int cell)
{
	return g->state[cell] == XXGK_SV_KNOWN || w->det[cell];
}

static double solve_value(const xxgk_grid *g, const solve_work *w, int cell)
{
	return g->state[cell] == XXGK_SV_KNOWN ? g->val[cell] : w->val[cell];
}

/* Rule k as coefficients over the unknowns still open; false if it has none. */
static bool solve_row(const xxgk_grid *g, solve_work *w, int k, double *a, double *b)
{
	const xxgk_eq *eq = &g->eqs[k];
	bool any = false;
	*b = 0;
	memset(a, 0, sizeof(double) * (size_t)w->n);
	for (int side = 0; side < 2; side++) {
		int cnt = side ? eq->nr : eq->nl;
		const int16_t *idx = side ? eq->rhs : eq->lhs;
		double sign = side ? -1.0 : 1.0;
		for (int i = 0; i < cnt; i++) {
			int c = idx[i];
			if (solve_known(g, w, c)) {
				*b -= sign * solve_value(g, w, c);
			} else {
				a[w->cell_col[c]] += sign;
				any = true;
			}
		}
	}
	return any;
}

/* Reduced row echelon form of w->a | w->b over w->m rows. */
static void solve_rref(solve_work *w)
{
	int row = 0;
	for (int col = 0; col < w->n && row < w->m; col++) {
		int best = -1;
		double bestv = SOLVE_EPS;
		for (int r = row; r < w->m; r++)
			if (fabs(w->a[r][col]) > bestv) {
				bestv = fabs(w->a[r][col]);
				best = r;
			}
		if (best < 0)
			continue;
		if (best != row) {
			for (int j = 0; j < w->n; j++) {
				double t = w->a[row][j];
				w->a[row][j] = w->a[best][j];
				w->a[best][j] = t;
			}
			double t = w->b[row];
			w->b[row] = w->b[best];
			w->b[best] = t;
		}
		double p = w->a[row][col];
		for (int j = 0; j < w->n; j++)
			w->a[row][j] /= p;
		w->b[row] /= p;
		for (int r = 0; r < w->m; r++) {
			if (r == row || fabs(w->a[r][col]) <= SOLVE_EPS)
				continue;
			double f = w->a[r][col];
			for (int j = 0; j < w->n; j++)
				w->a[r][j] -= f * w->a[row][j];
			w->b[r] -= f * w->b[row];
		}
		row++;
	}
}

/*
 * What one equation over the open unknowns settles: a single unknown takes
 * its value; unknowns all of one sign that must sum to 0 are all 0.
 * Returns how many unknowns it settled.
 */
static int solve_settle(const xxgk_grid *g, solve_work *w, const double *a, double b)
{
	int nz = 0, pos = 0, neg = 0, last = -1;
	for (int j = 0; j < w->n; j++) {
		if (fabs(a[j]) <= SOLVE_EPS || w->det[w->col_cell[j]])
			continue;
		nz++;
		last = j;
		if (a[j] > 0)
			pos++;
		else
			neg++;
	}
	if (nz == 0)
		return 0;
	if (nz == 1) {
		int cell = w->col_cell[last];
		w->det[cell] = true;
		w->val[cell] = b / a[last];
		return 1;
	}
	if ((pos == 0 || neg == 0) && fabs(b) <= SOLVE_EPS) {
		int settled = 0;
		for (int j = 0; j < w->n; j++)
			if (fabs(a[j]) > SOLVE_EPS && !w->det[w->col_cell[j]]) {
				w->det[w->col_cell[j]] = true;
				w->val[w->col_cell[j]] = 0;
				settled++;
			}
		return settled;
	}
	(void)g;
	return 0;
}

/* Does rule k hold with every cell known or settled? −1 when a cell is open. */
static int solve_holds(const xxgk_grid *g, const solve_work *w, int k)
{
	const xxgk_eq *eq = &g->eqs[k];
	double s[2] = { 0, 0 };
	for (int side = 0; side < 2; side++) {
		int cnt = side ? eq->nr : eq->nl;
		const int16_t *idx = side ? eq->rhs : eq->lhs;
		for (int i = 0; i < cnt; i++) {
			if (!solve_known(g, w, idx[i]))
				return -1;
			s[side] += solve_value(g, w, idx[i]);
		}
	}
	return fabs(s[0] - s[1]) <= 1e-6;
}

static bool solve_in_rule(const xxgk_eq *eq, int cell)
{
	for (int i = 0; i < eq->nl; i++)
		if (eq->lhs[i] == cell)
			return true;
	for (int i = 0; i < eq->nr; i++)
		if (eq->rhs[i] == cell)
			return true;
	return false;
}

void xxgk_infer_solve(xxgk_solution *out, const xxgk_grid *g)
{
	solve_work *w = &solve_w;
	memset(out, 0, sizeof *out);
	w->n = 0;
	for (int c = 0; c < g->cell_count; c++) {
		w->cell_col[c] = -1;
		w->det[c] = false;
		if (g->state[c] != XXGK_SV_KNOWN) {
			w->cell_col[c] = w->n;
			w->col_cell[w->n++] = c;
		}
	}
	if (w->n == 0)
		return;
	bool progress = true;
	while (progress) {
		progress = false;
		/* each rule as it stands: a lone unknown, or one-signed unknowns summing to 0 */
		double a[XXGK_GRID_CAP], b;
		for (int k = 0; k < g->eq_count; k++)
			if (solve_row(g, w, k, a, &b) && solve_settle(g, w, a, b) > 0)
				progress = true;
		if (progress)
			continue;
		/* what the rules settle together */
		w->m = 0;
		for (int k = 0; k < g->eq_count && w->m < XXGK_EQ_CAP; k++)
			if (solve_row(g, w, k, w->a[w->m], &w->b[w->m]))
				w->m++;
		solve_rref(w);
		for (int r = 0; r < w->m; r++)
			if (solve_settle(g, w, w->a[r], w->b[r]) > 0)
				progress = true;
	}
	/* a settled value must be a count, and every rule it is in must hold */
	bool bad[XXGK_GRID_CAP] = { false };
	for (int c = 0; c < g->cell_count; c++)
		if (w->det[c] && (fabs(w->val[c] - round(w->val[c])) > 1e-6 || !infer_is_count(round(w->val[c]))))
			bad[c] = true;
	for (int k = 0; k < g->eq_count; k++) {
		if (solve_holds(g, w, k) != 0)
			continue;
		const xxgk_eq *eq = &g->eqs[k];
		for (int c = 0; c < g->cell_count; c++)
			if (w->det[c] && solve_in_rule(eq, c))
				bad[c] = true;
	}
	for (int c = 0; c < g->cell_count; c++) {
		if (g->state[c] != XXGK_SV_VAR || !w->det[c])
			continue;
		if (bad[c]) {
			out->conflict[c] = 1;
			continue;
		}
		out->solved[c] = 1;
		out->val[c] = round(w->val[c]) + 0.0;   /* never "-0" */
		out->solved_count++;
		/* name a rule that gives it from cells all known */
		for (int k = 0; k < g->eq_count && !out->rule[c]; k++)
			if (solve_in_rule(&g->eqs[k], c) && solve_holds(g, w, k) == 1)
				out->rule[c] = g->eqs[k].rule;
	}
}
