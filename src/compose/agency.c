/*
 * agency.c — xxgk_compose_agency: the review of one body's annual report
 * (审查意见), addressed to that body: when it was published against its
 * deadline, its key figures against last year's, its problems in plain
 * words, the figures that stand out against its peers, and what it is asked
 * to rectify by when; the method and statistics in an annex.
 */
#include <math.h>
#include <string.h>

#include "xxgk/diff.h"
#include "compose_int.h"

/* The body's figures this year and last, with the change (table 1). */
static void agency_figures(compose_review *rv, xxgk_layout *l, const compose_body *b)
{
	static const int figs[] = { XXGK_FIG_NEW_RECEIVED, XXGK_FIG_TOTAL_PROCESSED, XXGK_FIG_DISCLOSED,
				    XXGK_FIG_DENIED, XXGK_FIG_UNABLE, XXGK_FIG_NOT_PROCESSED, XXGK_FIG_REVIEW,
				    XXGK_FIG_LITIGATION, XXGK_FIG_LICENSING, XXGK_FIG_PENALTY, XXGK_FIG_COERCION };
	const char *heads[4] = { "项目", "本年（件）", "上年（件）", "比上年" };
	static const double widths[] = { 3.4, 1.6, 1.6, 3.0 };
	static const int aligns[] = { XXGK_ALIGN_LEFT, XXGK_ALIGN_RIGHT, XXGK_ALIGN_RIGHT, XXGK_ALIGN_LEFT };
	int cols = b->prev ? 4 : 2;
	bool dash = false;
	xxgk_buf t;
	xxgk_buf_init(&t);
	L(rv, xxgk_layout_table(l, "主要数据", NULL, cols, heads, widths, aligns));
	for (size_t i = 0; i < sizeof figs / sizeof figs[0]; i++) {
		int f = figs[i];
		char v[COMPOSE_NUM_CAP], pv[COMPOSE_NUM_CAP];
		bool known = b->fig->known & (1u << f), pknown = b->prev && (b->prev->known & (1u << f));
		compose_reset(&t);
		if (known && pknown)
			compose_change(&t, b->fig->v[f], b->prev->v[f]);
		else {
			xxgk_buf_puts(&t, "—");
			dash = dash || cols == 4;
		}
		const char *cells[4] = { xxgk_figure_label(f), known ? compose_num(v, sizeof v, b->fig->v[f]) : "—",
					 pknown ? compose_num(pv, sizeof pv, b->prev->v[f]) : "—", t.data ? t.data : "" };
		dash = dash || !known || (b->prev && !pknown);
		L(rv, xxgk_layout_table_row(l, cells, false));
	}
	if (dash)
		L(rv, xxgk_layout_note(l, "注：表中“—”表示没有数据（报告中该项未填写数字、无法辨认，或无法比较），不是0。"));
	if (t.failed)
		rv->rc = XXGK_ENOMEM;
	xxgk_buf_free(&t);
}

/* Rows of changed figures listed in the comparison; the rest are counted. */
#define AGENCY_DIFF_ROWS 40

/* "—" for a cell with no number, else the number. */
static const char *agency_cell(char *buf, size_t cap, bool has, double v)
{
	if (!has)
		return "—";
	return compose_num(buf, cap, v);
}

/*
 * 附件2: the report against the body's report of the year before, from the
 * library's diff (xxgk_diff_reports, the same `xxgk diff` prints): every
 * figure that changed, the rates, and the findings that appeared or went.
 */
static void agency_diff(compose_review *rv, xxgk_layout *l, const compose_body *b)
{
	xxgk_report *a = NULL, *cur = NULL;
	xxgk_diff d;
	xxgk_error err;
	xxgk_buf t;
	memset(&d, 0, sizeof d);
	xxgk_buf_init(&t);
	if (xxgk_store_get(rv->s, b->prev->sha256, &a, &err) != XXGK_OK || !a ||
	    xxgk_store_get(rv->s, b->fig->sha256, &cur, &err) != XXGK_OK || !cur)
		goto done;
	if (xxgk_diff_reports(&d, a, cur, NULL) != XXGK_OK) {
		rv->rc = XXGK_ENOMEM;
		goto done;
	}
	L(rv, xxgk_layout_annex(l, "附件2", "与上年报告的比较"));
	xxgk_buf_printf(&t, "与%d年度报告逐格比较（%zu个单元格），%zu处数字不同；本年度报告新出现问题%zu项，上年报告的问题有%zu项不再出现。",
			a->year, d.cells_compared, d.cell_count, d.appeared.count, d.gone.count);
	L(rv, xxgk_layout_paragraph(l, t.data));
	if (d.cell_count) {
		char h1[16], h2[16];
		snprintf(h1, sizeof h1, "%d年", a->year);
		snprintf(h2, sizeof h2, "%d年", cur->year);
		const char *heads[5] = { "表", "行", "列", h1, h2 };
		static const double widths[] = { 36, 170, 70, 58, 58 };
		static const int aligns[] = { XXGK_ALIGN_LEFT, XXGK_ALIGN_LEFT, XXGK_ALIGN_LEFT, XXGK_ALIGN_RIGHT,
					      XXGK_ALIGN_RIGHT };
		bool dash = false;
		L(rv, xxgk_layout_table(l, "数字不同的单元格", "单位：件（收费：万元）", 5, heads, widths, aligns));
		for (size_t i = 0; i < d.cell_count && i < AGENCY_DIFF_ROWS; i++) {
			const xxgk_diff_cell *c = &d.cells[i];
			char v1[COMPOSE_NUM_CAP], v2[COMPOSE_NUM_CAP];
			const char *cells[5] = { c->table ? c->table : "", c->row ? c->row : "", c->column ? c->column : "",
						 agency_cell(v1, sizeof v1, c->has_a, c->a), agency_cell(v2, sizeof v2, c->has_b, c->b) };
			dash = dash || !c->has_a || !c->has_b;
			L(rv, xxgk_layout_table_row(l, cells, false));
		}
		if (d.cell_count > AGENCY_DIFF_ROWS) {
			compose_reset(&t);
			xxgk_buf_printf(&t, "注：另有%zu处不同，未列出。", d.cell_count - AGENCY_DIFF_ROWS);
			L(rv, xxgk_layout_note(l, t.data));
		}
		if (dash)
			L(rv, xxgk_layout_note(l, "注：“—”表示该年报告中没有这一数字（未填写、无法辨认或没有这一栏），不是0。"));
	}
	/* the rates of the two years */
	{
		char h1[16], h2[16];
		snprintf(h1, sizeof h1, "%d年", a->year);
		snprintf(h2, sizeof h2, "%d年", cur->year);
		const char *heads[4] = { "比率", h1, h2, "变化" };
		static const double widths[] = { 120, 70, 70, 110 };
		static const int aligns[] = { XXGK_ALIGN_LEFT, XXGK_ALIGN_RIGHT, XXGK_ALIGN_RIGHT, XXGK_ALIGN_LEFT };
		L(rv, xxgk_layout_table(l, "主要比率", "单位：%", 4, heads, widths, aligns));
		for (int r = 0; r < XXGK_RATE_COUNT; r++) {
			const xxgk_diff_rate *x = &d.rates[r];
			char v1[COMPOSE_NUM_CAP], v2[COMPOSE_NUM_CAP];
			snprintf(v1, sizeof v1, x->a.defined ? "%.1f" : "—", 100 * x->a.value);
			snprintf(v2, sizeof v2, x->b.defined ? "%.1f" : "—", 100 * x->b.value);
			compose_reset(&t);
			if (x->a.defined && x->b.defined)
				compose_change_points(&t, x->b.value, x->a.value);
			else
				xxgk_buf_puts(&t, "—");
			const char *cells[4] = { xxgk_rate_label(r), v1, v2, t.data ? t.data : "" };
			L(rv, xxgk_layout_table_row(l, cells, false));
		}
	}
	/* the findings that appeared and went, in plain words */
	for (int side = 0; side < 2; side++) {
		const xxgk_findings *f = side ? &d.gone : &d.appeared;
		size_t k = 0;
		compose_reset(&t);
		xxgk_buf_puts(&t, side ? "上年报告有、本年度已不再出现的问题：" : "本年度新出现的问题：");
		for (size_t i = 0; i < f->count; i++) {
			if (compose_rule_kind(&f->items[i]) < 0)
				continue;
			xxgk_buf_printf(&t, "%s%s", k++ ? "；" : "", compose_rule_plain(f->items[i].rule));
			if (compose_rule_names_cells(f->items[i].rule) || !strcmp(f->items[i].rule, "cells.blank")) {
				xxgk_buf_puts(&t, "（");
				compose_finding_detail(&t, &f->items[i]);
				xxgk_buf_puts(&t, "）");
			}
		}
		if (!k)
			xxgk_buf_puts(&t, "无");
		xxgk_buf_puts(&t, "。");
		L(rv, xxgk_layout_paragraph(l, t.data));
	}
	if (t.failed)
		rv->rc = XXGK_ENOMEM;
done:
	xxgk_diff_free(&d);
	xxgk_report_free(a);
	xxgk_report_free(cur);
	xxgk_buf_free(&t);
}

static int agency_write(compose_review *rv, xxgk_layout **out, const compose_body *b)
{
	const xxgk_compose_options *o = rv->o;
	char title[320], d1[COMPOSE_NUM_CAP], d2[COMPOSE_NUM_CAP];
	xxgk_layout *l = NULL;
	xxgk_buf t;
	xxgk_buf_init(&t);
	snprintf(title, sizeof title, "关于%s%d年度政府信息公开工作年度报告的审查意见", b->name, rv->year);
	int rc = xxgk_layout_new(&l, title);
	if (rc != XXGK_OK)
		return rc;
	*out = l;
	xxgk_buf_printf(&t, "%s%d年度政府信息公开工作年度报告的审查意见和整改要求", b->name, rv->year);
	L(rv, xxgk_layout_subject(l, t.data));
	if (o->doc_number)
		L(rv, xxgk_layout_doc_number(l, o->doc_number));
	compose_reset(&t);
	xxgk_buf_printf(&t, "%s：", o->addressees ? o->addressees : b->name);
	L(rv, xxgk_layout_addressees(l, t.data));
	compose_reset(&t);
	xxgk_buf_printf(&t, "%s对你单位%d年度政府信息公开工作年度报告进行了审查。现将审查意见反馈如下。",
			o->issuer ? o->issuer : "我们", rv->year);
	L(rv, xxgk_layout_paragraph(l, t.data));

	L(rv, xxgk_layout_heading(l, 1, "一、基本情况"));
	compose_reset(&t);
	if (b->pub == XXGK_PUBLISHED_ON_TIME)
		xxgk_buf_printf(&t, "报告于%s发布，在规定时限（%s）内。", compose_date_zh(d1, sizeof d1, b->fig->published),
				compose_date_zh(d2, sizeof d2, b->deadline));
	else if (b->pub == XXGK_PUBLISHED_LATE)
		xxgk_buf_printf(&t, "报告于%s发布，晚于规定时限（%s）%d天。", compose_date_zh(d1, sizeof d1, b->fig->published),
				compose_date_zh(d2, sizeof d2, b->deadline), b->days_late);
	else
		xxgk_buf_puts(&t, "报告未载明发布日期，无法判断是否按期发布；请在报告中注明发布日期。");
	char n1[COMPOSE_NUM_CAP];
	if (b->fig->known & (1u << XXGK_FIG_NEW_RECEIVED)) {
		xxgk_buf_printf(&t, "全年新收政府信息公开申请%s件", compose_num(n1, sizeof n1, b->fig->v[XXGK_FIG_NEW_RECEIVED]));
		if (b->prev && (b->prev->known & (1u << XXGK_FIG_NEW_RECEIVED))) {
			xxgk_buf_puts(&t, "，比上年");
			compose_change(&t, b->fig->v[XXGK_FIG_NEW_RECEIVED], b->prev->v[XXGK_FIG_NEW_RECEIVED]);
		} else {
			xxgk_buf_puts(&t, "（没有上年报告，无法比较）");
		}
		xxgk_buf_puts(&t, "。");
	} else {
		xxgk_buf_puts(&t, "报告表三“本年新收”的总计没有可读的数字。");
	}
	L(rv, xxgk_layout_paragraph(l, t.data));
	agency_figures(rv, l, b);

	L(rv, xxgk_layout_heading(l, 1, "二、存在的问题"));
	int section = 0;
	char num[16], head[160];
	for (int kind = 0; kind < PROB_COUNT; kind++) {
		if (!b->counts[kind] || kind == PROB_MISSING)
			continue;
		snprintf(head, sizeof head, "（%s）%s", compose_numeral(num, sizeof num, ++section),
			 compose_problem_title(kind));
		L(rv, xxgk_layout_heading(l, 2, head));
		compose_reset(&t);
		if (kind == PROB_LATE) {
			xxgk_buf_printf(&t, "报告于%s发布，逾期%d天。", compose_date_zh(d1, sizeof d1, b->fig->published),
					b->days_late);
		} else if (kind == PROB_OUTLIER) {
			for (size_t g = 0; g < rv->flags.group_count; g++) {
				const compose_flag_group *fg = &rv->flags.groups[g];
				if (!strcmp(fg->sha256, b->fig->sha256))
					xxgk_buf_printf(&t, "%s。%s。", fg->words, fg->cause);
			}
		} else {
			compose_body_findings(rv, &t, b, kind, true);
			xxgk_buf_puts(&t, "。");
		}
		L(rv, xxgk_layout_paragraph(l, t.data));
	}
	if (!section)
		L(rv, xxgk_layout_paragraph(l, "经审查，报告按期发布，格式完整，数据勾稽关系正确，未发现与同级单位相比明显异常的数据。"));

	L(rv, xxgk_layout_heading(l, 1, "三、整改要求"));
	compose_rectify_section(rv, l, b);
	static const char *const annexes[] = { "审查方法说明", "与上年报告的比较" };
	L(rv, xxgk_layout_attachments(l, b->prev ? 2 : 1, annexes));
	L(rv, xxgk_layout_signature(l, o->issuer, compose_date_zh(d1, sizeof d1, rv->date)));
	L(rv, xxgk_layout_annex(l, b->prev ? "附件1" : "附件", "审查方法说明"));
	compose_method_annex(rv, l, NULL, b);
	if (b->prev)
		agency_diff(rv, l, b);
	if (t.failed)
		rv->rc = XXGK_ENOMEM;
	xxgk_buf_free(&t);
	return rv->rc;
}

int xxgk_compose_agency(xxgk_layout **out, xxgk_store *s, const char *sha256, const xxgk_compose_options *o,
			xxgk_error *err)
{
	compose_review rv;
	xxgk_report *r = NULL;
	xxgk_layout *l = NULL;
	int rc;
	*out = NULL;
	memset(&rv, 0, sizeof rv);
	if ((rc = xxgk_store_get(s, sha256, &r, err)) != XXGK_OK)
		return rc;
	if (!r)
		return xxgk_error_set(err, XXGK_EINVAL, 0, 0, "no report %s in the database", sha256);
	if (r->year <= 0) {
		rc = xxgk_error_set(err, XXGK_EINVAL, 0, 0, "report %s has no reporting year; it cannot be reviewed", sha256);
		goto done;
	}
	/* the scope is the body's own region: its findings, its flags (peers: the whole store) */
	if ((rc = compose_review_open(&rv, s, r->region_code ? r->region_code : "", r->year, false, o, err)) != XXGK_OK)
		goto done;
	const compose_body *b = compose_review_body(&rv, sha256);
	if (!b) {
		rc = xxgk_error_set(err, XXGK_EINVAL, 0, 0,
				    "report %s is not the chosen document of its body and year (see docs/store.md); "
				    "review the chosen one",
				    sha256);
		goto done;
	}
	if ((rc = agency_write(&rv, &l, b)) != XXGK_OK)
		xxgk_error_set(err, rc, 0, 0, "%s", rc == XXGK_ENOMEM ? "out of memory" : "the document could not be laid out");
done:
	if (rc == XXGK_OK)
		*out = l;
	else
		xxgk_layout_free(l);
	compose_review_close(&rv);
	xxgk_report_free(r);
	return rc;
}
