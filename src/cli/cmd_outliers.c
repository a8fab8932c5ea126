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

enum { STAT_DB, STAT_REGION, STAT_YEAR, STAT_LEVEL, STAT_CSV, STAT_JSON, STAT_Z, STAT_MIN_DELTA, STAT_MIN_CASES,
       STAT_HB_C };

#define STAT_COMMON_OPTS \
	[STAT_DB] = { "db", 0, "FILE", N_("the database (default xxgk.db)") }, \
	[STAT_REGION] = { "region", 0, "CODE", N_("only bodies whose region code starts with CODE") }, \
	[STAT_YEAR] = { "year", 0, "Y", N_("the reporting year (default: the latest in the database)") }, \
	[STAT_LEVEL] = { "level", 0, "LEVEL", N_("province, city, county, town or department (default: every level)") }, \
	[STAT_CSV] = { "csv", 0, NULL, N_("CSV with a BOM for Excel") }, \
	[STAT_JSON] = { "json", 0, NULL, N_("JSON Lines") }

static const cli_opt stats_opts[] = { STAT_COMMON_OPTS, { NULL, 0, NULL, NULL } };

static const cli_opt outliers_opts[] = {
	STAT_COMMON_OPTS,
	[STAT_Z] = { "z", 0, "Z", N_("robust z beyond which a count stands out (default 3.5)") },
	[STAT_MIN_DELTA] = { "min-delta", 0, "N", N_("cases from the peers' median a count must also differ by (default 10)") },
	[STAT_MIN_CASES] = { "min-cases", 0, "N", N_("fewest cases for a body's rate to be judged (default 30)") },
	[STAT_HB_C] = { "hb-c", 0, "C", N_("Hidiroglou-Berthelot C for year-over-year jumps (default 7)") },
	{ NULL, 0, NULL, NULL },
};

static int stat_parse_args(stat_args *sa, int argc, char **argv, const cli_command *cmd)
{
	memset(sa, 0, sizeof *sa);
	sa->db = "xxgk.db";
	sa->level = -1;
	xxgk_outlier_options_default(&sa->opt);
	cli_args a;
	int o;
	long v;
	double d;
	cli_args_init(&a, cmd, argc, argv);
	while ((o = cli_args_next(&a)) >= 0) {
		switch (o) {
		case STAT_DB: sa->db = a.arg; break;
		case STAT_REGION: sa->region = a.arg; break;
		case STAT_YEAR:
			if (cli_arg_long(&a, 1990, 2100, &v))
				return CLI_EXIT_USAGE;
			sa->year = (int)v;
			break;
		case STAT_LEVEL:
			sa->level = xxgk_level_from_name(a.arg);
			if (sa->level <= 0)
				return cli_usage_error(cmd, _("--level is province, city, county, town or department, not '%s'"),
						       a.arg);
			break;
		case STAT_CSV: sa->csv = true; break;
		case STAT_JSON: sa->json = true; break;
		case STAT_Z:
		case STAT_MIN_DELTA:
		case STAT_HB_C:
			if (cli_arg_double(&a, 1e-9, 1e9, &d))
				return CLI_EXIT_USAGE;
			if (o == STAT_Z)
				sa->opt.z = d;
			else if (o == STAT_HB_C)
				sa->opt.hb_c = d;
			else
				sa->opt.min_delta = d;
			break;
		case STAT_MIN_CASES:
			if (cli_arg_long(&a, 1, 1000000000, &v))
				return CLI_EXIT_USAGE;
			sa->opt.min_cases = (size_t)v;
			break;
		}
	}
	if (o != CLI_ARGS_END)
		return o == CLI_ARGS_HELP ? -1 : cli_args_exit(o);
	if (cli_args_count(&a))
		return cli_usage_error(cmd, _("unexpected operand '%s'"), argv[a.first]);
	return CLI_EXIT_OK;
}

static int stat_load(const stat_args *a, const cli_command *cmd, int *year, xxgk_body_figures **figs, size_t *n)
{
	xxgk_store *s = NULL;
	xxgk_error err;
	if (xxgk_store_open(&s, a->db, XXGK_STORE_READONLY, &err) != XXGK_OK) {
		cli_error(cmd, "%s: %s", a->db, err.message);
		return CLI_EXIT_TROUBLE;
	}
	*year = a->year ? a->year : xxgk_store_latest_year(s);
	int rc = xxgk_store_figures(s, a->region, *year - 1, *year, figs, n, &err);
	xxgk_store_close(s);
	if (rc != XXGK_OK) {
		cli_error(cmd, "%s: %s", a->db, err.message);
		return CLI_EXIT_TROUBLE;
	}
	size_t this_year = 0;
	for (size_t i = 0; i < *n; i++)
		this_year += (*figs)[i].year == *year;
	if (this_year == 0) {
		cli_error(cmd, _("%s: no report for %d%s%s"), a->db, *year, a->region ? _(" in region ") : "",
			  a->region ? a->region : "");
		free(*figs);
		*figs = NULL;
		return CLI_EXIT_TROUBLE;
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

const cli_command cli_outliers = {
	.name = "outliers",
	.synopsis = N_("[--db FILE] [--year Y] [--region CODE] [--level L] [--csv|--json] [--z 3.5] [--min-delta 10]\n"
		       "[--min-cases 30] [--hb-c 7]"),
	.summary = N_("the bodies that stand out from their peers, with reasons"),
	.text = N_("The bodies that stand out from their peers (same level, same year), each with its\n"
		   "reasons in a sentence: a count far from the peers' (robust z on log1p, Iglewicz &\n"
		   "Hoaglin, |z| > 3.5 and at least --min-delta cases from the median), a rate outside\n"
		   "the 99.8% funnel limits with overdispersion (Spiegelhalter 2005; bodies with fewer\n"
		   "than --min-cases cases not rated), a jump from last year (Hidiroglou-Berthelot,\n"
		   "U 0.5, A 0.05, C --hb-c), and Benford's first digit on the pooled enforcement\n"
		   "counts where meaningful. docs/statistics.md has every method and default."),
	.opts = outliers_opts,
	.exit_text = N_("some body stands out"),
	.examples = "xxgk outliers --db province.db --year 2024\n"
		    "xxgk outliers --db province.db --year 2024 --level town --csv > towns.csv",
	.run = cli_cmd_outliers,
};

int cli_cmd_outliers(int argc, char **argv)
{
	stat_args a;
	int rc = stat_parse_args(&a, argc, argv, &cli_outliers);
	if (rc < 0)
		return CLI_EXIT_OK;
	if (rc)
		return rc;
	xxgk_body_figures *figs = NULL;
	size_t n = 0;
	int year;
	if ((rc = stat_load(&a, &cli_outliers, &year, &figs, &n)) != CLI_EXIT_OK)
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
		cli_error(&cli_outliers, _("out of memory"));
		free(figs);
		return CLI_EXIT_TROUBLE;
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
			printf("{\"schema\":\"xxgk.outlier/1\",\"report\":\"%s\",\"name\":", o->sha256);
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
	size_t flagged = out.count;
	xxgk_outliers_free(&out);
	free(figs);
	return flagged ? CLI_EXIT_FINDINGS : CLI_EXIT_OK;
}

const cli_command cli_stats = {
	.name = "stats",
	.synopsis = N_("[--db FILE] [--year Y] [--region CODE] [--level L] [--csv|--json]"),
	.summary = N_("distributions of every figure and rate per peer group"),
	.text = N_("For each peer group (level × year, within --region when given) the distribution of\n"
		   "every figure and rate over the bodies: n, mean, sd, median, quartiles, MAD, min, max,\n"
		   "and a 10-bin histogram. Rates here are each body's own; the group's rate from summed\n"
		   "figures is in `xxgk rollup`."),
	.opts = stats_opts,
	.examples = "xxgk stats --db province.db --level town --year 2024",
	.run = cli_cmd_stats,
};

int cli_cmd_stats(int argc, char **argv)
{
	stat_args a;
	int rc = stat_parse_args(&a, argc, argv, &cli_stats);
	if (rc < 0)
		return CLI_EXIT_OK;
	if (rc)
		return rc;
	xxgk_body_figures *figs = NULL;
	size_t n = 0;
	int year;
	if ((rc = stat_load(&a, &cli_stats, &year, &figs, &n)) != CLI_EXIT_OK)
		return rc;
	double *x = malloc((n ? n : 1) * sizeof *x);
	if (!x) {
		free(figs);
		return CLI_EXIT_TROUBLE;
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
				static const char *const names[] = { "mean", "sd", "median", "q1", "q3", "mad", "min", "max" };
				double vals[8] = { sm.mean, sm.sd, sm.median, sm.q1, sm.q3, sm.mad, sm.min, sm.max };
				char nb[CLI_NUM_CAP];
				if (a.csv)
					printf("%s,%d,%s,%zu", xxgk_level_name(level), year, key, sm.n);
				else
					printf("{\"schema\":\"xxgk.stats/1\",\"level\":\"%s\",\"year\":%d,\"measure\":\"%s\",\"n\":%zu",
					       xxgk_level_name(level), year, key, sm.n);
				for (int h = 0; h < 8; h++) {
					if (a.csv) {
						printf(",%s", cli_num(nb, vals[h], 6));
					} else {
						printf(",\"%s\":", names[h]);
						cli_json_num(vals[h], 6);
					}
				}
				fputs(a.csv ? "," : ",\"histogram\":[", stdout);
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
			char cellv[8][CLI_NUM_CAP];
			double vals[8] = { (double)sm.n, sm.mean * mul, sm.median * mul, sm.q1 * mul, sm.q3 * mul,
					   sm.mad * mul, sm.min * mul, sm.max * mul };
			fputs("  ", stdout);
			cli_pad(stdout, label, 20, false);
			for (int h = 0; h < 8; h++) {
				cli_num(cellv[h], vals[h], 2);
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
