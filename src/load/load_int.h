/*
 * load_int.h — the loader's internals other parts of the tree reach: which
 * names are a scan's pages and in what order (loader.c, for a folder and for
 * a zip: zip.c), and the page images of a folder that is one scan, listed and
 * read (the first half of xxgk_load_pages(), which the fuzz target fuzz_pages
 * drives without the OCR that follows).
 */
#ifndef XXGK_LOAD_INT_H
#define XXGK_LOAD_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "xxgk/common.h"

/* A scan's page image by its name: .png .jpg .jpeg .tif .tiff, in any case. */
bool xxgk__is_page_image(const char *name);
/* What a folder (or zip) of page images may hold besides its pages: manifest.csv, Thumbs.db, desktop.ini. */
bool xxgk__is_folder_extra(const char *name);
/* qsort order of page names (`const char *const *`): runs of digits compared as numbers. */
int xxgk__page_name_cmp(const void *a, const void *b);

typedef struct {
	char **names;    /* the files' names in page order, control characters shown escaped */
	char **bufs;     /* their bytes */
	size_t *lens;
	size_t n;
} xxgk_page_files;

/*
 * The page images of folder `dir` (xxgk_load_pages() says which files, in
 * what order, and the errors), read into `pf`, which the caller frees with
 * xxgk__page_files_free() on XXGK_OK; on failure `pf` is empty and `err`
 * names the file.
 */
int xxgk__page_files_read(xxgk_page_files *pf, const char *dir, xxgk_error *err);
void xxgk__page_files_free(xxgk_page_files *pf);

#endif
