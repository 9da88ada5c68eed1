/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * qoe: an emulated QUIC offload NIC.  Devices come in back-to-back pairs
 * (qoe0 <-> qoe1, like netdevsim's linked devices): what one transmits the
 * other receives.  Each device owns a reference engine (firmware-if/)
 * driven only through the firmware ABI, with the kernel crypto backend.
 *
 * The "hardware" runs in a work item per device, so the engine, which may
 * allocate on admin commands, is always called in process context under
 * qd->lock.  Transmit queues skbs for that work; the work protects them and
 * hands the wire packets to the peer's receive side.
 */
#ifndef _QOE_DEV_H
#define _QOE_DEV_H

#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/workqueue.h>

#include "qoe_host.h"

#define QOE_MAX_FLOWS		1024
#define QOE_GSO_SEGS		64
#define QOE_TXQ_LEN		1000
#define QOE_RXQ_LEN		1000	/* packets waiting for NAPI */

/* Driver counters shown after the engine's in ethtool -S. */
enum qoe_drv_stat {
	QOE_DRV_TX_PASSTHROUGH,	/* not marked for offload: sent as is */
	QOE_DRV_TX_DROP_NO_META,	/* marked, but no valid metadata */
	QOE_DRV_TX_DROP_ERROR,	/* engine refused, or no memory */
	QOE_DRV_RX_DECRYPTED,	/* skbs handed up decrypted */
	QOE_DRV_RX_PASSTHROUGH,	/* handed up untouched */
	QOE_DRV_RX_DROP,	/* auth failure on a drop flow, or no memory */
	QOE_DRV_RX_COALESCED,	/* GRO skbs handed up */
	QOE_DRV_TX_OFFLOAD_SKBS, /* marked skbs taken (GSO runs count once) */
	QOE_DRV_TX_ENGINE_NS,	/* time the engine spent sealing */
	QOE_DRV_RX_ENGINE_NS,	/* time the engine spent opening, coalescing */
	QOE_DRV_RX_GRO_NOCOPY,	/* of the GRO skbs, merged without a copy */
	QOE_DRV_STAT_MAX
};

extern const char *const qoe_drv_stat_names[QOE_DRV_STAT_MAX];

/* Private flags (ethtool --set-priv-flags). */
#define QOE_PFLAG_OFFLOAD	BIT(0)	/* "quic-offload" */
#define QOE_PFLAG_GRO		BIT(1)	/* "quic-gro" */

struct qoe_dev {
	struct net_device *netdev;
	struct qoe_dev *peer;
	struct list_head list;		/* qoe_devs, under qoe_devs_lock */

	struct mutex lock;		/* the engine and the scratch below */
	struct qoe_crypto crypto;
	struct qoe_engine *engine;
	struct qoe_host *host;		/* how admin commands reach it */
	struct qoe_vio *vio;		/* virtio transport, or NULL: in process */
	struct platform_device *pdev;	/* in process: the netdev's parent */
	struct qoe_buf bufs[QOE_GSO_SEGS];
	struct sk_buff *skbs[QOE_GSO_SEGS];
	struct qoe_rx_cmpl cmpl[QOE_GSO_SEGS];
	struct qoe_gro_group groups[QOE_GSO_SEGS];
	struct qoe_frag frags[QOE_GSO_SEGS];	/* a merge's pieces */

	struct sk_buff_head txq;
	struct work_struct tx_work;

	/* what the engine received and finished, for NAPI to hand up */
	struct sk_buff_head rx_ring;
	struct napi_struct napi;
	u32 pflags;
	atomic64_t stats[QOE_DRV_STAT_MAX];

	/* tests: delivered skbs are queued here instead of netif_rx() */
	struct sk_buff_head *rx_capture;
	struct dentry *dbg;
	int selftest_result;	/* debugfs selftest: 1 ok, -errno, 0 not run */
};

extern struct list_head qoe_devs;
extern struct mutex qoe_devs_lock;
extern const struct net_device_ops qoe_netdev_ops;
extern const struct ethtool_ops qoe_ethtool_ops;
extern const struct quic_offload_ops qoe_offload_ops;

static inline void qoe_count(struct qoe_dev *qd, enum qoe_drv_stat s)
{
	atomic64_inc(&qd->stats[s]);
}

/* The "hardware" time of a step that started at @t0 (ktime_get_ns()). */
static inline void qoe_count_ns(struct qoe_dev *qd, enum qoe_drv_stat s,
				u64 t0)
{
	atomic64_add(ktime_get_ns() - t0, &qd->stats[s]);
}

struct qoe_dev *qoe_dev_setup(struct net_device *dev,
			      const struct net_device_ops *ops,
			      int (*poll)(struct napi_struct *, int));
int qoe_dev_register(struct qoe_dev *qd);
/* net_device_ops both transports share */
int qoe_open(struct net_device *dev);
int qoe_stop(struct net_device *dev);
netdev_features_t qoe_features_check(struct sk_buff *skb,
				     struct net_device *dev,
				     netdev_features_t features);
int qoe_set_features(struct net_device *dev, netdev_features_t features);
bool qoe_netdev_is_qoe(const struct net_device *dev);
int qoe_pair_create(struct qoe_dev **a, struct qoe_dev **b);
void qoe_pair_destroy(struct qoe_dev *a);
void qoe_dev_flush(struct qoe_dev *qd);
void qoe_set_offload(struct qoe_dev *qd, bool on);

void qoe_tx_work(struct work_struct *work);
int qoe_tx_desc(struct sk_buff *skb, struct qoe_tx_desc *d, u32 *payload,
		u16 *segs);
bool qoe_rx_finish(struct qoe_dev *qd, struct sk_buff *skb,
		   const struct qoe_rx_cmpl *c);
void qoe_rx_csum_partial(struct sk_buff *skb, u32 udp);
void qoe_event_notify(struct qoe_dev *qd, const struct qoe_event *ev);
int qoe_inject_xmit(struct qoe_dev *qd, struct sk_buff *skb);
void qoe_events_deliver(struct qoe_dev *qd);
void qoe_rx_burst(struct qoe_dev *qd, struct sk_buff_head *list);
int qoe_napi_poll(struct napi_struct *napi, int budget);

#if IS_ENABLED(CONFIG_VIRTIO)
int qoe_virtio_init(void);
void qoe_virtio_exit(void);
void qoe_virtio_tx_drain(struct qoe_dev *qd);
void qoe_virtio_rx_sync(struct qoe_dev *qd);
unsigned int qoe_virtio_pairs(struct qoe_dev *qd);
void qoe_virtio_queue_stats(struct qoe_dev *qd, u64 *data);
bool qoe_virtio_netdev_is_qoe(const struct net_device *dev);
#else
static inline int qoe_virtio_init(void) { return 0; }
static inline void qoe_virtio_exit(void) {}
static inline void qoe_virtio_tx_drain(struct qoe_dev *qd) {}
static inline void qoe_virtio_rx_sync(struct qoe_dev *qd) {}
static inline unsigned int qoe_virtio_pairs(struct qoe_dev *qd) { return 0; }
static inline void qoe_virtio_queue_stats(struct qoe_dev *qd, u64 *data) {}
static inline bool qoe_virtio_netdev_is_qoe(const struct net_device *dev)
{
	return false;
}
#endif

#ifdef CONFIG_DEBUG_FS
void qoe_debugfs_init(void);
void qoe_debugfs_exit(void);
void qoe_debugfs_dev_init(struct qoe_dev *qd);
void qoe_debugfs_dev_exit(struct qoe_dev *qd);
#else
static inline void qoe_debugfs_init(void) {}
static inline void qoe_debugfs_exit(void) {}
static inline void qoe_debugfs_dev_init(struct qoe_dev *qd) {}
static inline void qoe_debugfs_dev_exit(struct qoe_dev *qd) {}
#endif

#endif /* _QOE_DEV_H */
