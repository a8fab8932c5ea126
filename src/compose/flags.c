/*
 * flags.c — the stats library's outlier flags in plain words, and the funnel
 * plots drawn from the library's own fits.
 *
 * This file is the adapter between the documents and xxgk/aggregate.h's
 * outliers: the documents never compute a peer group, a median, a limit or
 * a statistic of their own. Flags come from xxgk_outliers_find over every
 * body of the store (peers: the library's groups, whatever the region), and
 * are then kept for the region; a funnel chart takes the fit the library
 * made for that peer group and rate (xxgk_outliers.funnels), the limits at
 * each volume from xxgk_stats_funnel_limits on that fit, and marks exactly
 * the bodies the library flagged. Words (DOMAIN.md, "Plain words for
 * figures"): the ratio to the peer median ("约为同级（32个乡镇（街道））中位数
 * 3件的19倍"), from → to for jumps ("由2023年的1件增至60件"), the peers' usual
 * range for a rate; the statistic and its threshold go to the method annex
 * (compose_flag_statistic). A body's flags of one kind are one finding
 * (新收 and 办理总计 jumping together are one jump).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "xxgk/stats.h"
#include "compose_int.h"

/* Limit volumes sampled for a funnel curve: smooth on a log axis. */
#define FLAGS_FUNNEL_STEPS 48

const char *compose_flag_label(const xxgk_outlier *o)
{
	/* a funnel flag is about a rate ("disclosed" names both a figure and a rate) */
	int rate = compose_rate_of_key(o->figure), fig = compose_figure_of_key(o->figure);
	if (!strcmp(o->method, "funnel") && rate >= 0)
		return xxgk_rate_label(rate);
	return fig >= 0 ? xxgk_figure_label(fig) : rate >= 0 ? xxgk_rate_label(rate) : o->figure;
}

int compose_rate_of_key(const char *key)
{
	for (int r = 0; r < XXGK_RATE_COUNT; r++)
		if (!strcmp(key, xxgk_rate_key(r)))
			return r;
	return -1;
}

int compose_figure_of_key(const char *key)
{
	for (int f = 0; f < XXGK_FIG_COUNT; f++)
		if (!strcmp(key, xxgk_figure_key(f)))
			return f;
	return -1;
}

int xxgk_compose_find_outliers(xxgk_outliers *out, xxgk_store *s, const char *region, int year,
			       const xxgk_outlier_options *opt, xxgk_error *err)
{
	xxgk_body_figures *figs = NULL;
	size_t n = 0, plen = region ? strlen(region) : 0;
	xxgk_outliers all = { 0 };
	int rc;
	/* peers are the whole store's bodies of the same group and year, wherever the region */
	if ((rc = xxgk_store_figures(s, NULL, year - 1, year, &figs, &n, err)) != XXGK_OK)
		return rc;
	if ((rc = xxgk_outliers_find(&all, figs, n, year, opt)) != XXGK_OK) {
		xxgk_error_set(err, rc, 0, 0, "out of memory finding outliers");
		goto done;
	}
	for (size_t i = 0; i < all.count; i++) {
		const xxgk_outlier *o = &all.items[i];
		/* a body's flag within the region; a store-wide one (Benford) only when the scope is the store */
		if (o->sha256[0] ? strncmp(o->code, region ? region : "", plen) != 0 : plen != 0)
			continue;
		if (out->count == out->cap) {
			size_t cap = out->cap ? out->cap * 2 : 64;
			xxgk_outlier *it = realloc(out->items, cap * sizeof *it);
			if (!it) {
				rc = xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
				goto done;
			}
			out->items = it;
			out->cap = cap;
		}
		out->items[out->count++] = *o;
	}
	/* every fit: a chart of the region's bodies needs its group's limits */
	if (all.funnel_count) {
		xxgk_outlier_funnel *fits = realloc(out->funnels, (out->funnel_count + all.funnel_count) * sizeof *fits);
		if (!fits) {
			rc = xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
			goto done;
		}
		memcpy(fits + out->funnel_count, all.funnels, all.funnel_count * sizeof *fits);
		out->funnels = fits;
		out->funnel_count += all.funnel_count;
		out->funnel_cap = out->funnel_count;
	}
done:
	xxgk_outliers_free(&all);
	free(figs);
	return rc;
}

int compose_flag_kind_of(const xxgk_outlier *o)
{
	if (!strcmp(o->method, "hb"))
		return o->value >= o->peer ? FLAG_UP : FLAG_DOWN;
	if (!strcmp(o->method, "funnel"))
		return o->value >= o->peer ? FLAG_RATE_HIGH : FLAG_RATE_LOW;
	return o->statistic >= 0 ? FLAG_HIGH : FLAG_LOW;
}

/* Flags by body (sha), kind, then the figure's order (new_received before total_processed). */
static int flag_cmp(const void *a, const void *b)
{
	const xxgk_outlier *x = *(const xxgk_outlier *const *)a, *y = *(const xxgk_outlier *const *)b;
	int c = strcmp(x->code, y->code);
	if (c)
		return c;
	if ((c = strcmp(x->sha256, y->sha256)) != 0)
		return c;
	/* a body's counts before its rates; one figure's level before its jump */
	bool rx = !strcmp(x->method, "funnel"), ry = !strcmp(y->method, "funnel");
	if (rx != ry)
		return rx - ry;
	int fx = compose_figure_of_key(x->figure), fy = compose_figure_of_key(y->figure);
	if (fx != fy)
		return fx - fy;
	if ((c = strcmp(x->figure, y->figure)) != 0)
		return c;
	return compose_flag_kind_of(x) - compose_flag_kind_of(y);
}

/* This year's and last year's figures of a report's body, NULL when not among `figs`. */
static const xxgk_body_figures *flags_fig(const compose_flags *f, const char *sha)
{
	for (size_t i = 0; i < f->fig_count; i++)
		if (!strcmp(f->figs[i].sha256, sha))
			return &f->figs[i];
	return NULL;
}

/* "19", "2.5": a ratio as a reader says it. */
static void flags_ratio(xxgk_buf *b, double r)
{
	char n[COMPOSE_NUM_CAP];
	if (r >= 10 || fabs(r - round(r)) < 0.05)
		xxgk_buf_puts(b, compose_num(n, sizeof n, round(r)));
	else
		xxgk_buf_printf(b, "%.1f", r);
}

/* "同级（240个乡镇（街道））" */
static void flags_peers(xxgk_buf *b, const xxgk_outlier *o)
{
	if (o->peers)
		xxgk_buf_printf(b, "同级%zu个%s", o->peers, compose_level_noun(o->level));
	else
		xxgk_buf_printf(b, "同级%s", compose_level_noun(o->level));
}

/* One flag in words, appended; `after` is the flag said just before it in the same sentence (or NULL):
 * a jump of the figure it just named is said without naming it again. */
static void flags_words(xxgk_buf *b, const compose_flags *f, const xxgk_outlier *o, const xxgk_outlier *after)
{
	char n1[COMPOSE_NUM_CAP], n2[COMPOSE_NUM_CAP], n3[COMPOSE_NUM_CAP];
	int kind = compose_flag_kind_of(o), rate = compose_rate_of_key(o->figure);
	const char *label = compose_flag_label(o);
	switch (kind) {
	case FLAG_HIGH:
		xxgk_buf_printf(b, "%s%s件，", label, compose_num(n1, sizeof n1, o->value));
		if (o->peer > 0) {
			xxgk_buf_puts(b, "约为");
			flags_peers(b, o);
			xxgk_buf_printf(b, "中位数%s件的", compose_num(n2, sizeof n2, o->peer));
			flags_ratio(b, o->value / o->peer);
			xxgk_buf_puts(b, "倍");
		} else {
			xxgk_buf_puts(b, "而");
			flags_peers(b, o);
			xxgk_buf_puts(b, "的中位数为0件");
		}
		break;
	case FLAG_LOW:
		if (o->value == 0) {
			xxgk_buf_printf(b, "%s为0件，而", label);
			flags_peers(b, o);
			xxgk_buf_printf(b, "的中位数为%s件", compose_num(n2, sizeof n2, o->peer));
		} else {
			xxgk_buf_printf(b, "%s%s件，仅为", label, compose_num(n1, sizeof n1, o->value));
			flags_peers(b, o);
			xxgk_buf_printf(b, "中位数%s件的%.0f%%", compose_num(n2, sizeof n2, o->peer),
					o->peer > 0 ? 100 * o->value / o->peer : 0.0);
		}
		break;
	case FLAG_UP:
	case FLAG_DOWN:
		if (after && !strcmp(after->figure, o->figure) && after->value == o->value) {
			/* "行政处罚67,571件，约为…的5,005倍；比2023年的47,100件增加43%" */
			if (kind == FLAG_UP && o->peer > 0 && o->value / o->peer >= 2) {
				xxgk_buf_printf(b, "约为%d年（%s件）的", o->year - 1, compose_num(n1, sizeof n1, o->peer));
				flags_ratio(b, o->value / o->peer);
				xxgk_buf_puts(b, "倍");
			} else if (o->peer > 0) {
				xxgk_buf_printf(b, "比%d年的%s件%s%.0f%%", o->year - 1, compose_num(n1, sizeof n1, o->peer),
						kind == FLAG_UP ? "增加" : "减少", fabs(100 * (o->value - o->peer) / o->peer));
			}
			break;
		}
		xxgk_buf_printf(b, "%s由%d年的%s件%s%s件", label, o->year - 1, compose_num(n1, sizeof n1, o->peer),
				kind == FLAG_UP ? "增至" : "降至", compose_num(n2, sizeof n2, o->value));
		if (kind == FLAG_UP && o->peer > 0 && o->value / o->peer >= 2) {
			xxgk_buf_puts(b, "（约为上年的");
			flags_ratio(b, o->value / o->peer);
			xxgk_buf_puts(b, "倍）");
		} else if (o->peer > 0) {
			xxgk_buf_printf(b, "（%s%.0f%%）", kind == FLAG_UP ? "增加" : "减少",
					fabs(100 * (o->value - o->peer) / o->peer));
		}
		break;
	default: {
		/* a rate: the body's, with its parts, and the peers' usual range at its volume */
		const xxgk_body_figures *bf = flags_fig(f, o->sha256);
		int num = -1, den = -1;
		if (rate >= 0)
			xxgk_rate_figures(rate, &num, &den);
		xxgk_buf_printf(b, "%s%s", label, compose_pct(n1, sizeof n1, o->value));
		if (bf && num >= 0)
			xxgk_buf_printf(b, "（%s件中%s件）", compose_num(n2, sizeof n2, bf->v[den]),
					compose_num(n3, sizeof n3, bf->v[num]));
		const xxgk_outlier_funnel *fit = compose_flags_funnel(f, o->level, o->year, rate);
		double lo = NAN, hi = NAN;
		if (fit && bf && den >= 0)
			xxgk_stats_funnel_limits(&lo, &hi, &fit->fit, bf->v[den], XXGK_FUNNEL_P95);
		xxgk_buf_puts(b, "，");
		flags_peers(b, o);
		if (isfinite(lo) && isfinite(hi))
			xxgk_buf_printf(b, "在相同办理量下通常在%s–%s之间", compose_pct(n1, sizeof n1, lo),
					compose_pct(n2, sizeof n2, hi));
		else
			xxgk_buf_printf(b, "总体为%s", compose_pct(n1, sizeof n1, o->peer));
	}
	}
}

/* The likely cause and the request, by kind and figure. */
static void flags_cause(compose_flag_group *g, const xxgk_outlier *o)
{
	int fig = compose_figure_of_key(o->figure), rate = compose_rate_of_key(o->figure);
	bool enforcement = fig == XXGK_FIG_LICENSING || fig == XXGK_FIG_PENALTY || fig == XXGK_FIG_COERCION;
	bool cases = fig == XXGK_FIG_REVIEW || fig == XXGK_FIG_LITIGATION;
	switch (g->kind) {
	case FLAG_HIGH:
		g->cause = enforcement ? "可能统计口径与同级不一致（如计入了非本机关作出的决定），或填报有误"
			   : cases ? "可能把其他类型的复议、诉讼案件计入了政府信息公开案件"
				   : "可能把咨询、信访、举报等事项计入了政府信息公开申请，或填报有误";
		g->ask = "请核实原始台账和统计口径，有误的更正报告，属实的在报告中说明原因";
		break;
	case FLAG_LOW:
		g->cause = "可能漏填、未按实际填报或照抄了模板";
		g->ask = "请核实是否漏报，有误的更正报告";
		break;
	case FLAG_UP:
	case FLAG_DOWN:
		g->cause = enforcement ? "可能统计口径发生变化（如计入了其他机关的决定），或填报有误"
			   : cases ? "可能统计口径发生变化，或填报有误"
				   : "可能统计口径发生变化、出现集中批量申请，或填报有误";
		g->ask = "请核实变化原因，有误的更正报告，属实的在报告中说明";
		break;
	default: {
		bool refusals = (rate == XXGK_RATE_DISCLOSED && g->kind == FLAG_RATE_LOW) ||
				((rate == XXGK_RATE_DENIED || rate == XXGK_RATE_UNABLE || rate == XXGK_RATE_NOT_PROCESSED) &&
				 g->kind == FLAG_RATE_HIGH);
		bool corrected = (rate == XXGK_RATE_REVIEW_CORRECTED || rate == XXGK_RATE_LITIGATION_CORRECTED) &&
				 g->kind == FLAG_RATE_HIGH;
		g->cause = refusals ? "可能对不予公开、无法提供、不予处理等答复类型的适用不够准确"
			   : corrected ? "被复议、诉讼纠正的比例明显高于同级"
				       : "可能与同级的统计口径不一致";
		g->ask = refusals ? "请对照《中华人民共和国政府信息公开条例》逐件核查答复类型，有误的更正报告"
			 : corrected ? "请分析被纠正案件的原因，改进申请答复工作"
				     : "请核实统计口径，有误的更正报告";
	}
	}
}

void compose_flags_free(compose_flags *f)
{
	for (size_t i = 0; i < f->group_count; i++)
		free(f->groups[i].words);
	free(f->groups);
	free(f->flags);
	xxgk_outliers_free(&f->all);
	memset(f, 0, sizeof *f);
}

int compose_flags_find(compose_flags *out, xxgk_store *s, const char *region, int year,
		       const xxgk_outlier_options *opt, const xxgk_body_figures *figs, size_t fig_count,
		       xxgk_error *err)
{
	int rc;
	memset(out, 0, sizeof *out);
	out->figs = figs;
	out->fig_count = fig_count;
	if ((rc = xxgk_compose_find_outliers(&out->all, s, region, year, opt, err)) != XXGK_OK)
		return rc;
	out->flags = malloc((out->all.count ? out->all.count : 1) * sizeof *out->flags);
	out->groups = calloc(out->all.count ? out->all.count : 1, sizeof *out->groups);
	if (!out->flags || !out->groups)
		return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
	for (size_t i = 0; i < out->all.count; i++)
		if (out->all.items[i].sha256[0])
			out->flags[out->flag_count++] = &out->all.items[i];
	if (out->flag_count)
		qsort(out->flags, out->flag_count, sizeof *out->flags, flag_cmp);
	xxgk_buf b;
	for (size_t i = 0; i < out->flag_count;) {
		const xxgk_outlier *o = out->flags[i];
		size_t j = i + 1;
		while (j < out->flag_count && !strcmp(out->flags[j]->sha256, o->sha256))
			j++;
		compose_flag_group *g = &out->groups[out->group_count++];
		g->sha256 = o->sha256;
		g->name = o->name;
		g->level = o->level;
		g->kind = compose_flag_kind_of(o);
		g->first = i;
		g->count = j - i;
		xxgk_buf_init(&b);
		for (size_t k = i; k < j; k++) {
			if (k > i)
				xxgk_buf_puts(&b, "；");
			flags_words(&b, out, out->flags[k], k > i ? out->flags[k - 1] : NULL);
		}
		if (b.failed) {
			xxgk_buf_free(&b);
			return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
		}
		g->words = xxgk_buf_detach(&b);
		flags_cause(g, o);
		i = j;
	}
	return XXGK_OK;
}

void compose_flag_statistic(xxgk_buf *b, const xxgk_outlier *o)
{
	if (!strcmp(o->method, "robust_z"))
		xxgk_buf_printf(b, "对数尺度稳健z值%.1f（阈值±%.1f，Iglewicz–Hoaglin）", o->statistic, o->threshold);
	else if (!strcmp(o->method, "funnel"))
		xxgk_buf_printf(b, "漏斗图调整z值%.2f（超出%.1f%%控制限，Spiegelhalter）", o->statistic,
				100 * (2 * o->threshold - 1));
	else if (!strcmp(o->method, "hb"))
		xxgk_buf_printf(b, "HB效应%.2f（界限%.2f，Hidiroglou–Berthelot）", o->statistic, o->threshold);
	else
		xxgk_buf_printf(b, "%s %.4f（阈值%.4f）", o->method, o->statistic, o->threshold);
}

const xxgk_outlier_funnel *compose_flags_funnel(const compose_flags *f, int level, int year, int rate)
{
	for (size_t i = 0; i < f->all.funnel_count; i++) {
		const xxgk_outlier_funnel *fit = &f->all.funnels[i];
		if (fit->level == level && fit->year == year && fit->rate == rate)
			return fit;
	}
	return NULL;
}

bool compose_flags_on_funnel(const compose_flags *f, const char *sha256, int rate)
{
	for (size_t i = 0; i < f->flag_count; i++)
		if (!strcmp(f->flags[i]->method, "funnel") && !strcmp(f->flags[i]->sha256, sha256) &&
		    compose_rate_of_key(f->flags[i]->figure) == rate)
			return true;
	return false;
}

/* One funnel chart: the scope's rated bodies of a peer group against the group's fit. */
static int flags_one_funnel(xxgk_layout *l, const compose_flags *f, const xxgk_outlier_funnel *fit,
			    const char *region, int year)
{
	int num, den, rc = XXGK_OK;
	size_t plen = strlen(region), n = 0, marked = 0;
	xxgk_rate_figures(fit->rate, &num, &den);
	double *x = malloc((f->fig_count + 1) * sizeof *x), *y = malloc((f->fig_count + 1) * sizeof *y);
	const char **labels = calloc(f->fig_count + 1, sizeof *labels);
	int *marks = calloc(f->fig_count + 1, sizeof *marks);
	double xl[FLAGS_FUNNEL_STEPS], lim[FLAGS_FUNNEL_STEPS * 4];
	xxgk_buf title, take, names;
	xxgk_buf_init(&title);
	xxgk_buf_init(&take);
	xxgk_buf_init(&names);
	if (!x || !y || !labels || !marks) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	double lo_x = INFINITY, hi_x = 0;
	for (size_t i = 0; i < f->fig_count; i++) {
		const xxgk_body_figures *b = &f->figs[i];
		uint32_t need = 1u << num | 1u << den;
		if (b->year != year || b->level != fit->level || strncmp(b->code, region, plen) != 0 ||
		    (b->known & need) != need || b->v[den] < (double)fit->min_cases || b->v[num] > b->v[den])
			continue;
		x[n] = b->v[den];
		y[n] = b->v[num] / b->v[den];
		if (compose_flags_on_funnel(f, b->sha256, fit->rate)) {
			marks[n] = 2;
			labels[n] = b->name;
			char p[COMPOSE_NUM_CAP];
			xxgk_buf_printf(&names, "%s%s（%s）", marked ? "、" : "", b->name, compose_pct(p, sizeof p, y[n]));
			marked++;
		} else {
			double lo, hi;
			xxgk_stats_funnel_limits(&lo, &hi, &fit->fit, x[n], XXGK_FUNNEL_P95);
			marks[n] = y[n] < lo || y[n] > hi;
		}
		lo_x = fmin(lo_x, x[n]);
		hi_x = fmax(hi_x, x[n]);
		n++;
	}
	if (n == 0)
		goto done;
	/* the limits along the plotted volumes, evenly on the log axis, from the library's fit */
	double a = log(fmax((double)fit->min_cases, lo_x / 1.5)), z = log(fmax(hi_x * 1.5, exp(a) * 4));
	for (int k = 0; k < FLAGS_FUNNEL_STEPS; k++) {
		xl[k] = exp(a + (z - a) * k / (FLAGS_FUNNEL_STEPS - 1));
		xxgk_stats_funnel_limits(&lim[4 * k], &lim[4 * k + 1], &fit->fit, xl[k], XXGK_FUNNEL_P95);
		xxgk_stats_funnel_limits(&lim[4 * k + 2], &lim[4 * k + 3], &fit->fit, xl[k], fit->p);
	}
	xxgk_buf_printf(&title, "%s%s漏斗图（与全部%zu个同级单位比较）", compose_level_noun(fit->level),
			xxgk_rate_label(fit->rate), fit->fit.units);
	if (title.failed || names.failed) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	rc = xxgk_layout_funnel(l, title.data, "办理量（件，对数刻度）", xxgk_rate_label(fit->rate),
				"资料来源：各单位年度报告表三、表四", n, x, y, labels, marks, fit->fit.target,
				FLAGS_FUNNEL_STEPS, xl, lim);
	if (rc != XXGK_OK)
		goto done;
	char t[COMPOSE_NUM_CAP];
	if (marked)
		xxgk_buf_printf(&take, "图中%zu个单位超出99.8%%控制限：%s；其余%zu个单位在控制限内或附近。", marked, names.data,
				n - marked);
	else
		xxgk_buf_printf(&take, "图中%zu个单位均在99.8%%控制限以内，%s与同级总体水平（%s）相比没有明显异常。", n,
				xxgk_rate_label(fit->rate), compose_pct(t, sizeof t, fit->fit.target));
	if (take.failed)
		rc = XXGK_ENOMEM;
	else
		rc = xxgk_layout_takeaway(l, take.data);
done:
	xxgk_buf_free(&title);
	xxgk_buf_free(&take);
	xxgk_buf_free(&names);
	free(x);
	free(y);
	free(labels);
	free(marks);
	return rc;
}

int compose_funnel_charts(xxgk_layout *l, const compose_flags *f, const char *region, int year, size_t *added)
{
	int rc = XXGK_OK;
	*added = 0;
	bool disclosed_done = false;
	for (size_t i = 0; i < f->all.funnel_count && rc == XXGK_OK; i++) {
		const xxgk_outlier_funnel *fit = &f->all.funnels[i];
		bool flagged = false;
		if (fit->year != year)
			continue;
		for (size_t k = 0; k < f->flag_count && !flagged; k++)
			flagged = !strcmp(f->flags[k]->method, "funnel") && f->flags[k]->level == fit->level &&
				  compose_rate_of_key(f->flags[k]->figure) == fit->rate;
		if (!flagged)
			continue;
		rc = flags_one_funnel(l, f, fit, region, year);
		(*added)++;
		disclosed_done = disclosed_done || fit->rate == XXGK_RATE_DISCLOSED;
	}
	if (rc != XXGK_OK || disclosed_done)
		return rc;
	/* 公开率 of the peer group with the most rated bodies of the scope, when five or more */
	const xxgk_outlier_funnel *best = NULL;
	size_t best_n = 0, plen = strlen(region);
	int num, den;
	xxgk_rate_figures(XXGK_RATE_DISCLOSED, &num, &den);
	for (size_t i = 0; i < f->all.funnel_count; i++) {
		const xxgk_outlier_funnel *fit = &f->all.funnels[i];
		size_t n = 0;
		if (fit->year != year || fit->rate != XXGK_RATE_DISCLOSED)
			continue;
		for (size_t k = 0; k < f->fig_count; k++) {
			const xxgk_body_figures *b = &f->figs[k];
			uint32_t need = 1u << num | 1u << den;
			n += b->year == year && b->level == fit->level && !strncmp(b->code, region, plen) &&
			     (b->known & need) == need && b->v[den] >= (double)fit->min_cases;
		}
		if (n > best_n) {
			best_n = n;
			best = fit;
		}
	}
	if (best && best_n >= 5) {
		rc = flags_one_funnel(l, f, best, region, year);
		(*added)++;
	}
	return rc;
}
