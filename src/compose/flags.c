/*
 * flags.c — the stats library's outlier flags in plain words, and the funnel
 * plots drawn from the library's own fits.
 *
 * The adapter between the documents and xxgk/aggregate.h's outliers: the
 * documents never compute a peer group, a median, a limit or a statistic of
 * their own. xxgk_outliers_find runs once over every body of the store (so a
 * county's towns are compared with every town, as `xxgk outliers` compares
 * them), xxgk_peers_assign says which group each body is in, and the flags
 * of the region are kept. Words (DOMAIN.md, "Plain words for figures") come
 * from each flag's own pieces — its value, the group's name and size, the
 * peers' median and ratio, last year's figure — and a rate's usual range is
 * the 95% limits at the body's volume of the very fit it was judged by. A
 * funnel chart draws that fit (xxgk_stats_funnel_limits) with the flagging
 * limit at this year's cutoff (1 − p_cutoff/2 a tail), and marks exactly
 * the bodies flagged. A body's flags make one finding (a count high and
 * jumping is one thing to check). The statistics go to the method annex.
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

/* Keeps the flags of bodies under `region` (order and high/low split kept). */
static void flags_keep_region(xxgk_outliers *out, const char *region)
{
	size_t plen = region ? strlen(region) : 0, k = 0, high = 0;
	for (size_t i = 0; i < out->count; i++)
		if (out->items[i].sha256[0] && !strncmp(out->items[i].code, region ? region : "", plen)) {
			high += i < out->high_count;
			out->items[k++] = out->items[i];
		}
	out->count = k;
	out->high_count = high;
}

int xxgk_compose_find_outliers(xxgk_outliers *out, xxgk_store *s, const char *region, int year,
			       const xxgk_outlier_options *opt, xxgk_error *err)
{
	xxgk_body_figures *figs = NULL;
	size_t n = 0;
	int rc;
	/* peers are the whole store's bodies of the same group and year, wherever the region */
	if ((rc = xxgk_store_figures(s, NULL, year - 1, year, &figs, &n, err)) != XXGK_OK)
		return rc;
	rc = xxgk_compose_outliers_of(out, figs, n, region, year, opt, err);
	free(figs);
	return rc;
}

int xxgk_compose_outliers_of(xxgk_outliers *out, const xxgk_body_figures *figs, size_t n, const char *region,
			     int year, const xxgk_outlier_options *opt, xxgk_error *err)
{
	int rc = xxgk_outliers_find(out, figs, n, year, opt);
	if (rc != XXGK_OK)
		xxgk_error_set(err, rc, 0, 0, "out of memory finding outliers");
	else
		flags_keep_region(out, region);
	return rc;
}

int compose_flag_kind_of(const xxgk_outlier *o)
{
	bool high = o->direction == XXGK_OUTLIER_HIGH;
	if (!strcmp(o->method, "yoy"))
		return high ? FLAG_UP : FLAG_DOWN;
	if (!strcmp(o->method, "funnel"))
		return high ? FLAG_RATE_HIGH : FLAG_RATE_LOW;
	return high ? FLAG_HIGH : FLAG_LOW;
}

/* Flags by region and body; a body's counts before its rates, a figure's level before its jump. */
static int flag_cmp(const void *a, const void *b)
{
	const xxgk_outlier *x = *(const xxgk_outlier *const *)a, *y = *(const xxgk_outlier *const *)b;
	int c = strcmp(x->code, y->code);
	if (c)
		return c;
	if ((c = strcmp(x->sha256, y->sha256)) != 0)
		return c;
	bool rx = !strcmp(x->method, "funnel"), ry = !strcmp(y->method, "funnel");
	if (rx != ry)
		return rx - ry;
	int fx = rx ? compose_rate_of_key(x->figure) : compose_figure_of_key(x->figure);
	int fy = ry ? compose_rate_of_key(y->figure) : compose_figure_of_key(y->figure);
	if (fx != fy)
		return fx - fy;
	return compose_flag_kind_of(x) - compose_flag_kind_of(y);
}

/* "19", "2.5", "5,005": a ratio as a reader says it. */
static void flags_ratio(xxgk_buf *b, double r)
{
	char n[COMPOSE_NUM_CAP];
	if (r >= 10 || fabs(r - round(r)) < 0.05)
		xxgk_buf_puts(b, compose_num(n, sizeof n, round(r)));
	else
		xxgk_buf_printf(b, "%.1f", r);
}

/* "同级（乡镇街道，238个）" */
static void flags_peers(xxgk_buf *b, const xxgk_outlier *o)
{
	const char *g = o->group && *o->group ? o->group : compose_level_noun(o->level);
	if (o->group_size)
		xxgk_buf_printf(b, "同级（%s，%zu个）", g, o->group_size);
	else
		xxgk_buf_printf(b, "同级（%s）", g);
}

/* One flag in words, appended; `after` is the flag said just before it for the same body (or NULL):
 * a jump of the figure it just named is said without naming the figure again. */
static void flags_words(xxgk_buf *b, const compose_flags *f, const xxgk_outlier *o, const xxgk_outlier *after)
{
	char n1[COMPOSE_NUM_CAP], n2[COMPOSE_NUM_CAP], n3[COMPOSE_NUM_CAP];
	int kind = compose_flag_kind_of(o), rate = compose_rate_of_key(o->figure);
	const char *label = compose_flag_label(o);
	switch (kind) {
	case FLAG_HIGH:
		xxgk_buf_printf(b, "%s%s件，", label, compose_num(n1, sizeof n1, o->value));
		if (o->peer_median > 0 && isfinite(o->ratio)) {
			xxgk_buf_puts(b, "约为");
			flags_peers(b, o);
			xxgk_buf_printf(b, "中位数%s件的", compose_median(n2, sizeof n2, o->peer_median));
			flags_ratio(b, o->ratio);
			xxgk_buf_puts(b, "倍");
		} else {
			xxgk_buf_puts(b, "而");
			flags_peers(b, o);
			xxgk_buf_puts(b, "的中位数为0件");
			if (isfinite(o->peer_hi) && o->peer_hi > 0)
				xxgk_buf_printf(b, "，多数不超过%s件", compose_num(n2, sizeof n2, o->peer_hi));
		}
		break;
	case FLAG_LOW:
		if (o->value == 0) {
			xxgk_buf_printf(b, "%s为0件，而", label);
			flags_peers(b, o);
			xxgk_buf_printf(b, "的中位数为%s件", compose_median(n2, sizeof n2, o->peer_median));
		} else {
			xxgk_buf_printf(b, "%s%s件，仅为", label, compose_num(n1, sizeof n1, o->value));
			flags_peers(b, o);
			xxgk_buf_printf(b, "中位数%s件的%.0f%%", compose_median(n2, sizeof n2, o->peer_median),
					o->peer_median > 0 ? 100 * o->value / o->peer_median : 0.0);
		}
		break;
	case FLAG_UP:
	case FLAG_DOWN: {
		bool same = after && !strcmp(after->figure, o->figure) && strcmp(after->method, "funnel") != 0;
		if (same) {
			/* "行政处罚67,571件，约为…的5,005倍；比2023年的47,100件增加43%" */
			if (kind == FLAG_UP && o->prev > 0 && isfinite(o->ratio) && o->ratio >= 2) {
				xxgk_buf_printf(b, "约为%d年（%s件）的", o->prev_year, compose_num(n1, sizeof n1, o->prev));
				flags_ratio(b, o->ratio);
				xxgk_buf_puts(b, "倍");
			} else {
				xxgk_buf_printf(b, "%d年为%s件", o->prev_year, compose_num(n1, sizeof n1, o->prev));
			}
			break;
		}
		xxgk_buf_printf(b, "%s由%d年的%s件%s%s件", label, o->prev_year, compose_num(n1, sizeof n1, o->prev),
				kind == FLAG_UP ? "增至" : "降至", compose_num(n2, sizeof n2, o->value));
		if (kind == FLAG_UP && o->prev > 0 && isfinite(o->ratio) && o->ratio >= 2) {
			xxgk_buf_puts(b, "（约为上年的");
			flags_ratio(b, o->ratio);
			xxgk_buf_puts(b, "倍）");
		} else if (o->prev > 0) {
			xxgk_buf_printf(b, "（%s%.0f%%）", kind == FLAG_UP ? "增加" : "减少",
					fabs(100 * (o->value - o->prev) / o->prev));
		}
		break;
	}
	default: {
		/* a rate: the body's, with its counts, and the peers' usual range at its volume */
		xxgk_buf_printf(b, "%s%s", label, compose_pct(n1, sizeof n1, o->value));
		if (isfinite(o->denominator) && isfinite(o->numerator))
			xxgk_buf_printf(b, "（%s件中%s件）", compose_num(n2, sizeof n2, o->denominator),
					compose_num(n3, sizeof n3, o->numerator));
		const xxgk_group_funnel *fit = compose_flags_funnel(f, o->group_key, rate);
		double lo = NAN, hi = NAN;
		if (fit && isfinite(o->denominator))
			xxgk_stats_funnel_limits(&lo, &hi, &fit->fit, o->denominator, XXGK_FUNNEL_P95);
		xxgk_buf_puts(b, "，");
		flags_peers(b, o);
		if (isfinite(lo) && isfinite(hi))
			xxgk_buf_printf(b, "在相同办理量下通常在%s–%s之间", compose_pct(n1, sizeof n1, lo),
					compose_pct(n2, sizeof n2, hi));
		else
			xxgk_buf_printf(b, "总体为%s", compose_pct(n1, sizeof n1, o->peer_median));
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
	free(f->all_figs);
	xxgk_peers_free(&f->peers);
	xxgk_outliers_free(&f->all);
	memset(f, 0, sizeof *f);
}

int compose_flags_find(compose_flags *out, xxgk_store *s, const char *region, int year,
		       const xxgk_outlier_options *opt, xxgk_error *err)
{
	int rc;
	memset(out, 0, sizeof *out);
	out->region = region ? region : "";
	out->year = year;
	/* the whole store: the peers, their groups for the charts, and the flags of the region */
	if ((rc = xxgk_store_figures(s, NULL, year - 1, year, &out->all_figs, &out->all_count, err)) != XXGK_OK)
		return rc;
	if ((rc = xxgk_outliers_find(&out->all, out->all_figs, out->all_count, year, opt)) != XXGK_OK ||
	    (rc = xxgk_peers_assign(&out->peers, out->all_figs, out->all_count, year, opt ? opt->min_kind : 0)) !=
		    XXGK_OK)
		return xxgk_error_set(err, rc, 0, 0, "out of memory finding outliers");
	flags_keep_region(&out->all, out->region);
	out->min_cases = opt && opt->min_cases ? opt->min_cases : XXGK_FUNNEL_MIN_TOTAL;
	out->flags = malloc((out->all.count ? out->all.count : 1) * sizeof *out->flags);
	out->groups = calloc(out->all.count ? out->all.count : 1, sizeof *out->groups);
	if (!out->flags || !out->groups)
		return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
	for (size_t i = 0; i < out->all.count; i++)
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
	const char *test = !strcmp(o->method, "level") ? "负二项分布检验"
			   : !strcmp(o->method, "yoy") ? "条件二项检验（与上年比）"
			   : !strcmp(o->method, "funnel") ? "贝塔二项漏斗图检验" : o->method;
	xxgk_buf_printf(b, "%s：z = %.2f，p = %.2g，q = %.2g（判定界限|z| ≥ %.2f）", test, o->statistic, o->p, o->q,
			o->threshold);
}

const xxgk_group_funnel *compose_flags_funnel(const compose_flags *f, const char *group_key, int rate)
{
	for (size_t i = 0; group_key && i < f->all.funnel_count; i++) {
		const xxgk_group_funnel *fit = &f->all.funnels[i];
		if (fit->rate == rate && fit->group_key && !strcmp(fit->group_key, group_key))
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

/* The peer group (index into f->peers) whose key is `key`, −1 when none. */
static int flags_group_index(const compose_flags *f, const char *key)
{
	for (size_t j = 0; key && j < f->peers.group_count; j++)
		if (f->peers.groups[j].key && !strcmp(f->peers.groups[j].key, key))
			return (int)j;
	return -1;
}

/* One funnel chart: the scope's rated bodies of a peer group against the fit they were judged by. */
static int flags_one_funnel(xxgk_layout *l, const compose_flags *f, const xxgk_group_funnel *fit)
{
	int num, den, rc = XXGK_OK, group = flags_group_index(f, fit->group_key);
	size_t plen = strlen(f->region), n = 0, marked = 0;
	xxgk_rate_figures(fit->rate, &num, &den);
	double *x = malloc((f->all_count + 1) * sizeof *x), *y = malloc((f->all_count + 1) * sizeof *y);
	const char **labels = calloc(f->all_count + 1, sizeof *labels);
	int *marks = calloc(f->all_count + 1, sizeof *marks);
	double xl[FLAGS_FUNNEL_STEPS], lim[FLAGS_FUNNEL_STEPS * 4];
	/* the flagging limit: a two-sided p of this year's cutoff (docs/statistics.md) */
	double p_flag = 1.0 - (f->all.p_cutoff > 0 ? f->all.p_cutoff : 0.002) / 2;
	xxgk_buf title, take, names;
	xxgk_buf_init(&title);
	xxgk_buf_init(&take);
	xxgk_buf_init(&names);
	if (!x || !y || !labels || !marks) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	double lo_x = INFINITY, hi_x = 0;
	for (size_t i = 0; group >= 0 && i < f->all_count; i++) {
		const xxgk_body_figures *b = &f->all_figs[i];
		uint32_t need = 1u << num | 1u << den;
		if (b->year != f->year || f->peers.of[i] != group || strncmp(b->code, f->region, plen) != 0 ||
		    (b->known & need) != need || b->v[den] < (double)f->min_cases || b->v[num] > b->v[den])
			continue;
		x[n] = b->v[den];
		y[n] = b->v[num] / b->v[den];
		if (compose_flags_on_funnel(f, b->sha256, fit->rate)) {
			char p[COMPOSE_NUM_CAP];
			marks[n] = 2;
			labels[n] = b->name;
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
	double a = log(fmax((double)f->min_cases, lo_x / 1.5)), z = log(fmax(hi_x * 1.5, exp(a) * 4));
	for (int k = 0; k < FLAGS_FUNNEL_STEPS; k++) {
		xl[k] = exp(a + (z - a) * k / (FLAGS_FUNNEL_STEPS - 1));
		xxgk_stats_funnel_limits(&lim[4 * k], &lim[4 * k + 1], &fit->fit, xl[k], XXGK_FUNNEL_P95);
		xxgk_stats_funnel_limits(&lim[4 * k + 2], &lim[4 * k + 3], &fit->fit, xl[k], p_flag);
	}
	xxgk_buf_printf(&title, "%s%s漏斗图（与全部%zu个同级单位比较）", fit->group, xxgk_rate_label(fit->rate),
			fit->fit.units);
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
		xxgk_buf_printf(&take, "图中%zu个单位超出异常判定限：%s；其余%zu个单位未见异常。", marked, names.data, n - marked);
	else
		xxgk_buf_printf(&take, "图中%zu个单位均未超出异常判定限，%s与同级总体水平（%s）相比没有明显异常。", n,
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

int compose_funnel_charts(xxgk_layout *l, const compose_flags *f, size_t *added)
{
	int rc = XXGK_OK;
	bool disclosed_done = false;
	*added = 0;
	for (size_t i = 0; i < f->all.funnel_count && rc == XXGK_OK; i++) {
		const xxgk_group_funnel *fit = &f->all.funnels[i];
		bool flagged = false;
		for (size_t k = 0; k < f->flag_count && !flagged; k++)
			flagged = !strcmp(f->flags[k]->method, "funnel") && f->flags[k]->group_key && fit->group_key &&
				  !strcmp(f->flags[k]->group_key, fit->group_key) &&
				  compose_rate_of_key(f->flags[k]->figure) == fit->rate;
		if (!flagged)
			continue;
		rc = flags_one_funnel(l, f, fit);
		(*added)++;
		disclosed_done = disclosed_done || fit->rate == XXGK_RATE_DISCLOSED;
	}
	if (rc != XXGK_OK || disclosed_done)
		return rc;
	/* 公开率 of the peer group with the most rated bodies of the scope, when five or more */
	const xxgk_group_funnel *best = NULL;
	size_t best_n = 0, plen = strlen(f->region);
	int num, den;
	xxgk_rate_figures(XXGK_RATE_DISCLOSED, &num, &den);
	for (size_t i = 0; i < f->all.funnel_count; i++) {
		const xxgk_group_funnel *fit = &f->all.funnels[i];
		int group = flags_group_index(f, fit->group_key);
		size_t n = 0;
		if (fit->rate != XXGK_RATE_DISCLOSED || group < 0)
			continue;
		for (size_t k = 0; k < f->all_count; k++) {
			const xxgk_body_figures *b = &f->all_figs[k];
			uint32_t need = 1u << num | 1u << den;
			n += b->year == f->year && f->peers.of[k] == group && !strncmp(b->code, f->region, plen) &&
			     (b->known & need) == need && b->v[den] >= (double)f->min_cases;
		}
		if (n > best_n) {
			best_n = n;
			best = fit;
		}
	}
	if (best && best_n >= 5) {
		rc = flags_one_funnel(l, f, best);
		(*added)++;
	}
	return rc;
}
