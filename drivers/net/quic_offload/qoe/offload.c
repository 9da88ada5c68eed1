// SPDX-License-Identifier: GPL-2.0-only
/*
 * qoe's struct quic_offload_ops: each op is one firmware admin command
 * (firmware-if/qoe_host.h) on the device's engine.
 */
#include <linux/netlink.h>
#include <net/quic_offload.h>

#include "qoe_dev.h"

static int qoe_off_conn_add(struct net_device *dev,
			    const struct quic_offload_conn *conn, u32 *handle,
			    struct netlink_ext_ack *extack)
{
	struct qoe_dev *qd = netdev_priv(dev);
	struct qoe_flow_params p = {
		.dir = conn->dir,
		.cipher = conn->cipher,
		.cid_len = conn->cid_len,
		.key_phase = conn->key_phase,
		.fail_action = conn->fail_action,
		.local_port = ntohs(conn->sport),
		.remote_port = ntohs(conn->dport),
		.pn = conn->pn,
	};
	size_t kl = qoe_cipher_key_len(conn->cipher);
	int st;

	if (!kl || conn->cid_len > QOE_MAX_CID_LEN)
		return -EINVAL;
	if (conn->family == AF_INET) {
		p.family = QOE_FAMILY_IPV4;
		memcpy(p.local_addr, &conn->saddr.v4, 4);
		memcpy(p.remote_addr, &conn->daddr.v4, 4);
	} else {
		p.family = QOE_FAMILY_IPV6;
		memcpy(p.local_addr, &conn->saddr.v6, 16);
		memcpy(p.remote_addr, &conn->daddr.v6, 16);
	}
	memcpy(p.cid, conn->cid, conn->cid_len);
	memcpy(p.hp_key, conn->hp_key, kl);
	mutex_lock(&qd->lock);
	st = qoe_host_flow_add(qd->host, &p, handle);
	mutex_unlock(&qd->lock);
	memzero_explicit(p.hp_key, sizeof(p.hp_key));
	if (st)
		NL_SET_ERR_MSG_FMT(extack, "qoe: flow add refused: %s",
				   qoe_status_name(st));
	return qoe_status_to_errno(st);
}

static int qoe_off_conn_del(struct net_device *dev, u32 handle)
{
	struct qoe_dev *qd = netdev_priv(dev);
	int st;

	mutex_lock(&qd->lock);
	st = qoe_host_flow_del(qd->host, handle);
	mutex_unlock(&qd->lock);
	return qoe_status_to_errno(st);
}

static int qoe_off_key_install(struct net_device *dev, u32 handle, u8 phase,
			       const struct quic_offload_key *key)
{
	struct qoe_dev *qd = netdev_priv(dev);
	int st;

	mutex_lock(&qd->lock);
	st = qoe_host_key_install(qd->host, handle, phase, key->key,
				  key->key_len, key->iv);
	mutex_unlock(&qd->lock);
	return qoe_status_to_errno(st);
}

static int qoe_off_key_retire(struct net_device *dev, u32 handle, u8 phase)
{
	struct qoe_dev *qd = netdev_priv(dev);
	int st;

	mutex_lock(&qd->lock);
	st = qoe_host_key_retire(qd->host, handle, phase);
	mutex_unlock(&qd->lock);
	return qoe_status_to_errno(st);
}

static int qoe_off_cid_add(struct net_device *dev, u32 handle, const u8 *cid,
			   u8 cid_len)
{
	struct qoe_dev *qd = netdev_priv(dev);
	int st;

	mutex_lock(&qd->lock);
	st = qoe_host_cid_add(qd->host, handle, cid, cid_len);
	mutex_unlock(&qd->lock);
	return qoe_status_to_errno(st);
}

static int qoe_off_cid_del(struct net_device *dev, u32 handle, const u8 *cid,
			   u8 cid_len)
{
	struct qoe_dev *qd = netdev_priv(dev);
	int st;

	mutex_lock(&qd->lock);
	st = qoe_host_cid_del(qd->host, handle, cid, cid_len);
	mutex_unlock(&qd->lock);
	return qoe_status_to_errno(st);
}

static int qoe_off_rx_resync(struct net_device *dev, u32 handle, u64 pn)
{
	struct qoe_dev *qd = netdev_priv(dev);
	int st;

	mutex_lock(&qd->lock);
	st = qoe_host_rx_resync(qd->host, handle, pn);
	mutex_unlock(&qd->lock);
	return qoe_status_to_errno(st);
}

static int qoe_off_get_stats(struct net_device *dev, u32 handle,
			     struct quic_offload_stats *s)
{
	struct qoe_dev *qd = netdev_priv(dev);
	struct qoe_cmd_flow_query q;
	int st;

	mutex_lock(&qd->lock);
	st = qoe_host_flow_query(qd->host, handle, false, &q);
	mutex_unlock(&qd->lock);
	if (st)
		return qoe_status_to_errno(st);
	s->packets = le64_to_cpu(q.packets);
	s->bytes = le64_to_cpu(q.bytes);
	s->auth_fail = le64_to_cpu(q.auth_fail);
	s->drops = le64_to_cpu(q.drops);
	s->key_updates = le64_to_cpu(q.key_updates);
	s->pn = le64_to_cpu(q.pn);
	s->key_phase = q.cur_phase;
	/* firmware before ABI 1.4 answers FLOW_QUERY version 1 only */
	s->key_missing_valid = q.hdr.version >= 2;
	s->key_missing = le64_to_cpu(q.key_missing);
	return 0;
}

const struct quic_offload_ops qoe_offload_ops = {
	.conn_add = qoe_off_conn_add,
	.conn_del = qoe_off_conn_del,
	.key_install = qoe_off_key_install,
	.key_retire = qoe_off_key_retire,
	.cid_add = qoe_off_cid_add,
	.cid_del = qoe_off_cid_del,
	.rx_resync = qoe_off_rx_resync,
	.get_stats = qoe_off_get_stats,
};

static const u8 qoe_event_map[] = {
	[QOE_EV_KEY_PHASE_FLIP] = QUIC_OFFLOAD_KEY_PHASE_FLIP,
	[QOE_EV_USAGE_LIMIT] = QUIC_OFFLOAD_USAGE_LIMIT,
	[QOE_EV_INTEGRITY_LIMIT] = QUIC_OFFLOAD_INTEGRITY_LIMIT,
	[QOE_EV_FLOW_ERROR] = QUIC_OFFLOAD_CONN_ERROR,
};

#define QOE_EV_BATCH	16

/**
 * qoe_event_notify() - tell the QUIC stack about one device event
 * @qd: the device that raised it
 * @ev: as the firmware wrote it; unknown types are ignored
 *
 * Process context, no device lock held: listeners may call the ops.
 */
void qoe_event_notify(struct qoe_dev *qd, const struct qoe_event *ev)
{
	struct quic_offload_event_info info = { .dev = qd->netdev };
	u16 type = le16_to_cpu(ev->type);

	if (type >= ARRAY_SIZE(qoe_event_map) || !qoe_event_map[type])
		return;
	info.handle = le32_to_cpu(ev->handle);
	info.phase = ev->phase;
	info.value = le64_to_cpu(ev->value);
	quic_offload_notify(qoe_event_map[type], &info);
}

/**
 * qoe_events_deliver() - hand the engine's events to the QUIC stack
 * @qd: the device
 *
 * Pops them under the device lock, notifies outside of it, as listeners
 * may call back into the ops.
 */
void qoe_events_deliver(struct qoe_dev *qd)
{
	struct qoe_event ev[QOE_EV_BATCH];
	unsigned int n, i;

	do {
		mutex_lock(&qd->lock);
		for (n = 0; n < QOE_EV_BATCH; n++)
			if (!qoe_engine_event_pop(qd->engine, &ev[n]))
				break;
		mutex_unlock(&qd->lock);
		for (i = 0; i < n; i++)
			qoe_event_notify(qd, &ev[i]);
	} while (n == QOE_EV_BATCH);
}
