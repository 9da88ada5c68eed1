// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * qoe_flowgen: turn an SSLKEYLOGFILE of one QUIC connection into a net_qoe
 * flows file (Documentation/dpdk-pmd.rst), the keys a NIC would be given.
 *
 *   qoe_flowgen <keylog> <cipher> <rx|tx> <client ip:port> <server ip:port>
 *               <client cid hex> <server cid hex>
 *
 * Prints one flow per direction of the connection.  rx: flows that decrypt
 * what each side received (local = receiver); tx: flows that protect what
 * each side sent (local = sender).  key0 comes from *_TRAFFIC_SECRET_0, key1
 * from the next secret ("quic ku"), so one key update is covered.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "qoe_crypto.h"
#include "qoe_engine.h"
#include "qoe_hkdf.h"
#include "qoe_keylog.h"

static void
hex(FILE *f, const char *name, const uint8_t *p, size_t n)
{
	size_t i;

	fprintf(f, " %s=", name);
	for (i = 0; i < n; i++)
		fprintf(f, "%02x", p[i]);
}

/* One direction: packets sent by @from to @to, DCID @cid, keys @label. */
static int
emit(const struct qoe_keylog *kl, int cipher, const char *cname, bool rx,
     const char *from, const char *to, const char *cid, const char *label)
{
	const struct qoe_keylog_entry *e = qoe_keylog_find(kl, label, NULL);
	uint8_t key[2][QOE_MAX_KEY_LEN], iv[2][QOE_IV_LEN];
	uint8_t hp[QOE_MAX_KEY_LEN], hp_next[QOE_MAX_KEY_LEN];
	uint8_t next[QOE_HKDF_MAX_HASH_LEN];
	size_t klen = qoe_cipher_key_len((unsigned int)cipher);
	int ret;

	if (e == NULL) {
		fprintf(stderr, "qoe_flowgen: keylog has no %s\n", label);
		return -ENOENT;
	}
	ret = qoe_quic_derive_keys((unsigned int)cipher, e->secret,
				   e->secret_len, key[0], iv[0], hp);
	if (ret == 0)
		ret = qoe_quic_next_secret((unsigned int)cipher, e->secret,
					   e->secret_len, next);
	if (ret == 0)
		ret = qoe_quic_derive_keys((unsigned int)cipher, next,
					   e->secret_len, key[1], iv[1],
					   hp_next);	/* HP keys never rotate */
	if (ret != 0) {
		fprintf(stderr, "qoe_flowgen: %s: cannot derive keys (%s)\n",
			label, strerror(-ret));
		return ret;
	}
	printf("%s %s %s %s cid=%s", rx ? "rx" : "tx", cname, rx ? to : from,
	       rx ? from : to, cid);
	hex(stdout, "hp", hp, klen);
	hex(stdout, "key0", key[0], klen);
	hex(stdout, "iv0", iv[0], QOE_IV_LEN);
	hex(stdout, "key1", key[1], klen);
	hex(stdout, "iv1", iv[1], QOE_IV_LEN);
	printf("%s\n", rx ? "" : " pn=0");
	return 0;
}

int
main(int argc, char **argv)
{
	struct qoe_keylog kl = { 0 };
	char err[256];
	int cipher, ret;
	bool rx;

	if (argc != 8) {
		fprintf(stderr, "usage: qoe_flowgen <keylog> <cipher> <rx|tx> <client ip:port> <server ip:port> <client cid hex> <server cid hex>\n");
		return 2;
	}
	cipher = qoe_cipher_from_name(argv[2]);
	if (cipher < 0 || (strcmp(argv[3], "rx") && strcmp(argv[3], "tx"))) {
		fprintf(stderr, "qoe_flowgen: bad cipher %s or direction %s\n",
			argv[2], argv[3]);
		return 2;
	}
	rx = strcmp(argv[3], "rx") == 0;
	ret = qoe_keylog_load(argv[1], &kl, err, sizeof(err));
	if (ret != 0) {
		fprintf(stderr, "qoe_flowgen: %s\n", err);
		return 1;
	}
	printf("# %s flows of %s -> %s and back, from %s\n", argv[3], argv[4],
	       argv[5], argv[1]);
	/* client -> server packets carry the server's CID */
	ret = emit(&kl, cipher, argv[2], rx, argv[4], argv[5], argv[7],
		   "CLIENT_TRAFFIC_SECRET_0");
	if (ret == 0)
		ret = emit(&kl, cipher, argv[2], rx, argv[5], argv[4], argv[6],
			   "SERVER_TRAFFIC_SECRET_0");
	qoe_keylog_free(&kl);
	return ret == 0 ? 0 : 1;
}
