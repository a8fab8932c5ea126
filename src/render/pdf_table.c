/*
 * pdf_table.c — a table block on the page: numbered caption, unit at the top
 * right, measured column widths, wrapped cells, a header row repeated on
 * every page the table continues on, right-aligned figures, thin rules.
 *
 * Exports render_table_draw (render_int.h).
 *
 * Conventions (GB/T 9704-2012 leaves tables to the drafter; these follow the
 * national report format's own tables and 统计公报): the caption "表N 名称"
 * centred above in 黑体; the unit ("单位：件") right-aligned on the line above
 * the table; a full grid of thin rules with a heavier frame; the header in
 * 黑体 on a light tint; a total row in 黑体 with a heavier rule above it; on
 * each following page "续表N" above the repeated header. Cells are set in
 * 5号 (10.5 pt), the size of tables in official documents, so that a county's
 * ~30 bodies fit on one page. A row taller than a page (a cell of several
 * hundred characters) is cut with "…" rather than run off the page.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>

#include "render_int.h"

/* A table up to this share of a page is kept whole on one page. */
#define TABLE_WHOLE_SHARE 0.5
#define TABLE_SIZE 10.5          /* 5号 */
#define TABLE_LH 14.0            /* cell line pitch */
#define TABLE_PAD_X 4.0
#define TABLE_PAD_Y 4.0
#define TABLE_CAPTION_SIZE 12.0  /* 小4 */
#define TABLE_CAPTION_LH 20.0
#define TABLE_UNIT_LH 16.0
#define TABLE_NO_UNIT_GAP 4.0
#define TABLE_RULE 0.4           /* inner rules */
#define TABLE_FRAME 0.9          /* frame, header and total rules */
/* A figure wider than its column is set smaller, down to this size, rather than broken over two
 * lines ("3,985,75" / "8" reads as two numbers); below it, it wraps as any text. */
#define TABLE_FIGURE_MIN_SIZE 7.0

/* One cell, wrapped. */
typedef struct {
	render_line *lines;
	size_t count;           /* lines drawn */
	bool cut;               /* the last drawn line ends with "…" */
	double size;            /* font size: TABLE_SIZE, or less for a figure kept on one line */
} table_cell;

/* One row, wrapped: `cols` cells and the row's height. */
typedef struct {
	table_cell *cells;
	double h;
} table_row;

typedef struct {
	const render_table *t;
	int number;
	double x[XXGK_LAYOUT_COL_CAP + 1];   /* column edges */
	table_row header;
	double seg_top;                       /* top of the table's part on this page */
	bool after_header;                    /* the next row is the first under a header */
} table_state;

static void table_row_free(table_row *r, int cols)
{
	if (!r->cells)
		return;
	for (int c = 0; c < cols; c++)
		free(r->cells[c].lines);
	free(r->cells);
	r->cells = NULL;
}

static render_font_role table_role(bool header, bool emphasis)
{
	return header || emphasis ? RENDER_FONT_HEI : RENDER_FONT_SONG;
}

/* A figure as tables print them: "3,985,758", "-12", "59.5", "44.7%", "1,234*". */
static bool table_is_figure(const char *s, size_t len)
{
	size_t digits = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (!strchr(",.%*-+", s[i]))
			return false;
	}
	return digits > 0;
}

/* Wraps every cell of a row to its column. */
static int table_row_wrap(table_row *r, render_pdf *p, const table_state *s, char *const *cells,
			  render_font_role role)
{
	int rc = XXGK_OK;
	size_t most = 1;
	r->cells = calloc((size_t)s->t->cols, sizeof *r->cells);
	if (!r->cells)
		return XXGK_ENOMEM;
	for (int c = 0; c < s->t->cols && rc == XXGK_OK; c++) {
		double w = s->x[c + 1] - s->x[c] - 2 * TABLE_PAD_X;
		const char *text = cells[c] ? cells[c] : "";
		size_t len = strlen(text);
		r->cells[c].size = TABLE_SIZE;
		if (table_is_figure(text, len)) {
			double full = render_text_width(p, role, TABLE_SIZE, text, len);
			if (full > w && TABLE_SIZE * w / full >= TABLE_FIGURE_MIN_SIZE) {
				r->cells[c].lines = malloc(sizeof *r->cells[c].lines);
				if (!r->cells[c].lines) {
					rc = XXGK_ENOMEM;
					break;
				}
				r->cells[c].size = TABLE_SIZE * w / full;
				r->cells[c].lines[0] = (render_line){ 0, len, render_text_width(p, role, r->cells[c].size, text, len),
								      true };
				r->cells[c].count = 1;
				continue;
			}
		}
		rc = render_text_wrap(&r->cells[c].lines, &r->cells[c].count, p, role, TABLE_SIZE, text, w, w);
		if (r->cells[c].count > most)
			most = r->cells[c].count;
	}
	r->h = (double)most * TABLE_LH + 2 * TABLE_PAD_Y;
	if (rc != XXGK_OK)
		table_row_free(r, s->t->cols);
	return rc;
}

/* Cuts a row to `h_max` points high: the cells keep the lines that fit, the last ending in "…". */
static void table_row_clip(table_row *r, int cols, double h_max)
{
	size_t keep = (size_t)floor((h_max - 2 * TABLE_PAD_Y) / TABLE_LH);
	if (r->h <= h_max)
		return;
	if (keep < 1)
		keep = 1;
	for (int c = 0; c < cols; c++)
		if (r->cells[c].count > keep) {
			r->cells[c].count = keep;
			r->cells[c].cut = true;
		}
	r->h = (double)keep * TABLE_LH + 2 * TABLE_PAD_Y;
}

/* Draws a row's text with its top at p->y. */
static void table_row_text(render_pdf *p, const table_state *s, const table_row *r, char *const *cells,
			   render_font_role role, bool header)
{
	for (int c = 0; c < s->t->cols; c++) {
		const table_cell *cell = &r->cells[c];
		const char *text = cells[c] ? cells[c] : "";
		double x0 = s->x[c] + TABLE_PAD_X, x1 = s->x[c + 1] - TABLE_PAD_X;
		double top = p->y - (r->h - (double)cell->count * TABLE_LH) / 2.0;
		int align = header ? XXGK_ALIGN_CENTER : s->t->aligns[c];
		double size = cell->size;
		for (size_t k = 0; k < cell->count; k++) {
			const render_line *ln = &cell->lines[k];
			double y = render_baseline(top - (double)k * TABLE_LH, TABLE_LH, size), x;
			size_t len = ln->len;
			double w = ln->width;
			bool ellipsis = false;
			if (cell->cut && k + 1 == cell->count) {
				ellipsis = render_text_fit(p, role, size, text + ln->start, x1 - x0, &len);
				w = render_text_width(p, role, size, text + ln->start, len) +
				    (ellipsis ? render_text_width(p, role, size, "…", 3) : 0);
			}
			x = align == XXGK_ALIGN_RIGHT ? x1 - w : align == XXGK_ALIGN_CENTER ? (x0 + x1 - w) / 2.0 : x0;
			render_text_draw(p, role, size, x, y, text + ln->start, len, 0);
			if (ellipsis)
				render_text_draw(p, role, size, x + render_text_width(p, role, size, text + ln->start, len),
						 y, "…", 3, 0);
		}
	}
}

/* Draws a row with its top at p->y: tint, top rule, text; moves the cursor under it. */
static void table_row_draw(render_pdf *p, table_state *s, const table_row *r, char *const *cells, bool header,
			   bool emphasis)
{
	bool first = s->after_header;
	double x0 = s->x[0], x1 = s->x[s->t->cols];
	render_font_role role = table_role(header, emphasis);
	if (header) {
		render_set_fill(p, 0.92, 0.92, 0.92);
		render_fill_rect(p, x0, p->y - r->h, x1 - x0, r->h);
		render_set_fill(p, 0, 0, 0);
	}
	render_set_stroke(p, 0, 0, 0);
	render_set_line(p, header || emphasis ? TABLE_FRAME : first ? TABLE_FRAME * 0.75 : TABLE_RULE, false);
	render_draw_line(p, x0, p->y, x1, p->y);
	table_row_text(p, s, r, cells, role, header);
	p->y -= r->h;
	p->page_fresh = false;
	s->after_header = header;
}

/* Closes the table's part on this page: bottom rule and the column rules. */
static void table_segment_end(render_pdf *p, const table_state *s)
{
	int cols = s->t->cols;
	render_set_stroke(p, 0, 0, 0);
	render_set_line(p, TABLE_FRAME, false);
	render_draw_line(p, s->x[0], p->y, s->x[cols], p->y);
	for (int c = 0; c <= cols; c++) {
		render_set_line(p, c == 0 || c == cols ? TABLE_FRAME : TABLE_RULE, false);
		render_draw_line(p, s->x[c], s->seg_top, s->x[c], p->y);
	}
}

/* The unit line above the table (and "续表N" on a continuation page). */
static void table_unit_line(render_pdf *p, const table_state *s, bool continued)
{
	double y = render_baseline(p->y, TABLE_UNIT_LH, TABLE_SIZE);
	if (!continued && !s->t->unit) {   /* no unit: a small gap under the caption */
		p->y -= TABLE_NO_UNIT_GAP;
		return;
	}
	if (continued) {
		char label[32];
		snprintf(label, sizeof label, "续表%d", s->number);
		render_text_draw(p, RENDER_FONT_SONG, TABLE_SIZE, s->x[0], y, label, strlen(label), 0);
	}
	if (s->t->unit)
		render_text_right(p, RENDER_FONT_SONG, TABLE_SIZE, s->x[s->t->cols], y, s->t->unit);
	p->y -= TABLE_UNIT_LH;
	p->page_fresh = false;
}

/* Starts the table's part on a new page: "续表N", unit, header. */
static void table_continue(render_pdf *p, table_state *s)
{
	table_segment_end(p, s);
	render_page_new(p);
	table_unit_line(p, s, true);
	s->seg_top = p->y;
	table_row_draw(p, s, &s->header, s->t->headers, true, false);
}

int render_table_draw(render_pdf *p, const render_block *b)
{
	int rc = XXGK_OK;
	table_state s;
	const render_table *t = b->table;
	render_line *cap_lines = NULL;
	size_t cap_count = 0;
	char *caption = NULL;
	double total = 0, unit_h, first_h, room, head_h, rows_h = 0, *heights = NULL;
	table_row row = { 0 };
	memset(&s, 0, sizeof s);
	s.t = t;
	s.number = b->number;
	for (int c = 0; c < t->cols; c++)
		total += t->widths[c];
	s.x[0] = RENDER_MARGIN_LEFT;
	for (int c = 0; c < t->cols; c++)
		s.x[c + 1] = s.x[c] + RENDER_TEXT_W * t->widths[c] / total;
	s.x[t->cols] = RENDER_MARGIN_LEFT + RENDER_TEXT_W;

	/* "表N　caption" (U+3000 between, as in 统计公报) */
	caption = malloc(strlen(t->caption) + 32);
	if (!caption) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	snprintf(caption, strlen(t->caption) + 32, "表%d　%s", b->number, t->caption);
	if ((rc = render_text_wrap(&cap_lines, &cap_count, p, RENDER_FONT_HEI, TABLE_CAPTION_SIZE, caption,
				   RENDER_TEXT_W, RENDER_TEXT_W)) != XXGK_OK ||
	    (rc = table_row_wrap(&s.header, p, &s, t->headers, RENDER_FONT_HEI)) != XXGK_OK)
		goto done;
	table_row_clip(&s.header, t->cols, render_page_full() / 3);
	unit_h = t->unit ? TABLE_UNIT_LH : TABLE_NO_UNIT_GAP;
	/* the most a row can have: a page less the caption (or "续表N") and the header */
	room = render_page_full() - fmax((double)cap_count * TABLE_CAPTION_LH + unit_h, TABLE_UNIT_LH) - s.header.h;
	/* every row's height first: where the table may break depends on them */
	heights = malloc((t->row_count ? t->row_count : 1) * sizeof *heights);
	if (!heights) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	for (size_t r = 0; r < t->row_count; r++) {
		if ((rc = table_row_wrap(&row, p, &s, t->rows[r].cells, table_role(false, t->rows[r].emphasis))) !=
		    XXGK_OK)
			goto done;
		table_row_clip(&row, t->cols, room);
		heights[r] = row.h;
		rows_h += row.h;
		table_row_free(&row, t->cols);
	}
	first_h = t->row_count ? heights[0] : 0;
	head_h = (double)cap_count * TABLE_CAPTION_LH + unit_h + s.header.h;
	/* a short table stays whole on one page; a longer one keeps its caption, unit, header and first
	 * row together */
	if (head_h + rows_h <= render_page_full() * TABLE_WHOLE_SHARE)
		render_page_need(p, head_h + rows_h);
	else
		render_page_need(p, head_h + first_h);
	for (size_t k = 0; k < cap_count; k++) {
		double x = RENDER_MARGIN_LEFT + (RENDER_TEXT_W - cap_lines[k].width) / 2.0;
		render_text_draw(p, RENDER_FONT_HEI, TABLE_CAPTION_SIZE, x,
				 render_baseline(p->y, TABLE_CAPTION_LH, TABLE_CAPTION_SIZE), caption + cap_lines[k].start,
				 cap_lines[k].len, 0);
		p->y -= TABLE_CAPTION_LH;
		p->page_fresh = false;
	}
	table_unit_line(p, &s, false);
	s.seg_top = p->y;
	table_row_draw(p, &s, &s.header, t->headers, true, false);
	for (size_t r = 0; r < t->row_count && rc == XXGK_OK; r++) {
		const render_row *src = &t->rows[r];
		render_font_role role = table_role(false, src->emphasis);
		if ((rc = table_row_wrap(&row, p, &s, src->cells, role)) != XXGK_OK)
			break;
		table_row_clip(&row, t->cols, room);
		bool breaks = p->y - row.h < RENDER_TEXT_BOTTOM - 0.01;
		/* no last row alone on a page: the one before it goes over with it */
		if (!breaks && r + 2 == t->row_count && r > 1 && p->y - row.h - heights[r + 1] < RENDER_TEXT_BOTTOM - 0.01)
			breaks = true;
		if (breaks)
			table_continue(p, &s);
		table_row_draw(p, &s, &row, src->cells, false, src->emphasis);
		table_row_free(&row, t->cols);
	}
	if (rc == XXGK_OK)
		table_segment_end(p, &s);
done:
	free(heights);
	table_row_free(&row, t->cols);
	table_row_free(&s.header, t->cols);
	free(cap_lines);
	free(caption);
	return rc;
}
