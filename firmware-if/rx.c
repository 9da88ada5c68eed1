// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * RX: match a short-header packet to its flow, remove header protection,
 * expand the PN, pick the key by phase and open the AEAD in place.  Any
 * failure leaves the packet byte for byte as it arrived, so the host can
 * still process it in software.
 */
#include "engine_priv.h"

static void rx_count(struct qoe_engine *e, int st)
{
	static const u8 stat_of[QOE_ST_MAX + 1] = {
		[QOE_ST_NO_FLOW] = QOE_STAT_RX_NO_FLOW,
		[QOE_ST_KEY_MISSING] = QOE_STAT_RX_KEY_MISSING,
		[QOE_ST_AUTH_FAIL] = QOE_STAT_RX_AUTH_FAIL,
		[QOE_ST_MALFORMED] = QOE_STAT_RX_MALFORMED,
		[QOE_ST_NOT_QUIC] = QOE_STAT_RX_NOT_QUIC,
		[QOE_ST_KEY_EXHAUSTED] = QOE_STAT_RX_INTEGRITY_LIMIT,
	};

	if (st > 0 && st <= QOE_ST_MAX && stat_of[st])
		e->stats[stat_of[st]]++;
	else if (st)
		e->stats[QOE_STAT_RX_MALFORMED]++;
}

/*
 * A failed open: count against the integrity limit of RFC 9001 s6.6.  The
 * host is warned at 7/8 of it; at the limit the flow stops opening
 * anything (the connection must close) and says so once.
 */
static void rx_auth_fail(struct qoe_engine *e, struct qoe_flow *f)
{
	u64 limit = qoe_integrity_limit(e, f->cipher);

	f->auth_fail++;
	f->drops += f->fail_action == QOE_FAIL_DROP;
	if (!f->integrity_warned && f->auth_fail >= limit - limit / 8) {
		f->integrity_warned = true;
		qoe_event_post(e, QOE_EV_INTEGRITY_LIMIT, f->handle,
			       f->cur_phase, f->auth_fail);
	}
	if (f->auth_fail == limit)
		qoe_event_post(e, QOE_EV_FLOW_ERROR, f->handle, f->cur_phase,
			       QOE_ST_KEY_EXHAUSTED);
}

/*
 * Open one matched packet whose header-protection @mask is computed: remove
 * HP, expand the PN, pick the key by phase, open.  A failure puts the
 * header bytes back (the backend restores the payload).
 */
static int rx_open(struct qoe_engine *e, struct qoe_flow *f, u8 cid_len,
		   u8 *quic, u32 quic_len, const u8 *mask,
		   struct qoe_rx_cmpl *c)
{
	u32 pn_off = 1u + cid_len, hdr_len, plen;
	u8 saved[5], pn_len, phase, nonce[QOE_IV_LEN];
	struct qoe_key *k;
	u64 pn;

	saved[0] = quic[0];
	memcpy(saved + 1, quic + pn_off, 4);
	qoe_hp_unmask(quic, pn_off, mask, &pn_len);
	hdr_len = pn_off + pn_len;
	phase = (quic[0] >> 2) & 1;
	c->key_phase = phase;
	c->pn_len = pn_len;
	pn = qoe_pn_decode(f->pn, qoe_pn_read(quic + pn_off, pn_len), pn_len);
	c->pn = cpu_to_le64(pn);
	k = &f->key[phase];
	if (pn == QOE_PN_NONE || !k->aead) {
		quic[0] = saved[0];
		memcpy(quic + pn_off, saved + 1, 4);
		f->key_missing += pn != QOE_PN_NONE;
		/* past the last PN there is nothing to open */
		return pn == QOE_PN_NONE ? QOE_ST_MALFORMED : QOE_ST_KEY_MISSING;
	}
	plen = quic_len - hdr_len - QOE_TAG_LEN;
	qoe_nonce(nonce, k->iv, pn);
	if (e->crypto.ops->open(e->crypto.priv, k->aead, nonce, quic, hdr_len,
				quic + hdr_len, quic + hdr_len, plen,
				quic + hdr_len + plen)) {
		quic[0] = saved[0];
		memcpy(quic + pn_off, saved + 1, 4);
		rx_auth_fail(e, f);
		return QOE_ST_AUTH_FAIL;
	}
	/* a newer packet in the other phase: the peer updated its keys */
	if (phase != f->cur_phase && (f->pn == QOE_PN_NONE || pn > f->pn)) {
		f->cur_phase = phase;
		qoe_flow_hints(e, f);
		f->key_updates++;
		e->stats[QOE_STAT_KEY_UPDATES]++;
		qoe_event_post(e, QOE_EV_KEY_PHASE_FLIP, f->handle, phase, pn);
	}
	if (f->pn == QOE_PN_NONE || pn > f->pn)
		f->pn = pn;
	f->packets++;
	f->bytes += plen;
	qoe_key_count(e, f, phase, 1);
	c->hdr_len = cpu_to_le16(hdr_len);
	c->seg_size = cpu_to_le16(plen);
	return QOE_ST_OK;
}

/*
 * Parse @pkt up to its short header.  @in->quic_off stays 0 unless the
 * IP/UDP headers parsed.
 */
static int rx_parse(const u8 *pkt, u32 len, u32 l3_off, struct qoe_inet *in)
{
	int st;

	in->quic_off = 0;
	st = qoe_inet_parse(pkt, len, l3_off, in);
	if (st)
		return st;
	if (!in->quic_len)
		return QOE_ST_MALFORMED;
	if (pkt[in->quic_off] & 0x80)	/* long header: the host's business */
		return QOE_ST_NOT_QUIC;
	return QOE_ST_OK;
}

/* Parse @pkt and find the flow of its short header: *@f, or a status. */
static int rx_find(struct qoe_engine *e, const u8 *pkt, u32 len, u32 l3_off,
		   struct qoe_inet *in, struct qoe_flow **f, u8 *cid_len)
{
	struct qoe_rx_hint h;
	int st;

	*f = NULL;
	st = rx_parse(pkt, len, l3_off, in);
	if (st)
		return st;
	qoe_flow_rx_hint(e, in, pkt + in->quic_off, &h);
	qoe_flow_rx_hint_entry(e, &h);
	*f = qoe_flow_lookup_rx(e, in, pkt + in->quic_off, cid_len, &h);
	return *f ? QOE_ST_OK : QOE_ST_NO_FLOW;
}

/*
 * A matched packet: the checks before any byte changes, and its HP sample
 * copied to @sample.  Anything but OK ends the packet here, untouched.
 */
static int rx_check(struct qoe_engine *e, struct qoe_buf *b,
		    struct qoe_rx_slot *sl, u8 *sample, struct qoe_rx_cmpl *c)
{
	u8 *quic = b->data + sl->in.quic_off;

	c->handle = cpu_to_le32(sl->f->handle);
	/* past the integrity limit nothing is opened, the packet stays */
	if (sl->f->auth_fail >= qoe_integrity_limit(e, sl->f->cipher))
		return QOE_ST_KEY_EXHAUSTED;
	/* room for a 4-byte PN and the 16-byte sample behind it */
	if (sl->in.quic_len < 1u + sl->cid_len + 4 + QOE_HP_SAMPLE_LEN) {
		sl->f = NULL;
		return QOE_ST_MALFORMED;
	}
	memcpy(sample, quic + 1 + sl->cid_len + 4, QOE_HP_SAMPLE_LEN);
	return QOE_ST_OK;
}

/*
 * The key state a matched packet will need, from the hints in its CID
 * entry: HP key and the current phase's AEAD key (the phase bit is still
 * protected; a flip is rare).
 */
static void rx_prefetch_keys(const struct qoe_engine *e,
			     const struct qoe_cid_entry *c)
{
	const struct qoe_crypto_ops *ops = e->crypto.ops;
	u8 cipher = c->aead_hint & QOE_HINT_CIPHER_MASK;
	const void *aead = (const void *)(c->aead_hint & ~(uintptr_t)QOE_HINT_CIPHER_MASK);

	if (!aead)
		return;
	if (ops->hp_prefetch)
		ops->hp_prefetch(c->hp_hint, cipher);
	if (ops->aead_prefetch)
		ops->aead_prefetch(aead, cipher);
}

/*
 * A cheap first look before qoe_flow_rx_hint_same(): the 8 bytes after
 * the first byte (the CID, or the start of one) of both packets.  At scale
 * the packet before is of another flow and this is where it shows; a CID
 * shorter than that has the PN in those bytes, and is always looked up.
 */
static bool rx_may_be_same(const u8 *ppkt, const struct qoe_inet *pin,
			   const u8 *pkt, const struct qoe_inet *in)
{
	u64 a, b;

	if (in->quic_len < 9 || pin->quic_len < 9)
		return false;
	memcpy(&a, pkt + in->quic_off + 1, 8);
	memcpy(&b, ppkt + pin->quic_off + 1, 8);
	return a == b;
}

/*
 * Match a chunk in stages, each a pass over all its packets, so one
 * packet's cache misses overlap the others' work: parse and hash
 * (prefetch the bucket), read the bucket (prefetch the entry), match
 * (prefetch the flow and, by the entry's hints, its keys), check.  A
 * packet that stops at a stage is skipped by the next ones.
 */
static void rx_match_chunk(struct qoe_engine *e, struct qoe_buf *b, u16 n,
			   u32 l3_off, struct qoe_rx_cmpl *c, int *st)
{
	struct qoe_rx_slot *sl = e->rx_slot;
	u16 i;

	for (i = 0; i < n; i++) {
		memset(&c[i], 0, sizeof(c[i]));
		c[i].seg_count = cpu_to_le16(1);
		sl[i].f = NULL;
		st[i] = rx_parse(b[i].data, b[i].len, l3_off, &sl[i].in);
		c[i].quic_off = cpu_to_le16(sl[i].in.quic_off);
		sl[i].same = false;
		if (st[i] != QOE_ST_OK)
			continue;
		if (i && st[i - 1] == QOE_ST_OK &&
		    rx_may_be_same(b[i - 1].data, &sl[i - 1].in, b[i].data,
				   &sl[i].in) &&
		    qoe_flow_rx_hint_same(e, &sl[i].in,
					  b[i].data + sl[i].in.quic_off,
					  &sl[i - 1].in,
					  b[i - 1].data + sl[i - 1].in.quic_off,
					  &sl[i - 1].hint, &sl[i].hint))
			sl[i].same = true;
		else
			qoe_flow_rx_hint(e, &sl[i].in,
					 b[i].data + sl[i].in.quic_off,
					 &sl[i].hint);
	}
	for (i = 0; i < n; i++)
		if (st[i] == QOE_ST_OK && !sl[i].same)
			qoe_flow_rx_hint_entry(e, &sl[i].hint);
	for (i = 0; i < n; i++) {
		if (st[i] != QOE_ST_OK)
			continue;
		if (sl[i].same) {
			/* the packet before ran this lookup just now */
			sl[i].f = sl[i - 1].f;
			sl[i].cid_len = sl[i - 1].cid_len;
			sl[i].hint.match = sl[i - 1].hint.match;
		} else {
			sl[i].f = qoe_flow_lookup_rx(e, &sl[i].in,
						     b[i].data + sl[i].in.quic_off,
						     &sl[i].cid_len, &sl[i].hint);
		}
		if (!sl[i].f) {
			st[i] = QOE_ST_NO_FLOW;
			continue;
		}
		/* a run of one flow's packets needs it once */
		if (!i || sl[i].f != sl[i - 1].f) {
			qoe_prefetch(sl[i].f);
			qoe_prefetch(&sl[i].f->key);
			rx_prefetch_keys(e, &e->cids[sl[i].hint.match]);
		}
	}
	for (i = 0; i < n; i++)
		if (st[i] == QOE_ST_OK)
			st[i] = rx_check(e, &b[i], &sl[i],
					 e->hp_samples + i * QOE_HP_SAMPLE_LEN,
					 &c[i]);
}

/* The completion, the lengths of a decrypted packet, and the counters. */
static void rx_done(struct qoe_engine *e, struct qoe_buf *b,
		    struct qoe_rx_slot *sl, int st, struct qoe_rx_cmpl *c)
{
	/*
	 * FAIL_DROP drops forgeries, except what may be a stateless reset
	 * (RFC 9000 10.3): one matched without a CID, of 21 bytes or more.
	 * Only the host knows the reset tokens.
	 */
	if ((st == QOE_ST_AUTH_FAIL || st == QOE_ST_KEY_EXHAUSTED) &&
	    sl->f->fail_action == QOE_FAIL_DROP &&
	    !(st == QOE_ST_AUTH_FAIL && !sl->cid_len &&
	      sl->in.quic_len >= QOE_RESET_MIN_LEN))
		c->flags |= QOE_RXF_DROP;
	if (st == QOE_ST_OK) {
		b->len -= QOE_TAG_LEN;
		sl->in.quic_len -= QOE_TAG_LEN;
		/* lengths follow the plaintext; the checksum means nothing now */
		qoe_inet_fix(b->data, &sl->in, sl->in.quic_len, 0, false);
		c->flags |= QOE_RXF_DECRYPTED;
		e->stats[QOE_STAT_RX_PACKETS]++;
		e->stats[QOE_STAT_RX_BYTES] += le16_to_cpu(c->seg_size);
	}
	c->status = (u8)st;
	rx_count(e, st);
}

/*
 * Match every packet of a chunk, compute the HP masks of each run of
 * same-flow packets in one backend call, then open the packets in order
 * (so PN expansion and phase flips see them as one by one would).
 */
static void rx_chunk(struct qoe_engine *e, struct qoe_buf *b, u16 n,
		     u32 l3_off, struct qoe_rx_cmpl *c)
{
	struct qoe_rx_slot *sl = e->rx_slot;
	int st[QOE_RX_BATCH];
	u16 i, j;

	rx_match_chunk(e, b, n, l3_off, c, st);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && st[i] == QOE_ST_OK &&
		     st[j] == QOE_ST_OK && sl[j].f == sl[i].f; j++)
			;
		if (st[i] == QOE_ST_OK &&
		    qoe_hp_masks(e, sl[i].f, e->hp_samples + i * QOE_HP_SAMPLE_LEN,
				 e->hp_masks + i * QOE_HP_SAMPLE_LEN, j - i))
			for (u16 k = i; k < j; k++)
				st[k] = QOE_ST_MALFORMED;
	}
	for (i = 0; i < n; i++) {
		/*
		 * The AEAD does not cover IP and UDP: once decrypted, lengths
		 * and checksum are rewritten, so what the wire corrupted there
		 * is caught before.  Just before: the sum brings the packet
		 * into L1 for the open, rather than a pass over the whole
		 * chunk that evicts the first packets before they are opened.
		 */
		if (st[i] == QOE_ST_OK && !qoe_inet_csum_ok(b[i].data, &sl[i].in)) {
			sl[i].f = NULL;
			e->stats[QOE_STAT_RX_BAD_CSUM]++;
			st[i] = QOE_ST_MALFORMED;
		}
		if (st[i] == QOE_ST_OK)
			st[i] = rx_open(e, sl[i].f, sl[i].cid_len,
					b[i].data + sl[i].in.quic_off,
					sl[i].in.quic_len,
					e->hp_masks + i * QOE_HP_SAMPLE_LEN, &c[i]);
		rx_done(e, &b[i], &sl[i], st[i], &c[i]);
	}
}

void qoe_engine_rx_burst(struct qoe_engine *e, struct qoe_buf *b, u16 n,
			 u32 l3_off, struct qoe_rx_cmpl *c)
{
	for (u16 i = 0; i < n; i += QOE_RX_BATCH)
		rx_chunk(e, b + i, n - i < QOE_RX_BATCH ? n - i : QOE_RX_BATCH,
			 l3_off, c + i);
}

/**
 * qoe_engine_rx_owns() - would a flow of @e take this packet?
 * @e: the engine
 * @pkt: [l3_off bytes][IP][UDP][QUIC short header]
 * @len: its length
 * @l3_off: where the IP header starts
 *
 * The flow match qoe_engine_rx() makes, and nothing else: no counter, no
 * state.  A device with an engine per queue uses it to send a packet to
 * the engine that owns it when the packet's 4-tuple hashes elsewhere (a
 * migrated connection), as a NIC's flow rules override RSS.
 *
 * Return: true if a flow of @e matches.
 */
bool qoe_engine_rx_owns(struct qoe_engine *e, const u8 *pkt, u32 len,
			u32 l3_off)
{
	struct qoe_flow *f;
	struct qoe_inet in;
	u8 cid_len;

	return rx_find(e, pkt, len, l3_off, &in, &f, &cid_len) == QOE_ST_OK;
}

int qoe_engine_rx(struct qoe_engine *e, struct qoe_buf *b, u32 l3_off,
		  struct qoe_rx_cmpl *c)
{
	rx_chunk(e, b, 1, l3_off, c);
	return c->status;
}
QOE_EXPORT_FOR_TESTS(qoe_engine_rx);
