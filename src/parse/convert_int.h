/*
 * convert_int.h — the readers of binary office formats (parse stage only,
 * never installed). They hand the parser tokens with where each stands in
 * the user's file (parse_int.h, doc.c), never text to read again:
 *
 *   PDF  → prose lines and table rows rebuilt from the characters' boxes, each
 *          token with its page and box (pdf.c, poppler-glib + cairo);
 *   DOCX → paragraphs and tables read as HTML tables are (merged cells
 *          expanded), each token with its paragraph or table, row and grid
 *          column (docx.c, libzip + libxml2);
 *   .doc / .wps (OLE2) → a message naming a conversion route.
 *
 * The readers take buffers, like the parser. docs/pdf.md describes the
 * geometry and the caps.
 */
#ifndef XXGK_CONVERT_INT_H
#define XXGK_CONVERT_INT_H

#include <stddef.h>

#include "xxgk/common.h"
#include "parse_int.h"

/* Largest PDF or DOCX file accepted, in bytes (XXGK_PARSE_MAX_INPUT, 64 MiB). */
#define XXGK_CONVERT_MAX_INPUT ((size_t)64 * 1024 * 1024)

/*
 * PDF bytes → tokens. Prose is one line per printed line (fields at wide
 * gaps); each table row is one line of fields, one per cell (an empty cell
 * an empty field), a cell's wrapped lines joined into the cell; page headers
 * and footers ("-3-", "— 5 —", "第3页") are dropped; pages follow in order.
 * Each token's origin is its page and the union of its glyphs' boxes.
 *
 * On XXGK_OK `*out` is a document the caller frees with xxgk_doc_free(). On
 * failure it is empty and `err` (may be NULL) holds a one-line reason:
 *   XXGK_EPARSE   "not a readable PDF: …", "encrypted PDF: …",
 *                 "no text layer (a scanned PDF?); run OCR first";
 *   XXGK_ETOOBIG  over a named cap (bytes, pages, characters);
 *   XXGK_ENOMEM.
 */
int xxgk_pdf_read(xxgk_doc *out, const char *buf, size_t len, xxgk_error *err);

/*
 * Scans (ocr.c, docs/ocr.md). xxgk_image_read(): one PNG or JPEG page →
 * tokens, as xxgk_pdf_read() gives a page, each figure read also in
 * out->ocr. xxgk__ocr_pdf(): the pages of a PDF with no text layer (a
 * PopplerDocument) read the same way; xxgk_pdf_read() calls it. Errors:
 * XXGK_EPARSE (not an image; the OCR models missing), XXGK_ETOOBIG (pixels,
 * pages), XXGK_ENOMEM, with `err` set.
 */
int xxgk_image_read(xxgk_doc *out, const char *buf, size_t len, xxgk_error *err);
/*
 * The pages of one scan given as `n` image files in page order (a folder of
 * its pages; a multi-page TIFF is several), read as xxgk_image_read() reads
 * one. `names` (may be NULL) are the files' names, for errors: "p3.png: this
 * is a PNG image that cannot be decoded …"; without, "image 3: …" when n > 1.
 */
int xxgk_images_read(xxgk_doc *out, const char *const *bufs, const size_t *lens, const char *const *names,
		     size_t n, xxgk_error *err);
int xxgk__ocr_pdf(xxgk_doc *out, void *poppler_document, xxgk_error *err);
/*
 * A scan's image files (ocr_image.c): PNG, JPEG, TIFF (any number of pages).
 * xxgk__image_sniff(): is `buf` one of them, by its signature?
 * xxgk__image_pages(): how many pages it holds (each TIFF page's size
 * checked against `max_side` pixels, at most `max_pages`);
 * xxgk__image_decode(): page `page` (from 0) as a leptonica PIX the caller
 * frees, 8-bit grey (a TIFF's colour map, colour, 16 bits and transparency
 * onto white made grey as PNG and JPEG are), with the resolution it declares.
 * Decoders print nothing: a failure is XXGK_EPARSE (damaged or cut short),
 * XXGK_ETOOBIG (pixels, pages) or XXGK_ENOMEM with `why` one line.
 */
struct Pix;
bool xxgk__image_sniff(const char *buf, size_t len);
int xxgk__image_pages(const char *buf, size_t len, size_t max_pages, int max_side, size_t *pages, char *why,
		      size_t why_cap);
int xxgk__image_decode(struct Pix **out, const char *buf, size_t len, size_t page, int max_side, char *why,
		       size_t why_cap);
/*
 * The page images of one scan checked before any OCR (ocr.c): each file's
 * pages counted and measured, and decoded once when there are several files
 * or pages — every one when `decode_all` — so a damaged last page is told
 * before minutes of OCR. `*total` pages. Errors as xxgk_images_read(), the
 * file (and page) named.
 */
int xxgk__images_check(const char *const *bufs, const size_t *lens, const char *const *names, size_t n,
		       bool decode_all, size_t *total, xxgk_error *err);
/* Opens Tesseract and leptonica (ocr_dl.c) if not yet open; call before either
 * function above. XXGK_EPARSE with `err` set when they are not installed. */
int xxgk__ocr_dl_load(xxgk_error *err);
/* How many times the OCR models were loaded in this process (ocr.c keeps
 * them between documents; xxgk_parse_release_models() frees them): tests. */
unsigned long xxgk__ocr_model_loads(void);

/* The derived text of xxgk_pdf_read() (a line per printed line or table row,
 * fields joined by tabs), for tests and tools: malloc'd, NUL-terminated. */
int xxgk_pdf_to_text(char **out, size_t *out_len, const char *buf, size_t len, xxgk_error *err);

/*
 * DOCX bytes (a ZIP holding word/document.xml) → tokens: each body paragraph
 * a block of prose, each table a grid of rows and cells with w:gridSpan and
 * w:vMerge expanded (a merged cell is read in the row and column where it
 * starts), text runs (w:t, w:tab, w:br) joined within a paragraph, the
 * paragraphs of a cell joined by a space.
 *
 * On XXGK_OK `*out` is a document the caller frees with xxgk_doc_free(). On
 * failure it is empty and `err` says why: XXGK_EPARSE (not a ZIP, no
 * word/document.xml, XML that does not parse), XXGK_ETOOBIG (over a cap: the
 * inflated XML, its tags, a table's cells, the document's rows — a zip bomb
 * or not a report), XXGK_ENOMEM.
 */
int xxgk_docx_read(xxgk_doc *out, const char *buf, size_t len, xxgk_error *err);

/*
 * NULL, or for an OLE2 compound file (.doc, .wps, .xls, .et: magic
 * D0 CF 11 E0 A1 B1 1A E1) a static one-line message naming a conversion
 * route. Never fails; `buf` may be NULL when `len` is 0.
 */
const char *xxgk_legacy_office_message(const unsigned char *buf, size_t len);

#endif
