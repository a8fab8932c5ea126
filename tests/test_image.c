/*
 * test_image.c — a scan's image files decoded into pages
 * (src/parse/ocr_image.c): the variants scanners and phones write, each made
 * here with a known picture (a black block in one corner of white paper, or
 * ink on one half), so what the decoder hands the OCR is checked against
 * what was drawn. JPEG is written with libjpeg (Exif orientation in an APP1
 * segment, Adobe CMYK and YCCK), TIFF by hand (tags as TIFF 6.0 gives them),
 * so no other program's reading is trusted. scan_variants.sh reads whole
 * rendered pages in the same variants by OCR.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <leptonica/allheaders.h>

#include "testutil.h"
#include "parse/convert_int.h"

/* ------------------------------------------------------------ pictures */

enum { W = 48, H = 24, B = 8 };   /* the stored picture: W × H, a B × B black block at its top left */

static unsigned char stored_px(int x, int y)
{
	return x < B && y < B ? 0 : 255;
}

/* Decodes `buf` (one page), checks nothing went wrong, hands back the page. */
static PIX *decode(const char *buf, size_t len)
{
	PIX *pix = NULL;
	char why[200] = "";
	size_t pages = 0;
	ck_assert_int_eq(xxgk__image_pages(buf, len, 60, 12000, &pages, why, sizeof why), XXGK_OK);
	ck_assert_uint_eq(pages, 1);
	int rc = xxgk__image_decode(&pix, buf, len, 0, 12000, why, sizeof why);
	ck_assert_msg(rc == XXGK_OK, "decode: %s", why);
	ck_assert_int_eq(pixGetDepth(pix), 8);
	return pix;
}

/* The grey of `pix` at (x, y). */
static int grey(PIX *pix, int x, int y)
{
	return GET_DATA_BYTE(pixGetData(pix) + (size_t)y * (size_t)pixGetWpl(pix), x);
}

/* The failure of decoding `buf` (counting its pages, then page 0): its code, and `why`. */
static int refusal(const char *buf, size_t len, char *why, size_t cap)
{
	size_t pages = 0;
	int rc = xxgk__image_pages(buf, len, 60, 12000, &pages, why, cap);
	if (rc != XXGK_OK)
		return rc;
	PIX *pix = NULL;
	rc = xxgk__image_decode(&pix, buf, len, 0, 12000, why, cap);
	pixDestroy(&pix);
	return rc;
}

/* ---------------------------------------------------------------- JPEG */

typedef struct {
	J_COLOR_SPACE in, as;   /* what the rows are, what the file stores */
	int orientation;        /* 0: no Exif segment */
	bool big_endian;        /* the Exif segment's byte order */
} jpeg_form;

/* An Exif APP1 segment's body saying `o`, in either byte order. */
static size_t exif_body(unsigned char *b, int o, bool be)
{
	static const unsigned char le[] = { 'E', 'x', 'i', 'f', 0, 0, 'I', 'I', 42, 0, 8, 0, 0, 0,
					    1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
	static const unsigned char bg[] = { 'E', 'x', 'i', 'f', 0, 0, 'M', 'M', 0, 42, 0, 0, 0, 8,
					    0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0 };
	memcpy(b, be ? bg : le, sizeof le);
	b[be ? 25 : 24] = (unsigned char)o;   /* the SHORT value, at the start of the entry's 4 value bytes */
	return sizeof le;
}

/* The stored picture (or ink on the left half, `half`) as a JPEG of form `f`; malloc'd. */
static char *jpeg_make(jpeg_form f, bool half, size_t *len)
{
	struct jpeg_compress_struct ci;
	struct jpeg_error_mgr jerr;
	ci.err = jpeg_std_error(&jerr);
	jpeg_create_compress(&ci);
	unsigned char *mem = NULL;
	unsigned long size = 0;
	jpeg_mem_dest(&ci, &mem, &size);
	int comps = f.in == JCS_CMYK ? 4 : 1;
	ci.image_width = W;
	ci.image_height = H;
	ci.input_components = comps;
	ci.in_color_space = f.in;
	jpeg_set_defaults(&ci);
	jpeg_set_colorspace(&ci, f.as);
	jpeg_set_quality(&ci, 100, TRUE);
	jpeg_start_compress(&ci, TRUE);
	if (f.orientation) {
		unsigned char body[64];
		size_t n = exif_body(body, f.orientation, f.big_endian);
		jpeg_write_marker(&ci, JPEG_APP0 + 1, body, (unsigned)n);
	}
	unsigned char row[W * 4];
	for (int y = 0; y < H; y++) {
		for (int x = 0; x < W; x++) {
			unsigned char v = half ? (x < W / 2 ? 0 : 255) : stored_px(x, y);
			if (comps == 4) {   /* Adobe's CMYK, stored inverted: 255 is no ink; black is K */
				row[x * 4] = row[x * 4 + 1] = row[x * 4 + 2] = 255;
				row[x * 4 + 3] = v;
			} else {
				row[x] = v;
			}
		}
		JSAMPROW r = row;
		jpeg_write_scanlines(&ci, &r, 1);
	}
	jpeg_finish_compress(&ci);
	jpeg_destroy_compress(&ci);
	*len = size;
	return (char *)mem;
}

/* Where the stored top-left block is shown, for each orientation (TIFF 6.0 tag 274). */
START_TEST(jpeg_orientation_turns_the_page)
{
	ck_assert_int_eq(xxgk__ocr_dl_load(NULL), XXGK_OK);
	/* corner the block lands in: 0 top left, 1 top right, 2 bottom right, 3 bottom left */
	static const int corner[9] = { 0, 0, 1, 2, 3, 0, 1, 2, 3 };
	for (int o = 1; o <= 8; o++)
		for (int be = 0; be < 2; be++) {
			size_t len;
			char *jpg = jpeg_make((jpeg_form){ JCS_GRAYSCALE, JCS_GRAYSCALE, o, be }, false, &len);
			PIX *pix = decode(jpg, len);
			int w = pixGetWidth(pix), h = pixGetHeight(pix);
			ck_assert_int_eq(w, o >= 5 ? H : W);
			ck_assert_int_eq(h, o >= 5 ? W : H);
			int pts[4][2] = { { B / 2, B / 2 }, { w - 1 - B / 2, B / 2 }, { w - 1 - B / 2, h - 1 - B / 2 },
					  { B / 2, h - 1 - B / 2 } };
			for (int c = 0; c < 4; c++) {
				int g = grey(pix, pts[c][0], pts[c][1]);
				if (c == corner[o])
					ck_assert_msg(g < 40, "orientation %d: no block in corner %d (grey %d)", o, c, g);
				else
					ck_assert_msg(g > 215, "orientation %d: ink in corner %d (grey %d)", o, c, g);
			}
			pixDestroy(&pix);
			free(jpg);
		}
}
END_TEST

/* Adobe CMYK and YCCK (print workflows, some scanner software): grey as the ink says. */
START_TEST(jpeg_cmyk_and_ycck_read_as_grey)
{
	ck_assert_int_eq(xxgk__ocr_dl_load(NULL), XXGK_OK);
	J_COLOR_SPACE as[] = { JCS_CMYK, JCS_YCCK };
	for (int i = 0; i < 2; i++) {
		size_t len;
		char *jpg = jpeg_make((jpeg_form){ JCS_CMYK, as[i], 0, false }, true, &len);
		PIX *pix = decode(jpg, len);
		ck_assert_int_eq(pixGetWidth(pix), W);
		ck_assert_msg(grey(pix, 4, H / 2) < 40, "%s: the inked half reads %d", i ? "YCCK" : "CMYK",
			      grey(pix, 4, H / 2));
		ck_assert_msg(grey(pix, W - 4, H / 2) > 215, "%s: the paper reads %d", i ? "YCCK" : "CMYK",
			      grey(pix, W - 4, H / 2));
		pixDestroy(&pix);
		free(jpg);
	}
}
END_TEST

/* The first marker `code` (0xC0: SOF0) of a JPEG, or NULL. */
static unsigned char *jpeg_marker(char *jpg, size_t len, unsigned char code)
{
	for (size_t i = 2; i + 1 < len; i++)
		if ((unsigned char)jpg[i] == 0xff && (unsigned char)jpg[i + 1] == code)
			return (unsigned char *)jpg + i;
	return NULL;
}

/* A JPEG libjpeg (8 bits, Debian 12) does not decode is named for what it is, not called damaged. */
START_TEST(jpeg_of_an_unread_kind_is_named)
{
	ck_assert_int_eq(xxgk__ocr_dl_load(NULL), XXGK_OK);
	char why[200];
	size_t len;
	char *jpg = jpeg_make((jpeg_form){ JCS_GRAYSCALE, JCS_GRAYSCALE, 0, false }, false, &len);
	unsigned char *sof = jpeg_marker(jpg, len, 0xc0);
	ck_assert_ptr_nonnull(sof);
	sof[1] = 0xc3;   /* lossless (ITU T.81 process 14) */
	ck_assert_int_eq(refusal(jpg, len, why, sizeof why), XXGK_EPARSE);
	ck_assert_str_eq(why, "a JPEG of a kind that is not read (lossless or hierarchical); save the page as PNG or "
			      "as an ordinary 8-bit JPEG");
	sof[1] = 0xc1;   /* extended sequential, 12 bits a sample */
	sof[4] = 12;
	ck_assert_int_eq(refusal(jpg, len, why, sizeof why), XXGK_EPARSE);
	ck_assert_str_eq(why, "a JPEG of a kind that is not read (12 or 16 bits a sample); save the page as PNG or as "
			      "an ordinary 8-bit JPEG");
	free(jpg);
}
END_TEST

/* ---------------------------------------------------------------- TIFF */

typedef struct {
	uint16_t tag, type;   /* 3 SHORT, 4 LONG, 5 RATIONAL */
	uint32_t count, value;
} tiff_entry;

/* A little-endian one-page TIFF: `entries` (sorted by tag; StripOffsets' value is filled in, a
 * RATIONAL's value is its numerator over 1), then the strip `data`. malloc'd. */
static char *tiff_make(const tiff_entry *entries, size_t n, const void *data, size_t data_len, size_t *len)
{
	size_t ifd = 8, after = ifd + 2 + 12 * n + 4, rationals = after, strip = rationals + 8 * n;
	*len = strip + data_len;
	unsigned char *b = calloc(1, *len);
	ck_assert_ptr_nonnull(b);
	memcpy(b, "II*\0\x08\0\0\0", 8);
	b[ifd] = (unsigned char)n;
	for (size_t i = 0; i < n; i++) {
		unsigned char *e = b + ifd + 2 + 12 * i;
		uint32_t v = entries[i].tag == 273 ? (uint32_t)strip : entries[i].value;
		if (entries[i].type == 5) {   /* the value is where the rational is */
			unsigned char *r = b + rationals + 8 * i;
			r[0] = (unsigned char)v;
			r[1] = (unsigned char)(v >> 8);
			r[4] = 1;
			v = (uint32_t)(rationals + 8 * i);
		}
		e[0] = (unsigned char)entries[i].tag;
		e[1] = (unsigned char)(entries[i].tag >> 8);
		e[2] = (unsigned char)entries[i].type;
		e[4] = (unsigned char)entries[i].count;
		for (int k = 0; k < 4; k++)
			e[8 + k] = (unsigned char)(v >> (8 * k));
	}
	memcpy(b + strip, data, data_len);
	return (char *)b;
}

/* A W × H page of `spp` samples of `bits` bits, photometric `photo`, compression none, 200 dpi, with
 * `extra` (338 ExtraSamples: 2, unassociated alpha, when spp is 4), sample format `format`. */
static char *tiff_page(int bits, int spp, int photo, int format, const void *data, size_t *len)
{
	size_t row = ((size_t)W * (size_t)bits * (size_t)spp + 7) / 8;
	tiff_entry e[] = {
		{ 256, 3, 1, W },       { 257, 3, 1, H },     { 258, 3, 1, (uint32_t)bits },
		{ 259, 3, 1, 1 },       { 262, 3, 1, (uint32_t)photo },
		{ 273, 4, 1, 0 },       { 277, 3, 1, (uint32_t)spp }, { 278, 3, 1, H },
		{ 279, 4, 1, (uint32_t)(row * H) }, { 282, 5, 1, 200 }, { 283, 5, 1, 200 },
		{ 296, 3, 1, 2 },       { 338, 3, 1, 2 },     { 339, 3, 1, (uint32_t)format },
	};
	/* bits a sample are one value a sample: with several samples the entry points at them; here
	 * every sample has the same, so the writer gives one (libtiff reads it for all) */
	size_t n = sizeof e / sizeof *e;
	if (spp != 4) {   /* no extra samples: drop 338 */
		memmove(e + 12, e + 13, sizeof *e);
		n--;
	}
	return tiff_make(e, n, data, row * H, len);
}

/* 16-bit grey, RGBA with transparent black paper, 200 dpi declared: grey as drawn, resolution kept. */
START_TEST(tiff_deep_and_transparent_pages_read_as_drawn)
{
	ck_assert_int_eq(xxgk__ocr_dl_load(NULL), XXGK_OK);
	static uint16_t deep[W * H];
	static unsigned char rgba[W * H * 4];
	for (int y = 0; y < H; y++)
		for (int x = 0; x < W; x++) {
			deep[y * W + x] = (uint16_t)(stored_px(x, y) * 257);
			unsigned char *p = rgba + (y * W + x) * 4;
			p[0] = p[1] = p[2] = 0;              /* black everywhere … */
			p[3] = 255 - stored_px(x, y);        /* … but only the block opaque */
		}
	size_t len;
	char *tif = tiff_page(16, 1, 1, 1, deep, &len);
	PIX *pix = decode(tif, len);
	ck_assert_int_eq(grey(pix, 2, 2), 0);
	ck_assert_int_eq(grey(pix, W - 2, H - 2), 255);
	l_int32 xres = 0, yres = 0;
	pixGetResolution(pix, &xres, &yres);
	ck_assert_int_eq(xres, 200);
	pixDestroy(&pix);
	free(tif);
	tif = tiff_page(8, 4, 2, 1, rgba, &len);
	pix = decode(tif, len);
	ck_assert_int_eq(grey(pix, 2, 2), 0);
	ck_assert_msg(grey(pix, W - 2, H - 2) == 255, "transparent paper reads %d", grey(pix, W - 2, H - 2));
	pixDestroy(&pix);
	free(tif);
}
END_TEST

/* TIFF pages OCR cannot read, or would read as something else, are refused by name. */
START_TEST(tiff_of_an_unread_kind_is_named)
{
	ck_assert_int_eq(xxgk__ocr_dl_load(NULL), XXGK_OK);
	static unsigned char data[W * H * 4 * 4];
	memset(data, 0xff, sizeof data);
	char why[200];
	size_t len;
	const char *save = "save the pages as grey, colour or black-and-white TIFF, or PNG";
	char want[300];
	struct {
		int bits, spp, photo, format;
		const char *what;
	} cases[] = {
		{ 32, 1, 1, 3, "page 1 has floating-point 32-bit samples, which are not read" },
		{ 8, 1, 1, 2, "page 1 has signed or untyped 8-bit samples, which are not read" },
		{ 12, 1, 1, 1, "page 1 has 12-bit samples, which are not read" },
		/* L*a*b* white (255, 128, 128) taken for RGB is a grey darker than the ink threshold */
		{ 8, 3, 8, 1, "page 1 is in CIE L*a*b* colours (TIFF photometric 8), which is not read" },
		{ 1, 1, 4, 1, "page 1 is a transparency mask (TIFF photometric 4), which is not read" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *tif = tiff_page(cases[i].bits, cases[i].spp, cases[i].photo, cases[i].format, data, &len);
		ck_assert_int_eq(refusal(tif, len, why, sizeof why), XXGK_EPARSE);
		snprintf(want, sizeof want, "%s; %s", cases[i].what, save);
		ck_assert_str_eq(why, want);
		free(tif);
	}
	/* a compression this libtiff was not built with (99 is no scheme at all) */
	char *tif = tiff_page(8, 1, 1, 1, data, &len);
	tif[8 + 2 + 12 * 3 + 8] = 99;
	ck_assert_int_eq(refusal(tif, len, why, sizeof why), XXGK_EPARSE);
	snprintf(want, sizeof want, "page 1 is compressed in a way (TIFF compression 99) that is not read; %s", save);
	ck_assert_str_eq(why, want);
	free(tif);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("image");
	TCase *tc = tcase_create("decode");
	tcase_add_test(tc, jpeg_orientation_turns_the_page);
	tcase_add_test(tc, jpeg_cmyk_and_ycck_read_as_grey);
	tcase_add_test(tc, jpeg_of_an_unread_kind_is_named);
	tcase_add_test(tc, tiff_deep_and_transparent_pages_read_as_drawn);
	tcase_add_test(tc, tiff_of_an_unread_kind_is_named);
	suite_add_tcase(s, tc);
	return test_run(s);
}
