/*
 * fdr.c — multiplicity: Benjamini & Hochberg (1995), "Controlling the false
 * discovery rate: a practical and powerful approach to multiple testing",
 * JRSS B 57:289–300, as q-values (the smallest FDR level at which each test
 * would be rejected; Yekutieli & Benjamini 1999 call them BH-adjusted
 * p-values), and the conversions between two tails, a two-sided p and a z.
 *
 * A year of 3,000 bodies runs tens of thousands of tests; at a fixed
 * per-test level of 0.1% that is dozens of false flags from noise alone.
 * BH keeps the expected share of false flags among all flags at α, and
 * when nothing is there to find it flags nothing with probability 1 − α.
 */
#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>

#include "stats_int.h"

typedef struct {
	double p;
	size_t i;
} fdr_item;

static int fdr_cmp(const void *a, const void *b)
{
	const fdr_item *x = a, *y = b;
	if (x->p != y->p)
		return x->p < y->p ? -1 : 1;
	return (x->i > y->i) - (x->i < y->i);
}

size_t xxgk_stats_bh(double *q_out, const double *p, size_t n, bool *ok)
{
	size_t m = 0;
	assert(q_out && (n == 0 || p) && ok);
	*ok = true;
	fdr_item *it = n <= SIZE_MAX / sizeof *it ? malloc((n ? n : 1) * sizeof *it) : NULL;
	if (!it) {
		*ok = false;
		return 0;
	}
	for (size_t i = 0; i < n; i++)
		if (!isnan(p[i])) {
			it[m].p = p[i] < 0 ? 0 : p[i] > 1 ? 1 : p[i];
			it[m].i = i;
			m++;
		}
	qsort(it, m, sizeof *it, fdr_cmp);
	double run = 1.0;
	/* from the largest p down: q_(i) = min(q_(i+1), m p_(i) / i) */
	for (size_t r = m; r-- > 0;) {
		double q = (double)m * it[r].p / (double)(r + 1);
		if (q < run)
			run = q;
		it[r].p = run;
	}
	for (size_t i = 0; i < n; i++)
		if (isnan(p[i]))
			q_out[i] = NAN;
	for (size_t r = 0; r < m; r++)
		q_out[it[r].i] = it[r].p;
	free(it);
	return m;
}

double xxgk_stats_two_sided(double upper, double lower)
{
	if (isnan(upper) || isnan(lower))
		return NAN;
	double p = 2.0 * fmin(upper, lower);
	return p > 1.0 ? 1.0 : p;
}

double xxgk_stats_z_of_p(double p, int sign)
{
	stats_init();
	if (isnan(p))
		return NAN;
	if (p >= 1.0)
		return 0.0;
	double z = gsl_cdf_ugaussian_Qinv(fmax(p, 1e-300) / 2.0);
	return sign < 0 ? -z : z;
}
