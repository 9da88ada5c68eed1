// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * One benchmark configuration (cipher, wire packet size, super-packet size)
 * and its six variants: TX and RX through the offload engine, through the
 * per-packet software path, and the raw ipsec-mb AEAD bound on the same
 * payload bytes.  Every variant is checked against the others first.
 */
#include "bench.h"

#include <stdlib.h>

const char *const qb_variant_names[QB_VARIANTS] = {
	[QB_TX_OFFLOAD] = "offload",
	[QB_TX_SOFTWARE] = "software",
	[QB_TX_RAW] = "raw-aead",
	[QB_RX_OFFLOAD] = "offload+gro",
	[QB_RX_NOGRO] = "offload",
	[QB_RX_SOFTWARE] = "software",
	[QB_RX_RAW] = "raw-aead",
};

#define QB_RX_PN0	0x12345ULL
#define QB_GRO_CAP	(70 * 1024)

struct qb_case {
	struct qb_backends *be;
	struct qb_keys keys;
	u32 seg, segs;

	/* TX: one plaintext super-packet, segs wire packets out */
	struct qoe_engine *etx;
	u32 htx;
	u64 tx_pn;
	u8 *super;
	u32 super_len;
	u8 *outmem;
	struct qoe_buf out[QB_MAX_SEGS];
	struct qb_sw_flow sw_tx, raw_tx;

	/* RX: the same packets as received, protected and HP-free copies */
	struct qoe_engine *erx;
	u32 hrx;
	u8 *rx_wire, *rx_nohp, *rxmem, *gro;
	u32 rx_len[QB_MAX_SEGS];
	struct qoe_buf rxb[QB_MAX_SEGS];
	struct qoe_rx_cmpl rxc[QB_MAX_SEGS];
	struct qoe_gro_group grp[QB_MAX_SEGS];
	struct qb_sw_flow sw_rx, raw_rx;
	u32 bad;	/* a timed run saw a wrong status */
};

u64 qb_case_burst_bytes(const struct qb_case *c)
{
	return (u64)c->seg * c->segs;
}

u32 qb_case_burst_pkts(const struct qb_case *c)
{
	return c->segs;
}

u32 qb_case_seg_size(const struct qb_case *c)
{
	return c->seg;
}

static struct qoe_engine *qb_engine(const struct qoe_crypto *cr)
{
	struct qoe_engine_cfg cfg = {
		.max_flows = 4,
		.max_gso_segs = QB_MAX_SEGS,
		.max_gro_segs = QB_MAX_SEGS,
		.aead_limit = 1ULL << 62,	/* timed runs must not hit it */
		.crypto = cr,
	};

	return qoe_engine_create(&cfg);
}

static int qb_flow(struct qoe_engine *e, const struct qb_keys *k, u8 dir,
		   u32 *handle)
{
	struct qoe_flow_params p = {
		.dir = dir,
		.cipher = k->cipher,
		.family = QOE_FAMILY_IPV4,
		.cid_len = QB_CID_LEN,
		.local_port = dir == QOE_DIR_TX ? QB_SRC_PORT : QB_DST_PORT,
		.remote_port = dir == QOE_DIR_TX ? QB_DST_PORT : QB_SRC_PORT,
		.pn = dir == QOE_DIR_TX ? 0 : QOE_PN_NONE,
	};
	size_t kl = qoe_cipher_key_len(k->cipher);
	int st;

	memcpy(p.cid, k->cid, QB_CID_LEN);
	memcpy(p.local_addr, dir == QOE_DIR_TX ? qb_src_ip : qb_dst_ip, 4);
	memcpy(p.remote_addr, dir == QOE_DIR_TX ? qb_dst_ip : qb_src_ip, 4);
	memcpy(p.hp_key, k->hp, kl);
	st = qoe_host_flow_add(e, &p, handle);
	if (st)
		return st;
	return qoe_host_key_install(e, *handle, 0, k->key, kl, k->iv);
}

void qb_case_free(struct qb_case *c)
{
	if (!c)
		return;
	qb_sw_flow_fini(&c->sw_tx);
	qb_sw_flow_fini(&c->raw_tx);
	qb_sw_flow_fini(&c->sw_rx);
	qb_sw_flow_fini(&c->raw_rx);
	if (c->etx)
		qoe_engine_destroy(c->etx);
	if (c->erx)
		qoe_engine_destroy(c->erx);
	free(c->super);
	free(c->outmem);
	free(c->rx_wire);
	free(c->rx_nohp);
	free(c->rxmem);
	free(c->gro);
	free(c);
}

struct qb_case *qb_case_new(struct qb_backends *be, u8 cipher, u32 wire,
			    u32 gso_bytes, char *err, size_t errlen)
{
	struct qb_case *c = calloc(1, sizeof(*c));
	int st;

	if (!c) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	c->be = be;
	qb_keys_make(&c->keys, cipher, wire * 131 + gso_bytes);
	c->seg = wire - QB_QHDR_LEN - QOE_TAG_LEN;
	/* whole segments only, at most what one descriptor takes, IPv4 size */
	c->segs = gso_bytes / c->seg;
	if (c->segs > QB_MAX_SEGS)
		c->segs = QB_MAX_SEGS;
	while (c->segs &&
	       (u64)c->segs * c->seg + QB_IP_LEN + QB_UDP_LEN + QB_QHDR_LEN > 65535)
		c->segs--;
	if (wire <= QB_QHDR_LEN + QOE_TAG_LEN + QOE_HP_SAMPLE_LEN ||
	    wire > QB_PKT_CAP - QB_QUIC_OFF) {
		snprintf(err, errlen, "wire size %u out of range (%u..%u)", wire,
			 QB_QHDR_LEN + QOE_TAG_LEN + QOE_HP_SAMPLE_LEN + 1,
			 QB_PKT_CAP - QB_QUIC_OFF);
		goto fail;
	}
	if (!c->segs) {
		snprintf(err, errlen, "a %u-byte super-packet holds no whole "
			 "%u-byte segment", gso_bytes, c->seg);
		goto fail;
	}
	c->super_len = QB_QUIC_OFF + QB_QHDR_LEN + c->seg * c->segs;
	c->super = calloc(1, c->super_len);
	c->outmem = calloc(c->segs, QB_PKT_CAP);
	c->rx_wire = calloc(c->segs, QB_PKT_CAP);
	c->rx_nohp = calloc(c->segs, QB_PKT_CAP);
	c->rxmem = calloc(c->segs, QB_PKT_CAP);
	c->gro = calloc(1, QB_GRO_CAP);
	if (!c->super || !c->outmem || !c->rx_wire || !c->rx_nohp ||
	    !c->rxmem || !c->gro) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	for (u32 i = QB_QUIC_OFF + QB_QHDR_LEN; i < c->super_len; i++)
		c->super[i] = (u8)(i * 7 + 3);
	qb_hdr_write(c->super, c->keys.cid, 0, c->super_len - QB_QUIC_OFF);

	if (qb_sw_flow_init(&c->sw_tx, &be->ossl, &c->keys) ||
	    qb_sw_flow_init(&c->sw_rx, &be->ossl, &c->keys) ||
	    qb_sw_flow_init(&c->raw_tx, &be->imb, &c->keys) ||
	    qb_sw_flow_init(&c->raw_rx, &be->imb, &c->keys)) {
		snprintf(err, errlen, "%s: crypto backend refused the keys",
			 qb_cipher_short(cipher));
		goto fail;
	}
	c->etx = qb_engine(&be->imb);
	c->erx = qb_engine(&be->imb);
	if (!c->etx || !c->erx) {
		snprintf(err, errlen, "qoe_engine_create failed");
		goto fail;
	}
	st = qb_flow(c->etx, &c->keys, QOE_DIR_TX, &c->htx);
	if (!st)
		st = qb_flow(c->erx, &c->keys, QOE_DIR_RX, &c->hrx);
	if (st) {
		snprintf(err, errlen, "%s flow setup: %s", qb_cipher_short(cipher),
			 qoe_status_name((unsigned int)st));
		goto fail;
	}

	/* what the receiver gets: protected packets PN0.., and HP-free twins */
	for (u32 i = 0; i < c->segs; i++) {
		const u8 *pl = c->super + QB_QUIC_OFF + QB_QHDR_LEN + i * c->seg;

		c->rx_len[i] = qb_sw_seal(&c->sw_tx, c->rx_wire + i * QB_PKT_CAP,
					  QB_RX_PN0 + i, pl, c->seg, true);
		qb_sw_seal(&c->sw_tx, c->rx_nohp + i * QB_PKT_CAP,
			   QB_RX_PN0 + i, pl, c->seg, false);
		if (!c->rx_len[i]) {
			snprintf(err, errlen, "openssl seal failed");
			goto fail;
		}
	}
	return c;
fail:
	qb_case_free(c);
	return NULL;
}

static u32 qb_tx_offload(struct qb_case *c)
{
	struct qoe_tx_desc d = {
		.handle = cpu_to_le32(c->htx),
		.flags = QOE_TXF_CRYPTO | QOE_TXF_GSO,
		.pn_len = QB_PN_LEN,
		.l3_off = QB_L3_OFF,
		.hdr_len = cpu_to_le16(QB_QHDR_LEN),
		.pn_off = cpu_to_le16(1 + QB_CID_LEN),
		.seg_size = cpu_to_le16((u16)c->seg),
		.seg_count = cpu_to_le16((u16)c->segs),
		.pn = cpu_to_le64(c->tx_pn),
	};
	struct qoe_tx_cmpl cm;
	u32 n;

	for (u32 i = 0; i < c->segs; i++) {
		c->out[i].data = c->outmem + i * QB_PKT_CAP;
		c->out[i].len = 0;
		c->out[i].cap = QB_PKT_CAP;
	}
	n = qoe_engine_tx(c->etx, &d, c->super, c->super_len, c->out,
			  c->segs, &cm);
	c->tx_pn += c->segs;
	return n;
}

static void qb_tx_software(struct qb_case *c)
{
	const u8 *pl = c->super + QB_QUIC_OFF + QB_QHDR_LEN;

	for (u32 i = 0; i < c->segs; i++)
		qb_sw_seal(&c->sw_tx, c->outmem + i * QB_PKT_CAP, c->tx_pn + i,
			   pl + i * c->seg, c->seg, true);
	c->tx_pn += c->segs;
}

static void qb_tx_raw(struct qb_case *c)
{
	const u8 *pl = c->super + QB_QUIC_OFF + QB_QHDR_LEN;
	const u8 *aad = c->super + QB_QUIC_OFF;
	void *priv = c->be->imb.priv;
	u8 nonce[QOE_IV_LEN];

	for (u32 i = 0; i < c->segs; i++) {
		u8 *o = c->outmem + i * QB_PKT_CAP + QB_QUIC_OFF + QB_QHDR_LEN;

		qb_nonce(nonce, c->raw_tx.iv, c->tx_pn + i);
		c->be->imb.ops->seal(priv, c->raw_tx.aead, nonce, aad, QB_QHDR_LEN,
				     pl + i * c->seg, o, c->seg, o + c->seg);
	}
	c->tx_pn += c->segs;
}

/* Fresh received packets: a NIC DMAs them in; not part of the timing. */
static void qb_rx_load(struct qb_case *c, const u8 *src)
{
	for (u32 i = 0; i < c->segs; i++) {
		memcpy(c->rxmem + i * QB_PKT_CAP, src + i * QB_PKT_CAP, c->rx_len[i]);
		c->rxb[i].data = c->rxmem + i * QB_PKT_CAP;
		c->rxb[i].len = c->rx_len[i];
		c->rxb[i].cap = QB_PKT_CAP;
	}
}

/* Returns the GRO groups built, 0 on any failure. */
static u32 qb_rx_offload(struct qb_case *c, struct qoe_rx_cmpl *oc,
			 struct qoe_buf *gout)
{
	u16 n;

	for (u32 i = 0; i < c->segs; i++)
		if (qoe_engine_rx(c->erx, &c->rxb[i], QB_L3_OFF, &c->rxc[i]))
			return 0;
	n = qoe_gro_plan(c->erx, c->rxb, c->rxc, (u16)c->segs, QB_L3_OFF, c->grp);
	for (u16 j = 0; j < n; j++) {
		gout->data = c->gro;
		gout->len = 0;
		gout->cap = QB_GRO_CAP;
		if (qoe_gro_build(c->rxb, c->rxc, QB_L3_OFF, &c->grp[j], gout, oc))
			return 0;
	}
	return n;
}

static int qb_rx_software(struct qb_case *c)
{
	int bad = 0;

	for (u32 i = 0; i < c->segs; i++)
		bad |= qb_sw_open(&c->sw_rx, c->rxb[i].data, c->rxb[i].len) !=
		       (int)c->seg;
	return bad;
}

static int qb_rx_raw(struct qb_case *c)
{
	void *priv = c->be->imb.priv;
	u8 nonce[QOE_IV_LEN];
	int bad = 0;

	for (u32 i = 0; i < c->segs; i++) {
		u8 *q = c->rxb[i].data + QB_QUIC_OFF, *ct = q + QB_QHDR_LEN;

		qb_nonce(nonce, c->raw_rx.iv, QB_RX_PN0 + i);
		bad |= c->be->imb.ops->open(priv, c->raw_rx.aead, nonce, q,
					    QB_QHDR_LEN, ct, ct, c->seg,
					    ct + c->seg);
	}
	return bad;
}

u64 qb_case_run(struct qb_case *c, enum qb_variant v, u32 bursts)
{
	struct qoe_rx_cmpl oc;
	struct qoe_buf gout;
	u64 t = 0, t0;

	switch (v) {
	case QB_TX_OFFLOAD:
		t0 = qb_rdtsc();
		for (u32 b = 0; b < bursts; b++)
			c->bad |= qb_tx_offload(c) != c->segs;
		return qb_rdtsc() - t0;
	case QB_TX_SOFTWARE:
		t0 = qb_rdtsc();
		for (u32 b = 0; b < bursts; b++)
			qb_tx_software(c);
		return qb_rdtsc() - t0;
	case QB_TX_RAW:
		t0 = qb_rdtsc();
		for (u32 b = 0; b < bursts; b++)
			qb_tx_raw(c);
		return qb_rdtsc() - t0;
	case QB_RX_OFFLOAD:
		for (u32 b = 0; b < bursts; b++) {
			qb_rx_load(c, c->rx_wire);
			t0 = qb_rdtsc();
			c->bad |= !qb_rx_offload(c, &oc, &gout);
			t += qb_rdtsc() - t0;
		}
		return t;
	case QB_RX_NOGRO:	/* what GRO costs on top */
		for (u32 b = 0; b < bursts; b++) {
			qb_rx_load(c, c->rx_wire);
			t0 = qb_rdtsc();
			for (u32 i = 0; i < c->segs; i++)
				c->bad |= qoe_engine_rx(c->erx, &c->rxb[i], QB_L3_OFF,
							&c->rxc[i]) != 0;
			t += qb_rdtsc() - t0;
		}
		return t;
	case QB_RX_SOFTWARE:
		for (u32 b = 0; b < bursts; b++) {
			qb_rx_load(c, c->rx_wire);
			t0 = qb_rdtsc();
			c->bad |= qb_rx_software(c);
			t += qb_rdtsc() - t0;
		}
		return t;
	case QB_RX_RAW:
		for (u32 b = 0; b < bursts; b++) {
			qb_rx_load(c, c->rx_nohp);
			t0 = qb_rdtsc();
			c->bad |= qb_rx_raw(c);
			t += qb_rdtsc() - t0;
		}
		return t;
	default:
		return 0;
	}
}

bool qb_case_bad(const struct qb_case *c)
{
	return c->bad != 0;
}

#define QB_VFAIL(...)						\
	do {							\
		snprintf(err, errlen, __VA_ARGS__);		\
		return -1;					\
	} while (0)

/* Ones' complement sum of a UDP/IPv4 packet with its pseudo-header. */
static u16 qb_udp_sum(const u8 *pkt)
{
	const u8 *ip = pkt + QB_L3_OFF, *udp = ip + QB_IP_LEN;
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

/*
 * The engine's packets must be exactly what the software path builds, with
 * a valid IPv4 header checksum and a valid (or absent) UDP checksum.
 */
static int qb_verify_tx(struct qb_case *c, char *err, size_t errlen)
{
	const u8 *pl = c->super + QB_QUIC_OFF + QB_QHDR_LEN;
	u8 ref[QB_PKT_CAP];
	u64 pn = c->tx_pn;
	u32 n, len;

	n = qb_tx_offload(c);
	if (n != c->segs)
		QB_VFAIL("TX offload emitted %u of %u packets", n, c->segs);
	for (u32 i = 0; i < n; i++) {
		len = qb_sw_seal(&c->sw_tx, ref, pn + i, pl + i * c->seg, c->seg, true);
		if (c->out[i].len != len)
			QB_VFAIL("TX offload packet %u is %u bytes, expected %u",
				 i, c->out[i].len, len);
		/* IP total length, then UDP length, then the whole QUIC packet */
		if (memcmp(c->out[i].data + QB_L3_OFF + 2, ref + QB_L3_OFF + 2, 2) ||
		    memcmp(c->out[i].data + QB_L3_OFF + QB_IP_LEN + 4,
			   ref + QB_L3_OFF + QB_IP_LEN + 4, 2) ||
		    memcmp(c->out[i].data + QB_QUIC_OFF, ref + QB_QUIC_OFF,
			   len - QB_QUIC_OFF))
			QB_VFAIL("TX offload packet %u differs from the software one", i);
		if ((c->out[i].data[QB_QUIC_OFF - 2] | c->out[i].data[QB_QUIC_OFF - 1]) &&
		    qb_udp_sum(c->out[i].data) != 0xffff)
			QB_VFAIL("TX offload packet %u: bad UDP checksum", i);
		memcpy(ref, c->out[i].data, QB_L3_OFF + QB_IP_LEN);
		ref[QB_L3_OFF + 10] = ref[QB_L3_OFF + 11] = 0;
		qb_hdr_csum_fix(ref);
		if (memcmp(ref + QB_L3_OFF + 10, c->out[i].data + QB_L3_OFF + 10, 2))
			QB_VFAIL("TX offload packet %u: bad IPv4 header checksum", i);
	}
	/* the bound's output must open under OpenSSL with the same inputs */
	pn = c->tx_pn;
	qb_tx_raw(c);
	for (u32 i = 0; i < c->segs; i++) {
		u8 *o = c->outmem + i * QB_PKT_CAP + QB_QUIC_OFF + QB_QHDR_LEN;
		u8 nonce[QOE_IV_LEN];

		qb_nonce(nonce, c->sw_rx.iv, pn + i);
		if (c->be->ossl.ops->open(c->be->ossl.priv, c->sw_rx.aead, nonce,
					  c->super + QB_QUIC_OFF, QB_QHDR_LEN, o, o,
					  c->seg, o + c->seg) ||
		    memcmp(o, pl + i * c->seg, c->seg))
			QB_VFAIL("raw ipsec-mb packet %u does not open under openssl", i);
	}
	return 0;
}

static int qb_verify_rx(struct qb_case *c, char *err, size_t errlen)
{
	const u8 *pl = c->super + QB_QUIC_OFF + QB_QHDR_LEN;
	u64 bytes = qb_case_burst_bytes(c);
	struct qoe_rx_cmpl oc;
	struct qoe_buf gout;
	u32 n, hdr;

	qb_rx_load(c, c->rx_wire);
	for (u32 i = 0; i < c->segs; i++) {
		int st = qoe_engine_rx(c->erx, &c->rxb[i], QB_L3_OFF, &c->rxc[i]);

		if (st)
			QB_VFAIL("RX offload packet %u: %s", i, qoe_status_name((unsigned int)st));
		if (le64_to_cpu(c->rxc[i].pn) != QB_RX_PN0 + i)
			QB_VFAIL("RX offload packet %u: PN %llu", i,
				 (unsigned long long)le64_to_cpu(c->rxc[i].pn));
	}
	qb_rx_load(c, c->rx_wire);
	n = qb_rx_offload(c, &oc, &gout);
	if (n != 1 || le16_to_cpu(oc.seg_count) != c->segs ||
	    le16_to_cpu(oc.seg_size) != c->seg)
		QB_VFAIL("GRO made %u groups (%u x %u bytes), expected 1 (%u x %u)",
			 n, le16_to_cpu(oc.seg_count), le16_to_cpu(oc.seg_size),
			 c->segs, c->seg);
	hdr = QB_QUIC_OFF + QB_QHDR_LEN;
	if (gout.len != hdr + bytes || memcmp(gout.data + hdr, pl, bytes))
		QB_VFAIL("GRO super-packet is %u bytes or its payload is wrong, "
			 "expected %llu", gout.len, (unsigned long long)(hdr + bytes));

	qb_rx_load(c, c->rx_wire);
	if (qb_rx_software(c))
		QB_VFAIL("software RX failed to open its own packets");
	for (u32 i = 0; i < c->segs; i++)
		if (memcmp(c->rxb[i].data + hdr, pl + i * c->seg, c->seg))
			QB_VFAIL("software RX packet %u: wrong plaintext", i);
	qb_rx_load(c, c->rx_nohp);
	if (qb_rx_raw(c))
		QB_VFAIL("raw ipsec-mb open failed");
	for (u32 i = 0; i < c->segs; i++)
		if (memcmp(c->rxb[i].data + hdr, pl + i * c->seg, c->seg))
			QB_VFAIL("raw RX packet %u: wrong plaintext", i);
	return 0;
}

int qb_case_verify(struct qb_case *c, char *err, size_t errlen)
{
	int r = qb_verify_tx(c, err, errlen);

	return r ? r : qb_verify_rx(c, err, errlen);
}
