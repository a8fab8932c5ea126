/*
 * cmd_rules.c — `xxgk rules [--config FILE] [--markdown]`: the rules the
 * checker applies (data/rules.conf, as built), one a line with its severity
 * after the configuration, or docs/checks.md's catalogue in Markdown.
 */
#include <stdlib.h>
#include <string.h>

#include "xxgk/rules.h"
#include "cli.h"

enum { RULES_CONFIG, RULES_MARKDOWN };

static const cli_opt rules_opts[] = {
	[RULES_CONFIG] = { "config", 0, "FILE", N_("show severities as a configuration changes them ([severity]\n"
						   "section, `rule = error|warning|info|off`), as xxgk check would") },
	[RULES_MARKDOWN] = { "markdown", 0, NULL, N_("the catalogue with relations, messages and worked examples") },
	{ NULL, 0, NULL, NULL },
};

const cli_command cli_rules = {
	.name = "rules",
	.synopsis = N_("[--config FILE] [--markdown]"),
	.summary = N_("the rules the checker applies, as a table or Markdown"),
	.text = N_("Lists the rules `xxgk check` applies: id, severity, templates, what it checks.\n"
		   "They live in data/rules.conf (compiled in); docs/checks.md holds this command's\n"
		   "--markdown output."),
	.opts = rules_opts,
	.exit_text = NULL,
	.examples = "xxgk rules\n"
		    "xxgk rules --config check.conf\n"
		    "xxgk rules --markdown",
	.run = cli_cmd_rules,
};

int cli_cmd_rules(int argc, char **argv)
{
	const char *config = NULL;
	bool markdown = false;
	cli_args a;
	int opt;
	cli_args_init(&a, &cli_rules, argc, argv);
	while ((opt = cli_args_next(&a)) >= 0) {
		switch (opt) {
		case RULES_CONFIG: config = a.arg; break;
		case RULES_MARKDOWN: markdown = true; break;
		}
	}
	if (opt != CLI_ARGS_END)
		return cli_args_exit(opt);
	if (cli_args_count(&a))
		return cli_usage_error(&cli_rules, _("takes no operands"));
	xxgk_rules *rs = NULL;
	xxgk_error err;
	if (xxgk_rules_load_default(&rs, &err) != XXGK_OK) {
		cli_error(&cli_rules, "%s", err.message);
		return CLI_EXIT_TROUBLE;
	}
	int code = CLI_EXIT_OK;
	if (config) {
		char *text = NULL, why[256];
		size_t len = 0;
		if (cli_read_file(config, 1 << 20, &text, &len, why, sizeof why) != XXGK_OK) {
			cli_error(&cli_rules, "%s: %s", config, why);
			code = CLI_EXIT_TROUBLE;
		} else if (xxgk_rules_configure(rs, text, len, config, &err) != XXGK_OK) {
			cli_error(&cli_rules, "%s", err.message);
			code = CLI_EXIT_TROUBLE;
		}
		free(text);
	}
	if (code == CLI_EXIT_OK && markdown) {
		char *md = NULL;
		if (xxgk_rules_markdown(&md, rs) != XXGK_OK) {
			cli_error(&cli_rules, _("out of memory"));
			code = CLI_EXIT_TROUBLE;
		} else {
			fputs(md, stdout);
		}
		free(md);
	} else if (code == CLI_EXIT_OK) {
		for (size_t i = 0; i < xxgk_rules_count(rs); i++) {
			const xxgk_rule *r = xxgk_rules_at(rs, i);
			printf("%-24s %-8s %-10s %s\n", r->id, xxgk_rule_severity_name(r->severity),
			       r->templates == ((1u << XXGK_TEMPLATE_2021) | (1u << XXGK_TEMPLATE_2019)) ? "2021,2019"
			       : r->templates & (1u << XXGK_TEMPLATE_2021) ? "2021" : "2019",
			       r->what);
		}
	}
	xxgk_rules_free(rs);
	return code;
}
