/*
 * region_int.h — the gazetteer's layout, shared by gazetteer.c and place.c.
 */
#ifndef XXGK_REGION_INT_H
#define XXGK_REGION_INT_H

#include <stdint.h>

#include "xxgk/region.h"
#include "../common/common_int.h"

struct xxgk_gazetteer {
	char *text;             /* owned (xxgk__bigmem_alloc): the four CSVs read whole, fields cut in place */
	size_t text_len;
	size_t file_at[4];      /* where each CSV starts in `text` */
	void *arena;            /* owned (xxgk__bigmem_alloc): regions, code_slots, name_slots, name_next */
	size_t arena_len;
	xxgk_region *regions;   /* in `arena`; code and name point into `text` */
	size_t count, cap;
	int32_t *code_slots;    /* in `arena`, open addressing: region index or −1 */
	size_t code_cap, code_used;
	int32_t *name_slots;    /* in `arena`: the first region of each name */
	int32_t *name_next;     /* in `arena`, per region: the next region of the same name, −1 */
	size_t name_cap;
	size_t longest_name;    /* bytes */
	uint8_t ends[0x10000 / 8];  /* bit per BMP code point: some name ends with it */
};

int gaz_index_code(xxgk_gazetteer *g, size_t idx);
int gaz_index_names(xxgk_gazetteer *g);
/* The first region named s[0..n), or −1; follow name_next for the others. */
int32_t gaz_lookup_name(const xxgk_gazetteer *g, const char *s, size_t n);
/* Can a region name end with the character that ends s[0..n)? (a cheap filter) */
bool gaz_may_end(const xxgk_gazetteer *g, const char *s, size_t n);

#endif
