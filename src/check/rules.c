/*
 * rules.c — the rules on one report and on two consecutive years of one body
 * (include/xxgk/check.h). Every rule, its severity and, for the linear
 * relations (the 勾稽 rules: row totals, （七）总计, 第一项加第二项之和等于
 * 第三项加第四项之和, table 4's totals, the carry-over and documents in
 * force across years), the relation itself and its message live in
 * data/rules.conf; this file evaluates the relations generically and
 * implements the checks that are not linear (blanks, signs, the template,
 * the parser's warnings, fees, tables and narrative repeated from last
 * year, versions). docs/checks.md is generated from the data file.
 *
 * A relation only runs where every cell it needs carries a number: a blank
 * is reported as a blank (cells.blank), never read as 0 to make a sum come
 * out. An instance the other rules imply (data/rules.conf: `implied`) is
 * reported only when those rules could not all be evaluated, so one error
 * is not counted twice. When relations fail, error localisation
 * (src/rules/locate.c) names the cells most likely wrong and the values that
 * would make every rule hold.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_int.h"
#include "../rules/rules_int.h"

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
	for (size_t i = 0; i < f->count; i++)
		free(f->items[i].blame);
	free(f->items);
	xxgk_findings_init(f);
}

const char *xxgk_finding_fix(const xxgk_finding *f)
{
	return f->blame ? f->blame->fix : "";
}

int xxgk_finding_copy(xxgk_finding *dst, const xxgk_finding *src)
{
	*dst = *src;
	if (!src->blame)
		return XXGK_OK;
	dst->blame = malloc(sizeof *dst->blame);
	if (!dst->blame)
		return XXGK_ENOMEM;
	*dst->blame = *src->blame;
	return XXGK_OK;
}

size_t xxgk_findings_errors(const xxgk_findings *f)
{
	size_t n = 0;
	for (size_t i = 0; i < f->count; i++)
		n += f->items[i].severity == XXGK_SEV_ERROR && !f->items[i].waived;
	return n;
}

xxgk_finding *check_vadd(xxgk_findings *out, const char *sha256, const char *rule, const char *where,
			 uint32_t line, const char *fmt, va_list ap)
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
	f->severity = XXGK_SEV_ERROR;   /* set from the rule set by xxgk_findings_apply_rules() */
	snprintf(f->where, sizeof f->where, "%s", where);
	f->line = line;
	xxgk_vformat(f->message, sizeof f->message, fmt, ap);
	return f;
}

xxgk_finding *check_add(xxgk_findings *out, const xxgk_report *r, const char *rule, const char *where,
			uint32_t line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	xxgk_finding *f = check_vadd(out, r->sha256, rule, where, line, fmt, ap);
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

#define ADD(...) do { if (!check_add(__VA_ARGS__)) return XXGK_ENOMEM; } while (0)

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
	/* fees and money amounts may have fractions; counts may not; 2019's 本年增/减 may be negative */
	int domain = xxgk_path_domain(path);
	bool money = domain & XXGK_CELL_MONEY, change = domain & XXGK_CELL_CHANGE;
	if (c->value < 0 && !change) {
		if (!check_add(x->out, x->r, "value.negative", path, c->line,
			       "%s 为负数 %.15g", path, c->value)) {
			x->rc = XXGK_ENOMEM;
			return 1;
		}
	}
	if (!money && c->value != floor(c->value)) {
		if (!check_add(x->out, x->r, "value.non_integer", path, c->line,
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
			if (!xxgk_cell_printed_empty(c) && c->kind != XXGK_KIND_NA)
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
		ADD(out, r, "cells.blank", where, line, "表三%s行：%s未填写数字", xxgk_t3_row_label(row),
		    names);
	}
	for (int g = 0; g < XXGK_T4_GROUPS; g++) {
		size_t n = 0;
		int count = 0;
		uint32_t line = 0;
		names[0] = '\0';
		for (int col = 0; col < XXGK_T4_COLS; col++) {
			const xxgk_cell *c = &r->reviews[g][col];
			if (!xxgk_cell_printed_empty(c) && c->kind != XXGK_KIND_NA)
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
		ADD(out, r, "cells.blank", where, line, "表四%s：%s未填写数字", t4_group_names[g], names);
	}
	return XXGK_OK;
}

/*
 * A figure read from a scan that no rule of the report confirmed, or that
 * could not be read (the parser's ocr.unconfirmed and ocr.unreadable, each
 * "path：扫描件识读为 …，请核对原件第 P 页" about one cell, docs/ocr.md): a
 * scan.unconfirmed finding on that cell, in the words of its table, row and
 * column, saying the page of the scan to look at before relying on it.
 */
static int check_scan_doubt(xxgk_findings *out, const xxgk_report *r, const xxgk_warning *w)
{
	const char *sep = strstr(w->message, "：");
	char path[96] = "";
	xxgk_cell *cell = NULL;
	if (sep && (size_t)(sep - w->message) < sizeof path) {
		memcpy(path, w->message, (size_t)(sep - w->message));
		path[sep - w->message] = '\0';
		cell = xxgk_report_cell((xxgk_report *)(uintptr_t)r, path);
	}
	if (!cell) {   /* a warning about no one cell: said as it is */
		ADD(out, r, "scan.unconfirmed", "", w->line, "扫描件：%s", w->message);
		return XXGK_OK;
	}
	const char *table, *row, *col;
	xxgk_path_labels(path, &table, &row, &col);
	ADD(out, r, "scan.unconfirmed", path, cell->line ? cell->line : w->line, "扫描件%s%s%s%s%s%s%s：%s", table,
	    *row ? "“" : "", row, *row ? "”行" : "", *col ? "“" : "", col, *col ? "”列" : "", sep + strlen("："));
	return XXGK_OK;
}

/* The parser's warnings that a supervisor must hear of, as findings. */
static int check_parser_warnings(xxgk_findings *out, const xxgk_report *r)
{
	for (size_t i = 0; i < r->warning_count; i++) {
		const xxgk_warning *w = &r->warnings[i];
		const char *rule = NULL;
		if (strcmp(w->code, "ocr.unconfirmed") == 0 || strcmp(w->code, "ocr.unreadable") == 0) {
			int rc = check_scan_doubt(out, r, w);
			if (rc != XXGK_OK)
				return rc;
			continue;
		}
		if (strcmp(w->code, "cells.missing") == 0 || strcmp(w->code, "cells.extra") == 0 ||
		    strcmp(w->code, "table.missing") == 0 || strcmp(w->code, "table.truncated") == 0 ||
		    strcmp(w->code, "region.unresolved") == 0 || strcmp(w->code, "region.ambiguous") == 0)
			rule = w->code;
		else if (strcmp(w->code, "cells.ambiguous") == 0 || strcmp(w->code, "cells.unreadable") == 0)
			rule = "cells.unreadable";
		if (rule)
			ADD(out, r, rule, "", w->line, "%s", w->message);
	}
	return XXGK_OK;
}

static int check_template(xxgk_findings *out, const xxgk_report *r)
{
	if (r->template_kind == XXGK_TEMPLATE_2019 && r->year >= 2021)
		ADD(out, r, "template.old", "template", 0,
		    "%d年度报告使用了旧版格式（国办公开办函〔2019〕60号），应使用国办公开办函〔2021〕30号格式", r->year);
	for (int p = 0; p < 6; p++)
		if (!r->part_line[p])
			ADD(out, r, "template.part_missing", "parts", 0, "未找到第%s部分“%s”的标题",
			    (const char *[]){ "一", "二", "三", "四", "五", "六" }[p], part_names[p]);
	/* table 4 not printed at all */
	bool any = false;
	for (int g = 0; g < XXGK_T4_GROUPS; g++)
		for (int col = 0; col < XXGK_T4_COLS; col++)
			any |= r->reviews[g][col].kind != XXGK_KIND_ABSENT;
	/* the parser's own table.missing already says so, or its table.truncated
	 * that the text ends in table 4's head (title printed, no figure) */
	bool told = false;
	for (size_t i = 0; i < r->warning_count && !told; i++)
		told = (strcmp(r->warnings[i].code, "table.missing") == 0 ||
			strcmp(r->warnings[i].code, "table.truncated") == 0) &&
		       xxgk_warning_covers(&r->warnings[i], "reviews.review.total");
	if (!any && !told)
		ADD(out, r, "table.missing", "reviews", 0, "未找到表四（政府信息公开行政复议、行政诉讼情况）");
	return XXGK_OK;
}

static int check_builtins(xxgk_findings *out, const xxgk_report *r, const xxgk_rules *rs)
{
	int rc;
	value_ctx x = { r, out, XXGK_OK };
	xxgk_report_each_cell((xxgk_report *)(uintptr_t)r, check_value_visit, &x);
	if (x.rc != XXGK_OK)
		return x.rc;
	if ((rc = check_blanks(out, r)) != XXGK_OK || (rc = check_parser_warnings(out, r)) != XXGK_OK ||
	    (rc = check_template(out, r)) != XXGK_OK || (rc = check_claims(out, r, rs)) != XXGK_OK)
		return rc;
	/* fees charged (the 2021 template's 行政事业性收费, active.fees.amount),
	 * and part six silent about them */
	if (r->template_kind != XXGK_TEMPLATE_2019) {
		const xxgk_cell *c = &r->active[9];
		if (c->has_value && c->value > 0 && r->fees_explained == 0)
			ADD(out, r, "fees.unexplained", "active.fees.amount", c->line,
			    "表二行政事业性收费 %.15g 万元，第六部分“其他需要报告的事项”未说明收费情况", c->value);
	}
	return XXGK_OK;
}

/* ------------------------------------------------------------ years */

/* ------------------------------------------------------------ relations */

static const xxgk_rules *check_rules_or_default(const xxgk_rules *rs)
{
	const xxgk_rules *d = NULL;
	if (rs)
		return rs;
	return xxgk_rules_default(&d) == XXGK_OK ? d : NULL;
}

static const xxgk_cell *check_space_cell(const xxgk_report *r, const xxgk_report *prev, int cell)
{
	if (cell >= RULES_CELLS)
		return prev ? xxgk__rules_cell(prev, cell - RULES_CELLS) : NULL;
	return xxgk__rules_cell(r, cell);
}

static bool check_template_ok(const xxgk_rule *rule, const xxgk_report *r)
{
	int t = r->template_kind == XXGK_TEMPLATE_2019 ? XXGK_TEMPLATE_2019 : XXGK_TEMPLATE_2021;
	return (rule->templates & (1u << t)) != 0;
}

/*
 * Evaluates the relations of one scope. `inst_of[i]` receives the instance
 * behind the i-th finding added (when not NULL); returns how many failed in
 * `*failed`, including implied ones not reported.
 */
static int check_relations(xxgk_findings *out, const xxgk_rules *rs, const xxgk_report *r, const xxgk_report *prev,
			   int scope, int *inst_of, size_t base, size_t inst_cap, size_t *failed)
{
	const rules_table *t = xxgk__rules_table(rs, r->template_kind, scope);
	*failed = 0;
	if (!t->count)
		return XXGK_OK;
	bool *evaluable = calloc(t->count, sizeof *evaluable);
	double *lhs = calloc(2 * t->count, sizeof *lhs);
	double term_val[XXGK_LIN_TERMS];
	int rc = XXGK_OK;
	if (!evaluable || !lhs) {
		free(evaluable);
		free(lhs);
		return XXGK_ENOMEM;
	}
	double *rhs = lhs + t->count;
	for (size_t i = 0; i < t->count; i++) {
		const rules_inst *in = &t->inst[i];
		bool ok = true;
		for (int k = 0; k < in->term_count && ok; k++) {
			const xxgk_cell *c = check_space_cell(r, prev, t->terms[in->term_off + (size_t)k].cell);
			if (!c || !c->has_value)
				ok = false;
			else if (k < in->left_count)
				lhs[i] += t->terms[in->term_off + (size_t)k].coef * c->value;
			else
				rhs[i] -= t->terms[in->term_off + (size_t)k].coef * c->value;
		}
		evaluable[i] = ok;
	}
	for (size_t i = 0; i < t->count && rc == XXGK_OK; i++) {
		const rules_inst *in = &t->inst[i];
		const xxgk_rule *rule = xxgk_rules_at(rs, in->rule);
		if (!evaluable[i] || fabs(lhs[i] - rhs[i]) <= 1e-6)
			continue;
		if (prev && !check_template_ok(rule, prev))
			continue;
		(*failed)++;
		if (in->implied) {
			bool all = true;
			for (int k = 0; k < in->support_count && all; k++)
				all = evaluable[t->support[in->support_off + (size_t)k]];
			if (all)
				continue;   /* the rules implying it failed and said so */
		}
		char where[96], message[512];
		xxgk__rules_where(where, sizeof where, rule, in);
		uint32_t line = 0;
		int where_cell = in->where_cell;
		for (int k = 0; k < in->term_count; k++) {
			int cell = t->terms[in->term_off + (size_t)k].cell;
			const xxgk_cell *c = check_space_cell(r, prev, cell);
			term_val[k] = c->value;
			if ((where_cell < 0 && !line && cell < RULES_CELLS) || cell == where_cell)
				line = c->line;
		}
		xxgk__rules_format(message, sizeof message, rule->message, in, term_val, lhs[i], rhs[i], r->year,
				   prev ? prev->year : r->year - 1);
		size_t at = out->count;
		xxgk_finding *f = check_add(out, r, rule->id, where, line, "%s", message);
		if (!f) {
			rc = XXGK_ENOMEM;
			break;
		}
		check_sides(f, lhs[i], rhs[i]);
		if (inst_of && at - base < inst_cap)
			inst_of[at - base] = (int)i;
	}
	free(evaluable);
	free(lhs);
	return rc;
}

static void check_num(char *out, size_t cap, double v)
{
	snprintf(out, cap, "%.15g", v == 0 ? 0.0 : v);
}

/*
 * What a culprit is: a cell of the report (its path, printed value, name), or
 * a figure the narrative states that localisation took as a cell of its own
 * ("narrative.review", 正文所称“行政复议”件数).
 */
typedef struct {
	char path[96];
	char name[160];
	double printed;
	const char *verb;   /* 印, 推得, 写 */
} check_culprit_cell;

static void check_culprit_of(check_culprit_cell *out, const xxgk_rules *rs, const xxgk_report *r,
			     const rules_location *loc, int c)
{
	if (c >= RULES_CELLS) {
		const xxgk_claim *cl = &r->claims[loc->claim_index[c - RULES_CELLS]];
		const rules_claim *rc = xxgk__rules_claim(rs, r->template_kind, cl->key);
		snprintf(out->path, sizeof out->path, "narrative.%s", cl->key);
		snprintf(out->name, sizeof out->name, "正文所称“%s”件数", rc ? rc->label : cl->key);
		out->printed = cl->value;
		out->verb = "写";
		return;
	}
	const xxgk_cell *cell = xxgk__rules_cell(r, c);
	snprintf(out->path, sizeof out->path, "%s", xxgk__rules_cell_path(rs, r->template_kind, c));
	xxgk__rules_cell_name(rs, r->template_kind, c, out->name, sizeof out->name);
	out->printed = cell->value;
	out->verb = cell->kind == XXGK_KIND_INFERRED ? "推得" : "印";
}

/*
 * The culprits on one instance's finding: every least-weight set (each
 * touches the instance, since each repairs every failed rule), and the
 * sentence saying them.
 */
static void check_blame(xxgk_blame *f, const xxgk_rules *rs, const xxgk_report *r, const rules_table *t,
			const rules_inst *in, const rules_location *loc)
{
	size_t n = 0;
	int sol = 0;
	char fix[sizeof f->fix];
	size_t cap = sizeof fix;
	for (int k = 0; k < loc->listed; k++) {
		/* the whole set: changing only its cells in this rule would break others */
		uint16_t cells[RULES_LOCATE_MAX_SET];
		int idx[RULES_LOCATE_MAX_SET];
		int m = 0;
		bool touches = false;
		for (int j = 0; j < loc->size[k]; j++) {
			idx[m] = j;
			cells[m++] = (uint16_t)loc->cell[k][j];
			for (int q = 0; q < in->term_count; q++)
				touches |= t->terms[in->term_off + (size_t)q].cell == loc->cell[k][j];
		}
		if (!touches)
			continue;
		if (sol > 0)
			n += (size_t)snprintf(fix + n, n < cap ? cap - n : 0, "；或");
		for (int j = 0; j < m && n < cap; j++) {
			int c = cells[j], at = idx[j];
			check_culprit_cell cc;
			check_culprit_of(&cc, rs, r, loc, c);
			if (f->culprit_count < XXGK_FINDING_CULPRITS) {
				xxgk_culprit *cu = &f->culprits[f->culprit_count++];
				snprintf(cu->path, sizeof cu->path, "%s", cc.path);
				cu->solution = (uint8_t)sol;
				cu->settled = loc->settled[k][at];
				cu->printed = cc.printed;
				cu->suggested = loc->settled[k][at] ? loc->value[k][at] : 0;
				cu->low = loc->lo[k][at];
				cu->high = loc->hi[k][at];
			}
			char a[32], b[32], d[32];
			check_num(a, sizeof a, cc.printed);
			if (loc->settled[k][at]) {
				check_num(b, sizeof b, loc->value[k][at]);
				n += (size_t)snprintf(fix + n, n < cap ? cap - n : 0, "%s%s%s为 %s，按其他各项应为 %s",
						      j ? "、" : "", cc.name, cc.verb, a, b);
			} else {
				check_num(b, sizeof b, loc->lo[k][at]);
				check_num(d, sizeof d, loc->hi[k][at]);
				n += (size_t)snprintf(fix + n, n < cap ? cap - n : 0, isinf(loc->hi[k][at])
						      ? "%s%s%s为 %s，按其他各项应不小于 %s%.0s"
						      : "%s%s%s为 %s，按其他各项应在 %s 至 %s 之间",
						      j ? "、" : "", cc.name, cc.verb, a, b, d);
			}
		}
		sol++;
	}
	if (n >= cap) {
		/* cut where a character starts, then say it was cut */
		n = cap - 8;
		while (n && ((unsigned char)fix[n] & 0xC0) == 0x80)
			n--;
		memcpy(fix + n, "……", 6);
		n += 6;
	}
	fix[n] = '\0';
	f->solutions = (uint8_t)(loc->solution_count > 255 ? 255 : loc->solution_count);
	if (!sol)
		return;
	/* what else could be wrong, as few cells, less likely */
	size_t alt_n = 0;
	int alt_set = -1;
	char alt[512];
	alt[0] = '\0';
	for (int k = loc->listed; k < loc->listed + loc->alternatives; k++) {
		for (int j = 0; j < loc->size[k]; j++) {
			int c = loc->cell[k][j];
			check_culprit_cell cc;
			check_culprit_of(&cc, rs, r, loc, c);
			if (f->alternative_count < XXGK_FINDING_ALTERNATIVES) {
				xxgk_culprit *cu = &f->alternatives[f->alternative_count++];
				snprintf(cu->path, sizeof cu->path, "%s", cc.path);
				cu->solution = (uint8_t)(k - loc->listed);
				cu->settled = loc->settled[k][j];
				cu->printed = cc.printed;
				cu->suggested = loc->settled[k][j] ? loc->value[k][j] : 0;
				cu->low = loc->lo[k][j];
				cu->high = loc->hi[k][j];
			}
			/* the text names only what differs from the first culprit set */
			bool in_first = false;
			for (int q = 0; q < loc->size[0]; q++)
				in_first |= loc->cell[0][q] == c;
			if (in_first)
				continue;
			char a[32], b[32];
			check_num(a, sizeof a, cc.printed);
			check_num(b, sizeof b, loc->value[k][j]);
			char piece[256];
			int pl = snprintf(piece, sizeof piece, "%s%s%s为 %s%s%s", alt_n ? (alt_set == k ? "、" : "；或") : "",
					  cc.name, cc.verb, a, loc->settled[k][j] ? "，应为 " : "", loc->settled[k][j] ? b : "");
			if (pl > 0 && (size_t)pl < sizeof piece && alt_n + (size_t)pl < sizeof alt) {
				memcpy(alt + alt_n, piece, (size_t)pl + 1);   /* whole pieces only: no cut character */
				alt_n += (size_t)pl;
			}
			alt_set = k;
		}
	}
	char lead[128];
	if (sol == 1)
		snprintf(lead, sizeof lead, "最可能有误：");
	else if (loc->solution_count > loc->listed)
		snprintf(lead, sizeof lead, "同样可能有误的有 %d 种情形（列出前 %d 种）：", loc->solution_count, sol);
	else
		snprintf(lead, sizeof lead, "同样可能有误的有 %d 种情形：", sol);
	size_t len = (size_t)snprintf(f->fix, sizeof f->fix, "%s%s%s%s", lead, fix,
				      alt[0] ? "（其次可能：" : "", alt[0] ? alt : "");
	if (alt[0] && len + 3 < sizeof f->fix) {
		memcpy(f->fix + len, "）", 4);
		len += 3;
	}
	if (len >= sizeof f->fix) {
		len = sizeof f->fix - 8;
		while (len && ((unsigned char)f->fix[len] & 0xC0) == 0x80)
			len--;
		memcpy(f->fix + len, "……", 7);
	}
}

static int check_locate(xxgk_findings *out, size_t from, const int *inst_of, const xxgk_rules *rs,
			const xxgk_report *r)
{
	rules_location *loc = malloc(sizeof *loc);
	if (!loc)
		return XXGK_ENOMEM;
	int rc = xxgk__rules_locate(loc, rs, r);
	const rules_table *t = xxgk__rules_table(rs, r->template_kind, XXGK_SCOPE_REPORT);
	for (size_t i = from; rc == XXGK_OK && i < out->count; i++) {
		xxgk_finding *f = &out->items[i];
		if (i - from >= 64 || inst_of[i - from] < 0 || loc->status == 0)
			continue;
		if (!(f->blame = calloc(1, sizeof *f->blame))) {
			rc = XXGK_ENOMEM;
			break;
		}
		if (loc->status == 1)
			check_blame(f->blame, rs, r, t, &t->inst[inst_of[i - from]], loc);
		else
			snprintf(f->blame->fix, sizeof f->blame->fix, "多处不一致，无法确定最可能有误的单元格");
	}
	free(loc);
	return rc;
}

int xxgk_findings_apply_rules(xxgk_findings *f, size_t from, const xxgk_rules *rs)
{
	rs = check_rules_or_default(rs);
	if (!rs)
		return XXGK_ENOMEM;
	size_t w = from;
	const xxgk_rule *rule = NULL;
	for (size_t i = from; i < f->count; i++) {
		/* findings come in runs of one rule: look up only when it changes */
		if (!rule || strcmp(rule->id, f->items[i].rule) != 0)
			rule = xxgk_rules_find(rs, f->items[i].rule);
		int sev = rule ? rule->severity : XXGK_RULE_ERROR;
		if (sev == XXGK_RULE_OFF) {
			free(f->items[i].blame);
			continue;
		}
		if (w != i)
			f->items[w] = f->items[i];
		f->items[w++].severity = (uint8_t)sev;
	}
	f->count = w;
	return XXGK_OK;
}

int xxgk_check_report_with(xxgk_findings *out, const xxgk_report *r, const xxgk_rules *rs)
{
	rs = check_rules_or_default(rs);
	if (!rs)
		return XXGK_ENOMEM;
	size_t from = out->count, failed = 0;
	int *inst_of = malloc(64 * sizeof *inst_of);
	if (!inst_of)
		return XXGK_ENOMEM;
	for (int i = 0; i < 64; i++)
		inst_of[i] = -1;
	int rc = check_relations(out, rs, r, NULL, XXGK_SCOPE_REPORT, inst_of, from, 64, &failed);
	if (rc == XXGK_OK && failed)
		rc = check_locate(out, from, inst_of, rs, r);
	free(inst_of);
	if (rc == XXGK_OK)
		rc = check_builtins(out, r, rs);
	if (rc == XXGK_OK)
		rc = xxgk_findings_apply_rules(out, from, rs);
	return rc;
}

int xxgk_check_report(xxgk_findings *out, const xxgk_report *r)
{
	return xxgk_check_report_with(out, r, NULL);
}

/* ------------------------------------------------------------ years */

/* Non-zero figures at least this many before an identical table means anything. */
#define CHECK_REPEAT_MIN_NONZERO 3

static bool check_same_cell(const xxgk_cell *a, const xxgk_cell *b)
{
	if (a->has_value != b->has_value)
		return false;
	return a->has_value ? a->value == b->value : a->kind == b->kind;
}

/* year.table_repeated: each table identical in every cell to last year's. */
static int check_tables_repeated(xxgk_findings *out, const xxgk_report *prev, const xxgk_report *cur)
{
	static const char *const names[3] = { "表二（主动公开）", "表三（依申请公开）", "表四（复议、诉讼）" };
	static const char *const wheres[3] = { "active", "applications", "reviews" };
	static const int first[3] = { RULES_T2, RULES_T3, RULES_T4 }, last[3] = { RULES_T3, RULES_T4, RULES_CELLS };
	if (prev->template_kind != cur->template_kind)
		return XXGK_OK;
	for (int tb = 0; tb < 3; tb++) {
		int cells = 0, nonzero = 0;
		bool same = true, printed = false;
		for (int c = first[tb]; c < last[tb] && same; c++) {
			const xxgk_cell *a = xxgk__rules_cell(prev, c), *b = xxgk__rules_cell(cur, c);
			if (c < RULES_T3 && (size_t)c >= XXGK_ACTIVE_CAP)
				break;
			if (a->kind == XXGK_KIND_ABSENT && b->kind == XXGK_KIND_ABSENT)
				continue;
			same = check_same_cell(a, b);
			cells++;
			printed |= b->kind == XXGK_KIND_NUMBER;
			nonzero += b->has_value && b->value != 0;
		}
		if (!same || !printed || nonzero < CHECK_REPEAT_MIN_NONZERO)
			continue;
		xxgk_finding *f = check_add(out, cur, "year.table_repeated", wheres[tb], 0,
					    "%s与%d年报告逐格相同（%d 格，其中 %d 个非零数字），可能照抄上年报告；上年报告 %s",
					    names[tb], prev->year, cells, nonzero, prev->sha256);
		if (!f)
			return XXGK_ENOMEM;
		f->has_lhs = true;
		f->lhs = nonzero;
	}
	return XXGK_OK;
}

/*
 * year.narrative_repeated: the share of last year's shingles found again,
 * from the MinHash estimate J of the Jaccard similarity and the shingle
 * counts: |A ∩ B| = J (|A| + |B|) / (1 + J), divided by |B| (last year's).
 */
static int check_narrative_repeated(xxgk_findings *out, const xxgk_report *prev, const xxgk_report *cur)
{
	if (!prev->shingle_count || !cur->shingle_count)
		return XXGK_OK;
	int equal = 0, used = 0;
	for (int s = 0; s < XXGK_MINHASH; s++) {
		bool empty = prev->minhash[s] == 0xFFFF && cur->minhash[s] == 0xFFFF;
		used += !empty;
		equal += !empty && prev->minhash[s] == cur->minhash[s];
	}
	if (!used)
		return XXGK_OK;
	double j = (double)equal / used;
	double inter = j * ((double)prev->shingle_count + cur->shingle_count) / (1 + j);
	double share = inter / prev->shingle_count;
	if (share > 1)
		share = 1;
	if (share <= 0.5)
		return XXGK_OK;
	xxgk_finding *f = check_add(out, cur, "year.narrative_repeated", "narrative", 0,
				    "正文约 %.0f%% 与%d年报告正文重复（超过一半；MinHash 估计相似度 %.2f，%d/%d 槽相同，上年 %u 个、今年 %u 个五字片段）；上年报告 %s",
				    share * 100, prev->year, j, equal, used, prev->shingle_count, cur->shingle_count,
				    prev->sha256);
	if (!f)
		return XXGK_ENOMEM;
	f->has_lhs = f->has_rhs = true;
	f->lhs = share;
	f->rhs = 0.5;
	return XXGK_OK;
}

int xxgk_check_years_with(xxgk_findings *out, const xxgk_report *prev, const xxgk_report *cur, const xxgk_rules *rs)
{
	rs = check_rules_or_default(rs);
	if (!rs)
		return XXGK_ENOMEM;
	size_t from = out->count, failed = 0;
	int rc = check_relations(out, rs, cur, prev, XXGK_SCOPE_YEARS, NULL, 0, 0, &failed);
	if (rc == XXGK_OK)
		rc = check_tables_repeated(out, prev, cur);
	if (rc == XXGK_OK)
		rc = check_narrative_repeated(out, prev, cur);
	if (rc == XXGK_OK)
		rc = xxgk_findings_apply_rules(out, from, rs);
	return rc;
}

int xxgk_check_years(xxgk_findings *out, const xxgk_report *prev, const xxgk_report *cur)
{
	return xxgk_check_years_with(out, prev, cur, NULL);
}

/* ------------------------------------------------------------ versions */

int xxgk_check_versions(xxgk_findings *out, const xxgk_report *const *versions, size_t count, size_t chosen,
			const xxgk_rules *rs)
{
	if (count < 2 || chosen >= count)
		return XXGK_OK;
	const xxgk_report *c = versions[chosen];
	size_t from = out->count;
	for (size_t i = 0; i < count; i++) {
		const xxgk_report *o = versions[i];
		if (i == chosen || strcmp(o->sha256, c->sha256) == 0)
			continue;
		int differ = 0;
		char first[160] = "";
		for (int cell = 0; cell < RULES_CELLS; cell++) {
			if (cell < RULES_T3 && (size_t)cell >= XXGK_ACTIVE_CAP)
				continue;
			const xxgk_cell *a = xxgk__rules_cell(o, cell), *b = xxgk__rules_cell(c, cell);
			if (o->template_kind != c->template_kind && cell < RULES_T3)
				continue;
			if (check_same_cell(a, b))
				continue;
			if (!differ++ && cell >= RULES_T3) {
				char name[128], x[32], y[32];
				const xxgk_rules *d = check_rules_or_default(rs);
				if (d)
					xxgk__rules_cell_name(d, c->template_kind, cell, name, sizeof name);
				else
					snprintf(name, sizeof name, "?");
				if (a->has_value)
					check_num(x, sizeof x, a->value);
				else
					snprintf(x, sizeof x, "%s", xxgk_kind_name(a->kind));
				if (b->has_value)
					check_num(y, sizeof y, b->value);
				else
					snprintf(y, sizeof y, "%s", xxgk_kind_name(b->kind));
				snprintf(first, sizeof first, "，如%s %s → %s", name, x, y);
			}
		}
		bool same_text = o->shingle_count && c->shingle_count &&
				 memcmp(o->minhash, c->minhash, sizeof o->minhash) == 0;
		/* the same figures and the same prose (or neither has prose to compare): the same
		   report in another file (a re-save, another format), not one edited after publication */
		if (!differ && (same_text || (!o->shingle_count && !c->shingle_count)))
			continue;
		char what[200];
		if (differ)
			snprintf(what, sizeof what, "两版有 %d 个数字不同%s", differ, first);
		else
			snprintf(what, sizeof what, "两版表格数字相同，正文有改动");
		xxgk_finding *f = check_add(out, c, "version.edited", "source", 0,
					    "同一机关%d年度报告有两个不同版本：本版 %.12s…（%s%s%s）与另一版 %.12s…（%s%s%s）；%s",
					    c->year, c->sha256, c->source_name ? c->source_name : "", c->published[0] ? "，" : "",
					    c->published, o->sha256, o->source_name ? o->source_name : "",
					    o->published[0] ? "，" : "", o->published, what);
		if (!f)
			return XXGK_ENOMEM;
		f->has_lhs = true;
		f->lhs = differ;
	}
	return xxgk_findings_apply_rules(out, from, rs);
}
