/*
 * test_compose.c — the composition layer (xxgk/compose.h) on a store built
 * here, whose answers are worked out by hand in the comments:
 *
 * 汉川市 (420984), reporting year 2024, deadlines of data/deadlines.csv:
 *   A 汉川市人民政府 (county)    2025-03-20  on time (3月31日)  new 120 (2023: 100)
 *   B 分水镇 (town)              2025-02-14  late 14 days        new 60  (2023: 50)
 *   C 马口镇 (town)              2025-01-20  on time             new 60, processed 58: t3.balance
 *                                                                fails in 自然人 (60 + 0 ≠ 58 + 0; the 总计
 *                                                                column's failure is implied, data/rules.conf)
 *   D 汉川市公安局 (department)  no date     unknown             new 3
 *   E 城隍镇 (town)              2023 only                      缺报
 *   F 新河镇 (town)              2025-01-25  on time             公开率 6/60 = 10.0%
 *   G 脉旺镇 (town)              2025-01-25  on time             new 600, processed 600
 * 应城市 (420981): twelve towns, new = processed = 45, 50 … 100, granted 80% of it.
 * 仙桃市 (429004): its government's own report only (no subordinate report).
 *
 * The sixteen towns of 2024 are one peer group ("乡镇街道", xxgk_peers_assign). 本年新收 sorted:
 * 45 50 55 60 60 60 60 65 70 75 80 85 90 95 100 600, median (65 + 70)/2 = 67.5, so G, flagged by
 * the library's count test, is "约为同级（乡镇街道，16个）中位数约68件的8.9倍" (a median between two
 * whole numbers, 50 or more, is said rounded with 约; the ratio is the exact 600/67.5). 公开率 over the
 * sixteen: p0 = 1276/1648 = 77.43%; the winsorised z of the towns lie in 0.41…0.61, so
 * φ = mean(z_w²)/0.6787 = 0.38 < 1 and τ² = 0: binomial limits. At 60 cases, X ~ Bin(60, 0.7743):
 * the least r with P(X ≥ r) ≤ 2.5% is 53, the largest r with P(X ≤ r) ≤ 2.5% is 39, so the 95%
 * range is (39.5/60, 52.5/60) = 65.8%–87.5% (docs/statistics.md, Limits); F's 6 of 60 is far
 * below it. No other town stands out; A and D have no peers of their own level.
 * The findings: C's t3.balance failure, nothing else (every table
 * balances, the six parts are printed, figures differ between bodies so no
 * table is a copy).
 */
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "xxgk/compose.h"
#include "xxgk/region.h"

static char db_path[256];

/* The sha256 the store knows report c24 by: 61 zeros and the seed (mk). */
#define C24_SHA "0000000000000000000000000000000000000000000000000000000000000c24"
#define B24_SHA "0000000000000000000000000000000000000000000000000000000000000b24"

/* A 2021-format report: new received `nr` and processed `done` by natural persons, `granted` of them
 * granted and the rest under （六）3.其他; nothing carried; table 4 zero; penalty decisions `penalty`. */
static xxgk_report *mk(const char *seed, const char *code, int level, const char *name, int year,
		       const char *published, double nr, double done, double granted, double penalty)
{
	xxgk_report *r;
	ck_assert_int_eq(xxgk_report_new(&r), XXGK_OK);
	size_t n = strlen(seed);
	memset(r->sha256, '0', 64);
	memcpy(r->sha256 + 64 - n, seed, n);
	r->sha256[64] = '\0';
	xxgk_report_set_string(&r->region_code, code);
	xxgk_report_set_string(&r->agency_name, name);
	xxgk_report_set_string(&r->source_name, "x.txt");
	r->level = (uint8_t)level;
	r->year = year;
	r->template_kind = XXGK_TEMPLATE_2021;
	snprintf(r->published, sizeof r->published, "%s", published);
	for (int p = 0; p < 6; p++)
		r->part_line[p] = (uint32_t)(p + 1);
	for (size_t i = 0; i < 10; i++)
		xxgk_cell_set(&r->active[i], XXGK_KIND_NUMBER, true, i == 7 ? penalty : 0, 1, 1, NULL);
	for (int row = 0; row < XXGK_T3_ROWS; row++)
		for (int c = 0; c < XXGK_T3_COLS; c++) {
			double v = 0;
			if (c == XXGK_T3_NATURAL_PERSON || c == XXGK_T3_TOTAL) {
				if (row == XXGK_T3_NEW_RECEIVED)
					v = nr;
				else if (row == XXGK_T3_TOTAL_PROCESSED)
					v = done;
				else if (row == XXGK_T3_GRANTED)
					v = granted;
				else if (row == XXGK_T3_OTHER_REASONS)
					v = done - granted;
			}
			xxgk_cell_set(&r->applications[row][c], XXGK_KIND_NUMBER, true, v, 1, 1, NULL);
		}
	for (int g = 0; g < XXGK_T4_GROUPS; g++)
		for (int c = 0; c < XXGK_T4_COLS; c++)
			xxgk_cell_set(&r->reviews[g][c], XXGK_KIND_NUMBER, true, 0, 1, 1, NULL);
	return r;
}

static void put(xxgk_store *s, xxgk_report *r)
{
	xxgk_error err;
	int outcome;
	ck_assert_int_eq(xxgk_store_put(s, r, &outcome, &err), XXGK_OK);
	xxgk_report_free(r);
}

/* The store of the header comment (without checking it). */
static xxgk_store *make_store(void)
{
	xxgk_store *s;
	xxgk_error err;
	xxgk_gazetteer *g = NULL;
	snprintf(db_path, sizeof db_path, "/tmp/xxgk-test-compose-%d.db", (int)getpid());
	unlink(db_path);
	ck_assert_int_eq(xxgk_store_open(&s, db_path, XXGK_STORE_CREATE, &err), XXGK_OK);
	ck_assert_int_eq(xxgk_gazetteer_load(&g, XXGK_DATA_DIR_TEST "/gazetteer", &err), XXGK_OK);
	ck_assert_int_eq(xxgk_store_put_regions(s, g, &err), XXGK_OK);
	xxgk_gazetteer_free(g);
	ck_assert_int_eq(xxgk_store_begin(s, &err), XXGK_OK);
	put(s, mk("a24", "420984", XXGK_LEVEL_COUNTY, "汉川市人民政府", 2024, "2025-03-20", 120, 120, 100, 5));
	put(s, mk("a23", "420984", XXGK_LEVEL_COUNTY, "汉川市人民政府", 2023, "2024-03-15", 100, 100, 80, 4));
	put(s, mk("b24", "420984103", XXGK_LEVEL_TOWN, "分水镇", 2024, "2025-02-14", 60, 60, 48, 11));
	put(s, mk("b23", "420984103", XXGK_LEVEL_TOWN, "分水镇", 2023, "2024-01-15", 50, 50, 40, 9));
	put(s, mk("c24", "420984101", XXGK_LEVEL_TOWN, "马口镇", 2024, "2025-01-20", 60, 58, 46, 12));
	put(s, mk("d24", "420984", XXGK_LEVEL_DEPARTMENT, "汉川市公安局", 2024, "", 3, 3, 3, 2));
	put(s, mk("e23", "420984102", XXGK_LEVEL_TOWN, "城隍镇", 2023, "2024-01-15", 20, 20, 16, 3));
	put(s, mk("f24", "420984105", XXGK_LEVEL_TOWN, "新河镇", 2024, "2025-01-25", 60, 60, 6, 13));
	put(s, mk("g24", "420984106", XXGK_LEVEL_TOWN, "脉旺镇", 2024, "2025-01-25", 600, 600, 480, 14));
	for (int i = 0; i < 12; i++) {
		char seed[8], code[16], name[32];
		snprintf(seed, sizeof seed, "%x", 0x100 + i);
		snprintf(code, sizeof code, "420981%03d", 101 + i);
		snprintf(name, sizeof name, "应城%d镇", i + 1);
		double n = 45 + 5 * i;
		put(s, mk(seed, code, XXGK_LEVEL_TOWN, name, 2024, "2025-01-10", n, n, 0.8 * n, 20 + i));
	}
	put(s, mk("h24", "429004", XXGK_LEVEL_COUNTY, "仙桃市人民政府", 2024, "2025-03-01", 40, 40, 30, 6));
	ck_assert_int_eq(xxgk_store_commit(s, &err), XXGK_OK);
	ck_assert_int_eq(xxgk_store_settle_conflicts(s, &err), XXGK_OK);
	return s;
}

static void drop_store(xxgk_store *s)
{
	xxgk_store_close(s);
	unlink(db_path);
}

/* The options every document of these tests uses: a fixed 成文日期 (a Tuesday). */
static xxgk_compose_options opts(void)
{
	xxgk_compose_options o = XXGK_COMPOSE_OPTIONS_INIT;
	o.date = "2025-03-25";
	return o;
}

static char *county_json(xxgk_store *s, const char *region, const xxgk_compose_options *o)
{
	xxgk_layout *l = NULL;
	xxgk_error err;
	char *json = NULL;
	int rc = xxgk_compose_county(&l, s, region, 2024, o, &err);
	ck_assert_msg(rc == XXGK_OK, "compose county %s: %s", region, err.message);
	ck_assert_int_eq(xxgk_layout_to_json(&json, l), XXGK_OK);
	xxgk_layout_free(l);
	return json;
}

#define HAS(json, s) ck_assert_msg(strstr((json), (s)) != NULL, "missing: %s", (s))
#define HASNT(json, s) ck_assert_msg(strstr((json), (s)) == NULL, "present: %s", (s))

/* ---------------------------------------------------------------- deadlines and configuration */

START_TEST(deadlines_per_level)
{
	xxgk_deadlines *d = NULL;
	xxgk_error err;
	char deadline[11];
	int late = -1;
	ck_assert_int_eq(xxgk_deadlines_load(&d, NULL, &err), XXGK_OK);
	/* a town's 2024 report: by 2025-01-31 */
	ck_assert_int_eq(xxgk_publication_status(d, XXGK_LEVEL_TOWN, 2024, "2025-02-14", deadline, &late),
			 XXGK_PUBLISHED_LATE);
	ck_assert_str_eq(deadline, "2025-01-31");
	ck_assert_int_eq(late, 14);
	ck_assert_int_eq(xxgk_publication_status(d, XXGK_LEVEL_TOWN, 2024, "2025-01-31", NULL, NULL),
			 XXGK_PUBLISHED_ON_TIME);
	/* a county government: by 3月31日; the department's deadline 1月31日 */
	ck_assert_int_eq(xxgk_publication_status(d, XXGK_LEVEL_COUNTY, 2024, "2025-03-31", NULL, NULL),
			 XXGK_PUBLISHED_ON_TIME);
	ck_assert_int_eq(xxgk_publication_status(d, XXGK_LEVEL_DEPARTMENT, 2024, "2025-02-01", deadline, &late),
			 XXGK_PUBLISHED_LATE);
	ck_assert_int_eq(late, 1);
	/* across a leap February: 2024-01-31 → 2024-03-01 is 30 days */
	ck_assert_int_eq(xxgk_publication_status(d, XXGK_LEVEL_TOWN, 2023, "2024-03-01", NULL, &late),
			 XXGK_PUBLISHED_LATE);
	ck_assert_int_eq(late, 30);
	/* no date, or not a date: unknown, never guessed */
	ck_assert_int_eq(xxgk_publication_status(d, XXGK_LEVEL_TOWN, 2024, "", deadline, &late),
			 XXGK_PUBLISHED_UNKNOWN);
	ck_assert_str_eq(deadline, "2025-01-31");
	ck_assert_int_eq(xxgk_publication_status(d, XXGK_LEVEL_TOWN, 2024, "2025-13-01", NULL, NULL),
			 XXGK_PUBLISHED_UNKNOWN);
	ck_assert_int_eq(xxgk_publication_status(d, XXGK_LEVEL_UNKNOWN, 2024, "2025-01-01", NULL, NULL),
			 XXGK_PUBLISHED_UNKNOWN);
	/* overridden per level */
	ck_assert_int_eq(xxgk_deadlines_set(d, "town=02-28", &err), XXGK_OK);
	ck_assert_int_eq(xxgk_publication_status(d, XXGK_LEVEL_TOWN, 2024, "2025-02-14", NULL, NULL),
			 XXGK_PUBLISHED_ON_TIME);
	ck_assert_int_eq(xxgk_deadlines_set(d, "village=01-31", &err), XXGK_EINVAL);
	ck_assert_int_eq(xxgk_deadlines_set(d, "town=13-01", &err), XXGK_EINVAL);
	ck_assert_int_eq(xxgk_deadlines_set(d, "town", &err), XXGK_EINVAL);
	xxgk_deadlines_free(d);
	/* a bad data file names file and line */
	char path[128];
	snprintf(path, sizeof path, "/tmp/xxgk-test-deadlines-%d.csv", (int)getpid());
	FILE *f = fopen(path, "w");
	fputs("level,deadline,basis\ntown,01-31,ok\ncounty,3-31,bad\n", f);
	fclose(f);
	ck_assert_int_eq(xxgk_deadlines_load(&d, path, &err), XXGK_EPARSE);
	ck_assert_ptr_nonnull(strstr(err.message, ":3:"));
	ck_assert_ptr_null(d);
	unlink(path);
	ck_assert_int_eq(xxgk_deadlines_load(&d, "/nonexistent/deadlines.csv", &err), XXGK_EIO);
}
END_TEST

START_TEST(config_file)
{
	char path[128];
	xxgk_compose_config *c = NULL;
	xxgk_deadlines *d = NULL;
	xxgk_error err;
	snprintf(path, sizeof path, "/tmp/xxgk-test-compose-%d.conf", (int)getpid());
	FILE *f = fopen(path, "w");
	fputs("# 通报的落款等\n落款 = 汉川市人民政府办公室\n文号 = 汉政办〔2025〕3号\n主送=各乡镇人民政府\n"
	      "整改时限 = 10个工作日\ndeadline.town = 02-28\n", f);
	fclose(f);
	ck_assert_int_eq(xxgk_compose_config_load(&c, path, &err), XXGK_OK);
	ck_assert_int_eq(xxgk_deadlines_load(&d, NULL, &err), XXGK_OK);
	xxgk_compose_options o = XXGK_COMPOSE_OPTIONS_INIT;
	o.doc_number = "汉政办〔2025〕9号";   /* a flag given too wins */
	ck_assert_int_eq(xxgk_compose_config_apply(c, &o, d, &err), XXGK_OK);
	ck_assert_str_eq(o.issuer, "汉川市人民政府办公室");
	ck_assert_str_eq(o.doc_number, "汉政办〔2025〕9号");
	ck_assert_str_eq(o.addressees, "各乡镇人民政府");
	ck_assert_uint_eq(o.rectify_days, 10);
	ck_assert_int_eq(xxgk_publication_status(d, XXGK_LEVEL_TOWN, 2024, "2025-02-14", NULL, NULL),
			 XXGK_PUBLISHED_ON_TIME);
	xxgk_compose_config_free(c);
	xxgk_deadlines_free(d);
	f = fopen(path, "w");
	fputs("落款 = x\n签发人 = y\n", f);
	fclose(f);
	ck_assert_int_eq(xxgk_compose_config_load(&c, path, &err), XXGK_EPARSE);
	ck_assert_ptr_nonnull(strstr(err.message, ":2:"));
	f = fopen(path, "w");
	fputs("整改时限 = 十五天\n", f);
	fclose(f);
	ck_assert_int_eq(xxgk_compose_config_load(&c, path, &err), XXGK_EPARSE);
	unlink(path);
}
END_TEST

/* ---------------------------------------------------------------- findings and flags from the store */

START_TEST(stored_findings_and_unchecked)
{
	xxgk_store *s = make_store();
	xxgk_error err;
	xxgk_findings f;
	/* never checked: every chosen report of the scope is unchecked */
	ck_assert_int_eq(xxgk_store_unchecked(s, "420984", 2024, 2024), 6);
	xxgk_check_store_options co = XXGK_CHECK_STORE_OPTIONS_INIT;
	co.save = true;
	ck_assert_int_eq(xxgk_check_store(s, &co, &err), XXGK_OK);
	ck_assert_int_eq(xxgk_store_unchecked(s, "420984", 2024, 2024), 0);
	xxgk_findings_init(&f);
	ck_assert_int_eq(xxgk_store_findings(s, "420984", 2024, 2024, &f, &err), XXGK_OK);
	ck_assert_uint_eq(f.count, 1);
	for (size_t i = 0; i < f.count; i++) {
		ck_assert_str_eq(f.items[i].rule, "t3.balance");
		ck_assert_int_eq(f.items[i].severity, XXGK_SEV_ERROR);
		ck_assert_str_eq(f.items[i].report, C24_SHA);
	}
	ck_assert_ptr_nonnull(strstr(f.items[0].message, "表三“自然人”列"));
	char id[XXGK_FINDING_ID_LEN + 1];
	snprintf(id, sizeof id, "%s", f.items[0].id);
	xxgk_findings_free(&f);
	/* the same finding read for its one report, and counted without being read */
	xxgk_findings_init(&f);
	ck_assert_int_eq(xxgk_store_report_findings(s, C24_SHA, &f, &err), XXGK_OK);
	ck_assert_uint_eq(f.count, 1);
	ck_assert_str_eq(f.items[0].id, id);
	ck_assert_str_eq(f.items[0].rule, "t3.balance");
	ck_assert_int_eq(f.items[0].status, XXGK_STATUS_OPEN);
	xxgk_findings_free(&f);
	xxgk_finding_tally *t;
	size_t tn;
	ck_assert_int_eq(xxgk_store_finding_tallies(s, "420984", 2024, 2024, NULL, &t, &tn, &err), XXGK_OK);
	size_t with_errors = 0;
	for (size_t i = 0; i < tn; i++)
		if (t[i].errors) {
			with_errors++;
			ck_assert_str_eq(t[i].report, C24_SHA);
			ck_assert_int_eq(t[i].errors, 1);
			ck_assert_int_eq(t[i].open, 1);
		}
	ck_assert_uint_eq(with_errors, 1);
	free(t);
	/* fixed: no longer open, in the tally of the reports holding that finding */
	int outcome;
	ck_assert_int_eq(xxgk_store_set_status(s, id, XXGK_STATUS_FIXED, "王五", "2025-03-01T00:00:00Z", NULL, "test",
					       &outcome, &err), XXGK_OK);
	ck_assert_int_eq(xxgk_store_finding_tallies(s, NULL, 2024, 2024, id, &t, &tn, &err), XXGK_OK);
	ck_assert_uint_eq(tn, 1);
	ck_assert_str_eq(t[0].report, C24_SHA);
	ck_assert_int_eq(t[0].errors, 1);
	ck_assert_int_eq(t[0].open, 0);
	free(t);
	/* a report loaded after the check is unchecked, in the check's own second too (times are to the
	   second; the check records which reports it saw) */
	ck_assert_int_eq(xxgk_store_begin(s, &err), XXGK_OK);
	put(s, mk("j24", "420984107", XXGK_LEVEL_TOWN, "南河乡", 2024, "2025-01-02", 5, 5, 5, 1));
	ck_assert_int_eq(xxgk_store_commit(s, &err), XXGK_OK);
	ck_assert_int_eq(xxgk_store_unchecked(s, "420984", 2024, 2024), 1);
	ck_assert_int_eq(xxgk_store_unchecked(s, "420981", 2024, 2024), 0);
	drop_store(s);
}
END_TEST

START_TEST(outliers_against_the_whole_store)
{
	xxgk_store *s = make_store();
	xxgk_error err;
	xxgk_outliers out = { 0 };
	ck_assert_int_eq(xxgk_compose_find_outliers(&out, s, "420984", 2024, NULL, &err), XXGK_OK);
	bool f_funnel = false, g_new = false;
	for (size_t i = 0; i < out.count; i++) {
		const xxgk_outlier *o = &out.items[i];
		ck_assert_msg(!strcmp(o->name, "新河镇") || !strcmp(o->name, "脉旺镇"), "flagged %s %s %s", o->name,
			      o->method, o->figure);
		if (!strcmp(o->method, "funnel") && !strcmp(o->figure, "disclosed")) {
			f_funnel = true;
			ck_assert_uint_eq(o->group_size, 16);
			ck_assert_int_eq(o->direction, XXGK_OUTLIER_LOW);
		}
		if (!strcmp(o->method, "level") && !strcmp(o->figure, "new_received")) {
			g_new = true;
			ck_assert_uint_eq(o->group_size, 16);   /* the towns of 应城市 are its peers too */
			ck_assert_double_eq(o->peer_median, 67.5);
		}
	}
	ck_assert(f_funnel && g_new);
	/* the fit of the towns' 公开率 is there for the chart */
	bool fit = false;
	for (size_t i = 0; i < out.funnel_count; i++)
		if (!strcmp(out.funnels[i].group_key, "town") && out.funnels[i].rate == XXGK_RATE_DISCLOSED) {
			fit = true;
			ck_assert_double_eq_tol(out.funnels[i].fit.target, 1276.0 / 1648.0, 1e-12);
			ck_assert_double_eq(out.funnels[i].fit.tau2, 0);
		}
	ck_assert(fit);
	xxgk_outliers_free(&out);
	memset(&out, 0, sizeof out);
	/* 应城市's towns are the peers, and none of them stands out */
	ck_assert_int_eq(xxgk_compose_find_outliers(&out, s, "420981", 2024, NULL, &err), XXGK_OK);
	ck_assert_uint_eq(out.count, 0);
	xxgk_outliers_free(&out);
	drop_store(s);
}
END_TEST

/* ---------------------------------------------------------------- the county 通报 */

START_TEST(county_document)
{
	xxgk_store *s = make_store();
	xxgk_error err;
	xxgk_check_store_options co = XXGK_CHECK_STORE_OPTIONS_INIT;
	co.save = true;
	ck_assert_int_eq(xxgk_check_store(s, &co, &err), XXGK_OK);
	xxgk_compose_options o = opts();
	o.issuer = "汉川市人民政府办公室";
	o.doc_number = "汉政办〔2025〕3号";
	o.addressees = "各乡镇人民政府，市政府各部门";
	char *json = county_json(s, "420984", &o);
	if (getenv("XXGK_TEST_DUMP")) {
		FILE *f = fopen(getenv("XXGK_TEST_DUMP"), "w");
		fputs(json, f);
		fclose(f);
	}

	HAS(json, "\"title\":\"关于汉川市2024年度政府信息公开工作年度报告审查情况的通报\"");
	HAS(json, "\"doc_number\":\"汉政办〔2025〕3号\"");
	HAS(json, "{\"type\":\"addressees\",\"text\":\"各乡镇人民政府，市政府各部门：\"}");
	/* key findings: six reported (A B C D F G), E missing; B late, D undated; one 勾稽 error body; items:
	 * E 缺报, B late, C's rule, F's and G's flags = 5; 本级 120 vs 100 = +20.0%; 下属 B C D F G = 783 vs
	 * B 50 + E 20 = 70 in 2023: +1018.6%; the rectification date: 2025-03-25 + 15 working days */
	HAS(json, "{\"type\":\"keypoints\",\"text\":\"主要情况\",\"items\":["
		  "\"6个单位发布了2024年度报告，1个单位缺报；1个逾期发布；1个未载明发布日期。\","
		  "\"1个单位存在数据勾稽关系错误，共5项问题需要整改或核实。\","
		  "\"本级新收政府信息公开申请120件，比上年增加20.0%；下属单位合计新收政府信息公开申请783件，比上年增加1018.6%。\","
		  "\"2个单位的数据与同级单位相比明显异常，需要核实。\","
		  "\"请有关单位于2025年4月15日前完成整改并报送整改情况。\"]}");
	/* the review table: 缺报 first, then one item each (C first: two 勾稽 errors; then by name), then none */
	static const char *const rows[] = {
		"{\"cells\":[\"1\",\"城隍镇\",\"—\",\"缺报\",\"—\",\"—\",\"—\",\"—\",\"—\",\"1\"],\"emphasis\":false}",
		"{\"cells\":[\"2\",\"马口镇\",\"2025.1.20\",\"按期\",\"1\",\"0\",\"0\",\"0\",\"0\",\"1\"],\"emphasis\":false}",
		"{\"cells\":[\"3\",\"分水镇\",\"2025.2.14\",\"逾期14天\",\"0\",\"0\",\"0\",\"0\",\"0\",\"1\"],\"emphasis\":false}",
		"{\"cells\":[\"4\",\"新河镇\",\"2025.1.25\",\"按期\",\"0\",\"0\",\"0\",\"0\",\"1\",\"1\"],\"emphasis\":false}",
		"{\"cells\":[\"5\",\"脉旺镇\",\"2025.1.25\",\"按期\",\"0\",\"0\",\"0\",\"0\",\"1\",\"1\"],\"emphasis\":false}",
		"{\"cells\":[\"6\",\"汉川市人民政府\",\"2025.3.20\",\"按期\",\"0\",\"0\",\"0\",\"0\",\"0\",\"0\"],\"emphasis\":false}",
		"{\"cells\":[\"7\",\"汉川市公安局\",\"—\",\"日期不详\",\"0\",\"0\",\"0\",\"0\",\"0\",\"0\"],\"emphasis\":false}",
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		HAS(json, rows[i]);
	/* the rectification table: one row a body, in the same order, with requirement, date and state */
	HAS(json, "\"columns\":[{\"header\":\"单位\"");
	HAS(json, "{\"cells\":[\"城隍镇\",\"1．缺报：以往年度发布过年度报告，2024年度未见报告\","
		  "\"1．立即编制并发布本年度报告，报送发布网址\",\"2025.4.15前\",\"待整改\"],\"emphasis\":false}");
	/* C: the rule, its place, and what localisation blames — a tie: 一、本年新收 should be 58, or
	 * 四、结转下年度 should be 2 (in 自然人 and 总计 alike) */
	HAS(json, "{\"cells\":[\"马口镇\",\"1．表三“本年新收＋上年结转＝办理结果总计＋结转下年度”不成立："
		  "表三“自然人”列；同样可能有误的有2种情形：表三“一、本年新收政府信息公开申请数量”行“自然人”列印为60，"
		  "按其他各项应为58");
	HAS(json, "或表三“四、结转下年度继续办理”行“自然人”列印为0，按其他各项应为2、表三“四、结转下年度继续办理”行"
		  "“总计”列印为0，按其他各项应为2\",\"1．核对原始台账，更正有误的数字，更正后重新发布报告并注明更正情况\","
		  "\"2025.4.15前\",\"待整改\"],\"emphasis\":false}");
	HAS(json, "{\"cells\":[\"分水镇\",\"1．逾期发布：2025年2月14日发布，逾期14天\","
		  "\"1．书面说明逾期原因；2025年度报告2026年1月31日前发布\",\"2025.4.15前\",\"待整改\"],\"emphasis\":false}");
	HAS(json, "{\"cells\":[\"新河镇\",\"1．数据异常：公开率10.0%（60件中6件），同级（乡镇街道，16个）在相同办理量下通常在"
		  "65.8%–87.5%之间\",\"1．请对照《中华人民共和国政府信息公开条例》逐件核查答复类型，有误的更正报告\","
		  "\"2025.4.15前\",\"待核实\"],\"emphasis\":false}");
	HAS(json, "{\"cells\":[\"脉旺镇\",\"1．数据异常：本年新收申请600件，约为同级（乡镇街道，16个）中位数约68件的8.9倍\","
		  "\"1．请核实原始台账和统计口径，有误的更正报告，属实的在报告中说明原因\",\"2025.4.15前\",\"待核实\"],"
		  "\"emphasis\":false}");
	/* the problems in words, grouped by kind, naming bodies */
	HAS(json, "\"text\":\"分水镇未在规定时限（2025年1月31日）内发布年度报告，2025年2月14日发布，逾期14天。\"");
	HAS(json, "\"text\":\"城隍镇以往年度发布过年度报告，2024年度未见报告。\"");
	HAS(json, "\"text\":\"马口镇：表三“本年新收＋上年结转＝办理结果总计＋结转下年度”不成立，同样可能有误的有2种情形：");
	/* chart and text agree: the funnel marks exactly 新河镇, whom the text names with its rate */
	HAS(json, "\"text\":\"新河镇：公开率10.0%（60件中6件），同级（乡镇街道，16个）在相同办理量下通常在65.8%–87.5%之间。");
	HAS(json, "{\"x\":60,\"y\":0.1,\"label\":\"新河镇\",\"mark\":2}");
	HASNT(json, "\"label\":\"脉旺镇\",\"mark\":2");
	HAS(json, "\"takeaway\":\"图中1个单位超出异常判定限：新河镇（10.0%）；其余3个单位未见异常。\"");
	/* no rule id, file name or hash in the document */
	HASNT(json, "t3.balance");
	HASNT(json, "x.txt");
	HASNT(json, "c24");
	/* the signature and the annexes */
	HAS(json, "{\"type\":\"signature\",\"issuer\":\"汉川市人民政府办公室\",\"date\":\"2025年3月25日\"}");
	HAS(json, "{\"type\":\"annex\",\"text\":\"附件1\",\"title\":\"主要数据\"}");
	HAS(json, "{\"type\":\"annex\",\"text\":\"附件2\",\"title\":\"审查方法说明\"}");
	/* the statistic is in the annex, not in the text */
	const char *annex = strstr(json, "\"text\":\"附件2\"");
	ck_assert_ptr_nonnull(annex);
	const char *z = strstr(json, "负二项分布检验");
	ck_assert_msg(z && z > annex, "the statistic belongs to the annex");
	HASNT(json, "checked_here");
	HASNT(json, "本通报所列问题为生成时");
	free(json);
	drop_store(s);
}
END_TEST

START_TEST(county_checked_on_the_fly)
{
	/* never checked: the same problems, found now, and the annex says so */
	xxgk_store *s = make_store();
	xxgk_compose_options o = opts();
	char *json = county_json(s, "420984", &o);
	HAS(json, "\"1．表三“本年新收＋上年结转＝办理结果总计＋结转下年度”不成立：表三“自然人”列；");
	HAS(json, "本通报所列问题为生成时对数据库中全部报告重新检查所得");
	HAS(json, "{\"type\":\"signature\",\"issuer\":\"\",\"date\":\"2025年3月25日\"}");
	HASNT(json, "\"type\":\"addressees\"");
	free(json);
	drop_store(s);
}
END_TEST

START_TEST(county_with_a_waiver)
{
	/* a supervisor accepted 马口镇's 勾稽 error (xxgk check --waivers): the finding is stored waived, the
	 * 通报 shows it as waived with the reason and asks nothing of it; the counts leave it out */
	xxgk_store *s = make_store();
	xxgk_error err;
	char path[300];
	snprintf(path, sizeof path, "%s.waivers.csv", db_path);
	FILE *fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fputs("马口镇,t3.balance,台账核实为重复登记\n", fp);
	fclose(fp);
	xxgk_waivers *w = NULL;
	ck_assert_int_eq(xxgk_waivers_load(&w, path, &err), XXGK_OK);
	xxgk_check_store_options co = XXGK_CHECK_STORE_OPTIONS_INIT;
	co.save = true;
	co.waivers = w;
	ck_assert_int_eq(xxgk_check_store(s, &co, &err), XXGK_OK);
	xxgk_waivers_free(w);
	unlink(path);
	xxgk_compose_options o = opts();
	char *json = county_json(s, "420984", &o);
	/* the row: the problem with its waiver, nothing to do, no deadline */
	HAS(json, "{\"cells\":[\"马口镇\",\"1．表三“本年新收＋上年结转＝办理结果总计＋结转下年度”不成立：");
	HAS(json, "（已豁免：台账核实为重复登记）\",\"1．已豁免，无需整改\",\"—\",\"已豁免\"]");
	/* no 勾稽 error is left to count: the key findings and section 二 have none */
	HASNT(json, "存在数据勾稽关系错误");
	HASNT(json, "数据勾稽关系错误\"");   /* no heading of section 二 for it */
	HASNT(json, "本通报所列问题为生成时");   /* the stored findings were used */
	free(json);
	drop_store(s);
}
END_TEST

START_TEST(county_without_subordinate_reports)
{
	/* 仙桃市: only its government's report — nothing about 下属 is drawn or written as zero */
	xxgk_store *s = make_store();
	xxgk_compose_options o = opts();
	char *json = county_json(s, "429004", &o);
	HAS(json, "本年度没有下属单位报告");
	HAS(json, "本年度没有下属单位的年度报告，下属单位的数据表和图从略。");
	HASNT(json, "下属单位本年");
	HASNT(json, "下属：");
	HASNT(json, "下属单位合计新收");
	HAS(json, "\"columns\":[{\"header\":\"项目\",\"width\":3.2,\"align\":\"left\"},{\"header\":\"本级本年\"");
	/* a rate with no cases is "—", and "—" is explained */
	HAS(json, "注：表中“—”表示没有数据");
	/* no ranking chart of one body, no trend of one year */
	HASNT(json, "居前");
	HASNT(json, "\"type\":\"line_chart\"");
	free(json);
	xxgk_layout *l = NULL;
	xxgk_error err;
	/* a region without any report is refused */
	ck_assert_int_eq(xxgk_compose_county(&l, s, "110101", 2024, &o, &err), XXGK_EINVAL);
	ck_assert_ptr_null(l);
	ck_assert_ptr_nonnull(strstr(err.message, "110101"));
	drop_store(s);
}
END_TEST

START_TEST(agency_and_brief)
{
	xxgk_store *s = make_store();
	xxgk_error err;
	xxgk_compose_options o = opts();
	xxgk_layout *l = NULL;
	char *json = NULL;
	ck_assert_int_eq(xxgk_compose_agency(&l, s, C24_SHA,
					     &o, &err), XXGK_OK);
	ck_assert_int_eq(xxgk_layout_to_json(&json, l), XXGK_OK);
	HAS(json, "\"title\":\"关于马口镇2024年度政府信息公开工作年度报告的审查意见\"");
	HAS(json, "{\"type\":\"addressees\",\"text\":\"马口镇：\"}");
	HAS(json, "报告于2025年1月20日发布，在规定时限（2025年1月31日）内。");
	HAS(json, "\"text\":\"表三“本年新收＋上年结转＝办理结果总计＋结转下年度”不成立：表三“自然人”列，同样可能有误的有2种情形：");
	/* one body: a row an item, no 单位 column */
	HAS(json, "\"columns\":[{\"header\":\"问题\"");
	HAS(json, "{\"cells\":[\"表三“本年新收＋上年结转＝办理结果总计＋结转下年度”不成立：表三“自然人”列；");
	HAS(json, "{\"cells\":[\"本年新收申请\",\"60\"]");   /* no report of last year: no column for it */
	free(json);
	json = NULL;
	xxgk_layout_free(l);
	ck_assert_int_eq(xxgk_compose_agency(&l, s, "ff", &o, &err), XXGK_EINVAL);
	/* B has last year's report: the comparison is annexed. Changed between 2023 (50/50, granted 40,
	 * penalty 9) and 2024 (60/60, granted 48, penalty 11): 一、本年新收, （一）予以公开, （六）3.其他 and
	 * （七）总计 in 自然人 and 总计 (8 cells) and 行政处罚 (1): 9 of the 200 cells (10 + 175 + 15) */
	ck_assert_int_eq(xxgk_compose_agency(&l, s, B24_SHA, &o, &err), XXGK_OK);
	ck_assert_int_eq(xxgk_layout_to_json(&json, l), XXGK_OK);
	HAS(json, "{\"type\":\"annex\",\"text\":\"附件2\",\"title\":\"与上年报告的比较\"}");
	HAS(json, "与2023年度报告逐格比较（200个单元格），9处数字不同；本年度报告新出现问题0项，上年报告的问题有0项不再出现。");
	HAS(json, "{\"cells\":[\"公开率\",\"80.0\",\"80.0\",\"持平\"]");
	HAS(json, "报告于2025年2月14日发布，晚于规定时限（2025年1月31日）14天。");
	free(json);
	json = NULL;
	xxgk_layout_free(l);
	/* the brief: one section a flagged body of 孝感市 (4209), the funnel marks the one the text names */
	ck_assert_int_eq(xxgk_compose_outliers(&l, s, "4209", 2024, &o, &err), XXGK_OK);
	ck_assert_int_eq(xxgk_layout_to_json(&json, l), XXGK_OK);
	HAS(json, "\"title\":\"孝感市2024年度政府信息公开工作年度报告数据异常情况\"");
	HAS(json, "{\"type\":\"heading\",\"level\":2,\"text\":\"（一）新河镇\"}");
	HAS(json, "{\"type\":\"heading\",\"level\":2,\"text\":\"（二）脉旺镇\"}");
	HAS(json, "{\"x\":60,\"y\":0.1,\"label\":\"新河镇\",\"mark\":2}");
	free(json);
	xxgk_layout_free(l);
	/* nobody stands out in 仙桃市: no brief */
	ck_assert_int_eq(xxgk_compose_outliers(&l, s, "429004", 2024, &o, &err), XXGK_EINVAL);
	ck_assert_ptr_null(l);
	drop_store(s);
}
END_TEST

/* The one call a server makes: a document by scope, written as a PDF at a path. */
START_TEST(document_as_pdf)
{
	xxgk_store *s = make_store();
	xxgk_error err;
	xxgk_compose_options o = opts();
	xxgk_render_options ro = { .deterministic = true };
	char path[300], cmd[400], text[4096];
	size_t missing = 9, n;
	snprintf(path, sizeof path, "%s.county.pdf", db_path);
	xxgk_doc_scope county = { XXGK_DOC_COUNTY, "420984", NULL, 2024 };
	int rc = xxgk_compose_pdf(s, &county, path, &o, &ro, &missing, &err);
	ck_assert_msg(rc == XXGK_OK, "compose_pdf: %s", err.message);
	ck_assert_uint_eq(missing, 0);
	snprintf(cmd, sizeof cmd, "pdftotext -l 1 '%s' -", path);
	FILE *f = popen(cmd, "r");
	ck_assert_ptr_nonnull(f);
	n = fread(text, 1, sizeof text - 1, f);
	text[n] = '\0';
	ck_assert_int_eq(pclose(f), 0);
	HAS(text, "汉川市2024年度政府信息公开工作");   /* the title, as the layout of county_document */
	HAS(text, "主要情况");
	unlink(path);
	/* the review of one report, and the same refusals as the compose functions, with no file left */
	xxgk_doc_scope agency = { XXGK_DOC_AGENCY, NULL, C24_SHA, 0 };
	ck_assert_int_eq(xxgk_compose_pdf(s, &agency, path, &o, NULL, NULL, &err), XXGK_OK);
	ck_assert_int_eq(access(path, F_OK), 0);
	unlink(path);
	xxgk_doc_scope none = { XXGK_DOC_COUNTY, "110101", NULL, 2024 };
	ck_assert_int_eq(xxgk_compose_pdf(s, &none, path, &o, NULL, NULL, &err), XXGK_EINVAL);
	ck_assert_int_ne(access(path, F_OK), 0);
	xxgk_doc_scope no_sha = { XXGK_DOC_AGENCY, NULL, NULL, 0 };
	ck_assert_int_eq(xxgk_compose_pdf(s, &no_sha, path, &o, NULL, NULL, &err), XXGK_EINVAL);
	xxgk_doc_scope quiet = { XXGK_DOC_OUTLIERS, "429004", NULL, 2024 };
	ck_assert_int_eq(xxgk_compose_pdf(s, &quiet, path, NULL, NULL, NULL, &err), XXGK_EINVAL);
	ck_assert_int_ne(access(path, F_OK), 0);
	drop_store(s);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("compose");
	TCase *tc = tcase_create("deadlines");
	tcase_add_test(tc, deadlines_per_level);
	tcase_add_test(tc, config_file);
	suite_add_tcase(s, tc);
	tc = tcase_create("inputs");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, stored_findings_and_unchecked);
	tcase_add_test(tc, outliers_against_the_whole_store);
	suite_add_tcase(s, tc);
	tc = tcase_create("documents");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, county_document);
	tcase_add_test(tc, county_checked_on_the_fly);
	tcase_add_test(tc, county_with_a_waiver);
	tcase_add_test(tc, county_without_subordinate_reports);
	tcase_add_test(tc, agency_and_brief);
	tcase_add_test(tc, document_as_pdf);
	suite_add_tcase(s, tc);
	return test_run(s);
}
