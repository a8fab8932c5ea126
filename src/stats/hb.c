/*
 * hb.c — year-over-year outliers by Hidiroglou & Berthelot (1986),
 * "Statistical editing and imputation for periodic business surveys",
 * Survey Methodology 12(1):73–83.
 *
 * The ratio r = cur/prev is centred on its median so that rises and falls are
 * symmetric (a halving scores like a doubling), then weighted by size,
 * max(prev, cur)^U, so that 1 → 3 in a town matters less than 100 → 300 in a
 * city (U = 0.5 between ignoring size, 0, and full weight, 1). The bounds come
 * from the quartiles of the effects; A keeps them from collapsing when half
 * the units did not change (E_q1 = E_med = E_q3); C sets their width. The
 * quartiles are GSL's (type 7), as everywhere in xxgk.
 *
 * Why C = 7 by default: for a symmetric distribution E_q3 − E_med is its MAD,
 * so the HB bounds sit C MADs from the median. The robust z flags
 * |0.6745 (x − med) / MAD| > 3.5, i.e. 5.2 MADs; C = 7 is somewhat wider
 * (≈ 4.7σ under normality) because year-over-year ratios of small counts
 * move a lot for harmless reasons (a campaign year, a re-organised body) and
 * every flag is a supervisor's phone call. Under normality C = 4 (≈ 2.7σ)
 * flags 0.7% of bodies from noise alone, C = 7 about two in a million; 20
 * flags only the absurd. It is a judgement, to revisit on real years.
 */
#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "stats_int.h"

static bool hb_has_ratio(double prev, double cur)
{
	return prev > 0 && cur > 0 && isfinite(prev) && isfinite(cur);
}

int xxgk_stats_hb(double *e_out, double *lower, double *upper, const double *prev, const double *cur,
		  size_t n, double U, double A, double C)
{
	int rc = XXGK_OK;
	double *buf = NULL;
	double r_med, e_q1, e_med, e_q3;
	size_t m = 0;
	assert(e_out && lower && upper && (n == 0 || (prev && cur)));
	stats_init();
	*lower = *upper = NAN;
	for (size_t i = 0; i < n; i++) {
		e_out[i] = NAN;
		m += hb_has_ratio(prev[i], cur[i]);
	}
	if (n == 0 || m == 0 || !(U >= 0 && U <= 1) || !(A >= 0 && isfinite(A)) || !(C > 0 && isfinite(C))) {
		rc = XXGK_EINVAL;
		goto done;
	}
	buf = m <= SIZE_MAX / sizeof *buf ? malloc(m * sizeof *buf) : NULL;
	if (!buf) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	for (size_t i = 0, j = 0; i < n; i++)
		if (hb_has_ratio(prev[i], cur[i]))
			buf[j++] = cur[i] / prev[i];
	gsl_sort(buf, 1, m);
	r_med = gsl_stats_median_from_sorted_data(buf, 1, m);
	for (size_t i = 0, j = 0; i < n; i++) {
		if (!hb_has_ratio(prev[i], cur[i]))
			continue;
		double r = cur[i] / prev[i];
		double s = r < r_med ? 1.0 - r_med / r : r / r_med - 1.0;
		e_out[i] = s * pow(fmax(prev[i], cur[i]), U);
		buf[j++] = e_out[i];
	}
	gsl_sort(buf, 1, m);
	e_q1 = stats_quantile_sorted(buf, m, 0.25);
	e_med = gsl_stats_median_from_sorted_data(buf, 1, m);
	e_q3 = stats_quantile_sorted(buf, m, 0.75);
	/* a side with no spread has no bound: NaN, never a bound at E_med itself */
	{
		double below = fmax(e_med - e_q1, fabs(A * e_med)), above = fmax(e_q3 - e_med, fabs(A * e_med));
		*lower = below > 0 ? e_med - C * below : NAN;
		*upper = above > 0 ? e_med + C * above : NAN;
	}
done:
	free(buf);
	return rc;
}
