/*
 * common_int.h — helpers shared inside libxxgk (never installed): a growable
 * byte buffer, UTF-8 stepping, and small string utilities.
 */
#ifndef XXGK_COMMON_INT_H
#define XXGK_COMMON_INT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
	char *data;   /* owned, always NUL-terminated when cap > 0 */
	size_t len;   /* bytes used, without the NUL */
	size_t cap;   /* bytes allocated */
	bool failed;  /* an allocation failed; later appends are no-ops */
} xxgk_buf;

void xxgk_buf_init(xxgk_buf *b);
void xxgk_buf_free(xxgk_buf *b);
/* Ensures room for `extra` more bytes plus the NUL. Returns false on failure. */
bool xxgk_buf_reserve(xxgk_buf *b, size_t extra);
void xxgk_buf_append(xxgk_buf *b, const char *s, size_t n);
void xxgk_buf_puts(xxgk_buf *b, const char *s);
void xxgk_buf_putc(xxgk_buf *b, char c);
void xxgk_buf_printf(xxgk_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
/* Hands the data to the caller (who frees it) and resets the buffer. */
char *xxgk_buf_detach(xxgk_buf *b);

/*
 * Decodes one UTF-8 code point at s[0..len). Returns its length (1–4) and
 * stores the code point, or returns 0 for an invalid or truncated sequence.
 * Inline: it runs once for every character of every report.
 */
static inline size_t xxgk_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	if (len == 0)
		return 0;
	unsigned c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	/* lead bytes E1–EC, EE, EF with two continuation bytes are always a
	 * valid character (neither overlong nor a surrogate): nearly all of
	 * Chinese text, decoded without the general checks */
	if (c >= 0xE1 && c <= 0xEF && c != 0xED && len >= 3 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
		*cp = (c & 0x0Fu) << 12 | (s[1] & 0x3Fu) << 6 | (s[2] & 0x3Fu);
		return 3;
	}
	size_t n;
	uint32_t v, min;
	if ((c & 0xE0) == 0xC0) {
		n = 2; v = c & 0x1F; min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		n = 3; v = c & 0x0F; min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		n = 4; v = c & 0x07; min = 0x10000;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return n;
}

/* Is s[0..len) UTF-8 throughout? If not, *bad is the first bad byte's offset. */
static inline bool xxgk_utf8_valid(const char *s, size_t len, size_t *bad)
{
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = xxgk_utf8_decode((const unsigned char *)s + i, len - i, &cp);
		if (!n) {
			*bad = i;
			return false;
		}
		i += n;
	}
	return true;
}

/*
 * SHA-256 of buf as hex by one implementation: the portable one, or the
 * SHA-NI one (`accelerated`; false when the processor lacks it). For tests:
 * xxgk_sha256_hex() picks the fastest.
 */
bool xxgk_sha256_hex_impl(char hex[65], const void *buf, size_t len, bool accelerated);
/* Encodes a code point (≤ U+10FFFF) into out[4]; returns the length. */
size_t xxgk_utf8_encode(uint32_t cp, char out[4]);
/* Number of code points in s[0..len) (invalid bytes count one each). */
size_t xxgk_utf8_count(const char *s, size_t len);
/* CJK unified ideograph (the basic block and extension A). Inline: it runs
 * for every character of every report. */
static inline bool xxgk_is_han(uint32_t cp)
{
	return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF);
}

/*
 * Copies `s` into out[cap] (always NUL-terminated, cut at a character
 * boundary when it does not fit) with what a terminal would act on shown
 * escaped: control characters as \n \r \t or \xNN, C1 controls (U+0080–
 * U+009F) as \u0080…, bytes that are not UTF-8 as \xNN. For file names in
 * one-line messages: a name holding a newline or an ESC sequence cannot
 * forge a line or drive the terminal. Returns out.
 */
char *xxgk_printable(char *out, size_t cap, const char *s);

/*
 * A scratch buffer of `n` bytes for megabytes written at once (a page's
 * raster), on transparent huge pages where the system has them (bigmem.c):
 * uninitialised, NULL when it cannot be had. Freed with xxgk__bigmem_free
 * and the same `n`; xxgk__bigmem_free(NULL, n) is a no-op.
 */
void *xxgk__bigmem_alloc(size_t n);
void xxgk__bigmem_free(void *p, size_t n);

/*
 * vsnprintf into a message field of `cap` bytes (cap >= 8): a message longer
 * than the field is cut between characters and ends in "…", never in half a
 * UTF-8 character (invalid in every JSON, CSV and database row written later).
 */
void xxgk_vformat(char *dst, size_t cap, const char *fmt, va_list ap);

#include "xxgk/report.h"

/* Bytes of a warning's message, its NUL included (a longer one is cut, xxgk_vformat). */
#define XXGK__WARN_MSG_CAP 512
/* xxgk_report_warn_at(r, code, line, where, "%s", msg) without formatting
 * `msg` again: a message already formatted is stored as it is. */
int xxgk__report_warn_text(xxgk_report *r, const char *code, uint32_t line, const char *where, const char *msg);

/* strdup that returns NULL on allocation failure (C11 has no strdup). */
char *xxgk_strndup(const char *s, size_t n);
char *xxgk_strdup(const char *s);

/*
 * paths.c: the folder `rel` ("share/locale") of an installed xxgk, found
 * from the file holding the library's code (bin/xxgk, lib/libxxgk.so) into
 * out; false when there is none (a build tree).
 */
bool xxgk_install_dir(char *out, size_t cap, const char *rel);

/* ---- csv.c: the CSV files people give xxgk (waivers, manifests, statuses) ---- */

#include "xxgk/common.h"

/* One row of a CSV file: its fields (NUL-terminated, UTF-8) and the line it began on. */
typedef struct {
	char **fields;
	size_t count;
	unsigned line;
} xxgk_csv_row;

/* Called for each non-empty row; returns XXGK_OK to go on, or a status (with `err` set) to stop. */
typedef int (*xxgk_csv_row_fn)(const xxgk_csv_row *row, void *ctx);

/*
 * Text of a CSV file as UTF-8: a BOM dropped, UTF-16 with a BOM and GB18030
 * (GBK, GB2312) converted. `*out` is the caller's (free); `*encoding` a
 * static name ("utf-8", "utf-16", "gb18030"). XXGK_EENCODING names the line
 * and offset of the first byte that is neither; XXGK_ENOMEM.
 */
int xxgk_csv_decode(char **out, size_t *out_len, const char **encoding, const char *buf, size_t len,
		    const char *name, xxgk_error *err);
/*
 * Parses UTF-8 CSV text (RFC 4180; tab-separated when the first line has
 * tabs and no comma), calling `fn` for each row. Errors name `name` and the
 * line: XXGK_EPARSE (a stray quote, an unclosed quoted field), XXGK_ETOOBIG,
 * XXGK_ENOMEM, or what `fn` returned.
 */
int xxgk_csv_parse(const char *text, size_t len, const char *name, xxgk_csv_row_fn fn, void *ctx, xxgk_error *err);
/* Reads, decodes and parses a file (64 MB at most); `*encoding` (may be NULL) as above. */
int xxgk_csv_read(const char *path, xxgk_csv_row_fn fn, void *ctx, const char **encoding, xxgk_error *err);

#endif
