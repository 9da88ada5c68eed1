// SPDX-License-Identifier: GPL-2.0-only
/*
 * qoe net devices: back-to-back pairs, each with its own engine, registered
 * with the QUIC offload registry.
 */
#include <kunit/visibility.h>
#include <linux/etherdevice.h>
#include <linux/idr.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/rtnetlink.h>
#include <net/quic_offload.h>

#include "qoe_crypto_kernel.h"
#include "qoe_dev.h"

/* the ids of the in-process devices' platform devices: qoe.N */
static DEFINE_IDA(qoe_pdev_ida);

static unsigned int pairs = 1;
module_param(pairs, uint, 0444);
MODULE_PARM_DESC(pairs, "back-to-back device pairs to create (0..16)");

/* every qoe device, for debugfs and module exit */
LIST_HEAD(qoe_devs);
/* protects qoe_devs; taken before any qoe_dev.lock */
DEFINE_MUTEX(qoe_devs_lock);

static netdev_tx_t qoe_start_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct qoe_dev *qd = netdev_priv(dev);

	if (skb_queue_len(&qd->txq) >= QOE_TXQ_LEN) {
		DEV_STATS_INC(dev, tx_dropped);
		kfree_skb(skb);
		return NETDEV_TX_OK;
	}
	skb_queue_tail(&qd->txq, skb);
	schedule_work(&qd->tx_work);
	return NETDEV_TX_OK;
}

/*
 * UDP GSO is only ours to do for skbs marked for QUIC offload (one header,
 * N payloads); plain UDP GSO is segmented by the core as usual.
 */
netdev_features_t qoe_features_check(struct sk_buff *skb,
				     struct net_device *dev,
				     netdev_features_t features)
{
	if (!quic_offload_tx_marked(skb))
		features &= ~NETIF_F_GSO_UDP_L4;
	return features;
}

#ifdef NETIF_F_HW_QUIC_OFFLOAD
/* kernel-patches/: `ethtool -K qoeN quic-offload on|off` */
int qoe_set_features(struct net_device *dev, netdev_features_t features)
{
	if ((dev->features ^ features) & NETIF_F_HW_QUIC_OFFLOAD)
		qoe_set_offload(netdev_priv(dev),
				features & NETIF_F_HW_QUIC_OFFLOAD);
	return 0;
}
#endif

int qoe_open(struct net_device *dev)
{
	struct qoe_dev *qd = netdev_priv(dev);

	napi_enable(&qd->napi);
	netif_carrier_on(dev);
	netif_tx_start_all_queues(dev);
	/* what the device completed while we were down (virtio) */
	napi_schedule(&qd->napi);
	return 0;
}

int qoe_stop(struct net_device *dev)
{
	struct qoe_dev *qd = netdev_priv(dev);

	netif_tx_stop_all_queues(dev);
	netif_carrier_off(dev);
	napi_disable(&qd->napi);
	skb_queue_purge(&qd->rx_ring);
	return 0;
}

const struct net_device_ops qoe_netdev_ops = {
	.ndo_open = qoe_open,
	.ndo_stop = qoe_stop,
	.ndo_start_xmit = qoe_start_xmit,
	.ndo_features_check = qoe_features_check,
#ifdef NETIF_F_HW_QUIC_OFFLOAD
	.ndo_set_features = qoe_set_features,
#endif
	.ndo_set_mac_address = eth_mac_addr,
	.ndo_validate_addr = eth_validate_addr,
};

/**
 * qoe_set_offload() - the "quic-offload" switch
 * @qd: the device
 * @on: offload new connections
 */
void qoe_set_offload(struct qoe_dev *qd, bool on)
{
	if (on)
		qd->pflags |= QOE_PFLAG_OFFLOAD;
	else
		qd->pflags &= ~QOE_PFLAG_OFFLOAD;
	quic_offload_set_enabled(qd->netdev, on);
}
EXPORT_SYMBOL_IF_KUNIT(qoe_set_offload);

/*
 * The firmware ABI and the uapi (hence the hook API) share one vocabulary:
 * what the engine says passes up without translation.
 */
/* two enums of one vocabulary: compared as numbers */
#define QOE_SAME(a, b)	BUILD_BUG_ON((int)(a) != (int)(b))

static void __maybe_unused qoe_abi_agrees(void)
{
	QOE_SAME(QOE_DIR_TX, QUIC_OFFLOAD_DIR_TX);
	QOE_SAME(QOE_DIR_RX, QUIC_OFFLOAD_DIR_RX);
	QOE_SAME(QOE_CIPHER_AES_128_GCM, QUIC_OFFLOAD_CIPHER_AES_128_GCM);
	QOE_SAME(QOE_CIPHER_AES_256_GCM, QUIC_OFFLOAD_CIPHER_AES_256_GCM);
	QOE_SAME(QOE_CIPHER_CHACHA20_POLY1305, QUIC_OFFLOAD_CIPHER_CHACHA20_POLY1305);
	QOE_SAME(QOE_CIPHER_AES_128_CCM, QUIC_OFFLOAD_CIPHER_AES_128_CCM);
	QOE_SAME(QOE_FAIL_DELIVER, QUIC_OFFLOAD_FAIL_DELIVER);
	QOE_SAME(QOE_FAIL_DROP, QUIC_OFFLOAD_FAIL_DROP);
	QOE_SAME(QOE_FEAT_TX_CRYPTO, QUIC_OFFLOAD_F_TX);
	QOE_SAME(QOE_FEAT_RX_CRYPTO, QUIC_OFFLOAD_F_RX);
	QOE_SAME(QOE_FEAT_TX_GSO, QUIC_OFFLOAD_F_TX_GSO);
	QOE_SAME(QOE_FEAT_RX_GRO, QUIC_OFFLOAD_F_RX_GRO);
	QOE_SAME(QOE_FEAT_KEY_UPDATE, QUIC_OFFLOAD_F_KEY_UPDATE);
	QOE_SAME(QOE_FEAT_IPV6, QUIC_OFFLOAD_F_IPV6);
	QOE_SAME(QOE_EV_KEY_PHASE_FLIP, QUIC_OFFLOAD_KEY_PHASE_FLIP);
	QOE_SAME(QOE_EV_USAGE_LIMIT, QUIC_OFFLOAD_USAGE_LIMIT);
	QOE_SAME(QOE_EV_INTEGRITY_LIMIT, QUIC_OFFLOAD_INTEGRITY_LIMIT);
	QOE_SAME(QOE_EV_FLOW_ERROR, QUIC_OFFLOAD_CONN_ERROR);
}

static void qoe_caps_from_engine(const struct qoe_cmd_caps *c,
				 struct quic_offload_caps *caps)
{
	/* the registry's bits are the firmware ABI's by design; the ABI has
	 * more (events) than the hook API offers
	 */
	caps->ciphers = le16_to_cpu(c->ciphers);
	caps->features = le32_to_cpu(c->features) & QUIC_OFFLOAD_F_ALL;
	caps->max_conns = le32_to_cpu(c->max_flows);
	caps->max_cid_len = c->max_cid_len;
	caps->max_gso_segs = le16_to_cpu(c->max_gso_segs);
	caps->max_gro_segs = le16_to_cpu(c->max_gro_segs);
}

/**
 * qoe_netdev_is_qoe() - is @dev a qoe device (in-process or virtio)?
 * @dev: any net device
 *
 * Return: true if it is.
 */
bool qoe_netdev_is_qoe(const struct net_device *dev)
{
	return dev->netdev_ops == &qoe_netdev_ops ||
	       qoe_virtio_netdev_is_qoe(dev);
}

/**
 * qoe_dev_setup() - what every qoe netdev has, whatever its transport
 * @dev: from alloc_netdev(sizeof(struct qoe_dev), ...)
 * @ops: its net_device_ops
 * @poll: its NAPI poll
 *
 * Return: its struct qoe_dev.
 */
struct qoe_dev *qoe_dev_setup(struct net_device *dev,
			      const struct net_device_ops *ops,
			      int (*poll)(struct napi_struct *, int))
{
	struct qoe_dev *qd = netdev_priv(dev);

	qd->netdev = dev;
	mutex_init(&qd->lock);
	skb_queue_head_init(&qd->txq);
	INIT_WORK(&qd->tx_work, qoe_tx_work);
	skb_queue_head_init(&qd->rx_ring);
	netif_napi_add(dev, &qd->napi, poll);
	INIT_LIST_HEAD(&qd->list);
	qd->pflags = QOE_PFLAG_GRO;
	dev->netdev_ops = ops;
	dev->ethtool_ops = &qoe_ethtool_ops;
	dev->priv_flags |= IFF_NO_QUEUE;
	dev->lltx = true;
	/* FRAGLIST: the "DMA" gathers any layout (the TX path linearizes) */
	dev->hw_features = NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_GSO_UDP_L4 |
			   NETIF_F_FRAGLIST;
#ifdef NETIF_F_HW_QUIC_OFFLOAD
	dev->hw_features |= NETIF_F_HW_QUIC_OFFLOAD;
#endif
	dev->features = dev->hw_features | NETIF_F_HIGHDMA;
	dev->min_mtu = ETH_MIN_MTU;
	dev->max_mtu = ETH_MAX_MTU;
	eth_hw_addr_random(dev);
	return qd;
}

static struct qoe_dev *qoe_dev_alloc(void)
{
	struct qoe_engine_cfg cfg = {
		.max_flows = QOE_MAX_FLOWS,
		.max_gso_segs = QOE_GSO_SEGS,
		.max_gro_segs = QOE_GSO_SEGS,
	};
	struct platform_device *pdev;
	struct net_device *dev;
	struct qoe_dev *qd;
	int id;

	/*
	 * A device of its own under the netdev, as a NIC's PCI function is:
	 * ethtool -i shows it as bus-info, sysfs as the netdev's parent.
	 */
	id = ida_alloc(&qoe_pdev_ida, GFP_KERNEL);
	if (id < 0)
		return NULL;
	pdev = platform_device_register_simple("qoe", id, NULL, 0);
	if (IS_ERR(pdev))
		goto err_id;
	dev = alloc_netdev(sizeof(*qd), "qoe%d", NET_NAME_ENUM, ether_setup);
	if (!dev)
		goto err_pdev;
	qd = qoe_dev_setup(dev, &qoe_netdev_ops, qoe_napi_poll);
	SET_NETDEV_DEV(dev, &pdev->dev);
	qd->pdev = pdev;
	qoe_crypto_kernel_init(&qd->crypto);
	cfg.crypto = &qd->crypto;
	qd->engine = qoe_engine_create(&cfg);
	if (!qd->engine) {
		free_netdev(dev);
		goto err_pdev;
	}
	qd->host = qoe_engine_host(qd->engine);
	return qd;
err_pdev:
	platform_device_unregister(pdev);
err_id:
	ida_free(&qoe_pdev_ida, id);
	return NULL;
}

static void qoe_dev_free(struct qoe_dev *qd)
{
	struct platform_device *pdev = qd->pdev;
	int id = pdev->id;

	qoe_engine_destroy(qd->engine);
	qoe_crypto_kernel_fini(&qd->crypto);
	/* the netdev holds its parent until it goes */
	free_netdev(qd->netdev);
	platform_device_unregister(pdev);
	ida_free(&qoe_pdev_ida, id);
}

/**
 * qoe_dev_register() - register @qd's netdev and offer its offload
 * @qd: set up, its admin transport (qd->host) working
 *
 * Return: 0 or -errno (nothing left registered).
 */
int qoe_dev_register(struct qoe_dev *qd)
{
	struct quic_offload_caps caps = {};
	struct qoe_cmd_caps c;
	int ret;

	ret = register_netdev(qd->netdev);
	if (ret)
		return ret;
	mutex_lock(&qd->lock);
	ret = qoe_status_to_errno(qoe_host_caps(qd->host, &c));
	mutex_unlock(&qd->lock);
	if (!ret) {
		qoe_caps_from_engine(&c, &caps);
		ret = quic_offload_register(qd->netdev, &qoe_offload_ops, &caps);
	}
	if (ret) {
		unregister_netdev(qd->netdev);
		return ret;
	}
	qoe_set_offload(qd, true);
	return 0;
}

/**
 * qoe_pair_create() - create and register two linked devices
 * @a: set to the first (its TX is @b's RX)
 * @b: set to the second
 *
 * Return: 0 or -errno.
 */
int qoe_pair_create(struct qoe_dev **a, struct qoe_dev **b)
{
	struct qoe_dev *x, *y;
	int ret = -ENOMEM;

	x = qoe_dev_alloc();
	y = x ? qoe_dev_alloc() : NULL;
	if (!y)
		goto err_free;
	x->peer = y;
	y->peer = x;
	ret = qoe_dev_register(x);
	if (ret)
		goto err_free;
	ret = qoe_dev_register(y);
	if (ret) {
		quic_offload_unregister(x->netdev);
		unregister_netdev(x->netdev);
		goto err_free;
	}
	mutex_lock(&qoe_devs_lock);
	list_add_tail(&x->list, &qoe_devs);
	list_add_tail(&y->list, &qoe_devs);
	mutex_unlock(&qoe_devs_lock);
	qoe_debugfs_dev_init(x);
	qoe_debugfs_dev_init(y);
	*a = x;
	*b = y;
	return 0;
err_free:
	if (y)
		qoe_dev_free(y);
	if (x)
		qoe_dev_free(x);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(qoe_pair_create);

/**
 * qoe_pair_destroy() - tear down the pair @a belongs to
 * @a: either device of the pair
 */
void qoe_pair_destroy(struct qoe_dev *a)
{
	struct qoe_dev *devs[2] = { a, a->peer };
	int i;

	for (i = 0; i < 2; i++)
		qoe_debugfs_dev_exit(devs[i]);
	mutex_lock(&qoe_devs_lock);
	for (i = 0; i < 2; i++)
		list_del_init(&devs[i]->list);
	mutex_unlock(&qoe_devs_lock);
	for (i = 0; i < 2; i++) {
		quic_offload_unregister(devs[i]->netdev);
		unregister_netdev(devs[i]->netdev);
	}
	/* no more xmit: stop the "hardware" of both before freeing either */
	for (i = 0; i < 2; i++) {
		cancel_work_sync(&devs[i]->tx_work);
		skb_queue_purge(&devs[i]->txq);
	}
	for (i = 0; i < 2; i++)
		qoe_dev_free(devs[i]);
}
EXPORT_SYMBOL_IF_KUNIT(qoe_pair_destroy);

/**
 * qoe_dev_flush() - wait until everything queued on @qd went through
 * @qd: the device
 */
void qoe_dev_flush(struct qoe_dev *qd)
{
	struct qoe_dev *peer;

	if (qd->vio) {
		qoe_virtio_tx_drain(qd);
	} else {
		while (!skb_queue_empty(&qd->txq) || work_pending(&qd->tx_work))
			flush_work(&qd->tx_work);
		flush_work(&qd->tx_work);
	}
	/* and the peer's NAPI handed up what it received (rtnl: the peer
	 * cannot go down, which would leave NAPI disabled, nor go away, as a
	 * virtio peer can, meanwhile)
	 */
	rtnl_lock();
	peer = qd->peer;
	if (peer && netif_running(peer->netdev) && peer->vio) {
		qoe_virtio_rx_sync(peer);
	} else if (peer && netif_running(peer->netdev)) {
		local_bh_disable();
		napi_schedule(&peer->napi);
		local_bh_enable();
		napi_synchronize(&peer->napi);
	}
	rtnl_unlock();
}
EXPORT_SYMBOL_IF_KUNIT(qoe_dev_flush);

static void qoe_destroy_all(void)
{
	struct qoe_dev *qd;

	/* virtio devices went with their driver: only pairs are left */
	for (;;) {
		mutex_lock(&qoe_devs_lock);
		qd = list_first_entry_or_null(&qoe_devs, struct qoe_dev, list);
		mutex_unlock(&qoe_devs_lock);
		if (!qd)
			break;
		qoe_pair_destroy(qd);
	}
}

static int __init qoe_init(void)
{
	struct qoe_dev *a, *b;
	unsigned int i;
	int ret;

	qoe_debugfs_init();
	for (i = 0; i < min(pairs, 16U); i++) {
		ret = qoe_pair_create(&a, &b);
		if (ret)
			goto err;
	}
	/* devices whose firmware runs elsewhere, behind virtio */
	ret = qoe_virtio_init();
	if (ret)
		goto err;
	return 0;
err:
	qoe_destroy_all();
	qoe_debugfs_exit();
	return ret;
}

static void __exit qoe_exit(void)
{
	qoe_virtio_exit();
	qoe_destroy_all();
	qoe_debugfs_exit();
}

module_init(qoe_init);
module_exit(qoe_exit);
MODULE_DESCRIPTION("QUIC offload engine: emulated back-to-back NIC pairs, in process or over virtio");
MODULE_LICENSE("GPL");
