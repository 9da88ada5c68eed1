/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause) */
/*
 * Which copy of intel-ipsec-mb an IMB_MGR comes from: the one the process
 * linked, or a private copy for a backend that runs on a core of its own.
 */
#ifndef _QOE_CRYPTO_IPSECMB_COPY_H
#define _QOE_CRYPTO_IPSECMB_COPY_H

#include <stdbool.h>
#include <intel-ipsec-mb.h>

struct qoe_imb_copy;

struct qoe_imb_copy *qoe_imb_copy_get(bool private_copy);
void qoe_imb_copy_put(struct qoe_imb_copy *lib);
bool qoe_imb_copy_is_private(const struct qoe_imb_copy *lib);

IMB_MGR *qoe_imb_copy_mgr_new(struct qoe_imb_copy *lib);
void qoe_imb_copy_mgr_free(IMB_MGR *mgr);

/* The copy's process-wide error status, imb_get_errno(NULL) of that copy. */
int qoe_imb_copy_global_errno(const struct qoe_imb_copy *lib);

#endif /* _QOE_CRYPTO_IPSECMB_COPY_H */
