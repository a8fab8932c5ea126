/*
 * copies.c — 内容雷同: reports that copy another body's report, or their own
 * body's previous year.
 *
 * Narrative: the parser's MinHash signature (64 one-permutation slots of 16
 * bits over 5-character shingles) estimates shingled Jaccard similarity as
 * the share of equal slots among those not empty in both (Broder 1997; Li,
 * Owen & Zhang 2012). Candidate pairs come from LSH banding
 * (16 bands of 4 slots: a pair at similarity 0.9 shares a band with
 * probability 1 − (1 − 0.9⁴)¹⁶ > 0.9999), sorted, so the work grows with n
 * log n, not n²; each candidate is then verified on all 64 slots (equal slots
 * ≥ 0.9 of the slots in use ≈ Jaccard ≥ 0.9). A band shared by very many reports (a county's
 * common template) is compared star-wise against a few members only.
 * Tables: a hash of every cell of tables 2–4; only tables with at least four
 * non-zero figures count (every quiet town prints the same zeros).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_int.h"

#define COPY_BANDS 16
#define COPY_ROWS 4
/* Members of a band bucket compared with all others; the rest star-wise. */
#define COPY_BUCKET_ALL 24
#define COPY_BUCKET_STAR 8
/* Non-zero figures a table needs before an identical one means anything. */
#define COPY_TABLE_MIN_NONZERO 4

typedef struct {
	char sha[65];
	char *body;           /* owned */
	char *name;           /* owned agency name, for messages */
	int year;
	bool has_sig;
	uint16_t minhash[XXGK_MINHASH];
	uint64_t table_hash;
	bool table_counts;
	bool said_narrative, said_table;   /* one finding of each kind a report */
} copy_entry;

struct xxgk_copies {
	copy_entry *e;
	size_t count, cap;
};

int xxgk_copies_new(xxgk_copies **out)
{
	*out = calloc(1, sizeof **out);
	return *out ? XXGK_OK : XXGK_ENOMEM;
}

void xxgk_copies_free(xxgk_copies *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->count; i++) {
		free(c->e[i].body);
		free(c->e[i].name);
	}
	free(c->e);
	free(c);
}

static uint64_t copy_mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
	return h * 0xBF58476D1CE4E5B9ull;
}

static void copy_cell(uint64_t *h, int *nonzero, const xxgk_cell *c)
{
	uint64_t bits = 0;
	if (c->has_value) {
		double v = c->value;
		memcpy(&bits, &v, sizeof bits);
		if (v != 0)
			(*nonzero)++;
	} else {
		bits = 0xFFFF0000ull + c->kind;
	}
	*h = copy_mix(*h, bits);
}

int xxgk_copies_add(xxgk_copies *c, const xxgk_report *r, const char *body)
{
	if (c->count == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 1024;
		copy_entry *e = realloc(c->e, cap * sizeof *e);
		if (!e)
			return XXGK_ENOMEM;
		c->e = e;
		c->cap = cap;
	}
	copy_entry *e = &c->e[c->count];
	memset(e, 0, sizeof *e);
	snprintf(e->sha, sizeof e->sha, "%s", r->sha256);
	e->body = xxgk_strdup(body ? body : "");
	e->name = xxgk_strdup(r->agency_name ? r->agency_name : "(未识别)");
	if (!e->body || !e->name) {
		free(e->body);
		free(e->name);
		return XXGK_ENOMEM;
	}
	e->year = r->year;
	e->has_sig = r->shingle_count > 0;
	memcpy(e->minhash, r->minhash, sizeof e->minhash);
	uint64_t h = 1469598103934665603ull;
	int nonzero = 0;
	for (size_t i = 0; i < XXGK_ACTIVE_CAP; i++)
		copy_cell(&h, &nonzero, &r->active[i]);
	for (int row = 0; row < XXGK_T3_ROWS; row++)
		for (int col = 0; col < XXGK_T3_COLS; col++)
			copy_cell(&h, &nonzero, &r->applications[row][col]);
	for (int g = 0; g < XXGK_T4_GROUPS; g++)
		for (int col = 0; col < XXGK_T4_COLS; col++)
			copy_cell(&h, &nonzero, &r->reviews[g][col]);
	e->table_hash = h;
	e->table_counts = nonzero >= COPY_TABLE_MIN_NONZERO;
	c->count++;
	return XXGK_OK;
}

/* Copying is between bodies here; a body's own previous year is
 * xxgk_check_years_with()'s (year.table_repeated, year.narrative_repeated),
 * and two files of one body and year are versions (version.edited). */
static bool copy_related(const copy_entry *a, const copy_entry *b)
{
	return strcmp(a->body, b->body) != 0;
}

typedef struct {
	uint64_t key;
	uint32_t idx;
} copy_key;

static int copy_key_cmp(const void *a, const void *b)
{
	const copy_key *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Pairs already reported, so that one pair found in several bands is said once. */
typedef struct {
	uint64_t *slots;
	size_t cap, used;
} pair_set;

static bool pair_seen(pair_set *ps, uint32_t a, uint32_t b, bool *oom)
{
	if ((ps->used + 1) * 2 > ps->cap) {
		size_t cap = ps->cap ? ps->cap * 2 : 1024;
		uint64_t *s = calloc(cap, sizeof *s);
		if (!s) {
			*oom = true;
			return true;
		}
		for (size_t i = 0; i < ps->cap; i++) {
			if (!ps->slots[i])
				continue;
			size_t h = (size_t)(copy_mix(0, ps->slots[i]) & (cap - 1));
			while (s[h])
				h = (h + 1) & (cap - 1);
			s[h] = ps->slots[i];
		}
		free(ps->slots);
		ps->slots = s;
		ps->cap = cap;
	}
	uint64_t k = ((uint64_t)(a < b ? a : b) << 32 | (b > a ? b : a)) + 1;
	size_t h = (size_t)(copy_mix(0, k) & (ps->cap - 1));
	while (ps->slots[h]) {
		if (ps->slots[h] == k)
			return true;
		h = (h + 1) & (ps->cap - 1);
	}
	ps->slots[h] = k;
	ps->used++;
	return false;
}

static xxgk_finding *copy_add(xxgk_findings *out, const char *sha, const char *rule, const char *where,
			      const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 5, 6)))
#endif
	;

static xxgk_finding *copy_add(xxgk_findings *out, const char *sha, const char *rule, const char *where,
			      const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	xxgk_finding *f = check_vadd(out, sha, rule, where, 0, fmt, ap);
	va_end(ap);
	return f;
}

/* The later report of a pair is the one said to copy the earlier; once. */
static int copy_report(xxgk_findings *out, copy_entry *a, copy_entry *b, int equal, int used)
{
	copy_entry *later = a, *earlier = b;
	if (b->year > a->year || (b->year == a->year && strcmp(b->sha, a->sha) > 0)) {
		later = b;
		earlier = a;
	}
	if (later->said_narrative)
		return XXGK_OK;
	later->said_narrative = true;
	xxgk_finding *f = copy_add(out, later->sha, "copy.narrative", "narrative",
				   "正文与%s%d年报告高度雷同：估计相似度 %.2f（MinHash %d/%d 槽相同），对方 %s",
				   earlier->name, earlier->year, (double)equal / used, equal, used, earlier->sha);
	if (!f)
		return XXGK_ENOMEM;
	snprintf(f->related, sizeof f->related, "%s", earlier->sha);
	f->has_lhs = true;
	f->lhs = (double)equal / used;
	return XXGK_OK;
}

int xxgk_copies_find(xxgk_copies *c, xxgk_findings *out)
{
	int rc = XXGK_OK;
	size_t from = out->count;
	size_t n = c->count;
	copy_key *keys = malloc((n ? n : 1) * sizeof *keys);
	pair_set ps = { NULL, 0, 0 };
	bool oom = false;
	if (!keys)
		return XXGK_ENOMEM;
	for (int band = 0; band < COPY_BANDS && rc == XXGK_OK; band++) {
		size_t k = 0;
		for (size_t i = 0; i < n; i++) {
			if (!c->e[i].has_sig)
				continue;
			uint64_t h = copy_mix(0x5bd1e995ull, (uint64_t)band);
			for (int r = 0; r < COPY_ROWS; r++)
				h = copy_mix(h, c->e[i].minhash[band * COPY_ROWS + r]);
			keys[k].key = h;
			keys[k].idx = (uint32_t)i;
			k++;
		}
		qsort(keys, k, sizeof *keys, copy_key_cmp);
		for (size_t a = 0; a < k && rc == XXGK_OK;) {
			size_t b = a;
			while (b < k && keys[b].key == keys[a].key)
				b++;
			size_t size = b - a;
			for (size_t i = a; i < b && rc == XXGK_OK; i++) {
				size_t upto = size <= COPY_BUCKET_ALL ? b : a + COPY_BUCKET_STAR;
				if (upto > b)
					upto = b;
				for (size_t j = (size <= COPY_BUCKET_ALL ? i + 1 : a); j < upto && rc == XXGK_OK; j++) {
					if (j == i)
						continue;
					copy_entry *x = &c->e[keys[i].idx], *y = &c->e[keys[j].idx];
					if (!copy_related(x, y) || (x->said_narrative && y->said_narrative))
						continue;
					int equal = 0, used = 0;
					for (int s = 0; s < XXGK_MINHASH; s++) {
						bool empty = x->minhash[s] == 0xFFFF && y->minhash[s] == 0xFFFF;
						used += !empty;
						equal += !empty && x->minhash[s] == y->minhash[s];
					}
					/* Jaccard ≥ 0.9: equal/used ≥ 0.9 */
					if (used == 0 || equal * 10 < used * 9)
						continue;
					if (pair_seen(&ps, keys[i].idx, keys[j].idx, &oom)) {
						if (oom)
							rc = XXGK_ENOMEM;
						continue;
					}
					rc = copy_report(out, x, y, equal, used);
				}
			}
			a = b;
		}
	}
	/* identical tables */
	size_t k = 0;
	for (size_t i = 0; i < n && rc == XXGK_OK; i++) {
		if (!c->e[i].table_counts)
			continue;
		keys[k].key = c->e[i].table_hash;
		keys[k].idx = (uint32_t)i;
		k++;
	}
	if (rc == XXGK_OK)
		qsort(keys, k, sizeof *keys, copy_key_cmp);
	for (size_t a = 0; a < k && rc == XXGK_OK;) {
		size_t b = a;
		while (b < k && keys[b].key == keys[a].key)
			b++;
		for (size_t i = a + 1; i < b && rc == XXGK_OK; i++) {
			copy_entry *x = &c->e[keys[a].idx], *y = &c->e[keys[i].idx];
			if (!copy_related(x, y))
				continue;
			copy_entry *later = y->year >= x->year ? y : x, *earlier = later == y ? x : y;
			if (later->said_table)
				continue;
			later->said_table = true;
			xxgk_finding *f = copy_add(out, later->sha, "copy.table", "active,applications,reviews",
						   "表二至表四的全部数字与%s%d年报告完全相同，对方 %s", earlier->name,
						   earlier->year, earlier->sha);
			if (!f)
				rc = XXGK_ENOMEM;
			else
				snprintf(f->related, sizeof f->related, "%s", earlier->sha);
		}
		a = b;
	}
	free(ps.slots);
	free(keys);
	return rc == XXGK_OK ? xxgk_findings_apply_rules(out, from, NULL) : rc;
}
