/*
 * xxgk/render.h — documents for supervisors: a layout model of plain data
 * (testable as JSON) and a PDF backend that alone knows libharu.
 *
 * A layout is a sequence of blocks in reading order: the title block,
 * headings, paragraphs, tables, charts, page breaks. The caller builds it
 * from the database's figures; xxgk_render_pdf() sets it on A4 pages in the
 * manner of GB/T 9704-2012 (党政机关公文格式): margins 37/35/28/26 mm, the
 * title centred in a Song face at 22 pt, "一、" headings in 黑体 16 pt,
 * "（一）" headings in 楷体, body text in a Song face, page numbers "— 1 —",
 * tables with a numbered caption and their unit at the top right, numbers
 * right-aligned, header rows repeated when a table breaks across pages,
 * charts with a title, axis labels and their source.
 * All strings are UTF-8 and copied into the layout.
 */
#ifndef XXGK_RENDER_H
#define XXGK_RENDER_H

#include <stdbool.h>
#include <stddef.h>

#include "xxgk/common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct xxgk_layout xxgk_layout;

/* A new, empty layout. `title` is the document's title (its first block). */
int xxgk_layout_new(xxgk_layout **out, const char *title);
void xxgk_layout_free(xxgk_layout *l);

/* A line under the title (region, year, date made …), centred, smaller. */
int xxgk_layout_subtitle(xxgk_layout *l, const char *text);
/* level 1: "一、…" (黑体 16 pt); level 2: "（一）…" (楷体 16 pt). */
int xxgk_layout_heading(xxgk_layout *l, int level, const char *text);
/* A paragraph of body text, wrapped, first line indented two characters. */
int xxgk_layout_paragraph(xxgk_layout *l, const char *text);
/* A short note in a smaller face (sources, method notes). */
int xxgk_layout_note(xxgk_layout *l, const char *text);
int xxgk_layout_page_break(xxgk_layout *l);

enum { XXGK_ALIGN_LEFT = 0, XXGK_ALIGN_RIGHT, XXGK_ALIGN_CENTER };

/*
 * A table: `caption` (numbered automatically: "表1 …"), `unit` shown at its
 * top right ("单位：件", or NULL), `cols` columns with their headers, a
 * relative width each (any positive numbers; they are scaled to the text
 * width) and an alignment each. Rows follow with xxgk_layout_table_row();
 * a row's cells are `cols` strings (NULL for empty). `emphasis` marks a
 * total row (bold rule above). Long cells wrap, never cut mid-character.
 */
int xxgk_layout_table(xxgk_layout *l, const char *caption, const char *unit, int cols,
		      const char *const *headers, const double *widths, const int *aligns);
int xxgk_layout_table_row(xxgk_layout *l, const char *const *cells, bool emphasis);
/* Tables added so far: the next table is 表(count + 1); documents cite tables by number. */
int xxgk_layout_table_count(const xxgk_layout *l);

/*
 * A horizontal bar chart: `n` bars with labels and values, a title
 * (numbered "图1 …"), the value axis label and the source line.
 */
int xxgk_layout_bar_chart(xxgk_layout *l, const char *title, const char *axis_label, const char *source,
			  size_t n, const char *const *labels, const double *values);

/*
 * A line chart over years: `series` lines of `points` values each (NAN for a
 * missing year), with their names, the x labels (years), axis labels and
 * source.
 */
int xxgk_layout_line_chart(xxgk_layout *l, const char *title, const char *x_label, const char *y_label,
			   const char *source, size_t points, const char *const *x_labels, size_t series,
			   const char *const *series_names, const double *values /* series × points */);

/*
 * A funnel plot: a rate (y, 0–1) against volume (x, > 0, drawn on a log
 * scale) for `n` bodies, the target line and the 95% and 99.8% limits drawn
 * as curves from `limits` (for each of `m` volumes x_limit[i]: lo95, hi95,
 * lo998, hi998). `marks` (n values, or NULL) says how each body is drawn: 0
 * inside the limits, 1 outside the 95% limits (orange), 2 flagged (red, with
 * its label from `labels`, NULL for none). With `marks` NULL the marks are
 * read off the limit curves. The caller who flags bodies passes its own
 * marks, so that the chart shows exactly what its text says.
 */
int xxgk_layout_funnel(xxgk_layout *l, const char *title, const char *x_label, const char *y_label,
		       const char *source, size_t n, const double *x, const double *y, const char *const *labels,
		       const int *marks, double target, size_t m, const double *x_limit,
		       const double *limits /* m × 4 */);

/* The one-line conclusion of the chart just added, printed under it. XXGK_EINVAL when the last block is not a chart. */
int xxgk_layout_takeaway(xxgk_layout *l, const char *text);

/* 文号 ("和政公开办〔2025〕3号"), centred above the title. */
int xxgk_layout_doc_number(xxgk_layout *l, const char *text);
/* The PDF's Subject entry (its Title is the title). */
int xxgk_layout_subject(xxgk_layout *l, const char *text);
/* 主送: the addressees, flush left under the title ("各乡镇人民政府：" — the colon is the caller's). */
int xxgk_layout_addressees(xxgk_layout *l, const char *text);
/* Key findings: `n` (1–12) short lines in a framed box headed `title`. */
int xxgk_layout_keypoints(xxgk_layout *l, const char *title, size_t n, const char *const *lines);
/*
 * 落款: the issuing body (NULL for none) and the date text ("2025年3月20日"),
 * set as GB/T 9704 7.3.5.2 places them. A layout with a signature gets no
 * automatic date of making at its end.
 */
int xxgk_layout_signature(xxgk_layout *l, const char *issuer, const char *date_text);
/*
 * 附件说明 (GB/T 9704 7.3.4): "附件：1．主要数据" with the further names under
 * the first, numbered when there are several (1–9 names).
 */
int xxgk_layout_attachments(xxgk_layout *l, size_t n, const char *const *names);
/* An annex: a new page, its label ("附件1") at the top left and its title centred. */
int xxgk_layout_annex(xxgk_layout *l, const char *label, const char *title);

/* The layout as JSON (blocks in order), for tests. The caller frees `*out`. */
int xxgk_layout_to_json(char **out, const xxgk_layout *l);

typedef struct {
	const char *created;       /* the date printed and stored ("2026-11-22"); NULL: today */
	bool deterministic;        /* fixed creation date and ids: byte-stable output for tests */
	const char *font_hei;      /* 黑体 role: WQY Zen Hei (fonts-wqy-zenhei), NULL for the default path */
	const char *font_song;     /* 宋 role: AR PL UMing (fonts-arphic-uming), NULL for the default path */
	const char *font_kai;      /* 楷 role: AR PL UKai (fonts-arphic-ukai), NULL for the default path */
	const char *font_latin;    /* digits and Latin letters of the 宋 and 楷 roles: Liberation Serif
				      (fonts-liberation2), NULL for the default path */
} xxgk_render_options;

/*
 * Sets the layout into a PDF at `path` (written to a temporary name and
 * renamed, so a failure leaves no half file). Characters no font has are
 * drawn as "□" and counted in `*missing_glyphs` (may be NULL) for a warning.
 * Errors: XXGK_EIO (the path cannot be written, a font cannot be read),
 * XXGK_ENOMEM, XXGK_EINVAL (an empty layout).
 */
int xxgk_render_pdf(const xxgk_layout *l, const char *path, const xxgk_render_options *opts,
		    size_t *missing_glyphs, xxgk_error *err);

#ifdef __cplusplus
}
#endif
#endif
