/*
 * test_store.c — the SQLite store: reports go in and come back with every
 * value, kind, line and raw text; loading is idempotent; another parser
 * version replaces; conflicts are flagged and one chosen; exports; and the
 * refusals (not a database, a newer schema, read-only, disk full) that must
 * leave what was committed whole.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"
#include "xxgk/parse.h"
#include "xxgk/store.h"

static const char *const fixture_files[] = {
	"seeds/000_2a68a08fb10c7e43.txt", "seeds/002_6dd58b88eaeffe1b.txt",
	"seeds/003_0b1325ff460d94b6.txt", "seeds/004_f017ccef7dbb6993.txt",
	"corpus/shanghai_office_2019.html", "corpus/pingtan_2021.txt", "corpus/hongze_2023.layout.txt",
};

static char db_path[256];

static void fresh_db(void)
{
	snprintf(db_path, sizeof db_path, "/tmp/xxgk-test-store-%d.db", (int)getpid());
	char p[300];
	unlink(db_path);
	snprintf(p, sizeof p, "%s-wal", db_path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", db_path);
	unlink(p);
}

static xxgk_report *parse_fixture(const char *rel)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", XXGK_FIXTURES_DIR, rel);
	size_t len;
	char *buf = test_slurp(path, &len);
	xxgk_report *r = NULL;
	xxgk_error err;
	xxgk_parse_options opts = { .name = strrchr(rel, '/') + 1 };
	ck_assert_int_eq(xxgk_parse_buffer(&r, buf, len, &opts, &err), XXGK_OK);
	free(buf);
	return r;
}

static xxgk_store *open_store(void)
{
	xxgk_store *s = NULL;
	xxgk_error err;
	ck_assert_msg(xxgk_store_open(&s, db_path, XXGK_STORE_CREATE, &err) == XXGK_OK, "%s", err.message);
	return s;
}

static int put_one(xxgk_store *s, const xxgk_report *r)
{
	xxgk_error err;
	int outcome = -1;
	ck_assert_int_eq(xxgk_store_begin(s, &err), XXGK_OK);
	ck_assert_msg(xxgk_store_put(s, r, &outcome, &err) == XXGK_OK, "%s", err.message);
	ck_assert_int_eq(xxgk_store_commit(s, &err), XXGK_OK);
	return outcome;
}

typedef struct {
	xxgk_report *other;
	int diffs;
	char first[256];
} same_ctx;

static int same_cell(const char *path, xxgk_cell *a, void *vctx)
{
	same_ctx *c = vctx;
	xxgk_cell *b = xxgk_report_cell(c->other, path);
	bool same = b && a->has_value == b->has_value && (!a->has_value || a->value == b->value) &&
		    a->kind == b->kind && a->line == b->line &&
		    strcmp(a->raw ? a->raw : "", b->raw ? b->raw : "") == 0;
	if (!same) {
		if (!c->diffs)
			snprintf(c->first, sizeof c->first, "%s: raw '%s' kind %d line %u vs '%s' kind %d line %u",
				 path, a->raw ? a->raw : "", a->kind, a->line, b && b->raw ? b->raw : "",
				 b ? b->kind : -1, b ? b->line : 0);
		c->diffs++;
	}
	return 0;
}

START_TEST(round_trip_keeps_every_cell)
{
	fresh_db();
	xxgk_store *s = open_store();
	xxgk_report *r = parse_fixture(fixture_files[_i]);
	ck_assert_int_eq(put_one(s, r), XXGK_PUT_LOADED);
	xxgk_report *back = NULL;
	xxgk_error err;
	ck_assert_int_eq(xxgk_store_get(s, r->sha256, &back, &err), XXGK_OK);
	ck_assert_ptr_nonnull(back);
	same_ctx c = { back, 0, "" };
	xxgk_report_each_cell(r, same_cell, &c);
	ck_assert_msg(c.diffs == 0, "%d cells differ, first %s", c.diffs, c.first);
	ck_assert_int_eq(back->year, r->year);
	ck_assert_int_eq(back->template_kind, r->template_kind);
	ck_assert_str_eq(back->published, r->published);
	ck_assert_uint_eq(back->warning_count, r->warning_count);
	/* each warning whole, with the cells it names (the store dropped
	   `where` up to schema 5) */
	for (size_t w = 0; w < r->warning_count; w++) {
		const xxgk_warning *a = &r->warnings[w], *b = &back->warnings[w];
		ck_assert_str_eq(b->code, a->code);
		ck_assert_str_eq(b->message, a->message);
		ck_assert_uint_eq(b->line, a->line);
		ck_assert_msg((a->where == NULL) == (b->where == NULL) && (!a->where || !strcmp(a->where, b->where)),
			      "warning %zu %s: where '%s' came back '%s'", w, a->code, a->where ? a->where : "(null)",
			      b->where ? b->where : "(null)");
	}
	for (int p = 0; p < 6; p++)
		ck_assert_uint_eq(back->part_line[p], r->part_line[p]);
	ck_assert_int_eq(back->fees_explained, r->fees_explained);
	ck_assert_uint_eq(back->shingle_count, r->shingle_count);
	ck_assert_int_eq(memcmp(back->minhash, r->minhash, sizeof r->minhash), 0);
	ck_assert_uint_eq(back->claim_count, r->claim_count);
	for (size_t k = 0; k < r->claim_count; k++) {
		ck_assert_str_eq(back->claims[k].key, r->claims[k].key);
		ck_assert_double_eq(back->claims[k].value, r->claims[k].value);
		ck_assert_uint_eq(back->claims[k].line, r->claims[k].line);
	}
	xxgk_report_free(back);
	ck_assert_int_eq(xxgk_store_get(s, "0000", &back, &err), XXGK_OK);
	ck_assert_ptr_null(back);
	xxgk_report_free(r);
	xxgk_store_close(s);
}
END_TEST

START_TEST(same_bytes_twice_change_nothing)
{
	fresh_db();
	xxgk_store *s = open_store();
	xxgk_report *r = parse_fixture(fixture_files[0]);
	ck_assert_int_eq(put_one(s, r), XXGK_PUT_LOADED);
	long long apps = xxgk_store_count(s, "applications");
	ck_assert_int_eq(put_one(s, r), XXGK_PUT_UNCHANGED);
	ck_assert_int_eq(xxgk_store_count(s, "reports"), 1);
	ck_assert_int_eq(xxgk_store_count(s, "applications"), apps);
	ck_assert_int_eq(apps, 25);
	xxgk_store_close(s);
	/* a copy loaded by another parser version is parsed again and replaced */
	sqlite3 *db;
	ck_assert_int_eq(sqlite3_open(db_path, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, "UPDATE reports SET parser_version = '0.0.1'", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	s = open_store();
	ck_assert_int_eq(put_one(s, r), XXGK_PUT_REPLACED);
	ck_assert_int_eq(xxgk_store_count(s, "reports"), 1);
	ck_assert_int_eq(xxgk_store_count(s, "applications"), 25);
	xxgk_report_free(r);
	xxgk_store_close(s);
}
END_TEST

START_TEST(conflicts_are_kept_and_one_chosen)
{
	fresh_db();
	xxgk_store *s = open_store();
	xxgk_report *a = parse_fixture(fixture_files[0]);
	xxgk_report *b = parse_fixture(fixture_files[1]);
	/* make b another document of a's body and year, published later */
	xxgk_report_set_string(&a->region_code, "420984103");
	xxgk_report_set_string(&b->region_code, "420984103");
	a->level = b->level = XXGK_LEVEL_TOWN;
	b->year = a->year;
	snprintf(a->published, sizeof a->published, "2025-01-14");
	snprintf(b->published, sizeof b->published, "2025-02-01");
	put_one(s, a);
	put_one(s, b);
	xxgk_error err;
	ck_assert_int_eq(xxgk_store_begin(s, &err), XXGK_OK);
	ck_assert_int_eq(xxgk_store_settle_conflicts(s, &err), XXGK_OK);
	ck_assert_int_eq(xxgk_store_commit(s, &err), XXGK_OK);
	xxgk_store_close(s);
	sqlite3 *db;
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_open(db_path, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT sha256, conflict, chosen FROM reports ORDER BY id", -1, &st, NULL),
			 SQLITE_OK);
	int rows = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		ck_assert_int_eq(sqlite3_column_int(st, 1), 1);
		/* the later publication is chosen */
		bool is_b = strcmp((const char *)sqlite3_column_text(st, 0), b->sha256) == 0;
		ck_assert_int_eq(sqlite3_column_int(st, 2), is_b ? 1 : 0);
		rows++;
	}
	ck_assert_int_eq(rows, 2);
	sqlite3_finalize(st);
	sqlite3_close(db);
	xxgk_report_free(a);
	xxgk_report_free(b);
}
END_TEST

/* The rows of (chosen, conflict) of a body-year, as settled over the whole
   database (xxgk_store_settle_conflicts) must be what each put left. */
static void assert_settled_as_full(const char *why)
{
	sqlite3 *db;
	ck_assert_int_eq(sqlite3_open(db_path, &db), SQLITE_OK);
	sqlite3_exec(db, "CREATE TEMP TABLE before AS SELECT id, chosen, conflict FROM reports", NULL, NULL, NULL);
	xxgk_store *s = open_store();
	xxgk_error err;
	ck_assert_int_eq(xxgk_store_begin(s, &err), XXGK_OK);
	ck_assert_int_eq(xxgk_store_settle_conflicts(s, &err), XXGK_OK);
	ck_assert_int_eq(xxgk_store_commit(s, &err), XXGK_OK);
	xxgk_store_close(s);
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT count(*) FROM reports r JOIN temp.before b ON b.id = r.id"
						" WHERE b.chosen <> r.chosen OR b.conflict <> r.conflict", -1, &st, NULL),
			 SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ck_assert_msg(sqlite3_column_int(st, 0) == 0, "%s: %d rows settled otherwise than by the full rule", why,
		      sqlite3_column_int(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
}

/* Body-years with a number of chosen documents other than one. */
static int bad_body_years(void)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_open(db_path, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT count(*) FROM (SELECT body_key, year FROM reports"
						" WHERE body_key IS NOT NULL GROUP BY 1, 2 HAVING sum(chosen) <> 1)",
					    -1, &st, NULL),
			 SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	int n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

/*
 * Issue 17, item 1: the choice was settled only by a final step, so every
 * batch committed before it (all a kill -9 leaves) had two chosen documents
 * for a body-year. Now each commit is settled: after every put, one chosen
 * document a body-year, the one the full rule chooses.
 */
START_TEST(every_commit_has_one_chosen_document)
{
	fresh_db();
	xxgk_store *s = open_store();
	xxgk_report *r = parse_fixture(fixture_files[0]);
	xxgk_report_set_string(&r->region_code, "420984103");
	r->level = XXGK_LEVEL_TOWN;
	/* 12 documents of one body-year: publication dates and warnings in a shuffled order */
	static const char *const dates[] = { "2025-01-14", "", "2025-03-01", "2025-01-14", "2024-12-30", "",
					     "2025-03-01", "2025-02-01", "", "2025-01-31", "2025-03-01", "2025-01-02" };
	static const size_t warns[] = { 3, 0, 5, 1, 0, 2, 5, 9, 1, 0, 4, 2 };
	size_t keep = r->warning_count;
	for (int i = 0; i < 12; i++) {
		char sha[80];
		snprintf(sha, sizeof sha, "%064d", i + 1);
		memcpy(r->sha256, sha, 64);
		snprintf(r->published, sizeof r->published, "%s", dates[i]);
		r->warning_count = warns[i] < keep ? warns[i] : keep;
		put_one(s, r);
		ck_assert_int_eq(bad_body_years(), 0);
		if (i == 0 || i == 1 || i == 6 || i == 11) {
			xxgk_store_close(s);
			assert_settled_as_full("after a put");
			s = open_store();
		}
	}
	r->warning_count = keep;
	xxgk_store_close(s);
	xxgk_report_free(r);
}
END_TEST

/*
 * A database written before schema 3 may hold two chosen documents for a
 * body-year (a crash before the final settling): the migration settles it.
 */
START_TEST(migration_repairs_two_chosen)
{
	fresh_db();
	xxgk_store *s = open_store();
	xxgk_report *a = parse_fixture(fixture_files[0]);
	xxgk_report_set_string(&a->region_code, "420984103");
	a->level = XXGK_LEVEL_TOWN;
	put_one(s, a);
	memset(a->sha256, 'b', 64);
	put_one(s, a);
	xxgk_store_close(s);
	sqlite3 *db;
	ck_assert_int_eq(sqlite3_open(db_path, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, "UPDATE reports SET chosen = 1, conflict = 0; DROP TABLE files;"
					  " DROP INDEX reports_choice; CREATE INDEX reports_body_year ON reports(body_key, year);"
					  /* and schema 4's tables (the rectification loop) */
					  " DROP VIEW findings_export; DROP INDEX findings_id; ALTER TABLE findings DROP COLUMN finding_id;"
					  " ALTER TABLE findings DROP COLUMN related; DROP TABLE finding_status;"
					  " DROP TABLE finding_status_log; DROP TABLE check_runs; DROP TABLE finding_track;"
					  " DROP TABLE finding_events;"
					  " PRAGMA user_version = 2",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	ck_assert_int_eq(bad_body_years(), 1);
	s = open_store();
	xxgk_store_close(s);
	ck_assert_int_eq(bad_body_years(), 0);
	xxgk_report_free(a);
}
END_TEST

/*
 * 5 → 6: a database written by schema 5 (warnings without the cells they
 * name) marks those reports as read by another parser version, so loading
 * the same document again rewrites it, `where` and all.
 */
START_TEST(migration_rewrites_warnings_without_cells)
{
	fresh_db();
	xxgk_store *s = open_store();
	xxgk_report *r = parse_fixture("seeds/004_f017ccef7dbb6993.txt");
	size_t named = 0;
	for (size_t w = 0; w < r->warning_count; w++)
		named += r->warnings[w].where != NULL;
	ck_assert_uint_gt(named, 0);
	ck_assert_int_eq(put_one(s, r), XXGK_PUT_LOADED);
	ck_assert_int_eq(put_one(s, r), XXGK_PUT_UNCHANGED);
	xxgk_store_close(s);
	/* back to what schema 5 wrote: entries of three items, the old view */
	sqlite3 *db;
	ck_assert_int_eq(sqlite3_open(db_path, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, "UPDATE warning_lists SET list = (SELECT json_group_array(json_array("
					  " json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]'),"
					  " json_extract(j.value, '$[2]'))) FROM json_each(list) j);"
					  " DROP VIEW warnings; CREATE VIEW warnings AS SELECT w.report_id AS report_id,"
					  " j.key AS seq, json_extract(j.value, '$[0]') AS code,"
					  " json_extract(j.value, '$[1]') AS line, json_extract(j.value, '$[2]') AS message"
					  " FROM warning_lists w, json_each(w.list) j; PRAGMA user_version = 5",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	xxgk_error err;
	/* read-only, it is not migrated: the refusal says how to upgrade it */
	ck_assert_int_eq(xxgk_store_open(&s, db_path, XXGK_STORE_READONLY, &err), XXGK_EDB);
	ck_assert_ptr_nonnull(strstr(err.message, "schema version 5, this xxgk needs"));
	ck_assert_ptr_nonnull(strstr(err.message, "xxgk check --db"));
	s = open_store();
	xxgk_report *back = NULL;
	ck_assert_int_eq(xxgk_store_get(s, r->sha256, &back, &err), XXGK_OK);
	size_t kept = 0;
	for (size_t w = 0; w < back->warning_count; w++)
		kept += back->warnings[w].where != NULL;
	ck_assert_uint_eq(kept, 0);   /* what schema 5 left */
	xxgk_report_free(back);
	ck_assert_int_eq(put_one(s, r), XXGK_PUT_REPLACED);
	ck_assert_int_eq(xxgk_store_get(s, r->sha256, &back, &err), XXGK_OK);
	kept = 0;
	for (size_t w = 0; w < back->warning_count; w++)
		kept += back->warnings[w].where != NULL;
	ck_assert_uint_eq(kept, named);
	xxgk_report_free(back);
	xxgk_report_free(r);
	xxgk_store_close(s);
}
END_TEST

/*
 * Issue 17, item 4: two processes creating the schema of one new file; the
 * one that lost the race read user_version 0 before its write lock and
 * failed "table meta already exists".
 */
START_TEST(two_openers_of_a_new_file)
{
	for (int round = 0; round < 40; round++) {
		fresh_db();
		pid_t kids[3];
		for (int k = 0; k < 3; k++) {
			kids[k] = fork();
			ck_assert_int_ge(kids[k], 0);
			if (kids[k] == 0) {
				xxgk_store *s = NULL;
				xxgk_error err;
				int rc = xxgk_store_open(&s, db_path, XXGK_STORE_CREATE, &err);
				if (rc != XXGK_OK)
					fprintf(stderr, "round %d: %s\n", round, err.message);
				xxgk_store_close(s);
				_exit(rc == XXGK_OK ? 0 : 1);
			}
		}
		for (int k = 0; k < 3; k++) {
			int status = 0;
			ck_assert_int_eq(waitpid(kids[k], &status, 0), kids[k]);
			ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "round %d: an opener failed", round);
		}
	}
}
END_TEST

START_TEST(export_csv_and_json)
{
	fresh_db();
	xxgk_store *s = open_store();
	xxgk_report *r = parse_fixture(fixture_files[1]);   /* 大竹县 */
	put_one(s, r);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	xxgk_error err;
	ck_assert_int_eq(xxgk_store_export(s, "applications_named", XXGK_EXPORT_CSV, f, &err), XXGK_OK);
	fclose(f);
	ck_assert_int_eq(memcmp(buf, "\xEF\xBB\xBF" "report_id,row_key,label,", 3 + 24), 0);
	ck_assert_ptr_nonnull(strstr(buf, "\r\n1,total_processed,（七）总计,92,0,0,0,0,0,92,,"));
	free(buf);
	f = open_memstream(&buf, &len);
	ck_assert_int_eq(xxgk_store_export(s, "reports", XXGK_EXPORT_JSON, f, &err), XXGK_OK);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(buf, "\"agency_name\":\"大竹县\""));
	ck_assert_int_eq(buf[len - 1], '\n');
	free(buf);
	f = open_memstream(&buf, &len);
	ck_assert_int_eq(xxgk_store_export(s, "sqlite_master; DROP TABLE reports", XXGK_EXPORT_CSV, f, &err),
			 XXGK_EINVAL);
	fclose(f);
	free(buf);
	ck_assert_int_eq(xxgk_store_count(s, "reports"), 1);
	xxgk_report_free(r);
	xxgk_store_close(s);
}
END_TEST

START_TEST(not_a_database_is_refused)
{
	fresh_db();
	FILE *f = fopen(db_path, "wb");
	fputs("this is a text file, not a database\n", f);
	fclose(f);
	xxgk_store *s = (xxgk_store *)1;
	xxgk_error err;
	ck_assert_int_eq(xxgk_store_open(&s, db_path, XXGK_STORE_CREATE, &err), XXGK_EDB);
	ck_assert_ptr_null(s);
	ck_assert_ptr_nonnull(strstr(err.message, "not an SQLite database"));
}
END_TEST

START_TEST(newer_schema_is_refused)
{
	fresh_db();
	sqlite3 *db;
	ck_assert_int_eq(sqlite3_open(db_path, &db), SQLITE_OK);
	sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL);
	sqlite3_close(db);
	xxgk_store *s = NULL;
	xxgk_error err;
	ck_assert_int_eq(xxgk_store_open(&s, db_path, XXGK_STORE_CREATE, &err), XXGK_EDB);
	ck_assert_ptr_nonnull(strstr(err.message, "schema version 99"));
}
END_TEST

START_TEST(read_only_database_is_refused_cleanly)
{
	if (geteuid() == 0) {
		/* root writes through file modes; a read-only open shows the same path */
		fresh_db();
		xxgk_store *s = open_store();
		xxgk_store_close(s);
		xxgk_error err;
		ck_assert_int_eq(xxgk_store_open(&s, db_path, XXGK_STORE_READONLY, &err), XXGK_OK);
		xxgk_report *r = parse_fixture(fixture_files[0]);
		ck_assert_int_eq(xxgk_store_begin(s, &err), XXGK_EDB);
		ck_assert_ptr_nonnull(strstr(err.message, "read-only"));
		xxgk_report_free(r);
		xxgk_store_close(s);
		return;
	}
	fresh_db();
	xxgk_store *s = open_store();
	xxgk_store_close(s);
	chmod(db_path, 0444);
	xxgk_error err;
	int rc = xxgk_store_open(&s, db_path, 0, &err);
	if (rc == XXGK_OK) {
		ck_assert_int_eq(xxgk_store_begin(s, &err), XXGK_EDB);
		xxgk_store_close(s);
	}
	ck_assert_ptr_nonnull(strstr(err.message, "read"));
	chmod(db_path, 0644);
}
END_TEST

/*
 * Issue 17, item 6: a database in a folder that cannot be written (read-only
 * media) could not be read: SQLite wants a -shm file beside a WAL database.
 * Read as another user when the tests run as root (root writes anywhere).
 */
START_TEST(read_only_folder_is_read)
{
	char dir[300], path[400];
	snprintf(dir, sizeof dir, "/tmp/xxgk-test-ro-%d", (int)getpid());
	snprintf(path, sizeof path, "%s/r.db", dir);
	mkdir(dir, 0755);
	unlink(path);
	xxgk_store *s = NULL;
	xxgk_error err;
	ck_assert_int_eq(xxgk_store_open(&s, path, XXGK_STORE_CREATE, &err), XXGK_OK);
	xxgk_report *r = parse_fixture(fixture_files[1]);
	put_one(s, r);
	xxgk_report_free(r);
	xxgk_store_close(s);
	ck_assert_int_eq(chmod(path, 0444), 0);
	ck_assert_int_eq(chmod(dir, 0555), 0);
	pid_t kid = fork();
	ck_assert_int_ge(kid, 0);
	if (kid == 0) {
		if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
			_exit(2);
		int year = 0, rc = xxgk_store_open(&s, path, XXGK_STORE_READONLY, &err);
		if (rc == XXGK_OK)
			rc = xxgk_store_latest_year(s, &year, &err);
		if (rc != XXGK_OK)
			fprintf(stderr, "read-only folder: %s\n", err.message);
		long long n = rc == XXGK_OK ? xxgk_store_count(s, "reports") : -1;
		xxgk_store_close(s);
		_exit(rc == XXGK_OK && year == 2024 && n == 1 ? 0 : 1);
	}
	int status = 0;
	ck_assert_int_eq(waitpid(kid, &status, 0), kid);
	chmod(dir, 0755);
	unlink(path);
	rmdir(dir);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "read-only open failed (status %d)", status);
}
END_TEST

/* Overwrites bytes of page `page` (16 KB pages) of the closed database. */
static void damage_page(int page)
{
	FILE *f = fopen(db_path, "r+b");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fseek(f, (long)(page - 1) * 16384, SEEK_SET), 0);
	unsigned x = 12345;
	for (int i = 0; i < 3000; i++) {
		x = x * 1103515245u + 12345u;
		fputc((int)(x >> 16) & 0xff, f);
	}
	fclose(f);
}

static int root_page(const char *name)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_open(db_path, &db), SQLITE_OK);
	sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT rootpage FROM sqlite_master WHERE name = ?", -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	int page = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return page;
}

/*
 * Issue 17, item 11: a damaged database gave "xxgk check: r15.db: " (no
 * reason), "no report for 0", or took a load. Now: XXGK_STORE_CHECK
 * refuses it at open, any SQLITE_CORRUPT is named "damaged", and nothing
 * is begun on it afterwards.
 */
START_TEST(damaged_database_is_named_and_refused)
{
	fresh_db();
	xxgk_store *s = open_store();
	xxgk_report *r = parse_fixture(fixture_files[1]);
	for (int i = 0; i < 40; i++) {
		char sha[80];
		snprintf(sha, sizeof sha, "%064d", i);
		memcpy(r->sha256, sha, 64);
		put_one(s, r);
	}
	xxgk_store_close(s);
	damage_page(root_page("reports"));
	xxgk_error err;
	ck_assert_int_eq(xxgk_store_open(&s, db_path, XXGK_STORE_CREATE | XXGK_STORE_CHECK, &err), XXGK_EDB);
	ck_assert_msg(strstr(err.message, "damaged") && strstr(err.message, ".recover"), "%s", err.message);
	ck_assert_ptr_null(s);
	/* opened without the check, the first read that meets the damage names it */
	ck_assert_int_eq(xxgk_store_open(&s, db_path, XXGK_STORE_CREATE, &err), XXGK_OK);
	xxgk_report *back = NULL;
	int rc = xxgk_store_get(s, r->sha256, &back, &err);
	ck_assert_ptr_null(back);
	ck_assert_int_eq(rc, XXGK_EDB);
	ck_assert_msg(strstr(err.message, "damaged"), "%s", err.message);
	ck_assert_int_eq(xxgk_store_begin(s, &err), XXGK_EDB);
	ck_assert_msg(strstr(err.message, "damaged"), "%s", err.message);
	xxgk_store_close(s);
	xxgk_report_free(r);
}
END_TEST

START_TEST(full_disk_keeps_committed_reports_whole)
{
	fresh_db();
	xxgk_store *s = open_store();
	xxgk_report *r = parse_fixture(fixture_files[1]);
	put_one(s, r);
	xxgk_store_close(s);
	/* a disk that fills: SQLite's page limit makes the next write fail like ENOSPC */
	sqlite3 *db;
	ck_assert_int_eq(sqlite3_open(db_path, &db), SQLITE_OK);
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db, "PRAGMA page_count", -1, &st, NULL);
	sqlite3_step(st);
	int pages = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	s = open_store();
	xxgk_store_limit_pages(s, pages);
	xxgk_error err;
	int outcome;
	ck_assert_int_eq(xxgk_store_begin(s, &err), XXGK_OK);
	int rc = XXGK_OK;
	char name[80];
	for (int i = 0; i < 200 && rc == XXGK_OK; i++) {
		/* other documents: another sha256 each */
		snprintf(name, sizeof name, "%064d", i);
		memcpy(r->sha256, name, 64);
		rc = xxgk_store_put(s, r, &outcome, &err);
		if (rc == XXGK_OK && i % 50 == 49)
			rc = xxgk_store_commit(s, &err) == XXGK_OK ? xxgk_store_begin(s, &err) : XXGK_EDB;
	}
	ck_assert_int_eq(rc, XXGK_EDB);
	ck_assert_ptr_nonnull(strstr(err.message, "full"));
	xxgk_store_rollback(s);
	xxgk_store_close(s);
	/* what is there is whole: each report with its 25 rows, and the file checks out */
	ck_assert_int_eq(sqlite3_open(db_path, &db), SQLITE_OK);
	sqlite3_prepare_v2(db, "SELECT (SELECT count(*) FROM reports), (SELECT count(*) FROM applications),"
			   " (SELECT count(*) FROM reviews)", -1, &st, NULL);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	int reports = sqlite3_column_int(st, 0);
	ck_assert_int_ge(reports, 1);
	ck_assert_int_eq(sqlite3_column_int(st, 1), reports * 25);
	ck_assert_int_eq(sqlite3_column_int(st, 2), reports * 3);
	sqlite3_finalize(st);
	sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ck_assert_str_eq((const char *)sqlite3_column_text(st, 0), "ok");
	sqlite3_finalize(st);
	sqlite3_close(db);
	xxgk_report_free(r);
}
END_TEST

START_TEST(quarantine_keeps_the_reason)
{
	fresh_db();
	xxgk_store *s = open_store();
	xxgk_error err;
	ck_assert_int_eq(xxgk_store_begin(s, &err), XXGK_OK);
	ck_assert_int_eq(xxgk_store_quarantine(s, "x.png", NULL, "x.png: this is a PNG image", &err), XXGK_OK);
	ck_assert_int_eq(xxgk_store_commit(s, &err), XXGK_OK);
	ck_assert_int_eq(xxgk_store_count(s, "quarantine"), 1);
	xxgk_store_close(s);
}
END_TEST

/* xxgk_store_years: the years of the chosen reports, latest first, each with its count */
START_TEST(years_are_listed_latest_first)
{
	fresh_db();
	xxgk_store *s = open_store();
	xxgk_error err;
	int want_year[16];
	size_t want_count[16], kinds = 0;
	for (size_t i = 0; i < sizeof fixture_files / sizeof fixture_files[0]; i++) {
		xxgk_report *r = parse_fixture(fixture_files[i]);
		put_one(s, r);
		size_t k = 0;
		while (k < kinds && want_year[k] != r->year)
			k++;
		if (k == kinds)
			want_year[kinds] = r->year, want_count[kinds++] = 0;
		want_count[k]++;
		/* the same document again is no second report of its year */
		put_one(s, r);
		xxgk_report_free(r);
	}
	int years[16];
	size_t counts[16], n = 99;
	ck_assert_int_eq(xxgk_store_years(s, years, counts, 16, &n, &err), XXGK_OK);
	ck_assert_uint_eq(n, kinds);
	for (size_t i = 0; i < n; i++) {
		if (i)
			ck_assert_int_lt(years[i], years[i - 1]);
		size_t k = 0;
		while (k < kinds && want_year[k] != years[i])
			k++;
		ck_assert_uint_lt(k, kinds);
		ck_assert_uint_eq(counts[i], want_count[k]);
	}
	/* a short buffer takes the latest ones */
	ck_assert_int_eq(xxgk_store_years(s, years, NULL, 1, &n, &err), XXGK_OK);
	ck_assert_uint_eq(n, 1);
	int latest = 0;
	ck_assert_int_eq(xxgk_store_latest_year(s, &latest, &err), XXGK_OK);
	ck_assert_int_eq(years[0], latest);
	xxgk_store_close(s);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("store");
	TCase *tc = tcase_create("store");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, round_trip_keeps_every_cell, 0,
			    (int)(sizeof fixture_files / sizeof fixture_files[0]));
	tcase_add_test(tc, same_bytes_twice_change_nothing);
	tcase_add_test(tc, conflicts_are_kept_and_one_chosen);
	tcase_add_test(tc, every_commit_has_one_chosen_document);
	tcase_add_test(tc, migration_repairs_two_chosen);
	tcase_add_test(tc, migration_rewrites_warnings_without_cells);
	tcase_add_test(tc, two_openers_of_a_new_file);
	tcase_add_test(tc, export_csv_and_json);
	tcase_add_test(tc, quarantine_keeps_the_reason);
	tcase_add_test(tc, years_are_listed_latest_first);
	suite_add_tcase(s, tc);
	tc = tcase_create("refusals");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, not_a_database_is_refused);
	tcase_add_test(tc, newer_schema_is_refused);
	tcase_add_test(tc, read_only_database_is_refused_cleanly);
	tcase_add_test(tc, read_only_folder_is_read);
	tcase_add_test(tc, damaged_database_is_named_and_refused);
	tcase_add_test(tc, full_disk_keeps_committed_reports_whole);
	suite_add_tcase(s, tc);
	/* Check forks each test: they share the file name, so run them one at a time */
	return test_run(s);
}
