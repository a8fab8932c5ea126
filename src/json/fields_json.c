/*
 * fields_json.c — a small request body read as JSON: one object whose values
 * are strings, numbers, booleans or null ({"id":"…","status":"fixed"}), as
 * `xxgk serve` takes them. Exports xxgk_json_read_fields() and friends
 * (xxgk/json.h). Nested objects or arrays, duplicate keys, and bodies over
 * XXGK_JSON_FIELDS_MAX_BYTES are refused: a request that says something
 * else than we expect is an error, never half read.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "xxgk/json.h"

static char *fields_dup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);
	if (p)
		memcpy(p, s, n);
	return p;
}

void xxgk_json_fields_free(xxgk_json_fields *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->count; i++) {
		free(f->keys[i]);
		free(f->values[i]);
	}
	free(f->keys);
	free(f->values);
	f->keys = f->values = NULL;
	f->count = 0;
}

const char *xxgk_json_fields_get(const xxgk_json_fields *f, const char *key)
{
	for (size_t i = 0; i < f->count; i++)
		if (!strcmp(f->keys[i], key))
			return f->values[i];
	return NULL;
}

/* The value as text: a string as it is, a number as %.17g, true/false, NULL for null. */
static int fields_value(char **out, const cJSON *v)
{
	char num[40];
	*out = NULL;
	if (cJSON_IsString(v))
		*out = fields_dup(v->valuestring);
	else if (cJSON_IsNumber(v))
		snprintf(num, sizeof num, "%.17g", v->valuedouble), *out = fields_dup(num);
	else if (cJSON_IsBool(v))
		*out = fields_dup(cJSON_IsTrue(v) ? "true" : "false");
	else if (cJSON_IsNull(v))
		return XXGK_OK;
	else
		return XXGK_EPARSE;
	return *out ? XXGK_OK : XXGK_ENOMEM;
}

int xxgk_json_read_fields(xxgk_json_fields *out, const char *buf, size_t len, xxgk_error *err)
{
	int rc = XXGK_OK;
	cJSON *root = NULL;
	memset(out, 0, sizeof *out);
	if (len > XXGK_JSON_FIELDS_MAX_BYTES)
		return xxgk_error_set(err, XXGK_ETOOBIG, 0, 0, "request body of %zu bytes, over the %d accepted",
				      len, XXGK_JSON_FIELDS_MAX_BYTES);
	if (memchr(buf, '\0', len))
		return xxgk_error_set(err, XXGK_EPARSE, 0, 0, "request body holds a NUL byte");
	root = cJSON_ParseWithLength(buf, len);
	if (!root || !cJSON_IsObject(root)) {
		rc = xxgk_error_set(err, XXGK_EPARSE, 0, 0, root ? "request body is JSON but not an object"
								 : "request body is not JSON");
		goto done;
	}
	size_t n = 0;
	for (const cJSON *c = root->child; c; c = c->next)
		n++;
	if (n > XXGK_JSON_FIELDS_MAX) {
		rc = xxgk_error_set(err, XXGK_ETOOBIG, 0, 0, "request body has %zu fields, over the %d accepted", n,
				    XXGK_JSON_FIELDS_MAX);
		goto done;
	}
	out->keys = calloc(n ? n : 1, sizeof *out->keys);
	out->values = calloc(n ? n : 1, sizeof *out->values);
	if (!out->keys || !out->values) {
		rc = xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
		goto done;
	}
	for (const cJSON *c = root->child; c; c = c->next) {
		if (xxgk_json_fields_get(out, c->string)) {
			rc = xxgk_error_set(err, XXGK_EPARSE, 0, 0, "request body names \"%.64s\" twice", c->string);
			goto done;
		}
		rc = fields_value(&out->values[out->count], c);
		if (rc == XXGK_EPARSE) {
			xxgk_error_set(err, rc, 0, 0, "request body field \"%.64s\" is an object or array", c->string);
			goto done;
		}
		if (rc != XXGK_OK || !(out->keys[out->count] = fields_dup(c->string))) {
			free(out->values[out->count]);
			out->values[out->count] = NULL;
			rc = xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
			goto done;
		}
		out->count++;
	}
done:
	cJSON_Delete(root);
	if (rc != XXGK_OK)
		xxgk_json_fields_free(out);
	return rc;
}
