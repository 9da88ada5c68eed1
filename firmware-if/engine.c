// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/* Engine lifetime and the admin command queue. */
#include "engine_priv.h"

const char *const qoe_stat_names[QOE_STAT_MAX] = {
	[QOE_STAT_TX_PACKETS] = "tx_packets",
	[QOE_STAT_TX_BYTES] = "tx_bytes",
	[QOE_STAT_TX_GSO_REQS] = "tx_gso_reqs",
	[QOE_STAT_TX_DROP_NO_FLOW] = "tx_drop_no_flow",
	[QOE_STAT_TX_DROP_NO_KEY] = "tx_drop_no_key",
	[QOE_STAT_TX_DROP_MALFORMED] = "tx_drop_malformed",
	[QOE_STAT_TX_DROP_BAD_CID] = "tx_drop_bad_cid",
	[QOE_STAT_TX_DROP_EXHAUSTED] = "tx_drop_key_exhausted",
	[QOE_STAT_RX_PACKETS] = "rx_packets",
	[QOE_STAT_RX_BYTES] = "rx_bytes",
	[QOE_STAT_RX_AUTH_FAIL] = "rx_auth_fail",
	[QOE_STAT_RX_NO_FLOW] = "rx_no_flow",
	[QOE_STAT_RX_KEY_MISSING] = "rx_key_missing",
	[QOE_STAT_RX_MALFORMED] = "rx_malformed",
	[QOE_STAT_RX_NOT_QUIC] = "rx_not_quic",
	[QOE_STAT_RX_GRO_MERGED] = "rx_gro_merged",
	[QOE_STAT_KEY_UPDATES] = "key_updates",
	[QOE_STAT_EVENTS_LOST] = "events_lost",
	[QOE_STAT_FLOWS] = "flows",
	[QOE_STAT_RX_INTEGRITY_LIMIT] = "rx_integrity_limit",
	[QOE_STAT_RX_BAD_CSUM] = "rx_bad_csum",
};

const char *qoe_status_name(unsigned int status)
{
	static const char *const names[QOE_ST_MAX + 1] = {
		"ok", "bad opcode", "bad version", "bad size", "bad parameter",
		"no space", "no such flow", "exists", "key missing",
		"authentication failed", "malformed", "wrong connection ID",
		"key exhausted", "not QUIC short header", "out of memory",
	};

	return status <= QOE_ST_MAX ? names[status] : "unknown status";
}

const char *qoe_cipher_name(unsigned int cipher)
{
	switch (cipher) {
	case QOE_CIPHER_AES_128_GCM:
		return "aes-128-gcm";
	case QOE_CIPHER_AES_256_GCM:
		return "aes-256-gcm";
	case QOE_CIPHER_CHACHA20_POLY1305:
		return "chacha20-poly1305";
	default:
		return "unknown";
	}
}

/* The cipher a qoe_cipher_name() string names, or -EINVAL. */
int qoe_cipher_from_name(const char *name)
{
	unsigned int c;

	for (c = 1; c <= QOE_CIPHER_MAX; c++)
		if (!strcmp(name, qoe_cipher_name(c)))
			return (int)c;
	return -EINVAL;
}

struct qoe_engine *qoe_engine_create(const struct qoe_engine_cfg *cfg)
{
	struct qoe_engine *e;
	size_t hp_n;

	if (!cfg->crypto || !cfg->crypto->ops || !cfg->max_flows ||
	    cfg->max_flows > QOE_HANDLE_SLOT_MASK + 1)
		return NULL;
	e = qoe_zalloc(sizeof(*e));
	if (!e)
		return NULL;
	e->crypto = *cfg->crypto;
	e->max_flows = cfg->max_flows;
	e->max_cids = cfg->max_cids ? cfg->max_cids : 2 * cfg->max_flows;
	e->max_gso_segs = cfg->max_gso_segs ? cfg->max_gso_segs
					    : QOE_DEF_GSO_SEGS;
	e->max_gro_segs = cfg->max_gro_segs ? cfg->max_gro_segs
					    : QOE_DEF_GRO_SEGS;
	e->aead_limit = cfg->aead_limit;
	e->integrity_limit = cfg->integrity_limit;
	hp_n = e->max_gso_segs > QOE_RX_BATCH ? e->max_gso_segs : QOE_RX_BATCH;
	e->hp_samples = qoe_zalloc(hp_n * QOE_HP_SAMPLE_LEN);
	e->hp_masks = qoe_zalloc(hp_n * QOE_HP_SAMPLE_LEN);
	if (!e->hp_samples || !e->hp_masks || qoe_flow_table_init(e) ||
	    qoe_events_init(e, cfg->event_ring ? cfg->event_ring
					       : QOE_DEF_EVENTS)) {
		qoe_engine_destroy(e);
		return NULL;
	}
	return e;
}

void qoe_engine_destroy(struct qoe_engine *e)
{
	if (!e)
		return;
	qoe_flow_table_fini(e);
	qoe_events_fini(e);
	qoe_free(e->hp_samples);
	qoe_free(e->hp_masks);
	qoe_free(e);
}

static int cmd_caps(struct qoe_engine *e, struct qoe_cmd_caps *c)
{
	c->abi_version = cpu_to_le16(QOE_ABI_VERSION);
	c->ciphers = cpu_to_le16(1 << QOE_CIPHER_AES_128_GCM |
				 1 << QOE_CIPHER_AES_256_GCM |
				 1 << QOE_CIPHER_CHACHA20_POLY1305);
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

/* Entry size each opcode takes; 0: unknown opcode. */
static size_t cmd_size(u16 opcode)
{
	switch (opcode) {
	case QOE_CMD_QUERY_CAPS:
		return sizeof(struct qoe_cmd_caps);
	case QOE_CMD_FLOW_ADD:
		return sizeof(struct qoe_cmd_flow_add);
	case QOE_CMD_FLOW_DEL:
		return sizeof(struct qoe_cmd_flow_del);
	case QOE_CMD_KEY_INSTALL:
	case QOE_CMD_KEY_RETIRE:
		return sizeof(struct qoe_cmd_key);
	case QOE_CMD_CID_ADD:
	case QOE_CMD_CID_DEL:
		return sizeof(struct qoe_cmd_cid);
	case QOE_CMD_FLOW_QUERY:
		return sizeof(struct qoe_cmd_flow_query);
	case QOE_CMD_RX_RESYNC:
		return sizeof(struct qoe_cmd_rx_resync);
	case QOE_CMD_DEV_STATS:
		return sizeof(struct qoe_cmd_dev_stats);
	default:
		return 0;
	}
}

static int cmd_run(struct qoe_engine *e, struct qoe_cmd_hdr *h)
{
	u16 op = le16_to_cpu(h->opcode);
	size_t want = cmd_size(op);

	if (!want)
		return QOE_ST_BAD_OPCODE;
	if (h->version != 1)
		return QOE_ST_BAD_VERSION;
	if (le16_to_cpu(h->size) != want)
		return QOE_ST_BAD_SIZE;
	if (h->flags & ~(op == QOE_CMD_FLOW_QUERY ? QOE_CMDF_ITER : 0))
		return QOE_ST_BAD_PARAM;
	switch (op) {
	case QOE_CMD_QUERY_CAPS:
		return cmd_caps(e, (struct qoe_cmd_caps *)h);
	case QOE_CMD_FLOW_ADD:
		return qoe_flow_add(e, (struct qoe_cmd_flow_add *)h);
	case QOE_CMD_FLOW_DEL:
		return qoe_flow_del(e, le32_to_cpu(((struct qoe_cmd_flow_del *)h)->handle));
	case QOE_CMD_KEY_INSTALL:
	case QOE_CMD_KEY_RETIRE:
		return cmd_key(e, (struct qoe_cmd_key *)h,
			       op == QOE_CMD_KEY_INSTALL);
	case QOE_CMD_CID_ADD:
	case QOE_CMD_CID_DEL:
		return cmd_cid(e, (struct qoe_cmd_cid *)h, op == QOE_CMD_CID_ADD);
	case QOE_CMD_FLOW_QUERY:
		return cmd_query(e, (struct qoe_cmd_flow_query *)h);
	case QOE_CMD_RX_RESYNC:
		return cmd_resync(e, (struct qoe_cmd_rx_resync *)h);
	default:
		return cmd_stats(e, (struct qoe_cmd_dev_stats *)h);
	}
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
