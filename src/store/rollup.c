/*
 * rollup.c — xxgk_store_rollup(): every figure of tables 2–4 summed per
 * region and year, from the chosen document of each body.
 *
 * The reports of the year are mapped to their region (the code's first 2, 4
 * or 6 digits) and to "own" (the region's government itself: its code is
 * the region's and its level the region's level) or "sub" (everyone else
 * placed under it). The figure tables are then read once each, in key
 * order, and added in C: a sequential scan and an array look-up a row, so a
 * million reports roll up in seconds. Cells without a number are counted,
 * not summed; absent cells (not in the report's template) are neither.
 */
#include <stdlib.h>
#include <string.h>

#include "xxgk/aggregate.h"
#include "store_int.h"

typedef struct {
	int32_t group;   /* index into the roll-ups, −1 if not rolled up */
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

/* Adds a cell; a NULL is counted as missing unless the row's kinds say absent. */
static void rollup_add(double *sum, uint32_t *missing, sqlite3_stmt *st, int col, int kinds_col, int k)
{
	if (sqlite3_column_type(st, col) != SQLITE_NULL) {
		*sum += sqlite3_column_double(st, col);
		return;
	}
	/* kinds are read only here: most rows have no NULL at all */
	const char *kinds = (const char *)sqlite3_column_text(st, kinds_col);
	if (kinds && (size_t)k < strlen(kinds) && kinds[k] == 'x')
		return;   /* absent: not a cell of this report's template */
	(*missing)++;
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
static void rollup_row(int table, sqlite3_stmt *st, xxgk_sums *sum, bool y2019)
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
						   st, 2 + c, 5, c);
		return;
	}
	int row = sqlite3_column_int(st, 1);
	if (table == 3 && row >= 0 && row < XXGK_T3_ROWS)
		for (int c = 0; c < XXGK_T3_COLS; c++)
			rollup_add(&sum->applications[row][c], &sum->applications_missing[row][c], st, 2 + c,
				   2 + XXGK_T3_COLS, c);
	else if (table == 4 && row >= 0 && row < XXGK_T4_GROUPS)
		for (int c = 0; c < XXGK_T4_COLS; c++)
			rollup_add(&sum->reviews[row][c], &sum->reviews_missing[row][c], st, 2 + c, 2 + XXGK_T4_COLS, c);
}

/* Bodies with a report in another year but none in year − y, for y < years: one grouped pass. */
static int rollup_coverage(xxgk_store *s, const char *prefix, int plen, int year, int years, rollup_list *lists,
			   xxgk_error *err)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(s->db,
			       "SELECT region_code, coalesce(max(agency_name), body_key), max(year = ?), max(year = ?)"
			       " FROM reports WHERE body_key IS NOT NULL AND region_code LIKE ? || '%'"
			       " AND length(region_code) >= ? GROUP BY body_key"
			       " HAVING max(year = ?) = 0 OR max(year = ?) = 0 ORDER BY region_code",
			       -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, err, "rolling up");
	sqlite3_bind_int(st, 1, year);
	sqlite3_bind_int(st, 2, year - 1);
	sqlite3_bind_text(st, 3, prefix, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, plen);
	sqlite3_bind_int(st, 5, year);
	sqlite3_bind_int(st, 6, years > 1 ? year - 1 : year);
	size_t g[2] = { 0, 0 };
	int rc = XXGK_OK;
	while (rc == XXGK_OK && sqlite3_step(st) == SQLITE_ROW) {
		const char *code = (const char *)sqlite3_column_text(st, 0);
		const char *name = (const char *)sqlite3_column_text(st, 1);
		if (!code)
			continue;
		for (int y = 0; y < years && rc == XXGK_OK; y++) {
			if (sqlite3_column_int(st, 2 + y))
				continue;   /* it reported that year */
			rollup_list *l = &lists[y];
			while (g[y] < l->n && strncmp(l->rs[g[y]].code, code, (size_t)plen) < 0)
				g[y]++;
			if (g[y] >= l->n || strncmp(l->rs[g[y]].code, code, (size_t)plen) != 0)
				continue;   /* a region with no report at all that year is not listed */
			xxgk_rollup *r = &l->rs[g[y]];
			r->bodies_missing++;
			if (r->missing_count < XXGK_AGG_MISSING_CAP) {
				char **m = realloc(r->missing, (r->missing_count + 1) * sizeof *m);
				if (!m) {
					rc = xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
					break;
				}
				r->missing = m;
				r->missing[r->missing_count] = xxgk_strdup(name ? name : code);
				if (r->missing[r->missing_count])
					r->missing_count++;
			}
		}
	}
	sqlite3_finalize(st);
	return rc;
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
	sqlite3_int64 *ids = NULL;
	size_t nids = 0, ids_cap = 0;
	rollup_list lists[2] = { { NULL, 0, 0 }, { NULL, 0, 0 } };
	int years = prev ? 2 : 1;
	int rc = XXGK_OK;
	sqlite3_int64 max_id = 0, total = 0;

	if (sqlite3_prepare_v2(s->db, "SELECT coalesce(max(id), 0), count(*) FROM reports", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		rc = store_fail(s, err, "rolling up");
		goto done;
	}
	max_id = sqlite3_column_int64(st, 0);
	total = sqlite3_column_int64(st, 1);
	sqlite3_finalize(st);
	st = NULL;
	map = malloc(((size_t)max_id + 1) * sizeof *map);
	if (!map) {
		rc = xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
		goto done;
	}
	for (sqlite3_int64 i = 0; i <= max_id; i++)
		map[i].group = -1;

	/* 1. the years' chosen reports, each to its region and year */
	for (int y = 0; y < years; y++) {
		if (sqlite3_prepare_v2(s->db,
				       "SELECT id, region_code, level, template FROM reports WHERE chosen = 1 AND year = ?"
				       " AND region_code LIKE ? || '%' AND length(region_code) >= ? ORDER BY region_code",
				       -1, &st, NULL) != SQLITE_OK) {
			rc = store_fail(s, err, "rolling up");
			goto done;
		}
		sqlite3_bind_int(st, 1, year - y);
		sqlite3_bind_text(st, 2, prefix, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, plen);
		while (sqlite3_step(st) == SQLITE_ROW) {
			sqlite3_int64 id = sqlite3_column_int64(st, 0);
			const char *code = (const char *)sqlite3_column_text(st, 1);
			const char *lv = (const char *)sqlite3_column_text(st, 2);
			const char *tp = (const char *)sqlite3_column_text(st, 3);
			if (!code || id > max_id)
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
			if (nids == ids_cap) {
				ids_cap = ids_cap ? ids_cap * 2 : 4096;
				sqlite3_int64 *ni = realloc(ids, ids_cap * sizeof *ni);
				if (!ni) {
					rc = xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
					goto done;
				}
				ids = ni;
			}
			ids[nids++] = id;
		}
		sqlite3_finalize(st);
		st = NULL;
	}

	/* 2. the figures: a scan of each table when most reports are wanted, else
	 * a key seek per wanted report (a year of a many-year database) */
	sqlite3_int64 lo = max_id, hi = 0;
	for (size_t k = 0; k < nids; k++) {
		if (ids[k] < lo)
			lo = ids[k];
		if (ids[k] > hi)
			hi = ids[k];
	}
	/* wanted reports dense in their id range: scan the range; sparse: seek each */
	bool seek = nids && (sqlite3_int64)nids * 4 < hi - lo + 1;
	(void)total;
	static const char scan_active[] = "SELECT report_id, item, c1, c2, c3, kinds FROM active"
					  " WHERE report_id BETWEEN ? AND ?";
	static const char scan_apps[] = "SELECT report_id, row, natural_person, commercial, research, social_org,"
					" legal_service, other_org, total, kinds FROM applications"
					" WHERE report_id BETWEEN ? AND ?";
	static const char scan_reviews[] = "SELECT report_id, grp, upheld, corrected, other, pending, total, kinds"
					   " FROM reviews WHERE report_id BETWEEN ? AND ?";
	static const char *const scan_sql[3] = { scan_active, scan_apps, scan_reviews };
	static const char seek_active[] = "SELECT report_id, item, c1, c2, c3, kinds FROM active WHERE report_id = ?";
	static const char seek_apps[] = "SELECT report_id, row, natural_person, commercial, research, social_org,"
					" legal_service, other_org, total, kinds FROM applications WHERE report_id = ?";
	static const char seek_reviews[] = "SELECT report_id, grp, upheld, corrected, other, pending, total, kinds"
					   " FROM reviews WHERE report_id = ?";
	static const char *const seek_sql[3] = { seek_active, seek_apps, seek_reviews };
	for (int t = 0; t < 3 && nids; t++) {
		int table = t + 2;
		if (sqlite3_prepare_v2(s->db, seek ? seek_sql[t] : scan_sql[t], -1, &st, NULL) != SQLITE_OK) {
			rc = store_fail(s, err, "rolling up");
			goto done;
		}
		if (!seek) {
			sqlite3_bind_int64(st, 1, lo);
			sqlite3_bind_int64(st, 2, hi);
		}
		for (size_t k = 0; k < (seek ? nids : 1); k++) {
			if (seek) {
				sqlite3_reset(st);
				sqlite3_bind_int64(st, 1, ids[k]);
			}
			while (sqlite3_step(st) == SQLITE_ROW) {
				sqlite3_int64 id = sqlite3_column_int64(st, 0);
				if (id > max_id || map[id].group < 0)
					continue;
				xxgk_rollup *r = &lists[map[id].year].rs[map[id].group];
				rollup_row(table, st, map[id].own ? &r->own : &r->sub, map[id].y2019);
			}
		}
		sqlite3_finalize(st);
		st = NULL;
	}

	/* 3. coverage and names */
	if (nids)
		rc = rollup_coverage(s, prefix, plen, year, years, lists, err);
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
	free(map);
	free(ids);
	xxgk_rollups_free(lists[0].rs, lists[0].n);
	xxgk_rollups_free(lists[1].rs, lists[1].n);
	return rc;
}

int xxgk_store_rollup(xxgk_store *s, int level, const char *region, int year, xxgk_rollup **out,
		      size_t *count, xxgk_error *err)
{
	return xxgk_store_rollup2(s, level, region, year, out, count, NULL, NULL, err);
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
			       " coalesce(body_key, sha256) FROM reports WHERE chosen = 1 AND year BETWEEN ? AND ?"
			       " AND coalesce(region_code, '') LIKE ? || '%'",
			       -1, &st, NULL) != SQLITE_OK) {
		rc = store_fail(s, err, "reading figures");
		goto done;
	}
	sqlite3_bind_int(st, 1, from);
	sqlite3_bind_int(st, 2, to);
	sqlite3_bind_text(st, 3, region ? region : "", -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		sqlite3_int64 id = sqlite3_column_int64(st, 0);
		if (id > max_id)
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
		unknown[n] = 0;
		seen[n] = 0;
		map[id] = (int32_t)n++;
	}
	sqlite3_finalize(st);
	st = NULL;
	/* table 3 totals */
	if (sqlite3_prepare_v2(s->db, "SELECT report_id, row, total FROM applications", -1, &st, NULL) != SQLITE_OK) {
		rc = store_fail(s, err, "reading figures");
		goto done;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		sqlite3_int64 id = sqlite3_column_int64(st, 0);
		if (id > max_id || map[id] < 0)
			continue;
		size_t i = (size_t)map[id];
		int row = sqlite3_column_int(st, 1), fig = -1;
		if (row == XXGK_T3_NEW_RECEIVED)
			fig = XXGK_FIG_NEW_RECEIVED;
		else if (row == XXGK_T3_TOTAL_PROCESSED)
			fig = XXGK_FIG_TOTAL_PROCESSED;
		else if (row >= XXGK_T3_GRANTED && row <= XXGK_T3_PARTIALLY_GRANTED)
			fig = XXGK_FIG_DISCLOSED;
		else if (row >= XXGK_T3_DENIED_STATE_SECRET && row <= XXGK_T3_DENIED_ADMIN_QUERY)
			fig = XXGK_FIG_DENIED;
		else if (row >= XXGK_T3_UNABLE_NO_INFO && row <= XXGK_T3_UNABLE_UNCLEAR)
			fig = XXGK_FIG_UNABLE;
		else if (row >= XXGK_T3_NOT_PROCESSED_COMPLAINT && row <= XXGK_T3_NOT_PROCESSED_CONFIRM)
			fig = XXGK_FIG_NOT_PROCESSED;
		if (fig < 0)
			continue;
		figures_add(&fs[i], fig, st, 2, &unknown[i]);
		seen[i] |= 1u << fig;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(s->db, "SELECT report_id, grp, corrected, total FROM reviews", -1, &st, NULL) !=
	    SQLITE_OK) {
		rc = store_fail(s, err, "reading figures");
		goto done;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		sqlite3_int64 id = sqlite3_column_int64(st, 0);
		if (id > max_id || map[id] < 0)
			continue;
		size_t i = (size_t)map[id];
		int g = sqlite3_column_int(st, 1);
		int total = g == XXGK_T4_REVIEW ? XXGK_FIG_REVIEW : XXGK_FIG_LITIGATION;
		int corrected = g == XXGK_T4_REVIEW ? XXGK_FIG_REVIEW_CORRECTED : XXGK_FIG_LITIGATION_CORRECTED;
		figures_add(&fs[i], total, st, 3, &unknown[i]);
		figures_add(&fs[i], corrected, st, 2, &unknown[i]);
		seen[i] |= 1u << total | 1u << corrected;
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
	while (sqlite3_step(st) == SQLITE_ROW) {
		sqlite3_int64 id = sqlite3_column_int64(st, 0);
		if (id > max_id || map[id] < 0)
			continue;
		size_t i = (size_t)map[id];
		const char *item = (const char *)sqlite3_column_text(st, 1);
		int fig = !item ? -1 : !strcmp(item, "licensing") ? XXGK_FIG_LICENSING
			  : !strcmp(item, "penalty") ? XXGK_FIG_PENALTY : XXGK_FIG_COERCION;
		if (fig < 0)
			continue;
		/* 2021: decisions in c1; 2019: previous, change, decisions (c3) */
		int col = sqlite3_column_type(st, 3) != SQLITE_NULL ? 3 : 2;
		figures_add(&fs[i], fig, st, col, &unknown[i]);
		seen[i] |= 1u << fig;
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
