/* SPDX-License-Identifier: ((GPL-2.0-only WITH Linux-syscall-note) OR BSD-3-Clause) */
/*
 * qoe_offload.h: generic netlink family "qoe", the control interface of the
 * QUIC offload engine driver (qoe.ko) used by offloadctl.
 *
 * Every request is addressed to one device by QOE_GENL_A_IFINDEX (or, for
 * dumps, optionally filtered by it).  Replies carry the attributes below;
 * unknown attributes must be ignored by user space, so new ones may be added
 * at the end of each enum.  The kernel uses strict validation: unknown
 * attributes in requests are rejected.
 *
 * Every command needs CAP_NET_ADMIN (GENL_ADMIN_PERM): flows reveal
 * connection IDs and addresses, and the last three change them.
 *
 * QOE_GENL_CMD_GET_DEV (dump, or do with IFINDEX)
 *	one message per qoe device: IFINDEX, IFNAME, PEER_IFINDEX, OFFLOAD,
 *	N_FLOWS.
 * QOE_GENL_CMD_GET_CAPS (do, IFINDEX required)
 *	IFINDEX, CAPS { QOE_GENL_A_CAPS_* }.
 * QOE_GENL_CMD_GET_FLOWS (dump, IFINDEX optional filter)
 *	one message per flow: IFINDEX, FLOW { QOE_GENL_A_FLOW_* }.
 * QOE_GENL_CMD_GET_STATS (do, IFINDEX required)
 *	IFINDEX, STATS { STAT { NAME, VALUE } ... } in ethtool -S order.
 * QOE_GENL_CMD_ADD_FLOW (do, IFINDEX and FLOW required)
 *	FLOW { DIR, CIPHER, FAMILY, LOCAL_ADDR, REMOTE_ADDR, LOCAL_PORT,
 *	REMOTE_PORT, KEY, IV, HP_KEY; optional CID, PN (default: TX 0, RX
 *	none), KEY_PHASE (0), FAIL_ACTION (deliver) }: offloads one direction
 *	of a connection through the in-kernel offload API (conn_add, then
 *	key_install of KEY_PHASE).  Replies IFINDEX, FLOW { HANDLE }.
 * QOE_GENL_CMD_DEL_FLOW (do)
 *	IFINDEX, FLOW { HANDLE }: conn_del.  -ENOENT for an unknown handle.
 * QOE_GENL_CMD_KEY_UPDATE (do)
 *	IFINDEX, FLOW { HANDLE, KEY_PHASE, KEY, IV }: key_install of that
 *	phase (replacing its key counts as a key update).
 *	KEY and HP_KEY are the cipher's key length (16, 32, 32 bytes), IV is
 *	12 bytes.  Key material is never sent back, not even in dumps.
 * QOE_GENL_CMD_EVENT (notification on multicast group "events")
 *	IFINDEX, EVENT { TYPE, HANDLE, PHASE, VALUE }: what the device reports
 *	about a flow.  Joining the group needs CAP_NET_ADMIN.
 */
#ifndef _UAPI_LINUX_QOE_OFFLOAD_H
#define _UAPI_LINUX_QOE_OFFLOAD_H

#define QOE_GENL_NAME		"qoe"
#define QOE_GENL_VERSION	1
#define QOE_GENL_MCGRP_EVENTS	"events"

enum qoe_genl_cmd {
	QOE_GENL_CMD_UNSPEC,
	QOE_GENL_CMD_GET_DEV,
	QOE_GENL_CMD_GET_CAPS,
	QOE_GENL_CMD_GET_FLOWS,
	QOE_GENL_CMD_GET_STATS,
	QOE_GENL_CMD_ADD_FLOW,
	QOE_GENL_CMD_DEL_FLOW,
	QOE_GENL_CMD_KEY_UPDATE,
	QOE_GENL_CMD_EVENT,

	__QOE_GENL_CMD_MAX,
	QOE_GENL_CMD_MAX = __QOE_GENL_CMD_MAX - 1
};

/* Top-level attributes. */
enum qoe_genl_attr {
	QOE_GENL_A_UNSPEC,
	QOE_GENL_A_PAD,
	QOE_GENL_A_IFINDEX,		/* u32 */
	QOE_GENL_A_IFNAME,		/* string */
	QOE_GENL_A_PEER_IFINDEX,	/* u32: the other end of the pair */
	QOE_GENL_A_OFFLOAD,		/* u8: 1 when quic-offload is on */
	QOE_GENL_A_N_FLOWS,		/* u32: flows installed */
	QOE_GENL_A_CAPS,		/* nest: enum qoe_genl_caps_attr */
	QOE_GENL_A_FLOW,		/* nest: enum qoe_genl_flow_attr */
	QOE_GENL_A_STATS,		/* nest: QOE_GENL_A_STATS_STAT ... */
	QOE_GENL_A_EVENT,		/* nest: enum qoe_genl_event_attr */

	__QOE_GENL_A_MAX,
	QOE_GENL_A_MAX = __QOE_GENL_A_MAX - 1
};

/* Inside QOE_GENL_A_CAPS; mirrors struct qoe_cmd_caps of the firmware ABI. */
enum qoe_genl_caps_attr {
	QOE_GENL_A_CAPS_UNSPEC,
	QOE_GENL_A_CAPS_ABI_VERSION,	/* u32: major << 8 | minor */
	QOE_GENL_A_CAPS_CIPHERS,	/* u32: bitmap of 1 << enum qoe_genl_cipher */
	QOE_GENL_A_CAPS_FEATURES,	/* u32: QOE_GENL_FEAT_* */
	QOE_GENL_A_CAPS_MAX_FLOWS,	/* u32 */
	QOE_GENL_A_CAPS_MAX_CIDS,	/* u32 */
	QOE_GENL_A_CAPS_MAX_CID_LEN,	/* u32 */
	QOE_GENL_A_CAPS_MAX_GSO_SEGS,	/* u32 */
	QOE_GENL_A_CAPS_MAX_GRO_SEGS,	/* u32 */

	__QOE_GENL_A_CAPS_MAX,
	QOE_GENL_A_CAPS_MAX = __QOE_GENL_A_CAPS_MAX - 1
};

/* Inside QOE_GENL_A_FLOW; mirrors struct qoe_cmd_flow_query. */
enum qoe_genl_flow_attr {
	QOE_GENL_A_FLOW_UNSPEC,
	QOE_GENL_A_FLOW_PAD,
	QOE_GENL_A_FLOW_HANDLE,		/* u32: device handle (slot | gen << 20) */
	QOE_GENL_A_FLOW_DIR,		/* u8: enum qoe_genl_dir */
	QOE_GENL_A_FLOW_CIPHER,		/* u8: enum qoe_genl_cipher */
	QOE_GENL_A_FLOW_FAMILY,		/* u8: 4 or 6 */
	QOE_GENL_A_FLOW_CID,		/* binary, 0..20 bytes (TX: DCID; RX: first CID) */
	QOE_GENL_A_FLOW_LOCAL_ADDR,	/* binary: 4 (IPv4) or 16 bytes, network order */
	QOE_GENL_A_FLOW_REMOTE_ADDR,	/* binary: likewise */
	QOE_GENL_A_FLOW_LOCAL_PORT,	/* u16: host order */
	QOE_GENL_A_FLOW_REMOTE_PORT,	/* u16: host order */
	QOE_GENL_A_FLOW_KEY_PHASE,	/* u8: current key phase, 0 or 1 */
	QOE_GENL_A_FLOW_KEYS_VALID,	/* u8: bit N set when phase N has a key */
	QOE_GENL_A_FLOW_PN,		/* u64: TX next PN; RX largest PN (~0: none) */
	QOE_GENL_A_FLOW_PACKETS,	/* u64 */
	QOE_GENL_A_FLOW_BYTES,		/* u64: payload bytes */
	QOE_GENL_A_FLOW_AUTH_FAIL,	/* u64: RX authentication failures */
	QOE_GENL_A_FLOW_KEY_UPDATES,	/* u64 */
	QOE_GENL_A_FLOW_DROPS,		/* u64 */
	QOE_GENL_A_FLOW_N_CIDS,		/* u32: RX CIDs matched */
	/* requests only (add-flow, key-update): never in replies */
	QOE_GENL_A_FLOW_FAIL_ACTION,	/* u8: enum qoe_genl_fail_action */
	QOE_GENL_A_FLOW_KEY,		/* binary: AEAD key */
	QOE_GENL_A_FLOW_IV,		/* binary: 12 bytes */
	QOE_GENL_A_FLOW_HP_KEY,		/* binary: header protection key */

	__QOE_GENL_A_FLOW_MAX,
	QOE_GENL_A_FLOW_MAX = __QOE_GENL_A_FLOW_MAX - 1
};

/* QOE_GENL_A_STATS holds a list of QOE_GENL_A_STATS_STAT nests. */
enum qoe_genl_stats_attr {
	QOE_GENL_A_STATS_UNSPEC,
	QOE_GENL_A_STATS_STAT,		/* nest: enum qoe_genl_stat_attr */

	__QOE_GENL_A_STATS_MAX,
	QOE_GENL_A_STATS_MAX = __QOE_GENL_A_STATS_MAX - 1
};

enum qoe_genl_stat_attr {
	QOE_GENL_A_STAT_UNSPEC,
	QOE_GENL_A_STAT_PAD,
	QOE_GENL_A_STAT_NAME,		/* string: the ethtool -S name */
	QOE_GENL_A_STAT_VALUE,		/* u64 */

	__QOE_GENL_A_STAT_MAX,
	QOE_GENL_A_STAT_MAX = __QOE_GENL_A_STAT_MAX - 1
};

/* Inside QOE_GENL_A_EVENT. */
enum qoe_genl_event_attr {
	QOE_GENL_A_EVENT_UNSPEC,
	QOE_GENL_A_EVENT_PAD,
	QOE_GENL_A_EVENT_TYPE,		/* u8: enum qoe_genl_event_type */
	QOE_GENL_A_EVENT_HANDLE,	/* u32: the flow */
	QOE_GENL_A_EVENT_PHASE,		/* u8: key phase concerned */
	QOE_GENL_A_EVENT_VALUE,		/* u64: PN at a flip, packets at a limit */

	__QOE_GENL_A_EVENT_MAX,
	QOE_GENL_A_EVENT_MAX = __QOE_GENL_A_EVENT_MAX - 1
};

/* Values equal to the firmware ABI's QOE_EV_*. */
enum qoe_genl_event_type {
	QOE_GENL_EVENT_KEY_PHASE_FLIP = 1,	/* RX: the peer switched phase */
	QOE_GENL_EVENT_USAGE_LIMIT = 2,		/* a key nears its usage limit */
	QOE_GENL_EVENT_INTEGRITY_LIMIT = 3,	/* RX: forgeries near the limit */
	QOE_GENL_EVENT_FLOW_ERROR = 4,		/* the device stopped the flow */
};

enum qoe_genl_fail_action {
	QOE_GENL_FAIL_DELIVER = 0,
	QOE_GENL_FAIL_DROP = 1,
};

/* Values equal to the firmware ABI's enum qoe_dir / qoe_cipher. */
enum qoe_genl_dir {
	QOE_GENL_DIR_TX = 0,
	QOE_GENL_DIR_RX = 1,
};

enum qoe_genl_cipher {
	QOE_GENL_CIPHER_AES_128_GCM = 1,
	QOE_GENL_CIPHER_AES_256_GCM = 2,
	QOE_GENL_CIPHER_CHACHA20_POLY1305 = 3,
};

/* Values equal to the firmware ABI's QOE_FEAT_* bits. */
#define QOE_GENL_FEAT_TX_CRYPTO		(1U << 0)
#define QOE_GENL_FEAT_RX_CRYPTO		(1U << 1)
#define QOE_GENL_FEAT_TX_GSO		(1U << 2)
#define QOE_GENL_FEAT_RX_GRO		(1U << 3)
#define QOE_GENL_FEAT_KEY_UPDATE	(1U << 4)
#define QOE_GENL_FEAT_IPV6		(1U << 5)
#define QOE_GENL_FEAT_EVENTS		(1U << 6)

#endif /* _UAPI_LINUX_QOE_OFFLOAD_H */
