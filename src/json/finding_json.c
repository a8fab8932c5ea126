/*
 * finding_json.c — `xxgk.finding/1` (shared/SCHEMA.md) as one JSON line.
 * Fields beyond the contract: line, waived, waiver, and error localisation's
 * culprits (cells most likely wrong, each with the value that makes every
 * rule hold), solutions (how many equally light explanations), alternatives
 * (as few cells, heavier: less likely) and fix (all of it in one Chinese
 * sentence); id (stable over re-checks: xxgk/track.h), status (open, fixed,
 * waived, verified) and related (copy findings: the report copied from).
 */
#include <math.h>
#include <stdlib.h>

#include <cJSON.h>

#include "xxgk/check.h"
#include "xxgk/json.h"
#include "xxgk/track.h"
#include "../common/common_int.h"

static cJSON *finding_number(bool has, double v)
{
	return has ? cJSON_CreateNumber(v) : cJSON_CreateNull();
}

static cJSON *finding_cells(const xxgk_culprit *cells, int count)
{
	cJSON *a = cJSON_CreateArray();
	for (int i = 0; a && i < count; i++) {
		const xxgk_culprit *c = &cells[i];
		cJSON *o = cJSON_CreateObject();
		bool ok = o && cJSON_AddItemToArray(a, o);
		ok = ok && cJSON_AddStringToObject(o, "path", c->path);
		ok = ok && cJSON_AddNumberToObject(o, "solution", c->solution);
		ok = ok && cJSON_AddNumberToObject(o, "printed", c->printed);
		ok = ok && cJSON_AddItemToObject(o, "suggested", finding_number(c->settled, c->suggested));
		ok = ok && cJSON_AddItemToObject(o, "low", finding_number(!c->settled, c->low));
		ok = ok && cJSON_AddItemToObject(o, "high", finding_number(!c->settled && isfinite(c->high), c->high));
		if (!ok) {
			cJSON_Delete(a);
			return NULL;
		}
	}
	return a;
}

int xxgk_finding_culprits_json(char **out, const xxgk_finding *f)
{
	*out = NULL;
	cJSON *a = finding_cells(f->blame ? f->blame->culprits : NULL, f->blame ? f->blame->culprit_count : 0);
	char *s = a ? cJSON_PrintUnformatted(a) : NULL;
	cJSON_Delete(a);
	if (!s)
		return XXGK_ENOMEM;
	*out = xxgk_strdup(s);
	cJSON_free(s);
	return *out ? XXGK_OK : XXGK_ENOMEM;
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
	const xxgk_blame *b = f->blame;
	cJSON *culprits = ok ? finding_cells(b ? b->culprits : NULL, b ? b->culprit_count : 0) : NULL;
	if (culprits && !cJSON_AddItemToObject(o, "culprits", culprits)) {
		cJSON_Delete(culprits);
		culprits = NULL;
	}
	ok = ok && culprits;
	ok = ok && cJSON_AddNumberToObject(o, "solutions", b ? b->solutions : 0);
	cJSON *alternatives = ok ? finding_cells(b ? b->alternatives : NULL, b ? b->alternative_count : 0) : NULL;
	if (alternatives && !cJSON_AddItemToObject(o, "alternatives", alternatives)) {
		cJSON_Delete(alternatives);
		alternatives = NULL;
	}
	ok = ok && alternatives;
	const char *fix = xxgk_finding_fix(f);
	ok = ok && cJSON_AddItemToObject(o, "fix", fix[0] ? cJSON_CreateString(fix) : cJSON_CreateNull());
	ok = ok && cJSON_AddItemToObject(o, "id", f->id[0] ? cJSON_CreateString(f->id) : cJSON_CreateNull());
	ok = ok && cJSON_AddStringToObject(o, "status", xxgk_status_name(f->status));
	if (f->related[0])
		ok = ok && cJSON_AddStringToObject(o, "related", f->related);
	char *s = ok ? cJSON_PrintUnformatted(o) : NULL;
	cJSON_Delete(o);
	if (!s)
		return XXGK_ENOMEM;
	*out = xxgk_strdup(s);
	cJSON_free(s);
	return *out ? XXGK_OK : XXGK_ENOMEM;
}
