/*
 * xlsx_write.c — a workbook (xxgk/workbook.h) as an Excel .xlsx, through
 * libxlsxwriter (John McNamara; Debian 12 has 1.1.4). The only file that
 * includes xlsxwriter.h: its errors become ours here.
 *
 * Exports xxgk_workbook_write_xlsx.
 *
 * What a person opening it in Excel or WPS expects: the header row bold,
 * shaded and frozen, an autofilter over the data, columns as wide as their
 * content needs (long text wrapped), numbers stored as numbers (so they sum
 * and sort), and a drop-down list where a column takes one of a few values
 * (the 状态 column: 待整改 / 已整改 / 豁免 / 复核通过). Text is written as
 * text: a cell that starts with "=" is never a formula here.
 *
 * The file is written beside the target under a unique temporary name
 * (mkstemp) and renamed into place, so a failed write leaves the old file.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "xxgk/workbook.h"
#include "../common/common_int.h"

/* Excel's limits: rows in a sheet, bytes we put in one cell (32,767 characters). */
#define XLSX_MAX_ROWS 1048576u
#define XLSX_CELL_BYTES 32000u

/* A string no longer than Excel holds, cut at a character boundary; into buf. */
static const char *xlsx_fit(const char *s, char *buf, size_t cap)
{
	size_t n = strlen(s);
	if (n < XLSX_CELL_BYTES)
		return s;
	n = XLSX_CELL_BYTES < cap - 1 ? XLSX_CELL_BYTES : cap - 1;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return buf;
}

static int xlsx_sheet(lxw_workbook *wb, const xxgk_wb_sheet *s, int lang, lxw_format *head, lxw_format *wrap,
		      xxgk_error *err)
{
	if (s->row_count + 1 > XLSX_MAX_ROWS)
		return xxgk_error_set(err, XXGK_EINVAL, 0, 0, "sheet %s has %zu rows; Excel holds %u", s->name[lang],
				      s->row_count, XLSX_MAX_ROWS - 1);
	lxw_worksheet *ws = workbook_add_worksheet(wb, s->name[lang]);
	if (!ws)
		return xxgk_error_set(err, XXGK_EIO, 0, 0, "cannot add the sheet %s", s->name[lang]);
	char *cut = malloc(XLSX_CELL_BYTES + 1);
	if (!cut)
		return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
	lxw_error e = LXW_NO_ERROR;
	for (size_t c = 0; c < s->column_count && !e; c++) {
		const xxgk_wb_column *col = &s->columns[c];
		double width = col->width > 0 ? col->width : 10;
		e = worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, width, col->wrap ? wrap : NULL);
		if (!e)
			e = worksheet_write_string(ws, 0, (lxw_col_t)c, col->header[lang], head);
	}
	for (size_t r = 0; r < s->row_count && !e; r++) {
		for (size_t c = 0; c < s->column_count && !e; c++) {
			const xxgk_wb_cell *cell = &s->cells[r * s->column_count + c];
			lxw_format *f = s->columns[c].wrap ? wrap : NULL;
			if (cell->kind == XXGK_CELL_TEXT)
				e = worksheet_write_string(ws, (lxw_row_t)(r + 1), (lxw_col_t)c,
							   xlsx_fit(cell->text, cut, XLSX_CELL_BYTES + 1), f);
			else if (cell->kind == XXGK_CELL_NUMBER && isfinite(cell->number))
				e = worksheet_write_number(ws, (lxw_row_t)(r + 1), (lxw_col_t)c, cell->number, f);
		}
	}
	if (!e)
		worksheet_freeze_panes(ws, 1, 0);
	if (!e && s->column_count)
		e = worksheet_autofilter(ws, 0, 0, (lxw_row_t)(s->row_count ? s->row_count : 1),
					 (lxw_col_t)(s->column_count - 1));
	for (size_t c = 0; c < s->column_count && !e && s->row_count; c++) {
		if (!s->columns[c].choices)
			continue;
		lxw_data_validation dv;
		memset(&dv, 0, sizeof dv);
		dv.validate = LXW_VALIDATION_TYPE_LIST;
		dv.value_list = (char **)(uintptr_t)s->columns[c].choices;
		dv.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
		e = worksheet_data_validation_range(ws, 1, (lxw_col_t)c, (lxw_row_t)s->row_count, (lxw_col_t)c, &dv);
	}
	free(cut);
	if (e)
		return xxgk_error_set(err, XXGK_EIO, 0, 0, "sheet %s: %s", s->name[lang], lxw_strerror(e));
	return XXGK_OK;
}

int xxgk_workbook_write_xlsx(const xxgk_workbook *book, const char *path, int headers, xxgk_error *err)
{
	int lang = headers == XXGK_HEADERS_EN ? 1 : 0;
	size_t plen = strlen(path);
	char *tmp = malloc(plen + 16);
	if (!tmp)
		return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
	snprintf(tmp, plen + 16, "%s.tmp.XXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		int rc = xxgk_error_set(err, XXGK_EIO, 0, 0, "%s: %s", path, strerror(errno));
		free(tmp);
		return rc;
	}
	/* the mode a new file would get (mkstemp makes it 0600), or the old file's */
	struct stat st;
	mode_t mask = umask(0);
	umask(mask);
	fchmod(fd, stat(path, &st) == 0 ? st.st_mode & 07777 : 0666 & ~mask);
	close(fd);
	lxw_workbook_options opts = { .constant_memory = LXW_FALSE, .tmpdir = NULL, .use_zip64 = LXW_FALSE };
	lxw_workbook *wb = workbook_new_opt(tmp, &opts);
	int rc = XXGK_OK;
	if (!wb) {
		rc = xxgk_error_set(err, XXGK_EIO, 0, 0, "%s: cannot create the workbook", path);
		goto done;
	}
	lxw_format *head = workbook_add_format(wb);
	format_set_bold(head);
	format_set_bg_color(head, 0xDDEBF7);
	format_set_border(head, LXW_BORDER_THIN);
	format_set_text_wrap(head);
	format_set_align(head, LXW_ALIGN_VERTICAL_CENTER);
	lxw_format *wrap = workbook_add_format(wb);
	format_set_text_wrap(wrap);
	format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
	for (size_t i = 0; i < book->sheet_count && rc == XXGK_OK; i++)
		rc = xlsx_sheet(wb, &book->sheets[i], lang, head, wrap, err);
	lxw_error e = workbook_close(wb);   /* frees the workbook in every case */
	if (rc == XXGK_OK && e)
		rc = xxgk_error_set(err, XXGK_EIO, 0, 0, "%s: %s", path, lxw_strerror(e));
	if (rc == XXGK_OK && rename(tmp, path) != 0)
		rc = xxgk_error_set(err, XXGK_EIO, 0, 0, "%s: %s", path, strerror(errno));
done:
	if (rc != XXGK_OK)
		unlink(tmp);
	free(tmp);
	return rc;
}
