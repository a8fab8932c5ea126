/*
 * cmd_report.c — `xxgk report county|agency|outliers`: argument handling
 * only. What goes into a document is composed by the library
 * (xxgk/compose.h), which xxgk_render_pdf() sets on A4 pages.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xxgk/compose.h"
#include "xxgk/render.h"
#include "xxgk/store.h"
#include "cli.h"

/* --deadline may be given once per level. */
#define REPORT_DEADLINES_CAP 8

enum {
	REPORT_DB, REPORT_REGION, REPORT_REPORT, REPORT_YEAR, REPORT_OUTPUT, REPORT_DATE, REPORT_DETERMINISTIC,
	REPORT_ISSUER, REPORT_DOC_NUMBER, REPORT_TO, REPORT_CONTACT, REPORT_RECTIFY_DAYS, REPORT_DEADLINE,
	REPORT_CONFIG, REPORT_LAYOUT
};

static const cli_opt report_opts[] = {
	[REPORT_DB] = { "db", 0, "FILE", N_("the database (default xxgk.db)") },
	[REPORT_REGION] = { "region", 0, "CODE", N_("the region (county: required; outliers: a code prefix)") },
	[REPORT_REPORT] = { "report", 0, "SHA256", N_("agency: the report, by the sha256 of its file") },
	[REPORT_YEAR] = { "year", 0, "Y", N_("the reporting year (default: the latest in the database)") },
	[REPORT_OUTPUT] = { "output", 'o', "FILE.pdf", N_("the PDF to write (required)") },
	[REPORT_DATE] = { "date", 0, "YYYY-MM-DD", N_("成文日期, the date of the document (default: today)") },
	[REPORT_DETERMINISTIC] = { "deterministic", 0, NULL, N_("fixed date and ids: byte-stable output") },
	[REPORT_ISSUER] = { "issuer", 0, "TEXT", N_("落款, the issuing body (e.g. 和田县人民政府办公室)") },
	[REPORT_DOC_NUMBER] = { "doc-number", 0, "TEXT", N_("文号 (e.g. 和政公开办〔2025〕3号)") },
	[REPORT_TO] = { "to", 0, "TEXT", N_("主送, the addressees (e.g. 各乡镇人民政府，县政府各部门)") },
	[REPORT_CONTACT] = { "contact", 0, "TEXT", N_("where rectification is reported (default: the issuer)") },
	[REPORT_RECTIFY_DAYS] = { "rectify-days", 0, "N", N_("整改时限 in working days (default 15)") },
	[REPORT_DEADLINE] = { "deadline", 0, "LEVEL=MM-DD",
			      N_("publication deadline of a level (town, department, county, city, province),\n"
				 "overriding data/deadlines.csv; repeatable") },
	[REPORT_CONFIG] = { "config", 0, "FILE",
			    N_("key = value lines: 落款, 文号, 主送, 联系方式, 整改时限, deadline.LEVEL\n"
			       "(options given as well take precedence)") },
	[REPORT_LAYOUT] = { "layout-json", 0, "FILE", N_("also write the composed layout as JSON (for tests and tools)") },
	{ NULL, 0, NULL, NULL },
};

const cli_command cli_report = {
	.name = "report",
	.synopsis = N_("county   --db FILE --region CODE [--year Y] -o FILE.pdf [OPTIONS]\n"
		       "agency   --db FILE --report SHA256 -o FILE.pdf [OPTIONS]\n"
		       "outliers --db FILE [--region CODE] [--year Y] -o FILE.pdf [OPTIONS]"),
	.summary = N_("PDFs for supervisors: the county 通报, one agency's review, the outliers brief"),
	.text = N_("PDFs for supervisors, set as GB/T 9704 official documents:\n"
		   "  county    the 通报 on a county's (city's, province's) annual reports: key findings, who\n"
		   "            published and when, 本级 and 下属 with the change from last year, every body's\n"
		   "            review result, the problems by kind, a rectification table (单位/问题/整改要求/\n"
		   "            时限/状态), next steps; annexes with the figures and the method\n"
		   "  agency    the review (审查意见) of one report, addressed to its body\n"
		   "  outliers  a brief on the bodies whose figures stand out from all their peers\n"
		   "Problems are the findings `xxgk check --db` stored (waivers included); reports loaded\n"
		   "since the last check are checked on the fly. Outliers are judged against every body of\n"
		   "the same peer group in the database, as `xxgk outliers` judges them."),
	.opts = report_opts,
	.examples = "xxgk report county --db county.db --region 320813 --year 2024 -o 洪泽区2024.pdf\n"
		    "xxgk report county --db county.db --region 653221 --issuer 和田县人民政府办公室 \\\n"
		    "    --doc-number 和政公开办〔2025〕3号 --to 各乡镇人民政府，县政府各部门 -o 通报.pdf\n"
		    "xxgk report outliers --db county.db --region 3208 --year 2024 -o brief.pdf",
	.run = cli_cmd_report,
};

int cli_cmd_report(int argc, char **argv)
{
	const char *db = "xxgk.db", *region = NULL, *sha = NULL, *outp = NULL, *date = NULL, *config = NULL,
		   *layout_json = NULL, *deadlines[REPORT_DEADLINES_CAP];
	size_t ndeadlines = 0;
	int year = 0;
	bool deterministic = false;
	xxgk_compose_options o = XXGK_COMPOSE_OPTIONS_INIT;
	cli_args a;
	int opt;
	long v;
	cli_args_init(&a, &cli_report, argc, argv);
	while ((opt = cli_args_next(&a)) >= 0) {
		switch (opt) {
		case REPORT_DB: db = a.arg; break;
		case REPORT_REGION: region = a.arg; break;
		case REPORT_REPORT: sha = a.arg; break;
		case REPORT_OUTPUT: outp = a.arg; break;
		case REPORT_DATE: date = a.arg; break;
		case REPORT_DETERMINISTIC: deterministic = true; break;
		case REPORT_ISSUER: o.issuer = a.arg; break;
		case REPORT_DOC_NUMBER: o.doc_number = a.arg; break;
		case REPORT_TO: o.addressees = a.arg; break;
		case REPORT_CONTACT: o.contact = a.arg; break;
		case REPORT_CONFIG: config = a.arg; break;
		case REPORT_LAYOUT: layout_json = a.arg; break;
		case REPORT_YEAR:
			if (cli_arg_long(&a, 1990, 2100, &v))
				return CLI_EXIT_USAGE;
			year = (int)v;
			break;
		case REPORT_RECTIFY_DAYS:
			if (cli_arg_long(&a, 1, 365, &v))
				return CLI_EXIT_USAGE;
			o.rectify_days = (unsigned)v;
			break;
		case REPORT_DEADLINE:
			if (ndeadlines == REPORT_DEADLINES_CAP)
				return cli_usage_error(&cli_report, _("--deadline at most %d times"), REPORT_DEADLINES_CAP);
			deadlines[ndeadlines++] = a.arg;
			break;
		}
	}
	if (opt != CLI_ARGS_END)
		return cli_args_exit(opt);
	static const char *const kinds[] = { "county", "agency", "outliers", NULL };
	if (cli_args_count(&a) != 1)
		return cli_usage_error(&cli_report, _("give one kind: county, agency or outliers"));
	const char *kind = argv[a.first];
	bool known = false;
	for (int k = 0; kinds[k]; k++)
		known |= !strcmp(kinds[k], kind);
	if (!known) {
		const char *near = cli_closest(kind, kinds);
		if (near)
			return cli_usage_error(&cli_report, _("the kinds are county, agency and outliers, not %s; did you mean %s?"),
					       kind, near);
		return cli_usage_error(&cli_report, _("the kinds are county, agency and outliers, not %s"), kind);
	}
	if (!outp || (!strcmp(kind, "county") && !region) || (!strcmp(kind, "agency") && !sha))
		return cli_usage_error(&cli_report, _("report %s: %s is required"), kind,
				       !outp ? "-o FILE.pdf" : !strcmp(kind, "agency") ? "--report SHA256" : "--region CODE");
	char today[16];
	if (date) {
		snprintf(today, sizeof today, "%s", date);
	} else if (deterministic) {
		snprintf(today, sizeof today, "2026-01-01");
	} else {
		time_t t = time(NULL);
		struct tm tm;
		localtime_r(&t, &tm);
		strftime(today, sizeof today, "%Y-%m-%d", &tm);
	}
	o.date = today;

	int exit_code = CLI_EXIT_TROUBLE, rc;
	xxgk_error err;
	xxgk_deadlines *dl = NULL;
	xxgk_compose_config *cfg = NULL;
	xxgk_store *s = NULL;
	xxgk_layout *l = NULL;
	if ((rc = xxgk_deadlines_load(&dl, NULL, &err)) != XXGK_OK ||
	    (config && ((rc = xxgk_compose_config_load(&cfg, config, &err)) != XXGK_OK ||
			(rc = xxgk_compose_config_apply(cfg, &o, dl, &err)) != XXGK_OK))) {
		cli_error(&cli_report, "%s", err.message);
		goto done;
	}
	for (size_t i = 0; i < ndeadlines; i++)
		if (xxgk_deadlines_set(dl, deadlines[i], &err) != XXGK_OK) {
			exit_code = cli_usage_error(&cli_report, "%s", err.message);
			goto done;
		}
	o.deadlines = dl;
	if (xxgk_store_open(&s, db, XXGK_STORE_READONLY, &err) != XXGK_OK) {
		cli_error(&cli_report, "%s: %s", db, err.message);
		goto done;
	}
	int y = year;
	if (!y && xxgk_store_latest_year(s, &y, &err) != XXGK_OK) {
		cli_error(&cli_report, "%s: %s", db, err.message);
		goto done;
	}
	if (strcmp(kind, "agency") != 0 && xxgk_store_unchecked(s, region, y, y) != 0)
		cli_error(&cli_report, _("%s: reports loaded since the last `xxgk check --db`; checking them now "
					 "(run it to store the findings and waivers)"), db);
	xxgk_doc_scope scope = { !strcmp(kind, "county")   ? XXGK_DOC_COUNTY
				 : !strcmp(kind, "agency") ? XXGK_DOC_AGENCY
							   : XXGK_DOC_OUTLIERS,
				 region, sha, year };
	rc = xxgk_compose_document(&l, s, &scope, &o, &err);
	if (rc != XXGK_OK) {
		cli_error(&cli_report, "%s", err.message);
		goto done;
	}
	if (layout_json) {
		char *json = NULL;
		FILE *f = NULL;
		bool ok = xxgk_layout_to_json(&json, l) == XXGK_OK && (f = fopen(layout_json, "wb")) != NULL &&
			  fputs(json, f) >= 0;
		ok = (f ? fclose(f) == 0 : false) && ok;
		free(json);
		if (!ok) {
			cli_error(&cli_report, _("%s: cannot write the layout"), layout_json);
			goto done;
		}
	}
	xxgk_render_options ro = { .created = today, .deterministic = deterministic };
	size_t missing = 0;
	if (xxgk_render_pdf(l, outp, &ro, &missing, &err) != XXGK_OK) {
		cli_error(&cli_report, "%s: %s", outp, err.message);
		goto done;
	}
	if (missing)
		cli_error(&cli_report, _("%s: characters no font has, shown as □: %zu"), outp, missing);
	cli_error(&cli_report, _("wrote %s"), outp);
	exit_code = CLI_EXIT_OK;
done:
	xxgk_layout_free(l);
	xxgk_store_close(s);
	xxgk_compose_config_free(cfg);
	xxgk_deadlines_free(dl);
	return exit_code;
}
