// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * The firmware's queue service for one qoe virtio device: admin requests
 * run by the engine, TX requests protected onto the wire to the peer
 * device, the peer's frames opened and coalesced into our RX buffers,
 * engine events into the event queue.  Everything read from the driver's
 * memory is copied once into device memory before it is parsed.
 */
#include <stdlib.h>
#include <string.h>

#include "qoe_vdev.h"

#define ETH_HLEN	14

const char *const qoe_vdev_stat_names[QOE_VDEV_STAT_MAX] = {
	[QOE_VDEV_ADMIN_REQS] = "admin_reqs",
	[QOE_VDEV_ADMIN_BAD] = "admin_bad",
	[QOE_VDEV_TX_REQS] = "tx_reqs",
	[QOE_VDEV_TX_BAD] = "tx_bad",
	[QOE_VDEV_TX_DROP] = "tx_drop",
	[QOE_VDEV_TX_PLAIN] = "tx_plain",
	[QOE_VDEV_WIRE_PACKETS] = "wire_packets",
	[QOE_VDEV_RX_FRAMES] = "rx_frames",
	[QOE_VDEV_RX_COALESCED] = "rx_coalesced",
	[QOE_VDEV_RX_NO_BUFFER] = "rx_no_buffer",
	[QOE_VDEV_RX_TOO_BIG] = "rx_too_big",
	[QOE_VDEV_RX_DROP] = "rx_drop",
	[QOE_VDEV_RX_BAD] = "rx_bad",
	[QOE_VDEV_EVENTS] = "events",
};

static int engine_up(struct qoe_vdev *v)
{
	v->cfg.crypto = &v->crypto;
	v->engine = qoe_engine_create(&v->cfg);
	return v->engine ? 0 : -ENOMEM;
}

int qoe_vdev_init(struct qoe_vdev *v, const char *name,
		  const struct qoe_engine_cfg *cfg)
{
	unsigned int i, nseg;

	memset(v, 0, sizeof(*v));
	v->name = name;
	v->cfg = *cfg;
	if (!v->cfg.max_gso_segs)
		v->cfg.max_gso_segs = 64;
	nseg = v->cfg.max_gso_segs;
	if (qoe_crypto_ipsecmb_init(&v->crypto))
		return -ENOTSUP;
	v->admin_buf = malloc(QOE_VDEV_ADMIN_MAX);
	v->tx_buf = malloc(QOE_VDEV_TX_MAX);
	v->seg_mem = malloc((size_t)nseg * QOE_VDEV_FRAME_MAX);
	v->segs = calloc(nseg, sizeof(*v->segs));
	v->wire_mem = malloc((size_t)QOE_VDEV_BATCH * QOE_VDEV_FRAME_MAX);
	v->gro_buf = malloc(QOE_VDEV_TX_MAX);
	if (!v->admin_buf || !v->tx_buf || !v->seg_mem || !v->segs ||
	    !v->wire_mem || !v->gro_buf || engine_up(v)) {
		qoe_vdev_fini(v);
		return -ENOMEM;
	}
	for (i = 0; i < QOE_VDEV_BATCH; i++)
		v->wire[i].data = v->wire_mem + (size_t)i * QOE_VDEV_FRAME_MAX;
	return 0;
}

void qoe_vdev_fini(struct qoe_vdev *v)
{
	qoe_engine_destroy(v->engine);
	v->engine = NULL;
	if (v->crypto.ops)
		qoe_crypto_fini(&v->crypto);
	v->crypto.ops = NULL;
	free(v->admin_buf);
	free(v->tx_buf);
	free(v->seg_mem);
	free(v->segs);
	free(v->wire_mem);
	free(v->gro_buf);
	v->admin_buf = v->tx_buf = v->seg_mem = v->wire_mem = v->gro_buf = NULL;
	v->segs = NULL;
}

int qoe_vdev_reset(struct qoe_vdev *v)
{
	memset(v->vq_ready, 0, sizeof(v->vq_ready));
	v->n_queues = 0;
	v->n_wire = 0;
	qoe_engine_destroy(v->engine);
	return engine_up(v);
}

int qoe_vdev_set_vq(struct qoe_vdev *v, unsigned int q, uint16_t size,
		    void *desc, void *avail, void *used, uint16_t last_avail,
		    qoe_vring_map_fn map, void *map_ctx)
{
	int ret;

	if (q >= QOE_VQ_MAX)
		return -EINVAL;
	ret = qoe_vring_init(&v->vq[q], size, desc, avail, used, last_avail,
			     map, map_ctx);
	if (ret)
		return ret;
	v->vq_ready[q] = true;
	if (q + 1 > v->n_queues)
		v->n_queues = q + 1;
	return 0;
}

/* --- admin queue ---------------------------------------------------- */

static int admin_poll(struct qoe_vdev *v, unsigned int budget)
{
	struct qoe_vring *vr = &v->vq[QOE_VQ_ADMIN];
	struct qoe_vq_admin_reply r;
	struct qoe_vchain c;
	int done = 0, ret, n;

	while (budget-- && (ret = qoe_vring_pop(vr, &c)) != 0) {
		done++;
		if (ret < 0 || !c.in_len || c.in_len > QOE_VDEV_ADMIN_MAX ||
		    c.out_len < sizeof(r) + c.in_len) {
			v->stats[QOE_VDEV_ADMIN_BAD]++;
			if (ret > 0)
				qoe_vring_push(vr, c.head, 0);
			continue;
		}
		v->stats[QOE_VDEV_ADMIN_REQS]++;
		qoe_vchain_read(&c, 0, v->admin_buf, c.in_len);
		n = qoe_engine_admin(v->engine, v->admin_buf, c.in_len);
		r.result = htole32((uint32_t)n);
		r.rsvd = 0;
		qoe_vchain_write(&c, 0, &r, sizeof(r));
		qoe_vchain_write(&c, sizeof(r), v->admin_buf, c.in_len);
		/* keys do not linger in device scratch memory */
		qoe_wipe(v->admin_buf, c.in_len);
		qoe_vring_push(vr, c.head, sizeof(r) + c.in_len);
	}
	return done;
}

/* --- receive: the peer's frames, opened, into our RX buffers --------- */

/* Write one frame (or super-packet) into the next RX chain. */
static void rx_write(struct qoe_vdev *v, const uint8_t *frame, uint32_t len,
		     const struct qoe_rx_cmpl *cm, uint16_t gso_size,
		     uint16_t gso_segs)
{
	struct qoe_vring *vr = &v->vq[QOE_VQ_RX(0)];
	struct qoe_vq_rx_hdr h;
	struct qoe_vchain c;
	int ret;

	do {
		ret = v->vq_ready[QOE_VQ_RX(0)] ? qoe_vring_pop(vr, &c) : 0;
		if (ret < 0)
			v->stats[QOE_VDEV_RX_BAD]++;
	} while (ret < 0);
	if (!ret) {
		v->stats[QOE_VDEV_RX_NO_BUFFER]++;
		return;
	}
	if (c.out_len < sizeof(h) + len) {
		v->stats[QOE_VDEV_RX_TOO_BIG]++;
		qoe_vring_push(vr, c.head, 0);
		return;
	}
	h.cmpl = *cm;
	h.gso_size = htole16(gso_size);
	h.gso_segs = htole16(gso_segs);
	h.len = htole32(len);
	qoe_vchain_write(&c, 0, &h, sizeof(h));
	qoe_vchain_write(&c, sizeof(h), frame, len);
	qoe_vring_push(vr, c.head, sizeof(h) + len);
	v->stats[QOE_VDEV_RX_FRAMES]++;
}

/* Would a super-packet of @len bytes fit the RX chain at the head? */
static bool rx_head_fits(struct qoe_vdev *v, uint32_t len)
{
	struct qoe_vring *vr = &v->vq[QOE_VQ_RX(0)];
	uint16_t head, i;
	uint32_t room = 0;
	unsigned int n = 0;

	if (!v->vq_ready[QOE_VQ_RX(0)] || !qoe_vring_avail(vr))
		return false;
	head = le16toh(vr->avail->ring[vr->last_avail & (vr->size - 1)]);
	for (i = head; i < vr->size && n < QOE_VCHAIN_MAX; n++) {
		uint16_t f = le16toh(vr->desc[i].flags);

		if (f & VRING_DESC_F_WRITE)
			room += le32toh(vr->desc[i].len);
		if (!(f & VRING_DESC_F_NEXT))
			break;
		i = le16toh(vr->desc[i].next);
	}
	/* only a hint: qoe_vring_pop() checks the chain for real */
	return room >= sizeof(struct qoe_vq_rx_hdr) + len;
}

static bool rx_merge(struct qoe_vdev *v, const struct qoe_gro_group *g)
{
	const struct qoe_rx_cmpl *a = &v->cmpl[g->first];
	struct qoe_rx_cmpl oc;
	struct qoe_buf ob;
	uint32_t total = le16toh(a->quic_off);
	uint16_t i;

	for (i = 0; i < g->count; i++)
		total += le16toh(a->hdr_len) +
			 le16toh(v->cmpl[g->first + i].seg_size);
	if (total > QOE_VDEV_TX_MAX || !rx_head_fits(v, total))
		return false;
	ob.data = v->gro_buf;
	ob.len = 0;
	ob.cap = QOE_VDEV_TX_MAX;
	if (qoe_gro_build_udp(v->wire, v->cmpl, ETH_HLEN, g, &ob, &oc))
		return false;
	rx_write(v, ob.data, ob.len, &oc,
		 (uint16_t)(le16toh(a->hdr_len) + le16toh(a->seg_size)),
		 g->count);
	v->stats[QOE_VDEV_RX_COALESCED]++;
	return true;
}

static void rx_flush(struct qoe_vdev *v)
{
	uint16_t n = v->n_wire, ng, i, j;

	if (!n)
		return;
	v->n_wire = 0;
	qoe_engine_rx_burst(v->engine, v->wire, n, ETH_HLEN, v->cmpl);
	if (qoe_engine_dev_flags(v->engine) & QOE_DEVCFG_GRO) {
		ng = qoe_gro_plan_udp(v->engine, v->wire, v->cmpl, n, ETH_HLEN,
				      v->groups);
	} else {
		for (i = 0; i < n; i++) {
			v->groups[i].first = i;
			v->groups[i].count = 1;
		}
		ng = n;
	}
	for (i = 0; i < ng; i++) {
		const struct qoe_gro_group *g = &v->groups[i];

		if (g->count > 1 && rx_merge(v, g))
			continue;
		for (j = g->first; j < g->first + g->count; j++) {
			if (v->cmpl[j].flags & QOE_RXF_DROP) {
				v->stats[QOE_VDEV_RX_DROP]++;
				continue;
			}
			rx_write(v, v->wire[j].data, v->wire[j].len,
				 &v->cmpl[j], 0, 0);
		}
	}
}

/* Put one frame on the wire to @v (copied: the sender reuses its buffer). */
static void wire_put(struct qoe_vdev *v, const uint8_t *frame, uint32_t len)
{
	struct qoe_buf *b;

	if (len > QOE_VDEV_FRAME_MAX)
		return;
	b = &v->wire[v->n_wire++];
	memcpy(b->data, frame, len);
	b->len = len;
	b->cap = QOE_VDEV_FRAME_MAX;
	if (v->n_wire == QOE_VDEV_BATCH)
		rx_flush(v);
}

/* --- transmit -------------------------------------------------------- */

static void tx_one(struct qoe_vdev *v, const struct qoe_vchain *c)
{
	struct qoe_vdev *peer = v->peer;
	struct qoe_vq_tx_hdr h;
	struct qoe_tx_cmpl tc;
	const uint8_t *frame;
	uint32_t flen, n, i, nseg = v->cfg.max_gso_segs;

	if (c->in_len < sizeof(h) + ETH_HLEN || c->in_len > QOE_VDEV_TX_MAX ||
	    c->out_len) {
		v->stats[QOE_VDEV_TX_BAD]++;
		return;
	}
	qoe_vchain_read(c, 0, v->tx_buf, c->in_len);
	memcpy(&h, v->tx_buf, sizeof(h));
	frame = v->tx_buf + sizeof(h);
	flen = c->in_len - sizeof(h);
	if (!h.desc.flags) {
		/* unmarked: as it came; a plain frame is no larger than MTU */
		if (flen > QOE_VDEV_FRAME_MAX) {
			v->stats[QOE_VDEV_TX_BAD]++;
			return;
		}
		v->stats[QOE_VDEV_TX_PLAIN]++;
		if (peer) {
			wire_put(peer, frame, flen);
			v->stats[QOE_VDEV_WIRE_PACKETS]++;
		}
		return;
	}
	for (i = 0; i < nseg; i++) {
		v->segs[i].data = v->seg_mem + (size_t)i * QOE_VDEV_FRAME_MAX;
		v->segs[i].len = 0;
		v->segs[i].cap = QOE_VDEV_FRAME_MAX;
	}
	/* refused (no flow, no key, bad descriptor): dropped, never clear */
	n = qoe_engine_tx(v->engine, &h.desc, frame, flen, v->segs, nseg, &tc);
	if (!n) {
		v->stats[QOE_VDEV_TX_DROP]++;
		return;
	}
	for (i = 0; i < n && peer; i++) {
		wire_put(peer, v->segs[i].data, v->segs[i].len);
		v->stats[QOE_VDEV_WIRE_PACKETS]++;
	}
}

/*
 * The wire waits for the receiver, as a link with flow control does: a TX
 * request is taken only when the peer has posted RX buffers for all the
 * packets it can make, counting those already on the wire.  Until then it
 * stays in the ring (the driver's queue backs up); the peer's next RX
 * buffer kick wakes us.  A peer that is not attached takes everything
 * (and drops it, counted).
 */
/* Packets the request at the head of TX queue @vr makes (a hint only). */
static unsigned int tx_head_segs(const struct qoe_vdev *v,
				 const struct qoe_vring *vr)
{
	uint16_t head = le16toh(vr->avail->ring[vr->last_avail & (vr->size - 1)]);
	struct qoe_vq_tx_hdr h;
	unsigned int segs;
	const void *p;

	if (head >= vr->size || le32toh(vr->desc[head].len) < sizeof(h))
		return 1;
	/* the driver's buffer may sit at any address: copy, then look */
	p = vr->map(vr->map_ctx, le64toh(vr->desc[head].addr), sizeof(h));
	if (!p)
		return 1;
	memcpy(&h, p, sizeof(h));
	segs = h.desc.flags ? le16toh(h.desc.seg_count) : 1;
	return segs < 1 ? 1 : segs > v->cfg.max_gso_segs ? v->cfg.max_gso_segs : segs;
}

static bool peer_has_room(struct qoe_vdev *v, const struct qoe_vring *vr)
{
	struct qoe_vdev *p = v->peer;
	unsigned int need;

	if (!p || !p->vq_ready[QOE_VQ_RX(0)])
		return true;
	need = tx_head_segs(v, vr);
	if (qoe_vring_avail(&p->vq[QOE_VQ_RX(0)]) >= p->n_wire + need)
		return true;
	/* what is on the wire may coalesce: make room, look again */
	rx_flush(p);
	return qoe_vring_avail(&p->vq[QOE_VQ_RX(0)]) >= need;
}

static int tx_poll(struct qoe_vdev *v, unsigned int q, unsigned int budget)
{
	struct qoe_vring *vr = &v->vq[q];
	struct qoe_vchain c;
	int done = 0, ret;

	while (budget-- && qoe_vring_avail(vr) && peer_has_room(v, vr) &&
	       (ret = qoe_vring_pop(vr, &c)) != 0) {
		done++;
		if (ret < 0) {
			v->stats[QOE_VDEV_TX_BAD]++;
			continue;
		}
		v->stats[QOE_VDEV_TX_REQS]++;
		tx_one(v, &c);
		qoe_vring_push(vr, c.head, 0);
	}
	return done;
}

/* --- events ---------------------------------------------------------- */

static int event_poll(struct qoe_vdev *v, unsigned int budget)
{
	struct qoe_vring *vr = &v->vq[QOE_VQ_EVENT];
	struct qoe_event ev;
	struct qoe_vchain c;
	uint32_t k, room;
	int done = 0, ret;

	if (!v->vq_ready[QOE_VQ_EVENT])
		return 0;
	/* events wait in the engine's ring until a buffer is posted */
	while (budget-- && qoe_vring_avail(vr)) {
		ret = qoe_vring_pop(vr, &c);
		if (ret <= 0)
			continue;
		room = c.out_len / sizeof(ev);
		for (k = 0; k < room && qoe_engine_event_pop(v->engine, &ev); k++)
			qoe_vchain_write(&c, k * sizeof(ev), &ev, sizeof(ev));
		if (!k) {
			/* nothing to say: give the buffer back unused */
			vr->last_avail--;
			break;
		}
		qoe_vring_push(vr, c.head, k * sizeof(ev));
		v->stats[QOE_VDEV_EVENTS] += k;
		done++;
	}
	return done;
}

static void publish(struct qoe_vdev *v, unsigned int q)
{
	if (v->vq_ready[q] && qoe_vring_publish(&v->vq[q]) && v->notify)
		v->notify(v->notify_ctx, q);
}

int qoe_vdev_poll(struct qoe_vdev *v, unsigned int budget)
{
	unsigned int q;
	int done = 0;

	if (v->vq_ready[QOE_VQ_ADMIN])
		done += admin_poll(v, budget);
	for (q = QOE_VQ_TX(0); q < v->n_queues; q += 2)
		if (v->vq_ready[q])
			done += tx_poll(v, q, budget);
	if (v->peer) {
		rx_flush(v->peer);
		done += event_poll(v->peer, budget);
		publish(v->peer, QOE_VQ_RX(0));
		publish(v->peer, QOE_VQ_EVENT);
	}
	done += event_poll(v, budget);
	for (q = 0; q < v->n_queues; q++)
		publish(v, q);
	return done;
}
