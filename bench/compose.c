/*
 * bench_compose DB REGION YEAR [N] — county 通报s per second in one process on
 * one thread: compose (roll-ups, findings, figures, outliers against the whole
 * store, the layout) and render (lay out, subset the fonts, write the PDF), N
 * times (default 50), with the time of each half. The whole command, process
 * start-up included, is bench/report.sh.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "xxgk/compose.h"
#include "xxgk/render.h"
#include "xxgk/store.h"
#include "bench.h"

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: bench_compose DB REGION YEAR [N]\n");
		return 2;
	}
	int n = argc > 4 ? atoi(argv[4]) : 50, year = atoi(argv[3]);
	xxgk_store *s = NULL;
	xxgk_error err;
	if (xxgk_store_open(&s, argv[1], XXGK_STORE_READONLY, &err) != XXGK_OK) {
		fprintf(stderr, "%s: %s\n", argv[1], err.message);
		return 1;
	}
	xxgk_compose_options o = XXGK_COMPOSE_OPTIONS_INIT;
	o.date = "2025-04-20";
	xxgk_deadlines *d = NULL;
	if (xxgk_deadlines_load(&d, NULL, &err) != XXGK_OK) {
		fprintf(stderr, "%s\n", err.message);
		return 1;
	}
	o.deadlines = d;
	xxgk_render_options ro = { .created = "2025-04-20", .deterministic = true };
	double t_compose = 0, t_render = 0, c_compose = 0, c_render = 0;
	for (int i = 0; i < n; i++) {
		xxgk_layout *l = NULL;
		double t0 = bench_now(), c0 = bench_cpu();
		if (xxgk_compose_county(&l, s, argv[2], year, &o, &err) != XXGK_OK) {
			fprintf(stderr, "compose: %s\n", err.message);
			return 1;
		}
		double t1 = bench_now(), c1 = bench_cpu();
		if (xxgk_render_pdf(l, "/tmp/bench_compose.pdf", &ro, NULL, &err) != XXGK_OK) {
			fprintf(stderr, "render: %s\n", err.message);
			return 1;
		}
		double t2 = bench_now(), c2 = bench_cpu();
		t_compose += t1 - t0;
		t_render += t2 - t1;
		c_compose += c1 - c0;
		c_render += c2 - c1;
		xxgk_layout_free(l);
	}
	printf("%d 通报s: compose %.1f ms, render %.1f ms each (CPU %.1f + %.1f ms): %.1f PDFs/s of wall time, "
	       "%.1f PDFs/s of CPU time, in one process; peak %ld KB\n",
	       n, 1000 * t_compose / n, 1000 * t_render / n, 1000 * c_compose / n, 1000 * c_render / n,
	       n / (t_compose + t_render), n / (c_compose + c_render), bench_peak_kb());
	xxgk_deadlines_free(d);
	xxgk_store_close(s);
	return 0;
}
