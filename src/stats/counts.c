/*
 * counts.c — a body's count against its peers': a negative binomial
 * (gamma–Poisson) fitted to the peer group, and the tail probabilities of
 * each body's count under it.
 *
 * Why this model: counts of applications or enforcement decisions are Poisson
 * given a body's own rate, and the rates differ between bodies of one kind
 * (size, population, campaigns); a gamma mixture of Poissons is the standard
 * model of such overdispersed counts (Cameron & Trivedi 2013, Regression
 * Analysis of Count Data, ch. 4). Its tail probabilities are exact for small
 * counts and zeros, where a z-score on log1p(x) (Iglewicz & Hoaglin) has no
 * distribution to refer to, so they can enter a false-discovery-rate
 * procedure. Its right tail is exponential in the rate: a peer group whose
 * rates are heavier-tailed (log-normal) yields too many small p-values —
 * docs/statistics.md says where that is measured.
 *
 * Robustness: the fit is maximum likelihood with the top of the data
 * censored, values above the 90th percentile entering as P(X > c) only, so
 * that up to a tenth of the group can be outliers without pulling the fit
 * toward them (the censored likelihood is the usual device, e.g. Tobit
 * models; the level of 10% is ours). Where that leaves a single value
 * uncensored (mostly zeros) the point moves up to the 95th, 98th, 99th
 * percentile; the data are never fitted uncensored, since then one huge
 * value in a group of zeros would make itself ordinary. The likelihood is maximised over
 * (log μ, log k) by GSL's Nelder–Mead simplex.
 */
#include <assert.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sort.h>

#include "stats_int.h"

/* Censoring points tried in turn, as quantiles of the data; 1 means none. */
static const double count_censor_at[] = { 0.90, 0.95, 0.98, 0.99 };
/* Distinct uncensored values needed for two parameters to be identified. */
#define COUNT_MIN_DISTINCT 2
/*
 * The shape assumed when the data cannot tell it (every uncensored value the
 * same, e.g. a group of 审计局 all reporting 0 penalties but one): k = 0.5, a
 * tail heavier than any level's fitted shape in the synthetic corpus and
 * than the geometric (k = 1), so a lone 1 or 2 is not called an outlier.
 */
#define COUNT_SHAPE_UNKNOWN 0.5
#define COUNT_SHAPE_MIN 1e-3
/* Largest count the GSL distribution functions take (unsigned int). */
#define COUNT_MAX ((double)UINT_MAX - 1.0)

typedef struct {
	const double *value;   /* distinct uncensored values */
	const double *mult;    /* how many bodies have each */
	size_t m;
	double censor;         /* values above this are censored */
	double n_censored;
	double fixed_shape;    /* > 0: k is this, only μ is fitted */
} count_data;

static double count_shape(double log_k)
{
	double k = exp(log_k);
	return k < COUNT_SHAPE_MIN ? COUNT_SHAPE_MIN : k > XXGK_COUNT_SHAPE_MAX ? XXGK_COUNT_SHAPE_MAX : k;
}

static double count_round(double x)
{
	double r = floor(x + 0.5);
	return r > COUNT_MAX ? COUNT_MAX : r;
}

/* P(X > c) for integer c ≥ 0. */
static double count_above(double mean, double k, double c)
{
	return gsl_cdf_negative_binomial_Q((unsigned int)c, k / (k + mean), k);
}

static double count_negloglik(const gsl_vector *v, void *params)
{
	const count_data *d = params;
	double mean = exp(gsl_vector_get(v, 0));
	double k = d->fixed_shape > 0 ? d->fixed_shape : count_shape(gsl_vector_get(v, 1));
	if (!(mean > 0) || !isfinite(mean))
		return GSL_POSINF;
	double log_p = -log1p(mean / k);               /* log k/(k+μ) */
	double log_q = log(mean) - log(k + mean);      /* log μ/(k+μ) */
	double lgk = gsl_sf_lngamma(k), ll = 0;
	for (size_t i = 0; i < d->m; i++) {
		double x = d->value[i];
		/* log Γ(x + 1) is a constant of the data and left out */
		ll += d->mult[i] * (gsl_sf_lngamma(x + k) - lgk + k * log_p + x * log_q);
	}
	if (d->n_censored > 0)
		ll += d->n_censored * log(fmax(count_above(mean, k, d->censor), 1e-300));
	return isfinite(ll) ? -ll : GSL_POSINF;
}

/* Maximises the censored likelihood from a moment start; writes μ and k. */
static int count_maximise(count_data *d, double mean0, double k0, double *mean, double *k)
{
	int rc = XXGK_OK;
	gsl_multimin_fminimizer *mm = gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, 2);
	gsl_vector *x = gsl_vector_alloc(2), *step = gsl_vector_alloc(2);
	gsl_multimin_function fn = { count_negloglik, 2, d };
	if (!mm || !x || !step) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	gsl_vector_set(x, 0, log(mean0));
	gsl_vector_set(x, 1, log(k0));
	gsl_vector_set_all(step, 0.5);
	if ((rc = stats_status(gsl_multimin_fminimizer_set(mm, &fn, x, step))) != XXGK_OK)
		goto done;
	for (int it = 0; it < 400; it++) {
		if (gsl_multimin_fminimizer_iterate(mm) != GSL_SUCCESS)
			break;
		if (gsl_multimin_test_size(gsl_multimin_fminimizer_size(mm), 1e-6) == GSL_SUCCESS)
			break;
	}
	*mean = exp(gsl_vector_get(mm->x, 0));
	*k = d->fixed_shape > 0 ? d->fixed_shape : count_shape(gsl_vector_get(mm->x, 1));
done:
	if (mm)
		gsl_multimin_fminimizer_free(mm);
	gsl_vector_free(x);
	gsl_vector_free(step);
	return rc;
}

int xxgk_stats_count_fit(xxgk_count_fit *out, const double *x, size_t n)
{
	int rc = XXGK_OK;
	double *s = NULL, *value = NULL, *mult = NULL;
	assert(out && (n == 0 || x));
	stats_init();
	memset(out, 0, sizeof *out);
	out->shape = XXGK_COUNT_SHAPE_MAX;
	out->censor_hi = INFINITY;
	if (n < 3 || !stats_all_finite(x, n)) {
		rc = XXGK_EINVAL;
		goto done;
	}
	s = n <= SIZE_MAX / sizeof *s ? malloc(n * sizeof *s) : NULL;
	value = s ? malloc(n * sizeof *value) : NULL;
	mult = value ? malloc(n * sizeof *mult) : NULL;
	if (!mult) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	for (size_t i = 0; i < n && rc == XXGK_OK; i++) {
		if (x[i] < 0)
			rc = XXGK_EINVAL;
		s[i] = count_round(x[i]);
	}
	if (rc != XXGK_OK)
		goto done;
	gsl_sort(s, 1, n);
	out->n = n;
	out->median = stats_quantile_sorted(s, n, 0.5);
	out->q10 = stats_quantile_sorted(s, n, 0.1);
	out->q90 = stats_quantile_sorted(s, n, 0.9);
	if (s[n - 1] == 0) {   /* every count is zero: nothing to fit */
		out->mean = 0;
		goto done;
	}
	count_data d = { value, mult, 0, INFINITY, 0, 0 };
	size_t tries = sizeof count_censor_at / sizeof *count_censor_at;
	for (size_t c = 0; c <= tries; c++) {
		/* the last pass, when every censoring point left one value: back to the first, k fixed */
		double at = floor(stats_quantile_sorted(s, n, count_censor_at[c < tries ? c : 0]));
		size_t m = 0, censored = 0;
		for (size_t i = 0; i < n; i++) {
			if (s[i] > at)
				censored++;
			else if (m && value[m - 1] == s[i])
				mult[m - 1] += 1;
			else {
				value[m] = s[i];
				mult[m++] = 1;
			}
		}
		d.m = m;
		d.censor = at;
		d.n_censored = (double)censored;
		if (m >= COUNT_MIN_DISTINCT)
			break;
		if (c == tries)
			d.fixed_shape = COUNT_SHAPE_UNKNOWN;
	}
	/* start from the uncensored values' moments */
	double sum = 0, sum2 = 0, cnt = 0;
	for (size_t i = 0; i < d.m; i++) {
		sum += d.mult[i] * d.value[i];
		sum2 += d.mult[i] * d.value[i] * d.value[i];
		cnt += d.mult[i];
	}
	double mean0 = cnt > 0 ? sum / cnt : 0, var0 = cnt > 1 ? (sum2 - cnt * mean0 * mean0) / (cnt - 1) : 0;
	if (!(mean0 > 0))
		mean0 = 0.5;
	double k0 = var0 > mean0 ? mean0 * mean0 / (var0 - mean0) : 100.0;
	if ((rc = count_maximise(&d, mean0, fmin(fmax(k0, 0.05), 1e4), &out->mean, &out->shape)) != XXGK_OK)
		goto done;
	out->censor_hi = d.censor;
done:
	free(s);
	free(value);
	free(mult);
	return rc;
}

void xxgk_stats_count_tails(double *upper, double *lower, const xxgk_count_fit *f, double x)
{
	assert(upper && lower && f);
	stats_init();
	*upper = *lower = NAN;
	if (!isfinite(x) || x < 0 || !isfinite(f->mean))
		return;
	double c = count_round(x);
	if (!(f->mean > 0)) {
		*upper = c == 0 ? 1.0 : 0.0;
		*lower = 1.0;
		return;
	}
	double p = f->shape / (f->shape + f->mean);
	*upper = c == 0 ? 1.0 : gsl_cdf_negative_binomial_Q((unsigned int)(c - 1), p, f->shape);
	*lower = gsl_cdf_negative_binomial_P((unsigned int)c, p, f->shape);
}

double xxgk_stats_count_quantile(const xxgk_count_fit *f, double p)
{
	assert(f);
	stats_init();
	if (!(p > 0 && p < 1) || !isfinite(f->mean))
		return NAN;
	if (!(f->mean > 0))
		return 0;
	double prob = f->shape / (f->shape + f->mean), lo = 0, hi = f->mean + 10 * sqrt(f->mean + f->mean * f->mean / f->shape) + 10;
	while (hi < COUNT_MAX && gsl_cdf_negative_binomial_P((unsigned int)hi, prob, f->shape) < p)
		hi = fmin(COUNT_MAX, hi * 2);
	if (gsl_cdf_negative_binomial_P(0, prob, f->shape) >= p)
		return 0;
	/* invariant: F(lo) < p ≤ F(hi) */
	while (hi - lo > 1) {
		double mid = floor((lo + hi) / 2);
		if (gsl_cdf_negative_binomial_P((unsigned int)mid, prob, f->shape) < p)
			lo = mid;
		else
			hi = mid;
	}
	return hi;
}
