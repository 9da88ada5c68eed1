// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * RX matching on connection IDs: a flow's CIDs may differ in length, a CID
 * may be a prefix of another flow's, and the address family is part of
 * the match.
 */
#include "engine_util.h"

/* Seal one packet of @p (its tx flow, cid, keys) into @wire. */
static u32 seal(struct qoe_engine *e, const struct test_pair *p, u64 pn,
		u8 *wire, u32 cap)
{
	u8 pkt[512], payload[100];
	struct qoe_buf ob = { wire, 0, cap };
	struct qoe_tx_desc d;
	struct qoe_tx_cmpl tc;
	u32 len;

	memset(payload, 0x6b, sizeof(payload));
	len = test_packet(pkt, p, 0, 2, pn, payload, sizeof(payload));
	test_desc(&d, p, 0, 2, pn, sizeof(payload), 1, 0);
	QOE_EXPECT_EQ(qoe_engine_tx(e, &d, pkt, len, &ob, 1, &tc), 1);
	return ob.len;
}

/* NEW_CONNECTION_ID may carry a CID of another length than the first */
QOE_TEST(cid_of_another_length_opens)
{
	static const u8 cid4[4] = { 0x4a, 0x4b, 0x4c, 0x4d };
	struct qoe_engine *e = test_engine(BE_IPSECMB, 4);
	struct qoe_rx_cmpl c;
	struct test_pair p;
	struct qoe_buf b;
	u8 wire[1024];
	u32 len;

	test_pair_init(e, &p, QOE_CIPHER_AES_128_GCM, QOE_FAMILY_IPV4, 8, 0);
	QOE_EXPECT_EQ(qoe_host_cid_add(qoe_engine_host(e), p.rx, cid4, 4), QOE_ST_OK);
	QOE_EXPECT_EQ(qoe_host_cid_add(qoe_engine_host(e), p.tx, cid4, 4), QOE_ST_OK);
	p.cid_len = 4;
	memcpy(p.cid, cid4, 4);
	len = seal(e, &p, 7, wire, sizeof(wire));
	b = (struct qoe_buf){ wire, len, sizeof(wire) };
	QOE_EXPECT_EQ(qoe_engine_rx(e, &b, 0, &c), QOE_ST_OK);
	QOE_EXPECT_EQ(le32_to_cpu(c.handle), p.rx);
	QOE_EXPECT_EQ(le64_to_cpu(c.pn), 7);
	QOE_EXPECT_EQ(le16_to_cpu(c.hdr_len), 1 + 4 + 2);
	qoe_engine_destroy(e);
}

/* One flow's CID is a prefix of another's: the longer match wins */
QOE_TEST(cid_longest_match_wins)
{
	u8 key[QOE_MAX_KEY_LEN], iv[QOE_IV_LEN], hp[QOE_MAX_KEY_LEN];
	struct qoe_engine *e = test_engine(BE_IPSECMB, 4);
	struct test_pair shrt, lng;
	struct qoe_rx_cmpl c;
	struct qoe_buf b;
	u8 wire[1024];
	u32 len;

	/* same cipher: the 4-byte CID is the 8-byte one's first half */
	test_pair_init(e, &shrt, QOE_CIPHER_AES_128_GCM, QOE_FAMILY_IPV4, 4, 0);
	test_keys(QOE_CIPHER_AES_128_GCM, 77, key, iv, hp);
	test_pair_init_keys(e, &lng, QOE_CIPHER_AES_128_GCM, QOE_FAMILY_IPV4,
			    8, 0, key, iv, hp);
	QOE_EXPECT_MEM(lng.cid, shrt.cid, 4);
	len = seal(e, &lng, 3, wire, sizeof(wire));
	b = (struct qoe_buf){ wire, len, sizeof(wire) };
	QOE_EXPECT_EQ(qoe_engine_rx(e, &b, 0, &c), QOE_ST_OK);
	QOE_EXPECT_EQ(le32_to_cpu(c.handle), lng.rx);
	len = seal(e, &shrt, 3, wire, sizeof(wire));
	b = (struct qoe_buf){ wire, len, sizeof(wire) };
	QOE_EXPECT_EQ(qoe_engine_rx(e, &b, 0, &c), QOE_ST_OK);
	QOE_EXPECT_EQ(le32_to_cpu(c.handle), shrt.rx);
	qoe_engine_destroy(e);
}

/* 192.0.2.2 and c000:202:: share their first 4 bytes, not a family */
QOE_TEST(cid_match_includes_family)
{
	struct qoe_engine *e = test_engine(BE_IPSECMB, 4);
	struct test_pair p, p6;
	struct qoe_rx_cmpl c;
	struct qoe_buf b;
	u8 wire[1024], payload[64];
	u32 len;

	test_pair_init(e, &p, QOE_CIPHER_AES_128_GCM, QOE_FAMILY_IPV4, 8, 0);
	p6 = p;
	p6.family = QOE_FAMILY_IPV6;
	memset(payload, 0x21, sizeof(payload));
	len = test_packet(wire, &p6, 0, 2, 1, payload, sizeof(payload));
	memset(wire + 24, 0, 16);		/* destination c000:202:: */
	wire[24] = 192;
	wire[26] = 2;
	wire[27] = 2;
	b = (struct qoe_buf){ wire, len, sizeof(wire) };
	QOE_EXPECT_EQ(qoe_engine_rx(e, &b, 0, &c), QOE_ST_NO_FLOW);
	QOE_EXPECT_EQ(c.handle, QOE_HANDLE_INVALID);
	qoe_engine_destroy(e);
}

/*
 * Without CIDs the peer's address and port tell connections apart: 64
 * peers of one local port (so some share a hash chain), each packet
 * opened by its own flow.
 */
QOE_TEST(cid_zero_length_flows_split_by_peer_port)
{
	enum { PEERS = 64 };
	struct qoe_engine *e = test_engine(BE_IPSECMB, 2 * PEERS);
	static struct test_pair p[PEERS];
	u8 pkt[256], wire[256], payload[40];

	for (u16 k = 0; k < PEERS; k++)
		test_pair_init_port(e, &p[k], QOE_CIPHER_AES_128_GCM,
				    QOE_FAMILY_IPV4, 0, (u16)(1000 + k));
	for (u16 k = 0; k < PEERS; k++) {
		struct qoe_buf ob = { wire, 0, sizeof(wire) };
		struct qoe_tx_desc d;
		struct qoe_tx_cmpl tc;
		struct qoe_rx_cmpl rc;
		u32 len;

		memset(payload, k + 1, sizeof(payload));
		len = test_packet(pkt, &p[k], 0, 2, 5, payload, sizeof(payload));
		test_desc(&d, &p[k], 0, 2, 5, sizeof(payload), 1, 0);
		QOE_EXPECT_EQ(qoe_engine_tx(e, &d, pkt, len, &ob, 1, &tc), 1);
		QOE_EXPECT_EQ(qoe_engine_rx(e, &ob, 0, &rc), QOE_ST_OK);
		if (le32_to_cpu(rc.handle) != p[k].rx)
			QOE_FAIL("peer port %u: opened by flow %#x, not its own %#x",
				 1000 + k, le32_to_cpu(rc.handle), p[k].rx);
	}
	qoe_engine_destroy(e);
}

/*
 * Seal a burst of @n packets, packet i sent as @send[order[i]], open it in
 * one call and check each packet was opened by its own flow, @own[...].
 */
static void burst_opens_own(struct qoe_engine *e, const int *order, u32 n,
			    const struct test_pair *const send[2],
			    const struct test_pair *const own[2], const char *what)
{
	u8 wire[8][512];
	struct qoe_rx_cmpl c[8];
	struct qoe_buf b[8];
	u64 pn[2] = { 1, 1 };

	if (n > ARRAY_SIZE(b)) {
		QOE_FAIL("%s: %u packets, room for %zu", what, n, ARRAY_SIZE(b));
		return;
	}
	for (u32 i = 0; i < n; i++)
		b[i] = (struct qoe_buf){ wire[i], seal(e, send[order[i]], pn[order[i]]++,
					      wire[i], sizeof(wire[i])), sizeof(wire[i]) };
	qoe_engine_rx_burst(e, b, (u16)n, 0, c);
	for (u32 i = 0; i < n; i++) {
		QOE_EXPECT_EQ(c[i].status, QOE_ST_OK);
		if (le32_to_cpu(c[i].handle) != own[order[i]]->rx)
			QOE_FAIL("%s, packet %u: opened by flow %#x, not its own %#x",
				 what, i, le32_to_cpu(c[i].handle), own[order[i]]->rx);
	}
}

/*
 * A burst takes a packet keyed exactly as the one before it to the same
 * flow without a second lookup.  Keys that differ only in a CID's last
 * byte, or (no CIDs) only in the peer's port, must still find their own.
 */
QOE_TEST(rx_burst_runs_of_one_key_tell_flows_apart)
{
	static const int order[] = { 0, 0, 1, 1, 0, 1 };
	struct qoe_engine *e = test_engine(BE_IPSECMB, 8);
	struct test_pair a[2], z[2], sent;

	/*
	 * 20-byte CIDs that differ in their last byte only (the pairs' ports
	 * set it); the second's packets sent from the first's port, so
	 * nothing else tells them apart
	 */
	test_pair_init_port(e, &a[0], QOE_CIPHER_AES_128_GCM, QOE_FAMILY_IPV4, 20, 3000);
	test_pair_init_port(e, &a[1], QOE_CIPHER_AES_128_GCM, QOE_FAMILY_IPV4, 20, 3001);
	QOE_EXPECT_MEM(a[0].cid, a[1].cid, 19);
	sent = a[1];
	sent.sport = a[0].sport;
	burst_opens_own(e, order, ARRAY_SIZE(order),
			(const struct test_pair *const[2]){ &a[0], &sent },
			(const struct test_pair *const[2]){ &a[0], &a[1] },
			"20-byte CIDs");
	/* no CIDs: two peers of one local port */
	test_pair_init_port(e, &z[0], QOE_CIPHER_AES_128_GCM, QOE_FAMILY_IPV4, 0, 2000);
	test_pair_init_port(e, &z[1], QOE_CIPHER_AES_128_GCM, QOE_FAMILY_IPV4, 0, 2001);
	burst_opens_own(e, order, ARRAY_SIZE(order),
			(const struct test_pair *const[2]){ &z[0], &z[1] },
			(const struct test_pair *const[2]){ &z[0], &z[1] }, "no CID");
	qoe_engine_destroy(e);
}
