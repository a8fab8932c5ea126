/*
 * claims.c — text.table_mismatch: the figures the narrative states (the
 * parser's claims) against the tables.
 *
 * Each claim key names what it counts in the tables: a row total ("办结92件"
 * → （七）总计), a family of rows ("无法提供265件" → the （四） rows), table 4
 * totals. Where a total cell is blank, the printed numbers of the row are
 * added and the message says so. "收到申请N件" may count new applications or
 * new and carried-over ones; either agreeing is agreement. Where the table's
 * cell could not be read (digits run together), the claim is compared with
 * every reading of the printed digits: a figure none of them gives is a
 * mismatch whatever the true cut is.
 */
#include <math.h>
#include <string.h>

#include "check_int.h"

/* A table figure: its value, and whether blanks were skipped to get it. */
typedef struct {
	bool known;
	double value;
	bool partial;        /* some cells were blank: the printed numbers were added */
	const xxgk_cell *unreadable;   /* the one unreadable cell, when that is why it is unknown */
	int width, position;           /* of that cell's printed row, for its readings */
} figure;

static void fig_add_cell(figure *f, const xxgk_cell *c)
{
	if (c->has_value) {
		f->value += c->value;
	} else if (c->kind == XXGK_KIND_BLANK || c->kind == XXGK_KIND_NA || c->kind == XXGK_KIND_ABSENT) {
		f->partial = f->partial || c->kind != XXGK_KIND_ABSENT;
	} else {
		f->known = false;
	}
}

/* A table-3 row's total: the 总计 cell, or the sum of the printed columns. */
static void fig_row(figure *f, const xxgk_report *r, int row)
{
	const xxgk_cell *t = &r->applications[row][XXGK_T3_TOTAL];
	if (t->has_value) {
		f->value += t->value;
		return;
	}
	if (t->kind == XXGK_KIND_UNREADABLE || t->kind == XXGK_KIND_INFERRED) {
		f->known = false;
		return;
	}
	for (int col = 0; col < XXGK_T3_TOTAL; col++)
		fig_add_cell(f, &r->applications[row][col]);
	f->partial = true;
}

static void fig_rows(figure *f, const xxgk_report *r, int first, int last)
{
	for (int row = first; row <= last; row++)
		fig_row(f, r, row);
}

static void fig_t4(figure *f, const xxgk_report *r, int g)
{
	const xxgk_cell *t = &r->reviews[g][XXGK_T4_TOTAL];
	if (t->has_value) {
		f->value += t->value;
		return;
	}
	for (int col = 0; col < XXGK_T4_TOTAL; col++)
		fig_add_cell(f, &r->reviews[g][col]);
	f->partial = true;
}

static void fig_active(figure *f, const xxgk_report *r, int index, int width, int position)
{
	const xxgk_cell *c = &r->active[index];
	if (c->has_value) {
		f->value += c->value;
	} else {
		f->known = false;
		if (c->kind == XXGK_KIND_UNREADABLE) {
			f->unreadable = c;
			f->width = width;
			f->position = position;
		}
	}
}

/* Can the digits `raw`, cut into `width` counts (no leading zeros), put `v` at `position`? */
static bool fig_reading_gives(const char *raw, int width, int position, double v, int depth, int cell)
{
	size_t n = strlen(raw);
	if (cell == width)
		return n == 0;
	if (n == 0 || depth > 32)
		return false;
	for (size_t l = 1; l <= n && l <= 15; l++) {
		if (l > 1 && raw[0] == '0')
			break;
		double x = 0;
		bool digits = true;
		for (size_t i = 0; i < l; i++) {
			if (raw[i] < '0' || raw[i] > '9')
				digits = false;
			x = x * 10 + (raw[i] - '0');
		}
		if (!digits)
			return false;
		if (cell == position && x != v)
			continue;
		if (fig_reading_gives(raw + l, width, position, v, depth + 1, cell + 1))
			return true;
	}
	return false;
}

static const char *const claim_names[][2] = {
	{ "new_received", "本年新收申请" }, { "received", "收到申请" }, { "carried_over", "上年结转申请" },
	{ "carried_forward", "结转下年度申请" }, { "total_processed", "办结申请" },
	{ "granted", "予以公开" }, { "partially_granted", "部分公开" }, { "granted_partial", "予以公开及部分公开" },
	{ "denied", "不予公开" }, { "unable", "无法提供" }, { "not_processed", "不予处理" },
	{ "review", "行政复议" }, { "litigation", "行政诉讼" }, { "review_litigation", "行政复议和行政诉讼" },
	{ "normative_valid", "现行有效规范性文件" }, { "normative_issued", "本年制发规范性文件" },
	{ "licensing", "行政许可决定" }, { "penalty", "行政处罚决定" }, { "coercion", "行政强制决定" },
};

static const char *claim_name(const char *key)
{
	for (size_t i = 0; i < sizeof claim_names / sizeof claim_names[0]; i++)
		if (strcmp(claim_names[i][0], key) == 0)
			return claim_names[i][1];
	return key;
}

/* The table figure a claim speaks of; `where` and `table` name it. */
static bool claim_figure(const xxgk_report *r, const char *key, figure *f, figure *alt, const char **where,
			 const char **table)
{
	memset(f, 0, sizeof *f);
	f->known = true;
	*alt = *f;
	alt->known = false;
	if (strcmp(key, "new_received") == 0 || strcmp(key, "received") == 0) {
		fig_row(f, r, XXGK_T3_NEW_RECEIVED);
		*where = "applications.new_received.total";
		*table = "表三“一、本年新收”";
		if (key[0] == 'r') {
			/* 收到 may count the carried-over applications too */
			*alt = *f;
			alt->known = f->known;
			fig_row(alt, r, XXGK_T3_CARRIED_OVER);
		}
	} else if (strcmp(key, "carried_over") == 0) {
		fig_row(f, r, XXGK_T3_CARRIED_OVER);
		*where = "applications.carried_over.total";
		*table = "表三“二、上年结转”";
	} else if (strcmp(key, "carried_forward") == 0) {
		fig_row(f, r, XXGK_T3_CARRIED_FORWARD);
		*where = "applications.carried_forward.total";
		*table = "表三“四、结转下年度继续办理”";
	} else if (strcmp(key, "total_processed") == 0) {
		fig_row(f, r, XXGK_T3_TOTAL_PROCESSED);
		*where = "applications.total_processed.total";
		*table = "表三“（七）总计”";
	} else if (strcmp(key, "granted") == 0) {
		fig_row(f, r, XXGK_T3_GRANTED);
		*where = "applications.granted.total";
		*table = "表三“（一）予以公开”";
	} else if (strcmp(key, "partially_granted") == 0) {
		fig_row(f, r, XXGK_T3_PARTIALLY_GRANTED);
		*where = "applications.partially_granted.total";
		*table = "表三“（二）部分公开”";
	} else if (strcmp(key, "granted_partial") == 0) {
		fig_rows(f, r, XXGK_T3_GRANTED, XXGK_T3_PARTIALLY_GRANTED);
		*where = "applications.granted.total+applications.partially_granted.total";
		*table = "表三“（一）予以公开”与“（二）部分公开”之和";
	} else if (strcmp(key, "denied") == 0) {
		fig_rows(f, r, XXGK_T3_DENIED_STATE_SECRET, XXGK_T3_DENIED_ADMIN_QUERY);
		*where = "applications.denied_*.total";
		*table = "表三“（三）不予公开”各项之和";
	} else if (strcmp(key, "unable") == 0) {
		fig_rows(f, r, XXGK_T3_UNABLE_NO_INFO, XXGK_T3_UNABLE_UNCLEAR);
		*where = "applications.unable_*.total";
		*table = "表三“（四）无法提供”各项之和";
	} else if (strcmp(key, "not_processed") == 0) {
		fig_rows(f, r, XXGK_T3_NOT_PROCESSED_COMPLAINT, XXGK_T3_NOT_PROCESSED_CONFIRM);
		*where = "applications.not_processed_*.total";
		*table = "表三“（五）不予处理”各项之和";
	} else if (strcmp(key, "review") == 0) {
		fig_t4(f, r, XXGK_T4_REVIEW);
		*where = "reviews.review.total";
		*table = "表四行政复议总计";
	} else if (strcmp(key, "litigation") == 0) {
		fig_t4(f, r, XXGK_T4_LITIGATION_DIRECT);
		fig_t4(f, r, XXGK_T4_LITIGATION_AFTER_REVIEW);
		*where = "reviews.litigation_*.total";
		*table = "表四行政诉讼总计（直接起诉与复议后起诉之和）";
	} else if (strcmp(key, "review_litigation") == 0) {
		for (int g = 0; g < XXGK_T4_GROUPS; g++)
			fig_t4(f, r, g);
		*where = "reviews.*.total";
		*table = "表四行政复议与行政诉讼总计之和";
	} else if ((strcmp(key, "licensing") == 0 || strcmp(key, "penalty") == 0 || strcmp(key, "coercion") == 0) &&
		   r->template_kind != XXGK_TEMPLATE_2019) {
		int idx = key[0] == 'l' ? 6 : key[0] == 'p' ? 7 : 8;
		fig_active(f, r, idx, 1, 0);
		*where = idx == 6 ? "active.licensing.decisions" : idx == 7 ? "active.penalty.decisions"
									  : "active.coercion.decisions";
		*table = idx == 6 ? "表二行政许可“本年处理决定数量”" : idx == 7 ? "表二行政处罚“本年处理决定数量”"
									     : "表二行政强制“本年处理决定数量”";
	} else if (strcmp(key, "normative_valid") == 0 && r->template_kind != XXGK_TEMPLATE_2019) {
		fig_active(f, r, 5, 3, 2);
		*where = "active.normative_documents.valid";
		*table = "表二行政规范性文件“现行有效件数”";
	} else if (strcmp(key, "normative_issued") == 0 && r->template_kind != XXGK_TEMPLATE_2019) {
		fig_active(f, r, 3, 3, 0);
		*where = "active.normative_documents.issued";
		*table = "表二行政规范性文件“本年制发件数”";
	} else {
		return false;
	}
	return true;
}

int check_claims(xxgk_findings *out, const xxgk_report *r)
{
	for (size_t i = 0; i < r->claim_count; i++) {
		const xxgk_claim *cl = &r->claims[i];
		figure f, alt;
		const char *where = "", *table = "";
		if (!claim_figure(r, cl->key, &f, &alt, &where, &table))
			continue;
		if (f.known) {
			if (fabs(f.value - cl->value) < 1e-6 || (alt.known && fabs(alt.value - cl->value) < 1e-6))
				continue;
			xxgk_finding *x = check_add(out, r, "text.table_mismatch", where, cl->line,
						    "正文称%s %.15g 件，%s为 %.15g%s，相差 %.15g", claim_name(cl->key),
						    cl->value, table, f.value, f.partial ? "（表中空栏不计）" : "",
						    cl->value - f.value);
			if (!x)
				return XXGK_ENOMEM;
			x->has_lhs = x->has_rhs = x->has_delta = true;
			x->lhs = cl->value;
			x->rhs = f.value;
			x->delta = cl->value - f.value;
			continue;
		}
		if (f.unreadable && f.unreadable->raw &&
		    !fig_reading_gives(f.unreadable->raw, f.width, f.position, cl->value, 0, 0)) {
			xxgk_finding *x = check_add(out, r, "text.table_mismatch", where, cl->line,
						    "正文称%s %.15g 件，%s印为“%s”，无论如何拆分都得不到 %.15g",
						    claim_name(cl->key), cl->value, table, f.unreadable->raw, cl->value);
			if (!x)
				return XXGK_ENOMEM;
			x->has_lhs = true;
			x->lhs = cl->value;
		}
	}
	return XXGK_OK;
}
