/*
 * cmd_diff.c — `xxgk diff A B`: one body's two reports side by side (two
 * years, or a report and its corrected version): every figure that
 * changed, the rates, the findings that appeared or went (xxgk/diff.h).
 * A and B are files, or with --db reports of the database by their sha256
 * (a unique prefix is enough). Exit status 1 when they differ.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "xxgk/diff.h"
#include "xxgk/parse.h"
#include "xxgk/region.h"
#include "xxgk/store.h"
#include "cli.h"

enum { DIFF_DB, DIFF_JSON };

static const cli_opt diff_opts[] = {
	[DIFF_DB] = { "db", 0, "FILE", N_("A and B are reports of this database: a sha256, or a unique prefix of one") },
	[DIFF_JSON] = { "json", 0, NULL, N_("one xxgk.diff/1 object") },
	{ NULL, 0, NULL, NULL },
};

const cli_command cli_diff = {
	.name = "diff",
	.synopsis = N_("[--json] A B\n--db FILE [--json] SHA256 SHA256"),
	.summary = N_("two reports of a body side by side: figures, rates, findings"),
	.text = N_("Compares report A with report B — a body's two years, or a report and its corrected\n"
		   "version: every figure whose value changed (a blank against a printed 0 is a change),\n"
		   "the rates (公开率, 不予公开率 …) of each, and the findings that appeared in B or are gone\n"
		   "from it. Figures are listed by table, row and column as the template prints them."),
	.opts = diff_opts,
	.exit_text = N_("the reports differ"),
	.examples = "xxgk diff hongze_2023.pdf hongze_2024.pdf\n"
		    "xxgk diff --json 000_2a68a08fb10c7e43.txt 000_corrected.txt\n"
		    "xxgk diff --db county.db cf494497 6670baa9",
	.run = cli_cmd_diff,
};

static int diff_load_file(xxgk_report **out, const char *path, const xxgk_gazetteer *gaz)
{
	return cli_parse_path(out, path, gaz) == XXGK_OK ? CLI_EXIT_OK : CLI_EXIT_TROUBLE;
}

static int diff_load_db(xxgk_report **out, xxgk_store *s, const char *db, const char *prefix)
{
	char sha[65];
	xxgk_error err;
	int rc = xxgk_store_find_report(s, prefix, sha, &err);
	if (rc == XXGK_OK)
		rc = xxgk_store_get(s, sha, out, &err);
	if (rc != XXGK_OK) {
		cli_error(&cli_diff, "%s: %s", db, err.message);
		return rc == XXGK_EINVAL ? CLI_EXIT_USAGE : CLI_EXIT_TROUBLE;
	}
	return CLI_EXIT_OK;
}

static void diff_value(char *buf, bool has, double v, int kind)
{
	if (has)
		cli_num(buf, v, 2);
	else
		snprintf(buf, CLI_NUM_CAP, "%s", kind == XXGK_KIND_BLANK ? "空" : kind == XXGK_KIND_NA ? "/"
						 : kind == XXGK_KIND_UNREADABLE ? "?" : "—");
}

static void diff_print_side(const char *tag, const xxgk_report *r)
{
	printf("%s %s · %s · %d年度", tag, r->agency_name ? r->agency_name : "(未识别机关)",
	       r->region_code ? r->region_code : "—", r->year);
	if (r->published[0])
		printf(" · 发布 %s", r->published);
	printf(" · %s\n", r->source_name ? r->source_name : r->sha256);
}

static void diff_print(const xxgk_diff *d)
{
	static const char *const relations[] = { "两个年度", "同一年度的两个版本", "不同单位或年度" };
	printf("== %s\n", relations[d->relation]);
	diff_print_side("A", d->a);
	diff_print_side("B", d->b);
	const char *table = "";
	for (size_t i = 0; i < d->cell_count; i++) {
		const xxgk_diff_cell *c = &d->cells[i];
		if (strcmp(table, c->table)) {
			table = c->table;
			printf("%s\n", table);
		}
		char label[256], va[CLI_NUM_CAP], vb[CLI_NUM_CAP], dl[CLI_NUM_CAP];
		snprintf(label, sizeof label, "%s%s%s", c->row, c->column[0] ? " · " : "", c->column);
		diff_value(va, c->has_a, c->a, c->kind_a);
		diff_value(vb, c->has_b, c->b, c->kind_b);
		fputs("  ", stdout);
		cli_pad(stdout, label, 50, false);
		cli_pad(stdout, va, 10, true);
		fputs(" → ", stdout);
		cli_pad(stdout, vb, 10, false);
		if (c->has_a && c->has_b) {
			cli_num(dl, c->b - c->a, 2);
			printf("  %s%s", c->b > c->a ? "+" : "", dl);
			if (c->a != 0)
				printf("（%+.1f%%）", 100.0 * (c->b - c->a) / c->a);
		}
		putchar('\n');
	}
	bool header = false;
	for (int k = 0; k < XXGK_RATE_COUNT; k++) {
		const xxgk_rate *a = &d->rates[k].a, *b = &d->rates[k].b;
		if (!a->defined && !b->defined)
			continue;
		if (a->defined && b->defined && a->value == b->value)
			continue;
		if (!header)
			printf("比率\n");
		header = true;
		fputs("  ", stdout);
		cli_pad(stdout, xxgk_rate_label(k), 50, false);
		char va[32] = "—", vb[32] = "—";
		if (a->defined)
			snprintf(va, sizeof va, "%.1f%%", 100 * a->value);
		if (b->defined)
			snprintf(vb, sizeof vb, "%.1f%%", 100 * b->value);
		cli_pad(stdout, va, 10, true);
		fputs(" → ", stdout);
		cli_pad(stdout, vb, 10, false);
		if (a->defined && b->defined)
			printf("  %+.1f 个百分点", 100 * (b->value - a->value));
		putchar('\n');
	}
	for (int k = 0; k < 2; k++) {
		const xxgk_findings *f = k ? &d->gone : &d->appeared;
		for (size_t i = 0; i < f->count; i++)
			printf("  %s  %-22s %s\n", k ? "已消失" : "新出现", f->items[i].rule, f->items[i].message);
	}
	printf("合计：%zu 个数字不同（比较 %zu 个），新出现 %zu 项问题，消失 %zu 项\n", d->cell_count, d->cells_compared,
	       d->appeared.count, d->gone.count);
}

int cli_cmd_diff(int argc, char **argv)
{
	const char *db = NULL;
	bool json = false;
	cli_args a;
	int o;
	cli_args_init(&a, &cli_diff, argc, argv);
	while ((o = cli_args_next(&a)) >= 0) {
		if (o == DIFF_DB)
			db = a.arg;
		else
			json = true;
	}
	if (o != CLI_ARGS_END)
		return cli_args_exit(o);
	if (cli_args_count(&a) != 2)
		return cli_usage_error(&cli_diff, _("give two reports, A and B"));
	xxgk_report *r[2] = { NULL, NULL };
	xxgk_store *s = NULL;
	xxgk_gazetteer *gaz = NULL;
	xxgk_error err;
	int exit_code = CLI_EXIT_OK;
	if (db) {
		if (xxgk_store_open(&s, db, XXGK_STORE_READONLY, &err) != XXGK_OK) {
			cli_error(&cli_diff, "%s: %s", db, err.message);
			return CLI_EXIT_TROUBLE;
		}
	} else if (xxgk_gazetteer_load(&gaz, xxgk_gazetteer_default_dir(), &err) != XXGK_OK) {
		cli_error(&cli_diff, _("bodies are not placed in regions: %s"), err.message);
	}
	for (int k = 0; k < 2 && exit_code == CLI_EXIT_OK; k++)
		exit_code = db ? diff_load_db(&r[k], s, db, argv[a.first + k]) : diff_load_file(&r[k], argv[a.first + k], gaz);
	xxgk_diff d;
	if (exit_code == CLI_EXIT_OK) {
		if (xxgk_diff_reports(&d, r[0], r[1], NULL) != XXGK_OK) {
			cli_error(&cli_diff, _("out of memory"));
			exit_code = CLI_EXIT_TROUBLE;
		} else {
			if (json) {
				char *js = NULL;
				if (xxgk_diff_to_json(&js, &d) == XXGK_OK)
					puts(js);
				else
					exit_code = CLI_EXIT_TROUBLE;
				free(js);
			} else {
				diff_print(&d);
			}
			if (exit_code == CLI_EXIT_OK && (d.cell_count || d.appeared.count || d.gone.count))
				exit_code = CLI_EXIT_FINDINGS;
			xxgk_diff_free(&d);
		}
	}
	xxgk_report_free(r[0]);
	xxgk_report_free(r[1]);
	xxgk_gazetteer_free(gaz);
	xxgk_store_close(s);
	return exit_code;
}
