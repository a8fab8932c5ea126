/*
 * read.c — reports back out of the store, and tables out as CSV or JSON
 * Lines (xxgk_store_get, xxgk_store_export).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

static const char *store_col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *v = sqlite3_column_text(st, i);
	return v ? (const char *)v : NULL;
}

static int store_kind_of(const char *kinds, int i)
{
	static const char letters[] = "nbaxiu";
	if (!kinds || (size_t)i >= strlen(kinds))
		return XXGK_KIND_NUMBER;
	const char *p = strchr(letters, kinds[i]);
	return p ? (int)(p - letters) : XXGK_KIND_NUMBER;
}

/*
 * "%.15g" of v, the canonical text of a number cell: whole numbers below
 * 10^15 (every count) written directly, the rest by snprintf, which was a
 * third of the time of reading a report back.
 */
static void store_format_number(char out[40], double v)
{
	if (fabs(v) < 1e15 && v == (double)(long long)v && !(v == 0 && signbit(v))) {
		long long n = (long long)v;
		unsigned long long u = n < 0 ? 0ull - (unsigned long long)n : (unsigned long long)n;
		char tmp[24];
		int k = 0;
		do {
			tmp[k++] = (char)('0' + u % 10);
			u /= 10;
		} while (u);
		int o = 0;
		if (n < 0)
			out[o++] = '-';
		while (k)
			out[o++] = tmp[--k];
		out[o] = '\0';
		return;
	}
	snprintf(out, 40, "%.15g", v);
}

/* Fills n cells from columns first.. (values) then kinds, line, lines. */
static int store_read_cells(sqlite3_stmt *st, int first, xxgk_cell *cells, int n)
{
	const char *kinds = store_col_text(st, first + n);
	uint32_t line = (uint32_t)sqlite3_column_int64(st, first + n + 1);
	const char *lines = store_col_text(st, first + n + 2);
	for (int i = 0; i < n; i++) {
		bool has = sqlite3_column_type(st, first + i) != SQLITE_NULL;
		double v = has ? sqlite3_column_double(st, first + i) : 0;
		uint32_t l = line;
		if (lines) {
			const char *p = lines;
			for (int k = 0; k < i && p; k++) {
				p = strchr(p, ',');
				if (p)
					p++;
			}
			l = p ? (uint32_t)strtoul(p, NULL, 10) : 0;
		}
		int kind = store_kind_of(kinds, i);
		if (kind == XXGK_KIND_ABSENT && !lines)
			l = 0;
		char canon[40] = "";
		if (has && kind == XXGK_KIND_NUMBER)
			store_format_number(canon, v);
		if (xxgk_cell_set(&cells[i], kind, has, v, l, 0, canon[0] ? canon : NULL) != XXGK_OK)
			return XXGK_ENOMEM;
	}
	return XXGK_OK;
}

/*
 * The read statement `which`, prepared on first use and kept in the handle
 * (a check of 200,000 reports prepared seven statements for each); NULL
 * when SQLite refuses it. The caller resets it when done.
 */
static sqlite3_stmt *store_read_stmt(xxgk_store *s, int which, const char *sql)
{
	if (!s->rd[which] &&
	    sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->rd[which], NULL) != SQLITE_OK)
		return NULL;
	return s->rd[which];
}

/* Done with a kept statement: reset, bindings cleared, st set to NULL. */
static void store_read_done(sqlite3_stmt **st)
{
	if (*st) {
		sqlite3_reset(*st);
		sqlite3_clear_bindings(*st);
	}
	*st = NULL;
}

int xxgk_store_get(xxgk_store *s, const char *sha256, xxgk_report **out, xxgk_error *err)
{
	*out = NULL;
	sqlite3_stmt *st = NULL;
	xxgk_report *r = NULL;
	int rc = XXGK_OK;
	st = store_read_stmt(s, RD_REPORT,
			     "SELECT id, source_name, format, encoding, script, agency_name, region_code, level,"
			     " year, template, published, parts, fees_explained, shingles, minhash"
			     " FROM reports WHERE sha256 = ?");
	if (!st)
		return store_fail(s, err, "reading a report");
	sqlite3_bind_text(st, 1, sha256, -1, SQLITE_STATIC);
	int step = sqlite3_step(st);
	if (step != SQLITE_ROW) {
		store_read_done(&st);
		return step == SQLITE_DONE ? XXGK_OK : store_fail(s, err, "reading a report");
	}
	if ((rc = xxgk_report_new(&r)) != XXGK_OK)
		goto done;
	sqlite3_int64 id = sqlite3_column_int64(st, 0);
	snprintf(r->sha256, sizeof r->sha256, "%s", sha256);
	int v;
	if (xxgk_report_set_string(&r->source_name, store_col_text(st, 1)) != XXGK_OK ||
	    xxgk_report_set_string(&r->agency_name, store_col_text(st, 5)) != XXGK_OK ||
	    xxgk_report_set_string(&r->region_code, store_col_text(st, 6)) != XXGK_OK) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	if ((v = xxgk_format_from_name(store_col_text(st, 2))) >= 0) r->format = (uint8_t)v;
	if ((v = xxgk_encoding_from_name(store_col_text(st, 3))) >= 0) r->encoding = (uint8_t)v;
	if ((v = xxgk_script_from_name(store_col_text(st, 4))) >= 0) r->script = (uint8_t)v;
	if ((v = xxgk_level_from_name(store_col_text(st, 7))) >= 0) r->level = (uint8_t)v;
	r->year = sqlite3_column_int(st, 8);
	if ((v = xxgk_template_from_name(store_col_text(st, 9))) >= 0) r->template_kind = (uint8_t)v;
	if (store_col_text(st, 10))
		snprintf(r->published, sizeof r->published, "%s", store_col_text(st, 10));
	const char *parts = store_col_text(st, 11);
	for (int p = 0; p < 6 && parts; p++) {
		r->part_line[p] = (uint32_t)strtoul(parts, NULL, 10);
		parts = strchr(parts, ',');
		if (parts)
			parts++;
	}
	r->fees_explained = sqlite3_column_type(st, 12) == SQLITE_NULL ? -1 : (int8_t)sqlite3_column_int(st, 12);
	if (sqlite3_column_type(st, 13) != SQLITE_NULL &&
	    sqlite3_column_bytes(st, 14) == (int)sizeof r->minhash) {
		r->shingle_count = (uint32_t)sqlite3_column_int64(st, 13);
		memcpy(r->minhash, sqlite3_column_blob(st, 14), sizeof r->minhash);
	}
	store_read_done(&st);

	/* table 2 */
	size_t nf;
	const xxgk_active_field *f = xxgk_active_fields(r->template_kind, &nf);
	st = store_read_stmt(s, RD_ACTIVE, "SELECT item, c1, c2, c3, kinds, line, lines FROM active WHERE report_id = ?");
	if (!st) {
		rc = store_fail(s, err, "reading table 2");
		goto done;
	}
	sqlite3_bind_int64(st, 1, id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *item = store_col_text(st, 0);
		for (size_t i = 0; item && i < nf; i++) {
			if (strcmp(f[i].item, item) != 0 || (i > 0 && strcmp(f[i - 1].item, item) == 0))
				continue;
			xxgk_cell cells[3];
			memset(cells, 0, sizeof cells);
			if ((rc = store_read_cells(st, 1, cells, 3)) != XXGK_OK)
				goto done;
			for (size_t k = 0; k < 3; k++) {
				if (i + k < nf && strcmp(f[i + k].item, item) == 0) {
					xxgk_cell_free_raw(r->active[i + k].raw);
					r->active[i + k] = cells[k];
				} else {
					xxgk_cell_free_raw(cells[k].raw);
				}
			}
		}
	}
	if (step != SQLITE_DONE) {
		rc = store_fail(s, err, "reading table 2");
		goto done;
	}
	store_read_done(&st);
	/* tables 3 and 4 */
	static const char *const grid_sql[2] = {
		"SELECT row, natural_person, commercial, research, social_org, legal_service, other_org, total,"
		" kinds, line, lines FROM applications WHERE report_id = ?",
		"SELECT grp, upheld, corrected, other, pending, total, kinds, line, lines FROM reviews"
		" WHERE report_id = ?"
	};
	for (int t = 0; t < 2; t++) {
		st = store_read_stmt(s, t == 0 ? RD_APPLICATIONS : RD_REVIEWS, grid_sql[t]);
		if (!st) {
			rc = store_fail(s, err, "reading tables 3 and 4");
			goto done;
		}
		sqlite3_bind_int64(st, 1, id);
		while ((step = sqlite3_step(st)) == SQLITE_ROW) {
			int row = sqlite3_column_int(st, 0);
			if (t == 0 && row >= 0 && row < XXGK_T3_ROWS)
				rc = store_read_cells(st, 1, r->applications[row], XXGK_T3_COLS);
			else if (t == 1 && row >= 0 && row < XXGK_T4_GROUPS)
				rc = store_read_cells(st, 1, r->reviews[row], XXGK_T4_COLS);
			if (rc != XXGK_OK)
				goto done;
		}
		if (step != SQLITE_DONE) {
			rc = store_fail(s, err, "reading tables 3 and 4");
			goto done;
		}
		store_read_done(&st);
	}
	/* raw text where it differs from the number */
	st = store_read_stmt(s, RD_RAW, "SELECT path, raw FROM cell_raw WHERE report_id = ?");
	if (!st) {
		rc = store_fail(s, err, "reading cells");
		goto done;
	}
	sqlite3_bind_int64(st, 1, id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		xxgk_cell *c = xxgk_report_cell(r, store_col_text(st, 0));
		if (c && xxgk_cell_set(c, c->kind, c->has_value, c->value, c->line, c->column,
				       store_col_text(st, 1)) != XXGK_OK) {
			rc = XXGK_ENOMEM;
			goto done;
		}
	}
	if (step != SQLITE_DONE) {
		rc = store_fail(s, err, "reading cells");
		goto done;
	}
	store_read_done(&st);
	st = store_read_stmt(s, RD_CLAIMS, "SELECT key, value, line FROM claims WHERE report_id = ? ORDER BY seq");
	if (!st) {
		rc = store_fail(s, err, "reading claims");
		goto done;
	}
	sqlite3_bind_int64(st, 1, id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (xxgk_report_claim(r, store_col_text(st, 0), sqlite3_column_double(st, 1),
				      (uint32_t)sqlite3_column_int64(st, 2)) != XXGK_OK) {
			rc = XXGK_ENOMEM;
			goto done;
		}
	}
	if (step != SQLITE_DONE) {
		rc = store_fail(s, err, "reading claims");
		goto done;
	}
	store_read_done(&st);
	st = store_read_stmt(s, RD_WARNINGS, "SELECT code, line, message, where_path FROM warnings WHERE report_id = ? ORDER BY seq");
	if (!st) {
		rc = store_fail(s, err, "reading warnings");
		goto done;
	}
	sqlite3_bind_int64(st, 1, id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *msg = store_col_text(st, 2);
		if (xxgk_report_warn_at(r, store_col_text(st, 0), (uint32_t)sqlite3_column_int64(st, 1),
					store_col_text(st, 3), "%s", msg ? msg : "") != XXGK_OK) {
			rc = XXGK_ENOMEM;
			goto done;
		}
	}
	if (step != SQLITE_DONE)
		rc = store_fail(s, err, "reading warnings");
done:
	store_read_done(&st);
	if (rc != XXGK_OK) {
		xxgk_report_free(r);
		if (rc == XXGK_ENOMEM)
			xxgk_error_set(err, rc, 0, 0, "out of memory");
		return rc;
	}
	*out = r;
	return XXGK_OK;
}

/* ------------------------------------------------------------- export */

/*
 * Text for another program: every string valid UTF-8 (a byte that is not
 * part of a character becomes U+FFFD, so one bad cell cannot make the whole
 * line unreadable to a JSON or CSV reader), BLOBs as hex or left out.
 * In CSV a text cell starting with = + - @ (or a tab or CR) is what Excel
 * and LibreOffice run as a formula ("CSV injection", OWASP): it is written
 * after an apostrophe, which they show as text.
 */
static void export_utf8(xxgk_buf *b, const unsigned char *v, size_t len)
{
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = xxgk_utf8_decode(v + i, len - i, &cp);
		if (n) {
			xxgk_buf_append(b, (const char *)v + i, n);
			i += n;
		} else {
			xxgk_buf_puts(b, "\xEF\xBF\xBD");
			i++;
		}
	}
}

static void export_csv_field(FILE *out, const char *v, size_t len, bool guard)
{
	if (!v)
		return;
	bool formula = guard && len && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' ||
					 v[0] == '\r');
	if (!formula && !memchr(v, ',', len) && !memchr(v, '"', len) && !memchr(v, '\r', len) && !memchr(v, '\n', len)) {
		fwrite(v, 1, len, out);
		return;
	}
	fputc('"', out);
	if (formula)
		fputc('\'', out);
	for (size_t i = 0; i < len; i++) {
		if (v[i] == '"')
			fputc('"', out);
		fputc(v[i], out);
	}
	fputc('"', out);
}

static void export_json_string(FILE *out, const char *v, size_t len)
{
	fputc('"', out);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)v[i];
		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20 || c == 0x7F)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

int xxgk_store_export(xxgk_store *s, const char *table, int format, FILE *out, xxgk_error *err)
{
	xxgk_export_options o = XXGK_EXPORT_OPTIONS_INIT;
	o.format = format;
	return xxgk_store_export_with(s, table, &o, out, err);
}

int xxgk_store_export_with(xxgk_store *s, const char *table, const xxgk_export_options *o, FILE *out,
			   xxgk_error *err)
{
	sqlite3_stmt *st = NULL;
	int known = 0;
	bool csv = o->format == XXGK_EXPORT_CSV;
	if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM sqlite_master WHERE type IN ('table','view') AND name = ?",
			       -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, err, "exporting");
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		known = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (!known)
		return xxgk_error_set(err, XXGK_EINVAL, 0, 0,
				      "no table or view named \"%s\" (reports, applications, applications_named, "
				      "active, reviews, warnings, findings, quarantine, regions, reports_chosen …)",
				      table);
	/* findings: with the body and year they are about, and their status */
	const char *from = strcmp(table, "findings") == 0 ? "findings_export" : table;
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT * FROM \"%s\"", from);
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, err, "exporting");
	int ncol = sqlite3_column_count(st);
	/* a column is a BLOB column when its declared type says so (reports.minhash) */
	bool *blob = calloc((size_t)ncol + 1, sizeof *blob);
	if (!blob) {
		sqlite3_finalize(st);
		return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
	}
	for (int i = 0; i < ncol; i++) {
		const char *decl = sqlite3_column_decltype(st, i);
		blob[i] = decl && !strcmp(decl, "BLOB");
	}
	bool first = true;
	if (csv) {
		fputs("\xEF\xBB\xBF", out);   /* BOM: Excel reads the file as UTF-8 */
		for (int i = 0; i < ncol; i++) {
			if (blob[i] && o->omit_blobs)
				continue;
			if (!first)
				fputc(',', out);
			first = false;
			const char *name = sqlite3_column_name(st, i);
			export_csv_field(out, name, strlen(name), false);
		}
		fputs("\r\n", out);
	}
	xxgk_buf b;
	xxgk_buf_init(&b);
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (!csv) {
			fputs("{\"schema\":\"xxgk.row/1\",\"table\":", out);
			export_json_string(out, table, strlen(table));
		}
		first = true;
		for (int i = 0; i < ncol; i++) {
			int type = sqlite3_column_type(st, i);
			if ((blob[i] || type == SQLITE_BLOB) && o->omit_blobs)
				continue;
			if (csv && !first)
				fputc(',', out);
			first = false;
			if (!csv) {
				const char *name = sqlite3_column_name(st, i);
				fputc(',', out);
				export_json_string(out, name, strlen(name));
				fputc(':', out);
			}
			b.len = 0;
			if (type == SQLITE_NULL) {
				if (!csv)
					fputs("null", out);
			} else if (type == SQLITE_INTEGER) {
				fprintf(out, "%lld", (long long)sqlite3_column_int64(st, i));
			} else if (type == SQLITE_FLOAT) {
				double v = sqlite3_column_double(st, i);
				if (isfinite(v))
					fprintf(out, "%.15g", v);
				else if (!csv)
					fputs("null", out);
			} else if (type == SQLITE_BLOB) {
				const unsigned char *p = sqlite3_column_blob(st, i);
				int n = sqlite3_column_bytes(st, i);
				for (int k = 0; k < n; k++)
					xxgk_buf_printf(&b, "%02x", p[k]);
				if (csv)
					fwrite(b.data ? b.data : "", 1, b.len, out);
				else
					export_json_string(out, b.data ? b.data : "", b.len);
			} else {
				const unsigned char *t = sqlite3_column_text(st, i);
				export_utf8(&b, t, (size_t)sqlite3_column_bytes(st, i));
				if (csv)
					export_csv_field(out, b.data ? b.data : "", b.len, true);
				else
					export_json_string(out, b.data ? b.data : "", b.len);
			}
		}
		fputs(csv ? "\r\n" : "}\n", out);
		if (b.failed)
			break;
	}
	int rc = b.failed ? xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory")
		 : step == SQLITE_DONE ? XXGK_OK : store_fail(s, err, "exporting");
	xxgk_buf_free(&b);
	free(blob);
	sqlite3_finalize(st);
	if (rc == XXGK_OK && ferror(out))
		rc = xxgk_error_set(err, XXGK_EIO, 0, 0, "writing the export failed");
	return rc;
}

int xxgk_store_each(xxgk_store *s, bool chosen_only, xxgk_store_each_fn fn, void *ctx, xxgk_error *err)
{
	sqlite3_stmt *st = NULL;
	const char *sql = chosen_only ? "SELECT sha256, body_key, year FROM reports WHERE chosen = 1 ORDER BY body_key, year, id"
				      : "SELECT sha256, body_key, year FROM reports ORDER BY body_key, year, id";
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, err, "listing reports");
	int rc = XXGK_OK, step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		rc = fn(store_col_text(st, 0), store_col_text(st, 1), sqlite3_column_int(st, 2), ctx);
		if (rc)
			break;
	}
	if (!rc && step != SQLITE_DONE)
		rc = store_fail(s, err, "listing reports");
	sqlite3_finalize(st);
	return rc;
}

int xxgk_store_each_version(xxgk_store *s, xxgk_store_version_fn fn, void *ctx, xxgk_error *err)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(s->db,
			       "SELECT sha256, body_key, year, chosen FROM reports WHERE conflict = 1"
			       " ORDER BY body_key, year, id", -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, err, "listing versions");
	int rc = XXGK_OK, step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		rc = fn(store_col_text(st, 0), store_col_text(st, 1), sqlite3_column_int(st, 2),
			sqlite3_column_int(st, 3) != 0, ctx);
		if (rc)
			break;
	}
	if (!rc && step != SQLITE_DONE)
		rc = store_fail(s, err, "listing versions");
	sqlite3_finalize(st);
	return rc;
}

int xxgk_store_latest_year(xxgk_store *s, int *out, xxgk_error *err)
{
	sqlite3_stmt *st = NULL;
	*out = 0;
	int rc = XXGK_OK;
	if (sqlite3_prepare_v2(s->db, "SELECT coalesce(max(year), 0) FROM reports", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW)
		rc = store_fail(s, err, "reading the latest year");
	else
		*out = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return rc;
}

int xxgk_store_years(xxgk_store *s, int *years, size_t *counts, size_t cap, size_t *n, xxgk_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = XXGK_OK, step;
	*n = 0;
	if (sqlite3_prepare_v2(s->db, "SELECT year, count(*) FROM reports_chosen WHERE year > 0 GROUP BY year ORDER BY year DESC",
			       -1, &st, NULL) != SQLITE_OK) {
		rc = store_fail(s, err, "reading the years");
		goto done;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n < cap) {
			years[*n] = sqlite3_column_int(st, 0);
			if (counts)
				counts[*n] = (size_t)sqlite3_column_int64(st, 1);
			(*n)++;
		}
	}
	if (step != SQLITE_DONE)
		rc = store_fail(s, err, "reading the years");
done:
	sqlite3_finalize(st);
	return rc;
}
