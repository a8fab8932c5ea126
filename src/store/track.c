/*
 * track.c — the store's side of the rectification loop (docs/track.md,
 * xxgk/track.h): statuses with their history, and what each check found.
 *
 * Exports xxgk_store_statuses, xxgk_store_set_status,
 * xxgk_store_record_check and xxgk_store_tracked (xxgk/store.h).
 *
 * Tables (schema version 3): finding_status holds each finding's current
 * status, finding_status_log every change (who, when, why, from which file);
 * check_runs one row per `xxgk check --db`; finding_track one row per
 * finding id ever found, with its last description and whether the last
 * check found it (open); finding_events, per check, the findings that
 * appeared (new), came back (reopened) or went (fixed). The state at any
 * past moment is the last event of each finding before it.
 */
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

static const char *track_text(sqlite3_stmt *st, int i)
{
	const unsigned char *v = sqlite3_column_text(st, i);
	return v ? (const char *)v : NULL;
}

static int track_status_of(const char *name)
{
	for (int i = 0; i < XXGK_STATUS_COUNT; i++)
		if (name && !strcmp(name, xxgk_status_name(i)))
			return i;
	return XXGK_STATUS_OPEN;
}

int xxgk_store_statuses(xxgk_store *s, xxgk_statuses *out, xxgk_error *err)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(s->db, "SELECT finding_id, status, who, at, why, source FROM finding_status ORDER BY finding_id",
			       -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, err, "reading statuses");
	int rc = XXGK_OK, step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW && rc == XXGK_OK)
		rc = xxgk_statuses_put(out, track_text(st, 0), track_status_of(track_text(st, 1)), track_text(st, 2),
				       track_text(st, 3), track_text(st, 4), track_text(st, 5));
	if (rc == XXGK_ENOMEM)
		xxgk_error_set(err, rc, 0, 0, "out of memory");
	else if (step != SQLITE_DONE && step != SQLITE_ROW)
		rc = store_fail(s, err, "reading statuses");
	sqlite3_finalize(st);
	if (rc != XXGK_OK)
		xxgk_statuses_free(out);
	return rc;
}

static bool track_same(const char *stored, const char *given)
{
	/* a field left empty keeps what is recorded */
	return !given || !*given || (stored && !strcmp(stored, given));
}

int xxgk_store_set_status(xxgk_store *s, const char *id, int status, const char *who, const char *at,
			  const char *why, const char *source, int *outcome, xxgk_error *err)
{
	*outcome = XXGK_STATUS_SET_UNKNOWN;
	if (status < 0 || status >= XXGK_STATUS_COUNT)
		return xxgk_error_set(err, XXGK_EINVAL, 0, 0, "status %d out of range", status);
	sqlite3_stmt *st = NULL;
	int rc = XXGK_OK;
	if (sqlite3_prepare_v2(s->db,
			       "SELECT t.finding_id, st.status, st.who, st.why FROM finding_track t"
			       " LEFT JOIN finding_status st ON st.finding_id = t.finding_id WHERE t.finding_id = ?",
			       -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, err, "reading a status");
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	int step = sqlite3_step(st);
	if (step == SQLITE_DONE) {
		sqlite3_finalize(st);
		return XXGK_OK;   /* no check has found such a finding */
	}
	if (step != SQLITE_ROW) {
		sqlite3_finalize(st);
		return store_fail(s, err, "reading a status");
	}
	int old = track_status_of(track_text(st, 1));
	bool same = old == status && track_same(track_text(st, 2), who) && track_same(track_text(st, 3), why);
	sqlite3_finalize(st);
	if (same) {
		*outcome = XXGK_STATUS_SET_SAME;
		return XXGK_OK;
	}
	static const char *const sql[] = {
		"INSERT INTO finding_status VALUES(?1, ?2, nullif(?3, ''), ?4, nullif(?5, ''), ?6)"
		" ON CONFLICT(finding_id) DO UPDATE SET status = excluded.status,"
		" who = coalesce(excluded.who, who), at = excluded.at, why = coalesce(excluded.why, why),"
		" source = excluded.source",
		"INSERT INTO finding_status_log(finding_id, status, who, at, why, source)"
		" VALUES(?1, ?2, nullif(?3, ''), ?4, nullif(?5, ''), ?6)",
	};
	for (size_t k = 0; k < 2 && rc == XXGK_OK; k++) {
		if (sqlite3_prepare_v2(s->db, sql[k], -1, &st, NULL) != SQLITE_OK)
			return store_fail(s, err, "recording a status");
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, xxgk_status_name(status), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, who ? who : "", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, at, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, why ? why : "", -1, SQLITE_STATIC);
		if (source)
			sqlite3_bind_text(st, 6, source, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, 6);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = store_fail(s, err, "recording a status");
		sqlite3_finalize(st);
	}
	if (rc == XXGK_OK)
		*outcome = XXGK_STATUS_SET_CHANGED;
	return rc;
}

int xxgk_store_record_check(xxgk_store *s, const char *at, long long *run_id, xxgk_error *err)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(s->db,
			       "INSERT INTO check_runs(at, reports) VALUES(?, (SELECT count(*) FROM reports WHERE chosen = 1))",
			       -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, err, "recording the check");
	sqlite3_bind_text(st, 1, at, -1, SQLITE_STATIC);
	int step = sqlite3_step(st);
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return store_fail(s, err, "recording the check");
	long long run = sqlite3_last_insert_rowid(s->db);
	char sql[3072];
	/* the findings of the chosen reports, one row per id */
	snprintf(sql, sizeof sql,
		 "CREATE TEMP TABLE track_cur AS SELECT f.finding_id AS id, min(r.body_key) AS body_key,"
		 " min(r.year) AS year, min(f.rule) AS rule, min(f.severity) AS severity, min(f.where_path) AS where_path,"
		 " min(f.message) AS message, min(r.agency_name) AS agency_name, min(r.region_code) AS region_code,"
		 " min(r.sha256) AS sha256"
		 " FROM findings f JOIN reports r ON r.id = f.report_id"
		 " WHERE r.chosen = 1 AND f.finding_id IS NOT NULL GROUP BY f.finding_id;"
		 "INSERT INTO finding_events SELECT %lld, id, 'new' FROM track_cur"
		 " WHERE id NOT IN (SELECT finding_id FROM finding_track);"
		 "INSERT INTO finding_events SELECT %lld, t.finding_id, 'reopened' FROM finding_track t"
		 " JOIN track_cur c ON c.id = t.finding_id WHERE t.open = 0;"
		 "INSERT INTO finding_events SELECT %lld, finding_id, 'fixed' FROM finding_track"
		 " WHERE open = 1 AND finding_id NOT IN (SELECT id FROM track_cur);"
		 "UPDATE finding_track SET open = 0 WHERE open = 1 AND finding_id NOT IN (SELECT id FROM track_cur);"
		 "INSERT INTO finding_track(finding_id, body_key, year, rule, severity, where_path, message, agency_name,"
		 " region_code, report_sha256, first_seen, last_seen, open)"
		 " SELECT id, body_key, year, rule, severity, where_path, message, agency_name, region_code, sha256,"
		 " %lld, %lld, 1 FROM track_cur WHERE true"
		 " ON CONFLICT(finding_id) DO UPDATE SET body_key = excluded.body_key, year = excluded.year,"
		 " rule = excluded.rule, severity = excluded.severity, where_path = excluded.where_path,"
		 " message = excluded.message, agency_name = excluded.agency_name, region_code = excluded.region_code,"
		 " report_sha256 = excluded.report_sha256, last_seen = excluded.last_seen, open = 1;"
		 "UPDATE check_runs SET findings = (SELECT count(*) FROM track_cur) WHERE id = %lld;"
		 "UPDATE reports SET checked = 1 WHERE chosen = 1 AND checked = 0;"
		 "DROP TABLE temp.track_cur;",
		 run, run, run, run, run, run);
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK) {
		int rc = store_fail(s, err, "recording the check");
		sqlite3_exec(s->db, "DROP TABLE IF EXISTS temp.track_cur", NULL, NULL, NULL);
		return rc;
	}
	if (run_id)
		*run_id = run;
	return XXGK_OK;
}

static char *track_dup(const char *v)
{
	return xxgk_strdup(v ? v : "");
}

int xxgk_store_tracked(xxgk_store *s, const char *before, xxgk_tracked_list *out, xxgk_error *err)
{
	memset(out, 0, sizeof *out);
	static const char cols[] =
		"SELECT t.finding_id, t.rule, t.severity, t.year, st.status, t.body_key, t.agency_name, t.region_code,"
		" t.where_path, t.message FROM ";
	char sql[1024];
	if (before)   /* the state when the last check before that moment ended */
		snprintf(sql, sizeof sql,
			 "%s (SELECT e.finding_id AS id, e.event, row_number() OVER (PARTITION BY e.finding_id"
			 " ORDER BY e.run_id DESC) AS rn FROM finding_events e JOIN check_runs c ON c.id = e.run_id"
			 " WHERE c.at < ?1) last JOIN finding_track t ON t.finding_id = last.id"
			 " LEFT JOIN finding_status st ON st.finding_id = t.finding_id"
			 " WHERE last.rn = 1 AND last.event <> 'fixed' ORDER BY t.finding_id",
			 cols);
	else
		snprintf(sql, sizeof sql,
			 "%s finding_track t LEFT JOIN finding_status st ON st.finding_id = t.finding_id"
			 " WHERE t.open = 1 ORDER BY t.finding_id",
			 cols);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, err, "reading earlier checks");
	if (before)
		sqlite3_bind_text(st, 1, before, -1, SQLITE_STATIC);
	int rc = XXGK_OK, step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (out->count == out->cap) {
			size_t cap = out->cap ? out->cap * 2 : 64;
			xxgk_tracked *n = realloc(out->items, cap * sizeof *n);
			if (!n) {
				rc = XXGK_ENOMEM;
				break;
			}
			out->items = n;
			out->cap = cap;
		}
		xxgk_tracked *t = &out->items[out->count++];
		memset(t, 0, sizeof *t);
		snprintf(t->id, sizeof t->id, "%s", track_text(st, 0));
		snprintf(t->rule, sizeof t->rule, "%s", track_text(st, 1) ? track_text(st, 1) : "");
		const char *sev = track_text(st, 2);
		t->severity = sev && !strcmp(sev, "error") ? XXGK_SEV_ERROR : sev && !strcmp(sev, "warning")
			      ? XXGK_SEV_WARNING : XXGK_SEV_INFO;
		t->year = sqlite3_column_int(st, 3);
		t->status = track_status_of(track_text(st, 4));
		t->body_key = track_dup(track_text(st, 5));
		t->agency_name = track_dup(track_text(st, 6));
		t->region_code = track_dup(track_text(st, 7));
		t->where = track_dup(track_text(st, 8));
		t->message = track_dup(track_text(st, 9));
		if (!t->body_key || !t->agency_name || !t->region_code || !t->where || !t->message) {
			rc = XXGK_ENOMEM;
			break;
		}
	}
	if (rc == XXGK_OK && step != SQLITE_DONE)
		rc = store_fail(s, err, "reading earlier checks");
	else if (rc == XXGK_ENOMEM)
		xxgk_error_set(err, rc, 0, 0, "out of memory");
	sqlite3_finalize(st);
	if (rc != XXGK_OK)
		xxgk_tracked_list_free(out);
	return rc;
}

long long xxgk_store_check_count(xxgk_store *s)
{
	sqlite3_stmt *st = NULL;
	long long n = -1;
	if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM check_runs", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

int xxgk_store_find_report(xxgk_store *s, const char *prefix, char out[65], xxgk_error *err)
{
	size_t n = strlen(prefix);
	if (n < 6 || n > 64 || strspn(prefix, "0123456789abcdef") != n)
		return xxgk_error_set(err, XXGK_EINVAL, 0, 0, "'%s' is not a report's sha256 (6 to 64 hex digits)", prefix);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(s->db, "SELECT sha256 FROM reports WHERE substr(sha256, 1, ?2) = ?1 ORDER BY sha256 LIMIT 2",
			       -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, err, "finding a report");
	sqlite3_bind_text(st, 1, prefix, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, (int)n);
	int found = 0, step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (!found)
			snprintf(out, 65, "%s", track_text(st, 0));
		found++;
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return store_fail(s, err, "finding a report");
	if (!found)
		return xxgk_error_set(err, XXGK_EINVAL, 0, 0, "no report %s", prefix);
	if (found > 1)
		return xxgk_error_set(err, XXGK_EINVAL, 0, 0, "%s is the start of more than one report's sha256", prefix);
	return XXGK_OK;
}
