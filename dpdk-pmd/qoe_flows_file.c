/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause) */
/*
 * devargs flows=<file>: flows installed at probe, so plain testpmd can
 * offload traffic.  One flow per line ('#' starts a comment):
 *
 *   <tx|rx> <cipher> <local> <remote> hp=<hex> key0=<hex> iv0=<hex>
 *           [key1=<hex> iv1=<hex>] [cid=<hex>] [phase=0|1] [pn=<n>]
 *           [fail=deliver|drop]
 *
 * key<N>/iv<N> are the payload key of key phase N; phase= is the phase the
 * flow starts in (TX sends with it, RX expects it first).
 * <local>/<remote> are a.b.c.d:port or [v6]:port.  Any error names the file,
 * the line and the token, and fails the probe.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qoe_pmd.h"
#include "qoe_crypto.h"

struct flow_line {
	struct rte_pmd_qoe_flow f;
	uint8_t key[2][QOE_MAX_KEY_LEN];
	uint8_t iv[2][QOE_IV_LEN];
	bool has_key[2], has_iv[2], has_hp;
};

static int
hex_decode(const char *s, uint8_t *out, size_t max, size_t *len)
{
	size_t n = strlen(s), i;

	if (n % 2 != 0 || n / 2 > max)
		return -EINVAL;
	for (i = 0; i < n / 2; i++) {
		unsigned int v;

		if (sscanf(s + 2 * i, "%2x", &v) != 1 ||
		    !strchr("0123456789abcdefABCDEF", s[2 * i]) ||
		    !strchr("0123456789abcdefABCDEF", s[2 * i + 1]))
			return -EINVAL;
		out[i] = (uint8_t)v;
	}
	*len = n / 2;
	return 0;
}

static int
parse_cipher(const char *s)
{
	if (strcmp(s, "aes-128-gcm") == 0)
		return QOE_CIPHER_AES_128_GCM;
	if (strcmp(s, "aes-256-gcm") == 0)
		return QOE_CIPHER_AES_256_GCM;
	if (strcmp(s, "chacha20-poly1305") == 0)
		return QOE_CIPHER_CHACHA20_POLY1305;
	return -EINVAL;
}

/* "a.b.c.d:port" or "[v6]:port" -> family, address (network order), port */
static int
parse_endpoint(const char *s, uint8_t *family, uint8_t addr[16],
	       uint16_t *port)
{
	char buf[INET6_ADDRSTRLEN + 8];
	const char *ps;
	char *colon, *end;
	unsigned long p;

	if (strlen(s) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, s);
	memset(addr, 0, 16);
	if (buf[0] == '[') {
		colon = strstr(buf, "]:");
		if (colon == NULL)
			return -EINVAL;
		*colon = '\0';
		ps = colon + 2;
		if (inet_pton(AF_INET6, buf + 1, addr) != 1)
			return -EINVAL;
		*family = QOE_FAMILY_IPV6;
	} else {
		colon = strrchr(buf, ':');
		if (colon == NULL)
			return -EINVAL;
		*colon = '\0';
		ps = colon + 1;
		if (inet_pton(AF_INET, buf, addr) != 1)
			return -EINVAL;
		*family = QOE_FAMILY_IPV4;
	}
	errno = 0;
	p = strtoul(ps, &end, 10);
	if (ps[0] < '0' || ps[0] > '9' || *end != '\0' || errno != 0 ||
	    p == 0 || p > 65535)
		return -EINVAL;
	*port = (uint16_t)p;
	return 0;
}

static int
parse_option(struct flow_line *fl, char *tok, const char **why)
{
	char *eq = strchr(tok, '=');
	const char *k = tok, *v;
	size_t klen = 0, want = qoe_cipher_key_len(fl->f.cipher), n;
	char *end;
	int i;

	if (eq == NULL) {
		*why = "expected key=value";
		return -EINVAL;
	}
	*eq = '\0';
	v = eq + 1;
	if (strcmp(k, "hp") == 0) {
		if (hex_decode(v, fl->f.hp_key, sizeof(fl->f.hp_key), &klen) ||
		    klen != want) {
			*why = "hp key: wrong length for the cipher, or not hex";
			return -EINVAL;
		}
		fl->has_hp = true;
	} else if ((strcmp(k, "key0") == 0 || strcmp(k, "key1") == 0)) {
		i = k[3] - '0';
		if (hex_decode(v, fl->key[i], QOE_MAX_KEY_LEN, &klen) ||
		    klen != want) {
			*why = "key: wrong length for the cipher, or not hex";
			return -EINVAL;
		}
		fl->has_key[i] = true;
	} else if (strcmp(k, "iv0") == 0 || strcmp(k, "iv1") == 0) {
		i = k[2] - '0';
		if (hex_decode(v, fl->iv[i], QOE_IV_LEN, &n) || n != QOE_IV_LEN) {
			*why = "iv: expected 12 bytes of hex";
			return -EINVAL;
		}
		fl->has_iv[i] = true;
	} else if (strcmp(k, "cid") == 0) {
		if (hex_decode(v, fl->f.cid, QOE_MAX_CID_LEN, &n)) {
			*why = "cid: expected up to 20 bytes of hex";
			return -EINVAL;
		}
		fl->f.cid_len = (uint8_t)n;
	} else if (strcmp(k, "phase") == 0) {
		if (strcmp(v, "0") != 0 && strcmp(v, "1") != 0) {
			*why = "phase: expected 0 or 1";
			return -EINVAL;
		}
		fl->f.key_phase = (uint8_t)(v[0] - '0');
	} else if (strcmp(k, "pn") == 0) {
		errno = 0;
		fl->f.pn = strtoull(v, &end, 0);
		if (v[0] < '0' || v[0] > '9' || *end != '\0' || errno != 0 ||
		    fl->f.pn > QOE_PN_MAX) {
			*why = "pn: expected an integer below 2^62";
			return -EINVAL;
		}
	} else if (strcmp(k, "fail") == 0) {
		if (strcmp(v, "deliver") == 0) {
			fl->f.fail_action = QOE_FAIL_DELIVER;
		} else if (strcmp(v, "drop") == 0) {
			fl->f.fail_action = QOE_FAIL_DROP;
		} else {
			*why = "fail: expected deliver or drop";
			return -EINVAL;
		}
	} else {
		*why = "unknown option";
		return -EINVAL;
	}
	return 0;
}

static int
parse_line(char *line, struct flow_line *fl, const char **why, char **bad)
{
	char *save = NULL, *tok;
	uint8_t fam2;
	int c, pos = 0;

	memset(fl, 0, sizeof(*fl));
	fl->f.pn = QOE_PN_NONE;
	for (tok = strtok_r(line, " \t\r\n", &save); tok != NULL;
	     tok = strtok_r(NULL, " \t\r\n", &save), pos++) {
		*bad = tok;
		switch (pos) {
		case 0:
			if (strcmp(tok, "tx") == 0) {
				fl->f.dir = QOE_DIR_TX;
			} else if (strcmp(tok, "rx") == 0) {
				fl->f.dir = QOE_DIR_RX;
			} else {
				*why = "direction: expected tx or rx";
				return -EINVAL;
			}
			break;
		case 1:
			c = parse_cipher(tok);
			if (c < 0) {
				*why = "cipher: expected aes-128-gcm, aes-256-gcm or chacha20-poly1305";
				return -EINVAL;
			}
			fl->f.cipher = (uint8_t)c;
			break;
		case 2:
			if (parse_endpoint(tok, &fl->f.family, fl->f.local_addr,
					   &fl->f.local_port)) {
				*why = "local: expected a.b.c.d:port or [v6]:port";
				return -EINVAL;
			}
			break;
		case 3:
			if (parse_endpoint(tok, &fam2, fl->f.remote_addr,
					   &fl->f.remote_port) ||
			    fam2 != fl->f.family) {
				*why = "remote: expected an address of the same family as local, with a port";
				return -EINVAL;
			}
			break;
		default:
			if (parse_option(fl, tok, why))
				return -EINVAL;
		}
	}
	*bad = NULL;
	if (pos == 0)
		return 1;	/* blank */
	if (pos < 4) {
		*why = "expected: <tx|rx> <cipher> <local> <remote> options...";
		return -EINVAL;
	}
	if (fl->f.dir == QOE_DIR_TX && fl->f.pn == QOE_PN_NONE)
		fl->f.pn = 0;
	if (!fl->has_hp || !fl->has_key[0] || !fl->has_iv[0]) {
		*why = "hp=, key0= and iv0= are required";
		return -EINVAL;
	}
	if (fl->has_key[1] != fl->has_iv[1]) {
		*why = "key1= and iv1= go together";
		return -EINVAL;
	}
	return 0;
}

static int
install(struct qoe_pmd_dev *d, struct flow_line *fl, const char **why)
{
	size_t klen = qoe_cipher_key_len(fl->f.cipher);
	uint32_t h;
	int ret, ph;

	ret = rte_pmd_qoe_flow_add(d->port_id, &fl->f, &h);
	if (ret) {
		*why = "the device refused the flow";
		return ret;
	}
	for (ph = 0; ph < 2; ph++) {
		if (!fl->has_key[ph])
			continue;
		ret = rte_pmd_qoe_key_install(d->port_id, h, (uint8_t)ph,
					      fl->key[ph],
					      klen, fl->iv[ph]);
		if (ret) {
			*why = "the device refused the key";
			rte_pmd_qoe_flow_del(d->port_id, h);
			return ret;
		}
	}
	return 0;
}

/*
 * Install the flows of @path.  At probe (@runtime false) any error fails
 * the whole load.  With @runtime (flows_watch=1), lines up to *@done are
 * skipped, only complete lines count, and a bad line is logged and skipped:
 * the port keeps running.
 */
int
qoe_pmd_flows_load(struct qoe_pmd_dev *d, const char *path, unsigned int *done,
		   bool runtime)
{
	struct flow_line fl;
	char line[1024];
	unsigned int lineno = 0, n = 0;
	const char *why = NULL;
	char *bad = NULL, *hash;
	FILE *f;
	int ret = 0;

	f = fopen(path, "r");
	if (f == NULL) {
		if (runtime || (d->args.flows_watch && errno == ENOENT))
			return 0;	/* may be written later */
		QOE_LOG(ERR, "%s: flows file %s: %s", d->name, path,
			strerror(errno));
		return -errno;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		if (strchr(line, '\n') == NULL && !feof(f)) {
			QOE_LOG(ERR, "%s: %s:%u: line longer than %zu characters",
				d->name, path, lineno + 1, sizeof(line) - 2);
			ret = -EINVAL;
			break;
		}
		/* a writer may be half way through the last line */
		if (runtime && strchr(line, '\n') == NULL)
			break;
		lineno++;
		if (lineno <= *done)
			continue;
		*done = lineno;
		hash = strchr(line, '#');
		if (hash != NULL)
			*hash = '\0';
		ret = parse_line(line, &fl, &why, &bad);
		if (ret == 1) {
			ret = 0;
			continue;
		}
		if (ret == 0)
			ret = install(d, &fl, &why);
		if (ret != 0) {
			QOE_LOG(ERR, "%s: %s:%u: %s%s%s%s (%s)", d->name, path,
				lineno, why, bad ? " at \"" : "", bad ? bad : "",
				bad ? "\"" : "", strerror(-ret));
			if (!runtime)
				break;
			ret = 0;
			continue;
		}
		n++;
	}
	if (ret == 0 && ferror(f)) {
		QOE_LOG(ERR, "%s: flows file %s: read error", d->name, path);
		ret = -EIO;
	}
	fclose(f);
	memset(&fl, 0, sizeof(fl));
	if (ret == 0 && (n > 0 || !runtime))
		QOE_LOG(INFO, "%s: %u flows loaded from %s", d->name, n, path);
	return ret;
}
