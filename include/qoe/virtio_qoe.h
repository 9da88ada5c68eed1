/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause) */
/*
 * qoe as a virtio device: the firmware ABI's queues (include/qoe/fw_abi.h
 * says what travels in them, this file how).  Split virtqueues, no indirect
 * descriptors, no event index; every field little-endian.  Documented in
 * Documentation/firmware-abi.rst, "virtio transport".
 *
 * The device's identity and limits come from QUERY_CAPS on the admin
 * queue: its config space is empty.
 */
#ifndef _QOE_VIRTIO_QOE_H
#define _QOE_VIRTIO_QOE_H

#include "fw_abi.h"

/*
 * Outside the range virtio assigns (0..63 so far, the 40s being handed
 * out now): "QO".
 */
#define VIRTIO_ID_QOE		0x514f

/* Queues: admin, events, then a TX/RX pair per data queue. */
#define QOE_VQ_ADMIN		0
#define QOE_VQ_EVENT		1
#define QOE_VQ_TX(k)		(2 + 2 * (k))
#define QOE_VQ_RX(k)		(3 + 2 * (k))
#define QOE_VQ_PAIRS_MAX	8
#define QOE_VQ_MAX		QOE_VQ_TX(QOE_VQ_PAIRS_MAX)

/*
 * Queue pairs.  The device uses as many as the driver set up (TX and RX
 * both, consecutive from pair 0), each with its own engine state: flow
 * table, keys, counters.  That number is fixed from the first FLOW_ADD
 * until the next reset.  A new flow goes to the pair its UDP 4-tuple hashes
 * to (qoe_rss_hash(), symmetric, modulo the pairs), and its handle says
 * which: QOE_VQ_HANDLE_PAIR().  Its packets should be sent on that pair's
 * TX queue (the driver can tell it from the handle or, before a packet is
 * marked, from qoe_rss_hash() of its 4-tuple); on another queue the owning
 * pair's engine still seals them, counted as tx_cross_queue.  They arrive
 * on that pair's RX queue, also on a new path after a migration (a frame
 * whose flow another pair owns goes there, not where RSS says:
 * rx_steered).  Frames that are not IPv4/IPv6 UDP arrive
 * on pair 0.  QUERY_CAPS counts the flows and CIDs of every pair, DEV_STATS
 * sums their counters, DEV_CONFIG sets them all.
 */
#define QOE_VQ_PAIR_SHIFT	28
#define QOE_VQ_HANDLE_PAIR(h)	((h) >> QOE_VQ_PAIR_SHIFT)

/*
 * Admin queue (driver -> device).  One request is one descriptor chain:
 * device-readable, the command entries laid end to end as on any qoe
 * admin queue; then device-writable, struct qoe_vq_admin_reply followed by
 * room for the same entries, which the device returns with hdr.status and
 * their reply fields filled.  used.len: bytes written (8 + entries); 0 when
 * the chain was malformed (nothing written: the request was not run).
 */
struct qoe_vq_admin_reply {
	__le32 result;	/* entries processed, or -errno (as __le32) */
	__le32 rsvd;
};

/*
 * Event queue (device -> driver): the driver posts device-writable
 * buffers; the device writes as many whole struct qoe_event records into
 * each as fit.  used.len: 16 x events.  Events the device could not post
 * are counted in the dev_stats counter events_lost.
 */

/*
 * TX queue (driver -> device): one chain per packet or GSO super-packet,
 * all device-readable: struct qoe_vq_tx_hdr, then the Ethernet frame.
 * desc.flags 0: sent as it is (the driver completed any checksum);
 * QOE_TXF_CRYPTO: protected as struct qoe_tx_desc says, or dropped and
 * counted, never sent in clear.  used.len: 0 (buffers are reclaimed lazily).
 */
struct qoe_vq_tx_hdr {
	struct qoe_tx_desc desc;
};

/*
 * RX queue (device -> driver): the driver posts device-writable chains;
 * the device writes struct qoe_vq_rx_hdr then the Ethernet frame (a packet
 * as received, or a GRO super-packet in the UDP GRO layout: one IP/UDP
 * header, then gso_segs whole QUIC packets of gso_size bytes, the last
 * possibly shorter).  A frame that does not fit the chain at the head of
 * the queue is dropped and counted (rx_no_buffer); the device only
 * coalesces what fits.  used.len: sizeof(hdr) + len.
 */
struct qoe_vq_rx_hdr {
	struct qoe_rx_cmpl cmpl;
	__le16 gso_size;	/* 0: one packet */
	__le16 gso_segs;
	__le32 len;		/* frame bytes after this header */
};

QOE_ABI_ASSERT(struct qoe_vq_admin_reply, 8);
QOE_ABI_ASSERT(struct qoe_vq_tx_hdr, 24);
QOE_ABI_ASSERT(struct qoe_vq_rx_hdr, 32);

#endif /* _QOE_VIRTIO_QOE_H */
