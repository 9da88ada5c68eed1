/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * QUIC offload core, inside quic_offload.ko: the registry, the flows it
 * offloaded for each device, and the quic-offload netlink family.  No
 * device driver sees this.
 */
#ifndef _QUIC_OFFLOAD_CORE_H
#define _QUIC_OFFLOAD_CORE_H

#include <linux/atomic.h>
#include <linux/mutex.h>
#include <linux/xarray.h>
#include <net/genetlink.h>
#include <net/quic_offload.h>

struct quic_offload_dev {
	struct list_head list;
	struct net_device *dev;
	netdevice_tracker tracker;
	const struct quic_offload_ops *ops;
	struct quic_offload_caps caps;
	bool enabled;
	struct xarray flows;		/* handle -> struct qo_flow */
	struct mutex flows_lock;	/* the records' fields */
	u32 n_flows;
	struct rcu_head rcu;
};

/*
 * What the core knows of one flow: what conn_add was given (minus keys)
 * and what the wrappers changed since.  Counters come from the driver's
 * get_stats when asked.
 */
struct qo_flow {
	u32 handle;
	u8 dir;
	u8 cipher;
	u8 keys_valid;		/* BIT(phase) for each phase with a key */
	u8 cid_len;
	u8 cid[QUIC_OFFLOAD_MAX_CID_LEN];
	u16 family;
	__be16 sport;
	__be16 dport;
	u32 n_cids;
	u64 added_ns;		/* ktime_get_ns() at conn_add */
	union {
		__be32 v4;
		struct in6_addr v6;
	} saddr, daddr;
};

extern struct list_head qo_devs;
extern struct rw_semaphore qo_lock;
/* Bumped whenever a flow comes or goes: dumps say when they were cut. */
extern atomic_t qo_flows_gen;
extern struct genl_family quic_offload_nl_family;

struct quic_offload_dev *qo_find(const struct net_device *dev);
struct quic_offload_dev *qo_get(struct net_device *dev);
void qo_put(void);

struct qo_flow *qo_flow_new(const struct quic_offload_conn *conn);
int qo_flow_insert(struct quic_offload_dev *d, u32 handle, struct qo_flow *f);
void qo_flow_erase(struct quic_offload_dev *d, u32 handle);
void qo_flow_keys(struct quic_offload_dev *d, u32 handle, u8 set, u8 clear);
void qo_flow_cid(struct quic_offload_dev *d, u32 handle, const u8 *cid,
		 u8 cid_len, bool add);
bool qo_flow_copy(struct quic_offload_dev *d, u32 handle, struct qo_flow *f);
void qo_flows_forget(struct quic_offload_dev *d);

void qo_nl_event(enum quic_offload_event event, struct net_device *dev,
		 const struct quic_offload_event_info *info);

#endif /* _QUIC_OFFLOAD_CORE_H */
