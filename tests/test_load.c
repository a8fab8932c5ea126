/*
 * test_load.c — the loader (xxgk/load.h): what a folder walk takes and
 * skips (FIFOs, dangling links, loops: told, never waited on), reports
 * handed to a callback without a store, files unchanged since loaded not
 * read again, the summary counting committed work only (a disk that fills),
 * a stop that commits what was read, and every committed state consistent
 * (one chosen document a body-year, read by a second connection while the
 * load runs).
 */
#include <fcntl.h>
#include <stdarg.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "testutil.h"
#include "xxgk/load.h"
#include "xxgk/store.h"

static char dir[256], db_path[300];

static void sh(const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 1, 2)))
#endif
	;

static void sh(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	ck_assert_msg(system(cmd) == 0, "failed: %s", cmd);
}

/*
 * A fresh folder with `n` reports: the seeds in turn, each made another
 * document by a line of its own (all of one body-year when `one_body`).
 */
static void make_dir(int n, bool one_body)
{
	snprintf(dir, sizeof dir, "/tmp/xxgk-test-load-%d", (int)getpid());
	snprintf(db_path, sizeof db_path, "%s.db", dir);
	sh("rm -rf %s %s %s-wal %s-shm && mkdir -p %s", dir, db_path, db_path, db_path, dir);
	for (int i = 0; i < n; i++)
		sh("(cat %s/seeds/%s; printf '\\n（文档编号 %d）\\n') > %s/%03d.txt", XXGK_FIXTURES_DIR,
		   one_body ? "000_2a68a08fb10c7e43.txt" : (i % 2 ? "002_6dd58b88eaeffe1b.txt" : "000_2a68a08fb10c7e43.txt"),
		   i, dir, i);
}

static xxgk_store *open_db(void)
{
	xxgk_store *s = NULL;
	xxgk_error err;
	ck_assert_msg(xxgk_store_open(&s, db_path, XXGK_STORE_CREATE, &err) == XXGK_OK, "%s", err.message);
	return s;
}

static long long db_count(const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	ck_assert_msg(sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK, "%s", sqlite3_errmsg(db));
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	long long n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

typedef struct {
	int failed, skipped, progress;
	char last_skip[8][512];
	/* stop after this many progress events (0: never) */
	int stop_after;
	volatile sig_atomic_t *stop;
	/* check the database's committed state at each progress event */
	bool check_db;
	long long bad_states, checks;
} events;

static void on_event(const xxgk_load_event *ev, void *ctx)
{
	events *e = ctx;
	if (ev->kind == XXGK_LOAD_EVENT_FAILED) {
		e->failed++;
		ck_assert_ptr_nonnull(ev->message);
		ck_assert_ptr_null(strchr(ev->message, '\n'));
	} else if (ev->kind == XXGK_LOAD_EVENT_SKIPPED) {
		if (e->skipped < 8)
			snprintf(e->last_skip[e->skipped], sizeof e->last_skip[0], "%s", ev->message);
		e->skipped++;
	} else {
		e->progress++;
		if (e->stop_after && e->progress == e->stop_after)
			*e->stop = 1;
		if (e->check_db && ev->summary->files_done > 0) {
			/* another connection sees committed transactions only */
			e->bad_states += db_count("SELECT count(*) FROM (SELECT body_key, year FROM reports"
						  " WHERE body_key IS NOT NULL GROUP BY 1, 2 HAVING sum(chosen) <> 1)");
			e->checks++;
		}
	}
}

static bool any_skip(const events *e, const char *needle)
{
	for (int i = 0; i < e->skipped && i < 8; i++)
		if (strstr(e->last_skip[i], needle))
			return true;
	return false;
}

START_TEST(walk_skips_what_is_not_a_file)
{
	make_dir(2, false);
	sh("mkfifo %s/fifo.txt && ln -s /nonexistent/x.txt %s/dangling.txt && ln -s a.txt %s/b.txt &&"
	   " ln -s b.txt %s/a.txt && mkdir %s/sub && ln -s .. %s/sub/up && cp %s/000.txt %s/sub/",
	   dir, dir, dir, dir, dir, dir, dir, dir);
	xxgk_store *s = open_db();
	xxgk_loader *l = NULL;
	xxgk_error err;
	events e = { 0 };
	xxgk_load_options o = XXGK_LOAD_OPTIONS_INIT;
	o.on_event = on_event;
	o.event_ctx = &e;
	ck_assert_int_eq(xxgk_loader_new(&l, s, &o, &err), XXGK_OK);
	ck_assert_msg(xxgk_loader_add(l, dir, &err) == XXGK_OK, "%s", err.message);
	size_t n;
	const char *const *files = xxgk_loader_files(l, &n);
	ck_assert_uint_eq(n, 3);
	ck_assert_ptr_nonnull(strstr(files[2], "sub/000.txt"));
	ck_assert_int_eq(e.skipped, 5);
	ck_assert(any_skip(&e, "FIFO"));
	ck_assert(any_skip(&e, "dangling"));
	ck_assert(any_skip(&e, "loop"));
	ck_assert(any_skip(&e, "already walked"));
	xxgk_load_summary sum;
	ck_assert_int_eq(xxgk_loader_run(l, &sum, &err), XXGK_OK);
	ck_assert_uint_eq(sum.loaded, 2);   /* sub/000.txt is 000.txt again */
	ck_assert_uint_eq(sum.unchanged, 1);
	ck_assert_uint_eq(sum.skipped, 5);
	ck_assert_uint_eq(sum.failed, 0);
	xxgk_loader_free(l);
	xxgk_store_close(s);
	sh("rm -rf %s", dir);
}
END_TEST

/* A FIFO named by the caller is skipped too: no open() that waits for a writer. */
START_TEST(named_fifo_does_not_block)
{
	make_dir(0, false);
	sh("mkfifo %s/named.txt", dir);
	char path[512];
	snprintf(path, sizeof path, "%s/named.txt", dir);
	xxgk_store *s = open_db();
	xxgk_loader *l = NULL;
	xxgk_error err;
	events e = { 0 };
	xxgk_load_options o = XXGK_LOAD_OPTIONS_INIT;
	o.on_event = on_event;
	o.event_ctx = &e;
	ck_assert_int_eq(xxgk_loader_new(&l, s, &o, &err), XXGK_OK);
	ck_assert_int_eq(xxgk_loader_add(l, path, &err), XXGK_OK);
	ck_assert_int_eq(e.skipped, 1);
	xxgk_load_summary sum;
	ck_assert_int_eq(xxgk_loader_run(l, &sum, &err), XXGK_OK);
	ck_assert_uint_eq(sum.files, 0);
	xxgk_loader_free(l);
	xxgk_store_close(s);
	sh("rm -rf %s", dir);
}
END_TEST

/* A path that does not exist is an error of xxgk_loader_add, before anything is written. */
START_TEST(missing_path_is_an_error)
{
	xxgk_loader *l = NULL;
	xxgk_error err;
	make_dir(0, false);
	xxgk_store *s = open_db();
	ck_assert_int_eq(xxgk_loader_new(&l, s, NULL, &err), XXGK_OK);
	ck_assert_int_eq(xxgk_loader_add(l, "/nonexistent/reports", &err), XXGK_EIO);
	ck_assert_ptr_nonnull(strstr(err.message, "/nonexistent/reports"));
	xxgk_loader_free(l);
	xxgk_store_close(s);
	sh("rm -rf %s", dir);
}
END_TEST

typedef struct {
	int count;
	char names[4][64];
} sink;

static int on_report(xxgk_report *r, const char *path, void *ctx)
{
	sink *k = ctx;
	if (k->count < 4)
		snprintf(k->names[k->count], sizeof k->names[0], "%s", strrchr(path, '/') + 1);
	k->count++;
	ck_assert_int_gt(r->year, 2000);
	xxgk_report_free(r);
	return 0;
}

START_TEST(without_a_store_reports_go_to_the_callback_in_order)
{
	make_dir(4, false);
	xxgk_loader *l = NULL;
	xxgk_error err;
	sink k = { 0 };
	xxgk_load_options o = XXGK_LOAD_OPTIONS_INIT;
	o.on_report = on_report;
	o.report_ctx = &k;
	o.jobs = 3;
	ck_assert_int_eq(xxgk_loader_new(&l, NULL, &o, &err), XXGK_OK);
	ck_assert_int_eq(xxgk_loader_add(l, dir, &err), XXGK_OK);
	xxgk_load_summary sum;
	ck_assert_int_eq(xxgk_loader_run(l, &sum, &err), XXGK_OK);
	ck_assert_int_eq(k.count, 4);
	ck_assert_str_eq(k.names[0], "000.txt");
	ck_assert_str_eq(k.names[3], "003.txt");
	ck_assert_uint_eq(sum.loaded, 4);
	xxgk_loader_free(l);
	/* and none without either */
	ck_assert_int_eq(xxgk_loader_new(&l, NULL, NULL, &err), XXGK_EINVAL);
	sh("rm -rf %s", dir);
}
END_TEST

static xxgk_load_summary load_dir(xxgk_store *s, const xxgk_load_options *opts, int expect_rc)
{
	xxgk_loader *l = NULL;
	xxgk_error err;
	xxgk_load_summary sum;
	ck_assert_int_eq(xxgk_loader_new(&l, s, opts, &err), XXGK_OK);
	ck_assert_int_eq(xxgk_loader_add(l, dir, &err), XXGK_OK);
	int rc = xxgk_loader_run(l, &sum, &err);
	ck_assert_msg(rc == expect_rc, "run: %d %s", rc, err.message);
	xxgk_loader_free(l);
	return sum;
}

START_TEST(unchanged_files_are_not_read_again)
{
	make_dir(6, false);
	xxgk_store *s = open_db();
	xxgk_load_summary sum = load_dir(s, NULL, XXGK_OK);
	ck_assert_uint_eq(sum.loaded, 6);
	ck_assert_uint_eq(sum.files_unchanged, 0);
	sum = load_dir(s, NULL, XXGK_OK);
	ck_assert_uint_eq(sum.loaded, 0);
	ck_assert_uint_eq(sum.unchanged, 6);
	ck_assert_uint_eq(sum.files_unchanged, 6);
	/* unreadable now, yet skipped: the proof that it is not read */
	char p[512];
	snprintf(p, sizeof p, "%s/001.txt", dir);
	if (geteuid() != 0) {
		ck_assert_int_eq(chmod(p, 0), 0);
		sum = load_dir(s, NULL, XXGK_OK);
		ck_assert_uint_eq(sum.files_unchanged, 6);
		ck_assert_uint_eq(sum.failed, 0);
		chmod(p, 0644);
	}
	/* a file touched (another mtime) is read again: the same document, unchanged */
	struct timeval tv[2] = { { 1000000000, 0 }, { 1000000000, 0 } };
	ck_assert_int_eq(utimes(p, tv), 0);
	sum = load_dir(s, NULL, XXGK_OK);
	ck_assert_uint_eq(sum.files_unchanged, 5);
	ck_assert_uint_eq(sum.unchanged, 6);
	/* --rehash reads them all */
	xxgk_load_options o = XXGK_LOAD_OPTIONS_INIT;
	o.rehash = true;
	sum = load_dir(s, &o, XXGK_OK);
	ck_assert_uint_eq(sum.files_unchanged, 0);
	ck_assert_uint_eq(sum.unchanged, 6);
	/* a file whose content changed with the same size and a new mtime is a new document */
	sh("sed -i 's/文档编号 3/文档编号 9/' %s/003.txt", dir);
	sum = load_dir(s, NULL, XXGK_OK);
	ck_assert_uint_eq(sum.loaded, 1);
	ck_assert_uint_eq(sum.files_unchanged, 5);
	xxgk_store_close(s);
	sh("rm -rf %s %s*", dir, db_path);
}
END_TEST

/*
 * Issue 17, item 3: the summary counted reports before COMMIT, so a batch
 * that failed to commit (a full disk) was counted as loaded. The disk fills
 * here (SQLite's page limit): what the summary says is what the file holds.
 */
START_TEST(summary_counts_committed_reports_only)
{
	make_dir(60, false);
	xxgk_store *s = open_db();
	xxgk_store_close(s);
	long long pages = db_count("PRAGMA page_count");
	s = open_db();
	xxgk_store_limit_pages(s, (int)pages + 4);
	xxgk_load_options o = XXGK_LOAD_OPTIONS_INIT;
	o.batch = 7;
	xxgk_load_summary sum = load_dir(s, &o, XXGK_EDB);
	xxgk_store_close(s);
	long long in_db = db_count("SELECT count(*) FROM reports");
	ck_assert_int_gt(in_db, 0);
	ck_assert_int_lt(in_db, 60);
	ck_assert_int_eq((long long)sum.loaded, in_db);
	ck_assert_int_eq((long long)sum.files_done, db_count("SELECT count(*) FROM files"));
	sh("rm -rf %s %s*", dir, db_path);
}
END_TEST

/* A stop (Ctrl-C) commits what was read and says so; the next run goes on. */
START_TEST(stop_commits_and_the_next_run_goes_on)
{
	make_dir(40, false);
	xxgk_store *s = open_db();
	static volatile sig_atomic_t stop;
	stop = 0;
	events e = { 0 };
	e.stop_after = 10;
	e.stop = &stop;
	xxgk_load_options o = XXGK_LOAD_OPTIONS_INIT;
	o.on_event = on_event;
	o.event_ctx = &e;
	o.stop = &stop;
	o.batch = 1000;
	xxgk_load_summary sum = load_dir(s, &o, XXGK_OK);
	ck_assert(sum.interrupted);
	ck_assert_uint_lt(sum.files_done, 40);
	ck_assert_uint_ge(sum.files_done, 9);
	ck_assert_int_eq((long long)sum.loaded, db_count("SELECT count(*) FROM reports"));
	size_t first = sum.loaded;
	sum = load_dir(s, NULL, XXGK_OK);
	ck_assert(!sum.interrupted);
	ck_assert_uint_eq(sum.files_unchanged, first);
	ck_assert_uint_eq(sum.loaded, 40 - first);
	xxgk_store_close(s);
	sh("rm -rf %s %s*", dir, db_path);
}
END_TEST

/*
 * Issue 17, item 1, through the loader: copies of one body-year loaded in
 * batches of 3; at every file another connection reads the committed
 * state, which must never hold a body-year with two chosen documents.
 */
START_TEST(every_committed_state_is_consistent)
{
	make_dir(30, true);
	xxgk_store *s = open_db();
	events e = { 0 };
	e.check_db = true;
	xxgk_load_options o = XXGK_LOAD_OPTIONS_INIT;
	o.on_event = on_event;
	o.event_ctx = &e;
	o.batch = 3;
	xxgk_load_summary sum = load_dir(s, &o, XXGK_OK);
	ck_assert_uint_eq(sum.loaded, 30);
	ck_assert_int_ge(e.checks, 29);
	ck_assert_int_eq(e.bad_states, 0);
	xxgk_store_close(s);
	ck_assert_int_eq(db_count("SELECT count(*) FROM reports WHERE chosen = 1"), 1);
	ck_assert_int_eq(db_count("SELECT count(*) FROM reports WHERE conflict = 1"), 30);
	sh("rm -rf %s %s*", dir, db_path);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("load");
	TCase *tc = tcase_create("walk");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, walk_skips_what_is_not_a_file);
	tcase_add_test(tc, named_fifo_does_not_block);
	tcase_add_test(tc, missing_path_is_an_error);
	tcase_add_test(tc, without_a_store_reports_go_to_the_callback_in_order);
	suite_add_tcase(s, tc);
	tc = tcase_create("run");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, unchanged_files_are_not_read_again);
	tcase_add_test(tc, summary_counts_committed_reports_only);
	tcase_add_test(tc, stop_commits_and_the_next_run_goes_on);
	tcase_add_test(tc, every_committed_state_is_consistent);
	suite_add_tcase(s, tc);
	return test_run(s);
}
