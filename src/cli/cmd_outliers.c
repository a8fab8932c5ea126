/*
 * cmd_outliers.c — `xxgk stats` (distributions per peer group) and
 * `xxgk outliers` (the bodies that stand out, each with its reasons).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "xxgk/aggregate.h"
#include "xxgk/stats.h"
#include "xxgk/store.h"
#include "cli.h"

typedef struct {
	const char *db, *region;
	int year;
	int level;          /* −1: every level */
	bool csv, json;
	xxgk_outlier_options opt;
} stat_args;

static int stat_parse_args(stat_args *a, int argc, char **argv, const char *cmd, bool outliers)
{
	memset(a, 0, sizeof *a);
	a->db = "xxgk.db";
	a->level = -1;
	xxgk_outlier_options_default(&a->opt);
	for (int i = 0; i < argc; i++) {
		const char *s = argv[i];
		bool takes = !strcmp(s, "--db") || !strcmp(s, "--region") || !strcmp(s, "--year") ||
			     !strcmp(s, "--level") || !strcmp(s, "--z") || !strcmp(s, "--min-cases") ||
			     !strcmp(s, "--hb-c") || !strcmp(s, "--min-delta");
		if (takes && i + 1 >= argc) {
			fprintf(stderr, "xxgk %s: %s needs a value (see xxgk %s --help)\n", cmd, s, cmd);
			return CLI_EXIT_USAGE;
		}
		char *end = NULL;
		if (!strcmp(s, "--db"))
			a->db = argv[++i];
		else if (!strcmp(s, "--region"))
			a->region = argv[++i];
		else if (!strcmp(s, "--year")) {
			a->year = (int)strtol(argv[++i], &end, 10);
			if (*end || a->year < 1990 || a->year > 2100) {
				fprintf(stderr, "xxgk %s: --year takes a year such as 2024\n", cmd);
				return CLI_EXIT_USAGE;
			}
		} else if (!strcmp(s, "--level")) {
			a->level = xxgk_level_from_name(argv[++i]);
			if (a->level <= 0) {
				fprintf(stderr, "xxgk %s: --level is province, city, county, town or department\n", cmd);
				return CLI_EXIT_USAGE;
			}
		} else if (outliers && (!strcmp(s, "--z") || !strcmp(s, "--hb-c") || !strcmp(s, "--min-delta"))) {
			double v = strtod(argv[++i], &end);
			if (*end || v <= 0) {
				fprintf(stderr, "xxgk %s: %s takes a positive number\n", cmd, s);
				return CLI_EXIT_USAGE;
			}
			if (!strcmp(s, "--z"))
				a->opt.z = v;
			else if (!strcmp(s, "--hb-c"))
				a->opt.hb_c = v;
			else
				a->opt.min_delta = v;
		} else if (outliers && !strcmp(s, "--min-cases")) {
			long v = strtol(argv[++i], &end, 10);
			if (*end || v < 1) {
				fprintf(stderr, "xxgk %s: --min-cases takes a whole number\n", cmd);
				return CLI_EXIT_USAGE;
			}
			a->opt.min_cases = (size_t)v;
		} else if (!strcmp(s, "--csv"))
			a->csv = true;
		else if (!strcmp(s, "--json"))
			a->json = true;
		else if (!strcmp(s, "-h") || !strcmp(s, "--help"))
			return -1;
		else {
			fprintf(stderr, "xxgk %s: unknown argument %s (see xxgk %s --help)\n", cmd, s, cmd);
			return CLI_EXIT_USAGE;
		}
	}
	return CLI_EXIT_OK;
}

static int stat_load(const stat_args *a, const char *cmd, int *year, xxgk_body_figures **figs, size_t *n)
{
	xxgk_store *s = NULL;
	xxgk_error err;
	if (xxgk_store_open(&s, a->db, XXGK_STORE_READONLY, &err) != XXGK_OK) {
		fprintf(stderr, "xxgk %s: %s: %s\n", cmd, a->db, err.message);
		return CLI_EXIT_FAILED;
	}
	*year = a->year ? a->year : xxgk_store_latest_year(s);
	int rc = xxgk_store_figures(s, a->region, *year - 1, *year, figs, n, &err);
	xxgk_store_close(s);
	if (rc != XXGK_OK) {
		fprintf(stderr, "xxgk %s: %s: %s\n", cmd, a->db, err.message);
		return CLI_EXIT_FAILED;
	}
	return CLI_EXIT_OK;
}

static int outlier_cmp(const void *a, const void *b)
{
	const xxgk_outlier *x = a, *y = b;
	int c = strcmp(x->code, y->code);
	if (c)
		return c;
	c = strcmp(x->sha256, y->sha256);
	if (c)
		return c;
	return strcmp(x->method, y->method);
}

int cli_cmd_outliers(int argc, char **argv)
{
	stat_args a;
	int rc = stat_parse_args(&a, argc, argv, "outliers", true);
	if (rc < 0) {
		fputs("usage: xxgk outliers [--db FILE] [--year Y] [--region CODE] [--level L] [--csv|--json]\n"
		      "                     [--z 3.5] [--min-delta 10] [--min-cases 30] [--hb-c 7]\n"
		      "\n"
		      "The bodies that stand out from their peers (same level, same year), each with its\n"
		      "reasons in a sentence: a count far from the peers' (robust z on log1p, Iglewicz &\n"
		      "Hoaglin, |z| > 3.5 and at least --min-delta cases from the median), a rate outside\n"
		      "the 99.8% funnel limits with overdispersion (Spiegelhalter 2005; bodies with fewer\n"
		      "than --min-cases cases not rated), a jump from last year (Hidiroglou-Berthelot,\n"
		      "U 0.5, A 0.05, C --hb-c), and Benford's first digit on the pooled enforcement\n"
		      "counts where meaningful. docs/statistics.md has every method and default.\n", stdout);
		return CLI_EXIT_OK;
	}
	if (rc)
		return rc;
	xxgk_body_figures *figs = NULL;
	size_t n = 0;
	int year;
	if ((rc = stat_load(&a, "outliers", &year, &figs, &n)) != CLI_EXIT_OK)
		return rc;
	if (a.level > 0) {
		size_t k = 0;
		for (size_t i = 0; i < n; i++)
			if (figs[i].level == a.level)
				figs[k++] = figs[i];
		n = k;
	}
	xxgk_outliers out = { 0 };
	if (xxgk_outliers_find(&out, figs, n, year, &a.opt) != XXGK_OK) {
		fprintf(stderr, "xxgk outliers: out of memory\n");
		free(figs);
		return CLI_EXIT_FAILED;
	}
	/* grouped by body for reading: a stable sort on the report */
	if (out.count > 1)
		qsort(out.items, out.count, sizeof *out.items, outlier_cmp);
	if (a.csv)
		fputs("\xEF\xBB\xBF" "report,name,code,level,year,method,figure,value,peer,statistic,threshold,message\r\n",
		      stdout);
	const char *last = "";
	for (size_t i = 0; i < out.count; i++) {
		const xxgk_outlier *o = &out.items[i];
		if (a.json) {
			printf("{\"report\":\"%s\",\"name\":", o->sha256);
			cli_json_text(o->name);
			printf(",\"code\":\"%s\",\"level\":\"%s\",\"year\":%d,\"method\":\"%s\",\"figure\":\"%s\","
			       "\"value\":%.10g,\"peer\":%.10g,\"statistic\":%.6g,\"threshold\":%.6g,\"message\":",
			       o->code, xxgk_level_name(o->level), o->year, o->method, o->figure, o->value, o->peer,
			       o->statistic, o->threshold);
			cli_json_text(o->message);
			fputs("}\n", stdout);
		} else if (a.csv) {
			printf("%s,", o->sha256);
			cli_csv_text(o->name);
			printf(",%s,%s,%d,%s,%s,%.10g,%.10g,%.6g,%.6g,", o->code, xxgk_level_name(o->level), o->year,
			       o->method, o->figure, o->value, o->peer, o->statistic, o->threshold);
			cli_csv_text(o->message);
			fputs("\r\n", stdout);
		} else {
			if (strcmp(last, o->sha256) != 0 || !o->sha256[0])
				printf("== %s%s%s · %d年度\n", o->sha256[0] ? o->name : "（全体）",
				       o->code[0] ? " · " : "", o->code, o->year);
			last = o->sha256;
			printf("  · %s\n", o->message);
		}
	}
	if (!a.json && !a.csv)
		printf("合计：%zu 条（%zu 份%d年度报告参与比较）\n", out.count, n, year);
	xxgk_outliers_free(&out);
	free(figs);
	return CLI_EXIT_OK;
}

int cli_cmd_stats(int argc, char **argv)
{
	stat_args a;
	int rc = stat_parse_args(&a, argc, argv, "stats", false);
	if (rc < 0) {
		fputs("usage: xxgk stats [--db FILE] [--year Y] [--region CODE] [--level L] [--csv|--json]\n"
		      "\n"
		      "For each peer group (level × year, within --region when given) the distribution of\n"
		      "every figure and rate over the bodies: n, mean, sd, median, quartiles, MAD, min, max,\n"
		      "and a 10-bin histogram. Rates here are each body's own; the group's rate from summed\n"
		      "figures is in `xxgk rollup`.\n", stdout);
		return CLI_EXIT_OK;
	}
	if (rc)
		return rc;
	xxgk_body_figures *figs = NULL;
	size_t n = 0;
	int year;
	if ((rc = stat_load(&a, "stats", &year, &figs, &n)) != CLI_EXIT_OK)
		return rc;
	double *x = malloc((n ? n : 1) * sizeof *x);
	if (!x) {
		free(figs);
		return CLI_EXIT_FAILED;
	}
	if (a.csv)
		fputs("\xEF\xBB\xBF" "level,year,measure,n,mean,sd,median,q1,q3,mad,min,max,histogram\r\n", stdout);
	for (int level = 1; level <= XXGK_LEVEL_DEPARTMENT; level++) {
		if (a.level > 0 && level != a.level)
			continue;
		bool header = false;
		for (int m = 0; m < XXGK_FIG_COUNT + XXGK_RATE_COUNT; m++) {
			size_t k = 0;
			int nf = m, df = -1;
			if (m >= XXGK_FIG_COUNT)
				xxgk_rate_figures(m - XXGK_FIG_COUNT, &nf, &df);
			for (size_t i = 0; i < n; i++) {
				const xxgk_body_figures *f = &figs[i];
				if (f->year != year || f->level != level || !(f->known & (1u << nf)))
					continue;
				if (df >= 0 && (!(f->known & (1u << df)) || f->v[df] <= 0))
					continue;
				x[k++] = df >= 0 ? f->v[nf] / f->v[df] : f->v[nf];
			}
			xxgk_summary sm;
			if (!k || xxgk_stats_summary(&sm, x, k) != XXGK_OK)
				continue;
			size_t counts[10];
			double edges[11];
			if (xxgk_stats_histogram(counts, 10, edges, x, k) != XXGK_OK)
				memset(counts, 0, sizeof counts);
			const char *key = m < XXGK_FIG_COUNT ? xxgk_figure_key(m) : xxgk_rate_key(m - XXGK_FIG_COUNT);
			const char *label = m < XXGK_FIG_COUNT ? xxgk_figure_label(m) : xxgk_rate_label(m - XXGK_FIG_COUNT);
			if (a.csv || a.json) {
				if (a.csv)
					printf("%s,%d,%s,%zu,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,", xxgk_level_name(level),
					       year, key, sm.n, sm.mean, sm.sd, sm.median, sm.q1, sm.q3, sm.mad, sm.min, sm.max);
				else
					printf("{\"level\":\"%s\",\"year\":%d,\"measure\":\"%s\",\"n\":%zu,\"mean\":%.6g,"
					       "\"sd\":%s%.6g,\"median\":%.6g,\"q1\":%.6g,\"q3\":%.6g,\"mad\":%.6g,\"min\":%.6g,"
					       "\"max\":%.6g,\"histogram\":[",
					       xxgk_level_name(level), year, key, sm.n, sm.mean, isnan(sm.sd) ? "" : "",
					       isnan(sm.sd) ? 0.0 : sm.sd, sm.median, sm.q1, sm.q3, sm.mad, sm.min, sm.max);
				for (int b = 0; b < 10; b++)
					printf("%s%zu", b ? (a.csv ? " " : ",") : "", counts[b]);
				fputs(a.csv ? "\r\n" : "]}\n", stdout);
				continue;
			}
			if (!header) {
				static const char *const heads[] = { "n", "平均", "中位数", "Q1", "Q3", "MAD", "最小", "最大" };
				printf("== %s · %d年度\n  ", xxgk_level_name(level), year);
				cli_pad(stdout, "", 20, false);
				for (int h = 0; h < 8; h++) {
					putchar(' ');
					cli_pad(stdout, heads[h], 10, true);
				}
				putchar('\n');
				header = true;
			}
			bool rate = m >= XXGK_FIG_COUNT;
			double mul = rate ? 100 : 1;
			char cellv[8][32];
			double vals[8] = { (double)sm.n, sm.mean * mul, sm.median * mul, sm.q1 * mul, sm.q3 * mul,
					   sm.mad * mul, sm.min * mul, sm.max * mul };
			fputs("  ", stdout);
			cli_pad(stdout, label, 20, false);
			for (int h = 0; h < 8; h++) {
				snprintf(cellv[h], sizeof cellv[h], "%.4g", vals[h]);
				putchar(' ');
				cli_pad(stdout, cellv[h], 10, true);
			}
			printf("%s\n", rate ? "  (%)" : "");
		}
	}
	free(x);
	free(figs);
	return CLI_EXIT_OK;
}
