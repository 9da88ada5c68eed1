/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause) */
/* Shared fixtures for the engine tests: backends, packets, flow pairs. */
#ifndef _QOE_ENGINE_UTIL_H
#define _QOE_ENGINE_UTIL_H

#include "qoe_host.h"
#include "../qoe_test.h"

enum { BE_IPSECMB, BE_OPENSSL, BE_COUNT };

extern const char *const be_names[BE_COUNT];
/* Every cipher of include/qoe/qoe_cipher.h: n_ciphers(), cipher_at(i). */
static inline unsigned int n_ciphers(void)
{
	return qoe_cipher_count();
}

static inline u8 cipher_at(unsigned int i)
{
	return qoe_ciphers()[i % n_ciphers()].id;
}

/* The backend instance of that kind (created once, freed at exit). */
const struct qoe_crypto *test_backend(int which);
struct qoe_engine *test_engine(int which, u32 max_flows);

/* Fill key, iv and hp with a pattern seeded by @seed. */
void test_keys(u8 cipher, u8 seed, u8 *key, u8 *iv, u8 *hp);

struct test_pair {
	u32 tx;
	u32 rx;
	u8 cipher;
	u8 family;
	u8 cid_len;
	u8 cid[QOE_MAX_CID_LEN];
	u8 key[QOE_MAX_KEY_LEN];
	u8 iv[QOE_IV_LEN];
	u8 hp[QOE_MAX_KEY_LEN];
	u16 sport;		/* the TX flow's local port (0: 4433) */
};

/*
 * A TX flow a->b and the matching RX flow on the same engine (the test
 * plays both ends), keys of phase 0 installed on both.
 */
void test_pair_init(struct qoe_engine *e, struct test_pair *p, u8 cipher,
		    u8 family, u8 cid_len, u64 tx_pn);
void test_pair_init_keys(struct qoe_engine *e, struct test_pair *p,
			 u8 cipher, u8 family, u8 cid_len, u64 tx_pn,
			 const u8 *key, const u8 *iv, const u8 *hp);

/* test_pair_init() with the TX end on local port @sport, keys of its own. */
void test_pair_init_port(struct qoe_engine *e, struct test_pair *p, u8 cipher,
			 u8 family, u8 cid_len, u16 sport);

/*
 * The same pair across two devices: the TX flow (local port @sport) through
 * @tx, the RX flow through @rx; AES-128-GCM, IPv4, 8-byte CIDs, phase 0 keys.
 */
void test_pair_init_hosts(struct qoe_host *tx, struct qoe_host *rx,
			  struct test_pair *p, u16 sport);

/*
 * Build [l3_off zero bytes][IP][UDP][QUIC short header][payload] into @buf:
 * header 0x40 | (pn_len - 1), DCID, PN bytes of @pn.  Returns the length.
 */
u32 test_packet(u8 *buf, const struct test_pair *p, u32 l3_off, u8 pn_len,
		u64 pn, const u8 *payload, u32 payload_len);

/* A descriptor for a packet test_packet() built. */
void test_desc(struct qoe_tx_desc *d, const struct test_pair *p, u32 l3_off,
	       u8 pn_len, u64 pn, u16 seg_size, u16 segs, u8 phase);

/* Valid IPv4 header and UDP checksums into a packet (after a test edits
 * it: the device checks them before it opens anything). */
void test_fix_csum(u8 *pkt, u32 len, u32 l3_off);

/* One's complement check of the IPv4 header and UDP checksum; true if ok. */
bool test_csum_ok(const u8 *pkt, u32 len, u32 l3_off);

#endif
