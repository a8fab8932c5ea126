/*
 * gsl.c — the stats stage's boundary with GSL 2.7: the error handler, status
 * translation and the sorted copies the order statistics work on.
 *
 * GSL's default error handler aborts the process; it is switched off once
 * (pthread_once, so concurrent first calls are safe) and statuses are checked
 * instead. gsl_stats_median reorders its input, so it is only ever given our
 * own scratch arrays; gsl_stats_mad is scaled by 1.4826 and is not used (the
 * raw MAD is what the modified z-score's 0.6745 expects).
 */
#include <assert.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "stats_int.h"

static pthread_once_t stats_once = PTHREAD_ONCE_INIT;

static void stats_handler_off(void)
{
	gsl_set_error_handler_off();
}

void stats_init(void)
{
	int rc = pthread_once(&stats_once, stats_handler_off);
	assert(rc == 0);
	(void)rc;
}

int stats_status(int gsl_status)
{
	int rc;
	switch (gsl_status) {
	case GSL_SUCCESS:
		rc = XXGK_OK;
		break;
	case GSL_ENOMEM:
		rc = XXGK_ENOMEM;
		break;
	default:
		rc = XXGK_EINVAL;
		break;
	}
	return rc;
}

bool stats_all_finite(const double *x, size_t n)
{
	bool ok = true;
	for (size_t i = 0; i < n && ok; i++)
		ok = isfinite(x[i]);
	return ok;
}

double *stats_sorted_copy(const double *x, size_t n)
{
	double *s = n <= SIZE_MAX / sizeof *s ? malloc((n ? n : 1) * sizeof *s) : NULL;
	if (s && n) {
		memcpy(s, x, n * sizeof *s);
		gsl_sort(s, 1, n);
	}
	return s;
}

double stats_quantile_sorted(const double *sorted, size_t n, double q)
{
	assert(n > 0);
	return gsl_stats_quantile_from_sorted_data(sorted, 1, n, q);
}

double stats_median_abs_dev(const double *y, size_t n, double center, double *work)
{
	assert(n > 0);
	for (size_t i = 0; i < n; i++)
		work[i] = fabs(y[i] - center);
	return gsl_stats_median(work, 1, n);
}
