/*
 * years.c — xxgk_store_settle_years(): table-2 rows that only the body's
 * other years settle (issue 11 item 6), settled once both years are stored.
 * The arithmetic is the parser's (xxgk_report_settle_by_year, parse/years.c);
 * this finds the reports it may apply to and writes back what it settled.
 */
#include <stdlib.h>
#include <string.h>

#include "store_int.h"
#include "xxgk/parse.h"

/* Passes over the store: a year settled by its neighbour may settle the next one. */
#define YEARS_PASSES 8

/* Chosen 2021 reports with a table-2 row printed as one run of digits, or read from a scan and not
 * confirmed, and a stored neighbour year. */
static const char years_candidates_sql[] =
	"SELECT r.sha256, r.body_key, r.year FROM reports r"
	" WHERE r.chosen = 1 AND r.template = '2021' AND r.body_key IS NOT NULL AND r.year IS NOT NULL"
	" AND (EXISTS (SELECT 1 FROM cell_raw c WHERE c.report_id = r.id"
	"   AND c.path IN ('active.regulations.valid', 'active.normative_documents.valid'))"
	/* or a scan's figure of those rows that no rule of its own confirmed (parse/years.c) */
	"   OR EXISTS (SELECT 1 FROM warnings w WHERE w.report_id = r.id AND w.code = 'ocr.unconfirmed'"
	"   AND (w.message LIKE 'active.regulations.%' OR w.message LIKE 'active.normative_documents.%')))"
	" AND EXISTS (SELECT 1 FROM reports n WHERE n.chosen = 1 AND n.body_key = r.body_key"
	"   AND n.year IN (r.year - 1, r.year + 1))"
	" ORDER BY r.body_key, r.year";

static const char years_neighbour_sql[] =
	"SELECT sha256 FROM reports WHERE chosen = 1 AND body_key = ? AND year = ? LIMIT 1";

typedef struct {
	char sha256[65];
	char *body_key;
	int year;
} years_item;

static void years_items_free(years_item *items, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(items[i].body_key);
	free(items);
}

/* The candidates, read before anything is rewritten (a rewrite gives a report a new id). */
static int years_list(xxgk_store *s, years_item **out, size_t *count, xxgk_error *err)
{
	sqlite3_stmt *st = NULL;
	*out = NULL;
	*count = 0;
	if (sqlite3_prepare_v2(s->db, years_candidates_sql, -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, err, "finding rows other years settle");
	years_item *items = NULL;
	size_t n = 0, cap = 0;
	int rc = XXGK_OK, step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 16;
			years_item *grown = realloc(items, nc * sizeof *grown);
			if (!grown) {
				rc = xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
				break;
			}
			items = grown;
			cap = nc;
		}
		const char *sha = (const char *)sqlite3_column_text(st, 0);
		const char *body = (const char *)sqlite3_column_text(st, 1);
		snprintf(items[n].sha256, sizeof items[n].sha256, "%s", sha ? sha : "");
		items[n].body_key = body ? strdup(body) : NULL;
		items[n].year = sqlite3_column_int(st, 2);
		if (!items[n].body_key) {
			rc = xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
			break;
		}
		n++;
	}
	if (rc == XXGK_OK && step != SQLITE_DONE)
		rc = store_fail(s, err, "finding rows other years settle");
	sqlite3_finalize(st);
	if (rc != XXGK_OK) {
		years_items_free(items, n);
		return rc;
	}
	*out = items;
	*count = n;
	return XXGK_OK;
}

/* The chosen report of `body_key` in `year`, or NULL (*out) when there is none. */
static int years_neighbour(xxgk_store *s, sqlite3_stmt *st, const char *body_key, int year, xxgk_report **out,
			   xxgk_error *err)
{
	*out = NULL;
	sqlite3_bind_text(st, 1, body_key, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, year);
	int step = sqlite3_step(st);
	char sha[65] = "";
	if (step == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		snprintf(sha, sizeof sha, "%s", v ? v : "");
	}
	sqlite3_reset(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return store_fail(s, err, "reading the year before or after");
	return sha[0] ? xxgk_store_get(s, sha, out, err) : XXGK_OK;
}

/* One pass over the candidates; `*settled` counts the rows settled. */
static int years_pass(xxgk_store *s, size_t *settled, xxgk_error *err)
{
	years_item *items;
	size_t n;
	int rc = years_list(s, &items, &n, err);
	if (rc != XXGK_OK)
		return rc;
	sqlite3_stmt *st = NULL;
	if (n && sqlite3_prepare_v2(s->db, years_neighbour_sql, -1, &st, NULL) != SQLITE_OK) {
		years_items_free(items, n);
		return store_fail(s, err, "reading the year before or after");
	}
	for (size_t i = 0; i < n && rc == XXGK_OK; i++) {
		xxgk_report *r = NULL, *prev = NULL, *next = NULL;
		if ((rc = xxgk_store_get(s, items[i].sha256, &r, err)) == XXGK_OK && r &&
		    (rc = years_neighbour(s, st, items[i].body_key, items[i].year - 1, &prev, err)) == XXGK_OK &&
		    (rc = years_neighbour(s, st, items[i].body_key, items[i].year + 1, &next, err)) == XXGK_OK) {
			int rows = 0;
			rc = xxgk_report_settle_by_year(r, prev, next, prev ? prev->source_name : NULL,
							next ? next->source_name : NULL, &rows);
			if (rc == XXGK_OK && rows > 0) {
				int outcome;
				s->rewrite = true;
				rc = xxgk_store_put(s, r, &outcome, err);
				s->rewrite = false;
				*settled += (size_t)rows;
			}
		}
		xxgk_report_free(r);
		xxgk_report_free(prev);
		xxgk_report_free(next);
	}
	sqlite3_finalize(st);
	years_items_free(items, n);
	return rc;
}

int xxgk_store_settle_years(xxgk_store *s, size_t *settled, xxgk_error *err)
{
	size_t total = 0;
	int rc = xxgk_store_begin(s, err);
	for (int pass = 0; rc == XXGK_OK && pass < YEARS_PASSES; pass++) {
		size_t now = 0;
		rc = years_pass(s, &now, err);
		total += now;
		if (now == 0)
			break;
	}
	if (rc == XXGK_OK)
		rc = xxgk_store_commit(s, err);
	else
		xxgk_store_rollback(s);
	if (settled)
		*settled = total;
	return rc;
}
