/*
 * years.c — run-together table-2 rows that only another year settles
 * (issue 11 item 6; xxgk/parse.h, xxgk_report_settle_by_year()).
 *
 * The 2021 template's table 2 prints, for 规章 and 行政规范性文件, 本年制发,
 * 本年废止 and 现行有效. A web copy that runs a row together ("693665") has
 * several cuts the report's own rules accept; the parser leaves the three
 * cells unreadable, each with the digits as printed (raw), and a
 * cells.ambiguous warning. The same body's neighbouring years tie the cells
 * together:
 *     现行有效(Y) = 现行有效(Y−1) + 本年制发(Y) − 本年废止(Y)
 *     现行有效(Y+1) = 现行有效(Y) + 本年制发(Y+1) − 本年废止(Y+1)
 * A cut is kept when every identity the neighbours' figures allow holds; a
 * cell whose value every kept cut agrees on is given it, kind inferred, with
 * a cells.settled_by_year warning naming the other report. Reports do not
 * always honour the identity (a rule they break): then no cut agrees and
 * nothing is settled; never a guess.
 */
#include <stdio.h>
#include <string.h>

#include "xxgk/parse.h"
#include "read_int.h"

/* Digits of a run-together row considered; 3 cells of at most 12 digits each. */
#define YEARS_RAW_MAX 36
#define YEARS_CELL_DIGITS 12
/* Cuts of a run of n digits into 3: (n−1)(n−2)/2. */
#define YEARS_CUTS_MAX ((YEARS_RAW_MAX - 1) * (YEARS_RAW_MAX - 2) / 2)

/* The index in report->active of `item`.`column` for the 2021 template, or −1. */
static int years_field(const char *item, const char *column)
{
	size_t n;
	const xxgk_active_field *f = xxgk_active_fields(XXGK_TEMPLATE_2021, &n);
	for (size_t i = 0; i < n; i++)
		if (strcmp(f[i].item, item) == 0 && strcmp(f[i].column, column) == 0)
			return (int)i;
	return -1;
}

/* A figure of another report usable in an identity: printed, or settled and said so. */
static bool years_known(const xxgk_report *o, int field, double *v)
{
	if (!o || o->template_kind != XXGK_TEMPLATE_2021 || field < 0)
		return false;
	const xxgk_cell *c = &o->active[field];
	if (!c->has_value || (c->kind != XXGK_KIND_NUMBER && c->kind != XXGK_KIND_INFERRED))
		return false;
	*v = c->value;
	return true;
}

/* The digits of a part: no leading zero unless it is "0". */
static bool years_part(const char *s, size_t n, double *out)
{
	if (n == 0 || n > YEARS_CELL_DIGITS || (n > 1 && s[0] == '0'))
		return false;
	double v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	*out = v;
	return true;
}

typedef struct {
	const char *item;
	const char *label;   /* as the template prints it, for messages */
} years_row;

static const years_row years_rows[] = {
	{ "regulations", "规章" },
	{ "normative_documents", "行政规范性文件" },
};

/* One row of `r`; 1 when some cell was settled, 0 when none, or an error. */
static int years_settle_row(xxgk_report *r, const years_row *row, const xxgk_report *prev,
			    const xxgk_report *next, const char *prev_name, const char *next_name)
{
	static const char *const cols[3] = { "issued", "repealed", "valid" };
	int f[3];
	for (int k = 0; k < 3; k++)
		if ((f[k] = years_field(row->item, cols[k])) < 0)
			return 0;
	xxgk_cell *c[3] = { &r->active[f[0]], &r->active[f[1]], &r->active[f[2]] };
	const char *raw = c[0]->raw;
	for (int k = 0; k < 3; k++)
		if (c[k]->kind != XXGK_KIND_UNREADABLE || c[k]->has_value || !c[k]->raw || !raw ||
		    strcmp(c[k]->raw, raw) != 0)
			return 0;
	size_t n = strlen(raw);
	if (n < 3 || n > YEARS_RAW_MAX || strspn(raw, "0123456789") != n)
		return 0;
	double prev_valid = 0, next_issued = 0, next_repealed = 0, next_valid = 0;
	bool have_prev = years_known(prev, f[2], &prev_valid);
	bool have_next = years_known(next, f[0], &next_issued) && years_known(next, f[1], &next_repealed) &&
			 years_known(next, f[2], &next_valid);
	if (!have_prev && !have_next)
		return 0;

	double kept[YEARS_CUTS_MAX][3];
	int nk = 0;
	for (size_t i = 1; i + 1 < n; i++)
		for (size_t j = i + 1; j < n; j++) {
			double v[3];
			if (!years_part(raw, i, &v[0]) || !years_part(raw + i, j - i, &v[1]) ||
			    !years_part(raw + j, n - j, &v[2]))
				continue;
			if (have_prev && v[2] != prev_valid + v[0] - v[1])
				continue;
			if (have_next && next_valid != v[2] + next_issued - next_repealed)
				continue;
			memcpy(kept[nk++], v, sizeof v);
		}
	if (nk == 0)
		return 0;
	bool settle[3];
	int settled = 0;
	for (int k = 0; k < 3; k++) {
		settle[k] = true;
		for (int q = 1; q < nk; q++)
			settle[k] &= kept[q][k] == kept[0][k];
		settled += settle[k];
	}
	if (settled == 0)
		return 0;
	char where[160] = "";
	size_t wl = 0;
	for (int k = 0; k < 3; k++) {
		if (!settle[k])
			continue;
		c[k]->value = kept[0][k];
		c[k]->has_value = true;
		c[k]->kind = XXGK_KIND_INFERRED;
		wl += (size_t)snprintf(where + wl, sizeof where - wl, "%sactive.%s.%s", wl ? "," : "", row->item,
				       cols[k]);
	}
	if (settled == 3) {
		char row_where[96];
		snprintf(row_where, sizeof row_where, "active.%s.*", row->item);
		char said[96];
		snprintf(said, sizeof said, "表二“%s”行", row->label);
		xxgk__report_unwarn(r, "cells.ambiguous", row_where, said);
	}
	char by[600];
	size_t bl = 0;
	if (have_prev)
		bl += (size_t)snprintf(by, sizeof by, "%d 年报告（%s）现行有效 %.15g 件", r->year - 1,
				       prev_name ? prev_name : "?", prev_valid);
	if (have_next && bl < sizeof by)
		snprintf(by + bl, sizeof by - bl, "%s%d 年报告（%s）%.15g/%.15g/%.15g 件", bl ? "、" : "", r->year + 1,
			 next_name ? next_name : "?", next_issued, next_repealed, next_valid);
	char values[96] = "";
	size_t vl = 0;
	for (int k = 0; k < 3 && vl < sizeof values; k++) {
		if (settle[k])
			vl += (size_t)snprintf(values + vl, sizeof values - vl, "%s%.15g", k ? "/" : "", kept[0][k]);
		else
			vl += (size_t)snprintf(values + vl, sizeof values - vl, "%s?", k ? "/" : "");
	}
	int rc = xxgk_report_warn_at(r, "cells.settled_by_year", c[0]->line, where,
				     "表二“%s”行印为“%s”，有多种拆分；按“现行有效＝上年现行有效＋本年制发－本年废止”与%s"
				     "相符的只有 %s（制发/废止/现行有效），据此推断",
				     row->label, raw, by, values);
	return rc == XXGK_OK ? 1 : rc;
}

int xxgk_report_settle_by_year(xxgk_report *r, const xxgk_report *prev, const xxgk_report *next,
			       const char *prev_name, const char *next_name, int *settled)
{
	*settled = 0;
	if (!r || r->template_kind != XXGK_TEMPLATE_2021 || !r->year)
		return XXGK_OK;
	if (prev && prev->year != r->year - 1)
		prev = NULL;
	if (next && next->year != r->year + 1)
		next = NULL;
	for (size_t i = 0; i < sizeof years_rows / sizeof years_rows[0]; i++) {
		int rc = years_settle_row(r, &years_rows[i], prev, next, prev_name, next_name);
		if (rc < 0)
			return rc;
		*settled += rc;
	}
	return XXGK_OK;
}
