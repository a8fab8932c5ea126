/*
 * robust.c — xxgk_stats_robust_z, the modified z-score of Iglewicz & Hoaglin
 * (1993), "How to Detect and Handle Outliers", ASQC Basic References in
 * Quality Control 16: M_i = 0.6745 (y_i − median) / MAD, an outlier when
 * |M_i| > 3.5. 0.6745 is the 0.75 quantile of the standard normal, so that
 * MAD/0.6745 estimates σ for normal data.
 *
 * Counts of small bodies are mostly 0, which makes MAD = 0 common. Then the
 * mean absolute deviation from the median stands in, scaled by
 * sqrt(π/2) ≈ 1.253314 (for normal data E|y − μ| = σ·sqrt(2/π)) — the usual
 * convention (IBM SPSS's modified z-score), not part of Iglewicz & Hoaglin.
 * When that is 0 too, every value equals the median and every M is 0.
 */
#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include <gsl/gsl_statistics_double.h>

#include "stats_int.h"

/* Φ⁻¹(0.75), Iglewicz & Hoaglin's constant as printed. */
#define ROBUST_MAD_K 0.6745
/* sqrt(π/2): σ over the mean absolute deviation for normal data. */
#define ROBUST_MEANAD_K 1.253314

int xxgk_stats_robust_z(double *z_out, const double *x, size_t n, bool log1p_transform)
{
	int rc = XXGK_OK;
	double *y = NULL, *work = NULL;
	double median, mad, mean_ad = 0;
	assert(z_out && (n == 0 || x));
	stats_init();
	if (n == 0 || n > SIZE_MAX / sizeof *y || !stats_all_finite(x, n)) {
		rc = XXGK_EINVAL;
		goto done;
	}
	y = malloc(n * sizeof *y);
	work = malloc(n * sizeof *work);
	if (!y || !work) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	for (size_t i = 0; i < n && rc == XXGK_OK; i++) {
		if (log1p_transform && !(x[i] > -1.0))
			rc = XXGK_EINVAL;
		else
			y[i] = log1p_transform ? log1p(x[i]) : x[i];
	}
	if (rc != XXGK_OK)
		goto done;
	for (size_t i = 0; i < n; i++)
		work[i] = y[i];
	/* gsl_stats_median reorders: it gets the scratch copy */
	median = gsl_stats_median(work, 1, n);
	mad = stats_median_abs_dev(y, n, median, work);
	if (mad > 0) {
		for (size_t i = 0; i < n; i++)
			z_out[i] = ROBUST_MAD_K * (y[i] - median) / mad;
	} else {
		for (size_t i = 0; i < n; i++)
			mean_ad += fabs(y[i] - median);
		mean_ad /= (double)n;
		for (size_t i = 0; i < n; i++)
			z_out[i] = mean_ad > 0 ? (y[i] - median) / (ROBUST_MEANAD_K * mean_ad) : 0.0;
	}
done:
	free(work);
	free(y);
	return rc;
}
