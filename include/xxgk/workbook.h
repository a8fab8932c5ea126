/*
 * xxgk/workbook.h — tables for the tools people use: a workbook of sheets,
 * each a header row and rows of text or number cells, written as Excel
 * .xlsx (libxlsxwriter: frozen header, filters, column widths, numbers as
 * numbers, a drop-down list where a column takes one of a few values) or as
 * CSV (UTF-8 with a BOM, RFC 4180, cells that Excel would run as formulas
 * guarded), and read back from either (the cells people typed in).
 *
 * The model is plain data: what goes in a sheet is decided elsewhere
 * (xxgk_review_workbook in xxgk/track.h); only the writers know the formats.
 */
#ifndef XXGK_WORKBOOK_H
#define XXGK_WORKBOOK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "xxgk/common.h"

#ifdef __cplusplus
extern "C" {
#endif

enum { XXGK_CELL_BLANK = 0, XXGK_CELL_TEXT, XXGK_CELL_NUMBER };

typedef struct {
	int kind;          /* XXGK_CELL_* */
	char *text;        /* owned, UTF-8, for XXGK_CELL_TEXT */
	double number;     /* for XXGK_CELL_NUMBER */
} xxgk_wb_cell;

typedef struct {
	const char *header[2];   /* static: [0] Chinese, [1] English */
	double width;            /* in characters; 0: 10 */
	bool wrap;               /* long text wraps in its cell */
	const char *const *choices; /* NULL-terminated values offered as a drop-down list, or NULL */
} xxgk_wb_column;

typedef struct {
	const char *name[2];     /* static: [0] Chinese, [1] English (≤ 31 characters) */
	const xxgk_wb_column *columns;  /* static */
	size_t column_count;
	xxgk_wb_cell *cells;     /* owned: row_count × column_count, row-major */
	size_t row_count, row_cap;
} xxgk_wb_sheet;

typedef struct {
	xxgk_wb_sheet *sheets;   /* owned */
	size_t sheet_count;
} xxgk_workbook;

enum { XXGK_HEADERS_ZH = 0, XXGK_HEADERS_EN = 1 };

/* Adds an empty sheet; returns it (borrowed) or NULL when out of memory. */
xxgk_wb_sheet *xxgk_workbook_add_sheet(xxgk_workbook *wb, const char *name_zh, const char *name_en,
				       const xxgk_wb_column *columns, size_t column_count);
/* Appends a blank row; returns its first cell (borrowed) or NULL when out of memory. */
xxgk_wb_cell *xxgk_wb_add_row(xxgk_wb_sheet *s);
/* Sets a cell of the last row: a copy of the text ("" or NULL leaves it blank), or a number. XXGK_ENOMEM. */
int xxgk_wb_text(xxgk_wb_sheet *s, size_t col, const char *text);
void xxgk_wb_number(xxgk_wb_sheet *s, size_t col, double v);
/* Frees the sheets and their cells; the struct itself is the caller's. */
void xxgk_workbook_free(xxgk_workbook *wb);

/*
 * Writes an .xlsx (src/render/xlsx_write.c): one worksheet per sheet with
 * its headers in `headers` (XXGK_HEADERS_*), bold and frozen, an autofilter
 * over the data, the columns' widths and wrapping, drop-down lists. The file
 * is written whole or not at all. XXGK_EIO (with libxlsxwriter's reason),
 * XXGK_EINVAL (a sheet over Excel's 1,048,576 rows), XXGK_ENOMEM.
 */
int xxgk_workbook_write_xlsx(const xxgk_workbook *wb, const char *path, int headers, xxgk_error *err);

/*
 * Writes one sheet as CSV: a BOM, the header row, CRLF line ends, RFC 4180
 * quoting; a text cell starting with = + - @ (or a tab or CR) gets a leading
 * apostrophe so Excel shows it instead of running it as a formula (OWASP,
 * "CSV Injection"); text cells that are numbers are left as they are.
 * XXGK_EIO when the stream fails.
 */
int xxgk_wb_sheet_write_csv(const xxgk_wb_sheet *s, FILE *out, int headers, xxgk_error *err);

/*
 * A sheet read back (xlsx_read.c, csv): the rows of the first sheet named
 * `name` (either language; NULL: the first sheet), each cell as text (numbers
 * as Excel shows them without formatting: 12, 0.5), with their row numbers
 * as Excel counts them.
 */
typedef struct {
	char ***rows;            /* owned: rows[i][j], "" for an empty cell */
	size_t *row_numbers;     /* 1-based, as the sheet numbers its rows */
	size_t row_count;
	size_t column_count;     /* the widest row */
	char *sheet;             /* owned: the sheet's name */
} xxgk_wb_table;

/*
 * Reads a sheet of an .xlsx (a ZIP of SpreadsheetML: shared strings, inline
 * strings, numbers, booleans; formulas as their cached values). `names` is
 * a NULL-terminated list of acceptable sheet names (NULL: the first sheet).
 * XXGK_EIO (cannot open), XXGK_EPARSE (not a workbook, or no such sheet:
 * the message names the sheets there are), XXGK_ETOOBIG, XXGK_ENOMEM.
 */
int xxgk_wb_read_xlsx(xxgk_wb_table *out, const char *path, const char *const *names, xxgk_error *err);
/* Reads a CSV (any encoding xxgk reads CSV in) into the same shape; rows numbered by line. */
int xxgk_wb_read_csv(xxgk_wb_table *out, const char *path, xxgk_error *err);
void xxgk_wb_table_free(xxgk_wb_table *t);

#ifdef __cplusplus
}
#endif
#endif
