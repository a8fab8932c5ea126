/*
 * findings.c — the stored findings read back, and when the store was last
 * checked (docs/store.md).
 *
 * Exports xxgk_store_findings, xxgk_store_mark_checked and
 * xxgk_store_unchecked (xxgk/store.h). `xxgk check --db` writes each
 * chosen report's findings (findings table, replacing the last run's) and
 * then the copy findings; it marks the store checked up to the highest
 * report id it saw (meta key `checked_max_id`), so that a report loaded
 * afterwards — whose absence of findings means "not checked", not "clean" —
 * can be told apart. Documents (src/compose/) read the findings from here,
 * waivers included, instead of running the rules again.
 */
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

/* The rows a findings query returns, in the order of its columns. */
static const char findings_sql[] =
	"SELECT r.sha256, f.rule, f.severity, f.where_path, f.lhs, f.rhs, f.delta, f.message, f.waived"
	" FROM findings f JOIN reports r ON r.id = f.report_id"
	" WHERE r.chosen = 1 AND r.year BETWEEN ? AND ? AND coalesce(r.region_code, '') LIKE ? || '%'"
	" ORDER BY r.region_code, r.body_key, r.year, f.report_id, f.seq";

static void findings_text(char *dst, size_t cap, sqlite3_stmt *st, int col)
{
	const char *t = (const char *)sqlite3_column_text(st, col);
	snprintf(dst, cap, "%s", t ? t : "");
}

static void findings_number(bool *has, double *v, sqlite3_stmt *st, int col)
{
	*has = sqlite3_column_type(st, col) != SQLITE_NULL;
	*v = *has ? sqlite3_column_double(st, col) : 0;
}

int xxgk_store_findings(xxgk_store *s, const char *region, int from, int to, xxgk_findings *out, xxgk_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = XXGK_OK, step;
	if (sqlite3_prepare_v2(s->db, findings_sql, -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, err, "reading findings");
	sqlite3_bind_int(st, 1, from);
	sqlite3_bind_int(st, 2, to);
	sqlite3_bind_text(st, 3, region ? region : "", -1, SQLITE_STATIC);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (out->count == out->cap) {
			size_t cap = out->cap ? out->cap * 2 : 64;
			xxgk_finding *items = realloc(out->items, cap * sizeof *items);
			if (!items) {
				rc = xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory reading findings");
				break;
			}
			out->items = items;
			out->cap = cap;
		}
		xxgk_finding *f = &out->items[out->count];
		memset(f, 0, sizeof *f);
		findings_text(f->report, sizeof f->report, st, 0);
		findings_text(f->rule, sizeof f->rule, st, 1);
		const char *sev = (const char *)sqlite3_column_text(st, 2);
		f->severity = sev && !strcmp(sev, "error") ? XXGK_SEV_ERROR
			      : sev && !strcmp(sev, "warning") ? XXGK_SEV_WARNING : XXGK_SEV_INFO;
		findings_text(f->where, sizeof f->where, st, 3);
		findings_number(&f->has_lhs, &f->lhs, st, 4);
		findings_number(&f->has_rhs, &f->rhs, st, 5);
		findings_number(&f->has_delta, &f->delta, st, 6);
		findings_text(f->message, sizeof f->message, st, 7);
		f->waived = sqlite3_column_type(st, 8) != SQLITE_NULL;
		if (f->waived)
			findings_text(f->waiver, sizeof f->waiver, st, 8);
		out->count++;
	}
	if (rc == XXGK_OK && step != SQLITE_DONE)
		rc = store_fail(s, err, "reading findings");
	sqlite3_finalize(st);
	return rc;
}

int xxgk_store_mark_checked(xxgk_store *s, xxgk_error *err)
{
	if (sqlite3_exec(s->db,
			 "INSERT OR REPLACE INTO meta VALUES('checked_max_id',"
			 " (SELECT coalesce(max(id), 0) FROM reports))",
			 NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(s, err, "recording the check");
	return XXGK_OK;
}

long long xxgk_store_unchecked(xxgk_store *s, const char *region, int from, int to)
{
	sqlite3_stmt *st = NULL;
	long long n = -1;
	if (sqlite3_prepare_v2(s->db,
			       "SELECT count(*) FROM reports WHERE chosen = 1 AND year BETWEEN ? AND ?"
			       " AND coalesce(region_code, '') LIKE ? || '%' AND id > coalesce("
			       " (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'checked_max_id'), 0)",
			       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int(st, 1, from);
		sqlite3_bind_int(st, 2, to);
		sqlite3_bind_text(st, 3, region ? region : "", -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			n = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	return n;
}
