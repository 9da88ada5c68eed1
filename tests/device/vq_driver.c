// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/* The driver's half of split virtqueues, for the device tests. */
#include <stdlib.h>
#include <string.h>

#include "qoe_host.h"
#include "vq_driver.h"
#include "../qoe_test.h"

void tguest_init(struct tguest *g, size_t size)
{
	g->mem = aligned_alloc(4096, size);
	if (!g->mem)
		abort();
	memset(g->mem, 0, size);
	g->size = size;
	g->brk = 0;
}

void tguest_fini(struct tguest *g)
{
	free(g->mem);
	g->mem = NULL;
}

void *tguest_alloc(struct tguest *g, size_t len)
{
	size_t at = (g->brk + 63) & ~(size_t)63;

	if (at + len > g->size)
		abort();
	g->brk = at + len;
	return g->mem + at;
}

uint64_t tguest_addr(const struct tguest *g, const void *p)
{
	return TGUEST_BASE + (uint64_t)((const uint8_t *)p - g->mem);
}

void *tguest_map(void *ctx, uint64_t addr, uint32_t len)
{
	struct tguest *g = ctx;

	if (addr < TGUEST_BASE || addr - TGUEST_BASE > g->size ||
	    len > g->size - (addr - TGUEST_BASE))
		return NULL;
	return g->mem + (addr - TGUEST_BASE);
}

void tvq_init(struct tvq *vq, struct tguest *g, uint16_t size,
	      struct qoe_vdev *v, unsigned int q)
{
	memset(vq, 0, sizeof(*vq));
	vq->size = size;
	vq->desc = tguest_alloc(g, 16u * size);
	vq->avail = tguest_alloc(g, 6u + 2u * size);
	vq->used = tguest_alloc(g, 6u + 8u * size);
	if (qoe_vdev_set_vq(v, q, size, vq->desc, vq->avail, vq->used, 0,
			    tguest_map, g))
		abort();
}

uint16_t tvq_add_chain(struct tvq *vq, const struct tguest *g, void *const *bufs,
		       const uint32_t *lens, unsigned int n_in, unsigned int n_out)
{
	unsigned int i, n = n_in + n_out;
	/* sizes are powers of 2 (the device refuses others): mask, as
	 * drivers do, no division per descriptor
	 */
	uint16_t mask = (uint16_t)(vq->size - 1);
	uint16_t head = vq->next_desc & mask, d = head;

	for (i = 0; i < n; i++) {
		uint16_t next = (uint16_t)((d + 1) & mask);

		vq->desc[d].addr = htole64(tguest_addr(g, bufs[i]));
		vq->desc[d].len = htole32(lens[i]);
		vq->desc[d].flags = htole16((i >= n_in ? VRING_DESC_F_WRITE : 0) |
					    (i + 1 < n ? VRING_DESC_F_NEXT : 0));
		vq->desc[d].next = htole16(next);
		d = next;
	}
	vq->next_desc = (uint16_t)(vq->next_desc + n);
	vq->avail->ring[vq->avail_idx & mask] = htole16(head);
	vq->avail_idx++;
	return head;
}

void tvq_publish(struct tvq *vq)
{
	__atomic_store_n(&vq->avail->idx, htole16(vq->avail_idx), __ATOMIC_RELEASE);
}

uint16_t tvq_add(struct tvq *vq, const struct tguest *g, void *const *bufs,
		 const uint32_t *lens, unsigned int n_in, unsigned int n_out)
{
	uint16_t head = tvq_add_chain(vq, g, bufs, lens, n_in, n_out);

	tvq_publish(vq);
	return head;
}

uint16_t tvq_used_all(struct tvq *vq)
{
	uint16_t idx = le16toh(__atomic_load_n(&vq->used->idx, __ATOMIC_ACQUIRE));
	uint16_t n = (uint16_t)(idx - vq->last_used);

	vq->last_used = idx;
	return n;
}

int tvq_used(struct tvq *vq, uint32_t *id, uint32_t *len)
{
	uint16_t idx = le16toh(__atomic_load_n(&vq->used->idx, __ATOMIC_ACQUIRE));
	struct vring_used_elem *e;

	if (idx == vq->last_used)
		return 0;
	e = &vq->used->ring[vq->last_used & (vq->size - 1)];
	*id = le32toh(e->id);
	*len = le32toh(e->len);
	vq->last_used++;
	return 1;
}

/* The admin entries travel in guest memory, as a driver's kmalloc'd ones. */
static int tadmin_admin(void *dev, void *buf, size_t len)
{
	struct tadmin *t = dev;
	struct qoe_vq_admin_reply r;
	uint8_t *req, *rsp;
	void *bufs[2];
	uint32_t lens[2], id, used;

	req = tguest_alloc(t->g, len);
	rsp = tguest_alloc(t->g, sizeof(r) + len);
	memcpy(req, buf, len);
	bufs[0] = req;
	bufs[1] = rsp;
	lens[0] = (uint32_t)len;
	lens[1] = (uint32_t)(sizeof(r) + len);
	tvq_add(t->vq, t->g, bufs, lens, 1, 1);
	qoe_vdev_poll(t->v, 64);
	if (!tvq_used(t->vq, &id, &used) || used != sizeof(r) + len)
		return -EIO;
	memcpy(&r, rsp, sizeof(r));
	memcpy(buf, rsp + sizeof(r), len);
	return (int)le32toh(r.result);
}

const struct qoe_host_ops tadmin_ops = { .admin = tadmin_admin };
