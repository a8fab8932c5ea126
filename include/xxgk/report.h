/*
 * xxgk/report.h — the report model: one parsed annual report as plain C data.
 *
 * This is `xxgk.report/1` of shared/SCHEMA.md in memory. Every value of the
 * three tables is an `xxgk_cell`: the number (when there is one), why there is
 * no number (its kind), and where it was printed (line, column, raw text).
 * A blank or "/" cell is never turned into 0.
 *
 * The table layouts come from the national templates: 国办公开办函〔2021〕30号
 * (reports for 2021 onwards) and 国办公开办函〔2019〕60号 (2019–2020). Table 3
 * and table 4 have the same cells in both; table 2 differs, so its cells are a
 * flat array described by xxgk_active_fields().
 */
#ifndef XXGK_REPORT_H
#define XXGK_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xxgk/common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
	XXGK_KIND_NUMBER = 0,   /* a number as printed */
	XXGK_KIND_BLANK,        /* an empty cell */
	XXGK_KIND_NA,           /* "/", "—", "-", "无", "不适用" … */
	XXGK_KIND_ABSENT,       /* the row or column is not in the document */
	XXGK_KIND_INFERRED,     /* not printed; the report's own rules give it */
	XXGK_KIND_UNREADABLE    /* printed, but not readable without guessing */
} xxgk_kind;

typedef enum { XXGK_TEMPLATE_UNKNOWN = 0, XXGK_TEMPLATE_2021, XXGK_TEMPLATE_2019 } xxgk_template;
typedef enum {
	XXGK_FORMAT_TEXT = 0, XXGK_FORMAT_MARKDOWN, XXGK_FORMAT_HTML, XXGK_FORMAT_PDF,
	XXGK_FORMAT_DOCX, XXGK_FORMAT_JSON, XXGK_FORMAT_IMAGE
} xxgk_format;
typedef enum { XXGK_ENC_UTF8 = 0, XXGK_ENC_GB18030, XXGK_ENC_UTF16 } xxgk_encoding;
typedef enum { XXGK_SCRIPT_SIMPLIFIED = 0, XXGK_SCRIPT_TRADITIONAL } xxgk_script;
typedef enum {
	XXGK_LEVEL_UNKNOWN = 0, XXGK_LEVEL_PROVINCE, XXGK_LEVEL_CITY, XXGK_LEVEL_COUNTY,
	XXGK_LEVEL_TOWN, XXGK_LEVEL_DEPARTMENT
} xxgk_level;

typedef struct {
	double value;     /* meaningful only when has_value */
	bool has_value;   /* false: the document gives no number (see kind) */
	uint8_t kind;     /* an xxgk_kind */
	uint32_t line;    /* 1-based line in the normalised text; 0 = not printed */
	uint32_t column;  /* 1-based column in code points; 0 = not printed */
	char *raw;        /* the cell as printed (trimmed); NULL means ""; release with
			     xxgk_cell_free_raw() (small numbers are shared, not allocated) */
} xxgk_cell;

/*
 * Where a printed cell stands in the user's own file, beyond its line: the
 * page and box of a PDF (or of a scan read by OCR), or the table, row and
 * grid column of a Word document. A zero field means "not known" or "not this
 * kind of file". JSON: "page", "x", "y" (the box's top-left) and "table",
 * "row", "col", added to the cell's object (SCHEMA.md allows additions).
 */
typedef struct {
	double x0, y0, x1, y1;  /* PDF, OCR: box in points from the top-left of the page as shown */
	uint32_t page;          /* PDF, OCR: 1-based page; 0 = none */
	uint32_t para;          /* DOCX: 1-based paragraph of the body, outside tables; 0 = none */
	uint16_t table, row, col; /* DOCX: 1-based table of the body, its row and grid column; 0 = none */
} xxgk_origin;

/* Table 3: rows in printed order (SCHEMA.md). */
enum {
	XXGK_T3_NEW_RECEIVED = 0, XXGK_T3_CARRIED_OVER, XXGK_T3_GRANTED, XXGK_T3_PARTIALLY_GRANTED,
	XXGK_T3_DENIED_STATE_SECRET, XXGK_T3_DENIED_PROHIBITED_BY_LAW, XXGK_T3_DENIED_THREE_SAFETIES,
	XXGK_T3_DENIED_THIRD_PARTY, XXGK_T3_DENIED_INTERNAL_AFFAIRS, XXGK_T3_DENIED_PROCESS_INFO,
	XXGK_T3_DENIED_ENFORCEMENT_FILES, XXGK_T3_DENIED_ADMIN_QUERY,
	XXGK_T3_UNABLE_NO_INFO, XXGK_T3_UNABLE_NEEDS_CREATION, XXGK_T3_UNABLE_UNCLEAR,
	XXGK_T3_NOT_PROCESSED_COMPLAINT, XXGK_T3_NOT_PROCESSED_DUPLICATE,
	XXGK_T3_NOT_PROCESSED_PUBLICATION, XXGK_T3_NOT_PROCESSED_EXCESSIVE,
	XXGK_T3_NOT_PROCESSED_CONFIRM,
	XXGK_T3_OTHER_OVERDUE_CORRECTION, XXGK_T3_OTHER_OVERDUE_FEE, XXGK_T3_OTHER_REASONS,
	XXGK_T3_TOTAL_PROCESSED, XXGK_T3_CARRIED_FORWARD,
	XXGK_T3_ROWS
};
/* Table 3 columns, in printed order. */
enum {
	XXGK_T3_NATURAL_PERSON = 0, XXGK_T3_COMMERCIAL, XXGK_T3_RESEARCH, XXGK_T3_SOCIAL_ORG,
	XXGK_T3_LEGAL_SERVICE, XXGK_T3_OTHER_ORG, XXGK_T3_TOTAL,
	XXGK_T3_COLS
};
/* The result rows summed into （七）总计: granted … other_reasons. */
#define XXGK_T3_FIRST_RESULT XXGK_T3_GRANTED
#define XXGK_T3_LAST_RESULT XXGK_T3_OTHER_REASONS

/* Table 4: three groups of five. */
enum { XXGK_T4_REVIEW = 0, XXGK_T4_LITIGATION_DIRECT, XXGK_T4_LITIGATION_AFTER_REVIEW, XXGK_T4_GROUPS };
enum { XXGK_T4_UPHELD = 0, XXGK_T4_CORRECTED, XXGK_T4_OTHER, XXGK_T4_PENDING, XXGK_T4_TOTAL, XXGK_T4_COLS };

/* Table 2 has at most this many cells (the 2019 template's 22). */
#define XXGK_ACTIVE_CAP 24

/* One table-2 value of a template: its path below "active." and its row. */
typedef struct {
	const char *item;   /* "regulations", "licensing", "fees" … */
	const char *column; /* "issued", "decisions", "amount" … */
	int row;            /* index of the printed row within table 2 */
	bool decimal;       /* fees and amounts may have a fraction */
} xxgk_active_field;

/* Slots of the narrative's MinHash signature (16-bit values). */
#define XXGK_MINHASH 64

/* A figure the narrative states ("收到政府信息公开申请99件"), for the checker. */
typedef struct {
	char key[40];     /* what it counts: "new_received", "granted_partial", "review" … */
	double value;     /* the figure as printed */
	uint32_t line;    /* where it is printed */
} xxgk_claim;

typedef struct {
	char *code;     /* owned, a stable id such as "cells.missing" */
	char *message;  /* owned, one line */
	uint32_t line;  /* 0 = no line */
	char *where;    /* owned, the cells it is about: comma-separated path patterns
			   ("applications.granted.*", "active.fees.amount"); NULL = the document */
} xxgk_warning;

typedef struct {
	/* source */
	char *source_name;         /* owned, file name as given */
	char sha256[65];           /* hex of the raw bytes */
	uint8_t format;            /* xxgk_format */
	uint8_t encoding;          /* xxgk_encoding */
	uint8_t script;            /* xxgk_script */
	/* agency */
	char *agency_name;         /* owned, the issuing body as printed; NULL if not found */
	char *region_code;         /* owned, NULL until resolved */
	char **region_path;        /* owned array of owned names */
	size_t region_path_count;
	uint8_t level;             /* xxgk_level */
	/* what and when */
	int year;                  /* reporting year; 0 if not found */
	uint8_t template_kind;     /* xxgk_template */
	char published[11];        /* "YYYY-MM-DD" or "" */
	uint32_t part_line[6];     /* line of the headings 一 … 六; 0 = not found */
	/* the tables */
	xxgk_cell active[XXGK_ACTIVE_CAP];                      /* xxgk_active_fields() order */
	xxgk_cell applications[XXGK_T3_ROWS][XXGK_T3_COLS];
	xxgk_cell reviews[XXGK_T4_GROUPS][XXGK_T4_COLS];
	/* what the parser noticed */
	xxgk_warning *warnings;
	size_t warning_count, warning_cap;
	/* the narrative, for the checker */
	xxgk_claim *claims;                 /* owned */
	size_t claim_count, claim_cap;
	int8_t fees_explained;              /* part six speaks of fees: 1, does not: 0, no part six: −1 */
	uint16_t minhash[XXGK_MINHASH];     /* of the narrative's 5-character shingles */
	uint32_t shingle_count;             /* 0: no signature (too little narrative) */
	/* where the cells stand in a paged or tabled file (PDF, DOCX): owned,
	 * NULL for other input; reach it through xxgk_report_origin() */
	xxgk_origin *origins;
} xxgk_report;

/* Allocates an empty report (every cell absent). Returns XXGK_OK or XXGK_ENOMEM. */
int xxgk_report_new(xxgk_report **out);
/* Frees a report and everything it owns. NULL is a no-op. */
void xxgk_report_free(xxgk_report *report);

/*
 * The table-2 fields of a template, in printed order; `*count` receives how
 * many. XXGK_TEMPLATE_UNKNOWN gives the 2021 fields. The array is static.
 */
const xxgk_active_field *xxgk_active_fields(int template_kind, size_t *count);

/* Key names of SCHEMA.md for rows, columns, groups; static strings. */
const char *xxgk_t3_row_key(int row);
const char *xxgk_t3_col_key(int col);
const char *xxgk_t4_group_key(int group);
const char *xxgk_t4_col_key(int col);
/* The printed label of a table-3 row (2021 template), for messages. */
const char *xxgk_t3_row_label(int row);

/*
 * The printed names of a cell path ("applications.granted.natural_person"):
 * its table ("表三"), row ("（一）予以公开") and column ("自然人"); "" for a
 * part the path does not name (a "*" pattern, a whole table). Static strings.
 */
void xxgk_path_labels(const char *path, const char **table, const char **row, const char **col);

/*
 * What the template lets a cell hold beyond a count (a whole number, zero or
 * more), as flags: XXGK_CELL_MONEY — fees and procurement amounts, which
 * have fractions; XXGK_CELL_CHANGE — the 2019 template's 本年增/减, which may
 * be negative (fees.change is both). Stated once, for the checker's value
 * rules and the JSON reader.
 */
enum { XXGK_CELL_COUNT = 0, XXGK_CELL_MONEY = 1, XXGK_CELL_CHANGE = 2 };
int xxgk_path_domain(const char *path);

/* Reporting years a report can have (the first reports are for 2008; a margin both ways). */
#define XXGK_YEAR_MIN 1990
#define XXGK_YEAR_MAX 2100

const char *xxgk_kind_name(int kind);
const char *xxgk_template_name(int template_kind);   /* "2021", "2019", "unknown" */
const char *xxgk_format_name(int format);
const char *xxgk_encoding_name(int encoding);
const char *xxgk_script_name(int script);
const char *xxgk_level_name(int level);
/* Reverse look-ups; return -1 when the name is unknown. */
int xxgk_kind_from_name(const char *name);
int xxgk_template_from_name(const char *name);
int xxgk_format_from_name(const char *name);
int xxgk_encoding_from_name(const char *name);
int xxgk_script_from_name(const char *name);
int xxgk_level_from_name(const char *name);

/*
 * Sets a cell. `raw` is copied (NULL for ""). Returns XXGK_OK or XXGK_ENOMEM;
 * on failure the cell keeps its old contents.
 */
int xxgk_cell_set(xxgk_cell *cell, int kind, bool has_value, double value,
		  uint32_t line, uint32_t column, const char *raw);

/*
 * Whether the document prints this cell empty: kind blank, or an empty cell
 * the report's own rules settled (kind inferred, raw "", printed at a
 * column). A cell lost from a damaged row was not printed at all (column 0).
 */
bool xxgk_cell_printed_empty(const xxgk_cell *cell);

/* Releases a cell's raw text (a no-op for NULL and for the shared small numbers). */
void xxgk_cell_free_raw(char *raw);

/* Appends a warning (strings copied). Returns XXGK_OK or XXGK_ENOMEM. */
int xxgk_report_warn(xxgk_report *report, const char *code, uint32_t line,
		     const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;

/*
 * Appends a warning about the cells `where` names (comma-separated path
 * patterns, see xxgk_warning_covers(); NULL = the whole document). Strings
 * copied. Returns XXGK_OK or XXGK_ENOMEM.
 */
int xxgk_report_warn_at(xxgk_report *report, const char *code, uint32_t line, const char *where,
			const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 5, 6)))
#endif
	;

/*
 * Whether a warning is about the cell at `path`: one of its patterns matches
 * segment by segment, "*" matching any one segment and a final "*" any rest
 * ("reviews.*" covers "reviews.review.total"). A warning with no `where` is
 * about no cell in particular and covers none.
 */
bool xxgk_warning_covers(const xxgk_warning *warning, const char *path);

/* Appends a claim. Returns XXGK_OK or XXGK_ENOMEM. */
int xxgk_report_claim(xxgk_report *report, const char *key, double value, uint32_t line);

/* Copies a string into an owned field (NULL clears). XXGK_OK or XXGK_ENOMEM. */
int xxgk_report_set_string(char **field, const char *value);

/*
 * Visits every cell of the report's template in SCHEMA.md order with its
 * dotted path ("applications.granted.total"). The callback returns 0 to go
 * on; a non-zero return stops the walk and is returned.
 */
typedef int (*xxgk_cell_visitor)(const char *path, xxgk_cell *cell, void *ctx);
int xxgk_report_each_cell(xxgk_report *report, xxgk_cell_visitor visit, void *ctx);

/* Finds a cell by dotted path in the report's template; NULL if none. */
xxgk_cell *xxgk_report_cell(xxgk_report *report, const char *path);

/*
 * Where `cell` (a cell of `report`) stands in the file: a borrowed pointer,
 * or NULL when the report records nothing beyond the cell's line.
 */
const xxgk_origin *xxgk_report_origin(const xxgk_report *report, const xxgk_cell *cell);
/*
 * Records where `cell` stands (copied; coordinates kept to 0.01 pt). NULL or
 * an all-zero origin clears it. XXGK_OK, XXGK_ENOMEM or XXGK_EINVAL (not a
 * cell of `report`).
 */
int xxgk_report_set_origin(xxgk_report *report, const xxgk_cell *cell, const xxgk_origin *origin);

#ifdef __cplusplus
}
#endif
#endif
