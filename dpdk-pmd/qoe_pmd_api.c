/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause) */
/*
 * net_qoe's QUIC offload ops (struct rte_pmd_qoe_ops): the control path.
 * Every call becomes one admin command to the port's engine (through
 * firmware-if/qoe_host.h), under the port lock the data path also takes,
 * and keeps the host-side flow table the data path reads in step.  The
 * rte_pmd_qoe_* entry points (qoe_offload_ops.c) reach these through the
 * ops the port registered, as they would another PMD's.
 */
#include <errno.h>
#include <string.h>

#include <rte_cycles.h>
#include <ethdev_driver.h>

#include "qoe_pmd.h"
#include "qoe_host.h"

uint64_t
qoe_pmd_now_ms(void)
{
	return rte_get_timer_cycles() / (rte_get_timer_hz() / 1000);
}

struct qoe_pmd_flow *
qoe_pmd_flow_slot(struct qoe_pmd_dev *d, uint32_t handle)
{
	uint32_t slot = qoe_engine_handle_slot(d->engine, handle);

	if (slot == QOE_NIL || slot > d->args.max_flows ||
	    d->flows[slot].handle != handle)
		return NULL;
	return &d->flows[slot];
}

static int
qoe_pmd_caps_get(uint16_t port, struct rte_pmd_qoe_caps *caps)
{
	struct qoe_pmd_dev *d = qoe_pmd_dev_get(port);
	struct qoe_cmd_caps c;
	int st;

	if (d == NULL)
		return -ENODEV;
	if (caps == NULL)
		return -EINVAL;
	rte_spinlock_lock(&d->lock);
	st = qoe_host_caps(d->host, &c);
	rte_spinlock_unlock(&d->lock);
	if (st != QOE_ST_OK)
		return qoe_status_to_errno(st);
	memset(caps, 0, sizeof(*caps));
	caps->abi_version = le16_to_cpu(c.abi_version);
	caps->ciphers = le16_to_cpu(c.ciphers);
	caps->features = le32_to_cpu(c.features);
	caps->max_flows = le32_to_cpu(c.max_flows);
	caps->max_cids = le32_to_cpu(c.max_cids);
	caps->max_cid_len = c.max_cid_len;
	caps->max_gso_segs = le16_to_cpu(c.max_gso_segs);
	caps->max_gro_segs = le16_to_cpu(c.max_gro_segs);
	return 0;
}

static int
qoe_pmd_flow_add(uint16_t port, const struct rte_pmd_qoe_flow *f,
		     uint32_t *handle)
{
	struct qoe_pmd_dev *d = qoe_pmd_dev_get(port);
	struct qoe_flow_params p;
	struct qoe_pmd_flow *pf;
	uint32_t h = QOE_HANDLE_INVALID;
	int st;

	if (d == NULL)
		return -ENODEV;
	if (f == NULL || handle == NULL || f->cid_len > QOE_MAX_CID_LEN)
		return -EINVAL;
	memset(&p, 0, sizeof(p));
	p.dir = f->dir;
	p.cipher = f->cipher;
	p.family = f->family;
	p.cid_len = f->cid_len;
	p.key_phase = f->key_phase;
	p.fail_action = f->fail_action;
	memcpy(p.cid, f->cid, sizeof(p.cid));
	memcpy(p.local_addr, f->local_addr, sizeof(p.local_addr));
	memcpy(p.remote_addr, f->remote_addr, sizeof(p.remote_addr));
	p.local_port = f->local_port;
	p.remote_port = f->remote_port;
	p.pn = f->pn;
	memcpy(p.hp_key, f->hp_key, sizeof(p.hp_key));

	rte_spinlock_lock(&d->lock);
	st = qoe_host_flow_add(d->host, &p, &h);
	if (st == QOE_ST_OK) {
		if (qoe_engine_handle_slot(d->engine, h) > d->args.max_flows) {
			/* the engine promised max_flows slots */
			qoe_host_flow_del(d->host, h);
			st = QOE_ST_NO_SPACE;
		}
	}
	if (st == QOE_ST_OK) {
		pf = &d->flows[qoe_engine_handle_slot(d->engine, h)];
		memset(pf, 0, sizeof(*pf));
		pf->handle = h;
		pf->dir = f->dir;
		pf->family = f->family;
		pf->cid_len = f->cid_len;
		memcpy(pf->local_addr, f->local_addr, 16);
		memcpy(pf->remote_addr, f->remote_addr, 16);
		pf->local_port = rte_cpu_to_be_16(f->local_port);
		pf->remote_port = rte_cpu_to_be_16(f->remote_port);
		pf->next_pn = f->dir == QOE_DIR_TX ? f->pn : 0;
		pf->added_ms = qoe_pmd_now_ms();
		if (f->dir == QOE_DIR_TX)
			d->n_tx_flows++;
	}
	rte_spinlock_unlock(&d->lock);
	qoe_wipe(&p, sizeof(p));	/* the HP key; a memset would be elided */
	if (st != QOE_ST_OK) {
		QOE_LOG(DEBUG, "%s: flow add: %s", d->name,
			qoe_status_name((unsigned int)st));
		return qoe_status_to_errno(st);
	}
	*handle = h;
	return 0;
}

static int
qoe_pmd_flow_del(uint16_t port, uint32_t handle)
{
	struct qoe_pmd_dev *d = qoe_pmd_dev_get(port);
	struct qoe_pmd_flow *pf;
	int st;

	if (d == NULL)
		return -ENODEV;
	rte_spinlock_lock(&d->lock);
	st = qoe_host_flow_del(d->host, handle);
	pf = qoe_pmd_flow_slot(d, handle);
	if (st == QOE_ST_OK && pf != NULL) {
		if (pf->dir == QOE_DIR_TX)
			d->n_tx_flows--;
		memset(pf, 0, sizeof(*pf));
	}
	rte_spinlock_unlock(&d->lock);
	return qoe_status_to_errno(st);
}

static int
qoe_pmd_key_install(uint16_t port, uint32_t handle, uint8_t phase,
			const uint8_t *key, size_t key_len,
			const uint8_t iv[QOE_IV_LEN])
{
	struct qoe_pmd_dev *d = qoe_pmd_dev_get(port);
	int st;

	if (d == NULL)
		return -ENODEV;
	if (key == NULL || iv == NULL || phase > 1)
		return -EINVAL;
	rte_spinlock_lock(&d->lock);
	st = qoe_host_key_install(d->host, handle, phase, key, key_len, iv);
	rte_spinlock_unlock(&d->lock);
	return qoe_status_to_errno(st);
}

static int
qoe_pmd_key_retire(uint16_t port, uint32_t handle, uint8_t phase)
{
	struct qoe_pmd_dev *d = qoe_pmd_dev_get(port);
	int st;

	if (d == NULL)
		return -ENODEV;
	if (phase > 1)
		return -EINVAL;
	rte_spinlock_lock(&d->lock);
	st = qoe_host_key_retire(d->host, handle, phase);
	rte_spinlock_unlock(&d->lock);
	return qoe_status_to_errno(st);
}

static int
cid_op(uint16_t port, uint32_t handle, const uint8_t *cid, size_t cid_len,
       bool add)
{
	struct qoe_pmd_dev *d = qoe_pmd_dev_get(port);
	struct qoe_pmd_flow *pf;
	int st;

	if (d == NULL)
		return -ENODEV;
	if ((cid == NULL && cid_len != 0) || cid_len > QOE_MAX_CID_LEN)
		return -EINVAL;
	rte_spinlock_lock(&d->lock);
	if (add)
		st = qoe_host_cid_add(d->host, handle, cid, cid_len);
	else
		st = qoe_host_cid_del(d->host, handle, cid, cid_len);
	pf = qoe_pmd_flow_slot(d, handle);
	/* TX CID_ADD replaces the DCID: the header length follows it */
	if (st == QOE_ST_OK && add && pf != NULL && pf->dir == QOE_DIR_TX)
		pf->cid_len = (uint8_t)cid_len;
	rte_spinlock_unlock(&d->lock);
	return qoe_status_to_errno(st);
}

static int
qoe_pmd_cid_add(uint16_t port, uint32_t handle, const uint8_t *cid,
		    size_t cid_len)
{
	return cid_op(port, handle, cid, cid_len, true);
}

static int
qoe_pmd_cid_del(uint16_t port, uint32_t handle, const uint8_t *cid,
		    size_t cid_len)
{
	return cid_op(port, handle, cid, cid_len, false);
}

static int
qoe_pmd_rx_resync(uint16_t port, uint32_t handle, uint64_t largest_pn)
{
	struct qoe_pmd_dev *d = qoe_pmd_dev_get(port);
	int st;

	if (d == NULL)
		return -ENODEV;
	rte_spinlock_lock(&d->lock);
	st = qoe_host_rx_resync(d->host, handle, largest_pn);
	rte_spinlock_unlock(&d->lock);
	return qoe_status_to_errno(st);
}

static void
fill_stats(struct qoe_pmd_dev *d, const struct qoe_cmd_flow_query *q,
	   struct rte_pmd_qoe_flow_stats *st)
{
	uint32_t h = le32_to_cpu(q->handle);
	struct qoe_pmd_flow *pf = qoe_pmd_flow_slot(d, h);

	memset(st, 0, sizeof(*st));
	st->handle = h;
	st->dir = q->dir;
	st->cipher = q->cipher;
	st->key_phase = q->cur_phase;
	st->keys_valid = q->keys_valid;
	st->family = q->family;
	st->cid_len = q->cid_len;
	memcpy(st->cid, q->cid, sizeof(st->cid));
	memcpy(st->local_addr, q->local_addr, 16);
	memcpy(st->remote_addr, q->remote_addr, 16);
	st->local_port = rte_be_to_cpu_16(q->local_port);
	st->remote_port = rte_be_to_cpu_16(q->remote_port);
	st->packets = le64_to_cpu(q->packets);
	st->bytes = le64_to_cpu(q->bytes);
	st->auth_fail = le64_to_cpu(q->auth_fail);
	st->drops = le64_to_cpu(q->drops);
	st->key_updates = le64_to_cpu(q->key_updates);
	st->pn = le64_to_cpu(q->pn);
	if (pf != NULL)
		st->age_ms = qoe_pmd_now_ms() - pf->added_ms;
}

static int
qoe_pmd_flow_stats_get(uint16_t port, uint32_t handle,
			   struct rte_pmd_qoe_flow_stats *st)
{
	struct qoe_pmd_dev *d = qoe_pmd_dev_get(port);
	struct qoe_cmd_flow_query q;
	int s;

	if (d == NULL)
		return -ENODEV;
	if (st == NULL)
		return -EINVAL;
	rte_spinlock_lock(&d->lock);
	s = qoe_host_flow_query(d->host, handle, false, &q);
	if (s == QOE_ST_OK)
		fill_stats(d, &q, st);
	rte_spinlock_unlock(&d->lock);
	return qoe_status_to_errno(s);
}

static int
qoe_pmd_flow_next(uint16_t port, uint64_t cursor,
		      struct rte_pmd_qoe_flow_stats *st, uint64_t *next)
{
	struct qoe_pmd_dev *d = qoe_pmd_dev_get(port);
	struct qoe_cmd_flow_query q;
	int s;

	if (d == NULL)
		return -ENODEV;
	if (st == NULL || next == NULL)
		return -EINVAL;
	if (cursor > QOE_HANDLE_SLOT_MASK)
		return -ENOENT;
	rte_spinlock_lock(&d->lock);
	s = qoe_host_flow_query(d->host, (uint32_t)cursor, true, &q);
	if (s == QOE_ST_OK)
		fill_stats(d, &q, st);
	rte_spinlock_unlock(&d->lock);
	if (s == QOE_ST_NO_FLOW)
		return -ENOENT;
	if (s != QOE_ST_OK)
		return qoe_status_to_errno(s);
	*next = le32_to_cpu(q.next);
	return 0;
}

void
qoe_pmd_events_pull(struct qoe_pmd_dev *d)
{
	struct qoe_event e;

	while (qoe_engine_event_pop(d->engine, &e)) {
		struct rte_pmd_qoe_event *ev = &d->evlog[d->ev_next % QOE_PMD_EVLOG];

		ev->type = le16_to_cpu(e.type);
		ev->phase = e.phase;
		ev->handle = le32_to_cpu(e.handle);
		ev->value = le64_to_cpu(e.value);
		d->ev_next++;
	}
}

static int
qoe_pmd_event_pop(uint16_t port, struct rte_pmd_qoe_event *ev)
{
	struct qoe_pmd_dev *d = qoe_pmd_dev_get(port);
	int got = 0;

	if (d == NULL)
		return -ENODEV;
	if (ev == NULL)
		return -EINVAL;
	rte_spinlock_lock(&d->lock);
	qoe_pmd_events_pull(d);
	/* the application's own cursor: telemetry readers do not move it */
	if (d->ev_next > QOE_PMD_EVLOG && d->ev_app < d->ev_next - QOE_PMD_EVLOG)
		d->ev_app = d->ev_next - QOE_PMD_EVLOG;
	if (d->ev_app < d->ev_next) {
		*ev = d->evlog[d->ev_app++ % QOE_PMD_EVLOG];
		got = 1;
	}
	rte_spinlock_unlock(&d->lock);
	return got;
}

const struct rte_pmd_qoe_ops qoe_pmd_ops = {
	.caps_get = qoe_pmd_caps_get,
	.flow_add = qoe_pmd_flow_add,
	.flow_del = qoe_pmd_flow_del,
	.key_install = qoe_pmd_key_install,
	.key_retire = qoe_pmd_key_retire,
	.cid_add = qoe_pmd_cid_add,
	.cid_del = qoe_pmd_cid_del,
	.rx_resync = qoe_pmd_rx_resync,
	.flow_stats_get = qoe_pmd_flow_stats_get,
	.flow_next = qoe_pmd_flow_next,
	.event_pop = qoe_pmd_event_pop,
};
