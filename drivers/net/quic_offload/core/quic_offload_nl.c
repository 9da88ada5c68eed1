// SPDX-License-Identifier: GPL-2.0-only
/*
 * The quic-offload generic netlink family: devices, their flows, flow-add/
 * del/key-install through the checked wrappers, and device events.  The
 * policies and op table are generated from
 * Documentation/netlink/specs/quic_offload.yaml (quic_offload_nl_gen.c);
 * this file holds the handlers.  It works for any registered device.
 */
#include <kunit/visibility.h>
#include <linux/netdevice.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "quic_offload_core.h"
#include "quic_offload_nl_gen.h"

/*
 * The generated table has no flags on groups in 6.12; events name flows,
 * so joining needs CAP_NET_ADMIN, as the spec says.
 */
static const struct genl_multicast_group qo_nl_mcgrps[] = {
	[QUIC_OFFLOAD_NLGRP_EVENTS] = {
		.name = QUIC_OFFLOAD_MCGRP_EVENTS,
		.flags = GENL_MCAST_CAP_NET_ADMIN,
	},
};

struct genl_family quic_offload_nl_family __ro_after_init = {
	.name		= QUIC_OFFLOAD_FAMILY_NAME,
	.version	= QUIC_OFFLOAD_FAMILY_VERSION,
	.netnsok	= true,
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.split_ops	= quic_offload_nl_ops,
	.n_split_ops	= ARRAY_SIZE(quic_offload_nl_ops),
	.mcgrps		= qo_nl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(qo_nl_mcgrps),
};

/* Where a dump stopped: devices go by ifindex, flows by handle. */
struct qo_nl_cursor {
	int ifindex;
	unsigned long handle;
};

static_assert(sizeof(struct qo_nl_cursor) <=
	      sizeof_field(struct netlink_callback, ctx));

static void *qo_nl_put_hdr(struct sk_buff *msg, struct netlink_callback *cb,
			   struct genl_info *info, u8 cmd)
{
	if (cb)
		return genlmsg_put(msg, NETLINK_CB(cb->skb).portid,
				   cb->nlh->nlmsg_seq, &quic_offload_nl_family,
				   NLM_F_MULTI, cmd);
	return genlmsg_put_reply(msg, info, &quic_offload_nl_family, 0, cmd);
}

/*
 * The registered device of @net with the smallest ifindex >= @ifindex (a
 * dump's next stop), or with exactly @ifindex.  Under qo_lock.
 */
static struct quic_offload_dev *qo_nl_next_dev(struct net *net, int ifindex,
					       bool exact)
{
	struct quic_offload_dev *d, *best = NULL;

	list_for_each_entry(d, &qo_devs, list) {
		if (!net_eq(dev_net(d->dev), net) || d->dev->ifindex < ifindex)
			continue;
		if (exact && d->dev->ifindex != ifindex)
			continue;
		if (!best || d->dev->ifindex < best->dev->ifindex)
			best = d;
	}
	return best;
}

/*
 * The device a do request names (dev and flow sets number IFINDEX alike),
 * or NULL with the attribute named in the extack.  Under qo_lock.
 */
static struct quic_offload_dev *qo_nl_req_dev(struct genl_info *info)
{
	struct nlattr *a = info->attrs[QUIC_OFFLOAD_A_FLOW_IFINDEX];
	struct quic_offload_dev *d;

	BUILD_BUG_ON((int)QUIC_OFFLOAD_A_DEV_IFINDEX !=
		     (int)QUIC_OFFLOAD_A_FLOW_IFINDEX);
	d = qo_nl_next_dev(genl_info_net(info), nla_get_u32(a), true);
	if (!d)
		NL_SET_ERR_MSG_ATTR(info->extack, a,
				    "no QUIC offload device with this ifindex");
	return d;
}

static int qo_nl_fill_dev(struct sk_buff *msg, struct quic_offload_dev *d,
			  struct netlink_callback *cb, struct genl_info *info)
{
	const struct quic_offload_caps *c = &d->caps;
	void *hdr = qo_nl_put_hdr(msg, cb, info, QUIC_OFFLOAD_CMD_DEV_GET);

	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(msg, QUIC_OFFLOAD_A_DEV_IFINDEX, d->dev->ifindex) ||
	    nla_put_string(msg, QUIC_OFFLOAD_A_DEV_IFNAME, d->dev->name) ||
	    nla_put_u8(msg, QUIC_OFFLOAD_A_DEV_ENABLED, READ_ONCE(d->enabled)) ||
	    nla_put_u32(msg, QUIC_OFFLOAD_A_DEV_CIPHERS, c->ciphers) ||
	    nla_put_u32(msg, QUIC_OFFLOAD_A_DEV_FEATURES, c->features) ||
	    nla_put_u32(msg, QUIC_OFFLOAD_A_DEV_MAX_FLOWS, c->max_conns) ||
	    nla_put_u32(msg, QUIC_OFFLOAD_A_DEV_MAX_CID_LEN, c->max_cid_len) ||
	    nla_put_u32(msg, QUIC_OFFLOAD_A_DEV_MAX_GSO_SEGS, c->max_gso_segs) ||
	    nla_put_u32(msg, QUIC_OFFLOAD_A_DEV_MAX_GRO_SEGS, c->max_gro_segs) ||
	    nla_put_u32(msg, QUIC_OFFLOAD_A_DEV_N_FLOWS, READ_ONCE(d->n_flows))) {
		genlmsg_cancel(msg, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return 0;
}

int quic_offload_nl_dev_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct quic_offload_dev *d;
	struct sk_buff *msg;
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, QUIC_OFFLOAD_A_DEV_IFINDEX))
		return -EINVAL;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	down_read(&qo_lock);
	d = qo_nl_req_dev(info);
	ret = d ? qo_nl_fill_dev(msg, d, NULL, info) : -ENODEV;
	up_read(&qo_lock);
	if (ret) {
		nlmsg_free(msg);
		return ret;
	}
	return genlmsg_reply(msg, info);
}

int quic_offload_nl_dev_get_dumpit(struct sk_buff *skb,
				   struct netlink_callback *cb)
{
	struct qo_nl_cursor *cur = (void *)cb->ctx;
	struct net *net = sock_net(skb->sk);
	struct quic_offload_dev *d;
	int ret = 0;

	down_read(&qo_lock);
	while ((d = qo_nl_next_dev(net, cur->ifindex, false))) {
		ret = qo_nl_fill_dev(skb, d, cb, NULL);
		if (ret)
			break;
		cur->ifindex = d->dev->ifindex + 1;
	}
	up_read(&qo_lock);
	return ret == -EMSGSIZE && skb->len ? skb->len : ret;
}

static int qo_nl_put_addr(struct sk_buff *msg, int type, u16 family,
			  const struct in6_addr *a)
{
	return nla_put(msg, type, family == AF_INET ? 4 : 16, a);
}

/*
 * One flow: the core's record and the driver's counters.  -ENOENT when the
 * device no longer has it (lost in a reset): not listed.
 */
static int qo_nl_fill_flow(struct sk_buff *msg, struct quic_offload_dev *d,
			   const struct qo_flow *f, struct netlink_callback *cb,
			   struct genl_info *info)
{
	struct quic_offload_stats st = {};
	void *hdr;
	int ret;

	ret = d->ops->get_stats ? d->ops->get_stats(d->dev, f->handle, &st) :
				  -EOPNOTSUPP;
	if (ret == -ENOENT)
		return ret;
	hdr = qo_nl_put_hdr(msg, cb, info, QUIC_OFFLOAD_CMD_FLOW_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);
	if (nla_put_u32(msg, QUIC_OFFLOAD_A_FLOW_IFINDEX, d->dev->ifindex) ||
	    nla_put_u32(msg, QUIC_OFFLOAD_A_FLOW_HANDLE, f->handle) ||
	    nla_put_u8(msg, QUIC_OFFLOAD_A_FLOW_DIR, f->dir) ||
	    nla_put_u8(msg, QUIC_OFFLOAD_A_FLOW_CIPHER, f->cipher) ||
	    nla_put_u16(msg, QUIC_OFFLOAD_A_FLOW_FAMILY, f->family) ||
	    nla_put(msg, QUIC_OFFLOAD_A_FLOW_CID, f->cid_len, f->cid) ||
	    qo_nl_put_addr(msg, QUIC_OFFLOAD_A_FLOW_LOCAL_ADDR, f->family,
			   &f->saddr.v6) ||
	    qo_nl_put_addr(msg, QUIC_OFFLOAD_A_FLOW_REMOTE_ADDR, f->family,
			   &f->daddr.v6) ||
	    nla_put_be16(msg, QUIC_OFFLOAD_A_FLOW_LOCAL_PORT, f->sport) ||
	    nla_put_be16(msg, QUIC_OFFLOAD_A_FLOW_REMOTE_PORT, f->dport) ||
	    nla_put_u8(msg, QUIC_OFFLOAD_A_FLOW_KEYS_VALID, f->keys_valid) ||
	    nla_put_u32(msg, QUIC_OFFLOAD_A_FLOW_N_CIDS, f->n_cids) ||
	    nla_put_uint(msg, QUIC_OFFLOAD_A_FLOW_AGE_MS,
			 div_u64(ktime_get_ns() - f->added_ns, NSEC_PER_MSEC)))
		goto cancel;
	/* a driver without counters still lists its flows */
	if (!ret &&
	    (nla_put_u8(msg, QUIC_OFFLOAD_A_FLOW_KEY_PHASE, st.key_phase) ||
	     nla_put_uint(msg, QUIC_OFFLOAD_A_FLOW_PN, st.pn) ||
	     nla_put_uint(msg, QUIC_OFFLOAD_A_FLOW_PACKETS, st.packets) ||
	     nla_put_uint(msg, QUIC_OFFLOAD_A_FLOW_BYTES, st.bytes) ||
	     nla_put_uint(msg, QUIC_OFFLOAD_A_FLOW_AUTH_FAIL, st.auth_fail) ||
	     nla_put_uint(msg, QUIC_OFFLOAD_A_FLOW_KEY_UPDATES, st.key_updates) ||
	     nla_put_uint(msg, QUIC_OFFLOAD_A_FLOW_DROPS, st.drops)))
		goto cancel;
	if (!ret && st.key_missing_valid &&
	    nla_put_uint(msg, QUIC_OFFLOAD_A_FLOW_KEY_MISSING, st.key_missing))
		goto cancel;
	genlmsg_end(msg, hdr);
	return 0;
cancel:
	genlmsg_cancel(msg, hdr);
	return -EMSGSIZE;
}

int quic_offload_nl_flow_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct quic_offload_dev *d;
	struct sk_buff *msg;
	struct qo_flow f;
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, QUIC_OFFLOAD_A_FLOW_IFINDEX) ||
	    GENL_REQ_ATTR_CHECK(info, QUIC_OFFLOAD_A_FLOW_HANDLE))
		return -EINVAL;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	down_read(&qo_lock);
	d = qo_nl_req_dev(info);
	if (!d)
		ret = -ENODEV;
	else if (!qo_flow_copy(d, nla_get_u32(info->attrs[QUIC_OFFLOAD_A_FLOW_HANDLE]),
			       &f))
		ret = -ENOENT;
	else
		ret = qo_nl_fill_flow(msg, d, &f, NULL, info);
	up_read(&qo_lock);
	if (ret == -ENOENT)
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[QUIC_OFFLOAD_A_FLOW_HANDLE],
				    "no such flow on the device");
	if (ret) {
		nlmsg_free(msg);
		return ret;
	}
	return genlmsg_reply(msg, info);
}

int quic_offload_nl_flow_get_dumpit(struct sk_buff *skb,
				    struct netlink_callback *cb)
{
	const struct genl_info *info = genl_info_dump(cb);
	struct qo_nl_cursor *cur = (void *)cb->ctx;
	struct net *net = sock_net(skb->sk);
	struct nlattr *only = info->attrs[QUIC_OFFLOAD_A_FLOW_IFINDEX];
	struct quic_offload_dev *d;
	struct qo_flow *r, f;
	int ret = 0;

	BUILD_BUG_ON(sizeof(*cur) > sizeof_field(struct netlink_callback, ctx));
	cb->seq = atomic_read(&qo_flows_gen);
	down_read(&qo_lock);
	if (only && !cur->ifindex) {
		cur->ifindex = nla_get_u32(only);
		if (!qo_nl_next_dev(net, cur->ifindex, true)) {
			NL_SET_ERR_MSG_ATTR(cb->extack, only,
					    "no QUIC offload device with this ifindex");
			ret = -ENODEV;
		}
	}
	while (!ret && (d = qo_nl_next_dev(net, cur->ifindex, false))) {
		if (only && d->dev->ifindex != nla_get_u32(only))
			break;
		cur->ifindex = d->dev->ifindex;
		xa_for_each_start(&d->flows, cur->handle, r, cur->handle) {
			if (!qo_flow_copy(d, cur->handle, &f))
				continue;
			ret = qo_nl_fill_flow(skb, d, &f, cb, NULL);
			if (ret == -ENOENT)
				ret = 0;
			if (ret)
				break;
		}
		if (ret)
			break;
		cur->ifindex++;
		cur->handle = 0;
	}
	up_read(&qo_lock);
	return ret == -EMSGSIZE && skb->len ? skb->len : ret;
}

/* The device @info names, held; NULL (extack set) when there is none. */
static struct net_device *qo_nl_dev(struct genl_info *info,
				    netdevice_tracker *tracker)
{
	struct nlattr *a = info->attrs[QUIC_OFFLOAD_A_FLOW_IFINDEX];
	struct net_device *dev;

	if (GENL_REQ_ATTR_CHECK(info, QUIC_OFFLOAD_A_FLOW_IFINDEX))
		return NULL;
	dev = netdev_get_by_index(genl_info_net(info), nla_get_u32(a), tracker,
				  GFP_KERNEL);
	if (!dev)
		NL_SET_ERR_MSG_ATTR(info->extack, a, "no such device");
	return dev;
}

/*
 * Key material in the request: gone once the request is handled.  @last is
 * the op's maxattr: info->attrs holds that many entries and no more.
 */
static void qo_nl_wipe(struct genl_info *info, int last)
{
	static const int keys[] = {
		QUIC_OFFLOAD_A_FLOW_KEY,
		QUIC_OFFLOAD_A_FLOW_IV,
		QUIC_OFFLOAD_A_FLOW_HP_KEY,
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(keys); i++)
		if (keys[i] <= last && info->attrs[keys[i]])
			memzero_explicit(nla_data(info->attrs[keys[i]]),
					 nla_len(info->attrs[keys[i]]));
}

static int qo_nl_key(struct genl_info *info, int type, u8 cipher, u8 *to)
{
	struct nlattr *a = info->attrs[type];
	unsigned int len = quic_offload_cipher_key_len(cipher);

	if (GENL_REQ_ATTR_CHECK(info, type))
		return -EINVAL;
	if (nla_len(a) != len) {
		NL_SET_ERR_MSG_ATTR_FMT(info->extack, a,
					"key is %d bytes, the cipher's is %u",
					nla_len(a), len);
		return -EINVAL;
	}
	memcpy(to, nla_data(a), len);
	return 0;
}

static int qo_nl_addr(struct genl_info *info, int type, u16 family,
		      struct in6_addr *to)
{
	struct nlattr *a = info->attrs[type];
	int len = family == AF_INET ? 4 : 16;

	if (GENL_REQ_ATTR_CHECK(info, type))
		return -EINVAL;
	if (nla_len(a) != len) {
		NL_SET_ERR_MSG_ATTR(info->extack, a,
				    "address length does not match the family");
		return -EINVAL;
	}
	memcpy(to, nla_data(a), len);
	return 0;
}

/* @c and @k from a flow-add request; -EINVAL with the attribute named. */
static int qo_nl_parse_conn(struct genl_info *info,
			    struct quic_offload_conn *c,
			    struct quic_offload_key *k)
{
	struct nlattr **tb = info->attrs;
	struct nlattr *cid = tb[QUIC_OFFLOAD_A_FLOW_CID];
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, QUIC_OFFLOAD_A_FLOW_DIR) ||
	    GENL_REQ_ATTR_CHECK(info, QUIC_OFFLOAD_A_FLOW_CIPHER) ||
	    GENL_REQ_ATTR_CHECK(info, QUIC_OFFLOAD_A_FLOW_FAMILY) ||
	    GENL_REQ_ATTR_CHECK(info, QUIC_OFFLOAD_A_FLOW_LOCAL_PORT) ||
	    GENL_REQ_ATTR_CHECK(info, QUIC_OFFLOAD_A_FLOW_REMOTE_PORT) ||
	    GENL_REQ_ATTR_CHECK(info, QUIC_OFFLOAD_A_FLOW_IV))
		return -EINVAL;
	c->dir = nla_get_u8(tb[QUIC_OFFLOAD_A_FLOW_DIR]);
	c->cipher = nla_get_u8(tb[QUIC_OFFLOAD_A_FLOW_CIPHER]);
	c->family = nla_get_u16(tb[QUIC_OFFLOAD_A_FLOW_FAMILY]);
	if (c->family != AF_INET && c->family != AF_INET6) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[QUIC_OFFLOAD_A_FLOW_FAMILY],
				    "family is AF_INET or AF_INET6");
		return -EINVAL;
	}
	if (cid && nla_len(cid) > QUIC_OFFLOAD_MAX_CID_LEN) {
		NL_SET_ERR_MSG_ATTR(info->extack, cid,
				    "connection ID longer than 20 bytes");
		return -EINVAL;
	}
	if (cid) {
		c->cid_len = nla_len(cid);
		memcpy(c->cid, nla_data(cid), c->cid_len);
	}
	ret = qo_nl_addr(info, QUIC_OFFLOAD_A_FLOW_LOCAL_ADDR, c->family,
			 &c->saddr.v6) ?:
	      qo_nl_addr(info, QUIC_OFFLOAD_A_FLOW_REMOTE_ADDR, c->family,
			 &c->daddr.v6) ?:
	      qo_nl_key(info, QUIC_OFFLOAD_A_FLOW_KEY, c->cipher, k->key) ?:
	      qo_nl_key(info, QUIC_OFFLOAD_A_FLOW_HP_KEY, c->cipher, c->hp_key);
	if (ret)
		return ret;
	c->sport = nla_get_be16(tb[QUIC_OFFLOAD_A_FLOW_LOCAL_PORT]);
	c->dport = nla_get_be16(tb[QUIC_OFFLOAD_A_FLOW_REMOTE_PORT]);
	c->pn = c->dir == QUIC_OFFLOAD_DIR_RX ? QUIC_OFFLOAD_PN_NONE : 0;
	if (tb[QUIC_OFFLOAD_A_FLOW_PN])
		c->pn = nla_get_uint(tb[QUIC_OFFLOAD_A_FLOW_PN]);
	if (tb[QUIC_OFFLOAD_A_FLOW_KEY_PHASE])
		c->key_phase = nla_get_u8(tb[QUIC_OFFLOAD_A_FLOW_KEY_PHASE]);
	if (tb[QUIC_OFFLOAD_A_FLOW_FAIL_ACTION])
		c->fail_action = nla_get_u8(tb[QUIC_OFFLOAD_A_FLOW_FAIL_ACTION]);
	k->key_len = quic_offload_cipher_key_len(c->cipher);
	memcpy(k->iv, nla_data(tb[QUIC_OFFLOAD_A_FLOW_IV]), QUIC_OFFLOAD_IV_LEN);
	return 0;
}

static int qo_nl_reply_handle(struct genl_info *info, int ifindex, u32 handle)
{
	struct sk_buff *msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	void *hdr;

	if (!msg)
		return -ENOMEM;
	hdr = qo_nl_put_hdr(msg, NULL, info, QUIC_OFFLOAD_CMD_FLOW_ADD);
	if (!hdr || nla_put_u32(msg, QUIC_OFFLOAD_A_FLOW_IFINDEX, ifindex) ||
	    nla_put_u32(msg, QUIC_OFFLOAD_A_FLOW_HANDLE, handle)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

int quic_offload_nl_flow_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct quic_offload_conn c = {};
	struct quic_offload_key k = {};
	netdevice_tracker tracker;
	struct net_device *dev;
	u32 handle = 0;
	int ret;

	ret = qo_nl_parse_conn(info, &c, &k);
	/* flow-add's policy ends at HP_KEY (quic_offload_nl_gen.c) */
	qo_nl_wipe(info, QUIC_OFFLOAD_A_FLOW_HP_KEY);
	if (ret)
		goto out;
	dev = qo_nl_dev(info, &tracker);
	if (!dev) {
		ret = -ENODEV;
		goto out;
	}
	ret = quic_offload_conn_add(dev, &c, &handle, info->extack);
	if (!ret) {
		ret = quic_offload_key_install(dev, handle, c.key_phase, &k);
		if (ret) {
			NL_SET_ERR_MSG(info->extack, "the device refused the key");
			quic_offload_conn_del(dev, handle);
		}
	}
	if (!ret) {
		ret = qo_nl_reply_handle(info, dev->ifindex, handle);
		/* no reply, no handle to delete it with: undo */
		if (ret)
			quic_offload_conn_del(dev, handle);
	}
	netdev_put(dev, &tracker);
out:
	memzero_explicit(&k, sizeof(k));
	memzero_explicit(c.hp_key, sizeof(c.hp_key));
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(quic_offload_nl_flow_add_doit);

static int qo_nl_no_flow(struct genl_info *info, int ret)
{
	if (ret == -ENOENT)
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[QUIC_OFFLOAD_A_FLOW_HANDLE],
				    "no such flow on the device");
	else if (ret == -ENODEV)
		NL_SET_ERR_MSG(info->extack, "device does not offer QUIC offload");
	return ret;
}

int quic_offload_nl_flow_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	netdevice_tracker tracker;
	struct net_device *dev;
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, QUIC_OFFLOAD_A_FLOW_HANDLE))
		return -EINVAL;
	dev = qo_nl_dev(info, &tracker);
	if (!dev)
		return -ENODEV;
	ret = quic_offload_conn_del(dev,
				    nla_get_u32(info->attrs[QUIC_OFFLOAD_A_FLOW_HANDLE]));
	netdev_put(dev, &tracker);
	return qo_nl_no_flow(info, ret);
}

int quic_offload_nl_key_install_doit(struct sk_buff *skb,
				     struct genl_info *info)
{
	struct quic_offload_key k = {};
	netdevice_tracker tracker;
	struct quic_offload_dev *d;
	struct net_device *dev;
	struct qo_flow f;
	u32 handle;
	u8 phase;
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, QUIC_OFFLOAD_A_FLOW_HANDLE) ||
	    GENL_REQ_ATTR_CHECK(info, QUIC_OFFLOAD_A_FLOW_KEY_PHASE) ||
	    GENL_REQ_ATTR_CHECK(info, QUIC_OFFLOAD_A_FLOW_IV)) {
		qo_nl_wipe(info, QUIC_OFFLOAD_A_FLOW_IV);
		return -EINVAL;
	}
	handle = nla_get_u32(info->attrs[QUIC_OFFLOAD_A_FLOW_HANDLE]);
	dev = qo_nl_dev(info, &tracker);
	if (!dev) {
		qo_nl_wipe(info, QUIC_OFFLOAD_A_FLOW_IV);
		return -ENODEV;
	}
	/* the key length follows the flow's cipher, which the core knows */
	d = qo_get(dev);
	ret = d ? (qo_flow_copy(d, handle, &f) ? 0 : -ENOENT) : -ENODEV;
	if (d)
		qo_put();
	if (!ret)
		ret = qo_nl_key(info, QUIC_OFFLOAD_A_FLOW_KEY, f.cipher, k.key);
	qo_nl_wipe(info, QUIC_OFFLOAD_A_FLOW_IV);
	if (!ret) {
		k.key_len = quic_offload_cipher_key_len(f.cipher);
		memcpy(k.iv, nla_data(info->attrs[QUIC_OFFLOAD_A_FLOW_IV]),
		       QUIC_OFFLOAD_IV_LEN);
		phase = nla_get_u8(info->attrs[QUIC_OFFLOAD_A_FLOW_KEY_PHASE]);
		ret = quic_offload_key_install(dev, handle, phase, &k);
	}
	netdev_put(dev, &tracker);
	memzero_explicit(&k, sizeof(k));
	return qo_nl_no_flow(info, ret);
}
EXPORT_SYMBOL_IF_KUNIT(quic_offload_nl_key_install_doit);

/**
 * qo_nl_event() - tell the "events" group what a device reported
 * @event: what happened
 * @dev: the device
 * @info: the flow, phase and value; NULL for QUIC_OFFLOAD_DEV_DOWN
 *
 * Process context.  A listener that cannot keep up loses messages (and
 * sees ENOBUFS), as with any netlink multicast.
 */
void qo_nl_event(enum quic_offload_event event, struct net_device *dev,
		 const struct quic_offload_event_info *info)
{
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&quic_offload_nl_family, dev_net(dev),
				QUIC_OFFLOAD_NLGRP_EVENTS))
		return;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &quic_offload_nl_family, 0,
			  QUIC_OFFLOAD_CMD_FLOW_EVENT);
	if (!hdr ||
	    nla_put_u32(msg, QUIC_OFFLOAD_A_EVENT_IFINDEX, dev->ifindex) ||
	    nla_put_u8(msg, QUIC_OFFLOAD_A_EVENT_TYPE, event) ||
	    (info &&
	     (nla_put_u32(msg, QUIC_OFFLOAD_A_EVENT_HANDLE, info->handle) ||
	      nla_put_u8(msg, QUIC_OFFLOAD_A_EVENT_PHASE, info->phase) ||
	      nla_put_uint(msg, QUIC_OFFLOAD_A_EVENT_VALUE, info->value)))) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&quic_offload_nl_family, dev_net(dev), msg, 0,
				QUIC_OFFLOAD_NLGRP_EVENTS, GFP_KERNEL);
}
