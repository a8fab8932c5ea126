/*
 * pdf_font.c — the three type faces of a render: which characters each has,
 * how wide they are, line breaking, drawing with fallback, and the subset
 * each PDF embeds.
 *
 * Exports render_fonts_open/free/missing/load, render_text_width, _draw,
 * _draw_bold, _wrap and _fit (render_int.h).
 *
 * Fonts (DOMAIN.md, "Facts about our libraries"): libharu 2.3.0 draws CJK
 * only from an embedded TrueType font with HPDF_UseUTFEncodings and the
 * "UTF-8" encoder. It then writes each character's Unicode value as its CID
 * (so characters above U+FFFF are dropped) and embeds the whole character
 * map and width table of the font, subsetting only `glyf`: 500 KB and more
 * per PDF for WQY Zen Hei. So each font is cut down first with HarfBuzz's
 * hb-subset (harfbuzz ≥ 2.9; Debian 12 has 6.0) to the characters the
 * document draws in it, written to a temporary file (libharu 2.3 has no
 * loader from memory) and loaded from there.
 *
 * Which characters a font has is read from its own cmap through HarfBuzz
 * (hb_font_get_nominal_glyph): HPDF_Font_GetUnicodeWidth cannot tell, since
 * it returns the advance of .notdef for a missing character, and AR PL
 * UMing's .notdef is exactly as wide as its Latin letters (500). Widths come
 * from HarfBuzz too (the font's hmtx, scaled to 1/1000 em and truncated as
 * libharu does), so the dry pass can measure before libharu sees any font.
 * Measuring ourselves code point by code point also avoids
 * HPDF_Page_MeasureText, which can cut a UTF-8 sequence in two.
 *
 * Codes. libharu 2.3's UTF-8 encoder shows each character under its Unicode
 * value as CID, and for every font it builds the CIDToGIDMap by looking up
 * all 65 536 values in the font's cmap, each lookup a linear walk over the
 * cmap's segments: with a subset of 500 scattered ideographs (500 segments)
 * that was a third of a render's time. So the document's characters are
 * numbered instead: the i-th in Unicode order is shown under code
 * render_code(i) (from U+0021 up), every font's subset gets a cmap of one
 * segment mapping those codes to its glyphs, and the ToUnicode map
 * (pdf_save.c) maps each code back to its character. Text extraction and
 * search see the characters; the codes appear only inside the PDF.
 *
 * Line breaking follows the simple rules of GB/T 15834-2011 (标点符号用法,
 * 4.1–4.3) and W3C "Requirements for Chinese Text Layout" (clreq, 3.1.7):
 * no closing punctuation at the start of a line, no opening punctuation at
 * the end; ideographs break anywhere; Latin words and numbers stay whole.
 */
#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <fontconfig/fontconfig.h>
#include <hpdf.h>
#include <hb.h>
#include <hb-subset.h>

#include "../common/common_int.h"
#include "render_int.h"

/*
 * The faces are found through fontconfig by family (and style, for Liberation
 * Serif's four files), the first face of each collection, the one the code
 * reads: wherever a system keeps them. Where fontconfig does not know a
 * family, the path Debian's packages use (fonts-wqy-zenhei,
 * fonts-arphic-uming, fonts-arphic-ukai, fonts-liberation2) is tried.
 */
static const char *const font_families[RENDER_FONT_COUNT][2] = {
	[RENDER_FONT_HEI] = { "WenQuanYi Zen Hei", NULL }, [RENDER_FONT_SONG] = { "AR PL UMing CN", NULL },
	[RENDER_FONT_KAI] = { "AR PL UKai CN", NULL }, [RENDER_FONT_LATIN] = { "Liberation Serif", "Regular" },
};
static const char *const font_debian[RENDER_FONT_COUNT] = {
	[RENDER_FONT_HEI] = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
	[RENDER_FONT_SONG] = "/usr/share/fonts/truetype/arphic/uming.ttc",
	[RENDER_FONT_KAI] = "/usr/share/fonts/truetype/arphic/ukai.ttc",
	/* fonts-liberation2: Times-metric serif for digits and Latin in the body text (UMing's are monospaced) */
	[RENDER_FONT_LATIN] = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
};
static char *font_found[RENDER_FONT_COUNT];   /* kept for the process */
static pthread_once_t font_found_once = PTHREAD_ONCE_INIT;

/* The file whose face 0 is `family` (of `style`, when given), or NULL. */
static char *font_lookup(const char *family, const char *style)
{
	FcPattern *p = style ? FcPatternBuild(NULL, FC_FAMILY, FcTypeString, family, FC_STYLE, FcTypeString, style, (char *)0)
			     : FcPatternBuild(NULL, FC_FAMILY, FcTypeString, family, (char *)0);
	FcObjectSet *os = FcObjectSetBuild(FC_FILE, FC_INDEX, (char *)0);
	FcFontSet *fs = p && os ? FcFontList(NULL, p, os) : NULL;
	char *path = NULL;
	for (int i = 0; fs && i < fs->nfont && !path; i++) {
		FcChar8 *file = NULL;
		int index = -1;
		if (FcPatternGetString(fs->fonts[i], FC_FILE, 0, &file) == FcResultMatch &&
		    FcPatternGetInteger(fs->fonts[i], FC_INDEX, 0, &index) == FcResultMatch && index == 0)
			path = xxgk_strdup((const char *)file);
	}
	if (fs)
		FcFontSetDestroy(fs);
	if (os)
		FcObjectSetDestroy(os);
	if (p)
		FcPatternDestroy(p);
	return path;
}

static void font_find_all(void)
{
	for (int i = 0; i < RENDER_FONT_COUNT; i++)
		font_found[i] = font_lookup(font_families[i][0], font_families[i][1]);
}

/* The default file of a role: fontconfig's, else Debian's path. */
static const char *font_default(int role)
{
	pthread_once(&font_found_once, font_find_all);
	return font_found[role] ? font_found[role] : font_debian[role];
}

/* Drawn for a character no font has (U+25A1 WHITE SQUARE). */
#define FONT_MISSING_CP 0x25A1u
/* Width-cache marks: 0 not looked up yet, FONT_NO_GLYPH not in the font. */
#define FONT_NO_GLYPH 0xFFFFu
/* Longest run handed to libharu at once, in bytes (a run is cut there and continued). */
#define FONT_RUN_CAP 1024

typedef struct {
	const char *path;           /* borrowed from the options or a default */
	hb_blob_t *blob;            /* these five: from the process's open files (font_files), or owned */
	hb_face_t *face;            /* collection index 0 (Zen Hei; UMing CN; UKai CN) */
	hb_font_t *font;
	unsigned upem;
	_Atomic uint16_t *cache;    /* 65 536 entries: width + 1 in 1/1000 em, FONT_NO_GLYPH, or 0 */
	bool owned;                 /* not shared: freed with the render */
	hb_set_t *used;             /* characters the dry pass drew in this font */
	HPDF_Font hfont;            /* the loaded subset (live pass) */
} font_slot;

/*
 * The font files opened so far, kept for the process: the second and later
 * renders of a process (a batch, the server) neither map nor parse a font
 * again, and the parts HarfBuzz has read stay in memory — the subsetter
 * reads each drawn glyph's outline, and on a fresh mapping every one costs a
 * page fault. Read-only once opened, except the width cache, whose entries
 * are written with relaxed atomic stores (any thread writes the same value),
 * so renders in parallel threads share them. At most FONT_FILES_CAP paths;
 * further ones are opened for one render.
 */
#define FONT_FILES_CAP 16
typedef struct {
	char *path;
	hb_blob_t *blob;
	hb_face_t *face;
	hb_font_t *font;
	unsigned upem;
	_Atomic uint16_t *cache;
} font_file;
static font_file font_files[FONT_FILES_CAP];
static size_t font_file_count;
static pthread_mutex_t font_files_lock = PTHREAD_MUTEX_INITIALIZER;

struct render_fonts {
	font_slot slot[RENDER_FONT_COUNT];
	uint32_t *chars;            /* live pass: the characters drawn in any font, ascending (index → code) */
	size_t char_count;
};

/* ---- opening and coverage ---- */

/* Maps and reads the font at `path` into `s`'s five file fields (owned). */
static int font_open_file(font_slot *s, const char *path, xxgk_error *err)
{
	int rc = XXGK_OK;
	s->owned = true;
	s->blob = hb_blob_create_from_file_or_fail(path);
	if (!s->blob) {
		rc = xxgk_error_set(err, XXGK_EIO, 0, 0, "%s: cannot read the font", path);
		goto done;
	}
	s->face = hb_face_create(s->blob, 0);
	if (hb_face_get_glyph_count(s->face) == 0) {
		rc = xxgk_error_set(err, XXGK_EIO, 0, 0, "%s: not a TrueType font", path);
		goto done;
	}
	s->font = hb_font_create(s->face);
	s->upem = hb_face_get_upem(s->face);
	s->cache = calloc(65536, sizeof *s->cache);
	if (!s->cache)
		rc = xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory opening %s", path);
done:
	return rc;
}

static int font_open(font_slot *s, const char *path, xxgk_error *err)
{
	int rc = XXGK_OK;
	s->path = path;
	s->used = hb_set_create();
	if (!hb_set_allocation_successful(s->used))
		return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory opening %s", path);
	pthread_mutex_lock(&font_files_lock);
	for (size_t i = 0; i < font_file_count; i++)
		if (strcmp(font_files[i].path, path) == 0) {
			font_file *k = &font_files[i];
			*s = (font_slot){ .path = path, .blob = k->blob, .face = k->face, .font = k->font,
					  .upem = k->upem, .cache = k->cache, .used = s->used };
			goto done;
		}
	rc = font_open_file(s, path, err);
	if (rc == XXGK_OK && font_file_count < FONT_FILES_CAP) {
		char *copy = xxgk_strdup(path);
		if (copy) {
			font_files[font_file_count++] = (font_file){ .path = copy, .blob = s->blob, .face = s->face,
								     .font = s->font, .upem = s->upem,
								     .cache = s->cache };
			s->owned = false;
		}
	}
done:
	pthread_mutex_unlock(&font_files_lock);
	return rc;
}

int render_fonts_open(render_fonts **out, const xxgk_render_options *opts, xxgk_error *err)
{
	int rc = XXGK_OK;
	render_fonts *f = calloc(1, sizeof *f);
	const char *paths[RENDER_FONT_COUNT] = { font_default(RENDER_FONT_HEI), font_default(RENDER_FONT_SONG),
						 font_default(RENDER_FONT_KAI), font_default(RENDER_FONT_LATIN) };
	*out = NULL;
	if (!f)
		return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
	if (opts && opts->font_hei)
		paths[RENDER_FONT_HEI] = opts->font_hei;
	if (opts && opts->font_song)
		paths[RENDER_FONT_SONG] = opts->font_song;
	if (opts && opts->font_kai)
		paths[RENDER_FONT_KAI] = opts->font_kai;
	if (opts && opts->font_latin)
		paths[RENDER_FONT_LATIN] = opts->font_latin;
	for (int i = 0; i < RENDER_FONT_COUNT && rc == XXGK_OK; i++)
		rc = font_open(&f->slot[i], paths[i], err);
	if (rc != XXGK_OK) {
		render_fonts_free(f);
		f = NULL;
	}
	*out = f;
	return rc;
}

void render_fonts_free(render_fonts *f)
{
	if (!f)
		return;
	for (int i = 0; i < RENDER_FONT_COUNT; i++) {
		font_slot *s = &f->slot[i];
		hb_set_destroy(s->used);
		if (!s->owned)
			continue;
		free((void *)s->cache);
		hb_font_destroy(s->font);
		hb_face_destroy(s->face);
		hb_blob_destroy(s->blob);
	}
	free(f->chars);
	free(f);
}

/* The width of `cp` in 1/1000 em, or -1 when the font has no glyph for it. */
static int font_width(font_slot *s, uint32_t cp)
{
	hb_codepoint_t gid;
	unsigned w;
	if (cp > 0xFFFF)
		return -1;   /* libharu 2.3 writes 16-bit CIDs: nothing above the BMP */
	uint16_t c = atomic_load_explicit(&s->cache[cp], memory_order_relaxed);
	if (c == 0) {
		if (!hb_font_get_nominal_glyph(s->font, cp, &gid) || gid == 0) {
			c = FONT_NO_GLYPH;
		} else {
			/* libharu: advance × 1000 / units_per_em, truncated */
			w = (unsigned)hb_font_get_glyph_h_advance(s->font, gid) * 1000u / (s->upem ? s->upem : 1000u);
			c = (uint16_t)(w < FONT_NO_GLYPH - 1 ? w + 1 : FONT_NO_GLYPH - 1);
		}
		atomic_store_explicit(&s->cache[cp], c, memory_order_relaxed);
	}
	return c == FONT_NO_GLYPH ? -1 : (int)c - 1;
}

/*
 * The font that draws `cp` for `role`: the role's own, else 黑体, 宋体, 楷体 in
 * that order (DOMAIN.md: UMing lacks some rare place-name characters that
 * Zen Hei has). Sets *drawn to □ when none has it, and returns -1 for
 * characters not drawn at all (controls).
 */
static int font_pick(render_fonts *f, render_font_role role, uint32_t cp, uint32_t *drawn, int *width)
{
	static const render_font_role order[] = { RENDER_FONT_HEI, RENDER_FONT_SONG, RENDER_FONT_KAI };
	int w;
	*drawn = cp;
	if (cp < 0x20 || cp == 0x7F)
		return -1;
	/* printable ASCII of the 宋 and 楷 roles: a proportional serif, as official documents set digits */
	/* and the en dash of ranges ("3%–12%"): the CJK faces draw it a full em wide, as long as "—" */
	if (role != RENDER_FONT_HEI && (cp < 0x7F || cp == 0x2013) &&
	    (w = font_width(&f->slot[RENDER_FONT_LATIN], cp)) >= 0) {
		*width = w;
		return RENDER_FONT_LATIN;
	}
	if ((w = font_width(&f->slot[role], cp)) >= 0) {
		*width = w;
		return (int)role;
	}
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
		if (order[i] != role && (w = font_width(&f->slot[order[i]], cp)) >= 0) {
			*width = w;
			return (int)order[i];
		}
	*drawn = FONT_MISSING_CP;
	if ((w = font_width(&f->slot[role], FONT_MISSING_CP)) >= 0) {
		*width = w;
		return (int)role;
	}
	*width = font_width(&f->slot[RENDER_FONT_HEI], FONT_MISSING_CP);
	if (*width < 0)
		*width = 1000;
	return RENDER_FONT_HEI;
}

bool render_fonts_missing(render_fonts *f, uint32_t cp)
{
	uint32_t drawn;
	int w;
	return font_pick(f, RENDER_FONT_HEI, cp, &drawn, &w) >= 0 && drawn != cp;
}

/* ---- measuring and drawing ---- */

/* Decodes one code point of valid UTF-8 (the layout guarantees it); 0 bytes at the end. */
static size_t text_next(const char *s, size_t len, uint32_t *cp)
{
	size_t n = xxgk_utf8_decode((const unsigned char *)s, len, cp);
	if (n == 0 && len > 0) {   /* not reached for layout text: one byte as U+FFFD */
		*cp = 0xFFFD;
		n = 1;
	}
	return n;
}

double render_text_width(render_pdf *p, render_font_role role, double size, const char *s, size_t len)
{
	double total = 0;
	size_t i = 0, n;
	uint32_t cp, drawn;
	int w;
	while (i < len && (n = text_next(s + i, len - i, &cp)) > 0) {
		if (font_pick(p->fonts, role, cp, &drawn, &w) >= 0)
			total += w;
		i += n;
	}
	return total * size / 1000.0;
}

/* The code `cp` is shown under (see "Codes" above); 0 for a character the dry pass did not draw. */
static uint32_t font_code(const render_fonts *f, uint32_t cp)
{
	size_t lo = 0, hi = f->char_count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (f->chars[mid] < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < f->char_count && f->chars[lo] == cp ? render_code(lo) : 0;
}

/* Hands one run (all in one font) to libharu. */
static void text_run_flush(render_pdf *p, int font, double size, double *x, double y, xxgk_buf *run,
			   double run_width, size_t run_chars, double char_space)
{
	if (run->len == 0)
		return;
	if (!p->dry && p->fonts->slot[font].hfont) {
		HPDF_Page_SetFontAndSize(p->page, p->fonts->slot[font].hfont, (HPDF_REAL)size);
		HPDF_Page_TextOut(p->page, (HPDF_REAL)*x, (HPDF_REAL)y, run->data);
	}
	*x += run_width * size / 1000.0 + (double)run_chars * char_space;
	run->len = 0;
	run->data[0] = '\0';
}

/* Wide characters break on either side: ideographs, CJK punctuation, kana, full-width forms. */
static bool text_wide(uint32_t cp)
{
	return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFFEF) || cp >= 0x20000 ||
	       cp == 0x2014 || cp == 0x2026 || cp == 0x25A1;
}

/* Does a justified line take extra space after `cp` (followed by `next`, 0 at the end)? */
static bool text_gap_after(uint32_t cp, uint32_t next)
{
	return text_wide(cp) || cp == ' ' || (next && text_wide(next));
}

size_t render_text_gaps(const char *s, size_t len)
{
	size_t i = 0, n, gaps = 0;
	uint32_t cp = 0, next;
	bool have = false;
	while (i < len && (n = text_next(s + i, len - i, &next)) > 0) {
		i += n;
		if (next < 0x20 || next == 0x7F)
			continue;   /* not drawn */
		if (have && text_gap_after(cp, next))
			gaps++;
		cp = next;
		have = true;
	}
	return gaps;
}

static void text_draw(render_pdf *p, render_font_role role, double size, double x, double y, const char *s,
		      size_t len, double char_space)
{
	xxgk_buf run;
	size_t i = 0, n, run_chars = 0;
	uint32_t cp, next = 0, drawn;
	int font, run_font = -1, w;
	double run_width = 0, run_space = 0;
	bool run_wide = false;
	char enc[4];
	xxgk_buf_init(&run);
	if (!xxgk_buf_reserve(&run, FONT_RUN_CAP + 8)) {
		p->oom = true;   /* the render fails: never a page with text left out */
		return;
	}
	size_t nn = len ? text_next(s, len, &next) : 0;
	while (i < len && (n = nn) > 0) {
		cp = next;
		i += n;
		nn = i < len ? text_next(s + i, len - i, &next) : 0;
		if (!nn)
			next = 0;
		if ((font = font_pick(p->fonts, role, cp, &drawn, &w)) < 0)
			continue;
		/* justified: wide characters take the space after each (Tc), narrow runs only at their end */
		bool wide = char_space != 0 && text_wide(cp);
		if (font != run_font || run.len >= FONT_RUN_CAP || (char_space != 0 && wide != run_wide)) {
			text_run_flush(p, run_font, size, &x, y, &run, run_width, run_chars, run_space);
			run_font = font;
			run_width = 0;
			run_chars = 0;
			run_wide = wide;
			run_space = wide ? char_space : 0;
			if (!p->dry && char_space != 0)
				HPDF_Page_SetCharSpace(p->page, (HPDF_REAL)run_space);
		}
		if (p->dry)
			hb_set_add(p->fonts->slot[font].used, drawn);
		else if ((drawn = font_code(p->fonts, drawn)) == 0)
			continue;   /* not reached: the live pass draws what the dry pass recorded */
		xxgk_buf_append(&run, enc, xxgk_utf8_encode(drawn, enc));
		run_width += w;
		run_chars++;
		if (char_space != 0 && !wide && text_gap_after(cp, next)) {
			/* a space, or the end of a number or word before a wide character: one gap, then a new run */
			text_run_flush(p, run_font, size, &x, y, &run, run_width, run_chars, 0);
			x += char_space;
			run_width = 0;
			run_chars = 0;
		}
	}
	text_run_flush(p, run_font, size, &x, y, &run, run_width, run_chars, run_space);
	if (!p->dry && char_space != 0)
		HPDF_Page_SetCharSpace(p->page, 0);
	xxgk_buf_free(&run);
}

void render_text_draw(render_pdf *p, render_font_role role, double size, double x, double y, const char *s,
		      size_t len, double char_space)
{
	if (!p->dry)
		HPDF_Page_BeginText(p->page);
	text_draw(p, role, size, x, y, s, len, char_space);
	if (!p->dry)
		HPDF_Page_EndText(p->page);
}

void render_text_draw_bold(render_pdf *p, render_font_role role, double size, double x, double y,
			   const char *s, size_t len)
{
	if (!p->dry) {
		/* fill, then stroke the outline in the same colour: a heavier face for the title (小标宋) */
		HPDF_Page_SetLineWidth(p->page, (HPDF_REAL)(size * 0.03));
		HPDF_Page_SetLineJoin(p->page, HPDF_ROUND_JOIN);
		HPDF_Page_BeginText(p->page);
		HPDF_Page_SetTextRenderingMode(p->page, HPDF_FILL_THEN_STROKE);
	}
	text_draw(p, role, size, x, y, s, len, 0);
	if (!p->dry) {
		HPDF_Page_SetTextRenderingMode(p->page, HPDF_FILL);
		HPDF_Page_EndText(p->page);
		HPDF_Page_SetLineJoin(p->page, HPDF_MITER_JOIN);
	}
}

/* ---- line breaking ---- */

/* Characters that may not begin a line (GB/T 15834 4.1; clreq 3.1.7). */
static bool text_no_start(uint32_t cp)
{
	static const uint32_t v[] = {
		0x0021, 0x0029, 0x002C, 0x002E, 0x003A, 0x003B, 0x003F, 0x005D, 0x007D, 0x0025,
		0x00B7, 0x2019, 0x201D, 0x2026, 0x2030, 0x3001, 0x3002, 0x3009, 0x300B, 0x300D,
		0x300F, 0x3011, 0x3015, 0x3017, 0xFF01, 0xFF09, 0xFF0C, 0xFF0E, 0xFF1A, 0xFF1B,
		0xFF1F, 0xFF3D, 0xFF5D, 0xFF05, 0x2014, 0xFF5E, 0x30FC
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		if (v[i] == cp)
			return true;
	return false;
}

/* Characters that may not end a line. */
static bool text_no_end(uint32_t cp)
{
	static const uint32_t v[] = { 0x0028, 0x005B, 0x007B, 0x2018, 0x201C, 0x3008, 0x300A, 0x300C,
				      0x300E, 0x3010, 0x3014, 0x3016, 0xFF08, 0xFF3B, 0xFF5B };
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		if (v[i] == cp)
			return true;
	return false;
}

static bool text_digit(uint32_t cp)
{
	return cp >= '0' && cp <= '9';
}

bool render_text_can_break(uint32_t a, uint32_t b)
{
	if (text_no_start(b) || text_no_end(a))
		return false;
	if (a == ' ' || a == 0x2013)   /* after a space or a range's en dash */
		return true;
	/* a number is never cut: "3,119", "16.5", "50.0%" */
	if ((text_digit(a) && (text_digit(b) || b == ',' || b == '.' || b == '%')) ||
	    (text_digit(b) && (a == ',' || a == '.' || a == '-')))
		return false;
	if (b == ' ')
		return false;
	return text_wide(a) || text_wide(b);
}

static int wrap_push(render_line **v, size_t *count, size_t *cap, size_t start, size_t len, double width,
		     bool hard_end)
{
	if (*count == *cap) {
		size_t ncap = *cap ? *cap * 2 : 8;
		render_line *nv = realloc(*v, ncap * sizeof *nv);
		if (!nv)
			return XXGK_ENOMEM;
		*v = nv;
		*cap = ncap;
	}
	(*v)[(*count)++] = (render_line){ .start = start, .len = len, .width = width, .hard_end = hard_end };
	return XXGK_OK;
}

/* The width of s[start, end) without trailing spaces, and that end. */
static double wrap_measure(render_pdf *p, render_font_role role, double size, const char *s, size_t start,
			   size_t *end)
{
	while (*end > start && s[*end - 1] == ' ')
		(*end)--;
	return render_text_width(p, role, size, s + start, *end - start);
}

int render_text_wrap(render_line **out, size_t *count, render_pdf *p, render_font_role role, double size,
		     const char *s, double first_width, double width)
{
	int rc = XXGK_OK;
	render_line *v = NULL;
	size_t cap = 0, len = strlen(s), i = 0, n, line_start = 0, brk = 0, end;
	uint32_t cp, prev = 0;
	double line_w = 0, limit = first_width;
	uint32_t drawn;
	int w;
	*count = 0;
	while (i < len && rc == XXGK_OK && (n = text_next(s + i, len - i, &cp)) > 0) {
		if (cp == '\n') {
			end = i;
			line_w = wrap_measure(p, role, size, s, line_start, &end);
			rc = wrap_push(&v, count, &cap, line_start, end - line_start, line_w, true);
			i += n;
			line_start = brk = i;
			line_w = 0;
			prev = 0;
			limit = width;
			continue;
		}
		if (i > line_start && render_text_can_break(prev, cp))
			brk = i;
		w = 0;
		if (font_pick(p->fonts, role, cp, &drawn, &w) < 0)
			w = 0;
		if (i > line_start && cp != ' ' && line_w + w * size / 1000.0 > limit + 1e-6) {
			size_t cut = brk > line_start ? brk : i;   /* a word longer than the line is cut */
			uint32_t a = 0, b;
			end = cut;
			line_w = wrap_measure(p, role, size, s, line_start, &end);
			rc = wrap_push(&v, count, &cap, line_start, end - line_start, line_w, false);
			line_start = cut;
			while (line_start < len && s[line_start] == ' ')
				line_start++;
			/* the break points among the characters carried to the new line */
			brk = line_start;
			for (size_t k = line_start, kn; k < i && (kn = text_next(s + k, i - k, &b)) > 0; k += kn) {
				if (k > line_start && render_text_can_break(a, b))
					brk = k;
				a = b;
			}
			limit = width;
			line_w = line_start < i ? render_text_width(p, role, size, s + line_start, i - line_start) : 0;
			if (line_start > i) {   /* the spaces skipped reached past this character */
				i = line_start;
				prev = 0;
				continue;
			}
		}
		line_w += w * size / 1000.0;
		prev = cp;
		i += n;
	}
	if (rc == XXGK_OK && (line_start < len || *count == 0)) {
		end = len;
		line_w = wrap_measure(p, role, size, s, line_start, &end);
		rc = wrap_push(&v, count, &cap, line_start, end - line_start, line_w, true);
	}
	if (rc == XXGK_OK && *count > 0)
		v[*count - 1].hard_end = true;
	if (rc != XXGK_OK) {
		free(v);
		v = NULL;
		*count = 0;
	}
	*out = v;
	return rc;
}

bool render_text_fit(render_pdf *p, render_font_role role, double size, const char *s, double width,
		     size_t *keep_len)
{
	size_t len = strlen(s), i = 0, n;
	uint32_t cp;
	double total, ell;
	*keep_len = len;
	if (render_text_width(p, role, size, s, len) <= width)
		return false;
	ell = render_text_width(p, role, size, "…", 3);
	total = 0;
	while (i < len && (n = text_next(s + i, len - i, &cp)) > 0) {
		double w = render_text_width(p, role, size, s + i, n);
		if (total + w + ell > width)
			break;
		total += w;
		i += n;
	}
	*keep_len = i;
	return true;
}

/* ---- subsetting and loading ---- */

/* Tables libharu 2.3 does not embed or read; dropping them makes the subset smaller and faster. */
static const char *const font_drop_tables[] = {
	"GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "morx", "kern", "vhea", "vmtx", "VORG", "EBDT",
	"EBLC", "EBSC", "BDF ", "FFTM", "DSIG", "gasp", "hdmx", "LTSH", "VDMX", "PCLT"
};

/*
 * Writes `len` bytes to a new temporary file; its name in `path` (cap bytes).
 * Uses $TMPDIR, else /tmp.
 */
static int font_write_temp(char *path, size_t cap, const char *data, size_t len, xxgk_error *err)
{
	int rc = XXGK_OK, fd;
	const char *dir = getenv("TMPDIR");
	size_t off = 0;
	if (!dir || !*dir)
		dir = "/tmp";
	snprintf(path, cap, "%s/xxgk-font-XXXXXX", dir);
	fd = mkstemp(path);
	if (fd < 0) {
		rc = xxgk_error_set(err, XXGK_EIO, 0, 0, "%s: cannot create a temporary font file: %s", path,
				    strerror(errno));
		path[0] = '\0';
		goto done;
	}
	while (off < len) {
		ssize_t k = write(fd, data + off, len - off);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			rc = xxgk_error_set(err, XXGK_EIO, 0, 0, "%s: %s", path, strerror(errno));
			break;
		}
		off += (size_t)k;
	}
	if (close(fd) != 0 && rc == XXGK_OK)
		rc = xxgk_error_set(err, XXGK_EIO, 0, 0, "%s: %s", path, strerror(errno));
done:
	return rc;
}

/*
 * A 'prep' table for a font that has none. libharu 2.3 writes the 13
 * tables it requires in a fixed order ending with 'prep', an empty one
 * where the font has none (the CJK faces have none; hb-subset's
 * NO_HINTING drops it from the others), then seeks to each table's offset
 * in its memory stream to sum it. An empty last table sits at the very
 * end of the stream, and when the stream's size is a multiple of its
 * 4096-byte blocks that seek fails (HPDF_MemStream_SeekFunc: no block
 * there, HPDF_INVALID_OBJECT, 0x1033) and the document cannot be saved —
 * and libharu leaks the font descriptor it was building. The size depends
 * on the glyphs drawn: about one document in 150 with names of rare
 * characters (CJK Extension A) failed. One byte, SVTCA[1] (set the vectors
 * to the x axis, their state at the start of every program anyway), makes
 * 'prep' non-empty and changes nothing drawn.
 */
static const char font_prep_noop[] = { 0x01 };

/* The subset of one font as a new face, or NULL when HarfBuzz refuses. */
static hb_face_t *font_subset(font_slot *s)
{
	hb_face_t *sub = NULL;
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	if (!in)
		return NULL;
	hb_set_union(hb_subset_input_unicode_set(in), s->used);
	/* hints are for screens at small sizes; a PDF viewer renders the outlines without them */
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
	for (size_t i = 0; i < sizeof font_drop_tables / sizeof font_drop_tables[0]; i++)
		hb_set_add(hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG),
			   hb_tag_from_string(font_drop_tables[i], 4));
	sub = hb_subset_or_fail(s->face, in);
	hb_subset_input_destroy(in);
	if (!sub)
		return NULL;
	/* the subset is a face builder, which HarfBuzz 6 cannot list the tables of: read back its bytes */
	hb_blob_t *bytes = hb_face_reference_blob(sub);
	hb_face_destroy(sub);
	sub = hb_blob_get_length(bytes) > 0 ? hb_face_create(bytes, 0) : NULL;
	hb_blob_destroy(bytes);
	if (sub && hb_face_get_glyph_count(sub) == 0) {
		hb_face_destroy(sub);
		sub = NULL;
	}
	return sub;
}

static void font_put16(xxgk_buf *b, unsigned v)
{
	char two[2] = { (char)(v >> 8 & 0xFF), (char)(v & 0xFF) };
	xxgk_buf_append(b, two, 2);
}

/*
 * The cmap table of `face` for the document's codes (see "Codes"): one
 * Windows Unicode BMP subtable of format 4 (the one libharu 2.3 reads) with
 * one segment over the codes of the characters drawn in this font, mapped
 * through its glyph array, and the closing 0xFFFF segment. Empty when out of
 * memory.
 */
static void font_cmap(xxgk_buf *b, const render_fonts *f, const font_slot *s, hb_face_t *face)
{
	hb_font_t *font = hb_font_create(face);
	uint32_t first = 0, last = 0;
	uint16_t *gids = NULL;
	for (size_t i = 0; i < f->char_count; i++)
		if (hb_set_has(s->used, f->chars[i])) {
			if (!first)
				first = render_code(i);
			last = render_code(i);
		}
	if (!first || last >= 0xFFFF || !(gids = calloc(last - first + 1, sizeof *gids)))
		goto done;
	for (size_t i = 0; i < f->char_count; i++) {
		hb_codepoint_t gid;
		if (hb_set_has(s->used, f->chars[i]) && hb_font_get_nominal_glyph(font, f->chars[i], &gid) &&
		    gid <= 0xFFFF)
			gids[render_code(i) - first] = (uint16_t)gid;
	}
	size_t n = last - first + 1;
	/* header, one encoding record, then the subtable at offset 12 */
	font_put16(b, 0);
	font_put16(b, 1);
	font_put16(b, 3);
	font_put16(b, 1);
	font_put16(b, 0);
	font_put16(b, 12);
	font_put16(b, 4);                            /* format */
	font_put16(b, (unsigned)(16 + 2 * 8 + 2 * n));   /* length: 8 header words, 4 arrays of 2, pad, glyphs */
	font_put16(b, 0);                            /* language */
	font_put16(b, 4);                            /* segCountX2 */
	font_put16(b, 4);                            /* searchRange = 2 × 2^floor(log2 2) */
	font_put16(b, 1);                            /* entrySelector */
	font_put16(b, 0);                            /* rangeShift */
	font_put16(b, last);                         /* endCode */
	font_put16(b, 0xFFFF);
	font_put16(b, 0);                            /* reservedPad */
	font_put16(b, first);                        /* startCode */
	font_put16(b, 0xFFFF);
	font_put16(b, 0);                            /* idDelta */
	font_put16(b, 1);
	font_put16(b, 4);                            /* idRangeOffset: from here to glyphIdArray[0] */
	font_put16(b, 0);
	for (size_t i = 0; i < n; i++)
		font_put16(b, gids[i]);
done:
	if (b->len == 0 || b->len > 0xFFFF)
		xxgk_buf_free(b);
	free(gids);
	hb_font_destroy(font);
}

/* `face` (a subset, or the whole font) with its cmap replaced by the document's codes; NULL when out of memory. */
static hb_blob_t *font_recode(const render_fonts *f, const font_slot *s, hb_face_t *face)
{
	hb_face_t *out = hb_face_builder_create();
	hb_blob_t *blob = NULL;
	hb_tag_t tags[64];
	unsigned count = sizeof tags / sizeof tags[0], start = 0;
	xxgk_buf cmap;
	xxgk_buf_init(&cmap);
	font_cmap(&cmap, f, s, face);
	if (cmap.len == 0 || cmap.failed)
		goto done;
	bool has_prep = false;
	do {
		count = sizeof tags / sizeof tags[0];
		hb_face_get_table_tags(face, start, &count, tags);
		for (unsigned i = 0; i < count; i++) {
			if (tags[i] == HB_TAG('c', 'm', 'a', 'p'))
				continue;
			hb_blob_t *t = hb_face_reference_table(face, tags[i]);
			if (tags[i] == HB_TAG('p', 'r', 'e', 'p') && hb_blob_get_length(t) == 0) {
				hb_blob_destroy(t);
				continue;   /* an empty one is no better than none: replaced below */
			}
			has_prep |= tags[i] == HB_TAG('p', 'r', 'e', 'p');
			hb_face_builder_add_table(out, tags[i], t);
			hb_blob_destroy(t);
		}
		start += count;
	} while (count == sizeof tags / sizeof tags[0]);
	hb_blob_t *t = hb_blob_create(cmap.data, (unsigned)cmap.len, HB_MEMORY_MODE_READONLY, NULL, NULL);
	hb_face_builder_add_table(out, HB_TAG('c', 'm', 'a', 'p'), t);
	hb_blob_destroy(t);
	if (!has_prep) {
		t = hb_blob_create(font_prep_noop, sizeof font_prep_noop, HB_MEMORY_MODE_READONLY, NULL, NULL);
		hb_face_builder_add_table(out, HB_TAG('p', 'r', 'e', 'p'), t);
		hb_blob_destroy(t);
	}
	blob = hb_face_reference_blob(out);   /* serialises the tables while `cmap` still lives */
	if (hb_blob_get_length(blob) == 0) {
		hb_blob_destroy(blob);
		blob = NULL;
	}
done:
	hb_face_destroy(out);
	xxgk_buf_free(&cmap);
	return blob;
}

/*
 * The width table and CIDToGIDMap libharu 2.3.0 writes for each font. With
 * its UTF-8 encoder it looks up all 65 536 codes in the font and writes a
 * map of 128 KB (deflated at save) however few characters the document has.
 * For a CMap encoder it walks the encoder's `cid_map` instead, only its
 * non-zero entries, up to the highest. So while the fonts are loaded, the
 * UTF-8 encoder is made to look like a CMap encoder of exactly the
 * document's codes (each its own CID, mapped to itself), and put back
 * afterwards: the map ends at the last code, and text is still read as
 * UTF-8. This depends on libharu 2.3.0's CIDFontType2_New
 * (hpdf_font_cid.c) and is compiled only for that version; elsewhere the
 * maps are full-size, and the PDF the same to a reader.
 */
typedef struct {
	HPDF_CMapEncoderAttr_Rec attr;
	HPDF_Encoder_ToUnicode_Func to_unicode;
} font_encoder_saved;

/* false when out of memory: the document would differ in its bytes from the one rendered with memory */
static bool font_encoder_narrow(HPDF_Doc doc, const render_fonts *f, font_encoder_saved **out)
{
	*out = NULL;
#if HPDF_VERSION_ID == 20300
	HPDF_Encoder e = HPDF_GetEncoder(doc, "UTF-8");
	HPDF_CMapEncoderAttr a = e ? e->attr : NULL;
	if (!a || !f->char_count)
		return true;   /* full-size maps: slower, the same document to a reader */
	font_encoder_saved *saved = malloc(sizeof *saved);
	if (!saved)
		return false;
	memcpy(&saved->attr, a, sizeof saved->attr);
	saved->to_unicode = e->to_unicode_fn;
	memset(a->cid_map, 0, sizeof a->cid_map);
	/* and one code past the last: libharu's maps stop before the highest CID */
	for (size_t i = 0; i <= f->char_count; i++) {
		uint32_t code = render_code(i);
		if (code == 0)
			continue;
		a->cid_map[code >> 8][code & 0xFF] = (HPDF_UINT16)code;
		a->unicode_map[code >> 8][code & 0xFF] = (HPDF_UNICODE)code;
	}
	e->to_unicode_fn = HPDF_CMapEncoder_ToUnicode;
	*out = saved;
	return true;
#else
	(void)doc;
	(void)f;
	return true;
#endif
}

static void font_encoder_restore(HPDF_Doc doc, font_encoder_saved *saved)
{
	if (!saved)
		return;
	HPDF_Encoder e = HPDF_GetEncoder(doc, "UTF-8");
	memcpy(e->attr, &saved->attr, sizeof saved->attr);
	e->to_unicode_fn = saved->to_unicode;
	free(saved);
}

/* The characters drawn in any font, ascending, into f->chars (the index of each is its code). */
static int font_number_chars(render_fonts *f)
{
	hb_set_t *all = hb_set_create();
	hb_codepoint_t cp = HB_SET_VALUE_INVALID;
	int rc = XXGK_OK;
	for (int i = 0; i < RENDER_FONT_COUNT; i++)
		hb_set_union(all, f->slot[i].used);
	free(f->chars);
	f->char_count = 0;
	f->chars = hb_set_allocation_successful(all) ? malloc((hb_set_get_population(all) + 1) * sizeof *f->chars)
						      : NULL;
	if (!f->chars)
		rc = XXGK_ENOMEM;
	while (rc == XXGK_OK && hb_set_next(all, &cp))
		if (render_code(f->char_count) != 0)
			f->chars[f->char_count++] = cp;   /* past the last code (never, in the BMP): not drawn */
	hb_set_destroy(all);
	return rc;
}

int render_fonts_load(render_fonts *f, HPDF_Doc doc, xxgk_error *err)
{
	int rc = XXGK_OK;
	char tmp[4096];
	if (font_number_chars(f) != XXGK_OK)
		return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory loading the fonts");
	font_encoder_saved *saved;
	if (!font_encoder_narrow(doc, f, &saved))
		return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory loading the fonts");
	for (int i = 0; i < RENDER_FONT_COUNT && rc == XXGK_OK; i++) {
		font_slot *s = &f->slot[i];
		const char *name = NULL;
		unsigned len;
		if (hb_set_is_empty(s->used))
			continue;   /* nothing drawn in this face: not embedded */
		/* the subsetter refused: the whole font, recoded (bigger, still correct) */
		hb_face_t *sub = font_subset(s);
		hb_blob_t *font = font_recode(f, s, sub ? sub : s->face);
		hb_face_destroy(sub);
		if (!font) {
			rc = xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "%s: out of memory cutting the font", s->path);
			break;   /* the encoder put back below */
		}
		const char *data = hb_blob_get_data(font, &len);
		rc = font_write_temp(tmp, sizeof tmp, data, len, err);
		hb_blob_destroy(font);
		if (rc != XXGK_OK)
			break;
		name = HPDF_LoadTTFontFromFile(doc, tmp, HPDF_TRUE);
		/* libharu keeps the file open and reads the glyphs again when it saves: POSIX
		   keeps an unlinked open file readable, and no temporary file outlives us */
		unlink(tmp);
		if (name)
			s->hfont = HPDF_GetFont(doc, name, "UTF-8");
		if (!name || !s->hfont) {
			rc = xxgk_error_set(err, XXGK_EIO, 0, 0, "%s: libharu cannot load the font (error 0x%04X)",
					    s->path, (unsigned)HPDF_GetError(doc));
		}
	}
	font_encoder_restore(doc, saved);
	return rc;
}

void render_fonts_used(const render_fonts *f, const uint32_t **out, size_t *count)
{
	*out = f->chars;
	*count = f->char_count;
}
