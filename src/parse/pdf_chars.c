/*
 * pdf_chars.c — a PDF page's characters (pdf_int.h): poppler-glib gives
 * every character with its box (poppler_page_get_text +
 * poppler_page_get_text_layout, one rectangle per character, points, y down
 * from the top of the page); a page whose text runs sideways or upside down
 * on screen is turned upright by a vote over the direction from each
 * character to the next; characters are grouped into lines and lines
 * written as text.
 */
#include <math.h>
#include <string.h>

#include <poppler.h>

#include "pdf_int.h"

int xxgk__pdf_key_cmp(const void *a, const void *b)
{
	const pdf_key *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

static bool pdf_is_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == 0xA0 || cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200B);
}

/* A character a font printed without telling which one it is. */
static bool pdf_is_unmapped(uint32_t cp)
{
	return cp == 0xFFFD || (cp >= 0xE000 && cp <= 0xF8FF) || cp < 0x20 || (cp >= 0x7F && cp < 0xA0);
}

/* ----------------------------------------------------------- characters */

/* Maps a point of the displayed page into the upright frame. */
static void pdf_to_upright(const pdf_page *pg, double x, double y, double *ux, double *uy)
{
	switch (pg->orientation) {
	case PDF_TURNED_CW:
		*ux = y;
		*uy = pg->disp_w - x;
		break;
	case PDF_TURNED_CCW:
		*ux = pg->disp_h - y;
		*uy = x;
		break;
	case PDF_UPSIDE_DOWN:
		*ux = pg->disp_w - x;
		*uy = pg->disp_h - y;
		break;
	default:
		*ux = x;
		*uy = y;
		break;
	}
}

/* Maps a point of the upright frame back onto the displayed page. */
static void pdf_to_display(const pdf_page *pg, double ux, double uy, double *x, double *y)
{
	switch (pg->orientation) {
	case PDF_TURNED_CW:
		*x = pg->disp_w - uy;
		*y = ux;
		break;
	case PDF_TURNED_CCW:
		*x = uy;
		*y = pg->disp_h - ux;
		break;
	case PDF_UPSIDE_DOWN:
		*x = pg->disp_w - ux;
		*y = pg->disp_h - uy;
		break;
	default:
		*x = ux;
		*y = uy;
		break;
	}
}

/* Maps the box (x0,y0)-(x1,y1) with `map` and orders its corners again. */
static void pdf_map_box(const pdf_page *pg, void (*map)(const pdf_page *, double, double, double *, double *),
			double *x0, double *y0, double *x1, double *y1)
{
	double ax, ay, bx, by;
	map(pg, *x0, *y0, &ax, &ay);
	map(pg, *x1, *y1, &bx, &by);
	*x0 = fmin(ax, bx);
	*x1 = fmax(ax, bx);
	*y0 = fmin(ay, by);
	*y1 = fmax(ay, by);
}

void xxgk__pdf_box_to_display(const pdf_page *pg, double *x0, double *y0, double *x1, double *y1)
{
	pdf_map_box(pg, pdf_to_display, x0, y0, x1, y1);
}

void xxgk__pdf_box_to_upright(const pdf_page *pg, double *x0, double *y0, double *x1, double *y1)
{
	pdf_map_box(pg, pdf_to_upright, x0, y0, x1, y1);
}

/*
 * Which way the text runs: a vote over neighbouring characters of poppler's
 * words (it keeps a word's characters in reading order whatever the
 * rotation). A page turns only on a clear majority, so a few vertical labels
 * ("三、本年度办理结果" in an Identity-V font) never turn an upright page.
 */
static int pdf_vote_orientation(const size_t votes[4])
{
	size_t total = votes[0] + votes[1] + votes[2] + votes[3];
	int best = 0;
	for (int k = 1; k < 4; k++)
		if (votes[k] > votes[best])
			best = k;
	if (best == PDF_UPRIGHT || total < 10 || votes[best] * 10 < total * 7)
		return PDF_UPRIGHT;
	return best;
}

int xxgk__pdf_load_chars(pdf_page *pg, void *poppler_page, pdf_stats *st)
{
	PopplerPage *page = poppler_page;
	int rc = XXGK_OK;
	PopplerRectangle *rects = NULL;
	guint rect_count = 0;
	char *text = poppler_page_get_text(page);
	if (!text)
		goto done;
	if (!poppler_page_get_text_layout(page, &rects, &rect_count))
		rect_count = 0;
	const unsigned char *s = (const unsigned char *)text;
	size_t len = strlen(text), i = 0;
	size_t votes[4] = { 0, 0, 0, 0 };
	bool have_prev = false, space_pending = false;
	double prev_cx = 0, prev_cy = 0, prev_size = 0;
	for (guint k = 0; i < len && k < rect_count; k++) {
		uint32_t cp = 0;
		size_t n = xxgk_utf8_decode(s + i, len - i, &cp);
		if (n == 0) {
			n = 1;
			cp = 0xFFFD;
		}
		i += n;
		if (cp == '\n' || cp == '\r') {
			have_prev = false;
			space_pending = false;
			continue;
		}
		const PopplerRectangle *r = &rects[k];
		double x0 = fmin(r->x1, r->x2), x1 = fmax(r->x1, r->x2);
		double y0 = fmin(r->y1, r->y2), y1 = fmax(r->y1, r->y2);
		if (!isfinite(x0) || !isfinite(x1) || !isfinite(y0) || !isfinite(y1) ||
		    x1 - x0 > 1e4 || y1 - y0 > 1e4 || y1 <= y0 || x1 < x0)
			continue;   /* no usable box: nothing to place */
		if (pdf_is_space(cp)) {
			/* a space's box is unreliable (turned text gives it the whole
			 * word's); only its place in the order is kept */
			have_prev = false;
			space_pending = true;
			continue;
		} else {
			double cx = (x0 + x1) / 2, cy = (y0 + y1) / 2, size = fmax(x1 - x0, y1 - y0);
			double dx = cx - prev_cx, dy = cy - prev_cy;
			if (have_prev && fabs(dx) + fabs(dy) > 0 && fabs(dx) + fabs(dy) < 1.5 * fmax(size, prev_size))
				votes[fabs(dx) >= fabs(dy) ? (dx > 0 ? PDF_UPRIGHT : PDF_UPSIDE_DOWN)
							   : (dy > 0 ? PDF_TURNED_CW : PDF_TURNED_CCW)]++;
			have_prev = true;
			prev_cx = cx;
			prev_cy = cy;
			prev_size = size;
		}
		st->chars++;
		if (pdf_is_unmapped(cp)) {
			st->unmapped++;
			continue;
		}
		if (pg->char_count >= PDF_MAX_PAGE_CHARS) {
			rc = XXGK_ETOOBIG;
			goto done;
		}
		if (!pdf_grow((void **)&pg->chars, &pg->char_cap, pg->char_count, sizeof *pg->chars)) {
			rc = XXGK_ENOMEM;
			goto done;
		}
		pdf_char *c = &pg->chars[pg->char_count++];
		c->x0 = x0;
		c->x1 = x1;
		c->y0 = y0;
		c->y1 = y1;
		c->cp = cp;
		c->cell = -1;
		c->run_off = c->run_len = 0;
		c->src_line = 0;
		c->space_before = space_pending;
		space_pending = false;
	}
	pg->orientation = pdf_vote_orientation(votes);
	if (pg->orientation == PDF_TURNED_CW || pg->orientation == PDF_TURNED_CCW) {
		pg->width = pg->disp_h;
		pg->height = pg->disp_w;
	}
	if (pg->orientation != PDF_UPRIGHT)
		for (size_t c = 0; c < pg->char_count; c++) {
			pdf_char *ch = &pg->chars[c];
			pdf_map_box(pg, pdf_to_upright, &ch->x0, &ch->y0, &ch->x1, &ch->y1);
		}
done:
	g_free(rects);
	g_free(text);
	return rc;
}

/*
 * Sorts idx[0..n) into lines: characters whose vertical extents overlap
 * enough share a line (the centre of each within the other's extent), lines
 * go top to bottom and each line left to right. `line_start` (n + 1 slots)
 * receives where each line begins; returns the number of lines.
 */
size_t xxgk__pdf_lines(const pdf_char *ch, uint32_t *idx, size_t n, pdf_key *keys, size_t *line_start)
{
	if (n == 0)
		return 0;
	for (size_t k = 0; k < n; k++) {
		keys[k].key = (ch[idx[k]].y0 + ch[idx[k]].y1) / 2;
		keys[k].i = idx[k];
	}
	qsort(keys, n, sizeof *keys, xxgk__pdf_key_cmp);
	size_t lines = 0, start = 0;
	while (start < n) {
		const pdf_char *first = &ch[keys[start].i];
		double top = first->y0, bottom = first->y1, mid = (top + bottom) / 2;
		size_t end = start + 1;
		while (end < n) {
			const pdf_char *c = &ch[keys[end].i];
			double cy = (c->y0 + c->y1) / 2;
			if (!(cy >= top && cy <= bottom && mid >= c->y0 && mid <= c->y1))
				break;
			end++;
		}
		/* left to right within the line */
		for (size_t k = start; k < end; k++)
			keys[k].key = ch[keys[k].i].x0;
		qsort(keys + start, end - start, sizeof *keys, xxgk__pdf_key_cmp);
		line_start[lines++] = start;
		start = end;
	}
	line_start[lines] = n;
	for (size_t k = 0; k < n; k++)
		idx[k] = keys[k].i;
	return lines;
}

static bool pdf_is_ascii_alnum(uint32_t cp)
{
	return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z');
}

/*
 * Appends the characters idx[0..n) of one line, left to right: a space where
 * the font printed one or the gap is wide; with `fields`, a tab where the
 * gap is a column's (PDF_FIELD_GAP_EM). Returns the last character written,
 * or 0 when none.
 */
/* Appends one byte of the line text made of glyph `ref` (−1: none). */
static void pdf_put_byte(pdf_page *pg, char c, int32_t ref)
{
	if (!pdf_grow((void **)&pg->refs, &pg->ref_cap, pg->scratch.len, sizeof *pg->refs)) {
		pg->scratch.failed = true;
		return;
	}
	pg->refs[pg->scratch.len] = ref;
	xxgk_buf_putc(&pg->scratch, c);
}

uint32_t xxgk__pdf_put_line(pdf_page *pg, const uint32_t *idx, size_t n, bool fields, uint32_t before)
{
	const pdf_char *ch = pg->chars;
	const pdf_char *prev = NULL;
	uint32_t last = before;
	for (size_t k = 0; k < n; k++) {
		const pdf_char *c = &ch[idx[k]];
		if (prev) {
			double gap = c->x0 - prev->x1;
			double em = fmax(pdf_char_h(prev), pdf_char_h(c));
			if (fields && gap >= PDF_FIELD_GAP_EM * em)
				pdf_put_byte(pg, '\t', -1);
			else if (c->space_before || gap >= PDF_SPACE_GAP_EM * em)
				pdf_put_byte(pg, ' ', -1);
		} else if (last && pdf_is_ascii_alnum(last) && pdf_is_ascii_alnum(c->cp)) {
			/* a cell's next line: "10" over "5" are two words, not "105" */
			pdf_put_byte(pg, ' ', -1);
		}
		if (c->run_len) {
			/* a run placed as one: its bytes, its last character */
			const unsigned char *r = (const unsigned char *)pg->runs.data + c->run_off;
			for (size_t q = 0; q < c->run_len; q++)
				pdf_put_byte(pg, (char)r[q], (int32_t)idx[k]);
			size_t q = c->run_len;
			while (q > 0 && (r[q - 1] & 0xC0) == 0x80)
				q--;
			if (q == 0 || !xxgk_utf8_decode(r + q - 1, c->run_len - q + 1, &last))
				last = c->cp;
		} else {
			char u[4];
			size_t len = xxgk_utf8_encode(c->cp, u);
			for (size_t q = 0; q < len; q++)
				pdf_put_byte(pg, u[q], (int32_t)idx[k]);
			last = c->cp;
		}
		prev = c;
	}
	return last;
}
