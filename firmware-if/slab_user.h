/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause) */
/* Fixed-size, cache-line aligned objects in huge-page chunks (userspace). */
#ifndef _QOE_SLAB_USER_H
#define _QOE_SLAB_USER_H

#include "qoe_platform.h"

#define QOE_SLAB_ALIGN	64

/**
 * struct qoe_slab - a pool of one object size; one thread at a time
 * @obj_size: bytes per object, a multiple of QOE_SLAB_ALIGN
 * @next_chunk: bytes the next chunk maps (64 KiB doubling to 2 MiB)
 * @free: first free object (its first word links the next)
 * @chunks: the mappings, freed by qoe_slab_fini()
 * @in_use: objects handed out
 */
struct qoe_slab {
	size_t obj_size;
	size_t next_chunk;
	void *free;
	struct qoe_slab_chunk *chunks;
	size_t in_use;
};

int qoe_slab_init(struct qoe_slab *s, size_t obj_size);
void *qoe_slab_alloc(struct qoe_slab *s);	/* zeroed, or NULL */
void qoe_slab_free(struct qoe_slab *s, void *p);	/* wipes it */
void qoe_slab_fini(struct qoe_slab *s);

#endif /* _QOE_SLAB_USER_H */
