/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause) */
/*
 * The reference device engine: what the emulated NIC runs behind the
 * firmware ABI.  The host talks to it only through admin command entries
 * (include/qoe/fw_abi.h), TX descriptors and RX completions.
 *
 * An engine is single-threaded: the host serialises calls on one engine
 * (one per queue or per device lock).  Admin calls may allocate; the TX, RX
 * and GRO paths never do.
 */
#ifndef _QOE_ENGINE_H
#define _QOE_ENGINE_H

#include "qoe_platform.h"
#include "qoe_crypto.h"
#include <qoe/fw_abi.h>

#define QOE_NIL			0xffffffffU	/* no slot, no index */

struct qoe_engine;

/**
 * struct qoe_engine_cfg - device geometry
 * @max_flows: flow slots, 1 .. QOE_HANDLE_SLOT_MASK
 * @max_cids: RX CIDs matched at once (0: twice @max_flows)
 * @max_gso_segs: segments one TX descriptor may produce (0: 64)
 * @max_gro_segs: packets one GRO super-packet may hold (0: 64)
 * @event_ring: events queued before the oldest are lost (0: 1024)
 * @aead_limit: packets one key may seal (0: RFC 9001 s6.6)
 * @integrity_limit: failed opens after which an RX flow stops (0: s6.6)
 * @handle_bits: bits a handle may use (0: 32); a host running several
 *	engines behind one handle space keeps the rest for itself.  Must
 *	leave the generation at least 4 bits beside the slot.
 * @crypto: backend, owned by the caller, outlives the engine; one engine
 *	at a time uses it
 */
struct qoe_engine_cfg {
	u32 max_flows;
	u32 max_cids;
	u16 max_gso_segs;
	u16 max_gro_segs;
	u32 event_ring;
	u64 aead_limit;
	u64 integrity_limit;
	u8 handle_bits;
	const struct qoe_crypto *crypto;
};

/**
 * struct qoe_buf - one packet buffer
 * @data: first byte
 * @len: bytes used
 * @cap: bytes available at @data
 */
struct qoe_buf {
	u8 *data;
	u32 len;
	u32 cap;
};

struct qoe_engine *qoe_engine_create(const struct qoe_engine_cfg *cfg);
void qoe_engine_destroy(struct qoe_engine *e);

/*
 * Run a batch of admin command entries laid end to end in @buf.  Every entry
 * gets its own hdr.status.  Returns the number of entries processed, or
 * -EINVAL if an entry header is truncated or its size runs past @len (the
 * entries before it are processed; that one and the rest are not).
 */
int qoe_engine_admin(struct qoe_engine *e, void *buf, size_t len);

/* The device-wide switches DEV_CONFIG set (QOE_DEVCFG_*). */
u32 qoe_engine_dev_flags(const struct qoe_engine *e);

/*
 * Protect one plaintext packet or GSO super-packet @pkt (layout in
 * struct qoe_tx_desc).  Segment i is written to @out[i] (@out[0].data may be
 * @pkt itself when seg_count is 1 and cap leaves room for the tag).  Returns
 * the packets emitted; 0 means dropped, with @c->status saying why, and no
 * byte written to any @out.
 */
u32 qoe_engine_tx(struct qoe_engine *e, const struct qoe_tx_desc *d,
		  const u8 *pkt, u32 len, struct qoe_buf *out, u32 n_out,
		  struct qoe_tx_cmpl *c);

/*
 * Receive one packet in place: @b holds [l3_off bytes][IP][UDP][QUIC].  On
 * success it is unprotected and decrypted and b->len shrinks by the tag; on
 * any failure it is left byte for byte as it came (c->status says why).
 * Returns c->status.
 */
int qoe_engine_rx(struct qoe_engine *e, struct qoe_buf *b, u32 l3_off,
		  struct qoe_rx_cmpl *c);

/*
 * qoe_engine_rx() on @n packets at once: c[i] is packet i's, with the same
 * result as one by one; the header-protection masks of consecutive packets
 * of one flow are computed in one backend call.
 */
void qoe_engine_rx_burst(struct qoe_engine *e, struct qoe_buf *b, u16 n,
			 u32 l3_off, struct qoe_rx_cmpl *c);

/*
 * Would a flow of @e take @pkt (the match of qoe_engine_rx(), no counter
 * or state touched)?  For devices that pick an engine per packet.
 */
bool qoe_engine_rx_owns(struct qoe_engine *e, const u8 *pkt, u32 len,
			u32 l3_off);

/**
 * struct qoe_gro_group - packets @first .. @first + @count - 1 merge
 * @first: index of the first packet
 * @count: packets in the group (1: not merged)
 */
struct qoe_gro_group {
	u16 first;
	u16 count;
};

/*
 * Decide how a burst of received packets coalesces: consecutive packets of
 * the same flow, status OK, same IP/UDP addressing, TOS/TTL, QUIC first byte
 * (key phase included), header and payload size (the last may be shorter)
 * and PN + 1 each.  @pkts/@c are what qoe_engine_rx() left.  Returns the
 * number of groups written to @g (at most @n).
 */
u16 qoe_gro_plan(struct qoe_engine *e, const struct qoe_buf *pkts,
		 const struct qoe_rx_cmpl *c, u16 n, u32 l3_off,
		 struct qoe_gro_group *g);

/*
 * Build group @g's super-packet in @out: the first packet's headers, the
 * payloads one after the other, IP/UDP lengths fixed.  @oc describes it.
 * Returns 0, or -ENOSPC if @out is too small.
 */
int qoe_gro_build(const struct qoe_buf *pkts, const struct qoe_rx_cmpl *c,
		  u32 l3_off, const struct qoe_gro_group *g,
		  struct qoe_buf *out, struct qoe_rx_cmpl *oc);

/* A piece of a super-packet left where it lies. */
struct qoe_frag {
	u8 *data;
	u32 len;
};

/*
 * qoe_gro_build() without copying any payload, for hosts that chain
 * buffers (mbuf chains, skb frags): the group's first packet becomes the
 * head, its IP/UDP lengths and IPv4 checksum rewritten in place for the
 * whole super-packet, and @frags[i] (i < g->count) is what packet
 * g->first + i contributes: for i = 0 the first packet up to its payload's
 * end, then each packet's payload.  Their concatenation is byte for byte
 * what qoe_gro_build() writes.  Returns 0, or -EINVAL if the first packet
 * does not parse or the whole would not fit one IP packet.
 */
int qoe_gro_build_frags(struct qoe_buf *pkts, const struct qoe_rx_cmpl *c,
			u32 l3_off, const struct qoe_gro_group *g,
			struct qoe_frag *frags, struct qoe_rx_cmpl *oc);

/* qoe_gro_plan() for qoe_gro_build_udp(): each packet's header counts. */
u16 qoe_gro_plan_udp(struct qoe_engine *e, const struct qoe_buf *pkts,
		     const struct qoe_rx_cmpl *c, u16 n, u32 l3_off,
		     struct qoe_gro_group *g);

/*
 * A group in the layout Linux's UDP GRO builds: one IP/UDP header,
 * then every packet whole (its own QUIC header, its plaintext), so each
 * segment is hdr_len + seg_size bytes of UDP payload, the last possibly
 * shorter.  A UDP socket without UDP_GRO gets the packets back one by one
 * (the core segments it), a UDP_GRO socket reads them aligned.  Returns 0,
 * or -ENOSPC if @out is too small.
 */
int qoe_gro_build_udp(const struct qoe_buf *pkts, const struct qoe_rx_cmpl *c,
		      u32 l3_off, const struct qoe_gro_group *g,
		      struct qoe_buf *out, struct qoe_rx_cmpl *oc);

/*
 * qoe_gro_build_udp() without copying, as qoe_gro_build_frags() is to
 * qoe_gro_build(): the first packet is the head, its lengths and IPv4
 * checksum rewritten for the whole; @frags[i] is packet g->first + i from
 * its QUIC header on (for i = 0, all of it).  Returns 0 or -EINVAL.
 */
int qoe_gro_build_udp_frags(struct qoe_buf *pkts, const struct qoe_rx_cmpl *c,
			    u32 l3_off, const struct qoe_gro_group *g,
			    struct qoe_frag *frags, struct qoe_rx_cmpl *oc);

/*
 * Expand a truncated packet number against the largest one seen
 * (QOE_PN_NONE: none yet), RFC 9000 A.3; QOE_PN_NONE when it would be past
 * 2^62 - 1.  The engine's own RX uses it; hosts
 * that infer PNs from packets use it too rather than carry a copy.
 */
u64 qoe_pn_decode(u64 largest, u64 truncated, u8 pn_len);

/*
 * Do PNs @pn .. @pn + @n - 1 all exist (at most 2^62 - 1, RFC 9000 12.3)?
 * Written so that no sum can wrap: a wrapped range would reuse a nonce.
 */
static inline bool qoe_pn_range_ok(u64 pn, u32 n)
{
	return n && pn <= QOE_PN_MAX && n - 1 <= QOE_PN_MAX - pn;
}

/* The slot @handle names (< max_flows), or QOE_NIL; see flow.c. */
u32 qoe_engine_handle_slot(const struct qoe_engine *e, u32 handle);

/*
 * RSS (rss.c): a symmetric hash of a UDP 4-tuple, given as addresses and
 * ports or read from a frame (false: not IPv4/IPv6 UDP).  Multi-queue
 * devices place a flow in queue hash % queues and steer its packets alike.
 */
u32 qoe_rss_hash(u8 family, const u8 *a, __be16 aport, const u8 *b,
		 __be16 bport);
bool qoe_rss_frame_hash(const u8 *frame, u32 len, u32 l3_off, u32 *hash);

/* Pop the oldest event; returns true when @ev was filled. */
bool qoe_engine_event_pop(struct qoe_engine *e, struct qoe_event *ev);

/* Names of enum qoe_stat counters, for ethtool -S and xstats. */
extern const char *const qoe_stat_names[QOE_STAT_MAX];
const char *qoe_status_name(unsigned int status);
const char *qoe_cipher_name(unsigned int cipher);
int qoe_cipher_from_name(const char *name);

#endif /* _QOE_ENGINE_H */
