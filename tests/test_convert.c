/*
 * test_convert.c — the PDF and DOCX converters (src/parse/pdf.c, docx.c),
 * end to end: convert, then parse with the project parser and compare every
 * figure.
 *   pdf:    hongze_2023 and huaian_2024 (fixtures/pdf, copies of
 *           shared/corpus) give every cell of the hand-read expected reports
 *           of their text conversions (fixtures/corpus/<name>.layout.expected.json,
 *           value and kind), and the EXPECTED.md figures transcribed here,
 *           hongze's table 4 as printed (总计 0 under 维持 10, 纠正 1);
 *           the text has a tab-separated line per table row and no footers.
 *   docx:   merged_2024.docx (made by fixtures/pdf/make_merged_docx.py,
 *           figures in docs/pdf.md) with vertical and horizontal merges.
 *   paths:  the ruling-line pass draws a page's paths without its text
 *           (pdf_paths.cc) pixel for pixel as poppler_page_render() draws
 *           them; a page with an image is left to poppler_page_render();
 *           the corpus PDFs' table pages take the paths-only way.
 *   errors: a scan, a truncated PDF, an encrypted one, not a PDF, not a ZIP,
 *           a ZIP without document.xml, broken XML, a zip bomb, an OLE2
 *           .doc header: each its own message, never a crash; byte-flipped
 *           copies of small fixtures end with a result or an error.
 */
#include <math.h>
#include <string.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <poppler.h>

#include "testutil.h"
#include "parse/convert_int.h"
#include "parse/parse_int.h"
#include "parse/pdf_paths.h"
#include "xxgk/json.h"
#include "xxgk/parse.h"

#define PDF_DIR XXGK_FIXTURES_DIR "/pdf/"

const char *__lsan_default_suppressions(void);

/*
 * Under XXGK_SANITIZE: rendering a PDF whose fonts are not embedded
 * (Helvetica in table_2024.pdf) has poppler ask fontconfig, which keeps what
 * it found in a process-wide cache it never frees — 834 bytes once, the same
 * after 150 conversions. Not a leak of ours; everything else is checked.
 */
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}

/* Parses a fixture PDF (and hands back its derived text); aborts the test on failure. */
static xxgk_report *parse_pdf(const char *file, char **text_out)
{
	size_t len, text_len = 0;
	char *buf = test_slurp(file, &len);
	xxgk_error err;
	xxgk_report *r = NULL;
	xxgk_parse_options opts = XXGK_PARSE_OPTIONS_INIT;
	opts.name = "x.pdf";
	int rc = xxgk_parse_buffer(&r, buf, len, &opts, &err);
	ck_assert_msg(rc == XXGK_OK, "%s: %s", file, err.message);
	ck_assert_int_eq(r->format, XXGK_FORMAT_PDF);
	if (text_out) {
		char *text = NULL;
		rc = xxgk_pdf_to_text(&text, &text_len, buf, len, &err);
		ck_assert_msg(rc == XXGK_OK, "%s: %s", file, err.message);
		ck_assert_uint_eq(strlen(text), text_len);
		*text_out = text;
	}
	free(buf);
	return r;
}

/* ------------------------------------------------------------- detection */

static const struct {
	const char *file;        /* under fixtures/ */
	xxgk_parse_format given; /* what the caller says */
	int format;              /* what the report records */
} detect_cases[] = {
	{ "pdf/hongze_2023.pdf", XXGK_PARSE_DETECT, XXGK_FORMAT_PDF },
	{ "pdf/merged_2024.docx", XXGK_PARSE_DETECT, XXGK_FORMAT_DOCX },
	{ "corpus/shuyang_fgj_2023.html", XXGK_PARSE_DETECT, XXGK_FORMAT_HTML },
	{ "corpus/shuyang_2025.ocr.md", XXGK_PARSE_DETECT, XXGK_FORMAT_MARKDOWN },
	{ "seeds/000_2a68a08fb10c7e43.txt", XXGK_PARSE_DETECT, XXGK_FORMAT_TEXT },
	/* a format the caller names is taken as named */
	{ "corpus/shuyang_2025.ocr.md", XXGK_PARSE_TEXT, XXGK_FORMAT_TEXT },
	{ "pdf/hongze_2023.pdf", XXGK_PARSE_PDF, XXGK_FORMAT_PDF },
};

/* A zeroed options struct, NULL and XXGK_PARSE_OPTIONS_INIT all detect the
 * format; the hash is of the caller's bytes whatever the format. */
START_TEST(format_detected_once)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", XXGK_FIXTURES_DIR, detect_cases[_i].file);
	size_t len;
	char *buf = test_slurp(path, &len);
	char sha[65];
	xxgk_sha256_hex(sha, buf, len);
	xxgk_parse_options zeroed;
	memset(&zeroed, 0, sizeof zeroed);
	zeroed.format = detect_cases[_i].given;
	xxgk_parse_options init = XXGK_PARSE_OPTIONS_INIT;
	init.format = detect_cases[_i].given;
	const xxgk_parse_options *ways[3] = { &zeroed, &init, NULL };
	for (int w = 0; w < 3; w++) {
		if (!ways[w] && detect_cases[_i].given != XXGK_PARSE_DETECT)
			continue;
		xxgk_report *r = NULL;
		xxgk_error err;
		int rc = xxgk_parse_buffer(&r, buf, len, ways[w], &err);
		ck_assert_msg(rc == XXGK_OK, "%s: %s", path, err.message);
		ck_assert_msg(r->format == detect_cases[_i].format, "%s (way %d): format %s, expected %s", path, w,
			      xxgk_format_name(r->format), xxgk_format_name(detect_cases[_i].format));
		ck_assert_str_eq(r->sha256, sha);
		xxgk_report_free(r);
	}
	free(buf);
}
END_TEST

/* ------------------------------------------------- every cell vs the JSON */

typedef struct {
	xxgk_report *got;
	int checked, mismatches;
	char first[512];
} cells_ctx;

static int compare_value(const char *path, xxgk_cell *want, void *vctx)
{
	cells_ctx *c = vctx;
	xxgk_cell *got = xxgk_report_cell(c->got, path);
	c->checked++;
	if (got && got->has_value == want->has_value && (!want->has_value || got->value == want->value) &&
	    got->kind == want->kind)
		return 0;
	if (!c->mismatches)
		snprintf(c->first, sizeof c->first, "%s: got %s%.15g (%s), expected %s%.15g (%s)", path,
			 got && got->has_value ? "" : "null ", got ? got->value : 0,
			 got ? xxgk_kind_name(got->kind) : "missing", want->has_value ? "" : "null ",
			 want->value, xxgk_kind_name(want->kind));
	c->mismatches++;
	return 0;
}

static const struct {
	const char *pdf;
	const char *expected;   /* the hand-read report of the same document's text conversion */
} pdf_cases[] = {
	{ PDF_DIR "hongze_2023.pdf", XXGK_FIXTURES_DIR "/corpus/hongze_2023.layout.expected.json" },
	{ PDF_DIR "huaian_2024.pdf", XXGK_FIXTURES_DIR "/corpus/huaian_2024.layout.expected.json" },
};

START_TEST(pdf_every_cell_as_expected)
{
	size_t ex_len;
	char *ex = test_slurp(pdf_cases[_i].expected, &ex_len);
	xxgk_report *want = NULL;
	xxgk_error err;
	ck_assert_msg(xxgk_report_from_json(&want, ex, ex_len, &err) == XXGK_OK, "%s", err.message);
	xxgk_report *got = parse_pdf(pdf_cases[_i].pdf, NULL);
	cells_ctx cc = { got, 0, 0, "" };
	xxgk_report_each_cell(want, compare_value, &cc);
	ck_assert_int_ge(cc.checked, 6 + XXGK_T3_ROWS * XXGK_T3_COLS + 15);
	ck_assert_msg(cc.mismatches == 0, "%s: %d of %d cells differ; first: %s", pdf_cases[_i].pdf,
		      cc.mismatches, cc.checked, cc.first);
	ck_assert_str_eq(got->agency_name, want->agency_name);
	ck_assert_int_eq(got->year, want->year);
	ck_assert_int_eq(got->template_kind, XXGK_TEMPLATE_2021);
	for (int p = 0; p < 6; p++)
		ck_assert_msg(got->part_line[p] > 0, "part %d heading not found", p + 1);
	xxgk_report_free(want);
	xxgk_report_free(got);
	free(ex);
}
END_TEST

/* ---------------------------------------------- EXPECTED.md, transcribed */

static double val(xxgk_report *r, const char *path)
{
	xxgk_cell *c = xxgk_report_cell(r, path);
	ck_assert_msg(c != NULL, "no cell %s", path);
	ck_assert_msg(c->has_value && c->kind == XXGK_KIND_NUMBER, "%s has no printed number (%s)", path,
		      xxgk_kind_name(c->kind));
	return c->value;
}

static double t3_sum(xxgk_report *r, int first, int last)
{
	double s = 0;
	for (int row = first; row <= last; row++) {
		xxgk_cell *c = &r->applications[row][XXGK_T3_TOTAL];
		ck_assert_msg(c->has_value, "table 3 row %s total has no value", xxgk_t3_row_key(row));
		s += c->value;
	}
	return s;
}

static void assert_t4(xxgk_report *r, const double want[3][5])
{
	for (int g = 0; g < XXGK_T4_GROUPS; g++)
		for (int k = 0; k < XXGK_T4_COLS; k++) {
			const xxgk_cell *c = &r->reviews[g][k];
			ck_assert_msg(c->has_value && c->kind == XXGK_KIND_NUMBER && c->value == want[g][k],
				      "table 4 %s.%s = %g (%s), expected %g as printed", xxgk_t4_group_key(g),
				      xxgk_t4_col_key(k), c->value, xxgk_kind_name(c->kind), want[g][k]);
		}
}

/*
 * Every printed figure of a PDF knows where it stands: its page and a box on
 * it; in a table-3 row the boxes go left to right column by column, and the
 * rows of a page go down. The origins survive a JSON round trip.
 */
START_TEST(pdf_cells_know_their_place)
{
	xxgk_report *r = parse_pdf(pdf_cases[_i].pdf, NULL);
	int placed = 0;
	double prev_y = -1;
	uint32_t prev_page = 0;
	for (int row = 0; row < XXGK_T3_ROWS; row++) {
		double prev_x = -1;
		for (int col = 0; col < XXGK_T3_COLS; col++) {
			const xxgk_cell *c = &r->applications[row][col];
			if (c->kind != XXGK_KIND_NUMBER)
				continue;
			const xxgk_origin *o = xxgk_report_origin(r, c);
			ck_assert_msg(o != NULL, "%s.%s has no origin", xxgk_t3_row_key(row), xxgk_t3_col_key(col));
			ck_assert_msg(o->page >= 1 && o->page <= 10 && o->x0 > 0 && o->x0 < 600 && o->y0 > 0 &&
					      o->y0 < 850 && o->x1 >= o->x0 && o->y1 > o->y0,
				      "%s.%s: page %u box %g,%g-%g,%g", xxgk_t3_row_key(row), xxgk_t3_col_key(col),
				      o->page, o->x0, o->y0, o->x1, o->y1);
			ck_assert_msg(o->x0 > prev_x, "%s.%s left of the column before it", xxgk_t3_row_key(row),
				      xxgk_t3_col_key(col));
			prev_x = o->x0;
			if (col == XXGK_T3_TOTAL) {
				ck_assert_msg(o->page > prev_page || (o->page == prev_page && o->y0 > prev_y),
					      "%s above the row before it", xxgk_t3_row_key(row));
				prev_page = o->page;
				prev_y = o->y0;
			}
			placed++;
		}
	}
	ck_assert_int_ge(placed, XXGK_T3_ROWS * XXGK_T3_COLS - 20);
	char *json = NULL, *json2 = NULL;
	ck_assert_int_eq(xxgk_report_to_json(&json, r, false), XXGK_OK);
	ck_assert_ptr_nonnull(strstr(json, "\"page\":"));
	xxgk_report *back = NULL;
	xxgk_error err;
	ck_assert_msg(xxgk_report_from_json(&back, json, strlen(json), &err) == XXGK_OK, "%s", err.message);
	ck_assert_int_eq(xxgk_report_to_json(&json2, back, false), XXGK_OK);
	ck_assert_str_eq(json, json2);
	const xxgk_origin *a = xxgk_report_origin(r, &r->applications[0][0]);
	const xxgk_origin *b = xxgk_report_origin(back, &back->applications[0][0]);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_int_eq(a->page, b->page);
	ck_assert(a->x0 == b->x0 && a->y0 == b->y0);
	free(json);
	free(json2);
	xxgk_report_free(back);
	xxgk_report_free(r);
}
END_TEST

START_TEST(pdf_hongze_figures)
{
	char *text = NULL;
	xxgk_report *r = parse_pdf(PDF_DIR "hongze_2023.pdf", &text);
	/* table 2 */
	ck_assert_double_eq(val(r, "active.regulations.issued"), 0);
	ck_assert_double_eq(val(r, "active.regulations.repealed"), 0);
	ck_assert_double_eq(val(r, "active.regulations.valid"), 0);
	ck_assert_double_eq(val(r, "active.normative_documents.issued"), 0);
	ck_assert_double_eq(val(r, "active.normative_documents.repealed"), 5);
	ck_assert_double_eq(val(r, "active.normative_documents.valid"), 5);
	ck_assert_double_eq(val(r, "active.licensing.decisions"), 550);
	ck_assert_double_eq(val(r, "active.penalty.decisions"), 4119);
	ck_assert_double_eq(val(r, "active.coercion.decisions"), 195);
	ck_assert_double_eq(val(r, "active.fees.amount"), 7730.28);
	/* table 3 */
	ck_assert_double_eq(val(r, "applications.new_received.total"), 21);
	ck_assert_double_eq(val(r, "applications.new_received.natural_person"), 21);
	ck_assert_double_eq(val(r, "applications.carried_over.total"), 0);
	ck_assert_double_eq(val(r, "applications.granted.total"), 0);
	ck_assert_double_eq(val(r, "applications.partially_granted.total"), 4);
	ck_assert_double_eq(t3_sum(r, XXGK_T3_DENIED_STATE_SECRET, XXGK_T3_DENIED_ADMIN_QUERY), 3);
	ck_assert_double_eq(val(r, "applications.denied_state_secret.total"), 1);
	ck_assert_double_eq(val(r, "applications.denied_process_info.total"), 1);
	ck_assert_double_eq(val(r, "applications.denied_enforcement_files.total"), 1);
	ck_assert_double_eq(t3_sum(r, XXGK_T3_UNABLE_NO_INFO, XXGK_T3_UNABLE_UNCLEAR), 13);
	ck_assert_double_eq(val(r, "applications.unable_no_info.total"), 10);
	ck_assert_double_eq(val(r, "applications.unable_needs_creation.total"), 3);
	ck_assert_double_eq(val(r, "applications.unable_unclear.total"), 0);
	ck_assert_double_eq(t3_sum(r, XXGK_T3_NOT_PROCESSED_COMPLAINT, XXGK_T3_NOT_PROCESSED_CONFIRM), 1);
	/* （六）其他处理 is one printed row here: the other_reasons row */
	ck_assert_double_eq(val(r, "applications.other_reasons.total"), 0);
	ck_assert_double_eq(val(r, "applications.total_processed.total"), 21);
	ck_assert_double_eq(val(r, "applications.carried_forward.total"), 0);
	/* table 4 as printed: review 总计 0 under 维持 10, 纠正 1; after review 总计 0 under 5 */
	static const double t4[3][5] = { { 10, 1, 0, 0, 0 }, { 0, 0, 0, 0, 0 }, { 5, 0, 0, 0, 0 } };
	assert_t4(r, t4);
	/* the layout: a table row is one line of tab-separated cells; footers gone */
	ck_assert_ptr_nonnull(strstr(text, "\n规章\t0\t0\t0\n"));
	ck_assert_ptr_nonnull(strstr(text, "\n行政事业性收费\t7730.28\n"));
	ck_assert_ptr_nonnull(strstr(text, "\n10\t1\t0\t0\t0\t0\t0\t0\t0\t0\t5\t0\t0\t0\t0\n"));
	/* a label wrapped over two lines of its cell is one field */
	ck_assert_ptr_nonnull(strstr(text, "只计这一情 形,不计其他情形)\t4\t0\t0\t0\t0\t0\t4\n"));
	/* the vertical "三、本年度办理结果" is read top to bottom, in the row where its cell starts */
	ck_assert_ptr_nonnull(strstr(text, "\n三、本年度办理结果\t(一)予以公开\t0\t"));
	ck_assert_ptr_null(strstr(text, "-3-"));
	ck_assert_ptr_null(strstr(text, "\n-1-"));
	ck_assert_ptr_null(strchr(text, '\r'));
	xxgk_report_free(r);
	free(text);
}
END_TEST

START_TEST(pdf_huaian_figures)
{
	char *text = NULL;
	xxgk_report *r = parse_pdf(PDF_DIR "huaian_2024.pdf", &text);
	ck_assert_double_eq(val(r, "active.regulations.issued"), 1);
	ck_assert_double_eq(val(r, "active.regulations.repealed"), 0);
	ck_assert_double_eq(val(r, "active.regulations.valid"), 11);
	ck_assert_double_eq(val(r, "active.normative_documents.issued"), 8);
	ck_assert_double_eq(val(r, "active.normative_documents.repealed"), 26);
	ck_assert_double_eq(val(r, "active.normative_documents.valid"), 66);
	ck_assert_double_eq(val(r, "active.licensing.decisions"), 447228);
	ck_assert_double_eq(val(r, "active.penalty.decisions"), 3985758);
	ck_assert_double_eq(val(r, "active.coercion.decisions"), 88283);
	ck_assert_double_eq(val(r, "active.fees.amount"), 96171.6);
	ck_assert_double_eq(val(r, "applications.new_received.total"), 3119);
	ck_assert_double_eq(val(r, "applications.new_received.natural_person"), 3001);
	ck_assert_double_eq(val(r, "applications.carried_over.total"), 34);
	ck_assert_double_eq(val(r, "applications.granted.total"), 1362);
	ck_assert_double_eq(val(r, "applications.partially_granted.total"), 454);
	/* (三) 178 = 2+31+5+6+8+12+9+105 */
	static const double denied[8] = { 2, 31, 5, 6, 8, 12, 9, 105 };
	for (int k = 0; k < 8; k++)
		ck_assert_double_eq(r->applications[XXGK_T3_DENIED_STATE_SECRET + k][XXGK_T3_TOTAL].value, denied[k]);
	ck_assert_double_eq(t3_sum(r, XXGK_T3_DENIED_STATE_SECRET, XXGK_T3_DENIED_ADMIN_QUERY), 178);
	/* (四) 781 = 769+11+1 — row 1 on page 4, rows 2-3 on page 5 */
	ck_assert_double_eq(val(r, "applications.unable_no_info.total"), 769);
	ck_assert_double_eq(val(r, "applications.unable_needs_creation.total"), 11);
	ck_assert_double_eq(val(r, "applications.unable_unclear.total"), 1);
	ck_assert_double_eq(t3_sum(r, XXGK_T3_UNABLE_NO_INFO, XXGK_T3_UNABLE_UNCLEAR), 781);
	/* (五) 88 = 62+25+0+0+1 */
	ck_assert_double_eq(t3_sum(r, XXGK_T3_NOT_PROCESSED_COMPLAINT, XXGK_T3_NOT_PROCESSED_CONFIRM), 88);
	ck_assert_double_eq(val(r, "applications.not_processed_complaint.total"), 62);
	ck_assert_double_eq(val(r, "applications.not_processed_duplicate.total"), 25);
	ck_assert_double_eq(val(r, "applications.not_processed_confirm.total"), 1);
	/* (六) 187 = 71+6+110, labels wrapped over three lines of their cells */
	ck_assert_double_eq(val(r, "applications.other_overdue_correction.total"), 71);
	ck_assert_double_eq(val(r, "applications.other_overdue_fee.total"), 6);
	ck_assert_double_eq(val(r, "applications.other_reasons.total"), 110);
	ck_assert_double_eq(val(r, "applications.total_processed.total"), 3050);
	ck_assert_double_eq(val(r, "applications.carried_forward.total"), 103);
	static const double t4[3][5] = { { 72, 64, 178, 37, 351 }, { 13, 4, 8, 1, 26 }, { 12, 1, 1, 6, 20 } };
	assert_t4(r, t4);
	ck_assert_uint_eq(r->warning_count, 0);
	ck_assert_ptr_nonnull(strstr(text, "\n行政许可\t447228\n"));
	/* the page break inside （四）无法提供: each page's part of the cell */
	ck_assert_ptr_nonnull(strstr(text, "(四)无\t1.本机关不掌握相关政府信息\t746\t12\t0\t0\t10\t1\t769\n"));
	ck_assert_ptr_nonnull(strstr(text, "法提供\t2.没有现成信息需要另行制作\t11\t"));
	ck_assert_ptr_null(strstr(text, "- 4 -"));
	ck_assert_ptr_null(strstr(text, "-4-"));
	xxgk_report_free(r);
	free(text);
}
END_TEST

/*
 * A ruled table drawn with stroked paths: one line per row, the wrapped label
 * joined, the empty cell an empty field, "/" kept; a line without rules split
 * at its wide gaps; the page number dropped. The same page turned a quarter
 * (/Rotate 90: its text runs top to bottom on screen) reads the same.
 */
static const char *const small_tables[] = { PDF_DIR "table_2024.pdf", PDF_DIR "table_2024_turned.pdf" };

START_TEST(pdf_small_table)
{
	size_t len, out_len;
	char *buf = test_slurp(small_tables[_i], &len);
	char *out = NULL;
	xxgk_error err;
	ck_assert_int_eq(xxgk_pdf_to_text(&out, &out_len, buf, len, &err), XXGK_OK);
	ck_assert_str_eq(out, "Table test 2024\n"
			      "Item\tA\tB\tC\n"
			      "Licensing decisions\t12\t\t7\n"
			      "Fees\t1.5\t0\t/\n"
			      "Rule-less\t3\t4\n");
	free(out);
	free(buf);
}
END_TEST

/* A text PDF with no table reads as its lines. */
START_TEST(pdf_plain_text)
{
	size_t len, out_len;
	char *buf = test_slurp(PDF_DIR "text_2024.pdf", &len);
	char *out = NULL;
	xxgk_error err;
	ck_assert_int_eq(xxgk_pdf_to_text(&out, &out_len, buf, len, &err), XXGK_OK);
	ck_assert_str_eq(out, "Annual report 2024\nThis page has a text layer of more than sixteen characters.\n");
	free(out);
	free(buf);
}
END_TEST

/* ----------------------------------------------------------------- docx */

/* merged_2024.docx: the figures put into it (docs/pdf.md). */
static const double docx_t3[XXGK_T3_ROWS][XXGK_T3_COLS] = {
	[XXGK_T3_NEW_RECEIVED] = { 40, 3, 0, 1, 1, 0, 45 },
	[XXGK_T3_CARRIED_OVER] = { 2, 1, 0, 0, 0, 0, 3 },
	[XXGK_T3_GRANTED] = { 18, 2, 0, 0, 1, 0, 21 },
	[XXGK_T3_PARTIALLY_GRANTED] = { 5, 0, 0, 0, 0, 0, 5 },
	[XXGK_T3_DENIED_STATE_SECRET] = { 1, 0, 0, 0, 0, 0, 1 },
	[XXGK_T3_DENIED_THIRD_PARTY] = { 2, 0, 0, 0, 0, 0, 2 },
	[XXGK_T3_DENIED_PROCESS_INFO] = { 1, 0, 0, 0, 0, 0, 1 },
	[XXGK_T3_DENIED_ADMIN_QUERY] = { 1, 0, 0, 0, 0, 0, 1 },
	[XXGK_T3_UNABLE_NO_INFO] = { 6, 1, 0, 0, 0, 0, 7 },
	[XXGK_T3_UNABLE_NEEDS_CREATION] = { 2, 0, 0, 0, 0, 0, 2 },
	[XXGK_T3_UNABLE_UNCLEAR] = { 1, 0, 0, 0, 0, 0, 1 },
	[XXGK_T3_NOT_PROCESSED_COMPLAINT] = { 1, 0, 0, 0, 0, 0, 1 },
	[XXGK_T3_NOT_PROCESSED_DUPLICATE] = { 1, 0, 0, 1, 0, 0, 2 },
	[XXGK_T3_OTHER_OVERDUE_CORRECTION] = { 1, 0, 0, 0, 0, 0, 1 },
	[XXGK_T3_TOTAL_PROCESSED] = { 40, 3, 0, 1, 1, 0, 45 },
	[XXGK_T3_CARRIED_FORWARD] = { 2, 1, 0, 0, 0, 0, 3 },
};

START_TEST(docx_merged_report)
{
	size_t len;
	char *buf = test_slurp(PDF_DIR "merged_2024.docx", &len);
	xxgk_doc doc;
	xxgk_error err;
	int rc = xxgk_docx_read(&doc, buf, len, &err);
	ck_assert_msg(rc == XXGK_OK, "%s", err.message);
	ck_assert_uint_eq(strlen(doc.text), doc.len);
	/* merged cells read once, where they start; continuation cells are not read */
	ck_assert_ptr_nonnull(strstr(doc.text, "三、本年度办理结果\t(一)予以公开\t"));
	ck_assert_ptr_nonnull(strstr(doc.text, "\n(三)不予公开\t1.属于国家秘密\t"));
	ck_assert_ptr_nonnull(strstr(doc.text, "\n2.其他法律行政法规禁止公开\t"));
	ck_assert_ptr_nonnull(strstr(doc.text, "\t45\n"));   /* "4" "5" in two runs */
	ck_assert_ptr_nonnull(strstr(doc.text, "本年度未收取信息处理费。"));   /* inside w:sdt */
	/* every token knows its paragraph, or its table, row and column */
	for (size_t i = 0; i < doc.tok_count; i++) {
		const xxgk_origin *o = &doc.origins[i];
		ck_assert_msg(o->para > 0 || (o->table > 0 && o->row > 0 && o->col > 0),
			      "token %zu \"%.*s\" has no origin", i, (int)doc.toks[i].len, doc.toks[i].text);
	}
	xxgk_doc_free(&doc);

	xxgk_report *r = NULL;
	xxgk_parse_options opts = XXGK_PARSE_OPTIONS_INIT;
	opts.name = "merged_2024.docx";
	rc = xxgk_parse_buffer(&r, buf, len, &opts, &err);
	ck_assert_msg(rc == XXGK_OK, "%s", err.message);
	ck_assert_int_eq(r->format, XXGK_FORMAT_DOCX);
	/* 一、本年新收 总计 45: table 2 of the body, below three heading rows, the
	 * tenth grid column (three label columns, then seven figures) */
	const xxgk_origin *o = xxgk_report_origin(r, &r->applications[XXGK_T3_NEW_RECEIVED][XXGK_T3_TOTAL]);
	ck_assert_ptr_nonnull(o);
	ck_assert_int_eq(o->table, 2);
	ck_assert_int_eq(o->row, 4);
	ck_assert_int_eq(o->col, 10);
	ck_assert_int_eq(o->page, 0);
	ck_assert_str_eq(r->agency_name, "测试县");
	ck_assert_int_eq(r->year, 2024);
	ck_assert_int_eq(r->template_kind, XXGK_TEMPLATE_2021);
	static const double t2[] = { 0, 0, 2, 3, 1, 27, 1204, 356, 12, 85.6 };
	for (size_t k = 0; k < sizeof t2 / sizeof t2[0]; k++)
		ck_assert_msg(r->active[k].has_value && r->active[k].kind == XXGK_KIND_NUMBER &&
			      r->active[k].value == t2[k], "table 2 cell %zu = %g, expected %g", k,
			      r->active[k].value, t2[k]);
	for (int row = 0; row < XXGK_T3_ROWS; row++)
		for (int col = 0; col < XXGK_T3_COLS; col++) {
			const xxgk_cell *c = &r->applications[row][col];
			ck_assert_msg(c->has_value && c->kind == XXGK_KIND_NUMBER && c->value == docx_t3[row][col],
				      "table 3 %s.%s = %g (%s), expected %g", xxgk_t3_row_key(row),
				      xxgk_t3_col_key(col), c->value, xxgk_kind_name(c->kind), docx_t3[row][col]);
		}
	static const double t4[3][5] = { { 2, 1, 0, 1, 4 }, { 1, 0, 0, 0, 1 }, { 0, 0, 1, 0, 1 } };
	assert_t4(r, t4);
	ck_assert_uint_eq(r->warning_count, 0);
	for (int p = 0; p < 6; p++)
		ck_assert_msg(r->part_line[p] > 0, "part %d heading not found", p + 1);
	xxgk_report_free(r);
	free(buf);
}
END_TEST

/* --------------------------------------------------------------- errors */

static const unsigned char ole2_header[16] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };

START_TEST(legacy_office_named)
{
	const char *m = xxgk_legacy_office_message(ole2_header, sizeof ole2_header);
	ck_assert_ptr_nonnull(m);
	ck_assert_ptr_nonnull(strstr(m, ".doc/.wps"));
	ck_assert_ptr_nonnull(strstr(m, "libreoffice --headless --convert-to docx"));
	ck_assert_ptr_null(strchr(m, '\n'));
	ck_assert_ptr_null(xxgk_legacy_office_message((const unsigned char *)"PK\x03\x04....", 8));
	ck_assert_ptr_null(xxgk_legacy_office_message((const unsigned char *)"%PDF-1.7", 8));
	ck_assert_ptr_null(xxgk_legacy_office_message(ole2_header, 7));
	ck_assert_ptr_null(xxgk_legacy_office_message(NULL, 0));
}
END_TEST

typedef enum { CONV_PDF, CONV_DOCX } conv_kind;

static const struct {
	conv_kind kind;
	const char *file;      /* fixture, or NULL for `bytes` */
	size_t cut;            /* > 0: only the first `cut` bytes of the file */
	const char *bytes;
	size_t bytes_len;
	int code;
	const char *message;   /* the message starts with this */
} error_cases[] = {
	{ CONV_PDF, PDF_DIR "scan_2024.pdf", 0, NULL, 0, XXGK_EPARSE,
	  "no text layer, and OCR read no text on its 1 page" },
	{ CONV_PDF, PDF_DIR "hongze_2023.pdf", 150000, NULL, 0, XXGK_EPARSE, "not a readable PDF: " },
	{ CONV_PDF, PDF_DIR "hongze_2023.pdf", 1000, NULL, 0, XXGK_EPARSE, "not a readable PDF: " },
	{ CONV_PDF, PDF_DIR "encrypted_2024.pdf", 0, NULL, 0, XXGK_EPARSE, "encrypted PDF: " },
	{ CONV_PDF, NULL, 0, "一、总体情况\n", 0, XXGK_EPARSE, "not a readable PDF: no %PDF- header" },
	{ CONV_PDF, NULL, 0, "", 0, XXGK_EPARSE, "not a readable PDF: no %PDF- header" },
	{ CONV_PDF, NULL, 0, "%PDF-1.4\n", 0, XXGK_EPARSE, "not a readable PDF: " },
	{ CONV_PDF, PDF_DIR "merged_2024.docx", 0, NULL, 0, XXGK_EPARSE, "not a readable PDF: no %PDF- header" },
	{ CONV_DOCX, NULL, 0, "<html><body>not a zip</body></html>", 0, XXGK_EPARSE,
	  "not a .docx: the file is not a ZIP archive" },
	{ CONV_DOCX, NULL, 0, "", 0, XXGK_EPARSE, "not a .docx: the file is not a ZIP archive" },
	{ CONV_DOCX, NULL, 0, (const char *)ole2_header, sizeof ole2_header, XXGK_EPARSE,
	  "a legacy Office file (.doc/.wps, OLE2): convert it with `libreoffice" },
	{ CONV_DOCX, PDF_DIR "merged_2024.docx", 1200, NULL, 0, XXGK_EPARSE, "not a .docx: the ZIP archive cannot be read" },
	{ CONV_DOCX, PDF_DIR "not_word.docx", 0, NULL, 0, XXGK_EPARSE,
	  "not a Word document: the ZIP has no word/document.xml" },
	{ CONV_DOCX, PDF_DIR "bad_xml.docx", 0, NULL, 0, XXGK_EPARSE,
	  "not a readable .docx: word/document.xml is not well-formed XML" },
	{ CONV_DOCX, PDF_DIR "bomb.docx", 0, NULL, 0, XXGK_ETOOBIG,
	  "word/document.xml inflates to more than" },
	{ CONV_DOCX, PDF_DIR "hongze_2023.pdf", 0, NULL, 0, XXGK_EPARSE, "not a .docx: " },
};

START_TEST(errors_are_clear)
{
	size_t len = 0;
	char *buf = NULL;
	if (error_cases[_i].file) {
		buf = test_slurp(error_cases[_i].file, &len);
		if (error_cases[_i].cut && error_cases[_i].cut < len)
			len = error_cases[_i].cut;
	} else {
		len = error_cases[_i].bytes_len ? error_cases[_i].bytes_len : strlen(error_cases[_i].bytes);
		buf = malloc(len + 1);
		ck_assert_ptr_nonnull(buf);
		memcpy(buf, error_cases[_i].bytes, len);
	}
	xxgk_doc out;
	memset(&out, 0xA5, sizeof out);   /* must come back empty */
	xxgk_error err;
	int rc = error_cases[_i].kind == CONV_PDF ? xxgk_pdf_read(&out, buf, len, &err)
						  : xxgk_docx_read(&out, buf, len, &err);
	ck_assert_msg(rc == error_cases[_i].code, "case %d: rc %d (%s), expected %d", _i, rc, err.message,
		      error_cases[_i].code);
	ck_assert_int_eq(err.code, rc);
	ck_assert_ptr_null(out.toks);
	ck_assert_ptr_null(out.owned_text);
	ck_assert_uint_eq(out.tok_count, 0);
	ck_assert_msg(strncmp(err.message, error_cases[_i].message, strlen(error_cases[_i].message)) == 0,
		      "case %d: message \"%s\"", _i, err.message);
	ck_assert_ptr_null(strchr(err.message, '\n'));
	free(buf);
}
END_TEST

/* Byte-flipped copies of the small fixtures: a result or an error, no crash. */
START_TEST(damaged_inputs_end_cleanly)
{
	static const char *const files[] = { PDF_DIR "text_2024.pdf", PDF_DIR "merged_2024.docx" };
	for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
		size_t len;
		char *orig = test_slurp(files[f], &len);
		char *buf = malloc(len);
		ck_assert_ptr_nonnull(buf);
		uint32_t seed = 12345;
		for (int round = 0; round < 200; round++) {
			memcpy(buf, orig, len);
			for (int k = 0; k < 1 + round % 8; k++) {
				seed = seed * 1103515245u + 12345u;
				size_t at = (seed >> 8) % len;
				buf[at] = (char)(buf[at] ^ (char)(1u << (seed % 8)));
			}
			xxgk_doc out;
			xxgk_error err;
			int rc = f == 0 ? xxgk_pdf_read(&out, buf, len, &err) : xxgk_docx_read(&out, buf, len, &err);
			if (rc == XXGK_OK) {
				ck_assert_ptr_nonnull(out.text);
				ck_assert_uint_eq(strlen(out.text), out.len);
			} else {
				ck_assert_ptr_null(out.toks);
				ck_assert_int_eq(err.code, rc);
			}
			xxgk_doc_free(&out);
		}
		free(buf);
		free(orig);
	}
}
END_TEST


/* ----------------------------------------------------------------- paths */

/* Writes a one-page PDF (cairo's PDF surface) of what rules are drawn with —
 * strokes 0.1 to 2.5 pt wide, grey and black, dashed, a thin filled
 * rectangle, an even-odd fill, a curve, a clip — plus, with `image`, a small
 * picture. Returns its bytes (malloc'd). */
static char *paths_pdf(bool image, size_t *len)
{
	char path[] = "/tmp/xxgk-paths-XXXXXX";
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	cairo_surface_t *s = cairo_pdf_surface_create(path, 200, 150);
	cairo_t *cr = cairo_create(s);
	static const double widths[] = { 0.1, 0.25, 0.5, 0.75, 1.0, 2.5 };
	for (size_t k = 0; k < sizeof widths / sizeof widths[0]; k++) {
		cairo_set_line_width(cr, widths[k]);
		cairo_set_source_rgb(cr, k % 2 ? 0.4 : 0, k % 2 ? 0.4 : 0, k % 2 ? 0.4 : 0);
		cairo_move_to(cr, 10, 10.3 + 7.1 * (double)k);
		cairo_line_to(cr, 150.2, 10.3 + 7.1 * (double)k);
		cairo_move_to(cr, 160.6 + 5.3 * (double)k, 10);
		cairo_line_to(cr, 160.6 + 5.3 * (double)k, 120.4);
		cairo_stroke(cr);
	}
	double dash[] = { 3, 1.5 };
	cairo_set_dash(cr, dash, 2, 0);
	cairo_move_to(cr, 10, 60.5);
	cairo_line_to(cr, 120, 61.5);
	cairo_stroke(cr);
	cairo_set_dash(cr, NULL, 0, 0);
	cairo_rectangle(cr, 10, 70.2, 140, 0.4);   /* a border drawn as a thin fill */
	cairo_fill(cr);
	cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
	cairo_rectangle(cr, 20, 80, 40, 30);
	cairo_rectangle(cr, 25, 85, 30, 20);
	cairo_fill(cr);
	cairo_arc(cr, 100, 100, 15, 0, 6.283);
	cairo_stroke(cr);
	cairo_save(cr);
	cairo_rectangle(cr, 120, 80, 20, 20);
	cairo_clip(cr);
	cairo_set_line_width(cr, 0.5);
	cairo_move_to(cr, 110, 90);
	cairo_line_to(cr, 150, 90);
	cairo_stroke(cr);
	cairo_restore(cr);
	if (image) {
		cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 8, 8);
		cairo_t *ic = cairo_create(img);
		cairo_set_source_rgb(ic, 0.1, 0.2, 0.3);
		cairo_paint(ic);
		cairo_destroy(ic);
		cairo_set_source_surface(cr, img, 180, 130);
		cairo_paint(cr);
		cairo_surface_destroy(img);
	}
	cairo_destroy(cr);
	cairo_surface_finish(s);
	cairo_surface_destroy(s);
	char *buf = test_slurp(path, len);
	unlink(path);
	return buf;
}

/* A white 2 px/pt raster of the page drawn by poppler (paths == NULL) or by
 * the paths-only pass; NULL when that pass declines the page. */
static cairo_surface_t *paths_raster(PopplerPage *page, pdf_paths *paths, int index)
{
	double w, h;
	poppler_page_get_size(page, &w, &h);
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)ceil(w * 2), (int)ceil(h * 2));
	cairo_t *cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, 2, 2);
	bool drawn = true;
	if (paths)
		drawn = xxgk__pdf_paths_draw(paths, index, cr);
	else
		poppler_page_render(page, cr);
	cairo_destroy(cr);
	cairo_surface_flush(s);
	if (!drawn) {
		cairo_surface_destroy(s);
		return NULL;
	}
	return s;
}

START_TEST(pdf_paths_as_poppler_draws)
{
	size_t len;
	char *buf = paths_pdf(false, &len);
	GBytes *bytes = g_bytes_new_static(buf, len);
	PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, NULL);
	ck_assert_ptr_nonnull(doc);
	pdf_paths *paths = xxgk__pdf_paths_open(buf, len);
	ck_assert_ptr_nonnull(paths);
	PopplerPage *page = poppler_document_get_page(doc, 0);
	cairo_surface_t *want = paths_raster(page, NULL, 0), *got = paths_raster(page, paths, 0);
	ck_assert_msg(got != NULL, "the paths-only pass declined a page of paths");
	int W = cairo_image_surface_get_width(want), H = cairo_image_surface_get_height(want);
	int stride = cairo_image_surface_get_stride(want);
	const unsigned char *a = cairo_image_surface_get_data(want), *b = cairo_image_surface_get_data(got);
	size_t differ = 0, ink = 0;
	for (int y = 0; y < H; y++)
		for (int x = 0; x < W; x++) {
			uint32_t pa, pb;
			memcpy(&pa, a + (size_t)y * (size_t)stride + 4 * (size_t)x, 4);
			memcpy(&pb, b + (size_t)y * (size_t)stride + 4 * (size_t)x, 4);
			differ += (pa & 0xFFFFFF) != (pb & 0xFFFFFF);
			ink += (pa & 0xFFFFFF) != 0xFFFFFF;
		}
	ck_assert_uint_gt(ink, 2000);   /* the page did draw */
	ck_assert_msg(differ == 0, "%zu of %d × %d pixels differ from poppler_page_render()", differ, W, H);
	cairo_surface_destroy(want);
	cairo_surface_destroy(got);
	g_object_unref(page);
	xxgk__pdf_paths_close(paths);
	g_object_unref(doc);
	g_bytes_unref(bytes);
	free(buf);
}
END_TEST

/* An image on the page: the pass declines it (pdf_rules.c then renders it all). */
START_TEST(pdf_paths_decline_images)
{
	size_t len;
	char *buf = paths_pdf(true, &len);
	GBytes *bytes = g_bytes_new_static(buf, len);
	PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, NULL);
	ck_assert_ptr_nonnull(doc);
	pdf_paths *paths = xxgk__pdf_paths_open(buf, len);
	ck_assert_ptr_nonnull(paths);
	PopplerPage *page = poppler_document_get_page(doc, 0);
	cairo_surface_t *got = paths_raster(page, paths, 0);
	ck_assert_ptr_null(got);
	ck_assert(!xxgk__pdf_paths_draw(paths, 1, NULL));   /* no such page */
	g_object_unref(page);
	xxgk__pdf_paths_close(paths);
	ck_assert_ptr_null(xxgk__pdf_paths_open("%PDF-1.4 nothing else", 21));
	g_object_unref(doc);
	g_bytes_unref(bytes);
	free(buf);
}
END_TEST

/* The corpus reports' table pages are paths and text only: no page of theirs
 * is rendered whole (that would cost their fonts and glyphs again). */
static const char *const corpus_pdfs[] = { PDF_DIR "hongze_2023.pdf", PDF_DIR "huaian_2024.pdf" };

START_TEST(pdf_paths_corpus_pages)
{
	size_t len;
	char *buf = test_slurp(corpus_pdfs[_i], &len);
	GBytes *bytes = g_bytes_new_static(buf, len);
	PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, NULL);
	ck_assert_ptr_nonnull(doc);
	pdf_paths *paths = xxgk__pdf_paths_open(buf, len);
	ck_assert_ptr_nonnull(paths);
	int pages = poppler_document_get_n_pages(doc);
	ck_assert_int_ge(pages, 5);
	for (int p = 0; p < pages; p++) {
		PopplerPage *page = poppler_document_get_page(doc, p);
		cairo_surface_t *got = paths_raster(page, paths, p);
		ck_assert_msg(got != NULL, "%s: page %d declined", corpus_pdfs[_i], p + 1);
		cairo_surface_destroy(got);
		g_object_unref(page);
	}
	xxgk__pdf_paths_close(paths);
	g_object_unref(doc);
	g_bytes_unref(bytes);
	free(buf);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("convert");
	TCase *tc = tcase_create("pdf");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, pdf_every_cell_as_expected, 0, (int)(sizeof pdf_cases / sizeof pdf_cases[0]));
	tcase_add_loop_test(tc, pdf_cells_know_their_place, 0, (int)(sizeof pdf_cases / sizeof pdf_cases[0]));
	tcase_add_test(tc, pdf_hongze_figures);
	tcase_add_test(tc, pdf_huaian_figures);
	tcase_add_test(tc, pdf_plain_text);
	tcase_add_loop_test(tc, pdf_small_table, 0, (int)(sizeof small_tables / sizeof small_tables[0]));
	suite_add_tcase(s, tc);
	tc = tcase_create("paths");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, pdf_paths_as_poppler_draws);
	tcase_add_test(tc, pdf_paths_decline_images);
	tcase_add_loop_test(tc, pdf_paths_corpus_pages, 0, (int)(sizeof corpus_pdfs / sizeof corpus_pdfs[0]));
	suite_add_tcase(s, tc);
	tc = tcase_create("detect");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, format_detected_once, 0, (int)(sizeof detect_cases / sizeof detect_cases[0]));
	suite_add_tcase(s, tc);
	tc = tcase_create("docx");
	tcase_add_test(tc, docx_merged_report);
	suite_add_tcase(s, tc);
	tc = tcase_create("errors");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, legacy_office_named);
	tcase_add_loop_test(tc, errors_are_clear, 0, (int)(sizeof error_cases / sizeof error_cases[0]));
	tcase_add_test(tc, damaged_inputs_end_cleanly);
	suite_add_tcase(s, tc);
	return test_run(s);
}
