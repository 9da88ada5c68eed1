// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit: the request side of the "qoe" genetlink family - the FLOW nest
 * policy of add-flow / del-flow / key-update, the checks the policy cannot
 * express, key wiping and the event mapping.  drivers/net/quic_offload/
 * netlink.c includes this file, so the static policy is tested as built.
 */
#include <kunit/test.h>

#define QNL_NONE	(-1)

static const u8 qnl_key[16] = { 0xa5, 0xa5, 0xa5, 0xa5, 0xa5, 0xa5, 0xa5, 0xa5,
				0xa5, 0xa5, 0xa5, 0xa5, 0xa5, 0xa5, 0xa5, 0xa5 };
static const u8 qnl_iv[12] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
static const u8 qnl_cid[4] = { 0xc1, 0xc2, 0xc3, 0xc4 };
static const u8 qnl_local[4] = { 10, 0, 0, 1 };
static const u8 qnl_remote[4] = { 10, 0, 0, 2 };

struct qnl_ctx {
	struct sk_buff *skb;
	struct nlattr *attrs[QOE_GENL_A_MAX + 1];
	struct nlattr *tb[QOE_GENL_A_FLOW_MAX + 1];
	struct netlink_ext_ack extack;
	struct genl_info info;
};

/*
 * A valid RX add-flow nest (aes-128-gcm, IPv4), except that attribute
 * @type is left out (@len QNL_NONE) or carries @len bytes of @data; then
 * parsed as the doit does.  Returns the parse result.
 */
static int qnl_parse(struct kunit *test, struct qnl_ctx *c, int type,
		     const void *data, int len)
{
	static const u8 rx = QOE_GENL_DIR_RX, aes = QOE_GENL_CIPHER_AES_128_GCM;
	static const u8 v4 = 4;
	static const u16 lport = 4433, rport = 443;
	const struct { int type; const void *data; int len; } base[] = {
		{ QOE_GENL_A_FLOW_DIR, &rx, 1 },
		{ QOE_GENL_A_FLOW_CIPHER, &aes, 1 },
		{ QOE_GENL_A_FLOW_FAMILY, &v4, 1 },
		{ QOE_GENL_A_FLOW_CID, qnl_cid, sizeof(qnl_cid) },
		{ QOE_GENL_A_FLOW_LOCAL_ADDR, qnl_local, 4 },
		{ QOE_GENL_A_FLOW_REMOTE_ADDR, qnl_remote, 4 },
		{ QOE_GENL_A_FLOW_LOCAL_PORT, &lport, 2 },
		{ QOE_GENL_A_FLOW_REMOTE_PORT, &rport, 2 },
		{ QOE_GENL_A_FLOW_KEY, qnl_key, 16 },
		{ QOE_GENL_A_FLOW_IV, qnl_iv, 12 },
		{ QOE_GENL_A_FLOW_HP_KEY, qnl_key, 16 },
	};
	struct nlattr *nest;
	bool put = false;
	int i;

	memset(c, 0, sizeof(*c));
	c->info.extack = &c->extack;
	c->info.attrs = c->attrs;
	c->skb = nlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c->skb);
	nest = nla_nest_start(c->skb, QOE_GENL_A_FLOW);
	KUNIT_ASSERT_NOT_NULL(test, nest);
	for (i = 0; i < ARRAY_SIZE(base); i++) {
		if (base[i].type == type) {
			put = true;
			if (len != QNL_NONE)
				KUNIT_ASSERT_EQ(test, nla_put(c->skb, type, len,
							      data), 0);
			continue;
		}
		KUNIT_ASSERT_EQ(test, nla_put(c->skb, base[i].type,
					      base[i].len, base[i].data), 0);
	}
	if (!put && type != QNL_NONE && len != QNL_NONE)
		KUNIT_ASSERT_EQ(test, nla_put(c->skb, type, len, data), 0);
	nla_nest_end(c->skb, nest);
	c->attrs[QOE_GENL_A_FLOW] = nest;
	return nla_parse_nested(c->tb, QOE_GENL_A_FLOW_MAX, nest,
				qoe_nl_flow_policy, &c->extack);
}

static int qnl_fill(struct kunit *test, struct qnl_ctx *c,
		    struct quic_offload_conn *conn, struct quic_offload_key *k)
{
	memset(conn, 0, sizeof(*conn));
	memset(k, 0, sizeof(*k));
	return qoe_nl_fill_conn(&c->info, c->tb, conn, k);
}

static void qnl_good(struct kunit *test)
{
	struct quic_offload_conn conn;
	struct quic_offload_key k;
	struct qnl_ctx c;

	KUNIT_ASSERT_EQ(test, qnl_parse(test, &c, QNL_NONE, NULL, 0), 0);
	KUNIT_ASSERT_EQ(test, qnl_fill(test, &c, &conn, &k), 0);
	KUNIT_EXPECT_EQ(test, conn.dir, QUIC_OFFLOAD_DIR_RX);
	KUNIT_EXPECT_EQ(test, conn.cipher, QUIC_OFFLOAD_CIPHER_AES_128_GCM);
	KUNIT_EXPECT_EQ(test, conn.family, AF_INET);
	KUNIT_EXPECT_EQ(test, conn.saddr.v4, htonl(0x0a000001));
	KUNIT_EXPECT_EQ(test, conn.daddr.v4, htonl(0x0a000002));
	KUNIT_EXPECT_EQ(test, conn.sport, htons(4433));
	KUNIT_EXPECT_EQ(test, conn.dport, htons(443));
	KUNIT_EXPECT_EQ(test, conn.cid_len, 4);
	KUNIT_EXPECT_MEMEQ(test, conn.cid, qnl_cid, 4);
	/* RX without PN: nothing received yet; phase 0, deliver failures */
	KUNIT_EXPECT_EQ(test, conn.pn, QUIC_OFFLOAD_PN_NONE);
	KUNIT_EXPECT_EQ(test, conn.key_phase, 0);
	KUNIT_EXPECT_EQ(test, conn.fail_action, QUIC_OFFLOAD_FAIL_DELIVER);
	KUNIT_EXPECT_MEMEQ(test, conn.hp_key, qnl_key, 16);
	KUNIT_EXPECT_EQ(test, k.key_len, 16);
	KUNIT_EXPECT_MEMEQ(test, k.key, qnl_key, 16);
	KUNIT_EXPECT_MEMEQ(test, k.iv, qnl_iv, 12);
	/* the request's copies are wiped */
	qoe_nl_wipe(&c.info);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(nla_data(c.tb[QOE_GENL_A_FLOW_KEY]),
					    0, 16));
	KUNIT_EXPECT_TRUE(test, !memchr_inv(nla_data(c.tb[QOE_GENL_A_FLOW_IV]),
					    0, 12));
	KUNIT_EXPECT_TRUE(test,
			  !memchr_inv(nla_data(c.tb[QOE_GENL_A_FLOW_HP_KEY]),
				      0, 16));
	nlmsg_free(c.skb);
}

/* What the policy itself refuses. */
static void qnl_policy(struct kunit *test)
{
	static const u8 zero32[33], bad_u8[] = { 0, 2, 4, 9 };
	static const u16 port0;
	static const u32 handle0;
	static const u64 packets = 1;
	struct qnl_ctx c;

	/* cipher 0 and 4..: out of the enum */
	KUNIT_EXPECT_EQ(test, qnl_parse(test, &c, QOE_GENL_A_FLOW_CIPHER,
					&bad_u8[0], 1), -ERANGE);
	nlmsg_free(c.skb);
	KUNIT_EXPECT_EQ(test, qnl_parse(test, &c, QOE_GENL_A_FLOW_CIPHER,
					&bad_u8[2], 1), -ERANGE);
	nlmsg_free(c.skb);
	KUNIT_EXPECT_EQ(test, qnl_parse(test, &c, QOE_GENL_A_FLOW_DIR,
					&bad_u8[1], 1), -ERANGE);
	nlmsg_free(c.skb);
	KUNIT_EXPECT_EQ(test, qnl_parse(test, &c, QOE_GENL_A_FLOW_KEY_PHASE,
					&bad_u8[1], 1), -ERANGE);
	nlmsg_free(c.skb);
	KUNIT_EXPECT_EQ(test, qnl_parse(test, &c, QOE_GENL_A_FLOW_FAIL_ACTION,
					&bad_u8[1], 1), -ERANGE);
	nlmsg_free(c.skb);
	KUNIT_EXPECT_EQ(test, qnl_parse(test, &c, QOE_GENL_A_FLOW_FAMILY,
					&bad_u8[3], 1), -ERANGE);
	nlmsg_free(c.skb);
	/* key lengths: 16..32 in the policy, IV exactly 12, CID up to 20 */
	KUNIT_EXPECT_EQ(test, qnl_parse(test, &c, QOE_GENL_A_FLOW_KEY,
					zero32, 15), -ERANGE);
	nlmsg_free(c.skb);
	KUNIT_EXPECT_EQ(test, qnl_parse(test, &c, QOE_GENL_A_FLOW_KEY,
					zero32, 33), -ERANGE);
	nlmsg_free(c.skb);
	KUNIT_EXPECT_EQ(test, qnl_parse(test, &c, QOE_GENL_A_FLOW_HP_KEY,
					zero32, 8), -ERANGE);
	nlmsg_free(c.skb);
	KUNIT_EXPECT_EQ(test, qnl_parse(test, &c, QOE_GENL_A_FLOW_IV,
					zero32, 11), -ERANGE);
	nlmsg_free(c.skb);
	KUNIT_EXPECT_EQ(test, qnl_parse(test, &c, QOE_GENL_A_FLOW_IV,
					zero32, 13), -ERANGE);
	nlmsg_free(c.skb);
	KUNIT_EXPECT_EQ(test, qnl_parse(test, &c, QOE_GENL_A_FLOW_CID,
					zero32, 21), -ERANGE);
	nlmsg_free(c.skb);
	KUNIT_EXPECT_EQ(test, qnl_parse(test, &c, QOE_GENL_A_FLOW_LOCAL_PORT,
					&port0, 2), -ERANGE);
	nlmsg_free(c.skb);
	KUNIT_EXPECT_EQ(test, qnl_parse(test, &c, QOE_GENL_A_FLOW_HANDLE,
					&handle0, 4), -ERANGE);
	nlmsg_free(c.skb);
	/* counters are read-only: strict validation refuses them */
	KUNIT_EXPECT_EQ(test, qnl_parse(test, &c, QOE_GENL_A_FLOW_PACKETS,
					&packets, 8), -EINVAL);
	nlmsg_free(c.skb);
}

/* What the doit checks after the policy, each naming its attribute. */
static void qnl_checks(struct kunit *test)
{
	static const u8 zero32[32], v6 = 6, v5 = 5;
	static const u64 pn_big = QUIC_OFFLOAD_PN_MAX + 1;
	static const u64 pn_none = QUIC_OFFLOAD_PN_NONE;
	struct quic_offload_conn conn;
	struct quic_offload_key k;
	struct qnl_ctx c;

	/* 32-byte key on an aes-128-gcm flow */
	KUNIT_ASSERT_EQ(test, qnl_parse(test, &c, QOE_GENL_A_FLOW_KEY,
					zero32, 32), 0);
	KUNIT_EXPECT_EQ(test, qnl_fill(test, &c, &conn, &k), -EINVAL);
	KUNIT_EXPECT_PTR_EQ(test, c.extack.bad_attr,
			    (const struct nlattr *)c.tb[QOE_GENL_A_FLOW_KEY]);
	KUNIT_ASSERT_NOT_NULL(test, c.extack._msg);
	KUNIT_EXPECT_NOT_NULL(test, strstr(c.extack._msg,
					   "does not match the cipher"));
	nlmsg_free(c.skb);
	KUNIT_ASSERT_EQ(test, qnl_parse(test, &c, QOE_GENL_A_FLOW_HP_KEY,
					zero32, 17), 0);
	KUNIT_EXPECT_EQ(test, qnl_fill(test, &c, &conn, &k), -EINVAL);
	KUNIT_EXPECT_PTR_EQ(test, c.extack.bad_attr,
			    (const struct nlattr *)c.tb[QOE_GENL_A_FLOW_HP_KEY]);
	nlmsg_free(c.skb);
	/* family 5 is inside the policy's 4..6 but not a family */
	KUNIT_ASSERT_EQ(test, qnl_parse(test, &c, QOE_GENL_A_FLOW_FAMILY,
					&v5, 1), 0);
	KUNIT_EXPECT_EQ(test, qnl_fill(test, &c, &conn, &k), -EINVAL);
	nlmsg_free(c.skb);
	/* IPv6 with IPv4-sized addresses */
	KUNIT_ASSERT_EQ(test, qnl_parse(test, &c, QOE_GENL_A_FLOW_FAMILY,
					&v6, 1), 0);
	KUNIT_EXPECT_EQ(test, qnl_fill(test, &c, &conn, &k), -EINVAL);
	KUNIT_EXPECT_PTR_EQ(test, c.extack.bad_attr,
			    (const struct nlattr *)c.tb[QOE_GENL_A_FLOW_LOCAL_ADDR]);
	nlmsg_free(c.skb);
	/* PN: at most 2^62 - 1, or "none" */
	KUNIT_ASSERT_EQ(test, qnl_parse(test, &c, QOE_GENL_A_FLOW_PN,
					&pn_big, 8), 0);
	KUNIT_EXPECT_EQ(test, qnl_fill(test, &c, &conn, &k), -EINVAL);
	nlmsg_free(c.skb);
	KUNIT_ASSERT_EQ(test, qnl_parse(test, &c, QOE_GENL_A_FLOW_PN,
					&pn_none, 8), 0);
	KUNIT_EXPECT_EQ(test, qnl_fill(test, &c, &conn, &k), 0);
	KUNIT_EXPECT_EQ(test, conn.pn, QUIC_OFFLOAD_PN_NONE);
	nlmsg_free(c.skb);
}

static void qnl_events(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, qoe_nl_event_type(QUIC_OFFLOAD_DEV_DOWN), 0);
	KUNIT_EXPECT_EQ(test, qoe_nl_event_type(QUIC_OFFLOAD_KEY_PHASE_FLIP),
			QOE_GENL_EVENT_KEY_PHASE_FLIP);
	KUNIT_EXPECT_EQ(test, qoe_nl_event_type(QUIC_OFFLOAD_USAGE_LIMIT),
			QOE_GENL_EVENT_USAGE_LIMIT);
	KUNIT_EXPECT_EQ(test, qoe_nl_event_type(QUIC_OFFLOAD_INTEGRITY_LIMIT),
			QOE_GENL_EVENT_INTEGRITY_LIMIT);
	KUNIT_EXPECT_EQ(test, qoe_nl_event_type(QUIC_OFFLOAD_CONN_ERROR),
			QOE_GENL_EVENT_FLOW_ERROR);
	KUNIT_EXPECT_EQ(test, qoe_nl_key_len(QOE_GENL_CIPHER_AES_128_GCM), 16);
	KUNIT_EXPECT_EQ(test, qoe_nl_key_len(QOE_GENL_CIPHER_AES_256_GCM), 32);
	KUNIT_EXPECT_EQ(test,
			qoe_nl_key_len(QOE_GENL_CIPHER_CHACHA20_POLY1305), 32);
}

/* Is every KEY, IV and HP_KEY byte in the request zero? */
static bool qnl_keys_wiped(struct qnl_ctx *c)
{
	struct nlattr *a;
	int rem;

	nla_for_each_nested(a, c->attrs[QOE_GENL_A_FLOW], rem)
		if ((nla_type(a) == QOE_GENL_A_FLOW_KEY ||
		     nla_type(a) == QOE_GENL_A_FLOW_IV ||
		     nla_type(a) == QOE_GENL_A_FLOW_HP_KEY) &&
		    memchr_inv(nla_data(a), 0, nla_len(a)))
			return false;
	return true;
}

/*
 * Requests that fail early - refused by the policy, an attribute missing,
 * no device - still leave no key bytes behind, whichever command.
 */
static void qnl_every_path_wipes(struct kunit *test)
{
	int (*const doit[])(struct sk_buff *, struct genl_info *) = {
		qoe_nl_add_flow_doit, qoe_nl_del_flow_doit,
		qoe_nl_key_update_doit,
	};
	static const u8 bad_cipher = 9;
	struct qnl_ctx c;
	int i;

	for (i = 0; i < ARRAY_SIZE(doit); i++) {
		/* the policy refuses the cipher */
		qnl_parse(test, &c, QOE_GENL_A_FLOW_CIPHER, &bad_cipher, 1);
		KUNIT_EXPECT_LT(test, doit[i](c.skb, &c.info), 0);
		KUNIT_EXPECT_TRUE_MSG(test, qnl_keys_wiped(&c),
				      "command %d, bad cipher", i);
		nlmsg_free(c.skb);
		/* a needed attribute is missing */
		qnl_parse(test, &c, QOE_GENL_A_FLOW_REMOTE_PORT, NULL,
			  QNL_NONE);
		KUNIT_EXPECT_LT(test, doit[i](c.skb, &c.info), 0);
		KUNIT_EXPECT_TRUE_MSG(test, qnl_keys_wiped(&c),
				      "command %d, attribute missing", i);
		nlmsg_free(c.skb);
	}
}

static struct kunit_case qoe_netlink_cases[] = {
	KUNIT_CASE(qnl_good),
	KUNIT_CASE(qnl_every_path_wipes),
	KUNIT_CASE(qnl_policy),
	KUNIT_CASE(qnl_checks),
	KUNIT_CASE(qnl_events),
	{}
};

static struct kunit_suite qoe_netlink_suite = {
	.name = "qoe_netlink",
	.test_cases = qoe_netlink_cases,
};

kunit_test_suite(qoe_netlink_suite);
