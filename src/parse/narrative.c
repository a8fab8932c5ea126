/*
 * narrative.c — what the prose of a report says, for the checker: the
 * figures it states (claims), whether part six explains fees, and a MinHash
 * signature of the prose for finding copied reports.
 *
 * Claims: an anchor ("无法提供", "办结", "行政复议" …) followed, within a few
 * characters and the same clause, by a whole number and a counting unit
 * (件 条 份 个 次). Approximate figures ("1.11万余条", "近百件") are not
 * claims. A claim is only a statement to compare with the tables; the
 * checker reports disagreements, it never changes a table.
 * Signature: MinHash (Broder 1997) over 5-character shingles of the prose
 * with digits folded to 0 (a report copied with this year's numbers is still
 * a copy), computed by one-permutation hashing (Li, Owen & Zhang 2012): one
 * hash a shingle, its top 6 bits pick one of 64 slots, the slot keeps the
 * least of the low 16 bits; 0xFFFF marks an empty slot. The share of equal
 * slots among the slots not empty in both estimates the Jaccard similarity.
 */
#include <stdlib.h>
#include <string.h>

#include "parse_int.h"

/* Characters between an anchor and its figure, at most. */
#define CLAIM_WINDOW_CP 24
/* Bytes of one label read for claims (a run-together page keeps its whole
 * narrative in one label). */
#define NARRATIVE_BUF 65536
/* Tokens of prose whose lines are kept (beyond, claims take the last line). */
#define NARRATIVE_MARKS 8192
/* Shingles fewer than this give no signature: boilerplate is no evidence. */
#define MINHASH_MIN_SHINGLES 60

typedef struct {
	const char *anchor;   /* compact text that introduces the figure */
	const char *needs;    /* must appear between anchor and figure, or NULL */
	const char *key;
	bool applications;    /* counts applications: only 件 (条 counts documents) */
} claim_spec;

/* Longer anchors first: "予以公开及部分公开" before "予以公开". */
static const claim_spec claim_specs[] = {
	{ "予以公开及部分公开", NULL, "granted_partial", true },
	{ "予以公开和部分公开", NULL, "granted_partial", true },
	{ "公开和部分公开", NULL, "granted_partial", true },
	{ "上年度结转", NULL, "carried_over", false },
	{ "上一年度结转", NULL, "carried_over", false },
	{ "上年度转结", NULL, "carried_over", false },
	{ "上年结转", NULL, "carried_over", false },
	{ "结转下一年", NULL, "carried_forward", false },
	{ "结转下年", NULL, "carried_forward", false },
	{ "结转至下", NULL, "carried_forward", false },
	{ "新收到", "申请", "new_received", false },
	{ "新收", "申请", "new_received", false },
	{ "收到", "申请", "received", false },
	{ "接收", "申请", "received", false },
	{ "受理", "申请", "received", false },
	{ "办结", NULL, "total_processed", false },
	{ "答复", "申请", "total_processed", false },
	{ "不予公开", NULL, "denied", true },
	{ "无法提供", NULL, "unable", true },
	{ "不予处理", NULL, "not_processed", true },
	{ "部分公开", NULL, "partially_granted", true },
	{ "予以公开", NULL, "granted", true },
	{ "行政复议", NULL, "review", false },
	{ "行政诉讼", NULL, "litigation", false },
	{ "行政许可", NULL, "licensing", false },
	{ "行政处罚", NULL, "penalty", false },
	{ "行政强制", NULL, "coercion", false },
	{ "现行有效", "规范性文件", "normative_valid", false },
	{ "制发", "规范性文件", "normative_issued", false },
};

static const char *const claim_units[] = { "件", "条", "份", "个", "次", "宗", NULL };

/* Does `word` stand in s[a..b)? */
static bool claim_between(const char *s, size_t a, size_t b, const char *word)
{
	size_t w = strlen(word);
	for (size_t i = a; i + w <= b; i++)
		if (memcmp(s + i, word, w) == 0)
			return true;
	return false;
}

/* Is s[0..) a clause end? (the figure must be in the anchor's clause) */
static bool claim_clause_end(const char *s)
{
	return strncmp(s, "。", 3) == 0 || strncmp(s, "；", 3) == 0 || *s == ';' || strncmp(s, "！", 3) == 0;
}

/* Where each token's text starts in the joined prose, and its line. */
typedef struct {
	size_t off;
	uint32_t line;
} prose_mark;

static uint32_t prose_line(const prose_mark *marks, size_t count, size_t off)
{
	size_t lo = 0, hi = count;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (marks[mid].off <= off)
			lo = mid;
		else
			hi = mid;
	}
	return count ? marks[lo].line : 0;
}

/* Where an anchor stands in the prose: its offset and the claim_specs bits
 * of the anchors that start there. */
typedef struct {
	uint32_t off;
	uint32_t specs;
} claim_hit;

enum { CLAIM_SPEC_COUNT = sizeof claim_specs / sizeof claim_specs[0] };
_Static_assert(CLAIM_SPEC_COUNT <= 32, "a hit's anchors are a 32-bit set");

/*
 * Finds the anchors of the prose s[0..z) (z: its first NUL, where strstr
 * would stop) at the places the shingle pass visits, which are all but the
 * continuation bytes of characters it decodes, so every place an anchor (a
 * Han word: a lead byte first) can start. A place is a candidate only when
 * its first byte and the low bits of the next two are those of some anchor's
 * start, which few characters pass; there the anchors are compared whole.
 */
typedef struct {
	bool first[256];
	uint8_t pair[4096 / 8];
	uint32_t head[CLAIM_SPEC_COUNT];   /* each anchor's first three bytes */
	const unsigned char *s;
	size_t z;
	claim_hit *hits;                   /* in order of offset; owned */
	size_t count, cap;
	bool oom;
} claim_finder;

static void claims_finder_init(claim_finder *f, const char *s, size_t n)
{
	memset(f, 0, sizeof *f);
	for (size_t k = 0; k < CLAIM_SPEC_COUNT; k++) {
		const unsigned char *a = (const unsigned char *)claim_specs[k].anchor;
		unsigned p = (a[1] & 0x3Fu) << 6 | (a[2] & 0x3Fu);   /* every anchor is Han: 3 bytes and more */
		f->first[a[0]] = true;
		f->pair[p >> 3] |= (uint8_t)(1u << (p & 7));
		f->head[k] = (uint32_t)a[0] << 16 | (uint32_t)a[1] << 8 | a[2];
	}
	const char *nul = memchr(s, '\0', n);
	f->s = (const unsigned char *)s;
	f->z = nul ? (size_t)(nul - s) : n;
}

/* The anchors that start at s[i], noted as a hit. */
static void claims_look(claim_finder *f, size_t i)
{
	const unsigned char *u = f->s;
	if (i + 3 > f->z || !f->first[u[i]])
		return;
	unsigned p = (u[i + 1] & 0x3Fu) << 6 | (u[i + 2] & 0x3Fu);
	if (!(f->pair[p >> 3] >> (p & 7) & 1))
		return;
	uint32_t at = (uint32_t)u[i] << 16 | (uint32_t)u[i + 1] << 8 | u[i + 2], specs = 0;
	for (size_t k = 0; k < CLAIM_SPEC_COUNT; k++) {
		if (f->head[k] != at)
			continue;
		size_t al = strlen(claim_specs[k].anchor);
		if (i + al <= f->z && memcmp(u + i, claim_specs[k].anchor, al) == 0)
			specs |= 1u << k;
	}
	if (!specs || f->oom)
		return;
	if (f->count == f->cap) {
		size_t ncap = f->cap ? f->cap * 2 : 64;
		claim_hit *nh = realloc(f->hits, ncap * sizeof *nh);
		if (!nh) {
			f->oom = true;
			return;
		}
		f->hits = nh;
		f->cap = ncap;
	}
	f->hits[f->count++] = (claim_hit){ (uint32_t)i, specs };
}

/*
 * Scans the joined prose for claims (a sentence wrapped over lines is one
 * sentence here); marks used bytes so anchors do not overlap. Anchors are
 * tried in the order of claim_specs, each at every place it stands, in
 * order: `hits`, found in one pass (claim_finder).
 */
static int claims_in(xxgk_report *r, const char *s, size_t n, const claim_hit *hits, size_t hit_count,
		     const prose_mark *marks, size_t mark_count)
{
	static _Thread_local unsigned char used[NARRATIVE_BUF];
	if (n > sizeof used)
		n = sizeof used;
	memset(used, 0, n);
	int rc = XXGK_OK;
	for (size_t k = 0; rc == XXGK_OK && k < CLAIM_SPEC_COUNT; k++) {
		const claim_spec *sp = &claim_specs[k];
		size_t al = strlen(sp->anchor);
		for (size_t q = 0; q < hit_count; q++) {
			if (!(hits[q].specs >> k & 1))
				continue;
			size_t i = hits[q].off;
			if (used[i])
				continue;
			size_t j = i + al, cp = 0;
			bool need_ok = sp->needs == NULL;
			while (j < n && cp < CLAIM_WINDOW_CP && !(s[j] >= '0' && s[j] <= '9') && !claim_clause_end(s + j)) {
				if (!need_ok && strncmp(s + j, sp->needs, strlen(sp->needs)) == 0)
					need_ok = true;
				j++;
				while (j < n && ((unsigned char)s[j] & 0xC0) == 0x80)
					j++;
				cp++;
			}
			if (j >= n || !(s[j] >= '0' && s[j] <= '9') || !need_ok)
				continue;
			/* no figure inside a word before it: "2024年" is a year */
			size_t d = j;
			double v = 0;
			while (d < n && s[d] >= '0' && s[d] <= '9' && d - j < 12)
				v = v * 10 + (s[d++] - '0');
			bool unit = false;
			for (const char *const *un = claim_units; *un && !unit; un++)
				unit = strncmp(s + d, *un, strlen(*un)) == 0 &&
				       (!sp->applications || strcmp(*un, "件") == 0);
			/* approximations are not claims: 万/余/多 after, 约/近 before */
			if (!unit || (d < n && s[d] == '.'))
				continue;
			if (j >= 3 && (strncmp(s + j - 3, "约", 3) == 0 || strncmp(s + j - 3, "近", 3) == 0))
				continue;
			for (size_t m = i; m < d; m++)
				used[m] = 1;
			/* "行政复议和行政诉讼案件74件" counts both */
			const char *key = sp->key;
			if ((strcmp(key, "review") == 0 && claim_between(s, i + al, j, "诉讼")) ||
			    (strcmp(key, "litigation") == 0 && claim_between(s, i + al, j, "复议")))
				key = "review_litigation";
			if (xxgk_report_claim(r, key, v, prose_line(marks, mark_count, j)) != XXGK_OK) {
				rc = XXGK_ENOMEM;
				break;
			}
		}
	}
	return rc;
}

/* The bytes the joined prose leaves out: all at or below '*' (Han bytes and
 * digits are above). */
static bool narrative_drops(char ch)
{
	return (unsigned char)ch <= '*' && (ch == ' ' || ch == '\t' || ch == '*' || ch == '#');
}

static uint32_t narrative_hash(uint32_t h, uint32_t seed)
{
	/* a 32-bit mix (splitmix-style), one seed a slot */
	uint32_t x = h ^ (seed * 0x9E3779B9u);
	x ^= x >> 16;
	x *= 0x7FEB352Du;
	x ^= x >> 15;
	x *= 0x846CA68Bu;
	x ^= x >> 16;
	return x;
}

int xxgk_narrative_scan(xxgk_report *r, const xxgk_doc *doc, size_t begin, size_t end,
			size_t part6, size_t part6_end)
{
	static _Thread_local char buf[NARRATIVE_BUF];
	uint32_t mins[XXGK_MINHASH];
	for (int i = 0; i < XXGK_MINHASH; i++)
		mins[i] = UINT32_MAX;
	uint32_t shingles = 0, seen = 0;
	/* the prose joined, compact, with where each token starts */
	static _Thread_local prose_mark marks[NARRATIVE_MARKS];
	size_t n = 0, mark_count = 0;
	for (size_t t = begin; t < end && t < doc->tok_count && n + 1 < NARRATIVE_BUF; t++) {
		const xxgk_token *tok = &doc->toks[t];
		/* numbers are prose too: a wrapped "申请 11790\n件" ends a line with one */
		if (tok->kind == XXGK_TOK_BLANK)
			continue;
		if (mark_count < NARRATIVE_MARKS) {
			marks[mark_count].off = n;
			marks[mark_count].line = tok->src_line;
			mark_count++;
		}
		/* the token's runs between bytes left out, each copied whole */
		for (size_t i = 0; i < tok->len && n + 1 < NARRATIVE_BUF;) {
			size_t j = i;
			while (j < tok->len && !narrative_drops(tok->text[j]))
				j++;
			size_t take = j - i < NARRATIVE_BUF - 1 - n ? j - i : NARRATIVE_BUF - 1 - n;
			memcpy(buf + n, tok->text + i, take);
			n += take;
			i = j + 1;
		}
	}
	/* never end inside a character */
	while (n > 0 && ((unsigned char)buf[n - 1] & 0xC0) == 0x80) {
		size_t k = n - 1;
		while (k > 0 && ((unsigned char)buf[k] & 0xC0) == 0x80)
			k--;
		uint32_t cp;
		if (xxgk_utf8_decode((const unsigned char *)buf + k, n - k, &cp))
			break;
		n = k;
	}
	buf[n] = '\0';
	/* shingles of Han characters and digits, and the claims' anchors, in one
	 * pass; the window in registers (a memmove of it stalled on every
	 * character) */
	claim_finder finder;
	claim_finder *cf = &finder;
	claims_finder_init(cf, buf, n);
	uint32_t c0 = 0, c1 = 0, c2 = 0, c3 = 0, c4 = 0;   /* the last five characters, digits folded */
	size_t i = 0;
	while (i < n) {
		claims_look(cf, i);
		uint32_t cp;
		size_t k = xxgk_utf8_decode((const unsigned char *)buf + i, n - i, &cp);
		if (!k) {
			i++;
			continue;
		}
		i += k;
		if (cp >= '0' && cp <= '9')
			cp = '0';
		else if (!xxgk_is_han(cp))
			continue;
		c0 = c1, c1 = c2, c2 = c3, c3 = c4, c4 = cp;
		if (++seen < 5)
			continue;
		/* FNV-1a over the five */
		uint32_t h = ((((((((((2166136261u ^ c0) * 16777619u) ^ c1) * 16777619u) ^ c2) * 16777619u) ^ c3) *
			       16777619u) ^ c4) * 16777619u);
		shingles++;
		uint32_t x = narrative_hash(h, 1);
		uint32_t slot = x >> 26, v = x & 0xFFFF;
		if (v == 0xFFFF)
			v = 0xFFFE;   /* 0xFFFF is kept for "empty" */
		if (v < mins[slot])
			mins[slot] = v;
	}
	int rc = cf->oom ? XXGK_ENOMEM : claims_in(r, buf, n, cf->hits, cf->count, marks, mark_count);
	free(cf->hits);
	if (rc != XXGK_OK)
		return rc;
	if (shingles >= MINHASH_MIN_SHINGLES) {
		r->shingle_count = shingles;
		for (int s = 0; s < XXGK_MINHASH; s++)
			r->minhash[s] = mins[s] > 0xFFFF ? 0xFFFF : (uint16_t)mins[s];
	}
	/* part six: are fees spoken of? */
	if (part6 < doc->tok_count) {
		r->fees_explained = 0;
		for (size_t t = part6; t < part6_end && t < doc->tok_count; t++) {
			const xxgk_token *tok = &doc->toks[t];
			if (tok->kind != XXGK_TOK_LABEL)
				continue;
			size_t len = tok->len < sizeof buf - 1 ? tok->len : sizeof buf - 1;
			memcpy(buf, tok->text, len);
			buf[len] = '\0';
			if (strstr(buf, "收费") || strstr(buf, "处理费") || strstr(buf, "费用") || strstr(buf, "收取"))
				r->fees_explained = 1;
		}
	}
	return XXGK_OK;
}
