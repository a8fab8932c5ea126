/*
 * cmd_export.c — `xxgk export --db FILE --table NAME [--csv|--json] [-o FILE]`:
 * any table or view of the store, as CSV (UTF-8 with a BOM for Excel) or
 * JSON Lines. Output goes to a temporary file renamed into place, so a
 * failed export leaves no half-written file.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xxgk/store.h"
#include "cli.h"

enum { EXPORT_DB, EXPORT_TABLE, EXPORT_CSV, EXPORT_JSON, EXPORT_OUTPUT, EXPORT_BLOBS };

static const cli_opt export_opts[] = {
	[EXPORT_DB] = { "db", 0, "FILE", N_("the database (default xxgk.db)") },
	[EXPORT_TABLE] = { "table", 't', "NAME", N_("the table or view to write (required)") },
	[EXPORT_CSV] = { "csv", 0, NULL, N_("CSV, UTF-8 with a BOM so Excel shows Chinese (the default)") },
	[EXPORT_JSON] = { "json", 0, NULL, N_("JSON Lines") },
	[EXPORT_OUTPUT] = { "output", 'o', "FILE", N_("write to FILE (whole or not at all) instead of standard output") },
	[EXPORT_BLOBS] = { "blobs", 0, "hex|omit", N_("binary columns (the narrative's MinHash) as hex (default) or left out") },
	{ NULL, 0, NULL, NULL },
};

const cli_command cli_export = {
	.name = "export",
	.synopsis = N_("[--db FILE] --table NAME [--csv | --json] [-o FILE]"),
	.summary = N_("write a table of the database as CSV or JSON Lines"),
	.text = N_("Writes a table or view of the database: CSV (default; UTF-8 with a BOM so Excel shows\n"
		   "Chinese) or JSON Lines. Tables: reports, active, applications, reviews, warnings,\n"
		   "findings, quarantine, regions, cell_raw, t3_rows; views: applications_named,\n"
		   "reports_chosen. Without -o the output goes to standard output.\n"
		   "\n"
		   "Every string is valid UTF-8; a text cell that starts with = + - @ is written after an\n"
		   "apostrophe so a spreadsheet shows it rather than running it; findings come with the\n"
		   "body, year and status of each; JSON lines carry {\"schema\":\"xxgk.row/1\",\"table\":…}."),
	.opts = export_opts,
	.examples = "xxgk export --db county.db --table applications_named -o applications.csv\n"
		    "xxgk export --db county.db --table reports --json",
	.run = cli_cmd_export,
};

int cli_cmd_export(int argc, char **argv)
{
	const char *db = "xxgk.db", *table = NULL, *out_path = NULL;
	xxgk_export_options eo = XXGK_EXPORT_OPTIONS_INIT;
	static const char *const blob_modes[] = { "hex", "omit", NULL };
	int blobs = 0;
	cli_args a;
	int o;
	cli_args_init(&a, &cli_export, argc, argv);
	while ((o = cli_args_next(&a)) >= 0) {
		switch (o) {
		case EXPORT_DB: db = a.arg; break;
		case EXPORT_TABLE: table = a.arg; break;
		case EXPORT_CSV: eo.format = XXGK_EXPORT_CSV; break;
		case EXPORT_JSON: eo.format = XXGK_EXPORT_JSON; break;
		case EXPORT_BLOBS:
			if (cli_arg_choice(&a, blob_modes, &blobs))
				return CLI_EXIT_USAGE;
			eo.omit_blobs = blobs == 1;
			break;
		case EXPORT_OUTPUT: out_path = a.arg; break;
		}
	}
	if (o != CLI_ARGS_END)
		return cli_args_exit(o);
	if (cli_args_count(&a))
		return cli_usage_error(&cli_export, _("unexpected operand '%s'"), argv[a.first]);
	if (!table)
		return cli_usage_error(&cli_export, _("--table NAME is required"));
	xxgk_store *s = NULL;
	xxgk_error err;
	if (xxgk_store_open(&s, db, XXGK_STORE_READONLY, &err) != XXGK_OK) {
		cli_error(&cli_export, "%s: %s", db, err.message);
		return CLI_EXIT_TROUBLE;
	}
	/* -o: a temporary file beside the target, renamed into place (xxgk_outfile) */
	xxgk_outfile of;
	FILE *out = stdout;
	if (out_path) {
		if (xxgk_outfile_open(&of, out_path, &err) != XXGK_OK) {
			cli_error(&cli_export, "%s", err.message);
			xxgk_store_close(s);
			return CLI_EXIT_TROUBLE;
		}
		out = of.file;
	}
	int rc = xxgk_store_export_with(s, table, &eo, out, &err);
	xxgk_store_close(s);
	if (out_path) {
		if (rc == XXGK_OK)
			rc = xxgk_outfile_commit(&of, &err);
		else
			xxgk_outfile_abort(&of);
	}
	if (rc != XXGK_OK) {
		cli_error(&cli_export, "%s", err.message);
		return rc == XXGK_EINVAL ? CLI_EXIT_USAGE : CLI_EXIT_TROUBLE;
	}
	return CLI_EXIT_OK;
}
