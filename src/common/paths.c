/*
 * paths.c — where the data xxgk reads at run time lives (the gazetteer, the
 * message catalogs), for a build tree and for an installed copy alike.
 *
 * Exports xxgk_data_dir (xxgk/common.h) and xxgk_install_dir (common_int.h).
 *
 * An installed xxgk is relocatable: its data are looked for beside the
 * module that holds this code — bin/xxgk or lib[/<multiarch>]/libxxgk.so —
 * as ../share/xxgk (or ../../share/xxgk), so `cmake --install --prefix DIR`
 * works wherever DIR is. Else the source tree the build came from (a build
 * tree's binary), else the install prefix given at configure time (a program
 * linked statically elsewhere). $XXGK_DATA_DIR overrides all.
 */
#define _GNU_SOURCE   /* dladdr */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "xxgk/common.h"
#include "common_int.h"

#ifndef XXGK_DATA_DIR_INSTALLED
#define XXGK_DATA_DIR_INSTALLED "/usr/local/share/xxgk"
#endif
#ifndef XXGK_DATA_DIR
#define XXGK_DATA_DIR "data"
#endif

static bool paths_is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

bool xxgk_install_dir(char *out, size_t cap, const char *rel)
{
	Dl_info info;
	if (!dladdr((void *)(uintptr_t)xxgk_install_dir, &info) || !info.dli_fname)
		return false;
	char *self = realpath(info.dli_fname, NULL);
	if (!self)
		return false;
	char *slash = strrchr(self, '/');
	bool found = false;
	if (slash) {
		*slash = '\0';
		/* bin/xxgk or lib/libxxgk.so: ../share; lib/x86_64-linux-gnu/libxxgk.so: ../../share */
		for (int up = 1; up <= 2 && !found; up++) {
			snprintf(out, cap, "%s/%s%s", self, up == 1 ? "../" : "../../", rel);
			found = paths_is_dir(out);
		}
	}
	free(self);
	if (found) {   /* without the ../ */
		char *clean = realpath(out, NULL);
		if (clean) {
			snprintf(out, cap, "%s", clean);
			free(clean);
		}
	}
	return found;
}

static char paths_data[4096];
static pthread_once_t paths_once = PTHREAD_ONCE_INIT;

static void paths_find(void)
{
	const char *env = getenv("XXGK_DATA_DIR");
	if (env && *env)
		snprintf(paths_data, sizeof paths_data, "%s", env);
	else if (!xxgk_install_dir(paths_data, sizeof paths_data, "share/xxgk"))
		snprintf(paths_data, sizeof paths_data, "%s",
			 paths_is_dir(XXGK_DATA_DIR) ? XXGK_DATA_DIR : XXGK_DATA_DIR_INSTALLED);
}

const char *xxgk_data_dir(void)
{
	pthread_once(&paths_once, paths_find);
	return paths_data;
}
