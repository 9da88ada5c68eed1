// SPDX-License-Identifier: GPL-2.0-only
/*
 * qoe over virtio: the same netdev, ethtool, netlink and offload ops as the
 * in-process pair, but the firmware runs behind a virtio device (in CI: the
 * qoe-firmware process over vhost-user, UML's virtio_uml).  The queues are
 * include/qoe/virtio_qoe.h:
 *
 *   admin  one firmware-ABI request at a time, answered in place
 *   event  posted buffers the device fills with struct qoe_event
 *   txK    struct qoe_vq_tx_hdr + frame, reclaimed lazily
 *   rxK    posted buffers, device completion + frame (GRO super-packets)
 *
 * A TX/RX pair per netdev queue (module parameter vq_pairs), each with its
 * own engine in the device and its own NAPI here.  A flow belongs to one
 * pair, which its handle names: ndo_select_queue sends its packets there.
 *
 * Interrupts only wake NAPI (RX), a work item (events) or the admin
 * waiter.  When the device goes away (the process died: a surprise
 * removal), remove() runs with I/O in flight: admin waiters fail with
 * -ENODEV, offload users see the device unregister, nothing is sent.
 */
#include <linux/etherdevice.h>
#include <linux/module.h>
#include <linux/scatterlist.h>
#include <linux/udp.h>
#include <linux/virtio.h>
#include <linux/virtio_config.h>
#include <net/busy_poll.h>
#include <net/quic_offload.h>

#include "qoe/virtio_qoe.h"
#include "qoe_dev.h"

#define QOE_VIO_ADMIN_MAX	4096
#define QOE_VIO_ADMIN_RSP	(sizeof(struct qoe_vq_admin_reply) + QOE_VIO_ADMIN_MAX)
#define QOE_VIO_ADMIN_TIMEOUT	(5 * HZ)
#define QOE_VIO_EV_BUFS		16
#define QOE_VIO_EV_LEN		(16 * sizeof(struct qoe_event))
#define QOE_VIO_RX_ORDER	4	/* 64 KiB: a GRO super-packet */
#define QOE_VIO_RX_LEN		(PAGE_SIZE << QOE_VIO_RX_ORDER)
#define QOE_VIO_RX_DATA		(QOE_VIO_RX_LEN - sizeof(struct qoe_vq_rx_hdr))
#define QOE_VIO_RX_BUFS		128
#define QOE_VIO_TX_SG		(MAX_SKB_FRAGS + 2)

static unsigned int vq_pairs;
module_param(vq_pairs, uint, 0444);
MODULE_PARM_DESC(vq_pairs, "TX/RX queue pairs per virtio qoe device (1-8; 0: one per CPU)");

struct qoe_vio;

/* One TX/RX queue pair: netdev queue @idx. */
struct qoe_vio_q {
	struct qoe_vio *v;
	unsigned int idx;
	struct virtqueue *tx_vq, *rx_vq;
	struct napi_struct napi;	/* pair 0 uses qoe_dev.napi */
	spinlock_t tx_lock;		/* tx_vq and the fields below */
	unsigned int tx_inflight;
	struct scatterlist tx_sg[QOE_VIO_TX_SG];
	u64 tx_packets;			/* frames queued, under tx_lock */
	u64 rx_packets;			/* frames handed up, by its NAPI */
};

struct qoe_vio {
	struct virtio_device *vdev;
	struct qoe_dev *qd;
	struct virtqueue *admin_vq, *event_vq;

	/* admin: one request in flight, buffers the device can map */
	struct mutex admin_lock;
	struct completion admin_done;
	struct qoe_host host;
	u8 *admin_req, *admin_rsp;
	bool admin_broken;		/* a request timed out: no more */
	bool gone;			/* remove() started */

	struct work_struct event_work;
	unsigned int n_pairs;
	struct qoe_vio_q q[QOE_VQ_PAIRS_MAX];
};

static struct napi_struct *qoe_vio_napi(struct qoe_vio_q *q)
{
	return q->idx ? &q->napi : &q->v->qd->napi;
}

/* The pair a data virtqueue belongs to. */
static struct qoe_vio_q *qoe_vio_q_of(struct virtqueue *vq)
{
	struct qoe_vio *v = vq->vdev->priv;

	return &v->q[(vq->index - QOE_VQ_TX(0)) / 2];
}

static struct qoe_dev *qoe_vio_unpaired;	/* under qoe_devs_lock */

/* --- admin queue: the struct qoe_host transport ------------------------ */

static void qoe_vio_admin_cb(struct virtqueue *vq)
{
	struct qoe_vio *v = vq->vdev->priv;

	complete(&v->admin_done);
}

static int qoe_vio_admin(void *dev, void *buf, size_t len)
{
	struct qoe_vio *v = dev;
	struct scatterlist out, in, *sgs[2] = { &out, &in };
	struct qoe_vq_admin_reply r;
	unsigned int used;
	int ret;

	if (len > QOE_VIO_ADMIN_MAX)
		return -EMSGSIZE;
	mutex_lock(&v->admin_lock);
	if (READ_ONCE(v->gone) || v->admin_broken) {
		ret = -ENODEV;
		goto out;
	}
	memcpy(v->admin_req, buf, len);
	sg_init_one(&out, v->admin_req, len);
	sg_init_one(&in, v->admin_rsp, sizeof(r) + len);
	reinit_completion(&v->admin_done);
	ret = virtqueue_add_sgs(v->admin_vq, sgs, 1, 1, v, GFP_KERNEL);
	if (ret)
		goto out;
	virtqueue_kick(v->admin_vq);
	if (!wait_for_completion_timeout(&v->admin_done,
					 QOE_VIO_ADMIN_TIMEOUT) ||
	    READ_ONCE(v->gone)) {
		/* the device may still write the buffers: never reuse them */
		v->admin_broken = true;
		ret = -ENODEV;
		goto out;
	}
	if (!virtqueue_get_buf(v->admin_vq, &used) ||
	    used != sizeof(r) + len) {
		ret = -EIO;
		goto out;
	}
	memcpy(&r, v->admin_rsp, sizeof(r));
	memcpy(buf, v->admin_rsp + sizeof(r), len);
	ret = (int)le32_to_cpu(r.result);
out:
	/* keys travel in admin entries: no copy outlives the request */
	memzero_explicit(v->admin_req, QOE_VIO_ADMIN_MAX);
	memzero_explicit(v->admin_rsp, QOE_VIO_ADMIN_RSP);
	mutex_unlock(&v->admin_lock);
	return ret;
}

static const struct qoe_host_ops qoe_vio_host_ops = {
	.admin = qoe_vio_admin,
};

/* --- events ------------------------------------------------------------ */

static int qoe_vio_post_event(struct qoe_vio *v, void *buf)
{
	struct scatterlist sg;

	sg_init_one(&sg, buf, QOE_VIO_EV_LEN);
	return virtqueue_add_inbuf(v->event_vq, &sg, 1, buf, GFP_KERNEL);
}

static void qoe_vio_event_cb(struct virtqueue *vq)
{
	struct qoe_vio *v = vq->vdev->priv;

	schedule_work(&v->event_work);
}

/* Process context: listeners may call back into the offload ops. */
static void qoe_vio_event_work(struct work_struct *work)
{
	struct qoe_vio *v = container_of(work, struct qoe_vio, event_work);
	struct qoe_event ev;
	unsigned int len, i;
	bool posted = false;
	void *buf;

	while (!READ_ONCE(v->gone) &&
	       (buf = virtqueue_get_buf(v->event_vq, &len))) {
		for (i = 0; i + sizeof(ev) <= len && i < QOE_VIO_EV_LEN;
		     i += sizeof(ev)) {
			memcpy(&ev, buf + i, sizeof(ev));
			qoe_event_notify(v->qd, &ev);
		}
		if (!qoe_vio_post_event(v, buf))
			posted = true;
		else
			kfree(buf);
	}
	if (posted)
		virtqueue_kick(v->event_vq);
}

/* --- transmit ---------------------------------------------------------- */

static void qoe_vio_tx_reclaim(struct qoe_vio_q *q)
{
	struct sk_buff *skb;
	unsigned int len;

	while ((skb = virtqueue_get_buf(q->tx_vq, &len))) {
		q->tx_inflight--;
		dev_consume_skb_any(skb);
	}
}

static void qoe_vio_tx_cb(struct virtqueue *vq)
{
	struct qoe_vio_q *q = qoe_vio_q_of(vq);

	/* only enabled while the queue is stopped for lack of room */
	virtqueue_disable_cb(vq);
	netif_wake_subqueue(q->v->qd->netdev, q->idx);
}

/*
 * Too little room for one more skb: stop the queue until the device hands
 * buffers back (the TX interrupt wakes it).  Under tx_lock.  Returns true
 * if it stays stopped.
 */
static bool qoe_vio_tx_full(struct qoe_vio_q *q)
{
	struct net_device *dev = q->v->qd->netdev;

	netif_stop_subqueue(dev, q->idx);
	if (!virtqueue_enable_cb_delayed(q->tx_vq)) {
		/* some came back meanwhile */
		virtqueue_disable_cb(q->tx_vq);
		qoe_vio_tx_reclaim(q);
		if (q->tx_vq->num_free >= QOE_VIO_TX_SG) {
			netif_start_subqueue(dev, q->idx);
			return false;
		}
		if (!virtqueue_enable_cb_delayed(q->tx_vq))
			netif_wake_subqueue(dev, q->idx);	/* look again at once */
	}
	return true;
}

/*
 * A flow's packets go on its pair's queue, where the device's engine that
 * owns it sits (elsewhere they take the device's slow path).  A marked
 * packet's handle names the pair; but quic.ko marks in validate_xmit,
 * after the queue is chosen, so a UDP packet goes where the device's RSS
 * placed its 4-tuple, which is the same pair.  The rest: anywhere.
 */
static u16 qoe_vio_select_queue(struct net_device *dev, struct sk_buff *skb,
				struct net_device *sb_dev)
{
	const struct quic_offload_tx_meta *m = quic_offload_tx_meta(skb);
	u32 hash;

	if (m && QOE_VQ_HANDLE_PAIR(m->handle) < dev->real_num_tx_queues)
		return QOE_VQ_HANDLE_PAIR(m->handle);
	if (qoe_rss_frame_hash(skb->data, skb_headlen(skb),
			       skb_network_offset(skb), &hash))
		return hash % dev->real_num_tx_queues;
	return netdev_pick_tx(dev, skb, sb_dev);
}

static netdev_tx_t qoe_vio_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct qoe_dev *qd = netdev_priv(dev);
	struct qoe_vio *v = qd->vio;
	struct qoe_vio_q *q = &v->q[skb_get_queue_mapping(skb)];
	struct qoe_vq_tx_hdr h = {};
	u32 payload;
	u16 segs;
	int n, ret;

	if (quic_offload_tx_marked(skb)) {
		qoe_count(qd, QOE_DRV_TX_OFFLOAD_SKBS);
		/* no valid metadata: dropped, never sent in clear */
		if (qoe_tx_desc(skb, &h.desc, &payload, &segs) < 0) {
			qoe_count(qd, QOE_DRV_TX_DROP_NO_META);
			goto drop;
		}
	} else {
		/* the device sends unmarked frames as they are */
		if (skb_is_gso(skb) ||
		    (skb->ip_summed == CHECKSUM_PARTIAL &&
		     skb_checksum_help(skb))) {
			qoe_count(qd, QOE_DRV_TX_DROP_ERROR);
			goto drop;
		}
		qoe_count(qd, QOE_DRV_TX_PASSTHROUGH);
	}
	/* quic.ko's GSO skbs chain their segments (FRAGLIST): more pieces
	 * than a TX slot takes, so one piece
	 */
	if ((skb_has_frag_list(skb) ||
	     skb_shinfo(skb)->nr_frags > QOE_VIO_TX_SG - 2) &&
	    __skb_linearize(skb)) {
		qoe_count(qd, QOE_DRV_TX_DROP_ERROR);
		goto drop;
	}
	spin_lock(&q->tx_lock);
	qoe_vio_tx_reclaim(q);
	if (q->tx_vq->num_free < QOE_VIO_TX_SG && qoe_vio_tx_full(q)) {
		/* the qdisc keeps it: the device is holding the wire */
		spin_unlock(&q->tx_lock);
		return NETDEV_TX_BUSY;
	}
	if (skb_cow_head(skb, sizeof(h))) {
		spin_unlock(&q->tx_lock);
		qoe_count(qd, QOE_DRV_TX_DROP_ERROR);
		goto drop;
	}
	memcpy(skb_push(skb, sizeof(h)), &h, sizeof(h));
	sg_init_table(q->tx_sg, QOE_VIO_TX_SG);
	n = skb_to_sgvec(skb, q->tx_sg, 0, skb->len);
	ret = n < 0 ? n : virtqueue_add_outbuf(q->tx_vq, q->tx_sg, n, skb,
					       GFP_ATOMIC);
	if (!ret) {
		q->tx_inflight++;
		WRITE_ONCE(q->tx_packets, q->tx_packets + 1);
		DEV_STATS_INC(dev, tx_packets);
		DEV_STATS_ADD(dev, tx_bytes, skb->len - sizeof(h));
		if (!netdev_xmit_more() || q->tx_vq->num_free < QOE_VIO_TX_SG)
			virtqueue_kick(q->tx_vq);
	}
	if (q->tx_vq->num_free < QOE_VIO_TX_SG)
		qoe_vio_tx_full(q);
	spin_unlock(&q->tx_lock);
	if (!ret)
		return NETDEV_TX_OK;
	qoe_count(qd, QOE_DRV_TX_DROP_ERROR);
drop:
	DEV_STATS_INC(dev, tx_dropped);
	dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;
}

/* --- receive ----------------------------------------------------------- */

/* An RX buffer: one page block, struct qoe_vq_rx_hdr then the frame. */
static int qoe_vio_post_rx(struct qoe_vio_q *q, void *b, gfp_t gfp)
{
	struct scatterlist sg;

	sg_init_one(&sg, b, QOE_VIO_RX_LEN);
	return virtqueue_add_inbuf(q->rx_vq, &sg, 1, b, gfp);
}

static void qoe_vio_rxbuf_free(void *b)
{
	free_pages((unsigned long)b, QOE_VIO_RX_ORDER);
}

static void qoe_vio_rx_cb(struct virtqueue *vq)
{
	virtqueue_disable_cb(vq);
	napi_schedule(qoe_vio_napi(qoe_vio_q_of(vq)));
}

/* One completed RX buffer: a copy goes up, the buffer goes back. */
static void qoe_vio_rx_one(struct qoe_vio_q *q, void *b, unsigned int used)
{
	struct napi_struct *napi = qoe_vio_napi(q);
	struct qoe_dev *qd = q->v->qd;
	struct qoe_vq_rx_hdr h;
	struct sk_buff *skb;
	u32 len;
	u16 segs;

	memcpy(&h, b, sizeof(h));
	len = le32_to_cpu(h.len);
	segs = le16_to_cpu(h.gso_segs);
	if (used < sizeof(h) || len != used - sizeof(h) ||
	    len > QOE_VIO_RX_DATA || len < ETH_HLEN) {
		qoe_count(qd, QOE_DRV_RX_DROP);
		DEV_STATS_INC(qd->netdev, rx_dropped);
		return;
	}
	skb = napi_alloc_skb(napi, len);
	if (!skb) {
		qoe_count(qd, QOE_DRV_RX_DROP);
		DEV_STATS_INC(qd->netdev, rx_dropped);
		return;
	}
	skb_put_data(skb, b + sizeof(h), len);
	if (segs > 1) {
		u32 quic = le16_to_cpu(h.cmpl.quic_off);

		if (quic < ETH_HLEN + sizeof(struct udphdr) || quic > len) {
			qoe_count(qd, QOE_DRV_RX_DROP);
			kfree_skb(skb);
			return;
		}
		skb_shinfo(skb)->gso_size = le16_to_cpu(h.gso_size);
		skb_shinfo(skb)->gso_segs = segs;
		skb_shinfo(skb)->gso_type = SKB_GSO_UDP_L4;
		qoe_rx_csum_partial(skb, quic - sizeof(struct udphdr));
		qoe_count(qd, QOE_DRV_RX_COALESCED);
	}
	if (!qoe_rx_finish(qd, skb, &h.cmpl))
		return;
	WRITE_ONCE(q->rx_packets, q->rx_packets + 1);
	skb_record_rx_queue(skb, q->idx);
	skb_mark_napi_id(skb, napi);
	netif_receive_skb(skb);
}

/* A pair's NAPI: its RX queue, and its TX completions. */
static int qoe_vio_poll(struct napi_struct *napi, int budget)
{
	struct qoe_dev *qd = netdev_priv(napi->dev);
	struct qoe_vio_q *q = napi == &qd->napi ? &qd->vio->q[0] :
			      container_of(napi, struct qoe_vio_q, napi);
	unsigned int used;
	int done = 0;
	void *b;

	while (done < budget && (b = virtqueue_get_buf(q->rx_vq, &used))) {
		qoe_vio_rx_one(q, b, used);
		if (qoe_vio_post_rx(q, b, GFP_ATOMIC))
			qoe_vio_rxbuf_free(b);
		done++;
	}
	if (done)
		virtqueue_kick(q->rx_vq);
	/* TX completions too: buffers back before the next xmit needs them */
	spin_lock(&q->tx_lock);
	qoe_vio_tx_reclaim(q);
	spin_unlock(&q->tx_lock);
	if (done < budget && napi_complete_done(napi, done) &&
	    !virtqueue_enable_cb(q->rx_vq) && napi_schedule_prep(napi)) {
		/* more arrived while we were finishing */
		virtqueue_disable_cb(q->rx_vq);
		__napi_schedule(napi);
	}
	return done;
}

/* --- netdev ------------------------------------------------------------ */

/* Pair 0's NAPI is the qoe_dev's, which qoe_open() handles; the rest here. */
static int qoe_vio_open(struct net_device *dev)
{
	struct qoe_vio *v = ((struct qoe_dev *)netdev_priv(dev))->vio;
	unsigned int k;

	for (k = 1; k < v->n_pairs; k++) {
		napi_enable(&v->q[k].napi);
		/* what the device completed while we were down */
		napi_schedule(&v->q[k].napi);
	}
	return qoe_open(dev);
}

static int qoe_vio_stop(struct net_device *dev)
{
	struct qoe_vio *v = ((struct qoe_dev *)netdev_priv(dev))->vio;
	unsigned int k;

	qoe_stop(dev);
	for (k = 1; k < v->n_pairs; k++)
		napi_disable(&v->q[k].napi);
	return 0;
}

static const struct net_device_ops qoe_vio_netdev_ops = {
	.ndo_open = qoe_vio_open,
	.ndo_stop = qoe_vio_stop,
	.ndo_start_xmit = qoe_vio_xmit,
	.ndo_select_queue = qoe_vio_select_queue,
	.ndo_features_check = qoe_features_check,
#ifdef NETIF_F_HW_QUIC_OFFLOAD
	.ndo_set_features = qoe_set_features,
#endif
	.ndo_set_mac_address = eth_mac_addr,
	.ndo_validate_addr = eth_validate_addr,
};

/**
 * qoe_virtio_netdev_is_qoe() - is @dev a qoe virtio netdev?
 * @dev: any net device
 *
 * Return: true if it is.
 */
bool qoe_virtio_netdev_is_qoe(const struct net_device *dev)
{
	return dev->netdev_ops == &qoe_vio_netdev_ops;
}

/**
 * qoe_virtio_tx_drain() - wait until the device took everything @qd sent
 * @qd: a virtio qoe device
 *
 * The firmware answers a TX buffer after the peer's RX buffers for it are
 * published, so once none is in flight the peer's NAPI has it all to hand
 * up (qoe_dev_flush() runs it).  Gives up after 5 s (device gone or hung).
 */
void qoe_virtio_tx_drain(struct qoe_dev *qd)
{
	struct qoe_vio *v = qd->vio;
	unsigned long end = jiffies + 5 * HZ;
	unsigned int left, k;

	do {
		for (left = 0, k = 0; k < v->n_pairs; k++) {
			spin_lock_bh(&v->q[k].tx_lock);
			qoe_vio_tx_reclaim(&v->q[k]);
			left += v->q[k].tx_inflight;
			spin_unlock_bh(&v->q[k].tx_lock);
		}
		if (!left || READ_ONCE(v->gone))
			break;
		usleep_range(200, 1000);
	} while (time_before(jiffies, end));
}

/**
 * qoe_virtio_pairs() - the queue pairs of @qd
 * @qd: a qoe device
 *
 * Return: the pairs a virtio device uses; 0 for an in-process one.
 */
unsigned int qoe_virtio_pairs(struct qoe_dev *qd)
{
	return qd->vio ? qd->vio->n_pairs : 0;
}

/**
 * qoe_virtio_queue_stats() - each pair's RX, then TX, packet count
 * @qd: a qoe device
 * @data: room for 2 * qoe_virtio_pairs() counters
 */
void qoe_virtio_queue_stats(struct qoe_dev *qd, u64 *data)
{
	unsigned int k, n = qoe_virtio_pairs(qd);

	for (k = 0; k < n; k++) {
		data[k] = READ_ONCE(qd->vio->q[k].rx_packets);
		data[n + k] = READ_ONCE(qd->vio->q[k].tx_packets);
	}
}

/**
 * qoe_virtio_rx_sync() - run every RX queue's NAPI of @qd once, and wait
 * @qd: a running virtio qoe device; under rtnl, so it stays up
 *
 * What the device completed is handed up when this returns.
 */
void qoe_virtio_rx_sync(struct qoe_dev *qd)
{
	struct qoe_vio *v = qd->vio;
	unsigned int k;

	local_bh_disable();
	for (k = 0; k < v->n_pairs; k++)
		napi_schedule(qoe_vio_napi(&v->q[k]));
	local_bh_enable();
	for (k = 0; k < v->n_pairs; k++)
		napi_synchronize(qoe_vio_napi(&v->q[k]));
}

/* --- probe and (surprise) removal -------------------------------------- */

static void qoe_vio_free_bufs(struct qoe_vio *v)
{
	struct virtqueue *vq;
	void *buf;

	virtio_device_for_each_vq(v->vdev, vq) {
		while ((buf = virtqueue_detach_unused_buf(vq))) {
			if (vq == v->admin_vq)
				continue;
			else if (vq == v->event_vq)
				kfree(buf);
			else if (vq == qoe_vio_q_of(vq)->tx_vq)
				dev_kfree_skb_any(buf);
			else
				qoe_vio_rxbuf_free(buf);
		}
	}
}

static int qoe_vio_fill_rx(struct qoe_vio_q *q)
{
	unsigned int i;
	void *b;

	for (i = 0; i < QOE_VIO_RX_BUFS && q->rx_vq->num_free; i++) {
		/* page allocations: memory the device process can map */
		b = (void *)__get_free_pages(GFP_KERNEL, QOE_VIO_RX_ORDER);
		if (!b)
			return -ENOMEM;
		if (qoe_vio_post_rx(q, b, GFP_KERNEL)) {
			qoe_vio_rxbuf_free(b);
			return -ENOMEM;
		}
	}
	virtqueue_kick(q->rx_vq);
	return 0;
}

static int qoe_vio_fill_events(struct qoe_vio *v)
{
	unsigned int i;
	void *buf;

	for (i = 0; i < QOE_VIO_EV_BUFS; i++) {
		buf = kzalloc(QOE_VIO_EV_LEN, GFP_KERNEL);
		if (!buf || qoe_vio_post_event(v, buf)) {
			kfree(buf);
			return -ENOMEM;
		}
	}
	virtqueue_kick(v->event_vq);
	return 0;
}

static void qoe_vio_pair(struct qoe_dev *qd)
{
	/* the firmware wires its sockets 0<->1, 2<->3...: pair in probe order */
	mutex_lock(&qoe_devs_lock);
	if (qoe_vio_unpaired) {
		qd->peer = qoe_vio_unpaired;
		qoe_vio_unpaired->peer = qd;
		qoe_vio_unpaired = NULL;
	} else {
		qoe_vio_unpaired = qd;
	}
	list_add_tail(&qd->list, &qoe_devs);
	mutex_unlock(&qoe_devs_lock);
}

static void qoe_vio_unpair(struct qoe_dev *qd)
{
	mutex_lock(&qoe_devs_lock);
	if (qoe_vio_unpaired == qd)
		qoe_vio_unpaired = NULL;
	if (qd->peer)
		qd->peer->peer = NULL;
	qd->peer = NULL;
	list_del_init(&qd->list);
	mutex_unlock(&qoe_devs_lock);
}

static const char *const qoe_vio_txq_names[QOE_VQ_PAIRS_MAX] = {
	"tx0", "tx1", "tx2", "tx3", "tx4", "tx5", "tx6", "tx7",
};

static const char *const qoe_vio_rxq_names[QOE_VQ_PAIRS_MAX] = {
	"rx0", "rx1", "rx2", "rx3", "rx4", "rx5", "rx6", "rx7",
};

/* Admin, events, then the pairs: the device's engines are made by them. */
static int qoe_vio_find_vqs(struct qoe_vio *v)
{
	struct virtqueue_info info[QOE_VQ_MAX] = {
		[QOE_VQ_ADMIN] = { "admin", qoe_vio_admin_cb },
		[QOE_VQ_EVENT] = { "event", qoe_vio_event_cb },
	};
	struct virtqueue *vqs[QOE_VQ_MAX];
	unsigned int k;
	int ret;

	for (k = 0; k < v->n_pairs; k++) {
		info[QOE_VQ_TX(k)].name = qoe_vio_txq_names[k];
		info[QOE_VQ_TX(k)].callback = qoe_vio_tx_cb;
		info[QOE_VQ_RX(k)].name = qoe_vio_rxq_names[k];
		info[QOE_VQ_RX(k)].callback = qoe_vio_rx_cb;
	}
	ret = virtio_find_vqs(v->vdev, QOE_VQ_TX(v->n_pairs), vqs, info, NULL);
	if (ret)
		return ret;
	v->admin_vq = vqs[QOE_VQ_ADMIN];
	v->event_vq = vqs[QOE_VQ_EVENT];
	for (k = 0; k < v->n_pairs; k++) {
		v->q[k].tx_vq = vqs[QOE_VQ_TX(k)];
		v->q[k].rx_vq = vqs[QOE_VQ_RX(k)];
		virtqueue_disable_cb(v->q[k].tx_vq);
	}
	return 0;
}

/*
 * The NAPIs of pairs 1.. live in @v, which goes before the netdev:
 * free_netdev() must not find them on its list.
 */
static void qoe_vio_napi_del(struct qoe_vio *v)
{
	unsigned int k;

	for (k = 1; k < v->n_pairs; k++)
		netif_napi_del(&v->q[k].napi);
}

static int qoe_vio_probe(struct virtio_device *vdev)
{
	unsigned int k, pairs = vq_pairs ?: num_online_cpus();
	struct net_device *dev;
	struct qoe_dev *qd;
	struct qoe_vio *v;
	int ret;

	pairs = clamp(pairs, 1U, (unsigned int)QOE_VQ_PAIRS_MAX);
	dev = alloc_netdev_mqs(sizeof(*qd), "qoe%d", NET_NAME_ENUM, ether_setup,
			       pairs, pairs);
	if (!dev)
		return -ENOMEM;
	qd = qoe_dev_setup(dev, &qoe_vio_netdev_ops, qoe_vio_poll);
	SET_NETDEV_DEV(dev, &vdev->dev);
	/* a real TX ring that fills: a qdisc holds what waits, and the core
	 * serializes xmit
	 */
	dev->priv_flags &= ~IFF_NO_QUEUE;
	dev->lltx = false;
	ret = -ENOMEM;
	v = kzalloc(sizeof(*v), GFP_KERNEL);
	if (!v)
		goto err_netdev;
	v->vdev = vdev;
	v->qd = qd;
	v->n_pairs = pairs;
	mutex_init(&v->admin_lock);
	init_completion(&v->admin_done);
	INIT_WORK(&v->event_work, qoe_vio_event_work);
	for (k = 0; k < pairs; k++) {
		v->q[k].v = v;
		v->q[k].idx = k;
		spin_lock_init(&v->q[k].tx_lock);
		if (k)
			netif_napi_add(dev, &v->q[k].napi, qoe_vio_poll);
	}
	v->admin_req = kzalloc(QOE_VIO_ADMIN_MAX, GFP_KERNEL);
	/* the reply header, then the entries answered */
	v->admin_rsp = kzalloc(QOE_VIO_ADMIN_RSP, GFP_KERNEL);
	if (!v->admin_req || !v->admin_rsp)
		goto err_vio;
	qoe_host_init(&v->host, &qoe_vio_host_ops, v);
	qd->vio = v;
	qd->host = &v->host;
	vdev->priv = v;

	ret = qoe_vio_find_vqs(v);
	if (ret)
		goto err_vio;
	virtio_device_ready(vdev);
	for (k = 0; k < pairs && !ret; k++)
		ret = qoe_vio_fill_rx(&v->q[k]);
	ret = ret ?: qoe_vio_fill_events(v);
	if (ret)
		goto err_vqs;
	/* QUERY_CAPS over the admin queue, then the offload registry */
	ret = qoe_dev_register(qd);
	if (ret)
		goto err_vqs;
	qoe_vio_pair(qd);
	qoe_debugfs_dev_init(qd);
	netdev_info(dev, "qoe virtio device %s: firmware over %u queue pairs\n",
		    dev_name(&vdev->dev), pairs);
	return 0;

err_vqs:
	WRITE_ONCE(v->gone, true);
	virtio_reset_device(vdev);
	qoe_vio_free_bufs(v);
	vdev->config->del_vqs(vdev);
err_vio:
	qoe_vio_napi_del(v);
	kfree(v->admin_req);
	kfree(v->admin_rsp);
	kfree(v);
err_netdev:
	free_netdev(dev);
	return ret;
}

/*
 * Also a surprise removal: the device process died and virtio_uml
 * unregistered the device with requests in flight.
 */
static void qoe_vio_remove(struct virtio_device *vdev)
{
	struct qoe_vio *v = vdev->priv;
	struct qoe_dev *qd = v->qd;
	unsigned int k;

	WRITE_ONCE(v->gone, true);
	complete(&v->admin_done);
	qoe_debugfs_dev_exit(qd);
	qoe_vio_unpair(qd);
	/* offload users get the device going away (DEV_DOWN) */
	quic_offload_unregister(qd->netdev);
	unregister_netdev(qd->netdev);
	cancel_work_sync(&v->event_work);
	virtio_reset_device(vdev);
	for (k = 0; k < v->n_pairs; k++) {
		spin_lock_bh(&v->q[k].tx_lock);
		qoe_vio_tx_reclaim(&v->q[k]);
		spin_unlock_bh(&v->q[k].tx_lock);
	}
	qoe_vio_free_bufs(v);
	vdev->config->del_vqs(vdev);
	qoe_vio_napi_del(v);
	kfree(v->admin_req);
	kfree(v->admin_rsp);
	kfree(v);
	free_netdev(qd->netdev);
}

static const struct virtio_device_id qoe_vio_ids[] = {
	{ VIRTIO_ID_QOE, VIRTIO_DEV_ANY_ID },
	{ 0 },
};
MODULE_DEVICE_TABLE(virtio, qoe_vio_ids);

static struct virtio_driver qoe_vio_driver = {
	.driver.name = "qoe_virtio",
	.id_table = qoe_vio_ids,
	.probe = qoe_vio_probe,
	.remove = qoe_vio_remove,
};

int qoe_virtio_init(void)
{
	return register_virtio_driver(&qoe_vio_driver);
}

void qoe_virtio_exit(void)
{
	unregister_virtio_driver(&qoe_vio_driver);
}
