/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause) */
/*
 * The rte_pmd_qoe_* entry points, for any PMD: each port that offers QUIC
 * offload has an ops table (struct rte_pmd_qoe_ops) its PMD registered;
 * the calls check their arguments once here and go to that table.  This
 * is the part a NIC's PMD shares with net_qoe, as ipsec_mb's PMDs share
 * ipsec_mb_private.c.
 */
#include <errno.h>
#include <stddef.h>

#include <rte_ethdev.h>

#include "rte_pmd_qoe.h"

static const struct rte_pmd_qoe_ops *qoe_port_ops[RTE_MAX_ETHPORTS];

int
rte_pmd_qoe_ops_register(uint16_t port, const struct rte_pmd_qoe_ops *ops)
{
	const struct rte_pmd_qoe_ops *none = NULL;

	if (port >= RTE_MAX_ETHPORTS || ops == NULL || ops->caps_get == NULL ||
	    ops->flow_add == NULL || ops->flow_del == NULL ||
	    ops->key_install == NULL)
		return -EINVAL;
	if (!__atomic_compare_exchange_n(&qoe_port_ops[port], &none, ops, false,
					 __ATOMIC_RELEASE, __ATOMIC_RELAXED))
		return -EEXIST;
	return 0;
}

void
rte_pmd_qoe_ops_unregister(uint16_t port)
{
	if (port < RTE_MAX_ETHPORTS)
		__atomic_store_n(&qoe_port_ops[port], NULL, __ATOMIC_RELEASE);
}

static const struct rte_pmd_qoe_ops *
qoe_ops_of(uint16_t port)
{
	if (port >= RTE_MAX_ETHPORTS)
		return NULL;
	return __atomic_load_n(&qoe_port_ops[port], __ATOMIC_ACQUIRE);
}

int
rte_pmd_qoe_is_qoe_port(uint16_t port)
{
	return qoe_ops_of(port) != NULL;
}

/* The port's ops, or return -ENODEV (not a QUIC offload port). */
#define QOE_OPS(port, o)					\
	do {							\
		(o) = qoe_ops_of(port);				\
		if ((o) == NULL)				\
			return -ENODEV;				\
	} while (0)

int
rte_pmd_qoe_caps_get(uint16_t port, struct rte_pmd_qoe_caps *caps)
{
	const struct rte_pmd_qoe_ops *o;

	QOE_OPS(port, o);
	return caps == NULL ? -EINVAL : o->caps_get(port, caps);
}

int
rte_pmd_qoe_flow_add(uint16_t port, const struct rte_pmd_qoe_flow *f,
		     uint32_t *handle)
{
	const struct rte_pmd_qoe_ops *o;

	QOE_OPS(port, o);
	if (f == NULL || handle == NULL)
		return -EINVAL;
	return o->flow_add(port, f, handle);
}

int
rte_pmd_qoe_flow_del(uint16_t port, uint32_t handle)
{
	const struct rte_pmd_qoe_ops *o;

	QOE_OPS(port, o);
	return o->flow_del(port, handle);
}

int
rte_pmd_qoe_key_install(uint16_t port, uint32_t handle, uint8_t phase,
			const uint8_t *key, size_t key_len,
			const uint8_t iv[QOE_IV_LEN])
{
	const struct rte_pmd_qoe_ops *o;

	QOE_OPS(port, o);
	if (key == NULL || iv == NULL)
		return -EINVAL;
	return o->key_install(port, handle, phase, key, key_len, iv);
}

int
rte_pmd_qoe_key_retire(uint16_t port, uint32_t handle, uint8_t phase)
{
	const struct rte_pmd_qoe_ops *o;

	QOE_OPS(port, o);
	return o->key_retire ? o->key_retire(port, handle, phase) : -ENOTSUP;
}

int
rte_pmd_qoe_cid_add(uint16_t port, uint32_t handle, const uint8_t *cid,
		    size_t cid_len)
{
	const struct rte_pmd_qoe_ops *o;

	QOE_OPS(port, o);
	if (cid == NULL && cid_len)
		return -EINVAL;
	return o->cid_add ? o->cid_add(port, handle, cid, cid_len) : -ENOTSUP;
}

int
rte_pmd_qoe_cid_del(uint16_t port, uint32_t handle, const uint8_t *cid,
		    size_t cid_len)
{
	const struct rte_pmd_qoe_ops *o;

	QOE_OPS(port, o);
	if (cid == NULL && cid_len)
		return -EINVAL;
	return o->cid_del ? o->cid_del(port, handle, cid, cid_len) : -ENOTSUP;
}

int
rte_pmd_qoe_rx_resync(uint16_t port, uint32_t handle, uint64_t largest_pn)
{
	const struct rte_pmd_qoe_ops *o;

	QOE_OPS(port, o);
	return o->rx_resync ? o->rx_resync(port, handle, largest_pn) : -ENOTSUP;
}

int
rte_pmd_qoe_flow_stats_get(uint16_t port, uint32_t handle,
			   struct rte_pmd_qoe_flow_stats *st)
{
	const struct rte_pmd_qoe_ops *o;

	QOE_OPS(port, o);
	if (st == NULL)
		return -EINVAL;
	return o->flow_stats_get ? o->flow_stats_get(port, handle, st) : -ENOTSUP;
}

int
rte_pmd_qoe_flow_next(uint16_t port, uint64_t cursor,
		      struct rte_pmd_qoe_flow_stats *st, uint64_t *next)
{
	const struct rte_pmd_qoe_ops *o;

	QOE_OPS(port, o);
	if (st == NULL || next == NULL)
		return -EINVAL;
	return o->flow_next ? o->flow_next(port, cursor, st, next) : -ENOTSUP;
}

int
rte_pmd_qoe_event_pop(uint16_t port, struct rte_pmd_qoe_event *ev)
{
	const struct rte_pmd_qoe_ops *o;

	QOE_OPS(port, o);
	if (ev == NULL)
		return -EINVAL;
	/* a PMD without events has none to give */
	return o->event_pop ? o->event_pop(port, ev) : 0;
}
