/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause) */
/*
 * The driver's half of split virtqueues, for tests: a "guest memory" region
 * with addresses that are offsets from a base (as UML's physical addresses
 * are), rings in it, chains added and used entries read back.
 */
#ifndef _QOE_VQ_DRIVER_H
#define _QOE_VQ_DRIVER_H

#include "qoe_vdev.h"

#define TGUEST_BASE	0x40000000ULL

struct tguest {
	uint8_t *mem;
	size_t size;
	size_t brk;
};

struct tvq {
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	uint16_t size;
	uint16_t next_desc;	/* descriptors are used round robin */
	uint16_t avail_idx;
	uint16_t last_used;
};

void tguest_init(struct tguest *g, size_t size);
void tguest_fini(struct tguest *g);
/* Allocate @len bytes of guest memory (zeroed, 64-byte aligned). */
void *tguest_alloc(struct tguest *g, size_t len);
uint64_t tguest_addr(const struct tguest *g, const void *p);
/* The device's qoe_vring_map_fn for this guest. */
void *tguest_map(void *ctx, uint64_t addr, uint32_t len);

/* A ring of @size entries in @g, handed to @v as queue @q. */
void tvq_init(struct tvq *vq, struct tguest *g, uint16_t size,
	      struct qoe_vdev *v, unsigned int q);

/*
 * Add one chain: @n_in readable buffers then @n_out writable ones
 * (bufs[0..n_in+n_out), lens likewise), and make it available.  Returns
 * the head descriptor.
 */
uint16_t tvq_add(struct tvq *vq, const struct tguest *g, void *const *bufs,
		 const uint32_t *lens, unsigned int n_in, unsigned int n_out);

/* tvq_add() in two steps: chains added, then made available at once. */
uint16_t tvq_add_chain(struct tvq *vq, const struct tguest *g, void *const *bufs,
		       const uint32_t *lens, unsigned int n_in, unsigned int n_out);
void tvq_publish(struct tvq *vq);

/* Every used entry so far, skipped: how many there were. */
uint16_t tvq_used_all(struct tvq *vq);

/* Next used entry: 1 and its id/len, or 0 if none. */
int tvq_used(struct tvq *vq, uint32_t *id, uint32_t *len);

/*
 * A struct qoe_host transport over the admin queue of @v: each command is
 * one chain, the device polled until it answers.
 */
struct tadmin {
	struct tvq *vq;
	struct tguest *g;
	struct qoe_vdev *v;
};

extern const struct qoe_host_ops tadmin_ops;

#endif
