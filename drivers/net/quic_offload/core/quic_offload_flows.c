// SPDX-License-Identifier: GPL-2.0-only
/*
 * The flows the core offloaded, per device: what the quic-offload netlink
 * family lists, for any driver.  Callers hold qo_lock (for reading at
 * least), so the device entry stays; flows_lock guards the records.
 */
#include <kunit/visibility.h>
#include <linux/ktime.h>
#include <linux/slab.h>

#include "quic_offload_core.h"

struct qo_flow *qo_flow_new(const struct quic_offload_conn *conn)
{
	struct qo_flow *f = kzalloc(sizeof(*f), GFP_KERNEL);

	if (!f)
		return NULL;
	f->dir = conn->dir;
	f->cipher = conn->cipher;
	f->family = conn->family;
	f->cid_len = conn->cid_len;
	memcpy(f->cid, conn->cid, conn->cid_len);
	f->saddr.v6 = conn->saddr.v6;
	f->daddr.v6 = conn->daddr.v6;
	f->sport = conn->sport;
	f->dport = conn->dport;
	/* an RX flow matches its first CID (a zero-length one too) */
	f->n_cids = conn->dir == QUIC_OFFLOAD_DIR_RX;
	f->added_ns = ktime_get_ns();
	return f;
}

int qo_flow_insert(struct quic_offload_dev *d, u32 handle, struct qo_flow *f)
{
	int ret;

	f->handle = handle;
	mutex_lock(&d->flows_lock);
	ret = xa_insert(&d->flows, handle, f, GFP_KERNEL);
	if (!ret) {
		d->n_flows++;
		atomic_inc(&qo_flows_gen);
	}
	mutex_unlock(&d->flows_lock);
	if (ret)
		kfree(f);
	return ret;
}

void qo_flow_erase(struct quic_offload_dev *d, u32 handle)
{
	struct qo_flow *f;

	mutex_lock(&d->flows_lock);
	f = xa_erase(&d->flows, handle);
	if (f) {
		d->n_flows--;
		atomic_inc(&qo_flows_gen);
	}
	mutex_unlock(&d->flows_lock);
	kfree(f);
}

void qo_flow_keys(struct quic_offload_dev *d, u32 handle, u8 set, u8 clear)
{
	struct qo_flow *f;

	mutex_lock(&d->flows_lock);
	f = xa_load(&d->flows, handle);
	if (f)
		f->keys_valid = (f->keys_valid | set) & ~clear;
	mutex_unlock(&d->flows_lock);
}

void qo_flow_cid(struct quic_offload_dev *d, u32 handle, const u8 *cid,
		 u8 cid_len, bool add)
{
	struct qo_flow *f;

	mutex_lock(&d->flows_lock);
	f = xa_load(&d->flows, handle);
	if (f && f->dir == QUIC_OFFLOAD_DIR_TX && add) {
		/* migration: packets carry the new DCID from now on */
		f->cid_len = cid_len;
		memcpy(f->cid, cid, cid_len);
	} else if (f && f->dir == QUIC_OFFLOAD_DIR_RX) {
		if (add)
			f->n_cids++;
		else if (f->n_cids)
			f->n_cids--;
	}
	mutex_unlock(&d->flows_lock);
}

/* Copy the record of @handle into @f; false when there is none. */
bool qo_flow_copy(struct quic_offload_dev *d, u32 handle, struct qo_flow *f)
{
	struct qo_flow *r;

	mutex_lock(&d->flows_lock);
	r = xa_load(&d->flows, handle);
	if (r)
		*f = *r;
	mutex_unlock(&d->flows_lock);
	return r;
}
EXPORT_SYMBOL_IF_KUNIT(qo_flow_copy);

/* The device is going: its flows went with it. */
void qo_flows_forget(struct quic_offload_dev *d)
{
	struct qo_flow *f;
	unsigned long h;

	mutex_lock(&d->flows_lock);
	xa_for_each(&d->flows, h, f) {
		xa_erase(&d->flows, h);
		kfree(f);
	}
	d->n_flows = 0;
	atomic_inc(&qo_flows_gen);
	mutex_unlock(&d->flows_lock);
	xa_destroy(&d->flows);
	mutex_destroy(&d->flows_lock);
}
