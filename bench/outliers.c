/*
 * bench/outliers.c — the outlier tests over a national year.
 *
 * usage: bench_outliers DB [YEAR]
 * Reads every body-year of DB once (xxgk_store_figures), then times
 * xxgk_outliers_find for YEAR (default: the latest; year − 1 feeds the
 * year-over-year tests) over all of them, and xxgk_peers_assign alone. The
 * store's read is timed apart: it is the store's cost, not the tests'.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "bench.h"
#include "xxgk/aggregate.h"
#include "xxgk/store.h"

int main(int argc, char **argv)
{
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: bench_outliers DB [YEAR]\n");
		return 2;
	}
	xxgk_store *s = NULL;
	xxgk_error err;
	if (xxgk_store_open(&s, argv[1], XXGK_STORE_READONLY, &err) != XXGK_OK) {
		fprintf(stderr, "%s: %s\n", argv[1], err.message);
		return 1;
	}
	int year = argc == 3 ? atoi(argv[2]) : 0;
	if (!year && xxgk_store_latest_year(s, &year, &err) != XXGK_OK) {
		fprintf(stderr, "%s: %s\n", argv[1], err.message);
		xxgk_store_close(s);
		return 1;
	}
	xxgk_body_figures *figs = NULL;
	size_t n = 0;
	double t0 = bench_now();
	int rc = xxgk_store_figures(s, NULL, 1990, 2100, &figs, &n, &err);
	double t1 = bench_now();
	xxgk_store_close(s);
	if (rc != XXGK_OK) {
		fprintf(stderr, "%s: %s\n", argv[1], err.message);
		return 1;
	}
	size_t of_year = 0;
	for (size_t i = 0; i < n; i++)
		of_year += figs[i].year == year;
	xxgk_peers peers;
	double t2 = bench_now();
	rc = xxgk_peers_assign(&peers, figs, n, year, 0);
	double t3 = bench_now();
	size_t groups = peers.group_count;
	xxgk_peers_free(&peers);
	xxgk_outliers out = { 0 };
	double t4 = bench_now(), c4 = bench_cpu();
	rc |= xxgk_outliers_find(&out, figs, n, year, NULL);
	double t5 = bench_now(), c5 = bench_cpu();
	if (rc != XXGK_OK) {
		fprintf(stderr, "out of memory\n");
		return 1;
	}
	printf("%zu body-years read in %.2f s; %d: %zu bodies in %zu peer groups (%.3f s); outliers_find over all "
	       "%zu body-years %.2f s (CPU %.2f s): %zu tests, %zu flags (%zu high, %zu low); peak RSS %ld KB\n",
	       n, t1 - t0, year, of_year, groups, t3 - t2, n, t5 - t4, c5 - c4, out.tests, out.count, out.high_count,
	       out.count - out.high_count, bench_peak_kb());
	xxgk_outliers_free(&out);
	free(figs);
	return 0;
}
