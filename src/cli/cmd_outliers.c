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

enum { STAT_DB, STAT_REGION, STAT_YEAR, STAT_LEVEL, STAT_CSV, STAT_JSON, STAT_FDR, STAT_MIN_GROUP, STAT_MIN_CASES };

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
	[STAT_FDR] = { "fdr", 0, "Q", N_("false discovery rate over the year's tests, Benjamini-Hochberg (default 0.05)") },
	[STAT_MIN_GROUP] = { "min-group", 0, "N", N_("bodies with a figure a peer group needs, else its level's fit (default 10)") },
	[STAT_MIN_CASES] = { "min-cases", 0, "N", N_("fewest cases for a body's rate to be judged (default 30)") },
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
		case STAT_FDR:
			if (cli_arg_double(&a, 1e-12, 0.5, &d))
				return CLI_EXIT_USAGE;
			sa->opt.fdr = d;
			break;
		case STAT_MIN_GROUP:
			if (cli_arg_long(&a, 3, 1000000000, &v))
				return CLI_EXIT_USAGE;
			sa->opt.min_group = (size_t)v;
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
	*year = a->year;
	int rc = *year ? XXGK_OK : xxgk_store_latest_year(s, year, &err);
	if (rc == XXGK_OK)
		rc = xxgk_store_figures(s, a->region, *year - 1, *year, figs, n, &err);
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

/* Flags grouped by body for reading, within each side: a stable order on the report. */
static int outlier_cmp(const void *a, const void *b)
{
	const xxgk_outlier *x = a, *y = b;
	int c = strcmp(x->code, y->code);
	if (c)
		return c;
	c = strcmp(x->sha256, y->sha256);
	if (c)
		return c;
	c = strcmp(x->method, y->method);
	return c ? c : strcmp(x->figure, y->figure);
}

static void outlier_json(const xxgk_outlier *o)
{
	printf("{\"schema\":\"xxgk.outlier/1\",\"report\":\"%s\",\"name\":", o->sha256);
	cli_json_text(o->name);
	printf(",\"code\":\"%s\",\"level\":\"%s\",\"year\":%d,\"method\":\"%s\",\"figure\":\"%s\","
	       "\"direction\":\"%s\",\"group\":",
	       o->code, xxgk_level_name(o->level), o->year, o->method, o->figure, o->direction > 0 ? "high" : "low");
	cli_json_text(o->group);
	printf(",\"group_key\":\"%s\",\"group_size\":%zu", o->group_key, o->group_size);
	/* every number in its unit (docs/statistics.md "Units in the output"); null when it has none */
	static const char *const keys[] = { "value", "numerator", "denominator", "prev", "peer_median", "peer_lo",
					    "peer_hi", "ratio", "expected_lo", "expected_hi", "statistic", "threshold" };
	double vals[] = { o->value, o->numerator, o->denominator, o->prev, o->peer_median, o->peer_lo, o->peer_hi,
			  o->ratio, o->expected_lo, o->expected_hi, o->statistic, o->threshold };
	for (size_t k = 0; k < sizeof vals / sizeof *vals; k++) {
		printf(",\"%s\":", keys[k]);
		cli_json_num(vals[k], 10);
	}
	/* probabilities can be tiny: significant digits, not decimals */
	printf(",\"p\":%.6g,\"q\":%.6g", o->p, o->q);
	if (o->prev_year)
		printf(",\"prev_year\":%d", o->prev_year);
	fputs(",\"message\":", stdout);
	cli_json_text(o->message);
	fputs("}\n", stdout);
}

static void outlier_csv(const xxgk_outlier *o)
{
	char nb[CLI_NUM_CAP];
	printf("%s,", o->sha256);
	cli_csv_text(o->name);
	printf(",%s,%s,%d,%s,%s,%s,", o->code, xxgk_level_name(o->level), o->year, o->method, o->figure,
	       o->direction > 0 ? "high" : "low");
	cli_csv_text(o->group);
	printf(",%zu,", o->group_size);
	double vals[] = { o->value, o->prev, o->peer_median, o->ratio, o->expected_lo, o->expected_hi };
	for (size_t k = 0; k < sizeof vals / sizeof *vals; k++)
		printf("%s,", cli_num(nb, vals[k], 10));
	printf("%.6g,%.6g,", o->p, o->q);
	cli_csv_text(o->message);
	fputs("\r\n", stdout);
}

/* The digit tests: one line each, 样本不足 where they cannot speak. */
static void outlier_digits(const xxgk_digit_tests *d, bool json)
{
	static const char *const verdict[] = { "符合", "基本符合", "勉强符合", "不符合" };
	const char *bv = d->benford_tested ? verdict[d->benford.conformity] : "样本不足";
	const char *lv = !d->last_digit_tested ? "样本不足" : d->last_digit_p < 0.001 ? "不均匀" : "未见异常";
	if (json) {
		printf("{\"schema\":\"xxgk.outlier/1\",\"report\":\"\",\"year\":%d,\"method\":\"benford\","
		       "\"figure\":\"enforcement\",\"values\":%zu,\"tested\":%s,\"mad\":",
		       d->year, d->benford_values, d->benford_tested ? "true" : "false");
		cli_json_num(d->benford_tested ? d->benford.mad : NAN, 6);
		printf(",\"verdict\":\"%s\"}\n", bv);
		printf("{\"schema\":\"xxgk.outlier/1\",\"report\":\"\",\"year\":%d,\"method\":\"last_digit\","
		       "\"figure\":\"enforcement\",\"values\":%zu,\"tested\":%s,\"chi2\":",
		       d->year, d->last_digit_values, d->last_digit_tested ? "true" : "false");
		cli_json_num(d->last_digit_chi2, 4);
		fputs(",\"p\":", stdout);
		if (d->last_digit_tested)
			printf("%.6g", d->last_digit_p);
		else
			fputs("null", stdout);
		printf(",\"verdict\":\"%s\"}\n", lv);
		return;
	}
	printf("== 数字检验 · %d年度行政许可、处罚、强制决定数（合并）\n", d->year);
	if (d->benford_tested)
		printf("  · 首位数字（Benford，%zu 个不小于 10 的数）：%s，平均绝对偏差 %.4f（Nigrini：≤0.006 符合，≤0.012 基本符合，≤0.015 勉强符合）\n",
		       d->benford.n, bv, d->benford.mad);
	else
		printf("  · 首位数字（Benford）：样本不足（%zu 个不小于 10 的数，需 %d 个以上且跨两个数量级）\n",
		       d->benford_values, XXGK_BENFORD_MIN_VALUES);
	if (d->last_digit_tested)
		printf("  · 末位数字（%zu 个不小于 100 的整数）：%s（χ² = %.1f，p = %.2g；末位为 0 或 5 的占 %.0f%%，均匀时 20%%）\n",
		       d->last_digit_values, lv, d->last_digit_chi2, d->last_digit_p, 100 * d->last_digit_share0_5);
	else
		printf("  · 末位数字：样本不足（%zu 个不小于 100 的整数，需 %d 个以上）\n", d->last_digit_values,
		       XXGK_LAST_DIGIT_MIN_VALUES);
}

const cli_command cli_outliers = {
	.name = "outliers",
	.synopsis = N_("[--db FILE] [--year Y] [--region CODE] [--level L] [--csv|--json] [--fdr 0.05]\n"
		       "[--min-group 10] [--min-cases 30]"),
	.summary = N_("the bodies that stand out from their peers, with reasons"),
	.text = N_("The body-years that stand out from their peers, in two lists: unusually high, and\n"
		   "unusually low (often a copied or unfilled report). Peers are bodies of the same level\n"
		   "and year, departments also of the same kind (公安局 with 公安局, data/peers/kinds.csv),\n"
		   "a kind with fewer than 10 bodies falling back to all departments of its tier. Tests:\n"
		   "  level   a count against the peers' (negative binomial fitted to the group);\n"
		   "  yoy     a count against the body's own last year (jumps from or to zero included);\n"
		   "  funnel  a rate against the peers' pooled rate (beta-binomial, Spiegelhalter 2005),\n"
		   "          for bodies with at least --min-cases cases.\n"
		   "Every test has a p-value; Benjamini-Hochberg over the year's tests keeps the expected\n"
		   "share of false flags at --fdr, and each flag prints its q-value. --json prints one\n"
		   "object per flag: value, peer group and size, peer median, ratio, p, q, direction.\n"
		   "Benford and last-digit tests on the pooled enforcement counts say 样本不足 where too\n"
		   "few. docs/statistics.md has every method and its measured false-flag rate.\n"
		   "Peers are every body of the database, wherever it is (as in the PDF reports); --region\n"
		   "only chooses whose flags are printed."),
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
	/* peers are every body of the store, wherever it is (as in the PDF reports, xxgk/compose.h);
	 * --region only chooses whose flags are printed */
	stat_args whole = a;
	whole.region = NULL;
	if ((rc = stat_load(&whole, &cli_outliers, &year, &figs, &n)) != CLI_EXIT_OK)
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
	if (a.region) {
		/* peers were the whole store's; the flags printed are the region's */
		size_t k = 0, high = 0, plen = strlen(a.region);
		for (size_t i = 0; i < out.count; i++)
			if (out.items[i].sha256[0] && !strncmp(out.items[i].code, a.region, plen)) {
				high += i < out.high_count;
				out.items[k++] = out.items[i];
			}
		out.count = k;
		out.high_count = high;
	}
	/* each side grouped by body for reading */
	if (out.high_count > 1)
		qsort(out.items, out.high_count, sizeof *out.items, outlier_cmp);
	if (out.count - out.high_count > 1)
		qsort(out.items + out.high_count, out.count - out.high_count, sizeof *out.items, outlier_cmp);
	if (a.csv)
		fputs("\xEF\xBB\xBF" "report,name,code,level,year,method,figure,direction,group,group_size,value,prev,"
		      "peer_median,ratio,expected_lo,expected_hi,p,q,message\r\n",
		      stdout);
	size_t bodies = 0;
	for (size_t i = 0; i < n; i++)
		bodies += figs[i].year == year;
	const char *last = "";
	for (size_t i = 0; i < out.count; i++) {
		const xxgk_outlier *o = &out.items[i];
		if (a.json)
			outlier_json(o);
		else if (a.csv)
			outlier_csv(o);
		else {
			if (i == 0 && out.high_count)
				printf("【偏高】%zu 条\n", out.high_count);
			if (i == out.high_count) {
				printf("【偏低】%zu 条（常见于漏填、照抄的报告）\n", out.count - out.high_count);
				last = "";
			}
			if (strcmp(last, o->sha256) != 0)
				printf("== %s · %s · %d年度\n", o->name, o->code, o->year);
			last = o->sha256;
			printf("  · %s（%s，p = %.2g，q = %.2g）\n", o->message, o->method, o->p, o->q);
		}
	}
	if (!a.csv)
		outlier_digits(&out.digits, a.json);
	if (!a.json && !a.csv)
		printf("合计：偏高 %zu 条，偏低 %zu 条；%zu 份%d年度报告，%zu 项检验，错误发现率控制在 %.0f%%（Benjamini–Hochberg）\n",
		       out.high_count, out.count - out.high_count, bodies, year, out.tests, 100 * out.fdr);
	size_t flagged = out.count;
	xxgk_outliers_free(&out);
	free(figs);
	return flagged ? CLI_EXIT_FINDINGS : CLI_EXIT_OK;
}

const cli_command cli_stats = {
	.name = "stats",
	.synopsis = N_("[--db FILE] [--year Y] [--region CODE] [--level L] [--csv|--json]"),
	.summary = N_("distributions of every figure and rate per peer group"),
	.text = N_("For each peer group — the groups `xxgk outliers` compares in: a level and year,\n"
		   "departments also by tier and kind (县级部门·公安局), each level also as a whole; within\n"
		   "--region when given — the distribution of every figure and rate over its bodies: n,\n"
		   "mean, sd (none for one body), median, quartiles, MAD, min, max, and a 10-bin histogram\n"
		   "(--json also prints its 11 edges). Rates here are each body's own; the group's rate\n"
		   "from summed figures is in `xxgk rollup`."),
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
	xxgk_peers peers;
	double *x = malloc((n ? n : 1) * sizeof *x);
	if (!x || xxgk_peers_assign(&peers, figs, n, year, 0) != XXGK_OK) {
		cli_error(&cli_stats, _("out of memory"));
		free(x);
		free(figs);
		return CLI_EXIT_TROUBLE;
	}
	if (a.csv)
		fputs("\xEF\xBB\xBF" "group,group_key,level,year,measure,n,mean,sd,median,q1,q3,mad,min,max,histogram\r\n",
		      stdout);
	for (size_t g = 0; g < peers.group_count; g++) {
		const xxgk_peer_group *grp = &peers.groups[g];
		int level = grp->level;
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
				int of = peers.of[i];
				/* the group's own bodies; a level group's also those of its kinds */
				if (of < 0 || (of != (int)g && peers.groups[of].parent != (int)g) || !(f->known & (1u << nf)))
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
			if (xxgk_stats_histogram(counts, 10, edges, x, k) != XXGK_OK) {
				memset(counts, 0, sizeof counts);
				memset(edges, 0, sizeof edges);
			}
			const char *key = m < XXGK_FIG_COUNT ? xxgk_figure_key(m) : xxgk_rate_key(m - XXGK_FIG_COUNT);
			const char *label = m < XXGK_FIG_COUNT ? xxgk_figure_label(m) : xxgk_rate_label(m - XXGK_FIG_COUNT);
			if (a.csv || a.json) {
				static const char *const names[] = { "mean", "sd", "median", "q1", "q3", "mad", "min", "max" };
				double vals[8] = { sm.mean, sm.sd, sm.median, sm.q1, sm.q3, sm.mad, sm.min, sm.max };
				char nb[CLI_NUM_CAP];
				if (a.csv) {
					cli_csv_text(grp->name);
					printf(",%s,%s,%d,%s,%zu", grp->key, xxgk_level_name(level), year, key, sm.n);
				} else {
					fputs("{\"schema\":\"xxgk.stats/1\",\"group\":", stdout);
					cli_json_text(grp->name);
					printf(",\"group_key\":\"%s\",\"level\":\"%s\",\"year\":%d,\"measure\":\"%s\",\"n\":%zu",
					       grp->key, xxgk_level_name(level), year, key, sm.n);
				}
				for (int h = 0; h < 8; h++) {
					/* min and max to the last bit: they are the histogram's outer edges */
					int dec = h >= 6 ? 17 : 6;
					if (a.csv) {
						printf(",%s", cli_num(nb, vals[h], dec));
					} else {
						printf(",\"%s\":", names[h]);
						cli_json_num(vals[h], dec);
					}
				}
				fputs(a.csv ? "," : ",\"histogram\":[", stdout);
				for (int b = 0; b < 10; b++)
					printf("%s%zu", b ? (a.csv ? " " : ",") : "", counts[b]);
				if (a.json) {
					fputs("],\"edges\":[", stdout);
					for (int b = 0; b <= 10; b++) {
						if (b)
							putchar(',');
						cli_json_num(edges[b], 17);
					}
				}
				fputs(a.csv ? "\r\n" : "]}\n", stdout);
				continue;
			}
			if (!header) {
				static const char *const heads[] = { "n", "平均", "中位数", "Q1", "Q3", "MAD", "最小", "最大" };
				printf("== %s · %d年度（%zu 个单位）\n  ", grp->name, year, grp->size);
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
	xxgk_peers_free(&peers);
	free(x);
	free(figs);
	return CLI_EXIT_OK;
}
