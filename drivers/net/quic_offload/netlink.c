// SPDX-License-Identifier: GPL-2.0-only
/*
 * qoe generic netlink family "qoe" (include/uapi/linux/qoe_offload.h): the
 * view offloadctl shows - devices, capabilities, flows, counters - plus
 * add-flow, del-flow and key-update through the in-kernel offload API, and
 * the "events" multicast group fed by the quic_offload notifier.
 */
#include <linux/string.h>
#include <net/genetlink.h>
#include <net/quic_offload.h>
#include <net/sock.h>
#include <uapi/linux/qoe_offload.h>

#include "qoe_dev.h"

static struct genl_family qoe_genl;

/* Requests carry at most an ifindex; anything else is refused (strict). */
static const struct nla_policy qoe_nl_policy[QOE_GENL_A_IFINDEX + 1] = {
	[QOE_GENL_A_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
};

/* What add-flow, del-flow and key-update may carry inside QOE_GENL_A_FLOW. */
static const struct nla_policy qoe_nl_flow_policy[QOE_GENL_A_FLOW_MAX + 1] = {
	[QOE_GENL_A_FLOW_HANDLE] = NLA_POLICY_MIN(NLA_U32, 1),
	[QOE_GENL_A_FLOW_DIR] = NLA_POLICY_MAX(NLA_U8, QOE_GENL_DIR_RX),
	[QOE_GENL_A_FLOW_CIPHER] =
		NLA_POLICY_RANGE(NLA_U8, QOE_GENL_CIPHER_AES_128_GCM,
				 QOE_GENL_CIPHER_CHACHA20_POLY1305),
	[QOE_GENL_A_FLOW_FAMILY] = NLA_POLICY_RANGE(NLA_U8, 4, 6),
	[QOE_GENL_A_FLOW_CID] = { .type = NLA_BINARY,
				  .len = QUIC_OFFLOAD_MAX_CID_LEN },
	[QOE_GENL_A_FLOW_LOCAL_ADDR] = NLA_POLICY_RANGE(NLA_BINARY, 4, 16),
	[QOE_GENL_A_FLOW_REMOTE_ADDR] = NLA_POLICY_RANGE(NLA_BINARY, 4, 16),
	[QOE_GENL_A_FLOW_LOCAL_PORT] = NLA_POLICY_MIN(NLA_U16, 1),
	[QOE_GENL_A_FLOW_REMOTE_PORT] = NLA_POLICY_MIN(NLA_U16, 1),
	[QOE_GENL_A_FLOW_KEY_PHASE] = NLA_POLICY_MAX(NLA_U8, 1),
	[QOE_GENL_A_FLOW_PN] = { .type = NLA_U64 },
	[QOE_GENL_A_FLOW_FAIL_ACTION] = NLA_POLICY_MAX(NLA_U8,
						       QOE_GENL_FAIL_DROP),
	[QOE_GENL_A_FLOW_KEY] = NLA_POLICY_RANGE(NLA_BINARY, 16,
						 QUIC_OFFLOAD_MAX_KEY_LEN),
	[QOE_GENL_A_FLOW_IV] = NLA_POLICY_EXACT_LEN(QUIC_OFFLOAD_IV_LEN),
	[QOE_GENL_A_FLOW_HP_KEY] = NLA_POLICY_RANGE(NLA_BINARY, 16,
						    QUIC_OFFLOAD_MAX_KEY_LEN),
};

static const struct nla_policy qoe_nl_set_policy[QOE_GENL_A_FLOW + 1] = {
	[QOE_GENL_A_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[QOE_GENL_A_FLOW] = NLA_POLICY_NESTED(qoe_nl_flow_policy),
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
	qoe_host_dev_stats(qd->host, c);
	mutex_unlock(&qd->lock);
	if (nla_put_u32(msg, QOE_GENL_A_IFINDEX, qd->netdev->ifindex) ||
	    nla_put_string(msg, QOE_GENL_A_IFNAME, qd->netdev->name) ||
	    (qd->peer && nla_put_u32(msg, QOE_GENL_A_PEER_IFINDEX,
				     qd->peer->netdev->ifindex)) ||
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
	st = qoe_host_caps(qd->host, &c);
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
		st = qoe_host_flow_query(qd->host, cur->slot, true, &q);
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
		cur->slot = le32_to_cpu(q.next);
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
	qoe_host_dev_stats(qd->host, c);
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

/* Key bytes of @cipher: the exact length of KEY and HP_KEY. */
static unsigned int qoe_nl_key_len(u8 cipher)
{
	return cipher == QOE_GENL_CIPHER_AES_128_GCM ? 16 : 32;
}

/*
 * Wipe key material in the request too: an error ACK echoes it back, and
 * the skb is freed unwiped.  Walks the nest as it came, so a request the
 * policy refused, or one carrying keys it had no use for, is wiped too.
 */
static void qoe_nl_wipe(struct genl_info *info)
{
	struct nlattr *a;
	int rem;

	if (!info->attrs[QOE_GENL_A_FLOW])
		return;
	nla_for_each_nested(a, info->attrs[QOE_GENL_A_FLOW], rem)
		if (nla_type(a) == QOE_GENL_A_FLOW_KEY ||
		    nla_type(a) == QOE_GENL_A_FLOW_IV ||
		    nla_type(a) == QOE_GENL_A_FLOW_HP_KEY)
			memzero_explicit(nla_data(a), nla_len(a));
}

/*
 * The FLOW nest of a set request, with @need present; -EINVAL with the
 * missing or wrong attribute named in extack.
 */
static int qoe_nl_parse_flow(struct genl_info *info, struct nlattr **tb,
			     const int *need, int n_need)
{
	struct nlattr *nest = info->attrs[QOE_GENL_A_FLOW];
	int i, ret;

	if (GENL_REQ_ATTR_CHECK(info, QOE_GENL_A_FLOW))
		return -EINVAL;
	ret = nla_parse_nested(tb, QOE_GENL_A_FLOW_MAX, nest,
			       qoe_nl_flow_policy, info->extack);
	if (ret)
		return ret;
	for (i = 0; i < n_need; i++)
		if (NL_REQ_ATTR_CHECK(info->extack, nest, tb, need[i]))
			return -EINVAL;
	return 0;
}

static int qoe_nl_check_key(struct genl_info *info, struct nlattr *a,
			    u8 cipher)
{
	if (nla_len(a) == qoe_nl_key_len(cipher))
		return 0;
	NL_SET_ERR_MSG_ATTR_FMT(info->extack, a,
				"key length %d does not match the cipher (%u bytes)",
				nla_len(a), qoe_nl_key_len(cipher));
	return -EINVAL;
}

static int qoe_nl_addr(struct genl_info *info, struct nlattr *a, u8 family,
		       void *out)
{
	int len = family == 4 ? 4 : 16;

	if (nla_len(a) != len) {
		NL_SET_ERR_MSG_ATTR(info->extack, a,
				    "address length does not match the family");
		return -EINVAL;
	}
	memcpy(out, nla_data(a), len);
	return 0;
}

static int qoe_nl_fill_conn(struct genl_info *info, struct nlattr **tb,
			    struct quic_offload_conn *c,
			    struct quic_offload_key *k)
{
	u8 family = nla_get_u8(tb[QOE_GENL_A_FLOW_FAMILY]);
	int ret;

	c->dir = nla_get_u8(tb[QOE_GENL_A_FLOW_DIR]);
	c->cipher = nla_get_u8(tb[QOE_GENL_A_FLOW_CIPHER]);
	if (family != 4 && family != 6) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[QOE_GENL_A_FLOW_FAMILY],
				    "family must be 4 or 6");
		return -EINVAL;
	}
	c->family = family == 4 ? AF_INET : AF_INET6;
	ret = qoe_nl_addr(info, tb[QOE_GENL_A_FLOW_LOCAL_ADDR], family,
			  &c->saddr) ?:
	      qoe_nl_addr(info, tb[QOE_GENL_A_FLOW_REMOTE_ADDR], family,
			  &c->daddr) ?:
	      qoe_nl_check_key(info, tb[QOE_GENL_A_FLOW_KEY], c->cipher) ?:
	      qoe_nl_check_key(info, tb[QOE_GENL_A_FLOW_HP_KEY], c->cipher);
	if (ret)
		return ret;
	c->sport = htons(nla_get_u16(tb[QOE_GENL_A_FLOW_LOCAL_PORT]));
	c->dport = htons(nla_get_u16(tb[QOE_GENL_A_FLOW_REMOTE_PORT]));
	if (tb[QOE_GENL_A_FLOW_CID]) {
		c->cid_len = nla_len(tb[QOE_GENL_A_FLOW_CID]);
		memcpy(c->cid, nla_data(tb[QOE_GENL_A_FLOW_CID]), c->cid_len);
	}
	c->pn = c->dir == QOE_GENL_DIR_RX ? QUIC_OFFLOAD_PN_NONE : 0;
	if (tb[QOE_GENL_A_FLOW_PN]) {
		c->pn = nla_get_u64(tb[QOE_GENL_A_FLOW_PN]);
		if (c->pn > QUIC_OFFLOAD_PN_MAX && c->pn != QUIC_OFFLOAD_PN_NONE) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[QOE_GENL_A_FLOW_PN],
					    "packet number above 2^62 - 1");
			return -EINVAL;
		}
	}
	if (tb[QOE_GENL_A_FLOW_KEY_PHASE])
		c->key_phase = nla_get_u8(tb[QOE_GENL_A_FLOW_KEY_PHASE]);
	if (tb[QOE_GENL_A_FLOW_FAIL_ACTION])
		c->fail_action = nla_get_u8(tb[QOE_GENL_A_FLOW_FAIL_ACTION]);
	nla_memcpy(c->hp_key, tb[QOE_GENL_A_FLOW_HP_KEY], sizeof(c->hp_key));
	k->key_len = nla_len(tb[QOE_GENL_A_FLOW_KEY]);
	nla_memcpy(k->key, tb[QOE_GENL_A_FLOW_KEY], sizeof(k->key));
	nla_memcpy(k->iv, tb[QOE_GENL_A_FLOW_IV], sizeof(k->iv));
	return 0;
}

static int qoe_nl_reply_handle(struct genl_info *info, int ifindex,
			       u32 handle)
{
	struct sk_buff *msg;
	struct nlattr *nest;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = qoe_nl_hdr(msg, NULL, info, QOE_GENL_CMD_ADD_FLOW);
	if (!hdr || nla_put_u32(msg, QOE_GENL_A_IFINDEX, ifindex))
		goto nospace;
	nest = nla_nest_start(msg, QOE_GENL_A_FLOW);
	if (!nest || nla_put_u32(msg, QOE_GENL_A_FLOW_HANDLE, handle))
		goto nospace;
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
nospace:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

static int __qoe_nl_add_flow(struct genl_info *info)
{
	static const int need[] = {
		QOE_GENL_A_FLOW_DIR, QOE_GENL_A_FLOW_CIPHER,
		QOE_GENL_A_FLOW_FAMILY, QOE_GENL_A_FLOW_LOCAL_ADDR,
		QOE_GENL_A_FLOW_REMOTE_ADDR, QOE_GENL_A_FLOW_LOCAL_PORT,
		QOE_GENL_A_FLOW_REMOTE_PORT, QOE_GENL_A_FLOW_KEY,
		QOE_GENL_A_FLOW_IV, QOE_GENL_A_FLOW_HP_KEY,
	};
	struct nlattr *tb[QOE_GENL_A_FLOW_MAX + 1];
	struct quic_offload_conn c = {};
	struct quic_offload_key k = {};
	struct net_device *dev;
	struct qoe_dev *qd;
	u32 handle = 0;
	int ret, ifindex;

	ret = qoe_nl_parse_flow(info, tb, need, ARRAY_SIZE(need));
	if (ret)
		return ret;
	ret = qoe_nl_fill_conn(info, tb, &c, &k);
	if (ret)
		goto out;
	mutex_lock(&qoe_devs_lock);
	qd = qoe_nl_dev(info);
	if (IS_ERR(qd)) {
		mutex_unlock(&qoe_devs_lock);
		ret = PTR_ERR(qd);
		goto out;
	}
	dev = qd->netdev;
	ifindex = dev->ifindex;
	/* the same calls a QUIC stack makes: conn_add, then the phase key */
	ret = quic_offload_conn_add(dev, &c, &handle, info->extack);
	if (!ret) {
		ret = quic_offload_key_install(dev, handle, c.key_phase, &k);
		if (ret) {
			NL_SET_ERR_MSG_FMT(info->extack,
					   "key install refused (%d)", ret);
			quic_offload_conn_del(dev, handle);
		}
	}
	mutex_unlock(&qoe_devs_lock);
	if (!ret)
		ret = qoe_nl_reply_handle(info, ifindex, handle);
out:
	memzero_explicit(&c, sizeof(c));
	memzero_explicit(&k, sizeof(k));
	return ret;
}

/* Every set request is wiped on every path, however it ended. */
static int qoe_nl_add_flow_doit(struct sk_buff *skb, struct genl_info *info)
{
	int ret = __qoe_nl_add_flow(info);

	qoe_nl_wipe(info);
	return ret;
}

static void qoe_nl_no_flow(struct genl_info *info, struct nlattr **tb)
{
	NL_SET_BAD_ATTR(info->extack, tb[QOE_GENL_A_FLOW_HANDLE]);
	NL_SET_ERR_MSG(info->extack, "no flow with that handle");
}

static int __qoe_nl_del_flow(struct genl_info *info)
{
	static const int need[] = { QOE_GENL_A_FLOW_HANDLE };
	struct nlattr *tb[QOE_GENL_A_FLOW_MAX + 1];
	struct qoe_dev *qd;
	int ret;

	ret = qoe_nl_parse_flow(info, tb, need, ARRAY_SIZE(need));
	if (ret)
		return ret;
	mutex_lock(&qoe_devs_lock);
	qd = qoe_nl_dev(info);
	ret = IS_ERR(qd) ? PTR_ERR(qd) :
	      quic_offload_conn_del(qd->netdev,
				    nla_get_u32(tb[QOE_GENL_A_FLOW_HANDLE]));
	mutex_unlock(&qoe_devs_lock);
	if (ret == -ENOENT)
		qoe_nl_no_flow(info, tb);
	return ret;
}

static int qoe_nl_del_flow_doit(struct sk_buff *skb, struct genl_info *info)
{
	int ret = __qoe_nl_del_flow(info);

	qoe_nl_wipe(info);
	return ret;
}

static int __qoe_nl_key_update(struct genl_info *info)
{
	static const int need[] = {
		QOE_GENL_A_FLOW_HANDLE, QOE_GENL_A_FLOW_KEY_PHASE,
		QOE_GENL_A_FLOW_KEY, QOE_GENL_A_FLOW_IV,
	};
	struct nlattr *tb[QOE_GENL_A_FLOW_MAX + 1];
	struct quic_offload_key k = {};
	struct qoe_cmd_flow_query q;
	struct qoe_dev *qd;
	u32 handle;
	int ret, st;

	ret = qoe_nl_parse_flow(info, tb, need, ARRAY_SIZE(need));
	if (ret)
		return ret;
	handle = nla_get_u32(tb[QOE_GENL_A_FLOW_HANDLE]);
	k.key_len = nla_len(tb[QOE_GENL_A_FLOW_KEY]);
	nla_memcpy(k.key, tb[QOE_GENL_A_FLOW_KEY], sizeof(k.key));
	nla_memcpy(k.iv, tb[QOE_GENL_A_FLOW_IV], sizeof(k.iv));
	mutex_lock(&qoe_devs_lock);
	qd = qoe_nl_dev(info);
	if (IS_ERR(qd)) {
		ret = PTR_ERR(qd);
		goto unlock;
	}
	/* the flow's cipher fixes the key length */
	mutex_lock(&qd->lock);
	st = qoe_host_flow_query(qd->host, handle, false, &q);
	mutex_unlock(&qd->lock);
	if (st) {
		ret = -ENOENT;
		qoe_nl_no_flow(info, tb);
		goto unlock;
	}
	ret = qoe_nl_check_key(info, tb[QOE_GENL_A_FLOW_KEY], q.cipher);
	if (!ret)
		ret = quic_offload_key_install(qd->netdev, handle,
					       nla_get_u8(tb[QOE_GENL_A_FLOW_KEY_PHASE]),
					       &k);
	if (ret == -ENOENT)
		qoe_nl_no_flow(info, tb);
unlock:
	mutex_unlock(&qoe_devs_lock);
	memzero_explicit(&k, sizeof(k));
	return ret;
}

static int qoe_nl_key_update_doit(struct sk_buff *skb, struct genl_info *info)
{
	int ret = __qoe_nl_key_update(info);

	qoe_nl_wipe(info);
	return ret;
}

enum qoe_nl_mcgrp {
	QOE_NL_MCGRP_EVENTS,
};

static const struct genl_multicast_group qoe_nl_mcgrps[] = {
	[QOE_NL_MCGRP_EVENTS] = {
		.name = QOE_GENL_MCGRP_EVENTS,
		.flags = GENL_MCAST_CAP_NET_ADMIN,
	},
};

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
	{
		.cmd = QOE_GENL_CMD_ADD_FLOW,
		.doit = qoe_nl_add_flow_doit,
		.policy = qoe_nl_set_policy,
		.maxattr = QOE_GENL_A_FLOW,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = QOE_GENL_CMD_DEL_FLOW,
		.doit = qoe_nl_del_flow_doit,
		.policy = qoe_nl_set_policy,
		.maxattr = QOE_GENL_A_FLOW,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = QOE_GENL_CMD_KEY_UPDATE,
		.doit = qoe_nl_key_update_doit,
		.policy = qoe_nl_set_policy,
		.maxattr = QOE_GENL_A_FLOW,
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
	.mcgrps = qoe_nl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(qoe_nl_mcgrps),
};

/* quic_offload events -> QOE_GENL_EVENT_*; 0: not multicast */
static u8 qoe_nl_event_type(unsigned long event)
{
	switch (event) {
	case QUIC_OFFLOAD_KEY_PHASE_FLIP:
		return QOE_GENL_EVENT_KEY_PHASE_FLIP;
	case QUIC_OFFLOAD_USAGE_LIMIT:
		return QOE_GENL_EVENT_USAGE_LIMIT;
	case QUIC_OFFLOAD_INTEGRITY_LIMIT:
		return QOE_GENL_EVENT_INTEGRITY_LIMIT;
	case QUIC_OFFLOAD_CONN_ERROR:
		return QOE_GENL_EVENT_FLOW_ERROR;
	default:
		return 0;
	}
}

/* Process context (a blocking chain): multicast qoe devices' events. */
static int qoe_nl_event(struct notifier_block *nb, unsigned long event,
			void *data)
{
	const struct quic_offload_event_info *ev = data;
	u8 type = qoe_nl_event_type(event);
	struct sk_buff *msg;
	struct nlattr *nest;
	void *hdr;

	if (!type || !qoe_netdev_is_qoe(ev->dev) ||
	    !genl_has_listeners(&qoe_genl, dev_net(ev->dev),
				QOE_NL_MCGRP_EVENTS))
		return NOTIFY_DONE;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return NOTIFY_DONE;
	hdr = genlmsg_put(msg, 0, 0, &qoe_genl, 0, QOE_GENL_CMD_EVENT);
	if (!hdr || nla_put_u32(msg, QOE_GENL_A_IFINDEX, ev->dev->ifindex))
		goto nospace;
	nest = nla_nest_start(msg, QOE_GENL_A_EVENT);
	if (!nest || nla_put_u8(msg, QOE_GENL_A_EVENT_TYPE, type) ||
	    nla_put_u32(msg, QOE_GENL_A_EVENT_HANDLE, ev->handle) ||
	    nla_put_u8(msg, QOE_GENL_A_EVENT_PHASE, ev->phase) ||
	    nla_put_u64_64bit(msg, QOE_GENL_A_EVENT_VALUE, ev->value,
			      QOE_GENL_A_EVENT_PAD))
		goto nospace;
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&qoe_genl, dev_net(ev->dev), msg, 0,
				QOE_NL_MCGRP_EVENTS, GFP_KERNEL);
	return NOTIFY_OK;
nospace:
	nlmsg_free(msg);
	return NOTIFY_DONE;
}

static struct notifier_block qoe_nl_nb = {
	.notifier_call = qoe_nl_event,
};

int __init qoe_netlink_init(void)
{
	int ret;

	BUILD_BUG_ON(sizeof(struct qoe_nl_cursor) >
		     sizeof_field(struct netlink_callback, ctx));
	ret = genl_register_family(&qoe_genl);
	if (ret)
		return ret;
	quic_offload_register_notifier(&qoe_nl_nb);
	return 0;
}

void qoe_netlink_exit(void)
{
	quic_offload_unregister_notifier(&qoe_nl_nb);
	genl_unregister_family(&qoe_genl);
}

#if IS_ENABLED(CONFIG_QOE_KUNIT_TEST)
#include "kunit/qoe_netlink_kunit.c"
#endif
