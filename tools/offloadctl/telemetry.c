// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * DPDK telemetry v2 transport.  Replies are bounded by the max_output_len the
 * server announces; anything longer arrives cut (MSG_TRUNC) and is refused
 * rather than parsed, and every reply goes through json-c's tokener.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "offloadctl.h"
#include "telemetry.h"

#define QOE_TEL_DEFAULT_LEN	16384
#define QOE_TEL_MAX_LEN		(16u << 20)
#define QOE_TEL_TIMEOUT_S	5

/* Receive one message into t->buf; returns its length or -1. */
static ssize_t qoe_tel_recv(struct qoe_tel *t, const char *what)
{
	struct iovec iov = { .iov_base = t->buf, .iov_len = t->cap };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	ssize_t n;

	do {
		n = recvmsg(t->fd, &msg, 0);
	} while (n < 0 && errno == EINTR);
	if (n < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			qoe_ctl_err("%s: no reply to '%s' within %d s", t->target,
				    what, QOE_TEL_TIMEOUT_S);
		else
			qoe_ctl_err("%s: reading reply to '%s': %s", t->target,
				    what, strerror(errno));
		return -1;
	}
	if (n == 0) {
		qoe_ctl_err("%s: telemetry server closed the connection before replying to '%s'",
			    t->target, what);
		return -1;
	}
	if (msg.msg_flags & MSG_TRUNC) {
		qoe_ctl_err("%s: reply to '%s' is larger than the announced limit of %zu bytes",
			    t->target, what, t->cap);
		return -1;
	}
	t->buf[n] = '\0';
	return n;
}

/* Parse t->buf (length @n) as exactly one JSON object. */
static struct json_object *qoe_tel_parse(struct qoe_tel *t, size_t n, const char *what)
{
	struct json_tokener *tok = json_tokener_new();
	struct json_object *o;
	enum json_tokener_error jerr;

	if (!tok) {
		qoe_ctl_err("%s: out of memory", t->target);
		return NULL;
	}
	o = json_tokener_parse_ex(tok, t->buf, (int)n);
	jerr = json_tokener_get_error(tok);
	if (!o || jerr != json_tokener_success) {
		qoe_ctl_err("%s: malformed JSON in reply to '%s': %s", t->target, what,
			    jerr == json_tokener_continue ? "reply ends early (truncated)"
							  : json_tokener_error_desc(jerr));
		json_object_put(o);
		json_tokener_free(tok);
		return NULL;
	}
	if (json_tokener_get_parse_end(tok) < n) {
		qoe_ctl_err("%s: malformed JSON in reply to '%s': trailing data after the object",
			    t->target, what);
		json_object_put(o);
		json_tokener_free(tok);
		return NULL;
	}
	json_tokener_free(tok);
	if (!json_object_is_type(o, json_type_object)) {
		qoe_ctl_err("%s: malformed reply to '%s': not a JSON object", t->target, what);
		json_object_put(o);
		return NULL;
	}
	return o;
}

int qoe_tel_connect(struct qoe_tel *t, const char *path, const char *target)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct timeval tv = { .tv_sec = QOE_TEL_TIMEOUT_S };
	struct json_object *hello, *v;
	ssize_t n;
	int64_t max;

	t->fd = -1;
	t->buf = NULL;
	t->target = target;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		qoe_ctl_err("%s: telemetry socket path too long: %s", target, path);
		return -1;
	}
	strcpy(sun.sun_path, path);
	if (access(path, F_OK) != 0) {
		qoe_ctl_err("%s: no telemetry socket at %s: %s", target, path, strerror(errno));
		return -1;
	}
	t->fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (t->fd < 0) {
		qoe_ctl_err("%s: socket: %s", target, strerror(errno));
		return -1;
	}
	if (connect(t->fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		qoe_ctl_err("%s: cannot connect to telemetry socket at %s: %s%s", target, path,
			    strerror(errno),
			    errno == ECONNREFUSED ? " (is the DPDK application running?)" : "");
		goto fail;
	}
	setsockopt(t->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(t->fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));

	t->cap = QOE_TEL_DEFAULT_LEN;
	t->buf = malloc(t->cap + 1);
	if (!t->buf) {
		qoe_ctl_err("%s: out of memory", target);
		goto fail;
	}
	n = qoe_tel_recv(t, "greeting");
	if (n < 0)
		goto fail;
	hello = qoe_tel_parse(t, (size_t)n, "greeting");
	if (!hello)
		goto fail;
	/* Older servers announce nothing: keep DPDK's historical 16 KiB. */
	if (json_object_object_get_ex(hello, "max_output_len", &v)) {
		max = json_object_get_int64(v);
		if (!json_object_is_type(v, json_type_int) || max < 64 ||
		    max > QOE_TEL_MAX_LEN) {
			qoe_ctl_err("%s: malformed greeting: bad max_output_len '%s'", target,
				    json_object_get_string(v));
			json_object_put(hello);
			goto fail;
		}
		if ((size_t)max != t->cap) {
			char *nb = realloc(t->buf, (size_t)max + 1);

			if (!nb) {
				qoe_ctl_err("%s: out of memory", target);
				json_object_put(hello);
				goto fail;
			}
			t->buf = nb;
			t->cap = (size_t)max;
		}
	}
	json_object_put(hello);
	return 0;
fail:
	qoe_tel_close(t);
	return -1;
}

void qoe_tel_close(struct qoe_tel *t)
{
	if (t->fd >= 0)
		close(t->fd);
	t->fd = -1;
	free(t->buf);
	t->buf = NULL;
}

/* Commands whose parameters carry key material: error lines name only the command. */
static bool qoe_tel_secret(const char *name)
{
	return !strcmp(name, "/qoe/flow_add") || !strcmp(name, "/qoe/key_update");
}

static struct json_object *qoe_tel_do(struct qoe_tel *t, const char *cmd_full,
				       struct json_object **reply, bool quiet_refusal)
{
	char name[128];
	size_t nlen = strcspn(cmd_full, ",");
	struct json_object *o, *v;
	const char *cmd = cmd_full;
	ssize_t n;

	*reply = NULL;
	if (nlen >= sizeof(name)) {
		qoe_ctl_err("%s: command too long: %.*s...", t->target, 40, cmd_full);
		return NULL;
	}
	memcpy(name, cmd_full, nlen);
	name[nlen] = '\0';
	if (qoe_tel_secret(name))
		cmd = name;
	if (send(t->fd, cmd_full, strlen(cmd_full), MSG_NOSIGNAL) < 0) {
		qoe_ctl_err("%s: sending '%s': %s", t->target, cmd, strerror(errno));
		return NULL;
	}
	n = qoe_tel_recv(t, cmd);
	if (n < 0)
		return NULL;
	o = qoe_tel_parse(t, (size_t)n, cmd);
	if (!o)
		return NULL;
	if (!json_object_object_get_ex(o, name, &v)) {
		qoe_ctl_err("%s: malformed reply to '%s': no \"%s\" key", t->target, cmd, name);
		json_object_put(o);
		return NULL;
	}
	if (!v) {
		if (!quiet_refusal)
			qoe_ctl_err("%s: command '%s' refused (unknown command, bad parameter, or qoe PMD not loaded)",
				    t->target, cmd);
		json_object_put(o);
		return NULL;
	}
	*reply = o;
	return v;
}

struct json_object *qoe_tel_request(struct qoe_tel *t, const char *cmd,
				    struct json_object **reply)
{
	return qoe_tel_do(t, cmd, reply, false);
}

struct json_object *qoe_tel_request_quiet(struct qoe_tel *t, const char *cmd,
					  struct json_object **reply)
{
	return qoe_tel_do(t, cmd, reply, true);
}
