/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause) */
/*
 * What the fuzz harnesses share: reading the input as a program, the
 * one's complement sum for the checksums they write, and the ipsec-mb
 * backend they all start with.
 */
#ifndef _QOE_FUZZ_UTIL_H
#define _QOE_FUZZ_UTIL_H

#include <stdlib.h>
#include <string.h>

#include "qoe_host.h"

/* The fuzzer's input, read front to back; zeros once it runs out. */
struct prog {
	const u8 *p;
	size_t left;
};

static inline u8 next8(struct prog *g)
{
	if (!g->left)
		return 0;
	g->left--;
	return *g->p++;
}

static inline u64 next64(struct prog *g)
{
	u64 v = 0;

	for (int i = 0; i < 8; i++)
		v = v << 8 | next8(g);
	return v;
}

/* Folded one's complement sum of big-endian 16-bit words (RFC 1071). */
static inline u32 sum16(const u8 *p, u32 len, u32 sum)
{
	for (u32 i = 0; i + 1 < len; i += 2)
		sum += (u32)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (u32)p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum;
}

/* Store the checksum of a folded @sum big-endian at @p. */
static inline void put_csum(u8 *p, u32 sum)
{
	u16 c = (u16)~sum;

	p[0] = (u8)(c >> 8);
	p[1] = (u8)c;
}

/*
 * IPv4 + UDP in front of a QUIC packet, 10.0.0.@src:4433 -> 10.0.0.2:443,
 * for a datagram of @len bytes in all (checksums left zero).
 */
static inline void fuzz_ip_udp(u8 *pkt, u32 len, u8 src)
{
	memset(pkt, 0, 28);
	pkt[0] = 0x45;
	pkt[2] = (u8)(len >> 8);
	pkt[3] = (u8)len;
	pkt[8] = 64;
	pkt[9] = 17;
	pkt[12] = 10;
	pkt[15] = src;
	pkt[16] = 10;
	pkt[19] = 2;
	pkt[20] = 4433 >> 8;
	pkt[21] = 4433 & 0xff;
	pkt[22] = 443 >> 8;
	pkt[23] = 443 & 0xff;
	pkt[24] = (u8)((len - 20) >> 8);
	pkt[25] = (u8)(len - 20);
}

/* Every harness: the ipsec-mb backend into @c, or abort. */
static inline void fuzz_crypto_init(struct qoe_crypto *c)
{
	if (qoe_crypto_ipsecmb_init(c))
		abort();
}

#endif
