// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/* HKDF (RFC 5869) with TLS 1.3 labels, on OpenSSL 3's EVP_KDF. */
#include "qoe_hkdf.h"

#include <errno.h>
#include <string.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include "qoe_crypto.h"

#define QOE_TLS13_LABEL_PREFIX	"tls13 "
#define QOE_HKDF_LABEL_MAX	255	/* opaque label<7..255> */
#define QOE_HKDF_CONTEXT_MAX	255	/* opaque context<0..255> */

/* RFC 9001 s5.2 initial_salt for QUIC version 1. */
static const uint8_t qoe_quic_v1_salt[] = {
	0x38, 0x76, 0x2c, 0xf7, 0xf5, 0x59, 0x34, 0xb3, 0x4d, 0x17,
	0x9a, 0xe6, 0xa4, 0xc8, 0x0c, 0xad, 0xcc, 0xbb, 0x7f, 0x0a,
};

size_t qoe_hkdf_hash_len(enum qoe_hkdf_hash hash)
{
	switch (hash) {
	case QOE_HKDF_SHA256:
		return 32;
	case QOE_HKDF_SHA384:
		return 48;
	default:
		return 0;
	}
}

static const char *qoe_hkdf_digest(enum qoe_hkdf_hash hash)
{
	return hash == QOE_HKDF_SHA384 ? "SHA384" : "SHA256";
}

enum qoe_hkdf_hash qoe_quic_cipher_hash(unsigned int cipher)
{
	const struct qoe_cipher_desc *d = qoe_cipher_find(cipher);

	if (!d)
		return 0;
	return d->hash_len == 48 ? QOE_HKDF_SHA384 : QOE_HKDF_SHA256;
}

static int qoe_hkdf_run(enum qoe_hkdf_hash hash, int mode,
			const uint8_t *key, size_t key_len,
			const uint8_t *salt, size_t salt_len,
			const uint8_t *info, size_t info_len,
			uint8_t *out, size_t out_len)
{
	OSSL_PARAM params[6], *p = params;
	EVP_KDF_CTX *kctx;
	EVP_KDF *kdf;
	int ret;

	kdf = EVP_KDF_fetch(NULL, "HKDF", NULL);
	if (!kdf)
		return -ENOSYS;
	kctx = EVP_KDF_CTX_new(kdf);
	EVP_KDF_free(kdf);
	if (!kctx)
		return -ENOMEM;
	*p++ = OSSL_PARAM_construct_int(OSSL_KDF_PARAM_MODE, &mode);
	*p++ = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
						(char *)qoe_hkdf_digest(hash), 0);
	*p++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY,
						 (void *)key, key_len);
	if (salt)
		*p++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT,
							 (void *)salt, salt_len);
	if (info)
		*p++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO,
							 (void *)info, info_len);
	*p = OSSL_PARAM_construct_end();
	ret = EVP_KDF_derive(kctx, out, out_len, params) == 1 ? 0 : -EIO;
	EVP_KDF_CTX_free(kctx);
	return ret;
}

int qoe_hkdf_extract(enum qoe_hkdf_hash hash, const uint8_t *salt,
		     size_t salt_len, const uint8_t *ikm, size_t ikm_len,
		     uint8_t *prk)
{
	static const uint8_t empty[1];
	size_t hlen = qoe_hkdf_hash_len(hash);

	if (!hlen || !prk || (salt_len && !salt) || (ikm_len && !ikm))
		return -EINVAL;
	/* OpenSSL refuses an empty key; HKDF allows an empty IKM. */
	return qoe_hkdf_run(hash, EVP_KDF_HKDF_MODE_EXTRACT_ONLY,
			    ikm_len ? ikm : empty, ikm_len, salt ? salt : empty,
			    salt_len, NULL, 0, prk, hlen);
}

int qoe_hkdf_expand_label(enum qoe_hkdf_hash hash, const uint8_t *secret,
			  size_t secret_len, const char *label,
			  const uint8_t *context, size_t context_len,
			  uint8_t *out, size_t out_len)
{
	uint8_t info[2 + 1 + QOE_HKDF_LABEL_MAX + 1 + QOE_HKDF_CONTEXT_MAX];
	size_t hlen = qoe_hkdf_hash_len(hash), pre = strlen(QOE_TLS13_LABEL_PREFIX);
	size_t label_len, n = 0;
	int ret;

	if (!hlen || !secret || !label || !out || (context_len && !context))
		return -EINVAL;
	label_len = strlen(label);
	/* RFC 5869: PRK >= HashLen, output <= 255 * HashLen (and uint16). */
	if (secret_len < hlen || secret_len > QOE_HKDF_MAX_HASH_LEN ||
	    !out_len || out_len > 255 * hlen || out_len > 0xffff ||
	    pre + label_len > QOE_HKDF_LABEL_MAX ||
	    context_len > QOE_HKDF_CONTEXT_MAX)
		return -EINVAL;
	info[n++] = (uint8_t)(out_len >> 8);
	info[n++] = (uint8_t)out_len;
	info[n++] = (uint8_t)(pre + label_len);
	memcpy(info + n, QOE_TLS13_LABEL_PREFIX, pre);
	n += pre;
	memcpy(info + n, label, label_len);
	n += label_len;
	info[n++] = (uint8_t)context_len;
	if (context_len)
		memcpy(info + n, context, context_len);
	n += context_len;
	ret = qoe_hkdf_run(hash, EVP_KDF_HKDF_MODE_EXPAND_ONLY, secret,
			   secret_len, NULL, 0, info, n, out, out_len);
	OPENSSL_cleanse(info, sizeof(info));
	return ret;
}

/* Traffic secrets are exactly the suite's hash length (RFC 8446 s7.1). */
static int qoe_quic_secret_ok(unsigned int cipher, const uint8_t *secret,
			      size_t secret_len, enum qoe_hkdf_hash *hash)
{
	*hash = qoe_quic_cipher_hash(cipher);
	if (!*hash || !secret || secret_len != qoe_hkdf_hash_len(*hash))
		return -EINVAL;
	return 0;
}

int qoe_quic_derive_keys(unsigned int cipher, const uint8_t *secret,
			 size_t secret_len, uint8_t *key, uint8_t *iv,
			 uint8_t *hp)
{
	size_t klen = qoe_cipher_key_len(cipher);
	enum qoe_hkdf_hash hash;
	int ret;

	ret = qoe_quic_secret_ok(cipher, secret, secret_len, &hash);
	if (ret)
		return ret;
	if (!key || !iv || !hp)
		return -EINVAL;
	ret = qoe_hkdf_expand_label(hash, secret, secret_len, "quic key",
				    NULL, 0, key, klen);
	if (!ret)
		ret = qoe_hkdf_expand_label(hash, secret, secret_len, "quic iv",
					    NULL, 0, iv, QOE_IV_LEN);
	if (!ret)
		ret = qoe_hkdf_expand_label(hash, secret, secret_len, "quic hp",
					    NULL, 0, hp, klen);
	if (ret) {
		OPENSSL_cleanse(key, klen);
		OPENSSL_cleanse(iv, QOE_IV_LEN);
		OPENSSL_cleanse(hp, klen);
	}
	return ret;
}

int qoe_quic_next_secret(unsigned int cipher, const uint8_t *secret,
			 size_t secret_len, uint8_t *next)
{
	enum qoe_hkdf_hash hash;
	int ret;

	ret = qoe_quic_secret_ok(cipher, secret, secret_len, &hash);
	if (ret)
		return ret;
	if (!next)
		return -EINVAL;
	return qoe_hkdf_expand_label(hash, secret, secret_len, "quic ku",
				     NULL, 0, next, secret_len);
}

int qoe_quic_initial_secrets(const uint8_t *dcid, size_t dcid_len,
			     uint8_t client[QOE_QUIC_INITIAL_SECRET_LEN],
			     uint8_t server[QOE_QUIC_INITIAL_SECRET_LEN])
{
	uint8_t initial[QOE_QUIC_INITIAL_SECRET_LEN];
	int ret;

	if ((dcid_len && !dcid) || dcid_len > QOE_MAX_CID_LEN || !client ||
	    !server)
		return -EINVAL;
	ret = qoe_hkdf_extract(QOE_HKDF_SHA256, qoe_quic_v1_salt,
			       sizeof(qoe_quic_v1_salt), dcid, dcid_len,
			       initial);
	if (!ret)
		ret = qoe_hkdf_expand_label(QOE_HKDF_SHA256, initial,
					    sizeof(initial), "client in", NULL,
					    0, client,
					    QOE_QUIC_INITIAL_SECRET_LEN);
	if (!ret)
		ret = qoe_hkdf_expand_label(QOE_HKDF_SHA256, initial,
					    sizeof(initial), "server in", NULL,
					    0, server,
					    QOE_QUIC_INITIAL_SECRET_LEN);
	OPENSSL_cleanse(initial, sizeof(initial));
	return ret;
}
