// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * The in-process transport: the device is an engine in the same address
 * space, so handing it the admin entries is a call.  A device across a
 * queue (virtio, a mailbox) supplies its own struct qoe_host_ops instead.
 */
#include "engine_priv.h"

static int qoe_inproc_admin(void *dev, void *buf, size_t len)
{
	return qoe_engine_admin(dev, buf, len);
}

static const struct qoe_host_ops qoe_inproc_ops = {
	.admin = qoe_inproc_admin,
};

void qoe_engine_host_init(struct qoe_engine *e)
{
	qoe_host_init(&e->host, &qoe_inproc_ops, e);
}

struct qoe_host *qoe_engine_host(struct qoe_engine *e)
{
	return &e->host;
}
QOE_EXPORT_FOR_TESTS(qoe_engine_host);
