/*
 * summary.c — describing one set of values: xxgk_stats_summary (n, mean,
 * sample sd, median, quartiles, raw MAD, range) and xxgk_stats_histogram.
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
#include <gsl/gsl_histogram.h>
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

int xxgk_stats_histogram(size_t *counts, size_t bins, double *edges, const double *x, size_t n)
{
	int rc = XXGK_OK;
	gsl_histogram *h = NULL;
	double lo, hi;
	size_t at_max = 0;
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
	h = gsl_histogram_alloc(bins);
	if (!h) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	rc = stats_status(gsl_histogram_set_ranges_uniform(h, lo, hi));
	if (rc != XXGK_OK)
		goto done;
	/* GSL's bins are half-open, so max itself falls outside the last one: count it there */
	for (size_t i = 0; i < n && rc == XXGK_OK; i++) {
		if (x[i] >= hi)
			at_max++;
		else
			rc = stats_status(gsl_histogram_increment(h, x[i]));
	}
	if (rc != XXGK_OK)
		goto done;
	for (size_t i = 0; i < bins; i++) {
		/* a bin's weight is a double holding an integer count ≤ n < 2^53 */
		counts[i] = (size_t)gsl_histogram_get(h, i);
		edges[i] = h->range[i];
	}
	edges[bins] = h->range[bins];
	counts[bins - 1] += at_max;
done:
	if (h)
		gsl_histogram_free(h);
	return rc;
}
