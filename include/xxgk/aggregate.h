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

/* ---- one body-year's figures, for distributions and outliers ---- */

enum {
	XXGK_FIG_NEW_RECEIVED = 0,      /* 一、本年新收 总计 */
	XXGK_FIG_TOTAL_PROCESSED,       /* （七）总计 */
	XXGK_FIG_DISCLOSED,             /* （一）+（二） 总计 */
	XXGK_FIG_DENIED,                /* （三） 总计 */
	XXGK_FIG_UNABLE,                /* （四） 总计 */
	XXGK_FIG_NOT_PROCESSED,         /* （五） 总计 */
	XXGK_FIG_REVIEW,                /* 行政复议 总计 */
	XXGK_FIG_REVIEW_CORRECTED,      /* 行政复议 结果纠正 */
	XXGK_FIG_LITIGATION,            /* 行政诉讼 总计（两类） */
	XXGK_FIG_LITIGATION_CORRECTED,  /* 行政诉讼 结果纠正 */
	XXGK_FIG_LICENSING,             /* 行政许可 处理决定 */
	XXGK_FIG_PENALTY,               /* 行政处罚 处理决定 */
	XXGK_FIG_COERCION,              /* 行政强制 处理决定 */
	XXGK_FIG_COUNT
};

typedef struct {
	char sha256[65];
	char name[96];          /* agency as printed */
	char code[16];          /* region code */
	char body[160];         /* body key of the store */
	int level;              /* xxgk_level */
	int year;
	double v[XXGK_FIG_COUNT];
	uint32_t known;         /* bit f set: v[f] is a figure of the report (all its cells had numbers) */
} xxgk_body_figures;

const char *xxgk_figure_key(int figure);    /* "penalty" … */
const char *xxgk_figure_label(int figure);  /* "行政处罚" … */
/* Counts rated by robust z and Hidiroglou–Berthelot (not the parts of rates). */
bool xxgk_figure_is_volume(int figure);
/* A rate's numerator and denominator figures. */
void xxgk_rate_figures(int rate, int *numerator, int *denominator);

/* ---- outliers ---- */

typedef struct {
	double z;               /* robust z threshold (Iglewicz & Hoaglin: 3.5) */
	double min_delta;       /* a count must also differ from the peer median by this much */
	size_t min_group;       /* peers needed before a group is rated */
	size_t min_cases;       /* a rate needs this denominator (DOMAIN.md: 30) */
	double funnel_p;        /* one-sided probability of the flagging limit (0.999: 99.8% two-sided) */
	double hb_u, hb_a, hb_c;/* Hidiroglou–Berthelot parameters */
} xxgk_outlier_options;

/* The defaults of docs/statistics.md. */
void xxgk_outlier_options_default(xxgk_outlier_options *o);

typedef struct {
	char sha256[65];        /* the report ("" for a region-level result such as Benford) */
	char name[96];
	char code[16];
	int level, year;
	char method[16];        /* "robust_z", "funnel", "hb", "benford" */
	char figure[32];        /* the figure or rate key */
	double value;           /* the body's figure or rate */
	double peer;            /* the peer median, funnel target or median ratio */
	double statistic;       /* z, adjusted z, HB effect, Benford MAD */
	double threshold;       /* what the statistic was held against */
	char message[640];      /* one Chinese sentence a supervisor understands */
} xxgk_outlier;

typedef struct {
	xxgk_outlier *items;
	size_t count, cap;
} xxgk_outliers;

void xxgk_outliers_free(xxgk_outliers *o);

/*
 * Flags the body-years of `year` among `figs` (which may hold other years:
 * year − 1 is used for year-over-year jumps). Peer groups are level × year.
 * Appends to `out`; XXGK_OK or XXGK_ENOMEM.
 */
int xxgk_outliers_find(xxgk_outliers *out, const xxgk_body_figures *figs, size_t n, int year,
		       const xxgk_outlier_options *opt);

#ifdef __cplusplus
}
#endif
#endif
