// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * The host side of the admin queue: commands reach the device only through
 * its transport, a device that cannot be reached is an error (never a
 * success with stale replies), and the device runs each opcode only with its
 * own entry size.
 */
#include "engine_util.h"

/* A transport to a device that is gone: every call fails. */
static int gone_admin(void *dev, void *buf, size_t len)
{
	(void)dev;
	(void)buf;
	(void)len;
	return -ENODEV;
}

static const struct qoe_host_ops gone_ops = { .admin = gone_admin };

QOE_TEST(host_unreachable_device_is_an_error)
{
	struct qoe_flow_params p = { 0 };
	struct qoe_cmd_flow_query q;
	struct qoe_cmd_caps c;
	u64 st[QOE_STAT_MAX];
	struct qoe_host h;
	u8 key[16] = { 1 }, iv[QOE_IV_LEN] = { 2 };
	u32 handle = 1;

	qoe_host_init(&h, &gone_ops, NULL);
	p.dir = QOE_DIR_TX;
	p.cipher = QOE_CIPHER_AES_128_GCM;
	p.family = QOE_FAMILY_IPV4;
	memset(st, 0xff, sizeof(st));
	QOE_EXPECT_EQ(qoe_host_caps(&h, &c), QOE_HOST_ST_UNREACHABLE);
	QOE_EXPECT_EQ(qoe_host_flow_add(&h, &p, &handle), QOE_HOST_ST_UNREACHABLE);
	QOE_EXPECT_EQ(handle, QOE_HANDLE_INVALID);
	QOE_EXPECT_EQ(qoe_host_key_install(&h, 1, 0, key, 16, iv),
		      QOE_HOST_ST_UNREACHABLE);
	QOE_EXPECT_EQ(qoe_host_key_retire(&h, 1, 0), QOE_HOST_ST_UNREACHABLE);
	QOE_EXPECT_EQ(qoe_host_cid_add(&h, 1, key, 4), QOE_HOST_ST_UNREACHABLE);
	QOE_EXPECT_EQ(qoe_host_flow_query(&h, 0, true, &q),
		      QOE_HOST_ST_UNREACHABLE);
	QOE_EXPECT_EQ(qoe_host_rx_resync(&h, 1, 5), QOE_HOST_ST_UNREACHABLE);
	QOE_EXPECT_EQ(qoe_host_flow_del(&h, 1), QOE_HOST_ST_UNREACHABLE);
	QOE_EXPECT_EQ(qoe_host_dev_stats(&h, st), QOE_HOST_ST_UNREACHABLE);
	QOE_EXPECT_EQ(st[QOE_STAT_FLOWS], 0);
	QOE_EXPECT_EQ(qoe_status_to_errno(QOE_HOST_ST_UNREACHABLE), -ENODEV);
}

/* A transport that checks what the host hands over, then runs it. */
struct spy_dev {
	struct qoe_engine *e;
	unsigned int calls;
	unsigned int bad;
	int answer;		/* >= 0: pretend that many entries were answered */
	bool abi_1_3;		/* answer as a device before FLOW_QUERY v2 */
};

static int spy_admin(void *dev, void *buf, size_t len)
{
	struct spy_dev *s = dev;
	struct qoe_cmd_hdr *h = buf;
	bool query = len >= sizeof(*h) &&
		     le16_to_cpu(h->opcode) == QOE_CMD_FLOW_QUERY;

	s->calls++;
	if (len < sizeof(*h) || le16_to_cpu(h->size) != len ||
	    !(h->version == 1 || (query && h->version == 2)) || h->status != 0)
		s->bad++;
	if (s->answer >= 0)
		return s->answer;
	if (s->abi_1_3 && h->version > 1) {
		h->status = cpu_to_le16(QOE_ST_BAD_VERSION);
		return 1;
	}
	return qoe_engine_admin(s->e, buf, len);
}

static const struct qoe_host_ops spy_ops = { .admin = spy_admin };

QOE_TEST(host_commands_go_through_the_transport)
{
	struct spy_dev s = { .answer = -1 };
	struct qoe_flow_params p = { 0 };
	struct qoe_cmd_flow_query q;
	u8 key[16] = { 1 }, iv[QOE_IV_LEN] = { 2 };
	struct qoe_host h;
	u32 handle;

	s.e = test_engine(BE_IPSECMB, 4);
	qoe_host_init(&h, &spy_ops, &s);
	p.dir = QOE_DIR_TX;
	p.cipher = QOE_CIPHER_AES_128_GCM;
	p.family = QOE_FAMILY_IPV4;
	p.cid_len = 4;
	QOE_EXPECT_EQ(qoe_host_flow_add(&h, &p, &handle), QOE_ST_OK);
	QOE_EXPECT_EQ(qoe_host_key_install(&h, handle, 0, key, 16, iv), QOE_ST_OK);
	QOE_EXPECT_EQ(qoe_host_flow_query(&h, handle, false, &q), QOE_ST_OK);
	QOE_EXPECT_EQ(le32_to_cpu(q.handle), handle);
	QOE_EXPECT_EQ(s.calls, 3);
	QOE_EXPECT_EQ(s.bad, 0);
	/* a transport that answers no entry: the reply is not trusted */
	s.answer = 0;
	QOE_EXPECT_EQ(qoe_host_flow_del(&h, handle), QOE_ST_BAD_SIZE);
	s.answer = -1;
	QOE_EXPECT_EQ(qoe_host_flow_del(&h, handle), QOE_ST_OK);
	qoe_engine_destroy(s.e);
}

/*
 * Every opcode 0..255 with every command entry size: the device runs an
 * opcode only with its own size (BAD_SIZE otherwise) and refuses unknown
 * opcodes whatever their size, so no opcode reaches another's handler.
 */
QOE_TEST(admin_each_opcode_takes_only_its_size)
{
	static const struct {
		u16 op;
		u16 size;
	} known[] = {
		{ QOE_CMD_QUERY_CAPS, sizeof(struct qoe_cmd_caps) },
		{ QOE_CMD_FLOW_ADD, sizeof(struct qoe_cmd_flow_add) },
		{ QOE_CMD_FLOW_DEL, sizeof(struct qoe_cmd_flow_del) },
		{ QOE_CMD_KEY_INSTALL, sizeof(struct qoe_cmd_key) },
		{ QOE_CMD_KEY_RETIRE, sizeof(struct qoe_cmd_key) },
		{ QOE_CMD_CID_ADD, sizeof(struct qoe_cmd_cid) },
		{ QOE_CMD_CID_DEL, sizeof(struct qoe_cmd_cid) },
		{ QOE_CMD_FLOW_QUERY, QOE_FLOW_QUERY_V1_SIZE },	/* version 1's */
		{ QOE_CMD_RX_RESYNC, sizeof(struct qoe_cmd_rx_resync) },
		{ QOE_CMD_DEV_STATS, sizeof(struct qoe_cmd_dev_stats) },
		{ QOE_CMD_DEV_CONFIG, sizeof(struct qoe_cmd_dev_config) },
	};
	struct qoe_engine *e = test_engine(BE_IPSECMB, 4);
	union {
		struct qoe_cmd_hdr hdr;
		u8 raw[4096];
	} b;
	unsigned int op, i, k;

	for (op = 0; op < 256; op++) {
		int own = -1;

		for (k = 0; k < ARRAY_SIZE(known); k++)
			if (known[k].op == op)
				own = (int)k;
		for (i = 0; i < ARRAY_SIZE(known); i++) {
			u16 size = known[i].size, st;

			memset(&b, 0, sizeof(b));
			b.hdr.opcode = cpu_to_le16(op);
			b.hdr.version = 1;
			b.hdr.size = cpu_to_le16(size);
			QOE_EXPECT_EQ(qoe_engine_admin(e, &b, size), 1);
			st = le16_to_cpu(b.hdr.status);
			if (own < 0 && st != QOE_ST_BAD_OPCODE)
				QOE_FAIL("opcode 0x%02x size %u: status %u, want bad opcode",
					 op, size, st);
			else if (own >= 0 && size != known[own].size &&
				 st != QOE_ST_BAD_SIZE)
				QOE_FAIL("opcode 0x%02x size %u: status %u, want bad size",
					 op, size, st);
			else if (own >= 0 && size == known[own].size &&
				 (st == QOE_ST_BAD_OPCODE || st == QOE_ST_BAD_SIZE))
				QOE_FAIL("opcode 0x%02x, its own size %u: status %u",
					 op, size, st);
		}
	}
	qoe_engine_destroy(e);
}

/* DEV_CONFIG: GRO on by default, switched by its bit only, unknown bits refused. */
QOE_TEST(dev_config_switches_gro)
{
	struct qoe_engine *e = test_engine(BE_IPSECMB, 4);
	struct qoe_host *h = qoe_engine_host(e);
	u32 now = 0xdead;

	QOE_EXPECT_EQ(qoe_host_dev_config(h, 0, 0, &now), QOE_ST_OK);
	QOE_EXPECT_EQ(now, QOE_DEVCFG_GRO);
	QOE_EXPECT_EQ(qoe_host_dev_config(h, QOE_DEVCFG_GRO, 0, &now), QOE_ST_OK);
	QOE_EXPECT_EQ(now, 0);
	QOE_EXPECT_EQ(qoe_engine_dev_flags(e), 0);
	/* bits outside @set are left alone */
	QOE_EXPECT_EQ(qoe_host_dev_config(h, 0, QOE_DEVCFG_GRO, &now), QOE_ST_OK);
	QOE_EXPECT_EQ(now, 0);
	QOE_EXPECT_EQ(qoe_host_dev_config(h, 0x80000000u, 0x80000000u, &now),
		      QOE_ST_BAD_PARAM);
	QOE_EXPECT_EQ(qoe_engine_dev_flags(e), 0);
	QOE_EXPECT_EQ(qoe_host_dev_config(h, QOE_DEVCFG_GRO, QOE_DEVCFG_GRO, &now),
		      QOE_ST_OK);
	QOE_EXPECT_EQ(now, QOE_DEVCFG_GRO);
	qoe_engine_destroy(e);
}

/*
 * FLOW_QUERY version 2 (key_missing) to a device that only knows
 * version 1: the host asks again in version 1 and gets the flow.
 */
QOE_TEST(host_flow_query_falls_back_for_an_older_device)
{
	struct spy_dev s = { .answer = -1, .abi_1_3 = true };
	struct qoe_cmd_flow_query q;
	struct test_pair p;
	struct qoe_host h;

	s.e = test_engine(BE_IPSECMB, 4);
	test_pair_init(s.e, &p, QOE_CIPHER_AES_128_GCM, QOE_FAMILY_IPV4, 8, 0);
	qoe_host_init(&h, &spy_ops, &s);
	memset(&q, 0xee, sizeof(q));
	QOE_EXPECT_EQ(qoe_host_flow_query(&h, p.rx, false, &q), QOE_ST_OK);
	QOE_EXPECT_EQ(s.calls, 2);
	QOE_EXPECT_EQ(s.bad, 0);
	QOE_EXPECT_EQ(q.hdr.version, 1);
	QOE_EXPECT_EQ(le32_to_cpu(q.handle), p.rx);
	QOE_EXPECT_EQ(le64_to_cpu(q.key_missing), 0);
	/* a current device answers version 2 at once */
	s.abi_1_3 = false;
	s.calls = 0;
	QOE_EXPECT_EQ(qoe_host_flow_query(&h, p.rx, false, &q), QOE_ST_OK);
	QOE_EXPECT_EQ(s.calls, 1);
	QOE_EXPECT_EQ(q.hdr.version, 2);
	qoe_engine_destroy(s.e);
}
