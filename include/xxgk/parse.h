/*
 * xxgk/parse.h — from the bytes of one report to an xxgk_report.
 *
 * The parser takes a buffer, never a path (file I/O lives in the CLI and the
 * loader). Encoding is normalised once, at the door: BOM, UTF-16, GB18030 →
 * UTF-8; traditional → simplified (OpenCC, only when the text is detected as
 * traditional); pinyin annotations, HTML remnants, full-width forms.
 * Normalisation keeps every line where it was, so line numbers in cells and
 * warnings are those of the original file.
 */
#ifndef XXGK_PARSE_H
#define XXGK_PARSE_H

#include <stddef.h>

#include "xxgk/common.h"
#include "xxgk/region.h"
#include "xxgk/report.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Largest input accepted, in bytes: real reports are under 2 MB of text; a
 * saved web page with inline images stays well under this. */
#define XXGK_PARSE_MAX_INPUT ((size_t)64 * 1024 * 1024)
/* Longest line considered for table cells, in bytes; longer lines are prose. */
#define XXGK_PARSE_MAX_LINE ((size_t)64 * 1024)

/* What the caller knows of the input's format. */
typedef enum {
	XXGK_PARSE_DETECT = 0,  /* sniff the bytes: PDF, DOCX, PNG/JPEG/TIFF, HTML, Markdown or text */
	XXGK_PARSE_TEXT,        /* plain text, whatever it looks like */
	XXGK_PARSE_MARKDOWN,
	XXGK_PARSE_HTML,
	XXGK_PARSE_PDF,
	XXGK_PARSE_DOCX,
	XXGK_PARSE_IMAGE        /* scanned pages, PNG, JPEG or TIFF (any pages), read by OCR */
} xxgk_parse_format;

/*
 * Options of xxgk_parse_buffer(). Start from XXGK_PARSE_OPTIONS_INIT (a
 * zeroed struct means the same: detect the format, no name, no gazetteer)
 * and set what you know.
 */
typedef struct {
	const char *name;                 /* file name recorded in source.name; may be NULL */
	xxgk_parse_format format;         /* XXGK_PARSE_DETECT unless the caller knows better */
	const xxgk_gazetteer *gazetteer;  /* when set, the body is placed in its region */
} xxgk_parse_options;

#define XXGK_PARSE_OPTIONS_INIT { NULL, XXGK_PARSE_DETECT, NULL }

/*
 * Parses one report; `opts` may be NULL (the defaults). On XXGK_OK `*out` is a new report the caller frees with
 * xxgk_report_free(). On failure `*out` is NULL, nothing is half-returned, and
 * `err` (may be NULL) holds the code, the line and a one-line reason.
 * Fails with XXGK_ETOOBIG, XXGK_EENCODING (binary data, invalid UTF-8 that is
 * not GB18030 either), XXGK_EPARSE (no annual-report tables, a report cut off
 * inside table 3), XXGK_ENOMEM.
 */
int xxgk_parse_buffer(xxgk_report **out, const char *buf, size_t len,
		      const xxgk_parse_options *opts, xxgk_error *err);

/*
 * Frees the OCR models (Tesseract's chi_sim and eng, ~100 MB) that the first
 * scan a process reads loads and keeps for the next ones, so a batch of scans
 * loads them once. Call it only when no parse is running: to give the memory
 * back, or before a leak check. The next scan loads them again. It also runs
 * at exit.
 */
void xxgk_parse_release_models(void);

/*
 * Parses one scanned report given as `n` image files in page order (PNG,
 * JPEG or TIFF; a TIFF may hold several pages): a folder of a report's pages
 * (xxgk_load_pages() reads one). They are read by OCR as the pages of a
 * scanned PDF are (docs/ocr.md); `opts->format` is ignored, `opts->name`
 * names the report (the folder). `names` (may be NULL) are the files' names,
 * used in errors: "p3.png: this is a PNG image that cannot be decoded
 * (damaged or cut short)". The report's sha256 is that of the files' own
 * sha256 hex digests, concatenated in order: the same pages give the same
 * report. Results and errors as xxgk_parse_buffer(); XXGK_EINVAL when n is 0.
 */
int xxgk_parse_pages(xxgk_report **out, const char *const *bufs, const size_t *lens, const char *const *names,
		     size_t n, const xxgk_parse_options *opts, xxgk_error *err);

/*
 * Settles, from the same body's neighbouring years, table-2 rows of a 2021
 * report printed run together with several valid cuts (their cells kind
 * unreadable, the digits in raw): 现行有效 = last year's 现行有效 + 本年制发 −
 * 本年废止, for `prev` (year − 1) and `next` (year + 1), either may be NULL.
 * A cell every agreeing cut gives the same value gets it, kind inferred,
 * with a cells.settled_by_year warning naming the other report (`prev_name`,
 * `next_name`). Likewise a scan's row whose figures no rule of the report
 * confirmed (ocr.unconfirmed): a doubted cell for which exactly one of its
 * OCR readings (the one read and its alternatives) agrees with the identity
 * takes it (kind inferred if it differs from the reading), its warning
 * replaced by cells.settled_by_year; a neighbour's own unconfirmed reading is
 * never an anchor. `*settled` counts the rows settled. XXGK_OK or XXGK_ENOMEM.
 */
int xxgk_report_settle_by_year(xxgk_report *report, const xxgk_report *prev, const xxgk_report *next,
			       const char *prev_name, const char *next_name, int *settled);

/* The normalised text and how it was made (exposed for tests and tools). */
typedef struct {
	char *text;        /* owned, UTF-8, NUL-terminated */
	size_t len;        /* bytes, without the NUL */
	int encoding;      /* xxgk_encoding of the input */
	int script;        /* xxgk_script of the input */
} xxgk_text;

/*
 * Normalises raw bytes to UTF-8 simplified text with the same lines.
 * On XXGK_OK the caller frees `out->text` with free(). Errors as above.
 */
int xxgk_normalize(xxgk_text *out, const char *buf, size_t len, int format,
		   xxgk_error *err);

/* Hex SHA-256 of a buffer into `hex` (65 bytes with the NUL). */
void xxgk_sha256_hex(char hex[65], const void *buf, size_t len);

#ifdef __cplusplus
}
#endif
#endif
