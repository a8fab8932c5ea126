/*
 * loader.c — many report files into the store (xxgk/load.h).
 *
 * Listing: paths are walked in name order; symbolic links are followed with
 * every folder's (device, inode) remembered, so a loop is seen and skipped;
 * anything that is not a regular file or a folder (a FIFO, a device, a
 * socket, a dangling link) is told and skipped, and files are opened with
 * O_NONBLOCK and checked again with fstat, so nothing can make a load wait.
 *
 * Running: worker threads read and parse files in order into a ring of
 * slots; the caller's thread writes the slots in the same order, so the
 * database sees the files in the order listed whatever the threads do.
 * Writes go in transactions of whole reports (opts.batch a transaction); the
 * store settles each body-year's choice inside the transaction that writes
 * its report, and the summary counts what a COMMIT returned from, so every
 * state a crash, a full disk or Ctrl-C can leave is consistent and truly
 * told. A file that fails goes to the quarantine with its reason and the
 * batch goes on. A file whose path, size and mtime are those of its last
 * load by this parser version is not read again (table `files`).
 */
/* realpath (POSIX's XSI option; glibc shows it only with _XOPEN_SOURCE) */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "xxgk/json.h"
#include "xxgk/load.h"
#include "xxgk/parse.h"
#include "../common/common_int.h"
#include "load_int.h"

/* Files parsed ahead of the writer; bounds memory whatever the batch size. */
#define LOAD_RING 256
/* Reports from one JSON Lines file held at once. */
#define LOAD_JSONL_CAP 100000
/* Parsing threads at most. */
#define LOAD_MAX_JOBS 256
/* Bytes of one message ("path:line: reason"), escaped path included. */
#define LOAD_MSG_CAP 1024

typedef struct {
	char *path;             /* as listed (owned) */
	long long size;         /* at listing */
	long long mtime_ns;
	char *manifest;         /* the manifest line applied, "code,level", or NULL (owned) */
	char *key;              /* absolute path in `files`, NULL when it cannot be had (owned) */
	size_t known_reports;   /* reports of an unchanged file */
	bool unchanged;         /* skipped without reading */
	bool json;              /* a .jsonl/.json file: reports as they are */
	bool pages;             /* a folder of one scan's page images (size, mtime: its pages') */
} load_file;

typedef struct {
	xxgk_report **reports;  /* owned */
	size_t report_count;
	char **errors;          /* owned one-line reasons, "path:line: reason" */
	size_t error_count;
	char sha256[65];        /* of a file that failed as a whole, or "" */
	bool ready;
} load_slot;

typedef struct {
	unsigned long long dev, ino;
} load_dir_id;

struct xxgk_loader {
	xxgk_store *store;               /* borrowed; NULL: reports go to on_report */
	xxgk_load_options opts;
	xxgk_manifest *own_manifest;     /* a folder's manifest.csv, when opts.manifest is NULL */
	load_file *files;
	char **paths;                    /* files[i].path, for xxgk_loader_files */
	size_t file_count, file_cap;
	uint64_t bytes;
	size_t skipped;                  /* paths skipped while listing */
	load_dir_id *dirs;               /* every folder walked */
	size_t dir_count, dir_cap;
	bool ran;

	/* while running */
	size_t work_count;               /* files the workers may take (cut short to stop) */
	size_t next_file;                /* next file a worker takes */
	size_t written;                  /* files the writer has consumed */
	load_slot ring[LOAD_RING];
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

static const xxgk_manifest *load_manifest(const xxgk_loader *l)
{
	return l->opts.manifest ? l->opts.manifest : l->own_manifest;
}

static void load_event(xxgk_loader *l, int kind, const char *path, const char *message,
		       const xxgk_load_summary *sum)
{
	if (!l->opts.on_event)
		return;
	xxgk_load_event ev = { kind, path, message, sum };
	l->opts.on_event(&ev, l->opts.event_ctx);
}

static void load_skipped(xxgk_loader *l, const char *path, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

/* Tells of a path skipped: "path: reason". */
static void load_skipped(xxgk_loader *l, const char *path, const char *fmt, ...)
{
	char shown[LOAD_MSG_CAP / 2], why[LOAD_MSG_CAP / 2], msg[LOAD_MSG_CAP];
	va_list ap;
	va_start(ap, fmt);
	xxgk_vformat(why, sizeof why, fmt, ap);
	va_end(ap);
	snprintf(msg, sizeof msg, "%s: %s", xxgk_printable(shown, sizeof shown, path), why);
	l->skipped++;
	load_event(l, XXGK_LOAD_EVENT_SKIPPED, path, msg, NULL);
}

/* ------------------------------------------------------------ listing */

static bool load_wanted(const char *name, bool explicit_file)
{
	static const char *const exts[] = { ".txt", ".md", ".markdown", ".html", ".htm", ".jsonl", ".json", ".pdf",
					     ".docx", ".doc", ".wps", NULL };
	if (explicit_file)
		return true;
	const char *dot = strrchr(name, '.');
	if (!dot)
		return false;
	/* fixtures' expected and truth files are not reports to load from a folder */
	if (strstr(name, ".expected.") || strstr(name, ".truth."))
		return false;
	for (const char *const *e = exts; *e; e++)
		if (strcmp(dot, *e) == 0)
			return true;
	return false;
}

static bool load_is_json(const char *path)
{
	const char *dot = strrchr(path, '.');
	return dot && (strcmp(dot, ".jsonl") == 0 || strcmp(dot, ".json") == 0);
}

/* A scan's page image by its name: .png .jpg .jpeg .tif .tiff, in any case. */
bool xxgk__is_page_image(const char *name)
{
	static const char *const exts[] = { ".png", ".jpg", ".jpeg", ".tif", ".tiff", NULL };
	const char *dot = strrchr(name, '.');
	if (!dot || name[0] == '.')
		return false;
	for (const char *const *e = exts; *e; e++)
		if (strcasecmp(dot, *e) == 0)
			return true;
	return false;
}

/* Files a folder of page images may hold besides its pages: the placement manifest, what
 * Windows leaves in a folder of pictures. */
bool xxgk__is_folder_extra(const char *name)
{
	return strcmp(name, "manifest.csv") == 0 || strcasecmp(name, "Thumbs.db") == 0 ||
	       strcasecmp(name, "desktop.ini") == 0;
}

/* Names in page order: runs of digits compared as numbers (page-2 before page-10, 002 = 2). */
int xxgk__page_name_cmp(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	while (*x && *y) {
		if (*x >= '0' && *x <= '9' && *y >= '0' && *y <= '9') {
			while (*x == '0' && x[1] >= '0' && x[1] <= '9')
				x++;
			while (*y == '0' && y[1] >= '0' && y[1] <= '9')
				y++;
			size_t nx = strspn(x, "0123456789"), ny = strspn(y, "0123456789");
			if (nx != ny)
				return nx < ny ? -1 : 1;
			int c = strncmp(x, y, nx);
			if (c)
				return c;
			x += nx;
			y += ny;
			continue;
		}
		if (*x != *y)
			return (unsigned char)*x < (unsigned char)*y ? -1 : 1;
		x++;
		y++;
	}
	if (*x || *y)
		return *x ? 1 : -1;
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int load_add_file(xxgk_loader *l, const char *path, const struct stat *st, xxgk_error *err)
{
	if (l->file_count == l->file_cap) {
		size_t cap = l->file_cap ? l->file_cap * 2 : 1024;
		if (l->file_count >= XXGK_LOAD_MAX_FILES)
			return xxgk_error_set(err, XXGK_ETOOBIG, 0, 0, "more than %d files in one load; load them in parts",
					      XXGK_LOAD_MAX_FILES);
		load_file *f = realloc(l->files, cap * sizeof *f);
		if (!f)
			return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
		l->files = f;
		char **p = realloc(l->paths, cap * sizeof *p);
		if (!p)
			return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
		l->paths = p;
		l->file_cap = cap;
	}
	load_file *f = &l->files[l->file_count];
	memset(f, 0, sizeof *f);
	f->path = xxgk_strdup(path);
	if (!f->path)
		return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
	f->size = (long long)st->st_size;
	f->mtime_ns = (long long)st->st_mtim.tv_sec * 1000000000LL + st->st_mtim.tv_nsec;
	f->json = load_is_json(path);
	l->paths[l->file_count] = f->path;
	l->bytes += (uint64_t)st->st_size;
	l->file_count++;
	return XXGK_OK;
}

static int load_name_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Remembers a folder; false when it was walked already (a loop or a second link). */
static int load_dir_seen(xxgk_loader *l, const struct stat *st, bool *seen)
{
	*seen = false;
	for (size_t i = 0; i < l->dir_count; i++)
		if (l->dirs[i].dev == (unsigned long long)st->st_dev && l->dirs[i].ino == (unsigned long long)st->st_ino) {
			*seen = true;
			return XXGK_OK;
		}
	if (l->dir_count == l->dir_cap) {
		size_t cap = l->dir_cap ? l->dir_cap * 2 : 64;
		load_dir_id *d = realloc(l->dirs, cap * sizeof *d);
		if (!d)
			return XXGK_ENOMEM;
		l->dirs = d;
		l->dir_cap = cap;
	}
	l->dirs[l->dir_count++] = (load_dir_id){ (unsigned long long)st->st_dev, (unsigned long long)st->st_ino };
	return XXGK_OK;
}

static const char *load_kind_name(mode_t m)
{
	if (S_ISFIFO(m))
		return "a FIFO";
	if (S_ISSOCK(m))
		return "a socket";
	if (S_ISCHR(m))
		return "a character device";
	if (S_ISBLK(m))
		return "a block device";
	return "not a regular file";
}

static int load_walk(xxgk_loader *l, const char *path, bool top, xxgk_error *err);

/* "path/name", malloc'd; NULL when out of memory. */
static char *load_child(const char *path, const char *name)
{
	size_t plen = strlen(path), nlen = strlen(name);
	char *child = malloc(plen + nlen + 2);
	if (!child)
		return NULL;
	memcpy(child, path, plen);
	size_t k = plen;
	if (k && child[k - 1] != '/')
		child[k++] = '/';
	memcpy(child + k, name, nlen + 1);
	return child;
}

/* The entries of a folder, in name order, hidden ones left out; a folder of page images is one scan. */
static int load_walk_dir(xxgk_loader *l, const char *path, bool top, xxgk_error *err)
{
	DIR *d = opendir(path);
	if (!d) {
		if (top)
			return xxgk_error_set(err, XXGK_EIO, 0, 0, "%s: %s", path, strerror(errno));
		load_skipped(l, path, "%s", strerror(errno));
		return XXGK_OK;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	int rc = XXGK_OK;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			char **nn = realloc(names, cap * sizeof *nn);
			if (!nn) {
				rc = XXGK_ENOMEM;
				break;
			}
			names = nn;
		}
		names[n] = xxgk_strdup(e->d_name);
		if (!names[n]) {
			rc = XXGK_ENOMEM;
			break;
		}
		n++;
	}
	closedir(d);
	if (rc == XXGK_ENOMEM)
		xxgk_error_set(err, rc, 0, 0, "out of memory");
	if (rc == XXGK_OK && n > 1)
		qsort(names, n, sizeof *names, load_name_cmp);
	/* page images outnumbering the other files: the folder is one scan (xxgk_load_pages) */
	size_t images = 0, others = 0;
	bool any = false;
	for (size_t i = 0; i < n && !any; i++)
		any = xxgk__is_page_image(names[i]);
	struct stat scan;
	if (rc == XXGK_OK && any && stat(path, &scan) == 0) {
		scan.st_size = 0;
		for (size_t i = 0; i < n && rc == XXGK_OK; i++) {
			struct stat cst;
			char *child = load_child(path, names[i]);
			if (!child) {
				rc = xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
				break;
			}
			if (!xxgk__is_folder_extra(names[i]) && stat(child, &cst) == 0 && S_ISREG(cst.st_mode)) {
				if (!xxgk__is_page_image(names[i])) {
					others++;
				} else {
					images++;
					scan.st_size += cst.st_size;
					if (cst.st_mtim.tv_sec > scan.st_mtim.tv_sec ||
					    (cst.st_mtim.tv_sec == scan.st_mtim.tv_sec && cst.st_mtim.tv_nsec > scan.st_mtim.tv_nsec))
						scan.st_mtim = cst.st_mtim;
				}
			}
			free(child);
		}
		if (rc == XXGK_OK && images > others) {
			rc = load_add_file(l, path, &scan, err);
			if (rc == XXGK_OK)
				l->files[l->file_count - 1].pages = true;
		}
	}
	for (size_t i = 0; i < n && rc == XXGK_OK; i++) {
		char *child = load_child(path, names[i]);
		if (!child) {
			rc = xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
			break;
		}
		struct stat cst;
		bool file = images && stat(child, &cst) == 0 && !S_ISDIR(cst.st_mode);
		if (strcmp(names[i], "manifest.csv") == 0) {
			/* a folder's manifest places the bodies its text cannot */
			if (!load_manifest(l))
				rc = xxgk_manifest_load(&l->own_manifest, child, err);
		} else if (images > others && file) {
			/* a page of the scan, or a file its reading refuses by name (xxgk_load_pages) */
		} else if (file && S_ISREG(cst.st_mode) && xxgk__is_page_image(names[i])) {
			load_skipped(l, child, "a page image among other reports; a scan's page images go in a folder of their own");
		} else {
			rc = load_walk(l, child, false, err);
		}
		free(child);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

/* Adds a path: a file, or a folder walked. `top`: named by the caller. */
static int load_walk(xxgk_loader *l, const char *path, bool top, xxgk_error *err)
{
	struct stat st, lst;
	if (stat(path, &st) != 0) {
		int e = errno;
		bool link = lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode);
		if (top && !link)
			return xxgk_error_set(err, XXGK_EIO, 0, 0, "%s: %s", path, strerror(e));
		if (link && e == ELOOP)
			load_skipped(l, path, "a symbolic link loop");
		else if (link && e == ENOENT)
			load_skipped(l, path, "a symbolic link to nothing (dangling)");
		else
			load_skipped(l, path, "%s", strerror(e));
		return XXGK_OK;
	}
	if (S_ISDIR(st.st_mode)) {
		bool seen;
		if (load_dir_seen(l, &st, &seen) != XXGK_OK)
			return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
		if (seen) {
			load_skipped(l, path, "a folder already walked (a symbolic link loop or a second link to it)");
			return XXGK_OK;
		}
		return load_walk_dir(l, path, top, err);
	}
	if (!S_ISREG(st.st_mode)) {
		load_skipped(l, path, "%s, not a regular file", load_kind_name(st.st_mode));
		return XXGK_OK;
	}
	const char *base = strrchr(path, '/');
	if (!load_wanted(base ? base + 1 : path, top))
		return XXGK_OK;
	return load_add_file(l, path, &st, err);
}

int xxgk_loader_new(xxgk_loader **out, xxgk_store *store, const xxgk_load_options *opts, xxgk_error *err)
{
	*out = NULL;
	xxgk_load_options o = XXGK_LOAD_OPTIONS_INIT;
	if (opts)
		o = *opts;
	if (!store && !o.on_report)
		return xxgk_error_set(err, XXGK_EINVAL, 0, 0, "a loader needs a store or an on_report callback");
	if (o.jobs < 0 || o.jobs > LOAD_MAX_JOBS)
		return xxgk_error_set(err, XXGK_EINVAL, 0, 0, "jobs must be from 1 to %d", LOAD_MAX_JOBS);
	if (o.jobs == 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		o.jobs = n < 1 ? 1 : n > LOAD_MAX_JOBS ? LOAD_MAX_JOBS : (int)n;
	}
	if (o.batch == 0)
		o.batch = XXGK_LOAD_BATCH_DEFAULT;
	xxgk_loader *l = calloc(1, sizeof *l);
	if (!l)
		return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
	l->store = store;
	l->opts = o;
	*out = l;
	return XXGK_OK;
}

int xxgk_loader_add(xxgk_loader *l, const char *path, xxgk_error *err)
{
	if (l->ran)
		return xxgk_error_set(err, XXGK_EINVAL, 0, 0, "the loader has run already");
	return load_walk(l, path, true, err);
}

const char *const *xxgk_loader_files(const xxgk_loader *l, size_t *count)
{
	*count = l->file_count;
	return (const char *const *)l->paths;
}

void xxgk_loader_free(xxgk_loader *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->file_count; i++) {
		free(l->files[i].path);
		free(l->files[i].manifest);
		free(l->files[i].key);
	}
	free(l->files);
	free(l->paths);
	free(l->dirs);
	xxgk_manifest_free(l->own_manifest);
	free(l);
}

/* ------------------------------------------------------------ reading and parsing (worker threads) */

static void slot_error(load_slot *s, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

static void slot_error(load_slot *s, const char *fmt, ...)
{
	char msg[LOAD_MSG_CAP];
	va_list ap;
	va_start(ap, fmt);
	xxgk_vformat(msg, sizeof msg, fmt, ap);
	va_end(ap);
	/* the one-line promise: a reason never carries a newline */
	for (char *p = msg; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	char **e = realloc(s->errors, (s->error_count + 1) * sizeof *e);
	if (!e)
		return;
	s->errors = e;
	s->errors[s->error_count] = xxgk_strdup(msg);
	if (s->errors[s->error_count])
		s->error_count++;
}

static void slot_report(load_slot *s, xxgk_report *r, const char *shown)
{
	xxgk_report **rs = realloc(s->reports, (s->report_count + 1) * sizeof *rs);
	if (!rs) {
		xxgk_report_free(r);
		slot_error(s, "%s: out of memory", shown);
		return;
	}
	s->reports = rs;
	s->reports[s->report_count++] = r;
}

static void slot_free(load_slot *s)
{
	for (size_t k = 0; k < s->report_count; k++)
		xxgk_report_free(s->reports[k]);
	for (size_t k = 0; k < s->error_count; k++)
		free(s->errors[k]);
	free(s->reports);
	free(s->errors);
	memset(s, 0, sizeof *s);
}

/*
 * Reads a whole regular file of at most `cap` bytes. Opened without
 * blocking and checked with fstat, so a path that became a FIFO since it
 * was listed fails instead of waiting for a writer.
 */
static int load_read(const char *path, size_t cap, char **out, size_t *out_len, char *why, size_t why_cap)
{
	*out = NULL;
	*out_len = 0;
	int fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		snprintf(why, why_cap, "%s", strerror(errno));
		return XXGK_EIO;
	}
	int rc = XXGK_OK;
	char *buf = NULL;
	struct stat st;
	if (fstat(fd, &st) != 0) {
		snprintf(why, why_cap, "%s", strerror(errno));
		rc = XXGK_EIO;
		goto done;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(why, why_cap, "%s, not a regular file", load_kind_name(st.st_mode));
		rc = XXGK_EIO;
		goto done;
	}
	if ((unsigned long long)st.st_size > cap) {
		snprintf(why, why_cap, "%.1f MB is over the %zu MB limit for one report", (double)st.st_size / 1e6,
			 cap >> 20);
		rc = XXGK_ETOOBIG;
		goto done;
	}
	/* one byte more than the size: a file that grew since fstat is seen */
	size_t want = (size_t)st.st_size + 1, len = 0;
	buf = malloc(want + 1);
	if (!buf) {
		snprintf(why, why_cap, "out of memory");
		rc = XXGK_ENOMEM;
		goto done;
	}
	for (;;) {
		if (len == want) {
			if (want > cap) {
				snprintf(why, why_cap, "over the %zu MB limit for one report", cap >> 20);
				rc = XXGK_ETOOBIG;
				goto done;
			}
			size_t nw = want * 2 > cap + 1 ? cap + 1 : want * 2;
			char *nb = realloc(buf, nw + 1);
			if (!nb) {
				snprintf(why, why_cap, "out of memory");
				rc = XXGK_ENOMEM;
				goto done;
			}
			buf = nb;
			want = nw;
		}
		ssize_t got = read(fd, buf + len, want - len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			snprintf(why, why_cap, "read error: %s", strerror(errno));
			rc = XXGK_EIO;
			goto done;
		}
		if (got == 0)
			break;
		len += (size_t)got;
	}
	buf[len] = '\0';
	*out = buf;
	*out_len = len;
	buf = NULL;
done:
	free(buf);
	close(fd);
	return rc;
}

void xxgk__page_files_free(xxgk_page_files *pf)
{
	for (size_t i = 0; i < pf->n; i++) {
		free(pf->names[i]);
		if (pf->bufs)
			free(pf->bufs[i]);
	}
	free(pf->names);
	free(pf->bufs);
	free(pf->lens);
	memset(pf, 0, sizeof *pf);
}

int xxgk__page_files_read(xxgk_page_files *pf, const char *dir, xxgk_error *err)
{
	memset(pf, 0, sizeof *pf);
	xxgk_error_clear(err);
	DIR *d = opendir(dir);
	if (!d)
		return xxgk_error_set(err, XXGK_EIO, 0, 0, "%s", strerror(errno));
	char **names = NULL, **bufs = NULL;
	size_t *lens = NULL;
	size_t n = 0, cap = 0, total = 0;
	int rc = XXGK_OK;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || xxgk__is_folder_extra(e->d_name))
			continue;
		char *child = load_child(dir, e->d_name);
		struct stat st;
		bool sub = child && stat(child, &st) == 0 && S_ISDIR(st.st_mode);
		free(child);
		if (!child) {
			rc = xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
			break;
		}
		if (sub)
			continue;   /* a folder inside is walked by itself */
		if (!xxgk__is_page_image(e->d_name)) {
			char shown[LOAD_MSG_CAP / 2];
			rc = xxgk_error_set(err, XXGK_EPARSE, 0, 0,
					    "%s: not a page image (.png .jpg .jpeg .tif .tiff) in a folder of a scan's pages; "
					    "move it out, the scan is not read without it",
					    xxgk_printable(shown, sizeof shown, e->d_name));
			break;
		}
		if (n == XXGK_LOAD_MAX_PAGES) {
			rc = xxgk_error_set(err, XXGK_ETOOBIG, 0, 0, "more than %d page images in the folder",
					    XXGK_LOAD_MAX_PAGES);
			break;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			char **nn = realloc(names, cap * sizeof *nn);
			if (!nn) {
				rc = xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
				break;
			}
			names = nn;
		}
		if (!(names[n] = xxgk_strdup(e->d_name))) {
			rc = xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
			break;
		}
		n++;
	}
	closedir(d);
	if (rc == XXGK_OK && n == 0)
		rc = xxgk_error_set(err, XXGK_EINVAL, 0, 0, "no page images (.png .jpg .jpeg .tif .tiff) in the folder");
	if (rc == XXGK_OK) {
		qsort(names, n, sizeof *names, xxgk__page_name_cmp);
		bufs = calloc(n, sizeof *bufs);
		lens = calloc(n, sizeof *lens);
		if (!bufs || !lens)
			rc = xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
	}
	for (size_t i = 0; i < n && rc == XXGK_OK; i++) {
		char why[256], shown[LOAD_MSG_CAP / 2];
		char *child = load_child(dir, names[i]);
		if (!child) {
			rc = xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
			break;
		}
		rc = load_read(child, XXGK_PARSE_MAX_INPUT, &bufs[i], &lens[i], why, sizeof why);
		free(child);
		if (rc != XXGK_OK) {
			xxgk_error_set(err, rc, 0, 0, "%s: %s", xxgk_printable(shown, sizeof shown, names[i]), why);
			break;
		}
		total += lens[i];
		if (total > XXGK_LOAD_MAX_PAGES_BYTES)
			rc = xxgk_error_set(err, XXGK_ETOOBIG, 0, 0, "the page images are over the %zu MB limit for one scan",
					    (size_t)(XXGK_LOAD_MAX_PAGES_BYTES >> 20));
	}
	/* the names are said in messages from here on: control characters shown escaped */
	for (size_t i = 0; i < n && rc == XXGK_OK; i++) {
		char shown[LOAD_MSG_CAP / 2], *copy;
		if (strcmp(xxgk_printable(shown, sizeof shown, names[i]), names[i]) == 0)
			continue;
		if (!(copy = xxgk_strdup(shown))) {
			rc = xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
		} else {
			free(names[i]);
			names[i] = copy;
		}
	}
	pf->names = names;
	pf->bufs = bufs;
	pf->lens = lens;
	pf->n = n;
	if (rc != XXGK_OK)
		xxgk__page_files_free(pf);
	return rc;
}

int xxgk_load_pages(xxgk_report **out, const char *dir, const xxgk_parse_options *opts, xxgk_error *err)
{
	*out = NULL;
	xxgk_page_files pf;
	int rc = xxgk__page_files_read(&pf, dir, err);
	if (rc == XXGK_OK) {
		const char *end = dir + strlen(dir);
		while (end > dir + 1 && end[-1] == '/')
			end--;
		const char *base = end;
		while (base > dir && base[-1] != '/')
			base--;
		char name[256];
		snprintf(name, sizeof name, "%.*s", (int)(end - base), base);
		xxgk_parse_options o = opts ? *opts : (xxgk_parse_options)XXGK_PARSE_OPTIONS_INIT;
		if (!o.name)
			o.name = name;
		rc = xxgk_parse_pages(out, (const char *const *)pf.bufs, pf.lens, (const char *const *)pf.names, pf.n,
				      &o, err);
	}
	xxgk__page_files_free(&pf);
	return rc;
}

/* A manifest line replaces what the text said about the region. */
static void load_apply_manifest(const xxgk_loader *l, load_slot *s, xxgk_report *r, const char *path,
				const char *shown)
{
	const char *code;
	int level;
	xxgk_error err;
	const xxgk_manifest *m = load_manifest(l);
	const char *key = r->source_name ? r->source_name : path;
	if (l->opts.gazetteer && (xxgk_manifest_lookup(m, key, &code, &level) || xxgk_manifest_lookup(m, path, &code, &level)) &&
	    xxgk_region_assign(r, l->opts.gazetteer, code, level, &err) != XXGK_OK)
		slot_error(s, "%s: manifest: %s", shown, err.message);
}

/* The reports of a JSON Lines file (a pretty-printed .json is one report). */
static void load_json(const xxgk_loader *l, const load_file *f, const char *buf, size_t len, load_slot *s,
		      const char *shown)
{
	bool whole = strrchr(f->path, '.') && strcmp(strrchr(f->path, '.'), ".json") == 0;
	size_t i = 0;
	unsigned lineno = 0;
	while (i < len) {
		const char *nl = whole ? NULL : memchr(buf + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - buf) : len;
		lineno++;
		size_t a = i;
		while (a < e && (buf[a] == ' ' || buf[a] == '\r' || buf[a] == '\t'))
			a++;
		if (a < e) {
			xxgk_report *r = NULL;
			xxgk_error err;
			char where[LOAD_MSG_CAP / 2 + 16];
			if (whole)
				snprintf(where, sizeof where, "%s", shown);
			else
				snprintf(where, sizeof where, "%s:%u", shown, lineno);
			if (s->report_count >= LOAD_JSONL_CAP) {
				slot_error(s, "%s: more than %d reports in one file; split it", where, LOAD_JSONL_CAP);
				break;
			}
			if (xxgk_report_from_json(&r, buf + a, e - a, &err) != XXGK_OK) {
				slot_error(s, "%s: %s", where, err.message);
			} else if (strlen(r->sha256) != 64) {
				slot_error(s, "%s: the report has no source.sha256", where);
				xxgk_report_free(r);
			} else if (l->opts.gazetteer && r->region_code &&
				   !xxgk_gazetteer_find(l->opts.gazetteer, r->region_code)) {
				slot_error(s, "%s: \"agency.region_code\" %s is not a region of the gazetteer", where,
					   r->region_code);
				xxgk_report_free(r);
			} else {
				load_apply_manifest(l, s, r, f->path, shown);
				slot_report(s, r, shown);
			}
		}
		i = e + 1;
	}
}

static void load_one(const xxgk_loader *l, const load_file *f, load_slot *s)
{
	char why[256], shown[LOAD_MSG_CAP / 2];
	char *buf = NULL;
	size_t len = 0;
	xxgk_printable(shown, sizeof shown, f->path);
	if (f->pages) {
		xxgk_parse_options opts = XXGK_PARSE_OPTIONS_INIT;
		opts.gazetteer = l->opts.gazetteer;
		xxgk_report *r = NULL;
		xxgk_error err;
		if (xxgk_load_pages(&r, f->path, &opts, &err) != XXGK_OK) {
			slot_error(s, "%s: %s", shown, err.message);
		} else {
			load_apply_manifest(l, s, r, f->path, shown);
			slot_report(s, r, shown);
		}
		return;
	}
	int rc = load_read(f->path, XXGK_PARSE_MAX_INPUT, &buf, &len, why, sizeof why);
	if (rc != XXGK_OK) {
		slot_error(s, "%s: %s", shown, why);
		return;
	}
	if (f->json) {
		load_json(l, f, buf, len, s, shown);
		free(buf);
		return;
	}
	const char *base = strrchr(f->path, '/');
	xxgk_parse_options opts = XXGK_PARSE_OPTIONS_INIT;
	opts.name = base ? base + 1 : f->path;
	opts.gazetteer = l->opts.gazetteer;
	xxgk_report *r = NULL;
	xxgk_error err;
	rc = xxgk_parse_buffer(&r, buf, len, &opts, &err);
	if (rc != XXGK_OK) {
		xxgk_sha256_hex(s->sha256, buf, len);
		if (err.line)
			slot_error(s, "%s:%u: %s", shown, err.line, err.message);
		else
			slot_error(s, "%s: %s", shown, err.message);
	} else {
		load_apply_manifest(l, s, r, f->path, shown);
		slot_report(s, r, shown);
	}
	free(buf);
}

static void *load_worker(void *arg)
{
	xxgk_loader *l = arg;
	for (;;) {
		pthread_mutex_lock(&l->mu);
		/* a file's slot must be free: stay at most LOAD_RING ahead of the writer */
		while (l->next_file < l->work_count && l->next_file >= l->written + LOAD_RING)
			pthread_cond_wait(&l->cv, &l->mu);
		if (l->next_file >= l->work_count) {
			pthread_mutex_unlock(&l->mu);
			return NULL;
		}
		size_t i = l->next_file++;
		pthread_mutex_unlock(&l->mu);
		load_slot s;
		memset(&s, 0, sizeof s);
		if (!l->files[i].unchanged)
			load_one(l, &l->files[i], &s);
		pthread_mutex_lock(&l->mu);
		s.ready = true;
		l->ring[i % LOAD_RING] = s;
		pthread_cond_broadcast(&l->cv);
		pthread_mutex_unlock(&l->mu);
	}
}

/* ------------------------------------------------------------ writing (the caller's thread) */

static double load_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Takes slot i from the ring when a worker has filled it. */
static load_slot load_take(xxgk_loader *l, size_t i)
{
	pthread_mutex_lock(&l->mu);
	while (!l->ring[i % LOAD_RING].ready)
		pthread_cond_wait(&l->cv, &l->mu);
	load_slot s = l->ring[i % LOAD_RING];
	memset(&l->ring[i % LOAD_RING], 0, sizeof l->ring[0]);
	pthread_mutex_unlock(&l->mu);
	return s;
}

static void load_consumed(xxgk_loader *l, size_t i)
{
	pthread_mutex_lock(&l->mu);
	l->written = i + 1;
	pthread_cond_broadcast(&l->cv);
	pthread_mutex_unlock(&l->mu);
}

/* Stops the workers after the files they hold and frees those files' slots, from file `from` on. */
static void load_drain(xxgk_loader *l, size_t from)
{
	pthread_mutex_lock(&l->mu);
	l->work_count = l->next_file;
	pthread_cond_broadcast(&l->cv);
	size_t end = l->next_file;
	pthread_mutex_unlock(&l->mu);
	for (size_t j = from; j < end; j++) {
		load_slot d = load_take(l, j);
		slot_free(&d);
		load_consumed(l, j);
	}
}

static void load_add_counts(xxgk_load_summary *to, const xxgk_load_summary *from)
{
	to->loaded += from->loaded;
	to->unchanged += from->unchanged;
	to->replaced += from->replaced;
	to->failed += from->failed;
	to->files_done += from->files_done;
	to->files_unchanged += from->files_unchanged;
	to->bytes_done += from->bytes_done;
}

/* "code,level" of the manifest line for a file, or NULL; false when out of memory. */
static bool load_manifest_line(const xxgk_loader *l, load_file *f)
{
	const char *code;
	int level;
	if (!xxgk_manifest_lookup(load_manifest(l), f->path, &code, &level))
		return true;
	size_t n = strlen(code) + 16;
	f->manifest = malloc(n);
	if (!f->manifest)
		return false;
	snprintf(f->manifest, n, "%s,%d", code, level);
	return true;
}

/*
 * Marks the files that need no reading: path, size, mtime, parser version
 * and manifest line as recorded in `files`. A JSON Lines file is always read
 * when a manifest is in use (its reports are placed by their own names).
 */
static int load_find_unchanged(xxgk_loader *l, xxgk_error *err)
{
	for (size_t i = 0; i < l->file_count; i++) {
		load_file *f = &l->files[i];
		char *abs = realpath(f->path, NULL);
		if (!abs)
			continue;   /* gone since listed: reading it will tell why */
		f->key = abs;
		if (!load_manifest_line(l, f))
			return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
		if (l->opts.rehash || (f->json && load_manifest(l)))
			continue;
		int known = xxgk_store_file_known(l->store, f->key, f->size, f->mtime_ns, f->manifest,
						  &f->known_reports, err);
		if (known < 0)
			return known;
		f->unchanged = known == 1;
	}
	return XXGK_OK;
}

int xxgk_loader_run(xxgk_loader *l, xxgk_load_summary *out, xxgk_error *err)
{
	memset(out, 0, sizeof *out);
	xxgk_error_clear(err);
	if (l->ran)
		return xxgk_error_set(err, XXGK_EINVAL, 0, 0, "the loader has run already");
	l->ran = true;
	double t0 = load_now();
	xxgk_load_summary done, pending, shown;
	memset(&done, 0, sizeof done);
	memset(&pending, 0, sizeof pending);
	done.files = l->file_count;
	done.bytes = l->bytes;
	done.skipped = l->skipped;
	int rc = XXGK_OK;
	pthread_t *threads = NULL;
	int started = 0;
	size_t in_tx = 0;

	if (l->store && l->opts.gazetteer &&
	    ((rc = xxgk_store_begin(l->store, err)) != XXGK_OK ||
	     (rc = xxgk_store_put_regions(l->store, l->opts.gazetteer, err)) != XXGK_OK ||
	     (rc = xxgk_store_commit(l->store, err)) != XXGK_OK)) {
		xxgk_store_rollback(l->store);
		goto out;
	}
	if (l->store && (rc = load_find_unchanged(l, err)) != XXGK_OK)
		goto out;

	pthread_mutex_init(&l->mu, NULL);
	pthread_cond_init(&l->cv, NULL);
	l->work_count = l->file_count;
	threads = calloc((size_t)l->opts.jobs, sizeof *threads);
	if (!threads) {
		rc = xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
		goto sync_out;
	}
	for (int t = 0; t < l->opts.jobs; t++) {
		if (pthread_create(&threads[t], NULL, load_worker, l) != 0)
			break;
		started++;
	}
	if (!started && l->file_count) {
		rc = xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "cannot start a thread");
		goto sync_out;
	}
	shown = done;
	shown.seconds = 0;
	load_event(l, XXGK_LOAD_EVENT_PROGRESS, NULL, NULL, &shown);

	for (size_t i = 0; i < l->file_count; i++) {
		const load_file *f = &l->files[i];
		load_slot s = load_take(l, i);
		bool clean = s.error_count == 0;
		if (f->unchanged) {
			/* nothing to write: its reports are in the store already */
			done.unchanged += f->known_reports;
			done.files_unchanged++;
			done.files_done++;
			done.bytes_done += (uint64_t)f->size;
		}
		for (size_t k = 0; rc == XXGK_OK && (k < s.report_count || k < s.error_count); k++) {
			if (l->store && !in_tx) {
				if ((rc = xxgk_store_begin(l->store, err)) != XXGK_OK)
					break;
				in_tx = 1;
			}
			if (k < s.report_count) {
				if (l->store) {
					int outcome;
					if ((rc = xxgk_store_put(l->store, s.reports[k], &outcome, err)) != XXGK_OK)
						break;
					if (outcome == XXGK_PUT_UNCHANGED)
						pending.unchanged++;
					else if (outcome == XXGK_PUT_REPLACED)
						pending.replaced++;
					else
						pending.loaded++;
					in_tx++;
				} else {
					xxgk_report *r = s.reports[k];
					s.reports[k] = NULL;
					pending.loaded++;
					if ((rc = l->opts.on_report(r, f->path, l->opts.report_ctx)) != XXGK_OK) {
						xxgk_error_set(err, rc, 0, 0, "stopped by the report callback");
						break;
					}
				}
			}
			if (k < s.error_count) {
				pending.failed++;
				shown = done;
				load_add_counts(&shown, &pending);
				load_event(l, XXGK_LOAD_EVENT_FAILED, f->path, s.errors[k], &shown);
				if (l->store) {
					if ((rc = xxgk_store_quarantine(l->store, f->path, s.sha256[0] ? s.sha256 : NULL,
									s.errors[k], err)) != XXGK_OK)
						break;
					in_tx++;
				}
			}
			if (l->store && in_tx > l->opts.batch) {
				if ((rc = xxgk_store_commit(l->store, err)) != XXGK_OK)
					break;
				in_tx = 0;
				load_add_counts(&done, &pending);
				memset(&pending, 0, sizeof pending);
			}
		}
		/* a file whose every report is written is recorded with them */
		if (rc == XXGK_OK && l->store && clean && !f->unchanged && f->key) {
			if (!in_tx && (rc = xxgk_store_begin(l->store, err)) == XXGK_OK)
				in_tx = 1;
			if (rc == XXGK_OK)
				rc = xxgk_store_file_loaded(l->store, f->key, f->size, f->mtime_ns, f->manifest,
							    s.report_count, err);
		}
		if (!f->unchanged) {
			pending.files_done++;
			pending.bytes_done += (uint64_t)f->size;
		}
		slot_free(&s);
		load_consumed(l, i);
		if (rc != XXGK_OK) {
			load_drain(l, i + 1);
			break;
		}
		if (!l->store) {
			load_add_counts(&done, &pending);
			memset(&pending, 0, sizeof pending);
		}
		shown = done;
		load_add_counts(&shown, &pending);
		shown.seconds = load_now() - t0;
		load_event(l, XXGK_LOAD_EVENT_PROGRESS, NULL, NULL, &shown);
		if (l->opts.stop && *l->opts.stop && i + 1 < l->file_count) {
			done.interrupted = true;
			load_drain(l, i + 1);
			break;
		}
	}
	if (rc == XXGK_OK && l->store && in_tx) {
		if ((rc = xxgk_store_commit(l->store, err)) == XXGK_OK) {
			load_add_counts(&done, &pending);
			in_tx = 0;
		}
	}
	/* rows only another year settles, now that both years are stored (issue 11 item 6) */
	if (rc == XXGK_OK && l->store && !done.interrupted && (done.loaded || done.replaced))
		rc = xxgk_store_settle_years(l->store, NULL, err);
	if (rc != XXGK_OK && l->store)
		xxgk_store_rollback(l->store);
sync_out:
	for (int t = 0; t < started; t++)
		pthread_join(threads[t], NULL);
	free(threads);
	pthread_mutex_destroy(&l->mu);
	pthread_cond_destroy(&l->cv);
out:
	done.seconds = load_now() - t0;
	*out = done;
	return rc;
}
