/*
 * main.c — the `xxgk` command: picks the subcommand and maps its status to
 * the exit code. Each subcommand lives in its own cmd_*.c.
 */
#include <stdio.h>
#include <string.h>

#include "xxgk/common.h"
#include "cli.h"

static void main_usage(FILE *out)
{
	fprintf(out,
		"xxgk %s — checked figures from 政府信息公开工作年度报告\n"
		"\n"
		"usage: xxgk COMMAND [OPTIONS] [FILE...]\n"
		"\n"
		"commands:\n"
		"  parse     read reports and print their tables (--json for JSON Lines)\n"
		"  load      load reports (or parse --json output) into an SQLite database\n"
		"  export    write a table of the database as CSV or JSON Lines\n"
		"  check     the 勾稽 rules and other checks, on files or a database\n"
		"  rollup    every figure summed by region and year, with rates and 缺报\n"
		"  stats     distributions of every figure and rate per peer group\n"
		"  outliers  the bodies that stand out from their peers, with reasons\n"
		"  report    PDF reports for supervisors: county summary, one agency, outliers brief\n"
		"  version   print the version\n"
		"  help      this text; `xxgk COMMAND --help` explains a command\n",
		xxgk_version());
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		main_usage(stderr);
		return CLI_EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "parse") == 0)
		return cli_cmd_parse(argc - 2, argv + 2);
	if (strcmp(cmd, "load") == 0)
		return cli_cmd_load(argc - 2, argv + 2);
	if (strcmp(cmd, "export") == 0)
		return cli_cmd_export(argc - 2, argv + 2);
	if (strcmp(cmd, "check") == 0)
		return cli_cmd_check(argc - 2, argv + 2);
	if (strcmp(cmd, "rollup") == 0)
		return cli_cmd_rollup(argc - 2, argv + 2);
	if (strcmp(cmd, "outliers") == 0)
		return cli_cmd_outliers(argc - 2, argv + 2);
	if (strcmp(cmd, "stats") == 0)
		return cli_cmd_stats(argc - 2, argv + 2);
	if (strcmp(cmd, "report") == 0)
		return cli_cmd_report(argc - 2, argv + 2);
	if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
		printf("xxgk %s\n", xxgk_version());
		return CLI_EXIT_OK;
	}
	if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
		main_usage(stdout);
		return CLI_EXIT_OK;
	}
	fprintf(stderr, "xxgk: unknown command '%s' (see xxgk help)\n", cmd);
	return CLI_EXIT_USAGE;
}
