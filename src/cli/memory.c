/*
 * memory.c — how the `xxgk` process takes memory from the kernel.
 *
 * On a virtual machine a page fault costs ~10 µs, and a parse touches
 * thousands of fresh 4 KiB pages: poppler grows each embedded font in a
 * vector (a fresh mmap per step past glibc's mmap threshold), the heap grows
 * and is trimmed back in small steps. `xxgk parse` of one 6-page PDF took
 * ~3,200 faults, a third of its CPU time. This is what glibc's own tunables
 * glibc.malloc.hugetlb=1 and glibc.malloc.top_pad do (GLIBC_TUNABLES, read
 * only at exec): the heap grows in large steps, keeps what is freed, and
 * its first 32 MB are advised onto transparent huge pages (one fault per
 * 2 MiB). A policy of the program, not of the library: set once in main.
 * Only with glibc, and not under AddressSanitizer (its own allocator).
 */
#define _DEFAULT_SOURCE   /* sbrk, madvise */
#include <stdint.h>
#include <stdlib.h>

#include "cli.h"

#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#define CLI_MEMORY_TUNE 1
#endif

/* Heap kept free on top before it is given back, and taken at a time. */
#define CLI_HEAP_STEP ((size_t)32 * 1024 * 1024)
#define CLI_HUGE_PAGE ((uintptr_t)2 * 1024 * 1024)

void cli_memory_tune(void)
{
#ifdef CLI_MEMORY_TUNE
#ifdef MADV_HUGEPAGE
	/* large blocks from the heap too (they are reused, not mapped afresh) */
	if (!mallopt(M_MMAP_THRESHOLD, (int)(2 * CLI_HEAP_STEP)) || !mallopt(M_TRIM_THRESHOLD, (int)(4 * CLI_HEAP_STEP)) ||
	    !mallopt(M_TOP_PAD, (int)CLI_HEAP_STEP))
		return;
	/* grow the heap now, by a block larger than its free top, and advise
	 * the new part; the block is freed at once and the heap keeps it */
	struct mallinfo2 mi = mallinfo2();
	size_t probe = mi.keepcost + 4096;
	if (probe >= CLI_HEAP_STEP)
		return;
	char *p = malloc(probe);
	if (!p)
		return;
	void *end = sbrk(0);
	uintptr_t lo = ((uintptr_t)p + CLI_HUGE_PAGE - 1) & ~(CLI_HUGE_PAGE - 1);
	uintptr_t hi = (uintptr_t)end & ~(CLI_HUGE_PAGE - 1);
	if (end != (void *)-1 && hi > lo)
		(void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE);   /* a hint: without it, small pages */
	free(p);
#endif
#endif
}
