/*
 * pdf_chart.c — charts drawn with libharu's path operators: horizontal bar
 * charts, line charts over years, funnel plots.
 *
 * Exports render_chart_draw (render_int.h).
 *
 * Every chart has its numbered title "图N 名称" centred above it in 黑体 (the
 * order of 统计公报), its axis labels, and its source line below
 * ("资料来源：…", DOMAIN.md: "every chart has a title, axis labels and its
 * source"). Value axes get "nice" ticks (steps of 1, 2, 2.5 or 5 × 10^k).
 * The funnel plot follows Spiegelhalter (2005, Statistics in Medicine
 * 24:1185): the target as a solid line, the 95% and 99.8% limits as dashed
 * curves through the limit volumes given, clipped to the plot; bodies
 * outside the 99.8% limits in red with their labels, those outside the 95%
 * limits in orange. A bar chart too long for one page continues on the
 * next under "图N（续）".
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>

#include "../common/common_int.h"
#include "render_int.h"

#define CHART_TITLE_SIZE 12.0
#define CHART_TITLE_LH 20.0
#define CHART_TEXT_SIZE 9.0      /* labels, ticks, legend */
#define CHART_TEXT_LH 13.0
#define CHART_SOURCE_SIZE 9.0
#define CHART_TAKE_SIZE 12.0     /* the takeaway line under a chart */
#define CHART_TAKE_LH 19.0
#define CHART_BAR_PITCH 16.0     /* one bar and its gap */
#define CHART_BAR_PITCH_MIN 11.0
#define CHART_PLOT_H 190.0       /* line chart and funnel plot areas */
/* Funnel bodies up to which every point keeps labels off it (the check is quadratic). */
#define FUNNEL_OBSTACLE_CAP 2000

/* Colours told apart in print and by most colour-blind readers (after Okabe & Ito 2008). */
static const double chart_palette[XXGK_LAYOUT_SERIES_CAP][3] = {
	{ 0.00, 0.45, 0.70 }, { 0.84, 0.37, 0.00 }, { 0.00, 0.62, 0.45 }, { 0.80, 0.47, 0.65 },
	{ 0.35, 0.35, 0.35 }, { 0.90, 0.62, 0.00 }, { 0.34, 0.71, 0.91 }, { 0.60, 0.20, 0.20 },
	{ 0.40, 0.30, 0.60 }, { 0.20, 0.40, 0.20 }, { 0.55, 0.55, 0.10 }, { 0.10, 0.20, 0.45 }
};

/* ---- axes ---- */

typedef struct {
	double lo, hi, step;
	int decimals;
} chart_axis;

/* Nice ticks covering [lo, hi] with about `target` intervals. */
static chart_axis chart_axis_make(double lo, double hi, int target)
{
	chart_axis a;
	double raw, mag, f;
	if (!isfinite(lo) || !isfinite(hi)) {
		lo = 0;
		hi = 1;
	}
	if (hi - lo < 1e-12) {
		hi = lo + (fabs(lo) > 0 ? fabs(lo) * 0.1 : 1);
	}
	raw = (hi - lo) / target;
	mag = pow(10, floor(log10(raw)));
	f = raw / mag;
	a.step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * mag;
	a.lo = floor(lo / a.step + 1e-9) * a.step;
	a.hi = ceil(hi / a.step - 1e-9) * a.step;
	if (a.hi <= a.lo)
		a.hi = a.lo + a.step;
	a.decimals = (int)fmax(0, -floor(log10(a.step) + 1e-9));
	if (fabs(a.step / pow(10, floor(log10(a.step) + 1e-9)) - 2.5) < 1e-9)
		a.decimals++;
	return a;
}

static double chart_map(double v, double lo, double hi, double p0, double p1)
{
	return p0 + (v - lo) / (hi - lo) * (p1 - p0);
}

/* ---- drawing primitives not shared with tables ---- */

static void chart_clip(render_pdf *p, double x, double y, double w, double h)
{
	if (p->dry)
		return;
	HPDF_Page_GSave(p->page);
	HPDF_Page_Rectangle(p->page, (HPDF_REAL)x, (HPDF_REAL)y, (HPDF_REAL)w, (HPDF_REAL)h);
	HPDF_Page_Clip(p->page);
	HPDF_Page_EndPath(p->page);
}

static void chart_unclip(render_pdf *p)
{
	if (!p->dry)
		HPDF_Page_GRestore(p->page);
}

/* A polyline through (xs[i], ys[i]); a non-finite y breaks it. */
static void chart_polyline(render_pdf *p, const double *xs, const double *ys, size_t n)
{
	bool open = false;
	if (p->dry)
		return;
	for (size_t i = 0; i < n; i++) {
		if (!isfinite(ys[i]) || !isfinite(xs[i])) {
			if (open)
				HPDF_Page_Stroke(p->page);
			open = false;
			continue;
		}
		if (!open)
			HPDF_Page_MoveTo(p->page, (HPDF_REAL)xs[i], (HPDF_REAL)ys[i]);
		else
			HPDF_Page_LineTo(p->page, (HPDF_REAL)xs[i], (HPDF_REAL)ys[i]);
		open = true;
	}
	if (open)
		HPDF_Page_Stroke(p->page);
}

/* A filled marker of shape `k` (circle, square, triangle, diamond) centred at (x, y). */
static void chart_marker(render_pdf *p, int k, double x, double y, double r)
{
	HPDF_Page pg = p->page;
	if (p->dry)
		return;
	switch (k % 4) {
	case 0:
		HPDF_Page_Circle(pg, (HPDF_REAL)x, (HPDF_REAL)y, (HPDF_REAL)r);
		break;
	case 1:
		HPDF_Page_Rectangle(pg, (HPDF_REAL)(x - r * 0.9), (HPDF_REAL)(y - r * 0.9), (HPDF_REAL)(1.8 * r),
				    (HPDF_REAL)(1.8 * r));
		break;
	case 2:
		HPDF_Page_MoveTo(pg, (HPDF_REAL)x, (HPDF_REAL)(y + r * 1.2));
		HPDF_Page_LineTo(pg, (HPDF_REAL)(x - r * 1.1), (HPDF_REAL)(y - r * 0.8));
		HPDF_Page_LineTo(pg, (HPDF_REAL)(x + r * 1.1), (HPDF_REAL)(y - r * 0.8));
		HPDF_Page_ClosePath(pg);
		break;
	default:
		HPDF_Page_MoveTo(pg, (HPDF_REAL)x, (HPDF_REAL)(y + r * 1.25));
		HPDF_Page_LineTo(pg, (HPDF_REAL)(x - r * 1.1), (HPDF_REAL)y);
		HPDF_Page_LineTo(pg, (HPDF_REAL)x, (HPDF_REAL)(y - r * 1.25));
		HPDF_Page_LineTo(pg, (HPDF_REAL)(x + r * 1.1), (HPDF_REAL)y);
		HPDF_Page_ClosePath(pg);
		break;
	}
	HPDF_Page_Fill(pg);
}

static void chart_text(render_pdf *p, double x, double y, const char *s)
{
	render_text_draw(p, RENDER_FONT_SONG, CHART_TEXT_SIZE, x, y, s, strlen(s), 0);
}

static double chart_text_w(render_pdf *p, const char *s)
{
	return render_text_width(p, RENDER_FONT_SONG, CHART_TEXT_SIZE, s, strlen(s));
}

/* ---- title and source ---- */

typedef struct {
	char *title;                /* "图N　…" (or "图N　…（续）") */
	render_line *title_lines;
	size_t title_count;
	char *source;               /* "资料来源：…", NULL for none */
	render_line *source_lines;
	size_t source_count;
	const char *takeaway;       /* borrowed from the chart, NULL for none */
	render_line *take_lines;
	size_t take_count;
} chart_frame;

static void chart_frame_free(chart_frame *f)
{
	free(f->title);
	free(f->title_lines);
	free(f->source);
	free(f->source_lines);
	free(f->take_lines);
}

static bool chart_starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int chart_frame_make(chart_frame *f, render_pdf *p, const render_block *b, bool continued)
{
	int rc = XXGK_OK;
	const render_chart *c = b->chart;
	size_t cap = strlen(c->title) + 48;
	memset(f, 0, sizeof *f);
	f->title = malloc(cap);
	if (!f->title)
		return XXGK_ENOMEM;
	snprintf(f->title, cap, "图%d　%s%s", b->number, c->title,
		 continued ? "（续）" : "");
	rc = render_text_wrap(&f->title_lines, &f->title_count, p, RENDER_FONT_HEI, CHART_TITLE_SIZE, f->title,
			      RENDER_TEXT_W, RENDER_TEXT_W);
	if (rc == XXGK_OK && c->source && *c->source) {
		/* "资料来源：" unless the caller wrote a source line of its own */
		bool own = chart_starts(c->source, "资料来源") ||
			   chart_starts(c->source, "数据来源") ||
			   chart_starts(c->source, "来源");
		cap = strlen(c->source) + 32;
		f->source = malloc(cap);
		if (!f->source)
			return XXGK_ENOMEM;
		snprintf(f->source, cap, "%s%s", own ? "" : "资料来源：",
			 c->source);
		rc = render_text_wrap(&f->source_lines, &f->source_count, p, RENDER_FONT_SONG, CHART_SOURCE_SIZE,
				      f->source, RENDER_TEXT_W, RENDER_TEXT_W);
	}
	if (rc == XXGK_OK && c->takeaway && *c->takeaway && !continued) {
		f->takeaway = c->takeaway;
		rc = render_text_wrap(&f->take_lines, &f->take_count, p, RENDER_FONT_KAI, CHART_TAKE_SIZE, f->takeaway,
				      RENDER_TEXT_W - 2 * CHART_TAKE_SIZE, RENDER_TEXT_W);
	}
	return rc;
}

static double chart_title_h(const chart_frame *f)
{
	return (double)f->title_count * CHART_TITLE_LH + 4;
}

static double chart_source_h(const chart_frame *f)
{
	return (f->source_count ? (double)f->source_count * CHART_TEXT_LH + 4 : 0) +
	       (f->take_count ? (double)f->take_count * CHART_TAKE_LH + 6 : 0);
}

static void chart_title_draw(render_pdf *p, const chart_frame *f)
{
	for (size_t k = 0; k < f->title_count; k++) {
		double x = RENDER_MARGIN_LEFT + (RENDER_TEXT_W - f->title_lines[k].width) / 2.0;
		render_text_draw(p, RENDER_FONT_HEI, CHART_TITLE_SIZE, x,
				 render_baseline(p->y, CHART_TITLE_LH, CHART_TITLE_SIZE),
				 f->title + f->title_lines[k].start, f->title_lines[k].len, 0);
		p->y -= CHART_TITLE_LH;
	}
	p->y -= 4;
	p->page_fresh = false;
}

/* The source line in small grey type, then the takeaway: one sentence in 楷体, indented like a paragraph. */
static void chart_source_draw(render_pdf *p, const chart_frame *f)
{
	if (f->source_count) {
		p->y -= 4;
		render_set_fill(p, 0.25, 0.25, 0.25);
		for (size_t k = 0; k < f->source_count; k++) {
			render_text_draw(p, RENDER_FONT_SONG, CHART_SOURCE_SIZE, RENDER_MARGIN_LEFT,
					 render_baseline(p->y, CHART_TEXT_LH, CHART_SOURCE_SIZE),
					 f->source + f->source_lines[k].start, f->source_lines[k].len, 0);
			p->y -= CHART_TEXT_LH;
		}
		render_set_fill(p, 0, 0, 0);
	}
	if (f->take_count) {
		p->y -= 6;
		for (size_t k = 0; k < f->take_count; k++) {
			render_text_draw(p, RENDER_FONT_KAI, CHART_TAKE_SIZE,
					 RENDER_MARGIN_LEFT + (k == 0 ? 2 * CHART_TAKE_SIZE : 0),
					 render_baseline(p->y, CHART_TAKE_LH, CHART_TAKE_SIZE),
					 f->takeaway + f->take_lines[k].start, f->take_lines[k].len, 0);
			p->y -= CHART_TAKE_LH;
		}
	}
}

/* A tick label: the value, or a rate 0–1 as a percentage. */
static void chart_tick_label(char *buf, size_t cap, double v, const chart_axis *a, bool percent)
{
	size_t n;
	if (!percent) {
		render_format_number(buf, cap, v, a->decimals);
		return;
	}
	render_format_number(buf, cap - 1, v * 100, a->decimals > 2 ? a->decimals - 2 : 0);
	n = strlen(buf);
	buf[n] = '%';
	buf[n + 1] = '\0';
}

/*
 * One value-axis tick: a light grid line g across the plot, then a short
 * black mark m on the axis (each as x0, y0, x1, y1).
 */
static void chart_grid_tick(render_pdf *p, const double g[4], const double m[4])
{
	render_set_stroke(p, 0.85, 0.85, 0.85);
	render_set_line(p, 0.4, false);
	render_draw_line(p, g[0], g[1], g[2], g[3]);
	render_set_stroke(p, 0, 0, 0);
	render_set_line(p, 0.6, false);
	render_draw_line(p, m[0], m[1], m[2], m[3]);
}

/* Value-axis ticks along the bottom of a horizontal plot, with light grid lines. */
static void chart_x_ticks(render_pdf *p, const chart_axis *a, double px0, double px1, double top, double bottom,
			  bool percent)
{
	char label[48];
	for (double v = a->lo; v <= a->hi + a->step * 1e-6; v += a->step) {
		double x = chart_map(v, a->lo, a->hi, px0, px1);
		chart_grid_tick(p, (double[4]){ x, bottom, x, top }, (double[4]){ x, bottom, x, bottom - 3 });
		chart_tick_label(label, sizeof label, v, a, percent);
		chart_text(p, x - chart_text_w(p, label) / 2.0, bottom - 3 - CHART_TEXT_SIZE, label);
	}
}

/* Value-axis ticks up the left of a plot, with light grid lines. */
static void chart_y_ticks(render_pdf *p, const chart_axis *a, double px0, double px1, double py0, double py1,
			  bool percent)
{
	char label[48];
	for (double v = a->lo; v <= a->hi + a->step * 1e-6; v += a->step) {
		double y = chart_map(v, a->lo, a->hi, py0, py1);
		chart_grid_tick(p, (double[4]){ px0, y, px1, y }, (double[4]){ px0 - 3, y, px0, y });
		chart_tick_label(label, sizeof label, v, a, percent);
		chart_text(p, px0 - 5 - chart_text_w(p, label), y - CHART_TEXT_SIZE * 0.35, label);
	}
}

/* The widest tick label of an axis. */
static double chart_ticks_w(render_pdf *p, const chart_axis *a, bool percent)
{
	char label[48];
	double w = 0;
	for (double v = a->lo; v <= a->hi + a->step * 1e-6; v += a->step) {
		chart_tick_label(label, sizeof label, v, a, percent);
		w = fmax(w, chart_text_w(p, label));
	}
	return w;
}

/* ---- bar chart ---- */

static int chart_bar(render_pdf *p, const render_block *b)
{
	int rc = XXGK_OK;
	const render_chart *c = b->chart;
	chart_frame f;
	double vmin = 0, vmax = 0, label_w = 0, value_w = 0, pitch = CHART_BAR_PITCH, fixed_h, px0, px1;
	char num[48];
	chart_axis a;
	size_t done_bars = 0;
	bool any = false;
	for (size_t i = 0; i < c->n; i++) {
		if (isfinite(c->values[i])) {
			vmin = fmin(vmin, c->values[i]);
			vmax = fmax(vmax, c->values[i]);
			any = true;
		}
		render_format_number(num, sizeof num, c->values[i], 2);
		value_w = fmax(value_w, chart_text_w(p, num));
		if (c->labels[i])
			label_w = fmax(label_w, chart_text_w(p, c->labels[i]));
	}
	if (!any)
		vmax = 1;
	a = chart_axis_make(vmin, vmax, 5);
	label_w = fmin(label_w, RENDER_TEXT_W * 0.38);
	px0 = RENDER_MARGIN_LEFT + label_w + 6;
	px1 = RENDER_MARGIN_LEFT + RENDER_TEXT_W - value_w - 6;
	while (done_bars < c->n && rc == XXGK_OK) {
		size_t k;
		double avail, top, bottom, zero;
		if ((rc = chart_frame_make(&f, p, b, done_bars > 0)) != XXGK_OK) {
			chart_frame_free(&f);
			break;
		}
		/* title, ticks, axis label, source */
		fixed_h = chart_title_h(&f) + 6 + 3 + CHART_TEXT_LH + (c->y_label ? CHART_TEXT_LH : 0) +
			  chart_source_h(&f) + 4;
		/* bars that fit on this page (a fresh page if fewer than four or all of them fit there) */
		avail = render_page_left(p) - fixed_h;
		if (avail < 4 * CHART_BAR_PITCH_MIN && avail < (double)(c->n - done_bars) * pitch) {
			render_page_new(p);
			avail = render_page_left(p) - fixed_h;
		}
		k = (size_t)floor(avail / pitch);
		if (k < c->n - done_bars && done_bars == 0 && (double)c->n * CHART_BAR_PITCH_MIN <= avail) {
			pitch = avail / (double)c->n;   /* squeeze a little rather than split */
			k = c->n;
		}
		if (k < 1)
			k = 1;
		if (k > c->n - done_bars)
			k = c->n - done_bars;
		chart_title_draw(p, &f);
		top = p->y - 3;
		bottom = top - (double)k * pitch;
		render_set_line(p, 0.4, false);
		chart_x_ticks(p, &a, px0, px1, top, bottom, false);
		zero = chart_map(0, a.lo, a.hi, px0, px1);
		for (size_t i = 0; i < k; i++) {
			size_t bar = done_bars + i;
			double v = c->values[bar], yc = top - ((double)i + 0.5) * pitch, bh = fmin(10, pitch * 0.65);
			double ty = yc - CHART_TEXT_SIZE * 0.35;
			const char *label = c->labels[bar] ? c->labels[bar] : "";
			size_t keep;
			bool cut = render_text_fit(p, RENDER_FONT_SONG, CHART_TEXT_SIZE, label, label_w, &keep);
			double lw = render_text_width(p, RENDER_FONT_SONG, CHART_TEXT_SIZE, label, keep) +
				    (cut ? render_text_width(p, RENDER_FONT_SONG, CHART_TEXT_SIZE, "…", 3) : 0);
			render_text_draw(p, RENDER_FONT_SONG, CHART_TEXT_SIZE, px0 - 6 - lw, ty, label, keep, 0);
			if (cut)
				render_text_draw(p, RENDER_FONT_SONG, CHART_TEXT_SIZE,
						 px0 - 6 - lw + render_text_width(p, RENDER_FONT_SONG, CHART_TEXT_SIZE,
										  label, keep),
						 ty, "…", 3, 0);
			render_format_number(num, sizeof num, v, 2);
			if (isfinite(v)) {
				double xv = chart_map(v, a.lo, a.hi, px0, px1);
				render_set_fill(p, chart_palette[0][0], chart_palette[0][1], chart_palette[0][2]);
				render_fill_rect(p, fmin(zero, xv), yc - bh / 2, fabs(xv - zero), bh);
				render_set_fill(p, 0, 0, 0);
				chart_text(p, v >= 0 ? xv + 3 : xv - 3 - chart_text_w(p, num), ty, num);
			} else {
				chart_text(p, zero + 3, ty, num);
			}
		}
		render_set_stroke(p, 0, 0, 0);
		render_set_line(p, 0.6, false);
		render_draw_line(p, zero, top, zero, bottom);
		render_draw_line(p, px0, bottom, px1, bottom);
		p->y = bottom - 3 - CHART_TEXT_LH;
		if (c->y_label) {
			render_text_center(p, RENDER_FONT_SONG, CHART_TEXT_SIZE, px0, px1,
					   render_baseline(p->y, CHART_TEXT_LH, CHART_TEXT_SIZE), c->y_label);
			p->y -= CHART_TEXT_LH;
		}
		done_bars += k;
		if (done_bars >= c->n)
			chart_source_draw(p, &f);
		p->page_fresh = false;
		chart_frame_free(&f);
		if (done_bars < c->n)
			render_page_new(p);
	}
	return rc;
}

/* ---- legends ---- */

typedef struct {
	const char *name;
	double r, g, b;
	int marker;                 /* -1: none */
	bool line, dashed;
} chart_key;

static double chart_key_w(render_pdf *p, const chart_key *k)
{
	return 20 + 4 + chart_text_w(p, k->name ? k->name : "") + 14;
}

/* Rows the legend needs across `width`. */
static size_t chart_legend_rows(render_pdf *p, const chart_key *keys, size_t n, double width)
{
	size_t rows = n ? 1 : 0;
	double x = 0;
	for (size_t i = 0; i < n; i++) {
		double w = chart_key_w(p, &keys[i]);
		if (x > 0 && x + w > width) {
			rows++;
			x = 0;
		}
		x += w;
	}
	return rows;
}

/* Draws the legend centred, rows of CHART_TEXT_LH from p->y down. */
static void chart_legend(render_pdf *p, const chart_key *keys, size_t n, double width)
{
	size_t i = 0;
	while (i < n) {
		size_t j = i;
		double w = 0, x, yc = p->y - CHART_TEXT_LH / 2;
		while (j < n && (j == i || w + chart_key_w(p, &keys[j]) <= width))
			w += chart_key_w(p, &keys[j++]);
		x = RENDER_MARGIN_LEFT + (RENDER_TEXT_W - w) / 2.0;
		for (; i < j; i++) {
			const chart_key *k = &keys[i];
			render_set_stroke(p, k->r, k->g, k->b);
			render_set_fill(p, k->r, k->g, k->b);
			if (k->line) {
				render_set_line(p, 1.2, k->dashed);
				render_draw_line(p, x, yc, x + 20, yc);
				render_set_line(p, 0.6, false);
			}
			if (k->marker >= 0)
				chart_marker(p, k->marker, x + 10, yc, 2.4);
			render_set_fill(p, 0, 0, 0);
			chart_text(p, x + 24, yc - CHART_TEXT_SIZE * 0.35, k->name ? k->name : "");
			x += chart_key_w(p, k);
		}
		p->y -= CHART_TEXT_LH;
	}
	render_set_stroke(p, 0, 0, 0);
}

/* ---- line chart ---- */

static int chart_line(render_pdf *p, const render_block *b)
{
	int rc;
	const render_chart *c = b->chart;
	chart_frame f;
	chart_key keys[XXGK_LAYOUT_SERIES_CAP];
	double vmin = INFINITY, vmax = -INFINITY, px0, px1, py0, py1, h, legend_h, dx, xs_w = 0;
	double *xs = NULL, *ys = NULL;
	chart_axis a;
	size_t every = 1, rows;
	if ((rc = chart_frame_make(&f, p, b, false)) != XXGK_OK)
		goto done;
	xs = malloc(c->n * sizeof *xs);
	ys = malloc(c->n * sizeof *ys);
	if (!xs || !ys) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	for (size_t i = 0; i < c->n * c->series; i++)
		if (isfinite(c->values[i])) {
			vmin = fmin(vmin, c->values[i]);
			vmax = fmax(vmax, c->values[i]);
		}
	if (!isfinite(vmin)) {
		vmin = 0;
		vmax = 1;
	}
	if (vmin > 0)
		vmin = 0;   /* counts: the axis starts at zero so that changes are not exaggerated */
	a = chart_axis_make(vmin, vmax, 5);
	for (size_t s = 0; s < c->series; s++) {
		const double *col = chart_palette[s % XXGK_LAYOUT_SERIES_CAP];
		keys[s] = (chart_key){ .name = c->series_names[s], .r = col[0], .g = col[1], .b = col[2],
				       .marker = (int)s, .line = true };
	}
	rows = chart_legend_rows(p, keys, c->series, RENDER_TEXT_W);
	legend_h = (double)rows * CHART_TEXT_LH + 2;
	h = chart_title_h(&f) + legend_h + CHART_TEXT_LH + CHART_PLOT_H + 3 + CHART_TEXT_LH +
	    (c->x_label ? CHART_TEXT_LH : 0) + chart_source_h(&f) + 4;
	render_page_need(p, h);
	chart_title_draw(p, &f);
	chart_legend(p, keys, c->series, RENDER_TEXT_W);
	p->y -= 2;
	px0 = RENDER_MARGIN_LEFT + chart_ticks_w(p, &a, false) + 8;
	px1 = RENDER_MARGIN_LEFT + RENDER_TEXT_W - 8;
	if (c->y_label)   /* the value axis's label above it, read horizontally */
		chart_text(p, RENDER_MARGIN_LEFT, render_baseline(p->y, CHART_TEXT_LH, CHART_TEXT_SIZE), c->y_label);
	p->y -= CHART_TEXT_LH;
	py1 = p->y - 4;
	py0 = py1 - CHART_PLOT_H + 4;
	chart_y_ticks(p, &a, px0, px1, py0, py1, false);
	dx = (px1 - px0) / (double)c->n;
	for (size_t i = 0; i < c->n; i++) {
		xs[i] = px0 + dx * ((double)i + 0.5);
		if (c->labels[i])
			xs_w = fmax(xs_w, chart_text_w(p, c->labels[i]));
	}
	while (every < c->n && (xs_w + 6) > dx * (double)every)   /* thin the x labels until they do not touch */
		every++;
	for (size_t i = 0; i < c->n; i += every) {
		const char *label = c->labels[i] ? c->labels[i] : "";
		render_set_line(p, 0.6, false);
		render_draw_line(p, xs[i], py0, xs[i], py0 - 3);
		chart_text(p, xs[i] - chart_text_w(p, label) / 2.0, py0 - 3 - CHART_TEXT_SIZE, label);
	}
	for (size_t s = 0; s < c->series; s++) {
		const double *col = chart_palette[s % XXGK_LAYOUT_SERIES_CAP];
		for (size_t i = 0; i < c->n; i++) {
			double v = c->values[s * c->n + i];
			ys[i] = isfinite(v) ? chart_map(v, a.lo, a.hi, py0, py1) : NAN;
		}
		render_set_stroke(p, col[0], col[1], col[2]);
		render_set_fill(p, col[0], col[1], col[2]);
		render_set_line(p, 1.4, false);
		chart_polyline(p, xs, ys, c->n);
		for (size_t i = 0; i < c->n; i++)
			if (isfinite(ys[i]))
				chart_marker(p, (int)s, xs[i], ys[i], 2.4);
	}
	render_set_fill(p, 0, 0, 0);
	render_set_stroke(p, 0, 0, 0);
	render_set_line(p, 0.8, false);
	render_draw_line(p, px0, py0, px1, py0);
	render_draw_line(p, px0, py0, px0, py1);
	p->y = py0 - 3 - CHART_TEXT_LH;
	if (c->x_label) {
		render_text_center(p, RENDER_FONT_SONG, CHART_TEXT_SIZE, px0, px1,
				   render_baseline(p->y, CHART_TEXT_LH, CHART_TEXT_SIZE), c->x_label);
		p->y -= CHART_TEXT_LH;
	}
	chart_source_draw(p, &f);
	p->page_fresh = false;
done:
	free(xs);
	free(ys);
	chart_frame_free(&f);
	return rc;
}

/* ---- funnel plot ---- */

typedef struct {
	double x;                   /* the limit volume */
	size_t i;                   /* its row in c->limits */
} funnel_at;

static int funnel_cmp(const void *a, const void *b)
{
	const funnel_at *u = a, *v = b;
	return (u->x > v->x) - (u->x < v->x);
}

/* Limit k (0 lo95, 1 hi95, 2 lo998, 3 hi998) at volume x, interpolated linearly; clamped at the ends. */
static double funnel_limit(const render_chart *c, const funnel_at *order, size_t m, double x, int k)
{
	size_t lo = 0, hi;
	double x0, x1, y0, y1;
	if (m == 0)
		return NAN;
	if (x <= order[0].x)
		return c->limits[order[0].i * 4 + (size_t)k];
	if (x >= order[m - 1].x)
		return c->limits[order[m - 1].i * 4 + (size_t)k];
	hi = m - 1;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (order[mid].x <= x)
			lo = mid;
		else
			hi = mid;
	}
	x0 = order[lo].x;
	x1 = order[hi].x;
	y0 = c->limits[order[lo].i * 4 + (size_t)k];
	y1 = c->limits[order[hi].i * 4 + (size_t)k];
	return x1 > x0 ? y0 + (y1 - y0) * (x - x0) / (x1 - x0) : y0;
}

typedef struct {
	double x0, y0, x1, y1;
} funnel_box;

static bool funnel_overlaps(const funnel_box *boxes, size_t n, const funnel_box *b)
{
	for (size_t i = 0; i < n; i++)
		if (b->x0 < boxes[i].x1 && boxes[i].x0 < b->x1 && b->y0 < boxes[i].y1 && boxes[i].y0 < b->y1)
			return true;
	return false;
}

/* How a body is drawn: the caller's mark, else read off the limit curves (2 beyond 99.8%, 1 beyond 95%). */
static int funnel_mark(const render_chart *c, const funnel_at *order, size_t m, size_t i)
{
	double x = c->x[i], y = c->y[i];
	if (c->marks)
		return c->marks[i];
	if (m == 0)
		return 0;
	if (y < funnel_limit(c, order, m, x, 2) || y > funnel_limit(c, order, m, x, 3))
		return 2;
	return y < funnel_limit(c, order, m, x, 0) || y > funnel_limit(c, order, m, x, 1);
}

/* The volume axis is logarithmic: volumes span 30 to thousands, and the funnel opens at the small ones. */
static double funnel_x(double x, double l0, double l1, double px0, double px1)
{
	return chart_map(log10(fmax(x, 1e-9)), l0, l1, px0, px1);
}

/* Ticks 1, 2, 5 × 10^k inside [10^l0, 10^l1] (every integer multiple when fewer than three fit), labelled. */
static void funnel_x_ticks(render_pdf *p, double l0, double l1, double px0, double px1, double top, double bottom)
{
	static const double steps[2][9] = { { 1, 2, 5 }, { 1, 2, 3, 4, 5, 6, 7, 8, 9 } };
	static const int nsteps[2] = { 3, 9 };
	char label[48];
	for (int dense = 0; dense < 2; dense++) {
		int fit = 0;
		for (int k = (int)floor(l0); k <= (int)ceil(l1); k++)
			for (int j = 0; j < nsteps[dense]; j++) {
				double v = steps[dense][j] * pow(10, k), lv = log10(v);
				fit += lv >= l0 - 1e-9 && lv <= l1 + 1e-9;
			}
		if (fit < 3 && dense == 0)
			continue;
		double last_right = -INFINITY;
		for (int k = (int)floor(l0); k <= (int)ceil(l1); k++)
			for (int j = 0; j < nsteps[dense]; j++) {
				double v = steps[dense][j] * pow(10, k), lv = log10(v);
				if (lv < l0 - 1e-9 || lv > l1 + 1e-9)
					continue;
				double x = funnel_x(v, l0, l1, px0, px1);
				render_format_number(label, sizeof label, v, 0);
				double w = chart_text_w(p, label);
				chart_grid_tick(p, (double[4]){ x, bottom, x, top }, (double[4]){ x, bottom, x, bottom - 3 });
				if (x - w / 2 > last_right + 3) {   /* a label only where it does not touch the last */
					chart_text(p, x - w / 2.0, bottom - 3 - CHART_TEXT_SIZE, label);
					last_right = x + w / 2;
				}
			}
		break;
	}
}

static int chart_funnel(render_pdf *p, const render_block *b)
{
	int rc;
	const render_chart *c = b->chart;
	chart_frame f;
	funnel_at *order = NULL;
	size_t nbox = 0, m = 0, note_count = 0;
	double *lx = NULL, *ly = NULL;
	funnel_box *boxes = NULL;            /* points and labels placed, plot-relative (y from the plot's bottom) */
	size_t *box_of = NULL;               /* body → its label's box + 1, 0 for none */
	xxgk_buf note;                       /* flagged bodies whose label found no free place */
	render_line *note_lines = NULL;
	double xmax = 0, xmin = INFINITY, ymin = INFINITY, ymax = -INFINITY, px0, px1, py0, py1, h, l0, l1;
	chart_axis ay;
	/* with the caller's marks the outer curve is the caller's flagging limit (docs/render.md) */
	static const char *const names[2][4] = {
		{ "目标值", "95%控制限", "99.8%控制限", "超出99.8%控制限" },
		{ "目标值", "95%控制限", "异常判定限", "判定为异常" },
	};
	chart_key keys[4] = {
		{ .name = names[c->marks != NULL][0], .r = 0.1, .g = 0.1, .b = 0.1, .marker = -1, .line = true },
		{ .name = names[c->marks != NULL][1], .r = 0.55, .g = 0.55, .b = 0.55, .marker = -1, .line = true, .dashed = true },
		{ .name = names[c->marks != NULL][2], .r = 0.80, .g = 0.20, .b = 0.15, .marker = -1, .line = true, .dashed = true },
		{ .name = names[c->marks != NULL][3], .r = 0.80, .g = 0.10, .b = 0.10, .marker = 0 },
	};
	xxgk_buf_init(&note);
	if ((rc = chart_frame_make(&f, p, b, false)) != XXGK_OK)
		goto done;
	order = malloc((c->m ? c->m : 1) * sizeof *order);
	lx = malloc((c->m ? c->m : 1) * sizeof *lx);
	ly = malloc((c->m ? c->m : 1) * sizeof *ly);
	boxes = malloc(2 * c->n * sizeof *boxes);
	box_of = calloc(c->n, sizeof *box_of);
	if (!order || !lx || !ly || !boxes || !box_of) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	for (size_t i = 0; i < c->m; i++)
		if (isfinite(c->x_limit[i]))
			order[m++] = (funnel_at){ .x = c->x_limit[i], .i = i };
	qsort(order, m, sizeof *order, funnel_cmp);
	for (size_t i = 0; i < c->n; i++)
		if (isfinite(c->x[i]) && isfinite(c->y[i]) && c->x[i] > 0) {
			xmax = fmax(xmax, c->x[i]);
			xmin = fmin(xmin, c->x[i]);
			ymin = fmin(ymin, c->y[i]);
			ymax = fmax(ymax, c->y[i]);
		}
	if (isfinite(c->target)) {
		ymin = fmin(ymin, c->target);
		ymax = fmax(ymax, c->target);
	}
	/* the limits where there are bodies: at tiny volumes they open to 0 and 1 */
	for (size_t i = 0; i < m; i++) {
		if (isfinite(xmin) && order[i].x >= xmin)
			for (int k = 0; k < 4; k++) {
				double v = c->limits[order[i].i * 4 + (size_t)k];
				if (isfinite(v)) {
					ymin = fmin(ymin, v);
					ymax = fmax(ymax, v);
				}
			}
	}
	if (!isfinite(ymin)) {
		ymin = 0;
		ymax = 1;
	}
	if (!isfinite(xmin) || xmax <= 0) {
		xmin = 1;
		xmax = 10;
	}
	l0 = log10(xmin / 1.25);
	l1 = log10(fmax(xmax * 1.25, xmin * 4));
	ay = chart_axis_make(fmax(0, ymin - 0.02), fmin(1, ymax + 0.02), 5);
	if (ay.lo < 0)
		ay.lo = 0;
	if (ay.hi > 1 && ay.lo < 1)
		ay.hi = 1;
	px0 = RENDER_MARGIN_LEFT + chart_ticks_w(p, &ay, true) + 8;
	px1 = RENDER_MARGIN_LEFT + RENDER_TEXT_W - 8;
	/* labels first, in plot-relative places, so the height of the list of the unplaced is known;
	   the points are obstacles too (all of them up to FUNNEL_OBSTACLE_CAP, else the flagged ones) */
	for (size_t i = 0; i < c->n; i++) {
		double x = c->x[i], y = c->y[i], xp, yp;
		if (!isfinite(x) || !isfinite(y) || x <= 0)
			continue;
		if (c->n > FUNNEL_OBSTACLE_CAP && funnel_mark(c, order, m, i) != 2)
			continue;
		xp = funnel_x(x, l0, l1, px0, px1);
		yp = chart_map(fmin(fmax(y, ay.lo), ay.hi), ay.lo, ay.hi, 0, CHART_PLOT_H - 4);
		boxes[nbox++] = (funnel_box){ xp - 3, yp - 3, xp + 3, yp + 3 };
	}
	for (size_t i = 0; i < c->n; i++) {
		double x = c->x[i], y = c->y[i], xp, yp, w;
		const char *label = c->labels ? c->labels[i] : NULL;
		if (!label || !*label || !isfinite(x) || !isfinite(y) || x <= 0 || funnel_mark(c, order, m, i) != 2)
			continue;
		xp = funnel_x(x, l0, l1, px0, px1);
		yp = chart_map(fmin(fmax(y, ay.lo), ay.hi), ay.lo, ay.hi, 0, CHART_PLOT_H - 4);
		w = chart_text_w(p, label);
		{
			/* right, left, above, below, then the corners: the first place clear of the others */
			const double cand[8][2] = { { xp + 4, yp - 3 },
						    { xp - 4 - w, yp - 3 },
						    { xp - w / 2, yp + 4 },
						    { xp - w / 2, yp - 4 - CHART_TEXT_SIZE },
						    { xp + 3, yp + 3 },
						    { xp + 3, yp - 3 - CHART_TEXT_SIZE },
						    { xp - 3 - w, yp + 3 },
						    { xp - 3 - w, yp - 3 - CHART_TEXT_SIZE } };
			for (int k = 0; k < 8; k++) {
				funnel_box box = { cand[k][0] - 1, cand[k][1] - 3, cand[k][0] + w + 1,
						   cand[k][1] + CHART_TEXT_SIZE + 1 };
				if (box.x0 >= px0 && box.x1 <= px1 && box.y0 >= 0 && box.y1 <= CHART_PLOT_H - 4 &&
				    !funnel_overlaps(boxes, nbox, &box)) {
					boxes[nbox++] = box;
					box_of[i] = nbox;
					break;
				}
			}
		}
		if (!box_of[i]) {
			/* "另有超出99.8%控制限的单位：A、B" */
			xxgk_buf_puts(&note, note.len ? "、" : c->marks ? "图中未能标注的异常单位：" : "图中未能标注的超出99.8%控制限单位：");
			xxgk_buf_puts(&note, label);
		}
	}
	if (note.failed) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	if (note.len &&
	    (rc = render_text_wrap(&note_lines, &note_count, p, RENDER_FONT_SONG, CHART_SOURCE_SIZE, note.data,
				   RENDER_TEXT_W, RENDER_TEXT_W)) != XXGK_OK)
		goto done;
	h = chart_title_h(&f) + CHART_TEXT_LH * (double)chart_legend_rows(p, keys, 4, RENDER_TEXT_W) + 2 +
	    CHART_TEXT_LH + CHART_PLOT_H + 3 + CHART_TEXT_LH + (c->x_label ? CHART_TEXT_LH : 0) +
	    (double)note_count * CHART_TEXT_LH + chart_source_h(&f) + 4;
	render_page_need(p, h);
	chart_title_draw(p, &f);
	chart_legend(p, keys, 4, RENDER_TEXT_W);
	p->y -= 2;
	if (c->y_label)
		chart_text(p, RENDER_MARGIN_LEFT, render_baseline(p->y, CHART_TEXT_LH, CHART_TEXT_SIZE), c->y_label);
	p->y -= CHART_TEXT_LH;
	py1 = p->y - 4;
	py0 = py1 - CHART_PLOT_H + 4;
	chart_y_ticks(p, &ay, px0, px1, py0, py1, true);
	funnel_x_ticks(p, l0, l1, px0, px1, py1, py0);

	/* the curves and the target, clipped to the plot */
	chart_clip(p, px0, py0, px1 - px0, py1 - py0);
	for (int k = 0; k < 4; k++) {
		for (size_t i = 0; i < m; i++) {
			lx[i] = funnel_x(order[i].x, l0, l1, px0, px1);
			ly[i] = chart_map(c->limits[order[i].i * 4 + (size_t)k], ay.lo, ay.hi, py0, py1);
		}
		if (k < 2)
			render_set_stroke(p, keys[1].r, keys[1].g, keys[1].b);
		else
			render_set_stroke(p, keys[2].r, keys[2].g, keys[2].b);
		render_set_line(p, 1.0, true);
		chart_polyline(p, lx, ly, m);
	}
	if (isfinite(c->target)) {
		double yt = chart_map(c->target, ay.lo, ay.hi, py0, py1);
		render_set_stroke(p, keys[0].r, keys[0].g, keys[0].b);
		render_set_line(p, 1.0, false);
		render_draw_line(p, px0, yt, px1, yt);
	}
	chart_unclip(p);

	/* the bodies; those outside the 99.8% limits labelled where the label does not cover another */
	for (int pass = 0; pass < 2; pass++)   /* the flagged bodies last, on top */
		for (size_t i = 0; i < c->n; i++) {
			double x = c->x[i], y = c->y[i], xp, yp;
			bool out998, out95;
			if (!isfinite(x) || !isfinite(y) || x <= 0)
				continue;
			int mark = funnel_mark(c, order, m, i);
			out998 = mark == 2;
			out95 = mark == 1;
			if ((pass == 1) != out998)
				continue;
			xp = funnel_x(x, l0, l1, px0, px1);
			yp = chart_map(fmin(fmax(y, ay.lo), ay.hi), ay.lo, ay.hi, py0, py1);
			if (out998)
				render_set_fill(p, keys[3].r, keys[3].g, keys[3].b);
			else if (out95)
				render_set_fill(p, 0.90, 0.55, 0.10);
			else
				render_set_fill(p, chart_palette[0][0], chart_palette[0][1], chart_palette[0][2]);
			chart_marker(p, 0, xp, yp, out998 ? 2.6 : 2.1);
			if (box_of[i]) {
				const funnel_box *box = &boxes[box_of[i] - 1];
				render_set_fill(p, 1, 1, 1);   /* a white ground: curves and grid lines pass under */
				render_fill_rect(p, box->x0, py0 + box->y0 + 1, box->x1 - box->x0, box->y1 - box->y0 - 1);
				render_set_fill(p, 0.55, 0.05, 0.05);
				chart_text(p, box->x0 + 1, py0 + box->y0 + 3, c->labels[i]);
			}
		}
	render_set_fill(p, 0, 0, 0);
	render_set_stroke(p, 0, 0, 0);
	render_set_line(p, 0.8, false);
	render_draw_line(p, px0, py0, px1, py0);
	render_draw_line(p, px0, py0, px0, py1);
	p->y = py0 - 3 - CHART_TEXT_LH;
	if (c->x_label) {
		render_text_center(p, RENDER_FONT_SONG, CHART_TEXT_SIZE, px0, px1,
				   render_baseline(p->y, CHART_TEXT_LH, CHART_TEXT_SIZE), c->x_label);
		p->y -= CHART_TEXT_LH;
	}
	for (size_t k = 0; k < note_count; k++) {
		render_text_draw(p, RENDER_FONT_SONG, CHART_SOURCE_SIZE, RENDER_MARGIN_LEFT,
				 render_baseline(p->y, CHART_TEXT_LH, CHART_SOURCE_SIZE), note.data + note_lines[k].start,
				 note_lines[k].len, 0);
		p->y -= CHART_TEXT_LH;
	}
	chart_source_draw(p, &f);
	p->page_fresh = false;
done:
	free(order);
	free(lx);
	free(ly);
	free(boxes);
	free(box_of);
	free(note_lines);
	xxgk_buf_free(&note);
	chart_frame_free(&f);
	return rc;
}

int render_chart_draw(render_pdf *p, const render_block *b)
{
	switch (b->kind) {
	case RENDER_BLOCK_BAR_CHART:
		return chart_bar(p, b);
	case RENDER_BLOCK_LINE_CHART:
		return chart_line(p, b);
	case RENDER_BLOCK_FUNNEL:
		return chart_funnel(p, b);
	default:
		return XXGK_EINVAL;
	}
}
