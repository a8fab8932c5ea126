/*
 * workbook.c — the workbook model (xxgk/workbook.h): sheets of text and
 * number cells, and one sheet written as CSV for Excel.
 *
 * Exports xxgk_workbook_add_sheet, xxgk_wb_add_row, xxgk_wb_text,
 * xxgk_wb_number, xxgk_workbook_free and xxgk_wb_sheet_write_csv.
 *
 * CSV for Excel: UTF-8 with a BOM (without it Excel on Chinese Windows reads
 * the bytes as GBK), CRLF, RFC 4180 quoting. A cell that begins with = + -
 * or @ is a formula to Excel and LibreOffice, which would run it when the
 * file is opened ("CSV injection", OWASP); such text is written after an
 * apostrophe, which Excel does not show. Numbers are written as numbers, so
 * a negative count stays a number.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "xxgk/workbook.h"
#include "../common/common_int.h"

xxgk_wb_sheet *xxgk_workbook_add_sheet(xxgk_workbook *wb, const char *name_zh, const char *name_en,
				       const xxgk_wb_column *columns, size_t column_count)
{
	xxgk_wb_sheet *s = realloc(wb->sheets, (wb->sheet_count + 1) * sizeof *s);
	if (!s)
		return NULL;
	wb->sheets = s;
	s = &wb->sheets[wb->sheet_count++];
	memset(s, 0, sizeof *s);
	s->name[0] = name_zh;
	s->name[1] = name_en;
	s->columns = columns;
	s->column_count = column_count;
	return s;
}

xxgk_wb_cell *xxgk_wb_add_row(xxgk_wb_sheet *s)
{
	if (s->row_count == s->row_cap) {
		size_t cap = s->row_cap ? s->row_cap * 2 : 64;
		xxgk_wb_cell *c = realloc(s->cells, cap * s->column_count * sizeof *c);
		if (!c)
			return NULL;
		s->cells = c;
		s->row_cap = cap;
	}
	xxgk_wb_cell *row = &s->cells[s->row_count++ * s->column_count];
	memset(row, 0, s->column_count * sizeof *row);
	return row;
}

int xxgk_wb_text(xxgk_wb_sheet *s, size_t col, const char *text)
{
	if (!s->row_count || col >= s->column_count || !text || !*text)
		return XXGK_OK;
	xxgk_wb_cell *c = &s->cells[(s->row_count - 1) * s->column_count + col];
	free(c->text);
	c->text = xxgk_strdup(text);
	c->kind = c->text ? XXGK_CELL_TEXT : XXGK_CELL_BLANK;
	return c->text ? XXGK_OK : XXGK_ENOMEM;
}

void xxgk_wb_number(xxgk_wb_sheet *s, size_t col, double v)
{
	if (!s->row_count || col >= s->column_count)
		return;
	xxgk_wb_cell *c = &s->cells[(s->row_count - 1) * s->column_count + col];
	free(c->text);
	c->text = NULL;
	c->kind = XXGK_CELL_NUMBER;
	c->number = v;
}

void xxgk_workbook_free(xxgk_workbook *wb)
{
	if (!wb)
		return;
	for (size_t i = 0; i < wb->sheet_count; i++) {
		xxgk_wb_sheet *s = &wb->sheets[i];
		for (size_t k = 0; k < s->row_count * s->column_count; k++)
			free(s->cells[k].text);
		free(s->cells);
	}
	free(wb->sheets);
	memset(wb, 0, sizeof *wb);
}

static void csv_field(FILE *out, const char *v)
{
	/* a formula to a spreadsheet: shown as text, never run */
	bool guard = v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r';
	if (!guard && !strpbrk(v, ",\"\r\n")) {
		fputs(v, out);
		return;
	}
	fputc('"', out);
	if (guard)
		fputc('\'', out);
	for (const char *p = v; *p; p++) {
		if (*p == '"')
			fputc('"', out);
		fputc(*p, out);
	}
	fputc('"', out);
}

int xxgk_wb_sheet_write_csv(const xxgk_wb_sheet *s, FILE *out, int headers, xxgk_error *err)
{
	int lang = headers == XXGK_HEADERS_EN ? 1 : 0;
	fputs("\xEF\xBB\xBF", out);
	for (size_t c = 0; c < s->column_count; c++) {
		if (c)
			fputc(',', out);
		csv_field(out, s->columns[c].header[lang]);
	}
	fputs("\r\n", out);
	for (size_t r = 0; r < s->row_count; r++) {
		for (size_t c = 0; c < s->column_count; c++) {
			const xxgk_wb_cell *cell = &s->cells[r * s->column_count + c];
			if (c)
				fputc(',', out);
			if (cell->kind == XXGK_CELL_TEXT) {
				csv_field(out, cell->text);
			} else if (cell->kind == XXGK_CELL_NUMBER && isfinite(cell->number)) {
				if (fabs(cell->number) < 1e15 && cell->number == floor(cell->number))
					fprintf(out, "%.0f", cell->number);
				else
					fprintf(out, "%.15g", cell->number);
			}
		}
		fputs("\r\n", out);
	}
	if (ferror(out))
		return xxgk_error_set(err, XXGK_EIO, 0, 0, "writing the CSV failed");
	return XXGK_OK;
}
