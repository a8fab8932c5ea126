/*
 * rules.c — the rules on one report and on two consecutive years of one body
 * (include/xxgk/check.h; docs/checks.md has each rule's rationale).
 *
 * Sources: the printed rule under table 3 of 国办公开办函〔2021〕30号
 * ("第一项加第二项之和，等于第三项加第四项之和"), the template's own totals
 * (row 总计, （七）总计, table 4's 总计), and DOMAIN.md's list of what
 * supervisors find every year. A rule only runs where every cell it needs
 * carries a number: a blank is reported as a blank (cells.blank), never
 * read as 0 to make a sum come out.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_int.h"

static const char *const t3_col_names[XXGK_T3_COLS] = {
	"自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"
};
static const char *const t4_group_names[XXGK_T4_GROUPS] = {
	"行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）"
};
static const char *const t4_col_names[XXGK_T4_COLS] = { "结果维持", "结果纠正", "其他结果", "尚未审结", "总计" };
static const char *const part_names[6] = {
	"一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
	"四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"
};

const char *xxgk_severity_name(int severity)
{
	static const char *const names[] = { "error", "warning", "info" };
	return severity >= 0 && severity <= 2 ? names[severity] : "?";
}

void xxgk_findings_init(xxgk_findings *f)
{
	memset(f, 0, sizeof *f);
}

void xxgk_findings_free(xxgk_findings *f)
{
	free(f->items);
	xxgk_findings_init(f);
}

size_t xxgk_findings_errors(const xxgk_findings *f)
{
	size_t n = 0;
	for (size_t i = 0; i < f->count; i++)
		n += f->items[i].severity == XXGK_SEV_ERROR && !f->items[i].waived;
	return n;
}

xxgk_finding *check_vadd(xxgk_findings *out, const char *sha256, const char *rule, int severity,
			 const char *where, uint32_t line, const char *fmt, va_list ap)
{
	if (out->count == out->cap) {
		size_t cap = out->cap ? out->cap * 2 : 16;
		xxgk_finding *f = realloc(out->items, cap * sizeof *f);
		if (!f)
			return NULL;
		out->items = f;
		out->cap = cap;
	}
	xxgk_finding *f = &out->items[out->count++];
	memset(f, 0, sizeof *f);
	snprintf(f->report, sizeof f->report, "%s", sha256);
	snprintf(f->rule, sizeof f->rule, "%s", rule);
	f->severity = (uint8_t)severity;
	snprintf(f->where, sizeof f->where, "%s", where);
	f->line = line;
	vsnprintf(f->message, sizeof f->message, fmt, ap);
	return f;
}

xxgk_finding *check_add(xxgk_findings *out, const xxgk_report *r, const char *rule, int severity,
			const char *where, uint32_t line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	xxgk_finding *f = check_vadd(out, r->sha256, rule, severity, where, line, fmt, ap);
	va_end(ap);
	return f;
}

static void check_sides(xxgk_finding *f, double lhs, double rhs)
{
	if (!f)
		return;
	f->has_lhs = f->has_rhs = f->has_delta = true;
	f->lhs = lhs;
	f->rhs = rhs;
	f->delta = rhs - lhs;
}

static bool check_all(const xxgk_cell *const *cells, int n)
{
	for (int i = 0; i < n; i++)
		if (!cells[i]->has_value)
			return false;
	return true;
}

static uint32_t check_line(const xxgk_cell *c)
{
	return c->line;
}

#define ADD(...) do { if (!check_add(__VA_ARGS__)) return XXGK_ENOMEM; } while (0)

/* The table-3 rules: row sums, results sums, the printed balance. */
static int check_t3(xxgk_findings *out, const xxgk_report *r)
{
	char where[96];
	for (int row = 0; row < XXGK_T3_ROWS; row++) {
		const xxgk_cell *c[XXGK_T3_COLS];
		for (int col = 0; col < XXGK_T3_COLS; col++)
			c[col] = &r->applications[row][col];
		if (c[0]->kind == XXGK_KIND_ABSENT)
			continue;
		if (!check_all(c, XXGK_T3_COLS))
			continue;
		double sum = 0;
		for (int col = 0; col < XXGK_T3_TOTAL; col++)
			sum += c[col]->value;
		if (fabs(sum - c[XXGK_T3_TOTAL]->value) > 1e-6) {
			snprintf(where, sizeof where, "applications.%s.total", xxgk_t3_row_key(row));
			xxgk_finding *f = check_add(out, r, "t3.row_sum", XXGK_SEV_ERROR, where, check_line(c[XXGK_T3_TOTAL]),
						    "表三%s行：六类申请人之和 %.15g，总计列 %.15g，相差 %.15g",
						    xxgk_t3_row_label(row), sum, c[XXGK_T3_TOTAL]->value,
						    c[XXGK_T3_TOTAL]->value - sum);
			if (!f)
				return XXGK_ENOMEM;
			check_sides(f, sum, c[XXGK_T3_TOTAL]->value);
		}
	}
	for (int col = 0; col < XXGK_T3_COLS; col++) {
		/* results: （一）…（六） against （七）总计 */
		const xxgk_cell *tp = &r->applications[XXGK_T3_TOTAL_PROCESSED][col];
		bool complete = tp->has_value;
		double sum = 0;
		for (int row = XXGK_T3_FIRST_RESULT; row <= XXGK_T3_LAST_RESULT && complete; row++) {
			const xxgk_cell *c = &r->applications[row][col];
			if (c->kind == XXGK_KIND_ABSENT && r->template_kind == XXGK_TEMPLATE_2019)
				continue;   /* the 2019 template prints one （六） row */
			if (!c->has_value)
				complete = false;
			else
				sum += c->value;
		}
		if (complete && fabs(sum - tp->value) > 1e-6) {
			snprintf(where, sizeof where, "applications.total_processed.%s", xxgk_t3_col_key(col));
			xxgk_finding *f = check_add(out, r, "t3.results_sum", XXGK_SEV_ERROR, where, tp->line,
						    "表三“%s”列：（一）至（六）各项之和 %.15g，（七）总计 %.15g，相差 %.15g",
						    t3_col_names[col], sum, tp->value, tp->value - sum);
			if (!f)
				return XXGK_ENOMEM;
			check_sides(f, sum, tp->value);
		}
		/* the printed rule: 一 + 二 = 三 + 四 */
		const xxgk_cell *nr = &r->applications[XXGK_T3_NEW_RECEIVED][col];
		const xxgk_cell *co = &r->applications[XXGK_T3_CARRIED_OVER][col];
		const xxgk_cell *cf = &r->applications[XXGK_T3_CARRIED_FORWARD][col];
		if (nr->has_value && co->has_value && tp->has_value && cf->has_value) {
			double lhs = nr->value + co->value, rhs = tp->value + cf->value;
			if (fabs(lhs - rhs) > 1e-6) {
				snprintf(where, sizeof where, "applications.*.%s", xxgk_t3_col_key(col));
				xxgk_finding *f = check_add(
					out, r, "t3.balance", XXGK_SEV_ERROR, where, nr->line,
					"表三“%s”列：本年新收 %.15g + 上年结转 %.15g = %.15g，办理结果总计 %.15g + 结转下年度 %.15g = %.15g，相差 %.15g",
					t3_col_names[col], nr->value, co->value, lhs, tp->value, cf->value, rhs, rhs - lhs);
				if (!f)
					return XXGK_ENOMEM;
				check_sides(f, lhs, rhs);
			}
		}
	}
	return XXGK_OK;
}

static int check_t4(xxgk_findings *out, const xxgk_report *r)
{
	char where[96];
	for (int g = 0; g < XXGK_T4_GROUPS; g++) {
		const xxgk_cell *c[XXGK_T4_COLS];
		for (int col = 0; col < XXGK_T4_COLS; col++)
			c[col] = &r->reviews[g][col];
		if (!check_all(c, XXGK_T4_COLS))
			continue;
		double sum = c[0]->value + c[1]->value + c[2]->value + c[3]->value;
		if (fabs(sum - c[4]->value) > 1e-6) {
			snprintf(where, sizeof where, "reviews.%s.total", xxgk_t4_group_key(g));
			xxgk_finding *f = check_add(out, r, "t4.sum", XXGK_SEV_ERROR, where, c[4]->line,
						    "表四%s：维持 %.15g + 纠正 %.15g + 其他 %.15g + 尚未审结 %.15g = %.15g，总计 %.15g，相差 %.15g",
						    t4_group_names[g], c[0]->value, c[1]->value, c[2]->value, c[3]->value,
						    sum, c[4]->value, c[4]->value - sum);
			if (!f)
				return XXGK_ENOMEM;
			check_sides(f, sum, c[4]->value);
		}
	}
	return XXGK_OK;
}

/* A cell's human name, for messages: "表三（一）予以公开·自然人". */
typedef struct {
	const xxgk_report *r;
	xxgk_findings *out;
	int rc;
} value_ctx;

static int check_value_visit(const char *path, xxgk_cell *c, void *vctx)
{
	value_ctx *x = vctx;
	if (!c->has_value)
		return 0;
	/* fees and money amounts may have fractions; counts may not */
	bool money = strstr(path, "fees.") || strstr(path, "procurement.amount");
	bool change = strstr(path, ".change") != NULL;   /* 2019: 本年增/减 may be negative */
	if (c->value < 0 && !change) {
		if (!check_add(x->out, x->r, "value.negative", XXGK_SEV_ERROR, path, c->line,
			       "%s 为负数 %.15g", path, c->value)) {
			x->rc = XXGK_ENOMEM;
			return 1;
		}
	}
	if (!money && c->value != floor(c->value)) {
		if (!check_add(x->out, x->r, "value.non_integer", XXGK_SEV_ERROR, path, c->line,
			       "%s 为小数 %.15g：件数应为整数", path, c->value)) {
			x->rc = XXGK_ENOMEM;
			return 1;
		}
	}
	return 0;
}

/* Blank and "/" cells, a finding a row: the template asks for a number. */
static int check_blanks(xxgk_findings *out, const xxgk_report *r)
{
	char where[96], names[256];
	for (int row = 0; row < XXGK_T3_ROWS; row++) {
		size_t n = 0;
		int count = 0;
		uint32_t line = 0;
		names[0] = '\0';
		for (int col = 0; col < XXGK_T3_COLS; col++) {
			const xxgk_cell *c = &r->applications[row][col];
			if (c->kind != XXGK_KIND_BLANK && c->kind != XXGK_KIND_NA)
				continue;
			if (!line)
				line = c->line;
			n += (size_t)snprintf(names + n, sizeof names - n, "%s%s%s", count ? "、" : "", t3_col_names[col],
					      c->kind == XXGK_KIND_NA ? "（填“/”）" : "");
			if (n >= sizeof names)
				n = sizeof names - 1;
			count++;
		}
		if (!count)
			continue;
		snprintf(where, sizeof where, "applications.%s.*", xxgk_t3_row_key(row));
		ADD(out, r, "cells.blank", XXGK_SEV_WARNING, where, line, "表三%s行：%s未填写数字", xxgk_t3_row_label(row),
		    names);
	}
	for (int g = 0; g < XXGK_T4_GROUPS; g++) {
		size_t n = 0;
		int count = 0;
		uint32_t line = 0;
		names[0] = '\0';
		for (int col = 0; col < XXGK_T4_COLS; col++) {
			const xxgk_cell *c = &r->reviews[g][col];
			if (c->kind != XXGK_KIND_BLANK && c->kind != XXGK_KIND_NA)
				continue;
			if (!line)
				line = c->line;
			n += (size_t)snprintf(names + n, sizeof names - n, "%s%s", count ? "、" : "", t4_col_names[col]);
			if (n >= sizeof names)
				n = sizeof names - 1;
			count++;
		}
		if (!count)
			continue;
		snprintf(where, sizeof where, "reviews.%s.*", xxgk_t4_group_key(g));
		ADD(out, r, "cells.blank", XXGK_SEV_WARNING, where, line, "表四%s：%s未填写数字", t4_group_names[g], names);
	}
	return XXGK_OK;
}

/* The parser's warnings that a supervisor must hear of, as findings. */
static int check_parser_warnings(xxgk_findings *out, const xxgk_report *r)
{
	for (size_t i = 0; i < r->warning_count; i++) {
		const xxgk_warning *w = &r->warnings[i];
		const char *rule = NULL;
		int sev = XXGK_SEV_WARNING;
		if (strcmp(w->code, "cells.missing") == 0 || strcmp(w->code, "cells.extra") == 0)
			rule = w->code;
		else if (strcmp(w->code, "cells.ambiguous") == 0 || strcmp(w->code, "cells.unreadable") == 0)
			rule = "cells.unreadable";
		else if (strcmp(w->code, "table.missing") == 0)
			rule = "table.missing", sev = XXGK_SEV_ERROR;
		else if (strcmp(w->code, "region.unresolved") == 0 || strcmp(w->code, "region.ambiguous") == 0)
			rule = w->code, sev = XXGK_SEV_INFO;
		if (rule)
			ADD(out, r, rule, sev, "", w->line, "%s", w->message);
	}
	return XXGK_OK;
}

static int check_template(xxgk_findings *out, const xxgk_report *r)
{
	if (r->template_kind == XXGK_TEMPLATE_2019 && r->year >= 2021)
		ADD(out, r, "template.old", XXGK_SEV_ERROR, "template", 0,
		    "%d年度报告使用了旧版格式（国办公开办函〔2019〕60号），应使用国办公开办函〔2021〕30号格式", r->year);
	for (int p = 0; p < 6; p++)
		if (!r->part_line[p])
			ADD(out, r, "template.part_missing", XXGK_SEV_WARNING, "parts", 0, "未找到第%s部分“%s”的标题",
			    (const char *[]){ "一", "二", "三", "四", "五", "六" }[p], part_names[p]);
	/* table 4 not printed at all */
	bool any = false;
	for (int g = 0; g < XXGK_T4_GROUPS; g++)
		for (int col = 0; col < XXGK_T4_COLS; col++)
			any |= r->reviews[g][col].kind != XXGK_KIND_ABSENT;
	if (!any)
		ADD(out, r, "table.missing", XXGK_SEV_ERROR, "reviews", 0, "未找到表四（政府信息公开行政复议、行政诉讼情况）");
	return XXGK_OK;
}

int xxgk_check_report(xxgk_findings *out, const xxgk_report *r)
{
	int rc;
	if ((rc = check_t3(out, r)) != XXGK_OK || (rc = check_t4(out, r)) != XXGK_OK)
		return rc;
	value_ctx x = { r, out, XXGK_OK };
	xxgk_report_each_cell((xxgk_report *)(uintptr_t)r, check_value_visit, &x);
	if (x.rc != XXGK_OK)
		return x.rc;
	if ((rc = check_blanks(out, r)) != XXGK_OK || (rc = check_parser_warnings(out, r)) != XXGK_OK ||
	    (rc = check_template(out, r)) != XXGK_OK || (rc = check_claims(out, r)) != XXGK_OK)
		return rc;
	/* fees charged (the 2021 template's 行政事业性收费, active.fees.amount),
	 * and part six silent about them */
	if (r->template_kind != XXGK_TEMPLATE_2019) {
		const xxgk_cell *c = &r->active[9];
		if (c->has_value && c->value > 0 && r->fees_explained == 0)
			ADD(out, r, "fees.unexplained", XXGK_SEV_WARNING, "active.fees.amount", c->line,
			    "表二行政事业性收费 %.15g 万元，第六部分“其他需要报告的事项”未说明收费情况", c->value);
	}
	return XXGK_OK;
}

/* ------------------------------------------------------------ years */

int xxgk_check_years(xxgk_findings *out, const xxgk_report *prev, const xxgk_report *cur)
{
	const xxgk_cell *co = &cur->applications[XXGK_T3_CARRIED_OVER][XXGK_T3_TOTAL];
	const xxgk_cell *cf = &prev->applications[XXGK_T3_CARRIED_FORWARD][XXGK_T3_TOTAL];
	if (co->has_value && cf->has_value && fabs(co->value - cf->value) > 1e-6) {
		xxgk_finding *f = check_add(out, cur, "t3.carry_continuity", XXGK_SEV_ERROR,
					    "applications.carried_over.total", co->line,
					    "%d年表三“二、上年结转”总计 %.15g，与%d年报告“四、结转下年度继续办理”总计 %.15g 不一致，相差 %.15g",
					    cur->year, co->value, prev->year, cf->value, co->value - cf->value);
		if (!f)
			return XXGK_ENOMEM;
		check_sides(f, cf->value, co->value);
	}
	if (cur->template_kind == XXGK_TEMPLATE_2021 && prev->template_kind == XXGK_TEMPLATE_2021) {
		/* active[0..2] regulations, [3..5] normative documents: issued, repealed, valid */
		static const char *const names[2] = { "规章", "行政规范性文件" };
		static const char *const keys[2] = { "regulations", "normative_documents" };
		for (int k = 0; k < 2; k++) {
			const xxgk_cell *iss = &cur->active[3 * k], *rep = &cur->active[3 * k + 1];
			const xxgk_cell *val = &cur->active[3 * k + 2], *pval = &prev->active[3 * k + 2];
			if (!iss->has_value || !rep->has_value || !val->has_value || !pval->has_value)
				continue;
			double expect = pval->value + iss->value - rep->value;
			if (fabs(expect - val->value) > 1e-6) {
				char where[64];
				snprintf(where, sizeof where, "active.%s.valid", keys[k]);
				xxgk_finding *f = check_add(
					out, cur, "t2.valid_continuity", XXGK_SEV_WARNING, where, val->line,
					"表二%s现行有效 %.15g 件，按%d年现行有效 %.15g + 本年制发 %.15g − 本年废止 %.15g 应为 %.15g，相差 %.15g",
					names[k], val->value, prev->year, pval->value, iss->value, rep->value, expect,
					val->value - expect);
				if (!f)
					return XXGK_ENOMEM;
				check_sides(f, expect, val->value);
			}
		}
	}
	return XXGK_OK;
}
