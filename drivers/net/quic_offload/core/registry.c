// SPDX-License-Identifier: GPL-2.0-only
/*
 * QUIC offload registry: which net_devices offer QUIC crypto offload, and
 * the checked wrappers a QUIC stack calls to use them.
 *
 * Registration and unregistration take qo_lock for writing; the control
 * wrappers hold it for reading across the driver op, so a device's ops
 * never run after quic_offload_unregister() returned.  Lookups from the
 * data path use RCU.
 */
#include <kunit/visibility.h>
#include <linux/module.h>
#include <linux/rculist.h>
#include <linux/rwsem.h>
#include <linux/slab.h>
#include <net/quic_offload.h>

#include "quic_offload_core.h"

LIST_HEAD(qo_devs);
DECLARE_RWSEM(qo_lock);
atomic_t qo_flows_gen = ATOMIC_INIT(1);
EXPORT_SYMBOL_IF_KUNIT(qo_flows_gen);
static BLOCKING_NOTIFIER_HEAD(qo_chain);

struct quic_offload_dev *qo_find(const struct net_device *dev)
{
	struct quic_offload_dev *d;

	list_for_each_entry_rcu(d, &qo_devs, list, lockdep_is_held(&qo_lock))
		if (d->dev == dev)
			return d;
	return NULL;
}

/**
 * quic_offload_register() - offer QUIC offload on @dev
 * @dev: the device
 * @ops: its operations; conn_add, conn_del and key_install are required
 * @caps: what it supports; copied
 *
 * Offload starts disabled: the driver enables it with
 * quic_offload_set_enabled() (ethtool feature or private flag).
 *
 * Return: 0, -EEXIST if @dev is registered, -EINVAL, -ENOMEM.
 */
int quic_offload_register(struct net_device *dev,
			  const struct quic_offload_ops *ops,
			  const struct quic_offload_caps *caps)
{
	struct quic_offload_dev *d;
	int ret = 0;

	if (!dev || !ops || !caps || !ops->conn_add || !ops->conn_del ||
	    !ops->key_install || caps->max_cid_len > QUIC_OFFLOAD_MAX_CID_LEN)
		return -EINVAL;
	/* what the core cannot name, it cannot list or check */
	if ((caps->features & ~QUIC_OFFLOAD_F_ALL) ||
	    (caps->ciphers & ~QUIC_OFFLOAD_CIPHERS_ALL)) {
		netdev_warn(dev, "QUIC offload: unknown feature or cipher bits\n");
		return -EINVAL;
	}
	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		return -ENOMEM;
	d->dev = dev;
	d->ops = ops;
	d->caps = *caps;
	xa_init(&d->flows);
	mutex_init(&d->flows_lock);
	down_write(&qo_lock);
	if (qo_find(dev)) {
		ret = -EEXIST;
		kfree(d);
	} else {
		netdev_hold(dev, &d->tracker, GFP_KERNEL);
		list_add_rcu(&d->list, &qo_devs);
	}
	up_write(&qo_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(quic_offload_register);

/**
 * quic_offload_unregister() - withdraw QUIC offload from @dev
 * @dev: the device
 *
 * Tells the stack first (QUIC_OFFLOAD_DEV_DOWN), so it can delete its
 * entries through the ops while they still work; no op runs after this
 * returns.  Harmless if @dev is not registered.
 */
void quic_offload_unregister(struct net_device *dev)
{
	struct quic_offload_dev *d;
	bool known;

	down_read(&qo_lock);
	known = qo_find(dev);
	up_read(&qo_lock);
	if (!known)
		return;
	blocking_notifier_call_chain(&qo_chain, QUIC_OFFLOAD_DEV_DOWN, dev);
	down_write(&qo_lock);
	d = qo_find(dev);
	if (d)
		list_del_rcu(&d->list);
	up_write(&qo_lock);
	if (!d)
		return;
	qo_flows_forget(d);
	qo_nl_event(QUIC_OFFLOAD_DEV_DOWN, dev, NULL);
	netdev_put(dev, &d->tracker);
	kfree_rcu(d, rcu);
}
EXPORT_SYMBOL_GPL(quic_offload_unregister);

/**
 * quic_offload_set_enabled() - switch offload of new connections on or off
 * @dev: a registered device
 * @enabled: the ethtool setting
 *
 * Switching off also tells the stack (QUIC_OFFLOAD_DEV_DOWN), which moves
 * the connections it offloaded back to software crypto; the entries'
 * ops still work while it does.  Process context.
 */
void quic_offload_set_enabled(struct net_device *dev, bool enabled)
{
	struct quic_offload_dev *d;
	bool was = false;

	rcu_read_lock();
	d = qo_find(dev);
	if (d) {
		was = READ_ONCE(d->enabled);
		WRITE_ONCE(d->enabled, enabled);
	}
	rcu_read_unlock();
	if (d && was && !enabled) {
		blocking_notifier_call_chain(&qo_chain, QUIC_OFFLOAD_DEV_DOWN,
					     dev);
		qo_nl_event(QUIC_OFFLOAD_DEV_DOWN, dev, NULL);
	}
}
EXPORT_SYMBOL_GPL(quic_offload_set_enabled);

/**
 * quic_offload_capable() - does @dev offer QUIC offload right now
 * @dev: the device
 * @caps: filled with its capabilities when not NULL
 *
 * Safe in any context.
 *
 * Return: true when registered and enabled, and this kernel can carry
 * offloaded packets (skb->decrypted and the SKB_EXT_QUIC_OFFLOAD
 * extension); without them the stack must not hand out plaintext.
 */
bool quic_offload_capable(struct net_device *dev,
			  struct quic_offload_caps *caps)
{
	struct quic_offload_dev *d;
	bool ret = false;

	if (!QUIC_OFFLOAD_HAVE_SKB_EXT || !IS_ENABLED(CONFIG_SKB_DECRYPTED))
		return false;
	rcu_read_lock();
	d = qo_find(dev);
	if (d && READ_ONCE(d->enabled)) {
		if (caps)
			*caps = d->caps;
		ret = true;
	}
	rcu_read_unlock();
	return ret;
}
EXPORT_SYMBOL_GPL(quic_offload_capable);

/* Find @dev and keep it registered until qo_put(). */
struct quic_offload_dev *qo_get(struct net_device *dev)
{
	struct quic_offload_dev *d;

	down_read(&qo_lock);
	d = qo_find(dev);
	if (!d)
		up_read(&qo_lock);
	return d;
}
EXPORT_SYMBOL_IF_KUNIT(qo_get);

void qo_put(void)
{
	up_read(&qo_lock);
}
EXPORT_SYMBOL_IF_KUNIT(qo_put);

static int qo_check_conn(const struct quic_offload_dev *d,
			 const struct quic_offload_conn *c,
			 struct netlink_ext_ack *extack)
{
	const struct quic_offload_caps *caps = &d->caps;
	u32 need = c->dir == QUIC_OFFLOAD_DIR_TX ? QUIC_OFFLOAD_F_TX
						  : QUIC_OFFLOAD_F_RX;

	if (!READ_ONCE(d->enabled)) {
		NL_SET_ERR_MSG(extack, "QUIC offload is disabled on the device");
		return -EOPNOTSUPP;
	}
	if (c->dir > QUIC_OFFLOAD_DIR_RX || c->key_phase > 1 ||
	    c->fail_action > QUIC_OFFLOAD_FAIL_DROP) {
		NL_SET_ERR_MSG(extack, "bad direction, key phase or fail action");
		return -EINVAL;
	}
	if (!(caps->features & need)) {
		NL_SET_ERR_MSG(extack, "device does not offload this direction");
		return -EOPNOTSUPP;
	}
	if (c->cipher >= 32 || !(caps->ciphers & BIT(c->cipher))) {
		NL_SET_ERR_MSG(extack, "cipher not offloaded by the device");
		return -EOPNOTSUPP;
	}
	if (c->cid_len > caps->max_cid_len) {
		NL_SET_ERR_MSG(extack, "connection ID too long for the device");
		return -EOPNOTSUPP;
	}
	if (c->family == AF_INET6 && !(caps->features & QUIC_OFFLOAD_F_IPV6)) {
		NL_SET_ERR_MSG(extack, "device does not offload IPv6");
		return -EAFNOSUPPORT;
	}
	if (c->family != AF_INET && c->family != AF_INET6)
		return -EAFNOSUPPORT;
	if (c->pn > QUIC_OFFLOAD_PN_MAX &&
	    !(c->dir == QUIC_OFFLOAD_DIR_RX && c->pn == QUIC_OFFLOAD_PN_NONE)) {
		NL_SET_ERR_MSG(extack, "packet number out of range");
		return -EINVAL;
	}
	return 0;
}

/**
 * quic_offload_conn_add() - offload one direction of a connection
 * @dev: the device the connection's packets use
 * @conn: what to offload
 * @handle: set to the device's handle on success
 * @extack: why not, on failure
 *
 * Return: 0; -ENODEV when @dev offers no offload; -EOPNOTSUPP,
 * -EAFNOSUPPORT or -EINVAL when the device cannot take @conn; or the
 * driver's error.  Any error: keep doing the crypto in software.
 */
int quic_offload_conn_add(struct net_device *dev,
			  const struct quic_offload_conn *conn, u32 *handle,
			  struct netlink_ext_ack *extack)
{
	struct quic_offload_dev *d = qo_get(dev);
	struct qo_flow *f;
	int ret;

	if (!d) {
		NL_SET_ERR_MSG(extack, "device does not offer QUIC offload");
		return -ENODEV;
	}
	ret = qo_check_conn(d, conn, extack);
	f = ret ? NULL : qo_flow_new(conn);
	if (!ret && !f)
		ret = -ENOMEM;
	if (!ret) {
		*handle = QUIC_OFFLOAD_HANDLE_INVALID;
		ret = d->ops->conn_add(dev, conn, handle, extack);
		if (!ret && *handle == QUIC_OFFLOAD_HANDLE_INVALID)
			ret = -EIO;
		/* the core lists what it offloaded; no record, no flow */
		if (!ret) {
			ret = qo_flow_insert(d, *handle, f);
			f = NULL;
			if (ret == -EBUSY) {
				/* a live handle twice: the driver is broken,
				 * and deleting would hit the older flow
				 */
				netdev_warn(dev, "QUIC offload handle %#x handed out twice\n",
					    *handle);
				ret = -EIO;
			} else if (ret) {
				d->ops->conn_del(dev, *handle);
			}
			if (ret)
				*handle = QUIC_OFFLOAD_HANDLE_INVALID;
		}
	}
	kfree(f);
	qo_put();
	return ret;
}
EXPORT_SYMBOL_GPL(quic_offload_conn_add);

/**
 * quic_offload_conn_del() - stop offloading an entry
 * @dev: the device
 * @handle: from quic_offload_conn_add()
 *
 * Return: 0, -ENODEV, -ENOENT for an unknown or stale handle.
 */
int quic_offload_conn_del(struct net_device *dev, u32 handle)
{
	struct quic_offload_dev *d = qo_get(dev);
	int ret;

	if (!d)
		return -ENODEV;
	ret = d->ops->conn_del(dev, handle);
	/* -ENOENT: the device lost it already; either way it is gone */
	if (!ret || ret == -ENOENT)
		qo_flow_erase(d, handle);
	qo_put();
	return ret;
}
EXPORT_SYMBOL_GPL(quic_offload_conn_del);

/**
 * quic_offload_key_install() - install the payload key of a key phase
 * @dev: the device
 * @handle: the entry
 * @phase: 0 or 1
 * @key: key and IV
 *
 * Return: 0, -ENODEV, -EINVAL, -EOPNOTSUPP (a second phase on a device
 * without key update), or the driver's error.
 */
int quic_offload_key_install(struct net_device *dev, u32 handle, u8 phase,
			     const struct quic_offload_key *key)
{
	struct quic_offload_dev *d;
	int ret;

	if (phase > 1 || !key || (key->key_len != 16 && key->key_len != 32))
		return -EINVAL;
	d = qo_get(dev);
	if (!d)
		return -ENODEV;
	if (phase && !(d->caps.features & QUIC_OFFLOAD_F_KEY_UPDATE))
		ret = -EOPNOTSUPP;
	else
		ret = d->ops->key_install(dev, handle, phase, key);
	if (!ret)
		qo_flow_keys(d, handle, BIT(phase), 0);
	qo_put();
	return ret;
}
EXPORT_SYMBOL_GPL(quic_offload_key_install);

/**
 * quic_offload_key_retire() - discard the key of a phase
 * @dev: the device
 * @handle: the entry
 * @phase: 0 or 1
 *
 * Return: 0 or -errno.
 */
int quic_offload_key_retire(struct net_device *dev, u32 handle, u8 phase)
{
	struct quic_offload_dev *d;
	int ret;

	if (phase > 1)
		return -EINVAL;
	d = qo_get(dev);
	if (!d)
		return -ENODEV;
	ret = d->ops->key_retire ? d->ops->key_retire(dev, handle, phase) : -EOPNOTSUPP;
	if (!ret)
		qo_flow_keys(d, handle, 0, BIT(phase));
	qo_put();
	return ret;
}
EXPORT_SYMBOL_GPL(quic_offload_key_retire);

/* cid_add and cid_del: the same checks, the op, then the core's record */
static int qo_cid_op(struct net_device *dev, u32 handle, const u8 *cid,
		     u8 cid_len, bool add)
{
	struct quic_offload_dev *d;
	int (*op)(struct net_device *dev, u32 handle, const u8 *cid,
		  u8 cid_len);
	int ret;

	if (cid_len > QUIC_OFFLOAD_MAX_CID_LEN || (cid_len && !cid))
		return -EINVAL;
	d = qo_get(dev);
	if (!d)
		return -ENODEV;
	op = add ? d->ops->cid_add : d->ops->cid_del;
	ret = op ? op(dev, handle, cid, cid_len) : -EOPNOTSUPP;
	if (!ret)
		qo_flow_cid(d, handle, cid, cid_len, add);
	qo_put();
	return ret;
}

/**
 * quic_offload_cid_add() - add an RX CID, or change the TX DCID
 * @dev: the device
 * @handle: the entry
 * @cid: connection ID
 * @cid_len: its length, up to the device's max_cid_len
 *
 * Return: 0 or -errno.
 */
int quic_offload_cid_add(struct net_device *dev, u32 handle, const u8 *cid,
			 u8 cid_len)
{
	return qo_cid_op(dev, handle, cid, cid_len, true);
}
EXPORT_SYMBOL_GPL(quic_offload_cid_add);

/**
 * quic_offload_cid_del() - stop matching an RX CID
 * @dev: the device
 * @handle: the entry
 * @cid: connection ID
 * @cid_len: its length
 *
 * Return: 0 or -errno.
 */
int quic_offload_cid_del(struct net_device *dev, u32 handle, const u8 *cid,
			 u8 cid_len)
{
	return qo_cid_op(dev, handle, cid, cid_len, false);
}
EXPORT_SYMBOL_GPL(quic_offload_cid_del);

/**
 * quic_offload_rx_resync() - report the largest PN authenticated in software
 * @dev: the device
 * @handle: an RX entry
 * @largest_pn: the PN
 *
 * Return: 0 or -errno.
 */
int quic_offload_rx_resync(struct net_device *dev, u32 handle, u64 largest_pn)
{
	struct quic_offload_dev *d;
	int ret;

	if (largest_pn > QUIC_OFFLOAD_PN_MAX)
		return -EINVAL;
	d = qo_get(dev);
	if (!d)
		return -ENODEV;
	ret = d->ops->rx_resync ? d->ops->rx_resync(dev, handle, largest_pn) : -EOPNOTSUPP;
	qo_put();
	return ret;
}
EXPORT_SYMBOL_GPL(quic_offload_rx_resync);

/**
 * quic_offload_get_stats() - read an entry's counters
 * @dev: the device
 * @handle: the entry
 * @stats: filled on success
 *
 * Return: 0 or -errno.
 */
int quic_offload_get_stats(struct net_device *dev, u32 handle,
			   struct quic_offload_stats *stats)
{
	struct quic_offload_dev *d;
	int ret;

	memset(stats, 0, sizeof(*stats));
	d = qo_get(dev);
	if (!d)
		return -ENODEV;
	ret = d->ops->get_stats ? d->ops->get_stats(dev, handle, stats) : -EOPNOTSUPP;
	qo_put();
	return ret;
}
EXPORT_SYMBOL_GPL(quic_offload_get_stats);

/**
 * quic_offload_notify() - a driver reports an event about one of its entries
 * @event: QUIC_OFFLOAD_KEY_PHASE_FLIP and later values
 * @info: which device and entry
 *
 * Process context, without driver locks held: listeners may call the ops.
 */
void quic_offload_notify(enum quic_offload_event event,
			 const struct quic_offload_event_info *info)
{
	if (event == QUIC_OFFLOAD_DEV_DOWN || !info)
		return;
	blocking_notifier_call_chain(&qo_chain, event, (void *)info);
	qo_nl_event(event, info->dev, info);
}
EXPORT_SYMBOL_GPL(quic_offload_notify);

/**
 * quic_offload_register_notifier() - hear about devices and their entries
 * @nb: called with enum quic_offload_event and its data
 *
 * Return: 0.
 */
int quic_offload_register_notifier(struct notifier_block *nb)
{
	return blocking_notifier_chain_register(&qo_chain, nb);
}
EXPORT_SYMBOL_GPL(quic_offload_register_notifier);

/**
 * quic_offload_unregister_notifier() - undo quic_offload_register_notifier()
 * @nb: the block
 *
 * Return: 0 or -ENOENT.
 */
int quic_offload_unregister_notifier(struct notifier_block *nb)
{
	return blocking_notifier_chain_unregister(&qo_chain, nb);
}
EXPORT_SYMBOL_GPL(quic_offload_unregister_notifier);

/*
 * A driver that forgot to unregister must not leave a dangling entry.  A
 * move to another netns also sends NETDEV_UNREGISTER, with the device still
 * NETREG_REGISTERED: it keeps its offload there.
 */
static int qo_netdev_event(struct notifier_block *nb, unsigned long event,
			   void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);

	if (event == NETDEV_UNREGISTER && dev->reg_state != NETREG_REGISTERED)
		quic_offload_unregister(dev);
	return NOTIFY_DONE;
}

static struct notifier_block qo_netdev_nb = {
	.notifier_call = qo_netdev_event,
};

static int __init quic_offload_init(void)
{
	int ret = register_netdevice_notifier(&qo_netdev_nb);

	if (ret)
		return ret;
	ret = genl_register_family(&quic_offload_nl_family);
	if (ret)
		unregister_netdevice_notifier(&qo_netdev_nb);
	return ret;
}

static void __exit quic_offload_exit(void)
{
	genl_unregister_family(&quic_offload_nl_family);
	unregister_netdevice_notifier(&qo_netdev_nb);
	rcu_barrier();
}

module_init(quic_offload_init);
module_exit(quic_offload_exit);
MODULE_DESCRIPTION("QUIC crypto offload device registry");
MODULE_LICENSE("GPL");
