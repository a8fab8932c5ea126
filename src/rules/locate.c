/*
 * locate.c — error localisation: which printed figures most likely are wrong.
 *
 * Fellegi & Holt (JASA 1976): find the set of cells of least total weight
 * whose values can be changed so that every rule holds; the other cells stay
 * as printed. The same principle drives Statistics Netherlands' errorlocate
 * (van der Loo & de Jonge 2018, ch. 10) and Statistics Canada's Banff
 * errorloc; they solve it as a mixed-integer program. Our tables are small
 * (190 cells, 42 equations), so an exact branch and bound does it directly:
 *   - the sets are grown cell by cell: a cell of the first rule that still
 *     fails and has no cell in the set, else a cell sharing an equation with
 *     the set or with a cell the report leaves blank (a minimal set is
 *     connected that way, or a part of it could be put back as printed);
 *   - sets are tried by size 1, 2, … while size × (lightest weight) can still
 *     reach the best weight found; a branch stops as soon as its weight plus
 *     the lightest possible rest passes the best;
 *   - a set is accepted when the equations, with its cells and the blank
 *     cells unknown, admit non-negative integers (deduce.c's exact search).
 * Every set of the least weight is kept (ties are listed, not broken), with
 * the values the rules then force on its cells, or their range.
 * Weights (data/rules.conf): printed 1, a printed total 0.8, an inferred cell
 * 0.7 of what it would weigh printed.
 *
 * The report's own second printing of a figure is evidence too: a figure the
 * narrative states ("行政复议6件", data/rules.conf's `claim` blocks say what it
 * counts) and the table prints alike enters as a printed cell of its own,
 * tied to the table cells by the claim's relation. Changing the table figure
 * then breaks that relation unless the narrative changes too, so a confirmed
 * total no longer outweighs a detail beside it. A narrative figure that
 * disagrees with the table is left out (text.table_mismatch reports it): it
 * confirms nothing.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rules_int.h"

/* Sets tested for one report before giving up (a report broken everywhere). */
#define LOCATE_TESTS 4000
/* Nodes of one feasibility search. */
#define LOCATE_NODES 400
#define LOCATE_SEEN 8192
#define LOCATE_EQS 80   /* 42 rules' instances, the narrative's figures */

_Static_assert(RULES_LOCATE_CELLS <= XXGK_DEDUCE_CELLS, "the deduction holds every cell");
/* Sets tested when looking for alternatives (informational: fewer is fine). */
#define LOCATE_ALT_TESTS 300

typedef struct {
	const xxgk_rules *rs;
	int template_kind;
	xxgk_lin eqs[LOCATE_EQS];
	int eq_count;
	bool failed[LOCATE_EQS];
	uint8_t state[RULES_LOCATE_CELLS];       /* KNOWN, or OPEN for a blank */
	double val[RULES_LOCATE_CELLS];
	double weight[RULES_LOCATE_CELLS];
	bool in_eq[RULES_LOCATE_CELLS];
	double w_min;
	/* search */
	int set[RULES_LOCATE_MAX_SET];
	int size, target;
	double best;
	int tests;
	bool gave_up;
	bool alt;                         /* collecting alternatives, not solutions */
	uint64_t solution_key[RULES_LOCATE_LISTED];
	uint64_t seen[LOCATE_SEEN];
	rules_location *out;
} locate_ctx;

static uint64_t locate_key(const int *cells, int n)
{
	int s[RULES_LOCATE_MAX_SET];
	memcpy(s, cells, (size_t)n * sizeof *s);
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && s[j - 1] > s[j]; j--) {
			int t = s[j];
			s[j] = s[j - 1];
			s[j - 1] = t;
		}
	uint64_t k = 1469598103934665603ull;
	for (int i = 0; i < n; i++)
		k = (k ^ (uint64_t)(unsigned)(s[i] + 1)) * (uint64_t)1099511628211u;
	return k | 1;
}

/* Marks a set as tried; false when it was already. */
static bool locate_first_time(locate_ctx *x, uint64_t key)
{
	size_t h = (size_t)(key % (uint64_t)LOCATE_SEEN);
	for (size_t probe = 0; probe < LOCATE_SEEN; probe++) {
		size_t i = (h + probe) % LOCATE_SEEN;
		if (x->seen[i] == key)
			return false;
		if (!x->seen[i]) {
			x->seen[i] = key;
			return true;
		}
	}
	return true;   /* full: may try a set twice, never misses one */
}

static bool locate_in_set(const locate_ctx *x, int cell)
{
	for (int i = 0; i < x->size; i++)
		if (x->set[i] == cell)
			return true;
	return false;
}

static bool locate_feasible(locate_ctx *x)
{
	uint8_t state[RULES_LOCATE_CELLS];
	memcpy(state, x->state, sizeof state);
	for (int i = 0; i < x->size; i++)
		state[x->set[i]] = XXGK_CELL_OPEN;
	double val[RULES_LOCATE_CELLS];
	memcpy(val, x->val, sizeof val);
	xxgk_deduce_cells c = { RULES_LOCATE_CELLS, val, state, NULL, NULL };
	int r = xxgk__deduce_feasible(&c, x->eqs, x->eq_count, LOCATE_NODES);
	if (r < 0)
		x->gave_up = true;
	return r == 1;
}

static void locate_record(locate_ctx *x, double w)
{
	rules_location *o = x->out;
	if (w < x->best - 1e-9) {
		x->best = w;
		o->solution_count = 0;
		o->listed = 0;
	}
	o->solution_count++;
	if (o->listed < RULES_LOCATE_LISTED) {
		int k = o->listed++;
		o->size[k] = x->size;
		for (int i = 0; i < x->size; i++)
			o->cell[k][i] = (int16_t)x->set[i];
	}
}

static double locate_weight(const locate_ctx *x)
{
	double w = 0;
	for (int i = 0; i < x->size; i++)
		w += x->weight[x->set[i]];
	return w;
}

/* An alternative: as few cells as the best sets, heavier. */
static void locate_record_alt(locate_ctx *x, uint64_t key)
{
	rules_location *o = x->out;
	for (int k = 0; k < o->listed; k++)
		if (x->solution_key[k] == key)
			return;
	if (o->alternatives >= RULES_LOCATE_ALTERNATIVES)
		return;
	int k = o->listed + o->alternatives++;
	o->size[k] = x->size;
	for (int i = 0; i < x->size; i++)
		o->cell[k][i] = (int16_t)x->set[i];
}

static void locate_dfs(locate_ctx *x)
{
	if (x->gave_up)
		return;
	double w = locate_weight(x);
	if (!x->alt && w + (x->target - x->size) * x->w_min > x->best + 1e-9)
		return;
	if (x->size == x->target) {
		uint64_t key = locate_key(x->set, x->size);
		if (!locate_first_time(x, key))
			return;
		if (++x->tests > (x->alt ? LOCATE_ALT_TESTS : LOCATE_TESTS)) {
			x->gave_up = true;
			return;
		}
		bool ok = locate_feasible(x);
		if (x->alt && x->gave_up)
			return;
		if (ok && x->alt)
			locate_record_alt(x, key);
		else if (ok)
			locate_record(x, w);
		return;
	}
	/* the first failed equation the set does not touch */
	int uncovered = -1;
	for (int e = 0; e < x->eq_count && uncovered < 0; e++) {
		if (!x->failed[e])
			continue;
		bool hit = false;
		for (int t = 0; t < x->eqs[e].term_count && !hit; t++)
			hit = locate_in_set(x, x->eqs[e].cell[t]);
		if (!hit)
			uncovered = e;
	}
	bool tried[RULES_LOCATE_CELLS];
	memset(tried, 0, sizeof tried);
	for (int e = 0; e < x->eq_count; e++) {
		if (uncovered >= 0 && e != uncovered)
			continue;
		if (uncovered < 0) {
			/* all failures touched: grow along equations shared with the set or a blank */
			bool near = false;
			for (int t = 0; t < x->eqs[e].term_count && !near; t++) {
				int c = x->eqs[e].cell[t];
				near = locate_in_set(x, c) || x->state[c] != XXGK_CELL_KNOWN;
			}
			if (!near)
				continue;
		}
		for (int t = 0; t < x->eqs[e].term_count; t++) {
			int c = x->eqs[e].cell[t];
			if (tried[c] || x->state[c] != XXGK_CELL_KNOWN || locate_in_set(x, c))
				continue;
			tried[c] = true;
			x->set[x->size++] = c;
			locate_dfs(x);
			x->size--;
			if (x->gave_up)
				return;
		}
	}
}

/* The values the rules force on a solution's cells, or their range. */
static void locate_values(locate_ctx *x, int k)
{
	rules_location *o = x->out;
	uint8_t state[RULES_LOCATE_CELLS];
	double val[RULES_LOCATE_CELLS], lo[XXGK_DEDUCE_CELLS], hi[XXGK_DEDUCE_CELLS];
	memcpy(state, x->state, sizeof state);
	memcpy(val, x->val, sizeof val);
	for (int i = 0; i < o->size[k]; i++)
		state[o->cell[k][i]] = XXGK_CELL_VAR;
	xxgk_deduce_cells c = { RULES_LOCATE_CELLS, val, state, NULL, NULL };
	xxgk__deduce_bounds(&c, x->eqs, x->eq_count, XXGK_DEDUCE_ALL, lo, hi);
	for (int i = 0; i < o->size[k]; i++) {
		int cell = o->cell[k][i];
		o->settled[k][i] = state[cell] == XXGK_CELL_KNOWN;
		o->value[k][i] = val[cell];
		o->lo[k][i] = lo[cell];
		o->hi[k][i] = hi[cell];
	}
}

static int locate_cmp_cells(const void *a, const void *b)
{
	return *(const int16_t *)a - *(const int16_t *)b;
}

/*
 * The narrative's figures that agree with the table as printed, as cells
 * RULES_CELLS + k tied to it (the first reading that agrees: 收到申请 may
 * count the carried-over applications).
 */
static void locate_claims(locate_ctx *x, const xxgk_report *r)
{
	rules_location *o = x->out;
	double wp, wt, wi;
	xxgk__rules_weights(x->rs, &wp, &wt, &wi);
	for (size_t i = 0; i < r->claim_count && o->claim_count < RULES_LOCATE_CLAIMS && x->eq_count < LOCATE_EQS;
	     i++) {
		const rules_claim *cl = xxgk__rules_claim(x->rs, r->template_kind, r->claims[i].key);
		for (int k = 0; cl && k < cl->reading_count; k++) {
			double sum = 0;
			bool known = cl->term_count[k] + 1 <= XXGK_LIN_TERMS;
			for (int t = 0; t < cl->term_count[k] && known; t++) {
				known = x->state[cl->cell[k][t]] == XXGK_CELL_KNOWN;
				sum += x->val[cl->cell[k][t]];
			}
			if (!known || fabs(sum - r->claims[i].value) > 1e-6)
				continue;
			int c = RULES_CELLS + o->claim_count;
			o->claim_index[o->claim_count++] = (uint16_t)i;
			x->state[c] = XXGK_CELL_KNOWN;
			x->val[c] = r->claims[i].value;
			x->weight[c] = wp;
			x->in_eq[c] = true;
			xxgk_lin *e = &x->eqs[x->eq_count];
			e->rule = "text.table_mismatch";
			e->term_count = (uint16_t)(cl->term_count[k] + 1);
			e->cell[0] = (int16_t)c;
			e->coef[0] = 1;
			for (int t = 0; t < cl->term_count[k]; t++) {
				e->cell[t + 1] = cl->cell[k][t];
				e->coef[t + 1] = -1;
				x->in_eq[cl->cell[k][t]] = true;
			}
			x->failed[x->eq_count++] = false;
			break;
		}
	}
}

int xxgk__rules_locate(rules_location *out, const xxgk_rules *rs, const xxgk_report *r)
{
	memset(out, 0, sizeof *out);
	locate_ctx *x = calloc(1, sizeof *x);
	if (!x)
		return XXGK_ENOMEM;
	x->rs = rs;
	x->out = out;
	x->template_kind = r->template_kind;
	const rules_table *t = xxgk__rules_table(rs, r->template_kind, XXGK_SCOPE_REPORT);
	double wp, wt, wi;
	xxgk__rules_weights(rs, &wp, &wt, &wi);
	x->w_min = wp * wt * wi;
	for (int c = 0; c < RULES_CELLS; c++) {
		const xxgk_cell *cell = xxgk__rules_cell(r, c);
		x->state[c] = cell->has_value ? XXGK_CELL_KNOWN : XXGK_CELL_OPEN;
		x->val[c] = cell->has_value ? cell->value : 0;
		double w = wp;
		if (xxgk__rules_is_total(rs, r->template_kind, c))
			w *= wt;
		if (cell->kind == XXGK_KIND_INFERRED)
			w *= wi;
		x->weight[c] = w;
	}
	bool any_failed = false;
	for (size_t i = 0; i < t->count && x->eq_count < LOCATE_EQS; i++) {
		const rules_inst *in = &t->inst[i];
		xxgk_lin *e = &x->eqs[x->eq_count];
		e->rule = xxgk_rules_at(rs, in->rule)->id;
		e->term_count = in->term_count;
		double sum = 0;
		bool known = true;
		for (int k = 0; k < in->term_count; k++) {
			int c = t->terms[in->term_off + (size_t)k].cell;
			e->cell[k] = (int16_t)c;
			e->coef[k] = t->terms[in->term_off + (size_t)k].coef;
			x->in_eq[c] = true;
			if (x->state[c] != XXGK_CELL_KNOWN)
				known = false;
			else
				sum += e->coef[k] * x->val[c];
		}
		x->failed[x->eq_count] = known && fabs(sum) > 1e-6;
		any_failed |= x->failed[x->eq_count];
		x->eq_count++;
	}
	if (!any_failed) {
		free(x);
		return XXGK_OK;
	}
	locate_claims(x, r);
	x->best = INFINITY;
	for (x->target = 1; x->target <= RULES_LOCATE_MAX_SET && !x->gave_up; x->target++) {
		if (x->target * x->w_min > x->best + 1e-9)
			break;
		x->size = 0;
		locate_dfs(x);
	}
	if (x->gave_up || !out->listed) {
		/* an answer cut short is no answer: exact or nothing */
		memset(out, 0, sizeof *out);
		out->status = -1;
		free(x);
		return XXGK_OK;
	}
	out->status = 1;
	out->weight = x->best;
	/* then sets of as few cells that weigh more: what else could be wrong */
	int fewest = RULES_LOCATE_MAX_SET;
	for (int k = 0; k < out->listed; k++) {
		int cells[RULES_LOCATE_MAX_SET];
		for (int i = 0; i < out->size[k]; i++)
			cells[i] = out->cell[k][i];
		x->solution_key[k] = locate_key(cells, out->size[k]);
		if (out->size[k] < fewest)
			fewest = out->size[k];
	}
	memset(x->seen, 0, sizeof x->seen);
	x->alt = true;
	x->tests = 0;
	x->target = fewest;
	x->size = 0;
	locate_dfs(x);
	x->gave_up = false;
	for (int k = 0; k < out->listed + out->alternatives; k++) {
		qsort(out->cell[k], (size_t)out->size[k], sizeof out->cell[k][0], locate_cmp_cells);
		locate_values(x, k);
	}
	free(x);
	return XXGK_OK;
}
