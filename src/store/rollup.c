/*
 * rollup.c — xxgk_store_rollup(): every figure of tables 2–4 summed per
 * region and year, from the chosen document of each body.
 *
 * The reports of the year (and the year before) are mapped to their region
 * (the code's first 2, 4 or 6 digits) and to "own" (the region's government
 * itself: its code is the region's and its level the region's level) or
 * "sub" (everyone else placed under it), both years in one query.
 * The figure tables are then read in key order and added in C: a scan of
 * each run of wanted report ids (or a seek per report when they are sparse)
 * and an array look-up a row. On a large database the reading is shared by
 * two threads, each with its own read-only connection (docs/aggregate.md,
 * Speed): the second one starts with the coverage query (缺报) while the
 * first maps the reports, then both take slices of the tables.
 *
 * The sums are those of one thread adding in key order, to the last bit:
 * table 2 (fees in 万元 are fractions) is read by one thread in order; tables
 * 3 and 4 are split only because their cells are whole counts — integers
 * below 2^24, at most one a report in each cell (and fewer than 2^29
 * reports), so every partial sum is an exact integer whatever the order.
 * A slice that meets anything else (a fraction, text, a larger count) makes
 * that table be read again by one thread in order.
 * Cells without a number are counted, not summed; absent cells (not in the
 * report's template) are neither.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "xxgk/aggregate.h"
#include "store_int.h"

typedef struct {
	int32_t group;   /* index into the year's roll-ups, −1 if not rolled up */
	bool own;
	bool y2019;      /* 2019-format report: its table 2 has other columns */
	uint8_t year;    /* 0: the year asked, 1: the year before */
} rollup_map;

static int rollup_prefix_len(int level)
{
	return level == XXGK_LEVEL_PROVINCE ? 2 : level == XXGK_LEVEL_CITY ? 4 : 6;
}

/* The region's name path from the gazetteer copy: 江苏省·淮安市·洪泽区 (st: a prepared look-up). */
static void rollup_name(sqlite3_stmt *st, xxgk_rollup *r)
{
	char path[128] = "";
	size_t n = 0;
	int lens[3] = { 2, 4, 6 };
	for (int i = 0; st && i < 3 && lens[i] <= (int)strlen(r->code); i++) {
		char code[16];
		snprintf(code, sizeof code, "%.*s", lens[i], r->code);
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) == SQLITE_ROW && !sqlite3_column_int(st, 1)) {
			const char *name = (const char *)sqlite3_column_text(st, 0);
			n += (size_t)snprintf(path + n, sizeof path - n, "%s%s", n ? "·" : "", name ? name : "");
			if (n >= sizeof path)
				n = sizeof path - 1;
		}
	}
	snprintf(r->name, sizeof r->name, "%s", n ? path : r->code);
}

/* A whole count this large or larger, or anything not an integer, makes a split table be read again in order. */
#define ROLLUP_EXACT_MAX ((sqlite3_int64)1 << 24)

/* Adds a cell; a NULL is counted as missing unless the row's kinds say absent.
 * *inexact is set when the value could make the sum depend on the order of additions. */
static void rollup_add(double *sum, uint32_t *missing, sqlite3_stmt *st, int col, int kinds_col, int k,
		       bool *inexact)
{
	/* one look-up of the column, then its type and value: the connection is used by this
	 * thread only, which is what reading an unprotected sqlite3_value needs */
	sqlite3_value *val = sqlite3_column_value(st, col);
	switch (sqlite3_value_type(val)) {
	case SQLITE_INTEGER: {
		/* (double) of the integer is what sqlite3_column_double() returns */
		sqlite3_int64 v = sqlite3_value_int64(val);
		if (v >= ROLLUP_EXACT_MAX || v <= -ROLLUP_EXACT_MAX)
			*inexact = true;
		*sum += (double)v;
		return;
	}
	case SQLITE_NULL: {
		/* kinds are read only here: most rows have no NULL at all */
		const char *kinds = (const char *)sqlite3_column_text(st, kinds_col);
		if (kinds && (size_t)k < strlen(kinds) && kinds[k] == 'x')
			return;   /* absent: not a cell of this report's template */
		(*missing)++;
		return;
	}
	default:
		*inexact = true;
		*sum += sqlite3_value_double(val);
	}
}

void xxgk_rollups_free(xxgk_rollup *r, size_t count)
{
	if (!r)
		return;
	for (size_t i = 0; i < count; i++) {
		for (size_t k = 0; k < r[i].missing_count; k++)
			free(r[i].missing[k]);
		free(r[i].missing);
	}
	free(r);
}

typedef struct {
	xxgk_rollup *rs;
	size_t n, cap;
} rollup_list;

/* The group of a report's region in a year's list, appended when new (codes arrive sorted). */
static int32_t rollup_group(rollup_list *l, const char *code, int plen, int level, int year, xxgk_error *err)
{
	if (l->n == 0 || strncmp(l->rs[l->n - 1].code, code, (size_t)plen) != 0) {
		if (l->n == l->cap) {
			size_t cap = l->cap ? l->cap * 2 : 64;
			xxgk_rollup *nr = realloc(l->rs, cap * sizeof *nr);
			if (!nr) {
				xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
				return -1;
			}
			l->rs = nr;
			l->cap = cap;
		}
		memset(&l->rs[l->n], 0, sizeof l->rs[l->n]);
		snprintf(l->rs[l->n].code, sizeof l->rs[l->n].code, "%.*s", plen, code);
		l->rs[l->n].level = level;
		l->rs[l->n].year = year;
		l->n++;
	}
	return (int32_t)(l->n - 1);
}

/* Adds one row of a figures table (already stepped) to its report's sums. */
static void rollup_row(int table, sqlite3_stmt *st, xxgk_sums *sum, bool y2019, bool *inexact)
{
	static const char *const items[6] = { "regulations", "normative_documents", "licensing", "penalty",
					      "coercion", "fees" };
	static const int first_field[6] = { 0, 3, 6, 7, 8, 9 }, widths[6] = { 3, 3, 1, 1, 1, 1 };
	if (table == 2) {
		if (y2019)
			return;   /* a 2019-format table 2 has other columns */
		const char *item = (const char *)sqlite3_column_text(st, 1);
		for (int k = 0; item && k < 6; k++)
			if (strcmp(item, items[k]) == 0)
				for (int c = 0; c < widths[k]; c++)
					rollup_add(&sum->active[first_field[k] + c], &sum->active_missing[first_field[k] + c],
						   st, 2 + c, 5, c, inexact);
		return;
	}
	int row = sqlite3_column_int(st, 1);
	if (table == 3 && row >= 0 && row < XXGK_T3_ROWS)
		for (int c = 0; c < XXGK_T3_COLS; c++)
			rollup_add(&sum->applications[row][c], &sum->applications_missing[row][c], st, 2 + c,
				   2 + XXGK_T3_COLS, c, inexact);
	else if (table == 4 && row >= 0 && row < XXGK_T4_GROUPS)
		for (int c = 0; c < XXGK_T4_COLS; c++)
			rollup_add(&sum->reviews[row][c], &sum->reviews_missing[row][c], st, 2 + c, 2 + XXGK_T4_COLS, c,
				   inexact);
}

/* The figures of one table (0: table 2 …) added into `to`, or cleared when from is NULL. */
static void rollup_sums_merge(xxgk_sums *to, const xxgk_sums *from, int table)
{
	if (table == 0) {
		for (int i = 0; i < XXGK_AGG_ACTIVE; i++) {
			to->active[i] = from ? to->active[i] + from->active[i] : 0;
			to->active_missing[i] = from ? to->active_missing[i] + from->active_missing[i] : 0;
		}
	} else if (table == 1) {
		for (int r = 0; r < XXGK_T3_ROWS; r++)
			for (int c = 0; c < XXGK_T3_COLS; c++) {
				to->applications[r][c] = from ? to->applications[r][c] + from->applications[r][c] : 0;
				to->applications_missing[r][c] =
					from ? to->applications_missing[r][c] + from->applications_missing[r][c] : 0;
			}
	} else {
		for (int g = 0; g < XXGK_T4_GROUPS; g++)
			for (int c = 0; c < XXGK_T4_COLS; c++) {
				to->reviews[g][c] = from ? to->reviews[g][c] + from->reviews[g][c] : 0;
				to->reviews_missing[g][c] = from ? to->reviews_missing[g][c] + from->reviews_missing[g][c] : 0;
			}
	}
}

/* ------------------------------------------------------------ coverage (缺报) */

/* A body with a report in another year and none in one of the years asked. */
typedef struct {
	char *code, *name;
	bool reported[2];   /* it has a report in year − y */
} rollup_gap;

typedef struct {
	rollup_gap *v;
	size_t n, cap;
} rollup_gaps;

static void rollup_gaps_free(rollup_gaps *g)
{
	for (size_t i = 0; i < g->n; i++) {
		free(g->v[i].code);
		free(g->v[i].name);
	}
	free(g->v);
	g->v = NULL;
	g->n = g->cap = 0;
}

/* The bodies with a report in another year but none in year − y, for y < years: one grouped pass,
 * in region order. Returns an SQLite result code (SQLITE_NOMEM when out of memory). */
static int rollup_gaps_read(sqlite3 *db, const char *prefix, int plen, int year, int years, rollup_gaps *out)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db,
				    "SELECT region_code, coalesce(max(agency_name), body_key), max(year = ?), max(year = ?)"
				    " FROM reports WHERE body_key IS NOT NULL AND region_code LIKE ? || '%'"
				    " AND length(region_code) >= ? GROUP BY body_key"
				    " HAVING max(year = ?) = 0 OR max(year = ?) = 0 ORDER BY region_code",
				    -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_int(st, 1, year);
	sqlite3_bind_int(st, 2, year - 1);
	sqlite3_bind_text(st, 3, prefix, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, plen);
	sqlite3_bind_int(st, 5, year);
	sqlite3_bind_int(st, 6, years > 1 ? year - 1 : year);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *code = (const char *)sqlite3_column_text(st, 0);
		const char *name = (const char *)sqlite3_column_text(st, 1);
		if (!code)
			continue;
		if (out->n == out->cap) {
			size_t cap = out->cap ? out->cap * 2 : 256;
			rollup_gap *nv = realloc(out->v, cap * sizeof *nv);
			if (!nv) {
				rc = SQLITE_NOMEM;
				break;
			}
			out->v = nv;
			out->cap = cap;
		}
		rollup_gap *g = &out->v[out->n];
		g->code = xxgk_strdup(code);
		g->name = xxgk_strdup(name ? name : code);
		g->reported[0] = sqlite3_column_int(st, 2) != 0;
		g->reported[1] = sqlite3_column_int(st, 3) != 0;
		if (!g->code) {
			free(g->name);
			rc = SQLITE_NOMEM;
			break;
		}
		out->n++;   /* a name that could not be copied is counted, not listed */
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Each gap to the region it falls in, for each year it did not report (a region with no report
 * at all that year is not listed). */
static int rollup_gaps_apply(const rollup_gaps *gs, int plen, int years, rollup_list *lists, xxgk_error *err)
{
	size_t g[2] = { 0, 0 };
	for (size_t i = 0; i < gs->n; i++) {
		const char *code = gs->v[i].code;
		for (int y = 0; y < years; y++) {
			if (gs->v[i].reported[y])
				continue;
			rollup_list *l = &lists[y];
			while (g[y] < l->n && strncmp(l->rs[g[y]].code, code, (size_t)plen) < 0)
				g[y]++;
			if (g[y] >= l->n || strncmp(l->rs[g[y]].code, code, (size_t)plen) != 0)
				continue;
			xxgk_rollup *r = &l->rs[g[y]];
			r->bodies_missing++;
			if (r->missing_count < XXGK_AGG_MISSING_CAP) {
				char **m = realloc(r->missing, (r->missing_count + 1) * sizeof *m);
				if (!m)
					return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
				r->missing = m;
				r->missing[r->missing_count] = gs->v[i].name ? xxgk_strdup(gs->v[i].name) : NULL;
				if (r->missing[r->missing_count])
					r->missing_count++;
			}
		}
	}
	return XXGK_OK;
}

/* ------------------------------------------------------------ reading the figures */

enum { RT_ACTIVE, RT_APPS, RT_REVIEWS, RT_TABLES };

static const char *const rollup_scan_sql[RT_TABLES] = {
	"SELECT report_id, item, c1, c2, c3, kinds FROM active WHERE report_id BETWEEN ? AND ?",
	"SELECT report_id, row, natural_person, commercial, research, social_org, legal_service, other_org, total,"
	" kinds FROM applications WHERE report_id BETWEEN ? AND ?",
	"SELECT report_id, grp, upheld, corrected, other, pending, total, kinds FROM reviews"
	" WHERE report_id BETWEEN ? AND ?",
};
static const char *const rollup_seek_sql[RT_TABLES] = {
	"SELECT report_id, item, c1, c2, c3, kinds FROM active WHERE report_id = ?",
	"SELECT report_id, row, natural_person, commercial, research, social_org, legal_service, other_org, total,"
	" kinds FROM applications WHERE report_id = ?",
	"SELECT report_id, grp, upheld, corrected, other, pending, total, kinds FROM reviews WHERE report_id = ?",
};

/* One table's rows for the wanted reports ids[k0 .. k1−1]. */
typedef struct {
	int table;   /* RT_* */
	size_t k0, k1;
} rollup_task;

typedef struct rollup_job rollup_job;

/* A reader: a connection, its statements and its own sums. */
typedef struct {
	rollup_job *job;
	sqlite3 *db;
	bool own_db;                    /* opened here (the second reader), closed here */
	sqlite3_stmt *st[RT_TABLES];
	xxgk_sums *sums;                /* [2 × (slot0[year] + group) + !own] */
	bool inexact[RT_TABLES];        /* a value whose sum could depend on the order of additions */
	int rc;                         /* SQLite's result code of a failure, else SQLITE_OK */
	char msg[256];                  /* and its message */
	rollup_gaps gaps;               /* the second reader: the coverage query's rows */
	bool gaps_read;
} rollup_reader;

struct rollup_job {
	const char *path;               /* the database file, for the second reader */
	const char *prefix;
	int plen, year, years;
	const rollup_map *map;
	sqlite3_int64 max_id;
	const sqlite3_int64 *ids;       /* the wanted reports, in the order one reader adds them */
	size_t nids;
	bool seek;                      /* a key seek per report, else a scan of id ranges */
	size_t slot0[2];
	rollup_task *tasks;
	size_t ntasks, next;
	bool failed;
	bool ready;                     /* the fields above are set: tasks may be taken */
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

static int rollup_reader_fail(rollup_reader *w, int rc)
{
	w->rc = rc == SQLITE_OK ? SQLITE_ERROR : rc;
	snprintf(w->msg, sizeof w->msg, "%s", rc == SQLITE_NOMEM ? "out of memory" : sqlite3_errmsg(w->db));
	return w->rc;
}

/* Unwanted reports a scan reads through rather than seek past: a seek costs about the rows of one
 * report in table 4 (3 rows), less than those of tables 2 (6) and 3 (25). */
static const sqlite3_int64 rollup_bridge[RT_TABLES] = { 0, 0, 1 };

static int rollup_task_run(rollup_reader *w, const rollup_task *t)
{
	const rollup_job *j = w->job;
	int rc;
	if (!w->st[t->table] &&
	    (rc = sqlite3_prepare_v2(w->db, (j->seek ? rollup_seek_sql : rollup_scan_sql)[t->table], -1,
				     &w->st[t->table], NULL)) != SQLITE_OK)
		return rollup_reader_fail(w, rc);
	sqlite3_stmt *st = w->st[t->table];
	int table = t->table + 2;
	bool *inexact = &w->inexact[t->table];
	sqlite3_int64 gap = rollup_bridge[t->table];
	for (size_t k = t->k0, next; k < t->k1; k = next) {
		sqlite3_int64 first = j->ids[k], last = first;
		next = k + 1;
		/* a scan reads the runs of wanted ids, in ascending order: the rows a single scan
		 * would add, in its order, without those of the unwanted reports between runs */
		if (!j->seek)
			while (next < t->k1 && j->ids[next] - last <= gap + 1)
				last = j->ids[next++];
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, first);
		if (!j->seek)
			sqlite3_bind_int64(st, 2, last);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			sqlite3_int64 id = sqlite3_column_int64(st, 0);
			if (id < 0 || id > j->max_id || j->map[id].group < 0)
				continue;
			const rollup_map *m = &j->map[id];
			rollup_row(table, st, &w->sums[2 * (j->slot0[m->year] + (size_t)m->group) + !m->own], m->y2019,
				   inexact);
		}
		if (rc != SQLITE_DONE)
			return rollup_reader_fail(w, rc);
	}
	sqlite3_reset(st);
	return SQLITE_OK;
}

/* Takes tasks until none is left (or a reader failed). */
static void rollup_tasks(rollup_reader *w)
{
	rollup_job *j = w->job;
	for (;;) {
		pthread_mutex_lock(&j->mu);
		size_t t = j->failed ? j->ntasks : j->next;
		if (t < j->ntasks)
			j->next++;
		pthread_mutex_unlock(&j->mu);
		if (t >= j->ntasks)
			return;
		if (rollup_task_run(w, &j->tasks[t]) != SQLITE_OK) {
			pthread_mutex_lock(&j->mu);
			j->failed = true;
			pthread_mutex_unlock(&j->mu);
			return;
		}
	}
}

static void rollup_reader_close(rollup_reader *w)
{
	for (int t = 0; t < RT_TABLES; t++) {
		sqlite3_finalize(w->st[t]);
		w->st[t] = NULL;
	}
	if (w->own_db && w->db) {
		sqlite3_exec(w->db, "COMMIT", NULL, NULL, NULL);
		sqlite3_close(w->db);
		w->db = NULL;
	}
}

/* The second reader: its own connection, the coverage query, then tasks once the map is ready. */
static void *rollup_thread(void *arg)
{
	rollup_reader *w = arg;
	rollup_job *j = w->job;
	int rc = sqlite3_open_v2(j->path, &w->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_busy_timeout(w->db, 5000);
		rc = sqlite3_exec(w->db, "BEGIN", NULL, NULL, NULL);
	}
	if (rc == SQLITE_OK)
		w->gaps_read = rollup_gaps_read(w->db, j->prefix, j->plen, j->year, j->years, &w->gaps) == SQLITE_OK;
	if (!w->gaps_read)
		rollup_gaps_free(&w->gaps);   /* the first reader runs the query itself */
	pthread_mutex_lock(&j->mu);
	while (!j->ready)
		pthread_cond_wait(&j->cv, &j->mu);
	pthread_mutex_unlock(&j->mu);
	if (rc == SQLITE_OK)
		rollup_tasks(w);   /* a reader that could not open leaves all tasks to the first */
	rollup_reader_close(w);
	return NULL;
}

/* Readers wanted: XXGK_ROLLUP_THREADS (1 or 2), else 2 from 20,000 reports on. */
static int rollup_readers_wanted(sqlite3_int64 max_id)
{
	const char *e = getenv("XXGK_ROLLUP_THREADS");
	if (e && *e)
		return atoi(e) >= 2 ? 2 : 1;
	return max_id >= 20000 ? 2 : 1;
}

int xxgk_store_rollup2(xxgk_store *s, int level, const char *region, int year, xxgk_rollup **out,
		       size_t *count, xxgk_rollup **prev, size_t *prev_count, xxgk_error *err)
{
	*out = NULL;
	*count = 0;
	if (prev) {
		*prev = NULL;
		*prev_count = 0;
	}
	int plen = rollup_prefix_len(level);
	const char *prefix = region ? region : "";
	sqlite3_stmt *st = NULL;
	rollup_map *map = NULL;
	sqlite3_int64 *ids = NULL, *ids1 = NULL;
	size_t nids = 0, n1 = 0, ids_cap = 0, ids1_cap = 0;
	rollup_list lists[2] = { { NULL, 0, 0 }, { NULL, 0, 0 } };
	int years = prev ? 2 : 1;
	int rc = XXGK_OK;
	sqlite3_int64 max_id = 0;
	rollup_job job = { .path = NULL, .prefix = prefix, .plen = plen, .year = year, .years = years };
	rollup_reader r0 = { .job = &job, .db = s->db }, r1 = { .job = &job, .own_db = true };
	pthread_t thread;
	bool threaded = false, tx = false;
	pthread_mutex_init(&job.mu, NULL);
	pthread_cond_init(&job.cv, NULL);

	/* one read transaction for every statement of this connection; none inside the caller's own
	 * transaction, whose writes a second connection would not see: then one reader does it all */
	if (sqlite3_get_autocommit(s->db)) {
		if (sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
			rc = store_fail(s, err, "rolling up");
			goto done;
		}
		tx = true;
	}
	if (sqlite3_prepare_v2(s->db, "SELECT coalesce(max(id), 0) FROM reports", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		rc = store_fail(s, err, "rolling up");
		goto done;
	}
	max_id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	job.path = sqlite3_db_filename(s->db, "main");
	if (tx && job.path && *job.path && rollup_readers_wanted(max_id) > 1)
		threaded = pthread_create(&thread, NULL, rollup_thread, &r1) == 0;
	map = malloc(((size_t)max_id + 1) * sizeof *map);
	if (!map) {
		rc = xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
		goto done;
	}
	for (sqlite3_int64 i = 0; i <= max_id; i++)
		map[i].group = -1;

	/* 1. the years' chosen reports, each to its region and year, in one query */
	if (sqlite3_prepare_v2(s->db,
			       "SELECT id, region_code, level, template, year FROM reports WHERE chosen = 1"
			       " AND year IN (?, ?) AND region_code LIKE ? || '%' AND length(region_code) >= ?"
			       " ORDER BY region_code, year, id",
			       -1, &st, NULL) != SQLITE_OK) {
		rc = store_fail(s, err, "rolling up");
		goto done;
	}
	sqlite3_bind_int(st, 1, year);
	sqlite3_bind_int(st, 2, years > 1 ? year - 1 : year);
	sqlite3_bind_text(st, 3, prefix, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, plen);
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		sqlite3_int64 id = sqlite3_column_int64(st, 0);
		const char *code = (const char *)sqlite3_column_text(st, 1);
		const char *lv = (const char *)sqlite3_column_text(st, 2);
		const char *tp = (const char *)sqlite3_column_text(st, 3);
		int y = sqlite3_column_int(st, 4) == year ? 0 : 1;
		if (!code || id < 0 || id > max_id)
			continue;
		int32_t g = rollup_group(&lists[y], code, plen, level, year - y, err);
		if (g < 0) {
			rc = XXGK_ENOMEM;
			goto done;
		}
		bool own = (int)strlen(code) == plen && lv && strcmp(lv, xxgk_level_name(level)) == 0;
		map[id].group = g;
		map[id].own = own;
		map[id].y2019 = tp && strcmp(tp, "2019") == 0;
		map[id].year = (uint8_t)y;
		xxgk_sums *sum = own ? &lists[y].rs[g].own : &lists[y].rs[g].sub;
		sum->reports++;
		if (map[id].y2019)
			sum->reports_2019++;
		lists[y].rs[g].bodies++;
		/* the year asked, then the year before: each in region order */
		sqlite3_int64 **v = y ? &ids1 : &ids;
		size_t *n = y ? &n1 : &nids, *cap = y ? &ids1_cap : &ids_cap;
		if (*n == *cap) {
			*cap = *cap ? *cap * 2 : 4096;
			sqlite3_int64 *ni = realloc(*v, *cap * sizeof *ni);
			if (!ni) {
				rc = xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
				goto done;
			}
			*v = ni;
		}
		(*v)[(*n)++] = id;
	}
	if (step != SQLITE_DONE) {
		rc = store_fail(s, err, "rolling up");
		goto done;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (n1) {
		if (nids + n1 > ids_cap) {
			sqlite3_int64 *ni = realloc(ids, (nids + n1) * sizeof *ni);
			if (!ni) {
				rc = xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
				goto done;
			}
			ids = ni;
		}
		memcpy(ids + nids, ids1, n1 * sizeof *ids1);
		nids += n1;
	}

	/* 2. the figures: a scan of id ranges when the wanted reports are dense in their range, else a
	 * key seek per wanted report (a year of a many-year database) */
	sqlite3_int64 lo = max_id, hi = 0;
	for (size_t k = 0; k < nids; k++) {
		if (ids[k] < lo)
			lo = ids[k];
		if (ids[k] > hi)
			hi = ids[k];
	}
	job.seek = nids && (sqlite3_int64)nids * 4 < hi - lo + 1;
	if (!job.seek) {
		/* a scan adds in key order: the ids ascending */
		size_t k = 0;
		for (sqlite3_int64 id = lo; nids && id <= hi; id++)
			if (map[id].group >= 0)
				ids[k++] = id;
	}
	job.map = map;
	job.max_id = max_id;
	job.ids = ids;
	job.nids = nids;
	job.slot0[0] = 0;
	job.slot0[1] = lists[0].n;
	size_t slots = 2 * (lists[0].n + lists[1].n);
	r0.sums = calloc(slots ? slots : 1, sizeof *r0.sums);
	r1.sums = threaded ? calloc(slots ? slots : 1, sizeof *r1.sums) : NULL;
	/* table 2 whole, in order; tables 3 and 4 in slices when two read */
	size_t slices = threaded && nids < (size_t)1 << 29 ? 32 : 1, per = nids / slices + 1;
	job.tasks = malloc((1 + 2 * slices) * sizeof *job.tasks);
	if (!r0.sums || (threaded && !r1.sums) || !job.tasks) {
		rc = xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
		goto done;
	}
	if (nids) {
		job.tasks[job.ntasks++] = (rollup_task){ RT_ACTIVE, 0, nids };
		for (int t = RT_REVIEWS; t >= RT_APPS; t--)
			for (size_t k = 0; k < nids; k += per)
				job.tasks[job.ntasks++] = (rollup_task){ t, k, k + per < nids ? k + per : nids };
	}
	pthread_mutex_lock(&job.mu);
	job.ready = true;
	pthread_cond_broadcast(&job.cv);
	pthread_mutex_unlock(&job.mu);
	rollup_tasks(&r0);
	if (threaded) {
		pthread_join(thread, NULL);
		threaded = false;
	}
	rollup_reader *failed = r0.rc != SQLITE_OK ? &r0 : r1.rc != SQLITE_OK ? &r1 : NULL;
	if (failed) {
		rc = xxgk_error_set(err, XXGK_EDB, 0, 0, "rolling up: %s", failed->msg);
		goto done;
	}
	/* a split table with a value that could make its sums depend on the order: read again, in order */
	for (int t = RT_APPS; r1.sums && t <= RT_REVIEWS; t++) {
		if (!r0.inexact[t] && !r1.inexact[t])
			continue;
		for (size_t k = 0; k < slots; k++) {
			rollup_sums_merge(&r0.sums[k], NULL, t);
			rollup_sums_merge(&r1.sums[k], NULL, t);
		}
		if (rollup_task_run(&r0, &(rollup_task){ t, 0, nids }) != SQLITE_OK) {
			rc = xxgk_error_set(err, XXGK_EDB, 0, 0, "rolling up: %s", r0.msg);
			goto done;
		}
	}
	for (int y = 0; y < years; y++)
		for (size_t g = 0; g < lists[y].n; g++)
			for (int part = 0; part < 2; part++) {
				xxgk_sums *to = part ? &lists[y].rs[g].sub : &lists[y].rs[g].own;
				for (int t = 0; t < RT_TABLES; t++) {
					rollup_sums_merge(to, &r0.sums[2 * (job.slot0[y] + g) + (size_t)part], t);
					if (r1.sums)
						rollup_sums_merge(to, &r1.sums[2 * (job.slot0[y] + g) + (size_t)part], t);
				}
			}

	/* 3. coverage and names */
	if (nids) {
		if (!r1.gaps_read && rollup_gaps_read(s->db, prefix, plen, year, years, &r1.gaps) != SQLITE_OK) {
			rc = store_fail(s, err, "rolling up");
			goto done;
		}
		rc = rollup_gaps_apply(&r1.gaps, plen, years, lists, err);
	}
	if (rc == XXGK_OK &&
	    sqlite3_prepare_v2(s->db, "SELECT name, placeholder FROM regions WHERE code = ?", -1, &st, NULL) != SQLITE_OK)
		st = NULL;   /* no names: codes stand in */
	for (int y = 0; y < years && rc == XXGK_OK; y++)
		for (size_t i = 0; i < lists[y].n; i++)
			rollup_name(st, &lists[y].rs[i]);
	sqlite3_finalize(st);
	st = NULL;
	if (rc != XXGK_OK)
		goto done;
	*out = lists[0].rs;
	*count = lists[0].n;
	lists[0].rs = NULL;
	lists[0].n = 0;
	if (prev) {
		*prev = lists[1].rs;
		*prev_count = lists[1].n;
		lists[1].rs = NULL;
		lists[1].n = 0;
	}
done:
	sqlite3_finalize(st);
	if (threaded) {
		/* a failure before the tasks: let the second reader finish */
		pthread_mutex_lock(&job.mu);
		job.ready = true;
		job.failed = true;
		pthread_cond_broadcast(&job.cv);
		pthread_mutex_unlock(&job.mu);
		pthread_join(thread, NULL);
	}
	rollup_reader_close(&r0);
	rollup_gaps_free(&r1.gaps);
	free(r0.sums);
	free(r1.sums);
	free(job.tasks);
	pthread_mutex_destroy(&job.mu);
	pthread_cond_destroy(&job.cv);
	if (tx)
		sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	free(map);
	free(ids);
	free(ids1);
	xxgk_rollups_free(lists[0].rs, lists[0].n);
	xxgk_rollups_free(lists[1].rs, lists[1].n);
	return rc;
}

int xxgk_store_rollup(xxgk_store *s, int level, const char *region, int year, xxgk_rollup **out,
		      size_t *count, xxgk_error *err)
{
	return xxgk_store_rollup2(s, level, region, year, out, count, NULL, NULL, err);
}

/* ------------------------------------------------------------ coverage only */

int xxgk_store_coverage(xxgk_store *s, const char *region, int year, xxgk_rollup *out[3], size_t count[3],
			xxgk_error *err)
{
	const char *prefix = region ? region : "";
	rollup_list lists[3] = { { NULL, 0, 0 }, { NULL, 0, 0 }, { NULL, 0, 0 } };
	rollup_gaps gaps = { NULL, 0, 0 };
	sqlite3_stmt *st = NULL;
	int rc = XXGK_OK, step;
	bool tx = false;
	for (int l = 0; l < 3; l++) {
		out[l] = NULL;
		count[l] = 0;
	}
	/* the reports and the gaps as of one moment */
	if (sqlite3_get_autocommit(s->db)) {
		if (sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
			return store_fail(s, err, "counting coverage");
		tx = true;
	}
	/* the year's chosen reports, each to its province, city and county (the query of
	 * xxgk_store_rollup2, one level at a time there) */
	if (sqlite3_prepare_v2(s->db,
			       "SELECT region_code, level FROM reports WHERE chosen = 1 AND year = ?"
			       " AND region_code LIKE ? || '%' AND length(region_code) >= 2 ORDER BY region_code",
			       -1, &st, NULL) != SQLITE_OK) {
		rc = store_fail(s, err, "counting coverage");
		goto done;
	}
	sqlite3_bind_int(st, 1, year);
	sqlite3_bind_text(st, 2, prefix, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *code = (const char *)sqlite3_column_text(st, 0);
		const char *lv = (const char *)sqlite3_column_text(st, 1);
		if (!code)
			continue;
		for (int l = 0; l < 3; l++) {
			int level = XXGK_LEVEL_PROVINCE + l, plen = rollup_prefix_len(level);
			if ((int)strlen(code) < plen)
				break;
			int32_t g = rollup_group(&lists[l], code, plen, level, year, err);
			if (g < 0) {
				rc = XXGK_ENOMEM;
				goto done;
			}
			bool own = (int)strlen(code) == plen && lv && strcmp(lv, xxgk_level_name(level)) == 0;
			xxgk_rollup *r = &lists[l].rs[g];
			(own ? &r->own : &r->sub)->reports++;
			r->bodies++;
		}
	}
	if (step != SQLITE_DONE) {
		rc = store_fail(s, err, "counting coverage");
		goto done;
	}
	sqlite3_finalize(st);
	st = NULL;
	/* 缺报: one grouped pass for the three levels (a gap's code is matched to each level's prefix) */
	if (lists[0].n && rollup_gaps_read(s->db, prefix, 2, year, 1, &gaps) != SQLITE_OK) {
		rc = store_fail(s, err, "counting coverage");
		goto done;
	}
	for (int l = 0; l < 3 && rc == XXGK_OK; l++)
		rc = rollup_gaps_apply(&gaps, rollup_prefix_len(XXGK_LEVEL_PROVINCE + l), 1, &lists[l], err);
	if (rc != XXGK_OK)
		goto done;
	if (sqlite3_prepare_v2(s->db, "SELECT name, placeholder FROM regions WHERE code = ?", -1, &st, NULL) != SQLITE_OK)
		st = NULL;   /* no names: codes stand in */
	for (int l = 0; l < 3; l++)
		for (size_t i = 0; i < lists[l].n; i++)
			rollup_name(st, &lists[l].rs[i]);
	for (int l = 0; l < 3; l++) {
		out[l] = lists[l].rs;
		count[l] = lists[l].n;
		lists[l].rs = NULL;
		lists[l].n = 0;
	}
done:
	sqlite3_finalize(st);
	rollup_gaps_free(&gaps);
	if (tx)
		sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	for (int l = 0; l < 3; l++)
		xxgk_rollups_free(lists[l].rs, lists[l].n);
	return rc;
}

/* ------------------------------------------------------------ figures */

/* Adds one total cell into a figure, or marks the figure unknown. */
static void figures_add(xxgk_body_figures *f, int fig, sqlite3_stmt *st, int col, uint32_t *unknown)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		*unknown |= 1u << fig;
	else
		f->v[fig] += sqlite3_column_double(st, col);
}

int xxgk_store_figures(xxgk_store *s, const char *region, int from, int to, xxgk_body_figures **out,
		       size_t *count, xxgk_error *err)
{
	*out = NULL;
	*count = 0;
	sqlite3_stmt *st = NULL;
	xxgk_body_figures *fs = NULL;
	uint32_t *unknown = NULL, *seen = NULL;
	int32_t *map = NULL;
	size_t n = 0, cap = 0;
	int rc = XXGK_OK;
	sqlite3_int64 max_id = 0;
	int step;
	if (sqlite3_prepare_v2(s->db, "SELECT coalesce(max(id), 0) FROM reports", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		rc = store_fail(s, err, "reading figures");
		goto done;
	}
	max_id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	map = malloc(((size_t)max_id + 1) * sizeof *map);
	if (!map) {
		rc = xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
		goto done;
	}
	for (sqlite3_int64 i = 0; i <= max_id; i++)
		map[i] = -1;
	if (sqlite3_prepare_v2(s->db,
			       "SELECT id, sha256, coalesce(agency_name, ''), coalesce(region_code, ''), level, year,"
			       " coalesce(body_key, sha256), coalesce(published, '') FROM reports WHERE chosen = 1 AND year BETWEEN ? AND ?"
			       " AND coalesce(region_code, '') LIKE ? || '%'",
			       -1, &st, NULL) != SQLITE_OK) {
		rc = store_fail(s, err, "reading figures");
		goto done;
	}
	sqlite3_bind_int(st, 1, from);
	sqlite3_bind_int(st, 2, to);
	sqlite3_bind_text(st, 3, region ? region : "", -1, SQLITE_STATIC);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		sqlite3_int64 id = sqlite3_column_int64(st, 0);
		if (id < 0 || id > max_id)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 1024;
			xxgk_body_figures *nf = realloc(fs, cap * sizeof *nf);
			if (nf)
				fs = nf;
			uint32_t *nu = nf ? realloc(unknown, cap * sizeof *nu) : NULL;
			if (nu)
				unknown = nu;
			uint32_t *ns = nu ? realloc(seen, cap * sizeof *ns) : NULL;
			if (ns)
				seen = ns;
			if (!ns) {
				rc = xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
				goto done;
			}
		}
		xxgk_body_figures *f = &fs[n];
		memset(f, 0, sizeof *f);
		snprintf(f->sha256, sizeof f->sha256, "%s", (const char *)sqlite3_column_text(st, 1));
		snprintf(f->name, sizeof f->name, "%s", (const char *)sqlite3_column_text(st, 2));
		snprintf(f->code, sizeof f->code, "%s", (const char *)sqlite3_column_text(st, 3));
		int lv = xxgk_level_from_name((const char *)sqlite3_column_text(st, 4));
		f->level = lv < 0 ? XXGK_LEVEL_UNKNOWN : lv;
		f->year = sqlite3_column_int(st, 5);
		snprintf(f->body, sizeof f->body, "%s", (const char *)sqlite3_column_text(st, 6));
		snprintf(f->published, sizeof f->published, "%s", (const char *)sqlite3_column_text(st, 7));
		unknown[n] = 0;
		seen[n] = 0;
		map[id] = (int32_t)n++;
	}
	if (step != SQLITE_DONE) {
		rc = store_fail(s, err, "reading figures");
		goto done;
	}
	sqlite3_finalize(st);
	st = NULL;
	/* table 3 totals, each row into its figure (figures.c) */
	int figures_row_figure[XXGK_T3_ROWS];
	for (int row = 0; row < XXGK_T3_ROWS; row++)
		figures_row_figure[row] = xxgk_t3_row_figure(row);
	if (sqlite3_prepare_v2(s->db, "SELECT report_id, row, total FROM applications", -1, &st, NULL) != SQLITE_OK) {
		rc = store_fail(s, err, "reading figures");
		goto done;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		sqlite3_int64 id = sqlite3_column_int64(st, 0);
		if (id < 0 || id > max_id || map[id] < 0)
			continue;
		size_t i = (size_t)map[id];
		int row = sqlite3_column_int(st, 1);
		int fig = row >= 0 && row < XXGK_T3_ROWS ? figures_row_figure[row] : -1;
		if (fig < 0)
			continue;
		figures_add(&fs[i], fig, st, 2, &unknown[i]);
		seen[i] |= 1u << fig;
	}
	if (step != SQLITE_DONE) {
		rc = store_fail(s, err, "reading figures");
		goto done;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(s->db, "SELECT report_id, grp, corrected, total FROM reviews", -1, &st, NULL) !=
	    SQLITE_OK) {
		rc = store_fail(s, err, "reading figures");
		goto done;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		sqlite3_int64 id = sqlite3_column_int64(st, 0);
		if (id < 0 || id > max_id || map[id] < 0)
			continue;
		size_t i = (size_t)map[id];
		int g = sqlite3_column_int(st, 1);
		int total = xxgk_t4_figure(g, XXGK_T4_TOTAL), corrected = xxgk_t4_figure(g, XXGK_T4_CORRECTED);
		if (total >= 0) {
			figures_add(&fs[i], total, st, 3, &unknown[i]);
			seen[i] |= 1u << total;
		}
		if (corrected >= 0) {
			figures_add(&fs[i], corrected, st, 2, &unknown[i]);
			seen[i] |= 1u << corrected;
		}
	}
	if (step != SQLITE_DONE) {
		rc = store_fail(s, err, "reading figures");
		goto done;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(s->db,
			       "SELECT a.report_id, a.item, a.c1, a.c3 FROM active a"
			       " WHERE a.item IN ('licensing', 'penalty', 'coercion')",
			       -1, &st, NULL) != SQLITE_OK) {
		rc = store_fail(s, err, "reading figures");
		goto done;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		sqlite3_int64 id = sqlite3_column_int64(st, 0);
		if (id < 0 || id > max_id || map[id] < 0)
			continue;
		size_t i = (size_t)map[id];
		int fig = xxgk_active_figure((const char *)sqlite3_column_text(st, 1));
		if (fig < 0)
			continue;
		/* 2021: decisions in c1; 2019: previous, change, decisions (c3) */
		int col = sqlite3_column_type(st, 3) != SQLITE_NULL ? 3 : 2;
		figures_add(&fs[i], fig, st, col, &unknown[i]);
		seen[i] |= 1u << fig;
	}
	if (step != SQLITE_DONE) {
		rc = store_fail(s, err, "reading figures");
		goto done;
	}
	for (size_t i = 0; i < n; i++)
		fs[i].known = seen[i] & ~unknown[i];
	*out = fs;
	*count = n;
	fs = NULL;
done:
	sqlite3_finalize(st);
	free(fs);
	free(unknown);
	free(seen);
	free(map);
	return rc;
}
