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
 * divide: every edge is that value and counts[0] = n. edges[0] is min and
 * edges[bins] max exactly, edge i = (1 − i/bins)·min + (i/bins)·max, and each
 * value is counted by comparison with these edges, so the printed edges and
 * counts agree to the last bit. XXGK_EINVAL when n = 0, bins = 0 or a
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
/*
 * E[W²] for W a standard normal winsorised at its 10th and 90th percentiles
 * (c = Φ⁻¹(0.9) = 1.2815516): (2Φ(c) − 1) − 2cφ(c) + 2 · 0.1 · c² = 0.67865456.
 * The winsorised mean of z² estimates this much of the true dispersion, not all of it.
 */
#define XXGK_FUNNEL_WINSOR_BIAS 0.6786545589528747

typedef struct {
	double target;   /* p0 = Σ events / Σ totals over the units used */
	double phi;      /* dispersion of the z-scores (winsorised, bias-corrected); 1 when binomial */
	double tau2;     /* between-unit variance of the true proportions (additive model), ≥ 0 */
	size_t units;    /* k, the units with total ≥ min_total that were used */
} xxgk_funnel;

/*
 * Fits a funnel plot for proportions events[i]/totals[i] (Spiegelhalter 2005,
 * Stat Med 24:1185) with additive random effects for overdispersion
 * (Spiegelhalter 2005, Qual Saf Health Care 14:347). Only units with
 * totals[i] ≥ min_total (and > 0) enter; k of them: p0 = Σe/Σt;
 * z_i = (y_i − p0) / sqrt(p0 (1 − p0) / t_i); the z are winsorised at their 10th
 * and 90th percentiles (GSL's quantile definition) and
 *     phi = (1/k) Σ z_w² / XXGK_FUNNEL_WINSOR_BIAS
 * (without the division the estimate is biased low by a third);
 *     tau2 = max(0, (k phi − (k − 1)) / (Σ w − Σ w² / Σ w)),  w_i = t_i / (p0 (1 − p0)),
 * the paper's DerSimonian–Laird form. When p0 is 0 or 1 every unit sits on
 * the target: phi = 1, tau2 = 0. XXGK_EINVAL when n = 0, fewer than 2 units
 * reach min_total, or any unit (used or not: it is a caller's bug) has a
 * non-finite value, events < 0 or events > totals (out->target NaN when no
 * target); XXGK_ENOMEM.
 */
int xxgk_stats_funnel_fit(xxgk_funnel *out, const double *events, const double *totals, size_t n,
			  size_t min_total);

/*
 * Upper and lower tail probabilities of `events` out of `total` under the
 * fit: P(X ≥ events) and P(X ≤ events) for X beta-binomial with mean p0 and
 * between-unit variance tau2 (binomial when tau2 = 0, the exact limits of
 * Spiegelhalter 2005 §3.1), so small denominators and rates near 0 are not
 * judged by a normal approximation. NaN in both when total < 1 or a value is
 * not finite. events and total are rounded to integers.
 */
void xxgk_stats_funnel_tails(double *upper, double *lower, const xxgk_funnel *f, double events, double total);

/*
 * The control limits, as proportions, at denominator n_total for the
 * two-sided coverage 2p − 1 (p = XXGK_FUNNEL_P95: 95%, XXGK_FUNNEL_P998:
 * 99.8%), from the beta-binomial above: the upper limit is half a case below
 * the least count r with P(X ≥ r) ≤ 1 − p (1 when there is none), the lower
 * half a case above the largest r with P(X ≤ r) ≤ 1 − p (0 when none). So a
 * unit lies outside the limits exactly when a tail probability of its count
 * is ≤ 1 − p: a chart drawn with them marks the same bodies as the flags.
 * NaN in both when n_total < 1 or p is not in (0.5, 1).
 */
void xxgk_stats_funnel_limits(double *lo, double *hi, const xxgk_funnel *f, double n_total, double p);

/*
 * A unit's z in the additive model: (events/total − p0) / sqrt(p0 (1 − p0) / total + tau2).
 * A summary for plots and sorting; flags use the exact tails. NaN when
 * total ≤ 0 or a value is not finite; when p0 is 0 or 1 and tau2 = 0, 0 for a
 * unit on the target and ±INFINITY for one off it.
 */
double xxgk_stats_funnel_z(const xxgk_funnel *f, double events, double total);

/* ---- counts against peers: negative binomial ---- */

/* Shape k beyond which the counts are taken as Poisson (no overdispersion). */
#define XXGK_COUNT_SHAPE_MAX 1e6

typedef struct {
	double mean;     /* μ of the fitted negative binomial */
	double shape;    /* k: Var X = μ + μ²/k */
	size_t n;        /* values fitted */
	double censor_hi;/* values above this entered only as "above it" (robustness) */
	double median, q10, q90; /* of the values (GSL quantiles) */
} xxgk_count_fit;

/*
 * Fits a negative binomial (gamma–Poisson) to the counts x[0..n) of one peer
 * group by maximum likelihood with the top 10% censored: values above the
 * 90th percentile enter as "at least that" (their exact size does not pull
 * the fit, so the outliers sought do not hide themselves), and when fewer
 * than two distinct values remain below, the censoring point moves up
 * (95th, 98th, 99th percentile); if even then one value is left (a group of
 * zeros), the 90th is kept and the shape is fixed at 0.5, a heavy tail,
 * since the data cannot tell it. Non-integers are rounded.
 * XXGK_EINVAL when n < 3, a value is negative or not finite; XXGK_ENOMEM.
 * All-zero data fit mean 0 (every tail probability 1 at 0).
 */
int xxgk_stats_count_fit(xxgk_count_fit *out, const double *x, size_t n);

/* P(X ≥ x) and P(X ≤ x) under the fit (x rounded; 1 and 1 when mean = 0 and x = 0). */
void xxgk_stats_count_tails(double *upper, double *lower, const xxgk_count_fit *f, double x);

/* The smallest count c with P(X ≤ c) ≥ p, p in (0, 1); NaN otherwise. */
double xxgk_stats_count_quantile(const xxgk_count_fit *f, double p);

/* ---- year over year: log ratio with Poisson and between-body variance ---- */

typedef struct {
	double log_ratio;  /* the group's typical log(cur/prev) */
	double tau2;       /* between-body variance of the true log ratios */
	size_t n;          /* bodies with a count in either year */
	size_t n_tau;      /* bodies the variance was estimated from */
} xxgk_yoy_fit;

/*
 * Fits the year-over-year model of one peer group: for body i with counts
 * prev_i and cur_i, cur_i ~ Poisson(λ_i e^δ_i), prev_i ~ Poisson(λ_i),
 * δ_i ~ N(log_ratio, tau2). log_ratio is the median of
 * d_i = log((cur_i + ½)/(prev_i + ½)) over bodies with prev + cur ≥ 10 (the
 * pooled log((Σcur + ½)/(Σprev + ½)) when fewer than 5 have); tau2 solves
 *     median_i (d_i − log_ratio)² / (v_i + tau2) = 0.454936  (the χ²₁ median)
 * over bodies with prev + cur ≥ 5 (not only large ones: among small bodies
 * the few large counts are mostly jumps), v_i = 1/(e_c + ½) + 1/(e_p + ½) the
 * Poisson variance of d_i at the counts expected under the null, e_c =
 * N π, e_p = N (1 − π), π = e^log_ratio / (1 + e^log_ratio); 0 when the
 * median is below that already. XXGK_EINVAL when no body has a count, a
 * value is negative or not finite, or fewer than 10 bodies have
 * prev + cur ≥ 5: then tau2 cannot be told from Poisson noise and is NaN,
 * log_ratio and n being set, so the caller may borrow a larger group's tau2;
 * XXGK_ENOMEM.
 */
int xxgk_stats_yoy_fit(xxgk_yoy_fit *out, const double *prev, const double *cur, size_t n);

/*
 * P(C ≥ cur) and P(C ≤ cur) given N = prev + cur under the fit: conditional on
 * N, C is binomial(N, expit(δ)), δ ~ N(log_ratio, tau2) (24-point
 * Gauss–Hermite quadrature) — exact for small counts and for changes from or
 * to zero, where a ratio is undefined. Both 1 when N = 0. Where a normal
 * approximation with the observed counts' variance already gives a two-sided
 * p above 0.13 (|z| < 1.5; it is conservative for small counts), that
 * approximation is returned instead, to spare the quadrature for the bodies
 * that matter. NaN when a value is negative or not finite.
 */
void xxgk_stats_yoy_tails(double *upper, double *lower, const xxgk_yoy_fit *f, double prev, double cur);

/* ---- multiplicity: Benjamini–Hochberg ---- */

/*
 * Benjamini–Hochberg (1995) q-values of p[0..n), written to q_out[0..n):
 * with p₍₁₎ ≤ … ≤ p₍ₘ₎ the m non-NaN p-values, q₍ᵢ₎ = min over j ≥ i of
 * m p₍ⱼ₎ / j, capped at 1; NaN stays NaN. Rejecting every q ≤ α controls
 * the false discovery rate at α for independent (and positively dependent)
 * tests. Returns the number m of p-values used; 0 when none (or out of
 * memory: then *ok is false). q_out may alias p.
 */
size_t xxgk_stats_bh(double *q_out, const double *p, size_t n, bool *ok);

/* Two-sided p from two tail probabilities: min(1, 2 min(upper, lower)); NaN stays NaN. */
double xxgk_stats_two_sided(double upper, double lower);

/* The signed standard normal z of a two-sided p: Φ⁻¹(1 − p/2), with the sign given. */
double xxgk_stats_z_of_p(double p, int sign);

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
 * E_i outside [lower, upper] is an outlier. A bound whose spread is zero
 * (E_med − E_q1 = 0, or E_q3 − E_med = 0, with A · E_med = 0: more than a
 * quarter of the units share the median effect, common with small counts)
 * is NaN: the data cannot say how far is unusual on that side, and a
 * collapsed bound such as [−6.06, 0.00] would flag every unit that moved at
 * all. U in [0, 1] (0.5), A ≥ 0 (0.05),
 * C > 0 (4 to 20; 7). xxgk_outliers_find no longer uses HB (docs/statistics.md
 * says why); it stays for callers who want the classical screen. XXGK_EINVAL when n = 0, no unit has a ratio (e_out all
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
	size_t n;             /* values used (finite, ≥ 10) */
} xxgk_benford;

/* Benford's test speaks from this many values ≥ 10 (below it a sample drawn from
 * Benford's law itself exceeds Nigrini's bands too often: docs/statistics.md). */
#define XXGK_BENFORD_MIN_VALUES 1000
/* The last-digit test speaks from this many integer values ≥ 100. */
#define XXGK_LAST_DIGIT_MIN_VALUES 100

/*
 * Benford's first-digit test with Nigrini's MAD. Uses the finite values ≥ 10
 * only, and of each the first digit of its integer part (127.5 → 1; values
 * below 10 are their own first digit and follow the count's distribution,
 * not Benford's law, and fractions of a yuan or a case are not what the law
 * is about). Ask xxgk_stats_benford_applicable first. XXGK_EINVAL when no value
 * is used (out->n = 0, expected filled, the rest 0).
 */
int xxgk_stats_benford(xxgk_benford *out, const double *x, size_t n);

/*
 * 1 when Benford's test means something for x[0..n): at least
 * XXGK_BENFORD_MIN_VALUES finite values ≥ 10, spanning at least two orders of
 * magnitude (max/min ≥ 100 among them); else 0 (say 样本不足, not a verdict).
 * A predicate, not a status.
 */
int xxgk_stats_benford_applicable(const double *x, size_t n);

/*
 * Last-digit uniformity: the last digits of the integer values ≥ 100 in
 * x[0..n) (non-integers, values < 100 — a Poisson count of 10–30 has
 * last digits far from uniform — and values ≥ 2^53, where doubles stop
 * holding every integer, are skipped) against the uniform distribution:
 * *chi2 = Σ (O_d − m/10)² / (m/10) over d = 0..9, *p_value its upper tail
 * with 9 degrees of freedom (gsl_cdf_chisq_Q), *share0_5 the share of last
 * digits 0 or 5 (0.2 expected; more is heaping on round numbers).
 * XXGK_EINVAL when no value is used (outputs NaN).
 */
int xxgk_stats_last_digit(double *chi2, double *p_value, double *share0_5, const double *x, size_t n);

/* 1 when the last-digit test speaks: at least XXGK_LAST_DIGIT_MIN_VALUES integer values ≥ 100. */
int xxgk_stats_last_digit_applicable(const double *x, size_t n);

#ifdef __cplusplus
}
#endif
#endif
