// SPDX-License-Identifier: GPL-2.0-only
/*
 * qoe receive: every packet the peer sent goes through the engine (the
 * "hardware", in the peer's transmit work), which decrypts those of a known
 * flow in place, header-protection masks computed per burst; consecutive
 * decrypted packets of one flow are then coalesced (GRO) as the engine
 * plans, and the results wait in a ring for NAPI to hand them up.  Results reach the
 * stack in skb->decrypted and struct quic_offload_rx_meta, an skb
 * extension attached to the packets of known entries.
 */
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <net/busy_poll.h>
#include <net/ip6_checksum.h>
#include <net/quic_offload.h>

#include "qoe_dev.h"

static u8 qoe_rx_status(u8 st)
{
	switch (st) {
	case QOE_ST_OK:
		return QUIC_OFFLOAD_RX_OK;
	case QOE_ST_AUTH_FAIL:
		return QUIC_OFFLOAD_RX_AUTH_FAIL;
	case QOE_ST_NO_FLOW:
		return QUIC_OFFLOAD_RX_NO_CONN;
	case QOE_ST_KEY_MISSING:
	case QOE_ST_KEY_EXHAUSTED:
		return QUIC_OFFLOAD_RX_KEY_MISSING;
	default:
		return QUIC_OFFLOAD_RX_MALFORMED;
	}
}

/**
 * qoe_rx_finish() - hand @skb up as the device received it
 * @qd: the receiving device
 * @skb: Ethernet framed, data at the MAC header
 * @c: the device's completion for it
 *
 * Return: false if @skb was dropped (and freed).
 */
bool qoe_rx_finish(struct qoe_dev *qd, struct sk_buff *skb,
		   const struct qoe_rx_cmpl *c)
{
	bool dec = c->status == QOE_ST_OK && (c->flags & QOE_RXF_DECRYPTED);
	struct quic_offload_rx_meta *m;
	u32 len = skb->len;

	/* scrubs what the sending side left: socket, dst, marks */
	if (__dev_forward_skb(qd->netdev, skb)) {
		qoe_count(qd, QOE_DRV_RX_DROP);
		DEV_STATS_INC(qd->netdev, rx_dropped);
		return false;
	}
	/* the packets of a known entry carry what the device did */
	if (c->handle) {
		m = quic_offload_rx_meta_add(skb);
		if (!m) {
			/* a decrypted packet without its metadata would read
			 * as ciphertext: lose it, the peer resends
			 */
			qoe_count(qd, QOE_DRV_RX_DROP);
			DEV_STATS_INC(qd->netdev, rx_dropped);
			kfree_skb(skb);
			return false;
		}
		m->handle = le32_to_cpu(c->handle);
		m->status = qoe_rx_status(c->status);
		m->key_phase = c->key_phase;
		m->pn_len = c->pn_len;
		m->pn = le64_to_cpu(c->pn);
	} else {
		dec = false;
	}
#ifdef CONFIG_SKB_DECRYPTED
	skb->decrypted = dec;
#endif
	if (dec) {
		/* a merged skb carries CHECKSUM_PARTIAL (qoe_rx_csum_partial) */
		if (!skb_is_gso(skb))
			skb->ip_summed = CHECKSUM_UNNECESSARY;
		qoe_count(qd, QOE_DRV_RX_DECRYPTED);
	} else {
		qoe_count(qd, QOE_DRV_RX_PASSTHROUGH);
	}
	DEV_STATS_INC(qd->netdev, rx_packets);
	DEV_STATS_ADD(qd->netdev, rx_bytes, len);
	return true;
}

/*
 * As udp_gro_complete() leaves a UDP GRO skb: CHECKSUM_PARTIAL over the
 * pseudo-header, so the core can segment it for a socket that does not
 * take UDP GRO.  @udp: offset of the UDP header from skb->data.
 */
void qoe_rx_csum_partial(struct sk_buff *skb, u32 udp)
{
	struct udphdr *uh = (struct udphdr *)(skb->data + udp);
	const u8 *ip = skb->data + ETH_HLEN;
	u32 len = skb->len - udp;

	if ((ip[0] >> 4) == 4) {
		const struct iphdr *iph = (const struct iphdr *)ip;

		uh->check = ~csum_tcpudp_magic(iph->saddr, iph->daddr, len,
					       IPPROTO_UDP, 0);
	} else {
		const struct ipv6hdr *ip6h = (const struct ipv6hdr *)ip;

		uh->check = ~csum_ipv6_magic(&ip6h->saddr, &ip6h->daddr, len,
					     IPPROTO_UDP, 0);
	}
	skb_partial_csum_set(skb, udp, offsetof(struct udphdr, check));
}

/*
 * Group @g into the first packet's skb without copying, as GRO does with
 * page-fragment heads (skb_gro_receive()): each other packet, from its QUIC
 * header on, becomes a page fragment of it, its skb freed with the head
 * stolen.  Their entries in qd->skbs are cleared.  NULL, nothing changed,
 * when a packet is shared, not linear or not in a page fragment, or there
 * are more packets than an skb has fragments.
 */
static struct sk_buff *qoe_rx_merge_frags(struct qoe_dev *qd,
					  const struct qoe_gro_group *g,
					  struct qoe_rx_cmpl *oc)
{
	struct sk_buff *head = qd->skbs[g->first], *s;
	struct page *page;
	u16 i;

	if (g->count - 1 > MAX_SKB_FRAGS || skb_cloned(head) ||
	    skb_is_nonlinear(head))
		return NULL;
	for (i = 1; i < g->count; i++) {
		s = qd->skbs[g->first + i];
		if (!s->head_frag || skb_cloned(s) || skb_is_nonlinear(s))
			return NULL;
	}
	if (qoe_gro_build_udp_frags(qd->bufs, qd->cmpl, ETH_HLEN, g, qd->frags,
				    oc))
		return NULL;
	qd->skbs[g->first] = NULL;
	for (i = 1; i < g->count; i++) {
		const struct qoe_frag *f = &qd->frags[i];

		s = qd->skbs[g->first + i];
		qd->skbs[g->first + i] = NULL;
		page = virt_to_head_page(s->head);
		/* the head's page reference moves to the fragment */
		skb_fill_page_desc(head, i - 1, page,
				   f->data - (u8 *)page_address(page), f->len);
		head->len += f->len;
		head->data_len += f->len;
		/* all but its sk_buff, which goes (skb_gro_receive()) */
		head->truesize += s->truesize -
				  SKB_DATA_ALIGN(sizeof(struct sk_buff));
		kfree_skb_partial(s, true);
	}
	return head;
}

/*
 * Merge group @g into one skb, the way UDP GRO does: one IP/UDP header,
 * every packet whole after it (its own plain QUIC header, its plaintext),
 * gso_size = one packet.  A socket without UDP_GRO (quic.ko's included)
 * gets the packets back one by one; a UDP_GRO socket reads them aligned.
 * Without copying where the skbs allow (qoe_rx_merge_frags()), else into a
 * new skb.  The packets' skbs still in qd->skbs are the caller's to free.
 * NULL when memory is short.
 */
static struct sk_buff *qoe_rx_merge(struct qoe_dev *qd,
				    const struct qoe_gro_group *g,
				    struct qoe_rx_cmpl *oc)
{
	const struct qoe_rx_cmpl *a = &qd->cmpl[g->first];
	u32 qoff = le16_to_cpu(a->quic_off), hdr = le16_to_cpu(a->hdr_len);
	u32 total = qoff;
	struct qoe_buf ob;
	struct sk_buff *skb;
	u16 i;

	skb = qoe_rx_merge_frags(qd, g, oc);
	if (skb) {
		qoe_count(qd, QOE_DRV_RX_GRO_NOCOPY);
		goto gso;
	}
	for (i = 0; i < g->count; i++)
		total += hdr + le16_to_cpu(qd->cmpl[g->first + i].seg_size);
	skb = netdev_alloc_skb_ip_align(qd->netdev, total);
	if (!skb)
		return NULL;
	ob.data = skb_put(skb, total);
	ob.len = 0;
	ob.cap = total;
	if (qoe_gro_build_udp(qd->bufs, qd->cmpl, ETH_HLEN, g, &ob, oc)) {
		kfree_skb(skb);
		return NULL;
	}
	skb_trim(skb, ob.len);
gso:
	skb_shinfo(skb)->gso_size = hdr + le16_to_cpu(a->seg_size);
	skb_shinfo(skb)->gso_segs = g->count;
	skb_shinfo(skb)->gso_type = SKB_GSO_UDP_L4;
	qoe_rx_csum_partial(skb, qoff - sizeof(struct udphdr));
	return skb;
}

static void qoe_rx_flush(struct qoe_dev *qd, u16 n, struct sk_buff_head *up)
{
	struct sk_buff *skb;
	struct qoe_rx_cmpl oc;
	u16 ng, i, j;

	if (qd->pflags & QOE_PFLAG_GRO) {
		ng = qoe_gro_plan_udp(qd->engine, qd->bufs, qd->cmpl, n,
				      ETH_HLEN, qd->groups);
	} else {
		for (i = 0; i < n; i++) {
			qd->groups[i].first = i;
			qd->groups[i].count = 1;
		}
		ng = n;
	}
	for (i = 0; i < ng; i++) {
		const struct qoe_gro_group *g = &qd->groups[i];
		const struct qoe_rx_cmpl *c = &qd->cmpl[g->first];

		skb = g->count > 1 ? qoe_rx_merge(qd, g, &oc) : NULL;
		if (skb) {
			/* those copied (merged in place: none left) */
			for (j = 0; j < g->count; j++)
				consume_skb(qd->skbs[g->first + j]);
			if (qoe_rx_finish(qd, skb, &oc)) {
				qoe_count(qd, QOE_DRV_RX_COALESCED);
				__skb_queue_tail(up, skb);
			}
			continue;
		}
		/* not merged (or no memory to merge): one by one */
		for (j = 0; j < g->count; j++, c++) {
			skb = qd->skbs[g->first + j];
			if (c->flags & QOE_RXF_DROP) {
				qoe_count(qd, QOE_DRV_RX_DROP);
				DEV_STATS_INC(qd->netdev, rx_dropped);
				kfree_skb(skb);
			} else if (qoe_rx_finish(qd, skb, c)) {
				__skb_queue_tail(up, skb);
			}
		}
	}
}

/*
 * The engine on @n packets at once (header-protection masks of one flow's
 * packets computed together, as the DPDK PMD does), then coalesce and
 * finish them onto @up.
 */
static void qoe_rx_run(struct qoe_dev *qd, u16 n, struct sk_buff_head *up)
{
	u64 t0 = ktime_get_ns();
	u16 i;

	qoe_engine_rx_burst(qd->engine, qd->bufs, n, ETH_HLEN, qd->cmpl);
	for (i = 0; i < n; i++)
		if (qd->bufs[i].len < qd->skbs[i]->len)
			skb_trim(qd->skbs[i], qd->bufs[i].len);
	qoe_rx_flush(qd, n, up);
	qoe_count_ns(qd, QOE_DRV_RX_ENGINE_NS, t0);
}

/**
 * qoe_rx_burst() - receive the packets the peer put on the wire
 * @qd: the receiving device
 * @list: wire packets, Ethernet framed; emptied
 */
void qoe_rx_burst(struct qoe_dev *qd, struct sk_buff_head *list)
{
	struct sk_buff_head up;
	struct sk_buff *skb;
	u16 n = 0;

	__skb_queue_head_init(&up);
	mutex_lock(&qd->lock);
	while ((skb = __skb_dequeue(list))) {
		/* the engine writes in place: the bytes must be ours */
		if (skb_ensure_writable(skb, skb->len)) {
			qoe_count(qd, QOE_DRV_RX_DROP);
			kfree_skb(skb);
			continue;
		}
		qd->skbs[n] = skb;
		qd->bufs[n].data = skb->data;
		qd->bufs[n].len = skb->len;
		qd->bufs[n].cap = skb->len;
		if (++n == QOE_GSO_SEGS) {
			qoe_rx_run(qd, n, &up);
			n = 0;
		}
	}
	if (n)
		qoe_rx_run(qd, n, &up);
	mutex_unlock(&qd->lock);
	/* the "DMA" into the receive ring, then the interrupt */
	while ((skb = __skb_dequeue(&up))) {
		if (!netif_running(qd->netdev) ||
		    skb_queue_len(&qd->rx_ring) >= QOE_RXQ_LEN) {
			qoe_count(qd, QOE_DRV_RX_DROP);
			DEV_STATS_INC(qd->netdev, rx_dropped);
			kfree_skb(skb);
			continue;
		}
		skb_queue_tail(&qd->rx_ring, skb);
	}
	local_bh_disable();
	napi_schedule(&qd->napi);
	local_bh_enable();
}

/**
 * qoe_napi_poll() - hand up what the engine received, @budget at most
 * @napi: qoe_dev.napi
 * @budget: most skbs to hand up
 *
 * Return: skbs handed up.
 */
int qoe_napi_poll(struct napi_struct *napi, int budget)
{
	struct qoe_dev *qd = container_of(napi, struct qoe_dev, napi);
	struct sk_buff *skb;
	int done = 0;

	while (done < budget && (skb = skb_dequeue(&qd->rx_ring))) {
		skb_mark_napi_id(skb, napi);	/* SO_INCOMING_NAPI_ID, busy poll */
		if (qd->rx_capture)
			skb_queue_tail(qd->rx_capture, skb);
		else
			netif_receive_skb(skb);
		done++;
	}
	if (done < budget)
		napi_complete_done(napi, done);
	return done;
}
