/*
 * jw.c — JSON written into a growing buffer for the server's replies. Text
 * is escaped for JSON and for an HTML page that might hold it (< > & as
 * \u escapes), and bytes that are not UTF-8 become U+FFFD, so a reply is
 * always valid JSON whatever a report printed.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve.h"

void jw_init(serve_jw *w)
{
	memset(w, 0, sizeof *w);
	w->first[0] = true;
}

void jw_free(serve_jw *w)
{
	free(w->p);
	w->p = NULL;
	w->len = w->cap = 0;
}

static void jw_put(serve_jw *w, const char *s, size_t n)
{
	if (w->oom)
		return;
	if (w->len + n + 1 > w->cap) {
		size_t cap = w->cap ? w->cap : 1024;
		while (cap < w->len + n + 1)
			cap *= 2;
		char *p = realloc(w->p, cap);
		if (!p) {
			w->oom = true;
			return;
		}
		w->p = p;
		w->cap = cap;
	}
	memcpy(w->p + w->len, s, n);
	w->len += n;
	w->p[w->len] = '\0';
}

static void jw_puts(serve_jw *w, const char *s)
{
	jw_put(w, s, strlen(s));
}

/* A comma before a value unless it is the first at its depth or follows a key. */
static void jw_sep(serve_jw *w)
{
	if (!w->first[w->depth])
		jw_put(w, ",", 1);
	w->first[w->depth] = false;
}

static void jw_open(serve_jw *w, const char *c)
{
	jw_sep(w);
	jw_puts(w, c);
	if (w->depth + 1 < sizeof w->first / sizeof w->first[0])
		w->depth++;
	w->first[w->depth] = true;
}

static void jw_close(serve_jw *w, const char *c)
{
	if (w->depth)
		w->depth--;
	jw_puts(w, c);
}

void jw_obj(serve_jw *w) { jw_open(w, "{"); }
void jw_obj_end(serve_jw *w) { jw_close(w, "}"); }
void jw_arr(serve_jw *w) { jw_open(w, "["); }
void jw_arr_end(serve_jw *w) { jw_close(w, "]"); }

/* Length of the UTF-8 sequence at s (1–4), 0 when it is not one. */
static size_t jw_utf8(const unsigned char *s)
{
	if (s[0] < 0x80)
		return 1;
	size_t n = (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3 : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
	if (n == 0 || (n == 2 && s[0] < 0xC2) || (n == 4 && s[0] > 0xF4))
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	if (n == 3 && s[0] == 0xE0 && s[1] < 0xA0)
		return 0;
	if (n == 3 && s[0] == 0xED && s[1] >= 0xA0)
		return 0;
	if (n == 4 && ((s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] >= 0x90)))
		return 0;
	return n;
}

static void jw_quoted(serve_jw *w, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	char esc[8];
	jw_put(w, "\"", 1);
	while (*p) {
		size_t n = jw_utf8(p);
		if (n == 0) {
			jw_puts(w, "\\ufffd");
			p++;
		} else if (n > 1) {
			/* U+2028 and U+2029 end lines in older JavaScript */
			if (n == 3 && p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9))
				jw_puts(w, p[2] == 0xA8 ? "\\u2028" : "\\u2029");
			else
				jw_put(w, (const char *)p, n);
			p += n;
		} else if (*p == '"' || *p == '\\') {
			esc[0] = '\\', esc[1] = (char)*p;
			jw_put(w, esc, 2);
			p++;
		} else if (*p < 0x20 || *p == '<' || *p == '>' || *p == '&' || *p == 0x7f) {
			snprintf(esc, sizeof esc, "\\u%04x", *p);
			jw_puts(w, esc);
			p++;
		} else {
			jw_put(w, (const char *)p, 1);
			p++;
		}
	}
	jw_put(w, "\"", 1);
}

void jw_key(serve_jw *w, const char *k)
{
	jw_sep(w);
	jw_quoted(w, k);
	jw_put(w, ":", 1);
	w->first[w->depth] = true;  /* the value follows without a comma */
}

void jw_str(serve_jw *w, const char *s)
{
	jw_sep(w);
	if (s)
		jw_quoted(w, s);
	else
		jw_puts(w, "null");
}

void jw_num(serve_jw *w, double v)
{
	char b[40];
	jw_sep(w);
	if (!isfinite(v)) {
		jw_puts(w, "null");
		return;
	}
	snprintf(b, sizeof b, "%.15g", v);
	jw_puts(w, b);
}

void jw_int(serve_jw *w, long long v)
{
	char b[32];
	jw_sep(w);
	snprintf(b, sizeof b, "%lld", v);
	jw_puts(w, b);
}

void jw_bool(serve_jw *w, bool v)
{
	jw_sep(w);
	jw_puts(w, v ? "true" : "false");
}

void jw_null(serve_jw *w)
{
	jw_sep(w);
	jw_puts(w, "null");
}

void jw_raw(serve_jw *w, const char *json)
{
	jw_sep(w);
	jw_puts(w, json ? json : "null");
}

void jw_kstr(serve_jw *w, const char *k, const char *s) { jw_key(w, k); jw_str(w, s); }
void jw_knum(serve_jw *w, const char *k, double v) { jw_key(w, k); jw_num(w, v); }
void jw_kint(serve_jw *w, const char *k, long long v) { jw_key(w, k); jw_int(w, v); }
void jw_kbool(serve_jw *w, const char *k, bool v) { jw_key(w, k); jw_bool(w, v); }
