/*
 * detect.c — which format a report's bytes are, decided in one place
 * (read_int.h). Binary containers first, by their signatures: "%PDF-"
 * within the first KiB (PDF readers accept junk before it, ISO 32000-1
 * §7.5.2 notwithstanding), a ZIP local header "PK\3\4" (a .docx, ECMA-376
 * Part 2), PNG, JPEG and TIFF signatures (scanned pages, read by OCR), the OLE2 compound-file magic (.doc/.wps: refused with a
 * conversion route, docx.c). Then the text formats, from the first 64 KiB:
 * HTML when the text starts with a tag and holds a block element, Markdown
 * when a line starts with "# " or three lines hold two pipes, else text.
 */
#include <string.h>

#include "read_int.h"
#include "convert_int.h"

/* Bytes of text looked at for HTML and Markdown markers. */
#define DETECT_TEXT_WINDOW ((size_t)65536)
/* Bytes before "%PDF-" that PDF readers tolerate. */
#define DETECT_PDF_WINDOW ((size_t)1024)

/* Does text[0..len) contain `needle`? (The caller's buffer has no NUL.) */
static bool detect_contains(const char *text, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	if (n == 0 || n > len)
		return n == 0;
	for (const char *p = text, *end = text + len - n + 1; p < end; p++) {
		p = memchr(p, needle[0], (size_t)(end - p));
		if (!p)
			return false;
		if (memcmp(p, needle, n) == 0)
			return true;
	}
	return false;
}

int xxgk__detect_text(const char *text, size_t len)
{
	size_t i = 0;
	while (i < len && (text[i] == ' ' || text[i] == '\n' || text[i] == '\t'))
		i++;
	if (i < len && text[i] == '<') {
		const char *tags[] = { "<table", "<TABLE", "<html", "<HTML", "<body", "<div", "<p", NULL };
		for (const char **t = tags; *t; t++)
			if (detect_contains(text, len, *t))
				return XXGK_FORMAT_HTML;
	}
	/* a line whose first character other than spaces is '#' followed by ' '
	 * or '#': each '#' found (memchr), then its line's start looked at */
	const char *end = text + len;
	for (const char *h = text; h < end && (h = memchr(h, '#', (size_t)(end - h))) != NULL; h++) {
		const char *q = h;
		while (q > text && q[-1] == ' ')
			q--;
		if ((q == text || q[-1] == '\n') && h + 1 < end && (h[1] == ' ' || h[1] == '#'))
			return XXGK_FORMAT_MARKDOWN;
	}
	/* three lines of two '|' or more: each line that holds a '|' (memchr) counted */
	size_t pipes = 0;
	for (const char *b = text; b < end && (b = memchr(b, '|', (size_t)(end - b))) != NULL;) {
		const char *nl = memchr(b, '\n', (size_t)(end - b));
		const char *e = nl ? nl : end;
		size_t bars = 0;
		for (const char *k = b; k < e; k++)
			bars += *k == '|';
		if (bars >= 2 && ++pipes >= 3)
			return XXGK_FORMAT_MARKDOWN;
		b = e;
	}
	return XXGK_FORMAT_TEXT;
}

/* PDF: "%PDF-" within the first KiB (some writers put junk before it). */
static bool detect_is_pdf(const char *buf, size_t len)
{
	size_t n = len < DETECT_PDF_WINDOW ? len : DETECT_PDF_WINDOW;
	for (size_t i = 0; i + 5 <= n; i++)
		if (buf[i] == '%' && memcmp(buf + i, "%PDF-", 5) == 0)
			return true;
	return false;
}

int xxgk__detect_format(const char *buf, size_t len, const char **legacy)
{
	*legacy = NULL;
	if (detect_is_pdf(buf, len))
		return XXGK_FORMAT_PDF;
	if (len >= 4 && memcmp(buf, "PK\x03\x04", 4) == 0)
		return XXGK_FORMAT_DOCX;
	if (xxgk__image_sniff(buf, len))
		return XXGK_FORMAT_IMAGE;   /* scanned pages: PNG, JPEG, TIFF (ocr_image.c) */
	*legacy = xxgk_legacy_office_message((const unsigned char *)buf, len);
	if (*legacy)
		return -1;
	/* detection on the raw bytes is enough for the markers it looks at */
	return xxgk__detect_text(buf, len < DETECT_TEXT_WINDOW ? len : DETECT_TEXT_WINDOW);
}
