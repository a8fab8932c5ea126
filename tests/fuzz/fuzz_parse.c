/*
 * fuzz_parse.c — libFuzzer target for the parse entry point: any bytes into
 * xxgk_parse_buffer(), and every report that comes out through the JSON
 * writer and reader, which must give the same bytes back. The first byte
 * picks the path: detected format, or forced HTML (libxml2), so both the
 * text readers (line, space-aligned, run-together) and the HTML reader are
 * reached from any input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xxgk/json.h"
#include "xxgk/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	xxgk_report *r = NULL;
	xxgk_error err;
	xxgk_parse_options opts = { .name = "fuzz.txt" };
	if (size > 0 && (data[0] & 3) == 3) {
		opts.format = XXGK_PARSE_HTML;
		data++;
		size--;
	}
	if (xxgk_parse_buffer(&r, (const char *)data, size, &opts, &err) != XXGK_OK) {
		if (r)
			abort();   /* a failure never hands back a report */
		return 0;
	}
	char *a = NULL, *b = NULL;
	xxgk_report *back = NULL;
	if (xxgk_report_to_json(&a, r, false) == XXGK_OK &&
	    xxgk_report_from_json(&back, a, strlen(a), &err) == XXGK_OK &&
	    xxgk_report_to_json(&b, back, false) == XXGK_OK && strcmp(a, b) != 0)
		abort();   /* the round trip must be exact */
	free(a);
	free(b);
	xxgk_report_free(back);
	xxgk_report_free(r);
	return 0;
}
