/*
 * test_stats.c — known answers for every statistic in xxgk/stats.h.
 *
 * No expected value here comes from running the C code: each is worked by
 * hand or by the Python (standard library only: statistics, math) shown in the
 * comment beside it, where
 *     def q7(xs, f):   # GSL's quantile, Hyndman–Fan type 7
 *         s = sorted(xs); h = (len(s) - 1) * f; lo = math.floor(h)
 *         return s[lo] if lo + 1 >= len(s) else s[lo] + (h - lo) * (s[lo + 1] - s[lo])
 * (q7 agrees with statistics.quantiles(method='inclusive'), checked there).
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "testutil.h"
#include "xxgk/stats.h"

#define TOL 1e-12
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ---- summary ---- */

START_TEST(summary_small_set)
{
	/* x = [7, 1, 3, 10, 4, 2, 8, 15, 5, 6]: st.mean → 6.1, st.stdev → 4.175324338699131,
	 * st.median → 5.5, st.quantiles(x, n=4, method='inclusive') → [3.25, 5.5, 7.75]
	 * (sorted 1 2 3 4 5 6 7 8 10 15; h = 9·0.25 = 2.25 → 3 + 0.25·1; h = 6.75 → 7 + 0.75·1),
	 * MAD: |x − 5.5| = 1.5 4.5 2.5 4.5 1.5 3.5 2.5 9.5 0.5 0.5 → median 2.5 (unscaled) */
	const double x[] = { 7, 1, 3, 10, 4, 2, 8, 15, 5, 6 };
	double copy[ARRAY_LEN(x)];
	memcpy(copy, x, sizeof x);
	xxgk_summary s;
	ck_assert_int_eq(xxgk_stats_summary(&s, copy, ARRAY_LEN(x)), XXGK_OK);
	ck_assert_uint_eq(s.n, 10);
	ck_assert_double_eq_tol(s.mean, 6.1, TOL);
	ck_assert_double_eq_tol(s.sd, 4.175324338699131, TOL);
	ck_assert_double_eq_tol(s.median, 5.5, TOL);
	ck_assert_double_eq_tol(s.q1, 3.25, TOL);
	ck_assert_double_eq_tol(s.q3, 7.75, TOL);
	ck_assert_double_eq_tol(s.mad, 2.5, TOL);   /* gsl_stats_mad would say 3.7065 */
	ck_assert_double_eq(s.min, 1);
	ck_assert_double_eq(s.max, 15);
	ck_assert_mem_eq(copy, x, sizeof x);        /* the input is not sorted in place */
}
END_TEST

START_TEST(summary_one_value_and_errors)
{
	xxgk_summary s;
	const double one = 42;
	ck_assert_int_eq(xxgk_stats_summary(&s, &one, 1), XXGK_OK);
	ck_assert_double_eq(s.mean, 42);
	ck_assert_double_eq(s.median, 42);
	ck_assert_double_eq(s.q1, 42);
	ck_assert_double_eq(s.q3, 42);
	ck_assert_double_eq(s.mad, 0);
	ck_assert_double_nan(s.sd);   /* no sample sd of one value */
	/* two values: sd = |a − b| / sqrt(2) by hand */
	const double two[] = { 1, 4 };
	ck_assert_int_eq(xxgk_stats_summary(&s, two, 2), XXGK_OK);
	ck_assert_double_eq_tol(s.sd, 3 / sqrt(2), TOL);
	ck_assert_double_eq_tol(s.q1, 1.75, TOL);   /* h = 0.25 → 1 + 0.25·3 */
	ck_assert_double_eq_tol(s.mad, 1.5, TOL);   /* |1 − 2.5|, |4 − 2.5| */
	ck_assert_int_eq(xxgk_stats_summary(&s, two, 0), XXGK_EINVAL);
	ck_assert_uint_eq(s.n, 0);
	const double bad[] = { 1, NAN, 3 };
	ck_assert_int_eq(xxgk_stats_summary(&s, bad, 3), XXGK_EINVAL);
	const double inf[] = { 1, INFINITY };
	ck_assert_int_eq(xxgk_stats_summary(&s, inf, 2), XXGK_EINVAL);
}
END_TEST

/* ---- histogram ---- */

START_TEST(histogram_equal_width)
{
	/* 0..10 in 5 bins of width 2: [0,2) 0 1 | [2,4) 2 3 | [4,6) 4 5 | [6,8) 6 7 | [8,10] 8 9 10 */
	const double x[] = { 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 };
	size_t counts[5];
	double edges[6];
	ck_assert_int_eq(xxgk_stats_histogram(counts, 5, edges, x, ARRAY_LEN(x)), XXGK_OK);
	const size_t want[] = { 2, 2, 2, 2, 3 };
	const double want_edges[] = { 0, 2, 4, 6, 8, 10 };
	for (size_t i = 0; i < 5; i++)
		ck_assert_uint_eq(counts[i], want[i]);
	for (size_t i = 0; i < 6; i++)
		ck_assert_double_eq_tol(edges[i], want_edges[i], TOL);
	/* negative and fractional values: [−1, 0) holds −1 and −0.5, [0, 1] holds 0.5 and 1 */
	const double y[] = { 0.5, -1, 1, -0.5 };
	ck_assert_int_eq(xxgk_stats_histogram(counts, 2, edges, y, 4), XXGK_OK);
	ck_assert_uint_eq(counts[0], 2);
	ck_assert_uint_eq(counts[1], 2);
	ck_assert_double_eq_tol(edges[1], 0, TOL);
}
END_TEST

START_TEST(histogram_all_equal_and_errors)
{
	const double x[] = { 3, 3, 3 };
	size_t counts[4] = { 9, 9, 9, 9 };
	double edges[5];
	ck_assert_int_eq(xxgk_stats_histogram(counts, 4, edges, x, 3), XXGK_OK);
	ck_assert_uint_eq(counts[0], 3);
	ck_assert_uint_eq(counts[1] + counts[2] + counts[3], 0);
	for (size_t i = 0; i < 5; i++)
		ck_assert_double_eq(edges[i], 3);
	ck_assert_int_eq(xxgk_stats_histogram(counts, 0, edges, x, 3), XXGK_EINVAL);
	ck_assert_int_eq(xxgk_stats_histogram(counts, 4, edges, x, 0), XXGK_EINVAL);
	const double bad[] = { 1, NAN };
	ck_assert_int_eq(xxgk_stats_histogram(counts, 4, edges, bad, 2), XXGK_EINVAL);
}
END_TEST

/* ---- robust z ---- */

START_TEST(robust_z_mad)
{
	/* [1, 2, 3, 4, 100]: median 3, |x − 3| = 2 1 0 1 97 → MAD 1; M = 0.6745 (x − 3) */
	const double x[] = { 1, 2, 3, 4, 100 };
	const double want[] = { -1.349, -0.6745, 0, 0.6745, 65.4265 };
	double z[5];
	ck_assert_int_eq(xxgk_stats_robust_z(z, x, 5, false), XXGK_OK);
	for (size_t i = 0; i < 5; i++)
		ck_assert_double_eq_tol(z[i], want[i], TOL);
	ck_assert(fabs(z[4]) > XXGK_ROBUST_Z_OUTLIER);
	/* log1p of [0, 1, 3, 7, 15, 1000]: y = [log1p(v) for v in x]; m = st.median(y) = 1.7329;
	 * MAD = st.median([abs(v − m) for v in y]) = 1.0397; [0.6745 (v − m) / MAD for v in y] */
	const double c[] = { 15, 0, 1000, 3, 7, 1 };
	const double want_c[] = { 0.6745000000000001, -1.1241666666666668, 3.3577627410565856,
				  -0.22483333333333322, 0.22483333333333336, -0.6744999999999999 };
	double zc[6];
	ck_assert_int_eq(xxgk_stats_robust_z(zc, c, 6, true), XXGK_OK);
	for (size_t i = 0; i < 6; i++)
		ck_assert_double_eq_tol(zc[i], want_c[i], TOL);
	ck_assert(fabs(zc[2]) < XXGK_ROBUST_Z_OUTLIER);   /* on the log scale 1000 is not extreme */
}
END_TEST

START_TEST(robust_z_mad_zero_fallback)
{
	/* [0, 0, 0, 0, 0, 3]: median 0, MAD 0 → meanAD = 3/6 = 0.5, M = 3 / (1.253314 · 0.5) */
	const double x[] = { 0, 0, 3, 0, 0, 0 };
	double z[6];
	ck_assert_int_eq(xxgk_stats_robust_z(z, x, 6, false), XXGK_OK);
	ck_assert_double_eq_tol(z[2], 4.787307889323825, TOL);
	for (size_t i = 0; i < 6; i++)
		if (i != 2)
			ck_assert_double_eq(z[i], 0);
	/* on log1p: meanAD = log1p(3)/6, M = log1p(3) / (1.253314 · log1p(3)/6) = 6 / 1.253314, the same */
	ck_assert_int_eq(xxgk_stats_robust_z(z, x, 6, true), XXGK_OK);
	ck_assert_double_eq_tol(z[2], 6 / 1.253314, TOL);
	ck_assert_double_eq_tol(z[2], 4.787307889323825, TOL);
}
END_TEST

START_TEST(robust_z_all_equal_and_errors)
{
	const double x[] = { 4, 4, 4, 4 };
	double z[4] = { 9, 9, 9, 9 };
	ck_assert_int_eq(xxgk_stats_robust_z(z, x, 4, true), XXGK_OK);
	for (size_t i = 0; i < 4; i++) {
		ck_assert_double_finite(z[i]);
		ck_assert_double_eq(z[i], 0);
	}
	ck_assert_int_eq(xxgk_stats_robust_z(z, x, 0, false), XXGK_EINVAL);
	const double neg[] = { 1, -1 };   /* log1p(−1) = −∞ */
	ck_assert_int_eq(xxgk_stats_robust_z(z, neg, 2, true), XXGK_EINVAL);
	ck_assert_int_eq(xxgk_stats_robust_z(z, neg, 2, false), XXGK_OK);
	const double bad[] = { 1, NAN };
	ck_assert_int_eq(xxgk_stats_robust_z(z, bad, 2, false), XXGK_EINVAL);
}
END_TEST

/* ---- funnel ---- */

/* 12 units; the last two (totals 10 and 20, rates 0.9 and 0.15) are below 30 and left out. */
static const double funnel_events[] = { 12, 30, 45, 20, 8, 60, 25, 33, 50, 18, 9, 3 };
static const double funnel_totals[] = { 40, 100, 120, 80, 50, 150, 70, 90, 200, 60, 10, 20 };

START_TEST(funnel_fit_winsorised)
{
	/* k = 10, p0 = 301/960 = 0.31354166666666666;
	 * z = [(e/t − p0) / math.sqrt(p0 (1 − p0) / t) for e, t in used]
	 *   = −0.1846 −0.2919 1.4512 −1.2250 −2.3402 2.2824 0.7863 1.0863 −1.9370 −0.2261;
	 * q7(z, .1) = −1.9772787931521167, q7(z, .9) = 1.534291309572194 (h = 0.9 and 8.1);
	 * zw = [min(max(v, lo), hi) for v in z]; sum(v*v for v in zw)/10 = 1.559086795828899,
	 * divided by the winsorising bias c = NormalDist().inv_cdf(.9);
	 * (2·.9 − 1) − 2c·φ(c) + 2·.1·c² = 0.6786545589528747 → phi = 2.2973201539152424;
	 * w = t/(p0 (1 − p0)); tau2 = (k phi − (k − 1)) / (sum(w) − sum(w²)/sum(w)) = 0.003575034933889425 */
	xxgk_funnel f;
	ck_assert_int_eq(xxgk_stats_funnel_fit(&f, funnel_events, funnel_totals, 12, XXGK_FUNNEL_MIN_TOTAL),
			 XXGK_OK);
	ck_assert_uint_eq(f.units, 10);
	ck_assert_double_eq_tol(f.target, 301.0 / 960.0, TOL);
	ck_assert_double_eq_tol(f.phi, 2.2973201539152424, 1e-12);
	ck_assert_double_eq_tol(f.tau2, 0.003575034933889425, 1e-14);
	/* the additive z of 60/150: (0.4 − p0) / math.sqrt(p0 (1 − p0) / 150 + tau2) */
	ck_assert_double_eq_tol(xxgk_stats_funnel_z(&f, 60, 150), 1.2214939230703812, 1e-10);
	/* with no minimum, all 12 units: p0 = 313/990 */
	ck_assert_int_eq(xxgk_stats_funnel_fit(&f, funnel_events, funnel_totals, 12, 0), XXGK_OK);
	ck_assert_uint_eq(f.units, 12);
	ck_assert_double_eq_tol(f.target, 313.0 / 990.0, TOL);
}
END_TEST

/* Beta-binomial by hand: lbeta(a, b) = lgamma(a) + lgamma(b) − lgamma(a + b); ab = p0 (1 − p0)/tau2 − 1,
 * a = p0 ab, b = (1 − p0) ab; pmf(x) = exp(lgamma(n+1) − lgamma(x+1) − lgamma(n−x+1) + lbeta(x+a, n−x+b)
 * − lbeta(a, b)); the upper limit at P: r the least with Σ_{j ≥ r} pmf(j) ≤ 1 − P, (r − ½)/n; the lower:
 * r the largest with Σ_{j ≤ r} pmf(j) ≤ 1 − P, (r + ½)/n. With the fit above at n = 100:
 * 95%: r = 16 and 48; 99.8%: r = 10 and 57. */
START_TEST(funnel_limits_n100)
{
	xxgk_funnel f;
	double lo, hi, up, low;
	ck_assert_int_eq(xxgk_stats_funnel_fit(&f, funnel_events, funnel_totals, 12, XXGK_FUNNEL_MIN_TOTAL),
			 XXGK_OK);
	xxgk_stats_funnel_limits(&lo, &hi, &f, 100, XXGK_FUNNEL_P95);
	ck_assert_double_eq_tol(lo, 0.165, 1e-12);
	ck_assert_double_eq_tol(hi, 0.475, 1e-12);
	xxgk_stats_funnel_limits(&lo, &hi, &f, 100, XXGK_FUNNEL_P998);
	ck_assert_double_eq_tol(lo, 0.105, 1e-12);
	ck_assert_double_eq_tol(hi, 0.565, 1e-12);
	/* tails of 60/150: Σ_{j ≥ 60} pmf(j), Σ_{j ≤ 60} pmf(j) */
	xxgk_stats_funnel_tails(&up, &low, &f, 60, 150);
	ck_assert_double_eq_tol(up, 0.12329734418084784, 1e-10);
	ck_assert_double_eq_tol(low, 0.893647765432302, 1e-10);
	/* tau2 = 0 is the exact binomial: p0 0.04, 5 of 30 (expected 1.2):
	 * 1 − Σ_{j<5} C(30,j) .04^j .96^(30−j) = 0.006319975531165436 (fractions.Fraction), where the
	 * normal approximation would say 3.2e-4 */
	xxgk_funnel small = { .target = 0.04, .phi = 1, .tau2 = 0, .units = 10 };
	xxgk_stats_funnel_tails(&up, &low, &small, 5, 30);
	ck_assert_double_eq_tol(up, 0.006319975531165436, 1e-12);
	ck_assert_double_eq_tol(low, 0.9989391547889696, 1e-12);
	/* binomial limits, p0 0.2, n 10: P(X ≤ 0) = .8^10 = 0.107 > .025, no count is low: 0;
	 * P(X ≥ 5) = 0.0328 > .025 ≥ P(X ≥ 6) = 0.00637: (6 − ½)/10 */
	xxgk_funnel b = { .target = 0.2, .phi = 1, .tau2 = 0, .units = 10 };
	xxgk_stats_funnel_limits(&lo, &hi, &b, 10, XXGK_FUNNEL_P95);
	ck_assert_double_eq(lo, 0);
	ck_assert_double_eq_tol(hi, 0.55, 1e-12);
	/* outside the drawn limits exactly when the tail says so: 48 and 16 of 100 out, 47 and 17 in */
	xxgk_stats_funnel_limits(&lo, &hi, &f, 100, XXGK_FUNNEL_P95);
	xxgk_stats_funnel_tails(&up, &low, &f, 48, 100);
	ck_assert(up <= 0.025 && 0.48 > hi);
	xxgk_stats_funnel_tails(&up, &low, &f, 47, 100);
	ck_assert(up > 0.025 && 0.47 < hi);
	xxgk_stats_funnel_tails(&up, &low, &f, 16, 100);
	ck_assert(low <= 0.025 && 0.16 < lo);
	xxgk_stats_funnel_tails(&up, &low, &f, 17, 100);
	ck_assert(low > 0.025 && 0.17 > lo);
	xxgk_stats_funnel_limits(&lo, &hi, &b, 0, XXGK_FUNNEL_P95);
	ck_assert_double_nan(lo);
	ck_assert_double_nan(hi);
	xxgk_stats_funnel_limits(&lo, &hi, &b, 30, 0.3);
	ck_assert_double_nan(lo);
	xxgk_stats_funnel_tails(&up, &low, &b, 3, 0);
	ck_assert_double_nan(up);
}
END_TEST

START_TEST(funnel_underdispersed_and_degenerate)
{
	/* 20 21 19 20 of 100: p0 = 0.2, z = 0, 0.25, −0.25, 0; k phi < k − 1 → tau2 = 0 (binomial) */
	const double e[] = { 20, 21, 19, 20 }, t[] = { 100, 100, 100, 100 };
	xxgk_funnel f;
	ck_assert_int_eq(xxgk_stats_funnel_fit(&f, e, t, 4, 30), XXGK_OK);
	ck_assert_double_eq_tol(f.target, 0.2, TOL);
	ck_assert(f.phi < 1);
	ck_assert_double_eq(f.tau2, 0);
	/* p0 = 0: every unit on the target */
	const double zero[] = { 0, 0, 0 }, t0[] = { 50, 60, 70 };
	double up, low;
	ck_assert_int_eq(xxgk_stats_funnel_fit(&f, zero, t0, 3, 30), XXGK_OK);
	ck_assert_double_eq(f.target, 0);
	ck_assert_double_eq(f.phi, 1);
	ck_assert_double_eq(f.tau2, 0);
	ck_assert_double_eq(xxgk_stats_funnel_z(&f, 0, 50), 0);
	ck_assert(isinf(xxgk_stats_funnel_z(&f, 1, 50)) && xxgk_stats_funnel_z(&f, 1, 50) > 0);
	ck_assert_double_nan(xxgk_stats_funnel_z(&f, 0, 0));
	xxgk_stats_funnel_tails(&up, &low, &f, 1, 50);
	ck_assert_double_eq(up, 0);
	/* errors: nothing, one unit with 30 cases, more events than cases, NaN */
	ck_assert_int_eq(xxgk_stats_funnel_fit(&f, e, t, 0, 30), XXGK_EINVAL);
	ck_assert_int_eq(xxgk_stats_funnel_fit(&f, e, t, 4, 101), XXGK_EINVAL);
	ck_assert_double_nan(f.target);
	ck_assert_int_eq(xxgk_stats_funnel_fit(&f, e, t, 1, 30), XXGK_EINVAL);
	const double over[] = { 20, 101 };
	ck_assert_int_eq(xxgk_stats_funnel_fit(&f, over, t, 2, 30), XXGK_EINVAL);
	const double nan_e[] = { 20, NAN };
	ck_assert_int_eq(xxgk_stats_funnel_fit(&f, nan_e, t, 2, 30), XXGK_EINVAL);
}
END_TEST

/* ---- Hidiroglou–Berthelot ---- */

/* 10 units with a ratio, then one from 0 and one to 0 (no ratio). */
static const double hb_prev[] = { 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 0, 5 };
static const double hb_cur[] = { 11, 18, 33, 40, 55, 57, 77, 800, 70, 104, 3, 0 };

START_TEST(hb_ten_units)
{
	/* r = cur/prev; rmed = st.median(r) = 1.07 (1.04 and 1.1 in the middle);
	 * s = 1 − rmed/r if r < rmed else r/rmed − 1; E = s · max(prev, cur) ** 0.5;
	 * q7(E, .25), st.median(E), q7(E, .75) = −0.7442323117308338, −0.10059236130192722,
	 * 0.19621372505484905; lower = med − C max(med − q1, |A med|), upper = med + C max(q3 − med, |A med|) */
	const double want_e[] = { 0.0929894801034228,  -0.8447367914999205, 0.1610625041085435,
				  -0.44271887242357355, 0.20793079870361755, -0.9784378979892435,
				  0.24602703889884556, 236.05471237367738,  -3.5643386769612158,
				  -0.29417420270727723 };
	double e[12], lower, upper;
	ck_assert_int_eq(xxgk_stats_hb(e, &lower, &upper, hb_prev, hb_cur, 12, XXGK_HB_U, XXGK_HB_A, XXGK_HB_C),
			 XXGK_OK);
	for (size_t i = 0; i < 10; i++)
		ck_assert_double_eq_tol(e[i], want_e[i], 1e-10);
	ck_assert_double_nan(e[10]);
	ck_assert_double_nan(e[11]);
	ck_assert_double_eq_tol(lower, -4.606072014304273, 1e-10);
	ck_assert_double_eq_tol(upper, 1.977050243195507, 1e-10);
	size_t flagged = 0;
	for (size_t i = 0; i < 10; i++)
		flagged += e[i] < lower || e[i] > upper;
	ck_assert_uint_eq(flagged, 1);   /* 80 → 800 */
	ck_assert(e[7] > upper);
	/* C = 4 also flags 90 → 70: lower = −2.6751521630175534, upper = 1.086631984125178 */
	ck_assert_int_eq(xxgk_stats_hb(e, &lower, &upper, hb_prev, hb_cur, 12, 0.5, 0.05, 4), XXGK_OK);
	ck_assert_double_eq_tol(lower, -2.6751521630175534, 1e-10);
	ck_assert_double_eq_tol(upper, 1.086631984125178, 1e-10);
	ck_assert(e[8] < lower);
}
END_TEST

START_TEST(hb_a_floor_and_errors)
{
	/* Six units all up 10% but one, +21%: r = 1.1 ×5 and 1.21, rmed 1.1; E = 0 ×5 and
	 * (1.21/1.1 − 1) · sqrt(121) = 1.1 by hand. q1 = med = q3 = 0 and A·med = 0: both bounds
	 * would collapse to 0 and flag the one mover; they are NaN instead (no spread, no bound). */
	const double p[] = { 100, 100, 100, 100, 100, 100 }, c[] = { 110, 110, 121, 110, 110, 110 };
	double e[12], lower, upper;
	ck_assert_int_eq(xxgk_stats_hb(e, &lower, &upper, p, c, 6, 0.5, 0.05, 7), XXGK_OK);
	ck_assert_double_eq_tol(e[2], 1.1, TOL);
	ck_assert_double_eq_tol(e[0], 0, TOL);
	ck_assert_double_nan(lower);
	ck_assert_double_nan(upper);
	/* Half-collapsed: U = 0 (no size weight), r = 1, 3, 3, 3: rmed 3, E = 1 − 3/1 = −2, 0, 0, 0 by
	 * hand; q1: h = 0.75 → −2 + 0.75·2 = −0.5, med 0, q3 0; lower = 0 − 7·0.5, upper would be
	 * 0 (the issue's [−6.06, 0.00]) and is NaN */
	const double p2[] = { 1, 1, 1, 1 }, c2[] = { 1, 3, 3, 3 };
	ck_assert_int_eq(xxgk_stats_hb(e, &lower, &upper, p2, c2, 4, 0, 0.05, 7), XXGK_OK);
	ck_assert_double_eq_tol(e[0], -2, TOL);
	ck_assert_double_eq_tol(lower, -3.5, TOL);
	ck_assert_double_nan(upper);
	/* the |A·E_med| term: the ten units with A = 10, |A·med| = 1.0059 above both med − q1 = 0.6436
	 * and q3 − med = 0.2968, so lower = med − 7 · 1.0059 = −7.142057652436834, upper = 6.94087292983298 */
	ck_assert_int_eq(xxgk_stats_hb(e, &lower, &upper, hb_prev, hb_cur, 12, 0.5, 10, 7), XXGK_OK);
	ck_assert_double_eq_tol(lower, -7.142057652436834, 1e-10);
	ck_assert_double_eq_tol(upper, 6.94087292983298, 1e-10);
	/* errors */
	ck_assert_int_eq(xxgk_stats_hb(e, &lower, &upper, p, c, 0, 0.5, 0.05, 7), XXGK_EINVAL);
	const double zp[] = { 0, 5 }, zc[] = { 3, 0 };
	ck_assert_int_eq(xxgk_stats_hb(e, &lower, &upper, zp, zc, 2, 0.5, 0.05, 7), XXGK_EINVAL);
	ck_assert_double_nan(e[0]);
	ck_assert_double_nan(lower);
	ck_assert_int_eq(xxgk_stats_hb(e, &lower, &upper, p, c, 6, 1.5, 0.05, 7), XXGK_EINVAL);
	ck_assert_int_eq(xxgk_stats_hb(e, &lower, &upper, p, c, 6, 0.5, -1, 7), XXGK_EINVAL);
	ck_assert_int_eq(xxgk_stats_hb(e, &lower, &upper, p, c, 6, 0.5, 0.05, 0), XXGK_EINVAL);
}
END_TEST

/* ---- Benford ---- */

START_TEST(benford_powers_of_two_conform)
{
	/* 2^0 … 2^1003 (exact in doubles; 2^64 and up take the decimal-expansion path): 2^0 … 2^3 are below
	 * 10 and skipped, as are the odd values after them; 2^4 … 2^1003 are the 1000 used.
	 * fd = [int(str(2**k)[0]) for k in range(4, 1004)] → counts 301 176 125 97 79 69 56 52 45;
	 * mad = sum(abs(c/1000 − log10(1 + 1/d)))/9 = 0.0006782085123664783 */
	static double x[1009];
	for (int k = 0; k < 1004; k++)
		x[k] = ldexp(1.0, k);
	x[1004] = 9.99;
	x[1005] = 0;
	x[1006] = -70;
	x[1007] = NAN;
	x[1008] = INFINITY;
	xxgk_benford b;
	ck_assert_int_eq(xxgk_stats_benford(&b, x, 1009), XXGK_OK);
	ck_assert_uint_eq(b.n, 1000);
	int counts[9] = { 0 };
	for (int k = 4; k < 1004; k++) {   /* the first digits of 2^k, by the same exact rule as the Python */
		char buf[400];
		snprintf(buf, sizeof buf, "%.0f", ldexp(1.0, k));
		counts[buf[0] - '1']++;
	}
	const int want[] = { 301, 176, 125, 97, 79, 69, 56, 52, 45 };
	for (int d = 0; d < 9; d++) {
		ck_assert_int_eq(counts[d], want[d]);
		ck_assert_double_eq_tol(b.observed[d], want[d] / 1000.0, TOL);
	}
	ck_assert_double_eq_tol(b.expected[0], 0.30102999566398120, TOL);   /* log10(2) */
	ck_assert_double_eq_tol(b.expected[8], 0.045757490560675115, TOL);  /* log10(10/9) */
	ck_assert_double_eq_tol(b.mad, 0.0006782085123664783, TOL);
	ck_assert_int_eq(b.conformity, XXGK_BENFORD_CLOSE);
	ck_assert_int_eq(xxgk_stats_benford_applicable(x, 1009), 1);
	ck_assert_int_eq(xxgk_stats_benford_applicable(x, 1003), 0);   /* 999 values ≥ 10: 样本不足 */
}
END_TEST

START_TEST(benford_uniform_does_not)
{
	/* 10 … 9999: each first digit 1110 times, observed 1/9; mad = 0.05971703510991756 */
	static double x[9990];
	for (int i = 0; i < 9990; i++)
		x[i] = i + 10;
	xxgk_benford b;
	ck_assert_int_eq(xxgk_stats_benford(&b, x, 9990), XXGK_OK);
	ck_assert_double_eq_tol(b.observed[0], 1.0 / 9, TOL);
	ck_assert_double_eq_tol(b.mad, 0.05971703510991756, TOL);
	ck_assert_int_eq(b.conformity, XXGK_BENFORD_NONCONFORMITY);
	ck_assert_int_eq(xxgk_stats_benford_applicable(x, 9990), 1);
	ck_assert_int_eq(xxgk_stats_benford_applicable(x, 1000), 1);     /* 10 … 1009: 1000 values, span 100.9 */
	ck_assert_int_eq(xxgk_stats_benford_applicable(x, 999), 0);      /* 10 … 1008: too few */
	ck_assert_int_eq(xxgk_stats_benford_applicable(x + 90, 1000), 0); /* 100 … 1099: one order */
	/* fractional parts do not count, values below 10 are skipped: 19.9 and 199.99 have first digit 1 */
	const double frac[] = { 19.9, 199.99, 9.7 };
	ck_assert_int_eq(xxgk_stats_benford(&b, frac, 3), XXGK_OK);
	ck_assert_uint_eq(b.n, 2);
	ck_assert_double_eq(b.observed[0], 1);
	ck_assert_int_eq(xxgk_stats_benford(&b, frac, 0), XXGK_EINVAL);
	ck_assert_int_eq(xxgk_stats_benford(&b, frac + 2, 1), XXGK_EINVAL);
	ck_assert_uint_eq(b.n, 0);
}
END_TEST

/* A sample drawn from Benford's law itself, 100 values: digit d taken round(100 · log10(1 + 1/d))
 * times would conform, but a real draw of 100 has MAD ≈ 0.235/√100 = 0.0235 > 0.015; the predicate
 * says 样本不足 rather than let such a verdict out. */
START_TEST(benford_small_sample_not_applicable)
{
	static double x[100];
	const int take[] = { 30, 18, 12, 10, 8, 7, 6, 5, 4 };   /* 100, near log10(1 + 1/d) */
	size_t k = 0;
	for (int d = 1; d <= 9; d++)
		for (int j = 0; j < take[d - 1]; j++)
			x[k++] = d * pow(10, j % 4 + 1) + j;   /* spans 10 … 90,000 */
	ck_assert_uint_eq(k, 100);
	ck_assert_int_eq(xxgk_stats_benford_applicable(x, k), 0);
}
END_TEST

/* Counts moved from digit 1 to digit 9 of a near-Benford 1000 put the MAD in each band. */
static const struct {
	int moved;
	double mad;
	int band;
} benford_band_cases[] = {
	/* c = [301, 176, 125, 97, 79, 67, 58, 51, 46]; c[0] −= t; c[8] += t;
	 * mad = sum(abs(ci/1000 − log10(1 + 1/d)))/9 */
	{ .moved = 0, .mad = 0.00010111626992634888, .band = XXGK_BENFORD_CLOSE },
	{ .moved = 40, .mad = 0.008990005158815234, .band = XXGK_BENFORD_ACCEPTABLE },
	{ .moved = 60, .mad = 0.013434449603259683, .band = XXGK_BENFORD_MARGINAL },
	{ .moved = 80, .mad = 0.017878894047704128, .band = XXGK_BENFORD_NONCONFORMITY },
	/* each side of each bound, about 0.0001 away */
	{ .moved = 26, .mad = 0.005878894047704123, .band = XXGK_BENFORD_CLOSE },
	{ .moved = 27, .mad = 0.006101116269926345, .band = XXGK_BENFORD_ACCEPTABLE },
	{ .moved = 53, .mad = 0.011878894047704126, .band = XXGK_BENFORD_ACCEPTABLE },
	{ .moved = 54, .mad = 0.012101116269926347, .band = XXGK_BENFORD_MARGINAL },
	{ .moved = 67, .mad = 0.014990005158815236, .band = XXGK_BENFORD_MARGINAL },
	{ .moved = 68, .mad = 0.015212227381037459, .band = XXGK_BENFORD_NONCONFORMITY },
};

START_TEST(benford_bands)
{
	int c[] = { 301, 176, 125, 97, 79, 67, 58, 51, 46 };
	c[0] -= benford_band_cases[_i].moved;
	c[8] += benford_band_cases[_i].moved;
	static double x[1000];
	size_t k = 0;
	for (int d = 1; d <= 9; d++)
		for (int j = 0; j < c[d - 1]; j++)
			x[k++] = d * 1000 + j;   /* first digit d */
	ck_assert_uint_eq(k, 1000);
	xxgk_benford b;
	ck_assert_int_eq(xxgk_stats_benford(&b, x, k), XXGK_OK);
	ck_assert_double_eq_tol(b.mad, benford_band_cases[_i].mad, TOL);
	ck_assert_int_eq(b.conformity, benford_band_cases[_i].band);
}
END_TEST

/* ---- last digit ---- */

START_TEST(last_digit_uniform)
{
	/* 100 … 199: each last digit exactly 10 times → chi2 0, p 1, share of 0/5 = 0.2 */
	static double x[100];
	for (int i = 0; i < 100; i++)
		x[i] = 100 + i;
	double chi2, p, share;
	ck_assert_int_eq(xxgk_stats_last_digit(&chi2, &p, &share, x, 100), XXGK_OK);
	ck_assert_double_eq_tol(chi2, 0, TOL);
	ck_assert_double_eq_tol(p, 1, TOL);
	ck_assert_double_eq_tol(share, 0.2, TOL);
	ck_assert_int_eq(xxgk_stats_last_digit_applicable(x, 100), 1);
	ck_assert_int_eq(xxgk_stats_last_digit_applicable(x, 99), 0);
	/* Poisson counts of 10–30 are not uniform in their last digit: below 100 they are not read */
	for (int i = 0; i < 100; i++)
		x[i] = 10 + i % 21;
	ck_assert_int_eq(xxgk_stats_last_digit_applicable(x, 100), 0);
	ck_assert_int_eq(xxgk_stats_last_digit(&chi2, &p, &share, x, 100), XXGK_EINVAL);
}
END_TEST

START_TEST(last_digit_heaped)
{
	/* last-digit counts O = [30, 6, 6, 6, 6, 10, 6, 6, 6, 6], m = 88, E = 8.8:
	 * chi2 = sum((o − E)**2 / E) = 58.36363636363636; p by Abramowitz & Stegun 26.4.4 (odd ν = 9):
	 * Q = erfc(sqrt(x/2)) + 2 φ(sqrt x) Σ_{r=1..4} sqrt(x)^(2r−1) / (1·3···(2r−1)) = 2.7676608442759637e-09;
	 * share0_5 = 40/88. Values that must be skipped ride along. */
	const int o[] = { 30, 6, 6, 6, 6, 10, 6, 6, 6, 6 };
	static double x[100];
	size_t k = 0;
	for (int d = 0; d < 10; d++)
		for (int j = 1; j <= o[d]; j++)
			x[k++] = 100 + 10 * j + d;
	x[k++] = 120.5;   /* not an integer */
	x[k++] = 99;      /* below 100 */
	x[k++] = -200;    /* below 100 */
	x[k++] = 1e300;   /* beyond 2^53 */
	x[k++] = NAN;
	double chi2, p, share;
	ck_assert_int_eq(xxgk_stats_last_digit(&chi2, &p, &share, x, k), XXGK_OK);
	ck_assert_double_eq_tol(chi2, 58.36363636363636, 1e-10);
	ck_assert_double_eq_tol(p, 2.7676608442759637e-09, 1e-15);
	ck_assert_double_eq_tol(share, 40.0 / 88.0, TOL);
	ck_assert_int_eq(xxgk_stats_last_digit(&chi2, &p, &share, x, 0), XXGK_EINVAL);
	ck_assert_double_nan(chi2);
	const double small[] = { 1, 2, 99, 109.5 };
	ck_assert_int_eq(xxgk_stats_last_digit(&chi2, &p, &share, small, 4), XXGK_EINVAL);
}
END_TEST


/* ---- histogram edges, exactly ---- */

START_TEST(histogram_edges_exact)
{
	/* 0.1 … 0.7 in tenths over 6 bins: 0.7 − 0.1 is not 0.6 in doubles, yet the ends are min and max to
	 * the bit and every value lies in [edges[i], edges[i+1]) of the bin that counted it */
	const double x[] = { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.30000000000000004, 0.29999999999999999 };
	size_t counts[6], mine[6] = { 0 };
	double edges[7];
	ck_assert_int_eq(xxgk_stats_histogram(counts, 6, edges, x, ARRAY_LEN(x)), XXGK_OK);
	ck_assert(edges[0] == 0.1 && edges[6] == 0.7);
	for (size_t i = 0; i < ARRAY_LEN(x); i++) {
		size_t b = 0;
		while (b + 1 < 6 && x[i] >= edges[b + 1])
			b++;
		mine[b]++;
	}
	size_t total = 0;
	for (size_t b = 0; b < 6; b++) {
		ck_assert(edges[b] <= edges[b + 1]);
		ck_assert_uint_eq(counts[b], mine[b]);
		total += counts[b];
	}
	ck_assert_uint_eq(total, ARRAY_LEN(x));
	/* a range wider than DBL_MAX: max − min overflows, the edges do not */
	const double wide[] = { -1e308, 0, 1e308 };
	ck_assert_int_eq(xxgk_stats_histogram(counts, 4, edges, wide, 3), XXGK_OK);
	ck_assert(edges[0] == -1e308 && edges[4] == 1e308 && isfinite(edges[2]));
	ck_assert_uint_eq(counts[0] + counts[1] + counts[2] + counts[3], 3);
	ck_assert_uint_eq(counts[3], 1);
}
END_TEST

/* ---- multiplicity ---- */

START_TEST(bh_known_vector)
{
	/* m = 5 (the NaN is no test); sorted 0.005 0.01 0.03 0.04 0.5 → m p/i = 0.025 0.025 0.05 0.05 0.5;
	 * the running minimum from the top leaves them so: q = 0.025 0.05 0.05 0.025 NaN 0.5 in input order */
	const double p[] = { 0.01, 0.04, 0.03, 0.005, NAN, 0.5 };
	double q[6];
	bool ok;
	ck_assert_uint_eq(xxgk_stats_bh(q, p, 6, &ok), 5);
	ck_assert(ok);
	const double want[] = { 0.025, 0.05, 0.05, 0.025, NAN, 0.5 };
	for (int i = 0; i < 6; i++) {
		if (isnan(want[i]))
			ck_assert_double_nan(q[i]);
		else
			ck_assert_double_eq_tol(q[i], want[i], TOL);
	}
	/* a later, larger p pulls an earlier q down: 0.02 0.021 0.022 → 3·0.02/1 = 0.06 > 3·0.022/3 = 0.022 */
	double r[] = { 0.022, 0.02, 0.021 };
	ck_assert_uint_eq(xxgk_stats_bh(r, r, 3, &ok), 3);   /* in place */
	for (int i = 0; i < 3; i++)
		ck_assert_double_eq_tol(r[i], 0.022, TOL);
	/* nothing to adjust */
	ck_assert_uint_eq(xxgk_stats_bh(q, p, 0, &ok), 0);
	ck_assert(ok);
	/* two tails → two-sided p → z */
	ck_assert_double_eq_tol(xxgk_stats_two_sided(0.01, 0.995), 0.02, TOL);
	ck_assert_double_eq(xxgk_stats_two_sided(0.7, 0.6), 1);
	ck_assert_double_nan(xxgk_stats_two_sided(NAN, 0.5));
	/* NormalDist().inv_cdf(1 − 0.05/2) = 1.9599639845400536 */
	ck_assert_double_eq_tol(xxgk_stats_z_of_p(0.05, 1), 1.9599639845400536, 1e-9);
	ck_assert_double_eq_tol(xxgk_stats_z_of_p(0.05, -1), -1.9599639845400536, 1e-9);
	ck_assert_double_eq(xxgk_stats_z_of_p(1, 1), 0);
	ck_assert(isfinite(xxgk_stats_z_of_p(0, 1)) && xxgk_stats_z_of_p(0, 1) > 30);
}
END_TEST

/* ---- counts against peers ---- */

START_TEST(count_tails_geometric)
{
	/* k = 1, mean 2 is the geometric P(X = x) = (1/3)(2/3)^x: P(X ≥ 5) = (2/3)^5 = 0.13168724279835392,
	 * P(X ≤ 0) = 1/3; the 0.9 quantile: least c with 1 − (2/3)^(c+1) ≥ 0.9 → c = 5 */
	xxgk_count_fit f = { .mean = 2, .shape = 1, .n = 10 };
	double up, low;
	xxgk_stats_count_tails(&up, &low, &f, 5);
	ck_assert_double_eq_tol(up, 0.13168724279835392, 1e-12);
	xxgk_stats_count_tails(&up, &low, &f, 0);
	ck_assert_double_eq(up, 1);
	ck_assert_double_eq_tol(low, 1.0 / 3, 1e-12);
	ck_assert_double_eq(xxgk_stats_count_quantile(&f, 0.9), 5);
	ck_assert_double_eq(xxgk_stats_count_quantile(&f, 0.3), 0);
	ck_assert_double_nan(xxgk_stats_count_quantile(&f, 1));
	/* all-zero peers: 0 is ordinary, anything else is not */
	xxgk_count_fit z = { .mean = 0, .shape = XXGK_COUNT_SHAPE_MAX, .n = 10 };
	xxgk_stats_count_tails(&up, &low, &z, 0);
	ck_assert(up == 1 && low == 1);
	xxgk_stats_count_tails(&up, &low, &z, 3);
	ck_assert(up == 0 && low == 1);
}
END_TEST

START_TEST(count_fit_resists_the_outlier)
{
	/* 40 审计局 with 0 penalties, 3 with 1, one with 34,191: the huge value is censored, never fitted */
	static double x[44];
	for (int i = 0; i < 44; i++)
		x[i] = i < 40 ? 0 : i < 43 ? 1 : 34191;
	xxgk_count_fit f;
	double up, low;
	ck_assert_int_eq(xxgk_stats_count_fit(&f, x, 44), XXGK_OK);
	ck_assert_double_eq(f.median, 0);
	ck_assert(f.mean < 0.2);
	xxgk_stats_count_tails(&up, &low, &f, 34191);
	ck_assert(up < 1e-12);
	xxgk_stats_count_tails(&up, &low, &f, 1);
	ck_assert(up > 0.01);   /* a lone 1 is not news */
	/* only zeros but one: the shape cannot be told and is fixed at 0.5; P(0) = (k/(k+μ))^k = 40/41 */
	for (int i = 0; i < 41; i++)
		x[i] = i < 40 ? 0 : 34191;
	ck_assert_int_eq(xxgk_stats_count_fit(&f, x, 41), XXGK_OK);
	ck_assert_double_eq(f.shape, 0.5);
	ck_assert_double_eq_tol(f.mean, 0.5 * ((41.0 / 40) * (41.0 / 40) - 1), 1e-5);
	xxgk_stats_count_tails(&up, &low, &f, 34191);
	ck_assert(up < 1e-6);
	/* errors: too few, negative, NaN */
	ck_assert_int_eq(xxgk_stats_count_fit(&f, x, 2), XXGK_EINVAL);
	const double neg[] = { 1, -1, 2 }, nan_x[] = { 1, NAN, 2 };
	ck_assert_int_eq(xxgk_stats_count_fit(&f, neg, 3), XXGK_EINVAL);
	ck_assert_int_eq(xxgk_stats_count_fit(&f, nan_x, 3), XXGK_EINVAL);
}
END_TEST

/* ---- year over year ---- */

START_TEST(yoy_zeros_exact)
{
	/* rho 0, tau2 0: given N = 30, C ~ binomial(30, ½): 0 → 30 has P(C ≥ 30) = 0.5^30 = 9.313225746154785e-10,
	 * 30 → 0 the same below; 0 → 0 is no evidence at all */
	xxgk_yoy_fit f = { .log_ratio = 0, .tau2 = 0, .n = 10, .n_tau = 10 };
	double up, low;
	xxgk_stats_yoy_tails(&up, &low, &f, 0, 30);
	ck_assert_double_eq_tol(up, 9.313225746154785e-10, 1e-18);
	ck_assert_double_eq_tol(low, 1, 1e-12);
	xxgk_stats_yoy_tails(&up, &low, &f, 30, 0);
	ck_assert_double_eq_tol(low, 9.313225746154785e-10, 1e-18);
	xxgk_stats_yoy_tails(&up, &low, &f, 0, 0);
	ck_assert(up == 1 && low == 1);
	/* tau2 0.1: ∫ expit(δ)^30 φ(δ; 0, 0.1) dδ = 4.93371905212189e-07 (a 1e-4 grid over ±12 sd); the
	 * spread of true changes makes a jump from zero less surprising, but far from ordinary */
	f.tau2 = 0.1;
	xxgk_stats_yoy_tails(&up, &low, &f, 0, 30);
	ck_assert_double_eq_tol(up, 4.93371905212189e-07, 1e-11);
	/* 10 → 11 is ordinary: z = log(11.5/10.5)/sqrt(1/11.5 + 1/10.5 + 0.1) = 0.1713 < 1.5, the normal
	 * approximation is returned: 1 − Φ(z) = 0.43201332699176587 */
	xxgk_stats_yoy_tails(&up, &low, &f, 10, 11);
	ck_assert_double_eq_tol(up, 0.43201332699176587, 1e-12);
	ck_assert_double_eq_tol(low, 0.5679866730082341, 1e-12);
	xxgk_stats_yoy_tails(&up, &low, &f, -1, 11);
	ck_assert_double_nan(up);
}
END_TEST

START_TEST(yoy_fit_known)
{
	/* 14 bodies; rho = median of log((c+½)/(p+½)) over p + c ≥ 10 = 0.011211232027916185; tau2 solves
	 * median(d²/(v + tau2)) = 0.454936423119572 over the 12 with p + c ≥ 5, v = 1/(Nπ+½) + 1/(N(1−π)+½),
	 * π = expit(rho): bisection in Python to 0.9624534925204542 */
	const double p[] = { 10, 20, 30, 40, 50, 10, 20, 30, 40, 50, 60, 70, 0, 1 };
	const double c[] = { 20, 10, 60, 20, 100, 5, 40, 15, 80, 25, 30, 140, 0, 2 };
	xxgk_yoy_fit f;
	ck_assert_int_eq(xxgk_stats_yoy_fit(&f, p, c, 14), XXGK_OK);
	ck_assert_uint_eq(f.n, 13);
	ck_assert_uint_eq(f.n_tau, 12);
	ck_assert_double_eq_tol(f.log_ratio, 0.011211232027916185, 1e-12);
	ck_assert_double_eq_tol(f.tau2, 0.9624534925204542, 1e-9);
	/* too few bodies with counts for tau2: rho is still set, tau2 NaN, EINVAL */
	ck_assert_int_eq(xxgk_stats_yoy_fit(&f, p, c, 9), XXGK_EINVAL);
	ck_assert_double_nan(f.tau2);
	ck_assert(isfinite(f.log_ratio));
	const double neg[] = { -1, 2 };
	ck_assert_int_eq(xxgk_stats_yoy_fit(&f, neg, c, 2), XXGK_EINVAL);
}
END_TEST

/* ---- a million values ---- */

#define BIG 1000000

START_TEST(million_values)
{
	/* 999999 … 0: mean = median = 499999.5; sd = sqrt(N (N + 1) / 12) = 288675.2789323441;
	 * q1 = h = 999999 · 0.25 = 249999.75, q3 = 749999.25; |x − 499999.5| = 0.5 0.5 1.5 1.5 …, the
	 * 500000th and 500001st are 249999.5 and 250000.5 → MAD 250000; robust z of 999999 =
	 * 0.6745 · 499999.5 / 250000 = 1.348998651 */
	double *x = malloc(BIG * sizeof *x), *z = malloc(BIG * sizeof *z), *prev = malloc(BIG * sizeof *prev);
	ck_assert(x && z && prev);
	for (size_t i = 0; i < BIG; i++) {
		x[i] = (double)(BIG - 1 - i);
		prev[i] = x[i] + 1;
	}
	xxgk_summary s;
	ck_assert_int_eq(xxgk_stats_summary(&s, x, BIG), XXGK_OK);
	ck_assert_double_eq_tol(s.mean, 499999.5, 1e-6);
	ck_assert_double_eq_tol(s.median, 499999.5, 1e-9);
	ck_assert_double_eq_tol(s.sd, 288675.2789323441, 1e-6);
	ck_assert_double_eq_tol(s.q1, 249999.75, 1e-9);
	ck_assert_double_eq_tol(s.q3, 749999.25, 1e-9);
	ck_assert_double_eq_tol(s.mad, 250000, 1e-9);
	ck_assert_double_eq(x[0], BIG - 1);   /* untouched */
	ck_assert_int_eq(xxgk_stats_robust_z(z, x, BIG, false), XXGK_OK);
	ck_assert_double_eq_tol(z[0], 1.348998651, 1e-12);
	/* everyone doubles: r = 2 = rmed, every E is 0 */
	for (size_t i = 0; i < BIG; i++)
		x[i] = 2 * prev[i];
	double lower, upper;
	ck_assert_int_eq(xxgk_stats_hb(z, &lower, &upper, prev, x, BIG, 0.5, 0.05, 7), XXGK_OK);
	ck_assert_double_eq(z[BIG / 2], 0);
	ck_assert_double_nan(lower);   /* no spread: no bound (the guard), not a bound at 0 */
	size_t counts[10];
	double edges[11];
	ck_assert_int_eq(xxgk_stats_histogram(counts, 10, edges, prev, BIG), XXGK_OK);
	ck_assert_uint_eq(counts[0], 100000);   /* 1 … 1000000 in tenths: [1, 100000.9) holds 1 … 100000 */
	xxgk_benford b;
	ck_assert_int_eq(xxgk_stats_benford(&b, prev, BIG), XXGK_OK);
	ck_assert_uint_eq(b.n, BIG - 9);
	/* 10 … 10^6: digit 1 has 10 + 100 + … + 10^5 + 1 (10^6 itself) = 111111 */
	ck_assert_double_eq_tol(b.observed[0], 111111.0 / (BIG - 9), TOL);
	double chi2, p, share;
	ck_assert_int_eq(xxgk_stats_last_digit(&chi2, &p, &share, prev, BIG), XXGK_OK);
	/* 100 … 10^6: 999901 values; 100 … 999999 give each digit 99990, 10^6 one more 0:
	 * E = 99990.1, chi2 = (0.9² + 9 · 0.1²) / 99990.1 = 0.9 / 99990.1 */
	ck_assert_double_eq_tol(chi2, 0.9 / 99990.1, 1e-15);
	ck_assert_double_eq_tol(share, (99991.0 + 99990.0) / 999901, TOL);   /* 0s and 5s */
	xxgk_funnel f;
	for (size_t i = 0; i < BIG; i++)
		x[i] = (double)(i % 7);
	for (size_t i = 0; i < BIG; i++)
		prev[i] = 30;
	ck_assert_int_eq(xxgk_stats_funnel_fit(&f, x, prev, BIG, 30), XXGK_OK);
	ck_assert_uint_eq(f.units, BIG);
	free(x);
	free(z);
	free(prev);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("stats");
	TCase *tc = tcase_create("summary");
	tcase_add_test(tc, summary_small_set);
	tcase_add_test(tc, summary_one_value_and_errors);
	suite_add_tcase(s, tc);
	tc = tcase_create("histogram");
	tcase_add_test(tc, histogram_equal_width);
	tcase_add_test(tc, histogram_all_equal_and_errors);
	tcase_add_test(tc, histogram_edges_exact);
	suite_add_tcase(s, tc);
	tc = tcase_create("robust_z");
	tcase_add_test(tc, robust_z_mad);
	tcase_add_test(tc, robust_z_mad_zero_fallback);
	tcase_add_test(tc, robust_z_all_equal_and_errors);
	suite_add_tcase(s, tc);
	tc = tcase_create("funnel");
	tcase_add_test(tc, funnel_fit_winsorised);
	tcase_add_test(tc, funnel_limits_n100);
	tcase_add_test(tc, funnel_underdispersed_and_degenerate);
	suite_add_tcase(s, tc);
	tc = tcase_create("hb");
	tcase_add_test(tc, hb_ten_units);
	suite_add_tcase(s, tc);
	tc = tcase_create("fdr");
	tcase_add_test(tc, bh_known_vector);
	suite_add_tcase(s, tc);
	tc = tcase_create("counts");
	tcase_add_test(tc, count_tails_geometric);
	tcase_add_test(tc, count_fit_resists_the_outlier);
	suite_add_tcase(s, tc);
	tc = tcase_create("yoy");
	tcase_add_test(tc, yoy_zeros_exact);
	tcase_add_test(tc, yoy_fit_known);
	suite_add_tcase(s, tc);
	tc = tcase_create("hb_guard");
	tcase_add_test(tc, hb_a_floor_and_errors);
	suite_add_tcase(s, tc);
	tc = tcase_create("benford");
	tcase_add_test(tc, benford_powers_of_two_conform);
	tcase_add_test(tc, benford_uniform_does_not);
	tcase_add_test(tc, benford_small_sample_not_applicable);
	tcase_add_loop_test(tc, benford_bands, 0, (int)ARRAY_LEN(benford_band_cases));
	suite_add_tcase(s, tc);
	tc = tcase_create("last_digit");
	tcase_add_test(tc, last_digit_uniform);
	tcase_add_test(tc, last_digit_heaped);
	suite_add_tcase(s, tc);
	tc = tcase_create("scale");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, million_values);
	suite_add_tcase(s, tc);
	return test_run(s);
}
