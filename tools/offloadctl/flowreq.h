/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause) */
#ifndef _QOE_CTL_FLOWREQ_H
#define _QOE_CTL_FLOWREQ_H

#include "offloadctl.h"

/* Parse "KEY VALUE ..." for @cmd; -1 after printing the usage error. */
int qoe_ctl_parse_flow_req(const char *cmd, int argc, char **argv, struct qoe_ctl_flow_req *r);

#endif /* _QOE_CTL_FLOWREQ_H */
