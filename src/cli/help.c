/*
 * help.c — `xxgk help [CMD]`, `xxgk version`, and what the build makes from
 * the commands' tables: a man page per command (`xxgk help --man CMD`, roff
 * as groff_man(7) describes) and the bash completion (`xxgk help
 * --completion`). The text is the commands' own, so --help, the man pages
 * and the completion cannot disagree.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "xxgk/common.h"
#include "xxgk/region.h"
#include "cli.h"

/* The list of commands, as `xxgk help` and `xxgk` alone print it. */
static void help_overview(FILE *out)
{
	fprintf(out, _("xxgk %s — checked figures from 政府信息公开工作年度报告\n"), xxgk_version());
	fprintf(out, "\n%s\n\n%s\n", _("usage: xxgk COMMAND [OPTIONS] [FILE...]"), _("Commands:"));
	for (size_t i = 0; cli_commands[i]; i++) {
		fputs("  ", out);
		cli_pad(out, cli_commands[i]->name, 10, false);
		fprintf(out, "%s\n", _(cli_commands[i]->summary));
	}
	fprintf(out, "\n%s\n", _("`xxgk help COMMAND` or `xxgk COMMAND --help` explains a command. Options may come\n"
				 "before or after files, as --opt=value or --opt value; -- ends the options."));
	fprintf(out, "%s\n", _("Exit status: 0 done, 1 findings (each command says which), 2 usage error, 3 trouble."));
}

/* Writes text for roff: backslashes escaped, hyphens as \-, no line starting with a control character. */
static void man_text(FILE *out, const char *s, size_t n)
{
	bool line_start = true;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (line_start && (c == '.' || c == '\''))
			fputs("\\&", out);
		if (c == '\\')
			fputs("\\e", out);
		else if (c == '-')
			fputs("\\-", out);
		else
			fputc(c, out);
		line_start = c == '\n';
	}
}

static void man_block(FILE *out, const char *text)
{
	/* paragraphs split at blank lines: prose is left for man to fill, an indented block kept as written */
	const char *p = text;
	while (*p) {
		while (*p == '\n')
			p++;
		if (!*p)
			break;
		const char *end = strstr(p, "\n\n");
		size_t n = end ? (size_t)(end - p) : strlen(p);
		bool indented = false;
		for (const char *q = p; q < p + n; q = strchr(q, '\n') ? strchr(q, '\n') + 1 : p + n)
			if (*q == ' ') {
				indented = true;
				break;
			}
		fputs(indented ? ".PP\n.nf\n" : ".PP\n", out);
		man_text(out, p, n);
		fputs(indented ? "\n.fi\n" : "\n", out);
		p += n;
	}
}

static void help_man(FILE *out, const cli_command *c)
{
	char upper[32];
	size_t i = 0;
	for (; c->name[i] && i < sizeof upper - 1; i++)
		upper[i] = (char)(c->name[i] >= 'a' && c->name[i] <= 'z' ? c->name[i] - 32 : c->name[i]);
	upper[i] = '\0';
	fprintf(out, ".TH XXGK\\-%s 1 \"\" \"xxgk %s\" \"xxgk manual\"\n.SH NAME\nxxgk\\-%s \\- ", upper, xxgk_version(),
		c->name);
	const char *summary = _(c->summary);
	man_text(out, summary, strlen(summary));
	fputs("\n.SH SYNOPSIS\n", out);
	const char *syn = _(c->synopsis);
	while (syn && *syn) {
		const char *nl = strchr(syn, '\n');
		size_t n = nl ? (size_t)(nl - syn) : strlen(syn);
		fprintf(out, ".B xxgk %s\n", c->name);
		man_text(out, syn, n);
		fputs("\n.br\n", out);
		syn = nl ? nl + 1 : NULL;
	}
	if (c->text) {
		fputs(".SH DESCRIPTION\n", out);
		man_block(out, _(c->text));
	}
	fputs(".SH OPTIONS\n", out);
	for (size_t k = 0; c->opts && c->opts[k].name; k++) {
		const cli_opt *o = &c->opts[k];
		fputs(".TP\n", out);
		if (o->letter)
			fprintf(out, "\\fB\\-%c\\fR, ", o->letter);
		fputs("\\fB\\-\\-", out);
		man_text(out, o->name, strlen(o->name));
		fputs("\\fR", out);
		if (o->value) {
			fputs("=\\fI", out);
			man_text(out, o->value, strlen(o->value));
			fputs("\\fR", out);
		}
		fputc('\n', out);
		const char *h = _(o->help);   /* its lines filled by man */
		man_text(out, h, strlen(h));
		fputc('\n', out);
	}
	fputs(".TP\n\\fB\\-h\\fR, \\fB\\-\\-help\\fR\n", out);
	const char *th = _("this text");
	man_text(out, th, strlen(th));
	fputs("\n.SH \"EXIT STATUS\"\n.TP\n0\n", out);
	const char *t = _("done, nothing to report");
	man_text(out, t, strlen(t));
	if (c->exit_text) {
		fputs("\n.TP\n1\n", out);
		t = _(c->exit_text);
		man_text(out, t, strlen(t));
	}
	fputs("\n.TP\n2\n", out);
	t = _("usage error (a wrong option or value)");
	man_text(out, t, strlen(t));
	fputs("\n.TP\n3\n", out);
	t = _("trouble: a file or database could not be read or written, or nothing to work on");
	man_text(out, t, strlen(t));
	fputc('\n', out);
	if (c->examples) {
		fputs(".SH EXAMPLES\n.nf\n", out);
		man_text(out, c->examples, strlen(c->examples));
		fputs("\n.fi\n", out);
	}
	fputs(".SH \"SEE ALSO\"\n.BR xxgk (1)\n", out);
}

/* The man page of xxgk itself: the list of commands. */
static void help_man_overview(FILE *out)
{
	fprintf(out, ".TH XXGK 1 \"\" \"xxgk %s\" \"xxgk manual\"\n.SH NAME\nxxgk \\- ", xxgk_version());
	const char *t = _("checked figures from Chinese government information-disclosure annual reports");
	man_text(out, t, strlen(t));
	fputs("\n.SH SYNOPSIS\n.B xxgk\n\\fICOMMAND\\fR [\\fIOPTIONS\\fR] [\\fIFILE\\fR...]\n.SH COMMANDS\n", out);
	for (size_t i = 0; cli_commands[i]; i++) {
		fprintf(out, ".TP\n.BR xxgk\\-%s (1)\n", cli_commands[i]->name);
		t = _(cli_commands[i]->summary);
		man_text(out, t, strlen(t));
		fputc('\n', out);
	}
	fputs(".SH ENVIRONMENT\n.TP\n.B XXGK_DATA_DIR\n", out);
	t = _("the data folder (the gazetteer); default: the installed share/xxgk");
	man_text(out, t, strlen(t));
	fputs("\n.TP\n.B LANG, LC_ALL, LC_MESSAGES\n", out);
	t = _("zh_CN gives messages and help in Chinese");
	man_text(out, t, strlen(t));
	fputc('\n', out);
}

/* Bash completion: commands, each command's options, files after options that take one. */
static void help_completion(FILE *out)
{
	fputs("# bash completion for xxgk, generated by `xxgk help --completion`\n"
	      "_xxgk() {\n"
	      "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} cmd=${COMP_WORDS[1]}\n"
	      "  local opts='' valued=''\n"
	      "  if [ \"$COMP_CWORD\" -eq 1 ]; then\n"
	      "    COMPREPLY=($(compgen -W '",
	      out);
	for (size_t i = 0; cli_commands[i]; i++)
		fprintf(out, "%s%s", i ? " " : "", cli_commands[i]->name);
	fputs("' -- \"$cur\"))\n    return\n  fi\n  case $cmd in\n", out);
	for (size_t i = 0; cli_commands[i]; i++) {
		const cli_command *c = cli_commands[i];
		fprintf(out, "    %s) opts='--help", c->name);
		for (size_t k = 0; c->opts && c->opts[k].name; k++)
			fprintf(out, " --%s", c->opts[k].name);
		fputs("'; valued='", out);
		for (size_t k = 0, n = 0; c->opts && c->opts[k].name; k++)
			if (c->opts[k].value)
				fprintf(out, "%s--%s", n++ ? " " : "", c->opts[k].name);
		fputs("' ;;\n", out);
	}
	fputs("  esac\n"
	      "  if [ \"$cmd\" = help ] && [ \"$COMP_CWORD\" -eq 2 ]; then\n"
	      "    COMPREPLY=($(compgen -W '",
	      out);
	for (size_t i = 0; cli_commands[i]; i++)
		fprintf(out, "%s%s", i ? " " : "", cli_commands[i]->name);
	fputs("' -- \"$cur\"))\n    return\n  fi\n"
	      "  case \" $valued \" in *\" $prev \"*) COMPREPLY=($(compgen -f -- \"$cur\")); return ;; esac\n"
	      "  if [[ $cur == -* ]]; then\n"
	      "    COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
	      "  else\n"
	      "    COMPREPLY=($(compgen -f -- \"$cur\"))\n"
	      "  fi\n"
	      "}\n"
	      "complete -o filenames -F _xxgk xxgk\n",
	      out);
}

enum { HELP_MAN, HELP_MAN_DIR, HELP_COMPLETION };

static const cli_opt help_opts[] = {
	[HELP_MAN] = { "man", 0, NULL, N_("the man page (roff) of COMMAND, or of xxgk without one") },
	[HELP_MAN_DIR] = { "man-dir", 0, "DIR", N_("write every man page into DIR (xxgk.1, xxgk-check.1 …)") },
	[HELP_COMPLETION] = { "completion", 0, NULL, N_("the bash completion script") },
	{ NULL, 0, NULL, NULL },
};

/* Every page into `dir`: what the build installs in share/man/man1. */
static int help_man_dir(const char *dir)
{
	char path[4096];
	mkdir(dir, 0777);
	for (size_t i = 0; i == 0 || cli_commands[i - 1]; i++) {
		const cli_command *c = i ? cli_commands[i - 1] : NULL;
		snprintf(path, sizeof path, "%s/xxgk%s%s.1", dir, c ? "-" : "", c ? c->name : "");
		FILE *f = fopen(path, "w");
		if (!f) {
			cli_error(&cli_help_cmd, "%s: %s", path, strerror(errno));
			return CLI_EXIT_TROUBLE;
		}
		if (c)
			help_man(f, c);
		else
			help_man_overview(f);
		if (fclose(f) != 0) {
			cli_error(&cli_help_cmd, "%s: %s", path, strerror(errno));
			return CLI_EXIT_TROUBLE;
		}
	}
	return CLI_EXIT_OK;
}

static int help_run(int argc, char **argv)
{
	cli_args a;
	bool man = false, completion = false;
	const char *man_dir = NULL;
	int o;
	cli_args_init(&a, &cli_help_cmd, argc, argv);
	while ((o = cli_args_next(&a)) >= 0) {
		if (o == HELP_MAN)
			man = true;
		else if (o == HELP_MAN_DIR)
			man_dir = a.arg;
		else
			completion = true;
	}
	if (o != CLI_ARGS_END)
		return cli_args_exit(o);
	if (man_dir)
		return help_man_dir(man_dir);
	if (cli_args_count(&a) > 1)
		return cli_usage_error(&cli_help_cmd, _("one COMMAND at most"));
	const cli_command *c = NULL;
	if (cli_args_count(&a) == 1 && !(c = cli_find_command(argv[a.first], true)))
		return CLI_EXIT_USAGE;
	if (completion)
		help_completion(stdout);
	else if (man && c)
		help_man(stdout, c);
	else if (man)
		help_man_overview(stdout);
	else if (c)
		cli_help(stdout, c);
	else
		help_overview(stdout);
	return CLI_EXIT_OK;
}

const cli_command cli_help_cmd = {
	.name = "help",
	.synopsis = N_("[--man] [COMMAND]\n--man-dir DIR | --completion"),
	.summary = N_("the list of commands, or how to use one"),
	.text = N_("`xxgk help check` is the same as `xxgk check --help`. --man-dir and --completion\n"
		   "are what the build installs as man pages and bash completion."),
	.opts = help_opts,
	.examples = "xxgk help\nxxgk help check\nxxgk help --man check | man -l -",
	.run = help_run,
};

static const cli_opt version_opts[] = {
	{ "paths", 0, NULL, N_("also where the data, the gazetteer and the message catalogs are read from") },
	{ NULL, 0, NULL, NULL },
};

static int version_run(int argc, char **argv)
{
	cli_args a;
	int o;
	bool paths = false;
	cli_args_init(&a, &cli_version, argc, argv);
	while ((o = cli_args_next(&a)) >= 0)
		paths = true;
	if (o != CLI_ARGS_END)
		return cli_args_exit(o);
	if (cli_args_count(&a))
		return cli_usage_error(&cli_version, _("takes no operand"));
	printf("xxgk %s\n", xxgk_version());
	if (paths)
		printf("data %s\ngazetteer %s\nlocale %s\n", xxgk_data_dir(), xxgk_gazetteer_default_dir(),
		       cli_locale_dir());
	return CLI_EXIT_OK;   /* a write error is main's (cli_finish_output) */
}

const cli_command cli_version = {
	.name = "version",
	.synopsis = "[--paths]",
	.summary = N_("print the version"),
	.opts = version_opts,
	.run = version_run,
};

void cli_overview(FILE *out)
{
	help_overview(out);
}
