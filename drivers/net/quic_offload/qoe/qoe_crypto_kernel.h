/* SPDX-License-Identifier: GPL-2.0-only */
/* The engine's crypto backend on the kernel crypto API. */
#ifndef _QOE_CRYPTO_KERNEL_H
#define _QOE_CRYPTO_KERNEL_H

#include "qoe_crypto.h"

extern const struct qoe_crypto_ops qoe_crypto_kernel_ops;

int qoe_crypto_kernel_init(struct qoe_crypto *c);
void qoe_crypto_kernel_fini(struct qoe_crypto *c);

#endif /* _QOE_CRYPTO_KERNEL_H */
