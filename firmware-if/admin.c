// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * The device side of the admin queue: entries laid end to end, each run by
 * its opcode's row in one table, each answered in place with a status.
 */
#include "engine_priv.h"

static int cmd_caps(struct qoe_engine *e, struct qoe_cmd_caps *c)
{
	c->abi_version = cpu_to_le16(QOE_ABI_VERSION);
	c->ciphers = cpu_to_le16(qoe_cipher_bitmap());
	c->features = cpu_to_le32(QOE_FEAT_TX_CRYPTO | QOE_FEAT_RX_CRYPTO |
				  QOE_FEAT_TX_GSO | QOE_FEAT_RX_GRO |
				  QOE_FEAT_KEY_UPDATE | QOE_FEAT_IPV6 |
				  QOE_FEAT_EVENTS);
	c->max_flows = cpu_to_le32(e->max_flows);
	c->max_cids = cpu_to_le32(e->max_cids);
	c->max_cid_len = QOE_MAX_CID_LEN;
	memset(c->rsvd, 0, sizeof(c->rsvd));
	c->max_gso_segs = cpu_to_le16(e->max_gso_segs);
	c->max_gro_segs = cpu_to_le16(e->max_gro_segs);
	return QOE_ST_OK;
}

static int cmd_key(struct qoe_engine *e, struct qoe_cmd_key *c, bool install)
{
	struct qoe_flow *f = qoe_flow_get(e, le32_to_cpu(c->handle));

	if (!f)
		return QOE_ST_NO_FLOW;
	if (c->phase > 1)
		return QOE_ST_BAD_PARAM;
	if (!install) {
		if (!f->key[c->phase].aead)
			return QOE_ST_KEY_MISSING;
		qoe_key_retire(e, f, c->phase);
		return QOE_ST_OK;
	}
	return qoe_key_install(e, f, c->phase, c->key, c->key_len, c->iv);
}

static int cmd_cid(struct qoe_engine *e, struct qoe_cmd_cid *c, bool add)
{
	struct qoe_flow *f = qoe_flow_get(e, le32_to_cpu(c->handle));

	if (!f)
		return QOE_ST_NO_FLOW;
	return add ? qoe_cid_add(e, f, c->cid, c->cid_len)
		   : qoe_cid_del(e, f, c->cid, c->cid_len);
}

static void fill_query(const struct qoe_engine *e, const struct qoe_flow *f,
		       struct qoe_cmd_flow_query *q)
{
	q->handle = cpu_to_le32(f->handle);
	q->dir = f->dir;
	q->cipher = f->cipher;
	q->cur_phase = f->cur_phase;
	q->keys_valid = qoe_flow_state(e, f);
	q->family = f->family;
	q->cid_len = f->cid_len;
	q->fail_action = f->fail_action;
	q->n_cids = f->n_cids;
	q->local_port = f->local_port;
	q->remote_port = f->remote_port;
	memset(q->cid, 0, sizeof(q->cid));
	memcpy(q->cid, f->cid, f->cid_len);
	q->next = 0;
	memcpy(q->local_addr, f->local_addr, 16);
	memcpy(q->remote_addr, f->remote_addr, 16);
	q->packets = cpu_to_le64(f->packets);
	q->bytes = cpu_to_le64(f->bytes);
	q->auth_fail = cpu_to_le64(f->auth_fail);
	q->drops = cpu_to_le64(f->drops);
	q->key_updates = cpu_to_le64(f->key_updates);
	q->pn = cpu_to_le64(f->pn);
	q->key_packets[0] = cpu_to_le64(f->key[0].packets);
	q->key_packets[1] = cpu_to_le64(f->key[1].packets);
	/* a version 1 entry ends before it */
	if (q->hdr.version >= 2)
		q->key_missing = cpu_to_le64(f->key_missing);
}

static int cmd_query(struct qoe_engine *e, struct qoe_cmd_flow_query *q)
{
	u32 handle = le32_to_cpu(q->handle), slot;
	struct qoe_flow *f;

	if (!(q->hdr.flags & QOE_CMDF_ITER)) {
		f = qoe_flow_get(e, handle);
		if (!f)
			return QOE_ST_NO_FLOW;
		fill_query(e, f, q);
		return QOE_ST_OK;
	}
	/* with ITER, @handle is a cursor: a slot, 0 to start */
	for (slot = handle; slot < e->max_flows; slot++) {
		f = &e->flows[slot];
		if (f->handle) {
			fill_query(e, f, q);
			q->next = cpu_to_le32(slot + 1);
			return QOE_ST_OK;
		}
	}
	return QOE_ST_NO_FLOW;
}

static int cmd_resync(struct qoe_engine *e, struct qoe_cmd_rx_resync *c)
{
	struct qoe_flow *f = qoe_flow_get(e, le32_to_cpu(c->handle));
	u64 pn = le64_to_cpu(c->largest_pn);

	if (!f || f->dir != QOE_DIR_RX)
		return QOE_ST_NO_FLOW;
	if (pn > QOE_PN_MAX && pn != QOE_PN_NONE)
		return QOE_ST_BAD_PARAM;
	f->pn = pn;
	return QOE_ST_OK;
}

static int cmd_stats(struct qoe_engine *e, struct qoe_cmd_dev_stats *s)
{
	u32 i;

	s->n_counters = cpu_to_le32(QOE_STAT_MAX);
	s->rsvd = 0;
	for (i = 0; i < QOE_STATS_SLOTS; i++)
		s->counters[i] = cpu_to_le64(i < QOE_STAT_MAX ? e->stats[i] : 0);
	return QOE_ST_OK;
}

static int op_dev_config(struct qoe_engine *e, struct qoe_cmd_hdr *h)
{
	struct qoe_cmd_dev_config *c = (struct qoe_cmd_dev_config *)h;
	u32 set = le32_to_cpu(c->set);

	if (set & ~QOE_DEVCFG_ALL)
		return QOE_ST_BAD_PARAM;
	e->dev_flags = (e->dev_flags & ~set) | (le32_to_cpu(c->flags) & set);
	c->flags = cpu_to_le32(e->dev_flags);
	return QOE_ST_OK;
}

static int op_caps(struct qoe_engine *e, struct qoe_cmd_hdr *h)
{
	return cmd_caps(e, (struct qoe_cmd_caps *)h);
}

static int op_flow_add(struct qoe_engine *e, struct qoe_cmd_hdr *h)
{
	return qoe_flow_add(e, (struct qoe_cmd_flow_add *)h);
}

static int op_flow_del(struct qoe_engine *e, struct qoe_cmd_hdr *h)
{
	return qoe_flow_del(e, le32_to_cpu(((struct qoe_cmd_flow_del *)h)->handle));
}

static int op_key_install(struct qoe_engine *e, struct qoe_cmd_hdr *h)
{
	return cmd_key(e, (struct qoe_cmd_key *)h, true);
}

static int op_key_retire(struct qoe_engine *e, struct qoe_cmd_hdr *h)
{
	return cmd_key(e, (struct qoe_cmd_key *)h, false);
}

static int op_cid_add(struct qoe_engine *e, struct qoe_cmd_hdr *h)
{
	return cmd_cid(e, (struct qoe_cmd_cid *)h, true);
}

static int op_cid_del(struct qoe_engine *e, struct qoe_cmd_hdr *h)
{
	return cmd_cid(e, (struct qoe_cmd_cid *)h, false);
}

static int op_query(struct qoe_engine *e, struct qoe_cmd_hdr *h)
{
	return cmd_query(e, (struct qoe_cmd_flow_query *)h);
}

static int op_resync(struct qoe_engine *e, struct qoe_cmd_hdr *h)
{
	return cmd_resync(e, (struct qoe_cmd_rx_resync *)h);
}

static int op_stats(struct qoe_engine *e, struct qoe_cmd_hdr *h)
{
	return cmd_stats(e, (struct qoe_cmd_dev_stats *)h);
}

/**
 * struct qoe_admin_op - how the device runs one opcode
 * @size: the entry size the opcode takes, exactly
 * @flags: header flags it accepts
 * @run: its handler, given an entry of the size its version has
 *
 * One row per opcode: the size check and the handler cannot disagree, and
 * an opcode without a row (or a hole) is refused, never run by another
 * opcode's handler.
 */
struct qoe_admin_op {
	u16 size[2];		/* of versions 1 and 2; 0: no such version */
	u8 flags;
	int (*run)(struct qoe_engine *e, struct qoe_cmd_hdr *h);
};

#define QOE_ADMIN_OP(op, type, fl, fn) \
	[op] = { .size = { sizeof(type) }, .flags = (fl), .run = (fn) }

static const struct qoe_admin_op qoe_admin_ops[] = {
	QOE_ADMIN_OP(QOE_CMD_QUERY_CAPS, struct qoe_cmd_caps, 0, op_caps),
	QOE_ADMIN_OP(QOE_CMD_FLOW_ADD, struct qoe_cmd_flow_add, 0, op_flow_add),
	QOE_ADMIN_OP(QOE_CMD_FLOW_DEL, struct qoe_cmd_flow_del, 0, op_flow_del),
	QOE_ADMIN_OP(QOE_CMD_KEY_INSTALL, struct qoe_cmd_key, 0, op_key_install),
	QOE_ADMIN_OP(QOE_CMD_KEY_RETIRE, struct qoe_cmd_key, 0, op_key_retire),
	QOE_ADMIN_OP(QOE_CMD_CID_ADD, struct qoe_cmd_cid, 0, op_cid_add),
	QOE_ADMIN_OP(QOE_CMD_CID_DEL, struct qoe_cmd_cid, 0, op_cid_del),
	/* version 2 (ABI 1.4) adds key_missing */
	[QOE_CMD_FLOW_QUERY] = {
		.size = { QOE_FLOW_QUERY_V1_SIZE, sizeof(struct qoe_cmd_flow_query) },
		.flags = QOE_CMDF_ITER, .run = op_query,
	},
	QOE_ADMIN_OP(QOE_CMD_RX_RESYNC, struct qoe_cmd_rx_resync, 0, op_resync),
	QOE_ADMIN_OP(QOE_CMD_DEV_STATS, struct qoe_cmd_dev_stats, 0, op_stats),
	QOE_ADMIN_OP(QOE_CMD_DEV_CONFIG, struct qoe_cmd_dev_config, 0,
		     op_dev_config),
};

static int cmd_run(struct qoe_engine *e, struct qoe_cmd_hdr *h)
{
	u16 op = le16_to_cpu(h->opcode);
	const struct qoe_admin_op *o;

	if (op >= ARRAY_SIZE(qoe_admin_ops) || !qoe_admin_ops[op].run)
		return QOE_ST_BAD_OPCODE;
	o = &qoe_admin_ops[op];
	if (!h->version || h->version > ARRAY_SIZE(o->size) ||
	    !o->size[h->version - 1])
		return QOE_ST_BAD_VERSION;
	if (le16_to_cpu(h->size) != o->size[h->version - 1])
		return QOE_ST_BAD_SIZE;
	if (h->flags & ~o->flags)
		return QOE_ST_BAD_PARAM;
	return o->run(e, h);
}

int qoe_engine_admin(struct qoe_engine *e, void *buf, size_t len)
{
	u8 *p = buf;
	size_t off = 0;
	int n = 0;

	while (off < len) {
		struct qoe_cmd_hdr *h = (struct qoe_cmd_hdr *)(p + off);
		size_t size;

		if (len - off < sizeof(*h))
			return -EINVAL;
		size = le16_to_cpu(h->size);
		/* entries stay 8-byte aligned so every struct can be cast */
		if (size < sizeof(*h) || size > len - off || size % 8)
			return -EINVAL;
		h->status = cpu_to_le16(cmd_run(e, h));
		off += size;
		n++;
	}
	return n;
}
