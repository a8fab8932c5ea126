/*
 * xlsx_read.c — a sheet of an .xlsx (or a CSV) read back as text, for the
 * statuses staff type into the review workbook (xxgk/workbook.h).
 *
 * Exports xxgk_wb_read_xlsx, xxgk_wb_read_csv and xxgk_wb_table_free.
 *
 * An .xlsx is a ZIP of SpreadsheetML (ECMA-376 Part 1, §18): xl/workbook.xml
 * names the sheets and their relationship ids, xl/_rels/workbook.xml.rels
 * maps ids to parts, xl/sharedStrings.xml holds the text of "s" cells (each
 * <si> the concatenation of its <t> elements, phonetic <rPh> runs left out),
 * and a worksheet's <c r="B7" t="…"><v>…</v></c> cells are shared strings
 * (t="s"), inline strings (t="inlineStr", <is>), formula text (t="str"),
 * booleans (t="b"), errors (t="e") or numbers (no t). Excel, WPS and
 * LibreOffice all write these; a cell's position comes from its r attribute
 * (rows and cells may be skipped). Bounded: 256 MB uncompressed per part,
 * 1,048,576 rows, 16,384 columns (Excel's own limits).
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

#include "xxgk/workbook.h"
#include "../common/common_int.h"

#define XLSX_PART_CAP (256u << 20)
#define XLSX_MAX_ROWS 1048576u
#define XLSX_MAX_COLS 16384u

static int xlsx_part(zip_t *z, const char *name, char **out, size_t *len, const char *path, xxgk_error *err)
{
	zip_stat_t st;
	*out = NULL;
	if (zip_stat(z, name, 0, &st) != 0)
		return xxgk_error_set(err, XXGK_EPARSE, 0, 0, "%s: not an Excel workbook (no %s)", path, name);
	if (!(st.valid & ZIP_STAT_SIZE) || st.size > XLSX_PART_CAP)
		return xxgk_error_set(err, XXGK_ETOOBIG, 0, 0, "%s: %s is over %u MB", path, name, XLSX_PART_CAP >> 20);
	zip_file_t *f = zip_fopen(z, name, 0);
	char *buf = malloc((size_t)st.size + 1);
	if (!f || !buf) {
		free(buf);
		if (f)
			zip_fclose(f);
		return f ? xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory")
			 : xxgk_error_set(err, XXGK_EPARSE, 0, 0, "%s: cannot read %s", path, name);
	}
	zip_int64_t got = zip_fread(f, buf, st.size);
	zip_fclose(f);
	if (got < 0 || (zip_uint64_t)got != st.size) {
		free(buf);
		return xxgk_error_set(err, XXGK_EPARSE, 0, 0, "%s: %s is damaged", path, name);
	}
	buf[st.size] = '\0';
	*out = buf;
	*len = (size_t)st.size;
	return XXGK_OK;
}

static xmlDoc *xlsx_xml(const char *buf, size_t len)
{
	/* no network, no entities from outside, no error text on stderr */
	return xmlReadMemory(buf, (int)len, NULL, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
								XML_PARSE_HUGE);
}

static bool xlsx_is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

static char *xlsx_attr(const xmlNode *n, const char *name)
{
	/* by local name: r:id is in the relationships namespace */
	for (xmlAttr *a = n->properties; a; a = a->next)
		if (!strcmp((const char *)a->name, name)) {
			xmlChar *v = xmlNodeGetContent((const xmlNode *)a);
			char *s = v ? xxgk_strdup((const char *)v) : NULL;
			xmlFree(v);
			return s;
		}
	return NULL;
}

/* The text of a <si> or <is>: its <t> elements, phonetic runs (<rPh>) left out. */
static void xlsx_text(xxgk_buf *b, const xmlNode *n)
{
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (xlsx_is(c, "rPh"))
			continue;
		if (xlsx_is(c, "t")) {
			xmlChar *v = xmlNodeGetContent(c);
			if (v)
				xxgk_buf_puts(b, (const char *)v);
			xmlFree(v);
		} else if (c->type == XML_ELEMENT_NODE) {
			xlsx_text(b, c);
		}
	}
}

typedef struct {
	char **items;
	size_t count;
} xlsx_strings;

static int xlsx_shared(xlsx_strings *ss, zip_t *z, const char *path, xxgk_error *err)
{
	char *buf;
	size_t len;
	if (zip_name_locate(z, "xl/sharedStrings.xml", 0) < 0)
		return XXGK_OK;   /* a workbook with no text */
	int rc = xlsx_part(z, "xl/sharedStrings.xml", &buf, &len, path, err);
	if (rc != XXGK_OK)
		return rc;
	xmlDoc *doc = xlsx_xml(buf, len);
	free(buf);
	if (!doc)
		return xxgk_error_set(err, XXGK_EPARSE, 0, 0, "%s: xl/sharedStrings.xml is not well-formed", path);
	xmlNode *root = xmlDocGetRootElement(doc);
	size_t n = 0;
	for (xmlNode *c = root ? root->children : NULL; c; c = c->next)
		n += xlsx_is(c, "si");
	ss->items = calloc(n ? n : 1, sizeof *ss->items);
	rc = ss->items ? XXGK_OK : XXGK_ENOMEM;
	for (xmlNode *c = root ? root->children : NULL; c && rc == XXGK_OK; c = c->next) {
		if (!xlsx_is(c, "si"))
			continue;
		xxgk_buf b;
		xxgk_buf_init(&b);
		xlsx_text(&b, c);
		ss->items[ss->count] = b.data ? xxgk_buf_detach(&b) : xxgk_strdup("");
		if (!ss->items[ss->count] || b.failed)
			rc = XXGK_ENOMEM;
		else
			ss->count++;
		xxgk_buf_free(&b);
	}
	xmlFreeDoc(doc);
	if (rc == XXGK_ENOMEM)
		xxgk_error_set(err, rc, 0, 0, "out of memory");
	return rc;
}

/* The part of the sheet named one of `names` (or the first): "xl/worksheets/sheet1.xml". */
static int xlsx_find_sheet(zip_t *z, const char *const *names, char *part, size_t cap, char **sheet_name,
			   const char *path, xxgk_error *err)
{
	char *buf;
	size_t len;
	int rc = xlsx_part(z, "xl/workbook.xml", &buf, &len, path, err);
	if (rc != XXGK_OK)
		return rc;
	xmlDoc *doc = xlsx_xml(buf, len);
	free(buf);
	if (!doc)
		return xxgk_error_set(err, XXGK_EPARSE, 0, 0, "%s: xl/workbook.xml is not well-formed", path);
	char *rid = NULL;
	xxgk_buf seen;
	xxgk_buf_init(&seen);
	xmlNode *root = xmlDocGetRootElement(doc);
	for (xmlNode *c = root ? root->children : NULL; c && !rid; c = c->next) {
		if (!xlsx_is(c, "sheets"))
			continue;
		for (xmlNode *s = c->children; s && !rid; s = s->next) {
			if (!xlsx_is(s, "sheet"))
				continue;
			char *name = xlsx_attr(s, "name");
			bool want = !names;
			for (const char *const *n = names; n && *n && name && !want; n++)
				want = !strcmp(*n, name);
			if (want) {
				rid = xlsx_attr(s, "id");
				*sheet_name = name;
				name = NULL;
			} else if (name) {
				xxgk_buf_printf(&seen, "%s%s", seen.len ? ", " : "", name);
			}
			free(name);
		}
	}
	xmlFreeDoc(doc);
	if (!rid) {
		rc = xxgk_error_set(err, XXGK_EPARSE, 0, 0, "%s: no sheet named %s (it has: %s)", path,
				    names && names[0] ? names[0] : "?", seen.data ? seen.data : "none");
		xxgk_buf_free(&seen);
		return rc;
	}
	xxgk_buf_free(&seen);
	rc = xlsx_part(z, "xl/_rels/workbook.xml.rels", &buf, &len, path, err);
	if (rc != XXGK_OK) {
		free(rid);
		return rc;
	}
	doc = xlsx_xml(buf, len);
	free(buf);
	part[0] = '\0';
	root = doc ? xmlDocGetRootElement(doc) : NULL;
	for (xmlNode *c = root ? root->children : NULL; c && !part[0]; c = c->next) {
		if (!xlsx_is(c, "Relationship"))
			continue;
		char *id = xlsx_attr(c, "Id"), *target = xlsx_attr(c, "Target");
		if (id && target && !strcmp(id, rid))   /* relative to xl/, or absolute from the root */
			snprintf(part, cap, "%s%s", target[0] == '/' ? "" : "xl/", target[0] == '/' ? target + 1 : target);
		free(id);
		free(target);
	}
	if (doc)
		xmlFreeDoc(doc);
	free(rid);
	if (!part[0])
		return xxgk_error_set(err, XXGK_EPARSE, 0, 0, "%s: the sheet %s has no part", path, *sheet_name);
	return XXGK_OK;
}

/* "B7" → column 1 and row 7; false for anything else. */
static bool xlsx_ref(const char *r, size_t *col, size_t *row)
{
	size_t c = 0, n = 0, i = 0;
	while (r[i] >= 'A' && r[i] <= 'Z' && i < 3)
		c = c * 26 + (size_t)(r[i++] - 'A' + 1);
	if (!c || r[i] < '1' || r[i] > '9')
		return false;
	while (r[i] >= '0' && r[i] <= '9' && n <= XLSX_MAX_ROWS)
		n = n * 10 + (size_t)(r[i++] - '0');
	if (r[i] || c > XLSX_MAX_COLS || n > XLSX_MAX_ROWS)
		return false;
	*col = c - 1;
	*row = n;
	return true;
}

static int table_put(xxgk_wb_table *t, size_t row_number, size_t col, char *value)
{
	/* rows arrive in order; a new row number starts a new row */
	if (!t->row_count || t->row_numbers[t->row_count - 1] != row_number) {
		char ***rows = realloc(t->rows, (t->row_count + 1) * sizeof *rows);
		if (!rows)
			return XXGK_ENOMEM;
		t->rows = rows;
		size_t *nums = realloc(t->row_numbers, (t->row_count + 1) * sizeof *nums);
		if (!nums)
			return XXGK_ENOMEM;
		t->row_numbers = nums;
		t->rows[t->row_count] = NULL;
		t->row_numbers[t->row_count] = row_number;
		t->row_count++;
	}
	/* every row keeps column_count cells, widened as a wider row comes */
	if (col >= t->column_count) {
		size_t w = col + 1;
		for (size_t r = 0; r < t->row_count; r++) {
			size_t from = t->rows[r] ? t->column_count : 0;
			char **cells = realloc(t->rows[r], w * sizeof *cells);
			if (!cells)
				return XXGK_ENOMEM;
			for (size_t k = from; k < w; k++)
				cells[k] = NULL;
			t->rows[r] = cells;
		}
		t->column_count = w;
	} else if (!t->rows[t->row_count - 1]) {
		t->rows[t->row_count - 1] = calloc(t->column_count, sizeof(char *));
		if (!t->rows[t->row_count - 1])
			return XXGK_ENOMEM;
	}
	char **cell = &t->rows[t->row_count - 1][col];
	free(*cell);
	*cell = value;
	return XXGK_OK;
}

/* Empty cells become "" so callers never meet NULL. */
static int table_fill(xxgk_wb_table *t)
{
	for (size_t r = 0; r < t->row_count; r++) {
		if (!t->rows[r] && t->column_count && !(t->rows[r] = calloc(t->column_count, sizeof(char *))))
			return XXGK_ENOMEM;
		for (size_t c = 0; c < t->column_count; c++)
			if (!t->rows[r][c] && !(t->rows[r][c] = xxgk_strdup("")))
				return XXGK_ENOMEM;
	}
	return XXGK_OK;
}

static int xlsx_cells(xxgk_wb_table *t, const xmlNode *data, const xlsx_strings *ss, const char *path,
		      xxgk_error *err)
{
	size_t next_row = 1;
	for (const xmlNode *row = data->children; row; row = row->next) {
		if (!xlsx_is(row, "row"))
			continue;
		char *rattr = xlsx_attr(row, "r");
		size_t row_number = rattr ? (size_t)strtoul(rattr, NULL, 10) : next_row;
		free(rattr);
		if (!row_number || row_number > XLSX_MAX_ROWS)
			return xxgk_error_set(err, XXGK_EPARSE, 0, 0, "%s: a row numbered out of range", path);
		next_row = row_number + 1;
		size_t next_col = 0;
		for (const xmlNode *c = row->children; c; c = c->next) {
			if (!xlsx_is(c, "c"))
				continue;
			char *ref = xlsx_attr(c, "r"), *type = xlsx_attr(c, "t");
			size_t col = next_col, rn = row_number;
			if (ref && !xlsx_ref(ref, &col, &rn)) {
				int rc = xxgk_error_set(err, XXGK_EPARSE, 0, 0, "%s: bad cell reference %s", path, ref);
				free(ref);
				free(type);
				return rc;
			}
			free(ref);
			next_col = col + 1;
			xxgk_buf b;
			xxgk_buf_init(&b);
			for (const xmlNode *v = c->children; v; v = v->next) {
				if (xlsx_is(v, "is")) {
					xlsx_text(&b, v);
				} else if (xlsx_is(v, "v")) {
					xmlChar *x = xmlNodeGetContent(v);
					const char *s = x ? (const char *)x : "";
					if (type && !strcmp(type, "s")) {
						char *end;
						unsigned long k = strtoul(s, &end, 10);
						if (end != s && k < ss->count)
							xxgk_buf_puts(&b, ss->items[k]);
					} else if (type && !strcmp(type, "b")) {
						xxgk_buf_puts(&b, strcmp(s, "0") ? "TRUE" : "FALSE");
					} else {
						xxgk_buf_puts(&b, s);
					}
					xmlFree(x);
				}
			}
			free(type);
			char *value = b.data ? xxgk_buf_detach(&b) : NULL;
			xxgk_buf_free(&b);
			if (value && table_put(t, row_number, col, value) != XXGK_OK) {
				free(value);
				return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
			}
		}
	}
	return XXGK_OK;
}

int xxgk_wb_read_xlsx(xxgk_wb_table *out, const char *path, const char *const *names, xxgk_error *err)
{
	memset(out, 0, sizeof *out);
	int zerr = 0;
	zip_t *z = zip_open(path, ZIP_RDONLY, &zerr);
	if (!z) {
		zip_error_t ze;
		zip_error_init_with_code(&ze, zerr);
		int rc = xxgk_error_set(err, zerr == ZIP_ER_NOENT || zerr == ZIP_ER_OPEN ? XXGK_EIO : XXGK_EPARSE, 0, 0,
					"%s: %s", path, zerr == ZIP_ER_NOZIP ? "not an Excel workbook" : zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return rc;
	}
	xlsx_strings ss = { NULL, 0 };
	char part[1024], *buf = NULL, *sheet = NULL;
	size_t len = 0;
	xmlDoc *doc = NULL;
	int rc = xlsx_shared(&ss, z, path, err);
	if (rc == XXGK_OK)
		rc = xlsx_find_sheet(z, names, part, sizeof part, &sheet, path, err);
	if (rc == XXGK_OK)
		rc = xlsx_part(z, part, &buf, &len, path, err);
	if (rc == XXGK_OK && !(doc = xlsx_xml(buf, len)))
		rc = xxgk_error_set(err, XXGK_EPARSE, 0, 0, "%s: %s is not well-formed", path, part);
	xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
	for (xmlNode *c = root ? root->children : NULL; c && rc == XXGK_OK; c = c->next)
		if (xlsx_is(c, "sheetData"))
			rc = xlsx_cells(out, c, &ss, path, err);
	if (rc == XXGK_OK && table_fill(out) != XXGK_OK)
		rc = xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
	out->sheet = sheet;
	if (doc)
		xmlFreeDoc(doc);
	free(buf);
	for (size_t i = 0; i < ss.count; i++)
		free(ss.items[i]);
	free(ss.items);
	zip_close(z);
	if (rc != XXGK_OK)
		xxgk_wb_table_free(out);
	return rc;
}

static int csv_table_row(const xxgk_csv_row *row, void *ctx)
{
	xxgk_wb_table *t = ((void **)ctx)[0];
	xxgk_error *err = ((void **)ctx)[1];
	for (size_t c = 0; c < row->count; c++) {
		char *v = xxgk_strdup(row->fields[c]);
		if (!v || table_put(t, row->line, c, v) != XXGK_OK) {
			free(v);
			return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
		}
	}
	return XXGK_OK;
}

int xxgk_wb_read_csv(xxgk_wb_table *out, const char *path, xxgk_error *err)
{
	memset(out, 0, sizeof *out);
	void *ctx[2] = { out, err };
	int rc = xxgk_csv_read(path, csv_table_row, ctx, NULL, err);
	if (rc == XXGK_OK && table_fill(out) != XXGK_OK)
		rc = xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
	if (rc != XXGK_OK)
		xxgk_wb_table_free(out);
	return rc;
}

void xxgk_wb_table_free(xxgk_wb_table *t)
{
	if (!t)
		return;
	for (size_t r = 0; r < t->row_count; r++) {
		for (size_t c = 0; t->rows[r] && c < t->column_count; c++)
			free(t->rows[r][c]);
		free(t->rows[r]);
	}
	free(t->rows);
	free(t->row_numbers);
	free(t->sheet);
	memset(t, 0, sizeof *t);
}
