// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * The software baseline: one packet at a time, the way a QUIC stack without
 * offload protects and unprotects 1-RTT packets (RFC 9001 s5), calling a
 * crypto backend's ops for the AEAD and the header-protection mask.
 */
#include "bench.h"

const u8 qoe_bench_src_ip[4] = { 192, 0, 2, 1 };
const u8 qoe_bench_dst_ip[4] = { 198, 51, 100, 7 };

static u64 qoe_bench_splitmix(u64 *x)
{
	u64 z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void qoe_bench_fill(u8 *p, size_t n, u64 *x)
{
	while (n) {
		u64 r = qoe_bench_splitmix(x);
		size_t k = n < 8 ? n : 8;

		memcpy(p, &r, k);
		p += k;
		n -= k;
	}
}

void qoe_bench_keys_make(struct qoe_bench_keys *k, u8 cipher, u64 seed)
{
	u64 x = seed * 0x100000001b3ULL + cipher;

	memset(k, 0, sizeof(*k));
	k->cipher = cipher;
	qoe_bench_fill(k->key, qoe_cipher_key_len(cipher), &x);
	qoe_bench_fill(k->hp, qoe_cipher_key_len(cipher), &x);
	qoe_bench_fill(k->iv, sizeof(k->iv), &x);
	qoe_bench_fill(k->cid, sizeof(k->cid), &x);
}

void qoe_bench_nonce(u8 nonce[QOE_IV_LEN], const u8 iv[QOE_IV_LEN], u64 pn)
{
	memcpy(nonce, iv, QOE_IV_LEN);
	for (int i = 0; i < 8; i++)
		nonce[QOE_IV_LEN - 1 - i] ^= (u8)(pn >> (8 * i));
}

int qoe_bench_sw_flow_init(struct qoe_bench_sw_flow *f, const struct qoe_crypto *cr,
		    const struct qoe_bench_keys *k)
{
	size_t kl = qoe_cipher_key_len(k->cipher);

	memset(f, 0, sizeof(*f));
	f->cr = cr;
	f->aead = cr->ops->aead_new(cr->priv, k->cipher, k->key, kl);
	f->hp = cr->ops->hp_new(cr->priv, k->cipher, k->hp, kl);
	if (!f->aead || !f->hp) {
		qoe_bench_sw_flow_fini(f);
		return -EINVAL;
	}
	memcpy(f->iv, k->iv, sizeof(f->iv));
	memcpy(f->cid, k->cid, sizeof(f->cid));
	return 0;
}

void qoe_bench_sw_flow_fini(struct qoe_bench_sw_flow *f)
{
	if (f->aead)
		f->cr->ops->aead_free(f->cr->priv, f->aead);
	if (f->hp)
		f->cr->ops->hp_free(f->cr->priv, f->hp);
	f->aead = NULL;
	f->hp = NULL;
}

static void qoe_bench_put16(u8 *p, u16 v)
{
	p[0] = (u8)(v >> 8);
	p[1] = (u8)v;
}

static u16 qoe_bench_get16(const u8 *p)
{
	return (u16)(p[0] << 8 | p[1]);
}

static u16 qoe_bench_ip_csum(const u8 *ip)
{
	u32 s = 0;

	for (int i = 0; i < QOE_BENCH_IP_LEN; i += 2)
		s += qoe_bench_get16(ip + i);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (u16)~s;
}

void qoe_bench_hdr_csum_fix(u8 *pkt)
{
	u8 *ip = pkt + QOE_BENCH_L3_OFF;

	qoe_bench_put16(ip + 10, 0);
	qoe_bench_put16(ip + 10, qoe_bench_ip_csum(ip));
}

/* Ones' complement sum of a UDP/IPv4 packet with its pseudo-header. */
u16 qoe_bench_udp_sum(const u8 *pkt)
{
	const u8 *ip = pkt + QOE_BENCH_L3_OFF, *udp = ip + QOE_BENCH_IP_LEN;
	u32 len = (u32)(udp[4] << 8 | udp[5]), s = 17 + len;

	for (u32 i = 12; i < 20; i += 2)
		s += (u32)(ip[i] << 8 | ip[i + 1]);
	for (u32 i = 0; i + 1 < len; i += 2)
		s += (u32)(udp[i] << 8 | udp[i + 1]);
	if (len & 1)
		s += (u32)udp[len - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (u16)s;
}

void qoe_bench_udp_csum_fix(u8 *pkt)
{
	u8 *udp = pkt + QOE_BENCH_L3_OFF + QOE_BENCH_IP_LEN;
	u16 c;

	qoe_bench_put16(udp + 6, 0);
	c = (u16)~qoe_bench_udp_sum(pkt);
	qoe_bench_put16(udp + 6, c ? c : 0xffff);	/* 0 is "none" */
}

void qoe_bench_hdr_write(u8 *pkt, const u8 *cid, u64 pn, u32 quic_len)
{
	static const u8 eth[QOE_BENCH_L3_OFF] = {
		0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1, 0x08, 0x00
	};
	u8 *ip = pkt + QOE_BENCH_L3_OFF, *udp = ip + QOE_BENCH_IP_LEN;
	u8 *q = udp + QOE_BENCH_UDP_LEN;

	memcpy(pkt, eth, sizeof(eth));
	memset(ip, 0, QOE_BENCH_IP_LEN + QOE_BENCH_UDP_LEN);
	ip[0] = 0x45;
	qoe_bench_put16(ip + 2, (u16)(QOE_BENCH_IP_LEN + QOE_BENCH_UDP_LEN + quic_len));
	ip[6] = 0x40;		/* DF */
	ip[8] = 64;
	ip[9] = 17;
	memcpy(ip + 12, qoe_bench_src_ip, 4);
	memcpy(ip + 16, qoe_bench_dst_ip, 4);
	qoe_bench_put16(ip + 10, qoe_bench_ip_csum(ip));
	qoe_bench_put16(udp, QOE_BENCH_SRC_PORT);
	qoe_bench_put16(udp + 2, QOE_BENCH_DST_PORT);
	qoe_bench_put16(udp + 4, (u16)(QOE_BENCH_UDP_LEN + quic_len));
	/* UDP checksum 0: a software stack leaves it to the NIC's csum offload */
	q[0] = 0x40 | (QOE_BENCH_PN_LEN - 1);
	memcpy(q + 1, cid, QOE_BENCH_CID_LEN);
	for (int i = 0; i < QOE_BENCH_PN_LEN; i++)
		q[1 + QOE_BENCH_CID_LEN + i] = (u8)(pn >> (8 * (QOE_BENCH_PN_LEN - 1 - i)));
}

u32 qoe_bench_sw_seal(struct qoe_bench_sw_flow *f, u8 *pkt, u64 pn, const u8 *payload,
	       u32 len, bool hp)
{
	u8 nonce[QOE_IV_LEN], mask[QOE_HP_MASK_LEN];
	u8 *q = pkt + QOE_BENCH_QUIC_OFF, *ct = q + QOE_BENCH_QHDR_LEN;
	u32 quic_len = QOE_BENCH_QHDR_LEN + len + QOE_TAG_LEN;

	qoe_bench_hdr_write(pkt, f->cid, pn, quic_len);
	qoe_bench_nonce(nonce, f->iv, pn);
	if (f->cr->ops->seal(f->cr->priv, f->aead, nonce, q, QOE_BENCH_QHDR_LEN,
			     payload, ct, len, ct + len))
		return 0;
	if (hp) {
		/* sample starts 4 bytes after the PN's first byte (s5.4.2) */
		if (f->cr->ops->hp_mask(f->cr->priv, f->hp,
					q + 1 + QOE_BENCH_CID_LEN + 4, mask))
			return 0;
		q[0] ^= mask[0] & 0x1f;
		for (int i = 0; i < QOE_BENCH_PN_LEN; i++)
			q[1 + QOE_BENCH_CID_LEN + i] ^= mask[1 + i];
	}
	return QOE_BENCH_QUIC_OFF + quic_len;
}

/* RFC 9000 appendix A.3 */
static u64 qoe_bench_pn_decode(u64 largest, u64 trunc, unsigned int bits)
{
	u64 expected = largest + 1, win = 1ULL << bits, hwin = win / 2;
	u64 cand = (expected & ~(win - 1)) | trunc;

	if (cand + hwin <= expected && cand < (1ULL << 62) - win)
		return cand + win;
	if (cand > expected + hwin && cand >= win)
		return cand - win;
	return cand;
}

int qoe_bench_sw_open(struct qoe_bench_sw_flow *f, u8 *pkt, u32 len)
{
	u8 nonce[QOE_IV_LEN], mask[QOE_HP_MASK_LEN];
	u8 *ip = pkt + QOE_BENCH_L3_OFF, *q = pkt + QOE_BENCH_QUIC_OFF;
	u32 quic_len, hdr_len, pn_len, plen;
	u64 trunc = 0, pn;

	if (len < QOE_BENCH_QUIC_OFF + 1 + QOE_BENCH_CID_LEN + 4 + QOE_HP_SAMPLE_LEN ||
	    ip[0] != 0x45 || ip[9] != 17 ||
	    qoe_bench_get16(ip + 2) != len - QOE_BENCH_L3_OFF)
		return -EINVAL;
	quic_len = len - QOE_BENCH_QUIC_OFF;
	if ((q[0] & 0x80) || memcmp(q + 1, f->cid, QOE_BENCH_CID_LEN))
		return -ENOENT;	/* long header, or not this connection */
	if (f->cr->ops->hp_mask(f->cr->priv, f->hp, q + 1 + QOE_BENCH_CID_LEN + 4, mask))
		return -EINVAL;
	q[0] ^= mask[0] & 0x1f;
	pn_len = (q[0] & 3) + 1;
	hdr_len = 1 + QOE_BENCH_CID_LEN + pn_len;
	for (u32 i = 0; i < pn_len; i++) {
		q[1 + QOE_BENCH_CID_LEN + i] ^= mask[1 + i];
		trunc = trunc << 8 | q[1 + QOE_BENCH_CID_LEN + i];
	}
	pn = qoe_bench_pn_decode(f->largest, trunc, 8 * pn_len);
	plen = quic_len - hdr_len - QOE_TAG_LEN;
	qoe_bench_nonce(nonce, f->iv, pn);
	if (f->cr->ops->open(f->cr->priv, f->aead, nonce, q, hdr_len,
			     q + hdr_len, q + hdr_len, plen, q + hdr_len + plen))
		return -EBADMSG;
	if (pn > f->largest || f->largest == QOE_PN_NONE)
		f->largest = pn;
	return (int)plen;
}
