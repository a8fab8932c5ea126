/*
 * cmd_check.c — `xxgk check [--db FILE | PATH...]`: the 勾稽 rules and the
 * other checks (docs/checks.md), grouped by body in Chinese, or one
 * `xxgk.finding/1` a line with --json; the review workbook (--xlsx) or its
 * CSV files (--csv); with --db, each finding's status (xxgk track) and what
 * changed since an earlier check (--since). With --db the findings are
 * stored with their reports (a run replaces the last run's) and the check
 * is recorded (docs/track.md). Exit status 1 when an error is found (waived
 * ones aside), so a script can stop on it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "xxgk/check.h"
#include "xxgk/compose.h"
#include "xxgk/load.h"
#include "xxgk/parse.h"
#include "xxgk/region.h"
#include "xxgk/rules.h"
#include "xxgk/store.h"
#include "xxgk/track.h"
#include "xxgk/workbook.h"
#include "cli.h"

typedef struct {
	bool json, quiet;
	xxgk_waivers *waivers;
	const xxgk_rules *rules;         /* NULL: the default rule set */
	const char *waivers_path;
	const xxgk_statuses *statuses;   /* recorded ones (--db), may be NULL */
	xxgk_review *review;             /* when a workbook or CSV is asked for */
	xxgk_store *store;               /* --db: waivers become statuses */
	const char *at;                  /* this check's time, ISO 8601 */
	size_t reports, errors, warnings, infos, waived, marked_fixed;
	xxgk_error err;
} check_run;

static const char *check_sev_zh(int sev)
{
	return sev == XXGK_SEV_ERROR ? "错误" : sev == XXGK_SEV_WARNING ? "警告" : "提示";
}

static void check_print(check_run *c, const xxgk_report *r, const char *file, const xxgk_findings *f, size_t from)
{
	if (c->quiet || (from >= f->count && !c->json))
		return;
	if (!c->json) {
		printf("== %s · %d年度", r->agency_name ? r->agency_name : "(未识别机关)", r->year);
		if (r->region_code)
			printf(" · %s", r->region_code);
		printf(" · %s\n", file);
	}
	for (size_t i = from; i < f->count; i++) {
		const xxgk_finding *x = &f->items[i];
		if (c->json) {
			char *s = NULL;
			if (xxgk_finding_to_json(&s, x) == XXGK_OK) {
				puts(s);
				free(s);
			}
			continue;
		}
		char line[24] = "";
		if (x->line)
			snprintf(line, sizeof line, "第%u行 ", x->line);
		printf("  %s  %-22s %s%s", x->waived ? "豁免" : check_sev_zh(x->severity), x->rule, line, x->message);
		if (x->status == XXGK_STATUS_FIXED || x->status == XXGK_STATUS_VERIFIED)
			printf("  [%s，复查仍存在]", xxgk_status_label(x->status));
		putchar('\n');
		if (xxgk_finding_fix(x)[0])
			printf("        %s\n", xxgk_finding_fix(x));
		if (x->waived)
			printf("        已豁免：%s\n", x->waiver);
	}
}

/* Counts a report's findings; with --db a waiver is recorded as the finding's status. */
static int check_count(check_run *c, const xxgk_findings *f, size_t from)
{
	for (size_t i = from; i < f->count; i++) {
		const xxgk_finding *x = &f->items[i];
		if (x->waived)
			c->waived++;
		else if (x->severity == XXGK_SEV_ERROR)
			c->errors++;
		else if (x->severity == XXGK_SEV_WARNING)
			c->warnings++;
		else
			c->infos++;
		c->marked_fixed += x->status == XXGK_STATUS_FIXED || x->status == XXGK_STATUS_VERIFIED;
		const xxgk_status_record *rec = xxgk_statuses_find(c->statuses, x->id);
		if (c->store && x->waived && (!rec || rec->status != XXGK_STATUS_WAIVED)) {
			int outcome;
			char source[600];
			snprintf(source, sizeof source, "waivers:%s", c->waivers_path ? c->waivers_path : "");
			int rc = xxgk_store_set_status(c->store, x->id, XXGK_STATUS_WAIVED, NULL, c->at, x->waiver, source,
						       &outcome, &c->err);
			if (rc != XXGK_OK)
				return rc;
		}
	}
	return XXGK_OK;
}

/* After the rules ran on one report: ids, statuses, waivers, the review, the output. */
static int check_finish(check_run *c, const xxgk_report *r, const char *file, xxgk_findings *f, size_t from)
{
	char body[512];
	xxgk_report_body_key(body, sizeof body, r);
	xxgk_findings_identify(f, from, body, r->year);
	xxgk_statuses_apply(c->statuses, f, from);
	/* a waiver file speaks for findings nobody has given a status */
	for (size_t i = from; i < f->count; i++) {
		if (f->items[i].status != XXGK_STATUS_OPEN)
			continue;
		xxgk_findings one = { &f->items[i], 1, 1 };
		xxgk_waivers_apply(c->waivers, r, &one, 0);
	}
	if (c->review && xxgk_review_add_findings(c->review, f->items + from, f->count - from) != XXGK_OK)
		return XXGK_ENOMEM;
	check_print(c, r, file, f, from);
	return check_count(c, f, from);
}

typedef struct {
	check_run *c;
	xxgk_copies *copies;
	xxgk_report *prev;
	char prev_body[512];
	int rc;
} db_walk;

static int check_db_one(const char *sha, const char *body, int year, void *vctx)
{
	db_walk *w = vctx;
	check_run *c = w->c;
	xxgk_report *r = NULL;
	(void)year;
	int got = xxgk_store_get(c->store, sha, &r, &c->err);
	if (got == XXGK_OK && !r)
		got = xxgk_error_set(&c->err, XXGK_EDB, 0, 0,
				     "report %.64s is listed but cannot be read back: the database is damaged"
				     " (PRAGMA integrity_check names the index)", sha ? sha : "?");
	if (got != XXGK_OK)
		return w->rc = got;
	xxgk_findings f;
	xxgk_findings_init(&f);
	int rc = xxgk_check_report_with(&f, r, c->rules);
	if (rc == XXGK_OK && w->prev && body && strcmp(body, w->prev_body) == 0 && w->prev->year + 1 == r->year)
		rc = xxgk_check_years_with(&f, w->prev, r, c->rules);
	if (rc == XXGK_OK)
		rc = xxgk_copies_add(w->copies, r, body);
	if (rc == XXGK_OK && c->review)
		rc = xxgk_review_add_report(c->review, r, NULL);
	if (rc == XXGK_OK)
		rc = check_finish(c, r, r->source_name ? r->source_name : sha, &f, 0);
	if (rc == XXGK_OK)
		rc = xxgk_store_put_findings(c->store, sha, f.items, f.count, true, &c->err);
	c->reports++;
	xxgk_findings_free(&f);
	xxgk_report_free(w->prev);
	w->prev = r;
	snprintf(w->prev_body, sizeof w->prev_body, "%s", body ? body : "");
	return w->rc = rc;
}

/* Versions of one body-year from the store, gathered for xxgk_check_versions(). */
#define CHECK_VERSIONS_CAP 16
typedef struct {
	check_run *c;
	xxgk_report *r[CHECK_VERSIONS_CAP];
	size_t count, chosen;
	char body[512];
	int year;
} version_walk;

/* Checks and stores the gathered group, then empties it. */
static int check_version_group(version_walk *v)
{
	int rc = XXGK_OK;
	check_run *c = v->c;
	if (v->count > 1) {
		xxgk_findings f;
		xxgk_findings_init(&f);
		rc = xxgk_check_versions(&f, (const xxgk_report *const *)v->r, v->count, v->chosen, c->rules);
		const xxgk_report *r = v->r[v->chosen];
		if (rc == XXGK_OK)
			rc = check_finish(c, r, r->source_name ? r->source_name : r->sha256, &f, 0);
		if (rc == XXGK_OK && f.count)
			rc = xxgk_store_put_findings(c->store, r->sha256, f.items, f.count, false, &c->err);
		xxgk_findings_free(&f);
	}
	for (size_t i = 0; i < v->count; i++)
		xxgk_report_free(v->r[i]);
	v->count = v->chosen = 0;
	return rc;
}

static int check_version_one(const char *sha, const char *body, int year, bool chosen, void *vctx)
{
	version_walk *v = vctx;
	int rc = XXGK_OK;
	if (v->count && (year != v->year || strcmp(body ? body : "", v->body) != 0))
		rc = check_version_group(v);
	if (rc != XXGK_OK)
		return rc;
	snprintf(v->body, sizeof v->body, "%s", body ? body : "");
	v->year = year;
	if (v->count == CHECK_VERSIONS_CAP)
		return XXGK_OK;   /* more versions than anyone publishes: the first ones are compared */
	xxgk_report *r = NULL;
	if (xxgk_store_get(v->c->store, sha, &r, &v->c->err) != XXGK_OK || !r)
		return XXGK_EDB;
	if (chosen)
		v->chosen = v->count;
	v->r[v->count++] = r;
	return XXGK_OK;
}

/* The time of this check: now, or SOURCE_DATE_EPOCH for reproducible runs and tests. */
static void check_now(char out[32])
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	char *end = NULL;
	long long v = e ? strtoll(e, &end, 10) : 0;
	time_t t = e && end != e && !*end ? (time_t)v : time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static bool check_is_date(const char *s)
{
	/* YYYY-MM-DD, optionally with a time */
	for (int i = 0; i < 10; i++)
		if (!s[i] || (i == 4 || i == 7 ? s[i] != '-' : (s[i] < '0' || s[i] > '9')))
			return false;
	return s[10] == '\0' || s[10] == 'T' || s[10] == ' ';
}

/* new / fixed / still open since an earlier state, printed and put in the review */
static int check_changes(check_run *c, const char *since, const xxgk_tracked_list *before,
			 const xxgk_tracked_list *now)
{
	xxgk_track_changes ch;
	if (xxgk_track_compare(&ch, before, now) != XXGK_OK)
		return XXGK_ENOMEM;
	int rc = XXGK_OK;
	if (c->review)
		rc = xxgk_review_set_changes(c->review, since, before, now, &ch);
	if (c->json) {
		static const char *const kinds[] = { "new", "fixed", "open" };
		for (int k = 0; k < 3; k++) {
			size_t n = k == 0 ? ch.added_count : k == 1 ? ch.fixed_count : ch.still_count;
			for (size_t i = 0; i < n; i++) {
				const xxgk_tracked *t = k == 0 ? &now->items[ch.added[i]] : k == 1 ? &before->items[ch.fixed[i]]
								: &now->items[ch.still[i]];
				printf("{\"schema\":\"xxgk.change/1\",\"change\":\"%s\",\"id\":\"%s\",\"body\":", kinds[k], t->id);
				cli_json_text(t->body_key);
				fputs(",\"agency\":", stdout);
				cli_json_text(t->agency_name);
				printf(",\"year\":%d,\"rule\":", t->year);
				cli_json_text(t->rule);
				printf(",\"severity\":\"%s\",\"status\":\"%s\",\"message\":", xxgk_severity_name(t->severity),
				       xxgk_status_name(t->status));
				cli_json_text(t->message);
				fputs("}\n", stdout);
			}
		}
	} else {
		if (!strcmp(since, "last"))
			printf("与上次审核相比：新发现 %zu 项，已消除 %zu 项，仍存在 %zu 项\n", ch.added_count, ch.fixed_count,
			       ch.still_count);
		else
			printf("与 %s 相比：新发现 %zu 项，已消除 %zu 项，仍存在 %zu 项\n", since, ch.added_count,
			       ch.fixed_count, ch.still_count);
		for (int k = 0; k < 2 && !c->quiet; k++) {
			size_t n = k == 0 ? ch.added_count : ch.fixed_count;
			for (size_t i = 0; i < n; i++) {
				const xxgk_tracked *t = k == 0 ? &now->items[ch.added[i]] : &before->items[ch.fixed[i]];
				printf("  %s  %s %d年度  %-22s %s\n", k == 0 ? "新发现" : "已消除",
				       t->agency_name[0] ? t->agency_name : t->body_key, t->year, t->rule, t->message);
			}
		}
	}
	xxgk_track_changes_free(&ch);
	return rc;
}

static void check_unmatched(const char *message, void *ctx)
{
	(void)ctx;
	fprintf(stderr, "%s\n", message);
}

/* --csv FILE: the problems list in FILE, the other sheets beside it (FILE-汇总.csv …). */
static int check_write_csv(const xxgk_workbook *wb, const char *path, int headers, xxgk_error *err)
{
	size_t plen = strlen(path);
	const char *dot = plen > 4 && !strcmp(path + plen - 4, ".csv") ? path + plen - 4 : path + plen;
	int rc = XXGK_OK;
	for (size_t i = 0; i < wb->sheet_count && rc == XXGK_OK; i++) {
		const xxgk_wb_sheet *s = &wb->sheets[i];
		bool problems = !strcmp(s->name[0], xxgk_review_problem_sheet[0]);
		char name[4096], tmp[4200];
		if (problems)
			snprintf(name, sizeof name, "%s", path);
		else
			snprintf(name, sizeof name, "%.*s-%s.csv", (int)(dot - path), path, s->name[headers]);
		snprintf(tmp, sizeof tmp, "%s.tmp.XXXXXX", name);
		int fd = mkstemp(tmp);
		FILE *out = fd >= 0 ? fdopen(fd, "wb") : NULL;
		if (!out) {
			rc = xxgk_error_set(err, XXGK_EIO, 0, 0, "%s: %s", name, strerror(errno));
			if (fd >= 0)
				close(fd), unlink(tmp);
			break;
		}
		mode_t mask = umask(0);
		umask(mask);
		fchmod(fd, 0666 & ~mask);
		rc = xxgk_wb_sheet_write_csv(s, out, headers, err);
		if (fclose(out) != 0 && rc == XXGK_OK)
			rc = xxgk_error_set(err, XXGK_EIO, 0, 0, "%s: %s", name, strerror(errno));
		if (rc == XXGK_OK && rename(tmp, name) != 0)
			rc = xxgk_error_set(err, XXGK_EIO, 0, 0, "%s: %s", name, strerror(errno));
		if (rc != XXGK_OK)
			unlink(tmp);
		else if (!problems)
			fprintf(stderr, _("xxgk check: wrote %s\n"), name);
	}
	return rc;
}

/* Reports of `check FILE|DIR…`, in the order the loader gives them. */
typedef struct {
	xxgk_report **r;
	char **path;
	char **body;          /* each report's body key */
	size_t count, cap;
} check_files;

static void check_files_free(check_files *f)
{
	for (size_t i = 0; i < f->count; i++) {
		xxgk_report_free(f->r[i]);
		free(f->path[i]);
		free(f->body[i]);
	}
	free(f->r);
	free(f->path);
	free(f->body);
}

static int check_on_report(xxgk_report *r, const char *path, void *ctx)
{
	check_files *f = ctx;
	if (f->count == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 64;
		xxgk_report **nr = realloc(f->r, cap * sizeof *nr);
		char **np = nr ? realloc(f->path, cap * sizeof *np) : NULL;
		char **nb = np ? realloc(f->body, cap * sizeof *nb) : NULL;
		if (nr)
			f->r = nr;
		if (np)
			f->path = np;
		if (nb)
			f->body = nb;
		if (!nb) {
			xxgk_report_free(r);
			return XXGK_ENOMEM;
		}
		f->cap = cap;
	}
	char key[512];
	xxgk_report_body_key(key, sizeof key, r);
	f->r[f->count] = r;
	f->path[f->count] = malloc(strlen(path) + 1);
	f->body[f->count] = malloc(strlen(key) + 1);
	if (f->path[f->count])
		memcpy(f->path[f->count], path, strlen(path) + 1);
	if (f->body[f->count])
		memcpy(f->body[f->count], key, strlen(key) + 1);
	f->count++;
	return f->path[f->count - 1] && f->body[f->count - 1] ? XXGK_OK : XXGK_ENOMEM;
}

static void check_on_load_event(const xxgk_load_event *ev, void *ctx)
{
	int *failed = ctx;
	if (ev->kind == XXGK_LOAD_EVENT_FAILED || ev->kind == XXGK_LOAD_EVENT_SKIPPED) {
		fprintf(stderr, "%s\n", ev->message);
		(*failed)++;
	}
}

/* Lists and parses the operands (files, or folders walked as `xxgk load` walks them). */
static int check_read_files(check_files *out, char **paths, int n, xxgk_gazetteer **gaz, int *failed)
{
	xxgk_error err;
	if (xxgk_gazetteer_load(gaz, xxgk_gazetteer_default_dir(), &err) != XXGK_OK)
		cli_error(&cli_check, _("bodies are not placed in regions: %s"), err.message);
	xxgk_load_options o = XXGK_LOAD_OPTIONS_INIT;
	o.gazetteer = *gaz;
	o.on_event = check_on_load_event;
	o.event_ctx = failed;
	o.on_report = check_on_report;
	o.report_ctx = out;
	xxgk_loader *l = NULL;
	int rc = xxgk_loader_new(&l, NULL, &o, &err);
	for (int i = 0; rc == XXGK_OK && i < n; i++) {
		rc = xxgk_loader_add(l, paths[i], &err);
		if (rc == XXGK_EIO) {   /* a path that is not there: named, the others go on */
			fprintf(stderr, "%s\n", err.message);
			(*failed)++;
			rc = XXGK_OK;
		}
	}
	xxgk_load_summary sum;
	if (rc == XXGK_OK)
		rc = xxgk_loader_run(l, &sum, &err);
	xxgk_loader_free(l);
	if (rc != XXGK_OK && rc != XXGK_ENOMEM)
		cli_error(&cli_check, "%s", err.message);
	/* nothing to work on (exit 3, as every command): empty folders only */
	if (rc == XXGK_OK && !sum.files && !sum.skipped && !*failed) {
		cli_error(&cli_check, _("no report files in the paths given"));
		rc = XXGK_EINVAL;
	}
	return rc;
}

/* Reports sorted by body and year (then given order), so years and versions are neighbours. */
typedef struct {
	const char *body;
	int year;
	size_t index;
} check_key;

static int check_key_cmp(const void *a, const void *b)
{
	const check_key *x = a, *y = b;
	int d = strcmp(x->body, y->body);
	if (!d)
		d = x->year - y->year;
	return d ? d : x->index < y->index ? -1 : x->index > y->index;
}

static int check_files_run(check_run *c, const check_files *fs, xxgk_copies *copies, xxgk_findings *cf,
			   const xxgk_rules *rules)
{
	size_t n = fs->count;
	check_key *k = malloc((n ? n : 1) * sizeof *k);
	if (!k)
		return XXGK_ENOMEM;
	for (size_t i = 0; i < n; i++)
		k[i] = (check_key){ fs->body[i], fs->r[i]->year, i };
	qsort(k, n, sizeof *k, check_key_cmp);
	size_t *pos = malloc((n ? n : 1) * sizeof *pos);
	check_key *by_sha = malloc((n ? n : 1) * sizeof *by_sha);
	if (!pos || !by_sha) {
		free(k);
		free(pos);
		free(by_sha);
		return XXGK_ENOMEM;
	}
	for (size_t s = 0; s < n; s++)
		pos[k[s].index] = s;
	int rc = XXGK_OK;
	/* rules of each report, in the order given, and against the same body's previous year
	   (any version of it): its neighbours in body and year order */
	for (size_t i = 0; i < n && rc == XXGK_OK; i++) {
		size_t s = pos[i];
		xxgk_findings f;
		xxgk_findings_init(&f);
		rc = xxgk_check_report_with(&f, fs->r[i], rules);
		for (size_t t = s; rc == XXGK_OK && t-- > 0 && !strcmp(k[t].body, k[s].body) && k[t].year + 1 >= k[s].year;)
			if (k[t].year + 1 == k[s].year)
				rc = xxgk_check_years_with(&f, fs->r[k[t].index], fs->r[i], rules);
		if (rc == XXGK_OK)
			rc = xxgk_copies_add(copies, fs->r[i], fs->body[i]);
		if (rc == XXGK_OK && c->review)
			rc = xxgk_review_add_report(c->review, fs->r[i], fs->body[i]);
		if (rc == XXGK_OK)
			rc = check_finish(c, fs->r[i], fs->path[i], &f, 0);
		c->reports++;
		xxgk_findings_free(&f);
	}
	/* versions: files of one body and year with different contents */
	for (size_t s = 0; s < n && rc == XXGK_OK;) {
		size_t e = s;
		while (e < n && !strcmp(k[e].body, k[s].body) && k[e].year == k[s].year)
			e++;
		if (e - s >= 2) {
			const xxgk_report *group[16];
			size_t g = 0, chosen = 0;
			for (size_t t = s; t < e && g < 16; t++) {
				const xxgk_report *r = fs->r[k[t].index];
				/* the version a reader sees: the latest published, else the last given */
				if (!g || strcmp(r->published, group[chosen]->published) >= 0)
					chosen = g;
				group[g++] = r;
			}
			rc = xxgk_check_versions(cf, group, g, chosen, rules);
		}
		s = e;
	}
	free(k);
	free(pos);
	if (rc == XXGK_OK)
		rc = xxgk_copies_find(copies, cf);
	if (rc == XXGK_OK)
		rc = xxgk_findings_apply_rules(cf, 0, rules);
	/* versions and copies: each said of its report, found by hash */
	for (size_t i = 0; i < n; i++)
		by_sha[i] = (check_key){ fs->r[i]->sha256, 0, i };
	qsort(by_sha, n, sizeof *by_sha, check_key_cmp);
	for (size_t j = 0; rc == XXGK_OK && j < cf->count; j++) {
		check_key want = { cf->items[j].report, 0, 0 };
		size_t lo = 0, hi = n;
		while (lo < hi) {   /* the first report with that hash */
			size_t mid = (lo + hi) / 2;
			if (strcmp(by_sha[mid].body, want.body) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < n && !strcmp(by_sha[lo].body, want.body)) {
			size_t i = by_sha[lo].index;
			xxgk_findings one = { &cf->items[j], 1, 1 };
			rc = check_finish(c, fs->r[i], fs->path[i], &one, 0);
		}
	}
	free(by_sha);
	return rc;
}

enum { CHECK_DB, CHECK_JSON, CHECK_WAIVERS, CHECK_CONFIG, CHECK_XLSX, CHECK_CSV, CHECK_HEADERS, CHECK_SINCE,
       CHECK_QUIET };

static const cli_opt check_opts[] = {
	[CHECK_DB] = { "db", 0, "FILE", N_("check the chosen reports of a database and store the findings") },
	[CHECK_JSON] = { "json", 0, NULL, N_("one xxgk.finding/1 object a line") },
	[CHECK_WAIVERS] = { "waivers", 0, "CSV", N_("body,rule,reason lines: accepted issues, shown as waived\n"
						    "(body: region code, agency name as printed, or sha256; rule: id or *);\n"
						    "with --db recorded as the findings' status 豁免") },
	[CHECK_CONFIG] = { "config", 0, "FILE", N_("change rules' severities: a [severity] section of\n"
						   "`rule = error|warning|info|off` lines (the rules: xxgk rules)") },
	[CHECK_XLSX] = { "xlsx", 0, "FILE", N_("write the review workbook (汇总, 问题清单, 规则汇总, 内容雷同, 同比, 变化)") },
	[CHECK_CSV] = { "csv", 0, "FILE", N_("write the problems list as CSV to FILE, the other sheets beside it") },
	[CHECK_HEADERS] = { "headers", 0, "zh|en", N_("sheet names and column headers in Chinese (default) or English") },
	[CHECK_SINCE] = { "since", 0, "WHEN", N_("with --db: what is new, fixed and still open since WHEN: last (the\n"
						 "previous check), a date (2025-03-01) or another database") },
	[CHECK_QUIET] = { "quiet", 'q', NULL, N_("no finding on standard output, only the totals") },
	{ NULL, 0, NULL, NULL },
};

const cli_command cli_check = {
	.name = "check",
	.synopsis = N_("[OPTIONS] (--db FILE | PATH...)"),
	.summary = N_("the 勾稽 rules and other checks, on files or a database"),
	.text = N_("Checks reports: the 勾稽 rules of table 3 (一+二=三+四, row and results totals),\n"
		   "table 4's totals, blank and \"/\" cells, lost cells, the template, missing parts,\n"
		   "figures in the narrative against the tables, fees, last year's carry-over and\n"
		   "documents in force, and copying (内容雷同). docs/checks.md lists every rule.\n"
		   "PATH... are files, or folders walked as `xxgk load` walks them, parsed and checked\n"
		   "in memory (the same body's consecutive years and versions compared); for a\n"
		   "province, load the reports into a database and check --db.\n"
		   "Where relations fail, each finding names the cells most likely wrong (Fellegi-Holt\n"
		   "error localisation) and the value that makes every rule hold.\n"
		   "\n"
		   "Every finding has an id made of its body, year, rule and cell, the same at every\n"
		   "check and after a corrected report is loaded. With --db its status (待整改, 已整改,\n"
		   "豁免, 复核通过) is kept: fill the 状态 column of the workbook and read it back with\n"
		   "`xxgk track` (docs/track.md)."),
	.opts = check_opts,
	.exit_text = N_("errors found (waived ones aside), or some file could not be read"),
	.examples = "xxgk check fixtures/seeds/000_2a68a08fb10c7e43.txt\n"
		    "xxgk check reports/2024/ --xlsx 审核结果.xlsx\n"
		    "xxgk check --db county.db --xlsx 审核结果.xlsx\n"
		    "xxgk check --db county.db --since=last\n"
		    "xxgk check --db county.db --json --waivers accepted.csv",
	.run = cli_cmd_check,
};

int cli_cmd_check(int argc, char **argv)
{
	const char *db = NULL, *xlsx = NULL, *csv = NULL, *since = NULL, *config_path = NULL;
	int headers = XXGK_HEADERS_ZH;
	static const char *const header_langs[] = { "zh", "en", NULL };
	check_run c;
	memset(&c, 0, sizeof c);
	cli_args a;
	int opt;
	cli_args_init(&a, &cli_check, argc, argv);
	while ((opt = cli_args_next(&a)) >= 0) {
		switch (opt) {
		case CHECK_DB: db = a.arg; break;
		case CHECK_JSON: c.json = true; break;
		case CHECK_WAIVERS: c.waivers_path = a.arg; break;
		case CHECK_CONFIG: config_path = a.arg; break;
		case CHECK_XLSX: xlsx = a.arg; break;
		case CHECK_CSV: csv = a.arg; break;
		case CHECK_HEADERS:
			if (cli_arg_choice(&a, header_langs, &headers))
				return CLI_EXIT_USAGE;
			break;
		case CHECK_SINCE: since = a.arg; break;
		case CHECK_QUIET: c.quiet = true; break;
		}
	}
	if (opt != CLI_ARGS_END)
		return cli_args_exit(opt);
	int first = a.first;
	if (!db && first >= argc)
		return cli_usage_error(&cli_check, _("give --db FILE or report files"));
	if (db && first < argc)
		return cli_usage_error(&cli_check, _("give either --db FILE or files, not both"));
	if (since && !db)
		return cli_usage_error(&cli_check, _("--since needs --db: earlier checks are kept in the database"));
	struct stat since_st;
	bool since_db = since && strcmp(since, "last") && !check_is_date(since);
	if (since_db && stat(since, &since_st) != 0)
		return cli_usage_error(&cli_check, _("--since is last, a date (2025-03-01) or a database file, not '%s'"),
				       since);

	char at[32];
	check_now(at);
	c.at = at;
	xxgk_error err;
	int exit_code = CLI_EXIT_OK, failed = 0;
	xxgk_copies *copies = NULL;
	xxgk_findings cf;
	xxgk_findings_init(&cf);
	xxgk_statuses statuses = { 0 };
	xxgk_tracked_list before = { 0 }, now = { 0 };
	xxgk_workbook wb = { 0 };
	xxgk_gazetteer *gaz = NULL;
	xxgk_deadlines *deadlines = NULL;
	xxgk_rules *rules = NULL;
	if (c.waivers_path && xxgk_waivers_load(&c.waivers, c.waivers_path, &err) != XXGK_OK) {
		cli_error(&cli_check, "%s", err.message);
		return CLI_EXIT_TROUBLE;
	}
	if (config_path) {
		char *text = NULL, why[256];
		size_t len = 0;
		int rc = cli_read_file(config_path, 1 << 20, &text, &len, why, sizeof why);
		if (rc != XXGK_OK)
			xxgk_error_set(&err, rc, 0, 0, "%s: %s", config_path, why);
		if (rc == XXGK_OK)
			rc = xxgk_rules_load_default(&rules, &err);
		if (rc == XXGK_OK)
			rc = xxgk_rules_configure(rules, text, len, config_path, &err);
		free(text);
		if (rc != XXGK_OK) {
			cli_error(&cli_check, "%s", err.message);
			exit_code = CLI_EXIT_TROUBLE;
			goto done;
		}
	}
	c.rules = rules;
	if (xxgk_copies_new(&copies) != XXGK_OK || ((xlsx || csv) && xxgk_review_new(&c.review) != XXGK_OK)) {
		cli_error(&cli_check, _("out of memory"));
		exit_code = CLI_EXIT_TROUBLE;
		goto done;
	}
	/* the workbook's 按时 column: each level's deadline (data/deadlines.csv) */
	if (c.review) {
		if (xxgk_deadlines_load(&deadlines, NULL, &err) != XXGK_OK) {
			cli_error(&cli_check, "%s", err.message);
			exit_code = CLI_EXIT_TROUBLE;
			goto done;
		}
		xxgk_review_use_deadlines(c.review, deadlines);
	}

	if (db) {
		db_walk w;
		memset(&w, 0, sizeof w);
		w.c = &c;
		w.copies = copies;
		if (c.review && xxgk_gazetteer_load(&gaz, xxgk_gazetteer_default_dir(), &err) == XXGK_OK)
			xxgk_review_use_gazetteer(c.review, gaz);
		if (xxgk_store_open(&c.store, db, XXGK_STORE_CHECK, &c.err) != XXGK_OK) {
			cli_error(&cli_check, "%s: %s", db, c.err.message);
			exit_code = CLI_EXIT_TROUBLE;
			goto done;
		}
		cli_say_when_waiting(c.store, &cli_check, db);
		int rc = xxgk_store_statuses(c.store, &statuses, &c.err);
		c.statuses = &statuses;
		/* the state to compare with, read before this check changes it */
		if (rc == XXGK_OK && since && !since_db)
			rc = xxgk_store_tracked(c.store, strcmp(since, "last") ? since : NULL, &before, &c.err);
		if (rc == XXGK_OK && since_db) {
			xxgk_store *old = NULL;
			rc = xxgk_store_open(&old, since, XXGK_STORE_READONLY, &c.err);
			if (rc == XXGK_OK)
				rc = xxgk_store_tracked(old, NULL, &before, &c.err);
			xxgk_store_close(old);
			if (rc != XXGK_OK) {
				cli_error(&cli_check, "%s: %s", since, c.err.message);
				exit_code = CLI_EXIT_TROUBLE;
				goto done;
			}
		}
		if (rc == XXGK_OK)
			rc = xxgk_store_begin(c.store, &c.err);
		if (rc == XXGK_OK)
			rc = xxgk_store_each(c.store, true, check_db_one, &w, &c.err);
		xxgk_report_free(w.prev);
		if (rc == XXGK_OK && (rc = xxgk_copies_find(copies, &cf)) == XXGK_ENOMEM)
			xxgk_error_set(&c.err, rc, 0, 0, "out of memory");
		if (rc == XXGK_OK && (rc = xxgk_findings_apply_rules(&cf, 0, rules)) == XXGK_ENOMEM)
			xxgk_error_set(&c.err, rc, 0, 0, "out of memory");
		if (rc == XXGK_OK) {
			/* versions: documents of one body and year with different contents */
			version_walk v;
			memset(&v, 0, sizeof v);
			v.c = &c;
			rc = xxgk_store_each_version(c.store, check_version_one, &v, &c.err);
			if (rc == XXGK_OK)
				rc = check_version_group(&v);
			else
				check_version_group(&v);
		}
		for (size_t i = 0; rc == XXGK_OK && i < cf.count; i++) {
			xxgk_report *r = NULL;
			rc = xxgk_store_get(c.store, cf.items[i].report, &r, &c.err);
			if (rc == XXGK_OK && r) {
				xxgk_findings one = { &cf.items[i], 1, 1 };
				rc = check_finish(&c, r, r->source_name ? r->source_name : r->sha256, &one, 0);
				if (rc == XXGK_OK)
					rc = xxgk_store_put_findings(c.store, cf.items[i].report, &cf.items[i], 1, false, &c.err);
				xxgk_report_free(r);
			}
		}
		if (rc == XXGK_OK)
			rc = xxgk_store_record_check(c.store, at, NULL, &c.err);
		if (rc == XXGK_OK)
			rc = xxgk_store_commit(c.store, &c.err);
		if (rc == XXGK_OK && (since || xlsx || csv)) {
			/* statuses the waivers added, and the state this check left */
			xxgk_statuses_free(&statuses);
			rc = xxgk_store_statuses(c.store, &statuses, &c.err);
			if (rc == XXGK_OK && since)
				rc = xxgk_store_tracked(c.store, NULL, &now, &c.err);
		}
		if (rc != XXGK_OK) {
			xxgk_store_rollback(c.store);
			cli_error(&cli_check, "%s: %s", db, c.err.message[0] ? c.err.message : xxgk_strerror(rc));
			exit_code = CLI_EXIT_TROUBLE;
			goto done;
		}
	} else {
		/* files and folders: parsed by the loader (folders walked, several threads), then
		   rules, years, versions and copies among them */
		check_files cf_files = { NULL, NULL, NULL, 0, 0 };
		int rc = check_read_files(&cf_files, argv + first, argc - first, &gaz, &failed);
		if (rc == XXGK_OK)
			rc = check_files_run(&c, &cf_files, copies, &cf, rules);
		check_files_free(&cf_files);
		if (rc != XXGK_OK) {
			if (rc == XXGK_ENOMEM)
				cli_error(&cli_check, _("out of memory"));
			exit_code = CLI_EXIT_TROUBLE;
			goto done;
		}
	}
	if (since && check_changes(&c, since, &before, &now) != XXGK_OK) {
		cli_error(&cli_check, _("out of memory"));
		exit_code = CLI_EXIT_TROUBLE;
		goto done;
	}
	if (c.review) {
		int rc = xxgk_review_workbook(&wb, c.review, db ? &statuses : NULL);
		if (rc == XXGK_OK && xlsx && (rc = xxgk_workbook_write_xlsx(&wb, xlsx, headers, &err)) == XXGK_OK)
			fprintf(stderr, _("xxgk check: wrote %s\n"), xlsx);
		if (rc == XXGK_OK && csv && (rc = check_write_csv(&wb, csv, headers, &err)) == XXGK_OK)
			fprintf(stderr, _("xxgk check: wrote %s\n"), csv);
		if (rc != XXGK_OK) {
			cli_error(&cli_check, "%s", rc == XXGK_ENOMEM ? _("out of memory") : err.message);
			exit_code = CLI_EXIT_TROUBLE;
			goto done;
		}
	}
	if (c.waivers) {
		size_t unmatched = xxgk_waivers_unmatched(c.waivers, check_unmatched, NULL);
		if (unmatched)
			cli_error(&cli_check, _("%zu waiver rows match no finding (listed above)"), unmatched);
	}
	if (!c.json)
		printf("合计：%zu 份报告，%zu 项错误，%zu 项警告，%zu 项提示，%zu 项已豁免%s\n", c.reports, c.errors,
		       c.warnings, c.infos, c.waived, failed ? "；部分文件无法读取（见上）" : "");
	if (!c.json && c.marked_fixed)
		printf("注意：%zu 项标为已整改或复核通过，但本次审核仍然发现\n", c.marked_fixed);
	if (exit_code == CLI_EXIT_OK && (c.errors || failed))
		exit_code = CLI_EXIT_FINDINGS;
done:
	xxgk_workbook_free(&wb);
	xxgk_gazetteer_free(gaz);
	xxgk_deadlines_free(deadlines);
	xxgk_tracked_list_free(&before);
	xxgk_tracked_list_free(&now);
	xxgk_statuses_free(&statuses);
	xxgk_store_close(c.store);
	xxgk_review_free(c.review);
	xxgk_findings_free(&cf);
	xxgk_copies_free(copies);
	xxgk_waivers_free(c.waivers);
	xxgk_rules_free(rules);
	return exit_code;
}
