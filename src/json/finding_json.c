/*
 * finding_json.c — `xxgk.finding/1` (shared/SCHEMA.md) as one JSON line.
 * Fields beyond the contract: line, waived, waiver.
 */
#include <stdlib.h>

#include <cJSON.h>

#include "xxgk/check.h"
#include "xxgk/json.h"
#include "../common/common_int.h"

static cJSON *finding_number(bool has, double v)
{
	return has ? cJSON_CreateNumber(v) : cJSON_CreateNull();
}

int xxgk_finding_to_json(char **out, const xxgk_finding *f)
{
	*out = NULL;
	cJSON *o = cJSON_CreateObject();
	bool ok = o != NULL;
	ok = ok && cJSON_AddStringToObject(o, "schema", XXGK_FINDING_SCHEMA);
	ok = ok && cJSON_AddStringToObject(o, "report", f->report);
	ok = ok && cJSON_AddStringToObject(o, "rule", f->rule);
	ok = ok && cJSON_AddStringToObject(o, "severity", xxgk_severity_name(f->severity));
	ok = ok && cJSON_AddStringToObject(o, "where", f->where);
	ok = ok && cJSON_AddItemToObject(o, "lhs", finding_number(f->has_lhs, f->lhs));
	ok = ok && cJSON_AddItemToObject(o, "rhs", finding_number(f->has_rhs, f->rhs));
	ok = ok && cJSON_AddItemToObject(o, "delta", finding_number(f->has_delta, f->delta));
	ok = ok && cJSON_AddStringToObject(o, "message", f->message);
	ok = ok && cJSON_AddItemToObject(o, "line", f->line ? cJSON_CreateNumber(f->line) : cJSON_CreateNull());
	ok = ok && cJSON_AddBoolToObject(o, "waived", f->waived);
	ok = ok && cJSON_AddItemToObject(o, "waiver", f->waived ? cJSON_CreateString(f->waiver) : cJSON_CreateNull());
	char *s = ok ? cJSON_PrintUnformatted(o) : NULL;
	cJSON_Delete(o);
	if (!s)
		return XXGK_ENOMEM;
	*out = xxgk_strdup(s);
	cJSON_free(s);
	return *out ? XXGK_OK : XXGK_ENOMEM;
}
