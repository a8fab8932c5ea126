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

/*
 * A cell that error localisation blames (Fellegi–Holt, src/rules/locate.c):
 * among the sets of cells whose change makes every rule of the report hold,
 * those of least weight. Ties are kept: `solution` says which set a cell
 * belongs to.
 */
typedef struct {
	char path[64];         /* "applications.total_processed.natural_person" */
	uint8_t solution;      /* which least-weight set (0 …) it belongs to */
	bool settled;          /* the rules force one value on it: `suggested` */
	double printed;        /* the value as printed (or inferred by the parser) */
	double suggested;      /* when settled: the value that makes every rule hold */
	double low, high;      /* when not settled: the range the rules allow (high may be +inf) */
} xxgk_culprit;

/* Culprit cells kept on one finding (all ties together), and alternatives. */
#define XXGK_FINDING_CULPRITS 8
#define XXGK_FINDING_ALTERNATIVES 6

/*
 * Where a finding stands in the rectification loop (xxgk/track.h): 待整改
 * (open, the default), 已整改 (the body says it fixed it), 豁免 (accepted
 * as it is: a waiver), 复核通过 (a supervisor checked the fix).
 */
enum { XXGK_STATUS_OPEN = 0, XXGK_STATUS_FIXED, XXGK_STATUS_WAIVED, XXGK_STATUS_VERIFIED, XXGK_STATUS_COUNT };

/* A finding's stable id: 16 hex digits (xxgk_finding_id in xxgk/track.h). */
#define XXGK_FINDING_ID_LEN 16

/*
 * What error localisation says about a failed relation: kept apart from the
 * finding (most findings have none, and a national run holds hundreds of
 * thousands of findings).
 */
typedef struct {
	uint8_t culprit_count;     /* cells in culprits[] */
	uint8_t solutions;         /* least-weight sets of cells explaining the report (ties),
				      may exceed those listed */
	xxgk_culprit culprits[XXGK_FINDING_CULPRITS];
	/* sets of as few cells as the culprits' that weigh more (less likely:
	   e.g. a table-4 result instead of the group's printed total) */
	uint8_t alternative_count;
	xxgk_culprit alternatives[XXGK_FINDING_ALTERNATIVES];
	char fix[1024];            /* all of it in one Chinese sentence, or "" */
} xxgk_blame;

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
	xxgk_blame *blame;     /* error localisation, for the relation rules of one report;
				  owned by the finding (its list frees it); NULL when there is none */
	char id[XXGK_FINDING_ID_LEN + 1]; /* stable over re-checks and re-loads: body, year, rule, cell; "" until set */
	uint8_t status;        /* XXGK_STATUS_*; waived is status == XXGK_STATUS_WAIVED */
	char related[65];      /* copy.*: the sha256 of the report copied from, else "" */
} xxgk_finding;

typedef struct {
	xxgk_finding *items;   /* owned */
	size_t count, cap;
} xxgk_findings;

void xxgk_findings_init(xxgk_findings *f);
/* Frees the list and what its findings own (their blame). */
void xxgk_findings_free(xxgk_findings *f);
/* The finding's localisation sentence, or "" (never NULL). */
const char *xxgk_finding_fix(const xxgk_finding *f);
/* Copies a finding with what it owns (free dst->blame, or the list holding it).
 * XXGK_OK, or XXGK_ENOMEM with dst->blame NULL. */
int xxgk_finding_copy(xxgk_finding *dst, const xxgk_finding *src);
/*
 * Gives findings [from, count) their rule's severity from the rule set
 * (NULL: the built-in one) and drops those whose rule is "off".
 */
struct xxgk_rules;
int xxgk_findings_apply_rules(xxgk_findings *f, size_t from, const struct xxgk_rules *rules);
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
 * The same with a rule set (severities configured; xxgk/rules.h). Rules whose
 * severity is "off" are not reported. Relation findings carry the cells
 * error localisation blames (culprits, fix).
 */
int xxgk_check_report_with(xxgk_findings *out, const xxgk_report *r, const struct xxgk_rules *rules);

/*
 * The rules across two consecutive years of the same body (`prev` is year
 * t−1 of `cur`): t3.carry_continuity and t2.valid_continuity. Findings are
 * about `cur`. XXGK_OK or XXGK_ENOMEM.
 */
int xxgk_check_years(xxgk_findings *out, const xxgk_report *prev, const xxgk_report *cur);
/* The same with a rule set; also year.table_repeated and year.narrative_repeated. */
int xxgk_check_years_with(xxgk_findings *out, const xxgk_report *prev, const xxgk_report *cur,
			  const struct xxgk_rules *rules);

/*
 * version.edited: `count` documents of one body and year (count ≥ 2), whose
 * hashes differ; `chosen` is the one the store uses (or the latest). One
 * finding about `chosen` for each other version whose figures or prose
 * differ from it (one with the same figures and prose is the same report in
 * another file: no finding), naming it and how their figures differ.
 */
int xxgk_check_versions(xxgk_findings *out, const xxgk_report *const *versions, size_t count, size_t chosen,
			const struct xxgk_rules *rules);

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
/* Marks matching findings waived (status XXGK_STATUS_WAIVED, the reason in `waiver`); counts each row's matches. */
void xxgk_waivers_apply(xxgk_waivers *w, const xxgk_report *r, xxgk_findings *f, size_t from);
/*
 * The rows that have matched no finding so far: `fn` gets a one-line
 * message ("waivers.csv:3: 大竹县, t3.bogus: matches no finding") for each.
 * Returns their number.
 */
size_t xxgk_waivers_unmatched(const xxgk_waivers *w, void (*fn)(const char *message, void *ctx), void *ctx);

/*
 * Every check over a store (src/check/check_store.c), as `xxgk check --db`
 * runs them: the chosen reports in order of body and year, each with the
 * single-report rules and the two-year rules against the same body's report
 * of the year before, under a rule set; each finding gets its stable id and
 * its recorded status (xxgk/track.h), and a waiver speaks for findings with
 * no status; then copies among all of them.
 */
typedef struct xxgk_store xxgk_store;

/* Called with one report and its findings (a copy finding comes alone, after all reports);
 * a non-zero return stops the run and is returned. */
typedef int (*xxgk_check_store_fn)(const xxgk_report *r, const xxgk_finding *items, size_t count, void *ctx);

typedef struct {
	xxgk_waivers *waivers;        /* NULL: none */
	const struct xxgk_rules *rules; /* NULL: the built-in rule set */
	bool save;                    /* replace the stored findings and record the check
					 (xxgk_store_record_check), in one transaction */
	const char *at;               /* the check's time (ISO 8601) when saving; NULL: now */
	xxgk_check_store_fn each;     /* NULL, or called for each report's findings */
	void *ctx;                    /* handed to `each` */
} xxgk_check_store_options;

#define XXGK_CHECK_STORE_OPTIONS_INIT { NULL, NULL, false, NULL, NULL, NULL }

/*
 * Runs the checks (`opts` NULL: no waivers, the built-in rules, nothing
 * saved, no callback). XXGK_OK, XXGK_EDB (with `save`: nothing of this run
 * is stored), XXGK_ENOMEM, or what `each` returned.
 */
int xxgk_check_store(xxgk_store *s, const xxgk_check_store_options *opts, xxgk_error *err);

const char *xxgk_severity_name(int severity);

/* One finding as an `xxgk.finding/1` JSON line (src/json/); the caller frees it.
 * Fields added to the contract: line, waived, waiver, culprits, solutions, fix. */
int xxgk_finding_to_json(char **out, const xxgk_finding *f);
/* The culprits alone as a JSON array (for the store); the caller frees it. */
int xxgk_finding_culprits_json(char **out, const xxgk_finding *f);

#ifdef __cplusplus
}
#endif
#endif
