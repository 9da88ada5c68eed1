// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/* Every bad input gets its status, and nothing is lost, leaked or mangled. */
#include "engine_util.h"

static u32 protect(struct qoe_engine *e, const struct test_pair *p, u64 pn,
		   u8 *out, u32 cap)
{
	u8 pkt[2048], payload[300];
	struct qoe_buf ob = { out, 0, cap };
	struct qoe_tx_desc d;
	struct qoe_tx_cmpl tc;
	u32 len;

	memset(payload, 0x5c, sizeof(payload));
	len = test_packet(pkt, p, 0, 2, pn, payload, sizeof(payload));
	test_desc(&d, p, 0, 2, pn, sizeof(payload), 1, 0);
	QOE_EXPECT_EQ(qoe_engine_tx(e, &d, pkt, len, &ob, 1, &tc), 1);
	return ob.len;
}

QOE_TEST(rx_truncated_at_every_length_is_untouched)
{
	struct qoe_engine *e = test_engine(BE_IPSECMB, 4);
	u8 wire[1024], pkt[1024];
	struct qoe_rx_cmpl c;
	struct test_pair p;
	u32 len, cut;
	u64 st[QOE_STAT_MAX];

	test_pair_init(e, &p, QOE_CIPHER_AES_128_GCM, QOE_FAMILY_IPV4, 8, 0);
	len = protect(e, &p, 1, wire, sizeof(wire));
	for (cut = 0; cut < len; cut++) {
		struct qoe_buf b = { pkt, cut, sizeof(pkt) };
		int s;

		memcpy(pkt, wire, len);
		s = qoe_engine_rx(e, &b, 0, &c);
		QOE_EXPECT(s == QOE_ST_MALFORMED || s == QOE_ST_NOT_QUIC);
		QOE_EXPECT_EQ(b.len, cut);
		QOE_EXPECT_MEM(pkt, wire, len);
	}
	/* the same truncation with lengths rewritten to agree */
	for (cut = 28; cut < 28 + 1 + 8 + 4 + 16; cut++) {
		struct qoe_buf b = { pkt, cut, sizeof(pkt) };

		memcpy(pkt, wire, len);
		pkt[2] = (u8)(cut >> 8);
		pkt[3] = (u8)cut;
		pkt[24] = (u8)((cut - 20) >> 8);
		pkt[25] = (u8)(cut - 20);
		memcpy(wire + 1024 - 64, pkt, 64);
		QOE_EXPECT(qoe_engine_rx(e, &b, 0, &c) != QOE_ST_OK);
		QOE_EXPECT_MEM(pkt, wire + 1024 - 64, 64);
	}
	QOE_EXPECT_EQ(qoe_host_dev_stats(qoe_engine_host(e), st), QOE_ST_OK);
	QOE_EXPECT_EQ(st[QOE_STAT_RX_PACKETS], 0);
	QOE_EXPECT(st[QOE_STAT_RX_MALFORMED] > 0);
	qoe_engine_destroy(e);
}

QOE_TEST(rx_tag_or_byte_corruption_fails_and_restores)
{
	for (int be = 0; be < BE_COUNT; be++) {
		for (unsigned int ci = 0; ci < n_ciphers(); ci++) {
			struct qoe_engine *e = test_engine(be, 4);
			u8 wire[1024], pkt[1024];
			struct qoe_cmd_flow_query q;
			struct qoe_rx_cmpl c;
			struct test_pair p;
			u32 len;

			test_pair_init(e, &p, cipher_at(ci), QOE_FAMILY_IPV4,
				       8, 0);
			len = protect(e, &p, 1, wire, sizeof(wire));
			/* payload start, middle, tag, PN byte, first byte */
			u32 spots[] = { 28 + 11, 28 + 150, len - 1, 28 + 9, 28 };

			for (int s = 0; s < 5; s++) {
				struct qoe_buf b = { pkt, len, sizeof(pkt) };

				memcpy(pkt, wire, len);
				/* 0x08: a reserved bit; 0x04 would be the key phase */
				pkt[spots[s]] ^= 0x08;
				/* a forger sends valid checksums */
				test_fix_csum(pkt, len, 0);
				memcpy(wire + 512, pkt, len);
				QOE_EXPECT_EQ(qoe_engine_rx(e, &b, 0, &c),
					      QOE_ST_AUTH_FAIL);
				QOE_EXPECT_MEM(pkt, wire + 512, len);
				QOE_EXPECT_EQ(b.len, len);
			}
			QOE_EXPECT_EQ(qoe_host_flow_query(qoe_engine_host(e), p.rx, false, &q),
				      QOE_ST_OK);
			QOE_EXPECT_EQ(le64_to_cpu(q.auth_fail), 5);
			QOE_EXPECT_EQ(le64_to_cpu(q.pn), QOE_PN_NONE);
			qoe_engine_destroy(e);
		}
	}
}

QOE_TEST(rx_fail_action_drop_flags_the_packet)
{
	struct qoe_engine *e = test_engine(BE_IPSECMB, 4);
	struct qoe_flow_params fp = { 0 };
	u8 wire[1024];
	struct qoe_rx_cmpl c;
	struct qoe_cmd_flow_query q;
	struct test_pair p;
	struct qoe_buf b;
	u32 len, h;

	test_pair_init(e, &p, QOE_CIPHER_AES_128_GCM, QOE_FAMILY_IPV4, 8, 0);
	len = protect(e, &p, 1, wire, sizeof(wire));
	QOE_EXPECT_EQ(qoe_host_flow_query(qoe_engine_host(e), p.rx, false, &q), QOE_ST_OK);
	QOE_EXPECT_EQ(qoe_host_flow_del(qoe_engine_host(e), p.rx), QOE_ST_OK);
	fp.dir = QOE_DIR_RX;
	fp.cipher = QOE_CIPHER_AES_128_GCM;
	fp.family = QOE_FAMILY_IPV4;
	fp.cid_len = 8;
	memcpy(fp.cid, p.cid, 8);
	memcpy(fp.local_addr, q.local_addr, 16);
	fp.local_port = be16_to_cpu(q.local_port);
	fp.pn = QOE_PN_NONE;
	fp.fail_action = QOE_FAIL_DROP;
	memcpy(fp.hp_key, p.hp, 16);
	QOE_EXPECT_EQ(qoe_host_flow_add(qoe_engine_host(e), &fp, &h), QOE_ST_OK);
	/* no key yet */
	b = (struct qoe_buf){ wire, len, sizeof(wire) };
	QOE_EXPECT_EQ(qoe_engine_rx(e, &b, 0, &c), QOE_ST_KEY_MISSING);
	QOE_EXPECT_EQ(qoe_host_key_install(qoe_engine_host(e), h, 0, p.key, 16, p.iv), QOE_ST_OK);
	wire[len - 3] ^= 0xff;
	test_fix_csum(wire, len, 0);
	QOE_EXPECT_EQ(qoe_engine_rx(e, &b, 0, &c), QOE_ST_AUTH_FAIL);
	QOE_EXPECT(c.flags & QOE_RXF_DROP);
	QOE_EXPECT_EQ(le32_to_cpu(c.handle), h);
	wire[len - 3] ^= 0xff;
	test_fix_csum(wire, len, 0);
	QOE_EXPECT_EQ(qoe_engine_rx(e, &b, 0, &c), QOE_ST_OK);
	qoe_engine_destroy(e);
}

QOE_TEST(rx_unknown_cid_long_header_non_udp)
{
	struct qoe_engine *e = test_engine(BE_IPSECMB, 4);
	u8 wire[1024], copy[1024];
	struct qoe_rx_cmpl c;
	struct test_pair p;
	struct qoe_buf b;
	u32 len;

	test_pair_init(e, &p, QOE_CIPHER_AES_128_GCM, QOE_FAMILY_IPV4, 8, 0);
	len = protect(e, &p, 1, wire, sizeof(wire));
	memcpy(copy, wire, len);
	b = (struct qoe_buf){ wire, len, sizeof(wire) };
	wire[28 + 3] ^= 0xff;			/* DCID byte */
	QOE_EXPECT_EQ(qoe_engine_rx(e, &b, 0, &c), QOE_ST_NO_FLOW);
	QOE_EXPECT_EQ(c.handle, QOE_HANDLE_INVALID);
	wire[28 + 3] ^= 0xff;
	wire[22] ^= 1;				/* destination port */
	QOE_EXPECT_EQ(qoe_engine_rx(e, &b, 0, &c), QOE_ST_NO_FLOW);
	wire[22] ^= 1;
	wire[28] |= 0x80;			/* long header */
	QOE_EXPECT_EQ(qoe_engine_rx(e, &b, 0, &c), QOE_ST_NOT_QUIC);
	wire[28] = copy[28];
	wire[9] = 6;				/* TCP */
	QOE_EXPECT_EQ(qoe_engine_rx(e, &b, 0, &c), QOE_ST_NOT_QUIC);
	wire[9] = 17;
	wire[6] = 0x20;				/* IPv4 fragment */
	QOE_EXPECT_EQ(qoe_engine_rx(e, &b, 0, &c), QOE_ST_NOT_QUIC);
	wire[6] = 0;
	wire[0] = 0x35;				/* IPv3? */
	QOE_EXPECT_EQ(qoe_engine_rx(e, &b, 0, &c), QOE_ST_NOT_QUIC);
	wire[0] = 0x45;
	QOE_EXPECT_MEM(wire, copy, len);
	/* grease: the fixed bit may be 0 (RFC 9287) */
	QOE_EXPECT_EQ(qoe_engine_rx(e, &b, 0, &c), QOE_ST_OK);
	qoe_engine_destroy(e);
}

QOE_TEST(fixed_bit_zero_is_protected_and_opened)
{
	struct qoe_engine *e = test_engine(BE_IPSECMB, 4);
	u8 pkt[512], out[512], payload[40] = { 1 };
	struct qoe_buf ob = { out, 0, sizeof(out) };
	struct qoe_tx_desc d;
	struct qoe_tx_cmpl tc;
	struct qoe_rx_cmpl rc;
	struct test_pair p;
	u32 len;

	test_pair_init(e, &p, QOE_CIPHER_AES_256_GCM, QOE_FAMILY_IPV4, 8, 0);
	len = test_packet(pkt, &p, 0, 2, 3, payload, sizeof(payload));
	pkt[28] &= ~0x40;
	test_desc(&d, &p, 0, 2, 3, sizeof(payload), 1, 0);
	QOE_EXPECT_EQ(qoe_engine_tx(e, &d, pkt, len, &ob, 1, &tc), 1);
	QOE_EXPECT_EQ(qoe_engine_rx(e, &ob, 0, &rc), QOE_ST_OK);
	QOE_EXPECT_EQ(out[28] & 0x40, 0);
	qoe_engine_destroy(e);
}

QOE_TEST(tx_refusals_send_nothing_in_clear)
{
	struct qoe_engine *e = test_engine(BE_IPSECMB, 4);
	u8 pkt[512], out[512], zero[512], payload[64];
	struct qoe_buf ob = { out, 0, sizeof(out) };
	struct qoe_tx_desc d;
	struct qoe_tx_cmpl tc;
	struct test_pair p;
	u64 st[QOE_STAT_MAX];
	u32 len, stale;

	memset(zero, 0, sizeof(zero));
	memset(payload, 0x77, sizeof(payload));
	test_pair_init(e, &p, QOE_CIPHER_AES_128_GCM, QOE_FAMILY_IPV4, 8, 100);
	len = test_packet(pkt, &p, 0, 2, 200, payload, sizeof(payload));

#define REFUSED(expect)							\
	do {								\
		memset(out, 0, sizeof(out));				\
		ob.len = 0;						\
		QOE_EXPECT_EQ(qoe_engine_tx(e, &d, pkt, len, &ob, 1, &tc), 0); \
		QOE_EXPECT_EQ(tc.status, expect);			\
		QOE_EXPECT_EQ(ob.len, 0);				\
		QOE_EXPECT_MEM(out, zero, sizeof(out));			\
	} while (0)

	test_desc(&d, &p, 0, 2, 200, sizeof(payload), 1, 0);
	d.handle = cpu_to_le32(0x12345);		/* unknown handle */
	REFUSED(QOE_ST_NO_FLOW);
	d.handle = cpu_to_le32(p.rx);			/* an RX flow */
	REFUSED(QOE_ST_NO_FLOW);
	test_desc(&d, &p, 0, 2, 200, sizeof(payload), 1, 1);
	REFUSED(QOE_ST_KEY_MISSING);			/* no phase-1 key */
	test_desc(&d, &p, 0, 2, 99, sizeof(payload), 1, 0);
	REFUSED(QOE_ST_BAD_PARAM);			/* PN below next */
	test_desc(&d, &p, 0, 5, 200, sizeof(payload), 1, 0);
	REFUSED(QOE_ST_BAD_PARAM);			/* pn_len 5 */
	test_desc(&d, &p, 0, 2, 200, sizeof(payload), 1, 0);
	d.flags = 0;
	REFUSED(QOE_ST_BAD_PARAM);			/* not marked crypto */
	test_desc(&d, &p, 0, 2, 200, sizeof(payload), 1, 0);
	pkt[28 + 2] ^= 1;
	REFUSED(QOE_ST_BAD_CID);			/* wrong DCID */
	pkt[28 + 2] ^= 1;
	d.pn_off = cpu_to_le16(5);
	REFUSED(QOE_ST_BAD_CID);			/* wrong DCID length */
	test_desc(&d, &p, 0, 2, 200, sizeof(payload), 1, 0);
	pkt[28] |= 0x80;
	REFUSED(QOE_ST_MALFORMED);			/* long header */
	pkt[28] &= 0x7f;
	pkt[3] ^= 1;
	REFUSED(QOE_ST_MALFORMED);			/* IP length lies */
	pkt[3] ^= 1;
	len--;
	REFUSED(QOE_ST_MALFORMED);			/* truncated */
	len++;
	ob.cap = len + 15;
	REFUSED(QOE_ST_MALFORMED);			/* no room for the tag */
	ob.cap = sizeof(out);

	/* stale handle: the flow was deleted and its slot reused (freed
	 * slots are reused oldest first: the third pair gets it back)
	 */
	stale = p.tx;
	QOE_EXPECT_EQ(qoe_host_flow_del(qoe_engine_host(e), p.tx), QOE_ST_OK);
	QOE_EXPECT_EQ(qoe_host_flow_del(qoe_engine_host(e), p.rx), QOE_ST_OK);
	test_pair_init(e, &p, QOE_CIPHER_AES_128_GCM, QOE_FAMILY_IPV4, 8, 0);
	QOE_EXPECT_EQ(qoe_host_flow_del(qoe_engine_host(e), p.tx), QOE_ST_OK);
	QOE_EXPECT_EQ(qoe_host_flow_del(qoe_engine_host(e), p.rx), QOE_ST_OK);
	test_pair_init(e, &p, QOE_CIPHER_AES_128_GCM, QOE_FAMILY_IPV4, 8, 0);
	QOE_EXPECT_EQ(qoe_engine_handle_slot(e, p.tx),
		      qoe_engine_handle_slot(e, stale));
	QOE_EXPECT(p.tx != stale);
	test_desc(&d, &p, 0, 2, 200, sizeof(payload), 1, 0);
	d.handle = cpu_to_le32(stale);
	REFUSED(QOE_ST_NO_FLOW);

	QOE_EXPECT_EQ(qoe_host_dev_stats(qoe_engine_host(e), st), QOE_ST_OK);
	QOE_EXPECT_EQ(st[QOE_STAT_TX_PACKETS], 0);
	QOE_EXPECT_EQ(st[QOE_STAT_TX_DROP_NO_FLOW], 3);
	QOE_EXPECT_EQ(st[QOE_STAT_TX_DROP_NO_KEY], 1);
	QOE_EXPECT_EQ(st[QOE_STAT_TX_DROP_BAD_CID], 2);
	qoe_engine_destroy(e);
#undef REFUSED
}

/*
 * PNs end at 2^62 - 1 (RFC 9000 12.3).  A GSO range that wraps 64 bits or
 * runs past that would seal a segment with an earlier PN's nonce: refused.
 */
QOE_TEST(tx_pn_range_past_2_62_is_refused)
{
	static const u64 bad[] = { ~0ULL, ~0ULL - 1, 1ULL << 62, QOE_PN_MAX };
	struct qoe_engine *e = test_engine(BE_IPSECMB, 4);
	u8 pkt[512], out[2][512], payload[64];
	struct qoe_buf ob[2];
	struct qoe_tx_desc d;
	struct qoe_tx_cmpl tc;
	struct test_pair p;
	u32 len, i;

	memset(payload, 0x33, sizeof(payload));
	test_pair_init(e, &p, QOE_CIPHER_AES_128_GCM, QOE_FAMILY_IPV4, 8, 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		len = test_packet(pkt, &p, 0, 4, bad[i], payload,
				  sizeof(payload));
		test_desc(&d, &p, 0, 4, bad[i], 32, 2, 0);
		ob[0] = (struct qoe_buf){ out[0], 0, sizeof(out[0]) };
		ob[1] = (struct qoe_buf){ out[1], 0, sizeof(out[1]) };
		QOE_EXPECT_EQ(qoe_engine_tx(e, &d, pkt, len, ob, 2, &tc), 0);
		QOE_EXPECT_EQ(tc.status, QOE_ST_BAD_PARAM);
		QOE_EXPECT_EQ(ob[0].len + ob[1].len, 0);
	}
	/* the last two PNs there are: sealed, and then nothing more */
	len = test_packet(pkt, &p, 0, 4, QOE_PN_MAX - 1, payload,
			  sizeof(payload));
	test_desc(&d, &p, 0, 4, QOE_PN_MAX - 1, 32, 2, 0);
	ob[0] = (struct qoe_buf){ out[0], 0, sizeof(out[0]) };
	ob[1] = (struct qoe_buf){ out[1], 0, sizeof(out[1]) };
	QOE_EXPECT_EQ(qoe_engine_tx(e, &d, pkt, len, ob, 2, &tc), 2);
	test_desc(&d, &p, 0, 4, QOE_PN_MAX, 64, 1, 0);
	ob[0] = (struct qoe_buf){ out[0], 0, sizeof(out[0]) };
	QOE_EXPECT_EQ(qoe_engine_tx(e, &d, pkt, len, ob, 1, &tc), 0);
	QOE_EXPECT_EQ(tc.status, QOE_ST_BAD_PARAM);
	qoe_engine_destroy(e);
}

/* After PN 2^62 - 1 nothing can arrive: malformed, untouched, not a forgery */
QOE_TEST(rx_pn_past_2_62_is_malformed)
{
	struct qoe_engine *e = test_engine(BE_IPSECMB, 4);
	u8 wire[1024], copy[1024];
	struct qoe_rx_cmpl c;
	struct test_pair p;
	struct qoe_buf b;
	u64 st[QOE_STAT_MAX];
	u32 len;

	test_pair_init(e, &p, QOE_CIPHER_AES_128_GCM, QOE_FAMILY_IPV4, 8, 0);
	len = protect(e, &p, 0, wire, sizeof(wire));	/* 2-byte PN 0x0000 */
	memcpy(copy, wire, len);
	QOE_EXPECT_EQ(qoe_host_rx_resync(qoe_engine_host(e), p.rx, QOE_PN_MAX), QOE_ST_OK);
	b = (struct qoe_buf){ wire, len, sizeof(wire) };
	QOE_EXPECT_EQ(qoe_engine_rx(e, &b, 0, &c), QOE_ST_MALFORMED);
	QOE_EXPECT_MEM(wire, copy, len);
	QOE_EXPECT_EQ(qoe_host_dev_stats(qoe_engine_host(e), st), QOE_ST_OK);
	QOE_EXPECT_EQ(st[QOE_STAT_RX_AUTH_FAIL], 0);
	QOE_EXPECT_EQ(st[QOE_STAT_RX_MALFORMED], 1);
	qoe_engine_destroy(e);
}

/*
 * A stateless reset (RFC 9000 10.3) to an endpoint with zero-length CIDs
 * matches its flow by address and fails authentication; only the host
 * knows the reset tokens, so FAIL_DROP must not drop it.  With a CID, a
 * reset cannot match (its first bytes are unpredictable): forgeries there
 * are still dropped.
 */
QOE_TEST(rx_fail_drop_keeps_what_may_be_a_reset)
{
	struct qoe_engine *e = test_engine(BE_IPSECMB, 4);
	struct qoe_flow_params fp = { 0 };
	struct qoe_rx_cmpl c;
	struct qoe_buf b;
	u8 reset[64];
	u32 h;

	/* 192.0.2.2:50000 <- 192.0.2.1:4433, no CID, drop on failure */
	fp.dir = QOE_DIR_RX;
	fp.cipher = QOE_CIPHER_AES_128_GCM;
	fp.family = QOE_FAMILY_IPV4;
	fp.local_addr[0] = 192;
	fp.local_addr[2] = 2;
	fp.local_addr[3] = 2;
	memcpy(fp.remote_addr, fp.local_addr, 4);
	fp.remote_addr[3] = 1;
	fp.local_port = 50000;
	fp.remote_port = 4433;
	fp.pn = QOE_PN_NONE;
	fp.fail_action = QOE_FAIL_DROP;
	QOE_EXPECT_EQ(qoe_host_flow_add(qoe_engine_host(e), &fp, &h), QOE_ST_OK);
	QOE_EXPECT_EQ(qoe_host_key_install(qoe_engine_host(e), h, 0, fp.hp_key, 16, fp.hp_key),
		      QOE_ST_OK);
	for (u32 qlen = 21; qlen <= 36; qlen += 15) {
		u32 len = 28 + qlen;

		memset(reset, 0x5b, sizeof(reset));
		memset(reset, 0, 28);
		reset[0] = 0x45;
		reset[3] = (u8)len;
		reset[8] = 64;
		reset[9] = 17;
		memcpy(reset + 12, fp.remote_addr, 4);
		memcpy(reset + 16, fp.local_addr, 4);
		reset[20] = 4433 >> 8;
		reset[21] = 4433 & 0xff;
		reset[22] = 50000 >> 8;
		reset[23] = 50000 & 0xff;
		reset[25] = (u8)(8 + qlen);
		reset[28] = 0x40 | 0x1b;	/* short header, random bits */
		test_fix_csum(reset, len, 0);
		b = (struct qoe_buf){ reset, len, sizeof(reset) };
		QOE_EXPECT_EQ(qoe_engine_rx(e, &b, 0, &c), QOE_ST_AUTH_FAIL);
		QOE_EXPECT_EQ(le32_to_cpu(c.handle), h);
		QOE_EXPECT_EQ(c.flags & QOE_RXF_DROP, 0);
	}
	qoe_engine_destroy(e);
}

/*
 * The AEAD does not cover IP and UDP.  A packet corrupted there on the
 * wire must not come up decrypted with lengths and checksum rewritten to
 * look valid: the device checks the checksums first.
 */
QOE_TEST(rx_checks_checksums_before_rewriting)
{
	struct qoe_engine *e = test_engine(BE_IPSECMB, 8);
	static const u32 flip[] = { 13, 21 };	/* IPv4 saddr, UDP sport */
	u8 wire[1024], copy[1024];
	struct qoe_rx_cmpl c;
	struct test_pair p, p6;
	struct qoe_buf b;
	u64 st[QOE_STAT_MAX];
	u32 len;

	test_pair_init(e, &p, QOE_CIPHER_AES_128_GCM, QOE_FAMILY_IPV4, 8, 0);
	for (u32 i = 0; i < 2; i++) {
		len = protect(e, &p, 10 + i, wire, sizeof(wire));
		wire[flip[i]] ^= 0x08;
		memcpy(copy, wire, len);
		b = (struct qoe_buf){ wire, len, sizeof(wire) };
		QOE_EXPECT_EQ(qoe_engine_rx(e, &b, 0, &c), QOE_ST_MALFORMED);
		QOE_EXPECT_EQ(c.flags & QOE_RXF_DECRYPTED, 0);
		QOE_EXPECT_MEM(wire, copy, len);
	}
	/* IPv6: the source address, and a zero UDP checksum (forbidden) */
	test_pair_init(e, &p6, QOE_CIPHER_CHACHA20_POLY1305, QOE_FAMILY_IPV6, 8,
		       0);
	len = protect(e, &p6, 20, wire, sizeof(wire));
	wire[8 + 15] ^= 0x08;
	b = (struct qoe_buf){ wire, len, sizeof(wire) };
	QOE_EXPECT_EQ(qoe_engine_rx(e, &b, 0, &c), QOE_ST_MALFORMED);
	len = protect(e, &p6, 21, wire, sizeof(wire));
	wire[46] = wire[47] = 0;
	b = (struct qoe_buf){ wire, len, sizeof(wire) };
	QOE_EXPECT_EQ(qoe_engine_rx(e, &b, 0, &c), QOE_ST_MALFORMED);
	/* an IPv4 packet without a UDP checksum (zero) is fine */
	len = protect(e, &p, 30, wire, sizeof(wire));
	wire[26] = wire[27] = 0;
	b = (struct qoe_buf){ wire, len, sizeof(wire) };
	QOE_EXPECT_EQ(qoe_engine_rx(e, &b, 0, &c), QOE_ST_OK);
	QOE_EXPECT_EQ(qoe_host_dev_stats(qoe_engine_host(e), st), QOE_ST_OK);
	QOE_EXPECT_EQ(st[QOE_STAT_RX_BAD_CSUM], 4);
	qoe_engine_destroy(e);
}

/*
 * In a burst, the checksum of each packet is checked just before it is
 * opened, after the header-protection masks of its flow's run were made:
 * a corrupted packet in the middle of a run is refused untouched, and its
 * neighbours still open.
 */
QOE_TEST(rx_burst_checksum_failure_spares_its_neighbours)
{
	struct qoe_engine *e = test_engine(BE_IPSECMB, 8);
	u8 wire[3][1024], copy[1024];
	struct qoe_rx_cmpl c[3];
	struct qoe_buf b[3];
	struct test_pair p;
	u64 st[QOE_STAT_MAX];
	u32 len[3];

	test_pair_init(e, &p, QOE_CIPHER_AES_128_GCM, QOE_FAMILY_IPV4, 8, 0);
	for (u32 i = 0; i < 3; i++) {
		len[i] = protect(e, &p, 40 + i, wire[i], sizeof(wire[i]));
		b[i] = (struct qoe_buf){ wire[i], len[i], sizeof(wire[i]) };
	}
	wire[1][21] ^= 0x08;		/* UDP source port */
	memcpy(copy, wire[1], len[1]);
	qoe_engine_rx_burst(e, b, 3, 0, c);
	QOE_EXPECT_EQ(c[0].status, QOE_ST_OK);
	QOE_EXPECT_EQ(c[1].status, QOE_ST_MALFORMED);
	QOE_EXPECT_EQ(c[2].status, QOE_ST_OK);
	QOE_EXPECT_EQ(c[1].flags & QOE_RXF_DECRYPTED, 0);
	QOE_EXPECT_EQ(b[1].len, len[1]);
	QOE_EXPECT_MEM(wire[1], copy, len[1]);
	QOE_EXPECT_EQ(le64_to_cpu(c[2].pn), 42);
	QOE_EXPECT_EQ(qoe_host_dev_stats(qoe_engine_host(e), st), QOE_ST_OK);
	QOE_EXPECT_EQ(st[QOE_STAT_RX_BAD_CSUM], 1);
	QOE_EXPECT_EQ(st[QOE_STAT_RX_PACKETS], 2);
	qoe_engine_destroy(e);
}
