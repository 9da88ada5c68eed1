/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause) */
/*
 * Crypto backend ops: the engine never calls a cipher directly, so the same
 * packet code runs on intel-ipsec-mb, OpenSSL and the kernel crypto API.
 */
#ifndef _QOE_CRYPTO_H
#define _QOE_CRYPTO_H

#include "qoe_platform.h"
#include <qoe/fw_abi.h>
#include <qoe/qoe_cipher.h>

/* The longest AEAD AAD: a short header, 1 + 20-byte DCID + 4-byte PN. */
#define QOE_AEAD_MAX_AAD	(1 + QOE_MAX_CID_LEN + 4)

/**
 * struct qoe_crypto_ops - one crypto backend
 * @name: short name ("ipsec-mb", "openssl", "kernel")
 * @fini: free the backend instance @priv
 * @aead_new: expand an AEAD key; NULL on failure or unsupported cipher
 * @aead_free: wipe and free what aead_new returned
 * @seal: encrypt @len bytes @in -> @out (may alias) and write the 16-byte tag.
 *	The AAD is a QUIC short header: at most QOE_AEAD_MAX_AAD bytes; a
 *	backend may refuse more (-EINVAL).
 * @open: decrypt and verify; 0 or -EBADMSG.  When @in == @out and the tag
 *	does not match, the buffer must be left exactly as it was.
 * @hp_new: set up a header-protection key; NULL on failure
 * @hp_free: wipe and free what hp_new returned
 * @hp_mask: 5-byte mask from a 16-byte sample (RFC 9001 s5.4.3/5.4.4)
 * @hp_mask_burst: optional: @n masks at once, for GSO.  @samples holds
 *	n samples back to back (16 bytes each); mask i is written to the first
 *	5 bytes of @masks + 16 * i.  NULL: the engine calls hp_mask n times.
 * @aead_prefetch: optional: start loading the parts of an AEAD context
 *	(of @cipher) a short packet uses, a few packets before it is used
 * @hp_prefetch: optional: the same for a header-protection context
 *
 * @priv is the backend instance (e.g. an IMB_MGR); one per engine, so an
 * engine is used from one thread at a time.  Returns are 0 or -errno.
 */
struct qoe_crypto_ops {
	const char *name;
	void (*fini)(void *priv);
	void *(*aead_new)(void *priv, enum qoe_cipher cipher,
			  const u8 *key, size_t key_len);
	void (*aead_free)(void *priv, void *ctx);
	int (*seal)(void *priv, void *ctx, const u8 nonce[QOE_IV_LEN],
		    const u8 *aad, size_t aad_len, const u8 *in, u8 *out,
		    size_t len, u8 tag[QOE_TAG_LEN]);
	int (*open)(void *priv, void *ctx, const u8 nonce[QOE_IV_LEN],
		    const u8 *aad, size_t aad_len, const u8 *in, u8 *out,
		    size_t len, const u8 tag[QOE_TAG_LEN]);
	void *(*hp_new)(void *priv, enum qoe_cipher cipher,
			const u8 *key, size_t key_len);
	void (*hp_free)(void *priv, void *ctx);
	int (*hp_mask)(void *priv, void *ctx, const u8 sample[QOE_HP_SAMPLE_LEN],
		       u8 mask[QOE_HP_MASK_LEN]);
	int (*hp_mask_burst)(void *priv, void *ctx, const u8 *samples,
			     u8 *masks, u32 n);
	void (*aead_prefetch)(const void *ctx, enum qoe_cipher cipher);
	void (*hp_prefetch)(const void *ctx, enum qoe_cipher cipher);
};

/**
 * struct qoe_crypto - a backend instance bound to an engine
 * @ops: the backend
 * @priv: its per-instance state
 */
struct qoe_crypto {
	const struct qoe_crypto_ops *ops;
	void *priv;
};

/* Key length each cipher takes (AEAD and HP keys have the same length). */
static inline size_t qoe_cipher_key_len(unsigned int cipher)
{
	const struct qoe_cipher_desc *d = qoe_cipher_find(cipher);

	return d ? d->key_len : 0;
}

#ifndef __KERNEL__
/* Userspace backends (firmware-if/crypto_*.c): 0 or -errno. */
int qoe_crypto_ipsecmb_init(struct qoe_crypto *c);
/* For an engine on a core of its own: a private copy of ipsec-mb if any */
int qoe_crypto_ipsecmb_init_per_core(struct qoe_crypto *c);
bool qoe_crypto_ipsecmb_own_copy(const struct qoe_crypto *c);
int qoe_crypto_openssl_init(struct qoe_crypto *c);
void qoe_crypto_fini(struct qoe_crypto *c);
#endif

#endif /* _QOE_CRYPTO_H */
