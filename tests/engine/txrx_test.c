// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/* TX protect / RX open through the engine: RFC 9001 A.5, round trips. */
#include "engine_util.h"

/* RFC 9001 A.5: ChaCha20-Poly1305 short header packet */
#define A5_KEY "c6d98ff3441c3fe1b2182094f69caa2ed4b716b65488960a7a984979fb23e1c8"
#define A5_IV "e0459b3474bdd0e44a41c144"
#define A5_HP "25a282b9e82f06f21f488917a4fc8f1b73573685608597d0efcb076b0ab7a7a4"
#define A5_PN 654360564ULL
#define A5_WIRE "4cfe4189655e5cd55c41f69080575d7999c25a5bfb"

struct a5 {
	u8 key[32];
	u8 iv[12];
	u8 hp[32];
	u8 wire[21];
};

static void a5_load(struct a5 *v)
{
	QOE_EXPECT_EQ(qoe_test_unhex(A5_KEY, v->key, 32), 32);
	QOE_EXPECT_EQ(qoe_test_unhex(A5_IV, v->iv, 12), 12);
	QOE_EXPECT_EQ(qoe_test_unhex(A5_HP, v->hp, 32), 32);
	QOE_EXPECT_EQ(qoe_test_unhex(A5_WIRE, v->wire, 21), 21);
}

/*
 * Protect the A.5 packet with @v's keys on backend @be and compare the QUIC
 * bytes with @expect.  Returns true when they match byte for byte.
 */
static bool a5_tx_matches(int be, const struct a5 *v, const u8 *expect,
			  u8 flip_out)
{
	struct qoe_engine *e = test_engine(be, 4);
	u8 pkt[128], out[128], payload = 0x01;
	struct qoe_buf ob = { out, 0, sizeof(out) };
	struct qoe_tx_desc d;
	struct qoe_tx_cmpl c;
	struct test_pair p;
	bool same;
	u32 len;

	test_pair_init_keys(e, &p, QOE_CIPHER_CHACHA20_POLY1305,
			    QOE_FAMILY_IPV4, 0, A5_PN - 10, v->key, v->iv,
			    v->hp);
	len = test_packet(pkt, &p, 0, 3, A5_PN, &payload, 1);
	test_desc(&d, &p, 0, 3, A5_PN, 1, 1, 0);
	if (qoe_engine_tx(e, &d, pkt, len, &ob, 1, &c) != 1) {
		qoe_engine_destroy(e);
		return false;
	}
	out[28 + flip_out % 21] ^= flip_out ? 1 : 0;
	same = ob.len == 28 + 21 && !memcmp(out + 28, expect, 21);
	qoe_engine_destroy(e);
	return same;
}

QOE_TEST(rfc9001_a5_chacha_short_header_tx)
{
	struct a5 v;

	a5_load(&v);
	for (int be = 0; be < BE_COUNT; be++)
		if (!a5_tx_matches(be, &v, v.wire, 0))
			QOE_FAIL("A.5 mismatch on %s", be_names[be]);
}

/* The check above must be able to fail: one byte off anywhere breaks it. */
QOE_TEST(rfc9001_a5_mutations_are_caught)
{
	struct a5 v, m;

	a5_load(&v);
	for (int be = 0; be < BE_COUNT; be++) {
		m = v;
		m.key[5] ^= 0x01;
		QOE_EXPECT(!a5_tx_matches(be, &m, v.wire, 0));
		m = v;
		m.hp[31] ^= 0x80;
		QOE_EXPECT(!a5_tx_matches(be, &m, v.wire, 0));
		m = v;
		m.iv[11] ^= 0x01;
		QOE_EXPECT(!a5_tx_matches(be, &m, v.wire, 0));
		for (u8 pos = 1; pos < 21; pos += 4)
			QOE_EXPECT(!a5_tx_matches(be, &v, v.wire, pos));
	}
}

QOE_TEST(rfc9001_a5_chacha_short_header_rx)
{
	struct a5 v;

	a5_load(&v);
	for (int be = 0; be < BE_COUNT; be++) {
		struct qoe_engine *e = test_engine(be, 4);
		u8 pkt[128], payload = 0x01;
		struct qoe_buf b = { pkt, 0, sizeof(pkt) };
		struct qoe_rx_cmpl c;
		struct test_pair p;

		test_pair_init_keys(e, &p, QOE_CIPHER_CHACHA20_POLY1305,
				    QOE_FAMILY_IPV4, 0, 0, v.key, v.iv, v.hp);
		QOE_EXPECT_EQ(qoe_host_rx_resync(qoe_engine_host(e), p.rx, A5_PN - 1), QOE_ST_OK);
		/* the wire bytes: test_packet's headers + A.5's QUIC bytes */
		b.len = test_packet(pkt, &p, 0, 3, A5_PN, &payload, 1);
		memcpy(pkt + 28, v.wire, 21);
		b.len = 28 + 21;
		pkt[3] = 28 + 21;
		pkt[25] = 8 + 21;
		test_fix_csum(pkt, b.len, 0);
		QOE_EXPECT_EQ(qoe_engine_rx(e, &b, 0, &c), QOE_ST_OK);
		QOE_EXPECT_EQ(le64_to_cpu(c.pn), A5_PN);
		QOE_EXPECT_EQ(c.pn_len, 3);
		QOE_EXPECT_EQ(le16_to_cpu(c.seg_size), 1);
		QOE_EXPECT_EQ(b.len, 28 + 5);
		QOE_EXPECT_EQ(pkt[28], 0x42);
		QOE_EXPECT_EQ(pkt[29], 0x00);
		QOE_EXPECT_EQ(pkt[30], 0xbf);
		QOE_EXPECT_EQ(pkt[31], 0xf4);
		QOE_EXPECT_EQ(pkt[32], 0x01);
		QOE_EXPECT_EQ(le32_to_cpu(c.handle), p.rx);
		qoe_engine_destroy(e);
	}
}

static void roundtrip(int be, u8 cipher, u8 family, u8 cid_len, u32 l3_off,
		      u8 pn_len, u32 plen)
{
	struct qoe_engine *e = test_engine(be, 8);
	static u8 pkt[2048], out[2048], payload[1500];
	struct qoe_buf ob = { out, 0, sizeof(out) };
	struct qoe_tx_desc d;
	struct qoe_tx_cmpl tc;
	struct qoe_rx_cmpl rc;
	struct test_pair p;
	u32 len, i, hdrs;

	for (i = 0; i < plen; i++)
		payload[i] = (u8)(i * 7 + cipher);
	test_pair_init(e, &p, cipher, family, cid_len, 1000);
	/* a 1-byte PN only decodes near the largest PN seen */
	QOE_EXPECT_EQ(qoe_host_rx_resync(qoe_engine_host(e), p.rx, 1230), QOE_ST_OK);
	len = test_packet(pkt, &p, l3_off, pn_len, 1234, payload, plen);
	hdrs = len - plen;
	test_desc(&d, &p, l3_off, pn_len, 1234, (u16)plen, 1, 0);
	QOE_EXPECT_EQ(qoe_engine_tx(e, &d, pkt, len, &ob, 1, &tc), 1);
	QOE_EXPECT_EQ(tc.status, QOE_ST_OK);
	QOE_EXPECT_EQ(ob.len, len + QOE_TAG_LEN);
	/* never in clear: the payload bytes changed */
	QOE_EXPECT(plen < 8 || memcmp(out + hdrs, payload, plen));
	QOE_EXPECT(test_csum_ok(out, ob.len, l3_off));
	QOE_EXPECT_EQ(qoe_engine_rx(e, &ob, l3_off, &rc), QOE_ST_OK);
	QOE_EXPECT_EQ(le64_to_cpu(rc.pn), 1234);
	QOE_EXPECT_EQ(ob.len, len);
	QOE_EXPECT_MEM(out + hdrs, payload, plen);
	QOE_EXPECT_EQ(le16_to_cpu(rc.hdr_len), 1 + cid_len + pn_len);
	QOE_EXPECT_EQ(le16_to_cpu(rc.quic_off), hdrs - (1 + cid_len + pn_len));
	QOE_EXPECT_EQ(rc.flags & QOE_RXF_DECRYPTED, QOE_RXF_DECRYPTED);
	qoe_engine_destroy(e);
}

QOE_TEST(roundtrip_every_cipher_backend_family)
{
	static const u32 sizes[] = { 3, 4, 16, 100, 1200, 1350, 1452 };

	for (int be = 0; be < BE_COUNT; be++)
		for (unsigned int c = 0; c < n_ciphers(); c++)
			for (u8 fam = 4; fam <= 6; fam += 2)
				for (size_t s = 0; s < 7; s++)
					roundtrip(be, cipher_at(c), fam,
						  (u8)(s * 3 % 21), s & 1 ? 14 : 0,
						  (u8)(1 + s % 4),
						  sizes[s] < 4 ? 4 : sizes[s]);
}

QOE_TEST(backends_agree_byte_for_byte)
{
	static u8 pkt[2048], out[BE_COUNT][2048], payload[1350];

	for (unsigned int c = 0; c < n_ciphers(); c++) {
		u32 lens[BE_COUNT];

		for (int be = 0; be < BE_COUNT; be++) {
			struct qoe_engine *e = test_engine(be, 4);
			struct qoe_buf ob = { out[be], 0, sizeof(out[be]) };
			struct qoe_tx_desc d;
			struct qoe_tx_cmpl tc;
			struct test_pair p;
			u32 len;

			for (u32 i = 0; i < sizeof(payload); i++)
				payload[i] = (u8)(i ^ 0x5a);
			test_pair_init(e, &p, cipher_at(c), QOE_FAMILY_IPV6,
				       8, 0);
			len = test_packet(pkt, &p, 0, 2, 77, payload,
					  sizeof(payload));
			test_desc(&d, &p, 0, 2, 77, sizeof(payload), 1, 0);
			QOE_EXPECT_EQ(qoe_engine_tx(e, &d, pkt, len, &ob, 1, &tc), 1);
			lens[be] = ob.len;
			qoe_engine_destroy(e);
		}
		QOE_EXPECT_EQ(lens[0], lens[1]);
		QOE_EXPECT_MEM(out[0], out[1], lens[0]);
	}
}

QOE_TEST(tx_in_place_single_segment)
{
	struct qoe_engine *e = test_engine(BE_IPSECMB, 4);
	u8 pkt[256], ref[256], payload[64];
	struct qoe_buf ob = { pkt, 0, sizeof(pkt) };
	struct qoe_buf rb = { ref, 0, sizeof(ref) };
	struct qoe_tx_desc d;
	struct qoe_tx_cmpl tc;
	struct test_pair p;
	u32 len;

	memset(payload, 0x33, sizeof(payload));
	test_pair_init(e, &p, QOE_CIPHER_AES_128_GCM, QOE_FAMILY_IPV4, 4, 0);
	len = test_packet(pkt, &p, 0, 4, 5, payload, sizeof(payload));
	test_desc(&d, &p, 0, 4, 5, sizeof(payload), 1, 0);
	QOE_EXPECT_EQ(qoe_engine_tx(e, &d, pkt, len, &rb, 1, &tc), 1);
	d.pn = cpu_to_le64(5);
	/* same PN again is refused: that would reuse the nonce */
	QOE_EXPECT_EQ(qoe_engine_tx(e, &d, pkt, len, &ob, 1, &tc), 0);
	QOE_EXPECT_EQ(tc.status, QOE_ST_BAD_PARAM);
	qoe_engine_destroy(e);

	e = test_engine(BE_IPSECMB, 4);
	test_pair_init(e, &p, QOE_CIPHER_AES_128_GCM, QOE_FAMILY_IPV4, 4, 0);
	QOE_EXPECT_EQ(qoe_engine_tx(e, &d, pkt, len, &ob, 1, &tc), 1);
	QOE_EXPECT_EQ(ob.len, rb.len);
	QOE_EXPECT_MEM(pkt, ref, rb.len);
	qoe_engine_destroy(e);
}
