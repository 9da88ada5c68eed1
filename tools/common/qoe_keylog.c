// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/* SSLKEYLOGFILE parser (NSS key log format). */
#include "qoe_keylog.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>

#define QOE_KEYLOG_LINE_MAX	1024

static int qoe_keylog_err(char *err, size_t err_len, const char *fmt, ...)
{
	va_list ap;

	if (err && err_len) {
		va_start(ap, fmt);
		vsnprintf(err, err_len, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

static int qoe_hex_nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Decode exactly @len hex chars into @out; -1 on a non-hex character. */
static int qoe_hex_decode(const char *s, size_t len, uint8_t *out)
{
	for (size_t i = 0; i < len; i += 2) {
		int hi = qoe_hex_nibble(s[i]), lo = qoe_hex_nibble(s[i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		out[i / 2] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

/* Next whitespace-separated token: start in *tok, length returned. */
static size_t qoe_keylog_token(const char **p, const char **tok)
{
	const char *s = *p;
	size_t n = 0;

	while (*s == ' ' || *s == '\t')
		s++;
	*tok = s;
	while (s[n] && !isspace((unsigned char)s[n]))
		n++;
	*p = s + n;
	return n;
}

int qoe_keylog_parse_line(const char *line, struct qoe_keylog_entry *e,
			  char *err, size_t err_len)
{
	const char *p = line, *label, *rnd, *sec, *extra;
	size_t nl, nr, ns;

	if (!line || !e)
		return qoe_keylog_err(err, err_len, "no line");
	nl = qoe_keylog_token(&p, &label);
	if (!nl || *label == '#')
		return 0;
	nr = qoe_keylog_token(&p, &rnd);
	ns = qoe_keylog_token(&p, &sec);
	if (!nr || !ns)
		return qoe_keylog_err(err, err_len,
				      "expected 3 fields: LABEL CLIENT_RANDOM SECRET");
	if (qoe_keylog_token(&p, &extra))
		return qoe_keylog_err(err, err_len,
				      "trailing data after the secret");
	if (nl >= QOE_KEYLOG_LABEL_MAX)
		return qoe_keylog_err(err, err_len, "label too long (%zu)", nl);
	if (nr != 2 * QOE_KEYLOG_RANDOM_LEN)
		return qoe_keylog_err(err, err_len,
				      "client random is %zu hex digits, expected %d",
				      nr, 2 * QOE_KEYLOG_RANDOM_LEN);
	if (ns % 2 || !ns || ns > 2 * QOE_KEYLOG_SECRET_MAX)
		return qoe_keylog_err(err, err_len,
				      "secret is %zu hex digits, expected an even count up to %d",
				      ns, 2 * QOE_KEYLOG_SECRET_MAX);
	memset(e, 0, sizeof(*e));
	memcpy(e->label, label, nl);
	if (qoe_hex_decode(rnd, nr, e->client_random))
		return qoe_keylog_err(err, err_len, "client random is not hex");
	if (qoe_hex_decode(sec, ns, e->secret)) {
		OPENSSL_cleanse(e->secret, sizeof(e->secret));
		return qoe_keylog_err(err, err_len, "secret is not hex");
	}
	e->secret_len = ns / 2;
	return 1;
}

static int qoe_keylog_push(struct qoe_keylog *kl,
			   const struct qoe_keylog_entry *e)
{
	if (kl->count == kl->cap) {
		size_t cap = kl->cap ? 2 * kl->cap : 8;
		struct qoe_keylog_entry *v = calloc(cap, sizeof(*v));

		if (!v)
			return -ENOMEM;
		if (kl->count)
			memcpy(v, kl->entries, kl->count * sizeof(*v));
		if (kl->entries) {
			OPENSSL_cleanse(kl->entries, kl->cap * sizeof(*v));
			free(kl->entries);
		}
		kl->entries = v;
		kl->cap = cap;
	}
	kl->entries[kl->count++] = *e;
	return 0;
}

int qoe_keylog_read(FILE *f, const char *name, struct qoe_keylog *kl,
		    char *err, size_t err_len)
{
	char line[QOE_KEYLOG_LINE_MAX], why[160];
	struct qoe_keylog_entry e;
	unsigned int lineno = 0;
	int ret = 0;

	if (!f || !kl)
		return qoe_keylog_err(err, err_len, "no input");
	if (!name)
		name = "keylog";
	while (fgets(line, sizeof(line), f)) {
		size_t n = strlen(line);

		lineno++;
		if (n == sizeof(line) - 1 && line[n - 1] != '\n' && !feof(f)) {
			ret = qoe_keylog_err(err, err_len, "%s:%u: line too long",
					     name, lineno);
			break;
		}
		ret = qoe_keylog_parse_line(line, &e, why, sizeof(why));
		if (ret < 0) {
			qoe_keylog_err(err, err_len, "%s:%u: %s", name, lineno,
				       why);
			break;
		}
		if (ret == 0)
			continue;
		e.line = lineno;
		ret = qoe_keylog_push(kl, &e);
		OPENSSL_cleanse(&e, sizeof(e));
		if (ret) {
			qoe_keylog_err(err, err_len, "%s: out of memory", name);
			break;
		}
	}
	if (ret >= 0 && ferror(f)) {
		qoe_keylog_err(err, err_len, "%s: read error", name);
		ret = -EIO;
	}
	return ret < 0 ? ret : 0;
}

int qoe_keylog_load(const char *path, struct qoe_keylog *kl,
		    char *err, size_t err_len)
{
	FILE *f;
	int ret;

	if (!path)
		return qoe_keylog_err(err, err_len, "no key log path");
	f = fopen(path, "r");
	if (!f) {
		ret = -errno;
		qoe_keylog_err(err, err_len, "%s: %s", path, strerror(-ret));
		return ret;
	}
	ret = qoe_keylog_read(f, path, kl, err, err_len);
	fclose(f);
	return ret;
}

const struct qoe_keylog_entry *
qoe_keylog_find(const struct qoe_keylog *kl, const char *label,
		const uint8_t *client_random)
{
	if (!kl || !label)
		return NULL;
	for (size_t i = 0; i < kl->count; i++) {
		const struct qoe_keylog_entry *e = &kl->entries[i];

		if (strcmp(e->label, label))
			continue;
		if (client_random &&
		    memcmp(e->client_random, client_random,
			   QOE_KEYLOG_RANDOM_LEN))
			continue;
		return e;
	}
	return NULL;
}

void qoe_keylog_free(struct qoe_keylog *kl)
{
	if (!kl)
		return;
	if (kl->entries) {
		OPENSSL_cleanse(kl->entries, kl->cap * sizeof(*kl->entries));
		free(kl->entries);
	}
	memset(kl, 0, sizeof(*kl));
}
