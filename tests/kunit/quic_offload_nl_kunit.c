// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit: the quic-offload family's request handlers on their error paths.
 * Key material in a request must be wiped however the request ends, and
 * the error must be the one the contract names.  The handlers are the
 * ones the family's op table calls (exported to KUnit only).  (The success
 * paths reply to a socket: tests/uml/ynl_family.py covers them through
 * the kernel's YNL cli.)
 */
#include <kunit/test.h>
#include <linux/etherdevice.h>
#include <net/genetlink.h>
#include <net/quic_offload.h>

#include "quic_offload_nl_gen.h"

static const u8 qnl_key[32] = { [0 ... 31] = 0xa5 };	/* 16 or 32 of it */
static const u8 qnl_iv[12] = { [0 ... 11] = 0x5a };

struct qnl_req {
	struct sk_buff *skb;
	/* as genetlink allocates it: the op's maxattr + 1 entries, so a
	 * handler reading past its policy shows under KASAN
	 */
	struct nlattr **tb;
	int maxattr;
	struct netlink_ext_ack extack;
	struct genl_info info;
};

/*
 * A flow-add (@maxattr HP_KEY) or key-install (@maxattr IV) request on
 * @ifindex, @family, keys of @klen.
 */
static void qnl_req_init(struct kunit *test, struct qnl_req *r, int maxattr,
			 u32 ifindex, u16 family, int klen, bool with_iv)
{
	static const u8 v4[4] = { 10, 0, 0, 1 };
	u8 *head;

	memset(r, 0, sizeof(*r));
	r->maxattr = maxattr;
	r->tb = kunit_kcalloc(test, maxattr + 1, sizeof(*r->tb), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r->tb);
	r->skb = nlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r->skb);
	head = skb_tail_pointer(r->skb);
	KUNIT_ASSERT_EQ(test, nla_put_u32(r->skb, QUIC_OFFLOAD_A_FLOW_IFINDEX, ifindex) ||
			nla_put_u32(r->skb, QUIC_OFFLOAD_A_FLOW_HANDLE, 0x4242) ||
			nla_put_u8(r->skb, QUIC_OFFLOAD_A_FLOW_DIR, QUIC_OFFLOAD_DIR_TX) ||
			nla_put_u8(r->skb, QUIC_OFFLOAD_A_FLOW_CIPHER,
				   QUIC_OFFLOAD_CIPHER_AES_128_GCM) ||
			nla_put_u16(r->skb, QUIC_OFFLOAD_A_FLOW_FAMILY, family) ||
			nla_put(r->skb, QUIC_OFFLOAD_A_FLOW_LOCAL_ADDR, 4, v4) ||
			nla_put(r->skb, QUIC_OFFLOAD_A_FLOW_REMOTE_ADDR, 4, v4) ||
			nla_put_be16(r->skb, QUIC_OFFLOAD_A_FLOW_LOCAL_PORT, htons(1)) ||
			nla_put_be16(r->skb, QUIC_OFFLOAD_A_FLOW_REMOTE_PORT, htons(2)) ||
			nla_put_u8(r->skb, QUIC_OFFLOAD_A_FLOW_KEY_PHASE, 0), 0);
	KUNIT_ASSERT_EQ(test, nla_put(r->skb, QUIC_OFFLOAD_A_FLOW_KEY, klen, qnl_key), 0);
	KUNIT_ASSERT_EQ(test, nla_put(r->skb, QUIC_OFFLOAD_A_FLOW_HP_KEY, klen, qnl_key), 0);
	if (with_iv)
		KUNIT_ASSERT_EQ(test, nla_put(r->skb, QUIC_OFFLOAD_A_FLOW_IV, 12, qnl_iv), 0);
	KUNIT_ASSERT_EQ(test, nla_parse_deprecated(r->tb, maxattr,
						   (struct nlattr *)head,
						   skb_tail_pointer(r->skb) - head,
						   NULL, NULL), 0);
	r->info.attrs = r->tb;
	r->info.extack = &r->extack;
	genl_info_net_set(&r->info, &init_net);
}

/* Every key byte of the request is zero again, and @r is freed. */
static void qnl_expect_wiped(struct kunit *test, struct qnl_req *r)
{
	static const int keys[] = { QUIC_OFFLOAD_A_FLOW_KEY, QUIC_OFFLOAD_A_FLOW_IV,
				    QUIC_OFFLOAD_A_FLOW_HP_KEY };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		struct nlattr *a = keys[i] <= r->maxattr ? r->tb[keys[i]] : NULL;

		if (a)
			KUNIT_EXPECT_TRUE_MSG(test, !memchr_inv(nla_data(a), 0, nla_len(a)),
					      "attribute %d still holds key bytes",
					      keys[i]);
	}
	nlmsg_free(r->skb);
}

static int qnl_conn_add(struct net_device *dev, const struct quic_offload_conn *c,
			u32 *handle, struct netlink_ext_ack *extack)
{
	*handle = 0x77;
	return 0;
}

static int qnl_ok(struct net_device *dev, u32 handle)
{
	return 0;
}

static int qnl_key_install(struct net_device *dev, u32 handle, u8 phase,
			   const struct quic_offload_key *key)
{
	return 0;
}

static const struct quic_offload_ops qnl_ops = {
	.conn_add = qnl_conn_add,
	.conn_del = qnl_ok,
	.key_install = qnl_key_install,
};

static const struct quic_offload_caps qnl_caps = {
	.ciphers = BIT(QUIC_OFFLOAD_CIPHER_AES_128_GCM),
	.features = QUIC_OFFLOAD_F_TX | QUIC_OFFLOAD_F_RX,
	.max_conns = 4,
	.max_cid_len = 20,
};

static const struct net_device_ops qnl_netdev_ops = {};

static void qnl_every_error_path_wipes(struct kunit *test)
{
	struct net_device *dev = alloc_etherdev(0);
	struct quic_offload_conn c = {};
	struct qnl_req r;
	u32 h;

	KUNIT_ASSERT_NOT_NULL(test, dev);
	dev->netdev_ops = &qnl_netdev_ops;
	KUNIT_ASSERT_EQ(test, register_netdev(dev), 0);

	/* flow-add: a family the handler refuses */
	qnl_req_init(test, &r, QUIC_OFFLOAD_A_FLOW_HP_KEY,
		     dev->ifindex, 5, 16, true);
	KUNIT_EXPECT_EQ(test, quic_offload_nl_flow_add_doit(NULL, &r.info), -EINVAL);
	qnl_expect_wiped(test, &r);
	/* flow-add: a key of the wrong length for the cipher */
	qnl_req_init(test, &r, QUIC_OFFLOAD_A_FLOW_HP_KEY,
		     dev->ifindex, AF_INET, 32, true);
	KUNIT_EXPECT_EQ(test, quic_offload_nl_flow_add_doit(NULL, &r.info), -EINVAL);
	qnl_expect_wiped(test, &r);
	/* flow-add: no IV */
	qnl_req_init(test, &r, QUIC_OFFLOAD_A_FLOW_HP_KEY,
		     dev->ifindex, AF_INET, 16, false);
	KUNIT_EXPECT_EQ(test, quic_offload_nl_flow_add_doit(NULL, &r.info), -EINVAL);
	qnl_expect_wiped(test, &r);
	/* flow-add: no such device */
	qnl_req_init(test, &r, QUIC_OFFLOAD_A_FLOW_HP_KEY,
		     0x7ffffff0, AF_INET, 16, true);
	KUNIT_EXPECT_EQ(test, quic_offload_nl_flow_add_doit(NULL, &r.info), -ENODEV);
	qnl_expect_wiped(test, &r);
	/* flow-add: a device that does not offer QUIC offload */
	qnl_req_init(test, &r, QUIC_OFFLOAD_A_FLOW_HP_KEY,
		     dev->ifindex, AF_INET, 16, true);
	KUNIT_EXPECT_EQ(test, quic_offload_nl_flow_add_doit(NULL, &r.info), -ENODEV);
	qnl_expect_wiped(test, &r);

	KUNIT_ASSERT_EQ(test, quic_offload_register(dev, &qnl_ops, &qnl_caps), 0);
	quic_offload_set_enabled(dev, true);
	/* key-install: a handle the core does not know */
	qnl_req_init(test, &r, QUIC_OFFLOAD_A_FLOW_IV,
		     dev->ifindex, AF_INET, 16, true);
	KUNIT_EXPECT_EQ(test, quic_offload_nl_key_install_doit(NULL, &r.info), -ENOENT);
	qnl_expect_wiped(test, &r);
	/* key-install: a known flow, a key of the wrong length */
	c.dir = QUIC_OFFLOAD_DIR_TX;
	c.cipher = QUIC_OFFLOAD_CIPHER_AES_128_GCM;
	c.family = AF_INET;
	KUNIT_ASSERT_EQ(test, quic_offload_conn_add(dev, &c, &h, NULL), 0);
	qnl_req_init(test, &r, QUIC_OFFLOAD_A_FLOW_IV,
		     dev->ifindex, AF_INET, 32, true);
	*(u32 *)nla_data(r.tb[QUIC_OFFLOAD_A_FLOW_HANDLE]) = h;
	KUNIT_EXPECT_EQ(test, quic_offload_nl_key_install_doit(NULL, &r.info), -EINVAL);
	qnl_expect_wiped(test, &r);
	/* key-install: no IV */
	qnl_req_init(test, &r, QUIC_OFFLOAD_A_FLOW_IV,
		     dev->ifindex, AF_INET, 16, false);
	*(u32 *)nla_data(r.tb[QUIC_OFFLOAD_A_FLOW_HANDLE]) = h;
	KUNIT_EXPECT_EQ(test, quic_offload_nl_key_install_doit(NULL, &r.info), -EINVAL);
	qnl_expect_wiped(test, &r);
	/* and it worked where it should: the right key goes in */
	qnl_req_init(test, &r, QUIC_OFFLOAD_A_FLOW_IV,
		     dev->ifindex, AF_INET, 16, true);
	*(u32 *)nla_data(r.tb[QUIC_OFFLOAD_A_FLOW_HANDLE]) = h;
	KUNIT_EXPECT_EQ(test, quic_offload_nl_key_install_doit(NULL, &r.info), 0);
	qnl_expect_wiped(test, &r);

	unregister_netdev(dev);
	free_netdev(dev);
}

static struct kunit_case qnl_cases[] = {
	KUNIT_CASE(qnl_every_error_path_wipes),
	{}
};

static struct kunit_suite qnl_suite = {
	.name = "quic_offload_netlink",
	.test_cases = qnl_cases,
};

kunit_test_suite(qnl_suite);

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
