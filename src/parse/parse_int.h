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

typedef struct {
	const char *text;      /* the text the parser scans: borrowed, or owned_text */
	size_t len;
	xxgk_token *toks;      /* owned */
	size_t tok_count, tok_cap;
	uint32_t line_count;
	char *owned_text;      /* HTML: the derived text, one line a block or table row */
	uint32_t *line_map;    /* HTML: derived line → file line; NULL for text */
	size_t line_map_count;
} xxgk_doc;

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
/* The file line of a line of the scanned text. */
uint32_t xxgk_doc_src_line(const xxgk_doc *doc, uint32_t line);
void xxgk_doc_free(xxgk_doc *doc);

/* Is s[0..n) a table number? Stores its value. */
bool xxgk_tok_number(const char *s, size_t n, double *value);
/* Is s[0..n) an n/a mark ("/", "—", "无" …)? */
bool xxgk_tok_na(const char *s, size_t n);

/*
 * Appends s[0..n) to `out` without spaces and Markdown marks (#, *, >, `),
 * so that labels compare whatever their spacing. Stops at `cap` bytes.
 */
void xxgk_compact_append(xxgk_buf *out, const char *s, size_t n, size_t cap);

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
