/*
 * pdf_doc.c — xxgk_render_pdf: a layout set on A4 pages with libharu.
 *
 * Exports xxgk_render_pdf (include/xxgk/render.h) and the page and drawing
 * helpers of render_int.h that tables and charts share.
 *
 * The page follows GB/T 9704-2012 党政机关公文格式: A4, margins 37 mm top,
 * 35 mm bottom, 28 mm left, 26 mm right (5.2.1); the title centred in a Song
 * face at 2号 (22 pt, emboldened as 小标宋 is heavier than the UMing we have);
 * text in 3号 (16 pt) on 22 lines to the 225 mm text block, i.e. a 28.9 pt
 * line pitch (5.2.2); "一、" headings in 黑体, "（一）" in 楷体, indented two
 * characters like paragraphs (7.3.3); the page number in 4号 (14 pt) Song as
 * "— 1 —", 7 mm below the text block (7.5), centred here as our documents
 * are printed one-sided; the date of making at the end, right-aligned four
 * characters in, as "2026年11月22日" without leading zeros (7.3.5.1). The
 * body face of the standard is 仿宋; AR PL UMing (宋/明) is the nearest free
 * face libharu 2.3 renders correctly (DOMAIN.md).
 *
 * libharu errors: the error handler records the first error code in the
 * render's state (a status flag, no setjmp/longjmp, so every allocation is
 * released on the ordinary path); the flag is checked after the fonts are
 * loaded, after the pages are drawn and after saving, and mapped to
 * XXGK_ENOMEM (HPDF_FAILD_TO_ALLOC_MEM) or XXGK_EIO (everything else: the
 * document could not be made).
 */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <hpdf.h>

#include "../common/common_int.h"
#include "render_int.h"

/* Type sizes and line pitches (points). */
#define DOC_TITLE_SIZE 22.0   /* 2号 */
#define DOC_TITLE_LH 36.0
#define DOC_BODY_SIZE 16.0    /* 3号 */
#define DOC_BODY_LH 28.9      /* 22 lines in the 225 mm text block */
#define DOC_NOTE_SIZE 12.0    /* 小4 */
#define DOC_NOTE_LH 20.0
#define DOC_FOLIO_SIZE 14.0   /* 4号 */
#define DOC_KEEP_LONG 120.0   /* of a long table after a heading: caption, header and the first rows */

/* The creation date of deterministic renders without `created`. */
#define DOC_FIXED_DATE "2000-01-01"

/* ---- libharu errors ---- */

static void doc_on_error(HPDF_STATUS code, HPDF_STATUS detail, void *user)
{
	render_pdf *p = user;
	if (p->hpdf_error == 0) {
		p->hpdf_error = code;
		p->hpdf_detail = detail;
	}
}

static int doc_hpdf_status(const render_pdf *p, const char *what, xxgk_error *err)
{
	int rc = p->hpdf_error == HPDF_FAILD_TO_ALLOC_MEM ? XXGK_ENOMEM : XXGK_EIO;
	return xxgk_error_set(err, rc, 0, 0, "libharu error 0x%04X (detail %u) %s", (unsigned)p->hpdf_error,
			      (unsigned)p->hpdf_detail, what);
}

/* ---- pages and drawing helpers ---- */

double render_baseline(double top, double lh, double size)
{
	/* CJK faces draw the ideographic em box from 0.12 em below the baseline to 0.88 em above */
	return top - (lh - size) / 2.0 - 0.88 * size;
}

void render_text_center(render_pdf *p, render_font_role role, double size, double x0, double x1, double y,
			const char *s)
{
	size_t len = strlen(s);
	double w = render_text_width(p, role, size, s, len);
	render_text_draw(p, role, size, (x0 + x1 - w) / 2.0, y, s, len, 0);
}

void render_text_right(render_pdf *p, render_font_role role, double size, double x, double y, const char *s)
{
	size_t len = strlen(s);
	render_text_draw(p, role, size, x - render_text_width(p, role, size, s, len), y, s, len, 0);
}

void render_page_new(render_pdf *p)
{
	char folio[48];
	double y;
	p->page_count++;
	if (!p->dry) {
		p->page = HPDF_AddPage(p->doc);
		HPDF_Page_SetSize(p->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
	}
	p->y = RENDER_TEXT_TOP;
	p->page_fresh = true;
	/* "— N —": em dashes a half em from the number, its top 7 mm under the text block (the number's
	 * digits are in the Latin face, whose space is narrower: the gaps are placed, not typed) */
	snprintf(folio, sizeof folio, "%d", p->page_count);
	y = RENDER_TEXT_BOTTOM - 7.0 * RENDER_MM - 0.88 * DOC_FOLIO_SIZE;
	double dash = render_text_width(p, RENDER_FONT_SONG, DOC_FOLIO_SIZE, "—", strlen("—"));
	double num = render_text_width(p, RENDER_FONT_SONG, DOC_FOLIO_SIZE, folio, strlen(folio));
	double gap = DOC_FOLIO_SIZE / 2, x = (RENDER_MARGIN_LEFT + RENDER_PAGE_W - RENDER_MARGIN_RIGHT) / 2 -
					      (2 * dash + 2 * gap + num) / 2;
	render_text_draw(p, RENDER_FONT_SONG, DOC_FOLIO_SIZE, x, y, "—", strlen("—"), 0);
	render_text_draw(p, RENDER_FONT_SONG, DOC_FOLIO_SIZE, x + dash + gap, y, folio, strlen(folio), 0);
	render_text_draw(p, RENDER_FONT_SONG, DOC_FOLIO_SIZE, x + dash + 2 * gap + num, y, "—", strlen("—"), 0);
}

double render_page_left(const render_pdf *p)
{
	return p->page_count ? p->y - RENDER_TEXT_BOTTOM : 0;
}

double render_page_full(void)
{
	return RENDER_TEXT_TOP - RENDER_TEXT_BOTTOM;
}

void render_page_need(render_pdf *p, double h)
{
	if (p->page_count == 0 || (!p->page_fresh && p->y - h < RENDER_TEXT_BOTTOM - 0.01))
		render_page_new(p);
}

void render_format_number(char *buf, size_t cap, double v, int decimals)
{
	if (!isfinite(v)) {
		snprintf(buf, cap, "—");
		return;
	}
	if (fabs(v - round(v)) < 1e-9 && fabs(v) < 1e15) {
		/* whole numbers with thousands separators, as the text and the tables print them */
		char raw[32];
		size_t n = 0, len;
		snprintf(raw, sizeof raw, "%.0f", fabs(round(v)));
		len = strlen(raw);
		if (round(v) < 0 && n + 1 < cap)
			buf[n++] = '-';
		for (size_t i = 0; i < len && n + 2 < cap; i++) {
			buf[n++] = raw[i];
			if ((len - i - 1) % 3 == 0 && i + 1 < len)
				buf[n++] = ',';
		}
		buf[n] = '\0';
		return;
	}
	snprintf(buf, cap, "%.*f", decimals, v);
	if (strchr(buf, '.')) {
		char *e = buf + strlen(buf) - 1;
		while (*e == '0')
			*e-- = '\0';
		if (*e == '.')
			*e = '\0';
	}
}

void render_set_fill(render_pdf *p, double r, double g, double b)
{
	if (!p->dry)
		HPDF_Page_SetRGBFill(p->page, (HPDF_REAL)r, (HPDF_REAL)g, (HPDF_REAL)b);
}

void render_set_stroke(render_pdf *p, double r, double g, double b)
{
	if (!p->dry)
		HPDF_Page_SetRGBStroke(p->page, (HPDF_REAL)r, (HPDF_REAL)g, (HPDF_REAL)b);
}

void render_set_line(render_pdf *p, double width, bool dashed)
{
	static const HPDF_UINT16 dash[] = { 4, 2 };
	if (p->dry)
		return;
	HPDF_Page_SetLineWidth(p->page, (HPDF_REAL)width);
	HPDF_Page_SetDash(p->page, dashed ? dash : NULL, dashed ? 2 : 0, 0);
}

void render_draw_line(render_pdf *p, double x0, double y0, double x1, double y1)
{
	if (p->dry)
		return;
	HPDF_Page_MoveTo(p->page, (HPDF_REAL)x0, (HPDF_REAL)y0);
	HPDF_Page_LineTo(p->page, (HPDF_REAL)x1, (HPDF_REAL)y1);
	HPDF_Page_Stroke(p->page);
}

void render_fill_rect(render_pdf *p, double x, double y, double w, double h)
{
	if (p->dry)
		return;
	HPDF_Page_Rectangle(p->page, (HPDF_REAL)x, (HPDF_REAL)y, (HPDF_REAL)w, (HPDF_REAL)h);
	HPDF_Page_Fill(p->page);
}

/* ---- text blocks ---- */

typedef enum { DOC_LEFT, DOC_CENTER, DOC_JUSTIFY } doc_align;

/*
 * Sets `s` as lines of `lh` pitch at the cursor, the first indented by
 * `indent`, breaking pages between lines. `bold` only for centred lines.
 */
static int doc_lines(render_pdf *p, render_font_role role, double size, double lh, const char *s, double indent,
		     doc_align align, bool bold, double width)
{
	render_line *lines = NULL;
	size_t count = 0;
	int rc = render_text_wrap(&lines, &count, p, role, size, s, width - indent, width);
	for (size_t k = 0; k < count && rc == XXGK_OK; k++) {
		const render_line *ln = &lines[k];
		double x = RENDER_MARGIN_LEFT + (k == 0 ? indent : 0), avail = width - (k == 0 ? indent : 0);
		double cs = 0, y;
		/* the last two lines stay with what must follow them on their page (p->keep_after) */
		if (p->keep_after > 0 && k == (count >= 2 ? count - 2 : 0))
			render_page_need(p, lh * (double)(count - k) + p->keep_after);
		render_page_need(p, lh);
		y = render_baseline(p->y, lh, size);
		if (align == DOC_CENTER)
			x = RENDER_MARGIN_LEFT + (width - ln->width) / 2.0;
		if (align == DOC_JUSTIFY && !ln->hard_end) {
			size_t end = ln->start + ln->len, nch;
			while (end > ln->start && s[end - 1] == ' ')
				end--;
			nch = render_text_gaps(s + ln->start, end - ln->start);
			if (nch > 0)
				cs = (avail - ln->width) / (double)nch;
			if (cs < 0 || cs > size * 0.5)   /* a line cut inside a long word: left as it is */
				cs = 0;
		}
		if (bold)
			render_text_draw_bold(p, role, size, x, y, s + ln->start, ln->len);
		else
			render_text_draw(p, role, size, x, y, s + ln->start, ln->len, cs);
		p->y -= lh;
		p->page_fresh = false;
	}
	free(lines);
	return rc;
}

/*
 * Where a two-line title breaks (GB/T 9704 7.3.1: "标题回行时，要做到词意完整，
 * 排列对称，长短适宜"). Without a word segmenter we prefer the boundaries
 * titles of annual reports have: after a place name or a year (…区 | 2024年…,
 * …2024年 | 政府…) and before what the document is (| 关于…, | 政府信息公开…,
 * | 年度报告…); among those and the others, the most even split wins, an
 * unpreferred one paying a third of the line. Returns the byte offset of the
 * second line, or 0 when no split into two lines fits.
 */
static size_t doc_title_split(render_pdf *p, const char *s)
{
	/* "年" last: it counts only after a digit */
	static const char *const after[] = { "省", "市", "区", "县", "镇", "乡", "街道", "年" };
	static const char *const before[] = { "关于", "政府信息公开", "年度报告" };
	size_t len = strlen(s), i = 0, n, best = 0;
	double best_score = INFINITY;
	uint32_t cp, prev = 0;
	while (i < len && (n = xxgk_utf8_decode((const unsigned char *)s + i, len - i, &cp)) > 0) {
		if (i > 0 && render_text_can_break(prev, cp)) {
			double w1 = render_text_width(p, RENDER_FONT_SONG, DOC_TITLE_SIZE, s, i);
			double w2 = render_text_width(p, RENDER_FONT_SONG, DOC_TITLE_SIZE, s + i, len - i);
			bool good = false;
			for (size_t k = 0; k < sizeof after / sizeof after[0]; k++) {
				size_t al = strlen(after[k]);
				/* "年" only after a year, not in "年度" */
				good = good || (i >= al && memcmp(s + i - al, after[k], al) == 0 &&
						(k + 1 < sizeof after / sizeof after[0] ||
						 (i > al && s[i - al - 1] >= '0' && s[i - al - 1] <= '9')));
			}
			for (size_t k = 0; k < sizeof before / sizeof before[0]; k++)
				good = good || strncmp(s + i, before[k], strlen(before[k])) == 0;
			if (w1 <= RENDER_TEXT_W && w2 <= RENDER_TEXT_W) {
				double score = fabs(w1 - w2) / RENDER_TEXT_W + (good ? 0 : 0.35);
				if (score < best_score) {
					best_score = score;
					best = i;
				}
			}
		}
		prev = cp;
		i += n;
	}
	return best;
}

/* The title: centred, emboldened lines; two lines split by doc_title_split, more at an even width. */
static int doc_title(render_pdf *p, const char *s)
{
	int rc;
	render_line *lines = NULL;
	size_t count = 0, k, split;
	double lo, hi = RENDER_TEXT_W;
	rc = render_text_wrap(&lines, &count, p, RENDER_FONT_SONG, DOC_TITLE_SIZE, s, hi, hi);
	if (rc == XXGK_OK && count == 2 && !strchr(s, '\n') && (split = doc_title_split(p, s)) > 0) {
		size_t len = strlen(s), end = split;
		lines[0] = (render_line){ .start = 0, .len = end,
					  .width = render_text_width(p, RENDER_FONT_SONG, DOC_TITLE_SIZE, s, end) };
		lines[1] = (render_line){ .start = split, .len = len - split,
					  .width = render_text_width(p, RENDER_FONT_SONG, DOC_TITLE_SIZE, s + split,
								     len - split) };
	} else if (rc == XXGK_OK && count > 2) {
		lo = hi / (double)count - 1;
		while (hi - lo > 2 && rc == XXGK_OK) {   /* the narrowest width that keeps the line count */
			double mid = (lo + hi) / 2.0;
			render_line *v = NULL;
			rc = render_text_wrap(&v, &k, p, RENDER_FONT_SONG, DOC_TITLE_SIZE, s, mid, mid);
			free(v);
			if (k > count)
				lo = mid;
			else
				hi = mid;
		}
		free(lines);
		lines = NULL;
		if (rc == XXGK_OK)
			rc = render_text_wrap(&lines, &count, p, RENDER_FONT_SONG, DOC_TITLE_SIZE, s, hi, hi);
	}
	if (rc == XXGK_OK)
		render_page_need(p, DOC_TITLE_LH * (double)count);
	for (k = 0; k < count && rc == XXGK_OK; k++) {
		double x = RENDER_MARGIN_LEFT + (RENDER_TEXT_W - lines[k].width) / 2.0;
		render_page_need(p, DOC_TITLE_LH);
		render_text_draw_bold(p, RENDER_FONT_SONG, DOC_TITLE_SIZE, x,
				      render_baseline(p->y, DOC_TITLE_LH, DOC_TITLE_SIZE), s + lines[k].start,
				      lines[k].len);
		p->y -= DOC_TITLE_LH;
		p->page_fresh = false;
	}
	free(lines);
	return rc;
}

/* Vertical space, dropped at the top of a page. */
static void doc_gap(render_pdf *p, double h)
{
	if (p->page_fresh)
		return;
	if (p->y - h < RENDER_TEXT_BOTTOM)
		p->y = RENDER_TEXT_BOTTOM;   /* the next block starts a page */
	else
		p->y -= h;
}

/*
 * A bookmark for a heading at the cursor (live pass): depth 0 an annex, 1 a
 * "一、" heading, 2 a "（一）" heading, each under the last bookmark above it.
 */
static void doc_bookmark(render_pdf *p, int depth, const char *text)
{
	if (p->dry || !p->page)
		return;
	HPDF_Outline parent = NULL;
	for (int d = depth - 1; d >= 0 && !parent; d--)
		parent = p->outline[d];
	HPDF_Outline o = HPDF_CreateOutline(p->doc, parent, text, HPDF_GetEncoder(p->doc, "UTF-8"));
	if (!o)
		return;
	HPDF_Destination dst = HPDF_Page_CreateDestination(p->page);
	if (dst) {
		HPDF_Destination_SetXYZ(dst, 0, (HPDF_REAL)fmin(p->y + 4, RENDER_PAGE_H), 1);
		HPDF_Outline_SetDestination(o, dst);
	}
	HPDF_Outline_SetOpened(o, depth == 0 ? HPDF_TRUE : HPDF_FALSE);
	p->outline[depth] = o;
	for (int d = depth + 1; d < 3; d++)
		p->outline[d] = NULL;
}

static int doc_block(render_pdf *p, const render_block *b, const xxgk_layout *l, size_t i);

/*
 * The height block i takes from the top of a fresh page, measured by setting
 * it in a dry copy of the render (nothing is drawn, no state of `p` moves);
 * INFINITY when it runs over a page.
 */
static double doc_measure(const render_pdf *p, const xxgk_layout *l, size_t i)
{
	render_pdf m = *p;
	m.dry = true;
	m.page = NULL;
	m.page_count = 1;
	m.y = RENDER_TEXT_TOP;
	m.page_fresh = true;
	if (doc_block(&m, &l->blocks[i], l, i) != XXGK_OK || m.page_count != 1)
		return INFINITY;
	return RENDER_TEXT_TOP - m.y;
}

/* How much of the blocks after heading i must share its page: the headings that follow it, and the
 * start of the first block of text — two lines of a paragraph, a short table or a chart whole, the
 * caption, header and first rows of a long table. */
static double doc_keep_after(const render_pdf *p, const xxgk_layout *l, size_t i)
{
	double need = 0;
	for (size_t k = i + 1; k < l->block_count; k++) {
		const render_block *b = &l->blocks[k];
		switch (b->kind) {
		case RENDER_BLOCK_HEADING:
			need += DOC_BODY_LH;
			continue;
		case RENDER_BLOCK_TABLE: {
			/* a short table is kept whole (pdf_table.c), a long one breaks after its first rows */
			double h = doc_measure(p, l, k);
			return need + (isfinite(h) && h <= render_page_full() / 2 ? h : DOC_KEEP_LONG);
		}
		case RENDER_BLOCK_BAR_CHART:
		case RENDER_BLOCK_LINE_CHART:
		case RENDER_BLOCK_FUNNEL:
		case RENDER_BLOCK_KEYPOINTS: {
			/* a chart or box is set whole */
			double h = doc_measure(p, l, k);
			return need + (isfinite(h) ? h : DOC_KEEP_LONG);
		}
		default:
			return need + 2 * DOC_BODY_LH;
		}
	}
	return need;
}

/* A heading, kept on the page with the start of what follows it (doc_keep_after), and its bookmark. */
static int doc_heading(render_pdf *p, const render_block *b, const xxgk_layout *l, size_t i)
{
	render_font_role role = b->level == 1 ? RENDER_FONT_HEI : RENDER_FONT_KAI;
	render_line *lines = NULL;
	size_t count = 0;
	int rc = render_text_wrap(&lines, &count, p, role, DOC_BODY_SIZE, b->text, RENDER_TEXT_W - 2 * DOC_BODY_SIZE,
				  RENDER_TEXT_W);
	free(lines);
	if (rc != XXGK_OK)
		return rc;
	render_page_need(p, fmin(DOC_BODY_LH * (double)count + doc_keep_after(p, l, i), render_page_full()));
	doc_bookmark(p, b->level, b->text);
	return doc_lines(p, role, DOC_BODY_SIZE, DOC_BODY_LH, b->text, 2 * DOC_BODY_SIZE, DOC_LEFT, false,
			 RENDER_TEXT_W);
}

/* 主送: flush left, no indent, under the title with a blank line before it. */
static int doc_addressees(render_pdf *p, const render_block *b)
{
	doc_gap(p, DOC_BODY_LH * 0.5);
	return doc_lines(p, RENDER_FONT_SONG, DOC_BODY_SIZE, DOC_BODY_LH, b->text, 0, DOC_JUSTIFY, false,
			 RENDER_TEXT_W);
}

/* Key findings: a thin frame around a 黑体 head line and the items, each a hanging paragraph. */
#define DOC_BOX_PAD 8.0
#define DOC_BOX_SIZE 14.0
#define DOC_BOX_LH 24.0

static int doc_keypoints(render_pdf *p, const render_block *b)
{
	int rc = XXGK_OK;
	double inner = RENDER_TEXT_W - 2 * DOC_BOX_PAD, h = DOC_BOX_LH + 2 * DOC_BOX_PAD;
	size_t total = 0;
	render_line **lines = calloc(b->item_count, sizeof *lines);
	size_t *counts = calloc(b->item_count, sizeof *counts);
	if (!lines || !counts) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	for (size_t k = 0; k < b->item_count && rc == XXGK_OK; k++) {
		rc = render_text_wrap(&lines[k], &counts[k], p, RENDER_FONT_KAI, DOC_BOX_SIZE, b->items[k], inner,
				      inner - DOC_BOX_SIZE);
		total += counts[k];
	}
	if (rc != XXGK_OK)
		goto done;
	h += DOC_BOX_LH * (double)total;
	doc_gap(p, 6);
	render_page_need(p, fmin(h, render_page_full()));
	double top = p->y;
	render_text_center(p, RENDER_FONT_HEI, DOC_BOX_SIZE, RENDER_MARGIN_LEFT, RENDER_MARGIN_LEFT + RENDER_TEXT_W,
			   render_baseline(top - DOC_BOX_PAD, DOC_BOX_LH, DOC_BOX_SIZE), b->text ? b->text : "");
	double y = top - DOC_BOX_PAD - DOC_BOX_LH;
	for (size_t k = 0; k < b->item_count; k++)
		for (size_t j = 0; j < counts[k]; j++) {
			const render_line *ln = &lines[k][j];
			double x = RENDER_MARGIN_LEFT + DOC_BOX_PAD + (j ? DOC_BOX_SIZE : 0);
			render_text_draw(p, RENDER_FONT_KAI, DOC_BOX_SIZE, x, render_baseline(y, DOC_BOX_LH, DOC_BOX_SIZE),
					 b->items[k] + ln->start, ln->len, 0);
			y -= DOC_BOX_LH;
		}
	y -= DOC_BOX_PAD;
	if (!p->dry) {
		render_set_stroke(p, 0.35, 0.35, 0.35);
		render_set_line(p, 0.8, false);
		HPDF_Page_Rectangle(p->page, (HPDF_REAL)RENDER_MARGIN_LEFT, (HPDF_REAL)y, (HPDF_REAL)RENDER_TEXT_W,
				    (HPDF_REAL)(top - y));
		HPDF_Page_Stroke(p->page);
		render_set_stroke(p, 0, 0, 0);
	}
	p->y = y;
	p->page_fresh = false;
	doc_gap(p, 6);
done:
	for (size_t k = 0; lines && k < b->item_count; k++)
		free(lines[k]);
	free(lines);
	free(counts);
	return rc;
}

/*
 * 落款 (GB/T 9704 7.3.5.2, no seal): a blank line under the text, the issuer
 * right-aligned two characters in, the date on the next line starting two
 * characters right of the issuer's start; a date longer than that ends two
 * characters in and the issuer moves left with it. Without an issuer the
 * date alone, four characters in (7.3.5.1 as for the date of making).
 */
static void doc_signature(render_pdf *p, const char *issuer, const char *date)
{
	double em = DOC_BODY_SIZE, right = RENDER_PAGE_W - RENDER_MARGIN_RIGHT;
	double dw = render_text_width(p, RENDER_FONT_SONG, em, date, strlen(date));
	bool has_issuer = issuer && *issuer;
	double iw = has_issuer ? render_text_width(p, RENDER_FONT_SONG, em, issuer, strlen(issuer)) : 0;
	double ix = right - 2 * em - iw, dx = ix + 2 * em;
	if (!has_issuer)
		dx = right - 4 * em - dw;
	else if (dx + dw > right - 2 * em) {
		dx = right - 2 * em - dw;
		ix = dx - 2 * em;
	}
	/* a line of space above, dropped when the page has room only for the lines themselves */
	double need = DOC_BODY_LH * (has_issuer ? 2 : 1);
	if (render_page_left(p) >= need + DOC_BODY_LH)
		doc_gap(p, DOC_BODY_LH);
	render_page_need(p, need);
	if (has_issuer) {
		render_text_draw(p, RENDER_FONT_SONG, em, ix, render_baseline(p->y, DOC_BODY_LH, em), issuer,
				 strlen(issuer), 0);
		p->y -= DOC_BODY_LH;
	}
	render_text_draw(p, RENDER_FONT_SONG, em, dx, render_baseline(p->y, DOC_BODY_LH, em), date, strlen(date), 0);
	p->y -= DOC_BODY_LH;
	p->page_fresh = false;
}

/* An annex: a new page, "附件N" at the top left in 黑体, its title centred in the title face. */
#define DOC_ANNEX_TITLE_SIZE 18.0
#define DOC_ANNEX_TITLE_LH 30.0

static int doc_annex(render_pdf *p, const render_block *b)
{
	render_line *lines = NULL;
	size_t count = 0;
	if (!p->page_fresh)
		render_page_new(p);
	doc_bookmark(p, 0, b->items[0]);
	render_text_draw(p, RENDER_FONT_HEI, DOC_BODY_SIZE, RENDER_MARGIN_LEFT,
			 render_baseline(p->y, DOC_BODY_LH, DOC_BODY_SIZE), b->text, strlen(b->text), 0);
	p->y -= DOC_BODY_LH * 1.5;
	int rc = render_text_wrap(&lines, &count, p, RENDER_FONT_SONG, DOC_ANNEX_TITLE_SIZE, b->items[0], RENDER_TEXT_W,
				  RENDER_TEXT_W);
	for (size_t k = 0; k < count && rc == XXGK_OK; k++) {
		double x = RENDER_MARGIN_LEFT + (RENDER_TEXT_W - lines[k].width) / 2.0;
		render_text_draw_bold(p, RENDER_FONT_SONG, DOC_ANNEX_TITLE_SIZE, x,
				      render_baseline(p->y, DOC_ANNEX_TITLE_LH, DOC_ANNEX_TITLE_SIZE),
				      b->items[0] + lines[k].start, lines[k].len);
		p->y -= DOC_ANNEX_TITLE_LH;
	}
	p->y -= DOC_BODY_LH * 0.5;
	p->page_fresh = false;
	free(lines);
	return rc;
}

/*
 * 附件说明 (GB/T 9704 7.3.4): a line of space, "附件：" two characters in, then
 * "1．name"; the following names numbered under the first.
 */
static int doc_attachments(render_pdf *p, const render_block *b)
{
	int rc = XXGK_OK;
	const char *label = "附件：";
	double x0 = RENDER_MARGIN_LEFT + 2 * DOC_BODY_SIZE;
	double x1 = x0 + render_text_width(p, RENDER_FONT_SONG, DOC_BODY_SIZE, label, strlen(label));
	doc_gap(p, DOC_BODY_LH);
	render_page_need(p, DOC_BODY_LH * (double)b->item_count);
	for (size_t k = 0; k < b->item_count && rc == XXGK_OK; k++) {
		char item[1024];
		if (b->item_count > 1)
			snprintf(item, sizeof item, "%zu．%s", k + 1, b->items[k]);
		else
			snprintf(item, sizeof item, "%s", b->items[k]);
		render_line *lines = NULL;
		size_t count = 0;
		rc = render_text_wrap(&lines, &count, p, RENDER_FONT_SONG, DOC_BODY_SIZE, item,
				      RENDER_MARGIN_LEFT + RENDER_TEXT_W - x1, RENDER_MARGIN_LEFT + RENDER_TEXT_W - x1);
		for (size_t j = 0; j < count && rc == XXGK_OK; j++) {
			render_page_need(p, DOC_BODY_LH);
			double y = render_baseline(p->y, DOC_BODY_LH, DOC_BODY_SIZE);
			if (k == 0 && j == 0)
				render_text_draw(p, RENDER_FONT_SONG, DOC_BODY_SIZE, x0, y, label, strlen(label), 0);
			render_text_draw(p, RENDER_FONT_SONG, DOC_BODY_SIZE, x1, y, item + lines[j].start, lines[j].len, 0);
			p->y -= DOC_BODY_LH;
			p->page_fresh = false;
		}
		free(lines);
	}
	return rc;
}

/* 文号: centred above the title, a line of space below. */
static int doc_number_line(render_pdf *p, const char *text)
{
	int rc = doc_lines(p, RENDER_FONT_SONG, DOC_BODY_SIZE, DOC_BODY_LH, text, 0, DOC_CENTER, false, RENDER_TEXT_W);
	p->y -= DOC_BODY_LH * 0.5;
	return rc;
}

/* When block i is followed by the 附件说明 and the 落款 only: their height (so that it keeps its last
 * lines with them), else 0. */
static double doc_tail_after(const xxgk_layout *l, size_t i)
{
	double h = 0;
	size_t k = i + 1;
	if (k < l->block_count && l->blocks[k].kind == RENDER_BLOCK_ATTACHMENTS)
		h += DOC_BODY_LH * (1.0 + (double)l->blocks[k++].item_count);
	if (k < l->block_count && l->blocks[k].kind == RENDER_BLOCK_SIGNATURE)
		return h + DOC_BODY_LH * (l->blocks[k].items[0][0] ? 3.0 : 2.0);
	return 0;
}

/* Sets block i (live or dry). */
static int doc_block(render_pdf *p, const render_block *b, const xxgk_layout *l, size_t i)
{
	int rc = XXGK_OK;
	switch (b->kind) {
	case RENDER_BLOCK_TITLE:
		rc = doc_title(p, b->text);
		doc_gap(p, 6);
		break;
	case RENDER_BLOCK_ADDRESSEES:
		rc = doc_addressees(p, b);
		break;
	case RENDER_BLOCK_KEYPOINTS:
		rc = doc_keypoints(p, b);
		break;
	case RENDER_BLOCK_SIGNATURE:
		doc_signature(p, b->items[0], b->items[1]);
		break;
	case RENDER_BLOCK_ANNEX:
		rc = doc_annex(p, b);
		break;
	case RENDER_BLOCK_ATTACHMENTS:
		rc = doc_attachments(p, b);
		break;
	case RENDER_BLOCK_SUBTITLE:
		rc = doc_lines(p, RENDER_FONT_KAI, DOC_BODY_SIZE, DOC_BODY_LH, b->text, 0, DOC_CENTER, false,
			       RENDER_TEXT_W);
		break;
	case RENDER_BLOCK_HEADING:
		rc = doc_heading(p, b, l, i);
		break;
	case RENDER_BLOCK_PARAGRAPH:
		/* the text's last paragraph shares its page with the 附件说明 and the 落款 (GB/T 9704 7.3.5.4:
		 * no page with the signature alone) */
		p->keep_after = doc_tail_after(l, i);
		rc = doc_lines(p, RENDER_FONT_SONG, DOC_BODY_SIZE, DOC_BODY_LH, b->text, 2 * DOC_BODY_SIZE,
			       DOC_JUSTIFY, false, RENDER_TEXT_W);
		p->keep_after = 0;
		break;
	case RENDER_BLOCK_NOTE:
		rc = doc_lines(p, RENDER_FONT_SONG, DOC_NOTE_SIZE, DOC_NOTE_LH, b->text, 2 * DOC_NOTE_SIZE,
			       DOC_JUSTIFY, false, RENDER_TEXT_W);
		break;
	case RENDER_BLOCK_PAGE_BREAK:
		if (!p->page_fresh)
			render_page_new(p);
		break;
	case RENDER_BLOCK_TABLE:
		doc_gap(p, 8);
		rc = render_table_draw(p, b);
		doc_gap(p, 10);
		break;
	case RENDER_BLOCK_BAR_CHART:
	case RENDER_BLOCK_LINE_CHART:
	case RENDER_BLOCK_FUNNEL:
		doc_gap(p, 8);
		rc = render_chart_draw(p, b);
		doc_gap(p, 10);
		break;
	}
	return rc;
}

/* The whole document, once (dry or live). */
static int doc_pass(render_pdf *p, const xxgk_layout *l, const char *date_text)
{
	int rc = XXGK_OK;
	bool in_head = true;   /* still in the title and subtitle lines */
	bool signed_off = false;
	render_page_new(p);
	if (l->doc_number)
		rc = doc_number_line(p, l->doc_number);
	for (size_t i = 0; i < l->block_count && rc == XXGK_OK; i++) {
		const render_block *b = &l->blocks[i];
		if (in_head && b->kind != RENDER_BLOCK_TITLE && b->kind != RENDER_BLOCK_SUBTITLE) {
			in_head = false;
			if (b->kind != RENDER_BLOCK_ADDRESSEES)
				doc_gap(p, DOC_BODY_LH * 0.75);
		}
		rc = doc_block(p, b, l, i);
		signed_off = signed_off || b->kind == RENDER_BLOCK_SIGNATURE;
	}
	if (rc == XXGK_OK && !signed_off) {
		/* the date of making, a line below the text, right-aligned four characters in; closer when
		   the page is full, as a page with nothing but the date is not allowed (GB/T 9704 7.3.5.4) */
		if (render_page_left(p) >= 2 * DOC_BODY_LH)
			doc_gap(p, DOC_BODY_LH);
		render_page_need(p, DOC_BODY_LH);
		render_text_right(p, RENDER_FONT_SONG, DOC_BODY_SIZE,
				  RENDER_PAGE_W - RENDER_MARGIN_RIGHT - 4 * DOC_BODY_SIZE,
				  render_baseline(p->y, DOC_BODY_LH, DOC_BODY_SIZE), date_text);
		p->y -= DOC_BODY_LH;
	}
	return rc;
}

/* ---- dates ---- */

/* Parses "YYYY-MM-DD" strictly. */
static bool doc_parse_date(const char *s, int *y, int *m, int *d)
{
	char *end;
	long v[3];
	const char *q = s;
	for (int i = 0; i < 3; i++) {
		if (*q < '0' || *q > '9')
			return false;
		v[i] = strtol(q, &end, 10);
		if (end - q != (i == 0 ? 4 : 2) || (i < 2 && *end != '-') || (i == 2 && *end != '\0'))
			return false;
		q = end + 1;
	}
	if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31)
		return false;
	*y = (int)v[0];
	*m = (int)v[1];
	*d = (int)v[2];
	return true;
}

/*
 * The document's date: `created`, else a fixed date in deterministic mode,
 * else today. The info dictionary gets it at 00:00 UTC when given, else the
 * time now.
 */
static int doc_date(HPDF_Date *date, char *text, size_t cap, const xxgk_render_options *opts, xxgk_error *err)
{
	int y, m, d;
	const char *created = opts ? opts->created : NULL;
	bool fixed = opts && opts->deterministic;
	memset(date, 0, sizeof *date);
	date->ind = 'Z';
	if (!created && fixed)
		created = DOC_FIXED_DATE;
	if (created) {
		if (!doc_parse_date(created, &y, &m, &d))
			return xxgk_error_set(err, XXGK_EINVAL, 0, 0, "created \"%s\" is not a date YYYY-MM-DD",
					      created);
	} else {
		time_t now = time(NULL);
		struct tm local, utc;
		if (!localtime_r(&now, &local) || !gmtime_r(&now, &utc))
			return xxgk_error_set(err, XXGK_EINVAL, 0, 0, "the clock cannot be read");
		y = local.tm_year + 1900;
		m = local.tm_mon + 1;
		d = local.tm_mday;
		date->hour = utc.tm_hour;
		date->minutes = utc.tm_min;
		date->seconds = utc.tm_sec > 59 ? 59 : utc.tm_sec;
	}
	date->year = y;
	date->month = m;
	date->day = d;
	snprintf(text, cap, "%d年%d月%d日", y, m, d);
	return XXGK_OK;
}

/* ---- the entry point ---- */

typedef struct {
	render_fonts *fonts;
	size_t missing;
} doc_count_ctx;

static void doc_count_missing(void *ctx, const char *s)
{
	doc_count_ctx *c = ctx;
	size_t len = strlen(s), i = 0, n;
	uint32_t cp;
	while (i < len) {
		n = xxgk_utf8_decode((const unsigned char *)s + i, len - i, &cp);
		if (n == 0) {
			n = 1;
			cp = 0xFFFD;
		}
		if (render_fonts_missing(c->fonts, cp))
			c->missing++;
		i += n;
	}
}

int xxgk_render_pdf(const xxgk_layout *l, const char *path, const xxgk_render_options *opts,
		    size_t *missing_glyphs, xxgk_error *err)
{
	int rc = XXGK_OK;
	render_pdf p;
	render_fonts *fonts = NULL;
	HPDF_Date date;
	char date_text[64], creator[64];
	char *bytes = NULL;
	const uint32_t *used = NULL;
	size_t used_count = 0, len = 0;
	HPDF_UINT32 size = 0;
	assert(l && path);
	memset(&p, 0, sizeof p);
	xxgk_error_clear(err);
	if (missing_glyphs)
		*missing_glyphs = 0;
	if (l->block_count < 2) {
		rc = xxgk_error_set(err, XXGK_EINVAL, 0, 0, "the layout has nothing after its title");
		goto done;
	}
	if ((rc = doc_date(&date, date_text, sizeof date_text, opts, err)) != XXGK_OK ||
	    (rc = render_fonts_open(&fonts, opts, err)) != XXGK_OK)
		goto done;
	if (missing_glyphs) {
		doc_count_ctx c = { .fonts = fonts };
		render_layout_each_string(l, doc_count_missing, &c);
		*missing_glyphs = c.missing;
	}

	/* pass 1: measure, break lines and pages, note every character each font draws */
	p.fonts = fonts;
	p.dry = true;
	if ((rc = doc_pass(&p, l, date_text)) != XXGK_OK)
		goto done;
	if (p.oom) {
		rc = xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory setting the text");
		goto done;
	}

	/* pass 2: the same, drawn into libharu with the fonts cut to those characters */
	memset(&p, 0, sizeof p);
	p.fonts = fonts;
	p.doc = HPDF_New(doc_on_error, &p);
	if (!p.doc) {
		rc = xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "libharu cannot make a document");
		goto done;
	}
	HPDF_UseUTFEncodings(p.doc);   /* once per document handle: a second call breaks it */
	HPDF_SetCompressionMode(p.doc, HPDF_COMP_NONE);   /* render_save deflates every stream (faster) */
	if ((rc = render_fonts_load(fonts, p.doc, err)) != XXGK_OK)
		goto done;
	if (p.hpdf_error) {
		rc = doc_hpdf_status(&p, "loading the fonts", err);
		goto done;
	}
	if ((rc = doc_pass(&p, l, date_text)) != XXGK_OK)
		goto done;
	if (p.oom) {
		rc = xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory setting the text");
		goto done;
	}
	HPDF_SetInfoDateAttr(p.doc, HPDF_INFO_CREATION_DATE, date);
	HPDF_SetInfoDateAttr(p.doc, HPDF_INFO_MOD_DATE, date);
	snprintf(creator, sizeof creator, "xxgk %s", xxgk_version());
	HPDF_SetInfoAttr(p.doc, HPDF_INFO_CREATOR, creator);
	/* Title and Subject in UTF-16 (libharu writes info strings in the current encoder, then) */
	HPDF_SetCurrentEncoder(p.doc, "UTF-8");
	HPDF_SetInfoAttr(p.doc, HPDF_INFO_TITLE, l->blocks[0].text);
	if (l->subject)
		HPDF_SetInfoAttr(p.doc, HPDF_INFO_SUBJECT, l->subject);
	if (p.outline[0] || p.outline[1])
		HPDF_SetPageMode(p.doc, HPDF_PAGE_MODE_USE_OUTLINE);
	if (p.hpdf_error) {
		rc = doc_hpdf_status(&p, "drawing the pages", err);
		goto done;
	}
	HPDF_SaveToStream(p.doc);
	size = HPDF_GetStreamSize(p.doc);
	if (p.hpdf_error || size == 0) {
		rc = p.hpdf_error ? doc_hpdf_status(&p, "saving", err)
				  : xxgk_error_set(err, XXGK_EIO, 0, 0, "libharu wrote an empty document");
		goto done;
	}
	bytes = malloc((size_t)size + 1);
	if (!bytes) {
		rc = xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory saving the document");
		goto done;
	}
	while (len < size) {
		HPDF_UINT32 k = size - (HPDF_UINT32)len;
		HPDF_STATUS st = HPDF_ReadFromStream(p.doc, (HPDF_BYTE *)bytes + len, &k);
		len += k;
		if (st == HPDF_STREAM_EOF || k == 0 || (st != HPDF_OK && st != HPDF_STREAM_EOF))
			break;
	}
	if (len != size) {
		rc = xxgk_error_set(err, XXGK_EIO, 0, 0, "libharu returned %zu of %u bytes", len, (unsigned)size);
		goto done;
	}
	render_fonts_used(fonts, &used, &used_count);
	rc = render_save(&bytes, &len, used, used_count, path, err);
done:
	/* the layout and drawing steps return XXGK_ENOMEM without a message of their own */
	if (rc == XXGK_ENOMEM && err && !err->message[0])
		xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
	free(bytes);
	if (p.doc)
		HPDF_Free(p.doc);
	render_fonts_free(fonts);
	return rc;
}
