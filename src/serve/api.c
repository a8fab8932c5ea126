/*
 * api.c — the JSON API of `xxgk serve` (docs/serve.md lists every endpoint).
 * Each handler checks its parameters, takes the server's lock (readers
 * share it, a writer has it alone: one writer, and readers never see half
 * a batch), opens the store, calls the library and writes its result as
 * JSON. No SQL here: what a page needs and the library lacked was added to
 * the library. Files the library writes by path (PDF, workbook) go to the
 * server's own temporary folder under names the server makes, are read
 * back and removed at once.
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../common/common_int.h"
#include "xxgk/check.h"
#include "xxgk/compose.h"
#include "xxgk/diff.h"
#include "xxgk/json.h"
#include "xxgk/load.h"
#include "xxgk/parse.h"
#include "xxgk/render.h"
#include "xxgk/stats.h"
#include "xxgk/track.h"
#include "serve.h"

/* ---- replies ---- */

void reply_json(serve_reply *out, unsigned status, serve_jw *w)
{
	if (w->oom) {
		jw_free(w);
		reply_error(out, 500, "out of memory");
		return;
	}
	out->status = status;
	out->type = "application/json; charset=utf-8";
	out->body = w->p ? w->p : calloc(1, 1);
	out->len = w->len;
	w->p = NULL;
}

void reply_error(serve_reply *out, unsigned status, const char *fmt, ...)
{
	char msg[XXGK_ERROR_MSG_CAP + 128];
	va_list ap;
	va_start(ap, fmt);
	xxgk_vformat(msg, sizeof msg, fmt, ap);
	va_end(ap);
	serve_jw w;
	jw_init(&w);
	jw_obj(&w);
	jw_kstr(&w, "error", msg);
	jw_kint(&w, "status", status);
	jw_obj_end(&w);
	out->status = status;
	out->type = "application/json; charset=utf-8";
	out->body = w.p;
	out->len = w.len;
	if (!out->body) {
		static const char oom[] = "{\"error\":\"out of memory\"}";
		out->body = malloc(sizeof oom);
		out->len = out->body ? sizeof oom - 1 : 0;
		if (out->body)
			memcpy(out->body, oom, sizeof oom);
	}
}

/* ---- parameters ---- */

/* A region code: "" (all), or 2, 4, 6 or 9 digits. */
static bool api_region(const char *s)
{
	size_t n = strlen(s);
	if (n != 0 && n != 2 && n != 4 && n != 6 && n != 9)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* A whole number in [lo, hi]; `def` when absent. false when present and not one. */
static bool api_long(const char *s, long lo, long hi, long def, long *out)
{
	if (!s || !*s) {
		*out = def;
		return true;
	}
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || *end || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

static bool api_hex(const char *s, size_t lo, size_t hi)
{
	size_t n = strlen(s);
	if (n < lo || n > hi)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

static void api_now(char *out, size_t cap)
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, cap, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/*
 * The store for a handler: writers share the server's one write connection
 * (they hold the write lock), readers open a read-only one of their own.
 * Keeping the writer open also keeps SQLite from checkpointing and removing
 * the WAL each time a last connection closes (380 ms an upload measured).
 */
static int api_open(serve_ctx *c, xxgk_store **s, bool write, serve_reply *out)
{
	xxgk_error err;
	if (write) {
		*s = c->writer;
		return 0;
	}
	if (xxgk_store_open(s, c->db, XXGK_STORE_READONLY, &err) != XXGK_OK) {
		reply_error(out, 500, "database: %s", err.message);
		return 1;
	}
	return 0;
}

static void api_close(serve_ctx *c, xxgk_store *s)
{
	if (s != c->writer)
		xxgk_store_close(s);
}

/* The year asked for, or the latest in the store. */
static int api_year(xxgk_store *s, serve_arg_fn arg, void *req, int *year, serve_reply *out)
{
	long y;
	xxgk_error err;
	if (!api_long(arg(req, "year"), 1990, 2200, 0, &y)) {
		reply_error(out, 400, "year: a year such as 2024");
		return 1;
	}
	if (y == 0) {
		if (xxgk_store_latest_year(s, year, &err) != XXGK_OK) {
			reply_error(out, 500, "database: %s", err.message);
			return 1;
		}
		return 0;
	}
	*year = (int)y;
	return 0;
}

static const char *api_region_name(serve_ctx *c, const char *code)
{
	const xxgk_region *r = code && *code ? xxgk_gazetteer_find(c->gaz, code) : NULL;
	return r ? r->name : NULL;
}

/* The region's names from the province down: "江苏省·淮安市·洪泽区". */
static void api_region_path(serve_ctx *c, const char *code, char *out, size_t cap)
{
	static const size_t lens[] = { 2, 4, 6, 9 };
	size_t n = code ? strlen(code) : 0, used = 0;
	out[0] = '\0';
	for (size_t i = 0; i < 4 && lens[i] <= n; i++) {
		char part[16];
		snprintf(part, sizeof part, "%.*s", (int)lens[i], code);
		const char *name = api_region_name(c, part);
		if (name && used < cap)
			used += (size_t)snprintf(out + used, cap - used, "%s%s", used ? "·" : "", name);
	}
}

/* ---- the kept year (year.c) ---- */

/* 202 (accepted: the read is under way) while the year is being read, with how far: the page says so
   and asks again (app.js, api). Not an error: a browser logs those. */
static void reply_loading(serve_reply *out, const serve_year_loading *l)
{
	serve_jw w;
	jw_init(&w);
	jw_obj(&w);
	char msg[160];
	snprintf(msg, sizeof msg, "正在读取 %d 年度的数据（%d%%），请稍候", l->year, l->percent);
	jw_kstr(&w, "message", msg);
	jw_kint(&w, "status", 202);
	jw_key(&w, "loading");
	jw_obj(&w);
	jw_kint(&w, "year", l->year);
	jw_kint(&w, "percent", l->percent);
	jw_obj_end(&w);
	jw_obj_end(&w);
	reply_json(out, 202, &w);
}

/* The year for a page: 0 with it held (serve_year_release), else 1 with the reply made. */
static int api_year_kept(serve_ctx *c, int year, const serve_year **y, serve_reply *out)
{
	serve_year_loading l;
	xxgk_error err;
	int rc = serve_year_get(c, year, y, &l, &err);
	if (rc == XXGK_OK)
		return 0;
	*y = NULL;
	if (rc == SERVE_YEAR_LOADING)
		reply_loading(out, &l);
	else
		reply_error(out, 500, "database: %s", err.message);
	return 1;
}

void api_free_cache(void)
{
	serve_year_drop();
}

static void api_flag_json(serve_jw *w, const xxgk_outlier *f)
{
	jw_obj(w);
	jw_kstr(w, "sha256", f->sha256);
	jw_kstr(w, "name", f->name);
	jw_kstr(w, "code", f->code);
	jw_kstr(w, "level", xxgk_level_name(f->level));
	jw_kint(w, "year", f->year);
	jw_kstr(w, "method", f->method);
	jw_kstr(w, "figure", f->figure);
	jw_kstr(w, "side", f->direction == XXGK_OUTLIER_HIGH ? "high" : "low");
	jw_knum(w, "value", f->value);
	jw_kstr(w, "group", f->group);
	jw_knum(w, "peer_median", f->peer_median);
	jw_knum(w, "peer_lo", f->peer_lo);
	jw_knum(w, "peer_hi", f->peer_hi);
	jw_knum(w, "prev", f->prev);
	jw_knum(w, "p", f->p);
	jw_knum(w, "q", f->q);
	jw_kstr(w, "message", f->message);
	jw_obj_end(w);
}

/* ---- GET /api/session ---- */

static void api_session(serve_ctx *c, serve_reply *out)
{
	serve_jw w;
	xxgk_store *s = NULL;
	int latest = 0;
	xxgk_error err;
	if (api_open(c, &s, false, out))
		return;
	int years[64];
	size_t counts[64], ny = 0;
	int rc = xxgk_store_latest_year(s, &latest, &err);
	if (rc == XXGK_OK)
		rc = xxgk_store_years(s, years, counts, 64, &ny, &err);
	long long reports = xxgk_store_count(s, "reports");
	api_close(c, s);
	if (rc != XXGK_OK) {
		reply_error(out, 500, "database: %s", err.message);
		return;
	}
	const char *base = strrchr(c->db, '/');
	jw_init(&w);
	jw_obj(&w);
	jw_kstr(&w, "csrf", c->csrf);
	jw_kstr(&w, "database", base ? base + 1 : c->db);
	jw_kint(&w, "latest_year", latest);
	jw_kint(&w, "reports", reports);
	jw_kint(&w, "max_upload", (long long)SERVE_MAX_UPLOAD);
	jw_key(&w, "years");
	jw_arr(&w);
	for (size_t i = 0; i < ny; i++) {
		jw_obj(&w);
		jw_kint(&w, "year", years[i]);
		jw_kint(&w, "reports", (long long)counts[i]);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_key(&w, "statuses");
	jw_arr(&w);
	for (int i = 0; i < XXGK_STATUS_COUNT; i++) {
		jw_obj(&w);
		jw_kstr(&w, "name", xxgk_status_name(i));
		jw_kstr(&w, "label", xxgk_status_label(i));
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_obj_end(&w);
	reply_json(out, 200, &w);
}

/* ---- GET /api/overview ---- */

/* The column asked for and its direction: set before qsort, under the kept year's mutex. */
static int api_sort_key;
static int api_sort_desc;

static int api_cmp_body(const void *pa, const void *pb)
{
	const serve_body *a = *(const serve_body *const *)pa, *b = *(const serve_body *const *)pb;
	int d = 0;
	switch (api_sort_key) {
	case 1: d = strcmp(a->f->published, b->f->published); break;
	case 2: d = a->days_late - b->days_late; break;
	case 3: d = a->errors - b->errors; break;
	case 4: d = (int)a->flag_count - (int)b->flag_count; break;
	case 5: d = a->open - b->open; break;
	default: d = 0; break;
	}
	if (api_sort_desc)
		d = -d;
	/* ties (and "code") by region code, then name */
	return d ? d : (a->index > b->index) - (a->index < b->index);
}

static void api_rollup_json(serve_jw *w, const xxgk_rollup *r)
{
	jw_obj(w);
	jw_kstr(w, "code", r->code);
	jw_kstr(w, "name", r->name);
	jw_kstr(w, "level", xxgk_level_name(r->level));
	jw_kint(w, "bodies", r->bodies);
	jw_kint(w, "missing", r->bodies_missing);
	jw_key(w, "missing_names");
	jw_arr(w);
	for (size_t i = 0; i < r->missing_count; i++)
		jw_str(w, r->missing[i]);
	jw_arr_end(w);
	jw_kint(w, "own_reports", r->own.reports);
	jw_kint(w, "sub_reports", r->sub.reports);
	jw_obj_end(w);
}

/* The roll-up of `code` among the kept ones of its level, NULL when it has none this year. */
static const xxgk_rollup *api_rollup_of(const serve_year *y, int level, const char *code)
{
	int l = level - XXGK_LEVEL_PROVINCE;
	for (size_t i = 0; l >= 0 && l < 3 && i < y->rollup_count[l]; i++)
		if (!strcmp(y->rollups[l][i].code, code))
			return &y->rollups[l][i];
	return NULL;
}

static void api_overview(serve_ctx *c, serve_arg_fn arg, void *req, serve_reply *out)
{
	const char *region = arg(req, "region") ? arg(req, "region") : "";
	const char *q = arg(req, "q");
	const char *only = arg(req, "only") ? arg(req, "only") : "";
	const char *sort = arg(req, "sort") ? arg(req, "sort") : "";
	long offset, limit;
	if (!api_region(region))
		{ reply_error(out, 400, "region: a region code of 2, 4, 6 or 9 digits"); return; }
	if (!api_long(arg(req, "offset"), 0, 100000000, 0, &offset) ||
	    !api_long(arg(req, "limit"), 1, SERVE_MAX_PAGE, 100, &limit))
		{ reply_error(out, 400, "offset and limit: whole numbers (limit 1 to %d)", SERVE_MAX_PAGE); return; }
	if (q && strlen(q) > 200)
		{ reply_error(out, 400, "q: at most 200 bytes"); return; }
	static const char *const sorts[] = { "code", "published", "late", "errors", "flags", "open", NULL };
	static const char *const onlys[] = { "", "errors", "open", "late", "flags", NULL };
	int sort_key = -1, only_key = -1, sort_desc = sort[0] == '-';
	for (int i = 0; sorts[i]; i++)
		if (!strcmp(sort + sort_desc, sorts[i]))
			sort_key = i;
	for (int i = 0; onlys[i]; i++)
		if (!strcmp(only, onlys[i]))
			only_key = i;
	if (sort[0] && sort_key < 0)
		{ reply_error(out, 400, "sort: one of code, published, late, errors, flags, open (- before: descending)"); return; }
	if (only_key < 0)
		{ reply_error(out, 400, "only: one of errors, open, late, flags"); return; }
	if (sort_key < 0)
		sort_key = 0;

	xxgk_store *s = NULL;
	const serve_year *y = NULL;
	serve_body **keep = NULL;
	int year = 0;
	size_t rl = strlen(region), kept = 0, reports = 0, late = 0, with_errors = 0, unknown_date = 0, flagged = 0;
	if (api_open(c, &s, false, out))
		return;
	if (api_year(s, arg, req, &year, out))
		goto done;
	if (api_year_kept(c, year, &y, out))
		goto done;
	if (!(keep = malloc((y->n ? y->n : 1) * sizeof *keep))) {
		reply_error(out, 500, "out of memory");
		goto done;
	}
	/* filter and count, then sort what is kept and page it */
	for (size_t i = 0; i < y->n; i++) {
		serve_body *b = &y->bodies[i];
		if (strncmp(b->f->code, region, rl))
			continue;
		reports++;
		late += b->publication == XXGK_PUBLISHED_LATE;
		unknown_date += b->publication == XXGK_PUBLISHED_UNKNOWN;
		with_errors += b->errors > 0;
		flagged += b->flag_count > 0;
		bool ok = (!q || !*q || strstr(b->f->name, q)) &&
			  (only_key == 0 || (only_key == 1 && b->errors) || (only_key == 2 && b->open) ||
			   (only_key == 3 && b->publication == XXGK_PUBLISHED_LATE) || (only_key == 4 && b->flag_count));
		if (ok)
			keep[kept++] = b;
	}
	api_sort_key = sort_key;
	api_sort_desc = sort_desc;
	qsort(keep, kept, sizeof *keep, api_cmp_body);
	long long unchecked = y->unchecked > 0 ? xxgk_store_unchecked(s, rl ? region : NULL, year, year) : y->unchecked;

	serve_jw w;
	char path[256];
	jw_init(&w);
	jw_obj(&w);
	jw_kstr(&w, "region", region);
	api_region_path(c, region, path, sizeof path);
	jw_kstr(&w, "region_name", path);
	jw_kint(&w, "year", year);
	jw_kint(&w, "reports", (long long)reports);
	jw_kint(&w, "late", (long long)late);
	jw_kint(&w, "date_unknown", (long long)unknown_date);
	jw_kint(&w, "with_errors", (long long)with_errors);
	jw_kint(&w, "flagged", (long long)flagged);
	jw_kint(&w, "unchecked", unchecked);
	jw_key(&w, "summary");
	int own_level = rl == 2 ? XXGK_LEVEL_PROVINCE : rl == 4 ? XXGK_LEVEL_CITY : rl == 6 ? XXGK_LEVEL_COUNTY : 0;
	int kid_level = rl == 0 ? XXGK_LEVEL_PROVINCE : rl == 2 ? XXGK_LEVEL_CITY : rl == 4 ? XXGK_LEVEL_COUNTY : 0;
	const xxgk_rollup *own = own_level ? api_rollup_of(y, own_level, region) : NULL;
	if (own)
		api_rollup_json(&w, own);
	else
		jw_null(&w);
	jw_key(&w, "children");
	jw_arr(&w);
	for (int l = kid_level - XXGK_LEVEL_PROVINCE, i = 0; kid_level && (size_t)i < y->rollup_count[l]; i++)
		if (!strncmp(y->rollups[l][i].code, region, rl))
			api_rollup_json(&w, &y->rollups[l][i]);
	jw_arr_end(&w);
	jw_kint(&w, "total", (long long)kept);
	jw_kint(&w, "offset", offset);
	jw_key(&w, "bodies");
	jw_arr(&w);
	for (size_t i = (size_t)offset; i < kept && i < (size_t)offset + (size_t)limit; i++) {
		const serve_body *x = keep[i];
		jw_obj(&w);
		jw_kstr(&w, "sha256", x->f->sha256);
		jw_kstr(&w, "name", x->f->name);
		jw_kstr(&w, "code", x->f->code);
		api_region_path(c, x->f->code, path, sizeof path);
		jw_kstr(&w, "region", path);
		jw_kstr(&w, "level", xxgk_level_name(x->f->level));
		jw_kstr(&w, "published", x->f->published[0] ? x->f->published : NULL);
		jw_kstr(&w, "deadline", x->deadline[0] ? x->deadline : NULL);
		jw_kstr(&w, "publication", x->publication == XXGK_PUBLISHED_LATE      ? "late"
					   : x->publication == XXGK_PUBLISHED_ON_TIME ? "on_time"
										   : "unknown");
		jw_kint(&w, "days_late", x->publication == XXGK_PUBLISHED_LATE ? x->days_late : 0);
		jw_kint(&w, "errors", x->errors);
		jw_kint(&w, "open", x->open);
		jw_kint(&w, "warnings", x->warnings);
		jw_kint(&w, "flags", (long long)x->flag_count);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_obj_end(&w);
	reply_json(out, 200, &w);
done:
	if (y)
		serve_year_release();
	free(keep);
	api_close(c, s);
}

/* ---- GET /api/report ---- */

static int api_sha(xxgk_store *s, serve_arg_fn arg, void *req, char sha[65], serve_reply *out)
{
	const char *given = arg(req, "sha");
	xxgk_error err;
	if (!given || !api_hex(given, 6, 64)) {
		reply_error(out, 400, "sha: 6 to 64 lower-case hex digits of a report's SHA-256");
		return 1;
	}
	if (xxgk_store_find_report(s, given, sha, &err) != XXGK_OK) {
		reply_error(out, 404, "%s", err.message);
		return 1;
	}
	return 0;
}

static void api_report(serve_ctx *c, serve_arg_fn arg, void *req, serve_reply *out)
{
	xxgk_store *s = NULL;
	xxgk_report *r = NULL, *prev = NULL;
	const serve_year *y = NULL;
	xxgk_statuses st = { 0 };
	xxgk_findings stored;
	xxgk_diff diff;
	bool have_diff = false;
	char sha[65], *json = NULL, *djson = NULL;
	xxgk_error err;
	memset(&diff, 0, sizeof diff);
	xxgk_findings_init(&stored);
	if (api_open(c, &s, false, out))
		return;
	if (api_sha(s, arg, req, sha, out))
		goto done;
	if (xxgk_store_get(s, sha, &r, &err) != XXGK_OK || !r) {
		reply_error(out, r ? 500 : 404, "%s", r ? err.message : "no such report");
		goto done;
	}
	if (xxgk_report_to_json(&json, r, false) != XXGK_OK || xxgk_store_statuses(s, &st, &err) != XXGK_OK) {
		reply_error(out, 500, "database: %s", err.message);
		goto done;
	}
	/* its flags and last year's report, from its year kept (one read of a national year, then none);
	   its stored findings, a report's worth, from the store */
	if (api_year_kept(c, r->year, &y, out))
		goto done;
	const serve_body *me = serve_year_body(y, sha);
	if (xxgk_store_report_findings(s, sha, &stored, &err) != XXGK_OK) {
		reply_error(out, 500, "database: %s", err.message);
		goto done;
	}
	const xxgk_finding *mine = stored.items;
	size_t mine_count = stored.count;
	/* last year's report of the same body, for the year-on-year changes */
	char body[512];
	xxgk_report_body_key(body, sizeof body, r);
	const char *prev_sha = r->region_code ? serve_year_prev(y, body) : NULL;
	if (prev_sha && xxgk_store_get(s, prev_sha, &prev, &err) != XXGK_OK)
		prev = NULL;
	if (prev && xxgk_diff_reports(&diff, prev, r, NULL) == XXGK_OK) {
		have_diff = true;
		if (xxgk_diff_to_json(&djson, &diff) != XXGK_OK)
			djson = NULL;
	}
	char deadline[11] = "";
	int days = 0;
	int pub = xxgk_publication_status(c->deadlines, r->level, r->year, r->published, deadline, &days);
	serve_jw w;
	char path[256];
	jw_init(&w);
	jw_obj(&w);
	jw_key(&w, "report");
	jw_raw(&w, json);
	api_region_path(c, r->region_code, path, sizeof path);
	jw_kstr(&w, "region_name", path);
	jw_kstr(&w, "deadline", deadline[0] ? deadline : NULL);
	jw_kstr(&w, "publication", pub == XXGK_PUBLISHED_LATE ? "late" : pub == XXGK_PUBLISHED_ON_TIME ? "on_time" : "unknown");
	jw_kint(&w, "days_late", pub == XXGK_PUBLISHED_LATE ? days : 0);
	jw_key(&w, "findings");
	jw_arr(&w);
	for (size_t i = 0; i < mine_count; i++) {
		const xxgk_finding *f = &mine[i];
		char *fj = NULL;
		jw_obj(&w);
		jw_key(&w, "finding");
		if (xxgk_finding_to_json(&fj, f) == XXGK_OK)
			jw_raw(&w, fj);
		else
			jw_null(&w);
		free(fj);
		jw_kstr(&w, "status_label", xxgk_status_label(f->status));
		const xxgk_status_record *rec = xxgk_statuses_find(&st, f->id);
		jw_kstr(&w, "who", rec ? rec->who : NULL);
		jw_kstr(&w, "at", rec ? rec->at : NULL);
		jw_kstr(&w, "note", rec ? rec->why : NULL);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	/* the cells error localisation blames for the open errors: the checks on this one report run
	   again (microseconds), because the store keeps the sentence, not the cells */
	jw_key(&w, "blamed");
	jw_arr(&w);
	xxgk_findings live;
	xxgk_findings_init(&live);
	if (xxgk_check_report_with(&live, r, NULL) == XXGK_OK) {
		xxgk_findings_identify(&live, 0, body, r->year);
		for (size_t i = 0; i < live.count; i++) {
			const xxgk_blame *bl = live.items[i].blame;
			bool open = false;
			for (size_t k = 0; k < mine_count && !open; k++)
				open = !strcmp(mine[k].id, live.items[i].id) && mine[k].status == XXGK_STATUS_OPEN &&
				       mine[k].severity == XXGK_SEV_ERROR;
			for (size_t k = 0; open && bl && k < bl->culprit_count; k++) {
				jw_obj(&w);
				jw_kstr(&w, "path", bl->culprits[k].path);
				jw_kstr(&w, "finding", live.items[i].id);
				jw_kbool(&w, "settled", bl->culprits[k].settled);
				jw_knum(&w, "printed", bl->culprits[k].printed);
				jw_knum(&w, "suggested", bl->culprits[k].settled ? bl->culprits[k].suggested : NAN);
				jw_obj_end(&w);
			}
		}
	}
	xxgk_findings_free(&live);
	jw_arr_end(&w);
	jw_kint(&w, "unchecked", y->unchecked > 0 ? xxgk_store_unchecked(s, r->region_code, r->year, r->year)
						   : y->unchecked);
	jw_key(&w, "previous");
	if (have_diff && djson) {
		jw_obj(&w);
		jw_kstr(&w, "sha256", prev->sha256);
		jw_kint(&w, "year", prev->year);
		jw_key(&w, "diff");
		jw_raw(&w, djson);
		jw_obj_end(&w);
	} else {
		jw_null(&w);
	}
	jw_key(&w, "flags");
	jw_arr(&w);
	for (size_t k = 0; me && k < me->flag_count; k++)
		api_flag_json(&w, &y->flags.items[y->flag_index[me->first_flag + k]]);
	jw_arr_end(&w);
	jw_obj_end(&w);
	reply_json(out, 200, &w);
done:
	free(json);
	free(djson);
	if (have_diff)
		xxgk_diff_free(&diff);
	xxgk_report_free(prev);
	xxgk_report_free(r);
	xxgk_statuses_free(&st);
	xxgk_findings_free(&stored);
	if (y)
		serve_year_release();
	api_close(c, s);
}

/* ---- GET /api/outliers ---- */

static void api_outlier_list(serve_ctx *c, serve_arg_fn arg, void *req, serve_reply *out)
{
	const char *region = arg(req, "region") ? arg(req, "region") : "";
	xxgk_store *s = NULL;
	int year = 0;
	if (!api_region(region))
		{ reply_error(out, 400, "region: a region code of 2, 4, 6 or 9 digits"); return; }
	if (api_open(c, &s, false, out))
		return;
	const serve_year *y = NULL;
	if (api_year(s, arg, req, &year, out))
		goto done;
	if (api_year_kept(c, year, &y, out))
		goto done;
	const xxgk_outliers *ol = &y->flags;
	serve_jw w;
	jw_init(&w);
	jw_obj(&w);
	jw_kint(&w, "year", year);
	jw_kint(&w, "tests", (long long)ol->tests);
	jw_knum(&w, "fdr", ol->fdr);
	jw_key(&w, "flags");
	jw_arr(&w);
	size_t rl = strlen(region);
	for (size_t i = 0; i < ol->count; i++)
		if (!strncmp(ol->items[i].code, region, rl))
			api_flag_json(&w, &ol->items[i]);
	jw_arr_end(&w);
	jw_obj_end(&w);
	serve_year_release();
	reply_json(out, 200, &w);
done:
	api_close(c, s);
}

/* ---- GET /api/stats: distributions per peer group, funnels ---- */

/* Points a funnel chart carries at most (more hide one another on a 640-pixel chart, and a national
   统计 page has some twenty charts): the flagged ones always, then an even sample of the others. */
#define API_FUNNEL_POINTS 600

/* The 统计 answer of `region` in y: groups, their distributions and funnels (peers are the whole
   store's, as the outlier tests have them). */
static void api_stats_json(serve_ctx *c, const serve_year *y, const char *region, serve_jw *out)
{
	const xxgk_peers *peers = &y->peers;
	const xxgk_outliers *ol = &y->flags;
	size_t rl = strlen(region);
	serve_jw w;
	jw_init(&w);
	jw_obj(&w);
	jw_kint(&w, "year", y->year);
	jw_kstr(&w, "region", region);
	char path[256];
	api_region_path(c, region, path, sizeof path);
	jw_kstr(&w, "region_name", path);
	jw_key(&w, "groups");
	jw_arr(&w);
	for (size_t g = 0; g < peers->group_count; g++) {
		size_t inside = 0;
		for (size_t k = y->member_at[g]; k < y->member_at[g + 1]; k++)
			inside += !strncmp(y->figs[y->members[k]].code, region, rl);
		if (!inside)
			continue;
		jw_obj(&w);
		jw_kstr(&w, "key", peers->groups[g].key);
		jw_kstr(&w, "name", peers->groups[g].name);
		jw_kint(&w, "size", (long long)peers->groups[g].size);
		jw_kint(&w, "in_region", (long long)inside);
		jw_key(&w, "figures");
		jw_arr(&w);
		for (int f = 0; f < XXGK_FIG_COUNT; f++) {
			const xxgk_summary *sum = &y->sums[g * XXGK_FIG_COUNT + (size_t)f];
			if (!sum->n)
				continue;
			jw_obj(&w);
			jw_kstr(&w, "key", xxgk_figure_key(f));
			jw_kstr(&w, "label", xxgk_figure_label(f));
			jw_kstr(&w, "unit", xxgk_figure_unit(f));
			jw_kint(&w, "n", (long long)sum->n);
			jw_knum(&w, "min", sum->min);
			jw_knum(&w, "q1", sum->q1);
			jw_knum(&w, "median", sum->median);
			jw_knum(&w, "q3", sum->q3);
			jw_knum(&w, "max", sum->max);
			jw_obj_end(&w);
		}
		jw_arr_end(&w);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_key(&w, "funnels");
	jw_arr(&w);
	for (size_t k = 0; k < ol->funnel_count; k++) {
		const xxgk_group_funnel *gf = &ol->funnels[k];
		int num, den;
		xxgk_rate_figures(gf->rate, &num, &den);
		size_t g = peers->group_count;
		for (size_t j = 0; j < peers->group_count; j++)
			if (!strcmp(peers->groups[j].key, gf->group_key))
				g = j;
		if (g == peers->group_count)
			continue;
		size_t points = 0, flagged = 0;
		double maxn = 0;
		for (size_t m = y->member_at[g]; m < y->member_at[g + 1]; m++) {
			const serve_body *sb = &y->bodies[y->members[m]];
			const xxgk_body_figures *b = sb->f;
			if (!strncmp(b->code, region, rl) && (b->known >> num & 1u) && (b->known >> den & 1u) &&
			    b->v[den] >= XXGK_FUNNEL_MIN_TOTAL) {
				points++;
				flagged += serve_year_flagged(y, sb, "funnel", xxgk_rate_key(gf->rate));
			}
		}
		/* every flagged point; of the others every stride-th, so a national chart keeps its shape */
		size_t room = flagged < API_FUNNEL_POINTS ? API_FUNNEL_POINTS - flagged : 0;
		size_t others = points - flagged, stride = others > room && room ? (others + room - 1) / room : 1, seen = 0;
		if (!points)
			continue;
		jw_obj(&w);
		jw_kstr(&w, "group", gf->group);
		jw_kstr(&w, "fitted_group", gf->fitted_group);
		jw_kstr(&w, "rate", xxgk_rate_key(gf->rate));
		jw_kstr(&w, "label", xxgk_rate_label(gf->rate));
		jw_knum(&w, "target", gf->fit.target);
		jw_kint(&w, "min_total", XXGK_FUNNEL_MIN_TOTAL);
		jw_key(&w, "points");
		jw_arr(&w);
		size_t written = 0;
		for (int pass = 0; pass < 2; pass++)
			for (size_t m = y->member_at[g]; m < y->member_at[g + 1] && written < API_FUNNEL_POINTS; m++) {
				const serve_body *sb = &y->bodies[y->members[m]];
				const xxgk_body_figures *b = sb->f;
				if (strncmp(b->code, region, rl) || !(b->known >> num & 1u) || !(b->known >> den & 1u) ||
				    b->v[den] < XXGK_FUNNEL_MIN_TOTAL)
					continue;
				bool flag = serve_year_flagged(y, sb, "funnel", xxgk_rate_key(gf->rate));
				if (flag != (pass == 0) || (!flag && seen++ % stride))
					continue;
				jw_obj(&w);
				if (flag)  /* a link to its page; the others are named on hover only */
					jw_kstr(&w, "sha256", b->sha256);
				jw_kstr(&w, "name", b->name);
				jw_knum(&w, "events", b->v[num]);
				jw_knum(&w, "total", b->v[den]);
				jw_kbool(&w, "flagged", flag);
				jw_obj_end(&w);
				written++;
				if (b->v[den] > maxn)
					maxn = b->v[den];
			}
		jw_arr_end(&w);
		jw_kint(&w, "points_total", (long long)points);
		/* the limits of the same fit the flags used (kept with the year), over the volumes drawn:
		   up to the largest point shown, and one step beyond */
		jw_key(&w, "limits");
		jw_arr(&w);
		double hi_n = maxn > XXGK_FUNNEL_MIN_TOTAL * 2 ? maxn * 1.1 : XXGK_FUNNEL_MIN_TOTAL * 4;
		for (int i = 0; i < SERVE_LIMIT_GRID; i++) {
			const double *l = y->limits[k * SERVE_LIMIT_GRID + (size_t)i];
			jw_arr(&w);
			for (int col = 0; col < 5; col++)
				jw_num(&w, l[col]);
			jw_arr_end(&w);
			if (l[0] >= hi_n)
				break;
		}
		jw_arr_end(&w);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_obj_end(&w);
	*out = w;
}

void api_stats_prepare(serve_ctx *c, const serve_year *y)
{
	serve_jw w;
	api_stats_json(c, y, "", &w);
	if (!w.oom && w.p)
		serve_year_keep_stats(y, "", w.p, w.len);
	jw_free(&w);
}

static void api_stats(serve_ctx *c, serve_arg_fn arg, void *req, serve_reply *out)
{
	const char *region = arg(req, "region") ? arg(req, "region") : "";
	xxgk_store *s = NULL;
	const serve_year *y = NULL;
	int year = 0;
	if (!api_region(region))
		{ reply_error(out, 400, "region: a region code of 2, 4, 6 or 9 digits"); return; }
	if (api_open(c, &s, false, out))
		return;
	if (api_year(s, arg, req, &year, out))
		goto done;
	if (api_year_kept(c, year, &y, out))
		goto done;
	/* made once a year and region: nothing it shows changes until the year is read again */
	size_t len;
	const char *kept = serve_year_stats(y, region, &len);
	serve_jw w;
	if (kept) {
		jw_init(&w);
		jw_raw(&w, kept);   /* the answer as it was made (NUL-free JSON) */
		if (w.len != len)
			w.oom = true;
	} else {
		api_stats_json(c, y, region, &w);
		if (!w.oom && w.p)
			serve_year_keep_stats(y, region, w.p, w.len);
	}
	reply_json(out, 200, &w);
done:
	if (y)
		serve_year_release();
	api_close(c, s);
}

/* ---- downloads: files the library writes by path, read back from our own folder ---- */

static int api_tmpname(serve_ctx *c, char *out, size_t cap, const char *ext)
{
	static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
	pthread_mutex_lock(&mu);
	unsigned long long k = ++c->tmp_seq;
	pthread_mutex_unlock(&mu);
	return snprintf(out, cap, "%s/%llu.%s", c->tmpdir, k, ext) >= (int)cap;
}

/* Reads the file into the reply and removes it. */
static void api_send_file(serve_reply *out, const char *path, const char *type, const char *ascii_name,
			  const char *utf8_name)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	if (!f || fstat(fileno(f), &st) != 0 || st.st_size < 0) {
		if (f)
			fclose(f);
		unlink(path);
		{ reply_error(out, 500, "the file just written cannot be read back"); return; }
	}
	char *buf = malloc((size_t)st.st_size + 1);
	size_t got = buf ? fread(buf, 1, (size_t)st.st_size, f) : 0;
	fclose(f);
	unlink(path);
	if (!buf || got != (size_t)st.st_size) {
		free(buf);
		{ reply_error(out, 500, "the file just written cannot be read back"); return; }
	}
	out->status = 200;
	out->type = type;
	out->body = buf;
	out->len = got;
	/* RFC 6266 / 5987: an ASCII name, and the Chinese one percent-encoded */
	size_t used = (size_t)snprintf(out->disposition, sizeof out->disposition,
				       "attachment; filename=\"%s\"; filename*=UTF-8''", ascii_name);
	for (const unsigned char *p = (const unsigned char *)utf8_name; *p && used + 4 < sizeof out->disposition; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '.' ||
		    *p == '-' || *p == '_')
			out->disposition[used++] = (char)*p;
		else
			used += (size_t)snprintf(out->disposition + used, sizeof out->disposition - used, "%%%02X", *p);
	}
	out->disposition[used] = '\0';
}

typedef struct {
	xxgk_review *rv;
	const char *region;
	int year;
	int rc;
} api_review_walk;

static int api_review_each(const xxgk_report *r, const xxgk_finding *items, size_t count, void *ctx)
{
	api_review_walk *w = ctx;
	const char *code = r->region_code ? r->region_code : "";
	if (r->year != w->year || strncmp(code, w->region, strlen(w->region)))
		return 0;
	/* a copy finding comes alone after every report: its report is in already */
	bool copy = count == 1 && !strncmp(items[0].rule, "copy.", 5);
	if (!copy && xxgk_review_add_report(w->rv, r, NULL) != XXGK_OK)
		return XXGK_ENOMEM;
	return xxgk_review_add_findings(w->rv, items, count);
}

static void api_workbook(serve_ctx *c, serve_arg_fn arg, void *req, serve_reply *out)
{
	const char *region = arg(req, "region") ? arg(req, "region") : "";
	xxgk_store *s = NULL;
	xxgk_review *rv = NULL;
	xxgk_statuses st = { 0 };
	xxgk_workbook wb = { 0 };
	xxgk_error err;
	int year = 0;
	char path[512], name[96];
	if (!api_region(region))
		{ reply_error(out, 400, "region: a region code of 2, 4, 6 or 9 digits"); return; }
	if (api_open(c, &s, false, out))
		return;
	if (api_year(s, arg, req, &year, out))
		goto done;
	if (xxgk_review_new(&rv) != XXGK_OK) {
		reply_error(out, 500, "out of memory");
		goto done;
	}
	xxgk_review_use_gazetteer(rv, c->gaz);
	api_review_walk w = { rv, region, year, 0 };
	xxgk_check_store_options o = XXGK_CHECK_STORE_OPTIONS_INIT;
	o.each = api_review_each;
	o.ctx = &w;
	int rc = xxgk_check_store(s, &o, &err);
	if (rc == XXGK_OK)
		rc = xxgk_store_statuses(s, &st, &err);
	if (rc == XXGK_OK && (rc = xxgk_review_workbook(&wb, rv, &st)) != XXGK_OK)
		xxgk_error_set(&err, rc, 0, 0, "out of memory");
	if (rc == XXGK_OK && api_tmpname(c, path, sizeof path, "xlsx"))
		rc = xxgk_error_set(&err, XXGK_EIO, 0, 0, "temporary path too long");
	if (rc == XXGK_OK)
		rc = xxgk_workbook_write_xlsx(&wb, path, XXGK_HEADERS_ZH, &err);
	if (rc != XXGK_OK) {
		reply_error(out, 500, "workbook: %s", err.message);
		goto done;
	}
	char ascii[64];
	snprintf(ascii, sizeof ascii, "review-%s-%d.xlsx", region[0] ? region : "all", year);
	snprintf(name, sizeof name, "审核结果-%s-%d.xlsx", region[0] ? region : "全部", year);
	api_send_file(out, path, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ascii, name);
done:
	xxgk_workbook_free(&wb);
	xxgk_statuses_free(&st);
	xxgk_review_free(rv);
	api_close(c, s);
}

static void api_pdf(serve_ctx *c, serve_arg_fn arg, void *req, bool county, serve_reply *out)
{
	const char *region = arg(req, "region") ? arg(req, "region") : "";
	xxgk_store *s = NULL;
	xxgk_layout *l = NULL;
	xxgk_error err;
	int year = 0;
	char sha[65] = "", path[512], today[16], ascii[96], name[160];
	if (county && (!api_region(region) || strlen(region) < 2 || strlen(region) > 6))
		{ reply_error(out, 400, "region: a province, city or county code (2, 4 or 6 digits)"); return; }
	if (api_open(c, &s, false, out))
		return;
	if (county ? api_year(s, arg, req, &year, out) : api_sha(s, arg, req, sha, out))
		goto done;
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(today, sizeof today, "%Y-%m-%d", &tm);
	xxgk_compose_options o = XXGK_COMPOSE_OPTIONS_INIT;
	o.date = today;
	o.deadlines = c->deadlines;
	int rc = county ? xxgk_compose_county(&l, s, region, year, &o, &err) : xxgk_compose_agency(&l, s, sha, &o, &err);
	if (rc != XXGK_OK) {
		reply_error(out, rc == XXGK_EINVAL ? 404 : 500, "%s", err.message);
		goto done;
	}
	xxgk_render_options ro = { .created = today };
	if (api_tmpname(c, path, sizeof path, "pdf") || xxgk_render_pdf(l, path, &ro, NULL, &err) != XXGK_OK) {
		reply_error(out, 500, "PDF: %s", err.message);
		goto done;
	}
	if (county) {
		snprintf(ascii, sizeof ascii, "county-%s-%d.pdf", region, year);
		snprintf(name, sizeof name, "审查情况通报-%s-%d.pdf", region, year);
	} else {
		snprintf(ascii, sizeof ascii, "agency-%.12s.pdf", sha);
		snprintf(name, sizeof name, "审查意见-%.12s.pdf", sha);
	}
	api_send_file(out, path, "application/pdf", ascii, name);
done:
	xxgk_layout_free(l);
	api_close(c, s);
}

/* ---- POST /api/upload: one report file, or a zip of them ---- */

typedef struct {
	serve_jw *w;
	xxgk_store *s;
	serve_ctx *c;
	size_t loaded, unchanged, refused;
	int rc;                    /* XXGK_EDB stops: the database refused */
	xxgk_error err;
} api_upload;

static void api_refuse(api_upload *u, const char *name, const char *reason)
{
	u->refused++;
	jw_obj(u->w);
	jw_kstr(u->w, "name", name);
	jw_kstr(u->w, "outcome", "refused");
	jw_kstr(u->w, "reason", reason);
	jw_obj_end(u->w);
}

/* Writes one parsed document (inside the open transaction), or its refusal (`r` NULL, `perr` why,
 * `data` the bytes quarantined by their sha256). */
static int api_keep(api_upload *u, const char *name, const void *data, size_t len, xxgk_report *r,
		    const xxgk_error *perr);

/* Parses and writes one document (inside the open transaction); never uses `name` as a path. */
static int api_take(const char *name, const void *data, size_t len, const char *refusal, void *ctx)
{
	api_upload *u = ctx;
	if (refusal) {
		api_refuse(u, name, refusal);
		return 0;
	}
	xxgk_report *r = NULL;
	xxgk_error perr;
	xxgk_parse_options po = XXGK_PARSE_OPTIONS_INIT;
	po.name = name;
	po.gazetteer = u->c->gaz;
	if (xxgk_parse_buffer(&r, data, len, &po, &perr) != XXGK_OK)
		r = NULL;
	return api_keep(u, name, data, len, r, &perr);
}

static int api_keep(api_upload *u, const char *name, const void *data, size_t len, xxgk_report *r,
		    const xxgk_error *perr)
{
	if (!r) {
		char sha[65], reason[XXGK_ERROR_MSG_CAP + 32];
		xxgk_sha256_hex(sha, data, len);
		if (perr->line)
			snprintf(reason, sizeof reason, "%u: %s", perr->line, perr->message);
		else
			snprintf(reason, sizeof reason, "%s", perr->message);
		api_refuse(u, name, reason);
		if (xxgk_store_quarantine(u->s, name, sha, reason, &u->err) != XXGK_OK)
			return u->rc = XXGK_EDB;
		return 0;
	}
	int outcome = 0;
	int rc = xxgk_store_put(u->s, r, &outcome, &u->err);
	if (rc == XXGK_OK) {
		u->loaded += outcome != XXGK_PUT_UNCHANGED;
		u->unchanged += outcome == XXGK_PUT_UNCHANGED;
		jw_obj(u->w);
		jw_kstr(u->w, "name", name);
		jw_kstr(u->w, "outcome", outcome == XXGK_PUT_UNCHANGED ? "unchanged"
					 : outcome == XXGK_PUT_REPLACED ? "replaced" : "loaded");
		jw_kstr(u->w, "sha256", r->sha256);
		jw_kstr(u->w, "agency", r->agency_name);
		jw_kstr(u->w, "region_code", r->region_code);
		jw_kint(u->w, "year", r->year);
		jw_kint(u->w, "warnings", (long long)r->warning_count);
		jw_obj_end(u->w);
	}
	xxgk_report_free(r);
	return u->rc = rc;
}

static bool api_ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), m = strlen(tail);
	return n >= m && !strcasecmp(s + n - m, tail);
}

static void api_upload_post(serve_ctx *c, serve_arg_fn arg, void *req, const char *body, size_t len,
			    serve_reply *out)
{
	const char *given = arg(req, "name");
	char name[256];
	if (!given || !*given || strlen(given) > 255)
		{ reply_error(out, 400, "name: the file's name (1 to 255 bytes), given as ?name="); return; }
	/* only the last part of what the browser sent is shown; it is never a path here */
	const char *base = given;
	for (const char *p = given; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	snprintf(name, sizeof name, "%s", *base ? base : "upload");
	if (len == 0)
		{ reply_error(out, 400, "%s: the file is empty", name); return; }
	xxgk_store *s = NULL;
	if (api_open(c, &s, true, out))
		return;
	serve_jw w;
	api_upload u;
	memset(&u, 0, sizeof u);
	u.w = &w;
	u.s = s;
	u.c = c;
	jw_init(&w);
	jw_obj(&w);
	jw_kstr(&w, "name", name);
	jw_key(&w, "files");
	jw_arr(&w);
	int rc = xxgk_store_begin(s, &u.err);
	if (rc == XXGK_OK && api_ends_with(name, ".zip")) {
		xxgk_zip_limits lim = { SERVE_MAX_ZIP_ENTRIES, XXGK_PARSE_MAX_INPUT, SERVE_MAX_ZIP_TOTAL };
		xxgk_error zerr;
		/* a zip of one scan's page images is one report (as a folder of them is) */
		bool scan = false;
		xxgk_report *r = NULL;
		xxgk_parse_options po = XXGK_PARSE_OPTIONS_INIT;
		po.name = name;
		po.gazetteer = c->gaz;
		rc = xxgk_zip_scan(&r, &scan, body, len, &lim, &po, &zerr);
		if (scan)
			rc = api_keep(&u, name, body, len, rc == XXGK_OK ? r : NULL, &zerr);
		else if (rc == XXGK_OK)
			rc = xxgk_zip_each(body, len, &lim, api_take, &u, &zerr);
		if (rc != XXGK_OK && !u.rc) {
			/* the archive itself is refused: nothing of it is written */
			xxgk_store_rollback(s);
			jw_free(&w);
			api_close(c, s);
			{ reply_error(out, 422, "%s: %s", name, zerr.message); return; }
		}
	} else if (rc == XXGK_OK) {
		rc = api_take(name, body, len, NULL, &u);
	}
	if (rc == XXGK_OK && !u.rc)
		rc = xxgk_store_commit(s, &u.err);
	else
		xxgk_store_rollback(s);
	if (rc != XXGK_OK || u.rc) {
		jw_free(&w);
		api_close(c, s);
		{ reply_error(out, 500, "database: %s (nothing of %s was written)", u.err.message, name); return; }
	}
	serve_year_drop();
	api_close(c, s);
	jw_arr_end(&w);
	jw_kint(&w, "loaded", (long long)u.loaded);
	jw_kint(&w, "unchanged", (long long)u.unchanged);
	jw_kint(&w, "refused", (long long)u.refused);
	jw_obj_end(&w);
	reply_json(out, 200, &w);
}

/* ---- POST /api/check ---- */

typedef struct {
	size_t reports, errors, warnings;
} api_check_count;

static int api_check_each(const xxgk_report *r, const xxgk_finding *items, size_t count, void *ctx)
{
	api_check_count *k = ctx;
	(void)r;
	k->reports += !(count == 1 && !strncmp(items[0].rule, "copy.", 5));
	for (size_t i = 0; i < count; i++) {
		k->errors += items[i].severity == XXGK_SEV_ERROR && items[i].status == XXGK_STATUS_OPEN;
		k->warnings += items[i].severity == XXGK_SEV_WARNING;
	}
	return 0;
}

static void api_check_post(serve_ctx *c, serve_reply *out)
{
	xxgk_store *s = NULL;
	xxgk_error err;
	api_check_count k = { 0, 0, 0 };
	char at[32];
	if (api_open(c, &s, true, out))
		return;
	api_now(at, sizeof at);
	xxgk_check_store_options o = XXGK_CHECK_STORE_OPTIONS_INIT;
	o.save = true;
	o.at = at;
	o.each = api_check_each;
	o.ctx = &k;
	int rc = xxgk_check_store(s, &o, &err);
	serve_year_drop();
	serve_year_warm();  /* it waits for the write lock to go */
	api_close(c, s);
	if (rc != XXGK_OK)
		{ reply_error(out, 500, "check: %s", err.message); return; }
	serve_jw w;
	jw_init(&w);
	jw_obj(&w);
	jw_kint(&w, "reports", (long long)k.reports);
	jw_kint(&w, "errors", (long long)k.errors);
	jw_kint(&w, "warnings", (long long)k.warnings);
	jw_kstr(&w, "at", at);
	jw_obj_end(&w);
	reply_json(out, 200, &w);
}

/* ---- POST /api/status ---- */

/* Longest name and note kept: a person's name, a sentence or two. */
#define API_WHO_MAX 64
#define API_NOTE_MAX 1000

static void api_status_post(serve_ctx *c, const char *body, size_t len, serve_reply *out)
{
	xxgk_json_fields f;
	xxgk_error err;
	int rc = xxgk_json_read_fields(&f, body, len, &err);
	if (rc != XXGK_OK)
		{ reply_error(out, rc == XXGK_ETOOBIG ? 413 : 400, "%s", err.message); return; }
	const char *id = xxgk_json_fields_get(&f, "id");
	const char *status = xxgk_json_fields_get(&f, "status");
	const char *who = xxgk_json_fields_get(&f, "who");
	const char *note = xxgk_json_fields_get(&f, "note");
	int st = status ? xxgk_status_from_text(status) : -1;
	xxgk_store *s = NULL;
	if (!id || !api_hex(id, XXGK_FINDING_ID_LEN, XXGK_FINDING_ID_LEN)) {
		reply_error(out, 400, "id: a finding's 16 hex digits");
	} else if (st < 0) {
		reply_error(out, 400, "status: one of 待整改, 已整改, 豁免, 复核通过 (open, fixed, waived, verified)");
	} else if ((who && strlen(who) > API_WHO_MAX) || (note && strlen(note) > API_NOTE_MAX)) {
		reply_error(out, 400, "who: at most %d bytes; note: at most %d", API_WHO_MAX, API_NOTE_MAX);
	} else if (!who || !*who) {
		reply_error(out, 400, "who: the name of the person who sets the status (处理人)");
	} else if (!api_open(c, &s, true, out)) {
		char at[32];
		int outcome = 0;
		api_now(at, sizeof at);
		rc = xxgk_store_begin(s, &err);
		if (rc == XXGK_OK)
			rc = xxgk_store_set_status(s, id, st, who, at, note, "xxgk serve", &outcome, &err);
		if (rc == XXGK_OK)
			rc = xxgk_store_commit(s, &err);
		else
			xxgk_store_rollback(s);
		if (rc == XXGK_OK && outcome == XXGK_STATUS_SET_CHANGED)
			serve_year_set_status(s, id);
		if (rc != XXGK_OK) {
			reply_error(out, 500, "database: %s", err.message);
		} else if (outcome == XXGK_STATUS_SET_UNKNOWN) {
			reply_error(out, 404, "no check has found a finding %s", id);
		} else {
			serve_jw w;
			jw_init(&w);
			jw_obj(&w);
			jw_kstr(&w, "id", id);
			jw_kstr(&w, "status", xxgk_status_name(st));
			jw_kstr(&w, "label", xxgk_status_label(st));
			jw_kstr(&w, "who", who);
			jw_kstr(&w, "at", at);
			jw_kstr(&w, "note", note);
			jw_kbool(&w, "changed", outcome == XXGK_STATUS_SET_CHANGED);
			jw_obj_end(&w);
			reply_json(out, 200, &w);
		}
		api_close(c, s);
	}
	xxgk_json_fields_free(&f);
}

/* ---- routing ---- */

int api_get(serve_ctx *c, const char *url, serve_arg_fn arg, void *req, serve_reply *out)
{
	pthread_rwlock_t *lock = c->lock;
	pthread_rwlock_rdlock(lock);
	if (!strcmp(url, "/api/session"))
		api_session(c, out);
	else if (!strcmp(url, "/api/overview"))
		api_overview(c, arg, req, out);
	else if (!strcmp(url, "/api/report"))
		api_report(c, arg, req, out);
	else if (!strcmp(url, "/api/outliers"))
		api_outlier_list(c, arg, req, out);
	else if (!strcmp(url, "/api/stats"))
		api_stats(c, arg, req, out);
	else if (!strcmp(url, "/api/download/workbook"))
		api_workbook(c, arg, req, out);
	else if (!strcmp(url, "/api/download/county"))
		api_pdf(c, arg, req, true, out);
	else if (!strcmp(url, "/api/download/agency"))
		api_pdf(c, arg, req, false, out);
	else
		reply_error(out, 404, "no such page or endpoint");
	pthread_rwlock_unlock(lock);
	return 0;
}

int api_post(serve_ctx *c, const char *url, serve_arg_fn arg, void *req, const char *body, size_t len,
	     serve_reply *out)
{
	pthread_rwlock_t *lock = c->lock;
	pthread_rwlock_wrlock(lock);
	if (!strcmp(url, "/api/upload"))
		api_upload_post(c, arg, req, body, len, out);
	else if (!strcmp(url, "/api/check"))
		api_check_post(c, out);
	else if (!strcmp(url, "/api/status"))
		api_status_post(c, body, len, out);
	else
		reply_error(out, 404, "no such endpoint");
	pthread_rwlock_unlock(lock);
	return 0;
}
