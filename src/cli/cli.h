/*
 * cli.h — shared pieces of the xxgk command (src/cli/): the conventions
 * every command follows (options, help, exit codes, messages: opt.c),
 * reading input files under the parser's cap, and printing for a person.
 */
#ifndef XXGK_CLI_H
#define XXGK_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "xxgk/region.h"
#include "xxgk/report.h"

/*
 * Exit codes, the same in every command (docs/cli.md):
 * 0 the work was done and there is nothing to report; 1 the work was done
 * and found something that needs attention (errors in a report, a file that
 * could not be read, a body that stands out, rows of a workbook that match
 * nothing — each command's --help says which); 2 the command line is wrong;
 * 3 trouble: the work could not be done (a database or output that cannot
 * be opened or written, out of memory, nothing to work on).
 */
enum { CLI_EXIT_OK = 0, CLI_EXIT_FINDINGS = 1, CLI_EXIT_USAGE = 2, CLI_EXIT_TROUBLE = 3 };

/* Messages: gettext with the "xxgk" domain; N_() marks text translated where it is printed. */
#if defined(__GNUC__)
#define CLI_FORMAT_ARG(n) __attribute__((format_arg(n)))
#define CLI_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define CLI_FORMAT_ARG(n)
#define CLI_PRINTF(f, a)
#endif
const char *cli_gettext(const char *msgid) CLI_FORMAT_ARG(1);
/* Sets the message locale from the environment (LC_ALL, LC_MESSAGES, LANG) and the catalog's folder. */
void cli_i18n_init(void);
/* Sets how the process takes memory from the kernel (memory.c); first thing in main. */
void cli_memory_tune(void);
/* Where the message catalogs are: $XXGK_LOCALE_DIR, an installed share/locale, the build's. */
const char *cli_locale_dir(void);
#define _(s) cli_gettext(s)
#define N_(s) s

/*
 * One option of a command. Tables end with an entry whose name is NULL; an
 * option's index in its table is what cli_args_next() returns for it.
 */
typedef struct {
	const char *name;    /* long name without "--" */
	char letter;         /* short form (-o), 0 for none */
	const char *value;   /* the value's name in help ("FILE"); NULL for a flag */
	const char *help;    /* one line, N_() */
} cli_opt;

/*
 * A command: its help is made from these fields (--help, `xxgk help CMD`,
 * the man page, bash completion), so the text is written once.
 */
typedef struct cli_command {
	const char *name;       /* "check" */
	const char *synopsis;   /* after "xxgk NAME ", N_(); several lines allowed */
	const char *summary;    /* one line for the list of commands, N_() */
	const char *text;       /* what it does, paragraphs, N_(); may be NULL */
	const cli_opt *opts;    /* its options (--help is added) */
	const char *exit_text;  /* N_(): when it exits 1; NULL if it never does */
	const char *examples;   /* command lines, not translated; may be NULL */
	int (*run)(int argc, char **argv);   /* argv[0] is the command's name */
} cli_command;

/* Every command, in the order of `xxgk help`; ends with NULL (main.c). */
extern const cli_command *const cli_commands[];

/* Parser state of one command line (opt.c). */
#define CLI_MAX_OPTS 40
typedef struct {
	const cli_command *cmd;
	int argc;
	char **argv;
	const char *arg;    /* the value of the option just returned, NULL for a flag */
	const char *name;   /* how the user spelled that option ("--db"), for messages */
	int first;          /* after CLI_ARGS_END: argv[first..argc) are the operands */
	char shorts[2 * CLI_MAX_OPTS + 4];
	struct option longs[CLI_MAX_OPTS + 2];
} cli_args;

enum { CLI_ARGS_END = -1, CLI_ARGS_HELP = -2, CLI_ARGS_BAD = -3 };

/* Starts parsing argv (argv[0] the command name). Never fails. */
void cli_args_init(cli_args *a, const cli_command *cmd, int argc, char **argv);
/*
 * The next option: its index in cmd->opts, or CLI_ARGS_END when only
 * operands remain (argv[a->first..argc)), CLI_ARGS_HELP after printing the
 * help on standard output, CLI_ARGS_BAD after printing a one-line usage
 * error (with a suggestion for a mistyped option).
 */
int cli_args_next(cli_args *a);
/* The exit code for a result of cli_args_next() below 0 other than CLI_ARGS_END. */
int cli_args_exit(int result);
/* The number of operands (after CLI_ARGS_END). */
static inline int cli_args_count(const cli_args *a) { return a->argc - a->first; }

/* Values of options: print a usage error and return CLI_EXIT_USAGE when it is bad, else 0. */
int cli_arg_long(const cli_args *a, long min, long max, long *out);
int cli_arg_double(const cli_args *a, double min, double max, double *out);
/* One of `choices` (NULL-terminated): its index in *out. */
int cli_arg_choice(const cli_args *a, const char *const *choices, int *out);

/* "xxgk CMD: message (see xxgk help CMD)" on stderr; returns CLI_EXIT_USAGE. */
int cli_usage_error(const cli_command *cmd, const char *fmt, ...) CLI_PRINTF(2, 3);
/* "xxgk CMD: message" on stderr. */
void cli_error(const cli_command *cmd, const char *fmt, ...) CLI_PRINTF(2, 3);

/* The list of commands (`xxgk help`). */
void cli_overview(FILE *out);
/* The help of a command, as --help prints it. */
void cli_help(FILE *out, const cli_command *cmd);
/* A command by name; NULL (after printing a suggestion to stderr when one is close) if none. */
const cli_command *cli_find_command(const char *name, bool suggest);
/* The closest of `names` (NULL-terminated) to `s` within a small edit distance, or NULL. */
const char *cli_closest(const char *s, const char *const *names);

/*
 * Reads a whole file ("-" is standard input) of at most `cap` bytes. On
 * success returns 0 and a malloc'd buffer; otherwise prints nothing and
 * returns an xxgk_status with a one-line reason in `why`.
 */
int cli_read_file(const char *path, size_t cap, char **out, size_t *out_len, char *why, size_t why_cap);

/*
 * Reads and parses one report file (bodies placed with `gaz`, may be NULL).
 * On failure prints one line on stderr ("path:line: reason") and returns
 * the xxgk_status; on XXGK_OK `*out` is the caller's.
 */
int cli_parse_path(xxgk_report **out, const char *path, const xxgk_gazetteer *gaz);

/*
 * A command that writes into database `db` (load, check --db, track) says
 * once on stderr when another process holds the write lock and it waits its
 * turn ("xxgk CMD: DB: another process is writing …"), rather than seeming
 * to hang. `db` must outlive the store.
 */
struct xxgk_store;
void cli_say_when_waiting(struct xxgk_store *store, const cli_command *cmd, const char *db);

/*
 * The end of every command (main.c): standard output flushed and closed,
 * and any write error on it since the start (ferror), at the flush or at
 * the close (a full disk, a closed pipe, an NFS error) reported once as
 * "xxgk CMD: writing standard output: reason" and turned into
 * CLI_EXIT_TROUBLE. A command that already failed with CLI_EXIT_TROUBLE has
 * said why; its status is kept. Returns the exit status.
 */
int cli_finish_output(const cli_command *cmd, int status);

/* Writes s padded to `width` terminal columns (CJK characters count two). */
void cli_pad(FILE *out, const char *s, int width, bool right);

/*
 * A number as a person and a program read it: an integer without a decimal
 * point or exponent (13410, not 1.341e+04), others with at most `decimals`
 * places, trailing zeros dropped; "" for NaN or infinity. Returns buf.
 */
#define CLI_NUM_CAP 48
const char *cli_num(char buf[CLI_NUM_CAP], double v, int decimals);
/* The same in JSON: null for NaN or infinity. */
void cli_json_num(double v, int decimals);

/* Writes s to standard output as one CSV field (RFC 4180 quoting when needed). */
void cli_csv_text(const char *s);

/* Writes s to standard output as a JSON string literal (UTF-8 passed through). */
void cli_json_text(const char *s);

/* Prints a readable summary of one report. */
void cli_print_report(FILE *out, const xxgk_report *r, const char *path);

int cli_cmd_parse(int argc, char **argv);
int cli_cmd_load(int argc, char **argv);
int cli_cmd_export(int argc, char **argv);
int cli_cmd_check(int argc, char **argv);
int cli_cmd_rules(int argc, char **argv);
int cli_cmd_rollup(int argc, char **argv);
int cli_cmd_outliers(int argc, char **argv);
int cli_cmd_stats(int argc, char **argv);
int cli_cmd_report(int argc, char **argv);
int cli_cmd_track(int argc, char **argv);
int cli_cmd_diff(int argc, char **argv);
int cli_cmd_serve(int argc, char **argv);
extern const cli_command cli_serve;

extern const cli_command cli_rules;
extern const cli_command cli_parse, cli_load, cli_export, cli_check, cli_rollup, cli_stats, cli_outliers,
	cli_report, cli_track, cli_diff, cli_version, cli_help_cmd;

#endif
