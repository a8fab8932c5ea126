/*
 * io.c — file input for the CLI: whole files, bounded before reading, so a
 * 200 MB mistake is refused at once instead of being read into memory.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "xxgk/common.h"
#include "xxgk/load.h"
#include "xxgk/parse.h"
#include "xxgk/store.h"
#include "cli.h"

int cli_read_file(const char *path, size_t cap, char **out, size_t *out_len, char *why, size_t why_cap)
{
	FILE *f = NULL;
	char *buf = NULL;
	size_t len = 0, alloc = 0;
	int rc = XXGK_OK;
	*out = NULL;
	*out_len = 0;
	bool is_stdin = strcmp(path, "-") == 0;
	if (is_stdin) {
		f = stdin;
	} else {
		struct stat st;
		if (stat(path, &st) != 0) {
			snprintf(why, why_cap, "%s", strerror(errno));
			return XXGK_EIO;
		}
		if (S_ISDIR(st.st_mode)) {
			snprintf(why, why_cap, "is a directory");
			return XXGK_EINVAL;
		}
		if (S_ISREG(st.st_mode) && (unsigned long long)st.st_size > cap) {
			snprintf(why, why_cap, "%.1f MB is over the %zu MB limit for one report",
				 (double)st.st_size / 1e6, cap >> 20);
			return XXGK_ETOOBIG;
		}
		f = fopen(path, "rb");
		if (!f) {
			snprintf(why, why_cap, "%s", strerror(errno));
			return XXGK_EIO;
		}
	}
	for (;;) {
		if (len == alloc) {
			if (alloc > cap) {
				snprintf(why, why_cap, "over the %zu MB limit for one report", cap >> 20);
				rc = XXGK_ETOOBIG;
				goto done;
			}
			size_t na = alloc ? alloc * 2 : 65536;
			char *nb = realloc(buf, na + 1);
			if (!nb) {
				snprintf(why, why_cap, "out of memory");
				rc = XXGK_ENOMEM;
				goto done;
			}
			buf = nb;
			alloc = na;
		}
		size_t got = fread(buf + len, 1, alloc - len, f);
		len += got;
		if (got == 0) {
			if (ferror(f)) {
				snprintf(why, why_cap, "read error: %s", strerror(errno));
				rc = XXGK_EIO;
				goto done;
			}
			break;
		}
	}
	if (len > cap) {
		snprintf(why, why_cap, "%.1f MB is over the %zu MB limit for one report",
			 (double)len / 1e6, cap >> 20);
		rc = XXGK_ETOOBIG;
		goto done;
	}
	buf[len] = '\0';
	*out = buf;
	*out_len = len;
	buf = NULL;
done:
	free(buf);
	if (f && !is_stdin)
		fclose(f);
	return rc;
}

int cli_finish_output(const cli_command *cmd, int status)
{
	int e = 0;
	bool failed = ferror(stdout) != 0;
	if (fflush(stdout) != 0) {
		e = errno;
		failed = true;
	}
	if (fclose(stdout) != 0 && !failed) {
		e = errno;
		failed = true;
	}
	if (!failed || status == CLI_EXIT_TROUBLE)
		return status;
	cli_error(cmd, _("writing standard output: %s"), e ? strerror(e) : _("write error"));
	return status == CLI_EXIT_USAGE ? status : CLI_EXIT_TROUBLE;
}

int cli_parse_path(xxgk_report **out, const char *path, const xxgk_gazetteer *gaz)
{
	char why[256];
	char *buf = NULL;
	size_t len = 0;
	xxgk_error err;
	*out = NULL;
	struct stat st;
	if (strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		/* a folder of one scan's page images, as the loader lists it */
		xxgk_parse_options opts = XXGK_PARSE_OPTIONS_INIT;
		opts.gazetteer = gaz;
		int rc = xxgk_load_pages(out, path, &opts, &err);
		if (rc != XXGK_OK)
			fprintf(stderr, "%s: %s\n", path, err.message);
		return rc;
	}
	int rc = cli_read_file(path, XXGK_PARSE_MAX_INPUT, &buf, &len, why, sizeof why);
	if (rc != XXGK_OK) {
		fprintf(stderr, "%s: %s\n", path, why);
		return rc;
	}
	const char *base = strrchr(path, '/');
	xxgk_parse_options opts = XXGK_PARSE_OPTIONS_INIT;
	opts.name = base ? base + 1 : path;
	opts.gazetteer = gaz;
	rc = xxgk_parse_buffer(out, buf, len, &opts, &err);
	free(buf);
	if (rc != XXGK_OK) {
		if (err.line)
			fprintf(stderr, "%s:%u: %s\n", path, err.line, err.message);
		else
			fprintf(stderr, "%s: %s\n", path, err.message);
	}
	return rc;
}

/* the one command of this process writing into its database */
static struct {
	const cli_command *cmd;
	const char *db;
} cli_waiting;

static void cli_on_wait(void *ctx)
{
	(void)ctx;
	fprintf(stderr, _("xxgk %s: %s: another process is writing into the database; waiting for it (up to 10 minutes)\n"),
		cli_waiting.cmd->name, cli_waiting.db);
}

void cli_say_when_waiting(struct xxgk_store *store, const cli_command *cmd, const char *db)
{
	cli_waiting.cmd = cmd;
	cli_waiting.db = db;
	xxgk_store_on_wait(store, cli_on_wait, NULL);
}
