/*
 * compose_int.h — inside the composition stage (never installed).
 *
 *  - text.c: numbers, changes, dates and names in the house style of the
 *    documents (one form each: "3,119", "50.0%", "增加20.0%", "持平",
 *    "2025年1月14日");
 *  - problems.c: the findings of the checker in plain words, by rule, with
 *    what the body is asked to do (one table), grouped by body;
 *  - flags.c: the outlier flags of the stats library in plain words (ratio
 *    to the peer median, from → to), merged per body, and the funnel charts
 *    drawn from the library's own fits (the adapter over xxgk/aggregate.h);
 *  - review.c: everything a document says about a region and year, read once
 *    from the store (roll-ups, bodies, findings, flags, timeliness);
 *  - county.c, agency.c, brief.c: the three documents.
 */
#ifndef XXGK_COMPOSE_INT_H
#define XXGK_COMPOSE_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "xxgk/check.h"
#include "xxgk/compose.h"
#include "../common/common_int.h"

/* ---- text.c ---- */

/* Room for any number, percentage or date these helpers write. */
#define COMPOSE_NUM_CAP 48

/* "3,119", "7,730.28", "-12": thousands separated, fractions as stored (up to 2 places). */
const char *compose_num(char *buf, size_t cap, double v);
/*
 * A peer median of counts as the body text says it, before "件": "12"; a median between two whole
 * numbers (the mean of the middle two of an even number of bodies) of 50 or more rounded with 约
 * ("约5,246": it moves by under 1%), a smaller one kept exact ("2.5": rounding it to 3 would move it
 * by a fifth and contradict the ratio printed beside it). The annex tables keep the exact figure.
 */
const char *compose_median(char *buf, size_t cap, double m);
/* "50.0%" of a ratio (0.5). */
const char *compose_pct(char *buf, size_t cap, double ratio);
/* Appends the change from prev to cur in words: "增加20.0%", "减少12.7%", "持平", "上年为0件". */
void compose_change(xxgk_buf *b, double cur, double prev);
/* Appends a change of a rate in points: "提高3.2个百分点", "降低…", "持平". */
void compose_change_points(xxgk_buf *b, double cur, double prev);
/* "2025年1月14日" from "2025-01-14" ("" when not a date). */
const char *compose_date_zh(char *buf, size_t cap, const char *iso);
/* "2025.1.14" from "2025-01-14" (for tables). */
const char *compose_date_short(char *buf, size_t cap, const char *iso);
/* The region's own name from a path "江苏省·淮安市·洪泽区" → "洪泽区". */
const char *compose_last_part(const char *path);
/* What a body of a level is called among its peers: "乡镇（街道）", "部门", "县级政府" … */
const char *compose_level_noun(int level);
/* The level of a region code: 2 digits province, 4 city, 6 county. */
int compose_region_level(const char *code);
/* Today's date "YYYY-MM-DD" into buf[11], or `date` when given. */
void compose_today(char buf[11], const char *date);
/* Adds `days` working days (Monday–Friday; public holidays are not known) to an ISO date. */
void compose_add_working_days(char out[11], const char *iso, unsigned days);
/* Chinese numerals for section numbers: 1 → "一" … 99. */
const char *compose_numeral(char *buf, size_t cap, int n);
/* Appends `s` with its 64-hex-digit hashes (a report's sha256) removed. */
void compose_put_clean(xxgk_buf *b, const char *s, size_t len);

/* ---- problems.c ---- */

/* What kind of problem a finding is, in the order the 通报 lists them. */
typedef enum {
	PROB_LATE = 0,        /* published after the deadline */
	PROB_MISSING,         /* 缺报 */
	PROB_INCOMPLETE,      /* blanks, lost cells, missing tables or parts, the old template */
	PROB_ARITH,           /* 勾稽 rules, continuity with last year, impossible values */
	PROB_MISMATCH,        /* the narrative's figures against the tables */
	PROB_COPY,            /* 内容雷同 */
	PROB_OTHER,           /* fees not explained */
	PROB_OUTLIER,         /* figures that stand out (flags, not findings) */
	PROB_COUNT
} compose_problem;

/* The heading of a kind in 二、主要问题 ("逾期发布"), and its 整改要求 when no rule gives one. */
const char *compose_problem_title(int kind);
/* The kind of a finding's rule; -1 for findings not shown (info). */
int compose_rule_kind(const xxgk_finding *f);
/* The plain statement of a rule ("表三……的勾稽关系不成立") and what the body is asked to do. */
const char *compose_rule_plain(const char *rule);
const char *compose_rule_require(const char *rule);
/* Whether a rule's detail is only the place of the problem (the cells), not a sentence. */
bool compose_rule_names_cells(const char *rule);
/* Appends the finding's own message without hashes and machine details ("对方 <sha>", "MinHash");
 * for the rules that name cells, only the place ("表三“自然人”列"). */
void compose_finding_detail(xxgk_buf *b, const xxgk_finding *f);

/* ---- flags.c (the adapter over the stats library's flags) ---- */

typedef enum {
	FLAG_HIGH = 0,   /* a count far above the peers */
	FLAG_LOW,        /* a count far below */
	FLAG_UP,         /* a jump from last year */
	FLAG_DOWN,       /* a fall from last year */
	FLAG_RATE_HIGH,  /* a rate above the funnel's limit */
	FLAG_RATE_LOW,   /* below it */
	FLAG_KINDS
} compose_flag_kind;

/* One body's flags, merged into one finding (新收 and 办理总计 jumping together are one jump). */
typedef struct {
	const char *sha256;               /* borrowed from the outliers */
	const char *name;
	int level;
	int kind;                         /* compose_flag_kind of its first flag: the cause and request */
	size_t first, count;              /* the flags, indices into the sorted list */
	char *words;                      /* owned: "本年新收申请由2023年的1件增至60件" … */
	const char *cause, *ask;          /* static: the likely cause, what the body is asked to do */
} compose_flag_group;

typedef struct {
	xxgk_outliers all;                /* the library's result over the whole store, flags kept for the region */
	xxgk_body_figures *all_figs;      /* owned: the store's figures of year − 1 and year (the peers) */
	size_t all_count;
	xxgk_peers peers;                 /* the library's peer groups of all_figs */
	const char *region;               /* borrowed: the scope ("" for the store) */
	int year;
	size_t min_cases;                 /* a rate is tested from this denominator */
	const xxgk_outlier **flags;       /* the scope's body flags, by body, figure, kind */
	size_t flag_count;
	compose_flag_group *groups;       /* owned: one per flagged body */
	size_t group_count;
} compose_flags;

/*
 * Reads the whole store's figures of year − 1 and year, finds the flags of
 * `region` and `year` against those peers, and words them. XXGK_EDB, XXGK_ENOMEM.
 */
int compose_flags_find(compose_flags *out, xxgk_store *s, const char *region, int year,
		       const xxgk_outlier_options *opt, xxgk_error *err);
void compose_flags_free(compose_flags *f);
/* What a flag says: a count high or low, a jump up or down, a rate high or low (compose_flag_kind). */
int compose_flag_kind_of(const xxgk_outlier *o);
/* The method's statistic in words for the appendix: "对数尺度稳健z值 −4.6（阈值 ±3.5）". */
void compose_flag_statistic(xxgk_buf *b, const xxgk_outlier *o);
/* The funnel the library judged a peer group's `rate` by, NULL when none. */
const xxgk_group_funnel *compose_flags_funnel(const compose_flags *f, const char *group_key, int rate);
/* Whether the body `sha256` is flagged by the funnel of `rate`. */
bool compose_flags_on_funnel(const compose_flags *f, const char *sha256, int rate);
/* What a flag is about, for a reader: "公开率", "本年新收申请" … */
const char *compose_flag_label(const xxgk_outlier *o);
/* The rate of a flag's figure key ("denied" → XXGK_RATE_DENIED), -1 for a count. */
int compose_rate_of_key(const char *key);
/* The figure of a flag's figure key, -1 when none. */
int compose_figure_of_key(const char *key);

/*
 * Adds the funnel plots that have something to show for the scope: every
 * (peer group, rate) with a flagged body of the scope, and 公开率 for the
 * largest group with at least five rated bodies. Each chart takes its
 * limits from the library's fit and marks exactly the bodies the library
 * flagged; a takeaway line follows it. `*added` counts the charts.
 */
int compose_funnel_charts(xxgk_layout *l, const compose_flags *f, size_t *added);

/* ---- review.c ---- */

/* One body of the region in the year (or one that did not report: 缺报). */
typedef struct {
	const xxgk_body_figures *fig;     /* this year's figures; NULL for 缺报 */
	const xxgk_body_figures *prev;    /* last year's, NULL when none */
	const char *name;                 /* borrowed */
	int level;
	int pub;                          /* XXGK_PUBLISHED_* */
	char deadline[11];
	int days_late;
	bool missing;                     /* 缺报 */
	size_t counts[PROB_COUNT];        /* findings (and flag groups) of each kind, waived ones excluded */
	size_t waived;
	size_t items;                     /* items to rectify or check: 缺报, lateness, each rule found, the flags */
} compose_body;

typedef struct {
	xxgk_store *s;
	const xxgk_compose_options *o;
	xxgk_deadlines *own_deadlines;    /* loaded here when the options have none */
	const xxgk_deadlines *dl;
	const char *region;               /* the scope's code ("" for all) */
	int level;                        /* of the region */
	int year;
	char date[11];                    /* 成文日期 */
	char deadline_rectify[11];        /* 整改时限 as a date */
	unsigned rectify_days;
	xxgk_rollup *cur, *prev;
	size_t cur_count, prev_count;
	const xxgk_rollup *r, *p;         /* the region's roll-ups, this year and last (p may be NULL) */
	xxgk_body_figures *figs;          /* the scope's figures, year − 1 and year */
	size_t fig_count;
	compose_body *bodies;             /* this year's bodies, then the missing ones */
	size_t body_count;
	compose_body **order;             /* the bodies ranked: 缺报 first, then by items to rectify */
	xxgk_findings findings;           /* the scope's findings of the year (stored, or checked here) */
	bool checked_here;                /* the store had not been checked since a load */
	compose_flags flags;
	int rc;                           /* the first layout error */
} compose_review;

/*
 * Reads everything about `region` (a code prefix, "" for all) and `year`
 * (0: latest). `need_rollup` also rolls up (the county document).
 * XXGK_EINVAL with a message when there is no report.
 */
int compose_review_open(compose_review *rv, xxgk_store *s, const char *region, int year, bool need_rollup,
			const xxgk_compose_options *o, xxgk_error *err);
void compose_review_close(compose_review *rv);
/* The body of a report, NULL when not in the review. */
compose_body *compose_review_body(compose_review *rv, const char *sha256);

/* Appends the plain statements of a body's findings of one kind, merged by rule ("A（3处）；B"). */
void compose_body_findings(const compose_review *rv, xxgk_buf *t, const compose_body *b, int kind, bool detailed);
/* Appends the rectification of one body (缺报, lateness, its findings, flags) to the open table: one
 * row with its items numbered (5 columns), or with `per_item` a row an item (4 columns, no 单位). */
void compose_rectify_rows(compose_review *rv, xxgk_layout *l, const compose_body *b, bool per_item);
/* The rectification paragraph and table for `bodies` (NULL: all of the review). */
void compose_rectify_section(compose_review *rv, xxgk_layout *l, const compose_body *only);
/* The appendix on method, with a table of the statistics behind every flag of the scope. */
void compose_method_annex(compose_review *rv, xxgk_layout *l, const char *heading, const compose_body *only);

/* Empties a buffer for reuse, keeping its allocation. */
static inline void compose_reset(xxgk_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

/* Record the first layout error: `L(rv, call)`. */
#define L(rv, call) do { if ((rv)->rc == XXGK_OK) (rv)->rc = (call); } while (0)

#endif
