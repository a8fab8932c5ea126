/*
 * xxgk/track.h — the rectification loop (发现 → 整改 → 复核): findings that
 * keep their identity from one check to the next, a status per finding with
 * who set it, when and why, what changed since an earlier check, and the
 * review workbook county staff work in.
 *
 * A finding's id is made from what it is about — the body (its body key,
 * as the store keys bodies), the reporting year, the rule and the cell
 * (`where`) — never from the document's hash: a corrected report of the
 * same body and year, loaded later, has the same findings under the same
 * ids, so a status set on the first version still applies, and a finding
 * the correction removed is seen as fixed.
 */
#ifndef XXGK_TRACK_H
#define XXGK_TRACK_H

#include <stdbool.h>
#include <stddef.h>

#include "xxgk/check.h"
#include "xxgk/common.h"
#include "xxgk/region.h"
#include "xxgk/report.h"
#include "xxgk/workbook.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- statuses (XXGK_STATUS_* of xxgk/check.h) ---- */

/* "open", "fixed", "waived", "verified"; NULL for a value out of range. */
const char *xxgk_status_name(int status);
/* "待整改", "已整改", "豁免", "复核通过". */
const char *xxgk_status_label(int status);
/* The labels, NULL-terminated (a workbook's drop-down list). */
extern const char *const xxgk_status_labels[XXGK_STATUS_COUNT + 1];
/* A status from its label or name (spaces around ignored); −1 if neither. */
int xxgk_status_from_text(const char *text);

/* ---- identity ---- */

/*
 * The key that names a body across its reports, as the store writes it in
 * reports.body_key: the region code (with the agency's name for a
 * department), else "name:" and the agency's name, else "sha:" and the hash.
 */
void xxgk_report_body_key(char *out, size_t cap, const xxgk_report *r);

/*
 * The id of a finding: 16 hex digits of SHA-256 over body key, year, rule,
 * the cell (`where`) and, for the second and later finding with the same
 * four, its ordinal among them (in the order the checker gives them).
 */
void xxgk_finding_id(char out[XXGK_FINDING_ID_LEN + 1], const char *body_key, int year, const char *rule,
		     const char *where, unsigned ordinal);
/* Sets the id of findings from[from..count) of one report of `body_key` and `year`. */
void xxgk_findings_identify(xxgk_findings *f, size_t from, const char *body_key, int year);

/* ---- statuses as recorded ---- */

typedef struct {
	char id[XXGK_FINDING_ID_LEN + 1];
	int status;          /* XXGK_STATUS_* */
	char *who, *at, *why, *source;   /* owned; NULL when not given */
} xxgk_status_record;

typedef struct {
	xxgk_status_record *items;   /* owned, sorted by id */
	size_t count, cap;
} xxgk_statuses;

/* Adds (or replaces) a record; keeps the list sorted. XXGK_ENOMEM. */
int xxgk_statuses_put(xxgk_statuses *s, const char *id, int status, const char *who, const char *at,
		      const char *why, const char *source);
const xxgk_status_record *xxgk_statuses_find(const xxgk_statuses *s, const char *id);
/* Gives findings[from..) their recorded status (a waiver's reason in `waiver`). */
void xxgk_statuses_apply(const xxgk_statuses *s, xxgk_findings *f, size_t from);
void xxgk_statuses_free(xxgk_statuses *s);

/* ---- what changed between two checks ---- */

/* A finding as a check recorded it (the store's finding_track table). */
typedef struct {
	char id[XXGK_FINDING_ID_LEN + 1];
	char rule[32];
	int severity;
	int year;
	int status;          /* its recorded status, XXGK_STATUS_OPEN when none */
	char *body_key, *agency_name, *region_code, *where, *message;   /* owned */
} xxgk_tracked;

typedef struct {
	xxgk_tracked *items;   /* owned, sorted by id */
	size_t count, cap;
} xxgk_tracked_list;

void xxgk_tracked_list_free(xxgk_tracked_list *l);

typedef struct {
	size_t *added;         /* indices into `now`: findings that were not there before */
	size_t *fixed;         /* indices into `before`: findings that are gone */
	size_t *still;         /* indices into `now`: findings there both times */
	size_t added_count, fixed_count, still_count;
} xxgk_track_changes;

/* Compares two lists by id. XXGK_ENOMEM. */
int xxgk_track_compare(xxgk_track_changes *out, const xxgk_tracked_list *before, const xxgk_tracked_list *now);
void xxgk_track_changes_free(xxgk_track_changes *c);

/* ---- the review: one check's bodies and findings, and its workbook ---- */

typedef struct xxgk_review xxgk_review;

int xxgk_review_new(xxgk_review **out);
void xxgk_review_free(xxgk_review *rv);
/* Names regions from this gazetteer (borrowed) where a report does not carry its region path. */
void xxgk_review_use_gazetteer(xxgk_review *rv, const xxgk_gazetteer *g);
struct xxgk_deadlines;
/*
 * Judges publication dates by these deadlines (borrowed; xxgk/compose.h).
 * Without them the workbook loads the data directory's deadlines.csv.
 */
void xxgk_review_use_deadlines(xxgk_review *rv, const struct xxgk_deadlines *d);
/* Adds a checked report (its body key as the store has it, or NULL to compute it). XXGK_ENOMEM. */
int xxgk_review_add_report(xxgk_review *rv, const xxgk_report *r, const char *body_key);
/* Adds findings (with ids and statuses) about reports already added. XXGK_ENOMEM. */
int xxgk_review_add_findings(xxgk_review *rv, const xxgk_finding *items, size_t count);
/* What changed since an earlier check, shown in a sheet of its own; the lists are copied. */
int xxgk_review_set_changes(xxgk_review *rv, const char *since, const xxgk_tracked_list *before,
			    const xxgk_tracked_list *now, const xxgk_track_changes *c);

/*
 * The review workbook (docs/track.md):
 *  - 汇总 (summary): a row per report checked — 区划代码, 区划, 单位, 年度,
 *    发布日期, 按时 (按时, 逾期N天, or 未载明发布日期: never guessed) and the
 *    deadline of its level, errors, warnings, copying, status;
 *  - 问题清单 (problems): a row per finding (errors and warnings; copy
 *    findings one row per cluster of reports that copy each other) — 编号,
 *    单位, 年度, 表/行/列, 规则, 严重程度, 说明, 原文行号, 状态, 整改要求,
 *    and the columns staff fill: 处理人, 处理说明 (read back by `xxgk track`);
 *  - 规则汇总 (per rule): findings, bodies, and how many are in each status;
 *  - 内容雷同 (copies): each cluster with its members;
 *  - 同比 (year_on_year), when a body has reports of two consecutive years:
 *    a row per figure (xxgk_figure_label) — last year's, this year's, the
 *    change and its percentage; a figure with a blank or unreadable cell is
 *    blank, with a note, never 0 (of a body-year's versions, the latest
 *    published is compared);
 *  - 变化 (changes), when set: new, fixed and still open since the earlier check.
 * `statuses` (may be NULL) fill 处理人, 处理日期 and 处理说明 of the findings
 * that have one. `*out` is the caller's (xxgk_workbook_free). XXGK_ENOMEM;
 * XXGK_EIO when no deadlines were given and deadlines.csv cannot be read.
 */
int xxgk_review_workbook(xxgk_workbook *out, const xxgk_review *rv, const xxgk_statuses *statuses);

/* Sheet names of the problems sheet, for reading it back: {"问题清单", "problems", NULL}. */
extern const char *const xxgk_review_problem_sheet[3];

/* ---- reading statuses back ---- */

/* One row of a problems sheet (or CSV) that says something about statuses. */
typedef struct {
	size_t row;                    /* the sheet's row number */
	char **ids;                    /* owned: the ids in its 编号 cell (a cluster row has several) */
	size_t id_count;
	int status;                    /* XXGK_STATUS_*, or −1 when the cell is empty */
	char *status_text;             /* owned: as typed */
	char *who, *at, *why;          /* owned, NULL when empty */
} xxgk_status_row;

typedef struct {
	xxgk_status_row *rows;         /* owned */
	size_t count;
	char **problems;               /* owned one-line messages: rows that could not be read */
	size_t problem_count;
} xxgk_status_rows;

/*
 * The status rows of a table read from a workbook or CSV (xxgk_wb_read_*):
 * columns found by their header in either language (编号/id, 状态/status,
 * 处理人/who, 处理日期/date, 处理说明/note). A row with an unknown status is
 * listed in `problems` ("审核结果.xlsx:12: 状态 '已修改' is not one of …;
 * did you mean 已整改?"). XXGK_EPARSE when the header has no id or status
 * column, XXGK_ENOMEM.
 */
int xxgk_status_rows_from_table(xxgk_status_rows *out, const xxgk_wb_table *t, const char *name, xxgk_error *err);
void xxgk_status_rows_free(xxgk_status_rows *r);

#ifdef __cplusplus
}
#endif
#endif
