// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * qoe-flowgen: turn the SSLKEYLOGFILE of one QUIC connection into a net_qoe
 * flows file (Documentation/dpdk-pmd.rst, "Flows file"): the keys a NIC
 * would be given for it.
 *
 *   qoe-flowgen [-g N] [-u U] <keylog> <cipher> <rx|tx> <client ip:port>
 *               <server ip:port> <client cid hex> <server cid hex>
 *
 * Prints one flow per direction of the connection.  rx: flows that decrypt
 * what each side received (local = receiver); tx: flows that protect what
 * each side sent (local = sender).  The header-protection key comes from
 * the first traffic secret only (it never rotates, RFC 9001 s6).  The
 * payload keys are those of key generations N (default 0: the handshake's
 * secret) to N + U (default 1), each next secret derived with "quic ku":
 * a flow installed after the connection's N-th key update follows the
 * next U without host help.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qoe_crypto.h"
#include "qoe_engine.h"
#include "qoe_hkdf.h"
#include "qoe_keylog.h"

#define QOE_FLOWGEN_MAX_GEN	1000000
/* what a flows file line holds (dpdk-pmd/qoe_flow_spec.c) */
#define QOE_FLOWGEN_MAX_KEYS	64

static void
hex(FILE *f, const char *name, const uint8_t *p, size_t n)
{
	size_t i;

	fprintf(f, " %s=", name);
	for (i = 0; i < n; i++)
		fprintf(f, "%02x", p[i]);
}

/*
 * One direction: packets sent by @from to @to, DCID @cid, secrets from
 * @label; the keys of generations @gen .. @gen + @updates.  Generation G
 * is key<N>, N = (G - gen) ^ (gen % 2): phase G % 2's keys in the order
 * that phase uses them, as the flows file counts.
 */
static int
emit(const struct qoe_keylog *kl, int cipher, const char *cname, bool rx,
     const char *from, const char *to, const char *cid, const char *label,
     unsigned long gen, unsigned int updates)
{
	const struct qoe_keylog_entry *e = qoe_keylog_find(kl, label, NULL);
	uint8_t key[QOE_FLOWGEN_MAX_KEYS][QOE_MAX_KEY_LEN];
	uint8_t iv[QOE_FLOWGEN_MAX_KEYS][QOE_IV_LEN];
	uint8_t hp[QOE_MAX_KEY_LEN], unused_hp[QOE_MAX_KEY_LEN];
	uint8_t secret[QOE_HKDF_MAX_HASH_LEN], next[QOE_HKDF_MAX_HASH_LEN];
	size_t klen = qoe_cipher_key_len((unsigned int)cipher);
	unsigned int n = updates + 1, i;
	unsigned long g;
	char name[16];
	int ret;

	if (e == NULL) {
		fprintf(stderr, "qoe-flowgen: keylog has no %s\n", label);
		return -ENOENT;
	}
	memcpy(secret, e->secret, e->secret_len);
	/* HP keys never rotate: the first secret's */
	ret = qoe_quic_derive_keys((unsigned int)cipher, secret,
				   e->secret_len, key[0], iv[0], hp);
	for (g = 0; ret == 0 && g < gen + n; g++) {
		if (g >= gen) {
			i = (unsigned int)((g - gen) ^ (gen % 2));
			ret = qoe_quic_derive_keys((unsigned int)cipher, secret,
						   e->secret_len, key[i], iv[i],
						   unused_hp);
		}
		if (ret == 0 && g + 1 < gen + n)
			ret = qoe_quic_next_secret((unsigned int)cipher, secret,
						   e->secret_len, next);
		if (ret == 0)
			memcpy(secret, next, e->secret_len);
	}
	qoe_wipe(secret, sizeof(secret));
	qoe_wipe(next, sizeof(next));
	if (ret != 0) {
		fprintf(stderr, "qoe-flowgen: %s: cannot derive keys (%s)\n",
			label, strerror(-ret));
		goto out;
	}
	printf("%s %s %s %s cid=%s", rx ? "rx" : "tx", cname, rx ? to : from,
	       rx ? from : to, cid);
	hex(stdout, "hp", hp, klen);
	/* in index order: key0, key1, ... (with an odd gen and an odd n the
	 * last index is n, and n - 1 is not used yet) */
	for (i = 0; i < QOE_FLOWGEN_MAX_KEYS; i++) {
		unsigned long gi = gen + (i ^ (gen % 2));

		if (gi >= gen + n)
			continue;
		snprintf(name, sizeof(name), "key%u", i);
		hex(stdout, name, key[i], klen);
		snprintf(name, sizeof(name), "iv%u", i);
		hex(stdout, name, iv[i], QOE_IV_LEN);
	}
	printf(" phase=%lu%s\n", gen % 2, rx ? "" : " pn=0");
out:
	/* a memset before return may be elided: the keys must go */
	qoe_wipe(key, sizeof(key));
	qoe_wipe(iv, sizeof(iv));
	qoe_wipe(hp, sizeof(hp));
	qoe_wipe(unused_hp, sizeof(unused_hp));
	return ret;
}

static void
usage(FILE *f)
{
	fprintf(f,
		"usage: qoe-flowgen [-g N] [-u U] <keylog> <cipher> <rx|tx> <client ip:port> <server ip:port>\n"
		"                   <client cid hex> <server cid hex>\n"
		"  A net_qoe flows file (one flow per direction) from an SSLKEYLOGFILE.\n"
		"  rx: flows that decrypt what each side received; tx: that protect what it sent.\n"
		"  -g N  start at key generation N (after N key updates; default 0)\n"
		"  -u U  keys for U key updates after it: generations N..N+U (1..63; default 1)\n"
		"  cipher: aes-128-gcm, aes-256-gcm, chacha20-poly1305, aes-128-ccm\n");
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "generation", required_argument, NULL, 'g' },
		{ "updates", required_argument, NULL, 'u' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct qoe_keylog kl = { 0 };
	unsigned long gen = 0, updates = 1;
	char err[256], *end;
	int cipher, ret, c;
	bool rx;

	while ((c = getopt_long(argc, argv, "g:u:h", opts, NULL)) != -1) {
		switch (c) {
		case 'g':
			errno = 0;
			gen = strtoul(optarg, &end, 10);
			if (errno || *end || !*optarg || optarg[0] == '-' ||
			    gen > QOE_FLOWGEN_MAX_GEN) {
				fprintf(stderr, "qoe-flowgen: -g %s: expected a generation 0..%d\n",
					optarg, QOE_FLOWGEN_MAX_GEN);
				return 2;
			}
			break;
		case 'u':
			errno = 0;
			updates = strtoul(optarg, &end, 10);
			if (errno || *end || !*optarg || optarg[0] == '-' ||
			    updates < 1 || updates >= QOE_FLOWGEN_MAX_KEYS) {
				fprintf(stderr, "qoe-flowgen: -u %s: expected 1..%d key updates\n",
					optarg, QOE_FLOWGEN_MAX_KEYS - 1);
				return 2;
			}
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (argc - optind != 7) {
		usage(stderr);
		return 2;
	}
	argv += optind;
	cipher = qoe_cipher_from_name(argv[1]);
	if (cipher < 0 || (strcmp(argv[2], "rx") && strcmp(argv[2], "tx"))) {
		fprintf(stderr, "qoe-flowgen: bad cipher %s or direction %s\n",
			argv[1], argv[2]);
		return 2;
	}
	rx = strcmp(argv[2], "rx") == 0;
	ret = qoe_keylog_load(argv[0], &kl, err, sizeof(err));
	if (ret != 0) {
		fprintf(stderr, "qoe-flowgen: %s\n", err);
		return 1;
	}
	printf("# %s flows of %s -> %s and back, key generations %lu..%lu, from %s\n",
	       argv[2], argv[3], argv[4], gen, gen + updates, argv[0]);
	/* client -> server packets carry the server's CID */
	ret = emit(&kl, cipher, argv[1], rx, argv[3], argv[4], argv[6],
		   "CLIENT_TRAFFIC_SECRET_0", gen, (unsigned int)updates);
	if (ret == 0)
		ret = emit(&kl, cipher, argv[1], rx, argv[4], argv[3], argv[5],
			   "SERVER_TRAFFIC_SECRET_0", gen, (unsigned int)updates);
	qoe_keylog_free(&kl);
	return ret == 0 ? 0 : 1;
}
