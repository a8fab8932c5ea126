/*
 * test_render.c — the layout model (its JSON: blocks, order, numbering,
 * escaping, refusals) and the PDF backend read back with poppler's
 * pdftotext: title, headings, table cells with their figures, chart titles,
 * page numbers, a table's header repeated on the page it continues on, no
 * line starting with closing punctuation, byte-identical deterministic
 * renders, an unwritable path, characters no font has, a face without a
 * 'prep' table libharu could not save (issue 17, item 8), the size of a
 * county summary (also left at /tmp/render_sample.pdf to look at).
 *
 * Needs pdftotext (Debian poppler-utils) on PATH and the fonts of
 * docs/render.md (fonts-wqy-zenhei, fonts-arphic-uming, fonts-arphic-ukai).
 */
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"
#include "xxgk/render.h"

#define TMP_DIR "/tmp"

static const xxgk_render_options fixed_opts = { .created = "2025-03-20", .deterministic = true };

/* ---- helpers ---- */

static char *layout_json(const xxgk_layout *l)
{
	char *json = NULL;
	ck_assert_int_eq(xxgk_layout_to_json(&json, l), XXGK_OK);
	ck_assert_ptr_nonnull(json);
	return json;
}

/* pdftotext -layout of pages first…last (0: all) as a malloc'd string. */
static char *pdf_text(const char *path, int first, int last)
{
	char cmd[1024];
	size_t cap = 1 << 16, len = 0, n;
	char *out = malloc(cap);
	FILE *f;
	ck_assert_ptr_nonnull(out);
	if (first > 0)
		snprintf(cmd, sizeof cmd, "pdftotext -layout -f %d -l %d '%s' - 2>&1", first, last, path);
	else
		snprintf(cmd, sizeof cmd, "pdftotext -layout '%s' - 2>&1", path);
	f = popen(cmd, "r");
	ck_assert_msg(f != NULL, "cannot run pdftotext");
	while ((n = fread(out + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (cap - len < 4096) {
			cap *= 2;
			out = realloc(out, cap);
			ck_assert_ptr_nonnull(out);
		}
	}
	out[len] = '\0';
	ck_assert_int_eq(pclose(f), 0);
	ck_assert_msg(len > 0, "pdftotext printed nothing for %s", path);
	return out;
}

/* The line of `text` that contains `needle`, or NULL; into buf. */
static const char *line_with(const char *text, const char *needle, char *buf, size_t cap)
{
	const char *at = strstr(text, needle), *start, *end;
	size_t n;
	if (!at)
		return NULL;
	start = at;
	while (start > text && start[-1] != '\n')
		start--;
	end = strchr(at, '\n');
	n = end ? (size_t)(end - start) : strlen(start);
	if (n >= cap)
		n = cap - 1;
	memcpy(buf, start, n);
	buf[n] = '\0';
	return buf;
}

/* Appends `s` to the NUL-terminated `buf` of `cap` bytes (the test's inputs fit). */
static void append(char *buf, size_t cap, const char *s)
{
	size_t n = strlen(buf), k = strlen(s);
	ck_assert_uint_lt(n + k, cap);
	memcpy(buf + n, s, k + 1);
}

/* Whether `needle` occurs in the `len` bytes at `hay` (a PDF holds NULs: no strstr). */
static bool bytes_have(const char *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; i + n <= len; i++)
		if (memcmp(hay + i, needle, n) == 0)
			return true;
	return false;
}

static long file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static const char *const body_names[30] = {
	"洪泽区人民政府办公室", "洪泽区发展和改革委员会", "洪泽区教育体育局", "洪泽区科学技术局",
	"洪泽区工业和信息化局", "洪泽区公安分局", "洪泽区民政局", "洪泽区司法局", "洪泽区财政局",
	"洪泽区人力资源和社会保障局", "洪泽区自然资源和规划局", "淮安市洪泽生态环境局", "洪泽区住房和城乡建设局",
	"洪泽区交通运输局", "洪泽区水利局", "洪泽区农业农村局", "洪泽区商务局", "洪泽区文化广电和旅游局",
	"洪泽区卫生健康委员会", "洪泽区退役军人事务局", "洪泽区应急管理局", "洪泽区审计局",
	"洪泽区市场监督管理局", "洪泽区统计局", "洪泽区医疗保障局", "高良涧街道办事处", "朱坝街道办事处",
	"黄集街道办事处", "岔河镇人民政府", "西顺河镇人民政府"
};

static const char *const t3_headers[6] = { "单位", "新收申请", "上年结转", "予以公开", "不予公开", "结转下年度" };
static const double t3_widths[6] = { 3.4, 1, 1, 1, 1, 1.2 };
static const int t3_aligns[6] = { XXGK_ALIGN_LEFT, XXGK_ALIGN_RIGHT, XXGK_ALIGN_RIGHT,
				  XXGK_ALIGN_RIGHT, XXGK_ALIGN_RIGHT, XXGK_ALIGN_RIGHT };

/* Appends `rows` rows of bodies with made-up figures, and a total row. */
static void add_body_rows(xxgk_layout *l, int rows)
{
	long total[5] = { 0 };
	char cells[6][96];
	const char *row[6];
	for (int i = 0; i < rows; i++) {
		long v[5] = { (i * 37) % 23 + 1, (i * 11) % 3, (i * 13) % 17, (i * 7) % 3, (i * 5) % 2 };
		if (i < 30)
			snprintf(cells[0], sizeof cells[0], "%s", body_names[i]);
		else
			snprintf(cells[0], sizeof cells[0], "第%d号单位", i + 1);
		for (int k = 0; k < 5; k++) {
			snprintf(cells[k + 1], sizeof cells[k + 1], "%ld", v[k]);
			total[k] += v[k];
		}
		for (int k = 0; k < 6; k++)
			row[k] = cells[k];
		ck_assert_int_eq(xxgk_layout_table_row(l, row, false), XXGK_OK);
	}
	snprintf(cells[0], sizeof cells[0], "合计");
	for (int k = 0; k < 5; k++)
		snprintf(cells[k + 1], sizeof cells[k + 1], "%ld", total[k]);
	for (int k = 0; k < 6; k++)
		row[k] = cells[k];
	ck_assert_int_eq(xxgk_layout_table_row(l, row, true), XXGK_OK);
}

/* A county summary: title, headings, paragraphs, a 30-row table, a bar chart, a line chart, a funnel plot. */
static xxgk_layout *county_summary(void)
{
	xxgk_layout *l;
	const char *labels[12];
	double values[12], fx[30], fy[30], xl[40], lim[160];
	const char *years[6] = { "2019", "2020", "2021", "2022", "2023", "2024" };
	const char *series[3] = { "新收申请", "予以公开", "行政复议" };
	double lines[18] = { 98, 110, 121, NAN, 121, 136, 60, 72, 80, 85, 90, 97, 3, 5, 2, 4, 6, 3 };
	ck_assert_int_eq(xxgk_layout_new(&l, "淮安市洪泽区2024年政府信息公开工作年度报告汇总"), XXGK_OK);
	xxgk_layout_subtitle(l, "洪泽区人民政府办公室　2025年3月");
	xxgk_layout_heading(l, 1, "一、总体情况");
	xxgk_layout_paragraph(l, "2024年，全区各级行政机关认真贯彻落实《中华人民共和国政府信息公开条例》，围绕区委、"
				 "区政府中心工作，持续深化政务公开。本汇总覆盖区政府及其部门、街道和镇共30个单位，全年"
				 "主动公开政府信息12458条，收到政府信息公开申请347件，较上年增长12.4%。");
	xxgk_layout_paragraph(l, "各单位年度报告均按国办公开办函〔2021〕30号规定的格式编制。经核对，3个单位的表三"
				 "存在勾稽关系错误（第一项加第二项之和不等于第三项加第四项之和），2个单位的“结转下年度”"
				 "与上年报告不一致，已通知其更正。");
	xxgk_layout_heading(l, 2, "（一）主动公开情况");
	xxgk_layout_paragraph(l, "全区主动公开规章0件、行政规范性文件18件，行政许可决定4862件，行政处罚决定1937件，"
				 "行政事业性收费共计286.35万元。");
	xxgk_layout_heading(l, 1, "二、收到和处理政府信息公开申请情况");
	ck_assert_int_eq(xxgk_layout_table(l, "2024年各单位收到和处理政府信息公开申请情况", "单位：件", 6,
					   t3_headers, t3_widths, t3_aligns),
			 XXGK_OK);
	add_body_rows(l, 30);
	xxgk_layout_note(l, "注：“新收申请”为本年新收政府信息公开申请数量；空白表示报告未填写，不视为0。");
	xxgk_layout_heading(l, 1, "三、图表分析");
	for (int i = 0; i < 12; i++) {
		labels[i] = body_names[i];
		values[i] = (i * 37) % 23 + 1;
	}
	ck_assert_int_eq(xxgk_layout_bar_chart(l, "新收申请数量居前的单位", "申请数量（件）",
					       "各单位2024年政府信息公开工作年度报告", 12, labels, values),
			 XXGK_OK);
	ck_assert_int_eq(xxgk_layout_line_chart(l, "2019—2024年全区政府信息公开申请情况", "年度", "件",
						"洪泽区历年政府信息公开工作年度报告", 6, years, 3, series, lines),
			 XXGK_OK);
	for (int i = 0; i < 30; i++) {
		fx[i] = 30 + i * 9.0;
		fy[i] = 0.72 + 0.1 * sin(i * 1.7);
	}
	fy[4] = 0.35;
	fy[17] = 0.98;
	fy[25] = 0.40;
	for (int i = 0; i < 40; i++) {
		double x = 20 + i * 8.0, se = sqrt(0.72 * 0.28 / x);
		xl[i] = x;
		lim[i * 4] = 0.72 - 1.96 * se;
		lim[i * 4 + 1] = 0.72 + 1.96 * se;
		lim[i * 4 + 2] = 0.72 - 3.09 * se;
		lim[i * 4 + 3] = fmin(1, 0.72 + 3.09 * se);
	}
	ck_assert_int_eq(xxgk_layout_funnel(l, "各单位公开率漏斗图", "申请数量（件）", "公开率",
					    "据各单位2024年年度报告计算；控制限按Spiegelhalter（2005）方法", 30, fx, fy,
					    body_names, NULL, 0.72, 40, xl, lim),
			 XXGK_OK);
	xxgk_layout_heading(l, 1, "四、存在的主要问题及改进情况");
	for (int i = 0; i < 3; i++)
		xxgk_layout_paragraph(l, "部分单位对年度报告格式要求理解不到位，存在表格数据填报不规范、勾稽关系错误、"
					 "空白单元格未填写等问题；个别单位年度报告内容与上年雷同。下一步，将加强业务培训"
					 "和审核把关，对发现的问题逐一督促整改，切实提高年度报告编制质量。");
	return l;
}

/* ---- the layout and its JSON ---- */

START_TEST(json_blocks_in_order_and_numbered)
{
	xxgk_layout *l;
	const char *cells[2] = { "合计", "12" };
	const char *headers[2] = { "单位", "件数" };
	const double widths[2] = { 3, 1 };
	const int aligns[2] = { XXGK_ALIGN_LEFT, XXGK_ALIGN_RIGHT };
	const char *bars[2] = { "甲", "乙" };
	const double bar_values[2] = { 3, 4.5 };
	const char *years[2] = { "2023", "2024" };
	const char *names[1] = { "申请" };
	const double line_values[2] = { 1, NAN };
	const double fx[1] = { 40 }, fy[1] = { 0.5 }, xl[1] = { 40 }, lim[4] = { 0.3, 0.7, 0.2, 0.8 };
	char *json;
	const char *order[] = { "\"type\":\"title\"", "\"type\":\"subtitle\"", "\"type\":\"heading\",\"level\":1",
				"\"type\":\"paragraph\"", "\"type\":\"table\",\"number\":1,\"label\":\"表1\"",
				"\"type\":\"bar_chart\",\"number\":1,\"label\":\"图1\"", "\"type\":\"page_break\"",
				"\"type\":\"heading\",\"level\":2", "\"type\":\"table\",\"number\":2,\"label\":\"表2\"",
				"\"type\":\"line_chart\",\"number\":2,\"label\":\"图2\"",
				"\"type\":\"funnel\",\"number\":3,\"label\":\"图3\"", "\"type\":\"note\"" };
	const char *prev;
	ck_assert_int_eq(xxgk_layout_new(&l, "标题"), XXGK_OK);
	ck_assert_int_eq(xxgk_layout_subtitle(l, "副题"), XXGK_OK);
	ck_assert_int_eq(xxgk_layout_heading(l, 1, "一、总体情况"), XXGK_OK);
	ck_assert_int_eq(xxgk_layout_paragraph(l, "正文。"), XXGK_OK);
	ck_assert_int_eq(xxgk_layout_table(l, "表题", "单位：件", 2, headers, widths, aligns), XXGK_OK);
	ck_assert_int_eq(xxgk_layout_table_row(l, cells, true), XXGK_OK);
	ck_assert_int_eq(xxgk_layout_bar_chart(l, "柱", "件", "来源", 2, bars, bar_values), XXGK_OK);
	ck_assert_int_eq(xxgk_layout_page_break(l), XXGK_OK);
	ck_assert_int_eq(xxgk_layout_heading(l, 2, "（一）细项"), XXGK_OK);
	ck_assert_int_eq(xxgk_layout_table(l, "第二表", NULL, 2, headers, widths, aligns), XXGK_OK);
	ck_assert_int_eq(xxgk_layout_line_chart(l, "线", "年", "件", "来源", 2, years, 1, names, line_values), XXGK_OK);
	ck_assert_int_eq(xxgk_layout_funnel(l, "漏斗", "量", "率", "来源", 1, fx, fy, NULL, NULL, 0.5, 1, xl, lim), XXGK_OK);
	ck_assert_int_eq(xxgk_layout_note(l, "注"), XXGK_OK);
	json = layout_json(l);
	prev = json;
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
		const char *at = strstr(json, order[i]);
		ck_assert_msg(at != NULL, "missing %s in %s", order[i], json);
		ck_assert_msg(at >= prev, "%s out of order", order[i]);
		prev = at;
	}
	ck_assert_ptr_nonnull(strstr(json, "{\"title\":\"标题\",\"tables\":2,\"charts\":3,"));
	ck_assert_ptr_nonnull(strstr(json, "\"unit\":\"单位：件\""));
	ck_assert_ptr_nonnull(strstr(json, "\"caption\":\"第二表\",\"unit\":null"));
	ck_assert_ptr_nonnull(strstr(json, "{\"header\":\"件数\",\"width\":1,\"align\":\"right\"}"));
	ck_assert_ptr_nonnull(strstr(json, "\"rows\":[{\"cells\":[\"合计\",\"12\"],\"emphasis\":true}]"));
	ck_assert_ptr_nonnull(strstr(json, "\"values\":[3,4.5]"));
	ck_assert_ptr_nonnull(strstr(json, "\"values\":[1,null]"));   /* NaN: a missing year */
	ck_assert_ptr_nonnull(strstr(json, "{\"x\":40,\"lo95\":0.3,\"hi95\":0.7,\"lo998\":0.2,\"hi998\":0.8}"));
	ck_assert_ptr_nonnull(strstr(json, "{\"x\":40,\"y\":0.5,\"label\":null}"));
	free(json);
	xxgk_layout_free(l);
}
END_TEST

START_TEST(json_escapes_and_repairs_text)
{
	xxgk_layout *l;
	char *json;
	ck_assert_int_eq(xxgk_layout_new(&l, "a\"b\\c\nd\te\x01"), XXGK_OK);
	ck_assert_int_eq(xxgk_layout_paragraph(l, "bad \xE6\xB4 byte"), XXGK_OK);   /* a cut 洪 */
	json = layout_json(l);
	ck_assert_ptr_nonnull(strstr(json, "\"title\":\"a\\\"b\\\\c\\nd\\te\\u0001\""));
	ck_assert_ptr_nonnull(strstr(json, "\"text\":\"bad \xEF\xBF\xBD\xEF\xBF\xBD byte\""));   /* two U+FFFD */
	free(json);
	xxgk_layout_free(l);
}
END_TEST

START_TEST(refusals_leave_the_layout_unchanged)
{
	xxgk_layout *l;
	char *before, *after, *big;
	const char *headers[2] = { "a", "b" };
	const double widths[2] = { 1, 1 }, bad_widths[2] = { 1, 0 };
	const int aligns[2] = { XXGK_ALIGN_LEFT, XXGK_ALIGN_RIGHT }, bad_aligns[2] = { 0, 7 };
	const char *cells[2] = { "x", NULL };
	ck_assert_int_eq(xxgk_layout_new(&l, "标题"), XXGK_OK);
	before = layout_json(l);
	ck_assert_int_eq(xxgk_layout_heading(l, 3, "三级"), XXGK_EINVAL);
	ck_assert_int_eq(xxgk_layout_table_row(l, cells, false), XXGK_EINVAL);   /* no table before it */
	ck_assert_int_eq(xxgk_layout_table(l, "t", NULL, 0, headers, widths, aligns), XXGK_EINVAL);
	ck_assert_int_eq(xxgk_layout_table(l, "t", NULL, 2, headers, bad_widths, aligns), XXGK_EINVAL);
	ck_assert_int_eq(xxgk_layout_table(l, "t", NULL, 2, headers, widths, bad_aligns), XXGK_EINVAL);
	ck_assert_int_eq(xxgk_layout_bar_chart(l, "t", NULL, NULL, 0, headers, widths), XXGK_EINVAL);
	big = malloc(70000);
	ck_assert_ptr_nonnull(big);
	memset(big, 'x', 69999);
	big[69999] = '\0';
	ck_assert_int_eq(xxgk_layout_paragraph(l, big), XXGK_ETOOBIG);
	free(big);
	after = layout_json(l);
	ck_assert_str_eq(before, after);
	free(before);
	free(after);
	/* a table's numbering is not used up by a refused one */
	ck_assert_int_eq(xxgk_layout_table_count(l), 0);
	ck_assert_int_eq(xxgk_layout_table(l, "t", NULL, 2, headers, widths, aligns), XXGK_OK);
	ck_assert_int_eq(xxgk_layout_table_count(l), 1);
	ck_assert_int_eq(xxgk_layout_table_row(l, cells, false), XXGK_OK);
	after = layout_json(l);
	ck_assert_ptr_nonnull(strstr(after, "\"label\":\"表1\""));
	ck_assert_ptr_nonnull(strstr(after, "\"cells\":[\"x\",null]"));
	free(after);
	xxgk_layout_free(l);
	xxgk_layout_free(NULL);
}
END_TEST

/* ---- the PDF ---- */

START_TEST(small_document_reads_back)
{
	const char *path = TMP_DIR "/xxgk_test_render_small.pdf";
	xxgk_layout *l;
	xxgk_error err;
	size_t missing = 99;
	char *text, line[1024];
	const char *labels[3] = { "洪泽区教育体育局", "岔河镇人民政府", "高良涧街道办事处" };
	const double values[3] = { 20, 6, 11 };
	ck_assert_int_eq(xxgk_layout_new(&l, "淮安市洪泽区2024年政府信息公开工作年度报告汇总"), XXGK_OK);
	xxgk_layout_heading(l, 1, "一、总体情况");
	xxgk_layout_paragraph(l, "全年收到政府信息公开申请347件。");
	ck_assert_int_eq(xxgk_layout_table(l, "各单位申请情况", "单位：件", 6, t3_headers, t3_widths, t3_aligns),
			 XXGK_OK);
	add_body_rows(l, 5);
	ck_assert_int_eq(xxgk_layout_bar_chart(l, "新收申请数量", "件", "年度报告", 3, labels, values), XXGK_OK);
	unlink(path);
	ck_assert_int_eq(xxgk_render_pdf(l, path, &fixed_opts, &missing, &err), XXGK_OK);
	ck_assert_uint_eq(missing, 0);
	text = pdf_text(path, 0, 0);
	ck_assert_ptr_nonnull(strstr(text, "政府信息公开工作年度报告汇总"));
	ck_assert_ptr_nonnull(strstr(text, "一、总体情况"));
	ck_assert_ptr_nonnull(strstr(text, "表1"));
	ck_assert_ptr_nonnull(strstr(text, "单位：件"));
	/* a row: the body and its figures on one line, in column order */
	ck_assert_ptr_nonnull(line_with(text, "洪泽区教育体育局", line, sizeof line));
	ck_assert_msg(strstr(line, "  6") && strstr(line, "  9") && strstr(line, "  1"), "row: %s", line);
	ck_assert_ptr_nonnull(line_with(text, "合计", line, sizeof line));
	ck_assert_msg(strstr(line, "53") != NULL, "total row: %s", line);   /* 1+15+6+20+11 */
	ck_assert_ptr_nonnull(strstr(text, "图1"));
	ck_assert_ptr_nonnull(strstr(text, "新收申请数量"));
	ck_assert_ptr_nonnull(strstr(text, "资料来源：年度报告"));
	ck_assert_ptr_nonnull(strstr(text, "— 1 —"));
	ck_assert_ptr_nonnull(strstr(text, "2025年3月20日"));
	ck_assert_ptr_null(strstr(text, "Syntax Warning"));   /* a valid ToUnicode map */
	free(text);
	xxgk_layout_free(l);
}
END_TEST

START_TEST(long_table_repeats_its_header)
{
	const char *path = TMP_DIR "/xxgk_test_render_long.pdf";
	xxgk_layout *l;
	xxgk_error err;
	char *p1, *p2, *p4;
	ck_assert_int_eq(xxgk_layout_new(&l, "长表"), XXGK_OK);
	ck_assert_int_eq(xxgk_layout_table(l, "八十个单位", "单位：件", 6, t3_headers, t3_widths, t3_aligns),
			 XXGK_OK);
	add_body_rows(l, 80);
	ck_assert_int_eq(xxgk_render_pdf(l, path, &fixed_opts, NULL, &err), XXGK_OK);
	p1 = pdf_text(path, 1, 1);
	p2 = pdf_text(path, 2, 2);
	p4 = pdf_text(path, 4, 4);   /* 80 rows of ~19 pt: 4 pages */
	ck_assert_ptr_nonnull(strstr(p1, "新收申请"));
	ck_assert_ptr_null(strstr(p1, "续表1"));
	ck_assert_ptr_nonnull(strstr(p2, "续表1"));
	ck_assert_ptr_nonnull(strstr(p2, "新收申请"));
	ck_assert_ptr_nonnull(strstr(p2, "予以公开"));
	ck_assert_ptr_nonnull(strstr(p2, "单位：件"));
	ck_assert_ptr_nonnull(strstr(p2, "— 2 —"));
	ck_assert_ptr_nonnull(strstr(p4, "续表1"));
	ck_assert_ptr_nonnull(strstr(p4, "结转下年度"));
	ck_assert_ptr_nonnull(strstr(p4, "第80号单位"));
	ck_assert_ptr_nonnull(strstr(p4, "合计"));
	free(p1);
	free(p2);
	free(p4);
	xxgk_layout_free(l);
}
END_TEST

START_TEST(no_line_starts_with_closing_punctuation)
{
	const char *path = TMP_DIR "/xxgk_test_render_kinsoku.pdf";
	xxgk_layout *l;
	xxgk_error err;
	char para[4096] = "";
	char *text, *line, *next;
	/* clauses of every length from 1 to 30 characters: some end exactly at a line's end */
	for (int n = 1; n <= 30; n++) {
		for (int k = 0; k < n % 9 + 1; k++)
			append(para, sizeof para, "政务");
		append(para, sizeof para, n % 3 ? "，" : "。");
		if (n % 7 == 0)
			append(para, sizeof para, "（公开）");
	}
	ck_assert_int_eq(xxgk_layout_new(&l, "标点"), XXGK_OK);
	ck_assert_int_eq(xxgk_layout_paragraph(l, para), XXGK_OK);
	ck_assert_int_eq(xxgk_layout_note(l, para), XXGK_OK);
	ck_assert_int_eq(xxgk_render_pdf(l, path, &fixed_opts, NULL, &err), XXGK_OK);
	text = pdf_text(path, 0, 0);
	for (line = text; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		while (*line == ' ' || *line == '\f')
			line++;
		ck_assert_msg(strncmp(line, "，", 3) != 0 && strncmp(line, "。", 3) != 0 && strncmp(line, "）", 3) != 0,
			      "line starts with closing punctuation: %s", line);
		ck_assert_msg(strlen(line) < 3 || strcmp(line + strlen(line) - 3, "（") != 0,
			      "line ends with an opening bracket: %s", line);
	}
	free(text);
	xxgk_layout_free(l);
}
END_TEST

START_TEST(deterministic_renders_are_identical)
{
	const char *a = TMP_DIR "/xxgk_test_render_a.pdf", *b = TMP_DIR "/xxgk_test_render_b.pdf";
	xxgk_layout *l = county_summary();
	xxgk_error err;
	char *da, *db;
	size_t la, lb;
	ck_assert_int_eq(xxgk_render_pdf(l, a, &fixed_opts, NULL, &err), XXGK_OK);
	ck_assert_int_eq(xxgk_render_pdf(l, b, &fixed_opts, NULL, &err), XXGK_OK);
	da = test_slurp(a, &la);
	db = test_slurp(b, &lb);
	ck_assert_uint_eq(la, lb);
	ck_assert_msg(memcmp(da, db, la) == 0, "two deterministic renders differ");
	ck_assert(bytes_have(da, la, "/CreationDate (D:20250320000000Z"));
	ck_assert(bytes_have(da, la, "/ID [<"));
	free(da);
	free(db);
	xxgk_layout_free(l);
}
END_TEST

START_TEST(unwritable_path_is_eio_and_leaves_nothing)
{
	xxgk_layout *l;
	xxgk_error err;
	ck_assert_int_eq(xxgk_layout_new(&l, "标题"), XXGK_OK);
	xxgk_layout_paragraph(l, "正文");
	ck_assert_int_eq(xxgk_render_pdf(l, "/nonexistent/x.pdf", &fixed_opts, NULL, &err), XXGK_EIO);
	ck_assert_int_eq(err.code, XXGK_EIO);
	ck_assert_msg(strstr(err.message, "/nonexistent/x.pdf") != NULL, "message: %s", err.message);
	ck_assert_int_ne(access("/nonexistent/x.pdf", F_OK), 0);
	ck_assert_int_ne(access("/nonexistent/x.pdf.tmp", F_OK), 0);
	xxgk_layout_free(l);
}
END_TEST

START_TEST(bad_inputs_are_refused)
{
	xxgk_layout *l;
	xxgk_error err;
	xxgk_render_options bad_font = { .deterministic = true, .font_song = "/nonexistent/uming.ttc" };
	xxgk_render_options bad_date = { .created = "2025-3-20" };
	const char *path = TMP_DIR "/xxgk_test_render_bad.pdf";
	unlink(path);
	ck_assert_int_eq(xxgk_layout_new(&l, "只有标题"), XXGK_OK);
	ck_assert_int_eq(xxgk_render_pdf(l, path, &fixed_opts, NULL, &err), XXGK_EINVAL);   /* empty */
	xxgk_layout_paragraph(l, "正文");
	ck_assert_int_eq(xxgk_render_pdf(l, path, &bad_font, NULL, &err), XXGK_EIO);
	ck_assert_ptr_nonnull(strstr(err.message, "/nonexistent/uming.ttc"));
	ck_assert_int_eq(xxgk_render_pdf(l, path, &bad_date, NULL, &err), XXGK_EINVAL);
	ck_assert_int_ne(access(path, F_OK), 0);
	/* no options at all: today's date, default fonts */
	ck_assert_int_eq(xxgk_render_pdf(l, path, NULL, NULL, &err), XXGK_OK);
	ck_assert_int_gt(file_size(path), 0);
	xxgk_layout_free(l);
}
END_TEST

START_TEST(characters_no_font_has_are_counted)
{
	const char *path = TMP_DIR "/xxgk_test_render_missing.pdf";
	xxgk_layout *l;
	xxgk_error err;
	size_t missing = 0;
	char *text;
	const char *headers[2] = { "单位", "件数" };
	const double widths[2] = { 3, 1 };
	const int aligns[2] = { XXGK_ALIGN_LEFT, XXGK_ALIGN_RIGHT };
	/* U+20000 𠀀 (extension B: above the BMP, libharu 2.3 cannot write it) and U+9FD0 鿐 (Unicode 9,
	   in none of the three fonts); U+3400 㐀 is only in Zen Hei: drawn from it, not missing */
	const char *row[2] = { "\xF0\xA0\x80\x80\xE9\xBF\x90镇人民政府", "3" };
	ck_assert_int_eq(xxgk_layout_new(&l, "生僻字"), XXGK_OK);
	xxgk_layout_paragraph(l, "宋体里没有的字：\xE3\x90\x80。");
	ck_assert_int_eq(xxgk_layout_table(l, "地名", NULL, 2, headers, widths, aligns), XXGK_OK);
	ck_assert_int_eq(xxgk_layout_table_row(l, row, false), XXGK_OK);
	ck_assert_int_eq(xxgk_render_pdf(l, path, &fixed_opts, &missing, &err), XXGK_OK);
	ck_assert_uint_eq(missing, 2);
	text = pdf_text(path, 0, 0);
	ck_assert_ptr_nonnull(strstr(text, "□□镇人民政府"));
	ck_assert_ptr_nonnull(strstr(text, "宋体里没有的字：\xE3\x90\x80"));
	free(text);
	xxgk_layout_free(l);
}
END_TEST

/* The width in points pdftotext -bbox gives the word `word` of a PDF (-1 when it is not there). */
static double word_width(const char *path, const char *word)
{
	char cmd[1024], line[1024], tail[256];
	double w = -1;
	FILE *f;
	snprintf(cmd, sizeof cmd, "pdftotext -bbox '%s' - 2>/dev/null", path);
	snprintf(tail, sizeof tail, ">%s</word>", word);
	f = popen(cmd, "r");
	ck_assert_msg(f != NULL, "cannot run pdftotext");
	while (fgets(line, sizeof line, f))
		if (w < 0 && strstr(line, tail)) {
			const char *x0 = strstr(line, "xMin=\""), *x1 = strstr(line, "xMax=\"");
			ck_assert_ptr_nonnull(x0);
			ck_assert_ptr_nonnull(x1);
			w = strtod(x1 + 6, NULL) - strtod(x0 + 6, NULL);
		}
	pclose(f);
	return w;
}

START_TEST(figures_keep_their_shape)
{
	const char *path = TMP_DIR "/xxgk_test_render_figures.pdf";
	xxgk_layout *l;
	xxgk_error err;
	char *text;
	const char *headers[3] = { "单位", "新收", "行政处罚" };
	const double widths[3] = { 300, 60, 40 };   /* the last: 32 pt of text for a 46 pt figure */
	const int aligns[3] = { XXGK_ALIGN_LEFT, XXGK_ALIGN_RIGHT, XXGK_ALIGN_RIGHT };
	const char *row[3] = { "淮安市人民政府", "3,119", "3,985,758" };
	ck_assert_int_eq(xxgk_layout_new(&l, "数字"), XXGK_OK);
	ck_assert_int_eq(xxgk_layout_paragraph(l, "区间1–2。"), XXGK_OK);
	ck_assert_int_eq(xxgk_layout_paragraph(l, "破折号1—2。"), XXGK_OK);
	ck_assert_int_eq(xxgk_layout_table(l, "窄列", NULL, 3, headers, widths, aligns), XXGK_OK);
	ck_assert_int_eq(xxgk_layout_table_row(l, row, false), XXGK_OK);
	ck_assert_int_eq(xxgk_render_pdf(l, path, &fixed_opts, NULL, &err), XXGK_OK);
	/* a figure wider than its column is set smaller on one line, not broken into "3,985,75" and "8" */
	text = pdf_text(path, 0, 0);
	ck_assert_ptr_nonnull(strstr(text, "3,985,758"));
	free(text);
	/* a range's en dash is a serif en dash (half an em), not the CJK face's full-em one */
	double en = word_width(path, "区间1–2。"), em = word_width(path, "破折号1—2。");
	ck_assert_double_gt(en, 0);
	ck_assert_double_gt(em, 0);
	/* the words differ by one CJK character (16 pt) and the dash: an em dash is 16 pt, an en dash 8 */
	ck_assert_double_lt(en, em - 16 - 4);
	xxgk_layout_free(l);
}
END_TEST

START_TEST(a_font_without_prep_is_saved)
{
	/* 22 characters of CJK Extension A (drawn from Zen Hei, which has no 'prep' table) for which
	   libharu 2.3's embedded font stream is a whole number of its 4096-byte blocks: saving failed
	   with 0x1033 (issue 17, item 8; src/render/pdf_font.c, font_prep_noop). Found by a search over
	   random names with Debian 12's fonts-wqy-zenhei and HarfBuzz; one document in about 1,000. */
	const char *name = "\xE3\xBB\xBF\xE4\xB1\x90\xE4\x8F\xAD\xE4\x9A\xA3\xE3\xB6\x90\xE4\xA1\xA0\xE4\x84\x89"
			   "\xE3\xA4\x8C\xE4\x9E\x97\xE4\xA7\x94\xE4\xAD\xB2\xE3\xBB\xB5\xE3\xBD\xAF\xE4\xA3\x97"
			   "\xE4\x8E\xA2\xE4\x9D\xAC\xE3\xAB\xB6\xE4\x94\x94\xE3\xAC\x95\xE4\xB3\xBB\xE4\x86\x86"
			   "\xE3\xBA\xB8\xE9\x95\x87";   /* …镇 */
	const char *path = TMP_DIR "/xxgk_test_render_prep.pdf";
	xxgk_layout *l;
	xxgk_error err;
	char *text;
	unlink(path);
	ck_assert_int_eq(xxgk_layout_new(&l, "生僻字"), XXGK_OK);
	ck_assert_int_eq(xxgk_layout_paragraph(l, name), XXGK_OK);
	ck_assert_msg(xxgk_render_pdf(l, path, &fixed_opts, NULL, &err) == XXGK_OK, "render: %s", err.message);
	text = pdf_text(path, 0, 0);
	ck_assert_msg(strstr(text, "\xE3\xBB\xBF\xE4\xB1\x90\xE4\x8F\xAD") != NULL, "text: %s", text);
	free(text);
	xxgk_layout_free(l);
	unlink(path);
}
END_TEST

START_TEST(county_summary_is_small)
{
	const char *path = "/tmp/render_sample.pdf";   /* left there to be looked at */
	xxgk_layout *l = county_summary();
	xxgk_error err;
	size_t missing = 9;
	char *text;
	ck_assert_int_eq(xxgk_render_pdf(l, path, &fixed_opts, &missing, &err), XXGK_OK);
	ck_assert_uint_eq(missing, 0);
	ck_assert_int_gt(file_size(path), 10000);
	ck_assert_int_le(file_size(path), 400 * 1024);
	text = pdf_text(path, 0, 0);
	ck_assert_ptr_nonnull(strstr(text, "图3"));
	ck_assert_ptr_nonnull(strstr(text, "各单位公开率漏斗图"));
	ck_assert_ptr_nonnull(strstr(text, "99.8%控制限"));
	ck_assert_ptr_nonnull(strstr(text, "洪泽区工业和信息化局"));   /* a body outside the limits, labelled */
	free(text);
	xxgk_layout_free(l);
}
END_TEST

static Suite *render_suite(void)
{
	Suite *s = suite_create("render");
	TCase *layout = tcase_create("layout");
	TCase *pdf = tcase_create("pdf");
	tcase_add_test(layout, json_blocks_in_order_and_numbered);
	tcase_add_test(layout, json_escapes_and_repairs_text);
	tcase_add_test(layout, refusals_leave_the_layout_unchanged);
	tcase_set_timeout(pdf, 60);
	tcase_add_test(pdf, small_document_reads_back);
	tcase_add_test(pdf, long_table_repeats_its_header);
	tcase_add_test(pdf, no_line_starts_with_closing_punctuation);
	tcase_add_test(pdf, deterministic_renders_are_identical);
	tcase_add_test(pdf, unwritable_path_is_eio_and_leaves_nothing);
	tcase_add_test(pdf, bad_inputs_are_refused);
	tcase_add_test(pdf, characters_no_font_has_are_counted);
	tcase_add_test(pdf, figures_keep_their_shape);
	tcase_add_test(pdf, a_font_without_prep_is_saved);
	tcase_add_test(pdf, county_summary_is_small);
	suite_add_tcase(s, layout);
	suite_add_tcase(s, pdf);
	return s;
}

int main(void)
{
	return test_run(render_suite());
}
