/*
 * infer.c — recovering the cells a damaged row lost, from the report's own
 * rules, and only when the rules leave no choice.
 *
 * A row printed with k of its W numbers could have lost any W−k of its cells.
 * For every placement of the k printed values (in order) the lost cells are
 * solved for with the table's linear rules (data/rules.conf, as the checker
 * reads them) by the checker's deductive engine (xxgk_deduce, src/rules/
 * deduce.c: zeros, pivoting, implied bounds on non-negative integers), and
 * the placement is kept only if every value is a count and every rule that
 * touches the row and is fully known holds. If all surviving placements give
 * the same row, that row is the answer (the lost cells are "inferred"); if
 * they differ, the cells on which they agree are still known and the rest is
 * ambiguous; a placement that the rules cannot finish makes the row wait for
 * other rows to be settled first. Blank cells the rules settle
 * (xxgk_infer_solve) go through the same engine.
 * Rules: 第一项加第二项之和，等于第三项加第四项之和 (table 3's printed rule), the
 * row and results sums of the template, and table 4's group totals.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "parse_int.h"
#include "infer_int.h"
#include "xxgk/rules.h"

typedef struct {
	double val[XXGK_GRID_CAP];
	uint8_t state[XXGK_GRID_CAP];
	const char *rule[XXGK_GRID_CAP];
} infer_work;

/* Is `rule` one the report breaks among its printed cells (xxgk_infer_distrust)? */
static bool infer_distrusted(const xxgk_grid *g, const char *rule)
{
	if (g->distrust_n >= XXGK_DISTRUST_CAP)
		return true;   /* more broken kinds than the list holds: trust none */
	for (int i = 0; i < g->distrust_n; i++)
		if (strcmp(g->distrust[i], rule) == 0)
			return true;
	return false;
}

bool xxgk_infer_distrusted(const xxgk_grid *g, const char *rule) { return infer_distrusted(g, rule); }

/*
 * The grid's rules with an unknown cell as the deductive engine's
 * equations (lhs +1, rhs −1). A rule of known cells alone settles nothing
 * here: whether it holds is judged elsewhere (infer_consistent, the checker).
 * A rule the report breaks (infer_distrusted) is left out: it settles nothing.
 * Returns how many, or −1 if a rule has more terms than an equation holds.
 */
static int infer_lins(xxgk_lin *out, const xxgk_grid *g, const uint8_t *state, int eq_n)
{
	int n = 0;
	for (int k = 0; k < eq_n; k++) {
		const xxgk_eq *eq = &g->eqs[k];
		if (infer_distrusted(g, eq->rule))
			continue;   /* judges in infer_consistent, settles nothing */
		if (eq->nl + eq->nr > XXGK_LIN_TERMS)
			return -1;
		bool unknown = false;
		for (int i = 0; i < eq->nl && !unknown; i++)
			unknown = state[eq->lhs[i]] != XXGK_SV_KNOWN;
		for (int i = 0; i < eq->nr && !unknown; i++)
			unknown = state[eq->rhs[i]] != XXGK_SV_KNOWN;
		if (!unknown)
			continue;
		xxgk_lin *l = &out[n++];
		l->rule = eq->rule;
		l->term_count = (uint16_t)(eq->nl + eq->nr);
		for (int i = 0; i < eq->nl; i++) {
			l->cell[i] = eq->lhs[i];
			l->coef[i] = 1;
		}
		for (int i = 0; i < eq->nr; i++) {
			l->cell[eq->nl + i] = eq->rhs[i];
			l->coef[eq->nl + i] = -1;
		}
	}
	return n;
}

/* The grid's cell states are the deductive engine's: a number, a cell that
 * takes part but is never filled (OPEN: a printed "/"), a cell to fill (VAR). */
_Static_assert((int)XXGK_SV_KNOWN == (int)XXGK_CELL_KNOWN && (int)XXGK_SV_OPEN == (int)XXGK_CELL_OPEN &&
		       (int)XXGK_SV_VAR == (int)XXGK_CELL_VAR,
	       "one set of cell states");

/*
 * Fills what the rules force on the candidate's VAR cells, with the checker's
 * deductive engine (xxgk_deduce: zeros, pivoting, implied bounds on counts).
 * Returns false if the placement breaks a rule: a forced value that is no
 * count, bounds that cross, a rule that then fails.
 */
static bool infer_propagate(infer_work *w, const xxgk_grid *g)
{
	xxgk_lin lins[XXGK_EQ_CAP];
	int n = infer_lins(lins, g, w->state, g->eq_count);
	if (n < 0)
		return false;
	xxgk_deduce_cells cells = { g->cell_count, w->val, w->state, NULL, w->rule };
	return xxgk_deduce(&cells, lins, n, XXGK_DEDUCE_ALL) == XXGK_DEDUCE_CONSISTENT;
}

/* Does every fully known rule that touches [base, base+width) hold? */
static bool infer_consistent(const infer_work *w, const xxgk_grid *g, int base, int width)
{
	for (int k = 0; k < g->eq_count; k++) {
		const xxgk_eq *eq = &g->eqs[k];
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

void xxgk_infer_distrust(xxgk_grid *g)
{
	for (int k = 0; k < g->eq_count; k++) {
		const xxgk_eq *eq = &g->eqs[k];
		if (infer_distrusted(g, eq->rule))
			continue;
		bool complete = true;
		double sum[2] = { 0, 0 };
		for (int side = 0; side < 2 && complete; side++) {
			int n = side ? eq->nr : eq->nl;
			const int16_t *idx = side ? eq->rhs : eq->lhs;
			for (int i = 0; i < n && complete; i++) {
				complete = g->state[idx[i]] == XXGK_SV_KNOWN;
				sum[side] += g->val[idx[i]];
			}
		}
		if (complete && fabs(sum[0] - sum[1]) > 1e-9)
			g->distrust[g->distrust_n++] = eq->rule;
	}
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
		      const uint8_t *state, bool *open)
{
	memcpy(w->val, g->val, sizeof(double) * (size_t)g->cell_count);
	memcpy(w->state, g->state, (size_t)g->cell_count);
	memset(w->rule, 0, sizeof(w->rule[0]) * (size_t)g->cell_count);
	for (int i = 0; i < width; i++) {
		w->val[base + i] = val[i];
		w->state[base + i] = state[i];
	}
	*open = false;
	if (!infer_propagate(w, g))
		return false;
	for (int i = 0; i < width; i++)
		if (w->state[base + i] == XXGK_SV_VAR)
			*open = true;
	if (*open)
		return true;
	return infer_consistent(w, g, base, width);
}

/* Known values up to this size are whole numbers that doubles add exactly in
 * any order (with every bound derived from them): folding them changes no sum. */
#define INFER_FOLD_LIMIT 4294967296.0

/*
 * Whether the known cells of the touching rules `ids` may be folded into one
 * constant a rule: every such value a whole number within INFER_FOLD_LIMIT,
 * every rule short enough for an equation (a longer one rejects every
 * candidate, and must stay as long as it is), and room for the constants.
 */
static bool infer_can_fold(const xxgk_grid *g, const int *ids, int n, int base, int width)
{
	int cells = width + n;
	for (int k = 0; k < n; k++) {
		const xxgk_eq *eq = &g->eqs[ids[k]];
		if (eq->nl + eq->nr > XXGK_LIN_TERMS)
			return false;
		for (int side = 0; side < 2; side++) {
			int terms = side ? eq->nr : eq->nl;
			const int16_t *idx = side ? eq->rhs : eq->lhs;
			for (int i = 0; i < terms; i++) {
				int c = idx[i];
				if (c >= base && c < base + width)
					continue;
				if (g->state[c] != XXGK_SV_KNOWN) {
					cells++;
					continue;
				}
				double v = g->val[c];
				if (!(fabs(v) <= INFER_FOLD_LIMIT) || v != floor(v))
					return false;
			}
		}
	}
	return cells <= XXGK_GRID_CAP;
}

/*
 * The rules that touch [base, base+width) over the cells they name, numbered
 * locally with the row's cells first: every candidate is solved on this small
 * grid instead of a copy of the whole table's. Cells no such rule names take
 * no part in solving or judging the row. The known cells outside the row
 * (most of a table 3 column, which each column rule names whole) are folded
 * into one known cell a rule, on the side a known term was taken from, when
 * infer_can_fold() allows: the deductive engine reads known cells only
 * through their sums, and visits the unknowns in the same order, so it
 * deduces the same values by the same rules. The row fits:
 * base + width ≤ g->cell_count.
 */
static void infer_local(xxgk_grid *out, xxgk_eq *eqs, const xxgk_grid *g, int base, int width)
{
	int ids[XXGK_EQ_CAP], n = 0;
	for (int e = 0; e < g->eq_count && n < XXGK_EQ_CAP; e++) {
		const xxgk_eq *eq = &g->eqs[e];
		bool touches = false;
		for (int i = 0; i < eq->nl && !touches; i++)
			touches = eq->lhs[i] >= base && eq->lhs[i] < base + width;
		for (int i = 0; i < eq->nr && !touches; i++)
			touches = eq->rhs[i] >= base && eq->rhs[i] < base + width;
		if (touches)
			ids[n++] = e;
	}
	bool fold = infer_can_fold(g, ids, n, base, width);
	int16_t local[XXGK_GRID_CAP];
	for (int c = 0; c < g->cell_count; c++)
		local[c] = -1;
	out->eqs = eqs;
	out->eq_count = n;
	out->distrust_n = g->distrust_n;
	memcpy(out->distrust, g->distrust, sizeof out->distrust);
	for (int i = 0; i < width; i++) {
		local[base + i] = (int16_t)i;
		out->val[i] = g->val[base + i];
		out->state[i] = g->state[base + i];
	}
	out->cell_count = width;
	for (int k = 0; k < n; k++) {
		const xxgk_eq *eq = &g->eqs[ids[k]];
		xxgk_eq *q = &eqs[k];
		q->rule = eq->rule;
		q->nl = q->nr = 0;
		double known[2] = { 0, 0 };
		bool folded[2] = { false, false };
		for (int side = 0; side < 2; side++) {
			int terms = side ? eq->nr : eq->nl;
			const int16_t *idx = side ? eq->rhs : eq->lhs;
			int16_t *to = side ? q->rhs : q->lhs;
			uint8_t *count = side ? &q->nr : &q->nl;
			for (int i = 0; i < terms; i++) {
				int c = idx[i];
				bool in_row = c >= base && c < base + width;
				if (fold && !in_row && g->state[c] == XXGK_SV_KNOWN) {
					known[side] += g->val[c];
					folded[side] = true;
					continue;
				}
				if (local[c] < 0) {
					local[c] = (int16_t)out->cell_count;
					out->val[out->cell_count] = g->val[c];
					out->state[out->cell_count] = g->state[c];
					out->cell_count++;
				}
				to[(*count)++] = local[c];
			}
		}
		if (folded[0] || folded[1]) {
			/* lhs − rhs = 0 keeps its known part as one term, on a side
			 * that lost one (so no side grows) */
			int c = out->cell_count++;
			out->state[c] = XXGK_SV_KNOWN;
			if (folded[0]) {
				out->val[c] = known[0] - known[1];
				q->lhs[q->nl++] = (int16_t)c;
			} else {
				out->val[c] = known[1];
				q->rhs[q->nr++] = (int16_t)c;
			}
		}
	}
}

void xxgk_infer_cands(xxgk_infer_result *out, const xxgk_grid *grid, int base_in_grid, int width,
		      const xxgk_row_cand *cands, int cand_n)
{
	infer_work w;   /* about 3 KB */
	memset(out, 0, sizeof *out);
	out->status = XXGK_INFER_NONE;
	out->chosen = -1;
	if (width > XXGK_ROW_CAP || base_in_grid + width > grid->cell_count)
		return;
	/* only rules with a cell in this row can change or judge it: the row's
	 * cells are the only unknowns being solved */
	xxgk_grid local;
	xxgk_eq local_eqs[XXGK_EQ_CAP];
	infer_local(&local, local_eqs, grid, base_in_grid, width);
	const xxgk_grid *g = &local;
	const int base = 0;   /* the row's cells come first in the local grid */
	bool any = false;
	for (int ci = 0; ci < cand_n; ci++) {
		bool open;
		if (!infer_try(&w, g, base, width, cands[ci].val, cands[ci].state, &open))
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
	/* on the heap, not in thread-local arrays: those are zeroed for every
	 * thread at start-up (1.7 MB) whether a row is ever damaged or not */
	xxgk_row_cand *cands = malloc(XXGK_INFER_MAX_CANDS * sizeof *cands);
	int (*where)[XXGK_ROW_CAP] = malloc(XXGK_INFER_MAX_CANDS * sizeof *where);
	int n = cands && where ? xxgk_infer_placements(cands, where, XXGK_INFER_MAX_CANDS, d) : -1;
	if (n <= 0 || d->printed_count >= d->width) {
		memset(out, 0, sizeof *out);
		out->status = XXGK_INFER_NONE;
		out->chosen = -1;
	} else {
		xxgk_infer_cands(out, g, d->base, d->width, cands, n);
		if (out->chosen >= 0)
			for (int i = 0; i < d->printed_count; i++)
				out->placement[i] = where[out->chosen][i];
	}
	free(cands);
	free(where);
}

/* ------------------------------------------------------------ the solver */

static int solve_root(int *parent, int c)
{
	while (parent[c] != c)
		c = parent[c] = parent[parent[c]];
	return c;
}

/*
 * The grid's rules settled by the checker's deductive engine, one group of
 * linked unknowns at a time: rules that share an unknown cell are solved
 * together, so a rule the report breaks marks only the unknowns tied to it
 * as conflicts and leaves the others to be settled.
 */
void xxgk_infer_solve(xxgk_solution *out, const xxgk_grid *g)
{
	static _Thread_local xxgk_lin lins[XXGK_EQ_CAP], part[XXGK_EQ_CAP];
	memset(out, 0, sizeof *out);
	int n = infer_lins(lins, g, g->state, g->eq_count < XXGK_EQ_CAP ? g->eq_count : XXGK_EQ_CAP);
	if (n <= 0)
		return;   /* nothing unknown, or a rule too long to hold: nothing settled, which is safe */
	int parent[XXGK_GRID_CAP];
	for (int c = 0; c < g->cell_count; c++)
		parent[c] = c;
	for (int e = 0; e < n; e++) {
		int first = -1;
		for (int t = 0; t < lins[e].term_count; t++) {
			int c = lins[e].cell[t];
			if (g->state[c] == XXGK_SV_KNOWN)
				continue;
			if (first < 0)
				first = solve_root(parent, c);
			else
				parent[solve_root(parent, c)] = first;
		}
	}
	double val[XXGK_GRID_CAP];
	uint8_t state[XXGK_GRID_CAP];
	const char *rule[XXGK_GRID_CAP];
	for (int root = 0; root < g->cell_count; root++) {
		if (g->state[root] == XXGK_SV_KNOWN || solve_root(parent, root) != root)
			continue;
		int m = 0;
		for (int e = 0; e < n; e++) {
			bool mine = false;
			for (int t = 0; t < lins[e].term_count && !mine; t++)
				mine = g->state[lins[e].cell[t]] != XXGK_SV_KNOWN && solve_root(parent, lins[e].cell[t]) == root;
			if (mine)
				part[m++] = lins[e];
		}
		memcpy(val, g->val, sizeof(double) * (size_t)g->cell_count);
		memcpy(state, g->state, (size_t)g->cell_count);
		memset(rule, 0, sizeof rule);
		xxgk_deduce_cells cells = { g->cell_count, val, state, NULL, rule };
		bool broken = xxgk_deduce(&cells, part, m, XXGK_DEDUCE_ALL) != XXGK_DEDUCE_CONSISTENT;
		for (int c = 0; c < g->cell_count; c++) {
			if (g->state[c] != XXGK_SV_VAR || solve_root(parent, c) != root)
				continue;
			if (broken) {
				out->conflict[c] = 1;
			} else if (state[c] == XXGK_SV_KNOWN) {
				out->solved[c] = 1;
				out->val[c] = val[c];
				out->rule[c] = rule[c];
				out->solved_count++;
			}
		}
	}
}
