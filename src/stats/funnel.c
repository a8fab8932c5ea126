/*
 * funnel.c — funnel plots for proportions: the target, the overdispersion
 * factor, the control limits and each unit's adjusted z.
 *
 * Spiegelhalter DJ (2005), "Funnel plots for comparing institutional
 * performance", Statistics in Medicine 24:1185–1202: a proportion y = e/t
 * against its denominator t, with limits p0 ± z_p · sqrt(p0 (1 − p0) / t) from
 * the normal approximation to the binomial (95% and 99.8% two-sided,
 * z = 1.96 and 3.09).
 * Spiegelhalter DJ (2005), "Handling over-dispersion of performance
 * indicators", Quality and Safety in Health Care 14:347–351: the multiplicative
 * model, Var(y) = phi · p0 (1 − p0) / t, phi estimated as (1/k) Σ z_i² over
 * the k units' standardised z_i after a 10% winsorisation: the z below the
 * 10th percentile are set to it and those above the 90th to it (the paper's
 * online appendix), keeping the number of scores while stopping the outliers
 * we look for from inflating phi and hiding themselves. The paper does not
 * fix a percentile definition: we use GSL's (type 7), as everywhere in xxgk.
 * phi below 1 (under-dispersion) is taken as 1.
 * Bodies with fewer than XXGK_FUNNEL_MIN_TOTAL cases are not rated (DOMAIN.md).
 */
#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>

#include "stats_int.h"

/* The share of z-scores pulled in at each end before phi is estimated. */
#define FUNNEL_WINSOR 0.10

static bool funnel_used(double total, size_t min_total)
{
	return total > 0 && total >= (double)min_total;
}

int xxgk_stats_funnel_fit(xxgk_funnel *out, const double *events, const double *totals, size_t n,
			  size_t min_total)
{
	int rc = XXGK_OK;
	double *z = NULL;
	double sum_e = 0, sum_t = 0, p0, var1, lo, hi, ss = 0;
	size_t k = 0;
	assert(out && (n == 0 || (events && totals)));
	stats_init();
	out->target = NAN;
	out->phi = 1.0;
	out->units = 0;
	if (n == 0) {
		rc = XXGK_EINVAL;
		goto done;
	}
	for (size_t i = 0; i < n && rc == XXGK_OK; i++) {
		double e = events[i], t = totals[i];
		if (!isfinite(e) || !isfinite(t) || e < 0 || e > t)
			rc = XXGK_EINVAL;
		else if (funnel_used(t, min_total)) {
			sum_e += e;
			sum_t += t;
			k++;
		}
	}
	if (rc != XXGK_OK || k == 0) {
		rc = XXGK_EINVAL;
		goto done;
	}
	p0 = sum_e / sum_t;
	out->target = p0;
	out->units = k;
	var1 = p0 * (1.0 - p0);
	if (!(var1 > 0))   /* p0 = 0 or 1: every unit is on the target */
		goto done;
	z = k <= SIZE_MAX / sizeof *z ? malloc(k * sizeof *z) : NULL;
	if (!z) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	k = 0;
	for (size_t i = 0; i < n; i++)
		if (funnel_used(totals[i], min_total))
			z[k++] = (events[i] / totals[i] - p0) / sqrt(var1 / totals[i]);
	gsl_sort(z, 1, k);
	lo = stats_quantile_sorted(z, k, FUNNEL_WINSOR);
	hi = stats_quantile_sorted(z, k, 1.0 - FUNNEL_WINSOR);
	for (size_t i = 0; i < k; i++) {
		double w = z[i] < lo ? lo : z[i] > hi ? hi : z[i];
		ss += w * w;
	}
	out->phi = fmax(1.0, ss / (double)k);
done:
	free(z);
	return rc;
}

void xxgk_stats_funnel_limits(double *lo, double *hi, const xxgk_funnel *f, double n_total, double p)
{
	assert(lo && hi && f);
	stats_init();
	*lo = *hi = NAN;
	if (n_total > 0 && p > 0.5 && p < 1.0 && isfinite(f->target)) {
		double half = gsl_cdf_ugaussian_Pinv(p) * sqrt(f->phi * f->target * (1.0 - f->target) / n_total);
		*lo = fmax(0.0, f->target - half);
		*hi = fmin(1.0, f->target + half);
	}
}

double xxgk_stats_funnel_z(const xxgk_funnel *f, double events, double total)
{
	assert(f);
	double z = NAN;
	if (total > 0 && isfinite(total) && isfinite(events) && isfinite(f->target)) {
		double d = events / total - f->target;
		double var = f->phi * f->target * (1.0 - f->target) / total;
		if (var > 0)
			z = d / sqrt(var);
		else
			z = d == 0 ? 0.0 : d > 0 ? INFINITY : -INFINITY;
	}
	return z;
}
