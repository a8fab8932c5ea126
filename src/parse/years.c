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
#include <stdlib.h>
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
/* The other years' figures a settled row rests on, as the warning says them:
 * "2023 年报告（name）现行有效 N 件、2025 年报告（name）a/b/c 件". */
static void years_said(char *by, size_t cap, int year, const char *prev_name, bool have_prev, double prev_valid,
		       const char *next_name, bool have_next, const double next[3])
{
	size_t bl = 0;
	by[0] = '\0';
	if (have_prev)
		bl += (size_t)snprintf(by, cap, "%d 年报告（%s）现行有效 %.15g 件", year - 1, prev_name ? prev_name : "?",
				       prev_valid);
	if (have_next && bl < cap)
		snprintf(by + bl, cap - bl, "%s%d 年报告（%s）%.15g/%.15g/%.15g 件", bl ? "、" : "", year + 1,
			 next_name ? next_name : "?", next[0], next[1], next[2]);
}

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
	years_said(by, sizeof by, r->year, prev_name, have_prev, prev_valid, next_name, have_next,
		   (const double[3]){ next_issued, next_repealed, next_valid });
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

/* ------------------------------------------------------------ scans */

static int years_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Candidate readings of one scanned figure: its reading first, then its alternatives. */
#define YEARS_OCR_CANDS 600

/* The reading of `path` from a scan when no rule confirmed it (an ocr.unconfirmed warning), into
 * `reading`; false when the figure is not such a reading. */
static bool years_ocr_doubt(const xxgk_report *r, const char *path, char *reading, size_t cap)
{
	size_t pl = strlen(path), al = strlen(XXGK_OCR_READ_AS);
	for (size_t i = 0; r && i < r->warning_count; i++) {
		const xxgk_warning *w = &r->warnings[i];
		if (strcmp(w->code, "ocr.unconfirmed") != 0 || strncmp(w->message, path, pl) != 0 ||
		    strncmp(w->message + pl, XXGK_OCR_READ_AS, al) != 0)
			continue;
		const char *t = w->message + pl + al, *end = strstr(t, "（");
		size_t n = end ? (size_t)(end - t) : 0;
		if (n == 0 || n >= cap)
			return false;
		memcpy(reading, t, n);
		reading[n] = '\0';
		return true;
	}
	return false;
}

/*
 * One row of a scan's table 2 whose figures no rule of the report itself
 * confirmed (ocr.unconfirmed: a low confidence, or the two models read it
 * differently): every combination of the doubted cells' readings and their
 * alternatives is tried against the neighbours' identities; a doubted cell
 * to which every agreeing combination gives the same value (exactly one of
 * its candidates agrees) takes it — kind inferred where it differs from what
 * was read, the reading confirmed where it does not — and its
 * ocr.unconfirmed warning gives way to one cells.settled_by_year naming the
 * other report. The neighbour's figures used must not be doubted themselves.
 * 1 when settled, 0 when not, or an error.
 */
static int years_settle_ocr_row(xxgk_report *r, const years_row *row, const xxgk_report *prev,
				const xxgk_report *next, const char *prev_name, const char *next_name)
{
	static const char *const cols[3] = { "issued", "repealed", "valid" };
	double cand[3][YEARS_OCR_CANDS];
	int f[3], nc[3], doubted = 0;
	char path[3][96], reading[3][32];
	bool doubt[3];
	xxgk_cell *c[3];
	for (int k = 0; k < 3; k++) {
		if ((f[k] = years_field(row->item, cols[k])) < 0)
			return 0;
		c[k] = &r->active[f[k]];
		if (c[k]->kind != XXGK_KIND_NUMBER || !c[k]->has_value)
			return 0;
		snprintf(path[k], sizeof path[k], "active.%s.%s", row->item, cols[k]);
		doubt[k] = years_ocr_doubt(r, path[k], reading[k], sizeof reading[k]);
		cand[k][0] = c[k]->value;
		nc[k] = 1;
		if (doubt[k]) {
			doubted++;
			nc[k] += xxgk__ocr_alternatives(reading[k], cand[k] + 1, YEARS_OCR_CANDS - 1);
		}
	}
	if (!doubted)
		return 0;
	char tmp[32];
	double prev_valid = 0, next_issued = 0, next_repealed = 0, next_valid = 0;
	bool have_prev = years_known(prev, f[2], &prev_valid) && !years_ocr_doubt(prev, path[2], tmp, sizeof tmp);
	bool have_next = years_known(next, f[0], &next_issued) && years_known(next, f[1], &next_repealed) &&
			 years_known(next, f[2], &next_valid);
	for (int k = 0; k < 3 && have_next; k++)
		have_next = !years_ocr_doubt(next, path[k], tmp, sizeof tmp);
	if (!have_prev && !have_next)
		return 0;
	/* 现行有效 follows from the other two and a neighbour: each (制发, 废止) pair names the one it needs */
	qsort(cand[2], (size_t)nc[2], sizeof cand[2][0], years_cmp);
	double want_next = next_valid - next_issued + next_repealed, kept[3] = { 0, 0, 0 };
	bool same[3] = { true, true, true };
	long agree = 0;
	for (int i = 0; i < nc[0]; i++)
		for (int j = 0; j < nc[1]; j++) {
			double v[3] = { cand[0][i], cand[1][j], have_prev ? prev_valid + cand[0][i] - cand[1][j] : want_next };
			if ((have_prev && have_next && v[2] != want_next) ||
			    !bsearch(&v[2], cand[2], (size_t)nc[2], sizeof cand[2][0], years_cmp))
				continue;
			for (int k = 0; k < 3; k++) {
				if (agree == 0)
					kept[k] = v[k];
				else if (kept[k] != v[k])
					same[k] = false;
			}
			agree++;
		}
	int settled = 0;
	for (int k = 0; k < 3; k++) {
		doubt[k] = doubt[k] && agree > 0 && same[k];   /* from here: settled */
		settled += doubt[k];
	}
	if (!settled)
		return 0;
	char where[300] = "", said[400] = "";
	size_t wl = 0, sl = 0;
	for (int k = 0; k < 3; k++) {
		if (!doubt[k])
			continue;
		wl += (size_t)snprintf(where + wl, sizeof where - wl, "%s%s", wl ? "," : "", path[k]);
		if (sl < sizeof said)
			sl += (size_t)snprintf(said + sl, sizeof said - sl, "%s%s 识读为 %s，%s %.15g", sl ? "；" : "",
					       cols[k][0] == 'i' ? "本年制发" : cols[k][0] == 'r' ? "本年废止" : "现行有效",
					       reading[k], kept[k] == c[k]->value ? "相符的仍为" : "相符的为", kept[k]);
		if (kept[k] != c[k]->value) {
			c[k]->value = kept[k];
			c[k]->kind = XXGK_KIND_INFERRED;
		}
		char prefix[128];
		snprintf(prefix, sizeof prefix, "%s%s", path[k], XXGK_OCR_READ_AS);
		xxgk__report_unwarn(r, "ocr.unconfirmed", path[k], prefix);
	}
	char by[600];
	years_said(by, sizeof by, r->year, prev_name, have_prev, prev_valid, next_name, have_next,
		   (const double[3]){ next_issued, next_repealed, next_valid });
	int rc = xxgk_report_warn_at(r, "cells.settled_by_year", c[0]->line, where,
				     "表二“%s”行为扫描件识读，本报告勾稽关系无法核对（%s）；按“现行有效＝上年现行有效＋本年制发－本年废止”"
				     "与%s相符的识读只有一种，据此确定",
				     row->label, said, by);
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
		if (rc == 0)
			rc = years_settle_ocr_row(r, &years_rows[i], prev, next, prev_name, next_name);
		if (rc < 0)
			return rc;
		*settled += rc;
	}
	return XXGK_OK;
}
