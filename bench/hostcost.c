// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * What offload saves the host, the number a NIC buyer asks for.  The
 * device is the firmware's virtio device (firmware-if/device), polled by
 * a thread on a core of its own, as the firmware process or a NIC would
 * run it.  The host, on another core, does per request what a driver
 * does: pushes the 24-byte TX header in front of the frame (the skb's
 * headroom, as the kernel driver's skb_push() in virtio.c), adds that one
 * buffer to the TX queue, makes bursts of 32 available at once and
 * reclaims used entries when the next burst would not fit.  It asks for
 * the lines a burst writes before writing them.  Its
 * cycles are the TSC across that work, not the time it waits for room.
 * The device has no peer: what it seals is counted and dropped.
 */
#include "bench.h"
#include "qoe_vdev.h"
#include "../tests/device/vq_driver.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#define QOE_BENCH_HC_RING	256
#define QOE_BENCH_HC_SLOTS	128	/* requests in flight, one buffer each */
#define QOE_BENCH_HC_BURST	32	/* requests made available at once */
/* the IP header 4-byte aligned, as NET_IP_ALIGN leaves it */
#define QOE_BENCH_HC_PAD	2

struct qoe_bench_hc_dev {
	struct qoe_vdev v;
	atomic_bool stop;
	unsigned int cpu;
	u64 busy;			/* TSC cycles of polls that did work */
};

static void qoe_bench_pin(unsigned int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
}

static void *qoe_bench_hc_device(void *arg)
{
	struct qoe_bench_hc_dev *d = arg;

	qoe_bench_pin(d->cpu);
	while (!atomic_load_explicit(&d->stop, memory_order_relaxed)) {
		u64 t0 = qoe_bench_rdtsc();

		if (qoe_vdev_poll(&d->v, 64) > 0)
			d->busy += qoe_bench_rdtsc() - t0;
		else
			__builtin_ia32_pause();
	}
	return NULL;
}

int qoe_bench_hostcost(u8 cipher, u32 wire, u32 gso_bytes, double seconds,
		       unsigned int host_cpu, unsigned int dev_cpu,
		       struct qoe_bench_hc *out)
{
	struct qoe_engine_cfg cfg = {
		.max_flows = 4,
		.max_gso_segs = QOE_BENCH_MAX_SEGS,
		.aead_limit = 1ULL << 62,
	};
	struct qoe_bench_hc_dev *d = calloc(1, sizeof(*d));
	u32 seg = wire - QOE_BENCH_QHDR_LEN - QOE_TAG_LEN, segs, frame_len;
	u8 *buf[QOE_BENCH_HC_SLOTS];	/* header, then the frame */
	struct qoe_vq_tx_hdr h = { 0 };
	struct tvq vq[QOE_VQ_TX(1)];	/* admin, events, one pair */
	struct qoe_bench_keys k;
	struct tadmin admin;
	struct qoe_host host;
	struct tguest g;
	pthread_t tid;
	u64 host_busy = 0, done = 0, pn = 0, t_end;
	u32 handle, in_flight = 0, slot = 0, len;
	double t0;
	int err = 0;

	if (!d)
		return -ENOMEM;
	segs = gso_bytes / seg;
	if (segs > QOE_BENCH_MAX_SEGS)
		segs = QOE_BENCH_MAX_SEGS;
	frame_len = QOE_BENCH_QUIC_OFF + QOE_BENCH_QHDR_LEN + seg * segs;
	if (!segs || sizeof(struct qoe_vq_tx_hdr) + frame_len > QOE_VDEV_TX_MAX) {
		free(d);
		return -EINVAL;
	}
	len = sizeof(h) + frame_len;
	tguest_init(&g, (QOE_BENCH_HC_SLOTS * (size_t)(len + 64) + (1u << 20)) &
		    ~(size_t)4095);
	if (qoe_vdev_init(&d->v, "bench", &cfg)) {
		tguest_fini(&g);
		free(d);
		return -ENODEV;
	}
	for (unsigned int q = 0; q < QOE_VQ_TX(1); q++)
		tvq_init(&vq[q], &g, QOE_BENCH_HC_RING, &d->v, q);
	admin = (struct tadmin){ .vq = &vq[QOE_VQ_ADMIN], .g = &g, .v = &d->v };
	qoe_host_init(&host, &tadmin_ops, &admin);
	qoe_bench_keys_make(&k, cipher, 1);
	/* the TX flow, over the device's own admin queue, before it runs */
	if (qoe_bench_flow_add(&host, &k, QOE_DIR_TX, &handle)) {
		err = -EIO;
		goto out;
	}
	/*
	 * The plaintext super-packets, in "guest memory" as skbs would be,
	 * each with room for the header in front
	 */
	for (u32 s = 0; s < QOE_BENCH_HC_SLOTS; s++) {
		u8 *frame;

		buf[s] = (u8 *)tguest_alloc(&g, QOE_BENCH_HC_PAD + len) +
			 QOE_BENCH_HC_PAD;
		frame = buf[s] + sizeof(h);
		for (u32 i = QOE_BENCH_QUIC_OFF + QOE_BENCH_QHDR_LEN;
		     i < frame_len; i++)
			frame[i] = (u8)(i * 7 + 3);
		qoe_bench_hdr_write(frame, k.cid, 0,
				    frame_len - QOE_BENCH_QUIC_OFF);
	}
	h.desc.handle = cpu_to_le32(handle);
	h.desc.flags = QOE_TXF_CRYPTO | QOE_TXF_GSO;
	h.desc.pn_len = QOE_BENCH_PN_LEN;
	h.desc.l3_off = QOE_BENCH_L3_OFF;
	h.desc.hdr_len = cpu_to_le16(QOE_BENCH_QHDR_LEN);
	h.desc.pn_off = cpu_to_le16(1 + QOE_BENCH_CID_LEN);
	h.desc.seg_size = cpu_to_le16((u16)seg);
	h.desc.seg_count = cpu_to_le16((u16)segs);

	d->cpu = dev_cpu;
	if (pthread_create(&tid, NULL, qoe_bench_hc_device, d)) {
		err = -EAGAIN;
		goto out;
	}
	qoe_bench_pin(host_cpu);
	t0 = qoe_bench_now();
	t_end = qoe_bench_rdtsc() + (u64)(seconds * out->tsc_hz);
	while (qoe_bench_rdtsc() < t_end) {
		u64 t1 = qoe_bench_rdtsc();
		u32 did = 0, n;

		/*
		 * Completions reclaimed lazily, when a burst no longer fits,
		 * as virtio-net's free_old_xmit(): fewer reads of the device's
		 * line.  Then a burst of 32 made available at once: the queue
		 * woken with room for it, the qdisc dequeues in bulk and the
		 * driver sees xmit_more on all but the last.
		 */
		if (in_flight > QOE_BENCH_HC_SLOTS - QOE_BENCH_HC_BURST) {
			did = tvq_used_all(&vq[QOE_VQ_TX(0)]);
			in_flight -= did;
			done += did;
		}
		/*
		 * Every line the burst writes (headers, descriptors, avail
		 * entries) was last read by the device, on the other core.
		 * Asked for at once, for writing, their transfers overlap;
		 * written one by one, each store waits behind the last one's.
		 * (Inline: in a helper of its own GCC finds no side effect
		 * and drops the call.)
		 */
		if (in_flight <= QOE_BENCH_HC_SLOTS - QOE_BENCH_HC_BURST) {
			const struct tvq *q = &vq[QOE_VQ_TX(0)];
			u32 mask = q->size - 1u;

			for (n = 0; n < QOE_BENCH_HC_BURST; n++)
				__builtin_prefetch(buf[(slot + n) % QOE_BENCH_HC_SLOTS], 1);
			for (n = 0; n < QOE_BENCH_HC_BURST; n += 4)	/* a line */
				__builtin_prefetch(&q->desc[(q->next_desc + n) & mask], 1);
			for (n = 0; n < QOE_BENCH_HC_BURST; n += 16)
				__builtin_prefetch(&q->avail->ring[(q->avail_idx + n) & mask], 1);
		}
		for (n = 0; n < QOE_BENCH_HC_BURST &&
		     in_flight <= QOE_BENCH_HC_SLOTS - QOE_BENCH_HC_BURST; n++) {
			void *b = buf[slot];

			h.desc.pn = cpu_to_le64(pn);
			pn += segs;
			memcpy(b, &h, sizeof(h));
			tvq_add_chain(&vq[QOE_VQ_TX(0)], &g, &b, &len, 1, 0);
			slot = (slot + 1) % QOE_BENCH_HC_SLOTS;
		}
		in_flight += n;
		if (n)
			tvq_publish(&vq[QOE_VQ_TX(0)]);
		if (did || n)
			host_busy += qoe_bench_rdtsc() - t1;
		else
			__builtin_ia32_pause();
	}
	out->seconds = qoe_bench_now() - t0;
	atomic_store(&d->stop, true);
	pthread_join(tid, NULL);
	out->bytes = done * segs * seg;
	out->host_cycles = host_busy;
	out->dev_cycles = d->busy;
	/* every request sealed, none dropped: else the numbers mean nothing */
	if (!done || d->v.stats[QOE_VDEV_TX_DROP] || d->v.stats[QOE_VDEV_TX_BAD])
		err = -EIO;
out:
	qoe_vdev_fini(&d->v);
	tguest_fini(&g);
	free(d);
	return err;
}
