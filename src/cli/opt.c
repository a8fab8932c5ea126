/*
 * opt.c — the command-line conventions every xxgk command shares.
 *
 * Options are parsed by getopt_long from the command's own table, so every
 * command takes `--opt=value` and `--opt value`, options after operands
 * (GNU argument permutation), `--` to end options, unambiguous
 * abbreviations, and -h/--help. A mistyped option or command gets a
 * suggestion ("did you mean --waivers?") when one is within a small edit
 * distance (optimal string alignment, Damerau 1964: a swap of two letters
 * counts one). Help is made from the same table (cli_help), and so are the
 * man pages and the bash completion (help.c).
 *
 * Exports cli_args_*, cli_arg_*, cli_usage_error, cli_error, cli_help,
 * cli_find_command, cli_closest, cli_gettext and cli_i18n_init (cli.h).
 */
#include <errno.h>
#include <libintl.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "xxgk/common.h"
#include "cli.h"
#include "../common/common_int.h"

/* The message catalogs: the build tree's, else the installed ones. */
#ifndef XXGK_LOCALE_DIR_BUILD
#define XXGK_LOCALE_DIR_BUILD "locale"
#endif
#ifndef XXGK_LOCALE_DIR_INSTALLED
#define XXGK_LOCALE_DIR_INSTALLED "/usr/local/share/locale"
#endif

/* Long option values start here, above every short letter. */
#define OPT_LONG_BASE 256
/* The value getopt_long returns for --help. */
#define OPT_HELP (OPT_LONG_BASE + CLI_MAX_OPTS)

const char *cli_gettext(const char *msgid)
{
	return dgettext("xxgk", msgid);
}

static bool opt_dir_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The language the environment asks for, the way setlocale() reads it. */
static const char *opt_env_language(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return v;
	}
	return "";
}

const char *cli_locale_dir(void)
{
	static char dir[4096];
	const char *env = getenv("XXGK_LOCALE_DIR");
	if (env && *env)
		return env;
	if (!dir[0] && !xxgk_install_dir(dir, sizeof dir, "share/locale"))
		snprintf(dir, sizeof dir, "%s",
			 opt_dir_exists(XXGK_LOCALE_DIR_BUILD) ? XXGK_LOCALE_DIR_BUILD : XXGK_LOCALE_DIR_INSTALLED);
	return dir;
}

void cli_i18n_init(void)
{
	/* Only messages follow the locale: numbers are always written with a '.' */
	const char *got = setlocale(LC_MESSAGES, "");
	const char *lang = opt_env_language();
	if ((!got || !strcmp(got, "C") || !strcmp(got, "POSIX")) && !strncmp(lang, "zh", 2)) {
		/*
		 * zh_CN asked for but not installed on this machine (Debian ships
		 * only C.UTF-8): gettext ignores the "C" locale, so take C.UTF-8
		 * and name the language through LANGUAGE, which gettext reads then.
		 */
		const char *language = getenv("LANGUAGE");
		if (setlocale(LC_MESSAGES, "C.UTF-8") && (!language || !*language))
			setenv("LANGUAGE", lang, 1);
	}
	const char *dir = cli_locale_dir();
	bindtextdomain("xxgk", dir);
	bind_textdomain_codeset("xxgk", "UTF-8");
}

/* Optimal string alignment distance between a and b (bytes), capped at 9. */
static int opt_distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	if (n > 40 || m > 40)
		return 9;
	int d[41][41];
	for (size_t i = 0; i <= n; i++)
		d[i][0] = (int)i;
	for (size_t j = 0; j <= m; j++)
		d[0][j] = (int)j;
	for (size_t i = 1; i <= n; i++)
		for (size_t j = 1; j <= m; j++) {
			int cost = a[i - 1] != b[j - 1];
			int v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + cost < v)
				v = d[i - 1][j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	return d[n][m] > 9 ? 9 : d[n][m];
}

const char *cli_closest(const char *s, const char *const *names)
{
	const char *best = NULL;
	int best_d = 9;
	size_t len = strlen(s);
	/* one edit in a short word, two in a longer one, three at most */
	int limit = len <= 4 ? 1 : len <= 8 ? 2 : 3;
	for (const char *const *n = names; *n; n++) {
		int d = opt_distance(s, *n);
		if (d < best_d) {
			best_d = d;
			best = *n;
		}
	}
	return best_d <= limit ? best : NULL;
}

void cli_error(const cli_command *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "xxgk %s: ", cmd->name);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

int cli_usage_error(const cli_command *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "xxgk %s: ", cmd->name);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, _(" (see xxgk help %s)\n"), cmd->name);
	va_end(ap);
	return CLI_EXIT_USAGE;
}

void cli_args_init(cli_args *a, const cli_command *cmd, int argc, char **argv)
{
	memset(a, 0, sizeof *a);
	a->cmd = cmd;
	a->argc = argc;
	a->argv = argv;
	a->first = argc;
	size_t s = 0, l = 0;
	a->shorts[s++] = ':';   /* a missing value is reported as ':' */
	for (int i = 0; cmd->opts && cmd->opts[i].name && i < CLI_MAX_OPTS; i++) {
		const cli_opt *o = &cmd->opts[i];
		if (o->letter) {
			a->shorts[s++] = o->letter;
			if (o->value)
				a->shorts[s++] = ':';
		}
		a->longs[l++] = (struct option){ o->name, o->value ? required_argument : no_argument, NULL,
						 OPT_LONG_BASE + i };
	}
	a->shorts[s++] = 'h';
	a->shorts[s] = '\0';
	a->longs[l++] = (struct option){ "help", no_argument, NULL, OPT_HELP };
	a->longs[l] = (struct option){ NULL, 0, NULL, 0 };
	optind = 0;   /* glibc: start afresh */
	opterr = 0;   /* our messages, with suggestions */
}

/* The long option names of a command, NULL-terminated, into names[CLI_MAX_OPTS + 2]. */
static void opt_long_names(const cli_args *a, const char **names)
{
	size_t k = 0;
	for (size_t i = 0; a->longs[i].name; i++)
		names[k++] = a->longs[i].name;
	names[k] = NULL;
}

/* The option text the user typed for an unknown long option, without "--" and "=value". */
static void opt_typed(char *out, size_t cap, const char *arg)
{
	while (*arg == '-')
		arg++;
	size_t n = strcspn(arg, "=");
	if (n >= cap)
		n = cap - 1;
	memcpy(out, arg, n);
	out[n] = '\0';
}

static int opt_bad_long(cli_args *a, const char *arg)
{
	char typed[64];
	const char *names[CLI_MAX_OPTS + 2];
	opt_typed(typed, sizeof typed, arg);
	opt_long_names(a, names);
	/* an abbreviation several options start with */
	size_t tl = strlen(typed), starts = 0;
	const char *first = NULL, *second = NULL;
	for (size_t i = 0; names[i]; i++)
		if (tl && !strncmp(names[i], typed, tl)) {
			starts++;
			if (!first)
				first = names[i];
			else if (!second)
				second = names[i];
		}
	if (starts > 1)
		return cli_usage_error(a->cmd, _("--%s is ambiguous: --%s, --%s%s"), typed, first, second,
				       starts > 2 ? ", …" : "");
	for (size_t i = 0; names[i]; i++)
		if (!strcmp(names[i], typed))   /* a flag given a value */
			return cli_usage_error(a->cmd, _("--%s takes no value"), typed);
	const char *near = cli_closest(typed, names);
	if (near)
		return cli_usage_error(a->cmd, _("unknown option --%s; did you mean --%s?"), typed, near);
	return cli_usage_error(a->cmd, _("unknown option %s"), arg);
}

int cli_args_next(cli_args *a)
{
	int li = -1;
	int c = getopt_long(a->argc, a->argv, a->shorts, a->longs, &li);
	a->arg = NULL;
	a->name = NULL;
	if (c == -1) {
		a->first = optind;
		return CLI_ARGS_END;
	}
	if (c == 'h' || c == OPT_HELP) {
		cli_help(stdout, a->cmd);
		return CLI_ARGS_HELP;
	}
	if (c == ':') {
		if (optopt >= OPT_LONG_BASE && optopt < OPT_HELP)
			return cli_usage_error(a->cmd, _("--%s needs a value"), a->cmd->opts[optopt - OPT_LONG_BASE].name),
			       CLI_ARGS_BAD;
		return cli_usage_error(a->cmd, _("-%c needs a value"), optopt), CLI_ARGS_BAD;
	}
	if (c == '?') {
		if (optopt >= OPT_LONG_BASE)
			return cli_usage_error(a->cmd, _("--%s takes no value"), optopt == OPT_HELP ? "help"
						: a->cmd->opts[optopt - OPT_LONG_BASE].name), CLI_ARGS_BAD;
		if (optopt)
			return cli_usage_error(a->cmd, _("unknown option -%c"), optopt), CLI_ARGS_BAD;
		return opt_bad_long(a, a->argv[optind - 1]), CLI_ARGS_BAD;
	}
	int idx = -1;
	if (c >= OPT_LONG_BASE) {
		idx = c - OPT_LONG_BASE;
	} else {
		for (int i = 0; a->cmd->opts[i].name; i++)
			if (a->cmd->opts[i].letter == c)
				idx = i;
	}
	if (idx < 0)
		return cli_usage_error(a->cmd, _("unknown option -%c"), c), CLI_ARGS_BAD;
	a->arg = optarg;
	a->name = a->cmd->opts[idx].name;
	return idx;
}

int cli_args_exit(int result)
{
	/* a write error of the help is main's to report (cli_finish_output) */
	return result == CLI_ARGS_HELP ? CLI_EXIT_OK : CLI_EXIT_USAGE;
}

int cli_arg_long(const cli_args *a, long min, long max, long *out)
{
	char *end = NULL;
	errno = 0;
	long v = strtol(a->arg, &end, 10);
	if (errno || end == a->arg || *end || v < min || v > max)
		return cli_usage_error(a->cmd, _("--%s takes a whole number from %ld to %ld, not '%s'"), a->name, min,
				       max, a->arg);
	*out = v;
	return 0;
}

int cli_arg_double(const cli_args *a, double min, double max, double *out)
{
	char *end = NULL;
	errno = 0;
	double v = strtod(a->arg, &end);
	if (errno || end == a->arg || *end || !isfinite(v) || v < min || v > max)
		return cli_usage_error(a->cmd, _("--%s takes a number from %g to %g, not '%s'"), a->name, min, max,
				       a->arg);
	*out = v;
	return 0;
}

int cli_arg_choice(const cli_args *a, const char *const *choices, int *out)
{
	for (int i = 0; choices[i]; i++)
		if (!strcmp(choices[i], a->arg)) {
			*out = i;
			return 0;
		}
	char list[256] = "";
	size_t len = 0;
	for (int i = 0; choices[i] && len < sizeof list; i++)
		len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "", choices[i]);
	const char *near = cli_closest(a->arg, choices);
	if (near)
		return cli_usage_error(a->cmd, _("--%s is one of %s, not '%s'; did you mean %s?"), a->name, list, a->arg,
				       near);
	return cli_usage_error(a->cmd, _("--%s is one of %s, not '%s'"), a->name, list, a->arg);
}

/* Display width of the option column: "  -o, --output=FILE" */
static int opt_left(char *buf, size_t cap, const cli_opt *o)
{
	return snprintf(buf, cap, "  %s%c%s--%s%s%s", o->letter ? "-" : "", o->letter ? o->letter : ' ',
			o->letter ? ", " : "   ", o->name, o->value ? "=" : "", o->value ? o->value : "");
}

/* Writes a block of help text, each line indented by `indent` spaces. */
static void opt_block(FILE *out, const char *text, int indent)
{
	const char *p = text;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if (n)
			fprintf(out, "%*s%.*s\n", indent, "", (int)n, p);
		else
			fputc('\n', out);
		p += n + (nl ? 1 : 0);
	}
}

void cli_help(FILE *out, const cli_command *cmd)
{
	const char *syn = _(cmd->synopsis);
	const char *nl = strchr(syn, '\n');
	fprintf(out, _("usage: xxgk %s %.*s\n"), cmd->name, (int)(nl ? nl - syn : (long)strlen(syn)), syn);
	while (nl) {   /* more forms: aligned under the first */
		const char *p = nl + 1;
		nl = strchr(p, '\n');
		fprintf(out, "       xxgk %s %.*s\n", cmd->name, (int)(nl ? nl - p : (long)strlen(p)), p);
	}
	fprintf(out, "\n%s\n", _(cmd->summary));
	if (cmd->text) {
		fputc('\n', out);
		opt_block(out, _(cmd->text), 0);
	}
	fprintf(out, "\n%s\n", _("Options:"));
	char left[128];
	for (int i = 0; cmd->opts && cmd->opts[i].name; i++) {
		const cli_opt *o = &cmd->opts[i];
		int w = opt_left(left, sizeof left, o);
		const char *help = _(o->help);
		const char *hl = strchr(help, '\n');
		if (w > 24)
			fprintf(out, "%s\n%26s", left, "");
		else
			fprintf(out, "%-26s", left);
		fprintf(out, "%.*s\n", (int)(hl ? hl - help : (long)strlen(help)), help);
		if (hl)
			opt_block(out, hl + 1, 26);
	}
	fprintf(out, "%-26s%s\n", "  -h, --help", _("this text"));
	fprintf(out, "\n%s\n", _("Exit status:"));
	fprintf(out, "  0  %s\n", _("done, nothing to report"));
	if (cmd->exit_text)
		fprintf(out, "  1  %s\n", _(cmd->exit_text));
	fprintf(out, "  2  %s\n", _("usage error (a wrong option or value)"));
	fprintf(out, "  3  %s\n", _("trouble: a file or database could not be read or written, or nothing to work on"));
	if (cmd->examples) {
		fprintf(out, "\n%s\n", _("Examples:"));
		opt_block(out, cmd->examples, 2);
	}
}

const cli_command *cli_find_command(const char *name, bool suggest)
{
	const char *names[32];
	size_t k = 0;
	for (size_t i = 0; cli_commands[i]; i++) {
		if (!strcmp(cli_commands[i]->name, name))
			return cli_commands[i];
		if (k < 31)
			names[k++] = cli_commands[i]->name;
	}
	names[k] = NULL;
	if (suggest) {
		const char *near = cli_closest(name, names);
		if (near)
			fprintf(stderr, _("xxgk: unknown command '%s'; did you mean '%s'? (see xxgk help)\n"), name, near);
		else
			fprintf(stderr, _("xxgk: unknown command '%s' (see xxgk help)\n"), name);
	}
	return NULL;
}
