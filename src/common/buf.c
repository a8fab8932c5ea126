/*
 * buf.c — a growable byte buffer and UTF-8 helpers for the whole library.
 *
 * The buffer records an allocation failure instead of returning it from every
 * append, so builders can append freely and check `failed` once at the end.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common_int.h"

void xxgk_buf_init(xxgk_buf *b)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->failed = false;
}

void xxgk_buf_free(xxgk_buf *b)
{
	free(b->data);
	xxgk_buf_init(b);
}

bool xxgk_buf_reserve(xxgk_buf *b, size_t extra)
{
	if (b->failed)
		return false;
	if (extra > SIZE_MAX / 2 - b->len) {
		b->failed = true;
		return false;
	}
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap *= 2;
	char *p = realloc(b->data, cap);
	if (!p) {
		b->failed = true;
		return false;
	}
	b->data = p;
	b->cap = cap;
	return true;
}

void xxgk_buf_append(xxgk_buf *b, const char *s, size_t n)
{
	if (!xxgk_buf_reserve(b, n))
		return;
	if (n)
		memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void xxgk_buf_puts(xxgk_buf *b, const char *s)
{
	xxgk_buf_append(b, s, strlen(s));
}

void xxgk_buf_putc(xxgk_buf *b, char c)
{
	xxgk_buf_append(b, &c, 1);
}

void xxgk_vformat(char *dst, size_t cap, const char *fmt, va_list ap)
{
	int n = vsnprintf(dst, cap, fmt, ap);
	if (n < 0) {
		dst[0] = '\0';
		return;
	}
	if ((size_t)n < cap)
		return;
	size_t end = cap - sizeof "…";
	while (end > 0 && ((unsigned char)dst[end] & 0xC0) == 0x80)
		end--;
	memcpy(dst + end, "…", sizeof "…");
}

void xxgk_buf_printf(xxgk_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !xxgk_buf_reserve(b, (size_t)n)) {
		if (n < 0)
			b->failed = true;
		va_end(ap2);
		return;
	}
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap2);
	va_end(ap2);
	b->len += (size_t)n;
}

char *xxgk_buf_detach(xxgk_buf *b)
{
	char *p = b->data;
	if (!p && !b->failed) {
		p = malloc(1);
		if (p)
			p[0] = '\0';
	}
	if (b->failed) {
		free(p);
		p = NULL;
	}
	xxgk_buf_init(b);
	return p;
}


size_t xxgk_utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

size_t xxgk_utf8_count(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

char *xxgk_strndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xxgk_strdup(const char *s)
{
	return xxgk_strndup(s, strlen(s));
}

char *xxgk_printable(char *out, size_t cap, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = 0, len = strlen(s);
	if (cap == 0)
		return out;
	for (size_t i = 0; i < len;) {
		char esc[8];
		size_t el = 0, step = 1;
		uint32_t cp = 0;
		unsigned char c = (unsigned char)s[i];
		size_t k = xxgk_utf8_decode((const unsigned char *)s + i, len - i, &cp);
		if (c == '\n' || c == '\r' || c == '\t') {
			esc[el++] = '\\';
			esc[el++] = c == '\n' ? 'n' : c == '\r' ? 'r' : 't';
		} else if (k == 0 || cp < 0x20 || cp == 0x7f) {
			esc[el++] = '\\';
			esc[el++] = 'x';
			esc[el++] = hex[c >> 4];
			esc[el++] = hex[c & 15];
		} else if (cp >= 0x80 && cp <= 0x9f) {
			memcpy(esc, "\\u00", 4);
			el = 4;
			esc[el++] = hex[cp >> 4];
			esc[el++] = hex[cp & 15];
			step = k;
		} else {
			step = k;
			if (n + k >= cap)
				break;
			memcpy(out + n, s + i, k);
			n += k;
			i += step;
			continue;
		}
		if (n + el >= cap)
			break;
		memcpy(out + n, esc, el);
		n += el;
		i += step;
	}
	out[n] = '\0';
	return out;
}
