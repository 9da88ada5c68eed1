// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/* Header protection of short-header packets (RFC 9001 s5.4). */
#include "engine_priv.h"

/*
 * The sample starts 4 bytes after the PN whatever the PN length, so the
 * caller has checked that pn_off + 4 + 16 bytes exist.
 */
int qoe_hp_apply(const struct qoe_engine *e, const struct qoe_flow *f,
		 u8 *quic, u32 pn_off, u8 pn_len)
{
	u8 mask[QOE_HP_MASK_LEN];
	int ret;

	ret = e->crypto.ops->hp_mask(e->crypto.priv, f->hp, quic + pn_off + 4,
				     mask);
	if (ret)
		return ret;
	quic[0] ^= mask[0] & 0x1f;
	for (u8 i = 0; i < pn_len; i++)
		quic[pn_off + i] ^= mask[1 + i];
	return 0;
}

int qoe_hp_remove(const struct qoe_engine *e, const struct qoe_flow *f,
		  u8 *quic, u32 pn_off, u8 *pn_len)
{
	u8 mask[QOE_HP_MASK_LEN];
	int ret;

	ret = e->crypto.ops->hp_mask(e->crypto.priv, f->hp, quic + pn_off + 4,
				     mask);
	if (ret)
		return ret;
	quic[0] ^= mask[0] & 0x1f;
	*pn_len = (quic[0] & 0x03) + 1;
	for (u8 i = 0; i < *pn_len; i++)
		quic[pn_off + i] ^= mask[1 + i];
	return 0;
}
