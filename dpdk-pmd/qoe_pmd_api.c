/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause) */
/*
 * net_qoe's QUIC offload ops (struct rte_pmd_qoe_ops): the control path.
 * Every call becomes one admin command to the engine that owns the flow
 * (through firmware-if/qoe_host.h), under that engine's lock, which the
 * data path also takes, and keeps the host-side flow table the data path
 * reads in step.  A new flow goes to the engine its 4-tuple hashes to.  The
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

uint32_t
qoe_pmd_eng_handle(const struct qoe_pmd_dev *d, uint32_t handle)
{
	return d->n_engines > 1 ? handle & ((1u << QOE_PMD_ENG_SHIFT) - 1) :
				  handle;
}

uint32_t
qoe_pmd_port_handle(const struct qoe_pmd_dev *d, const struct qoe_pmd_eng *e,
		    uint32_t eh)
{
	if (d->n_engines <= 1 || eh == QOE_HANDLE_INVALID)
		return eh;
	return (uint32_t)(e - d->eng) << QOE_PMD_ENG_SHIFT | eh;
}

struct qoe_pmd_eng *
qoe_pmd_handle_eng(struct qoe_pmd_dev *d, uint32_t handle)
{
	unsigned int k = d->n_engines > 1 ? handle >> QOE_PMD_ENG_SHIFT : 0;

	return k < d->n_engines ? &d->eng[k] : NULL;
}

struct qoe_pmd_flow *
qoe_pmd_flow_slot(struct qoe_pmd_dev *d, struct qoe_pmd_eng *e, uint32_t eh)
{
	uint32_t slot = qoe_engine_handle_slot(e->engine, eh);

	if (slot == QOE_NIL || slot > d->args.max_flows ||
	    e->flows[slot].handle != eh)
		return NULL;
	return &e->flows[slot];
}

unsigned int
qoe_pmd_rss(const struct qoe_pmd_dev *d, uint8_t family, const uint8_t *a,
	    uint16_t aport, const uint8_t *b, uint16_t bport)
{
	if (d->n_engines <= 1)
		return 0;
	/* the engine's RSS: the same queue a virtio qoe device would pick */
	return qoe_rss_hash(family, a, aport, b, bport) % d->n_engines;
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
	rte_spinlock_lock(&d->eng[0].lock);
	st = qoe_host_caps(d->eng[0].host, &c);
	rte_spinlock_unlock(&d->eng[0].lock);
	if (st != QOE_ST_OK)
		return qoe_status_to_errno(st);
	memset(caps, 0, sizeof(*caps));
	caps->abi_version = le16_to_cpu(c.abi_version);
	caps->ciphers = le16_to_cpu(c.ciphers);
	caps->features = le32_to_cpu(c.features);
	/* every engine has the geometry; a flow fits if its own has room */
	caps->max_flows = le32_to_cpu(c.max_flows) * d->n_engines;
	caps->max_cids = le32_to_cpu(c.max_cids) * d->n_engines;
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
	struct qoe_pmd_eng *e;
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

	e = &d->eng[qoe_pmd_rss(d, f->family, f->local_addr,
				rte_cpu_to_be_16(f->local_port), f->remote_addr,
				rte_cpu_to_be_16(f->remote_port))];
	rte_spinlock_lock(&e->lock);
	st = qoe_host_flow_add(e->host, &p, &h);
	if (st == QOE_ST_OK) {
		if (qoe_engine_handle_slot(e->engine, h) > d->args.max_flows) {
			/* the engine promised max_flows slots */
			qoe_host_flow_del(e->host, h);
			st = QOE_ST_NO_SPACE;
		}
	}
	if (st == QOE_ST_OK) {
		pf = &e->flows[qoe_engine_handle_slot(e->engine, h)];
		qoe_pmd_key_sched_free(pf->sched);	/* a slot reused */
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
			e->n_tx_flows++;
	}
	rte_spinlock_unlock(&e->lock);
	qoe_wipe(&p, sizeof(p));	/* the HP key; a memset would be elided */
	if (st != QOE_ST_OK) {
		QOE_LOG(DEBUG, "%s: flow add: %s", d->name,
			qoe_status_name((unsigned int)st));
		return qoe_status_to_errno(st);
	}
	*handle = qoe_pmd_port_handle(d, e, h);
	return 0;
}

static int
qoe_pmd_flow_del(uint16_t port, uint32_t handle)
{
	struct qoe_pmd_dev *d = qoe_pmd_dev_get(port);
	uint32_t eh = d != NULL ? qoe_pmd_eng_handle(d, handle) : 0;
	struct qoe_pmd_flow *pf;
	struct qoe_pmd_eng *e;
	int st;

	if (d == NULL)
		return -ENODEV;
	e = qoe_pmd_handle_eng(d, handle);
	if (e == NULL)
		return -ENOENT;
	rte_spinlock_lock(&e->lock);
	pf = qoe_pmd_flow_slot(d, e, eh);
	st = qoe_host_flow_del(e->host, eh);
	if (st == QOE_ST_OK && pf != NULL) {
		if (pf->dir == QOE_DIR_TX)
			e->n_tx_flows--;
		qoe_pmd_key_sched_free(pf->sched);
		memset(pf, 0, sizeof(*pf));
	}
	rte_spinlock_unlock(&e->lock);
	return qoe_status_to_errno(st);
}

/* The engine @handle names, locked, or NULL (nothing locked). */
static struct qoe_pmd_eng *
eng_lock(struct qoe_pmd_dev *d, uint32_t handle)
{
	struct qoe_pmd_eng *e = qoe_pmd_handle_eng(d, handle);

	if (e != NULL)
		rte_spinlock_lock(&e->lock);
	return e;
}

static int
qoe_pmd_key_install(uint16_t port, uint32_t handle, uint8_t phase,
			const uint8_t *key, size_t key_len,
			const uint8_t iv[QOE_IV_LEN])
{
	struct qoe_pmd_dev *d = qoe_pmd_dev_get(port);
	struct qoe_pmd_eng *e;
	int st;

	if (d == NULL)
		return -ENODEV;
	if (key == NULL || iv == NULL || phase > 1)
		return -EINVAL;
	e = eng_lock(d, handle);
	if (e == NULL)
		return -ENOENT;
	st = qoe_host_key_install(e->host, qoe_pmd_eng_handle(d, handle), phase,
				  key, key_len, iv);
	rte_spinlock_unlock(&e->lock);
	return qoe_status_to_errno(st);
}

static int
qoe_pmd_key_retire(uint16_t port, uint32_t handle, uint8_t phase)
{
	struct qoe_pmd_dev *d = qoe_pmd_dev_get(port);
	struct qoe_pmd_eng *e;
	int st;

	if (d == NULL)
		return -ENODEV;
	if (phase > 1)
		return -EINVAL;
	e = eng_lock(d, handle);
	if (e == NULL)
		return -ENOENT;
	st = qoe_host_key_retire(e->host, qoe_pmd_eng_handle(d, handle), phase);
	rte_spinlock_unlock(&e->lock);
	return qoe_status_to_errno(st);
}

static int
cid_op(uint16_t port, uint32_t handle, const uint8_t *cid, size_t cid_len,
       bool add)
{
	struct qoe_pmd_dev *d = qoe_pmd_dev_get(port);
	struct qoe_pmd_flow *pf;
	struct qoe_pmd_eng *e;
	uint32_t eh;
	int st;

	if (d == NULL)
		return -ENODEV;
	if ((cid == NULL && cid_len != 0) || cid_len > QOE_MAX_CID_LEN)
		return -EINVAL;
	e = eng_lock(d, handle);
	if (e == NULL)
		return -ENOENT;
	eh = qoe_pmd_eng_handle(d, handle);
	if (add)
		st = qoe_host_cid_add(e->host, eh, cid, cid_len);
	else
		st = qoe_host_cid_del(e->host, eh, cid, cid_len);
	pf = qoe_pmd_flow_slot(d, e, eh);
	/* TX CID_ADD replaces the DCID: the header length follows it */
	if (st == QOE_ST_OK && add && pf != NULL && pf->dir == QOE_DIR_TX)
		pf->cid_len = (uint8_t)cid_len;
	rte_spinlock_unlock(&e->lock);
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
	struct qoe_pmd_eng *e;
	int st;

	if (d == NULL)
		return -ENODEV;
	e = eng_lock(d, handle);
	if (e == NULL)
		return -ENOENT;
	st = qoe_host_rx_resync(e->host, qoe_pmd_eng_handle(d, handle),
				largest_pn);
	rte_spinlock_unlock(&e->lock);
	return qoe_status_to_errno(st);
}

/* @q from engine @e (its lock held), as the application sees it. */
static void
fill_stats(struct qoe_pmd_dev *d, struct qoe_pmd_eng *e,
	   const struct qoe_cmd_flow_query *q, struct rte_pmd_qoe_flow_stats *st)
{
	uint32_t eh = le32_to_cpu(q->handle);
	struct qoe_pmd_flow *pf = qoe_pmd_flow_slot(d, e, eh);

	memset(st, 0, sizeof(*st));
	st->handle = qoe_pmd_port_handle(d, e, eh);
	st->queue = (uint16_t)(e - d->eng);
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
	st->key_missing = le64_to_cpu(q->key_missing);
	if (pf != NULL)
		st->age_ms = qoe_pmd_now_ms() - pf->added_ms;
}

static int
qoe_pmd_flow_stats_get(uint16_t port, uint32_t handle,
			   struct rte_pmd_qoe_flow_stats *st)
{
	struct qoe_pmd_dev *d = qoe_pmd_dev_get(port);
	struct qoe_cmd_flow_query q;
	struct qoe_pmd_eng *e;
	int s;

	if (d == NULL)
		return -ENODEV;
	if (st == NULL)
		return -EINVAL;
	e = eng_lock(d, handle);
	if (e == NULL)
		return -ENOENT;
	s = qoe_host_flow_query(e->host, qoe_pmd_eng_handle(d, handle), false, &q);
	if (s == QOE_ST_OK)
		fill_stats(d, e, &q, st);
	rte_spinlock_unlock(&e->lock);
	return qoe_status_to_errno(s);
}

/* The cursor walks engine by engine: engine << 32 | slot in it. */
static int
qoe_pmd_flow_next(uint16_t port, uint64_t cursor,
		      struct rte_pmd_qoe_flow_stats *st, uint64_t *next)
{
	struct qoe_pmd_dev *d = qoe_pmd_dev_get(port);
	uint64_t k = cursor >> 32, slot = cursor & UINT32_MAX;
	struct qoe_cmd_flow_query q;
	int s = QOE_ST_NO_FLOW;

	if (d == NULL)
		return -ENODEV;
	if (st == NULL || next == NULL)
		return -EINVAL;
	for (; k < d->n_engines; k++, slot = 0) {
		struct qoe_pmd_eng *e = &d->eng[k];

		if (slot > QOE_HANDLE_SLOT_MASK)
			continue;
		rte_spinlock_lock(&e->lock);
		s = qoe_host_flow_query(e->host, (uint32_t)slot, true, &q);
		if (s == QOE_ST_OK)
			fill_stats(d, e, &q, st);
		rte_spinlock_unlock(&e->lock);
		if (s != QOE_ST_NO_FLOW)
			break;
	}
	if (s == QOE_ST_NO_FLOW)
		return -ENOENT;
	if (s != QOE_ST_OK)
		return qoe_status_to_errno(s);
	*next = k << 32 | le32_to_cpu(q.next);
	return 0;
}

void
qoe_pmd_events_pull(struct qoe_pmd_dev *d)
{
	struct qoe_event ev[16];
	unsigned int k, i, n;

	for (k = 0; k < d->n_engines; k++) {
		struct qoe_pmd_eng *e = &d->eng[k];

		do {
			rte_spinlock_lock(&e->lock);
			for (n = 0; n < RTE_DIM(ev) &&
			     qoe_engine_event_pop(e->engine, &ev[n]); n++)
				;
			rte_spinlock_unlock(&e->lock);
			for (i = 0; i < n; i++) {
				struct rte_pmd_qoe_event *o =
					&d->evlog[d->ev_next++ % QOE_PMD_EVLOG];

				o->type = le16_to_cpu(ev[i].type);
				o->phase = ev[i].phase;
				o->handle = qoe_pmd_port_handle(d, e,
						le32_to_cpu(ev[i].handle));
				o->value = le64_to_cpu(ev[i].value);
			}
		} while (n == RTE_DIM(ev));
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
	rte_spinlock_lock(&d->ev_lock);
	qoe_pmd_events_pull(d);
	/* the application's own cursor: telemetry readers do not move it */
	if (d->ev_next > QOE_PMD_EVLOG && d->ev_app < d->ev_next - QOE_PMD_EVLOG)
		d->ev_app = d->ev_next - QOE_PMD_EVLOG;
	if (d->ev_app < d->ev_next) {
		*ev = d->evlog[d->ev_app++ % QOE_PMD_EVLOG];
		got = 1;
	}
	rte_spinlock_unlock(&d->ev_lock);
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
