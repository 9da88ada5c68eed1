// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/* Userspace implementation of the engine's platform hooks. */
#include "qoe_platform.h"

#include <stdlib.h>
#include <sys/random.h>

void *qoe_zalloc(size_t size)
{
	return calloc(1, size);
}

void qoe_free(void *p)
{
	free(p);
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
