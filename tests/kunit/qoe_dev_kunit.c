// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit: the qoe device pair end to end, this suite playing the QUIC
 * stack (quic.ko's role): flows and keys through the quic_offload hooks,
 * marked skbs through dev_queue_xmit() on qoe A, results on qoe B.
 */
#include <kunit/test.h>
#include <linux/etherdevice.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/rtnetlink.h>
#include <linux/udp.h>
#include <net/quic_offload.h>

#include "qoe_dev.h"
#include "qoe_rfc9001_a5.h"

#define IP_A	htonl(0x0a000001)
#define IP_B	htonl(0x0a000002)
#define PORT_A	4433
#define PORT_B	50000

struct qoe_dk {
	struct qoe_dev *a;
	struct qoe_dev *b;
	struct sk_buff_head rx;
	u32 tx;
	u32 rx_h;
	u8 cid_len;
	u8 cid_byte;	/* the DCID is cid_len times this byte */
	bool v6;	/* qoe_dk_conn/qoe_dk_skb use IPv6 */
	bool fail_drop;	/* RX entry drops packets that fail auth */
};

static const struct in6_addr ip6_a = { { { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 } } };
static const struct in6_addr ip6_b = { { { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 } } };

static int qoe_dk_init(struct kunit *test)
{
	struct qoe_dk *k = kunit_kzalloc(test, sizeof(*k), GFP_KERNEL);
	int ret;

	if (!k)
		return -ENOMEM;
	ret = qoe_pair_create(&k->a, &k->b);
	if (ret)
		return ret;
	rtnl_lock();
	dev_open(k->a->netdev, NULL);
	dev_open(k->b->netdev, NULL);
	rtnl_unlock();
	skb_queue_head_init(&k->rx);
	k->b->rx_capture = &k->rx;
	k->cid_byte = 0xc7;
	test->priv = k;
	return 0;
}

static void qoe_dk_exit(struct kunit *test)
{
	struct qoe_dk *k = test->priv;

	qoe_pair_destroy(k->a);
	skb_queue_purge(&k->rx);
}

static void qoe_dk_conn(struct quic_offload_conn *c, u8 dir, u8 cipher,
			const u8 *hp, u8 cid_len, u64 pn)
{
	memset(c, 0, sizeof(*c));
	c->dir = dir;
	c->cipher = cipher;
	c->family = AF_INET;
	c->cid_len = cid_len;
	memset(c->cid, 0xc7, cid_len);
	c->saddr.v4 = dir == QUIC_OFFLOAD_DIR_TX ? IP_A : IP_B;
	c->daddr.v4 = dir == QUIC_OFFLOAD_DIR_TX ? IP_B : IP_A;
	c->sport = htons(dir == QUIC_OFFLOAD_DIR_TX ? PORT_A : PORT_B);
	c->dport = htons(dir == QUIC_OFFLOAD_DIR_TX ? PORT_B : PORT_A);
	c->pn = pn;
	memcpy(c->hp_key, hp, dir == QUIC_OFFLOAD_DIR_TX ||
	       cipher != QUIC_OFFLOAD_CIPHER_AES_128_GCM ? 32 : 16);
}

/* TX flow on A, and (with @rx) RX flow on B, phase 0 keys on both. */
static void qoe_dk_flows(struct kunit *test, u8 cipher, const u8 *key,
			 const u8 *iv, const u8 *hp, u8 cid_len, u64 pn,
			 bool rx)
{
	struct qoe_dk *k = test->priv;
	struct quic_offload_key qk = { .key_len = cipher ==
		QUIC_OFFLOAD_CIPHER_AES_128_GCM ? 16 : 32 };
	struct quic_offload_conn c;

	memcpy(qk.key, key, qk.key_len);
	memcpy(qk.iv, iv, 12);
	k->cid_len = cid_len;
	qoe_dk_conn(&c, QUIC_OFFLOAD_DIR_TX, cipher, hp, cid_len, pn);
	if (k->v6) {
		c.family = AF_INET6;
		c.saddr.v6 = ip6_a;
		c.daddr.v6 = ip6_b;
	}
	KUNIT_ASSERT_EQ(test, quic_offload_conn_add(k->a->netdev, &c, &k->tx,
						    NULL), 0);
	KUNIT_ASSERT_EQ(test, quic_offload_key_install(k->a->netdev, k->tx, 0,
						       &qk), 0);
	if (!rx)
		return;
	qoe_dk_conn(&c, QUIC_OFFLOAD_DIR_RX, cipher, hp, cid_len,
		    QUIC_OFFLOAD_PN_NONE);
	if (k->v6) {
		c.family = AF_INET6;
		c.saddr.v6 = ip6_b;
		c.daddr.v6 = ip6_a;
	}
	if (k->fail_drop)
		c.fail_action = QUIC_OFFLOAD_FAIL_DROP;
	KUNIT_ASSERT_EQ(test, quic_offload_conn_add(k->b->netdev, &c, &k->rx_h,
						    NULL), 0);
	KUNIT_ASSERT_EQ(test, quic_offload_key_install(k->b->netdev, k->rx_h,
						       0, &qk), 0);
	if (pn > 0)
		KUNIT_ASSERT_EQ(test, quic_offload_rx_resync(k->b->netdev,
							     k->rx_h, pn - 1),
				0);
}

/* Eth + IPv4/IPv6 + UDP A -> B + short header + @len payload bytes. */
static struct sk_buff *qoe_dk_skb(struct kunit *test, u8 pn_len, u64 pn,
				  const u8 *payload, u32 len)
{
	struct qoe_dk *k = test->priv;
	u32 hdr = 1 + k->cid_len + pn_len, i;
	u32 iphl = k->v6 ? sizeof(struct ipv6hdr) : sizeof(struct iphdr);
	struct sk_buff *skb;
	struct udphdr *uh;
	struct ethhdr *eh;
	u8 *q;

	skb = alloc_skb(ETH_HLEN + iphl + 8 + hdr + len + NET_IP_ALIGN,
			GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, NET_IP_ALIGN);
	eh = skb_put(skb, ETH_HLEN);
	ether_addr_copy(eh->h_dest, k->b->netdev->dev_addr);
	ether_addr_copy(eh->h_source, k->a->netdev->dev_addr);
	eh->h_proto = htons(k->v6 ? ETH_P_IPV6 : ETH_P_IP);
	if (k->v6) {
		struct ipv6hdr *ip6 = skb_put_zero(skb, sizeof(*ip6));

		ip6->version = 6;
		ip6->payload_len = htons(8 + hdr + len);
		ip6->nexthdr = IPPROTO_UDP;
		ip6->hop_limit = 64;
		ip6->saddr = ip6_a;
		ip6->daddr = ip6_b;
	} else {
		struct iphdr *iph = skb_put_zero(skb, sizeof(*iph));

		iph->version = 4;
		iph->ihl = 5;
		iph->ttl = 64;
		iph->protocol = IPPROTO_UDP;
		iph->tot_len = htons(28 + hdr + len);
		iph->saddr = IP_A;
		iph->daddr = IP_B;
		iph->check = ip_fast_csum(iph, 5);
	}
	uh = skb_put_zero(skb, sizeof(*uh));
	uh->source = htons(PORT_A);
	uh->dest = htons(PORT_B);
	uh->len = htons(8 + hdr + len);
	q = skb_put(skb, hdr);
	q[0] = 0x40 | (pn_len - 1);
	memset(q + 1, k->cid_byte, k->cid_len);
	for (i = 0; i < pn_len; i++)
		q[1 + k->cid_len + i] = (u8)(pn >> (8 * (pn_len - 1 - i)));
	skb_put_data(skb, payload, len);
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, ETH_HLEN);
	skb_set_transport_header(skb, ETH_HLEN + iphl);
	skb->protocol = eh->h_proto;
	skb->dev = k->a->netdev;
	return skb;
}

static void qoe_dk_send(struct kunit *test, struct sk_buff *skb)
{
	struct qoe_dk *k = test->priv;

	KUNIT_EXPECT_EQ(test, qoe_inject_xmit(k->a, skb), 0);
}

/*
 * The next IPv4 packet B received.  Opening the devices makes IPv6 send
 * router solicitations and such at random times: skip those.
 */
static struct sk_buff *qoe_dk_pop(struct qoe_dk *k)
{
	struct sk_buff *skb;

	while ((skb = skb_dequeue(&k->rx))) {
		if (skb->protocol == htons(k->v6 ? ETH_P_IPV6 : ETH_P_IP) &&
		    (!k->v6 || skb->data[6] == IPPROTO_UDP))
			return skb;
		kfree_skb(skb);
	}
	return NULL;
}

static unsigned int qoe_dk_pending(struct qoe_dk *k)
{
	struct sk_buff *skb, *tmp;
	unsigned long flags;
	unsigned int n = 0;

	spin_lock_irqsave(&k->rx.lock, flags);
	skb_queue_walk_safe(&k->rx, skb, tmp)
		n += skb->protocol == htons(k->v6 ? ETH_P_IPV6 : ETH_P_IP) &&
		     (!k->v6 || skb->data[6] == IPPROTO_UDP);
	spin_unlock_irqrestore(&k->rx.lock, flags);
	return n;
}

static u64 qoe_dk_stat(struct qoe_dev *qd, enum qoe_drv_stat s)
{
	return atomic64_read(&qd->stats[s]);
}

/* @skb's bytes in one buffer, however they lie (head, page fragments). */
static u8 *qoe_dk_bytes(struct kunit *test, const struct sk_buff *skb)
{
	u8 *b = kunit_kmalloc(test, skb->len, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, b);
	KUNIT_ASSERT_EQ(test, skb_copy_bits(skb, 0, b, skb->len), 0);
	return b;
}

static void qoe_dev_flow_lifecycle(struct kunit *test)
{
	struct qoe_dk *k = test->priv;
	struct quic_offload_key qk = { .key_len = 32 };
	struct quic_offload_conn c;
	struct quic_offload_stats st;
	u32 h1, h2;

	qoe_dk_conn(&c, QUIC_OFFLOAD_DIR_TX,
		    QUIC_OFFLOAD_CIPHER_CHACHA20_POLY1305, a5_hp, 8, 5);
	KUNIT_ASSERT_EQ(test, quic_offload_conn_add(k->a->netdev, &c, &h1,
						    NULL), 0);
	KUNIT_EXPECT_EQ(test, quic_offload_get_stats(k->a->netdev, h1, &st), 0);
	KUNIT_EXPECT_EQ(test, st.pn, 5);
	KUNIT_EXPECT_EQ(test, quic_offload_conn_del(k->a->netdev, h1), 0);
	KUNIT_EXPECT_EQ(test, quic_offload_conn_del(k->a->netdev, h1), -ENOENT);
	KUNIT_EXPECT_EQ(test, quic_offload_key_install(k->a->netdev, h1, 0,
						       &qk), -ENOENT);
	/* the slot is reused under a new generation: h1 stays dead */
	KUNIT_ASSERT_EQ(test, quic_offload_conn_add(k->a->netdev, &c, &h2,
						    NULL), 0);
	KUNIT_EXPECT_NE(test, h1, h2);
	KUNIT_EXPECT_EQ(test, quic_offload_get_stats(k->a->netdev, h1, &st),
			-ENOENT);
	/* switched off: new connections fall back to software */
	qoe_set_offload(k->a, false);
	KUNIT_EXPECT_EQ(test, quic_offload_conn_add(k->a->netdev, &c, &h1,
						    NULL), -EOPNOTSUPP);
	qoe_set_offload(k->a, true);
#ifdef NETIF_F_HW_QUIC_OFFLOAD
	/* the same through the feature bit (ethtool -K quic-offload off) */
	rtnl_lock();
	k->a->netdev->wanted_features &= ~NETIF_F_HW_QUIC_OFFLOAD;
	netdev_update_features(k->a->netdev);
	rtnl_unlock();
	KUNIT_EXPECT_FALSE(test, quic_offload_capable(k->a->netdev, NULL));
	KUNIT_EXPECT_FALSE(test, k->a->pflags & QOE_PFLAG_OFFLOAD);
	rtnl_lock();
	k->a->netdev->wanted_features |= NETIF_F_HW_QUIC_OFFLOAD;
	netdev_update_features(k->a->netdev);
	rtnl_unlock();
	KUNIT_EXPECT_TRUE(test, quic_offload_capable(k->a->netdev, NULL));
#else
	kunit_info(test, "kernel without kernel-patches/: feature bit untested");
#endif
}

/* RFC 9001 A.5 on the wire, then decrypted by B once it has the flow. */
static void qoe_dev_a5_end_to_end(struct kunit *test)
{
	struct qoe_dk *k = test->priv;
	const struct quic_offload_rx_meta *m;
	struct quic_offload_key qk = { .key_len = 32 };
	struct quic_offload_conn c;
	struct sk_buff *skb;
	u8 one = 0x01;

	qoe_dk_flows(test, QUIC_OFFLOAD_CIPHER_CHACHA20_POLY1305, a5_key,
		     a5_iv, a5_hp, 0, A5_PN - 1, false);
	skb = qoe_dk_skb(test, 3, A5_PN, &one, 1);
	quic_offload_tx_mark(skb, k->tx, 0, A5_PN, 3, 1);
	qoe_dk_send(test, skb);
	/* B has no flow yet: the wire bytes come up untouched */
	skb = qoe_dk_pop(k);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_EXPECT_EQ(test, skb->len, 28 + 21);
	KUNIT_EXPECT_MEMEQ(test, skb->data + 28, a5_wire, 21);
	KUNIT_EXPECT_FALSE(test, skb_is_decrypted(skb));
	KUNIT_EXPECT_NULL(test, quic_offload_rx_result(skb));
	kfree_skb(skb);

	memcpy(qk.key, a5_key, 32);
	memcpy(qk.iv, a5_iv, 12);
	qoe_dk_conn(&c, QUIC_OFFLOAD_DIR_RX,
		    QUIC_OFFLOAD_CIPHER_CHACHA20_POLY1305, a5_hp, 0,
		    QUIC_OFFLOAD_PN_NONE);
	KUNIT_ASSERT_EQ(test, quic_offload_conn_add(k->b->netdev, &c, &k->rx_h,
						    NULL), 0);
	KUNIT_ASSERT_EQ(test, quic_offload_key_install(k->b->netdev, k->rx_h,
						       0, &qk), 0);
	KUNIT_ASSERT_EQ(test, quic_offload_rx_resync(k->b->netdev, k->rx_h,
						     A5_PN), 0);
	skb = qoe_dk_skb(test, 3, A5_PN + 1, &one, 1);
	quic_offload_tx_mark(skb, k->tx, 0, A5_PN + 1, 3, 1);
	qoe_dk_send(test, skb);
	skb = qoe_dk_pop(k);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_EXPECT_TRUE(test, skb_is_decrypted(skb));
	m = quic_offload_rx_result(skb);
	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_EXPECT_EQ(test, m->status, QUIC_OFFLOAD_RX_OK);
	KUNIT_EXPECT_EQ(test, m->handle, k->rx_h);
	KUNIT_EXPECT_EQ(test, m->pn, A5_PN + 1);
	KUNIT_EXPECT_EQ(test, skb->len, 28 + 4 + 1);
	KUNIT_EXPECT_EQ(test, skb->data[28], 0x42);
	KUNIT_EXPECT_EQ(test, skb->data[32], 0x01);
	kfree_skb(skb);
	KUNIT_EXPECT_EQ(test, qoe_dk_stat(k->b, QOE_DRV_RX_DECRYPTED), 1);
}

static void qoe_dk_aes_keys(u8 *key, u8 *iv, u8 *hp, u8 seed)
{
	int i;

	for (i = 0; i < 32; i++) {
		key[i] = seed + i;
		hp[i] = 0x80 + seed + i;
	}
	for (i = 0; i < 12; i++)
		iv[i] = 0x40 + seed + i;
}

/* One GSO skb of 3 packets -> 3 sealed datagrams -> one GRO skb on B. */
static void qoe_dev_gso_gro(struct kunit *test)
{
	struct qoe_dk *k = test->priv;
	const struct quic_offload_rx_meta *m;
	struct quic_offload_stats st;
	u8 key[32], iv[12], hp[32];
	struct sk_buff *skb;
	u8 *payload;
	int i, round;

	payload = kunit_kmalloc(test, 250, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, payload);
	for (i = 0; i < 250; i++)
		payload[i] = (u8)(i * 5 + 3);
	qoe_dk_aes_keys(key, iv, hp, 1);
	qoe_dk_flows(test, QUIC_OFFLOAD_CIPHER_AES_128_GCM, key, iv, hp, 8,
		     1000, true);
	for (round = 0; round < 2; round++) {
		u64 pn = 1000 + round * 3;

		skb = qoe_dk_skb(test, 2, pn, payload, 250);
		skb_shinfo(skb)->gso_size = 100;
		skb_shinfo(skb)->gso_segs = 3;
		skb_shinfo(skb)->gso_type = SKB_GSO_UDP_L4;
		/* as UDP GSO: the device fills in the checksums */
		KUNIT_ASSERT_TRUE(test,
				  skb_partial_csum_set(skb, ETH_HLEN + 20, 6));
		quic_offload_tx_mark(skb, k->tx, 0, pn, 2, 9);
		qoe_dk_send(test, skb);
		KUNIT_EXPECT_EQ(test, qoe_dk_stat(k->a, QOE_DRV_TX_DROP_NO_META),
				0);
		KUNIT_EXPECT_EQ(test, qoe_dk_stat(k->a, QOE_DRV_TX_DROP_ERROR),
				0);
		/* the flow's count: IPv6 autoconf adds to tx_packets */
		KUNIT_EXPECT_EQ(test, quic_offload_get_stats(k->a->netdev,
							     k->tx, &st), 0);
		KUNIT_EXPECT_EQ(test, st.packets, 3 * (round + 1));
		if (round == 0) {
			/* GRO on: one skb, three whole packets, as UDP GRO
			 * builds them (a socket without UDP_GRO gets them
			 * back one by one)
			 */
			KUNIT_ASSERT_EQ(test, qoe_dk_pending(k), 1);
			skb = qoe_dk_pop(k);
			KUNIT_EXPECT_EQ(test, skb_shinfo(skb)->gso_segs, 3);
			KUNIT_EXPECT_EQ(test, skb_shinfo(skb)->gso_size,
					11 + 100);
			KUNIT_EXPECT_TRUE(test, skb_shinfo(skb)->gso_type &
					  SKB_GSO_UDP_L4);
			KUNIT_EXPECT_EQ(test, (int)skb->ip_summed, CHECKSUM_PARTIAL);
			KUNIT_EXPECT_EQ(test, skb_checksum_start_offset(skb),
					20);
			KUNIT_EXPECT_EQ(test, skb->len, 28 + 3 * 11 + 250);
			for (i = 0; i < 3; i++) {
				u8 *q = qoe_dk_bytes(test, skb) + 28 + i * 111;

				KUNIT_EXPECT_EQ(test, q[1], k->cid_byte);
				KUNIT_EXPECT_EQ(test, q[9] << 8 | q[10],
						(pn + i) & 0xffff);
				KUNIT_EXPECT_MEMEQ(test, q + 11,
						   payload + i * 100,
						   i < 2 ? 100 : 50);
			}
			m = quic_offload_rx_result(skb);
			KUNIT_ASSERT_NOT_NULL(test, m);
			KUNIT_EXPECT_EQ(test, m->status, QUIC_OFFLOAD_RX_OK);
			KUNIT_EXPECT_EQ(test, m->pn, pn);
			kfree_skb(skb);
			/* now without GRO */
			k->b->pflags &= ~QOE_PFLAG_GRO;
			continue;
		}
		KUNIT_ASSERT_EQ(test, qoe_dk_pending(k), 3);
		for (i = 0; i < 3; i++) {
			u32 seg = i < 2 ? 100 : 50;

			skb = qoe_dk_pop(k);
			m = quic_offload_rx_result(skb);
			KUNIT_ASSERT_NOT_NULL(test, m);
			KUNIT_EXPECT_EQ(test, m->pn, pn + i);
			KUNIT_EXPECT_TRUE(test, skb_is_decrypted(skb));
			KUNIT_EXPECT_EQ(test, skb->len, 28 + 11 + seg);
			KUNIT_EXPECT_MEMEQ(test, skb->data + 28 + 11,
					   payload + i * 100, seg);
			kfree_skb(skb);
		}
	}
	KUNIT_EXPECT_EQ(test, qoe_dk_stat(k->b, QOE_DRV_RX_COALESCED), 1);
}

/*
 * Packets in page-fragment heads (netdev_alloc_skb() past its small-head
 * size) merge without a copy: the first skb is the head, the others page
 * fragments of it.  The bytes are those of the copying merge.
 */
static void qoe_dev_gro_without_copy(struct kunit *test)
{
	enum { SEG = 1000, SEGS = 3 };
	struct qoe_dk *k = test->priv;
	const struct quic_offload_rx_meta *m;
	u8 key[32], iv[12], hp[32];
	struct sk_buff *skb;
	u8 *payload, *b;
	u64 pn = 2000;
	int i;

	payload = kunit_kmalloc(test, SEG * SEGS, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, payload);
	for (i = 0; i < SEG * SEGS; i++)
		payload[i] = (u8)(i * 7 + 1);
	qoe_dk_aes_keys(key, iv, hp, 3);
	qoe_dk_flows(test, QUIC_OFFLOAD_CIPHER_AES_128_GCM, key, iv, hp, 8,
		     pn, true);
	skb = qoe_dk_skb(test, 2, pn, payload, SEG * SEGS);
	skb_shinfo(skb)->gso_size = SEG;
	skb_shinfo(skb)->gso_segs = SEGS;
	skb_shinfo(skb)->gso_type = SKB_GSO_UDP_L4;
	KUNIT_ASSERT_TRUE(test, skb_partial_csum_set(skb, ETH_HLEN + 20, 6));
	quic_offload_tx_mark(skb, k->tx, 0, pn, 2, 9);
	qoe_dk_send(test, skb);
	KUNIT_ASSERT_EQ(test, qoe_dk_pending(k), 1);
	skb = qoe_dk_pop(k);
	KUNIT_EXPECT_EQ(test, qoe_dk_stat(k->b, QOE_DRV_RX_GRO_NOCOPY), 1);
	KUNIT_EXPECT_EQ(test, skb_shinfo(skb)->nr_frags, SEGS - 1);
	KUNIT_EXPECT_EQ(test, skb_headlen(skb), 28 + 11 + SEG);
	KUNIT_EXPECT_EQ(test, skb->len, 28 + SEGS * (11 + SEG));
	/* the fragments' memory is accounted to the head */
	KUNIT_EXPECT_GE(test, skb->truesize, skb->len);
	KUNIT_EXPECT_EQ(test, skb_shinfo(skb)->gso_segs, SEGS);
	KUNIT_EXPECT_EQ(test, skb_shinfo(skb)->gso_size, 11 + SEG);
	KUNIT_EXPECT_EQ(test, (int)skb->ip_summed, CHECKSUM_PARTIAL);
	b = qoe_dk_bytes(test, skb);
	/* the IPv4 and UDP lengths cover the whole super-packet */
	KUNIT_EXPECT_EQ(test, b[2] << 8 | b[3], 28 + SEGS * (11 + SEG));
	KUNIT_EXPECT_EQ(test, b[24] << 8 | b[25], 8 + SEGS * (11 + SEG));
	for (i = 0; i < SEGS; i++) {
		u8 *q = b + 28 + i * (11 + SEG);

		KUNIT_EXPECT_EQ(test, q[1], k->cid_byte);
		KUNIT_EXPECT_EQ(test, q[9] << 8 | q[10], (pn + i) & 0xffff);
		KUNIT_EXPECT_MEMEQ(test, q + 11, payload + i * SEG, SEG);
	}
	m = quic_offload_rx_result(skb);
	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_EXPECT_EQ(test, m->pn, pn);
	kfree_skb(skb);
}

static struct quic_offload_event_info qoe_dk_flip;
static int qoe_dk_flips;

static int qoe_dk_event(struct notifier_block *nb, unsigned long ev,
			void *data)
{
	if (ev == QUIC_OFFLOAD_KEY_PHASE_FLIP) {
		qoe_dk_flip = *(struct quic_offload_event_info *)data;
		qoe_dk_flips++;
	}
	return NOTIFY_DONE;
}

static struct notifier_block qoe_dk_nb = { .notifier_call = qoe_dk_event };

/* Phase 1 keys, a packet in phase 1, then phase 0 retired on TX. */
static void qoe_dev_key_update(struct kunit *test)
{
	struct qoe_dk *k = test->priv;
	struct quic_offload_key qk = { .key_len = 16 };
	const struct quic_offload_rx_meta *m;
	struct quic_offload_stats st;
	u8 key[32], iv[12], hp[32], data[40] = {};
	struct sk_buff *skb;

	qoe_dk_aes_keys(key, iv, hp, 7);
	qoe_dk_flows(test, QUIC_OFFLOAD_CIPHER_AES_128_GCM, key, iv, hp, 4, 10,
		     true);
	qoe_dk_aes_keys(qk.key, qk.iv, hp, 9);
	KUNIT_ASSERT_EQ(test, quic_offload_key_install(k->a->netdev, k->tx, 1,
						       &qk), 0);
	KUNIT_ASSERT_EQ(test, quic_offload_key_install(k->b->netdev, k->rx_h,
						       1, &qk), 0);
	qoe_dk_flips = 0;
	quic_offload_register_notifier(&qoe_dk_nb);
	skb = qoe_dk_skb(test, 2, 10, data, sizeof(data));
	quic_offload_tx_mark(skb, k->tx, 1, 10, 2, 5);
	qoe_dk_send(test, skb);
	quic_offload_unregister_notifier(&qoe_dk_nb);
	/* the stack hears of the peer's flip, for the RX entry, at PN 10 */
	KUNIT_EXPECT_EQ(test, qoe_dk_flips, 1);
	KUNIT_EXPECT_PTR_EQ(test, qoe_dk_flip.dev, k->b->netdev);
	KUNIT_EXPECT_EQ(test, qoe_dk_flip.handle, k->rx_h);
	KUNIT_EXPECT_EQ(test, qoe_dk_flip.phase, 1);
	KUNIT_EXPECT_EQ(test, qoe_dk_flip.value, 10);
	skb = qoe_dk_pop(k);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	m = quic_offload_rx_result(skb);
	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_EXPECT_EQ(test, m->status, QUIC_OFFLOAD_RX_OK);
	KUNIT_EXPECT_EQ(test, m->key_phase, 1);
	KUNIT_EXPECT_TRUE(test, skb_is_decrypted(skb));
	kfree_skb(skb);
	KUNIT_EXPECT_EQ(test, quic_offload_get_stats(k->b->netdev, k->rx_h,
						     &st), 0);
	KUNIT_EXPECT_EQ(test, st.key_phase, 1);
	KUNIT_EXPECT_EQ(test, st.packets, 1);

	/* phase 0 retired: a packet asking for it is dropped, not sent */
	KUNIT_ASSERT_EQ(test, quic_offload_key_retire(k->a->netdev, k->tx, 0),
			0);
	skb = qoe_dk_skb(test, 2, 11, data, sizeof(data));
	quic_offload_tx_mark(skb, k->tx, 0, 11, 2, 5);
	qoe_dk_send(test, skb);
	KUNIT_EXPECT_EQ(test, qoe_dk_pending(k), 0);
	KUNIT_EXPECT_EQ(test, qoe_dk_stat(k->a, QOE_DRV_TX_DROP_ERROR), 1);
}

/*
 * Between the stack and the driver, clsact (tc_skb_cb up to cb[36]), tcx
 * BPF and qdiscs rewrite skb->cb: the metadata must not live there.
 */
static void qoe_dev_metadata_survives_cb(struct kunit *test)
{
	struct qoe_dk *k = test->priv;
	const struct quic_offload_rx_meta *m;
	u8 key[32], iv[12], hp[32], data[40];
	struct sk_buff *skb;

	memset(data, 0x5a, sizeof(data));
	qoe_dk_aes_keys(key, iv, hp, 4);
	qoe_dk_flows(test, QUIC_OFFLOAD_CIPHER_AES_128_GCM, key, iv, hp, 8, 70,
		     true);
	skb = qoe_dk_skb(test, 2, 70, data, sizeof(data));
	KUNIT_ASSERT_EQ(test, quic_offload_tx_mark(skb, k->tx, 0, 70, 2, 9), 0);
	memset(skb->cb, 0, sizeof(skb->cb));
	qoe_dk_send(test, skb);
	skb = qoe_dk_pop(k);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_EXPECT_TRUE(test, quic_offload_rx_opened(skb));
	m = quic_offload_rx_result(skb);
	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_EXPECT_EQ(test, m->handle, k->rx_h);
	KUNIT_EXPECT_EQ(test, m->pn, 70);
	KUNIT_EXPECT_MEMEQ(test, skb->data + 28 + 11, data, sizeof(data));
	kfree_skb(skb);
	KUNIT_EXPECT_EQ(test, qoe_dk_stat(k->a, QOE_DRV_TX_DROP_NO_META), 0);
}

/*
 * Plaintext no socket hook vouches for never reaches a device: the core's
 * sk_validate_xmit_skb() drops it (CONFIG_SOCK_VALIDATE_XMIT, which quic.ko's
 * offload selects).
 */
static void qoe_dev_plaintext_needs_socket(struct kunit *test)
{
	struct qoe_dk *k = test->priv;
	u8 key[32], iv[12], hp[32], data[40];
	struct rtnl_link_stats64 st;
	struct sk_buff *skb;
	u64 dropped;

	if (!IS_ENABLED(CONFIG_SOCK_VALIDATE_XMIT))
		kunit_skip(test, "CONFIG_SOCK_VALIDATE_XMIT is off");
	memset(data, 0x77, sizeof(data));
	qoe_dk_aes_keys(key, iv, hp, 5);
	qoe_dk_flows(test, QUIC_OFFLOAD_CIPHER_AES_128_GCM, key, iv, hp, 8, 90,
		     true);
	/* the core's drop, not tx_packets: IPv6 autoconf sends at will */
	dropped = dev_get_stats(k->a->netdev, &st)->tx_dropped;
	skb = qoe_dk_skb(test, 2, 90, data, sizeof(data));
	KUNIT_ASSERT_EQ(test, quic_offload_tx_mark(skb, k->tx, 0, 90, 2, 9), 0);
	dev_queue_xmit(skb);
	qoe_dev_flush(k->a);
	KUNIT_EXPECT_EQ(test, dev_get_stats(k->a->netdev, &st)->tx_dropped,
			dropped + 1);
	KUNIT_EXPECT_EQ(test, qoe_dk_pending(k), 0);
}

/* What must never leave in clear, and what B says about bad packets. */
static void qoe_dev_bad_input(struct kunit *test)
{
	struct qoe_dk *k = test->priv;
	const struct quic_offload_rx_meta *m;
	u8 key[32], iv[12], hp[32], data[40];
	struct sk_buff *skb;
	u32 stale;

	memset(data, 0x3c, sizeof(data));
	qoe_dk_aes_keys(key, iv, hp, 3);
	qoe_dk_flows(test, QUIC_OFFLOAD_CIPHER_AES_128_GCM, key, iv, hp, 8, 50,
		     true);

	/* plaintext whose metadata was lost (a tunnel scrubbed it): dropped */
	skb = qoe_dk_skb(test, 2, 50, data, sizeof(data));
	quic_offload_tx_mark(skb, k->tx, 0, 50, 2, 9);
	skb_ext_del(skb, SKB_EXT_QUIC_OFFLOAD);
	qoe_dk_send(test, skb);
	KUNIT_EXPECT_EQ(test, qoe_dk_stat(k->a, QOE_DRV_TX_DROP_NO_META), 1);
	KUNIT_EXPECT_EQ(test, qoe_dk_pending(k), 0);

	/* a stale handle: dropped */
	stale = k->tx;
	KUNIT_ASSERT_EQ(test, quic_offload_conn_del(k->a->netdev, k->tx), 0);
	skb = qoe_dk_skb(test, 2, 50, data, sizeof(data));
	quic_offload_tx_mark(skb, stale, 0, 50, 2, 9);
	qoe_dk_send(test, skb);
	KUNIT_EXPECT_EQ(test, qoe_dk_stat(k->a, QOE_DRV_TX_DROP_ERROR), 1);
	KUNIT_EXPECT_EQ(test, qoe_dk_pending(k), 0);

	/* forged: B's flow matches, the tag does not; bytes stay as sent */
	skb = qoe_dk_skb(test, 2, 50, data, sizeof(data));
	qoe_dk_send(test, skb);
	skb = qoe_dk_pop(k);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_EXPECT_FALSE(test, skb_is_decrypted(skb));
	KUNIT_EXPECT_EQ(test, skb->len, 28 + 11 + sizeof(data));
	KUNIT_EXPECT_MEMEQ(test, skb->data + 28 + 11, data, sizeof(data));
	m = quic_offload_rx_result(skb);
	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_EXPECT_EQ(test, m->status, QUIC_OFFLOAD_RX_AUTH_FAIL);
	KUNIT_EXPECT_EQ(test, m->handle, k->rx_h);
	kfree_skb(skb);

	/* truncated QUIC (header only): reported, passed up untouched */
	skb = qoe_dk_skb(test, 2, 50, data, 1);
	qoe_dk_send(test, skb);
	skb = qoe_dk_pop(k);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_EXPECT_FALSE(test, skb_is_decrypted(skb));
	KUNIT_EXPECT_EQ(test, skb->len, 28 + 11 + 1);
	kfree_skb(skb);

	/* a PN past 2^62 - 1 is refused when marked ... */
	skb = qoe_dk_skb(test, 2, 50, data, sizeof(data));
	KUNIT_EXPECT_EQ(test, quic_offload_tx_mark(skb, k->tx, 0,
						   QUIC_OFFLOAD_PN_MAX + 1,
						   2, 9), -ERANGE);
	kfree_skb(skb);
	/* ... and a GSO run that would cross it by the driver (its second
	 * packet would reuse PN 0's nonce once the sum wraps)
	 */
	qoe_dk_flows(test, QUIC_OFFLOAD_CIPHER_AES_128_GCM, key, iv, hp, 8, 50,
		     false);
	skb = qoe_dk_skb(test, 2, 50, data, sizeof(data));
	skb_shinfo(skb)->gso_size = sizeof(data) / 2;
	skb_shinfo(skb)->gso_segs = 2;
	skb_shinfo(skb)->gso_type = SKB_GSO_UDP_L4;
	KUNIT_ASSERT_TRUE(test, skb_partial_csum_set(skb, ETH_HLEN + 20, 6));
	KUNIT_ASSERT_EQ(test, quic_offload_tx_mark(skb, k->tx, 0,
						   QUIC_OFFLOAD_PN_MAX, 2, 9),
			0);
	qoe_dk_send(test, skb);
	KUNIT_EXPECT_EQ(test, qoe_dk_stat(k->a, QOE_DRV_TX_DROP_NO_META), 2);
	KUNIT_EXPECT_EQ(test, qoe_dk_pending(k), 0);
}

/* NEW_CONNECTION_ID + migration: both ends move to a new CID */
static void qoe_dev_cid_change(struct kunit *test)
{
	struct qoe_dk *k = test->priv;
	const struct quic_offload_rx_meta *m;
	u8 key[32], iv[12], hp[32], data[64];
	u8 old_cid[8], new_cid[8];
	struct sk_buff *skb;

	memset(data, 0x77, sizeof(data));
	memset(old_cid, 0xc7, sizeof(old_cid));
	memset(new_cid, 0xd1, sizeof(new_cid));
	qoe_dk_aes_keys(key, iv, hp, 5);
	qoe_dk_flows(test, QUIC_OFFLOAD_CIPHER_AES_128_GCM, key, iv, hp, 8, 100,
		     true);
	KUNIT_ASSERT_EQ(test, quic_offload_cid_add(k->b->netdev, k->rx_h,
						   new_cid, 8), 0);
	KUNIT_ASSERT_EQ(test, quic_offload_cid_add(k->a->netdev, k->tx,
						   new_cid, 8), 0);
	/* the TX entry now insists on the new DCID */
	skb = qoe_dk_skb(test, 2, 100, data, sizeof(data));
	quic_offload_tx_mark(skb, k->tx, 0, 100, 2, 9);
	qoe_dk_send(test, skb);
	KUNIT_EXPECT_EQ(test, qoe_dk_pending(k), 0);
	k->cid_byte = 0xd1;
	skb = qoe_dk_skb(test, 2, 101, data, sizeof(data));
	quic_offload_tx_mark(skb, k->tx, 0, 101, 2, 9);
	qoe_dk_send(test, skb);
	skb = qoe_dk_pop(k);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	m = quic_offload_rx_result(skb);
	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_EXPECT_EQ(test, m->status, QUIC_OFFLOAD_RX_OK);
	KUNIT_EXPECT_EQ(test, m->handle, k->rx_h);
	KUNIT_EXPECT_EQ(test, m->pn, 101);
	KUNIT_EXPECT_MEMEQ(test, skb->data + 28 + 11, data, sizeof(data));
	kfree_skb(skb);
	/* RETIRE_CONNECTION_ID: the old CID no longer matches */
	KUNIT_ASSERT_EQ(test, quic_offload_cid_del(k->b->netdev, k->rx_h,
						   old_cid, 8), 0);
	k->cid_byte = 0xc7;
	skb = qoe_dk_skb(test, 2, 102, data, sizeof(data));
	qoe_dk_send(test, skb);
	skb = qoe_dk_pop(k);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_EXPECT_NULL(test, quic_offload_rx_result(skb));
	KUNIT_EXPECT_FALSE(test, skb_is_decrypted(skb));
	kfree_skb(skb);
}

/* IPv6: a GSO skb of 2 packets, ChaCha20-Poly1305, 20-byte CID */
static void qoe_dev_ipv6_gso(struct kunit *test)
{
	struct qoe_dk *k = test->priv;
	const struct quic_offload_rx_meta *m;
	u8 data[300];
	struct sk_buff *skb;
	int i;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (u8)(i ^ 0xa5);
	k->v6 = true;
	qoe_dk_flows(test, QUIC_OFFLOAD_CIPHER_CHACHA20_POLY1305, a5_key,
		     a5_iv, a5_hp, 20, 7, true);
	k->b->pflags &= ~QOE_PFLAG_GRO;
	skb = qoe_dk_skb(test, 1, 7, data, sizeof(data));
	skb_shinfo(skb)->gso_size = 200;
	skb_shinfo(skb)->gso_segs = 2;
	skb_shinfo(skb)->gso_type = SKB_GSO_UDP_L4;
	KUNIT_ASSERT_TRUE(test,
			  skb_partial_csum_set(skb, ETH_HLEN + 40, 6));
	quic_offload_tx_mark(skb, k->tx, 0, 7, 1, 21);
	qoe_dk_send(test, skb);
	KUNIT_EXPECT_EQ(test, qoe_dk_stat(k->a, QOE_DRV_TX_DROP_NO_META), 0);
	KUNIT_EXPECT_EQ(test, qoe_dk_stat(k->a, QOE_DRV_TX_DROP_ERROR), 0);
	KUNIT_ASSERT_EQ(test, qoe_dk_pending(k), 2);
	for (i = 0; i < 2; i++) {
		u32 seg = i ? 100 : 200;

		skb = qoe_dk_pop(k);
		m = quic_offload_rx_result(skb);
		KUNIT_ASSERT_NOT_NULL(test, m);
		KUNIT_EXPECT_EQ(test, m->status, QUIC_OFFLOAD_RX_OK);
		KUNIT_EXPECT_EQ(test, m->pn, 7 + i);
		KUNIT_EXPECT_EQ(test, skb->len, 48 + 22 + seg);
		KUNIT_EXPECT_MEMEQ(test, skb->data + 48 + 22, data + i * 200,
				   seg);
		kfree_skb(skb);
	}
}

/* An RX entry told to drop forgeries drops them and counts them. */
static void qoe_dev_fail_action_drop(struct kunit *test)
{
	struct qoe_dk *k = test->priv;
	u8 key[32], iv[12], hp[32], data[40];
	struct quic_offload_stats st;
	struct sk_buff *skb;

	memset(data, 0x11, sizeof(data));
	qoe_dk_aes_keys(key, iv, hp, 8);
	k->fail_drop = true;
	qoe_dk_flows(test, QUIC_OFFLOAD_CIPHER_AES_128_GCM, key, iv, hp, 8, 30,
		     true);
	/* not sealed: matches B's entry, fails authentication */
	skb = qoe_dk_skb(test, 2, 30, data, sizeof(data));
	qoe_dk_send(test, skb);
	KUNIT_EXPECT_EQ(test, qoe_dk_pending(k), 0);
	KUNIT_EXPECT_EQ(test, qoe_dk_stat(k->b, QOE_DRV_RX_DROP), 1);
	KUNIT_ASSERT_EQ(test, quic_offload_get_stats(k->b->netdev, k->rx_h,
						     &st), 0);
	KUNIT_EXPECT_EQ(test, st.auth_fail, 1);
	KUNIT_EXPECT_EQ(test, st.drops, 1);
	/* a genuine packet still goes through */
	skb = qoe_dk_skb(test, 2, 30, data, sizeof(data));
	quic_offload_tx_mark(skb, k->tx, 0, 30, 2, 9);
	qoe_dk_send(test, skb);
	KUNIT_EXPECT_EQ(test, qoe_dk_pending(k), 1);
}

static struct kunit_case qoe_dev_cases[] = {
	KUNIT_CASE(qoe_dev_flow_lifecycle),
	KUNIT_CASE(qoe_dev_a5_end_to_end),
	KUNIT_CASE(qoe_dev_gso_gro),
	KUNIT_CASE(qoe_dev_gro_without_copy),
	KUNIT_CASE(qoe_dev_key_update),
	KUNIT_CASE(qoe_dev_bad_input),
	KUNIT_CASE(qoe_dev_metadata_survives_cb),
	KUNIT_CASE(qoe_dev_plaintext_needs_socket),
	KUNIT_CASE(qoe_dev_cid_change),
	KUNIT_CASE(qoe_dev_ipv6_gso),
	KUNIT_CASE(qoe_dev_fail_action_drop),
	{}
};

static struct kunit_suite qoe_dev_suite = {
	.name = "qoe_dev",
	.init = qoe_dk_init,
	.exit = qoe_dk_exit,
	.test_cases = qoe_dev_cases,
};

kunit_test_suite(qoe_dev_suite);

MODULE_DESCRIPTION("KUnit tests for the qoe emulated device");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
