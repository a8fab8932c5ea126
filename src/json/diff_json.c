/*
 * diff_json.c — a diff of two reports (xxgk/diff.h) as one `xxgk.diff/1`
 * JSON object: {schema, relation, a, b, cells_compared, cells: [{path,
 * table, row, column, a, b, kind_a, kind_b, delta}], rates: {key: {a, b}},
 * appeared: [finding…], gone: [finding…]}. A side without a number is null,
 * never 0; a finding is an `xxgk.finding/1` object.
 */
#include <stdlib.h>

#include <cJSON.h>

#include "xxgk/diff.h"
#include "../common/common_int.h"

static cJSON *diff_side(const xxgk_report *r)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	bool ok = cJSON_AddStringToObject(o, "sha256", r->sha256) &&
		  cJSON_AddItemToObject(o, "name", r->agency_name ? cJSON_CreateString(r->agency_name) : cJSON_CreateNull()) &&
		  cJSON_AddItemToObject(o, "region_code",
					r->region_code ? cJSON_CreateString(r->region_code) : cJSON_CreateNull()) &&
		  cJSON_AddNumberToObject(o, "year", r->year) &&
		  cJSON_AddItemToObject(o, "published", r->published[0] ? cJSON_CreateString(r->published) : cJSON_CreateNull()) &&
		  cJSON_AddItemToObject(o, "source", r->source_name ? cJSON_CreateString(r->source_name) : cJSON_CreateNull());
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static cJSON *diff_rate(const xxgk_rate *r)
{
	if (!r->defined)
		return cJSON_CreateNull();
	cJSON *o = cJSON_CreateObject();
	if (o && (!cJSON_AddNumberToObject(o, "value", r->value) || !cJSON_AddNumberToObject(o, "numerator", r->numerator) ||
		  !cJSON_AddNumberToObject(o, "denominator", r->denominator))) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static cJSON *diff_findings(const xxgk_findings *f)
{
	cJSON *arr = cJSON_CreateArray();
	for (size_t i = 0; arr && i < f->count; i++) {
		char *s = NULL;
		cJSON *one = xxgk_finding_to_json(&s, &f->items[i]) == XXGK_OK ? cJSON_Parse(s) : NULL;
		free(s);
		if (!one || !cJSON_AddItemToArray(arr, one)) {
			cJSON_Delete(one);
			cJSON_Delete(arr);
			return NULL;
		}
	}
	return arr;
}

int xxgk_diff_to_json(char **out, const xxgk_diff *d)
{
	static const char *const relations[] = { "years", "versions", "other" };
	*out = NULL;
	cJSON *o = cJSON_CreateObject();
	bool ok = o && cJSON_AddStringToObject(o, "schema", "xxgk.diff/1") &&
		  cJSON_AddStringToObject(o, "relation", relations[d->relation]) &&
		  cJSON_AddItemToObject(o, "a", diff_side(d->a)) && cJSON_AddItemToObject(o, "b", diff_side(d->b)) &&
		  cJSON_AddNumberToObject(o, "cells_compared", (double)d->cells_compared);
	cJSON *cells = ok ? cJSON_AddArrayToObject(o, "cells") : NULL;
	ok = ok && cells;
	for (size_t i = 0; ok && i < d->cell_count; i++) {
		const xxgk_diff_cell *c = &d->cells[i];
		cJSON *x = cJSON_CreateObject();
		ok = x && cJSON_AddItemToArray(cells, x) && cJSON_AddStringToObject(x, "path", c->path) &&
		     cJSON_AddStringToObject(x, "table", c->table) && cJSON_AddStringToObject(x, "row", c->row) &&
		     cJSON_AddStringToObject(x, "column", c->column) &&
		     cJSON_AddItemToObject(x, "a", c->has_a ? cJSON_CreateNumber(c->a) : cJSON_CreateNull()) &&
		     cJSON_AddItemToObject(x, "b", c->has_b ? cJSON_CreateNumber(c->b) : cJSON_CreateNull()) &&
		     cJSON_AddStringToObject(x, "kind_a", xxgk_kind_name(c->kind_a)) &&
		     cJSON_AddStringToObject(x, "kind_b", xxgk_kind_name(c->kind_b)) &&
		     cJSON_AddItemToObject(x, "delta", c->has_a && c->has_b ? cJSON_CreateNumber(c->b - c->a) : cJSON_CreateNull());
	}
	cJSON *rates = ok ? cJSON_AddObjectToObject(o, "rates") : NULL;
	ok = ok && rates;
	for (int k = 0; ok && k < XXGK_RATE_COUNT; k++) {
		cJSON *x = cJSON_AddObjectToObject(rates, xxgk_rate_key(k));
		ok = x && cJSON_AddItemToObject(x, "a", diff_rate(&d->rates[k].a)) &&
		     cJSON_AddItemToObject(x, "b", diff_rate(&d->rates[k].b));
	}
	ok = ok && cJSON_AddItemToObject(o, "appeared", diff_findings(&d->appeared)) &&
	     cJSON_AddItemToObject(o, "gone", diff_findings(&d->gone));
	char *s = ok ? cJSON_PrintUnformatted(o) : NULL;
	cJSON_Delete(o);
	if (!s)
		return XXGK_ENOMEM;
	*out = xxgk_strdup(s);
	cJSON_free(s);
	return *out ? XXGK_OK : XXGK_ENOMEM;
}
