// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/* Admin queue: per-entry status, versioning, handles, flow table. */
#include "engine_util.h"

QOE_TEST(admin_caps)
{
	struct qoe_engine *e = test_engine(BE_IPSECMB, 16);
	struct qoe_cmd_caps c;

	QOE_EXPECT_EQ(qoe_host_caps(qoe_engine_host(e), &c), QOE_ST_OK);
	QOE_EXPECT_EQ(le16_to_cpu(c.abi_version), QOE_ABI_VERSION);
	QOE_EXPECT_EQ(le32_to_cpu(c.max_flows), 16);
	QOE_EXPECT_EQ(c.max_cid_len, 20);
	QOE_EXPECT(le16_to_cpu(c.ciphers) & (1 << QOE_CIPHER_CHACHA20_POLY1305));
	qoe_engine_destroy(e);
}

QOE_TEST(admin_batch_per_entry_status)
{
	struct qoe_engine *e = test_engine(BE_IPSECMB, 16);
	struct {
		struct qoe_cmd_caps caps;
		struct qoe_cmd_flow_del del;
		struct qoe_cmd_rx_resync bad;
	} b;

	memset(&b, 0, sizeof(b));
	b.caps.hdr.opcode = cpu_to_le16(QOE_CMD_QUERY_CAPS);
	b.caps.hdr.version = 1;
	b.caps.hdr.size = cpu_to_le16(sizeof(b.caps));
	b.caps.hdr.cookie = cpu_to_le32(0xfeedbeef);
	b.del.hdr.opcode = cpu_to_le16(QOE_CMD_FLOW_DEL);
	b.del.hdr.version = 1;
	b.del.hdr.size = cpu_to_le16(sizeof(b.del));
	b.del.handle = cpu_to_le32(0x00100003);
	b.bad.hdr.opcode = cpu_to_le16(0x7f);
	b.bad.hdr.version = 1;
	b.bad.hdr.size = cpu_to_le16(sizeof(b.bad));
	QOE_EXPECT_EQ(qoe_engine_admin(e, &b, sizeof(b)), 3);
	QOE_EXPECT_EQ(le16_to_cpu(b.caps.hdr.status), QOE_ST_OK);
	QOE_EXPECT_EQ(le32_to_cpu(b.caps.hdr.cookie), 0xfeedbeef);
	QOE_EXPECT_EQ(le16_to_cpu(b.del.hdr.status), QOE_ST_NO_FLOW);
	QOE_EXPECT_EQ(le16_to_cpu(b.bad.hdr.status), QOE_ST_BAD_OPCODE);
	qoe_engine_destroy(e);
}

QOE_TEST(admin_rejects_bad_headers)
{
	struct qoe_engine *e = test_engine(BE_IPSECMB, 4);
	struct qoe_cmd_caps c;

	memset(&c, 0, sizeof(c));
	c.hdr.opcode = cpu_to_le16(QOE_CMD_QUERY_CAPS);
	c.hdr.size = cpu_to_le16(sizeof(c));
	c.hdr.version = 2;
	QOE_EXPECT_EQ(qoe_engine_admin(e, &c, sizeof(c)), 1);
	QOE_EXPECT_EQ(le16_to_cpu(c.hdr.status), QOE_ST_BAD_VERSION);
	c.hdr.version = 1;
	c.hdr.size = cpu_to_le16(sizeof(c) - 8);	/* wrong for the opcode */
	QOE_EXPECT_EQ(qoe_engine_admin(e, &c, sizeof(c) - 8), 1);
	QOE_EXPECT_EQ(le16_to_cpu(c.hdr.status), QOE_ST_BAD_SIZE);
	c.hdr.size = cpu_to_le16(sizeof(c));
	c.hdr.flags = 0x80;
	QOE_EXPECT_EQ(qoe_engine_admin(e, &c, sizeof(c)), 1);
	QOE_EXPECT_EQ(le16_to_cpu(c.hdr.status), QOE_ST_BAD_PARAM);
	/* truncated: the entry claims more than the buffer holds */
	c.hdr.flags = 0;
	QOE_EXPECT_EQ(qoe_engine_admin(e, &c, sizeof(c) - 1), -EINVAL);
	QOE_EXPECT_EQ(qoe_engine_admin(e, &c, 10), -EINVAL);
	c.hdr.size = 0;
	QOE_EXPECT_EQ(qoe_engine_admin(e, &c, sizeof(c)), -EINVAL);
	qoe_engine_destroy(e);
}

static struct qoe_flow_params tx_params(u8 cipher)
{
	struct qoe_flow_params p = { 0 };

	p.dir = QOE_DIR_TX;
	p.cipher = cipher;
	p.family = QOE_FAMILY_IPV4;
	p.cid_len = 8;
	memset(p.cid, 0xab, 8);
	return p;
}

QOE_TEST(flow_add_rejects_bad_params)
{
	struct qoe_engine *e = test_engine(BE_IPSECMB, 4);
	struct qoe_flow_params p = tx_params(QOE_CIPHER_AES_128_GCM);
	u32 h;

	p.cipher = 9;
	QOE_EXPECT_EQ(qoe_host_flow_add(qoe_engine_host(e), &p, &h), QOE_ST_BAD_PARAM);
	QOE_EXPECT_EQ(h, QOE_HANDLE_INVALID);
	p = tx_params(QOE_CIPHER_AES_128_GCM);
	p.family = 5;
	QOE_EXPECT_EQ(qoe_host_flow_add(qoe_engine_host(e), &p, &h), QOE_ST_BAD_PARAM);
	p = tx_params(QOE_CIPHER_AES_128_GCM);
	p.cid_len = 21;
	QOE_EXPECT_EQ(qoe_host_flow_add(qoe_engine_host(e), &p, &h), QOE_ST_BAD_PARAM);
	p = tx_params(QOE_CIPHER_AES_128_GCM);
	p.dir = 2;
	QOE_EXPECT_EQ(qoe_host_flow_add(qoe_engine_host(e), &p, &h), QOE_ST_BAD_PARAM);
	p = tx_params(QOE_CIPHER_AES_128_GCM);
	p.pn = QOE_PN_MAX + 1;
	QOE_EXPECT_EQ(qoe_host_flow_add(qoe_engine_host(e), &p, &h), QOE_ST_BAD_PARAM);
	p.pn = QOE_PN_NONE;	/* only RX may say "nothing yet" */
	QOE_EXPECT_EQ(qoe_host_flow_add(qoe_engine_host(e), &p, &h), QOE_ST_BAD_PARAM);
	p = tx_params(QOE_CIPHER_AES_128_GCM);
	p.key_phase = 2;
	QOE_EXPECT_EQ(qoe_host_flow_add(qoe_engine_host(e), &p, &h), QOE_ST_BAD_PARAM);
	qoe_engine_destroy(e);
}

QOE_TEST(flow_stale_handle_never_matches)
{
	struct qoe_engine *e = test_engine(BE_IPSECMB, 1);
	struct qoe_flow_params p = tx_params(QOE_CIPHER_AES_128_GCM);
	struct qoe_cmd_flow_query q;
	u32 h1, h2, h3;
	u8 key[16] = { 1 }, iv[12] = { 2 };

	QOE_EXPECT_EQ(qoe_host_flow_add(qoe_engine_host(e), &p, &h1), QOE_ST_OK);
	QOE_EXPECT(h1 != QOE_HANDLE_INVALID);
	QOE_EXPECT_EQ(qoe_host_flow_add(qoe_engine_host(e), &p, &h2), QOE_ST_NO_SPACE);
	QOE_EXPECT_EQ(qoe_host_flow_del(qoe_engine_host(e), h1), QOE_ST_OK);
	QOE_EXPECT_EQ(qoe_host_flow_del(qoe_engine_host(e), h1), QOE_ST_NO_FLOW);
	QOE_EXPECT_EQ(qoe_host_flow_add(qoe_engine_host(e), &p, &h2), QOE_ST_OK);
	/* same slot, new generation */
	QOE_EXPECT_EQ(qoe_engine_handle_slot(e, h2),
		      qoe_engine_handle_slot(e, h1));
	QOE_EXPECT(h2 != h1);
	QOE_EXPECT_EQ(qoe_host_key_install(qoe_engine_host(e), h1, 0, key, 16, iv), QOE_ST_NO_FLOW);
	QOE_EXPECT_EQ(qoe_host_flow_query(qoe_engine_host(e), h1, false, &q), QOE_ST_NO_FLOW);
	QOE_EXPECT_EQ(qoe_host_flow_del(qoe_engine_host(e), h1), QOE_ST_NO_FLOW);
	QOE_EXPECT_EQ(qoe_host_flow_query(qoe_engine_host(e), h2, false, &q), QOE_ST_OK);
	/* 5000 reuses of one slot never give back an old live handle */
	for (int i = 0; i < 5000; i++) {
		QOE_EXPECT_EQ(qoe_host_flow_del(qoe_engine_host(e), h2), QOE_ST_OK);
		QOE_EXPECT_EQ(qoe_host_flow_add(qoe_engine_host(e), &p, &h3), QOE_ST_OK);
		QOE_EXPECT(h3 != h2 && h3 != QOE_HANDLE_INVALID);
		h2 = h3;
	}
	QOE_EXPECT_EQ(qoe_host_flow_del(qoe_engine_host(e), 0), QOE_ST_NO_FLOW);
	QOE_EXPECT_EQ(qoe_host_flow_del(qoe_engine_host(e), 0xffffffff), QOE_ST_NO_FLOW);
	qoe_engine_destroy(e);
}

/* Record @h in @seen (sorted insert); false if it was there already. */
static bool handle_new(u32 *seen, u32 *n, u32 h)
{
	u32 i = *n;

	for (u32 j = 0; j < *n; j++)
		if (seen[j] == h)
			return false;
	while (i && seen[i - 1] > h) {
		seen[i] = seen[i - 1];
		i--;
	}
	seen[i] = h;
	(*n)++;
	return true;
}

/*
 * A stale handle must not name another flow: with a 12-bit generation and
 * the last freed slot reused first, 4096 delete/add cycles gave one back.
 * A full table but one slot, and a table of one slot, are the worst cases.
 */
QOE_TEST(flow_handles_not_reissued)
{
	static u32 seen[6000];
	const u32 sizes[] = { 1, 4, QOE_HANDLE_SLOT_MASK + 1 };

	for (u32 t = 0; t < 3; t++) {
		struct qoe_engine_cfg cfg = {
			.max_flows = sizes[t],
			.crypto = test_backend(BE_IPSECMB),
		};
		struct qoe_engine *e = qoe_engine_create(&cfg);
		struct qoe_flow_params p = tx_params(QOE_CIPHER_AES_128_GCM);
		u32 h, held, n = 0, dups = 0;

		QOE_EXPECT(e != NULL);
		if (!e)
			return;
		/* all slots but one taken (a million-slot table: one) */
		for (held = 0; held + 1 < sizes[t] && held < 3; held++)
			QOE_EXPECT_EQ(qoe_host_flow_add(qoe_engine_host(e), &p, &h), QOE_ST_OK);
		for (int i = 0; i < 5000; i++) {
			QOE_EXPECT_EQ(qoe_host_flow_add(qoe_engine_host(e), &p, &h), QOE_ST_OK);
			dups += !handle_new(seen, &n, h);
			QOE_EXPECT_EQ(qoe_host_flow_del(qoe_engine_host(e), h), QOE_ST_OK);
		}
		if (dups)
			QOE_FAIL("max_flows %u: %u of 5000 handles reissued",
				 sizes[t], dups);
		qoe_engine_destroy(e);
	}
}

/*
 * A host that keeps the top bits of the handle (net_qoe's engine index)
 * gets handles below 2^handle_bits, and the generation wraps there without
 * ever giving 0 or a live handle back; a handle_bits that leaves the
 * generation under 4 bits is refused.
 */
QOE_TEST(flow_handles_within_handle_bits)
{
	struct qoe_engine_cfg cfg = {
		.max_flows = 4,
		.handle_bits = 8,	/* slot 2 bits, generation 6 */
		.crypto = test_backend(BE_IPSECMB),
	};
	struct qoe_flow_params p = tx_params(QOE_CIPHER_AES_128_GCM);
	struct qoe_engine *e = qoe_engine_create(&cfg);
	u32 h, first, wraps = 0;

	QOE_EXPECT(e != NULL);
	if (!e)
		return;
	QOE_EXPECT_EQ(qoe_host_flow_add(qoe_engine_host(e), &p, &first), QOE_ST_OK);
	for (int i = 0; i < 1000; i++) {
		QOE_EXPECT_EQ(qoe_host_flow_add(qoe_engine_host(e), &p, &h), QOE_ST_OK);
		if (h == 0 || h >= 1u << 8 || h == first)
			QOE_FAIL("cycle %d: handle 0x%x (live 0x%x, limit 0x100)",
				 i, h, first);
		wraps += h >> 2 == 1;	/* generation 1 again */
		QOE_EXPECT_EQ(qoe_host_flow_del(qoe_engine_host(e), h), QOE_ST_OK);
	}
	QOE_EXPECT(wraps > 1);
	/* the oldest handle still names its flow */
	QOE_EXPECT_EQ(qoe_host_flow_del(qoe_engine_host(e), first), QOE_ST_OK);
	qoe_engine_destroy(e);

	cfg.handle_bits = 5;		/* generation 3 bits */
	e = qoe_engine_create(&cfg);
	QOE_EXPECT(e == NULL);
	qoe_engine_destroy(e);
	cfg.handle_bits = 33;
	e = qoe_engine_create(&cfg);
	QOE_EXPECT(e == NULL);
	qoe_engine_destroy(e);
}

QOE_TEST(flow_query_and_iterate)
{
	struct qoe_engine *e = test_engine(BE_OPENSSL, 64);
	struct qoe_cmd_flow_query q;
	u32 h[10], cursor = 0, seen = 0;

	for (int i = 0; i < 10; i++) {
		struct qoe_flow_params p = tx_params(cipher_at(i));

		p.pn = (u64)i * 100;
		QOE_EXPECT_EQ(qoe_host_flow_add(qoe_engine_host(e), &p, &h[i]), QOE_ST_OK);
	}
	QOE_EXPECT_EQ(qoe_host_flow_del(qoe_engine_host(e), h[4]), QOE_ST_OK);
	while (qoe_host_flow_query(qoe_engine_host(e), cursor, true, &q) == QOE_ST_OK) {
		u32 got = le32_to_cpu(q.handle);

		QOE_EXPECT(got != h[4]);
		QOE_EXPECT_EQ(q.cid_len, 8);
		QOE_EXPECT_EQ(q.dir, QOE_DIR_TX);
		seen++;
		cursor = le32_to_cpu(q.next);
	}
	QOE_EXPECT_EQ(seen, 9);
	QOE_EXPECT_EQ(qoe_host_flow_query(qoe_engine_host(e), h[7], false, &q), QOE_ST_OK);
	QOE_EXPECT_EQ(le64_to_cpu(q.pn), 700);
	QOE_EXPECT_EQ(q.cipher, cipher_at(7));
	QOE_EXPECT_EQ(q.keys_valid, 0);
	qoe_engine_destroy(e);
}

QOE_TEST(key_install_checks)
{
	struct qoe_engine *e = test_engine(BE_IPSECMB, 4);
	struct qoe_flow_params p = tx_params(QOE_CIPHER_AES_256_GCM);
	struct qoe_cmd_flow_query q;
	u8 key[32] = { 3 }, iv[12] = { 4 };
	u32 h;

	QOE_EXPECT_EQ(qoe_host_flow_add(qoe_engine_host(e), &p, &h), QOE_ST_OK);
	QOE_EXPECT_EQ(qoe_host_key_install(qoe_engine_host(e), h, 0, key, 16, iv), QOE_ST_BAD_PARAM);
	QOE_EXPECT_EQ(qoe_host_key_install(qoe_engine_host(e), h, 2, key, 32, iv), QOE_ST_BAD_PARAM);
	QOE_EXPECT_EQ(qoe_host_key_retire(qoe_engine_host(e), h, 1), QOE_ST_KEY_MISSING);
	QOE_EXPECT_EQ(qoe_host_key_install(qoe_engine_host(e), h, 1, key, 32, iv), QOE_ST_OK);
	QOE_EXPECT_EQ(qoe_host_key_install(qoe_engine_host(e), h, 1, key, 32, iv), QOE_ST_OK);
	QOE_EXPECT_EQ(qoe_host_flow_query(qoe_engine_host(e), h, false, &q), QOE_ST_OK);
	QOE_EXPECT_EQ(q.keys_valid, 2);
	QOE_EXPECT_EQ(le64_to_cpu(q.key_updates), 1);
	QOE_EXPECT_EQ(qoe_host_key_retire(qoe_engine_host(e), h, 1), QOE_ST_OK);
	QOE_EXPECT_EQ(qoe_host_flow_query(qoe_engine_host(e), h, false, &q), QOE_ST_OK);
	QOE_EXPECT_EQ(q.keys_valid, 0);
	qoe_engine_destroy(e);
}

QOE_TEST(cid_add_del_rx)
{
	struct qoe_engine *e = test_engine(BE_IPSECMB, 8);
	struct qoe_cmd_flow_query q;
	struct qoe_flow_params fp;
	struct test_pair a;
	u8 cid2[4] = { 9, 9, 9, 9 };
	u32 h;

	test_pair_init(e, &a, QOE_CIPHER_AES_128_GCM, QOE_FAMILY_IPV4, 8, 0);
	QOE_EXPECT_EQ(qoe_host_cid_add(qoe_engine_host(e), a.rx, cid2, 4), QOE_ST_OK);
	QOE_EXPECT_EQ(qoe_host_cid_add(qoe_engine_host(e), a.rx, cid2, 4), QOE_ST_EXISTS);
	QOE_EXPECT_EQ(qoe_host_cid_del(qoe_engine_host(e), a.rx, cid2, 4), QOE_ST_OK);
	QOE_EXPECT_EQ(qoe_host_cid_del(qoe_engine_host(e), a.rx, cid2, 4), QOE_ST_NO_FLOW);
	QOE_EXPECT_EQ(qoe_host_cid_del(qoe_engine_host(e), a.tx, cid2, 4), QOE_ST_BAD_PARAM);
	QOE_EXPECT_EQ(qoe_host_cid_add(qoe_engine_host(e), a.rx, cid2, 21), QOE_ST_BAD_PARAM);
	/* a second RX flow may not claim the first one's CID */
	QOE_EXPECT_EQ(qoe_host_flow_query(qoe_engine_host(e), a.rx, false, &q), QOE_ST_OK);
	memset(&fp, 0, sizeof(fp));
	fp.dir = QOE_DIR_RX;
	fp.cipher = QOE_CIPHER_AES_128_GCM;
	fp.family = QOE_FAMILY_IPV4;
	fp.cid_len = 8;
	memcpy(fp.cid, a.cid, 8);
	memcpy(fp.local_addr, q.local_addr, 16);
	fp.local_port = be16_to_cpu(q.local_port);
	fp.pn = QOE_PN_NONE;
	QOE_EXPECT_EQ(qoe_host_flow_add(qoe_engine_host(e), &fp, &h), QOE_ST_EXISTS);
	QOE_EXPECT_EQ(h, QOE_HANDLE_INVALID);
	/* the failed add left no flow behind */
	QOE_EXPECT_EQ(qoe_host_flow_query(qoe_engine_host(e), 0, true, &q), QOE_ST_OK);
	QOE_EXPECT_EQ(qoe_host_flow_del(qoe_engine_host(e), a.tx), QOE_ST_OK);
	QOE_EXPECT_EQ(qoe_host_flow_del(qoe_engine_host(e), a.rx), QOE_ST_OK);
	QOE_EXPECT_EQ(qoe_host_flow_query(qoe_engine_host(e), 0, true, &q), QOE_ST_NO_FLOW);
	qoe_engine_destroy(e);
}

QOE_TEST(cipher_names_round_trip)
{
	for (unsigned int i = 0; i < n_ciphers(); i++)
		QOE_EXPECT_EQ(qoe_cipher_from_name(qoe_cipher_name(cipher_at(i))),
			      cipher_at(i));
	QOE_EXPECT_EQ(qoe_cipher_from_name("aes-512-gcm"), -EINVAL);
	QOE_EXPECT_EQ(qoe_cipher_from_name(""), -EINVAL);
	QOE_EXPECT_EQ(qoe_cipher_from_name("unknown"), -EINVAL);
}

/*
 * Per-flow key_missing (FLOW_QUERY version 2): an RX packet in a phase
 * without a key, and a TX request for one, count on their flow.  A
 * version 1 query still answers, and writes nothing past its 152 bytes.
 */
QOE_TEST(flow_query_v2_counts_key_missing)
{
	struct qoe_engine *e = test_engine(BE_IPSECMB, 8);
	static u8 pkt[512], wire[512], payload[64];
	struct qoe_buf ob = { wire, 0, sizeof(wire) };
	struct qoe_cmd_flow_query q;
	struct qoe_tx_desc d;
	struct qoe_tx_cmpl tc;
	struct qoe_rx_cmpl rc;
	struct test_pair p;
	u8 key[16] = { 7 }, iv[QOE_IV_LEN] = { 8 };
	union {
		struct qoe_cmd_flow_query q;
		u8 raw[sizeof(struct qoe_cmd_flow_query)];
	} v1;
	u32 len;

	test_pair_init(e, &p, QOE_CIPHER_AES_128_GCM, QOE_FAMILY_IPV4, 8, 0);
	/* TX phase 1 has no key: refused, counted */
	len = test_packet(pkt, &p, 0, 2, 0, payload, sizeof(payload));
	test_desc(&d, &p, 0, 2, 0, sizeof(payload), 1, 0);
	d.key_phase = 1;
	QOE_EXPECT_EQ(qoe_engine_tx(e, &d, pkt, len, &ob, 1, &tc), 0);
	QOE_EXPECT_EQ(tc.status, QOE_ST_KEY_MISSING);
	/* sealed in phase 1 by a key the RX flow does not have */
	QOE_EXPECT_EQ(qoe_host_key_install(qoe_engine_host(e), p.tx, 1, key, 16, iv),
		      QOE_ST_OK);
	QOE_EXPECT_EQ(qoe_engine_tx(e, &d, pkt, len, &ob, 1, &tc), 1);
	QOE_EXPECT_EQ(qoe_engine_rx(e, &ob, 0, &rc), QOE_ST_KEY_MISSING);

	QOE_EXPECT_EQ(qoe_host_flow_query(qoe_engine_host(e), p.rx, false, &q), QOE_ST_OK);
	QOE_EXPECT_EQ(le64_to_cpu(q.key_missing), 1);
	QOE_EXPECT_EQ(qoe_host_flow_query(qoe_engine_host(e), p.tx, false, &q), QOE_ST_OK);
	QOE_EXPECT_EQ(le64_to_cpu(q.key_missing), 1);
	QOE_EXPECT_EQ(le64_to_cpu(q.drops), 1);

	/* version 1: the same flow, nothing written past the entry */
	memset(&v1, 0xee, sizeof(v1));
	memset(&v1.q, 0, QOE_FLOW_QUERY_V1_SIZE);
	v1.q.hdr.opcode = cpu_to_le16(QOE_CMD_FLOW_QUERY);
	v1.q.hdr.version = 1;
	v1.q.hdr.size = cpu_to_le16(QOE_FLOW_QUERY_V1_SIZE);
	v1.q.handle = cpu_to_le32(p.rx);
	QOE_EXPECT_EQ(qoe_engine_admin(e, &v1, QOE_FLOW_QUERY_V1_SIZE), 1);
	QOE_EXPECT_EQ(le16_to_cpu(v1.q.hdr.status), QOE_ST_OK);
	QOE_EXPECT_EQ(le32_to_cpu(v1.q.handle), p.rx);
	for (u32 i = QOE_FLOW_QUERY_V1_SIZE; i < sizeof(v1); i++)
		if (v1.raw[i] != 0xee)
			QOE_FAIL("a version 1 answer wrote byte %u past its entry", i);

	/* version 2 at version 1's size, and versions nobody has */
	v1.q.hdr.version = 2;
	QOE_EXPECT_EQ(qoe_engine_admin(e, &v1, QOE_FLOW_QUERY_V1_SIZE), 1);
	QOE_EXPECT_EQ(le16_to_cpu(v1.q.hdr.status), QOE_ST_BAD_SIZE);
	v1.q.hdr.version = 3;
	v1.q.hdr.status = 0;
	QOE_EXPECT_EQ(qoe_engine_admin(e, &v1, QOE_FLOW_QUERY_V1_SIZE), 1);
	QOE_EXPECT_EQ(le16_to_cpu(v1.q.hdr.status), QOE_ST_BAD_VERSION);
	qoe_engine_destroy(e);
}
