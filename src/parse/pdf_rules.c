/*
 * pdf_rules.c — a page's ruling lines (pdf_int.h). A page that may hold a
 * table is drawn with cairo at PDF_RENDER_SCALE pixels a point — its paths
 * only (pdf_paths.cc) where that is all it holds, else whole — and its
 * ruling lines are read off the raster: dark runs of pixels at least
 * PDF_RULE_MIN_PT long and at most PDF_RULE_MAX_THICK_PT thick, bridged
 * across the characters' boxes so that glyph strokes never count. Reading
 * the raster rather than the content stream covers every way a producer
 * draws a border (stroked paths, thin filled rectangles, WPS's and Word's
 * per-cell borders) without a PDF interpreter of our own.
 */
#include <math.h>
#include <pthread.h>
#include <string.h>

#include <cairo.h>
#include <poppler.h>

#include "pdf_int.h"

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

/* Orders runs by position, then start (pdf_runs_to_segs reads them so). */
static int pdf_run_cmp(const void *a, const void *b)
{
	const pdf_run *x = a, *y = b;
	if (x->pos != y->pos)
		return x->pos < y->pos ? -1 : 1;
	return (x->a > y->a) - (x->a < y->a);
}

/*
 * The dark runs of each column of mask[h][w], as pdf_scan_runs finds them in
 * rows, in one pass down the rows (a transposed copy of the mask would cost
 * as much memory again). A run opens at ink and ends at paper (0) too long
 * after its last ink or at the page's end; 2 neither counts nor ends it. Each
 * row visits only the columns with a run open (a table's vertical rules: a
 * few dozen) and its own ink pixels (memchr): a page is mostly paper. Sorted
 * by column, then start. `state` holds 4·w int32: per column its run's start,
 * last ink and ink count (−1: no run open), then the list of open columns.
 */
static int pdf_scan_columns(const uint8_t *mask, int w, int h, int gap, int min_ink, int32_t *state,
			    pdf_run **runs, size_t *count, size_t *cap)
{
	int32_t *start = state, *last = state + w, *dark = state + 2 * (size_t)w;
	int32_t *open = state + 3 * (size_t)w;   /* the columns with a run open */
	size_t open_count = 0;
	for (int x = 0; x < w; x++)
		dark[x] = -1;
	for (int y = 0; y <= h; y++) {
		const uint8_t *m = y < h ? mask + (size_t)y * (size_t)w : NULL;
		size_t kept = 0;
		for (size_t o = 0; o < open_count; o++) {
			int x = open[o];
			uint8_t v = m ? m[x] : 0;
			if (v == 1) {
				last[x] = y;
				dark[x]++;
			} else if (!m || (v == 0 && y - last[x] > gap)) {
				/* paper too long after the last ink, or the page's end: the run ends */
				if (dark[x] >= min_ink) {
					if (*count >= PDF_MAX_RUNS)
						return XXGK_ETOOBIG;
					if (!pdf_grow((void **)runs, cap, *count, sizeof **runs))
						return XXGK_ENOMEM;
					(*runs)[(*count)++] = (pdf_run){ x, start[x], last[x] };
				}
				dark[x] = -1;
				continue;
			}
			open[kept++] = x;
		}
		open_count = kept;
		if (!m)
			break;
		for (const uint8_t *p = memchr(m, 1, (size_t)w); p; p = memchr(p, 1, (size_t)(m + w - p))) {
			int x = (int)(p - m);
			p++;
			if (dark[x] >= 0)
				continue;   /* counted above */
			start[x] = last[x] = y;
			dark[x] = 1;
			open[open_count++] = x;
			if (p == m + w)
				break;
		}
	}
	if (*count > 1)
		qsort(*runs, *count, sizeof **runs, pdf_run_cmp);
	return XXGK_OK;
}

/* ink[p]: is the RGB16_565 pixel p darker than PDF_INK_LUMA (1) or paper (0)? */
static uint8_t pdf_ink[0x10000];
static pthread_once_t pdf_ink_once = PTHREAD_ONCE_INIT;

static void pdf_ink_make(void)
{
	for (uint32_t p = 0; p < 0x10000; p++) {
		/* 5-6-5 bits widened to 8 (the top bits repeated below) */
		uint32_t r = (p >> 11) & 31u, g = (p >> 5) & 63u, b = p & 31u;
		r = (r << 3) | (r >> 2);
		g = (g << 2) | (g >> 4);
		b = (b << 3) | (b >> 2);
		uint32_t luma = (r * 77u + g * 150u + b * 29u) >> 8;
		pdf_ink[p] = luma < PDF_INK_LUMA;
	}
}

/*
 * Renders the page and collects its horizontal and vertical rules into
 * pg->hs and pg->vs. A page whose raster cannot be made, or is noise (over
 * PDF_MAX_RUNS dark runs), is read without rules (XXGK_OK); XXGK_ENOMEM only
 * for our own allocations.
 */
void xxgk__pdf_raster_free(pdf_raster *rs)
{
	if (rs->surface)
		cairo_surface_destroy(rs->surface);
	xxgk__bigmem_free(rs->pixels, rs->pixels_len);
	free(rs->columns);
	free(rs->hr);
	free(rs->vr);
	xxgk__pdf_paths_close(rs->paths);
	memset(rs, 0, sizeof *rs);
}

/* A surface of at least W × H pixels and a mask of as many bytes, kept from
 * page to page: a page's raster is megabytes, and fresh memory costs a page
 * fault every 4 KiB unless it comes on huge pages (xxgk__bigmem_alloc).
 * XXGK_OK with rs->surface NULL when cairo cannot draw W × H; XXGK_ENOMEM. */
static int pdf_raster_surface(pdf_raster *rs, int W, int H)
{
	if (rs->surface && (rs->surface_w < W || rs->surface_h < H)) {
		cairo_surface_destroy(rs->surface);
		xxgk__bigmem_free(rs->pixels, rs->pixels_len);
		rs->surface = NULL;
		rs->pixels = NULL;
		rs->mask = NULL;
	}
	if (!rs->surface) {
		int stride = cairo_format_stride_for_width(CAIRO_FORMAT_RGB16_565, W);
		if (stride <= 0)
			return XXGK_OK;   /* cairo cannot draw it: no rules */
		size_t image = (size_t)stride * (size_t)H, len = image + (size_t)W * (size_t)H;
		unsigned char *pixels = xxgk__bigmem_alloc(len);
		if (!pixels)
			return XXGK_ENOMEM;
		cairo_surface_t *s = cairo_image_surface_create_for_data(pixels, CAIRO_FORMAT_RGB16_565, W, H,
									 stride);
		if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
			cairo_surface_destroy(s);
			xxgk__bigmem_free(pixels, len);
			return XXGK_OK;
		}
		rs->surface = s;
		rs->surface_w = W;
		rs->surface_h = H;
		rs->pixels = pixels;
		rs->pixels_len = len;
		rs->mask = pixels + image;
	}
	return XXGK_OK;
}

/* A context on the first W × H pixels of `surf`, painted white, a point
 * `scale` pixels. */
static cairo_t *pdf_blank_page(cairo_surface_t *surf, int W, int H, double scale)
{
	cairo_t *cr = cairo_create(surf);
	cairo_rectangle(cr, 0, 0, W, H);
	cairo_clip(cr);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, scale, scale);
	return cr;
}

int xxgk__pdf_find_rules(pdf_page *pg, void *poppler_page, pdf_raster *rs)
{
	PopplerPage *page = poppler_page;
	int rc = XXGK_OK;
	uint8_t *mask = NULL;
	size_t hr_count = 0, vr_count = 0;
	double scale = PDF_RENDER_SCALE;
	if (pg->disp_w * pg->disp_h * scale * scale > PDF_RENDER_MAX_PIXELS)
		scale = sqrt(PDF_RENDER_MAX_PIXELS / (pg->disp_w * pg->disp_h));
	double wpx = ceil(pg->disp_w * scale), hpx = ceil(pg->disp_h * scale);
	if (!(wpx >= 16 && hpx >= 16 && wpx <= 32767 && hpx <= 32767))
		goto done;
	int W = (int)wpx, H = (int)hpx;
	rc = pdf_raster_surface(rs, W, H);
	cairo_surface_t *surf = rs->surface;
	if (rc != XXGK_OK || !surf)
		goto done;
	if (!rs->paths && !rs->paths_failed && rs->doc) {
		rs->paths = xxgk__pdf_paths_open(rs->doc, rs->doc_len);
		rs->paths_failed = !rs->paths;
	}
	/* the paths alone where they are all the page draws: no font is read,
	 * no glyph drawn (their ink would be masked out below anyway) */
	cairo_t *cr = pdf_blank_page(surf, W, H, scale);
	if (!rs->paths || !xxgk__pdf_paths_draw(rs->paths, poppler_page_get_index(page), cr)) {
		cairo_destroy(cr);
		cr = pdf_blank_page(surf, W, H, scale);
		poppler_page_render(page, cr);
	}
	cairo_destroy(cr);
	cairo_surface_flush(surf);
	const unsigned char *data = cairo_image_surface_get_data(surf);
	int stride = cairo_image_surface_get_stride(surf);
	if (!data)
		goto done;

	if (rs->columns_w < W) {
		free(rs->columns);
		rs->columns = malloc(4 * (size_t)W * sizeof *rs->columns);
		rs->columns_w = rs->columns ? W : 0;
	}
	mask = rs->mask;   /* W × H of the surface's W' × H' bytes, W ≤ W' and H ≤ H' */
	if (!rs->columns_w) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	pthread_once(&pdf_ink_once, pdf_ink_make);
	for (int y = 0; y < H; y++) {
		const uint16_t *row = (const uint16_t *)(const void *)(data + (size_t)y * (size_t)stride);
		uint8_t *m = mask + (size_t)y * (size_t)W;
		int x = 0;
		for (; x + 8 <= W; x += 8) {
			uint64_t four[2];
			memcpy(four, row + x, 16);
			if ((four[0] & four[1]) == UINT64_MAX) {
				memset(m + x, 0, 8);   /* paper, most of the page */
				continue;
			}
			for (int k = 0; k < 8; k++)
				m[x + k] = pdf_ink[row[x + k]];
		}
		for (; x < W; x++)
			m[x] = pdf_ink[row[x]];
	}
	/* glyph strokes are no rules: mask the inside of every character box */
	for (size_t k = 0; k < pg->char_count; k++) {
		const pdf_char *c = &pg->chars[k];
		double bx0 = c->x0, by0 = c->y0, bx1 = c->x1, by1 = c->y1;
		xxgk__pdf_box_to_display(pg, &bx0, &by0, &bx1, &by1);
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
	int gap = (int)ceil(PDF_RULE_GAP_PT * scale);
	int min_ink = (int)ceil(PDF_RULE_MIN_PT * scale);
	rc = pdf_scan_runs(mask, W, H, gap, min_ink, &rs->hr, &hr_count, &rs->hr_cap);
	if (rc == XXGK_OK)
		rc = pdf_scan_columns(mask, W, H, gap, min_ink, rs->columns, &rs->vr, &vr_count, &rs->vr_cap);
	if (rc == XXGK_ETOOBIG) {
		rc = XXGK_OK;   /* a raster of noise: read the page without rules */
		goto done;
	}
	if (rc != XXGK_OK)
		goto done;
	if (!pdf_runs_to_segs(rs->hr, hr_count, scale, &pg->hs, &pg->h_count, &pg->h_cap) ||
	    !pdf_runs_to_segs(rs->vr, vr_count, scale, &pg->vs, &pg->v_count, &pg->v_cap)) {
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
			xxgk__pdf_box_to_upright(pg, &x0, &y0, &x1, &y1);
			g->pos = horizontal ? y0 : x0;
			g->a = horizontal ? x0 : y0;
			g->b = horizontal ? x1 : y1;
		}
	}
done:
	return rc;
}
