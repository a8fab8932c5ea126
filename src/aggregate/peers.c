/*
 * peers.c — who is compared with whom: the peer groups of a year's bodies,
 * the one rule `xxgk outliers`, `xxgk stats` and the PDF reports share.
 *
 * Levels are compared apart (a city is not a big town), departments by tier
 * (city or county, from the length of their region code) and by kind, read
 * from data/peers/kinds.csv (built into the library by cmake/Embed.cmake;
 * its README says how names match). A kind with too few bodies in the year
 * falls back to its tier, so a lone 信访局 is still compared with someone.
 */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xxgk/aggregate.h"

extern const unsigned char xxgk__peer_kinds_csv[];
extern const size_t xxgk__peer_kinds_csv_len;

/* The table is small: these caps are far above its 32 rows. */
enum { PEER_KINDS_CAP = 128, PEER_NAMES_CAP = 1024 };

typedef struct {
	const char *key, *label;
	size_t first_name, name_count;   /* into peer_names */
} peer_kind;

static char *peer_text;                          /* a private copy of the CSV, cut into strings */
static peer_kind peer_kinds[PEER_KINDS_CAP];
static size_t peer_kind_n;
static const char *peer_names[PEER_NAMES_CAP];
static size_t peer_name_len[PEER_NAMES_CAP];
static size_t peer_name_n;
static pthread_once_t peer_once = PTHREAD_ONCE_INIT;

/* Cuts the embedded CSV (key,label,names with names |-separated; no quoting) into the tables. */
static void peer_load(void)
{
	peer_text = malloc(xxgk__peer_kinds_csv_len + 1);
	if (!peer_text)
		return;   /* no kinds: every department falls back to its tier */
	memcpy(peer_text, xxgk__peer_kinds_csv, xxgk__peer_kinds_csv_len);
	peer_text[xxgk__peer_kinds_csv_len] = '\0';
	char *line = strchr(peer_text, '\n');   /* skip the header */
	while (line && *++line && peer_kind_n < PEER_KINDS_CAP) {
		char *end = strchr(line, '\n');
		if (end) {
			*end = '\0';
			if (end > line && end[-1] == '\r')
				end[-1] = '\0';
		}
		char *c1 = strchr(line, ','), *c2 = c1 ? strchr(c1 + 1, ',') : NULL;
		if (c2) {
			peer_kind *k = &peer_kinds[peer_kind_n];
			*c1 = *c2 = '\0';
			k->key = line;
			k->label = c1 + 1;
			k->first_name = peer_name_n;
			for (char *s = c2 + 1; *s && peer_name_n < PEER_NAMES_CAP;) {
				char *bar = strchr(s, '|');
				if (bar)
					*bar = '\0';
				if (*s) {
					peer_names[peer_name_n] = s;
					peer_name_len[peer_name_n++] = strlen(s);
				}
				if (!bar)
					break;
				s = bar + 1;
			}
			k->name_count = peer_name_n - k->first_name;
			peer_kind_n++;
		}
		line = end;
	}
}

static void peer_init(void)
{
	int rc = pthread_once(&peer_once, peer_load);
	assert(rc == 0);
	(void)rc;
}

size_t xxgk_peer_kind_count(void)
{
	peer_init();
	return peer_kind_n;
}

const char *xxgk_peer_kind_key(int kind)
{
	peer_init();
	return kind >= 0 && (size_t)kind < peer_kind_n ? peer_kinds[kind].key : "";
}

const char *xxgk_peer_kind_label(int kind)
{
	peer_init();
	return kind >= 0 && (size_t)kind < peer_kind_n ? peer_kinds[kind].label : "";
}

int xxgk_peer_kind(const char *agency_name)
{
	int best = -1;
	size_t best_end = 0, best_len = 0;
	assert(agency_name);
	peer_init();
	for (size_t k = 0; k < peer_kind_n; k++)
		for (size_t j = 0; j < peer_kinds[k].name_count; j++) {
			const char *name = peer_names[peer_kinds[k].first_name + j];
			size_t len = peer_name_len[peer_kinds[k].first_name + j];
			for (const char *at = strstr(agency_name, name); at; at = strstr(at + 1, name)) {
				size_t end = (size_t)(at - agency_name) + len;
				if (best < 0 || end > best_end || (end == best_end && len > best_len)) {
					best = (int)k;
					best_end = end;
					best_len = len;
				}
			}
		}
	return best;
}

/* ---- groups ---- */

enum { TIER_NONE, TIER_CITY, TIER_COUNTY, TIER_COUNT };

static int peer_tier(const xxgk_body_figures *f)
{
	size_t len = strlen(f->code);
	return len == 4 ? TIER_CITY : len == 6 ? TIER_COUNTY : TIER_NONE;
}

static const char *peer_level_key(int level, int tier)
{
	static const char *const keys[] = { "unknown", "province", "city", "county", "town" };
	static const char *const dept[] = { "department", "department.city", "department.county" };
	return level == XXGK_LEVEL_DEPARTMENT ? dept[tier] : level >= 0 && level <= XXGK_LEVEL_TOWN ? keys[level] : "unknown";
}

static const char *peer_level_name(int level, int tier)
{
	static const char *const names[] = { "未识别", "省级政府", "市级政府", "县级政府", "乡镇街道" };
	static const char *const dept[] = { "部门", "市级部门", "县级部门" };
	return level == XXGK_LEVEL_DEPARTMENT ? dept[tier] : level >= 0 && level <= XXGK_LEVEL_TOWN ? names[level] : "未识别";
}

void xxgk_peers_free(xxgk_peers *p)
{
	if (!p)
		return;
	free(p->groups);
	free(p->of);
	free(p->names);
	memset(p, 0, sizeof *p);
}

/* Slot of (level, tier, kind) in a flat table; kind −1 is the level group. */
static size_t peer_slot(int level, int tier, int kind, size_t kinds)
{
	return ((size_t)level * TIER_COUNT + (size_t)tier) * (kinds + 1) + (size_t)(kind + 1);
}

int xxgk_peers_assign(xxgk_peers *out, const xxgk_body_figures *figs, size_t n, int year, size_t min_kind)
{
	int rc = XXGK_ENOMEM;
	size_t kinds = xxgk_peer_kind_count();
	size_t slots = (XXGK_LEVEL_DEPARTMENT + 1) * TIER_COUNT * (kinds + 1);
	size_t *count = calloc(slots, sizeof *count);
	int *group_of_slot = malloc(slots * sizeof *group_of_slot);
	int *kind = malloc((n ? n : 1) * sizeof *kind);
	assert(out && (n == 0 || figs));
	memset(out, 0, sizeof *out);
	if (!min_kind)
		min_kind = XXGK_PEER_MIN_KIND;
	out->of = malloc((n ? n : 1) * sizeof *out->of);
	if (!count || !group_of_slot || !kind || !out->of)
		goto done;
	out->n = n;
	for (size_t s = 0; s < slots; s++)
		group_of_slot[s] = -1;
	/* count every (level, tier, kind) of the year */
	for (size_t i = 0; i < n; i++) {
		const xxgk_body_figures *f = &figs[i];
		kind[i] = -1;
		if (f->year != year || f->level <= XXGK_LEVEL_UNKNOWN || f->level > XXGK_LEVEL_DEPARTMENT)
			continue;
		int tier = f->level == XXGK_LEVEL_DEPARTMENT ? peer_tier(f) : TIER_NONE;
		if (f->level == XXGK_LEVEL_DEPARTMENT)
			kind[i] = xxgk_peer_kind(f->name);
		count[peer_slot(f->level, tier, -1, kinds)]++;
		if (kind[i] >= 0)
			count[peer_slot(f->level, tier, kind[i], kinds)]++;
	}
	/* the groups: level groups first, then the kinds big enough */
	size_t groups = 0, text = 0;
	for (size_t s = 0; s < slots; s++) {
		bool level_slot = s % (kinds + 1) == 0;
		if (count[s] && (level_slot || count[s] >= min_kind)) {
			groups++;
			text += 2 * (64 + 2 * 96);
		}
	}
	out->groups = calloc(groups ? groups : 1, sizeof *out->groups);
	out->names = malloc(text ? text : 1);
	if (!out->groups || !out->names)
		goto done;
	char *w = out->names;
	for (int pass = 0; pass < 2; pass++)
		for (int level = XXGK_LEVEL_PROVINCE; level <= XXGK_LEVEL_DEPARTMENT; level++)
			for (int tier = 0; tier < TIER_COUNT; tier++)
				for (int k = pass ? 0 : -1; k < (pass ? (int)kinds : 0); k++) {
					size_t s = peer_slot(level, tier, k, kinds);
					if (!count[s] || (k >= 0 && count[s] < min_kind))
						continue;
					xxgk_peer_group *g = &out->groups[out->group_count];
					g->level = level;
					g->kind = k;
					g->parent = k >= 0 ? group_of_slot[peer_slot(level, tier, -1, kinds)] : -1;
					g->size = count[s];
					int len = snprintf(w, 64 + 2 * 96, "%s%s%s", peer_level_key(level, tier), k >= 0 ? "." : "",
							   k >= 0 ? xxgk_peer_kind_key(k) : "");
					g->key = w;
					w += len + 1;
					len = snprintf(w, 64 + 2 * 96, "%s%s%s", peer_level_name(level, tier), k >= 0 ? "·" : "",
						       k >= 0 ? xxgk_peer_kind_label(k) : "");
					g->name = w;
					w += len + 1;
					group_of_slot[s] = (int)out->group_count++;
				}
	for (size_t i = 0; i < n; i++) {
		const xxgk_body_figures *f = &figs[i];
		out->of[i] = -1;
		if (f->year != year || f->level <= XXGK_LEVEL_UNKNOWN || f->level > XXGK_LEVEL_DEPARTMENT)
			continue;
		int tier = f->level == XXGK_LEVEL_DEPARTMENT ? peer_tier(f) : TIER_NONE;
		int g = kind[i] >= 0 ? group_of_slot[peer_slot(f->level, tier, kind[i], kinds)] : -1;
		out->of[i] = g >= 0 ? g : group_of_slot[peer_slot(f->level, tier, -1, kinds)];
	}
	rc = XXGK_OK;
done:
	free(count);
	free(group_of_slot);
	free(kind);
	if (rc != XXGK_OK)
		xxgk_peers_free(out);
	return rc;
}
