#define _DEFAULT_SOURCE /* mkstemps */
/*
 * test_track.c — the rectification loop's library (issue 13): the CSV
 * reader every CSV input shares, waivers, finding ids, statuses, comparing
 * two checks, cell names, the workbook written as CSV and .xlsx and read
 * back, status rows from a sheet, and the store's record of checks.
 */
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "xxgk/check.h"
#include "xxgk/diff.h"
#include "xxgk/parse.h"
#include "xxgk/region.h"
#include "xxgk/store.h"
#include "xxgk/track.h"
#include "xxgk/workbook.h"
#include "common/common_int.h"

static char *write_tmp(const char *suffix, const void *data, size_t len)
{
	static char path[64];
	snprintf(path, sizeof path, "/tmp/xxgk-track-XXXXXX%s", suffix);
	int fd = mkstemps(path, (int)strlen(suffix));
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, data, len), (ssize_t)len);
	close(fd);
	return path;
}

static xxgk_report *fixture(const char *rel)
{
	xxgk_gazetteer *gaz;   /* places bodies as `xxgk load` does */
	xxgk_error gerr;
	ck_assert_int_eq(xxgk_gazetteer_load(&gaz, XXGK_DATA_DIR_TEST "/gazetteer", &gerr), XXGK_OK);
	char path[512];
	snprintf(path, sizeof path, "%s/%s", XXGK_FIXTURES_DIR, rel);
	size_t len;
	char *buf = test_slurp(path, &len);
	xxgk_report *r = NULL;
	xxgk_error err;
	xxgk_parse_options opts = { .name = rel, .gazetteer = gaz };
	ck_assert_msg(xxgk_parse_buffer(&r, buf, len, &opts, &err) == XXGK_OK, "%s", err.message);
	free(buf);
	xxgk_gazetteer_free(gaz);
	return r;
}

/* ---- CSV ---- */

typedef struct {
	char cells[16][4][128];
	unsigned lines[16];
	size_t counts[16];
	size_t rows;
} csv_got;

static int collect(const xxgk_csv_row *row, void *ctx)
{
	csv_got *g = ctx;
	ck_assert_uint_lt(g->rows, 16);
	for (size_t i = 0; i < row->count && i < 4; i++)
		snprintf(g->cells[g->rows][i], 128, "%s", row->fields[i]);
	g->counts[g->rows] = row->count;
	g->lines[g->rows++] = row->line;
	return XXGK_OK;
}

START_TEST(csv_quoted_fields)
{
	/* issue 13: a reason "已核实,原表如此" was cut at the quoted comma */
	const char *text = "body,rule,reason\r\n420984103,t3.row_sum,\"已核实,原表如此\"\r\n\r\n"
			   "x,y,\"two\nlines \"\"quoted\"\"\"\nlast,row\n";
	csv_got g = { 0 };
	xxgk_error err;
	ck_assert_int_eq(xxgk_csv_parse(text, strlen(text), "t.csv", collect, &g, &err), XXGK_OK);
	ck_assert_uint_eq(g.rows, 4);
	ck_assert_str_eq(g.cells[1][2], "已核实,原表如此");
	ck_assert_uint_eq(g.counts[1], 3);
	ck_assert_str_eq(g.cells[2][2], "two\nlines \"quoted\"");
	ck_assert_uint_eq(g.lines[2], 4);   /* the blank line 3 is skipped; the row began on line 4 */
	ck_assert_uint_eq(g.lines[3], 6);
	ck_assert_str_eq(g.cells[3][1], "row");
}
END_TEST

START_TEST(csv_errors_name_the_line)
{
	const char *stray = "a,b\nc,d\"e,f\n";
	csv_got g = { 0 };
	xxgk_error err;
	ck_assert_int_eq(xxgk_csv_parse(stray, strlen(stray), "s.csv", collect, &g, &err), XXGK_EPARSE);
	ck_assert_str_eq(err.message, "s.csv:2: a quote in the middle of a field (write \"\" for a quote inside a quoted field)");
	const char *open = "a,b\n\"never closed,c\n";
	memset(&g, 0, sizeof g);
	ck_assert_int_eq(xxgk_csv_parse(open, strlen(open), "o.csv", collect, &g, &err), XXGK_EPARSE);
	ck_assert_str_eq(err.message, "o.csv:2: a quoted field is not closed");
}
END_TEST

START_TEST(csv_encodings)
{
	/* GBK as Excel writes it on Chinese Windows: "单位,原因\r\n分水镇,已核实\r\n" */
	const unsigned char gbk[] = { 0xB5, 0xA5, 0xCE, 0xBB, ',', 0xD4, 0xAD, 0xD2, 0xF2, '\r', '\n', 0xB7, 0xD6, 0xCB,
				      0xAE, 0xD5, 0xF2, ',', 0xD2, 0xD1, 0xBA, 0xCB, 0xCA, 0xB5, '\r', '\n' };
	csv_got g = { 0 };
	xxgk_error err;
	const char *enc = NULL;
	char *path = write_tmp(".csv", gbk, sizeof gbk);
	ck_assert_int_eq(xxgk_csv_read(path, collect, &g, &enc, &err), XXGK_OK);
	unlink(path);
	ck_assert_str_eq(enc, "gb18030");
	ck_assert_str_eq(g.cells[0][0], "单位");
	ck_assert_str_eq(g.cells[1][0], "分水镇");
	ck_assert_str_eq(g.cells[1][1], "已核实");
	/* UTF-16 with a BOM, tab-separated: Excel's "Unicode text" */
	const unsigned char u16[] = { 0xFF, 0xFE, 'a', 0, '\t', 0, 0x06, 0x52, '\n', 0 };   /* "a\t分\n" */
	memset(&g, 0, sizeof g);
	path = write_tmp(".txt", u16, sizeof u16);
	ck_assert_int_eq(xxgk_csv_read(path, collect, &g, &enc, &err), XXGK_OK);
	unlink(path);
	ck_assert_str_eq(enc, "utf-16");
	ck_assert_str_eq(g.cells[0][1], "分");
	/* UTF-8 with a BOM: the BOM is not part of the first field */
	memset(&g, 0, sizeof g);
	path = write_tmp(".csv", "\xEF\xBB\xBF" "body,rule\n", 13);
	ck_assert_int_eq(xxgk_csv_read(path, collect, &g, &enc, &err), XXGK_OK);
	unlink(path);
	ck_assert_str_eq(g.cells[0][0], "body");
	/* bytes that are no encoding at all: refused, with the line */
	const unsigned char junk[] = { 'a', '\n', 0xFF, 0xFF, 0xFF, '\n' };
	path = write_tmp(".csv", junk, sizeof junk);
	ck_assert_int_eq(xxgk_csv_read(path, collect, &g, &enc, &err), XXGK_EENCODING);
	unlink(path);
	ck_assert_ptr_nonnull(strstr(err.message, ":2: neither UTF-8 nor GB18030/GBK"));
}
END_TEST

START_TEST(waivers_quoted_gbk_unmatched)
{
	const char *csv = "body,rule,reason\n420984103,t3.row_sum,\"已核实,原表如此\"\n大竹县,*,no such finding\n";
	char *path = write_tmp(".csv", csv, strlen(csv));
	xxgk_waivers *w;
	xxgk_error err;
	ck_assert_int_eq(xxgk_waivers_load(&w, path, &err), XXGK_OK);
	xxgk_report *r = fixture("seeds/000_2a68a08fb10c7e43.txt");
	xxgk_findings f;
	xxgk_findings_init(&f);
	ck_assert_int_eq(xxgk_check_report(&f, r), XXGK_OK);
	xxgk_waivers_apply(w, r, &f, 0);
	size_t waived = 0;
	for (size_t i = 0; i < f.count; i++)
		if (f.items[i].waived) {
			waived++;
			ck_assert_str_eq(f.items[i].rule, "t3.row_sum");
			ck_assert_str_eq(f.items[i].waiver, "已核实,原表如此");
			ck_assert_int_eq(f.items[i].status, XXGK_STATUS_WAIVED);
		}
	ck_assert_uint_eq(waived, 1);
	ck_assert_uint_eq(xxgk_waivers_unmatched(w, NULL, NULL), 1);
	xxgk_findings_free(&f);
	xxgk_report_free(r);
	xxgk_waivers_free(w);
	unlink(path);
}
END_TEST

/* ---- identity and statuses ---- */

START_TEST(finding_ids)
{
	char a[17], b[17];
	xxgk_finding_id(a, "420984103", 2024, "t3.row_sum", "applications.total_processed.total", 0);
	xxgk_finding_id(b, "420984103", 2024, "t3.row_sum", "applications.total_processed.total", 0);
	ck_assert_str_eq(a, b);
	ck_assert_uint_eq(strlen(a), 16);
	ck_assert_uint_eq(strspn(a, "0123456789abcdef"), 16);
	static const struct { const char *body; int year; const char *rule, *where; unsigned ord; } other[] = {
		{ "420984104", 2024, "t3.row_sum", "applications.total_processed.total", 0 },
		{ "420984103", 2023, "t3.row_sum", "applications.total_processed.total", 0 },
		{ "420984103", 2024, "t3.balance", "applications.total_processed.total", 0 },
		{ "420984103", 2024, "t3.row_sum", "applications.granted.total", 0 },
		{ "420984103", 2024, "t3.row_sum", "applications.total_processed.total", 1 },
		{ "4209841032024", 0, "t3.row_sum", "applications.total_processed.total", 0 },   /* no run-together */
	};
	for (size_t i = 0; i < sizeof other / sizeof other[0]; i++) {
		xxgk_finding_id(b, other[i].body, other[i].year, other[i].rule, other[i].where, other[i].ord);
		ck_assert_str_ne(a, b);
	}
}
END_TEST

START_TEST(ids_survive_a_corrected_copy)
{
	/* the same report in another file (another hash): the same ids; duplicates numbered */
	size_t len;
	char path[512];
	snprintf(path, sizeof path, "%s/seeds/004_f017ccef7dbb6993.txt", XXGK_FIXTURES_DIR);
	char *buf = test_slurp(path, &len);
	char *copy = malloc(len + 2);
	memcpy(copy, buf, len);
	memcpy(copy + len, "\n\n", 2);
	xxgk_report *r1 = NULL, *r2 = NULL;
	xxgk_error err;
	xxgk_gazetteer *gaz;
	ck_assert_int_eq(xxgk_gazetteer_load(&gaz, XXGK_DATA_DIR_TEST "/gazetteer", &err), XXGK_OK);
	xxgk_parse_options o1 = { .name = "a.txt", .gazetteer = gaz }, o2 = { .name = "b.txt", .gazetteer = gaz };
	ck_assert_int_eq(xxgk_parse_buffer(&r1, buf, len, &o1, &err), XXGK_OK);
	ck_assert_int_eq(xxgk_parse_buffer(&r2, copy, len + 2, &o2, &err), XXGK_OK);
	ck_assert_str_ne(r1->sha256, r2->sha256);
	xxgk_findings f1, f2;
	xxgk_findings_init(&f1);
	xxgk_findings_init(&f2);
	ck_assert_int_eq(xxgk_check_report(&f1, r1), XXGK_OK);
	ck_assert_int_eq(xxgk_check_report(&f2, r2), XXGK_OK);
	char k1[512], k2[512];
	xxgk_report_body_key(k1, sizeof k1, r1);
	xxgk_report_body_key(k2, sizeof k2, r2);
	ck_assert_str_eq(k1, "610921101");
	xxgk_findings_identify(&f1, 0, k1, r1->year);
	xxgk_findings_identify(&f2, 0, k2, r2->year);
	ck_assert_uint_eq(f1.count, f2.count);
	ck_assert_uint_ge(f1.count, 22);
	for (size_t i = 0; i < f1.count; i++) {
		ck_assert_str_eq(f1.items[i].id, f2.items[i].id);
		for (size_t j = 0; j < i; j++)   /* 21 cells.missing with the same `where`: still distinct */
			ck_assert_str_ne(f1.items[i].id, f1.items[j].id);
	}
	xxgk_findings_free(&f1);
	xxgk_findings_free(&f2);
	xxgk_report_free(r1);
	xxgk_report_free(r2);
	xxgk_gazetteer_free(gaz);
	free(buf);
	free(copy);
}
END_TEST

START_TEST(status_names)
{
	ck_assert_int_eq(xxgk_status_from_text("已整改"), XXGK_STATUS_FIXED);
	ck_assert_int_eq(xxgk_status_from_text(" 复核通过 \r\n"), XXGK_STATUS_VERIFIED);
	ck_assert_int_eq(xxgk_status_from_text("waived"), XXGK_STATUS_WAIVED);
	ck_assert_int_eq(xxgk_status_from_text("待整改"), XXGK_STATUS_OPEN);
	ck_assert_int_eq(xxgk_status_from_text("已修改"), -1);
	ck_assert_int_eq(xxgk_status_from_text(""), -1);
	ck_assert_str_eq(xxgk_status_label(XXGK_STATUS_WAIVED), "豁免");
	ck_assert_ptr_null(xxgk_status_name(XXGK_STATUS_COUNT));
	xxgk_statuses s = { 0 };
	static const char *const ids[] = { "ffff000000000000", "0000000000000001", "8000000000000000", "0000000000000001" };
	for (int i = 0; i < 4; i++)
		ck_assert_int_eq(xxgk_statuses_put(&s, ids[i], i % XXGK_STATUS_COUNT, "张三", NULL, i ? "why" : NULL, NULL),
				 XXGK_OK);
	ck_assert_uint_eq(s.count, 3);   /* the second put of an id replaces it */
	ck_assert_str_eq(s.items[0].id, "0000000000000001");
	ck_assert_int_eq(s.items[0].status, 3);
	ck_assert_str_eq(s.items[2].id, "ffff000000000000");
	ck_assert_ptr_null(s.items[2].why);
	ck_assert_ptr_null(xxgk_statuses_find(&s, "1234567890abcdef"));
	ck_assert_int_eq(xxgk_statuses_find(&s, "8000000000000000")->status, 2);
	xxgk_statuses_free(&s);
}
END_TEST

static void tracked(xxgk_tracked_list *l, const char *const *ids, size_t n)
{
	memset(l, 0, sizeof *l);
	l->items = calloc(n ? n : 1, sizeof *l->items);
	for (size_t i = 0; i < n; i++)
		snprintf(l->items[i].id, sizeof l->items[i].id, "%s", ids[i]);
	l->count = n;
}

START_TEST(compare_checks)
{
	static const char *const before[] = { "a000000000000000", "b000000000000000", "d000000000000000" };
	static const char *const now[] = { "b000000000000000", "c000000000000000", "d000000000000000", "e000000000000000" };
	xxgk_tracked_list b, n;
	tracked(&b, before, 3);
	tracked(&n, now, 4);
	xxgk_track_changes c;
	ck_assert_int_eq(xxgk_track_compare(&c, &b, &n), XXGK_OK);
	ck_assert_uint_eq(c.fixed_count, 1);
	ck_assert_str_eq(b.items[c.fixed[0]].id, "a000000000000000");
	ck_assert_uint_eq(c.added_count, 2);
	ck_assert_str_eq(n.items[c.added[0]].id, "c000000000000000");
	ck_assert_str_eq(n.items[c.added[1]].id, "e000000000000000");
	ck_assert_uint_eq(c.still_count, 2);
	xxgk_track_changes_free(&c);
	xxgk_tracked_list_free(&b);
	xxgk_tracked_list_free(&n);
}
END_TEST

START_TEST(path_labels)
{
	static const struct { const char *path, *table, *row, *col; } cases[] = {
		{ "applications.total_processed.total", "表三", "（七）总计", "总计" },
		{ "applications.*.natural_person", "表三", "", "自然人" },
		{ "reviews.litigation_after_review.total", "表四", "行政诉讼（复议后起诉）", "总计" },
		{ "active.normative_documents.valid", "表二", "规范性文件", "现行有效件数" },
		{ "active.fees.amount", "表二", "行政事业性收费", "金额" },
		{ "narrative", "正文", "", "" },
		{ "active,applications,reviews", "表二至表四", "", "" },
		{ "", "", "", "" },
		{ "applications.nonsense.total", "表三", "", "总计" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *t, *r, *c;
		xxgk_path_labels(cases[i].path, &t, &r, &c);
		ck_assert_str_eq(t, cases[i].table);
		ck_assert_str_eq(r, cases[i].row);
		ck_assert_str_eq(c, cases[i].col);
	}
}
END_TEST

/* ---- workbooks ---- */

static const xxgk_wb_column test_cols[3] = {
	{ { "编号", "id" }, 10, false, NULL }, { { "状态", "status" }, 8, false, xxgk_status_labels },
	{ { "数量", "count" }, 6, false, NULL },
};

static xxgk_workbook test_book(void)
{
	xxgk_workbook wb = { 0 };
	xxgk_wb_sheet *s = xxgk_workbook_add_sheet(&wb, "问题清单", "problems", test_cols, 3);
	ck_assert_ptr_nonnull(s);
	static const char *const texts[] = { "=1+2", "-3", "@SUM(A1)", "+x", "a,\"b\"", "已整改" };
	for (size_t i = 0; i < 6; i++) {
		ck_assert_ptr_nonnull(xxgk_wb_add_row(s));
		ck_assert_int_eq(xxgk_wb_text(s, 0, texts[i]), XXGK_OK);
		ck_assert_int_eq(xxgk_wb_text(s, 1, i == 5 ? "已整改" : "待整改"), XXGK_OK);
		xxgk_wb_number(s, 2, i == 1 ? -3 : (double)i * 1000000);
	}
	return wb;
}

START_TEST(csv_guards_formulas)
{
	xxgk_workbook wb = test_book();
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	xxgk_error err;
	ck_assert_int_eq(xxgk_wb_sheet_write_csv(&wb.sheets[0], out, XXGK_HEADERS_EN, &err), XXGK_OK);
	fclose(out);
	ck_assert_str_eq(buf, "\xEF\xBB\xBF" "id,status,count\r\n"
			      "\"'=1+2\",待整改,0\r\n"
			      "\"'-3\",待整改,-3\r\n"      /* text "-3" guarded; the number -3 is a number */
			      "\"'@SUM(A1)\",待整改,2000000\r\n"
			      "\"'+x\",待整改,3000000\r\n"
			      "\"a,\"\"b\"\"\",待整改,4000000\r\n"
			      "已整改,已整改,5000000\r\n");
	free(buf);
	xxgk_workbook_free(&wb);
}
END_TEST

START_TEST(xlsx_round_trip)
{
	xxgk_workbook wb = test_book();
	char path[] = "/tmp/xxgk-track-XXXXXX.xlsx";
	int fd = mkstemps(path, 5);
	ck_assert_int_ge(fd, 0);
	close(fd);
	xxgk_error err;
	ck_assert_int_eq(xxgk_workbook_write_xlsx(&wb, path, XXGK_HEADERS_ZH, &err), XXGK_OK);
	xxgk_wb_table t;
	ck_assert_int_eq(xxgk_wb_read_xlsx(&t, path, xxgk_review_problem_sheet, &err), XXGK_OK);
	ck_assert_str_eq(t.sheet, "问题清单");
	ck_assert_uint_eq(t.row_count, 7);
	ck_assert_uint_eq(t.column_count, 3);
	ck_assert_str_eq(t.rows[0][1], "状态");
	ck_assert_str_eq(t.rows[1][0], "=1+2");   /* text, never a formula */
	ck_assert_str_eq(t.rows[2][2], "-3");
	ck_assert_str_eq(t.rows[4][2], "3000000");
	ck_assert_str_eq(t.rows[6][1], "已整改");
	ck_assert_uint_eq(t.row_numbers[6], 7);
	xxgk_wb_table_free(&t);
	static const char *const none[] = { "nosuch", NULL };
	ck_assert_int_eq(xxgk_wb_read_xlsx(&t, path, none, &err), XXGK_EPARSE);
	ck_assert_ptr_nonnull(strstr(err.message, "no sheet named nosuch (it has: 问题清单)"));
	unlink(path);
	/* not a workbook */
	char *bad = write_tmp(".xlsx", "hello", 5);
	ck_assert_int_eq(xxgk_wb_read_xlsx(&t, bad, NULL, &err), XXGK_EPARSE);
	ck_assert_ptr_nonnull(strstr(err.message, "not an Excel workbook"));
	unlink(bad);
	xxgk_workbook_free(&wb);
}
END_TEST

START_TEST(status_rows)
{
	/* as staff leave a sheet: a date Excel turned into its serial day, a typo, a cluster row, blanks */
	const char *csv = "\xEF\xBB\xBF" "编号,单位,状态,处理人,处理日期,处理说明\n"
			  "0123456789abcdef,分水镇,已整改,王五,45717,\"已重新发布,见网站\"\n"
			  "1123456789abcdef,分水镇,待整改,,,\n"
			  "2123456789abcdef 3123456789abcdef,甲、乙,豁免,,2025-03-02,\n"
			  "4123456789abcdef,分水镇,已修改,,,\n"
			  "not-an-id,分水镇,豁免,,,\n"
			  "5123456789abcdef,分水镇,（多种）,,,\n"
			  ",,,,,\n"
			  ",分水镇,复核通过,,,\n";
	char *path = write_tmp(".csv", csv, strlen(csv));
	xxgk_wb_table t;
	xxgk_error err;
	ck_assert_int_eq(xxgk_wb_read_csv(&t, path, &err), XXGK_OK);
	xxgk_status_rows rows;
	ck_assert_int_eq(xxgk_status_rows_from_table(&rows, &t, "s.csv", &err), XXGK_OK);
	ck_assert_uint_eq(rows.count, 4);
	ck_assert_uint_eq(rows.rows[0].row, 2);
	ck_assert_int_eq(rows.rows[0].status, XXGK_STATUS_FIXED);
	ck_assert_str_eq(rows.rows[0].who, "王五");
	ck_assert_str_eq(rows.rows[0].at, "2025-03-01");   /* Excel day 45717 (45658 is 2025-01-01) */
	ck_assert_str_eq(rows.rows[0].why, "已重新发布,见网站");
	ck_assert_int_eq(rows.rows[1].status, XXGK_STATUS_OPEN);
	ck_assert_ptr_null(rows.rows[1].who);
	ck_assert_uint_eq(rows.rows[2].id_count, 2);
	ck_assert_str_eq(rows.rows[2].ids[1], "3123456789abcdef");
	ck_assert_int_eq(rows.rows[3].status, -1);   /* （多种）: no change */
	ck_assert_uint_eq(rows.problem_count, 3);
	ck_assert_str_eq(rows.problems[0],
			 "s.csv:5: 状态 '已修改' is not one of 待整改, 已整改, 豁免, 复核通过; did you mean 已整改?");
	ck_assert_str_eq(rows.problems[1], "s.csv:6: 编号 'not-an-id' is not a finding id (16 hex digits)");
	ck_assert_str_eq(rows.problems[2], "s.csv:9: a status with no 编号 (id)");
	xxgk_status_rows_free(&rows);
	xxgk_wb_table_free(&t);
	unlink(path);
	/* a sheet without a 状态 column */
	path = write_tmp(".csv", "编号,单位\n", 14);
	ck_assert_int_eq(xxgk_wb_read_csv(&t, path, &err), XXGK_OK);
	ck_assert_int_eq(xxgk_status_rows_from_table(&rows, &t, "n.csv", &err), XXGK_EPARSE);
	ck_assert_str_eq(err.message, "n.csv:1: the header has no 状态 (status) column (编号/id and 状态/status are needed)");
	xxgk_wb_table_free(&t);
	unlink(path);
}
END_TEST

/* ---- two reports compared ---- */

START_TEST(diff_versions)
{
	/* seed 000 and the same report with its （七）总计 自然人 printed 2 (line 507): one cell, three errors gone */
	size_t len;
	char path[512];
	snprintf(path, sizeof path, "%s/seeds/000_2a68a08fb10c7e43.txt", XXGK_FIXTURES_DIR);
	char *buf = test_slurp(path, &len);
	char *fixed = malloc(len + 1);
	memcpy(fixed, buf, len + 1);
	char *p = fixed;
	for (int line = 1; line < 507; line++)
		p = strchr(p, '\n') + 1;
	char *zero = strchr(p, '0');
	ck_assert_ptr_nonnull(zero);
	*zero = '2';
	xxgk_report *a = NULL, *b = NULL;
	xxgk_error err;
	xxgk_parse_options o = { .name = "a.txt" };
	ck_assert_int_eq(xxgk_parse_buffer(&a, buf, len, &o, &err), XXGK_OK);
	o.name = "b.txt";
	ck_assert_int_eq(xxgk_parse_buffer(&b, fixed, len, &o, &err), XXGK_OK);
	xxgk_diff d;
	ck_assert_int_eq(xxgk_diff_reports(&d, a, b, NULL), XXGK_OK);
	ck_assert_int_eq(d.relation, XXGK_DIFF_VERSIONS);
	ck_assert_uint_eq(d.cell_count, 1);
	ck_assert_str_eq(d.cells[0].path, "applications.total_processed.natural_person");
	ck_assert_str_eq(d.cells[0].row, "（七）总计");
	ck_assert(d.cells[0].has_a && d.cells[0].has_b);
	ck_assert_double_eq(d.cells[0].a, 0);
	ck_assert_double_eq(d.cells[0].b, 2);
	ck_assert_uint_eq(d.appeared.count, 0);
	ck_assert_uint_eq(d.gone.count, 3);
	ck_assert_uint_eq(d.cells_compared, 200);
	char *js = NULL;
	ck_assert_int_eq(xxgk_diff_to_json(&js, &d), XXGK_OK);
	ck_assert_ptr_nonnull(strstr(js, "{\"schema\":\"xxgk.diff/1\",\"relation\":\"versions\""));
	ck_assert_ptr_nonnull(strstr(js, "\"a\":0,\"b\":2,\"kind_a\":\"number\",\"kind_b\":\"number\",\"delta\":2"));
	free(js);
	xxgk_diff_free(&d);
	/* a blank against a printed 0 is a change; a finding that appears is listed */
	xxgk_cell_set(&b->applications[XXGK_T3_GRANTED][XXGK_T3_COMMERCIAL], XXGK_KIND_BLANK, false, 0, 1, 0, "");
	ck_assert_int_eq(xxgk_diff_reports(&d, a, b, NULL), XXGK_OK);
	ck_assert_uint_eq(d.cell_count, 2);
	ck_assert_str_eq(d.cells[0].path, "applications.granted.commercial");   /* the template's order */
	ck_assert(d.cells[0].has_a && !d.cells[0].has_b);
	ck_assert_int_eq(d.cells[0].kind_b, XXGK_KIND_BLANK);
	ck_assert_uint_eq(d.appeared.count, 1);
	ck_assert_str_eq(d.appeared.items[0].rule, "cells.blank");
	xxgk_diff_free(&d);
	/* nothing differs from itself */
	ck_assert_int_eq(xxgk_diff_reports(&d, a, a, NULL), XXGK_OK);
	ck_assert_uint_eq(d.cell_count + d.appeared.count + d.gone.count, 0);
	xxgk_diff_free(&d);
	xxgk_report_free(a);
	xxgk_report_free(b);
	free(buf);
	free(fixed);
}
END_TEST

/* ---- the store's record of checks ---- */

static void store_check(xxgk_store *s, const xxgk_report *r, bool with_findings, const char *at)
{
	xxgk_error err;
	xxgk_findings f;
	xxgk_findings_init(&f);
	if (with_findings)
		ck_assert_int_eq(xxgk_check_report(&f, r), XXGK_OK);
	char key[512];
	xxgk_report_body_key(key, sizeof key, r);
	xxgk_findings_identify(&f, 0, key, r->year);
	ck_assert_int_eq(xxgk_store_begin(s, &err), XXGK_OK);
	ck_assert_int_eq(xxgk_store_put_findings(s, r->sha256, f.items, f.count, true, &err), XXGK_OK);
	ck_assert_msg(xxgk_store_record_check(s, at, NULL, &err) == XXGK_OK, "%s", err.message);
	ck_assert_int_eq(xxgk_store_commit(s, &err), XXGK_OK);
	xxgk_findings_free(&f);
}

START_TEST(store_records_checks)
{
	char path[] = "/tmp/xxgk-track-XXXXXX.db";
	int fd = mkstemps(path, 3);
	close(fd);
	unlink(path);
	xxgk_store *s;
	xxgk_error err;
	ck_assert_int_eq(xxgk_store_open(&s, path, XXGK_STORE_CREATE, &err), XXGK_OK);
	xxgk_report *r = fixture("seeds/000_2a68a08fb10c7e43.txt");
	int outcome;
	ck_assert_int_eq(xxgk_store_begin(s, &err), XXGK_OK);
	ck_assert_int_eq(xxgk_store_put(s, r, &outcome, &err), XXGK_OK);
	ck_assert_int_eq(xxgk_store_commit(s, &err), XXGK_OK);
	store_check(s, r, true, "2025-03-01T08:00:00Z");   /* three errors */
	xxgk_tracked_list now;
	ck_assert_int_eq(xxgk_store_tracked(s, NULL, &now, &err), XXGK_OK);
	ck_assert_uint_eq(now.count, 3);
	ck_assert_str_eq(now.items[0].agency_name, "分水镇");
	ck_assert_int_eq(now.items[0].year, 2024);
	const char *id = now.items[0].id;
	/* statuses: unknown ids, a change, the same again */
	ck_assert_int_eq(xxgk_store_begin(s, &err), XXGK_OK);
	ck_assert_int_eq(xxgk_store_set_status(s, "0123456789abcdef", XXGK_STATUS_FIXED, "甲", "2025-03-02", NULL, NULL,
					       &outcome, &err), XXGK_OK);
	ck_assert_int_eq(outcome, XXGK_STATUS_SET_UNKNOWN);
	ck_assert_int_eq(xxgk_store_set_status(s, id, XXGK_STATUS_OPEN, NULL, "2025-03-02", NULL, NULL, &outcome, &err),
			 XXGK_OK);
	ck_assert_int_eq(outcome, XXGK_STATUS_SET_SAME);   /* open is where every finding starts */
	ck_assert_int_eq(xxgk_store_set_status(s, id, XXGK_STATUS_FIXED, "甲", "2025-03-02", "改了", "w.xlsx", &outcome,
					       &err), XXGK_OK);
	ck_assert_int_eq(outcome, XXGK_STATUS_SET_CHANGED);
	ck_assert_int_eq(xxgk_store_set_status(s, id, XXGK_STATUS_FIXED, NULL, "2025-03-03", NULL, NULL, &outcome, &err),
			 XXGK_OK);
	ck_assert_int_eq(outcome, XXGK_STATUS_SET_SAME);   /* empty who and why keep the recorded ones */
	ck_assert_int_eq(xxgk_store_commit(s, &err), XXGK_OK);
	xxgk_statuses st;
	ck_assert_int_eq(xxgk_store_statuses(s, &st, &err), XXGK_OK);
	ck_assert_uint_eq(st.count, 1);
	ck_assert_str_eq(st.items[0].who, "甲");
	ck_assert_str_eq(st.items[0].why, "改了");
	xxgk_statuses_free(&st);
	/* the next check finds nothing (a corrected report): all three fixed; then they come back */
	store_check(s, r, false, "2025-03-10T08:00:00Z");
	xxgk_tracked_list later, at_first;
	ck_assert_int_eq(xxgk_store_tracked(s, NULL, &later, &err), XXGK_OK);
	ck_assert_uint_eq(later.count, 0);
	ck_assert_int_eq(xxgk_store_tracked(s, "2025-03-05", &at_first, &err), XXGK_OK);
	ck_assert_uint_eq(at_first.count, 3);
	ck_assert_int_eq(at_first.items[0].status, XXGK_STATUS_FIXED);
	xxgk_tracked_list_free(&at_first);
	ck_assert_int_eq(xxgk_store_tracked(s, "2025-03-01", &at_first, &err), XXGK_OK);
	ck_assert_uint_eq(at_first.count, 0);   /* before the first check: nothing */
	xxgk_tracked_list_free(&at_first);
	store_check(s, r, true, "2025-03-20T08:00:00Z");
	ck_assert_int_eq(xxgk_store_tracked(s, "2025-03-15", &at_first, &err), XXGK_OK);
	ck_assert_uint_eq(at_first.count, 0);
	xxgk_tracked_list_free(&at_first);
	xxgk_tracked_list_free(&later);
	ck_assert_int_eq(xxgk_store_tracked(s, NULL, &later, &err), XXGK_OK);
	ck_assert_uint_eq(later.count, 3);
	xxgk_tracked_list_free(&later);
	ck_assert_int_eq(xxgk_store_check_count(s), 3);
	ck_assert_int_eq(xxgk_store_count(s, "finding_events"), 9);   /* 3 new, 3 fixed, 3 reopened */
	xxgk_tracked_list_free(&now);
	xxgk_report_free(r);
	xxgk_store_close(s);
	unlink(path);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("track");
	TCase *tc = tcase_create("csv");
	tcase_add_test(tc, csv_quoted_fields);
	tcase_add_test(tc, csv_errors_name_the_line);
	tcase_add_test(tc, csv_encodings);
	tcase_add_test(tc, waivers_quoted_gbk_unmatched);
	suite_add_tcase(s, tc);
	tc = tcase_create("identity");
	tcase_add_test(tc, finding_ids);
	tcase_add_test(tc, ids_survive_a_corrected_copy);
	tcase_add_test(tc, status_names);
	tcase_add_test(tc, compare_checks);
	tcase_add_test(tc, path_labels);
	suite_add_tcase(s, tc);
	tc = tcase_create("workbook");
	tcase_add_test(tc, csv_guards_formulas);
	tcase_add_test(tc, xlsx_round_trip);
	tcase_add_test(tc, status_rows);
	suite_add_tcase(s, tc);
	tc = tcase_create("diff");
	tcase_add_test(tc, diff_versions);
	suite_add_tcase(s, tc);
	tc = tcase_create("store");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, store_records_checks);
	suite_add_tcase(s, tc);
	return test_run(s);
}
