/*
 * county.c — xxgk_compose_county: the 通报 a 政务公开办 issues after reviewing
 * the annual reports of the bodies under it (DOMAIN.md, "The 通报 a 政务公开办
 * issues").
 *
 * Order: 文号 and title, 主送; the key findings in a box (3–5 lines); 一、总体情况
 * (who reported and when, 本级 and 下属 with the change from last year, every
 * body's review result ranked by what a supervisor scores: publication on time,
 * 勾稽 errors, completeness, narrative against tables, copying, figures that
 * stand out, 缺报); 二、存在的主要问题 (grouped by kind, each naming bodies,
 * duplicates merged; the figures that stand out in words with their funnel
 * plots); 三、整改要求 (a table: 单位 / 问题 / 整改要求 / 时限 / 状态); 四、下一步
 * 工作; 落款; 附件1 the figures (tables and charts, only those with data); 附件2
 * the method, with the statistic behind every flag.
 *
 * Missing is never zero: a part (本级, 下属) with no report this year is said to
 * have none and its columns, tables and charts are left out; a sum that lacks
 * some bodies' cells is marked; trends cover the years that have reports.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compose_int.h"

/* Bars in a ranking chart, at most (options.top_bodies overrides). */
#define COUNTY_TOP 15
/* Years a trend looks back over, at most. */
#define COUNTY_TREND_YEARS 6
/* Bodies of one kind of problem given a paragraph each; more share one paragraph. */
#define COUNTY_PARAGRAPHS 6

typedef struct {
	compose_review *rv;
	xxgk_layout *l;
	const char *short_name;       /* "和田县" */
	const xxgk_body_figures *own; /* the region's own government's report this year, NULL when none */
	bool has_own, has_sub;        /* parts with a report this year */
	bool dash_explained;          /* the note on "—" has been printed */
	bool star_explained;          /* the note on "*" has been printed */
	int next_table_dash;          /* a table just added used "—" (or "*") */
	int review_table;             /* the number of the table of every body's review result */
	bool used_star;
	xxgk_buf t;                   /* scratch text */
} county;

/* The note under the first table that shows "—" or "*": each said once. */
static void county_notes(county *c, bool dash, bool star)
{
	if (dash && !c->dash_explained) {
		L(c->rv, xxgk_layout_note(c->l, "注：表中“—”表示没有数据（该部分没有报告、单元格未填写数字或无法计算），不是0。"));
		c->dash_explained = true;
	}
	if (star && !c->star_explained) {
		L(c->rv, xxgk_layout_note(c->l, "注：带“*”的合计中，有单位该项未填写数字或无法辨认，合计不含这些单元格。"));
		c->star_explained = true;
	}
}

/* A summed figure as a cell: "—" without reports, "1,234*" when some cells were missing. */
static const char *county_sum_cell(county *c, char *buf, size_t cap, const xxgk_sums *s, int fig, bool *dash,
				   bool *star)
{
	uint32_t missing = 0;
	if (!s || !s->reports) {
		*dash = true;
		return "—";
	}
	bool t2 = fig == XXGK_FIG_LICENSING || fig == XXGK_FIG_PENALTY || fig == XXGK_FIG_COERCION;
	if (t2 && s->reports_2019 == s->reports) {
		*dash = true;   /* only 2019-format reports: their table 2 is not summed */
		return "—";
	}
	double v = xxgk_sums_figure(s, fig, &missing);
	compose_num(buf, cap, v);
	if (missing || (t2 && s->reports_2019)) {
		size_t n = strlen(buf);
		if (n + 2 < cap)
			memcpy(buf + n, "*", 2);
		*star = true;
	}
	(void)c;
	return buf;
}

/* Table-3 carry rows (not figures): 上年结转, 结转下年度. */
static const char *county_row_cell(char *buf, size_t cap, const xxgk_sums *s, int row, bool *dash, bool *star)
{
	if (!s || !s->reports) {
		*dash = true;
		return "—";
	}
	compose_num(buf, cap, s->applications[row][XXGK_T3_TOTAL]);
	if (s->applications_missing[row][XXGK_T3_TOTAL]) {
		size_t n = strlen(buf);
		if (n + 2 < cap)
			memcpy(buf + n, "*", 2);
		*star = true;
	}
	return buf;
}

/* ---------------------------------------------------------------- key findings */

static size_t county_count(const compose_review *rv, int kind)
{
	size_t n = 0;
	for (size_t i = 0; i < rv->body_count; i++)
		n += rv->bodies[i].counts[kind] > 0;
	return n;
}

static size_t county_items(const compose_review *rv)
{
	size_t n = 0;
	for (size_t i = 0; i < rv->body_count; i++)
		n += rv->bodies[i].items;
	return n;
}

/* "本级新收申请3,119件，比上年增加20.0%" / "…（上年无本级报告）" */
static void county_part_change(county *c, xxgk_buf *b, const char *part, const xxgk_sums *cur, const xxgk_sums *prev)
{
	char n[COMPOSE_NUM_CAP];
	xxgk_buf_printf(b, "%s新收政府信息公开申请%s件", part,
			compose_num(n, sizeof n, xxgk_sums_figure(cur, XXGK_FIG_NEW_RECEIVED, NULL)));
	if (prev && prev->reports) {
		xxgk_buf_puts(b, "，比上年");
		double a = xxgk_sums_figure(cur, XXGK_FIG_NEW_RECEIVED, NULL), p = xxgk_sums_figure(prev, XXGK_FIG_NEW_RECEIVED, NULL);
		if (a == p)
			xxgk_buf_puts(b, "持平");
		else
			compose_change(b, a, p);
	} else {
		xxgk_buf_printf(b, "（上年没有%s报告，无法比较）", part);
	}
	(void)c;
}

static void county_keypoints(county *c)
{
	compose_review *rv = c->rv;
	xxgk_buf lines[5];
	const char *items[5];
	size_t n = 0, reported = 0, missing = 0, late = 0, unknown = 0;
	for (size_t i = 0; i < rv->body_count; i++) {
		const compose_body *b = &rv->bodies[i];
		reported += !b->missing;
		missing += b->missing;
		late += b->pub == XXGK_PUBLISHED_LATE;
		unknown += !b->missing && b->pub == XXGK_PUBLISHED_UNKNOWN;
	}
	for (int i = 0; i < 5; i++)
		xxgk_buf_init(&lines[i]);
	/* 1. who reported, and when */
	xxgk_buf *b = &lines[n++];
	if (missing)
		xxgk_buf_printf(b, "%zu个单位发布了%d年度报告，%zu个单位缺报", reported, rv->year, missing);
	else
		xxgk_buf_printf(b, "%zu个单位均发布了%d年度报告", reported, rv->year);
	if (late)
		xxgk_buf_printf(b, "；%zu个逾期发布", late);
	if (unknown)
		xxgk_buf_printf(b, "；%zu个未载明发布日期", unknown);
	xxgk_buf_puts(b, "。");
	/* 2. what is wrong */
	b = &lines[n++];
	size_t arith = county_count(rv, PROB_ARITH), incomplete = county_count(rv, PROB_INCOMPLETE),
	       mismatch = county_count(rv, PROB_MISMATCH), copy = county_count(rv, PROB_COPY), items_n = county_items(rv);
	if (!items_n) {
		xxgk_buf_puts(b, "审查未发现需要整改的问题。");
	} else {
		const char *sep = "";
		if (arith) {
			xxgk_buf_printf(b, "%zu个单位存在数据勾稽关系错误", arith);
			sep = "，";
		}
		if (incomplete) {
			xxgk_buf_printf(b, "%s%zu个单位格式不规范或内容不完整", sep, incomplete);
			sep = "，";
		}
		if (mismatch) {
			xxgk_buf_printf(b, "%s%zu个单位正文与表格数据不一致", sep, mismatch);
			sep = "，";
		}
		if (copy) {
			xxgk_buf_printf(b, "%s%zu个单位内容雷同", sep, copy);
			sep = "，";
		}
		xxgk_buf_printf(b, "%s共%zu项问题需要整改或核实。", sep, items_n);
	}
	/* 3. the key figure, 本级 and 下属 apart, with their change */
	b = &lines[n++];
	if (c->has_own)
		county_part_change(c, b, "本级", &rv->r->own, rv->p ? &rv->p->own : NULL);
	if (c->has_own && c->has_sub)
		xxgk_buf_puts(b, "；");
	if (c->has_sub)
		county_part_change(c, b, "下属单位合计", &rv->r->sub, rv->p ? &rv->p->sub : NULL);
	else
		xxgk_buf_printf(b, "%s本年度没有下属单位报告", c->has_own ? "；" : "");
	xxgk_buf_puts(b, "。");
	/* 4. what stands out */
	size_t flagged = county_count(rv, PROB_OUTLIER);
	if (flagged) {
		b = &lines[n++];
		xxgk_buf_printf(b, "%zu个单位的数据与同级单位相比明显异常，需要核实。", flagged);
	}
	/* 5. when */
	b = &lines[n++];
	char d[COMPOSE_NUM_CAP];
	if (items_n)
		xxgk_buf_printf(b, "请有关单位于%s前完成整改并报送整改情况。", compose_date_zh(d, sizeof d, rv->deadline_rectify));
	else
		n--;
	bool failed = false;
	for (size_t i = 0; i < n; i++) {
		failed = failed || lines[i].failed;
		items[i] = lines[i].data ? lines[i].data : "";
	}
	if (failed)
		rv->rc = XXGK_ENOMEM;
	else
		L(rv, xxgk_layout_keypoints(c->l, "主要情况", n, items));
	for (int i = 0; i < 5; i++)
		xxgk_buf_free(&lines[i]);
}

/* ---------------------------------------------------------------- 一、总体情况 */

static void county_coverage(county *c)
{
	compose_review *rv = c->rv;
	xxgk_buf *t = &c->t;
	size_t reported = 0, missing = 0, on_time = 0, late = 0, unknown = 0;
	for (size_t i = 0; i < rv->body_count; i++) {
		const compose_body *b = &rv->bodies[i];
		reported += !b->missing;
		missing += b->missing;
		on_time += b->pub == XXGK_PUBLISHED_ON_TIME;
		late += b->pub == XXGK_PUBLISHED_LATE;
		unknown += !b->missing && b->pub == XXGK_PUBLISHED_UNKNOWN;
	}
	L(rv, xxgk_layout_heading(c->l, 2, "（一）报告发布情况"));
	compose_reset(t);
	xxgk_buf_printf(t, "%s所属单位中，%zu个单位发布了%d年度政府信息公开工作年度报告", c->short_name, reported, rv->year);
	if (rv->r->own.reports)
		xxgk_buf_printf(t, "（含本级%u份）", rv->r->own.reports);
	if (missing) {
		xxgk_buf_printf(t, "；%zu个单位以往年度发布过年度报告，本年度未见报告（缺报）：", missing);
		size_t k = 0;
		for (size_t i = 0; i < rv->body_count; i++)
			if (rv->bodies[i].missing)
				xxgk_buf_printf(t, "%s%s", k++ ? "、" : "", rv->bodies[i].name);
	}
	xxgk_buf_puts(t, "。");
	if (reported) {
		/* only the parts there are: no "按期发布0份" */
		const char *sep = "已发布的报告中，";
		if (on_time) {
			xxgk_buf_printf(t, "%s按期发布%zu份", sep, on_time);
			sep = "，";
		}
		if (late) {
			xxgk_buf_printf(t, "%s逾期发布%zu份", sep, late);
			sep = "，";
		}
		if (unknown)
			xxgk_buf_printf(t, "%s%zu份未载明发布日期、无法判断是否按期", sep, unknown);
		xxgk_buf_puts(t, "。");
	}
	L(rv, xxgk_layout_paragraph(c->l, t->data));
}

/* The key figures of 本级 and 下属 this year and last, counts in one table and rates in another. */
static void county_key_tables(county *c)
{
	compose_review *rv = c->rv;
	const xxgk_rollup *r = rv->r, *p = rv->p;
	const xxgk_sums *parts[4];
	const char *heads[5] = { "项目" };
	double widths[5] = { 3.2 };
	int aligns[5] = { XXGK_ALIGN_LEFT };
	int cols = 1;
	/* a part's columns only when it has a report this year; last year's beside it when it has one too */
	if (c->has_own) {
		parts[cols - 1] = &r->own;
		heads[cols] = "本级本年";
		widths[cols] = 1.6;
		aligns[cols++] = XXGK_ALIGN_RIGHT;
		if (p && p->own.reports) {
			parts[cols - 1] = &p->own;
			heads[cols] = "本级上年";
			widths[cols] = 1.6;
			aligns[cols++] = XXGK_ALIGN_RIGHT;
		}
	}
	if (c->has_sub) {
		parts[cols - 1] = &r->sub;
		heads[cols] = "下属单位本年";
		widths[cols] = 1.8;
		aligns[cols++] = XXGK_ALIGN_RIGHT;
		if (p && p->sub.reports) {
			parts[cols - 1] = &p->sub;
			heads[cols] = "下属单位上年";
			widths[cols] = 1.8;
			aligns[cols++] = XXGK_ALIGN_RIGHT;
		}
	}
	if (cols == 1)
		return;
	static const struct {
		const char *label;
		int fig, row;   /* a figure, or a table-3 row when fig < 0 */
	} rows[] = {
		{ "本年新收申请", XXGK_FIG_NEW_RECEIVED, 0 },
		{ "上年结转申请", -1, XXGK_T3_CARRIED_OVER },
		{ "办理结果总计", XXGK_FIG_TOTAL_PROCESSED, 0 },
		{ "结转下年度继续办理", -1, XXGK_T3_CARRIED_FORWARD },
		{ "行政复议", XXGK_FIG_REVIEW, 0 },
		{ "行政诉讼", XXGK_FIG_LITIGATION, 0 },
		{ "行政许可决定", XXGK_FIG_LICENSING, 0 },
		{ "行政处罚决定", XXGK_FIG_PENALTY, 0 },
		{ "行政强制决定", XXGK_FIG_COERCION, 0 },
	};
	bool dash = false, star = false;
	L(rv, xxgk_layout_table(c->l, "主要数据", "单位：件", cols, heads, widths, aligns));
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char v[4][COMPOSE_NUM_CAP];
		const char *cells[5] = { rows[i].label };
		for (int k = 1; k < cols; k++)
			cells[k] = rows[i].fig >= 0 ? county_sum_cell(c, v[k - 1], sizeof v[k - 1], parts[k - 1], rows[i].fig,
								      &dash, &star)
						    : county_row_cell(v[k - 1], sizeof v[k - 1], parts[k - 1], rows[i].row,
								      &dash, &star);
		L(rv, xxgk_layout_table_row(c->l, cells, false));
	}
	county_notes(c, dash, star);
	/* rates, in percent, in a table of their own */
	dash = false;
	L(rv, xxgk_layout_table(c->l, "主要比率", "单位：%", cols, heads, widths, aligns));
	for (int rt = 0; rt < XXGK_RATE_COUNT; rt++) {
		char v[4][COMPOSE_NUM_CAP];
		const char *cells[5] = { xxgk_rate_label(rt) };
		for (int k = 1; k < cols; k++) {
			xxgk_rate x = xxgk_sums_rate(parts[k - 1], rt);
			if (x.defined)
				snprintf(v[k - 1], sizeof v[k - 1], "%.1f", 100 * x.value);
			else {
				snprintf(v[k - 1], sizeof v[k - 1], "—");
				dash = true;
			}
			cells[k] = v[k - 1];
		}
		L(rv, xxgk_layout_table_row(c->l, cells, false));
	}
	county_notes(c, dash, false);
}

static void county_figures(county *c)
{
	compose_review *rv = c->rv;
	xxgk_buf *t = &c->t;
	L(rv, xxgk_layout_heading(c->l, 2, "（二）主要数据及变化"));
	compose_reset(t);
	if (c->has_own) {
		char n[COMPOSE_NUM_CAP], m[COMPOSE_NUM_CAP];
		const xxgk_sums *o = &rv->r->own, *po = rv->p ? &rv->p->own : NULL;
		xxgk_buf_printf(t, "本级（%s）", c->own ? c->own->name : c->short_name);
		county_part_change(c, t, "", o, po);
		xxgk_buf_printf(t, "；办理结果总计%s件", compose_num(n, sizeof n, xxgk_sums_figure(o, XXGK_FIG_TOTAL_PROCESSED, NULL)));
		xxgk_rate d = xxgk_sums_rate(o, XXGK_RATE_DISCLOSED);
		if (d.defined) {
			xxgk_buf_printf(t, "，公开率%s", compose_pct(m, sizeof m, d.value));
			xxgk_rate pd = po ? xxgk_sums_rate(po, XXGK_RATE_DISCLOSED) : (xxgk_rate){ 0, 0, false, 0 };
			if (pd.defined) {
				xxgk_buf_puts(t, "，比上年");
				compose_change_points(t, d.value, pd.value);
			}
		}
		xxgk_buf_printf(t, "；行政复议%s件、行政诉讼%s件。",
				compose_num(n, sizeof n, xxgk_sums_figure(o, XXGK_FIG_REVIEW, NULL)),
				compose_num(m, sizeof m, xxgk_sums_figure(o, XXGK_FIG_LITIGATION, NULL)));
	} else {
		xxgk_buf_printf(t, "本年度没有%s本级政府的年度报告。", c->short_name);
	}
	L(rv, xxgk_layout_paragraph(c->l, t->data));
	compose_reset(t);
	if (c->has_sub) {
		char n[COMPOSE_NUM_CAP], m[COMPOSE_NUM_CAP];
		const xxgk_sums *s = &rv->r->sub, *ps = rv->p ? &rv->p->sub : NULL;
		xxgk_buf_printf(t, "下属%u个单位", s->reports);
		county_part_change(c, t, "合计", s, ps);
		if (ps && ps->reports && ps->reports != s->reports)
			xxgk_buf_printf(t, "（上年为%u个单位的合计，报送范围不同，变化中有一部分来自报送单位数的变化）", ps->reports);
		xxgk_buf_printf(t, "；办理结果总计%s件", compose_num(n, sizeof n, xxgk_sums_figure(s, XXGK_FIG_TOTAL_PROCESSED, NULL)));
		xxgk_rate d = xxgk_sums_rate(s, XXGK_RATE_DISCLOSED);
		if (d.defined) {
			xxgk_buf_printf(t, "，公开率%s", compose_pct(m, sizeof m, d.value));
			xxgk_rate pd = ps ? xxgk_sums_rate(ps, XXGK_RATE_DISCLOSED) : (xxgk_rate){ 0, 0, false, 0 };
			if (pd.defined) {
				xxgk_buf_puts(t, "，比上年");
				compose_change_points(t, d.value, pd.value);
			}
		}
		xxgk_buf_puts(t, "。本级报告与下属单位报告分别统计，不相加。");
	} else {
		xxgk_buf_puts(t, "本年度没有下属单位的年度报告，下属单位的数据表和图从略");
		if (rv->p && rv->p->sub.reports)
			xxgk_buf_printf(t, "（上年有%u个下属单位报告）", rv->p->sub.reports);
		xxgk_buf_puts(t, "。");
	}
	L(rv, xxgk_layout_paragraph(c->l, t->data));
	county_key_tables(c);
}

/* The per-body table: what a supervisor scores, ranked by what there is to rectify. */
static void county_bodies_table(county *c)
{
	compose_review *rv = c->rv;
	static const char *const heads[] = { "序号", "单位", "发布日期", "是否按期", "勾稽\n错误", "表格\n不全",
					     "正文\n不符", "内容\n雷同", "数据\n异常", "待整改\n事项" };
	/* in points at 10.5 pt: two characters plus padding for the counts, a date "2025.1.14", "逾期14天" */
	static const double widths[] = { 29, 116, 55, 52, 30, 30, 30, 30, 30, 40 };
	static const int aligns[] = { XXGK_ALIGN_CENTER, XXGK_ALIGN_LEFT, XXGK_ALIGN_CENTER, XXGK_ALIGN_CENTER,
				      XXGK_ALIGN_RIGHT, XXGK_ALIGN_RIGHT, XXGK_ALIGN_RIGHT, XXGK_ALIGN_RIGHT,
				      XXGK_ALIGN_RIGHT, XXGK_ALIGN_RIGHT };
	static const int kinds[] = { PROB_ARITH, PROB_INCOMPLETE, PROB_MISMATCH, PROB_COPY, PROB_OUTLIER };
	L(rv, xxgk_layout_heading(c->l, 2, "（三）各单位审查结果"));
	L(rv, xxgk_layout_paragraph(c->l, "各单位审查结果见下表，按需要整改或核实的事项由多到少排列；缺报单位列在最前。"));
	L(rv, xxgk_layout_table(c->l, "各单位年度报告审查结果", "单位：项", 10, heads, widths, aligns));
	c->review_table = xxgk_layout_table_count(c->l);
	bool dash = false;
	for (size_t i = 0; i < rv->body_count; i++) {
		const compose_body *b = rv->order[i];
		char no[16], date[COMPOSE_NUM_CAP], when[48], v[5][16], total[16];
		snprintf(no, sizeof no, "%zu", i + 1);
		snprintf(total, sizeof total, "%zu", b->items);
		const char *cells[10] = { no, b->name, NULL, NULL, NULL, NULL, NULL, NULL, NULL, total };
		if (b->missing) {
			cells[2] = "—";
			cells[3] = "缺报";
			for (int k = 0; k < 5; k++)
				cells[4 + k] = "—";
			dash = true;
		} else {
			cells[2] = compose_date_short(date, sizeof date, b->fig->published);
			dash = dash || !b->fig->published[0];
			if (b->pub == XXGK_PUBLISHED_ON_TIME)
				snprintf(when, sizeof when, "按期");
			else if (b->pub == XXGK_PUBLISHED_LATE)
				snprintf(when, sizeof when, "逾期%d天", b->days_late);
			else
				snprintf(when, sizeof when, "日期不详");
			cells[3] = when;
			for (int k = 0; k < 5; k++) {
				snprintf(v[k], sizeof v[k], "%zu", b->counts[kinds[k]]);
				cells[4 + k] = v[k];
			}
		}
		L(rv, xxgk_layout_table_row(c->l, cells, false));
	}
	/* the columns count findings (3 cells of one sum), the last one the items of the rectification
	 * table (the next table: 二 adds none), which also holds lateness, 缺报 and other problems */
	compose_reset(&c->t);
	xxgk_buf_printf(&c->t, "注：“待整改事项”为表%d所列的事项数：同一问题有多处的计为一项，内容雷同计为一项，"
			       "逾期发布、缺报和其他问题各计一项。", c->review_table + 1);
	L(rv, xxgk_layout_note(c->l, c->t.data));
	county_notes(c, dash, false);
}

/* ---------------------------------------------------------------- 二、存在的主要问题 */

/* One paragraph a rule of `kind`: "正文大部分与上年报告重复的有34个单位：A、B……。" */
static void county_rule_lists(county *c, int kind)
{
	compose_review *rv = c->rv;
	xxgk_buf *t = &c->t;
	for (size_t i = 0; i < rv->findings.count; i++) {
		const xxgk_finding *f = &rv->findings.items[i];
		if (f->waived || compose_rule_kind(f) != kind)
			continue;
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++)
			seen = !rv->findings.items[k].waived && !strcmp(rv->findings.items[k].rule, f->rule);
		if (seen)
			continue;
		/* the bodies with this rule, in the order of the review table */
		size_t n = 0;
		compose_reset(t);
		for (size_t j = 0; j < rv->body_count; j++) {
			const compose_body *b = rv->order[j];
			bool has = false;
			for (size_t k = i; b->fig && k < rv->findings.count && !has; k++)
				has = !rv->findings.items[k].waived && !strcmp(rv->findings.items[k].rule, f->rule) &&
				      !strcmp(rv->findings.items[k].report, b->fig->sha256);
			if (has)
				xxgk_buf_printf(t, "%s%s", n++ ? "、" : "", b->name);
		}
		char *names = xxgk_buf_detach(t);
		if (!names) {
			rv->rc = XXGK_ENOMEM;
			return;
		}
		xxgk_buf_printf(t, "%s的有%zu个单位：%s。", compose_rule_plain(f->rule), n, names);
		free(names);
		L(rv, xxgk_layout_paragraph(c->l, t->data));
	}
	/* 二 adds no table: the rectification table of 三 is the next one */
	compose_reset(t);
	xxgk_buf_printf(t, "各单位的具体问题见表%d。", xxgk_layout_table_count(c->l) + 1);
	L(rv, xxgk_layout_paragraph(c->l, t->data));
}

static int county_late_cmp(const void *a, const void *b)
{
	const compose_body *x = *(const compose_body *const *)a, *y = *(const compose_body *const *)b;
	if (x->days_late != y->days_late)
		return x->days_late > y->days_late ? -1 : 1;
	return strcmp(x->name, y->name);
}

static void county_problems(county *c)
{
	compose_review *rv = c->rv;
	xxgk_buf *t = &c->t;
	int section = 0;
	char num[16], head[160], d[COMPOSE_NUM_CAP], d2[COMPOSE_NUM_CAP];
	for (int kind = 0; kind < PROB_COUNT; kind++) {
		if (!county_count(rv, kind))
			continue;
		snprintf(head, sizeof head, "（%s）%s", compose_numeral(num, sizeof num, ++section),
			 compose_problem_title(kind));
		L(rv, xxgk_layout_heading(c->l, 2, head));
		compose_reset(t);
		if (kind == PROB_LATE) {
			/* the latest first; the dates are in the review table */
			size_t late = county_count(rv, kind), k = 0;
			const compose_body **v = malloc(late * sizeof *v);
			if (!v) {
				rv->rc = XXGK_ENOMEM;
				continue;
			}
			for (size_t i = 0; i < rv->body_count; i++)
				if (rv->bodies[i].pub == XXGK_PUBLISHED_LATE)
					v[k++] = &rv->bodies[i];
			qsort(v, k, sizeof *v, county_late_cmp);
			if (k == 1)
				xxgk_buf_printf(t, "%s未在规定时限（%s）内发布年度报告，%s发布，逾期%d天。", v[0]->name,
						compose_date_zh(d, sizeof d, v[0]->deadline),
						compose_date_zh(d2, sizeof d2, v[0]->fig->published), v[0]->days_late);
			else {
				/* names only, the latest first: the dates and days are in the review table */
				size_t month = 0;
				while (month < k && v[month]->days_late > 30)
					month++;
				/* "其中…的12个" before a list of all 19 would read as the list of the 12 */
				xxgk_buf_printf(t, "%zu个单位未在规定时限内发布年度报告", k);
				if (month)
					xxgk_buf_printf(t, "（其中逾期30天以上的%zu个）", month);
				xxgk_buf_puts(t, "，按逾期天数由多到少依次为：");
				for (size_t i = 0; i < k; i++)
					xxgk_buf_printf(t, "%s%s", i ? "、" : "", v[i]->name);
				xxgk_buf_printf(t, "。各单位的发布日期和逾期天数见表%d。", c->review_table);
			}
			free(v);
			L(rv, xxgk_layout_paragraph(c->l, t->data));
			continue;
		}
		if (kind == PROB_MISSING) {
			size_t k = 0;
			for (size_t i = 0; i < rv->body_count; i++)
				if (rv->bodies[i].missing)
					xxgk_buf_printf(t, "%s%s", k++ ? "、" : "", rv->bodies[i].name);
			xxgk_buf_printf(t, "以往年度发布过年度报告，%d年度未见报告。", rv->year);
			L(rv, xxgk_layout_paragraph(c->l, t->data));
			continue;
		}
		if (kind == PROB_OUTLIER) {
			L(rv, xxgk_layout_paragraph(c->l, "以下单位的数据与全部同级单位相比明显异常。异常不等于错误，"
							  "但需要核实：确属填报错误的更正，确有实际原因的在报告中说明。"));
			for (size_t g = 0; g < rv->flags.group_count; g++) {
				const compose_flag_group *fg = &rv->flags.groups[g];
				if (!compose_review_body(rv, fg->sha256))
					continue;
				compose_reset(t);
				xxgk_buf_printf(t, "%s：%s。%s。", fg->name, fg->words, fg->cause);
				L(rv, xxgk_layout_paragraph(c->l, t->data));
			}
			size_t charts = 0;
			L(rv, compose_funnel_charts(c->l, &rv->flags, &charts));
			continue;
		}
		/* a few bodies: a paragraph each; many (copying is often widespread): a paragraph a rule,
		 * naming the bodies (each one's details are in the rectification table) */
		size_t bodies = county_count(rv, kind);
		if (bodies > COUNTY_PARAGRAPHS) {
			county_rule_lists(c, kind);
			continue;
		}
		for (size_t i = 0; i < rv->body_count; i++) {
			const compose_body *b = &rv->bodies[i];
			if (b->missing || !b->counts[kind])
				continue;
			compose_reset(t);
			xxgk_buf_printf(t, "%s：", b->name);
			compose_body_findings(rv, t, b, kind, false);
			xxgk_buf_puts(t, "。");
			L(rv, xxgk_layout_paragraph(c->l, t->data));
		}
	}
	if (!section)
		L(rv, xxgk_layout_paragraph(c->l, "经审查，各单位年度报告未发现需要整改的问题，也没有与同级单位相比明显异常的数据。"));
}

/* ---------------------------------------------------------------- 附件1: the figures */

static void county_applicants(county *c)
{
	compose_review *rv = c->rv;
	static const char *const heads[] = { "项目", "自然人", "商业\n企业", "科研\n机构", "社会公益\n组织", "法律服务\n机构",
					     "其他", "总计" };
	static const double widths[] = { 2.9, 1.1, 1.0, 1.0, 1.25, 1.25, 0.9, 1.1 };
	static const int aligns[] = { XXGK_ALIGN_LEFT, XXGK_ALIGN_RIGHT, XXGK_ALIGN_RIGHT, XXGK_ALIGN_RIGHT,
				      XXGK_ALIGN_RIGHT, XXGK_ALIGN_RIGHT, XXGK_ALIGN_RIGHT, XXGK_ALIGN_RIGHT };
	static const int rows[] = { XXGK_T3_NEW_RECEIVED, XXGK_T3_CARRIED_OVER, XXGK_T3_TOTAL_PROCESSED,
				    XXGK_T3_CARRIED_FORWARD };
	static const char *const labels[] = { "本年新收", "上年结转", "办理结果总计", "结转下年度" };
	bool star = false;
	L(rv, xxgk_layout_heading(c->l, 1, "一、收到和处理申请情况"));
	L(rv, xxgk_layout_table(c->l, "按申请人类型分的申请情况", "单位：件", 8, heads, widths, aligns));
	for (int part = 0; part < 2; part++) {
		const xxgk_sums *s = part ? &rv->r->sub : &rv->r->own;
		if (!s->reports)
			continue;
		for (int i = 0; i < 4; i++) {
			char label[64], v[7][COMPOSE_NUM_CAP];
			snprintf(label, sizeof label, "%s：%s", part ? "下属" : "本级", labels[i]);
			const char *cells[8] = { label };
			for (int col = 0; col < XXGK_T3_COLS; col++) {
				compose_num(v[col], sizeof v[col], s->applications[rows[i]][col]);
				if (s->applications_missing[rows[i]][col]) {
					strncat(v[col], "*", sizeof v[col] - strlen(v[col]) - 1);
					star = true;
				}
				cells[col + 1] = v[col];
			}
			L(rv, xxgk_layout_table_row(c->l, cells, i == 2));
		}
	}
	county_notes(c, false, star);
}

static void county_outcomes(county *c)
{
	compose_review *rv = c->rv;
	const char *heads[5] = { "办理结果" };
	double widths[5] = { 130 };
	int aligns[5] = { XXGK_ALIGN_LEFT };
	const xxgk_sums *parts[2];
	const char *names[2];
	int cols = 1, np = 0;
	if (c->has_own) {
		parts[np] = &rv->r->own;
		names[np++] = "本级";
	}
	if (c->has_sub) {
		parts[np] = &rv->r->sub;
		names[np++] = "下属单位";
	}
	char head_text[2][2][32];
	for (int k = 0; k < np; k++) {
		snprintf(head_text[k][0], sizeof head_text[k][0], "%s件数", names[k]);
		snprintf(head_text[k][1], sizeof head_text[k][1], "%s占比", names[k]);
		/* in points: the header in one line ("下属单位件数") */
		heads[cols] = head_text[k][0];
		widths[cols] = k == 0 && c->has_own ? 58 : 76;
		aligns[cols++] = XXGK_ALIGN_RIGHT;
		heads[cols] = head_text[k][1];
		widths[cols] = k == 0 && c->has_own ? 58 : 76;
		aligns[cols++] = XXGK_ALIGN_RIGHT;
	}
	if (!np)
		return;
	L(rv, xxgk_layout_table(c->l, "办理结果", NULL, cols, heads, widths, aligns));
	double fam[2][XXGK_FAMILY_COUNT];
	bool dash = false;
	for (int f = 0; f <= XXGK_FAMILY_COUNT; f++) {
		char v[4][COMPOSE_NUM_CAP];
		const char *cells[5] = { f < XXGK_FAMILY_COUNT ? xxgk_t3_family(f)->label : "（七）总计" };
		for (int k = 0; k < np; k++) {
			double total = parts[k]->applications[XXGK_T3_TOTAL_PROCESSED][XXGK_T3_TOTAL], x = 0;
			if (f < XXGK_FAMILY_COUNT) {
				for (int row = xxgk_t3_family(f)->first_row; row <= xxgk_t3_family(f)->last_row; row++)
					x += parts[k]->applications[row][XXGK_T3_TOTAL];
				fam[k][f] = x;
			} else {
				x = total;
			}
			cells[1 + 2 * k] = compose_num(v[2 * k], sizeof v[2 * k], x);
			if (total > 0)
				compose_pct(v[2 * k + 1], sizeof v[2 * k + 1], x / total);
			else {
				snprintf(v[2 * k + 1], sizeof v[2 * k + 1], "—");
				dash = true;
			}
			cells[2 + 2 * k] = v[2 * k + 1];
		}
		L(rv, xxgk_layout_table_row(c->l, cells, f == XXGK_FAMILY_COUNT));
	}
	county_notes(c, dash, false);
	/* the chart of the part with more cases, when it has any */
	int k = np == 2 && parts[1]->applications[XXGK_T3_TOTAL_PROCESSED][XXGK_T3_TOTAL] >=
				   parts[0]->applications[XXGK_T3_TOTAL_PROCESSED][XXGK_T3_TOTAL] ? 1 : 0;
	double total = parts[k]->applications[XXGK_T3_TOTAL_PROCESSED][XXGK_T3_TOTAL];
	if (!(total > 0))
		return;
	const char *labels[XXGK_FAMILY_COUNT];
	int best = 0, second = -1;
	for (int f = 0; f < XXGK_FAMILY_COUNT; f++) {
		labels[f] = xxgk_t3_family(f)->label;
		if (fam[k][f] > fam[k][best])
			best = f;
	}
	for (int f = 0; f < XXGK_FAMILY_COUNT; f++)
		if (f != best && fam[k][f] > 0 && (second < 0 || fam[k][f] > fam[k][second]))
			second = f;
	char title[96];
	snprintf(title, sizeof title, "%s办理结果构成", names[k]);
	L(rv, xxgk_layout_bar_chart(c->l, title, "件", "资料来源：各单位年度报告表三", XXGK_FAMILY_COUNT, labels, fam[k]));
	compose_reset(&c->t);
	char p1[COMPOSE_NUM_CAP], p2[COMPOSE_NUM_CAP];
	xxgk_buf_printf(&c->t, "%s办理的%s件申请中，%s最多，占%s", names[k], compose_num(p1, sizeof p1, total),
			xxgk_t3_family(best)->label, compose_pct(p2, sizeof p2, fam[k][best] / total));
	if (second >= 0)
		xxgk_buf_printf(&c->t, "；其次是%s，占%s", xxgk_t3_family(second)->label,
				compose_pct(p2, sizeof p2, fam[k][second] / total));
	xxgk_buf_puts(&c->t, "。");
	L(rv, xxgk_layout_takeaway(c->l, c->t.data));
}

static void county_reviews(county *c)
{
	compose_review *rv = c->rv;
	static const char *const heads[] = { "", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计" };
	/* in points: four characters of header in a value column */
	static const double widths[] = { 150, 52, 52, 52, 52, 44 };
	static const int aligns[] = { XXGK_ALIGN_LEFT, XXGK_ALIGN_RIGHT, XXGK_ALIGN_RIGHT, XXGK_ALIGN_RIGHT,
				      XXGK_ALIGN_RIGHT, XXGK_ALIGN_RIGHT };
	static const char *const groups[] = { "行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）" };
	bool star = false;
	L(rv, xxgk_layout_heading(c->l, 1, "二、行政复议、行政诉讼情况"));
	L(rv, xxgk_layout_table(c->l, "政府信息公开行政复议、行政诉讼", "单位：件", 6, heads, widths, aligns));
	for (int part = 0; part < 2; part++) {
		const xxgk_sums *s = part ? &rv->r->sub : &rv->r->own;
		if (!s->reports)
			continue;
		for (int g = 0; g < XXGK_T4_GROUPS; g++) {
			char label[96], v[5][COMPOSE_NUM_CAP];
			snprintf(label, sizeof label, "%s：%s", part ? "下属" : "本级", groups[g]);
			const char *cells[6] = { label };
			for (int col = 0; col < XXGK_T4_COLS; col++) {
				compose_num(v[col], sizeof v[col], s->reviews[g][col]);
				if (s->reviews_missing[g][col]) {
					strncat(v[col], "*", sizeof v[col] - strlen(v[col]) - 1);
					star = true;
				}
				cells[col + 1] = v[col];
			}
			L(rv, xxgk_layout_table_row(c->l, cells, false));
		}
	}
	county_notes(c, false, star);
}

static void county_active(county *c)
{
	compose_review *rv = c->rv;
	const char *heads[4] = { "项目", "计量单位" };
	double widths[4] = { 4.2, 1.3 };
	int aligns[4] = { XXGK_ALIGN_LEFT, XXGK_ALIGN_CENTER };
	const xxgk_sums *parts[2];
	int cols = 2, np = 0;
	/* table 2 is summed over 2021-format reports only */
	if (c->has_own && rv->r->own.reports > rv->r->own.reports_2019) {
		parts[np++] = &rv->r->own;
		heads[cols] = "本级";
		widths[cols] = 1.8;
		aligns[cols++] = XXGK_ALIGN_RIGHT;
	}
	if (c->has_sub && rv->r->sub.reports > rv->r->sub.reports_2019) {
		parts[np++] = &rv->r->sub;
		heads[cols] = "下属单位合计";
		widths[cols] = 1.8;
		aligns[cols++] = XXGK_ALIGN_RIGHT;
	}
	L(rv, xxgk_layout_heading(c->l, 1, "三、主动公开政府信息情况"));
	if (!np) {
		L(rv, xxgk_layout_paragraph(c->l, "本年度的报告均为2019年版格式，其表二的栏目不同，未汇总。"));
		return;
	}
	static const char *const labels[XXGK_AGG_ACTIVE] = {
		"规章：本年制发", "规章：本年废止", "规章：现行有效", "行政规范性文件：本年制发", "行政规范性文件：本年废止",
		"行政规范性文件：现行有效", "行政许可：处理决定", "行政处罚：处理决定", "行政强制：处理决定", "行政事业性收费"
	};
	bool star = false;
	L(rv, xxgk_layout_table(c->l, "主动公开：规范性文件、执法决定和收费", NULL, cols, heads, widths, aligns));
	for (int i = 0; i < XXGK_AGG_ACTIVE; i++) {
		char v[2][COMPOSE_NUM_CAP];
		const char *cells[4] = { labels[i], i == 9 ? "万元" : "件" };
		for (int k = 0; k < np; k++) {
			compose_num(v[k], sizeof v[k], parts[k]->active[i]);
			if (parts[k]->active_missing[i] || parts[k]->reports_2019) {
				strncat(v[k], "*", sizeof v[k] - strlen(v[k]) - 1);
				star = true;
			}
			cells[2 + k] = v[k];
		}
		L(rv, xxgk_layout_table_row(c->l, cells, false));
	}
	county_notes(c, false, star);
	for (int k = 0; k < np; k++)
		if (parts[k]->reports_2019) {
			compose_reset(&c->t);
			xxgk_buf_printf(&c->t, "注：%s有%u份报告为2019年版格式，其表二栏目不同，未计入上表。",
					parts[k] == &rv->r->own ? "本级" : "下属单位", parts[k]->reports_2019);
			L(rv, xxgk_layout_note(c->l, c->t.data));
		}
}

static int county_rank_cmp(const void *a, const void *b)
{
	const xxgk_body_figures *x = *(const xxgk_body_figures *const *)a, *y = *(const xxgk_body_figures *const *)b;
	double vx = x->v[XXGK_FIG_NEW_RECEIVED], vy = y->v[XXGK_FIG_NEW_RECEIVED];
	if (vx != vy)
		return vx > vy ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* Every body's figures, and the bodies ranked by applications where the ranking says something. */
static void county_body_figures(county *c)
{
	compose_review *rv = c->rv;
	static const char *const heads[] = { "单位", "新收\n申请", "办理\n总计", "公开率", "行政\n复议", "行政\n诉讼", "行政\n处罚" };
	static const double widths[] = { 4.0, 1.1, 1.1, 1.2, 1.0, 1.0, 1.6 };
	static const int aligns[] = { XXGK_ALIGN_LEFT, XXGK_ALIGN_RIGHT, XXGK_ALIGN_RIGHT, XXGK_ALIGN_RIGHT,
				      XXGK_ALIGN_RIGHT, XXGK_ALIGN_RIGHT, XXGK_ALIGN_RIGHT };
	static const int figs[] = { XXGK_FIG_NEW_RECEIVED, XXGK_FIG_TOTAL_PROCESSED, -1, XXGK_FIG_REVIEW,
				    XXGK_FIG_LITIGATION, XXGK_FIG_PENALTY };
	const xxgk_body_figures **order = malloc((rv->body_count + 1) * sizeof *order);
	size_t n = 0;
	if (!order) {
		rv->rc = XXGK_ENOMEM;
		return;
	}
	for (size_t i = 0; i < rv->body_count; i++)
		if (rv->bodies[i].fig)
			order[n++] = rv->bodies[i].fig;
	qsort(order, n, sizeof *order, county_rank_cmp);
	L(rv, xxgk_layout_heading(c->l, 1, "四、各单位主要数据"));
	L(rv, xxgk_layout_table(c->l, "各单位主要数据（按本年新收申请排序）", "单位：件（公开率：%）", 7, heads, widths, aligns));
	bool dash = false;
	for (size_t i = 0; i < n; i++) {
		const xxgk_body_figures *b = order[i];
		char v[6][COMPOSE_NUM_CAP];
		const char *cells[7] = { b->name };
		for (int k = 0; k < 6; k++) {
			int fig = figs[k];
			if (fig < 0) {
				uint32_t need = 1u << XXGK_FIG_DISCLOSED | 1u << XXGK_FIG_TOTAL_PROCESSED;
				if ((b->known & need) == need && b->v[XXGK_FIG_TOTAL_PROCESSED] > 0)
					snprintf(v[k], sizeof v[k], "%.1f", 100 * b->v[XXGK_FIG_DISCLOSED] / b->v[XXGK_FIG_TOTAL_PROCESSED]);
				else {
					snprintf(v[k], sizeof v[k], "—");
					dash = true;
				}
			} else if (b->known & (1u << fig)) {
				compose_num(v[k], sizeof v[k], b->v[fig]);
			} else {
				snprintf(v[k], sizeof v[k], "—");
				dash = true;
			}
			cells[k + 1] = v[k];
		}
		L(rv, xxgk_layout_table_row(c->l, cells, false));
	}
	county_notes(c, dash, false);
	/* the ranking, only over bodies with a known, non-zero count: a tail of zeros says nothing */
	size_t top = rv->o->top_bodies > 0 ? (size_t)rv->o->top_bodies : COUNTY_TOP, bars = 0;
	double total = 0;
	for (size_t i = 0; i < n; i++)
		if ((order[i]->known & (1u << XXGK_FIG_NEW_RECEIVED)) && order[i]->v[XXGK_FIG_NEW_RECEIVED] > 0) {
			total += order[i]->v[XXGK_FIG_NEW_RECEIVED];
			bars++;
		}
	if (bars >= 3) {
		size_t shown = bars < top ? bars : top, k = 0;
		const char **labels = malloc(shown * sizeof *labels);
		double *values = malloc(shown * sizeof *values);
		if (!labels || !values) {
			rv->rc = XXGK_ENOMEM;
		} else {
			double first3 = 0;
			for (size_t i = 0; i < n && k < shown; i++)
				if ((order[i]->known & (1u << XXGK_FIG_NEW_RECEIVED)) && order[i]->v[XXGK_FIG_NEW_RECEIVED] > 0) {
					labels[k] = order[i]->name;
					values[k] = order[i]->v[XXGK_FIG_NEW_RECEIVED];
					first3 += k < 3 ? values[k] : 0;
					k++;
				}
			char title[96];
			if (shown < bars)
				snprintf(title, sizeof title, "本年新收申请居前的%zu个单位", shown);
			else
				snprintf(title, sizeof title, "本年新收申请的单位（不含新收为0的单位）");
			L(rv, xxgk_layout_bar_chart(c->l, title, "件", "资料来源：各单位年度报告表三", shown, labels, values));
			char p[COMPOSE_NUM_CAP];
			compose_reset(&c->t);
			xxgk_buf_printf(&c->t, "申请集中在少数单位：%s、%s、%s三个单位合计占新收申请总数的%s", labels[0], labels[1],
					labels[2], compose_pct(p, sizeof p, total > 0 ? first3 / total : NAN));
			if (n > bars)
				xxgk_buf_printf(&c->t, "；另有%zu个单位本年没有新收申请或未填写", n - bars);
			xxgk_buf_puts(&c->t, "。");
			L(rv, xxgk_layout_takeaway(c->l, c->t.data));
		}
		free(labels);
		free(values);
	}
	free(order);
}

/* New applications over the years that have reports, 本级 and 下属 apart. */
static void county_trend(county *c)
{
	compose_review *rv = c->rv;
	double vals[2][COUNTY_TREND_YEARS];
	bool has[2][COUNTY_TREND_YEARS];
	int years[COUNTY_TREND_YEARS], ny = 0;
	memset(has, 0, sizeof has);
	for (int k = 0; k < COUNTY_TREND_YEARS; k++) {
		int y = rv->year - (COUNTY_TREND_YEARS - 1) + k;
		xxgk_rollup *yr = NULL;
		size_t n = 0;
		xxgk_error err;
		bool any = false;
		/* this year and last are the roll-ups the document already has */
		const xxgk_rollup *have = y == rv->year ? rv->r : y == rv->year - 1 ? rv->p : NULL;
		if (!have && y < rv->year - 1 && xxgk_store_rollup(rv->s, rv->level, rv->region, y, &yr, &n, &err) == XXGK_OK)
			for (size_t i = 0; i < n; i++)
				if (!strcmp(yr[i].code, rv->region))
					have = &yr[i];
		for (int part = 0; have && part < 2; part++) {
			const xxgk_sums *s = part ? &have->sub : &have->own;
			has[part][ny] = s->reports > 0;
			vals[part][ny] = s->reports ? xxgk_sums_figure(s, XXGK_FIG_NEW_RECEIVED, NULL) : NAN;
			any = any || s->reports > 0;
		}
		xxgk_rollups_free(yr, n);
		if (any)
			years[ny++] = y;
	}
	int series_has[2] = { 0, 0 };
	for (int k = 0; k < ny; k++)
		for (int part = 0; part < 2; part++)
			series_has[part] += has[part][k];
	/* a line needs two years of its own */
	const char *names[2];
	double values[2 * COUNTY_TREND_YEARS];
	size_t ns = 0;
	for (int part = 0; part < 2; part++)
		if (series_has[part] >= 2) {
			names[ns] = part ? "下属单位合计" : "本级";
			for (int k = 0; k < ny; k++)
				values[ns * (size_t)ny + (size_t)k] = vals[part][k];
			ns++;
		}
	if (!ns)
		return;
	char labels[COUNTY_TREND_YEARS][8];
	const char *xl[COUNTY_TREND_YEARS];
	for (int k = 0; k < ny; k++) {
		snprintf(labels[k], sizeof labels[k], "%d", years[k]);
		xl[k] = labels[k];
	}
	L(rv, xxgk_layout_heading(c->l, 1, "五、历年变化"));
	L(rv, xxgk_layout_line_chart(c->l, "本年新收申请的历年变化", "年度", "件", "资料来源：数据库中各年度的报告",
				     (size_t)ny, xl, ns, names, values));
	compose_reset(&c->t);
	for (size_t s = 0; s < ns; s++) {
		int first = -1, last = -1;
		for (int k = 0; k < ny; k++)
			if (isfinite(values[s * (size_t)ny + (size_t)k])) {
				if (first < 0)
					first = k;
				last = k;
			}
		char a[COMPOSE_NUM_CAP], b[COMPOSE_NUM_CAP];
		xxgk_buf_printf(&c->t, "%s%s新收申请由%d年的%s件变为%d年的%s件", s ? "；" : "", names[s], years[first],
				compose_num(a, sizeof a, values[s * (size_t)ny + (size_t)first]), years[last],
				compose_num(b, sizeof b, values[s * (size_t)ny + (size_t)last]));
	}
	xxgk_buf_puts(&c->t, "（图中只含有报告的年度；各年度报送单位数不同）。");
	L(rv, xxgk_layout_takeaway(c->l, c->t.data));
}

/* ---------------------------------------------------------------- the document */

static void county_next_steps(county *c)
{
	compose_review *rv = c->rv;
	L(rv, xxgk_layout_heading(c->l, 1, "四、下一步工作"));
	L(rv, xxgk_layout_paragraph(c->l, "一是严格审核把关。各单位发布年度报告前，要对照国办公开办函〔2021〕30号规定的格式逐项核对，"
					  "重点核对表三“本年新收＋上年结转＝办理结果总计＋结转下年度”等勾稽关系和上下年度的结转数，"
					  "做到表格完整、数字准确、正文与表格一致。"));
	L(rv, xxgk_layout_paragraph(c->l, "二是按时发布报告。县级以上人民政府部门和乡镇（街道）应于每年1月31日前、"
					  "县级以上地方人民政府应于每年3月31日前发布上一年度的年度报告。"));
	L(rv, xxgk_layout_paragraph(c->l, "三是夯实数据基础。依申请公开、行政复议和行政诉讼的数据要与登记台账一致；"
					  "年度报告要结合本单位当年工作实际撰写，不得照搬往年或其他单位的报告。"));
}

static int county_write(county *c, const char *region_name)
{
	compose_review *rv = c->rv;
	const xxgk_compose_options *o = rv->o;
	char title[320], d[COMPOSE_NUM_CAP];
	snprintf(title, sizeof title, "关于%s%d年度政府信息公开工作年度报告审查情况的通报", c->short_name, rv->year);
	int rc = xxgk_layout_new(&c->l, title);
	if (rc != XXGK_OK)
		return rc;
	compose_reset(&c->t);
	xxgk_buf_printf(&c->t, "%s（%s）%d年度政府信息公开工作年度报告的审查结果、问题清单和整改要求", region_name,
			rv->region, rv->year);
	L(rv, xxgk_layout_subject(c->l, c->t.data));
	if (o->doc_number)
		L(rv, xxgk_layout_doc_number(c->l, o->doc_number));
	if (o->addressees) {
		compose_reset(&c->t);
		xxgk_buf_printf(&c->t, "%s：", o->addressees);
		L(rv, xxgk_layout_addressees(c->l, c->t.data));
	}
	compose_reset(&c->t);
	xxgk_buf_printf(&c->t, "根据《中华人民共和国政府信息公开条例》第四十九条、第五十条的规定，%s对%s所属单位%d年度政府信息公开"
			       "工作年度报告的发布情况、格式和数据进行了审查。现将有关情况通报如下。",
			o->issuer ? o->issuer : "我们", c->short_name, rv->year);
	L(rv, xxgk_layout_paragraph(c->l, c->t.data));
	county_keypoints(c);
	L(rv, xxgk_layout_heading(c->l, 1, "一、总体情况"));
	county_coverage(c);
	county_figures(c);
	county_bodies_table(c);
	L(rv, xxgk_layout_heading(c->l, 1, "二、存在的主要问题"));
	county_problems(c);
	L(rv, xxgk_layout_heading(c->l, 1, "三、整改要求"));
	compose_rectify_section(rv, c->l, NULL);
	county_next_steps(c);
	static const char *const annexes[] = { "主要数据", "审查方法说明" };
	L(rv, xxgk_layout_attachments(c->l, 2, annexes));
	L(rv, xxgk_layout_signature(c->l, o->issuer, compose_date_zh(d, sizeof d, rv->date)));
	/* 附件1: the figures, each table and chart only where there is data */
	L(rv, xxgk_layout_annex(c->l, "附件1", "主要数据"));
	if (c->has_own || c->has_sub) {
		county_applicants(c);
		county_outcomes(c);
		county_reviews(c);
		county_active(c);
	}
	county_body_figures(c);
	county_trend(c);
	L(rv, xxgk_layout_annex(c->l, "附件2", "审查方法说明"));
	compose_method_annex(rv, c->l, NULL, NULL);
	if (c->t.failed)
		rv->rc = XXGK_ENOMEM;
	return rv->rc;
}

int xxgk_compose_county(xxgk_layout **out, xxgk_store *s, const char *region, int year,
			const xxgk_compose_options *o, xxgk_error *err)
{
	compose_review rv;
	county c;
	int rc;
	*out = NULL;
	memset(&c, 0, sizeof c);
	xxgk_buf_init(&c.t);
	if (!region || !*region || strlen(region) > 6)
		return xxgk_error_set(err, XXGK_EINVAL, 0, 0, "a county summary needs a region code of 2, 4 or 6 digits");
	if ((rc = compose_review_open(&rv, s, region, year, true, o, err)) != XXGK_OK)
		goto done;
	c.rv = &rv;
	c.short_name = compose_last_part(rv.r->name);
	c.has_own = rv.r->own.reports > 0;
	c.has_sub = rv.r->sub.reports > 0;
	for (size_t i = 0; i < rv.fig_count; i++)
		if (rv.figs[i].year == rv.year && !strcmp(rv.figs[i].code, rv.region) && rv.figs[i].level == rv.level)
			c.own = &rv.figs[i];
	if ((rc = county_write(&c, rv.r->name)) != XXGK_OK)
		xxgk_error_set(err, rc, 0, 0, "%s", rc == XXGK_ENOMEM ? "out of memory" : "the document could not be laid out");
done:
	if (rc == XXGK_OK)
		*out = c.l;
	else
		xxgk_layout_free(c.l);
	xxgk_buf_free(&c.t);
	compose_review_close(&rv);
	return rc;
}
