/*
 * pdf.c — xxgk_pdf_to_text(): a PDF report to the text layout the parser
 * reads (convert_int.h). The only file that includes poppler and cairo.
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
 *      hold a table: it is rendered with cairo at PDF_RENDER_SCALE pixels a
 *      point, and the ruling lines are read off the raster — dark runs of
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

#include <cairo.h>
#include <poppler.h>

#include "convert_int.h"
#include "../common/common_int.h"

/* Pages read: a report has 3–30; a bound on work for anything else. */
#define PDF_MAX_PAGES 1000
/* Characters on one page: a dense A4 page of 5 pt text has ~20,000. */
#define PDF_MAX_PAGE_CHARS ((size_t)200000)
/* Characters in the whole document (~1,000 dense pages). */
#define PDF_MAX_CHARS ((size_t)4000000)
/* Fewer printable characters than this in the whole file: no text layer. */
#define PDF_MIN_TEXT_CHARS 16
/* Pixels per point when looking for rules: a 0.5 pt rule is one dark pixel. */
#define PDF_RENDER_SCALE 2.0
/* Largest raster (pixels) for one page; bigger pages are rendered smaller. */
#define PDF_RENDER_MAX_PIXELS (12.0 * 1024 * 1024)
/* Pages rendered per document; later pages are read without rules. */
#define PDF_RENDER_MAX_PAGES 300
/* A pixel is ink when its luma is below this (rules are black or grey;
 * cell shading is light: pale blue ~215, light grey ~217). */
#define PDF_INK_LUMA 200
/* A rule is at least this long, in points (glyph strokes are masked out;
 * the shortest cell edge of a report table is ~12 pt). */
#define PDF_RULE_MIN_PT 6.0
/* A rule is at most this thick; thicker dark areas are fills or images. */
#define PDF_RULE_MAX_THICK_PT 4.0
/* Gap a rule may have and still be one rule (dashes, anti-aliasing). */
#define PDF_RULE_GAP_PT 1.5
/* Rules closer than this are one grid line (double borders, thickness). */
#define PDF_GRID_TOL_PT 3.5
/* Dark runs and rules kept for one page; beyond, the page has no rules. */
#define PDF_MAX_RUNS ((size_t)200000)
#define PDF_MAX_SEGMENTS ((size_t)4096)
/* Grid lines per axis of one table (a table 3 has ~10 × 35). */
#define PDF_MAX_GRID 512
/* Tables on one page (a report page has one to four); more are read as prose. */
#define PDF_MAX_TABLES 64
/* Two characters of a line this many ems apart are two fields. */
#define PDF_FIELD_GAP_EM 2.0
/* Two characters of a line this many ems apart have a space between. */
#define PDF_SPACE_GAP_EM 0.3
/* Output cap: what the parser accepts (XXGK_PARSE_MAX_INPUT). */
#define PDF_MAX_OUTPUT XXGK_CONVERT_MAX_INPUT

/* ---------------------------------------------------------------- types */

typedef struct {
	double x0, y0, x1, y1;  /* box in points, y down from the page top */
	uint32_t cp;            /* code point, never a space */
	int32_t cell;           /* index into the page's cells, or -1 (prose) */
	bool space_before;      /* the PDF put a space before it (in poppler's order) */
} pdf_char;

typedef struct {
	double pos;   /* y of a horizontal rule, x of a vertical one (its centre) */
	double a, b;  /* its extent along itself */
} pdf_seg;

typedef struct {
	int pos, a, b;  /* pixel row (column), first and last pixel of the run */
} pdf_run;

typedef struct {
	int p0, p1, a, b;  /* rows (columns) spanned, and extent, in pixels */
} pdf_open;

typedef struct {
	int r0, c0;         /* top-left grid cell */
	size_t first, count;/* its characters in the page's by-cell order */
} pdf_cell;

typedef struct {
	double *xs, *ys;    /* owned grid lines */
	int nx, ny;
	int32_t *cell_at;   /* owned, (ny-1)*(nx-1): grid cell → page cell */
} pdf_table;

typedef struct {
	double y, x;        /* where it starts on the page: sort keys */
	size_t off, len;    /* its text in the page scratch buffer */
} pdf_item;

typedef struct {
	double key;
	uint32_t i;
} pdf_key;

/* How the text of a page runs in display space; the page is read turned upright. */
typedef enum {
	PDF_UPRIGHT = 0,   /* left to right */
	PDF_TURNED_CW,     /* top to bottom: the page shows turned 90° clockwise */
	PDF_TURNED_CCW,    /* bottom to top */
	PDF_UPSIDE_DOWN    /* right to left */
} pdf_orientation;

typedef struct {
	double width, height;   /* page size, points, upright */
	double disp_w, disp_h;  /* page size as displayed (poppler's frame) */
	int orientation;        /* a pdf_orientation */
	pdf_char *chars;        /* owned; boxes upright */
	size_t char_count, char_cap;
	pdf_seg *hs, *vs;       /* owned rules */
	size_t h_count, h_cap, v_count, v_cap;
	pdf_table *tables;      /* owned */
	size_t table_count, table_cap;
	pdf_cell *cells;        /* owned */
	size_t cell_count, cell_cap;
	uint32_t *by_cell;      /* owned: char indices grouped by cell */
	pdf_item *items;        /* owned */
	size_t item_count, item_cap;
	xxgk_buf scratch;       /* item texts */
} pdf_page;

typedef struct {
	size_t chars;        /* printable characters seen */
	size_t unmapped;     /* of which U+FFFD, private use or controls */
	int rendered;        /* pages rendered for rules */
} pdf_stats;

/* Grows `*arr` (elements of `size` bytes) to hold one more; false on failure. */
static bool pdf_grow(void **arr, size_t *cap, size_t count, size_t size)
{
	if (count < *cap)
		return true;
	size_t ncap = *cap ? *cap * 2 : 64;
	if (ncap > SIZE_MAX / size)
		return false;
	void *p = realloc(*arr, ncap * size);
	if (!p)
		return false;
	*arr = p;
	*cap = ncap;
	return true;
}

static void pdf_page_free(pdf_page *pg)
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
	xxgk_buf_free(&pg->scratch);
	memset(pg, 0, sizeof *pg);
}

static int pdf_key_cmp(const void *a, const void *b)
{
	const pdf_key *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

static int pdf_double_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
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

static double pdf_char_h(const pdf_char *c)
{
	return c->y1 - c->y0;
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

/* Reads the page's characters and their boxes. XXGK_OK, ENOMEM or ETOOBIG. */
static int pdf_load_chars(pdf_page *pg, PopplerPage *page, pdf_stats *st)
{
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
static size_t pdf_lines(const pdf_char *ch, uint32_t *idx, size_t n, pdf_key *keys, size_t *line_start)
{
	if (n == 0)
		return 0;
	for (size_t k = 0; k < n; k++) {
		keys[k].key = (ch[idx[k]].y0 + ch[idx[k]].y1) / 2;
		keys[k].i = idx[k];
	}
	qsort(keys, n, sizeof *keys, pdf_key_cmp);
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
		qsort(keys + start, end - start, sizeof *keys, pdf_key_cmp);
		line_start[lines++] = start;
		start = end;
	}
	line_start[lines] = n;
	for (size_t k = 0; k < n; k++)
		idx[k] = keys[k].i;
	return lines;
}

/* Appends code point `cp` as UTF-8. */
static void pdf_put_cp(xxgk_buf *out, uint32_t cp)
{
	char u[4];
	size_t n = xxgk_utf8_encode(cp, u);
	xxgk_buf_append(out, u, n);
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
static uint32_t pdf_put_line(xxgk_buf *out, const pdf_char *ch, const uint32_t *idx, size_t n,
			     bool fields, uint32_t before)
{
	const pdf_char *prev = NULL;
	uint32_t last = before;
	for (size_t k = 0; k < n; k++) {
		const pdf_char *c = &ch[idx[k]];
		if (prev) {
			double gap = c->x0 - prev->x1;
			double em = fmax(pdf_char_h(prev), pdf_char_h(c));
			if (fields && gap >= PDF_FIELD_GAP_EM * em)
				xxgk_buf_putc(out, '\t');
			else if (c->space_before || gap >= PDF_SPACE_GAP_EM * em)
				xxgk_buf_putc(out, ' ');
		} else if (last && pdf_is_ascii_alnum(last) && pdf_is_ascii_alnum(c->cp)) {
			/* a cell's next line: "10" over "5" are two words, not "105" */
			xxgk_buf_putc(out, ' ');
		}
		pdf_put_cp(out, c->cp);
		last = c->cp;
		prev = c;
	}
	return last;
}

/* ---------------------------------------------------------------- rules */

/*
 * Merges dark runs (sorted by pos, then a) of neighbouring pixel rows
 * (columns) into rules, keeps those no thicker than PDF_RULE_MAX_THICK_PT and
 * appends them, in points, to `*segs`. Returns false on allocation failure.
 */
static bool pdf_runs_to_segs(const pdf_run *runs, size_t n, double scale, pdf_seg **segs,
			     size_t *count, size_t *cap)
{
	pdf_open *open = NULL;
	size_t open_count = 0, open_cap = 0;
	bool ok = true;
	int max_thick = (int)ceil(PDF_RULE_MAX_THICK_PT * scale);
	size_t k = 0;
	while (k <= n && ok) {
		int pos = k < n ? runs[k].pos : INT32_MAX;
		/* close what the previous row did not continue */
		size_t w = 0;
		for (size_t o = 0; o < open_count; o++) {
			pdf_open *s = &open[o];
			if (s->p1 >= pos - 1) {
				open[w++] = *s;
				continue;
			}
			if (s->p1 - s->p0 + 1 > max_thick)
				continue;   /* a filled area, not a rule */
			if (*count >= PDF_MAX_SEGMENTS)
				continue;
			if (!pdf_grow((void **)segs, cap, *count, sizeof **segs)) {
				ok = false;
				break;
			}
			pdf_seg *g = &(*segs)[(*count)++];
			g->pos = (s->p0 + s->p1 + 1) / 2.0 / scale;
			g->a = s->a / scale;
			g->b = (s->b + 1) / scale;
		}
		open_count = w;
		if (k == n || !ok)
			break;
		size_t row_open = open_count;   /* only rules that reached the row above */
		for (; k < n && runs[k].pos == pos; k++) {
			const pdf_run *r = &runs[k];
			bool joined = false;
			for (size_t o = 0; o < row_open && !joined; o++) {
				pdf_open *s = &open[o];
				if (s->p1 != pos - 1)
					continue;
				int lo = r->a > s->a ? r->a : s->a;
				int hi = r->b < s->b ? r->b : s->b;
				int shorter = (r->b - r->a) < (s->b - s->a) ? (r->b - r->a) : (s->b - s->a);
				if (hi - lo < shorter / 2)
					continue;
				s->p1 = pos;
				s->a = r->a < s->a ? r->a : s->a;
				s->b = r->b > s->b ? r->b : s->b;
				joined = true;
			}
			if (joined)
				continue;
			if (!pdf_grow((void **)&open, &open_cap, open_count, sizeof *open)) {
				ok = false;
				break;
			}
			open[open_count++] = (pdf_open){ pos, pos, r->a, r->b };
		}
	}
	free(open);
	return ok;
}

/*
 * Appends the dark runs of each row of mask[h][w] (1 = ink, 0 = paper, 2 =
 * under a character's box: it neither counts nor breaks a run) to `*runs`:
 * runs with at least `min_ink` ink pixels and no gap of paper over `gap`.
 * Returns XXGK_OK, XXGK_ENOMEM, or XXGK_ETOOBIG past PDF_MAX_RUNS.
 */
static int pdf_scan_runs(const uint8_t *mask, int w, int h, int gap, int min_ink, pdf_run **runs,
			 size_t *count, size_t *cap)
{
	for (int y = 0; y < h; y++) {
		const uint8_t *m = mask + (size_t)y * (size_t)w;
		int x = 0;
		for (;;) {
			const uint8_t *ink = memchr(m + x, 1, (size_t)(w - x));
			if (!ink)
				break;
			x = (int)(ink - m);
			int start = x, last = x, dark = 0;
			for (; x < w; x++) {
				if (m[x] == 1) {
					last = x;
					dark++;
				} else if (m[x] == 0 && x - last > gap) {
					break;
				}
			}
			if (dark >= min_ink) {
				if (*count >= PDF_MAX_RUNS)
					return XXGK_ETOOBIG;
				if (!pdf_grow((void **)runs, cap, *count, sizeof **runs))
					return XXGK_ENOMEM;
				(*runs)[(*count)++] = (pdf_run){ y, start, last };
			}
			x = last + 1;
			if (x >= w)
				break;
		}
	}
	return XXGK_OK;
}

/* Writes the transpose of src[h][w] into dst[w][h], in cache-sized tiles. */
static void pdf_transpose(uint8_t *dst, const uint8_t *src, int w, int h)
{
	enum { TILE = 64 };
	for (int y0 = 0; y0 < h; y0 += TILE)
		for (int x0 = 0; x0 < w; x0 += TILE) {
			int y1 = y0 + TILE < h ? y0 + TILE : h, x1 = x0 + TILE < w ? x0 + TILE : w;
			for (int y = y0; y < y1; y++)
				for (int x = x0; x < x1; x++)
					dst[(size_t)x * (size_t)h + (size_t)y] = src[(size_t)y * (size_t)w + (size_t)x];
		}
}

/*
 * Renders the page and collects its horizontal and vertical rules into
 * pg->hs and pg->vs. A page whose raster cannot be made, or is noise (over
 * PDF_MAX_RUNS dark runs), is read without rules (XXGK_OK); XXGK_ENOMEM only
 * for our own allocations.
 */
static int pdf_find_rules(pdf_page *pg, PopplerPage *page)
{
	int rc = XXGK_OK;
	cairo_surface_t *surf = NULL;
	uint8_t *mask = NULL, *tmask = NULL;
	pdf_run *hr = NULL, *vr = NULL;
	size_t hr_count = 0, hr_cap = 0, vr_count = 0, vr_cap = 0;
	double scale = PDF_RENDER_SCALE;
	if (pg->disp_w * pg->disp_h * scale * scale > PDF_RENDER_MAX_PIXELS)
		scale = sqrt(PDF_RENDER_MAX_PIXELS / (pg->disp_w * pg->disp_h));
	double wpx = ceil(pg->disp_w * scale), hpx = ceil(pg->disp_h * scale);
	if (!(wpx >= 16 && hpx >= 16 && wpx <= 32767 && hpx <= 32767))
		goto done;
	int W = (int)wpx, H = (int)hpx;
	surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, W, H);
	if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS)
		goto done;
	cairo_t *cr = cairo_create(surf);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, scale, scale);
	poppler_page_render(page, cr);
	cairo_destroy(cr);
	cairo_surface_flush(surf);
	const unsigned char *data = cairo_image_surface_get_data(surf);
	int stride = cairo_image_surface_get_stride(surf);
	if (!data)
		goto done;

	mask = malloc((size_t)W * (size_t)H);
	tmask = malloc((size_t)W * (size_t)H);
	if (!mask || !tmask) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	for (int y = 0; y < H; y++) {
		const uint32_t *row = (const uint32_t *)(const void *)(data + (size_t)y * (size_t)stride);
		uint8_t *m = mask + (size_t)y * (size_t)W;
		for (int x = 0; x < W; x++) {
			uint32_t p = row[x] & 0xFFFFFFu;
			if (p == 0xFFFFFFu) {
				m[x] = 0;   /* paper, most of the page: no arithmetic */
				continue;
			}
			uint32_t luma = ((p >> 16) * 77u + ((p >> 8) & 255u) * 150u + (p & 255u) * 29u) >> 8;
			m[x] = luma < PDF_INK_LUMA;
		}
	}
	/* glyph strokes are no rules: mask the inside of every character box */
	for (size_t k = 0; k < pg->char_count; k++) {
		const pdf_char *c = &pg->chars[k];
		double bx0 = c->x0, by0 = c->y0, bx1 = c->x1, by1 = c->y1;
		pdf_map_box(pg, pdf_to_display, &bx0, &by0, &bx1, &by1);
		double fx0 = floor(bx0 * scale) + 1, fx1 = ceil(bx1 * scale) - 1;
		double fy0 = floor(by0 * scale) + 1, fy1 = ceil(by1 * scale) - 1;
		fx0 = fmax(fx0, 0);
		fy0 = fmax(fy0, 0);
		fx1 = fmin(fx1, W - 1);
		fy1 = fmin(fy1, H - 1);
		if (fx1 < fx0 || fy1 < fy0)
			continue;
		int x0 = (int)fx0, x1 = (int)fx1, y0 = (int)fy0, y1 = (int)fy1;
		for (int y = y0; y <= y1; y++)
			memset(mask + (size_t)y * (size_t)W + (size_t)x0, 2, (size_t)(x1 - x0 + 1));
	}
	cairo_surface_destroy(surf);
	surf = NULL;

	int gap = (int)ceil(PDF_RULE_GAP_PT * scale);
	int min_ink = (int)ceil(PDF_RULE_MIN_PT * scale);
	pdf_transpose(tmask, mask, W, H);
	rc = pdf_scan_runs(mask, W, H, gap, min_ink, &hr, &hr_count, &hr_cap);
	if (rc == XXGK_OK)
		rc = pdf_scan_runs(tmask, H, W, gap, min_ink, &vr, &vr_count, &vr_cap);
	if (rc == XXGK_ETOOBIG) {
		rc = XXGK_OK;   /* a raster of noise: read the page without rules */
		goto done;
	}
	if (rc != XXGK_OK)
		goto done;
	if (!pdf_runs_to_segs(hr, hr_count, scale, &pg->hs, &pg->h_count, &pg->h_cap) ||
	    !pdf_runs_to_segs(vr, vr_count, scale, &pg->vs, &pg->v_count, &pg->v_cap)) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	if (pg->orientation == PDF_TURNED_CW || pg->orientation == PDF_TURNED_CCW) {
		/* turned a quarter: the displayed horizontals are the upright verticals */
		pdf_seg *t = pg->hs;
		pg->hs = pg->vs;
		pg->vs = t;
		size_t n = pg->h_count, cap = pg->h_cap;
		pg->h_count = pg->v_count;
		pg->h_cap = pg->v_cap;
		pg->v_count = n;
		pg->v_cap = cap;
	}
	if (pg->orientation != PDF_UPRIGHT) {
		for (size_t k = 0; k < pg->h_count + pg->v_count; k++) {
			bool horizontal = k < pg->h_count;
			pdf_seg *g = horizontal ? &pg->hs[k] : &pg->vs[k - pg->h_count];
			/* g is still in display coordinates: a display vertical if horizontal now */
			bool was_vertical = (pg->orientation == PDF_UPSIDE_DOWN) ? !horizontal : horizontal;
			double x0 = was_vertical ? g->pos : g->a, y0 = was_vertical ? g->a : g->pos;
			double x1 = was_vertical ? g->pos : g->b, y1 = was_vertical ? g->b : g->pos;
			pdf_map_box(pg, pdf_to_upright, &x0, &y0, &x1, &y1);
			g->pos = horizontal ? y0 : x0;
			g->a = horizontal ? x0 : y0;
			g->b = horizontal ? x1 : y1;
		}
	}
done:
	free(hr);
	free(vr);
	free(mask);
	free(tmask);
	if (surf)
		cairo_surface_destroy(surf);
	return rc;
}

/* --------------------------------------------------------------- tables */

static size_t pdf_uf_find(size_t *parent, size_t i)
{
	while (parent[i] != i) {
		parent[i] = parent[parent[i]];
		i = parent[i];
	}
	return i;
}

static void pdf_uf_union(size_t *parent, size_t a, size_t b)
{
	a = pdf_uf_find(parent, a);
	b = pdf_uf_find(parent, b);
	if (a != b)
		parent[a < b ? b : a] = a < b ? a : b;
}

/* Sorts v[0..n) and merges values closer than PDF_GRID_TOL_PT; returns the count left. */
static int pdf_cluster(double *v, int n)
{
	if (n == 0)
		return 0;
	qsort(v, (size_t)n, sizeof *v, pdf_double_cmp);
	int out = 0;
	double sum = v[0];
	int members = 1;
	for (int k = 1; k <= n; k++) {
		if (k < n && v[k] - v[k - 1] <= PDF_GRID_TOL_PT) {
			sum += v[k];
			members++;
			continue;
		}
		v[out++] = sum / members;
		if (k < n) {
			sum = v[k];
			members = 1;
		}
	}
	return out;
}

/* Index of the grid line of `lines` nearest to `p`, or -1 if none within tolerance. */
static int pdf_nearest(const double *lines, int n, double p)
{
	int best = -1;
	double d = PDF_GRID_TOL_PT;
	for (int k = 0; k < n; k++) {
		double e = fabs(lines[k] - p);
		if (e <= d) {
			d = e;
			best = k;
		}
	}
	return best;
}

/* Index of the band [lines[k], lines[k+1]) holding p, clamped to the table. */
static int pdf_band(const double *lines, int n, double p)
{
	int lo = 0, hi = n - 2;
	while (lo < hi) {
		int mid = (lo + hi + 1) / 2;
		if (lines[mid] <= p)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

/*
 * Builds the table made of the rules `members` (indices into hs then vs):
 * its grid, merged cells, and the characters it holds. A frame around prose
 * (every cell as wide as the table) is no table. XXGK_OK or XXGK_ENOMEM.
 */
static int pdf_build_table(pdf_page *pg, const size_t *members, size_t count)
{
	int rc = XXGK_OK;
	double *xs = NULL, *ys = NULL, *vcov = NULL, *hcov = NULL;
	size_t *parent = NULL;
	int32_t *cell_at = NULL;
	int nx = 0, ny = 0;
	double minx = INFINITY, maxx = -INFINITY, miny = INFINITY, maxy = -INFINITY;
	xs = malloc((count + 2) * sizeof *xs);
	ys = malloc((count + 2) * sizeof *ys);
	if (!xs || !ys) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	for (size_t k = 0; k < count; k++) {
		size_t m = members[k];
		if (m < pg->h_count) {
			const pdf_seg *s = &pg->hs[m];
			ys[ny++] = s->pos;
			minx = fmin(minx, s->a);
			maxx = fmax(maxx, s->b);
		} else {
			const pdf_seg *s = &pg->vs[m - pg->h_count];
			xs[nx++] = s->pos;
			miny = fmin(miny, s->a);
			maxy = fmax(maxy, s->b);
		}
	}
	nx = pdf_cluster(xs, nx);
	ny = pdf_cluster(ys, ny);
	/* rules that stop short of the outer border: the table reaches their ends */
	if (minx < xs[0] - PDF_GRID_TOL_PT) {
		memmove(xs + 1, xs, (size_t)nx * sizeof *xs);
		xs[0] = minx;
		nx++;
	}
	if (maxx > xs[nx - 1] + PDF_GRID_TOL_PT)
		xs[nx++] = maxx;
	if (miny < ys[0] - PDF_GRID_TOL_PT) {
		memmove(ys + 1, ys, (size_t)ny * sizeof *ys);
		ys[0] = miny;
		ny++;
	}
	if (maxy > ys[ny - 1] + PDF_GRID_TOL_PT)
		ys[ny++] = maxy;
	if (nx < 2 || ny < 2 || nx > PDF_MAX_GRID || ny > PDF_MAX_GRID)
		goto done;
	int nr = ny - 1, nc = nx - 1;
	size_t cells = (size_t)nr * (size_t)nc;
	/* how much of each grid edge a rule covers */
	vcov = calloc((size_t)nr * (size_t)nx, sizeof *vcov);
	hcov = calloc((size_t)ny * (size_t)nc, sizeof *hcov);
	parent = malloc(cells * sizeof *parent);
	cell_at = malloc(cells * sizeof *cell_at);
	if (!vcov || !hcov || !parent || !cell_at) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	for (size_t k = 0; k < count; k++) {
		size_t m = members[k];
		bool horizontal = m < pg->h_count;
		const pdf_seg *s = horizontal ? &pg->hs[m] : &pg->vs[m - pg->h_count];
		const double *along = horizontal ? xs : ys;
		int n_along = horizontal ? nx : ny;
		int line = pdf_nearest(horizontal ? ys : xs, horizontal ? ny : nx, s->pos);
		if (line < 0)
			continue;
		for (int b = 0; b + 1 < n_along; b++) {
			double lo = fmax(s->a, along[b]), hi = fmin(s->b, along[b + 1]);
			if (hi <= lo)
				continue;
			if (horizontal)
				hcov[(size_t)line * (size_t)nc + (size_t)b] += hi - lo;
			else
				vcov[(size_t)b * (size_t)nx + (size_t)line] += hi - lo;
		}
	}
	for (size_t k = 0; k < cells; k++)
		parent[k] = k;
	for (int r = 0; r < nr; r++)
		for (int c = 0; c < nc; c++) {
			size_t at = (size_t)r * (size_t)nc + (size_t)c;
			if (c + 1 < nc && vcov[(size_t)r * (size_t)nx + (size_t)c + 1] < 0.5 * (ys[r + 1] - ys[r]))
				pdf_uf_union(parent, at, at + 1);
			if (r + 1 < nr && hcov[(size_t)(r + 1) * (size_t)nc + (size_t)c] < 0.5 * (xs[c + 1] - xs[c]))
				pdf_uf_union(parent, at, at + (size_t)nc);
		}
	/* the merged cells, numbered in reading order of their top-left corner */
	bool narrow = false;   /* some cell is narrower than the table */
	size_t base = pg->cell_count;
	for (size_t k = 0; k < cells; k++)
		cell_at[k] = -1;
	for (int r = 0; r < nr; r++)
		for (int c = 0; c < nc; c++) {
			size_t at = (size_t)r * (size_t)nc + (size_t)c;
			size_t root = pdf_uf_find(parent, at);
			if (cell_at[root] >= 0) {
				cell_at[at] = cell_at[root];
				continue;
			}
			if (pg->cell_count >= INT32_MAX - 1 ||
			    !pdf_grow((void **)&pg->cells, &pg->cell_cap, pg->cell_count, sizeof *pg->cells)) {
				pg->cell_count = base;
				rc = XXGK_ENOMEM;
				goto done;
			}
			pdf_cell *cell = &pg->cells[pg->cell_count];
			cell->r0 = r;
			cell->c0 = c;
			cell->first = cell->count = 0;
			cell_at[root] = cell_at[at] = (int32_t)pg->cell_count++;
		}
	for (size_t k = 0; k < cells && !narrow; k++) {
		/* a cell is narrower than the table when a grid neighbour on its row is another cell */
		size_t c = k % (size_t)nc;
		if (c + 1 < (size_t)nc && cell_at[k] != cell_at[k + 1])
			narrow = true;
	}
	if (!narrow) {
		pg->cell_count = base;   /* a frame, or boxes stacked: prose */
		goto done;
	}
	if (!pdf_grow((void **)&pg->tables, &pg->table_cap, pg->table_count, sizeof *pg->tables)) {
		pg->cell_count = base;
		rc = XXGK_ENOMEM;
		goto done;
	}
	for (size_t k = 0; k < pg->char_count; k++) {
		pdf_char *ch = &pg->chars[k];
		double cx = (ch->x0 + ch->x1) / 2, cy = (ch->y0 + ch->y1) / 2;
		if (ch->cell >= 0 || cx < xs[0] || cx > xs[nx - 1] || cy < ys[0] || cy > ys[ny - 1])
			continue;
		int c = pdf_band(xs, nx, cx), r = pdf_band(ys, ny, cy);
		ch->cell = cell_at[(size_t)r * (size_t)nc + (size_t)c];
	}
	pdf_table *t = &pg->tables[pg->table_count++];
	t->xs = xs;
	t->ys = ys;
	t->nx = nx;
	t->ny = ny;
	t->cell_at = cell_at;
	xs = ys = NULL;
	cell_at = NULL;
done:
	free(xs);
	free(ys);
	free(vcov);
	free(hcov);
	free(parent);
	free(cell_at);
	return rc;
}

/* Groups the page's rules into tables (rules that touch or cross). */
static int pdf_find_tables(pdf_page *pg)
{
	int rc = XXGK_OK;
	size_t n = pg->h_count + pg->v_count;
	size_t *parent = NULL, *order = NULL;
	pdf_key *keys = NULL;
	if (pg->h_count < 2 || pg->v_count < 2)
		goto done;   /* no grid without two rules each way */
	parent = malloc(n * sizeof *parent);
	order = malloc(n * sizeof *order);
	if (!parent || !order) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	for (size_t k = 0; k < n; k++)
		parent[k] = k;
	const double tol = PDF_GRID_TOL_PT;
	for (size_t i = 0; i < pg->h_count; i++) {
		const pdf_seg *h = &pg->hs[i];
		for (size_t j = 0; j < pg->v_count; j++) {
			const pdf_seg *v = &pg->vs[j];
			if (v->pos >= h->a - tol && v->pos <= h->b + tol && h->pos >= v->a - tol && h->pos <= v->b + tol)
				pdf_uf_union(parent, i, pg->h_count + j);
		}
	}
	/* rules grouped by component, components in order of their smallest rule */
	keys = malloc(n * sizeof *keys);
	if (!keys) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	for (size_t k = 0; k < n; k++) {
		keys[k].key = (double)pdf_uf_find(parent, k);
		keys[k].i = (uint32_t)k;
	}
	qsort(keys, n, sizeof *keys, pdf_key_cmp);
	for (size_t k = 0; k < n; k++)
		order[k] = keys[k].i;
	for (size_t start = 0; start < n && rc == XXGK_OK;) {
		size_t end = start, hn = 0, vn = 0;
		while (end < n && keys[end].key == keys[start].key) {
			if (order[end] < pg->h_count)
				hn++;
			else
				vn++;
			end++;
		}
		if (hn >= 2 && vn >= 2 && pg->table_count < PDF_MAX_TABLES)
			rc = pdf_build_table(pg, order + start, end - start);
		start = end;
	}
done:
	free(parent);
	free(order);
	free(keys);
	return rc;
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

/* Is this short line a page number: "-3-", "— 5 —", "第3页", "第 3 页 共 8 页", "3/8", "3"? */
static bool pdf_is_page_number(const char *s, size_t n)
{
	size_t i = 0, digits = 0, dashes_before = 0, dashes_after = 0, marks = 0, slash = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp = 0;
		size_t len = xxgk_utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (len == 0)
			return false;
		i += len;
		if (c == ' ' || c == '\t')
			continue;
		if (cp >= '0' && cp <= '9') {
			if (dashes_after)
				return false;
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
	size_t lines = pdf_lines(pg->chars, idx, n, keys, line_start);
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
		pdf_put_line(&pg->scratch, pg->chars, li, ln, true, 0);
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
	size_t lines = pdf_lines(pg->chars, ci, cell->count, keys, line_start);
	uint32_t last = 0;
	for (size_t l = 0; l < lines; l++)
		last = pdf_put_line(&pg->scratch, pg->chars, ci + line_start[l],
				    line_start[l + 1] - line_start[l], false, last);
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

/* One page: characters, rules, tables, items; appended to `out`. */
static int pdf_convert_page(xxgk_buf *out, PopplerPage *page, pdf_stats *st, size_t *total_chars)
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
	rc = pdf_load_chars(&pg, page, st);
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
	size_t lines = pdf_lines(pg.chars, idx, pg.char_count, keys, line_start);
	if (st->rendered < PDF_RENDER_MAX_PAGES && pdf_has_columns(&pg, idx, line_start, lines)) {
		st->rendered++;
		rc = pdf_find_rules(&pg, page);
		if (rc == XXGK_OK)
			rc = pdf_find_tables(&pg);
		if (rc != XXGK_OK)
			goto done;
	}
	rc = pdf_table_items(&pg, keys, line_start);
	if (rc == XXGK_OK)
		rc = pdf_prose_items(&pg, idx, keys, line_start);
	if (rc != XXGK_OK)
		goto done;
	if (pg.item_count > 1)
		qsort(pg.items, pg.item_count, sizeof *pg.items, pdf_item_cmp);
	for (size_t k = 0; k < pg.item_count; k++) {
		xxgk_buf_append(out, pg.scratch.data + pg.items[k].off, pg.items[k].len);
		xxgk_buf_putc(out, '\n');
	}
	if (out->failed)
		rc = XXGK_ENOMEM;
done:
	free(idx);
	free(keys);
	free(line_start);
	pdf_page_free(&pg);
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

int xxgk_pdf_to_text(char **out, size_t *out_len, const char *buf, size_t len, xxgk_error *err)
{
	int rc = XXGK_OK;
	GBytes *bytes = NULL;
	GError *gerr = NULL;
	PopplerDocument *doc = NULL;
	xxgk_buf text;
	pdf_stats st;
	size_t total_chars = 0;
	assert(out && out_len && (buf || len == 0));
	*out = NULL;
	*out_len = 0;
	xxgk_buf_init(&text);
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
		if (p > 0)
			xxgk_buf_putc(&text, '\n');
		rc = pdf_convert_page(&text, page, &st, &total_chars);
		g_object_unref(page);
		if (rc == XXGK_ETOOBIG) {
			rc = xxgk_error_set(err, rc, 0, 0,
					    "PDF page %d: more than %zu characters on a page or %zu in the file",
					    p + 1, PDF_MAX_PAGE_CHARS, PDF_MAX_CHARS);
			goto done;
		}
		if (rc != XXGK_OK)
			goto done;
		if (text.len > PDF_MAX_OUTPUT) {
			rc = xxgk_error_set(err, XXGK_ETOOBIG, 0, 0, "PDF text over %zu bytes", PDF_MAX_OUTPUT);
			goto done;
		}
	}
	if (st.chars < PDF_MIN_TEXT_CHARS) {
		rc = xxgk_error_set(err, XXGK_EPARSE, 0, 0, "no text layer (a scanned PDF?); run OCR first");
		goto done;
	}
	if (st.unmapped * 3 > st.chars) {
		rc = xxgk_error_set(err, XXGK_EPARSE, 0, 0,
				    "no usable text layer (%zu of %zu characters have no Unicode mapping); "
				    "run OCR first", st.unmapped, st.chars);
		goto done;
	}
	if (text.failed) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	*out_len = text.len;
	*out = xxgk_buf_detach(&text);
	if (!*out) {
		/* an empty buffer never allocated: hand back "" */
		*out = calloc(1, 1);
		if (!*out)
			rc = XXGK_ENOMEM;
	}
done:
	if (rc == XXGK_ENOMEM)
		xxgk_error_set(err, rc, 0, 0, "out of memory");
	if (gerr)
		g_error_free(gerr);
	if (doc)
		g_object_unref(doc);
	if (bytes)
		g_bytes_unref(bytes);
	xxgk_buf_free(&text);
	return rc;
}
