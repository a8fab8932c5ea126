/*
 * test_aggregate.c — roll-ups and outliers on data built here, whose
 * answers are worked out in the comments: the county's own report kept
 * apart from its towns and departments, blanks counted not summed, a body
 * that stopped reporting listed, rates from summed figures; a count, a rate
 * and a jump that stand out are flagged with their reasons, their peers not.
 */
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "xxgk/aggregate.h"
#include "xxgk/store.h"

static char db_path[256];

/* A 2021-format report of a body: new = processed = n (natural persons), all granted. */
static xxgk_report *make_report(const char *sha_seed, const char *code, int level, const char *name, int year,
				double n, double review_total, double review_corrected)
{
	xxgk_report *r;
	ck_assert_int_eq(xxgk_report_new(&r), XXGK_OK);
	/* a 64-digit hex name: zeros, then the seed */
	size_t seed = strlen(sha_seed);
	memset(r->sha256, '0', 64);
	memcpy(r->sha256 + 64 - seed, sha_seed, seed);
	r->sha256[64] = '\0';
	xxgk_report_set_string(&r->region_code, code);
	xxgk_report_set_string(&r->agency_name, name);
	r->level = (uint8_t)level;
	r->year = year;
	r->template_kind = XXGK_TEMPLATE_2021;
	for (size_t i = 0; i < 10; i++)
		xxgk_cell_set(&r->active[i], XXGK_KIND_NUMBER, true, i == 7 ? n : 0, 1, 1, NULL);   /* penalty = n */
	for (int row = 0; row < XXGK_T3_ROWS; row++)
		for (int c = 0; c < XXGK_T3_COLS; c++) {
			bool on = (c == XXGK_T3_NATURAL_PERSON || c == XXGK_T3_TOTAL) &&
				  (row == XXGK_T3_NEW_RECEIVED || row == XXGK_T3_GRANTED || row == XXGK_T3_TOTAL_PROCESSED);
			xxgk_cell_set(&r->applications[row][c], XXGK_KIND_NUMBER, true, on ? n : 0, 1, 1, NULL);
		}
	for (int g = 0; g < XXGK_T4_GROUPS; g++)
		for (int c = 0; c < XXGK_T4_COLS; c++) {
			double v = 0;
			if (g == XXGK_T4_REVIEW && c == XXGK_T4_TOTAL)
				v = review_total;
			if (g == XXGK_T4_REVIEW && c == XXGK_T4_CORRECTED)
				v = review_corrected;
			if (g == XXGK_T4_REVIEW && c == XXGK_T4_UPHELD)
				v = review_total - review_corrected;
			xxgk_cell_set(&r->reviews[g][c], XXGK_KIND_NUMBER, true, v, 1, 1, NULL);
		}
	return r;
}

static void put(xxgk_store *s, xxgk_report *r)
{
	xxgk_error err;
	int outcome;
	ck_assert_int_eq(xxgk_store_put(s, r, &outcome, &err), XXGK_OK);
	xxgk_report_free(r);
}

static xxgk_store *county_db(void)
{
	snprintf(db_path, sizeof db_path, "/tmp/xxgk-test-agg-%d.db", (int)getpid());
	unlink(db_path);
	xxgk_store *s;
	xxgk_error err;
	ck_assert_int_eq(xxgk_store_open(&s, db_path, XXGK_STORE_CREATE, &err), XXGK_OK);
	ck_assert_int_eq(xxgk_store_begin(s, &err), XXGK_OK);
	/* 洪泽区 320813: its own report, two towns, a department; a third town reported in 2023 only */
	put(s, make_report("1", "320813", XXGK_LEVEL_COUNTY, "洪泽区人民政府", 2024, 21, 10, 1));
	put(s, make_report("2", "320813101", XXGK_LEVEL_TOWN, "高良涧街道", 2024, 3, 0, 0));
	put(s, make_report("3", "320813102", XXGK_LEVEL_TOWN, "蒋坝镇", 2024, 5, 2, 1));
	xxgk_report *dept = make_report("4", "320813", XXGK_LEVEL_DEPARTMENT, "洪泽区发展和改革局", 2024, 7, 0, 0);
	/* a blank cell: counted, not summed */
	xxgk_cell_set(&dept->applications[XXGK_T3_NEW_RECEIVED][XXGK_T3_TOTAL], XXGK_KIND_BLANK, false, 0, 1, 1, NULL);
	put(s, dept);
	put(s, make_report("5", "320813103", XXGK_LEVEL_TOWN, "岔河镇", 2023, 4, 0, 0));
	put(s, make_report("6", "320813", XXGK_LEVEL_COUNTY, "洪泽区人民政府", 2023, 18, 8, 0));
	ck_assert_int_eq(xxgk_store_settle_conflicts(s, &err), XXGK_OK);
	ck_assert_int_eq(xxgk_store_commit(s, &err), XXGK_OK);
	return s;
}

START_TEST(own_and_sub_apart)
{
	xxgk_store *s = county_db();
	xxgk_rollup *r;
	size_t n;
	xxgk_error err;
	ck_assert_int_eq(xxgk_store_rollup(s, XXGK_LEVEL_COUNTY, "32", 2024, &r, &n, &err), XXGK_OK);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(r[0].code, "320813");
	ck_assert_uint_eq(r[0].own.reports, 1);
	ck_assert_uint_eq(r[0].sub.reports, 3);
	ck_assert_double_eq(r[0].own.applications[XXGK_T3_NEW_RECEIVED][XXGK_T3_TOTAL], 21);
	/* towns 3 + 5, the department's blank not summed but counted */
	ck_assert_double_eq(r[0].sub.applications[XXGK_T3_NEW_RECEIVED][XXGK_T3_TOTAL], 8);
	ck_assert_uint_eq(r[0].sub.applications_missing[XXGK_T3_NEW_RECEIVED][XXGK_T3_TOTAL], 1);
	ck_assert_double_eq(r[0].sub.applications[XXGK_T3_TOTAL_PROCESSED][XXGK_T3_TOTAL], 15);
	ck_assert_double_eq(r[0].sub.active[7], 15);   /* penalty 3 + 5 + 7 */
	/* 岔河镇 reported in 2023, not 2024 */
	ck_assert_uint_eq(r[0].bodies, 4);
	ck_assert_uint_eq(r[0].bodies_missing, 1);
	ck_assert_str_eq(r[0].missing[0], "岔河镇");
	/* rates from summed figures: review corrected 1 of 10 (own), 1 of 2 (sub) */
	xxgk_rate own = xxgk_sums_rate(&r[0].own, XXGK_RATE_REVIEW_CORRECTED);
	xxgk_rate sub = xxgk_sums_rate(&r[0].sub, XXGK_RATE_REVIEW_CORRECTED);
	ck_assert(own.defined && sub.defined);
	ck_assert_double_eq_tol(own.value, 0.1, 1e-12);
	ck_assert_double_eq_tol(sub.value, 0.5, 1e-12);
	xxgk_rate disclosed = xxgk_sums_rate(&r[0].sub, XXGK_RATE_DISCLOSED);
	ck_assert_double_eq_tol(disclosed.value, 1.0, 1e-12);
	ck_assert(!xxgk_sums_rate(&r[0].sub, XXGK_RATE_LITIGATION_CORRECTED).defined);   /* 0 cases */
	xxgk_rollups_free(r, n);
	/* city level: all of it is under 3208, none of it is the city's own */
	ck_assert_int_eq(xxgk_store_rollup(s, XXGK_LEVEL_CITY, NULL, 2024, &r, &n, &err), XXGK_OK);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(r[0].own.reports, 0);
	ck_assert_uint_eq(r[0].sub.reports, 4);
	xxgk_rollups_free(r, n);
	/* a year with nothing */
	ck_assert_int_eq(xxgk_store_rollup(s, XXGK_LEVEL_COUNTY, NULL, 2020, &r, &n, &err), XXGK_OK);
	ck_assert_uint_eq(n, 0);
	xxgk_store_close(s);
	unlink(db_path);
}
END_TEST

/* Coverage alone (what the server's pages show) is the roll-ups' counts, at the three levels at once. */
START_TEST(coverage_is_the_rollups_counts)
{
	xxgk_store *s = county_db();
	xxgk_rollup *cov[3], *r;
	size_t cn[3], n;
	xxgk_error err;
	ck_assert_int_eq(xxgk_store_coverage(s, NULL, 2024, cov, cn, &err), XXGK_OK);
	ck_assert_uint_eq(cn[0], 1);
	ck_assert_uint_eq(cn[1], 1);
	ck_assert_uint_eq(cn[2], 1);
	ck_assert_str_eq(cov[0][0].code, "32");
	ck_assert_str_eq(cov[1][0].code, "3208");
	ck_assert_str_eq(cov[2][0].code, "320813");
	/* the county: its own report, two towns and a department; 岔河镇 reported in 2023 only */
	ck_assert_uint_eq(cov[2][0].own.reports, 1);
	ck_assert_uint_eq(cov[2][0].sub.reports, 3);
	ck_assert_uint_eq(cov[2][0].bodies, 4);
	ck_assert_uint_eq(cov[2][0].bodies_missing, 1);
	ck_assert_uint_eq(cov[2][0].missing_count, 1);
	ck_assert_str_eq(cov[2][0].missing[0], "岔河镇");
	ck_assert_uint_eq(cov[1][0].own.reports, 0);
	ck_assert_uint_eq(cov[1][0].sub.reports, 4);
	ck_assert_uint_eq(cov[0][0].bodies_missing, 1);
	/* and field for field what xxgk_store_rollup says, level by level */
	for (int l = 0; l < 3; l++) {
		ck_assert_int_eq(xxgk_store_rollup(s, XXGK_LEVEL_PROVINCE + l, NULL, 2024, &r, &n, &err), XXGK_OK);
		ck_assert_uint_eq(n, cn[l]);
		for (size_t i = 0; i < n; i++) {
			ck_assert_str_eq(cov[l][i].code, r[i].code);
			ck_assert_str_eq(cov[l][i].name, r[i].name);
			ck_assert_int_eq(cov[l][i].level, r[i].level);
			ck_assert_int_eq(cov[l][i].year, r[i].year);
			ck_assert_uint_eq(cov[l][i].bodies, r[i].bodies);
			ck_assert_uint_eq(cov[l][i].bodies_missing, r[i].bodies_missing);
			ck_assert_uint_eq(cov[l][i].missing_count, r[i].missing_count);
			for (size_t k = 0; k < r[i].missing_count; k++)
				ck_assert_str_eq(cov[l][i].missing[k], r[i].missing[k]);
			ck_assert_uint_eq(cov[l][i].own.reports, r[i].own.reports);
			ck_assert_uint_eq(cov[l][i].sub.reports, r[i].sub.reports);
		}
		xxgk_rollups_free(r, n);
		xxgk_rollups_free(cov[l], cn[l]);
	}
	/* within a region that is not there, and a year with nothing */
	ck_assert_int_eq(xxgk_store_coverage(s, "11", 2024, cov, cn, &err), XXGK_OK);
	ck_assert_uint_eq(cn[0] + cn[1] + cn[2], 0);
	ck_assert_int_eq(xxgk_store_coverage(s, NULL, 2020, cov, cn, &err), XXGK_OK);
	ck_assert_uint_eq(cn[0] + cn[1] + cn[2], 0);
	xxgk_store_close(s);
	unlink(db_path);
}
END_TEST

START_TEST(figures_per_body)
{
	xxgk_store *s = county_db();
	xxgk_body_figures *f;
	size_t n;
	xxgk_error err;
	ck_assert_int_eq(xxgk_store_figures(s, "320813", 2023, 2024, &f, &n, &err), XXGK_OK);
	ck_assert_uint_eq(n, 6);
	int dept = -1;
	for (size_t i = 0; i < n; i++)
		if (f[i].level == XXGK_LEVEL_DEPARTMENT)
			dept = (int)i;
	ck_assert_int_ge(dept, 0);
	ck_assert(!(f[dept].known & (1u << XXGK_FIG_NEW_RECEIVED)));   /* its total was blank */
	ck_assert(f[dept].known & (1u << XXGK_FIG_PENALTY));
	ck_assert_double_eq(f[dept].v[XXGK_FIG_PENALTY], 7);
	free(f);
	xxgk_store_close(s);
	unlink(db_path);
}
END_TEST

/* 41 towns: penalties around 10, one at 1000; disclosure near 50 of 100, one 90 of 100;
 * licensing 200–230 moving by up to 15 a year, one tenfold jump; applications 100–130, one town's
 * new_received and total_processed both multiplied by 12 (one jump: tested once, as new_received). */
START_TEST(outliers_flag_the_odd_ones)
{
	xxgk_body_figures f[82];
	memset(f, 0, sizeof f);
	for (int i = 0; i < 41; i++) {
		for (int y = 0; y < 2; y++) {
			xxgk_body_figures *b = &f[i * 2 + y];
			snprintf(b->sha256, sizeof b->sha256, "%064d", i * 2 + y);
			snprintf(b->name, sizeof b->name, "镇%d", i);
			snprintf(b->body, sizeof b->body, "body%d", i);
			snprintf(b->code, sizeof b->code, "3208%05d", i);
			b->level = XXGK_LEVEL_TOWN;
			b->year = 2023 + y;
			double penalty = 10 + (i % 5);
			b->v[XXGK_FIG_PENALTY] = penalty;
			b->v[XXGK_FIG_NEW_RECEIVED] = b->v[XXGK_FIG_TOTAL_PROCESSED] = 100 + (i % 4) * 10 + y * (i % 3);
			b->v[XXGK_FIG_DISCLOSED] = 48 + (i % 5);
			/* licensing moves a little from year to year, as real counts do */
			b->v[XXGK_FIG_LICENSING] = 200 + 3 * (i % 7) + y * (i % 4) * 5;
			b->known = 1u << XXGK_FIG_PENALTY | 1u << XXGK_FIG_TOTAL_PROCESSED | 1u << XXGK_FIG_DISCLOSED |
				   1u << XXGK_FIG_LICENSING | 1u << XXGK_FIG_NEW_RECEIVED;
		}
	}
	f[2 * 7 + 1].v[XXGK_FIG_PENALTY] = 1000;     /* body 7, 2024: far above its peers */
	f[2 * 9 + 1].v[XXGK_FIG_DISCLOSED] = 90;     /* body 9: 90 of 110 disclosed where peers give ~45% */
	f[2 * 11 + 1].v[XXGK_FIG_LICENSING] = 2000;  /* body 11: tenfold its 2023 licensing */
	f[2 * 13 + 1].v[XXGK_FIG_NEW_RECEIVED] *= 12; /* body 13: applications jump … */
	f[2 * 13 + 1].v[XXGK_FIG_TOTAL_PROCESSED] *= 12; /* … and so does what it processed */
	f[2 * 13 + 1].v[XXGK_FIG_DISCLOSED] *= 12;
	f[2 * 15 + 1].v[XXGK_FIG_NEW_RECEIVED] = 0;  /* body 15: an unfilled table 3 */
	f[2 * 15 + 1].known &= ~(1u << XXGK_FIG_TOTAL_PROCESSED | 1u << XXGK_FIG_DISCLOSED);
	xxgk_outliers out = { 0 };
	ck_assert_int_eq(xxgk_outliers_find(&out, f, 82, 2024, NULL), XXGK_OK);
	bool level7 = false, funnel9 = false, yoy11 = false, jump13 = false, low15 = false;
	ck_assert_double_eq(out.fdr, 0.05);
	ck_assert(out.tests > 41 * 3);
	for (size_t i = 0; i < out.count; i++) {
		const xxgk_outlier *o = &out.items[i];
		ck_assert_int_eq(o->year, 2024);
		/* every flag names its peers and carries p ≤ q ≤ α */
		ck_assert_str_eq(o->group, "乡镇街道");
		ck_assert_str_eq(o->group_key, "town");
		ck_assert(o->group_size >= 10 && o->group_size <= 41);
		ck_assert_msg(o->p >= 0 && o->p <= o->q && o->q <= 0.05, "%s %s %s p %g q %g", o->name, o->method, o->figure, o->p, o->q);
		ck_assert((o->direction == XXGK_OUTLIER_LOW) == (i >= out.high_count));
		ck_assert(fabs(o->statistic) >= o->threshold);
		ck_assert_str_ne(o->figure, "total_processed");
		if (!strcmp(o->name, "镇7") && !strcmp(o->method, "level") && !strcmp(o->figure, "penalty")) {
			level7 = true;
			ck_assert_int_eq(o->direction, XXGK_OUTLIER_HIGH);
			ck_assert_double_eq(o->value, 1000);
			ck_assert_double_eq(o->peer_median, 12);   /* 10 … 14, nine of each: median 12 */
			ck_assert_double_eq_tol(o->ratio, 1000.0 / 12, 1e-9);
			ck_assert(o->expected_hi < 1000);
			ck_assert_ptr_nonnull(strstr(o->message, "行政处罚 1,000 件，约为同级（乡镇街道，41 个）中位数 12 件的 83 倍"));
		}
		if (!strcmp(o->name, "镇9") && !strcmp(o->method, "funnel") && !strcmp(o->figure, "disclosed")) {
			funnel9 = true;
			ck_assert_double_eq_tol(o->value, 90.0 / 110, 1e-12);   /* processed 100 + 1·10 + 0 */
			ck_assert(o->numerator == 90 && o->denominator == 110);
			/* limits and value in one unit, a proportion: the value is beyond the upper limit */
			ck_assert(o->expected_hi < o->value && o->expected_hi > o->peer_median && o->expected_hi < 1);
		}
		if (!strcmp(o->name, "镇11") && !strcmp(o->method, "yoy") && !strcmp(o->figure, "licensing")) {
			yoy11 = true;
			ck_assert_double_eq(o->prev, 200 + 3 * (11 % 7));
			ck_assert_int_eq(o->prev_year, 2023);
			ck_assert_ptr_nonnull(strstr(o->message, "由 2023 年的 212 件增至 2,000 件"));
		}
		if (!strcmp(o->name, "镇13") && !strcmp(o->figure, "new_received") && o->direction > 0)
			jump13 = true;
		if (!strcmp(o->name, "镇15") && !strcmp(o->figure, "new_received") && o->direction < 0) {
			low15 = true;
			ck_assert_ptr_nonnull(strstr(o->message, "漏填或照抄"));
		}
		/* nobody else */
		ck_assert_msg(!strcmp(o->name, "镇7") || !strcmp(o->name, "镇9") || !strcmp(o->name, "镇11") ||
				      !strcmp(o->name, "镇13") || !strcmp(o->name, "镇15"),
			      "flagged %s: %s", o->name, o->message);
	}
	ck_assert(level7);
	ck_assert(funnel9);
	ck_assert(yoy11);
	ck_assert(jump13);
	ck_assert(low15);
	ck_assert(out.high_count < out.count);
	/* the funnel the flag of 镇9 came from is listed for a chart: same group, limits below its rate */
	bool drawn = false;
	for (size_t i = 0; i < out.funnel_count; i++) {
		const xxgk_group_funnel *gf = &out.funnels[i];
		if (gf->rate != XXGK_RATE_DISCLOSED)
			continue;
		ck_assert_str_eq(gf->group_key, "town");
		ck_assert_str_eq(gf->fitted_group, "乡镇街道");
		double lo, hi;
		xxgk_stats_funnel_limits(&lo, &hi, &gf->fit, 110, 1 - out.p_cutoff / 2);
		ck_assert(hi < 90.0 / 110);
		drawn = true;
	}
	ck_assert(drawn);
	/* 82 values of three figures: far too few for Benford, which says so */
	ck_assert(!out.digits.benford_tested);
	ck_assert(!out.digits.last_digit_tested);
	xxgk_outliers_free(&out);
	/* the same towns without the oddities: nothing at all */
	f[2 * 7 + 1].v[XXGK_FIG_PENALTY] = 11;
	f[2 * 9 + 1].v[XXGK_FIG_DISCLOSED] = 50;
	f[2 * 11 + 1].v[XXGK_FIG_LICENSING] = 216;
	f[2 * 13 + 1] = f[2 * 13];
	f[2 * 13 + 1].year = 2024;
	f[2 * 15 + 1] = f[2 * 15];
	f[2 * 15 + 1].year = 2024;
	ck_assert_int_eq(xxgk_outliers_find(&out, f, 82, 2024, NULL), XXGK_OK);
	ck_assert_msg(out.count == 0, "flagged %s", out.count ? out.items[0].message : "");
	xxgk_outliers_free(&out);
}
END_TEST

/* The peer rule: kinds from names (data/peers/kinds.csv), a small kind falling back to its tier. */
START_TEST(peers_by_kind)
{
	ck_assert_str_eq(xxgk_peer_kind_key(xxgk_peer_kind("淮安市洪泽区公安局")), "public_security");
	ck_assert_str_eq(xxgk_peer_kind_key(xxgk_peer_kind("某县市场监管局")), "market_regulation");
	/* 教育体育局 and 体育局 end at the same place: the longer name wins */
	ck_assert_str_eq(xxgk_peer_kind_key(xxgk_peer_kind("某县教育体育局")), "education");
	ck_assert_str_eq(xxgk_peer_kind_label(xxgk_peer_kind("某县卫健委")), "卫生健康局");
	ck_assert_int_eq(xxgk_peer_kind("中共某县委宣传部"), -1);
	ck_assert(xxgk_peer_kind_count() >= 24);
	ck_assert_str_eq(xxgk_peer_kind_key(-1), "");
	/* 12 公安局, 3 审计局 and a 宣传部 in one county tier, 5 towns, one body of unknown level, one of 2023 */
	xxgk_body_figures f[23];
	memset(f, 0, sizeof f);
	for (int i = 0; i < 23; i++) {
		xxgk_body_figures *b = &f[i];
		b->year = 2024;
		b->level = XXGK_LEVEL_DEPARTMENT;
		snprintf(b->code, sizeof b->code, "3208%02d", i);
		if (i < 12)
			snprintf(b->name, sizeof b->name, "%d区公安局", i);
		else if (i < 15)
			snprintf(b->name, sizeof b->name, "%d区审计局", i);
		else if (i == 15)
			snprintf(b->name, sizeof b->name, "中共%d区委宣传部", i);
		else if (i < 21) {
			b->level = XXGK_LEVEL_TOWN;
			snprintf(b->name, sizeof b->name, "%d镇", i);
		} else if (i == 21)
			b->level = XXGK_LEVEL_UNKNOWN;
		else
			b->year = 2023;
	}
	xxgk_peers p;
	ck_assert_int_eq(xxgk_peers_assign(&p, f, 23, 2024, 0), XXGK_OK);
	const xxgk_peer_group *gaj = &p.groups[p.of[0]], *sjj = &p.groups[p.of[12]], *town = &p.groups[p.of[16]];
	ck_assert_str_eq(gaj->name, "县级部门·公安局");
	ck_assert_str_eq(gaj->key, "department.county.public_security");
	ck_assert_uint_eq(gaj->size, 12);
	ck_assert_int_ge(gaj->parent, 0);
	/* 3 审计局 < 10: compared with every county department */
	ck_assert_str_eq(sjj->name, "县级部门");
	ck_assert_uint_eq(sjj->size, 16);
	ck_assert_int_eq(sjj->parent, -1);
	ck_assert_int_eq(p.of[15], p.of[12]);
	ck_assert_int_eq(gaj->parent, p.of[12]);
	ck_assert_str_eq(town->name, "乡镇街道");
	ck_assert_uint_eq(town->size, 5);
	ck_assert_int_eq(p.of[21], -1);   /* unknown level: compared with nobody */
	ck_assert_int_eq(p.of[22], -1);   /* another year */
	xxgk_peers_free(&p);
	/* with a lower bar the 审计局 are a group of their own */
	ck_assert_int_eq(xxgk_peers_assign(&p, f, 23, 2024, 3), XXGK_OK);
	ck_assert_str_eq(p.groups[p.of[12]].name, "县级部门·审计局");
	/* a city department (4-digit code) is of the city tier */
	xxgk_peers_free(&p);
	snprintf(f[0].code, sizeof f[0].code, "3208");
	ck_assert_int_eq(xxgk_peers_assign(&p, f, 23, 2024, 0), XXGK_OK);
	ck_assert_str_eq(p.groups[p.of[0]].name, "市级部门");
	xxgk_peers_free(&p);
	xxgk_peers_free(NULL);
}
END_TEST

/* figures.c: the families cover （一）…（六） once each, in order; every figure and rate reads its cells */
START_TEST(figure_families_and_cells)
{
	int next = XXGK_T3_FIRST_RESULT;
	for (int f = 0; f < XXGK_FAMILY_COUNT; f++) {
		const xxgk_family *fam = xxgk_t3_family(f);
		ck_assert_ptr_nonnull(fam);
		ck_assert_int_eq(fam->first_row, next);
		ck_assert_int_le(fam->first_row, fam->last_row);
		next = fam->last_row + 1;
	}
	ck_assert_int_eq(next, XXGK_T3_LAST_RESULT + 1);
	ck_assert_ptr_null(xxgk_t3_family(XXGK_FAMILY_COUNT));
	ck_assert_str_eq(xxgk_t3_family(XXGK_FAMILY_DENIED)->label, "（三）不予公开");
	ck_assert_int_eq(xxgk_t3_row_family(XXGK_T3_DENIED_ADMIN_QUERY), XXGK_FAMILY_DENIED);
	ck_assert_int_eq(xxgk_t3_row_family(XXGK_T3_UNABLE_NO_INFO), XXGK_FAMILY_UNABLE);
	ck_assert_int_eq(xxgk_t3_row_family(XXGK_T3_OTHER_REASONS), XXGK_FAMILY_OTHER);
	ck_assert_int_eq(xxgk_t3_row_family(XXGK_T3_TOTAL_PROCESSED), -1);
	ck_assert_int_eq(xxgk_t3_row_family(XXGK_T3_NEW_RECEIVED), -1);
	/* rows into figures: the disclosed figure is （一）+（二）, （六） and the carry rows feed none */
	ck_assert_int_eq(xxgk_t3_row_figure(XXGK_T3_PARTIALLY_GRANTED), XXGK_FIG_DISCLOSED);
	ck_assert_int_eq(xxgk_t3_row_figure(XXGK_T3_DENIED_THIRD_PARTY), XXGK_FIG_DENIED);
	ck_assert_int_eq(xxgk_t3_row_figure(XXGK_T3_NOT_PROCESSED_CONFIRM), XXGK_FIG_NOT_PROCESSED);
	ck_assert_int_eq(xxgk_t3_row_figure(XXGK_T3_OTHER_REASONS), -1);
	ck_assert_int_eq(xxgk_t3_row_figure(XXGK_T3_CARRIED_OVER), -1);
	ck_assert_int_eq(xxgk_t4_figure(XXGK_T4_LITIGATION_AFTER_REVIEW, XXGK_T4_CORRECTED),
			 XXGK_FIG_LITIGATION_CORRECTED);
	ck_assert_int_eq(xxgk_t4_figure(XXGK_T4_REVIEW, XXGK_T4_UPHELD), -1);
	ck_assert_int_eq(xxgk_active_figure("penalty"), XXGK_FIG_PENALTY);
	ck_assert_int_eq(xxgk_active_figure("fees"), -1);

	/* sums: denied = rows （三）1–8; one missing cell is counted, not summed */
	xxgk_sums s;
	memset(&s, 0, sizeof s);
	s.applications[XXGK_T3_DENIED_STATE_SECRET][XXGK_T3_TOTAL] = 2;
	s.applications[XXGK_T3_DENIED_ADMIN_QUERY][XXGK_T3_TOTAL] = 3;
	s.applications_missing[XXGK_T3_DENIED_THIRD_PARTY][XXGK_T3_TOTAL] = 1;
	s.applications[XXGK_T3_OTHER_REASONS][XXGK_T3_TOTAL] = 50;       /* not a denial */
	s.applications[XXGK_T3_TOTAL_PROCESSED][XXGK_T3_TOTAL] = 20;
	s.reviews[XXGK_T4_LITIGATION_DIRECT][XXGK_T4_TOTAL] = 4;
	s.reviews[XXGK_T4_LITIGATION_AFTER_REVIEW][XXGK_T4_TOTAL] = 6;
	s.reviews[XXGK_T4_LITIGATION_AFTER_REVIEW][XXGK_T4_CORRECTED] = 1;
	s.active[7] = 9;   /* penalty */
	uint32_t miss = 0;
	ck_assert_double_eq(xxgk_sums_figure(&s, XXGK_FIG_DENIED, &miss), 5);
	ck_assert_uint_eq(miss, 1);
	ck_assert_double_eq(xxgk_sums_figure(&s, XXGK_FIG_LITIGATION, &miss), 10);
	ck_assert_uint_eq(miss, 0);
	ck_assert_double_eq(xxgk_sums_figure(&s, XXGK_FIG_PENALTY, NULL), 9);
	xxgk_rate d = xxgk_sums_rate(&s, XXGK_RATE_DENIED);
	ck_assert(d.defined);
	ck_assert_double_eq(d.numerator, 5);
	ck_assert_double_eq(d.denominator, 20);
	xxgk_rate lit = xxgk_sums_rate(&s, XXGK_RATE_LITIGATION_CORRECTED);
	ck_assert_double_eq(lit.numerator, 1);
	ck_assert_double_eq(lit.denominator, 10);
	int num, den;
	xxgk_rate_figures(XXGK_RATE_REVIEW_CORRECTED, &num, &den);
	ck_assert_int_eq(num, XXGK_FIG_REVIEW_CORRECTED);
	ck_assert_int_eq(den, XXGK_FIG_REVIEW);

	/* one report: its penalty from table 2, a blank in （三） makes denied unknown */
	xxgk_report *r = make_report("f1", "420984103", XXGK_LEVEL_TOWN, "镇", 2024, 7, 3, 1);
	bool known = false;
	ck_assert_double_eq(xxgk_report_figure(r, XXGK_FIG_PENALTY, &known), 7);
	ck_assert(known);
	ck_assert_double_eq(xxgk_report_figure(r, XXGK_FIG_DENIED, &known), 0);
	ck_assert(known);
	xxgk_cell_set(&r->applications[XXGK_T3_DENIED_STATE_SECRET][XXGK_T3_TOTAL], XXGK_KIND_BLANK, false, 0, 1, 1, "");
	xxgk_report_figure(r, XXGK_FIG_DENIED, &known);
	ck_assert(!known);
	ck_assert_double_eq(xxgk_report_rate(r, XXGK_RATE_REVIEW_CORRECTED).value, 1.0 / 3);
	xxgk_report_free(r);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("aggregate");
	TCase *tc = tcase_create("rollup");
	tcase_add_test(tc, own_and_sub_apart);
	tcase_add_test(tc, coverage_is_the_rollups_counts);
	tcase_add_test(tc, figures_per_body);
	tcase_add_test(tc, figure_families_and_cells);
	suite_add_tcase(s, tc);
	tc = tcase_create("outliers");
	tcase_add_test(tc, outliers_flag_the_odd_ones);
	tcase_add_test(tc, peers_by_kind);
	suite_add_tcase(s, tc);
	return test_run(s);
}
