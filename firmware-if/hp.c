// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/* Header protection of short-header packets (RFC 9001 s5.4). */
#include "engine_priv.h"

/*
 * Masks for @n samples laid back to back (16 bytes each); mask i lands in
 * the first 5 bytes of @masks + 16 * i.  One backend call when it can batch.
 */
int qoe_hp_masks(const struct qoe_engine *e, const struct qoe_flow *f,
		 const u8 *samples, u8 *masks, u32 n)
{
	const struct qoe_crypto_ops *ops = e->crypto.ops;
	int ret = 0;

	if (ops->hp_mask_burst)
		return ops->hp_mask_burst(e->crypto.priv, f->hp, samples, masks,
					  n);
	for (u32 i = 0; i < n && !ret; i++)
		ret = ops->hp_mask(e->crypto.priv, f->hp,
				   samples + i * QOE_HP_SAMPLE_LEN,
				   masks + i * QOE_HP_SAMPLE_LEN);
	return ret;
}

/* Protect: the first byte's low 5 bits and the PN bytes. */
void qoe_hp_xor(u8 *quic, u32 pn_off, u8 pn_len, const u8 *mask)
{
	quic[0] ^= mask[0] & 0x1f;
	for (u8 i = 0; i < pn_len; i++)
		quic[pn_off + i] ^= mask[1 + i];
}

/* Unprotect with a computed mask: the PN length is known once byte 0 is. */
void qoe_hp_unmask(u8 *quic, u32 pn_off, const u8 *mask, u8 *pn_len)
{
	quic[0] ^= mask[0] & 0x1f;
	*pn_len = (quic[0] & 0x03) + 1;
	for (u8 i = 0; i < *pn_len; i++)
		quic[pn_off + i] ^= mask[1 + i];
}
