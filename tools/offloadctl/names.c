// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/* Cipher and feature names, as printed and as accepted on the command line. */
#include <string.h>

#include <qoe/fw_abi.h>

#include "offloadctl.h"

static const char *const qoe_ctl_ciphers[] = {
	[QOE_CIPHER_AES_128_GCM] = "aes-128-gcm",
	[QOE_CIPHER_AES_256_GCM] = "aes-256-gcm",
	[QOE_CIPHER_CHACHA20_POLY1305] = "chacha20-poly1305",
};

/* Bit n of QOE_FEAT_* */
static const char *const qoe_ctl_features[] = {
	"tx-crypto", "rx-crypto", "tx-gso", "rx-gro", "key-update", "ipv6", "events",
};

#define QOE_CTL_N(a) (sizeof(a) / sizeof((a)[0]))

const char *qoe_ctl_cipher_name(unsigned int cipher)
{
	if (cipher < QOE_CTL_N(qoe_ctl_ciphers) && qoe_ctl_ciphers[cipher])
		return qoe_ctl_ciphers[cipher];
	return NULL;
}

int qoe_ctl_cipher_parse(const char *s)
{
	for (unsigned int i = 0; i < QOE_CTL_N(qoe_ctl_ciphers); i++)
		if (qoe_ctl_ciphers[i] && !strcmp(s, qoe_ctl_ciphers[i]))
			return (int)i;
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
