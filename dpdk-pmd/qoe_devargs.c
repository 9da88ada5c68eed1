/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause) */
/* net_qoe devargs: parsed with rte_kvargs, every bad value named. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rte_kvargs.h>

#include "qoe_pmd.h"

#define ARG_PEER	"peer"
#define ARG_BACKING	"backing"
#define ARG_FLOWS	"flows"
#define ARG_CRYPTO	"crypto"
#define ARG_MAX_FLOWS	"max_flows"
#define ARG_RING_SIZE	"ring_size"
#define ARG_AUTO_TX	"auto_tx"
#define ARG_GRO		"gro"
#define ARG_FLOWS_WATCH	"flows_watch"
#define ARG_PLAINTEXT	"plaintext_egress"
#define ARG_TEL_WRITES	"telemetry_writes"
#define ARG_ENGINES	"engines"

static const char *const valid_args[] = {
	ARG_PEER, ARG_BACKING, ARG_FLOWS, ARG_CRYPTO, ARG_MAX_FLOWS,
	ARG_RING_SIZE, ARG_AUTO_TX, ARG_GRO, ARG_FLOWS_WATCH, ARG_PLAINTEXT,
	ARG_TEL_WRITES, ARG_ENGINES, NULL
};

static int
copy_str(const char *key, const char *value, void *opaque, size_t size)
{
	if (value == NULL || value[0] == '\0' || strlen(value) >= size) {
		QOE_LOG(ERR, "devarg %s: empty or longer than %zu characters",
			key, size - 1);
		return -EINVAL;
	}
	strcpy(opaque, value);
	return 0;
}

static int
arg_name(const char *key, const char *value, void *opaque)
{
	return copy_str(key, value, opaque, QOE_PMD_NAME_LEN);
}

static int
arg_path(const char *key, const char *value, void *opaque)
{
	return copy_str(key, value, opaque,
			sizeof(((struct qoe_pmd_args *)0)->flows));
}

static int
arg_crypto(const char *key, const char *value, void *opaque)
{
	if (value == NULL || (strcmp(value, "ipsec-mb") != 0 &&
			      strcmp(value, "openssl") != 0)) {
		QOE_LOG(ERR, "devarg %s=%s: expected ipsec-mb or openssl", key,
			value ? value : "");
		return -EINVAL;
	}
	strcpy(opaque, value);
	return 0;
}

static int
parse_u32(const char *key, const char *value, uint32_t lo, uint32_t hi,
	  uint32_t *out)
{
	unsigned long v;
	char *end;

	if (value == NULL || value[0] < '0' || value[0] > '9')
		goto bad;
	errno = 0;
	v = strtoul(value, &end, 0);
	if (errno != 0 || *end != '\0' || v < lo || v > hi)
		goto bad;
	*out = (uint32_t)v;
	return 0;
bad:
	QOE_LOG(ERR, "devarg %s=%s: expected an integer in [%u, %u]", key,
		value ? value : "", lo, hi);
	return -EINVAL;
}

static int
arg_max_flows(const char *key, const char *value, void *opaque)
{
	return parse_u32(key, value, 1, 1U << 16, opaque);
}

static int
arg_ring_size(const char *key, const char *value, void *opaque)
{
	uint32_t *out = opaque;
	int ret = parse_u32(key, value, 64, 1U << 16, out);

	if (ret == 0 && (*out & (*out - 1)) != 0) {
		QOE_LOG(ERR, "devarg %s=%s: must be a power of two", key, value);
		return -EINVAL;
	}
	return ret;
}

static int
arg_engines(const char *key, const char *value, void *opaque)
{
	uint32_t v;

	if (parse_u32(key, value, 1, QOE_PMD_MAX_QUEUES, &v) != 0)
		return -EINVAL;
	*(uint16_t *)opaque = (uint16_t)v;
	return 0;
}

static int
arg_bool(const char *key, const char *value, void *opaque)
{
	uint32_t v;

	if (parse_u32(key, value, 0, 1, &v) != 0)
		return -EINVAL;
	*(bool *)opaque = v != 0;
	return 0;
}

int
qoe_pmd_args_parse(const char *name, const char *params, struct qoe_pmd_args *a)
{
	static const struct {
		const char *key;
		arg_handler_t fn;
		size_t off;
	} handlers[] = {
		{ ARG_PEER, arg_name, offsetof(struct qoe_pmd_args, peer) },
		{ ARG_BACKING, arg_name, offsetof(struct qoe_pmd_args, backing) },
		{ ARG_FLOWS, arg_path, offsetof(struct qoe_pmd_args, flows) },
		{ ARG_CRYPTO, arg_crypto, offsetof(struct qoe_pmd_args, crypto) },
		{ ARG_MAX_FLOWS, arg_max_flows,
		  offsetof(struct qoe_pmd_args, max_flows) },
		{ ARG_RING_SIZE, arg_ring_size,
		  offsetof(struct qoe_pmd_args, ring_size) },
		{ ARG_AUTO_TX, arg_bool, offsetof(struct qoe_pmd_args, auto_tx) },
		{ ARG_GRO, arg_bool, offsetof(struct qoe_pmd_args, gro) },
		{ ARG_FLOWS_WATCH, arg_bool,
		  offsetof(struct qoe_pmd_args, flows_watch) },
		{ ARG_PLAINTEXT, arg_bool,
		  offsetof(struct qoe_pmd_args, plaintext_egress) },
		{ ARG_TEL_WRITES, arg_bool,
		  offsetof(struct qoe_pmd_args, telemetry_writes) },
		{ ARG_ENGINES, arg_engines, offsetof(struct qoe_pmd_args, engines) },
	};
	struct rte_kvargs *kv;
	unsigned int i;
	int ret = 0;

	memset(a, 0, sizeof(*a));
	strcpy(a->crypto, "ipsec-mb");
	a->max_flows = 1024;
	a->ring_size = 1024;
	a->engines = 1;

	if (params == NULL || params[0] == '\0')
		return 0;
	kv = rte_kvargs_parse(params, valid_args);
	if (kv == NULL) {
		QOE_LOG(ERR, "%s: cannot parse devargs \"%s\" (valid keys: peer, backing, flows, crypto, max_flows, ring_size, auto_tx, gro, flows_watch, plaintext_egress, telemetry_writes, engines)",
			name, params);
		return -EINVAL;
	}
	for (i = 0; i < RTE_DIM(handlers) && ret == 0; i++) {
		if (rte_kvargs_count(kv, handlers[i].key) > 1) {
			QOE_LOG(ERR, "%s: devarg %s given more than once", name,
				handlers[i].key);
			ret = -EINVAL;
			break;
		}
		ret = rte_kvargs_process(kv, handlers[i].key, handlers[i].fn,
					 (char *)a + handlers[i].off);
	}
	a->auto_tx_set = rte_kvargs_count(kv, ARG_AUTO_TX) > 0;
	rte_kvargs_free(kv);
	if (ret != 0)
		return -EINVAL;
	if (a->peer[0] != '\0' && a->backing[0] != '\0') {
		QOE_LOG(ERR, "%s: peer and backing are exclusive", name);
		return -EINVAL;
	}
	if (strcmp(a->peer, name) == 0 || strcmp(a->backing, name) == 0) {
		QOE_LOG(ERR, "%s: a port cannot be its own peer or backing", name);
		return -EINVAL;
	}
	/* a bump in the wire receives as its backing port's RSS spreads
	 * packets, which need not be the engines' */
	if (a->engines > 1 && a->backing[0] != '\0') {
		QOE_LOG(ERR, "%s: engines=%u needs peer or loopback wiring, not backing",
			name, a->engines);
		return -EINVAL;
	}
	if (a->flows_watch && a->flows[0] == '\0') {
		QOE_LOG(ERR, "%s: flows_watch needs flows=<file>", name);
		return -EINVAL;
	}
	if (!a->auto_tx_set)
		a->auto_tx = a->flows[0] != '\0';
	return 0;
}
