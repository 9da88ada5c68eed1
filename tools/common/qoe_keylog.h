/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause) */
/*
 * SSLKEYLOGFILE reader: lines "LABEL <client_random hex> <secret hex>".
 * Tests and the demo feed CLIENT/SERVER_TRAFFIC_SECRET_0 to the device
 * through qoe_quic_derive_keys().
 */
#ifndef _QOE_KEYLOG_H
#define _QOE_KEYLOG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define QOE_KEYLOG_LABEL_MAX	48
#define QOE_KEYLOG_RANDOM_LEN	32
#define QOE_KEYLOG_SECRET_MAX	48

struct qoe_keylog_entry {
	char label[QOE_KEYLOG_LABEL_MAX];
	uint8_t client_random[QOE_KEYLOG_RANDOM_LEN];
	uint8_t secret[QOE_KEYLOG_SECRET_MAX];
	size_t secret_len;
	unsigned int line;
};

struct qoe_keylog {
	struct qoe_keylog_entry *entries;
	size_t count;
	size_t cap;
};

/*
 * Parse one line (no trailing newline needed).  Returns 1 and fills @e for
 * an entry, 0 for a blank or '#' comment line, -EINVAL for a malformed line
 * with the reason in @err.
 */
int qoe_keylog_parse_line(const char *line, struct qoe_keylog_entry *e,
			  char *err, size_t err_len);

/*
 * Read every entry of @f (or of the file @path) into @kl.  On error returns
 * -errno with "<name>:<line>: <reason>" in @err; @kl keeps what was read.
 */
int qoe_keylog_read(FILE *f, const char *name, struct qoe_keylog *kl,
		    char *err, size_t err_len);
int qoe_keylog_load(const char *path, struct qoe_keylog *kl,
		    char *err, size_t err_len);

/*
 * First entry with @label and, if @client_random is not NULL, that
 * connection; NULL if none.
 */
const struct qoe_keylog_entry *
qoe_keylog_find(const struct qoe_keylog *kl, const char *label,
		const uint8_t *client_random);

/* Wipe the secrets and free the entries. */
void qoe_keylog_free(struct qoe_keylog *kl);

#endif /* _QOE_KEYLOG_H */
