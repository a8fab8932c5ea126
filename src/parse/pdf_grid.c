/*
 * pdf_grid.c — a page's rules into tables (pdf_int.h). Rules that cross
 * make a table: the distinct x of its vertical rules and y of its
 * horizontal rules give a grid; neighbouring grid cells with no rule between
 * them are one merged cell (rowspan, colspan); each character goes to the
 * cell holding its centre.
 */
#include <math.h>
#include <string.h>

#include "pdf_int.h"

static int pdf_double_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* --------------------------------------------------------------- tables */

static size_t pdf_uf_find(size_t *parent, size_t i)
{
	while (parent[i] != i) {
		parent[i] = parent[parent[i]];
		i = parent[i];
	}
	return i;
}

static void pdf_uf_union(size_t *parent, size_t a, size_t b)
{
	a = pdf_uf_find(parent, a);
	b = pdf_uf_find(parent, b);
	if (a != b)
		parent[a < b ? b : a] = a < b ? a : b;
}

/* Sorts v[0..n) and merges values closer than PDF_GRID_TOL_PT; returns the count left. */
static int pdf_cluster(double *v, int n)
{
	if (n == 0)
		return 0;
	qsort(v, (size_t)n, sizeof *v, pdf_double_cmp);
	int out = 0;
	double sum = v[0];
	int members = 1;
	for (int k = 1; k <= n; k++) {
		if (k < n && v[k] - v[k - 1] <= PDF_GRID_TOL_PT) {
			sum += v[k];
			members++;
			continue;
		}
		v[out++] = sum / members;
		if (k < n) {
			sum = v[k];
			members = 1;
		}
	}
	return out;
}

/* Index of the grid line of `lines` nearest to `p`, or -1 if none within tolerance. */
static int pdf_nearest(const double *lines, int n, double p)
{
	int best = -1;
	double d = PDF_GRID_TOL_PT;
	for (int k = 0; k < n; k++) {
		double e = fabs(lines[k] - p);
		if (e <= d) {
			d = e;
			best = k;
		}
	}
	return best;
}

/* Index of the band [lines[k], lines[k+1]) holding p, clamped to the table. */
static int pdf_band(const double *lines, int n, double p)
{
	int lo = 0, hi = n - 2;
	while (lo < hi) {
		int mid = (lo + hi + 1) / 2;
		if (lines[mid] <= p)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

/*
 * Builds the table made of the rules `members` (indices into hs then vs):
 * its grid, merged cells, and the characters it holds. A frame around prose
 * (every cell as wide as the table) is no table. XXGK_OK or XXGK_ENOMEM.
 */
static int pdf_build_table(pdf_page *pg, const size_t *members, size_t count)
{
	int rc = XXGK_OK;
	double *xs = NULL, *ys = NULL, *vcov = NULL, *hcov = NULL;
	size_t *parent = NULL;
	int32_t *cell_at = NULL;
	int nx = 0, ny = 0;
	double minx = INFINITY, maxx = -INFINITY, miny = INFINITY, maxy = -INFINITY;
	xs = malloc((count + 2) * sizeof *xs);
	ys = malloc((count + 2) * sizeof *ys);
	if (!xs || !ys) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	for (size_t k = 0; k < count; k++) {
		size_t m = members[k];
		if (m < pg->h_count) {
			const pdf_seg *s = &pg->hs[m];
			ys[ny++] = s->pos;
			minx = fmin(minx, s->a);
			maxx = fmax(maxx, s->b);
		} else {
			const pdf_seg *s = &pg->vs[m - pg->h_count];
			xs[nx++] = s->pos;
			miny = fmin(miny, s->a);
			maxy = fmax(maxy, s->b);
		}
	}
	nx = pdf_cluster(xs, nx);
	ny = pdf_cluster(ys, ny);
	/* rules that stop short of the outer border: the table reaches their ends */
	if (minx < xs[0] - PDF_GRID_TOL_PT) {
		memmove(xs + 1, xs, (size_t)nx * sizeof *xs);
		xs[0] = minx;
		nx++;
	}
	if (maxx > xs[nx - 1] + PDF_GRID_TOL_PT)
		xs[nx++] = maxx;
	if (miny < ys[0] - PDF_GRID_TOL_PT) {
		memmove(ys + 1, ys, (size_t)ny * sizeof *ys);
		ys[0] = miny;
		ny++;
	}
	if (maxy > ys[ny - 1] + PDF_GRID_TOL_PT)
		ys[ny++] = maxy;
	if (nx < 2 || ny < 2 || nx > PDF_MAX_GRID || ny > PDF_MAX_GRID)
		goto done;
	int nr = ny - 1, nc = nx - 1;
	size_t cells = (size_t)nr * (size_t)nc;
	/* how much of each grid edge a rule covers */
	vcov = calloc((size_t)nr * (size_t)nx, sizeof *vcov);
	hcov = calloc((size_t)ny * (size_t)nc, sizeof *hcov);
	parent = malloc(cells * sizeof *parent);
	cell_at = malloc(cells * sizeof *cell_at);
	if (!vcov || !hcov || !parent || !cell_at) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	for (size_t k = 0; k < count; k++) {
		size_t m = members[k];
		bool horizontal = m < pg->h_count;
		const pdf_seg *s = horizontal ? &pg->hs[m] : &pg->vs[m - pg->h_count];
		const double *along = horizontal ? xs : ys;
		int n_along = horizontal ? nx : ny;
		int line = pdf_nearest(horizontal ? ys : xs, horizontal ? ny : nx, s->pos);
		if (line < 0)
			continue;
		for (int b = 0; b + 1 < n_along; b++) {
			double lo = fmax(s->a, along[b]), hi = fmin(s->b, along[b + 1]);
			if (hi <= lo)
				continue;
			if (horizontal)
				hcov[(size_t)line * (size_t)nc + (size_t)b] += hi - lo;
			else
				vcov[(size_t)b * (size_t)nx + (size_t)line] += hi - lo;
		}
	}
	for (size_t k = 0; k < cells; k++)
		parent[k] = k;
	for (int r = 0; r < nr; r++)
		for (int c = 0; c < nc; c++) {
			size_t at = (size_t)r * (size_t)nc + (size_t)c;
			if (c + 1 < nc && vcov[(size_t)r * (size_t)nx + (size_t)c + 1] < 0.5 * (ys[r + 1] - ys[r]))
				pdf_uf_union(parent, at, at + 1);
			if (r + 1 < nr && hcov[(size_t)(r + 1) * (size_t)nc + (size_t)c] < 0.5 * (xs[c + 1] - xs[c]))
				pdf_uf_union(parent, at, at + (size_t)nc);
		}
	/* the merged cells, numbered in reading order of their top-left corner */
	bool narrow = false;   /* some cell is narrower than the table */
	size_t base = pg->cell_count;
	for (size_t k = 0; k < cells; k++)
		cell_at[k] = -1;
	for (int r = 0; r < nr; r++)
		for (int c = 0; c < nc; c++) {
			size_t at = (size_t)r * (size_t)nc + (size_t)c;
			size_t root = pdf_uf_find(parent, at);
			if (cell_at[root] >= 0) {
				cell_at[at] = cell_at[root];
				continue;
			}
			if (pg->cell_count >= INT32_MAX - 1 ||
			    !pdf_grow((void **)&pg->cells, &pg->cell_cap, pg->cell_count, sizeof *pg->cells)) {
				pg->cell_count = base;
				rc = XXGK_ENOMEM;
				goto done;
			}
			pdf_cell *cell = &pg->cells[pg->cell_count];
			cell->r0 = r;
			cell->c0 = c;
			cell->first = cell->count = 0;
			cell_at[root] = cell_at[at] = (int32_t)pg->cell_count++;
		}
	for (size_t k = 0; k < cells && !narrow; k++) {
		/* a cell is narrower than the table when a grid neighbour on its row is another cell */
		size_t c = k % (size_t)nc;
		if (c + 1 < (size_t)nc && cell_at[k] != cell_at[k + 1])
			narrow = true;
	}
	if (!narrow) {
		pg->cell_count = base;   /* a frame, or boxes stacked: prose */
		goto done;
	}
	if (!pdf_grow((void **)&pg->tables, &pg->table_cap, pg->table_count, sizeof *pg->tables)) {
		pg->cell_count = base;
		rc = XXGK_ENOMEM;
		goto done;
	}
	for (size_t k = 0; k < pg->char_count; k++) {
		pdf_char *ch = &pg->chars[k];
		double cx = (ch->x0 + ch->x1) / 2, cy = (ch->y0 + ch->y1) / 2;
		if (ch->cell >= 0 || cx < xs[0] || cx > xs[nx - 1] || cy < ys[0] || cy > ys[ny - 1])
			continue;
		int c = pdf_band(xs, nx, cx), r = pdf_band(ys, ny, cy);
		ch->cell = cell_at[(size_t)r * (size_t)nc + (size_t)c];
	}
	pdf_table *t = &pg->tables[pg->table_count++];
	t->xs = xs;
	t->ys = ys;
	t->nx = nx;
	t->ny = ny;
	t->cell_at = cell_at;
	xs = ys = NULL;
	cell_at = NULL;
done:
	free(xs);
	free(ys);
	free(vcov);
	free(hcov);
	free(parent);
	free(cell_at);
	return rc;
}

/* Groups the page's rules into tables (rules that touch or cross). */
int xxgk__pdf_find_tables(pdf_page *pg)
{
	int rc = XXGK_OK;
	size_t n = pg->h_count + pg->v_count;
	size_t *parent = NULL, *order = NULL;
	pdf_key *keys = NULL;
	if (pg->h_count < 2 || pg->v_count < 2)
		goto done;   /* no grid without two rules each way */
	parent = malloc(n * sizeof *parent);
	order = malloc(n * sizeof *order);
	if (!parent || !order) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	for (size_t k = 0; k < n; k++)
		parent[k] = k;
	const double tol = PDF_GRID_TOL_PT;
	for (size_t i = 0; i < pg->h_count; i++) {
		const pdf_seg *h = &pg->hs[i];
		for (size_t j = 0; j < pg->v_count; j++) {
			const pdf_seg *v = &pg->vs[j];
			if (v->pos >= h->a - tol && v->pos <= h->b + tol && h->pos >= v->a - tol && h->pos <= v->b + tol)
				pdf_uf_union(parent, i, pg->h_count + j);
		}
	}
	/* rules grouped by component, components in order of their smallest rule */
	keys = malloc(n * sizeof *keys);
	if (!keys) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	for (size_t k = 0; k < n; k++) {
		keys[k].key = (double)pdf_uf_find(parent, k);
		keys[k].i = (uint32_t)k;
	}
	qsort(keys, n, sizeof *keys, xxgk__pdf_key_cmp);
	for (size_t k = 0; k < n; k++)
		order[k] = keys[k].i;
	for (size_t start = 0; start < n && rc == XXGK_OK;) {
		size_t end = start, hn = 0, vn = 0;
		while (end < n && keys[end].key == keys[start].key) {
			if (order[end] < pg->h_count)
				hn++;
			else
				vn++;
			end++;
		}
		if (hn >= 2 && vn >= 2 && pg->table_count < PDF_MAX_TABLES)
			rc = pdf_build_table(pg, order + start, end - start);
		start = end;
	}
done:
	free(parent);
	free(order);
	free(keys);
	return rc;
}
