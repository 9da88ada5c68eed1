// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * Receive-side scaling: the hash a multi-queue device spreads flows over
 * its queues (and their engines) by.  It is symmetric, so a connection's
 * TX flow, its RX flow and its packets in either direction all hash alike
 * and both ends of a back-to-back wire agree on the queue.
 */
#include "engine_priv.h"

/* murmur3's finaliser: every input bit reaches every output bit */
static u32 rss_mix(u32 x)
{
	x ^= x >> 16;
	x *= 0x85ebca6bU;
	x ^= x >> 13;
	x *= 0xc2b2ae35U;
	x ^= x >> 16;
	return x;
}

static u32 rss_end(const u8 *addr, u32 alen, __be16 port)
{
	u32 x = 0x9e3779b9U, w, i;
	u16 p;

	/* word copies: addresses in packets sit at any even offset */
	for (i = 0; i < alen; i += 4) {
		memcpy(&w, addr + i, 4);
		x = rss_mix(x ^ w);
	}
	memcpy(&p, &port, sizeof(p));
	return rss_mix(x ^ p);
}

/**
 * qoe_rss_hash() - the symmetric hash of a UDP 4-tuple
 * @family: enum qoe_family
 * @a: one end's address (4 or 16 bytes), network order
 * @aport: its port, network order
 * @b: the other end's address
 * @bport: its port
 *
 * Return: the same value whichever end comes first.
 */
u32 qoe_rss_hash(u8 family, const u8 *a, __be16 aport, const u8 *b,
		 __be16 bport)
{
	u32 alen = family == QOE_FAMILY_IPV4 ? 4 : 16;

	/* XOR of the two ends: the order does not matter */
	return rss_mix(rss_end(a, alen, aport) ^ rss_end(b, alen, bport) ^
		       family);
}

/**
 * qoe_rss_frame_hash() - the hash of a frame's UDP 4-tuple
 * @frame: the frame, or only its first bytes
 * @len: bytes at @frame
 * @l3_off: where its IP header starts
 * @hash: the hash, when this returns true
 *
 * Only the headers are read, as a NIC's RSS does before the rest of the
 * frame arrives: lengths beyond them are the engine's business.
 *
 * Return: true for IPv4 (unfragmented) or IPv6 UDP, whose hash
 * qoe_rss_hash() of its flow's addresses and ports matches; false for
 * anything else, which a device leaves on its first queue.
 */
bool qoe_rss_frame_hash(const u8 *frame, u32 len, u32 l3_off, u32 *hash)
{
	const u8 *ip = frame + l3_off, *udp;
	__be16 sport, dport;
	u32 ihl;
	u8 family;

	/* the shortest: IPv4 without options */
	if (len < l3_off + 20 + QOE_UDP_HLEN)
		return false;
	switch (ip[0] >> 4) {
	case 4:
		ihl = (ip[0] & 0x0f) * 4u;
		/* a fragment's ports are not where they would be */
		if (ihl < 20 || ip[9] != QOE_IPPROTO_UDP || (ip[6] & 0x3f) ||
		    ip[7])
			return false;
		family = QOE_FAMILY_IPV4;
		break;
	case 6:
		ihl = QOE_IP6_HLEN;
		if (ip[6] != QOE_IPPROTO_UDP)
			return false;
		family = QOE_FAMILY_IPV6;
		break;
	default:
		return false;
	}
	if (len < l3_off + ihl + QOE_UDP_HLEN)
		return false;
	udp = ip + ihl;
	memcpy(&sport, udp, 2);
	memcpy(&dport, udp + 2, 2);
	*hash = family == QOE_FAMILY_IPV4 ?
		qoe_rss_hash(family, ip + 12, sport, ip + 16, dport) :
		qoe_rss_hash(family, ip + 8, sport, ip + 24, dport);
	return true;
}
