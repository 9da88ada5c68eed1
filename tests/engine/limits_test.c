// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * RFC 9001 section 6.6 at the limit: a flow that reached its integrity
 * limit opens nothing more, says so where the host can poll it, and the
 * events that report limits are the last ones a full ring gives up.
 */
#include "engine_util.h"
#include "../../firmware-if/engine_priv.h"

static u32 seal(struct qoe_engine *e, const struct test_pair *p, u64 pn,
		u8 *out, u32 cap)
{
	u8 pkt[512], payload[100];
	struct qoe_buf ob = { out, 0, cap };
	struct qoe_tx_desc d;
	struct qoe_tx_cmpl tc;
	u32 len;

	memset(payload, 0x44, sizeof(payload));
	len = test_packet(pkt, p, 0, 2, pn, payload, sizeof(payload));
	test_desc(&d, p, 0, 2, pn, sizeof(payload), 1, 0);
	QOE_EXPECT_EQ(qoe_engine_tx(e, &d, pkt, len, &ob, 1, &tc), 1);
	return ob.len;
}

QOE_TEST(integrity_limit_stops_the_flow)
{
	struct qoe_engine_cfg cfg = {
		.max_flows = 4,
		.integrity_limit = 8,
		.crypto = test_backend(BE_IPSECMB),
	};
	struct qoe_engine *e = qoe_engine_create(&cfg);
	struct qoe_cmd_flow_query q;
	u8 wire[1024], copy[1024];
	u64 st[QOE_STAT_MAX];
	struct qoe_rx_cmpl c;
	struct qoe_event ev;
	struct test_pair p;
	struct qoe_buf b;
	int warn = 0, stop = 0;
	u32 len;

	QOE_EXPECT(e != NULL);
	if (!e)
		return;
	test_pair_init(e, &p, QOE_CIPHER_AES_128_GCM, QOE_FAMILY_IPV4, 8, 0);
	for (u64 pn = 0; pn < 8; pn++) {
		len = seal(e, &p, pn, wire, sizeof(wire));
		wire[len - 1] ^= 1;		/* a forgery, checksums valid */
		test_fix_csum(wire, len, 0);
		b = (struct qoe_buf){ wire, len, sizeof(wire) };
		QOE_EXPECT_EQ(qoe_engine_rx(e, &b, 0, &c), QOE_ST_AUTH_FAIL);
	}
	/* the limit is reached: even a genuine packet is not opened */
	len = seal(e, &p, 8, wire, sizeof(wire));
	memcpy(copy, wire, len);
	b = (struct qoe_buf){ wire, len, sizeof(wire) };
	QOE_EXPECT_EQ(qoe_engine_rx(e, &b, 0, &c), QOE_ST_KEY_EXHAUSTED);
	QOE_EXPECT_EQ(b.len, len);
	QOE_EXPECT_MEM(wire, copy, len);
	QOE_EXPECT_EQ(qoe_host_dev_stats(qoe_engine_host(e), st), QOE_ST_OK);
	QOE_EXPECT_EQ(st[QOE_STAT_RX_INTEGRITY_LIMIT], 1);
	QOE_EXPECT_EQ(st[QOE_STAT_RX_AUTH_FAIL], 8);
	/* pollable: the flow says it is stopped */
	QOE_EXPECT_EQ(qoe_host_flow_query(qoe_engine_host(e), p.rx, false, &q), QOE_ST_OK);
	QOE_EXPECT(q.keys_valid & QOE_FLOWQ_INTEGRITY_LIMIT);
	QOE_EXPECT_EQ(q.keys_valid & QOE_FLOWQ_KEYS, 1);
	while (qoe_engine_event_pop(e, &ev)) {
		QOE_EXPECT_EQ(le32_to_cpu(ev.handle), p.rx);
		warn += le16_to_cpu(ev.type) == QOE_EV_INTEGRITY_LIMIT;
		stop += le16_to_cpu(ev.type) == QOE_EV_FLOW_ERROR &&
			le64_to_cpu(ev.value) == QOE_ST_KEY_EXHAUSTED;
	}
	QOE_EXPECT_EQ(warn, 1);
	QOE_EXPECT_EQ(stop, 1);
	qoe_engine_destroy(e);
}

/* A TX key at its confidentiality limit shows in the query too */
QOE_TEST(confidentiality_limit_is_pollable)
{
	struct qoe_engine_cfg cfg = {
		.max_flows = 4,
		.aead_limit = 2,
		.crypto = test_backend(BE_IPSECMB),
	};
	struct qoe_engine *e = qoe_engine_create(&cfg);
	struct qoe_cmd_flow_query q;
	struct test_pair p;
	u8 wire[1024];

	QOE_EXPECT(e != NULL);
	if (!e)
		return;
	test_pair_init(e, &p, QOE_CIPHER_AES_128_GCM, QOE_FAMILY_IPV4, 8, 0);
	seal(e, &p, 0, wire, sizeof(wire));
	QOE_EXPECT_EQ(qoe_host_flow_query(qoe_engine_host(e), p.tx, false, &q), QOE_ST_OK);
	QOE_EXPECT_EQ(q.keys_valid & QOE_FLOWQ_EXHAUSTED(0), 0);
	seal(e, &p, 1, wire, sizeof(wire));
	QOE_EXPECT_EQ(qoe_host_flow_query(qoe_engine_host(e), p.tx, false, &q), QOE_ST_OK);
	QOE_EXPECT(q.keys_valid & QOE_FLOWQ_EXHAUSTED(0));
	QOE_EXPECT_EQ(q.keys_valid & QOE_FLOWQ_KEYS, 1);
	qoe_engine_destroy(e);
}

static u16 pop_type(struct qoe_engine *e)
{
	struct qoe_event ev;

	return qoe_engine_event_pop(e, &ev) ? le16_to_cpu(ev.type) : 0;
}

/* A full ring gives up phase flips (the host can poll cur_phase) first */
QOE_TEST(limit_events_outlive_flips_in_a_full_ring)
{
	struct qoe_engine_cfg cfg = {
		.max_flows = 4,
		.event_ring = 3,
		.crypto = test_backend(BE_IPSECMB),
	};
	struct qoe_engine *e = qoe_engine_create(&cfg);
	u64 st[QOE_STAT_MAX];

	QOE_EXPECT(e != NULL);
	if (!e)
		return;
	qoe_event_post(e, QOE_EV_KEY_PHASE_FLIP, 1, 1, 10);
	qoe_event_post(e, QOE_EV_INTEGRITY_LIMIT, 1, 1, 7);
	qoe_event_post(e, QOE_EV_KEY_PHASE_FLIP, 1, 0, 20);
	qoe_event_post(e, QOE_EV_USAGE_LIMIT, 2, 0, 14);	/* evicts flip 1 */
	qoe_event_post(e, QOE_EV_FLOW_ERROR, 3, 0, 12);	/* evicts flip 2 */
	qoe_event_post(e, QOE_EV_KEY_PHASE_FLIP, 1, 1, 30);	/* no room */
	QOE_EXPECT_EQ(pop_type(e), QOE_EV_INTEGRITY_LIMIT);
	QOE_EXPECT_EQ(pop_type(e), QOE_EV_USAGE_LIMIT);
	QOE_EXPECT_EQ(pop_type(e), QOE_EV_FLOW_ERROR);
	QOE_EXPECT_EQ(pop_type(e), 0);
	QOE_EXPECT_EQ(qoe_host_dev_stats(qoe_engine_host(e), st), QOE_ST_OK);
	QOE_EXPECT_EQ(st[QOE_STAT_EVENTS_LOST], 3);
	qoe_engine_destroy(e);
}
