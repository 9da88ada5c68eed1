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
		if (qoe_host_flow_add(e, &fp, &h) != QOE_ST_OK) {
			QOE_FAIL("flow %u refused", i);
			break;
		}
	}
	QOE_EXPECT_EQ(qoe_host_flow_add(e, &fp, &h), QOE_ST_NO_SPACE);
	QOE_EXPECT_EQ(qoe_host_dev_stats(e, st), QOE_ST_OK);
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
