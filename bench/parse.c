/*
 * bench/parse.c — parse throughput and peak memory.
 *
 * usage: bench_parse [--mb N] FILE...
 * Reads the given reports once, then parses them round-robin from memory
 * until N MB (default 128) have gone through xxgk_parse_buffer(), one report
 * at a time as `xxgk parse` does. Prints MB/s on one core and the peak
 * resident set, which must not grow with N (nothing is kept between reports).
 * Rates are per CPU second (user + system): the machine may be shared.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "bench.h"
#include "xxgk/parse.h"

int main(int argc, char **argv)
{
	double target_mb = 128;
	int first = 1;
	if (argc > 2 && strcmp(argv[1], "--mb") == 0) {
		target_mb = strtod(argv[2], NULL);
		first = 3;
	}
	if (first >= argc || target_mb <= 0) {
		fprintf(stderr, "usage: bench_parse [--mb N] FILE...\n");
		return 2;
	}
	int n = argc - first;
	char **bufs = calloc((size_t)n, sizeof *bufs);
	size_t *lens = calloc((size_t)n, sizeof *lens);
	if (!bufs || !lens)
		return 1;
	for (int i = 0; i < n; i++) {
		FILE *f = fopen(argv[first + i], "rb");
		if (!f) {
			perror(argv[first + i]);
			return 1;
		}
		fseek(f, 0, SEEK_END);
		long sz = ftell(f);
		fseek(f, 0, SEEK_SET);
		bufs[i] = malloc((size_t)sz + 1);
		if (!bufs[i] || fread(bufs[i], 1, (size_t)sz, f) != (size_t)sz) {
			fprintf(stderr, "%s: read failed\n", argv[first + i]);
			return 1;
		}
		lens[i] = (size_t)sz;
		fclose(f);
	}
	long base_kb = bench_peak_kb();
	size_t done = 0, reports = 0, failed = 0;
	double target = target_mb * 1e6;
	double t0 = bench_now(), c0 = bench_cpu();
	for (int i = 0; (double)done < target; i = (i + 1) % n) {
		xxgk_report *r = NULL;
		xxgk_error err;
		xxgk_parse_options opts = XXGK_PARSE_OPTIONS_INIT;
		opts.name = argv[first + i];
		if (xxgk_parse_buffer(&r, bufs[i], lens[i], &opts, &err) != XXGK_OK)
			failed++;
		xxgk_report_free(r);
		done += lens[i];
		reports++;
	}
	double secs = bench_now() - t0, cpu = bench_cpu() - c0;
	printf("parsed %zu reports, %.1f MB in %.2f s CPU (%.2f s wall): %.1f MB/s, %.0f reports/s of CPU on "
	       "one core\n",
	       reports, (double)done / 1e6, cpu, secs, (double)done / 1e6 / cpu, (double)reports / cpu);
	printf("peak RSS %ld KB (%ld KB after loading the inputs); %zu failed\n", bench_peak_kb(),
	       base_kb, failed);
	for (int i = 0; i < n; i++)
		free(bufs[i]);
	free(bufs);
	free(lens);
	return failed ? 1 : 0;
}
