/*
 * html_img.c — the pictures of a web page that stand where its tables should.
 *
 * Many department sites publish the three tables of a report as images
 * (`<img src="…/W020240115.png">`) between headings that are text. The
 * parser cannot fetch them (no network here) and must not guess, so it names
 * them: the user fetches them and parses the pictures as a scan (ocr.c).
 *
 * Exports xxgk__html_images(). The scan is over the page's bytes (tags are
 * ASCII in UTF-8 and GB18030 alike), case-insensitive, quotes optional;
 * `data:` URIs are named as "(inline image)". Only the file name is kept
 * (what follows the last '/', up to '?' or '#').
 */
#include <stdbool.h>
#include <string.h>

#include "parse_int.h"

/* Longest file name kept; a longer one is cut with "…". */
#define HTML_IMG_NAME_MAX 80

static bool img_ieq(const char *s, const char *end, const char *word)
{
	size_t n = strlen(word);
	if ((size_t)(end - s) < n)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != word[i])
			return false;
	}
	return true;
}

/* Appends `s` (n bytes) to out[*used..cap), NUL-terminated; false when full. */
static bool img_append(char *out, size_t cap, size_t *used, const char *s, size_t n)
{
	if (*used + n + 1 > cap)
		return false;
	memcpy(out + *used, s, n);
	*used += n;
	out[*used] = '\0';
	return true;
}

/* The value of attribute src in the tag [s, end), or NULL. */
static const char *img_src(const char *s, const char *end, size_t *n)
{
	for (const char *p = s; p + 4 <= end; p++) {
		bool word_start = p == s || p[-1] == ' ' || p[-1] == '\t' || p[-1] == '\n' || p[-1] == '\r';
		if (!word_start || !img_ieq(p, end, "src"))
			continue;
		const char *q = p + 3;
		while (q < end && (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r'))
			q++;
		if (q >= end || *q != '=')
			continue;
		q++;
		while (q < end && (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r'))
			q++;
		char quote = q < end && (*q == '"' || *q == '\'') ? *q++ : 0;
		const char *v = q;
		while (q < end && (quote ? *q != quote : *q != ' ' && *q != '>' && *q != '\t' && *q != '\n'))
			q++;
		*n = (size_t)(q - v);
		return v;
	}
	return NULL;
}

size_t xxgk__html_images(const char *text, size_t len, uint32_t from_line, uint32_t to_line, char *out,
			 size_t cap)
{
	size_t count = 0, used = 0;
	bool full = false;
	if (cap)
		out[0] = '\0';
	uint32_t line = 1;
	const char *end = text + len;
	for (const char *p = text; p < end; p++) {
		if (*p == '\n') {
			line++;
			continue;
		}
		if (*p != '<' || !img_ieq(p + 1, end, "img"))
			continue;
		const char *after = p + 4;
		if (after < end && !(*after == ' ' || *after == '\t' || *after == '\n' || *after == '\r' ||
				     *after == '/' || *after == '>'))
			continue;   /* <imgx>: another tag */
		const char *close = memchr(after, '>', (size_t)(end - after));
		const char *tag_end = close ? close : end;
		uint32_t tag_line = line;
		for (const char *q = p; q < tag_end; q++)
			line += *q == '\n';
		p = tag_end - 1;
		if (tag_line < from_line || (to_line && tag_line >= to_line))
			continue;
		size_t n = 0;
		const char *v = img_src(after, tag_end, &n);
		if (!v || n == 0)
			continue;
		const char *name;
		size_t name_len;
		if (img_ieq(v, v + n, "data:")) {
			name = "(inline image)";
			name_len = strlen(name);
		} else {
			const char *stop = v;
			while (stop < v + n && *stop != '?' && *stop != '#')
				stop++;
			name = v;
			for (const char *q = v; q < stop; q++)
				if (*q == '/' || *q == '\\')
					name = q + 1;
			name_len = (size_t)(stop - name);
			if (name_len == 0)
				continue;
		}
		count++;
		if (full)
			continue;
		bool cut = name_len > HTML_IMG_NAME_MAX;
		if (cut)   /* back to the start of a UTF-8 character */
			for (name_len = HTML_IMG_NAME_MAX; name_len && (name[name_len] & 0xC0) == 0x80; name_len--)
				;
		size_t mark = used;
		if ((used && !img_append(out, cap, &used, ", ", 2)) || !img_append(out, cap, &used, name, name_len) ||
		    (cut && !img_append(out, cap, &used, "…", strlen("…")))) {
			used = mark;
			if (cap)
				out[used] = '\0';
			full = true;   /* the rest are counted, and "…" says so */
			(void)img_append(out, cap, &used, ", …", strlen(", …"));
		}
	}
	return count;
}
