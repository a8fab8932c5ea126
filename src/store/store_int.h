/*
 * store_int.h — inside the store stage: the handle and SQLite helpers.
 * Only src/store/ includes sqlite3.h; its errors become XXGK_EDB here.
 */
#ifndef XXGK_STORE_INT_H
#define XXGK_STORE_INT_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "xxgk/store.h"
#include "../common/common_int.h"

enum {
	ST_FIND, ST_DELETE_REPORT, ST_INSERT_REPORT, ST_INSERT_ACTIVE, ST_INSERT_ACTIVE19, ST_INSERT_APP,
	ST_INSERT_REVIEW,
	ST_INSERT_RAW, ST_INSERT_WARNING, ST_INSERT_CLAIM, ST_INSERT_FINDING, ST_QUARANTINE,
	ST_PAIR_COUNT, ST_SETTLE_PAIR, ST_FILE_FIND, ST_FILE_PUT,
	ST_COUNT
};

/* Statements of xxgk_store_get (read.c), prepared on first use and kept. */
enum {
	RD_REPORT, RD_ACTIVE, RD_APPLICATIONS, RD_REVIEWS, RD_RAW, RD_CLAIMS, RD_WARNINGS, RD_COUNT
};

/*
 * The order that chooses one document of a body and year (docs/store.md,
 * Conflicts): the later publication date, the fewer parser warnings, the
 * more recently loaded. Stated once, for the settling of one pair and of all;
 * the index reports_choice (schema.c) follows it column for column.
 */
#define STORE_CHOICE_ORDER "published IS NULL, published DESC, warning_count ASC, loaded_at DESC, id DESC"

/* What to do with a damaged database, said with every report of one: its text into out. */
#define STORE_DAMAGED_CAP 320
const char *store_damaged_todo(xxgk_store *s, char out[STORE_DAMAGED_CAP]);

/* Milliseconds a connection waits for another's lock before giving up. */
#define STORE_BUSY_MS 5000
/* A writer waits this long for another's transaction (a second `xxgk load` waits out the first's
   batches, which take seconds each on a busy machine); it is told after STORE_BUSY_MS. */
#define STORE_WRITE_WAIT_MS (10 * 60 * 1000)

/* Rows of claims written by one statement. */
#define STORE_BATCH 16

/* Bytes of one row's kinds and lines text, bound in place (no copy). */
#define STORE_ROW_TEXT 128

struct xxgk_store {
	sqlite3 *db;
	bool readonly;
	bool in_tx;
	bool damaged;                /* SQLite said SQLITE_CORRUPT, or quick_check failed: no more writes */
	sqlite3_stmt *st[ST_COUNT];  /* prepared once, reset after each use */
	sqlite3_stmt *claim_batch[STORE_BATCH];    /* inserts of 1 … STORE_BATCH claims */
	sqlite3_stmt *rd[RD_COUNT];  /* reads, prepared once, reset after each use */
	char now[32];                /* load time, UTC, formatted once a second */
	time_t now_at;
	/* text bound with SQLITE_STATIC: each lives until its statement has run */
	char row_text[XXGK_T3_ROWS][STORE_ROW_TEXT];
	char parts[96];
	xxgk_buf warning_list;        /* the report's warning_lists.list */
	bool rewrite;                 /* a copy from this parser version is replaced too (years.c) */
	void (*on_wait)(void *ctx);   /* xxgk_store_on_wait() */
	void *on_wait_ctx;
};

/* Records SQLite's message for `what` in `err`; returns XXGK_EDB. */
int store_fail(xxgk_store *s, xxgk_error *err, const char *what);
int store_migrate(xxgk_store *s, xxgk_error *err);
/* sqlite3_exec, retried while SQLITE_BUSY for up to STORE_BUSY_MS (store.c). */
int store_exec_busy(xxgk_store *s, const char *sql);
/* Settles conflict and chosen for every body and year (the repair of older databases). */
int store_settle_all(xxgk_store *s, xxgk_error *err);
/*
 * Appends one warning to a report's list (warning_lists.list, docs/store.md):
 * JSON [[code, line or null, message], …]; the caller adds the closing ']'.
 */
void store_warning_json(xxgk_buf *b, const char *code, uint32_t line, const char *message, const char *where);

#endif
