// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * OpenSSL 3 backend: what a software QUIC stack does per packet (one
 * EVP_CIPHER_CTX per key, IV re-initialised for every packet).  It is the
 * baseline the offload is measured against and a second opinion in tests.
 */
#include "qoe_crypto.h"

#include <limits.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

struct qoe_ossl_key {
	EVP_CIPHER_CTX *ctx;
	enum qoe_cipher cipher;
	/* CCM: OpenSSL's CCM context does not reset between messages unless
	 * keyed again, so each one starts from the key
	 */
	u8 ccm_key[16];
};

static const EVP_CIPHER *qoe_ossl_aead(enum qoe_cipher cipher)
{
	switch (cipher) {
	case QOE_CIPHER_AES_128_GCM:
		return EVP_aes_128_gcm();
	case QOE_CIPHER_AES_256_GCM:
		return EVP_aes_256_gcm();
	case QOE_CIPHER_CHACHA20_POLY1305:
		return EVP_chacha20_poly1305();
	case QOE_CIPHER_AES_128_CCM:
		return EVP_aes_128_ccm();
	default:
		return NULL;
	}
}

static const EVP_CIPHER *qoe_ossl_hp(enum qoe_cipher cipher)
{
	const struct qoe_cipher_desc *d = qoe_cipher_find(cipher);

	if (!d)
		return NULL;
	if (d->hp == QOE_HP_CHACHA20)
		return EVP_chacha20();
	return d->key_len == 16 ? EVP_aes_128_ecb() : EVP_aes_256_ecb();
}

static void qoe_ossl_fini(void *priv)
{
	(void)priv;	/* stateless: OpenSSL keeps its own globals */
}

/* EVP_CIPHER_CTX_free() cleanses the expanded key. */
static void qoe_ossl_key_free(void *priv, void *ctx)
{
	struct qoe_ossl_key *k = ctx;

	(void)priv;
	if (!k)
		return;
	EVP_CIPHER_CTX_free(k->ctx);
	qoe_wipe(k, sizeof(*k));
	qoe_free(k);
}

static void *qoe_ossl_key_new(const EVP_CIPHER *evp, enum qoe_cipher cipher,
			      const u8 *key, size_t key_len)
{
	struct qoe_ossl_key *k;

	if (!evp || !key || key_len != qoe_cipher_key_len(cipher))
		return NULL;
	k = qoe_zalloc(sizeof(*k));
	if (!k)
		return NULL;
	k->cipher = cipher;
	k->ctx = EVP_CIPHER_CTX_new();
	if (!k->ctx)
		goto fail;
	if (EVP_CIPHER_get_mode(evp) == EVP_CIPH_CCM_MODE) {
		/* CCM: nonce and tag lengths come before the key */
		if (EVP_CipherInit_ex(k->ctx, evp, NULL, NULL, NULL, 1) != 1 ||
		    EVP_CIPHER_CTX_ctrl(k->ctx, EVP_CTRL_AEAD_SET_IVLEN,
					QOE_IV_LEN, NULL) != 1 ||
		    EVP_CIPHER_CTX_ctrl(k->ctx, EVP_CTRL_AEAD_SET_TAG,
					QOE_TAG_LEN, NULL) != 1 ||
		    key_len != sizeof(k->ccm_key))
			goto fail;
		memcpy(k->ccm_key, key, key_len);
		evp = NULL;
	}
	if (EVP_CipherInit_ex(k->ctx, evp, NULL, key, NULL, 1) != 1)
		goto fail;
	if (EVP_CIPHER_CTX_get_mode(k->ctx) == EVP_CIPH_ECB_MODE &&
	    EVP_CIPHER_CTX_set_padding(k->ctx, 0) != 1)
		goto fail;
	return k;
fail:
	qoe_ossl_key_free(NULL, k);
	return NULL;
}

static void *qoe_ossl_aead_new(void *priv, enum qoe_cipher cipher,
			       const u8 *key, size_t key_len)
{
	(void)priv;
	return qoe_ossl_key_new(qoe_ossl_aead(cipher), cipher, key, key_len);
}

/*
 * CCM wants the message length before the AAD and takes the expected tag
 * before decrypting; one update each, no final on decrypt (the update
 * checks the tag).  Keyed every time: see struct qoe_ossl_key.
 */
static int qoe_ossl_run_ccm(struct qoe_ossl_key *k, int enc,
			    const u8 nonce[QOE_IV_LEN], const u8 *aad,
			    size_t aad_len, const u8 *in, u8 *out, size_t len,
			    u8 *tag)
{
	EVP_CIPHER_CTX *ctx = k->ctx;
	int outl;

	if (EVP_CipherInit_ex(ctx, NULL, NULL, k->ccm_key, nonce, enc) != 1 ||
	    (!enc && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG,
					 QOE_TAG_LEN, tag) != 1) ||
	    EVP_CipherUpdate(ctx, NULL, &outl, NULL, (int)len) != 1)
		return -EIO;
	if (aad_len &&
	    EVP_CipherUpdate(ctx, NULL, &outl, aad, (int)aad_len) != 1)
		return -EIO;
	if (!enc)
		return EVP_CipherUpdate(ctx, out, &outl, in, (int)len) == 1 ?
			0 : -EBADMSG;
	if (EVP_CipherUpdate(ctx, out, &outl, in, (int)len) != 1 ||
	    EVP_CipherFinal_ex(ctx, out + len, &outl) != 1 ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, QOE_TAG_LEN,
				tag) != 1)
		return -EIO;
	return 0;
}

/* One pass; on encrypt writes the tag, on decrypt checks @tag. */
static int qoe_ossl_run(struct qoe_ossl_key *k, int enc,
			const u8 nonce[QOE_IV_LEN], const u8 *aad,
			size_t aad_len, const u8 *in, u8 *out, size_t len,
			u8 *tag)
{
	EVP_CIPHER_CTX *ctx = k->ctx;
	int outl;

	if (k->cipher == QOE_CIPHER_AES_128_CCM)
		return qoe_ossl_run_ccm(k, enc, nonce, aad, aad_len, in, out,
					len, tag);
	if (EVP_CipherInit_ex(ctx, NULL, NULL, NULL, nonce, enc) != 1)
		return -EIO;
	if (aad_len &&
	    EVP_CipherUpdate(ctx, NULL, &outl, aad, (int)aad_len) != 1)
		return -EIO;
	if (len && EVP_CipherUpdate(ctx, out, &outl, in, (int)len) != 1)
		return -EIO;
	if (!enc) {
		if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG,
					QOE_TAG_LEN, tag) != 1)
			return -EIO;
		/* Constant-time tag check inside the provider. */
		return EVP_CipherFinal_ex(ctx, out + len, &outl) == 1 ?
			0 : -EBADMSG;
	}
	if (EVP_CipherFinal_ex(ctx, out + len, &outl) != 1 ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG,
				QOE_TAG_LEN, tag) != 1)
		return -EIO;
	return 0;
}

static bool qoe_ossl_args_ok(const void *ctx, const u8 *nonce, const u8 *tag,
			     const u8 *aad, size_t aad_len, const u8 *in,
			     const u8 *out, size_t len)
{
	return ctx && nonce && tag && (!aad_len || aad) &&
	       (!len || (in && out)) && aad_len <= INT_MAX && len <= INT_MAX;
}

static int qoe_ossl_seal(void *priv, void *ctx, const u8 nonce[QOE_IV_LEN],
			 const u8 *aad, size_t aad_len, const u8 *in, u8 *out,
			 size_t len, u8 tag[QOE_TAG_LEN])
{
	u8 dummy;

	(void)priv;
	if (!qoe_ossl_args_ok(ctx, nonce, tag, aad, aad_len, in, out, len))
		return -EINVAL;
	return qoe_ossl_run(ctx, 1, nonce, aad, aad_len, in,
			    len ? out : &dummy, len, tag);
}

/*
 * OpenSSL wipes CCM's output when the tag does not match, so in place the
 * ciphertext could not be given back: open into a copy instead.
 */
static int qoe_ossl_open_ccm_in_place(struct qoe_ossl_key *k,
				      const u8 nonce[QOE_IV_LEN],
				      const u8 *aad, size_t aad_len, u8 *buf,
				      size_t len, u8 *tag)
{
	u8 *plain = qoe_zalloc(len);
	int ret;

	if (!plain)
		return -ENOMEM;
	ret = qoe_ossl_run(k, 0, nonce, aad, aad_len, buf, plain, len, tag);
	if (!ret)
		memcpy(buf, plain, len);
	qoe_wipe(plain, len);
	qoe_free(plain);
	return ret;
}

static int qoe_ossl_open(void *priv, void *ctx, const u8 nonce[QOE_IV_LEN],
			 const u8 *aad, size_t aad_len, const u8 *in, u8 *out,
			 size_t len, const u8 tag[QOE_TAG_LEN])
{
	u8 tmp[QOE_TAG_LEN], dummy;
	int ret;

	(void)priv;
	if (!qoe_ossl_args_ok(ctx, nonce, tag, aad, aad_len, in, out, len))
		return -EINVAL;
	if (!len)
		out = &dummy;
	memcpy(tmp, tag, sizeof(tmp));	/* SET_TAG takes a non-const pointer */
	if (in == out && len && ((struct qoe_ossl_key *)ctx)->cipher ==
	    QOE_CIPHER_AES_128_CCM)
		return qoe_ossl_open_ccm_in_place(ctx, nonce, aad, aad_len,
						  out, len, tmp);
	ret = qoe_ossl_run(ctx, 0, nonce, aad, aad_len, in, out, len, tmp);
	if (!ret || !len)
		return ret;
	if (in == out) {
		/* CTR keystream: encrypting the plaintext gives back the input. */
		if (qoe_ossl_run(ctx, 1, nonce, aad, aad_len, out, out, len,
				 tmp))
			return -EIO;
	} else {
		qoe_wipe(out, len);	/* never hand out unauthenticated data */
	}
	return ret;
}

static void *qoe_ossl_hp_new(void *priv, enum qoe_cipher cipher,
			     const u8 *key, size_t key_len)
{
	(void)priv;
	return qoe_ossl_key_new(qoe_ossl_hp(cipher), cipher, key, key_len);
}

static int qoe_ossl_hp_mask(void *priv, void *ctx,
			    const u8 sample[QOE_HP_SAMPLE_LEN],
			    u8 mask[QOE_HP_MASK_LEN])
{
	static const u8 zero[QOE_HP_MASK_LEN];
	struct qoe_ossl_key *k = ctx;
	u8 block[QOE_HP_SAMPLE_LEN];
	int outl;

	(void)priv;
	if (!k || !sample || !mask)
		return -EINVAL;
	if (qoe_cipher_find(k->cipher)->hp == QOE_HP_CHACHA20) {
		/* RFC 9001 5.4.4: IV = counter (sample[0..3], LE) || nonce. */
		if (EVP_EncryptInit_ex(k->ctx, NULL, NULL, NULL, sample) != 1 ||
		    EVP_EncryptUpdate(k->ctx, block, &outl, zero,
				      QOE_HP_MASK_LEN) != 1)
			return -EIO;
	} else if (EVP_EncryptUpdate(k->ctx, block, &outl, sample,
				     QOE_HP_SAMPLE_LEN) != 1) {
		return -EIO;
	}
	memcpy(mask, block, QOE_HP_MASK_LEN);
	return 0;
}

static const struct qoe_crypto_ops qoe_ossl_ops = {
	.name = "openssl",
	.fini = qoe_ossl_fini,
	.aead_new = qoe_ossl_aead_new,
	.aead_free = qoe_ossl_key_free,
	.seal = qoe_ossl_seal,
	.open = qoe_ossl_open,
	.hp_new = qoe_ossl_hp_new,
	.hp_free = qoe_ossl_key_free,
	.hp_mask = qoe_ossl_hp_mask,
};

int qoe_crypto_openssl_init(struct qoe_crypto *c)
{
	if (!c)
		return -EINVAL;
	c->ops = &qoe_ossl_ops;
	c->priv = NULL;
	return 0;
}

/* Backend-independent teardown; lives here to stay in libqoe.a. */
void qoe_crypto_fini(struct qoe_crypto *c)
{
	if (!c || !c->ops)
		return;
	if (c->ops->fini)
		c->ops->fini(c->priv);
	c->ops = NULL;
	c->priv = NULL;
}
