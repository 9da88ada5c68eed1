// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/* Userspace implementation of the engine's platform hooks. */
#include "qoe_platform.h"

#include <stdlib.h>
#include <sys/mman.h>
#include <sys/random.h>

#define QOE_HUGE_PAGE	(2u << 20)

void *qoe_zalloc(size_t size)
{
	return calloc(1, size);
}

void qoe_free(void *p)
{
	free(p);
}

/*
 * Tables of a million flows are looked up at random: on 4 KiB pages each
 * lookup also walks the page tables.  Mappings of 2 MiB and more are
 * aligned to 2 MiB and offered to transparent huge pages (a hint).
 */
void *qoe_zalloc_table(size_t size)
{
	size_t align = size >= QOE_HUGE_PAGE ? QOE_HUGE_PAGE : 0, head;
	u8 *p;

	if (!size)
		return NULL;
	p = mmap(NULL, size + align, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	if (!align)
		return p;
	head = (QOE_HUGE_PAGE - ((uintptr_t)p & (QOE_HUGE_PAGE - 1))) &
	       (QOE_HUGE_PAGE - 1);
	if (head)
		munmap(p, head);
	if (align - head)
		munmap(p + head + size, align - head);
	p += head;
	madvise(p, size, MADV_HUGEPAGE);
	return p;
}

void qoe_free_table(void *p, size_t size)
{
	if (p)
		munmap(p, size);
}

void qoe_random_bytes(void *buf, size_t len)
{
	u8 *p = buf;

	while (len) {
		ssize_t n = getrandom(p, len, 0);

		if (n <= 0)
			abort();	/* no entropy: never run with a guessable hash seed */
		p += n;
		len -= (size_t)n;
	}
}

void qoe_wipe(void *p, size_t n)
{
	explicit_bzero(p, n);
}
