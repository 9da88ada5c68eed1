/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause) */
/*
 * The device's view of one split virtqueue in the driver's memory.  The
 * driver is not trusted: every index, length, flag and address it wrote is
 * checked before use, and a malformed chain is answered (used.len 0) and
 * counted, never followed out of bounds.
 */
#ifndef _QOE_VRING_H
#define _QOE_VRING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/virtio_ring.h>

/* Longest chain the device follows; also bounds loops in a bad table. */
#define QOE_VCHAIN_MAX	64

/*
 * Driver address -> device pointer for @len bytes, NULL when any byte of
 * the range is outside the memory the driver shared.
 */
typedef void *(*qoe_vring_map_fn)(void *ctx, uint64_t addr, uint32_t len);

struct qoe_vring {
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	uint16_t size;		/* entries, a power of 2 */
	uint16_t last_avail;	/* next avail entry the device reads */
	uint16_t avail_idx;	/* the driver's avail.idx, as last read */
	uint16_t used_idx;	/* next used entry the device writes */
	uint16_t pending;	/* used entries written, not yet published */
	qoe_vring_map_fn map;
	void *map_ctx;
	uint64_t bad_chains;	/* malformed chains answered with len 0 */
};

struct qoe_iov {
	uint8_t *base;
	uint32_t len;
};

/* One chain: its device-readable part, then its device-writable part. */
struct qoe_vchain {
	uint16_t head;
	uint16_t n_in, n_out;
	uint32_t in_len, out_len;	/* bytes readable / writable */
	struct qoe_iov in[QOE_VCHAIN_MAX];
	struct qoe_iov out[QOE_VCHAIN_MAX];
};

int qoe_vring_init(struct qoe_vring *vr, uint16_t size, void *desc,
		   void *avail, void *used, uint16_t last_avail,
		   qoe_vring_map_fn map, void *map_ctx);

/* Entries the driver made available and the device has not taken. */
uint16_t qoe_vring_avail(struct qoe_vring *vr);

/*
 * At least @n such entries?  The driver's index is read again only when
 * the last value read does not show them: its line is the one the driver
 * writes, and each read while it fills the ring makes it wait for the line
 * (vhost keeps the same shadow).
 */
bool qoe_vring_avail_ge(struct qoe_vring *vr, uint16_t n);

/*
 * Take the next available chain into @c.  Returns 1 with a chain, 0 when
 * none is available, -EBADMSG when the chain is malformed (it was answered
 * with used.len 0 and counted; call again for the next one).
 */
int qoe_vring_pop(struct qoe_vring *vr, struct qoe_vchain *c);

/* Return chain @head to the driver with @len bytes written. */
void qoe_vring_push(struct qoe_vring *vr, uint16_t head, uint32_t len);

/*
 * Make the pushed entries visible; true if the driver asked to be
 * interrupted (it did not set VRING_AVAIL_F_NO_INTERRUPT).
 */
bool qoe_vring_publish(struct qoe_vring *vr);

/* Copy between a chain and flat memory; return bytes copied. */
uint32_t qoe_vchain_read(const struct qoe_vchain *c, uint32_t off, void *dst,
			 uint32_t len);
uint32_t qoe_vchain_write(const struct qoe_vchain *c, uint32_t off,
			  const void *src, uint32_t len);

#endif /* _QOE_VRING_H */
