/*
 * fuzz_json.c — libFuzzer target for what `xxgk load` takes from a .jsonl
 * file (issue 17, item 5): any bytes into xxgk_report_from_json(). A report
 * it accepts must be one the schema allows (no negative or non-finite count
 * unless its printed text reads so is the reader's rule; here: the round
 * trip through the writer and the reader gives the same bytes), and must go
 * into a store: an in-memory database written and rolled back per input.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xxgk/json.h"
#include "xxgk/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static xxgk_store *store;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	xxgk_report *r = NULL, *back = NULL;
	xxgk_error err;
	char *a = NULL, *b = NULL;
	if (!store && xxgk_store_open(&store, ":memory:", XXGK_STORE_CREATE, &err) != XXGK_OK)
		abort();
	if (xxgk_report_from_json(&r, (const char *)data, size, &err) != XXGK_OK) {
		if (r || !err.message[0])
			abort();   /* a refusal hands back nothing and says why */
		return 0;
	}
	if (xxgk_report_to_json(&a, r, false) != XXGK_OK ||
	    xxgk_report_from_json(&back, a, strlen(a), &err) != XXGK_OK ||
	    xxgk_report_to_json(&b, back, false) != XXGK_OK || strcmp(a, b) != 0)
		abort();   /* what was accepted is written back and read again exactly */
	int outcome;
	if (xxgk_store_begin(store, &err) != XXGK_OK)
		abort();
	if (xxgk_store_put(store, r, &outcome, &err) != XXGK_OK && !err.message[0])
		abort();   /* a store refusal says why */
	xxgk_store_rollback(store);
	free(a);
	free(b);
	xxgk_report_free(back);
	xxgk_report_free(r);
	return 0;
}
