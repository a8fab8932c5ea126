/*
 * bench/check.c — all the rules over many reports.
 *
 * usage: bench_check [--reports N] FILE...
 * Parses the FILEs once, then runs xxgk_check_report on N reports (the
 * parsed ones in turn, under other sha256s and bodies), the two-year rules
 * on consecutive pairs, and copy detection over all N (MinHash/LSH and table
 * hashes). Prints the time of each part and findings counted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "bench.h"
#include "xxgk/check.h"
#include "xxgk/parse.h"

int main(int argc, char **argv)
{
	long n = 200000;
	int first = 1;
	if (argc > 2 && strcmp(argv[1], "--reports") == 0) {
		n = strtol(argv[2], NULL, 10);
		first = 3;
	}
	int nfiles = argc - first;
	if (nfiles < 1 || n < 1) {
		fprintf(stderr, "usage: bench_check [--reports N] FILE...\n");
		return 2;
	}
	xxgk_report **rs = bench_parse_files(argv + first, nfiles);
	if (!rs)
		return 1;
	xxgk_copies *cp;
	xxgk_copies_new(&cp);
	size_t findings = 0, errors = 0;
	double t0 = bench_now();
	char body[32];
	for (long i = 0; i < n; i++) {
		xxgk_report *r = rs[i % nfiles];
		snprintf(r->sha256, sizeof r->sha256, "%064ld", i);
		xxgk_findings f;
		xxgk_findings_init(&f);
		xxgk_check_report(&f, r);
		if (i > 0)
			xxgk_check_years(&f, rs[(i - 1) % nfiles], r);
		/* every report another body: copies are then across bodies */
		snprintf(body, sizeof body, "b%ld", i);
		xxgk_copies_add(cp, r, body);
		findings += f.count;
		errors += xxgk_findings_errors(&f);
		xxgk_findings_free(&f);
	}
	double t1 = bench_now();
	xxgk_findings cf;
	xxgk_findings_init(&cf);
	xxgk_copies_find(cp, &cf);
	double t2 = bench_now();
	printf("checked %ld reports: rules %.2f s (%.0f reports/s), copies %.2f s; %zu findings (%zu errors), "
	       "%zu copy findings; peak RSS %ld KB\n",
	       n, t1 - t0, (double)n / (t1 - t0), t2 - t1, findings, errors, cf.count, bench_peak_kb());
	xxgk_findings_free(&cf);
	xxgk_copies_free(cp);
	for (int i = 0; i < nfiles; i++)
		xxgk_report_free(rs[i]);
	free(rs);
	return 0;
}
