/*
 * cmd_load.c — `xxgk load [--db FILE] PATH...`: reports (raw, or JSON Lines
 * from `xxgk parse --json`) into the store. The work is the library's
 * loader (xxgk/load.h); this file reads the options, shows progress and
 * the failures, turns Ctrl-C into a clean stop, and prints the summary.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "xxgk/load.h"
#include "xxgk/region.h"
#include "xxgk/store.h"
#include "cli.h"

/* Exit status of a load stopped by Ctrl-C (128 + SIGINT, as shells report it). */
#define LOAD_EXIT_INTERRUPTED 130
/* Seconds between progress lines when standard error is not a terminal
   (XXGK_LOAD_LOG_EVERY overrides it: the tests use a fraction of a second). */
#define LOAD_LOG_EVERY 5.0
/* On a terminal: the line appears after a second and is redrawn every 0.2 s
   (a smaller XXGK_LOAD_LOG_EVERY shortens both, so a test sees the line). */
#define LOAD_TTY_AFTER 1.0
#define LOAD_TTY_EVERY 0.2

static volatile sig_atomic_t load_stop_flag;

/* A manifest row no file matched: named, so a misspelt file name is seen. */
static void load_unmatched(const char *message, void *ctx)
{
	(void)ctx;
	fprintf(stderr, "%s\n", message);
}

static void load_on_signal(int sig)
{
	(void)sig;
	load_stop_flag = 1;
}

typedef struct {
	bool quiet;
	bool tty;            /* standard error is a terminal: one line redrawn */
	bool line_open;      /* a progress line is on screen */
	double last;         /* when progress was last shown */
	double log_every;    /* seconds between lines when not on a terminal */
	double tty_after, tty_every;   /* on a terminal: first shown, then redrawn */
	size_t kill_at;      /* XXGK_LOAD_KILL_AT: SIGKILL to ourselves once this many reports are read (0: never) */
	size_t int_at;       /* XXGK_LOAD_INTERRUPT_AT: a SIGINT (Ctrl-C) to ourselves, once, likewise */
} load_view;

/* "1:05:09", "4:07", "12 s" */
static void load_duration(char *out, size_t cap, double s)
{
	long t = s < 0 ? 0 : (long)(s + 0.5);
	if (t >= 3600)
		snprintf(out, cap, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
	else if (t >= 60)
		snprintf(out, cap, "%ld:%02ld", t / 60, t % 60);
	else
		snprintf(out, cap, "%ld s", t);
}

static void load_progress(load_view *v, const xxgk_load_summary *s, bool force)
{
	double el = s->seconds;
	if (!force && (v->tty ? el < v->tty_after || el - v->last < v->tty_every : el - v->last < v->log_every))
		return;
	/* the last file done: the summary follows at once, a line saying 100% would only repeat it
	   (and a one-file load slower than LOAD_LOG_EVERY would print one more line than its error) */
	if (!force && !v->tty && s->files_done == s->files)
		return;
	v->last = el;
	size_t reports = s->loaded + s->unchanged + s->replaced;
	double pct = s->bytes ? 100.0 * (double)s->bytes_done / (double)s->bytes
			      : s->files ? 100.0 * (double)s->files_done / (double)s->files : 100.0;
	char eta[32] = "?";
	if (s->bytes_done && el > 0 && s->bytes > s->bytes_done)
		load_duration(eta, sizeof eta, (double)(s->bytes - s->bytes_done) * el / (double)s->bytes_done);
	else if (s->bytes_done >= s->bytes)
		snprintf(eta, sizeof eta, "0 s");
	if (v->tty) {
		fprintf(stderr, "\r\033[K  %zu / %zu files (%.0f%%) · %.0f reports/s · ETA %s · %zu failed", s->files_done,
			s->files, pct, el > 0 ? (double)reports / el : 0.0, eta, s->failed);
		v->line_open = true;
	} else {
		fprintf(stderr, "xxgk load: %zu / %zu files (%.0f%%), %zu reports, %.0f reports/s, ETA %s, %zu failed\n",
			s->files_done, s->files, pct, reports, el > 0 ? (double)reports / el : 0.0, eta, s->failed);
	}
}

static void load_on_event(const xxgk_load_event *ev, void *ctx)
{
	load_view *v = ctx;
	if (v->kill_at && ev->kind == XXGK_LOAD_EVENT_PROGRESS &&
	    ev->summary->loaded + ev->summary->unchanged + ev->summary->replaced >= v->kill_at)
		raise(SIGKILL);   /* a crash where the test wants it: in the open batch, no timing involved */
	if (v->int_at && ev->kind == XXGK_LOAD_EVENT_PROGRESS &&
	    ev->summary->loaded + ev->summary->unchanged + ev->summary->replaced >= v->int_at) {
		v->int_at = 0;
		raise(SIGINT);    /* Ctrl-C where the test wants it, through the handler below */
	}
	if (v->quiet)
		return;
	if (ev->kind == XXGK_LOAD_EVENT_PROGRESS) {
		load_progress(v, ev->summary, false);
		return;
	}
	if (v->line_open) {
		fputs("\r\033[K", stderr);
		v->line_open = false;
	}
	if (ev->kind == XXGK_LOAD_EVENT_SKIPPED)
		fprintf(stderr, "%s (skipped)\n", ev->message);
	else
		fprintf(stderr, "%s\n", ev->message);
}

enum { LOAD_DB, LOAD_MANIFEST, LOAD_GAZETTEER, LOAD_JOBS, LOAD_BATCH, LOAD_REHASH, LOAD_QUIET };

static const cli_opt load_opts[] = {
	[LOAD_DB] = { "db", 0, "FILE", N_("the database (default xxgk.db; created when missing)") },
	[LOAD_MANIFEST] = { "manifest", 0, "CSV", N_("file,region_code,level lines that place bodies the text cannot") },
	[LOAD_GAZETTEER] = { "gazetteer", 0, "DIR", N_("region tables (default $XXGK_DATA_DIR/gazetteer or the installed ones)") },
	[LOAD_JOBS] = { "jobs", 'j', "N", N_("parsing threads (default: the number of cores)") },
	[LOAD_BATCH] = { "batch", 0, "N", N_("reports a transaction (default 5000): what a crash can lose") },
	[LOAD_REHASH] = { "rehash", 0, NULL, N_("read every file, even those unchanged (path, size, time) since loaded") },
	[LOAD_QUIET] = { "quiet", 'q', NULL, N_("no progress and no per-file errors (the summary stays)") },
	{ NULL, 0, NULL, NULL },
};

const cli_command cli_load = {
	.name = "load",
	.synopsis = N_("[OPTIONS] PATH..."),
	.summary = N_("load reports (or parse --json output) into an SQLite database"),
	.text = N_("Loads reports into one SQLite database (docs/store.md). PATH is a file or a folder\n"
		   "(walked in name order: .txt .md .html .htm .pdf .docx .jsonl .json, and .doc .wps to say\n"
		   "how to convert them; a manifest.csv inside is used; a folder of a scan's page images\n"
		   "— more .png .jpg .jpeg .tif .tiff than other files — is one report, its pages in the\n"
		   "numeric order of their names). FIFOs, devices, dangling links and\n"
		   "link loops are skipped and named. Raw reports are parsed; JSON Lines from\n"
		   "`xxgk parse --json` are loaded as they are.\n"
		   "\n"
		   "The same document loaded again changes nothing; a file whose path, size and time are\n"
		   "those of its last load is not even read (--rehash reads it). One parsed by an older xxgk\n"
		   "is parsed again. Two documents for the same body and year are both kept and flagged; one\n"
		   "is chosen (docs/store.md). A file that fails is listed (file:line: reason), kept in the\n"
		   "quarantine table, and the others go through; a crash leaves whole, consistent\n"
		   "transactions only. Ctrl-C stops after the current file, commits what was read and says\n"
		   "how to go on: the same command again (exit status 130).\n"
		   "Progress: a line redrawn on a terminal; a line every 5 s when standard error is a file."),
	.opts = load_opts,
	.exit_text = N_("some file failed (listed, and kept in the quarantine table) or a path was not found (named; the rest was loaded)"),
	.examples = "xxgk load --db county.db reports/2024/\n"
		    "xxgk load --db county.db --manifest places.csv reports/2024/",
	.run = cli_cmd_load,
};

int cli_cmd_load(int argc, char **argv)
{
	const char *db = "xxgk.db", *manifest_path = NULL, *gaz_dir = NULL;
	xxgk_load_options opts = XXGK_LOAD_OPTIONS_INIT;
	load_view view = { 0 };
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
			opts.jobs = (int)v;
			break;
		case LOAD_BATCH:
			if (cli_arg_long(&a, 1, 1000000, &v))
				return CLI_EXIT_USAGE;
			opts.batch = (size_t)v;
			break;
		case LOAD_REHASH: opts.rehash = true; break;
		case LOAD_QUIET: view.quiet = true; break;
		}
	}
	if (o != CLI_ARGS_END)
		return cli_args_exit(o);
	int first = a.first;
	if (first >= argc)
		return cli_usage_error(&cli_load, _("no PATH given"));
	view.tty = isatty(STDERR_FILENO);
	view.log_every = LOAD_LOG_EVERY;
	view.tty_after = LOAD_TTY_AFTER;
	view.tty_every = LOAD_TTY_EVERY;
	const char *every = getenv("XXGK_LOAD_LOG_EVERY");
	if (every) {
		char *end;
		double secs = strtod(every, &end);
		if (*end == '\0' && secs > 0 && secs < 3600) {
			view.log_every = secs;
			view.tty_after = secs < LOAD_TTY_AFTER ? secs : LOAD_TTY_AFTER;
			view.tty_every = secs < LOAD_TTY_EVERY ? secs : LOAD_TTY_EVERY;
		}
	}
	/* fault injection for tests/store_crash.sh and faults_test.sh: the process is killed (kill -9), or
	   gets a Ctrl-C, once N reports are read */
	const char *kill_at = getenv("XXGK_LOAD_KILL_AT"), *int_at = getenv("XXGK_LOAD_INTERRUPT_AT");
	if (kill_at)
		view.kill_at = (size_t)strtoull(kill_at, NULL, 10);
	if (int_at)
		view.int_at = (size_t)strtoull(int_at, NULL, 10);

	int exit_code = CLI_EXIT_OK;
	xxgk_manifest *manifest = NULL;
	xxgk_gazetteer *gaz = NULL;
	xxgk_store *store = NULL;
	xxgk_loader *loader = NULL;
	xxgk_error err;
	struct sigaction sa, old_int, old_term;
	bool handlers = false;
	if (manifest_path && xxgk_manifest_load(&manifest, manifest_path, &err) != XXGK_OK) {
		fprintf(stderr, "xxgk load: %s\n", err.message);
		exit_code = CLI_EXIT_TROUBLE;
		goto done;
	}
	if (xxgk_gazetteer_load(&gaz, gaz_dir ? gaz_dir : xxgk_gazetteer_default_dir(), &err) != XXGK_OK) {
		if (gaz_dir) {
			fprintf(stderr, "xxgk load: %s\n", err.message);
			exit_code = CLI_EXIT_TROUBLE;
			goto done;
		}
		cli_error(&cli_load, _("bodies are not placed in regions: %s"), err.message);
	}
	/* a damaged database is refused before anything is written into it */
	if (xxgk_store_open(&store, db, XXGK_STORE_CREATE | XXGK_STORE_CHECK, &err) != XXGK_OK) {
		fprintf(stderr, "xxgk load: %s: %s\n", db, err.message);
		exit_code = CLI_EXIT_TROUBLE;
		goto done;
	}
	if (!view.quiet)
		cli_say_when_waiting(store, &cli_load, db);
	opts.gazetteer = gaz;
	opts.manifest = manifest;
	opts.on_event = load_on_event;
	opts.event_ctx = &view;
	opts.stop = &load_stop_flag;
	if (xxgk_loader_new(&loader, store, &opts, &err) != XXGK_OK) {
		fprintf(stderr, "xxgk load: %s\n", err.message);
		exit_code = CLI_EXIT_TROUBLE;
		goto done;
	}
	/* a path that is not there (or cannot be read) is named and the others go through */
	size_t missing = 0;
	for (int i = first; i < argc; i++) {
		int arc = xxgk_loader_add(loader, argv[i], &err);
		if (arc == XXGK_EIO) {
			fprintf(stderr, "xxgk load: %s\n", err.message);
			missing++;
		} else if (arc != XXGK_OK) {
			fprintf(stderr, "xxgk load: %s\n", err.message);
			exit_code = CLI_EXIT_TROUBLE;
			goto done;
		}
	}

	/* Ctrl-C (or a TERM) asks the loader to stop at the next file; a second one kills */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = load_on_signal;
	sa.sa_flags = (int)(SA_RESETHAND | SA_RESTART);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	handlers = true;

	xxgk_load_summary sum;
	int rc = xxgk_loader_run(loader, &sum, &err);
	if (view.line_open)
		fputs("\r\033[K", stderr);
	if (rc != XXGK_OK) {
		fprintf(stderr, "xxgk load: %s: %s; the last transaction was rolled back, earlier ones are whole\n", db,
			err.message);
		exit_code = CLI_EXIT_TROUBLE;
	}
	fprintf(stderr, "%s: %zu loaded, %zu unchanged, %zu replaced, %zu failed", db, sum.loaded, sum.unchanged,
		sum.replaced, sum.failed);
	if (sum.skipped)
		fprintf(stderr, ", %zu skipped", sum.skipped);
	if (missing)
		fprintf(stderr, ", %zu %s not found", missing, missing == 1 ? "path" : "paths");
	fprintf(stderr, " (%zu %s", sum.files, sum.files == 1 ? "file" : "files");
	if (sum.files_unchanged)
		fprintf(stderr, ", %zu unchanged since loaded and not read", sum.files_unchanged);
	fprintf(stderr, ", %.1f s)\n", sum.seconds);
	if (rc == XXGK_OK && !sum.files && !sum.skipped && !missing) {
		/* nothing to work on (exit 3, as every command): empty folders only */
		cli_error(&cli_load, _("no report files in the paths given"));
		exit_code = CLI_EXIT_TROUBLE;
	}
	if (manifest && !sum.interrupted && rc == XXGK_OK)
		xxgk_manifest_unmatched(manifest, load_unmatched, NULL);
	if (sum.interrupted) {
		fprintf(stderr,
			"xxgk load: interrupted: %zu of %zu files read and committed. Run the same command again to\n"
			"go on: the files already loaded are skipped without being read.\n",
			sum.files_done, sum.files);
		exit_code = LOAD_EXIT_INTERRUPTED;
	} else if (missing && exit_code == CLI_EXIT_OK) {
		exit_code = sum.files ? CLI_EXIT_FINDINGS : CLI_EXIT_TROUBLE;   /* nothing at all to read: 3 */
	} else if (sum.failed && exit_code == CLI_EXIT_OK) {
		exit_code = CLI_EXIT_FINDINGS;
	}
done:
	if (handlers) {
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGTERM, &old_term, NULL);
	}
	xxgk_loader_free(loader);
	xxgk_store_close(store);
	xxgk_gazetteer_free(gaz);
	xxgk_manifest_free(manifest);
	return exit_code;
}
