/*
 * doc.c — the token stream of a converted document (parse_int.h,
 * xxgk__docb_*): the one way from a converter (HTML, DOCX, PDF, positioned
 * text, later OCR) to the tokens the table readers work on.
 *
 * A converter hands over what it found where it found it: table cells with
 * their grid column, prose blocks, and the fields of printed lines with the
 * box of every glyph. The builder
 *   - normalises each character as the text path does (xxgk__norm_cp: wide
 *     spaces, zero-width characters, full-width ASCII) and counts Han and
 *     traditional-only characters;
 *   - classifies a cell with the text's own rules (xxgk_tok_number,
 *     xxgk_tok_na) and cuts a printed line with tokens.c's line rule, so a
 *     layout means the same whichever way it arrives;
 *   - writes the derived text the heading and title scans read: a line a
 *     block or table row, cells and fields joined by tabs;
 *   - gives each token its origin in the user's file: the page and the union
 *     of its glyphs' boxes (PDF, positioned text), or the paragraph or table,
 *     row and grid column (DOCX); HTML tokens carry their file line.
 * At the end, text that is traditional as a whole is converted to simplified
 * (xxgk_t2s), the tokens following their text.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "parse_int.h"

/* One cell's text; a longer one is prose in a layout table (as html.c's cap). */
#define DOCB_CELL_CAP 4096

typedef struct {
	size_t off;          /* into the builder's cell text */
	uint32_t len;
	uint32_t column;     /* 1-based grid column */
	uint32_t src_line;
	xxgk_origin origin;
} docb_cell;

struct xxgk_docb {
	xxgk_buf text;           /* the derived text */
	uint32_t line;           /* current derived line, 1-based */
	bool line_open;          /* it has content */
	xxgk_token *toks;        /* text pointers are offsets into `text` until the end */
	xxgk_origin *origins;    /* one per token */
	size_t tok_count, tok_cap, origin_cap;
	bool any_origin;
	uint32_t *line_map;      /* derived line → file line (HTML) */
	size_t map_cap;
	xxgk_origin *line_origins;  /* derived line → its page and box (PDF) */
	size_t line_origin_cap;
	/* a row of cells being collected */
	docb_cell *cells;
	size_t cell_count, cell_cap;
	xxgk_buf cell_text;
	/* a line of fields being collected */
	xxgk_buf fields;         /* the line's text, fields joined by tabs */
	int32_t *refs;           /* per byte of `fields`: glyph index or −1 */
	size_t ref_cap;
	size_t field_count;
	uint32_t page;
	const xxgk_box *boxes;
	size_t box_count;
	xxgk_doc scratch;        /* the tokens of one line of fields */
	size_t han, trad;
	bool oom;
};

xxgk_docb *xxgk__docb_new(void)
{
	xxgk_docb *b = calloc(1, sizeof *b);
	if (!b)
		return NULL;
	xxgk_buf_init(&b->text);
	xxgk_buf_init(&b->cell_text);
	xxgk_buf_init(&b->fields);
	b->line = 1;
	return b;
}

void xxgk__docb_free(xxgk_docb *b)
{
	if (!b)
		return;
	xxgk_buf_free(&b->text);
	xxgk_buf_free(&b->cell_text);
	xxgk_buf_free(&b->fields);
	free(b->toks);
	free(b->origins);
	free(b->line_map);
	free(b->line_origins);
	free(b->cells);
	free(b->refs);
	xxgk_doc_free(&b->scratch);
	free(b);
}

/* Grows `*arr` (elements of `size` bytes, zeroed) to hold index `need`. */
static bool docb_grow(void **arr, size_t *cap, size_t need, size_t size)
{
	if (need < *cap)
		return true;
	size_t ncap = *cap ? *cap : 64;
	while (ncap <= need)
		ncap *= 2;
	if (ncap > SIZE_MAX / size)
		return false;
	char *p = realloc(*arr, ncap * size);
	if (!p)
		return false;
	memset(p + *cap * size, 0, (ncap - *cap) * size);
	*arr = p;
	*cap = ncap;
	return true;
}

void xxgk__docb_map_line(xxgk_docb *b, uint32_t src_line)
{
	if (!docb_grow((void **)&b->line_map, &b->map_cap, b->line, sizeof *b->line_map)) {
		b->oom = true;
		return;
	}
	if (!b->line_map[b->line])
		b->line_map[b->line] = src_line;
}

void xxgk__docb_newline(xxgk_docb *b)
{
	if (!b->line_open)
		return;
	xxgk_buf_putc(&b->text, '\n');
	b->line++;
	b->line_open = false;
}

static void docb_push(xxgk_docb *b, uint8_t kind, size_t off, size_t len, uint32_t src_line, uint32_t column,
		      double value, const xxgk_origin *o)
{
	if (!docb_grow((void **)&b->toks, &b->tok_cap, b->tok_count, sizeof *b->toks) ||
	    !docb_grow((void **)&b->origins, &b->origin_cap, b->tok_count, sizeof *b->origins)) {
		b->oom = true;
		return;
	}
	xxgk_token *t = &b->toks[b->tok_count];
	t->text = (const char *)(uintptr_t)off;
	t->len = (uint32_t)len;
	t->line = b->line;
	t->src_line = src_line;
	t->column = column;
	t->kind = kind;
	t->value = value;
	if (o) {
		b->origins[b->tok_count] = *o;
		b->any_origin = true;
	} else {
		memset(&b->origins[b->tok_count], 0, sizeof *b->origins);
	}
	b->tok_count++;
}

/* Counts Han and traditional-only characters (the script is decided at the end). */
static void docb_count(xxgk_docb *b, uint32_t cp)
{
	if (xxgk_is_han(cp)) {
		b->han++;
		if (xxgk__norm_is_trad(cp))
			b->trad++;
	}
}

/*
 * Appends s[0..n) to `out` normalised; with `collapse`, whitespace runs
 * become one space and nothing is kept before the first character (a cell's
 * or block's text), else tabs and line ends become spaces (a field). With
 * `refs`, writes the glyph of every byte written to refs_out (grown as needed).
 */
static void docb_append(xxgk_docb *b, xxgk_buf *out, const char *s, size_t n, bool collapse,
			const int32_t *refs, size_t cap)
{
	const unsigned char *p = (const unsigned char *)s;
	bool space = collapse && (out->len == 0 || out->data[out->len - 1] == ' ');
	for (size_t i = 0; i < n && out->len < cap;) {
		uint32_t cp;
		size_t k = xxgk_utf8_decode(p + i, n - i, &cp);
		if (!k) {
			i++;
			continue;
		}
		int32_t ref = refs ? refs[i] : -1;
		i += k;
		if (cp < 0x20 || cp == 0x7F)
			cp = ' ';
		cp = xxgk__norm_cp(cp);
		if (!cp)
			continue;
		if (collapse && cp == ' ') {
			if (space)
				continue;
			space = true;
		} else {
			space = false;
		}
		docb_count(b, cp);
		char enc[4];
		size_t e = xxgk_utf8_encode(cp, enc);
		if (refs) {
			if (!docb_grow((void **)&b->refs, &b->ref_cap, out->len + e, sizeof *b->refs)) {
				b->oom = true;
				return;
			}
			for (size_t q = 0; q < e; q++)
				b->refs[out->len + q] = cp == ' ' ? -1 : ref;
		}
		xxgk_buf_append(out, enc, e);
	}
	if (out->failed)
		b->oom = true;
}

void xxgk__docb_block(xxgk_docb *b, const char *s, size_t n, uint32_t src_line, const xxgk_origin *o)
{
	xxgk_buf *c = &b->cell_text;
	c->len = 0;
	docb_append(b, c, s, n, true, NULL, XXGK_PARSE_MAX_LINE);
	size_t len = c->len;
	while (len > 0 && c->data[len - 1] == ' ')
		len--;
	if (len == 0)
		return;
	if (src_line)
		xxgk__docb_map_line(b, src_line);
	if (b->line_open)
		xxgk_buf_putc(&b->text, ' ');
	size_t off = b->text.len;
	xxgk_buf_append(&b->text, c->data, len);
	b->line_open = true;
	docb_push(b, XXGK_TOK_LABEL, off, len, src_line ? src_line : b->line, 1, 0, o);
}

void xxgk__docb_cell(xxgk_docb *b, const char *s, size_t n, uint32_t column, uint32_t src_line,
		     const xxgk_origin *o)
{
	if (!docb_grow((void **)&b->cells, &b->cell_cap, b->cell_count, sizeof *b->cells)) {
		b->oom = true;
		return;
	}
	docb_cell *c = &b->cells[b->cell_count++];
	size_t start = b->cell_text.len;
	/* a cell's text starts afresh: no space carried from the cell before */
	xxgk_buf_putc(&b->cell_text, '\n');
	docb_append(b, &b->cell_text, s, n, true, NULL, start + 1 + DOCB_CELL_CAP);
	size_t a = start + 1, e = b->cell_text.len;
	while (a < e && b->cell_text.data[a] == ' ')
		a++;
	while (e > a && b->cell_text.data[e - 1] == ' ')
		e--;
	c->off = a;
	c->len = (uint32_t)(e - a);
	c->column = column;
	c->src_line = src_line ? src_line : b->line;   /* no file lines (DOCX): the derived line */
	if (o)
		c->origin = *o;
	else
		memset(&c->origin, 0, sizeof c->origin);
}

void xxgk__docb_page(xxgk_docb *b, uint32_t page, const xxgk_box *boxes, size_t box_count)
{
	b->page = page;
	b->boxes = boxes;
	b->box_count = box_count;
}

void xxgk__docb_field(xxgk_docb *b, const char *s, size_t n, const int32_t *refs)
{
	if (b->field_count++ > 0) {
		if (!docb_grow((void **)&b->refs, &b->ref_cap, b->fields.len, sizeof *b->refs)) {
			b->oom = true;
			return;
		}
		b->refs[b->fields.len] = -1;
		xxgk_buf_putc(&b->fields, '\t');
	}
	docb_append(b, &b->fields, s, n, false, refs, XXGK_PARSE_MAX_LINE * 2);
}

/* The page and union of the glyph boxes of bytes [a, e) of the line of fields. */
static bool docb_field_origin(const xxgk_docb *b, size_t a, size_t e, xxgk_origin *o)
{
	memset(o, 0, sizeof *o);
	bool any = false;
	for (size_t i = a; i < e; i++) {
		int32_t r = b->refs[i];
		if (r < 0 || (size_t)r >= b->box_count)
			continue;
		const xxgk_box *g = &b->boxes[r];
		if (!any) {
			o->x0 = g->x0;
			o->y0 = g->y0;
			o->x1 = g->x1;
			o->y1 = g->y1;
			any = true;
		} else {
			o->x0 = fmin(o->x0, g->x0);
			o->y0 = fmin(o->y0, g->y0);
			o->x1 = fmax(o->x1, g->x1);
			o->y1 = fmax(o->y1, g->y1);
		}
	}
	o->page = b->page;
	return any || b->page;
}

/* The line of fields: cut as a text line, each token placed by its glyphs. */
static void docb_fields_end(xxgk_docb *b)
{
	const char *line = b->fields.data ? b->fields.data : "";
	size_t n = b->fields.len;
	xxgk_doc *sc = &b->scratch;
	sc->tok_count = 0;
	if (!xxgk__tok_line(sc, line, n, b->line)) {
		b->oom = true;
		return;
	}
	size_t base = b->text.len;
	if (b->line_open)
		xxgk_buf_putc(&b->text, '\t'), base++;
	xxgk_buf_append(&b->text, line, n);
	b->line_open = true;
	xxgk_origin lo;
	if (b->page && docb_field_origin(b, 0, n, &lo)) {
		if (!docb_grow((void **)&b->line_origins, &b->line_origin_cap, b->line, sizeof *b->line_origins))
			b->oom = true;
		else
			b->line_origins[b->line] = lo;
	}
	/* the file's line where one is known (positioned HTML), else the derived line */
	uint32_t src = b->line < b->map_cap && b->line_map[b->line] ? b->line_map[b->line] : b->line;
	for (size_t i = 0; i < sc->tok_count; i++) {
		const xxgk_token *t = &sc->toks[i];
		size_t off = (size_t)(t->text - line);
		xxgk_origin o;
		bool have = b->page && docb_field_origin(b, off, off + t->len, &o);
		docb_push(b, t->kind, base + off, t->len, src, t->column, t->value, have ? &o : NULL);
	}
}

/* A row of cells: html.c's rule for blanks, then the row as a tab-joined line. */
static void docb_cells_end(xxgk_docb *b)
{
	if (b->cell_text.failed)
		b->oom = true;   /* the cells' text is not all there: the document fails as out of memory */
	if (b->oom)
		return;
	uint8_t kinds[64];
	double vals[64];
	bool has_value = false;
	size_t last_label = SIZE_MAX;
	for (size_t c = 0; c < b->cell_count; c++) {
		const docb_cell *cell = &b->cells[c];
		const char *s = b->cell_text.data + cell->off;
		double v = 0;
		uint8_t k;
		if (cell->len == 0) {
			k = XXGK_TOK_BLANK;
		} else if (xxgk_tok_number(s, cell->len, &v)) {
			k = XXGK_TOK_NUM;
			has_value = true;
		} else if (xxgk_tok_na(s, cell->len)) {
			k = XXGK_TOK_NA;
			has_value = true;
		} else {
			k = XXGK_TOK_LABEL;
			last_label = c;
		}
		if (c < 64) {
			kinds[c] = k;
			vals[c] = v;
		}
	}
	for (size_t c = 0; c < b->cell_count && c < 64; c++) {
		const docb_cell *cell = &b->cells[c];
		if (c > 0 && b->line_open)
			xxgk_buf_putc(&b->text, '\t');
		size_t off = b->text.len;
		xxgk_buf_append(&b->text, b->cell_text.data + cell->off, cell->len);
		b->line_open = true;
		/* empty cells of a row without values, before its last label: headings' padding */
		if (kinds[c] == XXGK_TOK_BLANK && !has_value && last_label != SIZE_MAX && c < last_label)
			continue;
		bool o = cell->origin.page || cell->origin.table || cell->origin.para;
		docb_push(b, kinds[c], off, cell->len, cell->src_line, cell->column, vals[c], o ? &cell->origin : NULL);
	}
}

void xxgk__docb_row_end(xxgk_docb *b)
{
	if (b->cell_count)
		docb_cells_end(b);
	else if (b->field_count)
		docb_fields_end(b);
	b->cell_count = 0;
	b->cell_text.len = 0;
	b->field_count = 0;
	b->fields.len = 0;
	xxgk__docb_newline(b);
}

/*
 * Converts the derived text to simplified script: the whole at once when
 * that keeps every byte in place (the usual case), else piece by piece
 * between token boundaries, the tokens moving with their text.
 */
static int docb_t2s(xxgk_docb *b, xxgk_error *err)
{
	char *all = NULL;
	size_t all_len = 0;
	int rc = xxgk_t2s(&all, &all_len, b->text.data ? b->text.data : "", b->text.len, err);
	if (rc != XXGK_OK)
		return rc;
	if (all_len == b->text.len) {
		memcpy(b->text.data, all, all_len);
		free(all);
		return XXGK_OK;
	}
	free(all);
	/* cut points: every token's start and end, in order (tokens follow the text) */
	xxgk_buf out;
	xxgk_buf_init(&out);
	size_t at = 0;
	for (size_t i = 0; i <= b->tok_count && rc == XXGK_OK; i++) {
		size_t start = i < b->tok_count ? (size_t)(uintptr_t)b->toks[i].text : b->text.len;
		size_t end = i < b->tok_count ? start + b->toks[i].len : b->text.len;
		for (int part = 0; part < 2 && rc == XXGK_OK; part++) {
			size_t to = part == 0 ? start : end;
			if (to < at)
				to = at;   /* overlapping tokens (none today): keep the order */
			char *piece = NULL;
			size_t piece_len = 0;
			rc = xxgk_t2s(&piece, &piece_len, b->text.data + at, to - at, err);
			if (rc != XXGK_OK)
				break;
			if (part == 1 && i < b->tok_count)
				b->toks[i].len = (uint32_t)piece_len;
			else if (part == 0 && i < b->tok_count)
				b->toks[i].text = (const char *)(uintptr_t)(out.len + piece_len);
			xxgk_buf_append(&out, piece, piece_len);
			free(piece);
			at = to;
		}
	}
	if (rc == XXGK_OK && out.failed)
		rc = xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
	if (rc != XXGK_OK) {
		xxgk_buf_free(&out);
		return rc;
	}
	xxgk_buf_free(&b->text);
	b->text = out;
	return XXGK_OK;
}

int xxgk__docb_finish(xxgk_docb *b, xxgk_doc *doc, xxgk_error *err)
{
	memset(doc, 0, sizeof *doc);
	xxgk__docb_row_end(b);
	if (b->oom || b->text.failed)
		return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
	doc->script = XXGK_SCRIPT_SIMPLIFIED;
	if (xxgk__norm_traditional(b->han, b->trad)) {
		int rc = docb_t2s(b, err);
		if (rc != XXGK_OK)
			return rc;
		doc->script = XXGK_SCRIPT_TRADITIONAL;
	}
	size_t len = b->text.len;
	char *text = b->text.data ? xxgk_buf_detach(&b->text) : calloc(1, 1);
	if (!text)
		return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
	for (size_t i = 0; i < b->tok_count; i++)
		b->toks[i].text = text + (size_t)(uintptr_t)b->toks[i].text;
	doc->text = text;
	doc->owned_text = text;
	doc->len = len;
	doc->toks = b->toks;
	doc->tok_count = doc->tok_cap = b->tok_count;
	b->toks = NULL;
	if (b->any_origin) {
		doc->origins = b->origins;
		b->origins = NULL;
	}
	doc->line_count = b->line;
	if (b->line_map) {
		/* lines no block mapped (empty derived lines) take the one before */
		for (size_t l = 1; l < b->map_cap; l++)
			if (!b->line_map[l])
				b->line_map[l] = b->line_map[l - 1] ? b->line_map[l - 1] : 1;
		doc->line_map = b->line_map;
		doc->line_map_count = b->map_cap;
		b->line_map = NULL;
	}
	if (b->line_origins) {
		/* one per line up to the last, so a glued token of any line finds its own */
		if (!docb_grow((void **)&b->line_origins, &b->line_origin_cap, b->line, sizeof *b->line_origins)) {
			xxgk_doc_free(doc);
			return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
		}
		doc->line_origins = b->line_origins;
		b->line_origins = NULL;
	}
	return XXGK_OK;
}
