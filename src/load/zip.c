/*
 * zip.c — the reports inside a zip archive held in memory (an upload of
 * `xxgk serve`): each entry handed to a callback as bytes, with its name as
 * the archive prints it (to show, never to open). Exports xxgk_zip_each()
 * (xxgk/load.h).
 *
 * An archive is hostile until read: entries are counted before any is
 * unpacked; each is read through a bounded buffer whatever size its header
 * claims (a header can lie); an entry that expands more than
 * ZIP_MAX_RATIO times, or past the per-entry or total caps, is refused as
 * a bomb; names that climb out of the archive ("../", "/etc", "C:\") are
 * refused as traversal, although nothing is written anywhere, because a
 * tool that unpacks the same archive later would be hurt by them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <zip.h>

#include "xxgk/load.h"
#include "../common/common_int.h"
#include "load_int.h"

/* Expansion beyond which an entry is a bomb: text compresses 5–10 times, not 200. */
#define ZIP_MAX_RATIO 200
/* Entries smaller than this are not judged by their ratio (a page of zeros is fine). */
#define ZIP_RATIO_FLOOR (1024 * 1024)

/* Why a name is refused, or NULL. */
static const char *zip_bad_name(const char *name)
{
	if (!name[0])
		return "条目没有名字 (entry without a name)";
	if (name[0] == '/' || name[0] == '\\' || (name[0] && name[1] == ':'))
		return "条目名是绝对路径，拒收 (absolute path in the archive)";
	const char *p = name;
	while (*p) {
		size_t n = strcspn(p, "/\\");
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return "条目名含 ..，拒收 (path traversal in the archive)";
		p += n;
		if (*p)
			p++;
	}
	return NULL;
}

static bool zip_skipped(const char *name)
{
	size_t n = strlen(name);
	if (n && (name[n - 1] == '/' || name[n - 1] == '\\'))
		return true;   /* a folder */
	const char *base = strrchr(name, '/');
	base = base ? base + 1 : name;
	return !strncmp(name, "__MACOSX/", 9) || base[0] == '.';
}

int xxgk_zip_each(const void *buf, size_t len, const xxgk_zip_limits *lim, xxgk_zip_fn fn, void *ctx,
		  xxgk_error *err)
{
	zip_error_t zerr;
	zip_source_t *src = NULL;
	zip_t *za = NULL;
	char *data = NULL;
	int rc = XXGK_OK;
	size_t total = 0;
	zip_error_init(&zerr);
	src = zip_source_buffer_create(buf, len, 0, &zerr);
	if (src)
		za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
	if (!za) {
		rc = xxgk_error_set(err, XXGK_EPARSE, 0, 0, "不是可读的 zip 压缩包 (not a readable zip: %s)",
				    zip_error_strerror(&zerr));
		if (src)
			zip_source_free(src);
		goto done;
	}
	zip_int64_t n = zip_get_num_entries(za, 0);
	if (n < 0 || (size_t)n > lim->max_entries) {
		rc = xxgk_error_set(err, XXGK_ETOOBIG, 0, 0, "压缩包有 %lld 个条目，超过 %zu 个上限 (too many entries)",
				    (long long)n, lim->max_entries);
		goto done;
	}
	data = malloc(lim->max_entry + 1);
	if (!data) {
		rc = xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
		goto done;
	}
	for (zip_int64_t i = 0; i < n && rc == XXGK_OK; i++) {
		zip_stat_t zs;
		const char *name = zip_get_name(za, (zip_uint64_t)i, ZIP_FL_ENC_GUESS);
		if (!name || zip_stat_index(za, (zip_uint64_t)i, 0, &zs) != 0) {
			rc = fn(name ? name : "?", NULL, 0, "条目无法读取 (unreadable entry)", ctx);
			continue;
		}
		if (zip_skipped(name))
			continue;
		const char *bad = zip_bad_name(name);
		if (bad) {
			rc = fn(name, NULL, 0, bad, ctx);
			continue;
		}
		size_t nl = strlen(name);
		if (nl > 4 && !strcasecmp(name + nl - 4, ".zip")) {
			rc = fn(name, NULL, 0, "压缩包里的压缩包不解开，请先解压 (nested zip)", ctx);
			continue;
		}
		if ((zs.valid & ZIP_STAT_SIZE) && zs.size > lim->max_entry) {
			rc = fn(name, NULL, 0, "条目超过单个文件大小上限 (entry over the size cap)", ctx);
			continue;
		}
		if ((zs.valid & ZIP_STAT_SIZE) && (zs.valid & ZIP_STAT_COMP_SIZE) && zs.size > ZIP_RATIO_FLOOR &&
		    zs.size / (zs.comp_size ? zs.comp_size : 1) > ZIP_MAX_RATIO) {
			rc = fn(name, NULL, 0, "压缩比异常，疑似压缩炸弹，拒收 (zip bomb)", ctx);
			continue;
		}
		zip_file_t *zf = zip_fopen_index(za, (zip_uint64_t)i, 0);
		if (!zf) {
			rc = fn(name, NULL, 0, "条目无法解压（加密或损坏）(encrypted or damaged entry)", ctx);
			continue;
		}
		/* read at most one byte past the cap, whatever the header said */
		size_t got = 0;
		zip_int64_t r = 0;
		while (got <= lim->max_entry && (r = zip_fread(zf, data + got, lim->max_entry + 1 - got)) > 0)
			got += (size_t)r;
		zip_fclose(zf);
		if (r < 0) {
			rc = fn(name, NULL, 0, "条目解压出错（损坏）(damaged entry)", ctx);
		} else if (got > lim->max_entry) {
			rc = fn(name, NULL, 0, "条目解压后超过单个文件大小上限 (entry over the size cap)", ctx);
		} else if (total + got > lim->max_total) {
			rc = xxgk_error_set(err, XXGK_ETOOBIG, 0, 0,
					    "压缩包解压后超过 %zu MB 上限 (archive expands past the cap)",
					    lim->max_total >> 20);
		} else {
			total += got;
			rc = fn(name, data, got, NULL, ctx);
		}
	}
done:
	free(data);
	if (za)
		zip_discard(za);
	return rc;
}

/* ------------------------------------------------- a zip that is one scan */

/* The last part of an entry's name ("scan/page-1.png" → "page-1.png"). */
static const char *zip_base(const char *name)
{
	const char *slash = strrchr(name, '/');
	return slash ? slash + 1 : name;
}

/* Whether page images outnumber the other files, by the names alone. */
static int zip_is_scan(const void *buf, size_t len, bool *is_scan, xxgk_error *err)
{
	zip_error_t zerr;
	zip_error_init(&zerr);
	zip_source_t *src = zip_source_buffer_create(buf, len, 0, &zerr);
	zip_t *za = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &zerr) : NULL;
	*is_scan = false;
	if (!za) {
		int rc = xxgk_error_set(err, XXGK_EPARSE, 0, 0, "不是可读的 zip 压缩包 (not a readable zip: %s)",
					zip_error_strerror(&zerr));
		if (src)
			zip_source_free(src);
		zip_error_fini(&zerr);
		return rc;
	}
	size_t pages = 0, others = 0;
	zip_int64_t n = zip_get_num_entries(za, 0);
	for (zip_int64_t i = 0; i < n; i++) {
		const char *name = zip_get_name(za, (zip_uint64_t)i, ZIP_FL_ENC_GUESS);
		if (!name || zip_skipped(name) || xxgk__is_folder_extra(zip_base(name)))
			continue;
		if (xxgk__is_page_image(zip_base(name)))
			pages++;
		else
			others++;
	}
	zip_discard(za);
	zip_error_fini(&zerr);
	*is_scan = pages > others;
	return XXGK_OK;
}

typedef struct {
	char *name;   /* first: xxgk__page_name_cmp() sorts these by it */
	char *data;
	size_t len;
} zip_page;

typedef struct {
	zip_page *pages;
	size_t n, cap;
	int rc;
	xxgk_error *err;
} zip_pages;

static int zip_take_page(const char *name, const void *data, size_t len, const char *refusal, void *ctx)
{
	zip_pages *p = ctx;
	char shown[200];
	xxgk_printable(shown, sizeof shown, name);
	if (xxgk__is_folder_extra(zip_base(name)))
		return 0;
	if (refusal)
		return p->rc = xxgk_error_set(p->err, XXGK_EPARSE, 0, 0, "%s: %s", shown, refusal);
	if (!xxgk__is_page_image(zip_base(name)))
		return p->rc = xxgk_error_set(p->err, XXGK_EPARSE, 0, 0,
					      "%s: not a page image (.png .jpg .jpeg .tif .tiff) among a scan's pages; "
					      "take it out of the zip, the scan is not read without it", shown);
	if (p->n == XXGK_LOAD_MAX_PAGES)
		return p->rc = xxgk_error_set(p->err, XXGK_ETOOBIG, 0, 0, "more than %d page images in the zip",
					      XXGK_LOAD_MAX_PAGES);
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 16;
		zip_page *np = realloc(p->pages, cap * sizeof *np);
		if (!np)
			return p->rc = xxgk_error_set(p->err, XXGK_ENOMEM, 0, 0, "out of memory");
		p->pages = np;
		p->cap = cap;
	}
	zip_page *pg = &p->pages[p->n];
	pg->name = xxgk_strdup(shown);
	pg->data = malloc(len ? len : 1);
	pg->len = len;
	if (!pg->name || !pg->data) {
		free(pg->name);
		free(pg->data);
		return p->rc = xxgk_error_set(p->err, XXGK_ENOMEM, 0, 0, "out of memory");
	}
	memcpy(pg->data, data, len);
	p->n++;
	return 0;
}

int xxgk_zip_scan(xxgk_report **out, bool *is_scan, const void *buf, size_t len, const xxgk_zip_limits *lim,
		  const xxgk_parse_options *opts, xxgk_error *err)
{
	*out = NULL;
	xxgk_error_clear(err);
	int rc = zip_is_scan(buf, len, is_scan, err);
	if (rc != XXGK_OK || !*is_scan)
		return rc;
	zip_pages p = { NULL, 0, 0, XXGK_OK, err };
	rc = xxgk_zip_each(buf, len, lim, zip_take_page, &p, err);
	if (rc == XXGK_OK && p.n == 0)
		rc = xxgk_error_set(err, XXGK_EINVAL, 0, 0, "no page images in the zip");
	const char **names = NULL, **bufs = NULL;
	size_t *lens = NULL;
	if (rc == XXGK_OK) {
		qsort(p.pages, p.n, sizeof *p.pages, xxgk__page_name_cmp);
		names = malloc(p.n * sizeof *names);
		bufs = malloc(p.n * sizeof *bufs);
		lens = malloc(p.n * sizeof *lens);
		if (!names || !bufs || !lens)
			rc = xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
	}
	if (rc == XXGK_OK) {
		for (size_t i = 0; i < p.n; i++) {
			names[i] = p.pages[i].name;
			bufs[i] = p.pages[i].data;
			lens[i] = p.pages[i].len;
		}
		rc = xxgk_parse_pages(out, bufs, lens, names, p.n, opts, err);
	}
	free(names);
	free(bufs);
	free(lens);
	for (size_t i = 0; i < p.n; i++) {
		free(p.pages[i].name);
		free(p.pages[i].data);
	}
	free(p.pages);
	return rc;
}
