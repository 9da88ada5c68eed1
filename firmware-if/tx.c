// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * TX: protect a plaintext short-header packet, or split a GSO super-packet
 * into protected datagrams.  Everything is checked before the first byte is
 * written, so a refused request leaves no half-protected (or clear) output.
 */
#include "engine_priv.h"

struct qoe_tx_plan {
	struct qoe_inet in;
	u32 hdrs;		/* bytes before the QUIC payload: l3_off..hdr */
	u32 payload;		/* plaintext QUIC payload bytes in all */
	u16 segs;
	u16 seg_size;
	u8 pn_len;
	u8 phase;
	u16 hdr_len;
	u64 pn;
};

static int tx_check(struct qoe_engine *e, const struct qoe_tx_desc *d,
		    const u8 *pkt, u32 len, const struct qoe_buf *out,
		    u32 n_out, struct qoe_flow *f, struct qoe_tx_plan *p)
{
	u32 last, i, pn_off;
	const u8 *quic;
	int st;

	p->phase = d->key_phase;
	p->pn_len = d->pn_len;
	p->hdr_len = le16_to_cpu(d->hdr_len);
	p->seg_size = le16_to_cpu(d->seg_size);
	p->segs = le16_to_cpu(d->seg_count);
	p->pn = le64_to_cpu(d->pn);
	pn_off = le16_to_cpu(d->pn_off);

	if (!(d->flags & QOE_TXF_CRYPTO) || p->phase > 1 ||
	    p->pn_len < 1 || p->pn_len > 4 || !p->segs ||
	    (p->segs > 1 && !(d->flags & QOE_TXF_GSO)) ||
	    p->segs > e->max_gso_segs || p->segs > n_out || !p->seg_size)
		return QOE_ST_BAD_PARAM;
	if (pn_off != 1u + f->cid_len)
		return QOE_ST_BAD_CID;	/* DCID length is not the flow's */
	if (p->hdr_len != pn_off + p->pn_len)
		return QOE_ST_BAD_PARAM;
	/* PNs only go up and end at 2^62 - 1: a reused or wrapped PN would
	 * reuse an AEAD nonce
	 */
	if (p->pn < f->pn || !qoe_pn_range_ok(p->pn, p->segs))
		return QOE_ST_BAD_PARAM;
	if (!f->key[p->phase].aead)
		return QOE_ST_KEY_MISSING;
	if (f->key[p->phase].packets + p->segs > qoe_key_limit(e, f->cipher))
		return QOE_ST_KEY_EXHAUSTED;

	st = qoe_inet_parse(pkt, len, d->l3_off, &p->in);
	if (st)
		return st == QOE_ST_NOT_QUIC ? QOE_ST_MALFORMED : st;
	if (p->in.quic_len < p->hdr_len)
		return QOE_ST_MALFORMED;
	quic = pkt + p->in.quic_off;
	if (quic[0] & 0x80)	/* long header: never ours to protect */
		return QOE_ST_MALFORMED;
	if (memcmp(quic + 1, f->cid, f->cid_len))
		return QOE_ST_BAD_CID;
	p->hdrs = p->in.quic_off + p->hdr_len;
	p->payload = p->in.quic_len - p->hdr_len;
	if (p->payload > (u32)p->segs * p->seg_size ||
	    p->payload <= (u32)(p->segs - 1) * p->seg_size)
		return QOE_ST_MALFORMED;
	last = p->payload - (u32)(p->segs - 1) * p->seg_size;
	/* the HP sample needs 4 - pn_len payload bytes before the tag */
	if (last + p->pn_len < 4 || p->seg_size + p->pn_len < 4)
		return QOE_ST_MALFORMED;
	if (p->hdrs - d->l3_off + p->seg_size + QOE_TAG_LEN > 65535)
		return QOE_ST_MALFORMED;
	for (i = 0; i < p->segs; i++) {
		u32 seg = i + 1 < p->segs ? p->seg_size : last;

		if (out[i].cap < p->hdrs + seg + QOE_TAG_LEN)
			return QOE_ST_MALFORMED;
		/*
		 * In place only for a lone segment: a GSO segment's tag would
		 * overwrite the next segment's plaintext.
		 */
		if (out[i].data < pkt + len && pkt < out[i].data + out[i].cap &&
		    (p->segs > 1 || out[i].data != pkt))
			return QOE_ST_BAD_PARAM;
	}
	return QOE_ST_OK;
}

static u32 seg_len(const struct qoe_tx_plan *p, u32 i)
{
	return i + 1 < p->segs ? p->seg_size : p->payload - i * p->seg_size;
}

/*
 * The UDP payload bytes header protection may still change: the QUIC
 * header, rounded up to even so the rest is summed from an even offset
 * (it has a tag behind it, so the round-up stays inside the packet).
 */
static u32 tx_csum_skip(const struct qoe_tx_plan *p)
{
	return (p->hdr_len + 1u) & ~1u;
}

/* Headers, PN and AEAD seal of segment @i; its HP sample is gathered. */
static int tx_seal_one(struct qoe_engine *e, struct qoe_flow *f,
		       const struct qoe_tx_plan *p, const u8 *pkt, u8 *o,
		       u32 i)
{
	const struct qoe_key *k = &f->key[p->phase];
	u32 seg = seg_len(p, i);
	u8 *quic = o + p->in.quic_off;
	u32 pn_off = 1u + f->cid_len;
	u8 nonce[QOE_IV_LEN];
	u64 pn = p->pn + i;
	int ret;

	if (o != pkt)
		memcpy(o, pkt, p->hdrs);
	quic[0] = (u8)((quic[0] & ~0x07) | (p->phase << 2) | (p->pn_len - 1));
	qoe_pn_write(quic + pn_off, pn, p->pn_len);
	qoe_nonce(nonce, k->iv, pn);
	ret = e->crypto.ops->seal(e->crypto.priv, k->aead, nonce, quic,
				  p->hdr_len, pkt + p->hdrs + i * p->seg_size,
				  o + p->hdrs, seg, o + p->hdrs + seg);
	memcpy(e->hp_samples + i * QOE_HP_SAMPLE_LEN, quic + pn_off + 4,
	       QOE_HP_SAMPLE_LEN);
	/*
	 * The checksum now, while the segment is in L1; header protection
	 * changes only the header, summed when it is final.  A pass over all
	 * the segments afterwards would read them back from L2.
	 */
	e->tx_sums[i] = qoe_inet_fix_but(o, &p->in, p->hdr_len + seg + QOE_TAG_LEN,
					 (u16)i, tx_csum_skip(p));
	return ret;
}

/*
 * Seal (and checksum) every segment, then compute all header-protection
 * masks in one backend call, then protect the headers and add them to the
 * UDP checksums.
 */
static int tx_protect(struct qoe_engine *e, struct qoe_flow *f,
		      const struct qoe_tx_plan *p, const u8 *pkt,
		      struct qoe_buf *out)
{
	u32 pn_off = 1u + f->cid_len, i;
	int ret;

	for (i = 0; i < p->segs; i++) {
		ret = tx_seal_one(e, f, p, pkt, out[i].data, i);
		if (ret)
			return ret;
	}
	ret = qoe_hp_masks(e, f, e->hp_samples, e->hp_masks, p->segs);
	if (ret)
		return ret;
	for (i = 0; i < p->segs; i++) {
		u32 seg = seg_len(p, i);

		qoe_hp_xor(out[i].data + p->in.quic_off, pn_off, p->pn_len,
			   e->hp_masks + i * QOE_HP_SAMPLE_LEN);
		qoe_inet_csum_finish(out[i].data, &p->in, tx_csum_skip(p),
				     e->tx_sums[i]);
		out[i].len = p->hdrs + seg + QOE_TAG_LEN;
	}
	return 0;
}

u32 qoe_engine_tx(struct qoe_engine *e, const struct qoe_tx_desc *d,
		  const u8 *pkt, u32 len, struct qoe_buf *out, u32 n_out,
		  struct qoe_tx_cmpl *c)
{
	struct qoe_flow *f = qoe_flow_get(e, le32_to_cpu(d->handle));
	struct qoe_tx_plan p;
	int st;

	c->handle = d->handle;
	c->key_phase = d->key_phase;
	c->segs = 0;
	c->pn = d->pn;
	if (!f || f->dir != QOE_DIR_TX) {
		c->status = QOE_ST_NO_FLOW;
		e->stats[QOE_STAT_TX_DROP_NO_FLOW]++;
		return 0;
	}
	st = tx_check(e, d, pkt, len, out, n_out, f, &p);
	if (st)
		goto drop;
	if (tx_protect(e, f, &p, pkt, out)) {
		/* backend failure: nothing half-protected may leave */
		for (u32 i = 0; i < p.segs; i++) {
			memset(out[i].data, 0, out[i].cap);
			out[i].len = 0;
		}
		st = QOE_ST_NO_MEM;
		goto drop;
	}
	f->pn = p.pn + p.segs;
	f->cur_phase = p.phase;
	f->packets += p.segs;
	f->bytes += p.payload;
	qoe_key_count(e, f, p.phase, p.segs);
	e->stats[QOE_STAT_TX_PACKETS] += p.segs;
	e->stats[QOE_STAT_TX_BYTES] += p.payload;
	if (p.segs > 1)
		e->stats[QOE_STAT_TX_GSO_REQS]++;
	c->status = QOE_ST_OK;
	c->segs = cpu_to_le16(p.segs);
	return p.segs;

drop:
	c->status = (u8)st;
	f->drops++;
	switch (st) {
	case QOE_ST_KEY_MISSING:
		e->stats[QOE_STAT_TX_DROP_NO_KEY]++;
		f->key_missing++;
		break;
	case QOE_ST_BAD_CID:
		e->stats[QOE_STAT_TX_DROP_BAD_CID]++;
		break;
	case QOE_ST_KEY_EXHAUSTED:
		e->stats[QOE_STAT_TX_DROP_EXHAUSTED]++;
		break;
	default:
		e->stats[QOE_STAT_TX_DROP_MALFORMED]++;
		break;
	}
	return 0;
}
QOE_EXPORT_FOR_TESTS(qoe_engine_tx);
