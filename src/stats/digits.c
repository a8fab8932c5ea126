/*
 * digits.c — digit forensics on pooled counts: Benford's first-digit law with
 * Nigrini's mean absolute deviation, and last-digit uniformity with heaping
 * on 0 and 5.
 *
 * Benford (1938); Nigrini MJ (2012), "Benford's Law: Applications for
 * Forensic Accounting, Auditing, and Fraud Detection", Wiley, table 7.1: the
 * first-digit MAD = (1/9) Σ |observed_d − log10(1 + 1/d)| is close conformity
 * up to 0.006, acceptable to 0.012, marginally acceptable to 0.015 and
 * nonconformity above. The MAD is used rather than a chi-square because with
 * thousands of values the chi-square rejects every real data set.
 * The law needs values spanning orders of magnitude, many of them: one body's
 * handful of small counts says nothing (DOMAIN.md), hence
 * xxgk_stats_benford_applicable: at least 1,000 values ≥ 10. A sample of
 * size n drawn from Benford's law itself has expected MAD ≈ 0.235/√n
 * ((1/9) Σ_d √(2 p_d (1 − p_d) / (π n))): 0.0235 at n = 100, beyond the
 * nonconformity bound 0.015 almost always; 0.0074 at n = 1,000, inside the
 * acceptable band. Values below 10 are their own first digit. First digits are exact: integer parts below
 * 2^64 by integer division, larger ones from their exact decimal expansion.
 *
 * Last digits of integers ≥ 100 should be near uniform for counts that are
 * counted, not estimated (a Poisson count of 10–30 is not: its mass sits on a
 * few values); a chi-square against uniform (9 df) and the share of
 * 0s and 5s (heaping on round numbers) say how far they are.
 */
#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "stats_int.h"

/* Nigrini (2012) first-digit MAD bounds. */
#define BENFORD_CLOSE 0.006
#define BENFORD_ACCEPTABLE 0.012
#define BENFORD_MARGINAL 0.015
/* Benford's test needs XXGK_BENFORD_MIN_VALUES values ≥ BENFORD_MIN_VALUE … */
#define BENFORD_MIN_VALUE 10.0
/* … spanning this ratio of largest to smallest (two orders of magnitude). */
#define BENFORD_MIN_SPAN 100.0
/* 2^64 and 2^53 as doubles: the integer conversions below stay exact under them. */
#define DIGITS_TWO64 18446744073709551616.0
#define DIGITS_TWO53 9007199254740992.0

/* Last digits are read from integers from this size on. */
#define LAST_DIGIT_MIN_VALUE 100.0

static bool digits_benford_usable(double v)
{
	return isfinite(v) && v >= BENFORD_MIN_VALUE;
}

static bool digits_last_usable(double v)
{
	return v >= LAST_DIGIT_MIN_VALUE && v < DIGITS_TWO53 && v == floor(v);
}

/* The first significant digit (1–9) of the integer part of v ≥ 10, exactly. */
static int digits_first(double v)
{
	int d;
	if (v < DIGITS_TWO64) {
		uint64_t u = (uint64_t)v;
		while (u >= 10)
			u /= 10;
		d = (int)u;
	} else {
		/* glibc prints a double's exact decimal expansion; DBL_MAX has 309 digits */
		char buf[400];
		snprintf(buf, sizeof buf, "%.0f", floor(v));
		d = buf[0] - '0';
	}
	return d;
}

int xxgk_stats_benford(xxgk_benford *out, const double *x, size_t n)
{
	int rc = XXGK_OK;
	size_t counts[9] = { 0 };
	assert(out && (n == 0 || x));
	stats_init();
	memset(out, 0, sizeof *out);
	for (int d = 1; d <= 9; d++)
		out->expected[d - 1] = log10(1.0 + 1.0 / d);
	for (size_t i = 0; i < n; i++)
		if (digits_benford_usable(x[i])) {
			counts[digits_first(x[i]) - 1]++;
			out->n++;
		}
	if (out->n == 0) {
		rc = XXGK_EINVAL;
		goto done;
	}
	for (int d = 0; d < 9; d++) {
		out->observed[d] = (double)counts[d] / (double)out->n;
		out->mad += fabs(out->observed[d] - out->expected[d]);
	}
	out->mad /= 9.0;
	if (out->mad <= BENFORD_CLOSE)
		out->conformity = XXGK_BENFORD_CLOSE;
	else if (out->mad <= BENFORD_ACCEPTABLE)
		out->conformity = XXGK_BENFORD_ACCEPTABLE;
	else if (out->mad <= BENFORD_MARGINAL)
		out->conformity = XXGK_BENFORD_MARGINAL;
	else
		out->conformity = XXGK_BENFORD_NONCONFORMITY;
done:
	return rc;
}

int xxgk_stats_benford_applicable(const double *x, size_t n)
{
	size_t used = 0;
	double lo = INFINITY, hi = 0;
	assert(n == 0 || x);
	for (size_t i = 0; i < n; i++)
		if (digits_benford_usable(x[i])) {
			used++;
			lo = fmin(lo, x[i]);
			hi = fmax(hi, x[i]);
		}
	return used >= XXGK_BENFORD_MIN_VALUES && hi >= BENFORD_MIN_SPAN * lo;
}

int xxgk_stats_last_digit_applicable(const double *x, size_t n)
{
	size_t used = 0;
	assert(n == 0 || x);
	for (size_t i = 0; i < n; i++)
		used += digits_last_usable(x[i]);
	return used >= XXGK_LAST_DIGIT_MIN_VALUES;
}

int xxgk_stats_last_digit(double *chi2, double *p_value, double *share0_5, const double *x, size_t n)
{
	int rc = XXGK_OK;
	size_t counts[10] = { 0 }, m = 0;
	double expect, sum = 0;
	assert(chi2 && p_value && share0_5 && (n == 0 || x));
	stats_init();
	*chi2 = *p_value = *share0_5 = NAN;
	for (size_t i = 0; i < n; i++) {
		double v = x[i];
		if (digits_last_usable(v)) {
			counts[(uint64_t)v % 10]++;
			m++;
		}
	}
	if (m == 0) {
		rc = XXGK_EINVAL;
		goto done;
	}
	expect = (double)m / 10.0;
	for (int d = 0; d < 10; d++) {
		double dev = (double)counts[d] - expect;
		sum += dev * dev / expect;
	}
	*chi2 = sum;
	*p_value = gsl_cdf_chisq_Q(sum, 9.0);
	*share0_5 = (double)(counts[0] + counts[5]) / (double)m;
done:
	return rc;
}
