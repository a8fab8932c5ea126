/*
 * positioned.c — HTML and XML whose text is placed by coordinates, as PDF
 * converters write it (parse_int.h): pdftohtml -s
 * (<p style="position:absolute;top:725px;left:478px" class="ft313">21</p>
 * inside a <div id="page3-div" style="position:relative;width:892px;
 * height:1263px">, font sizes in the page's CSS classes) and pdftohtml -xml
 * (<page width height> holding <text top left width height>). Reading such
 * a page in document order gives the table column by column or worse; read
 * by position it is a PDF page without rules: each piece of text becomes a
 * glyph run with its box, laid out by pdf.c into lines (vertical overlap),
 * fields at wide gaps, page numbers in the margins dropped, and handed to
 * the token builder with its page and box (in the file's own unit, pixels)
 * and its line in the file.
 *
 * A piece's box: left/top as given; width and height as given (-xml), else
 * from its font size (-s): a CJK or full-width character is one em wide,
 * anything else half an em; a piece of several lines (<br/>) steps down by
 * the class's line-height, or 1.3 em.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "pdf_int.h"

/* Pieces placed by coordinates before a page is read that way (a web page
 * may position a banner or two). */
#define POS_MIN_PIECES 8
/* Font-size classes remembered from the CSS (pdftohtml writes ~10 a page). */
#define POS_MAX_CLASSES 4096
/* Font size when none is known, pixels. */
#define POS_DEFAULT_EM 16.0
/* Pieces of one page; a page of 5 pt text has ~20,000 characters. */
#define POS_MAX_PIECES PDF_MAX_PAGE_CHARS

typedef struct {
	char name[24];     /* "ft313" */
	double size;       /* font-size, px */
	double line;       /* line-height, px, or 0 */
} pos_class;

typedef struct {
	xxgk_docb *b;
	pos_class *classes;
	size_t class_count;
	pdf_page pg;       /* the page being collected */
	uint32_t page_no;
	bool page_open;
	xxgk_buf text;     /* a piece's text */
	int rc;
} pos_ctx;

/* A coordinate or size a page can have: pdftohtml's are pixels, a few thousand at most. Larger finite
   values (a fuzzed left:6e124) overflowed the positions computed from them to inf and NaN, which JSON
   cannot carry (the provenance x came back 0). */
#define POS_COORD_MAX 1e6
static bool pos_coord_ok(double d)
{
	return isfinite(d) && fabs(d) <= POS_COORD_MAX;
}

/* A number after `key` in s ("top:725px" with key "top:"); false if none. */
static bool pos_style_num(const char *s, const char *key, double *out)
{
	for (const char *p = s; (p = strstr(p, key)) != NULL; p++) {
		if (p > s && (p[-1] == '-' || (p[-1] >= 'a' && p[-1] <= 'z')))
			continue;   /* "line-height:" is not "height:" */
		const char *v = p + strlen(key);
		while (*v == ' ')
			v++;
		char *end = NULL;
		double d = strtod(v, &end);
		if (end == v || !pos_coord_ok(d))
			return false;
		*out = d;
		return true;
	}
	return false;
}

/* A numeric attribute; false if absent or not a number. */
static bool pos_attr_num(const xmlNode *n, const char *name, double *out)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	if (!v)
		return false;
	char *end = NULL;
	double d = strtod((const char *)v, &end);
	bool ok = end != (char *)v && pos_coord_ok(d);
	xmlFree(v);
	if (ok)
		*out = d;
	return ok;
}

static bool pos_is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->name && strcmp((const char *)n->name, name) == 0;
}

/* The element's style attribute (caller xmlFree()s), or NULL. */
static char *pos_style(const xmlNode *n)
{
	return (char *)xmlGetProp(n, (const xmlChar *)"style");
}

/* Is `n` a piece placed by coordinates? Its left and top when it is. */
static bool pos_piece(const xmlNode *n, double *left, double *top)
{
	if (n->type != XML_ELEMENT_NODE)
		return false;
	if (pos_is(n, "text") && pos_attr_num(n, "top", top) && pos_attr_num(n, "left", left))
		return true;
	char *st = pos_style(n);
	bool ok = st && strstr(st, "absolute") && pos_style_num(st, "top:", top) && pos_style_num(st, "left:", left);
	xmlFree(st);
	return ok;
}

/* Is `n` a page: pdftohtml -xml's <page>, or -s's relative page div? Its size when it is. */
static bool pos_page(const xmlNode *n, double *w, double *h)
{
	if (n->type != XML_ELEMENT_NODE)
		return false;
	if (pos_is(n, "page") && pos_attr_num(n, "width", w) && pos_attr_num(n, "height", h))
		return true;
	if (!pos_is(n, "div"))
		return false;
	char *st = pos_style(n);
	bool ok = st && strstr(st, "relative") && pos_style_num(st, "width:", w) && pos_style_num(st, "height:", h);
	xmlFree(st);
	return ok;
}

/* The next element in document order below `root` (iterative). */
static const xmlNode *pos_next(const xmlNode *n, const xmlNode *root, bool descend)
{
	if (descend && n->children)
		return n->children;
	while (n && n != root && !n->next)
		n = n->parent;
	return n && n != root ? n->next : NULL;
}

bool xxgk__positioned_is(const struct _xmlNode *root)
{
	size_t count = 0;
	for (const xmlNode *n = root; n && count < POS_MIN_PIECES; ) {
		double l, t;
		bool piece = pos_piece(n, &l, &t);
		count += piece;
		n = pos_next(n, root, !piece);
	}
	return count >= POS_MIN_PIECES;
}

/* Remembers ".ftNN{font-size:NNpx;line-height:NNpx…}" of a <style> text. */
static void pos_classes(pos_ctx *c, const char *css)
{
	for (const char *p = css; (p = strchr(p, '.')) != NULL; p++) {
		size_t k = 1;
		while (k < sizeof c->classes[0].name && (p[k] == '_' || p[k] == '-' || (p[k] >= '0' && p[k] <= '9') ||
							 (p[k] >= 'a' && p[k] <= 'z') || (p[k] >= 'A' && p[k] <= 'Z')))
			k++;
		const char *brace = p + k;
		while (*brace == ' ')
			brace++;
		if (k == 1 || k >= sizeof c->classes[0].name || *brace != '{')
			continue;
		const char *end = strchr(brace, '}');
		if (!end || end - brace > 1000)
			continue;
		char body[1024];
		memcpy(body, brace, (size_t)(end - brace));
		body[end - brace] = '\0';
		double size = 0, line = 0;
		if (!pos_style_num(body, "font-size:", &size) || size <= 0 || size > 1000)
			continue;
		if (!pos_style_num(body, "line-height:", &line) || line <= 0 || line > 2000)
			line = 0;
		if (c->class_count >= POS_MAX_CLASSES)
			return;
		if (!(c->class_count % 64)) {
			pos_class *m = realloc(c->classes, (c->class_count + 64) * sizeof *m);
			if (!m) {
				c->rc = XXGK_ENOMEM;
				return;
			}
			c->classes = m;
		}
		pos_class *pc = &c->classes[c->class_count++];
		memcpy(pc->name, p + 1, k - 1);
		pc->name[k - 1] = '\0';
		pc->size = size;
		pc->line = line;
		p = end;
	}
}

/* The font size and line height of a piece: its style, its class, or the default. */
static void pos_font(const pos_ctx *c, const xmlNode *n, double *em, double *line)
{
	*em = POS_DEFAULT_EM;
	*line = 0;
	char *st = pos_style(n);
	double v;
	if (st && pos_style_num(st, "font-size:", &v) && v > 0 && v < 1000)
		*em = v;
	if (st && pos_style_num(st, "line-height:", &v) && v > 0 && v < 2000)
		*line = v;
	xmlFree(st);
	xmlChar *cls = xmlGetProp(n, (const xmlChar *)"class");
	if (cls) {
		for (size_t k = 0; k < c->class_count; k++)
			if (strcmp(c->classes[k].name, (const char *)cls) == 0) {
				*em = c->classes[k].size;
				if (c->classes[k].line > 0)
					*line = c->classes[k].line;
				break;
			}
		xmlFree(cls);
	}
	if (*line <= 0)
		*line = *em * 1.3;
}

/* Lays out and hands over the page collected so far. */
static void pos_flush(pos_ctx *c)
{
	if (!c->page_open)
		return;
	c->page_open = false;
	pdf_page *pg = &c->pg;
	if (c->rc == XXGK_OK && pg->char_count) {
		if (!(pg->height > 0)) {
			/* no page size given: the margins are those of the text's extent */
			double bottom = 0;
			for (size_t k = 0; k < pg->char_count; k++)
				bottom = fmax(bottom, pg->chars[k].y1);
			pg->height = pg->disp_h = bottom + 1;
		}
		c->rc = xxgk__pdf_page_prose(pg);
		if (c->rc == XXGK_OK)
			c->rc = xxgk__pdf_page_emit(c->b, pg, c->page_no);
	}
	xxgk__pdf_page_free(pg);
}

static void pos_open(pos_ctx *c, double w, double h)
{
	pos_flush(c);
	memset(&c->pg, 0, sizeof c->pg);
	c->pg.width = c->pg.disp_w = w;
	c->pg.height = c->pg.disp_h = h;
	c->page_no++;
	c->page_open = true;
}

/* Adds one line of a piece as a glyph run. */
static void pos_add_run(pos_ctx *c, const char *s, size_t n, double left, double top, double width,
			double height, uint32_t src_line)
{
	pdf_page *pg = &c->pg;
	while (n > 0 && s[0] == ' ')
		s++, n--;
	while (n > 0 && s[n - 1] == ' ')
		n--;
	if (n == 0)
		return;
	if (pg->char_count >= POS_MAX_PIECES || pg->runs.len + n > UINT32_MAX / 2) {
		c->rc = XXGK_ETOOBIG;
		return;
	}
	if (!pdf_grow((void **)&pg->chars, &pg->char_cap, pg->char_count, sizeof *pg->chars)) {
		c->rc = XXGK_ENOMEM;
		return;
	}
	uint32_t first = 0;
	if (!xxgk_utf8_decode((const unsigned char *)s, n, &first))
		first = '?';
	if (width <= 0) {
		/* from the font: a CJK or full-width character an em, others half */
		const unsigned char *p = (const unsigned char *)s;
		for (size_t i = 0; i < n;) {
			uint32_t cp;
			size_t k = xxgk_utf8_decode(p + i, n - i, &cp);
			if (!k)
				k = 1, cp = '?';
			width += (cp >= 0x2E80 ? 1.0 : 0.5) * height;
			i += k;
		}
	}
	pdf_char *g = &pg->chars[pg->char_count++];
	g->x0 = left;
	g->y0 = top;
	g->x1 = left + width;
	g->y1 = top + height;
	g->cp = first;
	g->cell = -1;
	g->space_before = false;
	g->run_off = (uint32_t)pg->runs.len;
	g->run_len = (uint32_t)n;
	g->src_line = src_line;
	xxgk_buf_append(&pg->runs, s, n);
	if (pg->runs.failed)
		c->rc = XXGK_ENOMEM;
}

/* One piece: its text line by line (<br> breaks a line), each a run. */
static void pos_add_piece(pos_ctx *c, const xmlNode *piece, double left, double top)
{
	double em, line, width = 0, height;
	pos_font(c, piece, &em, &line);
	height = em;
	double v;
	if (pos_attr_num(piece, "height", &v) && v > 0 && v < 2000)
		height = v;
	if (pos_attr_num(piece, "width", &v) && v > 0 && v < 1e5)
		width = v;
	uint32_t src_line = (uint32_t)xmlGetLineNo(piece);
	int row = 0;
	xxgk_buf *t = &c->text;
	t->len = 0;
	for (const xmlNode *n = piece->children; n && c->rc == XXGK_OK;) {
		bool br = pos_is(n, "br");
		if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content)
			xxgk_buf_puts(t, (const char *)n->content);
		if (br && t->len) {
			pos_add_run(c, t->data, t->len, left, top + row * line, 0, height, src_line);
			row++;
			t->len = 0;
		}
		n = pos_next(n, piece, !br);
	}
	if (t->len && c->rc == XXGK_OK)
		pos_add_run(c, t->data, t->len, left, top + row * line, row ? 0 : width, height, src_line);
	if (t->failed)
		c->rc = XXGK_ENOMEM;
}

int xxgk__positioned_read(xxgk_docb *b, const struct _xmlNode *root)
{
	pos_ctx c;
	memset(&c, 0, sizeof c);
	c.b = b;
	xxgk_buf_init(&c.text);
	/* the CSS classes first: pdftohtml writes each page's before its pieces */
	for (const xmlNode *n = root; n && c.rc == XXGK_OK; n = pos_next(n, root, true))
		if (pos_is(n, "style"))
			for (const xmlNode *t = n->children; t; t = t->next)
				if (t->content)
					pos_classes(&c, (const char *)t->content);
	for (const xmlNode *n = root; n && c.rc == XXGK_OK;) {
		double w, h, left, top;
		bool piece = false;
		if (pos_page(n, &w, &h)) {
			pos_open(&c, w, h);
		} else if (pos_piece(n, &left, &top)) {
			piece = true;
			if (!c.page_open)
				pos_open(&c, 0, 0);
			pos_add_piece(&c, n, left, top);
		}
		n = pos_next(n, root, !piece);
	}
	pos_flush(&c);
	xxgk__pdf_page_free(&c.pg);
	xxgk_buf_free(&c.text);
	free(c.classes);
	return c.rc;
}
