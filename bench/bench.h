/*
 * bench.h — what the benchmark programs share: a monotonic clock, the peak
 * resident set, and the parsed inputs (each FILE parsed once, up front, so
 * the timed loop measures only the stage under test).
 */
#ifndef XXGK_BENCH_H
#define XXGK_BENCH_H

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "xxgk/parse.h"

static inline double bench_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU time of this process so far (user + system), in seconds: on a shared machine, what the work
 * costs apart from waiting for a core. */
static inline double bench_cpu(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
	       (double)ru.ru_stime.tv_usec / 1e6;
}

/* Peak resident set of this process so far, in KB. */
static inline long bench_peak_kb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/*
 * Parses files[0..n) into a new array of reports (the caller frees each and
 * the array). NULL after printing `file: reason` when one cannot be read or
 * parsed: a benchmark on a partial input would mislead.
 */
static inline xxgk_report **bench_parse_files(char **files, int n)
{
	xxgk_report **rs = calloc((size_t)n, sizeof *rs);
	static char buf[1 << 22];
	for (int i = 0; rs && i < n; i++) {
		FILE *f = fopen(files[i], "rb");
		if (!f) {
			perror(files[i]);
			return NULL;
		}
		size_t len = fread(buf, 1, sizeof buf, f);
		fclose(f);
		xxgk_error err;
		xxgk_parse_options opts = XXGK_PARSE_OPTIONS_INIT;
		opts.name = files[i];
		if (xxgk_parse_buffer(&rs[i], buf, len, &opts, &err) != XXGK_OK) {
			fprintf(stderr, "%s: %s\n", files[i], err.message);
			return NULL;
		}
	}
	return rs;
}

#endif
