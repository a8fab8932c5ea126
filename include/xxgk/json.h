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

#ifdef __cplusplus
}
#endif
#endif
