// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit: the reference engine (firmware-if/), compiled unchanged into the
 * kernel, on the kernel crypto backend.
 */
#include <kunit/test.h>
#include <net/checksum.h>
#include <linux/slab.h>

#include "qoe_host.h"
#include "qoe_crypto_kernel.h"
#include "qoe_rfc9001_a5.h"

#define IP_UDP	28	/* IPv4 + UDP header bytes in front of QUIC */

static const u8 addr_a[4] = { 192, 0, 2, 1 };
static const u8 addr_b[4] = { 192, 0, 2, 2 };

struct qoe_ek {
	struct qoe_crypto crypto;
	struct qoe_engine *e;
	u32 tx;
	u32 rx;
};

static void qoe_ek_exit(struct kunit *test)
{
	struct qoe_ek *k = test->priv;

	if (k->e)
		qoe_engine_destroy(k->e);
	qoe_crypto_kernel_fini(&k->crypto);
}

static int qoe_ek_init(struct kunit *test)
{
	struct qoe_engine_cfg cfg = { .max_flows = 8 };
	struct qoe_ek *k = kunit_kzalloc(test, sizeof(*k), GFP_KERNEL);

	if (!k)
		return -ENOMEM;
	qoe_crypto_kernel_init(&k->crypto);
	cfg.crypto = &k->crypto;
	k->e = qoe_engine_create(&cfg);
	if (!k->e)
		return -ENOMEM;
	test->priv = k;
	return 0;
}

/* A TX flow a:4433 -> b:50000 and the RX flow at b, phase 0 keys on both. */
static void qoe_ek_pair(struct kunit *test, u8 cipher, u8 cid_len,
			const u8 *key, const u8 *iv, const u8 *hp, u64 tx_pn)
{
	struct qoe_ek *k = test->priv;
	size_t kl = qoe_cipher_key_len(cipher);
	struct qoe_flow_params fp = {
		.dir = QOE_DIR_TX,
		.cipher = cipher,
		.family = QOE_FAMILY_IPV4,
		.cid_len = cid_len,
		.local_port = 4433,
		.remote_port = 50000,
		.pn = tx_pn,
	};

	memset(fp.cid, 0xc1, cid_len);
	memcpy(fp.local_addr, addr_a, 4);
	memcpy(fp.remote_addr, addr_b, 4);
	memcpy(fp.hp_key, hp, kl);
	KUNIT_ASSERT_EQ(test, qoe_host_flow_add(qoe_engine_host(k->e), &fp, &k->tx), QOE_ST_OK);
	KUNIT_ASSERT_EQ(test, qoe_host_key_install(qoe_engine_host(k->e), k->tx, 0, key, kl, iv),
			QOE_ST_OK);
	fp.dir = QOE_DIR_RX;
	memcpy(fp.local_addr, addr_b, 4);
	memcpy(fp.remote_addr, addr_a, 4);
	fp.local_port = 50000;
	fp.remote_port = 4433;
	fp.pn = QOE_PN_NONE;
	KUNIT_ASSERT_EQ(test, qoe_host_flow_add(qoe_engine_host(k->e), &fp, &k->rx), QOE_ST_OK);
	KUNIT_ASSERT_EQ(test, qoe_host_key_install(qoe_engine_host(k->e), k->rx, 0, key, kl, iv),
			QOE_ST_OK);
}

/* IPv4 + UDP a:4433 -> b:50000 in front of @quic_len QUIC bytes. */
static void qoe_ek_ip_udp(u8 *buf, u32 quic_len)
{
	u32 udp_len = 8 + quic_len;

	memset(buf, 0, IP_UDP);
	buf[0] = 0x45;
	buf[2] = (u8)((20 + udp_len) >> 8);
	buf[3] = (u8)(20 + udp_len);
	buf[8] = 64;
	buf[9] = 17;
	memcpy(buf + 12, addr_a, 4);
	memcpy(buf + 16, addr_b, 4);
	buf[20] = 4433 >> 8;
	buf[21] = 4433 & 0xff;
	buf[22] = 50000 >> 8;
	buf[23] = 50000 & 0xff;
	buf[24] = (u8)(udp_len >> 8);
	buf[25] = (u8)udp_len;
	/* the device checks it before it opens anything (UDP: none, 0) */
	*(__sum16 *)(buf + 10) = ip_fast_csum(buf, 5);
}

static void qoe_ek_desc(struct qoe_tx_desc *d, u32 handle, u8 cid_len,
			u8 pn_len, u64 pn, u16 seg_size, u16 segs)
{
	memset(d, 0, sizeof(*d));
	d->handle = cpu_to_le32(handle);
	d->flags = QOE_TXF_CRYPTO | (segs > 1 ? QOE_TXF_GSO : 0);
	d->pn_len = pn_len;
	d->hdr_len = cpu_to_le16(1 + cid_len + pn_len);
	d->pn_off = cpu_to_le16(1 + cid_len);
	d->seg_size = cpu_to_le16(seg_size);
	d->seg_count = cpu_to_le16(segs);
	d->pn = cpu_to_le64(pn);
}

static void qoe_engine_a5_tx(struct kunit *test)
{
	struct qoe_ek *k = test->priv;
	u8 *pkt = kunit_kzalloc(test, 64, GFP_KERNEL);
	u8 *out = kunit_kzalloc(test, 64, GFP_KERNEL);
	struct qoe_buf ob = { .data = out, .cap = 64 };
	struct qoe_tx_desc d;
	struct qoe_tx_cmpl c;
	static const u8 quic[5] = { 0x42, 0x00, 0xbf, 0xf4, 0x01 };

	KUNIT_ASSERT_NOT_NULL(test, pkt);
	KUNIT_ASSERT_NOT_NULL(test, out);
	qoe_ek_pair(test, QOE_CIPHER_CHACHA20_POLY1305, 0, a5_key, a5_iv, a5_hp,
		    A5_PN - 10);
	qoe_ek_ip_udp(pkt, sizeof(quic));
	memcpy(pkt + IP_UDP, quic, sizeof(quic));
	qoe_ek_desc(&d, k->tx, 0, 3, A5_PN, 1, 1);
	KUNIT_ASSERT_EQ(test, qoe_engine_tx(k->e, &d, pkt, IP_UDP + 5, &ob, 1,
					    &c), 1);
	KUNIT_EXPECT_EQ(test, c.status, QOE_ST_OK);
	KUNIT_EXPECT_EQ(test, ob.len, IP_UDP + 21);
	KUNIT_EXPECT_MEMEQ(test, out + IP_UDP, a5_wire, 21);
}

static void qoe_engine_a5_rx(struct kunit *test)
{
	struct qoe_ek *k = test->priv;
	u8 *pkt = kunit_kzalloc(test, 64, GFP_KERNEL);
	u8 *ref = kunit_kzalloc(test, 64, GFP_KERNEL);
	struct qoe_buf b = { .data = pkt, .cap = 64 };
	struct qoe_rx_cmpl c;

	KUNIT_ASSERT_NOT_NULL(test, pkt);
	KUNIT_ASSERT_NOT_NULL(test, ref);
	qoe_ek_pair(test, QOE_CIPHER_CHACHA20_POLY1305, 0, a5_key, a5_iv, a5_hp,
		    0);
	KUNIT_ASSERT_EQ(test, qoe_host_rx_resync(qoe_engine_host(k->e), k->rx, A5_PN - 1),
			QOE_ST_OK);

	/* a forged tag first: refused, and the packet left byte for byte */
	qoe_ek_ip_udp(pkt, 21);
	memcpy(pkt + IP_UDP, a5_wire, 21);
	pkt[IP_UDP + 20] ^= 0x04;
	memcpy(ref, pkt, 64);
	b.len = IP_UDP + 21;
	KUNIT_EXPECT_EQ(test, qoe_engine_rx(k->e, &b, 0, &c), QOE_ST_AUTH_FAIL);
	KUNIT_EXPECT_EQ(test, b.len, IP_UDP + 21);
	KUNIT_EXPECT_MEMEQ(test, pkt, ref, 64);

	pkt[IP_UDP + 20] ^= 0x04;
	KUNIT_ASSERT_EQ(test, qoe_engine_rx(k->e, &b, 0, &c), QOE_ST_OK);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(c.pn), A5_PN);
	KUNIT_EXPECT_EQ(test, c.pn_len, 3);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(c.handle), k->rx);
	KUNIT_EXPECT_EQ(test, b.len, IP_UDP + 5);
	KUNIT_EXPECT_EQ(test, pkt[IP_UDP], 0x42);
	KUNIT_EXPECT_EQ(test, pkt[IP_UDP + 1], 0x00);
	KUNIT_EXPECT_EQ(test, pkt[IP_UDP + 2], 0xbf);
	KUNIT_EXPECT_EQ(test, pkt[IP_UDP + 3], 0xf4);
	KUNIT_EXPECT_EQ(test, pkt[IP_UDP + 4], 0x01);
}

/* GSO: one super-packet of 3 segments -> 3 sealed packets, PN + i each. */
static void qoe_engine_gso_roundtrip(struct kunit *test)
{
	enum { CID = 8, PNL = 2, HDR = 1 + CID + PNL, SEG = 100, PAY = 250 };
	struct qoe_ek *k = test->priv;
	u8 key[16], iv[12], hp[16];
	struct qoe_buf ob[3];
	struct qoe_tx_desc d;
	struct qoe_tx_cmpl c;
	struct qoe_rx_cmpl rc;
	u8 *pkt;
	int i, j;

	for (i = 0; i < 16; i++) {
		key[i] = i + 1;
		hp[i] = 0xa0 + i;
	}
	for (i = 0; i < 12; i++)
		iv[i] = 0x30 + i;
	qoe_ek_pair(test, QOE_CIPHER_AES_128_GCM, CID, key, iv, hp, 1000);
	pkt = kunit_kzalloc(test, IP_UDP + HDR + PAY, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pkt);
	qoe_ek_ip_udp(pkt, HDR + PAY);
	pkt[IP_UDP] = 0x40 | (PNL - 1);
	memset(pkt + IP_UDP + 1, 0xc1, CID);
	for (i = 0; i < PAY; i++)
		pkt[IP_UDP + HDR + i] = (u8)(i * 3 + 1);
	for (i = 0; i < 3; i++) {
		ob[i].cap = IP_UDP + HDR + SEG + QOE_TAG_LEN;
		ob[i].data = kunit_kzalloc(test, ob[i].cap, GFP_KERNEL);
		ob[i].len = 0;
		KUNIT_ASSERT_NOT_NULL(test, ob[i].data);
	}
	qoe_ek_desc(&d, k->tx, CID, PNL, 1000, SEG, 3);
	KUNIT_ASSERT_EQ(test, qoe_engine_tx(k->e, &d, pkt, IP_UDP + HDR + PAY,
					    ob, 3, &c), 3);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(c.segs), 3);
	KUNIT_EXPECT_EQ(test, ob[2].len, IP_UDP + HDR + 50 + QOE_TAG_LEN);
	for (i = 0; i < 3; i++) {
		u32 seg = i < 2 ? SEG : 50;

		KUNIT_EXPECT_EQ(test, ob[i].data[25], (u8)(8 + HDR + seg + 16));
		KUNIT_ASSERT_EQ(test, qoe_engine_rx(k->e, &ob[i], 0, &rc),
				QOE_ST_OK);
		KUNIT_EXPECT_EQ(test, le64_to_cpu(rc.pn), 1000 + i);
		KUNIT_EXPECT_EQ(test, ob[i].len, IP_UDP + HDR + seg);
		for (j = 0; j < seg; j++)
			if (ob[i].data[IP_UDP + HDR + j] !=
			    pkt[IP_UDP + HDR + i * SEG + j])
				break;
		KUNIT_EXPECT_EQ(test, j, seg);
	}
}

/* No flow, no key: nothing is emitted, nothing leaves in clear. */
static void qoe_engine_tx_refuses(struct kunit *test)
{
	struct qoe_ek *k = test->priv;
	u8 *pkt = kunit_kzalloc(test, 64, GFP_KERNEL);
	u8 *out = kunit_kzalloc(test, 64, GFP_KERNEL);
	struct qoe_buf ob = { .data = out, .cap = 64 };
	struct qoe_tx_desc d;
	struct qoe_tx_cmpl c;
	u64 st[QOE_STAT_MAX];
	u8 zero[64] = {};

	KUNIT_ASSERT_NOT_NULL(test, pkt);
	KUNIT_ASSERT_NOT_NULL(test, out);
	qoe_ek_pair(test, QOE_CIPHER_CHACHA20_POLY1305, 0, a5_key, a5_iv, a5_hp,
		    A5_PN);
	qoe_ek_ip_udp(pkt, 5);
	pkt[IP_UDP] = 0x42;
	qoe_ek_desc(&d, k->tx, 0, 3, A5_PN, 1, 1);
	/* phase 1 has no key */
	d.key_phase = 1;
	KUNIT_EXPECT_EQ(test, qoe_engine_tx(k->e, &d, pkt, IP_UDP + 5, &ob, 1,
					    &c), 0);
	KUNIT_EXPECT_EQ(test, c.status, QOE_ST_KEY_MISSING);
	/* a deleted flow's handle is stale */
	d.key_phase = 0;
	KUNIT_ASSERT_EQ(test, qoe_host_flow_del(qoe_engine_host(k->e), k->tx), QOE_ST_OK);
	KUNIT_EXPECT_EQ(test, qoe_engine_tx(k->e, &d, pkt, IP_UDP + 5, &ob, 1,
					    &c), 0);
	KUNIT_EXPECT_EQ(test, c.status, QOE_ST_NO_FLOW);
	KUNIT_EXPECT_MEMEQ(test, out, zero, 64);
	KUNIT_ASSERT_EQ(test, qoe_host_dev_stats(qoe_engine_host(k->e), st), QOE_ST_OK);
	KUNIT_EXPECT_EQ(test, st[QOE_STAT_TX_DROP_NO_FLOW], 1);
	KUNIT_EXPECT_EQ(test, st[QOE_STAT_TX_PACKETS], 0);
}

static struct kunit_case qoe_engine_cases[] = {
	KUNIT_CASE(qoe_engine_a5_tx),
	KUNIT_CASE(qoe_engine_a5_rx),
	KUNIT_CASE(qoe_engine_gso_roundtrip),
	KUNIT_CASE(qoe_engine_tx_refuses),
	{}
};

static struct kunit_suite qoe_engine_suite = {
	.name = "qoe_engine",
	.init = qoe_ek_init,
	.exit = qoe_ek_exit,
	.test_cases = qoe_engine_cases,
};

kunit_test_suite(qoe_engine_suite);

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
