// SPDX-License-Identifier: GPL-2.0-only
/*
 * qoe ethtool: -S counters (engine, then driver, then per queue pair over
 * virtio), private flags, drvinfo, channels.
 */
#include <linux/ethtool.h>

#include "qoe_dev.h"

const char *const qoe_drv_stat_names[QOE_DRV_STAT_MAX] = {
	[QOE_DRV_TX_PASSTHROUGH] = "tx_passthrough",
	[QOE_DRV_TX_DROP_NO_META] = "tx_drop_no_meta",
	[QOE_DRV_TX_DROP_ERROR] = "tx_drop_error",
	[QOE_DRV_RX_DECRYPTED] = "rx_decrypted",
	[QOE_DRV_RX_PASSTHROUGH] = "rx_passthrough",
	[QOE_DRV_RX_DROP] = "rx_drop",
	[QOE_DRV_RX_COALESCED] = "rx_coalesced",
	[QOE_DRV_TX_OFFLOAD_SKBS] = "tx_offload_skbs",
	[QOE_DRV_TX_ENGINE_NS] = "tx_engine_ns",
	[QOE_DRV_RX_ENGINE_NS] = "rx_engine_ns",
	[QOE_DRV_RX_GRO_NOCOPY] = "rx_gro_nocopy",
};

static const char qoe_pflag_names[][ETH_GSTRING_LEN] = {
	"quic-offload",
	"quic-gro",
};

static void qoe_get_drvinfo(struct net_device *dev,
			    struct ethtool_drvinfo *info)
{
	strscpy(info->driver, "qoe", sizeof(info->driver));
	snprintf(info->fw_version, sizeof(info->fw_version), "qoe-engine abi %u.%u",
		 QOE_ABI_VERSION_MAJOR, QOE_ABI_VERSION_MINOR);
}

static int qoe_get_sset_count(struct net_device *dev, int sset)
{
	switch (sset) {
	case ETH_SS_STATS:
		return QOE_STAT_MAX + QOE_DRV_STAT_MAX +
		       2 * qoe_virtio_pairs(netdev_priv(dev));
	case ETH_SS_PRIV_FLAGS:
		return ARRAY_SIZE(qoe_pflag_names);
	default:
		return -EOPNOTSUPP;
	}
}

static void qoe_get_strings(struct net_device *dev, u32 sset, u8 *data)
{
	int i;

	switch (sset) {
	case ETH_SS_STATS:
		for (i = 0; i < QOE_STAT_MAX; i++)
			ethtool_puts(&data, qoe_stat_names[i]);
		for (i = 0; i < QOE_DRV_STAT_MAX; i++)
			ethtool_puts(&data, qoe_drv_stat_names[i]);
		for (i = 0; i < qoe_virtio_pairs(netdev_priv(dev)); i++)
			ethtool_sprintf(&data, "rx_queue_%d_packets", i);
		for (i = 0; i < qoe_virtio_pairs(netdev_priv(dev)); i++)
			ethtool_sprintf(&data, "tx_queue_%d_packets", i);
		break;
	case ETH_SS_PRIV_FLAGS:
		memcpy(data, qoe_pflag_names, sizeof(qoe_pflag_names));
		break;
	}
}

static void qoe_get_ethtool_stats(struct net_device *dev,
				  struct ethtool_stats *stats, u64 *data)
{
	struct qoe_dev *qd = netdev_priv(dev);
	u64 c[QOE_STAT_MAX] = {};
	int i;

	mutex_lock(&qd->lock);
	qoe_host_dev_stats(qd->host, c);
	mutex_unlock(&qd->lock);
	for (i = 0; i < QOE_STAT_MAX; i++)
		*data++ = c[i];
	for (i = 0; i < QOE_DRV_STAT_MAX; i++)
		*data++ = atomic64_read(&qd->stats[i]);
	qoe_virtio_queue_stats(qd, data);
}

/* One combined channel per queue pair; a virtio device's are fixed at probe. */
static void qoe_get_channels(struct net_device *dev,
			     struct ethtool_channels *ch)
{
	unsigned int n = qoe_virtio_pairs(netdev_priv(dev)) ?: 1;

	ch->max_combined = n;
	ch->combined_count = n;
}

static u32 qoe_get_priv_flags(struct net_device *dev)
{
	struct qoe_dev *qd = netdev_priv(dev);

	return qd->pflags;
}

static int qoe_set_priv_flags(struct net_device *dev, u32 flags)
{
	struct qoe_dev *qd = netdev_priv(dev);
	int st;

	if (flags & ~(QOE_PFLAG_OFFLOAD | QOE_PFLAG_GRO))
		return -EINVAL;
	/* the device coalesces (a virtio one on its own): tell it first */
	mutex_lock(&qd->lock);
	st = qoe_host_dev_config(qd->host, QOE_DEVCFG_GRO,
				 flags & QOE_PFLAG_GRO ? QOE_DEVCFG_GRO : 0,
				 NULL);
	mutex_unlock(&qd->lock);
	if (st)
		return qoe_status_to_errno(st);
	qoe_set_offload(qd, flags & QOE_PFLAG_OFFLOAD);
#ifdef NETIF_F_HW_QUIC_OFFLOAD
	/* keep the feature bit in step (ethtool holds RTNL here) */
	if (flags & QOE_PFLAG_OFFLOAD)
		dev->wanted_features |= NETIF_F_HW_QUIC_OFFLOAD;
	else
		dev->wanted_features &= ~NETIF_F_HW_QUIC_OFFLOAD;
	netdev_update_features(dev);
#endif
	mutex_lock(&qd->lock);
	qd->pflags = (qd->pflags & ~QOE_PFLAG_GRO) | (flags & QOE_PFLAG_GRO);
	mutex_unlock(&qd->lock);
	return 0;
}

const struct ethtool_ops qoe_ethtool_ops = {
	.get_drvinfo = qoe_get_drvinfo,
	.get_link = ethtool_op_get_link,
	.get_sset_count = qoe_get_sset_count,
	.get_strings = qoe_get_strings,
	.get_ethtool_stats = qoe_get_ethtool_stats,
	.get_channels = qoe_get_channels,
	.get_priv_flags = qoe_get_priv_flags,
	.set_priv_flags = qoe_set_priv_flags,
};
