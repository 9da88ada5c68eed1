/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause) */
/* Engine internals shared by its files; nothing outside firmware-if/ sees this. */
#ifndef _QOE_ENGINE_PRIV_H
#define _QOE_ENGINE_PRIV_H

#include "qoe_engine.h"
#include "qoe_host.h"

#define QOE_DEF_GSO_SEGS	64
#define QOE_DEF_GRO_SEGS	64
#define QOE_DEF_EVENTS		1024
/* RFC 9000 10.3: the smallest stateless reset, 5 bytes + a 16-byte token */
#define QOE_RESET_MIN_LEN	21
/* RFC 9001 s6.6 AEAD limits: per cipher, in include/qoe/qoe_cipher.h */

/* One phase's payload key: 32 bytes, two of them fill a cache line. */
struct qoe_key {
	void *aead;		/* backend context; NULL: no key in this phase */
	u64 packets;
	u8 iv[QOE_IV_LEN];
	bool limit_warned;
};

/*
 * A flow slot, four cache lines: what every packet reads first, then the
 * keys, then what only setup, TX header checks and queries read, then the
 * counters of rare events.  RX at a million flows misses the cache on
 * each line it touches, so the lines are laid out for that and
 * prefetched a burst ahead (rx.c).
 */
struct qoe_flow {
	/* line 0 */
	u32 handle;		/* QOE_HANDLE_INVALID: free slot */
	u32 gen;		/* generation of the slot's next/current flow */
	u8 dir;
	u8 cipher;
	u8 family;
	u8 cid_len;
	u8 fail_action;
	u8 cur_phase;
	u8 n_cids;
	bool integrity_warned;
	u64 pn;			/* TX: next PN; RX: largest authenticated */
	void *hp;
	u64 auth_fail;
	u64 packets;
	u64 bytes;
	union {
		u32 cid_head;	/* RX: first CID entry of this flow */
		u32 next_free;	/* free-list link while the slot is free */
	};
	u32 key_updates;
	/* line 1 */
	struct qoe_key key[2];
	/* line 2 */
	u8 cid[QOE_MAX_CID_LEN];
	__be16 local_port;
	__be16 remote_port;
	u8 local_addr[16];
	u8 remote_addr[16];
	u64 drops;
	/* line 3 */
	u64 key_missing;	/* packets that found no key for their phase */
	u8 rsvd[56];
};

#define QOE_CACHE_LINE		64
static_assert(sizeof(struct qoe_key) * 2 == QOE_CACHE_LINE,
	      "two keys fill a line");
static_assert(sizeof(struct qoe_flow) == 4 * QOE_CACHE_LINE,
	      "a flow is four lines");

/*
 * One RX match entry, one cache line: (local address, port, CID) -> flow
 * slot.  A zero-length CID also matches on the remote address and port,
 * which the flow holds.  The entry also carries where the flow's key
 * contexts are, so a burst prefetches them with the flow, not a step
 * later: hints only (a stale one costs a useless prefetch), refreshed by
 * qoe_flow_hints().  The per-flow list of entries is kept apart
 * (qoe_engine.cid_sib), the lookup never reads it.
 */
struct qoe_cid_entry {
	const void *hp_hint;
	uintptr_t aead_hint;	/* context | cipher (8-byte aligned) */
	u32 slot;
	u32 next;		/* hash chain */
	u8 cid_len;
	u8 family;
	__be16 local_port;
	u8 cid[QOE_MAX_CID_LEN];
	u8 local_addr[16];
};

#define QOE_HINT_CIPHER_MASK	7u
static_assert(QOE_CIPHER_MAX <= QOE_HINT_CIPHER_MASK, "cipher fits a hint");

static_assert(sizeof(struct qoe_cid_entry) == QOE_CACHE_LINE,
	      "a CID entry is one line");

#define QOE_IPPROTO_UDP	17
#define QOE_UDP_HLEN	8
#define QOE_IP6_HLEN	40

/* A parsed IPv4/IPv6 + UDP packet. */
struct qoe_inet {
	u8 family;
	u16 ip_off;		/* offset of the IP header */
	u16 udp_off;		/* offset of the UDP header */
	u16 quic_off;		/* offset of the UDP payload */
	u32 quic_len;		/* UDP payload bytes */
	const u8 *saddr;
	const u8 *daddr;
	__be16 sport;
	__be16 dport;
};

/* a packet's first lookup step, done a burst ahead (flow.c) */
struct qoe_rx_hint {
	u8 laddr[16];		/* the lookup's addresses, zero-padded */
	u8 raddr[16];
	int len;		/* first CID length to try; -1: none */
	u32 bucket;
	u32 head;		/* the bucket's first entry */
	u32 match;		/* the entry qoe_flow_lookup_rx() matched */
};

/* RX: packets matched, then masked and opened, this many at a time */
#define QOE_RX_BATCH		32

struct qoe_rx_slot {
	struct qoe_flow *f;	/* NULL: the packet ended at matching */
	struct qoe_inet in;
	struct qoe_rx_hint hint;
	u8 cid_len;		/* of the CID that matched */
	bool same;		/* keyed as the packet before: its match */
};

struct qoe_engine {
	struct qoe_crypto crypto;
	struct qoe_host host;		/* its in-process admin queue */
	u32 max_flows;
	u32 dev_flags;			/* QOE_DEVCFG_* (DEV_CONFIG) */
	u32 max_cids;
	u16 max_gso_segs;
	u16 max_gro_segs;
	u64 aead_limit;
	u64 integrity_limit;
	u64 hash_seed[2];

	struct qoe_flow *flows;
	u32 free_flow;		/* oldest free slot: reused first */
	u32 free_tail;		/* newest free slot */
	u8 slot_bits;		/* handle = generation << slot_bits | slot */
	u8 handle_bits;		/* the generation ends below bit handle_bits */
	u32 n_flows;

	struct qoe_cid_entry *cids;
	u32 *cid_sib;		/* next entry of the same flow / free list */
	u32 *buckets;
	u32 bucket_mask;
	u32 free_cid;
	u32 cid_len_refs[QOE_MAX_CID_LEN + 1];
	u32 cid_len_mask;		/* bit n: some flow has an n-byte CID */

	struct qoe_event *events;
	u32 ev_size;
	u32 ev_head;
	u32 ev_count;

	/* HP samples gathered for one backend call, and their masks: one GSO
	 * request (max_gso_segs) or one RX chunk (QOE_RX_BATCH), whichever is
	 * more; the engine runs one of them at a time
	 */
	u8 *hp_samples;
	u8 *hp_masks;
	/* TX: each segment's UDP checksum, all but its QUIC header summed */
	u32 *tx_sums;
	struct qoe_rx_slot rx_slot[QOE_RX_BATCH];

	u64 stats[QOE_STAT_MAX];
};

/* flow.c */
int qoe_flow_table_init(struct qoe_engine *e);
void qoe_flow_table_fini(struct qoe_engine *e);
struct qoe_flow *qoe_flow_get(struct qoe_engine *e, u32 handle);
void qoe_engine_host_init(struct qoe_engine *e);
int qoe_flow_add(struct qoe_engine *e, struct qoe_cmd_flow_add *c);
int qoe_flow_del(struct qoe_engine *e, u32 handle);
int qoe_cid_add(struct qoe_engine *e, struct qoe_flow *f, const u8 *cid,
		u8 cid_len);
int qoe_cid_del(struct qoe_engine *e, struct qoe_flow *f, const u8 *cid,
		u8 cid_len);
void qoe_flow_hints(struct qoe_engine *e, const struct qoe_flow *f);
void qoe_flow_rx_hint(const struct qoe_engine *e, const struct qoe_inet *in,
		      const u8 *quic, struct qoe_rx_hint *h);
bool qoe_flow_rx_hint_same(const struct qoe_engine *e,
			   const struct qoe_inet *in, const u8 *quic,
			   const struct qoe_inet *pin, const u8 *pquic,
			   const struct qoe_rx_hint *p, struct qoe_rx_hint *h);
void qoe_flow_rx_hint_entry(const struct qoe_engine *e,
			    struct qoe_rx_hint *h);
struct qoe_flow *qoe_flow_lookup_rx(struct qoe_engine *e,
				    const struct qoe_inet *in, const u8 *quic,
				    u8 *cid_len, struct qoe_rx_hint *h);

/* keys.c */
int qoe_key_install(struct qoe_engine *e, struct qoe_flow *f, u8 phase,
		    const u8 *key, u8 key_len, const u8 *iv);
void qoe_key_retire(struct qoe_engine *e, struct qoe_flow *f, u8 phase);
u64 qoe_key_limit(const struct qoe_engine *e, u8 cipher);
u64 qoe_integrity_limit(const struct qoe_engine *e, u8 cipher);
u8 qoe_flow_state(const struct qoe_engine *e, const struct qoe_flow *f);
void qoe_key_count(struct qoe_engine *e, struct qoe_flow *f, u8 phase,
		   u32 packets);
void qoe_nonce(u8 nonce[QOE_IV_LEN], const u8 iv[QOE_IV_LEN], u64 pn);

/* pn.c (qoe_pn_decode() is public, in qoe_engine.h) */
void qoe_pn_write(u8 *p, u64 pn, u8 pn_len);
u64 qoe_pn_read(const u8 *p, u8 pn_len);

/* hp.c */
int qoe_hp_masks(const struct qoe_engine *e, const struct qoe_flow *f,
		 const u8 *samples, u8 *masks, u32 n);
void qoe_hp_xor(u8 *quic, u32 pn_off, u8 pn_len, const u8 *mask);
void qoe_hp_unmask(u8 *quic, u32 pn_off, const u8 *mask, u8 *pn_len);

/* inet.c */
int qoe_inet_parse(const u8 *pkt, u32 len, u32 l3_off, struct qoe_inet *in);
bool qoe_inet_csum_ok(const u8 *pkt, const struct qoe_inet *in);
void qoe_inet_fix(u8 *pkt, const struct qoe_inet *in, u32 quic_len,
		  u16 ip_id_add, bool udp_csum);
void qoe_inet_fix_frags(u8 *head, const struct qoe_inet *in, u32 quic_len,
			const struct qoe_frag *frags, u16 n);
u32 qoe_inet_fix_but(u8 *pkt, const struct qoe_inet *in, u32 quic_len,
		     u16 ip_id_add, u32 skip);
void qoe_inet_csum_finish(u8 *pkt, const struct qoe_inet *in, u32 skip,
			  u32 sum);

/* events.c */
int qoe_events_init(struct qoe_engine *e, u32 size);
void qoe_events_fini(struct qoe_engine *e);
void qoe_event_post(struct qoe_engine *e, u16 type, u32 handle, u8 phase,
		    u64 value);

#endif /* _QOE_ENGINE_PRIV_H */
