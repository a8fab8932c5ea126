/*
 * fuzz_pages.c — libFuzzer target for a scan's input side without its OCR:
 * a folder of page images (src/load/loader.c: which files are pages, their
 * numeric order, reading them) and every page of every file decoded
 * (src/parse/ocr_image.c: PNG, JPEG, multi-page TIFF — the directory chain
 * walked to count and measure the pages, libtiff through leptonica, the page
 * made 8-bit grey). fuzz_image drives the whole OCR after it, at seconds an
 * input; this one runs thousands of inputs a second on the decoders.
 *
 * An input is files separated by a line "\n--\n"; each file is its name (up
 * to its first newline, at most 40 bytes, '/' made '_') then its bytes. They
 * are written into a folder of their own and read as xxgk_load_pages() reads
 * one, then checked as xxgk_images_read() checks its pages before OCR, with
 * every page decoded. Properties beyond "no crash, no leak": a failure says
 * why on one line and hands back nothing; a success has pages.
 *
 *   ./fuzz_pages -max_len=200000 -timeout=20 -rss_limit_mb=2048 corpus/ tests/fuzz/seeds_pages/
 */
#define _GNU_SOURCE   /* memmem */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "load/load_int.h"
#include "parse/convert_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
const char *__lsan_default_suppressions(void);

/* leptonica's and libtiff's process-wide tables, kept for the process's life. */
const char *__lsan_default_suppressions(void)
{
	return "leak:libtesseract.so\nleak:liblept.so\nleak:libfontconfig.so\n";
}

static char folder[64];

/* The folder emptied of what the last input wrote. */
static void folder_clear(void)
{
	DIR *d = opendir(folder);
	if (!d)
		abort();
	struct dirent *e;
	char path[160];
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", folder, e->d_name);
		unlink(path);
	}
	closedir(d);
}

/* One file of the input: its name, then its bytes. */
static void folder_write(const uint8_t *p, size_t len, int index)
{
	char name[48];
	size_t k = 0;
	while (k < len && k < 40 && p[k] != '\n' && p[k] != '\0') {
		name[k] = p[k] == '/' ? '_' : (char)p[k];
		k++;
	}
	name[k] = '\0';
	if (k == 0 || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		snprintf(name, sizeof name, "page%d.png", index);
	size_t skip = k < len ? k + 1 : k;
	char path[160];
	snprintf(path, sizeof path, "%s/%s", folder, name);
	FILE *f = fopen(path, "wb");
	if (!f)
		return;   /* a name the file system refuses: that file is not there */
	if (len > skip)
		fwrite(p + skip, 1, len - skip, f);
	fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	xxgk_error err;
	if (!folder[0]) {
		const char *tmp = getenv("TMPDIR");
		snprintf(folder, sizeof folder, "%.40s/fuzz_pages.XXXXXX", tmp && *tmp ? tmp : "/tmp");
		if (!mkdtemp(folder) || xxgk__ocr_dl_load(&err) != XXGK_OK)
			abort();
	}
	folder_clear();
	static const char sep[] = "\n--\n";
	const uint8_t *p = data, *end = data + size;
	for (int i = 0; p <= end && i < 8; i++) {
		const uint8_t *s = memmem(p, (size_t)(end - p), sep, 4);
		const uint8_t *e = s ? s : end;
		folder_write(p, (size_t)(e - p), i);
		if (!s)
			break;
		p = s + 4;
	}
	xxgk_page_files pf;
	int rc = xxgk__page_files_read(&pf, folder, &err);
	if (rc != XXGK_OK) {
		if (pf.n || pf.names || !err.message[0] || strchr(err.message, '\n') || err.code != rc)
			abort();   /* a failure hands back nothing and says why on one line */
		return 0;
	}
	if (pf.n == 0)
		abort();
	size_t total = 0;
	rc = xxgk__images_check((const char *const *)pf.bufs, pf.lens, (const char *const *)pf.names, pf.n, true,
				&total, &err);
	if (rc == XXGK_OK ? total == 0 : !err.message[0] || strchr(err.message, '\n') != NULL)
		abort();
	xxgk__page_files_free(&pf);
	return 0;
}
