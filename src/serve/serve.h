/*
 * serve.h — `xxgk serve`: a small HTTP server (libmicrohttpd) for county
 * staff in a browser. It only turns requests into library calls and their
 * results into JSON or files; every figure, finding and document comes from
 * libxxgk (docs/serve.md). Shared between the files of src/serve/.
 */
#ifndef XXGK_SERVE_H
#define XXGK_SERVE_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "xxgk/aggregate.h"
#include "xxgk/check.h"
#include "xxgk/compose.h"
#include "xxgk/region.h"
#include "xxgk/stats.h"
#include "xxgk/store.h"

/* Largest upload (one file, or one zip of reports): a report is under 64 MB (XXGK_PARSE_MAX_INPUT). */
#define SERVE_MAX_UPLOAD ((size_t)64 * 1024 * 1024)
/* Entries of a zip taken at most: a county's year is ~50 reports, a province's a few thousand. */
#define SERVE_MAX_ZIP_ENTRIES 5000
/* Bytes a zip may expand to in all: a bomb is refused, not unpacked. */
#define SERVE_MAX_ZIP_TOTAL ((size_t)512 * 1024 * 1024)
/* Rows a page of the overview holds at most. */
#define SERVE_MAX_PAGE 500
/* Connections served at once (one thread each). */
#define SERVE_MAX_CONNECTIONS 64

typedef struct {
	const char *db;            /* the database (created when missing) */
	const char *listen;        /* "127.0.0.1:8080", "[::1]:0", "0.0.0.0:8080" */
	const char *token_file;    /* required when `listen` is not a loopback address */
	const volatile sig_atomic_t *stop;  /* the server returns when it becomes non-zero */
} serve_options;

/*
 * Runs the server until *stop. Prints "xxgk serve: http://HOST:PORT/" on
 * stderr once it listens (tests wait for that line). Returns 0, or 1 with a
 * one-line reason in `why`.
 */
int serve_run(const serve_options *o, char *why, size_t why_cap);

/* ---- JSON written by hand (only src/json/ includes cJSON) ---- */

typedef struct {
	char *p;
	size_t len, cap;
	bool oom;
	unsigned depth;
	bool first[32];            /* no comma needed yet at this depth */
} serve_jw;

void jw_init(serve_jw *w);
void jw_free(serve_jw *w);
void jw_obj(serve_jw *w);
void jw_obj_end(serve_jw *w);
void jw_arr(serve_jw *w);
void jw_arr_end(serve_jw *w);
void jw_key(serve_jw *w, const char *k);
void jw_str(serve_jw *w, const char *s);       /* NULL writes null */
void jw_num(serve_jw *w, double v);            /* NaN and infinities write null */
void jw_int(serve_jw *w, long long v);
void jw_bool(serve_jw *w, bool v);
void jw_null(serve_jw *w);
void jw_raw(serve_jw *w, const char *json);    /* a value already in JSON */
/* key + value shorthands */
void jw_kstr(serve_jw *w, const char *k, const char *s);
void jw_knum(serve_jw *w, const char *k, double v);
void jw_kint(serve_jw *w, const char *k, long long v);
void jw_kbool(serve_jw *w, const char *k, bool v);

/* ---- the API (api.c), called with the request's parameters ---- */

typedef struct serve_ctx serve_ctx;

/* What a handler answers: a status, a content type, a body it owns. */
typedef struct {
	unsigned status;
	const char *type;          /* static */
	char *body;                /* malloc'd */
	size_t len;
	char disposition[256];     /* Content-Disposition, or "" */
} serve_reply;

typedef const char *(*serve_arg_fn)(void *req, const char *name);

struct serve_ctx {
	const char *db;
	xxgk_store *writer;        /* the one write connection, used under the write lock */
	xxgk_gazetteer *gaz;
	xxgk_deadlines *deadlines;
	char tmpdir[256];          /* the server's own folder for PDFs and workbooks being made */
	unsigned long long tmp_seq;
	void *lock;                /* pthread_rwlock_t: readers share, one writer */
	char csrf[65];
};

int api_get(serve_ctx *c, const char *url, serve_arg_fn arg, void *req, serve_reply *out);
int api_post(serve_ctx *c, const char *url, serve_arg_fn arg, void *req, const char *body, size_t len,
	     serve_reply *out);

/* Frees what is kept between requests (at the end). */
void api_free_cache(void);

/* ---- one year kept for the pages (year.c) ---- */

/* 统计 answers kept with a year (the whole year's and the last regions asked for). */
#define SERVE_STATS_KEPT 16

/* A report of the kept year, with what the overview counts for it. */
typedef struct {
	const xxgk_body_figures *f;  /* its figures (owned by the serve_year) */
	size_t index;                /* rank by region code, then name: the overview's order */
	int errors, warnings, open;  /* stored findings: errors, warnings, errors still 待整改 */
	int publication;             /* XXGK_PUBLISHED_* */
	int days_late;
	char deadline[11];
	size_t first_flag, flag_count;        /* its flags: flags.items[flag_index[first … first + count)] */
} serve_body;

/* A report of the year before, by its body key. */
typedef struct {
	char body[160];              /* as xxgk_body_figures.body */
	char sha256[65];
} serve_prev;

typedef struct {
	int year;
	serve_prev *prev;            /* last year's chosen reports, by body */
	size_t prev_count;
	xxgk_body_figures *figs;     /* every chosen report of the year, the store's order */
	size_t n;
	serve_body *bodies;          /* n, figs' order */
	size_t *by_sha;              /* n indices of bodies, by sha256 */
	xxgk_rollup *rollups[3];     /* every province, city, county of the year (whole store): coverage only */
	size_t rollup_count[3];
	long long unchecked;         /* reports of the year loaded after the last check */
	xxgk_outliers flags;         /* the year's flags against peers of the whole store */
	size_t *flag_index;          /* flags.count indices of flags.items, by sha256 */
	xxgk_peers peers;            /* peer groups of figs */
	size_t *members, *member_at; /* group g's figs: members[member_at[g] … member_at[g + 1]) */
	xxgk_summary *sums;          /* group g, figure f: sums[g * XXGK_FIG_COUNT + f] (n = 0: none) */
	double (*limits)[5];         /* funnel k: limits[k * SERVE_LIMIT_GRID + i] = volume, 95% lo, hi, 99.8% lo, hi */
	/* 统计 answers made (by region; the whole year's when the year is read): nothing they show
	   changes until the year is dropped (a status change does not touch figures or flags) */
	struct {
		char region[12];
		char *body;
		size_t len;
	} stats[SERVE_STATS_KEPT];
	size_t stats_next;
} serve_year;

/* The 统计 answer of `region` kept with y (its JSON, *len bytes), NULL when none. */
const char *serve_year_stats(const serve_year *y, const char *region, size_t *len);
/* Keeps a copy of the 统计 answer of `region` with y (the caller holds y). */
void serve_year_keep_stats(const serve_year *y, const char *region, const char *body, size_t len);
/* api.c: the whole year's 统计 answer, made and kept with y as the year is read. */
void api_stats_prepare(serve_ctx *c, const serve_year *y);

/* Volumes a funnel's limits are computed at, from 30 cases to its group's largest body (log grid). */
#define SERVE_LIMIT_GRID 97

/* A year being read: which, and how far (0-100). */
typedef struct {
	int year;
	int percent;
} serve_year_loading;

/* serve_year_get: the year is still being read (*loading says how far); the page asks again. */
#define SERVE_YEAR_LOADING 1
/* How long a page waits for its year before it answers that it is being read. */
#define SERVE_YEAR_WAIT_MS 1000

/*
 * The year `year`, kept, or read by the reading thread for the asking. On
 * XXGK_OK it stays locked for the caller until serve_year_release(); else
 * nothing is to release: SERVE_YEAR_LOADING (not read within
 * SERVE_YEAR_WAIT_MS: `*loading` filled) or the read's error (in `err`).
 * The caller holds the server's read lock (the reading thread shares it).
 */
int serve_year_get(serve_ctx *c, int year, const serve_year **out, serve_year_loading *loading, xxgk_error *err);
void serve_year_release(void);
/* After an upload or a check (under the write lock): the kept year is read again when next asked. */
void serve_year_drop(void);
/* The reading thread: reads the latest year at the start and after a check, and any year a page asks for. */
int serve_year_warm_start(serve_ctx *c);
void serve_year_warm(void);
void serve_year_warm_stop(void);
/* After a status change (s: the connection that made it): the kept reports holding finding `id` recounted. */
void serve_year_set_status(xxgk_store *s, const char *id);
/* The kept report `sha`, NULL when it is not of the year. */
serve_body *serve_year_body(const serve_year *y, const char *sha);
/* The sha256 of last year's report of `body` (a body key), NULL when none. */
const char *serve_year_prev(const serve_year *y, const char *body);
/* Whether b is flagged by `method` on `figure`. */
bool serve_year_flagged(const serve_year *y, const serve_body *b, const char *method, const char *figure);

/* Replies (api.c) */
void reply_json(serve_reply *out, unsigned status, serve_jw *w);
void reply_error(serve_reply *out, unsigned status, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

#endif
