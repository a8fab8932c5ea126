/*
 * deduce.c — what linear equations over non-negative integer counts force,
 * in three tiers (xxgk/rules.h), and whether they can hold at all.
 *
 * The tiers follow the R package deductive (van der Loo & de Jonge,
 * "Statistical Data Cleaning with Applications in R", Wiley 2018, §9.2:
 * impute_lr): zeros (an equation Σx = 0 over non-negative unknowns makes each
 * of them 0), pivoting (reduce the equations over the unknowns to row echelon
 * form; a row with a single unknown fixes it), and implied bounds (each
 * equation bounds each of its unknowns by the others' bounds; rounding to
 * integers closes the interval; a closed interval of one value fixes it).
 * Every value deduced is the only one the equations allow, so the parser may
 * fill it and the checker may call it "the value that makes the rules hold".
 *
 * Feasibility (xxgk__deduce_feasible) adds branching: split the range of an
 * unsettled unknown and deduce again, depth first, within a node budget. It
 * is exact when it answers; error localisation (locate.c) asks it of every
 * candidate set of cells.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rules_int.h"

#define DD_EPS 1e-9
/* Values beyond this are not counts a report prints. */
#define DD_HUGE 1e15
/* A pivoting matrix of this many entries or fewer (and rows) is worked on the
 * stack: the parser asks thousands of small problems a second, and calloc was
 * a fifth of their pivoting. */
#define DD_PIVOT_SMALL 2048
#define DD_PIVOT_SMALL_ROWS 128

typedef struct {
	int n;
	const xxgk_lin *eqs;
	int eq_count;
} dd_prob;

static bool dd_fixed(const double *lo, const double *hi, int i)
{
	return lo[i] == hi[i];
}

/* Sets x_i to [l, h] ∩ its range, rounded to integers. −1 contradiction, 1 narrowed, 0 unchanged. */
static int dd_narrow(double *lo, double *hi, int i, double l, double h)
{
	if (l > -DD_HUGE)
		l = ceil(l - 1e-7);
	if (h < DD_HUGE)
		h = floor(h + 1e-7);
	int changed = 0;
	if (l > lo[i]) {
		lo[i] = l;
		changed = 1;
	}
	if (h < hi[i]) {
		hi[i] = h;
		changed = 1;
	}
	if (lo[i] > hi[i])
		return -1;
	return changed;
}

/* Tier 1: an equation whose unknowns all have one sign and nothing left for them. */
static int dd_zeros(const dd_prob *p, double *lo, double *hi, uint8_t *tier, int16_t *by, bool *changed)
{
	for (int e = 0; e < p->eq_count; e++) {
		const xxgk_lin *q = &p->eqs[e];
		double k = 0;
		int unknown = 0, pos = 0;
		for (int t = 0; t < q->term_count; t++) {
			int c = q->cell[t];
			if (dd_fixed(lo, hi, c)) {
				k += q->coef[t] * lo[c];
			} else {
				unknown++;
				pos += q->coef[t] > 0;
			}
		}
		if (!unknown) {
			if (fabs(k) > DD_EPS)
				return -1;
			continue;
		}
		if (pos != 0 && pos != unknown)
			continue;
		double target = pos ? -k : k;   /* Σ unknowns = target */
		if (target < -DD_EPS)
			return -1;
		if (fabs(target) > DD_EPS)
			continue;
		for (int t = 0; t < q->term_count; t++) {
			int c = q->cell[t];
			if (dd_fixed(lo, hi, c))
				continue;
			if (lo[c] > 0)
				return -1;
			lo[c] = hi[c] = 0;
			tier[c] = XXGK_DEDUCE_ZEROS;
			by[c] = (int16_t)e;
			*changed = true;
		}
	}
	return 0;
}

/*
 * Where a pass of the bounds tier may begin again. A pass stops at the first
 * range it narrows and the next pass starts from the first equation; the
 * equations before the one that narrowed had narrowed nothing, and still
 * narrow nothing unless they name the cell that moved. Skipping those gives
 * the same narrowings in the same order (so the same values, tiers and
 * rules), without weighing every equation again after each one.
 */
typedef struct {
	int weighed;   /* equations [0, weighed) narrow nothing, save those naming `cell` */
	int cell;      /* the cell the last narrowing moved */
	bool fixed;    /* that narrowing left the cell one value */
} dd_resume;

static bool dd_names(const xxgk_lin *q, int cell)
{
	for (int t = 0; t < q->term_count; t++)
		if (q->cell[t] == cell)
			return true;
	return false;
}

/* Tier 3: each equation bounds each unknown by the others' ranges. */
static int dd_bounds(const dd_prob *p, double *lo, double *hi, uint8_t *tier, int16_t *by, bool *changed,
		     dd_resume *rs)
{
	for (int e = 0; e < p->eq_count; e++) {
		const xxgk_lin *q = &p->eqs[e];
		if (e < rs->weighed && !dd_names(q, rs->cell))
			continue;
		/* range of Σ coef·x: finite parts and how many infinite contributions */
		double smin = 0, smax = 0;
		int inf_min = 0, inf_max = 0;
		for (int t = 0; t < q->term_count; t++) {
			int c = q->cell[t];
			double a = q->coef[t] * lo[c], b = q->coef[t] * (hi[c] >= DD_HUGE ? INFINITY : hi[c]);
			double mn = a < b ? a : b, mx = a < b ? b : a;
			if (isinf(mn))
				inf_min++;
			else
				smin += mn;
			if (isinf(mx))
				inf_max++;
			else
				smax += mx;
		}
		for (int t = 0; t < q->term_count; t++) {
			int c = q->cell[t];
			if (dd_fixed(lo, hi, c))
				continue;
			double a = q->coef[t] * lo[c], b = q->coef[t] * (hi[c] >= DD_HUGE ? INFINITY : hi[c]);
			double mn = a < b ? a : b, mx = a < b ? b : a;
			/* others' range, without this term */
			double omin = isinf(mn) ? (inf_min > 1 ? -INFINITY : smin) : (inf_min ? -INFINITY : smin - mn);
			double omax = isinf(mx) ? (inf_max > 1 ? INFINITY : smax) : (inf_max ? INFINITY : smax - mx);
			/* coef·x = −others */
			double l = -omax, h = -omin;
			if (q->coef[t] < 0) {
				double tmp = -l;
				l = -h;
				h = tmp;
			}
			bool was = dd_fixed(lo, hi, c);
			int r = dd_narrow(lo, hi, c, isinf(l) ? -DD_HUGE * 10 : l, isinf(h) ? DD_HUGE * 10 : h);
			if (r < 0)
				return -1;
			if (r > 0) {
				*changed = true;
				rs->weighed = e;
				rs->cell = c;
				rs->fixed = !was && dd_fixed(lo, hi, c);
				if (rs->fixed) {
					tier[c] = XXGK_DEDUCE_BOUNDS;
					by[c] = (int16_t)e;
				}
				return 0;   /* ranges moved: start the pass again with fresh sums */
			}
		}
	}
	return 0;
}

/* Tier 2: row echelon form over the unknowns; a row with one unknown fixes it. */
static int dd_pivot(const dd_prob *p, double *lo, double *hi, uint8_t *tier, int16_t *by, bool *changed)
{
	int col_of[XXGK_DEDUCE_CELLS], cell_of[XXGK_DEDUCE_CELLS];
	int ncol = 0;
	for (int i = 0; i < p->n; i++)
		col_of[i] = -1;
	for (int e = 0; e < p->eq_count; e++)
		for (int t = 0; t < p->eqs[e].term_count; t++) {
			int c = p->eqs[e].cell[t];
			if (!dd_fixed(lo, hi, c) && col_of[c] < 0) {
				col_of[c] = ncol;
				cell_of[ncol++] = c;
			}
		}
	if (!ncol)
		return 0;
	int rows = p->eq_count, w = ncol + 1;
	double m_small[DD_PIVOT_SMALL];
	int origin_small[DD_PIVOT_SMALL_ROWS];
	bool small = (size_t)rows * (size_t)w <= DD_PIVOT_SMALL && rows <= DD_PIVOT_SMALL_ROWS;
	double *m = small ? m_small : calloc((size_t)rows * (size_t)w, sizeof *m);
	int *origin = small ? origin_small : calloc((size_t)rows, sizeof *origin);
	if (!m || !origin) {
		free(m);
		free(origin);
		return 0;   /* no deduction without memory; nothing wrong is claimed */
	}
	if (small)
		memset(m, 0, sizeof(double) * (size_t)rows * (size_t)w);
	for (int e = 0; e < rows; e++) {
		double *row = &m[(size_t)e * (size_t)w];
		double k = 0;
		origin[e] = e;
		for (int t = 0; t < p->eqs[e].term_count; t++) {
			int c = p->eqs[e].cell[t];
			if (dd_fixed(lo, hi, c))
				k += p->eqs[e].coef[t] * lo[c];
			else
				row[col_of[c]] += p->eqs[e].coef[t];
		}
		row[ncol] = -k;
	}
	int r = 0, rc = 0;
	int pivcol[XXGK_DEDUCE_CELLS];
	for (int col = 0; col < ncol && r < rows; col++) {
		int best = -1;
		double bv = DD_EPS;
		for (int i = r; i < rows; i++)
			if (fabs(m[(size_t)i * (size_t)w + (size_t)col]) > bv) {
				bv = fabs(m[(size_t)i * (size_t)w + (size_t)col]);
				best = i;
			}
		if (best < 0)
			continue;
		if (best != r) {
			for (int k = 0; k < w; k++) {
				double tmp = m[(size_t)r * (size_t)w + (size_t)k];
				m[(size_t)r * (size_t)w + (size_t)k] = m[(size_t)best * (size_t)w + (size_t)k];
				m[(size_t)best * (size_t)w + (size_t)k] = tmp;
			}
			int t = origin[r];
			origin[r] = origin[best];
			origin[best] = t;
		}
		double *pr = &m[(size_t)r * (size_t)w];
		double pv = pr[col];
		for (int k = 0; k < w; k++)
			pr[k] /= pv;
		for (int i = 0; i < rows; i++) {
			if (i == r)
				continue;
			double *ri = &m[(size_t)i * (size_t)w];
			double f = ri[col];
			if (fabs(f) < DD_EPS)
				continue;
			for (int k = 0; k < w; k++)
				ri[k] -= f * pr[k];
		}
		pivcol[r] = col;
		r++;
	}
	/* rows beyond the rank must read 0 = 0 */
	for (int i = r; i < rows && !rc; i++)
		if (fabs(m[(size_t)i * (size_t)w + (size_t)ncol]) > 1e-6)
			rc = -1;
	for (int i = 0; i < r && !rc; i++) {
		const double *ri = &m[(size_t)i * (size_t)w];
		bool alone = true;
		for (int k = 0; k < ncol && alone; k++)
			if (k != pivcol[i] && fabs(ri[k]) > DD_EPS)
				alone = false;
		if (!alone)
			continue;
		double v = ri[ncol];
		double rv = floor(v + 0.5);
		int c = cell_of[pivcol[i]];
		if (fabs(v - rv) > 1e-6 || rv < lo[c] - DD_EPS || rv > hi[c] + DD_EPS) {
			rc = -1;
			break;
		}
		lo[c] = hi[c] = rv;
		tier[c] = XXGK_DEDUCE_PIVOT;
		by[c] = (int16_t)origin[i];
		*changed = true;
	}
	if (!small) {
		free(m);
		free(origin);
	}
	return rc;
}

/* All asked tiers to a fixed point. −1 contradiction, 0 consistent so far. */
static int dd_run(const dd_prob *p, double *lo, double *hi, unsigned tiers, uint8_t *tier, int16_t *by)
{
	dd_resume rs = { 0, -1, false };
	/* The zeros tier reads only the fixed cells: after a pass of it that
	 * changed nothing it changes nothing until a cell is fixed. */
	bool zeros_due = true;
	for (int guard = 0; guard < 100000; guard++) {
		bool changed = false;
		if ((tiers & XXGK_DEDUCE_ZEROS) && zeros_due && dd_zeros(p, lo, hi, tier, by, &changed) < 0)
			return -1;
		if (changed) {
			rs.weighed = 0;
			continue;
		}
		zeros_due = false;
		if ((tiers & XXGK_DEDUCE_BOUNDS) && dd_bounds(p, lo, hi, tier, by, &changed, &rs) < 0)
			return -1;
		if (changed) {
			zeros_due = rs.fixed;
			continue;
		}
		if ((tiers & XXGK_DEDUCE_PIVOT) && dd_pivot(p, lo, hi, tier, by, &changed) < 0)
			return -1;
		if (!changed)
			break;
		rs.weighed = 0;
		zeros_due = true;
	}
	/* a fully known equation that fails is a contradiction whatever the tiers */
	for (int e = 0; e < p->eq_count; e++) {
		const xxgk_lin *q = &p->eqs[e];
		double k = 0;
		bool all = true;
		for (int t = 0; t < q->term_count && all; t++) {
			all = dd_fixed(lo, hi, q->cell[t]);
			k += q->coef[t] * lo[q->cell[t]];
		}
		if (all && fabs(k) > 1e-6)
			return -1;
	}
	return 0;
}

static void dd_init(const xxgk_deduce_cells *c, double *lo, double *hi)
{
	for (int i = 0; i < c->cell_count; i++) {
		if (c->state[i] == XXGK_CELL_KNOWN) {
			lo[i] = hi[i] = c->val[i];
		} else {
			lo[i] = 0;
			hi[i] = DD_HUGE * 10;
		}
	}
}

int xxgk__deduce_bounds(xxgk_deduce_cells *c, const xxgk_lin *eqs, int eq_count, unsigned tiers, double *lo,
			double *hi)
{
	uint8_t tier[XXGK_DEDUCE_CELLS];
	int16_t by[XXGK_DEDUCE_CELLS];
	if (c->cell_count > XXGK_DEDUCE_CELLS)
		return XXGK_DEDUCE_CONSISTENT;
	memset(tier, 0, sizeof tier);
	dd_prob p = { c->cell_count, eqs, eq_count };
	dd_init(c, lo, hi);
	int rc = dd_run(&p, lo, hi, tiers, tier, by);
	for (int i = 0; i < c->cell_count; i++) {
		if (c->state[i] != XXGK_CELL_VAR || !tier[i] || !dd_fixed(lo, hi, i))
			continue;
		c->val[i] = lo[i];
		c->state[i] = XXGK_CELL_KNOWN;
		if (c->tier)
			c->tier[i] = tier[i];
		if (c->rule)
			c->rule[i] = eqs[by[i]].rule;
	}
	for (int i = 0; i < c->cell_count; i++)
		if (hi[i] >= DD_HUGE)
			hi[i] = INFINITY;
	return rc < 0 ? XXGK_DEDUCE_CONTRADICTION : XXGK_DEDUCE_CONSISTENT;
}

int xxgk_deduce(xxgk_deduce_cells *c, const xxgk_lin *eqs, int eq_count, unsigned tiers)
{
	double lo[XXGK_DEDUCE_CELLS], hi[XXGK_DEDUCE_CELLS];
	return xxgk__deduce_bounds(c, eqs, eq_count, tiers, lo, hi);
}

/* ------------------------------------------------------------ feasibility */

typedef struct {
	const dd_prob *p;
	int nodes, cap;
	bool gave_up;
} dd_search;

static int dd_branch(dd_search *s, const double *lo0, const double *hi0)
{
	if (++s->nodes > s->cap) {
		s->gave_up = true;
		return 0;
	}
	int n = s->p->n;
	double *lo = malloc(2 * (size_t)n * sizeof *lo);
	if (!lo) {
		s->gave_up = true;
		return 0;
	}
	double *hi = lo + n;
	memcpy(lo, lo0, (size_t)n * sizeof *lo);
	memcpy(hi, hi0, (size_t)n * sizeof *hi);
	uint8_t tier[XXGK_DEDUCE_CELLS];
	int16_t by[XXGK_DEDUCE_CELLS];
	int result = 0;
	if (dd_run(s->p, lo, hi, XXGK_DEDUCE_ALL, tier, by) < 0)
		goto done;
	/* the unsettled unknown with the narrowest range */
	int pick = -1;
	double width = INFINITY;
	for (int e = 0; e < s->p->eq_count; e++)
		for (int t = 0; t < s->p->eqs[e].term_count; t++) {
			int c = s->p->eqs[e].cell[t];
			if (!dd_fixed(lo, hi, c) && hi[c] - lo[c] < width) {
				width = hi[c] - lo[c];
				pick = c;
			}
		}
	if (pick < 0) {
		result = 1;
		goto done;
	}
	/* its least value first (counts are mostly small, and zeros settle the
	 * most), then the rest of its range in two halves: complete, and the
	 * depth grows with the logarithm of the range */
	double l = lo[pick], h = hi[pick];
	double mid = h < DD_HUGE ? floor((l + 1 + h) / 2) : 2 * l + 16;
	double parts[3][2] = { { l, l }, { l + 1, mid }, { mid + 1, h } };
	for (int k = 0; k < 3 && !result && !s->gave_up; k++) {
		if (parts[k][0] > parts[k][1])
			continue;
		lo[pick] = parts[k][0];
		hi[pick] = parts[k][1];
		result = dd_branch(s, lo, hi);
	}
done:
	free(lo);
	return result;
}

int xxgk__deduce_feasible(const xxgk_deduce_cells *c, const xxgk_lin *eqs, int eq_count, int node_cap)
{
	double lo[XXGK_DEDUCE_CELLS], hi[XXGK_DEDUCE_CELLS];
	if (c->cell_count > XXGK_DEDUCE_CELLS)
		return -1;
	dd_prob p = { c->cell_count, eqs, eq_count };
	dd_init(c, lo, hi);
	dd_search s = { &p, 0, node_cap, false };
	int r = dd_branch(&s, lo, hi);
	if (r)
		return 1;
	return s.gave_up ? -1 : 0;
}
