/*
 * ocr.c — scanned reports (convert_int.h): image-only PDF pages and PNG or
 * JPEG pages read with Tesseract, handed to the parser as the PDF reader
 * hands a page: characters with boxes, ruling lines, tables and cells, then
 * the same rows and prose lines (pdf.c, pdf_grid.c). docs/ocr.md describes
 * the method; the steps of a page are:
 *
 *   1. the page as 8-bit grey at OCR_DPI (a PDF page rendered with poppler
 *      and cairo; an image taken at the resolution it declares, 300 dpi when
 *      it declares none), deskewed (leptonica's pixDeskew: a search over
 *      the angle that sharpens the text lines' projection);
 *   2. ruling lines: the ink (grey below OCR_INK) opened with a horizontal
 *      and a vertical bar longer than any glyph's stroke (OCR_RULE_MIN_PT),
 *      each connected component a rule; the rules make the grid and merged
 *      cells exactly as a PDF's do (xxgk__pdf_find_tables);
 *   3. every cell read by itself, the rules painted white first: with
 *      chi_sim as one block; a cell whose reading has digits and no CJK is
 *      read again as one line with the digit model (eng, characters
 *      OCR_DIGITS only), and that reading is the cell's, its confidence and
 *      the chi_sim reading kept for verification (ocr_verify.c);
 *   4. the page outside the tables (title, headings, prose) read with
 *      chi_sim, one character a glyph with its box.
 * Cells then pass through the PDF reader's row and column placement; each
 * glyph's box is in points on the page as shown, so provenance is the page
 * and the cell's box in the image (72/OCR_DPI points a pixel).
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <leptonica/allheaders.h>
#include <poppler.h>
#include <tesseract/capi.h>

#include "pdf_int.h"

/* Resolution pages are read at (the floor; Tesseract wants glyphs
 * 20–40 pixels high: a 9 pt figure is 37 pixels at 300 dpi). */
#define OCR_DPI 300.0
/* Lowest resolution an image may declare and still be read as it is. */
#define OCR_MIN_DPI 150
/* A pixel is ink below this grey level (rules, text; light shading is not). */
#define OCR_INK 170
/* A rule is a bar at least OCR_RULE_MIN_PT long that is OCR_RULE_LONG_PT
 * long or ends on such a bar: a 24 pt title's strokes are neither, the
 * shortest cell edge of a report table (~12 pt) is the first. */
#define OCR_RULE_MIN_PT 10.0
#define OCR_RULE_LONG_PT 40.0
/* Pixels of a cell's edge left out before it is read (the rule, its blur). */
#define OCR_CELL_INSET_PT 1.2
/* A cell with fewer ink pixels than this (at 300 dpi) is empty: specks, dust. */
#define OCR_MIN_INK 24
/* Specks (ink under 3 × 3 pixels) a page may have before it is cleaned with
 * a median filter: a clean page at 300 dpi has a few hundred (dots, commas). */
#define OCR_MAX_SPECKS 3000
/* Ink under this many pixels a side at 300 dpi is a speck, not text. */
#define OCR_SPECK_PX 3
/* Pixel dimensions accepted for one page image. */
#define OCR_MAX_SIDE 12000
/* Pages of a scanned PDF read (a report has 3–30). */
#define OCR_MAX_PAGES 60
/* Confidence given to a figure chi_sim took for a character (at most):
 * under ocr_verify.c's trust, so it is flagged unless a rule confirms it. */
#define OCR_GUESS_CONF 50
/* What a number cell may hold. */
#define OCR_DIGITS "0123456789.,-/"
/* Where Debian's tesseract-ocr packages put the models. */
#define OCR_TESSDATA "/usr/share/tesseract-ocr/5/tessdata"

/* The two models a scan is read with: chi_sim (labels, prose) and eng with
 * the characters OCR_DIGITS only (figures). */
typedef struct ocr_models {
	TessBaseAPI *text;    /* chi_sim */
	TessBaseAPI *digits;  /* eng, digits only */
	struct ocr_models *next;
} ocr_models;

typedef struct {
	ocr_models *m;        /* taken from the pool at the first page with ink */
	xxgk_ocr_cell *cells; /* number cells read, for verification */
	PIX *raw;             /* a noisy page's grey before its median filter, else NULL */
	size_t glyphs;        /* characters and runs read on every page */
	size_t cell_count, cell_cap;
	xxgk_error *err;
} ocr_ctx;

/*
 * Models are loaded once per process, not once per document: loading chi_sim
 * and eng costs ~0.6 s of CPU, more than reading a page of figures. A
 * document takes a pair from this pool (or loads one when every pair is in
 * use by another thread: the loader parses in parallel) and gives it back
 * when done; at most OCR_POOL_MAX idle pairs are kept. Tesseract's state
 * between two documents is only the page image and its results (cleared
 * when a pair is given back) and the variables set at load: the LSTM models
 * do not adapt, so a document reads the same whatever was read before
 * (test_ocr: models_are_loaded_once). xxgk_parse_release_models() frees the
 * idle pairs; it runs at exit too, so LeakSanitizer and valgrind see nothing.
 */
#define OCR_POOL_MAX 8
static pthread_mutex_t ocr_pool_lock = PTHREAD_MUTEX_INITIALIZER;
static ocr_models *ocr_pool;        /* idle pairs */
static size_t ocr_pool_idle;
static unsigned long ocr_pool_loads; /* pairs loaded since start, for tests */
static pthread_once_t ocr_pool_atexit = PTHREAD_ONCE_INIT;

static void ocr_models_free(ocr_models *m)
{
	if (!m)
		return;
	if (m->text)
		TessBaseAPIDelete(m->text);
	if (m->digits)
		TessBaseAPIDelete(m->digits);
	free(m);
}

void xxgk_parse_release_models(void)
{
	pthread_mutex_lock(&ocr_pool_lock);
	ocr_models *m = ocr_pool;
	ocr_pool = NULL;
	ocr_pool_idle = 0;
	pthread_mutex_unlock(&ocr_pool_lock);
	while (m) {
		ocr_models *next = m->next;
		ocr_models_free(m);
		m = next;
	}
}

unsigned long xxgk__ocr_model_loads(void)
{
	pthread_mutex_lock(&ocr_pool_lock);
	unsigned long n = ocr_pool_loads;
	pthread_mutex_unlock(&ocr_pool_lock);
	return n;
}

/* Registered when the first models are loaded, after Tesseract's own
 * static objects: exit runs it before their destructors. */
static void ocr_pool_register_exit(void)
{
	atexit(xxgk_parse_release_models);
}

/* Gives the document's models back to the pool (their page and results
 * dropped), or frees them when the pool is full. */
static void ocr_models_put(ocr_models *m)
{
	if (!m)
		return;
	TessBaseAPIClear(m->text);
	TessBaseAPIClear(m->digits);
	pthread_mutex_lock(&ocr_pool_lock);
	bool keep = ocr_pool_idle < OCR_POOL_MAX;
	if (keep) {
		m->next = ocr_pool;
		ocr_pool = m;
		ocr_pool_idle++;
	}
	pthread_mutex_unlock(&ocr_pool_lock);
	if (!keep)
		ocr_models_free(m);
}

static void ocr_end(ocr_ctx *o)
{
	ocr_models_put(o->m);
	free(o->cells);
	memset(o, 0, sizeof *o);
}

/* The tessdata folder: $TESSDATA_PREFIX when set, else Debian's. */
static const char *ocr_tessdata(void)
{
	const char *p = getenv("TESSDATA_PREFIX");
	return p && *p ? p : OCR_TESSDATA;
}

static int ocr_begin(ocr_ctx *o, xxgk_error *err)
{
	memset(o, 0, sizeof *o);
	o->err = err;
	setMsgSeverity(L_SEVERITY_NONE);   /* leptonica's messages would go to stderr */
	return XXGK_OK;
}

/* The models, the first time a page has ink to read (a blank page, a
 * damaged PDF's empty pages, need none): an idle pair from the pool, else
 * a pair loaded now. */
static int ocr_models_get(ocr_ctx *o)
{
	xxgk_error *err = o->err;
	if (o->m)
		return XXGK_OK;
	pthread_mutex_lock(&ocr_pool_lock);
	ocr_models *m = ocr_pool;
	if (m) {
		ocr_pool = m->next;
		ocr_pool_idle--;
		m->next = NULL;
	}
	pthread_mutex_unlock(&ocr_pool_lock);
	if (m) {
		o->m = m;
		return XXGK_OK;
	}
	m = calloc(1, sizeof *m);
	if (!m)
		return XXGK_ENOMEM;
	m->text = TessBaseAPICreate();
	m->digits = TessBaseAPICreate();
	if (!m->text || !m->digits) {
		ocr_models_free(m);
		return XXGK_ENOMEM;
	}
	const char *dir = ocr_tessdata();
	if (TessBaseAPIInit3(m->text, dir, "chi_sim") != 0 || TessBaseAPIInit3(m->digits, dir, "eng") != 0) {
		ocr_models_free(m);
		return xxgk_error_set(err, XXGK_EPARSE, 0, 0,
				      "a scan needs OCR models chi_sim and eng in %s "
				      "(Debian: apt-get install tesseract-ocr-chi-sim tesseract-ocr-eng)", dir);
	}
	TessBaseAPISetVariable(m->digits, "tessedit_char_whitelist", OCR_DIGITS);
	TessBaseAPISetVariable(m->text, "debug_file", "/dev/null");
	TessBaseAPISetVariable(m->digits, "debug_file", "/dev/null");
	pthread_mutex_lock(&ocr_pool_lock);
	ocr_pool_loads++;
	pthread_mutex_unlock(&ocr_pool_lock);
	pthread_once(&ocr_pool_atexit, ocr_pool_register_exit);
	o->m = m;
	return XXGK_OK;
}

/* ---------------------------------------------------------------- text */

static bool ocr_is_cjk(uint32_t cp)
{
	return cp >= 0x2E80;
}

/* Reads `pix` with `api` in mode `psm`: the text (malloc'd, spaces between
 * CJK characters and line breaks removed, trimmed) and the mean confidence. */
/* Tesseract's text made one line: spaces kept only between two characters
 * that are not CJK, line breaks dropped, trimmed. malloc'd; NULL on failure. */
static char *ocr_clean(const char *t)
{
	size_t n = strlen(t);
	char *out = malloc(n + 1);
	if (!out)
		return NULL;
	size_t w = 0;
	uint32_t prev = 0;
	bool gap = false;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = xxgk_utf8_decode((const unsigned char *)t + i, n - i, &cp);
		if (!k) {
			i++;
			continue;
		}
		if (cp == ' ' || cp == '\n' || cp == '\t' || cp == '\r' || cp == '\f') {
			gap = w > 0;
			i += k;
			continue;
		}
		if (gap && !ocr_is_cjk(prev) && !ocr_is_cjk(cp))
			out[w++] = ' ';
		gap = false;
		memcpy(out + w, t + i, k);
		w += k;
		prev = cp;
		i += k;
	}
	out[w] = '\0';
	return out;
}

/* Reads `pix` with `api` in mode `psm`: the text (ocr_clean()) and the mean
 * confidence. NULL when out of memory. */
static char *ocr_read(TessBaseAPI *api, PIX *pix, TessPageSegMode psm, int *conf)
{
	TessBaseAPISetPageSegMode(api, psm);
	TessBaseAPISetImage2(api, pix);
	TessBaseAPISetSourceResolution(api, (int)OCR_DPI);
	char *t = TessBaseAPIGetUTF8Text(api);
	*conf = TessBaseAPIMeanTextConf(api);
	if (!t)
		return NULL;
	char *out = ocr_clean(t);
	TessDeleteText(t);
	return out;
}

/* Is there no CJK (nor any non-ASCII) in the reading: a figure, a mark, or noise? */
static bool ocr_is_ascii(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p >= 0x80)
			return false;
	return *s != '\0';
}

/* Does the reading look like a figure: a digit, no CJK, nothing but digit marks? */
static bool ocr_is_figure(const char *s)
{
	bool digit = false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p >= 0x80)
			return false;
		if (*p >= '0' && *p <= '9')
			digit = true;
	}
	return digit;
}

/* Keeps digits, '.', '-', '/' (commas and spaces go: thousands separators). */
static void ocr_digits_only(char *s)
{
	size_t w = 0;
	for (size_t i = 0; s[i]; i++)
		if ((s[i] >= '0' && s[i] <= '9') || s[i] == '.' || s[i] == '-' || s[i] == '/')
			s[w++] = s[i];
	s[w] = '\0';
}

/* ---------------------------------------------------------------- page */

/* Adds a glyph (or run, when `s` holds more than one character) at the box. */
static int ocr_add_glyph(pdf_page *pg, const char *s, size_t n, double x0, double y0, double x1, double y1,
			 int32_t cell)
{
	uint32_t cp = 0;
	size_t k = xxgk_utf8_decode((const unsigned char *)s, n, &cp);
	if (!k || cp < 0x20)
		return XXGK_OK;
	if (pg->char_count >= PDF_MAX_PAGE_CHARS)
		return XXGK_ETOOBIG;
	if (!pdf_grow((void **)&pg->chars, &pg->char_cap, pg->char_count, sizeof *pg->chars))
		return XXGK_ENOMEM;
	pdf_char *c = &pg->chars[pg->char_count];
	memset(c, 0, sizeof *c);
	c->x0 = x0;
	c->y0 = y0;
	c->x1 = x1;
	c->y1 = y1;
	c->cp = cp;
	c->cell = cell;
	if (k < n) {
		c->run_off = (uint32_t)pg->runs.len;
		c->run_len = (uint32_t)n;
		xxgk_buf_append(&pg->runs, s, n);
		if (pg->runs.failed)
			return XXGK_ENOMEM;
	}
	pg->char_count++;
	return XXGK_OK;
}

/* Candidate rules of one direction from a mask of bar pixels: each
 * component at most PDF_RULE_MAX_THICK_PT thick, in pixels. */
static int ocr_bars(PIX *mask, bool horizontal, double pt, BOX ***out, int *count)
{
	*out = NULL;
	*count = 0;
	BOXA *boxes = pixConnComp(mask, NULL, 8);
	if (!boxes)
		return XXGK_OK;
	int n = boxaGetCount(boxes);
	BOX **keep = calloc((size_t)(n ? n : 1), sizeof *keep);
	if (!keep) {
		boxaDestroy(&boxes);
		return XXGK_ENOMEM;
	}
	for (int i = 0; i < n; i++) {
		BOX *b = boxaGetBox(boxes, i, L_COPY);
		l_int32 x, y, w, h;
		if (!b || boxGetGeometry(b, &x, &y, &w, &h) != 0 || (horizontal ? h : w) * pt > PDF_RULE_MAX_THICK_PT) {
			boxDestroy(&b);
			continue;
		}
		keep[(*count)++] = b;
	}
	boxaDestroy(&boxes);
	*out = keep;
	return XXGK_OK;
}

/* Does an end of a bar, at `at` (pixels, along its length), lie on a long
 * bar of the other direction that reaches across it (from `lo` to `hi`)? */
static bool ocr_bar_end_on_rule(int at, int lo, int hi, bool horizontal, BOX **other, int n_other, double pt)
{
	int tol = (int)ceil(PDF_GRID_TOL_PT / pt);
	for (int k = 0; k < n_other; k++) {
		l_int32 ox, oy, ow, oh;
		boxGetGeometry(other[k], &ox, &oy, &ow, &oh);
		if ((horizontal ? oh : ow) * pt < OCR_RULE_LONG_PT)
			continue;
		/* the other bar's position across, and its extent along its own length */
		int p0 = horizontal ? ox : oy, p1 = horizontal ? ox + ow : oy + oh;
		int e0 = horizontal ? oy : ox, e1 = horizontal ? oy + oh : ox + ow;
		if (hi >= e0 - tol && lo <= e1 + tol && at >= p0 - tol && at <= p1 + tol)
			return true;
	}
	return false;
}

/* Is bar `b` long (OCR_RULE_LONG_PT), or does it run from a long bar of the
 * other direction to another? A cell's shortest edge joins the two rules
 * that bound its row (or column); a glyph's stroke standing near a table's
 * top rule (the heading 二、主动公开政府信息情况 printed just above it: the
 * strokes of 开, 府, 信 and 情 reach down 12 pt) touches one rule at most. */
static bool ocr_bar_is_rule(BOX *b, bool horizontal, BOX **other, int n_other, double pt)
{
	l_int32 x, y, w, h;
	boxGetGeometry(b, &x, &y, &w, &h);
	if ((horizontal ? w : h) * pt >= OCR_RULE_LONG_PT)
		return true;
	int a0 = horizontal ? x : y, a1 = horizontal ? x + w - 1 : y + h - 1;   /* its ends */
	int c0 = horizontal ? y : x, c1 = horizontal ? y + h - 1 : x + w - 1;   /* its thickness */
	return ocr_bar_end_on_rule(a0, c0, c1, horizontal, other, n_other, pt) &&
	       ocr_bar_end_on_rule(a1, c0, c1, horizontal, other, n_other, pt);
}

/*
 * The page's rules: bars at least OCR_RULE_MIN_PT long that are long
 * themselves or end on a long bar (a big title's strokes are neither) into
 * pg->hs and pg->vs; each rule painted white in `clean` (and `raw`, when
 * not NULL) and cleared in `bin`.
 */
static int ocr_rules(pdf_page *pg, PIX *hm, PIX *vm, PIX *clean, PIX *bin, PIX *raw, double pt)
{
	BOX **hb = NULL, **vb = NULL;
	int hn = 0, vn = 0;
	int rc = ocr_bars(hm, true, pt, &hb, &hn);
	if (rc == XXGK_OK)
		rc = ocr_bars(vm, false, pt, &vb, &vn);
	for (int dir = 0; dir < 2 && rc == XXGK_OK; dir++) {
		bool horizontal = dir == 0;
		BOX **bars = horizontal ? hb : vb;
		int n = horizontal ? hn : vn;
		for (int i = 0; i < n && rc == XXGK_OK; i++) {
			if (!ocr_bar_is_rule(bars[i], horizontal, horizontal ? vb : hb, horizontal ? vn : hn, pt))
				continue;
			l_int32 x, y, w, h;
			boxGetGeometry(bars[i], &x, &y, &w, &h);
			pdf_seg s = horizontal ? (pdf_seg){ (y + h / 2.0) * pt, x * pt, (x + w) * pt }
					       : (pdf_seg){ (x + w / 2.0) * pt, y * pt, (y + h) * pt };
			pdf_seg **arr = horizontal ? &pg->hs : &pg->vs;
			size_t *cnt = horizontal ? &pg->h_count : &pg->v_count;
			size_t *cap = horizontal ? &pg->h_cap : &pg->v_cap;
			if (*cnt >= PDF_MAX_SEGMENTS)
				continue;
			if (!pdf_grow((void **)arr, cap, *cnt, sizeof **arr)) {
				rc = XXGK_ENOMEM;
				break;
			}
			(*arr)[(*cnt)++] = s;
			BOX *wide = boxCreate(x - 2, y - 2, w + 4, h + 4);
			if (wide) {
				pixSetInRect(clean, wide);
				pixClearInRect(bin, wide);
				if (raw)
					pixSetInRect(raw, wide);
			}
			boxDestroy(&wide);
		}
	}
	for (int i = 0; i < hn; i++)
		boxDestroy(&hb[i]);
	for (int i = 0; i < vn; i++)
		boxDestroy(&vb[i]);
	free(hb);
	free(vb);
	return rc;
}

/* Records a number cell read, for verification. */
static int ocr_note_cell(ocr_ctx *o, uint32_t page, double x0, double y0, double x1, double y1,
			 const char *digits, int conf, const char *other, const char *alt)
{
	if (!pdf_grow((void **)&o->cells, &o->cell_cap, o->cell_count, sizeof *o->cells))
		return XXGK_ENOMEM;
	xxgk_ocr_cell *c = &o->cells[o->cell_count++];
	memset(c, 0, sizeof *c);
	c->page = page;
	c->x0 = (float)x0;
	c->y0 = (float)y0;
	c->x1 = (float)x1;
	c->y1 = (float)y1;
	c->conf = (float)conf;
	snprintf(c->text, sizeof c->text, "%s", digits);
	snprintf(c->other, sizeof c->other, "%s", other ? other : "");
	snprintf(c->alt, sizeof c->alt, "%s", alt && strcmp(alt, digits) != 0 ? alt : "");
	return XXGK_OK;
}

/* A cell found and read with chi_sim, waiting for its column to be known. */
typedef struct {
	int32_t id;
	int row, col;         /* its first grid row and column */
	int fx, fy, fw, fh;   /* its ink, pixels */
	PIX *pix;             /* the ink with a white border */
	char *text;           /* chi_sim's reading */
	int lines;            /* lines of text its ink makes (ocr_ink_lines) */
} ocr_pending;

/* A run of inked pixel rows this tall at least is a line of text: the
 * digits of a 7.5 pt face are 5.4 pt; a stroke of 三, a speck, a remnant
 * of a rule are under 1 pt. */
#define OCR_LINE_MIN_PT 3.5

/* A cell is read line by line when its ink is this many ems wide (an em:
 * its tallest line): a label, wrapped or not; a narrow one (（三）/不予/公开,
 * a heading stacked a character a line; a figure) reads better as one block. */
#define OCR_WRAPPED_EM 6
/* Lines a cell's reading is split into at most. */
#define OCR_MAX_CELL_LINES 12

/* Lines of text in binary `ink` (a cell's crop): runs of inked pixel rows
 * at least OCR_LINE_MIN_PT tall, their first and last rows into y0/y1 (at
 * most OCR_MAX_CELL_LINES). A figure is one line; a heading or a label
 * wrapped in its cell (其他/结果) two or more. */
static int ocr_ink_lines(PIX *ink, double pt, int *y0, int *y1)
{
	int w = pixGetWidth(ink), h = pixGetHeight(ink), wpl = pixGetWpl(ink);
	const l_uint32 *data = pixGetData(ink);
	int min = (int)ceil(OCR_LINE_MIN_PT / pt), lines = 0, run = 0;
	for (int y = 0; y <= h; y++) {
		bool inked = false;
		if (y < h) {
			const l_uint32 *line = data + (size_t)y * (size_t)wpl;
			for (int x = 0; x < w && !inked; x++)
				inked = GET_DATA_BIT(line, x) != 0;
		}
		if (inked) {
			run++;
		} else {
			if (run >= min) {
				if (lines < OCR_MAX_CELL_LINES)
					y0[lines] = y - run, y1[lines] = y - 1;
				lines++;
			}
			run = 0;
		}
	}
	return lines;
}

/* The box (fx, fy, fw, fh) of `clean` with a white border; NULL when out of memory. */
static PIX *ocr_ink_crop(PIX *clean, int fx, int fy, int fw, int fh)
{
	BOX *tight = boxCreate(fx, fy, fw, fh);
	PIX *crop = tight ? pixClipRectangle(clean, tight, NULL) : NULL;
	boxDestroy(&tight);
	PIX *pix = crop ? pixAddBorder(crop, 12, 255) : NULL;
	pixDestroy(&crop);
	return pix;
}

/* Reads the ink box p->fx, fy, fw, fh of `clean`, with a white border, with chi_sim in `psm` into `p`. */
static int ocr_ink_read(ocr_ctx *o, ocr_pending *p, PIX *clean, TessPageSegMode psm)
{
	p->pix = ocr_ink_crop(clean, p->fx, p->fy, p->fw, p->fh);
	if (!p->pix)
		return XXGK_ENOMEM;
	int conf = 0;
	p->text = ocr_read(o->m->text, p->pix, psm, &conf);
	return p->text ? XXGK_OK : XXGK_ENOMEM;
}

/* Reads a cell whose ink is `lines` lines (rows y0[k]–y1[k] of `clean`, cut
 * halfway between two) one line at a time with chi_sim, the readings joined
 * into p->text; p->pix is the whole ink. chi_sim reads a label, blurred, as
 * one block badly — 5.要求行政机关确认或重新出具已获取/信息 at 200 dpi came
 * out 二区全全有放和具已获取, 3.危及“三安全一稳定” on a noisy page
 * 3.危及6二安全稳侈定”, and their rows were lost — and as lines whole. */
static int ocr_lines_read(ocr_ctx *o, ocr_pending *p, PIX *clean, const int *y0, const int *y1, int lines)
{
	p->pix = ocr_ink_crop(clean, p->fx, p->fy, p->fw, p->fh);
	if (!p->pix)
		return XXGK_ENOMEM;
	xxgk_buf text;
	xxgk_buf_init(&text);
	int rc = XXGK_OK;
	for (int k = 0; k < lines && rc == XXGK_OK; k++) {
		int top = k == 0 ? p->fy : (y1[k - 1] + y0[k] + 1) / 2;
		int bottom = k + 1 == lines ? p->fy + p->fh : (y1[k] + y0[k + 1] + 1) / 2;
		PIX *piece = ocr_ink_crop(clean, p->fx, top, p->fw, bottom - top);
		int conf = 0;
		char *t = piece ? ocr_read(o->m->text, piece, PSM_SINGLE_LINE, &conf) : NULL;
		pixDestroy(&piece);
		if (!t) {
			rc = XXGK_ENOMEM;
			break;
		}
		if (text.len && *t)
			xxgk_buf_putc(&text, '\n');
		xxgk_buf_append(&text, t, strlen(t));
		free(t);
	}
	if (rc == XXGK_OK && !text.failed)
		p->text = ocr_clean(text.len ? text.data : "");
	xxgk_buf_free(&text);
	return p->text ? XXGK_OK : XXGK_ENOMEM;
}

/* Finds the ink of one table cell, (x0,y0)-(x1,y1) in pixels, and reads it
 * with chi_sim into `p`; p->pix stays NULL for an empty cell. */
static int ocr_cell_read(ocr_ctx *o, ocr_pending *p, PIX *clean, PIX *bin, int x0, int y0, int x1, int y1,
			 double pt)
{
	int inset = (int)ceil(OCR_CELL_INSET_PT / pt);
	x0 += inset, y0 += inset, x1 -= inset, y1 -= inset;
	if (x1 - x0 < 4 || y1 - y0 < 4)
		return XXGK_OK;
	BOX *box = boxCreate(x0, y0, x1 - x0, y1 - y0);
	PIX *ink = box ? pixClipRectangle(bin, box, NULL) : NULL;
	boxDestroy(&box);
	if (!ink)
		return XXGK_ENOMEM;
	l_int32 count = 0;
	pixCountPixels(ink, &count, NULL);
	double scale = (72.0 / pt) / 300.0;
	BOX *fg = NULL;
	if (count < OCR_MIN_INK * scale * scale || pixClipToForeground(ink, NULL, &fg) != 0 || !fg) {
		pixDestroy(&ink);
		boxDestroy(&fg);
		return XXGK_OK;   /* an empty cell */
	}
	int ly0[OCR_MAX_CELL_LINES], ly1[OCR_MAX_CELL_LINES];
	p->lines = ocr_ink_lines(ink, pt, ly0, ly1);
	pixDestroy(&ink);
	boxGetGeometry(fg, &p->fx, &p->fy, &p->fw, &p->fh);
	boxDestroy(&fg);
	p->fx += x0, p->fy += y0;
	int tallest = 0;
	for (int k = 0; k < p->lines && k < OCR_MAX_CELL_LINES; k++)
		tallest = ly1[k] - ly0[k] + 1 > tallest ? ly1[k] - ly0[k] + 1 : tallest;
	if (p->lines >= 1 && p->lines <= OCR_MAX_CELL_LINES && p->fw >= OCR_WRAPPED_EM * tallest) {
		for (int k = 0; k < p->lines; k++)
			ly0[k] += y0, ly1[k] += y0;
		return ocr_lines_read(o, p, clean, ly0, ly1, p->lines);
	}
	return ocr_ink_read(o, p, clean, PSM_SINGLE_BLOCK);
}

/* One CJK character that is not an n/a word, alone or among digits: in a
 * column of figures, a digit chi_sim took for a character (7 → 了, 2 → 人,
 * 0 → 则; 72 → 7了, 4 → 人4 in a blurred scan at 200 dpi). */
static bool ocr_is_lone_char(const char *s)
{
	size_t n = strlen(s), cjk = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp = 0;
		size_t k = xxgk_utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (!k)
			return false;
		if (ocr_is_cjk(cp)) {
			if (cp == 0x65E0 /* 无 */ || cp == 0x7A7A /* 空 */ || ++cjk > 1)
				return false;
		} else if (!(cp >= '0' && cp <= '9') && cp != '.' && cp != ',') {
			return false;
		}
		i += k;
	}
	return cjk == 1 && n <= 16;
}

/* A noisy page's cell read again by the digit model from its grey before
 * the median filter (o->raw), binarised, every speck under OCR_SPECK_PX a
 * side dropped — nothing added, so no digit can be made of noise — with a
 * white border: the median wears the thin strokes of a serif face (a 1 of
 * 8 × 34 pixels read as nothing), this leaves them. Into `*out` (malloc'd;
 * "" when nothing is read), its confidence into `*conf`. */
static int ocr_despeckled_read(ocr_ctx *o, const ocr_pending *p, double pt, char **out, int *conf)
{
	*out = NULL;
	*conf = 0;
	int pad = (int)ceil(OCR_CELL_INSET_PT / pt / 2);   /* a serif the median took off the box */
	int x0 = p->fx - pad, y0 = p->fy - pad, x1 = p->fx + p->fw + pad, y1 = p->fy + p->fh + pad;
	x0 = x0 < 0 ? 0 : x0, y0 = y0 < 0 ? 0 : y0;
	x1 = x1 > pixGetWidth(o->raw) ? pixGetWidth(o->raw) : x1;
	y1 = y1 > pixGetHeight(o->raw) ? pixGetHeight(o->raw) : y1;
	BOX *box = boxCreate(x0, y0, x1 - x0, y1 - y0);
	PIX *crop = box ? pixClipRectangle(o->raw, box, NULL) : NULL;
	boxDestroy(&box);
	PIX *bin = crop ? pixThresholdToBinary(crop, OCR_INK) : NULL;
	pixDestroy(&crop);
	int speck = (int)lround(OCR_SPECK_PX * (72.0 / pt) / 300.0);
	speck = speck < 2 ? 2 : speck;
	PIX *kept = bin ? pixSelectBySize(bin, speck, speck, 8, L_SELECT_IF_EITHER, L_SELECT_IF_GTE, NULL) : NULL;
	pixDestroy(&bin);
	PIX *grey = kept ? pixConvertTo8(kept, 0) : NULL;
	pixDestroy(&kept);
	PIX *pix = grey ? pixAddBorder(grey, 12, 255) : NULL;
	pixDestroy(&grey);
	if (!pix)
		return XXGK_ENOMEM;
	*out = ocr_read(o->m->digits, pix, PSM_SINGLE_LINE, conf);
	pixDestroy(&pix);
	if (!*out)
		return XXGK_ENOMEM;
	if (!ocr_is_figure(*out))
		(*out)[0] = '\0';
	ocr_digits_only(*out);
	return XXGK_OK;
}

/* Settles a read cell: a figure read again with the digit model (kept for
 * verification), anything else as chi_sim read it; its text to the page.
 * A `heading` cell is text whatever chi_sim read; a lone character is taken
 * for a digit only in a `figure_column` and when its ink is one line (a
 * two-line heading 其他/结果 read as 他 is not the figure 4 that the digit
 * model then finds in it). */
static int ocr_cell_settle(ocr_ctx *o, pdf_page *pg, ocr_pending *p, bool figure_column, bool heading,
			   double pt, uint32_t page_no)
{
	const char *use = p->text;
	char *digits = NULL;
	int rc = XXGK_OK, dconf = 0;
	bool lone = figure_column && p->lines < 2 && ocr_is_lone_char(p->text);
	if (!heading && (ocr_is_ascii(p->text) || lone)) {   /* "1" may come out of chi_sim as "]" */
		digits = ocr_read(o->m->digits, p->pix, PSM_SINGLE_LINE, &dconf);
		if (digits && !ocr_is_figure(digits)) {
			/* Tesseract 5's line mode returns nothing for some lone glyphs (a "0"
			 * of a sans face 30 pixels high) that its block mode reads: tried
			 * too, the same model and whitelist; the rules verify it as any */
			free(digits);
			digits = ocr_read(o->m->digits, p->pix, PSM_SINGLE_BLOCK, &dconf);
		}
		if (digits && !ocr_is_figure(digits) && ocr_is_figure(p->text)) {
			/* the digit model reads nothing where chi_sim read a figure (a
			 * blurred 0 of 18 × 24 pixels): chi_sim's reading, with the
			 * confidence of a guess, verified as any (before, it went to the
			 * page as text: a figure no rule judged and no warning named) */
			free(digits);
			digits = strdup(p->text);
			if (!digits)
				return XXGK_ENOMEM;
			dconf = OCR_GUESS_CONF;
		} else if (digits && !ocr_is_figure(digits)) {
			/* and neither mode reads a narrow glyph with the border every
			 * cell gets (a serif 1 of 15 × 41 pixels, turned −1°: "]" to
			 * chi_sim, nothing to the digit model) that both read with white
			 * half its height around it: read again so */
			PIX *wide = pixAddBorder(p->pix, p->fh / 2 > 8 ? p->fh / 2 : 8, 255);
			free(digits);
			digits = wide ? ocr_read(o->m->digits, wide, PSM_SINGLE_LINE, &dconf) : NULL;
			pixDestroy(&wide);
		}
		if (!digits)
			return XXGK_ENOMEM;
		if (!ocr_is_figure(digits) && figure_column && (strcmp(p->text, "O") == 0 || strcmp(p->text, "o") == 0)) {
			/* a lone 0 blurred by a turned or resampled scan: the digit model
			 * reads nothing, chi_sim a letter O; taken as 0 with the
			 * confidence of a guess, for the rules to confirm or flag */
			free(digits);
			digits = strdup("0");
			if (!digits)
				return XXGK_ENOMEM;
			dconf = OCR_GUESS_CONF;
			p->text[0] = '\0';
		}
		char *alt = NULL;
		int aconf = 0;
		if (o->raw) {
			rc = ocr_despeckled_read(o, p, pt, &alt, &aconf);
			if (rc != XXGK_OK) {
				free(digits);
				return rc;
			}
			if (*alt && (!ocr_is_figure(digits) || aconf > dconf)) {
				/* the despeckled reading where the median's read nothing, or
				 * read with less confidence: the reading, the other kept */
				char *t = digits;
				digits = alt;
				alt = t;
				dconf = aconf;
				if (!ocr_is_figure(alt))
					alt[0] = '\0';
				ocr_digits_only(alt);
			}
		}
		if (ocr_is_figure(digits)) {
			ocr_digits_only(digits);
			if (lone && dconf > OCR_GUESS_CONF)
				dconf = OCR_GUESS_CONF;   /* chi_sim saw a character: the rules must confirm it */
			bool chi_o = figure_column && (strcmp(p->text, "O") == 0 || strcmp(p->text, "o") == 0);
			bool chi_figure = !lone && (ocr_is_figure(p->text) || chi_o);
			if (chi_o)
				strcpy(p->text, "0");   /* a 0 chi_sim took for the letter */
			ocr_digits_only(p->text);   /* chi_sim's digits, if any (7了 → 7) */
			if (chi_figure && *p->text && strlen(p->text) == strlen(digits) && strcmp(p->text, digits) != 0 &&
			    dconf < OCR_GUESS_CONF) {
				/* the digit model unsure (a blurred 0 of 18 × 24 pixels read 6,
				 * confidence 0) and chi_sim reading a figure of its own (or the
				 * letter O in a column of figures) of as many characters — not
				 * one that dropped a digit: twins 11 and 11 read 1 and 1 hold
				 * their row blindly): chi_sim's
				 * is the reading, the digit model's the other, the confidence the
				 * low one — the rules confirm one or the cell is flagged */
				char *t = digits;
				digits = p->text;
				p->text = t;
			}
			use = digits;
			rc = ocr_note_cell(o, page_no, p->fx * pt, p->fy * pt, (p->fx + p->fw) * pt, (p->fy + p->fh) * pt,
					   digits, dconf, p->text, alt);
		}
		free(alt);
	}
	if (rc == XXGK_OK && *use)
		rc = ocr_add_glyph(pg, use, strlen(use), p->fx * pt, p->fy * pt, (p->fx + p->fw) * pt,
				   (p->fy + p->fh) * pt, p->id);
	free(digits);
	return rc;
}

/* Reads every cell of table `tb`: all with chi_sim, then each as its column
 * or its row says. A column is of figures when at least as many of its cells
 * read as figure-like — no CJK (a 0 read as "O" too) or one lone character
 * (a sans face's 1, flat-footed, read as 工) — as read as words: table 3's
 * columns have a heading or two and 25 figures, many of them 0 and 1 that
 * chi_sim never reads as digits. A row is of figures when more of its cells
 * are figure-like than words: table 4's one row of figures, under columns
 * headed by two and three words. A lone character whose ink is two lines
 * (a wrapped heading) is a word. The rows above the first with a reading of
 * no CJK are the table's headings: none of their cells is a figure (a
 * blurred 其他结果 read as 他, then as "4" by the digit model, put a figure
 * in table 4's heading row and the parser could not place the figures). */
static int ocr_table(ocr_ctx *o, pdf_page *pg, const pdf_table *tb, PIX *clean, PIX *bin, double pt,
		     uint32_t page_no)
{
	int nr = tb->ny - 1, nc = tb->nx - 1;
	size_t cap = (size_t)nr * (size_t)nc, n = 0;
	ocr_pending *ps = calloc(cap ? cap : 1, sizeof *ps);
	int *figures = calloc((size_t)nc, sizeof *figures), *words = calloc((size_t)nc, sizeof *words);
	int *row_figures = calloc((size_t)nr, sizeof *row_figures), *row_words = calloc((size_t)nr, sizeof *row_words);
	int rc = ps && figures && words && row_figures && row_words ? XXGK_OK : XXGK_ENOMEM;
	int first_figures = nr;   /* the first row with a reading of no CJK: the rows above are headings */
	for (int r = 0; r < nr && rc == XXGK_OK; r++)
		for (int c = 0; c < nc && rc == XXGK_OK; c++) {
			int32_t id = tb->cell_at[(size_t)r * (size_t)nc + (size_t)c];
			if (pg->cells[id].r0 != r || pg->cells[id].c0 != c)
				continue;
			int r1 = r, c1 = c;
			while (r1 + 1 < nr && tb->cell_at[(size_t)(r1 + 1) * (size_t)nc + (size_t)c] == id)
				r1++;
			while (c1 + 1 < nc && tb->cell_at[(size_t)r * (size_t)nc + (size_t)c1 + 1] == id)
				c1++;
			ocr_pending *p = &ps[n];
			p->id = id;
			p->row = r;
			p->col = c;
			rc = ocr_cell_read(o, p, clean, bin, (int)(tb->xs[c] / pt), (int)(tb->ys[r] / pt),
					   (int)(tb->xs[c1 + 1] / pt), (int)(tb->ys[r1 + 1] / pt), pt);
			if (p->pix) {
				n++;
				bool fig = ocr_is_ascii(p->text) || (p->lines < 2 && ocr_is_lone_char(p->text));
				(fig ? figures : words)[c]++;
				(fig ? row_figures : row_words)[r]++;
				if (ocr_is_ascii(p->text) && r < first_figures)
					first_figures = r;
			}
		}
	for (size_t k = 0; k < n && rc == XXGK_OK; k++) {
		int c = ps[k].col, r = ps[k].row;
		bool column = figures[c] > 0 && figures[c] >= words[c];
		bool row = row_figures[r] >= 2 && row_figures[r] > row_words[r];
		rc = ocr_cell_settle(o, pg, &ps[k], column || row, r < first_figures, pt, page_no);
	}
	for (size_t k = 0; ps && k < cap; k++) {
		pixDestroy(&ps[k].pix);
		free(ps[k].text);
	}
	free(ps);
	free(figures);
	free(words);
	free(row_figures);
	free(row_words);
	return rc;
}

/* ------------------------------------------------------ tables without rules */

/* A band's words stand this many ems apart at least (PDF_FIELD_GAP_EM, less a
 * margin: an ink box is smaller than the font's em box pdf.c measures). */
#define OCR_WORD_GAP_EM 1.5
/* Within a table row, words part at this gap: a wrapped label and a figure
 * centred in a narrow column beside it stand a little over an em apart. */
#define OCR_CELL_GAP_EM 1.0
/* Ink pixels of row y of binary `m` between columns x0 and x1 (inclusive)? */
static bool ocr_row_inked(const l_uint32 *data, int wpl, int y, int x0, int x1)
{
	const l_uint32 *line = data + (size_t)y * (size_t)wpl;
	for (int x = x0; x <= x1; x++)
		if (GET_DATA_BIT(line, x))
			return true;
	return false;
}

/* Runs of inked rows of `m` in the box: where each starts and ends (pixels,
 * inclusive) into r0/r1; returns how many (at most `cap`). */
static int ocr_row_runs(const l_uint32 *data, int wpl, int x0, int x1, int y0, int y1, int *r0, int *r1, int cap)
{
	int n = 0, start = -1;
	for (int y = y0; y <= y1 + 1; y++) {
		bool ink = y <= y1 && ocr_row_inked(data, wpl, y, x0, x1);
		if (ink && start < 0)
			start = y;
		else if (!ink && start >= 0) {
			if (n < cap) {
				r0[n] = start;
				r1[n] = y - 1;
				n++;
			}
			start = -1;
		}
	}
	return n;
}

static int ocr_int_cmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* Reads the ink box (fx, fy, fw, fh) of `clean` as one line with chi_sim into `p`. */
static int ocr_piece_read(ocr_ctx *o, ocr_pending *p, PIX *clean, int fx, int fy, int fw, int fh)
{
	p->id = -1;
	p->fx = fx, p->fy = fy, p->fw = fw, p->fh = fh;
	return ocr_ink_read(o, p, clean, PSM_SINGLE_LINE);
}

/*
 * Tables without rules (a 三线表, rules under the headings only, or none):
 * the page outside its ruled tables cut into bands of inked rows; a band
 * whose ink falls into two or more words OCR_WORD_GAP_EM ems apart is a
 * table row. Each word's lines are read one by one (Tesseract's page layout
 * drops a lone "0" or "1" between wide gaps; read alone, with the digit model
 * as in a ruled cell, it is not lost), each a run with its ink box, so
 * pdf.c's layout makes rows and fields of them as of a PDF's characters. The
 * band is painted white in `prose`: the rest is prose for ocr_prose().
 */
static int ocr_unruled(ocr_ctx *o, pdf_page *pg, PIX *prose, PIX *clean, double pt, uint32_t page_no)
{
	int rc = XXGK_OK;
	double px300 = (72.0 / pt) / 300.0;   /* pixels a 300-dpi pixel */
	int speck = (int)lround(OCR_SPECK_PX * px300);
	PIX *b = pixThresholdToBinary(prose, OCR_INK);
	PIX *m = b ? pixSelectBySize(b, speck < 2 ? 2 : speck, speck < 2 ? 2 : speck, 8, L_SELECT_IF_EITHER,
				     L_SELECT_IF_GTE, NULL)
		   : NULL;
	pixDestroy(&b);
	if (!m)
		return XXGK_ENOMEM;
	int w = pixGetWidth(m), h = pixGetHeight(m), wpl = pixGetWpl(m);
	const l_uint32 *data = pixGetData(m);
	int cap = h / 2 + 1;
	int *b0 = malloc((size_t)cap * sizeof *b0), *b1 = malloc((size_t)cap * sizeof *b1);
	int *hs = malloc((size_t)cap * sizeof *hs);
	int *w0 = malloc((size_t)(w / 2 + 1) * sizeof *w0), *w1 = malloc((size_t)(w / 2 + 1) * sizeof *w1);
	int *l0 = malloc((size_t)cap * sizeof *l0), *l1 = malloc((size_t)cap * sizeof *l1);
	ocr_pending *ps = NULL;
	size_t pn = 0, pcap = 0;
	if (!b0 || !b1 || !hs || !w0 || !w1 || !l0 || !l1) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	int bands = ocr_row_runs(data, wpl, 0, w - 1, 0, h - 1, b0, b1, cap);
	/* an em: the median band's height (most bands are one line of text) */
	int nh = 0;
	for (int i = 0; i < bands; i++)
		if (b1[i] - b0[i] + 1 >= speck)
			hs[nh++] = b1[i] - b0[i] + 1;
	if (nh == 0)
		goto done;
	qsort(hs, (size_t)nh, sizeof *hs, ocr_int_cmp);
	double em = fmin(fmax(hs[nh / 2], 6.0 / pt), 36.0 / pt);
	int gap = (int)ceil(OCR_WORD_GAP_EM * em), cell_gap = (int)ceil(OCR_CELL_GAP_EM * em);
	for (int i = 0; i < bands && rc == XXGK_OK; i++) {
		/* the band's words: runs of inked columns, split at a gap; a row
		 * of a table when two words stand OCR_WORD_GAP_EM apart, its cells
		 * then split at OCR_CELL_GAP_EM */
		int words = 0, start = -1, last = -1;
		bool row = false;
		for (int x = 0; x <= w; x++) {
			bool ink = false;
			if (x < w)
				for (int y = b0[i]; y <= b1[i] && !ink; y++)
					ink = GET_DATA_BIT(data + (size_t)y * (size_t)wpl, x) != 0;
			if (ink) {
				if (start >= 0 && x - last - 1 >= cell_gap) {
					row = row || x - last - 1 >= gap;
					w0[words] = start, w1[words] = last, words++;
					start = -1;
				}
				if (start < 0)
					start = x;
				last = x;
			}
		}
		if (start >= 0)
			w0[words] = start, w1[words] = last, words++;
		if (!row)
			words = 1;
		if (words < 2)
			continue;   /* prose, a heading, a lone label line */
		BOX *band = boxCreate(0, b0[i], w, b1[i] - b0[i] + 1);
		if (band)
			pixSetInRect(prose, band);
		boxDestroy(&band);
		/* each word's lines, read one by one */
		size_t first = pn;
		int figures = 0;
		for (int k = 0; k < words && rc == XXGK_OK; k++) {
			int lines = ocr_row_runs(data, wpl, w0[k], w1[k], b0[i], b1[i], l0, l1, cap);
			for (int l = 0; l < lines && rc == XXGK_OK; l++) {
				/* a thin piece (a dash, the strokes of 一) joins its nearer neighbour */
				if (l1[l] - l0[l] + 1 < 0.3 * em && lines > 1) {
					bool up = l > 0 && (l + 1 >= lines || l0[l] - l1[l - 1] <= l0[l + 1] - l1[l]);
					if (up)
						l1[l - 1] = l1[l];
					else
						l0[l + 1] = l0[l];
					continue;
				}
				if (!pdf_grow((void **)&ps, &pcap, pn, sizeof *ps)) {
					rc = XXGK_ENOMEM;
					break;
				}
				ocr_pending *p = &ps[pn++];
				memset(p, 0, sizeof *p);
				/* the piece's own columns: its ink may not fill the word's */
				int x0 = w0[k], x1 = w1[k];
				while (x0 < x1) {
					bool ink = false;
					for (int y = l0[l]; y <= l1[l] && !ink; y++)
						ink = GET_DATA_BIT(data + (size_t)y * (size_t)wpl, x0) != 0;
					if (ink)
						break;
					x0++;
				}
				while (x1 > x0) {
					bool ink = false;
					for (int y = l0[l]; y <= l1[l] && !ink; y++)
						ink = GET_DATA_BIT(data + (size_t)y * (size_t)wpl, x1) != 0;
					if (ink)
						break;
					x1--;
				}
				rc = ocr_piece_read(o, p, clean, x0, l0[l], x1 - x0 + 1, l1[l] - l0[l] + 1);
				if (rc == XXGK_OK && (ocr_is_ascii(p->text) || ocr_is_lone_char(p->text)))
					figures++;
			}
		}
		/* a lone character is a figure chi_sim missed when another word of the row is figure-like */
		for (size_t k = first; k < pn && rc == XXGK_OK; k++)
			if (ps[k].text && *ps[k].text)
				rc = ocr_cell_settle(o, pg, &ps[k], figures >= 2, false, pt, page_no);
	}
done:
	for (size_t k = 0; k < pn; k++) {
		pixDestroy(&ps[k].pix);
		free(ps[k].text);
	}
	free(ps);
	free(b0);
	free(b1);
	free(hs);
	free(w0);
	free(w1);
	free(l0);
	free(l1);
	pixDestroy(&m);
	return rc;
}

/* A line's words joined into runs: a new run where the gap between two
 * words is a column's (PDF_FIELD_GAP_EM of the line's height). */
typedef struct {
	xxgk_buf text;
	double x0, y0, x1, y1;
	bool open;
} ocr_run;

static int ocr_run_flush(pdf_page *pg, ocr_run *run, double pt)
{
	int rc = XXGK_OK;
	if (run->open && run->text.len) {
		char *clean = ocr_clean(run->text.data ? run->text.data : "");
		if (!clean)
			return XXGK_ENOMEM;
		if (*clean)
			rc = ocr_add_glyph(pg, clean, strlen(clean), run->x0 * pt, run->y0 * pt, run->x1 * pt,
					   run->y1 * pt, -1);
		free(clean);
	}
	run->open = false;
	run->text.len = 0;
	if (run->text.data)
		run->text.data[0] = '\0';
	return run->text.failed ? XXGK_ENOMEM : rc;
}

/* Prose is read at this resolution at most. chi_sim's line recogniser
 * scales each text line to its own input height whatever the page's, so a
 * 300-dpi page buys it nothing and costs Tesseract's layout analysis 2.25
 * times the pixels: read at 200 dpi, huaian_2024's prose pages cost 15 %
 * less CPU and read as well (characters wrong against the PDF's own text,
 * pages 1, 2, 6: 15 of 1,516 at 200 dpi, 22 at 300; 150 dpi loses the
 * title block: 57 of 497 on page 1). Table cells stay at the page's resolution. */
#define OCR_PROSE_DPI 200.0

/* Reads the page outside its tables (`prose`, the tables painted white):
 * its lines as Tesseract finds them, each a run with its box. */
static int ocr_prose(ocr_ctx *o, pdf_page *pg, PIX *prose, double pt)
{
	double dpi = 72.0 / pt;
	PIX *small = NULL;
	if (dpi > OCR_PROSE_DPI * 1.05) {
		float f = (float)(OCR_PROSE_DPI / dpi);
		small = pixScaleAreaMap(prose, f, f);   /* each pixel the mean of the area it covers */
		if (!small)
			return XXGK_ENOMEM;
		prose = small;
		pt /= f;
		dpi *= f;
	}
	TessBaseAPISetPageSegMode(o->m->text, PSM_AUTO);
	TessBaseAPISetImage2(o->m->text, prose);
	TessBaseAPISetSourceResolution(o->m->text, (int)lround(dpi));
	TessResultIterator *it = TessBaseAPIRecognize(o->m->text, NULL) == 0 ? TessBaseAPIGetIterator(o->m->text) : NULL;
	pixDestroy(&small);
	if (!it)
		return XXGK_OK;   /* nothing read */
	int rc = XXGK_OK;
	ocr_run run;
	memset(&run, 0, sizeof run);
	xxgk_buf_init(&run.text);
	const TessPageIterator *pit = TessResultIteratorGetPageIteratorConst(it);
	do {
		int l, t, r, b;
		if (!TessPageIteratorBoundingBox(pit, RIL_WORD, &l, &t, &r, &b))
			continue;
		char *s = TessResultIteratorGetUTF8Text(it, RIL_WORD);
		if (!s)
			continue;
		bool line_start = TessPageIteratorIsAtBeginningOf(pit, RIL_TEXTLINE);
		double em = run.open ? fmax(run.y1 - run.y0, (double)(b - t)) : 0;
		if (run.open && (line_start || l - run.x1 >= PDF_FIELD_GAP_EM * em))
			rc = ocr_run_flush(pg, &run, pt);
		if (!run.open) {
			run.open = true;
			run.x0 = l, run.y0 = t, run.x1 = r, run.y1 = b;
		} else {
			xxgk_buf_putc(&run.text, ' ');
			run.x0 = fmin(run.x0, l), run.y0 = fmin(run.y0, t);
			run.x1 = fmax(run.x1, r), run.y1 = fmax(run.y1, b);
		}
		xxgk_buf_append(&run.text, s, strlen(s));
		TessDeleteText(s);
	} while (rc == XXGK_OK && TessResultIteratorNext(it, RIL_WORD));
	if (rc == XXGK_OK)
		rc = ocr_run_flush(pg, &run, pt);
	xxgk_buf_free(&run.text);
	TessResultIteratorDelete(it);
	return rc;
}

/*
 * One page, `gray` 8 bpp at `dpi`: deskewed, rules, tables, cells read, prose
 * read; its tokens to `b` as page `page_no`.
 */
static int ocr_page(ocr_ctx *o, xxgk_docb *b, PIX *gray, double dpi, uint32_t page_no)
{
	int rc = XXGK_OK;
	pdf_page pg;
	memset(&pg, 0, sizeof pg);
	xxgk_buf_init(&pg.scratch);
	xxgk_buf_init(&pg.runs);
	PIX *g = NULL, *bin = NULL, *hm = NULL, *vm = NULL, *clean = NULL, *prose = NULL, *raw = NULL;
	PIX *tmp = NULL;
	double pt = 72.0 / dpi;   /* points a pixel */
	g = pixDeskew(gray, 0);
	if (!g) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	/* salt-and-pepper noise (a dirty scan) */
	tmp = pixThresholdToBinary(g, OCR_INK);
	PIX *specks = tmp ? pixSelectBySize(tmp, 3, 3, 8, L_SELECT_IF_BOTH, L_SELECT_IF_LT, NULL) : NULL;
	l_int32 speck_count = 0;
	if (specks)
		pixCountConnComp(specks, 8, &speck_count);
	pixDestroy(&specks);
	pixDestroy(&tmp);
	if (speck_count > OCR_MAX_SPECKS) {
		/* a 3 × 3 median. Tried instead (and dropped): painting each speck
		 * white. It read huaian_2024 pp. 3–5 with 1 % noise 200/200 exact
		 * (the median wears the thin strokes of its serif face: 162), but
		 * left clusters of three noise pixels that a 三线表's rows read as
		 * "-" and "、", and table 2's figures moved a row, unflagged. */
		PIX *m = pixMedianFilter(g, 3, 3);
		if (m) {
			raw = g;   /* kept: figures are read from it too (ocr_despeckled_read) */
			g = m;
		}
	}
	o->raw = raw;
	int w = pixGetWidth(g), h = pixGetHeight(g);
	pg.width = pg.disp_w = w * pt;
	pg.height = pg.disp_h = h * pt;
	bin = pixThresholdToBinary(g, OCR_INK);
	if (!bin) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	l_int32 ink = 0;
	pixCountPixels(bin, &ink, NULL);
	if (ink < OCR_MIN_INK)
		goto done;   /* a blank page */
	rc = ocr_models_get(o);
	if (rc != XXGK_OK)
		goto done;
	/* rules: bridge a pixel's gap (JPEG, a slight tilt), then keep long bars */
	int len = (int)ceil(OCR_RULE_MIN_PT / pt);
	tmp = pixCloseBrick(NULL, bin, 3, 1);
	hm = tmp ? pixOpenBrick(NULL, tmp, len, 1) : NULL;
	pixDestroy(&tmp);
	tmp = pixCloseBrick(NULL, bin, 1, 3);
	vm = tmp ? pixOpenBrick(NULL, tmp, 1, len) : NULL;
	pixDestroy(&tmp);
	if (!hm || !vm) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	clean = pixCopy(NULL, g);
	if (!clean) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	rc = ocr_rules(&pg, hm, vm, clean, bin, raw, pt);
	if (rc == XXGK_OK)
		rc = xxgk__pdf_find_tables(&pg);
	if (rc != XXGK_OK)
		goto done;
	prose = pixCopy(NULL, clean);
	if (!prose) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	for (size_t t = 0; t < pg.table_count && rc == XXGK_OK; t++) {
		const pdf_table *tb = &pg.tables[t];
		int tx0 = (int)(tb->xs[0] / pt), ty0 = (int)(tb->ys[0] / pt);
		int tx1 = (int)ceil(tb->xs[tb->nx - 1] / pt), ty1 = (int)ceil(tb->ys[tb->ny - 1] / pt);
		BOX *tbox = boxCreate(tx0, ty0, tx1 - tx0 + 1, ty1 - ty0 + 1);
		if (tbox)
			pixSetInRect(prose, tbox);
		boxDestroy(&tbox);
		rc = ocr_table(o, &pg, tb, clean, bin, pt, page_no);
	}
	if (rc == XXGK_OK)
		rc = ocr_unruled(o, &pg, prose, clean, pt, page_no);
	if (rc == XXGK_OK)
		rc = ocr_prose(o, &pg, prose, pt);
	o->glyphs += pg.char_count;
	if (rc == XXGK_OK)
		rc = xxgk__pdf_page_layout(&pg);
	if (rc == XXGK_OK)
		rc = xxgk__pdf_page_emit(b, &pg, page_no);
done:
	o->raw = NULL;
	pixDestroy(&raw);
	pixDestroy(&g);
	pixDestroy(&bin);
	pixDestroy(&hm);
	pixDestroy(&vm);
	pixDestroy(&clean);
	pixDestroy(&prose);
	pixDestroy(&tmp);
	xxgk__pdf_page_free(&pg);
	return rc;
}

/* Hands the document and the cells read to `out`. */
static int ocr_finish(ocr_ctx *o, xxgk_docb *b, xxgk_doc *out, int pages, xxgk_error *err)
{
	if (o->glyphs == 0)
		return xxgk_error_set(err, XXGK_EPARSE, 0, 0,
				      "no text layer, and OCR read no text on its %d page%s (a blank or unreadable scan)",
				      pages, pages == 1 ? "" : "s");
	int rc = xxgk__docb_finish(b, out, err);
	if (rc != XXGK_OK)
		return rc;
	out->ocr = o->cells;
	out->ocr_count = o->cell_count;
	o->cells = NULL;
	o->cell_count = o->cell_cap = 0;
	return XXGK_OK;
}

/* ------------------------------------------------------------- entries */

/* An 8-bit grey page from any leptonica image; NULL when out of memory. */
static PIX *ocr_gray(PIX *pix)
{
	PIX *n = pixRemoveColormap(pix, REMOVE_CMAP_BASED_ON_SRC);
	if (!n)
		return NULL;
	PIX *g = pixConvertTo8(n, 0);
	pixDestroy(&n);
	return g;
}

/* Where an image's trouble is, for its message: "p3.png: ", "image 3: ", "page 2: " or "". */
static void ocr_where(char *where, size_t cap, const char *const *names, size_t i, size_t n, size_t page,
		      size_t pages)
{
	size_t k = 0;
	where[0] = '\0';
	if (names && names[i])
		k = (size_t)snprintf(where, cap, "%s: ", names[i]);
	else if (n > 1)
		k = (size_t)snprintf(where, cap, "image %zu: ", i + 1);
	if (pages > 1 && k < cap)
		snprintf(where + k, cap - k, "page %zu: ", page + 1);
}

/* Where leptonica's unconditional lines go (lept_stderr: "Bad file: amount too big" from its TIFF
 * memory stream, whatever setMsgSeverity says): nowhere, the caller gets our one line. */
static void ocr_quiet(const char *msg)
{
	(void)msg;
}

int xxgk__images_check(const char *const *bufs, const size_t *lens, const char *const *names, size_t n,
		       bool decode_all, size_t *total_out, xxgk_error *err)
{
	char where[300], why[200];
	size_t total = 0;
	*total_out = 0;
	setMsgSeverity(L_SEVERITY_NONE);   /* leptonica's messages would go to stderr */
	leptSetStderrHandler(ocr_quiet);
	/* every file's pages counted (and measured) before any is read: a bad last page costs no OCR */
	for (size_t i = 0; i < n; i++) {
		size_t pages = 0;
		ocr_where(where, sizeof where, names, i, n, 0, 1);
		if (lens[i] > XXGK_CONVERT_MAX_INPUT)
			return xxgk_error_set(err, XXGK_ETOOBIG, 0, 0, "%simage of %zu bytes; the limit is %zu", where,
					      lens[i], XXGK_CONVERT_MAX_INPUT);
		int rc = xxgk__image_pages(bufs[i], lens[i], OCR_MAX_PAGES, OCR_MAX_SIDE, &pages, why, sizeof why);
		if (rc != XXGK_OK)
			return xxgk_error_set(err, rc, 0, 0, "%s%s", where, why);
		total += pages;
		if (total > OCR_MAX_PAGES)
			return xxgk_error_set(err, XXGK_ETOOBIG, 0, 0, "a scan of more than %d pages; OCR reads at most %d",
					      OCR_MAX_PAGES, OCR_MAX_PAGES);
		/* and decoded once, when there are several: a damaged last page is told before minutes of OCR */
		for (size_t p = 0; p < pages && (decode_all || n > 1 || pages > 1); p++) {
			PIX *pix = NULL;
			rc = xxgk__image_decode(&pix, bufs[i], lens[i], p, OCR_MAX_SIDE, why, sizeof why);
			pixDestroy(&pix);
			if (rc != XXGK_OK) {
				ocr_where(where, sizeof where, names, i, n, p, pages);
				return xxgk_error_set(err, rc, 0, 0, "%s%s", where, why);
			}
		}
	}
	if (total == 0)
		return xxgk_error_set(err, XXGK_EINVAL, 0, 0, "no page images");
	*total_out = total;
	return XXGK_OK;
}

int xxgk_images_read(xxgk_doc *out, const char *const *bufs, const size_t *lens, const char *const *names,
		     size_t n, xxgk_error *err)
{
	memset(out, 0, sizeof *out);
	char where[300], why[200];
	size_t total = 0;
	int rc = xxgk__images_check(bufs, lens, names, n, false, &total, err);
	if (rc != XXGK_OK)
		return rc;
	ocr_ctx o;
	rc = ocr_begin(&o, err);
	if (rc != XXGK_OK)
		return rc;
	xxgk_docb *b = xxgk__docb_new();
	if (!b)
		rc = XXGK_ENOMEM;
	uint32_t page_no = 0;
	for (size_t i = 0; i < n && rc == XXGK_OK; i++) {
		size_t pages = 0;
		xxgk__image_pages(bufs[i], lens[i], OCR_MAX_PAGES, OCR_MAX_SIDE, &pages, why, sizeof why);
		for (size_t p = 0; p < pages && rc == XXGK_OK; p++) {
			PIX *pix = NULL;
			page_no++;
			rc = xxgk__image_decode(&pix, bufs[i], lens[i], p, OCR_MAX_SIDE, why, sizeof why);
			if (rc != XXGK_OK) {
				ocr_where(where, sizeof where, names, i, n, p, pages);
				rc = xxgk_error_set(err, rc, 0, 0, "%s%s", where, why);
				break;
			}
			l_int32 xres = 0, yres = 0;
			pixGetResolution(pix, &xres, &yres);
			double dpi = xres >= OCR_MIN_DPI && xres <= 1200 ? xres : OCR_DPI;
			PIX *g = ocr_gray(pix);
			pixDestroy(&pix);
			rc = g ? ocr_page(&o, b, g, dpi, page_no) : XXGK_ENOMEM;
			pixDestroy(&g);
			if (rc == XXGK_ETOOBIG) {
				ocr_where(where, sizeof where, names, i, n, p, pages);
				xxgk_error_set(err, rc, 0, 0, "%smore than %zu characters read on the page", where,
					       PDF_MAX_PAGE_CHARS);
			}
		}
	}
	if (rc == XXGK_OK)
		rc = ocr_finish(&o, b, out, (int)page_no, err);
	else if (rc == XXGK_ENOMEM)
		xxgk_error_set(err, rc, 0, 0, "out of memory");
	xxgk__docb_free(b);
	ocr_end(&o);
	return rc;
}

int xxgk_image_read(xxgk_doc *out, const char *buf, size_t len, xxgk_error *err)
{
	return xxgk_images_read(out, &buf, &len, NULL, 1, err);
}

/* A PDF page rendered at OCR_DPI as 8-bit grey; NULL when it cannot be.
 * `*surf` is the colour surface drawn on, kept for the next page of the
 * same size: a fresh one is 35 MB of memory the kernel must hand over page
 * by page (a third of the minor faults of a six-page scan). */
static PIX *ocr_render(PopplerPage *page, cairo_surface_t **surf_keep)
{
	double pw = 0, ph = 0;
	poppler_page_get_size(page, &pw, &ph);
	double s = OCR_DPI / 72.0;
	if (!isfinite(pw) || !isfinite(ph) || pw <= 0 || ph <= 0 || pw * s > OCR_MAX_SIDE || ph * s > OCR_MAX_SIDE)
		return NULL;
	int w = (int)ceil(pw * s), h = (int)ceil(ph * s);
	cairo_surface_t *surf = *surf_keep;
	if (surf && (cairo_image_surface_get_width(surf) != w || cairo_image_surface_get_height(surf) != h)) {
		cairo_surface_destroy(surf);
		surf = *surf_keep = NULL;
	}
	if (!surf) {
		surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
		if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
			cairo_surface_destroy(surf);
			return NULL;
		}
		*surf_keep = surf;
	}
	cairo_t *cr = cairo_create(surf);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, s, s);
	poppler_page_render_for_printing(page, cr);
	cairo_destroy(cr);
	cairo_surface_flush(surf);
	PIX *g = pixCreate(w, h, 8);
	if (g) {
		const unsigned char *data = cairo_image_surface_get_data(surf);
		int stride = cairo_image_surface_get_stride(surf);
		l_uint32 *dst = pixGetData(g);
		int wpl = pixGetWpl(g);
		for (int y = 0; y < h; y++) {
			const uint32_t *row = (const uint32_t *)(const void *)(data + (size_t)y * (size_t)stride);
			l_uint32 *line = dst + (size_t)y * (size_t)wpl;
			for (int x = 0; x < w; x++) {
				uint32_t px = row[x];
				unsigned r = (px >> 16) & 255, gg = (px >> 8) & 255, bb = px & 255;
				SET_DATA_BYTE(line, x, (l_uint8)((r * 77 + gg * 150 + bb * 29) >> 8));
			}
		}
		pixSetResolution(g, (int)OCR_DPI, (int)OCR_DPI);
	}
	return g;
}

int xxgk__ocr_pdf(xxgk_doc *out, void *document, xxgk_error *err)
{
	PopplerDocument *doc = document;
	int pages = poppler_document_get_n_pages(doc);
	if (pages > OCR_MAX_PAGES)
		return xxgk_error_set(err, XXGK_ETOOBIG, 0, 0,
				      "scanned PDF of %d pages; OCR reads at most %d", pages, OCR_MAX_PAGES);
	ocr_ctx o;
	int rc = ocr_begin(&o, err);
	if (rc != XXGK_OK)
		return rc;
	xxgk_docb *b = xxgk__docb_new();
	if (!b)
		rc = XXGK_ENOMEM;
	cairo_surface_t *surf = NULL;
	for (int p = 0; p < pages && rc == XXGK_OK; p++) {
		PopplerPage *page = poppler_document_get_page(doc, p);
		PIX *g = page ? ocr_render(page, &surf) : NULL;
		if (page)
			g_object_unref(page);
		if (!g)
			continue;   /* a page that cannot be rendered holds nothing to read */
		rc = ocr_page(&o, b, g, OCR_DPI, (uint32_t)p + 1);
		pixDestroy(&g);
		if (rc == XXGK_ETOOBIG)
			rc = xxgk_error_set(err, rc, 0, 0, "scanned PDF page %d: more than %zu characters read",
					    p + 1, PDF_MAX_PAGE_CHARS);
	}
	cairo_surface_destroy(surf);
	if (rc == XXGK_OK)
		rc = ocr_finish(&o, b, out, pages, err);
	else if (rc == XXGK_ENOMEM)
		xxgk_error_set(err, rc, 0, 0, "out of memory");
	xxgk__docb_free(b);
	ocr_end(&o);
	return rc;
}
