/*
 * gazetteer.c — the region table in memory (include/xxgk/region.h).
 *
 * Reads the four CSVs of data/gazetteer/ (their README says how they were
 * made). Columns are found by header name: streets.csv orders them
 * code,name,areaCode,provinceCode,cityCode, unlike the others. Names are
 * indexed in an open-addressing hash table so that a title can be scanned
 * for every region name it contains.
 * Placeholders (市辖区, 县, 省直辖县级行政区划, 自治区直辖县级行政区划, streets
 * named …直辖村级区划) are kept for codes but never matched by name.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xxgk/region.h"
#include "region_int.h"
#include "../common/common_int.h"

/* Longest CSV line accepted; real lines are under 100 bytes. */
#define GAZ_LINE_CAP 1024
/* Regions accepted: NBS has about 45,000; room for growth, a bound on bad input. */
#define GAZ_MAX_REGIONS 200000

static char gaz_default[4200];
static pthread_once_t gaz_default_once = PTHREAD_ONCE_INIT;

static void gaz_default_find(void)
{
	snprintf(gaz_default, sizeof gaz_default, "%s/gazetteer", xxgk_data_dir());
}

const char *xxgk_gazetteer_default_dir(void)
{
	/* $XXGK_DATA_DIR/gazetteer: the variable names the data folder, as --help says */
	pthread_once(&gaz_default_once, gaz_default_find);
	return gaz_default;
}

static uint32_t gaz_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;   /* FNV-1a */
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

/* Adds a region; `code` and `name` live in one of g->files. */
static int gaz_push(xxgk_gazetteer *g, const char *code, const char *name, int level, int parent)
{
	if (g->count == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 4096;
		if (cap > GAZ_MAX_REGIONS)
			return XXGK_ETOOBIG;
		xxgk_region *r = realloc(g->regions, cap * sizeof *r);
		if (!r)
			return XXGK_ENOMEM;
		g->regions = r;
		g->cap = cap;
	}
	xxgk_region *r = &g->regions[g->count++];
	r->code = code;
	r->name = name;
	r->level = level;
	r->parent = parent;
	size_t len = strlen(name);
	r->placeholder = strcmp(name, "市辖区") == 0 || strcmp(name, "县") == 0 ||
			 strstr(name, "直辖县级行政区划") != NULL ||
			 (len >= strlen("直辖村级区划") &&
			  strcmp(name + len - strlen("直辖村级区划"), "直辖村级区划") == 0);
	return XXGK_OK;
}

/* Splits a CSV line into at most `cap` fields (quotes removed, no escapes needed here). */
static int gaz_fields(char *line, char **f, int cap)
{
	int n = 0;
	char *p = line;
	while (n < cap) {
		if (*p == '"') {
			char *q = strchr(p + 1, '"');
			if (!q)
				return -1;
			*q = '\0';
			f[n++] = p + 1;
			p = q + 1;
		} else {
			f[n++] = p;
			p += strcspn(p, ",\r\n");
		}
		if (*p != ',') {
			*p = '\0';
			break;
		}
		*p++ = '\0';
	}
	return n;
}

static int gaz_col(char **head, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(head[i], name) == 0)
			return i;
	return -1;
}

/* Bytes of one gazetteer CSV at most (streets.csv is 1.6 MB). */
#define GAZ_FILE_CAP ((size_t)64 * 1024 * 1024)

/* Reads a whole file into a NUL-terminated buffer the caller frees: one
 * read of its size (growing a buffer would copy streets.csv many times). */
static int gaz_slurp(char **out, const char *path, xxgk_error *err)
{
	*out = NULL;
	FILE *f = fopen(path, "rb");
	if (!f)
		return xxgk_error_set(err, XXGK_EIO, 0, 0, "%s: %s", path, strerror(errno));
	int rc = XXGK_OK;
	long size = -1;
	if (fseek(f, 0, SEEK_END) == 0)
		size = ftell(f);
	if (size < 0 || fseek(f, 0, SEEK_SET) != 0) {
		rc = xxgk_error_set(err, XXGK_EIO, 0, 0, "%s: not a regular file", path);
	} else if ((size_t)size > GAZ_FILE_CAP) {
		rc = xxgk_error_set(err, XXGK_ETOOBIG, 0, 0, "%s: over %zu bytes", path, GAZ_FILE_CAP);
	} else {
		char *data = malloc((size_t)size + 1);
		if (!data) {
			rc = XXGK_ENOMEM;
		} else if (fread(data, 1, (size_t)size, f) != (size_t)size) {
			rc = xxgk_error_set(err, XXGK_EIO, 0, 0, "%s: %s", path, ferror(f) ? strerror(errno) : "cut short");
			free(data);
		} else {
			data[size] = '\0';
			*out = data;
		}
	}
	fclose(f);
	return rc;
}

/*
 * Reads one CSV of the gazetteer; `parent_col` names the parent's code
 * column. The file is read whole and kept (g->files[slot]): codes and names
 * are cut in place, not copied one by one.
 */
static int gaz_read(xxgk_gazetteer *g, const char *dir, const char *file, int level,
		    const char *parent_col, xxgk_error *err)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", dir, file);
	int slot = level - XXGK_LEVEL_PROVINCE;
	int rc = gaz_slurp(&g->files[slot], path, err);
	if (rc != XXGK_OK)
		return rc;
	unsigned lineno = 0;
	int ccode = -1, cname = -1, cparent = -1;
	for (char *line = g->files[slot]; *line && rc == XXGK_OK;) {
		char *nl = strchr(line, '\n');
		char *next = nl ? nl + 1 : line + strlen(line);
		if (nl)
			*nl = '\0';
		lineno++;
		if (strlen(line) >= GAZ_LINE_CAP) {
			rc = xxgk_error_set(err, XXGK_EPARSE, lineno, 0, "%s:%u: line over %d bytes", path, lineno,
					    GAZ_LINE_CAP);
			break;
		}
		char *fields[8];
		int n = gaz_fields(line, fields, 8);
		line = next;
		if (lineno == 1) {
			ccode = gaz_col(fields, n, "code");
			cname = gaz_col(fields, n, "name");
			cparent = parent_col ? gaz_col(fields, n, parent_col) : -1;
			if (ccode < 0 || cname < 0 || (parent_col && cparent < 0)) {
				rc = xxgk_error_set(err, XXGK_EPARSE, lineno, 0, "%s:1: header lacks code, name or %s",
						    path, parent_col ? parent_col : "name");
				break;
			}
			continue;
		}
		if (n == 1 && fields[0][0] == '\0')
			continue;   /* an empty line (the last one) */
		if (n <= ccode || n <= cname || (cparent >= 0 && n <= cparent)) {
			rc = xxgk_error_set(err, XXGK_EPARSE, lineno, 0, "%s:%u: too few fields", path, lineno);
			break;
		}
		int parent = -1;
		if (cparent >= 0) {
			const xxgk_region *p = xxgk_gazetteer_find(g, fields[cparent]);
			if (!p) {
				rc = xxgk_error_set(err, XXGK_EPARSE, lineno, 0, "%s:%u: unknown parent %s", path,
						    lineno, fields[cparent]);
				break;
			}
			parent = (int)(p - g->regions);
		}
		rc = gaz_push(g, fields[ccode], fields[cname], level, parent);
		if (rc != XXGK_OK) {
			xxgk_error_set(err, rc, lineno, 0, "%s:%u: %s", path, lineno, xxgk_strerror(rc));
			break;
		}
		if (level < XXGK_LEVEL_TOWN) {
			/* codes of the levels above towns are looked up while loading */
			rc = gaz_index_code(g, g->count - 1);
			if (rc != XXGK_OK)
				break;
		}
	}
	return rc;
}

int xxgk_gazetteer_load(xxgk_gazetteer **out, const char *dir, xxgk_error *err)
{
	*out = NULL;
	xxgk_gazetteer *g = calloc(1, sizeof *g);
	if (!g)
		return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
	int rc = gaz_read(g, dir, "provinces.csv", XXGK_LEVEL_PROVINCE, NULL, err);
	if (rc == XXGK_OK)
		rc = gaz_read(g, dir, "cities.csv", XXGK_LEVEL_CITY, "provinceCode", err);
	if (rc == XXGK_OK)
		rc = gaz_read(g, dir, "areas.csv", XXGK_LEVEL_COUNTY, "cityCode", err);
	if (rc == XXGK_OK)
		rc = gaz_read(g, dir, "streets.csv", XXGK_LEVEL_TOWN, "areaCode", err);
	if (rc == XXGK_OK)
		rc = gaz_index_names(g);
	if (rc == XXGK_OK) {
		for (size_t i = 0; i < g->count && rc == XXGK_OK; i++)
			if (g->regions[i].level == XXGK_LEVEL_TOWN)
				rc = gaz_index_code(g, i);
	}
	if (rc != XXGK_OK) {
		if (rc == XXGK_ENOMEM)
			xxgk_error_set(err, rc, 0, 0, "out of memory");
		xxgk_gazetteer_free(g);
		return rc;
	}
	*out = g;
	return XXGK_OK;
}

void xxgk_gazetteer_free(xxgk_gazetteer *g)
{
	if (!g)
		return;
	for (size_t i = 0; i < sizeof g->files / sizeof g->files[0]; i++)
		free(g->files[i]);
	free(g->regions);
	free(g->name_slots);
	free(g->name_next);
	free(g->code_slots);
	free(g);
}

size_t xxgk_gazetteer_count(const xxgk_gazetteer *g)
{
	return g->count;
}

const xxgk_region *xxgk_gazetteer_at(const xxgk_gazetteer *g, size_t i)
{
	return i < g->count ? &g->regions[i] : NULL;
}

/* ---- code index: open addressing, grown as towns arrive ---- */

int gaz_index_code(xxgk_gazetteer *g, size_t idx)
{
	if ((g->code_used + 1) * 2 > g->code_cap) {
		size_t cap = g->code_cap ? g->code_cap * 2 : 1024;
		int32_t *slots = malloc(cap * sizeof *slots);
		if (!slots)
			return XXGK_ENOMEM;
		for (size_t i = 0; i < cap; i++)
			slots[i] = -1;
		for (size_t i = 0; i < g->code_cap; i++) {
			int32_t v = g->code_slots[i];
			if (v < 0)
				continue;
			const char *c = g->regions[v].code;
			size_t h = gaz_hash(c, strlen(c)) & (cap - 1);
			while (slots[h] >= 0)
				h = (h + 1) & (cap - 1);
			slots[h] = v;
		}
		free(g->code_slots);
		g->code_slots = slots;
		g->code_cap = cap;
	}
	const char *c = g->regions[idx].code;
	size_t h = gaz_hash(c, strlen(c)) & (g->code_cap - 1);
	while (g->code_slots[h] >= 0) {
		if (strcmp(g->regions[g->code_slots[h]].code, c) == 0)
			return XXGK_OK;   /* a repeated code keeps its first region */
		h = (h + 1) & (g->code_cap - 1);
	}
	g->code_slots[h] = (int32_t)idx;
	g->code_used++;
	return XXGK_OK;
}

const xxgk_region *xxgk_gazetteer_find(const xxgk_gazetteer *g, const char *code)
{
	if (!g->code_cap || !code)
		return NULL;
	size_t h = gaz_hash(code, strlen(code)) & (g->code_cap - 1);
	while (g->code_slots[h] >= 0) {
		const xxgk_region *r = &g->regions[g->code_slots[h]];
		if (strcmp(r->code, code) == 0)
			return r;
		h = (h + 1) & (g->code_cap - 1);
	}
	return NULL;
}

/* ---- name index: every region under its name, same names chained ---- */

int gaz_index_names(xxgk_gazetteer *g)
{
	size_t cap = 1;
	while (cap < g->count * 2 + 2)
		cap *= 2;
	g->name_slots = malloc(cap * sizeof *g->name_slots);
	g->name_next = malloc((g->count ? g->count : 1) * sizeof *g->name_next);
	if (!g->name_slots || !g->name_next)
		return XXGK_ENOMEM;
	g->name_cap = cap;
	for (size_t i = 0; i < cap; i++)
		g->name_slots[i] = -1;
	for (size_t i = 0; i < g->count; i++) {
		g->name_next[i] = -1;
		const xxgk_region *r = &g->regions[i];
		if (r->placeholder)
			continue;
		size_t n = strlen(r->name);
		if (n > g->longest_name)
			g->longest_name = n;
		/* the last character of the name, for gaz_may_end */
		size_t k = n;
		while (k > 0 && ((unsigned char)r->name[k - 1] & 0xC0) == 0x80)
			k--;
		uint32_t cp;
		if (k > 0 && xxgk_utf8_decode((const unsigned char *)r->name + k - 1, n - k + 1, &cp) && cp < 0x10000)
			g->ends[cp >> 3] |= (uint8_t)(1u << (cp & 7));
		size_t h = gaz_hash(r->name, n) & (cap - 1);
		while (g->name_slots[h] >= 0 && strcmp(g->regions[g->name_slots[h]].name, r->name) != 0)
			h = (h + 1) & (cap - 1);
		if (g->name_slots[h] >= 0) {
			/* chain behind the first region of that name */
			int32_t head = g->name_slots[h];
			g->name_next[i] = g->name_next[head];
			g->name_next[head] = (int32_t)i;
		} else {
			g->name_slots[h] = (int32_t)i;
		}
	}
	return XXGK_OK;
}

bool gaz_may_end(const xxgk_gazetteer *g, const char *s, size_t n)
{
	size_t k = n;
	while (k > 0 && ((unsigned char)s[k - 1] & 0xC0) == 0x80)
		k--;
	uint32_t cp;
	if (k == 0 || !xxgk_utf8_decode((const unsigned char *)s + k - 1, n - k + 1, &cp))
		return false;
	return cp < 0x10000 && (g->ends[cp >> 3] >> (cp & 7)) & 1;
}

int32_t gaz_lookup_name(const xxgk_gazetteer *g, const char *s, size_t n)
{
	if (!g->name_cap)
		return -1;
	size_t h = gaz_hash(s, n) & (g->name_cap - 1);
	while (g->name_slots[h] >= 0) {
		const char *name = g->regions[g->name_slots[h]].name;
		if (strlen(name) == n && memcmp(name, s, n) == 0)
			return g->name_slots[h];
		h = (h + 1) & (g->name_cap - 1);
	}
	return -1;
}
