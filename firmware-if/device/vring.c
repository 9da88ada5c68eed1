// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/* Split virtqueues, device side, checked against a hostile driver. */
#include <endian.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "qoe_vring.h"

int qoe_vring_init(struct qoe_vring *vr, uint16_t size, void *desc,
		   void *avail, void *used, uint16_t last_avail,
		   qoe_vring_map_fn map, void *map_ctx)
{
	if (!size || (size & (size - 1)) || !desc || !avail || !used || !map)
		return -EINVAL;
	/* the alignments virtio 1.x 2.7 requires; we read the rings in place */
	if (((uintptr_t)desc & 15) || ((uintptr_t)avail & 1) ||
	    ((uintptr_t)used & 3))
		return -EINVAL;
	memset(vr, 0, sizeof(*vr));
	vr->desc = desc;
	vr->avail = avail;
	vr->used = used;
	vr->size = size;
	vr->last_avail = last_avail;
	vr->avail_idx = last_avail;
	vr->used_idx = le16toh(__atomic_load_n(&vr->used->idx, __ATOMIC_ACQUIRE));
	vr->map = map;
	vr->map_ctx = map_ctx;
	return 0;
}

uint16_t qoe_vring_avail(struct qoe_vring *vr)
{
	uint16_t idx = le16toh(__atomic_load_n(&vr->avail->idx, __ATOMIC_ACQUIRE));
	uint16_t n = (uint16_t)(idx - vr->last_avail);

	/* more than the ring holds: the driver's index is garbage */
	if (n > vr->size)
		return 0;
	vr->avail_idx = idx;
	return n;
}

bool qoe_vring_avail_ge(struct qoe_vring *vr, uint16_t n)
{
	return (uint16_t)(vr->avail_idx - vr->last_avail) >= n ||
	       qoe_vring_avail(vr) >= n;
}

/* Answer a chain we will not run; its head may itself be out of range. */
static int bad_chain(struct qoe_vring *vr, uint16_t head)
{
	vr->bad_chains++;
	if (head < vr->size)
		qoe_vring_push(vr, head, 0);
	return -EBADMSG;
}

int qoe_vring_pop(struct qoe_vring *vr, struct qoe_vchain *c)
{
	uint16_t head, i, flags;
	unsigned int n = 0;

	if (!qoe_vring_avail_ge(vr, 1))
		return 0;
	head = le16toh(vr->avail->ring[vr->last_avail & (vr->size - 1)]);
	vr->last_avail++;
	memset(c, 0, offsetof(struct qoe_vchain, in));
	c->head = head;
	if (head >= vr->size)
		return bad_chain(vr, head);
	i = head;
	for (;;) {
		const struct vring_desc *d = &vr->desc[i];
		uint64_t addr = le64toh(d->addr);
		uint32_t len = le32toh(d->len);
		struct qoe_iov *v;
		uint8_t *p;

		flags = le16toh(d->flags);
		/* no INDIRECT_DESC was offered; a chain longer than the
		 * table (or our limit) loops
		 */
		if ((flags & VRING_DESC_F_INDIRECT) || ++n > QOE_VCHAIN_MAX ||
		    n > vr->size)
			return bad_chain(vr, head);
		p = len ? vr->map(vr->map_ctx, addr, len) : NULL;
		if (len && !p)
			return bad_chain(vr, head);
		if (flags & VRING_DESC_F_WRITE) {
			if (len) {
				v = &c->out[c->n_out++];
				v->base = p;
				v->len = len;
				c->out_len += len;
			}
		} else {
			/* readable after writable is not a valid chain */
			if (c->n_out)
				return bad_chain(vr, head);
			if (len) {
				v = &c->in[c->n_in++];
				v->base = p;
				v->len = len;
				c->in_len += len;
			}
		}
		if (c->in_len > (1u << 24) || c->out_len > (1u << 24))
			return bad_chain(vr, head);
		if (!(flags & VRING_DESC_F_NEXT))
			break;
		i = le16toh(d->next);
		if (i >= vr->size)
			return bad_chain(vr, head);
	}
	return 1;
}

void qoe_vring_push(struct qoe_vring *vr, uint16_t head, uint32_t len)
{
	struct vring_used_elem *e = &vr->used->ring[vr->used_idx & (vr->size - 1)];

	e->id = htole32(head);
	e->len = htole32(len);
	vr->used_idx++;
	vr->pending++;
}

bool qoe_vring_publish(struct qoe_vring *vr)
{
	if (!vr->pending)
		return false;
	vr->pending = 0;
	__atomic_store_n(&vr->used->idx, htole16(vr->used_idx), __ATOMIC_RELEASE);
	/* the driver's flag is read after the index is visible */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return !(le16toh(vr->avail->flags) & VRING_AVAIL_F_NO_INTERRUPT);
}

static uint32_t iov_copy(const struct qoe_iov *v, unsigned int n, uint32_t off,
			 uint8_t *flat, uint32_t len, bool to_iov)
{
	uint32_t done = 0, k;
	unsigned int i;

	for (i = 0; i < n && done < len; i++) {
		if (off >= v[i].len) {
			off -= v[i].len;
			continue;
		}
		k = v[i].len - off;
		if (k > len - done)
			k = len - done;
		if (to_iov)
			memcpy(v[i].base + off, flat + done, k);
		else
			memcpy(flat + done, v[i].base + off, k);
		done += k;
		off = 0;
	}
	return done;
}

uint32_t qoe_vchain_read(const struct qoe_vchain *c, uint32_t off, void *dst,
			 uint32_t len)
{
	return iov_copy(c->in, c->n_in, off, dst, len, false);
}

uint32_t qoe_vchain_write(const struct qoe_vchain *c, uint32_t off,
			  const void *src, uint32_t len)
{
	return iov_copy(c->out, c->n_out, off, (uint8_t *)src, len, true);
}
