/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause) */
/*
 * TLS 1.3 / QUIC key schedule pieces (RFC 8446 s7.1, RFC 9001 s5): what a
 * host derives from a traffic secret before handing keys to the device.
 * All functions return 0 or a negative errno (-EINVAL on bad input).
 */
#ifndef _QOE_HKDF_H
#define _QOE_HKDF_H

#include <stddef.h>
#include <stdint.h>
#include <qoe/fw_abi.h>

#define QOE_HKDF_MAX_HASH_LEN	48	/* SHA-384 */
#define QOE_QUIC_INITIAL_SECRET_LEN 32

enum qoe_hkdf_hash {
	QOE_HKDF_SHA256 = 1,
	QOE_HKDF_SHA384 = 2,
};

/* Digest length of @hash, 0 if unknown. */
size_t qoe_hkdf_hash_len(enum qoe_hkdf_hash hash);
/* The TLS 1.3 suite hash of a QUIC cipher; 0 if the cipher is unknown. */
enum qoe_hkdf_hash qoe_quic_cipher_hash(unsigned int cipher);

/* PRK = HMAC-Hash(salt, ikm); writes qoe_hkdf_hash_len(hash) bytes. */
int qoe_hkdf_extract(enum qoe_hkdf_hash hash, const uint8_t *salt,
		     size_t salt_len, const uint8_t *ikm, size_t ikm_len,
		     uint8_t *prk);

/* HKDF-Expand(secret, HkdfLabel("tls13 " + label, context, out_len)). */
int qoe_hkdf_expand_label(enum qoe_hkdf_hash hash, const uint8_t *secret,
			  size_t secret_len, const char *label,
			  const uint8_t *context, size_t context_len,
			  uint8_t *out, size_t out_len);

/*
 * Packet protection keys from a traffic secret of the suite's hash length:
 * @key and @hp get qoe_cipher_key_len(cipher) bytes, @iv QOE_IV_LEN.
 */
int qoe_quic_derive_keys(unsigned int cipher, const uint8_t *secret,
			 size_t secret_len, uint8_t *key, uint8_t *iv,
			 uint8_t *hp);

/* Key update (RFC 9001 s6.1): next secret = Expand-Label(secret, "quic ku"). */
int qoe_quic_next_secret(unsigned int cipher, const uint8_t *secret,
			 size_t secret_len, uint8_t *next);

/* QUIC v1 Initial secrets from the client's first DCID (RFC 9001 s5.2). */
int qoe_quic_initial_secrets(const uint8_t *dcid, size_t dcid_len,
			     uint8_t client[QOE_QUIC_INITIAL_SECRET_LEN],
			     uint8_t server[QOE_QUIC_INITIAL_SECRET_LEN]);

#endif /* _QOE_HKDF_H */
