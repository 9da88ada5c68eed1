// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * One benchmark configuration (cipher, wire packet size, super-packet size)
 * and its seven variants: TX and RX through the offload engine (RX with and
 * without GRO), through the per-packet software path, and the raw ipsec-mb
 * AEAD bound on the same payload bytes.  Every variant is checked against
 * the others first.
 */
#include "bench.h"

#include <stdlib.h>

const char *const qoe_bench_variant_names[QOE_BENCH_VARIANTS] = {
	[QOE_BENCH_TX_OFFLOAD] = "offload",
	[QOE_BENCH_TX_SOFTWARE] = "software",
	[QOE_BENCH_TX_RAW] = "raw-aead",
	[QOE_BENCH_TX_RAW_CSUM] = "raw+csum",
	[QOE_BENCH_RX_OFFLOAD] = "offload+gro",
	[QOE_BENCH_RX_GRO_COPY] = "gro-copy",
	[QOE_BENCH_RX_NOGRO] = "offload",
	[QOE_BENCH_RX_SOFTWARE] = "software",
	[QOE_BENCH_RX_RAW] = "raw-aead",
	[QOE_BENCH_RX_RAW_CSUM] = "raw+csum",
};

#define QOE_BENCH_RX_PN0	0x12345ULL
#define QOE_BENCH_GRO_CAP	(70 * 1024)

struct qoe_bench_case {
	struct qoe_bench_backends *be;
	struct qoe_bench_keys keys;
	u32 seg, segs;

	/* TX: one plaintext super-packet, segs wire packets out */
	struct qoe_engine *etx;
	u32 htx;
	u64 tx_pn;
	u8 *super;
	u32 super_len;
	u8 *outmem;
	struct qoe_buf out[QOE_BENCH_MAX_SEGS];
	struct qoe_bench_sw_flow sw_tx, raw_tx;

	/* RX: the same packets as received, protected and HP-free copies */
	struct qoe_engine *erx;
	u32 hrx;
	u8 *rx_wire, *rx_nohp, *rxmem, *gro;
	u32 rx_len[QOE_BENCH_MAX_SEGS];
	struct qoe_buf rxb[QOE_BENCH_MAX_SEGS];
	struct qoe_rx_cmpl rxc[QOE_BENCH_MAX_SEGS];
	struct qoe_gro_group grp[QOE_BENCH_MAX_SEGS];
	struct qoe_frag frags[QOE_BENCH_MAX_SEGS];
	struct qoe_bench_sw_flow sw_rx, raw_rx;
	u32 bad;	/* a timed run saw a wrong status */
};

u64 qoe_bench_case_burst_bytes(const struct qoe_bench_case *c)
{
	return (u64)c->seg * c->segs;
}

u32 qoe_bench_case_burst_pkts(const struct qoe_bench_case *c)
{
	return c->segs;
}

u32 qoe_bench_case_seg_size(const struct qoe_bench_case *c)
{
	return c->seg;
}

static struct qoe_engine *qoe_bench_engine(const struct qoe_crypto *cr)
{
	struct qoe_engine_cfg cfg = {
		.max_flows = 4,
		.max_gso_segs = QOE_BENCH_MAX_SEGS,
		.max_gro_segs = QOE_BENCH_MAX_SEGS,
		.aead_limit = 1ULL << 62,	/* timed runs must not hit it */
		.crypto = cr,
	};

	return qoe_engine_create(&cfg);
}

int qoe_bench_flow_add(struct qoe_host *h, const struct qoe_bench_keys *k, u8 dir,
		       u32 *handle)
{
	struct qoe_flow_params p = {
		.dir = dir,
		.cipher = k->cipher,
		.family = QOE_FAMILY_IPV4,
		.cid_len = QOE_BENCH_CID_LEN,
		.local_port = dir == QOE_DIR_TX ? QOE_BENCH_SRC_PORT : QOE_BENCH_DST_PORT,
		.remote_port = dir == QOE_DIR_TX ? QOE_BENCH_DST_PORT : QOE_BENCH_SRC_PORT,
		.pn = dir == QOE_DIR_TX ? 0 : QOE_PN_NONE,
	};
	size_t kl = qoe_cipher_key_len(k->cipher);
	int st;

	memcpy(p.cid, k->cid, QOE_BENCH_CID_LEN);
	memcpy(p.local_addr, dir == QOE_DIR_TX ? qoe_bench_src_ip : qoe_bench_dst_ip, 4);
	memcpy(p.remote_addr, dir == QOE_DIR_TX ? qoe_bench_dst_ip : qoe_bench_src_ip, 4);
	memcpy(p.hp_key, k->hp, kl);
	st = qoe_host_flow_add(h, &p, handle);
	if (st)
		return st;
	return qoe_host_key_install(h, *handle, 0, k->key, kl, k->iv);
}

void qoe_bench_case_free(struct qoe_bench_case *c)
{
	if (!c)
		return;
	qoe_bench_sw_flow_fini(&c->sw_tx);
	qoe_bench_sw_flow_fini(&c->raw_tx);
	qoe_bench_sw_flow_fini(&c->sw_rx);
	qoe_bench_sw_flow_fini(&c->raw_rx);
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

struct qoe_bench_case *qoe_bench_case_new(struct qoe_bench_backends *be,
					  u8 cipher, u32 wire,
			    u32 gso_bytes, char *err, size_t errlen)
{
	struct qoe_bench_case *c = calloc(1, sizeof(*c));
	int st;

	if (!c) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	c->be = be;
	qoe_bench_keys_make(&c->keys, cipher, wire * 131 + gso_bytes);
	c->seg = wire - QOE_BENCH_QHDR_LEN - QOE_TAG_LEN;
	/* whole segments only, at most what one descriptor takes, IPv4 size */
	c->segs = gso_bytes / c->seg;
	if (c->segs > QOE_BENCH_MAX_SEGS)
		c->segs = QOE_BENCH_MAX_SEGS;
	while (c->segs &&
	       (u64)c->segs * c->seg + QOE_BENCH_IP_LEN + QOE_BENCH_UDP_LEN +
	       QOE_BENCH_QHDR_LEN > 65535)
		c->segs--;
	if (wire <= QOE_BENCH_QHDR_LEN + QOE_TAG_LEN + QOE_HP_SAMPLE_LEN ||
	    wire > QOE_BENCH_PKT_CAP - QOE_BENCH_QUIC_OFF) {
		snprintf(err, errlen, "wire size %u out of range (%u..%u)", wire,
			 QOE_BENCH_QHDR_LEN + QOE_TAG_LEN + QOE_HP_SAMPLE_LEN + 1,
			 QOE_BENCH_PKT_CAP - QOE_BENCH_QUIC_OFF);
		goto fail;
	}
	if (!c->segs) {
		snprintf(err, errlen, "a %u-byte super-packet holds no whole "
			 "%u-byte segment", gso_bytes, c->seg);
		goto fail;
	}
	c->super_len = QOE_BENCH_QUIC_OFF + QOE_BENCH_QHDR_LEN + c->seg * c->segs;
	c->super = calloc(1, c->super_len);
	c->outmem = calloc(c->segs, QOE_BENCH_PKT_CAP);
	c->rx_wire = calloc(c->segs, QOE_BENCH_PKT_CAP);
	c->rx_nohp = calloc(c->segs, QOE_BENCH_PKT_CAP);
	c->rxmem = calloc(c->segs, QOE_BENCH_PKT_CAP);
	c->gro = calloc(1, QOE_BENCH_GRO_CAP);
	if (!c->super || !c->outmem || !c->rx_wire || !c->rx_nohp ||
	    !c->rxmem || !c->gro) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	for (u32 i = QOE_BENCH_QUIC_OFF + QOE_BENCH_QHDR_LEN; i < c->super_len; i++)
		c->super[i] = (u8)(i * 7 + 3);
	qoe_bench_hdr_write(c->super, c->keys.cid, 0, c->super_len - QOE_BENCH_QUIC_OFF);

	if (qoe_bench_sw_flow_init(&c->sw_tx, &be->ossl, &c->keys) ||
	    qoe_bench_sw_flow_init(&c->sw_rx, &be->ossl, &c->keys) ||
	    qoe_bench_sw_flow_init(&c->raw_tx, &be->imb, &c->keys) ||
	    qoe_bench_sw_flow_init(&c->raw_rx, &be->imb, &c->keys)) {
		snprintf(err, errlen, "%s: crypto backend refused the keys",
			 qoe_bench_cipher_short(cipher));
		goto fail;
	}
	c->etx = qoe_bench_engine(&be->imb);
	c->erx = qoe_bench_engine(&be->imb);
	if (!c->etx || !c->erx) {
		snprintf(err, errlen, "qoe_engine_create failed");
		goto fail;
	}
	st = qoe_bench_flow_add(qoe_engine_host(c->etx), &c->keys, QOE_DIR_TX, &c->htx);
	if (!st)
		st = qoe_bench_flow_add(qoe_engine_host(c->erx), &c->keys, QOE_DIR_RX, &c->hrx);
	if (st) {
		snprintf(err, errlen, "%s flow setup: %s", qoe_bench_cipher_short(cipher),
			 qoe_status_name((unsigned int)st));
		goto fail;
	}

	/* what the receiver gets: protected packets PN0.., and HP-free twins */
	for (u32 i = 0; i < c->segs; i++) {
		const u8 *pl = c->super + QOE_BENCH_QUIC_OFF + QOE_BENCH_QHDR_LEN + i * c->seg;

		c->rx_len[i] = qoe_bench_sw_seal(&c->sw_tx, c->rx_wire + i * QOE_BENCH_PKT_CAP,
					  QOE_BENCH_RX_PN0 + i, pl, c->seg, true);
		qoe_bench_sw_seal(&c->sw_tx, c->rx_nohp + i * QOE_BENCH_PKT_CAP,
			   QOE_BENCH_RX_PN0 + i, pl, c->seg, false);
		if (!c->rx_len[i]) {
			snprintf(err, errlen, "openssl seal failed");
			goto fail;
		}
		/* on a wire, UDP checksums are set: the receiver checks them */
		qoe_bench_udp_csum_fix(c->rx_wire + i * QOE_BENCH_PKT_CAP);
	}
	return c;
fail:
	qoe_bench_case_free(c);
	return NULL;
}

static u32 qoe_bench_tx_offload(struct qoe_bench_case *c)
{
	struct qoe_tx_desc d = {
		.handle = cpu_to_le32(c->htx),
		.flags = QOE_TXF_CRYPTO | QOE_TXF_GSO,
		.pn_len = QOE_BENCH_PN_LEN,
		.l3_off = QOE_BENCH_L3_OFF,
		.hdr_len = cpu_to_le16(QOE_BENCH_QHDR_LEN),
		.pn_off = cpu_to_le16(1 + QOE_BENCH_CID_LEN),
		.seg_size = cpu_to_le16((u16)c->seg),
		.seg_count = cpu_to_le16((u16)c->segs),
		.pn = cpu_to_le64(c->tx_pn),
	};
	struct qoe_tx_cmpl cm;
	u32 n;

	for (u32 i = 0; i < c->segs; i++) {
		c->out[i].data = c->outmem + i * QOE_BENCH_PKT_CAP;
		c->out[i].len = 0;
		c->out[i].cap = QOE_BENCH_PKT_CAP;
	}
	n = qoe_engine_tx(c->etx, &d, c->super, c->super_len, c->out,
			  c->segs, &cm);
	c->tx_pn += c->segs;
	return n;
}

static void qoe_bench_tx_software(struct qoe_bench_case *c)
{
	const u8 *pl = c->super + QOE_BENCH_QUIC_OFF + QOE_BENCH_QHDR_LEN;

	for (u32 i = 0; i < c->segs; i++)
		qoe_bench_sw_seal(&c->sw_tx, c->outmem + i * QOE_BENCH_PKT_CAP, c->tx_pn + i,
			   pl + i * c->seg, c->seg, true);
	c->tx_pn += c->segs;
}

/*
 * The UDP checksum of one packet (RFC 1071 with the pseudo-header), as the
 * engine sums it: what a device that must set or check UDP checksums adds
 * to the bare AEAD.  Written to the packet so it is not optimised away.
 */
static void qoe_bench_csum(u8 *pkt, u32 len)
{
	u8 *ip = pkt + QOE_BENCH_L3_OFF, *udp = ip + QOE_BENCH_IP_LEN;
	u32 ulen = len - QOE_BENCH_L3_OFF - QOE_BENCH_IP_LEN;
	u32 sum = qoe_csum_partial(ip + 12, 8, (u32)cpu_to_be16(17) + cpu_to_be16((u16)ulen));
	u16 s;

	sum = qoe_csum_partial(udp, ulen, sum);
	sum = (sum & 0xffff) + (sum >> 16);
	s = (u16)~((sum & 0xffff) + (sum >> 16));
	memcpy(udp + 6, &s, 2);
}

/* The bound: the AEAD alone; with @csum, each packet summed once sealed. */
static void qoe_bench_tx_raw(struct qoe_bench_case *c, bool csum)
{
	const u8 *pl = c->super + QOE_BENCH_QUIC_OFF + QOE_BENCH_QHDR_LEN;
	const u8 *aad = c->super + QOE_BENCH_QUIC_OFF;
	void *priv = c->be->imb.priv;
	u8 nonce[QOE_IV_LEN];

	for (u32 i = 0; i < c->segs; i++) {
		u8 *o = c->outmem + i * QOE_BENCH_PKT_CAP + QOE_BENCH_QUIC_OFF + QOE_BENCH_QHDR_LEN;

		qoe_bench_nonce(nonce, c->raw_tx.iv, c->tx_pn + i);
		c->be->imb.ops->seal(priv, c->raw_tx.aead, nonce, aad, QOE_BENCH_QHDR_LEN,
				     pl + i * c->seg, o, c->seg, o + c->seg);
		/* while the packet is in L1, the best place a checksum can have */
		if (csum)
			qoe_bench_csum(c->outmem + i * QOE_BENCH_PKT_CAP, c->rx_len[i]);
	}
	c->tx_pn += c->segs;
}

/* Fresh received packets: a NIC DMAs them in; not part of the timing. */
static void qoe_bench_rx_load(struct qoe_bench_case *c, const u8 *src)
{
	for (u32 i = 0; i < c->segs; i++) {
		memcpy(c->rxmem + i * QOE_BENCH_PKT_CAP, src + i * QOE_BENCH_PKT_CAP, c->rx_len[i]);
		c->rxb[i].data = c->rxmem + i * QOE_BENCH_PKT_CAP;
		c->rxb[i].len = c->rx_len[i];
		c->rxb[i].cap = QOE_BENCH_PKT_CAP;
	}
}

/*
 * Engine RX and GRO: with @gout, each group copied into one new buffer
 * (the kernel driver's skb, the virtio device's RX buffer); without, built
 * where the packets lie, c->frags naming the pieces (net_qoe's mbuf chain).
 * Returns the GRO groups built, 0 on any failure.
 */
static u32 qoe_bench_rx_offload(struct qoe_bench_case *c, struct qoe_rx_cmpl *oc,
				struct qoe_buf *gout)
{
	u16 n;

	qoe_engine_rx_burst(c->erx, c->rxb, (u16)c->segs, QOE_BENCH_L3_OFF, c->rxc);
	for (u32 i = 0; i < c->segs; i++)
		if (c->rxc[i].status)
			return 0;
	n = qoe_gro_plan(c->erx, c->rxb, c->rxc, (u16)c->segs, QOE_BENCH_L3_OFF, c->grp);
	for (u16 j = 0; j < n; j++) {
		if (!gout) {
			if (qoe_gro_build_frags(c->rxb, c->rxc, QOE_BENCH_L3_OFF,
						&c->grp[j], c->frags, oc))
				return 0;
			continue;
		}
		gout->data = c->gro;
		gout->len = 0;
		gout->cap = QOE_BENCH_GRO_CAP;
		if (qoe_gro_build(c->rxb, c->rxc, QOE_BENCH_L3_OFF, &c->grp[j], gout, oc))
			return 0;
	}
	return n;
}

static int qoe_bench_rx_software(struct qoe_bench_case *c)
{
	int bad = 0;

	for (u32 i = 0; i < c->segs; i++)
		bad |= qoe_bench_sw_open(&c->sw_rx, c->rxb[i].data, c->rxb[i].len) !=
		       (int)c->seg;
	return bad;
}

/* The bound: the AEAD alone; with @csum, each packet summed before its open. */
static int qoe_bench_rx_raw(struct qoe_bench_case *c, bool csum)
{
	void *priv = c->be->imb.priv;
	u8 nonce[QOE_IV_LEN];
	int bad = 0;

	for (u32 i = 0; i < c->segs; i++) {
		u8 *q = c->rxb[i].data + QOE_BENCH_QUIC_OFF, *ct = q + QOE_BENCH_QHDR_LEN;

		if (csum)
			qoe_bench_csum(c->rxb[i].data, c->rxb[i].len);
		qoe_bench_nonce(nonce, c->raw_rx.iv, QOE_BENCH_RX_PN0 + i);
		bad |= c->be->imb.ops->open(priv, c->raw_rx.aead, nonce, q,
					    QOE_BENCH_QHDR_LEN, ct, ct, c->seg,
					    ct + c->seg);
	}
	return bad;
}

u64 qoe_bench_case_run(struct qoe_bench_case *c, enum qoe_bench_variant v, u32 bursts)
{
	struct qoe_rx_cmpl oc;
	struct qoe_buf gout;
	u64 t = 0, t0;

	switch (v) {
	case QOE_BENCH_TX_OFFLOAD:
		t0 = qoe_bench_rdtsc();
		for (u32 b = 0; b < bursts; b++)
			c->bad |= qoe_bench_tx_offload(c) != c->segs;
		return qoe_bench_rdtsc() - t0;
	case QOE_BENCH_TX_SOFTWARE:
		t0 = qoe_bench_rdtsc();
		for (u32 b = 0; b < bursts; b++)
			qoe_bench_tx_software(c);
		return qoe_bench_rdtsc() - t0;
	case QOE_BENCH_TX_RAW:
	case QOE_BENCH_TX_RAW_CSUM:
		t0 = qoe_bench_rdtsc();
		for (u32 b = 0; b < bursts; b++)
			qoe_bench_tx_raw(c, v == QOE_BENCH_TX_RAW_CSUM);
		return qoe_bench_rdtsc() - t0;
	case QOE_BENCH_RX_OFFLOAD:
	case QOE_BENCH_RX_GRO_COPY:
		for (u32 b = 0; b < bursts; b++) {
			qoe_bench_rx_load(c, c->rx_wire);
			t0 = qoe_bench_rdtsc();
			c->bad |= !qoe_bench_rx_offload(c, &oc,
							v == QOE_BENCH_RX_GRO_COPY ?
							&gout : NULL);
			t += qoe_bench_rdtsc() - t0;
		}
		return t;
	case QOE_BENCH_RX_NOGRO:	/* what GRO costs on top */
		for (u32 b = 0; b < bursts; b++) {
			qoe_bench_rx_load(c, c->rx_wire);
			t0 = qoe_bench_rdtsc();
			qoe_engine_rx_burst(c->erx, c->rxb, (u16)c->segs,
					    QOE_BENCH_L3_OFF, c->rxc);
			t += qoe_bench_rdtsc() - t0;
			for (u32 i = 0; i < c->segs; i++)
				c->bad |= c->rxc[i].status != 0;
		}
		return t;
	case QOE_BENCH_RX_SOFTWARE:
		for (u32 b = 0; b < bursts; b++) {
			qoe_bench_rx_load(c, c->rx_wire);
			t0 = qoe_bench_rdtsc();
			c->bad |= qoe_bench_rx_software(c);
			t += qoe_bench_rdtsc() - t0;
		}
		return t;
	case QOE_BENCH_RX_RAW:
	case QOE_BENCH_RX_RAW_CSUM:
		for (u32 b = 0; b < bursts; b++) {
			qoe_bench_rx_load(c, c->rx_nohp);
			t0 = qoe_bench_rdtsc();
			c->bad |= qoe_bench_rx_raw(c, v == QOE_BENCH_RX_RAW_CSUM);
			t += qoe_bench_rdtsc() - t0;
		}
		return t;
	default:
		return 0;
	}
}

bool qoe_bench_case_bad(const struct qoe_bench_case *c)
{
	return c->bad != 0;
}

#define QOE_BENCH_VFAIL(...)						\
	do {							\
		snprintf(err, errlen, __VA_ARGS__);		\
		return -1;					\
	} while (0)

/*
 * The engine's packets must be exactly what the software path builds, with
 * a valid IPv4 header checksum and a valid (or absent) UDP checksum.
 */
static int qoe_bench_verify_tx(struct qoe_bench_case *c, char *err, size_t errlen)
{
	const u8 *pl = c->super + QOE_BENCH_QUIC_OFF + QOE_BENCH_QHDR_LEN;
	u8 ref[QOE_BENCH_PKT_CAP];
	u64 pn = c->tx_pn;
	u32 n, len;

	n = qoe_bench_tx_offload(c);
	if (n != c->segs)
		QOE_BENCH_VFAIL("TX offload emitted %u of %u packets", n, c->segs);
	for (u32 i = 0; i < n; i++) {
		len = qoe_bench_sw_seal(&c->sw_tx, ref, pn + i, pl + i * c->seg, c->seg, true);
		if (c->out[i].len != len)
			QOE_BENCH_VFAIL("TX offload packet %u is %u bytes, expected %u",
				 i, c->out[i].len, len);
		/* IP total length, then UDP length, then the whole QUIC packet */
		if (memcmp(c->out[i].data + QOE_BENCH_L3_OFF + 2, ref + QOE_BENCH_L3_OFF + 2, 2) ||
		    memcmp(c->out[i].data + QOE_BENCH_L3_OFF + QOE_BENCH_IP_LEN + 4,
			   ref + QOE_BENCH_L3_OFF + QOE_BENCH_IP_LEN + 4, 2) ||
		    memcmp(c->out[i].data + QOE_BENCH_QUIC_OFF, ref + QOE_BENCH_QUIC_OFF,
			   len - QOE_BENCH_QUIC_OFF))
			QOE_BENCH_VFAIL("TX offload packet %u differs from the software one", i);
		if ((c->out[i].data[QOE_BENCH_QUIC_OFF - 2] | c->out[i].data[QOE_BENCH_QUIC_OFF - 1]) &&
		    qoe_bench_udp_sum(c->out[i].data) != 0xffff)
			QOE_BENCH_VFAIL("TX offload packet %u: bad UDP checksum", i);
		memcpy(ref, c->out[i].data, QOE_BENCH_L3_OFF + QOE_BENCH_IP_LEN);
		ref[QOE_BENCH_L3_OFF + 10] = ref[QOE_BENCH_L3_OFF + 11] = 0;
		qoe_bench_hdr_csum_fix(ref);
		if (memcmp(ref + QOE_BENCH_L3_OFF + 10, c->out[i].data + QOE_BENCH_L3_OFF + 10, 2))
			QOE_BENCH_VFAIL("TX offload packet %u: bad IPv4 header checksum", i);
	}
	/* the bound's output must open under OpenSSL with the same inputs */
	pn = c->tx_pn;
	qoe_bench_tx_raw(c, false);
	for (u32 i = 0; i < c->segs; i++) {
		u8 *o = c->outmem + i * QOE_BENCH_PKT_CAP + QOE_BENCH_QUIC_OFF + QOE_BENCH_QHDR_LEN;
		u8 nonce[QOE_IV_LEN];

		qoe_bench_nonce(nonce, c->sw_rx.iv, pn + i);
		if (c->be->ossl.ops->open(c->be->ossl.priv, c->sw_rx.aead, nonce,
					  c->super + QOE_BENCH_QUIC_OFF, QOE_BENCH_QHDR_LEN, o, o,
					  c->seg, o + c->seg) ||
		    memcmp(o, pl + i * c->seg, c->seg))
			QOE_BENCH_VFAIL("raw ipsec-mb packet %u does not open under openssl", i);
	}
	return 0;
}

static int qoe_bench_verify_rx(struct qoe_bench_case *c, char *err, size_t errlen)
{
	const u8 *pl = c->super + QOE_BENCH_QUIC_OFF + QOE_BENCH_QHDR_LEN;
	u64 bytes = qoe_bench_case_burst_bytes(c);
	struct qoe_rx_cmpl oc;
	struct qoe_buf gout;
	u32 n, hdr;

	/* the timed path checks the UDP checksum: a wrong one is refused */
	qoe_bench_rx_load(c, c->rx_wire);
	c->rxb[0].data[QOE_BENCH_QUIC_OFF - 1] ^= 0x40;
	if (qoe_engine_rx(c->erx, &c->rxb[0], QOE_BENCH_L3_OFF, &c->rxc[0]) !=
	    QOE_ST_MALFORMED)
		QOE_BENCH_VFAIL("RX offload took a packet with a wrong UDP checksum");
	qoe_bench_rx_load(c, c->rx_wire);
	for (u32 i = 0; i < c->segs; i++) {
		int st = qoe_engine_rx(c->erx, &c->rxb[i], QOE_BENCH_L3_OFF, &c->rxc[i]);

		if (qoe_bench_udp_sum(c->rxb[i].data) == 0xffff)
			QOE_BENCH_VFAIL("RX packet %u: no UDP checksum to check", i);

		if (st)
			QOE_BENCH_VFAIL("RX offload packet %u: %s", i, qoe_status_name((unsigned int)st));
		if (le64_to_cpu(c->rxc[i].pn) != QOE_BENCH_RX_PN0 + i)
			QOE_BENCH_VFAIL("RX offload packet %u: PN %llu", i,
				 (unsigned long long)le64_to_cpu(c->rxc[i].pn));
	}
	qoe_bench_rx_load(c, c->rx_wire);
	n = qoe_bench_rx_offload(c, &oc, &gout);
	if (n != 1 || le16_to_cpu(oc.seg_count) != c->segs ||
	    le16_to_cpu(oc.seg_size) != c->seg)
		QOE_BENCH_VFAIL("GRO made %u groups (%u x %u bytes), expected 1 (%u x %u)",
			 n, le16_to_cpu(oc.seg_count), le16_to_cpu(oc.seg_size),
			 c->segs, c->seg);
	hdr = QOE_BENCH_QUIC_OFF + QOE_BENCH_QHDR_LEN;
	if (gout.len != hdr + bytes || memcmp(gout.data + hdr, pl, bytes))
		QOE_BENCH_VFAIL("GRO super-packet is %u bytes or its payload is wrong, "
			 "expected %llu", gout.len, (unsigned long long)(hdr + bytes));
	/* built in place, the pieces end to end are the copy, byte for byte */
	qoe_bench_rx_load(c, c->rx_wire);
	n = qoe_bench_rx_offload(c, &oc, NULL);
	if (n != 1 || le16_to_cpu(oc.seg_count) != c->segs)
		QOE_BENCH_VFAIL("GRO in place made %u groups of %u packets, expected 1 of %u",
			 n, le16_to_cpu(oc.seg_count), c->segs);
	for (u32 i = 0, at = 0; i < c->segs; at += c->frags[i++].len)
		if (at + c->frags[i].len > gout.len ||
		    memcmp(c->frags[i].data, gout.data + at, c->frags[i].len))
			QOE_BENCH_VFAIL("GRO in place: piece %u (%u bytes at %u) is not "
				 "the copy's", i, c->frags[i].len, at);

	qoe_bench_rx_load(c, c->rx_wire);
	if (qoe_bench_rx_software(c))
		QOE_BENCH_VFAIL("software RX failed to open its own packets");
	for (u32 i = 0; i < c->segs; i++)
		if (memcmp(c->rxb[i].data + hdr, pl + i * c->seg, c->seg))
			QOE_BENCH_VFAIL("software RX packet %u: wrong plaintext", i);
	qoe_bench_rx_load(c, c->rx_nohp);
	if (qoe_bench_rx_raw(c, false))
		QOE_BENCH_VFAIL("raw ipsec-mb open failed");
	for (u32 i = 0; i < c->segs; i++)
		if (memcmp(c->rxb[i].data + hdr, pl + i * c->seg, c->seg))
			QOE_BENCH_VFAIL("raw RX packet %u: wrong plaintext", i);
	return 0;
}

int qoe_bench_case_verify(struct qoe_bench_case *c, char *err, size_t errlen)
{
	int r = qoe_bench_verify_tx(c, err, errlen);

	return r ? r : qoe_bench_verify_rx(c, err, errlen);
}
