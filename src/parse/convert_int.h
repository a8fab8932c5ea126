/*
 * convert_int.h — converters from binary office formats to the layouts the
 * parser already reads (parse stage only, never installed).
 *
 *   PDF  → text: prose as lines, every table row as one line with its cells
 *          separated by tabs (pdf.c, poppler-glib + cairo);
 *   DOCX → HTML: paragraphs as <p>, tables as <table> with colspan/rowspan
 *          (docx.c, libzip + libxml2);
 *   .doc / .wps (OLE2) → a message naming a conversion route.
 *
 * The converters take buffers, like the parser; parse.c reads the result
 * with the text (PDF) or HTML (DOCX) reader. docs/pdf.md describes the
 * geometry and the caps.
 */
#ifndef XXGK_CONVERT_INT_H
#define XXGK_CONVERT_INT_H

#include <stddef.h>

#include "xxgk/common.h"

/* Largest PDF or DOCX file accepted, in bytes (XXGK_PARSE_MAX_INPUT, 64 MiB). */
#define XXGK_CONVERT_MAX_INPUT ((size_t)64 * 1024 * 1024)

/*
 * PDF bytes → UTF-8 text for the text parser. Prose is one line per printed
 * line; each table row is one line whose cells are joined by '\t' (an empty
 * cell is an empty field: "a\t1\t\t2"), a cell's wrapped lines joined into
 * the cell; page headers and footers ("-3-", "— 5 —", "第3页") are dropped;
 * pages follow in order, separated by an empty line.
 *
 * On XXGK_OK `*out` is malloc'd, NUL-terminated, `*out_len` bytes without the
 * NUL, and the caller frees it with free(). On failure `*out` is NULL and
 * `err` (may be NULL) holds a one-line reason:
 *   XXGK_EPARSE   "not a readable PDF: …", "encrypted PDF: …",
 *                 "no text layer (a scanned PDF?); run OCR first";
 *   XXGK_ETOOBIG  over a named cap (bytes, pages, characters);
 *   XXGK_ENOMEM.
 */
int xxgk_pdf_to_text(char **out, size_t *out_len, const char *buf, size_t len, xxgk_error *err);

/*
 * DOCX bytes (a ZIP holding word/document.xml) → an HTML string for the HTML
 * reader: each body paragraph as <p>text</p>, each table as <table> of
 * <tr>/<td> with w:gridSpan → colspan and w:vMerge restart/continue →
 * rowspan on the restarting cell (continuation cells omitted), text runs
 * (w:t, w:tab, w:br) joined within a paragraph, the paragraphs of a cell
 * joined by a space.
 *
 * On XXGK_OK `*out` is malloc'd, NUL-terminated, the caller frees it with
 * free(). On failure `*out` is NULL and `err` says why: XXGK_EPARSE (not a
 * ZIP, no word/document.xml, XML that does not parse), XXGK_ETOOBIG
 * (document.xml over its uncompressed cap: a zip bomb or not a report),
 * XXGK_ENOMEM.
 */
int xxgk_docx_to_html(char **out, size_t *out_len, const char *buf, size_t len, xxgk_error *err);

/*
 * NULL, or for an OLE2 compound file (.doc, .wps, .xls, .et: magic
 * D0 CF 11 E0 A1 B1 1A E1) a static one-line message naming a conversion
 * route. Never fails; `buf` may be NULL when `len` is 0.
 */
const char *xxgk_legacy_office_message(const unsigned char *buf, size_t len);

#endif
