// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * Crypto backends: RFC 9001 Appendix A packets byte for byte, ipsec-mb vs
 * OpenSSL on random inputs, the in-place restore contract of open(), and a
 * mutation check that the vector comparison can fail.
 * `QOE_CRYPTO_SPEED=1 crypto_test speed` prints per-operation timings.
 */
#include <intel-ipsec-mb.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include "crypto_ipsecmb_copy.h"
#include "qoe_crypto.h"
#include "qoe_hkdf.h"
#include "../qoe_test.h"

QOE_TEST_MAIN

/* RFC 9001 Appendix A (hex copied from the RFC text). */
static const char a1_dcid[] = "8394c8f03e515708";
static const char a2_header[] = "c300000001088394c8f03e5157080000449e00000002";
static const char a2_mask[] = "437b9aec36";
static const char a2_payload[] =
	"060040f1010000ed0303ebf8fa56f12939b9584a3896472ec40bb863cfd3e868"
	"04fe3a47f06a2b69484c00000413011302010000c000000010000e00000b6578"
	"616d706c652e636f6dff01000100000a00080006001d00170018001000070005"
	"04616c706e000500050100000000003300260024001d00209370b2c9caa47fba"
	"baf4559fedba753de171fa71f50f1ce15d43e994ec74d748002b000302030400"
	"0d0010000e0403050306030203080408050806002d00020101001c0002400100"
	"3900320408ffffffffffffffff05048000ffff07048000ffff08011001048000"
	"75300901100f088394c8f03e51570806048000ffff";
static const char a2_packet[] =
	"c000000001088394c8f03e5157080000449e7b9aec34d1b1c98dd7689fb8ec11"
	"d242b123dc9bd8bab936b47d92ec356c0bab7df5976d27cd449f63300099f399"
	"1c260ec4c60d17b31f8429157bb35a1282a643a8d2262cad67500cadb8e7378c"
	"8eb7539ec4d4905fed1bee1fc8aafba17c750e2c7ace01e6005f80fcb7df6212"
	"30c83711b39343fa028cea7f7fb5ff89eac2308249a02252155e2347b63d58c5"
	"457afd84d05dfffdb20392844ae812154682e9cf012f9021a6f0be17ddd0c208"
	"4dce25ff9b06cde535d0f920a2db1bf362c23e596d11a4f5a6cf3948838a3aec"
	"4e15daf8500a6ef69ec4e3feb6b1d98e610ac8b7ec3faf6ad760b7bad1db4ba3"
	"485e8a94dc250ae3fdb41ed15fb6a8e5eba0fc3dd60bc8e30c5c4287e53805db"
	"059ae0648db2f64264ed5e39be2e20d82df566da8dd5998ccabdae053060ae6c"
	"7b4378e846d29f37ed7b4ea9ec5d82e7961b7f25a9323851f681d582363aa5f8"
	"9937f5a67258bf63ad6f1a0b1d96dbd4faddfcefc5266ba6611722395c906556"
	"be52afe3f565636ad1b17d508b73d8743eeb524be22b3dcbc2c7468d54119c74"
	"68449a13d8e3b95811a198f3491de3e7fe942b330407abf82a4ed7c1b311663a"
	"c69890f4157015853d91e923037c227a33cdd5ec281ca3f79c44546b9d90ca00"
	"f064c99e3dd97911d39fe9c5d0b23a229a234cb36186c4819e8b9c5927726632"
	"291d6a418211cc2962e20fe47feb3edf330f2c603a9d48c0fcb5699dbfe58964"
	"25c5bac4aee82e57a85aaf4e2513e4f05796b07ba2ee47d80506f8d2c25e50fd"
	"14de71e6c418559302f939b0e1abd576f279c4b2e0feb85c1f28ff18f58891ff"
	"ef132eef2fa09346aee33c28eb130ff28f5b766953334113211996d20011a198"
	"e3fc433f9f2541010ae17c1bf202580f6047472fb36857fe843b19f5984009dd"
	"c324044e847a4f4a0ab34f719595de37252d6235365e9b84392b061085349d73"
	"203a4a13e96f5432ec0fd4a1ee65accdd5e3904df54c1da510b0ff20dcc0c77f"
	"cb2c0e0eb605cb0504db87632cf3d8b4dae6e705769d1de354270123cb11450e"
	"fc60ac47683d7b8d0f811365565fd98c4c8eb936bcab8d069fc33bd801b03ade"
	"a2e1fbc5aa463d08ca19896d2bf59a071b851e6c239052172f296bfb5e724047"
	"90a2181014f3b94a4e97d117b438130368cc39dbb2d198065ae3986547926cd2"
	"162f40a29f0c3c8745c0f50fba3852e566d44575c29d39a03f0cda721984b6f4"
	"40591f355e12d439ff150aab7613499dbd49adabc8676eef023b15b65bfc5ca0"
	"6948109f23f350db82123535eb8a7433bdabcb909271a6ecbcb58b936a88cd4e"
	"8f2e6ff5800175f113253d8fa9ca8885c2f552e657dc603f252e1a8e308f76f0"
	"be79e2fb8f5d5fbbe2e30ecadd220723c8c0aea8078cdfcb3868263ff8f09400"
	"54da48781893a7e49ad5aff4af300cd804a6b6279ab3ff3afb64491c85194aab"
	"760d58a606654f9f4400e8b38591356fbf6425aca26dc85244259ff2b19c41b9"
	"f96f3ca9ec1dde434da7d2d392b905ddf3d1f9af93d1af5950bd493f5aa731b4"
	"056df31bd267b6b90a079831aaf579be0a39013137aac6d404f518cfd4684064"
	"7e78bfe706ca4cf5e9c5453e9f7cfd2b8b4c8d169a44e55c88d4a9a7f9474241"
	"e221af44860018ab0856972e194cd934";
static const char a3_payload[] =
	"02000000000600405a020000560303eefce7f7b37ba1d1632e96677825ddf739"
	"88cfc79825df566dc5430b9a045a1200130100002e00330024001d00209d3c94"
	"0d89690b84d08a60993c144eca684d1081287c834d5311bcf32bb9da1a002b00"
	"020304";
static const char a3_packet[] =
	"cf000000010008f067a5502a4262b5004075c0d95a482cd0991cd25b0aac406a"
	"5816b6394100f37a1c69797554780bb38cc5a99f5ede4cf73c3ec2493a1839b3"
	"dbcba3f6ea46c5b7684df3548e7ddeb9c3bf9c73cc3f3bded74b562bfb19fb84"
	"022f8ef4cdd93795d77d06edbb7aaf2f58891850abbdca3d20398c276456cbc4"
	"2158407dd074ee";
static const char a3_header[] = "c1000000010008f067a5502a4262b50040750001";
static const char a3_mask[] = "2ec0d8356a";
static const char a5_secret[] =
	"9ac312a7f877468ebe69422748ad00a15443f18203a07d6060f688f30f21632b";
static const char a5_header[] = "4200bff4";
static const char a5_mask[] = "aefefe7d03";
static const char a5_packet[] = "4cfe4189655e5cd55c41f69080575d7999c25a5bfb";

#define A2_PAYLOAD_LEN	1162
#define A2_PN		2
#define A3_PN		1
#define A5_PN		654360564ULL
#define PKT_MAX		1300

/* Both backends, created once. */
static struct qoe_crypto backends[2];
static int nbackends;

static void backends_init(void)
{
	if (nbackends)
		return;
	if (qoe_crypto_ipsecmb_init(&backends[0]) ||
	    qoe_crypto_openssl_init(&backends[1])) {
		fprintf(stderr, "cannot initialise the crypto backends\n");
		exit(1);
	}
	nbackends = 2;
}

__attribute__((destructor)) static void backends_fini(void)
{
	for (int i = 0; i < nbackends; i++)
		qoe_crypto_fini(&backends[i]);
}

/* every cipher of the table (qoe_cipher_count()), so a new one is tested
 * without edits here
 */

/* One packet to protect, as in RFC 9001 Appendix A. */
struct vec {
	unsigned int cipher;
	uint8_t key[32], iv[QOE_IV_LEN], hp[32];
	uint8_t header[64];
	size_t hdr_len, pn_len;
	uint64_t pn;
	uint8_t payload[PKT_MAX];
	size_t payload_len;
};

/* What a mutation run changes (see vec_mutation_*). */
enum mutation { MUT_NONE, MUT_KEY, MUT_OUTPUT };

static void make_nonce(const uint8_t iv[QOE_IV_LEN], uint64_t pn,
		       uint8_t nonce[QOE_IV_LEN])
{
	memcpy(nonce, iv, QOE_IV_LEN);
	for (int i = 0; i < 8; i++)
		nonce[QOE_IV_LEN - 1 - i] ^= (uint8_t)(pn >> (8 * i));
}

/*
 * Protect @v with backend @c into @pkt (RFC 9001 s5.3 + s5.4); returns the
 * packet length or -1, and the HP mask in @mask.
 */
static long vec_protect(const struct qoe_crypto *c, const struct vec *v,
			enum mutation mut, uint8_t *pkt, uint8_t mask[5])
{
	size_t klen = qoe_cipher_key_len(v->cipher);
	size_t pn_off = v->hdr_len - v->pn_len, len = 0;
	uint8_t key[32], nonce[QOE_IV_LEN];
	void *aead, *hp;
	int ret;

	memcpy(key, v->key, klen);
	if (mut == MUT_KEY)
		key[klen / 2] ^= 0x01;
	aead = c->ops->aead_new(c->priv, v->cipher, key, klen);
	hp = c->ops->hp_new(c->priv, v->cipher, v->hp, klen);
	if (!aead || !hp) {
		QOE_FAIL("%s: key setup failed", c->ops->name);
		ret = -1;
		goto out;
	}
	memcpy(pkt, v->header, v->hdr_len);
	make_nonce(v->iv, v->pn, nonce);
	ret = c->ops->seal(c->priv, aead, nonce, pkt, v->hdr_len, v->payload,
			   pkt + v->hdr_len, v->payload_len,
			   pkt + v->hdr_len + v->payload_len);
	if (ret)
		goto out;
	/* The sample starts 4 bytes after the packet number's first byte. */
	ret = c->ops->hp_mask(c->priv, hp, pkt + pn_off + 4, mask);
	if (ret)
		goto out;
	pkt[0] ^= mask[0] & ((pkt[0] & 0x80) ? 0x0f : 0x1f);
	for (size_t i = 0; i < v->pn_len; i++)
		pkt[pn_off + i] ^= mask[1 + i];
	len = v->hdr_len + v->payload_len + QOE_TAG_LEN;
	if (mut == MUT_OUTPUT)
		pkt[len / 2] ^= 0x80;
out:
	if (aead)
		c->ops->aead_free(c->priv, aead);
	if (hp)
		c->ops->hp_free(c->priv, hp);
	return ret ? -1 : (long)len;
}

/* Number of differing bytes against the RFC's packet and mask (0 = match). */
static size_t vec_check(const struct qoe_crypto *c, const struct vec *v,
			enum mutation mut, const char *want_pkt,
			const char *want_mask)
{
	uint8_t pkt[PKT_MAX], want[PKT_MAX], mask[5], wmask[5];
	size_t n = qoe_test_unhex(want_pkt, want, sizeof(want)), diff = 0;
	long got = vec_protect(c, v, mut, pkt, mask);

	qoe_test_unhex(want_mask, wmask, sizeof(wmask));
	if (got != (long)n)
		return n + 1;
	for (size_t i = 0; i < n; i++)
		diff += pkt[i] != want[i];
	for (size_t i = 0; i < 5; i++)
		diff += mask[i] != wmask[i];
	return diff;
}

static void vec_initial(struct vec *v, bool server)
{
	uint8_t dcid[8], cs[32], ss[32];

	memset(v, 0, sizeof(*v));
	v->cipher = QOE_CIPHER_AES_128_GCM;
	qoe_test_unhex(a1_dcid, dcid, sizeof(dcid));
	QOE_EXPECT_EQ(qoe_quic_initial_secrets(dcid, sizeof(dcid), cs, ss), 0);
	QOE_EXPECT_EQ(qoe_quic_derive_keys(v->cipher, server ? ss : cs, 32,
					   v->key, v->iv, v->hp), 0);
	if (!server) {
		v->hdr_len = qoe_test_unhex(a2_header, v->header, sizeof(v->header));
		v->pn_len = 4;
		v->pn = A2_PN;
		qoe_test_unhex(a2_payload, v->payload, sizeof(v->payload));
		v->payload_len = A2_PAYLOAD_LEN;	/* rest is PADDING (0) */
	} else {
		v->hdr_len = qoe_test_unhex(a3_header, v->header, sizeof(v->header));
		v->pn_len = 2;
		v->pn = A3_PN;
		v->payload_len = qoe_test_unhex(a3_payload, v->payload,
				       sizeof(v->payload));
	}
}

static void vec_chacha(struct vec *v)
{
	uint8_t secret[32];

	memset(v, 0, sizeof(*v));
	v->cipher = QOE_CIPHER_CHACHA20_POLY1305;
	qoe_test_unhex(a5_secret, secret, sizeof(secret));
	QOE_EXPECT_EQ(qoe_quic_derive_keys(v->cipher, secret, 32, v->key,
					   v->iv, v->hp), 0);
	v->hdr_len = qoe_test_unhex(a5_header, v->header, sizeof(v->header));
	v->pn_len = 3;
	v->pn = A5_PN;
	v->payload[0] = 0x01;	/* PING */
	v->payload_len = 1;
}

QOE_TEST(rfc9001_a2_client_initial)
{
	struct vec v;

	backends_init();
	vec_initial(&v, false);
	for (int b = 0; b < nbackends; b++) {
		size_t d = vec_check(&backends[b], &v, MUT_NONE, a2_packet,
				     a2_mask);

		if (d)
			QOE_FAIL("%s: A.2 packet differs in %zu bytes",
				 backends[b].ops->name, d);
	}
}

QOE_TEST(rfc9001_a3_server_initial)
{
	struct vec v;

	backends_init();
	vec_initial(&v, true);
	for (int b = 0; b < nbackends; b++) {
		size_t d = vec_check(&backends[b], &v, MUT_NONE, a3_packet,
				     a3_mask);

		if (d)
			QOE_FAIL("%s: A.3 packet differs in %zu bytes",
				 backends[b].ops->name, d);
	}
}

QOE_TEST(rfc9001_a5_chacha20_short_header)
{
	struct vec v;

	backends_init();
	vec_chacha(&v);
	for (int b = 0; b < nbackends; b++) {
		size_t d = vec_check(&backends[b], &v, MUT_NONE, a5_packet,
				     a5_mask);

		if (d)
			QOE_FAIL("%s: A.5 packet differs in %zu bytes",
				 backends[b].ops->name, d);
	}
}

/* The checks above must be able to fail: a wrong key or byte is caught. */
QOE_TEST(rfc9001_vector_check_detects_mutations)
{
	static const enum mutation muts[] = { MUT_KEY, MUT_OUTPUT };
	struct vec a2, a5;

	backends_init();
	vec_initial(&a2, false);
	vec_chacha(&a5);
	for (int b = 0; b < nbackends; b++) {
		for (size_t m = 0; m < 2; m++) {
			QOE_EXPECT(vec_check(&backends[b], &a2, muts[m],
					     a2_packet, a2_mask) > 0);
			QOE_EXPECT(vec_check(&backends[b], &a5, muts[m],
					     a5_packet, a5_mask) > 0);
		}
		/* A wrong key breaks every ciphertext byte, not just one. */
		QOE_EXPECT(vec_check(&backends[b], &a2, MUT_KEY, a2_packet,
				     a2_mask) > 1000);
		QOE_EXPECT_EQ(vec_check(&backends[b], &a2, MUT_OUTPUT,
					a2_packet, a2_mask), 1);
	}
}

/* Remove protection from the RFC's own packets (open + HP removal). */
static void vec_unprotect(const struct qoe_crypto *c, const struct vec *v,
			  const char *packet_hex)
{
	uint8_t pkt[PKT_MAX], nonce[QOE_IV_LEN], mask[5];
	size_t n = qoe_test_unhex(packet_hex, pkt, sizeof(pkt));
	size_t klen = qoe_cipher_key_len(v->cipher);
	size_t pn_off = v->hdr_len - v->pn_len;
	void *aead = c->ops->aead_new(c->priv, v->cipher, v->key, klen);
	void *hp = c->ops->hp_new(c->priv, v->cipher, v->hp, klen);
	size_t ct_len = n - v->hdr_len - QOE_TAG_LEN;

	QOE_EXPECT(aead && hp);
	if (!aead || !hp)
		goto out;
	QOE_EXPECT_EQ(c->ops->hp_mask(c->priv, hp, pkt + pn_off + 4, mask), 0);
	pkt[0] ^= mask[0] & ((pkt[0] & 0x80) ? 0x0f : 0x1f);
	for (size_t i = 0; i < v->pn_len; i++)
		pkt[pn_off + i] ^= mask[1 + i];
	QOE_EXPECT_MEM(pkt, v->header, v->hdr_len);
	make_nonce(v->iv, v->pn, nonce);
	QOE_EXPECT_EQ(c->ops->open(c->priv, aead, nonce, pkt, v->hdr_len,
				   pkt + v->hdr_len, pkt + v->hdr_len, ct_len,
				   pkt + n - QOE_TAG_LEN), 0);
	QOE_EXPECT_EQ(ct_len, v->payload_len);
	QOE_EXPECT_MEM(pkt + v->hdr_len, v->payload, v->payload_len);
out:
	if (aead)
		c->ops->aead_free(c->priv, aead);
	if (hp)
		c->ops->hp_free(c->priv, hp);
}

QOE_TEST(rfc9001_open_reference_packets)
{
	struct vec v;

	backends_init();
	for (int b = 0; b < nbackends; b++) {
		vec_initial(&v, false);
		vec_unprotect(&backends[b], &v, a2_packet);
		vec_initial(&v, true);
		vec_unprotect(&backends[b], &v, a3_packet);
		vec_chacha(&v);
		vec_unprotect(&backends[b], &v, a5_packet);
	}
}

static const size_t rand_lens[] = { 0, 1, 15, 16, 17, 1200, 1350, 65000 };

static void rnd(void *p, size_t n)
{
	uint8_t *b = p;

	for (size_t i = 0; i < n; i++)
		b[i] = (uint8_t)(random() >> 7);
}

/* ipsec-mb and OpenSSL agree on every cipher and length; open round-trips. */
QOE_TEST(backends_agree_and_round_trip)
{
	struct qoe_crypto *imb = &backends[0], *ossl = &backends[1];
	uint8_t key[32], nonce[QOE_IV_LEN], aad[64], tag_a[16], tag_b[16];
	uint8_t *pt = malloc(65000), *ca = malloc(65000), *cb = malloc(65000);

	backends_init();
	srandom(9001);
	for (size_t ci = 0; ci < qoe_cipher_count(); ci++) {
		unsigned int cipher = qoe_ciphers()[ci].id;
		size_t klen = qoe_cipher_key_len(cipher);

		for (size_t li = 0; li < sizeof(rand_lens) / sizeof(rand_lens[0]); li++) {
			size_t len = rand_lens[li], aad_len = (size_t)random() % (QOE_AEAD_MAX_AAD + 1);
			void *ka, *kb;

			rnd(key, klen);
			rnd(nonce, sizeof(nonce));
			rnd(aad, aad_len);
			rnd(pt, len);
			ka = imb->ops->aead_new(imb->priv, cipher, key, klen);
			kb = ossl->ops->aead_new(ossl->priv, cipher, key, klen);
			QOE_EXPECT(ka && kb);
			if (!ka || !kb)
				continue;
			QOE_EXPECT_EQ(imb->ops->seal(imb->priv, ka, nonce, aad,
						     aad_len, pt, ca, len,
						     tag_a), 0);
			QOE_EXPECT_EQ(ossl->ops->seal(ossl->priv, kb, nonce, aad,
						      aad_len, pt, cb, len,
						      tag_b), 0);
			if (memcmp(ca, cb, len) || memcmp(tag_a, tag_b, 16))
				QOE_FAIL("cipher %u len %zu: backends differ",
					 cipher, len);
			if (len >= 16 && !memcmp(ca, pt, len))
				QOE_FAIL("cipher %u len %zu: no encryption",
					 cipher, len);
			/* Cross-open, in place, each backend on the other's output. */
			QOE_EXPECT_EQ(imb->ops->open(imb->priv, ka, nonce, aad,
						     aad_len, cb, cb, len,
						     tag_b), 0);
			QOE_EXPECT_EQ(ossl->ops->open(ossl->priv, kb, nonce, aad,
						      aad_len, ca, ca, len,
						      tag_a), 0);
			QOE_EXPECT_MEM(cb, pt, len);
			QOE_EXPECT_MEM(ca, pt, len);
			imb->ops->aead_free(imb->priv, ka);
			ossl->ops->aead_free(ossl->priv, kb);
		}
	}
	free(pt);
	free(ca);
	free(cb);
}

enum corrupt { CORRUPT_TAG, CORRUPT_CT, CORRUPT_AAD, CORRUPT_NONCE };

/* A forged packet fails with -EBADMSG and, in place, leaves the buffer as is. */
QOE_TEST(open_rejects_forgery_and_restores_buffer)
{
	uint8_t key[32], nonce[QOE_IV_LEN], aad[64], tag[16];
	uint8_t *pt = malloc(65000), *ct = malloc(65000), *buf = malloc(65000);

	backends_init();
	srandom(5);
	for (int b = 0; b < nbackends; b++) {
		const struct qoe_crypto *c = &backends[b];

		for (size_t ci = 0; ci < qoe_cipher_count(); ci++) {
			unsigned int cipher = qoe_ciphers()[ci].id;
			size_t klen = qoe_cipher_key_len(cipher);

			for (size_t li = 0; li < sizeof(rand_lens) / sizeof(rand_lens[0]); li++) {
				size_t len = rand_lens[li], aad_len = 1 + (size_t)random() % QOE_AEAD_MAX_AAD;
				void *k;

				rnd(key, klen);
				rnd(nonce, sizeof(nonce));
				rnd(aad, aad_len);
				rnd(pt, len);
				k = c->ops->aead_new(c->priv, cipher, key, klen);
				QOE_EXPECT(k != NULL);
				if (!k)
					continue;
				QOE_EXPECT_EQ(c->ops->seal(c->priv, k, nonce, aad,
							   aad_len, pt, ct, len,
							   tag), 0);
				for (int w = CORRUPT_TAG; w <= CORRUPT_NONCE; w++) {
					uint8_t t[16], a[64], n[QOE_IV_LEN];
					size_t pos;

					if (w == CORRUPT_CT && !len)
						continue;
					memcpy(t, tag, 16);
					memcpy(a, aad, aad_len);
					memcpy(n, nonce, sizeof(n));
					memcpy(buf, ct, len);
					if (w == CORRUPT_TAG)
						t[random() % 16] ^= 0x04;
					else if (w == CORRUPT_AAD)
						a[random() % aad_len] ^= 0x01;
					else if (w == CORRUPT_NONCE)
						n[random() % sizeof(n)] ^= 0x80;
					pos = len ? (size_t)random() % len : 0;
					if (w == CORRUPT_CT)
						buf[pos] ^= 0x10;
					if (c->ops->open(c->priv, k, n, a, aad_len,
							 buf, buf, len, t) != -EBADMSG)
						QOE_FAIL("%s cipher %u len %zu corruption %d accepted",
							 c->ops->name, cipher, len, w);
					if (w == CORRUPT_CT)
						buf[pos] ^= 0x10;	/* undo to compare */
					if (memcmp(buf, ct, len))
						QOE_FAIL("%s cipher %u len %zu corruption %d: buffer changed",
							 c->ops->name, cipher, len, w);
				}
				/* Out of place: no unauthenticated plaintext leaks. */
				if (len) {
					uint8_t t[16];

					memcpy(t, tag, 16);
					t[0] ^= 1;
					QOE_EXPECT_EQ(c->ops->open(c->priv, k, nonce,
								   aad, aad_len, ct,
								   buf, len, t),
						      -EBADMSG);
					for (size_t i = 0; i < len; i++)
						if (buf[i]) {
							QOE_FAIL("%s: plaintext left after failed open",
								 c->ops->name);
							break;
						}
				}
				/* The key still works after failures. */
				memcpy(buf, ct, len);
				QOE_EXPECT_EQ(c->ops->open(c->priv, k, nonce, aad,
							   aad_len, buf, buf, len,
							   tag), 0);
				QOE_EXPECT_MEM(buf, pt, len);
				c->ops->aead_free(c->priv, k);
			}
		}
	}
	free(pt);
	free(ct);
	free(buf);
}

QOE_TEST(hp_masks_agree)
{
	uint8_t key[32], sample[16], m[2][5];

	backends_init();
	srandom(77);
	for (size_t ci = 0; ci < qoe_cipher_count(); ci++) {
		unsigned int cipher = qoe_ciphers()[ci].id;
		size_t klen = qoe_cipher_key_len(cipher);
		void *h[2];

		rnd(key, klen);
		for (int b = 0; b < 2; b++)
			h[b] = backends[b].ops->hp_new(backends[b].priv, cipher,
						       key, klen);
		QOE_EXPECT(h[0] && h[1]);
		if (!h[0] || !h[1])
			continue;
		for (int i = 0; i < 200; i++) {
			rnd(sample, sizeof(sample));
			for (int b = 0; b < 2; b++)
				QOE_EXPECT_EQ(backends[b].ops->hp_mask(backends[b].priv,
								       h[b], sample,
								       m[b]), 0);
			if (memcmp(m[0], m[1], 5)) {
				QOE_FAIL("cipher %u: HP masks differ", cipher);
				break;
			}
		}
		for (int b = 0; b < 2; b++)
			backends[b].ops->hp_free(backends[b].priv, h[b]);
	}
}

QOE_TEST(bad_keys_and_arguments_rejected)
{
	uint8_t key[32] = { 1 }, nonce[QOE_IV_LEN] = { 0 }, tag[16], buf[16];

	backends_init();
	for (int b = 0; b < nbackends; b++) {
		const struct qoe_crypto *c = &backends[b];
		void *k;

		QOE_EXPECT(!c->ops->aead_new(c->priv, 0, key, 16));
		QOE_EXPECT(!c->ops->aead_new(c->priv, 99, key, 32));
		QOE_EXPECT(!c->ops->aead_new(c->priv, QOE_CIPHER_AES_128_GCM,
					     key, 32));
		QOE_EXPECT(!c->ops->aead_new(c->priv, QOE_CIPHER_AES_256_GCM,
					     key, 16));
		QOE_EXPECT(!c->ops->aead_new(c->priv, QOE_CIPHER_AES_128_GCM,
					     NULL, 16));
		QOE_EXPECT(!c->ops->hp_new(c->priv, 7, key, 16));
		QOE_EXPECT(!c->ops->hp_new(c->priv,
					   QOE_CIPHER_CHACHA20_POLY1305, key,
					   16));
		k = c->ops->aead_new(c->priv, QOE_CIPHER_AES_128_GCM, key, 16);
		QOE_EXPECT(k != NULL);
		if (!k)
			continue;
		QOE_EXPECT_EQ(c->ops->seal(c->priv, NULL, nonce, NULL, 0, buf,
					   buf, 16, tag), -EINVAL);
		QOE_EXPECT_EQ(c->ops->seal(c->priv, k, nonce, NULL, 5, buf,
					   buf, 16, tag), -EINVAL);
		QOE_EXPECT_EQ(c->ops->open(c->priv, k, nonce, NULL, 0, NULL,
					   buf, 16, tag), -EINVAL);
		/* Empty payload and AAD: still authenticated. */
		QOE_EXPECT_EQ(c->ops->seal(c->priv, k, nonce, NULL, 0, NULL,
					   NULL, 0, tag), 0);
		QOE_EXPECT_EQ(c->ops->open(c->priv, k, nonce, NULL, 0, NULL,
					   NULL, 0, tag), 0);
		tag[3] ^= 1;
		QOE_EXPECT_EQ(c->ops->open(c->priv, k, nonce, NULL, 0, NULL,
					   NULL, 0, tag), -EBADMSG);
		c->ops->aead_free(c->priv, k);
	}
}

/* Another user of ipsec-mb in the process whose direct-API calls fail. */
static atomic_bool imb_user_stop;

static void *imb_failing_user(void *arg)
{
	IMB_MGR *m = alloc_mb_mgr(0);
	uint8_t buf[16] = { 0 }, iv[QOE_IV_LEN] = { 0 }, tag[16];
	struct gcm_context_data ctx;

	(void)arg;
	if (!m)
		return NULL;
	init_mb_mgr_auto(m, NULL);
	while (!atomic_load(&imb_user_stop))	/* no key: an error each time */
		IMB_AES128_GCM_ENC(m, NULL, &ctx, buf, buf, sizeof(buf), iv,
				   NULL, 0, tag, sizeof(tag));
	free_mb_mgr(m);
	return NULL;
}

/*
 * ipsec-mb's direct API reports errors in one process-wide variable, which
 * every call on every thread writes.  A seal on one lcore must not fail
 * because another thread's call failed (nor slow down reading it).
 */
QOE_TEST(ipsecmb_seal_ignores_other_threads_errors)
{
	uint8_t key[16] = { 7 }, nonce[QOE_IV_LEN] = { 0 }, buf[1200] = { 0 };
	uint8_t tag[16];
	const struct qoe_crypto *c;
	unsigned int bad = 0;
	pthread_t t;
	void *k;

	backends_init();
	c = &backends[0];	/* ipsec-mb */
	k = c->ops->aead_new(c->priv, QOE_CIPHER_AES_128_GCM, key, sizeof(key));
	QOE_EXPECT(k != NULL);
	if (!k)
		return;
	atomic_store(&imb_user_stop, false);
	QOE_EXPECT_EQ(pthread_create(&t, NULL, imb_failing_user, NULL), 0);
	for (unsigned int i = 0; i < 20000; i++)
		bad += c->ops->seal(c->priv, k, nonce, buf, 13, buf + 13, buf + 13,
				    sizeof(buf) - 13 - 16, tag) != 0;
	atomic_store(&imb_user_stop, true);
	pthread_join(t, NULL);
	if (bad)
		QOE_FAIL("%u of 20000 seals failed while another thread's ipsec-mb calls did",
			 bad);
	c->ops->aead_free(c->priv, k);
}

/*
 * Nor may a key install: ipsec-mb's imb_get_errno(mgr) falls back to the
 * process-wide status when the manager's own is 0, so checking it after
 * a key expansion reported whatever another thread's call last left
 * there (and for a per-core backend, the status of another copy).
 */
QOE_TEST(ipsecmb_key_setup_ignores_other_threads_errors)
{
	struct qoe_crypto own = { 0 };
	uint8_t key[32] = { 3 };
	unsigned int bad = 0, tries = 0;
	pthread_t t;

	backends_init();
	QOE_EXPECT_EQ(qoe_crypto_ipsecmb_init_per_core(&own), 0);
	if (!own.ops)
		return;
	atomic_store(&imb_user_stop, false);
	QOE_EXPECT_EQ(pthread_create(&t, NULL, imb_failing_user, NULL), 0);
	for (unsigned int i = 0; i < 500; i++) {
		const struct qoe_crypto *c = i & 1 ? &own : &backends[0];

		for (size_t ci = 0; ci < qoe_cipher_count(); ci++) {
			unsigned int cipher = qoe_ciphers()[ci].id;
			size_t klen = qoe_cipher_key_len(cipher);
			void *a = c->ops->aead_new(c->priv, cipher, key, klen);
			void *h = c->ops->hp_new(c->priv, cipher, key, klen);

			tries += 2;
			bad += !a + !h;
			if (a)
				c->ops->aead_free(c->priv, a);
			if (h)
				c->ops->hp_free(c->priv, h);
		}
	}
	atomic_store(&imb_user_stop, true);
	pthread_join(t, NULL);
	if (bad)
		QOE_FAIL("%u of %u key installs failed while another thread's ipsec-mb calls did",
			 bad, tries);
	qoe_crypto_fini(&own);
}

/*
 * Per-core backends each get a copy of ipsec-mb of their own: an error in
 * one copy's direct API shows in that copy's process-wide status only,
 * and a good call on the other resets only its own (with one shared copy
 * both would be the same variable, written by every core's every call).
 */
QOE_TEST(ipsecmb_per_core_copies_have_their_own_error_status)
{
	uint8_t key[16] = { 1 }, buf[64] = { 0 }, iv[QOE_IV_LEN] = { 0 }, tag[16];
	struct qoe_imb_copy *a = qoe_imb_copy_get(true), *b = qoe_imb_copy_get(true);
	struct gcm_key_data gk __attribute__((aligned(64)));
	struct gcm_context_data ctx;
	IMB_MGR *ma = NULL, *mb = NULL;

	if (!qoe_imb_copy_is_private(a) || !qoe_imb_copy_is_private(b) || a == b) {
		QOE_FAIL("two per-core requests got copies %p (%s) and %p (%s)",
			 (void *)a, qoe_imb_copy_is_private(a) ? "own" : "shared",
			 (void *)b, qoe_imb_copy_is_private(b) ? "own" : "shared");
		goto out;
	}
	ma = qoe_imb_copy_mgr_new(a);
	mb = qoe_imb_copy_mgr_new(b);
	QOE_EXPECT(ma && mb);
	if (!ma || !mb)
		goto out;
	IMB_AES128_GCM_PRE(mb, key, &gk);
	IMB_AES128_GCM_ENC(ma, NULL, &ctx, buf, buf, sizeof(buf), iv, NULL, 0,
			   tag, sizeof(tag));
	if (!qoe_imb_copy_global_errno(a))
		QOE_FAIL("a call without a key left copy A's error status 0");
	IMB_AES128_GCM_ENC(mb, &gk, &ctx, buf, buf, sizeof(buf), iv, NULL, 0,
			   tag, sizeof(tag));
	QOE_EXPECT_EQ(qoe_imb_copy_global_errno(b), 0);
	if (!qoe_imb_copy_global_errno(a))
		QOE_FAIL("copy B's good call reset copy A's error status: one variable");
out:
	if (ma)
		qoe_imb_copy_mgr_free(ma);
	if (mb)
		qoe_imb_copy_mgr_free(mb);
	qoe_imb_copy_put(a);
	qoe_imb_copy_put(b);
}

/* A per-core backend's packets equal the shared one's, for every cipher. */
static void per_core_matches_shared(struct qoe_crypto *pc, unsigned int round)
{
	const struct qoe_crypto *ref = &backends[0];
	uint8_t key[32], nonce[QOE_IV_LEN], aad[32], pt[1350], ca[1350], cb[1350];
	uint8_t ta[16], tb[16];

	for (size_t ci = 0; ci < qoe_cipher_count(); ci++) {
		unsigned int cipher = qoe_ciphers()[ci].id;
		size_t klen = qoe_cipher_key_len(cipher);
		void *ka, *kb;

		rnd(key, klen);
		rnd(nonce, sizeof(nonce));
		rnd(aad, sizeof(aad));
		rnd(pt, sizeof(pt));
		ka = pc->ops->aead_new(pc->priv, cipher, key, klen);
		kb = ref->ops->aead_new(ref->priv, cipher, key, klen);
		if (!ka || !kb)
			QOE_FAIL("round %u cipher %u: no key from the %s backend",
				 round, cipher, ka ? "shared" : "per-core");
		if (ka && kb &&
		    (pc->ops->seal(pc->priv, ka, nonce, aad, 25, pt, ca, sizeof(pt), ta) ||
		     ref->ops->seal(ref->priv, kb, nonce, aad, 25, pt, cb, sizeof(pt), tb) ||
		     memcmp(ca, cb, sizeof(ca)) || memcmp(ta, tb, 16) ||
		     pc->ops->open(pc->priv, ka, nonce, aad, 25, cb, cb, sizeof(pt), tb) ||
		     memcmp(cb, pt, sizeof(pt))))
			QOE_FAIL("round %u cipher %u: per-core backend differs from the shared one",
				 round, cipher);
		if (ka)
			pc->ops->aead_free(pc->priv, ka);
		if (kb)
			ref->ops->aead_free(ref->priv, kb);
	}
}

/*
 * Copies go back to the pool: many more per-core backends than glibc has
 * namespaces, two alive at a time, each with a copy of its own.
 */
QOE_TEST(ipsecmb_per_core_backends_reuse_copies)
{
	backends_init();
	srandom(4242);
	for (unsigned int round = 0; round < 40; round++) {
		struct qoe_crypto pc[2] = { 0 };

		for (int i = 0; i < 2; i++) {
			QOE_EXPECT_EQ(qoe_crypto_ipsecmb_init_per_core(&pc[i]), 0);
			if (!pc[i].ops)
				return;
			if (!qoe_crypto_ipsecmb_own_copy(&pc[i]))
				QOE_FAIL("round %u: per-core backend %d shares the linked ipsec-mb",
					 round, i);
			per_core_matches_shared(&pc[i], round);
		}
		qoe_crypto_fini(&pc[0]);
		qoe_crypto_fini(&pc[1]);
	}
	QOE_EXPECT(!qoe_crypto_ipsecmb_own_copy(&backends[0]));
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

#define SPEED_RUNS 7

/*
 * Per-op timings, median of SPEED_RUNS.  Under `make check` this runs a few
 * iterations only and checks that the timed operations succeed.
 */
QOE_TEST(speed)
{
	static const char *const names[] = { "", "aes-128-gcm", "aes-256-gcm",
					     "chacha20-poly1305" };
	bool verbose = getenv("QOE_CRYPTO_SPEED") != NULL;
	int iters = verbose ? 200000 : 50;
	uint8_t key[32], nonce[QOE_IV_LEN], aad[24], tag[16], sample[16];
	uint8_t mask[5], pkt[1350], ct[1350];

	backends_init();
	rnd(key, sizeof(key));
	rnd(nonce, sizeof(nonce));
	rnd(aad, sizeof(aad));
	rnd(pkt, sizeof(pkt));
	rnd(sample, sizeof(sample));
	for (int b = 0; b < nbackends; b++) {
		const struct qoe_crypto *c = &backends[b];

		for (size_t ci = 0; ci < qoe_cipher_count(); ci++) {
			unsigned int cipher = qoe_ciphers()[ci].id;
			size_t klen = qoe_cipher_key_len(cipher);
			void *k = c->ops->aead_new(c->priv, cipher, key, klen);
			void *h = c->ops->hp_new(c->priv, cipher, key, klen);
			uint64_t seal[SPEED_RUNS], open[SPEED_RUNS], hp[SPEED_RUNS];
			int err = 0;

			QOE_EXPECT(k && h);
			if (!k || !h)
				continue;
			for (int r = 0; r < SPEED_RUNS; r++) {
				uint64_t t0 = now_ns();

				for (int i = 0; i < iters; i++) {
					nonce[11] = (uint8_t)i;
					err |= c->ops->seal(c->priv, k, nonce, aad,
							    sizeof(aad), pkt, pkt,
							    sizeof(pkt), tag);
				}
				seal[r] = (now_ns() - t0) / (uint64_t)iters;
				/* pkt now holds the last packet, sealed under nonce. */
				t0 = now_ns();
				for (int i = 0; i < iters; i++)
					err |= c->ops->open(c->priv, k, nonce, aad,
							    sizeof(aad), pkt, ct,
							    sizeof(pkt), tag);
				open[r] = (now_ns() - t0) / (uint64_t)iters;
				t0 = now_ns();
				for (int i = 0; i < iters; i++) {
					sample[0] = (uint8_t)i;
					err |= c->ops->hp_mask(c->priv, h, sample,
							       mask);
				}
				hp[r] = (now_ns() - t0) / (uint64_t)iters;
			}
			QOE_EXPECT_EQ(err, 0);
			qsort(seal, SPEED_RUNS, sizeof(seal[0]), cmp_u64);
			qsort(open, SPEED_RUNS, sizeof(open[0]), cmp_u64);
			qsort(hp, SPEED_RUNS, sizeof(hp[0]), cmp_u64);
			if (verbose)
				printf("  %-9s %-18s 1350 B seal %5llu ns (%.2f GB/s)  open %5llu ns  hp mask %4llu ns\n",
				       c->ops->name, names[cipher],
				       (unsigned long long)seal[SPEED_RUNS / 2],
				       1350.0 / (double)(seal[SPEED_RUNS / 2] + 1),
				       (unsigned long long)open[SPEED_RUNS / 2],
				       (unsigned long long)hp[SPEED_RUNS / 2]);
			c->ops->aead_free(c->priv, k);
			c->ops->hp_free(c->priv, h);
		}
	}
}
