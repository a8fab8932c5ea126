/*
 * waivers.c — a supervisor's list of accepted issues: CSV rows
 * "body,rule,reason". A waived finding is still shown (status 豁免, with
 * the reason) and no longer counts as an error; with a database the waiver
 * is recorded as the finding's status (xxgk/track.h), so a waiver is one
 * kind of status.
 *
 * The file is read by the CSV reader every CSV input shares (common/csv.c):
 * quoted fields keep their commas ("已核实,原表如此" is one reason), and a
 * file saved by Excel on Chinese Windows (GBK) is converted. Rows that never
 * match a finding are counted, so the command can name each one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_int.h"

/* Waiver rows in one file: a national list would be a few thousand. */
#define WAIVER_MAX_ROWS 1000000

typedef struct {
	char *body, *rule, *reason;
	unsigned line;
	size_t matched;
} waiver;

struct xxgk_waivers {
	char *path;
	waiver *w;
	size_t count, cap;
};

static char *waiver_trim(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	return xxgk_strndup(s, n);
}

static int waiver_row(const xxgk_csv_row *row, void *ctx)
{
	xxgk_waivers *w = ((void **)ctx)[0];
	xxgk_error *err = ((void **)ctx)[1];
	const char *first = row->fields[0];
	if (first[0] == '#')
		return XXGK_OK;
	/* a header row, in English or as our CSV writes it in Chinese */
	if (row->line == 1 && (!strcmp(first, "body") || !strcmp(first, "单位")))
		return XXGK_OK;
	if (row->count < 2 || !*row->fields[0] || !*row->fields[1])
		return xxgk_error_set(err, XXGK_EPARSE, row->line, 0, "%s:%u: expected body,rule,reason", w->path,
				      row->line);
	if (w->count == WAIVER_MAX_ROWS)
		return xxgk_error_set(err, XXGK_ETOOBIG, row->line, 0, "%s:%u: more than %d waivers", w->path, row->line,
				      WAIVER_MAX_ROWS);
	if (w->count == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 16;
		waiver *nw = realloc(w->w, cap * sizeof *nw);
		if (!nw)
			return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
		w->w = nw;
		w->cap = cap;
	}
	waiver *x = &w->w[w->count];
	x->body = waiver_trim(row->fields[0]);
	x->rule = waiver_trim(row->fields[1]);
	x->reason = row->count > 2 && *row->fields[2] ? waiver_trim(row->fields[2]) : xxgk_strdup("(no reason given)");
	x->line = row->line;
	x->matched = 0;
	if (!x->body || !x->rule || !x->reason) {
		free(x->body);
		free(x->rule);
		free(x->reason);
		return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
	}
	w->count++;
	return XXGK_OK;
}

int xxgk_waivers_load(xxgk_waivers **out, const char *path, xxgk_error *err)
{
	*out = NULL;
	xxgk_waivers *w = calloc(1, sizeof *w);
	if (!w || !(w->path = xxgk_strdup(path))) {
		free(w);
		return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
	}
	void *ctx[2] = { w, err };
	int rc = xxgk_csv_read(path, waiver_row, ctx, NULL, err);
	if (rc != XXGK_OK) {
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
	free(w->path);
	free(w);
}

void xxgk_waivers_apply(xxgk_waivers *w, const xxgk_report *r, xxgk_findings *f, size_t from)
{
	if (!w)
		return;
	for (size_t i = from; i < f->count; i++) {
		for (size_t k = 0; k < w->count; k++) {
			waiver *x = &w->w[k];
			bool body = strcmp(x->body, r->sha256) == 0 ||
				    (r->region_code && strcmp(x->body, r->region_code) == 0) ||
				    (r->agency_name && strcmp(x->body, r->agency_name) == 0);
			bool rule = strcmp(x->rule, "*") == 0 || strcmp(x->rule, f->items[i].rule) == 0;
			if (body && rule) {
				f->items[i].waived = true;
				f->items[i].status = XXGK_STATUS_WAIVED;
				snprintf(f->items[i].waiver, sizeof f->items[i].waiver, "%s", x->reason);
				x->matched++;
				break;
			}
		}
	}
}

size_t xxgk_waivers_unmatched(const xxgk_waivers *w, void (*fn)(const char *message, void *ctx), void *ctx)
{
	size_t n = 0;
	for (size_t k = 0; w && k < w->count; k++) {
		if (w->w[k].matched)
			continue;
		char msg[1024];
		snprintf(msg, sizeof msg, "%s:%u: %s, %s: matches no finding", w->path, w->w[k].line, w->w[k].body,
			 w->w[k].rule);
		if (fn)
			fn(msg, ctx);
		n++;
	}
	return n;
}
