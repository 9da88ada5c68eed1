/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause) */
/*
 * One flow as an operator writes it, shared by the flows file (devargs
 * flows=) and the /qoe/flow_add telemetry command so both accept the same
 * names, values and checks:
 *
 *   dir=tx|rx cipher=<name> local=<ep> remote=<ep> hp=<hex>
 *   key=<hex> iv=<hex>            the key of the starting phase, or
 *   key0= iv0= [key1= iv1=]       the key of each phase, and later ones:
 *   [key2= iv2= ...]              key<N> is phase N % 2's (N / 2 + 1)-th
 *   [cid=<hex>] [phase=0|1] [pn=<n>|none] [fail=deliver|drop]
 *
 * <ep> is a.b.c.d:port or [v6]:port.  Key material is wiped by
 * qoe_flow_spec_wipe() once the flow is installed or refused.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "qoe_pmd.h"
#include "qoe_engine.h"
#include "qoe_crypto.h"

int
qoe_spec_hex(const char *s, uint8_t *out, size_t max, size_t *len)
{
	size_t n = strlen(s), i;

	if (n == 0 || n % 2 != 0 || n / 2 > max)
		return -EINVAL;
	for (i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			return -EINVAL;
	for (i = 0; i < n / 2; i++) {
		char b[3] = { s[2 * i], s[2 * i + 1], '\0' };

		out[i] = (uint8_t)strtoul(b, NULL, 16);
	}
	*len = n / 2;
	return 0;
}

int
qoe_spec_u64(const char *s, uint64_t max, uint64_t *v)
{
	char *end;

	if (s[0] < '0' || s[0] > '9')
		return -EINVAL;
	errno = 0;
	*v = strtoull(s, &end, 0);
	if (errno != 0 || *end != '\0' || *v > max)
		return -EINVAL;
	return 0;
}

/* "a.b.c.d:port" or "[v6]:port" -> family, address (network order), port */
static int
qoe_spec_endpoint(const char *s, uint8_t *family, uint8_t addr[16],
		  uint16_t *port)
{
	char buf[INET6_ADDRSTRLEN + 8];
	const char *ps;
	char *colon;
	uint64_t p;

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
	if (qoe_spec_u64(ps, 65535, &p) != 0 || p == 0)
		return -EINVAL;
	*port = (uint16_t)p;
	return 0;
}

void
qoe_flow_spec_init(struct qoe_flow_spec *s)
{
	memset(s, 0, sizeof(*s));
}

/* Key (or IV, @iv) number @i, or QOE_FLOW_SPEC_KEYS: key=/iv=. */
static const char *
qoe_spec_key(struct qoe_flow_spec *s, unsigned int i, const char *v, bool iv)
{
	size_t n;

	if (iv) {
		if (qoe_spec_hex(v, s->iv[i], QOE_IV_LEN, &n) != 0 ||
		    n != QOE_IV_LEN)
			return "iv: expected 12 bytes of hex";
		s->has_iv[i] = true;
		return NULL;
	}
	if (qoe_spec_hex(v, s->key[i], QOE_MAX_KEY_LEN, &s->key_len[i]) != 0)
		return "key: expected 16 or 32 bytes of hex";
	return NULL;
}

/* "key<N>"/"iv<N>" -> N (0..QOE_FLOW_SPEC_KEYS - 1), or -1 */
static int
qoe_spec_key_index(const char *tok, const char *prefix)
{
	size_t pl = strlen(prefix);
	uint64_t n;

	if (strncmp(tok, prefix, pl) != 0 || tok[pl] == '\0' ||
	    (tok[pl] == '0' && tok[pl + 1] != '\0') ||
	    strspn(tok + pl, "0123456789") != strlen(tok + pl) ||
	    qoe_spec_u64(tok + pl, QOE_FLOW_SPEC_KEYS - 1, &n) != 0)
		return -1;
	return (int)n;
}

const char *
qoe_flow_spec_opt(struct qoe_flow_spec *s, char *tok)
{
	char *v = strchr(tok, '=');
	uint64_t n;
	size_t len;
	int c;

	if (v == NULL)
		return "expected name=value";
	*v++ = '\0';
	if (strcmp(tok, "dir") == 0) {
		if (strcmp(v, "tx") != 0 && strcmp(v, "rx") != 0)
			return "dir: expected tx or rx";
		s->f.dir = v[0] == 't' ? QOE_DIR_TX : QOE_DIR_RX;
		s->has_dir = true;
	} else if (strcmp(tok, "cipher") == 0) {
		c = qoe_cipher_from_name(v);
		if (c < 0)
			return "cipher: expected aes-128-gcm, aes-256-gcm or chacha20-poly1305";
		s->f.cipher = (uint8_t)c;
	} else if (strcmp(tok, "local") == 0) {
		if (qoe_spec_endpoint(v, &s->f.family, s->f.local_addr,
				      &s->f.local_port) != 0)
			return "local: expected a.b.c.d:port or [v6]:port";
		s->has_local = true;
	} else if (strcmp(tok, "remote") == 0) {
		if (qoe_spec_endpoint(v, &s->rfamily, s->f.remote_addr,
				      &s->f.remote_port) != 0)
			return "remote: expected a.b.c.d:port or [v6]:port";
		s->has_remote = true;
	} else if (strcmp(tok, "cid") == 0) {
		if (v[0] == '\0')
			s->f.cid_len = 0;
		else if (qoe_spec_hex(v, s->f.cid, QOE_MAX_CID_LEN, &len) != 0)
			return "cid: expected up to 20 bytes of hex";
		else
			s->f.cid_len = (uint8_t)len;
	} else if (strcmp(tok, "pn") == 0) {
		s->pn_set = true;
		if (strcmp(v, "none") == 0)
			s->f.pn = QOE_PN_NONE;
		else if (qoe_spec_u64(v, QOE_PN_MAX, &n) != 0)
			return "pn: expected none or an integer below 2^62";
		else
			s->f.pn = n;
	} else if (strcmp(tok, "phase") == 0) {
		if (strcmp(v, "0") != 0 && strcmp(v, "1") != 0)
			return "phase: expected 0 or 1";
		s->f.key_phase = (uint8_t)(v[0] - '0');
	} else if (strcmp(tok, "fail") == 0) {
		if (strcmp(v, "deliver") == 0)
			s->f.fail_action = QOE_FAIL_DELIVER;
		else if (strcmp(v, "drop") == 0)
			s->f.fail_action = QOE_FAIL_DROP;
		else
			return "fail: expected deliver or drop";
	} else if (strcmp(tok, "hp") == 0) {
		if (qoe_spec_hex(v, s->f.hp_key, sizeof(s->f.hp_key),
				 &s->hp_len) != 0)
			return "hp: expected 16 or 32 bytes of hex";
	} else if (strcmp(tok, "key") == 0 || strcmp(tok, "iv") == 0) {
		return qoe_spec_key(s, QOE_FLOW_SPEC_KEYS, v, tok[0] == 'i');
	} else if ((c = qoe_spec_key_index(tok, "key")) >= 0) {
		return qoe_spec_key(s, (unsigned int)c, v, false);
	} else if ((c = qoe_spec_key_index(tok, "iv")) >= 0) {
		return qoe_spec_key(s, (unsigned int)c, v, true);
	} else if (strncmp(tok, "key", 3) == 0 || strncmp(tok, "iv", 2) == 0) {
		return "key<N>/iv<N>: N is 0..63";
	} else {
		return "unknown parameter (dir, cipher, local, remote, cid, pn, phase, fail, hp, key, iv, key<N>, iv<N>)";
	}
	return NULL;
}

/*
 * The keys in the order the connection uses them: generation G (counted
 * from the starting phase P's first key) is key<G ^ P>, so key0, key1,
 * key2 ... with phase=0 and key1, key0, key3, key2 ... with phase=1.
 */
static unsigned int
qoe_spec_key_at(const struct qoe_flow_spec *s, unsigned int gen)
{
	return gen ^ s->f.key_phase;
}

const char *
qoe_flow_spec_check(struct qoe_flow_spec *s)
{
	const unsigned int k = QOE_FLOW_SPEC_KEYS;
	unsigned int i, last = 0;
	const char *bad_len;
	size_t want;

	/* key=/iv= name the starting phase's key */
	if (s->key_len[k] != 0 || s->has_iv[k]) {
		i = s->f.key_phase;
		if (s->key_len[i] != 0 || s->has_iv[i])
			return "key=/iv= and key<phase>=/iv<phase>= name the same key";
		memcpy(s->key[i], s->key[k], sizeof(s->key[i]));
		memcpy(s->iv[i], s->iv[k], sizeof(s->iv[i]));
		s->key_len[i] = s->key_len[k];
		s->has_iv[i] = s->has_iv[k];
		s->key_len[k] = 0;
		s->has_iv[k] = false;
	}
	if (!s->has_dir || s->f.cipher == 0 || !s->has_local ||
	    !s->has_remote || s->hp_len == 0 ||
	    (s->key_len[0] == 0 && s->key_len[1] == 0))
		return "dir, cipher, local, remote, hp and a key with its iv are required";
	want = qoe_cipher_key_len(s->f.cipher);
	bad_len = want == 16 ? "keys and hp must be 16 bytes for this cipher" :
			       "keys and hp must be 32 bytes for this cipher";
	for (i = 0; i < k; i++) {
		if ((s->key_len[i] != 0) != s->has_iv[i])
			return "every key needs its iv, and every iv its key";
		if (s->key_len[i] != 0 && s->key_len[i] != want)
			return bad_len;
		/* key<i> is generation i ^ phase (qoe_spec_key_at) */
		if (s->key_len[i] != 0 && qoe_spec_key_at(s, i) > last)
			last = qoe_spec_key_at(s, i);
	}
	if (s->hp_len != want)
		return bad_len;
	/* later generations follow the two installed without a gap */
	for (i = 0; last >= 2 && i <= last; i++)
		if (s->key_len[qoe_spec_key_at(s, i)] == 0)
			return "key<N> past key1 needs every key used before it (phase=P uses key<P>, key<P^1>, key<2+P>, key<3-P>, ...)";
	s->n_keys = last + 1;
	if (s->rfamily != s->f.family)
		return "local and remote must both be IPv4 or both IPv6";
	if (!s->pn_set)
		s->f.pn = s->f.dir == QOE_DIR_TX ? 0 : QOE_PN_NONE;
	else if (s->f.pn == QOE_PN_NONE && s->f.dir == QOE_DIR_TX)
		return "pn: a TX flow needs the next packet number";
	return NULL;
}

int
qoe_flow_spec_install(uint16_t port, const struct qoe_flow_spec *s,
		      uint32_t *handle, const char **why)
{
	struct qoe_pmd_sched_key later[QOE_FLOW_SPEC_KEYS];
	size_t klen = qoe_cipher_key_len(s->f.cipher);
	unsigned int g, n = 0;
	int ret, ph;

	ret = rte_pmd_qoe_flow_add(port, &s->f, handle);
	if (ret != 0) {
		*why = "the device refused the flow";
		return ret;
	}
	for (ph = 0; ph < 2; ph++) {
		if (s->key_len[ph] == 0)
			continue;
		ret = rte_pmd_qoe_key_install(port, *handle, (uint8_t)ph,
					      s->key[ph], klen, s->iv[ph]);
		if (ret != 0) {
			*why = "the device refused the key";
			goto fail;
		}
	}
	for (g = 2; g < s->n_keys; g++, n++) {
		memcpy(later[n].key, s->key[qoe_spec_key_at(s, g)], klen);
		memcpy(later[n].iv, s->iv[qoe_spec_key_at(s, g)], QOE_IV_LEN);
	}
	ret = qoe_pmd_key_sched_set(qoe_pmd_dev_get(port), *handle,
				    s->f.key_phase, klen, later, n);
	qoe_wipe(later, sizeof(later));
	if (ret != 0) {
		*why = "no memory for the key schedule";
		goto fail;
	}
	return 0;
fail:
	rte_pmd_qoe_flow_del(port, *handle);
	return ret;
}

void
qoe_flow_spec_wipe(struct qoe_flow_spec *s)
{
	qoe_wipe(s, sizeof(*s));
}
