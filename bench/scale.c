// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * Cost against scale: an RX engine holding N flows (distinct CIDs and keys)
 * receives bursts of 32 packets for flows picked at random, through the
 * burst API as a NIC or PMD delivers them, so the lookup and the flows' key
 * state miss the cache as they would on a busy server.  Small packets,
 * so the per-packet fixed cost is not hidden behind the AEAD.  Memory per
 * flow is what the process's resident set grew by for N flows: the engine
 * maps its tables and the backend its key contexts, not from the heap.
 */
#include "bench.h"

#include <stdlib.h>
#include <unistd.h>

#define QOE_BENCH_SCALE_PAYLOAD	48
#define QOE_BENCH_SCALE_CAP		128
/* a NIC's or PMD's RX burst: packets of random flows, one call */
#define QOE_BENCH_SCALE_CHUNK		32

struct qoe_bench_scale {
	struct qoe_engine *e;
	u32 flows, pool, next;
	u8 *pkts, *work;
	u32 *len;
	struct qoe_buf b[QOE_BENCH_SCALE_CHUNK];
	double bytes_per_flow;
	double table_per_flow;	/* of bytes_per_flow: what engine_create took */
};

static size_t qoe_bench_rss(void)
{
	unsigned long size = 0, rss = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	if (f) {
		if (fscanf(f, "%lu %lu", &size, &rss) != 2)
			rss = 0;
		fclose(f);
	}
	return rss * (size_t)sysconf(_SC_PAGESIZE);
}

u32 qoe_bench_scale_flows(const struct qoe_bench_scale *s)
{
	return s->flows;
}

double qoe_bench_scale_bytes_per_flow(const struct qoe_bench_scale *s)
{
	return s->bytes_per_flow;
}

double qoe_bench_scale_table_per_flow(const struct qoe_bench_scale *s)
{
	return s->table_per_flow;
}

void qoe_bench_scale_free(struct qoe_bench_scale *s)
{
	if (!s)
		return;
	if (s->e)
		qoe_engine_destroy(s->e);
	free(s->pkts);
	free(s->work);
	free(s->len);
	free(s);
}

static int qoe_bench_scale_flow(struct qoe_engine *e, u32 i)
{
	struct qoe_flow_params p = {
		.dir = QOE_DIR_RX,
		.cipher = QOE_CIPHER_AES_128_GCM,
		.family = QOE_FAMILY_IPV4,
		.cid_len = QOE_BENCH_CID_LEN,
		.local_port = QOE_BENCH_DST_PORT,
		.remote_port = QOE_BENCH_SRC_PORT,
		.pn = QOE_PN_NONE,
	};
	struct qoe_bench_keys k;
	u32 h;
	int st;

	qoe_bench_keys_make(&k, QOE_CIPHER_AES_128_GCM, (u64)i + 1);
	memcpy(p.cid, k.cid, QOE_BENCH_CID_LEN);
	memcpy(p.local_addr, qoe_bench_dst_ip, 4);
	memcpy(p.remote_addr, qoe_bench_src_ip, 4);
	memcpy(p.hp_key, k.hp, 16);
	st = qoe_host_flow_add(qoe_engine_host(e), &p, &h);
	return st ? st : qoe_host_key_install(qoe_engine_host(e), h, 0, k.key, 16, k.iv);
}

struct qoe_bench_scale *qoe_bench_scale_new(struct qoe_bench_backends *be,
					    u32 flows, u32 pool,
			      char *err, size_t errlen)
{
	struct qoe_bench_scale *s = calloc(1, sizeof(*s));
	u8 payload[QOE_BENCH_SCALE_PAYLOAD];
	u64 rng = 0x5eed0000ULL + flows;
	size_t rss0;

	if (!s)
		goto nomem;
	s->flows = flows;
	s->pool = pool;
	s->pkts = calloc(pool, QOE_BENCH_SCALE_CAP);
	s->work = calloc(QOE_BENCH_SCALE_CHUNK, QOE_BENCH_SCALE_CAP);
	s->len = calloc(pool, sizeof(*s->len));
	if (!s->pkts || !s->work || !s->len)
		goto nomem;
	for (u32 i = 0; i < sizeof(payload); i++)
		payload[i] = (u8)i;

	/* packets for random flows, sealed by the software path */
	for (u32 j = 0; j < pool; j++) {
		struct qoe_bench_sw_flow f;
		struct qoe_bench_keys k;
		u32 r;

		rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
		r = (u32)((rng >> 33) % flows);
		qoe_bench_keys_make(&k, QOE_CIPHER_AES_128_GCM, (u64)r + 1);
		if (qoe_bench_sw_flow_init(&f, &be->ossl, &k)) {
			snprintf(err, errlen, "openssl backend refused a key");
			goto fail;
		}
		s->len[j] = qoe_bench_sw_seal(&f, s->pkts + (size_t)j * QOE_BENCH_SCALE_CAP,
				       1000 + j, payload, sizeof(payload), true);
		qoe_bench_udp_csum_fix(s->pkts + (size_t)j * QOE_BENCH_SCALE_CAP);
		qoe_bench_sw_flow_fini(&f);
	}

	rss0 = qoe_bench_rss();
	{
		struct qoe_engine_cfg cfg = {
			.max_flows = flows,
			.aead_limit = 1ULL << 62,
			.crypto = &be->imb,
		};

		s->e = qoe_engine_create(&cfg);
	}
	if (!s->e) {
		snprintf(err, errlen, "qoe_engine_create(%u flows) failed", flows);
		goto fail;
	}
	s->table_per_flow = (double)(qoe_bench_rss() - rss0) / flows;
	for (u32 i = 0; i < flows; i++) {
		int st = qoe_bench_scale_flow(s->e, i);

		if (st) {
			snprintf(err, errlen, "flow %u of %u: %s", i, flows,
				 qoe_status_name((unsigned int)st));
			goto fail;
		}
	}
	s->bytes_per_flow = (double)(qoe_bench_rss() - rss0) / flows;
	return s;
nomem:
	snprintf(err, errlen, "out of memory");
fail:
	qoe_bench_scale_free(s);
	return NULL;
}

u64 qoe_bench_scale_run(struct qoe_bench_scale *s, u32 pkts)
{
	struct qoe_rx_cmpl c[QOE_BENCH_SCALE_CHUNK];
	u64 t = 0, t0;
	int bad = 0;

	while (pkts) {
		u32 n = pkts < QOE_BENCH_SCALE_CHUNK ? pkts : QOE_BENCH_SCALE_CHUNK;

		/* fresh copies (the engine decrypts in place), untimed */
		for (u32 i = 0; i < n; i++) {
			u32 j = (s->next + i) % s->pool;

			memcpy(s->work + i * QOE_BENCH_SCALE_CAP,
			       s->pkts + (size_t)j * QOE_BENCH_SCALE_CAP, s->len[j]);
			s->b[i].data = s->work + i * QOE_BENCH_SCALE_CAP;
			s->b[i].len = s->len[j];
			s->b[i].cap = QOE_BENCH_SCALE_CAP;
		}
		t0 = qoe_bench_rdtsc();
		qoe_engine_rx_burst(s->e, s->b, (u16)n, QOE_BENCH_L3_OFF, c);
		t += qoe_bench_rdtsc() - t0;
		for (u32 i = 0; i < n; i++)
			bad |= c[i].status;
		s->next = (s->next + n) % s->pool;
		pkts -= n;
	}
	return bad ? 0 : t;
}
