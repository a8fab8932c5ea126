/*
 * outliers.c — the body-years that stand out, each with a p-value, a
 * q-value, its peer group and the plain pieces of a sentence (value, peer
 * median, ratio, from → to). docs/statistics.md has every method, its
 * assumptions and its measured false-flag rate.
 *
 * Peers come from xxgk_peers_assign (peers.c), the rule every caller shares.
 * Three tests, each giving two tail probabilities:
 *   level  — a count against its peers': negative binomial fitted to the
 *            group with its top tenth censored (stats counts.c);
 *   yoy    — a count against the body's own last year: conditional binomial
 *            with a between-body variance of change (stats yoy.c);
 *   funnel — a rate against the peers' pooled rate: beta-binomial with the
 *            additive between-body variance (Spiegelhalter 2005, funnel.c).
 * A group with too few bodies for a figure borrows its level group's fit.
 * Every test's two-sided p then enters one Benjamini–Hochberg procedure for
 * the year (stats fdr.c), and the tests with q ≤ α are the flags, split
 * into a high and a low list. Digit tests run on the pooled enforcement
 * counts where they can speak.
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/common_int.h"
#include "xxgk/aggregate.h"
#include "xxgk/stats.h"

void xxgk_outlier_options_default(xxgk_outlier_options *o)
{
	xxgk_outlier_options d = XXGK_OUTLIER_OPTIONS_INIT;
	*o = d;
}

void xxgk_outliers_free(xxgk_outliers *o)
{
	if (!o)
		return;
	for (size_t i = 0; i < o->string_count; i++)
		free(o->strings[i]);
	free(o->strings);
	free(o->items);
	free(o->funnels);
	memset(o, 0, sizeof *o);
}

/* ---- the tests ---- */

enum { M_LEVEL, M_YOY, M_FUNNEL, M_COUNT };
static const char *const method_keys[M_COUNT] = { "level", "yoy", "funnel" };
/* The figures of level and yoy tests, and the funnel's rates (XXGK_RATE_*). */
static const int volume_figs[] = { XXGK_FIG_NEW_RECEIVED, XXGK_FIG_REVIEW, XXGK_FIG_LITIGATION,
				   XXGK_FIG_LICENSING, XXGK_FIG_PENALTY, XXGK_FIG_COERCION };
enum { N_VOLUME = (int)(sizeof volume_figs / sizeof *volume_figs), N_SLOTS = N_VOLUME > XXGK_RATE_COUNT ? N_VOLUME : XXGK_RATE_COUNT };

/* One fitted model: a (group, method, figure) with its peers' summary. */
typedef struct {
	bool ok;
	bool partial;             /* yoy: ρ fitted, τ² to borrow */
	size_t size;              /* bodies fitted */
	double median, lo, hi;    /* the peers' median and 10th/90th percentiles (yoy: of ratios where prev + cur ≥ 5) */
	union {
		xxgk_count_fit count;
		xxgk_yoy_fit yoy;
		xxgk_funnel funnel;
	} u;
} fit;

/* One test run; compact, since a national year runs a million of them. */
typedef struct {
	uint32_t body, prev;      /* indices in figs (prev: yoy only) */
	uint8_t method, slot;     /* slot: index in volume_figs, or the rate */
	int8_t direction;         /* XXGK_OUTLIER_HIGH when the upper tail is the smaller */
	int32_t group;            /* the group whose fit was used */
	double p;                 /* two-sided */
} test;

typedef struct {
	const xxgk_body_figures *f;
	size_t n;
	int year;
	xxgk_outlier_options o;
	xxgk_peers peers;
	size_t *members;          /* per group, the bodies compared in it (a level group: all of its level) */
	size_t *member_at;        /* group g's members are members[member_at[g] .. member_at[g + 1]) */
	long *prev_of;            /* index of each body's figures of year − 1, −1 when none */
	fit *fits;                /* [group][method][slot] */
	test *tests;
	size_t test_count, test_cap;
	double *x, *y, *tmp;      /* scratch, n each */
} ctx;

static fit *fit_at(ctx *c, int g, int method, int slot)
{
	return &c->fits[((size_t)g * M_COUNT + (size_t)method) * N_SLOTS + (size_t)slot];
}

static bool known(const xxgk_body_figures *b, int fig)
{
	return (b->known >> fig) & 1u;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Median and 10th/90th percentiles of v[0..k) (type 7, as the stats stage); sorts v. */
static void describe(fit *ft, double *v, size_t k)
{
	qsort(v, k, sizeof *v, cmp_double);
	double pos[3] = { 0.5, 0.1, 0.9 }, out[3];
	for (int j = 0; j < 3; j++) {
		double h = (double)(k - 1) * pos[j];
		size_t i = (size_t)h;
		out[j] = i + 1 < k ? v[i] + (h - (double)i) * (v[i + 1] - v[i]) : v[i];
	}
	ft->median = out[0];
	ft->lo = out[1];
	ft->hi = out[2];
}

/* Fits group g's models for every method and slot. */
static int fit_group(ctx *c, int g)
{
	const size_t *mem = c->members + c->member_at[g];
	size_t m = c->member_at[g + 1] - c->member_at[g];
	int rc = XXGK_OK;
	for (int s = 0; s < N_VOLUME && rc != XXGK_ENOMEM; s++) {
		int fig = volume_figs[s];
		/* level */
		size_t k = 0;
		for (size_t i = 0; i < m; i++)
			if (known(&c->f[mem[i]], fig))
				c->x[k++] = c->f[mem[i]].v[fig];
		fit *ft = fit_at(c, g, M_LEVEL, s);
		if (k >= c->o.min_group) {
			rc = xxgk_stats_count_fit(&ft->u.count, c->x, k);
			ft->ok = rc == XXGK_OK;
			ft->size = k;
			ft->median = ft->u.count.median;
			ft->lo = ft->u.count.q10;
			ft->hi = ft->u.count.q90;
		}
		/* yoy */
		k = 0;
		for (size_t i = 0; i < m; i++) {
			const xxgk_body_figures *b = &c->f[mem[i]];
			long pi = c->prev_of[mem[i]];
			if (pi < 0 || !known(b, fig) || !known(&c->f[pi], fig) || b->v[fig] < 0 || c->f[pi].v[fig] < 0)
				continue;
			c->x[k] = c->f[pi].v[fig];
			c->y[k] = b->v[fig];
			k++;
		}
		ft = fit_at(c, g, M_YOY, s);
		if (k >= c->o.min_group) {
			rc = xxgk_stats_yoy_fit(&ft->u.yoy, c->x, c->y, k);
			ft->ok = rc == XXGK_OK;
			ft->partial = rc == XXGK_EINVAL && ft->u.yoy.n > 0 && isfinite(ft->u.yoy.log_ratio);
			ft->size = k;
			size_t r = 0;
			for (size_t i = 0; i < k; i++)
				if (c->x[i] + c->y[i] >= 5)   /* the bodies the spread of change is fitted from */
					c->tmp[r++] = (c->y[i] + 0.5) / (c->x[i] + 0.5);
			if (r)
				describe(ft, c->tmp, r);
			else
				ft->median = ft->lo = ft->hi = NAN;
		}
	}
	for (int rate = 0; rate < XXGK_RATE_COUNT && rc != XXGK_ENOMEM; rate++) {
		int nf, df;
		xxgk_rate_figures(rate, &nf, &df);
		size_t k = 0, rated = 0;
		for (size_t i = 0; i < m; i++) {
			const xxgk_body_figures *b = &c->f[mem[i]];
			if (!known(b, nf) || !known(b, df) || !(b->v[df] >= (double)c->o.min_cases) || b->v[nf] < 0 ||
			    b->v[nf] > b->v[df])
				continue;
			c->x[k] = b->v[nf];
			c->y[k] = b->v[df];
			c->tmp[k] = b->v[nf] / b->v[df];
			k++;
			rated++;
		}
		fit *ft = fit_at(c, g, M_FUNNEL, rate);
		if (rated >= c->o.min_group) {
			rc = xxgk_stats_funnel_fit(&ft->u.funnel, c->x, c->y, k, c->o.min_cases);
			ft->ok = rc == XXGK_OK;
			ft->size = rated;
			describe(ft, c->tmp, k);
			ft->median = ft->u.funnel.target;   /* the pooled rate, never a median of rates */
		}
	}
	return rc == XXGK_ENOMEM ? rc : XXGK_OK;
}

/*
 * Year-over-year τ², the spread of true changes, needs many bodies with
 * counts to tell it from Poisson noise (yoy.c): a kind group with fewer than
 * YOY_OWN_TAU such bodies takes its level group's τ² (keeping its own typical
 * change ρ), and a group that has too few for any estimate takes the median
 * of the τ² fitted that year for the figure in the groups that could.
 */
#define YOY_OWN_TAU 30

static void yoy_resolve(ctx *c)
{
	size_t groups = c->peers.group_count, k;
	for (int s = 0; s < N_VOLUME; s++) {
		k = 0;
		for (size_t g = 0; g < groups; g++) {
			const fit *ft = fit_at(c, (int)g, M_YOY, s);
			if (ft->ok)
				c->tmp[k++] = ft->u.yoy.tau2;
		}
		double typical = NAN;
		if (k) {
			fit scratch;
			describe(&scratch, c->tmp, k);
			typical = scratch.median;
		}
		/* level groups first: kind groups may borrow from them */
		for (int pass = 0; pass < 2; pass++)
			for (size_t g = 0; g < groups; g++) {
				int parent = c->peers.groups[g].parent;
				fit *ft = fit_at(c, (int)g, M_YOY, s);
				if ((parent >= 0) != (pass == 1) || !(ft->ok || ft->partial))
					continue;
				const fit *pf = parent >= 0 ? fit_at(c, parent, M_YOY, s) : NULL;
				if (pf && pf->ok && ft->u.yoy.n_tau < YOY_OWN_TAU) {
					ft->u.yoy.tau2 = pf->u.yoy.tau2;
					ft->ok = true;
				} else if (!ft->ok && isfinite(typical)) {
					ft->u.yoy.tau2 = typical;
					ft->ok = true;
				}
			}
	}
}

/* The fit a body of group g uses: its own, else its level group's. */
static int fit_group_for(ctx *c, int g, int method, int slot)
{
	if (fit_at(c, g, method, slot)->ok)
		return g;
	int parent = c->peers.groups[g].parent;
	return parent >= 0 && fit_at(c, parent, method, slot)->ok ? parent : -1;
}

static int test_add(ctx *c, size_t body, long prev, int method, int slot, int g, double upper, double lower)
{
	double p = xxgk_stats_two_sided(upper, lower);
	if (isnan(p))
		return XXGK_OK;
	if (c->test_count == c->test_cap) {
		size_t cap = c->test_cap ? 2 * c->test_cap : 4096;
		test *t = realloc(c->tests, cap * sizeof *t);
		if (!t)
			return XXGK_ENOMEM;
		c->tests = t;
		c->test_cap = cap;
	}
	test *t = &c->tests[c->test_count++];
	t->body = (uint32_t)body;
	t->prev = prev < 0 ? 0 : (uint32_t)prev;
	t->method = (uint8_t)method;
	t->slot = (uint8_t)slot;
	t->direction = (int8_t)(upper < lower ? XXGK_OUTLIER_HIGH : XXGK_OUTLIER_LOW);
	t->group = g;
	t->p = p;
	return XXGK_OK;
}

/* Runs every test on body i. XXGK_OK or XXGK_ENOMEM. */
static int test_body(ctx *c, size_t i)
{
	int rc = XXGK_OK;
	const xxgk_body_figures *b = &c->f[i];
	int own = c->peers.of[i];
	double up, lo;
	for (int s = 0; s < N_VOLUME; s++) {
		int fig = volume_figs[s], g;
		if (!known(b, fig) || b->v[fig] < 0)
			continue;
		if ((g = fit_group_for(c, own, M_LEVEL, s)) >= 0) {
			xxgk_stats_count_tails(&up, &lo, &fit_at(c, g, M_LEVEL, s)->u.count, b->v[fig]);
			rc |= test_add(c, i, -1, M_LEVEL, s, g, up, lo);
		}
		long pi = c->prev_of[i];
		if (pi >= 0 && known(&c->f[pi], fig) && c->f[pi].v[fig] >= 0 &&
		    (g = fit_group_for(c, own, M_YOY, s)) >= 0) {
			xxgk_stats_yoy_tails(&up, &lo, &fit_at(c, g, M_YOY, s)->u.yoy, c->f[pi].v[fig], b->v[fig]);
			rc |= test_add(c, i, pi, M_YOY, s, g, up, lo);
		}
	}
	for (int rate = 0; rate < XXGK_RATE_COUNT; rate++) {
		int nf, df, g;
		xxgk_rate_figures(rate, &nf, &df);
		if (!known(b, nf) || !known(b, df) || !(b->v[df] >= (double)c->o.min_cases) || b->v[nf] < 0 ||
		    b->v[nf] > b->v[df])
			continue;
		if ((g = fit_group_for(c, own, M_FUNNEL, rate)) >= 0) {
			xxgk_stats_funnel_tails(&up, &lo, &fit_at(c, g, M_FUNNEL, rate)->u.funnel, b->v[nf], b->v[df]);
			rc |= test_add(c, i, -1, M_FUNNEL, rate, g, up, lo);
		}
	}
	return rc ? XXGK_ENOMEM : XXGK_OK;
}

/* ---- the flags ---- */

/* A count as words: 12,345 (grouped by thousands; integers only). */
static const char *fmt_count(char *buf, size_t cap, double v)
{
	if (!isfinite(v)) {
		snprintf(buf, cap, "—");
		return buf;
	}
	char digits[64];
	snprintf(digits, sizeof digits, "%.0f", fabs(v));
	size_t len = strlen(digits), o = 0;
	if (v < 0 && o + 1 < cap)
		buf[o++] = '-';
	for (size_t i = 0; i < len && o + 2 < cap; i++) {
		if (i && (len - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
	return buf;
}

/* A multiple as words: "19", "2.5", "0.3". */
static const char *fmt_times(char *buf, size_t cap, double r)
{
	if (!isfinite(r))
		snprintf(buf, cap, "—");
	else if (r >= 10)
		snprintf(buf, cap, "%.0f", r);
	else
		snprintf(buf, cap, "%.1f", r);
	return buf;
}

static const char *fmt_pct(char *buf, size_t cap, double r)
{
	snprintf(buf, cap, isfinite(r) ? (r < 0.1 && r > 0 ? "%.1f%%" : "%.0f%%") : "—", 100 * r);
	return buf;
}

static int strings_add(xxgk_outliers *out, const char *s, const char **at)
{
	for (size_t i = 0; i < out->string_count; i++)
		if (!strcmp(out->strings[i], s)) {
			*at = out->strings[i];
			return XXGK_OK;
		}
	char **grown = realloc(out->strings, (out->string_count + 1) * sizeof *grown);
	if (!grown)
		return XXGK_ENOMEM;
	out->strings = grown;
	size_t len = strlen(s);
	char *copy = malloc(len + 1);
	if (!copy)
		return XXGK_ENOMEM;
	memcpy(copy, s, len + 1);
	out->strings[out->string_count++] = copy;
	*at = copy;
	return XXGK_OK;
}

static void message(xxgk_outlier *o, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

static void message(xxgk_outlier *o, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	xxgk_vformat(o->message, sizeof o->message, fmt, ap);
	va_end(ap);
}

/* Fills the flag of test t, whose q-value is q (≤ α). */
static int flag_fill(ctx *c, xxgk_outliers *out, xxgk_outlier *o, const test *t, double q)
{
	const xxgk_body_figures *b = &c->f[t->body];
	const xxgk_peer_group *grp = &c->peers.groups[t->group];
	const fit *ft = fit_at(c, t->group, t->method, t->slot);
	char a[48], m[48], l[48], h[48], r[48];
	memset(o, 0, sizeof *o);
	snprintf(o->sha256, sizeof o->sha256, "%s", b->sha256);
	snprintf(o->name, sizeof o->name, "%s", b->name);
	snprintf(o->code, sizeof o->code, "%s", b->code);
	o->level = b->level;
	o->year = b->year;
	snprintf(o->method, sizeof o->method, "%s", method_keys[t->method]);
	o->direction = t->direction;
	if (strings_add(out, grp->name, &o->group) != XXGK_OK || strings_add(out, grp->key, &o->group_key) != XXGK_OK)
		return XXGK_ENOMEM;
	o->group_size = ft->size;
	o->peer_median = o->peer = ft->median;
	o->peer_lo = ft->lo;
	o->peer_hi = ft->hi;
	o->p = t->p;
	o->q = q;
	o->statistic = xxgk_stats_z_of_p(t->p, o->direction);
	o->threshold = xxgk_stats_z_of_p(out->p_cutoff, 1);
	o->numerator = o->denominator = o->prev = NAN;
	o->expected_lo = o->expected_hi = NAN;
	double half = out->p_cutoff / 2;
	bool high = o->direction == XXGK_OUTLIER_HIGH;
	if (t->method == M_FUNNEL) {
		int nf, df;
		xxgk_rate_figures(t->slot, &nf, &df);
		snprintf(o->figure, sizeof o->figure, "%s", xxgk_rate_key(t->slot));
		o->numerator = b->v[nf];
		o->denominator = b->v[df];
		o->value = b->v[nf] / b->v[df];
		o->ratio = ft->median > 0 ? o->value / ft->median : NAN;
		xxgk_stats_funnel_limits(&o->expected_lo, &o->expected_hi, &ft->u.funnel, b->v[df], 1.0 - half);
		char pl[48];
		message(o, "%s %s（%s/%s），%s同级单位（%s，%zu 个办结 %zu 件以上的单位）总体 %s，多数在 %s—%s 之间",
			xxgk_rate_label(t->slot), fmt_pct(a, sizeof a, o->value), fmt_count(l, sizeof l, b->v[nf]),
			fmt_count(h, sizeof h, b->v[df]), high ? "高于" : "低于", grp->name, ft->size, c->o.min_cases,
			fmt_pct(m, sizeof m, ft->median), fmt_pct(r, sizeof r, ft->lo), fmt_pct(pl, sizeof pl, ft->hi));
		return XXGK_OK;
	}
	int fig = volume_figs[t->slot];
	snprintf(o->figure, sizeof o->figure, "%s", xxgk_figure_key(fig));
	o->value = b->v[fig];
	if (t->method == M_LEVEL) {
		o->ratio = ft->median > 0 ? o->value / ft->median : NAN;
		o->expected_lo = xxgk_stats_count_quantile(&ft->u.count, half);
		o->expected_hi = xxgk_stats_count_quantile(&ft->u.count, 1.0 - half);
		fmt_count(a, sizeof a, o->value);
		fmt_count(m, sizeof m, ft->median);
		fmt_count(l, sizeof l, ft->lo);
		fmt_count(h, sizeof h, ft->hi);
		if (high && ft->median > 0)
			message(o, "%s %s 件，约为同级（%s，%zu 个）中位数 %s 件的 %s 倍；同级多数在 %s—%s 件之间",
				xxgk_figure_label(fig), a, grp->name, ft->size, m, fmt_times(r, sizeof r, o->ratio), l, h);
		else if (high)
			message(o, "%s %s 件，同级（%s，%zu 个）中位数为 0，多数在 %s—%s 件之间", xxgk_figure_label(fig), a,
				grp->name, ft->size, l, h);
		else
			message(o, "%s %s 件，远低于同级（%s，%zu 个）中位数 %s 件（多数在 %s—%s 件之间）；"
				"常见于漏填或照抄的报告，请核实",
				xxgk_figure_label(fig), a, grp->name, ft->size, m, l, h);
		return XXGK_OK;
	}
	/* yoy */
	const xxgk_body_figures *pb = &c->f[t->prev];
	o->prev = pb->v[fig];
	o->prev_year = pb->year;
	o->ratio = o->prev > 0 ? o->value / o->prev : NAN;
	fmt_count(a, sizeof a, o->prev);
	fmt_count(m, sizeof m, o->value);
	fmt_times(l, sizeof l, ft->lo);
	fmt_times(h, sizeof h, ft->hi);
	if (high && o->prev > 0)
		message(o, "%s由 %d 年的 %s 件增至 %s 件（约 %s 倍）；同级（%s，%zu 个）多数为上年的 %s—%s 倍",
			xxgk_figure_label(fig), pb->year, a, m, fmt_times(r, sizeof r, o->ratio), grp->name, ft->size, l, h);
	else if (high)
		message(o, "%s由 %d 年的 0 件增至 %s 件；同级（%s，%zu 个）多数为上年的 %s—%s 倍", xxgk_figure_label(fig),
			pb->year, m, grp->name, ft->size, l, h);
	else
		message(o, "%s由 %d 年的 %s 件降至 %s 件；同级（%s，%zu 个）多数为上年的 %s—%s 倍；"
			"骤降常见于漏填或照抄的报告，请核实",
			xxgk_figure_label(fig), pb->year, a, m, grp->name, ft->size, l, h);
	return XXGK_OK;
}

static int flag_cmp(const void *a, const void *b)
{
	const xxgk_outlier *x = a, *y = b;
	if (x->direction != y->direction)
		return y->direction - x->direction;   /* high first */
	if (x->q != y->q)
		return x->q < y->q ? -1 : 1;
	if (x->p != y->p)
		return x->p < y->p ? -1 : 1;
	int r = strcmp(x->code, y->code);
	if (!r)
		r = strcmp(x->sha256, y->sha256);
	if (!r)
		r = strcmp(x->method, y->method);
	return r ? r : strcmp(x->figure, y->figure);
}

/* ---- digits ---- */

static void digits_run(xxgk_digit_tests *d, const xxgk_body_figures *f, size_t n, int year, double *x)
{
	size_t k = 0;
	memset(d, 0, sizeof *d);
	d->year = year;
	for (size_t i = 0; i < n; i++) {
		if (f[i].year != year)
			continue;
		for (int fig = XXGK_FIG_LICENSING; fig <= XXGK_FIG_COERCION; fig++)
			if (known(&f[i], fig))
				x[k++] = f[i].v[fig];
	}
	for (size_t i = 0; i < k; i++) {
		d->benford_values += x[i] >= 10;
		d->last_digit_values += x[i] >= 100 && x[i] == floor(x[i]);
	}
	d->benford_tested = xxgk_stats_benford_applicable(x, k) && xxgk_stats_benford(&d->benford, x, k) == XXGK_OK;
	d->last_digit_chi2 = d->last_digit_p = d->last_digit_share0_5 = NAN;
	d->last_digit_tested = xxgk_stats_last_digit_applicable(x, k) &&
			       xxgk_stats_last_digit(&d->last_digit_chi2, &d->last_digit_p, &d->last_digit_share0_5, x,
						     k) == XXGK_OK;
}

/* ---- the whole year ---- */

typedef struct {
	const char *body;
	size_t index;
} body_index;

static int cmp_body(const void *a, const void *b)
{
	return strcmp(((const body_index *)a)->body, ((const body_index *)b)->body);
}

int xxgk_outliers_find(xxgk_outliers *out, const xxgk_body_figures *f, size_t n, int year,
		       const xxgk_outlier_options *opt)
{
	ctx c;
	int rc = XXGK_ENOMEM;
	body_index *prev = NULL;
	double *pv = NULL;
	memset(&c, 0, sizeof c);
	xxgk_outliers_free(out);
	c.f = f;
	c.n = n;
	c.year = year;
	xxgk_outlier_options_default(&c.o);
	if (opt) {
		if (opt->fdr > 0 && opt->fdr < 1)
			c.o.fdr = opt->fdr;
		if (opt->min_group >= 3)
			c.o.min_group = opt->min_group;
		if (opt->min_kind)
			c.o.min_kind = opt->min_kind;
		if (opt->min_cases)
			c.o.min_cases = opt->min_cases;
	}
	out->fdr = c.o.fdr;
	size_t cap = n ? n : 1;
	if ((rc = xxgk_peers_assign(&c.peers, f, n, year, c.o.min_kind)) != XXGK_OK)
		goto done;
	rc = XXGK_ENOMEM;
	size_t groups = c.peers.group_count;
	c.member_at = calloc(groups + 2, sizeof *c.member_at);
	c.members = malloc(2 * cap * sizeof *c.members);
	c.prev_of = malloc(cap * sizeof *c.prev_of);
	c.fits = calloc((groups ? groups : 1) * M_COUNT * N_SLOTS, sizeof *c.fits);
	c.x = malloc(3 * cap * sizeof *c.x);
	c.y = malloc(cap * sizeof *c.y);
	c.tmp = malloc(cap * sizeof *c.tmp);
	prev = malloc(cap * sizeof *prev);
	if (!c.member_at || !c.members || !c.prev_of || !c.fits || !c.x || !c.y || !c.tmp || !prev)
		goto done;
	/* last year's figures of each body */
	size_t np = 0;
	for (size_t i = 0; i < n; i++)
		if (f[i].year == year - 1) {
			prev[np].body = f[i].body;
			prev[np].index = i;
			np++;
		}
	qsort(prev, np, sizeof *prev, cmp_body);
	for (size_t i = 0; i < n; i++) {
		c.prev_of[i] = -1;
		if (c.peers.of[i] < 0 || !np)
			continue;
		body_index key = { f[i].body, 0 };
		const body_index *hit = bsearch(&key, prev, np, sizeof key, cmp_body);
		if (hit)
			c.prev_of[i] = (long)hit->index;
	}
	/* each group's members: its own bodies, and a level group also its kinds' */
	for (size_t i = 0; i < n; i++) {
		int g = c.peers.of[i];
		if (g < 0)
			continue;
		c.member_at[g + 1]++;
		if (c.peers.groups[g].parent >= 0)
			c.member_at[c.peers.groups[g].parent + 1]++;
	}
	for (size_t g = 0; g < groups; g++)
		c.member_at[g + 1] += c.member_at[g];
	{
		size_t *fill = calloc(groups ? groups : 1, sizeof *fill);
		if (!fill)
			goto done;
		for (size_t i = 0; i < n; i++) {
			int g = c.peers.of[i];
			if (g < 0)
				continue;
			c.members[c.member_at[g] + fill[g]++] = i;
			int parent = c.peers.groups[g].parent;
			if (parent >= 0)
				c.members[c.member_at[parent] + fill[parent]++] = i;
		}
		free(fill);
	}
	for (size_t g = 0; g < groups; g++)
		if ((rc = fit_group(&c, (int)g)) != XXGK_OK)
			goto done;
	yoy_resolve(&c);
	for (size_t i = 0; i < n; i++)
		if (c.peers.of[i] >= 0 && (rc = test_body(&c, i)) != XXGK_OK)
			goto done;
	/* one Benjamini–Hochberg over the year's tests */
	pv = malloc((c.test_count ? c.test_count : 1) * sizeof *pv);
	if (!pv) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	for (size_t t = 0; t < c.test_count; t++)
		pv[t] = c.tests[t].p;
	bool ok;
	out->tests = xxgk_stats_bh(pv, pv, c.test_count, &ok);
	if (!ok) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	size_t flagged = 0;
	out->p_cutoff = 0;
	for (size_t t = 0; t < c.test_count; t++) {
		if (pv[t] <= c.o.fdr) {
			flagged++;
			if (c.tests[t].p > out->p_cutoff)
				out->p_cutoff = c.tests[t].p;
		}
	}
	if (!flagged)
		out->p_cutoff = out->tests ? c.o.fdr / (double)out->tests : c.o.fdr;
	out->items = malloc((flagged ? flagged : 1) * sizeof *out->items);
	if (!out->items) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	out->cap = flagged ? flagged : 1;
	for (size_t t = 0; t < c.test_count; t++) {
		if (!(pv[t] <= c.o.fdr))
			continue;
		if ((rc = flag_fill(&c, out, &out->items[out->count], &c.tests[t], pv[t])) != XXGK_OK)
			goto done;
		out->high_count += out->items[out->count].direction == XXGK_OUTLIER_HIGH;
		out->count++;
	}
	if (out->count > 1)
		qsort(out->items, out->count, sizeof *out->items, flag_cmp);
	digits_run(&out->digits, f, n, year, c.x);
	/* the funnels the flags used, for charts */
	out->funnels = malloc((groups ? groups : 1) * XXGK_RATE_COUNT * sizeof *out->funnels);
	if (!out->funnels) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	for (size_t g = 0; g < groups; g++)
		for (int rate = 0; rate < XXGK_RATE_COUNT; rate++) {
			int used = fit_group_for(&c, (int)g, M_FUNNEL, rate);
			if (used < 0)
				continue;
			xxgk_group_funnel *gf = &out->funnels[out->funnel_count];
			if (strings_add(out, c.peers.groups[g].name, &gf->group) != XXGK_OK ||
			    strings_add(out, c.peers.groups[g].key, &gf->group_key) != XXGK_OK ||
			    strings_add(out, c.peers.groups[used].name, &gf->fitted_group) != XXGK_OK) {
				rc = XXGK_ENOMEM;
				goto done;
			}
			gf->rate = rate;
			gf->fit = fit_at(&c, used, M_FUNNEL, rate)->u.funnel;
			out->funnel_count++;
		}
	rc = XXGK_OK;
done:
	if (rc != XXGK_OK)
		xxgk_outliers_free(out);
	free(pv);
	free(prev);
	free(c.member_at);
	free(c.members);
	free(c.prev_of);
	free(c.fits);
	free(c.tests);
	free(c.x);
	free(c.y);
	free(c.tmp);
	xxgk_peers_free(&c.peers);
	return rc;
}
