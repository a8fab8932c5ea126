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
 * (xxgk_t2s), the tokens following their text. xxgk__doc_join_wrapped()
 * writes a document read by position again with the pieces of each figure
 * wrapped in its narrow cell ("196" over "7") joined into one, for parse.c
 * to weigh against the report's rules.
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

/* ------------------------------------------------------- wrapped figures */

/* Is token t a run of digits alone (a count, no sign, mark or note)? */
static bool wrap_digits(const xxgk_token *t)
{
	if (t->kind != XXGK_TOK_NUM || t->len == 0 || t->len > 12)
		return false;
	for (uint32_t i = 0; i < t->len; i++)
		if (t->text[i] < '0' || t->text[i] > '9')
			return false;
	return true;
}

/* Does every token of line `line` (tokens [from, to) hold it) stand as digits alone? */
static bool wrap_line_digits(const xxgk_doc *d, uint32_t line, size_t from, size_t to)
{
	for (size_t k = from; k < to; k++)
		if (d->toks[k].line == line && !wrap_digits(&d->toks[k]))
			return false;
	return true;
}

/* The tokens of `line`: [*a, *e) (tokens go in line order). */
static void wrap_line_span(const xxgk_doc *d, uint32_t line, size_t near, size_t *a, size_t *e)
{
	size_t s = near;
	while (s > 0 && d->toks[s - 1].line >= line)
		s--;
	while (s < d->tok_count && d->toks[s].line < line)
		s++;
	size_t f = s;
	while (f < d->tok_count && d->toks[f].line == line)
		f++;
	*a = s;
	*e = f;
}

/*
 * The bottom piece of a figure wrapped in its cell whose top piece is token
 * `a`: the one token below it within its column (its box across a's) that
 * starts within about a line's height of a's top, at a's left edge or
 * centred under it, digits no more than a's, on a line of digits alone;
 * nothing else in a's column between. SIZE_MAX when there is none.
 */
static size_t wrap_bottom(const xxgk_doc *d, size_t a)
{
	const xxgk_token *ta = &d->toks[a];
	const xxgk_origin *oa = &d->origins[a];
	double h = oa->y1 - oa->y0;
	if (!wrap_digits(ta) || ta->len > 15 || !oa->page || !(h > 0) || ta->text[0] == '0')
		return SIZE_MAX;
	size_t found = SIZE_MAX;
	for (size_t k = a + 1; k < d->tok_count; k++) {
		const xxgk_token *t = &d->toks[k];
		const xxgk_origin *o = &d->origins[k];
		if (t->line == ta->line)
			continue;
		if (o->page != oa->page || o->y0 > oa->y0 + 1.5 * h)
			break;
		if (!(o->x0 < oa->x1 && oa->x0 < o->x1))
			continue;   /* another column */
		if (found != SIZE_MAX)
			return SIZE_MAX;   /* two things under a in its column */
		found = k;
	}
	if (found == SIZE_MAX)
		return SIZE_MAX;
	const xxgk_token *tb = &d->toks[found];
	const xxgk_origin *ob = &d->origins[found];
	double hb = ob->y1 - ob->y0, step = ob->y0 - oa->y0;
	double mid_a = (oa->x0 + oa->x1) / 2, mid_b = (ob->x0 + ob->x1) / 2;
	if (!wrap_digits(tb) || tb->len > ta->len || tb->len > 15 || fabs(hb - h) > 0.2 * h || step < 0.8 * h ||
	    ob->x1 - ob->x0 > oa->x1 - oa->x0 + 0.1 * h ||
	    (fabs(ob->x0 - oa->x0) > 0.3 * h && fabs(mid_b - mid_a) > 0.3 * h))
		return SIZE_MAX;
	size_t s, e;
	wrap_line_span(d, tb->line, found, &s, &e);
	if (!wrap_line_digits(d, tb->line, s, e))
		return SIZE_MAX;
	return found;
}

typedef struct {
	size_t top, bottom;     /* the pieces */
	uint32_t line;          /* the line the figure goes to */
	char text[28];
	uint32_t len;
	double value;
	xxgk_origin o;
} wrap_join;

/* The line a figure of pieces `a` (top) and `b` stands on: the line between
 * whose middle is the figure's (a cell's figure centred in it, its row's
 * other figures on that line), else the top piece's (a cell's figure
 * starting at its top). 0 when neither. */
static uint32_t wrap_line_of(const xxgk_doc *d, size_t a, size_t b)
{
	const xxgk_origin *oa = &d->origins[a], *ob = &d->origins[b];
	uint32_t la = d->toks[a].line, lb = d->toks[b].line;
	double mid = (oa->y0 + ob->y1) / 2, h = oa->y1 - oa->y0;
	uint32_t best = 0;
	double best_d = 0.5 * h;
	for (size_t k = a + 1; k < b; k++) {
		const xxgk_token *t = &d->toks[k];
		const xxgk_origin *o = &d->origins[k];
		if (t->line <= la || t->line >= lb || o->page != oa->page)
			continue;
		double dm = fabs((o->y0 + o->y1) / 2 - mid);
		if (dm <= best_d) {
			best_d = dm;
			best = t->line;
		}
	}
	if (best)
		return best;
	for (size_t k = a + 1; k < b; k++)
		if (d->toks[k].line > la && d->toks[k].line < lb)
			return 0;   /* a line between, off the figure's middle */
	return la;
}

static size_t wrap_cp_count(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			c++;
	return c;
}

int xxgk__doc_join_wrapped(const xxgk_doc *in, xxgk_doc *out, xxgk_wrap *joined, size_t cap, size_t *count)
{
	memset(out, 0, sizeof *out);
	*count = 0;
	if (!in->origins || in->line_kind || in->ocr_count || !in->text || in->tok_count == 0)
		return XXGK_OK;
	wrap_join *js = NULL;
	size_t nj = 0, jcap = 0;
	uint8_t *gone = NULL;
	int rc = XXGK_OK;
	for (size_t a = 0; a < in->tok_count; a++) {
		if (!wrap_digits(&in->toks[a]))
			continue;
		size_t b = wrap_bottom(in, a);
		if (b == SIZE_MAX || wrap_bottom(in, b) != SIZE_MAX)
			continue;   /* none, or b the top of a figure of its own */
		const xxgk_token *ta = &in->toks[a], *tb = &in->toks[b];
		if (ta->len + tb->len >= sizeof js->text)
			continue;
		uint32_t line = wrap_line_of(in, a, b);
		if (!line)
			continue;
		/* the top piece on a line of its own holds only figures' pieces */
		if (line != ta->line) {
			size_t s, e;
			wrap_line_span(in, ta->line, a, &s, &e);
			if (!wrap_line_digits(in, ta->line, s, e))
				continue;
		}
		bool used = false;
		for (size_t k = 0; k < nj && !used; k++)
			used = js[k].top == b || js[k].bottom == b || js[k].bottom == a || js[k].top == a;
		if (used)
			continue;
		if (nj == jcap) {
			size_t ncap = jcap ? jcap * 2 : 8;
			wrap_join *p = realloc(js, ncap * sizeof *p);
			if (!p) {
				rc = XXGK_ENOMEM;
				goto done;
			}
			js = p;
			jcap = ncap;
		}
		wrap_join *j = &js[nj];
		memset(j, 0, sizeof *j);
		j->top = a;
		j->bottom = b;
		j->line = line;
		memcpy(j->text, ta->text, ta->len);
		memcpy(j->text + ta->len, tb->text, tb->len);
		j->len = ta->len + tb->len;
		if (!xxgk_tok_number(j->text, j->len, &j->value))
			continue;
		const xxgk_origin *oa = &in->origins[a], *ob = &in->origins[b];
		j->o = *oa;
		j->o.x0 = fmin(oa->x0, ob->x0);
		j->o.x1 = fmax(oa->x1, ob->x1);
		j->o.y1 = fmax(oa->y1, ob->y1);
		nj++;
	}
	if (nj == 0)
		goto done;
	/* the lines of the text, and the tokens that go */
	uint32_t lines = in->line_count + 1;
	size_t *ls = malloc(((size_t)lines + 2) * sizeof *ls);
	gone = calloc(in->tok_count, 1);
	uint8_t *touched = calloc((size_t)lines + 2, 1);
	xxgk_token *toks = malloc((in->tok_count + nj) * sizeof *toks);
	xxgk_origin *origins = malloc((in->tok_count + nj) * sizeof *origins);
	xxgk_buf text;
	xxgk_buf_init(&text);
	if (!ls || !gone || !touched || !toks || !origins) {
		free(ls);
		free(touched);
		free(toks);
		free(origins);
		rc = XXGK_ENOMEM;
		goto done;
	}
	/* line l is [ls[l], ls[l + 1] - 1) of the text */
	{
		uint32_t l = 1;
		ls[0] = ls[1] = 0;
		for (size_t i = 0; i < in->len && l < lines; i++)
			if (in->text[i] == '\n')
				ls[++l] = i + 1;
		while (l < lines)
			ls[++l] = in->len + 1;
		ls[lines] = in->len + 1;
	}
	bool sane = true;
	for (size_t k = 0; k < in->tok_count && sane; k++) {
		const xxgk_token *t = &in->toks[k];
		sane = t->line >= 1 && t->line < lines && t->text >= in->text &&
		       (size_t)(t->text - in->text) >= ls[t->line] &&
		       (size_t)(t->text - in->text) + t->len <= ls[t->line + 1] - 1;
	}
	if (!sane) {
		free(ls);
		free(touched);
		free(toks);
		free(origins);
		goto done;   /* tokens not where their lines are: nothing joined */
	}
	for (size_t k = 0; k < nj; k++) {
		gone[js[k].top] = gone[js[k].bottom] = 1;
		touched[in->toks[js[k].top].line] = touched[in->toks[js[k].bottom].line] = 1;
		touched[js[k].line] = 1;
	}
	/* the new tokens, line by line; text pointers as offsets until the end */
	size_t n = 0, t = 0;
	for (uint32_t l = 1; l < lines; l++) {
		size_t line_off = text.len;
		size_t end = ls[l + 1] - 1 < in->len ? ls[l + 1] - 1 : in->len;
		if (!touched[l]) {
			xxgk_buf_append(&text, in->text + ls[l], end - ls[l]);
			for (; t < in->tok_count && in->toks[t].line == l; t++) {
				toks[n] = in->toks[t];
				toks[n].text = (const char *)(uintptr_t)(line_off + (size_t)(in->toks[t].text - in->text) - ls[l]);
				origins[n++] = in->origins[t];
			}
		} else {
			bool first = true;
			size_t from = t;
			while (t < in->tok_count && in->toks[t].line == l)
				t++;
			/* the line's tokens kept and the figures joined onto it, left to right */
			for (size_t q = from;; q++) {
				if (q < t && gone[q])
					continue;
				for (size_t k = 0; k < nj; k++) {
					if (js[k].line != l || js[k].len == 0)
						continue;
					if (q < t && in->origins[q].page == js[k].o.page && in->origins[q].x0 <= js[k].o.x0)
						continue;   /* q stands left of it */
					if (!first)
						xxgk_buf_putc(&text, '\t');
					first = false;
					const xxgk_token *ta = &in->toks[js[k].top];
					toks[n] = *ta;
					toks[n].line = l;
					toks[n].text = (const char *)(uintptr_t)text.len;
					toks[n].len = js[k].len;
					toks[n].value = js[k].value;
					toks[n].column = (uint32_t)wrap_cp_count(text.data ? text.data + line_off : "", text.len - line_off) + 1;
					/* a token of the line's own: its file line */
					if (q < t)
						toks[n].src_line = in->toks[q].src_line;
					else if (from < t)
						toks[n].src_line = in->toks[from].src_line;
					origins[n++] = js[k].o;
					xxgk_buf_append(&text, js[k].text, js[k].len);
					js[k].len = 0;   /* placed */
				}
				if (q >= t)
					break;
				if (!first)
					xxgk_buf_putc(&text, '\t');
				first = false;
				toks[n] = in->toks[q];
				toks[n].text = (const char *)(uintptr_t)text.len;
				toks[n].column = (uint32_t)wrap_cp_count(text.data ? text.data + line_off : "",
									 text.len - line_off) + 1;
				origins[n++] = in->origins[q];
				xxgk_buf_append(&text, in->toks[q].text, in->toks[q].len);
			}
		}
		if (l + 1 < lines)
			xxgk_buf_putc(&text, '\n');
	}
	free(ls);
	free(touched);
	if (text.failed) {
		xxgk_buf_free(&text);
		free(toks);
		free(origins);
		rc = XXGK_ENOMEM;
		goto done;
	}
	size_t len = text.len;
	char *owned = text.data ? xxgk_buf_detach(&text) : calloc(1, 1);
	uint32_t *map = NULL;
	xxgk_origin *lo = NULL;
	if (owned && in->line_map) {
		map = malloc(in->line_map_count * sizeof *map);
		if (map)
			memcpy(map, in->line_map, in->line_map_count * sizeof *map);
	}
	if (owned && in->line_origins) {
		lo = malloc(((size_t)in->line_count + 1) * sizeof *lo);
		if (lo)
			memcpy(lo, in->line_origins, ((size_t)in->line_count + 1) * sizeof *lo);
	}
	if (!owned || (in->line_map && !map) || (in->line_origins && !lo)) {
		free(owned);
		free(map);
		free(lo);
		free(toks);
		free(origins);
		rc = XXGK_ENOMEM;
		goto done;
	}
	for (size_t k = 0; k < n; k++)
		toks[k].text = owned + (size_t)(uintptr_t)toks[k].text;
	out->text = out->owned_text = owned;
	out->len = len;
	out->toks = toks;
	out->tok_count = out->tok_cap = n;
	out->origins = origins;
	out->line_count = in->line_count;
	out->line_map = map;
	out->line_map_count = map ? in->line_map_count : 0;
	out->line_origins = lo;
	out->script = in->script;
	for (size_t k = 0; k < nj && k < cap; k++) {
		const xxgk_token *ta = &in->toks[js[k].top], *tb = &in->toks[js[k].bottom];
		memset(&joined[k], 0, sizeof joined[k]);
		joined[k].o = js[k].o;
		joined[k].value = js[k].value;
		memcpy(joined[k].top, ta->text, ta->len);
		memcpy(joined[k].bottom, tb->text, tb->len);
	}
	*count = nj;
done:
	free(js);
	free(gone);
	return rc;
}
