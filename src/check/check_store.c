/*
 * check_store.c — xxgk_check_store(): every check over the chosen reports of
 * a store, as `xxgk check --db` runs them, for the documents (src/compose/),
 * the server and any other caller.
 *
 * Order (docs/checks.md): each chosen report in order of body and year gets
 * the single-report rules and the two-year rules against the same body's
 * report of the year before, under the rule set; its findings get their
 * stable ids and recorded statuses (xxgk/track.h), and the waivers speak for
 * those with no status; then copy detection runs over all of them. With
 * `save` each report's findings replace the stored ones, the copy findings
 * are appended to their reports and the check is recorded
 * (xxgk_store_record_check), all in one transaction: a failure leaves the
 * last run's findings as they were.
 *
 * `xxgk check --db` keeps its own walk for now: it also compares versions,
 * writes the review workbook and turns waivers into statuses as it goes.
 */
#include <string.h>
#include <time.h>

#include "xxgk/check.h"
#include "xxgk/store.h"
#include "xxgk/track.h"

typedef struct {
	xxgk_store *store;
	const xxgk_check_store_options *o;
	xxgk_statuses statuses;     /* recorded ones */
	xxgk_copies *copies;
	xxgk_report *prev;          /* the report before, for the two-year rules */
	char prev_body[512];
	int rc;
	xxgk_error *err;
} check_walk;

/* Ids, recorded statuses, then the waivers for findings nobody has given a status. */
static void check_store_settle(check_walk *w, const xxgk_report *r, xxgk_findings *f, size_t from)
{
	char body[512];
	xxgk_report_body_key(body, sizeof body, r);
	xxgk_findings_identify(f, from, body, r->year);
	xxgk_statuses_apply(&w->statuses, f, from);
	for (size_t i = from; i < f->count; i++) {
		if (f->items[i].status != XXGK_STATUS_OPEN)
			continue;
		xxgk_findings one = { &f->items[i], 1, 1 };
		xxgk_waivers_apply(w->o->waivers, r, &one, 0);
	}
}

static int check_store_one(const char *sha, const char *body, int year, void *vctx)
{
	check_walk *w = vctx;
	xxgk_report *r = NULL;
	xxgk_findings f;
	int rc;
	(void)year;
	xxgk_findings_init(&f);
	if ((rc = xxgk_store_get(w->store, sha, &r, w->err)) != XXGK_OK)
		return w->rc = rc;
	if (!r)
		return w->rc = xxgk_error_set(w->err, XXGK_EDB, 0, 0, "report %s vanished while checking", sha);
	rc = xxgk_check_report_with(&f, r, w->o->rules);
	if (rc == XXGK_OK && w->prev && body && strcmp(body, w->prev_body) == 0 && w->prev->year + 1 == r->year)
		rc = xxgk_check_years_with(&f, w->prev, r, w->o->rules);
	if (rc == XXGK_OK)
		rc = xxgk_copies_add(w->copies, r, body);
	if (rc == XXGK_ENOMEM)
		xxgk_error_set(w->err, rc, 0, 0, "out of memory checking %s", sha);
	if (rc == XXGK_OK) {
		check_store_settle(w, r, &f, 0);
		if (w->o->save)
			rc = xxgk_store_put_findings(w->store, sha, f.items, f.count, true, w->err);
	}
	if (rc == XXGK_OK && w->o->each)
		rc = w->o->each(r, f.items, f.count, w->o->ctx);
	xxgk_findings_free(&f);
	xxgk_report_free(w->prev);
	w->prev = r;
	snprintf(w->prev_body, sizeof w->prev_body, "%s", body ? body : "");
	return w->rc = rc;
}

int xxgk_check_store(xxgk_store *s, const xxgk_check_store_options *opts, xxgk_error *err)
{
	static const xxgk_check_store_options defaults = XXGK_CHECK_STORE_OPTIONS_INIT;
	check_walk w;
	xxgk_findings cf;
	bool tx = false;
	int rc;
	memset(&w, 0, sizeof w);
	xxgk_findings_init(&cf);
	w.store = s;
	w.o = opts ? opts : &defaults;
	w.err = err;
	if ((rc = xxgk_store_statuses(s, &w.statuses, err)) != XXGK_OK)
		goto done;
	if ((rc = xxgk_copies_new(&w.copies)) != XXGK_OK) {
		xxgk_error_set(err, rc, 0, 0, "out of memory");
		goto done;
	}
	if (w.o->save) {
		if ((rc = xxgk_store_begin(s, err)) != XXGK_OK)
			goto done;
		tx = true;
	}
	rc = xxgk_store_each(s, true, check_store_one, &w, err);
	xxgk_report_free(w.prev);
	w.prev = NULL;
	if (rc == XXGK_OK && ((rc = xxgk_copies_find(w.copies, &cf)) != XXGK_OK ||
			      (rc = xxgk_findings_apply_rules(&cf, 0, w.o->rules)) != XXGK_OK))
		xxgk_error_set(err, rc, 0, 0, "out of memory finding copies");
	for (size_t i = 0; rc == XXGK_OK && i < cf.count; i++) {
		/* the ids, statuses and waivers first, so that a waived copy is stored as waived */
		xxgk_report *r = NULL;
		if ((rc = xxgk_store_get(s, cf.items[i].report, &r, err)) != XXGK_OK)
			break;
		xxgk_findings one = { &cf.items[i], 1, 1 };
		if (r)
			check_store_settle(&w, r, &one, 0);
		if (w.o->save)
			rc = xxgk_store_put_findings(s, cf.items[i].report, &cf.items[i], 1, false, err);
		if (rc == XXGK_OK && r && w.o->each)
			rc = w.o->each(r, &cf.items[i], 1, w.o->ctx);
		xxgk_report_free(r);
	}
	if (rc == XXGK_OK && w.o->save) {
		char at[32];
		if (!w.o->at) {
			time_t t = time(NULL);
			struct tm tm;
			gmtime_r(&t, &tm);
			strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
		}
		rc = xxgk_store_record_check(s, w.o->at ? w.o->at : at, NULL, err);
	}
	if (rc == XXGK_OK && tx) {
		rc = xxgk_store_commit(s, err);
		tx = false;
	}
done:
	if (tx)
		xxgk_store_rollback(s);
	xxgk_findings_free(&cf);
	xxgk_copies_free(w.copies);
	xxgk_statuses_free(&w.statuses);
	return rc;
}
