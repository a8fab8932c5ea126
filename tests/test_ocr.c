/*
 * test_ocr.c — the verification of a scan's figures (src/parse/ocr_verify.c):
 * a table 3 whose figures keep every rule, with one figure misread, as OCR
 * would hand it over. The right figure is known (it is the one planted);
 * the verifier must restore it only when the rules leave one reading, and
 * otherwise take the figure away with a flag on its cell.
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "parse/convert_int.h"
#include "parse/parse_int.h"
#include "parse/read_int.h"
#include "xxgk/parse.h"
#include "xxgk/report.h"

/* Twins: 11 more natural persons whose information the body does not hold
 * ("11 0 0 0 0 0 11": the row holds whatever both 11s are read as). */
static bool twin_truth;
/* A second cell misread the same way (−1: none). */
static int misread_too = -1;

/* 30 natural persons and 8 companies asked, all granted, nothing left over;
 * with twin_truth 11 more, not held. */
static double truth(int row, int col)
{
	if (twin_truth && (row == XXGK_T3_UNABLE_NO_INFO || row == XXGK_T3_NEW_RECEIVED ||
			   row == XXGK_T3_TOTAL_PROCESSED)) {
		double base = row == XXGK_T3_UNABLE_NO_INFO ? 0 : col == XXGK_T3_COMMERCIAL ? 8 : 30;
		if (col == XXGK_T3_NATURAL_PERSON || col == XXGK_T3_TOTAL)
			return base + (col == XXGK_T3_TOTAL && row != XXGK_T3_UNABLE_NO_INFO ? 8 : 0) + 11;
		return col == XXGK_T3_COMMERCIAL ? base : 0;
	}
	bool filled = row == XXGK_T3_NEW_RECEIVED || row == XXGK_T3_GRANTED || row == XXGK_T3_TOTAL_PROCESSED;
	if (!filled)
		return 0;
	return col == XXGK_T3_NATURAL_PERSON ? 30 : col == XXGK_T3_COMMERCIAL ? 8 : col == XXGK_T3_TOTAL ? 38 : 0;
}

typedef struct {
	xxgk_report *r;
	xxgk_ocr_cell ocr[XXGK_T3_ROWS * XXGK_T3_COLS + 1];
	size_t n;
} scan;

/* A report as a scan of the table gives it: every figure read, with its box;
 * `misread` (a table-3 index, or −1) printed as `as`. Table 2's first cell
 * read as "5" with confidence `t2_conf`. */
static void scan_make(scan *s, int misread, const char *as, float t2_conf)
{
	memset(s, 0, sizeof *s);
	ck_assert_int_eq(xxgk_report_new(&s->r), XXGK_OK);
	s->r->template_kind = XXGK_TEMPLATE_2021;
	for (int i = 0; i < XXGK_T3_ROWS * XXGK_T3_COLS; i++) {
		int row = i / XXGK_T3_COLS, col = i % XXGK_T3_COLS;
		char text[32];
		snprintf(text, sizeof text, "%g", truth(row, col));
		if (i == misread || i == misread_too)
			snprintf(text, sizeof text, "%s", as);
		xxgk_cell *c = &s->r->applications[row][col];
		ck_assert_int_eq(xxgk_cell_set(c, XXGK_KIND_NUMBER, true, atof(text), (uint32_t)row + 10,
					       (uint32_t)col + 1, text), XXGK_OK);
		xxgk_origin o = { .page = 2, .x0 = 100 + col * 40, .y0 = 100 + row * 20,
				  .x1 = 120 + col * 40, .y1 = 110 + row * 20 };
		ck_assert_int_eq(xxgk_report_set_origin(s->r, c, &o), XXGK_OK);
		xxgk_ocr_cell *oc = &s->ocr[s->n++];
		oc->page = 2;
		oc->x0 = (float)o.x0, oc->y0 = (float)o.y0, oc->x1 = (float)o.x1, oc->y1 = (float)o.y1;
		oc->conf = 95;
		snprintf(oc->text, sizeof oc->text, "%s", text);
		snprintf(oc->other, sizeof oc->other, "%s", text);
	}
	xxgk_cell *a = &s->r->active[0];
	ck_assert_int_eq(xxgk_cell_set(a, XXGK_KIND_NUMBER, true, 5, 3, 2, "5"), XXGK_OK);
	xxgk_origin o = { .page = 1, .x0 = 300, .y0 = 100, .x1 = 310, .y1 = 110 };
	ck_assert_int_eq(xxgk_report_set_origin(s->r, a, &o), XXGK_OK);
	xxgk_ocr_cell *oc = &s->ocr[s->n++];
	oc->page = 1;
	oc->x0 = 300, oc->y0 = 100, oc->x1 = 310, oc->y1 = 110;
	oc->conf = t2_conf;
	snprintf(oc->text, sizeof oc->text, "5");
	snprintf(oc->other, sizeof oc->other, "5");
	ck_assert_int_eq(xxgk__ocr_verify(s->r, s->ocr, s->n), XXGK_OK);
}

/* The warnings of code `code` whose message names `path`. */
static int warned(const xxgk_report *r, const char *code, const char *path)
{
	int n = 0;
	for (size_t k = 0; k < r->warning_count; k++)
		n += strcmp(r->warnings[k].code, code) == 0 && strstr(r->warnings[k].message, path) != NULL;
	return n;
}

static int warned_code(const xxgk_report *r, const char *code)
{
	int n = 0;
	for (size_t k = 0; k < r->warning_count; k++)
		n += strcmp(r->warnings[k].code, code) == 0;
	return n;
}

START_TEST(clean_scan_is_confirmed)
{
	scan s;
	scan_make(&s, -1, NULL, 95);
	for (int row = 0; row < XXGK_T3_ROWS; row++)
		for (int col = 0; col < XXGK_T3_COLS; col++) {
			const xxgk_cell *c = &s.r->applications[row][col];
			ck_assert_int_eq(c->kind, XXGK_KIND_NUMBER);
			ck_assert(c->has_value);
			ck_assert_double_eq(c->value, truth(row, col));
		}
	ck_assert_int_eq(warned_code(s.r, "ocr.corrected") + warned_code(s.r, "ocr.unreadable") +
			 warned_code(s.r, "ocr.unconfirmed"), 0);
	ck_assert_int_eq(warned_code(s.r, "ocr.read"), 1);
	xxgk_report_free(s.r);
}
END_TEST

START_TEST(one_reading_restores_the_figure)
{
	/* 8 read as 3: its row and its column fail; only 8 makes both hold */
	scan s;
	scan_make(&s, XXGK_T3_GRANTED * XXGK_T3_COLS + XXGK_T3_COMMERCIAL, "3", 95);
	const xxgk_cell *c = &s.r->applications[XXGK_T3_GRANTED][XXGK_T3_COMMERCIAL];
	ck_assert_int_eq(c->kind, XXGK_KIND_INFERRED);
	ck_assert(c->has_value);
	ck_assert_double_eq(c->value, 8);
	ck_assert_int_eq(warned(s.r, "ocr.corrected", "applications.granted.commercial"), 1);
	ck_assert_int_eq(warned_code(s.r, "ocr.corrected"), 1);
	ck_assert_int_eq(warned_code(s.r, "ocr.unreadable"), 0);
	/* its neighbours stay as read */
	ck_assert_int_eq(s.r->applications[XXGK_T3_GRANTED][XXGK_T3_TOTAL].kind, XXGK_KIND_NUMBER);
	ck_assert_double_eq(s.r->applications[XXGK_T3_GRANTED][XXGK_T3_TOTAL].value, 38);
	xxgk_report_free(s.r);
}
END_TEST

START_TEST(no_reading_leaves_the_cell_unreadable)
{
	/* 8 read as 2: no reading of "2" OCR could have made keeps the rules */
	scan s;
	scan_make(&s, XXGK_T3_GRANTED * XXGK_T3_COLS + XXGK_T3_COMMERCIAL, "2", 95);
	const xxgk_cell *c = &s.r->applications[XXGK_T3_GRANTED][XXGK_T3_COMMERCIAL];
	ck_assert_int_eq(c->kind, XXGK_KIND_UNREADABLE);
	ck_assert(!c->has_value);
	ck_assert_int_eq(warned(s.r, "ocr.unreadable", "applications.granted.commercial"), 1);
	ck_assert_int_eq(warned_code(s.r, "ocr.corrected"), 0);
	/* no figure in a failing equation goes unflagged */
	for (int row = 0; row < XXGK_T3_ROWS; row++)
		for (int col = 0; col < XXGK_T3_COLS; col++) {
			const xxgk_cell *x = &s.r->applications[row][col];
			if (x->kind == XXGK_KIND_NUMBER && x->value != truth(row, col))
				ck_abort_msg("row %d col %d wrong without a flag", row, col);
		}
	xxgk_report_free(s.r);
}
END_TEST

START_TEST(twins_misread_alike_are_not_confirmed_by_their_row)
{
	/* both 11s of "11 0 0 0 0 0 11" read 14: the row holds, the columns of
	 * natural persons and of totals fail by 3; only 11 for both makes all hold */
	twin_truth = true;
	misread_too = XXGK_T3_UNABLE_NO_INFO * XXGK_T3_COLS + XXGK_T3_TOTAL;
	scan s;
	scan_make(&s, XXGK_T3_UNABLE_NO_INFO * XXGK_T3_COLS + XXGK_T3_NATURAL_PERSON, "14", 95);
	twin_truth = false;
	misread_too = -1;
	const xxgk_cell *np = &s.r->applications[XXGK_T3_UNABLE_NO_INFO][XXGK_T3_NATURAL_PERSON];
	const xxgk_cell *tot = &s.r->applications[XXGK_T3_UNABLE_NO_INFO][XXGK_T3_TOTAL];
	ck_assert_int_eq(np->kind, XXGK_KIND_INFERRED);
	ck_assert_double_eq(np->value, 11);
	ck_assert_int_eq(tot->kind, XXGK_KIND_INFERRED);
	ck_assert_double_eq(tot->value, 11);
	ck_assert_int_eq(warned(s.r, "ocr.corrected", "applications.unable_no_info.natural_person"), 1);
	ck_assert_int_eq(warned(s.r, "ocr.corrected", "applications.unable_no_info.total"), 1);
	ck_assert_int_eq(warned_code(s.r, "ocr.unreadable"), 0);
	xxgk_report_free(s.r);
}
END_TEST

START_TEST(a_row_holding_blindly_confirms_nothing)
{
	/* the same twins, a blank in each column: no column is judged, and the
	 * row's holding says nothing of 14; read with confidence 80, both flagged */
	scan s;
	memset(&s, 0, sizeof s);
	ck_assert_int_eq(xxgk_report_new(&s.r), XXGK_OK);
	s.r->template_kind = XXGK_TEMPLATE_2021;
	for (int i = 0; i < XXGK_T3_ROWS * XXGK_T3_COLS; i++) {
		int row = i / XXGK_T3_COLS, col = i % XXGK_T3_COLS;
		xxgk_cell *c = &s.r->applications[row][col];
		bool twin = row == XXGK_T3_UNABLE_NO_INFO && (col == XXGK_T3_NATURAL_PERSON || col == XXGK_T3_TOTAL);
		if (row == XXGK_T3_NOT_PROCESSED_DUPLICATE && (col == XXGK_T3_NATURAL_PERSON || col == XXGK_T3_TOTAL))
			continue;   /* blank */
		twin_truth = true;
		double v = twin ? 14 : truth(row, col);
		twin_truth = false;
		char text[32];
		snprintf(text, sizeof text, "%g", v);
		ck_assert_int_eq(xxgk_cell_set(c, XXGK_KIND_NUMBER, true, v, (uint32_t)row + 10, (uint32_t)col + 1, text),
				 XXGK_OK);
		xxgk_origin o = { .page = 2, .x0 = 100 + col * 40, .y0 = 100 + row * 20,
				  .x1 = 120 + col * 40, .y1 = 110 + row * 20 };
		ck_assert_int_eq(xxgk_report_set_origin(s.r, c, &o), XXGK_OK);
		xxgk_ocr_cell *oc = &s.ocr[s.n++];
		oc->page = 2;
		oc->x0 = (float)o.x0, oc->y0 = (float)o.y0, oc->x1 = (float)o.x1, oc->y1 = (float)o.y1;
		oc->conf = twin ? 80 : 95;
		snprintf(oc->text, sizeof oc->text, "%s", text);
		snprintf(oc->other, sizeof oc->other, "%s", text);
	}
	ck_assert_int_eq(xxgk__ocr_verify(s.r, s.ocr, s.n), XXGK_OK);
	ck_assert_int_eq(warned(s.r, "ocr.unconfirmed", "applications.unable_no_info.natural_person"), 1);
	ck_assert_int_eq(warned(s.r, "ocr.unconfirmed", "applications.unable_no_info.total"), 1);
	xxgk_report_free(s.r);
}
END_TEST

START_TEST(uncovered_figures_keep_their_confidence)
{
	scan s;
	scan_make(&s, -1, NULL, 40);
	ck_assert_int_eq(warned(s.r, "ocr.unconfirmed", "active."), 1);
	ck_assert_int_eq(s.r->active[0].kind, XXGK_KIND_NUMBER);   /* kept, flagged */
	xxgk_report_free(s.r);
	scan_make(&s, -1, NULL, 96);
	ck_assert_int_eq(warned_code(s.r, "ocr.unconfirmed"), 0);
	xxgk_report_free(s.r);
}
END_TEST

/* A web page whose tables are pictures: the pictures between the headings 二
 * and 六 are named (not the logo above, not the QR code below), and the page
 * is refused, since it has no table as text. */
START_TEST(html_table_images_are_named)
{
	static const char page[] =
		"<html><head><title>某镇2024年政府信息公开工作年度报告</title></head><body>\n"
		"<p>一、总体情况</p><p>2024年，本机关认真落实条例。</p>\n"
		"<img src=\"/images/logo.png\">\n"
		"<p>二、主动公开政府信息情况</p>\n"
		"<p><IMG alt=\"表二\" SRC='https://x.gov.cn/up/2025/W0201_b2.png?v=1'></p>\n"
		"<p>三、收到和处理政府信息公开申请情况</p>\n"
		"<p><img width=600 src=b3.JPG></p>\n"
		"<p>四、政府信息公开行政复议、行政诉讼情况</p>\n"
		"<img src=\"data:image/png;base64,AAAA\">\n"
		"<p>五、存在的主要问题及改进情况</p><p>无。</p>\n"
		"<p>六、其他需要报告的事项</p><img src=\"qr.png\">\n"
		"</body></html>\n";
	xxgk_report *r = NULL;
	xxgk_error err;
	ck_assert_int_eq(xxgk_parse_buffer(&r, page, sizeof page - 1, NULL, &err), XXGK_EPARSE);
	ck_assert_ptr_null(r);
	ck_assert_ptr_nonnull(strstr(err.message, "3 images"));
	ck_assert_ptr_nonnull(strstr(err.message, "W0201_b2.png, b3.JPG, (inline image)"));
	ck_assert_ptr_null(strstr(err.message, "logo"));
	ck_assert_ptr_null(strstr(err.message, "qr.png"));
}
END_TEST

/* A real web report with its table 3 replaced by a picture: tables 2 and 4
 * are read, and a warning names the picture where table 3 should be. */
START_TEST(html_missing_table_names_the_image)
{
	size_t len = 0;
	char *html = test_slurp(XXGK_FIXTURES_DIR "/corpus/shuyang_fgj_2023.html", &len);
	const char *head = strstr(html, "三、收到和处理");
	ck_assert_ptr_nonnull(head);
	char *from = strstr(head, "<table");
	const char *next = strstr(head, "四、政府信息公开行政复议");
	ck_assert_ptr_nonnull(from);
	ck_assert_ptr_nonnull(next);
	char *to = NULL;
	for (char *t = strstr(from, "</table>"); t && t < next; t = strstr(t + 1, "</table>"))
		to = t + strlen("</table>");
	ck_assert_ptr_nonnull(to);
	memset(from, ' ', (size_t)(to - from));   /* table 3 gone, lines kept */
	static const char img[] = "<img src=\"/uploads/biao3_2023.png\">";
	memcpy(from, img, sizeof img - 1);
	xxgk_report *r = NULL;
	xxgk_error err;
	ck_assert_int_eq(xxgk_parse_buffer(&r, html, len, NULL, &err), XXGK_OK);
	ck_assert_int_eq(warned(r, "tables.images", "biao3_2023.png"), 1);
	ck_assert_int_eq(warned(r, "table.missing", "表三"), 1);
	ck_assert(r->active[0].has_value || r->reviews[0][0].has_value);
	xxgk_report_free(r);
	free(html);
}
END_TEST

/* The figures one read of `png` gives (text, confidence, chi_sim's reading of each). */
static char *scan_figures(const char *png, size_t len)
{
	xxgk_doc d;
	xxgk_error err;
	ck_assert_int_eq(xxgk__ocr_dl_load(&err), XXGK_OK);
	ck_assert_int_eq(xxgk_image_read(&d, png, len, &err), XXGK_OK);
	ck_assert_uint_gt(d.ocr_count, 0);
	size_t cap = d.ocr_count * 96 + 1, w = 0;
	char *out = malloc(cap);
	ck_assert_ptr_nonnull(out);
	out[0] = '\0';
	for (size_t i = 0; i < d.ocr_count; i++)
		w += (size_t)snprintf(out + w, cap - w, "%s %g %s|", d.ocr[i].text, (double)d.ocr[i].conf,
				      d.ocr[i].other);
	xxgk_doc_free(&d);
	return out;
}

/* The models are loaded by the first scan of a process and kept: a second
 * document, and a third after a different page, load nothing and read the
 * same as the first (Tesseract keeps no state between documents that changes
 * a reading); xxgk_parse_release_models() frees them, and the next scan loads
 * them again and still reads the same. Table 4 of huaian_2024, 300 dpi. */
START_TEST(models_are_loaded_once)
{
	size_t len = 0, other_len = 0;
	char *png = test_slurp(XXGK_FIXTURES_DIR "/scan/huaian_2024_table4.png", &len);
	char *other = test_slurp(XXGK_FUZZ_REGRESSIONS_DIR "/../seeds_image/table_piece.png.seed", &other_len);
	unsigned long loads = xxgk__ocr_model_loads();
	char *first = scan_figures(png, len);
	ck_assert_uint_eq(xxgk__ocr_model_loads(), loads + 1);
	/* figures of table 4, as printed */
	ck_assert_ptr_nonnull(strstr(first, "72 "));
	ck_assert_ptr_nonnull(strstr(first, "|351 "));
	ck_assert_ptr_nonnull(strstr(first, "|20 "));
	xxgk_report *r = NULL;
	xxgk_error err;
	xxgk_parse_options opts = { .name = "piece.png" };
	ck_assert_int_ne(xxgk_parse_buffer(&r, other + 1, other_len - 1, &opts, &err), XXGK_OK);   /* no figures */
	char *again = scan_figures(png, len);
	ck_assert_str_eq(again, first);
	ck_assert_uint_eq(xxgk__ocr_model_loads(), loads + 1);
	xxgk_parse_release_models();
	char *reloaded = scan_figures(png, len);
	ck_assert_uint_eq(xxgk__ocr_model_loads(), loads + 2);
	ck_assert_str_eq(reloaded, first);
	xxgk_parse_release_models();
	free(first);
	free(again);
	free(reloaded);
	free(png);
	free(other);
}
END_TEST

/* A table's heading printed just above its top rule: the strokes of 政, 信,
 * 行, 情 that reach down near the rule are a glyph's, not cell edges (a
 * short bar is a rule only when it joins two long rules), so they are not
 * painted white and the heading reads whole — the parser finds part 四 by it. */
START_TEST(heading_over_a_table_is_read_whole)
{
	size_t len = 0;
	char *png = test_slurp(XXGK_FIXTURES_DIR "/scan/huaian_2024_table4.png", &len);
	xxgk_doc d;
	xxgk_error err;
	ck_assert_int_eq(xxgk__ocr_dl_load(&err), XXGK_OK);
	ck_assert_int_eq(xxgk_image_read(&d, png, len, &err), XXGK_OK);
	char *text = strndup(d.text, d.len);
	ck_assert_ptr_nonnull(text);
	ck_assert_msg(strstr(text, "四、政府信息公开行政复议、行政诉讼情况") != NULL, "read: %.200s", text);
	ck_assert_ptr_nonnull(strstr(text, "72\t64\t178\t37\t351\t13\t4\t8\t1\t26\t12\t1\t1\t6\t20"));
	free(text);
	xxgk_doc_free(&d);
	free(png);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("ocr");
	TCase *tc = tcase_create("verify");
	tcase_add_test(tc, clean_scan_is_confirmed);
	tcase_add_test(tc, one_reading_restores_the_figure);
	tcase_add_test(tc, no_reading_leaves_the_cell_unreadable);
	tcase_add_test(tc, uncovered_figures_keep_their_confidence);
	tcase_add_test(tc, twins_misread_alike_are_not_confirmed_by_their_row);
	tcase_add_test(tc, a_row_holding_blindly_confirms_nothing);
	suite_add_tcase(s, tc);
	TCase *html = tcase_create("html_images");
	tcase_add_test(html, html_table_images_are_named);
	tcase_add_test(html, html_missing_table_names_the_image);
	suite_add_tcase(s, html);
	TCase *models = tcase_create("images");
	tcase_set_timeout(models, 120);   /* three reads of a table under the sanitizers */
	tcase_add_test(models, models_are_loaded_once);
	tcase_add_test(models, heading_over_a_table_is_read_whole);
	suite_add_tcase(s, models);
	return test_run(s);
}
