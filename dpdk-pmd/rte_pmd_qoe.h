/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause) */
/*
 * Private API of the net_qoe PMD (QUIC 1-RTT packet protection offload),
 * in the manner of rte_pmd_ixgbe.h.  Functions return 0 or a negative errno:
 * -ENODEV (not a net_qoe port), -EINVAL (bad parameter), -ENOENT (no such
 * flow), -ENOSPC (table full), -EEXIST (CID/address taken), -ENOKEY (no key).
 *
 * Per-packet metadata travels in one mbuf dynamic field (struct
 * rte_pmd_qoe_meta) with two dynamic flags: RTE_PMD_QOE_DYNFLAG_TX_NAME asks
 * the PMD to protect a packet, RTE_PMD_QOE_DYNFLAG_RX_NAME says the RX half
 * of the field is filled; rte_pmd_qoe_rx_result() reads it.  The mbuf's
 * RTE_MBUF_F_RX_SEC_OFFLOAD flags are not used: they belong to rte_security
 * sessions, and DPDK 22.11's rte_security has no QUIC protocol.  The
 * helpers below look the field up by name, so an application needs no
 * link-time dependency on the PMD for the data path.
 */
#ifndef _RTE_PMD_QOE_H_
#define _RTE_PMD_QOE_H_

#include <stdint.h>
#include <stddef.h>
#include <rte_compat.h>
#include <rte_errno.h>
#include <rte_mbuf.h>
#include <rte_mbuf_dyn.h>
#include <qoe/fw_abi.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RTE_PMD_QOE_DYNFIELD_NAME	"rte_pmd_qoe_dynfield_meta"
#define RTE_PMD_QOE_DYNFLAG_TX_NAME	"rte_pmd_qoe_dynflag_tx_protect"
#define RTE_PMD_QOE_DYNFLAG_RX_NAME	"rte_pmd_qoe_dynflag_rx_result"

/**
 * Per-packet metadata (mbuf dynamic field).
 *
 * TX (set by the application with the TX flag): @handle, @pn, @key_phase,
 * @pn_len, and @seg_size for QUIC GSO: the mbuf then holds one header and
 * the plaintext payloads of several packets back to back, @seg_size bytes
 * each (AEAD tag excluded), the last possibly shorter.  0 means no GSO.
 * The header's PN bytes and key-phase bit are written by the PMD.
 *
 * RX (set by the PMD with the RX flag): @status (enum qoe_status), @handle,
 * @key_phase, @pn_len, @pn (full packet number), @seg_count (packets
 * coalesced, 1 without GRO), @seg_size (plaintext bytes per packet).
 */
struct rte_pmd_qoe_meta {
	uint64_t pn;
	uint32_t handle;
	uint16_t seg_size;
	uint16_t seg_count;
	uint8_t key_phase;
	uint8_t pn_len;
	uint8_t status;
	uint8_t rsvd;
};

/** Offsets resolved by rte_pmd_qoe_dyn_init(). */
struct rte_pmd_qoe_dyn {
	int field_offset;
	uint64_t tx_flag;
	uint64_t rx_flag;
};

/**
 * Register (or find) the dynamic field and flags.  Call after rte_eal_init().
 * Returns 0 or -rte_errno.
 */
static inline int
rte_pmd_qoe_dyn_init(struct rte_pmd_qoe_dyn *dyn)
{
	static const struct rte_mbuf_dynfield field = {
		.name = RTE_PMD_QOE_DYNFIELD_NAME,
		.size = sizeof(struct rte_pmd_qoe_meta),
		.align = __alignof__(struct rte_pmd_qoe_meta),
	};
	static const struct rte_mbuf_dynflag txf = {
		.name = RTE_PMD_QOE_DYNFLAG_TX_NAME,
	};
	static const struct rte_mbuf_dynflag rxf = {
		.name = RTE_PMD_QOE_DYNFLAG_RX_NAME,
	};
	int off, tx, rx;

	off = rte_mbuf_dynfield_register(&field);
	tx = rte_mbuf_dynflag_register(&txf);
	rx = rte_mbuf_dynflag_register(&rxf);
	if (off < 0 || tx < 0 || rx < 0)
		return -rte_errno;
	dyn->field_offset = off;
	dyn->tx_flag = RTE_BIT64(tx);
	dyn->rx_flag = RTE_BIT64(rx);
	return 0;
}

static inline struct rte_pmd_qoe_meta *
rte_pmd_qoe_meta(const struct rte_pmd_qoe_dyn *dyn, struct rte_mbuf *m)
{
	return RTE_MBUF_DYNFIELD(m, dyn->field_offset, struct rte_pmd_qoe_meta *);
}

/** What the PMD did with a received packet: rte_pmd_qoe_rx_result(). */
enum rte_pmd_qoe_rx_result {
	RTE_PMD_QOE_RX_NONE = 0,	/**< no flow matched: as received */
	RTE_PMD_QOE_RX_DECRYPTED = 1,	/**< plaintext, header unprotected */
	RTE_PMD_QOE_RX_FAILED = 2,	/**< a flow matched but the packet did
					 *   not open (status says why): as
					 *   received, byte for byte
					 */
};

/** @m's RX result (its meta holds the status, PN, handle). */
static inline enum rte_pmd_qoe_rx_result
rte_pmd_qoe_rx_result(const struct rte_pmd_qoe_dyn *dyn, struct rte_mbuf *m)
{
	const struct rte_pmd_qoe_meta *md;

	if (!(m->ol_flags & dyn->rx_flag))
		return RTE_PMD_QOE_RX_NONE;
	md = rte_pmd_qoe_meta(dyn, m);
	if (md->status == QOE_ST_OK)
		return RTE_PMD_QOE_RX_DECRYPTED;
	return md->handle != QOE_HANDLE_INVALID ? RTE_PMD_QOE_RX_FAILED :
						  RTE_PMD_QOE_RX_NONE;
}

/**
 * A flow as the application describes it.  Addresses are in network order
 * (IPv4 in the first 4 bytes), ports in host order.
 */
struct rte_pmd_qoe_flow {
	uint8_t dir;		/**< enum qoe_dir */
	uint8_t cipher;		/**< enum qoe_cipher */
	uint8_t family;		/**< enum qoe_family: 4 or 6 */
	uint8_t cid_len;	/**< 0..20 */
	uint8_t key_phase;	/**< initial phase */
	uint8_t fail_action;	/**< enum qoe_fail_action (RX) */
	uint8_t cid[QOE_MAX_CID_LEN]; /**< TX: DCID sent; RX: local CID */
	uint8_t local_addr[16];
	uint8_t remote_addr[16];
	uint16_t local_port;
	uint16_t remote_port;
	uint64_t pn;		/**< TX next PN; RX largest or QOE_PN_NONE */
	uint8_t hp_key[QOE_MAX_KEY_LEN]; /**< key length from @cipher */
};

struct rte_pmd_qoe_caps {
	uint16_t abi_version;
	uint16_t ciphers;	/**< bitmap of 1 << enum qoe_cipher */
	uint32_t features;	/**< QOE_FEAT_* */
	uint32_t max_flows;
	uint32_t max_cids;
	uint8_t max_cid_len;
	uint16_t max_gso_segs;
	uint16_t max_gro_segs;
};

struct rte_pmd_qoe_flow_stats {
	uint32_t handle;
	uint8_t dir;
	uint8_t cipher;
	uint8_t key_phase;
	uint8_t keys_valid;
	uint8_t family;
	uint8_t cid_len;
	uint8_t cid[QOE_MAX_CID_LEN];
	uint8_t local_addr[16];
	uint8_t remote_addr[16];
	uint16_t local_port;	/**< host order */
	uint16_t remote_port;	/**< host order */
	uint64_t packets;
	uint64_t bytes;
	uint64_t auth_fail;
	uint64_t drops;
	uint64_t key_updates;
	uint64_t pn;		/**< TX next PN; RX largest, QOE_PN_NONE if none */
	uint64_t age_ms;	/**< since rte_pmd_qoe_flow_add() */
	/**
	 * The queue that serves the flow: with per-queue engines (net_qoe
	 * engines=N) its packets arrive on this RX queue, and sent on the TX
	 * queue of this number they never wait for another queue's engine.
	 */
	uint16_t queue;
	/**
	 * Packets of this flow that found no key for their phase: RX ones
	 * went up unopened, TX ones were dropped (and are in @drops too).
	 */
	uint64_t key_missing;
};

struct rte_pmd_qoe_event {
	uint16_t type;		/**< enum qoe_event_type */
	uint8_t phase;
	uint32_t handle;
	uint64_t value;
};

/**
 * What a PMD implements to offer QUIC offload on its ports.  net_qoe is
 * one; a NIC's PMD registers the same table for its ports, and every
 * rte_pmd_qoe_* call, the /qoe/ telemetry and offloadctl then work on
 * them.  caps_get, flow_add, flow_del and key_install are required; a
 * missing optional op answers -ENOTSUP.  The entry points check @port and
 * NULL pointers before an op runs; ops return 0 or -errno as documented
 * for the entry point of the same name.
 */
struct rte_pmd_qoe_ops {
	int (*caps_get)(uint16_t port, struct rte_pmd_qoe_caps *caps);
	int (*flow_add)(uint16_t port, const struct rte_pmd_qoe_flow *f,
			uint32_t *handle);
	int (*flow_del)(uint16_t port, uint32_t handle);
	int (*key_install)(uint16_t port, uint32_t handle, uint8_t phase,
			   const uint8_t *key, size_t key_len,
			   const uint8_t iv[QOE_IV_LEN]);
	int (*key_retire)(uint16_t port, uint32_t handle, uint8_t phase);
	int (*cid_add)(uint16_t port, uint32_t handle, const uint8_t *cid,
		       size_t cid_len);
	int (*cid_del)(uint16_t port, uint32_t handle, const uint8_t *cid,
		       size_t cid_len);
	int (*rx_resync)(uint16_t port, uint32_t handle, uint64_t largest_pn);
	int (*flow_stats_get)(uint16_t port, uint32_t handle,
			      struct rte_pmd_qoe_flow_stats *st);
	int (*flow_next)(uint16_t port, uint64_t cursor,
			 struct rte_pmd_qoe_flow_stats *st, uint64_t *next);
	int (*event_pop)(uint16_t port, struct rte_pmd_qoe_event *ev);
};

/**
 * Offer QUIC offload on @port through @ops (kept, not copied).  A PMD
 * calls it once the port exists and rte_pmd_qoe_ops_unregister() before
 * the port goes.  Returns 0, -EINVAL (bad port, a required op missing) or
 * -EEXIST (the port has ops already).
 */
__rte_experimental
int rte_pmd_qoe_ops_register(uint16_t port, const struct rte_pmd_qoe_ops *ops);
__rte_experimental
void rte_pmd_qoe_ops_unregister(uint16_t port);

/** True when @port offers QUIC offload (its PMD registered ops). */
__rte_experimental
int rte_pmd_qoe_is_qoe_port(uint16_t port);
__rte_experimental
int rte_pmd_qoe_caps_get(uint16_t port, struct rte_pmd_qoe_caps *caps);
__rte_experimental
int rte_pmd_qoe_flow_add(uint16_t port, const struct rte_pmd_qoe_flow *f,
			 uint32_t *handle);
__rte_experimental
int rte_pmd_qoe_flow_del(uint16_t port, uint32_t handle);
__rte_experimental
int rte_pmd_qoe_key_install(uint16_t port, uint32_t handle, uint8_t phase,
			    const uint8_t *key, size_t key_len,
			    const uint8_t iv[QOE_IV_LEN]);
__rte_experimental
int rte_pmd_qoe_key_retire(uint16_t port, uint32_t handle, uint8_t phase);
__rte_experimental
int rte_pmd_qoe_cid_add(uint16_t port, uint32_t handle, const uint8_t *cid,
			size_t cid_len);
__rte_experimental
int rte_pmd_qoe_cid_del(uint16_t port, uint32_t handle, const uint8_t *cid,
			size_t cid_len);
__rte_experimental
int rte_pmd_qoe_rx_resync(uint16_t port, uint32_t handle, uint64_t largest_pn);
__rte_experimental
int rte_pmd_qoe_flow_stats_get(uint16_t port, uint32_t handle,
			       struct rte_pmd_qoe_flow_stats *st);
/**
 * Walk the flow table: fills @st with the first flow whose slot is at or
 * after @cursor (start with 0) and sets *@next to the cursor after it.
 * Returns 0, or -ENOENT when there are no more flows.
 */
__rte_experimental
int rte_pmd_qoe_flow_next(uint16_t port, uint64_t cursor,
			  struct rte_pmd_qoe_flow_stats *st, uint64_t *next);
/** Pop one engine event: 1 when @ev was filled, 0 when none, or -errno. */
__rte_experimental
int rte_pmd_qoe_event_pop(uint16_t port, struct rte_pmd_qoe_event *ev);

#ifdef __cplusplus
}
#endif

#endif /* _RTE_PMD_QOE_H_ */
