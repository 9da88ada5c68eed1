// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/* Key update across phases (RFC 9001 s6) and usage limits (s6.6). */
#include "engine_util.h"

static u32 send(struct qoe_engine *e, const struct test_pair *p, u8 phase,
		u64 pn, u8 *out, size_t cap, u8 *status)
{
	u8 pkt[512], payload[100];
	struct qoe_buf ob = { out, 0, (u32)cap };
	struct qoe_tx_desc d;
	struct qoe_tx_cmpl tc;
	u32 len;

	memset(payload, (int)pn, sizeof(payload));
	len = test_packet(pkt, p, 0, 2, pn, payload, sizeof(payload));
	test_desc(&d, p, 0, 2, pn, sizeof(payload), 1, phase);
	qoe_engine_tx(e, &d, pkt, len, &ob, 1, &tc);
	*status = tc.status;
	return ob.len;
}

QOE_TEST(key_update_both_sides)
{
	struct qoe_engine *e = test_engine(BE_IPSECMB, 4);
	u8 old0[512], new1[512], copy[512], key1[32], iv1[12], hp1[32], st;
	struct qoe_cmd_flow_query q;
	struct qoe_rx_cmpl c;
	struct qoe_event ev;
	struct test_pair p;
	u32 l0, l1;
	struct qoe_buf b;

	test_pair_init(e, &p, QOE_CIPHER_AES_128_GCM, QOE_FAMILY_IPV4, 8, 0);
	test_keys(QOE_CIPHER_AES_128_GCM, 99, key1, iv1, hp1);
	l0 = send(e, &p, 0, 1, old0, sizeof(old0), &st);
	QOE_EXPECT_EQ(st, QOE_ST_OK);
	/* TX phase 1 without a key: dropped, nothing leaves */
	QOE_EXPECT_EQ(send(e, &p, 1, 2, new1, sizeof(new1), &st), 0);
	QOE_EXPECT_EQ(st, QOE_ST_KEY_MISSING);
	QOE_EXPECT_EQ(qoe_host_key_install(qoe_engine_host(e), p.tx, 1, key1, 16, iv1), QOE_ST_OK);
	l1 = send(e, &p, 1, 3, new1, sizeof(new1), &st);
	QOE_EXPECT_EQ(st, QOE_ST_OK);
	QOE_EXPECT_EQ(qoe_host_flow_query(qoe_engine_host(e), p.tx, false, &q), QOE_ST_OK);
	QOE_EXPECT_EQ(q.cur_phase, 1);

	/* RX without the next key: KEY_MISSING, bytes untouched */
	memcpy(copy, new1, l1);
	b = (struct qoe_buf){ new1, l1, sizeof(new1) };
	QOE_EXPECT_EQ(qoe_engine_rx(e, &b, 0, &c), QOE_ST_KEY_MISSING);
	QOE_EXPECT_EQ(c.key_phase, 1);
	QOE_EXPECT_EQ(b.len, l1);
	QOE_EXPECT_MEM(new1, copy, l1);
	QOE_EXPECT(!qoe_engine_event_pop(e, &ev));

	/* host installs the next key: the flip is seen and reported */
	QOE_EXPECT_EQ(qoe_host_key_install(qoe_engine_host(e), p.rx, 1, key1, 16, iv1), QOE_ST_OK);
	QOE_EXPECT_EQ(qoe_engine_rx(e, &b, 0, &c), QOE_ST_OK);
	QOE_EXPECT_EQ(le64_to_cpu(c.pn), 3);
	QOE_EXPECT(qoe_engine_event_pop(e, &ev));
	QOE_EXPECT_EQ(le16_to_cpu(ev.type), QOE_EV_KEY_PHASE_FLIP);
	QOE_EXPECT_EQ(ev.phase, 1);
	QOE_EXPECT_EQ(le32_to_cpu(ev.handle), p.rx);
	QOE_EXPECT_EQ(le64_to_cpu(ev.value), 3);
	QOE_EXPECT_EQ(qoe_host_flow_query(qoe_engine_host(e), p.rx, false, &q), QOE_ST_OK);
	QOE_EXPECT_EQ(q.cur_phase, 1);
	QOE_EXPECT_EQ(le64_to_cpu(q.key_updates), 1);

	/* a reordered phase-0 packet still opens with the old key, no flip */
	b = (struct qoe_buf){ old0, l0, sizeof(old0) };
	memcpy(copy, old0, l0);
	QOE_EXPECT_EQ(qoe_engine_rx(e, &b, 0, &c), QOE_ST_OK);
	QOE_EXPECT_EQ(le64_to_cpu(c.pn), 1);
	QOE_EXPECT(!qoe_engine_event_pop(e, &ev));
	QOE_EXPECT_EQ(qoe_host_flow_query(qoe_engine_host(e), p.rx, false, &q), QOE_ST_OK);
	QOE_EXPECT_EQ(q.cur_phase, 1);
	QOE_EXPECT_EQ(le64_to_cpu(q.pn), 3);

	/* old key retired: the same old packet is now KEY_MISSING */
	QOE_EXPECT_EQ(qoe_host_key_retire(qoe_engine_host(e), p.rx, 0), QOE_ST_OK);
	memcpy(old0, copy, l0);
	b = (struct qoe_buf){ old0, l0, sizeof(old0) };
	QOE_EXPECT_EQ(qoe_engine_rx(e, &b, 0, &c), QOE_ST_KEY_MISSING);
	QOE_EXPECT_MEM(old0, copy, l0);
	qoe_engine_destroy(e);
}

QOE_TEST(wrong_phase_key_fails_auth_and_restores)
{
	struct qoe_engine *e = test_engine(BE_OPENSSL, 4);
	u8 pkt[512], copy[512], key1[32], iv1[12], hp1[32], st;
	struct qoe_rx_cmpl c;
	struct test_pair p;
	struct qoe_buf b;
	u32 l;

	test_pair_init(e, &p, QOE_CIPHER_CHACHA20_POLY1305, QOE_FAMILY_IPV6, 4, 0);
	test_keys(QOE_CIPHER_CHACHA20_POLY1305, 42, key1, iv1, hp1);
	QOE_EXPECT_EQ(qoe_host_key_install(qoe_engine_host(e), p.tx, 1, key1, 32, iv1), QOE_ST_OK);
	/* the receiver holds a different phase-1 key */
	QOE_EXPECT_EQ(qoe_host_key_install(qoe_engine_host(e), p.rx, 1, p.key, 32, p.iv), QOE_ST_OK);
	l = send(e, &p, 1, 7, pkt, sizeof(pkt), &st);
	memcpy(copy, pkt, l);
	b = (struct qoe_buf){ pkt, l, sizeof(pkt) };
	QOE_EXPECT_EQ(qoe_engine_rx(e, &b, 0, &c), QOE_ST_AUTH_FAIL);
	QOE_EXPECT_EQ(b.len, l);
	QOE_EXPECT_MEM(pkt, copy, l);
	QOE_EXPECT_EQ(c.flags & (QOE_RXF_DECRYPTED | QOE_RXF_DROP), 0);
	qoe_engine_destroy(e);
}

QOE_TEST(usage_limit_event_then_exhausted)
{
	struct qoe_engine_cfg cfg = {
		.max_flows = 4,
		.aead_limit = 16,
		.crypto = test_backend(BE_IPSECMB),
	};
	struct qoe_engine *e = qoe_engine_create(&cfg);
	struct test_pair p;
	struct qoe_event ev;
	u8 out[512], st;
	u64 stats[QOE_STAT_MAX];
	int events = 0;

	test_pair_init(e, &p, QOE_CIPHER_AES_128_GCM, QOE_FAMILY_IPV4, 8, 0);
	for (u64 pn = 0; pn < 16; pn++) {
		send(e, &p, 0, pn, out, sizeof(out), &st);
		QOE_EXPECT_EQ(st, QOE_ST_OK);
		while (qoe_engine_event_pop(e, &ev)) {
			QOE_EXPECT_EQ(le16_to_cpu(ev.type), QOE_EV_USAGE_LIMIT);
			QOE_EXPECT_EQ(le64_to_cpu(ev.value), 14);
			events++;
		}
	}
	QOE_EXPECT_EQ(events, 1);
	QOE_EXPECT_EQ(send(e, &p, 0, 16, out, sizeof(out), &st), 0);
	QOE_EXPECT_EQ(st, QOE_ST_KEY_EXHAUSTED);
	QOE_EXPECT_EQ(qoe_host_dev_stats(qoe_engine_host(e), stats), QOE_ST_OK);
	QOE_EXPECT_EQ(stats[QOE_STAT_TX_DROP_EXHAUSTED], 1);
	QOE_EXPECT_EQ(stats[QOE_STAT_TX_PACKETS], 16);
	/* a fresh key of the other phase carries on */
	QOE_EXPECT_EQ(qoe_host_key_install(qoe_engine_host(e), p.tx, 1, p.key, 16, p.iv), QOE_ST_OK);
	send(e, &p, 1, 16, out, sizeof(out), &st);
	QOE_EXPECT_EQ(st, QOE_ST_OK);
	qoe_engine_destroy(e);
}

QOE_TEST(event_ring_overflow_counts_lost)
{
	struct qoe_engine_cfg cfg = {
		.max_flows = 64,
		.aead_limit = 1,
		.event_ring = 4,
		.crypto = test_backend(BE_IPSECMB),
	};
	struct qoe_engine *e = qoe_engine_create(&cfg);
	struct qoe_event ev;
	u64 stats[QOE_STAT_MAX];
	u8 out[512], st;
	int n = 0;

	for (int i = 0; i < 6; i++) {
		struct test_pair p;

		test_pair_init(e, &p, QOE_CIPHER_AES_128_GCM, QOE_FAMILY_IPV4,
			       (u8)(i + 1), 0);
		send(e, &p, 0, 0, out, sizeof(out), &st);
		QOE_EXPECT_EQ(st, QOE_ST_OK);
	}
	while (qoe_engine_event_pop(e, &ev))
		n++;
	QOE_EXPECT_EQ(n, 4);
	QOE_EXPECT_EQ(qoe_host_dev_stats(qoe_engine_host(e), stats), QOE_ST_OK);
	QOE_EXPECT_EQ(stats[QOE_STAT_EVENTS_LOST], 2);
	qoe_engine_destroy(e);
}
