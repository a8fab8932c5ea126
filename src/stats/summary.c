/*
 * summary.c — describing one set of values: xxgk_stats_summary (n, mean,
 * sample sd, median, quartiles, raw MAD, range) and xxgk_stats_histogram
 * (equal-width bins whose edges are computed once and used to count).
 *
 * Quartiles are GSL's gsl_stats_quantile_from_sorted_data (Hyndman & Fan
 * 1996 type 7: linear interpolation between order statistics at
 * h = (n − 1)·f), so a report can name its definition. The MAD is raw (GSL's
 * gsl_stats_mad0 definition, not gsl_stats_mad's 1.4826-scaled one). All
 * order statistics come from one sorted copy; the input is never touched.
 */
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_statistics_double.h>

#include "stats_int.h"

int xxgk_stats_summary(xxgk_summary *out, const double *x, size_t n)
{
	int rc = XXGK_OK;
	double *s = NULL;
	assert(out && (n == 0 || x));
	stats_init();
	memset(out, 0, sizeof *out);
	if (n == 0 || !stats_all_finite(x, n)) {
		rc = XXGK_EINVAL;
		goto done;
	}
	s = stats_sorted_copy(x, n);
	if (!s) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	out->n = n;
	out->mean = gsl_stats_mean(s, 1, n);
	/* n − 1 = 0 leaves the sample sd undefined: say so rather than print 0 */
	out->sd = n > 1 ? gsl_stats_sd_m(s, 1, n, out->mean) : NAN;
	out->min = s[0];
	out->max = s[n - 1];
	out->median = gsl_stats_median_from_sorted_data(s, 1, n);
	out->q1 = stats_quantile_sorted(s, n, 0.25);
	out->q3 = stats_quantile_sorted(s, n, 0.75);
	/* the sorted copy is spent: reuse it for the deviations */
	out->mad = stats_median_abs_dev(s, n, out->median, s);
done:
	free(s);
	return rc;
}

/* The bin of x in edges[0..bins]: the last i with edges[i] ≤ x, at most bins − 1. */
static size_t histogram_bin(const double *edges, size_t bins, double x)
{
	size_t lo = 0, hi = bins - 1;
	while (lo < hi) {
		size_t mid = lo + (hi - lo + 1) / 2;
		if (edges[mid] <= x)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

int xxgk_stats_histogram(size_t *counts, size_t bins, double *edges, const double *x, size_t n)
{
	int rc = XXGK_OK;
	double lo, hi;
	assert(counts && edges && (n == 0 || x));
	stats_init();
	if (n == 0 || bins == 0 || !stats_all_finite(x, n)) {
		rc = XXGK_EINVAL;
		goto done;
	}
	lo = hi = x[0];
	for (size_t i = 1; i < n; i++) {
		if (x[i] < lo)
			lo = x[i];
		if (x[i] > hi)
			hi = x[i];
	}
	memset(counts, 0, bins * sizeof *counts);
	if (!(lo < hi)) {
		for (size_t i = 0; i <= bins; i++)
			edges[i] = lo;
		counts[0] = n;
		goto done;
	}
	/*
	 * Edge i = (1 − i/bins)·min + (i/bins)·max: exactly min and max at the ends
	 * (no min + bins·width that misses max by a rounding), no overflow for
	 * ranges wider than DBL_MAX, and kept non-decreasing. Each value is then
	 * counted by comparing it with these very edges (a binary search), so
	 * every value in bin i satisfies edges[i] ≤ x < edges[i + 1] as printed —
	 * never a count computed from a width the caller cannot see.
	 */
	edges[0] = lo;
	edges[bins] = hi;
	for (size_t i = 1; i < bins; i++) {
		double f = (double)i / (double)bins;
		double e = (1.0 - f) * lo + f * hi;
		edges[i] = e < edges[i - 1] ? edges[i - 1] : e > hi ? hi : e;
	}
	for (size_t i = 0; i < n; i++)
		counts[histogram_bin(edges, bins, x[i])]++;
done:
	return rc;
}
