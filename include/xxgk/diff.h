/*
 * xxgk/diff.h — one body's two reports side by side (two years, or a report
 * and its corrected version): every figure that changed, the rates, and the
 * findings that appeared or went. `xxgk diff` prints it as text or JSON;
 * a document (the agency review PDF) can lay it out from the same struct.
 */
#ifndef XXGK_DIFF_H
#define XXGK_DIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "xxgk/aggregate.h"
#include "xxgk/check.h"
#include "xxgk/common.h"
#include "xxgk/report.h"

#ifdef __cplusplus
extern "C" {
#endif

struct xxgk_rules;

/* How the two reports relate. */
enum {
	XXGK_DIFF_YEARS = 0,    /* the same body, b a later year than a */
	XXGK_DIFF_VERSIONS,     /* the same body and year: two versions (b the one compared to a) */
	XXGK_DIFF_OTHER         /* two bodies, or b earlier than a: compared all the same */
};

/* A cell whose value or kind differs (or that only one report has). */
typedef struct {
	char path[96];          /* "applications.granted.total" */
	const char *table, *row, *column;   /* static printed names ("表三", "（一）予以公开", "总计") */
	bool has_a, has_b;      /* a number on each side */
	double a, b;
	uint8_t kind_a, kind_b; /* xxgk_kind; XXGK_KIND_ABSENT where the report has no such cell */
} xxgk_diff_cell;

typedef struct {
	xxgk_rate a, b;         /* the rate of each report (numerator, denominator, defined) */
} xxgk_diff_rate;

typedef struct {
	const xxgk_report *a, *b;       /* borrowed */
	int relation;                   /* XXGK_DIFF_* */
	xxgk_diff_cell *cells;          /* owned, in the order of the template (table 2, 3, 4) */
	size_t cell_count;
	size_t cells_compared;          /* cells looked at on both sides */
	xxgk_diff_rate rates[XXGK_RATE_COUNT];
	xxgk_findings appeared;         /* owned: findings of b that a did not have */
	xxgk_findings gone;             /* owned: findings of a that b no longer has */
} xxgk_diff;

/*
 * Compares `a` with `b`: their cells by path (a blank against a 0 is a
 * difference; both blank is not), their rates, and their findings (the
 * checks run on each with `rules`, NULL for the default set; with b the
 * next year of a's body, the rules across two years too). Findings are
 * matched by rule and cell, whatever the year. On XXGK_OK `*out` is the
 * caller's (xxgk_diff_free). XXGK_ENOMEM.
 */
int xxgk_diff_reports(xxgk_diff *out, const xxgk_report *a, const xxgk_report *b, const struct xxgk_rules *rules);
void xxgk_diff_free(xxgk_diff *d);

/* The diff as one `xxgk.diff/1` JSON object (src/json/); the caller frees it. */
int xxgk_diff_to_json(char **out, const xxgk_diff *d);

#ifdef __cplusplus
}
#endif
#endif
