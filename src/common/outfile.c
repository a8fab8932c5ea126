/*
 * outfile.c — writing an output file safely (xxgk_outfile_*, xxgk/common.h).
 *
 * The bytes go to a temporary file made by mkstemp beside the target (same
 * folder, so the final rename is atomic and never crosses file systems),
 * which is flushed to disk and renamed over the target: a failure never
 * leaves half a file under the real name, and the temporary name cannot be
 * guessed, so a link planted under it (`ln -s victim out.pdf.tmp`) is never
 * followed — mkstemp creates with O_EXCL. The new file gets the old file's
 * permissions, or those a new file would get (0666 less the umask).
 * A target that is a link is followed to the file it names (the link
 * stays); one that is not a regular file (a device, a FIFO, /dev/stdout's
 * pipe) is written directly: renaming over it is never what was meant, and
 * no temporary file is ever made in /dev or /proc.
 */
/* realpath (POSIX's XSI option; glibc shows it only with _XOPEN_SOURCE) */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xxgk/common.h"
#include "common_int.h"

/* A device, a FIFO, a pipe: written as it is, without a temporary file. */
static int outfile_direct(xxgk_outfile *o, const char *path, xxgk_error *err)
{
	o->path = xxgk_strdup(path);
	if (!o->path)
		return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
	o->file = fopen(path, "wb");
	if (!o->file) {
		int rc = xxgk_error_set(err, XXGK_EIO, 0, 0, "%s: %s", path, strerror(errno));
		xxgk_outfile_abort(o);
		return rc;
	}
	return XXGK_OK;
}

static pthread_once_t outfile_once = PTHREAD_ONCE_INIT;
static mode_t outfile_umask;

/* The process's umask, read once (reading it means setting it: done before any file is made here). */
static void outfile_read_umask(void)
{
	outfile_umask = umask(022);
	umask(outfile_umask);
}

int xxgk_outfile_open(xxgk_outfile *o, const char *path, xxgk_error *err)
{
	memset(o, 0, sizeof *o);
	o->fd = -1;
	struct stat st;
	bool exists = lstat(path, &st) == 0;
	if (exists && S_ISLNK(st.st_mode)) {
		/* the user's own link: the file it names is replaced, the link stays (a link to a
		   device or a pipe, /dev/stdout, is written through) */
		char *real = realpath(path, NULL);
		if (real && stat(real, &st) == 0 && S_ISREG(st.st_mode)) {
			o->path = real;
		} else {
			free(real);
			exists = stat(path, &st) == 0;
			if (!exists || !S_ISREG(st.st_mode))
				return outfile_direct(o, path, err);
		}
	} else if (exists && S_ISDIR(st.st_mode)) {
		return xxgk_error_set(err, XXGK_EIO, 0, 0, "%s: is a folder", path);
	} else if (exists && !S_ISREG(st.st_mode)) {
		return outfile_direct(o, path, err);
	}
	if (!o->path)
		o->path = xxgk_strdup(path);
	if (!o->path)
		return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
	path = o->path;
	/* "<folder>/.<name>.XXXXXX": hidden, beside the target */
	const char *slash = strrchr(path, '/');
	size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0;
	size_t n = strlen(path) + 16;
	o->tmp = malloc(n);
	if (!o->tmp) {
		xxgk_outfile_abort(o);
		return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
	}
	snprintf(o->tmp, n, "%.*s.%s.XXXXXX", (int)dir_len, path, path + dir_len);
	o->fd = mkstemp(o->tmp);
	if (o->fd < 0) {
		int rc = xxgk_error_set(err, XXGK_EIO, 0, 0, "%s: cannot write in its folder: %s", path, strerror(errno));
		free(o->tmp);
		o->tmp = NULL;
		xxgk_outfile_abort(o);
		return rc;
	}
	pthread_once(&outfile_once, outfile_read_umask);
	o->mode = exists ? (int)(st.st_mode & 07777) : (int)(0666 & ~outfile_umask);
	o->file = fdopen(o->fd, "wb");
	if (!o->file) {
		int rc = xxgk_error_set(err, XXGK_EIO, 0, 0, "%s: %s", o->tmp, strerror(errno));
		xxgk_outfile_abort(o);
		return rc;
	}
	return XXGK_OK;
}

int xxgk_outfile_commit(xxgk_outfile *o, xxgk_error *err)
{
	int rc = XXGK_OK;
	if (!o->file)
		return xxgk_error_set(err, XXGK_EINVAL, 0, 0, "no output file is open");
	if (ferror(o->file) || fflush(o->file) != 0)
		rc = xxgk_error_set(err, XXGK_EIO, 0, 0, "%s: %s", o->path, strerror(errno ? errno : EIO));
	if (rc == XXGK_OK && o->tmp &&
	    (fsync(fileno(o->file)) != 0 || fchmod(fileno(o->file), (mode_t)o->mode) != 0))
		rc = xxgk_error_set(err, XXGK_EIO, 0, 0, "%s: %s", o->path, strerror(errno));
	int closed = fclose(o->file);
	o->file = NULL;
	o->fd = -1;
	if (rc == XXGK_OK && closed != 0)
		rc = xxgk_error_set(err, XXGK_EIO, 0, 0, "%s: %s", o->path, strerror(errno));
	if (rc == XXGK_OK && o->tmp && rename(o->tmp, o->path) != 0)
		rc = xxgk_error_set(err, XXGK_EIO, 0, 0, "%s: cannot put the new file in place: %s", o->path,
				    strerror(errno));
	if (rc == XXGK_OK) {
		free(o->tmp);
		o->tmp = NULL;
	}
	xxgk_outfile_abort(o);
	return rc;
}

void xxgk_outfile_abort(xxgk_outfile *o)
{
	if (o->file)
		fclose(o->file);
	else if (o->fd >= 0)
		close(o->fd);
	if (o->tmp)
		unlink(o->tmp);
	free(o->tmp);
	free(o->path);
	memset(o, 0, sizeof *o);
	o->fd = -1;
}
