/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause) */
/* net_qoe internals shared by the PMD's files. */
#ifndef _QOE_PMD_H_
#define _QOE_PMD_H_

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include <rte_ethdev.h>
#include <rte_log.h>
#include <rte_rwlock.h>
#include <rte_ring.h>
#include <rte_spinlock.h>

#include "rte_pmd_qoe.h"

struct qoe_engine;
struct qoe_host;
struct qoe_crypto;

extern int qoe_pmd_logtype;

/*
 * Held for writing while a port closes, for reading by telemetry handlers
 * (another thread) for as long as they use a port they looked up.
 */
extern rte_rwlock_t qoe_pmd_close_lock;
/* net_qoe's QUIC offload ops (qoe_pmd_api.c), registered per port */
extern const struct rte_pmd_qoe_ops qoe_pmd_ops;
#define QOE_LOG(level, fmt, ...)					\
	rte_log(RTE_LOG_ ## level, qoe_pmd_logtype, "net_qoe: " fmt "\n", \
		##__VA_ARGS__)

#define QOE_PMD_MAX_QUEUES	16

/* The devargs, as RTE_PMD_REGISTER_PARAM_STRING and the pmdinfo say them */
#define QOE_PMD_PARAMS							\
	"peer=<net_qoe port> "						\
	"backing=<port name> "						\
	"flows=<file> "							\
	"crypto=<ipsec-mb|openssl> "					\
	"max_flows=<int> "						\
	"ring_size=<power of 2> "					\
	"auto_tx=<0|1> "						\
	"gro=<0|1> "							\
	"flows_watch=<0|1> "						\
	"plaintext_egress=<0|1> "					\
	"telemetry_writes=<0|1> "					\
	"engines=<1..16>"
#define QOE_PMD_NAME_LEN	64
/* Largest linearised TX request (GSO super-packet): 64 KB plus headers. */
#define QOE_PMD_SCRATCH		(65536 + 512)
#define QOE_PMD_MAX_SEGS	64

/* What the devargs asked for (dpdk-pmd/qoe_devargs.c). */
struct qoe_pmd_args {
	char peer[QOE_PMD_NAME_LEN];
	char backing[QOE_PMD_NAME_LEN];
	char flows[256];
	char crypto[16];
	uint32_t max_flows;
	uint32_t ring_size;
	bool auto_tx;
	bool auto_tx_set;
	bool gro;
	bool flows_watch;
	bool plaintext_egress;	/* let decrypted packets leave unprotected */
	bool telemetry_writes;	/* /qoe/flow_add, flow_del, key_update */
	uint16_t engines;	/* per-queue engines (1: one for the port) */
};

/* Host-side view of one flow: what the data path needs without asking the
 * engine, indexed by handle slot. */
struct qoe_pmd_flow {
	uint32_t handle;	/* 0: slot unused */
	uint8_t dir;
	uint8_t family;
	uint8_t cid_len;
	uint8_t local_addr[16];
	uint8_t remote_addr[16];
	uint16_t local_port;	/* network order, as in packets */
	uint16_t remote_port;
	uint64_t next_pn;	/* auto TX: PN expected next */
	uint64_t added_ms;
	struct qoe_pmd_key_sched *sched;	/* NULL: no later keys */
};

/* qoe_key_sched.c: later key generations from a flows file */
struct qoe_pmd_sched_key {
	uint8_t key[QOE_MAX_KEY_LEN];
	uint8_t iv[QOE_IV_LEN];
};

struct qoe_pmd_queue_stats {
	uint64_t pkts;
	uint64_t bytes;
	uint64_t errs;
	uint64_t offloaded;
	uint64_t refused;	/* TX: asked to protect, unusable metadata */
	uint64_t wire_full;	/* TX: ring or backing port full */
	uint64_t plaintext;	/* TX: decrypted here, not re-protected */
};

struct qoe_pmd_rxq {
	struct qoe_pmd_dev *dev;
	uint16_t qid;
	struct rte_ring *ring;		/* pair/loopback wiring */
	struct rte_mempool *mp;
	uint8_t *scratch;		/* GRO super-packets are built here */
	struct qoe_pmd_queue_stats st;
} __rte_cache_aligned;		/* lcores own queues: no shared lines */

struct qoe_pmd_txq {
	struct qoe_pmd_dev *dev;
	uint16_t qid;
	uint8_t *scratch;		/* linearised multi-segment requests */
	struct qoe_pmd_queue_stats st;
} __rte_cache_aligned;

enum qoe_pmd_wiring {
	QOE_WIRE_LOOPBACK,	/* TX comes back on our own RX */
	QOE_WIRE_PAIR,		/* TX goes to the peer's RX rings */
	QOE_WIRE_BACKING,	/* bump in the wire over another port */
};

#define QOE_PMD_EVLOG	256	/* events kept per port */

/*
 * One engine and what the host keeps beside it.  With several engines a
 * flow lives in one of them, the one its 4-tuple hashes to, and a handle
 * says which: engine << QOE_PMD_ENG_SHIFT | the engine's handle.  Each
 * has its own lock and crypto backend, so queues that keep to their own
 * engine never wait for each other; the control path takes the lock of
 * the engine it changes.  An engine is single-threaded: every use of it
 * (or of @flows) holds @lock.
 */
#define QOE_PMD_ENG_SHIFT	28

struct qoe_pmd_eng {
	rte_spinlock_t lock;
	struct qoe_engine *engine;
	struct qoe_host *host;		/* how admin commands reach it */
	struct qoe_crypto *crypto;
	struct qoe_pmd_flow *flows;	/* max_flows + 1 entries by slot */
	uint32_t n_tx_flows;
	uint64_t sched_installs;	/* keys a schedule installed */
	uint64_t sched_exhausted;	/* schedules used up */
} __rte_cache_aligned;

struct qoe_pmd_dev {
	uint16_t port_id;
	char name[QOE_PMD_NAME_LEN];
	struct qoe_pmd_args args;
	enum qoe_pmd_wiring wiring;
	uint16_t backing_port;
	uint64_t owner_id;
	struct qoe_pmd_dev *peer;	/* resolved at dev_start */
	struct rte_ether_addr mac;

	/* per-queue engine state: n_engines engines (devarg engines=), each
	 * owning the flows RSS gives it (qoe_pmd_rss()); see struct
	 * qoe_pmd_eng.  RX queue q runs engine q % n_engines. */
	uint16_t n_engines;
	struct qoe_pmd_eng eng[QOE_PMD_MAX_QUEUES];

	/* flows_watch=1: a control thread installs lines appended later */
	unsigned int flows_done;
	bool has_sched;			/* a flow has a key schedule */
	pthread_t watch_tid;
	volatile bool watch_run;

	/* the engines' events, kept for every reader (under ev_lock): the
	 * application's rte_pmd_qoe_event_pop() and each telemetry client
	 * read from their own cursor, so no one takes another's events */
	struct rte_pmd_qoe_event evlog[QOE_PMD_EVLOG];
	uint64_t ev_next;		/* sequence number of the next event */
	uint64_t ev_app;		/* rte_pmd_qoe_event_pop()'s cursor */
	rte_spinlock_t ev_lock;

	struct rte_pmd_qoe_dyn dyn;
	struct qoe_pmd_rxq rxq[QOE_PMD_MAX_QUEUES];
	struct qoe_pmd_txq txq[QOE_PMD_MAX_QUEUES];
};

/* qoe_pmd_api.c: move the engines' new events into d->evlog (ev_lock held) */
void qoe_pmd_events_pull(struct qoe_pmd_dev *d);

/* qoe_devargs.c */
int qoe_pmd_args_parse(const char *name, const char *params,
		       struct qoe_pmd_args *a);

/* qoe_flow_spec.c: one flow as the flows file and /qoe/flow_add spell it */
#define QOE_FLOW_SPEC_KEYS	64	/* key0..key63 */
struct qoe_flow_spec {
	struct rte_pmd_qoe_flow f;
	/* key<N>: phase N % 2's (N / 2 + 1)-th key; [QOE_FLOW_SPEC_KEYS]: key= */
	uint8_t key[QOE_FLOW_SPEC_KEYS + 1][QOE_MAX_KEY_LEN];
	uint8_t iv[QOE_FLOW_SPEC_KEYS + 1][QOE_IV_LEN];
	size_t key_len[QOE_FLOW_SPEC_KEYS + 1];
	bool has_iv[QOE_FLOW_SPEC_KEYS + 1];
	unsigned int n_keys;	/* after check: keys in use order, >= 1 */
	size_t hp_len;
	bool has_dir, has_local, has_remote, pn_set;
	uint8_t rfamily;
};

void qoe_flow_spec_init(struct qoe_flow_spec *s);
/* One name=value (modified in place); NULL or why it is wrong. */
const char *qoe_flow_spec_opt(struct qoe_flow_spec *s, char *tok);
/* After the last option: NULL or what is missing or inconsistent. */
const char *qoe_flow_spec_check(struct qoe_flow_spec *s);
int qoe_flow_spec_install(uint16_t port, const struct qoe_flow_spec *s,
			  uint32_t *handle, const char **why);
void qoe_flow_spec_wipe(struct qoe_flow_spec *s);
int qoe_spec_hex(const char *s, uint8_t *out, size_t max, size_t *len);
int qoe_spec_u64(const char *s, uint64_t max, uint64_t *v);

/* qoe_key_sched.c: the keys of generations after the two installed, in
 * generation order, for the flow @handle now using @phase */
int qoe_pmd_key_sched_set(struct qoe_pmd_dev *d, uint32_t handle,
			  uint8_t phase, size_t key_len,
			  const struct qoe_pmd_sched_key *keys, unsigned int n);
void qoe_pmd_key_sched_advance(struct qoe_pmd_dev *d, struct qoe_pmd_eng *e,
			       struct qoe_pmd_flow *f, uint8_t phase);
void qoe_pmd_key_sched_free(struct qoe_pmd_key_sched *s);

/* qoe_flows_file.c */
int qoe_pmd_flows_load(struct qoe_pmd_dev *d, const char *path,
		       unsigned int *done, bool runtime);

/* qoe_pmd_api.c */
struct qoe_pmd_dev *qoe_pmd_dev_get(uint16_t port);
/* The engine @handle (a port's handle) lives in, or NULL. */
struct qoe_pmd_eng *qoe_pmd_handle_eng(struct qoe_pmd_dev *d, uint32_t handle);
/* The engine's own handle inside a port's handle, and back. */
uint32_t qoe_pmd_eng_handle(const struct qoe_pmd_dev *d, uint32_t handle);
uint32_t qoe_pmd_port_handle(const struct qoe_pmd_dev *d,
			     const struct qoe_pmd_eng *e, uint32_t eh);
/* Host-side record of engine handle @eh in @e (its lock held), or NULL. */
struct qoe_pmd_flow *qoe_pmd_flow_slot(struct qoe_pmd_dev *d,
				       struct qoe_pmd_eng *e, uint32_t eh);
/*
 * Receive-side scaling: the engine a flow or packet with these endpoints
 * belongs to.  Symmetric (either end first gives the same engine), so a
 * connection's TX and RX flows and both directions of its packets meet in
 * one engine index on each port.
 */
unsigned int qoe_pmd_rss(const struct qoe_pmd_dev *d, uint8_t family,
			 const uint8_t *a, uint16_t aport, const uint8_t *b,
			 uint16_t bport);
uint64_t qoe_pmd_now_ms(void);
/* rte_eth_qoe.c: the engines' device counters, summed; 0 or -EIO */
int qoe_pmd_dev_stats(struct qoe_pmd_dev *d, uint64_t c[QOE_STAT_MAX]);

/* qoe_datapath.c */
uint16_t eth_qoe_rx(void *q, struct rte_mbuf **bufs, uint16_t nb_bufs);
uint16_t eth_qoe_tx(void *q, struct rte_mbuf **bufs, uint16_t nb_bufs);

/* qoe_telemetry.c: nothing exported, registers itself at load time. */

#endif /* _QOE_PMD_H_ */
