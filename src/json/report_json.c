/*
 * report_json.c — the only file that includes cJSON: `xxgk.report/1` out and
 * in (include/xxgk/json.h, shared/SCHEMA.md).
 *
 * Numbers are read through valuedouble: cJSON 1.7.15's valueint saturates at
 * 2^31−1 (DOMAIN.md), and counts such as 行政许可 reach the millions in a city.
 * cJSON's errors (allocation, syntax) become XXGK_ENOMEM / XXGK_EPARSE here.
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "xxgk/json.h"
#include "../common/common_int.h"

/* ------------------------------------------------------------- writing */

typedef struct {
	cJSON *cells;
	int oom;
	const xxgk_report *r;
} json_cells_ctx;

/* Adds where the cell stands in a paged or tabled file; false on failure. */
static bool json_add_origin(cJSON *o, const xxgk_origin *w)
{
	if (!w)
		return true;
	if (w->page && (!cJSON_AddNumberToObject(o, "page", w->page) || !cJSON_AddNumberToObject(o, "x", w->x0) ||
			!cJSON_AddNumberToObject(o, "y", w->y0)))
		return false;
	if (w->para && !cJSON_AddNumberToObject(o, "paragraph", w->para))
		return false;
	if (w->table && (!cJSON_AddNumberToObject(o, "table", w->table) || !cJSON_AddNumberToObject(o, "row", w->row) ||
			 !cJSON_AddNumberToObject(o, "col", w->col)))
		return false;
	return true;
}

static cJSON *json_value(const xxgk_cell *c)
{
	return c->has_value ? cJSON_CreateNumber(c->value) : cJSON_CreateNull();
}

static int json_cell_visit(const char *path, xxgk_cell *c, void *ctx)
{
	json_cells_ctx *jc = ctx;
	cJSON *o = cJSON_CreateObject();
	if (!o || !cJSON_AddStringToObject(o, "raw", c->raw ? c->raw : "") ||
	    !cJSON_AddStringToObject(o, "kind", xxgk_kind_name(c->kind)) ||
	    !(c->line ? cJSON_AddNumberToObject(o, "line", c->line) : cJSON_AddNullToObject(o, "line")) ||
	    !(c->column ? cJSON_AddNumberToObject(o, "column", c->column)
			: cJSON_AddNullToObject(o, "column")) ||
	    !json_add_origin(o, xxgk_report_origin(jc->r, c))) {
		cJSON_Delete(o);
		jc->oom = 1;
		return 1;
	}
	if (!cJSON_AddItemToObject(jc->cells, path, o)) {   /* the key's copy: never a cell left out */
		cJSON_Delete(o);
		jc->oom = 1;
		return 1;
	}
	return 0;
}

/* Adds `value` under `key` in `obj`; false (and frees it) on failure. */
static bool json_add(cJSON *obj, const char *key, cJSON *value)
{
	if (!value)
		return false;
	if (!cJSON_AddItemToObject(obj, key, value)) {
		cJSON_Delete(value);
		return false;
	}
	return true;
}

static cJSON *json_string_or_null(const char *s)
{
	return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

static cJSON *json_build(const xxgk_report *rc)
{
	xxgk_report *r = (xxgk_report *)(uintptr_t)rc; /* the walk does not modify */
	cJSON *root = cJSON_CreateObject();
	bool ok = root != NULL;
	ok = ok && json_add(root, "schema", cJSON_CreateString(XXGK_REPORT_SCHEMA));

	cJSON *src = ok ? cJSON_CreateObject() : NULL;   /* none made after a failure: none leaked */
	ok = ok && json_add(root, "source", src);
	ok = ok && json_add(src, "name", json_string_or_null(r->source_name));
	ok = ok && json_add(src, "sha256", cJSON_CreateString(r->sha256));
	ok = ok && json_add(src, "format", cJSON_CreateString(xxgk_format_name(r->format)));
	ok = ok && json_add(src, "encoding", cJSON_CreateString(xxgk_encoding_name(r->encoding)));
	ok = ok && json_add(src, "script", cJSON_CreateString(xxgk_script_name(r->script)));

	cJSON *ag = ok ? cJSON_CreateObject() : NULL;
	ok = ok && json_add(root, "agency", ag);
	ok = ok && json_add(ag, "name", json_string_or_null(r->agency_name));
	ok = ok && json_add(ag, "region_code", json_string_or_null(r->region_code));
	cJSON *path = ok ? cJSON_CreateArray() : NULL;
	ok = ok && json_add(ag, "region_path", path);
	for (size_t i = 0; ok && i < r->region_path_count; i++)
		ok = cJSON_AddItemToArray(path, cJSON_CreateString(r->region_path[i]));
	ok = ok && json_add(ag, "level", cJSON_CreateString(xxgk_level_name(r->level)));

	ok = ok && json_add(root, "year", r->year ? cJSON_CreateNumber(r->year) : cJSON_CreateNull());
	ok = ok && json_add(root, "template", cJSON_CreateString(xxgk_template_name(r->template_kind)));
	ok = ok && json_add(root, "published",
			    r->published[0] ? cJSON_CreateString(r->published) : cJSON_CreateNull());
	cJSON *parts = ok ? cJSON_CreateArray() : NULL;
	ok = ok && json_add(root, "parts", parts);
	for (int i = 0; ok && i < 6; i++)
		ok = cJSON_AddItemToArray(parts, r->part_line[i] ? cJSON_CreateNumber(r->part_line[i])
								 : cJSON_CreateNull());

	cJSON *active = ok ? cJSON_CreateObject() : NULL;
	ok = ok && json_add(root, "active", active);
	size_t nf;
	const xxgk_active_field *f = xxgk_active_fields(r->template_kind, &nf);
	for (size_t i = 0; ok && i < nf; i++) {
		cJSON *item = cJSON_GetObjectItemCaseSensitive(active, f[i].item);
		if (!item) {
			item = cJSON_CreateObject();
			ok = json_add(active, f[i].item, item);
		}
		ok = ok && json_add(item, f[i].column, json_value(&r->active[i]));
	}
	cJSON *apps = ok ? cJSON_CreateObject() : NULL;
	ok = ok && json_add(root, "applications", apps);
	for (int i = 0; ok && i < XXGK_T3_ROWS; i++) {
		cJSON *row = cJSON_CreateObject();
		ok = json_add(apps, xxgk_t3_row_key(i), row);
		for (int j = 0; ok && j < XXGK_T3_COLS; j++)
			ok = json_add(row, xxgk_t3_col_key(j), json_value(&r->applications[i][j]));
	}
	cJSON *rev = ok ? cJSON_CreateObject() : NULL;
	ok = ok && json_add(root, "reviews", rev);
	for (int i = 0; ok && i < XXGK_T4_GROUPS; i++) {
		cJSON *g = cJSON_CreateObject();
		ok = json_add(rev, xxgk_t4_group_key(i), g);
		for (int j = 0; ok && j < XXGK_T4_COLS; j++)
			ok = json_add(g, xxgk_t4_col_key(j), json_value(&r->reviews[i][j]));
	}
	json_cells_ctx jc = { ok ? cJSON_CreateObject() : NULL, 0, r };
	ok = ok && json_add(root, "cells", jc.cells);
	if (ok) {
		xxgk_report_each_cell(r, json_cell_visit, &jc);
		ok = !jc.oom;
	}
	cJSON *claims = ok ? cJSON_CreateArray() : NULL;
	ok = ok && json_add(root, "claims", claims);
	for (size_t i = 0; ok && i < r->claim_count; i++) {
		cJSON *c = cJSON_CreateObject();
		ok = c && cJSON_AddItemToArray(claims, c);
		ok = ok && json_add(c, "key", cJSON_CreateString(r->claims[i].key));
		ok = ok && json_add(c, "value", cJSON_CreateNumber(r->claims[i].value));
		ok = ok && json_add(c, "line", r->claims[i].line ? cJSON_CreateNumber(r->claims[i].line)
								  : cJSON_CreateNull());
	}
	ok = ok && json_add(root, "fees_explained",
			    r->fees_explained < 0 ? cJSON_CreateNull() : cJSON_CreateBool(r->fees_explained > 0));
	if (ok && r->shingle_count) {
		char hex[XXGK_MINHASH * 4 + 1];
		for (int i = 0; i < XXGK_MINHASH; i++)
			snprintf(hex + 4 * i, 5, "%04x", r->minhash[i]);
		cJSON *nar = cJSON_CreateObject();
		ok = json_add(root, "narrative", nar);
		ok = ok && json_add(nar, "shingles", cJSON_CreateNumber(r->shingle_count));
		ok = ok && json_add(nar, "minhash", cJSON_CreateString(hex));
	} else if (ok) {
		ok = json_add(root, "narrative", cJSON_CreateNull());
	}
	cJSON *warns = ok ? cJSON_CreateArray() : NULL;
	ok = ok && json_add(root, "warnings", warns);
	for (size_t i = 0; ok && i < r->warning_count; i++) {
		cJSON *w = cJSON_CreateObject();
		ok = w && cJSON_AddItemToArray(warns, w);
		ok = ok && json_add(w, "code", cJSON_CreateString(r->warnings[i].code));
		ok = ok && json_add(w, "message", cJSON_CreateString(r->warnings[i].message));
		ok = ok && json_add(w, "line", r->warnings[i].line ? cJSON_CreateNumber(r->warnings[i].line)
								    : cJSON_CreateNull());
		if (r->warnings[i].where)
			ok = ok && json_add(w, "where", cJSON_CreateString(r->warnings[i].where));
	}
	if (!ok) {
		cJSON_Delete(root);
		return NULL;
	}
	return root;
}

int xxgk_report_to_json(char **out, const xxgk_report *r, bool pretty)
{
	*out = NULL;
	cJSON *root = json_build(r);
	if (!root)
		return XXGK_ENOMEM;
	char *s = pretty ? cJSON_Print(root) : cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	if (!s)
		return XXGK_ENOMEM;
	/* hand back memory the caller frees with free(), whatever cJSON's hooks */
	char *copy = xxgk_strdup(s);
	cJSON_free(s);
	if (!copy)
		return XXGK_ENOMEM;
	*out = copy;
	return XXGK_OK;
}

/* ------------------------------------------------------------- reading */

/* Bytes of one report's JSON: a report with every provenance is ~30 KB. */
#define JSON_REPORT_CAP (8 * 1024 * 1024)
/* Bytes of one string: names, raw cells, messages (a long agency name is ~100). */
#define JSON_TEXT_CAP 4096
/* Entries of "warnings" or "claims": a damaged report has a few hundred warnings. */
#define JSON_LIST_CAP 100000
/* Largest magnitude of a figure: up to 2^53 a double holds every integer, and the store binds integers up to
   9e15; no count of a report comes near. */
#define JSON_VALUE_MAX 1e15

typedef struct {
	xxgk_error *err;
	int rc;
	int template_kind;   /* for messages about table 2 */
} json_read_ctx;

static bool json_fail(json_read_ctx *jr, int code, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

static bool json_fail(json_read_ctx *jr, int code, const char *fmt, ...)
{
	if (jr->rc == XXGK_OK) {
		char msg[XXGK_ERROR_MSG_CAP];
		va_list ap;
		va_start(ap, fmt);
		xxgk_vformat(msg, sizeof msg, fmt, ap);
		va_end(ap);
		jr->rc = xxgk_error_set(jr->err, code, 0, 0, "%s", msg);
	}
	return false;
}

/*
 * Text a report may hold: valid UTF-8 without control characters (a name or
 * message is one line of a message, a cell of a CSV), at most
 * JSON_TEXT_CAP bytes. (A NUL is refused before parsing: json_has_nul.)
 */
static bool json_text_ok(json_read_ctx *jr, const char *key, const char *s)
{
	size_t len = strlen(s);
	if (len > JSON_TEXT_CAP)
		return json_fail(jr, XXGK_EPARSE, "\"%s\" is %zu bytes long, over %d", key, len, JSON_TEXT_CAP);
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t k = xxgk_utf8_decode((const unsigned char *)s + i, len - i, &cp);
		if (k == 0)
			return json_fail(jr, XXGK_EPARSE, "\"%s\" is not valid UTF-8 (byte %zu)", key, i + 1);
		if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f))
			return json_fail(jr, XXGK_EPARSE, "\"%s\" holds the control character U+%04X", key, (unsigned)cp);
		i += k;
	}
	return true;
}

/* An optional string member: NULL when absent or null; false if of another type or not text. */
static bool json_get_string(json_read_ctx *jr, const cJSON *obj, const char *key, const char **out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	*out = NULL;
	if (!v || cJSON_IsNull(v))
		return true;
	if (!cJSON_IsString(v))
		return json_fail(jr, XXGK_EPARSE, "\"%s\" is not a string", key);
	if (!json_text_ok(jr, key, v->valuestring))
		return false;
	*out = v->valuestring;
	return true;
}

/* Does an object have a member not in `known` (NULL-terminated)? Its name in *which. */
static bool json_unknown_key(const cJSON *obj, const char *const *known, size_t known_count, const char **which)
{
	const cJSON *it;
	cJSON_ArrayForEach(it, obj) {
		bool found = false;
		for (size_t i = 0; i < known_count && !found; i++)
			found = it->string && known[i] && strcmp(it->string, known[i]) == 0;
		if (!found) {
			*which = it->string ? it->string : "";
			return true;
		}
	}
	return false;
}

/* "YYYY-MM-DD" of a day of the calendar, within the years a report can have. */
static bool json_date_ok(const char *s)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	int v[3] = { 0, 0, 0 }, at[3] = { 0, 5, 8 }, len[3] = { 4, 2, 2 };
	for (int f = 0; f < 3; f++)
		for (int i = 0; i < len[f]; i++) {
			char c = s[at[f] + i];
			if (c < '0' || c > '9')
				return false;
			v[f] = v[f] * 10 + (c - '0');
		}
	static const int days[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (v[0] % 4 == 0 && v[0] % 100 != 0) || v[0] % 400 == 0;
	if (v[0] < XXGK_YEAR_MIN || v[0] > XXGK_YEAR_MAX + 1 || v[1] < 1 || v[1] > 12 || v[2] < 1)
		return false;
	return v[2] <= days[v[1] - 1] && !(v[1] == 2 && v[2] == 29 && !leap);
}

/*
 * Is there an escaped NUL (\u0000) inside a string of the JSON text? cJSON
 * decodes it and the C string ends there: a name would be cut silently.
 */
static bool json_has_nul(const char *buf, size_t len)
{
	for (size_t i = 0; i + 1 < len; i++) {
		if (buf[i] != '\\')
			continue;
		if (buf[i + 1] == 'u' && i + 5 < len && memcmp(buf + i + 2, "0000", 4) == 0)
			return true;
		i++;   /* the escaped character: "\\\\u0000" is a backslash and text */
	}
	return false;
}

/* An optional non-negative integer member (null → 0). */
static bool json_get_uint(json_read_ctx *jr, const cJSON *obj, const char *key, uint32_t *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	*out = 0;
	if (!v || cJSON_IsNull(v))
		return true;
	if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 4e9 ||
	    v->valuedouble != floor(v->valuedouble))
		return json_fail(jr, XXGK_EPARSE, "\"%s\" is not a line or column number", key);
	*out = (uint32_t)v->valuedouble;
	return true;
}

static bool json_get_enum(json_read_ctx *jr, const cJSON *obj, const char *key,
			  int (*from_name)(const char *), uint8_t *out)
{
	const char *s;
	if (!json_get_string(jr, obj, key, &s))
		return false;
	if (!s)
		return true;
	int v = from_name(s);
	if (v < 0)
		return json_fail(jr, XXGK_EPARSE, "unknown value for \"%s\"", key);
	*out = (uint8_t)v;
	return true;
}

static bool json_read_value(json_read_ctx *jr, const char *tname, const cJSON *table, const char *row,
			    const char *col, xxgk_cell *cell)
{
	const cJSON *r = cJSON_GetObjectItemCaseSensitive(table, row);
	const cJSON *v = r ? cJSON_GetObjectItemCaseSensitive(r, col) : NULL;
	if (!v || cJSON_IsNull(v)) {
		cell->has_value = false;
		return true;
	}
	if (!cJSON_IsNumber(v))
		return json_fail(jr, XXGK_EPARSE, "%s.%s.%s is not a number or null", tname, row, col);
	if (!isfinite(v->valuedouble) || fabs(v->valuedouble) > JSON_VALUE_MAX)
		return json_fail(jr, XXGK_EPARSE, "%s.%s.%s: %.15g is beyond %.0e, the largest figure a report can have",
				 tname, row, col, v->valuedouble, JSON_VALUE_MAX);
	cell->has_value = true;
	cell->value = v->valuedouble;
	return true;
}

/*
 * A table's rows and columns: an object whose members are all known rows,
 * each an object whose members are all known columns (a misspelt key would
 * otherwise leave a figure unread without a word).
 */
static bool json_table_keys(json_read_ctx *jr, const char *table, const cJSON *t, const char *const *rows,
			    size_t nrows, const char *const *cols, size_t ncols, bool cols_by_row,
			    const xxgk_active_field *fields, size_t nfields)
{
	const char *bad;
	if (!cJSON_IsObject(t))
		return json_fail(jr, XXGK_EPARSE, "\"%s\" is not an object", table);
	if (json_unknown_key(t, rows, nrows, &bad))
		return json_fail(jr, XXGK_EPARSE, "%s: no row \"%s\" in the template", table, bad);
	const cJSON *row;
	cJSON_ArrayForEach(row, t) {
		if (!cJSON_IsObject(row))
			return json_fail(jr, XXGK_EPARSE, "%s.%s is not an object", table, row->string);
		if (!cols_by_row) {
			if (json_unknown_key(row, cols, ncols, &bad))
				return json_fail(jr, XXGK_EPARSE, "%s.%s: no column \"%s\" in the template", table,
						 row->string, bad);
			continue;
		}
		/* table 2: each item has its own columns */
		const cJSON *c;
		cJSON_ArrayForEach(c, row) {
			bool found = false;
			for (size_t i = 0; i < nfields && !found; i++)
				found = strcmp(fields[i].item, row->string) == 0 && c->string &&
					strcmp(fields[i].column, c->string) == 0;
			if (!found)
				return json_fail(jr, XXGK_EPARSE, "%s.%s: no column \"%s\" in the %s template", table,
						 row->string, c->string ? c->string : "",
						 xxgk_template_name(jr->template_kind));
		}
	}
	return true;
}

/* Does a cell's printed text read as its value (thousands separators and spaces aside)? */
static bool json_raw_reads_as(const char *raw, double value)
{
	char buf[64];
	size_t n = 0;
	if (!raw)
		return false;
	for (const char *p = raw; *p && n + 1 < sizeof buf; p++) {
		if (*p == ',' || *p == ' ')
			continue;
		if ((unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x88 && (unsigned char)p[2] == 0x92) {
			buf[n++] = '-';   /* U+2212 MINUS SIGN */
			p += 2;
			continue;
		}
		if ((unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBC && (unsigned char)p[2] == 0x8D) {
			buf[n++] = '-';   /* U+FF0D FULLWIDTH HYPHEN-MINUS */
			p += 2;
			continue;
		}
		buf[n++] = *p;
	}
	buf[n] = '\0';
	char *end;
	errno = 0;
	double v = n ? strtod(buf, &end) : 0;
	return n && *end == '\0' && errno == 0 && v == value;
}

typedef struct {
	json_read_ctx *jr;
} json_check_ctx;

/*
 * A cell's kind and value agree (a number or an inferred value has one; a
 * blank, "/", absent or unreadable cell has none), and a figure the template
 * counts is a whole number, zero or more — unless the cell's printed text
 * reads as that value: the document printed it, and the checker flags it
 * (value.negative, value.non_integer). A forged −3 with no such text is
 * refused.
 */
static int json_check_cell(const char *path, xxgk_cell *c, void *vctx)
{
	json_check_ctx *x = vctx;
	bool wants_value = c->kind == XXGK_KIND_NUMBER || c->kind == XXGK_KIND_INFERRED;
	if (wants_value != c->has_value)
		return !json_fail(x->jr, XXGK_EPARSE, "%s: kind \"%s\" %s", path, xxgk_kind_name(c->kind),
				  c->has_value ? "with a value (it has none)" : "without a value");
	if (!c->has_value)
		return 0;
	int domain = xxgk_path_domain(path);
	bool negative = c->value < 0 && !(domain & XXGK_CELL_CHANGE);
	bool fraction = c->value != floor(c->value) && !(domain & XXGK_CELL_MONEY);
	if ((negative || fraction) && !json_raw_reads_as(c->raw, c->value))
		return !json_fail(x->jr, XXGK_EPARSE, "%s: %.15g is %s, and no printed text of the cell reads so", path,
				  c->value, negative ? "negative" : "not a whole number");
	return 0;
}

typedef struct {
	json_read_ctx *jr;
	const cJSON *cells;
	bool ok;
	xxgk_report *r;
} json_cells_read;

/* A coordinate in points: a finite number within any page; false if not. */
static bool json_get_coord(json_read_ctx *jr, const cJSON *obj, const char *key, double *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	*out = 0;
	if (!v || cJSON_IsNull(v))
		return true;
	if (!cJSON_IsNumber(v) || !(v->valuedouble >= -1e6 && v->valuedouble <= 1e6))
		return json_fail(jr, XXGK_EPARSE, "\"%s\" is not a position on a page", key);
	*out = v->valuedouble;
	return true;
}

/* Reads "page"/"x"/"y" and "paragraph"/"table"/"row"/"col" of a cell's object. */
static bool json_read_origin(json_read_ctx *jr, const cJSON *o, xxgk_origin *w)
{
	uint32_t table = 0, row = 0, col = 0;
	memset(w, 0, sizeof *w);
	if (!json_get_uint(jr, o, "page", &w->page) || !json_get_coord(jr, o, "x", &w->x0) ||
	    !json_get_coord(jr, o, "y", &w->y0) || !json_get_uint(jr, o, "paragraph", &w->para) ||
	    !json_get_uint(jr, o, "table", &table) || !json_get_uint(jr, o, "row", &row) ||
	    !json_get_uint(jr, o, "col", &col))
		return false;
	if (table > UINT16_MAX || row > UINT16_MAX || col > UINT16_MAX)
		return json_fail(jr, XXGK_EPARSE, "%s", "\"table\", \"row\" or \"col\" over 65535");
	w->table = (uint16_t)table;
	w->row = (uint16_t)row;
	w->col = (uint16_t)col;
	w->x1 = w->x0;
	w->y1 = w->y0;
	return true;
}

static int json_cell_read_visit(const char *path, xxgk_cell *cell, void *ctx)
{
	json_cells_read *cr = ctx;
	const cJSON *o = cr->cells ? cJSON_GetObjectItemCaseSensitive(cr->cells, path) : NULL;
	if (!o) {
		/* no provenance given: a value is a number, no value is absent */
		cell->kind = cell->has_value ? XXGK_KIND_NUMBER : XXGK_KIND_ABSENT;
		return 0;
	}
	const char *raw = NULL;
	uint8_t kind = cell->has_value ? XXGK_KIND_NUMBER : XXGK_KIND_ABSENT;
	uint32_t line = 0, column = 0;
	if (!json_get_string(cr->jr, o, "raw", &raw) ||
	    !json_get_enum(cr->jr, o, "kind", xxgk_kind_from_name, &kind) ||
	    !json_get_uint(cr->jr, o, "line", &line) || !json_get_uint(cr->jr, o, "column", &column)) {
		cr->ok = false;
		return 1;
	}
	xxgk_origin w;
	if (!json_read_origin(cr->jr, o, &w)) {
		cr->ok = false;
		return 1;
	}
	if (xxgk_cell_set(cell, kind, cell->has_value, cell->value, line, column, raw) != XXGK_OK ||
	    xxgk_report_set_origin(cr->r, cell, &w) != XXGK_OK) {
		cr->jr->rc = XXGK_ENOMEM;
		cr->ok = false;
		return 1;
	}
	return 0;
}

static bool json_read_report(json_read_ctx *jr, const cJSON *root, xxgk_report *r)
{
	const char *s;
	if (!cJSON_IsObject(root))
		return json_fail(jr, XXGK_EPARSE, "%s", "not a JSON object");
	if (!json_get_string(jr, root, "schema", &s))
		return false;
	if (!s || strcmp(s, XXGK_REPORT_SCHEMA) != 0)
		return json_fail(jr, XXGK_ESCHEMA, "schema \"%s\" is not xxgk.report/1", s ? s : "(none)");

	const cJSON *src = cJSON_GetObjectItemCaseSensitive(root, "source");
	if (src) {
		if (!json_get_string(jr, src, "name", &s))
			return false;
		if (s && xxgk_report_set_string(&r->source_name, s) != XXGK_OK)
			return json_fail(jr, XXGK_ENOMEM, "%s", "out of memory");
		if (!json_get_string(jr, src, "sha256", &s))
			return false;
		if (s && *s) {   /* "" is how the writer says none (a report made without a file): load refuses it */
			bool hex = strlen(s) == 64;
			for (size_t i = 0; hex && i < 64; i++)
				hex = (s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f');
			if (!hex)
				return json_fail(jr, XXGK_EPARSE, "%s", "\"source.sha256\" is not 64 lowercase hex digits");
			snprintf(r->sha256, sizeof r->sha256, "%s", s);
		}
		if (!json_get_enum(jr, src, "format", xxgk_format_from_name, &r->format) ||
		    !json_get_enum(jr, src, "encoding", xxgk_encoding_from_name, &r->encoding) ||
		    !json_get_enum(jr, src, "script", xxgk_script_from_name, &r->script))
			return false;
	}
	const cJSON *ag = cJSON_GetObjectItemCaseSensitive(root, "agency");
	if (ag) {
		if (!json_get_string(jr, ag, "name", &s))
			return false;
		if (s && xxgk_report_set_string(&r->agency_name, s) != XXGK_OK)
			return json_fail(jr, XXGK_ENOMEM, "%s", "out of memory");
		if (!json_get_string(jr, ag, "region_code", &s))
			return false;
		if (s) {
			/* 2/4/6/9 digits (NBS 统计用区划代码); its presence in the gazetteer is the loader's to check */
			size_t n = strlen(s), d = strspn(s, "0123456789");
			if (d != n || (n != 2 && n != 4 && n != 6 && n != 9))
				return json_fail(jr, XXGK_EPARSE, "\"agency.region_code\" \"%.40s\" is not a region code"
						 " (2, 4, 6 or 9 digits)", s);
			if (xxgk_report_set_string(&r->region_code, s) != XXGK_OK)
				return json_fail(jr, XXGK_ENOMEM, "%s", "out of memory");
		}
		const cJSON *path = cJSON_GetObjectItemCaseSensitive(ag, "region_path");
		if (cJSON_IsArray(path)) {
			int n = cJSON_GetArraySize(path);
			if (n > 0) {
				r->region_path = calloc((size_t)n, sizeof *r->region_path);
				if (!r->region_path)
					return json_fail(jr, XXGK_ENOMEM, "%s", "out of memory");
				const cJSON *it;
				cJSON_ArrayForEach(it, path) {
					if (!cJSON_IsString(it))
						return json_fail(jr, XXGK_EPARSE, "%s", "region_path holds a non-string");
					if (!json_text_ok(jr, "agency.region_path", it->valuestring))
						return false;
					r->region_path[r->region_path_count] = xxgk_strdup(it->valuestring);
					if (!r->region_path[r->region_path_count])
						return json_fail(jr, XXGK_ENOMEM, "%s", "out of memory");
					r->region_path_count++;
				}
			}
		}
		if (!json_get_enum(jr, ag, "level", xxgk_level_from_name, &r->level))
			return false;
		/* a province's code has 2 digits, a city's 4, a county's 6, a town's 9 */
		static const size_t code_len[] = { [XXGK_LEVEL_PROVINCE] = 2, [XXGK_LEVEL_CITY] = 4,
						   [XXGK_LEVEL_COUNTY] = 6, [XXGK_LEVEL_TOWN] = 9 };
		if (r->region_code && r->level >= XXGK_LEVEL_PROVINCE && r->level <= XXGK_LEVEL_TOWN &&
		    strlen(r->region_code) != code_len[r->level])
			return json_fail(jr, XXGK_EPARSE, "\"agency.level\" %s does not fit the %zu-digit region code %s",
					 xxgk_level_name(r->level), strlen(r->region_code), r->region_code);
	}
	uint32_t year = 0;
	if (!json_get_uint(jr, root, "year", &year))
		return false;
	if (year && (year < XXGK_YEAR_MIN || year > XXGK_YEAR_MAX))
		return json_fail(jr, XXGK_EPARSE, "\"year\" %u is not a reporting year (%d–%d)", year, XXGK_YEAR_MIN,
				 XXGK_YEAR_MAX);
	r->year = (int)year;
	if (!json_get_enum(jr, root, "template", xxgk_template_from_name, &r->template_kind))
		return false;
	if (!json_get_string(jr, root, "published", &s))
		return false;
	if (s && *s && !json_date_ok(s))
		return json_fail(jr, XXGK_EPARSE, "\"published\" \"%.40s\" is not a date (YYYY-MM-DD, %d–%d)", s,
				 XXGK_YEAR_MIN, XXGK_YEAR_MAX + 1);
	if (s)
		snprintf(r->published, sizeof r->published, "%s", s);
	const cJSON *parts = cJSON_GetObjectItemCaseSensitive(root, "parts");
	if (parts && !cJSON_IsNull(parts)) {
		if (!cJSON_IsArray(parts) || cJSON_GetArraySize(parts) > 6)
			return json_fail(jr, XXGK_EPARSE, "%s", "\"parts\" is not an array of at most 6 line numbers");
		for (int i = 0; i < cJSON_GetArraySize(parts); i++) {
			const cJSON *p = cJSON_GetArrayItem(parts, i);
			if (cJSON_IsNull(p))
				continue;
			if (!cJSON_IsNumber(p) || p->valuedouble < 0 || p->valuedouble > 4e9 ||
			    p->valuedouble != floor(p->valuedouble))
				return json_fail(jr, XXGK_EPARSE, "\"parts\"[%d] is not a line number", i);
			r->part_line[i] = (uint32_t)p->valuedouble;
		}
	}

	const cJSON *active = cJSON_GetObjectItemCaseSensitive(root, "active");
	size_t nf;
	const xxgk_active_field *f = xxgk_active_fields(r->template_kind, &nf);
	const cJSON *apps0 = cJSON_GetObjectItemCaseSensitive(root, "applications");
	const cJSON *rev0 = cJSON_GetObjectItemCaseSensitive(root, "reviews");
	/* table 3 is what makes a report (the parser refuses text without it) */
	if (!apps0 || cJSON_IsNull(apps0))
		return json_fail(jr, XXGK_EPARSE, "%s", "no \"applications\" (table 3): not a report");
	{
		const char *rows[XXGK_T3_ROWS], *cols[XXGK_T3_COLS], *items[XXGK_ACTIVE_CAP];
		const char *groups[XXGK_T4_GROUPS], *gcols[XXGK_T4_COLS];
		for (int i = 0; i < XXGK_T3_ROWS; i++)
			rows[i] = xxgk_t3_row_key(i);
		for (int i = 0; i < XXGK_T3_COLS; i++)
			cols[i] = xxgk_t3_col_key(i);
		for (int i = 0; i < XXGK_T4_GROUPS; i++)
			groups[i] = xxgk_t4_group_key(i);
		for (int i = 0; i < XXGK_T4_COLS; i++)
			gcols[i] = xxgk_t4_col_key(i);
		for (size_t i = 0; i < nf && i < XXGK_ACTIVE_CAP; i++)
			items[i] = f[i].item;
		jr->template_kind = r->template_kind;
		if (!json_table_keys(jr, "applications", apps0, rows, XXGK_T3_ROWS, cols, XXGK_T3_COLS, false, NULL, 0) ||
		    (rev0 && !cJSON_IsNull(rev0) &&
		     !json_table_keys(jr, "reviews", rev0, groups, XXGK_T4_GROUPS, gcols, XXGK_T4_COLS, false, NULL, 0)) ||
		    (active && !cJSON_IsNull(active) &&
		     !json_table_keys(jr, "active", active, items, nf < XXGK_ACTIVE_CAP ? nf : XXGK_ACTIVE_CAP, NULL, 0,
				      true, f, nf)))
			return false;
	}
	for (size_t i = 0; active && i < nf; i++)
		if (!json_read_value(jr, "active", active, f[i].item, f[i].column, &r->active[i]))
			return false;
	const cJSON *apps = cJSON_GetObjectItemCaseSensitive(root, "applications");
	for (int i = 0; apps && i < XXGK_T3_ROWS; i++)
		for (int j = 0; j < XXGK_T3_COLS; j++)
			if (!json_read_value(jr, "applications", apps, xxgk_t3_row_key(i), xxgk_t3_col_key(j),
					     &r->applications[i][j]))
				return false;
	const cJSON *rev = cJSON_GetObjectItemCaseSensitive(root, "reviews");
	for (int i = 0; rev && i < XXGK_T4_GROUPS; i++)
		for (int j = 0; j < XXGK_T4_COLS; j++)
			if (!json_read_value(jr, "reviews", rev, xxgk_t4_group_key(i), xxgk_t4_col_key(j),
					     &r->reviews[i][j]))
				return false;
	json_cells_read cr = { jr, cJSON_GetObjectItemCaseSensitive(root, "cells"), true, r };
	xxgk_report_each_cell(r, json_cell_read_visit, &cr);
	if (!cr.ok)
		return false;
	json_check_ctx cc = { jr };
	if (xxgk_report_each_cell(r, json_check_cell, &cc) != 0)
		return false;

	const cJSON *claims = cJSON_GetObjectItemCaseSensitive(root, "claims");
	const cJSON *cl;
	if (claims && !cJSON_IsArray(claims))
		return json_fail(jr, XXGK_EPARSE, "%s", "\"claims\" is not an array");
	if (claims && cJSON_GetArraySize(claims) > JSON_LIST_CAP)
		return json_fail(jr, XXGK_ETOOBIG, "\"claims\" has more than %d entries", JSON_LIST_CAP);
	cJSON_ArrayForEach(cl, claims) {
		const char *key;
		uint32_t line;
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(cl, "value");
		if (!json_get_string(jr, cl, "key", &key) || !json_get_uint(jr, cl, "line", &line))
			return false;
		if (!key || !cJSON_IsNumber(v))
			return json_fail(jr, XXGK_EPARSE, "%s", "a claim without a key or a value");
		if (!isfinite(v->valuedouble) || fabs(v->valuedouble) > JSON_VALUE_MAX)
			return json_fail(jr, XXGK_EPARSE, "claim \"%.40s\": %.15g is beyond %.0e", key, v->valuedouble,
					 JSON_VALUE_MAX);
		if (xxgk_report_claim(r, key, v->valuedouble, line) != XXGK_OK)
			return json_fail(jr, XXGK_ENOMEM, "%s", "out of memory");
	}
	const cJSON *fe = cJSON_GetObjectItemCaseSensitive(root, "fees_explained");
	r->fees_explained = cJSON_IsBool(fe) ? (cJSON_IsTrue(fe) ? 1 : 0) : -1;
	const cJSON *nar = cJSON_GetObjectItemCaseSensitive(root, "narrative");
	if (cJSON_IsObject(nar)) {
		const cJSON *sh = cJSON_GetObjectItemCaseSensitive(nar, "shingles");
		const cJSON *mh = cJSON_GetObjectItemCaseSensitive(nar, "minhash");
		if (!cJSON_IsNumber(sh) || !cJSON_IsString(mh) || strlen(mh->valuestring) != XXGK_MINHASH * 4)
			return json_fail(jr, XXGK_EPARSE, "%s", "\"narrative\" needs shingles and a 256-digit minhash");
		r->shingle_count = (uint32_t)sh->valuedouble;
		for (int i = 0; i < XXGK_MINHASH; i++) {
			char hex[5];
			memcpy(hex, mh->valuestring + 4 * i, 4);
			hex[4] = '\0';
			char *end;
			unsigned long v = strtoul(hex, &end, 16);
			if (*end)
				return json_fail(jr, XXGK_EPARSE, "%s", "\"narrative.minhash\" is not hexadecimal");
			r->minhash[i] = (uint16_t)v;
		}
	}
	const cJSON *warns = cJSON_GetObjectItemCaseSensitive(root, "warnings");
	const cJSON *w;
	if (warns && !cJSON_IsArray(warns))
		return json_fail(jr, XXGK_EPARSE, "%s", "\"warnings\" is not an array");
	if (warns && cJSON_GetArraySize(warns) > JSON_LIST_CAP)
		return json_fail(jr, XXGK_ETOOBIG, "\"warnings\" has more than %d entries", JSON_LIST_CAP);
	cJSON_ArrayForEach(w, warns) {
		const char *code, *msg, *where;
		uint32_t line;
		if (!json_get_string(jr, w, "code", &code) || !json_get_string(jr, w, "message", &msg) ||
		    !json_get_uint(jr, w, "line", &line) || !json_get_string(jr, w, "where", &where))
			return false;
		if (!code)
			return json_fail(jr, XXGK_EPARSE, "%s", "a warning without a code");
		if (xxgk_report_warn_at(r, code, line, where, "%s", msg ? msg : "") != XXGK_OK)
			return json_fail(jr, XXGK_ENOMEM, "%s", "out of memory");
	}
	return true;
}

/*
 * cJSON says NULL both for bad JSON and for a failed allocation: its
 * allocations go through json_malloc, which notes a failure for this
 * thread, so that running out of memory is said as such (issue 17).
 */
static _Thread_local bool json_oom;
static pthread_once_t json_hooks_once = PTHREAD_ONCE_INIT;

static void *json_malloc(size_t n)
{
	void *p = malloc(n);
	if (!p)
		json_oom = true;
	return p;
}

static void json_hooks_init(void)
{
	cJSON_Hooks hooks = { json_malloc, free };
	cJSON_InitHooks(&hooks);
}

int xxgk_report_from_json(xxgk_report **out, const char *buf, size_t len, xxgk_error *err)
{
	json_read_ctx jr = { err, XXGK_OK, XXGK_TEMPLATE_UNKNOWN };
	xxgk_report *r = NULL;
	*out = NULL;
	xxgk_error_clear(err);
	if (len > JSON_REPORT_CAP)
		return xxgk_error_set(err, XXGK_ETOOBIG, 0, 0, "%.1f MB of JSON is over the %d MB limit for one report",
				      (double)len / 1e6, JSON_REPORT_CAP >> 20);
	if (json_has_nul(buf, len))
		return xxgk_error_set(err, XXGK_EPARSE, 0, 0, "a string holds a NUL character (\\u0000)");
	/* the error position from the parse's own end pointer: cJSON_GetErrorPtr reads a global, and
	   loads read JSON on several threads */
	const char *end = NULL;
	pthread_once(&json_hooks_once, json_hooks_init);
	json_oom = false;
	cJSON *root = cJSON_ParseWithLengthOpts(buf, len, &end, 0);
	if (!root && json_oom)
		return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory reading JSON");
	if (!root) {
		size_t off = (end && end >= buf && end <= buf + len) ? (size_t)(end - buf) : 0;
		return xxgk_error_set(err, XXGK_EPARSE, 0, 0, "not valid JSON (near byte %zu)", off + 1);
	}
	int rc = xxgk_report_new(&r);
	if (rc != XXGK_OK) {
		cJSON_Delete(root);
		return xxgk_error_set(err, rc, 0, 0, "out of memory");
	}
	/* the template decides which table-2 fields exist: read it first */
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(root, "template");
	if (cJSON_IsString(t) && xxgk_template_from_name(t->valuestring) >= 0)
		r->template_kind = (uint8_t)xxgk_template_from_name(t->valuestring);
	if (!json_read_report(&jr, root, r)) {
		cJSON_Delete(root);
		xxgk_report_free(r);
		return jr.rc ? jr.rc : XXGK_EPARSE;
	}
	cJSON_Delete(root);
	*out = r;
	return XXGK_OK;
}
