/*
 * funnel.c — funnel plots for proportions: the target, the between-unit
 * variance, each unit's tail probabilities and the control limits.
 *
 * Spiegelhalter DJ (2005), "Funnel plots for comparing institutional
 * performance", Statistics in Medicine 24:1185–1202: a proportion y = e/t
 * against its denominator t, with limits from the binomial at the target
 * p0 — exact (his §3.1), since the normal approximation is poor where t·p0
 * is small (a 不予公开率 near 4%
 * with 30 cases expects 1.2 refusals).
 * Spiegelhalter DJ (2005), "Handling over-dispersion of performance
 * indicators", Quality and Safety in Health Care 14:347–351: when units
 * differ by more than chance, either inflate the variance (multiplicative,
 * φ) or add a between-unit variance τ² (additive random effects). We use the
 * additive model: a body's true rate is drawn around p0 with variance τ², so
 * large bodies, whose binomial noise is tiny, are not all flagged for the
 * ordinary spread of true rates (the multiplicative φ scales every unit's
 * width alike and is wrong when t spans 30 to 5,000). τ² is the paper's
 * method-of-moments estimate,
 *     τ² = (k φ − (k − 1)) / (Σ w − Σ w² / Σ w),  w_i = t_i / (p0 (1 − p0)),
 * with φ the mean of the winsorised squared z-scores (10% at each end, the
 * paper's guard against the outliers sought inflating it) divided by
 * XXGK_FUNNEL_WINSOR_BIAS: winsorising a normal sample at 10%/90% leaves
 * E[z²] at 0.6787 of its variance, so the undivided estimate is biased low
 * by a third, and was formerly floored at 1 to hide it.
 * The true rate is then given a beta distribution with mean p0 and variance
 * τ², so a body's count is beta-binomial: exact tails at any size, and the
 * binomial itself when τ² = 0.
 */
#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sort.h>

#include "stats_int.h"

/* The share of z-scores pulled in at each end before phi is estimated. */
#define FUNNEL_WINSOR 0.10
/* Terms below this share of the running sum end a tail sum. */
#define FUNNEL_TAIL_EPS 1e-17

static bool funnel_used(double total, size_t min_total)
{
	return total > 0 && total >= (double)min_total;
}

int xxgk_stats_funnel_fit(xxgk_funnel *out, const double *events, const double *totals, size_t n,
			  size_t min_total)
{
	int rc = XXGK_OK;
	double *z = NULL;
	double sum_e = 0, sum_t = 0, p0, var1, lo, hi, ss = 0, sw = 0, sw2 = 0;
	size_t k = 0;
	assert(out && (n == 0 || (events && totals)));
	stats_init();
	out->target = NAN;
	out->phi = 1.0;
	out->tau2 = 0.0;
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
	if (rc != XXGK_OK || k < 2) {
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
		if (funnel_used(totals[i], min_total)) {
			double w = totals[i] / var1;
			z[k++] = (events[i] / totals[i] - p0) * sqrt(w);
			sw += w;
			sw2 += w * w;
		}
	gsl_sort(z, 1, k);
	lo = stats_quantile_sorted(z, k, FUNNEL_WINSOR);
	hi = stats_quantile_sorted(z, k, 1.0 - FUNNEL_WINSOR);
	for (size_t i = 0; i < k; i++) {
		double w = z[i] < lo ? lo : z[i] > hi ? hi : z[i];
		ss += w * w;
	}
	out->phi = ss / (double)k / XXGK_FUNNEL_WINSOR_BIAS;
	{
		double excess = (double)k * out->phi - (double)(k - 1), denom = sw - sw2 / sw;
		out->tau2 = excess > 0 && denom > 0 ? excess / denom : 0.0;
		/* a beta with mean p0 has variance below p0 (1 − p0) */
		if (out->tau2 > 0.99 * var1)
			out->tau2 = 0.99 * var1;
	}
done:
	free(z);
	return rc;
}

/* log of the beta-binomial (binomial when ab is infinite) pmf at x of n. */
static double funnel_log_pmf(double x, double n, double p0, double ab)
{
	double lc = gsl_sf_lnchoose((unsigned int)n, (unsigned int)x);
	if (!isfinite(ab))
		return lc + (x > 0 ? x * log(p0) : 0) + (n - x > 0 ? (n - x) * log1p(-p0) : 0);
	double a = p0 * ab, b = (1.0 - p0) * ab;
	return lc + gsl_sf_lnbeta(x + a, n - x + b) - gsl_sf_lnbeta(a, b);
}

/* Σ pmf(j) for j from x in direction dir (+1 up to n, −1 down to 0); beta-binomial. */
static double funnel_tail_sum(double x, double n, double p0, double ab, int dir)
{
	double a = p0 * ab, b = (1.0 - p0) * ab;
	double term = exp(funnel_log_pmf(x, n, p0, ab)), sum = 0;
	for (double j = x; j >= 0 && j <= n; j += dir) {
		sum += term;
		if (term < FUNNEL_TAIL_EPS * sum && term > 0)
			break;
		/* pmf(j+1)/pmf(j) = (n − j)/(j + 1) · (j + a)/(n − j − 1 + b) */
		if (dir > 0)
			term *= (n - j) / (j + 1) * (j + a) / (n - j - 1 + b);
		else
			term *= j / (n - j + 1) * (n - j + b) / (j - 1 + a);
		if (!(term >= 0) || !isfinite(term))
			break;
	}
	return sum;
}

/* P(X ≤ x) and P(X ≥ x) at denominator n under the fit. */
static void funnel_cdf(double *le, double *ge, const xxgk_funnel *f, double x, double n)
{
	double p0 = f->target;
	if (!(p0 > 0 && p0 < 1)) {
		/* all mass at n p0 */
		double at = p0 >= 1 ? n : 0;
		*le = x >= at ? 1.0 : 0.0;
		*ge = x <= at ? 1.0 : 0.0;
		return;
	}
	if (!(f->tau2 > 0)) {
		*le = gsl_cdf_binomial_P((unsigned int)x, p0, (unsigned int)n);
		*ge = x <= 0 ? 1.0 : gsl_cdf_binomial_Q((unsigned int)(x - 1), p0, (unsigned int)n);
		return;
	}
	double ab = p0 * (1.0 - p0) / f->tau2 - 1.0, mean = n * p0;
	/* sum the smaller tail outward; the other is its complement plus pmf(x) */
	if (x >= mean) {
		*ge = fmin(1.0, funnel_tail_sum(x, n, p0, ab, +1));
		*le = fmin(1.0, 1.0 - *ge + exp(funnel_log_pmf(x, n, p0, ab)));
	} else {
		*le = fmin(1.0, funnel_tail_sum(x, n, p0, ab, -1));
		*ge = fmin(1.0, 1.0 - *le + exp(funnel_log_pmf(x, n, p0, ab)));
	}
}

void xxgk_stats_funnel_tails(double *upper, double *lower, const xxgk_funnel *f, double events, double total)
{
	assert(upper && lower && f);
	stats_init();
	*upper = *lower = NAN;
	if (!isfinite(events) || !isfinite(total) || !isfinite(f->target) || total < 1 || events < 0 ||
	    events > total || total > 4e9)
		return;
	funnel_cdf(lower, upper, f, floor(events + 0.5), floor(total + 0.5));
}

/*
 * The upper limit at probability P, as a proportion: half a case below the
 * least count r whose upper tail P(X ≥ r) is ≤ 1 − P, so that a body lies
 * above the limit exactly when its own tail says so; 1 when no count does.
 * The lower limit mirrors it: half a case above the largest r with
 * P(X ≤ r) ≤ 1 − P; 0 when none. (Spiegelhalter's interpolation between the
 * discrete steps draws smoother curves but can put a body just outside a
 * limit its tail does not cross; a chart and a list that must agree cannot
 * afford that.)
 */
static double funnel_limit(const xxgk_funnel *f, double n, double P, bool upper)
{
	double lo = -1, hi = n + 1, le, ge, tail = 1.0 - P;
	if (upper) {
		/* least r with P(X ≥ r) ≤ tail: ge falls with r; invariant ge(lo) > tail ≥ ge(hi) */
		while (hi - lo > 1) {
			double mid = floor((lo + hi) / 2);
			funnel_cdf(&le, &ge, f, mid, n);
			if (ge > tail)
				lo = mid;
			else
				hi = mid;
		}
		return hi > n ? 1.0 : fmax(0.0, (hi - 0.5) / n);
	}
	/* largest r with P(X ≤ r) ≤ tail: le rises with r; invariant le(lo) ≤ tail < le(hi) */
	while (hi - lo > 1) {
		double mid = floor((lo + hi) / 2);
		funnel_cdf(&le, &ge, f, mid, n);
		if (le <= tail)
			lo = mid;
		else
			hi = mid;
	}
	return lo < 0 ? 0.0 : fmin(1.0, (lo + 0.5) / n);
}

void xxgk_stats_funnel_limits(double *lo, double *hi, const xxgk_funnel *f, double n_total, double p)
{
	assert(lo && hi && f);
	stats_init();
	*lo = *hi = NAN;
	if (!(n_total >= 1) || !(p > 0.5 && p < 1.0) || !isfinite(f->target) || n_total > 4e9)
		return;
	double n = floor(n_total + 0.5);
	*lo = funnel_limit(f, n, p, false);
	*hi = funnel_limit(f, n, p, true);
}

double xxgk_stats_funnel_z(const xxgk_funnel *f, double events, double total)
{
	assert(f);
	double z = NAN;
	if (total > 0 && isfinite(total) && isfinite(events) && isfinite(f->target)) {
		double d = events / total - f->target;
		double var = f->target * (1.0 - f->target) / total + f->tau2;
		if (var > 0)
			z = d / sqrt(var);
		else
			z = d == 0 ? 0.0 : d > 0 ? INFINITY : -INFINITY;
	}
	return z;
}
