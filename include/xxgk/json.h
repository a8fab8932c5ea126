/*
 * xxgk/json.h — `xxgk.report/1` as JSON (shared/SCHEMA.md), both ways.
 *
 * The writer emits every field of the contract; the reader accepts what the
 * writer emits (and what people write by hand in fixtures) and refuses any
 * other schema version with XXGK_ESCHEMA. Writing then reading then writing
 * gives the same bytes.
 */
#ifndef XXGK_JSON_H
#define XXGK_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "xxgk/common.h"
#include "xxgk/report.h"

#ifdef __cplusplus
extern "C" {
#endif

#define XXGK_REPORT_SCHEMA "xxgk.report/1"
#define XXGK_FINDING_SCHEMA "xxgk.finding/1"

/*
 * Serialises a report. `pretty` adds indentation; otherwise the result is one
 * line (JSON Lines). On XXGK_OK `*out` is a NUL-terminated string the caller
 * frees with free().
 */
int xxgk_report_to_json(char **out, const xxgk_report *report, bool pretty);

/*
 * Reads one report object. On XXGK_OK `*out` is the caller's
 * (xxgk_report_free). Errors: XXGK_EPARSE (not JSON, a field of the wrong
 * type), XXGK_ESCHEMA (another schema), XXGK_ENOMEM; details in `err`.
 */
int xxgk_report_from_json(xxgk_report **out, const char *buf, size_t len, xxgk_error *err);

/*
 * A request body: one JSON object of strings, numbers, booleans and nulls
 * (`xxgk serve`'s POSTs). Values are kept as text (a number as %.17g,
 * true/false), NULL for null; keys in document order.
 */
#define XXGK_JSON_FIELDS_MAX_BYTES 65536   /* a status note is a sentence, not a file */
#define XXGK_JSON_FIELDS_MAX 32

typedef struct {
	char **keys;     /* owned */
	char **values;   /* owned; NULL for a JSON null */
	size_t count;
} xxgk_json_fields;

/*
 * Reads `buf`. On XXGK_OK `*out` is the caller's (xxgk_json_fields_free).
 * XXGK_EPARSE (not JSON, not an object, a nested value, a key twice, a NUL
 * byte), XXGK_ETOOBIG (over the caps above), XXGK_ENOMEM; `*out` empty then.
 */
int xxgk_json_read_fields(xxgk_json_fields *out, const char *buf, size_t len, xxgk_error *err);
/* The value of `key` (borrowed), NULL when absent or null. */
const char *xxgk_json_fields_get(const xxgk_json_fields *f, const char *key);
void xxgk_json_fields_free(xxgk_json_fields *f);

#ifdef __cplusplus
}
#endif
#endif
