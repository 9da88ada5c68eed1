// SPDX-License-Identifier: GPL-2.0-only
/*
 * qoe generic netlink family "qoe" (include/uapi/linux/qoe_offload.h): the
 * read-only view offloadctl shows - devices, capabilities, flows, counters.
 */
#include <net/genetlink.h>
#include <net/sock.h>
#include <uapi/linux/qoe_offload.h>

#include "qoe_dev.h"

static struct genl_family qoe_genl;

/* Requests carry at most an ifindex; anything else is refused (strict). */
static const struct nla_policy qoe_nl_policy[QOE_GENL_A_IFINDEX + 1] = {
	[QOE_GENL_A_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
};

/* Dump cursor, in cb->ctx. */
struct qoe_nl_cursor {
	unsigned int dev;	/* qoe_devs position */
	u32 slot;		/* next flow slot on that device */
};

static void *qoe_nl_hdr(struct sk_buff *msg, struct netlink_callback *cb,
			struct genl_info *info, u8 cmd)
{
	if (cb)
		return genlmsg_put(msg, NETLINK_CB(cb->skb).portid,
				   cb->nlh->nlmsg_seq, &qoe_genl, NLM_F_MULTI,
				   cmd);
	return genlmsg_put_reply(msg, info, &qoe_genl, 0, cmd);
}

/* Caller holds qoe_devs_lock. */
static struct qoe_dev *qoe_nl_dev(struct genl_info *info)
{
	struct qoe_dev *qd;

	if (GENL_REQ_ATTR_CHECK(info, QOE_GENL_A_IFINDEX))
		return ERR_PTR(-EINVAL);
	qd = qoe_dev_get_by_index(genl_info_net(info),
				  nla_get_u32(info->attrs[QOE_GENL_A_IFINDEX]));
	if (!qd) {
		NL_SET_BAD_ATTR(info->extack, info->attrs[QOE_GENL_A_IFINDEX]);
		NL_SET_ERR_MSG(info->extack, "no qoe device with that ifindex");
		return ERR_PTR(-ENODEV);
	}
	return qd;
}

static int qoe_nl_fill_dev(struct sk_buff *msg, struct qoe_dev *qd,
			   struct netlink_callback *cb, struct genl_info *info)
{
	u64 c[QOE_STAT_MAX] = {};
	void *hdr;

	hdr = qoe_nl_hdr(msg, cb, info, QOE_GENL_CMD_GET_DEV);
	if (!hdr)
		return -EMSGSIZE;
	mutex_lock(&qd->lock);
	qoe_host_dev_stats(qd->engine, c);
	mutex_unlock(&qd->lock);
	if (nla_put_u32(msg, QOE_GENL_A_IFINDEX, qd->netdev->ifindex) ||
	    nla_put_string(msg, QOE_GENL_A_IFNAME, qd->netdev->name) ||
	    nla_put_u32(msg, QOE_GENL_A_PEER_IFINDEX,
			qd->peer->netdev->ifindex) ||
	    nla_put_u8(msg, QOE_GENL_A_OFFLOAD,
		       !!(qd->pflags & QOE_PFLAG_OFFLOAD)) ||
	    nla_put_u32(msg, QOE_GENL_A_N_FLOWS, (u32)c[QOE_STAT_FLOWS])) {
		genlmsg_cancel(msg, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return 0;
}

static int qoe_nl_get_dev_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	struct qoe_dev *qd;
	int ret;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	mutex_lock(&qoe_devs_lock);
	qd = qoe_nl_dev(info);
	ret = IS_ERR(qd) ? PTR_ERR(qd) : qoe_nl_fill_dev(msg, qd, NULL, info);
	mutex_unlock(&qoe_devs_lock);
	if (ret) {
		nlmsg_free(msg);
		return ret;
	}
	return genlmsg_reply(msg, info);
}

static int qoe_nl_get_dev_dumpit(struct sk_buff *skb,
				 struct netlink_callback *cb)
{
	struct qoe_nl_cursor *cur = (void *)cb->ctx;
	struct net *net = sock_net(skb->sk);
	struct qoe_dev *qd;
	unsigned int i = 0;
	int ret = 0;

	mutex_lock(&qoe_devs_lock);
	list_for_each_entry(qd, &qoe_devs, list) {
		if (i++ < cur->dev || !net_eq(dev_net(qd->netdev), net))
			continue;
		ret = qoe_nl_fill_dev(skb, qd, cb, NULL);
		if (ret)
			break;
		cur->dev = i;
	}
	mutex_unlock(&qoe_devs_lock);
	return ret == -EMSGSIZE && skb->len ? skb->len : ret;
}

static int qoe_nl_get_caps_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct qoe_cmd_caps c = {};
	struct sk_buff *msg;
	struct nlattr *nest;
	struct qoe_dev *qd;
	void *hdr;
	int st;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	mutex_lock(&qoe_devs_lock);
	qd = qoe_nl_dev(info);
	if (IS_ERR(qd)) {
		mutex_unlock(&qoe_devs_lock);
		nlmsg_free(msg);
		return PTR_ERR(qd);
	}
	mutex_lock(&qd->lock);
	st = qoe_host_caps(qd->engine, &c);
	mutex_unlock(&qd->lock);
	mutex_unlock(&qoe_devs_lock);
	if (st) {
		nlmsg_free(msg);
		return qoe_status_to_errno(st);
	}
	hdr = qoe_nl_hdr(msg, NULL, info, QOE_GENL_CMD_GET_CAPS);
	if (!hdr)
		goto nospace;
	if (nla_put_u32(msg, QOE_GENL_A_IFINDEX,
			nla_get_u32(info->attrs[QOE_GENL_A_IFINDEX])))
		goto nospace;
	nest = nla_nest_start(msg, QOE_GENL_A_CAPS);
	if (!nest ||
	    nla_put_u32(msg, QOE_GENL_A_CAPS_ABI_VERSION,
			le16_to_cpu(c.abi_version)) ||
	    nla_put_u32(msg, QOE_GENL_A_CAPS_CIPHERS, le16_to_cpu(c.ciphers)) ||
	    nla_put_u32(msg, QOE_GENL_A_CAPS_FEATURES,
			le32_to_cpu(c.features)) ||
	    nla_put_u32(msg, QOE_GENL_A_CAPS_MAX_FLOWS,
			le32_to_cpu(c.max_flows)) ||
	    nla_put_u32(msg, QOE_GENL_A_CAPS_MAX_CIDS,
			le32_to_cpu(c.max_cids)) ||
	    nla_put_u32(msg, QOE_GENL_A_CAPS_MAX_CID_LEN, c.max_cid_len) ||
	    nla_put_u32(msg, QOE_GENL_A_CAPS_MAX_GSO_SEGS,
			le16_to_cpu(c.max_gso_segs)) ||
	    nla_put_u32(msg, QOE_GENL_A_CAPS_MAX_GRO_SEGS,
			le16_to_cpu(c.max_gro_segs)))
		goto nospace;
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
nospace:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

static int qoe_nl_put_flow(struct sk_buff *msg,
			   const struct qoe_cmd_flow_query *q)
{
	int alen = q->family == QOE_FAMILY_IPV4 ? 4 : 16;
	struct nlattr *nest;

	nest = nla_nest_start(msg, QOE_GENL_A_FLOW);
	if (!nest ||
	    nla_put_u32(msg, QOE_GENL_A_FLOW_HANDLE, le32_to_cpu(q->handle)) ||
	    nla_put_u8(msg, QOE_GENL_A_FLOW_DIR, q->dir) ||
	    nla_put_u8(msg, QOE_GENL_A_FLOW_CIPHER, q->cipher) ||
	    nla_put_u8(msg, QOE_GENL_A_FLOW_FAMILY, q->family) ||
	    nla_put(msg, QOE_GENL_A_FLOW_CID, min_t(u8, q->cid_len, 20),
		    q->cid) ||
	    nla_put(msg, QOE_GENL_A_FLOW_LOCAL_ADDR, alen, q->local_addr) ||
	    nla_put(msg, QOE_GENL_A_FLOW_REMOTE_ADDR, alen, q->remote_addr) ||
	    nla_put_u16(msg, QOE_GENL_A_FLOW_LOCAL_PORT,
			be16_to_cpu(q->local_port)) ||
	    nla_put_u16(msg, QOE_GENL_A_FLOW_REMOTE_PORT,
			be16_to_cpu(q->remote_port)) ||
	    nla_put_u8(msg, QOE_GENL_A_FLOW_KEY_PHASE, q->cur_phase) ||
	    nla_put_u8(msg, QOE_GENL_A_FLOW_KEYS_VALID, q->keys_valid) ||
	    nla_put_u64_64bit(msg, QOE_GENL_A_FLOW_PN, le64_to_cpu(q->pn),
			      QOE_GENL_A_FLOW_PAD) ||
	    nla_put_u64_64bit(msg, QOE_GENL_A_FLOW_PACKETS,
			      le64_to_cpu(q->packets), QOE_GENL_A_FLOW_PAD) ||
	    nla_put_u64_64bit(msg, QOE_GENL_A_FLOW_BYTES,
			      le64_to_cpu(q->bytes), QOE_GENL_A_FLOW_PAD) ||
	    nla_put_u64_64bit(msg, QOE_GENL_A_FLOW_AUTH_FAIL,
			      le64_to_cpu(q->auth_fail), QOE_GENL_A_FLOW_PAD) ||
	    nla_put_u64_64bit(msg, QOE_GENL_A_FLOW_KEY_UPDATES,
			      le64_to_cpu(q->key_updates),
			      QOE_GENL_A_FLOW_PAD) ||
	    nla_put_u64_64bit(msg, QOE_GENL_A_FLOW_DROPS,
			      le64_to_cpu(q->drops), QOE_GENL_A_FLOW_PAD) ||
	    nla_put_u32(msg, QOE_GENL_A_FLOW_N_CIDS, q->n_cids))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

/* Dump the flows of @qd from cur->slot; -EMSGSIZE when @skb is full. */
static int qoe_nl_dump_flows(struct sk_buff *skb, struct netlink_callback *cb,
			     struct qoe_dev *qd, struct qoe_nl_cursor *cur)
{
	struct qoe_cmd_flow_query q;
	void *hdr;
	int st;

	for (;;) {
		mutex_lock(&qd->lock);
		st = qoe_host_flow_query(qd->engine, cur->slot, true, &q);
		mutex_unlock(&qd->lock);
		if (st)
			return 0;	/* no flow at or after the cursor */
		hdr = qoe_nl_hdr(skb, cb, NULL, QOE_GENL_CMD_GET_FLOWS);
		if (!hdr)
			return -EMSGSIZE;
		if (nla_put_u32(skb, QOE_GENL_A_IFINDEX, qd->netdev->ifindex) ||
		    qoe_nl_put_flow(skb, &q)) {
			genlmsg_cancel(skb, hdr);
			return -EMSGSIZE;
		}
		genlmsg_end(skb, hdr);
		cur->slot = (le32_to_cpu(q.handle) & QOE_HANDLE_SLOT_MASK) + 1;
	}
}

static int qoe_nl_get_flows_dumpit(struct sk_buff *skb,
				   struct netlink_callback *cb)
{
	const struct genl_dumpit_info *di = genl_dumpit_info(cb);
	struct qoe_nl_cursor *cur = (void *)cb->ctx;
	struct nlattr *ifa = di->info.attrs[QOE_GENL_A_IFINDEX];
	struct net *net = sock_net(skb->sk);
	struct qoe_dev *qd;
	unsigned int i = 0;
	int ret = 0;

	mutex_lock(&qoe_devs_lock);
	if (ifa && !qoe_dev_get_by_index(net, nla_get_u32(ifa))) {
		mutex_unlock(&qoe_devs_lock);
		NL_SET_ERR_MSG(cb->extack, "no qoe device with that ifindex");
		return -ENODEV;
	}
	list_for_each_entry(qd, &qoe_devs, list) {
		if (i++ < cur->dev)
			continue;
		if (net_eq(dev_net(qd->netdev), net) &&
		    (!ifa || qd->netdev->ifindex == nla_get_u32(ifa))) {
			ret = qoe_nl_dump_flows(skb, cb, qd, cur);
			if (ret)
				break;
		}
		cur->dev = i;
		cur->slot = 0;
	}
	mutex_unlock(&qoe_devs_lock);
	return ret == -EMSGSIZE && skb->len ? skb->len : ret;
}

static int qoe_nl_put_stat(struct sk_buff *msg, const char *name, u64 v)
{
	struct nlattr *nest = nla_nest_start(msg, QOE_GENL_A_STATS_STAT);

	if (!nest || nla_put_string(msg, QOE_GENL_A_STAT_NAME, name) ||
	    nla_put_u64_64bit(msg, QOE_GENL_A_STAT_VALUE, v,
			      QOE_GENL_A_STAT_PAD))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int qoe_nl_get_stats_doit(struct sk_buff *skb, struct genl_info *info)
{
	u64 c[QOE_STAT_MAX] = {}, drv[QOE_DRV_STAT_MAX];
	struct sk_buff *msg;
	struct nlattr *nest;
	struct qoe_dev *qd;
	void *hdr;
	int i, ifindex;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	mutex_lock(&qoe_devs_lock);
	qd = qoe_nl_dev(info);
	if (IS_ERR(qd)) {
		mutex_unlock(&qoe_devs_lock);
		nlmsg_free(msg);
		return PTR_ERR(qd);
	}
	ifindex = qd->netdev->ifindex;
	mutex_lock(&qd->lock);
	qoe_host_dev_stats(qd->engine, c);
	mutex_unlock(&qd->lock);
	for (i = 0; i < QOE_DRV_STAT_MAX; i++)
		drv[i] = atomic64_read(&qd->stats[i]);
	mutex_unlock(&qoe_devs_lock);

	hdr = qoe_nl_hdr(msg, NULL, info, QOE_GENL_CMD_GET_STATS);
	if (!hdr || nla_put_u32(msg, QOE_GENL_A_IFINDEX, ifindex))
		goto nospace;
	nest = nla_nest_start(msg, QOE_GENL_A_STATS);
	if (!nest)
		goto nospace;
	for (i = 0; i < QOE_STAT_MAX; i++)
		if (qoe_nl_put_stat(msg, qoe_stat_names[i], c[i]))
			goto nospace;
	for (i = 0; i < QOE_DRV_STAT_MAX; i++)
		if (qoe_nl_put_stat(msg, qoe_drv_stat_names[i], drv[i]))
			goto nospace;
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
nospace:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

static const struct genl_ops qoe_nl_ops[] = {
	{
		.cmd = QOE_GENL_CMD_GET_DEV,
		.doit = qoe_nl_get_dev_doit,
		.dumpit = qoe_nl_get_dev_dumpit,
		.policy = qoe_nl_policy,
		.maxattr = QOE_GENL_A_IFINDEX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = QOE_GENL_CMD_GET_CAPS,
		.doit = qoe_nl_get_caps_doit,
		.policy = qoe_nl_policy,
		.maxattr = QOE_GENL_A_IFINDEX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = QOE_GENL_CMD_GET_FLOWS,
		.dumpit = qoe_nl_get_flows_dumpit,
		.policy = qoe_nl_policy,
		.maxattr = QOE_GENL_A_IFINDEX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = QOE_GENL_CMD_GET_STATS,
		.doit = qoe_nl_get_stats_doit,
		.policy = qoe_nl_policy,
		.maxattr = QOE_GENL_A_IFINDEX,
		.flags = GENL_ADMIN_PERM,
	},
};

static struct genl_family qoe_genl __ro_after_init = {
	.name = QOE_GENL_NAME,
	.version = QOE_GENL_VERSION,
	.netnsok = true,
	.module = THIS_MODULE,
	.ops = qoe_nl_ops,
	.n_ops = ARRAY_SIZE(qoe_nl_ops),
	.resv_start_op = QOE_GENL_CMD_GET_STATS + 1,
};

int __init qoe_netlink_init(void)
{
	BUILD_BUG_ON(sizeof(struct qoe_nl_cursor) >
		     sizeof_field(struct netlink_callback, ctx));
	return genl_register_family(&qoe_genl);
}

void qoe_netlink_exit(void)
{
	genl_unregister_family(&qoe_genl);
}
