// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * Payload keys per (flow, phase), usage counting against the RFC 9001 s6.6
 * limits, and the AEAD nonce.  The HP key lives with the flow: it never
 * rotates.
 */
#include "engine_priv.h"

int qoe_key_install(struct qoe_engine *e, struct qoe_flow *f, u8 phase,
		    const u8 *key, u8 key_len, const u8 *iv)
{
	struct qoe_key *k;
	void *ctx;

	if (phase > 1 || key_len != qoe_cipher_key_len(f->cipher))
		return QOE_ST_BAD_PARAM;
	ctx = e->crypto.ops->aead_new(e->crypto.priv, f->cipher, key, key_len);
	if (!ctx)
		return QOE_ST_NO_MEM;
	k = &f->key[phase];
	if (k->aead) {
		e->crypto.ops->aead_free(e->crypto.priv, k->aead);
		f->key_updates++;
		e->stats[QOE_STAT_KEY_UPDATES]++;
	}
	k->aead = ctx;
	memcpy(k->iv, iv, QOE_IV_LEN);
	k->packets = 0;
	k->limit_warned = false;
	qoe_flow_hints(e, f);
	return QOE_ST_OK;
}

void qoe_key_retire(struct qoe_engine *e, struct qoe_flow *f, u8 phase)
{
	struct qoe_key *k = &f->key[phase];

	if (k->aead)
		e->crypto.ops->aead_free(e->crypto.priv, k->aead);
	qoe_wipe(k, sizeof(*k));
	qoe_flow_hints(e, f);
}

u64 qoe_key_limit(const struct qoe_engine *e, u8 cipher)
{
	const struct qoe_cipher_desc *d = qoe_cipher_find(cipher);

	if (e->aead_limit)
		return e->aead_limit;
	/* a flow's cipher is known; an unknown one protects nothing */
	return d ? d->usage_limit : 0;
}

/* Failed opens an RX flow may see before it stops (RFC 9001 s6.6). */
u64 qoe_integrity_limit(const struct qoe_engine *e, u8 cipher)
{
	const struct qoe_cipher_desc *d = qoe_cipher_find(cipher);

	if (e->integrity_limit)
		return e->integrity_limit;
	return d ? d->integrity_limit : 0;
}

/* The flow's keys and limits, as FLOW_QUERY reports them (QOE_FLOWQ_*). */
u8 qoe_flow_state(const struct qoe_engine *e, const struct qoe_flow *f)
{
	u64 limit = qoe_key_limit(e, f->cipher);
	u8 s = 0;

	for (u8 p = 0; p < 2; p++) {
		if (f->key[p].aead)
			s |= 1 << p;
		if (f->dir == QOE_DIR_TX && f->key[p].aead &&
		    f->key[p].packets >= limit)
			s |= QOE_FLOWQ_EXHAUSTED(p);
	}
	if (f->dir == QOE_DIR_RX &&
	    f->auth_fail >= qoe_integrity_limit(e, f->cipher))
		s |= QOE_FLOWQ_INTEGRITY_LIMIT;
	return s;
}

/* Count @packets on a key; warn once when 7/8 of its limit is used. */
void qoe_key_count(struct qoe_engine *e, struct qoe_flow *f, u8 phase,
		   u32 packets)
{
	struct qoe_key *k = &f->key[phase];
	u64 limit = qoe_key_limit(e, f->cipher);

	k->packets += packets;
	if (!k->limit_warned && k->packets >= limit - limit / 8) {
		k->limit_warned = true;
		qoe_event_post(e, QOE_EV_USAGE_LIMIT, f->handle, phase,
			       k->packets);
	}
}

/* RFC 9001 s5.3: the 62-bit PN, big-endian, XORed into the IV's tail. */
void qoe_nonce(u8 nonce[QOE_IV_LEN], const u8 iv[QOE_IV_LEN], u64 pn)
{
	memcpy(nonce, iv, QOE_IV_LEN);
	for (int i = 0; i < 8; i++)
		nonce[QOE_IV_LEN - 1 - i] ^= (u8)(pn >> (8 * i));
}
