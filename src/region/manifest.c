/*
 * manifest.c — a manifest CSV (file,region_code,level) that tells, for files
 * the text cannot place (an OCR'd 沐阳 for 沭阳), which region a body is.
 * It overrides what the parser found. Files are matched by base name.
 * Read by the CSV reader every CSV input shares (common/csv.c: quoted
 * fields, GBK from Excel); rows that never match a file read are counted,
 * so the command can name each one.
 * Exports xxgk_manifest_* (xxgk/region.h).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xxgk/region.h"
#include "../common/common_int.h"

struct xxgk_manifest {
	char *path;
	char **file, **code;
	int *level;
	unsigned *line;
	atomic_uchar *used;   /* a file matched the row (set by loader threads) */
	size_t *by_file;      /* row indices by file name, the later row first: a lookup is a
				 binary search (a national corpus's manifest has 420,000 rows, one
				 a file: a scan a file was 10^11 comparisons) */
	size_t count, cap;
};

static const char *manifest_base(const char *path)
{
	const char *b = strrchr(path, '/');
	return b ? b + 1 : path;
}

static char *manifest_trim(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	return xxgk_strndup(s, n);
}

static int manifest_grow(xxgk_manifest *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64;
	char **nf = realloc(m->file, cap * sizeof *nf);
	if (nf)
		m->file = nf;
	char **nc = realloc(m->code, cap * sizeof *nc);
	if (nc)
		m->code = nc;
	int *nl = realloc(m->level, cap * sizeof *nl);
	if (nl)
		m->level = nl;
	unsigned *nn = realloc(m->line, cap * sizeof *nn);
	if (nn)
		m->line = nn;
	atomic_uchar *nu = realloc(m->used, cap * sizeof *nu);
	if (nu)
		m->used = nu;
	if (!nf || !nc || !nl || !nn || !nu)
		return XXGK_ENOMEM;
	m->cap = cap;
	return XXGK_OK;
}

static int manifest_row(const xxgk_csv_row *row, void *ctx)
{
	xxgk_manifest *m = ((void **)ctx)[0];
	xxgk_error *err = ((void **)ctx)[1];
	if (row->line == 1 && !strcmp(row->fields[0], "file"))
		return XXGK_OK;   /* the header */
	if (row->count == 1 && !*row->fields[0])
		return XXGK_OK;
	if (row->count < 2 || !*row->fields[0])
		return xxgk_error_set(err, XXGK_EPARSE, row->line, 0, "%s:%u: expected file,region_code[,level]", m->path,
				      row->line);
	const char *level = row->count > 2 ? row->fields[2] : "";
	while (*level == ' ')
		level++;
	int lv = *level ? xxgk_level_from_name(level) : 0;
	if (lv < 0)
		return xxgk_error_set(err, XXGK_EPARSE, row->line, 0,
				      "%s:%u: unknown level \"%s\" (province, city, county, town, department)", m->path,
				      row->line, level);
	if (m->count == m->cap && manifest_grow(m) != XXGK_OK)
		return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "%s: out of memory", m->path);
	char *file = manifest_trim(row->fields[0]);
	m->file[m->count] = file ? xxgk_strdup(manifest_base(file)) : NULL;
	free(file);
	m->code[m->count] = manifest_trim(row->fields[1]);
	m->level[m->count] = lv;
	m->line[m->count] = row->line;
	atomic_init(&m->used[m->count], 0);
	if (!m->file[m->count] || !m->code[m->count]) {
		free(m->file[m->count]);
		free(m->code[m->count]);
		return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "%s: out of memory", m->path);
	}
	m->count++;
	return XXGK_OK;
}

static pthread_mutex_t sort_mu = PTHREAD_MUTEX_INITIALIZER;
static const xxgk_manifest *sort_manifest;

/* By file name, then the later row first (a later row for the same file replaces an earlier one). */
static int manifest_cmp(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int d = strcmp(sort_manifest->file[i], sort_manifest->file[j]);
	return d ? d : (i < j) - (i > j);
}

/* Where the rows naming `base` start in by_file (the last of them in the file first), or where they
   would: a binary search. */
static size_t manifest_first(const xxgk_manifest *m, const char *base)
{
	size_t lo = 0, hi = m->count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(m->file[m->by_file[mid]], base) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int xxgk_manifest_load(xxgk_manifest **out, const char *path, xxgk_error *err)
{
	*out = NULL;
	xxgk_manifest *m = calloc(1, sizeof *m);
	if (!m || !(m->path = xxgk_strdup(path))) {
		free(m);
		return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "%s: out of memory", path);
	}
	void *ctx[2] = { m, err };
	int rc = xxgk_csv_read(path, manifest_row, ctx, NULL, err);
	if (rc == XXGK_OK && !(m->by_file = malloc((m->count ? m->count : 1) * sizeof *m->by_file)))
		rc = xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "%s: out of memory", path);
	if (rc != XXGK_OK) {
		xxgk_manifest_free(m);
		return rc;
	}
	for (size_t i = 0; i < m->count; i++)
		m->by_file[i] = i;
	pthread_mutex_lock(&sort_mu);
	sort_manifest = m;   /* qsort has no context argument: under sort_mu */
	qsort(m->by_file, m->count, sizeof *m->by_file, manifest_cmp);
	sort_manifest = NULL;
	pthread_mutex_unlock(&sort_mu);
	*out = m;
	return XXGK_OK;
}

size_t xxgk_manifest_unmatched(const xxgk_manifest *m, void (*fn)(const char *message, void *ctx), void *ctx)
{
	size_t n = 0;
	for (size_t i = 0; m && i < m->count; i++) {
		if (atomic_load_explicit(&m->used[i], memory_order_relaxed))
			continue;
		/* a later row for the same file replaces this one: not unmatched, superseded (the later
		   row is the first of the file's in by_file) */
		if (m->by_file[manifest_first(m, m->file[i])] != i)
			continue;
		char msg[1024];
		snprintf(msg, sizeof msg, "%s:%u: %s: no file of that name was read", m->path, m->line[i], m->file[i]);
		if (fn)
			fn(msg, ctx);
		n++;
	}
	return n;
}

void xxgk_manifest_free(xxgk_manifest *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->count; i++) {
		free(m->file[i]);
		free(m->code[i]);
	}
	free(m->file);
	free(m->code);
	free(m->level);
	free(m->line);
	free((void *)m->used);
	free(m->by_file);
	free(m->path);
	free(m);
}

bool xxgk_manifest_lookup(const xxgk_manifest *m, const char *path, const char **code, int *level)
{
	if (!m)
		return false;
	const char *base = manifest_base(path);
	size_t lo = manifest_first(m, base);
	if (lo == m->count || strcmp(m->file[m->by_file[lo]], base) != 0)
		return false;
	size_t i = m->by_file[lo];
	atomic_store_explicit(&m->used[i], 1, memory_order_relaxed);
	*code = m->code[i];
	*level = m->level[i];
	return true;
}
