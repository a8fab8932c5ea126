/*
 * test_region.c — the gazetteer and placing bodies: every seed and corpus
 * report lands in the region issue 4 names (read off the documents: the
 * title, "<county>人民政府" on the page), a shared town name needs its county,
 * and what cannot be placed is flagged, never guessed.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "xxgk/parse.h"
#include "xxgk/region.h"

static xxgk_gazetteer *gaz;

static void setup(void)
{
	xxgk_error err;
	ck_assert_msg(xxgk_gazetteer_load(&gaz, XXGK_DATA_DIR_TEST "/gazetteer", &err) == XXGK_OK, "%s",
		      err.message);
}

static void teardown(void)
{
	xxgk_gazetteer_free(gaz);
	gaz = NULL;
}

START_TEST(gazetteer_counts_and_links)
{
	/* data/gazetteer/README.md: 31 provinces, 342 cities, 2,978 counties, 41,352 towns */
	ck_assert_uint_eq(xxgk_gazetteer_count(gaz), 31 + 342 + 2978 + 41352);
	const xxgk_region *r = xxgk_gazetteer_find(gaz, "420984103");
	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(r->name, "分水镇");
	ck_assert_int_eq(r->level, XXGK_LEVEL_TOWN);
	const xxgk_region *county = xxgk_gazetteer_at(gaz, (size_t)r->parent);
	ck_assert_str_eq(county->code, "420984");
	ck_assert_str_eq(county->name, "汉川市");
	ck_assert_ptr_null(xxgk_gazetteer_find(gaz, "999999"));
	ck_assert(xxgk_gazetteer_find(gaz, "1101")->placeholder);   /* 市辖区 */
}
END_TEST

START_TEST(missing_gazetteer_is_an_error)
{
	xxgk_gazetteer *g = (xxgk_gazetteer *)1;
	xxgk_error err;
	ck_assert_int_eq(xxgk_gazetteer_load(&g, "/nonexistent", &err), XXGK_EIO);
	ck_assert_ptr_null(g);
	ck_assert_ptr_nonnull(strstr(err.message, "provinces.csv"));
}
END_TEST

static const struct {
	const char *agency, *context, *code;
	int status, level;
} place_cases[] = {
	{ "分水镇", "", NULL, XXGK_PLACE_AMBIGUOUS, 0 },                               /* six of them */
	{ "分水镇", "汉川市人民政府-分水镇", "420984103", XXGK_PLACE_RESOLVED, XXGK_LEVEL_TOWN },
	{ "分水镇", "桐庐县人民政府", "330122109", XXGK_PLACE_RESOLVED, XXGK_LEVEL_TOWN },
	{ "湘潭县易俗河镇", "", "430321100", XXGK_PLACE_RESOLVED, XXGK_LEVEL_TOWN },
	{ "淮安市洪泽区人民政府", "", "320813", XXGK_PLACE_RESOLVED, XXGK_LEVEL_COUNTY },
	{ "淮安市人民政府", "", "3208", XXGK_PLACE_RESOLVED, XXGK_LEVEL_CITY },
	{ "沭阳县发展和改革局", "", "321322", XXGK_PLACE_RESOLVED, XXGK_LEVEL_DEPARTMENT },
	{ "平潭综合实验区", "", "350128", XXGK_PLACE_RESOLVED, XXGK_LEVEL_COUNTY },  /* 平潭 + 县 */
	{ "某某单位", "来源：平潭县人民政府", "350128", XXGK_PLACE_RESOLVED, XXGK_LEVEL_COUNTY },
	/* one OCR-confusable character: read as its look-alike only when that gives one place (warned) */
	{ "沐阳县人民政府", "", "321322", XXGK_PLACE_RESOLVED, XXGK_LEVEL_COUNTY },          /* OCR for 沭阳 */
	{ "江苏省宿迁市沐阳县农业农村局", "", "321322", XXGK_PLACE_RESOLVED, XXGK_LEVEL_DEPARTMENT },
	{ "沐川县人民政府", "", "511129", XXGK_PLACE_RESOLVED, XXGK_LEVEL_COUNTY },          /* a real 沐 stays */
	{ "沐沐县人民政府", "", NULL, XXGK_PLACE_UNRESOLVED, 0 },                            /* no place either way */
	{ "某某单位", "", NULL, XXGK_PLACE_UNRESOLVED, 0 },
	/* a shorter name inside a longer one is not a second place: 西区 in 河西区, 城区 in 荔城区 */
	{ "河西区人民政府", "", "120103", XXGK_PLACE_RESOLVED, XXGK_LEVEL_COUNTY },
	{ "荔城区人民政府", "", "350304", XXGK_PLACE_RESOLVED, XXGK_LEVEL_COUNTY },
	{ "河西区挂甲寺街道", "", "120103004", XXGK_PLACE_RESOLVED, XXGK_LEVEL_TOWN },
	/* a name that does not nest (a 林业局 area elsewhere) is not this body's region */
	{ "承德县林业局", "", "130821", XXGK_PLACE_RESOLVED, XXGK_LEVEL_DEPARTMENT },
	/* the names governments go by are not departments */
	{ "桐庐县分水镇街道办事处", "", "330122109", XXGK_PLACE_RESOLVED, XXGK_LEVEL_TOWN },
	{ "和田地区行政公署", "", "6532", XXGK_PLACE_RESOLVED, XXGK_LEVEL_CITY },
	/* a region named as its parent is its stand-in, not a place: the county, never the street 350527000 */
	{ "金门县发展和改革局", "", "350527", XXGK_PLACE_RESOLVED, XXGK_LEVEL_DEPARTMENT },
	{ "福建省泉州市金门县人民政府", "", "350527", XXGK_PLACE_RESOLVED, XXGK_LEVEL_COUNTY },
	{ "东莞市财政局", "", "4419", XXGK_PLACE_RESOLVED, XXGK_LEVEL_DEPARTMENT },   /* not 441900 */
	/* a town named as another county (410724560 西工区 in 获嘉县) is not that county's stand-in */
	{ "西工区人民政府", "", "410303", XXGK_PLACE_RESOLVED, XXGK_LEVEL_COUNTY },
	{ "城区人民政府", "", NULL, XXGK_PLACE_AMBIGUOUS, 0 },   /* three counties 城区, no town */
	/* a name two counties share (城中区 630103, 450202; 龙华区 460106, 440309): settled by a name above
	   it printed before it on the page, else left ambiguous, never guessed */
	{ "城中区交通运输局", "城中区交通运输局\n2022年政府信息公开工作年度报告\n西宁市城中区交通运输局\n2023年1月20日",
	  "630103", XXGK_PLACE_RESOLVED, XXGK_LEVEL_DEPARTMENT },
	{ "城中区人民政府", "柳州市城中区人民政府", "450202", XXGK_PLACE_RESOLVED, XXGK_LEVEL_COUNTY },
	{ "龙华区医疗保障局", "本报告由广东省深圳市龙华区医疗保障局编制", "440309", XXGK_PLACE_RESOLVED,
	  XXGK_LEVEL_DEPARTMENT },
	{ "城中区交通运输局", "城中区交通运输局\n2022年政府信息公开工作年度报告\n城中区交通运输局\n2023年1月20日", NULL,
	  XXGK_PLACE_AMBIGUOUS, 0 },
	{ "城中区交通运输局", "西宁市城中区、柳州市城中区", NULL, XXGK_PLACE_AMBIGUOUS, 0 },   /* both printed */
	{ NULL, "", NULL, XXGK_PLACE_UNRESOLVED, 0 },
};

START_TEST(placing)
{
	xxgk_placement p;
	const char *ctx = place_cases[_i].context;
	ck_assert_int_eq(xxgk_region_place(&p, gaz, place_cases[_i].agency, ctx, strlen(ctx)), XXGK_OK);
	ck_assert_msg(p.status == place_cases[_i].status, "%s: status %d (%s)", place_cases[_i].agency,
		      p.status, p.note);
	if (place_cases[_i].code) {
		ck_assert_str_eq(p.region->code, place_cases[_i].code);
		ck_assert_int_eq(p.level, place_cases[_i].level);
	}
	ck_assert(p.note[0] != '\0');
	/* placed through a look-alike exactly when the name holds one no region name covers */
	bool misprint = place_cases[_i].agency && strstr(place_cases[_i].agency, "沐阳");
	ck_assert_msg(p.confusable == misprint, "%s: confusable %d (%s)", place_cases[_i].agency, p.confusable, p.note);
}
END_TEST

/*
 * Every region printed with its parent's name (金门县's street 350527000, the
 * city-as-county 441900 东莞市, 540173400 under 540173 …, read off the
 * gazetteer, not listed here): a title naming it places the body in the
 * parent, and the stand-in is never a placement.
 */
START_TEST(named_as_parent_places_the_parent)
{
	int seen = 0;
	for (size_t i = 0; i < xxgk_gazetteer_count(gaz); i++) {
		const xxgk_region *r = xxgk_gazetteer_at(gaz, i);
		if (r->parent < 0)
			continue;
		const xxgk_region *up = xxgk_gazetteer_at(gaz, (size_t)r->parent);
		if (strcmp(r->name, up->name) != 0)
			continue;
		seen++;
		ck_assert_msg(r->placeholder, "%s %s: named as its parent, not a placeholder", r->code, r->name);
		char title[256];
		snprintf(title, sizeof title, "%s财政局", r->name);
		xxgk_placement p;
		ck_assert_int_eq(xxgk_region_place(&p, gaz, title, "", 0), XXGK_OK);
		ck_assert_msg(p.status == XXGK_PLACE_RESOLVED && strcmp(p.region->code, up->code) == 0,
			      "%s: status %d, %s (%s)", title, p.status, p.region ? p.region->code : "-", p.note);
		ck_assert_int_eq(p.level, XXGK_LEVEL_DEPARTMENT);
	}
	/* data/gazetteer/README.md: 350527000 金门县, 4 cities-as-counties, 540173400 */
	ck_assert_int_eq(seen, 6);
}
END_TEST

/* Two look-alike readings that give two places (沭阳县, 邳州市): neither is taken. */
START_TEST(confusable_two_places)
{
	xxgk_placement p;
	const char *name = "沐阳县丕州市联合办公室";
	ck_assert_int_eq(xxgk_region_place(&p, gaz, name, "", 0), XXGK_OK);
	ck_assert_msg(p.status != XXGK_PLACE_RESOLVED && !p.confusable, "%s: %s", name, p.note);
	/* and in a report: no region, the title's name unresolved */
	xxgk_report *r = NULL;
	xxgk_error err;
	char text[256];
	snprintf(text, sizeof text, "%s2025年政府信息公开工作年度报告\n", name);
	xxgk_parse_options opts = XXGK_PARSE_OPTIONS_INIT;
	opts.gazetteer = gaz;
	opts.name = "t.txt";
	if (xxgk_parse_buffer(&r, text, strlen(text), &opts, &err) == XXGK_OK) {
		ck_assert_ptr_null(r->region_code);
		xxgk_report_free(r);
	}
}
END_TEST

/*
 * A report titled with a name two counties share (城中区交通运输局) and
 * signed with its city's (西宁市城中区交通运输局) is placed; unsigned, it is
 * ambiguous with a warning. The report is seed 002's text under that title.
 */
START_TEST(signature_names_the_city)
{
	char path[512];
	snprintf(path, sizeof path, "%s/seeds/002_6dd58b88eaeffe1b.txt", XXGK_FIXTURES_DIR);
	size_t len;
	char *seed = test_slurp(path, &len);
	const char *body = strchr(seed, '\n');
	ck_assert_ptr_nonnull(body);
	const char *title = "城中区交通运输局2024年政府信息公开工作年度报告";
	const char *sign = "\n西宁市城中区交通运输局\n2025年1月20日\n";
	size_t cap = len + 512;
	char *text = malloc(cap);
	ck_assert_ptr_nonnull(text);
	for (int signed_ = 0; signed_ < 2; signed_++) {
		snprintf(text, cap, "%s%s%s", title, body, signed_ ? sign : "");
		xxgk_report *r = NULL;
		xxgk_error err;
		xxgk_parse_options opts = XXGK_PARSE_OPTIONS_INIT;
		opts.gazetteer = gaz;
		opts.name = "t.txt";
		ck_assert_int_eq(xxgk_parse_buffer(&r, text, strlen(text), &opts, &err), XXGK_OK);
		ck_assert_str_eq(r->agency_name, "城中区交通运输局");
		bool ambiguous = false;
		for (size_t w = 0; w < r->warning_count; w++)
			ambiguous |= strcmp(r->warnings[w].code, "region.ambiguous") == 0;
		if (signed_) {
			ck_assert_ptr_nonnull(r->region_code);
			ck_assert_str_eq(r->region_code, "630103");
			ck_assert_str_eq(xxgk_level_name(r->level), "department");
			ck_assert(!ambiguous);
		} else {
			ck_assert_ptr_null(r->region_code);
			ck_assert(ambiguous);
		}
		xxgk_report_free(r);
	}
	free(text);
	free(seed);
}
END_TEST

static const struct {
	const char *file, *code, *level;
} report_cases[] = {
	{ "seeds/000_2a68a08fb10c7e43.txt", "420984103", "town" },
	{ "seeds/001_61f640e52d4e149d.txt", "430321100", "town" },
	{ "seeds/002_6dd58b88eaeffe1b.txt", "511724", "county" },
	{ "seeds/003_0b1325ff460d94b6.txt", "511725111", "town" },
	{ "seeds/004_f017ccef7dbb6993.txt", "610921101", "town" },
	{ "corpus/hongze_2023.layout.txt", "320813", "county" },
	{ "corpus/huaian_2024.layout.txt", "3208", "city" },
	{ "corpus/huaian_2024.raw.txt", "3208", "city" },
	{ "corpus/pingtan_2019.txt", "350128", "county" },
	{ "corpus/pingtan_2021.txt", "350128", "county" },
	{ "corpus/pingtan_2023.txt", "350128", "county" },
	{ "corpus/shuyang_fgj_2023.html", "321322", "department" },
	{ "corpus/shanghai_office_2019.html", "31", "department" },
	/* the OCR printed 沐阳县 for 沭阳县 (manifest.csv says 321322): read through the look-alike, warned */
	{ "corpus/shuyang_2025.ocr.md", "321322", "county" },
};

START_TEST(reports_land_in_their_region)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", XXGK_FIXTURES_DIR, report_cases[_i].file);
	size_t len;
	char *buf = test_slurp(path, &len);
	xxgk_report *r = NULL;
	xxgk_error err;
	xxgk_parse_options opts = { .name = report_cases[_i].file, .gazetteer = gaz };
	ck_assert_int_eq(xxgk_parse_buffer(&r, buf, len, &opts, &err), XXGK_OK);
	ck_assert_str_eq(xxgk_level_name(r->level), report_cases[_i].level);
	ck_assert_str_eq(r->region_code, report_cases[_i].code);
	ck_assert_uint_ge(r->region_path_count, 1);
	bool flagged = false;
	for (size_t w = 0; w < r->warning_count; w++)
		flagged |= strcmp(r->warnings[w].code, "region.confusable") == 0;
	ck_assert_msg(flagged == (strstr(report_cases[_i].file, "shuyang_2025") != NULL), "%s: region.confusable %d",
		      report_cases[_i].file, flagged);
	if (flagged) {
		/* the manifest's word */
		ck_assert_int_eq(xxgk_region_assign(r, gaz, "321322", XXGK_LEVEL_COUNTY, &err), XXGK_OK);
		ck_assert_str_eq(r->region_code, "321322");
		for (size_t w = 0; w < r->warning_count; w++)
			ck_assert_str_ne(r->warnings[w].code, "region.confusable");
		ck_assert_int_eq(xxgk_region_assign(r, gaz, "999999", 0, &err), XXGK_EINVAL);
	}
	xxgk_report_free(r);
	free(buf);
}
END_TEST

static void count_unmatched(const char *message, void *ctx)
{
	(void)message;
	++*(int *)ctx;
}

/* A manifest is looked up by a file's base name; the later of two rows for one file wins, and only
   rows no file matched (not the superseded one) are unmatched. 3,000 rows: each found (a binary
   search, not a scan a file). */
START_TEST(manifest_lookup)
{
	char path[64];
	snprintf(path, sizeof path, "/tmp/xxgk-test-manifest-%d.csv", (int)getpid());
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("file,region_code,level\na.txt,110101,county\nb.txt,3208,city\n", f);
	for (int i = 0; i < 3000; i++)
		fprintf(f, "n%04d.txt,32%04d,county\n", i, i);
	fputs("dir/a.txt,320813,county\nnever.txt,110102,county\n", f);
	fclose(f);
	xxgk_manifest *m;
	xxgk_error err;
	const char *code;
	int level;
	ck_assert_int_eq(xxgk_manifest_load(&m, path, &err), XXGK_OK);
	ck_assert(xxgk_manifest_lookup(m, "/somewhere/a.txt", &code, &level));
	ck_assert_str_eq(code, "320813");   /* the later row */
	ck_assert_int_eq(level, XXGK_LEVEL_COUNTY);
	ck_assert(xxgk_manifest_lookup(m, "b.txt", &code, &level));
	ck_assert_str_eq(code, "3208");
	ck_assert_int_eq(level, XXGK_LEVEL_CITY);
	for (int i = 0; i < 3000; i++) {
		char name[32], want[16];
		snprintf(name, sizeof name, "x/n%04d.txt", i);
		snprintf(want, sizeof want, "32%04d", i);
		ck_assert(xxgk_manifest_lookup(m, name, &code, &level));
		ck_assert_str_eq(code, want);
	}
	ck_assert(!xxgk_manifest_lookup(m, "a.txt.bak", &code, &level));
	ck_assert(!xxgk_manifest_lookup(m, "0.txt", &code, &level));
	ck_assert(!xxgk_manifest_lookup(m, "zzz.txt", &code, &level));
	int unmatched = 0;
	ck_assert_uint_eq(xxgk_manifest_unmatched(m, count_unmatched, &unmatched), 1);   /* never.txt */
	ck_assert_int_eq(unmatched, 1);
	xxgk_manifest_free(m);
	unlink(path);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("region");
	TCase *tc = tcase_create("gazetteer");
	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_add_test(tc, gazetteer_counts_and_links);
	tcase_add_test(tc, missing_gazetteer_is_an_error);
	tcase_add_loop_test(tc, placing, 0, (int)(sizeof place_cases / sizeof place_cases[0]));
	tcase_add_test(tc, confusable_two_places);
	tcase_add_test(tc, named_as_parent_places_the_parent);
	tcase_add_test(tc, signature_names_the_city);
	tcase_add_test(tc, manifest_lookup);
	tcase_add_loop_test(tc, reports_land_in_their_region, 0,
			    (int)(sizeof report_cases / sizeof report_cases[0]));
	suite_add_tcase(s, tc);
	return test_run(s);
}
