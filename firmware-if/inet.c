// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/* IPv4/IPv6 + UDP: parse what the device needs, fix lengths and checksums. */
#include "engine_priv.h"

static u16 get16(const u8 *p)
{
	return (u16)(p[0] << 8 | p[1]);
}

static void put16(u8 *p, u16 v)
{
	p[0] = (u8)(v >> 8);
	p[1] = (u8)v;
}

/*
 * Parse [l3_off][IP][UDP] of @pkt.  Only plain IPv4 (no fragments) and
 * IPv6 without extension headers carry offloaded QUIC; anything else is
 * QOE_ST_NOT_QUIC.  Lengths that disagree with @len are QOE_ST_MALFORMED.
 */
int qoe_inet_parse(const u8 *pkt, u32 len, u32 l3_off, struct qoe_inet *in)
{
	const u8 *ip = pkt + l3_off;
	u32 ip_len, ihl, udp_len;

	if (len < l3_off + 1)
		return QOE_ST_MALFORMED;
	in->ip_off = (u16)l3_off;
	switch (ip[0] >> 4) {
	case 4:
		ihl = (ip[0] & 0x0f) * 4u;
		if (ihl < 20 || len < l3_off + ihl)
			return QOE_ST_MALFORMED;
		if (ip[9] != QOE_IPPROTO_UDP)
			return QOE_ST_NOT_QUIC;
		if (get16(ip + 6) & 0x3fff)	/* MF or fragment offset */
			return QOE_ST_NOT_QUIC;
		ip_len = get16(ip + 2);
		in->family = QOE_FAMILY_IPV4;
		in->saddr = ip + 12;
		in->daddr = ip + 16;
		break;
	case 6:
		ihl = QOE_IP6_HLEN;
		if (len < l3_off + ihl)
			return QOE_ST_MALFORMED;
		if (ip[6] != QOE_IPPROTO_UDP)
			return QOE_ST_NOT_QUIC;
		ip_len = get16(ip + 4) + QOE_IP6_HLEN;
		in->family = QOE_FAMILY_IPV6;
		in->saddr = ip + 8;
		in->daddr = ip + 24;
		break;
	default:
		return QOE_ST_NOT_QUIC;
	}
	if (ip_len != len - l3_off || ip_len < ihl + QOE_UDP_HLEN)
		return QOE_ST_MALFORMED;
	in->udp_off = (u16)(l3_off + ihl);
	udp_len = get16(pkt + in->udp_off + 4);
	if (udp_len != ip_len - ihl)
		return QOE_ST_MALFORMED;
	in->quic_off = (u16)(in->udp_off + QOE_UDP_HLEN);
	in->quic_len = udp_len - QOE_UDP_HLEN;
	memcpy(&in->sport, pkt + in->udp_off, 2);
	memcpy(&in->dport, pkt + in->udp_off + 2, 2);
	return QOE_ST_OK;
}

/* A 32-bit partial sum folded to 16 bits, memory order. */
static u16 csum_fold16(u32 sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (u16)sum;
}

/* The checksum of a 32-bit partial sum: folded, complemented, memory order. */
static u16 qoe_csum_fold(u32 sum)
{
	return (u16)~csum_fold16(sum);
}

/* Two 32-bit partial sums as one, the carry folded back in. */
static u32 qoe_csum_fold_add(u32 a, u32 b)
{
	u64 s = (u64)a + b;

	return (u32)((s & 0xffffffffU) + (s >> 32));
}

/* The UDP pseudo-header (RFC 768, RFC 8200 s8.1) as a partial sum. */
static u32 qoe_csum_pseudo(const u8 *ip, u8 family, u32 udp_len)
{
	bool v4 = family == QOE_FAMILY_IPV4;
	u32 sum = (__force u16)cpu_to_be16(QOE_IPPROTO_UDP) +
		  (__force u16)cpu_to_be16((u16)udp_len);

	return qoe_csum_partial(v4 ? ip + 12 : ip + 8, v4 ? 8 : 32, sum);
}

/*
 * Do the IPv4 header checksum and the UDP checksum of a parsed packet hold?
 * A zero UDP checksum means none on IPv4 and is invalid on IPv6.
 */
bool qoe_inet_csum_ok(const u8 *pkt, const struct qoe_inet *in)
{
	const u8 *ip = pkt + in->ip_off, *udp = pkt + in->udp_off;
	u32 udp_len = in->quic_len + QOE_UDP_HLEN, sum;
	bool v4 = in->family == QOE_FAMILY_IPV4;

	if (v4 && qoe_csum_fold(qoe_csum_partial(ip, in->udp_off - in->ip_off, 0)))
		return false;
	if (!get16(udp + 6))
		return v4;
	sum = qoe_csum_pseudo(ip, in->family, udp_len);
	return !qoe_csum_fold(qoe_csum_partial(udp, udp_len, sum));
}

/*
 * Lengths, the IPv4 ID advanced by @ip_id_add and its header checksum, and
 * the UDP checksum zeroed (summed later, or none).
 */
static void inet_fix_hdrs(u8 *pkt, const struct qoe_inet *in, u32 udp_len,
			  u16 ip_id_add)
{
	u8 *ip = pkt + in->ip_off, *udp = pkt + in->udp_off;
	u16 c;

	if (in->family == QOE_FAMILY_IPV4) {
		u32 ihl = in->udp_off - in->ip_off;

		put16(ip + 2, (u16)(ihl + udp_len));
		put16(ip + 4, (u16)(get16(ip + 4) + ip_id_add));
		put16(ip + 10, 0);
		c = qoe_csum_fold(qoe_csum_partial(ip, ihl, 0));
		memcpy(ip + 10, &c, 2);
	} else {
		put16(ip + 4, (u16)udp_len);
	}
	put16(udp + 4, (u16)udp_len);
	put16(udp + 6, 0);
}

/* Store the UDP checksum of partial sum @sum (pseudo-header included). */
static void udp_csum_store(u8 *udp, u32 sum)
{
	u16 c = qoe_csum_fold(sum);

	if (!c)		/* 0 would mean "no checksum" (RFC 768) */
		c = 0xffff;
	memcpy(udp + 6, &c, 2);
}

/*
 * qoe_inet_fix() with a UDP checksum, in two steps, for a packet whose
 * first @skip bytes of UDP payload (even, its QUIC header) change after
 * the rest is final: TX sums a sealed segment while it is in L1, then
 * protects its header.  Returns the partial sum of all but those bytes,
 * for qoe_inet_csum_finish() once they are final.
 */
u32 qoe_inet_fix_but(u8 *pkt, const struct qoe_inet *in, u32 quic_len,
		     u16 ip_id_add, u32 skip)
{
	u8 *ip = pkt + in->ip_off, *udp = pkt + in->udp_off;
	u32 udp_len = quic_len + QOE_UDP_HLEN, sum;

	inet_fix_hdrs(pkt, in, udp_len, ip_id_add);
	sum = qoe_csum_pseudo(ip, in->family, udp_len);
	sum = qoe_csum_partial(udp, QOE_UDP_HLEN, sum);
	return qoe_csum_partial(udp + QOE_UDP_HLEN + skip, quic_len - skip, sum);
}

void qoe_inet_csum_finish(u8 *pkt, const struct qoe_inet *in, u32 skip,
			  u32 sum)
{
	u8 *udp = pkt + in->udp_off;

	udp_csum_store(udp, qoe_csum_partial(udp + QOE_UDP_HLEN, skip, sum));
}

/*
 * qoe_inet_fix() for a super-packet that lies in @n pieces, @frags[0] the
 * head (from the frame's start, holding the headers), the rest after it:
 * lengths and the IPv4 header checksum; the UDP checksum zero on IPv4, and
 * on IPv6 (where zero is invalid) summed piece by piece where they lie,
 * each at its offset's parity (RFC 1071: a run summed from an odd offset
 * has its bytes swapped).  Summing from the head alone would read past it.
 */
void qoe_inet_fix_frags(u8 *head, const struct qoe_inet *in, u32 quic_len,
			const struct qoe_frag *frags, u16 n)
{
	u8 *ip = head + in->ip_off, *udp = head + in->udp_off;
	u32 udp_len = quic_len + QOE_UDP_HLEN, off, sum, s;
	u16 i;

	inet_fix_hdrs(head, in, udp_len, 0);
	if (in->family == QOE_FAMILY_IPV4)
		return;
	off = frags[0].len - in->udp_off;
	sum = qoe_csum_partial(udp, off, qoe_csum_pseudo(ip, in->family, udp_len));
	for (i = 1; i < n; i++) {
		s = qoe_csum_partial(frags[i].data, frags[i].len, 0);
		if (off & 1) {
			s = csum_fold16(s);
			s = ((s & 0xff) << 8) | (s >> 8);
		}
		sum = qoe_csum_fold_add(sum, s);
		off += frags[i].len;
	}
	udp_csum_store(udp, sum);
}

/*
 * Rewrite the IP/UDP headers of a packet whose UDP payload is now @quic_len
 * bytes: lengths, the IPv4 ID advanced by @ip_id_add and its header checksum,
 * and the UDP checksum (computed when @udp_csum, else zeroed; IPv6 forbids a
 * zero UDP checksum, so it is always computed there).
 */
void qoe_inet_fix(u8 *pkt, const struct qoe_inet *in, u32 quic_len,
		  u16 ip_id_add, bool udp_csum)
{
	u8 *ip = pkt + in->ip_off;
	u8 *udp = pkt + in->udp_off;
	u32 udp_len = quic_len + QOE_UDP_HLEN, sum;

	inet_fix_hdrs(pkt, in, udp_len, ip_id_add);
	/* IPv6 forbids a zero UDP checksum */
	if (!udp_csum && in->family == QOE_FAMILY_IPV4)
		return;
	sum = qoe_csum_pseudo(ip, in->family, udp_len);
	udp_csum_store(udp, qoe_csum_partial(udp, udp_len, sum));
}
