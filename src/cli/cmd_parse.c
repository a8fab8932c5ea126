/*
 * cmd_parse.c — `xxgk parse [--json] FILE...`: every file is attempted; a
 * failure is one line on stderr (`file:line: reason`) and makes the exit code
 * 1, and never leaves partial output on stdout.
 */
#include <stdlib.h>
#include <string.h>

#include "xxgk/json.h"
#include "xxgk/parse.h"
#include "xxgk/region.h"
#include "cli.h"

static void parse_usage(FILE *out)
{
	fputs("usage: xxgk parse [--json] [--pretty] [--manifest CSV] [--gazetteer DIR | --no-regions] FILE...\n"
	      "\n"
	      "Reads government information-disclosure annual reports (政府信息公开工作年度报告)\n"
	      "and prints their three tables: 表二 主动公开, 表三 依申请公开, 表四 复议诉讼.\n"
	      "Input: plain text, Markdown, tab- or pipe-separated tables, HTML pages, PDF (its\n"
	      "text layer, columns from the characters' positions) and Word .docx; UTF-8, UTF-16\n"
	      "or GB18030/GBK; simplified or traditional script. A scanned PDF needs OCR first;\n"
	      ".doc/.wps are named with a way to convert them. FILE may be - for standard input.\n"
	      "\n"
	      "  --json     one xxgk.report/1 object per line (JSON Lines), for `xxgk load` or jq\n"
	      "  --pretty   with --json: indented, one object after another\n"
	      "  --manifest CSV   file,region_code,level lines that place bodies the text cannot\n"
	      "             (matched by file name; they override what the parser found)\n"
	      "  --gazetteer DIR  the region tables (default: $XXGK_DATA_DIR/gazetteer or the built-in\n"
	      "             data/gazetteer); --no-regions skips placing bodies in regions\n"
	      "  -h, --help this text\n"
	      "\n"
	      "Cells are printed as they are in the document: a blank stays blank (空), a slash\n"
	      "stays n/a (/); a number lost in conversion is filled (marked *) only when the\n"
	      "report's own rules allow exactly one value. Warnings name the line.\n"
	      "Exit status: 0 all files parsed, 1 some file failed, 2 usage error.\n"
	      "\n"
	      "Examples:\n"
	      "  xxgk parse fixtures/seeds/000_2a68a08fb10c7e43.txt\n"
	      "  xxgk parse fixtures/pdf/huaian_2024.pdf\n"
	      "  xxgk parse --json reports/*.txt > parsed.jsonl\n", out);
}

int cli_cmd_parse(int argc, char **argv)
{
	bool json = false, pretty = false, regions = true;
	const char *gaz_dir = NULL, *manifest_path = NULL;
	int first = argc;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if ((strcmp(a, "--gazetteer") == 0 || strcmp(a, "--manifest") == 0) && i + 1 >= argc) {
			fprintf(stderr, "xxgk parse: %s needs a value (see xxgk parse --help)\n", a);
			return CLI_EXIT_USAGE;
		}
		if (strcmp(a, "--gazetteer") == 0) {
			gaz_dir = argv[++i];
		} else if (strcmp(a, "--manifest") == 0) {
			manifest_path = argv[++i];
		} else if (strcmp(a, "--no-regions") == 0) {
			regions = false;
		} else if (strcmp(a, "--json") == 0) {
			json = true;
		} else if (strcmp(a, "--pretty") == 0) {
			pretty = true;
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			parse_usage(stdout);
			return CLI_EXIT_OK;
		} else if (strcmp(a, "--") == 0) {
			first = i + 1;
			break;
		} else if (a[0] == '-' && a[1] != '\0') {
			fprintf(stderr, "xxgk parse: unknown option %s (see xxgk parse --help)\n", a);
			return CLI_EXIT_USAGE;
		} else {
			first = i;
			break;
		}
	}
	if (first >= argc) {
		fprintf(stderr, "xxgk parse: no FILE given (see xxgk parse --help)\n");
		return CLI_EXIT_USAGE;
	}
	xxgk_gazetteer *gaz = NULL;
	cli_manifest *manifest = NULL;
	if (regions) {
		xxgk_error gerr;
		const char *dir = gaz_dir ? gaz_dir : xxgk_gazetteer_default_dir();
		if (xxgk_gazetteer_load(&gaz, dir, &gerr) != XXGK_OK) {
			if (gaz_dir) {
				fprintf(stderr, "xxgk parse: %s\n", gerr.message);
				return CLI_EXIT_FAILED;
			}
			fprintf(stderr, "xxgk parse: bodies are not placed in regions: %s\n", gerr.message);
		}
	}
	if (manifest_path) {
		char why[512];
		if (cli_manifest_load(&manifest, manifest_path, why, sizeof why) != XXGK_OK) {
			fprintf(stderr, "xxgk parse: %s\n", why);
			xxgk_gazetteer_free(gaz);
			return CLI_EXIT_FAILED;
		}
	}
	int failed = 0;
	for (int i = first; i < argc; i++) {
		const char *path = argv[i];
		char why[256];
		char *buf = NULL;
		size_t len = 0;
		int rc = cli_read_file(path, XXGK_PARSE_MAX_INPUT, &buf, &len, why, sizeof why);
		if (rc != XXGK_OK) {
			fprintf(stderr, "%s: %s\n", path, why);
			failed++;
			continue;
		}
		const char *base = strrchr(path, '/');
		xxgk_parse_options opts = XXGK_PARSE_OPTIONS_INIT;
		opts.name = base ? base + 1 : path;
		opts.gazetteer = gaz;
		xxgk_report *r = NULL;
		xxgk_error err;
		rc = xxgk_parse_buffer(&r, buf, len, &opts, &err);
		free(buf);
		if (rc != XXGK_OK) {
			if (err.line)
				fprintf(stderr, "%s:%u: %s\n", path, err.line, err.message);
			else
				fprintf(stderr, "%s: %s\n", path, err.message);
			failed++;
			continue;
		}
		const char *code;
		int level;
		if (gaz && cli_manifest_lookup(manifest, path, &code, &level) &&
		    xxgk_region_assign(r, gaz, code, level, &err) != XXGK_OK) {
			fprintf(stderr, "%s: manifest: %s\n", path, err.message);
			xxgk_report_free(r);
			failed++;
			continue;
		}
		if (json) {
			char *s = NULL;
			rc = xxgk_report_to_json(&s, r, pretty);
			if (rc != XXGK_OK) {
				fprintf(stderr, "%s: %s\n", path, xxgk_strerror(rc));
				failed++;
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
	xxgk_gazetteer_free(gaz);
	cli_manifest_free(manifest);
	if (fflush(stdout) != 0) {
		fprintf(stderr, "xxgk parse: cannot write the output\n");
		return CLI_EXIT_FAILED;
	}
	if (failed && argc - first > 1)
		fprintf(stderr, "xxgk parse: %d of %d files failed\n", failed, argc - first);
	return failed ? CLI_EXIT_FAILED : CLI_EXIT_OK;
}
