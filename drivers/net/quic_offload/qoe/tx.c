// SPDX-License-Identifier: GPL-2.0-only
/*
 * qoe transmit: the device side of ndo_start_xmit.  Skbs marked for QUIC
 * offload become one TX descriptor each; the engine seals them (and splits
 * GSO skbs into one packet per segment).  A marked skb the engine refuses
 * is dropped: it is never sent in clear.
 */
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <net/quic_offload.h>

#include "qoe_dev.h"

/**
 * qoe_tx_desc() - the TX descriptor of a marked skb
 * @skb: marked for offload, data at the MAC header
 * @d: filled from its metadata
 * @payload: set to the QUIC payload bytes after the header
 * @segs: set to the packets it makes
 *
 * Return: the payload offset from skb->data, or < 0 if the metadata or the
 * packet cannot be protected (then it must be dropped).
 */
int qoe_tx_desc(struct sk_buff *skb, struct qoe_tx_desc *d, u32 *payload,
		u16 *segs)
{
	const struct quic_offload_tx_meta *m = quic_offload_tx_meta(skb);
	u32 l3 = skb_network_offset(skb), quic, hdr_len, seg;
	const u8 *ip = skb->data + l3;

	/* plaintext without metadata: dropped, never sent as is */
	if (!m || l3 > 255 ||
	    skb->len < l3 + sizeof(struct iphdr))
		return -EINVAL;
	if ((ip[0] >> 4) == 4)
		quic = l3 + (ip[0] & 0x0f) * 4 + 8;
	else
		quic = l3 + sizeof(struct ipv6hdr) + 8;
	hdr_len = m->pn_off + m->pn_len;
	if (skb->len <= quic + hdr_len)
		return -EINVAL;
	*payload = skb->len - quic - hdr_len;
	seg = skb_is_gso(skb) ? skb_shinfo(skb)->gso_size : *payload;
	if (!seg || seg > U16_MAX ||
	    DIV_ROUND_UP(*payload, seg) > QOE_GSO_SEGS)
		return -EINVAL;
	*segs = DIV_ROUND_UP(*payload, seg);
	/* a range past 2^62 - 1 would wrap into used nonces */
	if (!qoe_pn_range_ok(m->pn, *segs))
		return -EINVAL;
	memset(d, 0, sizeof(*d));
	d->handle = cpu_to_le32(m->handle);
	d->flags = QOE_TXF_CRYPTO | (*segs > 1 ? QOE_TXF_GSO : 0);
	d->key_phase = m->key_phase;
	d->pn_len = m->pn_len;
	d->l3_off = l3;
	d->hdr_len = cpu_to_le16(hdr_len);
	d->pn_off = cpu_to_le16(m->pn_off);
	d->seg_size = cpu_to_le16(seg);
	d->seg_count = cpu_to_le16(*segs);
	d->pn = cpu_to_le64(m->pn);
	return quic + hdr_len;
}

/* Protect @skb into wire packets on @out; consumes @skb. */
static void qoe_tx_offload(struct qoe_dev *qd, struct sk_buff *skb,
			   struct sk_buff_head *out)
{
	struct net_device *peer = qd->peer->netdev;
	struct qoe_tx_desc d;
	struct qoe_tx_cmpl c;
	u32 payload, seg, n, i;
	int hdrs;
	u16 segs;
	u64 t0;

	if (skb_linearize(skb)) {
		qoe_count(qd, QOE_DRV_TX_DROP_ERROR);
		goto drop;
	}
	hdrs = qoe_tx_desc(skb, &d, &payload, &segs);
	if (hdrs < 0) {
		qoe_count(qd, QOE_DRV_TX_DROP_NO_META);
		goto drop;
	}
	seg = le16_to_cpu(d.seg_size);
	for (i = 0; i < segs; i++) {
		u32 len = hdrs + min(seg, payload - i * seg) + QOE_TAG_LEN;

		qd->skbs[i] = netdev_alloc_skb_ip_align(peer, len);
		if (!qd->skbs[i])
			break;
		qd->bufs[i].data = skb_put(qd->skbs[i], len);
		qd->bufs[i].len = 0;
		qd->bufs[i].cap = len;
	}
	t0 = ktime_get_ns();
	n = i == segs ? qoe_engine_tx(qd->engine, &d, skb->data, skb->len,
				      qd->bufs, segs, &c) : 0;
	qoe_count_ns(qd, QOE_DRV_TX_ENGINE_NS, t0);
	if (!n)
		qoe_count(qd, QOE_DRV_TX_DROP_ERROR);
	while (i--) {
		if (i >= n) {
			kfree_skb(qd->skbs[i]);
			continue;
		}
		skb_trim(qd->skbs[i], qd->bufs[i].len);
		DEV_STATS_INC(qd->netdev, tx_packets);
		DEV_STATS_ADD(qd->netdev, tx_bytes, qd->bufs[i].len);
	}
	for (i = 0; i < n; i++)
		__skb_queue_tail(out, qd->skbs[i]);
	if (n) {
		consume_skb(skb);
		return;
	}
drop:
	DEV_STATS_INC(qd->netdev, tx_dropped);
	kfree_skb(skb);
}

static void qoe_tx_one(struct qoe_dev *qd, struct sk_buff *skb,
		       struct sk_buff_head *out)
{
	if (quic_offload_tx_marked(skb)) {
		qoe_count(qd, QOE_DRV_TX_OFFLOAD_SKBS);
		qoe_tx_offload(qd, skb, out);
		return;
	}
	/* as NETIF_F_HW_CSUM hardware: the wire carries whole checksums,
	 * which the peer checks before it opens anything
	 */
	if (skb->ip_summed == CHECKSUM_PARTIAL && !skb_is_gso(skb) &&
	    skb_checksum_help(skb)) {
		qoe_count(qd, QOE_DRV_TX_DROP_ERROR);
		DEV_STATS_INC(qd->netdev, tx_dropped);
		kfree_skb(skb);
		return;
	}
	qoe_count(qd, QOE_DRV_TX_PASSTHROUGH);
	DEV_STATS_INC(qd->netdev, tx_packets);
	DEV_STATS_ADD(qd->netdev, tx_bytes, skb->len);
	__skb_queue_tail(out, skb);
}

/**
 * qoe_tx_work() - the device's transmit engine
 * @work: qoe_dev.tx_work
 *
 * Takes each queued skb through the engine under the device lock, then
 * hands the wire packets to the peer's receive side outside of it (the
 * peer takes its own lock).
 */
void qoe_tx_work(struct work_struct *work)
{
	struct qoe_dev *qd = container_of(work, struct qoe_dev, tx_work);
	struct sk_buff_head out;
	struct sk_buff *skb;

	while ((skb = skb_dequeue(&qd->txq))) {
		__skb_queue_head_init(&out);
		mutex_lock(&qd->lock);
		qoe_tx_one(qd, skb, &out);
		mutex_unlock(&qd->lock);
		if (!skb_queue_empty(&out)) {
			qoe_rx_burst(qd->peer, &out);
			qoe_events_deliver(qd->peer);
		}
		qoe_events_deliver(qd);
		cond_resched();
	}
}
