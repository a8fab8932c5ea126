/*
 * cmd_load.c — `xxgk load [--db FILE] PATH...`: reports (raw, or JSON Lines
 * from `xxgk parse --json`) into the store.
 *
 * Worker threads read and parse files in order into a ring of slots; the
 * main thread writes the slots in the same order, so the database sees the
 * files in the order given whatever the threads do. Writes go in
 * transactions of whole reports (LOAD_TX_REPORTS a transaction): a crash
 * leaves whole reports only. A file that fails goes to the quarantine with
 * its reason and the batch goes on.
 */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "xxgk/json.h"
#include "xxgk/parse.h"
#include "xxgk/region.h"
#include "xxgk/store.h"
#include "cli.h"
#include "../common/common_int.h"

/* Reports written in one transaction by default: a bound on the WAL and on
 * the work a crash loses; --batch changes it. */
#define LOAD_TX_REPORTS 5000
/* Files parsed ahead of the writer; bounds memory whatever the batch size. */
#define LOAD_RING 256
/* Reports from one JSON Lines file held at once. */
#define LOAD_JSONL_CAP 100000
/* Files in one load (a national year is 200,000). */
#define LOAD_MAX_FILES 5000000

typedef struct {
	xxgk_report **reports;   /* owned */
	size_t report_count;
	char **errors;           /* owned one-line reasons, "path:line: reason" */
	size_t error_count;
	char sha256[65];         /* of a file that failed as a whole, or "" */
	bool ready;
} load_slot;

typedef struct {
	char **files;
	size_t file_count, file_cap;
	size_t file_total;       /* files listed, for freeing (file_count may be cut short) */
	const xxgk_gazetteer *gaz;
	cli_manifest *manifest;
	load_slot ring[LOAD_RING];
	size_t next_file;        /* next file a worker takes */
	size_t written;          /* files the writer has consumed */
	pthread_mutex_t mu;
	pthread_cond_t cv;
} load_ctx;

static bool load_wanted(const char *name, bool explicit_file)
{
	static const char *const exts[] = { ".txt", ".md", ".markdown", ".html", ".htm", ".jsonl", ".pdf", ".docx",
					     ".doc", ".wps", NULL };
	const char *dot = strrchr(name, '.');
	if (!dot)
		return explicit_file;
	if (explicit_file)
		return true;
	/* fixtures' expected and truth files are not reports to load from a folder */
	if (strstr(name, ".expected.") || strstr(name, ".truth."))
		return false;
	for (const char *const *e = exts; *e; e++)
		if (strcmp(dot, *e) == 0)
			return true;
	return false;
}

static int load_add_file(load_ctx *c, const char *path)
{
	if (c->file_count == c->file_cap) {
		size_t cap = c->file_cap ? c->file_cap * 2 : 1024;
		if (cap > LOAD_MAX_FILES)
			return XXGK_ETOOBIG;
		char **f = realloc(c->files, cap * sizeof *f);
		if (!f)
			return XXGK_ENOMEM;
		c->files = f;
		c->file_cap = cap;
	}
	c->files[c->file_count] = xxgk_strdup(path);
	if (!c->files[c->file_count])
		return XXGK_ENOMEM;
	c->file_total = ++c->file_count;
	return XXGK_OK;
}

static int load_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Adds a path: a file, or a folder walked in name order (hidden entries skipped). */
static int load_walk(load_ctx *c, const char *path, bool top, char *why, size_t why_cap)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		snprintf(why, why_cap, "%s: %s", path, strerror(errno));
		return XXGK_EIO;
	}
	if (!S_ISDIR(st.st_mode)) {
		const char *base = strrchr(path, '/');
		base = base ? base + 1 : path;
		if (!load_wanted(base, top))
			return XXGK_OK;
		return load_add_file(c, path);
	}
	DIR *d = opendir(path);
	if (!d) {
		snprintf(why, why_cap, "%s: %s", path, strerror(errno));
		return XXGK_EIO;
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
	if (rc == XXGK_OK)
		qsort(names, n, sizeof *names, load_cmp);
	for (size_t i = 0; i < n && rc == XXGK_OK; i++) {
		char child[4096];
		snprintf(child, sizeof child, "%s/%s", path, names[i]);
		if (strcmp(names[i], "manifest.csv") == 0) {
			/* a folder's manifest places the bodies its text cannot */
			if (!c->manifest)
				rc = cli_manifest_load(&c->manifest, child, why, why_cap);
			continue;
		}
		rc = load_walk(c, child, false, why, why_cap);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (rc == XXGK_ENOMEM)
		snprintf(why, why_cap, "out of memory");
	return rc;
}

static void slot_error(load_slot *s, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

static void slot_error(load_slot *s, const char *fmt, ...)
{
	char msg[768];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	char **e = realloc(s->errors, (s->error_count + 1) * sizeof *e);
	if (!e)
		return;
	s->errors = e;
	s->errors[s->error_count] = xxgk_strdup(msg);
	if (s->errors[s->error_count])
		s->error_count++;
}

static void slot_report(load_slot *s, xxgk_report *r)
{
	xxgk_report **rs = realloc(s->reports, (s->report_count + 1) * sizeof *rs);
	if (!rs) {
		xxgk_report_free(r);
		slot_error(s, "out of memory");
		return;
	}
	s->reports = rs;
	s->reports[s->report_count++] = r;
}

/* A manifest line replaces what the text said about the region. */
static void load_apply_manifest(load_ctx *c, load_slot *s, xxgk_report *r, const char *path)
{
	const char *code;
	int level;
	xxgk_error err;
	const char *key = r->source_name ? r->source_name : path;
	if (c->gaz && (cli_manifest_lookup(c->manifest, key, &code, &level) ||
		       cli_manifest_lookup(c->manifest, path, &code, &level)) &&
	    xxgk_region_assign(r, c->gaz, code, level, &err) != XXGK_OK)
		slot_error(s, "%s: manifest: %s", path, err.message);
}

static void load_one(load_ctx *c, const char *path, load_slot *s)
{
	char why[256];
	char *buf = NULL;
	size_t len = 0;
	int rc = cli_read_file(path, XXGK_PARSE_MAX_INPUT, &buf, &len, why, sizeof why);
	if (rc != XXGK_OK) {
		slot_error(s, "%s: %s", path, why);
		return;
	}
	const char *dot = strrchr(path, '.');
	if (dot && (strcmp(dot, ".jsonl") == 0 || strcmp(dot, ".json") == 0)) {
		/* one report a line; a pretty-printed .json is one report */
		bool whole = strcmp(dot, ".json") == 0;
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
				if (s->report_count >= LOAD_JSONL_CAP) {
					slot_error(s, "%s:%u: more than %d reports in one file; split it", path, lineno,
						   LOAD_JSONL_CAP);
					break;
				}
				if (xxgk_report_from_json(&r, buf + a, e - a, &err) != XXGK_OK) {
					slot_error(s, "%s:%u: %s", path, whole ? 0 : lineno, err.message);
				} else if (strlen(r->sha256) != 64) {
					slot_error(s, "%s:%u: the report has no source.sha256", path, lineno);
					xxgk_report_free(r);
				} else {
					load_apply_manifest(c, s, r, path);
					slot_report(s, r);
				}
			}
			i = e + 1;
		}
		free(buf);
		return;
	}
	const char *base = strrchr(path, '/');
	xxgk_parse_options opts = XXGK_PARSE_OPTIONS_INIT;
	opts.name = base ? base + 1 : path;
	opts.gazetteer = c->gaz;
	xxgk_report *r = NULL;
	xxgk_error err;
	rc = xxgk_parse_buffer(&r, buf, len, &opts, &err);
	if (rc != XXGK_OK) {
		xxgk_sha256_hex(s->sha256, buf, len);
		if (err.line)
			slot_error(s, "%s:%u: %s", path, err.line, err.message);
		else
			slot_error(s, "%s: %s", path, err.message);
	} else {
		load_apply_manifest(c, s, r, path);
		slot_report(s, r);
	}
	free(buf);
}

static void *load_worker(void *arg)
{
	load_ctx *c = arg;
	for (;;) {
		pthread_mutex_lock(&c->mu);
		/* a file's slot must be free: stay at most LOAD_RING ahead of the writer */
		while (c->next_file < c->file_count && c->next_file >= c->written + LOAD_RING)
			pthread_cond_wait(&c->cv, &c->mu);
		if (c->next_file >= c->file_count) {
			pthread_mutex_unlock(&c->mu);
			return NULL;
		}
		size_t i = c->next_file++;
		pthread_mutex_unlock(&c->mu);
		load_slot s;
		memset(&s, 0, sizeof s);
		load_one(c, c->files[i], &s);
		pthread_mutex_lock(&c->mu);
		s.ready = true;
		c->ring[i % LOAD_RING] = s;
		pthread_cond_broadcast(&c->cv);
		pthread_mutex_unlock(&c->mu);
	}
}

static double load_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

enum { LOAD_DB, LOAD_MANIFEST, LOAD_GAZETTEER, LOAD_JOBS, LOAD_BATCH, LOAD_QUIET };

static const cli_opt load_opts[] = {
	[LOAD_DB] = { "db", 0, "FILE", N_("the database (default xxgk.db; created when missing)") },
	[LOAD_MANIFEST] = { "manifest", 0, "CSV", N_("file,region_code,level lines that place bodies the text cannot") },
	[LOAD_GAZETTEER] = { "gazetteer", 0, "DIR", N_("region tables (default $XXGK_DATA_DIR/gazetteer or the installed ones)") },
	[LOAD_JOBS] = { "jobs", 'j', "N", N_("parsing threads (default: the number of cores)") },
	[LOAD_BATCH] = { "batch", 0, "N", N_("reports a transaction (default 5000): what a crash can lose") },
	[LOAD_QUIET] = { "quiet", 'q', NULL, N_("no progress and no per-file errors (the summary stays)") },
	{ NULL, 0, NULL, NULL },
};

const cli_command cli_load = {
	.name = "load",
	.synopsis = N_("[OPTIONS] PATH..."),
	.summary = N_("load reports (or parse --json output) into an SQLite database"),
	.text = N_("Loads reports into one SQLite database (docs/store.md). PATH is a file or a folder\n"
		   "(walked in name order: .txt .md .html .htm .pdf .docx .jsonl, and .doc .wps to say how\n"
		   "to convert them; a manifest.csv inside is used).\n"
		   "Raw reports are parsed; JSON Lines from `xxgk parse --json` are loaded as they are.\n"
		   "\n"
		   "The same document loaded again changes nothing; one parsed by an older xxgk is parsed\n"
		   "again. Two documents for the same body and year are both kept and flagged; one is chosen\n"
		   "(docs/store.md). A file that fails is listed (file:line: reason), kept in the\n"
		   "quarantine table, and the others go through; a crash leaves whole reports only."),
	.opts = load_opts,
	.exit_text = N_("some file failed (listed, and kept in the quarantine table)"),
	.examples = "xxgk load --db county.db reports/2024/\n"
		    "xxgk load --db county.db --manifest places.csv reports/2024/",
	.run = cli_cmd_load,
};

int cli_cmd_load(int argc, char **argv)
{
	const char *db = "xxgk.db", *manifest_path = NULL, *gaz_dir = NULL;
	int jobs = (int)sysconf(_SC_NPROCESSORS_ONLN);
	size_t batch = LOAD_TX_REPORTS;
	bool quiet = false;
	cli_args a;
	int o;
	long v;
	cli_args_init(&a, &cli_load, argc, argv);
	while ((o = cli_args_next(&a)) >= 0) {
		switch (o) {
		case LOAD_DB: db = a.arg; break;
		case LOAD_MANIFEST: manifest_path = a.arg; break;
		case LOAD_GAZETTEER: gaz_dir = a.arg; break;
		case LOAD_JOBS:
			if (cli_arg_long(&a, 1, 256, &v))
				return CLI_EXIT_USAGE;
			jobs = (int)v;
			break;
		case LOAD_BATCH:
			if (cli_arg_long(&a, 1, 1000000, &v))
				return CLI_EXIT_USAGE;
			batch = (size_t)v;
			break;
		case LOAD_QUIET: quiet = true; break;
		}
	}
	if (o != CLI_ARGS_END)
		return cli_args_exit(o);
	int first = a.first;
	if (first >= argc)
		return cli_usage_error(&cli_load, _("no PATH given"));
	if (jobs < 1)
		jobs = 1;

	load_ctx c;
	memset(&c, 0, sizeof c);
	pthread_mutex_init(&c.mu, NULL);
	pthread_cond_init(&c.cv, NULL);
	int exit_code = CLI_EXIT_OK;
	xxgk_gazetteer *gaz = NULL;
	xxgk_store *store = NULL;
	xxgk_error err;
	char why[768];
	pthread_t *threads = NULL;
	int started = 0;
	if (manifest_path && cli_manifest_load(&c.manifest, manifest_path, why, sizeof why) != XXGK_OK) {
		fprintf(stderr, "xxgk load: %s\n", why);
		exit_code = CLI_EXIT_TROUBLE;
		goto done;
	}
	for (int i = first; i < argc; i++) {
		if (load_walk(&c, argv[i], true, why, sizeof why) != XXGK_OK) {
			fprintf(stderr, "xxgk load: %s\n", why);
			exit_code = CLI_EXIT_TROUBLE;
			goto done;
		}
	}
	if (xxgk_gazetteer_load(&gaz, gaz_dir ? gaz_dir : xxgk_gazetteer_default_dir(), &err) != XXGK_OK) {
		if (gaz_dir) {
			fprintf(stderr, "xxgk load: %s\n", err.message);
			exit_code = CLI_EXIT_TROUBLE;
			goto done;
		}
		cli_error(&cli_load, _("bodies are not placed in regions: %s"), err.message);
	}
	c.gaz = gaz;
	if (xxgk_store_open(&store, db, XXGK_STORE_CREATE, &err) != XXGK_OK) {
		fprintf(stderr, "xxgk load: %s: %s\n", db, err.message);
		exit_code = CLI_EXIT_TROUBLE;
		goto done;
	}
	if (gaz && (xxgk_store_begin(store, &err) != XXGK_OK || xxgk_store_put_regions(store, gaz, &err) != XXGK_OK ||
		    xxgk_store_commit(store, &err) != XXGK_OK)) {
		fprintf(stderr, "xxgk load: %s: %s\n", db, err.message);
		xxgk_store_rollback(store);
		exit_code = CLI_EXIT_TROUBLE;
		goto done;
	}

	threads = calloc((size_t)jobs, sizeof *threads);
	if (!threads) {
		cli_error(&cli_load, _("out of memory"));
		exit_code = CLI_EXIT_TROUBLE;
		goto done;
	}
	for (int t = 0; t < jobs; t++) {
		if (pthread_create(&threads[t], NULL, load_worker, &c) != 0)
			break;
		started++;
	}
	if (!started) {
		cli_error(&cli_load, _("cannot start a thread"));
		exit_code = CLI_EXIT_TROUBLE;
		goto done;
	}

	size_t counts[3] = { 0, 0, 0 }, failed = 0, in_tx = 0;
	bool tty = !quiet && isatty(STDERR_FILENO);
	double t0 = load_now(), last_progress = t0;
	bool db_failed = false;
	for (size_t i = 0; i < c.file_count; i++) {
		pthread_mutex_lock(&c.mu);
		while (!c.ring[i % LOAD_RING].ready)
			pthread_cond_wait(&c.cv, &c.mu);
		load_slot s = c.ring[i % LOAD_RING];
		c.ring[i % LOAD_RING].ready = false;
		pthread_mutex_unlock(&c.mu);
		for (size_t k = 0; k < s.report_count || k < s.error_count; k++) {
			if (db_failed)
				break;
			if (!in_tx && xxgk_store_begin(store, &err) != XXGK_OK) {
				db_failed = true;
				break;
			}
			in_tx = in_tx ? in_tx : 1;
			if (k < s.report_count) {
				int outcome;
				if (xxgk_store_put(store, s.reports[k], &outcome, &err) != XXGK_OK) {
					db_failed = true;
					break;
				}
				counts[outcome]++;
				in_tx++;
			}
			if (k < s.error_count) {
				failed++;
				if (!quiet) {
					if (tty)
						fputs("\r\033[K", stderr);
					fprintf(stderr, "%s\n", s.errors[k]);
				}
				if (xxgk_store_quarantine(store, c.files[i], s.sha256[0] ? s.sha256 : NULL,
							  s.errors[k], &err) != XXGK_OK) {
					db_failed = true;
					break;
				}
				in_tx++;
			}
			if (in_tx > batch) {
				if (xxgk_store_commit(store, &err) != XXGK_OK) {
					db_failed = true;
					break;
				}
				in_tx = 0;
			}
		}
		for (size_t k = 0; k < s.report_count; k++)
			xxgk_report_free(s.reports[k]);
		for (size_t k = 0; k < s.error_count; k++)
			free(s.errors[k]);
		free(s.reports);
		free(s.errors);
		pthread_mutex_lock(&c.mu);
		c.written = i + 1;
		pthread_cond_broadcast(&c.cv);
		pthread_mutex_unlock(&c.mu);
		if (db_failed) {
			/* stop the workers: nothing more can be written */
			pthread_mutex_lock(&c.mu);
			c.file_count = c.next_file;
			pthread_cond_broadcast(&c.cv);
			pthread_mutex_unlock(&c.mu);
			for (size_t j = i + 1; j < c.next_file; j++) {
				pthread_mutex_lock(&c.mu);
				while (!c.ring[j % LOAD_RING].ready)
					pthread_cond_wait(&c.cv, &c.mu);
				load_slot d = c.ring[j % LOAD_RING];
				c.ring[j % LOAD_RING].ready = false;
				c.written = j + 1;
				pthread_cond_broadcast(&c.cv);
				pthread_mutex_unlock(&c.mu);
				for (size_t k = 0; k < d.report_count; k++)
					xxgk_report_free(d.reports[k]);
				for (size_t k = 0; k < d.error_count; k++)
					free(d.errors[k]);
				free(d.reports);
				free(d.errors);
			}
			break;
		}
		double now = load_now();
		if (tty && now - t0 > 1.0 && now - last_progress > 0.2) {
			last_progress = now;
			fprintf(stderr, "\r\033[K  %zu / %zu files · %.0f reports/s · %zu failed", i + 1, c.file_count,
				(double)(counts[0] + counts[1] + counts[2]) / (now - t0), failed);
		}
	}
	for (int t = 0; t < started; t++)
		pthread_join(threads[t], NULL);
	if (!db_failed && in_tx && xxgk_store_commit(store, &err) != XXGK_OK)
		db_failed = true;
	if (!db_failed && (xxgk_store_begin(store, &err) != XXGK_OK ||
			   xxgk_store_settle_conflicts(store, &err) != XXGK_OK ||
			   xxgk_store_commit(store, &err) != XXGK_OK))
		db_failed = true;
	if (tty)
		fputs("\r\033[K", stderr);
	double secs = load_now() - t0;
	if (db_failed) {
		xxgk_store_rollback(store);
		fprintf(stderr, "xxgk load: %s: %s; the last transaction was rolled back, earlier ones are whole\n",
			db, err.message);
		exit_code = CLI_EXIT_TROUBLE;
	}
	fprintf(stderr, "%s: %zu loaded, %zu unchanged, %zu replaced, %zu failed (%zu files, %.1f s)\n", db,
		counts[XXGK_PUT_LOADED], counts[XXGK_PUT_UNCHANGED], counts[XXGK_PUT_REPLACED], failed,
		c.file_count, secs);
	if (failed && exit_code == CLI_EXIT_OK)
		exit_code = CLI_EXIT_FINDINGS;
done:
	free(threads);
	xxgk_store_close(store);
	xxgk_gazetteer_free(gaz);
	cli_manifest_free(c.manifest);
	for (size_t i = 0; i < c.file_total; i++)
		free(c.files[i]);
	free(c.files);
	pthread_mutex_destroy(&c.mu);
	pthread_cond_destroy(&c.cv);
	return exit_code;
}
