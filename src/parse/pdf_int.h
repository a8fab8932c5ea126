/*
 * pdf_int.h — what the files of the PDF reader share (parse stage only):
 *
 *   pdf.c        the entry (xxgk_pdf_to_text), the document and its pages,
 *                a page's table rows and prose lines in reading order;
 *   pdf_chars.c  poppler's characters and their boxes, the page's
 *                orientation, characters grouped into lines;
 *   pdf_rules.c  ruling lines read off the rendered page (cairo);
 *   pdf_paths.cc a page's paths drawn without its text (C++, libpoppler's
 *                own interpreter), for pdf_rules.c: pdf_paths.h;
 *   pdf_grid.c   rules into tables: grid, merged cells, characters into cells.
 *
 * pdf.c describes the method; docs/pdf.md the caps and the messages. Only
 * pdf.c, pdf_chars.c and pdf_rules.c include poppler-glib, only pdf_rules.c
 * cairo; pdf_paths.cc alone sees libpoppler's C++ classes.
 */
#ifndef XXGK_PDF_INT_H
#define XXGK_PDF_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "convert_int.h"
#include "pdf_paths.h"
#include "parse_int.h"
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
	uint32_t cp;            /* code point, never a space (a run: its first) */
	int32_t cell;           /* index into the page's cells, or -1 (prose) */
	bool space_before;      /* the PDF put a space before it (in poppler's order) */
	uint32_t run_off, run_len;  /* a run of text placed as one (positioned HTML):
				     * its bytes in pdf_page.runs; run_len 0 for a character */
	uint32_t src_line;      /* the line of the file it was read from; 0 for a PDF */
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
	int32_t *refs;          /* owned: per byte of scratch, the glyph (chars index) or −1 */
	size_t ref_cap;
	xxgk_buf runs;          /* the text of glyphs that are runs (positioned HTML) */
} pdf_page;

typedef struct {
	size_t chars;        /* printable characters seen */
	size_t unmapped;     /* of which U+FFFD, private use or controls */
	int rendered;        /* pages rendered for rules */
} pdf_stats;

/* Grows `*arr` (elements of `size` bytes) to hold one more; false on failure. */
static inline bool pdf_grow(void **arr, size_t *cap, size_t count, size_t size)
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

static inline double pdf_char_h(const pdf_char *c)
{
	return c->y1 - c->y0;
}

/* ------------------------------------------------------------- pdf.c */

/* Lays out a page without rules (positioned text): its glyphs into prose
 * lines, fields at wide gaps, page numbers in the margins dropped.
 * XXGK_OK or XXGK_ENOMEM. */
int xxgk__pdf_page_prose(pdf_page *pg);
/* Lays out a page whose characters, rules and tables are known: its table
 * rows and prose lines (pg->items). XXGK_OK or XXGK_ENOMEM. */
int xxgk__pdf_page_layout(pdf_page *pg);
/* Frees what a page owns and zeroes it. */
void xxgk__pdf_page_free(pdf_page *pg);
/* Hands the page's items (prose lines, table rows; pg->items over pg->scratch
 * with pg->refs) to `b` in reading order, page `page_no`. XXGK_OK or XXGK_ENOMEM. */
int xxgk__pdf_page_emit(xxgk_docb *b, pdf_page *pg, uint32_t page_no);

/* ------------------------------------------------------- pdf_chars.c */

/* Orders pdf_keys by key, then index (qsort). */
int xxgk__pdf_key_cmp(const void *a, const void *b);
/* Reads the page's characters and their boxes, turned upright. XXGK_OK,
 * XXGK_ENOMEM or XXGK_ETOOBIG (PDF_MAX_PAGE_CHARS). `page` is a PopplerPage. */
int xxgk__pdf_load_chars(pdf_page *pg, void *page, pdf_stats *st);
/* Maps the box (x0,y0)-(x1,y1) from the upright frame onto the displayed
 * page, or back. */
void xxgk__pdf_box_to_display(const pdf_page *pg, double *x0, double *y0, double *x1, double *y1);
void xxgk__pdf_box_to_upright(const pdf_page *pg, double *x0, double *y0, double *x1, double *y1);
/*
 * Sorts idx[0..n) into lines: characters whose vertical extents overlap
 * enough share a line (the centre of each within the other's extent), lines
 * go top to bottom and each line left to right. `line_start` (n + 1 slots)
 * receives where each line begins; returns the number of lines.
 */
size_t xxgk__pdf_lines(const pdf_char *ch, uint32_t *idx, size_t n, pdf_key *keys, size_t *line_start);
/*
 * Appends the characters idx[0..n) of one line to pg->scratch, left to right,
 * the glyph of each byte to pg->refs (−1 for spaces and tabs): a space where
 * the font printed one or the gap is wide; with `fields`, a tab where the
 * gap is a column's (PDF_FIELD_GAP_EM). Returns the last character written,
 * or `before` when none.
 */
uint32_t xxgk__pdf_put_line(pdf_page *pg, const uint32_t *idx, size_t n, bool fields, uint32_t before);

/* ------------------------------------------------------- pdf_rules.c */

/* What rendering a page needs, kept from page to page of a document. */
typedef struct {
	void *surface;           /* cairo_surface_t, RGB16_565, drawing into `pixels` */
	int surface_w, surface_h;
	unsigned char *pixels;   /* xxgk__bigmem_alloc'd: the surface's pixels, then the mask */
	size_t pixels_len;       /* bytes of `pixels` */
	uint8_t *mask;           /* in `pixels`, ink per pixel: 0 paper, 1 ink, 2 under a glyph */
	int32_t *columns;        /* per pixel column: a vertical run's start, last ink, ink count; open columns */
	int columns_w;
	pdf_run *hr, *vr;        /* dark runs, horizontal and vertical */
	size_t hr_cap, vr_cap;
	const char *doc;         /* the PDF's bytes (the caller's), for `paths` */
	size_t doc_len;
	pdf_paths *paths;        /* owned, opened at the first page rendered; NULL: not yet */
	bool paths_failed;       /* it could not be opened: poppler_page_render() only */
} pdf_raster;

/* Renders the page (a PopplerPage) and collects its rules into pg->hs and
 * pg->vs: its paths only (pdf_paths.cc) where they are all it draws, else
 * the whole page (poppler_page_render). A raster that cannot be made or is noise gives no rules (XXGK_OK);
 * XXGK_ENOMEM only for our own allocations. */
int xxgk__pdf_find_rules(pdf_page *pg, void *page, pdf_raster *rs);
/* Frees what the raster holds and zeroes it. */
void xxgk__pdf_raster_free(pdf_raster *rs);

/* -------------------------------------------------------- pdf_grid.c */

/* Groups the page's rules into tables, their cells, and the characters of
 * each cell (pdf_char.cell). XXGK_OK or XXGK_ENOMEM. */
int xxgk__pdf_find_tables(pdf_page *pg);

#endif
