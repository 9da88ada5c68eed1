/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause) */
/*
 * DPDK telemetry v2 client: one SOCK_SEQPACKET connection, a greeting from
 * the server, then one command string out and one JSON message back.
 */
#ifndef _QOE_CTL_TELEMETRY_H
#define _QOE_CTL_TELEMETRY_H

#include <stddef.h>
#include <json-c/json.h>

struct qoe_tel {
	int fd;
	char *buf;
	size_t cap;		/* the server's max_output_len */
	const char *target;	/* for error lines: "dpdk prefix 'rte'" */
};

/* Connect to @path and read the greeting.  -1 after printing why. */
int qoe_tel_connect(struct qoe_tel *t, const char *path, const char *target);
void qoe_tel_close(struct qoe_tel *t);

/*
 * Send @cmd ("/qoe/flows,0,32") and return the value of its reply, which
 * DPDK wraps as {"/qoe/flows": value}.  *@reply holds the parsed message
 * (json_object_put() it); the value belongs to it.  A null value (unknown
 * command or a callback that failed) is reported as refused: NULL.
 */
struct json_object *qoe_tel_request(struct qoe_tel *t, const char *cmd,
				    struct json_object **reply);

/* The same, but a refused command is no error line: *@reply stays NULL. */
struct json_object *qoe_tel_request_quiet(struct qoe_tel *t, const char *cmd,
					  struct json_object **reply);

#endif /* _QOE_CTL_TELEMETRY_H */
