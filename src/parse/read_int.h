/*
 * read_int.h — what the files that read one report share (parse stage only):
 *
 *   parse.c   the entry, the part headings 一…六, the order of the steps;
 *   detect.c  which format the bytes are (PDF, DOCX, OLE2, HTML, Markdown, text);
 *   rows.c    table 2 and table 3 by their row labels, table 4, placing the
 *             values into cells and settling damaged or run-together rows;
 *   meta.c    the title, year, publication date, template and region.
 *
 * They work on one parse_ctx: the report being filled, the token stream
 * (parse_int.h) and the text the heading and title scans read.
 */
#ifndef XXGK_READ_INT_H
#define XXGK_READ_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parse_int.h"
#include "infer_int.h"

/* A NULL-terminated keyword list as a compound literal. */
#define K(...) ((const char *const[]){ __VA_ARGS__, NULL })

/* Sets of columns a short row's figures may take by the text's layout (row_read.geo_masks). */
#define XXGK_GEO_MASK_CAP 16

/* Values a row may print, empty cells and one too many included. */
#define XXGK_PRINTED_CAP 24

/* How one row was placed, when not by its own label with every cell printed. */
enum {
	XXGK_PLACED_BY_ORDER = 1,   /* its label is not printed: the next row due */
	XXGK_PLACED_BY_EDGES = 2,   /* empty lines at its edges taken as its empty cells */
	XXGK_PLACED_STRAY = 4,      /* a figure fragment stood next to it (a stray set aside just
				       before or after it, or a number too many ending the row
				       above): kept only if its rules prove it */
	XXGK_PLACED_EXTRA = 8,      /* printed with a number too many, which the rules set aside */
	XXGK_PLACED_BY_COLUMNS = 16, /* space-aligned: its empty cells told by its figures' columns */
	XXGK_PLACED_BY_COUNT = 32,  /* whole by count in a table whose text prints nothing for an
				       empty cell: it may hold another row's figure in place of one */
	XXGK_PLACED_BLANK_APART = 64, /* read as printed wholly empty because another row's mark
					 followed its label, the figures after them standing on
					 lines of their own (labels printed apart from figures):
					 its figures may be printed elsewhere */
	XXGK_PLACED_GAP_UNSURE = 128, /* an empty line between two of its values taken as a cell
					 where the spacing does not tell (xxgk_gap_style.unsure) */
	XXGK_PLACED_ORDER_UNSURE = 256, /* placed by order where the rows between the labelled rows
					  around it outnumber the runs printed there: which of
					  them it is, order cannot tell */
	XXGK_PLACED_BY_SPLIT = 512     /* run-together digits cut the one way that gives counts, no
					  rule weighed: as many cells as the digits' groups allow */
};

/* One row of a table as printed: its value tokens, in order. */
typedef struct {
	bool found;
	bool label_missing;
	bool after_skip;                   /* its label came after labels of rows due before it that
					      got no figures (labels printed apart from the figures?) */
	uint32_t label_line;               /* the row label's line, or the first value's */
	const xxgk_token *tok[XXGK_PRINTED_CAP];
	int count;                         /* values printed, empty cells found between them included */
	int extra;                         /* values beyond the width (the last `extra` of tok[]) */
	uint32_t extra_line;
	bool glued;                        /* holds run-together digits: tok[] are groups */
	bool unreadable;                   /* its figures cannot be told from another row's */
	bool left_over;                    /* the table's last row read, figures left after it */
	bool uneven;                       /* cut by count from a run of figures that does not
					      fill the rows it was cut into exactly */
	bool named_with;                   /* its label printed together with the labels of rows due
					      before it, none read, its figures not exactly theirs and
					      its own in count: they may be the first of those rows' */
	bool named_together;               /* its label printed with the other rows' whose figures
					      follow, its own cut from theirs by count */
	int strays_before;                 /* figures of rows before set aside as strays just before it
					      (a bare heading's run, a row by order taken back): printed
					      between the rows kept all the same (stream.c counts them) */

	unsigned placed;                   /* XXGK_PLACED_* */
	/* one-cell-per-line text: the empty lines before and after the values
	 * that may be the row's empty cells, nearest the values first */
	const xxgk_token *lead[XXGK_ROW_CAP], *trail[XXGK_ROW_CAP];
	uint8_t lead_count, trail_count;
	uint16_t edge_ks;                  /* bit k: k empty cells before the values fit the layout */
	/* space-aligned, short, on a page with no row printed whole: the sets of
	 * columns its figures may take under another page's columns moved over
	 * (bit k: column k printed), geo_n of them; 0: the text does not say */
	uint8_t geo_n;
	bool geo_even;                     /* … by the figures' even spacing (one line, no columns) */
	uint32_t geo_masks[XXGK_GEO_MASK_CAP];
} row_read;

/*
 * One-cell-per-line text (web copies): a table whose values stand one per
 * line, where an empty cell is an empty line or a line of spaces. Learned
 * from the rows printed whole: how many empty lines stand before a row's
 * first value and after its last, so that a row short of cells can tell its
 * empty cells from the lines that separate rows.
 */
typedef struct {
	bool on;              /* every value of the table stands on a line of its own */
	bool dbl;             /* every line is followed by an empty one (paragraph copies) */
	bool dbl_seen;        /* … as seen from two values of a run (not assumed) */
	bool unsure;          /* values both on adjacent lines and two lines apart, no row printed
				 whole showing which: an empty line between two values may be a
				 cell or the separator of a block (pdftotext's default mode) */
	uint32_t lead_set;    /* bit n: a whole row has n empty lines before its values */
	uint32_t trail_set;   /* bit n: … and n after them, before the next label */
} xxgk_gap_style;

/* The lines of tokens [begin, end) of `toks` holding w figures, by their
 * first (rows.c); toks is NULL until they are found. */
typedef struct {
	const xxgk_token *toks;
	size_t begin, end, n, cap;
	int w;
	const void *specs;   /* the rows whose labels set lines aside (rows.c), or NULL */
	size_t *first;
} col_whole_memo;

typedef struct {
	xxgk_report *r;
	xxgk_doc doc;
	const char *text;
	size_t len;
	xxgk_error *err;
	int oom;
	/* the last label parse_part_tok compacted: run-together text is one
	 * label of several KB, looked through for each part in each pass */
	const char *compact_src;
	size_t compact_src_len, compact_len;
	char compact[8192];
	xxgk_gap_style gaps;   /* learned from table 3, used for tables 2 and 4 too */
	/* space-aligned text: the count table 3's labelled rows show its
	 * columns padded in (rows.c, col_learn_way: 0 unknown, else 1 + the
	 * way, characters or display cells); figures alone on a line are
	 * placed by column in that count only, in tables 2–4 */
	int col_way;
	/* UTF-8 text: the file's own bytes (BOM skipped), whose full-width
	 * marks the door narrowed; columns in display cells are counted on
	 * them (rows.c). NULL for other input. */
	const char *raw;
	size_t raw_len;
	struct {
		uint32_t line;
		const char *p;
	} raw_at;   /* where raw's line `line` starts: rows.c's cursor */
	col_whole_memo col_whole;   /* rows.c's col_whole_lines; freed with the context */
	/* table-2 rows of run-together digits no rule settled: the narrative may */
	struct {
		int row;
		row_read read;
	} t2_open[8];
	int t2_open_count;
} parse_ctx;

/* ------------------------------------------------------------ parse.c */

/* Remembers an allocation failure (rc == XXGK_ENOMEM); the entry reports it. */
void xxgk__parse_note_oom(parse_ctx *c, int rc);
/* A scan's figures (`ocr`, from doc.ocr) checked against the report's rules,
 * corrected only where one reading is possible, flagged otherwise
 * (ocr_verify.c). XXGK_OK or XXGK_ENOMEM. */
int xxgk__ocr_verify(xxgk_report *r, const xxgk_ocr_cell *ocr, size_t ocr_count);
/* What ocr_verify.c's warnings about one figure say after its path: "path" XXGK_OCR_READ_AS
 * "READING（置信度 …". years.c finds a table-2 reading no rule confirmed by it (a stored report
 * keeps no `where`). */
#define XXGK_OCR_READ_AS "：扫描件识读为 "
/* The readings a misread figure `reading` may stand for (ocr_verify.c's confusions: 5↔3↔8, 6↔0,
 * 1↔7, a digit dropped or doubled), at most `cap` into `alts`; their count. */
int xxgk__ocr_alternatives(const char *reading, double *alts, int cap);
/* Adds a warning at scanned line `line` (0: none), mapped to the file's line. */
void xxgk__parse_warn(parse_ctx *c, const char *code, uint32_t line, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;

/* Records where token `t` stands in the file (PDF, DOCX) as the origin of `cell`. */
void xxgk__parse_cell_origin(parse_ctx *c, xxgk_cell *cell, const xxgk_token *t);

/* The same about the cells `where` names (xxgk_report_warn_at()). */
void xxgk__parse_warn_at(parse_ctx *c, const char *code, uint32_t line, const char *where, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 5, 6)))
#endif
	;

/* xxgk__parse_warn_at(c, code, line, where, "%s", msg), `msg` not formatted again. */
void xxgk__parse_warn_text(parse_ctx *c, const char *code, uint32_t line, const char *where, const char *msg);

/* Visits each line: calls fn(ctx, line, len, lineno) until it returns true. */
typedef bool (*xxgk__parse_line_fn)(void *ctx, const char *line, size_t len, uint32_t lineno);
void xxgk__parse_each_line(const char *text, size_t len, xxgk__parse_line_fn fn, void *ctx);
/* The line without spaces and Markdown marks, into out[cap] (cut at a
 * character boundary, NUL-terminated). Returns the length. */
size_t xxgk__parse_compact(char *out, size_t cap, const char *s, size_t n);

/* ----------------------------------------------------------- detect.c */

/*
 * Which format `buf` is, before any decoding: XXGK_FORMAT_PDF ("%PDF-" in
 * the first KiB), XXGK_FORMAT_DOCX (a ZIP), or the text formats from
 * xxgk__detect_text(). For an OLE2 file (.doc, .wps) returns -1 and sets
 * `*legacy` to the message naming a conversion route; otherwise `*legacy`
 * is NULL.
 */
int xxgk__detect_format(const char *buf, size_t len, const char **legacy);
/* HTML, Markdown or plain text, from markers in text[0..len). */
int xxgk__detect_text(const char *text, size_t len);

/* ------------------------------------------------------------- rows.c */

/*
 * Reads table 3's rows from tokens [begin, end) into rows[XXGK_T3_ROWS];
 * `optional` marks rows the template may leave out. Returns the index of the
 * first token after the last row read.
 */
size_t xxgk__rows_read_t3(parse_ctx *c, size_t begin, size_t end, const bool *optional, row_read *rows);
/* Table 3's rules for a template as equations over its 25 × 7 grid (the
 * rule set's, data/rules.conf); returns how many, 0 when there is none. */
int xxgk__rows_t3_eqs(xxgk_eq *eqs, int cap, int template_kind);
/* Does `text` (compacted) name table 3's row `row` (one of its keywords)? */
bool xxgk__rows_t3_named(const char *text, int row);
/* Table 2 from tokens [begin, end) (the template decides its rows). */
void xxgk__rows_table2(parse_ctx *c, size_t begin, size_t end);
/* Table 3 from the rows xxgk__rows_read_t3() found. */
void xxgk__rows_table3(parse_ctx *c, const row_read *rows);
/* Table 4: its 15 numbers in order, from tokens [begin, end). */
void xxgk__rows_table4(parse_ctx *c, size_t begin, size_t end);

/* ----------------------------------------------------------- stream.c */

/*
 * Table 3 read from the order of its numbers alone, for converter text that
 * separates labels from figures (pdftotext's default mode): rows printed
 * row by row, and blocks printed column by column, in the order they stand.
 * Fills rows[XXGK_T3_ROWS] and returns true only when the numbers make
 * exactly the rows the region's labels name and every rule of the table
 * holds on them; false leaves rows untouched.
 */
bool xxgk__stream_t3(parse_ctx *c, size_t begin, size_t end, row_read *rows);
/*
 * When neither the labels nor the order give a table 3 that keeps its rules
 * and the labels stand apart from the figures (three rows or more read
 * without their label), only the rows read under their own label (not one
 * that came after labels of earlier rows that got no figures), printed whole,
 * keeping the rule set's relations within the row (its row sum) and standing
 * where the count of values read since the last row kept puts it are
 * trusted; the others are marked unreadable.
 */
void xxgk__stream_t3_distrust(row_read *rows, int template_kind);
/* Do the rows hold a complete table 3 of numbers on which every rule holds? */
bool xxgk__stream_t3_consistent(const row_read *rows, int template_kind);

/*
 * After the narrative is read (its claims in c->r->claims): table-2 rows of
 * run-together digits with several valid cuts, settled where exactly one cut
 * agrees with a figure the report's own text states (制发规范性文件88件),
 * with a cells.settled_by_text warning.
 */
void xxgk__rows_settle_by_text(parse_ctx *c);

/*
 * Drops the warnings of `code` about exactly `where`; also, when `said` is
 * not NULL, those of `code` with no `where` (a report read back from a store
 * keeps none) whose message contains `said`.
 */
void xxgk__report_unwarn(xxgk_report *rep, const char *code, const char *where, const char *said);

/* Drops, in order kept, each warning `drop` says to (freeing it) */
void xxgk__report_unwarn_if(xxgk_report *rep, bool (*drop)(const xxgk_warning *w, const void *ctx), const void *ctx);

/* ------------------------------------------------------------- meta.c */

/* The title's year and body name and the publication date, from the lines
 * up to `last_line`, into c->r. */
void xxgk__meta_title(parse_ctx *c, uint32_t last_line);
/* Which template table 2 follows, from the labels of tokens [begin, end). */
int xxgk__meta_template(parse_ctx *c, size_t begin, size_t end);
/* Places the body in its region of the gazetteer `g`. */
void xxgk__meta_place(parse_ctx *c, const xxgk_gazetteer *g);

#endif
