/*
 * layout.c — the layout model of include/xxgk/render.h: a document as plain
 * data, blocks in reading order, and its JSON form for tests.
 *
 * Exports xxgk_layout_new/free, the xxgk_layout_* block constructors,
 * xxgk_layout_to_json, and render_layout_each_string (render_int.h) for the
 * PDF backend. Nothing here knows libharu.
 *
 * Every string is copied. Bytes that are not UTF-8 are replaced by U+FFFD
 * when copied, so the backend and the JSON writer only ever see valid UTF-8.
 * A constructor that fails leaves the layout as it was. Tables are numbered
 * 表1, 表2 … and charts 图1, 图2 … in the order they are added (GB/T 9704
 * has no rule for this; it is the convention of 统计公报 and of the national
 * report format's own tables).
 *
 * The JSON (xxgk_layout_to_json) is written by hand: one object, "blocks" an
 * array with one block per line; numbers with 15 significant digits (17 when
 * 15 do not read back the same), NaN and infinities as null.
 */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/common_int.h"
#include "render_int.h"

/* ---- strings ---- */

/*
 * Copies `s` into *out, replacing invalid UTF-8 with U+FFFD. NULL stays NULL.
 * XXGK_ETOOBIG above XXGK_LAYOUT_TEXT_CAP bytes, XXGK_ENOMEM.
 */
static int layout_copy(char **out, const char *s)
{
	int rc = XXGK_OK;
	xxgk_buf b;
	size_t len, i = 0;
	*out = NULL;
	xxgk_buf_init(&b);
	if (!s)
		goto done;
	len = strlen(s);
	if (len > XXGK_LAYOUT_TEXT_CAP) {
		rc = XXGK_ETOOBIG;
		goto done;
	}
	xxgk_buf_append(&b, "", 0);   /* room for all, and the NUL of an empty string */
	xxgk_buf_reserve(&b, len);
	while (i < len) {
		uint32_t cp;
		size_t n = xxgk_utf8_decode((const unsigned char *)s + i, len - i, &cp);
		if (n == 0) {
			xxgk_buf_append(&b, "\xEF\xBF\xBD", 3);
			i++;
		} else {
			xxgk_buf_append(&b, s + i, n);
			i += n;
		}
	}
	if (b.failed || !(*out = xxgk_buf_detach(&b)))
		rc = XXGK_ENOMEM;
done:
	xxgk_buf_free(&b);
	return rc;
}

/* Copies `n` strings (entries may be NULL; `src` itself may be NULL: all NULL). */
static int layout_copy_strings(char ***out, const char *const *src, size_t n)
{
	int rc = XXGK_OK;
	char **v = calloc(n ? n : 1, sizeof *v);
	if (!v) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	for (size_t i = 0; i < n && src && rc == XXGK_OK; i++)
		rc = layout_copy(&v[i], src[i]);
done:
	if (rc != XXGK_OK && v) {
		for (size_t i = 0; i < n; i++)
			free(v[i]);
		free(v);
		v = NULL;
	}
	*out = v;
	return rc;
}

static void layout_free_strings(char **v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Copies `n` doubles (n may be 0). */
static int layout_copy_doubles(double **out, const double *src, size_t n)
{
	*out = malloc((n ? n : 1) * sizeof **out);
	if (!*out)
		return XXGK_ENOMEM;
	if (n)
		memcpy(*out, src, n * sizeof **out);
	return XXGK_OK;
}

/* ---- blocks ---- */

static void layout_table_free(render_table *t)
{
	if (!t)
		return;
	for (size_t r = 0; r < t->row_count; r++)
		layout_free_strings(t->rows[r].cells, (size_t)t->cols);
	free(t->rows);
	layout_free_strings(t->headers, (size_t)t->cols);
	free(t->widths);
	free(t->aligns);
	free(t->caption);
	free(t->unit);
	free(t);
}

static void layout_chart_free(render_chart *c)
{
	if (!c)
		return;
	free(c->title);
	free(c->x_label);
	free(c->y_label);
	free(c->source);
	layout_free_strings(c->labels, c->n);
	free(c->values);
	layout_free_strings(c->series_names, c->series);
	free(c->x);
	free(c->y);
	free(c->x_limit);
	free(c->limits);
	free(c->marks);
	free(c->takeaway);
	free(c);
}

static void layout_block_free(render_block *b)
{
	layout_free_strings(b->items, b->item_count);
	free(b->text);
	layout_table_free(b->table);
	layout_chart_free(b->chart);
}

/*
 * Appends `b` (whose owned parts pass to the layout on success; on failure
 * the caller still owns them). XXGK_ETOOBIG past XXGK_LAYOUT_BLOCK_CAP.
 */
static int layout_push(xxgk_layout *l, const render_block *b)
{
	if (l->block_count >= XXGK_LAYOUT_BLOCK_CAP)
		return XXGK_ETOOBIG;
	if (l->block_count == l->block_cap) {
		size_t cap = l->block_cap ? l->block_cap * 2 : 32;
		render_block *v = realloc(l->blocks, cap * sizeof *v);
		if (!v)
			return XXGK_ENOMEM;
		l->blocks = v;
		l->block_cap = cap;
	}
	l->blocks[l->block_count++] = *b;
	return XXGK_OK;
}

/* A text block: title, subtitle, heading, paragraph, note. */
static int layout_text_block(xxgk_layout *l, render_block_kind kind, int level, const char *text)
{
	int rc;
	render_block b = { .kind = kind, .level = level };
	assert(l && text);
	rc = layout_copy(&b.text, text);
	if (rc == XXGK_OK)
		rc = layout_push(l, &b);
	if (rc != XXGK_OK)
		free(b.text);
	return rc;
}

int xxgk_layout_new(xxgk_layout **out, const char *title)
{
	int rc;
	xxgk_layout *l;
	assert(out && title);
	*out = NULL;
	l = calloc(1, sizeof *l);
	if (!l)
		return XXGK_ENOMEM;
	rc = layout_text_block(l, RENDER_BLOCK_TITLE, 0, title);
	if (rc != XXGK_OK) {
		xxgk_layout_free(l);
		l = NULL;
	}
	*out = l;
	return rc;
}

void xxgk_layout_free(xxgk_layout *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->block_count; i++)
		layout_block_free(&l->blocks[i]);
	free(l->blocks);
	free(l->doc_number);
	free(l->subject);
	free(l);
}

int xxgk_layout_subtitle(xxgk_layout *l, const char *text)
{
	return layout_text_block(l, RENDER_BLOCK_SUBTITLE, 0, text);
}

int xxgk_layout_heading(xxgk_layout *l, int level, const char *text)
{
	if (level != 1 && level != 2)
		return XXGK_EINVAL;
	return layout_text_block(l, RENDER_BLOCK_HEADING, level, text);
}

int xxgk_layout_paragraph(xxgk_layout *l, const char *text)
{
	return layout_text_block(l, RENDER_BLOCK_PARAGRAPH, 0, text);
}

int xxgk_layout_note(xxgk_layout *l, const char *text)
{
	return layout_text_block(l, RENDER_BLOCK_NOTE, 0, text);
}

int xxgk_layout_page_break(xxgk_layout *l)
{
	render_block b = { .kind = RENDER_BLOCK_PAGE_BREAK };
	assert(l);
	return layout_push(l, &b);
}

/* ---- tables ---- */

int xxgk_layout_table_count(const xxgk_layout *l)
{
	assert(l);
	return l->table_count;
}


int xxgk_layout_table(xxgk_layout *l, const char *caption, const char *unit, int cols,
		      const char *const *headers, const double *widths, const int *aligns)
{
	int rc = XXGK_OK;
	render_table *t = NULL;
	render_block b = { .kind = RENDER_BLOCK_TABLE };
	assert(l && caption && headers && widths && aligns);
	if (cols < 1 || cols > XXGK_LAYOUT_COL_CAP) {
		rc = cols < 1 ? XXGK_EINVAL : XXGK_ETOOBIG;
		goto done;
	}
	for (int c = 0; c < cols; c++)
		if (!(widths[c] > 0) || !isfinite(widths[c]) || aligns[c] < XXGK_ALIGN_LEFT ||
		    aligns[c] > XXGK_ALIGN_CENTER) {
			rc = XXGK_EINVAL;
			goto done;
		}
	t = calloc(1, sizeof *t);
	if (!t) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	t->cols = cols;
	if ((rc = layout_copy(&t->caption, caption)) != XXGK_OK || (rc = layout_copy(&t->unit, unit)) != XXGK_OK ||
	    (rc = layout_copy_strings(&t->headers, headers, (size_t)cols)) != XXGK_OK ||
	    (rc = layout_copy_doubles(&t->widths, widths, (size_t)cols)) != XXGK_OK)
		goto done;
	for (int c = 0; c < cols && rc == XXGK_OK; c++)
		if (!t->headers[c] && !(t->headers[c] = xxgk_strdup("")))
			rc = XXGK_ENOMEM;
	if (rc != XXGK_OK)
		goto done;
	t->aligns = malloc((size_t)cols * sizeof *t->aligns);
	if (!t->aligns) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	memcpy(t->aligns, aligns, (size_t)cols * sizeof *t->aligns);
	b.number = l->table_count + 1;
	b.table = t;
	rc = layout_push(l, &b);
	if (rc == XXGK_OK) {
		l->table_count++;
		t = NULL;
	}
done:
	layout_table_free(t);
	return rc;
}

int xxgk_layout_table_row(xxgk_layout *l, const char *const *cells, bool emphasis)
{
	int rc = XXGK_OK;
	render_table *t;
	render_row row = { .emphasis = emphasis };
	assert(l && cells);
	if (l->block_count == 0 || l->blocks[l->block_count - 1].kind != RENDER_BLOCK_TABLE) {
		rc = XXGK_EINVAL;   /* rows follow their table directly */
		goto done;
	}
	t = l->blocks[l->block_count - 1].table;
	if (t->row_count >= XXGK_LAYOUT_ROW_CAP) {
		rc = XXGK_ETOOBIG;
		goto done;
	}
	if (t->row_count == t->row_cap) {
		size_t cap = t->row_cap ? t->row_cap * 2 : 16;
		render_row *v = realloc(t->rows, cap * sizeof *v);
		if (!v) {
			rc = XXGK_ENOMEM;
			goto done;
		}
		t->rows = v;
		t->row_cap = cap;
	}
	rc = layout_copy_strings(&row.cells, cells, (size_t)t->cols);
	if (rc == XXGK_OK)
		t->rows[t->row_count++] = row;
done:
	return rc;
}

/* ---- charts ---- */

static int layout_chart_push(xxgk_layout *l, render_block_kind kind, render_chart *c)
{
	render_block b = { .kind = kind, .chart = c, .number = l->chart_count + 1 };
	int rc = layout_push(l, &b);
	if (rc == XXGK_OK)
		l->chart_count++;
	return rc;
}

/* The strings every chart has. */
static int layout_chart_texts(render_chart *c, const char *title, const char *x_label, const char *y_label,
			      const char *source)
{
	int rc;
	if ((rc = layout_copy(&c->title, title)) == XXGK_OK && (rc = layout_copy(&c->x_label, x_label)) == XXGK_OK &&
	    (rc = layout_copy(&c->y_label, y_label)) == XXGK_OK)
		rc = layout_copy(&c->source, source);
	return rc;
}

int xxgk_layout_bar_chart(xxgk_layout *l, const char *title, const char *axis_label, const char *source,
			  size_t n, const char *const *labels, const double *values)
{
	int rc = XXGK_OK;
	render_chart *c = NULL;
	assert(l && title && (n == 0 || (labels && values)));
	if (n == 0 || n > XXGK_LAYOUT_CHART_CAP) {
		rc = n == 0 ? XXGK_EINVAL : XXGK_ETOOBIG;
		goto done;
	}
	c = calloc(1, sizeof *c);
	if (!c) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	c->n = n;
	if ((rc = layout_chart_texts(c, title, NULL, axis_label, source)) != XXGK_OK ||
	    (rc = layout_copy_strings(&c->labels, labels, n)) != XXGK_OK ||
	    (rc = layout_copy_doubles(&c->values, values, n)) != XXGK_OK ||
	    (rc = layout_chart_push(l, RENDER_BLOCK_BAR_CHART, c)) != XXGK_OK)
		goto done;
	c = NULL;
done:
	layout_chart_free(c);
	return rc;
}

int xxgk_layout_line_chart(xxgk_layout *l, const char *title, const char *x_label, const char *y_label,
			   const char *source, size_t points, const char *const *x_labels, size_t series,
			   const char *const *series_names, const double *values)
{
	int rc = XXGK_OK;
	render_chart *c = NULL;
	assert(l && title && (points == 0 || x_labels) && (series == 0 || (series_names && values)));
	if (points == 0 || series == 0 || points > XXGK_LAYOUT_CHART_CAP || series > XXGK_LAYOUT_SERIES_CAP) {
		rc = points == 0 || series == 0 ? XXGK_EINVAL : XXGK_ETOOBIG;
		goto done;
	}
	c = calloc(1, sizeof *c);
	if (!c) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	c->n = points;
	c->series = series;
	if ((rc = layout_chart_texts(c, title, x_label, y_label, source)) != XXGK_OK ||
	    (rc = layout_copy_strings(&c->labels, x_labels, points)) != XXGK_OK ||
	    (rc = layout_copy_strings(&c->series_names, series_names, series)) != XXGK_OK ||
	    (rc = layout_copy_doubles(&c->values, values, series * points)) != XXGK_OK ||
	    (rc = layout_chart_push(l, RENDER_BLOCK_LINE_CHART, c)) != XXGK_OK)
		goto done;
	c = NULL;
done:
	layout_chart_free(c);
	return rc;
}

int xxgk_layout_funnel(xxgk_layout *l, const char *title, const char *x_label, const char *y_label,
		       const char *source, size_t n, const double *x, const double *y, const char *const *labels,
		       const int *marks, double target, size_t m, const double *x_limit, const double *limits)
{
	int rc = XXGK_OK;
	render_chart *c = NULL;
	assert(l && title && (n == 0 || (x && y)) && (m == 0 || (x_limit && limits)));
	if (n == 0 || n > XXGK_LAYOUT_CHART_CAP || m > XXGK_LAYOUT_CHART_CAP) {
		rc = n == 0 ? XXGK_EINVAL : XXGK_ETOOBIG;
		goto done;
	}
	c = calloc(1, sizeof *c);
	if (!c) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	c->n = n;
	c->m = m;
	c->target = target;
	if ((rc = layout_chart_texts(c, title, x_label, y_label, source)) != XXGK_OK ||
	    (rc = layout_copy_doubles(&c->x, x, n)) != XXGK_OK || (rc = layout_copy_doubles(&c->y, y, n)) != XXGK_OK ||
	    (rc = layout_copy_doubles(&c->x_limit, x_limit, m)) != XXGK_OK ||
	    (rc = layout_copy_doubles(&c->limits, limits, m * 4)) != XXGK_OK)
		goto done;
	if (labels && (rc = layout_copy_strings(&c->labels, labels, n)) != XXGK_OK)
		goto done;
	if (marks) {
		for (size_t i = 0; i < n; i++)
			if (marks[i] < 0 || marks[i] > 2) {
				rc = XXGK_EINVAL;
				goto done;
			}
		if (!(c->marks = malloc(n * sizeof *c->marks))) {
			rc = XXGK_ENOMEM;
			goto done;
		}
		memcpy(c->marks, marks, n * sizeof *c->marks);
	}
	if ((rc = layout_chart_push(l, RENDER_BLOCK_FUNNEL, c)) != XXGK_OK)
		goto done;
	c = NULL;
done:
	layout_chart_free(c);
	return rc;
}

int xxgk_layout_takeaway(xxgk_layout *l, const char *text)
{
	render_block *b;
	char *t;
	int rc;
	assert(l && text);
	if (l->block_count == 0 || !(b = &l->blocks[l->block_count - 1])->chart)
		return XXGK_EINVAL;
	if ((rc = layout_copy(&t, text)) != XXGK_OK)
		return rc;
	free(b->chart->takeaway);
	b->chart->takeaway = t;
	return XXGK_OK;
}

/* ---- the document's parts around the text ---- */

static int layout_set(char **field, const char *text)
{
	char *t;
	int rc = layout_copy(&t, text);
	if (rc == XXGK_OK) {
		free(*field);
		*field = t;
	}
	return rc;
}

int xxgk_layout_doc_number(xxgk_layout *l, const char *text)
{
	assert(l && text);
	return layout_set(&l->doc_number, text);
}

int xxgk_layout_subject(xxgk_layout *l, const char *text)
{
	assert(l && text);
	return layout_set(&l->subject, text);
}

int xxgk_layout_addressees(xxgk_layout *l, const char *text)
{
	return layout_text_block(l, RENDER_BLOCK_ADDRESSEES, 0, text);
}

/* A block with a text and `n` item strings (NULL items become ""). */
static int layout_items_block(xxgk_layout *l, render_block_kind kind, const char *text, size_t n,
			      const char *const *items)
{
	int rc;
	render_block b = { .kind = kind, .item_count = n };
	if ((rc = layout_copy(&b.text, text)) != XXGK_OK || (rc = layout_copy_strings(&b.items, items, n)) != XXGK_OK)
		goto done;
	for (size_t i = 0; i < n && rc == XXGK_OK; i++)
		if (!b.items[i] && !(b.items[i] = xxgk_strdup("")))
			rc = XXGK_ENOMEM;
	if (rc == XXGK_OK && (rc = layout_push(l, &b)) == XXGK_OK)
		return rc;
done:
	layout_free_strings(b.items, b.items ? n : 0);
	free(b.text);
	return rc;
}

/* Lines in a key-findings box: more is no longer a summary. */
#define LAYOUT_KEYPOINTS_CAP 12

int xxgk_layout_keypoints(xxgk_layout *l, const char *title, size_t n, const char *const *lines)
{
	assert(l && title && (n == 0 || lines));
	if (n == 0 || n > LAYOUT_KEYPOINTS_CAP)
		return n == 0 ? XXGK_EINVAL : XXGK_ETOOBIG;
	return layout_items_block(l, RENDER_BLOCK_KEYPOINTS, title, n, lines);
}

int xxgk_layout_signature(xxgk_layout *l, const char *issuer, const char *date_text)
{
	const char *items[2] = { issuer ? issuer : "", date_text };
	assert(l && date_text);
	return layout_items_block(l, RENDER_BLOCK_SIGNATURE, NULL, 2, items);
}

int xxgk_layout_attachments(xxgk_layout *l, size_t n, const char *const *names)
{
	assert(l && (n == 0 || names));
	if (n == 0 || n > 9)
		return n == 0 ? XXGK_EINVAL : XXGK_ETOOBIG;
	return layout_items_block(l, RENDER_BLOCK_ATTACHMENTS, NULL, n, names);
}

int xxgk_layout_annex(xxgk_layout *l, const char *label, const char *title)
{
	assert(l && label && title);
	return layout_items_block(l, RENDER_BLOCK_ANNEX, label, 1, &title);
}

/* ---- walking the strings ---- */

static void each_chart_string(const render_chart *c, void (*fn)(void *ctx, const char *s), void *ctx)
{
	const char *fixed[] = { c->title, c->x_label, c->y_label, c->source };
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		if (fixed[i])
			fn(ctx, fixed[i]);
	for (size_t i = 0; c->labels && i < c->n; i++)
		if (c->labels[i])
			fn(ctx, c->labels[i]);
	for (size_t i = 0; c->series_names && i < c->series; i++)
		if (c->series_names[i])
			fn(ctx, c->series_names[i]);
	if (c->takeaway)
		fn(ctx, c->takeaway);
}

void render_layout_each_string(const xxgk_layout *l, void (*fn)(void *ctx, const char *s), void *ctx)
{
	if (l->doc_number)
		fn(ctx, l->doc_number);
	for (size_t i = 0; i < l->block_count; i++) {
		const render_block *b = &l->blocks[i];
		if (b->text)
			fn(ctx, b->text);
		for (size_t k = 0; k < b->item_count; k++)
			fn(ctx, b->items[k]);
		if (b->table) {
			const render_table *t = b->table;
			fn(ctx, t->caption);
			if (t->unit)
				fn(ctx, t->unit);
			for (int c = 0; c < t->cols; c++)
				fn(ctx, t->headers[c]);
			for (size_t r = 0; r < t->row_count; r++)
				for (int c = 0; c < t->cols; c++)
					if (t->rows[r].cells[c])
						fn(ctx, t->rows[r].cells[c]);
		}
		if (b->chart)
			each_chart_string(b->chart, fn, ctx);
	}
}

/* ---- JSON ---- */

static void json_string(xxgk_buf *o, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	if (!s) {
		xxgk_buf_puts(o, "null");
		return;
	}
	xxgk_buf_putc(o, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': xxgk_buf_puts(o, "\\\""); break;
		case '\\': xxgk_buf_puts(o, "\\\\"); break;
		case '\n': xxgk_buf_puts(o, "\\n"); break;
		case '\r': xxgk_buf_puts(o, "\\r"); break;
		case '\t': xxgk_buf_puts(o, "\\t"); break;
		case '\b': xxgk_buf_puts(o, "\\b"); break;
		case '\f': xxgk_buf_puts(o, "\\f"); break;
		default:
			if (*p < 0x20) {
				char esc[7] = { '\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 15], '\0' };
				xxgk_buf_puts(o, esc);
			} else {
				xxgk_buf_putc(o, (char)*p);
			}
		}
	}
	xxgk_buf_putc(o, '"');
}

/* A double as JSON: the shortest of %.15g / %.17g that reads back exactly; null when not finite. */
static void json_number(xxgk_buf *o, double v)
{
	char s[40];
	if (!isfinite(v)) {
		xxgk_buf_puts(o, "null");
		return;
	}
	snprintf(s, sizeof s, "%.15g", v);
	if (strtod(s, NULL) != v)
		snprintf(s, sizeof s, "%.17g", v);
	for (char *p = s; *p; p++)   /* a locale with a decimal comma */
		if (*p == ',')
			*p = '.';
	xxgk_buf_puts(o, s);
}

static void json_key(xxgk_buf *o, const char *key)
{
	xxgk_buf_printf(o, ",\"%s\":", key);
}

static void json_string_array(xxgk_buf *o, char *const *v, size_t n)
{
	xxgk_buf_putc(o, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			xxgk_buf_putc(o, ',');
		json_string(o, v ? v[i] : NULL);
	}
	xxgk_buf_putc(o, ']');
}

static void json_number_array(xxgk_buf *o, const double *v, size_t n)
{
	xxgk_buf_putc(o, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			xxgk_buf_putc(o, ',');
		json_number(o, v[i]);
	}
	xxgk_buf_putc(o, ']');
}

static const char *json_align(int a)
{
	return a == XXGK_ALIGN_RIGHT ? "right" : a == XXGK_ALIGN_CENTER ? "center" : "left";
}

static void json_table(xxgk_buf *o, const render_table *t)
{
	json_key(o, "caption");
	json_string(o, t->caption);
	json_key(o, "unit");
	json_string(o, t->unit);
	json_key(o, "columns");
	xxgk_buf_putc(o, '[');
	for (int c = 0; c < t->cols; c++) {
		xxgk_buf_puts(o, c ? ",{\"header\":" : "{\"header\":");
		json_string(o, t->headers[c]);
		json_key(o, "width");
		json_number(o, t->widths[c]);
		json_key(o, "align");
		json_string(o, json_align(t->aligns[c]));
		xxgk_buf_putc(o, '}');
	}
	xxgk_buf_putc(o, ']');
	json_key(o, "rows");
	xxgk_buf_putc(o, '[');
	for (size_t r = 0; r < t->row_count; r++) {
		xxgk_buf_puts(o, r ? ",{\"cells\":" : "{\"cells\":");
		json_string_array(o, t->rows[r].cells, (size_t)t->cols);
		json_key(o, "emphasis");
		xxgk_buf_puts(o, t->rows[r].emphasis ? "true}" : "false}");
	}
	xxgk_buf_putc(o, ']');
}

static void json_chart(xxgk_buf *o, render_block_kind kind, const render_chart *c)
{
	json_key(o, "title");
	json_string(o, c->title);
	if (kind == RENDER_BLOCK_BAR_CHART) {
		json_key(o, "axis_label");
		json_string(o, c->y_label);
	} else {
		json_key(o, "x_label");
		json_string(o, c->x_label);
		json_key(o, "y_label");
		json_string(o, c->y_label);
	}
	json_key(o, "source");
	json_string(o, c->source);
	json_key(o, "takeaway");
	json_string(o, c->takeaway);
	if (kind == RENDER_BLOCK_BAR_CHART) {
		json_key(o, "labels");
		json_string_array(o, c->labels, c->n);
		json_key(o, "values");
		json_number_array(o, c->values, c->n);
	} else if (kind == RENDER_BLOCK_LINE_CHART) {
		json_key(o, "x_labels");
		json_string_array(o, c->labels, c->n);
		json_key(o, "series");
		xxgk_buf_putc(o, '[');
		for (size_t s = 0; s < c->series; s++) {
			xxgk_buf_puts(o, s ? ",{\"name\":" : "{\"name\":");
			json_string(o, c->series_names[s]);
			json_key(o, "values");
			json_number_array(o, c->values + s * c->n, c->n);
			xxgk_buf_putc(o, '}');
		}
		xxgk_buf_putc(o, ']');
	} else {
		json_key(o, "target");
		json_number(o, c->target);
		json_key(o, "points");
		xxgk_buf_putc(o, '[');
		for (size_t i = 0; i < c->n; i++) {
			xxgk_buf_puts(o, i ? ",{\"x\":" : "{\"x\":");
			json_number(o, c->x[i]);
			json_key(o, "y");
			json_number(o, c->y[i]);
			json_key(o, "label");
			json_string(o, c->labels ? c->labels[i] : NULL);
			if (c->marks)
				xxgk_buf_printf(o, ",\"mark\":%d", c->marks[i]);
			xxgk_buf_putc(o, '}');
		}
		xxgk_buf_putc(o, ']');
		json_key(o, "limits");
		xxgk_buf_putc(o, '[');
		for (size_t i = 0; i < c->m; i++) {
			static const char *const names[4] = { "lo95", "hi95", "lo998", "hi998" };
			xxgk_buf_puts(o, i ? ",{\"x\":" : "{\"x\":");
			json_number(o, c->x_limit[i]);
			for (size_t k = 0; k < 4; k++) {
				json_key(o, names[k]);
				json_number(o, c->limits[i * 4 + k]);
			}
			xxgk_buf_putc(o, '}');
		}
		xxgk_buf_putc(o, ']');
	}
}

static const char *const block_types[] = {
	"title", "subtitle", "heading", "paragraph", "note", "page_break", "table", "bar_chart", "line_chart",
	"funnel", "addressees", "keypoints", "signature", "annex", "attachments"
};

int xxgk_layout_to_json(char **out, const xxgk_layout *l)
{
	int rc = XXGK_OK;
	xxgk_buf o;
	assert(out && l && l->block_count > 0);
	*out = NULL;
	xxgk_buf_init(&o);
	xxgk_buf_puts(&o, "{\"title\":");
	json_string(&o, l->blocks[0].text);
	xxgk_buf_printf(&o, ",\"tables\":%d,\"charts\":%d", l->table_count, l->chart_count);
	json_key(&o, "doc_number");
	json_string(&o, l->doc_number);
	json_key(&o, "subject");
	json_string(&o, l->subject);
	xxgk_buf_puts(&o, ",\"blocks\":[");
	for (size_t i = 0; i < l->block_count; i++) {
		const render_block *b = &l->blocks[i];
		xxgk_buf_puts(&o, i ? ",\n{\"type\":" : "\n{\"type\":");
		json_string(&o, block_types[b->kind]);
		if (b->kind == RENDER_BLOCK_HEADING)
			xxgk_buf_printf(&o, ",\"level\":%d", b->level);
		if (b->text) {
			json_key(&o, "text");
			json_string(&o, b->text);
		}
		if (b->table || b->chart) {
			xxgk_buf_printf(&o, ",\"number\":%d,\"label\":\"%s%d\"", b->number, b->table ? "表" : "图",
					b->number);
		}
		if (b->kind == RENDER_BLOCK_SIGNATURE) {
			json_key(&o, "issuer");
			json_string(&o, b->items[0]);
			json_key(&o, "date");
			json_string(&o, b->items[1]);
		} else if (b->kind == RENDER_BLOCK_ANNEX) {
			json_key(&o, "title");
			json_string(&o, b->items[0]);
		} else if (b->item_count) {
			json_key(&o, "items");
			json_string_array(&o, b->items, b->item_count);
		}
		if (b->table)
			json_table(&o, b->table);
		if (b->chart)
			json_chart(&o, b->kind, b->chart);
		xxgk_buf_putc(&o, '}');
	}
	xxgk_buf_puts(&o, "\n]}\n");
	if (o.failed || !(*out = xxgk_buf_detach(&o)))
		rc = XXGK_ENOMEM;
	xxgk_buf_free(&o);
	return rc;
}
