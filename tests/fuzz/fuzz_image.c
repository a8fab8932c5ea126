/*
 * fuzz_image.c — libFuzzer target for scans (src/parse/ocr.c): page images
 * into xxgk_image_read(), the PNG/JPEG reader that deskews a page, finds its
 * ruling lines, tables, cells and rows without rules, and reads them with
 * Tesseract. Two kinds of input, by the first byte's low bit:
 *
 *   0  the bytes themselves, as a PNG, JPEG or TIFF file (decoding, headers that
 *      lie about sizes, truncation);
 *   1  a drawing: bytes 1–4 give the page's size (16–1215 × 16–1715 pixels),
 *      then each 6 bytes a filled rectangle (x, y, width, height, grey): bars
 *      that are rules, grids with cells merged or cut short, blocks that are
 *      ink — the geometry ocr.c segments — written as a PNG at 300 dpi.
 *
 * Each goes through the whole parse (xxgk_parse_buffer: detection, OCR,
 * rows, the verification of the figures): a success hands back a report, a
 * failure none, with its code. Seeds: tests/fuzz/seeds_image/.
 *
 *   ./fuzz_image -max_len=65536 -timeout=60 -rss_limit_mb=2048 corpus/ tests/fuzz/seeds_image/
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <leptonica/allheaders.h>

#include "xxgk/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
const char *__lsan_default_suppressions(void);

/* Tesseract's and leptonica's process-wide tables (the unicharset's, the
 * dawg cache's) are kept for the process's life, not per input. */
const char *__lsan_default_suppressions(void)
{
	return "leak:libtesseract.so\nleak:liblept.so\nleak:libfontconfig.so\nleak:libcairo.so\n";
}

/* The whole parse of one image: it must succeed with a report or fail with none. */
static void fuzz_read(const char *buf, size_t size)
{
	xxgk_report *r = NULL;
	xxgk_error err;
	xxgk_parse_options opts = { .name = "fuzz.png" };
	int rc = xxgk_parse_buffer(&r, buf, size, &opts, &err);
	if ((rc != XXGK_OK) != (r == NULL) || (rc != XXGK_OK && err.code != rc))
		abort();   /* a failure hands back nothing, and says why */
	xxgk_report_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	if (!(data[0] & 1)) {
		fuzz_read((const char *)data + 1, size - 1);
		return 0;
	}
	if (size < 5)
		return 0;
	int w = 16 + (data[1] | data[2] << 8) % 1200, h = 16 + (data[3] | data[4] << 8) % 1700;
	PIX *pix = pixCreate(w, h, 8);
	if (!pix)
		return 0;
	pixSetAllArbitrary(pix, 255);
	for (size_t i = 5; i + 6 <= size; i += 6) {
		const uint8_t *c = data + i;
		int x = (c[0] | (c[1] & 0x0f) << 8) % w, y = (c[2] | (c[1] >> 4) << 8) % h;
		int rw = 1 + c[3] * (c[3] > 200 ? 6 : 1), rh = 1 + c[4] * (c[4] > 200 ? 8 : 1);
		BOX *box = boxCreate(x, y, rw, rh);
		if (box)
			pixSetInRectArbitrary(pix, box, c[5]);
		boxDestroy(&box);
	}
	pixSetResolution(pix, 300, 300);
	l_uint8 *png = NULL;
	size_t len = 0;
	if (pixWriteMem(&png, &len, pix, IFF_PNG) == 0)
		fuzz_read((const char *)png, len);
	free(png);
	pixDestroy(&pix);
	return 0;
}
