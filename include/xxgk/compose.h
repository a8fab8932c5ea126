/*
 * xxgk/compose.h — what goes into a document for supervisors, composed in the
 * library from the store (docs/render.md, "Composition").
 *
 * Three documents, each built as a layout (xxgk/render.h) that
 * xxgk_render_pdf() sets on A4 pages:
 *  - xxgk_compose_county:   the 通报 a county (city, province) 政务公开办 issues
 *                           on its bodies' annual reports: key findings, 本级
 *                           and 下属 with their change from last year, a
 *                           per-body review table, the problems grouped, a
 *                           rectification table, what to do next, annexes
 *                           with the figures and the method;
 *  - xxgk_compose_agency:   the review of one body's report (审查意见);
 *  - xxgk_compose_outliers: a brief on the bodies whose figures stand out.
 *
 * Every figure is the store's: roll-ups (xxgk_store_rollup2), per-body
 * figures (xxgk_store_figures), the stored findings of `xxgk check --db`
 * with their waivers and copy findings (xxgk_store_findings; when reports
 * were loaded after the last check the checks run here, in memory, and the
 * document says so), and the outlier flags and funnel fits of
 * xxgk_outliers_find against peers of the whole store — the same numbers
 * and peer groups `xxgk rollup`, `xxgk check` and `xxgk outliers` print.
 * Nothing missing is written or drawn as zero: a part without reports is
 * said to have none and its tables and charts are left out.
 */
#ifndef XXGK_COMPOSE_H
#define XXGK_COMPOSE_H

#include <stdbool.h>
#include <stddef.h>

#include "xxgk/aggregate.h"
#include "xxgk/common.h"
#include "xxgk/render.h"
#include "xxgk/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- publication deadlines (data/deadlines.csv; DOMAIN.md, 条例第四十九、五十条) ---- */

typedef struct xxgk_deadlines xxgk_deadlines;

/*
 * Reads the deadlines per level: CSV lines `level,MM-DD,basis` (level as
 * xxgk_level_name: province, city, county, town, department; the date in
 * the year after the reporting year; basis a phrase for the document).
 * `path` NULL: data/deadlines.csv of the data directory ($XXGK_DATA_DIR if
 * it holds one). XXGK_EIO, XXGK_EPARSE (naming file and line), XXGK_ENOMEM.
 */
int xxgk_deadlines_load(xxgk_deadlines **out, const char *path, xxgk_error *err);
void xxgk_deadlines_free(xxgk_deadlines *d);

/* Overrides one level: "town=02-28". XXGK_EINVAL with a message for a bad spec. */
int xxgk_deadlines_set(xxgk_deadlines *d, const char *spec, xxgk_error *err);

enum {
	XXGK_PUBLISHED_UNKNOWN = 0,  /* no publication date, or no deadline for the level */
	XXGK_PUBLISHED_ON_TIME,
	XXGK_PUBLISHED_LATE
};

/*
 * Whether a report of `year` by a body of `level` published on `published`
 * ("YYYY-MM-DD" or "" / NULL) was on time. `deadline` (may be NULL, 11
 * bytes) receives the deadline "YYYY-MM-DD" ("" when the level has none),
 * `days_late` (may be NULL) the days after it.
 */
int xxgk_publication_status(const xxgk_deadlines *d, int level, int year, const char *published,
			    char *deadline, int *days_late);

/* The basis phrase of a level's deadline ("" when none). */
const char *xxgk_deadline_basis(const xxgk_deadlines *d, int level);

/* ---- options ---- */

typedef struct {
	const char *date;              /* 成文日期 "YYYY-MM-DD"; NULL: today (deterministic callers pass one) */
	const char *issuer;            /* 落款: the issuing body, e.g. "和田县人民政府办公室"; NULL: none printed */
	const char *doc_number;        /* 文号 "和政公开办〔2025〕3号"; NULL: none */
	const char *addressees;        /* 主送 "各乡镇人民政府，县政府各部门"; NULL: none (the agency review
				          is addressed to its body) */
	const char *contact;           /* how to report back ("县政务公开办，电话 …"); NULL: to the issuer */
	unsigned rectify_days;         /* 整改时限 in working days; 0: 15 */
	const xxgk_deadlines *deadlines;/* NULL: xxgk_deadlines_load(NULL) */
	const xxgk_outlier_options *outliers; /* NULL: the defaults of docs/statistics.md */
	int top_bodies;                /* bodies in a ranking chart; 0: 15 */
} xxgk_compose_options;

#define XXGK_COMPOSE_OPTIONS_INIT { NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL, 0 }

/*
 * A small configuration file for the fields above, UTF-8 `key = value`
 * lines, `#` comments: 落款 (or issuer), 文号 (doc_number), 主送
 * (addressees), 联系方式 (contact), 整改时限 (rectify_days, working days), and
 * `deadline.<level> = MM-DD` (or 发布时限.<level>). The object owns the
 * strings; xxgk_compose_config_apply() points the options' fields at them
 * (fields already set are kept, so flags given after the file win).
 * XXGK_EIO, XXGK_EPARSE (file:line: reason), XXGK_ENOMEM.
 */
typedef struct xxgk_compose_config xxgk_compose_config;
int xxgk_compose_config_load(xxgk_compose_config **out, const char *path, xxgk_error *err);
void xxgk_compose_config_free(xxgk_compose_config *c);
/* Fills unset fields of `o`; deadline overrides go into `d` (may be NULL). */
int xxgk_compose_config_apply(const xxgk_compose_config *c, xxgk_compose_options *o, xxgk_deadlines *d,
			      xxgk_error *err);

/* ---- the documents ---- */

/*
 * The 通报 on the reports of `year` (0: the latest in the store) of the
 * bodies under `region` (a 2-, 4- or 6-digit code: province, city or
 * county). On XXGK_OK `*out` is the caller's (xxgk_layout_free).
 * XXGK_EINVAL with a message when the region has no report that year;
 * XXGK_EDB, XXGK_ENOMEM, XXGK_EIO (the deadlines file).
 */
int xxgk_compose_county(xxgk_layout **out, xxgk_store *s, const char *region, int year,
			const xxgk_compose_options *o, xxgk_error *err);

/* The review of one report (by sha256). XXGK_EINVAL when the store has no such report. */
int xxgk_compose_agency(xxgk_layout **out, xxgk_store *s, const char *sha256, const xxgk_compose_options *o,
			xxgk_error *err);

/*
 * The brief on the bodies of `region` (NULL or "": all) whose figures of
 * `year` (0: latest) stand out. XXGK_EINVAL with a message when none does.
 */
int xxgk_compose_outliers(xxgk_layout **out, xxgk_store *s, const char *region, int year,
			  const xxgk_compose_options *o, xxgk_error *err);

/* ---- one call for a server or a script: which document, of what ---- */

typedef enum {
	XXGK_DOC_COUNTY = 0,   /* the 通报 on the bodies under `region` (xxgk_compose_county) */
	XXGK_DOC_AGENCY,       /* the review of the report `sha256` (xxgk_compose_agency) */
	XXGK_DOC_OUTLIERS      /* the brief on the bodies of `region` (NULL: all) that stand out */
} xxgk_doc_kind;

typedef struct {
	xxgk_doc_kind kind;
	const char *region;    /* county, outliers: a 2-, 4- or 6-digit code */
	const char *sha256;    /* agency: the report */
	int year;              /* county, outliers: the reporting year; 0: the latest in the store */
} xxgk_doc_scope;

/* The layout of the document `scope` names (the three functions above). `*out` is the caller's. */
int xxgk_compose_document(xxgk_layout **out, xxgk_store *s, const xxgk_doc_scope *scope,
			  const xxgk_compose_options *o, xxgk_error *err);

/*
 * Composes the document `scope` names and writes it as a PDF at `path`
 * (as xxgk_render_pdf: a temporary name renamed, so a failure leaves no
 * file). `o` and `ro` may be NULL (the defaults; the PDF's date is o->date
 * unless ro->created is given). Characters no font has are counted in
 * `*missing_glyphs` (may be NULL). Errors of either stage: XXGK_EINVAL (no
 * such region, report or flagged body), XXGK_EDB, XXGK_EIO, XXGK_ENOMEM.
 * Reads the store only; safe to call from several threads on separate
 * store handles.
 */
int xxgk_compose_pdf(xxgk_store *s, const xxgk_doc_scope *scope, const char *path, const xxgk_compose_options *o,
		     const xxgk_render_options *ro, size_t *missing_glyphs, xxgk_error *err);

/*
 * The outlier flags of `year` for the bodies under `region` (NULL: all),
 * judged against peers of the whole store (every body of the same peer
 * group and year, wherever it is), with the funnel fits of those groups:
 * what the documents and `xxgk outliers --region` show. Appends to `out`.
 * XXGK_EDB, XXGK_ENOMEM.
 */
int xxgk_compose_find_outliers(xxgk_outliers *out, xxgk_store *s, const char *region, int year,
			       const xxgk_outlier_options *opt, xxgk_error *err);

/*
 * The same from figures already read: `figs` must be xxgk_store_figures of
 * the whole store for years [year − 1, year] (the server keeps them, so it
 * reads them once). XXGK_ENOMEM.
 */
int xxgk_compose_outliers_of(xxgk_outliers *out, const xxgk_body_figures *figs, size_t n, const char *region,
			     int year, const xxgk_outlier_options *opt, xxgk_error *err);

#ifdef __cplusplus
}
#endif
#endif
