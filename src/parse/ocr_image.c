/*
 * ocr_image.c — a scan's image files decoded into pages (convert_int.h:
 * xxgk__image_pages, xxgk__image_decode): PNG, JPEG, and TIFF with any
 * number of pages (scanners write a report as one multi-page TIFF).
 *
 * PNG and JPEG are decoded here, with libpng and libjpeg (the ones leptonica
 * is linked with, reached through ocr_dl.c), not by leptonica: leptonica
 * leaves their error handlers at the defaults, which print to standard error
 * ("libpng error: IDAT: CRC error", "Premature end of JPEG file") before its
 * own failure, so a user of a damaged page saw a library's line and then
 * ours. libpng's simplified API (png.h, libpng 1.6: png_image_*) reports in
 * image.message and never prints; libjpeg is given an error manager whose
 * messages go nowhere and whose fatal error returns here (longjmp, as
 * libjpeg's example.c does). A JPEG that ends before its last scan line
 * ("premature end", libjpeg's JWRN_JPEG_EOF, a grey fill after the cut) is
 * refused as cut short: half a page read as if whole would lose figures
 * without a word.
 *
 * TIFF pages are counted and measured here from the file's directory chain
 * (TIFF 6.0 §2: an 8-byte header, then IFDs of 12-byte entries; tags 256
 * ImageWidth and 257 ImageLength), so every page's size is checked before
 * any is decoded, then each is decoded by leptonica (pixReadMemTiff, over
 * libtiff), whose libtiff handlers leptonica silences itself.
 */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jerror.h>
#include <jpeglib.h>
#include <leptonica/allheaders.h>
#include <png.h>
#include <tiffio.h>

#include "convert_int.h"

/* Resolution (dpi) an image declares, rounded; 0 when it declares none. */
static int image_round(double v)
{
	return v > 0 && v < 100000 ? (int)(v + 0.5) : 0;
}

static uint32_t image_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* 8-bit grey rows (`stride` bytes apart) copied into a new PIX; NULL when out of memory. */
static PIX *image_pix(const unsigned char *rows, size_t stride, int w, int h, int dpi)
{
	PIX *pix = pixCreate(w, h, 8);
	if (!pix)
		return NULL;
	l_uint32 *data = pixGetData(pix);
	int wpl = pixGetWpl(pix);
	for (int y = 0; y < h; y++) {
		const unsigned char *src = rows + (size_t)y * stride;
		l_uint32 *line = data + (size_t)y * (size_t)wpl;
		for (int x = 0; x < w; x++)
			SET_DATA_BYTE(line, x, src[x]);
	}
	if (dpi)
		pixSetResolution(pix, dpi, dpi);
	return pix;
}

/* ---------------------------------------------------------------- PNG */

/* The resolution of a PNG's pHYs chunk (PNG §11.3.5.3: pixels a metre), before its image data. */
static int png_dpi(const unsigned char *b, size_t len)
{
	size_t off = 8;
	while (off + 12 <= len) {
		uint32_t n = image_be32(b + off);
		const unsigned char *type = b + off + 4;
		if (n > len - off - 12 || !memcmp(type, "IDAT", 4) || !memcmp(type, "IEND", 4))
			return 0;
		if (!memcmp(type, "pHYs", 4) && n == 9 && b[off + 16] == 1)
			return image_round(image_be32(b + off + 8) * 0.0254);
		off += 12 + (size_t)n;
	}
	return 0;
}

static int png_decode(PIX **out, const char *buf, size_t len, int max_side, char *why, size_t why_cap)
{
	png_image im;
	memset(&im, 0, sizeof im);
	im.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_memory(&im, buf, len)) {
		snprintf(why, why_cap, "this is a PNG image that cannot be decoded (damaged or cut short)");
		return XXGK_EPARSE;
	}
	if (im.width == 0 || im.height == 0 || im.width > (png_uint_32)max_side || im.height > (png_uint_32)max_side) {
		snprintf(why, why_cap, "image of %u × %u pixels; the limit is %d a side", (unsigned)im.width,
			 (unsigned)im.height, max_side);
		png_image_free(&im);
		return XXGK_ETOOBIG;
	}
	im.format = PNG_FORMAT_GRAY;   /* colour to luminance, transparency onto white paper */
	size_t stride = im.width;
	unsigned char *rows = malloc(stride * im.height);
	if (!rows) {
		png_image_free(&im);
		snprintf(why, why_cap, "out of memory");
		return XXGK_ENOMEM;
	}
	png_color paper = { 255, 255, 255 };
	int ok = png_image_finish_read(&im, &paper, rows, (png_int_32)stride, NULL);
	png_image_free(&im);
	int rc = XXGK_OK;
	if (!ok) {
		snprintf(why, why_cap, "this is a PNG image that cannot be decoded (damaged or cut short)");
		rc = XXGK_EPARSE;
	} else if (!(*out = image_pix(rows, stride, (int)im.width, (int)im.height,
				      png_dpi((const unsigned char *)buf, len)))) {
		snprintf(why, why_cap, "out of memory");
		rc = XXGK_ENOMEM;
	}
	free(rows);
	return rc;
}

/* ------------------------------------------- TIFF structure (and Exif) */

typedef struct {
	const unsigned char *b;
	size_t len;
	bool le;   /* "II": little-endian */
} tiff_file;

static bool tiff_u16(const tiff_file *t, size_t off, uint32_t *v)
{
	if (off > t->len || t->len - off < 2)
		return false;
	const unsigned char *p = t->b + off;
	*v = t->le ? (uint32_t)(p[0] | p[1] << 8) : (uint32_t)(p[0] << 8 | p[1]);
	return true;
}

static bool tiff_u32(const tiff_file *t, size_t off, uint32_t *v)
{
	if (off > t->len || t->len - off < 4)
		return false;
	const unsigned char *p = t->b + off;
	*v = t->le ? (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24
		   : image_be32(p);
	return true;
}

/* --------------------------------------------------------------- JPEG */

typedef struct {
	struct jpeg_error_mgr pub;   /* first: libjpeg's pointer is to it */
	jmp_buf back;
	bool cut;                    /* the data ended before the image did */
} jpeg_quiet;

/* The orientation (Exif tag 274 in IFD0 of the APP1 "Exif" segment, 1–8: how
 * the stored picture is turned or mirrored to be shown) of a JPEG; 1 when it
 * says none. A phone's photo of a page is stored as the sensor saw it, its
 * orientation 6 or 8: read as stored, the page would lie on its side. */
static int jpeg_orientation(const struct jpeg_decompress_struct *ci)
{
	for (jpeg_saved_marker_ptr m = ci->marker_list; m; m = m->next) {
		if (m->marker != JPEG_APP0 + 1 || m->data_length < 14 || memcmp(m->data, "Exif\0\0", 6) != 0)
			continue;
		tiff_file t = { m->data + 6, m->data_length - 6, m->data[6] == 'I' };
		uint32_t ifd = 0, n = 0;
		if (!tiff_u32(&t, 4, &ifd) || !tiff_u16(&t, ifd, &n))
			return 1;
		for (uint32_t e = 0; e < n; e++) {
			size_t at = (size_t)ifd + 2 + 12 * (size_t)e;
			uint32_t tag = 0, type = 0, v = 0;
			if (!tiff_u16(&t, at, &tag) || !tiff_u16(&t, at + 2, &type))
				return 1;
			if (tag == 274)
				return type == 3 && tiff_u16(&t, at + 8, &v) && v >= 1 && v <= 8 ? (int)v : 1;
		}
		return 1;
	}
	return 1;
}

/* `pix` turned and mirrored as orientation `o` says (TIFF 6.0 tag 274, the
 * Exif values): 2 mirrored, 3 turned half, 4 flipped, 5 transposed, 6 to be
 * turned a quarter clockwise, 7 transversed, 8 a quarter anticlockwise. The
 * new page, or NULL when out of memory; `pix` is kept. */
static PIX *image_orient(PIX *pix, int o)
{
	PIX *m = o == 2 || o == 5 || o == 7 ? pixFlipLR(NULL, pix) : o == 4 ? pixFlipTB(NULL, pix)
				      : o == 3 ? pixRotate180(NULL, pix) : pixClone(pix);
	if (!m || o <= 4)
		return m;
	PIX *r = pixRotateOrth(m, o == 6 || o == 7 ? 1 : 3);
	pixDestroy(&m);
	return r;
}

static void jpeg_quiet_exit(j_common_ptr ci)
{
	longjmp(((jpeg_quiet *)(void *)ci->err)->back, 1);
}

/* Warnings (level −1) and traces: kept from standard error; an early end remembered. */
static void jpeg_quiet_emit(j_common_ptr ci, int level)
{
	jpeg_quiet *q = (jpeg_quiet *)(void *)ci->err;
	if (level < 0 && (q->pub.msg_code == JWRN_JPEG_EOF || q->pub.msg_code == JWRN_HIT_MARKER))
		q->cut = true;
}

static void jpeg_quiet_output(j_common_ptr ci)
{
	(void)ci;
}

static int jpeg_decode(PIX **out, const char *buf, size_t len, int max_side, char *why, size_t why_cap)
{
	struct jpeg_decompress_struct ci;
	jpeg_quiet q;
	unsigned char *volatile rows = NULL;
	volatile int rc = XXGK_EPARSE;
	memset(&ci, 0, sizeof ci);
	ci.err = jpeg_std_error(&q.pub);
	q.pub.error_exit = jpeg_quiet_exit;
	q.pub.emit_message = jpeg_quiet_emit;
	q.pub.output_message = jpeg_quiet_output;
	q.cut = false;
	snprintf(why, why_cap, "this is a JPEG image that cannot be decoded (damaged or cut short)");
	if (setjmp(q.back)) {
		int code = q.pub.msg_code;
		if (code == JERR_SOF_UNSUPPORTED || code == JERR_BAD_PRECISION || code == JERR_ARITH_NOTIMPL ||
		    code == JERR_NOT_COMPILED)
			snprintf(why, why_cap, "a JPEG of a kind that is not read (%s); save the page as PNG or as an "
				 "ordinary 8-bit JPEG", code == JERR_BAD_PRECISION ? "12 or 16 bits a sample"
				 : code == JERR_SOF_UNSUPPORTED ? "lossless or hierarchical" : "arithmetic coding");
		goto done;
	}
	jpeg_create_decompress(&ci);
	jpeg_mem_src(&ci, (const unsigned char *)buf, (unsigned long)len);
	jpeg_save_markers(&ci, JPEG_APP0 + 1, 0xffff);
	jpeg_read_header(&ci, TRUE);
	int orientation = jpeg_orientation(&ci);   /* the saved markers go with jpeg_finish_decompress() */
	if (ci.image_width == 0 || ci.image_height == 0 || ci.image_width > (JDIMENSION)max_side ||
	    ci.image_height > (JDIMENSION)max_side) {
		snprintf(why, why_cap, "image of %u × %u pixels; the limit is %d a side", (unsigned)ci.image_width,
			 (unsigned)ci.image_height, max_side);
		rc = XXGK_ETOOBIG;
		goto done;
	}
	/* libjpeg makes grey of YCbCr and grey itself; CMYK (Adobe's, stored inverted) is made grey below */
	bool cmyk = ci.jpeg_color_space == JCS_CMYK || ci.jpeg_color_space == JCS_YCCK;
	ci.out_color_space = cmyk ? JCS_CMYK : JCS_GRAYSCALE;
	jpeg_start_decompress(&ci);
	size_t w = ci.output_width, h = ci.output_height, comps = (size_t)ci.output_components;
	rows = malloc(w * h * comps);
	if (!rows) {
		snprintf(why, why_cap, "out of memory");
		rc = XXGK_ENOMEM;
		goto done;
	}
	while (ci.output_scanline < ci.output_height) {
		JSAMPROW row = rows + (size_t)ci.output_scanline * w * comps;
		jpeg_read_scanlines(&ci, &row, 1);
	}
	jpeg_finish_decompress(&ci);
	if (q.cut)
		goto done;
	if (cmyk)
		for (size_t i = 0; i < w * h; i++) {
			const unsigned char *p = rows + i * 4;
			unsigned k = p[3];
			rows[i] = (unsigned char)((p[0] * k * 77 + p[1] * k * 150 + p[2] * k * 29) / (255 * 256));
		}
	int dpi = ci.density_unit == 1 ? ci.X_density : ci.density_unit == 2 ? image_round(ci.X_density * 2.54) : 0;
	PIX *stored = image_pix(rows, w, (int)w, (int)h, dpi);
	*out = stored && orientation != 1 ? image_orient(stored, orientation) : stored;
	if (*out != stored)
		pixDestroy(&stored);
	if (!*out) {
		snprintf(why, why_cap, "out of memory");
		rc = XXGK_ENOMEM;
		goto done;
	}
	if (dpi)
		pixSetResolution(*out, dpi, dpi);
	rc = XXGK_OK;
done:
	jpeg_destroy_decompress(&ci);
	free(rows);
	return rc;
}

/* --------------------------------------------------------------- TIFF */

/* Whether a TIFF page is of a kind leptonica and libtiff do not read, or
 * read as something else than the page (CIE L*a*b* taken for RGB: white paper
 * comes out a grey that is all ink); `why` then says which and what to do. */
static bool tiff_refused(size_t page, uint32_t bits, uint32_t compression, uint32_t photometric, uint32_t format,
			 char *why, size_t why_cap)
{
	const char *save = "save the pages as grey, colour or black-and-white TIFF, or PNG";
	if (photometric > 6 || photometric == 4) {   /* 0 white is zero … 6 YCbCr read; 4 is a mask */
		const char *kind = photometric == 4 ? "a transparency mask"
				 : photometric >= 8 && photometric <= 10 ? "in CIE L*a*b* colours"
				 : photometric == 32844 || photometric == 32845 ? "in LogLuv colours"
				 : "in colours of an unknown kind";
		snprintf(why, why_cap, "page %zu is %s (TIFF photometric %u), which is not read; %s", page, kind,
			 (unsigned)photometric, save);
		return true;
	}
	if (format != 1 || (bits != 1 && bits != 2 && bits != 4 && bits != 8 && bits != 16)) {
		snprintf(why, why_cap, "page %zu has %s%u-bit samples, which are not read; %s", page,
			 format == 3 ? "floating-point " : format == 1 ? "" : "signed or untyped ", (unsigned)bits, save);
		return true;
	}
	if (compression > 0xffff || !TIFFIsCODECConfigured((uint16_t)compression)) {
		snprintf(why, why_cap, "page %zu is compressed in a way (TIFF compression %u) that is not read; %s", page,
			 (unsigned)compression, save);
		return true;
	}
	return false;
}

/* The pages of a classic TIFF, each one's size and kind checked. */
static int tiff_pages(const char *buf, size_t len, size_t max_pages, int max_side, size_t *pages, char *why,
		      size_t why_cap)
{
	tiff_file t = { (const unsigned char *)buf, len, buf[0] == 'I' };
	uint32_t magic = 0, ifd = 0;
	tiff_u16(&t, 2, &magic);
	if (magic == 43) {
		snprintf(why, why_cap, "a BigTIFF image, which is not read; save the pages as TIFF or PNG");
		return XXGK_EPARSE;
	}
	*pages = 0;
	if (!tiff_u32(&t, 4, &ifd) || ifd == 0)
		goto damaged;
	while (ifd) {
		uint32_t n, next, w = 0, h = 0;
		if (*pages == max_pages) {
			snprintf(why, why_cap, "a TIFF of more than %zu pages; a scan is read up to %zu", max_pages,
				 max_pages);
			return XXGK_ETOOBIG;
		}
		if (!tiff_u16(&t, ifd, &n) || !tiff_u32(&t, (size_t)ifd + 2 + 12 * (size_t)n, &next))
			goto damaged;
		/* TIFF 6.0's defaults: 1 bit, uncompressed, unsigned integers; photometric has none */
		uint32_t bits = 1, compression = 1, photometric = 1, format = 1;
		for (uint32_t e = 0; e < n; e++) {
			size_t at = (size_t)ifd + 2 + 12 * (size_t)e;
			uint32_t tag = 0, type = 0, count = 0, v = 0;
			tiff_u16(&t, at, &tag);
			tiff_u16(&t, at + 2, &type);
			tiff_u32(&t, at + 4, &count);
			uint32_t *into = tag == 256 ? &w : tag == 257 ? &h : tag == 258 ? &bits : tag == 259 ? &compression
				       : tag == 262 ? &photometric : tag == 339 ? &format : NULL;
			if (!into)
				continue;
			/* the first value: in the entry when the values fit in its 4 bytes, else where it points */
			size_t size = type == 3 ? 2 : 4, where = at + 8;
			bool got = count > 0 && (count <= 4 / size || tiff_u32(&t, at + 8, &v));
			if (got && count > 4 / size)
				where = v;
			got = got && (type == 3 ? tiff_u16(&t, where, &v) : type == 4 && tiff_u32(&t, where, &v));
			if (got)
				*into = v;
			else if (tag == 256 || tag == 257)
				goto damaged;   /* the others keep their defaults: libtiff judges them */
		}
		++*pages;
		if (w == 0 || h == 0)
			goto damaged;
		if (w > (uint32_t)max_side || h > (uint32_t)max_side) {
			snprintf(why, why_cap, "page %zu: image of %u × %u pixels; the limit is %d a side", *pages,
				 (unsigned)w, (unsigned)h, max_side);
			return XXGK_ETOOBIG;
		}
		if (tiff_refused(*pages, bits, compression, photometric, format, why, why_cap))
			return XXGK_EPARSE;
		ifd = next;
	}
	return XXGK_OK;
damaged:
	snprintf(why, why_cap, "this is a TIFF image that cannot be decoded (damaged or cut short)");
	return XXGK_EPARSE;
}

/* A TIFF page as leptonica reads it (1 to 32 bits, a colour map, RGB with
 * alpha) made 8-bit grey, as PNG and JPEG pages are: transparency onto white
 * paper (a transparent pixel's colour is often black), its resolution kept.
 * NULL when out of memory. */
static PIX *tiff_gray(PIX *raw)
{
	PIX *opaque = pixGetDepth(raw) == 32 && pixGetSpp(raw) == 4 ? pixAlphaBlendUniform(raw, 0xffffff00)
								    : pixClone(raw);
	PIX *flat = opaque ? pixRemoveColormap(opaque, REMOVE_CMAP_BASED_ON_SRC) : NULL;
	PIX *g = flat ? pixConvertTo8(flat, 0) : NULL;
	pixDestroy(&flat);
	pixDestroy(&opaque);
	if (g)
		pixCopyResolution(g, raw);
	return g;
}

/* ------------------------------------------------------------- entries */

/* PNG, JPEG or TIFF by signature; 0 for none. */
static int image_kind(const char *buf, size_t len)
{
	if (len >= 8 && memcmp(buf, "\x89PNG\r\n\x1a\n", 8) == 0)
		return 'P';
	if (len >= 3 && memcmp(buf, "\xff\xd8\xff", 3) == 0)
		return 'J';
	if (len >= 8 && (memcmp(buf, "II*\0", 4) == 0 || memcmp(buf, "MM\0*", 4) == 0 ||
			 memcmp(buf, "II+\0", 4) == 0 || memcmp(buf, "MM\0+", 4) == 0))
		return 'T';
	return 0;
}

bool xxgk__image_sniff(const char *buf, size_t len)
{
	return image_kind(buf, len) != 0;
}

int xxgk__image_pages(const char *buf, size_t len, size_t max_pages, int max_side, size_t *pages, char *why,
		      size_t why_cap)
{
	*pages = 0;
	switch (image_kind(buf, len)) {
	case 'P':
	case 'J': *pages = 1; return XXGK_OK;
	case 'T': return tiff_pages(buf, len, max_pages, max_side, pages, why, why_cap);
	default: snprintf(why, why_cap, "not a PNG, JPEG or TIFF image"); return XXGK_EPARSE;
	}
}

int xxgk__image_decode(struct Pix **out, const char *buf, size_t len, size_t page, int max_side, char *why,
		       size_t why_cap)
{
	*out = NULL;
	switch (image_kind(buf, len)) {
	case 'P': return png_decode(out, buf, len, max_side, why, why_cap);
	case 'J': return jpeg_decode(out, buf, len, max_side, why, why_cap);
	case 'T': {
		PIX *raw = page > INT32_MAX ? NULL : pixReadMemTiff((const l_uint8 *)buf, len, (l_int32)page);
		if (!raw) {
			snprintf(why, why_cap, "this is a TIFF image that cannot be decoded (damaged or cut short)");
			return XXGK_EPARSE;
		}
		if (pixGetWidth(raw) > max_side || pixGetHeight(raw) > max_side) {
			snprintf(why, why_cap, "image of %d × %d pixels; the limit is %d a side", pixGetWidth(raw),
				 pixGetHeight(raw), max_side);
			pixDestroy(&raw);
			return XXGK_ETOOBIG;
		}
		*out = tiff_gray(raw);
		pixDestroy(&raw);
		if (!*out) {
			snprintf(why, why_cap, "out of memory");
			return XXGK_ENOMEM;
		}
		return XXGK_OK;
	}
	default: snprintf(why, why_cap, "not a PNG, JPEG or TIFF image"); return XXGK_EPARSE;
	}
}
