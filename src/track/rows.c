/*
 * rows.c — the statuses people typed into a review workbook (or its CSV),
 * as rows `xxgk track` can record (xxgk/track.h).
 *
 * Exports xxgk_status_rows_from_table and xxgk_status_rows_free.
 *
 * Columns are found by header, in either language of the workbook
 * (xxgk_review_workbook): 编号/id, 状态/status, 处理人/who, 处理日期/date,
 * 处理说明/note; a header may carry spaces or a BOM. A 编号 cell may hold
 * several ids (a copy cluster's row). Excel turns a typed date into a serial
 * day number (days since 1899-12-30, with its 1900 leap-year bug above 60):
 * such a number in the date column is turned back into YYYY-MM-DD. A status
 * that is none of the four is reported with its row and, when one is close,
 * the status that was probably meant; a cluster whose members differ shows
 * "（多种）" and means "no change".
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xxgk/track.h"
#include "../common/common_int.h"

enum { COL_ID, COL_STATUS, COL_WHO, COL_DATE, COL_NOTE, COL_COUNT };

static const char *const col_names[COL_COUNT][2] = {
	{ "编号", "id" }, { "状态", "status" }, { "处理人", "who" }, { "处理日期", "date" }, { "处理说明", "note" },
};

static bool rows_header_is(const char *cell, const char *name)
{
	if (!strncmp(cell, "\xEF\xBB\xBF", 3))
		cell += 3;
	while (*cell == ' ')
		cell++;
	size_t n = strlen(cell);
	while (n && cell[n - 1] == ' ')
		n--;
	return strlen(name) == n && !strncmp(cell, name, n);
}

/* Edit distance over code points, for "did you mean": 已修改 → 已整改. */
static int rows_distance(const char *a, const char *b)
{
	uint32_t x[24], y[24];
	size_t n = 0, m = 0;
	for (size_t i = 0, len = strlen(a); i < len && n < 24;) {
		size_t k = xxgk_utf8_decode((const unsigned char *)a + i, len - i, &x[n]);
		if (!k)
			return 99;
		i += k;
		n++;
	}
	for (size_t i = 0, len = strlen(b); i < len && m < 24;) {
		size_t k = xxgk_utf8_decode((const unsigned char *)b + i, len - i, &y[m]);
		if (!k)
			return 99;
		i += k;
		m++;
	}
	int d[25][25];
	for (size_t i = 0; i <= n; i++)
		d[i][0] = (int)i;
	for (size_t j = 0; j <= m; j++)
		d[0][j] = (int)j;
	for (size_t i = 1; i <= n; i++)
		for (size_t j = 1; j <= m; j++) {
			int v = d[i - 1][j - 1] + (x[i - 1] != y[j - 1]);
			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			d[i][j] = v;
		}
	return d[n][m];
}

/* An Excel serial day number as YYYY-MM-DD (proleptic Gregorian, from 1899-12-30). */
static bool rows_serial_date(const char *s, char out[11])
{
	char *end;
	double v = strtod(s, &end);
	if (end == s || *end || v < 1 || v > 2958465)
		return false;
	long days = (long)v;
	if (days < 61)   /* Excel's day 60 is 1900-02-29, which never was */
		days++;
	/* civil from days since 1970-01-01 (H. Hinnant's algorithm) */
	long z = days - 25569 + 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1, mo = mp < 10 ? mp + 3 : mp - 9;
	snprintf(out, 11, "%04ld-%02ld-%02ld", y + (mo <= 2), mo, d);
	return true;
}

static char *rows_opt(const char *v)
{
	while (*v == ' ')
		v++;
	return *v ? xxgk_strdup(v) : NULL;
}

static int rows_problem(xxgk_status_rows *out, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

static int rows_problem(xxgk_status_rows *out, const char *fmt, ...)
{
	char msg[768];
	va_list ap;
	va_start(ap, fmt);
	xxgk_vformat(msg, sizeof msg, fmt, ap);
	va_end(ap);
	char **p = realloc(out->problems, (out->problem_count + 1) * sizeof *p);
	if (!p)
		return XXGK_ENOMEM;
	out->problems = p;
	if (!(p[out->problem_count] = xxgk_strdup(msg)))
		return XXGK_ENOMEM;
	out->problem_count++;
	return XXGK_OK;
}

/* Splits a 编号 cell into ids: 16 hex digits each, separated by spaces, commas or line breaks. */
static int rows_ids(xxgk_status_row *r, const char *cell)
{
	const char *p = cell;
	while (*p) {
		p += strspn(p, " ,;\t\r\n");
		size_t n = strcspn(p, " ,;\t\r\n");
		if (!n)
			break;
		char **ids = realloc(r->ids, (r->id_count + 1) * sizeof *ids);
		if (!ids)
			return XXGK_ENOMEM;
		r->ids = ids;
		if (!(ids[r->id_count] = xxgk_strndup(p, n)))
			return XXGK_ENOMEM;
		r->id_count++;
		p += n;
	}
	return XXGK_OK;
}

static int rows_one(xxgk_status_rows *out, const xxgk_wb_table *t, size_t r, const int *col, const char *name)
{
	char **cells = t->rows[r];
	const char *status = cells[col[COL_STATUS]], *idcell = cells[col[COL_ID]];
	size_t rn = t->row_numbers[r];
	while (*status == ' ')
		status++;
	if (!*idcell && !*status)
		return XXGK_OK;   /* an empty row */
	if (!*idcell)
		return rows_problem(out, "%s:%zu: a status with no 编号 (id)", name, rn);
	int st = -1;
	if (*status && strcmp(status, "（多种）")) {
		st = xxgk_status_from_text(status);
		if (st < 0) {
			const char *near = NULL;
			int best = 3;
			for (int k = 0; k < XXGK_STATUS_COUNT; k++) {
				int d = rows_distance(status, xxgk_status_label(k));
				if (d < best) {
					best = d;
					near = xxgk_status_label(k);
				}
			}
			if (near)
				return rows_problem(out, "%s:%zu: 状态 '%s' is not one of 待整改, 已整改, 豁免, 复核通过; did you mean %s?",
						    name, rn, status, near);
			return rows_problem(out, "%s:%zu: 状态 '%s' is not one of 待整改, 已整改, 豁免, 复核通过", name, rn,
					    status);
		}
	}
	xxgk_status_row x;
	memset(&x, 0, sizeof x);
	x.row = rn;
	x.status = st;
	int rc = XXGK_OK;
	if (!(x.status_text = xxgk_strdup(status)) || rows_ids(&x, idcell) != XXGK_OK)
		rc = XXGK_ENOMEM;
	for (size_t k = 0; k < x.id_count && rc == XXGK_OK; k++) {
		size_t n = strlen(x.ids[k]);
		if (n != XXGK_FINDING_ID_LEN || strspn(x.ids[k], "0123456789abcdef") != n) {
			rc = rows_problem(out, "%s:%zu: 编号 '%s' is not a finding id (16 hex digits)", name, rn, x.ids[k]);
			if (rc == XXGK_OK)
				rc = 1;   /* reported: the row is dropped */
		}
	}
	if (rc == XXGK_OK && col[COL_WHO] >= 0 && !(x.who = rows_opt(cells[col[COL_WHO]])) && *cells[col[COL_WHO]] != ' ' &&
	    *cells[col[COL_WHO]])
		rc = XXGK_ENOMEM;
	if (rc == XXGK_OK && col[COL_NOTE] >= 0 && !(x.why = rows_opt(cells[col[COL_NOTE]])) &&
	    *cells[col[COL_NOTE]] != ' ' && *cells[col[COL_NOTE]])
		rc = XXGK_ENOMEM;
	if (rc == XXGK_OK && col[COL_DATE] >= 0 && *cells[col[COL_DATE]]) {
		char day[11];
		const char *d = cells[col[COL_DATE]];
		if (rows_serial_date(d, day))
			d = day;
		if (!(x.at = xxgk_strdup(d)))
			rc = XXGK_ENOMEM;
	}
	xxgk_status_row *nr = rc == XXGK_OK ? realloc(out->rows, (out->count + 1) * sizeof *nr) : NULL;
	if (nr) {
		out->rows = nr;
		out->rows[out->count++] = x;
		return XXGK_OK;
	}
	for (size_t k = 0; k < x.id_count; k++)
		free(x.ids[k]);
	free(x.ids);
	free(x.status_text);
	free(x.who);
	free(x.at);
	free(x.why);
	return rc == 1 ? XXGK_OK : XXGK_ENOMEM;
}

int xxgk_status_rows_from_table(xxgk_status_rows *out, const xxgk_wb_table *t, const char *name, xxgk_error *err)
{
	memset(out, 0, sizeof *out);
	if (!t->row_count)
		return xxgk_error_set(err, XXGK_EPARSE, 0, 0, "%s: the sheet is empty", name);
	int col[COL_COUNT];
	for (int k = 0; k < COL_COUNT; k++) {
		col[k] = -1;
		for (size_t c = 0; c < t->column_count && col[k] < 0; c++)
			if (rows_header_is(t->rows[0][c], col_names[k][0]) || rows_header_is(t->rows[0][c], col_names[k][1]))
				col[k] = (int)c;
	}
	if (col[COL_ID] < 0 || col[COL_STATUS] < 0)
		return xxgk_error_set(err, XXGK_EPARSE, 0, 0,
				      "%s:%zu: the header has no %s column (编号/id and 状态/status are needed)", name,
				      t->row_numbers[0], col[COL_ID] < 0 ? "编号 (id)" : "状态 (status)");
	int rc = XXGK_OK;
	for (size_t r = 1; r < t->row_count && rc == XXGK_OK; r++)
		rc = rows_one(out, t, r, col, name);
	if (rc != XXGK_OK) {
		xxgk_status_rows_free(out);
		return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
	}
	return XXGK_OK;
}

void xxgk_status_rows_free(xxgk_status_rows *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->count; i++) {
		xxgk_status_row *x = &r->rows[i];
		for (size_t k = 0; k < x->id_count; k++)
			free(x->ids[k]);
		free(x->ids);
		free(x->status_text);
		free(x->who);
		free(x->at);
		free(x->why);
	}
	free(r->rows);
	for (size_t i = 0; i < r->problem_count; i++)
		free(r->problems[i]);
	free(r->problems);
	memset(r, 0, sizeof *r);
}
