/*
 * identity.c — what a finding is across checks: its stable id, the body key
 * it is filed under, the four statuses of the rectification loop, the
 * statuses held in memory, and the comparison of two checks.
 *
 * Exports xxgk_status_*, xxgk_report_body_key, xxgk_finding_id,
 * xxgk_findings_identify, xxgk_statuses_*, xxgk_tracked_list_free and
 * xxgk_track_* (xxgk/track.h).
 *
 * The statuses are the loop the public peer of this tool calls 发现 → 确认 →
 * 整改 → 反馈 → 复核: a finding is 待整改 until the body reports it fixed
 * (已整改) and a supervisor checks the fix (复核通过), unless it is accepted
 * as it is (豁免, which is what a waiver records).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xxgk/parse.h"
#include "xxgk/track.h"
#include "../common/common_int.h"

static const char *const status_names[XXGK_STATUS_COUNT] = { "open", "fixed", "waived", "verified" };
const char *const xxgk_status_labels[XXGK_STATUS_COUNT + 1] = { "待整改", "已整改", "豁免", "复核通过", NULL };

const char *xxgk_status_name(int status)
{
	return status >= 0 && status < XXGK_STATUS_COUNT ? status_names[status] : NULL;
}

const char *xxgk_status_label(int status)
{
	return status >= 0 && status < XXGK_STATUS_COUNT ? xxgk_status_labels[status] : NULL;
}

int xxgk_status_from_text(const char *text)
{
	while (*text == ' ' || *text == '\t')
		text++;
	size_t n = strlen(text);
	while (n && (text[n - 1] == ' ' || text[n - 1] == '\t' || text[n - 1] == '\r' || text[n - 1] == '\n'))
		n--;
	for (int i = 0; i < XXGK_STATUS_COUNT; i++)
		if ((strlen(status_names[i]) == n && !strncmp(text, status_names[i], n)) ||
		    (strlen(xxgk_status_labels[i]) == n && !strncmp(text, xxgk_status_labels[i], n)))
			return i;
	return -1;
}

void xxgk_report_body_key(char *out, size_t cap, const xxgk_report *r)
{
	/* the rule of store.c's body_key: departments share their county's code */
	if (r->region_code && r->level == XXGK_LEVEL_DEPARTMENT)
		snprintf(out, cap, "%s|%s", r->region_code, r->agency_name ? r->agency_name : "");
	else if (r->region_code)
		snprintf(out, cap, "%s", r->region_code);
	else if (r->agency_name)
		snprintf(out, cap, "name:%s", r->agency_name);
	else
		snprintf(out, cap, "sha:%s", r->sha256);
}

void xxgk_finding_id(char out[XXGK_FINDING_ID_LEN + 1], const char *body_key, int year, const char *rule,
		     const char *where, unsigned ordinal)
{
	xxgk_buf b;
	xxgk_buf_init(&b);
	/* unit separators: no field can run into the next */
	xxgk_buf_printf(&b, "%s\x1f%d\x1f%s\x1f%s", body_key, year, rule, where);
	if (ordinal)
		xxgk_buf_printf(&b, "\x1f%u", ordinal);
	char hex[65];
	xxgk_sha256_hex(hex, b.data ? b.data : "", b.len);
	xxgk_buf_free(&b);
	memcpy(out, hex, XXGK_FINDING_ID_LEN);
	out[XXGK_FINDING_ID_LEN] = '\0';
}

void xxgk_findings_identify(xxgk_findings *f, size_t from, const char *body_key, int year)
{
	for (size_t i = from; i < f->count; i++) {
		xxgk_finding *x = &f->items[i];
		unsigned ordinal = 0;
		for (size_t j = from; j < i; j++)
			ordinal += !strcmp(f->items[j].rule, x->rule) && !strcmp(f->items[j].where, x->where) &&
				   !strcmp(f->items[j].report, x->report);
		xxgk_finding_id(x->id, body_key, year, x->rule, x->where, ordinal);
	}
}

/* ---- statuses in memory ---- */

static int status_cmp_id(const void *key, const void *item)
{
	return strcmp(key, ((const xxgk_status_record *)item)->id);
}

const xxgk_status_record *xxgk_statuses_find(const xxgk_statuses *s, const char *id)
{
	if (!s || !s->count)
		return NULL;
	return bsearch(id, s->items, s->count, sizeof *s->items, status_cmp_id);
}

static char *status_dup(const char *v)
{
	return v && *v ? xxgk_strdup(v) : NULL;
}

static void status_record_free(xxgk_status_record *r)
{
	free(r->who);
	free(r->at);
	free(r->why);
	free(r->source);
}

int xxgk_statuses_put(xxgk_statuses *s, const char *id, int status, const char *who, const char *at,
		      const char *why, const char *source)
{
	xxgk_status_record r = { .status = status };
	snprintf(r.id, sizeof r.id, "%s", id);
	r.who = status_dup(who);
	r.at = status_dup(at);
	r.why = status_dup(why);
	r.source = status_dup(source);
	if ((who && *who && !r.who) || (at && *at && !r.at) || (why && *why && !r.why) ||
	    (source && *source && !r.source)) {
		status_record_free(&r);
		return XXGK_ENOMEM;
	}
	/* the place to keep the list sorted: usually the end (the store reads in id order) */
	size_t lo = 0, hi = s->count;
	if (s->count && strcmp(s->items[s->count - 1].id, r.id) < 0)
		lo = s->count;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(s->items[mid].id, r.id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < s->count && !strcmp(s->items[lo].id, r.id)) {
		status_record_free(&s->items[lo]);
		s->items[lo] = r;
		return XXGK_OK;
	}
	if (s->count == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		xxgk_status_record *n = realloc(s->items, cap * sizeof *n);
		if (!n) {
			status_record_free(&r);
			return XXGK_ENOMEM;
		}
		s->items = n;
		s->cap = cap;
	}
	memmove(&s->items[lo + 1], &s->items[lo], (s->count - lo) * sizeof *s->items);
	s->items[lo] = r;
	s->count++;
	return XXGK_OK;
}

void xxgk_statuses_apply(const xxgk_statuses *s, xxgk_findings *f, size_t from)
{
	for (size_t i = from; i < f->count; i++) {
		xxgk_finding *x = &f->items[i];
		const xxgk_status_record *r = x->id[0] ? xxgk_statuses_find(s, x->id) : NULL;
		if (!r)
			continue;
		x->status = (uint8_t)r->status;
		x->waived = r->status == XXGK_STATUS_WAIVED;
		if (x->waived)
			snprintf(x->waiver, sizeof x->waiver, "%s", r->why ? r->why : "");
	}
}

void xxgk_statuses_free(xxgk_statuses *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->count; i++)
		status_record_free(&s->items[i]);
	free(s->items);
	memset(s, 0, sizeof *s);
}

/* ---- two checks compared ---- */

void xxgk_tracked_list_free(xxgk_tracked_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->count; i++) {
		xxgk_tracked *t = &l->items[i];
		free(t->body_key);
		free(t->agency_name);
		free(t->region_code);
		free(t->where);
		free(t->message);
	}
	free(l->items);
	memset(l, 0, sizeof *l);
}

int xxgk_track_compare(xxgk_track_changes *out, const xxgk_tracked_list *before, const xxgk_tracked_list *now)
{
	memset(out, 0, sizeof *out);
	size_t nb = before->count, nn = now->count;
	out->added = malloc((nn ? nn : 1) * sizeof *out->added);
	out->still = malloc((nn ? nn : 1) * sizeof *out->still);
	out->fixed = malloc((nb ? nb : 1) * sizeof *out->fixed);
	if (!out->added || !out->still || !out->fixed) {
		xxgk_track_changes_free(out);
		return XXGK_ENOMEM;
	}
	/* both lists are sorted by id: one merge */
	size_t i = 0, j = 0;
	while (i < nb || j < nn) {
		int c = i == nb ? 1 : j == nn ? -1 : strcmp(before->items[i].id, now->items[j].id);
		if (c < 0) {
			out->fixed[out->fixed_count++] = i++;
		} else if (c > 0) {
			out->added[out->added_count++] = j++;
		} else {
			out->still[out->still_count++] = j++;
			i++;
		}
	}
	return XXGK_OK;
}

void xxgk_track_changes_free(xxgk_track_changes *c)
{
	if (!c)
		return;
	free(c->added);
	free(c->fixed);
	free(c->still);
	memset(c, 0, sizeof *c);
}
