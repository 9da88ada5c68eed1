// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * offloadctl: show and manage QUIC offload flows, capabilities and counters
 * of qoe devices, through the kernel's "qoe" generic netlink family or a DPDK
 * application's telemetry socket.  Exit 0 = done, 1 = the request failed,
 * 2 = bad command line.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "flowreq.h"
#include "offloadctl.h"
#include "show.h"

#define QOE_CTL_VERSION "1.0"

struct qoe_ctl_opts qoe_ctl_opts;

void qoe_ctl_err(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("offloadctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

enum qoe_ctl_op { OP_FLOWS, OP_CAPS, OP_STATS, OP_DEV, OP_ADD, OP_DEL, OP_KEY, OP_MONITOR };

struct qoe_ctl_cmd {
	const char *name;
	enum qoe_ctl_op op;
	const char *args;
	const char *help;
};

static const struct qoe_ctl_cmd qoe_ctl_cmds[] = {
	{ "show-flows", OP_FLOWS, "[dev DEV] [dir tx|rx] [-j|--json] [-p|--pretty]",
	  "List offloaded flows, one row each: handle, dev, direction, cipher, CID,\n"
	  "local and remote address:port, key phase, PN (TX: next to send; RX: largest\n"
	  "received), packets, bytes, auth failures, drops, key updates, age." },
	{ "show-caps", OP_CAPS, "[dev DEV] [-j|--json] [-p|--pretty]",
	  "Show what each device offloads: ABI version, ciphers, features, table sizes." },
	{ "show-stats", OP_STATS, "[dev DEV] [-j|--json] [-p|--pretty]",
	  "Show each device's counters, in the device's order (like ethtool -S)." },
	{ "show-dev", OP_DEV, "[dev DEV] [-j|--json] [-p|--pretty]",
	  "List qoe devices: backend, ABI version, flows in use / max, ciphers, features." },
	{ "add-flow", OP_ADD,
	  "dev DEV dir tx|rx cipher CIPHER local ADDR:PORT remote ADDR:PORT\n"
	  "                [cid HEX] [pn N|none] [key-phase 0|1] [fail-action deliver|drop]\n"
	  "                key @FILE|- iv @FILE|- hp-key @FILE|-",
	  "Offload one direction of a QUIC connection; prints the new flow's handle.\n"
	  "CIPHER is aes-128-gcm, aes-256-gcm, chacha20-poly1305 or aes-128-ccm.  Key material is\n"
	  "hex read from FILE or from one line of stdin each ('-'), never the command\n"
	  "line.  Kernel and DPDK backends." },
	{ "del-flow", OP_DEL, "dev DEV handle HANDLE",
	  "Remove a flow with its keys and CIDs.  Kernel and DPDK backends." },
	{ "key-update", OP_KEY, "dev DEV handle HANDLE phase 0|1 key @FILE|- iv @FILE|-",
	  "Install the key of a key phase (RFC 9001 section 6).  Kernel and DPDK backends." },
	{ "monitor", OP_MONITOR, "[dev DEV] [-j|--json] [-t|--timestamp]",
	  "Print device events (peer key-phase flip, usage limit near, flow error) as\n"
	  "they happen, until interrupted.  Kernel and DPDK backends." },
};

#define QOE_CTL_NCMDS (sizeof(qoe_ctl_cmds) / sizeof(qoe_ctl_cmds[0]))

static void qoe_ctl_usage(FILE *out)
{
	fprintf(out,
		"Usage: offloadctl [OPTIONS] COMMAND [ARGS]\n"
		"\n"
		"Options:\n"
		"  -j, --json             JSON output\n"
		"  -p, --pretty           indented JSON (with -j)\n"
		"  --netlink              kernel generic netlink family \"qoe\" (default)\n"
		"  --dpdk [PREFIX]        DPDK telemetry socket of --file-prefix PREFIX (default rte)\n"
		"  --runtime-dir DIR      DPDK runtime base dir (default /var/run/dpdk as root,\n"
		"                         else $XDG_RUNTIME_DIR/dpdk or /tmp/dpdk;\n"
		"                         env OFFLOADCTL_RUNTIME_DIR)\n"
		"  -h, --help             this help; COMMAND --help for a command\n"
		"  -V, --version          print the version\n"
		"\n"
		"Commands:\n");
	for (size_t i = 0; i < QOE_CTL_NCMDS; i++)
		fprintf(out, "  %-12s %s\n", qoe_ctl_cmds[i].name, qoe_ctl_cmds[i].args);
	fprintf(out, "\nExit status: 0 success, 1 error, 2 usage error.  See offloadctl(8).\n");
}

static void qoe_ctl_cmd_usage(const struct qoe_ctl_cmd *c, FILE *out)
{
	fprintf(out, "Usage: offloadctl [OPTIONS] %s %s\n\n%s\n", c->name, c->args, c->help);
}

static int qoe_ctl_usage_err(const char *fmt, const char *arg)
{
	fputs("offloadctl: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nTry 'offloadctl --help'.\n", stderr);
	return QOE_CTL_EXIT_USAGE;
}

static const struct qoe_ctl_cmd *qoe_ctl_find(const char *name)
{
	for (size_t i = 0; i < QOE_CTL_NCMDS; i++)
		if (!strcmp(name, qoe_ctl_cmds[i].name))
			return &qoe_ctl_cmds[i];
	return NULL;
}

/* Global option at argv[*i]?  1 = consumed, 0 = not an option, -1 = bad. */
static int qoe_ctl_global_opt(int argc, char **argv, int *i, bool *use_dpdk)
{
	const char *a = argv[*i];

	if (!strcmp(a, "-j") || !strcmp(a, "--json")) {
		qoe_ctl_opts.json = true;
	} else if (!strcmp(a, "-p") || !strcmp(a, "--pretty")) {
		qoe_ctl_opts.pretty = true;
	} else if (!strcmp(a, "-jp") || !strcmp(a, "-pj")) {
		qoe_ctl_opts.json = qoe_ctl_opts.pretty = true;
	} else if (!strcmp(a, "-t") || !strcmp(a, "--timestamp")) {
		qoe_ctl_opts.timestamp = true;
	} else if (!strcmp(a, "--netlink")) {
		*use_dpdk = false;
	} else if (!strncmp(a, "--dpdk=", 7)) {
		*use_dpdk = true;
		qoe_ctl_opts.dpdk_prefix = a + 7;
	} else if (!strcmp(a, "--dpdk")) {
		*use_dpdk = true;
		qoe_ctl_opts.dpdk_prefix = "rte";
		/* The prefix is optional: the next word is one unless it is a command. */
		if (*i + 1 < argc && argv[*i + 1][0] != '-' && !qoe_ctl_find(argv[*i + 1]) &&
		    strcmp(argv[*i + 1], "help") && strcmp(argv[*i + 1], "dev") &&
		    strcmp(argv[*i + 1], "dir"))
			qoe_ctl_opts.dpdk_prefix = argv[++*i];
	} else if (!strcmp(a, "--runtime-dir") || !strncmp(a, "--runtime-dir=", 14)) {
		if (a[13] == '=') {
			qoe_ctl_opts.runtime_dir = a + 14;
		} else if (*i + 1 < argc) {
			qoe_ctl_opts.runtime_dir = argv[++*i];
		} else {
			qoe_ctl_usage_err("option '%s' needs a directory", a);
			return -1;
		}
	} else if (a[0] == '-' && a[1]) {
		return -2;
	} else {
		return 0;
	}
	return 1;
}

static int qoe_ctl_unsupported(struct qoe_ctl_backend *be, const char *cmd)
{
	qoe_ctl_err("%s: %s: not supported by this backend (%s)", be->target, cmd,
		    be->unsupported_why ? be->unsupported_why : "no such operation");
	return QOE_CTL_EXIT_ERR;
}

static int qoe_ctl_run(struct qoe_ctl_backend *be, const struct qoe_ctl_cmd *c,
		       const struct qoe_ctl_filter *filter, const struct qoe_ctl_flow_req *req)
{
	uint32_t handle = 0;
	int ret;

	switch (c->op) {
	case OP_ADD:
		if (!be->add_flow)
			return qoe_ctl_unsupported(be, c->name);
		break;
	case OP_DEL:
		if (!be->del_flow)
			return qoe_ctl_unsupported(be, c->name);
		break;
	case OP_KEY:
		if (!be->key_update)
			return qoe_ctl_unsupported(be, c->name);
		break;
	case OP_MONITOR:
		if (!be->monitor)
			return qoe_ctl_unsupported(be, c->name);
		break;
	default:
		if (!be->for_each_dev || !be->get_caps || !be->get_stats || !be->for_each_flow)
			return qoe_ctl_unsupported(be, c->name);
		break;
	}
	if (be->open(be))
		return QOE_CTL_EXIT_ERR;
	switch (c->op) {
	case OP_FLOWS:
		ret = qoe_ctl_show_flows(be, filter);
		break;
	case OP_CAPS:
		ret = qoe_ctl_show_caps(be, filter->dev);
		break;
	case OP_STATS:
		ret = qoe_ctl_show_stats(be, filter->dev);
		break;
	case OP_DEV:
		ret = qoe_ctl_show_dev(be, filter->dev);
		break;
	case OP_ADD:
		ret = be->add_flow(be, req, &handle);
		if (!ret && qoe_ctl_opts.json) {
			struct json_object *o = json_object_new_object();

			json_object_object_add(o, "handle", json_object_new_int64(handle));
			puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
			json_object_put(o);
		} else if (!ret) {
			printf("handle 0x%08x\n", handle);
		}
		break;
	case OP_DEL:
		ret = be->del_flow(be, req);
		break;
	case OP_KEY:
		ret = be->key_update(be, req);
		break;
	case OP_MONITOR:
	default:
		ret = be->monitor(be, filter->dev);
		break;
	}
	be->close(be);
	return ret ? QOE_CTL_EXIT_ERR : 0;
}

int main(int argc, char **argv)
{
	const struct qoe_ctl_cmd *c;
	struct qoe_ctl_filter filter = { 0 };
	struct qoe_ctl_flow_req req = { 0 };
	struct qoe_ctl_backend be;
	bool use_dpdk = false;
	char *rest[64];
	int i, n = 0, ret;

	for (i = 1; i < argc; i++) {
		ret = qoe_ctl_global_opt(argc, argv, &i, &use_dpdk);
		if (ret == -1)
			return QOE_CTL_EXIT_USAGE;
		if (ret == 0)
			break;
		if (ret == -2) {
			if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
				qoe_ctl_usage(stdout);
				return 0;
			}
			if (!strcmp(argv[i], "-V") || !strcmp(argv[i], "--version")) {
				printf("offloadctl %s\n", QOE_CTL_VERSION);
				return 0;
			}
			return qoe_ctl_usage_err("unknown option '%s'", argv[i]);
		}
	}
	if (i == argc) {
		fputs("offloadctl: no command given\n", stderr);
		qoe_ctl_usage(stderr);
		return QOE_CTL_EXIT_USAGE;
	}
	if (!strcmp(argv[i], "help")) {
		if (i + 1 < argc) {
			c = qoe_ctl_find(argv[i + 1]);
			if (!c)
				return qoe_ctl_usage_err("unknown command '%s'", argv[i + 1]);
			qoe_ctl_cmd_usage(c, stdout);
		} else {
			qoe_ctl_usage(stdout);
		}
		return 0;
	}
	c = qoe_ctl_find(argv[i]);
	if (!c)
		return qoe_ctl_usage_err("unknown command '%s'", argv[i]);

	/* Options may also follow the command, as in "show-flows -j".  A
	 * negative number ("pn -1") is a value, for the command to refuse. */
	for (i++; i < argc; i++) {
		if (argv[i][0] == '-' && argv[i][1] >= '0' && argv[i][1] <= '9') {
			if (n == (int)(sizeof(rest) / sizeof(rest[0])))
				return qoe_ctl_usage_err("too many arguments after '%s'",
							 c->name);
			rest[n++] = argv[i];
			continue;
		}
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			qoe_ctl_cmd_usage(c, stdout);
			return 0;
		}
		ret = qoe_ctl_global_opt(argc, argv, &i, &use_dpdk);
		if (ret == -1)
			return QOE_CTL_EXIT_USAGE;
		if (ret == -2) {
			fprintf(stderr, "offloadctl: %s: unknown option '%s'\n", c->name, argv[i]);
			qoe_ctl_cmd_usage(c, stderr);
			return QOE_CTL_EXIT_USAGE;
		}
		if (ret == 1)
			continue;
		if (n == (int)(sizeof(rest) / sizeof(rest[0])))
			return qoe_ctl_usage_err("too many arguments after '%s'", c->name);
		rest[n++] = argv[i];
	}
	if (qoe_ctl_opts.pretty)
		qoe_ctl_opts.json = true;

	if (c->op == OP_ADD || c->op == OP_DEL || c->op == OP_KEY) {
		if (qoe_ctl_parse_flow_req(c->name, n, rest, &req)) {
			explicit_bzero(&req, sizeof(req));
			qoe_ctl_cmd_usage(c, stderr);
			return QOE_CTL_EXIT_USAGE;
		}
	} else {
		for (i = 0; i < n; i += 2) {
			const char *k = rest[i], *v = i + 1 < n ? rest[i + 1] : NULL;

			if (!strcmp(k, "dev") && v) {
				filter.dev = v;
			} else if (!strcmp(k, "dir") && v && c->op == OP_FLOWS) {
				if (strcmp(v, "tx") && strcmp(v, "rx")) {
					fprintf(stderr, "offloadctl: %s: dir must be tx or rx, not '%s'\n",
						c->name, v);
					return QOE_CTL_EXIT_USAGE;
				}
				filter.dir = v;
			} else {
				fprintf(stderr, "offloadctl: %s: %s '%s'\n", c->name,
					v || (strcmp(k, "dev") && strcmp(k, "dir")) ?
					"unknown argument" : "missing value after", k);
				qoe_ctl_cmd_usage(c, stderr);
				return QOE_CTL_EXIT_USAGE;
			}
		}
	}

	if (use_dpdk)
		ret = qoe_ctl_dpdk_init(&be, qoe_ctl_opts.dpdk_prefix, qoe_ctl_opts.runtime_dir);
	else
		ret = qoe_ctl_netlink_init(&be);
	if (ret) {
		explicit_bzero(&req, sizeof(req));
		return QOE_CTL_EXIT_ERR;
	}
	ret = qoe_ctl_run(&be, c, &filter, &req);
	explicit_bzero(&req, sizeof(req));
	if (be.priv && be.close)
		be.close(&be);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "offloadctl: writing output: %s\n", strerror(errno));
		return QOE_CTL_EXIT_ERR;
	}
	return ret;
}
