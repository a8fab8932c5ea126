/*
 * main.c — the `xxgk` command: sets the message language, picks the
 * subcommand by name (with a suggestion for a typo) and returns its exit
 * code. Each subcommand lives in its own cmd_*.c; the conventions they
 * share are in opt.c.
 */
#include <stdio.h>
#include <string.h>

#include "xxgk/common.h"
#include "cli.h"

const cli_command *const cli_commands[] = {
	&cli_parse, &cli_load, &cli_export, &cli_check, &cli_track, &cli_diff, &cli_rules, &cli_rollup, &cli_stats, &cli_outliers,
	&cli_report, &cli_serve,
	&cli_help_cmd, &cli_version, NULL,
};

int main(int argc, char **argv)
{
	cli_memory_tune();
	cli_i18n_init();
	if (argc < 2) {
		cli_overview(stderr);
		return CLI_EXIT_USAGE;
	}
	const char *name = argv[1];
	if (!strcmp(name, "--version"))
		name = "version";
	else if (!strcmp(name, "--help") || !strcmp(name, "-h"))
		name = "help";
	const cli_command *c = cli_find_command(name, true);
	if (!c)
		return CLI_EXIT_USAGE;
	argv[1] = (char *)c->name;
	return cli_finish_output(c, c->run(argc - 1, argv + 1));
}
