/*
 * fuzz_convert.c — libFuzzer target for the converters (src/parse/pdf.c,
 * docx.c): any bytes into xxgk_pdf_read(), xxgk_docx_read() and
 * xxgk_legacy_office_message(). A success must hand back tokens inside a
 * NUL-terminated text of the stated length, and the bytes then go through
 * the whole parser as that format; a failure must hand back nothing and
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
#include "parse/parse_int.h"
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

/* Checks one reader's result and parses the same bytes; aborts on a broken contract. */
static void fuzz_check(int rc, xxgk_doc *doc, const xxgk_error *err, const char *buf, size_t size,
		       xxgk_parse_format format)
{
	if (rc != XXGK_OK) {
		if (doc->toks || doc->owned_text || err->code != rc)
			abort();   /* a failure hands back nothing, and says why */
		return;
	}
	if (!doc->text || strlen(doc->text) != doc->len)
		abort();   /* the text is NUL-terminated at its length, with no NUL inside */
	for (size_t i = 0; i < doc->tok_count; i++)
		if (doc->toks[i].text < doc->text || doc->toks[i].text + doc->toks[i].len > doc->text + doc->len)
			abort();   /* every token is inside the text */
	xxgk_doc_free(doc);
	xxgk_report *r = NULL;
	xxgk_error perr;
	xxgk_parse_options opts = { .name = "fuzz", .format = format };
	if (xxgk_parse_buffer(&r, buf, size, &opts, &perr) != XXGK_OK && r)
		abort();
	xxgk_report_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	xxgk_doc doc;
	xxgk_error err;

	int rc = xxgk_pdf_read(&doc, buf, size, &err);
	fuzz_check(rc, &doc, &err, buf, size, XXGK_PARSE_PDF);
	rc = xxgk_docx_read(&doc, buf, size, &err);
	fuzz_check(rc, &doc, &err, buf, size, XXGK_PARSE_DOCX);

	const char *m = xxgk_legacy_office_message(data, size);
	if (m && (size < 8 || strchr(m, '\n')))
		abort();
	return 0;
}
