// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * intel-ipsec-mb 1.3 backend: one IMB_MGR per engine.  AES-GCM and
 * ChaCha20-Poly1305 use the direct (synchronous) API, AES-128-CCM one job
 * (the only way 1.3 offers it); AES header protection
 * is one AES block (CFB-one with a zero plaintext for AES-128, an ECB job for
 * AES-256); ChaCha20 header protection needs a chosen block counter, which
 * ipsec-mb does not expose, so it goes through OpenSSL.
 */
#include "qoe_crypto.h"
#include "crypto_ipsecmb_copy.h"
#include "slab_user.h"

#include <stdlib.h>
#include <intel-ipsec-mb.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#define QOE_AES_BLOCK		16
#define QOE_AES256_ROUND_KEYS	(15 * QOE_AES_BLOCK)
/* VAES GCM keeps H^8..H^1 in the last 128 bytes of gcm_key_data */
#define QOE_GCM_LOW_POWERS	(8 * QOE_AES_BLOCK)

struct qoe_imb {
	IMB_MGR *mgr;
	struct qoe_imb_copy *lib;
	struct qoe_slab aeads;
	struct qoe_slab hps;
};

/*
 * One AEAD key, laid out for the packet path: ipsec-mb's gcm_key_data
 * (round keys first, the low hash-key powers a short packet uses last),
 * the cipher in the line those powers end in.  The other ciphers' keys
 * share the space.
 */
struct qoe_imb_aead {
	union {
		u8 gcm[sizeof(struct gcm_key_data)];
		u8 chacha_key[32];
		u8 ccm_enc[11 * QOE_AES_BLOCK];	/* AES-128 round keys */
	} k;
	u8 cipher;
} __attribute__((aligned(QOE_SLAB_ALIGN)));

/* AES header protection needs only encryption round keys. */
struct qoe_imb_hp {
	u32 aes_len;		/* key: 16 or 32 bytes; 0: ChaCha20 */
	EVP_CIPHER_CTX *chacha;
	u8 enc_keys[QOE_AES256_ROUND_KEYS] __attribute__((aligned(16)));
} __attribute__((aligned(QOE_SLAB_ALIGN)));

static const struct gcm_key_data *qoe_imb_gcm(const struct qoe_imb_aead *a)
{
	return (const struct gcm_key_data *)a->k.gcm;
}

/* Direct-API entry points reject NULL even for zero lengths. */
static const u8 qoe_imb_empty[QOE_AES_BLOCK] __attribute__((aligned(16)));
static u8 qoe_imb_sink[QOE_AES_BLOCK];	/* zero-length output, never written */

static void qoe_imb_fini(void *priv)
{
	struct qoe_imb *imb = priv;

	if (!imb)
		return;
	if (imb->mgr)
		qoe_imb_copy_mgr_free(imb->mgr);
	qoe_imb_copy_put(imb->lib);
	qoe_slab_fini(&imb->aeads);
	qoe_slab_fini(&imb->hps);
	qoe_free(imb);
}

static void *qoe_imb_aead_new(void *priv, enum qoe_cipher cipher,
			      const u8 *key, size_t key_len)
{
	struct qoe_imb *imb = priv;
	struct gcm_key_data *gcm;
	struct qoe_imb_aead *a;
	u8 dec[11 * QOE_AES_BLOCK] __attribute__((aligned(16)));

	if (!key || !qoe_cipher_key_len(cipher) ||
	    key_len != qoe_cipher_key_len(cipher))
		return NULL;
	a = qoe_slab_alloc(&imb->aeads);
	if (!a)
		return NULL;
	a->cipher = cipher;
	gcm = (struct gcm_key_data *)a->k.gcm;
	switch (cipher) {
	case QOE_CIPHER_AES_128_GCM:
		IMB_AES128_GCM_PRE(imb->mgr, key, gcm);
		break;
	case QOE_CIPHER_AES_256_GCM:
		IMB_AES256_GCM_PRE(imb->mgr, key, gcm);
		break;
	case QOE_CIPHER_CHACHA20_POLY1305:
		memcpy(a->k.chacha_key, key, key_len);
		break;
	case QOE_CIPHER_AES_128_CCM:
		IMB_AES_KEYEXP_128(imb->mgr, key, a->k.ccm_enc, dec);
		qoe_wipe(dec, sizeof(dec));
		break;
	}
	/*
	 * No imb_get_errno() (see qoe_imb_aead_run()): with the manager's own
	 * status 0 it returns the process-wide one, which another thread's
	 * failed call may have just set.  Key expansion fails only on NULL
	 * pointers, ruled out above.
	 */
	return a;
}

static void qoe_imb_aead_free(void *priv, void *ctx)
{
	struct qoe_imb *imb = priv;

	qoe_slab_free(&imb->aeads, ctx);
}

/* AES round keys of a cipher's key: 11 or 15 blocks; ChaCha20's key. */
static u32 qoe_imb_key_bytes(enum qoe_cipher cipher)
{
	switch (cipher) {
	case QOE_CIPHER_AES_256_GCM:
		return QOE_AES256_ROUND_KEYS;
	case QOE_CIPHER_CHACHA20_POLY1305:
		return 32;
	default:
		return 11 * QOE_AES_BLOCK;
	}
}

/*
 * What a short packet reads, and no more (each line is a miss at a
 * million flows): the round keys, then for GCM the low hash-key powers,
 * and the line holding the cipher.
 */
static void qoe_imb_aead_prefetch(const void *ctx, enum qoe_cipher cipher)
{
	const u8 *p = ctx;
	u32 off = 0;

	for (; off < qoe_imb_key_bytes(cipher); off += QOE_SLAB_ALIGN)
		qoe_prefetch(p + off);
	off = offsetof(struct qoe_imb_aead, cipher) & ~(QOE_SLAB_ALIGN - 1u);
	if (cipher == QOE_CIPHER_AES_128_GCM || cipher == QOE_CIPHER_AES_256_GCM)
		off = (sizeof(struct gcm_key_data) - QOE_GCM_LOW_POWERS) &
		      ~(QOE_SLAB_ALIGN - 1u);
	for (; off < sizeof(struct qoe_imb_aead); off += QOE_SLAB_ALIGN)
		qoe_prefetch(p + off);
}

/*
 * AES-128-CCM, one job: the 12-byte QUIC nonce is CCM's N (L = 3), the tag
 * 16 bytes (RFC 9001 5.3).  Encryption authenticates then encrypts,
 * decryption the other way round; both write the computed tag.
 */
static int qoe_imb_ccm(IMB_MGR *mgr, const struct qoe_imb_aead *a, bool enc,
		       const u8 nonce[QOE_IV_LEN], const u8 *aad,
		       size_t aad_len, const u8 *in, u8 *out, size_t len,
		       u8 tag[QOE_TAG_LEN])
{
	IMB_JOB *job;

	/* ipsec-mb's CCM takes up to 46 bytes of AAD; a short header is 25 */
	if (aad_len > QOE_AEAD_MAX_AAD)
		return -EINVAL;
	job = IMB_GET_NEXT_JOB(mgr);
	job->cipher_mode = IMB_CIPHER_CCM;
	job->hash_alg = IMB_AUTH_AES_CCM;
	job->cipher_direction = enc ? IMB_DIR_ENCRYPT : IMB_DIR_DECRYPT;
	job->chain_order = enc ? IMB_ORDER_HASH_CIPHER : IMB_ORDER_CIPHER_HASH;
	job->key_len_in_bytes = IMB_KEY_128_BYTES;
	job->enc_keys = a->k.ccm_enc;
	job->dec_keys = a->k.ccm_enc;
	job->src = in;
	job->dst = out;
	job->iv = nonce;
	job->iv_len_in_bytes = QOE_IV_LEN;
	job->cipher_start_src_offset_in_bytes = 0;
	job->msg_len_to_cipher_in_bytes = len;
	job->hash_start_src_offset_in_bytes = 0;
	job->msg_len_to_hash_in_bytes = len;
	job->u.CCM.aad = aad;
	job->u.CCM.aad_len_in_bytes = aad_len;
	job->auth_tag_output = tag;
	job->auth_tag_output_len_in_bytes = QOE_TAG_LEN;
	job = IMB_SUBMIT_JOB(mgr);
	while (!job)	/* only our job is ever queued: flush returns it */
		job = IMB_FLUSH_JOB(mgr);
	return job->status == IMB_STATUS_COMPLETED ? 0 : -EIO;
}

/* One pass of the AEAD in either direction; writes the computed tag. */
static int qoe_imb_aead_run(IMB_MGR *mgr, const struct qoe_imb_aead *a,
			    bool enc, const u8 nonce[QOE_IV_LEN],
			    const u8 *aad, size_t aad_len, const u8 *in, u8 *out,
			    size_t len, u8 tag[QOE_TAG_LEN])
{
	struct gcm_context_data gctx;
	struct chacha20_poly1305_context_data cctx;

	if (!aad_len)
		aad = qoe_imb_empty;
	if (!len) {
		in = qoe_imb_empty;
		out = qoe_imb_sink;
	}
	switch (a->cipher) {
	case QOE_CIPHER_AES_128_GCM:
		if (enc)
			IMB_AES128_GCM_ENC(mgr, qoe_imb_gcm(a), &gctx, out, in, len,
					   nonce, aad, aad_len, tag, QOE_TAG_LEN);
		else
			IMB_AES128_GCM_DEC(mgr, qoe_imb_gcm(a), &gctx, out, in, len,
					   nonce, aad, aad_len, tag, QOE_TAG_LEN);
		qoe_wipe(&gctx, sizeof(gctx));
		break;
	case QOE_CIPHER_AES_256_GCM:
		if (enc)
			IMB_AES256_GCM_ENC(mgr, qoe_imb_gcm(a), &gctx, out, in, len,
					   nonce, aad, aad_len, tag, QOE_TAG_LEN);
		else
			IMB_AES256_GCM_DEC(mgr, qoe_imb_gcm(a), &gctx, out, in, len,
					   nonce, aad, aad_len, tag, QOE_TAG_LEN);
		qoe_wipe(&gctx, sizeof(gctx));
		break;
	case QOE_CIPHER_CHACHA20_POLY1305:
		IMB_CHACHA20_POLY1305_INIT(mgr, a->k.chacha_key, &cctx, nonce,
					   aad, aad_len);
		if (len && enc)
			IMB_CHACHA20_POLY1305_ENC_UPDATE(mgr, a->k.chacha_key,
							 &cctx, out, in, len);
		else if (len)
			IMB_CHACHA20_POLY1305_DEC_UPDATE(mgr, a->k.chacha_key,
							 &cctx, out, in, len);
		IMB_CHACHA20_POLY1305_ENC_FINALIZE(mgr, &cctx, tag,
						   QOE_TAG_LEN);
		qoe_wipe(&cctx, sizeof(cctx));
		break;
	case QOE_CIPHER_AES_128_CCM:
		return qoe_imb_ccm(mgr, a, enc, nonce, aad, aad_len, in, out,
				   len, tag);
	default:
		return -EINVAL;
	}
	/*
	 * No imb_get_errno() here: the direct API reports into a process-wide
	 * variable that every call, on every thread, writes.  Read after each
	 * packet it made the lcores (or the benchmark's threads) fight over
	 * its cache line, and it could report another thread's error.  The
	 * only errors it has are for missing buffers and tag lengths, which
	 * the callers and the substitutions above rule out.
	 */
	return 0;
}

static int qoe_imb_seal(void *priv, void *ctx, const u8 nonce[QOE_IV_LEN],
			const u8 *aad, size_t aad_len, const u8 *in, u8 *out,
			size_t len, u8 tag[QOE_TAG_LEN])
{
	struct qoe_imb *imb = priv;

	if (!ctx || !nonce || !tag || (aad_len && !aad) ||
	    (len && (!in || !out)))
		return -EINVAL;
	return qoe_imb_aead_run(imb->mgr, ctx, true, nonce, aad, aad_len,
				in, out, len, tag);
}

static int qoe_imb_open(void *priv, void *ctx, const u8 nonce[QOE_IV_LEN],
			const u8 *aad, size_t aad_len, const u8 *in, u8 *out,
			size_t len, const u8 tag[QOE_TAG_LEN])
{
	struct qoe_imb *imb = priv;
	u8 calc[QOE_TAG_LEN];
	int ret;

	if (!ctx || !nonce || !tag || (aad_len && !aad) ||
	    (len && (!in || !out)))
		return -EINVAL;
	ret = qoe_imb_aead_run(imb->mgr, ctx, false, nonce, aad, aad_len,
			       in, out, len, calc);
	if (ret)
		return ret;
	if (CRYPTO_memcmp(calc, tag, QOE_TAG_LEN) == 0)
		return 0;
	if (len && in == out) {
		/* CTR keystream: encrypting the plaintext gives back the input. */
		ret = qoe_imb_aead_run(imb->mgr, ctx, true, nonce, aad, aad_len,
				       out, out, len, calc);
	} else if (len) {
		qoe_wipe(out, len);	/* never hand out unauthenticated data */
	}
	qoe_wipe(calc, sizeof(calc));
	return ret ? ret : -EBADMSG;
}

static void qoe_imb_hp_free(void *priv, void *ctx)
{
	struct qoe_imb *imb = priv;
	struct qoe_imb_hp *hp = ctx;

	if (!hp)
		return;
	EVP_CIPHER_CTX_free(hp->chacha);
	qoe_slab_free(&imb->hps, hp);
}

static void qoe_imb_hp_prefetch(const void *ctx, enum qoe_cipher cipher)
{
	const u8 *p = ctx;
	u32 end = offsetof(struct qoe_imb_hp, enc_keys) +
		  (cipher == QOE_CIPHER_CHACHA20_POLY1305 ? 0 :
		   qoe_imb_key_bytes(cipher));

	for (u32 off = 0; off < end; off += QOE_SLAB_ALIGN)
		qoe_prefetch(p + off);
}

static void *qoe_imb_hp_new(void *priv, enum qoe_cipher cipher,
			    const u8 *key, size_t key_len)
{
	struct qoe_imb *imb = priv;
	struct qoe_imb_hp *hp;
	u8 dec[QOE_AES256_ROUND_KEYS] __attribute__((aligned(16)));

	if (!key || !qoe_cipher_key_len(cipher) ||
	    key_len != qoe_cipher_key_len(cipher))
		return NULL;
	hp = qoe_slab_alloc(&imb->hps);
	if (!hp)
		return NULL;
	hp->aes_len = (u32)key_len;
	if (qoe_cipher_find(cipher)->hp == QOE_HP_CHACHA20) {
		hp->chacha = EVP_CIPHER_CTX_new();
		if (!hp->chacha ||
		    EVP_EncryptInit_ex(hp->chacha, EVP_chacha20(), NULL, key,
				       NULL) != 1)
			goto fail;
		hp->aes_len = 0;
	} else if (key_len == 16) {
		IMB_AES_KEYEXP_128(imb->mgr, key, hp->enc_keys, dec);
	} else {
		IMB_AES_KEYEXP_256(imb->mgr, key, hp->enc_keys, dec);
	}
	qoe_wipe(dec, sizeof(dec));
	return hp;	/* no imb_get_errno(), as in qoe_imb_aead_new() */
fail:
	qoe_imb_hp_free(priv, hp);
	return NULL;
}

/* AES-ECB of @len bytes (whole blocks): one job however many samples. */
static int qoe_imb_hp_ecb(IMB_MGR *mgr, const struct qoe_imb_hp *hp,
			  const u8 *src, u8 *dst, u64 len)
{
	IMB_JOB *job = IMB_GET_NEXT_JOB(mgr);

	job->cipher_mode = IMB_CIPHER_ECB;
	job->cipher_direction = IMB_DIR_ENCRYPT;
	job->chain_order = IMB_ORDER_CIPHER_HASH;
	job->hash_alg = IMB_AUTH_NULL;
	job->key_len_in_bytes = hp->aes_len == 16 ? IMB_KEY_128_BYTES
						  : IMB_KEY_256_BYTES;
	job->enc_keys = hp->enc_keys;
	job->dec_keys = hp->enc_keys;	/* encryption only: never read */
	job->src = src;
	job->dst = dst;
	job->cipher_start_src_offset_in_bytes = 0;
	job->msg_len_to_cipher_in_bytes = len;
	job->iv = qoe_imb_empty;
	job->iv_len_in_bytes = 0;
	job = IMB_SUBMIT_JOB(mgr);
	while (!job)	/* only our job is ever queued: flush returns it */
		job = IMB_FLUSH_JOB(mgr);
	return job->status == IMB_STATUS_COMPLETED ? 0 : -EIO;
}

static int qoe_imb_hp_mask(void *priv, void *ctx,
			   const u8 sample[QOE_HP_SAMPLE_LEN],
			   u8 mask[QOE_HP_MASK_LEN])
{
	static const u8 zero[QOE_AES_BLOCK];
	struct qoe_imb *imb = priv;
	struct qoe_imb_hp *hp = ctx;
	u8 block[QOE_AES_BLOCK];
	int outl, ret = 0;

	if (!hp || !sample || !mask)
		return -EINVAL;
	if (hp->aes_len == 16) {
		/* CFB of a zero block with IV = sample is AES-ECB(sample). */
		IMB_AES128_CFB_ONE(imb->mgr, block, zero, sample, hp->enc_keys,
				   QOE_AES_BLOCK);
	} else if (hp->aes_len) {
		ret = qoe_imb_hp_ecb(imb->mgr, hp, sample, block, QOE_AES_BLOCK);
	} else if (EVP_EncryptInit_ex(hp->chacha, NULL, NULL, NULL,
				      sample) != 1 ||
		   EVP_EncryptUpdate(hp->chacha, block, &outl, zero,
				     QOE_HP_MASK_LEN) != 1) {
		/* RFC 9001 5.4.4: counter = sample[0..3] LE, nonce = rest. */
		ret = -EIO;
	}
	if (!ret)
		memcpy(mask, block, QOE_HP_MASK_LEN);
	return ret;
}

static int qoe_imb_hp_mask_burst(void *priv, void *ctx, const u8 *samples,
				 u8 *masks, u32 n)
{
	struct qoe_imb *imb = priv;
	struct qoe_imb_hp *hp = ctx;
	int ret = 0;

	if (!hp || !samples || !masks)
		return -EINVAL;
	if (n == 1)	/* one block: the direct call beats a job */
		return qoe_imb_hp_mask(priv, ctx, samples, masks);
	if (hp->aes_len)
		return qoe_imb_hp_ecb(imb->mgr, hp, samples, masks,
				      (u64)n * QOE_AES_BLOCK);
	/* ChaCha20 masks each need their own counter and nonce */
	for (u32 i = 0; i < n && !ret; i++)
		ret = qoe_imb_hp_mask(priv, ctx, samples + i * QOE_AES_BLOCK,
				      masks + i * QOE_AES_BLOCK);
	return ret;
}

static const struct qoe_crypto_ops qoe_imb_ops = {
	.name = "ipsec-mb",
	.fini = qoe_imb_fini,
	.aead_new = qoe_imb_aead_new,
	.aead_free = qoe_imb_aead_free,
	.seal = qoe_imb_seal,
	.open = qoe_imb_open,
	.hp_new = qoe_imb_hp_new,
	.hp_free = qoe_imb_hp_free,
	.hp_mask = qoe_imb_hp_mask,
	.hp_mask_burst = qoe_imb_hp_mask_burst,
	.aead_prefetch = qoe_imb_aead_prefetch,
	.hp_prefetch = qoe_imb_hp_prefetch,
};

static int qoe_imb_init(struct qoe_crypto *c, bool per_core)
{
	struct qoe_imb *imb;

	if (!c)
		return -EINVAL;
	imb = qoe_zalloc(sizeof(*imb));
	if (!imb)
		return -ENOMEM;
	imb->lib = qoe_imb_copy_get(per_core);
	if (qoe_slab_init(&imb->aeads, sizeof(struct qoe_imb_aead)) ||
	    qoe_slab_init(&imb->hps, sizeof(struct qoe_imb_hp))) {
		qoe_imb_fini(imb);
		return -EINVAL;
	}
	imb->mgr = qoe_imb_copy_mgr_new(imb->lib);
	if (!imb->mgr) {
		qoe_imb_fini(imb);
		return -ENODEV;
	}
	c->ops = &qoe_imb_ops;
	c->priv = imb;
	return 0;
}

int qoe_crypto_ipsecmb_init(struct qoe_crypto *c)
{
	return qoe_imb_init(c, false);
}

/*
 * A backend for an engine that runs on a core of its own, next to others:
 * where it can, it uses a copy of ipsec-mb no other backend calls, so the
 * library's process-wide error status is not one cache line written by
 * every core on every packet (crypto_ipsecmb_copy.c).
 */
int qoe_crypto_ipsecmb_init_per_core(struct qoe_crypto *c)
{
	return qoe_imb_init(c, true);
}

bool qoe_crypto_ipsecmb_own_copy(const struct qoe_crypto *c)
{
	const struct qoe_imb *imb = c ? c->priv : NULL;

	return c && c->ops == &qoe_imb_ops && imb &&
	       qoe_imb_copy_is_private(imb->lib);
}
