/*
 * diff.c — one body's two reports compared (xxgk/diff.h): cells, rates,
 * findings. Exports xxgk_diff_reports and xxgk_diff_free.
 *
 * A cell differs when one side has a number and the other none (a blank
 * against a printed 0 is exactly what a corrected report changes), or the
 * numbers differ; a number recovered by the parser's inference counts as a
 * number. Two cells without a number do not differ, whatever their kinds.
 * Findings are matched by rule and cell (their ids made with one body key
 * and no year), so "the same error" is recognised across two years.
 */
#include <stdlib.h>
#include <string.h>

#include "xxgk/diff.h"
#include "xxgk/rules.h"
#include "xxgk/track.h"
#include "../common/common_int.h"

typedef struct {
	char path[96];
	const xxgk_cell *cell;
} diff_entry;

typedef struct {
	diff_entry *e;
	size_t count, cap;
	bool oom;
} diff_list;

static int diff_collect(const char *path, xxgk_cell *cell, void *ctx)
{
	diff_list *l = ctx;
	if (l->count == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 256;
		diff_entry *n = realloc(l->e, cap * sizeof *n);
		if (!n) {
			l->oom = true;
			return 1;
		}
		l->e = n;
		l->cap = cap;
	}
	snprintf(l->e[l->count].path, sizeof l->e[l->count].path, "%s", path);
	l->e[l->count++].cell = cell;
	return 0;
}

static const xxgk_cell *diff_find(const diff_list *l, const char *path)
{
	for (size_t i = 0; i < l->count; i++)   /* 200 cells: a scan is cheaper than sorting */
		if (!strcmp(l->e[i].path, path))
			return l->e[i].cell;
	return NULL;
}

static bool diff_has(const xxgk_cell *c)
{
	return c && c->has_value;
}

static int diff_add(xxgk_diff *d, size_t *cap, const char *path, const xxgk_cell *a, const xxgk_cell *b)
{
	bool ha = diff_has(a), hb = diff_has(b);
	if (!ha && !hb)
		return XXGK_OK;
	if (ha && hb && a->value == b->value)
		return XXGK_OK;
	if (d->cell_count == *cap) {
		size_t n = *cap ? *cap * 2 : 32;
		xxgk_diff_cell *c = realloc(d->cells, n * sizeof *c);
		if (!c)
			return XXGK_ENOMEM;
		d->cells = c;
		*cap = n;
	}
	xxgk_diff_cell *x = &d->cells[d->cell_count++];
	memset(x, 0, sizeof *x);
	snprintf(x->path, sizeof x->path, "%s", path);
	xxgk_path_labels(path, &x->table, &x->row, &x->column);
	x->has_a = ha;
	x->has_b = hb;
	x->a = ha ? a->value : 0;
	x->b = hb ? b->value : 0;
	x->kind_a = a ? a->kind : XXGK_KIND_ABSENT;
	x->kind_b = b ? b->kind : XXGK_KIND_ABSENT;
	return XXGK_OK;
}

/* The findings of one report (with the rules across years when `prev` is its previous year). */
static int diff_findings(xxgk_findings *out, const xxgk_report *r, const xxgk_report *prev,
			 const struct xxgk_rules *rules)
{
	xxgk_findings_init(out);
	int rc = xxgk_check_report_with(out, r, rules);
	if (rc == XXGK_OK && prev)
		rc = xxgk_check_years_with(out, prev, r, rules);
	/* one body key and no year: the same rule on the same cell has the same id in both */
	if (rc == XXGK_OK)
		xxgk_findings_identify(out, 0, "diff", 0);
	return rc;
}

static int diff_only_in(xxgk_findings *out, const xxgk_findings *x, const xxgk_findings *y)
{
	for (size_t i = 0; i < x->count; i++) {
		bool found = false;
		for (size_t j = 0; j < y->count && !found; j++)
			found = !strcmp(x->items[i].id, y->items[j].id);
		if (found)
			continue;
		if (out->count == out->cap) {
			size_t cap = out->cap ? out->cap * 2 : 8;
			xxgk_finding *n = realloc(out->items, cap * sizeof *n);
			if (!n)
				return XXGK_ENOMEM;
			out->items = n;
			out->cap = cap;
		}
		if (xxgk_finding_copy(&out->items[out->count], &x->items[i]) != XXGK_OK)
			return XXGK_ENOMEM;
		out->count++;
	}
	return XXGK_OK;
}

int xxgk_diff_reports(xxgk_diff *out, const xxgk_report *a, const xxgk_report *b, const struct xxgk_rules *rules)
{
	memset(out, 0, sizeof *out);
	out->a = a;
	out->b = b;
	xxgk_findings_init(&out->appeared);
	xxgk_findings_init(&out->gone);
	char ka[512], kb[512];
	xxgk_report_body_key(ka, sizeof ka, a);
	xxgk_report_body_key(kb, sizeof kb, b);
	bool same = !strcmp(ka, kb);
	out->relation = same && a->year == b->year ? XXGK_DIFF_VERSIONS
			: same && b->year > a->year ? XXGK_DIFF_YEARS : XXGK_DIFF_OTHER;
	diff_list la = { NULL, 0, 0, false }, lb = { NULL, 0, 0, false };
	/* the visitor takes a mutable report; it only reads */
	xxgk_report_each_cell((xxgk_report *)(uintptr_t)a, diff_collect, &la);
	xxgk_report_each_cell((xxgk_report *)(uintptr_t)b, diff_collect, &lb);
	int rc = la.oom || lb.oom ? XXGK_ENOMEM : XXGK_OK;
	size_t cap = 0;
	for (size_t i = 0; i < la.count && rc == XXGK_OK; i++) {
		const xxgk_cell *cb = diff_find(&lb, la.e[i].path);
		out->cells_compared += cb != NULL;
		rc = diff_add(out, &cap, la.e[i].path, la.e[i].cell, cb);
	}
	/* cells only b has (the other template's table 2) */
	for (size_t i = 0; i < lb.count && rc == XXGK_OK; i++)
		if (!diff_find(&la, lb.e[i].path))
			rc = diff_add(out, &cap, lb.e[i].path, NULL, lb.e[i].cell);
	free(la.e);
	free(lb.e);
	for (int k = 0; k < XXGK_RATE_COUNT; k++) {
		out->rates[k].a = xxgk_report_rate(a, k);
		out->rates[k].b = xxgk_report_rate(b, k);
	}
	xxgk_findings fa, fb;
	xxgk_findings_init(&fa);
	xxgk_findings_init(&fb);
	if (rc == XXGK_OK)
		rc = diff_findings(&fa, a, NULL, rules);
	if (rc == XXGK_OK)
		rc = diff_findings(&fb, b, out->relation == XXGK_DIFF_YEARS && b->year == a->year + 1 ? a : NULL, rules);
	if (rc == XXGK_OK)
		rc = diff_only_in(&out->appeared, &fb, &fa);
	if (rc == XXGK_OK)
		rc = diff_only_in(&out->gone, &fa, &fb);
	xxgk_findings_free(&fa);
	xxgk_findings_free(&fb);
	if (rc != XXGK_OK)
		xxgk_diff_free(out);
	return rc;
}

void xxgk_diff_free(xxgk_diff *d)
{
	if (!d)
		return;
	free(d->cells);
	xxgk_findings_free(&d->appeared);
	xxgk_findings_free(&d->gone);
	memset(d, 0, sizeof *d);
}
