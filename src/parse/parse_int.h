/*
 * parse_int.h — declarations shared inside the parse stage only.
 *
 * The normalised text is cut into tokens: each table cell of every layout
 * (one cell per line, tab-separated, pipe tables, space-aligned columns)
 * becomes a label, a number, an n/a mark or a blank, with its line and
 * column. The table readers work on that one stream, so a layout only has to
 * be taught to the tokenizer.
 */
#ifndef XXGK_PARSE_INT_H
#define XXGK_PARSE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xxgk/parse.h"
#include "../common/common_int.h"

typedef enum {
	XXGK_TOK_LABEL = 0,  /* text */
	XXGK_TOK_NUM,        /* a number, possibly annotated ("22(其中修订16件)") */
	XXGK_TOK_NA,         /* "/", "—", "无" … */
	XXGK_TOK_BLANK,      /* an empty cell between two value cells of a row */
	XXGK_TOK_RUN         /* digits run together, one or several cells ("801000081") */
} xxgk_tok_kind;

typedef struct {
	const char *text;  /* borrowed from the document text; not NUL-terminated */
	uint32_t len;      /* bytes */
	uint32_t line;     /* 1-based, in the text the parser scans */
	uint32_t src_line; /* 1-based line of the file (differs for HTML) */
	uint32_t column;   /* 1-based, code points (HTML: grid column) */
	uint8_t kind;      /* xxgk_tok_kind */
	double value;      /* XXGK_TOK_NUM only */
} xxgk_token;

/* What a line of the scanned text holds (xxgk_doc.line_kind). */
enum {
	XXGK_LINE_EMPTY = 0,   /* nothing: "" */
	XXGK_LINE_SPACE,       /* spaces and tabs only (U+00A0, U+3000 are spaces by then) */
	XXGK_LINE_TEXT,        /* anything else */
	XXGK_LINE_SKIP,        /* a page footer or a Markdown rule line: no cells */
	XXGK_LINE_ROW          /* a table row: two or more fields between tabs or pipes */
};
/* A figure read from a scan (ocr.c), kept for verification (ocr_verify.c). */
typedef struct {
	uint32_t page;            /* 1-based */
	float x0, y0, x1, y1;     /* its ink's box, points from the top-left of the page */
	float conf;               /* the digit model's mean confidence, 0–100 */
	char text[32];            /* the digit model's reading (digits, '.', '-', '/') */
	char other[32];           /* chi_sim's reading of the same cell, the same way */
	char alt[32];             /* a noisy page's: the digit model's reading of the cell's ink
				   * before the median, its specks dropped ("" when the same) */
} xxgk_ocr_cell;

typedef struct {
	const char *text;      /* the text the parser scans: borrowed, or owned_text */
	size_t len;
	xxgk_token *toks;      /* owned */
	size_t tok_count, tok_cap;
	uint32_t line_count;
	char *owned_text;      /* HTML, PDF, DOCX: the derived text, one line a block or table row */
	uint32_t *line_map;    /* HTML: derived line → file line; NULL for text */
	size_t line_map_count;
	xxgk_origin *origins;  /* PDF, DOCX: owned, one per token (where it stands in the file); else NULL */
	xxgk_origin *line_origins;  /* PDF: owned, one per derived line + 1 (its page and box); else NULL */
	int script;            /* converters: xxgk_script of the text they read */

	uint8_t *line_kind;    /* text: XXGK_LINE_* of each line, indexed by line number
				  (0 unused); NULL for HTML */
	uint16_t *line_fields; /* text: cells of each pipe-table line (0: no pipes) */
	bool open_note;        /* the last line ended inside a cell's note: "22（其中修订" */
	xxgk_token *gap_toks;  /* owned: an empty cell on an empty line, one per line, made
				  on demand (xxgk_doc_gap_token); NULL until then */
	struct xxgk_tok_pool *cell_blanks;  /* owned: empty cells found by column position in
					       space-aligned rows (xxgk_doc_blank_token) */
	xxgk_ocr_cell *ocr;    /* scans: owned, the figures read (ocr.c); else NULL */
	size_t ocr_count;
} xxgk_doc;

/*
 * Building a token stream from a converter (doc.c): HTML, DOCX, PDF and any
 * reader of positioned text (pdftohtml's, OCR's) hand over cells, fields and
 * blocks with where they stand in the file; the builder normalises their
 * characters (xxgk__norm_cp), classifies them with the text's own rules
 * (xxgk_tok_number, the field rule of tokens.c), writes the derived text the
 * heading and title scans read (a line a block or table row, cells joined by
 * tabs) and converts traditional script at the end when the whole is
 * traditional. Nothing is printed for the parser to read again.
 */
typedef struct {
	float x0, y0, x1, y1;  /* a glyph's box, points from the top-left of the page as shown */
} xxgk_box;

typedef struct xxgk_docb xxgk_docb;

/* A new builder, or NULL when out of memory. Free with xxgk__docb_free(). */
xxgk_docb *xxgk__docb_new(void);
void xxgk__docb_free(xxgk_docb *b);
/* Records that the current derived line comes from file line `src_line` (HTML). */
void xxgk__docb_map_line(xxgk_docb *b, uint32_t src_line);
/* Ends the current derived line if it has content. */
void xxgk__docb_newline(xxgk_docb *b);
/* A block of prose: one label on the current line (a space before it if the
 * line has content). Whitespace collapsed, trimmed; empty blocks add nothing. */
void xxgk__docb_block(xxgk_docb *b, const char *s, size_t n, uint32_t src_line, const xxgk_origin *o);
/*
 * One grid cell of a table row (HTML, DOCX), grid column `column` (1-based):
 * a number, an n/a mark, a blank or a label. xxgk__docb_row_end() applies
 * the row's rule: in a row with a value every empty cell is a blank, in a
 * row without one only those after its last label are.
 */
void xxgk__docb_cell(xxgk_docb *b, const char *s, size_t n, uint32_t column, uint32_t src_line,
		     const xxgk_origin *o);
/*
 * The page the following fields stand on, and the boxes of its glyphs (borrowed
 * until the next call; NULL for none).
 */
void xxgk__docb_page(xxgk_docb *b, uint32_t page, const xxgk_box *boxes, size_t box_count);
/*
 * One field of a printed line (PDF rows and prose, positioned text): `refs`
 * holds for each byte of s the index of its glyph in the page's boxes, or −1
 * (a space or tab the layout put in); NULL when s has no glyphs of its own.
 * At xxgk__docb_row_end() the line is cut the way tokens.c cuts a text line
 * (a field may be "（七）总计 0 0 0"; an empty field is a blank only between
 * two values) and each token gets the page and the box of its glyphs.
 */
void xxgk__docb_field(xxgk_docb *b, const char *s, size_t n, const int32_t *refs);
/* Ends a row of cells or a line of fields: its tokens, then a new line. */
void xxgk__docb_row_end(xxgk_docb *b);
/*
 * Hands the tokens, the derived text and their origins to `doc` (which the
 * caller frees with xxgk_doc_free) and converts traditional script.
 * XXGK_OK, XXGK_ENOMEM (err says so), or what xxgk_t2s() returns.
 */
int xxgk__docb_finish(xxgk_docb *b, xxgk_doc *doc, xxgk_error *err);

/*
 * A figure wrapped inside its cell in a table read by position (a PDF's
 * characters, pdftohtml -s and -xml): "196" on one line and "7" on the next,
 * at its left edge or centred under it, nothing else in that column between
 * or beside the "7" on its line, which holds figures' pieces only. Writes to
 * `out` the document with each such pair joined into one figure ("1967",
 * the box of both pieces) on the line of its row (the line between the
 * pieces whose middle is theirs, else the top piece's); the lines touched
 * are written again, their tokens joined by tabs. The joined figures go to
 * joined[0..cap), their number to *count; with none, `out` is left zeroed.
 * Nothing is judged here: the caller keeps the joined reading only where
 * the report's rules prove it (parse.c). XXGK_OK or XXGK_ENOMEM.
 */
typedef struct {
	xxgk_origin o;        /* the joined figure's box: both pieces */
	char top[16], bottom[16];
	double value;
} xxgk_wrap;
int xxgk__doc_join_wrapped(const xxgk_doc *in, xxgk_doc *out, xxgk_wrap *joined, size_t cap, size_t *count);

/*
 * Text placed by coordinates (positioned.c): does the tree under `root` hold
 * enough pieces with a top and left (pdftohtml -s and -xml) to be read by
 * position? Then xxgk__positioned_read() hands its pages to `b`, laid out as
 * PDF pages without rules: XXGK_OK, XXGK_ENOMEM or XXGK_ETOOBIG.
 */
struct _xmlNode;
bool xxgk__positioned_is(const struct _xmlNode *root);
int xxgk__positioned_read(xxgk_docb *b, const struct _xmlNode *root);

/* Tokens of one text line (tokens.c), appended to `doc`; false when out of memory. */
bool xxgk__tok_line(xxgk_doc *doc, const char *line, size_t n, uint32_t lineno);
/* Cuts the document's own text again the run-together way (xxgk_doc_tokenize_glued),
 * keeping its text, line map and line origins. XXGK_OK or XXGK_ENOMEM. */
int xxgk__doc_retokenize_glued(xxgk_doc *doc);

/*
 * One code point as the parser reads it (normalize.c): NBSP, U+3000 and the
 * other wide spaces → ' ', zero-width characters → 0 (dropped), full-width
 * ASCII → ASCII; anything else unchanged.
 */
uint32_t xxgk__norm_cp(uint32_t cp);
/* Is `cp` a character only traditional script uses (a sample of common ones)? */
bool xxgk__norm_is_trad(uint32_t cp);
/* Is text with `han` Han characters, `trad` of them traditional-only, traditional? */
bool xxgk__norm_traditional(size_t han, size_t trad);

/* Cuts `text` into tokens. Returns XXGK_OK or XXGK_ENOMEM. */
int xxgk_doc_tokenize(xxgk_doc *doc, const char *text, size_t len);
/*
 * Cuts `text` the way run-together web text needs: digit runs glued to labels
 * become XXGK_TOK_RUN tokens ("规章000行政规范性文件693665…"), a label's own
 * item number stays with it ("00000002.其他…" → run 0000000, label 2.其他…),
 * and digits that belong to words (2021年, 第3页, 5件) stay in the label.
 */
int xxgk_doc_tokenize_glued(xxgk_doc *doc, const char *text, size_t len);
/* Reads HTML (UTF-8) into tokens and a derived text (html.c). */
int xxgk_html_tokenize(xxgk_doc *doc, const char *html, size_t len, xxgk_error *err);

/*
 * libxml2's errors while one document is read (html.c; docx.c too): none
 * printed (its default is standard error, even with XML_PARSE_NOERROR for
 * an allocation failure outside the parser), and an allocation failure
 * anywhere in it remembered, so that it is said as out of memory, never as
 * "not well-formed" or a document read in part (HTML's recovery mode
 * returns what it had). Per thread, as libxml2's handlers are.
 */
typedef struct {
	bool oom;
} xxgk_xml_watch;
void xxgk__xml_watch_begin(xxgk_xml_watch *w);
/* Ends the watch; true if libxml2 ran out of memory during it. */
bool xxgk__xml_watch_end(xxgk_xml_watch *w);
/*
 * The file names of the <img> tags of HTML `text` on lines [from_line, to_line)
 * (to_line 0: to the end), ", "-separated into `out` (cut with "…" at `cap`);
 * returns how many (html_img.c). Tables published as pictures are named so.
 */
size_t xxgk__html_images(const char *text, size_t len, uint32_t from_line, uint32_t to_line, char *out,
			 size_t cap);
/*
 * A blank token standing for the empty cell an empty (or spaces-only) line
 * holds, for readers of one-cell-per-line text. The pointer stays valid
 * until xxgk_doc_free(); NULL when out of memory or the line is out of range.
 */
const xxgk_token *xxgk_doc_gap_token(xxgk_doc *doc, uint32_t line);
/*
 * A blank token standing for an empty cell at `column` of `line` in a
 * space-aligned row (pdftotext -layout), where the columns of the table's
 * whole rows show a cell with nothing printed in it; `at` is where it stands
 * in the text. Valid until xxgk_doc_free(); NULL when out of memory.
 */
const xxgk_token *xxgk_doc_blank_token(xxgk_doc *doc, const char *at, uint32_t line, uint32_t column);
/* XXGK_LINE_* of a scanned line; XXGK_LINE_TEXT when unknown (HTML, out of range). */
int xxgk_doc_line_kind(const xxgk_doc *doc, uint32_t line);
/* The file line of a line of the scanned text. */
uint32_t xxgk_doc_src_line(const xxgk_doc *doc, uint32_t line);
void xxgk_doc_free(xxgk_doc *doc);

/* Is s[0..n) a table number? Stores its value. */
bool xxgk_tok_number(const char *s, size_t n, double *value);
/*
 * The sign that starts s[0..n) when a digit follows it: "-", "+", U+2212, and
 * the words of the 2019 template's 本年增/减 column (减少, 增加, 减, 增).
 * Returns its length in bytes (0: none) and whether it is negative.
 */
size_t xxgk_tok_sign(const char *s, size_t n, bool *negative);
/* Is s[0..n) an n/a mark ("/", "—", "无" …)? */
bool xxgk_tok_na(const char *s, size_t n);

/*
 * Appends s[0..n) to `out` without spaces and Markdown marks (#, *, >, `),
 * so that labels compare whatever their spacing. Stops at `cap` bytes.
 */
void xxgk_compact_append(xxgk_buf *out, const char *s, size_t n, size_t cap);
/* The bytes compacting drops: spacing and Markdown marks (' ' '\t' '#' '*'
 * '>' '`' '|'), a table to look each byte up in. */
extern const bool xxgk__compact_drops[256];

/*
 * The narrative's claims and MinHash signature from label tokens [begin,
 * end), and whether part six ([part6, part6_end), part6 = tok_count when
 * there is none) speaks of fees (narrative.c). XXGK_OK or XXGK_ENOMEM.
 */
int xxgk_narrative_scan(xxgk_report *r, const xxgk_doc *doc, size_t begin, size_t end,
			size_t part6, size_t part6_end);

/*
 * Traditional → simplified (opencc.c): byte for byte what OpenCC's t2s.json
 * gives, faster. `*out` is malloc'd, the caller frees it.
 */
int xxgk_t2s(char **out, size_t *out_len, const char *text, size_t len, xxgk_error *err);
/* The same through OpenCC on the whole text, for tests and comparison. */
int xxgk_t2s_reference(char **out, size_t *out_len, const char *text, size_t len, xxgk_error *err);
/* Whether xxgk_t2s() has its fast path (the installed data is the data of opencc_keys.h). */
bool xxgk_t2s_fast(void);

#endif
