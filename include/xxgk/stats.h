/*
 * xxgk/stats.h — the statistics xxgk applies to figures from many reports
 * (docs/statistics.md gives each formula, its thresholds and its source).
 *
 * Pure functions over plain arrays of doubles: no handles, no I/O, no state
 * beyond GSL's error handler, which the first call switches off once for the
 * process (pthread_once), so the functions may be called from any thread.
 * Inputs are never modified (anything sorted is sorted in a private copy);
 * outputs are caller-owned arrays whose length the contract states. Work is
 * O(n log n) at most, so a million values is an ordinary call.
 *
 * Statuses are those of xxgk/common.h: XXGK_OK, XXGK_EINVAL (an empty input,
 * a value outside the domain, a parameter out of range), XXGK_ENOMEM. A NULL
 * pointer where an array is required is a bug and trips an assert.
 *
 * The rule these functions leave to their callers (DOMAIN.md): never average
 * medians or rates across units; pool the numerators and denominators and
 * compute again.
 */
#ifndef XXGK_STATS_H
#define XXGK_STATS_H

#include <stdbool.h>
#include <stddef.h>

#include "xxgk/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- description ---- */

typedef struct {
	size_t n;        /* values described */
	double mean;     /* arithmetic mean */
	double sd;       /* sample standard deviation (divisor n − 1); NaN when n = 1 */
	double median;   /* the 0.5 quantile (mean of the two middle values when n is even) */
	double q1, q3;   /* 0.25 and 0.75 quantiles, GSL's definition (below) */
	double mad;      /* raw median absolute deviation from the median, not scaled by 1.4826 */
	double min, max;
} xxgk_summary;

/*
 * Describes x[0..n). Quantiles are GSL's gsl_stats_quantile_from_sorted_data:
 * with h = (n − 1)·f, the value at position floor(h) of the sorted data plus
 * (h − floor(h)) of the step to the next (Hyndman & Fan 1996 type 7, R's
 * default). x is not modified. XXGK_EINVAL when n = 0 or a value is not
 * finite (out is then zeroed, with n = 0); XXGK_ENOMEM.
 */
int xxgk_stats_summary(xxgk_summary *out, const double *x, size_t n);

/*
 * Counts x[0..n) in `bins` equal-width bins over [min, max]: bin i is
 * [edges[i], edges[i+1]), the last bin also holds max. `counts` has `bins`
 * elements, `edges` bins + 1. When every value is equal there is no width to
 * divide: every edge is that value and counts[0] = n. Binning is GSL's
 * gsl_histogram with uniform ranges. XXGK_EINVAL when n = 0, bins = 0 or a
 * value is not finite; XXGK_ENOMEM.
 */
int xxgk_stats_histogram(size_t *counts, size_t bins, double *edges, const double *x, size_t n);

/* ---- robust z (modified z-score) ---- */

/* |M| above this is an outlier (Iglewicz & Hoaglin 1993). */
#define XXGK_ROBUST_Z_OUTLIER 3.5

/*
 * The modified z-score of each value (Iglewicz & Hoaglin 1993), written to
 * z_out[0..n): on y = log1p(x) when log1p_transform (counts: 0 stays 0, a
 * tenfold jump is a step of about log 10), else y = x,
 *     M_i = 0.6745 (y_i − median(y)) / MAD(y)              when MAD > 0,
 *     M_i = (y_i − median(y)) / (1.253314 · meanAD(y))      when MAD = 0,
 *     M_i = 0                                               when both are 0,
 * MAD the raw median absolute deviation from the median, meanAD the mean
 * absolute deviation from the median (the MAD = 0 case is common when most
 * bodies report 0). Flag |M| > XXGK_ROBUST_Z_OUTLIER. z_out is finite on
 * success. XXGK_EINVAL when n = 0, a value is not finite, or (with the
 * transform) a value is ≤ −1; XXGK_ENOMEM.
 */
int xxgk_stats_robust_z(double *z_out, const double *x, size_t n, bool log1p_transform);

/* ---- funnel plot for proportions ---- */

/* Smallest denominator for a body to be rated (DOMAIN.md: not under 30 cases). */
#define XXGK_FUNNEL_MIN_TOTAL 30
/* One-sided probabilities for the two-sided 95% and 99.8% limits. */
#define XXGK_FUNNEL_P95 0.975
#define XXGK_FUNNEL_P998 0.999

typedef struct {
	double target;   /* p0 = Σ events / Σ totals over the units used */
	double phi;      /* multiplicative overdispersion factor, ≥ 1 */
	size_t units;    /* k, the units with total ≥ min_total that were used */
} xxgk_funnel;

/*
 * Fits a funnel plot for proportions events[i]/totals[i] (Spiegelhalter 2005,
 * Stat Med 24:1185) with multiplicative overdispersion (Spiegelhalter 2005,
 * Qual Saf Health Care 14:347). Only units with totals[i] ≥ min_total (and
 * > 0) enter; k of them: p0 = Σe/Σt; z_i = (y_i − p0) / sqrt(p0 (1 − p0) / t_i);
 * the z are winsorised at their 10th and 90th percentiles (values below the
 * 10th set to it, above the 90th set to it; percentiles by GSL's quantile
 * definition); phi = max(1, (1/k) Σ z_i²). When p0 is 0 or 1 every unit sits
 * on the target and phi = 1. XXGK_EINVAL when n = 0, no unit reaches
 * min_total, or any unit (used or not: it is a caller's bug) has a non-finite
 * value, events < 0 or events > totals (out->target NaN when no target);
 * XXGK_ENOMEM.
 */
int xxgk_stats_funnel_fit(xxgk_funnel *out, const double *events, const double *totals, size_t n,
			  size_t min_total);

/*
 * The control limits at denominator n_total: p0 ∓ z_p · sqrt(phi p0 (1 − p0) / n_total),
 * z_p the standard normal quantile of p (XXGK_FUNNEL_P95 → 1.960 for 95%,
 * XXGK_FUNNEL_P998 → 3.090 for 99.8%), clipped to [0, 1]. NaN in both when
 * n_total ≤ 0 or p is not in (0.5, 1).
 */
void xxgk_stats_funnel_limits(double *lo, double *hi, const xxgk_funnel *f, double n_total, double p);

/*
 * A unit's overdispersion-adjusted z: (events/total − p0) / sqrt(phi p0 (1 − p0) / total).
 * Beyond ±z_p of funnel_limits exactly when the unit is outside those limits
 * (before clipping). NaN when total ≤ 0 or a value is not finite; when p0 is
 * 0 or 1, 0 for a unit on the target and ±INFINITY for one off it.
 */
double xxgk_stats_funnel_z(const xxgk_funnel *f, double events, double total);

/* ---- year over year: Hidiroglou–Berthelot ---- */

/* Defaults (docs/statistics.md explains C = 7). */
#define XXGK_HB_U 0.5
#define XXGK_HB_A 0.05
#define XXGK_HB_C 7.0

/*
 * Hidiroglou–Berthelot (1986) effects for year-over-year change of prev[i] →
 * cur[i], written to e_out[0..n): for units with prev > 0 and cur > 0 (both
 * finite), r_i = cur/prev, r_med their median,
 *     s_i = 1 − r_med / r_i   if r_i < r_med,   r_i / r_med − 1   otherwise,
 *     E_i = s_i · max(prev_i, cur_i)^U;
 * other units get NaN (a change from or to 0 has no ratio: say so elsewhere).
 * With E_q1, E_med, E_q3 the GSL quartiles of the E of those units,
 *     *lower = E_med − C · max(E_med − E_q1, |A · E_med|),
 *     *upper = E_med + C · max(E_q3 − E_med, |A · E_med|);
 * E_i outside [lower, upper] is an outlier. U in [0, 1] (0.5), A ≥ 0 (0.05),
 * C > 0 (4 to 20; 7). XXGK_EINVAL when n = 0, no unit has a ratio (e_out all
 * NaN, bounds NaN) or a parameter is out of range; XXGK_ENOMEM.
 */
int xxgk_stats_hb(double *e_out, double *lower, double *upper, const double *prev, const double *cur,
		  size_t n, double U, double A, double C);

/* ---- digit forensics ---- */

/* Nigrini (2012) first-digit MAD conformity bands. */
enum {
	XXGK_BENFORD_CLOSE = 0,      /* MAD ≤ 0.006 */
	XXGK_BENFORD_ACCEPTABLE,     /* 0.006 < MAD ≤ 0.012 */
	XXGK_BENFORD_MARGINAL,       /* 0.012 < MAD ≤ 0.015 */
	XXGK_BENFORD_NONCONFORMITY   /* MAD > 0.015 */
};

typedef struct {
	double mad;           /* mean |observed − expected| over the 9 digits */
	int conformity;       /* XXGK_BENFORD_* */
	double observed[9];   /* share of first digit d at [d − 1] */
	double expected[9];   /* log10(1 + 1/d) at [d − 1] */
	size_t n;             /* values used (finite, ≥ 1) */
} xxgk_benford;

/*
 * Benford's first-digit test with Nigrini's MAD. Uses the finite values ≥ 1
 * only, and of each the first digit of its integer part (12.7 → 1, 0.5 and
 * 0 are skipped: fractions of a yuan or a case are not what the law is
 * about). Ask xxgk_stats_benford_applicable first. XXGK_EINVAL when no value
 * is used (out->n = 0, expected filled, the rest 0).
 */
int xxgk_stats_benford(xxgk_benford *out, const double *x, size_t n);

/*
 * 1 when Benford's test means something for x[0..n): at least 100 finite
 * values ≥ 1, spanning at least two orders of magnitude (max/min ≥ 100 among
 * them); else 0. A predicate, not a status.
 */
int xxgk_stats_benford_applicable(const double *x, size_t n);

/*
 * Last-digit uniformity: the last digits of the integer values ≥ 10 in
 * x[0..n) (non-integers, values < 10 and values ≥ 2^53, where doubles stop
 * holding every integer, are skipped) against the uniform distribution:
 * *chi2 = Σ (O_d − m/10)² / (m/10) over d = 0..9, *p_value its upper tail
 * with 9 degrees of freedom (gsl_cdf_chisq_Q), *share0_5 the share of last
 * digits 0 or 5 (0.2 expected; more is heaping on round numbers).
 * XXGK_EINVAL when no value is used (outputs NaN).
 */
int xxgk_stats_last_digit(double *chi2, double *p_value, double *share0_5, const double *x, size_t n);

#ifdef __cplusplus
}
#endif
#endif
