// SPDX-License-Identifier: GPL-2.0-only
/*
 * qoe over virtio: the same netdev, ethtool, netlink and offload ops as the
 * in-process pair, but the firmware runs behind a virtio device (in CI: the
 * qoe-firmware process over vhost-user, UML's virtio_uml).  The queues are
 * include/qoe/virtio_qoe.h:
 *
 *   admin  one firmware-ABI request at a time, answered in place
 *   event  posted buffers the device fills with struct qoe_event
 *   tx0    struct qoe_vq_tx_hdr + frame, reclaimed lazily
 *   rx0    posted buffers, device completion + frame (GRO super-packets)
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

#define QOE_VIO_QUEUES		4
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

struct qoe_vio {
	struct virtio_device *vdev;
	struct qoe_dev *qd;
	struct virtqueue *admin_vq, *event_vq, *tx_vq, *rx_vq;

	/* admin: one request in flight, buffers the device can map */
	struct mutex admin_lock;
	struct completion admin_done;
	struct qoe_host host;
	u8 *admin_req, *admin_rsp;
	bool admin_broken;		/* a request timed out: no more */
	bool gone;			/* remove() started */

	struct work_struct event_work;
	spinlock_t tx_lock;		/* tx_vq and the fields below */
	unsigned int tx_inflight;
	struct scatterlist tx_sg[QOE_VIO_TX_SG];
};

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

static void qoe_vio_tx_reclaim(struct qoe_vio *v)
{
	struct sk_buff *skb;
	unsigned int len;

	while ((skb = virtqueue_get_buf(v->tx_vq, &len))) {
		v->tx_inflight--;
		dev_consume_skb_any(skb);
	}
}

static void qoe_vio_tx_cb(struct virtqueue *vq)
{
	struct qoe_vio *v = vq->vdev->priv;

	/* only enabled while the queue is stopped for lack of room */
	virtqueue_disable_cb(vq);
	netif_wake_queue(v->qd->netdev);
}

/*
 * Too little room for one more skb: stop the queue until the device hands
 * buffers back (the TX interrupt wakes it).  Under tx_lock.  Returns true
 * if it stays stopped.
 */
static bool qoe_vio_tx_full(struct qoe_vio *v)
{
	struct net_device *dev = v->qd->netdev;

	netif_stop_queue(dev);
	if (!virtqueue_enable_cb_delayed(v->tx_vq)) {
		/* some came back meanwhile */
		virtqueue_disable_cb(v->tx_vq);
		qoe_vio_tx_reclaim(v);
		if (v->tx_vq->num_free >= QOE_VIO_TX_SG) {
			netif_start_queue(dev);
			return false;
		}
		if (!virtqueue_enable_cb_delayed(v->tx_vq))
			netif_wake_queue(dev);	/* look again at once */
	}
	return true;
}

static netdev_tx_t qoe_vio_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct qoe_dev *qd = netdev_priv(dev);
	struct qoe_vio *v = qd->vio;
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
	spin_lock(&v->tx_lock);
	qoe_vio_tx_reclaim(v);
	if (v->tx_vq->num_free < QOE_VIO_TX_SG && qoe_vio_tx_full(v)) {
		/* the qdisc keeps it: the device is holding the wire */
		spin_unlock(&v->tx_lock);
		return NETDEV_TX_BUSY;
	}
	if (skb_cow_head(skb, sizeof(h))) {
		spin_unlock(&v->tx_lock);
		qoe_count(qd, QOE_DRV_TX_DROP_ERROR);
		goto drop;
	}
	memcpy(skb_push(skb, sizeof(h)), &h, sizeof(h));
	sg_init_table(v->tx_sg, QOE_VIO_TX_SG);
	n = skb_to_sgvec(skb, v->tx_sg, 0, skb->len);
	ret = n < 0 ? n : virtqueue_add_outbuf(v->tx_vq, v->tx_sg, n, skb,
					       GFP_ATOMIC);
	if (!ret) {
		v->tx_inflight++;
		DEV_STATS_INC(dev, tx_packets);
		DEV_STATS_ADD(dev, tx_bytes, skb->len - sizeof(h));
		if (!netdev_xmit_more() || v->tx_vq->num_free < QOE_VIO_TX_SG)
			virtqueue_kick(v->tx_vq);
	}
	if (v->tx_vq->num_free < QOE_VIO_TX_SG)
		qoe_vio_tx_full(v);
	spin_unlock(&v->tx_lock);
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
static int qoe_vio_post_rx(struct qoe_vio *v, void *b, gfp_t gfp)
{
	struct scatterlist sg;

	sg_init_one(&sg, b, QOE_VIO_RX_LEN);
	return virtqueue_add_inbuf(v->rx_vq, &sg, 1, b, gfp);
}

static void qoe_vio_rxbuf_free(void *b)
{
	free_pages((unsigned long)b, QOE_VIO_RX_ORDER);
}

static void qoe_vio_rx_cb(struct virtqueue *vq)
{
	struct qoe_vio *v = vq->vdev->priv;

	virtqueue_disable_cb(vq);
	napi_schedule(&v->qd->napi);
}

/* One completed RX buffer: a copy goes up, the buffer goes back. */
static void qoe_vio_rx_one(struct qoe_vio *v, void *b, unsigned int used)
{
	struct qoe_dev *qd = v->qd;
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
	skb = napi_alloc_skb(&qd->napi, len);
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
	skb_mark_napi_id(skb, &qd->napi);
	netif_receive_skb(skb);
}

static int qoe_vio_poll(struct napi_struct *napi, int budget)
{
	struct qoe_dev *qd = container_of(napi, struct qoe_dev, napi);
	struct qoe_vio *v = qd->vio;
	unsigned int used;
	int done = 0;
	void *b;

	while (done < budget && (b = virtqueue_get_buf(v->rx_vq, &used))) {
		qoe_vio_rx_one(v, b, used);
		if (qoe_vio_post_rx(v, b, GFP_ATOMIC))
			qoe_vio_rxbuf_free(b);
		done++;
	}
	if (done)
		virtqueue_kick(v->rx_vq);
	/* TX completions too: buffers back before the next xmit needs them */
	spin_lock(&v->tx_lock);
	qoe_vio_tx_reclaim(v);
	spin_unlock(&v->tx_lock);
	if (done < budget && napi_complete_done(napi, done) &&
	    !virtqueue_enable_cb(v->rx_vq) && napi_schedule_prep(napi)) {
		/* more arrived while we were finishing */
		virtqueue_disable_cb(v->rx_vq);
		__napi_schedule(napi);
	}
	return done;
}

/* --- netdev ------------------------------------------------------------ */

static const struct net_device_ops qoe_vio_netdev_ops = {
	.ndo_open = qoe_open,
	.ndo_stop = qoe_stop,
	.ndo_start_xmit = qoe_vio_xmit,
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
	unsigned int left;

	do {
		spin_lock_bh(&v->tx_lock);
		qoe_vio_tx_reclaim(v);
		left = v->tx_inflight;
		spin_unlock_bh(&v->tx_lock);
		if (!left || READ_ONCE(v->gone))
			break;
		usleep_range(200, 1000);
	} while (time_before(jiffies, end));
}

/* --- probe and (surprise) removal -------------------------------------- */

static void qoe_vio_free_bufs(struct qoe_vio *v)
{
	struct virtqueue *vq;
	void *buf;

	virtio_device_for_each_vq(v->vdev, vq) {
		while ((buf = virtqueue_detach_unused_buf(vq))) {
			if (vq == v->tx_vq)
				dev_kfree_skb_any(buf);
			else if (vq == v->rx_vq)
				qoe_vio_rxbuf_free(buf);
			else if (vq == v->event_vq)
				kfree(buf);
		}
	}
}

static int qoe_vio_fill_rx(struct qoe_vio *v)
{
	unsigned int i;
	void *b;

	for (i = 0; i < QOE_VIO_RX_BUFS && v->rx_vq->num_free; i++) {
		/* page allocations: memory the device process can map */
		b = (void *)__get_free_pages(GFP_KERNEL, QOE_VIO_RX_ORDER);
		if (!b)
			return -ENOMEM;
		if (qoe_vio_post_rx(v, b, GFP_KERNEL)) {
			qoe_vio_rxbuf_free(b);
			return -ENOMEM;
		}
	}
	virtqueue_kick(v->rx_vq);
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

static int qoe_vio_probe(struct virtio_device *vdev)
{
	struct virtqueue_info info[QOE_VIO_QUEUES] = {
		[QOE_VQ_ADMIN] = { "admin", qoe_vio_admin_cb },
		[QOE_VQ_EVENT] = { "event", qoe_vio_event_cb },
		[QOE_VQ_TX(0)] = { "tx0", qoe_vio_tx_cb },
		[QOE_VQ_RX(0)] = { "rx0", qoe_vio_rx_cb },
	};
	struct virtqueue *vqs[QOE_VIO_QUEUES];
	struct net_device *dev;
	struct qoe_dev *qd;
	struct qoe_vio *v;
	int ret;

	dev = alloc_netdev(sizeof(*qd), "qoe%d", NET_NAME_ENUM, ether_setup);
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
	mutex_init(&v->admin_lock);
	init_completion(&v->admin_done);
	INIT_WORK(&v->event_work, qoe_vio_event_work);
	spin_lock_init(&v->tx_lock);
	v->admin_req = kzalloc(QOE_VIO_ADMIN_MAX, GFP_KERNEL);
	/* the reply header, then the entries answered */
	v->admin_rsp = kzalloc(QOE_VIO_ADMIN_RSP, GFP_KERNEL);
	if (!v->admin_req || !v->admin_rsp)
		goto err_vio;
	qoe_host_init(&v->host, &qoe_vio_host_ops, v);
	qd->vio = v;
	qd->host = &v->host;
	vdev->priv = v;

	ret = virtio_find_vqs(vdev, QOE_VIO_QUEUES, vqs, info, NULL);
	if (ret)
		goto err_vio;
	v->admin_vq = vqs[QOE_VQ_ADMIN];
	v->event_vq = vqs[QOE_VQ_EVENT];
	v->tx_vq = vqs[QOE_VQ_TX(0)];
	v->rx_vq = vqs[QOE_VQ_RX(0)];
	virtqueue_disable_cb(v->tx_vq);
	virtio_device_ready(vdev);
	ret = qoe_vio_fill_rx(v) ?: qoe_vio_fill_events(v);
	if (ret)
		goto err_vqs;
	/* QUERY_CAPS over the admin queue, then the offload registry */
	ret = qoe_dev_register(qd);
	if (ret)
		goto err_vqs;
	qoe_vio_pair(qd);
	qoe_debugfs_dev_init(qd);
	netdev_info(dev, "qoe virtio device %s: firmware over %u queues\n",
		    dev_name(&vdev->dev), QOE_VIO_QUEUES);
	return 0;

err_vqs:
	WRITE_ONCE(v->gone, true);
	virtio_reset_device(vdev);
	qoe_vio_free_bufs(v);
	vdev->config->del_vqs(vdev);
err_vio:
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

	WRITE_ONCE(v->gone, true);
	complete(&v->admin_done);
	qoe_debugfs_dev_exit(qd);
	qoe_vio_unpair(qd);
	/* offload users get the device going away (DEV_DOWN) */
	quic_offload_unregister(qd->netdev);
	unregister_netdev(qd->netdev);
	cancel_work_sync(&v->event_work);
	virtio_reset_device(vdev);
	spin_lock_bh(&v->tx_lock);
	qoe_vio_tx_reclaim(v);
	spin_unlock_bh(&v->tx_lock);
	qoe_vio_free_bufs(v);
	vdev->config->del_vqs(vdev);
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
