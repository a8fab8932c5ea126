/*
 * xxgk_so.c — the shared libxxgk is the static library linked whole
 * (cmake/Install.cmake); this file only gives the target a source.
 */
#include "xxgk/common.h"
