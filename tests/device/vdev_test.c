// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * The firmware's virtio queues, driven from a test "driver" in shared
 * memory: admin commands, sealed TX reaching the peer and opening there,
 * GRO into large buffers, unmarked frames, drops, events, and a hostile
 * driver's malformed rings.
 */
#include <stdlib.h>
#include <string.h>

#include "../engine/engine_util.h"
#include "vq_driver.h"

struct tdev {
	struct qoe_vdev v;
	struct tvq vq[QOE_VQ_MAX];
	struct tadmin admin;
	struct qoe_host host;
};

struct tbed {
	struct tguest g;
	struct tdev a, b;
	struct test_pair p;		/* the same flows on both engines */
};

/* A device whose driver set up @pairs queue pairs. */
static void tdev_init(struct tdev *d, struct tguest *g, const char *name,
		      unsigned int pairs)
{
	struct qoe_engine_cfg cfg = { .max_flows = 64 };
	unsigned int q;

	QOE_EXPECT_EQ(qoe_vdev_init(&d->v, name, &cfg), 0);
	for (q = 0; q < QOE_VQ_TX(pairs); q++)
		tvq_init(&d->vq[q], g, 256, &d->v, q);
	d->admin.vq = &d->vq[QOE_VQ_ADMIN];
	d->admin.g = g;
	d->admin.v = &d->v;
	qoe_host_init(&d->host, &tadmin_ops, &d->admin);
}

/* Two devices back to back, @pairs queue pairs each, no flows. */
static void tbed_init_pairs(struct tbed *t, unsigned int pairs)
{
	memset(t, 0, sizeof(*t));
	tguest_init(&t->g, 32u << 20);
	tdev_init(&t->a, &t->g, "qoe0", pairs);
	tdev_init(&t->b, &t->g, "qoe1", pairs);
	t->a.v.peer = &t->b.v;
	t->b.v.peer = &t->a.v;
}

static void tbed_init(struct tbed *t)
{
	tbed_init_pairs(t, 1);
	test_pair_init(qoe_vdev_engine(&t->a.v, 0), &t->p, QOE_CIPHER_AES_128_GCM,
		       QOE_FAMILY_IPV4, 8, 0);
	test_pair_init(qoe_vdev_engine(&t->b.v, 0), &t->p, QOE_CIPHER_AES_128_GCM,
		       QOE_FAMILY_IPV4, 8, 0);
}

static void tbed_fini(struct tbed *t)
{
	qoe_vdev_fini(&t->a.v);
	qoe_vdev_fini(&t->b.v);
	tguest_fini(&t->g);
}

/* Post @n RX chains of @nbufs writable buffers of @len bytes each. */
static void post_rx_on(struct tbed *t, struct tdev *d, unsigned int pair,
		       unsigned int n, unsigned int nbufs, uint32_t len)
{
	void *bufs[QOE_VCHAIN_MAX];
	uint32_t lens[QOE_VCHAIN_MAX];
	unsigned int i, k;

	for (i = 0; i < n; i++) {
		for (k = 0; k < nbufs; k++) {
			bufs[k] = tguest_alloc(&t->g, len);
			lens[k] = len;
		}
		tvq_add(&d->vq[QOE_VQ_RX(pair)], &t->g, bufs, lens, 0, nbufs);
	}
}

static void post_rx(struct tbed *t, struct tdev *d, unsigned int n,
		    unsigned int nbufs, uint32_t len)
{
	post_rx_on(t, d, 0, n, nbufs, len);
}

/* Queue a TX request: header and frame in one readable buffer. */
static void send_tx_on(struct tbed *t, struct tdev *d, unsigned int pair,
		       const struct qoe_tx_desc *desc, const uint8_t *frame,
		       uint32_t len)
{
	uint8_t *b = tguest_alloc(&t->g, sizeof(*desc) + len);
	void *bufs[1] = { b };
	uint32_t lens[1] = { (uint32_t)sizeof(*desc) + len };

	memcpy(b, desc, sizeof(*desc));
	memcpy(b + sizeof(*desc), frame, len);
	tvq_add(&d->vq[QOE_VQ_TX(pair)], &t->g, bufs, lens, 1, 0);
}

static void send_tx(struct tbed *t, struct tdev *d, const struct qoe_tx_desc *desc,
		    const uint8_t *frame, uint32_t len)
{
	send_tx_on(t, d, 0, desc, frame, len);
}

/* The chain @id of RX queue @pair, as one flat copy (header + frame). */
static const uint8_t *rx_chain_on(struct tdev *d, unsigned int pair,
				  uint32_t id, uint8_t *flat, uint32_t len)
{
	struct tvq *vq = &d->vq[QOE_VQ_RX(pair)];
	uint32_t done = 0;
	uint16_t i = (uint16_t)id;

	while (done < len) {
		uint32_t k = le32toh(vq->desc[i].len);
		void *p = tguest_map(d->admin.g, le64toh(vq->desc[i].addr), k);

		if (k > len - done)
			k = len - done;
		memcpy(flat + done, p, k);
		done += k;
		i = le16toh(vq->desc[i].next);
	}
	return flat;
}

static const uint8_t *rx_chain(struct tdev *d, uint32_t id, uint8_t *flat,
			       uint32_t len)
{
	return rx_chain_on(d, 0, id, flat, len);
}

static uint8_t payload[65536];
static uint8_t frame[QOE_VDEV_TX_MAX];
static uint8_t flat[QOE_VDEV_TX_MAX];

QOE_TEST(vdev_admin_over_the_queue)
{
	struct tbed t;
	struct qoe_cmd_caps c;
	struct qoe_cmd_flow_query q;
	u64 st[QOE_STAT_MAX];

	tbed_init(&t);
	QOE_EXPECT_EQ(qoe_host_caps(&t.a.host, &c), QOE_ST_OK);
	QOE_EXPECT_EQ(le16_to_cpu(c.abi_version), QOE_ABI_VERSION);
	QOE_EXPECT_EQ(le32_to_cpu(c.max_flows), 64);
	QOE_EXPECT_EQ(qoe_host_flow_query(&t.a.host, t.p.tx, false, &q), QOE_ST_OK);
	QOE_EXPECT_EQ(q.dir, QOE_DIR_TX);
	QOE_EXPECT_EQ(qoe_host_flow_del(&t.a.host, t.p.rx), QOE_ST_OK);
	QOE_EXPECT_EQ(qoe_host_flow_del(&t.a.host, t.p.rx), QOE_ST_NO_FLOW);
	QOE_EXPECT_EQ(qoe_host_dev_stats(&t.a.host, st), QOE_ST_OK);
	QOE_EXPECT_EQ(st[QOE_STAT_FLOWS], 1);
	QOE_EXPECT_EQ(t.a.v.stats[QOE_VDEV_ADMIN_REQS], 5);
	QOE_EXPECT_EQ(t.a.v.stats[QOE_VDEV_ADMIN_BAD], 0);
	tbed_fini(&t);
}

QOE_TEST(vdev_sealed_on_one_opens_on_the_other)
{
	struct qoe_vq_rx_hdr h;
	struct qoe_tx_desc d;
	uint32_t len, id, used, hdr = 1 + 8 + 4, quic = 14 + 20 + 8;
	struct tbed t;

	tbed_init(&t);
	for (len = 0; len < 1000; len++)
		payload[len] = (uint8_t)(len * 7);
	len = test_packet(frame, &t.p, 14, 4, 0, payload, 1000);
	test_desc(&d, &t.p, 14, 4, 0, 1000, 1, 0);
	post_rx(&t, &t.b, 4, 1, 2048);
	send_tx(&t, &t.a, &d, frame, len);
	QOE_EXPECT(qoe_vdev_poll(&t.a.v, 64) > 0);
	QOE_EXPECT_EQ(tvq_used(&t.a.vq[QOE_VQ_TX(0)], &id, &used), 1);
	QOE_EXPECT_EQ(used, 0);
	QOE_EXPECT_EQ(tvq_used(&t.b.vq[QOE_VQ_RX(0)], &id, &used), 1);
	QOE_EXPECT_EQ(used, sizeof(h) + len);
	rx_chain(&t.b, id, flat, used);
	memcpy(&h, flat, sizeof(h));
	QOE_EXPECT_EQ(h.cmpl.status, QOE_ST_OK);
	QOE_EXPECT(h.cmpl.flags & QOE_RXF_DECRYPTED);
	QOE_EXPECT_EQ(le32_to_cpu(h.cmpl.handle), t.p.rx);
	QOE_EXPECT_EQ(le32_to_cpu(h.len), len);
	QOE_EXPECT_EQ(h.gso_segs, 0);
	QOE_EXPECT_MEM(flat + sizeof(h) + quic + hdr, payload, 1000);
	QOE_EXPECT_EQ(t.a.v.stats[QOE_VDEV_WIRE_PACKETS], 1);
	QOE_EXPECT_EQ(t.b.v.stats[QOE_VDEV_RX_FRAMES], 1);
	tbed_fini(&t);
}

/*
 * 8 segments of 1000 B: one super-packet if the buffer takes it and the
 * receiving device has GRO on (DEV_CONFIG over its admin queue).
 */
static void gso_case(unsigned int nbufs, uint32_t buflen, unsigned int want,
		     bool gro)
{
	uint32_t len, id, used, n = 0, merged = 0;
	struct qoe_vq_rx_hdr h;
	struct qoe_tx_desc d;
	struct tbed t;

	tbed_init(&t);
	QOE_EXPECT_EQ(qoe_host_dev_config(&t.b.host, QOE_DEVCFG_GRO,
					  gro ? QOE_DEVCFG_GRO : 0, NULL),
		      QOE_ST_OK);
	len = test_packet(frame, &t.p, 14, 4, 0, payload, 8000);
	test_desc(&d, &t.p, 14, 4, 0, 1000, 8, 0);
	post_rx(&t, &t.b, 8, nbufs, buflen);
	send_tx(&t, &t.a, &d, frame, len);
	qoe_vdev_poll(&t.a.v, 64);
	while (tvq_used(&t.b.vq[QOE_VQ_RX(0)], &id, &used)) {
		rx_chain(&t.b, id, flat, sizeof(h));
		memcpy(&h, flat, sizeof(h));
		QOE_EXPECT_EQ(h.cmpl.status, QOE_ST_OK);
		if (h.gso_segs)
			merged += le16_to_cpu(h.gso_segs);
		n++;
	}
	QOE_EXPECT_EQ(n, want);
	QOE_EXPECT_EQ(merged, want == 1 ? 8 : 0);
	QOE_EXPECT_EQ(t.b.v.stats[QOE_VDEV_RX_NO_BUFFER], 0);
	QOE_EXPECT_EQ(t.b.v.stats[QOE_VDEV_RX_TOO_BIG], 0);
	tbed_fini(&t);
}

QOE_TEST(vdev_gso_coalesces_into_a_large_buffer)
{
	gso_case(16, 4096, 1, true);
}

QOE_TEST(vdev_gro_off_keeps_packets_apart)
{
	gso_case(16, 4096, 8, false);
}

QOE_TEST(vdev_gso_stays_packets_in_small_buffers)
{
	gso_case(1, 2048, 8, true);
}

QOE_TEST(vdev_unmarked_frame_passes_as_it_is)
{
	struct qoe_tx_desc d = { 0 };
	struct qoe_vq_rx_hdr h;
	uint32_t len, id, used;
	struct tbed t;

	tbed_init(&t);
	len = test_packet(frame, &t.p, 14, 4, 0, payload, 300);
	frame[14 + 20 + 8] = 0xc0;	/* a long header: not 1-RTT */
	test_fix_csum(frame, len, 14);
	post_rx(&t, &t.b, 1, 1, 2048);
	send_tx(&t, &t.a, &d, frame, len);
	qoe_vdev_poll(&t.a.v, 64);
	QOE_EXPECT_EQ(tvq_used(&t.b.vq[QOE_VQ_RX(0)], &id, &used), 1);
	rx_chain(&t.b, id, flat, used);
	memcpy(&h, flat, sizeof(h));
	QOE_EXPECT(!(h.cmpl.flags & QOE_RXF_DECRYPTED));
	QOE_EXPECT_EQ(h.cmpl.handle, 0);
	QOE_EXPECT_MEM(flat + sizeof(h), frame, len);
	QOE_EXPECT_EQ(t.a.v.stats[QOE_VDEV_TX_PLAIN], 1);
	tbed_fini(&t);
}

QOE_TEST(vdev_marked_without_flow_is_dropped_not_sent)
{
	struct qoe_tx_desc d;
	uint32_t len, id, used;
	struct tbed t;

	tbed_init(&t);
	len = test_packet(frame, &t.p, 14, 4, 0, payload, 300);
	test_desc(&d, &t.p, 14, 4, 0, 300, 1, 0);
	d.handle = cpu_to_le32(t.p.tx ^ 0x100000);	/* stale generation */
	post_rx(&t, &t.b, 1, 1, 2048);
	send_tx(&t, &t.a, &d, frame, len);
	qoe_vdev_poll(&t.a.v, 64);
	QOE_EXPECT_EQ(tvq_used(&t.a.vq[QOE_VQ_TX(0)], &id, &used), 1);
	QOE_EXPECT_EQ(tvq_used(&t.b.vq[QOE_VQ_RX(0)], &id, &used), 0);
	QOE_EXPECT_EQ(t.a.v.stats[QOE_VDEV_TX_DROP], 1);
	QOE_EXPECT_EQ(t.a.v.stats[QOE_VDEV_WIRE_PACKETS], 0);
	tbed_fini(&t);
}

/*
 * The wire waits for the receiver: with no RX buffer posted, the TX request
 * stays in its ring (nothing lost); posting one lets it through.
 */
QOE_TEST(vdev_tx_waits_for_rx_buffers)
{
	struct qoe_tx_desc d;
	uint32_t len, id, used;
	struct tbed t;

	tbed_init(&t);
	len = test_packet(frame, &t.p, 14, 4, 0, payload, 300);
	test_desc(&d, &t.p, 14, 4, 0, 300, 1, 0);
	send_tx(&t, &t.a, &d, frame, len);
	qoe_vdev_poll(&t.a.v, 64);
	QOE_EXPECT_EQ(tvq_used(&t.a.vq[QOE_VQ_TX(0)], &id, &used), 0);
	QOE_EXPECT_EQ(t.a.v.stats[QOE_VDEV_TX_REQS], 0);
	QOE_EXPECT_EQ(t.b.v.stats[QOE_VDEV_RX_NO_BUFFER], 0);
	post_rx(&t, &t.b, 1, 1, 2048);
	qoe_vdev_poll(&t.a.v, 64);
	QOE_EXPECT_EQ(tvq_used(&t.a.vq[QOE_VQ_TX(0)], &id, &used), 1);
	QOE_EXPECT_EQ(tvq_used(&t.b.vq[QOE_VQ_RX(0)], &id, &used), 1);
	QOE_EXPECT_EQ(used, sizeof(struct qoe_vq_rx_hdr) + len);
	/* a buffer too small for the frame: answered empty, counted */
	post_rx(&t, &t.b, 1, 1, 64);
	len = test_packet(frame, &t.p, 14, 4, 1, payload, 300);
	test_desc(&d, &t.p, 14, 4, 1, 300, 1, 0);
	send_tx(&t, &t.a, &d, frame, len);
	qoe_vdev_poll(&t.a.v, 64);
	QOE_EXPECT_EQ(t.b.v.stats[QOE_VDEV_RX_TOO_BIG], 1);
	tbed_fini(&t);
}

/*
 * A driver may put a request anywhere in its memory: a header at an odd
 * address is read (not dereferenced in place), and its packet goes out.
 */
QOE_TEST(vdev_tx_header_at_an_odd_address)
{
	struct qoe_tx_desc d;
	uint32_t len, id, used;
	struct tbed t;
	uint8_t *b;
	void *bufs[1];
	uint32_t lens[1];

	tbed_init(&t);
	len = test_packet(frame, &t.p, 14, 4, 0, payload, 300);
	test_desc(&d, &t.p, 14, 4, 0, 300, 1, 0);
	b = (uint8_t *)tguest_alloc(&t.g, sizeof(d) + len + 1) + 1;
	memcpy(b, &d, sizeof(d));
	memcpy(b + sizeof(d), frame, len);
	bufs[0] = b;
	lens[0] = (uint32_t)sizeof(d) + len;
	/* no RX buffer yet: the device looks at the header to wait */
	tvq_add(&t.a.vq[QOE_VQ_TX(0)], &t.g, bufs, lens, 1, 0);
	qoe_vdev_poll(&t.a.v, 64);
	QOE_EXPECT_EQ(tvq_used(&t.a.vq[QOE_VQ_TX(0)], &id, &used), 0);
	post_rx(&t, &t.b, 1, 1, 2048);
	qoe_vdev_poll(&t.a.v, 64);
	QOE_EXPECT_EQ(tvq_used(&t.a.vq[QOE_VQ_TX(0)], &id, &used), 1);
	QOE_EXPECT_EQ(t.a.v.stats[QOE_VDEV_WIRE_PACKETS], 1);
	QOE_EXPECT_EQ(tvq_used(&t.b.vq[QOE_VQ_RX(0)], &id, &used), 1);
	tbed_fini(&t);
}

/* Rings the spec says must be aligned and are not: refused, not read. */
QOE_TEST(vdev_misaligned_rings_are_refused)
{
	struct tbed t;
	uint8_t *r;

	tbed_init(&t);
	r = tguest_alloc(&t.g, 4096);
	QOE_EXPECT_EQ(qoe_vdev_set_vq(&t.a.v, QOE_VQ_TX(0), 16, r + 8, r + 512,
				      r + 1024, 0, tguest_map, &t.g), -EINVAL);
	QOE_EXPECT_EQ(qoe_vdev_set_vq(&t.a.v, QOE_VQ_TX(0), 16, r, r + 513,
				      r + 1024, 0, tguest_map, &t.g), -EINVAL);
	QOE_EXPECT_EQ(qoe_vdev_set_vq(&t.a.v, QOE_VQ_TX(0), 16, r, r + 512,
				      r + 1026, 0, tguest_map, &t.g), -EINVAL);
	QOE_EXPECT_EQ(qoe_vdev_set_vq(&t.a.v, QOE_VQ_TX(0), 16, r, r + 514,
				      r + 1028, 0, tguest_map, &t.g), 0);
	tbed_fini(&t);
}

/* A peer whose driver is not attached takes the frame and drops it. */
QOE_TEST(vdev_unattached_peer_drops_and_counts)
{
	struct qoe_tx_desc d;
	struct tbed t;
	uint32_t len;

	tbed_init(&t);
	t.b.v.vq_ready[QOE_VQ_RX(0)] = false;
	len = test_packet(frame, &t.p, 14, 4, 0, payload, 300);
	test_desc(&d, &t.p, 14, 4, 0, 300, 1, 0);
	send_tx(&t, &t.a, &d, frame, len);
	qoe_vdev_poll(&t.a.v, 64);
	QOE_EXPECT_EQ(t.a.v.stats[QOE_VDEV_TX_REQS], 1);
	QOE_EXPECT_EQ(t.b.v.stats[QOE_VDEV_RX_NO_BUFFER], 1);
	tbed_fini(&t);
}

/* The peer flips to phase 1: the event waits for a buffer, never lost. */
QOE_TEST(vdev_events_wait_for_a_buffer)
{
	u8 key[16], iv[QOE_IV_LEN], hp[16];
	struct qoe_event ev;
	struct qoe_tx_desc d;
	uint32_t len, id, used;
	uint8_t *evbuf;
	void *bufs[1];
	uint32_t lens[1] = { 64 };
	struct tbed t;

	tbed_init(&t);
	test_keys(QOE_CIPHER_AES_128_GCM, 9, key, iv, hp);
	QOE_EXPECT_EQ(qoe_host_key_install(&t.a.host, t.p.tx, 1, key, 16, iv), QOE_ST_OK);
	QOE_EXPECT_EQ(qoe_host_key_install(&t.b.host, t.p.rx, 1, key, 16, iv), QOE_ST_OK);
	len = test_packet(frame, &t.p, 14, 4, 0, payload, 300);
	test_desc(&d, &t.p, 14, 4, 0, 300, 1, 1);
	post_rx(&t, &t.b, 1, 1, 2048);
	send_tx(&t, &t.a, &d, frame, len);
	qoe_vdev_poll(&t.a.v, 64);
	QOE_EXPECT_EQ(tvq_used(&t.b.vq[QOE_VQ_EVENT], &id, &used), 0);
	evbuf = tguest_alloc(&t.g, 64);
	bufs[0] = evbuf;
	tvq_add(&t.b.vq[QOE_VQ_EVENT], &t.g, bufs, lens, 0, 1);
	qoe_vdev_poll(&t.b.v, 64);
	QOE_EXPECT_EQ(tvq_used(&t.b.vq[QOE_VQ_EVENT], &id, &used), 1);
	QOE_EXPECT_EQ(used, sizeof(ev));
	memcpy(&ev, evbuf, sizeof(ev));
	QOE_EXPECT_EQ(le16_to_cpu(ev.type), QOE_EV_KEY_PHASE_FLIP);
	QOE_EXPECT_EQ(le32_to_cpu(ev.handle), t.p.rx);
	QOE_EXPECT_EQ(ev.phase, 1);
	tbed_fini(&t);
}

/*
 * A hostile driver: each bad chain is answered with used.len 0 (when its
 * head is in range) and counted, and the queue keeps serving good ones.
 */
QOE_TEST(vdev_malformed_chains_are_answered_and_counted)
{
	struct tvq *vq;
	struct qoe_cmd_caps c;
	uint32_t id, used, bad = 0;
	uint8_t *b;
	void *bufs[2];
	uint32_t lens[2];
	struct tbed t;
	uint16_t h;
	int kind;

	tbed_init(&t);
	vq = &t.a.vq[QOE_VQ_ADMIN];
	for (kind = 0; kind < 7; kind++) {
		b = tguest_alloc(&t.g, 256);
		memset(b, 0, 256);
		bufs[0] = b;
		bufs[1] = b + 64;
		lens[0] = 40;
		lens[1] = 48;
		h = tvq_add(vq, &t.g, bufs, lens, 1, 1);
		switch (kind) {
		case 0:	/* head index past the table */
			vq->avail->ring[(vq->avail_idx - 1) % vq->size] = htole16(999);
			break;
		case 1:	/* a loop */
			vq->desc[(h + 1) % vq->size].flags |= htole16(VRING_DESC_F_NEXT);
			vq->desc[(h + 1) % vq->size].next = htole16(h);
			break;
		case 2:	/* outside guest memory */
			vq->desc[h].addr = htole64(TGUEST_BASE + t.g.size - 8);
			break;
		case 3:	/* readable after writable */
			vq->desc[h].flags |= htole16(VRING_DESC_F_WRITE);
			vq->desc[(h + 1) % vq->size].flags &= htole16(~VRING_DESC_F_WRITE);
			break;
		case 4:	/* indirect */
			vq->desc[h].flags |= htole16(VRING_DESC_F_INDIRECT);
			break;
		case 5:	/* reply smaller than the request */
			vq->desc[(h + 1) % vq->size].len = htole32(20);
			break;
		case 6:	/* next past the table */
			vq->desc[h].next = htole16(4096);
			break;
		}
		qoe_vdev_poll(&t.a.v, 64);
		if (kind == 0) {
			QOE_EXPECT_EQ(tvq_used(vq, &id, &used), 0);
		} else {
			QOE_EXPECT_EQ(tvq_used(vq, &id, &used), 1);
			QOE_EXPECT_EQ(id, h);
			QOE_EXPECT_EQ(used, 0);
		}
		bad++;
		QOE_EXPECT_EQ(t.a.v.stats[QOE_VDEV_ADMIN_BAD], bad);
	}
	QOE_EXPECT_EQ(t.a.v.stats[QOE_VDEV_ADMIN_REQS], 0);
	/* the queue still works */
	QOE_EXPECT_EQ(qoe_host_caps(&t.a.host, &c), QOE_ST_OK);
	tbed_fini(&t);
}

QOE_TEST(vdev_reset_forgets_every_flow)
{
	u64 st[QOE_STAT_MAX];
	struct tbed t;
	unsigned int q;

	tbed_init(&t);
	QOE_EXPECT_EQ(qoe_host_dev_stats(&t.a.host, st), QOE_ST_OK);
	QOE_EXPECT_EQ(st[QOE_STAT_FLOWS], 2);
	QOE_EXPECT_EQ(qoe_vdev_reset(&t.a.v), 0);
	QOE_EXPECT(!t.a.v.vq_ready[QOE_VQ_ADMIN]);
	for (q = 0; q < 4; q++)
		tvq_init(&t.a.vq[q], &t.g, 256, &t.a.v, q);
	QOE_EXPECT_EQ(qoe_host_dev_stats(&t.a.host, st), QOE_ST_OK);
	QOE_EXPECT_EQ(st[QOE_STAT_FLOWS], 0);
	tbed_fini(&t);
}

/* --- queue pairs: an engine each, flows spread by RSS ----------------- */

#define N_CONN	16

/* The pair a connection with client port @sport hashes to, by hand. */
static unsigned int rss_pair(uint16_t sport, unsigned int pairs)
{
	uint8_t a[4] = { 192, 0, 2, 1 }, b[4] = { 192, 0, 2, 2 };

	return qoe_rss_hash(QOE_FAMILY_IPV4, a, htobe16(sport), b,
			    htobe16(50000)) % pairs;
}

/* Connections until one lands in pair @want; returns its port. */
static uint16_t conn_in_pair(struct tbed *t, struct test_pair *p,
			     unsigned int want)
{
	uint16_t port;

	for (port = 40000; port < 40100; port++) {
		if (rss_pair(port, t->a.v.n_pairs) != want)
			continue;
		test_pair_init_hosts(&t->a.host, &t->b.host, p, port);
		return port;
	}
	QOE_EXPECT(!"no port hashes to the pair");
	return 0;
}

/* One packet arrived on b's RX queue @pair (none on the other), opened. */
static void expect_opened_on(struct tbed *t, unsigned int pair,
			     uint32_t handle)
{
	struct qoe_vq_rx_hdr h;
	uint32_t id, used;

	QOE_EXPECT_EQ(tvq_used(&t->b.vq[QOE_VQ_RX(!pair)], &id, &used), 0);
	QOE_EXPECT_EQ(tvq_used(&t->b.vq[QOE_VQ_RX(pair)], &id, &used), 1);
	rx_chain_on(&t->b, pair, id, flat, used);
	memcpy(&h, flat, sizeof(h));
	QOE_EXPECT_EQ(h.cmpl.status, QOE_ST_OK);
	QOE_EXPECT(h.cmpl.flags & QOE_RXF_DECRYPTED);
	QOE_EXPECT_EQ(le32_to_cpu(h.cmpl.handle), handle);
}

QOE_TEST(vdev_pairs_spread_flows_and_steer_packets)
{
	static struct test_pair p[N_CONN];
	unsigned int i, k, per_pair[2] = { 0 };
	uint32_t len;
	struct qoe_cmd_caps c;
	struct qoe_tx_desc d;
	u64 st[QOE_STAT_MAX];
	struct tbed t;

	tbed_init_pairs(&t, 2);
	QOE_EXPECT_EQ(t.a.v.n_pairs, 2);
	QOE_EXPECT_EQ(qoe_host_caps(&t.a.host, &c), QOE_ST_OK);
	QOE_EXPECT_EQ(le32_to_cpu(c.max_flows), 2 * 64);
	for (i = 0; i < N_CONN; i++) {
		test_pair_init_hosts(&t.a.host, &t.b.host, &p[i],
				     (uint16_t)(40000 + i));
		k = QOE_VQ_HANDLE_PAIR(p[i].tx);
		/* both ends hash alike: the TX flow and the RX flow agree */
		QOE_EXPECT_EQ(k, rss_pair((uint16_t)(40000 + i), 2));
		QOE_EXPECT_EQ(QOE_VQ_HANDLE_PAIR(p[i].rx), k);
		per_pair[k]++;
	}
	QOE_EXPECT(per_pair[0] > 0 && per_pair[1] > 0);
	post_rx_on(&t, &t.b, 0, N_CONN, 1, 2048);
	post_rx_on(&t, &t.b, 1, N_CONN, 1, 2048);
	for (i = 0; i < N_CONN; i++) {
		k = QOE_VQ_HANDLE_PAIR(p[i].tx);
		len = test_packet(frame, &p[i], 14, 4, 0, payload, 200);
		test_desc(&d, &p[i], 14, 4, 0, 200, 1, 0);
		send_tx_on(&t, &t.a, k, &d, frame, len);
		qoe_vdev_poll(&t.a.v, 64);
		/* on the RX queue of the flow's pair, and on no other */
		expect_opened_on(&t, k, p[i].rx);
	}
	/* DEV_STATS sums the pairs */
	QOE_EXPECT_EQ(qoe_host_dev_stats(&t.a.host, st), QOE_ST_OK);
	QOE_EXPECT_EQ(st[QOE_STAT_FLOWS], N_CONN);
	QOE_EXPECT_EQ(st[QOE_STAT_TX_PACKETS], N_CONN);
	QOE_EXPECT_EQ(qoe_host_dev_stats(&t.b.host, st), QOE_ST_OK);
	QOE_EXPECT_EQ(st[QOE_STAT_RX_PACKETS], N_CONN);
	QOE_EXPECT_EQ(t.a.v.stats[QOE_VDEV_TX_CROSS_QUEUE], 0);
	tbed_fini(&t);
}

/*
 * A flow's packets on another pair's TX queue (a stack that picked the
 * queue before it marked the packet): the owning pair's engine seals them,
 * counted; a handle of a pair the device does not have is dropped.
 */
QOE_TEST(vdev_pairs_flow_on_another_queue_is_sealed_by_its_owner)
{
	struct test_pair p;
	struct qoe_tx_desc d;
	uint32_t len, id, used;
	u64 st[QOE_STAT_MAX];
	struct tbed t;

	tbed_init_pairs(&t, 2);
	conn_in_pair(&t, &p, 1);
	QOE_EXPECT_EQ(QOE_VQ_HANDLE_PAIR(p.tx), 1);
	post_rx_on(&t, &t.b, 0, 4, 1, 2048);
	post_rx_on(&t, &t.b, 1, 4, 1, 2048);
	len = test_packet(frame, &p, 14, 4, 0, payload, 200);
	test_desc(&d, &p, 14, 4, 0, 200, 1, 0);
	send_tx_on(&t, &t.a, 0, &d, frame, len);
	qoe_vdev_poll(&t.a.v, 64);
	QOE_EXPECT_EQ(tvq_used(&t.a.vq[QOE_VQ_TX(0)], &id, &used), 1);
	QOE_EXPECT_EQ(t.a.v.stats[QOE_VDEV_TX_CROSS_QUEUE], 1);
	QOE_EXPECT_EQ(t.a.v.stats[QOE_VDEV_TX_DROP], 0);
	/* sealed by pair 1's engine: it opens on the peer's pair 1 */
	expect_opened_on(&t, 1, p.rx);
	QOE_EXPECT_EQ(qoe_host_dev_stats(qoe_engine_host(qoe_vdev_engine(&t.a.v, 1)),
					 st), QOE_ST_OK);
	QOE_EXPECT_EQ(st[QOE_STAT_TX_PACKETS], 1);
	/* a pair the device does not have, on any queue: dropped */
	d.handle = cpu_to_le32(7u << QOE_VQ_PAIR_SHIFT | (p.tx & 0xffff));
	send_tx_on(&t, &t.a, 1, &d, frame, len);
	qoe_vdev_poll(&t.a.v, 64);
	QOE_EXPECT_EQ(t.a.v.stats[QOE_VDEV_TX_DROP], 1);
	QOE_EXPECT_EQ(t.a.v.stats[QOE_VDEV_WIRE_PACKETS], 1);
	QOE_EXPECT_EQ(tvq_used(&t.b.vq[QOE_VQ_RX(1)], &id, &used), 0);
	tbed_fini(&t);
}

/*
 * A connection that migrated keeps its CIDs, not its 4-tuple: its packets
 * hash to the other pair, and the device hands them to the pair that owns
 * the flow, as a NIC's flow rule overrides RSS.
 */
QOE_TEST(vdev_pairs_migrated_packets_find_their_flow)
{
	struct test_pair p;
	struct qoe_tx_desc d;
	uint32_t len;
	uint16_t port;
	struct tbed t;

	tbed_init_pairs(&t, 2);
	conn_in_pair(&t, &p, 1);
	for (port = 41000; rss_pair(port, 2) != 0; port++)
		;
	p.sport = port;		/* the client's new path */
	post_rx_on(&t, &t.b, 0, 4, 1, 2048);
	post_rx_on(&t, &t.b, 1, 4, 1, 2048);
	len = test_packet(frame, &p, 14, 4, 0, payload, 200);
	test_desc(&d, &p, 14, 4, 0, 200, 1, 0);
	send_tx_on(&t, &t.a, 1, &d, frame, len);
	qoe_vdev_poll(&t.a.v, 64);
	QOE_EXPECT_EQ(t.b.v.stats[QOE_VDEV_RX_STEERED], 1);
	expect_opened_on(&t, 1, p.rx);
	tbed_fini(&t);
}

/*
 * Commands find the flow's pair: a walk visits every flow of every pair
 * once, a handle of a pair that does not exist is no flow, DEV_CONFIG
 * reaches every engine, and a phase flip's event names the device handle.
 */
QOE_TEST(vdev_pairs_commands_reach_every_pair)
{
	static struct test_pair p[N_CONN];
	struct qoe_cmd_flow_query q;
	u8 key[16], iv[QOE_IV_LEN], hp[16];
	unsigned int i, found[N_CONN] = { 0 }, walked = 0;
	uint32_t cursor = 0, len, id, used, now;
	struct qoe_tx_desc d;
	struct qoe_event ev;
	struct test_pair *one = NULL;
	uint32_t lens[1] = { 64 };
	void *bufs[1];
	struct tbed t;

	tbed_init_pairs(&t, 2);
	for (i = 0; i < N_CONN; i++) {
		test_pair_init_hosts(&t.a.host, &t.b.host, &p[i],
				     (uint16_t)(40000 + i));
		if (QOE_VQ_HANDLE_PAIR(p[i].rx) == 1)
			one = &p[i];
	}
	QOE_EXPECT(one != NULL);
	while (qoe_host_flow_query(&t.a.host, cursor, true, &q) == QOE_ST_OK) {
		for (i = 0; i < N_CONN; i++)
			if (le32_to_cpu(q.handle) == p[i].tx)
				found[i]++;
		cursor = le32_to_cpu(q.next);
		QOE_EXPECT(++walked <= N_CONN);
	}
	for (i = 0; i < N_CONN; i++)
		QOE_EXPECT_EQ(found[i], 1);
	QOE_EXPECT_EQ(qoe_host_flow_query(&t.a.host, 5u << QOE_VQ_PAIR_SHIFT | 1,
					  false, &q), QOE_ST_NO_FLOW);
	QOE_EXPECT_EQ(qoe_host_flow_del(&t.a.host, 5u << QOE_VQ_PAIR_SHIFT | 1),
		      QOE_ST_NO_FLOW);
	QOE_EXPECT_EQ(qoe_host_flow_query(&t.b.host, one->rx, false, &q), QOE_ST_OK);
	QOE_EXPECT_EQ(le32_to_cpu(q.handle), one->rx);
	QOE_EXPECT_EQ(qoe_host_dev_config(&t.b.host, QOE_DEVCFG_GRO, 0, &now),
		      QOE_ST_OK);
	QOE_EXPECT_EQ(qoe_engine_dev_flags(qoe_vdev_engine(&t.b.v, 0)), 0);
	QOE_EXPECT_EQ(qoe_engine_dev_flags(qoe_vdev_engine(&t.b.v, 1)), 0);

	test_keys(QOE_CIPHER_AES_128_GCM, 9, key, iv, hp);
	QOE_EXPECT_EQ(qoe_host_key_install(&t.a.host, one->tx, 1, key, 16, iv), QOE_ST_OK);
	QOE_EXPECT_EQ(qoe_host_key_install(&t.b.host, one->rx, 1, key, 16, iv), QOE_ST_OK);
	len = test_packet(frame, one, 14, 4, 0, payload, 300);
	test_desc(&d, one, 14, 4, 0, 300, 1, 1);
	post_rx_on(&t, &t.b, 1, 1, 1, 2048);
	send_tx_on(&t, &t.a, 1, &d, frame, len);
	bufs[0] = tguest_alloc(&t.g, 64);
	tvq_add(&t.b.vq[QOE_VQ_EVENT], &t.g, bufs, lens, 0, 1);
	qoe_vdev_poll(&t.a.v, 64);
	qoe_vdev_poll(&t.b.v, 64);
	QOE_EXPECT_EQ(t.b.v.stats[QOE_VDEV_RX_FRAMES], 1);
	QOE_EXPECT_EQ(t.a.v.stats[QOE_VDEV_TX_DROP], 0);
	QOE_EXPECT_EQ(t.a.v.stats[QOE_VDEV_TX_REQS], 1);
	QOE_EXPECT_EQ(tvq_used(&t.b.vq[QOE_VQ_EVENT], &id, &used), 1);
	memcpy(&ev, bufs[0], sizeof(ev));
	QOE_EXPECT_EQ(le16_to_cpu(ev.type), QOE_EV_KEY_PHASE_FLIP);
	QOE_EXPECT_EQ(le32_to_cpu(ev.handle), one->rx);
	/* and a flow of pair 1 goes away through its pair */
	QOE_EXPECT_EQ(qoe_host_flow_del(&t.b.host, one->rx), QOE_ST_OK);
	QOE_EXPECT_EQ(qoe_host_flow_query(&t.b.host, one->rx, false, &q),
		      QOE_ST_NO_FLOW);
	tbed_fini(&t);
}

/*
 * The pairs are fixed once a flow is placed (a flow hashed elsewhere later
 * would be lost); a reset lets the driver choose again.
 */
QOE_TEST(vdev_pairs_fixed_once_a_flow_is_placed)
{
	struct test_pair p;
	struct tbed t;
	unsigned int q;

	tbed_init_pairs(&t, 1);
	test_pair_init_hosts(&t.a.host, &t.b.host, &p, 40000);
	tvq_init(&t.a.vq[QOE_VQ_TX(1)], &t.g, 256, &t.a.v, QOE_VQ_TX(1));
	tvq_init(&t.a.vq[QOE_VQ_RX(1)], &t.g, 256, &t.a.v, QOE_VQ_RX(1));
	QOE_EXPECT_EQ(t.a.v.n_pairs, 1);
	QOE_EXPECT_EQ(t.a.v.stats[QOE_VDEV_PAIRS_REFUSED], 1);
	QOE_EXPECT_EQ(qoe_vdev_reset(&t.a.v), 0);
	for (q = 0; q < QOE_VQ_TX(2); q++)
		tvq_init(&t.a.vq[q], &t.g, 256, &t.a.v, q);
	QOE_EXPECT_EQ(t.a.v.n_pairs, 2);
	QOE_EXPECT(qoe_vdev_engine(&t.a.v, 1) != NULL);
	tbed_fini(&t);
}
