/*
 * manifest.c — a manifest CSV (file,region_code,level) that tells, for files
 * the text cannot place (an OCR'd 沐阳 for 沭阳), which region a body is.
 * It overrides what the parser found. Files are matched by base name.
 * Read by the CSV reader every CSV input shares (common/csv.c: quoted
 * fields, GBK from Excel); rows that never match a file read are counted,
 * so the command can name each one.
 * Exports xxgk_manifest_* (xxgk/region.h).
 */
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
	if (rc != XXGK_OK) {
		xxgk_manifest_free(m);
		return rc;
	}
	*out = m;
	return XXGK_OK;
}

size_t xxgk_manifest_unmatched(const xxgk_manifest *m, void (*fn)(const char *message, void *ctx), void *ctx)
{
	size_t n = 0;
	for (size_t i = 0; m && i < m->count; i++) {
		if (atomic_load_explicit(&m->used[i], memory_order_relaxed))
			continue;
		/* a later row for the same file replaces this one: not unmatched, superseded */
		bool later = false;
		for (size_t j = i + 1; j < m->count && !later; j++)
			later = !strcmp(m->file[j], m->file[i]);
		if (later)
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
	free(m->path);
	free(m);
}

bool xxgk_manifest_lookup(const xxgk_manifest *m, const char *path, const char **code, int *level)
{
	if (!m)
		return false;
	const char *base = manifest_base(path);
	for (size_t i = m->count; i-- > 0;) {
		if (strcmp(m->file[i], base) == 0) {
			atomic_store_explicit(&m->used[i], 1, memory_order_relaxed);
			*code = m->code[i];
			*level = m->level[i];
			return true;
		}
	}
	return false;
}
