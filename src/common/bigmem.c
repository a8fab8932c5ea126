/*
 * bigmem.c — large scratch buffers backed by transparent huge pages.
 *
 * A page's raster is megabytes; taking it from malloc costs a page fault
 * every 4 KiB the first time it is written, and on a virtual machine a
 * fault costs about 10 µs: 6 MB of raster took 20 ms per PDF, more than
 * drawing it. Memory mapped on a 2 MiB boundary and advised
 * MADV_HUGEPAGE (Linux, "transparent_hugepage" in madvise or always mode)
 * faults once per 2 MiB instead. Elsewhere, or when the kernel refuses,
 * it is ordinary memory, only slower to touch. Under AddressSanitizer the
 * buffers come from malloc, so that overruns are still caught.
 */
#define _DEFAULT_SOURCE   /* MAP_ANONYMOUS, madvise */
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "common_int.h"

#if defined(__SANITIZE_ADDRESS__)
#define BIGMEM_MALLOC 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BIGMEM_MALLOC 1
#endif
#endif

/* The huge page size on x86-64 and arm64 with 4 KiB pages. */
#define BIGMEM_HUGE ((size_t)2 * 1024 * 1024)

#ifndef BIGMEM_MALLOC
/* What a mapping of `n` bytes spans: n rounded up to whole huge pages. */
static size_t bigmem_span(size_t n)
{
	return (n + BIGMEM_HUGE - 1) / BIGMEM_HUGE * BIGMEM_HUGE;
}
#endif

void *xxgk__bigmem_alloc(size_t n)
{
	if (n == 0 || n > SIZE_MAX - 2 * BIGMEM_HUGE)
		return NULL;
#ifdef BIGMEM_MALLOC
	return malloc(n);
#else
	size_t span = bigmem_span(n);
	/* map one huge page more, then cut to a 2 MiB boundary */
	char *p = mmap(NULL, span + BIGMEM_HUGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	uintptr_t a = ((uintptr_t)p + BIGMEM_HUGE - 1) & ~(uintptr_t)(BIGMEM_HUGE - 1);
	char *q = (char *)a;
	if (q > p)
		munmap(p, (size_t)(q - p));
	if (q + span < p + span + BIGMEM_HUGE)
		munmap(q + span, (size_t)(p + span + BIGMEM_HUGE - (q + span)));
#ifdef MADV_HUGEPAGE
	(void)madvise(q, span, MADV_HUGEPAGE);   /* a hint: without it, small pages */
#endif
	return q;
#endif
}

void xxgk__bigmem_free(void *p, size_t n)
{
	if (!p)
		return;
#ifdef BIGMEM_MALLOC
	(void)n;
	free(p);
#else
	munmap(p, bigmem_span(n));
#endif
}
