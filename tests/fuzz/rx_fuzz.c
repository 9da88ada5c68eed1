// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * libFuzzer harness for the RX path: qoe_engine_rx() then GRO.  Invariants
 * checked on every input: no crash or sanitizer report, a packet that is
 * not decrypted comes back byte for byte, a decrypted one shrinks by the
 * tag, GRO never writes past its buffer.
 *
 * Input byte 0 picks the shape: raw bytes as an IP packet, or a valid
 * IPv4/IPv6 + UDP envelope addressed to one of the flows around the
 * fuzzed QUIC bytes, so the fuzzer spends its time past the IP parser;
 * the envelope's checksums are valid unless bit 1 says otherwise (the
 * device checks them before it opens anything).
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"

static struct qoe_engine *eng;
static struct qoe_crypto crypto;

static const u8 laddr6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 };
static const u8 laddr4[4] = { 192, 0, 2, 2 };

static void add_rx(u8 cipher, u8 family, u8 cid_len, u8 seed)
{
	struct qoe_flow_params p = { 0 };
	u8 key[32], iv[12];
	u32 h;

	p.dir = QOE_DIR_RX;
	p.cipher = cipher;
	p.family = family;
	p.cid_len = cid_len;
	memset(p.cid, 0xc0 + seed, cid_len);
	if (family == QOE_FAMILY_IPV4)
		memcpy(p.local_addr, laddr4, 4);
	else
		memcpy(p.local_addr, laddr6, 16);
	p.local_port = 443;
	p.pn = QOE_PN_NONE;
	p.fail_action = seed & 1;
	memset(p.hp_key, seed, sizeof(p.hp_key));
	memset(key, seed + 1, sizeof(key));
	memset(iv, seed + 2, sizeof(iv));
	if (qoe_host_flow_add(qoe_engine_host(eng), &p, &h) ||
	    qoe_host_key_install(qoe_engine_host(eng), h, 0, key, qoe_cipher_key_len(cipher), iv))
		abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct qoe_engine_cfg cfg = { .max_flows = 16, .crypto = &crypto };

	(void)argc;
	(void)argv;
	fuzz_crypto_init(&crypto);
	eng = qoe_engine_create(&cfg);
	if (!eng)
		abort();
	add_rx(QOE_CIPHER_AES_128_GCM, QOE_FAMILY_IPV4, 8, 1);
	add_rx(QOE_CIPHER_AES_256_GCM, QOE_FAMILY_IPV6, 4, 2);
	add_rx(QOE_CIPHER_CHACHA20_POLY1305, QOE_FAMILY_IPV4, 0, 3);
	add_rx(QOE_CIPHER_AES_128_GCM, QOE_FAMILY_IPV6, 20, 4);
	return 0;
}

static u32 envelope(u8 *pkt, u8 shape, const u8 *quic, u32 qlen)
{
	bool v4 = shape & 1;
	u32 ihl = v4 ? 20 : 40, udp_len = 8 + qlen;
	u8 *udp = pkt + ihl;

	memset(pkt, 0, ihl + 8);
	if (v4) {
		pkt[0] = 0x45;
		pkt[2] = (u8)((ihl + udp_len) >> 8);
		pkt[3] = (u8)(ihl + udp_len);
		pkt[9] = 17;
		memcpy(pkt + 16, laddr4, 4);
	} else {
		pkt[0] = 0x60;
		pkt[4] = (u8)(udp_len >> 8);
		pkt[5] = (u8)udp_len;
		pkt[6] = 17;
		memcpy(pkt + 24, laddr6, 16);
	}
	udp[2] = 443 >> 8;
	udp[3] = 443 & 0xff;
	udp[4] = (u8)(udp_len >> 8);
	udp[5] = (u8)udp_len;
	memcpy(udp + 8, quic, qlen);
	if (!(shape & 2)) {
		if (v4)
			put_csum(pkt + 10, sum16(pkt, ihl, 0));
		else
			put_csum(udp + 6, sum16(udp, udp_len,
						sum16(pkt + 8, 32,
						      17 + udp_len)));
	}
	return ihl + udp_len;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);
int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static u8 pkt[4][4096], copy[4096], big[16384];
	struct qoe_rx_cmpl c[4], oc;
	struct qoe_gro_group g[4];
	struct qoe_buf b[4], out = { big, 0, sizeof(big) };
	u32 len, n;
	u16 ng;

	if (size < 1 || size > 2048)
		return 0;
	if (data[0] & 0x80) {
		len = (u32)size - 1;
		memcpy(pkt[0], data + 1, len);
	} else {
		len = envelope(pkt[0], data[0], data + 1, (u32)size - 1);
	}
	/* a burst of the same bytes, so GRO sees equal neighbours */
	n = 1 + (data[0] >> 5 & 3);
	for (u32 i = 0; i < n; i++) {
		if (i)
			memcpy(pkt[i], pkt[0], len);
		memcpy(copy, pkt[i], len);
		b[i] = (struct qoe_buf){ pkt[i], len, sizeof(pkt[i]) };
		if (qoe_engine_rx(eng, &b[i], 0, &c[i]) != QOE_ST_OK) {
			if (b[i].len != len || memcmp(copy, pkt[i], len))
				abort();	/* a failed packet was changed */
		} else if (b[i].len != len - QOE_TAG_LEN) {
			abort();
		}
	}
	ng = qoe_gro_plan(eng, b, c, (u16)n, 0, g);
	for (u16 i = 0; i < ng; i++)
		if (qoe_gro_build(b, c, 0, &g[i], &out, &oc) == 0 &&
		    out.len > out.cap)
			abort();
	return 0;
}
