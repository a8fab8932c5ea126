/*
 * cmd_track.c — `xxgk track --db FILE (--xlsx FILE | --csv FILE)`: reads
 * back the statuses staff typed into the review workbook of `xxgk check
 * --xlsx` (its 问题清单 sheet) or into its CSV, and records each change with
 * who, when and why (docs/track.md). Rows whose status is what the database
 * already says change nothing; every row that matches no finding, or whose
 * status cannot be read, is named with its row number.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xxgk/store.h"
#include "xxgk/track.h"
#include "xxgk/workbook.h"
#include "cli.h"

enum { TRACK_DB, TRACK_XLSX, TRACK_CSV, TRACK_WHO, TRACK_DRY_RUN, TRACK_QUIET };

static const cli_opt track_opts[] = {
	[TRACK_DB] = { "db", 0, "FILE", N_("the database the workbook was made from (default xxgk.db)") },
	[TRACK_XLSX] = { "xlsx", 0, "FILE", N_("the review workbook of `xxgk check --xlsx`, its 问题清单 sheet filled in") },
	[TRACK_CSV] = { "csv", 0, "FILE", N_("the problems CSV of `xxgk check --csv` (UTF-8, or GBK as Excel saves it)") },
	[TRACK_WHO] = { "who", 0, "NAME", N_("who made the changes, for rows whose 处理人 is empty") },
	[TRACK_DRY_RUN] = { "dry-run", 'n', NULL, N_("say what would change, record nothing") },
	[TRACK_QUIET] = { "quiet", 'q', NULL, N_("only the totals and the rows that match nothing") },
	{ NULL, 0, NULL, NULL },
};

const cli_command cli_track = {
	.name = "track",
	.synopsis = N_("[--db FILE] (--xlsx FILE | --csv FILE) [--who NAME] [--dry-run]"),
	.summary = N_("read statuses back from the review workbook: 待整改, 已整改, 豁免, 复核通过"),
	.text = N_("The rectification loop: `xxgk check --db DB --xlsx 审核结果.xlsx` writes the workbook;\n"
		   "staff fill its 状态 column (待整改, 已整改, 豁免, 复核通过; English names open, fixed,\n"
		   "waived, verified are read too), and 处理人, 处理日期 and 处理说明 if they like; this\n"
		   "command records every status that differs from the database's, with who, when and\n"
		   "why, and keeps the history. The next check shows them, and --since says what the\n"
		   "corrected reports really fixed. Rows are matched by their 编号 (a finding's id, the\n"
		   "same across checks and re-loads); a row of a copy cluster sets every finding it lists."),
	.opts = track_opts,
	.exit_text = N_("some row matches no finding or has a status that is not one of the four"),
	.examples = "xxgk track --db county.db --xlsx 审核结果.xlsx --who 张三\n"
		    "xxgk track --db county.db --csv 审核结果.csv --dry-run",
	.run = cli_cmd_track,
};

/* Today's "YYYY-MM-DD" is after `at`'s day? (a typed 处理日期 is used when it is newer) */
static bool track_later(const char *typed, const char *stored)
{
	return !stored || strncmp(typed, stored, 10) > 0;
}

int cli_cmd_track(int argc, char **argv)
{
	const char *db = "xxgk.db", *xlsx = NULL, *csv = NULL, *who = NULL;
	bool dry = false, quiet = false;
	cli_args a;
	int o;
	cli_args_init(&a, &cli_track, argc, argv);
	while ((o = cli_args_next(&a)) >= 0) {
		switch (o) {
		case TRACK_DB: db = a.arg; break;
		case TRACK_XLSX: xlsx = a.arg; break;
		case TRACK_CSV: csv = a.arg; break;
		case TRACK_WHO: who = a.arg; break;
		case TRACK_DRY_RUN: dry = true; break;
		case TRACK_QUIET: quiet = true; break;
		}
	}
	if (o != CLI_ARGS_END)
		return cli_args_exit(o);
	if (cli_args_count(&a))
		return cli_usage_error(&cli_track, _("unexpected operand '%s'"), argv[a.first]);
	if (!xlsx == !csv)
		return cli_usage_error(&cli_track, _("give one of --xlsx FILE or --csv FILE"));
	const char *path = xlsx ? xlsx : csv;
	xxgk_error err;
	xxgk_wb_table t;
	int rc = xlsx ? xxgk_wb_read_xlsx(&t, xlsx, xxgk_review_problem_sheet, &err) : xxgk_wb_read_csv(&t, csv, &err);
	if (rc != XXGK_OK) {
		cli_error(&cli_track, "%s", err.message);
		return CLI_EXIT_TROUBLE;
	}
	xxgk_status_rows rows;
	rc = xxgk_status_rows_from_table(&rows, &t, path, &err);
	xxgk_wb_table_free(&t);
	if (rc != XXGK_OK) {
		cli_error(&cli_track, "%s", err.message);
		return CLI_EXIT_TROUBLE;
	}
	xxgk_store *s = NULL;
	xxgk_statuses known = { 0 };
	int exit_code = CLI_EXIT_OK;
	if (xxgk_store_open(&s, db, 0, &err) != XXGK_OK || xxgk_store_statuses(s, &known, &err) != XXGK_OK) {
		cli_error(&cli_track, "%s: %s", db, err.message);
		exit_code = CLI_EXIT_TROUBLE;
		goto done;
	}
	cli_say_when_waiting(s, &cli_track, db);
	char now[32];
	time_t tt = time(NULL);
	const char *e = getenv("SOURCE_DATE_EPOCH");
	if (e && *e)
		tt = (time_t)strtoll(e, NULL, 10);
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
	size_t changed = 0, same = 0, unmatched_rows = 0, skipped = 0;
	for (size_t i = 0; i < rows.problem_count; i++)
		fprintf(stderr, "%s\n", rows.problems[i]);
	rc = xxgk_store_begin(s, &err);
	for (size_t i = 0; i < rows.count && rc == XXGK_OK; i++) {
		const xxgk_status_row *r = &rows.rows[i];
		if (r->status < 0) {
			skipped++;
			continue;
		}
		size_t unknown = 0;
		for (size_t k = 0; k < r->id_count && rc == XXGK_OK; k++) {
			const xxgk_status_record *old = xxgk_statuses_find(&known, r->ids[k]);
			const char *at = r->at && track_later(r->at, old ? old->at : NULL) ? r->at : now;
			/* --who names the person for a change, not for rows left as they were */
			int was = old ? old->status : XXGK_STATUS_OPEN;
			const char *by = r->who ? r->who : r->status != was ? who : NULL;
			int outcome;
			rc = xxgk_store_set_status(s, r->ids[k], r->status, by, at, r->why, path, &outcome, &err);
			if (rc != XXGK_OK)
				break;
			if (outcome == XXGK_STATUS_SET_UNKNOWN) {
				fprintf(stderr, _("%s:%zu: 编号 %s matches no finding in %s\n"), path, r->row, r->ids[k], db);
				unknown++;
			} else if (outcome == XXGK_STATUS_SET_CHANGED) {
				changed++;
				if (!quiet)
					printf("%s:%zu: %s → %s\n", path, r->row, r->ids[k], xxgk_status_label(r->status));
			} else {
				same++;
			}
		}
		unmatched_rows += unknown > 0;
	}
	if (rc == XXGK_OK && !dry)
		rc = xxgk_store_commit(s, &err);
	else
		xxgk_store_rollback(s);
	if (rc != XXGK_OK) {
		cli_error(&cli_track, "%s: %s", db, err.message);
		exit_code = CLI_EXIT_TROUBLE;
		goto done;
	}
	printf("%s%zu 项状态已记录，%zu 项未变，%zu 行无法对应，%zu 行状态无法识别\n", dry ? "（试运行，未写入）" : "",
	       changed, same, unmatched_rows, rows.problem_count);
	(void)skipped;
	if (unmatched_rows || rows.problem_count)
		exit_code = CLI_EXIT_FINDINGS;
done:
	xxgk_statuses_free(&known);
	xxgk_store_close(s);
	xxgk_status_rows_free(&rows);
	return exit_code;
}
