// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * libFuzzer harness for the SSLKEYLOGFILE reader qoe-flowgen and
 * qoe_livefwd take their keys from (tools/common/qoe_keylog.c), and the
 * key schedule derived from what it accepts.
 *
 * The input is the file.  Oracles: no crash or sanitizer report (leaks
 * included); a refusal says why; every entry read has a label that ends
 * inside its buffer, a 32-byte client random and a secret of 1..48 bytes,
 * can be found again by its label, and derives keys (and next secrets)
 * for every cipher whose hash length it matches, or is refused cleanly.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qoe_crypto.h"
#include "qoe_engine.h"
#include "qoe_hkdf.h"
#include "qoe_keylog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned int ciphers[] = {
		QOE_CIPHER_AES_128_GCM, QOE_CIPHER_AES_256_GCM,
		QOE_CIPHER_CHACHA20_POLY1305, QOE_CIPHER_AES_128_CCM,
	};
	uint8_t key[QOE_MAX_KEY_LEN], iv[QOE_IV_LEN], hp[QOE_MAX_KEY_LEN];
	uint8_t next[QOE_HKDF_MAX_HASH_LEN];
	struct qoe_keylog kl = { 0 };
	char err[256] = "";
	size_t i, c;
	FILE *f;
	int ret;

	f = fmemopen((void *)data, size, "r");
	if (!f)
		return 0;
	ret = qoe_keylog_read(f, "fuzz", &kl, err, sizeof(err));
	fclose(f);
	if (ret < 0 && (!err[0] || ret != -EINVAL))
		abort();	/* a refusal says why (memory aside) */
	for (i = 0; i < kl.count; i++) {
		const struct qoe_keylog_entry *e = &kl.entries[i];

		if (!memchr(e->label, '\0', sizeof(e->label)) || !e->label[0] ||
		    e->secret_len == 0 || e->secret_len > QOE_KEYLOG_SECRET_MAX)
			abort();
		if (!qoe_keylog_find(&kl, e->label, NULL))
			abort();
		for (c = 0; c < sizeof(ciphers) / sizeof(ciphers[0]); c++) {
			ret = qoe_quic_derive_keys(ciphers[c], e->secret,
						   e->secret_len, key, iv, hp);
			if (ret == 0)
				ret = qoe_quic_next_secret(ciphers[c], e->secret,
							   e->secret_len, next);
			if (ret != 0 && ret != -EINVAL)
				abort();
		}
	}
	qoe_keylog_free(&kl);
	return 0;
}
