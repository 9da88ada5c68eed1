// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * tools/common: HKDF-Expand-Label against RFC 9001 A.1 and A.5, the key
 * update chain, bad inputs, and the SSLKEYLOGFILE parser.
 */
#include <stdint.h>
#include <stdlib.h>

#include "qoe_crypto.h"
#include "qoe_hkdf.h"
#include "qoe_keylog.h"
#include "../qoe_test.h"

QOE_TEST_MAIN

#define EXPECT_HEX(buf, hex)						\
	do {								\
		uint8_t _w[64];						\
		size_t _n = qoe_test_unhex((hex), _w, sizeof(_w));		\
		QOE_EXPECT_MEM((buf), _w, _n);				\
	} while (0)

/* RFC 9001 s5.2 / A.1 */
static const char salt_hex[] = "38762cf7f55934b34d179ae6a4c80cadccbb7f0a";
static const char dcid_hex[] = "8394c8f03e515708";

QOE_TEST(rfc9001_a1_initial_secret)
{
	uint8_t salt[20], dcid[8], prk[32];

	qoe_test_unhex(salt_hex, salt, sizeof(salt));
	qoe_test_unhex(dcid_hex, dcid, sizeof(dcid));
	QOE_EXPECT_EQ(qoe_hkdf_extract(QOE_HKDF_SHA256, salt, sizeof(salt),
				       dcid, sizeof(dcid), prk), 0);
	EXPECT_HEX(prk, "7db5df06e7a69e432496adedb00851923595221596ae2ae9fb8115c1e9ed0a44");
}

QOE_TEST(rfc9001_a1_client_and_server_keys)
{
	uint8_t dcid[8], cs[32], ss[32], key[32], iv[12], hp[32];

	qoe_test_unhex(dcid_hex, dcid, sizeof(dcid));
	QOE_EXPECT_EQ(qoe_quic_initial_secrets(dcid, sizeof(dcid), cs, ss), 0);
	EXPECT_HEX(cs, "c00cf151ca5be075ed0ebfb5c80323c42d6b7db67881289af4008f1f6c357aea");
	EXPECT_HEX(ss, "3c199828fd139efd216c155ad844cc81fb82fa8d7446fa7d78be803acdda951b");

	QOE_EXPECT_EQ(qoe_quic_derive_keys(QOE_CIPHER_AES_128_GCM, cs, 32, key,
					   iv, hp), 0);
	EXPECT_HEX(key, "1f369613dd76d5467730efcbe3b1a22d");
	EXPECT_HEX(iv, "fa044b2f42a3fd3b46fb255c");
	EXPECT_HEX(hp, "9f50449e04a0e810283a1e9933adedd2");

	QOE_EXPECT_EQ(qoe_quic_derive_keys(QOE_CIPHER_AES_128_GCM, ss, 32, key,
					   iv, hp), 0);
	EXPECT_HEX(key, "cf3a5331653c364c88f0f379b6067e37");
	EXPECT_HEX(iv, "0ac1493ca1905853b0bba03e");
	EXPECT_HEX(hp, "c206b8d9b9f0f37644430b490eeaa314");
}

QOE_TEST(rfc9001_a5_chacha20_keys_and_ku)
{
	uint8_t secret[32], key[32], iv[12], hp[32], ku[32];

	qoe_test_unhex("9ac312a7f877468ebe69422748ad00a15443f18203a07d6060f688f30f21632b",
	      secret, sizeof(secret));
	QOE_EXPECT_EQ(qoe_quic_derive_keys(QOE_CIPHER_CHACHA20_POLY1305, secret,
					   32, key, iv, hp), 0);
	EXPECT_HEX(key, "c6d98ff3441c3fe1b2182094f69caa2ed4b716b65488960a7a984979fb23e1c8");
	EXPECT_HEX(iv, "e0459b3474bdd0e44a41c144");
	EXPECT_HEX(hp, "25a282b9e82f06f21f488917a4fc8f1b73573685608597d0efcb076b0ab7a7a4");
	QOE_EXPECT_EQ(qoe_quic_next_secret(QOE_CIPHER_CHACHA20_POLY1305, secret,
					   32, ku), 0);
	EXPECT_HEX(ku, "1223504755036d556342ee9361d253421a826c9ecdf3c7148684b36b714881f9");
}

/* Each update changes key and IV; the HP key never rotates (RFC 9001 s6). */
QOE_TEST(key_update_chain)
{
	for (size_t c = 0; qoe_ciphers()[c].id; c++) {
		unsigned int cipher = qoe_ciphers()[c].id;
		size_t slen = qoe_hkdf_hash_len(qoe_quic_cipher_hash(cipher));
		size_t klen = qoe_cipher_key_len(cipher);
		uint8_t secret[4][48], key[4][32], iv[4][12], hp[32];

		QOE_EXPECT(slen == 32 || slen == 48);
		memset(secret[0], 0x5a, slen);
		for (int g = 0; g < 4; g++) {
			QOE_EXPECT_EQ(qoe_quic_derive_keys(cipher, secret[g], slen,
							   key[g], iv[g], hp), 0);
			if (g < 3)
				QOE_EXPECT_EQ(qoe_quic_next_secret(cipher, secret[g],
								   slen,
								   secret[g + 1]),
					      0);
		}
		for (int a = 0; a < 4; a++) {
			for (int b = a + 1; b < 4; b++) {
				QOE_EXPECT(memcmp(secret[a], secret[b], slen));
				QOE_EXPECT(memcmp(key[a], key[b], klen));
				QOE_EXPECT(memcmp(iv[a], iv[b], 12));
			}
		}
		/* Deterministic: the same secret gives the same next secret. */
		{
			uint8_t again[48];

			QOE_EXPECT_EQ(qoe_quic_next_secret(cipher, secret[0], slen,
							   again), 0);
			QOE_EXPECT_MEM(again, secret[1], slen);
		}
	}
	QOE_EXPECT_EQ(qoe_quic_cipher_hash(QOE_CIPHER_AES_256_GCM),
		      QOE_HKDF_SHA384);
}

QOE_TEST(bad_inputs_rejected)
{
	uint8_t secret[64] = { 7 }, key[32], iv[12], hp[32], out[64];
	char long_label[300];

	/* Secret length must be the suite's hash length. */
	QOE_EXPECT_EQ(qoe_quic_derive_keys(QOE_CIPHER_AES_128_GCM, secret, 33,
					   key, iv, hp), -EINVAL);
	QOE_EXPECT_EQ(qoe_quic_derive_keys(QOE_CIPHER_AES_128_GCM, secret, 64,
					   key, iv, hp), -EINVAL);
	QOE_EXPECT_EQ(qoe_quic_derive_keys(QOE_CIPHER_AES_256_GCM, secret, 32,
					   key, iv, hp), -EINVAL);
	QOE_EXPECT_EQ(qoe_quic_derive_keys(QOE_CIPHER_AES_128_GCM, secret, 0,
					   key, iv, hp), -EINVAL);
	QOE_EXPECT_EQ(qoe_quic_derive_keys(QOE_CIPHER_AES_128_GCM, NULL, 32,
					   key, iv, hp), -EINVAL);
	QOE_EXPECT_EQ(qoe_quic_derive_keys(QOE_CIPHER_AES_128_GCM, secret, 32,
					   NULL, iv, hp), -EINVAL);
	/* Unknown ciphers. */
	QOE_EXPECT_EQ(qoe_quic_derive_keys(0, secret, 32, key, iv, hp), -EINVAL);
	QOE_EXPECT_EQ(qoe_quic_derive_keys(QOE_CIPHER_MAX + 1, secret, 32, key, iv, hp),
		      -EINVAL);
	QOE_EXPECT_EQ(qoe_quic_next_secret(42, secret, 32, out), -EINVAL);
	QOE_EXPECT_EQ(qoe_quic_next_secret(QOE_CIPHER_AES_128_GCM, secret, 48,
					   out), -EINVAL);
	/* Generic HKDF limits. */
	QOE_EXPECT_EQ(qoe_hkdf_expand_label(QOE_HKDF_SHA256, secret, 16, "x",
					    NULL, 0, out, 16), -EINVAL);
	QOE_EXPECT_EQ(qoe_hkdf_expand_label(QOE_HKDF_SHA256, secret, 64, "x",
					    NULL, 0, out, 16), -EINVAL);
	QOE_EXPECT_EQ(qoe_hkdf_expand_label(0, secret, 32, "x", NULL, 0, out,
					    16), -EINVAL);
	QOE_EXPECT_EQ(qoe_hkdf_expand_label(QOE_HKDF_SHA256, secret, 32, "x",
					    NULL, 0, out, 0), -EINVAL);
	QOE_EXPECT_EQ(qoe_hkdf_expand_label(QOE_HKDF_SHA256, secret, 32, "x",
					    NULL, 0, out, 255 * 32 + 1), -EINVAL);
	memset(long_label, 'a', sizeof(long_label) - 1);
	long_label[sizeof(long_label) - 1] = 0;
	QOE_EXPECT_EQ(qoe_hkdf_expand_label(QOE_HKDF_SHA256, secret, 32,
					    long_label, NULL, 0, out, 16),
		      -EINVAL);
	QOE_EXPECT_EQ(qoe_hkdf_expand_label(QOE_HKDF_SHA256, secret, 32, "x",
					    NULL, 3, out, 16), -EINVAL);
	QOE_EXPECT_EQ(qoe_hkdf_extract(3, NULL, 0, secret, 8, out), -EINVAL);
	QOE_EXPECT_EQ(qoe_quic_initial_secrets(secret, 21, key, out), -EINVAL);
	/* The label and context are part of the output. */
	{
		uint8_t a[16], b[16];

		QOE_EXPECT_EQ(qoe_hkdf_expand_label(QOE_HKDF_SHA256, secret, 32,
						    "quic key", NULL, 0, a, 16), 0);
		QOE_EXPECT_EQ(qoe_hkdf_expand_label(QOE_HKDF_SHA256, secret, 32,
						    "quic key", secret, 1, b, 16),
			      0);
		QOE_EXPECT(memcmp(a, b, 16));
	}
}

static const char keylog_ok[] =
	"# SSL/TLS secrets log file, generated by OpenSSL\n"
	"\n"
	"CLIENT_HANDSHAKE_TRAFFIC_SECRET 0102030405060708091011121314151617181920212223242526272829303132 aaaa\n"
	"CLIENT_TRAFFIC_SECRET_0 0102030405060708091011121314151617181920212223242526272829303132 9ac312a7f877468ebe69422748ad00a15443f18203a07d6060f688f30f21632b\n"
	"SERVER_TRAFFIC_SECRET_0 0102030405060708091011121314151617181920212223242526272829303132 C00CF151CA5BE075ED0EBFB5C80323C42D6B7DB67881289AF4008F1F6C357AEA01020304050607080910111213141516\r\n"
	"CLIENT_TRAFFIC_SECRET_0 ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff 00112233";

QOE_TEST(keylog_parses_traffic_secrets)
{
	FILE *f = fmemopen((void *)keylog_ok, strlen(keylog_ok), "r");
	struct qoe_keylog kl = { 0 };
	const struct qoe_keylog_entry *c, *s, *other;
	uint8_t rnd[32], ff[32];
	char err[200] = "";

	QOE_EXPECT(f != NULL);
	if (!f)
		return;
	QOE_EXPECT_EQ(qoe_keylog_read(f, "mem", &kl, err, sizeof(err)), 0);
	fclose(f);
	QOE_EXPECT_EQ(kl.count, 4);
	qoe_test_unhex("0102030405060708091011121314151617181920212223242526272829303132",
	      rnd, sizeof(rnd));
	memset(ff, 0xff, sizeof(ff));
	c = qoe_keylog_find(&kl, "CLIENT_TRAFFIC_SECRET_0", rnd);
	s = qoe_keylog_find(&kl, "SERVER_TRAFFIC_SECRET_0", NULL);
	other = qoe_keylog_find(&kl, "CLIENT_TRAFFIC_SECRET_0", ff);
	QOE_EXPECT(c && s && other);
	if (c && s && other) {
		QOE_EXPECT_EQ(c->secret_len, 32);
		EXPECT_HEX(c->secret, "9ac312a7f877468ebe69422748ad00a15443f18203a07d6060f688f30f21632b");
		QOE_EXPECT_EQ(c->line, 4);
		QOE_EXPECT_EQ(s->secret_len, 48);
		EXPECT_HEX(s->secret, "c00cf151ca5be075ed0ebfb5c80323c42d6b7db67881289af4008f1f6c357aea01020304050607080910111213141516");
		QOE_EXPECT_EQ(other->secret_len, 4);
	}
	QOE_EXPECT(!qoe_keylog_find(&kl, "EXPORTER_SECRET", NULL));
	qoe_keylog_free(&kl);
	QOE_EXPECT_EQ(kl.count, 0);
}

QOE_TEST(keylog_malformed_lines_rejected)
{
	static const struct {
		const char *line, *why;
	} bad[] = {
		{ "CLIENT_TRAFFIC_SECRET_0", "expected 3 fields" },
		{ "CLIENT_TRAFFIC_SECRET_0 0102", "expected 3 fields" },
		{ "CLIENT_TRAFFIC_SECRET_0 0102 aabb", "client random is 4 hex digits" },
		{ "CLIENT_TRAFFIC_SECRET_0 zz02030405060708091011121314151617181920212223242526272829303132 aabb",
		  "client random is not hex" },
		{ "CLIENT_TRAFFIC_SECRET_0 0102030405060708091011121314151617181920212223242526272829303132 aab",
		  "secret is 3 hex digits" },
		{ "CLIENT_TRAFFIC_SECRET_0 0102030405060708091011121314151617181920212223242526272829303132 aaxx",
		  "secret is not hex" },
		{ "CLIENT_TRAFFIC_SECRET_0 0102030405060708091011121314151617181920212223242526272829303132 aabb cc",
		  "trailing data" },
		{ "CLIENT_TRAFFIC_SECRET_0 0102030405060708091011121314151617181920212223242526272829303132 "
		  "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff00",
		  "secret is 98 hex digits" },
	};
	struct qoe_keylog_entry e;
	char err[200];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = 0;
		QOE_EXPECT_EQ(qoe_keylog_parse_line(bad[i].line, &e, err,
						    sizeof(err)), -EINVAL);
		if (!strstr(err, bad[i].why))
			QOE_FAIL("line %zu: error \"%s\", expected \"%s\"", i,
				 err, bad[i].why);
	}
	QOE_EXPECT_EQ(qoe_keylog_parse_line("   ", &e, err, sizeof(err)), 0);
	QOE_EXPECT_EQ(qoe_keylog_parse_line("# c", &e, err, sizeof(err)), 0);

	/* A file reports the file name and line number of the bad line. */
	{
		static const char text[] = "# x\nCLIENT_TRAFFIC_SECRET_0 01 02\n";
		FILE *f = fmemopen((void *)text, strlen(text), "r");
		struct qoe_keylog kl = { 0 };

		QOE_EXPECT(f != NULL);
		if (!f)
			return;
		QOE_EXPECT_EQ(qoe_keylog_read(f, "keys.log", &kl, err,
					      sizeof(err)), -EINVAL);
		fclose(f);
		if (strncmp(err, "keys.log:2: ", 12))
			QOE_FAIL("error \"%s\" does not name keys.log:2", err);
		qoe_keylog_free(&kl);
	}
	QOE_EXPECT(qoe_keylog_load("/nonexistent/keys.log", &(struct qoe_keylog){ 0 },
				   err, sizeof(err)) == -ENOENT);
	QOE_EXPECT(strstr(err, "/nonexistent/keys.log") != NULL);
}
