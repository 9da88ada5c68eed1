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

#define QOE_BENCH_L3_OFF	14	/* Ethernet header in front of IPv4 */
#define QOE_BENCH_IP_LEN	20
#define QOE_BENCH_UDP_LEN	8
#define QOE_BENCH_CID_LEN	8
#define QOE_BENCH_PN_LEN	4
#define QOE_BENCH_QHDR_LEN	(1 + QOE_BENCH_CID_LEN + QOE_BENCH_PN_LEN)
#define QOE_BENCH_QUIC_OFF	(QOE_BENCH_L3_OFF + QOE_BENCH_IP_LEN + QOE_BENCH_UDP_LEN)
#define QOE_BENCH_PKT_CAP	2048	/* one wire packet buffer */
#define QOE_BENCH_MAX_SEGS	64
#define QOE_BENCH_MAX_REPS	64

/* clock.c: TSC cycles, and how many per second. */
static inline u64 qoe_bench_rdtsc(void)
{
	u32 lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

double qoe_bench_tsc_hz(unsigned int ms);
double qoe_bench_now(void);

/* One flow's secrets, shared by the sender and the receiver side. */
struct qoe_bench_keys {
	u8 cipher;
	u8 key[QOE_MAX_KEY_LEN];
	u8 hp[QOE_MAX_KEY_LEN];
	u8 iv[QOE_IV_LEN];
	u8 cid[QOE_BENCH_CID_LEN];
};

void qoe_bench_keys_make(struct qoe_bench_keys *k, u8 cipher, u64 seed);
/* The benchmark's flow (sender -> receiver) of direction @dir, phase 0 key. */
int qoe_bench_flow_add(struct qoe_host *h, const struct qoe_bench_keys *k, u8 dir,
		       u32 *handle);

/* Addresses of every benchmark packet: sender -> receiver. */
extern const u8 qoe_bench_src_ip[4], qoe_bench_dst_ip[4];
#define QOE_BENCH_SRC_PORT	4433
#define QOE_BENCH_DST_PORT	50000

/*
 * swquic.c: what a software QUIC stack does per packet, through a crypto
 * backend's ops: build headers, seal, protect the header; and back.
 */
struct qoe_bench_sw_flow {
	const struct qoe_crypto *cr;
	void *aead;
	void *hp;
	u8 iv[QOE_IV_LEN];
	u8 cid[QOE_BENCH_CID_LEN];
	u64 largest;	/* RX: largest PN seen */
};

int qoe_bench_sw_flow_init(struct qoe_bench_sw_flow *f, const struct qoe_crypto *cr,
		    const struct qoe_bench_keys *k);
void qoe_bench_sw_flow_fini(struct qoe_bench_sw_flow *f);
/* Write the plaintext template [eth][IPv4][UDP][QUIC hdr] for @quic_len. */
void qoe_bench_hdr_write(u8 *pkt, const u8 *cid, u64 pn, u32 quic_len);
/* Recompute the IPv4 header checksum of a packet. */
void qoe_bench_hdr_csum_fix(u8 *pkt);
/* Ones' complement sum of a UDP/IPv4 packet with its pseudo-header. */
u16 qoe_bench_udp_sum(const u8 *pkt);
/* Set the UDP checksum of a finished packet, as the sender's NIC does. */
void qoe_bench_udp_csum_fix(u8 *pkt);
/* Build and protect one packet of @len payload bytes; returns its length. */
u32 qoe_bench_sw_seal(struct qoe_bench_sw_flow *f, u8 *pkt, u64 pn, const u8 *payload,
	       u32 len, bool hp);
/* Parse, unprotect and open one packet in place; payload length or -err. */
int qoe_bench_sw_open(struct qoe_bench_sw_flow *f, u8 *pkt, u32 len);
void qoe_bench_nonce(u8 nonce[QOE_IV_LEN], const u8 iv[QOE_IV_LEN], u64 pn);

/* A measured variant: cycles per repetition and what one run moves. */
struct qoe_bench_series {
	u32 n;
	double gbps[QOE_BENCH_MAX_REPS];
	double mpps[QOE_BENCH_MAX_REPS];
};

void qoe_bench_series_add(struct qoe_bench_series *s, u64 cycles, u64 bytes, u64 pkts,
		   double tsc_hz);
double qoe_bench_median(const double *v, u32 n);
double qoe_bench_min(const double *v, u32 n);
double qoe_bench_max(const double *v, u32 n);

/* crypto backends by name, created once per run */
struct qoe_bench_backends {
	struct qoe_crypto imb;
	struct qoe_crypto ossl;
};

/* cases.c: one (cipher, wire size, super-packet size) configuration. */
enum qoe_bench_variant {
	QOE_BENCH_TX_OFFLOAD,
	QOE_BENCH_TX_SOFTWARE,
	QOE_BENCH_TX_RAW,
	QOE_BENCH_TX_RAW_CSUM,		/* the bound plus the UDP checksum */
	QOE_BENCH_RX_OFFLOAD,		/* GRO without copying payload */
	QOE_BENCH_RX_GRO_COPY,		/* GRO into one new buffer */
	QOE_BENCH_RX_NOGRO,
	QOE_BENCH_RX_SOFTWARE,
	QOE_BENCH_RX_RAW,
	QOE_BENCH_RX_RAW_CSUM,		/* the bound plus the checksum check */
	QOE_BENCH_VARIANTS
};

extern const char *const qoe_bench_variant_names[QOE_BENCH_VARIANTS];
/* First and one past the last variant of a direction (0 TX, 1 RX). */
#define QOE_BENCH_DIR_FIRST(d)	((d) ? QOE_BENCH_RX_OFFLOAD : QOE_BENCH_TX_OFFLOAD)
#define QOE_BENCH_DIR_END(d)	((d) ? QOE_BENCH_VARIANTS : QOE_BENCH_RX_OFFLOAD)
#define QOE_BENCH_DIR_SW(d)	((d) ? QOE_BENCH_RX_SOFTWARE : QOE_BENCH_TX_SOFTWARE)
#define QOE_BENCH_DIR_RAW(d)	((d) ? QOE_BENCH_RX_RAW : QOE_BENCH_TX_RAW)

struct qoe_bench_case;
struct qoe_bench_case *qoe_bench_case_new(struct qoe_bench_backends *be,
					  u8 cipher, u32 wire,
			    u32 gso_bytes, char *err, size_t errlen);
void qoe_bench_case_free(struct qoe_bench_case *c);
/* Check every variant's output against the others before timing it. */
int qoe_bench_case_verify(struct qoe_bench_case *c, char *err, size_t errlen);
/* Run @bursts super-packets of variant @v; returns TSC cycles spent. */
u64 qoe_bench_case_run(struct qoe_bench_case *c, enum qoe_bench_variant v, u32 bursts);
u64 qoe_bench_case_burst_bytes(const struct qoe_bench_case *c);
u32 qoe_bench_case_burst_pkts(const struct qoe_bench_case *c);
u32 qoe_bench_case_seg_size(const struct qoe_bench_case *c);
/* A timed run saw a wrong status: its numbers mean nothing. */
bool qoe_bench_case_bad(const struct qoe_bench_case *c);

/* scale.c: RX cost per packet and memory per flow with N flows. */
struct qoe_bench_scale;
struct qoe_bench_scale *qoe_bench_scale_new(struct qoe_bench_backends *be,
					    u32 flows, u32 pool,
			      char *err, size_t errlen);
void qoe_bench_scale_free(struct qoe_bench_scale *s);
/* RX @pkts packets of random flows; returns cycles, or 0 on a bad status. */
u64 qoe_bench_scale_run(struct qoe_bench_scale *s, u32 pkts);
double qoe_bench_scale_bytes_per_flow(const struct qoe_bench_scale *s);
/* The part of it allocated by qoe_engine_create() (tables, event ring). */
double qoe_bench_scale_table_per_flow(const struct qoe_bench_scale *s);
u32 qoe_bench_scale_flows(const struct qoe_bench_scale *s);

/*
 * multicore.c: TX offload on each core with its own engine, together.
 * Threads run on CPUs first_cpu, first_cpu + 1, ...; *@shared: how many
 * had to use the process's one copy of ipsec-mb.
 */
#define QOE_BENCH_MC_MAX	8
int qoe_bench_multicore(unsigned int threads, unsigned int first_cpu, u8 cipher,
			u32 wire, u32 gso_bytes, double seconds,
			double *gbps_total, unsigned int *shared);

/*
 * hostcost.c: TX offload through the firmware's virtio device polled on
 * @dev_cpu, the host posting and reaping on @host_cpu, for @seconds.
 */
struct qoe_bench_hc {
	double tsc_hz;		/* in */
	double seconds;
	u64 bytes;		/* payload sealed */
	u64 host_cycles;	/* building requests, reaping completions */
	u64 dev_cycles;		/* the device's polls that did work */
};

int qoe_bench_hostcost(u8 cipher, u32 wire, u32 gso_bytes, double seconds,
		       unsigned int host_cpu, unsigned int dev_cpu,
		       struct qoe_bench_hc *out);

const char *qoe_bench_cipher_short(u8 cipher);

/* report.c: what one run measured. */
struct qoe_bench_row {
	struct qoe_bench_case *c;
	u8 cipher;
	u32 wire, gso_bytes;
	u32 bursts[QOE_BENCH_VARIANTS];
	struct qoe_bench_series s[QOE_BENCH_VARIANTS];
};

struct qoe_bench_srow {
	struct qoe_bench_scale *sc;
	u32 flows;
	u32 n;
	double ns[QOE_BENCH_MAX_REPS];
};

struct qoe_bench_mcrow {
	unsigned int threads;
	unsigned int shared;	/* threads without an ipsec-mb copy of their own */
	u32 n;
	double gbps[QOE_BENCH_MAX_REPS];
};

struct qoe_bench_hcrow {
	u32 gso_bytes;		/* plaintext per request: 64K, or one packet */
	u32 n;
	double host_cpb[QOE_BENCH_MAX_REPS];
	double dev_cpb[QOE_BENCH_MAX_REPS];
	double gbps[QOE_BENCH_MAX_REPS];
};

struct qoe_bench_result {
	double tsc_hz;
	u32 reps;
	struct qoe_bench_row *rows;
	u32 n_rows;
	struct qoe_bench_srow *srows;
	u32 n_srows;
	struct qoe_bench_mcrow mc[2];
	u32 n_mc;
	u8 mc_cipher;
	u32 mc_wire, mc_gso;
	/* host cost (hostcost.c): aes128, 1350 B, by request size */
	struct qoe_bench_hcrow hc[2];
	u32 n_hc;
};

/* Median over repetitions of row @s's cost over the first row's. */
double qoe_bench_scale_ratio(const struct qoe_bench_result *r,
			     const struct qoe_bench_srow *s);

/* AES-128-GCM, 1350 B, the largest super-packet: the row targets use */
const struct qoe_bench_row *qoe_bench_headline_row(const struct qoe_bench_result *r);
double qoe_bench_series_cpb(const struct qoe_bench_series *s, double tsc_hz);
/* What the host spends per byte on software crypto: the headline TX software row. */
double qoe_bench_sw_cpb(const struct qoe_bench_result *r);

/* Median over repetitions of the per-repetition ratio a/b. */
double qoe_bench_ratio(const struct qoe_bench_series *a,
		       const struct qoe_bench_series *b);
void qoe_bench_report_table(FILE *f, const struct qoe_bench_result *r);
int qoe_bench_report_csv(const char *path, const struct qoe_bench_result *r);
/* "dir/results.csv" + "-scale.csv" -> "dir/results-scale.csv"; malloc'd */
char *qoe_bench_sibling(const char *path, const char *suffix);

/* provenance.c: "# key: value" lines that say where a CSV comes from */
void qoe_bench_provenance_take(void);
void qoe_bench_provenance_write(FILE *f, const struct qoe_bench_result *r);

#endif /* _QOE_BENCH_H */
