/*
 * cmd_check.c — `xxgk check [--db FILE | FILE...]`: the 勾稽 rules and the
 * other checks (docs/checks.md), grouped by body in Chinese, or one
 * `xxgk.finding/1` a line with --json. With --db the findings are stored
 * with their reports (a run replaces the last run's). Exit status 1 when an
 * error is found (waived ones aside), so a script can stop on it.
 */
#include <stdlib.h>
#include <string.h>

#include "xxgk/check.h"
#include "xxgk/parse.h"
#include "xxgk/region.h"
#include "xxgk/rules.h"
#include "xxgk/store.h"
#include "cli.h"
#include "../common/common_int.h"

typedef struct {
	bool json;
	const xxgk_waivers *waivers;
	const xxgk_rules *rules;
	size_t reports, errors, warnings, infos, waived;
} check_out;

static const char *check_sev_zh(int sev)
{
	return sev == XXGK_SEV_ERROR ? "错误" : sev == XXGK_SEV_WARNING ? "警告" : "提示";
}

static void check_print(check_out *o, const xxgk_report *r, const char *file, const xxgk_findings *f,
			size_t from)
{
	if (from >= f->count && !o->json)
		return;
	if (!o->json && from < f->count) {
		printf("== %s · %d年度", r->agency_name ? r->agency_name : "(未识别机关)", r->year);
		if (r->region_code)
			printf(" · %s", r->region_code);
		printf(" · %s\n", file);
	}
	for (size_t i = from; i < f->count; i++) {
		const xxgk_finding *x = &f->items[i];
		if (x->waived)
			o->waived++;
		else if (x->severity == XXGK_SEV_ERROR)
			o->errors++;
		else if (x->severity == XXGK_SEV_WARNING)
			o->warnings++;
		else
			o->infos++;
		if (o->json) {
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
		printf("  %s  %-22s %s%s\n", x->waived ? "豁免" : check_sev_zh(x->severity), x->rule, line, x->message);
		if (x->fix[0])
			printf("        %s\n", x->fix);
		if (x->waived)
			printf("        已豁免：%s\n", x->waiver);
	}
}

static void check_body_key(char *out, size_t cap, const xxgk_report *r)
{
	if (r->region_code && r->level == XXGK_LEVEL_DEPARTMENT)
		snprintf(out, cap, "%s|%s", r->region_code, r->agency_name ? r->agency_name : "");
	else if (r->region_code)
		snprintf(out, cap, "%s", r->region_code);
	else
		snprintf(out, cap, "name:%s", r->agency_name ? r->agency_name : r->sha256);
}

typedef struct {
	xxgk_store *store;
	xxgk_gazetteer *gaz;
	check_out *o;
	xxgk_copies *copies;
	xxgk_report *prev;
	char prev_body[512];
	int rc;
	xxgk_error err;
} db_walk;

static int check_db_one(const char *sha, const char *body, int year, void *vctx)
{
	db_walk *w = vctx;
	xxgk_report *r = NULL;
	(void)year;
	if (xxgk_store_get(w->store, sha, &r, &w->err) != XXGK_OK || !r)
		return w->rc = XXGK_EDB;
	xxgk_findings f;
	xxgk_findings_init(&f);
	int rc = xxgk_check_report_with(&f, r, w->o->rules);
	if (rc == XXGK_OK && w->prev && body && strcmp(body, w->prev_body) == 0 && w->prev->year + 1 == r->year)
		rc = xxgk_check_years_with(&f, w->prev, r, w->o->rules);
	if (rc == XXGK_OK)
		rc = xxgk_copies_add(w->copies, r, body);
	xxgk_waivers_apply(w->o->waivers, r, &f, 0);
	if (rc == XXGK_OK)
		rc = xxgk_store_put_findings(w->store, sha, f.items, f.count, true, &w->err);
	w->o->reports++;
	check_print(w->o, r, r->source_name ? r->source_name : sha, &f, 0);
	xxgk_findings_free(&f);
	xxgk_report_free(w->prev);
	w->prev = r;
	snprintf(w->prev_body, sizeof w->prev_body, "%s", body ? body : "");
	return w->rc = rc;
}

/* Versions of one body-year from the store, gathered for xxgk_check_versions(). */
#define CHECK_VERSIONS_CAP 16
typedef struct {
	xxgk_store *store;
	check_out *o;
	xxgk_report *r[CHECK_VERSIONS_CAP];
	size_t count, chosen;
	char body[512];
	int year;
	xxgk_error err;
} version_walk;

/* Checks and stores the gathered group, then empties it. */
static int check_version_group(version_walk *v)
{
	int rc = XXGK_OK;
	if (v->count > 1) {
		xxgk_findings f;
		xxgk_findings_init(&f);
		rc = xxgk_check_versions(&f, (const xxgk_report *const *)v->r, v->count, v->chosen, v->o->rules);
		const xxgk_report *c = v->r[v->chosen];
		xxgk_waivers_apply(v->o->waivers, c, &f, 0);
		if (rc == XXGK_OK && f.count)
			rc = xxgk_store_put_findings(v->store, c->sha256, f.items, f.count, false, &v->err);
		check_print(v->o, c, c->source_name ? c->source_name : c->sha256, &f, 0);
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
	if (xxgk_store_get(v->store, sha, &r, &v->err) != XXGK_OK || !r)
		return XXGK_EDB;
	if (chosen)
		v->chosen = v->count;
	v->r[v->count++] = r;
	return XXGK_OK;
}

enum { CHECK_DB, CHECK_JSON, CHECK_WAIVERS, CHECK_CONFIG };

static const cli_opt check_opts[] = {
	[CHECK_DB] = { "db", 0, "FILE", N_("check the chosen reports of a database and store the findings") },
	[CHECK_JSON] = { "json", 0, NULL, N_("one xxgk.finding/1 object a line") },
	[CHECK_WAIVERS] = { "waivers", 0, "CSV", N_("body,rule,reason lines: accepted issues, shown as waived\n"
						    "(body: region code, agency name as printed, or sha256; rule: id or *)") },
	[CHECK_CONFIG] = { "config", 0, "FILE", N_("change rules' severities: a [severity] section of\n"
						   "`rule = error|warning|info|off` lines (the rules: xxgk rules)") },
	{ NULL, 0, NULL, NULL },
};

const cli_command cli_check = {
	.name = "check",
	.synopsis = N_("[OPTIONS] (--db FILE | FILE...)"),
	.summary = N_("the 勾稽 rules and other checks, on files or a database"),
	.text = N_("Checks reports: the 勾稽 rules of table 3 (一+二=三+四, row and results totals),\n"
		   "table 4's totals, blank and \"/\" cells, lost cells, the template, missing parts,\n"
		   "figures in the narrative against the tables, fees, last year's carry-over and\n"
		   "documents in force, and copying (内容雷同). docs/checks.md lists every rule.\n"
		   "FILE... are parsed and checked (the same body's consecutive years are compared).\n"
		   "Where relations fail, each finding names the cells most likely wrong (Fellegi-Holt\n"
		   "error localisation) and the value that makes every rule hold."),
	.opts = check_opts,
	.exit_text = N_("errors found (waived ones aside), or some file could not be read"),
	.examples = "xxgk check fixtures/seeds/000_2a68a08fb10c7e43.txt\n"
		    "xxgk check --db county.db\n"
		    "xxgk check --db county.db --json --waivers accepted.csv",
	.run = cli_cmd_check,
};

int cli_cmd_check(int argc, char **argv)
{
	const char *db = NULL, *waivers_path = NULL, *config_path = NULL;
	check_out o;
	memset(&o, 0, sizeof o);
	cli_args a;
	int opt;
	cli_args_init(&a, &cli_check, argc, argv);
	while ((opt = cli_args_next(&a)) >= 0) {
		switch (opt) {
		case CHECK_DB: db = a.arg; break;
		case CHECK_JSON: o.json = true; break;
		case CHECK_WAIVERS: waivers_path = a.arg; break;
		case CHECK_CONFIG: config_path = a.arg; break;
		}
	}
	if (opt != CLI_ARGS_END)
		return cli_args_exit(opt);
	int first = a.first;
	if (!db && first >= argc)
		return cli_usage_error(&cli_check, _("give --db FILE or report files"));
	if (db && first < argc)
		return cli_usage_error(&cli_check, _("give either --db FILE or files, not both"));
	xxgk_error err;
	xxgk_waivers *waivers = NULL;
	if (waivers_path && xxgk_waivers_load(&waivers, waivers_path, &err) != XXGK_OK) {
		cli_error(&cli_check, "%s", err.message);
		return CLI_EXIT_TROUBLE;
	}
	o.waivers = waivers;
	xxgk_rules *rules = NULL;
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
			xxgk_rules_free(rules);
			xxgk_waivers_free(waivers);
			return CLI_EXIT_TROUBLE;
		}
	}
	o.rules = rules;
	xxgk_copies *copies = NULL;
	if (xxgk_copies_new(&copies) != XXGK_OK) {
		cli_error(&cli_check, _("out of memory"));
		xxgk_waivers_free(waivers);
		xxgk_rules_free(rules);
		return CLI_EXIT_TROUBLE;
	}
	int exit_code = CLI_EXIT_OK, failed = 0;
	xxgk_findings cf;
	xxgk_findings_init(&cf);

	if (db) {
		db_walk w;
		memset(&w, 0, sizeof w);
		w.o = &o;
		w.copies = copies;
		if (xxgk_store_open(&w.store, db, 0, &w.err) != XXGK_OK) {
			cli_error(&cli_check, "%s: %s", db, w.err.message);
			exit_code = CLI_EXIT_TROUBLE;
			goto done;
		}
		int rc = xxgk_store_begin(w.store, &w.err);
		if (rc == XXGK_OK)
			rc = xxgk_store_each(w.store, true, check_db_one, &w, &w.err);
		xxgk_report_free(w.prev);
		if (rc == XXGK_OK)
			rc = xxgk_copies_find(copies, &cf);
		if (rc == XXGK_OK)
			rc = xxgk_findings_apply_rules(&cf, 0, rules);
		if (rc == XXGK_OK) {
			version_walk v;
			memset(&v, 0, sizeof v);
			v.store = w.store;
			v.o = &o;
			rc = xxgk_store_each_version(w.store, check_version_one, &v, &w.err);
			if (rc == XXGK_OK)
				rc = check_version_group(&v);
			else
				check_version_group(&v);
			if (rc != XXGK_OK && v.err.message[0])
				w.err = v.err;
		}
		for (size_t i = 0; rc == XXGK_OK && i < cf.count; i++) {
			rc = xxgk_store_put_findings(w.store, cf.items[i].report, &cf.items[i], 1, false, &w.err);
			xxgk_report *r = NULL;
			if (rc == XXGK_OK && xxgk_store_get(w.store, cf.items[i].report, &r, &w.err) == XXGK_OK && r) {
				xxgk_findings one = { &cf.items[i], 1, 1 };
				xxgk_waivers_apply(waivers, r, &one, 0);
				check_print(&o, r, r->source_name ? r->source_name : r->sha256, &one, 0);
				xxgk_report_free(r);
			}
		}
		if (rc == XXGK_OK)
			rc = xxgk_store_commit(w.store, &w.err);
		if (rc != XXGK_OK) {
			xxgk_store_rollback(w.store);
			cli_error(&cli_check, "%s: %s", db, w.err.message);
			exit_code = CLI_EXIT_TROUBLE;
		}
		xxgk_store_close(w.store);
	} else {
		/* files: parse all, then rules, years and copies among them */
		int n = argc - first;
		xxgk_report **rs = calloc((size_t)n, sizeof *rs);
		xxgk_gazetteer *gaz = NULL;
		if (xxgk_gazetteer_load(&gaz, xxgk_gazetteer_default_dir(), &err) != XXGK_OK)
			cli_error(&cli_check, _("bodies are not placed in regions: %s"), err.message);
		for (int i = 0; rs && i < n; i++) {
			const char *path = argv[first + i];
			char why[256];
			char *buf = NULL;
			size_t len = 0;
			if (cli_read_file(path, XXGK_PARSE_MAX_INPUT, &buf, &len, why, sizeof why) != XXGK_OK) {
				fprintf(stderr, "%s: %s\n", path, why);
				failed++;
				continue;
			}
			const char *base = strrchr(path, '/');
			xxgk_parse_options opts = XXGK_PARSE_OPTIONS_INIT;
			opts.name = base ? base + 1 : path;
			opts.gazetteer = gaz;
			if (xxgk_parse_buffer(&rs[i], buf, len, &opts, &err) != XXGK_OK) {
				if (err.line)
					fprintf(stderr, "%s:%u: %s\n", path, err.line, err.message);
				else
					fprintf(stderr, "%s: %s\n", path, err.message);
				failed++;
			}
			free(buf);
		}
		xxgk_gazetteer_free(gaz);
		for (int i = 0; rs && i < n; i++) {
			if (!rs[i])
				continue;
			xxgk_findings f;
			xxgk_findings_init(&f);
			char body[512], other[512];
			check_body_key(body, sizeof body, rs[i]);
			int rc = xxgk_check_report_with(&f, rs[i], rules);
			for (int j = 0; rc == XXGK_OK && j < n; j++) {
				if (!rs[j] || rs[j]->year + 1 != rs[i]->year)
					continue;
				check_body_key(other, sizeof other, rs[j]);
				if (strcmp(body, other) == 0)
					rc = xxgk_check_years_with(&f, rs[j], rs[i], rules);
			}
			if (rc == XXGK_OK)
				rc = xxgk_copies_add(copies, rs[i], body);
			if (rc == XXGK_OK && i == n - 1)
				rc = XXGK_OK;
			xxgk_waivers_apply(waivers, rs[i], &f, 0);
			o.reports++;
			check_print(&o, rs[i], argv[first + i], &f, 0);
			xxgk_findings_free(&f);
			if (rc != XXGK_OK) {
				cli_error(&cli_check, _("out of memory"));
				exit_code = CLI_EXIT_TROUBLE;
				break;
			}
		}
		/* versions: files of one body and year with different contents */
		for (int i = 0; rs && i < n; i++) {
			if (!rs[i])
				continue;
			char body[512], other[512];
			check_body_key(body, sizeof body, rs[i]);
			const xxgk_report *group[16];
			size_t g = 0, chosen = 0;
			bool first_of_group = true;
			for (int j = 0; j < n && g < 16; j++) {
				if (!rs[j] || rs[j]->year != rs[i]->year)
					continue;
				check_body_key(other, sizeof other, rs[j]);
				if (strcmp(body, other) != 0)
					continue;
				if (j < i)
					first_of_group = false;   /* said at the group's first file */
				/* the version a reader sees: the latest published, else the last given */
				if (!g || strcmp(rs[j]->published, group[chosen]->published) >= 0)
					chosen = g;
				group[g++] = rs[j];
			}
			if (!first_of_group || g < 2)
				continue;
			if (xxgk_check_versions(&cf, group, g, chosen, rules) != XXGK_OK)
				break;
		}
		if (xxgk_copies_find(copies, &cf) == XXGK_OK && xxgk_findings_apply_rules(&cf, 0, rules) == XXGK_OK) {
			for (size_t k = 0; k < cf.count; k++)
				for (int i = 0; rs && i < n; i++)
					if (rs[i] && strcmp(rs[i]->sha256, cf.items[k].report) == 0) {
						xxgk_findings one = { &cf.items[k], 1, 1 };
						xxgk_waivers_apply(waivers, rs[i], &one, 0);
						check_print(&o, rs[i], argv[first + i], &one, 0);
					}
		}
		for (int i = 0; rs && i < n; i++)
			xxgk_report_free(rs[i]);
		free(rs);
	}
	if (!o.json)
		printf("合计：%zu 份报告，%zu 项错误，%zu 项警告，%zu 项提示，%zu 项已豁免%s\n", o.reports, o.errors,
		       o.warnings, o.infos, o.waived, failed ? "；部分文件无法读取（见上）" : "");
	if (exit_code == CLI_EXIT_OK && (o.errors || failed))
		exit_code = CLI_EXIT_FINDINGS;
done:
	xxgk_findings_free(&cf);
	xxgk_copies_free(copies);
	xxgk_waivers_free(waivers);
	xxgk_rules_free(rules);
	return exit_code;
}
