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

	while (nb < e->max_cids)
		nb <<= 1;
	e->bucket_mask = nb - 1;
	e->flows = qoe_zalloc_table(sizeof(*e->flows) * e->max_flows);
	e->cids = qoe_zalloc_table(sizeof(*e->cids) * e->max_cids);
	e->cid_sib = qoe_zalloc_table(sizeof(*e->cid_sib) * e->max_cids);
	e->buckets = qoe_zalloc_table(sizeof(*e->buckets) * nb);
	if (!e->flows || !e->cids || !e->cid_sib || !e->buckets)
		return -ENOMEM;
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
		e->cid_sib[i] = i + 1 < e->max_cids ? i + 1 : QOE_NIL;
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
	qoe_free_table(e->flows, sizeof(*e->flows) * e->max_flows);
	qoe_free_table(e->cids, sizeof(*e->cids) * e->max_cids);
	qoe_free_table(e->cid_sib, sizeof(*e->cid_sib) * e->max_cids);
	qoe_free_table(e->buckets,
		       sizeof(*e->buckets) * ((size_t)e->bucket_mask + 1));
	e->flows = NULL;
	e->cids = NULL;
	e->cid_sib = NULL;
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
	u8 i, k;

	/* the CID a word at a time (the last one zero-padded): one multiply
	 * per 8 bytes, not a dependent multiply per byte
	 */
	for (i = 0; i < cid_len; i += 8) {
		u64 w = 0;

		if (cid_len - i >= 8)
			memcpy(&w, cid + i, 8);
		else
			for (k = 0; k < cid_len - i; k++)
				w |= (u64)cid[i + k] << (8 * k);
		h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
		h ^= h >> 29;
	}
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

static bool cid_match(const struct qoe_engine *e,
		      const struct qoe_cid_entry *c, u8 family,
		      const u8 *cid, u8 cid_len, const u8 *laddr, __be16 lport,
		      const u8 *raddr, __be16 rport)
{
	const struct qoe_flow *f;

	if (c->cid_len != cid_len || c->family != family ||
	    c->local_port != lport || memcmp(c->cid, cid, cid_len) ||
	    memcmp(c->local_addr, laddr, 16))
		return false;
	if (cid_len)
		return true;
	/* no CID: the peer's address and port tell flows apart */
	f = &e->flows[c->slot];
	return f->remote_port == rport && !memcmp(f->remote_addr, raddr, 16);
}

static u32 cid_bucket(const struct qoe_engine *e, const u8 *cid, u8 cid_len,
		      const u8 *laddr, __be16 lport, const u8 *raddr,
		      __be16 rport)
{
	return cid_hash(e, cid, cid_len, laddr, lport, raddr, rport) &
	       e->bucket_mask;
}

static u32 cid_walk(const struct qoe_engine *e, u32 i, u8 family,
		    const u8 *cid, u8 cid_len, const u8 *laddr, __be16 lport,
		    const u8 *raddr, __be16 rport)
{
	while (i != QOE_NIL) {
		if (cid_match(e, &e->cids[i], family, cid, cid_len, laddr,
			      lport, raddr, rport))
			return i;
		i = e->cids[i].next;
	}
	return QOE_NIL;
}

static u32 cid_find(const struct qoe_engine *e, u8 family, const u8 *cid,
		    u8 cid_len, const u8 *laddr, __be16 lport, const u8 *raddr,
		    __be16 rport)
{
	u32 b = cid_bucket(e, cid, cid_len, laddr, lport, raddr, rport);

	return cid_walk(e, e->buckets[b], family, cid, cid_len, laddr, lport,
			raddr, rport);
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
	e->free_cid = e->cid_sib[i];
	memset(c, 0, sizeof(*c));
	c->slot = slot_of(e, f->handle);
	c->cid_len = cid_len;
	c->family = f->family;
	memcpy(c->cid, cid, cid_len);
	memcpy(c->local_addr, f->local_addr, 16);
	c->local_port = f->local_port;
	b = cid_bucket(e, cid, cid_len, f->local_addr, f->local_port,
		       f->remote_addr, f->remote_port);
	c->next = e->buckets[b];
	e->buckets[b] = i;
	e->cid_sib[i] = f->cid_head;
	f->cid_head = i;
	f->n_cids++;
	qoe_flow_hints(e, f);
	if (!e->cid_len_refs[cid_len]++)
		e->cid_len_mask |= 1u << cid_len;
	return QOE_ST_OK;
}

static void cid_unlink(struct qoe_engine *e, struct qoe_flow *f, u32 i)
{
	struct qoe_cid_entry *c = &e->cids[i];
	u32 *pp = &e->buckets[cid_bucket(e, c->cid, c->cid_len, c->local_addr,
					 c->local_port, f->remote_addr,
					 f->remote_port)];

	while (*pp != i)
		pp = &e->cids[*pp].next;
	*pp = c->next;
	pp = &f->cid_head;
	while (*pp != i)
		pp = &e->cid_sib[*pp];
	*pp = e->cid_sib[i];
	if (!--e->cid_len_refs[c->cid_len])
		e->cid_len_mask &= ~(1u << c->cid_len);
	f->n_cids--;
	memset(c, 0, sizeof(*c));
	e->cid_sib[i] = e->free_cid;
	e->free_cid = i;
}

/*
 * Point every RX entry of @f at its HP context and its current phase's
 * AEAD context: after a CID, a key or the phase changes.
 */
void qoe_flow_hints(struct qoe_engine *e, const struct qoe_flow *f)
{
	uintptr_t aead = (uintptr_t)f->key[f->cur_phase].aead;

	if (aead)
		aead |= f->cipher & QOE_HINT_CIPHER_MASK;
	for (u32 i = f->cid_head; i != QOE_NIL; i = e->cid_sib[i]) {
		e->cids[i].hp_hint = f->hp;
		e->cids[i].aead_hint = aead;
	}
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
 * The longest CID length some flow uses, at most @from, that fits a short
 * header of @quic_len bytes (flag byte + CID), or -1.
 */
static int rx_first_len(const struct qoe_engine *e, u32 quic_len, int from)
{
	u32 lim = quic_len ? quic_len - 1 : 0, m = e->cid_len_mask;

	if (from < 0 || !quic_len)
		return -1;
	if ((u32)from < lim)
		lim = (u32)from;
	m &= (2u << lim) - 1;	/* lim <= QOE_MAX_CID_LEN < 31 */
	return m ? 31 - __builtin_clz(m) : -1;
}

/* The lookup key of a packet: local and remote address, zero-padded. */
static void rx_addrs(const struct qoe_inet *in, u8 laddr[16], u8 raddr[16])
{
	if (in->family == QOE_FAMILY_IPV4) {
		memset(laddr, 0, 16);
		memset(raddr, 0, 16);
		memcpy(laddr, in->daddr, 4);
		memcpy(raddr, in->saddr, 4);
	} else {
		memcpy(laddr, in->daddr, 16);
		memcpy(raddr, in->saddr, 16);
	}
}

/*
 * A burst's lookups, staged so each step's cache misses overlap with the
 * other packets' (as rte_hash_lookup_bulk does): qoe_flow_rx_hint() hashes
 * and prefetches the bucket, qoe_flow_rx_hint_entry() reads it and
 * prefetches the entry, qoe_flow_lookup_rx() then finds them warm.
 */
void qoe_flow_rx_hint(const struct qoe_engine *e, const struct qoe_inet *in,
		      const u8 *quic, struct qoe_rx_hint *h)
{
	h->len = rx_first_len(e, in->quic_len, QOE_MAX_CID_LEN);
	if (h->len < 0)
		return;
	rx_addrs(in, h->laddr, h->raddr);
	h->bucket = cid_bucket(e, quic + 1, (u8)h->len, h->laddr, in->dport,
			       h->raddr, in->sport);
	qoe_prefetch(&e->buckets[h->bucket]);
}

/*
 * Is a packet keyed exactly as the one before it in the burst (@pin,
 * @pquic, its hint @p): family, ports, addresses and the bytes where its
 * CID could be?  Then its lookup would find what that one's finds, and a
 * run of one flow's packets (what GRO coalesces) hashes and walks once.
 * On true @h is @p's.
 */
bool qoe_flow_rx_hint_same(const struct qoe_engine *e,
			   const struct qoe_inet *in, const u8 *quic,
			   const struct qoe_inet *pin, const u8 *pquic,
			   const struct qoe_rx_hint *p, struct qoe_rx_hint *h)
{
	int len = rx_first_len(e, in->quic_len, QOE_MAX_CID_LEN);
	u32 alen = in->family == QOE_FAMILY_IPV4 ? 4 : 16;

	if (len != p->len || in->family != pin->family ||
	    in->dport != pin->dport || in->sport != pin->sport ||
	    memcmp(in->daddr, pin->daddr, alen) ||
	    memcmp(in->saddr, pin->saddr, alen) ||
	    (len > 0 && memcmp(quic + 1, pquic + 1, (size_t)len)))
		return false;
	*h = *p;
	return true;
}

void qoe_flow_rx_hint_entry(const struct qoe_engine *e, struct qoe_rx_hint *h)
{
	if (h->len < 0)
		return;
	h->head = e->buckets[h->bucket];
	if (h->head != QOE_NIL)
		qoe_prefetch(&e->cids[h->head]);
}

/*
 * RX: try each CID length some flow uses (one, nearly always), longest
 * first: a CID may begin with another flow's shorter one.  *@cid_len says
 * which length matched; the header's PN follows it.  @h comes from
 * qoe_flow_rx_hint() and qoe_flow_rx_hint_entry() on the same packet;
 * @h->match is set to the entry that matched.
 */
struct qoe_flow *qoe_flow_lookup_rx(struct qoe_engine *e,
				    const struct qoe_inet *in, const u8 *quic,
				    u8 *cid_len, struct qoe_rx_hint *h)
{
	int len;

	for (len = h->len; len >= 0;
	     len = rx_first_len(e, in->quic_len, len - 1)) {
		u32 i;

		if (len == h->len)
			i = cid_walk(e, h->head, in->family, quic + 1, (u8)len,
				     h->laddr, in->dport, h->raddr, in->sport);
		else
			i = cid_find(e, in->family, quic + 1, (u8)len,
				     h->laddr, in->dport, h->raddr, in->sport);
		if (i != QOE_NIL) {
			*cid_len = (u8)len;
			h->match = i;
			return &e->flows[e->cids[i].slot];
		}
	}
	return NULL;
}
