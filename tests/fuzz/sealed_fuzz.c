// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * libFuzzer harness for RX past authentication.  The raw RX fuzzer rarely
 * forges a valid tag; this one seals fuzzed plaintext with known keys
 * through the engine's own TX (PN steps, key phases and PN lengths from
 * the input), optionally flips a QUIC byte (with the checksums fixed, as a
 * forger would), reorders the burst, and feeds it to RX and both GRO
 * layouts.  Oracles on every input:
 *
 * - a packet that opens is one that was not altered, and comes back with
 *   the PN it was sealed with and exactly its plaintext;
 * - an altered packet never opens;
 * - a packet that does not open is left byte for byte as it came;
 * - GRO writes within its buffer and accounts for every packet it merges.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"

#define BURST	8
#define CID_LEN	8

static struct qoe_crypto crypto;
static const u8 cid[CID_LEN] = { 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7,
				 0xc8 };

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_crypto_init(&crypto);
	return 0;
}

/* TX 10.0.0.1:4433 -> 10.0.0.2:443 and its RX twin, both phases keyed. */
static void pair(struct qoe_engine *e, u32 *tx, u32 *rx, u8 cipher)
{
	struct qoe_flow_params p = { 0 };
	u8 key[32], iv[12];
	size_t kl = qoe_cipher_key_len(cipher);

	p.cipher = cipher;
	p.family = QOE_FAMILY_IPV4;
	p.cid_len = CID_LEN;
	memcpy(p.cid, cid, CID_LEN);
	memset(p.hp_key, 0x3c, sizeof(p.hp_key));
	for (int dir = 0; dir < 2; dir++) {
		u32 *h = dir ? rx : tx;

		p.dir = dir ? QOE_DIR_RX : QOE_DIR_TX;
		p.local_addr[0] = 10;
		p.local_addr[3] = dir ? 2 : 1;
		p.remote_addr[0] = 10;
		p.remote_addr[3] = dir ? 1 : 2;
		p.local_port = dir ? 443 : 4433;
		p.remote_port = dir ? 4433 : 443;
		p.pn = dir ? QOE_PN_NONE : 0;
		if (qoe_host_flow_add(qoe_engine_host(e), &p, h))
			abort();
		for (u8 ph = 0; ph < 2; ph++) {
			memset(key, 0x50 + ph, sizeof(key));
			memset(iv, 0x70 + ph, sizeof(iv));
			if (qoe_host_key_install(qoe_engine_host(e), *h, ph, key, kl, iv))
				abort();
		}
	}
}

/* A forger's packet: valid IPv4 UDP checksum over the altered bytes. */
static void fix_udp(u8 *pkt, u32 len)
{
	u16 c;

	pkt[26] = pkt[27] = 0;
	c = (u16)~sum16(pkt + 20, len - 20, sum16(pkt + 12, 8, 17 + len - 20));
	pkt[26] = (u8)(c >> 8);
	pkt[27] = (u8)(c ? c : 0xffff);
	if (!c)
		pkt[26] = 0xff;
}

struct sealed {
	u8 wire[2048];
	u8 copy[2048];
	u8 plain[600];
	u32 len;
	u32 plen;
	u64 pn;
	bool altered;
};

/* Seal one packet from the program; false when TX refused it. */
static bool seal_one(struct qoe_engine *e, u32 tx, struct prog *g,
		     u64 *next, struct sealed *s)
{
	static u8 pkt[2048];
	u8 pn_len = 1 + (next8(g) & 3), phase = next8(g) & 1;
	u32 plen = 1 + (next8(g) | (u32)(next8(g) & 1) << 8);
	u32 hdr = 1 + CID_LEN + pn_len, len = 28 + hdr + plen;
	struct qoe_buf ob = { s->wire, 0, sizeof(s->wire) };
	struct qoe_tx_desc d = { 0 };
	struct qoe_tx_cmpl c;

	/* PNs go up by 1 mostly, sometimes jump */
	s->pn = *next + (next8(g) & 0x0f ? 0 : next8(g));
	fuzz_ip_udp(pkt, len, 1);
	pkt[28] = (u8)(0x40 | (pn_len - 1));
	memcpy(pkt + 29, cid, CID_LEN);
	for (u32 i = 0; i < plen; i++)
		pkt[28 + hdr + i] = next8(g);
	memcpy(s->plain, pkt + 28 + hdr, plen);
	s->plen = plen;
	d.handle = cpu_to_le32(tx);
	d.flags = QOE_TXF_CRYPTO;
	d.key_phase = phase;
	d.pn_len = pn_len;
	d.hdr_len = cpu_to_le16(hdr);
	d.pn_off = cpu_to_le16(1 + CID_LEN);
	d.seg_size = cpu_to_le16(plen);
	d.seg_count = cpu_to_le16(1);
	d.pn = cpu_to_le64(s->pn);
	if (qoe_engine_tx(e, &d, pkt, len, &ob, 1, &c) != 1)
		return false;
	*next = s->pn + 1;
	s->len = ob.len;
	s->altered = false;
	if ((next8(g) & 7) == 0) {
		u32 at = 28 + next8(g) % (s->len - 28);
		u8 x = next8(g);

		s->wire[at] ^= x ? x : 1;
		fix_udp(s->wire, s->len);
		s->altered = true;
	}
	memcpy(s->copy, s->wire, s->len);
	return true;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);
int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static struct sealed s[BURST];
	static u8 big[BURST * 2048];
	struct qoe_engine_cfg cfg = { .max_flows = 4, .crypto = &crypto };
	struct prog g = { data, size > 4096 ? 4096 : size };
	struct qoe_rx_cmpl c[BURST], oc;
	struct qoe_gro_group grp[BURST];
	struct qoe_buf b[BURST];
	struct qoe_engine *e;
	u32 tx, rx, order[BURST];
	u64 next = 0;

	e = qoe_engine_create(&cfg);
	if (!e)
		abort();
	pair(e, &tx, &rx, qoe_ciphers()[next8(&g) % qoe_cipher_count()].id);
	while (g.left) {
		u32 n = 0;
		u16 ng;

		for (u32 want = 1 + (next8(&g) & (BURST - 1)); n < want && g.left; )
			if (seal_one(e, tx, &g, &next, &s[n]))
				n++;
		/* delivered in an order the input picks */
		for (u32 i = 0; i < n; i++)
			order[i] = i;
		for (u32 i = n; i > 1; i--) {
			u32 j = next8(&g) % i, t = order[i - 1];

			order[i - 1] = order[j];
			order[j] = t;
		}
		for (u32 i = 0; i < n; i++) {
			struct sealed *p = &s[order[i]];

			b[i] = (struct qoe_buf){ p->wire, p->len, sizeof(p->wire) };
		}
		qoe_engine_rx_burst(e, b, (u16)n, 0, c);
		for (u32 i = 0; i < n; i++) {
			struct sealed *p = &s[order[i]];
			u32 hdr = le16_to_cpu(c[i].hdr_len);

			if (c[i].status == QOE_ST_OK) {
				if (p->altered || le64_to_cpu(c[i].pn) != p->pn ||
				    b[i].len != 28 + hdr + p->plen ||
				    memcmp(p->wire + 28 + hdr, p->plain, p->plen))
					abort();
			} else if (b[i].len != p->len ||
				   memcmp(p->wire, p->copy, p->len)) {
				abort();	/* a failure changed the packet */
			}
		}
		for (int layout = 0; layout < 2; layout++) {
			ng = layout ? qoe_gro_plan_udp(e, b, c, (u16)n, 0, grp)
				    : qoe_gro_plan(e, b, c, (u16)n, 0, grp);
			for (u16 i = 0, seen = 0; i < ng; i++) {
				struct qoe_buf out = { big, 0, sizeof(big) };
				int r = layout ? qoe_gro_build_udp(b, c, 0, &grp[i], &out, &oc)
					       : qoe_gro_build(b, c, 0, &grp[i], &out, &oc);

				if (out.len > out.cap)
					abort();
				if (grp[i].first != seen)
					abort();	/* groups tile the burst */
				seen += grp[i].count;
				if (!r && grp[i].count > 1 &&
				    le16_to_cpu(oc.seg_count) != grp[i].count)
					abort();
			}
		}
	}
	qoe_engine_destroy(e);
	return 0;
}
