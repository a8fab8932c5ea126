/*
 * normalize.c — raw bytes to the one text every layout parser reads.
 *
 * Exports xxgk_normalize(). Done once, at the door (STYLE.md), in this order:
 *   1. caps and obvious non-text (empty, NUL bytes, PNG/PDF/ZIP signatures);
 *   2. encoding: UTF-8 with or without BOM, UTF-16 with BOM, else GB18030
 *      (which covers GBK and GB2312) through iconv; UTF-8 that breaks part way
 *      is reported at its line rather than reinterpreted;
 *   3. one pass that keeps every line where it was: CRLF/CR → LF, form feeds
 *      (pdftotext's page breaks) → space, NBSP and
 *      ideographic spaces → space, zero-width characters dropped, full-width
 *      ASCII (U+FF01–U+FF5E) → ASCII, and in text/Markdown input HTML entities
 *      and stray tags (`</span>`) removed and pinyin annotations such as
 *      `國(guó)` dropped;
 *   4. traditional → simplified with OpenCC's t2s.json, only when the text is
 *      detected as traditional (OpenCC runs at 7–9 MB/s; DOMAIN.md).
 * Line numbers survive every step, so a cell's line is the file's line.
 */
#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse_int.h"

static unsigned normalize_line_of(const char *buf, size_t off)
{
	unsigned line = 1;
	for (size_t i = 0; i < off; i++)
		if (buf[i] == '\n')
			line++;
	return line;
}

/* Converts with iconv; on failure stores the input offset that stopped it. */
static int normalize_iconv(char **out, size_t *out_len, const char *from,
			   const char *buf, size_t len, size_t *bad_off)
{
	iconv_t cd = iconv_open("UTF-8", from);
	if (cd == (iconv_t)-1)
		return XXGK_EENCODING;
	size_t cap = len * 2 + 16;
	char *dst = malloc(cap);
	if (!dst) {
		iconv_close(cd);
		return XXGK_ENOMEM;
	}
	char *in = (char *)(uintptr_t)buf;
	size_t in_left = len;
	char *o = dst;
	size_t o_left = cap - 1;
	int rc = XXGK_OK;
	while (in_left > 0) {
		size_t r = iconv(cd, &in, &in_left, &o, &o_left);
		if (r != (size_t)-1)
			break;
		if (errno == E2BIG) {
			size_t used = (size_t)(o - dst);
			size_t ncap = cap * 2;
			char *nd = realloc(dst, ncap);
			if (!nd) {
				rc = XXGK_ENOMEM;
				break;
			}
			dst = nd;
			cap = ncap;
			o = dst + used;
			o_left = cap - 1 - used;
			continue;
		}
		*bad_off = (size_t)(in - buf);
		rc = XXGK_EENCODING;
		break;
	}
	iconv_close(cd);
	if (rc != XXGK_OK) {
		free(dst);
		return rc;
	}
	*o = '\0';
	*out = dst;
	*out_len = (size_t)(o - dst);
	return XXGK_OK;
}

/* Offset of the first invalid UTF-8 sequence, or len when all is valid. */
static size_t normalize_utf8_valid_prefix(const char *buf, size_t len, size_t *multibyte)
{
	size_t i = 0, mb = 0;
	const unsigned char *s = (const unsigned char *)buf;
	while (i < len) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		/* lead bytes E1–EC, EE, EF with two continuation bytes: always a valid
		 * character (neither overlong nor a surrogate), as are nearly all of a
		 * Chinese text's */
		unsigned c = s[i];
		if (((c >= 0xE1 && c <= 0xEC) || c >= 0xEE) && c <= 0xEF && i + 2 < len &&
		    (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80) {
			mb++;
			i += 3;
			continue;
		}
		uint32_t cp;
		size_t n = xxgk_utf8_decode(s + i, len - i, &cp);
		if (n == 0)
			break;
		mb++;
		i += n;
	}
	*multibyte = mb;
	return i;
}

static bool normalize_is_pinyin_letter(uint32_t cp)
{
	if (cp >= 'a' && cp <= 'z')
		return true;
	/* Latin-1 and Latin Extended-A/B vowels with tone marks, and ü forms */
	switch (cp) {
	case 0xE0: case 0xE1: case 0xE8: case 0xE9: case 0xEC: case 0xED:
	case 0xF2: case 0xF3: case 0xF9: case 0xFA: case 0xFC:
	case 0x101: case 0x113: case 0x11B: case 0x12B: case 0x14D: case 0x16B:
	case 0x1CE: case 0x1D0: case 0x1D2: case 0x1D4: case 0x1D6: case 0x1D8:
	case 0x1DA: case 0x1DC:
		return true;
	default:
		return false;
	}
}

/*
 * At s[0] == '(' right after a Han character: the length of a pinyin
 * annotation `(guó)` — 1–7 pinyin letters, at least one with a tone mark or
 * ü, then ')' — or 0 when it is something else.
 */
static size_t normalize_pinyin_len(const unsigned char *s, size_t len)
{
	size_t i = 1, letters = 0;
	bool marked = false;
	while (i < len && letters <= 7) {
		uint32_t cp;
		size_t n = xxgk_utf8_decode(s + i, len - i, &cp);
		if (n == 0)
			return 0;
		if (cp == ')' || cp == 0xFF09)
			return (letters > 0 && marked) ? i + n : 0;
		if (!normalize_is_pinyin_letter(cp))
			return 0;
		if (cp > 0x7F)
			marked = true;
		letters++;
		i += n;
	}
	return 0;
}

static const struct {
	const char *name;
	uint32_t cp;
} normalize_entities[] = {
	{ "nbsp", ' ' }, { "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' },
	{ "apos", '\'' }, { "ensp", ' ' }, { "emsp", ' ' }, { "thinsp", ' ' },
	{ "mdash", 0x2014 }, { "ndash", 0x2013 }, { "ldquo", 0x201C }, { "rdquo", 0x201D },
	{ "middot", 0xB7 }, { "hellip", 0x2026 },
};

/* An entity at s[0] == '&': its length and code point, or 0. */
static size_t normalize_entity(const char *s, size_t len, uint32_t *cp)
{
	size_t i = 1;
	if (i < len && s[i] == '#') {
		i++;
		int base = 10;
		if (i < len && (s[i] == 'x' || s[i] == 'X')) {
			base = 16;
			i++;
		}
		uint32_t v = 0;
		size_t digits = 0;
		while (i < len && digits < 7) {
			char c = s[i];
			int d;
			if (c >= '0' && c <= '9')
				d = c - '0';
			else if (base == 16 && c >= 'a' && c <= 'f')
				d = c - 'a' + 10;
			else if (base == 16 && c >= 'A' && c <= 'F')
				d = c - 'A' + 10;
			else
				break;
			v = v * (uint32_t)base + (uint32_t)d;
			digits++;
			i++;
		}
		if (!digits || i >= len || s[i] != ';' || v == 0 || v > 0x10FFFF ||
		    (v >= 0xD800 && v <= 0xDFFF))
			return 0;
		*cp = v;
		return i + 1;
	}
	for (size_t k = 0; k < sizeof normalize_entities / sizeof normalize_entities[0]; k++) {
		size_t n = strlen(normalize_entities[k].name);
		if (len > n + 1 && memcmp(s + 1, normalize_entities[k].name, n) == 0 && s[n + 1] == ';') {
			*cp = normalize_entities[k].cp;
			return n + 2;
		}
	}
	return 0;
}

/* A tag remnant at s[0] == '<' (`</span>`, `<br/>`, `<o:p>`) on one line: its length, or 0. */
static size_t normalize_tag(const char *s, size_t len)
{
	size_t i = 1;
	if (i < len && (s[i] == '/' || s[i] == '!'))
		i++;
	if (i >= len || !((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || s[i] == '-'))
		return 0;
	for (; i < len && i < 512; i++) {
		if (s[i] == '>')
			return i + 1;
		if (s[i] == '\n' || s[i] == '<')
			return 0;
	}
	return 0;
}

/* Characters common in traditional text that simplified text never uses. */
static const char normalize_trad_chars[] =
	"國會開關們這說為來對時過與應縣鎮區報務機體條數項處結據請資門東車長問題認書學實發現經濟華無業參"
	"辦動訊訴復議審記錄論設義權聯總計單類變規範況調查員幹當質確續維護網絡統進區處務舉辦達態產歲貫徹";

/* A bit per BMP code point: is it one of normalize_trad_chars? Built once. */
static uint8_t normalize_trad_bits[0x10000 / 8];
static pthread_once_t normalize_trad_once = PTHREAD_ONCE_INIT;

static void normalize_trad_build(void)
{
	const unsigned char *s = (const unsigned char *)normalize_trad_chars;
	size_t len = strlen(normalize_trad_chars), i = 0;
	while (i < len) {
		uint32_t c;
		size_t n = xxgk_utf8_decode(s + i, len - i, &c);
		if (!n)
			break;
		if (c < 0x10000)
			normalize_trad_bits[c >> 3] |= (uint8_t)(1u << (c & 7));
		i += n;
	}
}

static bool normalize_is_trad(uint32_t cp)
{
	return cp < 0x10000 && (normalize_trad_bits[cp >> 3] >> (cp & 7)) & 1;
}

uint32_t xxgk__norm_cp(uint32_t cp)
{
	if (cp < 0xA0)
		return cp;
	if (cp == 0xA0 || cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F)
		return ' ';
	if (cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0xFEFF || cp == 0x2060)
		return 0;
	if (cp >= 0xFF01 && cp <= 0xFF5E)
		return cp - 0xFEE0;
	return cp;
}

bool xxgk__norm_is_trad(uint32_t cp)
{
	pthread_once(&normalize_trad_once, normalize_trad_build);
	return normalize_is_trad(cp);
}

bool xxgk__norm_traditional(size_t han, size_t trad)
{
	/* Traditional text runs at 15–25 % of these characters; a simplified
	 * report that quotes one name in traditional script stays far below 2 %. */
	return trad >= 5 && trad * 50 >= han;
}

/* ASCII the pass copies as it is: all but what steps 3's rules look at. */
static bool normalize_plain_ascii(unsigned c)
{
	return c < 0x80 && c != '\r' && c != '&' && c != '<' && c != '(' && c != '\f' && c != '\v';
}

/*
 * The line-keeping pass (step 3). Counts Han and traditional-only characters
 * on the way so that step 4 can decide without another scan.
 *
 * Every rewrite keeps or shortens what it replaces (an entity is longer than
 * its character, a full-width form than its ASCII, CRLF than LF), so the
 * output fits in the input's length, reserved once, and is written without a
 * check per character (this pass was a tenth of parse time). Only the
 * replacement for a byte that is not UTF-8, which validation rules out,
 * would grow it: it reserves for itself.
 */
static int normalize_pass(xxgk_buf *out, const char *src, size_t len, int format,
			  size_t *han, size_t *trad)
{
	const unsigned char *s = (const unsigned char *)src;
	bool text_like = format != XXGK_FORMAT_HTML;
	uint32_t prev = 0;
	size_t i = 0;
	pthread_once(&normalize_trad_once, normalize_trad_build);
	if (!xxgk_buf_reserve(out, len))
		return XXGK_ENOMEM;
	char *d = out->data;
	size_t o = out->len;
	while (i < len) {
		unsigned c = s[i];
		/* a run of ASCII that needs nothing: copy it whole */
		if (normalize_plain_ascii(c)) {
			size_t j = i + 1;
			while (j < len && normalize_plain_ascii(s[j]))
				j++;
			memcpy(d + o, src + i, j - i);
			o += j - i;
			prev = s[j - 1];
			i = j;
			continue;
		}
		/* a three-byte character of U+4000–U+9FFF (lead bytes E4–E9), nearly
		 * all of Chinese text: no rule maps it; copied whole */
		if (c >= 0xE4 && c <= 0xE9 && i + 2 < len && (s[i + 1] & 0xC0) == 0x80 &&
		    (s[i + 2] & 0xC0) == 0x80) {
			uint32_t cp = (c & 0x0Fu) << 12 | (s[i + 1] & 0x3Fu) << 6 | (s[i + 2] & 0x3Fu);
			if (xxgk_is_han(cp)) {
				(*han)++;
				if (normalize_is_trad(cp))
					(*trad)++;
			}
			memcpy(d + o, src + i, 3);
			o += 3;
			i += 3;
			prev = cp;
			continue;
		}
		if (c < 0x80) {
			if (c == '\f' || c == '\v') {
				/* pdftotext's page break: a space, so the line stays a line */
				d[o++] = ' ';
				i++;
				continue;
			}
			if (c == '\r') {
				d[o++] = '\n';
				i += (i + 1 < len && s[i + 1] == '\n') ? 2 : 1;
				prev = '\n';
				continue;
			}
			if (text_like && c == '&') {
				uint32_t cp;
				size_t n = normalize_entity(src + i, len - i, &cp);
				if (n) {
					if (cp == 0xA0)
						cp = ' ';
					o += xxgk_utf8_encode(cp, d + o);
					i += n;
					prev = cp;
					continue;
				}
			}
			if (text_like && c == '<') {
				size_t n = normalize_tag(src + i, len - i);
				if (n) {
					i += n;
					continue;
				}
			}
			if (c == '(' && xxgk_is_han(prev)) {
				size_t n = normalize_pinyin_len(s + i, len - i);
				if (n) {
					i += n;
					continue;
				}
			}
			d[o++] = (char)c;
			prev = c;
			i++;
			continue;
		}
		uint32_t cp;
		size_t n = xxgk_utf8_decode(s + i, len - i, &cp);
		if (n == 0) {
			/* cannot happen after validation; keep a replacement character */
			out->len = o;
			if (!xxgk_buf_reserve(out, len - i + 3))
				return XXGK_ENOMEM;
			d = out->data;
			memcpy(d + o, "\xEF\xBF\xBD", 3);
			o += 3;
			i++;
			continue;
		}
		if (cp == 0xFF08 && xxgk_is_han(prev)) {
			size_t pn = normalize_pinyin_len(s + i + 2, len - i - 2);
			if (pn) {
				i += n + pn - 1;
				continue;
			}
		}
		i += n;
		cp = xxgk__norm_cp(cp);
		if (!cp)
			continue;
		if (xxgk_is_han(cp)) {
			(*han)++;
			if (normalize_is_trad(cp))
				(*trad)++;
		}
		if (n == 3 && cp >= 0x800) {
			/* unchanged three-byte character */
			memcpy(d + o, src + i - 3, 3);
			o += 3;
		} else {
			o += xxgk_utf8_encode(cp, d + o);
		}
		prev = cp;
	}
	out->len = o;
	d[o] = '\0';
	return XXGK_OK;
}

/* Does an HTML head declare charset=gb2312/gbk/gb18030? (first 4 KB, any case) */
static bool normalize_declares_gb(const char *s, size_t len)
{
	size_t n = len < 4096 ? len : 4096;
	static const char key[] = "charset=";
	for (size_t i = 0; i + sizeof key - 1 + 2 < n; i++) {
		size_t k = 0;
		while (k < sizeof key - 1 && (s[i + k] | 0x20) == key[k])
			k++;
		if (k < sizeof key - 1)
			continue;
		size_t v = i + k;
		while (v < n && (s[v] == '"' || s[v] == '\'' || s[v] == ' '))
			v++;
		if (v + 2 <= n && (s[v] | 0x20) == 'g' && (s[v + 1] | 0x20) == 'b')
			return true;
	}
	return false;
}

static const char *normalize_signature(const unsigned char *s, size_t len)
{
	if (len >= 8 && memcmp(s, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "a PNG image";
	if (len >= 3 && memcmp(s, "\xFF\xD8\xFF", 3) == 0)
		return "a JPEG image";
	if (len >= 5 && memcmp(s, "%PDF-", 5) == 0)
		return "a PDF file read as text (let xxgk detect the format)";
	if (len >= 4 && memcmp(s, "PK\x03\x04", 4) == 0)
		return "a ZIP archive (a .docx?)";
	if (len >= 8 && memcmp(s, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
		return "an OLE document (.doc/.wps: save it as .docx or text first)";
	return NULL;
}

int xxgk_normalize(xxgk_text *out, const char *buf, size_t len, int format, xxgk_error *err)
{
	char *converted = NULL;
	size_t conv_len = 0;
	xxgk_buf b;
	xxgk_buf_init(&b);
	int rc = XXGK_OK;
	const unsigned char *s = (const unsigned char *)buf;

	memset(out, 0, sizeof *out);
	if (len > XXGK_PARSE_MAX_INPUT)
		return xxgk_error_set(err, XXGK_ETOOBIG, 0, 0,
				      "%.1f MB is over the %zu MB limit for one report",
				      (double)len / 1e6, XXGK_PARSE_MAX_INPUT >> 20);
	if (len == 0)
		return xxgk_error_set(err, XXGK_EPARSE, 0, 0, "empty file");
	const char *sig = normalize_signature(s, len);
	if (sig)
		return xxgk_error_set(err, XXGK_EENCODING, 0, 0, "this is %s, not a text report", sig);

	out->encoding = XXGK_ENC_UTF8;
	const char *text = buf;
	size_t text_len = len;
	if (len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF))) {
		size_t bad = 0;
		rc = normalize_iconv(&converted, &conv_len, "UTF-16", buf, len, &bad);
		if (rc == XXGK_ENOMEM)
			goto done;
		if (rc != XXGK_OK) {
			rc = xxgk_error_set(err, XXGK_EENCODING, 0, 0,
					    "broken UTF-16 at byte %zu", bad);
			goto done;
		}
		out->encoding = XXGK_ENC_UTF16;
		text = converted;
		text_len = conv_len;
	} else if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
		text += 3;
		text_len -= 3;
	}
	const char *nul = memchr(text, '\0', text_len);
	if (nul) {
		size_t off = (size_t)(nul - text);
		rc = xxgk_error_set(err, XXGK_EENCODING, normalize_line_of(text, off), 0,
				    "binary data (a NUL byte at offset %zu), not a text report", off);
		goto done;
	}
	size_t multibyte = 0;
	size_t valid = normalize_utf8_valid_prefix(text, text_len, &multibyte);
	/* a page that declares a GB charset is decoded as GB18030 (a superset of
	 * GB2312 and GBK) even when its first bytes happen to be valid UTF-8 */
	if (format == XXGK_FORMAT_HTML && out->encoding == XXGK_ENC_UTF8 &&
	    normalize_declares_gb(text, text_len))
		valid = 0, multibyte = 0;
	if (valid < text_len) {
		/* Text that was UTF-8 up to here is broken UTF-8, not GB18030. */
		if (multibyte >= 4 && out->encoding == XXGK_ENC_UTF8) {
			rc = xxgk_error_set(err, XXGK_EENCODING, normalize_line_of(text, valid), 0,
					    "invalid UTF-8 (byte 0x%02X at offset %zu)",
					    (unsigned)(unsigned char)text[valid], valid);
			goto done;
		}
		size_t bad = 0;
		char *gb = NULL;
		size_t gb_len = 0;
		rc = normalize_iconv(&gb, &gb_len, "GB18030", text, text_len, &bad);
		if (rc == XXGK_ENOMEM)
			goto done;
		if (rc != XXGK_OK) {
			rc = xxgk_error_set(err, XXGK_EENCODING, normalize_line_of(text, bad), 0,
					    "neither UTF-8 nor GB18030 (byte 0x%02X at offset %zu)",
					    (unsigned)(unsigned char)text[bad], bad);
			goto done;
		}
		free(converted);
		converted = gb;
		text = gb;
		text_len = gb_len;
		out->encoding = XXGK_ENC_GB18030;
	}

	size_t han = 0, trad = 0;
	rc = normalize_pass(&b, text, text_len, format, &han, &trad);
	if (rc != XXGK_OK)
		goto done;
	out->script = XXGK_SCRIPT_SIMPLIFIED;
	if (xxgk__norm_traditional(han, trad)) {
		char *simp = NULL;
		size_t simp_len = 0;
		rc = xxgk_t2s(&simp, &simp_len, b.data, b.len, err);
		if (rc != XXGK_OK)
			goto done;
		xxgk_buf_free(&b);
		b.data = simp;
		b.len = simp_len;
		b.cap = simp_len + 1;
		out->script = XXGK_SCRIPT_TRADITIONAL;
	}
	size_t final_len = b.len;
	out->text = xxgk_buf_detach(&b);
	if (!out->text) {
		rc = XXGK_ENOMEM;
		goto done;
	}
	out->len = final_len;
done:
	if (rc == XXGK_ENOMEM)
		xxgk_error_set(err, rc, 0, 0, "out of memory");
	xxgk_buf_free(&b);
	free(converted);
	return rc;
}
