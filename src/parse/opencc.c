/*
 * opencc.c — the one file that talks to OpenCC: traditional → simplified.
 *
 * Opening t2s.json loads its dictionaries (tens of milliseconds), so one
 * converter is opened on first use and kept for the life of the process;
 * pthread_once makes that safe from several threads, and OpenCC's convert
 * call is itself reentrant for a shared handle.
 *
 * Speed. OpenCC converts about 10 MB/s, most of it spent in its phrase
 * segmenter (marisa trie lookups at every character). Its t2s is: split the
 * text greedily (longest match first) on the keys of TSPhrases, then
 * convert each piece with TSPhrases, else TSCharacters. Every TSPhrases key
 * is two or more characters, all drawn from a small set P (353 characters in
 * OpenCC 1.1.6). So a phrase can only match inside a run of P characters,
 * and only where two neighbours are the first two characters of a key; every
 * other character is a one-character piece and converts on its own.
 * Here the runs of P characters that hold such a pair go to OpenCC (in one
 * call, joined by newlines, which are not in P); every other character goes
 * through a table made by OpenCC itself on first use (each code point
 * converted alone: only TSCharacters' 4,113 keys can change alone, so only
 * they are converted, which takes about 2 ms where all 129,000 code points
 * took 70). The output is byte for byte OpenCC's (tests/test_normalize.c
 * compares them on the traditional seed, on every code point alone and on
 * random mixtures of phrase keys). The keys come from opencc_keys.h,
 * generated from the installed data with its SHA-256; when the installed
 * t2s.json or TSPhrases.ocd2 is not those bytes, or the table cannot be
 * made, whole texts go to OpenCC; when TSCharacters.ocd2 is not, the table
 * is made from every code point.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <opencc.h>

#include "parse_int.h"
#include "opencc_keys.h"
#include "../common/common_int.h"

#ifndef XXGK_OPENCC_DIR
#define XXGK_OPENCC_DIR "/usr/share/opencc"
#endif

/* code points the table covers: all of the BMP and planes 2 (CJK Ext. B–F) */
#define T2S_LIMIT 0x30000u
/* a character whose conversion alone is not one character: always OpenCC */
#define T2S_SPECIAL 0xFFFFFFFFu
#define T2S_MAP_SLOTS 16384u  /* power of two, > 2 × TSCharacters' 4,113 keys */
#define T2S_PAIR_SLOTS 1024u  /* power of two, > 2 × TSPhrases' 277 keys */

typedef struct {
	uint32_t key, value;  /* key 0 = empty slot */
} t2s_slot;

static pthread_once_t opencc_once = PTHREAD_ONCE_INIT;
static opencc_t opencc_handle = (opencc_t)-1;
static struct {
	bool fast;
	uint8_t phrase_char[T2S_LIMIT / 8];  /* the set P */
	uint8_t special[T2S_LIMIT / 8];      /* the code points mapped to T2S_SPECIAL */
	t2s_slot map[T2S_MAP_SLOTS];          /* code point → simplified, where it differs */
	uint64_t pair[T2S_PAIR_SLOTS];        /* first two characters of each key, 0 = empty */
} t2s;

static uint32_t t2s_hash(uint64_t k)
{
	k *= 0x9E3779B97F4A7C15ull;
	return (uint32_t)(k >> 40);
}

static void t2s_map_put(uint32_t key, uint32_t value)
{
	for (uint32_t h = t2s_hash(key);; h++) {
		t2s_slot *s = &t2s.map[h & (T2S_MAP_SLOTS - 1)];
		if (s->key == 0 || s->key == key) {
			s->key = key;
			s->value = value;
			return;
		}
	}
}

/* The simplified code point, `cp` itself, or T2S_SPECIAL. */
static uint32_t t2s_map_get(uint32_t cp)
{
	for (uint32_t h = t2s_hash(cp);; h++) {
		const t2s_slot *s = &t2s.map[h & (T2S_MAP_SLOTS - 1)];
		if (s->key == cp)
			return s->value;
		if (s->key == 0)
			return cp;
	}
}

static bool t2s_is_phrase_char(uint32_t cp)
{
	return cp < T2S_LIMIT && (t2s.phrase_char[cp >> 3] >> (cp & 7) & 1);
}

/* t2s_map_get(cp) == T2S_SPECIAL, without the probe */
static bool t2s_is_special(uint32_t cp)
{
	return cp < T2S_LIMIT && (t2s.special[cp >> 3] >> (cp & 7) & 1);
}

static void t2s_pair_put(uint64_t k)
{
	for (uint32_t h = t2s_hash(k);; h++) {
		uint64_t *s = &t2s.pair[h & (T2S_PAIR_SLOTS - 1)];
		if (*s == 0 || *s == k) {
			*s = k;
			return;
		}
	}
}

static bool t2s_pair_has(uint32_t a, uint32_t b)
{
	uint64_t k = (uint64_t)a << 32 | b;
	for (uint32_t h = t2s_hash(k);; h++) {
		uint64_t s = t2s.pair[h & (T2S_PAIR_SLOTS - 1)];
		if (s == k)
			return true;
		if (s == 0)
			return false;
	}
}

/* Whether the file's SHA-256 is `want`. */
static bool t2s_file_is(const char *path, const char *want)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	xxgk_buf b;
	xxgk_buf_init(&b);
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		xxgk_buf_append(&b, chunk, n);
	bool ok = !ferror(f) && !b.failed;
	fclose(f);
	char hex[65];
	if (ok) {
		xxgk_sha256_hex(hex, b.data ? b.data : "", b.len);
		ok = strcmp(hex, want) == 0;
	}
	xxgk_buf_free(&b);
	return ok;
}

/* The keys' characters and leading pairs; false on a malformed key list. */
static bool t2s_load_keys(void)
{
	const unsigned char *s = (const unsigned char *)xxgk_ts_phrase_keys;
	size_t len = sizeof xxgk_ts_phrase_keys - 1, i = 0;
	while (i < len) {
		uint32_t prev = 0;
		size_t count = 0;
		while (i < len && s[i] != '\n') {
			uint32_t cp;
			size_t n = xxgk_utf8_decode(s + i, len - i, &cp);
			if (n == 0 || cp >= T2S_LIMIT || cp < 0x80)
				return false;
			t2s.phrase_char[cp >> 3] |= (uint8_t)(1u << (cp & 7));
			if (count == 1)
				t2s_pair_put((uint64_t)prev << 32 | cp);
			prev = cp;
			count++;
			i += n;
		}
		if (count < 2)
			return false;
		i++;
	}
	return true;
}

/*
 * The code points whose conversion alone may differ from themselves: the keys
 * of TSCharacters (every other character is a one-character piece that no
 * dictionary holds, which OpenCC leaves as it is), or, when the installed
 * TSCharacters.ocd2 is not the one the keys came from, every non-ASCII code
 * point below T2S_LIMIT. Returns how many, or 0 on a malformed key list or
 * no memory; `*out` is the caller's to free.
 */
static uint32_t t2s_map_inputs(uint32_t **out, bool listed)
{
	uint32_t *cps = malloc(T2S_LIMIT * sizeof *cps), count = 0;
	*out = cps;
	if (!cps)
		return 0;
	if (!listed) {
		for (uint32_t cp = 0x80; cp < T2S_LIMIT; cp++)
			if (!(cp >= 0xD800 && cp < 0xE000) && !(cp >= 0x10000 && cp < 0x20000))
				cps[count++] = cp;
		return count;
	}
	for (const char *const *k = xxgk_ts_character_keys; *k; k++) {
		const unsigned char *s = (const unsigned char *)*k;
		size_t len = strlen(*k);
		for (size_t i = 0; i < len;) {
			uint32_t cp;
			size_t n = xxgk_utf8_decode(s + i, len - i, &cp);
			if (n == 0 || cp < 0x80 || cp >= T2S_LIMIT || (cp >= 0xD800 && cp < 0xE000) ||
			    (cp >= 0x10000 && cp < 0x20000) || count == T2S_LIMIT)
				return 0;
			cps[count++] = cp;
			i += n;
		}
	}
	return count;
}

/*
 * The table: each code point of t2s_map_inputs() converted alone (one a line,
 * in one call), kept where the result differs.
 */
static bool t2s_load_map(bool listed)
{
	uint32_t *cps = NULL;
	uint32_t count = t2s_map_inputs(&cps, listed);
	xxgk_buf in;
	xxgk_buf_init(&in);
	for (uint32_t k = 0; k < count; k++) {
		char u[4];
		xxgk_buf_append(&in, u, xxgk_utf8_encode(cps[k], u));
		xxgk_buf_putc(&in, '\n');
	}
	char *out = count && !in.failed ? opencc_convert_utf8(opencc_handle, in.data, in.len) : NULL;
	xxgk_buf_free(&in);
	if (!out) {
		free(cps);
		return false;
	}
	const unsigned char *o = (const unsigned char *)out;
	size_t olen = strlen(out), i = 0;
	uint32_t lines = 0, used = 0;
	bool ok = true;
	while (ok && i < olen && lines < count) {
		uint32_t cp = cps[lines];
		size_t e = i;
		while (e < olen && o[e] != '\n')
			e++;
		uint32_t to;
		size_t n = xxgk_utf8_decode(o + i, e - i, &to);
		uint32_t value = n > 0 && i + n == e ? to : T2S_SPECIAL;
		if (value != cp) {
			if (++used > T2S_MAP_SLOTS / 2)
				ok = false;
			else
				t2s_map_put(cp, value);
			if (value == T2S_SPECIAL)
				t2s.special[cp >> 3] |= (uint8_t)(1u << (cp & 7));
		}
		lines++;
		i = e + 1;
	}
	opencc_convert_utf8_free(out);
	free(cps);
	return ok && lines == count && i >= olen;
}

static void opencc_open_once(void)
{
	bool ours = t2s_file_is(XXGK_OPENCC_DIR "/t2s.json", XXGK_T2S_JSON_SHA256) &&
		    t2s_file_is(XXGK_OPENCC_DIR "/TSPhrases.ocd2", XXGK_TSPHRASES_SHA256);
	opencc_handle = opencc_open(ours ? XXGK_OPENCC_DIR "/t2s.json" : "t2s.json");
	if (opencc_handle == (opencc_t)-1 || !ours || getenv("XXGK_T2S_WHOLE"))
		return;
	/* converting every code point alone took OpenCC about 70 ms; its
	 * character keys are 4,113 of them */
	bool listed = t2s_file_is(XXGK_OPENCC_DIR "/TSCharacters.ocd2", XXGK_TSCHARACTERS_SHA256);
	t2s.fast = t2s_load_keys() && t2s_load_map(listed);
}

static int t2s_open(xxgk_error *err)
{
	pthread_once(&opencc_once, opencc_open_once);
	if (opencc_handle == (opencc_t)-1)
		return xxgk_error_set(err, XXGK_EENCODING, 0, 0,
				      "the text is in traditional script but OpenCC's t2s.json "
				      "cannot be opened (install libopencc-data): %s",
				      opencc_error());
	return XXGK_OK;
}

/* OpenCC on the whole text, into the buffer. */
static int t2s_whole(xxgk_buf *b, const char *text, size_t len, xxgk_error *err)
{
	/* OpenCC trusts a lead byte's length: given a cut sequence it reads
	 * past the text's end */
	size_t bad;
	if (!xxgk_utf8_valid(text, len, &bad))
		return xxgk_error_set(err, XXGK_EENCODING, 0, 0, "traditional-script text is not UTF-8 at byte %zu",
				      bad);
	char *conv = opencc_convert_utf8(opencc_handle, text, len);
	if (!conv)
		return xxgk_error_set(err, XXGK_EENCODING, 0, 0, "OpenCC: %s", opencc_error());
	xxgk_buf_append(b, conv, strlen(conv));
	opencc_convert_utf8_free(conv);
	return XXGK_OK;
}

static int t2s_finish(xxgk_buf *b, char **out, size_t *out_len, xxgk_error *err)
{
	if (b->failed || !xxgk_buf_reserve(b, 0)) {
		xxgk_buf_free(b);
		return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
	}
	*out_len = b->len;
	*out = xxgk_buf_detach(b);
	return XXGK_OK;
}

int xxgk_t2s_reference(char **out, size_t *out_len, const char *text, size_t len, xxgk_error *err)
{
	*out = NULL;
	int rc = t2s_open(err);
	if (rc != XXGK_OK)
		return rc;
	xxgk_buf b;
	xxgk_buf_init(&b);
	rc = t2s_whole(&b, text, len, err);
	if (rc != XXGK_OK) {
		xxgk_buf_free(&b);
		return rc;
	}
	return t2s_finish(&b, out, out_len, err);
}

bool xxgk_t2s_fast(void)
{
	pthread_once(&opencc_once, opencc_open_once);
	return t2s.fast;
}

/* Code points of [i, end) through the table into the buffer; the text is
 * valid UTF-8 (t2s_find_runs checked it). Unchanged bytes go out a span at a time. */
static void t2s_map_span(xxgk_buf *b, const unsigned char *s, size_t i, size_t end)
{
	/* a character never more than doubles (two bytes to four) */
	if (!xxgk_buf_reserve(b, 2 * (end - i)))
		return;
	char *o = b->data + b->len;
	size_t kept = i;   /* [kept, i) is still to copy as it is */
	while (i < end) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		uint32_t cp = 0;
		size_t n = xxgk_utf8_decode(s + i, end - i, &cp);
		if (n == 0)
			n = 1;
		uint32_t to = t2s_map_get(cp);
		if (to != cp) {
			memcpy(o, s + kept, i - kept);
			o += i - kept;
			o += xxgk_utf8_encode(to, o);
			kept = i + n;
		}
		i += n;
	}
	memcpy(o, s + kept, end - kept);
	o += end - kept;
	b->len = (size_t)(o - b->data);
	b->data[b->len] = '\0';
}

typedef struct {
	size_t begin, end;
} t2s_run;

/*
 * The runs that need OpenCC: maximal runs of phrase characters holding a
 * key's leading pair, and characters whose conversion alone is special.
 * Returns the count, or SIZE_MAX for invalid UTF-8 or no memory.
 */
static size_t t2s_find_runs(t2s_run **runs_out, const unsigned char *s, size_t len)
{
	t2s_run *runs = NULL;
	size_t count = 0, cap = 0, i = 0;
	while (i < len) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		uint32_t cp;
		size_t n = xxgk_utf8_decode(s + i, len - i, &cp);
		if (n == 0)
			goto bad;
		size_t begin = i, end = i + n;
		bool hot = false;
		if (t2s_is_phrase_char(cp)) {
			uint32_t prev = cp;
			hot = t2s_is_special(cp);
			while (end < len && s[end] >= 0x80) {
				uint32_t c2;
				size_t n2 = xxgk_utf8_decode(s + end, len - end, &c2);
				if (n2 == 0)
					goto bad;
				if (!t2s_is_phrase_char(c2))
					break;
				if (t2s_pair_has(prev, c2) || t2s_is_special(c2))
					hot = true;
				prev = c2;
				end += n2;
			}
		} else {
			hot = t2s_is_special(cp);
		}
		if (hot) {
			if (count == cap) {
				size_t nc = cap ? cap * 2 : 16;
				t2s_run *r = realloc(runs, nc * sizeof *r);
				if (!r)
					goto bad;
				runs = r;
				cap = nc;
			}
			runs[count++] = (t2s_run){ begin, end };
		}
		i = end;
	}
	*runs_out = runs;
	return count;
bad:
	free(runs);
	*runs_out = NULL;
	return SIZE_MAX;
}

int xxgk_t2s(char **out, size_t *out_len, const char *text, size_t len, xxgk_error *err)
{
	*out = NULL;
	int rc = t2s_open(err);
	if (rc != XXGK_OK)
		return rc;
	xxgk_buf b;
	xxgk_buf_init(&b);
	if (!xxgk_buf_reserve(&b, len + len / 8)) {
		xxgk_buf_free(&b);
		return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
	}
	const unsigned char *s = (const unsigned char *)text;
	t2s_run *runs = NULL;
	size_t nruns = t2s.fast ? t2s_find_runs(&runs, s, len) : SIZE_MAX;
	if (nruns == SIZE_MAX) {
		rc = t2s_whole(&b, text, len, err);
		if (rc != XXGK_OK) {
			xxgk_buf_free(&b);
			return rc;
		}
		return t2s_finish(&b, out, out_len, err);
	}
	char *conv = NULL;
	if (nruns > 0) {
		xxgk_buf batch;
		xxgk_buf_init(&batch);
		for (size_t k = 0; k < nruns; k++) {
			xxgk_buf_append(&batch, text + runs[k].begin, runs[k].end - runs[k].begin);
			xxgk_buf_putc(&batch, '\n');
		}
		if (!batch.failed)
			conv = opencc_convert_utf8(opencc_handle, batch.data, batch.len);
		bool failed = batch.failed;
		xxgk_buf_free(&batch);
		if (!conv) {
			free(runs);
			xxgk_buf_free(&b);
			return failed ? xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory")
				      : xxgk_error_set(err, XXGK_EENCODING, 0, 0, "OpenCC: %s", opencc_error());
		}
	}
	size_t at = 0;
	const char *piece = conv;
	for (size_t k = 0; k < nruns; k++) {
		t2s_map_span(&b, s, at, runs[k].begin);
		const char *nl = strchr(piece, '\n');
		size_t n = nl ? (size_t)(nl - piece) : strlen(piece);
		xxgk_buf_append(&b, piece, n);
		piece += nl ? n + 1 : n;
		at = runs[k].end;
	}
	t2s_map_span(&b, s, at, len);
	if (conv)
		opencc_convert_utf8_free(conv);
	free(runs);
	return t2s_finish(&b, out, out_len, err);
}
