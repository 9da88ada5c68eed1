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

/*
 * Add the big-endian 16-bit words of @p to @sum.  The one's complement sum
 * does not care about byte order (RFC 1071), so words are summed natively
 * 8 bytes at a time and the folded result swapped once at the end.
 */
static u32 csum_add(u32 sum, const u8 *p, u32 len)
{
	u64 a[4] = { 0 }, acc;
	u16 r = 0;

	/* four independent sums: the adds do not wait on each other */
	for (; len >= 32; p += 32, len -= 32) {
		for (int i = 0; i < 4; i++) {
			u64 w;

			memcpy(&w, p + 8 * i, 8);
			a[i] += (w >> 32) + (w & 0xffffffffU);
		}
	}
	acc = a[0] + a[1] + a[2] + a[3];
	for (; len >= 8; p += 8, len -= 8) {
		u64 w;

		memcpy(&w, p, 8);
		acc += (w >> 32) + (w & 0xffffffffU);
	}
	for (; len >= 2; p += 2, len -= 2) {
		memcpy(&r, p, 2);
		acc += r;
	}
	if (len) {
		r = 0;
		memcpy(&r, p, 1);	/* the first byte of a zero-padded word */
		acc += r;
	}
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	r = (u16)acc;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	r = __builtin_bswap16(r);
#endif
	return sum + r;
}

static u16 csum_fold(u32 sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (u16)~sum;
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

	if (v4 && csum_fold(csum_add(0, ip, in->udp_off - in->ip_off)))
		return false;
	if (!get16(udp + 6))
		return v4;
	sum = csum_add(0, v4 ? ip + 12 : ip + 8, v4 ? 8 : 32);
	sum += QOE_IPPROTO_UDP + udp_len;
	sum = csum_add(sum, udp, udp_len);
	return !csum_fold(sum);
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
	u32 udp_len = quic_len + QOE_UDP_HLEN;
	u32 sum;
	u16 c;

	if (in->family == QOE_FAMILY_IPV4) {
		u32 ihl = in->udp_off - in->ip_off;

		put16(ip + 2, (u16)(ihl + udp_len));
		put16(ip + 4, (u16)(get16(ip + 4) + ip_id_add));
		put16(ip + 10, 0);
		put16(ip + 10, csum_fold(csum_add(0, ip, ihl)));
	} else {
		put16(ip + 4, (u16)udp_len);
		udp_csum = true;
	}
	put16(udp + 4, (u16)udp_len);
	put16(udp + 6, 0);
	if (!udp_csum)
		return;
	sum = csum_add(0, in->family == QOE_FAMILY_IPV4 ? ip + 12 : ip + 8,
		       in->family == QOE_FAMILY_IPV4 ? 8 : 32);
	sum += QOE_IPPROTO_UDP + udp_len;
	sum = csum_add(sum, udp, udp_len);
	c = csum_fold(sum);
	put16(udp + 6, c ? c : 0xffff);
}
