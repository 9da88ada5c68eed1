// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit: the QUIC offload registry (include/net/quic_offload.h) with a
 * recording fake driver.
 */
#include <kunit/test.h>
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/quic_offload.h>

#include "quic_offload_core.h"

struct qo_fake {
	int calls;
	int last_op;
	u32 handle;
	u8 phase;
	u64 pn;
	u8 cid_len;
};

enum { OP_ADD = 1, OP_DEL, OP_KEY, OP_RETIRE, OP_CID_ADD, OP_CID_DEL,
	OP_RESYNC, OP_STATS };

static struct qo_fake fake;

static int fake_conn_add(struct net_device *dev,
			 const struct quic_offload_conn *conn, u32 *handle,
			 struct netlink_ext_ack *extack)
{
	fake.calls++;
	fake.last_op = OP_ADD;
	*handle = 0x100000 | fake.calls;
	return 0;
}

static int fake_conn_del(struct net_device *dev, u32 handle)
{
	fake.calls++;
	fake.last_op = OP_DEL;
	fake.handle = handle;
	return handle == 0xdead ? -ENOENT : 0;
}

static int fake_key_install(struct net_device *dev, u32 handle, u8 phase,
			    const struct quic_offload_key *key)
{
	fake.calls++;
	fake.last_op = OP_KEY;
	fake.handle = handle;
	fake.phase = phase;
	return 0;
}

static int fake_key_retire(struct net_device *dev, u32 handle, u8 phase)
{
	fake.calls++;
	fake.last_op = OP_RETIRE;
	fake.phase = phase;
	return 0;
}

static int fake_cid_add(struct net_device *dev, u32 handle, const u8 *cid,
			u8 cid_len)
{
	fake.calls++;
	fake.last_op = OP_CID_ADD;
	fake.cid_len = cid_len;
	return 0;
}

static int fake_rx_resync(struct net_device *dev, u32 handle, u64 pn)
{
	fake.calls++;
	fake.last_op = OP_RESYNC;
	fake.pn = pn;
	return 0;
}

static int fake_get_stats(struct net_device *dev, u32 handle,
			  struct quic_offload_stats *st)
{
	fake.calls++;
	fake.last_op = OP_STATS;
	st->packets = 42;
	return 0;
}

/* no cid_del: the wrapper must answer -EOPNOTSUPP itself */
static const struct quic_offload_ops fake_ops = {
	.conn_add = fake_conn_add,
	.conn_del = fake_conn_del,
	.key_install = fake_key_install,
	.key_retire = fake_key_retire,
	.cid_add = fake_cid_add,
	.rx_resync = fake_rx_resync,
	.get_stats = fake_get_stats,
};

static const struct quic_offload_caps fake_caps = {
	.ciphers = BIT(QUIC_OFFLOAD_CIPHER_AES_128_GCM),
	.features = QUIC_OFFLOAD_F_TX | QUIC_OFFLOAD_F_RX,
	.max_conns = 4,
	.max_cid_len = 8,
};

static int qo_test_init(struct kunit *test)
{
	struct net_device *dev = alloc_etherdev(0);

	if (!dev)
		return -ENOMEM;
	memset(&fake, 0, sizeof(fake));
	test->priv = dev;
	return 0;
}

static void qo_test_exit(struct kunit *test)
{
	struct net_device *dev = test->priv;

	quic_offload_unregister(dev);
	free_netdev(dev);
}

static void qo_conn(struct quic_offload_conn *c)
{
	memset(c, 0, sizeof(*c));
	c->dir = QUIC_OFFLOAD_DIR_TX;
	c->cipher = QUIC_OFFLOAD_CIPHER_AES_128_GCM;
	c->family = AF_INET;
	c->cid_len = 8;
	c->pn = 7;
}

static void qo_register_lookup(struct kunit *test)
{
	struct net_device *dev = test->priv;
	struct quic_offload_caps caps = {};
	struct quic_offload_conn c;
	u32 h = 0;

	qo_conn(&c);
	KUNIT_EXPECT_FALSE(test, quic_offload_capable(dev, NULL));
	KUNIT_EXPECT_EQ(test, quic_offload_conn_add(dev, &c, &h, NULL),
			-ENODEV);
	KUNIT_ASSERT_EQ(test, quic_offload_register(dev, &fake_ops, &fake_caps),
			0);
	KUNIT_EXPECT_EQ(test, quic_offload_register(dev, &fake_ops, &fake_caps),
			-EEXIST);
	/* registered but not enabled yet */
	KUNIT_EXPECT_FALSE(test, quic_offload_capable(dev, NULL));
	KUNIT_EXPECT_EQ(test, quic_offload_conn_add(dev, &c, &h, NULL),
			-EOPNOTSUPP);
	quic_offload_set_enabled(dev, true);
	KUNIT_EXPECT_TRUE(test, quic_offload_capable(dev, &caps));
	KUNIT_EXPECT_EQ(test, caps.max_cid_len, 8);
	KUNIT_EXPECT_EQ(test, quic_offload_conn_add(dev, &c, &h, NULL), 0);
	KUNIT_EXPECT_EQ(test, h, 0x100001);
	quic_offload_unregister(dev);
	KUNIT_EXPECT_FALSE(test, quic_offload_capable(dev, NULL));
	KUNIT_EXPECT_EQ(test, quic_offload_conn_del(dev, h), -ENODEV);
	KUNIT_EXPECT_EQ(test, fake.calls, 1);
}

static void qo_caps_enforced(struct kunit *test)
{
	struct net_device *dev = test->priv;
	struct quic_offload_key key = { .key_len = 16 };
	struct quic_offload_conn c;
	u32 h;

	KUNIT_ASSERT_EQ(test, quic_offload_register(dev, &fake_ops, &fake_caps),
			0);
	quic_offload_set_enabled(dev, true);
	qo_conn(&c);
	c.cipher = QUIC_OFFLOAD_CIPHER_CHACHA20_POLY1305;
	KUNIT_EXPECT_EQ(test, quic_offload_conn_add(dev, &c, &h, NULL),
			-EOPNOTSUPP);
	qo_conn(&c);
	c.cid_len = 9;
	KUNIT_EXPECT_EQ(test, quic_offload_conn_add(dev, &c, &h, NULL),
			-EOPNOTSUPP);
	qo_conn(&c);
	c.family = AF_INET6;
	KUNIT_EXPECT_EQ(test, quic_offload_conn_add(dev, &c, &h, NULL),
			-EAFNOSUPPORT);
	qo_conn(&c);
	c.key_phase = 2;
	KUNIT_EXPECT_EQ(test, quic_offload_conn_add(dev, &c, &h, NULL),
			-EINVAL);
	qo_conn(&c);
	c.pn = QUIC_OFFLOAD_PN_NONE;	/* only RX may start with no PN */
	KUNIT_EXPECT_EQ(test, quic_offload_conn_add(dev, &c, &h, NULL),
			-EINVAL);
	c.dir = QUIC_OFFLOAD_DIR_RX;
	KUNIT_EXPECT_EQ(test, quic_offload_conn_add(dev, &c, &h, NULL), 0);
	/* the driver was reached only by the valid request */
	KUNIT_EXPECT_EQ(test, fake.calls, 1);
	/* no key update capability: phase 1 is refused before the driver */
	KUNIT_EXPECT_EQ(test, quic_offload_key_install(dev, h, 1, &key),
			-EOPNOTSUPP);
	key.key_len = 20;
	KUNIT_EXPECT_EQ(test, quic_offload_key_install(dev, h, 0, &key),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, fake.calls, 1);
}

/* Bits the core cannot name would reach netlink as garbage: refused. */
static void qo_unknown_caps_refused(struct kunit *test)
{
	struct net_device *dev = test->priv;
	struct quic_offload_caps caps = fake_caps;

	caps.features |= BIT(6);
	KUNIT_EXPECT_EQ(test, quic_offload_register(dev, &fake_ops, &caps),
			-EINVAL);
	caps = fake_caps;
	caps.ciphers |= BIT(31);
	KUNIT_EXPECT_EQ(test, quic_offload_register(dev, &fake_ops, &caps),
			-EINVAL);
	KUNIT_EXPECT_FALSE(test, quic_offload_capable(dev, NULL));
}

static void qo_ops_forwarded(struct kunit *test)
{
	struct net_device *dev = test->priv;
	struct quic_offload_caps caps = fake_caps;
	struct quic_offload_key key = { .key_len = 16 };
	struct quic_offload_stats st;
	u8 cid[20] = {};

	caps.features |= QUIC_OFFLOAD_F_KEY_UPDATE;
	KUNIT_ASSERT_EQ(test, quic_offload_register(dev, &fake_ops, &caps), 0);
	KUNIT_EXPECT_EQ(test, quic_offload_key_install(dev, 5, 1, &key), 0);
	KUNIT_EXPECT_EQ(test, fake.last_op, OP_KEY);
	KUNIT_EXPECT_EQ(test, fake.handle, 5);
	KUNIT_EXPECT_EQ(test, fake.phase, 1);
	KUNIT_EXPECT_EQ(test, quic_offload_key_retire(dev, 5, 0), 0);
	KUNIT_EXPECT_EQ(test, fake.last_op, OP_RETIRE);
	KUNIT_EXPECT_EQ(test, quic_offload_key_retire(dev, 5, 2), -EINVAL);
	KUNIT_EXPECT_EQ(test, quic_offload_cid_add(dev, 5, cid, 20), 0);
	KUNIT_EXPECT_EQ(test, fake.cid_len, 20);
	KUNIT_EXPECT_EQ(test, quic_offload_cid_add(dev, 5, cid, 21), -EINVAL);
	KUNIT_EXPECT_EQ(test, quic_offload_cid_del(dev, 5, cid, 4),
			-EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, quic_offload_rx_resync(dev, 5, 1ULL << 40), 0);
	KUNIT_EXPECT_EQ(test, fake.pn, 1ULL << 40);
	KUNIT_EXPECT_EQ(test, quic_offload_rx_resync(dev, 5, 1ULL << 62),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, quic_offload_get_stats(dev, 5, &st), 0);
	KUNIT_EXPECT_EQ(test, st.packets, 42);
	KUNIT_EXPECT_EQ(test, quic_offload_conn_del(dev, 0xdead), -ENOENT);
	KUNIT_EXPECT_EQ(test, fake.handle, 0xdead);
}

/* The core lists what went through it, as the wrappers changed it. */
static void qo_core_lists_flows(struct kunit *test)
{
	struct net_device *dev = test->priv;
	struct quic_offload_caps caps = fake_caps;
	struct quic_offload_key key = { .key_len = 16 };
	struct quic_offload_conn c;
	struct quic_offload_dev *d;
	u8 cid[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	struct qo_flow f;
	int gen;
	u32 h;

	caps.features |= QUIC_OFFLOAD_F_KEY_UPDATE;
	KUNIT_ASSERT_EQ(test, quic_offload_register(dev, &fake_ops, &caps), 0);
	quic_offload_set_enabled(dev, true);
	qo_conn(&c);
	c.dir = QUIC_OFFLOAD_DIR_RX;
	c.dport = htons(443);
	gen = atomic_read(&qo_flows_gen);
	KUNIT_ASSERT_EQ(test, quic_offload_conn_add(dev, &c, &h, NULL), 0);
	KUNIT_EXPECT_NE(test, atomic_read(&qo_flows_gen), gen);
	d = qo_get(dev);
	KUNIT_ASSERT_NOT_NULL(test, d);
	KUNIT_EXPECT_EQ(test, d->n_flows, 1);
	KUNIT_ASSERT_TRUE(test, qo_flow_copy(d, h, &f));
	qo_put();
	KUNIT_EXPECT_EQ(test, f.handle, h);
	KUNIT_EXPECT_EQ(test, f.dir, QUIC_OFFLOAD_DIR_RX);
	KUNIT_EXPECT_EQ(test, f.cid_len, 8);
	KUNIT_EXPECT_EQ(test, f.dport, htons(443));
	KUNIT_EXPECT_EQ(test, f.n_cids, 1);
	KUNIT_EXPECT_EQ(test, f.keys_valid, 0);

	/* keys and CIDs as the driver accepted them */
	KUNIT_EXPECT_EQ(test, quic_offload_key_install(dev, h, 0, &key), 0);
	KUNIT_EXPECT_EQ(test, quic_offload_key_install(dev, h, 1, &key), 0);
	KUNIT_EXPECT_EQ(test, quic_offload_key_retire(dev, h, 0), 0);
	KUNIT_EXPECT_EQ(test, quic_offload_cid_add(dev, h, cid, 8), 0);
	KUNIT_EXPECT_EQ(test, quic_offload_cid_del(dev, h, cid, 8), -EOPNOTSUPP);
	d = qo_get(dev);
	KUNIT_ASSERT_TRUE(test, qo_flow_copy(d, h, &f));
	qo_put();
	KUNIT_EXPECT_EQ(test, f.keys_valid, BIT(1));
	KUNIT_EXPECT_EQ(test, f.n_cids, 2);

	/* deleted (or lost by the device): no longer listed */
	gen = atomic_read(&qo_flows_gen);
	KUNIT_EXPECT_EQ(test, quic_offload_conn_del(dev, h), 0);
	KUNIT_EXPECT_NE(test, atomic_read(&qo_flows_gen), gen);
	d = qo_get(dev);
	KUNIT_EXPECT_FALSE(test, qo_flow_copy(d, h, &f));
	KUNIT_EXPECT_EQ(test, d->n_flows, 0);
	qo_put();
	/* a flow left at unregister goes with the device (exit unregisters) */
	KUNIT_ASSERT_EQ(test, quic_offload_conn_add(dev, &c, &h, NULL), 0);
}

static int qo_events;

static int qo_event(struct notifier_block *nb, unsigned long ev, void *ptr)
{
	if (ev == QUIC_OFFLOAD_DEV_DOWN)
		qo_events++;
	return NOTIFY_DONE;
}

static struct notifier_block qo_nb = { .notifier_call = qo_event };

static const struct net_device_ops qo_netdev_ops = {};

/* unregister_netdev() alone removes the entry and tells the stack */
static void qo_netdev_unregister_cleans_up(struct kunit *test)
{
	struct net_device *dev = alloc_etherdev(0);

	KUNIT_ASSERT_NOT_NULL(test, dev);
	dev->netdev_ops = &qo_netdev_ops;
	KUNIT_ASSERT_EQ(test, register_netdev(dev), 0);
	KUNIT_ASSERT_EQ(test, quic_offload_register(dev, &fake_ops, &fake_caps),
			0);
	quic_offload_set_enabled(dev, true);
	qo_events = 0;
	quic_offload_register_notifier(&qo_nb);
	KUNIT_EXPECT_TRUE(test, quic_offload_capable(dev, NULL));
	unregister_netdev(dev);
	KUNIT_EXPECT_EQ(test, qo_events, 1);
	KUNIT_EXPECT_FALSE(test, quic_offload_capable(dev, NULL));
	quic_offload_unregister_notifier(&qo_nb);
	free_netdev(dev);
}

/* ethtool -K quic-offload off: the stack hears DEV_DOWN once, and falls back */
static void qo_disable_tells_stack(struct kunit *test)
{
	struct net_device *dev = test->priv;

	KUNIT_ASSERT_EQ(test, quic_offload_register(dev, &fake_ops, &fake_caps),
			0);
	qo_events = 0;
	quic_offload_register_notifier(&qo_nb);
	quic_offload_set_enabled(dev, false);	/* registered off: no news */
	KUNIT_EXPECT_EQ(test, qo_events, 0);
	quic_offload_set_enabled(dev, true);
	KUNIT_EXPECT_EQ(test, qo_events, 0);
	quic_offload_set_enabled(dev, false);
	KUNIT_EXPECT_EQ(test, qo_events, 1);
	KUNIT_EXPECT_FALSE(test, quic_offload_capable(dev, NULL));
	quic_offload_set_enabled(dev, false);
	KUNIT_EXPECT_EQ(test, qo_events, 1);
	quic_offload_unregister_notifier(&qo_nb);
}

static void qo_skb_metadata(struct kunit *test)
{
	struct sk_buff *skb = alloc_skb(128, GFP_KERNEL);
	const struct quic_offload_tx_meta *m;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_EXPECT_FALSE(test, quic_offload_tx_marked(skb));
	KUNIT_EXPECT_NULL(test, quic_offload_tx_meta(skb));
	KUNIT_EXPECT_NULL(test, quic_offload_rx_result(skb));
	KUNIT_ASSERT_EQ(test, quic_offload_tx_mark(skb, 0x300007, 1,
						   QUIC_OFFLOAD_PN_MAX, 4, 9), 0);
	KUNIT_EXPECT_TRUE(test, quic_offload_tx_marked(skb));
	KUNIT_EXPECT_TRUE(test, skb_is_decrypted(skb));
	/* clsact writes tc_skb_cb up to cb[36], tcx BPF and qdiscs the rest */
	memset(skb->cb, 0, sizeof(skb->cb));
	m = quic_offload_tx_meta(skb);
	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_EXPECT_EQ(test, m->handle, 0x300007);
	KUNIT_EXPECT_EQ(test, m->key_phase, 1);
	KUNIT_EXPECT_EQ(test, m->pn, QUIC_OFFLOAD_PN_MAX);
	KUNIT_EXPECT_EQ(test, m->pn_len, 4);
	KUNIT_EXPECT_EQ(test, m->pn_off, 9);
	/* TX metadata is not an RX result */
	KUNIT_EXPECT_NULL(test, quic_offload_rx_result(skb));
	KUNIT_EXPECT_FALSE(test, quic_offload_rx_opened(skb));
	/* UDP tunnel transmit scrubs extensions: still plaintext, still
	 * marked, so the device drops it rather than send it
	 */
	skb_scrub_packet(skb, false);
	KUNIT_EXPECT_NULL(test, quic_offload_tx_meta(skb));
	KUNIT_EXPECT_TRUE(test, quic_offload_tx_marked(skb));
	kfree_skb(skb);
}

/* RX: only decrypted + an OK result reads as opened by the device. */
static void qo_skb_rx_result(struct kunit *test)
{
	struct sk_buff *skb = alloc_skb(128, GFP_KERNEL);
	struct quic_offload_rx_meta *r;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	r = quic_offload_rx_meta_add(skb);
	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_EXPECT_EQ(test, r->magic, QUIC_OFFLOAD_RX_MAGIC);
	r->handle = 5;
	r->status = QUIC_OFFLOAD_RX_AUTH_FAIL;
	KUNIT_EXPECT_FALSE(test, quic_offload_rx_opened(skb));
	/* clobbering cb (tc ingress) cannot turn a failure into OK */
	memset(skb->cb, 0, sizeof(skb->cb));
	KUNIT_EXPECT_EQ(test, quic_offload_rx_result(skb)->status,
			QUIC_OFFLOAD_RX_AUTH_FAIL);
	KUNIT_EXPECT_NULL(test, quic_offload_tx_meta(skb));
	KUNIT_EXPECT_FALSE(test, quic_offload_tx_marked(skb));
	r->status = QUIC_OFFLOAD_RX_OK;
	KUNIT_EXPECT_FALSE(test, quic_offload_rx_opened(skb));	/* no decrypted */
	skb->decrypted = 1;
	KUNIT_EXPECT_TRUE(test, quic_offload_rx_opened(skb));
	kfree_skb(skb);
}

static struct kunit_case qo_cases[] = {
	KUNIT_CASE(qo_register_lookup),
	KUNIT_CASE(qo_caps_enforced),
	KUNIT_CASE(qo_ops_forwarded),
	KUNIT_CASE(qo_core_lists_flows),
	KUNIT_CASE(qo_unknown_caps_refused),
	KUNIT_CASE(qo_netdev_unregister_cleans_up),
	KUNIT_CASE(qo_disable_tells_stack),
	KUNIT_CASE(qo_skb_metadata),
	KUNIT_CASE(qo_skb_rx_result),
	{}
};

static struct kunit_suite qo_suite = {
	.name = "quic_offload_registry",
	.init = qo_test_init,
	.exit = qo_test_exit,
	.test_cases = qo_cases,
};

kunit_test_suite(qo_suite);

MODULE_DESCRIPTION("KUnit tests for the QUIC offload layer");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
