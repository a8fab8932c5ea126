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
#include "xxgk/stats.h"

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
/* The same rate from one report (cells with no number count as absent from the sums). */
xxgk_rate xxgk_report_rate(const xxgk_report *r, int rate);

/* ---- table 3's result families (src/aggregate/figures.c: the one mapping) ---- */

enum {
	XXGK_FAMILY_GRANTED = 0,    /* （一）予以公开 */
	XXGK_FAMILY_PARTIAL,        /* （二）部分公开 */
	XXGK_FAMILY_DENIED,         /* （三）不予公开, 8 rows */
	XXGK_FAMILY_UNABLE,         /* （四）无法提供, 3 rows */
	XXGK_FAMILY_NOT_PROCESSED,  /* （五）不予处理, 5 rows */
	XXGK_FAMILY_OTHER,          /* （六）其他处理, 3 rows (one row, other_reasons, in the 2019 template) */
	XXGK_FAMILY_COUNT
};

typedef struct {
	const char *key;            /* "denied" … (SCHEMA.md's family names) */
	const char *label;          /* "（三）不予公开" */
	int first_row, last_row;    /* XXGK_T3_* rows, inclusive */
} xxgk_family;

/* The family (static), NULL when out of range. */
const xxgk_family *xxgk_t3_family(int family);
/* The family of a table-3 row, −1 for rows outside （一）…（六）. */
int xxgk_t3_row_family(int row);

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
	char published[11];     /* "YYYY-MM-DD" as the report prints it, "" when it does not */
	double v[XXGK_FIG_COUNT];
	uint32_t known;         /* bit f set: v[f] is a figure of the report (all its cells had numbers) */
} xxgk_body_figures;

/* The cells of each figure are stated once, in src/aggregate/figures.c. */
const char *xxgk_figure_key(int figure);    /* "penalty" … */
const char *xxgk_figure_label(int figure);  /* "行政处罚" … */
/*
 * Counts compared with peers and with last year: new_received, review,
 * litigation, licensing, penalty, coercion. total_processed is not: it is
 * new_received plus a small carry-over, so testing both would count one
 * jump twice; it is the denominator of the rates instead.
 */
const char *xxgk_figure_unit(int figure);   /* "件" */
bool xxgk_figure_is_volume(int figure);
/* A rate's numerator and denominator figures. */
void xxgk_rate_figures(int rate, int *numerator, int *denominator);
/* The figure a table-3 row's 总计 adds into, −1 for none (carried over, （六）, carried forward). */
int xxgk_t3_row_figure(int row);
/* The figure a table-4 cell (group, column) adds into, −1 for none. */
int xxgk_t4_figure(int group, int col);
/* The figure of a table-2 item's 处理决定数量 ("licensing", "penalty", "coercion"), −1 for none. */
int xxgk_active_figure(const char *item);
/*
 * A figure from summed cells: its value, and in `*missing` (may be NULL) how
 * many of its cells had no number in the reports summed.
 */
double xxgk_sums_figure(const xxgk_sums *s, int figure, uint32_t *missing);
/* A figure of one report; `*known` (may be NULL) is false when a cell of it has no number. */
double xxgk_report_figure(const xxgk_report *r, int figure, bool *known);
/* Whether a cell of the figure is not printed but inferred (XXGK_KIND_INFERRED): say so beside it. */
bool xxgk_report_figure_inferred(const xxgk_report *r, int figure);

/* ---- peer groups (docs/statistics.md "Peers"; data/peers/kinds.csv) ---- */

/* A department kind needs this many bodies in the year for a group of its own. */
#define XXGK_PEER_MIN_KIND 10

/*
 * The kind of a department from its name as printed (data/peers/kinds.csv:
 * the kind whose name ends furthest right in `agency_name`, the longer on a
 * tie): an index below xxgk_peer_kind_count(), or −1 when none matches.
 */
int xxgk_peer_kind(const char *agency_name);
size_t xxgk_peer_kind_count(void);
const char *xxgk_peer_kind_key(int kind);    /* "public_security"; "" out of range */
const char *xxgk_peer_kind_label(int kind);  /* "公安局"; "" out of range */

typedef struct {
	const char *key;     /* "department.county.public_security", "town" … (owned by the xxgk_peers) */
	const char *name;    /* "县级部门·公安局", "乡镇街道" … (owned by the xxgk_peers) */
	int level;           /* xxgk_level */
	int kind;            /* xxgk_peer_kind, −1 for a whole level */
	int parent;          /* the level group a kind group falls back to; −1 for a level group */
	size_t size;         /* bodies of the year compared in it (a level group: every body of its level and tier) */
} xxgk_peer_group;

typedef struct {
	xxgk_peer_group *groups;
	size_t group_count;
	int *of;             /* of[i]: the group figs[i] is compared in; −1 when not of the year or of unknown level */
	size_t n;            /* the figs the assignment was made for */
	char *names;         /* owned storage of the groups' keys and names */
} xxgk_peers;

/*
 * The one rule for who is compared with whom, used by `xxgk outliers`, `xxgk
 * stats` and the PDF reports: the bodies of `year` among figs[0..n) are
 * grouped by level (province, city, county, town/street) and, for
 * departments, by tier (a 4-digit region code: city departments; 6 digits:
 * county departments) and kind (xxgk_peer_kind); a kind with fewer than
 * min_kind bodies (0: XXGK_PEER_MIN_KIND) falls back to its tier's level
 * group, as do departments of no known kind. Bodies of unknown level are in
 * no group. *out is the caller's (xxgk_peers_free). XXGK_OK, XXGK_ENOMEM.
 */
int xxgk_peers_assign(xxgk_peers *out, const xxgk_body_figures *figs, size_t n, int year, size_t min_kind);
void xxgk_peers_free(xxgk_peers *p);

/* ---- outliers (docs/statistics.md) ---- */

typedef struct {
	double fdr;          /* Benjamini–Hochberg false discovery rate over the year's tests (0: 0.05) */
	size_t min_group;    /* bodies with the figure needed to fit a group, else its level's fit (0: 10) */
	size_t min_kind;     /* bodies of a kind for a group of its own (0: XXGK_PEER_MIN_KIND) */
	size_t min_cases;    /* a rate is tested from this denominator (0: XXGK_FUNNEL_MIN_TOTAL, DOMAIN.md) */
} xxgk_outlier_options;

/* A zeroed struct means the same. */
#define XXGK_OUTLIER_OPTIONS_INIT { 0.05, 10, XXGK_PEER_MIN_KIND, XXGK_FUNNEL_MIN_TOTAL }

/* The defaults above. */
void xxgk_outlier_options_default(xxgk_outlier_options *o);

enum { XXGK_OUTLIER_LOW = -1, XXGK_OUTLIER_HIGH = 1 };

/*
 * One flag: a body-year's figure that stands out, with every piece a
 * sentence needs. Units: `value`, `peer_median`, `peer_lo`, `peer_hi`,
 * `expected_lo`, `expected_hi` and `prev` are in the figure's own unit —
 * cases (件) for method "level" and "yoy", a proportion 0–1 for "funnel" —
 * except that for "yoy" the peer_* fields are ratios this year / last year.
 * `statistic` and `threshold` are both standard normal z (signed and
 * absolute), `p` and `q` probabilities.
 */
typedef struct {
	char sha256[65];        /* the report */
	char name[96];          /* agency as printed */
	char code[16];
	int level, year;
	char method[16];        /* "level" (against peers), "yoy" (against last year), "funnel" (a rate) */
	char figure[32];        /* xxgk_figure_key for level and yoy, xxgk_rate_key for funnel */
	int direction;          /* XXGK_OUTLIER_HIGH or XXGK_OUTLIER_LOW */
	double value;           /* the body's figure or rate */
	double numerator, denominator; /* funnel: the rate's two counts; else NaN */
	const char *group;      /* the peer group's name (owned by the xxgk_outliers) */
	const char *group_key;  /* and key */
	size_t group_size;      /* bodies fitted in it for this figure */
	double peer;            /* = peer_median (kept for older callers) */
	double peer_median;     /* level: the peers' median count; funnel: the target rate p0 (pooled); yoy: typical ratio */
	double peer_lo, peer_hi;/* the peers' 10th and 90th percentiles ("同级通常在 … 之间") */
	double ratio;           /* level: value / peer median; funnel: value / target; yoy: value / prev; NaN when ÷ 0 */
	double prev;            /* yoy: last year's figure; else NaN */
	int prev_year;          /* yoy: year − 1; else 0 */
	double expected_lo, expected_hi; /* values that would not be flagged at this year's cutoff (level, funnel); NaN for yoy */
	double statistic;       /* z of p, signed by direction */
	double threshold;       /* |z| of this year's Benjamini–Hochberg cutoff */
	double p;               /* two-sided p-value of the test */
	double q;               /* Benjamini–Hochberg q-value over the year's tests */
	char message[640];      /* one plain Chinese sentence: figure, value, peers, ratio or from→to */
} xxgk_outlier;

/* Digit tests on the year's pooled 行政许可/处罚/强制 counts. */
typedef struct {
	int year;
	size_t benford_values;  /* pooled values ≥ 10 */
	bool benford_tested;    /* false: 样本不足 (fewer than XXGK_BENFORD_MIN_VALUES, or no two orders of magnitude) */
	xxgk_benford benford;   /* when tested */
	size_t last_digit_values; /* pooled integers ≥ 100 */
	bool last_digit_tested; /* false: 样本不足 */
	double last_digit_chi2, last_digit_p, last_digit_share0_5;
} xxgk_digit_tests;

/*
 * The funnel a peer group's bodies were judged by, for one rate: what a chart
 * draws (xxgk_stats_funnel_limits(&fit, n, p) at each volume n), so chart and
 * flags cannot disagree. A kind group too small for its own fit lists its
 * level group's, named in fitted_group.
 */
typedef struct {
	const char *group;        /* the bodies' group (owned by the xxgk_outliers) */
	const char *group_key;
	const char *fitted_group; /* the group whose bodies were fitted: group itself or its level group */
	int rate;                 /* XXGK_RATE_* */
	xxgk_funnel fit;          /* target, phi, tau2, units */
} xxgk_group_funnel;

typedef struct {
	xxgk_outlier *items;    /* flags, high side first, each side by q then name */
	size_t count, cap;
	size_t high_count;      /* items[0..high_count) are high, the rest low */
	size_t tests;           /* m, the tests of the year BH ran over */
	double fdr;             /* α used */
	double p_cutoff;        /* largest p flagged (α/m when none was) */
	xxgk_digit_tests digits;
	xxgk_group_funnel *funnels; /* every (group, rate) with a funnel this year */
	size_t funnel_count;
	char **strings;         /* owned group names */
	size_t string_count;
} xxgk_outliers;

void xxgk_outliers_free(xxgk_outliers *o);

/*
 * Tests every body-year of `year` among figs[0..n) (which may hold other
 * years: year − 1 is used for year-over-year change) in the peer groups of
 * xxgk_peers_assign: each volume figure against the peers' (negative
 * binomial, "level") and against last year ("yoy"), each rate by funnel
 * (beta-binomial around the peers' pooled rate, "funnel"); every test's
 * two-sided p enters one Benjamini–Hochberg procedure at opt->fdr, and the
 * tests with q ≤ fdr are the flags. Also the digit tests. `out` must be
 * zeroed or freed; it is replaced. opt NULL: defaults. XXGK_OK or XXGK_ENOMEM.
 */
int xxgk_outliers_find(xxgk_outliers *out, const xxgk_body_figures *figs, size_t n, int year,
		       const xxgk_outlier_options *opt);

#ifdef __cplusplus
}
#endif
#endif
