/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause) */
#ifndef _QOE_CTL_SHOW_H
#define _QOE_CTL_SHOW_H

#include "offloadctl.h"

/* Each prints on stdout (-j: JSON) and returns 0, or -1 after an error line. */
int qoe_ctl_show_flows(struct qoe_ctl_backend *be, const struct qoe_ctl_filter *filter);
int qoe_ctl_show_caps(struct qoe_ctl_backend *be, const char *dev);
int qoe_ctl_show_stats(struct qoe_ctl_backend *be, const char *dev);
int qoe_ctl_show_dev(struct qoe_ctl_backend *be, const char *dev);

#endif /* _QOE_CTL_SHOW_H */
