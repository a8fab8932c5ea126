/*
 * pdf.c — xxgk_pdf_to_text(): a PDF report to the text layout the parser
 * reads (convert_int.h), with pdf_chars.c, pdf_rules.c and pdf_grid.c
 * (pdf_int.h names what each does).
 *
 * Lines and cells are rebuilt from geometry, not from pdftotext's reading
 * order:
 *   1. poppler-glib gives every character of a page with its box
 *      (poppler_page_get_text + poppler_page_get_text_layout, one rectangle
 *      per character, points, y down from the top of the page). A page whose
 *      text runs sideways or upside down on screen (a landscape table on a
 *      portrait page, /Rotate) is turned upright first, by a vote over the
 *      direction from each character to the next.
 *   2. A page with a line whose characters stand two ems or more apart may
 *      hold a table: its paths (not its text: pdf_paths.cc) are drawn with
 *      cairo at PDF_RENDER_SCALE pixels a point, or the whole page when it
 *      holds more than paths, and the ruling lines are read off the raster — dark runs of
 *      pixels at least PDF_RULE_MIN_PT long and at most PDF_RULE_MAX_THICK_PT
 *      thick, bridged across the characters' boxes so that glyph strokes
 *      never count. Reading the raster rather than the content stream covers
 *      every way a producer draws a border (stroked paths, thin filled
 *      rectangles, WPS's and Word's per-cell borders) without a PDF
 *      interpreter of our own.
 *   3. Rules that cross make a table: the distinct x of its vertical rules
 *      and y of its horizontal rules give a grid; neighbouring grid cells
 *      with no rule between them are one merged cell (rowspan, colspan).
 *      Each character goes to the cell holding its centre; a cell's lines are
 *      joined (wrapped labels, vertical text such as "三、本年度办理结果").
 *   4. A table prints as one line per grid row: the cells that start in that
 *      row, left to right, joined by '\t', an empty cell as an empty field.
 *      A merged cell prints in its top row only, as HTML's rowspan does.
 *   5. Characters outside tables make prose lines (grouped by vertical
 *      overlap, ordered by x; a gap of PDF_FIELD_GAP_EM ems or more becomes a
 *      tab, so a table without rules still splits into fields). Page numbers
 *      in the top or bottom margin ("-3-", "— 5 —", "第 3 页") are dropped.
 * Table rows and prose lines of a page are emitted top to bottom.
 *
 * A PDF whose pages carry (almost) no characters is a scan: the converter
 * says so rather than returning nothing. Every step is bounded by a named
 * cap below; docs/pdf.md describes them and the messages.
 */
#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <poppler.h>

#include "pdf_int.h"

void xxgk__pdf_page_free(pdf_page *pg)
{
	for (size_t t = 0; t < pg->table_count; t++) {
		free(pg->tables[t].xs);
		free(pg->tables[t].ys);
		free(pg->tables[t].cell_at);
	}
	free(pg->tables);
	free(pg->chars);
	free(pg->hs);
	free(pg->vs);
	free(pg->cells);
	free(pg->by_cell);
	free(pg->items);
	free(pg->refs);
	xxgk_buf_free(&pg->scratch);
	xxgk_buf_free(&pg->runs);
	memset(pg, 0, sizeof *pg);
}

/* ---------------------------------------------------------------- items */

static bool pdf_push_item(pdf_page *pg, double y, double x, size_t off)
{
	if (!pdf_grow((void **)&pg->items, &pg->item_cap, pg->item_count, sizeof *pg->items))
		return false;
	pdf_item *it = &pg->items[pg->item_count++];
	it->y = y;
	it->x = x;
	it->off = off;
	it->len = pg->scratch.len - off;
	return true;
}

/* Is this short line a page number: "-3-", "— 5 —", "第3页", "第 3 页 共 8 页", "3/8", "3"?
 * Its figures are one number: "1 1 2" is a table row's figures (the first
 * row of a page, in the top margin), not page 112. */
static bool pdf_is_page_number(const char *s, size_t n)
{
	size_t i = 0, digits = 0, dashes_before = 0, dashes_after = 0, marks = 0, slash = 0;
	bool spaced = false;   /* a space since the last digit */
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp = 0;
		size_t len = xxgk_utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (len == 0)
			return false;
		i += len;
		if (c == ' ' || c == '\t') {
			spaced = digits > 0;
			continue;
		}
		if (cp >= '0' && cp <= '9') {
			if (dashes_after || (spaced && !marks && !slash))
				return false;
			spaced = false;
			digits++;
		} else if (cp == '-' || cp == 0x2014 || cp == 0x2013 || cp == 0x2010 || cp == 0x2012 ||
			   cp == 0x2015 || cp == 0xFF0D || cp == 0x2212) {
			if (digits)
				dashes_after++;
			else
				dashes_before++;
		} else if (cp == 0x7B2C /* 第 */ || cp == 0x9875 /* 页 */ || cp == 0x5171 /* 共 */) {
			marks++;
		} else if (cp == '/') {
			slash++;
		} else {
			return false;
		}
	}
	if (digits == 0 || digits > 8)
		return false;
	if (marks)
		return dashes_before + dashes_after == 0 && slash == 0;
	if (slash)
		return slash == 1 && dashes_before + dashes_after == 0;
	return (dashes_before > 0) == (dashes_after > 0) && digits <= 4;
}

/* Emits the prose lines of the characters not in a table; footers dropped. */
static int pdf_prose_items(pdf_page *pg, uint32_t *idx, pdf_key *keys, size_t *line_start)
{
	size_t n = 0;
	for (size_t k = 0; k < pg->char_count; k++)
		if (pg->chars[k].cell < 0)
			idx[n++] = (uint32_t)k;
	size_t lines = xxgk__pdf_lines(pg->chars, idx, n, keys, line_start);
	for (size_t l = 0; l < lines; l++) {
		const uint32_t *li = idx + line_start[l];
		size_t ln = line_start[l + 1] - line_start[l];
		double top = INFINITY, bottom = -INFINITY, left = INFINITY;
		for (size_t k = 0; k < ln; k++) {
			top = fmin(top, pg->chars[li[k]].y0);
			bottom = fmax(bottom, pg->chars[li[k]].y1);
			left = fmin(left, pg->chars[li[k]].x0);
		}
		size_t off = pg->scratch.len;
		xxgk__pdf_put_line(pg, li, ln, true, 0);
		size_t len = pg->scratch.len - off;
		bool margin = top > pg->height * 0.8 || bottom < pg->height * 0.15;
		if (len == 0 || (margin && pdf_is_page_number(pg->scratch.data + off, len))) {
			pg->scratch.len = off;
			if (pg->scratch.data)
				pg->scratch.data[off] = '\0';
			continue;
		}
		if (!pdf_push_item(pg, top, left, off)) {
			pg->scratch.failed = true;
			break;
		}
	}
	return pg->scratch.failed ? XXGK_ENOMEM : XXGK_OK;
}

/* Appends the text of one cell: its lines joined. */
static void pdf_put_cell(pdf_page *pg, const pdf_cell *cell, pdf_key *keys, size_t *line_start)
{
	uint32_t *ci = pg->by_cell + cell->first;
	size_t lines = xxgk__pdf_lines(pg->chars, ci, cell->count, keys, line_start);
	uint32_t last = 0;
	for (size_t l = 0; l < lines; l++)
		last = xxgk__pdf_put_line(pg, ci + line_start[l], line_start[l + 1] - line_start[l], false, last);
}

/* Emits each table as one item: a line per grid row, cells joined by tabs. */
static int pdf_table_items(pdf_page *pg, pdf_key *keys, size_t *line_start)
{
	/* the characters of each cell, contiguous in by_cell */
	for (size_t k = 0; k < pg->char_count; k++)
		if (pg->chars[k].cell >= 0)
			pg->cells[pg->chars[k].cell].count++;
	size_t pos = 0;
	for (size_t c = 0; c < pg->cell_count; c++) {
		pg->cells[c].first = pos;
		pos += pg->cells[c].count;
		pg->cells[c].count = 0;
	}
	for (size_t k = 0; k < pg->char_count; k++) {
		int32_t c = pg->chars[k].cell;
		if (c >= 0)
			pg->by_cell[pg->cells[c].first + pg->cells[c].count++] = (uint32_t)k;
	}
	for (size_t t = 0; t < pg->table_count; t++) {
		const pdf_table *tb = &pg->tables[t];
		int nr = tb->ny - 1, nc = tb->nx - 1;
		size_t off = pg->scratch.len;
		for (int r = 0; r < nr; r++) {
			size_t row_off = pg->scratch.len;
			bool any = false, first = true;
			for (int c = 0; c < nc; c++) {
				int32_t id = tb->cell_at[(size_t)r * (size_t)nc + (size_t)c];
				const pdf_cell *cell = &pg->cells[id];
				if (cell->r0 != r || cell->c0 != c)
					continue;   /* printed in the row (column) where it starts */
				if (!first)
					xxgk_buf_putc(&pg->scratch, '\t');
				first = false;
				size_t before = pg->scratch.len;
				pdf_put_cell(pg, cell, keys, line_start);
				any |= pg->scratch.len > before;
			}
			if (!any) {
				pg->scratch.len = row_off;   /* a row of empty cells */
				if (pg->scratch.data)
					pg->scratch.data[row_off] = '\0';
				continue;
			}
			xxgk_buf_putc(&pg->scratch, '\n');
		}
		if (pg->scratch.len > off) {
			pg->scratch.len--;   /* the item's last newline is the caller's */
			if (!pdf_push_item(pg, tb->ys[0], tb->xs[0], off)) {
				pg->scratch.failed = true;
				break;
			}
		}
	}
	return pg->scratch.failed ? XXGK_ENOMEM : XXGK_OK;
}

static int pdf_item_cmp(const void *a, const void *b)
{
	const pdf_item *x = a, *y = b;
	if (x->y != y->y)
		return x->y < y->y ? -1 : 1;
	if (x->x != y->x)
		return x->x < y->x ? -1 : 1;
	return (x->off > y->off) - (x->off < y->off);
}

/* Does some line of the page have a gap as wide as a table column's? */
static bool pdf_has_columns(const pdf_page *pg, const uint32_t *idx, const size_t *line_start, size_t lines)
{
	for (size_t l = 0; l < lines; l++) {
		const pdf_char *prev = NULL;
		for (size_t k = line_start[l]; k < line_start[l + 1]; k++) {
			const pdf_char *c = &pg->chars[idx[k]];
			if (prev && c->x0 - prev->x1 >= PDF_FIELD_GAP_EM * fmax(pdf_char_h(c), pdf_char_h(prev)))
				return true;
			prev = c;
		}
	}
	return false;
}

/*
 * Hands a page's items to the builder top to bottom: each line of an item
 * (a prose line, a table row) its fields (split at tabs), each byte with the
 * glyph it came from, the glyphs' boxes on the page as shown.
 */
int xxgk__pdf_page_emit(xxgk_docb *b, pdf_page *pg, uint32_t page_no)
{
	if (pg->scratch.failed)
		return XXGK_ENOMEM;
	if (pg->item_count == 0)
		return XXGK_OK;
	xxgk_box *boxes = malloc((pg->char_count ? pg->char_count : 1) * sizeof *boxes);
	if (!boxes)
		return XXGK_ENOMEM;
	for (size_t k = 0; k < pg->char_count; k++) {
		const pdf_char *c = &pg->chars[k];
		double x0 = c->x0, y0 = c->y0, x1 = c->x1, y1 = c->y1;
		if (pg->orientation != PDF_UPRIGHT)
			xxgk__pdf_box_to_display(pg, &x0, &y0, &x1, &y1);
		boxes[k] = (xxgk_box){ (float)x0, (float)y0, (float)x1, (float)y1 };
	}
	if (pg->item_count > 1)
		qsort(pg->items, pg->item_count, sizeof *pg->items, pdf_item_cmp);
	xxgk__docb_page(b, page_no, boxes, pg->char_count);
	for (size_t k = 0; k < pg->item_count; k++) {
		const char *s = pg->scratch.data + pg->items[k].off;
		size_t n = pg->items[k].len, at = 0;
		const int32_t *refs = pg->refs + pg->items[k].off;
		bool line_start = true;
		while (at <= n) {
			size_t e = at;
			while (e < n && s[e] != '\t' && s[e] != '\n')
				e++;
			if (line_start) {
				/* positioned HTML: the file line of the line's first glyph */
				size_t q = at;
				/* separators were not written with a glyph: never read their refs */
				while (q < n && s[q] != '\n' && (s[q] == '\t' || refs[q] < 0))
					q++;
				if (q < n && s[q] != '\n' && pg->chars[refs[q]].src_line)
					xxgk__docb_map_line(b, pg->chars[refs[q]].src_line);
				line_start = false;
			}
			xxgk__docb_field(b, s + at, e - at, refs + at);
			if (e >= n || s[e] == '\n') {
				xxgk__docb_row_end(b);
				line_start = true;
			}
			at = e + 1;
		}
	}
	xxgk__docb_page(b, 0, NULL, 0);
	free(boxes);
	return XXGK_OK;
}

int xxgk__pdf_page_layout(pdf_page *pg)
{
	int rc = XXGK_OK;
	size_t n = pg->char_count ? pg->char_count : 1;
	uint32_t *idx = malloc(n * sizeof *idx);
	pdf_key *keys = malloc(n * sizeof *keys);
	size_t *line_start = malloc((n + 1) * sizeof *line_start);
	free(pg->by_cell);
	pg->by_cell = malloc(n * sizeof *pg->by_cell);
	if (!idx || !keys || !line_start || !pg->by_cell)
		rc = XXGK_ENOMEM;
	else
		rc = pdf_table_items(pg, keys, line_start);
	if (rc == XXGK_OK)
		rc = pdf_prose_items(pg, idx, keys, line_start);
	free(idx);
	free(keys);
	free(line_start);
	return rc;
}

int xxgk__pdf_page_prose(pdf_page *pg)
{
	int rc = XXGK_OK;
	size_t n = pg->char_count ? pg->char_count : 1;
	uint32_t *idx = malloc(n * sizeof *idx);
	pdf_key *keys = malloc(n * sizeof *keys);
	size_t *line_start = malloc((n + 1) * sizeof *line_start);
	if (!idx || !keys || !line_start)
		rc = XXGK_ENOMEM;
	else
		rc = pdf_prose_items(pg, idx, keys, line_start);
	free(idx);
	free(keys);
	free(line_start);
	return rc;
}

/* One page: characters, rules, tables, items; its tokens to `b`. */
static int pdf_convert_page(xxgk_docb *b, PopplerPage *page, uint32_t page_no, pdf_stats *st,
			    pdf_raster *rs, size_t *total_chars, size_t *total_bytes)
{
	int rc = XXGK_OK;
	pdf_page pg;
	uint32_t *idx = NULL;
	pdf_key *keys = NULL;
	size_t *line_start = NULL;
	memset(&pg, 0, sizeof pg);
	xxgk_buf_init(&pg.scratch);
	poppler_page_get_size(page, &pg.disp_w, &pg.disp_h);
	if (!isfinite(pg.disp_w) || !isfinite(pg.disp_h) || pg.disp_w <= 0 || pg.disp_h <= 0 ||
	    pg.disp_w > 1e6 || pg.disp_h > 1e6)
		goto done;   /* nothing can be placed on it */
	pg.width = pg.disp_w;
	pg.height = pg.disp_h;
	rc = xxgk__pdf_load_chars(&pg, page, st);
	if (rc != XXGK_OK)
		goto done;
	*total_chars += pg.char_count;
	if (*total_chars > PDF_MAX_CHARS) {
		rc = XXGK_ETOOBIG;
		goto done;
	}
	if (pg.char_count == 0)
		goto done;
	idx = malloc(pg.char_count * sizeof *idx);
	keys = malloc(pg.char_count * sizeof *keys);
	line_start = malloc((pg.char_count + 1) * sizeof *line_start);
	pg.by_cell = malloc(pg.char_count * sizeof *pg.by_cell);
	if (!idx || !keys || !line_start || !pg.by_cell) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	for (size_t k = 0; k < pg.char_count; k++)
		idx[k] = (uint32_t)k;
	size_t lines = xxgk__pdf_lines(pg.chars, idx, pg.char_count, keys, line_start);
	if (st->rendered < PDF_RENDER_MAX_PAGES && pdf_has_columns(&pg, idx, line_start, lines)) {
		st->rendered++;
		rc = xxgk__pdf_find_rules(&pg, page, rs);
		if (rc == XXGK_OK)
			rc = xxgk__pdf_find_tables(&pg);
		if (rc != XXGK_OK)
			goto done;
	}
	rc = pdf_table_items(&pg, keys, line_start);
	if (rc == XXGK_OK)
		rc = pdf_prose_items(&pg, idx, keys, line_start);
	if (rc != XXGK_OK)
		goto done;
	*total_bytes += pg.scratch.len;
	if (*total_bytes > PDF_MAX_OUTPUT) {
		rc = XXGK_ETOOBIG;
		goto done;
	}
	rc = xxgk__pdf_page_emit(b, &pg, page_no);
done:
	free(idx);
	free(keys);
	free(line_start);
	xxgk__pdf_page_free(&pg);
	return rc;
}

/* ----------------------------------------------------------------- entry */

/* Does the file start (within its first KiB, as readers allow) with "%PDF-"? */
static bool pdf_has_header(const char *buf, size_t len)
{
	size_t n = len < 1024 ? len : 1024;
	for (size_t i = 0; i + 5 <= n; i++)
		if (buf[i] == '%' && memcmp(buf + i, "%PDF-", 5) == 0)
			return true;
	return false;
}

int xxgk_pdf_read(xxgk_doc *out, const char *buf, size_t len, xxgk_error *err)
{
	int rc = XXGK_OK;
	GBytes *bytes = NULL;
	GError *gerr = NULL;
	PopplerDocument *doc = NULL;
	xxgk_docb *b = NULL;
	pdf_stats st;
	pdf_raster raster;
	size_t total_chars = 0, total_bytes = 0;
	assert(out && (buf || len == 0));
	memset(&raster, 0, sizeof raster);
	raster.doc = buf;
	raster.doc_len = len;
	memset(out, 0, sizeof *out);
	memset(&st, 0, sizeof st);
	if (len > XXGK_CONVERT_MAX_INPUT) {
		rc = xxgk_error_set(err, XXGK_ETOOBIG, 0, 0, "PDF of %zu bytes; the limit is %zu",
				    len, XXGK_CONVERT_MAX_INPUT);
		goto done;
	}
	if (!pdf_has_header(buf, len)) {
		rc = xxgk_error_set(err, XXGK_EPARSE, 0, 0, "not a readable PDF: no %%PDF- header");
		goto done;
	}
	b = xxgk__docb_new();
	if (!b) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	bytes = g_bytes_new_static(buf, len);
	doc = poppler_document_new_from_bytes(bytes, NULL, &gerr);
	if (!doc) {
		if (gerr && gerr->domain == POPPLER_ERROR && gerr->code == POPPLER_ERROR_ENCRYPTED)
			rc = xxgk_error_set(err, XXGK_EPARSE, 0, 0,
					    "encrypted PDF: it opens only with a password; decrypt it "
					    "(`qpdf --decrypt --password=PASSWORD in.pdf out.pdf`) and load the result");
		else
			rc = xxgk_error_set(err, XXGK_EPARSE, 0, 0, "not a readable PDF: %s",
					    gerr && gerr->message ? gerr->message : "poppler cannot open it");
		goto done;
	}
	int pages = poppler_document_get_n_pages(doc);
	if (pages <= 0) {
		rc = xxgk_error_set(err, XXGK_EPARSE, 0, 0, "not a readable PDF: it has no pages");
		goto done;
	}
	if (pages > PDF_MAX_PAGES) {
		rc = xxgk_error_set(err, XXGK_ETOOBIG, 0, 0, "PDF of %d pages; the limit is %d",
				    pages, PDF_MAX_PAGES);
		goto done;
	}
	for (int p = 0; p < pages; p++) {
		PopplerPage *page = poppler_document_get_page(doc, p);
		if (!page) {
			rc = xxgk_error_set(err, XXGK_EPARSE, 0, 0, "not a readable PDF: page %d cannot be read",
					    p + 1);
			goto done;
		}
		rc = pdf_convert_page(b, page, (uint32_t)p + 1, &st, &raster, &total_chars, &total_bytes);
		g_object_unref(page);
		if (rc == XXGK_ETOOBIG && total_bytes > PDF_MAX_OUTPUT) {
			rc = xxgk_error_set(err, XXGK_ETOOBIG, 0, 0, "PDF text over %zu bytes", PDF_MAX_OUTPUT);
			goto done;
		}
		if (rc == XXGK_ETOOBIG) {
			rc = xxgk_error_set(err, rc, 0, 0,
					    "PDF page %d: more than %zu characters on a page or %zu in the file",
					    p + 1, PDF_MAX_PAGE_CHARS, PDF_MAX_CHARS);
			goto done;
		}
		if (rc != XXGK_OK)
			goto done;
	}
	if (st.chars < PDF_MIN_TEXT_CHARS) {
		/* a scan: its pages read by OCR (ocr.c) */
		rc = xxgk__ocr_dl_load(err);
		if (rc == XXGK_OK)
			rc = xxgk__ocr_pdf(out, doc, err);
		goto done;
	}
	if (st.unmapped * 3 > st.chars) {
		rc = xxgk_error_set(err, XXGK_EPARSE, 0, 0,
				    "no usable text layer (%zu of %zu characters have no Unicode mapping); "
				    "run OCR first", st.unmapped, st.chars);
		goto done;
	}
	rc = xxgk__docb_finish(b, out, err);
done:
	if (rc == XXGK_ENOMEM)
		xxgk_error_set(err, rc, 0, 0, "out of memory");
	if (gerr)
		g_error_free(gerr);
	xxgk__pdf_raster_free(&raster);   /* before the document: poppler's globals live as long as it */
	if (doc)
		g_object_unref(doc);
	if (bytes)
		g_bytes_unref(bytes);
	xxgk__docb_free(b);
	return rc;
}

int xxgk_pdf_to_text(char **out, size_t *out_len, const char *buf, size_t len, xxgk_error *err)
{
	xxgk_doc doc;
	assert(out && out_len);
	*out = NULL;
	*out_len = 0;
	int rc = xxgk_pdf_read(&doc, buf, len, err);
	if (rc != XXGK_OK)
		return rc;
	*out = doc.owned_text;
	*out_len = doc.len;
	doc.owned_text = NULL;
	xxgk_doc_free(&doc);
	return XXGK_OK;
}
