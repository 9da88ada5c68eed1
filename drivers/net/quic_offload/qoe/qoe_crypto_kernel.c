// SPDX-License-Identifier: GPL-2.0-only
/*
 * qoe crypto backend on the kernel crypto API: the AEAD each cipher's
 * row of include/qoe/qoe_cipher.h names ("gcm(aes)", "ccm(aes)",
 * "rfc7539(chacha20,poly1305)"), "aes" and "chacha20" for header
 * protection.
 *
 * Every context preallocates its request and keeps small bounce buffers for
 * the AAD, tag and nonce, so seal/open/hp_mask never allocate and never sleep:
 * the engine's datapath may run in softirq context.  Only synchronous
 * implementations are requested (mask CRYPTO_ALG_ASYNC), so each call
 * completes before it returns.  A context serves one caller at a time, as
 * the engine is single-threaded.
 *
 * Packet buffers handed to seal/open must be in the linear mapping (kmalloc
 * or page memory, as skb data is): they are put in scatterlists directly.
 */
#include <kunit/visibility.h>
#include <crypto/aead.h>
#include <crypto/internal/cipher.h>
#include <crypto/skcipher.h>
#include <linux/module.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>

#include "qoe_crypto_kernel.h"

MODULE_IMPORT_NS(CRYPTO_INTERNAL);

/* A short header is at most 1 + 20 + 4 bytes; longer AAD is mapped in place. */
#define QOE_KAEAD_AAD_MAX	64

struct qoe_kaead {
	struct crypto_aead *tfm;
	struct aead_request *req;
	struct scatterlist src[3];
	struct scatterlist dst[3];
	u8 aad[QOE_KAEAD_AAD_MAX];
	u8 tag[QOE_TAG_LEN];
	/* GCM and ChaCha20 take the 12-byte nonce; ccm() a 16-byte counter
	 * block: L' = 2 (a 3-byte length, RFC 3610), the nonce, zeros
	 */
	u8 iv[16];
	bool ccm;
};

struct qoe_khp {
	enum qoe_cipher cipher;
	struct crypto_cipher *aes;
	struct crypto_skcipher *chacha;
	struct skcipher_request *req;
	struct scatterlist src;
	struct scatterlist dst;
	u8 zero[QOE_HP_MASK_LEN];
	u8 mask[QOE_HP_MASK_LEN];
	u8 iv[QOE_HP_SAMPLE_LEN];
};

static const char *qoe_kaead_alg(enum qoe_cipher cipher)
{
	const struct qoe_cipher_desc *d = qoe_cipher_find(cipher);

	return d ? d->kernel_aead : NULL;
}

static void qoe_kaead_free(void *priv, void *ctx)
{
	struct qoe_kaead *a = ctx;

	if (!a)
		return;
	aead_request_free(a->req);
	crypto_free_aead(a->tfm);
	kfree_sensitive(a);
}

static void *qoe_kaead_new(void *priv, enum qoe_cipher cipher,
			   const u8 *key, size_t key_len)
{
	const char *alg = qoe_kaead_alg(cipher);
	struct qoe_kaead *a;

	if (!alg || !key || key_len != qoe_cipher_key_len(cipher))
		return NULL;
	a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return NULL;
	a->ccm = qoe_cipher_find(cipher)->aead == QOE_AEAD_AES_CCM;
	a->tfm = crypto_alloc_aead(alg, 0, CRYPTO_ALG_ASYNC);
	if (IS_ERR(a->tfm)) {
		a->tfm = NULL;
		goto err;
	}
	if (crypto_aead_setkey(a->tfm, key, key_len) ||
	    crypto_aead_setauthsize(a->tfm, QOE_TAG_LEN))
		goto err;
	a->req = aead_request_alloc(a->tfm, GFP_KERNEL);
	if (!a->req)
		goto err;
	aead_request_set_callback(a->req, 0, NULL, NULL);
	return a;
err:
	if (a->tfm)
		crypto_free_aead(a->tfm);
	kfree_sensitive(a);
	return NULL;
}

static void qoe_kaead_iv(struct qoe_kaead *a, const u8 nonce[QOE_IV_LEN])
{
	if (!a->ccm) {
		memcpy(a->iv, nonce, QOE_IV_LEN);
		return;
	}
	memset(a->iv, 0, sizeof(a->iv));
	a->iv[0] = 15 - QOE_IV_LEN - 1;
	memcpy(a->iv + 1, nonce, QOE_IV_LEN);
}

/* Build [aad][data][tag]; empty pieces get no entry. */
static void qoe_kaead_sg(struct qoe_kaead *a, struct scatterlist *sg,
			 const u8 *aad, size_t aad_len, const u8 *data,
			 size_t len)
{
	unsigned int n = 0;

	sg_init_table(sg, 3);
	if (aad_len)
		sg_set_buf(&sg[n++], aad, aad_len);
	if (len)
		sg_set_buf(&sg[n++], data, len);
	sg_set_buf(&sg[n++], a->tag, QOE_TAG_LEN);
	sg_mark_end(&sg[n - 1]);
}

/* Set up src/dst; returns false when the request cannot be expressed. */
static bool qoe_kaead_prep(struct qoe_kaead *a, const u8 nonce[QOE_IV_LEN],
			   const u8 *aad, size_t aad_len, const u8 *in,
			   u8 *out, size_t len)
{
	if (len > UINT_MAX - QOE_TAG_LEN || aad_len > UINT_MAX)
		return false;
	if ((aad_len && !aad) || (len && (!in || !out)))
		return false;
	/* a stack-resident AAD cannot go in a scatterlist: bounce it */
	if (aad_len <= sizeof(a->aad)) {
		memcpy(a->aad, aad, aad_len);
		aad = a->aad;
	}
	qoe_kaead_iv(a, nonce);
	qoe_kaead_sg(a, a->src, aad, aad_len, in, len);
	if (in == out)
		return true;
	qoe_kaead_sg(a, a->dst, aad, aad_len, out, len);
	return true;
}

static int qoe_kaead_seal(void *priv, void *ctx, const u8 nonce[QOE_IV_LEN],
			  const u8 *aad, size_t aad_len, const u8 *in, u8 *out,
			  size_t len, u8 tag[QOE_TAG_LEN])
{
	struct qoe_kaead *a = ctx;
	int ret;

	if (!a || !qoe_kaead_prep(a, nonce, aad, aad_len, in, out, len))
		return -EINVAL;
	aead_request_set_ad(a->req, aad_len);
	aead_request_set_crypt(a->req, a->src, in == out ? a->src : a->dst,
			       len, a->iv);
	ret = crypto_aead_encrypt(a->req);
	if (!ret)
		memcpy(tag, a->tag, QOE_TAG_LEN);
	memzero_explicit(a->tag, QOE_TAG_LEN);
	return ret;
}

static int qoe_kaead_open(void *priv, void *ctx, const u8 nonce[QOE_IV_LEN],
			  const u8 *aad, size_t aad_len, const u8 *in, u8 *out,
			  size_t len, const u8 tag[QOE_TAG_LEN])
{
	struct qoe_kaead *a = ctx;
	struct scatterlist *dst;
	int ret;

	if (!a || !qoe_kaead_prep(a, nonce, aad, aad_len, in, out, len))
		return -EINVAL;
	dst = in == out ? a->src : a->dst;
	memcpy(a->tag, tag, QOE_TAG_LEN);
	aead_request_set_ad(a->req, aad_len);
	aead_request_set_crypt(a->req, a->src, dst, len + QOE_TAG_LEN, a->iv);
	ret = crypto_aead_decrypt(a->req);
	if (ret != -EBADMSG)
		return ret;
	/*
	 * Kernel AEADs may have decrypted into @out before checking the tag
	 * (gcm and ccm do).  All are CTR-based, so encrypting the
	 * scribbled bytes under the same nonce gives the ciphertext back:
	 * this keeps open()'s promise without a packet-sized bounce buffer.
	 * Only @out was written; when it is not @in, just wipe it.
	 */
	if (in != out) {
		if (len)
			memset(out, 0, len);
		return -EBADMSG;
	}
	qoe_kaead_iv(a, nonce);
	aead_request_set_crypt(a->req, a->src, a->src, len, a->iv);
	if (crypto_aead_encrypt(a->req))
		return -EIO;
	memzero_explicit(a->tag, QOE_TAG_LEN);
	return -EBADMSG;
}

static void qoe_khp_free(void *priv, void *ctx)
{
	struct qoe_khp *h = ctx;

	if (!h)
		return;
	if (h->aes)
		crypto_free_cipher(h->aes);
	skcipher_request_free(h->req);
	if (h->chacha)
		crypto_free_skcipher(h->chacha);
	kfree_sensitive(h);
}

static int qoe_khp_new_chacha(struct qoe_khp *h, const u8 *key,
			      size_t key_len)
{
	struct crypto_skcipher *tfm;

	tfm = crypto_alloc_skcipher("chacha20", 0, CRYPTO_ALG_ASYNC);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	h->chacha = tfm;
	if (crypto_skcipher_setkey(tfm, key, key_len))
		return -EINVAL;
	h->req = skcipher_request_alloc(tfm, GFP_KERNEL);
	if (!h->req)
		return -ENOMEM;
	skcipher_request_set_callback(h->req, 0, NULL, NULL);
	/* the mask is ChaCha20 of five zero bytes (RFC 9001 s5.4.4) */
	sg_init_one(&h->src, h->zero, sizeof(h->zero));
	sg_init_one(&h->dst, h->mask, sizeof(h->mask));
	skcipher_request_set_crypt(h->req, &h->src, &h->dst, QOE_HP_MASK_LEN,
				   h->iv);
	return 0;
}

static void *qoe_khp_new(void *priv, enum qoe_cipher cipher, const u8 *key,
			 size_t key_len)
{
	struct crypto_cipher *aes;
	struct qoe_khp *h;

	if (!key || !qoe_cipher_key_len(cipher) ||
	    key_len != qoe_cipher_key_len(cipher))
		return NULL;
	h = kzalloc(sizeof(*h), GFP_KERNEL);
	if (!h)
		return NULL;
	h->cipher = cipher;
	if (qoe_cipher_find(cipher)->hp == QOE_HP_CHACHA20) {
		if (qoe_khp_new_chacha(h, key, key_len))
			goto err;
		return h;
	}
	aes = crypto_alloc_cipher("aes", 0, 0);
	if (IS_ERR(aes))
		goto err;
	h->aes = aes;
	if (crypto_cipher_setkey(aes, key, key_len))
		goto err;
	return h;
err:
	qoe_khp_free(priv, h);
	return NULL;
}

static int qoe_khp_mask(void *priv, void *ctx,
			const u8 sample[QOE_HP_SAMPLE_LEN],
			u8 mask[QOE_HP_MASK_LEN])
{
	struct qoe_khp *h = ctx;
	u8 block[QOE_HP_SAMPLE_LEN];
	int ret;

	if (!h)
		return -EINVAL;
	if (h->aes) {
		/* RFC 9001 s5.4.3: AES-ECB of the sample */
		crypto_cipher_encrypt_one(h->aes, block, sample);
		memcpy(mask, block, QOE_HP_MASK_LEN);
		memzero_explicit(block, sizeof(block));
		return 0;
	}
	/* counter (LE) || nonce is exactly the 16-byte chacha20 IV layout */
	memcpy(h->iv, sample, QOE_HP_SAMPLE_LEN);
	ret = crypto_skcipher_encrypt(h->req);
	if (!ret)
		memcpy(mask, h->mask, QOE_HP_MASK_LEN);
	memzero_explicit(h->mask, sizeof(h->mask));
	return ret;
}

static void qoe_kcrypto_fini(void *priv)
{
}

const struct qoe_crypto_ops qoe_crypto_kernel_ops = {
	.name = "kernel",
	.fini = qoe_kcrypto_fini,
	.aead_new = qoe_kaead_new,
	.aead_free = qoe_kaead_free,
	.seal = qoe_kaead_seal,
	.open = qoe_kaead_open,
	.hp_new = qoe_khp_new,
	.hp_free = qoe_khp_free,
	.hp_mask = qoe_khp_mask,
};
EXPORT_SYMBOL_IF_KUNIT(qoe_crypto_kernel_ops);

/**
 * qoe_crypto_kernel_init() - bind the kernel crypto backend to @c
 * @c: backend instance to fill
 *
 * The kernel backend keeps no per-instance state: every key context owns
 * its transform and request.
 *
 * Return: 0.
 */
int qoe_crypto_kernel_init(struct qoe_crypto *c)
{
	c->ops = &qoe_crypto_kernel_ops;
	c->priv = NULL;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(qoe_crypto_kernel_init);

/**
 * qoe_crypto_kernel_fini() - release what qoe_crypto_kernel_init() set up
 * @c: backend instance
 */
void qoe_crypto_kernel_fini(struct qoe_crypto *c)
{
	if (c->ops && c->ops->fini)
		c->ops->fini(c->priv);
	c->ops = NULL;
}
EXPORT_SYMBOL_IF_KUNIT(qoe_crypto_kernel_fini);
