/*
 * review.c — one check's bodies and findings, and the review workbook made
 * from them (xxgk/track.h, docs/track.md).
 *
 * Exports xxgk_review_* and xxgk_review_problem_sheet.
 *
 * The workbook is what a county office sends out and gets back: a summary
 * row per report, a problems list a body can be sent its rows of (with the
 * columns staff fill: 状态, 处理人, 处理日期, 处理说明), a count per rule, the
 * copy clusters, and what changed since an earlier check. Errors come first:
 * copying is one row per cluster of reports that copy each other, not one
 * per report, so a few hundred rows of 内容雷同 cannot bury the 勾稽 errors.
 * Copy findings join clusters through the report each names as copied
 * (xxgk_finding.related), by union-find (Tarjan 1975).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xxgk/aggregate.h"
#include "xxgk/compose.h"
#include "xxgk/track.h"
#include "../common/common_int.h"

typedef struct {
	char sha256[65];
	char *body_key, *agency_name, *region_code, *region_name, *source_name;   /* owned */
	int level, year;
	char published[16];
	double fig[XXGK_FIG_COUNT];   /* the figures compared year on year (xxgk_report_figure) */
	uint32_t fig_known;           /* bit f: fig[f] is the report's (every cell of it a number) */
	uint32_t fig_inferred;        /* bit f: a cell of fig[f] was not printed but inferred */
} review_body;

struct xxgk_review {
	review_body *bodies;
	size_t body_count, body_cap;
	xxgk_finding *findings;
	size_t finding_count, finding_cap;
	const xxgk_gazetteer *gaz;       /* borrowed, may be NULL */
	const xxgk_deadlines *deadlines; /* borrowed, may be NULL: the data directory's, loaded when needed */
	bool has_changes;
	char *since;
	xxgk_tracked_list before, now;   /* borrowed from the caller until the workbook is made */
	xxgk_track_changes changes;      /* owned copies of the index lists */
};

const char *const xxgk_review_problem_sheet[3] = { "问题清单", "problems", NULL };

/* The mark a copy cluster's 状态 shows when its members differ; read back as "no change". */
#define REVIEW_MIXED "（多种）"

int xxgk_review_new(xxgk_review **out)
{
	*out = calloc(1, sizeof **out);
	return *out ? XXGK_OK : XXGK_ENOMEM;
}

void xxgk_review_free(xxgk_review *rv)
{
	if (!rv)
		return;
	for (size_t i = 0; i < rv->body_count; i++) {
		review_body *b = &rv->bodies[i];
		free(b->body_key);
		free(b->agency_name);
		free(b->region_code);
		free(b->region_name);
		free(b->source_name);
	}
	free(rv->bodies);
	for (size_t i = 0; i < rv->finding_count; i++)
		free(rv->findings[i].blame);
	free(rv->findings);
	free(rv->since);
	xxgk_track_changes_free(&rv->changes);
	free(rv);
}

static char *review_dup(const char *s)
{
	return xxgk_strdup(s ? s : "");
}

void xxgk_review_use_gazetteer(xxgk_review *rv, const xxgk_gazetteer *g)
{
	rv->gaz = g;
}

void xxgk_review_use_deadlines(xxgk_review *rv, const struct xxgk_deadlines *d)
{
	rv->deadlines = d;
}

/* "湖北省孝感市汉川市分水镇" from the gazetteer, province first. */
static void review_region_path(xxgk_buf *b, const xxgk_gazetteer *g, const char *code)
{
	const xxgk_region *chain[8];
	int n = 0;
	const xxgk_region *x = g && code ? xxgk_gazetteer_find(g, code) : NULL;
	while (x && n < 8) {
		chain[n++] = x;
		x = x->parent >= 0 ? xxgk_gazetteer_at(g, (size_t)x->parent) : NULL;
	}
	while (n > 0) {
		n--;
		if (!chain[n]->placeholder)
			xxgk_buf_puts(b, chain[n]->name);
	}
}

int xxgk_review_add_report(xxgk_review *rv, const xxgk_report *r, const char *body_key)
{
	if (rv->body_count == rv->body_cap) {
		size_t cap = rv->body_cap ? rv->body_cap * 2 : 64;
		review_body *n = realloc(rv->bodies, cap * sizeof *n);
		if (!n)
			return XXGK_ENOMEM;
		rv->bodies = n;
		rv->body_cap = cap;
	}
	review_body *b = &rv->bodies[rv->body_count];
	memset(b, 0, sizeof *b);
	char key[512];
	if (!body_key) {
		xxgk_report_body_key(key, sizeof key, r);
		body_key = key;
	}
	xxgk_buf path;
	xxgk_buf_init(&path);
	for (size_t i = 0; i < r->region_path_count; i++)
		xxgk_buf_puts(&path, r->region_path[i]);
	if (!r->region_path_count)
		review_region_path(&path, rv->gaz, r->region_code);
	snprintf(b->sha256, sizeof b->sha256, "%s", r->sha256);
	snprintf(b->published, sizeof b->published, "%s", r->published);
	b->level = r->level;
	b->year = r->year;
	for (int f = 0; f < XXGK_FIG_COUNT; f++) {
		bool known = false;
		b->fig[f] = xxgk_report_figure(r, f, &known);
		if (known)
			b->fig_known |= 1u << f;
		if (xxgk_report_figure_inferred(r, f))
			b->fig_inferred |= 1u << f;
	}
	b->body_key = review_dup(body_key);
	b->agency_name = review_dup(r->agency_name);
	b->region_code = review_dup(r->region_code);
	b->region_name = review_dup(path.data);
	b->source_name = review_dup(r->source_name);
	xxgk_buf_free(&path);
	rv->body_count++;
	if (!b->body_key || !b->agency_name || !b->region_code || !b->region_name || !b->source_name)
		return XXGK_ENOMEM;   /* the body stays, freed with the review */
	return XXGK_OK;
}

int xxgk_review_add_findings(xxgk_review *rv, const xxgk_finding *items, size_t count)
{
	if (rv->finding_count + count > rv->finding_cap) {
		size_t cap = rv->finding_cap ? rv->finding_cap : 256;
		while (cap < rv->finding_count + count)
			cap *= 2;
		xxgk_finding *n = realloc(rv->findings, cap * sizeof *n);
		if (!n)
			return XXGK_ENOMEM;
		rv->findings = n;
		rv->finding_cap = cap;
	}
	/* deep copies: a finding owns its localisation */
	for (size_t i = 0; i < count; i++) {
		if (xxgk_finding_copy(&rv->findings[rv->finding_count], &items[i]) != XXGK_OK)
			return XXGK_ENOMEM;
		rv->finding_count++;
	}
	return XXGK_OK;
}

static size_t *review_copy_idx(const size_t *v, size_t n)
{
	size_t *c = malloc((n ? n : 1) * sizeof *c);
	if (c && n)
		memcpy(c, v, n * sizeof *c);
	return c;
}

int xxgk_review_set_changes(xxgk_review *rv, const char *since, const xxgk_tracked_list *before,
			    const xxgk_tracked_list *now, const xxgk_track_changes *c)
{
	xxgk_track_changes_free(&rv->changes);
	free(rv->since);
	rv->since = review_dup(since);
	rv->before = *before;
	rv->now = *now;
	rv->changes.added = review_copy_idx(c->added, c->added_count);
	rv->changes.fixed = review_copy_idx(c->fixed, c->fixed_count);
	rv->changes.still = review_copy_idx(c->still, c->still_count);
	rv->changes.added_count = c->added_count;
	rv->changes.fixed_count = c->fixed_count;
	rv->changes.still_count = c->still_count;
	rv->has_changes = true;
	if (!rv->since || !rv->changes.added || !rv->changes.fixed || !rv->changes.still)
		return XXGK_ENOMEM;
	return XXGK_OK;
}

/* ---- what a rule is called, and what the body is asked to do ---- */

static const char *review_severity_label(int sev)
{
	return sev == XXGK_SEV_ERROR ? "错误" : sev == XXGK_SEV_WARNING ? "警告" : "提示";
}

static const char *review_rule_name(const char *rule)
{
	/* the names of docs/checks.md, in the words of a 通报 */
	static const char *const names[][2] = {
		{ "t3.balance", "表三勾稽关系（一+二=三+四）" }, { "t3.results_sum", "表三办理结果合计" },
		{ "t3.row_sum", "表三申请人合计" }, { "t4.sum", "表四复议诉讼合计" },
		{ "t3.carry_continuity", "上年结转与上年报告不衔接" }, { "t2.valid_continuity", "现行有效件数不衔接" },
		{ "value.negative", "负数" }, { "value.non_integer", "件数带小数" }, { "cells.blank", "未填写数字" },
		{ "cells.missing", "行内少数字" }, { "cells.extra", "行内多数字" }, { "cells.unreadable", "数字无法辨认" },
		{ "table.missing", "缺少表格" }, { "template.old", "使用旧版格式" },
		{ "template.part_missing", "缺少组成部分" }, { "text.table_mismatch", "正文与表格不一致" },
		{ "copy.narrative", "正文雷同" }, { "copy.table", "表格数字雷同" }, { "fees.unexplained", "收费未作说明" },
		{ "region.unresolved", "区划未识别" }, { "region.ambiguous", "区划有歧义" },
		{ "year.table_repeated", "表格与上年逐格相同" }, { "year.narrative_repeated", "正文重复上年" },
		{ "version.edited", "同一年度有多个版本" }, { "scan.unconfirmed", "扫描件数字待核对" },
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(names[i][0], rule))
			return names[i][1];
	return rule;
}

static const char *review_rule_require(const char *rule)
{
	if (!strncmp(rule, "copy.", 5))
		return "结合本单位本年度实际重新撰写或填报，不得照搬其他单位或往年报告";
	if (!strncmp(rule, "cells.", 6) || !strncmp(rule, "table.", 6) || !strncmp(rule, "template.", 9))
		return "按国办公开办函〔2021〕30号规定的格式补齐内容，更正后重新发布";
	if (!strcmp(rule, "text.table_mismatch"))
		return "核实正文和表格的数字，统一后更正并重新发布";
	if (!strcmp(rule, "fees.unexplained"))
		return "在报告第六部分说明收费的依据和情况";
	return "核对原始台账，更正有误的数字，更正后重新发布并注明更正情况";
}

/* ---- the sheets ---- */

static const char *const review_levels_zh[] = { "未知", "省级", "市级", "县级", "乡镇（街道）", "部门" };

enum { S_CODE, S_REGION, S_AGENCY, S_LEVEL, S_YEAR, S_PUBLISHED, S_ON_TIME, S_DEADLINE, S_ERRORS, S_WARNINGS, S_COPIES, S_OPEN, S_FIXED,
       S_WAIVED, S_VERIFIED, S_STATE, S_FILE, S_SHA, S_COLS };
static const xxgk_wb_column summary_cols[S_COLS] = {
	[S_CODE] = { { "区划代码", "region_code" }, 12, false, NULL },
	[S_REGION] = { { "区划", "region" }, 28, false, NULL },
	[S_AGENCY] = { { "单位", "agency" }, 24, false, NULL },
	[S_LEVEL] = { { "级别", "level" }, 10, false, NULL },
	[S_YEAR] = { { "年度", "year" }, 7, false, NULL },
	[S_PUBLISHED] = { { "发布日期", "published" }, 11, false, NULL },
	[S_ON_TIME] = { { "按时", "on_time" }, 14, false, NULL },
	[S_DEADLINE] = { { "发布时限", "deadline" }, 11, false, NULL },
	[S_ERRORS] = { { "错误", "errors" }, 7, false, NULL },
	[S_WARNINGS] = { { "警告", "warnings" }, 7, false, NULL },
	[S_COPIES] = { { "雷同", "copying" }, 7, false, NULL },
	[S_OPEN] = { { "待整改", "open" }, 8, false, NULL },
	[S_FIXED] = { { "已整改", "fixed" }, 8, false, NULL },
	[S_WAIVED] = { { "豁免", "waived" }, 7, false, NULL },
	[S_VERIFIED] = { { "复核通过", "verified" }, 9, false, NULL },
	[S_STATE] = { { "状态", "status" }, 12, false, NULL },
	[S_FILE] = { { "文件", "file" }, 30, false, NULL },
	[S_SHA] = { { "报告SHA256", "report_sha256" }, 20, false, NULL },
};

enum { P_ID, P_CODE, P_AGENCY, P_YEAR, P_TABLE, P_ROW, P_COL, P_RULE, P_RULE_ID, P_SEVERITY, P_MESSAGE, P_FIX,
       P_LINE, P_STATUS, P_REQUIRE, P_WHO, P_DATE, P_NOTE, P_FILE, P_COLS };
static const xxgk_wb_column problem_cols[P_COLS] = {
	[P_ID] = { { "编号", "id" }, 18, true, NULL },
	[P_CODE] = { { "区划代码", "region_code" }, 12, false, NULL },
	[P_AGENCY] = { { "单位", "agency" }, 22, true, NULL },
	[P_YEAR] = { { "年度", "year" }, 7, false, NULL },
	[P_TABLE] = { { "表", "table" }, 7, false, NULL },
	[P_ROW] = { { "行", "row" }, 22, true, NULL },
	[P_COL] = { { "列", "column" }, 10, false, NULL },
	[P_RULE] = { { "规则", "rule" }, 20, true, NULL },
	[P_RULE_ID] = { { "规则代码", "rule_id" }, 16, false, NULL },
	[P_SEVERITY] = { { "严重程度", "severity" }, 9, false, NULL },
	[P_MESSAGE] = { { "说明", "message" }, 50, true, NULL },
	[P_FIX] = { { "可能有误的数字", "likely_wrong" }, 40, true, NULL },
	[P_LINE] = { { "原文行号", "line" }, 9, false, NULL },
	[P_STATUS] = { { "状态", "status" }, 10, false, xxgk_status_labels },
	[P_REQUIRE] = { { "整改要求", "requirement" }, 36, true, NULL },
	[P_WHO] = { { "处理人", "who" }, 10, false, NULL },
	[P_DATE] = { { "处理日期", "date" }, 11, false, NULL },
	[P_NOTE] = { { "处理说明", "note" }, 30, true, NULL },
	[P_FILE] = { { "文件", "file" }, 26, false, NULL },
};

enum { R_RULE, R_RULE_ID, R_SEVERITY, R_COUNT, R_BODIES, R_OPEN, R_FIXED, R_WAIVED, R_VERIFIED, R_COLS };
static const xxgk_wb_column rule_cols[R_COLS] = {
	[R_RULE] = { { "规则", "rule" }, 26, false, NULL },
	[R_RULE_ID] = { { "规则代码", "rule_id" }, 20, false, NULL },
	[R_SEVERITY] = { { "严重程度", "severity" }, 9, false, NULL },
	[R_COUNT] = { { "问题数", "findings" }, 8, false, NULL },
	[R_BODIES] = { { "涉及报告", "reports" }, 9, false, NULL },
	[R_OPEN] = { { "待整改", "open" }, 8, false, NULL },
	[R_FIXED] = { { "已整改", "fixed" }, 8, false, NULL },
	[R_WAIVED] = { { "豁免", "waived" }, 7, false, NULL },
	[R_VERIFIED] = { { "复核通过", "verified" }, 9, false, NULL },
};

enum { C_GROUP, C_KIND, C_SIZE, C_CODE, C_AGENCY, C_YEAR, C_ROLE, C_ID, C_FILE, C_COLS };
static const xxgk_wb_column copy_cols[C_COLS] = {
	[C_GROUP] = { { "组号", "cluster" }, 7, false, NULL },
	[C_KIND] = { { "类型", "kind" }, 12, false, NULL },
	[C_SIZE] = { { "份数", "reports" }, 7, false, NULL },
	[C_CODE] = { { "区划代码", "region_code" }, 12, false, NULL },
	[C_AGENCY] = { { "单位", "agency" }, 24, false, NULL },
	[C_YEAR] = { { "年度", "year" }, 7, false, NULL },
	[C_ROLE] = { { "情形", "role" }, 16, false, NULL },
	[C_ID] = { { "编号", "id" }, 18, false, NULL },
	[C_FILE] = { { "文件", "file" }, 26, false, NULL },
};

enum { D_CHANGE, D_ID, D_CODE, D_AGENCY, D_YEAR, D_RULE, D_SEVERITY, D_MESSAGE, D_STATUS, D_COLS };
static const xxgk_wb_column change_cols[D_COLS] = {
	[D_CHANGE] = { { "变化", "change" }, 9, false, NULL },
	[D_ID] = { { "编号", "id" }, 18, false, NULL },
	[D_CODE] = { { "区划代码", "region_code" }, 12, false, NULL },
	[D_AGENCY] = { { "单位", "agency" }, 22, false, NULL },
	[D_YEAR] = { { "年度", "year" }, 7, false, NULL },
	[D_RULE] = { { "规则", "rule" }, 20, false, NULL },
	[D_SEVERITY] = { { "严重程度", "severity" }, 9, false, NULL },
	[D_MESSAGE] = { { "说明", "message" }, 50, true, NULL },
	[D_STATUS] = { { "状态", "status" }, 10, false, NULL },
};

typedef struct {
	const xxgk_review *rv;
	const xxgk_statuses *statuses; /* borrowed, may be NULL */
	const xxgk_deadlines *deadlines; /* borrowed */
	size_t *body_by_sha;     /* body indices sorted by sha256 */
	size_t *finding_body;    /* each finding's body index, or SIZE_MAX */
} review_ctx;

/* A sort key that carries what its comparison needs (qsort has no context argument in C11). */
typedef struct {
	const char *a, *b, *c;
	int n1, n2;
	size_t index;
} review_key;

static int review_cmp_key(const void *pa, const void *pb)
{
	const review_key *x = pa, *y = pb;
	int d = x->n1 - y->n1;
	if (!d)
		d = strcmp(x->a, y->a);
	if (!d)
		d = strcmp(x->b, y->b);
	if (!d)
		d = x->n2 - y->n2;
	if (!d)
		d = strcmp(x->c, y->c);
	if (!d)
		d = x->index < y->index ? -1 : x->index > y->index;
	return d;
}

static size_t review_body_of(const review_ctx *c, const char *sha)
{
	size_t lo = 0, hi = c->rv->body_count;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int d = strcmp(c->rv->bodies[c->body_by_sha[mid]].sha256, sha);
		if (d == 0)
			return c->body_by_sha[mid];
		if (d < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return SIZE_MAX;
}

#define T(s, col, v) do { if (xxgk_wb_text((s), (col), (v)) != XXGK_OK) return XXGK_ENOMEM; } while (0)
#define ROW(s) do { if (!xxgk_wb_add_row(s)) return XXGK_ENOMEM; } while (0)

static bool review_is_problem(const xxgk_finding *f)
{
	return f->severity != XXGK_SEV_INFO;
}

static bool review_is_copy(const xxgk_finding *f)
{
	return !strncmp(f->rule, "copy.", 5);
}

static int review_summary(xxgk_workbook *wb, review_ctx *c)
{
	const xxgk_review *rv = c->rv;
	xxgk_wb_sheet *s = xxgk_workbook_add_sheet(wb, "汇总", "summary", summary_cols, S_COLS);
	if (!s)
		return XXGK_ENOMEM;
	size_t (*n)[8] = calloc(rv->body_count ? rv->body_count : 1, sizeof *n);
	if (!n)
		return XXGK_ENOMEM;
	for (size_t i = 0; i < rv->finding_count; i++) {
		const xxgk_finding *f = &rv->findings[i];
		size_t b = c->finding_body[i];
		if (b == SIZE_MAX || !review_is_problem(f))
			continue;
		if (review_is_copy(f))
			n[b][2]++;
		else
			n[b][f->severity == XXGK_SEV_ERROR ? 0 : 1]++;
		n[b][3 + (f->status < XXGK_STATUS_COUNT ? f->status : 0)]++;
	}
	int rc = XXGK_OK;
	for (size_t b = 0; b < rv->body_count && rc == XXGK_OK; b++) {
		const review_body *x = &rv->bodies[b];
		if (!xxgk_wb_add_row(s)) {
			rc = XXGK_ENOMEM;
			break;
		}
		rc |= xxgk_wb_text(s, S_CODE, x->region_code);
		rc |= xxgk_wb_text(s, S_REGION, x->region_name);
		rc |= xxgk_wb_text(s, S_AGENCY, x->agency_name);
		rc |= xxgk_wb_text(s, S_LEVEL, review_levels_zh[x->level >= 0 && x->level <= 5 ? x->level : 0]);
		if (x->year)
			xxgk_wb_number(s, S_YEAR, x->year);
		rc |= xxgk_wb_text(s, S_PUBLISHED, x->published);
		/* on time by the deadline of its level (data/deadlines.csv); with no date, never guessed */
		char deadline[16] = "", on_time[48];
		int late = 0;
		int pub = xxgk_publication_status(c->deadlines, x->level, x->year, x->published, deadline, &late);
		if (pub == XXGK_PUBLISHED_ON_TIME)
			snprintf(on_time, sizeof on_time, "按时");
		else if (pub == XXGK_PUBLISHED_LATE)
			snprintf(on_time, sizeof on_time, "逾期%d天", late);
		else
			snprintf(on_time, sizeof on_time, "%s", x->published[0] ? "无法判断" : "未载明发布日期");
		rc |= xxgk_wb_text(s, S_ON_TIME, on_time);
		rc |= xxgk_wb_text(s, S_DEADLINE, deadline);
		xxgk_wb_number(s, S_ERRORS, (double)n[b][0]);
		xxgk_wb_number(s, S_WARNINGS, (double)n[b][1]);
		xxgk_wb_number(s, S_COPIES, (double)n[b][2]);
		xxgk_wb_number(s, S_OPEN, (double)n[b][3 + XXGK_STATUS_OPEN]);
		xxgk_wb_number(s, S_FIXED, (double)n[b][3 + XXGK_STATUS_FIXED]);
		xxgk_wb_number(s, S_WAIVED, (double)n[b][3 + XXGK_STATUS_WAIVED]);
		xxgk_wb_number(s, S_VERIFIED, (double)n[b][3 + XXGK_STATUS_VERIFIED]);
		size_t total = n[b][0] + n[b][1] + n[b][2];
		const char *state = !total ? "无问题"
				    : n[b][3 + XXGK_STATUS_OPEN] ? "待整改"
				    : n[b][3 + XXGK_STATUS_FIXED] ? "已整改待复核" : "已完成";
		rc |= xxgk_wb_text(s, S_STATE, state);
		rc |= xxgk_wb_text(s, S_FILE, x->source_name);
		rc |= xxgk_wb_text(s, S_SHA, x->sha256);
	}
	free(n);
	return rc ? XXGK_ENOMEM : XXGK_OK;
}

/* The problems sheet's order: errors, then warnings; by region, body, year, rule, cell. */
static void review_problem_key(review_key *k, const review_ctx *c, size_t i)
{
	const xxgk_finding *f = &c->rv->findings[i];
	size_t b = c->finding_body[i];
	const review_body *x = b == SIZE_MAX ? NULL : &c->rv->bodies[b];
	k->n1 = f->severity;
	k->a = x ? x->region_code : "";
	k->b = x ? x->agency_name : "";
	k->n2 = x ? x->year : 0;
	k->c = f->rule;
	k->index = i;
}

static int review_problem_row(xxgk_wb_sheet *s, const review_ctx *c, size_t i)
{
	const xxgk_finding *f = &c->rv->findings[i];
	size_t bi = c->finding_body[i];
	const review_body *b = bi == SIZE_MAX ? NULL : &c->rv->bodies[bi];
	const char *table, *row, *col;
	xxgk_path_labels(f->where, &table, &row, &col);
	ROW(s);
	T(s, P_ID, f->id);
	if (b) {
		T(s, P_CODE, b->region_code);
		T(s, P_AGENCY, b->agency_name);
		if (b->year)
			xxgk_wb_number(s, P_YEAR, b->year);
		T(s, P_FILE, b->source_name);
	}
	T(s, P_TABLE, table);
	T(s, P_ROW, row);
	T(s, P_COL, col);
	T(s, P_RULE, review_rule_name(f->rule));
	T(s, P_RULE_ID, f->rule);
	T(s, P_SEVERITY, review_severity_label(f->severity));
	T(s, P_MESSAGE, f->message);
	T(s, P_FIX, xxgk_finding_fix(f));
	if (f->line)
		xxgk_wb_number(s, P_LINE, f->line);
	T(s, P_STATUS, xxgk_status_label(f->status));
	T(s, P_REQUIRE, review_rule_require(f->rule));
	const xxgk_status_record *r = c->statuses ? xxgk_statuses_find(c->statuses, f->id) : NULL;
	if (r) {
		T(s, P_WHO, r->who);
		char day[11] = "";
		if (r->at)   /* the day of an ISO 8601 time */
			snprintf(day, sizeof day, "%s", r->at);
		T(s, P_DATE, day);
		T(s, P_NOTE, r->why);
	} else if (f->status == XXGK_STATUS_WAIVED) {
		T(s, P_NOTE, f->waiver);
	}
	return XXGK_OK;
}

/* Union-find over report hashes (the reports copy findings name: the copying one and the copied). */
typedef struct {
	const char **sha;    /* sorted, unique; borrowed from the findings */
	size_t *parent;
	size_t count;
} review_uf;

static size_t uf_find(review_uf *u, size_t i)
{
	while (u->parent[i] != i) {
		u->parent[i] = u->parent[u->parent[i]];
		i = u->parent[i];
	}
	return i;
}

static int uf_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static size_t uf_node(const review_uf *u, const char *sha)
{
	const char **p = bsearch(&sha, u->sha, u->count, sizeof *u->sha, uf_cmp);
	return p ? (size_t)(p - u->sha) : SIZE_MAX;
}

typedef struct {
	size_t *members;     /* nodes of the union-find, in hash order */
	size_t member_count;
	size_t *findings;    /* the copy findings of the cluster (review indices), in order */
	size_t finding_count;
	size_t first;        /* its first finding, for the order of clusters */
} review_cluster;

static int review_cmp_cluster(const void *a, const void *b)
{
	const review_cluster *x = a, *y = b;
	return x->first < y->first ? -1 : x->first > y->first;
}

static void review_clusters_free(review_cluster *cl, size_t n);

/* The clusters of one copy rule, in the order of their first finding. */
static int review_clusters(const review_ctx *c, const char *rule, review_uf *u, review_cluster **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	const xxgk_review *rv = c->rv;
	size_t nf = 0;
	for (size_t i = 0; i < rv->finding_count; i++)
		nf += !strcmp(rv->findings[i].rule, rule);
	if (!nf)
		return XXGK_OK;
	u->sha = malloc(2 * nf * sizeof *u->sha);
	u->parent = malloc(2 * nf * sizeof *u->parent);
	size_t *cluster_of = malloc(2 * nf * sizeof *cluster_of);
	review_cluster *cl = calloc(2 * nf, sizeof *cl);
	size_t count = 0;
	int rc = u->sha && u->parent && cluster_of && cl ? XXGK_OK : XXGK_ENOMEM;
	for (size_t i = 0; i < rv->finding_count && rc == XXGK_OK; i++) {
		const xxgk_finding *f = &rv->findings[i];
		if (strcmp(f->rule, rule))
			continue;
		u->sha[u->count++] = f->report;
		if (f->related[0])
			u->sha[u->count++] = f->related;
	}
	if (rc == XXGK_OK) {
		qsort(u->sha, u->count, sizeof *u->sha, uf_cmp);
		size_t k = 0;
		for (size_t i = 0; i < u->count; i++)
			if (!k || strcmp(u->sha[k - 1], u->sha[i]))
				u->sha[k++] = u->sha[i];
		u->count = k;
		for (size_t i = 0; i < u->count; i++)
			u->parent[i] = i;
		for (size_t i = 0; i < rv->finding_count; i++) {
			const xxgk_finding *f = &rv->findings[i];
			if (strcmp(f->rule, rule) || !f->related[0])
				continue;
			size_t a = uf_find(u, uf_node(u, f->report)), b = uf_find(u, uf_node(u, f->related));
			if (a != b)
				u->parent[a < b ? b : a] = a < b ? a : b;
		}
		/* a cluster per root; members in hash order */
		for (size_t i = 0; i < u->count; i++)
			cluster_of[i] = SIZE_MAX;
		for (size_t i = 0; i < u->count && rc == XXGK_OK; i++) {
			size_t root = uf_find(u, i);
			if (cluster_of[root] == SIZE_MAX) {
				cluster_of[root] = count;
				cl[count].first = SIZE_MAX;
				count++;
			}
			review_cluster *x = &cl[cluster_of[root]];
			size_t *m = realloc(x->members, (x->member_count + 1) * sizeof *m);
			if (!m) {
				rc = XXGK_ENOMEM;
				break;
			}
			x->members = m;
			x->members[x->member_count++] = i;
		}
	}
	for (size_t i = 0; i < rv->finding_count && rc == XXGK_OK; i++) {
		const xxgk_finding *f = &rv->findings[i];
		if (strcmp(f->rule, rule))
			continue;
		review_cluster *x = &cl[cluster_of[uf_find(u, uf_node(u, f->report))]];
		size_t *m = realloc(x->findings, (x->finding_count + 1) * sizeof *m);
		if (!m) {
			rc = XXGK_ENOMEM;
			break;
		}
		x->findings = m;
		x->findings[x->finding_count++] = i;
		if (x->first == SIZE_MAX)
			x->first = i;
	}
	free(cluster_of);
	if (rc != XXGK_OK) {
		review_clusters_free(cl, count);
		return rc;
	}
	qsort(cl, count, sizeof *cl, review_cmp_cluster);
	*out = cl;
	*n = count;
	return XXGK_OK;
}

static void review_clusters_free(review_cluster *cl, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		free(cl[k].findings);
		free(cl[k].members);
	}
	free(cl);
}

/* One problems row for a whole cluster: every member's id in 编号, its bodies in 单位. */
static int review_cluster_row(xxgk_wb_sheet *s, const review_ctx *c, const review_uf *u, const review_cluster *cl,
			      const char *rule)
{
	const xxgk_review *rv = c->rv;
	xxgk_buf ids, names, years, detail;
	xxgk_buf_init(&ids);
	xxgk_buf_init(&names);
	xxgk_buf_init(&years);
	xxgk_buf_init(&detail);
	int status = -1;
	bool mixed = false;
	for (size_t k = 0; k < cl->finding_count; k++) {
		const xxgk_finding *f = &rv->findings[cl->findings[k]];
		xxgk_buf_printf(&ids, "%s%s", k ? " " : "", f->id);
		if (status >= 0 && status != f->status)
			mixed = true;
		status = f->status;
	}
	bool narrative = !strcmp(rule, "copy.narrative");
	xxgk_buf_printf(&detail, "%zu 份报告%s：", cl->member_count, narrative ? "正文高度雷同" : "表二至表四的数字完全相同");
	for (size_t m = 0; m < cl->member_count; m++) {
		size_t b = review_body_of(c, u->sha[cl->members[m]]);
		const char *name = b == SIZE_MAX ? "（不在本次审核范围内的报告）" : rv->bodies[b].agency_name;
		if (m < 5)
			xxgk_buf_printf(&names, "%s%s", m ? "、" : "", name);
		xxgk_buf_printf(&detail, "%s%s", m ? "、" : "", name);
		if (b != SIZE_MAX && rv->bodies[b].year)
			xxgk_buf_printf(&detail, "（%d）", rv->bodies[b].year);
	}
	if (cl->member_count > 5)
		xxgk_buf_printf(&names, " 等 %zu 个单位", cl->member_count);
	/* the members' years, each once, ascending */
	int first_year = 0, year_count = 0;
	for (int y = 1990; y <= 2100; y++)
		for (size_t m = 0; m < cl->member_count; m++) {
			size_t b = review_body_of(c, u->sha[cl->members[m]]);
			if (b != SIZE_MAX && rv->bodies[b].year == y) {
				xxgk_buf_printf(&years, "%s%d", years.len ? "、" : "", y);
				if (!year_count++)
					first_year = y;
				break;
			}
		}
	int rc = XXGK_OK;
	if (ids.failed || names.failed || years.failed || detail.failed || !xxgk_wb_add_row(s))
		rc = XXGK_ENOMEM;
	if (rc == XXGK_OK) {
		rc |= xxgk_wb_text(s, P_ID, ids.data);
		rc |= xxgk_wb_text(s, P_AGENCY, names.data);
		if (year_count == 1)   /* one year: a number, as in the other rows */
			xxgk_wb_number(s, P_YEAR, first_year);
		else
			rc |= xxgk_wb_text(s, P_YEAR, years.data);
		rc |= xxgk_wb_text(s, P_TABLE, narrative ? "正文" : "表二至表四");
		rc |= xxgk_wb_text(s, P_RULE, review_rule_name(rule));
		rc |= xxgk_wb_text(s, P_RULE_ID, rule);
		rc |= xxgk_wb_text(s, P_SEVERITY, review_severity_label(XXGK_SEV_WARNING));
		rc |= xxgk_wb_text(s, P_MESSAGE, detail.data);
		rc |= xxgk_wb_text(s, P_STATUS, mixed ? REVIEW_MIXED : xxgk_status_label(status < 0 ? 0 : status));
		rc |= xxgk_wb_text(s, P_REQUIRE, review_rule_require(rule));
		rc = rc ? XXGK_ENOMEM : XXGK_OK;
	}
	xxgk_buf_free(&ids);
	xxgk_buf_free(&names);
	xxgk_buf_free(&years);
	xxgk_buf_free(&detail);
	return rc;
}

static int review_copy_rows(xxgk_wb_sheet *cs, const review_ctx *c, const review_uf *u, const review_cluster *cl,
			    size_t group, const char *rule)
{
	const xxgk_review *rv = c->rv;
	for (size_t m = 0; m < cl->member_count; m++) {
		const char *sha = u->sha[cl->members[m]];   /* a report of the cluster */
		size_t b = review_body_of(c, sha);
		const xxgk_finding *f = NULL;
		for (size_t k = 0; k < cl->finding_count && !f; k++)
			if (!strcmp(rv->findings[cl->findings[k]].report, sha))
				f = &rv->findings[cl->findings[k]];
		ROW(cs);
		xxgk_wb_number(cs, C_GROUP, (double)group);
		T(cs, C_KIND, !strcmp(rule, "copy.narrative") ? "正文雷同" : "表格数字雷同");
		xxgk_wb_number(cs, C_SIZE, (double)cl->member_count);
		if (b != SIZE_MAX) {
			T(cs, C_CODE, rv->bodies[b].region_code);
			T(cs, C_AGENCY, rv->bodies[b].agency_name);
			if (rv->bodies[b].year)
				xxgk_wb_number(cs, C_YEAR, rv->bodies[b].year);
			T(cs, C_FILE, rv->bodies[b].source_name);
		} else {
			T(cs, C_AGENCY, sha);
		}
		T(cs, C_ROLE, f ? "与组内较早的报告雷同" : "组内最早的报告");
		if (f)
			T(cs, C_ID, f->id);
	}
	return XXGK_OK;
}

static int review_problems(xxgk_workbook *wb, review_ctx *c)
{
	const xxgk_review *rv = c->rv;
	xxgk_wb_sheet *s = xxgk_workbook_add_sheet(wb, "问题清单", "problems", problem_cols, P_COLS);
	if (!s)
		return XXGK_ENOMEM;
	review_key *order = malloc((rv->finding_count ? rv->finding_count : 1) * sizeof *order);
	if (!order)
		return XXGK_ENOMEM;
	size_t n = 0;
	for (size_t i = 0; i < rv->finding_count; i++)
		if (review_is_problem(&rv->findings[i]) && !review_is_copy(&rv->findings[i]))
			review_problem_key(&order[n++], c, i);
	qsort(order, n, sizeof *order, review_cmp_key);
	int rc = XXGK_OK;
	for (size_t k = 0; k < n && rc == XXGK_OK; k++)
		rc = review_problem_row(s, c, order[k].index);
	free(order);
	/* copies: one row per cluster here, each member in the copies sheet */
	static const char *const rules[] = { "copy.narrative", "copy.table" };
	xxgk_wb_sheet *cs = NULL;
	size_t group = 0;
	for (size_t r = 0; r < 2 && rc == XXGK_OK; r++) {
		review_uf u = { NULL, NULL, 0 };
		review_cluster *cl = NULL;
		size_t ncl = 0;
		rc = review_clusters(c, rules[r], &u, &cl, &ncl);
		if (rc == XXGK_OK && ncl && !cs && !(cs = xxgk_workbook_add_sheet(wb, "内容雷同", "copies", copy_cols, C_COLS)))
			rc = XXGK_ENOMEM;
		/* the sheet pointer moves when the array of sheets grows: find it again */
		s = &wb->sheets[wb->sheet_count - (cs ? 2 : 1)];
		for (size_t k = 0; k < ncl && rc == XXGK_OK; k++) {
			rc = review_cluster_row(s, c, &u, &cl[k], rules[r]);
			if (rc == XXGK_OK)
				rc = review_copy_rows(&wb->sheets[wb->sheet_count - 1], c, &u, &cl[k], ++group, rules[r]);
		}
		review_clusters_free(cl, ncl);
		free(u.sha);
		free(u.parent);
	}
	return rc;
}

static int review_rules(xxgk_workbook *wb, review_ctx *c)
{
	const xxgk_review *rv = c->rv;
	xxgk_wb_sheet *s = xxgk_workbook_add_sheet(wb, "规则汇总", "rules", rule_cols, R_COLS);
	if (!s)
		return XXGK_ENOMEM;
	/* findings sorted by severity, rule and report: one pass counts each rule */
	review_key *k = malloc((rv->finding_count ? rv->finding_count : 1) * sizeof *k);
	if (!k)
		return XXGK_ENOMEM;
	for (size_t i = 0; i < rv->finding_count; i++)
		k[i] = (review_key){ .n1 = rv->findings[i].severity, .a = rv->findings[i].rule,
				     .b = rv->findings[i].report, .c = "", .index = i };
	qsort(k, rv->finding_count, sizeof *k, review_cmp_key);
	int rc = XXGK_OK;
	for (size_t i = 0; i < rv->finding_count && rc == XXGK_OK;) {
		size_t j = i, reports = 0, st[XXGK_STATUS_COUNT] = { 0 };
		while (j < rv->finding_count && k[j].n1 == k[i].n1 && !strcmp(k[j].a, k[i].a)) {
			reports += j == i || strcmp(k[j].b, k[j - 1].b) != 0;
			int status = rv->findings[k[j].index].status;
			st[status < XXGK_STATUS_COUNT ? status : 0]++;
			j++;
		}
		if (!xxgk_wb_add_row(s)) {
			rc = XXGK_ENOMEM;
			break;
		}
		rc |= xxgk_wb_text(s, R_RULE, review_rule_name(k[i].a));
		rc |= xxgk_wb_text(s, R_RULE_ID, k[i].a);
		rc |= xxgk_wb_text(s, R_SEVERITY, review_severity_label(k[i].n1));
		xxgk_wb_number(s, R_COUNT, (double)(j - i));
		xxgk_wb_number(s, R_BODIES, (double)reports);
		xxgk_wb_number(s, R_OPEN, (double)st[XXGK_STATUS_OPEN]);
		xxgk_wb_number(s, R_FIXED, (double)st[XXGK_STATUS_FIXED]);
		xxgk_wb_number(s, R_WAIVED, (double)st[XXGK_STATUS_WAIVED]);
		xxgk_wb_number(s, R_VERIFIED, (double)st[XXGK_STATUS_VERIFIED]);
		i = j;
	}
	free(k);
	return rc ? XXGK_ENOMEM : XXGK_OK;
}

/* ---- year on year: each body's figures against its report of the year before ---- */

enum { Y_CODE, Y_AGENCY, Y_YEAR, Y_PREV_YEAR, Y_FIGURE, Y_PREV, Y_CUR, Y_DELTA, Y_PCT, Y_NOTE, Y_FILE, Y_COLS };
static const xxgk_wb_column yoy_cols[Y_COLS] = {
	[Y_CODE] = { { "区划代码", "region_code" }, 12, false, NULL },
	[Y_AGENCY] = { { "单位", "agency" }, 22, false, NULL },
	[Y_YEAR] = { { "年度", "year" }, 7, false, NULL },
	[Y_PREV_YEAR] = { { "上年度", "prev_year" }, 7, false, NULL },
	[Y_FIGURE] = { { "指标", "figure" }, 16, false, NULL },
	[Y_PREV] = { { "上年", "prev" }, 10, false, NULL },
	[Y_CUR] = { { "本年", "value" }, 10, false, NULL },
	[Y_DELTA] = { { "增减", "change" }, 10, false, NULL },
	[Y_PCT] = { { "增减率（%）", "change_pct" }, 11, false, NULL },
	[Y_NOTE] = { { "说明", "note" }, 30, true, NULL },
	[Y_FILE] = { { "文件", "file" }, 26, false, NULL },
};

typedef struct {
	const review_body *b;
	size_t index;
} review_yoy_key;

/* By body, year, publication date, then the order given: a body-year's last is the version a reader sees. */
static int review_cmp_yoy(const void *pa, const void *pb)
{
	const review_yoy_key *x = pa, *y = pb;
	int d = strcmp(x->b->body_key, y->b->body_key);
	if (!d)
		d = (x->b->year > y->b->year) - (x->b->year < y->b->year);
	if (!d)
		d = strcmp(x->b->published, y->b->published);
	return d ? d : (x->index > y->index) - (x->index < y->index);
}

static int review_yoy_rows(xxgk_wb_sheet *s, const review_body *a, const review_body *b)
{
	for (int f = 0; f < XXGK_FIG_COUNT; f++) {
		bool ka = a->fig_known >> f & 1, kb = b->fig_known >> f & 1;
		ROW(s);
		T(s, Y_CODE, b->region_code);
		T(s, Y_AGENCY, b->agency_name);
		xxgk_wb_number(s, Y_YEAR, b->year);
		xxgk_wb_number(s, Y_PREV_YEAR, a->year);
		T(s, Y_FIGURE, xxgk_figure_label(f));
		T(s, Y_FILE, b->source_name);
		/* a figure with a blank or unreadable cell is left blank, never taken as 0 */
		if (ka)
			xxgk_wb_number(s, Y_PREV, a->fig[f]);
		if (kb)
			xxgk_wb_number(s, Y_CUR, b->fig[f]);
		char note[256] = "";
		size_t len = 0;
#define NOTE(...) (len += (size_t)snprintf(note + len, len < sizeof note ? sizeof note - len : 0, __VA_ARGS__))
		if (!ka || !kb)
			NOTE("%s报告此项有空格或无法读取的数字；", !ka && !kb ? "两年的" : !ka ? "上年" : "本年");
		if (ka && kb) {
			xxgk_wb_number(s, Y_DELTA, b->fig[f] - a->fig[f]);
			if (a->fig[f] > 0)
				xxgk_wb_number(s, Y_PCT, round((b->fig[f] - a->fig[f]) / a->fig[f] * 1000.0) / 10.0);
			else if (b->fig[f] != 0)
				NOTE("上年为0，无增减率；");
		}
		/* a number the table did not print but its own sums give: said beside it */
		if ((ka && a->fig_inferred >> f & 1) || (kb && b->fig_inferred >> f & 1))
			NOTE("%s此项含原表未印、由表内合计推算的数字；",
			     ka && kb && a->fig_inferred >> f & 1 && b->fig_inferred >> f & 1 ? "两年"
			     : ka && a->fig_inferred >> f & 1 ? "上年" : "本年");
#undef NOTE
		if (len >= 3 && len < sizeof note)
			note[len - 3] = '\0';   /* the last "；" */
		T(s, Y_NOTE, note);
	}
	return XXGK_OK;
}

static int review_yoy(xxgk_workbook *wb, const xxgk_review *rv)
{
	size_t n = rv->body_count;
	review_yoy_key *k = malloc((n ? n : 1) * sizeof *k);
	if (!k)
		return XXGK_ENOMEM;
	for (size_t i = 0; i < n; i++)
		k[i] = (review_yoy_key){ &rv->bodies[i], i };
	qsort(k, n, sizeof *k, review_cmp_yoy);
	xxgk_wb_sheet *s = NULL;
	const review_body *prev = NULL;   /* the body's report of the year before the group at hand */
	int rc = XXGK_OK;
	for (size_t i = 0; i < n && rc == XXGK_OK; i++) {
		const review_body *b = k[i].b;
		if (i + 1 < n && !strcmp(k[i + 1].b->body_key, b->body_key) && k[i + 1].b->year == b->year)
			continue;   /* not the last version of its body-year */
		/* a body known only by its document's hash has no other year */
		if (prev && !strcmp(prev->body_key, b->body_key) && prev->year + 1 == b->year && b->year > 0 &&
		    strncmp(b->body_key, "sha:", 4) != 0) {
			if (!s && !(s = xxgk_workbook_add_sheet(wb, "同比", "year_on_year", yoy_cols, Y_COLS)))
				rc = XXGK_ENOMEM;
			if (rc == XXGK_OK)
				rc = review_yoy_rows(s, prev, b);
		}
		prev = b;
	}
	free(k);
	return rc;
}

static int review_change_row(xxgk_wb_sheet *s, const char *change, const xxgk_tracked *t)
{
	ROW(s);
	T(s, D_CHANGE, change);
	T(s, D_ID, t->id);
	T(s, D_CODE, t->region_code);
	T(s, D_AGENCY, t->agency_name);
	if (t->year)
		xxgk_wb_number(s, D_YEAR, t->year);
	T(s, D_RULE, review_rule_name(t->rule));
	T(s, D_SEVERITY, review_severity_label(t->severity));
	T(s, D_MESSAGE, t->message);
	T(s, D_STATUS, xxgk_status_label(t->status));
	return XXGK_OK;
}

static int review_changes(xxgk_workbook *wb, const xxgk_review *rv)
{
	xxgk_wb_sheet *s = xxgk_workbook_add_sheet(wb, "变化", "changes", change_cols, D_COLS);
	if (!s)
		return XXGK_ENOMEM;
	const xxgk_track_changes *c = &rv->changes;
	for (size_t k = 0; k < c->added_count; k++)
		if (review_change_row(s, "新发现", &rv->now.items[c->added[k]]) != XXGK_OK)
			return XXGK_ENOMEM;
	for (size_t k = 0; k < c->fixed_count; k++)
		if (review_change_row(s, "已消除", &rv->before.items[c->fixed[k]]) != XXGK_OK)
			return XXGK_ENOMEM;
	for (size_t k = 0; k < c->still_count; k++)
		if (review_change_row(s, "仍存在", &rv->now.items[c->still[k]]) != XXGK_OK)
			return XXGK_ENOMEM;
	return XXGK_OK;
}

int xxgk_review_workbook(xxgk_workbook *out, const xxgk_review *rv, const xxgk_statuses *statuses)
{
	memset(out, 0, sizeof *out);
	review_ctx c = { .rv = rv, .statuses = statuses, .deadlines = rv->deadlines };
	xxgk_deadlines *own = NULL;
	if (!c.deadlines) {
		xxgk_error err;
		if (xxgk_deadlines_load(&own, NULL, &err) != XXGK_OK)
			return XXGK_EIO;
		c.deadlines = own;
	}
	c.body_by_sha = malloc((rv->body_count ? rv->body_count : 1) * sizeof *c.body_by_sha);
	c.finding_body = malloc((rv->finding_count ? rv->finding_count : 1) * sizeof *c.finding_body);
	review_key *k = malloc((rv->body_count ? rv->body_count : 1) * sizeof *k);
	int rc = c.body_by_sha && c.finding_body && k ? XXGK_OK : XXGK_ENOMEM;
	if (rc == XXGK_OK) {
		for (size_t i = 0; i < rv->body_count; i++)
			k[i] = (review_key){ .a = rv->bodies[i].sha256, .b = "", .c = "", .index = i };
		qsort(k, rv->body_count, sizeof *k, review_cmp_key);
		for (size_t i = 0; i < rv->body_count; i++)
			c.body_by_sha[i] = k[i].index;
		for (size_t i = 0; i < rv->finding_count; i++)
			c.finding_body[i] = review_body_of(&c, rv->findings[i].report);
		rc = review_summary(out, &c);
	}
	free(k);
	if (rc == XXGK_OK)
		rc = review_problems(out, &c);
	if (rc == XXGK_OK)
		rc = review_rules(out, &c);
	if (rc == XXGK_OK)
		rc = review_yoy(out, rv);
	if (rc == XXGK_OK && rv->has_changes)
		rc = review_changes(out, rv);
	xxgk_deadlines_free(own);
	free(c.body_by_sha);
	free(c.finding_body);
	if (rc != XXGK_OK)
		xxgk_workbook_free(out);
	return rc;
}
