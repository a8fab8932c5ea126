/*
 * docx.c — xxgk_docx_read() and xxgk_legacy_office_message()
 * (convert_int.h). The only file that includes libzip.
 *
 * A .docx is a ZIP (ECMA-376 Part 2, Open Packaging Conventions) whose main
 * part word/document.xml holds the body (ECMA-376 Part 1, §17): paragraphs
 * (w:p) and tables (w:tbl → w:tr → w:tc), possibly wrapped in content
 * controls (w:sdt → w:sdtContent) or custom XML (w:customXml). The body
 * becomes tokens (doc.c) read the way HTML tables are, each with its origin
 * (the paragraph, or the table, row and grid column):
 *   w:p                → a block of prose (text of w:t, w:tab and w:br as spaces,
 *                         w:noBreakHyphen as "-"; deleted text, field codes and
 *                         the VML fallback of mc:AlternateContent are left out);
 *   w:tbl              → a table, w:tr → a row, w:tc → a cell at its grid
 *                         column, a cell's paragraphs joined by a space;
 *   w:gridSpan val=n   → a cell n grid columns wide;
 *   w:vMerge restart   → a cell n rows high (the restarting cell), counted over the
 *   w:vMerge (continue)   continuation cells below it in the same grid column,
 *                         which are omitted (their text, if any, joins the
 *                         restarting cell);
 *   w:gridBefore n     → n empty cells at the start of the row.
 * Both the transitional and the strict WordprocessingML namespaces are read.
 *
 * Bounds: the file (XXGK_CONVERT_MAX_INPUT), document.xml once inflated
 * (DOCX_MAX_XML: a zip bomb stops there, whatever the ZIP directory claims)
 * and its tags before libxml2 builds a tree (DOCX_MAX_ELEMENTS), the rows
 * and columns of a table, its cells, the rows of the document, the text
 * handed over. XML with a DTD is refused (Word never writes one), so no
 * entity can expand.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

#include "convert_int.h"
#include "../common/common_int.h"

/* word/document.xml of a real report is 0.1–5 MB; beyond this it is not one. */
#define DOCX_MAX_XML ((size_t)64 * 1024 * 1024)
/* Rows and grid columns of one table (a table 3 has ~30 × 9). */
#define DOCX_MAX_ROWS 20000
#define DOCX_MAX_COLS 256
/* Cells of one table: a table 3 has ~300, a long appendix list a few
 * thousand; a table of 20,000 rows × 256 empty cells is 5 million. */
#define DOCX_MAX_TABLE_CELLS ((size_t)100000)
/* Table rows in the whole document (every table together). */
#define DOCX_MAX_DOC_ROWS ((size_t)50000)
/* XML elements in word/document.xml, counted before libxml2 builds its tree
 * (a node costs ~100 bytes there): a 5 MB report has ~200,000; a 91 KB
 * .docx can inflate to 5 million empty cells and 1 GB of tree. */
#define DOCX_MAX_ELEMENTS ((size_t)1000000)
/* Text handed to the parser: what it accepts. */
#define DOCX_MAX_TEXT XXGK_CONVERT_MAX_INPUT

static const char docx_ns[] = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
static const char docx_ns_strict[] = "http://purl.oclc.org/ooxml/wordprocessingml/main";
static const char docx_ns_mc[] = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/* ------------------------------------------------------------ legacy */

const char *xxgk_legacy_office_message(const unsigned char *buf, size_t len)
{
	static const unsigned char ole2[8] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };
	if (!buf || len < sizeof ole2 || memcmp(buf, ole2, sizeof ole2) != 0)
		return NULL;
	return "a legacy Office file (.doc/.wps, OLE2): convert it with "
	       "`libreoffice --headless --convert-to docx FILE` (or save it as .docx or PDF in "
	       "Word/WPS) and load the result";
}

/* ------------------------------------------------------------- tables */

typedef struct {
	int col, span;       /* first grid column, columns spanned */
	int rowspan;         /* rows spanned (restarting cell), 1 otherwise */
	bool omitted;        /* a vMerge continuation: printed by the cell above */
	xxgk_buf text;       /* the cell's text */
} docx_cell;

typedef struct {
	docx_cell *cells;    /* owned */
	size_t count, cap;
	size_t *row_end;     /* owned: row r's cells end at row_end[r] */
	size_t rows, row_cap;
} docx_table;

typedef struct {
	xxgk_docb *b;        /* the tokens */
	size_t text_len;     /* bytes of text handed over (capped at DOCX_MAX_TEXT) */
	size_t rows;         /* table rows read in the whole document (DOCX_MAX_DOC_ROWS) */
	uint32_t paras;      /* body paragraphs so far */
	uint16_t tables;     /* top-level tables so far */
	bool oom;
	bool too_big;        /* over a cap; `cap` names it */
	const char *cap;
} docx_ctx;

/* Is `n` a WordprocessingML element named `name`? */
static bool docx_is(const xmlNode *n, const char *name)
{
	if (!n || n->type != XML_ELEMENT_NODE || !n->ns || !n->ns->href)
		return false;
	const char *href = (const char *)n->ns->href;
	return (strcmp(href, docx_ns) == 0 || strcmp(href, docx_ns_strict) == 0) &&
	       strcmp((const char *)n->name, name) == 0;
}

static bool docx_is_mc(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
	       strcmp((const char *)n->ns->href, docx_ns_mc) == 0 && strcmp((const char *)n->name, name) == 0;
}

/* The w:val attribute of the child `name` of `parent`; NULL if absent. Caller xmlFree()s. */
static xmlChar *docx_child_val(const xmlNode *parent, const char *name, bool *present)
{
	*present = false;
	for (const xmlNode *c = parent ? parent->children : NULL; c; c = c->next) {
		if (!docx_is(c, name))
			continue;
		*present = true;
		for (xmlAttr *a = c->properties; a; a = a->next)
			if (strcmp((const char *)a->name, "val") == 0)
				return xmlNodeGetContent((const xmlNode *)a);
		return NULL;
	}
	return NULL;
}

/* An integer w:val of a child element, clamped to [1, cap]; `dflt` when absent or bad. */
static int docx_child_int(const xmlNode *parent, const char *name, int dflt, int cap)
{
	bool present;
	xmlChar *v = docx_child_val(parent, name, &present);
	long n = dflt;
	if (v) {
		char *end = NULL;
		n = strtol((const char *)v, &end, 10);
		if (end == (const char *)v || n < 0)
			n = dflt;
		xmlFree(v);
	}
	if (n > cap)
		n = cap;
	return (int)n;
}

static void docx_space(xxgk_buf *out)
{
	if (out->len && out->data[out->len - 1] != ' ')
		xxgk_buf_putc(out, ' ');
}

/*
 * Appends the text of the runs below `node` (a paragraph, or anything inside
 * one). Iterative: nesting costs no stack.
 */
static void docx_run_text(const xmlNode *node, xxgk_buf *out)
{
	const xmlNode *n = node->children;
	while (n) {
		bool descend = n->type == XML_ELEMENT_NODE;
		if (docx_is(n, "t")) {
			xmlChar *t = xmlNodeGetContent(n);
			if (t) {
				xxgk_buf_puts(out, (const char *)t);
				xmlFree(t);
			}
			descend = false;
		} else if (docx_is(n, "tab") || docx_is(n, "br") || docx_is(n, "cr") || docx_is(n, "p")) {
			docx_space(out);   /* a nested paragraph (text box) is a word apart */
		} else if (docx_is(n, "noBreakHyphen")) {
			xxgk_buf_putc(out, '-');
		} else if (docx_is(n, "delText") || docx_is(n, "instrText") || docx_is(n, "rPr") ||
			   docx_is(n, "pPr") || docx_is_mc(n, "Fallback")) {
			descend = false;   /* deleted, field code, formatting, duplicate of Choice */
		}
		if (descend && n->children) {
			n = n->children;
			continue;
		}
		while (n && !n->next && n != node)
			n = n->parent;
		if (!n || n == node)
			break;
		n = n->next;
	}
}

static void docx_table_free(docx_table *t)
{
	for (size_t i = 0; i < t->count; i++)
		xxgk_buf_free(&t->cells[i].text);
	free(t->cells);
	free(t->row_end);
	memset(t, 0, sizeof *t);
}

static void docx_blocks(docx_ctx *c, const xmlNode *parent, xxgk_buf *cell_text, int depth);

/* Collects the text of the blocks of a cell (paragraphs, nested tables) into `out`. */
static void docx_cell_text(docx_ctx *c, const xmlNode *tc, xxgk_buf *out, int depth)
{
	docx_blocks(c, tc, out, depth + 1);
	while (out->len && out->data[out->len - 1] == ' ')
		out->data[--out->len] = '\0';
}

/* Appends the rows (w:tr, also inside w:sdt / w:customXml) of `parent` to `rows`. */
/* The `tag` children of `parent` (through content controls), at most `cap`;
   *over is set when there are more: the table is refused, never cut short. */
static void docx_collect(const xmlNode *parent, const char *tag, const xmlNode **out, size_t *count, size_t cap,
			 bool *over, int depth)
{
	for (const xmlNode *n = parent->children; n && !*over; n = n->next) {
		if (docx_is(n, tag)) {
			if (*count == cap)
				*over = true;
			else
				out[(*count)++] = n;
		} else if ((docx_is(n, "sdt") || docx_is(n, "customXml") || docx_is(n, "sdtContent")) && depth < 8) {
			docx_collect(n, tag, out, count, cap, over, depth + 1);
		}
	}
}

static docx_cell *docx_add_cell(docx_ctx *c, docx_table *t, int col, int span)
{
	if (t->count >= DOCX_MAX_TABLE_CELLS) {
		c->too_big = true;
		c->cap = "cells in one table (DOCX_MAX_TABLE_CELLS)";
		return NULL;
	}
	if (t->count == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		docx_cell *p = realloc(t->cells, cap * sizeof *p);
		if (!p) {
			c->oom = true;
			return NULL;
		}
		t->cells = p;
		t->cap = cap;
	}
	docx_cell *cell = &t->cells[t->count++];
	cell->col = col;
	cell->span = span;
	cell->rowspan = 1;
	cell->omitted = false;
	xxgk_buf_init(&cell->text);
	return cell;
}

/*
 * One table: cells placed on the grid, vertical merges counted into the
 * rowspan of the cell that restarts them, then handed over row by row: each
 * cell that starts in a row at its grid column, with the table, row and
 * column as its origin. A table nested in a cell gives its text to that
 * cell (`cell_text`) instead.
 */
static void docx_table_out(docx_ctx *c, const xmlNode *tbl, xxgk_buf *cell_text, int depth)
{
	docx_table t;
	const xmlNode **rows = NULL, **tcs = NULL;
	size_t *open = NULL;   /* per grid column: the restarting cell above + 1, or 0 */
	memset(&t, 0, sizeof t);
	rows = malloc(DOCX_MAX_ROWS * sizeof *rows);
	tcs = malloc(DOCX_MAX_COLS * sizeof *tcs);
	open = calloc(DOCX_MAX_COLS, sizeof *open);
	if (!rows || !tcs || !open) {
		c->oom = true;
		goto done;
	}
	size_t nrows = 0;
	bool over = false;
	docx_collect(tbl, "tr", rows, &nrows, DOCX_MAX_ROWS, &over, 0);
	if (over) {
		c->too_big = true;
		c->cap = "rows in one table (DOCX_MAX_ROWS)";
		goto done;
	}
	c->rows += nrows;
	if (c->rows > DOCX_MAX_DOC_ROWS) {
		c->too_big = true;
		c->cap = "table rows in the document (DOCX_MAX_DOC_ROWS)";
		goto done;
	}
	t.row_end = malloc((nrows + 1) * sizeof *t.row_end);
	if (!t.row_end) {
		c->oom = true;
		goto done;
	}
	for (size_t r = 0; r < nrows && !c->oom && !c->too_big; r++) {
		const xmlNode *trpr = NULL;
		for (const xmlNode *n = rows[r]->children; n; n = n->next)
			if (docx_is(n, "trPr"))
				trpr = n;
		int col = docx_child_int(trpr, "gridBefore", 0, DOCX_MAX_COLS);
		for (int k = 0; k < col; k++) {
			open[k] = 0;
			if (!docx_add_cell(c, &t, k, 1))
				goto done;
		}
		size_t ntc = 0;
		docx_collect(rows[r], "tc", tcs, &ntc, DOCX_MAX_COLS, &over, 0);
		if (over) {
			c->too_big = true;
			c->cap = "grid columns of one table (DOCX_MAX_COLS)";
			goto done;
		}
		for (size_t k = 0; k < ntc; k++) {
			if (col >= DOCX_MAX_COLS) {   /* spans took the grid: the rest would be lost */
				c->too_big = true;
				c->cap = "grid columns of one table (DOCX_MAX_COLS)";
				goto done;
			}
			const xmlNode *tcpr = NULL;
			for (const xmlNode *n = tcs[k]->children; n; n = n->next)
				if (docx_is(n, "tcPr"))
					tcpr = n;
			int span = docx_child_int(tcpr, "gridSpan", 1, DOCX_MAX_COLS);
			if (span < 1)
				span = 1;
			if (col + span > DOCX_MAX_COLS)
				span = DOCX_MAX_COLS - col;
			bool vmerge;
			xmlChar *v = docx_child_val(tcpr, "vMerge", &vmerge);
			bool restart = vmerge && v && strcmp((const char *)v, "restart") == 0;
			xmlFree(v);
			size_t above = open[col];
			if (vmerge && !restart && above && t.cells[above - 1].col == col) {
				/* a continuation: the cell above grows, this one is not printed */
				docx_cell *top = &t.cells[above - 1];
				top->rowspan++;
				xxgk_buf more;
				xxgk_buf_init(&more);
				docx_cell_text(c, tcs[k], &more, depth);
				if (more.len) {
					docx_space(&top->text);
					xxgk_buf_append(&top->text, more.data, more.len);
				}
				if (more.failed)
					c->oom = true;
				xxgk_buf_free(&more);
				docx_cell *skip = docx_add_cell(c, &t, col, span);
				if (!skip)
					goto done;
				skip->omitted = true;
				col += span;
				continue;
			}
			docx_cell *cell = docx_add_cell(c, &t, col, span);
			if (!cell)
				goto done;
			docx_cell_text(c, tcs[k], &cell->text, depth);
			for (int g = col; g < col + span; g++)
				open[g] = restart ? t.count : 0;
			col += span;
		}
		for (int g = col; g < DOCX_MAX_COLS; g++)
			open[g] = 0;   /* gridAfter, or a short row: nothing carries down there */
		t.row_end[r] = t.count;
		t.rows = r + 1;
	}
	if (cell_text) {
		/* nested: its text joins the outer cell */
		for (size_t i = 0; i < t.count; i++)
			if (t.cells[i].text.len) {
				docx_space(cell_text);
				xxgk_buf_append(cell_text, t.cells[i].text.data, t.cells[i].text.len);
			}
		goto done;
	}
	if (c->too_big || c->oom)
		goto done;
	uint16_t tno = c->tables < UINT16_MAX ? ++c->tables : UINT16_MAX;
	xxgk__docb_newline(c->b);
	size_t i = 0;
	for (size_t r = 0; r < t.rows; r++) {
		for (; i < t.row_end[r]; i++) {
			const docx_cell *cell = &t.cells[i];
			if (cell->omitted)
				continue;
			xxgk_origin o;
			memset(&o, 0, sizeof o);
			o.table = tno;
			o.row = (uint16_t)(r + 1 < UINT16_MAX ? r + 1 : UINT16_MAX);
			o.col = (uint16_t)(cell->col + 1);
			c->text_len += cell->text.len + 1;
			xxgk__docb_cell(c->b, cell->text.data ? cell->text.data : "", cell->text.len,
					(uint32_t)cell->col + 1, 0, &o);
		}
		xxgk__docb_row_end(c->b);
	}
done:
	for (size_t k = 0; k < t.count; k++)
		if (t.cells[k].text.failed)
			c->oom = true;
	docx_table_free(&t);
	free(rows);
	free(tcs);
	free(open);
}

/*
 * Writes the blocks below `parent`: paragraphs and tables, looking through
 * content controls and custom XML. With `cell_text`, the text goes there
 * (inside a table cell) instead of becoming <p> elements.
 */
static void docx_blocks(docx_ctx *c, const xmlNode *parent, xxgk_buf *cell_text, int depth)
{
	/* tables nested 64 deep are no report (libxml2 bounds the depth anyway) */
	const xmlNode *first = depth > 64 ? NULL : parent->children;
	for (const xmlNode *n = first; n && !c->oom && !c->too_big; n = n->next) {
		if (docx_is(n, "p")) {
			xxgk_buf para;
			xxgk_buf_init(&para);
			docx_run_text(n, &para);
			if (para.failed)
				c->oom = true;
			if (cell_text && para.len) {
				docx_space(cell_text);
				xxgk_buf_append(cell_text, para.data, para.len);
			} else if (!cell_text) {
				xxgk_origin o;
				memset(&o, 0, sizeof o);
				o.para = ++c->paras;
				c->text_len += para.len + 1;
				xxgk__docb_block(c->b, para.data ? para.data : "", para.len, 0, &o);
				xxgk__docb_newline(c->b);
			}
			xxgk_buf_free(&para);
		} else if (docx_is(n, "tbl")) {
			docx_table_out(c, n, cell_text, depth);
		} else if (docx_is(n, "sdt") || docx_is(n, "sdtContent") || docx_is(n, "customXml") ||
			   docx_is(n, "ins") || docx_is(n, "smartTag")) {
			docx_blocks(c, n, cell_text, depth + 1);
		}
		if (cell_text && cell_text->failed)
			c->oom = true;
		if (c->text_len > DOCX_MAX_TEXT) {
			c->too_big = true;
			c->cap = "text of the document (DOCX_MAX_TEXT)";
		}
	}
}

/* -------------------------------------------------------------- entry */

/* Reads the ZIP member `name` whole, inflating at most `cap` bytes. */
static int docx_read_member(char **out, size_t *out_len, zip_t *za, const char *name, size_t cap,
			    xxgk_error *err)
{
	int rc = XXGK_OK;
	zip_file_t *zf = NULL;
	xxgk_buf data;
	xxgk_buf_init(&data);
	*out = NULL;
	*out_len = 0;
	zip_int64_t index = zip_name_locate(za, name, 0);
	if (index < 0) {
		rc = xxgk_error_set(err, XXGK_EPARSE, 0, 0,
				    "not a Word document: the ZIP has no %s (a .docx holds its body there)", name);
		goto done;
	}
	zf = zip_fopen_index(za, (zip_uint64_t)index, 0);
	if (!zf) {
		rc = xxgk_error_set(err, XXGK_EPARSE, 0, 0, "not a readable .docx: %s: %s", name,
				    zip_error_strerror(zip_get_error(za)));
		goto done;
	}
	char chunk[65536];
	for (;;) {
		zip_int64_t n = zip_fread(zf, chunk, sizeof chunk);
		if (n < 0) {
			rc = xxgk_error_set(err, XXGK_EPARSE, 0, 0, "not a readable .docx: %s: %s", name,
					    zip_error_strerror(zip_file_get_error(zf)));
			goto done;
		}
		if (n == 0)
			break;
		if (data.len + (size_t)n > cap) {
			rc = xxgk_error_set(err, XXGK_ETOOBIG, 0, 0,
					    "%s inflates to more than %zu bytes (a zip bomb, or not a report)",
					    name, cap);
			goto done;
		}
		xxgk_buf_append(&data, chunk, (size_t)n);
		if (data.failed) {
			rc = xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
			goto done;
		}
	}
	*out_len = data.len;
	*out = xxgk_buf_detach(&data);
	if (!*out) {
		*out = calloc(1, 1);
		if (!*out)
			rc = xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
	}
done:
	if (zf)
		zip_fclose(zf);
	xxgk_buf_free(&data);
	return rc;
}

/* How many tags s[0..n) has, at least: its '<' bytes (text escapes its own). */
static size_t docx_count_elements(const char *s, size_t n)
{
	size_t count = 0;
	for (const char *p = s, *end = s + n; (p = memchr(p, '<', (size_t)(end - p))) != NULL; p++)
		count++;
	return count;
}

/* Does s[0..n) contain the bytes of `needle`? */
static bool docx_contains(const char *s, size_t n, const char *needle)
{
	size_t m = strlen(needle);
	for (size_t i = 0; m <= n && i <= n - m; i++) {
		const char *p = memchr(s + i, needle[0], n - m - i + 1);
		if (!p)
			return false;
		i = (size_t)(p - s);
		if (memcmp(p, needle, m) == 0)
			return true;
	}
	return false;
}

int xxgk_docx_read(xxgk_doc *out, const char *buf, size_t len, xxgk_error *err)
{
	int rc = XXGK_OK;
	zip_source_t *src = NULL;
	zip_t *za = NULL;
	char *xml = NULL;
	size_t xml_len = 0;
	xmlDoc *doc = NULL;
	docx_ctx c;
	zip_error_t zerr;
	xxgk_xml_watch watch;
	bool watching = false;
	assert(out && (buf || len == 0));
	memset(out, 0, sizeof *out);
	memset(&c, 0, sizeof c);
	zip_error_init(&zerr);
	if (len > XXGK_CONVERT_MAX_INPUT) {
		rc = xxgk_error_set(err, XXGK_ETOOBIG, 0, 0, ".docx of %zu bytes; the limit is %zu", len,
				    XXGK_CONVERT_MAX_INPUT);
		goto done;
	}
	const char *legacy = xxgk_legacy_office_message((const unsigned char *)buf, len);
	if (legacy) {
		rc = xxgk_error_set(err, XXGK_EPARSE, 0, 0, "%s", legacy);
		goto done;
	}
	if (len < 4 || memcmp(buf, "PK\x03\x04", 4) != 0) {
		rc = xxgk_error_set(err, XXGK_EPARSE, 0, 0,
				    "not a .docx: the file is not a ZIP archive (no PK header)");
		goto done;
	}
	src = zip_source_buffer_create(buf, len, 0, &zerr);
	if (!src) {
		rc = xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
		goto done;
	}
	za = zip_open_from_source(src, ZIP_RDONLY, &zerr);
	if (!za) {
		rc = xxgk_error_set(err, XXGK_EPARSE, 0, 0, "not a .docx: the ZIP archive cannot be read: %s",
				    zip_error_strerror(&zerr));
		goto done;
	}
	src = NULL;   /* the archive owns it now */
	rc = docx_read_member(&xml, &xml_len, za, "word/document.xml", DOCX_MAX_XML, err);
	if (rc != XXGK_OK)
		goto done;
	if (xml_len > INT32_MAX) {
		rc = xxgk_error_set(err, XXGK_ETOOBIG, 0, 0, "word/document.xml over %d bytes", INT32_MAX);
		goto done;
	}
	if (docx_count_elements(xml, xml_len) > DOCX_MAX_ELEMENTS) {
		rc = xxgk_error_set(err, XXGK_ETOOBIG, 0, 0,
				    "word/document.xml has more than %zu XML tags (DOCX_MAX_ELEMENTS; a report has "
				    "a few hundred thousand at most)", DOCX_MAX_ELEMENTS);
		goto done;
	}
	if (docx_contains(xml, xml_len, "<!DOCTYPE")) {
		rc = xxgk_error_set(err, XXGK_EPARSE, 0, 0,
				    "word/document.xml declares a DTD, which Word never writes; not read");
		goto done;
	}
	xxgk__xml_watch_begin(&watch);
	watching = true;
	doc = xmlReadMemory(xml, (int)xml_len, "word/document.xml", NULL,
			    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc) {
		const xmlError *xe = xmlGetLastError();
		if (watch.oom || (xe && xe->code == XML_ERR_NO_MEMORY)) {
			rc = XXGK_ENOMEM;
			goto done;
		}
		rc = xxgk_error_set(err, XXGK_EPARSE, xe ? (unsigned)xe->line : 0, 0,
				    "not a readable .docx: word/document.xml is not well-formed XML%s%s",
				    xe && xe->message ? ": " : "", xe && xe->message ? xe->message : "");
		/* libxml2's messages end with a newline: keep the error one line */
		if (err) {
			size_t n = strlen(err->message);
			while (n && (err->message[n - 1] == '\n' || err->message[n - 1] == ' '))
				err->message[--n] = '\0';
		}
		goto done;
	}
	const xmlNode *root = xmlDocGetRootElement(doc);
	const xmlNode *body = NULL;
	for (const xmlNode *n = root ? root->children : NULL; n && !body; n = n->next)
		if (docx_is(n, "body"))
			body = n;
	if (!docx_is(root, "document") || !body) {
		rc = xxgk_error_set(err, XXGK_EPARSE, 0, 0,
				    "not a Word document: word/document.xml has no w:document/w:body");
		goto done;
	}
	c.b = xxgk__docb_new();
	if (!c.b) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	docx_blocks(&c, body, NULL, 0);
	if (c.oom) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	if (c.too_big) {
		rc = xxgk_error_set(err, XXGK_ETOOBIG, 0, 0, "the document is over a cap: %s (docs/pdf.md)",
				    c.cap ? c.cap : "its size");
		goto done;
	}
	rc = xxgk__docb_finish(c.b, out, err);
done:
	if (doc)
		xmlFreeDoc(doc);
	/* libxml2 ran out of memory somewhere: whatever was concluded from its tree is not the document */
	if (watching && xxgk__xml_watch_end(&watch) && rc != XXGK_ENOMEM) {
		if (rc == XXGK_OK)
			xxgk_doc_free(out);
		rc = XXGK_ENOMEM;
	}
	free(xml);
	if (za)
		zip_discard(za);
	if (src)
		zip_source_free(src);
	zip_error_fini(&zerr);
	xxgk__docb_free(c.b);
	if (rc == XXGK_ENOMEM)
		xxgk_error_set(err, rc, 0, 0, "out of memory");
	return rc;
}
