/*
 * xxgk/common.h — status codes and error details shared by every stage.
 *
 * Every function that can fail returns an `int` status: XXGK_OK (0) or one of
 * the negative XXGK_E* codes below. Details (a one-line message, the file, the
 * line and column) live in an `xxgk_error` the caller owns and passes in, never
 * in globals (the libgit2 / SQLite convention).
 */
#ifndef XXGK_COMMON_H
#define XXGK_COMMON_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
	XXGK_OK = 0,
	XXGK_ENOMEM = -1,   /* allocation failed */
	XXGK_EIO = -2,      /* read or write failed */
	XXGK_EENCODING = -3,/* bytes that are not text in a known encoding */
	XXGK_EPARSE = -4,   /* text that is not (or not all of) an annual report */
	XXGK_EDB = -5,      /* the database refused */
	XXGK_EINVAL = -6,   /* an argument or option out of range */
	XXGK_ETOOBIG = -7,  /* an input over one of the named caps */
	XXGK_ESCHEMA = -8   /* JSON that is not of a schema version we read */
} xxgk_status;

/* Longest message kept in an xxgk_error, in bytes (one line, UTF-8). */
#define XXGK_ERROR_MSG_CAP 512

typedef struct {
	int code;                          /* an xxgk_status; XXGK_OK when clear */
	unsigned line;                     /* 1-based line in the normalised text, 0 if none */
	unsigned column;                   /* 1-based column (code points), 0 if none */
	char message[XXGK_ERROR_MSG_CAP];  /* one line, no trailing newline */
} xxgk_error;

/* A static English name for a status ("out of memory", …); never NULL. */
const char *xxgk_strerror(int status);

/* Clears an error record. `err` may be NULL. */
void xxgk_error_clear(xxgk_error *err);

/*
 * Records `code` and a printf-style message in `err` (which may be NULL) and
 * returns `code`, so that `return xxgk_error_set(err, XXGK_EPARSE, 12, 0, "…")`
 * both reports and propagates.
 */
int xxgk_error_set(xxgk_error *err, int code, unsigned line, unsigned column,
		   const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 5, 6)))
#endif
	;

/*
 * An output file written safely (src/common/outfile.c): to a temporary file
 * made by mkstemp beside `path`, renamed over it only by
 * xxgk_outfile_commit, so a failure never leaves half a file and no link
 * planted under a guessable name is followed. The new file keeps the old
 * one's permissions (a new one gets 0666 less the umask). A `path` that
 * exists and is not a regular file (/dev/stdout) is written directly.
 */
typedef struct {
	FILE *file;   /* write here (between open and commit/abort) */
	char *path;   /* owned: the target */
	char *tmp;    /* owned: the temporary file, NULL when writing directly */
	int fd;       /* the temporary file's descriptor */
	int mode;     /* permissions the file gets */
} xxgk_outfile;

/* Opens; on failure `o` holds nothing. XXGK_EIO (with the reason) or XXGK_ENOMEM. */
int xxgk_outfile_open(xxgk_outfile *o, const char *path, xxgk_error *err);
/* Flushes to disk, sets the mode, renames into place; closes in every case. XXGK_OK or XXGK_EIO. */
int xxgk_outfile_commit(xxgk_outfile *o, xxgk_error *err);
/* Closes and removes the temporary file; safe on a zeroed or committed `o`. */
void xxgk_outfile_abort(xxgk_outfile *o);

/*
 * The folder of the data read at run time (gazetteer/ …): $XXGK_DATA_DIR;
 * else share/xxgk beside an installed xxgk (found from where the library
 * is, so an install can be moved); else the source tree of a build; else
 * the configured install prefix's share/xxgk. Static; never NULL.
 */
const char *xxgk_data_dir(void);

/* The library's version, e.g. "0.1.0"; the parser version stored with loads. */
const char *xxgk_version(void);

#ifdef __cplusplus
}
#endif
#endif
