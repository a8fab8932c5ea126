/*
 * synth_int.h — what synth.c (the corpus generator) shares with classes.c
 * (layout classes rendered from a truth): the PRNG, the line-counting
 * buffer, SHA-256 and mkdir -p. Inside tools/synth only.
 */
#ifndef XXGK_SYNTH_INT_H
#define XXGK_SYNTH_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define SYNTH_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define SYNTH_PRINTF(f, a)
#endif

/* xoshiro256** with splitmix64 seeding (https://prng.di.unimi.it/). */
typedef struct rng {
	uint64_t s[4];
} rng;

/* Stream `stream` of seed `seed`: stream 0 picks bodies, stream i+1 is body i. */
void rng_seed(rng *r, uint64_t seed, uint64_t stream);
uint64_t rng_next(rng *r);
/* Uniform in [0, 1). */
double rng_unif(rng *r);
/* Uniform in [0, n), unbiased; n > 0. */
uint64_t rng_below(rng *r, uint64_t n);
int rng_int(rng *r, int n);
bool rng_chance(rng *r, double p);

/* A growable byte buffer that counts the lines it holds. */
typedef struct sbuf {
	char *data;
	size_t len;
	size_t cap;
	uint32_t line; /* 1-based number of the line being written */
	bool oom;      /* sticky: an append failed or passed the document cap */
} sbuf;

void sb_reset(sbuf *b);
void sb_put(sbuf *b, const char *s, size_t n);
void sb_puts(sbuf *b, const char *s);
void sb_char(sbuf *b, char ch);
SYNTH_PRINTF(2, 3)
void sb_printf(sbuf *b, const char *fmt, ...);

/* Decimal digits of v into out (≥ 21 bytes); returns the length. */
size_t fmt_i64(char *out, int64_t v);
/* Lower-case hex SHA-256 of data[len] into out[65]. */
void sha256_hex(const char *data, size_t len, char out[65]);
/* mkdir -p; 0 or a negative status with err set. */
int make_dirs(const char *dir, char *err, size_t err_cap);

/*
 * The --classes mode (classes.c): argv after the program name. Returns the
 * exit status (0 done, 1 a read or write failed, 2 bad arguments).
 */
int synth_classes_main(int argc, char **argv);
/* Its --help text. */
extern const char synth_classes_usage[];

#endif
