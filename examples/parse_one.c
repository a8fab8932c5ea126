/*
 * parse_one.c — libxxgk from another program: read one annual report (any
 * format xxgk reads), place its body in the gazetteer, and print what a
 * county office asks first — who, which year, the applications received and
 * handled, and what the 勾稽 rules say.
 *
 * Build against an installed xxgk:
 *     cc parse_one.c $(pkg-config --cflags --libs xxgk) -o parse_one
 *     ./parse_one report.pdf
 */
#include <stdio.h>
#include <stdlib.h>

#include <xxgk/check.h>
#include <xxgk/parse.h>
#include <xxgk/region.h>
#include <xxgk/report.h>

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t cap = 0, n = 0, got;
	do {
		if (n == cap) {
			char *nb = realloc(buf, (cap = cap ? cap * 2 : 65536) + 1);
			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	fclose(f);
	*len = n;
	return buf;
}

static void print_cell(const char *label, const xxgk_cell *c)
{
	if (c->has_value)
		printf("%s %.15g\n", label, c->value);
	else
		printf("%s (%s)\n", label, xxgk_kind_name(c->kind));   /* a blank is never a 0 */
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s REPORT\n", argv[0]);
		return 2;
	}
	size_t len = 0;
	char *buf = slurp(argv[1], &len);
	if (!buf) {
		perror(argv[1]);
		return 3;
	}
	xxgk_error err;
	xxgk_gazetteer *gaz = NULL;   /* found in the installed share/xxgk */
	if (xxgk_gazetteer_load(&gaz, xxgk_gazetteer_default_dir(), &err) != XXGK_OK)
		fprintf(stderr, "%s: bodies are not placed: %s\n", argv[0], err.message);
	xxgk_parse_options opts = XXGK_PARSE_OPTIONS_INIT;
	opts.name = argv[1];
	opts.gazetteer = gaz;
	xxgk_report *r = NULL;
	int rc = xxgk_parse_buffer(&r, buf, len, &opts, &err);
	free(buf);
	if (rc != XXGK_OK) {
		fprintf(stderr, "%s:%u: %s\n", argv[1], err.line, err.message);
		xxgk_gazetteer_free(gaz);
		return 1;
	}
	printf("agency %s\nregion %s\nyear %d\n", r->agency_name ? r->agency_name : "?",
	       r->region_code ? r->region_code : "?", r->year);
	print_cell("new_received", &r->applications[XXGK_T3_NEW_RECEIVED][XXGK_T3_TOTAL]);
	print_cell("total_processed", &r->applications[XXGK_T3_TOTAL_PROCESSED][XXGK_T3_TOTAL]);
	xxgk_findings f;
	xxgk_findings_init(&f);
	if (xxgk_check_report(&f, r) == XXGK_OK) {
		printf("errors %zu\n", xxgk_findings_errors(&f));
		for (size_t i = 0; i < f.count; i++)
			if (f.items[i].severity == XXGK_SEV_ERROR)
				printf("  %s %s\n", f.items[i].rule, f.items[i].message);
	}
	xxgk_findings_free(&f);
	xxgk_report_free(r);
	xxgk_gazetteer_free(gaz);
	return 0;
}
