/*
 * cli.h — shared pieces of the xxgk command (src/cli/): reading input files
 * under the parser's cap, and printing a report for a person.
 */
#ifndef XXGK_CLI_H
#define XXGK_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "xxgk/report.h"

/* Exit codes of every subcommand. */
enum { CLI_EXIT_OK = 0, CLI_EXIT_FAILED = 1, CLI_EXIT_USAGE = 2 };

/*
 * Reads a whole file ("-" is standard input) of at most `cap` bytes. On
 * success returns 0 and a malloc'd buffer; otherwise prints nothing and
 * returns an xxgk_status with a one-line reason in `why`.
 */
int cli_read_file(const char *path, size_t cap, char **out, size_t *out_len, char *why, size_t why_cap);

/* Writes s padded to `width` terminal columns (CJK characters count two). */
void cli_pad(FILE *out, const char *s, int width, bool right);

/* Writes s to standard output as one CSV field (RFC 4180 quoting when needed). */
void cli_csv_text(const char *s);

/* Writes s to standard output as a JSON string literal (UTF-8 passed through). */
void cli_json_text(const char *s);

/* Prints a readable summary of one report. */
void cli_print_report(FILE *out, const xxgk_report *r, const char *path);

/* A manifest CSV: file,region_code,level (manifest.c). */
typedef struct cli_manifest cli_manifest;
int cli_manifest_load(cli_manifest **out, const char *path, char *why, size_t why_cap);
void cli_manifest_free(cli_manifest *m);
/* The manifest's region for a file (by base name); false if it has none. */
bool cli_manifest_lookup(const cli_manifest *m, const char *path, const char **code, int *level);

int cli_cmd_parse(int argc, char **argv);
int cli_cmd_load(int argc, char **argv);
int cli_cmd_export(int argc, char **argv);
int cli_cmd_check(int argc, char **argv);
int cli_cmd_rollup(int argc, char **argv);
int cli_cmd_outliers(int argc, char **argv);
int cli_cmd_stats(int argc, char **argv);
int cli_cmd_report(int argc, char **argv);

#endif
