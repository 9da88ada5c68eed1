/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause) */
/*
 * net_qoe data path: eth_qoe_rx / eth_qoe_tx.  Packet logic lives in the
 * engine; this file only turns mbufs into engine buffers and descriptors,
 * and moves the results over the wiring (rings or a backing port).
 */
#include <string.h>

#include <rte_branch_prediction.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_udp.h>
#include <ethdev_driver.h>

#include "qoe_pmd.h"
#include "qoe_engine.h"

#define QOE_TX_OUT	256
#define QOE_RX_BURST	64

/* Where the QUIC header of an Ethernet/IP/UDP frame is. */
struct qoe_pkt_info {
	uint32_t l3_off;
	uint32_t quic_off;
	uint8_t family;
	const uint8_t *saddr;
	const uint8_t *daddr;
	uint16_t sport;		/* network order */
	uint16_t dport;
};

static int
qoe_pkt_parse(const uint8_t *p, uint32_t len, struct qoe_pkt_info *pi)
{
	const struct rte_ether_hdr *eh = (const void *)p;
	uint32_t off = sizeof(*eh);
	uint16_t type;

	if (len < off)
		return -1;
	type = eh->ether_type;
	if (type == RTE_BE16(RTE_ETHER_TYPE_VLAN)) {
		if (len < off + 4)
			return -1;
		type = *(const uint16_t *)(p + off + 2);
		off += 4;
	}
	pi->l3_off = off;
	if (type == RTE_BE16(RTE_ETHER_TYPE_IPV4)) {
		const struct rte_ipv4_hdr *ip = (const void *)(p + off);
		uint32_t ihl;

		if (len < off + sizeof(*ip))
			return -1;
		ihl = (ip->version_ihl & 0xf) * 4u;
		if ((ip->version_ihl >> 4) != 4 || ihl < sizeof(*ip) ||
		    ip->next_proto_id != IPPROTO_UDP ||
		    (ip->fragment_offset & RTE_BE16(0x3fff)) != 0)
			return -1;
		pi->family = QOE_FAMILY_IPV4;
		pi->saddr = (const uint8_t *)&ip->src_addr;
		pi->daddr = (const uint8_t *)&ip->dst_addr;
		off += ihl;
	} else if (type == RTE_BE16(RTE_ETHER_TYPE_IPV6)) {
		const struct rte_ipv6_hdr *ip6 = (const void *)(p + off);

		if (len < off + sizeof(*ip6) || ip6->proto != IPPROTO_UDP)
			return -1;
		pi->family = QOE_FAMILY_IPV6;
		pi->saddr = ip6->src_addr;
		pi->daddr = ip6->dst_addr;
		off += sizeof(*ip6);
	} else {
		return -1;
	}
	if (len < off + sizeof(struct rte_udp_hdr) + 1)
		return -1;
	pi->sport = ((const struct rte_udp_hdr *)(p + off))->src_port;
	pi->dport = ((const struct rte_udp_hdr *)(p + off))->dst_port;
	pi->quic_off = off + sizeof(struct rte_udp_hdr);
	return 0;
}

static struct qoe_pmd_flow *
qoe_tx_flow_match(struct qoe_pmd_dev *d, struct qoe_pmd_eng *e,
		  const struct qoe_pkt_info *pi)
{
	size_t alen = pi->family == QOE_FAMILY_IPV4 ? 4 : 16;
	uint32_t i, seen = 0;

	for (i = 0; i <= d->args.max_flows && seen < e->n_tx_flows; i++) {
		struct qoe_pmd_flow *f = &e->flows[i];

		if (f->handle == 0 || f->dir != QOE_DIR_TX)
			continue;
		seen++;
		if (f->family == pi->family && f->local_port == pi->sport &&
		    f->remote_port == pi->dport &&
		    memcmp(f->local_addr, pi->saddr, alen) == 0 &&
		    memcmp(f->remote_addr, pi->daddr, alen) == 0)
			return f;
	}
	return NULL;
}

#define QOE_TX_PLAINTEXT	(-2)

/*
 * Did a net_qoe RX decrypt @m?  Such plaintext leaves re-protected by a TX
 * flow, or only where the application said plaintext_egress=1.
 */
static bool
qoe_tx_plaintext(const struct qoe_pmd_dev *d, struct rte_mbuf *m)
{
	return !d->args.plaintext_egress && (m->ol_flags & d->dyn.rx_flag) &&
	       rte_pmd_qoe_meta(&d->dyn, m)->status == QOE_ST_OK;
}

/*
 * qoe_tx_prepare() with @e, the engine that would own @m's flow, locked.
 */
static int
qoe_tx_prepare_locked(struct qoe_pmd_dev *d, struct qoe_pmd_eng *e,
		      struct rte_mbuf *m, const uint8_t *pkt,
		      const struct qoe_pkt_info *ppi, bool marked, int clear,
		      struct qoe_tx_desc *desc, struct qoe_pmd_flow **flow)
{
	struct qoe_pkt_info pi = *ppi;
	struct qoe_pmd_flow *f;
	uint32_t payload, seg_size, segs, hdr_len, i;
	uint64_t pn, trunc = 0;
	uint8_t b0, pn_len, phase;

	if (marked) {
		struct rte_pmd_qoe_meta *md = rte_pmd_qoe_meta(&d->dyn, m);

		f = qoe_pmd_flow_slot(d, e, qoe_pmd_eng_handle(d, md->handle));
		if (f == NULL || f->dir != QOE_DIR_TX || md->pn_len < 1 ||
		    md->pn_len > 4 || md->key_phase > 1)
			return -1;
		pn = md->pn;
		pn_len = md->pn_len;
		phase = md->key_phase;
		seg_size = md->seg_size;
	} else {
		if (!d->args.auto_tx || e->n_tx_flows == 0)
			return clear;
		/* came in through a net_qoe RX that could not open it: still
		 * ciphertext, forward it as it is */
		if ((m->ol_flags & d->dyn.rx_flag) &&
		    rte_pmd_qoe_meta(&d->dyn, m)->status != QOE_ST_OK)
			return 0;
		b0 = pkt[pi.quic_off];
		if (b0 & 0x80)
			return clear;	/* long header: never offloaded */
		f = qoe_tx_flow_match(d, e, &pi);
		if (f == NULL)
			return clear;
		/* the plaintext header says what the stack meant */
		pn_len = (b0 & 3) + 1;
		phase = (b0 >> 2) & 1;
		if (m->pkt_len < pi.quic_off + 1u + f->cid_len + pn_len)
			return -1;
		for (i = 0; i < pn_len; i++)
			trunc = (trunc << 8) |
				pkt[pi.quic_off + 1 + f->cid_len + i];
		pn = qoe_pn_decode(f->next_pn ? f->next_pn - 1 : QOE_PN_NONE,
				   trunc, (uint8_t)pn_len);
		if (pn == QOE_PN_NONE)
			return -1;	/* past the last PN: nothing to seal */
		/* track the stack's PN sequence even if this packet drops */
		if (pn >= f->next_pn)
			f->next_pn = pn + 1;
		seg_size = 0;
	}
	hdr_len = 1u + f->cid_len + pn_len;
	if (m->pkt_len < pi.quic_off + hdr_len)
		return -1;
	payload = m->pkt_len - pi.quic_off - hdr_len;
	if (seg_size == 0 || seg_size >= payload) {
		seg_size = payload;
		segs = 1;
	} else {
		segs = (payload + seg_size - 1) / seg_size;
	}
	/* a range past 2^62 - 1 would wrap into used nonces */
	if (segs > QOE_PMD_MAX_SEGS || seg_size > UINT16_MAX ||
	    !qoe_pn_range_ok(pn, segs))
		return -1;
	memset(desc, 0, sizeof(*desc));
	desc->handle = cpu_to_le32(f->handle);
	desc->flags = QOE_TXF_CRYPTO | (segs > 1 ? QOE_TXF_GSO : 0);
	desc->key_phase = phase;
	desc->pn_len = pn_len;
	desc->l3_off = (uint8_t)pi.l3_off;
	desc->hdr_len = cpu_to_le16((uint16_t)hdr_len);
	desc->pn_off = cpu_to_le16((uint16_t)(1 + f->cid_len));
	desc->seg_size = cpu_to_le16((uint16_t)seg_size);
	desc->seg_count = cpu_to_le16((uint16_t)segs);
	desc->pn = cpu_to_le64(pn);
	/* a key update: the phase left gets the file's next key */
	if (unlikely(f->sched != NULL))
		qoe_pmd_key_sched_advance(d, e, f, phase);
	*flow = f;
	return 1;
}

/*
 * Fill @desc for @m.  Returns 1 to offload, with *@ep (the engine owning
 * its flow) locked; 0 to send untouched (not ours), -1 to drop (asked for
 * offload but unusable), QOE_TX_PLAINTEXT to drop (decrypted by a net_qoe
 * RX and not re-protected), with nothing locked.
 */
static int
qoe_tx_prepare(struct qoe_pmd_dev *d, struct rte_mbuf *m, const uint8_t *pkt,
	       struct qoe_tx_desc *desc, struct qoe_pmd_flow **flow,
	       struct qoe_pmd_eng **ep)
{
	bool marked = (m->ol_flags & d->dyn.tx_flag) != 0;
	/* what a net_qoe RX decrypted leaves re-protected or not at all
	 * (asked of unmarked packets only: marked ones are protected) */
	int clear = !marked && qoe_tx_plaintext(d, m) ? QOE_TX_PLAINTEXT : 0;
	struct qoe_pkt_info pi;
	struct qoe_pmd_eng *e;
	int r;

	if (qoe_pkt_parse(pkt, m->pkt_len, &pi) != 0)
		return marked ? -1 : clear;
	if (marked)
		e = qoe_pmd_handle_eng(d, rte_pmd_qoe_meta(&d->dyn, m)->handle);
	else if (d->args.auto_tx)
		e = &d->eng[qoe_pmd_rss(d, pi.family, pi.saddr, pi.sport,
					pi.daddr, pi.dport)];
	else
		return clear;
	if (e == NULL)
		return -1;
	rte_spinlock_lock(&e->lock);
	r = qoe_tx_prepare_locked(d, e, m, pkt, &pi, marked, clear, desc, flow);
	if (r == 1)
		*ep = e;
	else
		rte_spinlock_unlock(&e->lock);
	return r;
}

/* Protect @m; emitted packets are appended to @out. */
static void
qoe_tx_one(struct qoe_pmd_dev *d, struct qoe_pmd_txq *txq, struct rte_mbuf *m,
	   struct rte_mbuf **out, uint16_t *n_out)
{
	struct rte_mbuf *segs[QOE_PMD_MAX_SEGS];
	struct qoe_buf ob[QOE_PMD_MAX_SEGS];
	struct qoe_pmd_flow *f = NULL;
	struct qoe_pmd_eng *e = NULL;
	struct qoe_tx_desc desc;
	struct qoe_tx_cmpl c;
	const uint8_t *pkt;
	uint32_t n, i, nseg;
	int r;

	if (m->pkt_len > QOE_PMD_SCRATCH)
		pkt = NULL;
	else
		pkt = rte_pktmbuf_read(m, 0, m->pkt_len, txq->scratch);
	if (pkt == NULL) {
		r = (m->ol_flags & d->dyn.tx_flag) ? -1 :
		    qoe_tx_plaintext(d, m) ? QOE_TX_PLAINTEXT : 0;
	} else {
		r = qoe_tx_prepare(d, m, pkt, &desc, &f, &e);
	}
	if (r == 0) {
		out[(*n_out)++] = m;
		return;
	}
	if (r == QOE_TX_PLAINTEXT) {
		txq->st.plaintext++;
		goto drop;
	}
	if (r < 0) {
		txq->st.refused++;
		goto drop;
	}

	nseg = le16_to_cpu(desc.seg_count);
	/* in place only in an mbuf nobody else holds: sealing a shared or
	 * indirect one would rewrite another holder's data */
	if (nseg == 1 && m->nb_segs == 1 && RTE_MBUF_DIRECT(m) &&
	    rte_mbuf_refcnt_read(m) == 1 &&
	    rte_pktmbuf_tailroom(m) >= QOE_TAG_LEN) {
		/* in place: room for the tag is all it needs */
		ob[0].data = rte_pktmbuf_mtod(m, uint8_t *);
		ob[0].len = 0;
		ob[0].cap = m->data_len + rte_pktmbuf_tailroom(m);
		n = qoe_engine_tx(e->engine, &desc, pkt, m->pkt_len, ob, 1, &c);
		if (n == 1 && f->next_pn <= le64_to_cpu(desc.pn))
			f->next_pn = le64_to_cpu(desc.pn) + 1;
		rte_spinlock_unlock(&e->lock);
		if (n != 1)
			goto drop;
		m->data_len = (uint16_t)ob[0].len;
		m->pkt_len = ob[0].len;
		m->ol_flags &= ~d->dyn.tx_flag;
		txq->st.offloaded++;
		out[(*n_out)++] = m;
		return;
	}

	if (rte_pktmbuf_alloc_bulk(m->pool, segs, nseg) != 0) {
		rte_spinlock_unlock(&e->lock);
		goto drop;
	}
	for (i = 0; i < nseg; i++) {
		ob[i].data = rte_pktmbuf_mtod(segs[i], uint8_t *);
		ob[i].len = 0;
		ob[i].cap = rte_pktmbuf_tailroom(segs[i]);
	}
	n = qoe_engine_tx(e->engine, &desc, pkt, m->pkt_len, ob, nseg, &c);
	if (n > 0 && f->next_pn < le64_to_cpu(desc.pn) + n)
		f->next_pn = le64_to_cpu(desc.pn) + n;
	rte_spinlock_unlock(&e->lock);
	for (i = 0; i < nseg; i++) {
		if (i >= n) {
			rte_pktmbuf_free(segs[i]);
			continue;
		}
		segs[i]->data_len = (uint16_t)ob[i].len;
		segs[i]->pkt_len = ob[i].len;
		segs[i]->port = m->port;
		out[(*n_out)++] = segs[i];
	}
	if (n == 0)
		goto drop;
	txq->st.offloaded += n;
	rte_pktmbuf_free(m);
	return;
drop:
	/* never sent in clear: the engine counted why */
	txq->st.errs++;
	rte_pktmbuf_free(m);
}

/* RX queues of the port our TX lands on, 0 when it cannot take any. */
static uint16_t
qoe_wire_queues(const struct qoe_pmd_dev *dst)
{
	const struct rte_eth_dev_data *dd;

	if (dst == NULL)
		return 0;
	dd = rte_eth_devices[dst->port_id].data;
	return dd->dev_started ? RTE_MIN(dd->nb_rx_queues, QOE_PMD_MAX_QUEUES) : 0;
}

/*
 * The RX queue of @dst that @m goes to: with one engine, the queue with
 * our TX queue's number; with several, the device's RSS picks the queue
 * of the engine that owns the packet's flow.
 */
static uint16_t
qoe_wire_queue(const struct qoe_pmd_dev *dst, struct rte_mbuf *m, uint16_t qid,
	       uint16_t nq)
{
	uint8_t hdr[128];
	uint32_t len = RTE_MIN(m->pkt_len, (uint32_t)sizeof(hdr));
	struct qoe_pkt_info pi;
	const uint8_t *p;

	if (dst->n_engines <= 1)
		return qid % nq;
	p = rte_pktmbuf_read(m, 0, len, hdr);
	if (p == NULL || qoe_pkt_parse(p, len, &pi) != 0)
		return 0;
	return qoe_pmd_rss(dst, pi.family, pi.saddr, pi.sport, pi.daddr,
			   pi.dport) % nq;
}

static void
qoe_tx_account(struct qoe_pmd_txq *txq, struct rte_mbuf **out, uint16_t n,
	       uint16_t sent)
{
	uint16_t i;

	for (i = 0; i < sent; i++) {
		txq->st.pkts++;
		txq->st.bytes += out[i]->pkt_len;
	}
	for (i = sent; i < n; i++) {
		txq->st.errs++;
		txq->st.wire_full++;
		rte_pktmbuf_free(out[i]);
	}
}

static void
qoe_tx_flush(struct qoe_pmd_dev *d, struct qoe_pmd_txq *txq,
	     struct rte_mbuf **out, uint16_t n)
{
	struct qoe_pmd_dev *dst = d->wiring == QOE_WIRE_PAIR ? d->peer : d;
	uint16_t q[QOE_TX_OUT];
	uint16_t sent = 0, nq, i, j;
	int tries;

	if (n == 0)
		return;
	if (d->wiring == QOE_WIRE_BACKING) {
		for (tries = 0; tries < 4 && sent < n; tries++)
			sent += rte_eth_tx_burst(d->backing_port, txq->qid,
						 out + sent, n - sent);
		qoe_tx_account(txq, out, n, sent);
		return;
	}
	nq = qoe_wire_queues(dst);
	if (nq == 0) {
		qoe_tx_account(txq, out, n, 0);
		return;
	}
	for (i = 0; i < n; i++)
		q[i] = qoe_wire_queue(dst, out[i], txq->qid, nq);
	/* each run of packets for one queue in one burst */
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && q[j] == q[i]; j++)
			;
		sent = dst->rxq[q[i]].ring == NULL ? 0 :
		       (uint16_t)rte_ring_enqueue_burst(dst->rxq[q[i]].ring,
							(void **)(out + i),
							j - i, NULL);
		qoe_tx_account(txq, out + i, j - i, sent);
	}
}

uint16_t
eth_qoe_tx(void *q, struct rte_mbuf **bufs, uint16_t nb_bufs)
{
	struct qoe_pmd_txq *txq = q;
	struct qoe_pmd_dev *d = txq->dev;
	struct rte_mbuf *out[QOE_TX_OUT];
	uint16_t n_out = 0, i;

	for (i = 0; i < nb_bufs; i++) {
		if (n_out + QOE_PMD_MAX_SEGS > QOE_TX_OUT) {
			qoe_tx_flush(d, txq, out, n_out);
			n_out = 0;
		}
		qoe_tx_one(d, txq, bufs[i], out, &n_out);
	}
	qoe_tx_flush(d, txq, out, n_out);
	/* every mbuf was consumed: sent, or dropped and counted */
	return nb_bufs;
}

/* Describe @m for the engine; false when the engine must not see it (its
 * completion then says NOT_QUIC and it goes up as it came). */
static bool
qoe_rx_prepare(struct rte_mbuf *m, struct qoe_buf *b, struct qoe_rx_cmpl *c,
	       uint32_t *l3_off)
{
	struct qoe_pkt_info pi;
	uint8_t *p = rte_pktmbuf_mtod(m, uint8_t *);

	memset(c, 0, sizeof(*c));
	c->status = QOE_ST_NOT_QUIC;
	b->data = p;
	b->len = m->data_len;
	b->cap = m->data_len;
	/* chained mbufs cannot be processed in place: hand them up as is */
	if (m->nb_segs != 1 || qoe_pkt_parse(p, m->data_len, &pi) != 0)
		return false;
	*l3_off = pi.l3_off;
	return true;
}

/* A packet of @eh opened in @phase: a key update moves its schedule on. */
static void
qoe_rx_key_sched(struct qoe_pmd_dev *d, struct qoe_pmd_eng *e, uint32_t eh,
		 uint8_t phase)
{
	struct qoe_pmd_flow *f = qoe_pmd_flow_slot(d, e, eh);

	if (f != NULL && f->sched != NULL)
		qoe_pmd_key_sched_advance(d, e, f, phase);
}

/* After the engine: metadata and flags on @m.  Returns false when it must
 * be dropped; @c stays for GRO (NOT_QUIC: do not merge). */
static bool
qoe_rx_finish(struct qoe_pmd_dev *d, struct qoe_pmd_eng *e,
	      struct qoe_pmd_rxq *rxq, struct rte_mbuf *m, struct qoe_buf *b,
	      struct qoe_rx_cmpl *c, uint32_t l3_off)
{
	struct rte_pmd_qoe_meta *md;

	if (c->flags & QOE_RXF_DROP)
		return false;
	if (c->status == QOE_ST_NOT_QUIC)
		return true;
	md = rte_pmd_qoe_meta(&d->dyn, m);
	memset(md, 0, sizeof(*md));
	md->handle = qoe_pmd_port_handle(d, e, le32_to_cpu(c->handle));
	md->status = c->status;
	md->key_phase = c->key_phase;
	md->pn_len = c->pn_len;
	md->pn = le64_to_cpu(c->pn);
	md->seg_count = le16_to_cpu(c->seg_count);
	md->seg_size = le16_to_cpu(c->seg_size);
	m->ol_flags |= d->dyn.rx_flag;
	/* no RX_SEC_OFFLOAD flags: they promise an rte_security session */
	if ((c->flags & QOE_RXF_DECRYPTED) && c->status == QOE_ST_OK) {
		m->data_len = (uint16_t)b->len;
		m->pkt_len = b->len;
		rxq->st.offloaded++;
		if (unlikely(d->has_sched))
			qoe_rx_key_sched(d, e, le32_to_cpu(c->handle),
					 c->key_phase);
	}
	/* GRO plans with one link-header length: others stay single */
	if (l3_off != RTE_ETHER_HDR_LEN)
		c->status = QOE_ST_NOT_QUIC;
	return true;
}

/* The engine over bufs[0..n): runs with one link-header length go in one
 * call, which batches the header-protection work of each flow's packets. */
static void
qoe_rx_engine(struct qoe_pmd_eng *e, struct qoe_buf *b, struct qoe_rx_cmpl *c,
	      const bool *seen, const uint32_t *l3, uint16_t n)
{
	uint16_t i = 0, j;

	while (i < n) {
		if (!seen[i]) {
			i++;
			continue;
		}
		for (j = i + 1; j < n && seen[j] && l3[j] == l3[i]; j++)
			;
		qoe_engine_rx_burst(e->engine, &b[i], j - i, l3[i], &c[i]);
		i = j;
	}
}

/* A flat super-packet into a chain of mbufs from @mp. */
static struct rte_mbuf *
qoe_mbuf_from_flat(struct rte_mempool *mp, const uint8_t *p, uint32_t len)
{
	struct rte_mbuf *head = NULL, *m;

	while (len > 0) {
		uint16_t room;
		uint32_t n;

		m = rte_pktmbuf_alloc(mp);
		if (m == NULL)
			goto fail;
		room = rte_pktmbuf_tailroom(m);
		n = RTE_MIN(len, (uint32_t)room);
		memcpy(rte_pktmbuf_append(m, (uint16_t)n), p, n);
		p += n;
		len -= n;
		if (head == NULL)
			head = m;
		else if (rte_pktmbuf_chain(head, m) != 0) {
			rte_pktmbuf_free(m);
			goto fail;
		}
	}
	return head;
fail:
	rte_pktmbuf_free(head);
	return NULL;
}

/*
 * A group's own mbufs chained into its super-packet, no byte copied: each
 * mbuf trimmed to the piece qoe_gro_build_frags() said it contributes.
 */
static struct rte_mbuf *
qoe_mbuf_chain_frags(struct rte_mbuf **ms, const struct qoe_frag *fr,
		     uint16_t n)
{
	struct rte_mbuf *head = ms[0];
	uint16_t k;

	for (k = 0; k < n; k++) {
		struct rte_mbuf *m = ms[k];

		m->data_off += (uint16_t)(fr[k].data - rte_pktmbuf_mtod(m, uint8_t *));
		m->data_len = (uint16_t)fr[k].len;
		m->pkt_len = fr[k].len;
		/* at most QOE_RX_BURST segments: the chain cannot overflow */
		if (k > 0)
			(void)rte_pktmbuf_chain(head, m);
	}
	return head;
}

/* Coalesce bufs[0..n) in place where the engine's plan says so. */
static uint16_t
qoe_rx_gro(struct qoe_pmd_dev *d, struct qoe_pmd_eng *e, struct qoe_pmd_rxq *rxq,
	   struct rte_mbuf **bufs, struct qoe_buf *b, struct qoe_rx_cmpl *c,
	   uint16_t n)
{
	struct qoe_gro_group g[QOE_RX_BURST];
	uint16_t ng, i, k, out = 0;

	/* a chain only where the application enabled RX scatter */
	bool scatter = rte_eth_devices[d->port_id].data->dev_conf.rxmode.offloads &
		       RTE_ETH_RX_OFFLOAD_SCATTER;
	uint32_t room = rte_pktmbuf_data_room_size(rxq->mp) -
			RTE_PKTMBUF_HEADROOM;

	ng = qoe_gro_plan(e->engine, b, c, n, RTE_ETHER_HDR_LEN, g);
	for (i = 0; i < ng; i++) {
		struct rte_mbuf *first = bufs[g[i].first], *m = NULL;
		struct qoe_frag fr[QOE_RX_BURST];
		struct rte_pmd_qoe_meta *md;
		struct qoe_rx_cmpl oc;
		struct qoe_buf ob = { rxq->scratch, 0, QOE_PMD_SCRATCH };

		if (g[i].count > 1 && scatter &&
		    qoe_gro_build_frags(b, c, RTE_ETHER_HDR_LEN, &g[i], fr, &oc) == 0) {
			/* the packets' own mbufs, chained: nothing copied */
			m = qoe_mbuf_chain_frags(&bufs[g[i].first], fr, g[i].count);
			md = rte_pmd_qoe_meta(&d->dyn, m);
			md->seg_count = le16_to_cpu(oc.seg_count);
			md->seg_size = le16_to_cpu(oc.seg_size);
			bufs[out++] = m;
			continue;
		}
		if (g[i].count > 1 &&
		    qoe_gro_build(b, c, RTE_ETHER_HDR_LEN, &g[i], &ob, &oc) == 0 &&
		    (scatter || ob.len <= room))
			m = qoe_mbuf_from_flat(rxq->mp, ob.data, ob.len);
		if (m == NULL) {
			/* not merged (or no memory): deliver them one by one */
			for (k = 0; k < g[i].count; k++)
				bufs[out++] = bufs[g[i].first + k];
			continue;
		}
		m->port = first->port;
		m->ol_flags = d->dyn.rx_flag;
		md = rte_pmd_qoe_meta(&d->dyn, m);
		*md = *rte_pmd_qoe_meta(&d->dyn, first);
		md->seg_count = le16_to_cpu(oc.seg_count);
		md->seg_size = le16_to_cpu(oc.seg_size);
		for (k = 0; k < g[i].count; k++)
			rte_pktmbuf_free(bufs[g[i].first + k]);
		bufs[out++] = m;
	}
	return out;
}

uint16_t
eth_qoe_rx(void *q, struct rte_mbuf **bufs, uint16_t nb_bufs)
{
	struct qoe_pmd_rxq *rxq = q;
	struct qoe_pmd_dev *d = rxq->dev;
	/* RSS sent this queue the flows of its engine */
	struct qoe_pmd_eng *e = &d->eng[rxq->qid % d->n_engines];
	struct qoe_rx_cmpl c[QOE_RX_BURST];
	struct qoe_buf b[QOE_RX_BURST];
	uint32_t l3[QOE_RX_BURST];
	bool seen[QOE_RX_BURST];
	uint16_t n, i, kept = 0;

	nb_bufs = RTE_MIN(nb_bufs, (uint16_t)QOE_RX_BURST);
	if (d->wiring == QOE_WIRE_BACKING)
		n = rte_eth_rx_burst(d->backing_port, rxq->qid, bufs, nb_bufs);
	else if (rxq->ring != NULL)
		n = (uint16_t)rte_ring_dequeue_burst(rxq->ring, (void **)bufs,
						     nb_bufs, NULL);
	else
		n = 0;
	if (n == 0)
		return 0;

	for (i = 0; i < n; i++) {
		/* RX opens in place: a shared or indirect mbuf gets a private
		 * copy first (without memory it goes up as it came) */
		if (!RTE_MBUF_DIRECT(bufs[i]) ||
		    rte_mbuf_refcnt_read(bufs[i]) > 1) {
			struct rte_mbuf *cp = rte_pktmbuf_copy(bufs[i], rxq->mp,
							       0, UINT32_MAX);

			if (cp == NULL) {
				seen[i] = false;
				qoe_rx_prepare(bufs[i], &b[i], &c[i], &l3[i]);
				c[i].status = QOE_ST_NOT_QUIC;
				continue;
			}
			rte_pktmbuf_free(bufs[i]);
			bufs[i] = cp;
		}
		seen[i] = qoe_rx_prepare(bufs[i], &b[i], &c[i], &l3[i]);
	}
	rte_spinlock_lock(&e->lock);
	qoe_rx_engine(e, b, c, seen, l3, n);
	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = bufs[i];

		if (!qoe_rx_finish(d, e, rxq, m, &b[i], &c[i], l3[i])) {
			rxq->st.errs++;
			rte_pktmbuf_free(m);
			continue;
		}
		m->port = d->port_id;
		b[kept] = b[i];
		c[kept] = c[i];
		bufs[kept++] = m;
	}
	if (d->args.gro && kept > 1 && rxq->scratch != NULL)
		kept = qoe_rx_gro(d, e, rxq, bufs, b, c, kept);
	rte_spinlock_unlock(&e->lock);
	for (i = 0; i < kept; i++) {
		rxq->st.pkts++;
		rxq->st.bytes += bufs[i]->pkt_len;
	}
	return kept;
}
