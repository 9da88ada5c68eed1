// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * The admin queue of a device with several queue pairs, each with an
 * engine of its own: every entry runs on the engine of the pair it
 * concerns.  A new flow goes to the pair its 4-tuple hashes to; a handle
 * names its pair in the top bits (QOE_VQ_HANDLE_PAIR()), which the engines
 * never see; device-wide commands run on every engine and are answered as
 * one.  With one pair this is exactly the engine's own admin queue.
 */
#include <string.h>

#include "qoe_vdev.h"

#define PAIR_MASK	((1u << QOE_VQ_PAIR_SHIFT) - 1)

/* Entries that name a flow all carry its handle right after the header. */
struct cmd_with_handle {
	struct qoe_cmd_hdr hdr;
	__le32 handle;
};

/* One entry, its framing already checked: the engine answers in place. */
static void run_on(struct qoe_engine *e, struct qoe_cmd_hdr *h, size_t size)
{
	qoe_engine_admin(e, h, size);
}

static uint16_t status_of(const struct qoe_cmd_hdr *h)
{
	return le16toh(h->status);
}

static void flow_add(struct qoe_vdev *v, struct qoe_cmd_hdr *h, size_t size)
{
	struct qoe_cmd_flow_add *c = (struct qoe_cmd_flow_add *)h;
	unsigned int k = 0;

	if (size == sizeof(*c) && v->n_pairs > 1 &&
	    (c->family == QOE_FAMILY_IPV4 || c->family == QOE_FAMILY_IPV6))
		k = qoe_rss_hash(c->family, c->local_addr, c->local_port,
				 c->remote_addr, c->remote_port) % v->n_pairs;
	run_on(v->pair[k].engine, h, size);
	if (status_of(h) != QOE_ST_OK)
		return;
	/* from now on a flow lives in its pair: the pairs stay as they are */
	v->placed = true;
	c->handle = htole32(le32toh(c->handle) | k << QOE_VQ_PAIR_SHIFT);
}

/* Entries naming one flow: its pair's engine, with the engine's handle. */
static void flow_cmd(struct qoe_vdev *v, struct qoe_cmd_hdr *h, size_t size)
{
	struct cmd_with_handle *c = (struct cmd_with_handle *)h;
	uint32_t handle, k;
	__le32 out;

	if (size < sizeof(*c)) {
		run_on(v->pair[0].engine, h, size);	/* BAD_SIZE */
		return;
	}
	handle = le32toh(c->handle);
	k = QOE_VQ_HANDLE_PAIR(handle);
	/* a pair we do not have: no such flow, as any stale handle */
	c->handle = htole32(k < v->n_pairs ? handle & PAIR_MASK :
			    QOE_HANDLE_INVALID);
	run_on(v->pair[k < v->n_pairs ? k : 0].engine, h, size);
	out = c->handle;
	c->handle = htole32(handle);
	/* FLOW_QUERY answers with the flow's handle: the device's */
	if (le16toh(h->opcode) == QOE_CMD_FLOW_QUERY &&
	    status_of(h) == QOE_ST_OK)
		c->handle = htole32(le32toh(out) | k << QOE_VQ_PAIR_SHIFT);
}

/*
 * FLOW_QUERY with ITER: the cursor is the pair in the top bits and the
 * engine's cursor below; a pair walked to its end goes on with the next.
 */
static void flow_walk(struct qoe_vdev *v, struct qoe_cmd_hdr *h, size_t size)
{
	struct qoe_cmd_flow_query *q = (struct qoe_cmd_flow_query *)h;
	uint32_t cursor = le32toh(q->handle), k = QOE_VQ_HANDLE_PAIR(cursor);

	cursor &= PAIR_MASK;
	for (; k < v->n_pairs; k++, cursor = 0) {
		q->handle = htole32(cursor);
		run_on(v->pair[k].engine, h, size);
		if (status_of(h) != QOE_ST_NO_FLOW)
			break;
	}
	if (k >= v->n_pairs) {
		h->status = htole16(QOE_ST_NO_FLOW);
		return;
	}
	if (status_of(h) != QOE_ST_OK)
		return;
	q->handle = htole32(le32toh(q->handle) | k << QOE_VQ_PAIR_SHIFT);
	q->next = htole32(le32toh(q->next) | k << QOE_VQ_PAIR_SHIFT);
}

static void dev_stats(struct qoe_vdev *v, struct qoe_cmd_hdr *h, size_t size)
{
	struct qoe_cmd_dev_stats *s = (struct qoe_cmd_dev_stats *)h;
	uint64_t sum[QOE_STATS_SLOTS] = { 0 };
	unsigned int k, i;

	for (k = 0; k < v->n_pairs; k++) {
		run_on(v->pair[k].engine, h, size);
		if (status_of(h) != QOE_ST_OK)
			return;
		for (i = 0; i < QOE_STATS_SLOTS; i++)
			sum[i] += le64toh(s->counters[i]);
	}
	for (i = 0; i < QOE_STATS_SLOTS; i++)
		s->counters[i] = htole64(sum[i]);
}

/* Every engine, the same request: the last answer is everyone's. */
static void each_pair(struct qoe_vdev *v, struct qoe_cmd_hdr *h, size_t size)
{
	uint8_t req[sizeof(struct qoe_cmd_dev_config)];
	unsigned int k;

	if (size != sizeof(req)) {
		run_on(v->pair[0].engine, h, size);	/* BAD_SIZE */
		return;
	}
	memcpy(req, h, size);
	for (k = 0; k < v->n_pairs; k++) {
		memcpy(h, req, size);
		run_on(v->pair[k].engine, h, size);
	}
}

static void caps(struct qoe_vdev *v, struct qoe_cmd_hdr *h, size_t size)
{
	struct qoe_cmd_caps *c = (struct qoe_cmd_caps *)h;

	run_on(v->pair[0].engine, h, size);
	if (status_of(h) != QOE_ST_OK)
		return;
	/* every pair has the geometry; a flow fits if its own has room */
	c->max_flows = htole32(le32toh(c->max_flows) * v->n_pairs);
	c->max_cids = htole32(le32toh(c->max_cids) * v->n_pairs);
}

int qoe_vdev_admin(struct qoe_vdev *v, uint8_t *buf, size_t len)
{
	size_t off = 0, size;
	struct qoe_cmd_hdr *h;
	int n = 0;

	while (off < len) {
		h = (struct qoe_cmd_hdr *)(buf + off);
		if (len - off < sizeof(*h))
			return -EINVAL;
		size = le16toh(h->size);
		/* the engine's framing rules: it would refuse the same */
		if (size < sizeof(*h) || size > len - off || size % 8)
			return -EINVAL;
		switch (le16toh(h->opcode)) {
		case QOE_CMD_QUERY_CAPS:
			caps(v, h, size);
			break;
		case QOE_CMD_FLOW_ADD:
			flow_add(v, h, size);
			break;
		case QOE_CMD_FLOW_QUERY:
			/* either version: the cursor fields are in both */
			if (h->flags & QOE_CMDF_ITER &&
			    (size == QOE_FLOW_QUERY_V1_SIZE ||
			     size == sizeof(struct qoe_cmd_flow_query))) {
				flow_walk(v, h, size);
				break;
			}
			flow_cmd(v, h, size);
			break;
		case QOE_CMD_FLOW_DEL:
		case QOE_CMD_KEY_INSTALL:
		case QOE_CMD_KEY_RETIRE:
		case QOE_CMD_CID_ADD:
		case QOE_CMD_CID_DEL:
		case QOE_CMD_RX_RESYNC:
			flow_cmd(v, h, size);
			break;
		case QOE_CMD_DEV_STATS:
			dev_stats(v, h, size);
			break;
		case QOE_CMD_DEV_CONFIG:
			each_pair(v, h, size);
			break;
		default:
			run_on(v->pair[0].engine, h, size);	/* BAD_OPCODE */
			break;
		}
		off += size;
		n++;
	}
	return n;
}
