// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/* GRO: which received packets coalesce, and the super-packet they make. */
#include "engine_util.h"

#define N 48

static u8 bufs[N][2048];

/* Protect @n packets of @plen (the last @last bytes) starting at @pn. */
static void make_burst(struct qoe_engine *e, struct test_pair *p,
		       struct qoe_buf *b, u32 start, u32 n, u32 plen, u32 last,
		       u64 pn)
{
	static u8 pkt[4096], payload[2048];

	for (u32 i = start; i < start + n; i++) {
		u32 l = i + 1 == start + n ? last : plen;
		struct qoe_tx_desc d;
		struct qoe_tx_cmpl tc;
		u32 len;

		memset(payload, (int)(0x10 + i), sizeof(payload));
		len = test_packet(pkt, p, 0, 2, pn + i, payload, l);
		test_desc(&d, p, 0, 2, pn + i, (u16)l, 1, 0);
		b[i].data = bufs[i];
		b[i].cap = sizeof(bufs[i]);
		QOE_EXPECT_EQ(qoe_engine_tx(e, &d, pkt, len, &b[i], 1, &tc), 1);
	}
}

static void rx_all(struct qoe_engine *e, struct qoe_buf *b,
		   struct qoe_rx_cmpl *c, u32 n)
{
	for (u32 i = 0; i < n; i++)
		qoe_engine_rx(e, &b[i], 0, &c[i]);
}

QOE_TEST(gro_merges_in_order_same_flow)
{
	struct qoe_engine *e = test_engine(BE_IPSECMB, 8);
	static u8 big[65536];
	struct qoe_buf b[N], out = { big, 0, sizeof(big) };
	struct qoe_rx_cmpl c[N], oc;
	struct qoe_gro_group g[N];
	struct test_pair p;
	u64 st[QOE_STAT_MAX];

	test_pair_init(e, &p, QOE_CIPHER_AES_128_GCM, QOE_FAMILY_IPV4, 8, 0);
	make_burst(e, &p, b, 0, 10, 1200, 700, 100);
	rx_all(e, b, c, 10);
	QOE_EXPECT_EQ(qoe_gro_plan(e, b, c, 10, 0, g), 1);
	QOE_EXPECT_EQ(g[0].first, 0);
	QOE_EXPECT_EQ(g[0].count, 10);
	QOE_EXPECT_EQ(qoe_gro_build(b, c, 0, &g[0], &out, &oc), 0);
	QOE_EXPECT_EQ(le16_to_cpu(oc.seg_count), 10);
	QOE_EXPECT_EQ(le16_to_cpu(oc.seg_size), 1200);
	QOE_EXPECT_EQ(le64_to_cpu(oc.pn), 100);
	QOE_EXPECT(oc.flags & QOE_RXF_COALESCED);
	QOE_EXPECT_EQ(out.len, 28 + 11 + 9 * 1200 + 700);
	/* IP and UDP lengths describe the super-packet */
	QOE_EXPECT_EQ((big[2] << 8 | big[3]), out.len);
	QOE_EXPECT_EQ((big[24] << 8 | big[25]), out.len - 20);
	for (u32 i = 0; i < 10; i++)
		QOE_EXPECT_EQ(big[28 + 11 + i * 1200], 0x10 + i);
	QOE_EXPECT_EQ(qoe_host_dev_stats(qoe_engine_host(e), st), QOE_ST_OK);
	QOE_EXPECT_EQ(st[QOE_STAT_RX_GRO_MERGED], 9);
	/* too small an output buffer is refused, not overrun */
	out.cap = 1000;
	QOE_EXPECT_EQ(qoe_gro_build(b, c, 0, &g[0], &out, &oc), -ENOSPC);
	qoe_engine_destroy(e);
}

/* The UDP GRO layout: every packet whole, in order, one IP/UDP header. */
QOE_TEST(gro_udp_layout_keeps_each_header)
{
	struct qoe_engine *e = test_engine(BE_IPSECMB, 8);
	static u8 big[65536], first[3][64];
	struct qoe_buf b[N], out = { big, 0, sizeof(big) };
	struct qoe_rx_cmpl c[N], oc;
	struct qoe_gro_group g[N];
	struct test_pair p;

	test_pair_init(e, &p, QOE_CIPHER_AES_128_GCM, QOE_FAMILY_IPV4, 8, 0);
	make_burst(e, &p, b, 0, 3, 1000, 300, 500);
	rx_all(e, b, c, 3);
	for (u32 i = 0; i < 3; i++)
		memcpy(first[i], b[i].data + 28, 11);	/* plain QUIC header */
	QOE_EXPECT_EQ(qoe_gro_plan(e, b, c, 3, 0, g), 1);
	QOE_EXPECT_EQ(qoe_gro_build_udp(b, c, 0, &g[0], &out, &oc), 0);
	QOE_EXPECT_EQ(le16_to_cpu(oc.seg_count), 3);
	QOE_EXPECT_EQ(le16_to_cpu(oc.hdr_len), 11);
	QOE_EXPECT_EQ(le16_to_cpu(oc.seg_size), 1000);
	QOE_EXPECT_EQ(out.len, 28 + 2 * (11 + 1000) + 11 + 300);
	QOE_EXPECT_EQ((big[2] << 8 | big[3]), out.len);
	QOE_EXPECT_EQ((big[24] << 8 | big[25]), out.len - 20);
	for (u32 i = 0; i < 3; i++) {
		const u8 *seg = big + 28 + i * (11 + 1000);

		QOE_EXPECT(!memcmp(seg, first[i], 11));
		QOE_EXPECT_EQ(seg[10], (u8)(500 + i));	/* its own PN */
		QOE_EXPECT_EQ(seg[11], 0x10 + i);
	}
	out.cap = out.len - 1;
	QOE_EXPECT_EQ(qoe_gro_build_udp(b, c, 0, &g[0], &out, &oc), -ENOSPC);
	qoe_engine_destroy(e);
}

QOE_TEST(gro_breaks_on_gap_status_size_flow_tos)
{
	struct qoe_engine *e = test_engine(BE_IPSECMB, 8);
	struct qoe_buf b[N];
	struct qoe_rx_cmpl c[N];
	struct qoe_gro_group g[N];
	struct test_pair p;

	test_pair_init(e, &p, QOE_CIPHER_AES_128_GCM, QOE_FAMILY_IPV4, 8, 0);
	make_burst(e, &p, b, 0, 8, 1000, 1000, 10);
	/* packet 2 reordered behind 3; packet 5 corrupted; packet 6 is ECN-marked */
	{
		struct qoe_buf t = b[2];

		b[2] = b[3];
		b[3] = t;
	}
	b[5].data[b[5].len - 1] ^= 1;
	b[6].data[1] |= 0x01;
	test_fix_csum(b[5].data, b[5].len, 0);
	test_fix_csum(b[6].data, b[6].len, 0);
	rx_all(e, b, c, 8);
	QOE_EXPECT_EQ(c[5].status, QOE_ST_AUTH_FAIL);
	/* groups: [0,1] [3] [2] [4] [5] [6] [7] */
	QOE_EXPECT_EQ(qoe_gro_plan(e, b, c, 8, 0, g), 7);
	QOE_EXPECT_EQ(g[0].count, 2);
	for (int i = 1; i < 7; i++)
		QOE_EXPECT_EQ(g[i].count, 1);
	qoe_engine_destroy(e);

	/* a short packet ends a group: 1000 1000 500 1000 -> [0..2] [3] */
	e = test_engine(BE_IPSECMB, 8);
	test_pair_init(e, &p, QOE_CIPHER_AES_128_GCM, QOE_FAMILY_IPV4, 8, 0);
	make_burst(e, &p, b, 0, 3, 1000, 500, 10);
	make_burst(e, &p, b, 3, 1, 1000, 1000, 13);
	rx_all(e, b, c, 4);
	QOE_EXPECT_EQ(qoe_gro_plan(e, b, c, 4, 0, g), 2);
	QOE_EXPECT_EQ(g[0].count, 3);
	QOE_EXPECT_EQ(g[1].first, 3);
	qoe_engine_destroy(e);
}

QOE_TEST(gro_respects_max_segments)
{
	struct qoe_engine_cfg cfg = {
		.max_flows = 4,
		.max_gro_segs = 4,
		.crypto = test_backend(BE_IPSECMB),
	};
	struct qoe_engine *e = qoe_engine_create(&cfg);
	struct qoe_buf b[N];
	struct qoe_rx_cmpl c[N];
	struct qoe_gro_group g[N];
	struct test_pair p;

	test_pair_init(e, &p, QOE_CIPHER_AES_256_GCM, QOE_FAMILY_IPV6, 0, 0);
	make_burst(e, &p, b, 0, 10, 800, 800, 0);
	rx_all(e, b, c, 10);
	QOE_EXPECT_EQ(qoe_gro_plan(e, b, c, 10, 0, g), 3);
	QOE_EXPECT_EQ(g[0].count, 4);
	QOE_EXPECT_EQ(g[1].count, 4);
	QOE_EXPECT_EQ(g[2].count, 2);
	qoe_engine_destroy(e);
}

/* 46 x 1423 bytes fill one IPv4 packet to 65497 bytes; a 47th would not fit. */
QOE_TEST(gro_fills_one_ip_packet_and_no_more)
{
	struct qoe_engine *e = test_engine(BE_IPSECMB, 8);
	static u8 big[70000];
	struct qoe_buf b[N], out = { big, 0, sizeof(big) };
	struct qoe_rx_cmpl c[N], oc;
	struct qoe_gro_group g[N];
	struct test_pair p;

	test_pair_init(e, &p, QOE_CIPHER_AES_128_GCM, QOE_FAMILY_IPV4, 8, 0);
	make_burst(e, &p, b, 0, 47, 1423, 1423, 0);
	rx_all(e, b, c, 47);
	QOE_EXPECT_EQ(qoe_gro_plan(e, b, c, 46, 0, g), 1);
	QOE_EXPECT_EQ(g[0].count, 46);
	QOE_EXPECT_EQ(qoe_gro_build(b, c, 0, &g[0], &out, &oc), 0);
	QOE_EXPECT_EQ(out.len, 20 + 8 + 11 + 46 * 1423);
	QOE_EXPECT_EQ((big[2] << 8 | big[3]), out.len);
	QOE_EXPECT_EQ(qoe_gro_plan(e, b, c, 47, 0, g), 2);
	QOE_EXPECT_EQ(g[0].count, 46);
	QOE_EXPECT_EQ(g[1].count, 1);
	/* a header per packet: 45 fit (28 + 45 * 1434 = 64558), 46 do not */
	QOE_EXPECT_EQ(qoe_gro_plan_udp(e, b, c, 47, 0, g), 2);
	QOE_EXPECT_EQ(g[0].count, 45);
	QOE_EXPECT_EQ(qoe_gro_build_udp(b, c, 0, &g[0], &out, &oc), 0);
	QOE_EXPECT_EQ(out.len, 28 + 45 * (11 + 1423));
	QOE_EXPECT_EQ((big[2] << 8 | big[3]), out.len);
	qoe_engine_destroy(e);
}

/*
 * Two CIDs of one flow, same length: GRO keeps one header, so packets whose
 * DCIDs differ must not share a super-packet (the host would see one DCID
 * for all of them).
 */
QOE_TEST(gro_never_merges_different_dcids)
{
	static const u8 cid2[8] = { 0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6,
				    0xd7 };
	struct qoe_engine *e = test_engine(BE_IPSECMB, 8);
	struct qoe_buf b[N];
	struct qoe_rx_cmpl c[N];
	struct qoe_gro_group g[N];
	struct test_pair p;

	test_pair_init(e, &p, QOE_CIPHER_AES_128_GCM, QOE_FAMILY_IPV4, 8, 0);
	QOE_EXPECT_EQ(qoe_host_cid_add(qoe_engine_host(e), p.rx, cid2, 8), QOE_ST_OK);
	make_burst(e, &p, b, 0, 2, 500, 500, 40);
	/* the peer moved to the flow's other CID (same length) */
	QOE_EXPECT_EQ(qoe_host_cid_add(qoe_engine_host(e), p.tx, cid2, 8), QOE_ST_OK);
	memcpy(p.cid, cid2, 8);
	make_burst(e, &p, b, 2, 2, 500, 500, 40);
	rx_all(e, b, c, 4);
	for (u32 i = 0; i < 4; i++)
		QOE_EXPECT_EQ(c[i].status, QOE_ST_OK);
	QOE_EXPECT_EQ(qoe_gro_plan(e, b, c, 4, 0, g), 2);
	QOE_EXPECT_EQ(g[0].count, 2);
	QOE_EXPECT_EQ(g[1].count, 2);
	QOE_EXPECT_EQ(qoe_gro_plan_udp(e, b, c, 4, 0, g), 2);
	qoe_engine_destroy(e);
}

/*
 * Frags, no copy: the pieces put end to end are what qoe_gro_build()
 * writes, the head's lengths and checksum fixed in place, and the
 * payloads still in the packets' own buffers.
 */
QOE_TEST(gro_frags_equal_the_copy)
{
	struct qoe_engine *e = test_engine(BE_IPSECMB, 8);
	static u8 big[65536], joined[65536];
	struct qoe_buf b[N], out = { big, 0, sizeof(big) };
	struct qoe_rx_cmpl c[N], oc, fc;
	struct qoe_frag fr[N];
	struct qoe_gro_group g[N];
	struct test_pair p;

	/* the payload-only layout, then UDP GRO's (each packet whole); IPv4,
	 * then IPv6, whose UDP checksum is never left out
	 */
	for (int run = 0; run < 4; run++) {
		int udp = run & 1;
		u32 len = 0;

		if (!(run & 1))
			test_pair_init(e, &p, QOE_CIPHER_AES_128_GCM,
				       run < 2 ? QOE_FAMILY_IPV4 : QOE_FAMILY_IPV6,
				       8, 0);

		make_burst(e, &p, b, 0, 12, 1100, 333, 7 + (u64)udp * 100);
		rx_all(e, b, c, 12);
		QOE_EXPECT_EQ(udp ? qoe_gro_plan_udp(e, b, c, 12, 0, g) :
				    qoe_gro_plan(e, b, c, 12, 0, g), 1);
		out.len = 0;
		QOE_EXPECT_EQ(udp ? qoe_gro_build_udp(b, c, 0, &g[0], &out, &oc) :
				    qoe_gro_build(b, c, 0, &g[0], &out, &oc), 0);
		QOE_EXPECT_EQ(udp ? qoe_gro_build_udp_frags(b, c, 0, &g[0], fr, &fc) :
				    qoe_gro_build_frags(b, c, 0, &g[0], fr, &fc), 0);
		for (u32 i = 0; i < g[0].count; i++) {
			/* every piece but the head lies in its own packet's buffer */
			if (i && (fr[i].data < bufs[i] ||
				  fr[i].data >= bufs[i] + sizeof(bufs[i])))
				QOE_FAIL("run %d: piece %u is not in packet %u's buffer",
					 run, i, i);
			memcpy(joined + len, fr[i].data, fr[i].len);
			len += fr[i].len;
		}
		QOE_EXPECT_EQ(len, out.len);
		QOE_EXPECT_MEM(joined, big, out.len);
		QOE_EXPECT_EQ(le16_to_cpu(fc.seg_count), 12);
		QOE_EXPECT_MEM(&fc, &oc, sizeof(fc));
	}
	qoe_engine_destroy(e);
}
