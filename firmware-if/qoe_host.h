/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause) */
/*
 * Host-side helpers: build one admin command entry, hand it to the device
 * through its transport, read its status.  The kernel driver, the DPDK PMD,
 * tests and tools all talk to the device through these, so no caller packs
 * ABI structs by hand, and the same code drives the in-process engine today
 * and a queue or mailbox to a real device.
 */
#ifndef _QOE_HOST_H
#define _QOE_HOST_H

#include "qoe_engine.h"

/**
 * struct qoe_flow_params - a flow as the host describes it (CPU byte order,
 * except addresses which are network order as in packets)
 * @dir: enum qoe_dir
 * @cipher: enum qoe_cipher
 * @family: enum qoe_family
 * @cid_len: 0..20
 * @key_phase: initial phase
 * @fail_action: enum qoe_fail_action (RX)
 * @cid: TX: DCID of outgoing packets; RX: local CID to match
 * @local_addr: IPv4 in the first 4 bytes, or IPv6
 * @remote_addr: likewise
 * @local_port: host order
 * @remote_port: host order
 * @pn: TX next PN; RX largest received or QOE_PN_NONE
 * @hp_key: header protection key, qoe_cipher_key_len(cipher) bytes
 */
struct qoe_flow_params {
	u8 dir;
	u8 cipher;
	u8 family;
	u8 cid_len;
	u8 key_phase;
	u8 fail_action;
	u8 cid[QOE_MAX_CID_LEN];
	u8 local_addr[16];
	u8 remote_addr[16];
	u16 local_port;
	u16 remote_port;
	u64 pn;
	u8 hp_key[QOE_MAX_KEY_LEN];
};

/**
 * struct qoe_host_ops - how the host reaches one device's admin queue
 * @admin: hand the device the command entries in @buf (@len bytes, laid end
 *	to end as struct qoe_cmd_hdr says) and wait until it answered them; the
 *	device writes each entry's hdr.status and reply fields in place.
 *	Returns the number of entries answered, or -errno when the device
 *	could not be reached (gone, reset, timed out): then no reply is valid.
 */
struct qoe_host_ops {
	int (*admin)(void *dev, void *buf, size_t len);
};

/**
 * struct qoe_host - the host's handle on one device
 * @ops: its transport
 * @dev: the transport's own state, passed back to @ops
 */
struct qoe_host {
	const struct qoe_host_ops *ops;
	void *dev;
};

/*
 * Not a device status (those fit in 8 bits): the transport failed, so the
 * device may or may not have run the command.
 */
#define QOE_HOST_ST_UNREACHABLE	0x100

static inline void qoe_host_init(struct qoe_host *h,
				 const struct qoe_host_ops *ops, void *dev)
{
	h->ops = ops;
	h->dev = dev;
}

/*
 * The in-process engine's own handle (host_inproc.c): its admin queue is a
 * function call.  Valid as long as @e.
 */
struct qoe_host *qoe_engine_host(struct qoe_engine *e);

/* All return enum qoe_status: QOE_ST_OK (0) or why the device refused. */
int qoe_host_caps(struct qoe_host *h, struct qoe_cmd_caps *caps);
int qoe_host_flow_add(struct qoe_host *h, const struct qoe_flow_params *p,
		      u32 *handle);
int qoe_host_flow_del(struct qoe_host *h, u32 handle);
int qoe_host_key_install(struct qoe_host *h, u32 handle, u8 phase,
			 const u8 *key, size_t key_len,
			 const u8 iv[QOE_IV_LEN]);
int qoe_host_key_retire(struct qoe_host *h, u32 handle, u8 phase);
int qoe_host_cid_add(struct qoe_host *h, u32 handle, const u8 *cid,
		     size_t cid_len);
int qoe_host_cid_del(struct qoe_host *h, u32 handle, const u8 *cid,
		     size_t cid_len);
/* With @iter, returns the first flow at or after @handle's slot. */
int qoe_host_flow_query(struct qoe_host *h, u32 handle, bool iter,
			struct qoe_cmd_flow_query *q);
int qoe_host_rx_resync(struct qoe_host *h, u32 handle, u64 largest_pn);
int qoe_host_dev_stats(struct qoe_host *h, u64 counters[QOE_STAT_MAX]);
/* DEV_CONFIG: change the QOE_DEVCFG_* bits in @set to @flags; @now (may
 * be NULL) gets every switch as it then is.
 */
int qoe_host_dev_config(struct qoe_host *h, u32 set, u32 flags, u32 *now);

/* Map a device status (or QOE_HOST_ST_UNREACHABLE) onto -errno. */
int qoe_status_to_errno(int status);

#endif /* _QOE_HOST_H */
