/*
 * stats_int.h — shared inside the stats stage. Only src/stats/ includes GSL;
 * gsl.c is the one place that turns GSL's conventions into ours.
 */
#ifndef XXGK_STATS_INT_H
#define XXGK_STATS_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "xxgk/stats.h"

/*
 * Switches GSL's abort-on-error handler off, once per process whatever the
 * thread (pthread_once); every public function calls it first, and every GSL
 * status is then checked where it is returned.
 */
void stats_init(void);

/* A GSL status as ours: GSL_SUCCESS → XXGK_OK, GSL_ENOMEM → XXGK_ENOMEM, else XXGK_EINVAL. */
int stats_status(int gsl_status);

/* true when every x[0..n) is finite. */
bool stats_all_finite(const double *x, size_t n);

/*
 * A malloc'd copy of x[0..n), sorted ascending (gsl_sort); NULL when out of
 * memory. The caller frees it. x must hold no NaN.
 */
double *stats_sorted_copy(const double *x, size_t n);

/* The q-quantile of sorted[0..n) by GSL's definition (type 7); n ≥ 1. */
double stats_quantile_sorted(const double *sorted, size_t n, double q);

/*
 * The median of |y_i − center| over y[0..n), using work[0..n) (overwritten);
 * O(n) expected (gsl_stats_median, a selection, not a sort).
 */
double stats_median_abs_dev(const double *y, size_t n, double center, double *work);

#endif
