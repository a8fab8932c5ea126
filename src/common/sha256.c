/*
 * sha256.c — SHA-256 (FIPS 180-4, section 6.2) for content hashes: a report's
 * identity is the hash of its raw bytes, so the same file loaded twice is
 * recognised. Dependency-free. Where the processor has the SHA extensions
 * (Intel SHA-NI, CPUID leaf 7 EBX bit 29) the blocks go through them (about
 * five times faster: hashing was an eighth of parse time); the portable code
 * is the reference, and tests/test_common.c checks that both agree.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#include <immintrin.h>
#define XXGK_SHA_NI 1
#endif

#include "xxgk/parse.h"
#include "common_int.h"

static const uint32_t sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
};

static uint32_t sha256_rotr(uint32_t x, unsigned n)
{
	return (x >> n) | (x << (32 - n));
}

static void sha256_block(uint32_t h[8], const unsigned char *p)
{
	uint32_t w[64];
	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
	for (int i = 16; i < 64; i++) {
		uint32_t s0 = sha256_rotr(w[i - 15], 7) ^ sha256_rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t s1 = sha256_rotr(w[i - 2], 17) ^ sha256_rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
	for (int i = 0; i < 64; i++) {
		uint32_t s1 = sha256_rotr(e, 6) ^ sha256_rotr(e, 11) ^ sha256_rotr(e, 25);
		uint32_t ch = (e & f) ^ (~e & g);
		uint32_t t1 = hh + s1 + ch + sha256_k[i] + w[i];
		uint32_t s0 = sha256_rotr(a, 2) ^ sha256_rotr(a, 13) ^ sha256_rotr(a, 22);
		uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
		uint32_t t2 = s0 + maj;
		hh = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
	}
	h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
}

static void sha256_blocks_portable(uint32_t h[8], const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sha256_block(h, p + 64 * i);
}

#ifdef XXGK_SHA_NI
/*
 * The same compression with the SHA extensions (Intel, "Intel SHA
 * Extensions", 2013: state kept as ABEF/CDGH, two rounds an instruction,
 * the message schedule by SHA256MSG1/MSG2).
 */
__attribute__((target("sha,sse4.1,ssse3")))
static void sha256_blocks_ni(uint32_t h[8], const unsigned char *p, size_t n)
{
	const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
	__m128i t = _mm_loadu_si128((const __m128i *)(const void *)&h[0]);     /* DCBA */
	__m128i s1 = _mm_loadu_si128((const __m128i *)(const void *)&h[4]);    /* HGFE */
	t = _mm_shuffle_epi32(t, 0xB1);                                        /* CDAB */
	s1 = _mm_shuffle_epi32(s1, 0x1B);                                      /* EFGH */
	__m128i s0 = _mm_alignr_epi8(t, s1, 8);                                /* ABEF */
	s1 = _mm_blend_epi16(s1, t, 0xF0);                                     /* CDGH */
	for (size_t b = 0; b < n; b++, p += 64) {
		__m128i abef = s0, cdgh = s1, w[4];
		for (int g = 0; g < 16; g++) {
			__m128i m;
			if (g < 4) {
				m = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + 16 * g)), bswap);
			} else {
				/* W[t..t+3] from W[t-16..t-1] */
				m = _mm_sha256msg1_epu32(w[g & 3], w[(g + 1) & 3]);
				m = _mm_add_epi32(m, _mm_alignr_epi8(w[(g + 3) & 3], w[(g + 2) & 3], 4));
				m = _mm_sha256msg2_epu32(m, w[(g + 3) & 3]);
			}
			w[g & 3] = m;
			__m128i k = _mm_add_epi32(m, _mm_loadu_si128((const __m128i *)(const void *)&sha256_k[4 * g]));
			s1 = _mm_sha256rnds2_epu32(s1, s0, k);
			k = _mm_shuffle_epi32(k, 0x0E);
			s0 = _mm_sha256rnds2_epu32(s0, s1, k);
		}
		s0 = _mm_add_epi32(s0, abef);
		s1 = _mm_add_epi32(s1, cdgh);
	}
	t = _mm_shuffle_epi32(s0, 0x1B);                                       /* FEBA */
	s1 = _mm_shuffle_epi32(s1, 0xB1);                                      /* DCHG */
	s0 = _mm_blend_epi16(t, s1, 0xF0);                                     /* DCBA */
	s1 = _mm_alignr_epi8(s1, t, 8);                                        /* HGFE */
	_mm_storeu_si128((__m128i *)(void *)&h[0], s0);
	_mm_storeu_si128((__m128i *)(void *)&h[4], s1);
}

static bool sha256_has_ni(void)
{
	unsigned a, b, c, d;
	if (!__get_cpuid_count(7, 0, &a, &b, &c, &d) || !(b & (1u << 29)))
		return false;
	/* SSSE3 and SSE4.1 for the shuffles and the blend */
	if (!__get_cpuid(1, &a, &b, &c, &d))
		return false;
	return (c & (1u << 9)) && (c & (1u << 19));
}
#endif

typedef void (*sha256_blocks_fn)(uint32_t h[8], const unsigned char *p, size_t n);
static sha256_blocks_fn sha256_blocks = sha256_blocks_portable;
static pthread_once_t sha256_once = PTHREAD_ONCE_INIT;

static void sha256_choose(void)
{
#ifdef XXGK_SHA_NI
	if (sha256_has_ni())
		sha256_blocks = sha256_blocks_ni;
#endif
}

static void sha256_hex_with(sha256_blocks_fn blocks, char hex[65], const void *buf, size_t len)
{
	uint32_t h[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
			  0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
	const unsigned char *p = buf;
	size_t left = len;
	if (left >= 64) {
		blocks(h, p, left / 64);
		p += left / 64 * 64;
		left %= 64;
	}
	unsigned char tail[128];
	memset(tail, 0, sizeof tail);
	if (left)
		memcpy(tail, p, left);
	tail[left] = 0x80;
	size_t tail_len = left < 56 ? 64 : 128;
	uint64_t bits = (uint64_t)len * 8;
	for (int i = 0; i < 8; i++)
		tail[tail_len - 1 - (size_t)i] = (unsigned char)(bits >> (8 * i));
	blocks(h, tail, tail_len / 64);
	static const char digits[] = "0123456789abcdef";
	for (int i = 0; i < 8; i++)
		for (int j = 0; j < 8; j++)
			hex[i * 8 + j] = digits[(h[i] >> (28 - 4 * j)) & 0xF];
	hex[64] = '\0';
}

void xxgk_sha256_hex(char hex[65], const void *buf, size_t len)
{
	pthread_once(&sha256_once, sha256_choose);
	sha256_hex_with(sha256_blocks, hex, buf, len);
}

bool xxgk_sha256_hex_impl(char hex[65], const void *buf, size_t len, bool accelerated)
{
	if (!accelerated) {
		sha256_hex_with(sha256_blocks_portable, hex, buf, len);
		return true;
	}
#ifdef XXGK_SHA_NI
	if (sha256_has_ni()) {
		sha256_hex_with(sha256_blocks_ni, hex, buf, len);
		return true;
	}
#endif
	return false;
}
