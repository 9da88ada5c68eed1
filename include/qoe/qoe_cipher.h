/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause) */
/*
 * The ciphers QUIC 1-RTT protection uses (RFC 9001 section 5), described
 * once: names, key lengths, which AEAD and header protection algorithm,
 * the TLS hash of the key schedule, the AEAD limits (RFC 9001 section
 * 6.6) and each backend's algorithm names.  The engine, its crypto
 * backends, the kernel backend, the PMD and offloadctl read this table;
 * a new cipher is a new row here plus its backends' calls.
 */
#ifndef _QOE_CIPHER_H
#define _QOE_CIPHER_H

#include <qoe/fw_abi.h>

/* The AEAD construction, for backends that call it by kind. */
enum qoe_aead_kind {
	QOE_AEAD_AES_GCM = 1,
	QOE_AEAD_CHACHA20_POLY1305 = 2,
	QOE_AEAD_AES_CCM = 3,
};

/* Header protection (RFC 9001 5.4.3, 5.4.4). */
enum qoe_hp_kind {
	QOE_HP_AES_ECB = 1,
	QOE_HP_CHACHA20 = 2,
};

/**
 * struct qoe_cipher_desc - one cipher
 * @id: enum qoe_cipher (the firmware ABI and uapi value)
 * @name: what users type and tools print ("aes-128-gcm")
 * @key_len: AEAD and header protection key bytes
 * @aead: enum qoe_aead_kind
 * @hp: enum qoe_hp_kind
 * @hash_len: the TLS hash of the cipher suite: 32 (SHA-256) or 48 (SHA-384)
 * @usage_limit: packets one key may protect (confidentiality limit)
 * @integrity_limit: forged packets an RX flow may see
 * @kernel_aead: the kernel crypto API's AEAD
 * @kernel_hp: the kernel crypto API's header protection cipher
 */
struct qoe_cipher_desc {
	__u8 id;
	const char *name;
	__u8 key_len;
	__u8 aead;
	__u8 hp;
	__u8 hash_len;
	__u64 usage_limit;
	__u64 integrity_limit;
	const char *kernel_aead;
	const char *kernel_hp;
};

/* The table; @id 0 ends it.  A function so no unit carries an unused copy. */
static inline const struct qoe_cipher_desc *qoe_ciphers(void)
{
	static const struct qoe_cipher_desc table[] = {
		{
			.id = QOE_CIPHER_AES_128_GCM, .name = "aes-128-gcm",
			.key_len = 16, .aead = QOE_AEAD_AES_GCM,
			.hp = QOE_HP_AES_ECB, .hash_len = 32,
			.usage_limit = 1ULL << 23, .integrity_limit = 1ULL << 52,
			.kernel_aead = "gcm(aes)", .kernel_hp = "ecb(aes)",
		},
		{
			.id = QOE_CIPHER_AES_256_GCM, .name = "aes-256-gcm",
			.key_len = 32, .aead = QOE_AEAD_AES_GCM,
			.hp = QOE_HP_AES_ECB, .hash_len = 48,
			.usage_limit = 1ULL << 23, .integrity_limit = 1ULL << 52,
			.kernel_aead = "gcm(aes)", .kernel_hp = "ecb(aes)",
		},
		{
			.id = QOE_CIPHER_CHACHA20_POLY1305,
			.name = "chacha20-poly1305",
			.key_len = 32, .aead = QOE_AEAD_CHACHA20_POLY1305,
			.hp = QOE_HP_CHACHA20, .hash_len = 32,
			/* no practical confidentiality limit (RFC 9001 6.6) */
			.usage_limit = 1ULL << 62, .integrity_limit = 1ULL << 36,
			.kernel_aead = "rfc7539(chacha20,poly1305)",
			.kernel_hp = "chacha20",
		},
		{
			/* RFC 9001 6.6, B.2: both limits are 2^21.5 packets */
			.id = QOE_CIPHER_AES_128_CCM, .name = "aes-128-ccm",
			.key_len = 16, .aead = QOE_AEAD_AES_CCM,
			.hp = QOE_HP_AES_ECB, .hash_len = 32,
			.usage_limit = 2965820, .integrity_limit = 2965820,
			.kernel_aead = "ccm(aes)", .kernel_hp = "ecb(aes)",
		},
		{ .id = 0 },
	};

	return table;
}

/* The descriptor of cipher @id, or NULL when the table has none. */
static inline const struct qoe_cipher_desc *qoe_cipher_find(unsigned int id)
{
	const struct qoe_cipher_desc *d;

	for (d = qoe_ciphers(); d->id; d++)
		if (d->id == id)
			return d;
	return (const struct qoe_cipher_desc *)0;
}

/* Rows in the table. */
static inline unsigned int qoe_cipher_count(void)
{
	unsigned int n = 0;

	while (qoe_ciphers()[n].id)
		n++;
	return n;
}

/* Bitmap of 1 << id over the table: what an engine can offer. */
static inline __u32 qoe_cipher_bitmap(void)
{
	const struct qoe_cipher_desc *d;
	__u32 map = 0;

	for (d = qoe_ciphers(); d->id; d++)
		map |= 1U << d->id;
	return map;
}

#endif /* _QOE_CIPHER_H */
