/*
 * waivers.c — a supervisor's list of accepted issues: "body,rule,reason".
 * A waived finding is still shown (marked waived, with the reason) and no
 * longer counts as an error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_int.h"

#define WAIVER_LINE_CAP 2048

typedef struct {
	char *body, *rule, *reason;
} waiver;

struct xxgk_waivers {
	waiver *w;
	size_t count;
};

static char *waiver_field(char **p)
{
	char *s = *p;
	while (*s == ' ')
		s++;
	char *e = strchr(s, ',');
	if (e) {
		*e = '\0';
		*p = e + 1;
	} else {
		*p = s + strlen(s);
	}
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\r' || s[n - 1] == '\n' || s[n - 1] == '"'))
		s[--n] = '\0';
	if (*s == '"')
		s++;
	return s;
}

int xxgk_waivers_load(xxgk_waivers **out, const char *path, xxgk_error *err)
{
	*out = NULL;
	FILE *f = fopen(path, "r");
	if (!f)
		return xxgk_error_set(err, XXGK_EIO, 0, 0, "%s: %s", path, strerror(errno));
	xxgk_waivers *w = calloc(1, sizeof *w);
	char line[WAIVER_LINE_CAP];
	unsigned lineno = 0;
	int rc = w ? XXGK_OK : XXGK_ENOMEM;
	while (rc == XXGK_OK && fgets(line, sizeof line, f)) {
		lineno++;
		char *p = line;
		if (lineno == 1 && (unsigned char)p[0] == 0xEF)
			p += 3;
		if (*p == '#' || *p == '\n' || *p == '\r' || (lineno == 1 && strncmp(p, "body,", 5) == 0))
			continue;
		char *body = waiver_field(&p), *rule = waiver_field(&p), *reason = waiver_field(&p);
		if (!*body || !*rule) {
			rc = xxgk_error_set(err, XXGK_EPARSE, lineno, 0, "%s:%u: expected body,rule,reason", path, lineno);
			break;
		}
		waiver *nw = realloc(w->w, (w->count + 1) * sizeof *nw);
		if (!nw) {
			rc = XXGK_ENOMEM;
			break;
		}
		w->w = nw;
		waiver *x = &w->w[w->count];
		x->body = xxgk_strdup(body);
		x->rule = xxgk_strdup(rule);
		x->reason = xxgk_strdup(*reason ? reason : "(no reason given)");
		if (!x->body || !x->rule || !x->reason) {
			free(x->body);
			free(x->rule);
			free(x->reason);
			rc = XXGK_ENOMEM;
			break;
		}
		w->count++;
	}
	fclose(f);
	if (rc != XXGK_OK) {
		if (rc == XXGK_ENOMEM)
			xxgk_error_set(err, rc, 0, 0, "out of memory");
		xxgk_waivers_free(w);
		return rc;
	}
	*out = w;
	return XXGK_OK;
}

void xxgk_waivers_free(xxgk_waivers *w)
{
	if (!w)
		return;
	for (size_t i = 0; i < w->count; i++) {
		free(w->w[i].body);
		free(w->w[i].rule);
		free(w->w[i].reason);
	}
	free(w->w);
	free(w);
}

void xxgk_waivers_apply(const xxgk_waivers *w, const xxgk_report *r, xxgk_findings *f, size_t from)
{
	if (!w)
		return;
	for (size_t i = from; i < f->count; i++) {
		for (size_t k = 0; k < w->count; k++) {
			const waiver *x = &w->w[k];
			bool body = strcmp(x->body, r->sha256) == 0 ||
				    (r->region_code && strcmp(x->body, r->region_code) == 0) ||
				    (r->agency_name && strcmp(x->body, r->agency_name) == 0);
			bool rule = strcmp(x->rule, "*") == 0 || strcmp(x->rule, f->items[i].rule) == 0;
			if (body && rule) {
				f->items[i].waived = true;
				snprintf(f->items[i].waiver, sizeof f->items[i].waiver, "%s", x->reason);
				break;
			}
		}
	}
}
