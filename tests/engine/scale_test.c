// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/* One million flows fit, and each is still found by its CID. */
#include "engine_util.h"

#define MILLION (1u << 20)

QOE_TEST(one_million_rx_flows)
{
	struct qoe_engine_cfg cfg = {
		.max_flows = MILLION,
		.max_cids = MILLION,
		.crypto = test_backend(BE_IPSECMB),
	};
	struct qoe_engine *e = qoe_engine_create(&cfg);
	struct qoe_flow_params fp = { 0 };
	struct test_pair p;
	u8 wire[512], pkt[512], payload[64] = { 0 };
	struct qoe_buf ob = { wire, 0, sizeof(wire) };
	struct qoe_tx_desc d;
	struct qoe_tx_cmpl tc;
	struct qoe_rx_cmpl rc;
	u32 h, i, len, probe;
	u64 st[QOE_STAT_MAX];

	QOE_EXPECT(e != NULL);
	if (!e)
		return;
	/* one TX/RX pair we can send through ... */
	test_pair_init(e, &p, QOE_CIPHER_AES_128_GCM, QOE_FAMILY_IPV4, 8, 0);
	/* ... among (2^20 - 2) other RX flows with 8-byte CIDs */
	fp.dir = QOE_DIR_RX;
	fp.cipher = QOE_CIPHER_AES_128_GCM;
	fp.family = QOE_FAMILY_IPV4;
	fp.cid_len = 8;
	fp.local_addr[0] = 192;
	fp.local_addr[2] = 2;
	fp.local_addr[3] = 2;
	fp.local_port = 50000;
	fp.pn = QOE_PN_NONE;
	for (i = 0; i < MILLION - 2; i++) {
		memcpy(fp.cid, &i, 4);
		fp.cid[7] = 0x77;
		if (qoe_host_flow_add(qoe_engine_host(e), &fp, &h) != QOE_ST_OK) {
			QOE_FAIL("flow %u refused", i);
			break;
		}
	}
	QOE_EXPECT_EQ(qoe_host_flow_add(qoe_engine_host(e), &fp, &h), QOE_ST_NO_SPACE);
	QOE_EXPECT_EQ(qoe_host_dev_stats(qoe_engine_host(e), st), QOE_ST_OK);
	QOE_EXPECT_EQ(st[QOE_STAT_FLOWS], MILLION);

	memset(payload, 9, sizeof(payload));
	len = test_packet(pkt, &p, 0, 2, 1, payload, sizeof(payload));
	test_desc(&d, &p, 0, 2, 1, sizeof(payload), 1, 0);
	QOE_EXPECT_EQ(qoe_engine_tx(e, &d, pkt, len, &ob, 1, &tc), 1);
	QOE_EXPECT_EQ(qoe_engine_rx(e, &ob, 0, &rc), QOE_ST_OK);
	QOE_EXPECT_EQ(le32_to_cpu(rc.handle), p.rx);

	/* random CIDs of the crowd resolve to their own flow (NO key: status) */
	for (probe = 1; probe < MILLION - 2; probe += 99991) {
		u8 q[128] = { 0 };
		struct qoe_buf b;

		memcpy(p.cid, &probe, 4);
		p.cid[4] = p.cid[5] = p.cid[6] = 0;
		p.cid[7] = 0x77;
		len = test_packet(q, &p, 0, 2, 1, payload, 30);
		b = (struct qoe_buf){ q, len, sizeof(q) };
		QOE_EXPECT_EQ(qoe_engine_rx(e, &b, 0, &rc), QOE_ST_KEY_MISSING);
	}
	qoe_engine_destroy(e);
}

/* Two engines holding the same two flow pairs, @crowd extra RX flows each. */
static void twin_engines(struct qoe_engine **e, struct test_pair (*p)[2],
			 u32 crowd)
{
	for (int k = 0; k < 2; k++) {
		struct qoe_flow_params fp = { 0 };
		u32 h;

		e[k] = test_engine(BE_IPSECMB, crowd + 8);
		test_pair_init(e[k], &p[k][0], QOE_CIPHER_AES_128_GCM,
			       QOE_FAMILY_IPV4, 8, 0);
		test_pair_init(e[k], &p[k][1], QOE_CIPHER_CHACHA20_POLY1305,
			       QOE_FAMILY_IPV4, 8, 0);
		fp.dir = QOE_DIR_RX;
		fp.cipher = QOE_CIPHER_AES_128_GCM;
		fp.family = QOE_FAMILY_IPV4;
		fp.cid_len = 8;
		fp.pn = QOE_PN_NONE;
		fp.local_port = 50000;
		for (u32 i = 0; i < crowd; i++) {
			memcpy(fp.cid, &i, 4);
			fp.cid[7] = 0x99;
			QOE_EXPECT_EQ(qoe_host_flow_add(qoe_engine_host(e[k]), &fp, &h), QOE_ST_OK);
		}
	}
}

/*
 * A burst gives exactly what packet-at-a-time RX gives: runs of one flow,
 * interleaved flows, bad packets in between, more than one chunk.
 */
QOE_TEST(rx_burst_equals_rx_one_by_one)
{
	static u8 bufs[2][80][512];
	struct qoe_buf b[2][80];
	struct qoe_rx_cmpl c[2][80];
	struct qoe_engine *e[2];
	struct test_pair p[2][2];
	u8 pkt[512], payload[200];
	u64 pn[2] = { 0, 0 };

	twin_engines(e, p, 100);
	for (u32 i = 0; i < 80; i++) {
		/* flow 0 for 0-9, flow 1 for 10-19, then alternating */
		int fl = i < 10 ? 0 : i < 20 ? 1 : (int)(i & 1);
		struct qoe_tx_desc d;
		struct qoe_tx_cmpl tc;
		struct qoe_buf ob = { bufs[0][i], 0, 512 };
		u32 len;

		memset(payload, (int)i, sizeof(payload));
		len = test_packet(pkt, &p[0][fl], 0, 2, pn[fl], payload,
				  sizeof(payload));
		test_desc(&d, &p[0][fl], 0, 2, pn[fl], sizeof(payload), 1, 0);
		pn[fl]++;
		QOE_EXPECT_EQ(qoe_engine_tx(e[0], &d, pkt, len, &ob, 1, &tc), 1);
		switch (i % 7) {	/* a mix of bad packets */
		case 1:
			bufs[0][i][ob.len - 1] ^= 1;	/* tag */
			break;
		case 2:
			bufs[0][i][28] |= 0x80;		/* long header */
			break;
		case 3:
			bufs[0][i][30] ^= 0x55;		/* unknown CID */
			break;
		case 4:
			ob.len -= 7;			/* truncated */
			break;
		}
		memcpy(bufs[1][i], bufs[0][i], 512);
		b[0][i] = (struct qoe_buf){ bufs[0][i], ob.len, 512 };
		b[1][i] = b[0][i];
		b[1][i].data = bufs[1][i];
	}
	qoe_engine_rx_burst(e[0], b[0], 80, 0, c[0]);
	for (u32 i = 0; i < 80; i++)
		qoe_engine_rx(e[1], &b[1][i], 0, &c[1][i]);
	for (u32 i = 0; i < 80; i++) {
		QOE_EXPECT_EQ(c[0][i].status, c[1][i].status);
		QOE_EXPECT_EQ(c[0][i].status == QOE_ST_OK,
			      i % 7 == 0 || i % 7 >= 5);
		QOE_EXPECT_EQ(le64_to_cpu(c[0][i].pn), le64_to_cpu(c[1][i].pn));
		QOE_EXPECT_EQ(c[0][i].handle, c[1][i].handle);
		QOE_EXPECT_EQ(b[0][i].len, b[1][i].len);
		QOE_EXPECT_MEM(bufs[0][i], bufs[1][i], b[0][i].len);
	}
	qoe_engine_destroy(e[0]);
	qoe_engine_destroy(e[1]);
}
