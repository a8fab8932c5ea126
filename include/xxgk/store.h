/*
 * xxgk/store.h — parsed reports in one SQLite file (docs/store.md).
 *
 * A store handle owns one database connection. Writes happen inside
 * transactions the caller opens and commits, so a batch of reports lands
 * whole or not at all; a document is identified by the SHA-256 of its raw
 * bytes, which makes loading idempotent.
 */
#ifndef XXGK_STORE_H
#define XXGK_STORE_H

#include <stdio.h>

#include "xxgk/aggregate.h"
#include "xxgk/check.h"
#include "xxgk/common.h"
#include "xxgk/region.h"
#include "xxgk/report.h"
#include "xxgk/track.h"

#ifdef __cplusplus
extern "C" {
#endif

#define XXGK_STORE_SCHEMA_VERSION 7

typedef struct xxgk_store xxgk_store;

enum {
	XXGK_STORE_READONLY = 1,  /* open for reading only (works on read-only media) */
	XXGK_STORE_CREATE = 2,    /* create the file when missing */
	XXGK_STORE_CHECK = 4      /* PRAGMA quick_check first: a damaged file is refused (writers ask) */
};

/*
 * Opens (and creates or migrates) a database. On XXGK_OK `*out` is the
 * caller's (xxgk_store_close). Errors: XXGK_EDB (not an SQLite database, a
 * newer schema, read-only, disk full, damaged …) with SQLite's reason in
 * `err`; the message does not repeat the path. Opened read-only, a database
 * in a folder that cannot be written (a CD, a read-only mount) is read as
 * immutable when its write-ahead log is empty. A damaged database (found by
 * XXGK_STORE_CHECK, or SQLITE_CORRUPT from any statement) is named as such,
 * and no transaction is begun on it afterwards.
 */
int xxgk_store_open(xxgk_store **out, const char *path, int flags, xxgk_error *err);
void xxgk_store_close(xxgk_store *s);

/*
 * Begins a write transaction. Another connection's open transaction (a
 * second `xxgk load`) is waited out, up to 10 minutes; `on_wait` (below) is
 * told once when the wait passes 5 seconds.
 */
int xxgk_store_begin(xxgk_store *s, xxgk_error *err);
/* `fn(ctx)` when xxgk_store_begin() has waited 5 s for another writer (NULL: none). */
void xxgk_store_on_wait(xxgk_store *s, void (*fn)(void *ctx), void *ctx);
int xxgk_store_commit(xxgk_store *s, xxgk_error *err);
/* Undoes the open transaction; safe to call when none is open. */
void xxgk_store_rollback(xxgk_store *s);

enum { XXGK_PUT_LOADED = 0, XXGK_PUT_UNCHANGED, XXGK_PUT_REPLACED };

/*
 * Writes one report (inside a transaction). `*outcome` says whether it was
 * new, already there from the same parser version, or replaced a copy
 * loaded by another version. Its conflict with other documents of the same
 * body and year is settled in the same transaction (docs/store.md), so
 * every committed state has one chosen document a body and year.
 * On an error the open transaction is rolled back (nothing of the batch is
 * written); outside a transaction the report gets one of its own.
 */
int xxgk_store_put(xxgk_store *s, const xxgk_report *r, int *outcome, xxgk_error *err);

/* Records a file that failed, with its reason (inside a transaction). */
int xxgk_store_quarantine(xxgk_store *s, const char *path, const char *sha256, const char *reason,
			  xxgk_error *err);

/* Copies the gazetteer into `regions` unless it is there already. */
int xxgk_store_put_regions(xxgk_store *s, const xxgk_gazetteer *g, xxgk_error *err);

/*
 * Flags documents sharing a body and year, and chooses one (docs/store.md),
 * over the whole database. xxgk_store_put does it for each report; this is
 * a repair (the migration to schema 3 runs it once).
 */
int xxgk_store_settle_conflicts(xxgk_store *s, xxgk_error *err);

/*
 * Settles the run-together table-2 rows that only another year settles
 * (issue 11 item 6, xxgk_report_settle_by_year): for every chosen 2021
 * report with such a row and the same body's chosen report of the year
 * before or after in the store, the cells the neighbours' figures settle
 * are written back as inferred, with a cells.settled_by_year warning naming
 * the other report. Repeated while a settled year settles its neighbour.
 * In a transaction of its own; `*settled` (may be NULL) counts the rows.
 */
int xxgk_store_settle_years(xxgk_store *s, size_t *settled, xxgk_error *err);

/*
 * Files loaded before (table `files`), so that a load can skip a file whose
 * path, size and modification time are those of its last load by this
 * parser version, with the same manifest line (`manifest`, "code,level" or
 * NULL), without reading it. xxgk_store_file_known returns 1 (and the
 * number of reports it gave in `*reports`) when the file can be skipped,
 * 0 when it must be read, XXGK_EDB on error. `path` is absolute.
 */
int xxgk_store_file_known(xxgk_store *s, const char *path, long long size, long long mtime_ns,
			  const char *manifest, size_t *reports, xxgk_error *err);
/* Records a file whose every report was written (inside a transaction). */
int xxgk_store_file_loaded(xxgk_store *s, const char *path, long long size, long long mtime_ns,
			   const char *manifest, size_t reports, xxgk_error *err);

/*
 * Reads a report back by its sha256. On XXGK_OK `*out` is the caller's; when
 * there is no such report `*out` is NULL and the return is XXGK_OK.
 */
int xxgk_store_get(xxgk_store *s, const char *sha256, xxgk_report **out, xxgk_error *err);

/* Caps the database at `pages` pages, so that tests can fill the "disk". */
void xxgk_store_limit_pages(xxgk_store *s, int pages);

/*
 * Replaces the findings stored for the report `sha256` (when `replace`) or
 * adds to them. The findings are those of that report only.
 */
int xxgk_store_put_findings(xxgk_store *s, const char *sha256, const xxgk_finding *items, size_t count,
			    bool replace, xxgk_error *err);

/*
 * Appends to `out` the stored findings (those `xxgk check --db` wrote) of the
 * chosen reports of years [from, to] within `region` (a code prefix; NULL for
 * all), by region, body, year and order of writing, with their id, recorded
 * status (a stored waiver without one: waived) and localisation sentence
 * (blame->fix); each finding's `report` is its report's sha256 (`line` is
 * not stored: 0).
 * XXGK_OK, XXGK_EDB or XXGK_ENOMEM (what was read stays in `out`).
 */
int xxgk_store_findings(xxgk_store *s, const char *region, int from, int to, xxgk_findings *out,
			xxgk_error *err);

/*
 * Appends to `out` the stored findings of the one report `sha256` (a full
 * sha256), as xxgk_store_findings reads them, in order of writing; none
 * when it is not a chosen report or has none.
 */
int xxgk_store_report_findings(xxgk_store *s, const char *sha256, xxgk_findings *out, xxgk_error *err);

/* A report's stored findings counted (xxgk_store_finding_tallies). */
typedef struct {
	char report[65];   /* the report's sha256 */
	int errors;        /* findings of severity error */
	int warnings;      /* of severity warning */
	int open;          /* errors whose status (as xxgk_store_findings reads it) is open */
} xxgk_finding_tally;

/*
 * The stored findings of each chosen report of years [from, to] within
 * `region` (NULL for all) counted, without reading them: one tally a
 * report that has any, in no set order. With `finding_id`, only the reports
 * holding a finding of that id (what a status change alters). On XXGK_OK
 * `*out` is a malloc'd array of `*count` the caller frees with free().
 * XXGK_OK, XXGK_EDB or XXGK_ENOMEM.
 */
int xxgk_store_finding_tallies(xxgk_store *s, const char *region, int from, int to, const char *finding_id,
			       xxgk_finding_tally **out, size_t *count, xxgk_error *err);

/*
 * The chosen reports of years [from, to] within `region` loaded after the last
 * recorded check (every one of them when the store was never checked): their
 * lack of stored findings means "not checked", not "no problem". −1 on error.
 */
long long xxgk_store_unchecked(xxgk_store *s, const char *region, int from, int to);

/*
 * Calls `fn` for each report, the chosen ones only when `chosen_only`, in
 * order of body and year, with its sha256, body key and year; `fn` returns
 * 0 to go on. Returns XXGK_OK, XXGK_EDB, or what `fn` returned.
 */
typedef int (*xxgk_store_each_fn)(const char *sha256, const char *body_key, int year, void *ctx);
int xxgk_store_each(xxgk_store *s, bool chosen_only, xxgk_store_each_fn fn, void *ctx, xxgk_error *err);

/*
 * Calls `fn` for each report that shares its body and year with another
 * (`conflict`), in order of body, year and loading, saying whether it is the
 * chosen one; for the checker's version.edited. Returns as xxgk_store_each().
 */
typedef int (*xxgk_store_version_fn)(const char *sha256, const char *body_key, int year, bool chosen, void *ctx);
int xxgk_store_each_version(xxgk_store *s, xxgk_store_version_fn fn, void *ctx, xxgk_error *err);

/*
 * Rolls up the chosen reports of `year` by region of `level` (province,
 * city or county), within `region` (a code prefix; NULL for all). On XXGK_OK
 * `*out` holds `*count` roll-ups in code order, the caller's to free with
 * xxgk_rollups_free(). See xxgk/aggregate.h for what is summed.
 */
int xxgk_store_rollup(xxgk_store *s, int level, const char *region, int year, xxgk_rollup **out,
		      size_t *count, xxgk_error *err);

/*
 * The figures of every chosen report of years [from, to] within `region`
 * (a code prefix; NULL for all). On XXGK_OK `*out` is a malloc'd array of
 * `*count` entries the caller frees with free().
 */
int xxgk_store_figures(xxgk_store *s, const char *region, int from, int to, xxgk_body_figures **out,
		       size_t *count, xxgk_error *err);

/*
 * The same for `year` and, in the same pass, `year − 1` into `*prev` (for
 * the change from last year). Either array is the caller's.
 */
int xxgk_store_rollup2(xxgk_store *s, int level, const char *region, int year, xxgk_rollup **out,
		       size_t *count, xxgk_rollup **prev, size_t *prev_count, xxgk_error *err);

/*
 * Coverage only, at the three levels at once: what xxgk_store_rollup gives
 * of `year` within `region` at level province (out[0]), city (out[1]) and
 * county (out[2]) — code, name, level, year, bodies, bodies_missing and
 * missing, own.reports and sub.reports — without reading the figures (their
 * sums are zero). Far cheaper than three roll-ups: for pages that count
 * reports and 缺报. Each out[l] is the caller's (xxgk_rollups_free).
 */
int xxgk_store_coverage(xxgk_store *s, const char *region, int year, xxgk_rollup *out[3], size_t count[3],
			xxgk_error *err);

/*
 * The latest reporting year in the database into `*out`, 0 when it holds no
 * report. XXGK_OK or XXGK_EDB (a damaged database, named in `err`).
 */
int xxgk_store_latest_year(xxgk_store *s, int *out, xxgk_error *err);

/*
 * The reporting years of the chosen reports, latest first, with how many
 * reports each (`counts` may be NULL): at most `cap` of them into `years`,
 * their number in `*n`. XXGK_OK or XXGK_EDB.
 */
int xxgk_store_years(xxgk_store *s, int *years, size_t *counts, size_t cap, size_t *n, xxgk_error *err);

/* Counts rows of a table (tests and summaries). −1 on error. */
long long xxgk_store_count(xxgk_store *s, const char *table);

/* ---- the rectification loop (src/store/track.c, xxgk/track.h, docs/track.md) ---- */

/* Every recorded status, sorted by finding id. `*out` is the caller's (xxgk_statuses_free). */
int xxgk_store_statuses(xxgk_store *s, xxgk_statuses *out, xxgk_error *err);

enum { XXGK_STATUS_SET_CHANGED = 0, XXGK_STATUS_SET_SAME, XXGK_STATUS_SET_UNKNOWN };

/*
 * Records a status for the finding `id` (inside a transaction), with who
 * set it, when (`at`, ISO 8601), why, and where it came from (`source`, a
 * file name); `who` and `why` empty or NULL keep the recorded ones. The
 * change is also added to the history (finding_status_log). `*outcome`:
 * XXGK_STATUS_SET_CHANGED; _SAME when it is already so (nothing written);
 * _UNKNOWN when no check has found a finding with that id (nothing written).
 */
int xxgk_store_set_status(xxgk_store *s, const char *id, int status, const char *who, const char *at,
			  const char *why, const char *source, int *outcome, xxgk_error *err);

/*
 * Records a check (inside the transaction that stored its findings, after
 * them): which findings of the chosen reports are new, back again, or gone
 * since the last check. `*run_id` (may be NULL) is the check's number.
 */
int xxgk_store_record_check(xxgk_store *s, const char *at, long long *run_id, xxgk_error *err);

/*
 * The findings open after the last check (`before` NULL), or after the last
 * check before the moment `before` (ISO 8601: "2025-03-01" is the start of
 * that day, UTC), sorted by id, with their recorded statuses. The caller
 * frees `*out` (xxgk_tracked_list_free).
 */
int xxgk_store_tracked(xxgk_store *s, const char *before, xxgk_tracked_list *out, xxgk_error *err);

/*
 * The sha256 of the one report whose hash starts with `prefix` (6 to 64 hex
 * digits) into out[65]. XXGK_EINVAL (with a message) when none or several do.
 */
int xxgk_store_find_report(xxgk_store *s, const char *prefix, char out[65], xxgk_error *err);

/* How many checks the store has recorded; −1 on error. */
long long xxgk_store_check_count(xxgk_store *s);

enum { XXGK_EXPORT_CSV = 0, XXGK_EXPORT_JSON };

typedef struct {
	int format;          /* XXGK_EXPORT_CSV or _JSON */
	bool omit_blobs;     /* leave BLOB columns (reports.minhash) out; else they are written as hex */
} xxgk_export_options;

#define XXGK_EXPORT_OPTIONS_INIT { XXGK_EXPORT_CSV, false }

/*
 * Writes a whole table or view: CSV (UTF-8 with a BOM, so Excel shows
 * Chinese; RFC 4180 quoting; text starting with = + - @ after an apostrophe,
 * so a spreadsheet never runs it as a formula) or JSON Lines (each line
 * {"schema":"xxgk.row/1","table":NAME, …columns}). Every string is valid
 * UTF-8 (a stray byte becomes U+FFFD); BLOBs are hex or left out. "findings"
 * is written with the body, year and status of each (the findings_export
 * view). Errors: XXGK_EINVAL for a name that is not a table or view of the
 * store, XXGK_EIO for a failed write.
 */
int xxgk_store_export_with(xxgk_store *s, const char *table, const xxgk_export_options *o, FILE *out,
			   xxgk_error *err);
/* The same with the default options and `format`. */
int xxgk_store_export(xxgk_store *s, const char *table, int format, FILE *out, xxgk_error *err);

#ifdef __cplusplus
}
#endif
#endif
