/*
 * bench/store.c — how fast parsed reports go into the store, and how much
 * room they take.
 *
 * usage: bench_store [--reports N] DB FILE...
 * Parses the FILEs once, then writes N reports (the parsed ones in turn,
 * each under another sha256, as other documents would be) into a fresh DB
 * through xxgk_store_put in transactions of 5,000, as `xxgk load` does.
 * Prints reports/s, bytes of database a report (regions table excluded:
 * the bench does not load the gazetteer) and the peak resident set.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "xxgk/parse.h"
#include "xxgk/store.h"

int main(int argc, char **argv)
{
	long n = 200000;
	int first = 1;
	if (argc > 2 && strcmp(argv[1], "--reports") == 0) {
		n = strtol(argv[2], NULL, 10);
		first = 3;
	}
	if (argc - first < 2 || n < 1) {
		fprintf(stderr, "usage: bench_store [--reports N] DB FILE...\n");
		return 2;
	}
	const char *db = argv[first++];
	int nfiles = argc - first;
	xxgk_report **reports = bench_parse_files(argv + first, nfiles);
	if (!reports)
		return 1;
	unlink(db);
	xxgk_store *s = NULL;
	xxgk_error err;
	if (xxgk_store_open(&s, db, XXGK_STORE_CREATE, &err) != XXGK_OK) {
		fprintf(stderr, "%s: %s\n", db, err.message);
		return 1;
	}
	double t0 = bench_now();
	int outcome;
	xxgk_store_begin(s, &err);
	for (long i = 0; i < n; i++) {
		xxgk_report *r = reports[i % nfiles];
		snprintf(r->sha256, sizeof r->sha256, "%064ld", i);
		if (xxgk_store_put(s, r, &outcome, &err) != XXGK_OK) {
			fprintf(stderr, "put: %s\n", err.message);
			return 1;
		}
		if (i % 5000 == 4999 && (xxgk_store_commit(s, &err) != XXGK_OK || xxgk_store_begin(s, &err) != XXGK_OK)) {
			fprintf(stderr, "commit: %s\n", err.message);
			return 1;
		}
	}
	if (xxgk_store_commit(s, &err) != XXGK_OK) {
		fprintf(stderr, "commit: %s\n", err.message);
		return 1;
	}
	double secs = bench_now() - t0;
	xxgk_store_close(s);
	struct stat st;
	stat(db, &st);
	printf("stored %ld reports in %.2f s: %.0f reports/s; %.0f bytes a report (%.1f MB); peak RSS %ld KB\n", n, secs,
	       (double)n / secs, (double)st.st_size / (double)n, (double)st.st_size / 1e6, bench_peak_kb());
	for (int i = 0; i < nfiles; i++)
		xxgk_report_free(reports[i]);
	free(reports);
	return 0;
}
