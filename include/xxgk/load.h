/*
 * xxgk/load.h — loading many report files: walking folders, parsing on
 * several threads, writing to the store in transactions of whole reports,
 * keeping the files that fail in the quarantine (docs/store.md, Loading).
 *
 * A loader is made for one store (or for none: then each parsed report goes
 * to a callback, as `check DIR` wants), given paths (files or folders),
 * then run once:
 *
 *     xxgk_loader *l;
 *     xxgk_load_options o = XXGK_LOAD_OPTIONS_INIT;
 *     o.gazetteer = gaz;
 *     xxgk_loader_new(&l, store, &o, &err);
 *     xxgk_loader_add(l, "reports/2024", &err);
 *     xxgk_loader_run(l, &summary, &err);
 *     xxgk_loader_free(l);
 *
 * Files are parsed ahead on worker threads and written in the order they
 * were listed (a folder in name order), so two runs write the same rows.
 * What happens to each file is told through one event callback (a failure,
 * a file skipped, progress), on the thread that called xxgk_loader_run.
 */
#ifndef XXGK_LOAD_H
#define XXGK_LOAD_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xxgk/common.h"
#include "xxgk/parse.h"
#include "xxgk/region.h"
#include "xxgk/report.h"
#include "xxgk/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Reports a transaction by default: a bound on the WAL and on the work a crash loses. */
#define XXGK_LOAD_BATCH_DEFAULT 5000

typedef struct xxgk_loader xxgk_loader;

/* What a load did, counted from committed transactions only. */
typedef struct {
	size_t loaded;          /* reports new to the store */
	size_t unchanged;       /* reports already there (same document, same parser version) */
	size_t replaced;        /* reports parsed again by this version and rewritten */
	size_t failed;          /* failures (a file, or a line of a JSON Lines file), all quarantined */
	size_t skipped;         /* paths that are not regular files (FIFO, device, loop, dangling link) */
	size_t files;           /* files listed */
	size_t files_done;      /* files read (or skipped as unchanged) and committed */
	size_t files_unchanged; /* files skipped without reading: path, size and mtime as last loaded */
	uint64_t bytes;         /* bytes of the files listed */
	uint64_t bytes_done;    /* bytes of the files done */
	double seconds;         /* wall time of xxgk_loader_run */
	bool interrupted;       /* stopped by `stop` before the end: run again to go on */
} xxgk_load_summary;

enum {
	XXGK_LOAD_EVENT_PROGRESS = 0, /* after each file (and once at the start); `path` NULL */
	XXGK_LOAD_EVENT_FAILED,       /* a file or one of its lines failed: `message` is "path:line: reason" */
	XXGK_LOAD_EVENT_SKIPPED       /* a path that is not a regular file: `message` is "path: reason" */
};

typedef struct {
	int kind;                          /* XXGK_LOAD_EVENT_* */
	const char *path;                  /* the file concerned, or NULL */
	const char *message;               /* one line (control characters shown escaped), or NULL */
	const xxgk_load_summary *summary;  /* counts so far (committed and in the open transaction) */
} xxgk_load_event;

/* Called on the thread running xxgk_loader_run; borrowed pointers, valid during the call. */
typedef void (*xxgk_load_event_fn)(const xxgk_load_event *ev, void *ctx);

/*
 * Given each parsed report when the loader has no store, in file order.
 * The report is the callback's (xxgk_report_free). Return 0 to go on; any
 * other value stops the run, which returns it.
 */
typedef int (*xxgk_load_report_fn)(xxgk_report *r, const char *path, void *ctx);

typedef struct {
	int jobs;                        /* parsing threads; 0: the number of cores */
	size_t batch;                    /* reports a transaction; 0: XXGK_LOAD_BATCH_DEFAULT */
	const xxgk_gazetteer *gazetteer; /* places bodies; NULL: not placed */
	const xxgk_manifest *manifest;   /* overrides placements; NULL: a manifest.csv found in a folder */
	bool rehash;                     /* read every file, even those unchanged since the last load */
	xxgk_load_event_fn on_event;     /* may be NULL */
	void *event_ctx;
	xxgk_load_report_fn on_report;   /* required when the store is NULL, unused otherwise */
	void *report_ctx;
	/* when it becomes non-zero (a signal handler's flag), the run stops
	   after the file being written, commits and returns with `interrupted` */
	const volatile sig_atomic_t *stop;
} xxgk_load_options;

#define XXGK_LOAD_OPTIONS_INIT { 0, 0, NULL, NULL, false, NULL, NULL, NULL, NULL, NULL }

/*
 * Makes a loader writing into `store` (opened for writing; NULL to hand
 * reports to `on_report`). The options are copied; the gazetteer, manifest
 * and store are borrowed and must outlive the loader. On XXGK_OK `*out` is
 * the caller's (xxgk_loader_free).
 */
int xxgk_loader_new(xxgk_loader **out, xxgk_store *store, const xxgk_load_options *opts, xxgk_error *err);

/*
 * Lists a path: a file (taken whatever its extension), or a folder walked in
 * name order (hidden entries skipped; .txt .md .markdown .html .htm .pdf
 * .docx .jsonl .json taken, and .doc .wps to say how to convert them;
 * a manifest.csv inside is read; a folder of page images is one scan, listed
 * as the folder: xxgk_load_pages()). Symbolic links are followed, a loop is
 * skipped; FIFOs, devices, sockets and dangling links are skipped and told
 * as XXGK_LOAD_EVENT_SKIPPED (never opened, so never waited on). Errors:
 * XXGK_EIO (the path itself cannot be read), XXGK_ETOOBIG (over
 * XXGK_LOAD_MAX_FILES files), XXGK_ENOMEM, XXGK_EPARSE (a folder's
 * manifest.csv is malformed).
 */
int xxgk_loader_add(xxgk_loader *l, const char *path, xxgk_error *err);

/*
 * A scanned report given as a folder of its page images — how the loader
 * takes a folder whose page images (.png .jpg .jpeg .tif .tiff) outnumber
 * its other files (a page image among more reports is skipped, told):
 * the images, in page order (numbers in names compared as numbers:
 * page-2.png before page-10.png, 002.jpg = 2.jpg), parsed as one report by
 * xxgk_parse_pages(), named after the folder unless `opts->name` is set.
 * Subfolders, hidden files, manifest.csv, Thumbs.db and desktop.ini are
 * passed over; any other file makes it fail, named ("notes.txt: not a page
 * image …"), since it may be a page the scan would be read without. Errors
 * as xxgk_parse_pages(), a page's naming its file; XXGK_EINVAL for a folder
 * with no page image; XXGK_EIO; XXGK_ETOOBIG (over XXGK_LOAD_MAX_PAGES
 * files or XXGK_LOAD_MAX_PAGES_BYTES bytes).
 */
#define XXGK_LOAD_MAX_PAGES 60
#define XXGK_LOAD_MAX_PAGES_BYTES ((size_t)128 * 1024 * 1024)
int xxgk_load_pages(xxgk_report **out, const char *dir, const xxgk_parse_options *opts, xxgk_error *err);

/* Files a load takes at most (a national year is 200,000). */
#define XXGK_LOAD_MAX_FILES 5000000

/* Files listed so far; `*count` of them, borrowed until the loader is freed. */
const char *const *xxgk_loader_files(const xxgk_loader *l, size_t *count);

/*
 * Reads, parses and writes every file listed. A file that fails is told
 * (XXGK_LOAD_EVENT_FAILED), kept in the quarantine, and the others go on.
 * Each transaction holds whole reports with their conflicts settled, so
 * every state a crash can leave is consistent. `*out` counts what was
 * committed. Returns XXGK_OK (even when some files failed: see
 * out->failed), XXGK_EDB when the database refused (the open transaction
 * is rolled back, earlier ones stay), XXGK_ENOMEM, XXGK_EINVAL when run
 * twice, or what `on_report` returned.
 */
int xxgk_loader_run(xxgk_loader *l, xxgk_load_summary *out, xxgk_error *err);

void xxgk_loader_free(xxgk_loader *l);

/* ---- a zip of reports held in memory (an upload) ---- */

typedef struct {
	size_t max_entries;   /* entries in the archive (folders included); more: XXGK_ETOOBIG */
	size_t max_entry;     /* bytes one entry may expand to (e.g. XXGK_PARSE_MAX_INPUT) */
	size_t max_total;     /* bytes all entries may expand to; past it: XXGK_ETOOBIG */
} xxgk_zip_limits;

/*
 * Called for each file of the archive in its order: its name as the archive
 * prints it (never to be used as a path) and its bytes (borrowed for the
 * call), or a one-line `refusal` (data NULL): a name that climbs out of the
 * archive ("../", absolute), an entry over the caps or expanding more than
 * 200 times (a bomb), an encrypted or damaged entry, a zip inside. Folders,
 * __MACOSX/ and hidden files are passed over. A non-zero return stops.
 */
typedef int (*xxgk_zip_fn)(const char *name, const void *data, size_t len, const char *refusal, void *ctx);

/*
 * Reads the archive `buf` (src/load/zip.c, libzip). XXGK_OK; XXGK_EPARSE (not
 * a zip); XXGK_ETOOBIG (too many entries, checked before any is read, or the
 * total cap reached); XXGK_ENOMEM; or what `fn` returned.
 */
int xxgk_zip_each(const void *buf, size_t len, const xxgk_zip_limits *lim, xxgk_zip_fn fn, void *ctx,
		  xxgk_error *err);

/*
 * Whether the archive `buf` is one scanned report, as a folder of page images
 * is (xxgk_load_pages()): its files (those xxgk_zip_each() hands over, and
 * manifest.csv, Thumbs.db, desktop.ini passed over) are page images (.png
 * .jpg .jpeg .tif .tiff) outnumbering the others, judged by the names before
 * anything is unpacked. Not one: `*is_scan` false, XXGK_OK, nothing read (take
 * the entries one by one). One: its pages, in the numeric order of their
 * names (page-2.png before page-10.png), parsed as one report by
 * xxgk_parse_pages(), named `opts->name`; a refused entry or a file that is
 * not a page image fails it, named ("notes.txt: not a page image …"), as do
 * more than XXGK_LOAD_MAX_PAGES pages. Errors as xxgk_parse_pages() and
 * xxgk_zip_each().
 */
int xxgk_zip_scan(xxgk_report **out, bool *is_scan, const void *buf, size_t len, const xxgk_zip_limits *lim,
		  const xxgk_parse_options *opts, xxgk_error *err);

#ifdef __cplusplus
}
#endif
#endif
