/*
 * xxgk/aggregate.h — figures rolled up by region and year.
 *
 * A region's roll-up keeps two sums apart: its own government's report
 * (本级, e.g. the county government's) and the sum of every other body placed
 * under it (towns, departments, lower governments). A county report may
 * cover the whole county or only its own office, so the two are never added
 * (DOMAIN.md). Blank, n/a and unreadable cells are not summed; they are
 * counted, so a total says how much of it is missing. Rates are computed
 * from summed numerators and denominators, never by averaging rates.
 */
#ifndef XXGK_AGGREGATE_H
#define XXGK_AGGREGATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xxgk/common.h"
#include "xxgk/report.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Table 2 is summed in the 2021 template's ten fields; 2019-format reports
 * add their tables 3 and 4 only (their table 2 has other columns). */
#define XXGK_AGG_ACTIVE 10

typedef struct {
	uint32_t reports;                                   /* reports summed */
	uint32_t reports_2019;                              /* of which in the 2019 format (table 2 not summed) */
	double active[XXGK_AGG_ACTIVE];
	uint32_t active_missing[XXGK_AGG_ACTIVE];           /* cells with no number */
	double applications[XXGK_T3_ROWS][XXGK_T3_COLS];
	uint32_t applications_missing[XXGK_T3_ROWS][XXGK_T3_COLS];
	double reviews[XXGK_T4_GROUPS][XXGK_T4_COLS];
	uint32_t reviews_missing[XXGK_T4_GROUPS][XXGK_T4_COLS];
} xxgk_sums;

typedef struct {
	char code[16];          /* region code: 2, 4 or 6 digits */
	char name[128];         /* its name path, "江苏省·淮安市" */
	int level;              /* XXGK_LEVEL_PROVINCE, _CITY or _COUNTY */
	int year;
	xxgk_sums own;          /* the region's own government's report(s) */
	xxgk_sums sub;          /* every other body placed under it */
	uint32_t bodies;        /* bodies under it with a report this year (own included) */
	uint32_t bodies_missing;/* bodies with a report in another year but not this one (缺报) */
	char **missing;         /* owned names of those bodies (at most XXGK_AGG_MISSING_CAP) */
	size_t missing_count;
} xxgk_rollup;

#define XXGK_AGG_MISSING_CAP 200

/* Frees an array of roll-ups and what each owns. NULL is a no-op. */
void xxgk_rollups_free(xxgk_rollup *r, size_t count);

/* The derived rates (docs/aggregate.md has each formula). */
enum {
	XXGK_RATE_DISCLOSED = 0,   /* 公开率 (予以公开 + 部分公开) / （七）总计 */
	XXGK_RATE_DENIED,          /* 不予公开率 Σ（三） / （七）总计 */
	XXGK_RATE_UNABLE,          /* 无法提供率 Σ（四） / （七）总计 */
	XXGK_RATE_NOT_PROCESSED,   /* 不予处理率 Σ（五） / （七）总计 */
	XXGK_RATE_REVIEW_CORRECTED,     /* 复议纠错率 复议结果纠正 / 复议总计 */
	XXGK_RATE_LITIGATION_CORRECTED, /* 诉讼纠错率 诉讼结果纠正 / 诉讼总计（两类之和） */
	XXGK_RATE_COUNT
};

typedef struct {
	double numerator, denominator;
	bool defined;              /* denominator > 0 */
	double value;              /* numerator / denominator when defined */
} xxgk_rate;

const char *xxgk_rate_key(int rate);    /* "disclosed" … */
const char *xxgk_rate_label(int rate);  /* "公开率" … */
/* A rate from summed figures (the 总计 column). */
xxgk_rate xxgk_sums_rate(const xxgk_sums *s, int rate);
/* The same rate from one report. */
xxgk_rate xxgk_report_rate(const xxgk_report *r, int rate);

#ifdef __cplusplus
}
#endif
#endif
