/*
 * render_int.h — the render stage's shared declarations (never installed).
 *
 * Two halves:
 *  - the layout model (layout.c): plain data, the blocks of an
 *    xxgk_layout in reading order, read by the PDF backend;
 *  - the PDF backend's own context (pdf_doc.c, pdf_font.c, pdf_chart.c),
 *    declared only when hpdf.h was included first, so that layout.c and the
 *    tests never see libharu (STYLE.md: only src/render/pdf_*.c include it).
 */
#ifndef XXGK_RENDER_INT_H
#define XXGK_RENDER_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xxgk/render.h"

/* ---- caps on what a layout holds (STYLE.md: every input is bounded) ---- */

/* Longest string copied into a layout, in bytes: a summary paragraph is a few KB. */
#define XXGK_LAYOUT_TEXT_CAP 65536
/* Blocks in one layout: a county summary has ~100, a province's list a few thousand. */
#define XXGK_LAYOUT_BLOCK_CAP 100000
/* Columns of a table: more than 24 cannot be read on A4 at 10.5 pt. */
#define XXGK_LAYOUT_COL_CAP 24
/* Rows of a table: every town of a province is ~40k. */
#define XXGK_LAYOUT_ROW_CAP 100000
/* Bars, points or bodies of one chart; limit volumes of a funnel. */
#define XXGK_LAYOUT_CHART_CAP 10000
/* Lines of a line chart: more than 12 colours cannot be told apart. */
#define XXGK_LAYOUT_SERIES_CAP 12

typedef enum {
	RENDER_BLOCK_TITLE = 0,
	RENDER_BLOCK_SUBTITLE,
	RENDER_BLOCK_HEADING,
	RENDER_BLOCK_PARAGRAPH,
	RENDER_BLOCK_NOTE,
	RENDER_BLOCK_PAGE_BREAK,
	RENDER_BLOCK_TABLE,
	RENDER_BLOCK_BAR_CHART,
	RENDER_BLOCK_LINE_CHART,
	RENDER_BLOCK_FUNNEL,
	RENDER_BLOCK_ADDRESSEES,    /* 主送: flush left under the title */
	RENDER_BLOCK_KEYPOINTS,     /* key findings in a framed box: text the box's title, items the lines */
	RENDER_BLOCK_SIGNATURE,     /* 落款: items[0] the issuer (may be ""), items[1] the date */
	RENDER_BLOCK_ANNEX,         /* a new page: text the label ("附件1"), items[0] the annex's title */
	RENDER_BLOCK_ATTACHMENTS    /* 附件说明: items the names of the annexes, in order */
} render_block_kind;

typedef struct {
	char **cells;               /* `cols` strings, owned; NULL for an empty cell */
	bool emphasis;              /* a total row: rule above, 黑体 */
} render_row;

typedef struct {
	char *caption;              /* owned, without the "表N" number */
	char *unit;                 /* owned, NULL when none */
	int cols;                   /* 1 … XXGK_LAYOUT_COL_CAP */
	char **headers;             /* `cols` strings, owned (never NULL; "" for none) */
	double *widths;             /* `cols` relative widths, all > 0 */
	int *aligns;                /* `cols` XXGK_ALIGN_* */
	render_row *rows;           /* owned */
	size_t row_count;
	size_t row_cap;
} render_table;

/*
 * One chart of any of the three kinds; the fields a kind does not use stay
 * zero / NULL. Sizes follow the public constructors' parameters.
 */
typedef struct {
	char *title;                /* owned, without the "图N" number */
	char *x_label;              /* owned or NULL: the category axis (line, funnel) */
	char *y_label;              /* owned or NULL: the value axis (bar: its only axis label) */
	char *source;               /* owned or NULL */
	size_t n;                   /* bars / points per series / funnel bodies */
	char **labels;              /* n owned strings (NULL entries allowed): bar labels,
	                               line x labels, funnel body labels; NULL for a funnel without labels */
	double *values;             /* bar: n values; line: series × n, row-major by series */
	size_t series;              /* line: number of series */
	char **series_names;        /* line: `series` owned strings */
	double *x;                  /* funnel: n volumes */
	double *y;                  /* funnel: n rates, 0–1 */
	double target;              /* funnel: the target rate */
	size_t m;                   /* funnel: number of limit volumes */
	double *x_limit;            /* funnel: m volumes */
	double *limits;             /* funnel: m × 4 (lo95, hi95, lo998, hi998) */
	int *marks;                 /* funnel: n marks (0 inside, 1 outside 95%, 2 flagged), NULL: from the limits */
	char *takeaway;             /* owned or NULL: the chart's one-line conclusion, under it */
} render_chart;

typedef struct {
	render_block_kind kind;
	int level;                  /* heading: 1 or 2 */
	int number;                 /* table: N of 表N; chart: N of 图N; else 0 */
	char *text;                 /* title, subtitle, heading, paragraph, note: owned */
	render_table *table;        /* RENDER_BLOCK_TABLE: owned */
	render_chart *chart;        /* the chart kinds: owned */
	char **items;               /* keypoints, signature, annex: owned strings */
	size_t item_count;
} render_block;

struct xxgk_layout {
	render_block *blocks;       /* blocks[0] is the title */
	char *doc_number;           /* owned or NULL: 文号, centred above the title */
	char *subject;              /* owned or NULL: the PDF's Subject */
	size_t block_count;
	size_t block_cap;
	int table_count;            /* tables so far: the next is 表(table_count + 1) */
	int chart_count;            /* charts so far: the next is 图(chart_count + 1) */
};

/* ---- the PDF backend (only for files that included hpdf.h first) ---- */
#ifdef _HPDF_H

/* The three type roles of GB/T 9704-2012 we can fill with free fonts. */
typedef enum {
	RENDER_FONT_HEI = 0,        /* 黑体: WQY Zen Hei */
	RENDER_FONT_SONG,           /* 宋体: AR PL UMing */
	RENDER_FONT_KAI,            /* 楷体: AR PL UKai */
	RENDER_FONT_LATIN,          /* Latin letters and digits of the 宋 and 楷 roles: Liberation Serif */
	RENDER_FONT_COUNT
} render_font_role;

/* The fonts of one render (pdf_font.c): coverage, widths, subsets. */
typedef struct render_fonts render_fonts;

/*
 * The state of one render. Each document is laid out twice with the same
 * code: a dry pass (`dry`), which measures with HarfBuzz's advances and
 * records every character drawn in every font, and a live pass, which draws
 * into libharu with the fonts subset to exactly those characters. Both passes
 * break lines and pages identically because both measure the same way.
 */
typedef struct {
	bool dry;                   /* measuring pass: no libharu calls */
	HPDF_Doc doc;               /* live pass only */
	HPDF_Page page;             /* the current page (live pass), NULL before the first */
	int page_count;             /* pages begun so far */
	double y;                   /* top of the free space on the current page, PDF points from the bottom */
	bool page_fresh;            /* nothing drawn on the current page yet */
	render_fonts *fonts;
	HPDF_STATUS hpdf_error;     /* the first error libharu reported, 0 if none */
	HPDF_STATUS hpdf_detail;    /* its detail number */
	HPDF_Outline outline[3];    /* live pass: the last bookmark of each depth (annex, 一、, （一）) */
	double keep_after;          /* height the lines being set keep their last two with (0: none) */
	bool oom;                   /* an allocation failed while setting text: the render fails (ENOMEM) */
} render_pdf;

/* ---- page geometry, GB/T 9704-2012 section 5.2.1 (in PDF points) ---- */
#define RENDER_MM 2.834645669   /* 72 / 25.4 */
#define RENDER_PAGE_W 595.2756  /* A4: 210 mm */
#define RENDER_PAGE_H 841.8898  /* A4: 297 mm */
#define RENDER_MARGIN_TOP (37.0 * RENDER_MM)
#define RENDER_MARGIN_BOTTOM (35.0 * RENDER_MM)
#define RENDER_MARGIN_LEFT (28.0 * RENDER_MM)
#define RENDER_MARGIN_RIGHT (26.0 * RENDER_MM)
#define RENDER_TEXT_W (RENDER_PAGE_W - RENDER_MARGIN_LEFT - RENDER_MARGIN_RIGHT)
#define RENDER_TEXT_TOP (RENDER_PAGE_H - RENDER_MARGIN_TOP)
#define RENDER_TEXT_BOTTOM RENDER_MARGIN_BOTTOM

/* pdf_font.c --------------------------------------------------------------- */

/*
 * Opens the three fonts (paths from `opts`, NULL for the Debian defaults) and
 * reads their character maps. XXGK_EIO with a message when one cannot be read.
 */
int render_fonts_open(render_fonts **out, const xxgk_render_options *opts, xxgk_error *err);
void render_fonts_free(render_fonts *f);

/* True when no font can draw `cp` (it will be drawn as □). */
bool render_fonts_missing(render_fonts *f, uint32_t cp);

/*
 * After the dry pass: numbers the characters drawn (render_code), subsets
 * each font to the characters drawn in it (HarfBuzz hb-subset) with a cmap
 * of their codes, writes the subset to a temporary file, loads it into `doc`
 * and unlinks the file (libharu 2.3 loads TrueType only from a path and
 * keeps the file open until it saves). A font the subsetter refuses is
 * embedded whole (recoded the same way). XXGK_EIO / XXGK_ENOMEM with a
 * message.
 */
int render_fonts_load(render_fonts *f, HPDF_Doc doc, xxgk_error *err);

/*
 * The characters drawn in any font during the dry pass, ascending (after
 * render_fonts_load; borrowed from `f`). The i-th is shown under code
 * render_code(i).
 */
void render_fonts_used(const render_fonts *f, const uint32_t **out, size_t *count);

/*
 * The code the i-th character of a document (in Unicode order) is shown
 * under: U+0021 up, the UTF-16 surrogates skipped (libharu's UTF-8 encoder
 * takes the code as UTF-8); 0 past the last code of the BMP (pdf_font.c,
 * "Codes").
 */
static inline uint32_t render_code(size_t i)
{
	size_t c = 0x21 + i;
	if (c >= 0xD800)
		c += 0x800;
	return c < 0xFFFF ? (uint32_t)c : 0;
}

/* The width of `len` bytes of valid UTF-8 in `role` at `size` points. */
double render_text_width(render_pdf *p, render_font_role role, double size, const char *s, size_t len);

/*
 * Draws `len` bytes of UTF-8 with its left end at x and its baseline at y,
 * in `role` with per-character fallback to the other fonts and □ for a
 * character none has; `char_space` is added at each place render_text_gaps
 * counts (for justified lines; the width measured with render_text_width
 * does not include it). In the dry pass it only records the characters.
 */
void render_text_draw(render_pdf *p, render_font_role role, double size, double x, double y, const char *s,
		      size_t len, double char_space);

/*
 * The places in s[0, len) where a justified line takes extra space: after
 * each wide character (ideographs, CJK punctuation), after a space, and at
 * the end of a run of narrow characters followed by a wide one — never
 * inside a number or a Latin word, so digits are not letter-spaced. The
 * last character is not counted. render_text_draw adds `char_space` at
 * exactly these places.
 */
size_t render_text_gaps(const char *s, size_t len);

/* Emboldened drawing (fill then stroke, for the 22 pt title). */
void render_text_draw_bold(render_pdf *p, render_font_role role, double size, double x, double y,
			   const char *s, size_t len);

/* May a line end between the characters `a` and `b` (the rules of render_text_wrap)? */
bool render_text_can_break(uint32_t a, uint32_t b);

/* A line of wrapped text: bytes [start, start + len) of the source. */
typedef struct {
	size_t start;
	size_t len;
	double width;               /* measured width, trailing spaces excluded */
	bool hard_end;              /* ends a paragraph or a forced break: not justified */
} render_line;

/*
 * Breaks `s` into lines no wider than `width` (the first `first_width`), at
 * CJK-safe points: between ideographs, after spaces, never inside a UTF-8
 * sequence, a Latin word or a number unless it alone overflows the line,
 * never before closing punctuation (，。）》…) or after opening punctuation.
 * "\n" forces a break. `*out` is malloc'd (the caller frees it); at least one
 * line is returned for an empty string. XXGK_ENOMEM on failure.
 */
int render_text_wrap(render_line **out, size_t *count, render_pdf *p, render_font_role role, double size,
		     const char *s, double first_width, double width);

/*
 * Shortens `s` to fit `width`, ending it with "…" when cut; writes the bytes
 * to keep into *keep_len and returns whether the ellipsis must follow.
 */
bool render_text_fit(render_pdf *p, render_font_role role, double size, const char *s, double width,
		     size_t *keep_len);

/* pdf_doc.c ---------------------------------------------------------------- */

/* Starts a new page and prints its number "— N —". */
void render_page_new(render_pdf *p);
/* Ensures `h` points of free space, starting a page when needed. */
void render_page_need(render_pdf *p, double h);
/* The free height left on the current page (0 before the first page). */
double render_page_left(const render_pdf *p);
/* Height of a full page's text area. */
double render_page_full(void);
/* The baseline of a line of `size` text in a line box whose top is `top` and height `lh`. */
double render_baseline(double top, double lh, double size);
/* Text centred between x0 and x1 at baseline y. */
void render_text_center(render_pdf *p, render_font_role role, double size, double x0, double x1, double y,
			const char *s);
/* Text ending at x (right-aligned) at baseline y. */
void render_text_right(render_pdf *p, render_font_role role, double size, double x, double y, const char *s);
/* Formats a number for a chart label: integers plainly, others with up to `decimals` places. */
void render_format_number(char *buf, size_t cap, double v, int decimals);
/* Sets fill or stroke colour (r, g, b in 0–1); no-ops in the dry pass. */
void render_set_fill(render_pdf *p, double r, double g, double b);
void render_set_stroke(render_pdf *p, double r, double g, double b);
void render_set_line(render_pdf *p, double width, bool dashed);
void render_draw_line(render_pdf *p, double x0, double y0, double x1, double y1);
void render_fill_rect(render_pdf *p, double x, double y, double w, double h);

/* pdf_table.c -------------------------------------------------------------- */

/* Sets a table block at the cursor, across pages, its header repeated. XXGK_ENOMEM. */
int render_table_draw(render_pdf *p, const render_block *b);

/* pdf_save.c --------------------------------------------------------------- */

/*
 * Post-processes libharu's output `pdf` (len bytes; replaced, `*pdf` may be
 * reallocated): each font's ToUnicode CMap is replaced by a valid one
 * mapping each code render_code(i) to the character used[i] (libharu 2.3
 * writes a `begincidrange` there, which readers reject), and the trailer gets an /ID derived from the
 * content (SHA-256), so equal documents get equal ids. Then writes the bytes
 * to `path`.tmp, flushes and renames it to `path`. XXGK_EIO / XXGK_ENOMEM.
 */
int render_save(char **pdf, size_t *len, const uint32_t *used, size_t used_count, const char *path,
		xxgk_error *err);

/* pdf_chart.c -------------------------------------------------------------- */

/* Sets a chart block (bar, line or funnel) at the cursor. XXGK_ENOMEM. */
int render_chart_draw(render_pdf *p, const render_block *b);

#endif /* _HPDF_H */

/* ---- layout.c helpers used by the backend ---- */

/*
 * Calls `fn` on every string of the layout in reading order (table headers and
 * cells, chart labels …), for counting characters no font has.
 */
void render_layout_each_string(const xxgk_layout *l, void (*fn)(void *ctx, const char *s), void *ctx);

#endif
