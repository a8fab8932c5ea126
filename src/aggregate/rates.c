/*
 * rates.c — the derived rates of docs/aggregate.md, from summed figures.
 * Each is a numerator and a denominator over the 总计 column; a roll-up's
 * rate is its summed numerator over its summed denominator, never an
 * average of the bodies' rates (DOMAIN.md).
 */
#include <string.h>

#include "xxgk/aggregate.h"

static const char *const rate_keys[XXGK_RATE_COUNT] = {
	"disclosed", "denied", "unable", "not_processed", "review_corrected", "litigation_corrected"
};
static const char *const rate_labels[XXGK_RATE_COUNT] = {
	"公开率", "不予公开率", "无法提供率", "不予处理率", "复议纠错率", "诉讼纠错率"
};

const char *xxgk_rate_key(int rate)
{
	return rate >= 0 && rate < XXGK_RATE_COUNT ? rate_keys[rate] : "?";
}

const char *xxgk_rate_label(int rate)
{
	return rate >= 0 && rate < XXGK_RATE_COUNT ? rate_labels[rate] : "?";
}

static xxgk_rate rate_of(double num, double den)
{
	xxgk_rate r = { num, den, den > 0, den > 0 ? num / den : 0 };
	return r;
}

/* Table-3 rows first..last, 总计 column, as summed figures. */
static double rows_total(const double (*t3)[XXGK_T3_COLS], int first, int last)
{
	double v = 0;
	for (int row = first; row <= last; row++)
		v += t3[row][XXGK_T3_TOTAL];
	return v;
}

static xxgk_rate rate_from(const double (*t3)[XXGK_T3_COLS], const double (*t4)[XXGK_T4_COLS], int rate)
{
	double processed = t3[XXGK_T3_TOTAL_PROCESSED][XXGK_T3_TOTAL];
	switch (rate) {
	case XXGK_RATE_DISCLOSED:
		return rate_of(rows_total(t3, XXGK_T3_GRANTED, XXGK_T3_PARTIALLY_GRANTED), processed);
	case XXGK_RATE_DENIED:
		return rate_of(rows_total(t3, XXGK_T3_DENIED_STATE_SECRET, XXGK_T3_DENIED_ADMIN_QUERY), processed);
	case XXGK_RATE_UNABLE:
		return rate_of(rows_total(t3, XXGK_T3_UNABLE_NO_INFO, XXGK_T3_UNABLE_UNCLEAR), processed);
	case XXGK_RATE_NOT_PROCESSED:
		return rate_of(rows_total(t3, XXGK_T3_NOT_PROCESSED_COMPLAINT, XXGK_T3_NOT_PROCESSED_CONFIRM), processed);
	case XXGK_RATE_REVIEW_CORRECTED:
		return rate_of(t4[XXGK_T4_REVIEW][XXGK_T4_CORRECTED], t4[XXGK_T4_REVIEW][XXGK_T4_TOTAL]);
	case XXGK_RATE_LITIGATION_CORRECTED:
		return rate_of(t4[XXGK_T4_LITIGATION_DIRECT][XXGK_T4_CORRECTED] +
				       t4[XXGK_T4_LITIGATION_AFTER_REVIEW][XXGK_T4_CORRECTED],
			       t4[XXGK_T4_LITIGATION_DIRECT][XXGK_T4_TOTAL] + t4[XXGK_T4_LITIGATION_AFTER_REVIEW][XXGK_T4_TOTAL]);
	default:
		return rate_of(0, 0);
	}
}

xxgk_rate xxgk_sums_rate(const xxgk_sums *s, int rate)
{
	return rate_from((const double (*)[XXGK_T3_COLS])s->applications,
			 (const double (*)[XXGK_T4_COLS])s->reviews, rate);
}

xxgk_rate xxgk_report_rate(const xxgk_report *r, int rate)
{
	/* a report's figures, with cells lacking a number left out of the sums */
	double t3[XXGK_T3_ROWS][XXGK_T3_COLS], t4[XXGK_T4_GROUPS][XXGK_T4_COLS];
	for (int row = 0; row < XXGK_T3_ROWS; row++)
		for (int c = 0; c < XXGK_T3_COLS; c++)
			t3[row][c] = r->applications[row][c].has_value ? r->applications[row][c].value : 0;
	for (int g = 0; g < XXGK_T4_GROUPS; g++)
		for (int c = 0; c < XXGK_T4_COLS; c++)
			t4[g][c] = r->reviews[g][c].has_value ? r->reviews[g][c].value : 0;
	return rate_from((const double (*)[XXGK_T3_COLS])t3, (const double (*)[XXGK_T4_COLS])t4, rate);
}
