/*
 * load_int.h — the loader's internals other parts of the tree reach: the
 * page images of a folder that is one scan, listed and read (the first half
 * of xxgk_load_pages(), which the fuzz target fuzz_pages drives without the
 * OCR that follows).
 */
#ifndef XXGK_LOAD_INT_H
#define XXGK_LOAD_INT_H

#include <stddef.h>

#include "xxgk/common.h"

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
