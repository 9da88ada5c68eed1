// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * The flow table.  Flows live in a fixed array of slots (TX packets find
 * theirs by handle, O(1)); RX packets find theirs through a chained hash of
 * (local address, local port, CID), with one entry per CID a flow answers
 * to.  Handles carry the slot's generation so a stale handle never reaches
 * the slot's next flow: the generation takes every bit the slots leave, and
 * freed slots are reused oldest first, so a handle comes back only after
 * 2^(handle_bits - slot_bits) - 1 reuses of its slot, each of which waited
 * for every other free slot to be reused first.  handle_bits is 32 unless
 * the host keeps the top bits for itself (qoe_engine_cfg.handle_bits).
 */
#include "engine_priv.h"

static u32 slot_of(const struct qoe_engine *e, u32 handle)
{
	return e->slot_bits ? handle & ((1U << e->slot_bits) - 1) : 0;
}

static u32 gen_of(const struct qoe_engine *e, u32 handle)
{
	return handle >> e->slot_bits;	/* slot_bits <= 20 */
}

/* The next generation of a slot: all the bits left, never 0. */
static u32 gen_next(const struct qoe_engine *e, u32 gen)
{
	u32 bits = e->handle_bits - e->slot_bits;
	u32 max = bits >= 32 ? ~0U : (1U << bits) - 1;

	return gen >= max ? 1 : gen + 1;
}

/**
 * qoe_engine_handle_slot() - the flow-table slot a handle names
 * @e: engine
 * @handle: any handle, live or not
 *
 * For hosts that keep state per slot beside the device's.
 *
 * Return: the slot, below the engine's max_flows, or QOE_NIL.
 */
u32 qoe_engine_handle_slot(const struct qoe_engine *e, u32 handle)
{
	u32 slot = slot_of(e, handle);

	return handle == QOE_HANDLE_INVALID || slot >= e->max_flows ?
	       QOE_NIL : slot;
}

int qoe_flow_table_init(struct qoe_engine *e)
{
	u32 nb = 1, i;

	e->flows = qoe_zalloc(sizeof(*e->flows) * e->max_flows);
	e->cids = qoe_zalloc(sizeof(*e->cids) * e->max_cids);
	while (nb < e->max_cids)
		nb <<= 1;
	e->buckets = qoe_zalloc(sizeof(*e->buckets) * nb);
	if (!e->flows || !e->cids || !e->buckets)
		return -ENOMEM;
	e->bucket_mask = nb - 1;
	for (i = 0; i < nb; i++)
		e->buckets[i] = QOE_NIL;
	while ((1U << e->slot_bits) < e->max_flows)
		e->slot_bits++;
	for (i = 0; i < e->max_flows; i++) {
		e->flows[i].gen = 1;
		e->flows[i].next_free = i + 1 < e->max_flows ? i + 1 : QOE_NIL;
	}
	e->free_flow = 0;
	e->free_tail = e->max_flows - 1;
	for (i = 0; i < e->max_cids; i++)
		e->cids[i].sib = i + 1 < e->max_cids ? i + 1 : QOE_NIL;
	e->free_cid = 0;
	qoe_random_bytes(e->hash_seed, sizeof(e->hash_seed));
	return 0;
}

void qoe_flow_table_fini(struct qoe_engine *e)
{
	u32 i;

	if (e->flows) {
		for (i = 0; i < e->max_flows; i++)
			if (e->flows[i].handle)
				qoe_flow_del(e, e->flows[i].handle);
	}
	qoe_free(e->flows);
	qoe_free(e->cids);
	qoe_free(e->buckets);
	e->flows = NULL;
	e->cids = NULL;
	e->buckets = NULL;
}

struct qoe_flow *qoe_flow_get(struct qoe_engine *e, u32 handle)
{
	u32 slot = qoe_engine_handle_slot(e, handle);
	struct qoe_flow *f;

	if (slot == QOE_NIL)
		return NULL;
	f = &e->flows[slot];
	if (f->handle != handle || gen_of(e, handle) != f->gen)
		return NULL;
	return f;
}

/* Seeded multiply-xorshift over the key bytes: cheap and not predictable. */
static u32 cid_hash(const struct qoe_engine *e, const u8 *cid, u8 cid_len,
		    const u8 *laddr, __be16 lport, const u8 *raddr,
		    __be16 rport)
{
	u64 h = e->hash_seed[0] ^ ((u64)cid_len << 56) ^ lport;
	u8 i;

	for (i = 0; i < cid_len; i++)
		h = (h ^ cid[i]) * 0x100000001b3ULL;
	for (i = 0; i < 16; i += 8) {
		u64 w;

		memcpy(&w, laddr + i, 8);
		h = (h ^ w ^ e->hash_seed[1]) * 0x9e3779b97f4a7c15ULL;
		h ^= h >> 29;
	}
	if (!cid_len) {
		for (i = 0; i < 16; i += 8) {
			u64 w;

			memcpy(&w, raddr + i, 8);
			h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
			h ^= h >> 31;
		}
		h ^= (u64)rport << 17;
	}
	h ^= h >> 32;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 29;
	return (u32)h;
}

static bool cid_match(const struct qoe_cid_entry *c, u8 family,
		      const u8 *cid, u8 cid_len, const u8 *laddr, __be16 lport,
		      const u8 *raddr, __be16 rport)
{
	if (c->cid_len != cid_len || c->family != family ||
	    c->local_port != lport || memcmp(c->cid, cid, cid_len) ||
	    memcmp(c->local_addr, laddr, 16))
		return false;
	return cid_len || (c->remote_port == rport &&
			   !memcmp(c->remote_addr, raddr, 16));
}

static u32 cid_find(const struct qoe_engine *e, u8 family, const u8 *cid,
		    u8 cid_len, const u8 *laddr, __be16 lport, const u8 *raddr,
		    __be16 rport)
{
	u32 i = e->buckets[cid_hash(e, cid, cid_len, laddr, lport, raddr,
				    rport) & e->bucket_mask];

	while (i != QOE_NIL) {
		if (cid_match(&e->cids[i], family, cid, cid_len, laddr, lport,
			      raddr, rport))
			return i;
		i = e->cids[i].next;
	}
	return QOE_NIL;
}

int qoe_cid_add(struct qoe_engine *e, struct qoe_flow *f, const u8 *cid,
		u8 cid_len)
{
	struct qoe_cid_entry *c;
	u32 i, b;

	if (cid_len > QOE_MAX_CID_LEN)
		return QOE_ST_BAD_PARAM;
	if (f->dir == QOE_DIR_TX) {
		/* migration: packets from now on carry the new DCID */
		memcpy(f->cid, cid, cid_len);
		f->cid_len = cid_len;
		return QOE_ST_OK;
	}
	if (cid_find(e, f->family, cid, cid_len, f->local_addr,
		     f->local_port, f->remote_addr, f->remote_port) != QOE_NIL)
		return QOE_ST_EXISTS;
	if (f->n_cids == 255 || e->free_cid == QOE_NIL)
		return QOE_ST_NO_SPACE;
	i = e->free_cid;
	c = &e->cids[i];
	e->free_cid = c->sib;
	memset(c, 0, sizeof(*c));
	c->slot = slot_of(e, f->handle);
	c->cid_len = cid_len;
	c->family = f->family;
	memcpy(c->cid, cid, cid_len);
	memcpy(c->local_addr, f->local_addr, 16);
	c->local_port = f->local_port;
	if (!cid_len) {
		memcpy(c->remote_addr, f->remote_addr, 16);
		c->remote_port = f->remote_port;
	}
	b = cid_hash(e, cid, cid_len, f->local_addr, f->local_port,
		     f->remote_addr, f->remote_port) & e->bucket_mask;
	c->next = e->buckets[b];
	e->buckets[b] = i;
	c->sib = f->cid_head;
	f->cid_head = i;
	f->n_cids++;
	e->cid_len_refs[cid_len]++;
	return QOE_ST_OK;
}

static void cid_unlink(struct qoe_engine *e, struct qoe_flow *f, u32 i)
{
	struct qoe_cid_entry *c = &e->cids[i];
	u32 *pp = &e->buckets[cid_hash(e, c->cid, c->cid_len, c->local_addr,
				       c->local_port, c->remote_addr,
				       c->remote_port) & e->bucket_mask];

	while (*pp != i)
		pp = &e->cids[*pp].next;
	*pp = c->next;
	pp = &f->cid_head;
	while (*pp != i)
		pp = &e->cids[*pp].sib;
	*pp = c->sib;
	e->cid_len_refs[c->cid_len]--;
	f->n_cids--;
	memset(c, 0, sizeof(*c));
	c->sib = e->free_cid;
	e->free_cid = i;
}

int qoe_cid_del(struct qoe_engine *e, struct qoe_flow *f, const u8 *cid,
		u8 cid_len)
{
	u32 i;

	if (f->dir == QOE_DIR_TX || cid_len > QOE_MAX_CID_LEN)
		return QOE_ST_BAD_PARAM;
	i = cid_find(e, f->family, cid, cid_len, f->local_addr,
		     f->local_port, f->remote_addr, f->remote_port);
	if (i == QOE_NIL || e->cids[i].slot != slot_of(e, f->handle))
		return QOE_ST_NO_FLOW;
	cid_unlink(e, f, i);
	return QOE_ST_OK;
}

static int flow_add_check(const struct qoe_cmd_flow_add *c, u64 pn)
{
	size_t klen = qoe_cipher_key_len(c->cipher);

	if (c->dir > QOE_DIR_RX || !klen || c->hp_key_len != klen ||
	    (c->family != QOE_FAMILY_IPV4 && c->family != QOE_FAMILY_IPV6) ||
	    c->cid_len > QOE_MAX_CID_LEN || c->key_phase > 1 ||
	    c->fail_action > QOE_FAIL_DROP)
		return QOE_ST_BAD_PARAM;
	if (pn > QOE_PN_MAX && !(c->dir == QOE_DIR_RX && pn == QOE_PN_NONE))
		return QOE_ST_BAD_PARAM;
	return QOE_ST_OK;
}

int qoe_flow_add(struct qoe_engine *e, struct qoe_cmd_flow_add *c)
{
	u64 pn = le64_to_cpu(c->pn);
	struct qoe_flow *f;
	u32 slot;
	int st;

	c->handle = cpu_to_le32(QOE_HANDLE_INVALID);
	st = flow_add_check(c, pn);
	if (st)
		return st;
	if (e->free_flow == QOE_NIL)
		return QOE_ST_NO_SPACE;
	slot = e->free_flow;
	f = &e->flows[slot];
	f->hp = e->crypto.ops->hp_new(e->crypto.priv, c->cipher, c->hp_key,
				      c->hp_key_len);
	if (!f->hp)
		return QOE_ST_NO_MEM;
	e->free_flow = f->next_free;
	if (e->free_flow == QOE_NIL)
		e->free_tail = QOE_NIL;
	f->handle = f->gen << e->slot_bits | slot;
	f->dir = c->dir;
	f->cipher = c->cipher;
	f->family = c->family;
	f->cid_len = c->cid_len;
	f->fail_action = c->fail_action;
	f->cur_phase = c->key_phase;
	memcpy(f->cid, c->cid, c->cid_len);
	memcpy(f->local_addr, c->local_addr, 16);
	memcpy(f->remote_addr, c->remote_addr, 16);
	if (f->family == QOE_FAMILY_IPV4) {
		memset(f->local_addr + 4, 0, 12);
		memset(f->remote_addr + 4, 0, 12);
	}
	f->local_port = c->local_port;
	f->remote_port = c->remote_port;
	f->pn = pn;
	f->cid_head = QOE_NIL;
	e->n_flows++;
	e->stats[QOE_STAT_FLOWS] = e->n_flows;
	if (f->dir == QOE_DIR_RX) {
		st = qoe_cid_add(e, f, c->cid, c->cid_len);
		if (st) {
			qoe_flow_del(e, f->handle);
			return st;
		}
	}
	c->handle = cpu_to_le32(f->handle);
	return QOE_ST_OK;
}

int qoe_flow_del(struct qoe_engine *e, u32 handle)
{
	struct qoe_flow *f = qoe_flow_get(e, handle);
	u32 slot = slot_of(e, handle), gen;

	if (!f)
		return QOE_ST_NO_FLOW;
	while (f->cid_head != QOE_NIL)
		cid_unlink(e, f, f->cid_head);
	qoe_key_retire(e, f, 0);
	qoe_key_retire(e, f, 1);
	e->crypto.ops->hp_free(e->crypto.priv, f->hp);
	gen = gen_next(e, f->gen);
	qoe_wipe(f, sizeof(*f));
	f->gen = gen;
	/* to the back of the line: the slot is reused last */
	f->next_free = QOE_NIL;
	if (e->free_tail == QOE_NIL)
		e->free_flow = slot;
	else
		e->flows[e->free_tail].next_free = slot;
	e->free_tail = slot;
	e->n_flows--;
	e->stats[QOE_STAT_FLOWS] = e->n_flows;
	return QOE_ST_OK;
}

/*
 * RX: try each CID length some flow uses (one, nearly always), longest
 * first: a CID may begin with another flow's shorter one.  *@cid_len says
 * which length matched; the header's PN follows it.
 */
struct qoe_flow *qoe_flow_lookup_rx(struct qoe_engine *e,
				    const struct qoe_inet *in, const u8 *quic,
				    u32 quic_len, u8 *cid_len)
{
	u8 laddr[16] = { 0 }, raddr[16] = { 0 };
	u32 alen = in->family == QOE_FAMILY_IPV4 ? 4 : 16;
	int len;

	memcpy(laddr, in->daddr, alen);
	memcpy(raddr, in->saddr, alen);
	for (len = QOE_MAX_CID_LEN; len >= 0; len--) {
		u32 i;

		if (!e->cid_len_refs[len] || 1u + len > quic_len)
			continue;
		i = cid_find(e, in->family, quic + 1, (u8)len, laddr, in->dport,
			     raddr, in->sport);
		if (i != QOE_NIL) {
			*cid_len = (u8)len;
			return &e->flows[e->cids[i].slot];
		}
	}
	return NULL;
}
