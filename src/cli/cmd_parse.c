/*
 * cmd_parse.c — `xxgk parse [--json] PATH...`: every file is attempted (a
 * folder's files in name order, walked as `load` walks it); a
 * failure is one line on stderr (`file:line: reason`) and makes the exit code
 * 1, and never leaves partial output on stdout.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "xxgk/json.h"
#include "xxgk/load.h"
#include "xxgk/parse.h"
#include "xxgk/region.h"
#include "cli.h"

enum { PARSE_JSON, PARSE_PRETTY, PARSE_MANIFEST, PARSE_GAZETTEER, PARSE_NO_REGIONS };

static const cli_opt parse_opts[] = {
	[PARSE_JSON] = { "json", 0, NULL, N_("one xxgk.report/1 object per line (JSON Lines), for `xxgk load` or jq") },
	[PARSE_PRETTY] = { "pretty", 0, NULL, N_("with --json: indented, one object after another") },
	[PARSE_MANIFEST] = { "manifest", 0, "CSV", N_("file,region_code,level lines that place bodies the text cannot\n"
						      "(matched by file name; they override what the parser found)") },
	[PARSE_GAZETTEER] = { "gazetteer", 0, "DIR", N_("the region tables (default: $XXGK_DATA_DIR/gazetteer or the\n"
							"installed ones)") },
	[PARSE_NO_REGIONS] = { "no-regions", 0, NULL, N_("do not place bodies in regions") },
	{ NULL, 0, NULL, NULL },
};

const cli_command cli_parse = {
	.name = "parse",
	.synopsis = N_("[OPTIONS] PATH..."),
	.summary = N_("read reports and print their tables (--json for JSON Lines)"),
	.text = N_("Reads government information-disclosure annual reports (政府信息公开工作年度报告)\n"
		   "and prints their three tables: 表二 主动公开, 表三 依申请公开, 表四 复议诉讼.\n"
		   "Input: plain text, Markdown, tab- or pipe-separated tables, HTML pages, PDF (its\n"
		   "text layer, columns from the characters' positions) and Word .docx; UTF-8, UTF-16\n"
		   "or GB18030/GBK; simplified or traditional script. Scans (PDF, PNG, JPEG, TIFF with\n"
		   "any number of pages): OCR; .doc/.wps are named with a way to convert them. PATH may\n"
		   "be - for standard input, or a folder: every report in it and below, in name order,\n"
		   "as `xxgk load` walks it. A folder whose page images (.png .jpg .jpeg .tif .tiff)\n"
		   "outnumber its other files is one scanned report, its pages in the numeric order of\n"
		   "their names (page-2.png before page-10.png); any other file in it is an error.\n"
		   "\n"
		   "Cells are printed as they are in the document: a blank stays blank (空), a slash\n"
		   "stays n/a (/); a number lost in conversion is filled (marked *) only when the\n"
		   "report's own rules allow exactly one value. Warnings name the line."),
	.opts = parse_opts,
	.exit_text = N_("some file could not be read or is not a report (one line each on stderr)"),
	.examples = "xxgk parse fixtures/seeds/000_2a68a08fb10c7e43.txt\n"
		    "xxgk parse fixtures/pdf/huaian_2024.pdf\n"
		    "xxgk parse scans/huaian-2024/      (page-1.png, page-2.png, … : one report)\n"
		    "xxgk parse --json reports/2024/ > parsed.jsonl",
	.run = cli_cmd_parse,
};

/* A manifest row no file matched: named, so a misspelt file name is seen. */
static void parse_unmatched(const char *message, void *ctx)
{
	(void)ctx;
	fprintf(stderr, "%s\n", message);
}

typedef struct {
	bool json, pretty;
	const xxgk_gazetteer *gaz;
	const xxgk_manifest *manifest;
	size_t files, failed;
} parse_run;

/* One file: its tables on standard output, or one line on standard error. */
static void parse_one(parse_run *run, const char *path)
{
	run->files++;
	xxgk_report *r = NULL;
	xxgk_error err;
	int rc = cli_parse_path(&r, path, run->gaz);
	if (rc != XXGK_OK) {
		run->failed++;
		return;
	}
	const char *code;
	int level;
	if (run->gaz && xxgk_manifest_lookup(run->manifest, path, &code, &level) &&
	    xxgk_region_assign(r, run->gaz, code, level, &err) != XXGK_OK) {
		fprintf(stderr, "%s: manifest: %s\n", path, err.message);
		xxgk_report_free(r);
		run->failed++;
		return;
	}
	if (run->json) {
		char *s = NULL;
		rc = xxgk_report_to_json(&s, r, run->pretty);
		if (rc != XXGK_OK) {
			fprintf(stderr, "%s: %s\n", path, xxgk_strerror(rc));
			run->failed++;
		} else {
			fputs(s, stdout);
			fputc('\n', stdout);
			free(s);
		}
	} else {
		cli_print_report(stdout, r, path);
	}
	xxgk_report_free(r);
}

/* The loader lists a folder's files (load's and check's walk); parse never runs it. */
static int parse_no_report(xxgk_report *r, const char *path, void *ctx)
{
	(void)path;
	(void)ctx;
	xxgk_report_free(r);
	return 0;
}

static void parse_on_event(const xxgk_load_event *ev, void *ctx)
{
	(void)ctx;
	if (ev->kind == XXGK_LOAD_EVENT_SKIPPED)
		fprintf(stderr, "%s (skipped)\n", ev->message);
}

/* A folder: every report file in it and below, in name order, as `load` and `check` walk it.
   Parse output (.json, .jsonl) is `load`'s input, not a report: told and left. */
static int parse_folder(parse_run *run, const char *dir)
{
	xxgk_load_options o = XXGK_LOAD_OPTIONS_INIT;
	o.on_report = parse_no_report;
	o.on_event = parse_on_event;
	xxgk_loader *l = NULL;
	xxgk_error err;
	int rc = xxgk_loader_new(&l, NULL, &o, &err);
	if (rc == XXGK_OK)
		rc = xxgk_loader_add(l, dir, &err);
	if (rc != XXGK_OK) {
		cli_error(&cli_parse, "%s", err.message);
		xxgk_loader_free(l);
		return CLI_EXIT_TROUBLE;
	}
	size_t n = 0;
	const char *const *files = xxgk_loader_files(l, &n);
	if (n == 0)
		fprintf(stderr, _("%s: no report and no page image in the folder\n"), dir);
	for (size_t i = 0; i < n; i++) {
		const char *dot = strrchr(files[i], '.');
		if (dot && (!strcmp(dot, ".json") || !strcmp(dot, ".jsonl")))
			fprintf(stderr, _("%s: parse output, read by xxgk load (skipped)\n"), files[i]);
		else
			parse_one(run, files[i]);
	}
	xxgk_loader_free(l);
	return CLI_EXIT_OK;
}

int cli_cmd_parse(int argc, char **argv)
{
	bool json = false, pretty = false, regions = true;
	const char *gaz_dir = NULL, *manifest_path = NULL;
	cli_args a;
	int o;
	cli_args_init(&a, &cli_parse, argc, argv);
	while ((o = cli_args_next(&a)) >= 0) {
		switch (o) {
		case PARSE_JSON: json = true; break;
		case PARSE_PRETTY: pretty = true; break;
		case PARSE_MANIFEST: manifest_path = a.arg; break;
		case PARSE_GAZETTEER: gaz_dir = a.arg; break;
		case PARSE_NO_REGIONS: regions = false; break;
		}
	}
	if (o != CLI_ARGS_END)
		return cli_args_exit(o);
	int first = a.first;
	if (first >= argc)
		return cli_usage_error(&cli_parse, _("no FILE given"));
	xxgk_gazetteer *gaz = NULL;
	xxgk_manifest *manifest = NULL;
	if (regions) {
		xxgk_error gerr;
		const char *dir = gaz_dir ? gaz_dir : xxgk_gazetteer_default_dir();
		if (xxgk_gazetteer_load(&gaz, dir, &gerr) != XXGK_OK) {
			if (gaz_dir) {
				cli_error(&cli_parse, "%s", gerr.message);
				return CLI_EXIT_TROUBLE;
			}
			cli_error(&cli_parse, _("bodies are not placed in regions: %s"), gerr.message);
		}
	}
	if (manifest_path) {
		xxgk_error merr;
		if (xxgk_manifest_load(&manifest, manifest_path, &merr) != XXGK_OK) {
			cli_error(&cli_parse, "%s", merr.message);
			xxgk_gazetteer_free(gaz);
			return CLI_EXIT_TROUBLE;
		}
	}
	parse_run run = { json, pretty, gaz, manifest, 0, 0 };
	int exit_code = CLI_EXIT_OK;
	for (int i = first; i < argc && exit_code == CLI_EXIT_OK; i++) {
		struct stat st;
		if (strcmp(argv[i], "-") && stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
			exit_code = parse_folder(&run, argv[i]);
		else
			parse_one(&run, argv[i]);
	}
	xxgk_gazetteer_free(gaz);
	if (manifest)
		xxgk_manifest_unmatched(manifest, parse_unmatched, NULL);
	xxgk_manifest_free(manifest);
	if (exit_code != CLI_EXIT_OK)
		return exit_code;
	if (run.failed && run.files > 1)
		cli_error(&cli_parse, _("%zu of %zu files failed"), run.failed, run.files);
	if (!run.files) {
		cli_error(&cli_parse, _("no report files in the paths given"));
		return CLI_EXIT_TROUBLE;
	}
	return run.failed ? CLI_EXIT_FINDINGS : CLI_EXIT_OK;
}
