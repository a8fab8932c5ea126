/*
 * html.c — HTML reports through libxml2's HTML parser, into the same token
 * stream as text (parse_int.h), so the table readers need not know.
 *
 * Exports xxgk_html_tokenize(). Each table becomes a grid with rowspan and
 * colspan expanded; a cell's text is all its text nodes joined (Word-pasted
 * markup splits "23" into 2</span><span>3), whitespace and &nbsp; collapsed.
 * Every origin cell of a row that holds at least one value is a token — an
 * empty one is a blank cell, never 0 — as are the empty cells after a row's
 * last label (a row printed all blank); other empty cells of heading rows
 * are dropped. Text outside tables (paragraphs, headings, divs) gives one label a
 * block. Scripts, styles and comments are dropped. Alongside, a derived text
 * has one line a block or table row (cells joined by tabs) for the heading
 * and title scans, and a map from its lines to the lines of the file, where
 * the cells' <td> tags stand.
 * Bounds: a table has at most XXGK_HTML_MAX_COLS columns and
 * XXGK_HTML_MAX_ROWS rows (the template has 9 × 30); a larger one is read no
 * further than the caps. The walk is iterative, so nesting depth costs no stack.
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "parse_int.h"

/* A real table-3 grid is 9 columns by ~30 rows; these leave room and bound work. */
#define XXGK_HTML_MAX_COLS 64
#define XXGK_HTML_MAX_ROWS 2000
/* One cell's text; a longer one is prose in a layout table. */
#define XXGK_HTML_CELL_CAP 4096

typedef struct {
	xxgk_docb *b;         /* the tokens and the derived text */
	bool oom;
} html_ctx;

static bool html_is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->name && strcmp((const char *)n->name, name) == 0;
}

static bool html_is_block(const xmlNode *n)
{
	static const char *const blocks[] = { "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li",
					      "ul", "ol", "table", "tr", "section", "article", "header",
					      "footer", "blockquote", "pre", "title", "body", "center", NULL };
	if (n->type != XML_ELEMENT_NODE)
		return false;
	for (const char *const *b = blocks; *b; b++)
		if (strcmp((const char *)n->name, *b) == 0)
			return true;
	return false;
}

/* Appends text with whitespace (incl. U+00A0, U+3000) collapsed to one space. */
static void html_append_collapsed(xxgk_buf *b, const char *s, size_t cap)
{
	bool space = b->len > 0 && b->data[b->len - 1] == ' ';
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	for (size_t i = 0; i < n && b->len < cap;) {
		uint32_t cp;
		size_t k = xxgk_utf8_decode(p + i, n - i, &cp);
		if (!k) {
			i++;
			continue;
		}
		bool ws = cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == 0xA0 ||
			  cp == 0x3000;
		if (ws) {
			if (!space && b->len > 0)
				xxgk_buf_putc(b, ' ');
			space = true;
		} else {
			if (cp >= 0xFF01 && cp <= 0xFF5E) {
				char enc[4];
				xxgk_buf_append(b, enc, xxgk_utf8_encode(cp - 0xFEE0, enc));
			} else {
				xxgk_buf_append(b, s + i, k);
			}
			space = false;
		}
		i += k;
	}
}

static bool html_skip(const xmlNode *n)
{
	return n->type == XML_COMMENT_NODE || html_is(n, "script") || html_is(n, "style") ||
	       html_is(n, "noscript") || html_is(n, "template");
}

/* All text below `node`, collapsed, into `out` (iterative walk). */
static void html_text_of(const xmlNode *node, xxgk_buf *out)
{
	const xmlNode *n = node->children;
	while (n) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content)
				html_append_collapsed(out, (const char *)n->content, XXGK_HTML_CELL_CAP);
		} else if (html_is(n, "br") || html_is(n, "p") || html_is(n, "div")) {
			if (out->len && out->data[out->len - 1] != ' ')
				xxgk_buf_putc(out, ' ');
		}
		if (n->children && n->type == XML_ELEMENT_NODE && !html_skip(n)) {
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

/* A block of text outside tables: one label on its own derived line. */
static void html_emit_text(html_ctx *h, const char *s, size_t n, uint32_t src_line)
{
	/* a line of text, cut as a text line is: web copies and pdftohtml print
	 * a table as one cell per <br/> line, its figures outside any <table> */
	size_t a = 0;
	while (a < n && s[a] == ' ')
		a++;
	if (a == n)
		return;
	xxgk__docb_newline(h->b);
	xxgk__docb_map_line(h->b, src_line);
	xxgk__docb_field(h->b, s + a, n - a, NULL);
	xxgk__docb_row_end(h->b);
}

typedef struct {
	const xmlNode *td;   /* origin cell, NULL if free */
	bool origin;         /* this grid slot is where the cell starts */
} html_slot;

static int html_span(const xmlNode *td, const char *attr, int cap)
{
	xmlChar *v = xmlGetProp(td, (const xmlChar *)attr);
	long n = 1;
	if (v) {
		char *end = NULL;
		n = strtol((const char *)v, &end, 10);
		if (end == (const char *)v || n < 1)
			n = 1;
		xmlFree(v);
	}
	return n > cap ? cap : (int)n;
}

/* Emits one table: its grid row by row. */
static void html_table(html_ctx *h, const xmlNode *table)
{
	/* collect rows (tr under table, thead, tbody, tfoot) */
	const xmlNode *rows[XXGK_HTML_MAX_ROWS];
	int nrows = 0;
	for (const xmlNode *c = table->children; c && nrows < XXGK_HTML_MAX_ROWS; c = c->next) {
		if (html_is(c, "tr")) {
			rows[nrows++] = c;
		} else if (html_is(c, "tbody") || html_is(c, "thead") || html_is(c, "tfoot")) {
			for (const xmlNode *r = c->children; r && nrows < XXGK_HTML_MAX_ROWS; r = r->next)
				if (html_is(r, "tr"))
					rows[nrows++] = r;
		}
	}
	if (!nrows)
		return;
	/* rowspans carried down: for each column, the cell and rows left */
	const xmlNode *carry[XXGK_HTML_MAX_COLS] = { NULL };
	int carry_left[XXGK_HTML_MAX_COLS] = { 0 };
	xxgk_buf cell;
	xxgk_buf_init(&cell);
	xxgk__docb_newline(h->b);
	for (int r = 0; r < nrows; r++) {
		html_slot slots[XXGK_HTML_MAX_COLS];
		memset(slots, 0, sizeof slots);
		int ncols = 0;
		for (int c = 0; c < XXGK_HTML_MAX_COLS; c++)
			if (carry_left[c] > 0) {
				slots[c].td = carry[c];
				carry_left[c]--;
				if (c + 1 > ncols)
					ncols = c + 1;
			}
		int col = 0;
		for (const xmlNode *td = rows[r]->children; td; td = td->next) {
			if (!html_is(td, "td") && !html_is(td, "th"))
				continue;
			while (col < XXGK_HTML_MAX_COLS && slots[col].td)
				col++;
			if (col >= XXGK_HTML_MAX_COLS)
				break;
			int cs = html_span(td, "colspan", XXGK_HTML_MAX_COLS - col);
			int rs = html_span(td, "rowspan", nrows - r);
			for (int k = 0; k < cs; k++) {
				slots[col + k].td = td;
				slots[col + k].origin = k == 0;
				if (rs > 1) {
					carry[col + k] = td;
					carry_left[col + k] = rs - 1;
				}
			}
			col += cs;
			if (col > ncols)
				ncols = col;
		}
		/* the origin cells; the builder decides which empty ones are blank cells */
		uint32_t row_line = (uint32_t)xmlGetLineNo(rows[r]);
		xxgk__docb_map_line(h->b, row_line);
		for (int c = 0; c < ncols; c++) {
			if (!slots[c].td || !slots[c].origin)
				continue;
			cell.len = 0;
			if (cell.data)
				cell.data[0] = '\0';
			html_text_of(slots[c].td, &cell);
			uint32_t src = (uint32_t)xmlGetLineNo(slots[c].td);
			xxgk__docb_cell(h->b, cell.data ? cell.data : "", cell.len, (uint32_t)c + 1, src ? src : row_line,
					NULL);
		}
		xxgk__docb_row_end(h->b);
	}
	if (cell.failed)
		h->oom = true;
	xxgk_buf_free(&cell);
}

/* The document in order: tables as grids, other blocks as labels. */
static void html_walk(html_ctx *h, const xmlNode *root)
{
	xxgk_buf block;
	xxgk_buf_init(&block);
	uint32_t block_line = 0;
	const xmlNode *n = root;
	while (n && !h->oom) {
		bool descend = true;
		if (html_skip(n)) {
			descend = false;
		} else if (html_is(n, "table")) {
			if (block.len)
				html_emit_text(h, block.data, block.len, block_line);
			block.len = 0;
			xxgk__docb_newline(h->b);
			html_table(h, n);
			descend = false;
		} else if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content) {
				if (!block.len)
					block_line = (uint32_t)xmlGetLineNo(n);
				html_append_collapsed(&block, (const char *)n->content, XXGK_PARSE_MAX_LINE);
			}
		} else if (html_is_block(n)) {
			if (block.len)
				html_emit_text(h, block.data, block.len, block_line);
			block.len = 0;
			xxgk__docb_newline(h->b);
		}
		if (descend && n->children && n->type == XML_ELEMENT_NODE) {
			n = n->children;
			continue;
		}
		/* leaving elements: a block ends its text */
		while (n && !n->next) {
			n = n->parent;
			if (n && html_is_block(n)) {
				if (block.len)
					html_emit_text(h, block.data, block.len, block_line);
				block.len = 0;
				xxgk__docb_newline(h->b);
			}
			if (n == root || !n)
				break;
		}
		if (!n || n == root)
			break;
		n = n->next;
	}
	if (block.len)
		html_emit_text(h, block.data, block.len, block_line);
	if (block.failed)
		h->oom = true;
	xxgk_buf_free(&block);
}

/* Does h[0..n) hold `needle`? */
static bool html_contains(const char *h, size_t n, const char *needle)
{
	size_t m = strlen(needle);
	for (const char *p = h, *end = h + n; m <= (size_t)(end - p) && (p = memchr(p, needle[0], (size_t)(end - p) - m + 1)); p++)
		if (memcmp(p, needle, m) == 0)
			return true;
	return false;
}

#if LIBXML_VERSION >= 21200
static void xml_watch_error(void *ctx, const xmlError *e)
#else
static void xml_watch_error(void *ctx, xmlErrorPtr e)
#endif
{
	xxgk_xml_watch *w = ctx;
	if (e && e->code == XML_ERR_NO_MEMORY)
		w->oom = true;
}

static void xml_quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

void xxgk__xml_watch_begin(xxgk_xml_watch *w)
{
	w->oom = false;
	xmlResetLastError();
	xmlSetStructuredErrorFunc(w, xml_watch_error);
	xmlSetGenericErrorFunc(NULL, xml_quiet);
}

bool xxgk__xml_watch_end(xxgk_xml_watch *w)
{
	xmlSetStructuredErrorFunc(NULL, NULL);
	xmlSetGenericErrorFunc(NULL, NULL);
	return w->oom;
}

int xxgk_html_tokenize(xxgk_doc *doc, const char *html, size_t len, xxgk_error *err)
{
	html_ctx h;
	memset(&h, 0, sizeof h);
	memset(doc, 0, sizeof *doc);
	if (len > (size_t)INT32_MAX)
		return xxgk_error_set(err, XXGK_ETOOBIG, 0, 0, "HTML over 2 GB");
	h.b = xxgk__docb_new();
	if (!h.b)
		return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
	/* the text is UTF-8 already (normalize.c decoded any GBK): say so, so a
	 * <meta charset=gb2312> does not decode it a second time */
	xxgk_xml_watch watch;
	xxgk__xml_watch_begin(&watch);
	htmlDocPtr d = htmlReadMemory(html, (int)len, NULL, "UTF-8",
				      HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
				      HTML_PARSE_NONET | HTML_PARSE_NOIMPLIED);
	if (!d) {
		xxgk__docb_free(h.b);
		if (xxgk__xml_watch_end(&watch))
			return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
		return xxgk_error_set(err, XXGK_EPARSE, 0, 0, "HTML the parser cannot read at all");
	}
	xmlNode *root = xmlDocGetRootElement(d);
	int rc = XXGK_OK;
	/* only a page that mentions absolute positions or pdftohtml's <text> can be one */
	bool maybe_positioned = html_contains(html, len, "absolute") || html_contains(html, len, "<text ");
	if (root && maybe_positioned && xxgk__positioned_is(root))
		rc = xxgk__positioned_read(h.b, root);   /* a PDF converter's page: read by position */
	else if (root)
		html_walk(&h, root);
	xmlFreeDoc(d);
	if (xxgk__xml_watch_end(&watch))
		h.oom = true;   /* a tree built in part, or a value libxml2 could not copy: never read as the page */
	if (rc == XXGK_ETOOBIG && !h.oom)
		rc = xxgk_error_set(err, rc, 0, 0, "a page of positioned text with more than %zu pieces",
				    (size_t)200000);
	else if (rc != XXGK_OK || h.oom)
		rc = xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
	else
		rc = xxgk__docb_finish(h.b, doc, err);
	xxgk__docb_free(h.b);
	return rc;
}
