/*
 * findings.c — the stored findings read back, and when the store was last
 * checked (docs/store.md).
 *
 * Exports xxgk_store_findings, xxgk_store_report_findings,
 * xxgk_store_finding_tallies and xxgk_store_unchecked (xxgk/store.h).
 * `xxgk check --db` (and xxgk_check_store with `save`) writes each chosen
 * report's findings (findings table, replacing the last run's), then the
 * copy findings, and records the check with its time (check_runs); a report
 * loaded afterwards — whose absence of findings means "not checked", not
 * "clean" — is told apart by its load time. Documents (src/compose/) read
 * the findings from here, with their ids, statuses (xxgk track), waivers
 * and the cells error localisation blames, instead of running the rules
 * again.
 */
#include <stdlib.h>
#include <string.h>

#include "xxgk/track.h"
#include "store_int.h"

/* The rows a findings query returns, in the order of its columns. */
#define FINDINGS_COLUMNS \
	"SELECT r.sha256, f.rule, f.severity, f.where_path, f.lhs, f.rhs, f.delta, f.message, f.waived," \
	" f.finding_id, st.status, coalesce(st.why, f.waived), f.fix, f.related" \
	" FROM findings f JOIN reports r ON r.id = f.report_id" \
	" LEFT JOIN finding_status st ON st.finding_id = f.finding_id"
static const char findings_sql[] = FINDINGS_COLUMNS
	" WHERE r.chosen = 1 AND r.year BETWEEN ? AND ? AND coalesce(r.region_code, '') LIKE ? || '%'"
	" ORDER BY r.region_code, r.body_key, r.year, f.report_id, f.seq";
static const char findings_one_sql[] = FINDINGS_COLUMNS
	" WHERE r.sha256 = ? AND r.chosen = 1 ORDER BY f.seq";

/* A finding's status as findings_sql reads it, in SQL: the recorded one, else a stored waiver's,
 * else open (finding_status holds only the four names: its CHECK). */
#define FINDING_STATUS_SQL "coalesce(st.status, CASE WHEN f.waived IS NULL THEN 'open' ELSE 'waived' END)"
static const char tallies_sql[] =
	"SELECT r.sha256, sum(f.severity = 'error'), sum(f.severity = 'warning'),"
	" sum(f.severity = 'error' AND " FINDING_STATUS_SQL " = 'open')"
	" FROM reports r JOIN findings f ON f.report_id = r.id"
	" LEFT JOIN finding_status st ON st.finding_id = f.finding_id"
	" WHERE r.chosen = 1 AND r.year BETWEEN ? AND ? AND coalesce(r.region_code, '') LIKE ? || '%'"
	" AND (?4 IS NULL OR r.id IN (SELECT report_id FROM findings WHERE finding_id = ?4))"
	" GROUP BY r.id";

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

/* Appends the rows of a prepared, bound findings query to `out`; finalizes it. */
static int findings_read(xxgk_store *s, sqlite3_stmt *st, xxgk_findings *out, xxgk_error *err)
{
	int rc = XXGK_OK, step;
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
		findings_text(f->id, sizeof f->id, st, 9);
		findings_text(f->related, sizeof f->related, st, 13);
		/* the recorded status (xxgk track) wins; a stored waiver is a waived status */
		const char *status = (const char *)sqlite3_column_text(st, 10);
		int sv = -1;
		for (int k = 0; status && k < XXGK_STATUS_COUNT; k++)
			if (!strcmp(status, xxgk_status_name(k)))
				sv = k;
		f->status = (uint8_t)(sv >= 0 ? sv : sqlite3_column_type(st, 8) != SQLITE_NULL ? XXGK_STATUS_WAIVED
											: XXGK_STATUS_OPEN);
		f->waived = f->status == XXGK_STATUS_WAIVED;
		if (f->waived)
			findings_text(f->waiver, sizeof f->waiver, st, 11);
		out->count++;
		/* the localisation's sentence ("（七）总计行自然人列印为0，按其他各项应为2") */
		const char *fix = (const char *)sqlite3_column_text(st, 12);
		if (fix && *fix) {
			if (!(f->blame = calloc(1, sizeof *f->blame))) {
				rc = xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory reading findings");
				break;
			}
			snprintf(f->blame->fix, sizeof f->blame->fix, "%s", fix);
		}
	}
	if (rc == XXGK_OK && step != SQLITE_DONE)
		rc = store_fail(s, err, "reading findings");
	sqlite3_finalize(st);
	return rc;
}

int xxgk_store_findings(xxgk_store *s, const char *region, int from, int to, xxgk_findings *out, xxgk_error *err)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(s->db, findings_sql, -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, err, "reading findings");
	sqlite3_bind_int(st, 1, from);
	sqlite3_bind_int(st, 2, to);
	sqlite3_bind_text(st, 3, region ? region : "", -1, SQLITE_STATIC);
	return findings_read(s, st, out, err);
}

int xxgk_store_report_findings(xxgk_store *s, const char *sha256, xxgk_findings *out, xxgk_error *err)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(s->db, findings_one_sql, -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, err, "reading findings");
	sqlite3_bind_text(st, 1, sha256, -1, SQLITE_STATIC);
	return findings_read(s, st, out, err);
}

int xxgk_store_finding_tallies(xxgk_store *s, const char *region, int from, int to, const char *finding_id,
			       xxgk_finding_tally **out, size_t *count, xxgk_error *err)
{
	sqlite3_stmt *st = NULL;
	xxgk_finding_tally *v = NULL;
	size_t n = 0, cap = 0;
	int rc = XXGK_OK, step;
	*out = NULL;
	*count = 0;
	if (sqlite3_prepare_v2(s->db, tallies_sql, -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, err, "counting findings");
	sqlite3_bind_int(st, 1, from);
	sqlite3_bind_int(st, 2, to);
	sqlite3_bind_text(st, 3, region ? region : "", -1, SQLITE_STATIC);
	if (finding_id)
		sqlite3_bind_text(st, 4, finding_id, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 4);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 1024;
			xxgk_finding_tally *nv = realloc(v, nc * sizeof *nv);
			if (!nv) {
				rc = xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory counting findings");
				break;
			}
			v = nv;
			cap = nc;
		}
		xxgk_finding_tally *t = &v[n++];
		findings_text(t->report, sizeof t->report, st, 0);
		t->errors = sqlite3_column_int(st, 1);
		t->warnings = sqlite3_column_int(st, 2);
		t->open = sqlite3_column_int(st, 3);
	}
	if (rc == XXGK_OK && step != SQLITE_DONE)
		rc = store_fail(s, err, "counting findings");
	sqlite3_finalize(st);
	if (rc != XXGK_OK) {
		free(v);
		return rc;
	}
	*out = v;
	*count = n;
	return XXGK_OK;
}

long long xxgk_store_unchecked(xxgk_store *s, const char *region, int from, int to)
{
	sqlite3_stmt *st = NULL;
	long long n = -1;
	/* checked: seen by a recorded check (xxgk_store_record_check: `xxgk check --db` and
	 * xxgk_check_store record one), not told by times, which are to the second */
	if (sqlite3_prepare_v2(s->db,
			       "SELECT count(*) FROM reports WHERE chosen = 1 AND year BETWEEN ? AND ?"
			       " AND coalesce(region_code, '') LIKE ? || '%'"
			       " AND checked = 0",
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
