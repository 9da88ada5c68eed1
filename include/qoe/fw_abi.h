/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause) */
/*
 * qoe firmware ABI: the host <-> device interface of the QUIC offload engine.
 *
 * Everything here is little-endian on the wire between host and device,
 * fixed-size and checked with static asserts, so a host and a device built
 * from different trees can talk.  Addresses and UDP ports are kept in network
 * byte order, exactly as they appear in packets.  Documentation/firmware-abi.rst
 * describes every field.
 */
#ifndef _QOE_FW_ABI_H
#define _QOE_FW_ABI_H

#include <linux/types.h>

#define QOE_ABI_VERSION_MAJOR	1
#define QOE_ABI_VERSION_MINOR	4
#define QOE_ABI_VERSION		((QOE_ABI_VERSION_MAJOR << 8) | QOE_ABI_VERSION_MINOR)

#define QOE_MAX_CID_LEN		20
#define QOE_MAX_KEY_LEN		32
#define QOE_IV_LEN		12
#define QOE_TAG_LEN		16
#define QOE_HP_SAMPLE_LEN	16
#define QOE_HP_MASK_LEN		5
#define QOE_PN_MAX		((1ULL << 62) - 1)
#define QOE_PN_NONE		(~0ULL)	/* RX: nothing received yet */

/*
 * Flow handles are opaque to hosts and never 0.  A device has at most 2^20
 * flow slots; it packs a slot and a generation into the 32 bits, the
 * generation taking every bit the slots leave (see firmware-abi.rst).
 */
#define QOE_HANDLE_SLOT_BITS	20
#define QOE_HANDLE_SLOT_MASK	((1U << QOE_HANDLE_SLOT_BITS) - 1)
#define QOE_HANDLE_INVALID	0U

enum qoe_dir {
	QOE_DIR_TX = 0,
	QOE_DIR_RX = 1,
};

enum qoe_cipher {
	QOE_CIPHER_AES_128_GCM = 1,
	QOE_CIPHER_AES_256_GCM = 2,
	QOE_CIPHER_CHACHA20_POLY1305 = 3,
	QOE_CIPHER_AES_128_CCM = 4,	/* ABI 1.3 */
	QOE_CIPHER_MAX = QOE_CIPHER_AES_128_CCM,
};

enum qoe_family {
	QOE_FAMILY_IPV4 = 4,
	QOE_FAMILY_IPV6 = 6,
};

/* What the device does with an RX packet that fails authentication. */
enum qoe_fail_action {
	QOE_FAIL_DELIVER = 0,	/* hand the original bytes up, marked failed */
	QOE_FAIL_DROP = 1,	/* drop and count */
};

/* Per-entry status of admin commands and per-packet status of completions. */
enum qoe_status {
	QOE_ST_OK = 0,
	QOE_ST_BAD_OPCODE = 1,	/* unknown opcode */
	QOE_ST_BAD_VERSION = 2,	/* command version not supported */
	QOE_ST_BAD_SIZE = 3,	/* entry size does not match its opcode */
	QOE_ST_BAD_PARAM = 4,	/* a field is out of range */
	QOE_ST_NO_SPACE = 5,	/* flow or CID table full */
	QOE_ST_NO_FLOW = 6,	/* unknown or stale handle, or no flow matches */
	QOE_ST_EXISTS = 7,	/* CID/address already owned by a flow */
	QOE_ST_KEY_MISSING = 8,	/* no key installed for that phase */
	QOE_ST_AUTH_FAIL = 9,	/* AEAD tag mismatch */
	QOE_ST_MALFORMED = 10,	/* truncated or inconsistent packet/descriptor */
	QOE_ST_BAD_CID = 11,	/* TX header DCID differs from the flow's */
	QOE_ST_KEY_EXHAUSTED = 12, /* AEAD usage limit reached for that key */
	QOE_ST_NOT_QUIC = 13,	/* long header or not UDP: passed through */
	QOE_ST_NO_MEM = 14,	/* device could not allocate state */
	QOE_ST_MAX = QOE_ST_NO_MEM,
};

enum qoe_opcode {
	QOE_CMD_QUERY_CAPS = 0x01,
	QOE_CMD_FLOW_ADD = 0x02,
	QOE_CMD_FLOW_DEL = 0x03,
	QOE_CMD_KEY_INSTALL = 0x04,
	QOE_CMD_KEY_RETIRE = 0x05,
	QOE_CMD_CID_ADD = 0x06,
	QOE_CMD_CID_DEL = 0x07,
	QOE_CMD_FLOW_QUERY = 0x08,
	QOE_CMD_RX_RESYNC = 0x09,
	QOE_CMD_DEV_STATS = 0x0a,
	QOE_CMD_DEV_CONFIG = 0x0b,	/* ABI 1.2 */
};

/**
 * struct qoe_cmd_hdr - header in front of every admin command entry
 * @opcode: enum qoe_opcode
 * @version: layout version of this opcode's entry (1 for all of ABI 1.0)
 * @flags: reserved, must be zero
 * @size: size in bytes of the whole entry, this header included
 * @status: written by the device: enum qoe_status
 * @cookie: opaque to the device, echoed back untouched
 */
struct qoe_cmd_hdr {
	__le16 opcode;
	__u8 version;
	__u8 flags;
	__le16 size;
	__le16 status;
	__le32 cookie;
	__le32 rsvd;
};

/* Capability feature bits (struct qoe_cmd_caps.features). */
#define QOE_FEAT_TX_CRYPTO	(1U << 0)
#define QOE_FEAT_RX_CRYPTO	(1U << 1)
#define QOE_FEAT_TX_GSO		(1U << 2)
#define QOE_FEAT_RX_GRO		(1U << 3)
#define QOE_FEAT_KEY_UPDATE	(1U << 4)
#define QOE_FEAT_IPV6		(1U << 5)
#define QOE_FEAT_EVENTS		(1U << 6)

/**
 * struct qoe_cmd_caps - QUERY_CAPS: what the device can do (all output)
 * @hdr: command header
 * @abi_version: QOE_ABI_VERSION of the device
 * @ciphers: bitmap of (1 << enum qoe_cipher)
 * @features: QOE_FEAT_* bits
 * @max_flows: flow slots (TX and RX flows share them)
 * @max_cids: RX connection IDs the match table holds
 * @max_cid_len: longest CID, 20 (RFC 9000)
 * @max_gso_segs: most segments one TX descriptor may produce
 * @max_gro_segs: most packets one RX completion may coalesce
 * @rsvd: zero
 */
struct qoe_cmd_caps {
	struct qoe_cmd_hdr hdr;
	__le16 abi_version;
	__le16 ciphers;
	__le32 features;
	__le32 max_flows;
	__le32 max_cids;
	__u8 max_cid_len;
	__u8 rsvd[3];
	__le16 max_gso_segs;
	__le16 max_gro_segs;
};

/**
 * struct qoe_cmd_flow_add - FLOW_ADD: create one flow of one direction
 * @hdr: command header
 * @dir: enum qoe_dir
 * @cipher: enum qoe_cipher
 * @family: enum qoe_family
 * @cid_len: length of @cid, 0..20
 * @key_phase: TX: phase of the first packets; RX: phase expected first
 * @fail_action: RX only: enum qoe_fail_action
 * @hp_key_len: bytes of @hp_key used (16 or 32, matching @cipher)
 * @rsvd0: zero
 * @cid: TX: the DCID every packet must carry; RX: first local CID to match
 * @local_addr: IPv4 in the first 4 bytes, or IPv6; network order
 * @remote_addr: likewise
 * @local_port: UDP, network order
 * @remote_port: UDP, network order
 * @pn: TX: next packet number to send; RX: largest received, or QOE_PN_NONE
 * @hp_key: header protection key; per flow, never rotates (RFC 9001 s6)
 * @handle: written by the device: the new flow's handle
 * @rsvd2: zero
 */
struct qoe_cmd_flow_add {
	struct qoe_cmd_hdr hdr;
	__u8 dir;
	__u8 cipher;
	__u8 family;
	__u8 cid_len;
	__u8 key_phase;
	__u8 fail_action;
	__u8 hp_key_len;
	__u8 rsvd0;
	__u8 cid[QOE_MAX_CID_LEN];
	__u8 local_addr[16];
	__u8 remote_addr[16];
	__be16 local_port;
	__be16 remote_port;
	__le64 pn;
	__u8 hp_key[QOE_MAX_KEY_LEN];
	__le32 handle;
	__le32 rsvd2;
};

/**
 * struct qoe_cmd_flow_del - FLOW_DEL: remove a flow, its keys and CIDs
 * @hdr: command header
 * @handle: the flow
 * @rsvd: zero
 */
struct qoe_cmd_flow_del {
	struct qoe_cmd_hdr hdr;
	__le32 handle;
	__le32 rsvd;
};

/**
 * struct qoe_cmd_key - KEY_INSTALL / KEY_RETIRE: payload key of one phase
 * @hdr: command header
 * @handle: the flow
 * @phase: key phase 0 or 1
 * @key_len: 16 or 32, matching the flow's cipher (ignored by KEY_RETIRE)
 * @rsvd0: zero
 * @key: AEAD key (zeroed by KEY_RETIRE callers)
 * @iv: AEAD IV; the nonce is @iv XOR the 62-bit packet number
 * @rsvd1: zero
 *
 * Installing over a phase that holds a key replaces it and counts a key
 * update.  RX flows hold both phases; TX uses the phase each descriptor names.
 */
struct qoe_cmd_key {
	struct qoe_cmd_hdr hdr;
	__le32 handle;
	__u8 phase;
	__u8 key_len;
	__u8 rsvd0[2];
	__u8 key[QOE_MAX_KEY_LEN];
	__u8 iv[QOE_IV_LEN];
	__le32 rsvd1;
};

/**
 * struct qoe_cmd_cid - CID_ADD / CID_DEL
 * @hdr: command header
 * @handle: the flow
 * @cid_len: 0..20
 * @rsvd: zero
 * @cid: RX: a local CID (NEW_CONNECTION_ID) to match or stop matching;
 *	TX: CID_ADD replaces the DCID packets must carry (migration)
 */
struct qoe_cmd_cid {
	struct qoe_cmd_hdr hdr;
	__le32 handle;
	__u8 cid_len;
	__u8 rsvd[3];
	__u8 cid[QOE_MAX_CID_LEN];
	__le32 rsvd2;
};

/* hdr.flags of FLOW_QUERY: return the first flow at or after @handle's slot */
#define QOE_CMDF_ITER		(1U << 0)

/**
 * struct qoe_cmd_flow_query - FLOW_QUERY: one flow's state and counters
 * @hdr: command header; with QOE_CMDF_ITER in flags it walks the table
 * @handle: the flow (input; with QOE_CMDF_ITER, the cursor; output: the flow)
 * @dir: enum qoe_dir
 * @cipher: enum qoe_cipher
 * @cur_phase: TX: phase of the last packet sent; RX: current peer phase
 * @keys_valid: QOE_FLOWQ_KEYS: bit N set when phase N holds a key; the
 *	other QOE_FLOWQ_* bits: limits reached (RFC 9001 s6.6)
 * @family: enum qoe_family
 * @cid_len: length of @cid
 * @fail_action: enum qoe_fail_action
 * @n_cids: RX: CIDs the flow matches
 * @local_port: network order
 * @remote_port: network order
 * @cid: TX: the DCID; RX: the first CID matched
 * @rsvd: zero
 * @local_addr: network order
 * @remote_addr: network order
 * @packets: packets protected (TX) or authenticated (RX)
 * @bytes: payload bytes of those packets
 * @auth_fail: RX packets that failed authentication
 * @drops: packets dropped for any reason
 * @key_updates: keys installed over an existing phase, or RX phase flips
 * @pn: TX: next PN; RX: largest PN authenticated (QOE_PN_NONE if none)
 * @key_packets: packets sealed/opened with the key of each phase
 * @key_missing: (version 2, ABI 1.4) packets of this flow that found no
 *	key for their phase: RX ones went up unopened, TX ones were dropped
 *	(and are in @drops too)
 *
 * Version 1 entries are QOE_FLOW_QUERY_V1_SIZE bytes, without
 * @key_missing; a device of ABI 1.4 answers both.
 */
struct qoe_cmd_flow_query {
	struct qoe_cmd_hdr hdr;
	__le32 handle;
	__u8 dir;
	__u8 cipher;
	__u8 cur_phase;
	__u8 keys_valid;
	__u8 family;
	__u8 cid_len;
	__u8 fail_action;
	__u8 n_cids;
	__be16 local_port;
	__be16 remote_port;
	__u8 cid[QOE_MAX_CID_LEN];
	__le32 next;		/* QOE_CMDF_ITER: the cursor after this flow */
	__u8 local_addr[16];
	__u8 remote_addr[16];
	__le64 packets;
	__le64 bytes;
	__le64 auth_fail;
	__le64 drops;
	__le64 key_updates;
	__le64 pn;
	__le64 key_packets[2];
	__le64 key_missing;
};

#define QOE_FLOW_QUERY_VERSION	2
#define QOE_FLOW_QUERY_V1_SIZE	152

/* Device-wide counters, the order of struct qoe_cmd_dev_stats.counters. */
enum qoe_stat {
	QOE_STAT_TX_PACKETS,
	QOE_STAT_TX_BYTES,
	QOE_STAT_TX_GSO_REQS,
	QOE_STAT_TX_DROP_NO_FLOW,
	QOE_STAT_TX_DROP_NO_KEY,
	QOE_STAT_TX_DROP_MALFORMED,
	QOE_STAT_TX_DROP_BAD_CID,
	QOE_STAT_TX_DROP_EXHAUSTED,
	QOE_STAT_RX_PACKETS,
	QOE_STAT_RX_BYTES,
	QOE_STAT_RX_AUTH_FAIL,
	QOE_STAT_RX_NO_FLOW,
	QOE_STAT_RX_KEY_MISSING,
	QOE_STAT_RX_MALFORMED,
	QOE_STAT_RX_NOT_QUIC,
	QOE_STAT_RX_GRO_MERGED,
	QOE_STAT_KEY_UPDATES,
	QOE_STAT_EVENTS_LOST,
	QOE_STAT_FLOWS,
	QOE_STAT_RX_INTEGRITY_LIMIT,	/* not opened: flow at its integrity limit */
	QOE_STAT_RX_BAD_CSUM,		/* not opened: IP or UDP checksum wrong */
	QOE_STAT_MAX
};

#define QOE_STATS_SLOTS		24

/**
 * struct qoe_cmd_dev_stats - DEV_STATS: device-wide counters (all output)
 * @hdr: command header
 * @n_counters: counters the device filled (QOE_STAT_MAX of its ABI)
 * @rsvd: zero
 * @counters: indexed by enum qoe_stat; the rest are zero
 */
struct qoe_cmd_dev_stats {
	struct qoe_cmd_hdr hdr;
	__le32 n_counters;
	__le32 rsvd;
	__le64 counters[QOE_STATS_SLOTS];
};

/* struct qoe_cmd_dev_config.flags bits */
#define QOE_DEVCFG_GRO		(1U << 0)	/* coalesce received packets (default on) */
#define QOE_DEVCFG_ALL		QOE_DEVCFG_GRO

/**
 * struct qoe_cmd_dev_config - DEV_CONFIG: device-wide switches (ABI 1.2)
 * @hdr: command header
 * @set: QOE_DEVCFG_* bits to change (0: only read)
 * @flags: in, their new values; out, every switch as it now is
 *
 * An unknown bit in @set is BAD_PARAM and changes nothing.  A reset
 * returns every switch to its default.
 */
struct qoe_cmd_dev_config {
	struct qoe_cmd_hdr hdr;
	__le32 set;
	__le32 flags;
};

/**
 * struct qoe_cmd_rx_resync - RX_RESYNC: reset an RX flow's largest PN
 * @hdr: command header
 * @handle: the flow
 * @rsvd: zero
 * @largest_pn: largest PN the host has authenticated itself
 *
 * Used after the host processed packets in software (e.g. KEY_MISSING),
 * so PN expansion in the device stays in step.
 */
struct qoe_cmd_rx_resync {
	struct qoe_cmd_hdr hdr;
	__le32 handle;
	__le32 rsvd;
	__le64 largest_pn;
};

/* TX descriptor flags */
#define QOE_TXF_CRYPTO		(1U << 0)	/* protect: HP + AEAD */
#define QOE_TXF_GSO		(1U << 1)	/* split into seg_count packets */

/**
 * struct qoe_tx_desc - one TX request: a plaintext packet or super-packet
 * @handle: TX flow handle
 * @flags: QOE_TXF_*
 * @key_phase: phase whose key seals these packets; also written into the
 *	key-phase bit of every short header
 * @pn_len: bytes of packet number in the header, 1..4
 * @l3_off: bytes before the IP header (link header), copied to each segment
 * @hdr_len: QUIC short header length: 1 + DCID length + @pn_len
 * @pn_off: offset of the PN from the start of the QUIC header (1 + DCID len)
 * @seg_size: QUIC payload bytes per segment, plaintext, AEAD tag EXCLUDED
 * @seg_count: segments in this request (1 without QOE_TXF_GSO)
 * @pn: full packet number of the first segment; segment i uses @pn + i
 *
 * The buffer holds [l3_off bytes][IPv4|IPv6][UDP][QUIC hdr][payload], the
 * payload being seg_count chunks of @seg_size bytes, the last one possibly
 * shorter.  The device emits seg_count packets, each with the headers
 * replicated, IP/UDP lengths and checksums fixed, PN + i, payload sealed and
 * 16 bytes of tag appended.
 */
struct qoe_tx_desc {
	__le32 handle;
	__u8 flags;
	__u8 key_phase;
	__u8 pn_len;
	__u8 l3_off;
	__le16 hdr_len;
	__le16 pn_off;
	__le16 seg_size;
	__le16 seg_count;
	__le64 pn;
};

/**
 * struct qoe_tx_cmpl - result of one TX descriptor
 * @handle: echoed
 * @status: enum qoe_status; anything but OK means nothing was emitted
 * @key_phase: phase used
 * @segs: packets emitted
 * @pn: PN of the first packet
 */
struct qoe_tx_cmpl {
	__le32 handle;
	__u8 status;
	__u8 key_phase;
	__le16 segs;
	__le64 pn;
};

/* RX completion flags */
#define QOE_RXF_DECRYPTED	(1U << 0)	/* payload is plaintext, tag removed */
#define QOE_RXF_COALESCED	(1U << 1)	/* GRO merged seg_count packets */
#define QOE_RXF_DROP		(1U << 2)	/* flow's fail action says drop it */

/**
 * struct qoe_rx_cmpl - result of one received packet (or GRO super-packet)
 * @handle: flow matched, or QOE_HANDLE_INVALID
 * @status: enum qoe_status
 * @key_phase: phase bit of the packet
 * @pn_len: PN length, from the unprotected first byte
 * @flags: QOE_RXF_*
 * @rsvd0: zero
 * @hdr_len: QUIC header length (valid when decrypted)
 * @seg_size: plaintext payload bytes of each coalesced packet
 * @seg_count: packets coalesced (1 when not)
 * @quic_off: offset of the QUIC header in the buffer
 * @pn: full packet number (of the first coalesced packet)
 *
 * On DECRYPTED, the buffer holds the unprotected header and the plaintext
 * payload, the tag removed.  Without it, the buffer is the original packet,
 * byte for byte.
 */
struct qoe_rx_cmpl {
	__le32 handle;
	__u8 status;
	__u8 key_phase;
	__u8 pn_len;
	__u8 flags;
	__le16 hdr_len;
	__le16 seg_size;
	__le16 seg_count;
	__le16 quic_off;
	__le64 pn;
};

/* struct qoe_cmd_flow_query.keys_valid bits */
#define QOE_FLOWQ_KEYS			0x03	/* phase N holds a key */
#define QOE_FLOWQ_EXHAUSTED(phase)	(0x04 << (phase)) /* TX: key at its limit */
#define QOE_FLOWQ_INTEGRITY_LIMIT	0x10	/* RX: stopped, opens nothing */

enum qoe_event_type {
	QOE_EV_KEY_PHASE_FLIP = 1,	/* RX: peer switched phase; install next key */
	QOE_EV_USAGE_LIMIT = 2,		/* key nears its AEAD usage limit */
	QOE_EV_INTEGRITY_LIMIT = 3,	/* RX auth failures near the integrity limit */
	QOE_EV_FLOW_ERROR = 4,		/* flow stopped; value: the status why */
};

/**
 * struct qoe_event - asynchronous event from the device
 * @type: enum qoe_event_type
 * @phase: key phase concerned
 * @rsvd: zero
 * @handle: the flow
 * @value: PN at a flip, packet count at a limit
 */
struct qoe_event {
	__le16 type;
	__u8 phase;
	__u8 rsvd;
	__le32 handle;
	__le64 value;
};

#define QOE_ABI_ASSERT(t, n) _Static_assert(sizeof(t) == (n), #t " layout")
QOE_ABI_ASSERT(struct qoe_cmd_hdr, 16);
QOE_ABI_ASSERT(struct qoe_cmd_caps, 40);
QOE_ABI_ASSERT(struct qoe_cmd_flow_add, 128);
QOE_ABI_ASSERT(struct qoe_cmd_flow_del, 24);
QOE_ABI_ASSERT(struct qoe_cmd_key, 72);
QOE_ABI_ASSERT(struct qoe_cmd_cid, 48);
QOE_ABI_ASSERT(struct qoe_cmd_flow_query, 160);
QOE_ABI_ASSERT(struct qoe_cmd_dev_stats, 216);
QOE_ABI_ASSERT(struct qoe_cmd_dev_config, 24);
_Static_assert(QOE_STAT_MAX <= QOE_STATS_SLOTS, "stats slots");
QOE_ABI_ASSERT(struct qoe_cmd_rx_resync, 32);
QOE_ABI_ASSERT(struct qoe_tx_desc, 24);
QOE_ABI_ASSERT(struct qoe_tx_cmpl, 16);
QOE_ABI_ASSERT(struct qoe_rx_cmpl, 24);
QOE_ABI_ASSERT(struct qoe_event, 16);

#endif /* _QOE_FW_ABI_H */
