// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * The firmware's queue service for one qoe virtio device: admin requests
 * run by the engine, TX requests protected onto the wire to the peer
 * device, the peer's frames opened and coalesced into our RX buffers,
 * engine events into the event queue.  Everything read from the driver's
 * memory is copied once into device memory before it is parsed.  Each
 * queue pair has an engine of its own (struct qoe_vdev_pair); a flow's
 * handle carries its pair (include/qoe/virtio_qoe.h).
 */
#include <stdlib.h>
#include <string.h>

#include "qoe_host.h"
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
	[QOE_VDEV_TX_CROSS_QUEUE] = "tx_cross_queue",
	[QOE_VDEV_PAIRS_REFUSED] = "pairs_refused",
	[QOE_VDEV_RX_STEERED] = "rx_steered",
};

/* Tear down whatever pair @k holds (nothing, or half of it, is fine). */
static void pair_down(struct qoe_vdev *v, unsigned int k)
{
	struct qoe_vdev_pair *p = &v->pair[k];

	if (!p->crypto.ops)
		return;
	qoe_engine_destroy(p->engine);
	qoe_crypto_fini(&p->crypto);
	free(p->wire_mem);
	memset(p, 0, sizeof(*p));
}

/* Bring up pair @k: its crypto backend, engine and wire. */
static int pair_up(struct qoe_vdev *v, unsigned int k)
{
	struct qoe_vdev_pair *p = &v->pair[k];
	struct qoe_engine_cfg cfg = v->cfg;
	unsigned int i;

	if (qoe_crypto_ipsecmb_init(&p->crypto))
		return -ENOTSUP;
	cfg.crypto = &p->crypto;
	/* the top bits of a handle name the pair */
	cfg.handle_bits = QOE_VQ_PAIR_SHIFT;
	p->engine = qoe_engine_create(&cfg);
	p->wire_mem = malloc((size_t)QOE_VDEV_BATCH * QOE_VDEV_FRAME_MAX);
	if (!p->engine || !p->wire_mem) {
		pair_down(v, k);
		return -ENOMEM;
	}
	for (i = 0; i < QOE_VDEV_BATCH; i++)
		p->wire[i].data = p->wire_mem + (size_t)i * QOE_VDEV_FRAME_MAX;
	p->n_wire = 0;
	return 0;
}

int qoe_vdev_init(struct qoe_vdev *v, const char *name,
		  const struct qoe_engine_cfg *cfg)
{
	unsigned int nseg;
	int ret;

	memset(v, 0, sizeof(*v));
	v->name = name;
	v->cfg = *cfg;
	if (!v->cfg.max_gso_segs)
		v->cfg.max_gso_segs = 64;
	nseg = v->cfg.max_gso_segs;
	v->admin_buf = malloc(QOE_VDEV_ADMIN_MAX);
	v->tx_buf = malloc(QOE_VDEV_TX_MAX);
	v->seg_mem = malloc((size_t)nseg * QOE_VDEV_FRAME_MAX);
	v->segs = calloc(nseg, sizeof(*v->segs));
	v->gro_buf = malloc(QOE_VDEV_TX_MAX);
	ret = !v->admin_buf || !v->tx_buf || !v->seg_mem || !v->segs ||
	      !v->gro_buf ? -ENOMEM : pair_up(v, 0);
	if (ret) {
		qoe_vdev_fini(v);
		return ret;
	}
	v->n_pairs = 1;
	return 0;
}

void qoe_vdev_fini(struct qoe_vdev *v)
{
	unsigned int k;

	for (k = 0; k < QOE_VQ_PAIRS_MAX; k++)
		pair_down(v, k);
	free(v->admin_buf);
	free(v->tx_buf);
	free(v->seg_mem);
	free(v->segs);
	free(v->gro_buf);
	v->admin_buf = v->tx_buf = v->seg_mem = v->gro_buf = NULL;
	v->segs = NULL;
}

int qoe_vdev_reset(struct qoe_vdev *v)
{
	unsigned int k;

	memset(v->vq_ready, 0, sizeof(v->vq_ready));
	v->n_queues = 0;
	for (k = 0; k < QOE_VQ_PAIRS_MAX; k++)
		pair_down(v, k);
	v->n_pairs = 1;
	v->placed = false;
	v->ev_next = 0;
	return pair_up(v, 0);
}

static bool pair_ready(const struct qoe_vdev *v, unsigned int k)
{
	return v->vq_ready[QOE_VQ_TX(k)] && v->vq_ready[QOE_VQ_RX(k)];
}

/*
 * The pairs flows spread over: those set up, consecutive from 0, each with
 * its engine.  Fixed once a flow is placed: hashing a flow somewhere else
 * later would lose it.
 */
static int pairs_update(struct qoe_vdev *v, unsigned int q)
{
	unsigned int k = (q - QOE_VQ_TX(0)) / 2;
	int ret;

	if (q < QOE_VQ_TX(0) || !pair_ready(v, k))
		return 0;
	if (v->placed) {
		if (k >= v->n_pairs)
			v->stats[QOE_VDEV_PAIRS_REFUSED]++;
		return 0;
	}
	if (!v->pair[k].engine) {
		ret = pair_up(v, k);
		if (ret)
			return ret;
	}
	for (k = 1; k < QOE_VQ_PAIRS_MAX && pair_ready(v, k); k++)
		;
	v->n_pairs = k;
	return 0;
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
	return pairs_update(v, q);
}

void qoe_vdev_engine_stats(struct qoe_vdev *v, u64 st[QOE_STAT_MAX])
{
	u64 one[QOE_STAT_MAX];
	unsigned int k, i;

	memset(st, 0, sizeof(u64) * QOE_STAT_MAX);
	for (k = 0; k < QOE_VQ_PAIRS_MAX; k++) {
		if (!v->pair[k].engine ||
		    qoe_host_dev_stats(qoe_engine_host(v->pair[k].engine), one))
			continue;
		for (i = 0; i < QOE_STAT_MAX; i++)
			st[i] += one[i];
	}
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
		n = qoe_vdev_admin(v, v->admin_buf, c.in_len);
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

/* Write one frame (or super-packet) into the next chain of RX queue @q. */
static void rx_write(struct qoe_vdev *v, unsigned int q, const uint8_t *frame,
		     uint32_t len, const struct qoe_rx_cmpl *cm,
		     uint16_t gso_size, uint16_t gso_segs)
{
	struct qoe_vring *vr = &v->vq[q];
	struct qoe_vq_rx_hdr h;
	struct qoe_vchain c;
	int ret;

	do {
		ret = v->vq_ready[q] ? qoe_vring_pop(vr, &c) : 0;
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

/* Would a super-packet of @len bytes fit the chain at the head of @q? */
static bool rx_head_fits(struct qoe_vdev *v, unsigned int q, uint32_t len)
{
	struct qoe_vring *vr = &v->vq[q];
	uint16_t head, i;
	uint32_t room = 0;
	unsigned int n = 0;

	if (!v->vq_ready[q] || !qoe_vring_avail_ge(vr, 1))
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

static bool rx_merge(struct qoe_vdev *v, unsigned int k,
		     const struct qoe_gro_group *g)
{
	struct qoe_vdev_pair *p = &v->pair[k];
	const struct qoe_rx_cmpl *a = &p->cmpl[g->first];
	struct qoe_rx_cmpl oc;
	struct qoe_buf ob;
	uint32_t total = le16toh(a->quic_off);
	uint16_t i;

	for (i = 0; i < g->count; i++)
		total += le16toh(a->hdr_len) +
			 le16toh(p->cmpl[g->first + i].seg_size);
	if (total > QOE_VDEV_TX_MAX || !rx_head_fits(v, QOE_VQ_RX(k), total))
		return false;
	ob.data = v->gro_buf;
	ob.len = 0;
	ob.cap = QOE_VDEV_TX_MAX;
	if (qoe_gro_build_udp(p->wire, p->cmpl, ETH_HLEN, g, &ob, &oc))
		return false;
	rx_write(v, QOE_VQ_RX(k), ob.data, ob.len, &oc,
		 (uint16_t)(le16toh(a->hdr_len) + le16toh(a->seg_size)),
		 g->count);
	v->stats[QOE_VDEV_RX_COALESCED]++;
	return true;
}

/* Open what waits on the wire for pair @k and hand it to RX queue k. */
static void rx_flush(struct qoe_vdev *v, unsigned int k)
{
	struct qoe_vdev_pair *p = &v->pair[k];
	uint16_t n = p->n_wire, ng, i, j;

	if (!n)
		return;
	p->n_wire = 0;
	qoe_engine_rx_burst(p->engine, p->wire, n, ETH_HLEN, p->cmpl);
	/* the driver sees device handles: the pair in the top bits */
	for (i = 0; i < n; i++)
		if (p->cmpl[i].handle)
			p->cmpl[i].handle = htole32(le32toh(p->cmpl[i].handle) |
						    k << QOE_VQ_PAIR_SHIFT);
	if (qoe_engine_dev_flags(p->engine) & QOE_DEVCFG_GRO) {
		ng = qoe_gro_plan_udp(p->engine, p->wire, p->cmpl, n, ETH_HLEN,
				      p->groups);
	} else {
		for (i = 0; i < n; i++) {
			p->groups[i].first = i;
			p->groups[i].count = 1;
		}
		ng = n;
	}
	for (i = 0; i < ng; i++) {
		const struct qoe_gro_group *g = &p->groups[i];

		if (g->count > 1 && rx_merge(v, k, g))
			continue;
		for (j = g->first; j < g->first + g->count; j++) {
			if (p->cmpl[j].flags & QOE_RXF_DROP) {
				v->stats[QOE_VDEV_RX_DROP]++;
				continue;
			}
			rx_write(v, QOE_VQ_RX(k), p->wire[j].data,
				 p->wire[j].len, &p->cmpl[j], 0, 0);
		}
	}
}

static void rx_flush_all(struct qoe_vdev *v)
{
	unsigned int k;

	for (k = 0; k < v->n_pairs; k++)
		rx_flush(v, k);
}

/*
 * The pair a frame from the wire goes to: RSS, as a NIC steers it, unless
 * another pair owns its flow (a connection that migrated keeps its CIDs,
 * not its 4-tuple), as a NIC's flow rules override RSS.
 */
static unsigned int rx_steer(struct qoe_vdev *v, const uint8_t *frame,
			     uint32_t len)
{
	unsigned int k, j;
	uint32_t hash;

	if (v->n_pairs < 2 ||
	    !qoe_rss_frame_hash(frame, len, ETH_HLEN, &hash))
		return 0;
	k = hash % v->n_pairs;
	if (qoe_engine_rx_owns(v->pair[k].engine, frame, len, ETH_HLEN))
		return k;
	for (j = 0; j < v->n_pairs; j++) {
		if (j != k &&
		    qoe_engine_rx_owns(v->pair[j].engine, frame, len, ETH_HLEN)) {
			v->stats[QOE_VDEV_RX_STEERED]++;
			return j;
		}
	}
	return k;
}

/* Put one frame on the wire to @v (copied: the sender reuses its buffer). */
static void wire_put(struct qoe_vdev *v, const uint8_t *frame, uint32_t len)
{
	unsigned int k;
	struct qoe_vdev_pair *p;
	struct qoe_buf *b;

	if (len > QOE_VDEV_FRAME_MAX)
		return;
	k = rx_steer(v, frame, len);
	p = &v->pair[k];
	b = &p->wire[p->n_wire++];
	memcpy(b->data, frame, len);
	b->len = len;
	b->cap = QOE_VDEV_FRAME_MAX;
	if (p->n_wire == QOE_VDEV_BATCH)
		rx_flush(v, k);
}

/* --- transmit -------------------------------------------------------- */

/* One request from TX queue @k, the queue of pair @k. */
static void tx_one(struct qoe_vdev *v, unsigned int k,
		   const struct qoe_vchain *c)
{
	struct qoe_vdev *peer = v->peer;
	struct qoe_vq_tx_hdr h;
	struct qoe_tx_cmpl tc;
	const uint8_t *frame;
	uint32_t flen, n, i, j, handle, nseg = v->cfg.max_gso_segs;

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
	/*
	 * The engine that owns the flow seals it, whichever queue the
	 * request came on: a stack may choose the queue before it marks the
	 * packet (quic.ko marks in validate_xmit).  Another pair's engine is
	 * the slow path (one worker here; a worker per pair would hand the
	 * request over), counted.  A pair we do not have owns nothing.
	 */
	handle = le32toh(h.desc.handle);
	j = QOE_VQ_HANDLE_PAIR(handle);
	if (j >= v->n_pairs) {
		v->stats[QOE_VDEV_TX_DROP]++;
		return;
	}
	if (j != k)
		v->stats[QOE_VDEV_TX_CROSS_QUEUE]++;
	h.desc.handle = htole32(handle & ((1u << QOE_VQ_PAIR_SHIFT) - 1));
	for (i = 0; i < nseg; i++) {
		v->segs[i].data = v->seg_mem + (size_t)i * QOE_VDEV_FRAME_MAX;
		v->segs[i].len = 0;
		v->segs[i].cap = QOE_VDEV_FRAME_MAX;
	}
	/* refused (no flow, no key, bad descriptor): dropped, never clear */
	n = qoe_engine_tx(v->pair[j].engine, &h.desc, frame, flen, v->segs,
			  nseg, &tc);
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
#define TX_PEEK		128	/* header + Ethernet, IPv6, UDP: enough */

/*
 * The request at the head of TX queue @vr: how many packets it makes and
 * the peer's pair they go to (-1: not known, a chain whose first buffer
 * does not hold the headers).  A hint only: tx_one() reads it for real.
 */
static unsigned int tx_head_peek(const struct qoe_vdev *v,
				 const struct qoe_vring *vr, int *pair)
{
	uint16_t head = le16toh(vr->avail->ring[vr->last_avail & (vr->size - 1)]);
	const struct qoe_vdev *p = v->peer;
	uint8_t b[TX_PEEK];
	struct qoe_vq_tx_hdr h;
	unsigned int segs;
	uint32_t len, hash;
	const void *m;

	*pair = -1;
	if (head >= vr->size || le32toh(vr->desc[head].len) < sizeof(h))
		return 1;
	len = le32toh(vr->desc[head].len);
	if (len > sizeof(b))
		len = sizeof(b);
	/* the driver's buffer may sit at any address: copy, then look */
	m = vr->map(vr->map_ctx, le64toh(vr->desc[head].addr), len);
	if (!m)
		return 1;
	memcpy(b, m, len);
	memcpy(&h, b, sizeof(h));
	if (p->n_pairs < 2)
		*pair = 0;
	else if (qoe_rss_frame_hash(b + sizeof(h), len - sizeof(h), ETH_HLEN,
				    &hash))
		*pair = (int)(hash % p->n_pairs);
	segs = h.desc.flags ? le16toh(h.desc.seg_count) : 1;
	return segs < 1 ? 1 : segs > v->cfg.max_gso_segs ? v->cfg.max_gso_segs : segs;
}

/* Room on RX queue of pair @k of @p for @need more packets? */
static bool pair_has_room(struct qoe_vdev *p, unsigned int k, unsigned int need)
{
	unsigned int q = QOE_VQ_RX(k);

	if (!p->vq_ready[q] ||
	    qoe_vring_avail_ge(&p->vq[q], (uint16_t)(p->pair[k].n_wire + need)))
		return true;
	/* what is on the wire may coalesce: make room, look again */
	rx_flush(p, k);
	return qoe_vring_avail_ge(&p->vq[q], (uint16_t)need);
}

static bool peer_has_room(struct qoe_vdev *v, const struct qoe_vring *vr)
{
	struct qoe_vdev *p = v->peer;
	unsigned int need, k;
	int pair;

	if (!p)
		return true;
	need = tx_head_peek(v, vr, &pair);
	if (pair >= 0)
		return pair_has_room(p, (unsigned int)pair, need);
	/* not known: room everywhere it could go */
	for (k = 0; k < p->n_pairs; k++)
		if (!pair_has_room(p, k, need))
			return false;
	return true;
}

static int tx_poll(struct qoe_vdev *v, unsigned int k, unsigned int budget)
{
	struct qoe_vring *vr = &v->vq[QOE_VQ_TX(k)];
	struct qoe_vchain c;
	int done = 0, ret;

	while (budget-- && qoe_vring_avail_ge(vr, 1) && peer_has_room(v, vr) &&
	       (ret = qoe_vring_pop(vr, &c)) != 0) {
		done++;
		if (ret < 0) {
			v->stats[QOE_VDEV_TX_BAD]++;
			continue;
		}
		v->stats[QOE_VDEV_TX_REQS]++;
		tx_one(v, k, &c);
		qoe_vring_push(vr, c.head, 0);
	}
	return done;
}

/* --- events ---------------------------------------------------------- */

/* The next event of any pair, its handle as the driver knows it. */
static bool event_next(struct qoe_vdev *v, struct qoe_event *ev)
{
	unsigned int i, k;

	for (i = 0; i < QOE_VQ_PAIRS_MAX; i++) {
		k = (v->ev_next + i) % QOE_VQ_PAIRS_MAX;
		if (!v->pair[k].engine ||
		    !qoe_engine_event_pop(v->pair[k].engine, ev))
			continue;
		/* round robin: one busy pair does not starve the others */
		v->ev_next = (k + 1) % QOE_VQ_PAIRS_MAX;
		if (ev->handle)
			ev->handle = htole32(le32toh(ev->handle) |
					     k << QOE_VQ_PAIR_SHIFT);
		return true;
	}
	return false;
}

static int event_poll(struct qoe_vdev *v, unsigned int budget)
{
	struct qoe_vring *vr = &v->vq[QOE_VQ_EVENT];
	struct qoe_event ev;
	struct qoe_vchain c;
	uint32_t k, room;
	int done = 0, ret;

	if (!v->vq_ready[QOE_VQ_EVENT])
		return 0;
	/* events wait in the engines' rings until a buffer is posted */
	while (budget-- && qoe_vring_avail_ge(vr, 1)) {
		ret = qoe_vring_pop(vr, &c);
		if (ret <= 0)
			continue;
		room = c.out_len / sizeof(ev);
		for (k = 0; k < room && event_next(v, &ev); k++)
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
	unsigned int q, k;
	int done = 0;

	if (v->vq_ready[QOE_VQ_ADMIN])
		done += admin_poll(v, budget);
	for (k = 0; QOE_VQ_TX(k) < v->n_queues; k++)
		if (v->vq_ready[QOE_VQ_TX(k)])
			done += tx_poll(v, k, budget);
	if (v->peer) {
		rx_flush_all(v->peer);
		done += event_poll(v->peer, budget);
		for (k = 0; k < v->peer->n_pairs; k++)
			publish(v->peer, QOE_VQ_RX(k));
		publish(v->peer, QOE_VQ_EVENT);
	}
	done += event_poll(v, budget);
	for (q = 0; q < v->n_queues; q++)
		publish(v, q);
	return done;
}
