// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/* Packet numbers: truncated encoding on the wire, expansion on receipt. */
#include "engine_priv.h"

/**
 * qoe_pn_decode() - expand a truncated packet number (RFC 9000 A.3)
 * @largest: largest PN authenticated so far, or QOE_PN_NONE
 * @truncated: the PN bits from the header
 * @pn_len: bytes those bits came in, 1..4
 *
 * Return: the full packet number closest to @largest + 1, or QOE_PN_NONE
 * when that is past 2^62 - 1 (no such packet can exist).
 */
u64 qoe_pn_decode(u64 largest, u64 truncated, u8 pn_len)
{
	u64 expected = largest == QOE_PN_NONE ? 0 : largest + 1;
	u64 win = 1ULL << (pn_len * 8);
	u64 hwin = win / 2;
	u64 mask = win - 1;
	u64 candidate = (expected & ~mask) | truncated;

	/* The checks are ordered so no step can wrap below zero or past 2^62. */
	if (candidate + hwin <= expected && candidate < (1ULL << 62) - win)
		return candidate + win;
	if (candidate > expected + hwin && candidate >= win)
		return candidate - win;
	return candidate <= QOE_PN_MAX ? candidate : QOE_PN_NONE;
}

void qoe_pn_write(u8 *p, u64 pn, u8 pn_len)
{
	for (int i = pn_len - 1; i >= 0; i--) {
		p[i] = (u8)pn;
		pn >>= 8;
	}
}

u64 qoe_pn_read(const u8 *p, u8 pn_len)
{
	u64 v = 0;

	for (u8 i = 0; i < pn_len; i++)
		v = (v << 8) | p[i];
	return v;
}
