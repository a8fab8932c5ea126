/*
 * figures.c — the one statement of which cells make which figure: the
 * table-3 result families （一）…（六）, the per-body figures (XXGK_FIG_*)
 * that distributions and outliers compare, and the rates (numerator and
 * denominator figures). Roll-ups (src/store/rollup.c), rates (rates.c),
 * outliers and the documents (src/compose/) all read these tables, so a
 * row cannot be counted in one family by one stage and in another by the
 * next.
 *
 * Exports xxgk_t3_family, xxgk_t3_row_family, xxgk_t3_row_figure,
 * xxgk_t4_figure, xxgk_active_figure, xxgk_figure_key/_label/_unit,
 * xxgk_figure_is_volume, xxgk_rate_figures, xxgk_rate_key/_label and
 * xxgk_sums_figure (xxgk/aggregate.h).
 *
 * Source: the row order and families of table 3 in 国办公开办函〔2021〕30号
 * (SHARED SCHEMA.md: `denied` 8 rows, `unable` 3, `not_processed` 5, `other` 3);
 * the rates of docs/aggregate.md.
 */
#include <string.h>

#include "xxgk/aggregate.h"

/* ---- table 3: the result families ---- */

static const xxgk_family family_defs[XXGK_FAMILY_COUNT] = {
	{ "granted", "（一）予以公开", XXGK_T3_GRANTED, XXGK_T3_GRANTED },
	{ "partially_granted", "（二）部分公开", XXGK_T3_PARTIALLY_GRANTED, XXGK_T3_PARTIALLY_GRANTED },
	{ "denied", "（三）不予公开", XXGK_T3_DENIED_STATE_SECRET, XXGK_T3_DENIED_ADMIN_QUERY },
	{ "unable", "（四）无法提供", XXGK_T3_UNABLE_NO_INFO, XXGK_T3_UNABLE_UNCLEAR },
	{ "not_processed", "（五）不予处理", XXGK_T3_NOT_PROCESSED_COMPLAINT, XXGK_T3_NOT_PROCESSED_CONFIRM },
	{ "other", "（六）其他处理", XXGK_T3_OTHER_OVERDUE_CORRECTION, XXGK_T3_OTHER_REASONS },
};

const xxgk_family *xxgk_t3_family(int family)
{
	return family >= 0 && family < XXGK_FAMILY_COUNT ? &family_defs[family] : NULL;
}

int xxgk_t3_row_family(int row)
{
	for (int f = 0; f < XXGK_FAMILY_COUNT; f++)
		if (row >= family_defs[f].first_row && row <= family_defs[f].last_row)
			return f;
	return -1;
}

/* ---- the per-body figures ---- */

/* Where a figure's value comes from: the 总计 column of table-3 rows, a table-4 cell summed over
 * groups, or a table-2 item's decisions. */
enum { FIG_T3 = 3, FIG_T4 = 4, FIG_T2 = 2 };

static const struct {
	const char *key;
	const char *label;
	int table;
	int first, last;      /* FIG_T3: rows first..last; FIG_T4: groups first..last */
	int col;              /* FIG_T4: the column */
	const char *item;     /* FIG_T2: the table-2 item */
	bool volume;          /* a count compared as such (not only the part of a rate) */
} figure_defs[XXGK_FIG_COUNT] = {
	[XXGK_FIG_NEW_RECEIVED] = { "new_received", "本年新收申请", FIG_T3, XXGK_T3_NEW_RECEIVED,
				    XXGK_T3_NEW_RECEIVED, 0, NULL, true },
	/* not compared as a count: it is new_received plus a small carry-over (one jump would count twice);
	 * it is the denominator of the rates */
	[XXGK_FIG_TOTAL_PROCESSED] = { "total_processed", "办理总计", FIG_T3, XXGK_T3_TOTAL_PROCESSED,
				       XXGK_T3_TOTAL_PROCESSED, 0, NULL, false },
	[XXGK_FIG_DISCLOSED] = { "disclosed", "予以公开和部分公开", FIG_T3, XXGK_T3_GRANTED, XXGK_T3_PARTIALLY_GRANTED,
				 0, NULL, false },
	[XXGK_FIG_DENIED] = { "denied", "不予公开", FIG_T3, XXGK_T3_DENIED_STATE_SECRET, XXGK_T3_DENIED_ADMIN_QUERY, 0,
			      NULL, false },
	[XXGK_FIG_UNABLE] = { "unable", "无法提供", FIG_T3, XXGK_T3_UNABLE_NO_INFO, XXGK_T3_UNABLE_UNCLEAR, 0, NULL,
			      false },
	[XXGK_FIG_NOT_PROCESSED] = { "not_processed", "不予处理", FIG_T3, XXGK_T3_NOT_PROCESSED_COMPLAINT,
				     XXGK_T3_NOT_PROCESSED_CONFIRM, 0, NULL, false },
	[XXGK_FIG_REVIEW] = { "review", "行政复议", FIG_T4, XXGK_T4_REVIEW, XXGK_T4_REVIEW, XXGK_T4_TOTAL, NULL, true },
	[XXGK_FIG_REVIEW_CORRECTED] = { "review_corrected", "行政复议结果纠正", FIG_T4, XXGK_T4_REVIEW, XXGK_T4_REVIEW,
					XXGK_T4_CORRECTED, NULL, false },
	[XXGK_FIG_LITIGATION] = { "litigation", "行政诉讼", FIG_T4, XXGK_T4_LITIGATION_DIRECT,
				  XXGK_T4_LITIGATION_AFTER_REVIEW, XXGK_T4_TOTAL, NULL, true },
	[XXGK_FIG_LITIGATION_CORRECTED] = { "litigation_corrected", "行政诉讼结果纠正", FIG_T4,
					    XXGK_T4_LITIGATION_DIRECT, XXGK_T4_LITIGATION_AFTER_REVIEW,
					    XXGK_T4_CORRECTED, NULL, false },
	[XXGK_FIG_LICENSING] = { "licensing", "行政许可", FIG_T2, 0, 0, 0, "licensing", true },
	[XXGK_FIG_PENALTY] = { "penalty", "行政处罚", FIG_T2, 0, 0, 0, "penalty", true },
	[XXGK_FIG_COERCION] = { "coercion", "行政强制", FIG_T2, 0, 0, 0, "coercion", true },
};

const char *xxgk_figure_key(int f)
{
	return f >= 0 && f < XXGK_FIG_COUNT ? figure_defs[f].key : "?";
}

const char *xxgk_figure_label(int f)
{
	return f >= 0 && f < XXGK_FIG_COUNT ? figure_defs[f].label : "?";
}

const char *xxgk_figure_unit(int f)
{
	/* every figure is a count: applications and cases 件, decisions 件 too (the template's unit) */
	return f >= 0 && f < XXGK_FIG_COUNT ? "件" : "";
}

bool xxgk_figure_is_volume(int f)
{
	return f >= 0 && f < XXGK_FIG_COUNT && figure_defs[f].volume;
}

int xxgk_t3_row_figure(int row)
{
	/* the first figure whose rows hold `row`: the rows of the figures never overlap */
	for (int f = 0; f < XXGK_FIG_COUNT; f++)
		if (figure_defs[f].table == FIG_T3 && row >= figure_defs[f].first && row <= figure_defs[f].last)
			return f;
	return -1;
}

int xxgk_t4_figure(int group, int col)
{
	for (int f = 0; f < XXGK_FIG_COUNT; f++)
		if (figure_defs[f].table == FIG_T4 && group >= figure_defs[f].first && group <= figure_defs[f].last &&
		    col == figure_defs[f].col)
			return f;
	return -1;
}

int xxgk_active_figure(const char *item)
{
	for (int f = 0; item && f < XXGK_FIG_COUNT; f++)
		if (figure_defs[f].table == FIG_T2 && strcmp(figure_defs[f].item, item) == 0)
			return f;
	return -1;
}

/* Table-2 fields of xxgk_sums.active (the 2021 template's order, see src/store/rollup.c). */
static int figures_active_field(const char *item)
{
	return !strcmp(item, "licensing") ? 6 : !strcmp(item, "penalty") ? 7 : 8;
}

double xxgk_sums_figure(const xxgk_sums *s, int f, uint32_t *missing)
{
	double v = 0;
	uint32_t miss = 0;
	if (f < 0 || f >= XXGK_FIG_COUNT) {
		if (missing)
			*missing = 0;
		return 0;
	}
	switch (figure_defs[f].table) {
	case FIG_T3:
		for (int row = figure_defs[f].first; row <= figure_defs[f].last; row++) {
			v += s->applications[row][XXGK_T3_TOTAL];
			miss += s->applications_missing[row][XXGK_T3_TOTAL];
		}
		break;
	case FIG_T4:
		for (int g = figure_defs[f].first; g <= figure_defs[f].last; g++) {
			v += s->reviews[g][figure_defs[f].col];
			miss += s->reviews_missing[g][figure_defs[f].col];
		}
		break;
	default: {
		int k = figures_active_field(figure_defs[f].item);
		v = s->active[k];
		miss = s->active_missing[k];
	}
	}
	if (missing)
		*missing = miss;
	return v;
}

/* ---- rates ---- */

static const struct {
	const char *key, *label;
	int numerator, denominator;
} rate_defs[XXGK_RATE_COUNT] = {
	[XXGK_RATE_DISCLOSED] = { "disclosed", "公开率", XXGK_FIG_DISCLOSED, XXGK_FIG_TOTAL_PROCESSED },
	[XXGK_RATE_DENIED] = { "denied", "不予公开率", XXGK_FIG_DENIED, XXGK_FIG_TOTAL_PROCESSED },
	[XXGK_RATE_UNABLE] = { "unable", "无法提供率", XXGK_FIG_UNABLE, XXGK_FIG_TOTAL_PROCESSED },
	[XXGK_RATE_NOT_PROCESSED] = { "not_processed", "不予处理率", XXGK_FIG_NOT_PROCESSED,
				      XXGK_FIG_TOTAL_PROCESSED },
	[XXGK_RATE_REVIEW_CORRECTED] = { "review_corrected", "复议纠错率", XXGK_FIG_REVIEW_CORRECTED,
					 XXGK_FIG_REVIEW },
	[XXGK_RATE_LITIGATION_CORRECTED] = { "litigation_corrected", "诉讼纠错率", XXGK_FIG_LITIGATION_CORRECTED,
					     XXGK_FIG_LITIGATION },
};

const char *xxgk_rate_key(int rate)
{
	return rate >= 0 && rate < XXGK_RATE_COUNT ? rate_defs[rate].key : "?";
}

const char *xxgk_rate_label(int rate)
{
	return rate >= 0 && rate < XXGK_RATE_COUNT ? rate_defs[rate].label : "?";
}

void xxgk_rate_figures(int rate, int *num, int *den)
{
	if (rate < 0 || rate >= XXGK_RATE_COUNT)
		rate = XXGK_RATE_LITIGATION_CORRECTED;
	*num = rate_defs[rate].numerator;
	*den = rate_defs[rate].denominator;
}

/* The cells of figure f in r: their sum, whether each had a number, whether one was inferred. */
static double figure_cells(const xxgk_report *r, int f, bool *known, bool *inferred)
{
	double v = 0;
	bool all = true, inf = false;
	switch (figure_defs[f].table) {
	case FIG_T3:
		for (int row = figure_defs[f].first; row <= figure_defs[f].last; row++) {
			const xxgk_cell *c = &r->applications[row][XXGK_T3_TOTAL];
			if (c->has_value)
				v += c->value;
			else
				all = false;
			inf |= c->kind == XXGK_KIND_INFERRED;
		}
		break;
	case FIG_T4:
		for (int g = figure_defs[f].first; g <= figure_defs[f].last; g++) {
			const xxgk_cell *c = &r->reviews[g][figure_defs[f].col];
			if (c->has_value)
				v += c->value;
			else
				all = false;
			inf |= c->kind == XXGK_KIND_INFERRED;
		}
		break;
	default: {
		/* the item's 处理决定数量 in either template */
		size_t n = 0;
		const xxgk_active_field *fields = xxgk_active_fields(r->template_kind, &n);
		all = false;
		for (size_t i = 0; i < n; i++)
			if (!strcmp(fields[i].item, figure_defs[f].item) && !strcmp(fields[i].column, "decisions") &&
			    r->active[i].has_value) {
				v = r->active[i].value;
				all = true;
				inf = r->active[i].kind == XXGK_KIND_INFERRED;
			}
	}
	}
	*known = all;
	*inferred = inf;
	return v;
}

double xxgk_report_figure(const xxgk_report *r, int f, bool *known)
{
	bool all = false, inferred = false;
	double v = f >= 0 && f < XXGK_FIG_COUNT ? figure_cells(r, f, &all, &inferred) : 0;
	if (known)
		*known = all;
	return v;
}

bool xxgk_report_figure_inferred(const xxgk_report *r, int f)
{
	bool all = false, inferred = false;
	if (f >= 0 && f < XXGK_FIG_COUNT)
		figure_cells(r, f, &all, &inferred);
	return inferred;
}
