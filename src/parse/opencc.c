/*
 * opencc.c — the one file that talks to OpenCC: traditional → simplified.
 *
 * Opening t2s.json loads its dictionaries (tens of milliseconds), so one
 * converter is opened on first use and kept for the life of the process;
 * pthread_once makes that safe from several threads, and OpenCC's convert
 * call is itself reentrant for a shared handle.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <opencc.h>

#include "parse_int.h"

static pthread_once_t opencc_once = PTHREAD_ONCE_INIT;
static opencc_t opencc_handle = (opencc_t)-1;

static void opencc_open_once(void)
{
	opencc_handle = opencc_open("t2s.json");
}

int xxgk_t2s(char **out, size_t *out_len, const char *text, size_t len, xxgk_error *err)
{
	*out = NULL;
	pthread_once(&opencc_once, opencc_open_once);
	if (opencc_handle == (opencc_t)-1)
		return xxgk_error_set(err, XXGK_EENCODING, 0, 0,
				      "the text is in traditional script but OpenCC's t2s.json "
				      "cannot be opened (install libopencc-data): %s",
				      opencc_error());
	char *conv = opencc_convert_utf8(opencc_handle, text, len);
	if (!conv)
		return xxgk_error_set(err, XXGK_EENCODING, 0, 0, "OpenCC: %s", opencc_error());
	size_t n = strlen(conv);
	char *copy = malloc(n + 1);
	if (copy)
		memcpy(copy, conv, n + 1);
	opencc_convert_utf8_free(conv);
	if (!copy)
		return xxgk_error_set(err, XXGK_ENOMEM, 0, 0, "out of memory");
	*out = copy;
	*out_len = n;
	return XXGK_OK;
}
