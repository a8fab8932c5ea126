/*
 * ocr_verify.c — the figures of a scan checked against the report's own
 * rules (read_int.h, docs/ocr.md). OCR misreads digits (5↔3↔8, 6↔0, 1↔7, a
 * digit dropped or doubled); a misread figure breaks the relations of its
 * table, which a printed table keeps. So, per table (3 and 4; the
 * equations are the rule set's, xxgk_rules_table_lins()):
 *
 *   - an equation is judged only when all its cells are figures read from
 *     the page (a cell the parser inferred, or a blank, leaves it unjudged:
 *     an inference from a misread figure would agree with it);
 *   - when every judged equation holds, the figures in one are confirmed —
 *     not by one that holds blindly for the figure (another term of the
 *     opposite sign read the same: "11 0 0 0 0 0 11" read "14 … 14" holds
 *     too), unless two such do;
 *   - when some fail, each figure read in a failing equation is tried with
 *     its alternative readings (the confusions above, the chi_sim model's
 *     reading of the same cell, a noisy page's reading before its median). A correction is accepted only when
 *     exactly one (cell, reading) makes every judged equation hold: the cell
 *     becomes kind `inferred` with warning `ocr.corrected` naming what was
 *     read. Otherwise every figure read in a failing equation becomes
 *     `unreadable`, warning `ocr.unreadable` with what was read and the
 *     readings the rules would accept;
 *   - a figure no holding equation confirms (table 2, a row with blanks)
 *     gets warning `ocr.unconfirmed` when its confidence is below
 *     OCR_TRUST_CONF or the two models read it differently.
 * Never a figure changed on a guess: one accepted reading, or none.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xxgk/rules.h"
#include "read_int.h"

/* Confidence (Tesseract's 0–100) below which an unconfirmed figure is flagged. */
#define OCR_TRUST_CONF 90.0f
/* Equations of one table kept (table 3 has ~60 with the implied instances). */
#define OCR_MAX_LINS 256
/* Alternative readings tried for one cell. */
#define OCR_MAX_ALTS 512

typedef struct {
	xxgk_cell *cell;
	char path[96];
	const xxgk_ocr_cell *ocr;  /* NULL: not a figure read from the scan */
} ver_cell;

typedef struct {
	xxgk_report *r;
	const xxgk_ocr_cell *ocr;
	size_t ocr_count;
	ver_cell *cells;           /* every cell of the template, in SCHEMA order */
	size_t count, cap;
} ver_ctx;

/* The figure read at the cell's place, or NULL. */
static const xxgk_ocr_cell *ver_find(const ver_ctx *v, const xxgk_cell *cell)
{
	const xxgk_origin *o = xxgk_report_origin(v->r, cell);
	if (!o || !o->page)
		return NULL;
	double cx = (o->x0 + o->x1) / 2, cy = (o->y0 + o->y1) / 2;
	for (size_t k = 0; k < v->ocr_count; k++) {
		const xxgk_ocr_cell *c = &v->ocr[k];
		if (c->page == o->page && cx >= c->x0 - 1 && cx <= c->x1 + 1 && cy >= c->y0 - 1 && cy <= c->y1 + 1)
			return c;
	}
	return NULL;
}

static int ver_visit(const char *path, xxgk_cell *cell, void *ctx)
{
	ver_ctx *v = ctx;
	if (v->count == v->cap) {
		size_t ncap = v->cap ? v->cap * 2 : 256;
		ver_cell *p = realloc(v->cells, ncap * sizeof *p);
		if (!p)
			return XXGK_ENOMEM;
		v->cells = p;
		v->cap = ncap;
	}
	ver_cell *c = &v->cells[v->count++];
	c->cell = cell;
	snprintf(c->path, sizeof c->path, "%s", path);
	c->ocr = cell->kind == XXGK_KIND_NUMBER && cell->has_value ? ver_find(v, cell) : NULL;
	return 0;
}

static ver_cell *ver_of(ver_ctx *v, const xxgk_cell *cell)
{
	for (size_t k = 0; k < v->count; k++)
		if (v->cells[k].cell == cell)
			return &v->cells[k];
	return NULL;
}

/* ------------------------------------------------------------- readings */

/* Appends `s` to alts (distinct values only). */
static void ver_alt(double *alts, int *n, const char *s)
{
	if (*n >= OCR_MAX_ALTS || !*s)
		return;
	char *end;
	double v = strtod(s, &end);
	if (*end || !isfinite(v) || v < 0)
		return;
	for (int k = 0; k < *n; k++)
		if (alts[k] == v)
			return;
	alts[(*n)++] = v;
}

/* The readings a misread `s` may stand for: each digit swapped for one it is
 * confused with, a digit dropped (read doubled) or one added (dropped), the
 * other model's reading, and a noisy page's reading before its median. */
static int ver_alternatives(const xxgk_ocr_cell *c, double *alts)
{
	static const char *const confused[10] = {
		"689", "47", "7", "589", "1", "368", "085", "12", "0356", "038"
	};
	int n = 0;
	const char *s = c->text;
	size_t len = strlen(s);
	char buf[40];
	if (len + 2 > sizeof buf)
		return 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			continue;
		for (const char *q = confused[s[i] - '0']; *q; q++) {
			memcpy(buf, s, len + 1);
			buf[i] = *q;
			ver_alt(alts, &n, buf);
		}
		if (len > 1) {
			memcpy(buf, s, i);
			memcpy(buf + i, s + i + 1, len - i);
			ver_alt(alts, &n, buf);
		}
	}
	for (size_t i = 0; i <= len; i++)
		for (char d = '0'; d <= '9'; d++) {
			memcpy(buf, s, i);
			buf[i] = d;
			memcpy(buf + i + 1, s + i, len - i + 1);
			ver_alt(alts, &n, buf);
		}
	ver_alt(alts, &n, c->other);
	ver_alt(alts, &n, c->alt);
	return n;
}

/* ---------------------------------------------------------------- tables */

typedef struct {
	int cells;                /* grid size */
	ver_cell *at[XXGK_DEDUCE_CELLS];
	double val[XXGK_DEDUCE_CELLS];
	bool known[XXGK_DEDUCE_CELLS];
	xxgk_lin lins[OCR_MAX_LINS];
	int lin_count;
} ver_table;

/* 1: holds, 0: fails, −1: not judged (a cell unknown). */
static int ver_eq(const ver_table *t, const xxgk_lin *e)
{
	double sum = 0;
	for (int k = 0; k < e->term_count; k++) {
		int c = e->cell[k];
		if (c < 0 || c >= t->cells || !t->known[c])
			return -1;
		sum += e->coef[k] * t->val[c];
	}
	return fabs(sum) < 1e-6 ? 1 : 0;
}

/* Does equation `e` hold without saying anything of cell `c`'s reading: is
 * there another term of the opposite sign read as the same figure? A row
 * whose only figure is repeated as its total ("11 0 0 0 0 0 11") holds
 * whatever both were read as: the same glyphs misread the same way ("14 …
 * 14") keep it holding. Such an equation does not confirm either cell. */
static bool ver_eq_blind(const ver_table *t, const xxgk_lin *e, int c)
{
	double coef = 0;
	for (int q = 0; q < e->term_count; q++)
		if (e->cell[q] == c)
			coef += e->coef[q];
	for (int q = 0; q < e->term_count; q++) {
		int d = e->cell[q];
		if (d != c && d >= 0 && d < t->cells && t->known[d] && t->val[d] == t->val[c] &&
		    e->coef[q] * coef < 0)
			return true;
	}
	return false;
}

/* Does every judged equation hold? */
static bool ver_all_hold(const ver_table *t)
{
	for (int k = 0; k < t->lin_count; k++)
		if (ver_eq(t, &t->lins[k]) == 0)
			return false;
	return true;
}

static void ver_fmt(char *out, size_t cap, double v)
{
	snprintf(out, cap, "%.10g", v);
}

/* Suspects: read figures all of whose judged equations fail (a misread
 * figure breaks its row and its column; a right one beside it keeps one of
 * them). None such: every read figure of a failing equation. */
static int ver_suspects(const ver_table *t, int *out)
{
	int n = 0;
	for (int pass = 0; pass < 2 && n == 0; pass++)
		for (int c = 0; c < t->cells; c++) {
			if (!t->at[c] || !t->at[c]->ocr || !t->known[c])
				continue;
			int fail = 0, hold = 0;
			for (int k = 0; k < t->lin_count; k++) {
				const xxgk_lin *e = &t->lins[k];
				bool in = false;
				for (int q = 0; q < e->term_count && !in; q++)
					in = e->cell[q] == c;
				if (!in)
					continue;
				int j = ver_eq(t, e);
				fail += j == 0;
				hold += j == 1;
			}
			if (fail && (pass == 1 || hold == 0))
				out[n++] = c;
		}
	return n;
}

typedef struct {
	int count;           /* solutions found (stops at 2) */
	int cell[2];
	double val[2];
	int size;            /* cells changed in the solution */
} ver_search;

/* Tries every reading of suspects[from..] with `depth` more cells to change. */
static void ver_try(ver_table *t, const int *sus, int ns, double alts[][OCR_MAX_ALTS], const int *na, int from,
		    int depth, int *chosen, int used, ver_search *out)
{
	for (int i = from; i < ns && out->count < 2; i++) {
		int c = sus[i];
		double keep = t->val[c];
		for (int a = 0; a < na[i] && out->count < 2; a++) {
			if (alts[i][a] == keep)
				continue;
			t->val[c] = alts[i][a];
			chosen[used] = i;
			if (depth == 1) {
				if (ver_all_hold(t)) {
					if (out->count == 0)
						for (int k = 0; k <= used; k++) {
							out->cell[k] = sus[chosen[k]];
							out->val[k] = t->val[sus[chosen[k]]];
						}
					out->size = used + 1;
					out->count++;
				}
			} else {
				ver_try(t, sus, ns, alts, na, i + 1, depth - 1, chosen, used + 1, out);
			}
		}
		t->val[c] = keep;
	}
}

/* Is cell c in an equation that fails? */
static bool ver_in_failing(const ver_table *t, int c)
{
	for (int k = 0; k < t->lin_count; k++) {
		const xxgk_lin *e = &t->lins[k];
		for (int q = 0; q < e->term_count; q++)
			if (e->cell[q] == c)
				if (ver_eq(t, e) == 0)
					return true;
	}
	return false;
}

/* Twins: two read figures the same, of opposite signs in an equation that
 * holds (ver_eq_blind), both in equations that fail: the same glyphs misread
 * the same way ("11 … 11" read "14 … 14"). Into tc/td; returns how many. */
static int ver_twins(const ver_table *t, int *tc, int *td, int cap)
{
	int n = 0;
	for (int k = 0; k < t->lin_count; k++) {
		const xxgk_lin *e = &t->lins[k];
		if (ver_eq(t, e) != 1)
			continue;
		for (int a = 0; a < e->term_count; a++)
			for (int b = a + 1; b < e->term_count; b++) {
				int c = e->cell[a], d = e->cell[b];
				if (c == d || c < 0 || d < 0 || c >= t->cells || d >= t->cells || !t->at[c] ||
				    !t->at[d] || !t->at[c]->ocr || !t->at[d]->ocr || t->val[c] != t->val[d] ||
				    e->coef[a] * e->coef[b] >= 0)
					continue;
				bool seen = false;
				for (int i = 0; i < n && !seen; i++)
					seen = (tc[i] == c && td[i] == d) || (tc[i] == d && td[i] == c);
				if (!seen && n < cap && ver_in_failing(t, c) && ver_in_failing(t, d)) {
					tc[n] = c;
					td[n] = d;
					n++;
				}
			}
	}
	return n;
}

/* Tries every reading of each twin pair given to both at once. */
static void ver_try_twins(ver_table *t, const int *tc, const int *td, int nt, ver_search *out)
{
	double *alts = malloc(OCR_MAX_ALTS * sizeof *alts);
	if (!alts) {
		out->count = 2;   /* no search: no correction */
		return;
	}
	for (int i = 0; i < nt && out->count < 2; i++) {
		int c = tc[i], d = td[i];
		double keep = t->val[c];
		int na = ver_alternatives(t->at[c]->ocr, alts);
		for (int a = 0; a < na && out->count < 2; a++) {
			if (alts[a] == keep)
				continue;
			t->val[c] = t->val[d] = alts[a];
			if (ver_all_hold(t)) {
				if (out->count == 0) {
					out->cell[0] = c, out->cell[1] = d;
					out->val[0] = out->val[1] = alts[a];
					out->size = 2;
				}
				out->count++;
			}
		}
		t->val[c] = t->val[d] = keep;
	}
	free(alts);
}

/* Most suspects searched two at a time (pairs × readings²). */
#define OCR_MAX_PAIR_SUSPECTS 8

static int ver_table_check(ver_ctx *v, ver_table *t, bool *confirmed, bool *doubted)
{
	int rc = XXGK_OK;
	int sus[XXGK_DEDUCE_CELLS];
	int ns = ver_all_hold(t) ? 0 : ver_suspects(t, sus);
	if (ns > 0) {
		double (*alts)[OCR_MAX_ALTS] = malloc((size_t)ns * sizeof *alts);
		int na[XXGK_DEDUCE_CELLS];
		if (!alts)
			return XXGK_ENOMEM;
		for (int i = 0; i < ns; i++)
			na[i] = ver_alternatives(t->at[sus[i]]->ocr, alts[i]);
		ver_search found = { 0 };
		int chosen[2];
		ver_try(t, sus, ns, alts, na, 0, 1, chosen, 0, &found);
		int tc[16], td[16];
		int nt = ver_twins(t, tc, td, 16);
		ver_try_twins(t, tc, td, nt, &found);
		if (found.count == 0 && ns >= 2 && ns <= OCR_MAX_PAIR_SUSPECTS)
			ver_try(t, sus, ns, alts, na, 0, 2, chosen, 0, &found);
		free(alts);
		if (found.count == 1) {
			for (int k = 0; k < found.size && rc == XXGK_OK; k++) {
				int c = found.cell[k];
				ver_cell *vc = t->at[c];
				char was[40], now[40];
				ver_fmt(was, sizeof was, t->val[c]);
				ver_fmt(now, sizeof now, found.val[k]);
				vc->cell->kind = XXGK_KIND_INFERRED;
				vc->cell->value = found.val[k];
				t->val[c] = found.val[k];
				rc = xxgk_report_warn(v->r, "ocr.corrected", vc->cell->line,
						      "%s：扫描件识读为 %s（置信度 %.0f），与本表勾稽关系不符；"
						      "唯有读作 %s 时本表各项关系均成立，按 %s 取值，请核对原件第 %u 页",
						      vc->path, was, (double)vc->ocr->conf, now, now, (unsigned)vc->ocr->page);
			}
		} else {
			for (int i = 0; i < ns && rc == XXGK_OK; i++) {
				int c = sus[i];
				ver_cell *vc = t->at[c];
				char was[40];
				ver_fmt(was, sizeof was, t->val[c]);
				vc->cell->kind = XXGK_KIND_UNREADABLE;
				vc->cell->has_value = false;
				t->known[c] = false;
				rc = xxgk_report_warn(v->r, "ocr.unreadable", vc->cell->line,
						      "%s：扫描件识读为 %s（置信度 %.0f），本表勾稽关系不成立，"
						      "%s，请核对原件第 %u 页",
						      vc->path, was, (double)vc->ocr->conf,
						      found.count ? "改读数字的办法不止一种" : "改读一两个数字也无法使之成立",
						      (unsigned)vc->ocr->page);
			}
		}
	}
	/* figures in an equation that holds are confirmed, unless it holds
	 * blindly for them; two blind ones (a 0 in a row and a column of 0s)
	 * would need the same misread in three cells and more */
	int blind[XXGK_DEDUCE_CELLS] = { 0 };
	for (int k = 0; k < t->lin_count; k++)
		if (ver_eq(t, &t->lins[k]) == 1)
			for (int q = 0; q < t->lins[k].term_count; q++) {
				int c = t->lins[k].cell[q];
				if (c < 0 || c >= t->cells || !t->at[c])
					continue;
				if (!ver_eq_blind(t, &t->lins[k], c) || ++blind[c] >= 2)
					confirmed[t->at[c] - v->cells] = true;
			}
	/* a read figure still in a failing equation is not confirmed: flag it */
	for (int k = 0; k < t->lin_count && rc == XXGK_OK; k++)
		if (ver_eq(t, &t->lins[k]) == 0)
			for (int q = 0; q < t->lins[k].term_count; q++) {
				int c = t->lins[k].cell[q];
				if (c >= 0 && c < t->cells && t->at[c]) {
					confirmed[t->at[c] - v->cells] = false;
					doubted[t->at[c] - v->cells] = true;
				}
			}
	return rc;
}

/* Fills the grid of table 3 (25 × 7) or 4 (3 × 5) from the report. */
static void ver_table_load(ver_ctx *v, ver_table *t, int table, const xxgk_rules *rs)
{
	memset(t, 0, sizeof *t);
	xxgk_report *r = v->r;
	if (table == XXGK_TABLE_3) {
		t->cells = XXGK_T3_ROWS * XXGK_T3_COLS;
		for (int i = 0; i < t->cells; i++)
			t->at[i] = ver_of(v, &r->applications[i / XXGK_T3_COLS][i % XXGK_T3_COLS]);
	} else {
		t->cells = XXGK_T4_GROUPS * XXGK_T4_COLS;
		for (int i = 0; i < t->cells; i++)
			t->at[i] = ver_of(v, &r->reviews[i / XXGK_T4_COLS][i % XXGK_T4_COLS]);
	}
	for (int i = 0; i < t->cells; i++) {
		const ver_cell *vc = t->at[i];
		/* judged on figures printed: a read figure, or a number of a non-OCR source */
		if (vc && vc->cell->has_value && vc->cell->kind == XXGK_KIND_NUMBER) {
			t->known[i] = true;
			t->val[i] = vc->cell->value;
		}
	}
	int n = xxgk_rules_table_lins(rs, r->template_kind, table, t->lins, OCR_MAX_LINS);
	t->lin_count = n < OCR_MAX_LINS ? n : OCR_MAX_LINS;
}

int xxgk__ocr_verify(xxgk_report *r, const xxgk_ocr_cell *ocr, size_t ocr_count)
{
	ver_ctx v = { .r = r, .ocr = ocr, .ocr_count = ocr_count };
	const xxgk_rules *rs = NULL;
	ver_table *t = NULL;
	bool *confirmed = NULL, *doubted = NULL;
	int rc = xxgk_report_each_cell(r, ver_visit, &v);
	if (rc == XXGK_OK && xxgk_rules_default(&rs) != XXGK_OK)
		rs = NULL;
	if (rc == XXGK_OK) {
		t = malloc(sizeof *t);
		confirmed = calloc(v.count ? v.count : 1, sizeof *confirmed);
		doubted = calloc(v.count ? v.count : 1, sizeof *doubted);
		if (!t || !confirmed || !doubted)
			rc = XXGK_ENOMEM;
	}
	for (int table = XXGK_TABLE_3; rc == XXGK_OK && rs && table <= XXGK_TABLE_4; table++) {
		ver_table_load(&v, t, table, rs);
		rc = ver_table_check(&v, t, confirmed, doubted);
	}
	for (size_t k = 0; k < v.count && rc == XXGK_OK; k++) {
		const ver_cell *vc = &v.cells[k];
		if (!vc->ocr || confirmed[k] || vc->cell->kind != XXGK_KIND_NUMBER)
			continue;
		char other[40] = "";
		if (strcmp(vc->ocr->text, vc->ocr->other) != 0)
			snprintf(other, sizeof other, "，另一模型读作 %s", *vc->ocr->other ? vc->ocr->other : "（空）");
		else if (*vc->ocr->alt)
			snprintf(other, sizeof other, "，去噪前读作 %s", vc->ocr->alt);
		if (doubted[k])
			rc = xxgk_report_warn(r, "ocr.unconfirmed", vc->cell->line,
					      "%s" XXGK_OCR_READ_AS "%s（置信度 %.0f%s），所在的勾稽关系不成立，请核对原件第 %u 页",
					      vc->path, vc->ocr->text, (double)vc->ocr->conf, other, (unsigned)vc->ocr->page);
		else if (vc->ocr->conf < OCR_TRUST_CONF || *other)
			rc = xxgk_report_warn(r, "ocr.unconfirmed", vc->cell->line,
					      "%s" XXGK_OCR_READ_AS "%s（置信度 %.0f%s），无勾稽关系可以核对，请核对原件第 %u 页",
					      vc->path, vc->ocr->text, (double)vc->ocr->conf, other, (unsigned)vc->ocr->page);
	}
	if (rc == XXGK_OK && ocr_count)
		rc = xxgk_report_warn(r, "ocr.read", 0,
				      "扫描件：%zu 个数字经 OCR 识读，已按本报告各表勾稽关系核对（见 ocr.* 警告）",
				      ocr_count);
	free(t);
	free(confirmed);
	free(doubted);
	free(v.cells);
	return rc == XXGK_OK ? XXGK_OK : XXGK_ENOMEM;
}

int xxgk__ocr_alternatives(const char *reading, double *alts, int cap)
{
	xxgk_ocr_cell c;
	double all[OCR_MAX_ALTS];
	memset(&c, 0, sizeof c);
	if (strlen(reading) >= sizeof c.text)
		return 0;
	memcpy(c.text, reading, strlen(reading) + 1);
	int n = ver_alternatives(&c, all);
	n = n < cap ? n : cap;
	memcpy(alts, all, (size_t)n * sizeof *alts);
	return n;
}
