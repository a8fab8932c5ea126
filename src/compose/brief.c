/*
 * brief.c — xxgk_compose_outliers: a brief for supervisors on the bodies whose
 * figures stand out from all their peers (DOMAIN.md: "the agencies that
 * stand out"), one section per body with its flags in words, the likely
 * cause and what it is asked to do; the funnel plots of the rates; the
 * statistics and thresholds in the annex. A flag is a reason to look, not a
 * verdict, and the brief says so.
 */
#include <string.h>

#include "compose_int.h"

static int brief_write(compose_review *rv, xxgk_layout **out, const char *scope)
{
	const xxgk_compose_options *o = rv->o;
	char title[320], d[COMPOSE_NUM_CAP], num[16], head[256];
	xxgk_layout *l = NULL;
	xxgk_buf t;
	size_t bodies = 0, flagged = 0, by_kind[FLAG_KINDS] = { 0 };
	xxgk_buf_init(&t);
	for (size_t i = 0; i < rv->body_count; i++)
		bodies += !rv->bodies[i].missing;
	for (size_t g = 0; g < rv->flags.group_count; g++) {
		const compose_flag_group *fg = &rv->flags.groups[g];
		bool seen[FLAG_KINDS] = { false };
		for (size_t k = fg->first; k < fg->first + fg->count; k++)
			seen[compose_flag_kind_of(rv->flags.flags[k])] = true;
		for (int k = 0; k < FLAG_KINDS; k++)
			by_kind[k] += seen[k];
		flagged++;
	}
	snprintf(title, sizeof title, "%s%d年度政府信息公开工作年度报告数据异常情况", scope, rv->year);
	int rc = xxgk_layout_new(&l, title);
	if (rc != XXGK_OK)
		return rc;
	*out = l;
	xxgk_buf_printf(&t, "%s%d年度报告中与全部同级单位相比明显异常的数据及核实要求", scope, rv->year);
	L(rv, xxgk_layout_subject(l, t.data));
	if (o->doc_number)
		L(rv, xxgk_layout_doc_number(l, o->doc_number));
	if (o->addressees) {
		compose_reset(&t);
		xxgk_buf_printf(&t, "%s：", o->addressees);
		L(rv, xxgk_layout_addressees(l, t.data));
	}
	compose_reset(&t);
	xxgk_buf_printf(&t, "将%s%zu个单位%d年度报告的数据与全部同级单位逐项比较，%zu个单位的数据明显异常，列示如下。"
			    "异常不等于错误：请有关单位核实，确属填报错误的更正报告，确有实际原因的在报告中说明。",
			*scope ? scope : "", bodies, rv->year, flagged);
	L(rv, xxgk_layout_paragraph(l, t.data));

	L(rv, xxgk_layout_heading(l, 1, "一、总体情况"));
	static const char *const kinds[FLAG_KINDS] = { "件数明显高于同级", "件数明显低于同级", "比上年大幅增加",
						       "比上年大幅减少", "比率明显高于同级", "比率明显低于同级" };
	static const char *const heads[] = { "异常类型", "单位数" };
	static const double widths[] = { 4, 1.5 };
	static const int aligns[] = { XXGK_ALIGN_LEFT, XXGK_ALIGN_RIGHT };
	L(rv, xxgk_layout_table(l, "数据异常的单位", "单位：个", 2, heads, widths, aligns));
	for (int k = 0; k < FLAG_KINDS; k++) {
		char n[16];
		snprintf(n, sizeof n, "%zu", by_kind[k]);
		const char *cells[2] = { kinds[k], n };
		L(rv, xxgk_layout_table_row(l, cells, false));
	}
	L(rv, xxgk_layout_note(l, "注：一个单位可能有多种异常；同一单位同一类型的多项异常（如新收申请和办理总计同时大幅增加）合为一项。"));

	L(rv, xxgk_layout_heading(l, 1, "二、各单位情况"));
	int section = 0;
	for (size_t g = 0; g < rv->flags.group_count;) {
		const compose_flag_group *fg = &rv->flags.groups[g];
		snprintf(head, sizeof head, "（%s）%s", compose_numeral(num, sizeof num, ++section), fg->name);
		L(rv, xxgk_layout_heading(l, 2, head));
		for (; g < rv->flags.group_count && !strcmp(rv->flags.groups[g].sha256, fg->sha256); g++) {
			const compose_flag_group *x = &rv->flags.groups[g];
			compose_reset(&t);
			xxgk_buf_printf(&t, "%s。%s。%s。", x->words, x->cause, x->ask);
			L(rv, xxgk_layout_paragraph(l, t.data));
		}
	}
	size_t charts = 0;
	L(rv, xxgk_layout_heading(l, 1, "三、比率的漏斗图"));
	L(rv, compose_funnel_charts(l, &rv->flags, &charts));
	if (!charts)
		L(rv, xxgk_layout_paragraph(l, "没有需要用漏斗图说明的比率异常。"));
	static const char *const annexes[] = { "统计方法和统计量" };
	L(rv, xxgk_layout_attachments(l, 1, annexes));
	L(rv, xxgk_layout_signature(l, o->issuer, compose_date_zh(d, sizeof d, rv->date)));
	L(rv, xxgk_layout_annex(l, "附件", "统计方法和统计量"));
	compose_method_annex(rv, l, NULL, NULL);
	if (t.failed)
		rv->rc = XXGK_ENOMEM;
	xxgk_buf_free(&t);
	return rv->rc;
}

int xxgk_compose_outliers(xxgk_layout **out, xxgk_store *s, const char *region, int year,
			  const xxgk_compose_options *o, xxgk_error *err)
{
	compose_review rv;
	xxgk_layout *l = NULL;
	int rc;
	*out = NULL;
	region = region ? region : "";
	if (strlen(region) > 6)
		return xxgk_error_set(err, XXGK_EINVAL, 0, 0, "a brief covers a region of 2, 4 or 6 digits, or the whole store");
	if ((rc = compose_review_open(&rv, s, region, year, *region != '\0', o, err)) != XXGK_OK)
		goto done;
	if (!rv.flags.group_count) {
		rc = xxgk_error_set(err, XXGK_EINVAL, 0, 0, "no body%s%s stands out in %d; no brief to write",
				    *region ? " of " : "", region, rv.year);
		goto done;
	}
	if ((rc = brief_write(&rv, &l, rv.r ? compose_last_part(rv.r->name) : "")) != XXGK_OK)
		xxgk_error_set(err, rc, 0, 0, "%s", rc == XXGK_ENOMEM ? "out of memory" : "the document could not be laid out");
done:
	if (rc == XXGK_OK)
		*out = l;
	else
		xxgk_layout_free(l);
	compose_review_close(&rv);
	return rc;
}
