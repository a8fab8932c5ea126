/*
 * csv.c — the CSV files people give xxgk (waivers, manifests, statuses),
 * read the way Excel and WPS write them.
 *
 * Exports xxgk_csv_decode, xxgk_csv_parse and xxgk_csv_read (common_int.h);
 * the only file that includes libcsv's csv.h.
 *
 * Fields follow RFC 4180 as libcsv (Robert Gamble, 3.0) parses it in strict
 * mode: a quoted field may hold commas, quotes ("") and line breaks, so a
 * reason "已核实,原表如此" stays one field. Encoding is settled first, for
 * the whole file: UTF-8 (a BOM dropped), UTF-16 with a BOM (Excel's
 * "Unicode text"), else GB18030 — what Excel writes on Chinese Windows,
 * which covers GBK and GB2312 — converted with iconv; bytes that are none of
 * these are refused with their offset, never read as something else. A file
 * whose first line has tabs and no comma is read as tab-separated.
 */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <csv.h>

#include "xxgk/common.h"
#include "common_int.h"

/* A CSV of waivers or statuses for a whole nation is a few MB. */
#define CSV_MAX_BYTES (64u << 20)
/* Fields in one row: the widest sheet we write has under 30. */
#define CSV_MAX_FIELDS 256

static int csv_iconv(char **out, size_t *out_len, const char *from, const char *in, size_t len, size_t *bad)
{
	iconv_t cd = iconv_open("UTF-8", from);
	if (cd == (iconv_t)-1)
		return XXGK_EENCODING;
	size_t cap = len * 2 + 16;
	char *buf = malloc(cap + 1);
	if (!buf) {
		iconv_close(cd);
		return XXGK_ENOMEM;
	}
	char *ip = (char *)in, *op = buf;
	size_t il = len, ol = cap;
	int rc = XXGK_OK;
	while (il > 0) {
		if (iconv(cd, &ip, &il, &op, &ol) != (size_t)-1)
			break;
		if (errno == E2BIG) {
			size_t used = (size_t)(op - buf);
			cap *= 2;
			char *nb = realloc(buf, cap + 1);
			if (!nb) {
				rc = XXGK_ENOMEM;
				break;
			}
			buf = nb;
			op = buf + used;
			ol = cap - used;
			continue;
		}
		*bad = (size_t)(ip - in);
		rc = XXGK_EENCODING;
		break;
	}
	iconv_close(cd);
	if (rc != XXGK_OK) {
		free(buf);
		return rc;
	}
	*op = '\0';
	*out = buf;
	*out_len = (size_t)(op - buf);
	return XXGK_OK;
}

int xxgk_csv_decode(char **out, size_t *out_len, const char **encoding, const char *buf, size_t len,
		    const char *name, xxgk_error *err)
{
	size_t bad = 0;
	int rc;
	*out = NULL;
	*out_len = 0;
	if (len >= 2 && ((unsigned char)buf[0] == 0xFF && (unsigned char)buf[1] == 0xFE)) {
		*encoding = "utf-16";
		rc = csv_iconv(out, out_len, "UTF-16LE", buf + 2, len - 2, &bad);
	} else if (len >= 2 && (unsigned char)buf[0] == 0xFE && (unsigned char)buf[1] == 0xFF) {
		*encoding = "utf-16";
		rc = csv_iconv(out, out_len, "UTF-16BE", buf + 2, len - 2, &bad);
	} else {
		if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) {
			buf += 3;
			len -= 3;
		}
		if (xxgk_utf8_valid(buf, len, &bad)) {
			*encoding = "utf-8";
			*out = malloc(len + 1);
			if (!*out)
				return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
			memcpy(*out, buf, len);
			(*out)[len] = '\0';
			*out_len = len;
			return XXGK_OK;
		}
		*encoding = "gb18030";
		rc = csv_iconv(out, out_len, "GB18030", buf, len, &bad);
	}
	if (rc == XXGK_ENOMEM)
		return xxgk_error_set(err, rc, 0, 0, "out of memory");
	if (rc != XXGK_OK) {
		unsigned line = 1;
		for (size_t i = 0; i < bad && i < len; i++)
			line += buf[i] == '\n';
		return xxgk_error_set(err, XXGK_EENCODING, line, 0,
				      "%s:%u: neither UTF-8 nor %s (byte 0x%02X at offset %zu)", name, line,
				      strcmp(*encoding, "gb18030") ? "UTF-16" : "GB18030/GBK", (unsigned char)buf[bad], bad);
	}
	return XXGK_OK;
}

typedef struct {
	const char *name;
	xxgk_csv_row_fn fn;
	void *ctx;
	xxgk_csv_row row;
	size_t field_cap;
	unsigned line;        /* line being fed */
	unsigned row_line;    /* line the current row began on, 0 before its first field */
	unsigned after_row;   /* the line after the last row's end: where an unfinished one began */
	int rc;
	xxgk_error *err;
} csv_state;

static void csv_on_field(void *s, size_t len, void *data)
{
	csv_state *c = data;
	if (c->rc != XXGK_OK)
		return;
	if (!c->row_line)
		c->row_line = c->line;
	if (c->row.count == CSV_MAX_FIELDS) {
		c->rc = xxgk_error_set(c->err, XXGK_ETOOBIG, c->row_line, 0, "%s:%u: more than %d fields in a row",
				       c->name, c->row_line, CSV_MAX_FIELDS);
		return;
	}
	if (c->row.count == c->field_cap) {
		size_t cap = c->field_cap ? c->field_cap * 2 : 16;
		char **f = realloc(c->row.fields, cap * sizeof *f);
		if (!f) {
			c->rc = xxgk_error_set(c->err, XXGK_ENOMEM, 0, 0, "out of memory");
			return;
		}
		c->row.fields = f;
		c->field_cap = cap;
	}
	char *v = malloc(len + 1);
	if (!v) {
		c->rc = xxgk_error_set(c->err, XXGK_ENOMEM, 0, 0, "out of memory");
		return;
	}
	if (len)
		memcpy(v, s, len);
	v[len] = '\0';
	c->row.fields[c->row.count++] = v;
}

static void csv_clear_row(csv_state *c)
{
	for (size_t i = 0; i < c->row.count; i++)
		free(c->row.fields[i]);
	c->row.count = 0;
	c->row_line = 0;
}

static void csv_on_row(int term, void *data)
{
	csv_state *c = data;
	(void)term;
	c->after_row = c->line + 1;
	if (c->rc == XXGK_OK && c->row.count) {
		c->row.line = c->row_line ? c->row_line : c->line;
		int r = c->fn(&c->row, c->ctx);
		if (r != XXGK_OK)
			c->rc = r;
	}
	csv_clear_row(c);
}

int xxgk_csv_parse(const char *text, size_t len, const char *name, xxgk_csv_row_fn fn, void *ctx, xxgk_error *err)
{
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
	/* tab-separated when the first line has tabs and no comma */
	size_t first = strcspn(text, "\n");
	if (memchr(text, '\t', first) && !memchr(text, ',', first))
		csv_set_delim(&p, CSV_TAB);
	csv_state c = { .name = name, .fn = fn, .ctx = ctx, .line = 1, .after_row = 1, .rc = XXGK_OK, .err = err };
	size_t i = 0;
	while (i < len && c.rc == XXGK_OK) {
		/* one line at a time, so that every row knows the line it began on */
		const char *nl = memchr(text + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (text + i)) + 1 : len - i;
		if (csv_parse(&p, text + i, n, csv_on_field, csv_on_row, &c) != n) {
			if (c.rc == XXGK_OK)
				c.rc = csv_error(&p) == CSV_ENOMEM
					       ? xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory")
					       : xxgk_error_set(err, XXGK_EPARSE, c.line, 0,
								"%s:%u: a quote in the middle of a field (write \"\" for a quote "
								"inside a quoted field)", name, c.line);
			break;
		}
		i += n;
		c.line += nl != NULL;
	}
	unsigned began = c.row_line ? c.row_line : c.after_row;
	if (c.rc == XXGK_OK && csv_fini(&p, csv_on_field, csv_on_row, &c) != 0 && c.rc == XXGK_OK)
		c.rc = xxgk_error_set(err, XXGK_EPARSE, began, 0, "%s:%u: a quoted field is not closed", name, began);
	csv_clear_row(&c);
	free(c.row.fields);
	csv_free(&p);
	return c.rc;
}

int xxgk_csv_read(const char *path, xxgk_csv_row_fn fn, void *ctx, const char **encoding, xxgk_error *err)
{
	const char *enc = "utf-8";
	FILE *f = fopen(path, "rb");
	if (!f)
		return xxgk_error_set(err, XXGK_EIO, 0, 0, "%s: %s", path, strerror(errno));
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		return xxgk_error_set(err, XXGK_EIO, 0, 0, "%s: is a directory", path);
	}
	xxgk_buf b;
	xxgk_buf_init(&b);
	char chunk[65536];
	size_t got;
	int rc = XXGK_OK;
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (b.len + got > CSV_MAX_BYTES) {
			rc = xxgk_error_set(err, XXGK_ETOOBIG, 0, 0, "%s: over the %u MB limit for a CSV", path,
					    CSV_MAX_BYTES >> 20);
			break;
		}
		xxgk_buf_append(&b, chunk, got);
	}
	if (rc == XXGK_OK && ferror(f))
		rc = xxgk_error_set(err, XXGK_EIO, 0, 0, "%s: %s", path, strerror(errno));
	if (rc == XXGK_OK && b.failed)
		rc = xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
	fclose(f);
	char *text = NULL;
	size_t text_len = 0;
	if (rc == XXGK_OK)
		rc = xxgk_csv_decode(&text, &text_len, &enc, b.data ? b.data : "", b.len, path, err);
	xxgk_buf_free(&b);
	if (rc == XXGK_OK)
		rc = xxgk_csv_parse(text, text_len, path, fn, ctx, err);
	free(text);
	if (encoding)
		*encoding = enc;
	return rc;
}
