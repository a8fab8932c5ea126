/*
 * cmd_export.c — `xxgk export --db FILE --table NAME [--csv|--json] [-o FILE]`:
 * any table or view of the store, as CSV (UTF-8 with a BOM for Excel) or
 * JSON Lines. Output goes to a temporary file renamed into place, so a
 * failed export leaves no half-written file.
 */
#include <stdlib.h>
#include <string.h>

#include "xxgk/store.h"
#include "cli.h"

static void export_usage(FILE *out)
{
	fputs("usage: xxgk export [--db FILE] --table NAME [--csv | --json] [-o FILE]\n"
	      "\n"
	      "Writes a table or view of the database: CSV (default; UTF-8 with a BOM so Excel shows\n"
	      "Chinese) or JSON Lines. Tables: reports, active, applications, reviews, warnings,\n"
	      "findings, quarantine, regions, cell_raw, t3_rows; views: applications_named,\n"
	      "reports_chosen. Without -o the output goes to standard output.\n", out);
}

int cli_cmd_export(int argc, char **argv)
{
	const char *db = "xxgk.db", *table = NULL, *out_path = NULL;
	int format = XXGK_EXPORT_CSV;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		bool takes = strcmp(a, "--db") == 0 || strcmp(a, "--table") == 0 || strcmp(a, "-o") == 0;
		if (takes && i + 1 >= argc) {
			fprintf(stderr, "xxgk export: %s needs a value (see xxgk export --help)\n", a);
			return CLI_EXIT_USAGE;
		}
		if (strcmp(a, "--db") == 0)
			db = argv[++i];
		else if (strcmp(a, "--table") == 0)
			table = argv[++i];
		else if (strcmp(a, "-o") == 0)
			out_path = argv[++i];
		else if (strcmp(a, "--csv") == 0)
			format = XXGK_EXPORT_CSV;
		else if (strcmp(a, "--json") == 0)
			format = XXGK_EXPORT_JSON;
		else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			export_usage(stdout);
			return CLI_EXIT_OK;
		} else {
			fprintf(stderr, "xxgk export: unknown argument %s (see xxgk export --help)\n", a);
			return CLI_EXIT_USAGE;
		}
	}
	if (!table) {
		fprintf(stderr, "xxgk export: --table NAME is required (see xxgk export --help)\n");
		return CLI_EXIT_USAGE;
	}
	xxgk_store *s = NULL;
	xxgk_error err;
	if (xxgk_store_open(&s, db, XXGK_STORE_READONLY, &err) != XXGK_OK) {
		fprintf(stderr, "xxgk export: %s: %s\n", db, err.message);
		return CLI_EXIT_FAILED;
	}
	FILE *out = stdout;
	char tmp[4096] = "";
	if (out_path) {
		snprintf(tmp, sizeof tmp, "%s.part", out_path);
		out = fopen(tmp, "wb");
		if (!out) {
			fprintf(stderr, "xxgk export: cannot write %s\n", tmp);
			xxgk_store_close(s);
			return CLI_EXIT_FAILED;
		}
	}
	int rc = xxgk_store_export(s, table, format, out, &err);
	xxgk_store_close(s);
	if (out_path) {
		if (fclose(out) != 0 && rc == XXGK_OK)
			rc = xxgk_error_set(&err, XXGK_EIO, 0, 0, "writing %s failed", tmp);
		if (rc == XXGK_OK && rename(tmp, out_path) != 0)
			rc = xxgk_error_set(&err, XXGK_EIO, 0, 0, "cannot move %s to %s", tmp, out_path);
		if (rc != XXGK_OK)
			remove(tmp);
	} else if (fflush(stdout) != 0 && rc == XXGK_OK) {
		rc = xxgk_error_set(&err, XXGK_EIO, 0, 0, "writing the output failed");
	}
	if (rc != XXGK_OK) {
		fprintf(stderr, "xxgk export: %s\n", err.message);
		return rc == XXGK_EINVAL ? CLI_EXIT_USAGE : CLI_EXIT_FAILED;
	}
	return CLI_EXIT_OK;
}
