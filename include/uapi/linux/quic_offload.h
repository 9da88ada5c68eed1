/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/quic_offload.yaml */
/* YNL-GEN uapi header */

#ifndef _UAPI_LINUX_QUIC_OFFLOAD_H
#define _UAPI_LINUX_QUIC_OFFLOAD_H

#define QUIC_OFFLOAD_FAMILY_NAME	"quic-offload"
#define QUIC_OFFLOAD_FAMILY_VERSION	1

#define QUIC_OFFLOAD_MAX_CID_LEN	20
#define QUIC_OFFLOAD_MAX_KEY_LEN	32
#define QUIC_OFFLOAD_IV_LEN		12

/**
 * enum quic_offload_dir - Direction of a flow.
 */
enum quic_offload_dir {
	QUIC_OFFLOAD_DIR_TX,
	QUIC_OFFLOAD_DIR_RX,
};

/**
 * enum quic_offload_cipher - AEAD and header protection pair (RFC 9001 section
 *   5).
 */
enum quic_offload_cipher {
	QUIC_OFFLOAD_CIPHER_AES_128_GCM = 1,
	QUIC_OFFLOAD_CIPHER_AES_256_GCM,
	QUIC_OFFLOAD_CIPHER_CHACHA20_POLY1305,
	QUIC_OFFLOAD_CIPHER_AES_128_CCM,
};

/**
 * enum quic_offload_fail_action - What the device does with an RX packet that
 *   fails authentication.
 * @QUIC_OFFLOAD_FAIL_DELIVER: Deliver the original bytes, marked; the stack
 *   decides.
 * @QUIC_OFFLOAD_FAIL_DROP: Drop and count.
 */
enum quic_offload_fail_action {
	QUIC_OFFLOAD_FAIL_DELIVER,
	QUIC_OFFLOAD_FAIL_DROP,
};

/**
 * enum quic_offload_feature - What a device offers.
 * @QUIC_OFFLOAD_F_TX: TX packet protection.
 * @QUIC_OFFLOAD_F_RX: RX packet unprotection.
 * @QUIC_OFFLOAD_F_TX_GSO: TX segmentation of one skb into packets.
 * @QUIC_OFFLOAD_F_RX_GRO: RX coalescing of opened packets.
 * @QUIC_OFFLOAD_F_KEY_UPDATE: Two key phases per flow.
 * @QUIC_OFFLOAD_F_IPV6: IPv6 flows.
 */
enum quic_offload_feature {
	QUIC_OFFLOAD_F_TX = 1,
	QUIC_OFFLOAD_F_RX = 2,
	QUIC_OFFLOAD_F_TX_GSO = 4,
	QUIC_OFFLOAD_F_RX_GRO = 8,
	QUIC_OFFLOAD_F_KEY_UPDATE = 16,
	QUIC_OFFLOAD_F_IPV6 = 32,
};

/**
 * enum quic_offload_event - What a device reports; the core's notifier chain
 *   and the qoe firmware ABI (QOE_EV_*) use the same values.
 * @QUIC_OFFLOAD_KEY_PHASE_FLIP: RX, the peer switched key phase; install the
 *   next phase's key.
 * @QUIC_OFFLOAD_USAGE_LIMIT: A key nears its AEAD confidentiality limit (RFC
 *   9001 6.6).
 * @QUIC_OFFLOAD_INTEGRITY_LIMIT: RX, forged packets near the AEAD integrity
 *   limit.
 * @QUIC_OFFLOAD_CONN_ERROR: The device stopped the flow; delete it and fall
 *   back.
 * @QUIC_OFFLOAD_DEV_DOWN: Offload on the device goes away; flows still delete.
 */
enum quic_offload_event {
	QUIC_OFFLOAD_KEY_PHASE_FLIP = 1,
	QUIC_OFFLOAD_USAGE_LIMIT,
	QUIC_OFFLOAD_INTEGRITY_LIMIT,
	QUIC_OFFLOAD_CONN_ERROR,
	QUIC_OFFLOAD_DEV_DOWN,
};

enum {
	QUIC_OFFLOAD_A_DEV_IFINDEX = 1,
	QUIC_OFFLOAD_A_DEV_IFNAME,
	QUIC_OFFLOAD_A_DEV_ENABLED,
	QUIC_OFFLOAD_A_DEV_CIPHERS,
	QUIC_OFFLOAD_A_DEV_FEATURES,
	QUIC_OFFLOAD_A_DEV_MAX_FLOWS,
	QUIC_OFFLOAD_A_DEV_MAX_CID_LEN,
	QUIC_OFFLOAD_A_DEV_MAX_GSO_SEGS,
	QUIC_OFFLOAD_A_DEV_MAX_GRO_SEGS,
	QUIC_OFFLOAD_A_DEV_N_FLOWS,

	__QUIC_OFFLOAD_A_DEV_MAX,
	QUIC_OFFLOAD_A_DEV_MAX = (__QUIC_OFFLOAD_A_DEV_MAX - 1)
};

enum {
	QUIC_OFFLOAD_A_FLOW_IFINDEX = 1,
	QUIC_OFFLOAD_A_FLOW_HANDLE,
	QUIC_OFFLOAD_A_FLOW_DIR,
	QUIC_OFFLOAD_A_FLOW_CIPHER,
	QUIC_OFFLOAD_A_FLOW_FAMILY,
	QUIC_OFFLOAD_A_FLOW_CID,
	QUIC_OFFLOAD_A_FLOW_LOCAL_ADDR,
	QUIC_OFFLOAD_A_FLOW_REMOTE_ADDR,
	QUIC_OFFLOAD_A_FLOW_LOCAL_PORT,
	QUIC_OFFLOAD_A_FLOW_REMOTE_PORT,
	QUIC_OFFLOAD_A_FLOW_KEY_PHASE,
	QUIC_OFFLOAD_A_FLOW_KEYS_VALID,
	QUIC_OFFLOAD_A_FLOW_N_CIDS,
	QUIC_OFFLOAD_A_FLOW_PN,
	QUIC_OFFLOAD_A_FLOW_PACKETS,
	QUIC_OFFLOAD_A_FLOW_BYTES,
	QUIC_OFFLOAD_A_FLOW_AUTH_FAIL,
	QUIC_OFFLOAD_A_FLOW_KEY_UPDATES,
	QUIC_OFFLOAD_A_FLOW_DROPS,
	QUIC_OFFLOAD_A_FLOW_FAIL_ACTION,
	QUIC_OFFLOAD_A_FLOW_KEY,
	QUIC_OFFLOAD_A_FLOW_IV,
	QUIC_OFFLOAD_A_FLOW_HP_KEY,
	QUIC_OFFLOAD_A_FLOW_AGE_MS,
	QUIC_OFFLOAD_A_FLOW_KEY_MISSING,

	__QUIC_OFFLOAD_A_FLOW_MAX,
	QUIC_OFFLOAD_A_FLOW_MAX = (__QUIC_OFFLOAD_A_FLOW_MAX - 1)
};

enum {
	QUIC_OFFLOAD_A_EVENT_IFINDEX = 1,
	QUIC_OFFLOAD_A_EVENT_HANDLE,
	QUIC_OFFLOAD_A_EVENT_TYPE,
	QUIC_OFFLOAD_A_EVENT_PHASE,
	QUIC_OFFLOAD_A_EVENT_VALUE,

	__QUIC_OFFLOAD_A_EVENT_MAX,
	QUIC_OFFLOAD_A_EVENT_MAX = (__QUIC_OFFLOAD_A_EVENT_MAX - 1)
};

enum {
	QUIC_OFFLOAD_CMD_DEV_GET = 1,
	QUIC_OFFLOAD_CMD_FLOW_GET,
	QUIC_OFFLOAD_CMD_FLOW_ADD,
	QUIC_OFFLOAD_CMD_FLOW_DEL,
	QUIC_OFFLOAD_CMD_KEY_INSTALL,
	QUIC_OFFLOAD_CMD_FLOW_EVENT,

	__QUIC_OFFLOAD_CMD_MAX,
	QUIC_OFFLOAD_CMD_MAX = (__QUIC_OFFLOAD_CMD_MAX - 1)
};

#define QUIC_OFFLOAD_MCGRP_EVENTS	"events"

#endif /* _UAPI_LINUX_QUIC_OFFLOAD_H */
