/*
 * schema.c — the store's tables (docs/store.md) and their migrations.
 * Each step takes user_version n to n+1; all of them run in one transaction.
 */
#include "store_int.h"

static const char schema_v1[] =
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;"
	"CREATE TABLE regions(code TEXT PRIMARY KEY, name TEXT NOT NULL, level TEXT NOT NULL,"
	" parent_code TEXT, placeholder INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;"
	"CREATE INDEX regions_parent ON regions(parent_code);"
	"CREATE TABLE reports(id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE, source_name TEXT,"
	" format TEXT, encoding TEXT, script TEXT, agency_name TEXT, region_code TEXT, level TEXT,"
	" year INTEGER, template TEXT, published TEXT, parser_version TEXT NOT NULL,"
	" loaded_at TEXT NOT NULL, body_key TEXT, conflict INTEGER NOT NULL DEFAULT 0,"
	" chosen INTEGER NOT NULL DEFAULT 1, warning_count INTEGER NOT NULL DEFAULT 0,"
	" parts TEXT, fees_explained INTEGER, shingles INTEGER, minhash BLOB);"
	"CREATE INDEX reports_body_year ON reports(body_key, year);"
	"CREATE INDEX reports_region_year ON reports(region_code, year);"
	"CREATE TABLE active(report_id INTEGER NOT NULL, item TEXT NOT NULL, c1 NUMERIC, c2 NUMERIC, c3 NUMERIC,"
	" kinds TEXT, line INTEGER, lines TEXT, PRIMARY KEY(report_id, item)) WITHOUT ROWID;"
	"CREATE TABLE applications(report_id INTEGER NOT NULL, row INTEGER NOT NULL,"
	" natural_person NUMERIC, commercial NUMERIC, research NUMERIC, social_org NUMERIC,"
	" legal_service NUMERIC, other_org NUMERIC, total NUMERIC, kinds TEXT, line INTEGER, lines TEXT,"
	" PRIMARY KEY(report_id, row)) WITHOUT ROWID;"
	"CREATE TABLE reviews(report_id INTEGER NOT NULL, grp INTEGER NOT NULL, upheld NUMERIC,"
	" corrected NUMERIC, other NUMERIC, pending NUMERIC, total NUMERIC, kinds TEXT, line INTEGER, lines TEXT,"
	" PRIMARY KEY(report_id, grp)) WITHOUT ROWID;"
	"CREATE TABLE cell_raw(report_id INTEGER NOT NULL, path TEXT NOT NULL, raw TEXT NOT NULL,"
	" PRIMARY KEY(report_id, path)) WITHOUT ROWID;"
	"CREATE TABLE warnings(report_id INTEGER NOT NULL, seq INTEGER NOT NULL, code TEXT NOT NULL,"
	" line INTEGER, message TEXT, PRIMARY KEY(report_id, seq)) WITHOUT ROWID;"
	"CREATE TABLE findings(report_id INTEGER NOT NULL, seq INTEGER NOT NULL, rule TEXT NOT NULL,"
	" severity TEXT NOT NULL, where_path TEXT, lhs REAL, rhs REAL, delta REAL, message TEXT,"
	" waived TEXT, PRIMARY KEY(report_id, seq)) WITHOUT ROWID;"
	"CREATE TABLE claims(report_id INTEGER NOT NULL, seq INTEGER NOT NULL, key TEXT NOT NULL,"
	" value REAL NOT NULL, line INTEGER, PRIMARY KEY(report_id, seq)) WITHOUT ROWID;"
	"CREATE TABLE quarantine(id INTEGER PRIMARY KEY, path TEXT NOT NULL, sha256 TEXT,"
	" reason TEXT NOT NULL, at TEXT NOT NULL);"
	"CREATE TABLE t3_rows(row INTEGER PRIMARY KEY, key TEXT NOT NULL, label TEXT NOT NULL);"
	"CREATE VIEW applications_named AS SELECT a.report_id, t.key AS row_key, t.label, a.natural_person,"
	" a.commercial, a.research, a.social_org, a.legal_service, a.other_org, a.total, a.kinds, a.line"
	" FROM applications a JOIN t3_rows t ON t.row = a.row;"
	"CREATE VIEW reports_chosen AS SELECT * FROM reports WHERE chosen = 1;";

/*
 * 1 → 2, for a faster load at the same size: a report's warnings are one row
 * of warning_lists (its list as JSON) and `warnings` becomes a view with the
 * same columns; reports_region_year, which no query could use (LIKE on a
 * BINARY column never uses an index), is dropped.
 */
static const char schema_v2_warnings[] =
	"CREATE VIEW warnings AS SELECT w.report_id AS report_id, j.key AS seq,"
	" json_extract(j.value, '$[0]') AS code, json_extract(j.value, '$[1]') AS line,"
	" json_extract(j.value, '$[2]') AS message"
	" FROM warning_lists w, json_each(w.list) j;"
	"DROP INDEX IF EXISTS reports_region_year;";

/*
 * 4 → 5, the rectification loop (docs/track.md): each finding's stable id
 * (and the report a copy finding points at), the status people give a
 * finding with its history, and what each check found, so that a later
 * check can say what is new, fixed or still open. Additive: nothing older
 * changes. `findings_export` is what `export --table findings` writes: the
 * findings with their body, year and status.
 */
static const char schema_v5_track[] =
	"ALTER TABLE findings ADD COLUMN finding_id TEXT;"
	"ALTER TABLE findings ADD COLUMN related TEXT;"
	"CREATE INDEX findings_id ON findings(finding_id);"
	"CREATE TABLE finding_status(finding_id TEXT PRIMARY KEY,"
	" status TEXT NOT NULL CHECK(status IN ('open','fixed','waived','verified')),"
	" who TEXT, at TEXT NOT NULL, why TEXT, source TEXT) WITHOUT ROWID;"
	"CREATE TABLE finding_status_log(id INTEGER PRIMARY KEY, finding_id TEXT NOT NULL, status TEXT NOT NULL,"
	" who TEXT, at TEXT NOT NULL, why TEXT, source TEXT);"
	"CREATE INDEX finding_status_log_id ON finding_status_log(finding_id);"
	"CREATE TABLE check_runs(id INTEGER PRIMARY KEY, at TEXT NOT NULL, reports INTEGER, findings INTEGER);"
	"CREATE TABLE finding_track(finding_id TEXT PRIMARY KEY, body_key TEXT, year INTEGER, rule TEXT NOT NULL,"
	" severity TEXT, where_path TEXT, message TEXT, agency_name TEXT, region_code TEXT, report_sha256 TEXT,"
	" first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL, open INTEGER NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE finding_events(run_id INTEGER NOT NULL, finding_id TEXT NOT NULL,"
	" event TEXT NOT NULL CHECK(event IN ('new','fixed','reopened')), PRIMARY KEY(run_id, finding_id)) WITHOUT ROWID;"
	"CREATE INDEX finding_events_id ON finding_events(finding_id, run_id);"
	"CREATE VIEW findings_export AS SELECT f.report_id, r.sha256 AS report, r.agency_name, r.region_code,"
	" r.body_key, r.year, f.seq, f.finding_id, f.rule, f.severity, f.where_path, f.lhs, f.rhs, f.delta,"
	" f.message, f.fix, coalesce(st.status, CASE WHEN f.waived IS NOT NULL THEN 'waived' ELSE 'open' END) AS status,"
	" st.who AS status_who, st.at AS status_at, coalesce(st.why, f.waived) AS status_why, f.related"
	" FROM findings f JOIN reports r ON r.id = f.report_id"
	" LEFT JOIN finding_status st ON st.finding_id = f.finding_id;";

static int store_migrate_v2(xxgk_store *s, xxgk_error *err)
{
	if (sqlite3_exec(s->db, "CREATE TABLE warning_lists(report_id INTEGER PRIMARY KEY, list TEXT NOT NULL)",
			 NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(s, err, "migrating to schema version 2");
	sqlite3_stmt *get = NULL, *put = NULL;
	int rc = XXGK_OK;
	if (sqlite3_prepare_v2(s->db, "SELECT report_id, code, line, message FROM warnings ORDER BY report_id, seq",
			       -1, &get, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->db, "INSERT INTO warning_lists VALUES(?,?)", -1, &put, NULL) != SQLITE_OK) {
		rc = store_fail(s, err, "migrating to schema version 2");
		goto done;
	}
	xxgk_buf b;
	xxgk_buf_init(&b);
	sqlite3_int64 id = 0;
	int step;
	do {
		step = sqlite3_step(get);
		sqlite3_int64 next = step == SQLITE_ROW ? sqlite3_column_int64(get, 0) : 0;
		if (b.len && (step != SQLITE_ROW || next != id)) {
			xxgk_buf_putc(&b, ']');
			if (b.failed) {
				rc = xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
				break;
			}
			sqlite3_bind_int64(put, 1, id);
			sqlite3_bind_text(put, 2, b.data, (int)b.len, SQLITE_STATIC);
			int done_step = sqlite3_step(put);
			sqlite3_reset(put);
			if (done_step != SQLITE_DONE) {
				rc = store_fail(s, err, "migrating to schema version 2");
				break;
			}
			b.len = 0;
		}
		if (step == SQLITE_ROW) {
			id = next;
			store_warning_json(&b, (const char *)sqlite3_column_text(get, 1),
					   (uint32_t)sqlite3_column_int64(get, 2), (const char *)sqlite3_column_text(get, 3),
					   NULL);
		}
	} while (step == SQLITE_ROW);
	xxgk_buf_free(&b);
	if (rc == XXGK_OK && step != SQLITE_DONE)
		rc = store_fail(s, err, "migrating to schema version 2");
done:
	sqlite3_finalize(get);
	sqlite3_finalize(put);
	if (rc == XXGK_OK && (sqlite3_exec(s->db, "DROP TABLE warnings", NULL, NULL, NULL) != SQLITE_OK ||
			      sqlite3_exec(s->db, schema_v2_warnings, NULL, NULL, NULL) != SQLITE_OK))
		rc = store_fail(s, err, "migrating to schema version 2");
	return rc;
}

/*
 * 2 → 3: `files`, the files loaded and what they were when loaded, so a
 * load skips the unchanged ones without reading them; reports_body_year
 * becomes reports_choice, a body-year's documents in the order of choice
 * (STORE_CHOICE_ORDER, which it must follow), so xxgk_store_put settles a
 * conflict with one seek; and the choice of one document a body and year
 * settled again over the whole database, which repairs what a crash could
 * leave before xxgk_store_put settled it in each batch (two chosen
 * documents for one body and year).
 */
static const char schema_v3_files[] =
	"CREATE TABLE files(path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,"
	" parser_version TEXT NOT NULL, manifest TEXT, reports INTEGER NOT NULL, loaded_at TEXT NOT NULL)"
	" WITHOUT ROWID;"
	"DROP INDEX IF EXISTS reports_body_year;"
	"CREATE INDEX reports_choice ON reports(body_key, year, published IS NULL, published DESC, warning_count,"
	" loaded_at DESC, id DESC);";

/*
 * 5 → 6: a warning keeps the cells it is about (the parser's `where`, a
 * fourth item of its entry in warning_lists, NULL when it is about the whole
 * document); the view `warnings` gains `where_path`. Up to version 5 the
 * store dropped it, so a report read back lost which cells its warnings
 * named (a check with --db then reported table 4 missing twice). Entries
 * written before have no fourth item: their reports and every file are
 * marked as read by another parser version, so the next `xxgk load` of
 * those files reads and writes them again with it.
 */
static const char schema_v6_where[] =
	"DROP VIEW warnings;"
	"CREATE VIEW warnings AS SELECT w.report_id AS report_id, j.key AS seq,"
	" json_extract(j.value, '$[0]') AS code, json_extract(j.value, '$[1]') AS line,"
	" json_extract(j.value, '$[2]') AS message, json_extract(j.value, '$[3]') AS where_path"
	" FROM warning_lists w, json_each(w.list) j;"
	"UPDATE reports SET parser_version = parser_version || ' (warnings without cells)'"
	" WHERE id IN (SELECT report_id FROM warning_lists);"
	"UPDATE files SET parser_version = parser_version || ' (warnings without cells)';";

/*
 * 6 → 7: a report is checked when a recorded check has seen it (`checked`,
 * set for every chosen report by xxgk_store_record_check), not when it was
 * loaded before the last check's time: both times are to the second, so a
 * report loaded in the second of a check, after it, counted as checked (the
 * page said nothing was left to check; `xxgk report` did not warn). Reports
 * written before keep what the times said of them.
 */
static const char schema_v7_checked[] =
	"ALTER TABLE reports ADD COLUMN checked INTEGER NOT NULL DEFAULT 0;"
	"UPDATE reports SET checked = 1 WHERE loaded_at <= coalesce((SELECT max(at) FROM check_runs), '');";

/* PRAGMA user_version into *out. */
static int store_schema_version(xxgk_store *s, int *out, xxgk_error *err)
{
	sqlite3_stmt *st = NULL;
	*out = 0;
	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, err, "reading the schema version");
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		*out = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (step != SQLITE_ROW)
		return store_fail(s, err, "reading the schema version");
	return XXGK_OK;
}

/*
 * 3 → 4: error localisation's culprits (a JSON array, xxgk.finding/1's
 * `culprits`) and the sentence saying them, on each finding.
 */
static const char schema_v4_culprits[] =
	"ALTER TABLE findings ADD COLUMN culprits TEXT;"
	"ALTER TABLE findings ADD COLUMN fix TEXT;";

/* Does the table have the column? (A database set back by hand may keep it.) */
static bool store_has_column(xxgk_store *s, const char *table, const char *column)
{
	sqlite3_stmt *st = NULL;
	bool has = false;
	if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM pragma_table_info(?) WHERE name = ?", -1, &st, NULL) ==
	    SQLITE_OK) {
		sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, column, -1, SQLITE_STATIC);
		has = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) > 0;
	}
	sqlite3_finalize(st);
	return has;
}

int store_migrate(xxgk_store *s, xxgk_error *err)
{
	int version = 0;
	int rc = store_schema_version(s, &version, err);
	if (rc != XXGK_OK)
		return rc;
	if (version > XXGK_STORE_SCHEMA_VERSION)
		return xxgk_error_set(err, XXGK_EDB, 0, 0,
				      "the database has schema version %d; this xxgk reads up to %d (upgrade xxgk)",
				      version, XXGK_STORE_SCHEMA_VERSION);
	if (version == XXGK_STORE_SCHEMA_VERSION)
		return XXGK_OK;
	if (s->readonly)
		return xxgk_error_set(err, XXGK_EDB, 0, 0,
				      "the database has schema version %d, this xxgk needs %d, and it is opened read-only"
				      " here (`xxgk check --db` or `xxgk load` on it upgrades it)",
				      version, XXGK_STORE_SCHEMA_VERSION);
	if (store_exec_busy(s, "BEGIN IMMEDIATE") != SQLITE_OK)
		return store_fail(s, err, "starting the migration");
	/* read again under the write lock: another process may have created or
	   migrated the schema between the first read and the lock */
	if ((rc = store_schema_version(s, &version, err)) != XXGK_OK)
		goto done;
	if (version >= XXGK_STORE_SCHEMA_VERSION)
		goto done;
	if (version < 1) {
		if (sqlite3_exec(s->db, schema_v1, NULL, NULL, NULL) != SQLITE_OK) {
			rc = store_fail(s, err, "creating the schema");
			goto done;
		}
		sqlite3_stmt *ins = NULL;
		if (sqlite3_prepare_v2(s->db, "INSERT INTO t3_rows VALUES(?,?,?)", -1, &ins, NULL) != SQLITE_OK) {
			rc = store_fail(s, err, "creating the schema");
			goto done;
		}
		for (int r = 0; r < XXGK_T3_ROWS && rc == XXGK_OK; r++) {
			sqlite3_bind_int(ins, 1, r);
			sqlite3_bind_text(ins, 2, xxgk_t3_row_key(r), -1, SQLITE_STATIC);
			sqlite3_bind_text(ins, 3, xxgk_t3_row_label(r), -1, SQLITE_STATIC);
			if (sqlite3_step(ins) != SQLITE_DONE)
				rc = store_fail(s, err, "creating the schema");
			sqlite3_reset(ins);
		}
		sqlite3_finalize(ins);
		if (rc != XXGK_OK)
			goto done;
	}
	if (version < 2 && (rc = store_migrate_v2(s, err)) != XXGK_OK)
		goto done;
	if (version < 3) {
		if (sqlite3_exec(s->db, schema_v3_files, NULL, NULL, NULL) != SQLITE_OK) {
			rc = store_fail(s, err, "migrating to schema version 3");
			goto done;
		}
		if ((rc = store_settle_all(s, err)) != XXGK_OK)
			goto done;
	}
	if (version < 4 && !store_has_column(s, "findings", "culprits") &&
	    sqlite3_exec(s->db, schema_v4_culprits, NULL, NULL, NULL) != SQLITE_OK) {
		rc = store_fail(s, err, "migrating to schema version 4");
		goto done;
	}
	if (version < 5 && !store_has_column(s, "findings", "finding_id") &&
	    sqlite3_exec(s->db, schema_v5_track, NULL, NULL, NULL) != SQLITE_OK) {
		rc = store_fail(s, err, "migrating to schema version 5");
		goto done;
	}
	if (version < 6 && sqlite3_exec(s->db, schema_v6_where, NULL, NULL, NULL) != SQLITE_OK) {
		rc = store_fail(s, err, "migrating to schema version 6");
		goto done;
	}
	if (version < 7 && !store_has_column(s, "reports", "checked") &&
	    sqlite3_exec(s->db, schema_v7_checked, NULL, NULL, NULL) != SQLITE_OK) {
		rc = store_fail(s, err, "migrating to schema version 7");
		goto done;
	}
	char sql[128];
	snprintf(sql, sizeof sql,
		 "PRAGMA user_version = %d; INSERT OR REPLACE INTO meta VALUES('schema_version','%d');",
		 XXGK_STORE_SCHEMA_VERSION, XXGK_STORE_SCHEMA_VERSION);
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		rc = store_fail(s, err, "recording the schema version");
done:
	if (rc == XXGK_OK && sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		rc = store_fail(s, err, "committing the migration");
	if (rc != XXGK_OK)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}
