// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * qoe-demo: two emulated devices wired back to back, driven only through
 * the firmware ABI.  For each cipher: keys derived from a traffic secret as
 * a QUIC stack would, a TX flow on device A and an RX flow on device B,
 * 64000-byte GSO super-packets cut into 1350-byte datagrams, a key update half
 * way (B learns the next key the way a real host does: KEY_MISSING, install,
 * resubmit, phase-flip event), GRO on B, every payload checked byte for byte.
 */
#include <stdio.h>
#include <stdlib.h>
#include <arpa/inet.h>

#include "qoe_host.h"
#include "qoe_hkdf.h"

#define WIRE 1350
#define SUPER 64000	/* a super-packet is one IP packet: <= 65535 bytes */
#define ROUNDS 64
#define HDRS (20 + 8 + 1 + 8 + 2)
#define SEG (WIRE - HDRS - QOE_TAG_LEN)

struct side {
	struct qoe_engine *e;
	u32 handle;
};

static u8 cid[8] = { 0xde, 0xad, 0xbe, 0xef, 0x51, 0xde, 0x00, 0x01 };

static void die(const char *what, int st)
{
	fprintf(stderr, "qoe-demo: %s: %s\n", what, qoe_status_name((unsigned int)st));
	exit(1);
}

static void flow(struct side *s, u8 dir, u8 cipher, const u8 *secret,
		 size_t slen)
{
	struct qoe_flow_params p = { 0 };
	u8 key[32], iv[12];
	int st;

	if (qoe_quic_derive_keys(cipher, secret, slen, key, iv, p.hp_key))
		die("key derivation", QOE_ST_BAD_PARAM);
	p.dir = dir;
	p.cipher = cipher;
	p.family = QOE_FAMILY_IPV4;
	p.cid_len = sizeof(cid);
	memcpy(p.cid, cid, sizeof(cid));
	inet_pton(AF_INET, dir == QOE_DIR_TX ? "10.0.0.1" : "10.0.0.2", p.local_addr);
	inet_pton(AF_INET, dir == QOE_DIR_TX ? "10.0.0.2" : "10.0.0.1", p.remote_addr);
	p.local_port = dir == QOE_DIR_TX ? 4433 : 50000;
	p.remote_port = dir == QOE_DIR_TX ? 50000 : 4433;
	p.pn = dir == QOE_DIR_TX ? 0 : QOE_PN_NONE;
	st = qoe_host_flow_add(qoe_engine_host(s->e), &p, &s->handle);
	if (st)
		die("FLOW_ADD", st);
	st = qoe_host_key_install(qoe_engine_host(s->e), s->handle, 0, key,
				  qoe_cipher_key_len(cipher), iv);
	if (st)
		die("KEY_INSTALL", st);
}

static u32 super_packet(u8 *pkt, u64 pn, u8 fill)
{
	u32 udp_len = 8 + 11 + SUPER;

	memset(pkt, 0, HDRS);
	pkt[0] = 0x45;
	pkt[2] = (u8)((20 + udp_len) >> 8);
	pkt[3] = (u8)(20 + udp_len);
	pkt[8] = 64;
	pkt[9] = 17;
	inet_pton(AF_INET, "10.0.0.1", pkt + 12);
	inet_pton(AF_INET, "10.0.0.2", pkt + 16);
	pkt[20] = 4433 >> 8;
	pkt[21] = 4433 & 0xff;
	pkt[22] = 50000 >> 8;
	pkt[23] = 50000 & 0xff;
	pkt[24] = (u8)(udp_len >> 8);
	pkt[25] = (u8)udp_len;
	pkt[28] = 0x41;
	memcpy(pkt + 29, cid, sizeof(cid));
	pkt[37] = (u8)(pn >> 8);
	pkt[38] = (u8)pn;
	for (u32 i = 0; i < SUPER; i++)
		pkt[HDRS + i] = (u8)(fill + i * 31 + i / SEG);
	return HDRS + SUPER;
}

int main(void)
{
	static const u8 ciphers[] = { QOE_CIPHER_AES_128_GCM, QOE_CIPHER_AES_256_GCM,
				      QOE_CIPHER_CHACHA20_POLY1305 };
	static u8 pkt[HDRS + SUPER], wire[64][2048], gro[SUPER + 4096];
	struct qoe_crypto ca, cb;
	struct qoe_engine_cfg cfg = { .max_flows = 1024 };
	u64 sa[QOE_STAT_MAX], sb[QOE_STAT_MAX];
	int st;

	if (qoe_crypto_ipsecmb_init(&ca) || qoe_crypto_ipsecmb_init(&cb)) {
		fprintf(stderr, "qoe-demo: no ipsec-mb backend\n");
		return 1;
	}
	printf("qoe-demo: device A (TX) -> wire -> device B (RX), firmware ABI %d.%d, crypto %s\n",
	       QOE_ABI_VERSION_MAJOR, QOE_ABI_VERSION_MINOR, ca.ops->name);
	for (size_t c = 0; c < sizeof(ciphers); c++) {
		u8 secret[48], next[48];
		size_t slen = ciphers[c] == QOE_CIPHER_AES_256_GCM ? 48 : 32;
		struct side a, b;
		u64 pn = 0, datagrams = 0, merged = 0, bytes = 0;
		u8 phase = 0;
		struct qoe_event ev;

		cfg.crypto = &ca;
		a.e = qoe_engine_create(&cfg);
		cfg.crypto = &cb;
		b.e = qoe_engine_create(&cfg);
		if (!a.e || !b.e)
			die("engine", QOE_ST_NO_MEM);
		memset(secret, 0x5a + (int)c, sizeof(secret));
		flow(&a, QOE_DIR_TX, ciphers[c], secret, slen);
		flow(&b, QOE_DIR_RX, ciphers[c], secret, slen);
		qoe_quic_next_secret(ciphers[c], secret, slen, next);

		for (int r = 0; r < ROUNDS; r++) {
			struct qoe_buf out[64], pkts[64];
			struct qoe_rx_cmpl rc[64], oc;
			struct qoe_gro_group g[64];
			struct qoe_tx_desc d = { 0 };
			struct qoe_tx_cmpl tc;
			u32 len = super_packet(pkt, pn, (u8)r), n;
			u16 segs = (SUPER + SEG - 1) / SEG, ng;

			if (r == ROUNDS / 2) {	/* TX side updates its keys */
				u8 key[32], iv[12], hp[32];

				qoe_quic_derive_keys(ciphers[c], next, slen, key, iv, hp);
				st = qoe_host_key_install(qoe_engine_host(a.e), a.handle, 1, key,
							  qoe_cipher_key_len(ciphers[c]), iv);
				if (st)
					die("KEY_INSTALL phase 1", st);
				phase = 1;
			}
			d.handle = cpu_to_le32(a.handle);
			d.flags = QOE_TXF_CRYPTO | QOE_TXF_GSO;
			d.key_phase = phase;
			d.pn_len = 2;
			d.hdr_len = cpu_to_le16(11);
			d.pn_off = cpu_to_le16(9);
			d.seg_size = cpu_to_le16(SEG);
			d.seg_count = cpu_to_le16(segs);
			d.pn = cpu_to_le64(pn);
			for (u32 i = 0; i < segs; i++)
				out[i] = (struct qoe_buf){ wire[i], 0, sizeof(wire[i]) };
			n = qoe_engine_tx(a.e, &d, pkt, len, out, segs, &tc);
			if (!n)
				die("TX", tc.status);
			for (u32 i = 0; i < n; i++) {
				pkts[i] = out[i];
				st = qoe_engine_rx(b.e, &pkts[i], 0, &rc[i]);
				if (st == QOE_ST_KEY_MISSING) {
					/* host: derive the next key, install, resubmit */
					u8 key[32], iv[12], hp[32];

					qoe_quic_derive_keys(ciphers[c], next, slen, key, iv, hp);
					qoe_host_key_install(qoe_engine_host(b.e), b.handle, rc[i].key_phase, key,
							     qoe_cipher_key_len(ciphers[c]), iv);
					st = qoe_engine_rx(b.e, &pkts[i], 0, &rc[i]);
				}
				if (st)
					die("RX", st);
			}
			ng = qoe_gro_plan(b.e, pkts, rc, (u16)n, 0, g);
			for (u16 i = 0; i < ng; i++) {
				struct qoe_buf gb = { gro, 0, sizeof(gro) };

				if (qoe_gro_build(pkts, rc, 0, &g[i], &gb, &oc))
					die("GRO", QOE_ST_NO_SPACE);
				if (memcmp(gro + HDRS, pkt + HDRS + (u32)g[i].first * SEG,
					   gb.len - HDRS))
					die("payload check", QOE_ST_AUTH_FAIL);
				merged += g[i].count > 1;
			}
			datagrams += n;
			bytes += SUPER;
			pn += n;
		}
		while (qoe_engine_event_pop(b.e, &ev))
			printf("  event on B: %s flow 0x%08x phase %u at PN %llu\n",
			       le16_to_cpu(ev.type) == QOE_EV_KEY_PHASE_FLIP ?
			       "key-phase flip" : "other",
			       le32_to_cpu(ev.handle), ev.phase,
			       (unsigned long long)le64_to_cpu(ev.value));
		qoe_host_dev_stats(qoe_engine_host(a.e), sa);
		qoe_host_dev_stats(qoe_engine_host(b.e), sb);
		printf("  %-18s %3d super-packets -> %4llu datagrams of %d B, %llu GRO super-packets, "
		       "%llu KB verified; A tx_quic_encrypted_packets %llu, B rx_quic_decrypted_packets %llu, rx_quic_key_missing %llu, quic_key_updates %llu\n",
		       qoe_cipher_name(ciphers[c]), ROUNDS, (unsigned long long)datagrams, WIRE,
		       (unsigned long long)merged, (unsigned long long)(bytes / 1024),
		       (unsigned long long)sa[QOE_STAT_TX_PACKETS],
		       (unsigned long long)sb[QOE_STAT_RX_PACKETS],
		       (unsigned long long)sb[QOE_STAT_RX_KEY_MISSING],
		       (unsigned long long)sb[QOE_STAT_KEY_UPDATES]);
		qoe_engine_destroy(a.e);
		qoe_engine_destroy(b.e);
	}
	qoe_crypto_fini(&ca);
	qoe_crypto_fini(&cb);
	return 0;
}
