/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause) */
/*
 * One qoe virtio device as the firmware runs it: its engine, its queues in
 * the driver's memory, and the wire to its peer device.  Transport-neutral:
 * the vhost-user glue (qoe_firmware.c) and the tests hand it rings and a
 * notify callback; nothing here knows about sockets.
 */
#ifndef _QOE_VDEV_H
#define _QOE_VDEV_H

#include "qoe_engine.h"
#include "qoe_crypto.h"
#include "qoe_vring.h"
#include "qoe/virtio_qoe.h"

/* Largest frame on the wire (one segment), and largest TX request. */
#define QOE_VDEV_FRAME_MAX	9216
#define QOE_VDEV_TX_MAX		(65536 + 256)
#define QOE_VDEV_ADMIN_MAX	65536
#define QOE_VDEV_BATCH		64	/* wire packets per RX engine burst */

/* Transport counters: what the queues saw, beside the engine's own. */
enum qoe_vdev_stat {
	QOE_VDEV_ADMIN_REQS,
	QOE_VDEV_ADMIN_BAD,		/* malformed admin chains */
	QOE_VDEV_TX_REQS,
	QOE_VDEV_TX_BAD,		/* malformed TX chains or headers */
	QOE_VDEV_TX_DROP,		/* refused by the engine: not sent */
	QOE_VDEV_TX_PLAIN,		/* unmarked frames sent as they are */
	QOE_VDEV_WIRE_PACKETS,		/* frames put on the wire to the peer */
	QOE_VDEV_RX_FRAMES,		/* frames written to RX buffers */
	QOE_VDEV_RX_COALESCED,		/* of which GRO super-packets */
	QOE_VDEV_RX_NO_BUFFER,		/* dropped: no RX buffer posted */
	QOE_VDEV_RX_TOO_BIG,		/* dropped: frame larger than the buffer */
	QOE_VDEV_RX_DROP,		/* dropped: the flow's fail action */
	QOE_VDEV_RX_BAD,		/* malformed RX chains */
	QOE_VDEV_EVENTS,		/* events written to the event queue */
	QOE_VDEV_TX_CROSS_QUEUE,	/* sealed by another pair's engine */
	QOE_VDEV_PAIRS_REFUSED,		/* pairs set up after flows were placed */
	QOE_VDEV_RX_STEERED,		/* to the owning pair, not the RSS one */
	QOE_VDEV_STAT_MAX
};

extern const char *const qoe_vdev_stat_names[QOE_VDEV_STAT_MAX];

/*
 * One queue pair's state: its engine (flow table, keys, crypto backend)
 * and the frames on the wire waiting for it.  Nothing here is shared with
 * another pair, so each could have a worker of its own.
 */
struct qoe_vdev_pair {
	struct qoe_crypto crypto;
	struct qoe_engine *engine;	/* NULL: pair not in use */
	uint8_t *wire_mem;
	struct qoe_buf wire[QOE_VDEV_BATCH];
	struct qoe_rx_cmpl cmpl[QOE_VDEV_BATCH];
	struct qoe_gro_group groups[QOE_VDEV_BATCH];
	uint16_t n_wire;
};

struct qoe_vdev {
	const char *name;
	struct qoe_engine_cfg cfg;
	struct qoe_vdev *peer;		/* where our TX lands, or NULL */

	struct qoe_vdev_pair pair[QOE_VQ_PAIRS_MAX];
	unsigned int n_pairs;		/* pairs flows are spread over */
	bool placed;			/* a flow was added: n_pairs is fixed */
	unsigned int ev_next;		/* pair whose events go out next */

	struct qoe_vring vq[QOE_VQ_MAX];
	bool vq_ready[QOE_VQ_MAX];
	unsigned int n_queues;		/* queues the driver set up */
	/* the driver wants an interrupt on queue @q */
	void (*notify)(void *ctx, unsigned int q);
	void *notify_ctx;

	/* device-private copies: the driver's memory is read once */
	uint8_t *admin_buf;
	uint8_t *tx_buf;
	uint8_t *seg_mem;		/* max_gso_segs frames */
	struct qoe_buf *segs;
	uint8_t *gro_buf;

	uint64_t stats[QOE_VDEV_STAT_MAX];
};

/*
 * Pair 0's engine and the buffers; the queues come later
 * (qoe_vdev_set_vq(), which brings up the engine of each further pair).
 */
int qoe_vdev_init(struct qoe_vdev *v, const char *name,
		  const struct qoe_engine_cfg *cfg);
void qoe_vdev_fini(struct qoe_vdev *v);

/*
 * A driver reset: the queues go, and so does every flow and key (a new
 * engine), as a function-level reset clears a NIC.
 */
int qoe_vdev_reset(struct qoe_vdev *v);

/* Queue @q lives at @desc/@avail/@used with @size entries. */
int qoe_vdev_set_vq(struct qoe_vdev *v, unsigned int q, uint16_t size,
		    void *desc, void *avail, void *used, uint16_t last_avail,
		    qoe_vring_map_fn map, void *map_ctx);

/*
 * Serve every queue once: admin requests, TX (to the peer's RX), events.
 * At most @budget chains per queue.  Returns the chains handled (0: idle).
 */
int qoe_vdev_poll(struct qoe_vdev *v, unsigned int budget);

/*
 * Run the admin entries in @buf (@len bytes) as the device's admin queue
 * does: each on the engine of the pair it concerns (vdev_admin.c).
 * Returns the entries run, or -EINVAL for a malformed buffer.
 */
int qoe_vdev_admin(struct qoe_vdev *v, uint8_t *buf, size_t len);

/* The engine counters of every pair, summed (enum qoe_stat). */
void qoe_vdev_engine_stats(struct qoe_vdev *v, u64 st[QOE_STAT_MAX]);

/* The engine of pair @k (0: always there), or NULL. */
static inline struct qoe_engine *qoe_vdev_engine(struct qoe_vdev *v,
						 unsigned int k)
{
	return k < QOE_VQ_PAIRS_MAX ? v->pair[k].engine : NULL;
}

#endif /* _QOE_VDEV_H */
