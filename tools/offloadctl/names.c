// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/* Cipher and feature names, as printed and as accepted on the command line. */
#include <string.h>

#include <qoe/fw_abi.h>
#include <qoe/qoe_cipher.h>

#include "offloadctl.h"

/* Bit n of QOE_FEAT_* */
static const char *const qoe_ctl_features[] = {
	"tx-crypto", "rx-crypto", "tx-gso", "rx-gro", "key-update", "ipv6", "events",
};

#define QOE_CTL_N(a) (sizeof(a) / sizeof((a)[0]))

const char *qoe_ctl_cipher_name(unsigned int cipher)
{
	const struct qoe_cipher_desc *d = qoe_cipher_find(cipher);

	return d ? d->name : NULL;
}

int qoe_ctl_cipher_parse(const char *s)
{
	for (const struct qoe_cipher_desc *d = qoe_ciphers(); d->id; d++)
		if (!strcmp(s, d->name))
			return d->id;
	return -1;
}

const char *qoe_ctl_feature_name(unsigned int bit)
{
	return bit < QOE_CTL_N(qoe_ctl_features) ? qoe_ctl_features[bit] : NULL;
}

int qoe_ctl_feature_parse(const char *s)
{
	for (unsigned int i = 0; i < QOE_CTL_N(qoe_ctl_features); i++)
		if (!strcmp(s, qoe_ctl_features[i]))
			return (int)i;
	return -1;
}
