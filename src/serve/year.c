/*
 * year.c — what the pages of one reporting year need, read from the store once
 * and kept until the next write (issue 15, item 5: a page of a national year,
 * 210,000 reports, in under 300 ms). Filtering, sorting and paging kept rows
 * takes milliseconds; so the overview, 统计 and a report's page read the year
 * here: its figures and last year's reports (xxgk_store_figures, once: the
 * outlier flags are found on the same rows, xxgk_compose_outliers_of), each
 * report's stored findings counted (xxgk_store_finding_tallies: the findings
 * themselves are read a report at a time, by its page), the coverage of every
 * province, city and county (xxgk_store_coverage: reports and 缺报, without
 * the figure sums a page does not show), peer groups (xxgk_peers_assign) and
 * each group's distributions (xxgk_stats_summary).
 *
 * One year is kept (the one last asked for). An upload or a check drops it;
 * a status change recounts the reports holding that finding instead, so
 * saving a status does not cost the next page a reread. Callers hold the
 * server's read lock (or its write lock), so the store does not change under
 * a fill; the kept year is used under its own mutex, between serve_year_get
 * and serve_year_release.
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "xxgk/compose.h"
#include "xxgk/stats.h"
#include "xxgk/track.h"
#include "serve.h"

static void year_progress(int percent);

static pthread_mutex_t year_mu = PTHREAD_MUTEX_INITIALIZER;
static serve_year year_kept;
static bool year_valid;

static void year_clear(serve_year *y)
{
	free(y->figs);
	free(y->prev);
	free(y->bodies);
	free(y->by_sha);
	for (int l = 0; l < 3; l++)
		xxgk_rollups_free(y->rollups[l], y->rollup_count[l]);
	xxgk_outliers_free(&y->flags);
	free(y->flag_index);
	xxgk_peers_free(&y->peers);
	free(y->members);
	free(y->member_at);
	free(y->sums);
	free(y->limits);
	for (size_t i = 0; i < SERVE_STATS_KEPT; i++)
		free(y->stats[i].body);
	memset(y, 0, sizeof *y);
}

/* by_sha order: the sha256 of bodies[i] */
static const serve_year *sort_year;

static int year_cmp_sha(const void *a, const void *b)
{
	return strcmp(sort_year->bodies[*(const size_t *)a].f->sha256, sort_year->bodies[*(const size_t *)b].f->sha256);
}

static int year_cmp_prev(const void *a, const void *b)
{
	return strcmp(((const serve_prev *)a)->body, ((const serve_prev *)b)->body);
}

const char *serve_year_prev(const serve_year *y, const char *body)
{
	size_t lo = 0, hi = y->prev_count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int d = strcmp(y->prev[mid].body, body);
		if (!d)
			return y->prev[mid].sha256;
		if (d < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int year_cmp_code(const void *a, const void *b)
{
	const xxgk_body_figures *fa = sort_year->bodies[*(const size_t *)a].f, *fb = sort_year->bodies[*(const size_t *)b].f;
	int d = strcmp(fa->code, fb->code);
	return d ? d : strcmp(fa->name, fb->name);
}

static int year_cmp_flag(const void *a, const void *b)
{
	const xxgk_outlier *fa = &sort_year->flags.items[*(const size_t *)a];
	const xxgk_outlier *fb = &sort_year->flags.items[*(const size_t *)b];
	int d = strcmp(fa->sha256, fb->sha256);
	return d ? d : (*(const size_t *)a > *(const size_t *)b) - (*(const size_t *)a < *(const size_t *)b);
}

serve_body *serve_year_body(const serve_year *y, const char *sha)
{
	size_t lo = 0, hi = y->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int d = strcmp(y->bodies[y->by_sha[mid]].f->sha256, sha);
		if (!d)
			return &y->bodies[y->by_sha[mid]];
		if (d < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* A report's stored findings counted, onto its kept row. */
static void year_tally(serve_year *y, const xxgk_finding_tally *t)
{
	serve_body *b = serve_year_body(y, t->report);
	if (b) {
		b->errors = t->errors;
		b->warnings = t->warnings;
		b->open = t->open;
	}
}

static int year_fill(serve_year *y, serve_ctx *c, xxgk_store *s, int year, xxgk_error *err)
{
	int rc;
	size_t n;
	double *x = NULL;
	xxgk_finding_tally *tallies = NULL;
	size_t tally_count = 0;
	y->year = year;
	/* this year's figures and last year's (its reports by body: a report's page shows the change);
	   the flags are found on them, as xxgk_compose_find_outliers would after reading them again */
	xxgk_body_figures *both = NULL;
	size_t both_count = 0, np = 0;
	if ((rc = xxgk_store_figures(s, NULL, year - 1, year, &both, &both_count, err)) != XXGK_OK)
		return rc;
	y->figs = both;
	year_progress(35);
	if ((rc = xxgk_compose_outliers_of(&y->flags, both, both_count, NULL, year, NULL, err)) != XXGK_OK)
		return rc;
	year_progress(70);
	for (size_t i = 0; i < both_count; i++)
		np += both[i].year != year;
	y->prev = malloc((np ? np : 1) * sizeof *y->prev);
	if (!y->prev)
		goto nomem;
	for (size_t i = 0; i < both_count; i++)
		if (both[i].year != year) {
			serve_prev *p = &y->prev[y->prev_count++];
			memcpy(p->body, both[i].body, sizeof p->body);
			memcpy(p->sha256, both[i].sha256, sizeof p->sha256);
		} else {
			both[y->n++] = both[i];
		}
	qsort(y->prev, y->prev_count, sizeof *y->prev, year_cmp_prev);
	year_progress(72);
	if ((rc = xxgk_store_coverage(s, NULL, year, y->rollups, y->rollup_count, err)) != XXGK_OK ||
	    (rc = xxgk_store_finding_tallies(s, NULL, year, year, NULL, &tallies, &tally_count, err)) != XXGK_OK)
		return rc;
	year_progress(82);
	y->unchecked = xxgk_store_unchecked(s, NULL, year, year);
	n = y->n;
	y->bodies = calloc(n ? n : 1, sizeof *y->bodies);
	y->by_sha = malloc((n ? n : 1) * sizeof *y->by_sha);
	y->flag_index = malloc((y->flags.count ? y->flags.count : 1) * sizeof *y->flag_index);
	if (!y->bodies || !y->by_sha || !y->flag_index)
		goto nomem;
	for (size_t i = 0; i < n; i++) {
		serve_body *b = &y->bodies[i];
		b->f = &y->figs[i];
		b->publication = xxgk_publication_status(c->deadlines, b->f->level, b->f->year, b->f->published,
							 b->deadline, &b->days_late);
		y->by_sha[i] = i;
	}
	sort_year = y;  /* one reader thread fills */
	/* the overview's order: by region code, then name (its rank is every sort's tie-break) */
	qsort(y->by_sha, n, sizeof *y->by_sha, year_cmp_code);
	for (size_t i = 0; i < n; i++)
		y->bodies[y->by_sha[i]].index = i;
	qsort(y->by_sha, n, sizeof *y->by_sha, year_cmp_sha);
	for (size_t i = 0; i < tally_count; i++)
		year_tally(y, &tallies[i]);
	free(tallies);
	tallies = NULL;
	for (size_t i = 0; i < y->flags.count; i++)
		y->flag_index[i] = i;
	qsort(y->flag_index, y->flags.count, sizeof *y->flag_index, year_cmp_flag);
	for (size_t i = 0; i < y->flags.count; i++) {
		serve_body *b = serve_year_body(y, y->flags.items[y->flag_index[i]].sha256);
		if (!b)
			continue;
		if (!b->flag_count)
			b->first_flag = i;
		b->flag_count++;
	}
	year_progress(90);
	/* peer groups with their members, and each group's distribution of each figure */
	if (xxgk_peers_assign(&y->peers, y->figs, n, year, 0) != XXGK_OK)
		goto nomem;
	size_t gc = y->peers.group_count;
	y->member_at = calloc(gc + 1, sizeof *y->member_at);
	y->members = malloc((n ? n : 1) * sizeof *y->members);
	y->sums = calloc(gc ? gc * XXGK_FIG_COUNT : 1, sizeof *y->sums);
	x = malloc((n ? n : 1) * sizeof *x);
	if (!y->member_at || !y->members || !y->sums || !x)
		goto nomem;
	for (size_t i = 0; i < n; i++)
		if (y->peers.of[i] >= 0)
			y->member_at[y->peers.of[i] + 1]++;
	for (size_t g = 0; g < gc; g++)
		y->member_at[g + 1] += y->member_at[g];
	{
		size_t *fill = calloc(gc ? gc : 1, sizeof *fill);
		if (!fill)
			goto nomem;
		for (size_t i = 0; i < n; i++)
			if (y->peers.of[i] >= 0) {
				size_t g = (size_t)y->peers.of[i];
				y->members[y->member_at[g] + fill[g]++] = i;
			}
		free(fill);
	}
	for (size_t g = 0; g < gc; g++)
		for (int f = 0; f < XXGK_FIG_COUNT; f++) {
			size_t m = 0;
			for (size_t k = y->member_at[g]; k < y->member_at[g + 1]; k++)
				if (y->figs[y->members[k]].known & (1u << f))
					x[m++] = y->figs[y->members[k]].v[f];
			if (m && xxgk_stats_summary(&y->sums[g * XXGK_FIG_COUNT + (size_t)f], x, m) != XXGK_OK)
				y->sums[g * XXGK_FIG_COUNT + (size_t)f].n = 0;
		}
	/* each funnel's control limits on a log grid of volumes over its whole group, from the fit the
	   flags used: a binary search over the distribution each (a second a national year), so once */
	y->limits = calloc(y->flags.funnel_count ? y->flags.funnel_count * SERVE_LIMIT_GRID : 1, sizeof *y->limits);
	if (!y->limits)
		goto nomem;
	for (size_t k = 0; k < y->flags.funnel_count; k++) {
		const xxgk_group_funnel *gf = &y->flags.funnels[k];
		int num, den;
		double maxn = 0;
		xxgk_rate_figures(gf->rate, &num, &den);
		for (size_t g = 0; g < gc; g++)
			if (!strcmp(y->peers.groups[g].key, gf->group_key))
				for (size_t m = y->member_at[g]; m < y->member_at[g + 1]; m++) {
					const xxgk_body_figures *b = &y->figs[y->members[m]];
					if ((b->known >> num & 1u) && (b->known >> den & 1u) && b->v[den] > maxn)
						maxn = b->v[den];
				}
		double lo_n = XXGK_FUNNEL_MIN_TOTAL, hi_n = maxn > lo_n * 2 ? maxn * 1.1 : lo_n * 4;
		for (int i = 0; i < SERVE_LIMIT_GRID; i++) {
			double *l = y->limits[k * SERVE_LIMIT_GRID + (size_t)i];
			l[0] = floor(lo_n * pow(hi_n / lo_n, i / (double)(SERVE_LIMIT_GRID - 1)));
			xxgk_stats_funnel_limits(&l[1], &l[2], &gf->fit, l[0], XXGK_FUNNEL_P95);
			xxgk_stats_funnel_limits(&l[3], &l[4], &gf->fit, l[0], XXGK_FUNNEL_P998);
		}
	}
	free(x);
	return XXGK_OK;
nomem:
	free(x);
	free(tallies);
	return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory reading the year %d", year);
}

void serve_year_release(void)
{
	pthread_mutex_unlock(&year_mu);
}

void serve_year_drop(void)
{
	pthread_mutex_lock(&year_mu);
	year_clear(&year_kept);
	year_valid = false;
	pthread_mutex_unlock(&year_mu);
}

void serve_year_set_status(xxgk_store *s, const char *id)
{
	xxgk_finding_tally *t = NULL;
	size_t n = 0;
	xxgk_error err;
	pthread_mutex_lock(&year_mu);
	if (year_valid &&
	    xxgk_store_finding_tallies(s, NULL, year_kept.year, year_kept.year, id, &t, &n, &err) == XXGK_OK) {
		for (size_t i = 0; i < n; i++)
			year_tally(&year_kept, &t[i]);
	} else if (year_valid) {
		year_clear(&year_kept);   /* not recounted: read again when next asked */
		year_valid = false;
	}
	free(t);
	pthread_mutex_unlock(&year_mu);
}

const char *serve_year_stats(const serve_year *y, const char *region, size_t *len)
{
	for (size_t i = 0; i < SERVE_STATS_KEPT; i++)
		if (y->stats[i].body && !strcmp(y->stats[i].region, region)) {
			*len = y->stats[i].len;
			return y->stats[i].body;
		}
	return NULL;
}

void serve_year_keep_stats(const serve_year *cy, const char *region, const char *body, size_t len)
{
	serve_year *y = (serve_year *)cy;   /* held by the caller: the one thread using it */
	char *copy = strlen(region) < sizeof y->stats[0].region ? malloc(len + 1) : NULL;
	if (!copy)
		return;   /* not kept: made again when asked */
	memcpy(copy, body, len);
	copy[len] = '\0';
	/* the whole year's (made as the year is read) stays; the regions' take turns */
	size_t slot = 1 + y->stats_next++ % (SERVE_STATS_KEPT - 1);
	if (!region[0])
		slot = 0;
	free(y->stats[slot].body);
	snprintf(y->stats[slot].region, sizeof y->stats[slot].region, "%s", region);
	y->stats[slot].body = copy;
	y->stats[slot].len = len;
}

bool serve_year_flagged(const serve_year *y, const serve_body *b, const char *method, const char *figure)
{
	for (size_t k = b->first_flag; k < b->first_flag + b->flag_count; k++) {
		const xxgk_outlier *f = &y->flags.items[y->flag_index[k]];
		if (!strcmp(f->method, method) && !strcmp(f->figure, figure))
			return true;
	}
	return false;
}

/*
 * Reading: one thread reads a year (src/serve/year.c is its only filler), into
 * a serve_year of its own, outside year_mu, and swaps it in when done; pages
 * ask it for their year and wait for it at most SERVE_YEAR_WAIT_MS. Longer
 * (a national year, seconds), they answer at once that the year is being
 * read and how far (serve_year_loading): the page says so and asks again.
 * It reads the latest year when the server starts and after each check (the
 * last step of an upload on the page), before anyone asks; not after each
 * uploaded file: the page sends them one by one, and a reread between two
 * would hold the next upload up. It reads under the server's read lock, so
 * the store does not change under it.
 */
/* warm_year and fill_year besides years (a store with no report asks for year 0) */
#define SERVE_YEAR_LATEST (-1)
#define SERVE_YEAR_NONE (-2)

static pthread_mutex_t warm_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t warm_cv = PTHREAD_COND_INITIALIZER;   /* to the reader: a year is wanted */
static pthread_cond_t done_cv = PTHREAD_COND_INITIALIZER;   /* to pages: a read ended */
static pthread_t warm_thread;
static bool warm_running, warm_wanted, warm_stop;
static int warm_year;            /* the year wanted, SERVE_YEAR_LATEST: the latest */
static int fill_year = SERVE_YEAR_NONE, fill_percent;   /* the year being read now and how far */
static int failed_year = SERVE_YEAR_NONE;   /* the last read that failed, its error */
static xxgk_error failed_err;
static int failed_rc;

/* How far the read is: the share of its time each step takes on a national year, measured. */
static void year_progress(int percent)
{
	pthread_mutex_lock(&warm_mu);
	fill_percent = percent;
	pthread_mutex_unlock(&warm_mu);
}

int serve_year_get(serve_ctx *c, int year, const serve_year **out, serve_year_loading *loading, xxgk_error *err)
{
	(void)c;
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += SERVE_YEAR_WAIT_MS / 1000;
	until.tv_nsec += (SERVE_YEAR_WAIT_MS % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&warm_mu);
	for (;;) {
		pthread_mutex_lock(&year_mu);
		if (year_valid && year_kept.year == year) {
			pthread_mutex_unlock(&warm_mu);
			*out = &year_kept;
			return XXGK_OK;   /* year_mu held until serve_year_release */
		}
		pthread_mutex_unlock(&year_mu);
		if (failed_year == year) {
			/* said once; the next page asks for a new read */
			int rc = failed_rc;
			*err = failed_err;
			failed_year = SERVE_YEAR_NONE;
			pthread_mutex_unlock(&warm_mu);
			return rc;
		}
		if (fill_year != year && (!warm_wanted || warm_year != year)) {
			warm_year = year;
			warm_wanted = true;
			pthread_cond_signal(&warm_cv);
		}
		if (pthread_cond_timedwait(&done_cv, &warm_mu, &until) == ETIMEDOUT) {
			pthread_mutex_lock(&year_mu);
			bool ready = year_valid && year_kept.year == year;
			pthread_mutex_unlock(&year_mu);
			if (ready)
				continue;
			loading->year = year;
			loading->percent = fill_year == year ? fill_percent : 0;
			pthread_mutex_unlock(&warm_mu);
			return SERVE_YEAR_LOADING;
		}
	}
}

/* Test seam: with XXGK_SERVE_TEST_HOLD=FILE in the environment, a read waits until FILE exists, so
   a test sees the loading state without depending on how fast the machine is. */
static void year_test_hold(void)
{
	const char *hold = getenv("XXGK_SERVE_TEST_HOLD");
	while (hold && *hold && access(hold, F_OK) != 0) {
		struct timespec t = { 0, 20 * 1000000L };
		nanosleep(&t, NULL);
	}
}

static void year_warm_once(serve_ctx *c, int want)
{
	xxgk_store *s = NULL;
	xxgk_error err;
	int year = want, rc;
	bool asked = want != SERVE_YEAR_LATEST;   /* a page's year is read even when the store has none */
	serve_year fresh;
	memset(&fresh, 0, sizeof fresh);
	pthread_rwlock_rdlock(c->lock);
	rc = xxgk_store_open(&s, c->db, XXGK_STORE_READONLY, &err);
	if (rc == XXGK_OK && !asked)
		rc = xxgk_store_latest_year(s, &year, &err);
	pthread_mutex_lock(&year_mu);
	bool kept = year_valid && year_kept.year == year;
	pthread_mutex_unlock(&year_mu);
	if (rc == XXGK_OK && (asked || year > 0) && !kept) {
		pthread_mutex_lock(&warm_mu);
		fill_year = year;
		fill_percent = 0;
		pthread_mutex_unlock(&warm_mu);
		year_test_hold();
		rc = year_fill(&fresh, c, s, year, &err);
		if (rc == XXGK_OK)
			api_stats_prepare(c, &fresh);
		pthread_mutex_lock(&year_mu);
		if (rc == XXGK_OK) {
			year_clear(&year_kept);
			year_kept = fresh;
			year_valid = true;
		} else {
			year_clear(&fresh);
		}
		pthread_mutex_unlock(&year_mu);
	}
	xxgk_store_close(s);
	pthread_rwlock_unlock(c->lock);
	pthread_mutex_lock(&warm_mu);
	if (rc != XXGK_OK && asked) {
		failed_year = year;
		failed_rc = rc;
		failed_err = err;
	}
	fill_year = SERVE_YEAR_NONE;
	pthread_cond_broadcast(&done_cv);
	pthread_mutex_unlock(&warm_mu);
}

static void *year_warm_main(void *arg)
{
	serve_ctx *c = arg;
	pthread_mutex_lock(&warm_mu);
	for (;;) {
		while (!warm_wanted && !warm_stop)
			pthread_cond_wait(&warm_cv, &warm_mu);
		if (warm_stop)
			break;
		warm_wanted = false;
		int want = warm_year;
		pthread_mutex_unlock(&warm_mu);
		year_warm_once(c, want);
		pthread_mutex_lock(&warm_mu);
	}
	pthread_mutex_unlock(&warm_mu);
	return NULL;
}

int serve_year_warm_start(serve_ctx *c)
{
	warm_wanted = true;
	warm_year = SERVE_YEAR_LATEST;
	warm_stop = false;
	if (pthread_create(&warm_thread, NULL, year_warm_main, c))
		return -1;
	warm_running = true;
	return 0;
}

void serve_year_warm(void)
{
	pthread_mutex_lock(&warm_mu);
	warm_wanted = true;
	warm_year = SERVE_YEAR_LATEST;
	pthread_cond_signal(&warm_cv);
	pthread_mutex_unlock(&warm_mu);
}

void serve_year_warm_stop(void)
{
	if (!warm_running)
		return;
	pthread_mutex_lock(&warm_mu);
	warm_stop = true;
	pthread_cond_signal(&warm_cv);
	pthread_mutex_unlock(&warm_mu);
	pthread_join(warm_thread, NULL);
	warm_running = false;
}
