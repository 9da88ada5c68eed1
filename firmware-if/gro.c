// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * GRO: coalesce decrypted packets of one flow into a super-packet the host
 * can split back exactly: same headers but for the PN, which is base + i,
 * and payloads of seg_size bytes, the last possibly shorter.
 */
#include "engine_priv.h"

/* Same IP/UDP addressing, TOS/TTL (ECN differences must reach the host). */
static bool same_inet(const u8 *a, const u8 *b, const struct qoe_inet *in)
{
	if (in->family == QOE_FAMILY_IPV4)
		return a[0] == b[0] && a[1] == b[1] && a[8] == b[8] &&
		       !memcmp(a + 12, b + 12, 8) &&
		       !memcmp(a + (a[0] & 0x0f) * 4, b + (a[0] & 0x0f) * 4, 4);
	return !memcmp(a, b, 4) && a[7] == b[7] && !memcmp(a + 8, b + 8, 36);
}

static bool gro_can_follow(const struct qoe_buf *pkts,
			   const struct qoe_rx_cmpl *c, u32 l3_off,
			   u16 first, u16 prev, u16 j)
{
	const struct qoe_rx_cmpl *a = &c[first], *p = &c[prev], *b = &c[j];
	u16 qoff = le16_to_cpu(a->quic_off);
	struct qoe_inet in;

	if (b->status != QOE_ST_OK || !(b->flags & QOE_RXF_DECRYPTED) ||
	    b->handle != a->handle || b->hdr_len != a->hdr_len ||
	    b->pn_len != a->pn_len ||
	    b->quic_off != a->quic_off || b->key_phase != a->key_phase ||
	    le64_to_cpu(b->pn) != le64_to_cpu(p->pn) + 1 ||
	    le16_to_cpu(b->seg_size) > le16_to_cpu(a->seg_size) ||
	    p->seg_size != a->seg_size)	/* only the last may be short */
		return false;
	/* first byte and DCID: a flow's CIDs may differ, one header stays */
	if (memcmp(pkts[first].data + qoff, pkts[j].data + qoff,
		   le16_to_cpu(a->hdr_len) - a->pn_len) ||
	    memcmp(pkts[first].data, pkts[j].data, l3_off))
		return false;
	in.family = (pkts[first].data[l3_off] >> 4) == 4 ? QOE_FAMILY_IPV4
							   : QOE_FAMILY_IPV6;
	return same_inet(pkts[first].data + l3_off, pkts[j].data + l3_off, &in);
}

/* @each_hdr: every packet keeps its QUIC header (qoe_gro_build_udp()). */
static u16 gro_plan(struct qoe_engine *e, const struct qoe_buf *pkts,
		    const struct qoe_rx_cmpl *c, u16 n, u32 l3_off,
		    struct qoe_gro_group *g, bool each_hdr)
{
	u16 i = 0, ng = 0;

	while (i < n) {
		u16 j = i + 1;
		u32 bytes = c[i].status == QOE_ST_OK ?
			    le16_to_cpu(c[i].seg_size) : 0;

		if (c[i].status == QOE_ST_OK &&
		    (c[i].flags & QOE_RXF_DECRYPTED)) {
			/* the super-packet must fit one IP packet (IPv4 total length) */
			u32 hdr = le16_to_cpu(c[i].hdr_len);
			u32 room = 65535 - (le16_to_cpu(c[i].quic_off) - l3_off) -
				   hdr;
			u32 add = each_hdr ? hdr : 0;

			while (j < n && j - i < e->max_gro_segs &&
			       bytes + add + le16_to_cpu(c[j].seg_size) <= room &&
			       gro_can_follow(pkts, c, l3_off, i, j - 1, j)) {
				bytes += add + le16_to_cpu(c[j].seg_size);
				j++;
			}
		}
		g[ng].first = i;
		g[ng].count = j - i;
		e->stats[QOE_STAT_RX_GRO_MERGED] += j - i - 1;
		ng++;
		i = j;
	}
	return ng;
}

u16 qoe_gro_plan(struct qoe_engine *e, const struct qoe_buf *pkts,
		 const struct qoe_rx_cmpl *c, u16 n, u32 l3_off,
		 struct qoe_gro_group *g)
{
	return gro_plan(e, pkts, c, n, l3_off, g, false);
}

u16 qoe_gro_plan_udp(struct qoe_engine *e, const struct qoe_buf *pkts,
		     const struct qoe_rx_cmpl *c, u16 n, u32 l3_off,
		     struct qoe_gro_group *g)
{
	return gro_plan(e, pkts, c, n, l3_off, g, true);
}

/*
 * @each_hdr: every packet keeps its QUIC header (qoe_gro_build_udp());
 * otherwise only the first one's is kept (qoe_gro_build()).
 */
static int gro_build(const struct qoe_buf *pkts, const struct qoe_rx_cmpl *c,
		     u32 l3_off, const struct qoe_gro_group *g,
		     struct qoe_buf *out, struct qoe_rx_cmpl *oc, bool each_hdr)
{
	const struct qoe_rx_cmpl *a = &c[g->first];
	u32 hdr = le16_to_cpu(a->hdr_len), extra = each_hdr ? hdr : 0;
	/* bytes taken from the first packet only, then from each packet */
	u32 lead = le16_to_cpu(a->quic_off) + (each_hdr ? 0 : hdr);
	u32 total = lead, off, i;
	struct qoe_inet in;

	for (i = 0; i < g->count; i++)
		total += extra + le16_to_cpu(c[g->first + i].seg_size);
	if (out->cap < total)
		return -ENOSPC;
	if (qoe_inet_parse(pkts[g->first].data, pkts[g->first].len, l3_off,
			   &in))
		return -EINVAL;
	memcpy(out->data, pkts[g->first].data, lead);
	off = lead;
	for (i = 0; i < g->count; i++) {
		u32 seg = extra + le16_to_cpu(c[g->first + i].seg_size);

		memcpy(out->data + off, pkts[g->first + i].data + lead, seg);
		off += seg;
	}
	out->len = total;
	qoe_inet_fix(out->data, &in, total - in.quic_off, 0, false);
	*oc = *a;
	oc->seg_count = cpu_to_le16(g->count);
	if (g->count > 1)
		oc->flags |= QOE_RXF_COALESCED;
	return 0;
}

int qoe_gro_build(const struct qoe_buf *pkts, const struct qoe_rx_cmpl *c,
		  u32 l3_off, const struct qoe_gro_group *g,
		  struct qoe_buf *out, struct qoe_rx_cmpl *oc)
{
	return gro_build(pkts, c, l3_off, g, out, oc, false);
}

/* gro_build() where the packets lie: the pieces in @frags, the head fixed. */
static int gro_build_frags(struct qoe_buf *pkts, const struct qoe_rx_cmpl *c,
			   u32 l3_off, const struct qoe_gro_group *g,
			   struct qoe_frag *frags, struct qoe_rx_cmpl *oc,
			   bool each_hdr)
{
	const struct qoe_rx_cmpl *a = &c[g->first];
	u32 hdr = le16_to_cpu(a->hdr_len), extra = each_hdr ? hdr : 0;
	u32 lead = le16_to_cpu(a->quic_off) + (each_hdr ? 0 : hdr);
	u32 total = lead, i;
	struct qoe_inet in;

	for (i = 0; i < g->count; i++) {
		u32 seg = extra + le16_to_cpu(c[g->first + i].seg_size);

		frags[i].data = pkts[g->first + i].data + (i ? lead : 0);
		frags[i].len = seg + (i ? 0 : lead);
		total += seg;
	}
	if (total - l3_off > 65535 ||
	    qoe_inet_parse(pkts[g->first].data, pkts[g->first].len, l3_off,
			   &in))
		return -EINVAL;
	qoe_inet_fix_frags(pkts[g->first].data, &in, total - in.quic_off, frags,
			   g->count);
	*oc = *a;
	oc->seg_count = cpu_to_le16(g->count);
	if (g->count > 1)
		oc->flags |= QOE_RXF_COALESCED;
	return 0;
}

int qoe_gro_build_frags(struct qoe_buf *pkts, const struct qoe_rx_cmpl *c,
			u32 l3_off, const struct qoe_gro_group *g,
			struct qoe_frag *frags, struct qoe_rx_cmpl *oc)
{
	return gro_build_frags(pkts, c, l3_off, g, frags, oc, false);
}

int qoe_gro_build_udp_frags(struct qoe_buf *pkts, const struct qoe_rx_cmpl *c,
			    u32 l3_off, const struct qoe_gro_group *g,
			    struct qoe_frag *frags, struct qoe_rx_cmpl *oc)
{
	return gro_build_frags(pkts, c, l3_off, g, frags, oc, true);
}

int qoe_gro_build_udp(const struct qoe_buf *pkts, const struct qoe_rx_cmpl *c,
		      u32 l3_off, const struct qoe_gro_group *g,
		      struct qoe_buf *out, struct qoe_rx_cmpl *oc)
{
	return gro_build(pkts, c, l3_off, g, out, oc, true);
}
