// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * libFuzzer harness for the admin command buffer: what a host (or a
 * hostile guest behind a virtio queue) writes into qoe_engine_admin().
 *
 * The input is a list of entries.  Byte 0 of each picks the shape: mostly
 * a well-sized entry of a real opcode (version 1, the struct's size) with
 * fuzzed fields, so the fuzzer reaches flow add/del, keys, CIDs, queries
 * and resync with state that builds up; sometimes the raw bytes as they
 * come, header and size included.  Oracles on every input: no crash or
 * sanitizer report (leaks included, at destroy); a return of -EINVAL or
 * the number of entries; every entry the engine ran has a known status;
 * the flows counter equals the flows a full ITER walk finds.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"

static struct qoe_crypto crypto;

static const struct {
	u16 op;
	u16 size;
} shapes[] = {
	{ QOE_CMD_QUERY_CAPS, sizeof(struct qoe_cmd_caps) },
	{ QOE_CMD_FLOW_ADD, sizeof(struct qoe_cmd_flow_add) },
	{ QOE_CMD_FLOW_DEL, sizeof(struct qoe_cmd_flow_del) },
	{ QOE_CMD_KEY_INSTALL, sizeof(struct qoe_cmd_key) },
	{ QOE_CMD_KEY_RETIRE, sizeof(struct qoe_cmd_key) },
	{ QOE_CMD_CID_ADD, sizeof(struct qoe_cmd_cid) },
	{ QOE_CMD_CID_DEL, sizeof(struct qoe_cmd_cid) },
	{ QOE_CMD_FLOW_QUERY, sizeof(struct qoe_cmd_flow_query) },
	{ QOE_CMD_RX_RESYNC, sizeof(struct qoe_cmd_rx_resync) },
	{ QOE_CMD_DEV_STATS, sizeof(struct qoe_cmd_dev_stats) },
	{ QOE_CMD_DEV_CONFIG, sizeof(struct qoe_cmd_dev_config) },
};

#define N_SHAPES	(sizeof(shapes) / sizeof(shapes[0]))

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_crypto_init(&crypto);
	return 0;
}

/* Handles in flow bodies: point them at live flows most of the time. */
static u32 live_handle(struct qoe_engine *e, u8 pick)
{
	struct qoe_cmd_flow_query q;
	u32 cursor = 0, h = QOE_HANDLE_INVALID;

	for (u8 i = 0; i <= (pick & 3); i++) {
		if (qoe_host_flow_query(qoe_engine_host(e), cursor, true, &q))
			break;
		h = le32_to_cpu(q.handle);
		cursor = le32_to_cpu(q.next);
	}
	return h;
}

static void check_flows(struct qoe_engine *e)
{
	struct qoe_cmd_flow_query q;
	u64 st[QOE_STAT_MAX];
	u32 cursor = 0, n = 0;

	while (!qoe_host_flow_query(qoe_engine_host(e), cursor, true, &q)) {
		u32 next = le32_to_cpu(q.next);

		if (next <= cursor)
			abort();	/* the walk must move on */
		cursor = next;
		n++;
	}
	if (qoe_host_dev_stats(qoe_engine_host(e), st) || st[QOE_STAT_FLOWS] != n)
		abort();
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);
int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static u64 buf64[4096 / 8];
	struct qoe_engine_cfg cfg = { .max_flows = 8, .max_cids = 16,
				      .crypto = &crypto };
	u8 *buf = (u8 *)buf64;
	struct qoe_engine *e;
	size_t off = 0;

	e = qoe_engine_create(&cfg);
	if (!e)
		abort();
	while (off < size) {
		u8 shape = data[off++];
		size_t len, take;
		int n;

		memset(buf64, 0, sizeof(buf64));
		if (shape & 0x80) {
			/* raw: header, size and all, from the input */
			size_t want = (size_t)(shape & 0x7f) * 8;

			take = size - off < sizeof(buf64) ? size - off : sizeof(buf64);
			if (want && want < take)
				take = want;
			memcpy(buf, data + off, take);
			len = take;
		} else {
			struct qoe_cmd_hdr *h = (struct qoe_cmd_hdr *)buf;
			u16 sz = shapes[shape % N_SHAPES].size;

			take = size - off < sz - sizeof(*h) ? size - off : sz - sizeof(*h);
			memcpy(buf + sizeof(*h), data + off, take);
			h->opcode = cpu_to_le16(shapes[shape % N_SHAPES].op);
			h->version = 1;
			h->flags = shapes[shape % N_SHAPES].op == QOE_CMD_FLOW_QUERY &&
				   (shape & 0x40) ? QOE_CMDF_ITER : 0;
			h->size = cpu_to_le16(sz);
			/* the handle every flow body starts with: a live one */
			if (shape & 0x20 && sz >= sizeof(*h) + 4) {
				u32 lh = cpu_to_le32(live_handle(e, shape));

				memcpy(buf + sizeof(*h), &lh, 4);
			}
			len = sz;
		}
		off += take;
		n = qoe_engine_admin(e, buf, len);
		if (n < -EINVAL || (n >= 0 && (size_t)n * sizeof(struct qoe_cmd_hdr) > len))
			abort();
		for (size_t o = 0, i = 0; n > 0 && i < (size_t)n; i++) {
			struct qoe_cmd_hdr *h = (struct qoe_cmd_hdr *)(buf + o);

			if (le16_to_cpu(h->status) > QOE_ST_MAX)
				abort();
			o += le16_to_cpu(h->size);
		}
		check_flows(e);
	}
	qoe_engine_destroy(e);
	return 0;
}
