// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * libFuzzer harness for the firmware's virtio queues: what a hostile
 * driver can write into guest memory (descriptor tables, avail rings,
 * buffers) before it kicks qoe0 and qoe1.
 *
 * The input is a program of chains.  Each picks a queue and a shape:
 * mostly a well-formed chain (1-4 buffers inside guest memory, readable
 * then writable, contents from the input: admin entries, TX headers and
 * frames), sometimes raw descriptor fields (any address, length, flags,
 * next).  The avail ring sometimes gets a raw head.  Both devices are then
 * polled.  Each device has two queue pairs, so admin entries are routed to
 * two engines and frames steered between them.  Oracles: no crash or sanitizer report; every used entry names a
 * descriptor of its ring and never claims more bytes than the chain could
 * take; the device never writes outside guest memory (ASan on the
 * region's neighbours).
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "qoe_vdev.h"

#define QSIZE		16
#define NQ		QOE_VQ_TX(2)	/* two queue pairs: an engine each */
#define GBASE		0x40000000ULL
#define GSIZE		(256 * 1024)
#define DATA_OFF	(32 * 1024)

struct gring {
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	uint16_t next_desc;
};

static uint8_t *guest;
static struct qoe_vdev dev[2];
static struct gring ring[2][NQ];

static void *gmap(void *ctx, uint64_t addr, uint32_t len)
{
	(void)ctx;
	if (addr < GBASE || addr - GBASE > GSIZE || len > GSIZE - (addr - GBASE))
		return NULL;
	return guest + (addr - GBASE);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct qoe_engine_cfg cfg = { .max_flows = 16, .max_gso_segs = 8 };

	(void)argc;
	(void)argv;
	guest = aligned_alloc(4096, GSIZE);
	if (!guest || qoe_vdev_init(&dev[0], "qoe0", &cfg) ||
	    qoe_vdev_init(&dev[1], "qoe1", &cfg))
		abort();
	dev[0].peer = &dev[1];
	dev[1].peer = &dev[0];
	return 0;
}

/* Fresh rings (and a fresh engine: no state leaks between inputs). */
static void rings_reset(void)
{
	unsigned int d, q, off = 0;

	memset(guest, 0, GSIZE);
	for (d = 0; d < 2; d++) {
		qoe_vdev_reset(&dev[d]);
		for (q = 0; q < NQ; q++) {
			struct gring *r = &ring[d][q];

			r->desc = (void *)(guest + off);
			r->avail = (void *)(guest + off + 16 * QSIZE);
			r->used = (void *)(guest + off + 16 * QSIZE + 64);
			r->next_desc = 0;
			off += 1024;
			if (qoe_vdev_set_vq(&dev[d], q, QSIZE, r->desc, r->avail,
					    r->used, 0, gmap, NULL))
				abort();
		}
	}
}

static uint64_t data_brk;

/* A buffer of @len bytes in the data area, filled from the input. */
static uint64_t data_buf(struct prog *g, uint32_t len, bool fill)
{
	uint64_t at = data_brk;
	uint32_t i;

	if (at + len > GSIZE - DATA_OFF)
		at = data_brk = 0;
	data_brk += (len + 7) & ~7u;
	for (i = 0; fill && i < len; i++)
		guest[DATA_OFF + at + i] = next8(g);
	return GBASE + DATA_OFF + at;
}

static void add_chain(struct prog *g)
{
	uint8_t pick = next8(g), shape = next8(g);
	unsigned int d = pick & 1, q = (pick >> 1) % NQ, n, i, n_in;
	struct gring *r = &ring[d][q];
	uint16_t head = r->next_desc % QSIZE, idx;

	if (shape < 200) {
		n = 1 + shape % 4;
		n_in = q == QOE_VQ_EVENT || q == QOE_VQ_RX(0) ||
		       q == QOE_VQ_RX(1) ? 0 :
		       q == QOE_VQ_ADMIN ? n / 2 + (n == 1) : n;
		for (i = 0; i < n; i++) {
			uint16_t di = (uint16_t)((head + i) % QSIZE);
			uint32_t len = next8(g) | (uint32_t)next8(g) << 8;
			bool w = i >= n_in;

			len %= 8192;
			r->desc[di].addr = htole64(data_buf(g, len, !w));
			r->desc[di].len = htole32(len);
			r->desc[di].flags = htole16((w ? VRING_DESC_F_WRITE : 0) |
						    (i + 1 < n ? VRING_DESC_F_NEXT : 0));
			r->desc[di].next = htole16((uint16_t)((di + 1) % QSIZE));
		}
		r->next_desc = (uint16_t)(r->next_desc + n);
	} else {
		r->desc[head].addr = htole64(next64(g));
		r->desc[head].len = htole32((uint32_t)next64(g));
		r->desc[head].flags = htole16(next8(g));
		r->desc[head].next = htole16(next8(g));
		r->next_desc++;
	}
	idx = le16toh(r->avail->idx);
	r->avail->ring[idx % QSIZE] = htole16(shape == 255 ? next8(g) : head);
	r->avail->idx = htole16((uint16_t)(idx + 1));
}

static void check_used(void)
{
	unsigned int d, q, i;

	for (d = 0; d < 2; d++) {
		for (q = 0; q < NQ; q++) {
			struct gring *r = &ring[d][q];
			uint16_t n = le16toh(r->used->idx);

			for (i = 0; i < n && i < QSIZE; i++) {
				const struct vring_used_elem *e = &r->used->ring[i];

				if (le32toh(e->id) >= QSIZE ||
				    le32toh(e->len) > QOE_VCHAIN_MAX * 65536u)
					abort();
			}
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct prog g = { data, size };
	unsigned int chains, i, round;

	rings_reset();
	data_brk = 0;
	for (round = 0; round < 3 && g.left; round++) {
		chains = 1 + next8(&g) % 8;
		for (i = 0; i < chains && g.left; i++)
			add_chain(&g);
		qoe_vdev_poll(&dev[0], 64);
		qoe_vdev_poll(&dev[1], 64);
		check_used();
	}
	return 0;
}
