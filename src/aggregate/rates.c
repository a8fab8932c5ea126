/*
 * rates.c — the derived rates of docs/aggregate.md, from summed figures.
 * Each is a numerator figure over a denominator figure (their cells are
 * stated once, in figures.c); a roll-up's rate is its summed numerator over
 * its summed denominator, never an average of the bodies' rates (DOMAIN.md).
 */
#include "xxgk/aggregate.h"

static xxgk_rate rate_of(double num, double den)
{
	xxgk_rate r = { num, den, den > 0, den > 0 ? num / den : 0 };
	return r;
}

xxgk_rate xxgk_sums_rate(const xxgk_sums *s, int rate)
{
	int num, den;
	xxgk_rate_figures(rate, &num, &den);
	return rate_of(xxgk_sums_figure(s, num, NULL), xxgk_sums_figure(s, den, NULL));
}

xxgk_rate xxgk_report_rate(const xxgk_report *r, int rate)
{
	/* a report's figures, with cells lacking a number left out of the sums */
	int num, den;
	xxgk_rate_figures(rate, &num, &den);
	return rate_of(xxgk_report_figure(r, num, NULL), xxgk_report_figure(r, den, NULL));
}
