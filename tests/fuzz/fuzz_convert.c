/*
 * fuzz_convert.c — libFuzzer target for the converters (src/parse/pdf.c,
 * docx.c): any bytes into xxgk_pdf_to_text(), xxgk_docx_to_html() and
 * xxgk_legacy_office_message(). A success must hand back a NUL-terminated
 * string of the stated length, which then goes through the parser with the
 * format hint the CLI will give it; a failure must hand back nothing and
 * carry its code. Seeds: the PDF and DOCX files of fixtures/pdf.
 *
 *   clang -fsanitize=fuzzer,address … fuzz_convert.c pdf.c docx.c libxxgk.a \
 *     $(pkg-config --libs poppler-glib libzip …)
 *   ./fuzz_convert -max_len=1000000 corpus/ fixtures/pdf/
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/convert_int.h"
#include "xxgk/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
const char *__lsan_default_suppressions(void);

/*
 * fontconfig keeps the patterns poppler looks up for fonts a PDF does not
 * embed (Helvetica …), and poppler-glib's font engine the cairo font faces
 * it made, in process-wide caches that are never freed; neither is a leak of
 * ours nor grows per input (test_convert under ASan checks our own cairo use).
 */
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\nleak:libcairo.so\n";
}

/* Checks one converter's result and parses it; aborts on a broken contract. */
static void fuzz_check(int rc, char *out, size_t out_len, const xxgk_error *err, int format)
{
	if (rc != XXGK_OK) {
		if (out || err->code != rc || out_len != 0)
			abort();   /* a failure hands back nothing, and says why */
		return;
	}
	if (!out || strlen(out) != out_len)
		abort();   /* the text is NUL-terminated at its length, with no NUL inside */
	xxgk_report *r = NULL;
	xxgk_error perr;
	xxgk_parse_options opts = { .name = "fuzz", .format = format == XXGK_FORMAT_HTML ? XXGK_PARSE_HTML : XXGK_PARSE_TEXT };
	if (xxgk_parse_buffer(&r, out, out_len, &opts, &perr) != XXGK_OK && r)
		abort();
	xxgk_report_free(r);
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	char *out = NULL;
	size_t out_len = 0;
	xxgk_error err;

	int rc = xxgk_pdf_to_text(&out, &out_len, buf, size, &err);
	fuzz_check(rc, out, out_len, &err, XXGK_FORMAT_TEXT);

	out = NULL;
	out_len = 0;
	rc = xxgk_docx_to_html(&out, &out_len, buf, size, &err);
	fuzz_check(rc, out, out_len, &err, XXGK_FORMAT_HTML);

	const char *m = xxgk_legacy_office_message(data, size);
	if (m && (size < 8 || strchr(m, '\n')))
		abort();
	return 0;
}
