/*
 * xxgk/check.h — the 勾稽 rules and the other checks a county office runs on
 * every report (docs/checks.md lists each rule with its rationale).
 *
 * A finding is `xxgk.finding/1` of shared/SCHEMA.md: the rule, its severity,
 * the cells (a path or path pattern), the two sides and their difference,
 * and a one-line message in Chinese that names the cells and the figures.
 * The checker never changes a report: it says what does not hold.
 */
#ifndef XXGK_CHECK_H
#define XXGK_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "xxgk/common.h"
#include "xxgk/report.h"

#ifdef __cplusplus
extern "C" {
#endif

enum { XXGK_SEV_ERROR = 0, XXGK_SEV_WARNING, XXGK_SEV_INFO };

typedef struct {
	char report[65];       /* sha256 of the report the finding is about */
	char rule[32];         /* "t3.balance" … */
	uint8_t severity;      /* XXGK_SEV_* */
	char where[96];        /* "applications.total_processed.natural_person", "applications.*.total" */
	bool has_lhs, has_rhs, has_delta;
	double lhs, rhs, delta;
	uint32_t line;         /* where to look in the document, 0 if none */
	char message[512];     /* one line, Chinese, naming the cells and figures */
	bool waived;           /* accepted by a supervisor's waiver: shown, not dropped */
	char waiver[160];      /* the waiver's reason */
} xxgk_finding;

typedef struct {
	xxgk_finding *items;   /* owned */
	size_t count, cap;
} xxgk_findings;

void xxgk_findings_init(xxgk_findings *f);
void xxgk_findings_free(xxgk_findings *f);
/* Errors among the findings, waived ones excluded. */
size_t xxgk_findings_errors(const xxgk_findings *f);

/*
 * The rules on one report: t3.row_sum, t3.results_sum, t3.balance, t4.sum,
 * value.negative, value.non_integer, cells.blank, cells.missing,
 * cells.extra, cells.unreadable, template.old, template.part_missing,
 * table.missing, text.table_mismatch, fees.unexplained. Appends to `out`.
 * XXGK_OK or XXGK_ENOMEM.
 */
int xxgk_check_report(xxgk_findings *out, const xxgk_report *r);

/*
 * The rules across two consecutive years of the same body (`prev` is year
 * t−1 of `cur`): t3.carry_continuity and t2.valid_continuity. Findings are
 * about `cur`. XXGK_OK or XXGK_ENOMEM.
 */
int xxgk_check_years(xxgk_findings *out, const xxgk_report *prev, const xxgk_report *cur);

/*
 * Copies (内容雷同) among many reports: near-identical narrative (MinHash
 * estimate of shingled Jaccard ≥ 0.9, found through LSH buckets, so the work
 * grows with the number of reports, not its square) and identical non-trivial
 * tables, across bodies or the same body's consecutive years.
 */
typedef struct xxgk_copies xxgk_copies;
int xxgk_copies_new(xxgk_copies **out);
void xxgk_copies_free(xxgk_copies *c);
/* Adds a report: its body (body_key of the store, or a name) and year. */
int xxgk_copies_add(xxgk_copies *c, const xxgk_report *r, const char *body);
/* The copy.narrative and copy.table findings. XXGK_OK or XXGK_ENOMEM. */
int xxgk_copies_find(xxgk_copies *c, xxgk_findings *out);

/*
 * Waivers: CSV lines "body,rule,reason" (body: a region code, an agency name
 * as printed, or a sha256; rule: an id or *). Matching findings are marked
 * waived with the reason. The caller frees with xxgk_waivers_free().
 */
typedef struct xxgk_waivers xxgk_waivers;
int xxgk_waivers_load(xxgk_waivers **out, const char *path, xxgk_error *err);
void xxgk_waivers_free(xxgk_waivers *w);
void xxgk_waivers_apply(const xxgk_waivers *w, const xxgk_report *r, xxgk_findings *f, size_t from);

const char *xxgk_severity_name(int severity);

/* One finding as an `xxgk.finding/1` JSON line (src/json/); the caller frees it. */
int xxgk_finding_to_json(char **out, const xxgk_finding *f);

#ifdef __cplusplus
}
#endif
#endif
