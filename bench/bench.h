/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause) */
/*
 * qoe-bench internals: the offload engine against a per-packet software
 * QUIC path and the raw AEAD bound, measured in one interleaved run.
 */
#ifndef _QOE_BENCH_H
#define _QOE_BENCH_H

#include "qoe_engine.h"
#include "qoe_host.h"

#include <stdio.h>

#define QB_L3_OFF	14	/* Ethernet header in front of IPv4 */
#define QB_IP_LEN	20
#define QB_UDP_LEN	8
#define QB_CID_LEN	8
#define QB_PN_LEN	4
#define QB_QHDR_LEN	(1 + QB_CID_LEN + QB_PN_LEN)
#define QB_QUIC_OFF	(QB_L3_OFF + QB_IP_LEN + QB_UDP_LEN)
#define QB_PKT_CAP	2048	/* one wire packet buffer */
#define QB_MAX_SEGS	64
#define QB_MAX_REPS	64

/* clock.c: TSC cycles, and how many per second. */
static inline u64 qb_rdtsc(void)
{
	u32 lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

double qb_tsc_hz(unsigned int ms);
double qb_now(void);

/* One flow's secrets, shared by the sender and the receiver side. */
struct qb_keys {
	u8 cipher;
	u8 key[QOE_MAX_KEY_LEN];
	u8 hp[QOE_MAX_KEY_LEN];
	u8 iv[QOE_IV_LEN];
	u8 cid[QB_CID_LEN];
};

void qb_keys_make(struct qb_keys *k, u8 cipher, u64 seed);

/* Addresses of every benchmark packet: sender -> receiver. */
extern const u8 qb_src_ip[4], qb_dst_ip[4];
#define QB_SRC_PORT	4433
#define QB_DST_PORT	50000

/*
 * swquic.c: what a software QUIC stack does per packet, through a crypto
 * backend's ops: build headers, seal, protect the header; and back.
 */
struct qb_sw_flow {
	const struct qoe_crypto *cr;
	void *aead;
	void *hp;
	u8 iv[QOE_IV_LEN];
	u8 cid[QB_CID_LEN];
	u64 largest;	/* RX: largest PN seen */
};

int qb_sw_flow_init(struct qb_sw_flow *f, const struct qoe_crypto *cr,
		    const struct qb_keys *k);
void qb_sw_flow_fini(struct qb_sw_flow *f);
/* Write the plaintext template [eth][IPv4][UDP][QUIC hdr] for @quic_len. */
void qb_hdr_write(u8 *pkt, const u8 *cid, u64 pn, u32 quic_len);
/* Recompute the IPv4 header checksum of a packet. */
void qb_hdr_csum_fix(u8 *pkt);
/* Build and protect one packet of @len payload bytes; returns its length. */
u32 qb_sw_seal(struct qb_sw_flow *f, u8 *pkt, u64 pn, const u8 *payload,
	       u32 len, bool hp);
/* Parse, unprotect and open one packet in place; payload length or -err. */
int qb_sw_open(struct qb_sw_flow *f, u8 *pkt, u32 len);
void qb_nonce(u8 nonce[QOE_IV_LEN], const u8 iv[QOE_IV_LEN], u64 pn);

/* A measured variant: cycles per repetition and what one run moves. */
struct qb_series {
	u32 n;
	double gbps[QB_MAX_REPS];
	double mpps[QB_MAX_REPS];
};

void qb_series_add(struct qb_series *s, u64 cycles, u64 bytes, u64 pkts,
		   double tsc_hz);
double qb_median(const double *v, u32 n);
double qb_min(const double *v, u32 n);
double qb_max(const double *v, u32 n);

/* crypto backends by name, created once per run */
struct qb_backends {
	struct qoe_crypto imb;
	struct qoe_crypto ossl;
};

/* cases.c: one (cipher, wire size, super-packet size) configuration. */
enum qb_variant {
	QB_TX_OFFLOAD,
	QB_TX_SOFTWARE,
	QB_TX_RAW,
	QB_RX_OFFLOAD,
	QB_RX_NOGRO,
	QB_RX_SOFTWARE,
	QB_RX_RAW,
	QB_VARIANTS
};

extern const char *const qb_variant_names[QB_VARIANTS];
/* First and one past the last variant of a direction (0 TX, 1 RX). */
#define QB_DIR_FIRST(d)	((d) ? QB_RX_OFFLOAD : QB_TX_OFFLOAD)
#define QB_DIR_END(d)	((d) ? QB_VARIANTS : QB_RX_OFFLOAD)
#define QB_DIR_SW(d)	((d) ? QB_RX_SOFTWARE : QB_TX_SOFTWARE)
#define QB_DIR_RAW(d)	((d) ? QB_RX_RAW : QB_TX_RAW)

struct qb_case;
struct qb_case *qb_case_new(struct qb_backends *be, u8 cipher, u32 wire,
			    u32 gso_bytes, char *err, size_t errlen);
void qb_case_free(struct qb_case *c);
/* Check every variant's output against the others before timing it. */
int qb_case_verify(struct qb_case *c, char *err, size_t errlen);
/* Run @bursts super-packets of variant @v; returns TSC cycles spent. */
u64 qb_case_run(struct qb_case *c, enum qb_variant v, u32 bursts);
u64 qb_case_burst_bytes(const struct qb_case *c);
u32 qb_case_burst_pkts(const struct qb_case *c);
u32 qb_case_seg_size(const struct qb_case *c);
/* A timed run saw a wrong status: its numbers mean nothing. */
bool qb_case_bad(const struct qb_case *c);

/* scale.c: RX cost per packet and memory per flow with N flows. */
struct qb_scale;
struct qb_scale *qb_scale_new(struct qb_backends *be, u32 flows, u32 pool,
			      char *err, size_t errlen);
void qb_scale_free(struct qb_scale *s);
/* RX @pkts packets of random flows; returns cycles, or 0 on a bad status. */
u64 qb_scale_run(struct qb_scale *s, u32 pkts);
double qb_scale_bytes_per_flow(const struct qb_scale *s);
double qb_scale_rss_per_flow(const struct qb_scale *s);
u32 qb_scale_flows(const struct qb_scale *s);

/* multicore.c: TX offload on each core with its own engine, together. */
#define QB_MC_MAX	8
/* Threads run on CPUs first_cpu, first_cpu + 1, ... */
int qb_multicore(unsigned int threads, unsigned int first_cpu, u8 cipher,
		 u32 wire, u32 gso_bytes, double seconds, double *gbps_total);

const char *qb_cipher_short(u8 cipher);

/* report.c / plot.c: what one run measured. */
struct qb_row {
	struct qb_case *c;
	u8 cipher;
	u32 wire, gso_bytes;
	u32 bursts[QB_VARIANTS];
	struct qb_series s[QB_VARIANTS];
};

struct qb_srow {
	struct qb_scale *sc;
	u32 flows;
	u32 n;
	double ns[QB_MAX_REPS];
};

struct qb_mcrow {
	unsigned int threads;
	u32 n;
	double gbps[QB_MAX_REPS];
};

struct qb_result {
	double tsc_hz;
	u32 reps;
	struct qb_row *rows;
	u32 n_rows;
	struct qb_srow *srows;
	u32 n_srows;
	struct qb_mcrow mc[2];
	u32 n_mc;
	u8 mc_cipher;
	u32 mc_wire, mc_gso;
};

/* Median over repetitions of the per-repetition ratio a/b. */
double qb_ratio(const struct qb_series *a, const struct qb_series *b);
void qb_report_table(FILE *f, const struct qb_result *r);
int qb_report_csv(const char *path, const struct qb_result *r);
int qb_plot(const char *png, const struct qb_result *r);
/* "dir/results.csv" + "-scale.csv" -> "dir/results-scale.csv"; malloc'd */
char *qb_sibling(const char *path, const char *suffix);

#endif /* _QOE_BENCH_H */
