/*
 * manifest.c — a manifest CSV (file,region_code,level) that tells, for files
 * the text cannot place (an OCR'd 沐阳 for 沭阳), which region a body is.
 * It overrides what the parser found. Files are matched by base name.
 * Exports xxgk_manifest_* (xxgk/region.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xxgk/region.h"
#include "../common/common_int.h"

/* Longest manifest line; a real one is under 200 bytes. */
#define MANIFEST_LINE_CAP 2048

struct xxgk_manifest {
	char **file, **code;
	int *level;
	size_t count, cap;
};

static const char *manifest_base(const char *path)
{
	const char *b = strrchr(path, '/');
	return b ? b + 1 : path;
}

static char *manifest_trim(char *s)
{
	while (*s == ' ' || *s == '"')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '"' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		s[--n] = '\0';
	return s;
}

int xxgk_manifest_load(xxgk_manifest **out, const char *path, xxgk_error *err)
{
	*out = NULL;
	FILE *f = fopen(path, "r");
	if (!f)
		return xxgk_error_set(err, XXGK_EIO, 0, 0, "%s: %s", path, strerror(errno));
	xxgk_manifest *m = calloc(1, sizeof *m);
	char line[MANIFEST_LINE_CAP];
	unsigned lineno = 0;
	int rc = m ? XXGK_OK : XXGK_ENOMEM;
	while (rc == XXGK_OK && fgets(line, sizeof line, f)) {
		lineno++;
		char *p = line;
		if (lineno == 1 && (unsigned char)p[0] == 0xEF)
			p += 3;   /* a BOM from Excel */
		if (lineno == 1 && strncmp(p, "file,", 5) == 0)
			continue;
		char *c1 = strchr(p, ','), *c2 = c1 ? strchr(c1 + 1, ',') : NULL;
		if (*manifest_trim(p) == '\0')
			continue;
		if (!c1) {
			rc = xxgk_error_set(err, XXGK_EPARSE, lineno, 0, "%s:%u: expected file,region_code[,level]", path,
					    lineno);
			break;
		}
		*c1 = '\0';
		if (c2)
			*c2 = '\0';
		const char *file = manifest_trim(p), *code = manifest_trim(c1 + 1);
		const char *level = c2 ? manifest_trim(c2 + 1) : "";
		int lv = *level ? xxgk_level_from_name(level) : 0;
		if (lv < 0) {
			rc = xxgk_error_set(err, XXGK_EPARSE, lineno, 0,
					    "%s:%u: unknown level \"%s\" (province, city, county, town, department)", path,
					    lineno, level);
			break;
		}
		if (m->count == m->cap) {
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
			if (!nf || !nc || !nl) {
				rc = XXGK_ENOMEM;
				break;
			}
			m->cap = cap;
		}
		m->file[m->count] = xxgk_strdup(manifest_base(file));
		m->code[m->count] = xxgk_strdup(code);
		m->level[m->count] = lv;
		if (!m->file[m->count] || !m->code[m->count]) {
			free(m->file[m->count]);
			free(m->code[m->count]);
			rc = XXGK_ENOMEM;
			break;
		}
		m->count++;
	}
	fclose(f);
	if (rc == XXGK_ENOMEM)
		xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "%s: out of memory", path);
	if (rc != XXGK_OK) {
		xxgk_manifest_free(m);
		return rc;
	}
	*out = m;
	return XXGK_OK;
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
	free(m);
}

bool xxgk_manifest_lookup(const xxgk_manifest *m, const char *path, const char **code, int *level)
{
	if (!m)
		return false;
	const char *base = manifest_base(path);
	for (size_t i = m->count; i-- > 0;) {
		if (strcmp(m->file[i], base) == 0) {
			*code = m->code[i];
			*level = m->level[i];
			return true;
		}
	}
	return false;
}
