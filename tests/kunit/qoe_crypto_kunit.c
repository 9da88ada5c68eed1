// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit: the kernel crypto backend against RFC 9001 appendix A vectors.
 */
#include <kunit/test.h>
#include <linux/slab.h>

#include "qoe_crypto_kernel.h"
#include "qoe_rfc9001_a5.h"

/* iv e0459b3474bdd0e44a41c144 XOR pn 654360564 */
static const u8 a5_nonce[12] = {
	0xe0, 0x45, 0x9b, 0x34, 0x74, 0xbd, 0xd0, 0xe4, 0x6d, 0x41, 0x7e, 0xb0,
};

/* RFC 9001 A.2: client Initial, AES-128-GCM */
static const u8 a2_key[16] = {
	0x1f, 0x36, 0x96, 0x13, 0xdd, 0x76, 0xd5, 0x46, 0x77, 0x30, 0xef, 0xcb,
	0xe3, 0xb1, 0xa2, 0x2d,
};

/* iv fa044b2f42a3fd3b46fb255c XOR pn 2 */
static const u8 a2_nonce[12] = {
	0xfa, 0x04, 0x4b, 0x2f, 0x42, 0xa3, 0xfd, 0x3b, 0x46, 0xfb, 0x25, 0x5e,
};

static const u8 a2_hp[16] = {
	0x9f, 0x50, 0x44, 0x9e, 0x04, 0xa0, 0xe8, 0x10, 0x28, 0x3a, 0x1e, 0x99,
	0x33, 0xad, 0xed, 0xd2,
};

static const u8 a2_sample[16] = {
	0xd1, 0xb1, 0xc9, 0x8d, 0xd7, 0x68, 0x9f, 0xb8, 0xec, 0x11, 0xd2, 0x42,
	0xb1, 0x23, 0xdc, 0x9b,
};

static const u8 a2_mask[5] = { 0x43, 0x7b, 0x9a, 0xec, 0x36 };

static const u8 a2_hdr[22] = {
	0xc3, 0x00, 0x00, 0x00, 0x01, 0x08, 0x83, 0x94, 0xc8, 0xf0, 0x3e, 0x51,
	0x57, 0x08, 0x00, 0x00, 0x44, 0x9e, 0x00, 0x00, 0x00, 0x02,
};

/* the first 34 bytes of the A.2 CRYPTO frame */
static const u8 a2_plain[34] = {
	0x06, 0x00, 0x40, 0xf1, 0x01, 0x00, 0x00, 0xed, 0x03, 0x03, 0xeb, 0xf8,
	0xfa, 0x56, 0xf1, 0x29, 0x39, 0xb6, 0x20, 0xe3, 0x9a, 0x9b, 0x81, 0xa8,
	0x3d, 0xb5, 0x2b, 0x3c, 0x1a, 0x0b, 0x2d, 0x2a, 0xd5, 0xe2,
};

/*
 * Reference from Python cryptography's AESGCM; its first 16 bytes are the
 * RFC's own sample, since GCM's keystream does not depend on the length.
 */
static const u8 a2_sealed[34 + 16] = {
	0xd1, 0xb1, 0xc9, 0x8d, 0xd7, 0x68, 0x9f, 0xb8, 0xec, 0x11, 0xd2, 0x42,
	0xb1, 0x23, 0xdc, 0x9b, 0xd8, 0xb5, 0xc1, 0x9f, 0x16, 0x70, 0x54, 0x6a,
	0xcc, 0xd2, 0x98, 0xf4, 0xa8, 0x2d, 0x52, 0x2f, 0xf6, 0xd1, 0x9d, 0x26,
	0xbb, 0x2e, 0x32, 0x34, 0x06, 0xf9, 0x02, 0x32, 0xb3, 0x96, 0x71, 0xbe,
	0x43, 0xa3,
};

static const struct qoe_crypto_ops *ops = &qoe_crypto_kernel_ops;

static void *aead_or_fail(struct kunit *test, enum qoe_cipher c,
			  const u8 *key, size_t len)
{
	void *ctx = ops->aead_new(NULL, c, key, len);

	KUNIT_ASSERT_NOT_NULL(test, ctx);
	return ctx;
}

static u8 *dup(struct kunit *test, const void *src, size_t len)
{
	u8 *p = kunit_kmalloc(test, len, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	memcpy(p, src, len);
	return p;
}

static void qoe_crypto_a5_chacha_seal(struct kunit *test)
{
	void *a = aead_or_fail(test, QOE_CIPHER_CHACHA20_POLY1305, a5_key, 32);
	u8 *pkt = kunit_kzalloc(test, 21, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, pkt);
	memcpy(pkt, a5_hdr, 4);
	pkt[4] = 0x01;
	/* in place, tag right after the payload as the engine does */
	KUNIT_ASSERT_EQ(test, ops->seal(NULL, a, a5_nonce, pkt, 4, pkt + 4,
					pkt + 4, 1, pkt + 5), 0);
	KUNIT_EXPECT_MEMEQ(test, pkt + 4, a5_wire + 4, 17);
	ops->aead_free(NULL, a);
}

static void qoe_crypto_a5_chacha_hp(struct kunit *test)
{
	void *h = ops->hp_new(NULL, QOE_CIPHER_CHACHA20_POLY1305, a5_hp, 32);
	u8 mask[5] = {};
	u8 hdr[4];
	int i;

	KUNIT_ASSERT_NOT_NULL(test, h);
	KUNIT_ASSERT_EQ(test, ops->hp_mask(NULL, h, a5_wire + 5, mask), 0);
	KUNIT_EXPECT_MEMEQ(test, mask, a5_mask, 5);
	memcpy(hdr, a5_hdr, 4);
	hdr[0] ^= mask[0] & 0x1f;
	for (i = 0; i < 3; i++)
		hdr[1 + i] ^= mask[1 + i];
	KUNIT_EXPECT_MEMEQ(test, hdr, a5_wire, 4);
	/* a second call on the same context gives the same mask */
	memset(mask, 0, 5);
	KUNIT_ASSERT_EQ(test, ops->hp_mask(NULL, h, a5_wire + 5, mask), 0);
	KUNIT_EXPECT_MEMEQ(test, mask, a5_mask, 5);
	ops->hp_free(NULL, h);
}

static void qoe_crypto_a5_chacha_open(struct kunit *test)
{
	void *a = aead_or_fail(test, QOE_CIPHER_CHACHA20_POLY1305, a5_key, 32);
	u8 *pkt = dup(test, a5_wire, 21);
	u8 *out = kunit_kzalloc(test, 1, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, out);
	/* out of place first: the input must stay untouched */
	KUNIT_ASSERT_EQ(test, ops->open(NULL, a, a5_nonce, a5_hdr, 4, pkt + 4,
					out, 1, pkt + 5), 0);
	KUNIT_EXPECT_EQ(test, out[0], 0x01);
	KUNIT_EXPECT_MEMEQ(test, pkt, a5_wire, 21);
	KUNIT_ASSERT_EQ(test, ops->open(NULL, a, a5_nonce, a5_hdr, 4, pkt + 4,
					pkt + 4, 1, pkt + 5), 0);
	KUNIT_EXPECT_EQ(test, pkt[4], 0x01);
	ops->aead_free(NULL, a);
}

static void qoe_crypto_a2_aes_hp(struct kunit *test)
{
	void *h = ops->hp_new(NULL, QOE_CIPHER_AES_128_GCM, a2_hp, 16);
	u8 mask[5] = {};

	KUNIT_ASSERT_NOT_NULL(test, h);
	KUNIT_ASSERT_EQ(test, ops->hp_mask(NULL, h, a2_sample, mask), 0);
	KUNIT_EXPECT_MEMEQ(test, mask, a2_mask, 5);
	ops->hp_free(NULL, h);
}

static void qoe_crypto_a2_aes_seal_open(struct kunit *test)
{
	void *a = aead_or_fail(test, QOE_CIPHER_AES_128_GCM, a2_key, 16);
	u8 *hdr = dup(test, a2_hdr, sizeof(a2_hdr));
	u8 *in = dup(test, a2_plain, 34);
	u8 *out = kunit_kzalloc(test, 34 + 16, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, out);
	KUNIT_ASSERT_EQ(test, ops->seal(NULL, a, a2_nonce, hdr, 22, in, out,
					34, out + 34), 0);
	KUNIT_EXPECT_MEMEQ(test, out, a2_sealed, 50);
	KUNIT_EXPECT_MEMEQ(test, out, a2_sample, 16);
	KUNIT_EXPECT_MEMEQ(test, in, a2_plain, 34);
	KUNIT_ASSERT_EQ(test, ops->open(NULL, a, a2_nonce, hdr, 22, out, out,
					34, out + 34), 0);
	KUNIT_EXPECT_MEMEQ(test, out, a2_plain, 34);
	ops->aead_free(NULL, a);
}

/*
 * The open() contract: a failed in-place open leaves every byte as it was.
 * gcm(aes) decrypts before it verifies, so this fails without the restore.
 */
/*
 * AES-128-CCM with QUIC's 12-byte nonce and 16-byte tag (RFC 9001 5.3 has
 * no CCM example): a vector from OpenSSL's AES-CCM, which ipsec-mb agrees
 * with byte for byte and which opened a GnuTLS connection in
 * tests/dpdk replay_ccm.  The kernel's ccm(aes) is a third implementation.
 */
static const u8 ccm_key[16] = {
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
	0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
};

static const u8 ccm_nonce[12] = {
	0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xcb,
};

static const u8 ccm_hdr[13] = {
	0x41, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x00, 0x00, 0x00,
	0x07,
};

static const char ccm_plain[] = "QUIC short header payload, AES-128-CCM!!";
static const u8 ccm_sealed[40 + 16] = {
	0xef, 0x34, 0xee, 0x05, 0xc1, 0x08, 0x45, 0x8b, 0xc5, 0x7e, 0x3b, 0x0a,
	0x6b, 0x0b, 0xca, 0xed, 0x39, 0xdf, 0x35, 0xd0, 0x67, 0x7f, 0xbf, 0x48,
	0xcd, 0x64, 0x6b, 0x55, 0x38, 0xb0, 0x80, 0x5a, 0x5a, 0x78, 0x5c, 0x7c,
	0x45, 0xd6, 0x78, 0x8f, 0x3f, 0xce, 0xc7, 0x6b, 0x90, 0xbb, 0x10, 0x71,
	0x7b, 0x02, 0xaf, 0x64, 0xdb, 0x44, 0x7b, 0xc1,
};

static void qoe_crypto_ccm_vector(struct kunit *test)
{
	void *a = aead_or_fail(test, QOE_CIPHER_AES_128_CCM, ccm_key, 16);
	u8 *buf = kunit_kzalloc(test, 40 + 16, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	memcpy(buf, ccm_plain, 40);
	KUNIT_ASSERT_EQ(test, ops->seal(NULL, a, ccm_nonce, ccm_hdr, 13, buf,
					buf, 40, buf + 40), 0);
	KUNIT_EXPECT_MEMEQ(test, buf, ccm_sealed, 40 + 16);
	KUNIT_ASSERT_EQ(test, ops->open(NULL, a, ccm_nonce, ccm_hdr, 13, buf,
					buf, 40, buf + 40), 0);
	KUNIT_EXPECT_MEMEQ(test, buf, ccm_plain, 40);
	ops->aead_free(NULL, a);
}

static void qoe_crypto_failed_open_restores(struct kunit *test)
{
	static const struct {
		enum qoe_cipher c;
		const u8 *key;
		size_t key_len;
		const u8 *nonce;
	} cases[] = {
		{ QOE_CIPHER_AES_128_GCM, a2_key, 16, a2_nonce },
		{ QOE_CIPHER_CHACHA20_POLY1305, a5_key, 32, a5_nonce },
		{ QOE_CIPHER_AES_128_CCM, ccm_key, 16, ccm_nonce },
	};
	int i, flip;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		void *a = aead_or_fail(test, cases[i].c, cases[i].key,
				       cases[i].key_len);
		u8 *buf = kunit_kzalloc(test, 34 + 16, GFP_KERNEL);
		u8 *ref = kunit_kzalloc(test, 34 + 16, GFP_KERNEL);
		u8 *plain = dup(test, a2_plain, 34);

		KUNIT_ASSERT_NOT_NULL(test, buf);
		KUNIT_ASSERT_NOT_NULL(test, ref);
		KUNIT_ASSERT_EQ(test, ops->seal(NULL, a, cases[i].nonce, a2_hdr,
						22, plain, buf, 34,
						buf + 34), 0);
		/* flip a tag bit, a ciphertext bit, then an AAD bit */
		for (flip = 0; flip < 3; flip++) {
			u8 hdr[22];

			memcpy(hdr, a2_hdr, sizeof(hdr));
			if (flip == 0)
				buf[34 + 5] ^= 0x10;
			else if (flip == 1)
				buf[7] ^= 0x01;
			else
				hdr[3] ^= 0x80;
			memcpy(ref, buf, 50);
			KUNIT_EXPECT_EQ(test,
					ops->open(NULL, a, cases[i].nonce, hdr,
						  22, buf, buf, 34, buf + 34),
					-EBADMSG);
			KUNIT_EXPECT_MEMEQ(test, buf, ref, 50);
			if (flip == 0)
				buf[34 + 5] ^= 0x10;
			else if (flip == 1)
				buf[7] ^= 0x01;
		}
		ops->aead_free(NULL, a);
	}
}

static void qoe_crypto_aes256_roundtrip(struct kunit *test)
{
	u8 key[32];
	void *a, *h;
	u8 *buf = kunit_kzalloc(test, 1200 + 16, GFP_KERNEL);
	u8 mask[5];
	int i;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (i = 0; i < 32; i++)
		key[i] = i;
	for (i = 0; i < 1200; i++)
		buf[i] = (u8)(i * 7);
	a = aead_or_fail(test, QOE_CIPHER_AES_256_GCM, key, 32);
	KUNIT_ASSERT_EQ(test, ops->seal(NULL, a, a5_nonce, a5_hdr, 4, buf, buf,
					1200, buf + 1200), 0);
	for (i = 0; i < 1200; i++)
		if (buf[i] != (u8)(i * 7))
			break;
	KUNIT_EXPECT_LT(test, i, 16);
	KUNIT_ASSERT_EQ(test, ops->open(NULL, a, a5_nonce, a5_hdr, 4, buf, buf,
					1200, buf + 1200), 0);
	for (i = 0; i < 1200; i++)
		if (buf[i] != (u8)(i * 7))
			break;
	KUNIT_EXPECT_EQ(test, i, 1200);
	ops->aead_free(NULL, a);
	h = ops->hp_new(NULL, QOE_CIPHER_AES_256_GCM, key, 32);
	KUNIT_ASSERT_NOT_NULL(test, h);
	KUNIT_EXPECT_EQ(test, ops->hp_mask(NULL, h, a2_sample, mask), 0);
	ops->hp_free(NULL, h);
}

static void qoe_crypto_bad_params(struct kunit *test)
{
	KUNIT_EXPECT_NULL(test, ops->aead_new(NULL, QOE_CIPHER_AES_128_GCM,
					      a5_key, 32));
	KUNIT_EXPECT_NULL(test, ops->aead_new(NULL, 0, a2_key, 16));
	KUNIT_EXPECT_NULL(test, ops->aead_new(NULL, 99, a2_key, 16));
	KUNIT_EXPECT_NULL(test, ops->aead_new(NULL,
					      QOE_CIPHER_CHACHA20_POLY1305,
					      a2_key, 16));
	KUNIT_EXPECT_NULL(test, ops->hp_new(NULL, QOE_CIPHER_AES_256_GCM,
					    a2_hp, 16));
	KUNIT_EXPECT_NULL(test, ops->hp_new(NULL, 7, a2_hp, 16));
	KUNIT_EXPECT_EQ(test, ops->hp_mask(NULL, NULL, a2_sample, NULL),
			-EINVAL);
	/* freeing NULL contexts is allowed, as kfree(NULL) is */
	ops->aead_free(NULL, NULL);
	ops->hp_free(NULL, NULL);
}

static struct kunit_case qoe_crypto_cases[] = {
	KUNIT_CASE(qoe_crypto_a5_chacha_seal),
	KUNIT_CASE(qoe_crypto_a5_chacha_hp),
	KUNIT_CASE(qoe_crypto_a5_chacha_open),
	KUNIT_CASE(qoe_crypto_a2_aes_hp),
	KUNIT_CASE(qoe_crypto_a2_aes_seal_open),
	KUNIT_CASE(qoe_crypto_failed_open_restores),
	KUNIT_CASE(qoe_crypto_aes256_roundtrip),
	KUNIT_CASE(qoe_crypto_ccm_vector),
	KUNIT_CASE(qoe_crypto_bad_params),
	{}
};

static struct kunit_suite qoe_crypto_suite = {
	.name = "qoe_crypto",
	.test_cases = qoe_crypto_cases,
};

kunit_test_suite(qoe_crypto_suite);

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
