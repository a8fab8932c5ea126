/*
 * cmd_rollup.c — `xxgk rollup --db FILE --level county|city|province
 * [--region CODE] [--year Y] [--csv|--json]`: every figure summed per region
 * and year, the government's own report kept apart from its subordinate
 * bodies, the change against the previous year, the rates from summed
 * figures, and the bodies that did not report (缺报).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "xxgk/aggregate.h"
#include "xxgk/store.h"
#include "cli.h"

typedef struct {
	const char *label;
	int table;      /* 2, 3, 4 */
	int a, b;       /* row/col, or field index for table 2; b = −1: several */
} key_figure;

static const key_figure key_figures[] = {
	{ "新收申请", 3, XXGK_T3_NEW_RECEIVED, XXGK_T3_TOTAL },
	{ "上年结转", 3, XXGK_T3_CARRIED_OVER, XXGK_T3_TOTAL },
	{ "办结（七）", 3, XXGK_T3_TOTAL_PROCESSED, XXGK_T3_TOTAL },
	{ "结转下年", 3, XXGK_T3_CARRIED_FORWARD, XXGK_T3_TOTAL },
	{ "行政复议", 4, XXGK_T4_REVIEW, XXGK_T4_TOTAL },
	{ "行政诉讼", 4, -1, XXGK_T4_TOTAL },
	{ "行政许可", 2, 6, 0 },
	{ "行政处罚", 2, 7, 0 },
	{ "行政强制", 2, 8, 0 },
	{ "收费(万元)", 2, 9, 0 },
};
#define KEY_COUNT (sizeof key_figures / sizeof key_figures[0])

static double key_value(const xxgk_sums *s, const key_figure *k)
{
	if (k->table == 3)
		return s->applications[k->a][k->b];
	if (k->table == 4 && k->a < 0)
		return s->reviews[XXGK_T4_LITIGATION_DIRECT][k->b] + s->reviews[XXGK_T4_LITIGATION_AFTER_REVIEW][k->b];
	if (k->table == 4)
		return s->reviews[k->a][k->b];
	return s->active[k->a];
}

static uint32_t sums_missing(const xxgk_sums *s)
{
	uint32_t n = 0;
	for (int i = 0; i < XXGK_AGG_ACTIVE; i++)
		n += s->active_missing[i];
	for (int r = 0; r < XXGK_T3_ROWS; r++)
		for (int c = 0; c < XXGK_T3_COLS; c++)
			n += s->applications_missing[r][c];
	for (int g = 0; g < XXGK_T4_GROUPS; g++)
		for (int c = 0; c < XXGK_T4_COLS; c++)
			n += s->reviews_missing[g][c];
	return n;
}

static const xxgk_rollup *rollup_find(const xxgk_rollup *rs, size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(rs[i].code, code) == 0)
			return &rs[i];
	return NULL;
}

static void print_part(const char *label, const xxgk_sums *s, const xxgk_sums *prev)
{
	printf("  %s（%u 份报告）\n   ", label, s->reports);
	for (size_t k = 0; k < KEY_COUNT; k++) {
		double v = key_value(s, &key_figures[k]);
		printf(" %s %.15g", key_figures[k].label, v);
		if (prev && prev->reports) {
			double p = key_value(prev, &key_figures[k]);
			if (p != 0)
				printf("（%+.1f%%）", 100.0 * (v - p) / p);
			else if (v != 0)
				printf("（上年 0）");
		}
		if (k == 4)
			printf("\n   ");
	}
	printf("\n   ");
	for (int rt = 0; rt < XXGK_RATE_COUNT; rt++) {
		xxgk_rate r = xxgk_sums_rate(s, rt);
		if (r.defined)
			printf(" %s %.1f%%（%.15g/%.15g）", xxgk_rate_label(rt), 100 * r.value, r.numerator, r.denominator);
		else
			printf(" %s —", xxgk_rate_label(rt));
		if (prev && prev->reports) {
			xxgk_rate p = xxgk_sums_rate(prev, rt);
			if (r.defined && p.defined)
				printf("[%+.1f 点]", 100 * (r.value - p.value));
		}
	}
	printf("\n");
	uint32_t missing = sums_missing(s);
	if (missing)
		printf("    注：%u 个单元格无数字（空白、“/”或无法读取），未计入合计\n", missing);
	if (s->reports_2019)
		printf("    注：%u 份报告用旧版格式，其表二未计入\n", s->reports_2019);
}

/* Every figure's column name: active.licensing.decisions, applications.granted.total … */
static void figure_names(char names[][64], size_t *n)
{
	size_t nf, k = 0;
	const xxgk_active_field *f = xxgk_active_fields(XXGK_TEMPLATE_2021, &nf);
	for (size_t i = 0; i < nf; i++)
		snprintf(names[k++], 64, "active.%s.%s", f[i].item, f[i].column);
	for (int r = 0; r < XXGK_T3_ROWS; r++)
		for (int c = 0; c < XXGK_T3_COLS; c++)
			snprintf(names[k++], 64, "applications.%s.%s", xxgk_t3_row_key(r), xxgk_t3_col_key(c));
	for (int g = 0; g < XXGK_T4_GROUPS; g++)
		for (int c = 0; c < XXGK_T4_COLS; c++)
			snprintf(names[k++], 64, "reviews.%s.%s", xxgk_t4_group_key(g), xxgk_t4_col_key(c));
	*n = k;
}

static void figure_values(const xxgk_sums *s, double *v)
{
	size_t k = 0;
	for (int i = 0; i < XXGK_AGG_ACTIVE; i++)
		v[k++] = s->active[i];
	for (int r = 0; r < XXGK_T3_ROWS; r++)
		for (int c = 0; c < XXGK_T3_COLS; c++)
			v[k++] = s->applications[r][c];
	for (int g = 0; g < XXGK_T4_GROUPS; g++)
		for (int c = 0; c < XXGK_T4_COLS; c++)
			v[k++] = s->reviews[g][c];
}

#define FIGURES (XXGK_AGG_ACTIVE + XXGK_T3_ROWS * XXGK_T3_COLS + XXGK_T4_GROUPS * XXGK_T4_COLS)

enum { ROLLUP_DB, ROLLUP_LEVEL, ROLLUP_REGION, ROLLUP_YEAR, ROLLUP_CSV, ROLLUP_JSON };

static const cli_opt rollup_opts[] = {
	[ROLLUP_DB] = { "db", 0, "FILE", N_("the database (default xxgk.db)") },
	[ROLLUP_LEVEL] = { "level", 0, "LEVEL", N_("county, city or province (required)") },
	[ROLLUP_REGION] = { "region", 0, "CODE", N_("a region code or prefix: 32 (江苏), 3208 (淮安), 320813 (洪泽)") },
	[ROLLUP_YEAR] = { "year", 0, "Y", N_("the reporting year (default: the latest in the database)") },
	[ROLLUP_CSV] = { "csv", 0, NULL, N_("one row per region and part (own, sub), every figure a column, BOM for Excel") },
	[ROLLUP_JSON] = { "json", 0, NULL, N_("one object per region, own and sub with every figure, rates and last year") },
	{ NULL, 0, NULL, NULL },
};

const cli_command cli_rollup = {
	.name = "rollup",
	.synopsis = N_("[--db FILE] --level county|city|province [--region CODE] [--year Y] [--csv | --json]"),
	.summary = N_("every figure summed by region and year, with rates and 缺报"),
	.text = N_("Sums every figure of tables 2-4 per region and year over each body's chosen report.\n"
		   "A region's own government report (本级) and the sum of the bodies under it (下属) are\n"
		   "shown apart and never added: a county report may cover the whole county. Rates are\n"
		   "computed from summed figures (docs/aggregate.md); change is against the previous\n"
		   "year in the database; 缺报 lists bodies that reported another year but not this one.\n"
		   "Cells with no number are not summed and are counted. A region with no report of its\n"
		   "own has empty own figures (blank in CSV, null in JSON), not zeros."),
	.opts = rollup_opts,
	.examples = "xxgk rollup --db county.db --level county --region 320813 --year 2024\n"
		    "xxgk rollup --db province.db --level city --csv > cities.csv",
	.run = cli_cmd_rollup,
};

int cli_cmd_rollup(int argc, char **argv)
{
	const char *db = "xxgk.db", *region = NULL;
	int level = -1, year = 0;
	bool csv = false, json = false;
	static const char *const levels[] = { "county", "city", "province", NULL };
	static const int level_of[] = { XXGK_LEVEL_COUNTY, XXGK_LEVEL_CITY, XXGK_LEVEL_PROVINCE };
	cli_args a;
	int o, choice;
	long y;
	cli_args_init(&a, &cli_rollup, argc, argv);
	while ((o = cli_args_next(&a)) >= 0) {
		switch (o) {
		case ROLLUP_DB: db = a.arg; break;
		case ROLLUP_LEVEL:
			if (cli_arg_choice(&a, levels, &choice))
				return CLI_EXIT_USAGE;
			level = level_of[choice];
			break;
		case ROLLUP_REGION: region = a.arg; break;
		case ROLLUP_YEAR:
			if (cli_arg_long(&a, 1990, 2100, &y))
				return CLI_EXIT_USAGE;
			year = (int)y;
			break;
		case ROLLUP_CSV: csv = true; break;
		case ROLLUP_JSON: json = true; break;
		}
	}
	if (o != CLI_ARGS_END)
		return cli_args_exit(o);
	if (cli_args_count(&a))
		return cli_usage_error(&cli_rollup, _("unexpected operand '%s'"), argv[a.first]);
	if (level < 0)
		return cli_usage_error(&cli_rollup, _("--level county|city|province is required"));
	xxgk_store *s = NULL;
	xxgk_error err;
	if (xxgk_store_open(&s, db, XXGK_STORE_READONLY, &err) != XXGK_OK) {
		cli_error(&cli_rollup, "%s: %s", db, err.message);
		return CLI_EXIT_TROUBLE;
	}
	xxgk_rollup *cur = NULL, *prev = NULL;
	size_t nc = 0, np = 0;
	int rc = year ? XXGK_OK : xxgk_store_latest_year(s, &year, &err);
	if (rc == XXGK_OK)
		rc = xxgk_store_rollup2(s, level, region, year, &cur, &nc, &prev, &np, &err);
	xxgk_store_close(s);
	if (rc != XXGK_OK) {
		cli_error(&cli_rollup, "%s: %s", db, err.message);
		return CLI_EXIT_TROUBLE;
	}
	if (nc == 0) {
		cli_error(&cli_rollup, _("%s: no report for %d%s%s"), db, year, region ? _(" in region ") : "",
			  region ? region : "");
		xxgk_rollups_free(prev, np);
		return CLI_EXIT_TROUBLE;
	}
	static char names[FIGURES][64];
	size_t nn;
	figure_names(names, &nn);
	double v[FIGURES];
	if (csv) {
		fputs("\xEF\xBB\xBF" "code,name,level,year,part,reports,bodies,bodies_missing,cells_missing", stdout);
		for (size_t k = 0; k < nn; k++)
			printf(",%s", names[k]);
		for (int rt = 0; rt < XXGK_RATE_COUNT; rt++)
			printf(",rate.%s", xxgk_rate_key(rt));
		fputs("\r\n", stdout);
	}
	for (size_t i = 0; i < nc; i++) {
		const xxgk_rollup *r = &cur[i];
		const xxgk_rollup *p = rollup_find(prev, np, r->code);
		if (csv) {
			for (int part = 0; part < 2; part++) {
				const xxgk_sums *sm = part ? &r->sub : &r->own;
				printf("%s,", r->code);
				cli_csv_text(r->name);
				printf(",%s,%d,%s,%u,%u,%u,%u", xxgk_level_name(r->level), r->year, part ? "sub" : "own", sm->reports,
				       r->bodies, r->bodies_missing, sums_missing(sm));
				/* no report of that part: its figures are unknown, not zero */
				figure_values(sm, v);
				for (size_t k = 0; k < nn; k++)
					if (sm->reports)
						printf(",%.15g", v[k]);
					else
						putchar(',');
				for (int rt = 0; rt < XXGK_RATE_COUNT; rt++) {
					xxgk_rate rate = xxgk_sums_rate(sm, rt);
					if (rate.defined && sm->reports)
						printf(",%.6f", rate.value);
					else
						printf(",");
				}
				fputs("\r\n", stdout);
			}
			continue;
		}
		if (json) {
			printf("{\"schema\":\"xxgk.rollup/1\",\"code\":\"%s\",\"name\":", r->code);
			cli_json_text(r->name);
			printf(",\"level\":\"%s\",\"year\":%d,\"bodies\":%u,\"bodies_missing\":%u,\"missing\":[",
			       xxgk_level_name(r->level), r->year, r->bodies, r->bodies_missing);
			for (size_t k = 0; k < r->missing_count; k++) {
				if (k)
					putchar(',');
				cli_json_text(r->missing[k]);
			}
			putchar(']');
			for (int part = 0; part < 4; part++) {
				const xxgk_sums *sm = part == 0 ? &r->own : part == 1 ? &r->sub
						    : p ? (part == 2 ? &p->own : &p->sub) : NULL;
				static const char *const keys[] = { "own", "sub", "previous_own", "previous_sub" };
				printf(",\"%s\":", keys[part]);
				if (!sm) {
					fputs("null", stdout);
					continue;
				}
				if (!sm->reports) {   /* unknown, not zero */
					fputs("{\"reports\":0,\"cells_missing\":0,\"figures\":null,\"rates\":null}", stdout);
					continue;
				}
				printf("{\"reports\":%u,\"cells_missing\":%u,\"figures\":{", sm->reports, sums_missing(sm));
				figure_values(sm, v);
				for (size_t k = 0; k < nn; k++)
					printf("%s\"%s\":%.15g", k ? "," : "", names[k], v[k]);
				fputs("},\"rates\":{", stdout);
				for (int rt = 0; rt < XXGK_RATE_COUNT; rt++) {
					xxgk_rate rate = xxgk_sums_rate(sm, rt);
					printf("%s\"%s\":", rt ? "," : "", xxgk_rate_key(rt));
					if (rate.defined)
						printf("{\"value\":%.6f,\"numerator\":%.15g,\"denominator\":%.15g}", rate.value,
						       rate.numerator, rate.denominator);
					else
						fputs("null", stdout);
				}
				fputs("}}", stdout);
			}
			fputs("}\n", stdout);
			continue;
		}
		printf("== %s（%s）· %d年度 · %u 个单位有报告", r->name, r->code, r->year, r->bodies);
		if (r->bodies_missing) {
			printf(" · 缺报 %u：", r->bodies_missing);
			for (size_t k = 0; k < r->missing_count && k < 8; k++)
				printf("%s%s", k ? "、" : "", r->missing[k]);
			if (r->bodies_missing > 8)
				printf(" 等");
		}
		printf("\n");
		if (r->own.reports)
			print_part("本级", &r->own, p ? &p->own : NULL);
		if (r->sub.reports)
			print_part("下属单位合计", &r->sub, p ? &p->sub : NULL);
	}
	xxgk_rollups_free(cur, nc);
	xxgk_rollups_free(prev, np);
	return CLI_EXIT_OK;
}
