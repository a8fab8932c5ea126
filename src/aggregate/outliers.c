/*
 * outliers.c — the bodies that stand out from their peers, each with the
 * figure, its value, the peer median, the statistic and the threshold in a
 * sentence (docs/statistics.md has every method and default).
 *
 * Peers are the bodies of one level (town, department, county, city,
 * province) in one year. Counts: robust z on log1p (Iglewicz & Hoaglin),
 * flagged when |M| > 3.5 and the count is also at least `min_delta` away
 * from the peer median (most towns get 0–5 applications: a town with 6 is
 * not news). Rates: funnel limits for proportions with overdispersion
 * (Spiegelhalter 2005), bodies with fewer than 30 cases not rated. Year
 * over year: Hidiroglou–Berthelot on the body's two reports. Digits:
 * Benford's first digit on the pooled 行政许可/处罚/强制 counts of the scope,
 * only where meaningful (≥ 100 values over ≥ 2 orders of magnitude).
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xxgk/aggregate.h"
#include "xxgk/stats.h"

static const char *const fig_keys[XXGK_FIG_COUNT] = {
	"new_received", "total_processed", "disclosed", "denied", "unable", "not_processed", "review",
	"review_corrected", "litigation", "litigation_corrected", "licensing", "penalty", "coercion"
};
static const char *const fig_labels[XXGK_FIG_COUNT] = {
	"本年新收申请", "办理总计", "予以公开和部分公开", "不予公开", "无法提供", "不予处理", "行政复议",
	"行政复议结果纠正", "行政诉讼", "行政诉讼结果纠正", "行政许可", "行政处罚", "行政强制"
};
static const char *const level_labels[] = { "未识别", "省级", "市级", "县级", "乡镇街道", "部门" };

const char *xxgk_figure_key(int f) { return f >= 0 && f < XXGK_FIG_COUNT ? fig_keys[f] : "?"; }
const char *xxgk_figure_label(int f) { return f >= 0 && f < XXGK_FIG_COUNT ? fig_labels[f] : "?"; }

bool xxgk_figure_is_volume(int f)
{
	return f == XXGK_FIG_NEW_RECEIVED || f == XXGK_FIG_TOTAL_PROCESSED || f == XXGK_FIG_REVIEW ||
	       f == XXGK_FIG_LITIGATION || f == XXGK_FIG_LICENSING || f == XXGK_FIG_PENALTY || f == XXGK_FIG_COERCION;
}

void xxgk_rate_figures(int rate, int *num, int *den)
{
	*den = XXGK_FIG_TOTAL_PROCESSED;
	switch (rate) {
	case XXGK_RATE_DISCLOSED: *num = XXGK_FIG_DISCLOSED; break;
	case XXGK_RATE_DENIED: *num = XXGK_FIG_DENIED; break;
	case XXGK_RATE_UNABLE: *num = XXGK_FIG_UNABLE; break;
	case XXGK_RATE_NOT_PROCESSED: *num = XXGK_FIG_NOT_PROCESSED; break;
	case XXGK_RATE_REVIEW_CORRECTED: *num = XXGK_FIG_REVIEW_CORRECTED; *den = XXGK_FIG_REVIEW; break;
	default: *num = XXGK_FIG_LITIGATION_CORRECTED; *den = XXGK_FIG_LITIGATION; break;
	}
}

void xxgk_outlier_options_default(xxgk_outlier_options *o)
{
	o->z = XXGK_ROBUST_Z_OUTLIER;
	o->min_delta = 10;
	o->min_group = 10;
	o->min_cases = XXGK_FUNNEL_MIN_TOTAL;
	o->funnel_p = XXGK_FUNNEL_P998;
	o->hb_u = XXGK_HB_U;
	o->hb_a = XXGK_HB_A;
	o->hb_c = XXGK_HB_C;
}

void xxgk_outliers_free(xxgk_outliers *o)
{
	free(o->items);
	memset(o, 0, sizeof *o);
}

static xxgk_outlier *outlier_add(xxgk_outliers *out, const xxgk_body_figures *b, const char *method,
				 const char *figure, double value, double peer, double stat, double threshold,
				 const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 9, 10)))
#endif
	;

static xxgk_outlier *outlier_add(xxgk_outliers *out, const xxgk_body_figures *b, const char *method,
				 const char *figure, double value, double peer, double stat, double threshold,
				 const char *fmt, ...)
{
	if (out->count == out->cap) {
		size_t cap = out->cap ? out->cap * 2 : 64;
		xxgk_outlier *it = realloc(out->items, cap * sizeof *it);
		if (!it)
			return NULL;
		out->items = it;
		out->cap = cap;
	}
	xxgk_outlier *o = &out->items[out->count++];
	memset(o, 0, sizeof *o);
	if (b) {
		snprintf(o->sha256, sizeof o->sha256, "%s", b->sha256);
		snprintf(o->name, sizeof o->name, "%s", b->name);
		snprintf(o->code, sizeof o->code, "%s", b->code);
		o->level = b->level;
		o->year = b->year;
	}
	snprintf(o->method, sizeof o->method, "%s", method);
	snprintf(o->figure, sizeof o->figure, "%s", figure);
	o->value = value;
	o->peer = peer;
	o->statistic = stat;
	o->threshold = threshold;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(o->message, sizeof o->message, fmt, ap);
	va_end(ap);
	return o;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median_of(double *v, size_t n)
{
	qsort(v, n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static const char *level_label(int level)
{
	return level >= 0 && level <= XXGK_LEVEL_DEPARTMENT ? level_labels[level] : "?";
}

/* Robust z of each volume figure within one peer group (indices `idx`). */
static int outliers_volume(xxgk_outliers *out, const xxgk_body_figures *f, const size_t *idx, size_t m,
			   const xxgk_outlier_options *o, double *x, double *z, double *tmp)
{
	for (int fig = 0; fig < XXGK_FIG_COUNT; fig++) {
		if (!xxgk_figure_is_volume(fig))
			continue;
		size_t k = 0;
		for (size_t i = 0; i < m; i++)
			if (f[idx[i]].known & (1u << fig))
				x[k++] = f[idx[i]].v[fig];
		if (k < o->min_group)
			continue;
		if (xxgk_stats_robust_z(z, x, k, true) != XXGK_OK)
			continue;
		memcpy(tmp, x, k * sizeof *x);
		double med = median_of(tmp, k);
		size_t j = 0;
		for (size_t i = 0; i < m; i++) {
			const xxgk_body_figures *b = &f[idx[i]];
			if (!(b->known & (1u << fig)))
				continue;
			double zz = z[j], v = x[j];
			j++;
			if (fabs(zz) <= o->z || fabs(v - med) < o->min_delta)
				continue;
			if (!outlier_add(out, b, "robust_z", fig_keys[fig], v, med, zz, o->z,
					 "%s %.15g 件，%s（%d年，%zu 个单位）中位数 %.15g；对数尺度的稳健 z = %.1f，%s阈值 ±%.1f",
					 fig_labels[fig], v, level_label(b->level), b->year, k, med, zz,
					 zz > 0 ? "高于" : "低于", o->z))
				return XXGK_ENOMEM;
		}
	}
	return XXGK_OK;
}

/* Funnel limits for each rate within one peer group. */
static int outliers_rates(xxgk_outliers *out, const xxgk_body_figures *f, const size_t *idx, size_t m,
			  const xxgk_outlier_options *o, double *ev, double *tot)
{
	for (int rate = 0; rate < XXGK_RATE_COUNT; rate++) {
		int nf, df;
		xxgk_rate_figures(rate, &nf, &df);
		size_t k = 0, rated = 0;
		for (size_t i = 0; i < m; i++) {
			const xxgk_body_figures *b = &f[idx[i]];
			if ((b->known & (1u << nf)) && (b->known & (1u << df)) && b->v[df] > 0 && b->v[nf] >= 0 &&
			    b->v[nf] <= b->v[df]) {
				ev[k] = b->v[nf];
				tot[k] = b->v[df];
				rated += tot[k] >= (double)o->min_cases;
				k++;
			}
		}
		if (rated < 5)
			continue;   /* too few rated bodies for a target and a dispersion */
		xxgk_funnel fn;
		if (xxgk_stats_funnel_fit(&fn, ev, tot, k, o->min_cases) != XXGK_OK)
			continue;
		for (size_t i = 0; i < m; i++) {
			const xxgk_body_figures *b = &f[idx[i]];
			if (!((b->known & (1u << nf)) && (b->known & (1u << df))) || b->v[df] < (double)o->min_cases)
				continue;
			double lo, hi, lo95, hi95, p = b->v[nf] / b->v[df];
			xxgk_stats_funnel_limits(&lo, &hi, &fn, b->v[df], o->funnel_p);
			xxgk_stats_funnel_limits(&lo95, &hi95, &fn, b->v[df], XXGK_FUNNEL_P95);
			if (!(p > hi || p < lo))
				continue;
			double zz = xxgk_stats_funnel_z(&fn, b->v[nf], b->v[df]);
			if (!outlier_add(out, b, "funnel", xxgk_rate_key(rate), p, fn.target, zz, o->funnel_p,
					 "%s %.1f%%（%.15g/%.15g），%s（%d年，%zu 个单位）总体 %.1f%%；超出 %.1f%% 控制限 "
					 "[%.1f%%, %.1f%%]（95%% 限 [%.1f%%, %.1f%%]，过度离散系数 φ = %.2f）",
					 xxgk_rate_label(rate), 100 * p, b->v[nf], b->v[df], level_label(b->level), b->year,
					 fn.units, 100 * fn.target, 100 * (2 * o->funnel_p - 1), 100 * lo, 100 * hi,
					 100 * lo95, 100 * hi95, fn.phi))
				return XXGK_ENOMEM;
		}
	}
	return XXGK_OK;
}

typedef struct {
	const char *body;
	size_t index;
} body_index;

static int cmp_body(const void *a, const void *b)
{
	return strcmp(((const body_index *)a)->body, ((const body_index *)b)->body);
}

/* Hidiroglou–Berthelot on the body's two years, within one peer group. */
static int outliers_hb(xxgk_outliers *out, const xxgk_body_figures *f, size_t n, const size_t *idx, size_t m,
		       int year, const xxgk_outlier_options *o, const body_index *prev_sorted, size_t prev_count,
		       double *pv, double *cv, double *e, size_t *who)
{
	for (int fig = 0; fig < XXGK_FIG_COUNT; fig++) {
		if (!xxgk_figure_is_volume(fig))
			continue;
		size_t k = 0;
		for (size_t i = 0; i < m; i++) {
			const xxgk_body_figures *b = &f[idx[i]];
			body_index key = { b->body, 0 };
			const body_index *hit = prev_count ? bsearch(&key, prev_sorted, prev_count, sizeof key, cmp_body) : NULL;
			if (!hit || hit->index >= n)
				continue;
			const xxgk_body_figures *p = &f[hit->index];
			if (!(b->known & (1u << fig)) || !(p->known & (1u << fig)) || b->v[fig] <= 0 || p->v[fig] <= 0)
				continue;
			pv[k] = p->v[fig];
			cv[k] = b->v[fig];
			who[k] = idx[i];
			k++;
		}
		if (k < o->min_group)
			continue;
		double lo, hi;
		if (xxgk_stats_hb(e, &lo, &hi, pv, cv, k, o->hb_u, o->hb_a, o->hb_c) != XXGK_OK)
			continue;
		if (!(hi > lo))
			continue;   /* collapsed bounds (docs/statistics.md): nothing to say */
		for (size_t i = 0; i < k; i++) {
			if (isnan(e[i]) || (e[i] >= lo && e[i] <= hi))
				continue;
			const xxgk_body_figures *b = &f[who[i]];
			if (fabs(cv[i] - pv[i]) < o->min_delta)
				continue;
			if (!outlier_add(out, b, "hb", fig_keys[fig], cv[i], pv[i], e[i], e[i] > hi ? hi : lo,
					 "%s 由%d年的 %.15g 变为 %.15g（%+.0f%%）；Hidiroglou–Berthelot 效应 %.2f 超出同级单位的区间 "
					 "[%.2f, %.2f]",
					 fig_labels[fig], year - 1, pv[i], cv[i], 100 * (cv[i] - pv[i]) / pv[i], e[i], lo, hi))
				return XXGK_ENOMEM;
		}
	}
	return XXGK_OK;
}

int xxgk_outliers_find(xxgk_outliers *out, const xxgk_body_figures *f, size_t n, int year,
		       const xxgk_outlier_options *opt)
{
	xxgk_outlier_options o;
	if (opt)
		o = *opt;
	else
		xxgk_outlier_options_default(&o);
	int rc = XXGK_ENOMEM;
	size_t *idx = malloc((n ? n : 1) * sizeof *idx);
	size_t *who = malloc((n ? n : 1) * sizeof *who);
	double *a = malloc((n ? n : 1) * sizeof *a), *b = malloc((n ? n : 1) * sizeof *b);
	double *c = malloc((n ? n : 1) * sizeof *c), *d = malloc((n ? 3 * n : 1) * sizeof *d);
	body_index *prev = malloc((n ? n : 1) * sizeof *prev);
	if (!idx || !who || !a || !b || !c || !d || !prev)
		goto done;
	size_t np = 0;
	for (size_t i = 0; i < n; i++)
		if (f[i].year == year - 1) {
			prev[np].body = f[i].body;
			prev[np].index = i;
			np++;
		}
	qsort(prev, np, sizeof *prev, cmp_body);
	rc = XXGK_OK;
	for (int level = XXGK_LEVEL_UNKNOWN + 1; level <= XXGK_LEVEL_DEPARTMENT && rc == XXGK_OK; level++) {
		size_t m = 0;
		for (size_t i = 0; i < n; i++)
			if (f[i].year == year && f[i].level == level)
				idx[m++] = i;
		if (!m)
			continue;
		rc = outliers_volume(out, f, idx, m, &o, a, b, c);
		if (rc == XXGK_OK)
			rc = outliers_rates(out, f, idx, m, &o, a, b);
		if (rc == XXGK_OK)
			rc = outliers_hb(out, f, n, idx, m, year, &o, prev, np, a, b, c, who);
	}
	/* Benford on the scope's pooled enforcement counts */
	if (rc == XXGK_OK) {
		size_t k = 0;
		for (size_t i = 0; i < n; i++) {
			if (f[i].year != year)
				continue;
			for (int fig = XXGK_FIG_LICENSING; fig <= XXGK_FIG_COERCION; fig++)
				if ((f[i].known & (1u << fig)) && f[i].v[fig] >= 1)
					d[k++] = f[i].v[fig];
		}
		xxgk_benford bf;
		if (xxgk_stats_benford_applicable(d, k) && xxgk_stats_benford(&bf, d, k) == XXGK_OK &&
		    bf.conformity >= 2) {
			static const char *const verdict[] = { "符合", "基本符合", "勉强符合", "不符合" };
			xxgk_outlier *x = outlier_add(out, NULL, "benford", "enforcement", bf.mad, 0, bf.mad, 0.012,
						      "%d年行政许可、处罚、强制决定数（%zu 个）首位数字分布与 Benford 定律%s："
						      "平均绝对偏差 %.4f（Nigrini：≤0.006 符合，≤0.012 基本符合，≤0.015 勉强）",
						      year, bf.n, verdict[bf.conformity], bf.mad);
			if (!x)
				rc = XXGK_ENOMEM;
			else
				x->year = year;
		}
	}
done:
	free(idx);
	free(who);
	free(a);
	free(b);
	free(c);
	free(d);
	free(prev);
	return rc;
}
