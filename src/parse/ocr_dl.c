/*
 * ocr_dl.c — Tesseract and leptonica loaded when a scan is read, not when
 * xxgk starts (convert_int.h: xxgk__ocr_dl_load).
 *
 * Linked at start-up, the two libraries and what they bring (libarchive,
 * libcurl and its TLS and Kerberos stack, libgomp, the image codecs: 24
 * shared objects of the 104 xxgk loaded) cost every command ~18 ms of CPU in
 * the dynamic loader and tesseract's static constructors, measured with
 * `perf stat` on an empty program linked both ways — about a third of a
 * whole `xxgk parse` of a text PDF, which never runs OCR. So libxxgk does not
 * link them: ocr.c calls the functions below, each of which forwards to the
 * library's own, opened with dlopen() on first use (pthread_once).
 *
 * Each trampoline is defined with the library header's prototype in scope,
 * so a signature that drifts from the header does not compile. A function
 * ocr.c starts to use that is not listed here fails to link ("undefined
 * reference to pixFoo"): add it to OCR_DL_TESS or OCR_DL_LEPT. The
 * trampolines are hidden: the shared libxxgk does not export leptonica's
 * names.
 *
 * The callers (the PDF reader for a page with no text, the parser for an
 * image) call xxgk__ocr_dl_load() first and get a one-line error when the
 * libraries are not installed; a trampoline reached without it aborts with
 * the same message rather than call through a null pointer.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <leptonica/allheaders.h>
#include <png.h>
#include <tiffio.h>
#include <tesseract/capi.h>

#include "convert_int.h"

/* The sonames of Debian 12's libtesseract5 and liblept5 (CMakeLists.txt may name others). */
#ifndef XXGK_TESSERACT_SONAME
#define XXGK_TESSERACT_SONAME "libtesseract.so.5"
#endif
#ifndef XXGK_LEPT_SONAME
#define XXGK_LEPT_SONAME "liblept.so.5"
#endif

/* X(return type, name, (parameters), (arguments)); V(name, (parameters), (arguments)) returns nothing. */
#define OCR_DL_TESS(X, V)                                                                              \
	X(TessBaseAPI *, TessBaseAPICreate, (void), ())                                                \
	V(TessBaseAPIClear, (TessBaseAPI * h), (h))                                                    \
	V(TessBaseAPIDelete, (TessBaseAPI * h), (h))                                                   \
	X(TessResultIterator *, TessBaseAPIGetIterator, (TessBaseAPI * h), (h))                        \
	X(char *, TessBaseAPIGetUTF8Text, (TessBaseAPI * h), (h))                                      \
	X(int, TessBaseAPIInit3, (TessBaseAPI * h, const char *path, const char *lang), (h, path, lang)) \
	X(int, TessBaseAPIMeanTextConf, (TessBaseAPI * h), (h))                                        \
	X(int, TessBaseAPIRecognize, (TessBaseAPI * h, ETEXT_DESC * m), (h, m))                        \
	V(TessBaseAPISetImage2, (TessBaseAPI * h, struct Pix * pix), (h, pix))                         \
	V(TessBaseAPISetPageSegMode, (TessBaseAPI * h, TessPageSegMode mode), (h, mode))               \
	V(TessBaseAPISetSourceResolution, (TessBaseAPI * h, int ppi), (h, ppi))                        \
	X(BOOL, TessBaseAPISetVariable, (TessBaseAPI * h, const char *name, const char *value),        \
	  (h, name, value))                                                                            \
	V(TessDeleteText, (const char *text), (text))                                                  \
	X(BOOL, TessPageIteratorBoundingBox,                                                           \
	  (const TessPageIterator *h, TessPageIteratorLevel level, int *l, int *t, int *r, int *b),    \
	  (h, level, l, t, r, b))                                                                      \
	X(BOOL, TessPageIteratorIsAtBeginningOf, (const TessPageIterator *h, TessPageIteratorLevel level), \
	  (h, level))                                                                                  \
	V(TessResultIteratorDelete, (TessResultIterator * h), (h))                                     \
	X(const TessPageIterator *, TessResultIteratorGetPageIteratorConst, (const TessResultIterator *h), \
	  (h))                                                                                         \
	X(char *, TessResultIteratorGetUTF8Text, (const TessResultIterator *h, TessPageIteratorLevel level), \
	  (h, level))                                                                                  \
	X(BOOL, TessResultIteratorNext, (TessResultIterator * h, TessPageIteratorLevel level), (h, level))

#define OCR_DL_LEPT(X, V)                                                                              \
	X(BOX *, boxCreate, (l_int32 x, l_int32 y, l_int32 w, l_int32 h), (x, y, w, h))                \
	V(boxDestroy, (BOX * *pbox), (pbox))                                                           \
	X(l_ok, boxGetGeometry, (BOX * box, l_int32 * px, l_int32 * py, l_int32 * pw, l_int32 * ph),   \
	  (box, px, py, pw, ph))                                                                       \
	V(boxaDestroy, (BOXA * *pboxa), (pboxa))                                                       \
	X(BOX *, boxaGetBox, (BOXA * boxa, l_int32 index, l_int32 flag), (boxa, index, flag))          \
	X(l_int32, boxaGetCount, (BOXA * boxa), (boxa))                                                \
	X(PIX *, pixAlphaBlendUniform, (PIX * pixs, l_uint32 color), (pixs, color))                    \
	X(PIX *, pixClone, (PIX * pixs), (pixs))                                                       \
	X(PIX *, pixFlipLR, (PIX * pixd, PIX * pixs), (pixd, pixs))                                    \
	X(PIX *, pixFlipTB, (PIX * pixd, PIX * pixs), (pixd, pixs))                                    \
	X(PIX *, pixRotate180, (PIX * pixd, PIX * pixs), (pixd, pixs))                                 \
	X(PIX *, pixRotateOrth, (PIX * pixs, l_int32 quads), (pixs, quads))                            \
	X(l_ok, pixCopyResolution, (PIX * pixd, const PIX *pixs), (pixd, pixs))                        \
	X(l_int32, pixGetDepth, (const PIX *pix), (pix))                                               \
	X(l_int32, pixGetSpp, (const PIX *pix), (pix))                                                 \
	X(PIX *, pixAddBorder, (PIX * pixs, l_int32 npix, l_uint32 val), (pixs, npix, val))            \
	X(l_ok, pixClearInRect, (PIX * pix, BOX * box), (pix, box))                                    \
	X(PIX *, pixClipRectangle, (PIX * pixs, BOX * box, BOX * *pboxc), (pixs, box, pboxc))          \
	X(l_ok, pixClipToForeground, (PIX * pixs, PIX * *ppixd, BOX * *pbox), (pixs, ppixd, pbox))     \
	X(PIX *, pixCloseBrick, (PIX * pixd, PIX * pixs, l_int32 hsize, l_int32 vsize),                \
	  (pixd, pixs, hsize, vsize))                                                                  \
	X(BOXA *, pixConnComp, (PIX * pixs, PIXA * *ppixa, l_int32 conn), (pixs, ppixa, conn))         \
	X(PIX *, pixConvertTo8, (PIX * pixs, l_int32 cmapflag), (pixs, cmapflag))                      \
	X(PIX *, pixCopy, (PIX * pixd, const PIX *pixs), (pixd, pixs))                                 \
	X(l_ok, pixCountConnComp, (PIX * pixs, l_int32 conn, l_int32 * pcount), (pixs, conn, pcount))  \
	X(l_ok, pixCountPixels, (PIX * pixs, l_int32 * pcount, l_int32 * tab8), (pixs, pcount, tab8))  \
	X(PIX *, pixCreate, (l_int32 width, l_int32 height, l_int32 depth), (width, height, depth))    \
	X(PIX *, pixDeskew, (PIX * pixs, l_int32 redsearch), (pixs, redsearch))                        \
	V(pixDestroy, (PIX * *ppix), (ppix))                                                           \
	X(l_uint32 *, pixGetData, (PIX * pix), (pix))                                                  \
	X(l_int32, pixGetHeight, (const PIX *pix), (pix))                                              \
	X(l_ok, pixGetResolution, (const PIX *pix, l_int32 *px, l_int32 *py), (pix, px, py))           \
	X(l_int32, pixGetWidth, (const PIX *pix), (pix))                                               \
	X(l_int32, pixGetWpl, (const PIX *pix), (pix))                                                 \
	X(PIX *, pixMedianFilter, (PIX * pixs, l_int32 wf, l_int32 hf), (pixs, wf, hf))                \
	X(PIX *, pixOpenBrick, (PIX * pixd, PIX * pixs, l_int32 hsize, l_int32 vsize),                 \
	  (pixd, pixs, hsize, vsize))                                                                  \
	X(l_ok, pixReadHeaderMem,                                                                      \
	  (const l_uint8 *data, size_t size, l_int32 *pformat, l_int32 *pw, l_int32 *ph, l_int32 *pbps, \
	   l_int32 *pspp, l_int32 *piscmap),                                                           \
	  (data, size, pformat, pw, ph, pbps, pspp, piscmap))                                          \
	X(PIX *, pixReadMem, (const l_uint8 *data, size_t size), (data, size))                         \
	X(PIX *, pixReadMemTiff, (const l_uint8 *cdata, size_t size, l_int32 n), (cdata, size, n))     \
	X(PIX *, pixRemoveColormap, (PIX * pixs, l_int32 type), (pixs, type))                          \
	X(PIX *, pixScaleAreaMap, (PIX * pixs, l_float32 sx, l_float32 sy), (pixs, sx, sy))            \
	X(PIX *, pixSelectBySize,                                                                      \
	  (PIX * pixs, l_int32 width, l_int32 height, l_int32 conn, l_int32 type, l_int32 relation,    \
	   l_int32 * pchanged),                                                                        \
	  (pixs, width, height, conn, type, relation, pchanged))                                       \
	X(l_ok, pixSetInRect, (PIX * pix, BOX * box), (pix, box))                                      \
	X(l_ok, pixSetResolution, (PIX * pix, l_int32 xres, l_int32 yres), (pix, xres, yres))          \
	X(PIX *, pixThresholdToBinary, (PIX * pixs, l_int32 thresh), (pixs, thresh))                   \
	V(leptSetStderrHandler, (void (*handler)(const char *)), (handler))                           \
	X(l_int32, setMsgSeverity, (l_int32 newsev), (newsev))

/* libpng's and libjpeg's, which leptonica is linked with: found through its handle (dlsym searches
 * an object's dependencies too), so that ocr_image.c decodes pages with its own error handlers. */
#define OCR_DL_CODEC(X, V)                                                                             \
	X(int, png_image_begin_read_from_memory, (png_imagep image, png_const_voidp memory, size_t size), \
	  (image, memory, size))                                                                       \
	X(int, png_image_finish_read,                                                                  \
	  (png_imagep image, png_const_colorp background, void *buffer, png_int_32 row_stride, void *colormap), \
	  (image, background, buffer, row_stride, colormap))                                           \
	V(png_image_free, (png_imagep image), (image))                                                 \
	X(struct jpeg_error_mgr *, jpeg_std_error, (struct jpeg_error_mgr * e), (e))                   \
	V(jpeg_CreateDecompress, (j_decompress_ptr ci, int version, size_t structsize), (ci, version, structsize)) \
	V(jpeg_destroy_decompress, (j_decompress_ptr ci), (ci))                                        \
	V(jpeg_save_markers, (j_decompress_ptr ci, int code, unsigned int limit), (ci, code, limit))   \
	V(jpeg_mem_src, (j_decompress_ptr ci, const unsigned char *in, unsigned long size), (ci, in, size)) \
	X(int, jpeg_read_header, (j_decompress_ptr ci, boolean require_image), (ci, require_image))    \
	X(boolean, jpeg_start_decompress, (j_decompress_ptr ci), (ci))                                 \
	X(JDIMENSION, jpeg_read_scanlines, (j_decompress_ptr ci, JSAMPARRAY lines, JDIMENSION max), (ci, lines, max)) \
	X(boolean, jpeg_finish_decompress, (j_decompress_ptr ci), (ci))                                \
	X(int, TIFFIsCODECConfigured, (uint16_t scheme), (scheme))

/* The libraries' own functions, once opened. */
#define OCR_DL_FIELD(ret, name, params, args) ret(*name) params;
#define OCR_DL_VFIELD(name, params, args) void(*name) params;
static struct {
	OCR_DL_TESS(OCR_DL_FIELD, OCR_DL_VFIELD)
	OCR_DL_LEPT(OCR_DL_FIELD, OCR_DL_VFIELD)
	OCR_DL_CODEC(OCR_DL_FIELD, OCR_DL_VFIELD)
} ocr_dl_fn;

static pthread_once_t ocr_dl_once = PTHREAD_ONCE_INIT;
static char ocr_dl_error[512];   /* empty once both libraries are open and complete */

/* Looks `name` up in `lib` into *slot; false (and the reason kept) when it is missing. */
static bool ocr_dl_sym(void *lib, const char *soname, const char *name, void *slot)
{
	void *f = dlsym(lib, name);
	if (!f) {
		snprintf(ocr_dl_error, sizeof ocr_dl_error, "%s has no %s", soname, name);
		return false;
	}
	memcpy(slot, &f, sizeof f);   /* POSIX: a data pointer from dlsym() holds a function's address */
	return true;
}

static void ocr_dl_open(void)
{
	/* leptonica first: tesseract needs it, and a missing one is named by itself */
	void *lept = dlopen(XXGK_LEPT_SONAME, RTLD_NOW | RTLD_LOCAL);
	void *tess = lept ? dlopen(XXGK_TESSERACT_SONAME, RTLD_NOW | RTLD_LOCAL) : NULL;
	if (!lept || !tess) {
		const char *why = dlerror();
		snprintf(ocr_dl_error, sizeof ocr_dl_error, "%s", why ? why : "cannot open the OCR libraries");
		return;
	}
	bool ok = true;
#define OCR_DL_LOOKUP(lib, soname, name) ok = ok && ocr_dl_sym(lib, soname, #name, &ocr_dl_fn.name);
#define OCR_DL_TESS_SYM(ret, name, params, args) OCR_DL_LOOKUP(tess, XXGK_TESSERACT_SONAME, name)
#define OCR_DL_TESS_VSYM(name, params, args) OCR_DL_LOOKUP(tess, XXGK_TESSERACT_SONAME, name)
#define OCR_DL_LEPT_SYM(ret, name, params, args) OCR_DL_LOOKUP(lept, XXGK_LEPT_SONAME, name)
#define OCR_DL_LEPT_VSYM(name, params, args) OCR_DL_LOOKUP(lept, XXGK_LEPT_SONAME, name)
	OCR_DL_TESS(OCR_DL_TESS_SYM, OCR_DL_TESS_VSYM)
	OCR_DL_LEPT(OCR_DL_LEPT_SYM, OCR_DL_LEPT_VSYM)
	OCR_DL_CODEC(OCR_DL_LEPT_SYM, OCR_DL_LEPT_VSYM)
	(void)ok;   /* a failed lookup has set ocr_dl_error */
	/* the handles stay open for the life of the process, as linked libraries would */
}

int xxgk__ocr_dl_load(xxgk_error *err)
{
	pthread_once(&ocr_dl_once, ocr_dl_open);
	if (ocr_dl_error[0])
		return xxgk_error_set(err, XXGK_EPARSE, 0, 0,
				      "OCR is not available: %s (Debian: apt install libtesseract5 liblept5)",
				      ocr_dl_error);
	return XXGK_OK;
}

/* The functions ocr.c calls. */
/* capi.h declares it with () (no prototype); (void) is the same function */
TessBaseAPI *TessBaseAPICreate(void);

static void ocr_dl_need(void)
{
	if (xxgk__ocr_dl_load(NULL) != XXGK_OK) {
		fprintf(stderr, "xxgk: OCR is not available: %s\n", ocr_dl_error);
		abort();   /* a caller skipped xxgk__ocr_dl_load(): a bug, not bad input */
	}
}

#define OCR_DL_TRAMPOLINE(ret, name, params, args)                                                     \
	__attribute__((visibility("hidden"))) ret name params                                          \
	{                                                                                              \
		ocr_dl_need();                                                                         \
		return ocr_dl_fn.name args;                                                            \
	}
#define OCR_DL_VTRAMPOLINE(name, params, args)                                                         \
	__attribute__((visibility("hidden"))) void name params                                         \
	{                                                                                              \
		ocr_dl_need();                                                                         \
		ocr_dl_fn.name args;                                                                   \
	}
OCR_DL_TESS(OCR_DL_TRAMPOLINE, OCR_DL_VTRAMPOLINE)
OCR_DL_LEPT(OCR_DL_TRAMPOLINE, OCR_DL_VTRAMPOLINE)
OCR_DL_CODEC(OCR_DL_TRAMPOLINE, OCR_DL_VTRAMPOLINE)
