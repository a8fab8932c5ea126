/*
 * pdf_save.c — the last touches to libharu's bytes, and writing them safely.
 *
 * Exports render_save (render_int.h).
 *
 * 1. Deflating. libharu 2.3 deflates with zlib at its default level; the
 *    fonts (~350 KB of a county 通报's subsets) made that a quarter of a
 *    render. It writes every stream plain instead (HPDF_COMP_NONE), and we
 *    deflate each here with libdeflate at level 6: the same size within a
 *    percent, in half the time (5.5 against 12 ms for those fonts). The
 *    stream's /Length object gets the new length.
 * 2. ToUnicode. libharu 2.3.0, in UTF-8 mode, points every font's
 *    /ToUnicode at a copy of its encoding CMap, whose `begincidrange` is not
 *    allowed in a ToUnicode CMap (PDF 1.7, 9.10.3: only bfchar / bfrange).
 *    Poppler warns and guesses; other readers copy text as garbage. And the
 *    codes shown are not the characters (pdf_font.c, "Codes"). We replace
 *    each such stream with a valid map from each code to its character
 *    (bfrange over runs of consecutive characters within one 256-code
 *    block, bfchar for the rest), deflated once for every font.
 *    The file is copied object by object with a new cross-reference table.
 *    libharu writes one classic xref section starting at object 0 with
 *    20-byte entries, its objects back to back; if the file is not like
 *    that, it is written as libharu made it (valid, but not deflated and its
 *    text not extractable).
 * 3. /ID. libharu 2.3 writes a file identifier only when it encrypts. PDF 1.7
 *    (14.4) asks for one; we derive it from the content (the first 16 bytes
 *    of its SHA-256), so the same document always gets the same id and
 *    deterministic renders stay byte-identical.
 * 4. The file is written through xxgk_outfile: a temporary file made by
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
#include <libdeflate.h>

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

/* One object of libharu's file: where it is, and what we write for it. */
typedef struct {
	size_t obj;                 /* object number */
	size_t off, end;            /* its bytes in the old file */
	const char *data;           /* its stream's bytes as written (deflated by us), or NULL: copied as is */
	size_t data_len;
	char *owned;                /* `data` when we made it */
	size_t length_of;           /* a stream's /Length object: the new length, else SIZE_MAX */
	size_t length_obj;          /* a stream: its /Length object's number */
} save_obj;

static int save_obj_cmp(const void *a, const void *b)
{
	const save_obj *u = a, *v = b;
	return (u->off > v->off) - (u->off < v->off);
}

/*
 * Deflates `len` bytes into a new buffer (zlib format, as /FlateDecode reads it), with libdeflate at
 * SAVE_LEVEL: the same bytes as zlib's level 6 within a percent, in half the time. NULL when out of memory.
 */
#define SAVE_LEVEL 6
static char *save_deflate(struct libdeflate_compressor *c, const char *in, size_t len, size_t *out_len)
{
	size_t cap = libdeflate_zlib_compress_bound(c, len);
	char *out = malloc(cap ? cap : 1);
	if (!out)
		return NULL;
	*out_len = libdeflate_zlib_compress(c, in, len, out, cap);
	if (*out_len == 0) {
		free(out);
		return NULL;
	}
	return out;
}

/*
 * Rewrites the file in `in`, object by object, into `out`: every stream
 * libharu left uncompressed deflated (its /Length object updated, /Filter
 * added), every ToUnicode object replaced by the document's map (deflated
 * too), a new cross-reference table, and the /ID. Returns false (leaving
 * `out` empty) when the file is not shaped as libharu 2.3 writes it, or when
 * out of memory (`*oom`: then the render fails; the file as libharu wrote it
 * would copy text wrong).
 */
static bool save_rewrite(xxgk_buf *out, const char *in, size_t len, const uint32_t *used, size_t used_count,
			 bool *oom)
{
	bool ok = false;
	*oom = false;
	size_t sx, xref, i, first, count, entries, trailer, tail_end, nobj = 0;
	save_obj *objs = NULL;
	size_t *where = NULL, *new_off = NULL;   /* object number → index in objs; → its new offset */
	xxgk_buf cmap;
	char hex[65], *cmap_z = NULL;
	size_t cmap_z_len = 0;
	struct libdeflate_compressor *z = libdeflate_alloc_compressor(SAVE_LEVEL);
	xxgk_buf_init(&cmap);
	if (!z) {
		*oom = true;
		goto done;
	}
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

	/* the objects in file order; each runs to the next one (libharu writes them back to back) */
	objs = calloc(count, sizeof *objs);
	where = malloc(count * sizeof *where);
	new_off = calloc(count, sizeof *new_off);
	if (!objs || !where || !new_off) {
		*oom = true;
		goto done;
	}
	for (size_t e = 0; e < count; e++) {
		const char *ent = in + entries + e * 20;
		size_t k = 0, off;
		where[e] = SIZE_MAX;
		if (ent[17] != 'n')
			continue;
		if (!save_number(ent, 10, &k, &off) || off >= xref)
			goto done;
		objs[nobj++] = (save_obj){ .obj = e, .off = off, .length_of = SIZE_MAX };
	}
	if (nobj == 0)
		goto done;
	qsort(objs, nobj, sizeof *objs, save_obj_cmp);
	for (size_t k = 0; k < nobj; k++) {
		objs[k].end = k + 1 < nobj ? objs[k + 1].off : xref;
		where[objs[k].obj] = k;
	}

	/* the ToUnicode map, once for every font */
	save_cmap(&cmap, used, used_count);
	if (cmap.failed || !(cmap_z = save_deflate(z, cmap.data, cmap.len, &cmap_z_len))) {
		*oom = true;
		goto done;
	}
	for (size_t at = 0; (at = save_find(in, at, xref, "/ToUnicode ")) < xref;) {
		size_t k = at + 11, num;
		at = k;
		if (!save_number(in, xref, &k, &num) || num >= count || where[num] == SIZE_MAX)
			continue;
		objs[where[num]].data = cmap_z;
		objs[where[num]].data_len = cmap_z_len;
	}
	/* every other stream: deflated, unless libharu already filtered it */
	for (size_t k = 0; k < nobj; k++) {
		save_obj *o = &objs[k];
		size_t s = save_find(in, o->off, o->end, ">>\nstream\r\n"), e, lo, n;
		if (s == o->end)
			continue;
		size_t d = s + strlen(">>\nstream\r\n");
		/* its /Length: "/Length M 0 R", the object M holding the number */
		lo = save_find(in, o->off, s, "/Length ");
		size_t at = lo + 8;
		if (lo == s || !save_number(in, s, &at, &n) || n >= count || where[n] == SIZE_MAX ||
		    memcmp(in + at, " 0 R", 4) != 0)
			goto done;
		at = save_find(in, objs[where[n]].off, objs[where[n]].end, " obj\n") + 5;
		if (!save_number(in, objs[where[n]].end, &at, &e) || d + e > o->end)
			goto done;
		if (!o->data) {
			if (save_find(in, o->off, s, "/Filter") != s)
				continue;   /* already filtered: copied as is */
			o->owned = save_deflate(z, in + d, e, &o->data_len);
			if (!o->owned) {
				*oom = true;
				goto done;
			}
			o->data = o->owned;
		}
		objs[where[n]].length_of = o->data_len;
		o->length_obj = n;
	}

	/* the body: the header, then each object as it was or rewritten */
	xxgk_buf_append(out, in, objs[0].off);
	for (size_t k = 0; k < nobj; k++) {
		const save_obj *o = &objs[k];
		new_off[o->obj] = out->len;
		if (o->length_of != SIZE_MAX) {
			xxgk_buf_printf(out, "%zu 0 obj\n%zu\nendobj\n", o->obj, o->length_of);
		} else if (o->data) {
			/* the dictionary without its closing ">>", /Filter added */
			size_t s = save_find(in, o->off, o->end, ">>\nstream\r\n");
			if (o->data != cmap_z)
				xxgk_buf_append(out, in + o->off, s - o->off);
			else   /* a ToUnicode map: its /Length is all its dictionary needs */
				xxgk_buf_printf(out, "%zu 0 obj\n<<\n/Length %zu 0 R\n", o->obj, o->length_obj);
			xxgk_buf_puts(out, "/Filter [ /FlateDecode ]\n>>\nstream\r\n");
			xxgk_buf_append(out, o->data, o->data_len);
			xxgk_buf_puts(out, "\r\nendstream\nendobj\n");
		} else {
			xxgk_buf_append(out, in + o->off, o->end - o->off);
		}
	}
	/* the cross-reference table with the new offsets */
	{
		size_t new_xref = out->len;
		xxgk_buf_append(out, in + xref, entries - xref);
		for (size_t e = 0; e < count; e++) {
			const char *ent = in + entries + e * 20;
			if (where[e] == SIZE_MAX) {
				xxgk_buf_append(out, ent, 20);
				continue;
			}
			xxgk_buf_printf(out, "%010zu", new_off[e]);
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
	if (out->failed)
		*oom = true;
	if (!ok)
		xxgk_buf_free(out);
	for (size_t k = 0; objs && k < nobj; k++)
		free(objs[k].owned);
	free(objs);
	free(where);
	free(new_off);
	free(cmap_z);
	xxgk_buf_free(&cmap);
	libdeflate_free_compressor(z);
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
	bool oom;
	xxgk_buf_init(&out);
	if (save_rewrite(&out, *pdf, *len, used, used_count, &oom)) {
		free(*pdf);
		*len = out.len;
		*pdf = xxgk_buf_detach(&out);
	}
	xxgk_buf_free(&out);
	if (oom)
		return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory writing %s", path);
	return save_write(*pdf, *len, path, err);
}
