// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * Host side of the admin queue: one command entry built, handed to the
 * device through its transport, answered.
 */
#include "qoe_host.h"

static void hdr_init(struct qoe_cmd_hdr *h, u16 opcode, size_t size)
{
	memset(h, 0, size);
	h->opcode = cpu_to_le16(opcode);
	h->version = 1;
	h->size = cpu_to_le16((u16)size);
}

static int run(struct qoe_host *host, struct qoe_cmd_hdr *h)
{
	int n = host->ops->admin(host->dev, h, le16_to_cpu(h->size));

	if (n < 0)
		return QOE_HOST_ST_UNREACHABLE;
	return n == 1 ? le16_to_cpu(h->status) : QOE_ST_BAD_SIZE;
}

int qoe_host_caps(struct qoe_host *h, struct qoe_cmd_caps *caps)
{
	hdr_init(&caps->hdr, QOE_CMD_QUERY_CAPS, sizeof(*caps));
	return run(h, &caps->hdr);
}

int qoe_host_flow_add(struct qoe_host *h, const struct qoe_flow_params *p,
		      u32 *handle)
{
	struct qoe_cmd_flow_add c;
	int st;

	if (p->cid_len > QOE_MAX_CID_LEN)
		return QOE_ST_BAD_PARAM;
	hdr_init(&c.hdr, QOE_CMD_FLOW_ADD, sizeof(c));
	c.dir = p->dir;
	c.cipher = p->cipher;
	c.family = p->family;
	c.cid_len = p->cid_len;
	c.key_phase = p->key_phase;
	c.fail_action = p->fail_action;
	c.hp_key_len = (u8)qoe_cipher_key_len(p->cipher);
	memcpy(c.cid, p->cid, p->cid_len);
	memcpy(c.local_addr, p->local_addr, 16);
	memcpy(c.remote_addr, p->remote_addr, 16);
	c.local_port = cpu_to_be16(p->local_port);
	c.remote_port = cpu_to_be16(p->remote_port);
	c.pn = cpu_to_le64(p->pn);
	memcpy(c.hp_key, p->hp_key, sizeof(c.hp_key));
	st = run(h, &c.hdr);
	*handle = st ? QOE_HANDLE_INVALID : le32_to_cpu(c.handle);
	qoe_wipe(c.hp_key, sizeof(c.hp_key));
	return st;
}
QOE_EXPORT_FOR_TESTS(qoe_host_flow_add);

int qoe_host_flow_del(struct qoe_host *h, u32 handle)
{
	struct qoe_cmd_flow_del c;

	hdr_init(&c.hdr, QOE_CMD_FLOW_DEL, sizeof(c));
	c.handle = cpu_to_le32(handle);
	return run(h, &c.hdr);
}
QOE_EXPORT_FOR_TESTS(qoe_host_flow_del);

static int key_cmd(struct qoe_host *h, u16 op, u32 handle, u8 phase,
		   const u8 *key, size_t key_len, const u8 *iv)
{
	struct qoe_cmd_key c;
	int st;

	if (key_len > QOE_MAX_KEY_LEN)
		return QOE_ST_BAD_PARAM;
	hdr_init(&c.hdr, op, sizeof(c));
	c.handle = cpu_to_le32(handle);
	c.phase = phase;
	c.key_len = (u8)key_len;
	if (key)
		memcpy(c.key, key, key_len);
	if (iv)
		memcpy(c.iv, iv, QOE_IV_LEN);
	st = run(h, &c.hdr);
	qoe_wipe(&c, sizeof(c));
	return st;
}

int qoe_host_key_install(struct qoe_host *h, u32 handle, u8 phase,
			 const u8 *key, size_t key_len,
			 const u8 iv[QOE_IV_LEN])
{
	return key_cmd(h, QOE_CMD_KEY_INSTALL, handle, phase, key, key_len, iv);
}
QOE_EXPORT_FOR_TESTS(qoe_host_key_install);

int qoe_host_key_retire(struct qoe_host *h, u32 handle, u8 phase)
{
	return key_cmd(h, QOE_CMD_KEY_RETIRE, handle, phase, NULL, 0, NULL);
}

static int cid_cmd(struct qoe_host *h, u16 op, u32 handle, const u8 *cid,
		   size_t cid_len)
{
	struct qoe_cmd_cid c;

	if (cid_len > QOE_MAX_CID_LEN)
		return QOE_ST_BAD_PARAM;
	hdr_init(&c.hdr, op, sizeof(c));
	c.handle = cpu_to_le32(handle);
	c.cid_len = (u8)cid_len;
	memcpy(c.cid, cid, cid_len);
	return run(h, &c.hdr);
}

int qoe_host_cid_add(struct qoe_host *h, u32 handle, const u8 *cid,
		     size_t cid_len)
{
	return cid_cmd(h, QOE_CMD_CID_ADD, handle, cid, cid_len);
}

int qoe_host_cid_del(struct qoe_host *h, u32 handle, const u8 *cid,
		     size_t cid_len)
{
	return cid_cmd(h, QOE_CMD_CID_DEL, handle, cid, cid_len);
}

static int flow_query(struct qoe_host *h, u32 handle, bool iter,
		      struct qoe_cmd_flow_query *q, u8 version, size_t size)
{
	hdr_init(&q->hdr, QOE_CMD_FLOW_QUERY, size);
	q->hdr.version = version;
	q->hdr.flags = iter ? QOE_CMDF_ITER : 0;
	q->handle = cpu_to_le32(handle);
	return run(h, &q->hdr);
}

/*
 * Version 2 (key_missing); a device older than ABI 1.4 answers BAD_VERSION
 * and is asked version 1, key_missing left 0.
 */
int qoe_host_flow_query(struct qoe_host *h, u32 handle, bool iter,
			struct qoe_cmd_flow_query *q)
{
	int st = flow_query(h, handle, iter, q, QOE_FLOW_QUERY_VERSION, sizeof(*q));

	if (st != QOE_ST_BAD_VERSION)
		return st;
	q->key_missing = 0;	/* past the version 1 entry */
	return flow_query(h, handle, iter, q, 1, QOE_FLOW_QUERY_V1_SIZE);
}

int qoe_host_rx_resync(struct qoe_host *h, u32 handle, u64 largest_pn)
{
	struct qoe_cmd_rx_resync c;

	hdr_init(&c.hdr, QOE_CMD_RX_RESYNC, sizeof(c));
	c.handle = cpu_to_le32(handle);
	c.largest_pn = cpu_to_le64(largest_pn);
	return run(h, &c.hdr);
}
QOE_EXPORT_FOR_TESTS(qoe_host_rx_resync);

int qoe_host_dev_stats(struct qoe_host *h, u64 counters[QOE_STAT_MAX])
{
	struct qoe_cmd_dev_stats s;
	int st, i;

	hdr_init(&s.hdr, QOE_CMD_DEV_STATS, sizeof(s));
	st = run(h, &s.hdr);
	for (i = 0; i < QOE_STAT_MAX; i++)
		counters[i] = st ? 0 : le64_to_cpu(s.counters[i]);
	return st;
}
QOE_EXPORT_FOR_TESTS(qoe_host_dev_stats);

int qoe_host_dev_config(struct qoe_host *h, u32 set, u32 flags, u32 *now)
{
	struct qoe_cmd_dev_config c;
	int st;

	hdr_init(&c.hdr, QOE_CMD_DEV_CONFIG, sizeof(c));
	c.set = cpu_to_le32(set);
	c.flags = cpu_to_le32(flags);
	st = run(h, &c.hdr);
	if (now)
		*now = st ? 0 : le32_to_cpu(c.flags);
	return st;
}

int qoe_status_to_errno(int status)
{
	switch (status) {
	case QOE_ST_OK:
		return 0;
	case QOE_ST_NO_SPACE:
		return -ENOSPC;
	case QOE_ST_NO_FLOW:
		return -ENOENT;
	case QOE_ST_EXISTS:
		return -EEXIST;
	case QOE_ST_KEY_MISSING:
		return -ENOKEY;
	case QOE_ST_AUTH_FAIL:
		return -EBADMSG;
	case QOE_ST_KEY_EXHAUSTED:
		return -EKEYEXPIRED;
	case QOE_ST_NO_MEM:
		return -ENOMEM;
	case QOE_ST_BAD_OPCODE:
	case QOE_ST_BAD_VERSION:
		return -EOPNOTSUPP;
	case QOE_HOST_ST_UNREACHABLE:
		return -ENODEV;
	default:
		return -EINVAL;
	}
}
