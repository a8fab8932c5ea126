/*
 * pdf_save.c — the last touches to libharu's bytes, and writing them safely.
 *
 * Exports render_save (render_int.h).
 *
 * 1. ToUnicode. libharu 2.3.0, in UTF-8 mode, points every font's
 *    /ToUnicode at a copy of its encoding CMap, whose `begincidrange` is not
 *    allowed in a ToUnicode CMap (PDF 1.7, 9.10.3: only bfchar / bfrange).
 *    Poppler warns and guesses; other readers copy text as garbage. And the
 *    codes shown are not the characters (pdf_font.c, "Codes"). We replace
 *    each such stream object with a valid map from each code to its
 *    character (bfrange over runs of consecutive characters within one
 *    256-code block, bfchar for the rest) and shift the cross-reference
 *    offsets after it. libharu writes one classic xref section starting at
 *    object 0 with 20-byte entries; if the file is not like that, the
 *    ToUnicode maps are left as they are (the PDF is still valid, its text
 *    not extractable).
 * 2. /ID. libharu 2.3 writes a file identifier only when it encrypts. PDF 1.7
 *    (14.4) asks for one; we derive it from the content (the first 16 bytes
 *    of its SHA-256), so the same document always gets the same id and
 *    deterministic renders stay byte-identical.
 * 3. The file is written through xxgk_outfile: a temporary file made by
 *    mkstemp beside `path` (no guessable name, so no planted link is
 *    followed), flushed to disk and renamed over `path` (atomic within a
 *    file system), keeping the old file's permissions: a failure never
 *    leaves half a PDF under the real name.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hpdf.h>

#include "../common/common_int.h"
#include "render_int.h"
#include "xxgk/parse.h"   /* xxgk_sha256_hex */

/* Objects a libharu file has at most that we look at (three fonts make ~30). */
#define SAVE_XREF_CAP 1000000

/* bfrange / bfchar entries per section (PDF 1.7, 9.7.5.4: at most 100). */
#define SAVE_ENTRIES_PER_SECTION 100

/*
 * The code → character pairs of the ToUnicode map, as runs: a run is codes
 * c..c+n-1 shown for characters u..u+n-1, neither crossing a 256-code block
 * (PDF 1.7, 9.10.3: a bfrange varies only its last byte).
 */
typedef struct {
	uint32_t code, cp, n;
} save_run;

static size_t save_runs(save_run *runs, const uint32_t *used, size_t used_count)
{
	size_t nruns = 0;
	for (size_t i = 0; i < used_count; i++) {
		uint32_t code = render_code(i), cp = used[i];
		save_run *r = nruns ? &runs[nruns - 1] : NULL;
		if (code == 0 || cp > 0xFFFF)
			continue;
		if (r && code == r->code + r->n && cp == r->cp + r->n && (code & 0xFF) != 0 && (cp & 0xFF) != 0)
			r->n++;
		else
			runs[nruns++] = (save_run){ .code = code, .cp = cp, .n = 1 };
	}
	return nruns;
}

/* The ToUnicode CMap: code render_code(i) is the character used[i]. */
static void save_cmap(xxgk_buf *o, const uint32_t *used, size_t used_count)
{
	save_run *runs = malloc((used_count + 1) * sizeof *runs);
	size_t nruns;
	if (!runs) {
		o->failed = true;
		return;
	}
	nruns = save_runs(runs, used, used_count);
	xxgk_buf_puts(o, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
			 "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
			 "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
			 "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	/* the runs of more than one character, then the single ones, in sections of at most 100 */
	for (int single = 0; single < 2; single++) {
		size_t k = 0, n = 0;
		for (size_t i = 0; i < nruns; i++)
			n += (runs[i].n == 1) == (single == 1);
		for (size_t i = 0; i < nruns; i++) {
			if ((runs[i].n == 1) != (single == 1))
				continue;
			if (k % SAVE_ENTRIES_PER_SECTION == 0)
				xxgk_buf_printf(o, "%zu %s\n",
						n - k < SAVE_ENTRIES_PER_SECTION ? n - k : SAVE_ENTRIES_PER_SECTION,
						single ? "beginbfchar" : "beginbfrange");
			if (single)
				xxgk_buf_printf(o, "<%04X> <%04X>\n", runs[i].code, runs[i].cp);
			else
				xxgk_buf_printf(o, "<%04X> <%04X> <%04X>\n", runs[i].code, runs[i].code + runs[i].n - 1,
						runs[i].cp);
			if (++k % SAVE_ENTRIES_PER_SECTION == 0 || k == n)
				xxgk_buf_puts(o, single ? "endbfchar\n" : "endbfrange\n");
		}
	}
	xxgk_buf_puts(o, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
	free(runs);
}

/* Finds `needle` in [from, to) of `s`; returns its offset or `to`. */
static size_t save_find(const char *s, size_t from, size_t to, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = from; i + n <= to; i++)
		if (s[i] == needle[0] && memcmp(s + i, needle, n) == 0)
			return i;
	return to;
}

/* The last occurrence of `needle` in s[0, len), or len. */
static size_t save_find_last(const char *s, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = len >= n ? len - n + 1 : 0; i-- > 0;)
		if (memcmp(s + i, needle, n) == 0)
			return i;
	return len;
}

/* Reads a decimal number at s[*i], advancing; false when there is none. */
static bool save_number(const char *s, size_t len, size_t *i, size_t *out)
{
	size_t v = 0, start = *i;
	while (*i < len && s[*i] >= '0' && s[*i] <= '9' && v < SIZE_MAX / 10)
		v = v * 10 + (size_t)(s[(*i)++] - '0');
	*out = v;
	return *i > start;
}

typedef struct {
	size_t obj;                 /* object number */
	size_t off, end;            /* its bytes in the old file */
} save_patch;

static int save_patch_cmp(const void *a, const void *b)
{
	const save_patch *u = a, *v = b;
	return (u->off > v->off) - (u->off < v->off);
}

/*
 * Rewrites the file in `in` with every ToUnicode object replaced and the
 * /ID added, into `out`. Returns false (leaving `out` empty) when the file
 * is not shaped as libharu 2.3 writes it.
 */
static bool save_rewrite(xxgk_buf *out, const char *in, size_t len, const uint32_t *used, size_t used_count)
{
	bool ok = false;
	size_t sx, xref, i, first, count, entries, trailer, tail_end;
	save_patch *patches = NULL;
	size_t npatch = 0, patch_cap = 0;
	xxgk_buf cmap;
	char hex[65];
	xxgk_buf_init(&cmap);
	/* startxref N; xref at N: "xref\n0 S\n" then S entries of 20 bytes */
	sx = save_find_last(in, len, "startxref");
	i = sx + 9;
	while (i < len && (in[i] == '\r' || in[i] == '\n'))
		i++;
	if (sx == len || !save_number(in, len, &i, &xref) || xref + 5 > len || memcmp(in + xref, "xref", 4) != 0)
		goto done;
	i = xref + 4;
	while (i < len && (in[i] == '\r' || in[i] == '\n'))
		i++;
	if (!save_number(in, len, &i, &first) || first != 0 || i >= len || in[i++] != ' ' ||
	    !save_number(in, len, &i, &count) || count == 0 || count > SAVE_XREF_CAP)
		goto done;
	while (i < len && (in[i] == '\r' || in[i] == '\n'))
		i++;
	entries = i;
	if (entries + count * 20 > len)
		goto done;
	trailer = entries + count * 20;
	if (trailer + 11 > len || memcmp(in + trailer, "trailer\n<<\n", 11) != 0)
		goto done;
	tail_end = save_find(in, trailer, len, ">>\nstartxref");
	if (tail_end == len)
		goto done;

	/* the objects that /ToUnicode refers to */
	for (size_t at = 0; (at = save_find(in, at, xref, "/ToUnicode ")) < xref;) {
		size_t k = at + 11, num, off, end;
		bool seen = false;
		at = k;
		if (!save_number(in, xref, &k, &num) || num >= count || memcmp(in + entries + num * 20 + 17, "n", 1) != 0)
			continue;
		for (size_t j = 0; j < npatch; j++)
			seen = seen || patches[j].obj == num;
		if (seen)
			continue;
		k = entries + num * 20;
		if (!save_number(in, len, &k, &off) || off >= xref)
			goto done;
		end = save_find(in, off, xref, "endobj\n");
		if (end == xref)
			goto done;
		if (npatch == patch_cap) {
			size_t cap = patch_cap ? patch_cap * 2 : 4;
			save_patch *v = realloc(patches, cap * sizeof *v);
			if (!v)
				goto done;
			patches = v;
			patch_cap = cap;
		}
		patches[npatch++] = (save_patch){ .obj = num, .off = off, .end = end + 7 };
	}
	if (npatch > 1)
		qsort(patches, npatch, sizeof *patches, save_patch_cmp);
	save_cmap(&cmap, used, used_count);
	if (cmap.failed)
		goto done;

	/* the body with the objects replaced */
	{
		size_t pos = 0;
		for (size_t j = 0; j < npatch; j++) {
			xxgk_buf_append(out, in + pos, patches[j].off - pos);
			xxgk_buf_printf(out, "%zu 0 obj\n<<\n/Length %zu\n>>\nstream\n", patches[j].obj, cmap.len);
			xxgk_buf_append(out, cmap.data, cmap.len);
			xxgk_buf_puts(out, "\nendstream\nendobj\n");
			pos = patches[j].end;
		}
		xxgk_buf_append(out, in + pos, xref - pos);
	}
	/* the cross-reference table, offsets moved by the replacements before them */
	{
		size_t new_xref = out->len;
		xxgk_buf_append(out, in + xref, entries - xref);
		for (size_t e = 0; e < count; e++) {
			const char *ent = in + entries + e * 20;
			size_t k = 0, off;
			long long shift = 0;
			if (ent[17] != 'n' || !save_number(ent, 10, &k, &off)) {
				xxgk_buf_append(out, ent, 20);
				continue;
			}
			for (size_t j = 0; j < npatch; j++)
				if (patches[j].off < off) {
					char head[64];
					int hl = snprintf(head, sizeof head, "%zu 0 obj\n<<\n/Length %zu\n>>\nstream\n",
							  patches[j].obj, cmap.len);
					size_t new_len = (size_t)hl + cmap.len + strlen("\nendstream\nendobj\n");
					shift += (long long)new_len - (long long)(patches[j].end - patches[j].off);
				}
			xxgk_buf_printf(out, "%010lld", (long long)off + shift);
			xxgk_buf_append(out, ent + 10, 10);
		}
		/* the trailer with the /ID of everything before it */
		xxgk_buf_append(out, in + trailer, 11);
		xxgk_buf_append(out, in + trailer + 11, tail_end - trailer - 11);
		if (out->failed)
			goto done;
		xxgk_sha256_hex(hex, out->data, out->len);
		xxgk_buf_printf(out, "/ID [<%.32s> <%.32s>]\n>>\nstartxref\n%zu\n%%%%EOF\n", hex, hex, new_xref);
	}
	ok = !out->failed;
done:
	if (!ok)
		xxgk_buf_free(out);
	free(patches);
	xxgk_buf_free(&cmap);
	return ok;
}

/* Writes through xxgk_outfile: a temporary file beside `path`, renamed into place. */
static int save_write(const char *data, size_t len, const char *path, xxgk_error *err)
{
	xxgk_outfile o;
	int rc = xxgk_outfile_open(&o, path, err);
	if (rc != XXGK_OK)
		return rc;
	if (fwrite(data, 1, len, o.file) != len) {
		rc = xxgk_error_set(err, XXGK_EIO, 0, 0, "%s: %s", path, strerror(errno));
		xxgk_outfile_abort(&o);
		return rc;
	}
	return xxgk_outfile_commit(&o, err);
}

int render_save(char **pdf, size_t *len, const uint32_t *used, size_t used_count, const char *path,
		xxgk_error *err)
{
	xxgk_buf out;
	xxgk_buf_init(&out);
	if (save_rewrite(&out, *pdf, *len, used, used_count)) {
		free(*pdf);
		*len = out.len;
		*pdf = xxgk_buf_detach(&out);
	}
	xxgk_buf_free(&out);
	return save_write(*pdf, *len, path, err);
}
