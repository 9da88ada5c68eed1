// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * Fixed-size objects for the userspace crypto backends' key contexts.  A
 * million flows are a million key schedules: from malloc they are spread
 * over the heap with a header each and cost a page walk per packet; here
 * they are packed, cache-line aligned, in chunks that grow to 2 MiB and
 * are offered to transparent huge pages.  Freed objects are wiped.
 */
#include "slab_user.h"

#include <stdlib.h>

#if defined(__has_feature)
#if __has_feature(address_sanitizer) && !defined(__SANITIZE_ADDRESS__)
#define __SANITIZE_ADDRESS__ 1
#endif
#endif

/*
 * Under ASan, free objects are poisoned, and the chunks are roots for the
 * leak checker: objects hold pointers to heap memory (an OpenSSL context
 * in a ChaCha20 HP key) that it would otherwise call leaked.
 */
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#include <sanitizer/lsan_interface.h>
#define QOE_SLAB_POISON(p, n)	ASAN_POISON_MEMORY_REGION(p, n)
#define QOE_SLAB_UNPOISON(p, n)	ASAN_UNPOISON_MEMORY_REGION(p, n)
#define QOE_SLAB_ROOT(p, n)	__lsan_register_root_region(p, n)
#define QOE_SLAB_UNROOT(p, n)	__lsan_unregister_root_region(p, n)
#else
#define QOE_SLAB_POISON(p, n)	((void)(p), (void)(n))
#define QOE_SLAB_UNPOISON(p, n)	((void)(p), (void)(n))
#define QOE_SLAB_ROOT(p, n)	((void)(p), (void)(n))
#define QOE_SLAB_UNROOT(p, n)	((void)(p), (void)(n))
#endif

#define QOE_SLAB_FIRST		(64u << 10)
#define QOE_SLAB_HUGE		(2u << 20)	/* chunks grow to a huge page */

struct qoe_slab_chunk {
	struct qoe_slab_chunk *next;
	size_t size;
	void *mem;
};

static int qoe_slab_grow(struct qoe_slab *s)
{
	struct qoe_slab_chunk *c = malloc(sizeof(*c));
	size_t n;

	if (!c)
		return -ENOMEM;
	c->size = s->next_chunk;
	/* a mapping: 2 MiB chunks are aligned and offered to THP */
	c->mem = qoe_zalloc_table(c->size);
	if (!c->mem) {
		free(c);
		return -ENOMEM;
	}
	QOE_SLAB_ROOT(c->mem, c->size);
	if (s->next_chunk < QOE_SLAB_HUGE)
		s->next_chunk *= 2;
	c->next = s->chunks;
	s->chunks = c;
	/* thread every object onto the free list, first object first */
	n = c->size / s->obj_size;
	for (size_t i = n; i-- > 0;) {
		void **obj = (void **)((u8 *)c->mem + i * s->obj_size);

		*obj = s->free;
		s->free = obj;
		QOE_SLAB_POISON((u8 *)obj + sizeof(void *),
				s->obj_size - sizeof(void *));
	}
	return 0;
}

int qoe_slab_init(struct qoe_slab *s, size_t obj_size)
{
	if (!obj_size || obj_size % QOE_SLAB_ALIGN || obj_size > QOE_SLAB_FIRST)
		return -EINVAL;
	memset(s, 0, sizeof(*s));
	s->obj_size = obj_size;
	s->next_chunk = QOE_SLAB_FIRST;
	return 0;
}

void *qoe_slab_alloc(struct qoe_slab *s)
{
	void **obj;

	if (!s->free && qoe_slab_grow(s))
		return NULL;
	obj = s->free;
	QOE_SLAB_UNPOISON(obj, s->obj_size);
	s->free = *obj;
	memset(obj, 0, s->obj_size);
	s->in_use++;
	return obj;
}

void qoe_slab_free(struct qoe_slab *s, void *p)
{
	void **obj = p;

	if (!p)
		return;
	qoe_wipe(p, s->obj_size);
	*obj = s->free;
	s->free = obj;
	QOE_SLAB_POISON((u8 *)obj + sizeof(void *), s->obj_size - sizeof(void *));
	s->in_use--;
}

void qoe_slab_fini(struct qoe_slab *s)
{
	struct qoe_slab_chunk *c = s->chunks, *next;

	for (; c; c = next) {
		next = c->next;
		QOE_SLAB_UNPOISON(c->mem, c->size);
		QOE_SLAB_UNROOT(c->mem, c->size);
		qoe_wipe(c->mem, c->size);
		qoe_free_table(c->mem, c->size);
		free(c);
	}
	memset(s, 0, sizeof(*s));
}
