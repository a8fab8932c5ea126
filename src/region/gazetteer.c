/*
 * gazetteer.c — the region table in memory (include/xxgk/region.h).
 *
 * Reads the four CSVs of data/gazetteer/ (their README says how they were
 * made). Columns are found by header name: streets.csv orders them
 * code,name,areaCode,provinceCode,cityCode, unlike the others. Names are
 * indexed in an open-addressing hash table so that a title can be scanned
 * for every region name it contains.
 * Placeholders (市辖区, 县, 省直辖县级行政区划, 自治区直辖县级行政区划, streets
 * named …直辖村级区划, and a region named as its parent: 金门县's street
 * 350527000, the city-as-county 441900 东莞市) are kept for codes but never
 * matched by name.
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

/* Adds a region; `code` and `name` live in g->text. The room was counted
 * before (gaz_lines): a line is at most one region. */
static int gaz_push(xxgk_gazetteer *g, const char *code, const char *name, int level, int parent)
{
	if (g->count == g->cap)
		return g->cap >= GAZ_MAX_REGIONS ? XXGK_ETOOBIG : XXGK_ENOMEM;
	xxgk_region *r = &g->regions[g->count++];
	r->code = code;
	r->name = name;
	r->level = level;
	r->parent = parent;
	size_t len = strlen(name);
	/* a region named as its own parent is the parent's stand-in one level
	 * down (README: 350527000 金门县 under 金门县, the city-as-county
	 * 441900 东莞市 …): a title printing the name names the parent */
	r->placeholder = strcmp(name, "市辖区") == 0 || strcmp(name, "县") == 0 ||
			 strstr(name, "直辖县级行政区划") != NULL ||
			 (len >= strlen("直辖村级区划") &&
			  strcmp(name + len - strlen("直辖村级区划"), "直辖村级区划") == 0) ||
			 (parent >= 0 && strcmp(name, g->regions[parent].name) == 0);
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

/* The four CSVs, the level of their regions and their parent's code column. */
static const struct {
	const char *file;
	int level;
	const char *parent_col;
} gaz_files[4] = {
	{ "provinces.csv", XXGK_LEVEL_PROVINCE, NULL },
	{ "cities.csv", XXGK_LEVEL_CITY, "provinceCode" },
	{ "areas.csv", XXGK_LEVEL_COUNTY, "cityCode" },
	{ "streets.csv", XXGK_LEVEL_TOWN, "areaCode" },
};

/*
 * Reads the four CSVs whole into one buffer, g->text (each NUL-terminated at
 * g->file_at[k]): one read per file of its size, into memory on huge pages
 * (xxgk__bigmem_alloc) — 1.7 MB taken 4 KiB at a time cost ~420 page faults.
 */
static int gaz_slurp_all(xxgk_gazetteer *g, const char *dir, xxgk_error *err)
{
	FILE *f[4] = { NULL, NULL, NULL, NULL };
	size_t size[4] = { 0, 0, 0, 0 }, total = 0;
	char path[1024];
	int rc = XXGK_OK;
	for (int k = 0; k < 4 && rc == XXGK_OK; k++) {
		snprintf(path, sizeof path, "%s/%s", dir, gaz_files[k].file);
		f[k] = fopen(path, "rb");
		if (!f[k]) {
			rc = xxgk_error_set(err, XXGK_EIO, 0, 0, "%s: %s", path, strerror(errno));
			break;
		}
		long n = -1;
		if (fseek(f[k], 0, SEEK_END) == 0)
			n = ftell(f[k]);
		if (n < 0 || fseek(f[k], 0, SEEK_SET) != 0)
			rc = xxgk_error_set(err, XXGK_EIO, 0, 0, "%s: not a regular file", path);
		else if ((size_t)n > GAZ_FILE_CAP)
			rc = xxgk_error_set(err, XXGK_ETOOBIG, 0, 0, "%s: over %zu bytes", path, GAZ_FILE_CAP);
		else
			total += (size[k] = (size_t)n) + 1;
	}
	if (rc == XXGK_OK) {
		g->text = xxgk__bigmem_alloc(total);
		g->text_len = total;
		if (!g->text)
			rc = XXGK_ENOMEM;
	}
	for (size_t k = 0, at = 0; k < 4 && rc == XXGK_OK; k++) {
		if (fread(g->text + at, 1, size[k], f[k]) != size[k]) {
			snprintf(path, sizeof path, "%s/%s", dir, gaz_files[k].file);
			rc = xxgk_error_set(err, XXGK_EIO, 0, 0, "%s: %s", path,
					    ferror(f[k]) ? strerror(errno) : "cut short");
		}
		g->file_at[k] = at;
		at += size[k];
		g->text[at++] = '\0';
	}
	for (int k = 0; k < 4; k++)
		if (f[k])
			fclose(f[k]);
	return rc;
}

/*
 * Reads one CSV of the gazetteer from g->text (file k); `parent_col` names the
 * parent's code column. Codes and names are cut in place, not copied.
 */
static int gaz_read(xxgk_gazetteer *g, const char *dir, int k, xxgk_error *err)
{
	const char *file = gaz_files[k].file, *parent_col = gaz_files[k].parent_col;
	int level = gaz_files[k].level;
	int rc = XXGK_OK;
	unsigned lineno = 0;
	int ccode = -1, cname = -1, cparent = -1;
	/* the last parent looked up: towns come in runs of one county */
	const char *last_code = NULL;
	int last_parent = -1;
	for (char *line = g->text + g->file_at[k]; *line && rc == XXGK_OK;) {
		char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		char *next = nl ? nl + 1 : line + len;
		if (nl)
			*nl = '\0';
		lineno++;
		if (len >= GAZ_LINE_CAP) {
			rc = xxgk_error_set(err, XXGK_EPARSE, lineno, 0, "%s/%s:%u: line over %d bytes", dir, file,
					    lineno, GAZ_LINE_CAP);
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
				rc = xxgk_error_set(err, XXGK_EPARSE, lineno, 0,
						    "%s/%s:1: header lacks code, name or %s", dir, file,
						    parent_col ? parent_col : "name");
				break;
			}
			continue;
		}
		if (n == 1 && fields[0][0] == '\0')
			continue;   /* an empty line (the last one) */
		if (n <= ccode || n <= cname || (cparent >= 0 && n <= cparent)) {
			rc = xxgk_error_set(err, XXGK_EPARSE, lineno, 0, "%s/%s:%u: too few fields", dir, file,
					    lineno);
			break;
		}
		int parent = -1;
		if (cparent >= 0) {
			if (last_code && strcmp(last_code, fields[cparent]) == 0) {
				parent = last_parent;
			} else {
				const xxgk_region *p = xxgk_gazetteer_find(g, fields[cparent]);
				if (!p) {
					rc = xxgk_error_set(err, XXGK_EPARSE, lineno, 0, "%s/%s:%u: unknown parent %s",
							    dir, file, lineno, fields[cparent]);
					break;
				}
				parent = (int)(p - g->regions);
				last_code = fields[cparent];
				last_parent = parent;
			}
		}
		rc = gaz_push(g, fields[ccode], fields[cname], level, parent);
		if (rc != XXGK_OK) {
			xxgk_error_set(err, rc, lineno, 0, "%s/%s:%u: %s", dir, file, lineno, xxgk_strerror(rc));
			break;
		}
		if (level < XXGK_LEVEL_TOWN)
			gaz_index_code(g, g->count - 1);   /* codes above towns are looked up while loading */
	}
	return rc;
}

/* The smallest power of two at least n. */
static size_t gaz_pow2(size_t n)
{
	size_t cap = 1;
	while (cap < n)
		cap *= 2;
	return cap;
}

/*
 * Room for every region, both indexes and the name chains, in one block on
 * huge pages, sized by the lines of the CSVs (a line is at most a region):
 * nothing grows while loading, and 2.6 MB costs a few page faults, not 650.
 */
static int gaz_alloc(xxgk_gazetteer *g)
{
	size_t lines = 0;
	for (const char *p = g->text, *end = g->text + g->text_len; p < end; p++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		lines++;
		if (!nl)
			break;
		p = nl;
	}
	g->cap = lines < GAZ_MAX_REGIONS ? lines : GAZ_MAX_REGIONS;
	g->code_cap = gaz_pow2(2 * g->cap + 2);
	g->name_cap = gaz_pow2(2 * g->cap + 2);
	size_t len = g->cap * sizeof *g->regions + (g->code_cap + g->name_cap + g->cap + 1) * sizeof(int32_t);
	g->arena = xxgk__bigmem_alloc(len);
	if (!g->arena)
		return XXGK_ENOMEM;
	g->arena_len = len;
	g->regions = g->arena;
	g->code_slots = (int32_t *)(void *)(g->regions + g->cap);
	g->name_slots = g->code_slots + g->code_cap;
	g->name_next = g->name_slots + g->name_cap;
	memset(g->code_slots, 0xFF, g->code_cap * sizeof *g->code_slots);   /* −1: empty */
	return XXGK_OK;
}

int xxgk_gazetteer_load(xxgk_gazetteer **out, const char *dir, xxgk_error *err)
{
	*out = NULL;
	xxgk_gazetteer *g = calloc(1, sizeof *g);
	if (!g)
		return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
	int rc = gaz_slurp_all(g, dir, err);
	if (rc == XXGK_OK)
		rc = gaz_alloc(g);
	for (int k = 0; k < 4 && rc == XXGK_OK; k++)
		rc = gaz_read(g, dir, k, err);
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
	xxgk__bigmem_free(g->text, g->text_len);
	xxgk__bigmem_free(g->arena, g->arena_len);
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

/* ---- code index: open addressing, sized for every line (gaz_alloc) ---- */

int gaz_index_code(xxgk_gazetteer *g, size_t idx)
{
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
	size_t cap = gaz_pow2(g->count * 2 + 2);   /* ≤ g->name_cap: count ≤ cap */
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
