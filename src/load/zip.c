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
