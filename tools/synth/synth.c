/*
 * synth.c — xxgk-synth: a synthetic corpus of 政府信息公开工作年度报告 whose
 * every figure is known.
 *
 * For N bodies picked from the region gazetteer (data/gazetteer: towns and
 * streets, county departments, county and city governments) and each year of a
 * range it writes one report in the 2021 template (国办公开办函〔2021〕30号) in
 * one of the four layouts the parser reads:
 *   lines   one table cell per line, tab-indented (fixtures/seeds/001_*.txt);
 *   tsv     Markdown headings and tab-separated tables (fixtures/seeds/004_*.txt);
 *   layout  space-aligned `pdftotext -layout` text with wrapped labels and
 *           page footers (fixtures/corpus/huaian_2024.layout.txt);
 *   html    one <table> per table, colspan/rowspan, &nbsp; for an empty cell
 *           (fixtures/corpus/shuyang_fgj_2023.html).
 * With --truth it writes beside each report the xxgk.report/1 object of what
 * the file prints (/work/shared/SCHEMA.md, docs/fixtures.md) plus "planted":
 * the errors and outliers put in on purpose. DIR/manifest.csv lists the files,
 * DIR/planted.csv every planted item.
 *
 * Where the rules come from: table 3 obeys the template's printed rules by
 * construction — row totals, 第一项加第二项之和等于第三项加第四项之和 per
 * column, （七）总计 = the 21 result rows — and the years of one body chain:
 * carried_over(t) = carried_forward(t−1), valid(t) = valid(t−1) + issued −
 * repealed. Each planted error then breaks exactly the rule it names and no
 * other (README.md: how). Counts follow a gamma–Poisson (negative binomial)
 * model per level; README.md gives the parameters.
 *
 * Exports nothing: a single-file tool on libc and libm. It has its own PRNG
 * (xoshiro256**, seeded through splitmix64; Blackman & Vigna 2018), so a seed
 * gives the same corpus on every platform with the same libm, and every body
 * draws from its own stream, so one body's figures do not depend on another's.
 * It streams: memory is bounded by the gazetteer, not by N.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "synth_int.h"

/* ----------------------------------------------------------------- caps */

/* Far above the gazetteer's pool of distinct bodies, which is the real bound. */
#define SYNTH_BODIES_MAX 10000000L
/* The 2021 template applies from reporting year 2021. */
#define SYNTH_YEAR_MIN 2021
#define SYNTH_YEAR_MAX 2100
/* One generation of reports; keeps a body's years in fixed arrays. */
#define SYNTH_YEARS_MAX 30
/* The longest gazetteer line is about 110 bytes. */
#define GZ_LINE_MAX 1024
/* The longest gazetteer name is 72 bytes (24 characters). */
#define GZ_NAME_MAX 128
/* streets.csv has 41,352 rows; ten times that is a wrong file. */
#define GZ_ROWS_MAX 500000
/* A body's full name: county (≤72 B) + street (≤72 B) + a suffix. */
#define BODY_NAME_CAP 256
/* A report renders to 10–25 KB; a runaway renderer stops here. */
#define DOC_CAP ((size_t)4 << 20)
/* Output paths: DIR plus a file name of under 64 bytes. */
#define PATH_CAP 4096

/* ------------------------------------------------------------- statuses */

enum synth_status {
	SYNTH_OK = 0,
	SYNTH_ENOMEM = -1, /* an allocation failed */
	SYNTH_EIO = -2,    /* a read or write failed */
	SYNTH_EINVAL = -3, /* a bad argument */
	SYNTH_EDATA = -4,  /* a malformed gazetteer */
};

/* ------------------------------------------------------------- template */

enum {
	A_REG_ISSUED, A_REG_REPEALED, A_REG_VALID,
	A_NORM_ISSUED, A_NORM_REPEALED, A_NORM_VALID,
	A_LICENSING, A_PENALTY, A_COERCION, A_FEES,
	A_COUNT
};
enum {
	T3_ROWS = 25, T3_COLS = 7, T3_APPLICANTS = 6, T3_TOTAL = 6,
	T3_NEW = 0, T3_CARRIED_OVER = 1, T3_GRANTED = 2, T3_RESULT_FIRST = 2, T3_RESULT_COUNT = 21,
	T3_DENIED_FIRST = 4, T3_DENIED_COUNT = 8,
	T3_TOTAL_PROCESSED = 23, T3_CARRIED_FORWARD = 24,
	T4_GROUPS = 3, T4_COLS = 5, T4_TOTAL = 4
};
#define T3(r, c) (A_COUNT + (r) * T3_COLS + (c))
#define T4(g, c) (A_COUNT + T3_ROWS * T3_COLS + (g) * T4_COLS + (c))
#define CELL_COUNT (A_COUNT + T3_ROWS * T3_COLS + T4_GROUPS * T4_COLS)

static const char *const t2_path[A_COUNT] = {
	"active.regulations.issued", "active.regulations.repealed", "active.regulations.valid",
	"active.normative_documents.issued", "active.normative_documents.repealed",
	"active.normative_documents.valid", "active.licensing.decisions", "active.penalty.decisions",
	"active.coercion.decisions", "active.fees.amount",
};

static const char *const t3_row_key[T3_ROWS] = {
	"new_received", "carried_over", "granted", "partially_granted",
	"denied_state_secret", "denied_prohibited_by_law", "denied_three_safeties",
	"denied_third_party", "denied_internal_affairs", "denied_process_info",
	"denied_enforcement_files", "denied_admin_query",
	"unable_no_info", "unable_needs_creation", "unable_unclear",
	"not_processed_complaint", "not_processed_duplicate", "not_processed_publication",
	"not_processed_excessive", "not_processed_confirm",
	"other_overdue_correction", "other_overdue_fee", "other_reasons",
	"total_processed", "carried_forward",
};

/* Printed labels, exactly as fixtures/seeds/001_61f640e52d4e149d.txt. */
static const char *const t3_row_label[T3_ROWS] = {
	"一、本年新收政府信息公开申请数量",
	"二、上年结转政府信息公开申请数量",
	"（一）予以公开",
	"（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
	"1.属于国家秘密",
	"2.其他法律行政法规禁止公开",
	"3.危及“三安全一稳定”",
	"4.保护第三方合法权益",
	"5.属于三类内部事务信息",
	"6.属于四类过程性信息",
	"7.属于行政执法案卷",
	"8.属于行政查询事项",
	"1.本机关不掌握相关政府信息",
	"2.没有现成信息需要另行制作",
	"3.补正后申请内容仍不明确",
	"1.信访举报投诉类申请",
	"2.重复申请",
	"3.要求提供公开出版物",
	"4.无正当理由大量反复申请",
	"5.要求行政机关确认或重新出具已获取信息",
	"1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
	"2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
	"3.其他",
	"（七）总计",
	"四、结转下年度继续办理",
};

/* The family heading printed before the first row of each family, else NULL. */
static const char *t3_group_label(int row)
{
	switch (row) {
	case 4: return "（三）不予公开";
	case 12: return "（四）无法提供";
	case 15: return "（五）不予处理";
	case 20: return "（六）其他处理";
	default: return NULL;
	}
}

/* Rows of a family (items printed under a family heading). */
static bool t3_is_item(int row) { return row >= 4 && row <= 22; }

/* Rows each family heading spans (HTML rowspan). */
static int t3_group_span(int row)
{
	switch (row) {
	case 4: return 8;
	case 12: return 3;
	case 15: return 5;
	case 20: return 3;
	default: return 1;
	}
}

static const char *const t3_col_key[T3_COLS] = {
	"natural_person", "commercial", "research", "social_org", "legal_service", "other_org", "total",
};
static const char *const t4_group_key[T4_GROUPS] = { "review", "litigation_direct", "litigation_after_review" };
static const char *const t4_col_key[T4_COLS] = { "upheld", "corrected", "other", "pending", "total" };

static const char *const part_heading[6] = {
	"一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
	"四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项",
};

static const char t3_rule_note[] = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";

/* Dotted path of every cell, filled once by paths_init(). */
static char cell_path[CELL_COUNT][64];

static void paths_init(void)
{
	for (int i = 0; i < A_COUNT; i++)
		snprintf(cell_path[i], sizeof cell_path[i], "%s", t2_path[i]);
	for (int r = 0; r < T3_ROWS; r++)
		for (int c = 0; c < T3_COLS; c++)
			snprintf(cell_path[T3(r, c)], sizeof cell_path[0], "applications.%s.%s",
				 t3_row_key[r], t3_col_key[c]);
	for (int g = 0; g < T4_GROUPS; g++)
		for (int c = 0; c < T4_COLS; c++)
			snprintf(cell_path[T4(g, c)], sizeof cell_path[0], "reviews.%s.%s",
				 t4_group_key[g], t4_col_key[c]);
}

/* ------------------------------------------------------------------ rng */


static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += UINT64_C(0x9E3779B97F4A7C15));
	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

/* Stream `stream` of seed `seed`: stream 0 picks bodies, stream i+1 is body i. */
void rng_seed(rng *r, uint64_t seed, uint64_t stream)
{
	uint64_t y = stream;
	uint64_t x = seed ^ splitmix64(&y);
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
}

static uint64_t rotl64(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t rng_next(rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl64(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl64(s[3], 45);
	return result;
}

/* Uniform in [0, 1). */
double rng_unif(rng *r) { return (double)(rng_next(r) >> 11) * 0x1.0p-53; }

/* Uniform in [0, n), unbiased; n > 0. */
uint64_t rng_below(rng *r, uint64_t n)
{
	uint64_t limit = (UINT64_MAX - n + 1) % n; /* values below this are rejected */
	uint64_t x;
	do
		x = rng_next(r);
	while (x < limit);
	return x % n;
}

int rng_int(rng *r, int n) { return (int)rng_below(r, (uint64_t)n); }

bool rng_chance(rng *r, double p) { return rng_unif(r) < p; }

/* Standard normal (Box–Muller). */
static double rng_normal(rng *r)
{
	double u1 = 1.0 - rng_unif(r); /* (0, 1] */
	double u2 = rng_unif(r);
	return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

/* Gamma(shape, scale) (Marsaglia & Tsang 2000; boosted for shape < 1). */
static double rng_gamma(rng *r, double shape, double scale)
{
	if (shape < 1.0) {
		double u = 1.0 - rng_unif(r);
		return rng_gamma(r, shape + 1.0, scale) * pow(u, 1.0 / shape);
	}
	double d = shape - 1.0 / 3.0;
	double c = 1.0 / sqrt(9.0 * d);
	for (;;) {
		double x = rng_normal(r);
		double v = 1.0 + c * x;
		if (v <= 0)
			continue;
		v = v * v * v;
		double u = 1.0 - rng_unif(r);
		if (log(u) < 0.5 * x * x + d - d * v + d * log(v))
			return d * v * scale;
	}
}

/* Poisson(lambda): Knuth's product below 30, a rounded normal above. */
static int64_t rng_poisson(rng *r, double lambda)
{
	if (!(lambda > 0))
		return 0;
	if (lambda < 30) {
		double limit = exp(-lambda);
		double p = 1.0;
		int64_t k = -1;
		do {
			k++;
			p *= rng_unif(r);
		} while (p > limit);
		return k;
	}
	double x = floor(lambda + sqrt(lambda) * rng_normal(r) + 0.5);
	return x < 0 ? 0 : (int64_t)x;
}

/* Binomial(n, p): Bernoulli trials for small n, geometric gaps for a small
 * mean, a rounded normal otherwise. */
static int64_t rng_binom(rng *r, int64_t n, double p)
{
	if (n <= 0 || !(p > 0))
		return 0;
	if (p >= 1)
		return n;
	if (p > 0.5)
		return n - rng_binom(r, n, 1.0 - p);
	if (n <= 40) {
		int64_t x = 0;
		for (int64_t i = 0; i < n; i++)
			x += rng_unif(r) < p;
		return x;
	}
	double mean = (double)n * p;
	if (mean < 12) {
		double lq = log1p(-p);
		int64_t x = 0, pos = 0;
		for (;;) {
			pos += (int64_t)floor(log1p(-rng_unif(r)) / lq) + 1;
			if (pos > n)
				return x;
			x++;
		}
	}
	double x = floor(mean + sqrt(mean * (1.0 - p)) * rng_normal(r) + 0.5);
	if (x < 0)
		return 0;
	if (x > (double)n)
		return n;
	return (int64_t)x;
}

/* Splits n over k categories with probabilities p (summing to 1). */
static void rng_multinomial(rng *r, int64_t n, const double *p, int k, int64_t *out)
{
	double rest = 1.0;
	for (int i = 0; i < k - 1; i++) {
		double q = rest > 0 ? p[i] / rest : 1.0;
		if (q > 1)
			q = 1;
		out[i] = rng_binom(r, n, q);
		n -= out[i];
		rest -= p[i];
	}
	out[k - 1] = n;
}

static void normalise(double *p, int k)
{
	double sum = 0;
	for (int i = 0; i < k; i++)
		sum += p[i];
	for (int i = 0; i < k; i++)
		p[i] /= sum;
}

/* ---------------------------------------------------------------- sbuf */


void sb_reset(sbuf *b)
{
	b->len = 0;
	b->line = 1;
	b->oom = false;
}

static bool sb_reserve(sbuf *b, size_t more)
{
	if (b->oom)
		return false;
	if (b->len + more <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap : 65536;
	while (cap < b->len + more)
		cap *= 2;
	if (cap > DOC_CAP) {
		b->oom = true;
		return false;
	}
	char *p = realloc(b->data, cap);
	if (!p) {
		b->oom = true;
		return false;
	}
	b->data = p;
	b->cap = cap;
	return true;
}

void sb_put(sbuf *b, const char *s, size_t n)
{
	if (!sb_reserve(b, n))
		return;
	memcpy(b->data + b->len, s, n);
	const char *p = s, *end = s + n;
	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		b->line++;
		p++;
	}
	b->len += n;
}

void sb_puts(sbuf *b, const char *s) { sb_put(b, s, strlen(s)); }

void sb_char(sbuf *b, char ch) { sb_put(b, &ch, 1); }

SYNTH_PRINTF(2, 3)
void sb_printf(sbuf *b, const char *fmt, ...)
{
	char tmp[4096];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof tmp) {
		b->oom = true;
		return;
	}
	sb_put(b, tmp, (size_t)n);
}

/* Decimal digits of v into out (≥ 21 bytes); returns the length. */
size_t fmt_i64(char *out, int64_t v)
{
	char tmp[24];
	size_t n = 0;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	do {
		tmp[n++] = (char)('0' + (int)(u % 10));
		u /= 10;
	} while (u);
	size_t len = 0;
	if (v < 0)
		out[len++] = '-';
	while (n)
		out[len++] = tmp[--n];
	out[len] = '\0';
	return len;
}

static void sb_i64(sbuf *b, int64_t v)
{
	char tmp[24];
	sb_put(b, tmp, fmt_i64(tmp, v));
}

/* Characters (code points) in a UTF-8 string of n bytes. */
static unsigned utf8_chars(const char *s, size_t n)
{
	unsigned count = 0;
	for (size_t i = 0; i < n; i++)
		count += ((unsigned char)s[i] & 0xC0) != 0x80;
	return count;
}

/* Bytes of the first `chars` characters of s (or all of s). */
static size_t utf8_prefix(const char *s, unsigned chars)
{
	size_t i = 0;
	unsigned seen = 0;
	while (s[i]) {
		if (((unsigned char)s[i] & 0xC0) != 0x80) {
			if (seen == chars)
				break;
			seen++;
		}
		i++;
	}
	return i;
}

/* -------------------------------------------------------------- sha256 */

/* FIPS 180-4 SHA-256, for source.sha256. */
static const uint32_t sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t ror32(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

static void sha256_block(uint32_t h[8], const unsigned char *p)
{
	uint32_t w[64];
	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
	for (int i = 16; i < 64; i++) {
		uint32_t s0 = ror32(w[i - 15], 7) ^ ror32(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t s1 = ror32(w[i - 2], 17) ^ ror32(w[i - 2], 19) ^ (w[i - 2] >> 10);
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
	for (int i = 0; i < 64; i++) {
		uint32_t t1 = hh + (ror32(e, 6) ^ ror32(e, 11) ^ ror32(e, 25)) + ((e & f) ^ (~e & g)) +
			      sha256_k[i] + w[i];
		uint32_t t2 = (ror32(a, 2) ^ ror32(a, 13) ^ ror32(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
		hh = g;
		g = f;
		f = e;
		e = d + t1;
		d = c;
		c = b;
		b = a;
		a = t1 + t2;
	}
	h[0] += a; h[1] += b; h[2] += c; h[3] += d;
	h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
}

/* Lower-case hex digest of data[len] into out[65]. */
void sha256_hex(const char *data, size_t len, char out[65])
{
	uint32_t h[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
			  0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
	const unsigned char *p = (const unsigned char *)data;
	size_t full = len / 64 * 64;
	for (size_t i = 0; i < full; i += 64)
		sha256_block(h, p + i);
	unsigned char tail[128] = { 0 };
	size_t rest = len - full;
	memcpy(tail, p + full, rest);
	tail[rest] = 0x80;
	size_t tail_len = rest + 9 <= 64 ? 64 : 128;
	uint64_t bits = (uint64_t)len * 8;
	for (int i = 0; i < 8; i++)
		tail[tail_len - 1 - (size_t)i] = (unsigned char)(bits >> (8 * i));
	for (size_t i = 0; i < tail_len; i += 64)
		sha256_block(h, tail + i);
	static const char hex[] = "0123456789abcdef";
	for (int i = 0; i < 8; i++)
		for (int j = 0; j < 8; j++)
			out[i * 8 + j] = hex[(h[i] >> (28 - 4 * j)) & 0xF];
	out[64] = '\0';
}

/* ----------------------------------------------------------- gazetteer */

typedef struct gz_city {
	int32_t code;     /* 4 digits */
	uint32_t name;    /* offset in gazetteer.names */
	bool placeholder; /* 市辖区, 县, …直辖县级行政区划: not a government */
	bool done;        /* its government has been emitted */
} gz_city;

typedef struct gz_area {
	int32_t code;        /* 6 digits */
	uint32_t name;
	int32_t city;        /* index in cities, or -1 */
	bool gov_ok;         /* a real county-level government (not a dev zone) */
	bool gov_done;       /* its government has been emitted */
	bool towns_shuffled;
	bool depts_shuffled;
	uint32_t town_first; /* its eligible streets: towns[town_first ..] */
	uint32_t town_count;
	uint32_t town_next;  /* next one to emit */
	uint32_t dept_next;  /* next department kind to emit, via dept_perm */
} gz_area;

typedef struct gz_street {
	int32_t code; /* 9 digits */
	uint32_t name;
	int32_t area; /* index in areas, or -1 */
} gz_street;

typedef struct gazetteer {
	char *names; /* NUL-separated; offset 0 is "" */
	size_t names_len;
	size_t names_cap;
	uint32_t province_name[100]; /* by 2-digit code; 0 = absent */
	gz_city *cities;
	size_t city_count;
	gz_area *areas;
	size_t area_count;
	gz_street *streets;
	size_t street_count;
	uint32_t *towns;      /* eligible street indices, grouped by area */
	size_t town_count;
	uint8_t *dept_perm;   /* area_count × DEPT_COUNT department orders */
} gazetteer;

static const char *gz_name(const gazetteer *gz, uint32_t off) { return gz->names + off; }

static void gz_free(gazetteer *gz)
{
	free(gz->names);
	free(gz->cities);
	free(gz->areas);
	free(gz->streets);
	free(gz->towns);
	free(gz->dept_perm);
	memset(gz, 0, sizeof *gz);
}

static int gz_intern(gazetteer *gz, const char *s, uint32_t *out)
{
	size_t n = strlen(s) + 1;
	if (gz->names_len + n > gz->names_cap) {
		size_t cap = gz->names_cap ? gz->names_cap * 2 : 1 << 20;
		while (cap < gz->names_len + n)
			cap *= 2;
		char *p = realloc(gz->names, cap);
		if (!p)
			return SYNTH_ENOMEM;
		gz->names = p;
		gz->names_cap = cap;
	}
	if (gz->names_len > UINT32_MAX - n)
		return SYNTH_EDATA;
	memcpy(gz->names + gz->names_len, s, n);
	*out = (uint32_t)gz->names_len;
	gz->names_len += n;
	return SYNTH_OK;
}

/* Digits only, no sign, within int32; returns false otherwise. */
static bool gz_parse_code(const char *s, int32_t *out)
{
	if (!*s)
		return false;
	int64_t v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9' || v > 99999999999LL)
			return false;
		v = v * 10 + (*p - '0');
	}
	if (v > INT32_MAX)
		return false;
	*out = (int32_t)v;
	return true;
}

typedef struct gz_row {
	int32_t code;
	int32_t parent; /* the parent column's code, or 0 */
	char name[GZ_NAME_MAX];
} gz_row;

typedef int (*gz_row_fn)(gazetteer *gz, const gz_row *row);

/* Reads DIR/FILE, a CSV whose header names `code`, `name` and, unless NULL,
 * `parent_col`; calls fn for each data row. Errors go to err. */
static int gz_read(gazetteer *gz, const char *dir, const char *file, const char *parent_col,
		   gz_row_fn fn, char *err, size_t err_cap)
{
	char path[PATH_CAP];
	char line[GZ_LINE_MAX];
	int rc = SYNTH_OK;
	int col_code = -1, col_name = -1, col_parent = -1;
	size_t lineno = 0, rows = 0;
	if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, file) >= sizeof path) {
		snprintf(err, err_cap, "%s: gazetteer path too long", dir);
		return SYNTH_EINVAL;
	}
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, err_cap, "%s: %s (see --gazetteer)", path, strerror(errno));
		return SYNTH_EIO;
	}
	while (fgets(line, sizeof line, f)) {
		lineno++;
		size_t n = strlen(line);
		if (n && line[n - 1] == '\n')
			line[--n] = '\0';
		else if (!feof(f)) {
			snprintf(err, err_cap, "%s:%zu: line longer than %d bytes", path, lineno, GZ_LINE_MAX);
			rc = SYNTH_EDATA;
			goto done;
		}
		if (n && line[n - 1] == '\r')
			line[--n] = '\0';
		char *field[8];
		int nf = 0;
		char *p = line;
		for (;;) {
			if (nf == 8) {
				snprintf(err, err_cap, "%s:%zu: more than 8 fields", path, lineno);
				rc = SYNTH_EDATA;
				goto done;
			}
			field[nf++] = p;
			char *comma = strchr(p, ',');
			if (!comma)
				break;
			*comma = '\0';
			p = comma + 1;
		}
		if (lineno == 1) {
			for (int i = 0; i < nf; i++) {
				if (strcmp(field[i], "code") == 0)
					col_code = i;
				else if (strcmp(field[i], "name") == 0)
					col_name = i;
				else if (parent_col && strcmp(field[i], parent_col) == 0)
					col_parent = i;
			}
			if (col_code < 0 || col_name < 0 || (parent_col && col_parent < 0)) {
				snprintf(err, err_cap, "%s:1: header lacks code, name%s%s", path,
					 parent_col ? " or " : "", parent_col ? parent_col : "");
				rc = SYNTH_EDATA;
				goto done;
			}
			continue;
		}
		if (n == 0)
			continue;
		gz_row row = { 0 };
		int need = col_code > col_name ? col_code : col_name;
		if (col_parent > need)
			need = col_parent;
		if (nf <= need || !gz_parse_code(field[col_code], &row.code) ||
		    (col_parent >= 0 && !gz_parse_code(field[col_parent], &row.parent))) {
			snprintf(err, err_cap, "%s:%zu: malformed row", path, lineno);
			rc = SYNTH_EDATA;
			goto done;
		}
		char *name = field[col_name];
		size_t nl = strlen(name);
		if (nl >= 2 && name[0] == '"' && name[nl - 1] == '"') {
			name[nl - 1] = '\0';
			name++;
			nl -= 2;
		}
		if (nl == 0 || nl >= GZ_NAME_MAX) {
			snprintf(err, err_cap, "%s:%zu: name empty or longer than %d bytes", path, lineno,
				 GZ_NAME_MAX - 1);
			rc = SYNTH_EDATA;
			goto done;
		}
		memcpy(row.name, name, nl + 1);
		if (++rows > GZ_ROWS_MAX) {
			snprintf(err, err_cap, "%s: more than %d rows", path, GZ_ROWS_MAX);
			rc = SYNTH_EDATA;
			goto done;
		}
		rc = fn(gz, &row);
		if (rc) {
			snprintf(err, err_cap, "%s:%zu: %s", path, lineno,
				 rc == SYNTH_ENOMEM ? "out of memory" : "bad code for this file");
			goto done;
		}
	}
	if (ferror(f)) {
		snprintf(err, err_cap, "%s: %s", path, strerror(errno));
		rc = SYNTH_EIO;
	}
done:
	fclose(f);
	return rc;
}

/* Appends one element to a growable array. */
static void *grow(void *arr, size_t *count, size_t elem)
{
	size_t n = *count;
	if (n == 0 || (n >= 64 && (n & (n - 1)) == 0)) { /* capacity 64, then doubling */
		void *p = realloc(arr, (n ? n * 2 : 64) * elem);
		if (!p)
			return NULL;
		arr = p;
	}
	(*count)++;
	return arr;
}

static int gz_on_province(gazetteer *gz, const gz_row *row)
{
	if (row->code < 10 || row->code > 99)
		return SYNTH_EDATA;
	return gz_intern(gz, row->name, &gz->province_name[row->code]);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

static int gz_on_city(gazetteer *gz, const gz_row *row)
{
	if (row->code < 1000 || row->code > 9999)
		return SYNTH_EDATA;
	gz_city *p = grow(gz->cities, &gz->city_count, sizeof *p);
	if (!p)
		return SYNTH_ENOMEM;
	gz->cities = p;
	gz_city *c = &p[gz->city_count - 1];
	memset(c, 0, sizeof *c);
	c->code = row->code;
	c->placeholder = strcmp(row->name, "市辖区") == 0 || strcmp(row->name, "县") == 0 ||
			 strstr(row->name, "直辖县级行政区划") != NULL;
	return gz_intern(gz, row->name, &c->name);
}

static int gz_on_area(gazetteer *gz, const gz_row *row)
{
	if (row->code < 100000 || row->code > 999999)
		return SYNTH_EDATA;
	gz_area *p = grow(gz->areas, &gz->area_count, sizeof *p);
	if (!p)
		return SYNTH_ENOMEM;
	gz->areas = p;
	gz_area *a = &p[gz->area_count - 1];
	memset(a, 0, sizeof *a);
	a->code = row->code;
	a->city = row->parent; /* the city code for now; an index after gz_load sorts */
	int suffix = row->code % 100;
	/* 71–79 are development zones, 00 the city-as-county placeholders; the
	 * others below are not county-level governments (gazetteer README). */
	a->gov_ok = ((suffix >= 1 && suffix <= 70) || suffix >= 81) && row->code != 620201 &&
		    row->code != 632857 && !(row->code >= 460321 && row->code <= 460323);
	return gz_intern(gz, row->name, &a->name);
}

static int gz_on_street(gazetteer *gz, const gz_row *row)
{
	if (row->code < 100000000 || row->code > 999999999)
		return SYNTH_EDATA;
	int suffix = row->code % 1000;
	/* 000 金门县, 198 …直辖村级区划, ≥400 类似乡级单位 (farms, zones): not towns */
	if (suffix == 0 || suffix == 198 || suffix >= 400 || ends_with(row->name, "直辖村级区划"))
		return SYNTH_OK;
	gz_street *p = grow(gz->streets, &gz->street_count, sizeof *p);
	if (!p)
		return SYNTH_ENOMEM;
	gz->streets = p;
	gz_street *s = &p[gz->street_count - 1];
	s->code = row->code;
	s->area = row->parent; /* the areaCode for now */
	return gz_intern(gz, row->name, &s->name);
}

static int cmp_city(const void *a, const void *b)
{
	int32_t x = ((const gz_city *)a)->code, y = ((const gz_city *)b)->code;
	return (x > y) - (x < y);
}
static int cmp_area(const void *a, const void *b)
{
	int32_t x = ((const gz_area *)a)->code, y = ((const gz_area *)b)->code;
	return (x > y) - (x < y);
}
static int cmp_street(const void *a, const void *b)
{
	int32_t x = ((const gz_street *)a)->code, y = ((const gz_street *)b)->code;
	return (x > y) - (x < y);
}

static int32_t gz_find_city(const gazetteer *gz, int32_t code)
{
	gz_city key = { .code = code };
	const gz_city *c = bsearch(&key, gz->cities, gz->city_count, sizeof key, cmp_city);
	return c ? (int32_t)(c - gz->cities) : -1;
}

static int32_t gz_find_area(const gazetteer *gz, int32_t code)
{
	gz_area key = { .code = code };
	const gz_area *a = bsearch(&key, gz->areas, gz->area_count, sizeof key, cmp_area);
	return a ? (int32_t)(a - gz->areas) : -1;
}

/* DEPT_COUNT department kinds are shuffled per county (the first ones a
   county gives); DEPT_KINDS - DEPT_COUNT more follow in a fixed order, only
   once a county's shuffled ones are all taken (N above ~110,000: a national
   year of 210,000 bodies has ~60 departments a county, as real counties do).
   Kept apart so that a corpus in which no county runs out of its 24 is the
   one it was before the others were added. */
enum { DEPT_COUNT = 24, DEPT_KINDS = 62 };

/* Loads the four CSVs of dir; builds the per-county town lists. */
static int gz_load(gazetteer *gz, const char *dir, char *err, size_t err_cap)
{
	int rc;
	uint32_t empty;
	memset(gz, 0, sizeof *gz);
	if ((rc = gz_intern(gz, "", &empty)) != SYNTH_OK ||
	    (rc = gz_read(gz, dir, "provinces.csv", NULL, gz_on_province, err, err_cap)) != SYNTH_OK ||
	    (rc = gz_read(gz, dir, "cities.csv", "provinceCode", gz_on_city, err, err_cap)) != SYNTH_OK ||
	    (rc = gz_read(gz, dir, "areas.csv", "cityCode", gz_on_area, err, err_cap)) != SYNTH_OK ||
	    (rc = gz_read(gz, dir, "streets.csv", "areaCode", gz_on_street, err, err_cap)) != SYNTH_OK)
		goto fail;
	if (!gz->city_count || !gz->area_count || !gz->street_count) {
		snprintf(err, err_cap, "%s: the gazetteer has no cities, counties or towns", dir);
		rc = SYNTH_EDATA;
		goto fail;
	}
	qsort(gz->cities, gz->city_count, sizeof *gz->cities, cmp_city);
	qsort(gz->areas, gz->area_count, sizeof *gz->areas, cmp_area);
	qsort(gz->streets, gz->street_count, sizeof *gz->streets, cmp_street);
	for (size_t i = 0; i < gz->area_count; i++) {
		gz->areas[i].city = gz_find_city(gz, gz->areas[i].city);
		if (gz->areas[i].city < 0)
			gz->areas[i].gov_ok = false;
	}
	/* towns grouped by county: count, prefix sums, fill (streets are sorted) */
	gz->towns = malloc(gz->street_count * sizeof *gz->towns);
	gz->dept_perm = malloc(gz->area_count * DEPT_COUNT);
	if (!gz->towns || !gz->dept_perm) {
		snprintf(err, err_cap, "out of memory");
		rc = SYNTH_ENOMEM;
		goto fail;
	}
	for (size_t i = 0; i < gz->street_count; i++) {
		int32_t a = gz_find_area(gz, gz->streets[i].area);
		gz->streets[i].area = a;
		if (a >= 0)
			gz->areas[a].town_count++;
	}
	uint32_t first = 0;
	for (size_t i = 0; i < gz->area_count; i++) {
		gz->areas[i].town_first = first;
		first += gz->areas[i].town_count;
		gz->areas[i].town_count = 0;
	}
	for (size_t i = 0; i < gz->street_count; i++) {
		int32_t a = gz->streets[i].area;
		if (a >= 0) {
			gz_area *ar = &gz->areas[a];
			gz->towns[ar->town_first + ar->town_count++] = (uint32_t)i;
		}
	}
	gz->town_count = first;
	return SYNTH_OK;
fail:
	gz_free(gz);
	return rc;
}

/* --------------------------------------------------------------- model */

enum level { LEVEL_TOWN, LEVEL_DEPARTMENT, LEVEL_COUNTY, LEVEL_CITY, LEVEL_COUNT };
static const char *const level_name[LEVEL_COUNT] = { "town", "department", "county", "city" };

/* Per-level parameters of the count model (README.md, "Distributions"). */
typedef struct level_params {
	double share;               /* of the N bodies */
	double app_mean, app_shape; /* Gamma body rate of new applications */
	double p_forward;           /* share of a column carried to next year */
	double licensing, penalty, coercion; /* body means (departments: per kind) */
	double fee_prob, fee_median;         /* 行政事业性收费, 万元 */
	double norm_valid0, norm_issued;     /* 行政规范性文件 in force, issued per year */
	double info_lo, info_hi;    /* 主动公开条数 in the narrative */
	double penalty_high;        /* a count outlier is a multiple of this */
} level_params;

static const level_params level_tab[LEVEL_COUNT] = {
	[LEVEL_TOWN] = { .share = 0.60, .app_mean = 2.0, .app_shape = 0.7, .p_forward = 0.01,
			 .licensing = 12, .penalty = 4, .coercion = 0.3, .fee_prob = 0.10,
			 .fee_median = 1.5, .norm_valid0 = 0.5, .norm_issued = 0.2, .info_lo = 30,
			 .info_hi = 300, .penalty_high = 10 },
	[LEVEL_DEPARTMENT] = { .share = 0.25, .app_mean = 25, .app_shape = 1.0, .p_forward = 0.03,
			       .fee_prob = 0.8, .norm_valid0 = 8, .norm_issued = 1.5, .info_lo = 50,
			       .info_hi = 600, .penalty_high = 2000 },
	[LEVEL_COUNTY] = { .share = 0.12, .app_mean = 130, .app_shape = 3.0, .p_forward = 0.04,
			   .licensing = 600, .penalty = 200, .coercion = 15, .fee_prob = 0.6,
			   .fee_median = 300, .norm_valid0 = 40, .norm_issued = 6, .info_lo = 800,
			   .info_hi = 6000, .penalty_high = 500 },
	[LEVEL_CITY] = { .share = 0.03, .app_mean = 2500, .app_shape = 4.0, .p_forward = 0.04,
			 .licensing = 15000, .penalty = 6000, .coercion = 200, .fee_prob = 0.9,
			 .fee_median = 20000, .norm_valid0 = 80, .norm_issued = 12, .info_lo = 4000,
			 .info_hi = 20000, .penalty_high = 15000 },
};

/* County departments: name suffix, file slug, and their own scale. */
typedef struct dept_kind {
	const char *name;
	const char *slug;
	double apps;      /* multiplier of the department application mean */
	double licensing; /* body means of table 2's decision counts */
	double penalty;
	double coercion;
	double fee_median; /* 万元; 0: charges no fees */
} dept_kind;

static const dept_kind dept_kinds[DEPT_KINDS] = {
	{ "发展和改革局", "fgj", 0.6, 60, 2, 0.1, 0 },
	{ "公安局", "gaj", 1.6, 6000, 4000, 300, 150 },
	{ "市场监督管理局", "scjgj", 2.2, 2500, 300, 40, 10 },
	{ "财政局", "czj", 0.5, 5, 2, 0, 0 },
	{ "教育局", "jyj", 0.9, 60, 3, 0, 0 },
	{ "民政局", "mzj", 0.6, 40, 1, 0, 0 },
	{ "人力资源和社会保障局", "rsj", 1.0, 300, 20, 1, 0 },
	{ "自然资源局", "zrzyj", 2.6, 500, 60, 10, 600 },
	{ "住房和城乡建设局", "zjj", 1.8, 700, 80, 5, 150 },
	{ "交通运输局", "jtysj", 0.8, 1500, 900, 120, 40 },
	{ "农业农村局", "nyncj", 0.7, 300, 30, 5, 0 },
	{ "水利局", "slj", 0.5, 80, 10, 1, 30 },
	{ "卫生健康局", "wjj", 0.8, 900, 120, 5, 0 },
	{ "应急管理局", "yjglj", 0.4, 50, 60, 10, 0 },
	{ "司法局", "sfj", 0.3, 20, 0.2, 0, 0 },
	{ "文化广电和旅游局", "wglj", 0.4, 100, 15, 2, 0 },
	{ "统计局", "tjj", 0.2, 0, 5, 0, 0 },
	{ "审计局", "sjj", 0.2, 0, 0.1, 0, 0 },
	{ "商务局", "swj", 0.3, 50, 5, 0.5, 0 },
	{ "医疗保障局", "ybj", 0.4, 20, 15, 0, 0 },
	{ "城市管理局", "cgj", 0.6, 500, 700, 150, 80 },
	{ "行政审批局", "xzspj", 0.6, 12000, 0, 0, 40 },
	{ "退役军人事务局", "tyjrswj", 0.3, 0, 0, 0, 0 },
	{ "林业局", "lyj", 0.3, 150, 40, 5, 20 },
	/* the kinds a county gives after the 24 above */
	{ "生态环境分局", "sthjfj", 0.7, 200, 60, 8, 0 },
	{ "工业和信息化局", "gxj", 0.4, 40, 3, 0, 0 },
	{ "科学技术局", "kjj", 0.2, 10, 0.5, 0, 0 },
	{ "民族宗教事务局", "mzzjj", 0.1, 5, 0.2, 0, 0 },
	{ "信访局", "xfj", 0.4, 0, 0, 0, 0 },
	{ "体育局", "tyj", 0.1, 10, 0.5, 0, 0 },
	{ "档案馆", "dag", 0.5, 0, 0, 0, 0 },
	{ "气象局", "qxj", 0.1, 20, 1, 0, 0 },
	{ "粮食和物资储备局", "lsj", 0.1, 20, 2, 0, 0 },
	{ "机关事务管理局", "jgswj", 0.1, 0, 0, 0, 0 },
	{ "人民防空办公室", "rfb", 0.1, 30, 2, 0, 10 },
	{ "乡村振兴局", "xczxj", 0.3, 0, 0, 0, 0 },
	{ "国有资产监督管理局", "gzj", 0.1, 0, 0, 0, 0 },
	{ "大数据管理局", "dsjj", 0.1, 0, 0, 0, 0 },
	{ "投资促进局", "tcj", 0.1, 0, 0, 0, 0 },
	{ "金融工作局", "jrj", 0.1, 5, 0, 0, 0 },
	{ "住房公积金管理中心", "gjj", 0.4, 0, 0, 0, 0 },
	{ "不动产登记中心", "bdcdj", 1.2, 0, 0, 0, 30 },
	{ "公共资源交易中心", "ggzyjy", 0.3, 0, 0, 0, 0 },
	{ "地方志编纂中心", "dfz", 0.1, 0, 0, 0, 0 },
	{ "融媒体中心", "rmt", 0.1, 0, 0, 0, 0 },
	{ "供销合作社联合社", "gxs", 0.1, 0, 0, 0, 0 },
	{ "烟草专卖局", "yczmj", 0.1, 300, 40, 0, 0 },
	{ "邮政管理局", "yzglj", 0.1, 20, 5, 0, 0 },
	{ "消防救援大队", "xfjy", 0.2, 80, 30, 5, 0 },
	{ "公安局交通警察大队", "jjdd", 0.8, 500, 6000, 200, 0 },
	{ "水文站", "swz", 0.1, 0, 0, 0, 0 },
	{ "疾病预防控制中心", "jkzx", 0.3, 0, 0, 0, 0 },
	{ "妇幼保健院", "fybj", 0.1, 0, 0, 0, 0 },
	{ "人民医院", "rmyy", 0.3, 0, 0, 0, 0 },
	{ "中医院", "zyy", 0.1, 0, 0, 0, 0 },
	{ "第一中学", "dyzx", 0.1, 0, 0, 0, 0 },
	{ "职业技术学校", "zjxx", 0.1, 0, 0, 0, 0 },
	{ "图书馆", "tsg", 0.1, 0, 0, 0, 0 },
	{ "文化馆", "whg", 0.1, 0, 0, 0, 0 },
	{ "博物馆", "bwg", 0.1, 0, 0, 0, 0 },
	{ "社会保险事业中心", "sbzx", 0.6, 0, 0, 0, 0 },
	{ "农业技术推广中心", "ntzx", 0.1, 0, 0, 0, 0 },
};

/* Share of each of the 21 result rows before a body's own perturbation. */
static const double outcome_base[T3_RESULT_COUNT] = {
	0.50, 0.06,                                             /* granted, partially */
	0.002, 0.004, 0.002, 0.008, 0.006, 0.010, 0.004, 0.008, /* denied 1–8 */
	0.22, 0.03, 0.02,                                       /* unable 1–3 */
	0.04, 0.02, 0.004, 0.01, 0.006,                         /* not processed 1–5 */
	0.03, 0.001, 0.05,                                      /* other 1–3 */
};
/* Relative weight of the denied rows in a share outlier. */
static const double denied_weight[T3_DENIED_COUNT] = { 1, 2, 1, 4, 3, 5, 2, 3 };
/* Applicant mix: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他. */
static const double mix_base[T3_APPLICANTS] = { 0.86, 0.07, 0.003, 0.005, 0.03, 0.032 };
/* Table 4: cases per processed application, and how they end. */
static const double t4_rate[T4_GROUPS] = { 0.02, 0.006, 0.003 };
static const double t4_split[T4_COLS - 1] = { 0.55, 0.12, 0.23, 0.10 };

enum layout { LAYOUT_LINES, LAYOUT_TSV, LAYOUT_LAYOUT, LAYOUT_HTML, LAYOUT_COUNT };
static const char *const layout_name[LAYOUT_COUNT] = { "lines", "tsv", "layout", "html" };
static const char *const layout_ext[LAYOUT_COUNT] = { "txt", "md", "layout.txt", "html" };
static const char *const layout_format[LAYOUT_COUNT] = { "text", "markdown", "text", "html" };

enum plant_kind {
	P_ROW_SUM, P_BALANCE, P_CARRY, P_T4_SUM, P_TEXT, P_BLANK, P_CELL, /* errors */
	P_OUT_SHARE, P_OUT_COUNT, P_OUT_JUMP, P_OUT_LOW,                 /* outliers */
	P_KIND_COUNT
};
static const char *const plant_kind_name[P_KIND_COUNT] = {
	"t3.row_sum", "t3.balance", "t3.carry_continuity", "t4.sum", "text.table_mismatch", "blank", "cell",
	"outlier.share", "outlier.count", "outlier.jump", "outlier.low",
};

typedef struct planted {
	int kind;        /* enum plant_kind */
	char where[128]; /* a cell path, a path pattern, or paths joined by + */
	char detail[240];
} planted;

/* A body: who issues the report. */
typedef struct body {
	int level;
	int dept;                  /* index in dept_kinds, or -1 */
	char code[12];             /* region code (the county's for a department) */
	const char *slug;          /* file-name slug: gov or the department's */
	char name[BODY_NAME_CAP];  /* as printed in the title */
	const char *self;          /* how the narrative refers to itself: 我镇, 我局 … */
	const char *path[4];       /* region_path; borrowed from the gazetteer */
	int path_count;
	uint64_t index;            /* selection order: seeds the body's stream */
} body;

enum outlier { OUTLIER_NONE, OUTLIER_SHARE, OUTLIER_COUNT, OUTLIER_JUMP, OUTLIER_LOW };
static const char *const outlier_name[] = { "", "share", "count", "jump", "low" };
/* A low outlier prints 0 for a figure whose body mean is at least this: an
 * unfilled or copied cell, where peers and the body's own years have dozens. */
#define LOW_MIN_MEAN 50.0
enum low_figure { LOW_APPS, LOW_PENALTY, LOW_LICENSING };

/* A body's parameters and the state its years chain through. */
typedef struct body_model {
	double app_rate;  /* mean new applications per year */
	double p_forward;
	double mix[T3_APPLICANTS];
	double outcome[T3_RESULT_COUNT];
	double licensing, penalty, coercion;
	bool has_fees;
	double fee;        /* 万元 */
	int outlier;       /* enum outlier */
	int jump_year;     /* index in the range of the jump (or low) year */
	bool jump_penalty; /* the jump is in 行政处罚, not in applications */
	int low_figure;    /* enum low_figure: which figure a low outlier zeroes */
	double denied_share;
	int64_t forward[T3_APPLICANTS]; /* last year's carried_forward */
	int64_t reg_valid, norm_valid;  /* last year's valid counts */
	int64_t prev_new_total, prev_penalty;
} body_model;

/* a report's own plants and at most every cell printed empty (--blank-cells all) */
enum { CITE_MAX = 8, PLANT_MAX = 4 + T3_ROWS * T3_COLS + T4_GROUPS * T4_COLS };

/* One report: the printed values and where they stand. */
typedef struct report {
	int year;
	int year_index;                /* position in the range */
	int layout;
	int64_t val[CELL_COUNT];       /* as printed; fees in hundredths of 万元 */
	bool blank[CELL_COUNT];        /* printed empty */
	uint32_t line[CELL_COUNT];     /* 1-based line of the value */
	uint32_t parts[6];             /* lines of the six part headings */
	int pub_month, pub_day;        /* in year + 1 */
	int64_t info_count;            /* 主动公开条数, narrative only */
	int64_t fee_yuan;              /* 信息处理费 in 元, narrative only */
	int cite_count;
	int cite_cell[CITE_MAX];       /* figures the narrative states */
	int64_t cite_value[CITE_MAX];  /* as the narrative states them */
	int t4_form;                   /* with the review total: 0 alone, 1 and the litigation
					  total (行政诉讼M件), 2 both as one (行政复议和行政诉讼K件) */
	int64_t litigation_said;       /* litigation_direct + litigation_after_review totals */
	int64_t joint_said;            /* review + both litigation totals */
	int plant_count;
	planted plants[PLANT_MAX];
} report;

static double lognormal(rng *r, double median, double sigma) { return median * exp(sigma * rng_normal(r)); }

/* Draws a body's parameters, its outlier role and its state before year one. */
static void model_init(body_model *m, const body *b, rng *r, int year_count, double outlier_rate)
{
	const level_params *lp = &level_tab[b->level];
	const dept_kind *dk = b->dept >= 0 ? &dept_kinds[b->dept] : NULL;
	memset(m, 0, sizeof *m);
	double app_mean = lp->app_mean * (dk ? dk->apps : 1.0);
	m->app_rate = rng_gamma(r, lp->app_shape, app_mean / lp->app_shape);
	m->p_forward = lp->p_forward * lognormal(r, 1.0, 0.5);
	if (m->p_forward > 0.3)
		m->p_forward = 0.3;
	for (int i = 0; i < T3_APPLICANTS; i++)
		m->mix[i] = mix_base[i] * lognormal(r, 1.0, 0.4);
	normalise(m->mix, T3_APPLICANTS);
	for (int i = 0; i < T3_RESULT_COUNT; i++)
		m->outcome[i] = outcome_base[i] * lognormal(r, 1.0, 0.35);
	normalise(m->outcome, T3_RESULT_COUNT);
	double lic = dk ? dk->licensing : lp->licensing;
	double pen = dk ? dk->penalty : lp->penalty;
	double coer = dk ? dk->coercion : lp->coercion;
	m->licensing = lic * rng_gamma(r, 2.0, 0.5);
	m->penalty = pen * rng_gamma(r, 2.0, 0.5);
	m->coercion = coer * rng_gamma(r, 2.0, 0.5);
	double fee_median = dk ? dk->fee_median : lp->fee_median;
	m->has_fees = fee_median > 0 && rng_chance(r, lp->fee_prob);
	m->fee = m->has_fees ? lognormal(r, fee_median, 0.8) : 0;

	/* the outlier role: a share only where the volume makes a rate meaningful */
	if (rng_chance(r, outlier_rate)) {
		int choice[4], n = 0;
		if (b->level == LEVEL_COUNTY || b->level == LEVEL_CITY ||
		    (b->level == LEVEL_DEPARTMENT && m->app_rate >= 30))
			choice[n++] = OUTLIER_SHARE;
		choice[n++] = OUTLIER_COUNT;
		if (year_count >= 2)
			choice[n++] = OUTLIER_JUMP;
		if (m->app_rate >= LOW_MIN_MEAN || m->penalty >= LOW_MIN_MEAN || m->licensing >= LOW_MIN_MEAN)
			choice[n++] = OUTLIER_LOW;
		m->outlier = choice[rng_int(r, n)];
	}
	if (m->outlier == OUTLIER_SHARE) {
		m->denied_share = 0.45 + 0.30 * rng_unif(r);
		if (m->app_rate < 40)
			m->app_rate = 40 + 20 * rng_unif(r);
		double wsum = 0, rest = 0;
		for (int i = 0; i < T3_DENIED_COUNT; i++)
			wsum += denied_weight[i];
		for (int i = 0; i < T3_RESULT_COUNT; i++)
			if (i < 2 || i >= 2 + T3_DENIED_COUNT)
				rest += m->outcome[i];
		for (int i = 0; i < T3_RESULT_COUNT; i++) {
			if (i >= 2 && i < 2 + T3_DENIED_COUNT)
				m->outcome[i] = m->denied_share * denied_weight[i - 2] / wsum;
			else
				m->outcome[i] *= (1.0 - m->denied_share) / rest;
		}
	} else if (m->outlier == OUTLIER_COUNT) {
		double base = m->penalty > lp->penalty_high ? m->penalty : lp->penalty_high;
		m->penalty = base * (15.0 + 25.0 * rng_unif(r));
	} else if (m->outlier == OUTLIER_JUMP) {
		m->jump_year = 1 + rng_int(r, year_count - 1);
		m->jump_penalty = rng_chance(r, 0.4);
	} else if (m->outlier == OUTLIER_LOW) {
		/* any year, the first included: an unfilled report needs no history */
		int cand[3], k = 0;
		if (m->app_rate >= LOW_MIN_MEAN)
			cand[k++] = LOW_APPS;
		if (m->penalty >= LOW_MIN_MEAN)
			cand[k++] = LOW_PENALTY;
		if (m->licensing >= LOW_MIN_MEAN)
			cand[k++] = LOW_LICENSING;
		m->low_figure = cand[rng_int(r, k)];
		m->jump_year = rng_int(r, year_count);
	}

	/* state before the first printed year */
	if (b->level == LEVEL_CITY)
		m->reg_valid = 20 + rng_poisson(r, 30);
	m->norm_valid = rng_poisson(r, lp->norm_valid0 * lognormal(r, 1.0, 0.5));
	int64_t carried = rng_poisson(r, m->app_rate * m->p_forward);
	rng_multinomial(r, carried, m->mix, T3_APPLICANTS, m->forward);
}

static void days_to_date(int year, int doy, int *month, int *day)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	int m = 0;
	for (;;) {
		int len = mdays[m] + (m == 1 && leap);
		if (doy <= len || m == 11)
			break;
		doy -= len;
		m++;
	}
	*month = m + 1;
	*day = doy;
}

/* Draws one year's printed figures from the model and advances its state. */
static void gen_year(report *rp, body_model *m, const body *b, rng *r, int year, int year_index)
{
	const level_params *lp = &level_tab[b->level];
	int64_t *v = rp->val;
	memset(rp, 0, sizeof *rp);
	rp->year = year;
	rp->year_index = year_index;

	/* table 3: new applications, carried over, then each column's outcomes */
	int64_t new_total;
	bool jump_apps = m->outlier == OUTLIER_JUMP && year_index == m->jump_year && !m->jump_penalty;
	bool low_year = m->outlier == OUTLIER_LOW && year_index == m->jump_year;
	if (low_year && m->low_figure == LOW_APPS) {
		new_total = 0;
	} else if (jump_apps) {
		int64_t base = m->prev_new_total > 3 ? m->prev_new_total : 3;
		new_total = (int64_t)llround((double)base * (10.0 + 4.0 * rng_unif(r)));
	} else {
		new_total = rng_poisson(r, m->app_rate * lognormal(r, 1.0, 0.25));
	}
	int64_t fresh[T3_APPLICANTS];
	rng_multinomial(r, new_total, m->mix, T3_APPLICANTS, fresh);
	for (int c = 0; c < T3_APPLICANTS; c++) {
		int64_t avail = fresh[c] + m->forward[c];
		int64_t fwd = rng_binom(r, avail, m->p_forward);
		int64_t res[T3_RESULT_COUNT];
		rng_multinomial(r, avail - fwd, m->outcome, T3_RESULT_COUNT, res);
		v[T3(T3_NEW, c)] = fresh[c];
		v[T3(T3_CARRIED_OVER, c)] = m->forward[c];
		for (int i = 0; i < T3_RESULT_COUNT; i++)
			v[T3(T3_RESULT_FIRST + i, c)] = res[i];
		v[T3(T3_TOTAL_PROCESSED, c)] = avail - fwd;
		v[T3(T3_CARRIED_FORWARD, c)] = fwd;
		m->forward[c] = fwd;
	}
	for (int row = 0; row < T3_ROWS; row++) {
		int64_t sum = 0;
		for (int c = 0; c < T3_APPLICANTS; c++)
			sum += v[T3(row, c)];
		v[T3(row, T3_TOTAL)] = sum;
	}

	/* table 4: in proportion to the applications processed */
	double processed = (double)v[T3(T3_TOTAL_PROCESSED, T3_TOTAL)];
	for (int g = 0; g < T4_GROUPS; g++) {
		int64_t n = rng_poisson(r, processed * t4_rate[g] * lognormal(r, 1.0, 0.3));
		int64_t split[T4_COLS - 1];
		rng_multinomial(r, n, t4_split, T4_COLS - 1, split);
		for (int c = 0; c < T4_COLS - 1; c++)
			v[T4(g, c)] = split[c];
		v[T4(g, T4_TOTAL)] = n;
	}

	/* table 2: rules only in cities (设区的市), documents chain by valid */
	if (b->level == LEVEL_CITY) {
		v[A_REG_ISSUED] = rng_poisson(r, 2.0);
		v[A_REG_REPEALED] = rng_binom(r, m->reg_valid, 0.03);
	}
	v[A_REG_VALID] = m->reg_valid + v[A_REG_ISSUED] - v[A_REG_REPEALED];
	m->reg_valid = v[A_REG_VALID];
	v[A_NORM_ISSUED] = rng_poisson(r, lp->norm_issued * lognormal(r, 1.0, 0.4));
	v[A_NORM_REPEALED] = rng_binom(r, m->norm_valid, 0.06);
	v[A_NORM_VALID] = m->norm_valid + v[A_NORM_ISSUED] - v[A_NORM_REPEALED];
	m->norm_valid = v[A_NORM_VALID];
	v[A_LICENSING] = rng_poisson(r, m->licensing * lognormal(r, 1.0, 0.2));
	if (low_year && m->low_figure == LOW_LICENSING)
		v[A_LICENSING] = 0;
	if (m->outlier == OUTLIER_JUMP && year_index == m->jump_year && m->jump_penalty) {
		int64_t base = m->prev_penalty > 5 ? m->prev_penalty : 5;
		v[A_PENALTY] = (int64_t)llround((double)base * (10.0 + 4.0 * rng_unif(r)));
	} else {
		v[A_PENALTY] = rng_poisson(r, m->penalty * lognormal(r, 1.0, 0.2));
	}
	if (low_year && m->low_figure == LOW_PENALTY)
		v[A_PENALTY] = 0;
	v[A_COERCION] = rng_poisson(r, m->coercion * lognormal(r, 1.0, 0.2));
	v[A_FEES] = m->has_fees ? (int64_t)llround(m->fee * lognormal(r, 1.0, 0.15) * 100.0) : 0;

	/* narrative-only figures and the publication date */
	rp->info_count = (int64_t)(lp->info_lo + (lp->info_hi - lp->info_lo) * rng_unif(r));
	rp->fee_yuan = rng_chance(r, 0.08) ? 10 * (1 + rng_int(r, 60)) : 0;
	if (b->level == LEVEL_DEPARTMENT) /* departments by 31 January */
		days_to_date(year + 1, 5 + rng_int(r, 27), &rp->pub_month, &rp->pub_day);
	else /* governments by 31 March */
		days_to_date(year + 1, 15 + rng_int(r, 76), &rp->pub_month, &rp->pub_day);

	m->prev_new_total = new_total;
	m->prev_penalty = v[A_PENALTY];
}

/* ------------------------------------------------------------ planting */

static planted *plant_add(report *rp, int kind, const char *where)
{
	if (rp->plant_count >= PLANT_MAX)
		return NULL;
	planted *p = &rp->plants[rp->plant_count++];
	p->kind = kind;
	snprintf(p->where, sizeof p->where, "%s", where);
	p->detail[0] = '\0';
	return p;
}

/* Records the body's outlier role in this year's report. */
static void plant_outliers(report *rp, const body_model *m)
{
	const int64_t *v = rp->val;
	planted *p;
	if (m->outlier == OUTLIER_SHARE) {
		int64_t denied = 0;
		for (int i = 0; i < T3_DENIED_COUNT; i++)
			denied += v[T3(T3_DENIED_FIRST + i, T3_TOTAL)];
		int64_t total = v[T3(T3_TOTAL_PROCESSED, T3_TOTAL)];
		if ((p = plant_add(rp, P_OUT_SHARE, "applications.denied_*.total")) != NULL)
			snprintf(p->detail, sizeof p->detail,
				 "不予公开 %" PRId64 " of %" PRId64 " processed (share %.2f; drawn %.2f, peers ~0.04)",
				 denied, total, total ? (double)denied / (double)total : 0.0, m->denied_share);
	} else if (m->outlier == OUTLIER_LOW && rp->year_index == m->jump_year) {
		static const int cell[] = { T3(T3_NEW, T3_TOTAL), A_PENALTY, A_LICENSING };
		double mean = m->low_figure == LOW_APPS ? m->app_rate : m->low_figure == LOW_PENALTY ? m->penalty : m->licensing;
		if ((p = plant_add(rp, P_OUT_LOW, cell_path[cell[m->low_figure]])) != NULL)
			snprintf(p->detail, sizeof p->detail, "0 printed, body mean %.0f (an unfilled cell)", mean);
	} else if (m->outlier == OUTLIER_COUNT) {
		if ((p = plant_add(rp, P_OUT_COUNT, cell_path[A_PENALTY])) != NULL)
			snprintf(p->detail, sizeof p->detail,
				 "行政处罚 %" PRId64 " (body mean %.0f, 15-40x its level's high end)", v[A_PENALTY],
				 m->penalty);
	}
}

static void plant_jump(report *rp, const body_model *m, int64_t prev_value)
{
	if (m->outlier != OUTLIER_JUMP || rp->year_index != m->jump_year)
		return;
	int cell = m->jump_penalty ? A_PENALTY : T3(T3_NEW, T3_TOTAL);
	planted *p = plant_add(rp, P_OUT_JUMP, cell_path[cell]);
	if (p)
		snprintf(p->detail, sizeof p->detail, "%" PRId64 " in %d after %" PRId64 " in %d (x%.1f)",
			 rp->val[cell], rp->year, prev_value, rp->year - 1,
			 prev_value ? (double)rp->val[cell] / (double)prev_value : 0.0);
}

/* Chooses which figures the narrative states (their values are set later). */
static void choose_cites(report *rp, rng *r)
{
	rp->cite_count = 0;
	rp->cite_cell[rp->cite_count++] = T3(T3_NEW, T3_TOTAL);
	if (rng_chance(r, 0.6))
		rp->cite_cell[rp->cite_count++] = T3(T3_CARRIED_OVER, T3_TOTAL);
	if (rng_chance(r, 0.6))
		rp->cite_cell[rp->cite_count++] = T3(T3_TOTAL_PROCESSED, T3_TOTAL);
	if (rng_chance(r, 0.5))
		rp->cite_cell[rp->cite_count++] = T3(T3_CARRIED_FORWARD, T3_TOTAL);
	if (rng_chance(r, 0.4))
		rp->cite_cell[rp->cite_count++] = T4(0, T4_TOTAL);
	if (rng_chance(r, 0.3))
		rp->cite_cell[rp->cite_count++] = A_PENALTY;
	/* How table 4 is stated, drawn from a stream of its own so the tables and
	 * plants of a seed stay as they were. Of the real reports that state table
	 * 4 (seeds 001, 002; corpus shanghai 2019, pingtan 2023, shuyang 2025),
	 * four give 行政复议 and 行政诉讼 apart, one the two together. */
	rng sub = *r;
	sub.s[0] ^= UINT64_C(0x7461626C6534);   /* "table4" */
	rng_next(&sub);
	double u = rng_unif(&sub);
	rp->t4_form = u < 0.2 ? 2 : u < 0.9 ? 1 : 0;
}

static bool report_cites(const report *rp, int cell)
{
	for (int i = 0; i < rp->cite_count; i++)
		if (rp->cite_cell[i] == cell)
			return true;
	return false;
}

static int64_t imin(int64_t a, int64_t b) { return a < b ? a : b; }

/* A row total off: two result rows' totals shift by +k/−k, so the total
 * column still balances and sums; only their row sums break. With no result
 * row to take from, one applicant column gains k in new_received, a result row
 * and total_processed, whose totals stay as they were (and as the narrative
 * states them): `where` names the new_received cell that moved. */
static void plant_row_sum(report *rp, rng *r)
{
	int64_t *v = rp->val;
	int cand[T3_RESULT_COUNT], n = 0;
	for (int i = 0; i < T3_RESULT_COUNT; i++)
		if (v[T3(T3_RESULT_FIRST + i, T3_TOTAL)] >= 1)
			cand[n++] = T3_RESULT_FIRST + i;
	planted *p;
	if (n > 0) {
		int r2 = cand[rng_int(r, n)];
		int r1;
		do
			r1 = T3_RESULT_FIRST + rng_int(r, T3_RESULT_COUNT);
		while (r1 == r2);
		int64_t k = 1 + (int64_t)rng_below(r, (uint64_t)imin(v[T3(r2, T3_TOTAL)], 9));
		v[T3(r1, T3_TOTAL)] += k;
		v[T3(r2, T3_TOTAL)] -= k;
		if ((p = plant_add(rp, P_ROW_SUM, cell_path[T3(r1, T3_TOTAL)])) != NULL)
			snprintf(p->detail, sizeof p->detail,
				 "total of %s printed %" PRId64 " (its cells sum to %" PRId64
				 "); total of %s printed %" PRId64 " (cells sum to %" PRId64 ")",
				 t3_row_key[r1], v[T3(r1, T3_TOTAL)], v[T3(r1, T3_TOTAL)] - k, t3_row_key[r2],
				 v[T3(r2, T3_TOTAL)], v[T3(r2, T3_TOTAL)] + k);
	} else {
		int c = rng_int(r, T3_APPLICANTS);
		int row = T3_RESULT_FIRST + rng_int(r, T3_RESULT_COUNT);
		int64_t k = 1 + rng_int(r, 3);
		v[T3(T3_NEW, c)] += k;
		v[T3(row, c)] += k;
		v[T3(T3_TOTAL_PROCESSED, c)] += k;
		/* the narrative states the totals as they were (the truth): the cells
		 * that moved are the ones printed wrong */
		if ((p = plant_add(rp, P_ROW_SUM, cell_path[T3(T3_NEW, c)])) != NULL)
			snprintf(p->detail, sizeof p->detail,
				 "%s +%" PRId64 " in new_received, %s and total_processed; their totals "
				 "were not updated (each row sums to total+%" PRId64 ")",
				 t3_col_key[c], k, t3_row_key[row], k);
	}
}

/* A column that does not balance: new_received of one applicant column and
 * its total move by d; row sums and the results sum still hold. */
static void plant_balance(report *rp, rng *r)
{
	int64_t *v = rp->val;
	int c = rng_int(r, T3_APPLICANTS);
	int64_t k = 1 + rng_int(r, 9);
	int64_t d = v[T3(T3_NEW, c)] >= k && rng_chance(r, 0.5) ? -k : k;
	v[T3(T3_NEW, c)] += d;
	v[T3(T3_NEW, T3_TOTAL)] += d;
	planted *p = plant_add(rp, P_BALANCE, cell_path[T3(T3_NEW, c)]);
	if (p)
		snprintf(p->detail, sizeof p->detail,
			 "new_received.%s and new_received.total off by %+" PRId64
			 ": columns %s and total no longer balance (new+carried != processed+forward)",
			 t3_col_key[c], d, t3_col_key[c]);
}

/* A broken carry-over: carried_over, granted and total_processed of one
 * column (and their totals) move by d, so this report balances but its
 * carried_over differs from last year's carried_forward. */
static void plant_carry(report *rp, rng *r, int64_t prev_forward_total)
{
	int64_t *v = rp->val;
	int c = rng_int(r, T3_APPLICANTS);
	int64_t k = 1 + rng_int(r, 5);
	int64_t d = v[T3(T3_CARRIED_OVER, c)] >= k && v[T3(T3_GRANTED, c)] >= k && rng_chance(r, 0.5) ? -k : k;
	int rows[3] = { T3_CARRIED_OVER, T3_GRANTED, T3_TOTAL_PROCESSED };
	for (int i = 0; i < 3; i++) {
		v[T3(rows[i], c)] += d;
		v[T3(rows[i], T3_TOTAL)] += d;
	}
	planted *p = plant_add(rp, P_CARRY, cell_path[T3(T3_CARRIED_OVER, c)]);
	if (p)
		snprintf(p->detail, sizeof p->detail,
			 "carried_over.%s off by %+" PRId64 " against %d's carried_forward (total %" PRId64
			 " printed, %" PRId64 " carried forward); granted and total_processed moved with it",
			 t3_col_key[c], d, rp->year - 1, v[T3(T3_CARRIED_OVER, T3_TOTAL)], prev_forward_total);
}

static void plant_t4(report *rp, rng *r)
{
	int64_t *v = rp->val;
	int g = rng_int(r, T4_GROUPS);
	int64_t k = 1 + rng_int(r, 5);
	int64_t d = v[T4(g, T4_TOTAL)] >= k && rng_chance(r, 0.5) ? -k : k;
	v[T4(g, T4_TOTAL)] += d;
	planted *p = plant_add(rp, P_T4_SUM, cell_path[T4(g, T4_TOTAL)]);
	if (p)
		snprintf(p->detail, sizeof p->detail, "total printed %" PRId64 ", the four results sum to %" PRId64,
			 v[T4(g, T4_TOTAL)], v[T4(g, T4_TOTAL)] - d);
}

/*
 * One figure typed wrong (issue 18's measure of error localisation): a cell
 * of table 3 or 4, any of them alike, printed k (1–9) higher or lower than
 * the truth. It breaks whichever relations hold the cell; the truth file's
 * detail keeps the value it had.
 */
static void plant_cell(report *rp, rng *r)
{
	int n3 = T3_ROWS * T3_COLS, n = n3 + T4_GROUPS * T4_COLS;
	int i = rng_int(r, n);
	int cell = i < n3 ? T3(i / T3_COLS, i % T3_COLS) : T4((i - n3) / T4_COLS, (i - n3) % T4_COLS);
	int64_t was = rp->val[cell];
	int64_t k = 1 + rng_int(r, 9);
	int64_t d = was >= k && rng_chance(r, 0.5) ? -k : k;
	rp->val[cell] = was + d;
	planted *p = plant_add(rp, P_CELL, cell_path[cell]);
	if (p)
		snprintf(p->detail, sizeof p->detail, "printed %" PRId64 ", was %" PRId64, was + d, was);
}

/* Zero cells that may print blank: applicant cells of table 3, results of
 * table 4 — never a total, so the narrative never cites a blank — and, with
 * `totals`, the total of a row or group that is all zeros and that the
 * narrative does not state (table 4's litigation totals are stated with its
 * review total), so that a report can print whole rows empty. */
static int blank_candidates(const report *rp, bool totals, int *out)
{
	int n = 0;
	for (int row = 0; row < T3_ROWS; row++)
		for (int c = 0; c < T3_APPLICANTS; c++)
			if (rp->val[T3(row, c)] == 0)
				out[n++] = T3(row, c);
	for (int g = 0; g < T4_GROUPS; g++)
		for (int c = 0; c < T4_TOTAL; c++)
			if (rp->val[T4(g, c)] == 0)
				out[n++] = T4(g, c);
	if (!totals)
		return n;
	for (int row = 0; row < T3_ROWS; row++)
		if (rp->val[T3(row, T3_TOTAL)] == 0 && !report_cites(rp, T3(row, T3_TOTAL)))
			out[n++] = T3(row, T3_TOTAL);
	for (int g = 0; g < T4_GROUPS; g++)
		if (rp->val[T4(g, T4_TOTAL)] == 0 && !report_cites(rp, T4(0, T4_TOTAL)))
			out[n++] = T4(g, T4_TOTAL);
	return n;
}

/* Prints `count` of the report's zero cells empty (all of them when count is
 * negative or above their number), drawn without replacement; one cell takes
 * the same draw as it always did, so a seed's corpus stays as it was. */
static void plant_blank(report *rp, rng *r, int count, bool totals)
{
	int cand[CELL_COUNT];
	int n = blank_candidates(rp, totals, cand);
	if (count < 0 || count > n)
		count = n;
	for (int k = 0; k < count; k++) {
		int j = k + rng_int(r, n - k);
		int cell = cand[j];
		cand[j] = cand[k];
		cand[k] = cell;
		rp->blank[cell] = true;
		planted *p = plant_add(rp, P_BLANK, cell_path[cell]);
		if (p)
			snprintf(p->detail, sizeof p->detail, "printed empty; the other cells make it 0");
	}
}

/* The narrative states a figure the table contradicts. */
static void plant_text(report *rp, rng *r)
{
	int i = rng_int(r, rp->cite_count);
	int64_t v = rp->cite_value[i];
	int64_t k = 1 + (int64_t)rng_below(r, (uint64_t)(v / 4 + 2));
	int64_t said = v >= k && rng_chance(r, 0.5) ? v - k : v + k;
	rp->cite_value[i] = said;
	char where[128];
	snprintf(where, sizeof where, "%s", cell_path[rp->cite_cell[i]]);
	if (rp->cite_cell[i] == T4(0, T4_TOTAL) && rp->t4_form == 2) {
		/* stated with the litigation totals, as one figure */
		int64_t delta = said - v;
		rp->joint_said += delta;
		said = rp->joint_said;
		v = said - delta;
		snprintf(where, sizeof where, "%s+%s+%s", cell_path[T4(0, T4_TOTAL)], cell_path[T4(1, T4_TOTAL)],
			 cell_path[T4(2, T4_TOTAL)]);
	}
	planted *p = plant_add(rp, P_TEXT, where);
	if (p)
		snprintf(p->detail, sizeof p->detail, "narrative states %" PRId64 ", the table prints %" PRId64,
			 said, v);
}

/* Plants this report's errors and outliers; sets what the narrative states. */
static void plant_report(report *rp, const body_model *m, rng *r, double error_rate, unsigned kinds,
			 int blank_cells, bool blank_totals, int64_t prev_jump_value, int64_t prev_forward_total)
{
	plant_outliers(rp, m);
	plant_jump(rp, m, prev_jump_value);
	choose_cites(rp, r);
	/* the figures before an error is planted: a figure typed wrong in a table
	 * leaves the narrative as the body wrote it, with the true figure */
	int64_t truth[CELL_COUNT];
	memcpy(truth, rp->val, sizeof truth);
	int kind = -1;
	if (rng_chance(r, error_rate)) {
		int cand[8], n = 0;
		int scratch[CELL_COUNT];
		for (int k = P_ROW_SUM; k <= P_CELL; k++) {
			if (!(kinds & (1u << k)))
				continue;
			if ((k == P_CARRY && rp->year_index == 0) || (k == P_BLANK && blank_candidates(rp, blank_totals, scratch) == 0))
				continue;
			cand[n++] = k;
		}
		if (n)
			kind = cand[rng_int(r, n)];
	}
	switch (kind) {
	case P_ROW_SUM: plant_row_sum(rp, r); break;
	case P_BALANCE: plant_balance(rp, r); break;
	case P_CARRY: plant_carry(rp, r, prev_forward_total); break;
	case P_T4_SUM: plant_t4(rp, r); break;
	case P_BLANK: plant_blank(rp, r, blank_cells, blank_totals); break;
	case P_CELL: plant_cell(rp, r); break;
	default: break;
	}
	/* a broken carry-over is the body's own records: its narrative follows them */
	const int64_t *said = kind == P_CARRY ? rp->val : truth;
	for (int i = 0; i < rp->cite_count; i++)
		rp->cite_value[i] = said[rp->cite_cell[i]];
	rp->litigation_said = said[T4(1, T4_TOTAL)] + said[T4(2, T4_TOTAL)];
	rp->joint_said = said[T4(0, T4_TOTAL)] + rp->litigation_said;
	if (kind == P_TEXT)
		plant_text(rp, r);
}

/* ----------------------------------------------------------- narrative */

/* The document as blocks; paragraph text marks each figure with \x01 on both
 * sides, which the layout renderer turns into spaces (pdftotext prints
 * "申请 3119 件") and the others drop. */
enum block_kind { B_PARA, B_PART, B_SUB, B_TABLE2, B_TABLE3, B_TABLE4 };

enum { BLOCK_MAX = 32 };

typedef struct doc {
	char title[BODY_NAME_CAP + 64];   /* the title line */
	char published[40];               /* YYYY-MM-DD */
	sbuf text;                        /* block texts, NUL-separated */
	int block_count;
	int block_kind[BLOCK_MAX];
	int block_part[BLOCK_MAX];        /* B_PART: 0…5 */
	size_t block_off[BLOCK_MAX];
} doc;

#define MARK '\x01'

static void doc_block(doc *d, int kind, int part)
{
	if (d->block_count >= BLOCK_MAX)
		return;
	d->block_kind[d->block_count] = kind;
	d->block_part[d->block_count] = part;
	d->block_off[d->block_count] = d->text.len;
	d->block_count++;
}

static void doc_end(doc *d) { sb_char(&d->text, '\0'); }

static void doc_para_begin(doc *d) { doc_block(d, B_PARA, -1); }

static void doc_sub(doc *d, const char *s)
{
	doc_block(d, B_SUB, -1);
	sb_puts(&d->text, s);
	doc_end(d);
}

static void doc_part(doc *d, int part)
{
	doc_block(d, B_PART, part);
	sb_puts(&d->text, part_heading[part]);
	doc_end(d);
}

static void doc_num(doc *d, int64_t v)
{
	sb_char(&d->text, MARK);
	sb_i64(&d->text, v);
	sb_char(&d->text, MARK);
}

/* "2024年" with the year marked as a figure. */
static void doc_year(doc *d, int year)
{
	doc_num(d, year);
	sb_puts(&d->text, "年");
}

static const char *pick(rng *r, const char *const *list, int n) { return list[rng_int(r, n)]; }

static int64_t cite_value(const report *rp, int cell)
{
	for (int i = 0; i < rp->cite_count; i++)
		if (rp->cite_cell[i] == cell)
			return rp->cite_value[i];
	return 0;
}

/* Builds the title and the narrative around the three tables. */
static void doc_build(doc *d, const body *b, const report *rp, rng *r)
{
	static const char *const lead[] = {
		"坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《条例》和上级关于政务公开工作的部署要求，持续推进决策、执行、管理、服务、结果公开，政府信息公开工作取得新成效。",
		"严格落实《中华人民共和国政府信息公开条例》各项规定，围绕中心工作深化政务公开，不断提升政府信息公开的质量和实效。",
		"在上级政务公开办公室的指导下，以公开为常态、不公开为例外，扎实推进政府信息公开各项工作，圆满完成了年度任务。",
	};
	static const char *const manage[] = {
		"严格落实“先审查、后公开”和“一事一审”制度，规范信息发布审核流程，全年未发生泄密事件。",
		"建立健全信息发布保密审查机制，明确审核职责分工，确保公开内容准确、规范。",
	};
	static const char *const platform[] = {
		"持续优化政府信息公开专栏，及时更新栏目内容，方便群众查阅。",
		"依托政府门户网站和政务新媒体平台，拓宽公开渠道，提升信息发布时效。",
	};
	static const char *const problems[] = {
		"一是主动公开的深度和广度还需拓展；二是政策解读形式较为单一；三是工作人员业务能力有待提升。",
		"一是部分栏目更新不够及时；二是依申请公开答复的规范化水平有待提高。",
		"一是公开内容与群众需求的契合度还不够高；二是政务公开队伍建设还需加强。",
	};
	static const char *const fixes[] = {
		"下一步，将加强业务培训，完善公开制度，丰富解读形式，持续提升政府信息公开工作水平。",
		"下一步，将进一步规范公开流程，加强栏目日常巡查，及时回应社会关切。",
	};
	snprintf(d->title, sizeof d->title, "%s%d年%s政府信息公开工作年度报告", b->name, rp->year,
		 rng_chance(r, 0.2) ? "度" : "");
	snprintf(d->published, sizeof d->published, "%04d-%02d-%02d", rp->year + 1, rp->pub_month, rp->pub_day);
	sb_reset(&d->text);
	d->block_count = 0;

	doc_para_begin(d);
	sb_printf(&d->text,
		  "本报告由%s根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）要求编制。报告所列数据的统计期限自",
		  b->name);
	doc_year(d, rp->year);
	sb_puts(&d->text, "1月1日至");
	doc_year(d, rp->year);
	sb_puts(&d->text, "12月31日。");
	doc_end(d);

	doc_part(d, 0);
	doc_para_begin(d);
	doc_year(d, rp->year);
	sb_printf(&d->text, "，%s%s", b->self, pick(r, lead, 3));
	doc_end(d);

	doc_sub(d, "（一）主动公开方面");
	doc_para_begin(d);
	doc_year(d, rp->year);
	sb_printf(&d->text, "，%s通过政府网站、政务新媒体等渠道累计主动公开政府信息", b->self);
	doc_num(d, rp->info_count);
	sb_puts(&d->text, "条");
	if (report_cites(rp, A_PENALTY)) {
		sb_puts(&d->text, "，全年作出行政处罚决定");
		doc_num(d, cite_value(rp, A_PENALTY));
		sb_puts(&d->text, "件");
	}
	sb_puts(&d->text, "。");
	doc_end(d);

	doc_sub(d, "（二）依申请公开方面");
	doc_para_begin(d);
	doc_year(d, rp->year);
	sb_printf(&d->text, "，%s共收到政府信息公开申请", b->self);
	doc_num(d, cite_value(rp, T3(T3_NEW, T3_TOTAL)));
	sb_puts(&d->text, "件");
	if (report_cites(rp, T3(T3_CARRIED_OVER, T3_TOTAL))) {
		sb_puts(&d->text, "，上年结转");
		doc_num(d, cite_value(rp, T3(T3_CARRIED_OVER, T3_TOTAL)));
		sb_puts(&d->text, "件");
	}
	if (report_cites(rp, T3(T3_TOTAL_PROCESSED, T3_TOTAL))) {
		sb_puts(&d->text, "，办结");
		doc_num(d, cite_value(rp, T3(T3_TOTAL_PROCESSED, T3_TOTAL)));
		sb_puts(&d->text, "件");
	}
	if (report_cites(rp, T3(T3_CARRIED_FORWARD, T3_TOTAL))) {
		sb_puts(&d->text, "，结转下年度继续办理");
		doc_num(d, cite_value(rp, T3(T3_CARRIED_FORWARD, T3_TOTAL)));
		sb_puts(&d->text, "件");
	}
	sb_puts(&d->text, "，均在法定期限内予以答复。");
	if (report_cites(rp, T4(0, T4_TOTAL)) && rp->t4_form == 2) {
		sb_puts(&d->text, "全年因政府信息公开引起的行政复议和行政诉讼案件");
		doc_num(d, rp->joint_said);
		sb_puts(&d->text, "件。");
	} else if (report_cites(rp, T4(0, T4_TOTAL))) {
		sb_puts(&d->text, "全年发生政府信息公开行政复议");
		doc_num(d, cite_value(rp, T4(0, T4_TOTAL)));
		sb_puts(&d->text, "件");
		if (rp->t4_form == 1) {
			sb_puts(&d->text, "、行政诉讼");
			doc_num(d, rp->litigation_said);
			sb_puts(&d->text, "件");
		}
		sb_puts(&d->text, "。");
	}
	doc_end(d);

	doc_sub(d, "（三）政府信息管理方面");
	doc_para_begin(d);
	sb_puts(&d->text, pick(r, manage, 2));
	doc_end(d);
	doc_sub(d, "（四）政府信息公开平台建设方面");
	doc_para_begin(d);
	sb_puts(&d->text, pick(r, platform, 2));
	doc_end(d);
	doc_sub(d, "（五）监督保障方面");
	doc_para_begin(d);
	sb_puts(&d->text, "将政务公开工作纳入年度重点工作，全年组织业务培训");
	doc_num(d, 1 + rng_int(r, 6));
	sb_puts(&d->text, "次，未发生因政府信息公开工作被责任追究的情况。");
	doc_end(d);

	doc_part(d, 1);
	doc_block(d, B_TABLE2, -1);
	doc_end(d);
	doc_part(d, 2);
	doc_block(d, B_TABLE3, -1);
	doc_end(d);
	doc_part(d, 3);
	doc_block(d, B_TABLE4, -1);
	doc_end(d);

	doc_part(d, 4);
	doc_para_begin(d);
	doc_year(d, rp->year);
	sb_printf(&d->text, "，%s政府信息公开工作虽取得一定成效，但仍存在一些不足：%s", b->self,
		  pick(r, problems, 3));
	doc_end(d);
	doc_para_begin(d);
	sb_puts(&d->text, pick(r, fixes, 2));
	doc_end(d);

	doc_part(d, 5);
	doc_para_begin(d);
	if (rp->fee_yuan) {
		doc_year(d, rp->year);
		sb_printf(&d->text, "，%s依据《政府信息公开信息处理费管理办法》收取信息处理费", b->self);
		doc_num(d, rp->fee_yuan);
		sb_puts(&d->text, "元。");
	} else {
		doc_year(d, rp->year);
		sb_printf(&d->text, "，%s未收取信息处理费。", b->self);
	}
	sb_puts(&d->text, "无其他需要报告的事项。");
	doc_end(d);
}

/* ----------------------------------------------------------- rendering */

/* The cell as printed: "" for a blank, fees with up to two decimals. */
static size_t cell_raw(const report *rp, int cell, char out[32])
{
	if (rp->blank[cell]) {
		out[0] = '\0';
		return 0;
	}
	int64_t v = rp->val[cell];
	if (cell != A_FEES)
		return fmt_i64(out, v);
	size_t n = fmt_i64(out, v / 100);
	int64_t frac = v % 100;
	if (frac) {
		out[n++] = '.';
		out[n++] = (char)('0' + (int)(frac / 10));
		if (frac % 10)
			out[n++] = (char)('0' + (int)(frac % 10));
		out[n] = '\0';
	}
	return n;
}

/* Writes the cell's text and remembers the line it stands on. */
static void put_cell(sbuf *b, report *rp, int cell)
{
	char raw[32];
	size_t n = cell_raw(rp, cell, raw);
	rp->line[cell] = b->line;
	sb_put(b, raw, n);
}

/* Paragraph text without the figure marks. */
static void put_text(sbuf *b, const char *s)
{
	const char *p = s;
	for (;;) {
		const char *mark = strchr(p, MARK);
		if (!mark) {
			sb_puts(b, p);
			return;
		}
		sb_put(b, p, (size_t)(mark - p));
		p = mark + 1;
	}
}

static const char *block_text(const doc *d, int i) { return d->text.data + d->block_off[i]; }

/* --- lines: one cell per line (seed 001) --- */

static void lines_cell(sbuf *b, report *rp, int cell)
{
	sb_char(b, '\t');
	put_cell(b, rp, cell);
	sb_char(b, '\n');
}

static void lines_table2(sbuf *b, report *rp)
{
	sb_puts(b, "\t第二十条第（一）项\n\n\t信息内容\n\t本年制发件数\n\t本年废止件数\n\t现行有效件数\n\n\t规章\n");
	for (int i = A_REG_ISSUED; i <= A_REG_VALID; i++)
		lines_cell(b, rp, i);
	sb_puts(b, "\n\t行政规范性文件\n");
	for (int i = A_NORM_ISSUED; i <= A_NORM_VALID; i++)
		lines_cell(b, rp, i);
	sb_puts(b, "\n\t第二十条第（五）项\n\n\t信息内容\n\t本年处理决定数量\n\n\t行政许可\n");
	lines_cell(b, rp, A_LICENSING);
	sb_puts(b, "\n\t第二十条第（六）项\n\n\t信息内容\n\t本年处理决定数量\n\n\t行政处罚\n");
	lines_cell(b, rp, A_PENALTY);
	sb_puts(b, "\n\t行政强制\n");
	lines_cell(b, rp, A_COERCION);
	sb_puts(b, "\n\t第二十条第（八）项\n\n\t信息内容\n\t本年收费金额（单位：万元）\n\n\t行政事业性收费\n");
	lines_cell(b, rp, A_FEES);
	sb_puts(b, "\n\n");
}

static void lines_table3(sbuf *b, report *rp)
{
	sb_printf(b, "\t%s\n\t申请人情况\n\n", t3_rule_note);
	sb_puts(b, "\t\n\t自然人\n\t法人或其他组织\n\t总计\n\n");
	sb_puts(b, "\t\n\t\n\t商业企业\n\t科研机构\n\t社会公益组织\n\t法律服务机构\n\t其他\n\t\n\n");
	for (int row = 0; row < T3_ROWS; row++) {
		const char *group = t3_group_label(row);
		if (row == T3_GRANTED)
			sb_puts(b, "\t三、本年度办理结果\n");
		else if (row == 3 || row == T3_TOTAL_PROCESSED)
			sb_puts(b, "\t\n");
		else if (group)
			sb_printf(b, "\t\n\t%s\n", group);
		else if (t3_is_item(row))
			sb_puts(b, "\t\n\t\n");
		sb_printf(b, "\t%s\n", t3_row_label[row]);
		for (int c = 0; c < T3_COLS; c++)
			lines_cell(b, rp, T3(row, c));
		sb_char(b, '\n');
	}
	sb_char(b, '\n');
}

static void lines_table4(sbuf *b, report *rp)
{
	sb_puts(b, "\t行政复议\n\t行政诉讼\n\n");
	sb_puts(b, "\t结果维持\n\t结果纠正\n\t其他结果\n\t尚未审结\n\t总计\n\t未经复议直接起诉\n\t复议后起诉\n\n");
	for (int i = 0; i < 5; i++)
		sb_puts(b, "\t\n");
	for (int i = 0; i < 2; i++)
		sb_puts(b, "\t结果维持\n\t结果纠正\n\t其他结果\n\t尚未审结\n\t总计\n");
	sb_char(b, '\n');
	for (int g = 0; g < T4_GROUPS; g++)
		for (int c = 0; c < T4_COLS; c++)
			lines_cell(b, rp, T4(g, c));
	sb_puts(b, "\n\n");
}

static void render_lines(sbuf *b, report *rp, const doc *d)
{
	sb_printf(b, "\n%s\n发布日期：%s\n", d->title, d->published);
	for (int i = 0; i < d->block_count; i++) {
		switch (d->block_kind[i]) {
		case B_PART:
			sb_char(b, '\n');
			rp->parts[d->block_part[i]] = b->line;
			sb_printf(b, "%s\n\n", block_text(d, i));
			break;
		case B_SUB:
			sb_printf(b, "%s\n\n", block_text(d, i));
			break;
		case B_PARA:
			put_text(b, block_text(d, i));
			sb_puts(b, "\n\n");
			break;
		case B_TABLE2: lines_table2(b, rp); break;
		case B_TABLE3: lines_table3(b, rp); break;
		case B_TABLE4: lines_table4(b, rp); break;
		default: break;
		}
	}
}

/* --- tsv: Markdown headings, tab-separated tables (seed 004) --- */

static void tsv_cells(sbuf *b, report *rp, int first, int count)
{
	for (int i = 0; i < count; i++) {
		sb_char(b, '\t');
		put_cell(b, rp, first + i);
	}
	sb_char(b, '\n');
}

static void tsv_table2(sbuf *b, report *rp)
{
	sb_puts(b, "第二十条第（一）项\n\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章");
	tsv_cells(b, rp, A_REG_ISSUED, 3);
	sb_puts(b, "行政规范性文件");
	tsv_cells(b, rp, A_NORM_ISSUED, 3);
	sb_puts(b, "第二十条第（五）项\t\t\t\n信息内容\t本年处理决定数量\t\t\n行政许可\t");
	put_cell(b, rp, A_LICENSING);
	sb_puts(b, "\t\t\n第二十条第（六）项\t\t\t\n信息内容\t本年处理决定数量\t\t\n行政处罚\t");
	put_cell(b, rp, A_PENALTY);
	sb_puts(b, "\t\t\n行政强制\t");
	put_cell(b, rp, A_COERCION);
	sb_puts(b, "\t\t\n第二十条第（八）项\t\t\t\n信息内容\t本年收费金额（单位：万元）\t\t\n行政事业性收费\t");
	put_cell(b, rp, A_FEES);
	sb_puts(b, "\t\t\n\n");
}

static void tsv_table3(sbuf *b, report *rp)
{
	sb_printf(b, "%s\t\t\t申请人情况\t\t\t\t\t\t\n", t3_rule_note);
	sb_puts(b, "\t\t\t自然人\t法人或其他组织\t\t\t\t\t总计\n");
	sb_puts(b, "\t\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t\n");
	for (int row = 0; row < T3_ROWS; row++) {
		const char *group = t3_group_label(row);
		if (row == T3_NEW || row == T3_CARRIED_OVER || row == T3_CARRIED_FORWARD)
			sb_printf(b, "%s\t\t", t3_row_label[row]);
		else if (row == T3_GRANTED)
			sb_printf(b, "三、本年度办理结果\t%s\t", t3_row_label[row]);
		else if (row == 3 || row == T3_TOTAL_PROCESSED)
			sb_printf(b, "\t%s\t", t3_row_label[row]);
		else if (group)
			sb_printf(b, "\t%s\t%s", group, t3_row_label[row]);
		else
			sb_printf(b, "\t\t%s", t3_row_label[row]);
		tsv_cells(b, rp, T3(row, 0), T3_COLS);
	}
	sb_char(b, '\n');
}

static void tsv_table4(sbuf *b, report *rp)
{
	sb_puts(b, "行政复议\t\t\t\t\t行政诉讼\t\t\t\t\t\t\t\t\t\n");
	sb_puts(b, "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉\t\t\t\t\n");
	sb_puts(b, "\t\t\t\t\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n");
	for (int i = 0; i < T4_GROUPS * T4_COLS; i++) {
		if (i)
			sb_char(b, '\t');
		put_cell(b, rp, T4(0, 0) + i);
	}
	sb_puts(b, "\n\n");
}

static void render_tsv(sbuf *b, report *rp, const doc *d)
{
	sb_printf(b, "\n\n# %s\n\n发布日期：%d年%d月%d日\n\n", d->title, rp->year + 1, rp->pub_month, rp->pub_day);
	for (int i = 0; i < d->block_count; i++) {
		switch (d->block_kind[i]) {
		case B_PART:
			rp->parts[d->block_part[i]] = b->line;
			sb_printf(b, "### %s\n\n", block_text(d, i));
			break;
		case B_SUB:
			sb_printf(b, "**%s**\n\n", block_text(d, i));
			break;
		case B_PARA:
			put_text(b, block_text(d, i));
			sb_puts(b, "\n\n");
			break;
		case B_TABLE2: tsv_table2(b, rp); break;
		case B_TABLE3: tsv_table3(b, rp); break;
		case B_TABLE4: tsv_table4(b, rp); break;
		default: break;
		}
	}
}

/* --- layout: pdftotext -layout (huaian_2024.layout.txt) --- */

enum {
	LAY_WRAP = 30,       /* characters per line of prose */
	LAY_PAGE = 46,       /* lines between page footers */
	LAY_NUM_COL = 40,    /* table 3: first number column */
	LAY_NUM_WIDTH = 9,   /* table 3: column pitch */
	LAY_LABEL_MAX = 29,  /* table 3: labels wrap here, as in a narrow PDF column */
	LAY_T2_COL = 22,     /* table 2: first number column */
	LAY_T2_WIDTH = 15,
	LAY_T4_WIDTH = 7,    /* table 4: column pitch */
};

/* One line being laid out; col counts characters as pdftotext does. */
typedef struct layline {
	char buf[2048];
	size_t len;
	unsigned col;
} layline;

typedef struct laystate {
	layline l;
	uint32_t page_start; /* line where the current page began */
	int page;
} laystate;

static void ll_put(layline *l, const char *s, size_t n)
{
	if (l->len >= sizeof l->buf - 1)
		return;
	size_t room = sizeof l->buf - 1 - l->len; /* a line never outgrows buf; cut if it would */
	if (n > room)
		n = room;
	memcpy(l->buf + l->len, s, n);
	l->len += n;
	l->col += utf8_chars(s, n);
}

static void ll_puts(layline *l, const char *s) { ll_put(l, s, strlen(s)); }

static void ll_pad(layline *l, unsigned col)
{
	while (l->col < col && l->len + 1 < sizeof l->buf) {
		l->buf[l->len++] = ' ';
		l->col++;
	}
}

/* Pads to col, keeping at least one space after earlier text. */
static void ll_at(layline *l, unsigned col)
{
	if (l->col >= col && l->len)
		ll_put(l, " ", 1);
	else
		ll_pad(l, col);
}

static void ll_flush(sbuf *b, layline *l)
{
	while (l->len && l->buf[l->len - 1] == ' ')
		l->len--;
	sb_put(b, l->buf, l->len);
	sb_char(b, '\n');
	l->len = 0;
	l->col = 0;
}

static void ll_cell(sbuf *b, layline *l, report *rp, int cell)
{
	char raw[32];
	size_t n = cell_raw(rp, cell, raw);
	rp->line[cell] = b->line; /* the line being built is the next one written */
	ll_put(l, raw, n);
}

/* A page footer ("-3-") once a page is full; called only between rows. */
static void lay_boundary(sbuf *b, laystate *st)
{
	if (b->line - st->page_start < LAY_PAGE)
		return;
	st->page++;
	sb_printf(b, "\n%42s-%d-\n", "", st->page);
	st->page_start = b->line;
}

/* Closing punctuation never starts a line (kinsoku): it hangs on the last one. */
static bool lay_hangs(const char *p, size_t n)
{
	static const char *const closers[] = { "，", "。", "、", "；", "：", "）", "》", "”", "〉", "！", "？", NULL };
	for (const char *const *c = closers; *c; c++)
		if (strlen(*c) == n && memcmp(*c, p, n) == 0)
			return true;
	return false;
}

/* Prose wrapped at LAY_WRAP characters (the indent included); a figure is
 * never split, closing punctuation never starts a line. */
static void lay_prose(sbuf *b, laystate *st, const char *s, unsigned indent)
{
	layline *l = &st->l;
	ll_pad(l, indent);
	const char *p = s;
	while (*p) {
		const char *tok = p;
		size_t n;
		unsigned w;
		if (*p == MARK) {
			const char *end = strchr(p + 1, MARK);
			if (!end)
				end = p + strlen(p) - 1;
			n = (size_t)(end - p) + 1;
			w = (unsigned)(end - p) + 1; /* digits plus two spaces */
		} else {
			n = 1;
			while ((((unsigned char)p[n]) & 0xC0) == 0x80)
				n++;
			w = 1;
		}
		if (l->col + w > LAY_WRAP && l->col > indent && !(*tok != MARK && lay_hangs(tok, n))) {
			ll_flush(b, l);
			lay_boundary(b, st);
		}
		if (*tok == MARK) {
			if (l->len && l->buf[l->len - 1] != ' ')
				ll_put(l, " ", 1);
			ll_put(l, tok + 1, n - 2);
			ll_put(l, " ", 1);
		} else {
			ll_put(l, tok, n);
		}
		p += n;
	}
	ll_flush(b, l);
	lay_boundary(b, st);
}

/* Splits s into chunks of at most `width` characters; returns their count. */
static int lay_chunks(const char *s, unsigned width, const char **start, size_t *len, int max)
{
	int n = 0;
	while (*s && n < max) {
		size_t bytes = utf8_prefix(s, width);
		start[n] = s;
		len[n] = bytes;
		n++;
		s += bytes;
	}
	return n;
}

static void lay_t3_numbers(sbuf *b, layline *l, report *rp, int row)
{
	for (int c = 0; c < T3_COLS; c++) {
		ll_at(l, LAY_NUM_COL + (unsigned)c * LAY_NUM_WIDTH);
		ll_cell(b, l, rp, T3(row, c));
	}
}

/* A table-3 row: its label wrapped to the label area, the numbers on the
 * line alone between two halves of a label, or on the middle chunk. */
static void lay_t3_row(sbuf *b, laystate *st, report *rp, int row, unsigned indent)
{
	layline *l = &st->l;
	const char *start[6];
	size_t len[6];
	int n = lay_chunks(t3_row_label[row], LAY_LABEL_MAX - indent, start, len, 6);
	if (n == 1) {
		ll_pad(l, indent);
		ll_put(l, start[0], len[0]);
		lay_t3_numbers(b, l, rp, row);
		ll_flush(b, l);
	} else if (n == 2) {
		ll_pad(l, indent);
		ll_put(l, start[0], len[0]);
		ll_flush(b, l);
		lay_t3_numbers(b, l, rp, row);
		ll_flush(b, l);
		ll_pad(l, indent);
		ll_put(l, start[1], len[1]);
		ll_flush(b, l);
	} else {
		for (int i = 0; i < n; i++) {
			ll_pad(l, indent);
			ll_put(l, start[i], len[i]);
			if (i == n / 2)
				lay_t3_numbers(b, l, rp, row);
			ll_flush(b, l);
		}
	}
	sb_char(b, '\n');
	lay_boundary(b, st);
}

static void lay_t2_row(sbuf *b, laystate *st, report *rp, const char *label, int first, int count)
{
	layline *l = &st->l;
	ll_puts(l, label);
	for (int i = 0; i < count; i++) {
		ll_at(l, LAY_T2_COL + (unsigned)i * LAY_T2_WIDTH);
		ll_cell(b, l, rp, first + i);
	}
	ll_flush(b, l);
	sb_char(b, '\n');
	lay_boundary(b, st);
}

static void lay_t2_head(sbuf *b, laystate *st, const char *item, const char *const *cols, int count)
{
	layline *l = &st->l;
	sb_printf(b, "%s\n\n", item);
	ll_puts(l, "信息内容");
	for (int i = 0; i < count; i++) {
		ll_at(l, LAY_T2_COL + (unsigned)i * LAY_T2_WIDTH);
		ll_puts(l, cols[i]);
	}
	ll_flush(b, l);
	sb_char(b, '\n');
	lay_boundary(b, st);
}

static void lay_table2(sbuf *b, laystate *st, report *rp)
{
	static const char *const docs[] = { "本年制发件数", "本年废止件数", "现行有效件数" };
	static const char *const decisions[] = { "本年处理决定数量" };
	static const char *const fees[] = { "本年收费金额（单位：万元）" };
	lay_t2_head(b, st, "第二十条 第（一）项", docs, 3);
	lay_t2_row(b, st, rp, "规章", A_REG_ISSUED, 3);
	lay_t2_row(b, st, rp, "行政规范性文件", A_NORM_ISSUED, 3);
	lay_t2_head(b, st, "第二十条 第（五）项", decisions, 1);
	lay_t2_row(b, st, rp, "行政许可", A_LICENSING, 1);
	lay_t2_head(b, st, "第二十条 第（六）项", decisions, 1);
	lay_t2_row(b, st, rp, "行政处罚", A_PENALTY, 1);
	lay_t2_row(b, st, rp, "行政强制", A_COERCION, 1);
	lay_t2_head(b, st, "第二十条 第（八）项", fees, 1);
	lay_t2_row(b, st, rp, "行政事业性收费", A_FEES, 1);
	sb_char(b, '\n');
}

static void lay_table3(sbuf *b, laystate *st, report *rp)
{
	layline *l = &st->l;
	static const char *const org1[] = { "商业企业", "科研机构", "社会公益", "法律服务", "其他" };
	static const char *const org2[] = { "", "", "组织", "机构", "" };
	ll_pad(l, 57);
	ll_puts(l, "申请人情况");
	ll_flush(b, l);
	ll_puts(l, "（本列数据的勾稽关系为：第一项加第二项之和，");
	ll_at(l, LAY_NUM_COL + LAY_NUM_WIDTH + 6);
	ll_puts(l, "法人或其他组织");
	ll_flush(b, l);
	ll_puts(l, "等于第三项加第四项之和）");
	ll_flush(b, l);
	ll_pad(l, LAY_NUM_COL);
	ll_puts(l, "自然人");
	ll_pad(l, LAY_NUM_COL + 6 * LAY_NUM_WIDTH);
	ll_puts(l, "总计");
	ll_flush(b, l);
	for (int i = 0; i < 5; i++) {
		ll_pad(l, LAY_NUM_COL + (unsigned)(i + 1) * LAY_NUM_WIDTH);
		ll_puts(l, org1[i]);
	}
	ll_flush(b, l);
	for (int i = 0; i < 5; i++) {
		ll_pad(l, LAY_NUM_COL + (unsigned)(i + 1) * LAY_NUM_WIDTH);
		ll_puts(l, org2[i]);
	}
	ll_flush(b, l);
	sb_char(b, '\n');
	for (int row = 0; row < T3_ROWS; row++) {
		const char *group = t3_group_label(row);
		if (row == T3_GRANTED) {
			ll_puts(l, "三、本年度办理结果");
			ll_flush(b, l);
		}
		if (group) {
			ll_pad(l, 6);
			ll_puts(l, group);
			ll_flush(b, l);
		}
		unsigned indent = t3_is_item(row) && row >= T3_DENIED_FIRST ? 13 : (row >= T3_GRANTED && row <= T3_TOTAL_PROCESSED ? 6 : 0);
		lay_t3_row(b, st, rp, row, indent);
	}
	sb_char(b, '\n');
}

static void lay_table4(sbuf *b, laystate *st, report *rp)
{
	layline *l = &st->l;
	static const char *const top[] = { "结果", "结果", "其他", "尚未", "总计" };
	static const char *const bottom[] = { "维持", "纠正", "结果", "审结", "" };
	ll_puts(l, "行政复议");
	ll_pad(l, 5 * LAY_T4_WIDTH + 28);
	ll_puts(l, "行政诉讼");
	ll_flush(b, l);
	sb_char(b, '\n');
	ll_pad(l, 5 * LAY_T4_WIDTH);
	ll_puts(l, "未经复议直接起诉");
	ll_pad(l, 10 * LAY_T4_WIDTH);
	ll_puts(l, "复议后起诉");
	ll_flush(b, l);
	for (int i = 0; i < T4_GROUPS * T4_COLS; i++) {
		ll_pad(l, (unsigned)i * LAY_T4_WIDTH);
		ll_puts(l, top[i % T4_COLS]);
	}
	ll_flush(b, l);
	for (int i = 0; i < T4_GROUPS * T4_COLS; i++) {
		ll_pad(l, (unsigned)i * LAY_T4_WIDTH);
		ll_puts(l, bottom[i % T4_COLS]);
	}
	ll_flush(b, l);
	sb_char(b, '\n');
	for (int i = 0; i < T4_GROUPS * T4_COLS; i++) {
		ll_at(l, (unsigned)i * LAY_T4_WIDTH);
		ll_cell(b, l, rp, T4(0, 0) + i);
	}
	ll_flush(b, l);
	sb_puts(b, "\n\n");
	lay_boundary(b, st);
}

static void render_layout(sbuf *b, report *rp, const doc *d, const body *bd)
{
	laystate st = { .page_start = 1, .page = 0 };
	unsigned name_chars = utf8_chars(bd->name, strlen(bd->name));
	unsigned centre = name_chars < 30 ? (30 - name_chars) / 2 + 6 : 0;
	/* the title as pdftotext breaks a centred two-line heading */
	sb_printf(b, "\n%*s%s\n     %d 年%s政府信息公开工作年度报告\n\n", (int)centre, "", bd->name, rp->year,
		  strstr(d->title, "年度政府") ? "度" : "");
	sb_printf(b, "%30s发布日期：%s\n\n", "", d->published);
	for (int i = 0; i < d->block_count; i++) {
		switch (d->block_kind[i]) {
		case B_PART:
			lay_boundary(b, &st);
			rp->parts[d->block_part[i]] = b->line;
			sb_printf(b, "   %s\n", block_text(d, i));
			break;
		case B_SUB:
			sb_printf(b, "   %s\n", block_text(d, i));
			break;
		case B_PARA:
			lay_prose(b, &st, block_text(d, i), 3);
			break;
		case B_TABLE2: lay_table2(b, &st, rp); break;
		case B_TABLE3: lay_table3(b, &st, rp); break;
		case B_TABLE4: lay_table4(b, &st, rp); break;
		default: break;
		}
	}
	st.page++;
	sb_printf(b, "\n\n-%d-\n", st.page);
}

/* --- html: one <table> per table (shuyang_fgj_2023.html) --- */

/* A <td> on its own line; an empty cell prints &nbsp;. */
static void html_cell(sbuf *b, report *rp, int cell, const char *attr)
{
	sb_printf(b, "<td%s>", attr);
	if (rp->blank[cell]) {
		rp->line[cell] = b->line;
		sb_puts(b, "&nbsp;");
	} else {
		put_cell(b, rp, cell);
	}
	sb_puts(b, "</td>\n");
}

static void html_label(sbuf *b, const char *text, const char *attr)
{
	sb_printf(b, "<td%s>%s</td>\n", attr, text);
}

static void html_table2(sbuf *b, report *rp)
{
	static const char span3[] = " colspan=\"3\"";
	sb_puts(b, "<table border=\"1\" cellspacing=\"0\" cellpadding=\"2\">\n<tbody>\n");
	sb_puts(b, "<tr>\n<td colspan=\"4\">第二十条第（一）项</td>\n</tr>\n<tr>\n");
	html_label(b, "信息内容", "");
	html_label(b, "本年制发件数", "");
	html_label(b, "本年废止件数", "");
	html_label(b, "现行有效件数", "");
	sb_puts(b, "</tr>\n<tr>\n");
	html_label(b, "规章", "");
	for (int i = A_REG_ISSUED; i <= A_REG_VALID; i++)
		html_cell(b, rp, i, "");
	sb_puts(b, "</tr>\n<tr>\n");
	html_label(b, "行政规范性文件", "");
	for (int i = A_NORM_ISSUED; i <= A_NORM_VALID; i++)
		html_cell(b, rp, i, "");
	static const struct {
		const char *item, *head, *label;
		int cell;
	} single[] = {
		{ "第二十条第（五）项", "本年处理决定数量", "行政许可", A_LICENSING },
		{ "第二十条第（六）项", "本年处理决定数量", "行政处罚", A_PENALTY },
		{ NULL, NULL, "行政强制", A_COERCION },
		{ "第二十条第（八）项", "本年收费金额（单位：万元）", "行政事业性收费", A_FEES },
	};
	for (size_t i = 0; i < sizeof single / sizeof single[0]; i++) {
		if (single[i].item) {
			sb_printf(b, "</tr>\n<tr>\n<td colspan=\"4\">%s</td>\n</tr>\n<tr>\n", single[i].item);
			html_label(b, "信息内容", "");
			html_label(b, single[i].head, span3);
		}
		sb_puts(b, "</tr>\n<tr>\n");
		html_label(b, single[i].label, "");
		html_cell(b, rp, single[i].cell, span3);
	}
	sb_puts(b, "</tr>\n</tbody>\n</table>\n");
}

static void html_table3(sbuf *b, report *rp)
{
	sb_puts(b, "<table border=\"1\" cellspacing=\"0\" cellpadding=\"2\">\n<tbody>\n<tr>\n");
	html_label(b, t3_rule_note, " colspan=\"3\" rowspan=\"3\"");
	html_label(b, "申请人情况", " colspan=\"7\"");
	sb_puts(b, "</tr>\n<tr>\n");
	html_label(b, "自然人", " rowspan=\"2\"");
	html_label(b, "法人或其他组织", " colspan=\"5\"");
	html_label(b, "总计", " rowspan=\"2\"");
	sb_puts(b, "</tr>\n<tr>\n");
	html_label(b, "商业企业", "");
	html_label(b, "科研机构", "");
	html_label(b, "社会公益组织", "");
	html_label(b, "法律服务机构", "");
	html_label(b, "其他", "");
	sb_puts(b, "</tr>\n");
	for (int row = 0; row < T3_ROWS; row++) {
		const char *group = t3_group_label(row);
		sb_puts(b, "<tr>\n");
		if (row == T3_NEW || row == T3_CARRIED_OVER || row == T3_CARRIED_FORWARD) {
			html_label(b, t3_row_label[row], " colspan=\"3\"");
		} else {
			if (row == T3_GRANTED)
				html_label(b, "三、本年度办理结果", " rowspan=\"22\"");
			if (group) {
				char attr[32];
				snprintf(attr, sizeof attr, " rowspan=\"%d\"", t3_group_span(row));
				html_label(b, group, attr);
				html_label(b, t3_row_label[row], "");
			} else if (t3_is_item(row) && row >= T3_DENIED_FIRST) {
				html_label(b, t3_row_label[row], "");
			} else {
				html_label(b, t3_row_label[row], " colspan=\"2\"");
			}
		}
		for (int c = 0; c < T3_COLS; c++)
			html_cell(b, rp, T3(row, c), "");
		sb_puts(b, "</tr>\n");
	}
	sb_puts(b, "</tbody>\n</table>\n");
}

static void html_table4(sbuf *b, report *rp)
{
	static const char *const heads[] = { "结果维持", "结果纠正", "其他结果", "尚未审结", "总计" };
	sb_puts(b, "<table border=\"1\" cellspacing=\"0\" cellpadding=\"2\">\n<tbody>\n<tr>\n");
	html_label(b, "行政复议", " colspan=\"5\"");
	html_label(b, "行政诉讼", " colspan=\"10\"");
	sb_puts(b, "</tr>\n<tr>\n");
	for (int i = 0; i < 5; i++)
		html_label(b, heads[i], " rowspan=\"2\"");
	html_label(b, "未经复议直接起诉", " colspan=\"5\"");
	html_label(b, "复议后起诉", " colspan=\"5\"");
	sb_puts(b, "</tr>\n<tr>\n");
	for (int i = 0; i < 10; i++)
		html_label(b, heads[i % 5], "");
	sb_puts(b, "</tr>\n<tr>\n");
	for (int i = 0; i < T4_GROUPS * T4_COLS; i++)
		html_cell(b, rp, T4(0, 0) + i, "");
	sb_puts(b, "</tr>\n</tbody>\n</table>\n");
}

static void render_html(sbuf *b, report *rp, const doc *d)
{
	sb_printf(b, "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>%s</title>\n</head>\n"
		     "<body>\n<div class=\"article\">\n<h1>%s</h1>\n<p class=\"info\">发布日期：%s</p>\n",
		  d->title, d->title, d->published);
	for (int i = 0; i < d->block_count; i++) {
		switch (d->block_kind[i]) {
		case B_PART:
			rp->parts[d->block_part[i]] = b->line;
			sb_printf(b, "<p><strong>%s</strong></p>\n", block_text(d, i));
			break;
		case B_SUB:
			sb_printf(b, "<p><strong>%s</strong></p>\n", block_text(d, i));
			break;
		case B_PARA:
			sb_puts(b, "<p>");
			put_text(b, block_text(d, i));
			sb_puts(b, "</p>\n");
			break;
		case B_TABLE2: html_table2(b, rp); break;
		case B_TABLE3: html_table3(b, rp); break;
		case B_TABLE4: html_table4(b, rp); break;
		default: break;
		}
	}
	sb_puts(b, "</div>\n</body>\n</html>\n");
}

/* ---------------------------------------------------------------- truth */

static void json_str(sbuf *b, const char *s)
{
	sb_char(b, '"');
	for (const char *p = s; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		if (ch == '"' || ch == '\\') {
			sb_char(b, '\\');
			sb_char(b, (char)ch);
		} else if (ch < 0x20) {
			sb_printf(b, "\\u%04x", ch);
		} else {
			sb_char(b, (char)ch);
		}
	}
	sb_char(b, '"');
}

/* The value of a cell as JSON: null when blank. */
static void json_cell_value(sbuf *b, const report *rp, int cell)
{
	char raw[32];
	if (rp->blank[cell]) {
		sb_puts(b, "null");
		return;
	}
	sb_put(b, raw, cell_raw(rp, cell, raw));
}

/* One row of a table as {"col": value, …}; plain appends, as this and the
 * cells below are the hot path of --truth. */
static void json_group(sbuf *b, const report *rp, const char *key, const char *const *cols, int first,
		       int count, bool last)
{
	sb_puts(b, "    \"");
	sb_puts(b, key);
	sb_puts(b, "\": {");
	for (int i = 0; i < count; i++) {
		sb_puts(b, i ? ", \"" : "\"");
		sb_puts(b, cols[i]);
		sb_puts(b, "\": ");
		json_cell_value(b, rp, first + i);
	}
	sb_puts(b, last ? "}\n" : "},\n");
}

static void write_truth(sbuf *b, const body *bd, const report *rp, const char *file, const char *sha)
{
	static const char *const t2_docs[] = { "issued", "repealed", "valid" };
	static const char *const t2_decisions[] = { "decisions" };
	static const char *const t2_fees[] = { "amount" };
	sb_puts(b, "{\n  \"schema\": \"xxgk.report/1\",\n  \"source\": {\"name\": ");
	json_str(b, file);
	sb_printf(b, ", \"sha256\": \"%s\", \"format\": \"%s\", \"encoding\": \"utf-8\", \"script\": \"simplified\"},\n",
		  sha, layout_format[rp->layout]);
	sb_puts(b, "  \"agency\": {\"name\": ");
	json_str(b, bd->name);
	sb_printf(b, ", \"region_code\": \"%s\", \"region_path\": [", bd->code);
	for (int i = 0; i < bd->path_count; i++) {
		if (i)
			sb_puts(b, ", ");
		json_str(b, bd->path[i]);
	}
	sb_printf(b, "], \"level\": \"%s\"},\n", level_name[bd->level]);
	sb_printf(b, "  \"year\": %d,\n  \"template\": \"2021\",\n  \"published\": \"%04d-%02d-%02d\",\n", rp->year,
		  rp->year + 1, rp->pub_month, rp->pub_day);
	sb_printf(b, "  \"layout\": \"%s\",\n  \"parts\": [", layout_name[rp->layout]);
	for (int i = 0; i < 6; i++)
		sb_printf(b, "%s%" PRIu32, i ? ", " : "", rp->parts[i]);
	sb_puts(b, "],\n  \"active\": {\n");
	json_group(b, rp, "regulations", t2_docs, A_REG_ISSUED, 3, false);
	json_group(b, rp, "normative_documents", t2_docs, A_NORM_ISSUED, 3, false);
	json_group(b, rp, "licensing", t2_decisions, A_LICENSING, 1, false);
	json_group(b, rp, "penalty", t2_decisions, A_PENALTY, 1, false);
	json_group(b, rp, "coercion", t2_decisions, A_COERCION, 1, false);
	json_group(b, rp, "fees", t2_fees, A_FEES, 1, true);
	sb_puts(b, "  },\n  \"applications\": {\n");
	for (int row = 0; row < T3_ROWS; row++)
		json_group(b, rp, t3_row_key[row], t3_col_key, T3(row, 0), T3_COLS, row == T3_ROWS - 1);
	sb_puts(b, "  },\n  \"reviews\": {\n");
	for (int g = 0; g < T4_GROUPS; g++)
		json_group(b, rp, t4_group_key[g], t4_col_key, T4(g, 0), T4_COLS, g == T4_GROUPS - 1);
	/* one cell per line, compact: 200 of them are most of the file */
	sb_puts(b, "  },\n  \"cells\": {\n");
	for (int cell = 0; cell < CELL_COUNT; cell++) {
		char raw[32];
		size_t n = cell_raw(rp, cell, raw);
		sb_puts(b, "  \"");
		sb_puts(b, cell_path[cell]);
		sb_puts(b, "\":{\"raw\":\"");
		sb_put(b, raw, n);
		sb_puts(b, rp->blank[cell] ? "\",\"kind\":\"blank\",\"line\":" : "\",\"kind\":\"number\",\"line\":");
		sb_i64(b, rp->line[cell]);
		sb_puts(b, cell == CELL_COUNT - 1 ? "}\n" : "},\n");
	}
	sb_puts(b, "  },\n  \"warnings\": [],\n  \"narrative\": {");
	for (int i = 0; i < rp->cite_count; i++) {
		if (rp->cite_cell[i] == T4(0, T4_TOTAL) && rp->t4_form == 2) {
			sb_printf(b, "%s\"%s+%s+%s\": %" PRId64, i ? ", " : "", cell_path[T4(0, T4_TOTAL)],
				  cell_path[T4(1, T4_TOTAL)], cell_path[T4(2, T4_TOTAL)], rp->joint_said);
			continue;
		}
		sb_printf(b, "%s\"%s\": %" PRId64, i ? ", " : "", cell_path[rp->cite_cell[i]], rp->cite_value[i]);
		if (rp->cite_cell[i] == T4(0, T4_TOTAL) && rp->t4_form == 1)
			sb_printf(b, ", \"%s+%s\": %" PRId64, cell_path[T4(1, T4_TOTAL)], cell_path[T4(2, T4_TOTAL)],
				  rp->litigation_said);
	}
	sb_puts(b, "},\n  \"planted\": [");
	for (int i = 0; i < rp->plant_count; i++) {
		const planted *p = &rp->plants[i];
		sb_printf(b, "%s\n    {\"kind\": \"%s\", \"where\": ", i ? "," : "", plant_kind_name[p->kind]);
		json_str(b, p->where);
		sb_puts(b, ", \"detail\": ");
		json_str(b, p->detail);
		sb_char(b, '}');
	}
	sb_puts(b, rp->plant_count ? "\n  ]\n}\n" : "]\n}\n");
}

/* -------------------------------------------------------------- output */

typedef struct synth_opts {
	const char *out_dir;
	long bodies;
	int year_first, year_last;
	uint64_t seed;
	double error_rate;
	unsigned error_kinds; /* bit set of enum plant_kind */
	int blank_cells;      /* zero cells a blank plant prints empty; -1: all */
	bool blank_totals;    /* a blank plant may empty a zero row's total too */
	double outlier_rate;
	unsigned layouts; /* bit set of enum layout */
	const char *gazetteer;
	bool truth;
} synth_opts;

typedef struct synth_ctx {
	synth_opts opts;
	gazetteer gz;
	sbuf doc_out;    /* the report being written */
	sbuf truth_out;  /* its truth */
	doc doc;
	FILE *manifest;
	FILE *planted_csv;
	FILE *bodies_csv;
	long reports;
	long plant_counts[P_KIND_COUNT];
	long level_counts[LEVEL_COUNT];
	char path[PATH_CAP];
	char err[PATH_CAP + 256];
} synth_ctx;

/* Writes data[len] to DIR/name, replacing any file there. */
static int write_file(synth_ctx *ctx, const char *name, const char *data, size_t len)
{
	if ((size_t)snprintf(ctx->path, sizeof ctx->path, "%s/%s", ctx->opts.out_dir, name) >= sizeof ctx->path) {
		snprintf(ctx->err, sizeof ctx->err, "%s: output path too long", ctx->opts.out_dir);
		return SYNTH_EINVAL;
	}
	int fd = open(ctx->path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		goto fail;
	while (len) {
		ssize_t n = write(fd, data, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int saved = errno;
			close(fd);
			errno = saved;
			goto fail;
		}
		data += n;
		len -= (size_t)n;
	}
	if (close(fd) != 0)
		goto fail;
	return SYNTH_OK;
fail:
	snprintf(ctx->err, sizeof ctx->err, "%s: %s", ctx->path, strerror(errno));
	return SYNTH_EIO;
}

/* A CSV field, quoted when it holds a comma, quote or newline. */
static void csv_field(FILE *f, const char *s)
{
	if (!strpbrk(s, ",\"\n")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			fputc('"', f);
		fputc(*p, f);
	}
	fputc('"', f);
}

/* Generates, renders and writes every year of one body. */
static int emit_body(synth_ctx *ctx, body *bd)
{
	const synth_opts *o = &ctx->opts;
	rng r;
	rng_seed(&r, o->seed, bd->index + 1);
	int year_count = o->year_last - o->year_first + 1;
	body_model m;
	model_init(&m, bd, &r, year_count, o->outlier_rate);
	int layouts[LAYOUT_COUNT], layout_count = 0;
	for (int i = 0; i < LAYOUT_COUNT; i++)
		if (o->layouts & (1u << i))
			layouts[layout_count++] = i;
	report rp;
	ctx->level_counts[bd->level]++;
	{
		/* the body's own parameters, for a fair evaluation (README.md, "bodies.csv") */
		static const char *const low_fig[] = { "new_received", "penalty", "licensing" };
		double denied = 0;
		for (int i = 0; i < T3_DENIED_COUNT; i++)
			denied += m.outcome[2 + i];
		const char *fig = m.outlier == OUTLIER_JUMP ? (m.jump_penalty ? "penalty" : "new_received")
				: m.outlier == OUTLIER_LOW ? low_fig[m.low_figure]
				: m.outlier == OUTLIER_COUNT ? "penalty"
				: m.outlier == OUTLIER_SHARE ? "denied" : "";
		bool dated = m.outlier == OUTLIER_JUMP || m.outlier == OUTLIER_LOW;
		int year = dated ? o->year_first + m.jump_year : 0;
		fprintf(ctx->bodies_csv, "%s_%s,%s,%s,%s,%.4g,%.4g,%.4g,%.4g,%.4g,%.4g,%s,%s,", bd->code, bd->slug, bd->code,
			level_name[bd->level], bd->dept >= 0 ? dept_kinds[bd->dept].slug : "", m.app_rate, m.licensing,
			m.penalty, m.coercion, denied, m.p_forward, outlier_name[m.outlier], fig);
		if (dated)
			fprintf(ctx->bodies_csv, "%d,", year);
		else
			fputc(',', ctx->bodies_csv);
		/* the year after a jump or a zero returns to normal: a change, not a planted one */
		if (dated && year < o->year_last)
			fprintf(ctx->bodies_csv, "%d\n", year + 1);
		else
			fputc('\n', ctx->bodies_csv);
	}
	for (int yi = 0; yi < year_count; yi++) {
		int64_t prev_new = m.prev_new_total, prev_penalty = m.prev_penalty;
		int64_t prev_forward_total = 0;
		for (int c = 0; c < T3_APPLICANTS; c++)
			prev_forward_total += m.forward[c];
		gen_year(&rp, &m, bd, &r, o->year_first + yi, yi);
		rp.layout = layouts[rng_int(&r, layout_count)];
		plant_report(&rp, &m, &r, o->error_rate, o->error_kinds, o->blank_cells, o->blank_totals, m.jump_penalty ? prev_penalty : prev_new,
			     prev_forward_total);
		doc_build(&ctx->doc, bd, &rp, &r);

		sbuf *out = &ctx->doc_out;
		sb_reset(out);
		switch (rp.layout) {
		case LAYOUT_LINES: render_lines(out, &rp, &ctx->doc); break;
		case LAYOUT_TSV: render_tsv(out, &rp, &ctx->doc); break;
		case LAYOUT_LAYOUT: render_layout(out, &rp, &ctx->doc, bd); break;
		default: render_html(out, &rp, &ctx->doc); break;
		}
		if (out->oom || ctx->doc.text.oom) {
			snprintf(ctx->err, sizeof ctx->err, "out of memory rendering %s %d", bd->code, rp.year);
			return SYNTH_ENOMEM;
		}
		char stem[64], file[80];
		snprintf(stem, sizeof stem, "%s_%d_%s", bd->code, rp.year, bd->slug);
		snprintf(file, sizeof file, "%s.%s", stem, layout_ext[rp.layout]);
		int rc = write_file(ctx, file, out->data, out->len);
		if (rc)
			return rc;
		if (o->truth) {
			char sha[65], name[96];
			sha256_hex(out->data, out->len, sha);
			sbuf *t = &ctx->truth_out;
			sb_reset(t);
			write_truth(t, bd, &rp, file, sha);
			if (t->oom) {
				snprintf(ctx->err, sizeof ctx->err, "out of memory writing the truth of %s", file);
				return SYNTH_ENOMEM;
			}
			snprintf(name, sizeof name, "%s.truth.json", stem);
			if ((rc = write_file(ctx, name, t->data, t->len)) != SYNTH_OK)
				return rc;
		}
		fprintf(ctx->manifest, "%s,%s,%s\n", file, bd->code, level_name[bd->level]);
		for (int i = 0; i < rp.plant_count; i++) {
			const planted *p = &rp.plants[i];
			fprintf(ctx->planted_csv, "%s,%s,%s,%d,%s,", file, bd->code, level_name[bd->level], rp.year,
				plant_kind_name[p->kind]);
			csv_field(ctx->planted_csv, p->where);
			fputc(',', ctx->planted_csv);
			csv_field(ctx->planted_csv, p->detail);
			fputc('\n', ctx->planted_csv);
			ctx->plant_counts[p->kind]++;
		}
		ctx->reports++;
	}
	if (ferror(ctx->manifest) || ferror(ctx->planted_csv) || ferror(ctx->bodies_csv)) {
		snprintf(ctx->err, sizeof ctx->err, "%s: writing manifest.csv or planted.csv failed", o->out_dir);
		return SYNTH_EIO;
	}
	return SYNTH_OK;
}

/* ------------------------------------------------------------ selection */

/* How the narrative names the body itself, by the last character(s). */
static const char *self_name(const char *name, int level)
{
	if (level == LEVEL_DEPARTMENT)
		return "我局";
	if (ends_with(name, "街道") || ends_with(name, "街道办事处"))
		return "我街道";
	if (ends_with(name, "镇") || ends_with(name, "镇人民政府"))
		return "我镇";
	if (ends_with(name, "乡") || ends_with(name, "乡人民政府"))
		return "我乡";
	if (ends_with(name, "区") || ends_with(name, "区人民政府"))
		return "我区";
	if (ends_with(name, "县") || ends_with(name, "县人民政府"))
		return "我县";
	if (ends_with(name, "旗") || ends_with(name, "旗人民政府"))
		return "我旗";
	if (ends_with(name, "州") || ends_with(name, "州人民政府"))
		return "我州";
	if (ends_with(name, "市") || ends_with(name, "市人民政府"))
		return "我市";
	return "本机关";
}

/* region_path of a county-level unit: province, city unless a placeholder, county. */
static void path_county(const gazetteer *gz, const gz_area *a, body *bd)
{
	int prov = a->code / 10000;
	bd->path_count = 0;
	bd->path[bd->path_count++] = gz_name(gz, gz->province_name[prov]);
	if (a->city >= 0 && !gz->cities[a->city].placeholder)
		bd->path[bd->path_count++] = gz_name(gz, gz->cities[a->city].name);
	bd->path[bd->path_count++] = gz_name(gz, a->name);
}

/* Body names draw from their own stream, so they stay put when N changes. */
static rng body_rng(const synth_ctx *ctx, uint64_t index)
{
	rng r;
	rng_seed(&r, ctx->opts.seed ^ UINT64_C(0x5EED5EED5EED5EED), index + 1);
	return r;
}

static void body_common(body *bd, uint64_t index, int level)
{
	memset(bd, 0, sizeof *bd);
	bd->index = index;
	bd->level = level;
	bd->dept = -1;
	bd->slug = "gov";
}

static void body_county(const synth_ctx *ctx, const gz_area *a, uint64_t index, body *bd)
{
	rng r = body_rng(ctx, index);
	body_common(bd, index, LEVEL_COUNTY);
	snprintf(bd->code, sizeof bd->code, "%06" PRId32, a->code);
	snprintf(bd->name, sizeof bd->name, "%s%s", gz_name(&ctx->gz, a->name), rng_chance(&r, 0.8) ? "人民政府" : "");
	bd->self = self_name(gz_name(&ctx->gz, a->name), LEVEL_COUNTY);
	path_county(&ctx->gz, a, bd);
}

static void body_city(const synth_ctx *ctx, const gz_city *c, uint64_t index, body *bd)
{
	const char *name = gz_name(&ctx->gz, c->name);
	body_common(bd, index, LEVEL_CITY);
	snprintf(bd->code, sizeof bd->code, "%04" PRId32, c->code);
	/* 地区 and 盟 are governed by a 行政公署 */
	bool office = ends_with(name, "地区") || ends_with(name, "盟");
	snprintf(bd->name, sizeof bd->name, "%s%s", name, office ? "行政公署" : "人民政府");
	bd->self = ends_with(name, "州") ? "我州" : ends_with(name, "盟") ? "我盟" : office ? "我地区" : "我市";
	bd->path_count = 0;
	bd->path[bd->path_count++] = gz_name(&ctx->gz, ctx->gz.province_name[c->code / 100]);
	bd->path[bd->path_count++] = name;
}

static void body_town(const synth_ctx *ctx, const gz_street *s, uint64_t index, body *bd)
{
	rng r = body_rng(ctx, index);
	const gz_area *a = &ctx->gz.areas[s->area];
	const char *town = gz_name(&ctx->gz, s->name);
	body_common(bd, index, LEVEL_TOWN);
	snprintf(bd->code, sizeof bd->code, "%09" PRId32, s->code);
	const char *suffix = "";
	if (rng_chance(&r, 0.35)) {
		if (ends_with(town, "街道"))
			suffix = "办事处";
		else if (ends_with(town, "镇") || ends_with(town, "乡"))
			suffix = "人民政府";
	}
	snprintf(bd->name, sizeof bd->name, "%s%s%s", gz_name(&ctx->gz, a->name), town, suffix);
	bd->self = self_name(town, LEVEL_TOWN);
	path_county(&ctx->gz, a, bd);
	bd->path[bd->path_count++] = town;
}

static void body_dept(const synth_ctx *ctx, const gz_area *a, int dept, uint64_t index, body *bd)
{
	body_common(bd, index, LEVEL_DEPARTMENT);
	bd->dept = dept;
	bd->slug = dept_kinds[dept].slug;
	snprintf(bd->code, sizeof bd->code, "%06" PRId32, a->code);
	snprintf(bd->name, sizeof bd->name, "%s%s", gz_name(&ctx->gz, a->name), dept_kinds[dept].name);
	bd->self = "我局";
	path_county(&ctx->gz, a, bd);
}

/* Bodies available: the bound on N. */
static long pool_size(const gazetteer *gz)
{
	long n = (long)gz->town_count;
	for (size_t i = 0; i < gz->area_count; i++)
		if (gz->areas[i].gov_ok)
			n += 1 + DEPT_KINDS;
	for (size_t i = 0; i < gz->city_count; i++)
		if (!gz->cities[i].placeholder)
			n++;
	return n;
}

static void shuffle_u32(rng *r, uint32_t *a, size_t n)
{
	for (size_t i = n; i > 1; i--) {
		size_t j = (size_t)rng_below(r, i);
		uint32_t t = a[i - 1];
		a[i - 1] = a[j];
		a[j] = t;
	}
}

static void shuffle_u8(rng *r, uint8_t *a, size_t n)
{
	for (size_t i = n; i > 1; i--) {
		size_t j = (size_t)rng_below(r, i);
		uint8_t t = a[i - 1];
		a[i - 1] = a[j];
		a[j] = t;
	}
}

/* Picks N distinct bodies in county clusters and emits each as it is picked:
 * counties in a shuffled order each give their government, their city's
 * government, a few towns and a few departments, within per-level quotas
 * (60/25/12/3 %); once no quota can be met, the remaining pools fill N. */
static int select_and_emit(synth_ctx *ctx)
{
	gazetteer *gz = &ctx->gz;
	long target = ctx->opts.bodies;
	long quota[LEVEL_COUNT], count[LEVEL_COUNT] = { 0 }, total = 0;
	long assigned = 0;
	for (int l = LEVEL_TOWN; l < LEVEL_CITY; l++) {
		quota[l] = lround((double)target * level_tab[l].share);
		assigned += quota[l];
	}
	quota[LEVEL_CITY] = target > assigned ? target - assigned : 0;
	long towns_per = lround((double)quota[LEVEL_TOWN] / (double)(quota[LEVEL_COUNTY] ? quota[LEVEL_COUNTY] : 1));
	long depts_per = lround((double)quota[LEVEL_DEPARTMENT] / (double)(quota[LEVEL_COUNTY] ? quota[LEVEL_COUNTY] : 1));
	towns_per = towns_per < 1 ? 1 : towns_per > 12 ? 12 : towns_per;
	depts_per = depts_per < 1 ? 1 : depts_per > 8 ? 8 : depts_per;

	rng r;
	rng_seed(&r, ctx->opts.seed, 0);
	uint32_t *order = malloc(gz->area_count * sizeof *order);
	if (!order) {
		snprintf(ctx->err, sizeof ctx->err, "out of memory");
		return SYNTH_ENOMEM;
	}
	for (size_t i = 0; i < gz->area_count; i++)
		order[i] = (uint32_t)i;
	shuffle_u32(&r, order, gz->area_count);

	int rc = SYNTH_OK;
	bool overflow = false;
	body bd;
	while (total < target) {
		long before = total;
		for (size_t i = 0; i < gz->area_count && total < target; i++) {
			gz_area *a = &gz->areas[order[i]];
			if (a->gov_ok && !a->gov_done && (overflow || count[LEVEL_COUNTY] < quota[LEVEL_COUNTY])) {
				a->gov_done = true;
				body_county(ctx, a, (uint64_t)total, &bd);
				if ((rc = emit_body(ctx, &bd)) != SYNTH_OK)
					goto done;
				count[LEVEL_COUNTY]++;
				total++;
			}
			gz_city *city = a->city >= 0 ? &gz->cities[a->city] : NULL;
			if (city && !city->placeholder && !city->done && total < target &&
			    (overflow || count[LEVEL_CITY] < quota[LEVEL_CITY])) {
				city->done = true;
				body_city(ctx, city, (uint64_t)total, &bd);
				if ((rc = emit_body(ctx, &bd)) != SYNTH_OK)
					goto done;
				count[LEVEL_CITY]++;
				total++;
			}
			if (!a->towns_shuffled) {
				a->towns_shuffled = true;
				shuffle_u32(&r, gz->towns + a->town_first, a->town_count);
			}
			for (long j = 0; j < towns_per && a->town_next < a->town_count && total < target &&
					 (overflow || count[LEVEL_TOWN] < quota[LEVEL_TOWN]);
			     j++) {
				const gz_street *s = &gz->streets[gz->towns[a->town_first + a->town_next++]];
				body_town(ctx, s, (uint64_t)total, &bd);
				if ((rc = emit_body(ctx, &bd)) != SYNTH_OK)
					goto done;
				count[LEVEL_TOWN]++;
				total++;
			}
			if (!a->gov_ok)
				continue;
			uint8_t *perm = gz->dept_perm + (size_t)(a - gz->areas) * DEPT_COUNT;
			if (!a->depts_shuffled) {
				a->depts_shuffled = true;
				for (int k = 0; k < DEPT_COUNT; k++)
					perm[k] = (uint8_t)k;
				shuffle_u8(&r, perm, DEPT_COUNT);
			}
			for (long j = 0; j < depts_per && a->dept_next < DEPT_KINDS && total < target &&
					 (overflow || count[LEVEL_DEPARTMENT] < quota[LEVEL_DEPARTMENT]);
			     j++) {
				uint32_t k = a->dept_next++;
				body_dept(ctx, a, k < DEPT_COUNT ? perm[k] : (int)k, (uint64_t)total, &bd);
				if ((rc = emit_body(ctx, &bd)) != SYNTH_OK)
					goto done;
				count[LEVEL_DEPARTMENT]++;
				total++;
			}
		}
		if (total == before) {
			if (overflow)
				break;
			overflow = true;
		}
	}
	if (total < target) {
		snprintf(ctx->err, sizeof ctx->err, "only %ld distinct bodies in the gazetteer", total);
		rc = SYNTH_EINVAL;
	}
done:
	free(order);
	return rc;
}

/* ------------------------------------------------------------------ cli */

static const char usage_text[] =
	"usage: xxgk-synth --out DIR --bodies N --years Y1-Y2 [OPTIONS]\n"
	"\n"
	"Writes a synthetic corpus of 政府信息公开工作年度报告 (2021 template) with a\n"
	"known truth: N bodies from the region gazetteer, one report per body and year.\n"
	"\n"
	"  --out DIR            directory to write into (created if missing)\n"
	"  --bodies N           number of bodies: ~60% towns/streets, 25% county\n"
	"                       departments, 12% county and 3% city governments, picked in\n"
	"                       county clusters; at most the gazetteer's pool (110,113)\n"
	"  --years Y1-Y2        reporting years, e.g. 2022-2024 or 2024 (2021-2100, <= 30)\n"
	"  --seed S             PRNG seed (default 1); the same seed, N and years give\n"
	"                       the same files\n"
	"  --error-rate P       share of reports with one planted error (default 0.05):\n"
	"                       t3.row_sum, t3.balance, t3.carry_continuity, t4.sum,\n"
	"                       text.table_mismatch or blank\n"
	"  --error-kinds LIST   comma-separated kinds to plant (default all of the above);\n"
	"                       also cell: one figure of table 3 or 4 printed 1-9 off\n"
	"                       (error localisation's measure, bench/locate_recall.py)\n"
	"  --blank-cells N|all  a report that draws the blank error prints N of its zero\n"
	"                       cells empty (default 1), or every one of them\n"
	"  --blank-totals       the totals of zero rows and groups the narrative does\n"
	"                       not state may print empty too: whole rows left empty\n"
	"  --outlier-rate P     share of bodies planted as outliers (default 0.02):\n"
	"                       outlier.share (不予公开 share), outlier.count (行政处罚),\n"
	"                       outlier.jump (a tenfold year-over-year jump)\n"
	"  --layouts LIST       comma-separated subset of lines,tsv,layout,html (default\n"
	"                       all): lines = one cell per line, tsv = Markdown headings\n"
	"                       and tab-separated tables, layout = pdftotext -layout text,\n"
	"                       html = <table>s\n"
	"  --gazetteer DIR      the region CSVs (default data/gazetteer)\n"
	"  --truth              also write <stem>.truth.json beside each report: the\n"
	"                       xxgk.report/1 object of what it prints, plus \"planted\"\n"
	"  -h, --help           this text\n"
	"\n"
	"Files: DIR/<region_code>_<year>_<slug>.{txt,md,layout.txt,html} (slug gov, or the\n"
	"department's, e.g. fgj; a department carries its county's code), DIR/manifest.csv\n"
	"(file,region_code,level) and DIR/planted.csv (every planted item).\n"
	"Exit status: 0 done, 1 a write or the gazetteer failed, 2 bad arguments.\n";

static int parse_long(const char *s, long lo, long hi, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static int parse_rate(const char *s, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || *end || !(v >= 0.0 && v <= 1.0))
		return -1;
	*out = v;
	return 0;
}

static int parse_years(const char *s, int *first, int *last)
{
	char buf[32];
	long a, b;
	if (strlen(s) >= sizeof buf)
		return -1;
	memcpy(buf, s, strlen(s) + 1);
	char *dash = strchr(buf, '-');
	if (dash)
		*dash = '\0';
	if (parse_long(buf, SYNTH_YEAR_MIN, SYNTH_YEAR_MAX, &a) != 0)
		return -1;
	b = a;
	if (dash && parse_long(dash + 1, SYNTH_YEAR_MIN, SYNTH_YEAR_MAX, &b) != 0)
		return -1;
	if (b < a || b - a + 1 > SYNTH_YEARS_MAX)
		return -1;
	*first = (int)a;
	*last = (int)b;
	return 0;
}

/* A comma-separated subset of names[first..last] as a bit set (bit i for names[i]). */
static int parse_name_set(const char *s, const char *const *names, int first, int last, unsigned *out)
{
	unsigned set = 0;
	const char *p = s;
	while (*p) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		int found = -1;
		for (int i = first; i <= last; i++)
			if (strlen(names[i]) == n && memcmp(names[i], p, n) == 0)
				found = i;
		if (found < 0)
			return -1;
		set |= 1u << found;
		p += n + (comma ? 1 : 0);
	}
	if (!set)
		return -1;
	*out = set;
	return 0;
}

/* Parses argv into o. Returns 0, 1 for --help, or -1 with err set. */
static int parse_args(int argc, char **argv, synth_opts *o, char *err, size_t err_cap)
{
	bool have_years = false;
	memset(o, 0, sizeof *o);
	o->bodies = -1;
	o->seed = 1;
	o->error_rate = 0.05;
	o->error_kinds = (1u << P_CELL) - 1;   /* every kind but cell */
	o->blank_cells = 1;
	o->outlier_rate = 0.02;
	o->layouts = (1u << LAYOUT_COUNT) - 1;
	o->gazetteer = "data/gazetteer";
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0)
			return 1;
		if (strcmp(arg, "--truth") == 0) {
			o->truth = true;
			continue;
		}
		if (strcmp(arg, "--blank-totals") == 0) {
			o->blank_totals = true;
			continue;
		}
		static const char *const with_value[] = { "--out", "--bodies", "--years", "--seed", "--error-rate",
							  "--error-kinds", "--outlier-rate", "--layouts", "--gazetteer",
							  "--blank-cells", NULL };
		const char *value = NULL;
		const char *name = NULL;
		for (const char *const *w = with_value; *w; w++) {
			size_t n = strlen(*w);
			if (strncmp(arg, *w, n) == 0 && (arg[n] == '\0' || arg[n] == '=')) {
				name = *w;
				if (arg[n] == '=')
					value = arg + n + 1;
				else if (i + 1 < argc)
					value = argv[++i];
				break;
			}
		}
		if (!name) {
			snprintf(err, err_cap, "unknown option %s (see --help)", arg);
			return -1;
		}
		if (!value) {
			snprintf(err, err_cap, "%s needs a value", name);
			return -1;
		}
		int bad = 0;
		if (strcmp(name, "--out") == 0) {
			bad = !*value;
			o->out_dir = value;
		} else if (strcmp(name, "--bodies") == 0) {
			bad = parse_long(value, 1, SYNTH_BODIES_MAX, &o->bodies);
		} else if (strcmp(name, "--years") == 0) {
			bad = parse_years(value, &o->year_first, &o->year_last);
			have_years = !bad;
		} else if (strcmp(name, "--seed") == 0) {
			char *end;
			errno = 0;
			unsigned long long v = strtoull(value, &end, 0);
			bad = errno || end == value || *end || *value == '-';
			o->seed = (uint64_t)v;
		} else if (strcmp(name, "--error-rate") == 0) {
			bad = parse_rate(value, &o->error_rate);
		} else if (strcmp(name, "--error-kinds") == 0) {
			bad = parse_name_set(value, plant_kind_name, P_ROW_SUM, P_CELL, &o->error_kinds);
		} else if (strcmp(name, "--outlier-rate") == 0) {
			bad = parse_rate(value, &o->outlier_rate);
		} else if (strcmp(name, "--layouts") == 0) {
			bad = parse_name_set(value, layout_name, 0, LAYOUT_COUNT - 1, &o->layouts);
		} else if (strcmp(name, "--blank-cells") == 0) {
			long n = -1;
			bad = strcmp(value, "all") != 0 && parse_long(value, 1, CELL_COUNT, &n);
			o->blank_cells = (int)n;
		} else {
			bad = !*value;
			o->gazetteer = value;
		}
		if (bad) {
			static const char *const want[][2] = {
				{ "--out", "a directory" },
				{ "--bodies", "an integer from 1 to 10000000" },
				{ "--years", "YYYY or YYYY-YYYY within 2021-2100, at most 30 years" },
				{ "--seed", "an unsigned integer" },
				{ "--error-rate", "a number from 0 to 1" },
				{ "--error-kinds", "a comma-separated subset of t3.row_sum,t3.balance,t3.carry_continuity,"
						   "t4.sum,text.table_mismatch,blank,cell" },
				{ "--outlier-rate", "a number from 0 to 1" },
				{ "--layouts", "a comma-separated subset of lines,tsv,layout,html" },
				{ "--gazetteer", "a directory" },
				{ "--blank-cells", "a positive integer or all" },
			};
			const char *w = "a valid value";
			for (size_t k = 0; k < sizeof want / sizeof want[0]; k++)
				if (strcmp(want[k][0], name) == 0)
					w = want[k][1];
			snprintf(err, err_cap, "bad %s '%s': want %s", name, value, w);
			return -1;
		}
	}
	if (!o->out_dir || o->bodies < 0 || !have_years) {
		snprintf(err, err_cap, "--out, --bodies and --years are required (see --help)");
		return -1;
	}
	return 0;
}

/* mkdir -p: creates dir and its missing parents. */
int make_dirs(const char *dir, char *err, size_t err_cap)
{
	char path[PATH_CAP];
	size_t n = strlen(dir);
	if (n >= sizeof path) {
		snprintf(err, err_cap, "%s: path too long", dir);
		return SYNTH_EINVAL;
	}
	memcpy(path, dir, n + 1);
	for (size_t i = 1; i <= n; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		char saved = path[i];
		path[i] = '\0';
		if (mkdir(path, 0755) != 0 && errno != EEXIST) {
			snprintf(err, err_cap, "%s: %s", path, strerror(errno));
			return SYNTH_EIO;
		}
		path[i] = saved;
	}
	struct stat st;
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		snprintf(err, err_cap, "%s: not a directory", dir);
		return SYNTH_EIO;
	}
	return SYNTH_OK;
}

static FILE *open_csv(synth_ctx *ctx, const char *name, const char *header)
{
	if ((size_t)snprintf(ctx->path, sizeof ctx->path, "%s/%s", ctx->opts.out_dir, name) >= sizeof ctx->path) {
		snprintf(ctx->err, sizeof ctx->err, "%s: output path too long", ctx->opts.out_dir);
		return NULL;
	}
	FILE *f = fopen(ctx->path, "wb");
	if (!f) {
		snprintf(ctx->err, sizeof ctx->err, "%s: %s", ctx->path, strerror(errno));
		return NULL;
	}
	setvbuf(f, NULL, _IOFBF, 1 << 16);
	fputs(header, f);
	return f;
}

static int close_csv(synth_ctx *ctx, FILE **f, const char *name)
{
	if (!*f)
		return SYNTH_OK;
	int bad = ferror(*f);
	bad |= fclose(*f) != 0;
	*f = NULL;
	if (bad) {
		snprintf(ctx->err, sizeof ctx->err, "%s/%s: %s", ctx->opts.out_dir, name, strerror(errno));
		return SYNTH_EIO;
	}
	return SYNTH_OK;
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
	static synth_ctx ctx; /* large: keep it off the stack */
	int exit_code = 1;
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--classes") == 0)
			return synth_classes_main(argc, argv);
	int rc = parse_args(argc, argv, &ctx.opts, ctx.err, sizeof ctx.err);
	if (rc == 1) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (rc < 0) {
		fprintf(stderr, "xxgk-synth: %s\n", ctx.err);
		return 2;
	}
	double t0 = now_seconds();
	paths_init();
	if (gz_load(&ctx.gz, ctx.opts.gazetteer, ctx.err, sizeof ctx.err) != SYNTH_OK)
		goto done;
	long pool = pool_size(&ctx.gz);
	if (ctx.opts.bodies > pool) {
		fprintf(stderr, "xxgk-synth: bad --bodies %ld: the gazetteer holds %ld distinct bodies\n",
			ctx.opts.bodies, pool);
		exit_code = 2;
		goto cleanup;
	}
	if (make_dirs(ctx.opts.out_dir, ctx.err, sizeof ctx.err) != SYNTH_OK)
		goto done;
	if (!(ctx.manifest = open_csv(&ctx, "manifest.csv", "file,region_code,level\n")) ||
	    !(ctx.planted_csv = open_csv(&ctx, "planted.csv", "file,region_code,level,year,kind,where,detail\n")) ||
	    !(ctx.bodies_csv = open_csv(&ctx, "bodies.csv",
					"body,region_code,level,kind,app_mean,licensing_mean,penalty_mean,coercion_mean,"
					"denied_share,p_forward,outlier,outlier_figure,outlier_year,dontcare_year\n")))
		goto done;
	if (select_and_emit(&ctx) != SYNTH_OK)
		goto done;
	if (close_csv(&ctx, &ctx.manifest, "manifest.csv") != SYNTH_OK ||
	    close_csv(&ctx, &ctx.planted_csv, "planted.csv") != SYNTH_OK ||
	    close_csv(&ctx, &ctx.bodies_csv, "bodies.csv") != SYNTH_OK)
		goto done;
	double secs = now_seconds() - t0;
	long errors = 0, outliers = 0;
	for (int k = P_ROW_SUM; k <= P_CELL; k++)
		errors += ctx.plant_counts[k];
	for (int k = P_OUT_SHARE; k < P_KIND_COUNT; k++)
		outliers += ctx.plant_counts[k];
	printf("xxgk-synth: %ld reports for %ld bodies (town %ld, department %ld, county %ld, city %ld), "
	       "years %d-%d, in %s; %ld planted errors, %ld planted outlier items; %.2f s (%.0f reports/s)\n",
	       ctx.reports, ctx.opts.bodies, ctx.level_counts[LEVEL_TOWN], ctx.level_counts[LEVEL_DEPARTMENT],
	       ctx.level_counts[LEVEL_COUNTY], ctx.level_counts[LEVEL_CITY], ctx.opts.year_first, ctx.opts.year_last,
	       ctx.opts.out_dir, errors, outliers, secs, secs > 0 ? (double)ctx.reports / secs : 0.0);
	exit_code = 0;
	goto cleanup;
done:
	fprintf(stderr, "xxgk-synth: %s\n", ctx.err);
cleanup:
	if (ctx.manifest)
		fclose(ctx.manifest);
	if (ctx.planted_csv)
		fclose(ctx.planted_csv);
	if (ctx.bodies_csv)
		fclose(ctx.bodies_csv);
	gz_free(&ctx.gz);
	free(ctx.doc_out.data);
	free(ctx.truth_out.data);
	free(ctx.doc.text.data);
	return exit_code;
}
