// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/* GSO: one plaintext super-packet in, N protected datagrams out. */
#include "engine_util.h"

#define MAXSEG 64

static u8 outbuf[MAXSEG][2048];

static void bufs_init(struct qoe_buf *b, u32 n, u32 cap)
{
	for (u32 i = 0; i < n; i++) {
		memset(outbuf[i], 0xaa, sizeof(outbuf[i]));
		b[i].data = outbuf[i];
		b[i].len = 0;
		b[i].cap = cap;
	}
}

static void gso_case_hdr(int be, u8 cipher, u8 family, u32 l3_off, u16 seg,
			 u32 total, u8 cid_len, u8 pn_len)
{
	struct qoe_engine *e = test_engine(be, 4);
	static u8 pkt[70000], payload[65536];
	struct qoe_buf b[MAXSEG];
	u16 segs = (u16)((total + seg - 1) / seg);
	struct qoe_tx_desc d;
	struct qoe_tx_cmpl tc;
	struct test_pair p;
	u32 len, hdrs;
	/* small enough that a 1-byte PN opens with nothing received yet */
	u64 base = pn_len < 2 ? 0x10 : 0x1000;

	for (u32 i = 0; i < total; i++)
		payload[i] = (u8)(i * 13 + i / 251);
	test_pair_init(e, &p, cipher, family, cid_len, 0);
	len = test_packet(pkt, &p, l3_off, pn_len, base, payload, total);
	hdrs = len - total;
	bufs_init(b, segs, 2048);
	test_desc(&d, &p, l3_off, pn_len, base, seg, segs, 0);
	QOE_EXPECT_EQ(qoe_engine_tx(e, &d, pkt, len, b, segs, &tc), segs);
	QOE_EXPECT_EQ(le16_to_cpu(tc.segs), segs);
	for (u16 i = 0; i < segs; i++) {
		u32 want = i + 1 < segs ? seg : total - (u32)i * seg;
		struct qoe_rx_cmpl rc;
		const u8 *ip = b[i].data + l3_off;

		QOE_EXPECT_EQ(b[i].len, hdrs + want + QOE_TAG_LEN);
		QOE_EXPECT(test_csum_ok(b[i].data, b[i].len, l3_off));
		if (family == QOE_FAMILY_IPV4)	/* ID advances per segment */
			QOE_EXPECT_EQ((ip[4] << 8 | ip[5]), 0x1234 + i);
		QOE_EXPECT_EQ(qoe_engine_rx(e, &b[i], l3_off, &rc), QOE_ST_OK);
		QOE_EXPECT_EQ(le64_to_cpu(rc.pn), base + i);
		QOE_EXPECT_EQ(le16_to_cpu(rc.seg_size), want);
		QOE_EXPECT_MEM(b[i].data + hdrs, payload + (u32)i * seg, want);
	}
	/* the next request must continue after the last PN */
	test_desc(&d, &p, l3_off, pn_len, base + segs - 1, seg, segs, 0);
	QOE_EXPECT_EQ(qoe_engine_tx(e, &d, pkt, len, b, segs, &tc), 0);
	QOE_EXPECT_EQ(tc.status, QOE_ST_BAD_PARAM);
	qoe_engine_destroy(e);
}

static void gso_case(int be, u8 cipher, u8 family, u32 l3_off, u16 seg,
		     u32 total)
{
	gso_case_hdr(be, cipher, family, l3_off, seg, total, 8, 2);
}

/*
 * Each segment's UDP checksum is summed once sealed, its QUIC header
 * added after header protection: every header length, odd or even.
 */
QOE_TEST(gso_checksums_hold_for_every_header_length)
{
	static const u8 cids[] = { 0, 1, 8, 20 };

	for (u32 c = 0; c < ARRAY_SIZE(cids); c++)
		for (u8 pn_len = 1; pn_len <= 4; pn_len++) {
			gso_case_hdr(BE_IPSECMB, QOE_CIPHER_AES_128_GCM,
				     QOE_FAMILY_IPV4, 14, 301, 3 * 301 - 7,
				     cids[c], pn_len);
			gso_case_hdr(BE_IPSECMB, QOE_CIPHER_AES_128_GCM,
				     QOE_FAMILY_IPV6, 0, 300, 900, cids[c],
				     pn_len);
		}
}

QOE_TEST(gso_segments_ipv4_ipv6_all_ciphers)
{
	for (unsigned int c = 0; c < n_ciphers(); c++) {
		gso_case(BE_IPSECMB, cipher_at(c), QOE_FAMILY_IPV4, 0, 1200, 16384);
		gso_case(BE_IPSECMB, cipher_at(c), QOE_FAMILY_IPV6, 14, 1350, 16384);
		gso_case(BE_OPENSSL, cipher_at(c), QOE_FAMILY_IPV4, 14, 1452, 1452 * 5);
	}
	/* exact multiple, single short segment, the 64-segment limit */
	gso_case(BE_IPSECMB, QOE_CIPHER_AES_128_GCM, QOE_FAMILY_IPV4, 0, 1000, 3000);
	gso_case(BE_IPSECMB, QOE_CIPHER_AES_128_GCM, QOE_FAMILY_IPV4, 0, 1000, 10);
	gso_case(BE_IPSECMB, QOE_CIPHER_AES_128_GCM, QOE_FAMILY_IPV4, 0, 1000, 64000);
}

QOE_TEST(gso_refusals_write_nothing)
{
	struct qoe_engine *e = test_engine(BE_IPSECMB, 4);
	static u8 pkt[70000], payload[65536];
	struct qoe_buf b[MAXSEG];
	struct qoe_tx_desc d;
	struct qoe_tx_cmpl tc;
	struct test_pair p;
	u32 len;
	u8 sentinel[2048];

	memset(sentinel, 0xaa, sizeof(sentinel));
	memset(payload, 0x11, sizeof(payload));
	test_pair_init(e, &p, QOE_CIPHER_AES_128_GCM, QOE_FAMILY_IPV4, 8, 0);
	len = test_packet(pkt, &p, 0, 2, 10, payload, 5000);

	/* seg_count disagrees with the payload */
	bufs_init(b, 8, 2048);
	test_desc(&d, &p, 0, 2, 10, 1000, 4, 0);
	QOE_EXPECT_EQ(qoe_engine_tx(e, &d, pkt, len, b, 8, &tc), 0);
	QOE_EXPECT_EQ(tc.status, QOE_ST_MALFORMED);
	/* more segments than output buffers */
	test_desc(&d, &p, 0, 2, 10, 1000, 5, 0);
	QOE_EXPECT_EQ(qoe_engine_tx(e, &d, pkt, len, b, 4, &tc), 0);
	QOE_EXPECT_EQ(tc.status, QOE_ST_BAD_PARAM);
	/* the last buffer too small for its segment + tag */
	b[4].cap = 28 + 11 + 1000 + 15;
	QOE_EXPECT_EQ(qoe_engine_tx(e, &d, pkt, len, b, 5, &tc), 0);
	QOE_EXPECT_EQ(tc.status, QOE_ST_MALFORMED);
	b[4].cap = 2048;
	/* GSO without the flag */
	d.flags = QOE_TXF_CRYPTO;
	QOE_EXPECT_EQ(qoe_engine_tx(e, &d, pkt, len, b, 5, &tc), 0);
	QOE_EXPECT_EQ(tc.status, QOE_ST_BAD_PARAM);
	/* more than max_gso_segs (64) */
	len = test_packet(pkt, &p, 0, 2, 10, payload, 65 * 100);
	test_desc(&d, &p, 0, 2, 10, 100, 65, 0);
	QOE_EXPECT_EQ(qoe_engine_tx(e, &d, pkt, len, b, MAXSEG, &tc), 0);
	QOE_EXPECT_EQ(tc.status, QOE_ST_BAD_PARAM);
	/* a last segment too short for the HP sample (1-byte PN needs 3) */
	len = test_packet(pkt, &p, 0, 1, 10, payload, 1002);
	test_desc(&d, &p, 0, 1, 10, 1000, 2, 0);
	QOE_EXPECT_EQ(qoe_engine_tx(e, &d, pkt, len, b, 2, &tc), 0);
	QOE_EXPECT_EQ(tc.status, QOE_ST_MALFORMED);
	/* in place with several segments would overwrite the input */
	len = test_packet(pkt, &p, 0, 2, 10, payload, 2000);
	test_desc(&d, &p, 0, 2, 10, 1000, 2, 0);
	b[0].data = pkt;
	QOE_EXPECT_EQ(qoe_engine_tx(e, &d, pkt, len, b, 2, &tc), 0);
	QOE_EXPECT_EQ(tc.status, QOE_ST_BAD_PARAM);
	b[0].data = outbuf[0];

	for (int i = 0; i < 8; i++)
		QOE_EXPECT_MEM(outbuf[i], sentinel, sizeof(sentinel));
	qoe_engine_destroy(e);
}
