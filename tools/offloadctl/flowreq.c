// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * add-flow / del-flow / key-update command lines -> struct qoe_ctl_flow_req.
 * Everything is checked here, before any backend is touched, so a typo is a
 * usage error (exit 2) and never half a request.
 *
 * Key material (key, iv, hp-key) never comes on the command line, where ps
 * and shell history show it: "@FILE" reads it from a file, "-" from one
 * line of stdin (several "-" read one line each, in argument order).  No
 * message ever prints it.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qoe/fw_abi.h>
#include <qoe/qoe_cipher.h>

#include "flowreq.h"

static int qoe_usage_err(const char *cmd, const char *fmt, const char *arg)
{
	fprintf(stderr, "offloadctl: %s: ", cmd);
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n");
	return -1;
}

/* @base 10 for ports, PNs and phases (":0443" is 443); 0 for handles */
static int qoe_parse_u64(const char *s, uint64_t max, int base, uint64_t *out)
{
	char *end;

	if (!*s || *s == '-' || *s == '+')
		return -1;
	errno = 0;
	*out = strtoull(s, &end, base);
	return errno || *end || *out > max ? -1 : 0;
}

static int qoe_parse_hex(const char *s, uint8_t *out, size_t max, size_t *len)
{
	size_t n = strlen(s);

	if (n >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		n -= 2;
	}
	if (n % 2 || n / 2 > max)
		return -1;
	for (size_t i = 0; i < n / 2; i++) {
		unsigned int b;

		if (sscanf(s + 2 * i, "%2x", &b) != 1 || !strchr("0123456789abcdefABCDEF", s[2 * i]) ||
		    !strchr("0123456789abcdefABCDEF", s[2 * i + 1]))
			return -1;
		out[i] = (uint8_t)b;
	}
	*len = n / 2;
	return 0;
}

/* "192.0.2.1:443" or "[2001:db8::1]:443" */
static int qoe_parse_addr(const char *s, uint8_t addr[16], uint16_t *port, unsigned int *family)
{
	char host[64];
	const char *colon;
	uint64_t p;
	size_t hlen;

	if (s[0] == '[') {
		const char *close = strchr(s, ']');

		if (!close || close[1] != ':')
			return -1;
		hlen = (size_t)(close - s - 1);
		if (hlen >= sizeof(host))
			return -1;
		memcpy(host, s + 1, hlen);
		host[hlen] = '\0';
		colon = close + 1;
		*family = QOE_FAMILY_IPV6;
	} else {
		colon = strrchr(s, ':');
		if (!colon)
			return -1;
		hlen = (size_t)(colon - s);
		if (hlen >= sizeof(host))
			return -1;
		memcpy(host, s, hlen);
		host[hlen] = '\0';
		*family = QOE_FAMILY_IPV4;
	}
	if (qoe_parse_u64(colon + 1, 65535, 10, &p) || p == 0)
		return -1;
	*port = (uint16_t)p;
	memset(addr, 0, 16);
	return inet_pton(*family == QOE_FAMILY_IPV6 ? AF_INET6 : AF_INET, host, addr) == 1 ? 0 : -1;
}

/*
 * The hex text of a key argument, from "@FILE" or "-" (stdin), trimmed,
 * into @buf.  -1 with a message naming @what (never the bytes).
 */
static int qoe_read_secret(const char *cmd, const char *what, const char *a,
			   char *buf, size_t cap)
{
	FILE *f = NULL;
	size_t n;
	char *p;

	if (!strcmp(a, "-")) {
		if (!fgets(buf, (int)cap, stdin))
			return qoe_usage_err(cmd, "%s -: nothing to read on stdin", what);
	} else if (a[0] == '@' && a[1]) {
		f = fopen(a + 1, "r");
		if (!f) {
			fprintf(stderr, "offloadctl: %s: %s %s: %s\n", cmd, what, a,
				strerror(errno));
			return -1;
		}
		n = fread(buf, 1, cap - 1, f);
		buf[n] = '\0';
		fclose(f);
	} else {
		fprintf(stderr, "offloadctl: %s: %s is not taken on the command line "
			"(ps shows it): give %s @FILE or %s - (stdin)\n", cmd, what,
			what, what);
		return -1;
	}
	for (p = buf; *p == ' ' || *p == '\t'; p++)
		;
	n = strcspn(p, " \t\r\n");
	memmove(buf, p, n);
	buf[n] = '\0';
	return 0;
}

/* A key argument: read as above, parsed, the text wiped. */
static int qoe_parse_secret(const char *cmd, const char *what, const char *a,
			    uint8_t *out, size_t max, size_t *len)
{
	char buf[2 * QOE_MAX_KEY_LEN + 8];
	int ret;

	if (qoe_read_secret(cmd, what, a, buf, sizeof(buf))) {
		explicit_bzero(buf, sizeof(buf));
		return -1;
	}
	ret = qoe_parse_hex(buf, out, max, len);
	explicit_bzero(buf, sizeof(buf));
	return ret ? 1 : 0;
}

static size_t qoe_cipher_key_len(unsigned int cipher)
{
	const struct qoe_cipher_desc *d = qoe_cipher_find(cipher);

	return d ? d->key_len : 0;
}

int qoe_ctl_parse_flow_req(const char *cmd, int argc, char **argv, struct qoe_ctl_flow_req *r)
{
	bool add = !strcmp(cmd, "add-flow"), kupd = !strcmp(cmd, "key-update");
	bool have_dir = false, have_cipher = false, have_local = false, have_remote = false,
	     have_handle = false, have_phase = false;
	unsigned int lfam = 0, rfam = 0;
	uint64_t v;

	memset(r, 0, sizeof(*r));
	r->cipher = QOE_CIPHER_AES_128_GCM;
	for (int i = 0; i < argc; i++) {
		const char *k = argv[i], *a = i + 1 < argc ? argv[i + 1] : NULL;

		if (!a)
			return qoe_usage_err(cmd, "'%s' needs a value", k);
		i++;
		if (!strcmp(k, "dev")) {
			r->dev = a;
		} else if (!strcmp(k, "handle") && !add) {
			if (qoe_parse_u64(a, UINT32_MAX, 0, &v) || !v)
				return qoe_usage_err(cmd, "bad handle '%s'", a);
			r->handle = (uint32_t)v;
			have_handle = true;
		} else if (!strcmp(k, "dir") && add) {
			if (strcmp(a, "tx") && strcmp(a, "rx"))
				return qoe_usage_err(cmd, "dir must be tx or rx, not '%s'", a);
			r->dir = strcmp(a, "tx") ? QOE_DIR_RX : QOE_DIR_TX;
			have_dir = true;
		} else if (!strcmp(k, "cipher") && add) {
			int c = qoe_ctl_cipher_parse(a);

			if (c < 0)
				return qoe_usage_err(cmd, "unknown cipher '%s' (aes-128-gcm, aes-256-gcm, chacha20-poly1305)", a);
			r->cipher = (unsigned int)c;
			have_cipher = true;
		} else if (!strcmp(k, "cid") && add) {
			if (qoe_parse_hex(a, r->cid, sizeof(r->cid), &r->cid_len))
				return qoe_usage_err(cmd, "bad cid '%s' (hex, at most 20 bytes)", a);
		} else if (!strcmp(k, "local") && add) {
			if (qoe_parse_addr(a, r->local_addr, &r->local_port, &lfam))
				return qoe_usage_err(cmd, "bad local address '%s' (ADDR:PORT or [ADDR6]:PORT)", a);
			have_local = true;
		} else if (!strcmp(k, "remote") && add) {
			if (qoe_parse_addr(a, r->remote_addr, &r->remote_port, &rfam))
				return qoe_usage_err(cmd, "bad remote address '%s' (ADDR:PORT or [ADDR6]:PORT)", a);
			have_remote = true;
		} else if (!strcmp(k, "pn") && add) {
			if (!strcmp(a, "none")) {
				r->pn = QOE_PN_NONE;
			} else if (qoe_parse_u64(a, QOE_PN_MAX, 10, &r->pn)) {
				return qoe_usage_err(cmd, "bad packet number '%s'", a);
			}
			r->pn_set = true;
		} else if ((!strcmp(k, "key-phase") && add) || (!strcmp(k, "phase") && kupd)) {
			if (qoe_parse_u64(a, 1, 10, &v))
				return qoe_usage_err(cmd, "key phase must be 0 or 1, not '%s'", a);
			r->key_phase = (unsigned int)v;
			have_phase = true;
		} else if (!strcmp(k, "fail-action") && add) {
			if (strcmp(a, "deliver") && strcmp(a, "drop"))
				return qoe_usage_err(cmd, "fail-action must be deliver or drop, not '%s'", a);
			r->fail_action = strcmp(a, "drop") ? QOE_FAIL_DELIVER : QOE_FAIL_DROP;
		} else if (!strcmp(k, "key") && (add || kupd)) {
			int e = qoe_parse_secret(cmd, k, a, r->key, sizeof(r->key), &r->key_len);

			if (e < 0)
				return -1;
			if (e || (r->key_len != 16 && r->key_len != 32))
				return qoe_usage_err(cmd, "%s", "bad key (16 or 32 bytes of hex)");
		} else if (!strcmp(k, "iv") && (add || kupd)) {
			int e = qoe_parse_secret(cmd, k, a, r->iv, sizeof(r->iv), &r->iv_len);

			if (e < 0)
				return -1;
			if (e || r->iv_len != QOE_IV_LEN)
				return qoe_usage_err(cmd, "%s", "bad iv (12 bytes of hex)");
		} else if (!strcmp(k, "hp-key") && add) {
			int e = qoe_parse_secret(cmd, k, a, r->hp_key, sizeof(r->hp_key),
						 &r->hp_key_len);

			if (e < 0)
				return -1;
			if (e || (r->hp_key_len != 16 && r->hp_key_len != 32))
				return qoe_usage_err(cmd, "%s", "bad hp-key (16 or 32 bytes of hex)");
		} else {
			return qoe_usage_err(cmd, "unknown argument '%s'", k);
		}
	}
	if (!r->dev)
		return qoe_usage_err(cmd, "%s", "dev DEV is required");
	if (!add) {
		if (!have_handle)
			return qoe_usage_err(cmd, "%s", "handle HANDLE is required");
		if (kupd && (!have_phase || !r->key_len || !r->iv_len))
			return qoe_usage_err(cmd, "%s", "phase, key and iv are required");
		return 0;
	}
	if (!have_dir || !have_cipher || !have_local || !have_remote || !r->key_len ||
	    !r->iv_len || !r->hp_key_len)
		return qoe_usage_err(cmd, "%s",
				     "dir, cipher, local, remote, key, iv and hp-key are required");
	if (lfam != rfam)
		return qoe_usage_err(cmd, "%s", "local and remote must both be IPv4 or both IPv6");
	r->family = lfam;
	if (r->key_len != qoe_cipher_key_len(r->cipher) ||
	    r->hp_key_len != qoe_cipher_key_len(r->cipher))
		return qoe_usage_err(cmd, "key and hp-key must be %s bytes for this cipher",
				     qoe_cipher_key_len(r->cipher) == 16 ? "16" : "32");
	if (!r->pn_set)
		r->pn = r->dir == QOE_DIR_RX ? QOE_PN_NONE : 0;
	return 0;
}
