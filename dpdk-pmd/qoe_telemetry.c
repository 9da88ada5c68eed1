/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause) */
/*
 * Telemetry commands for offloadctl: /qoe/ports, /qoe/caps, /qoe/stats,
 * /qoe/flows.  The contract (names, types, paging) is in
 * Documentation/dpdk-pmd.rst; change it only by adding keys.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_telemetry.h>

#include "qoe_pmd.h"
#include "qoe_host.h"

/* Replies are capped at 16 KB: 32 flows of ~450 bytes each fit. */
#define QOE_TEL_FLOWS_PER_PAGE	32

/* "<u64>[,<u64>]" -> values; returns how many, or -1 on junk. */
static int
qoe_tel_params(const char *params, uint64_t *v, int max)
{
	const char *p = params;
	char *end;
	int n = 0;

	if (p == NULL || *p == '\0')
		return 0;
	while (n < max) {
		if (*p < '0' || *p > '9')
			return -1;
		errno = 0;
		v[n++] = strtoull(p, &end, 0);
		if (errno != 0)
			return -1;
		if (*end == '\0')
			return n;
		if (*end != ',')
			return -1;
		p = end + 1;
	}
	return -1;
}

static int
qoe_tel_port(const char *params, uint64_t *v, int want)
{
	if (qoe_tel_params(params, v, want) != want || v[0] >= RTE_MAX_ETHPORTS ||
	    !rte_pmd_qoe_is_qoe_port((uint16_t)v[0]))
		return -EINVAL;
	return 0;
}

static int
qoe_tel_ports(const char *cmd __rte_unused, const char *params __rte_unused,
	      struct rte_tel_data *d)
{
	unsigned int i;

	rte_tel_data_start_array(d, RTE_TEL_U64_VAL);
	for (i = 0; i < RTE_MAX_ETHPORTS; i++)
		if (rte_eth_dev_is_valid_port((uint16_t)i) &&
		    rte_pmd_qoe_is_qoe_port((uint16_t)i))
			rte_tel_data_add_array_u64(d, i);
	return 0;
}

static const char *const qoe_tel_cipher_names[] = {
	[QOE_CIPHER_AES_128_GCM] = "aes-128-gcm",
	[QOE_CIPHER_AES_256_GCM] = "aes-256-gcm",
	[QOE_CIPHER_CHACHA20_POLY1305] = "chacha20-poly1305",
};

static const char *
qoe_tel_cipher(unsigned int c)
{
	if (c < RTE_DIM(qoe_tel_cipher_names) && qoe_tel_cipher_names[c])
		return qoe_tel_cipher_names[c];
	return "unknown";
}

static int
qoe_tel_caps(const char *cmd __rte_unused, const char *params,
	     struct rte_tel_data *d)
{
	struct rte_pmd_qoe_caps c;
	char ciphers[RTE_TEL_MAX_STRING_LEN] = "";
	uint64_t v[1];
	unsigned int i;

	if (qoe_tel_port(params, v, 1) != 0 ||
	    rte_pmd_qoe_caps_get((uint16_t)v[0], &c) != 0)
		return -EINVAL;
	for (i = 1; i <= QOE_CIPHER_MAX; i++) {
		if (!(c.ciphers & (1u << i)))
			continue;
		if (ciphers[0] != '\0')
			strcat(ciphers, " ");
		strcat(ciphers, qoe_tel_cipher(i));
	}
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_u64(d, "abi_version", c.abi_version);
	rte_tel_data_add_dict_string(d, "ciphers", ciphers);
	rte_tel_data_add_dict_u64(d, "features", c.features);
	rte_tel_data_add_dict_u64(d, "max_flows", c.max_flows);
	rte_tel_data_add_dict_u64(d, "max_cids", c.max_cids);
	rte_tel_data_add_dict_u64(d, "max_cid_len", c.max_cid_len);
	rte_tel_data_add_dict_u64(d, "max_gso_segs", c.max_gso_segs);
	rte_tel_data_add_dict_u64(d, "max_gro_segs", c.max_gro_segs);
	return 0;
}

static int
qoe_tel_stats(const char *cmd __rte_unused, const char *params,
	      struct rte_tel_data *d)
{
	struct qoe_pmd_dev *dev;
	u64 c[QOE_STAT_MAX];
	uint64_t v[1];
	unsigned int i;
	int st;

	if (qoe_tel_port(params, v, 1) != 0)
		return -EINVAL;
	dev = qoe_pmd_dev_get((uint16_t)v[0]);
	rte_spinlock_lock(&dev->lock);
	st = qoe_host_dev_stats(dev->engine, c);
	rte_spinlock_unlock(&dev->lock);
	if (st != QOE_ST_OK)
		return -EIO;
	rte_tel_data_start_dict(d);
	for (i = 0; i < QOE_STAT_MAX; i++)
		rte_tel_data_add_dict_u64(d, qoe_stat_names[i], c[i]);
	return 0;
}

static void
qoe_tel_endpoint(char *buf, size_t size, uint8_t family, const uint8_t *addr,
		 uint16_t port)
{
	char a[INET6_ADDRSTRLEN];

	if (family == QOE_FAMILY_IPV6) {
		inet_ntop(AF_INET6, addr, a, sizeof(a));
		snprintf(buf, size, "[%s]:%u", a, port);
	} else {
		inet_ntop(AF_INET, addr, a, sizeof(a));
		snprintf(buf, size, "%s:%u", a, port);
	}
}

static struct rte_tel_data *
qoe_tel_flow(const struct rte_pmd_qoe_flow_stats *s)
{
	struct rte_tel_data *f = rte_tel_data_alloc();
	char buf[2 * QOE_MAX_CID_LEN + 1];
	char ep[INET6_ADDRSTRLEN + 10];
	unsigned int i;

	if (f == NULL)
		return NULL;
	rte_tel_data_start_dict(f);
	rte_tel_data_add_dict_u64(f, "handle", s->handle);
	rte_tel_data_add_dict_string(f, "dir", s->dir == QOE_DIR_TX ? "tx" : "rx");
	rte_tel_data_add_dict_string(f, "cipher", qoe_tel_cipher(s->cipher));
	for (i = 0; i < s->cid_len && i < QOE_MAX_CID_LEN; i++)
		snprintf(buf + 2 * i, 3, "%02x", s->cid[i]);
	buf[2 * i] = '\0';
	rte_tel_data_add_dict_string(f, "cid", buf);
	qoe_tel_endpoint(ep, sizeof(ep), s->family, s->local_addr, s->local_port);
	rte_tel_data_add_dict_string(f, "local", ep);
	qoe_tel_endpoint(ep, sizeof(ep), s->family, s->remote_addr,
			 s->remote_port);
	rte_tel_data_add_dict_string(f, "remote", ep);
	rte_tel_data_add_dict_u64(f, "key_phase", s->key_phase);
	if (s->pn == QOE_PN_NONE)
		rte_tel_data_add_dict_string(f, "pn", "none");
	else
		rte_tel_data_add_dict_u64(f, "pn", s->pn);
	rte_tel_data_add_dict_u64(f, "packets", s->packets);
	rte_tel_data_add_dict_u64(f, "bytes", s->bytes);
	rte_tel_data_add_dict_u64(f, "auth_fail", s->auth_fail);
	rte_tel_data_add_dict_u64(f, "drops", s->drops);
	rte_tel_data_add_dict_u64(f, "key_updates", s->key_updates);
	rte_tel_data_add_dict_u64(f, "keys_valid", s->keys_valid);
	rte_tel_data_add_dict_u64(f, "age_ms", s->age_ms);
	return f;
}

static int
qoe_tel_flows(const char *cmd __rte_unused, const char *params,
	      struct rte_tel_data *d)
{
	struct rte_pmd_qoe_flow_stats s;
	uint64_t v[2], cursor, next = 0;
	char key[16];
	int n, ret;

	n = qoe_tel_params(params, v, 2);
	if (n == 1)
		v[1] = 0;	/* cursor defaults to the start */
	if (n < 1 || v[0] >= RTE_MAX_ETHPORTS ||
	    !rte_pmd_qoe_is_qoe_port((uint16_t)v[0]))
		return -EINVAL;
	cursor = v[1];
	rte_tel_data_start_dict(d);
	for (n = 0; n < QOE_TEL_FLOWS_PER_PAGE; n++) {
		struct rte_tel_data *f;

		ret = rte_pmd_qoe_flow_next((uint16_t)v[0], cursor, &s, &next);
		if (ret == -ENOENT) {
			next = 0;
			break;
		}
		if (ret != 0)
			return ret;
		f = qoe_tel_flow(&s);
		if (f == NULL)
			return -ENOMEM;
		snprintf(key, sizeof(key), "f%d", n);
		if (rte_tel_data_add_dict_container(d, key, f, 0) != 0) {
			rte_tel_data_free(f);
			return -ENOSPC;
		}
		cursor = next;
	}
	/* a full page: only point on if another flow really follows */
	if (n == QOE_TEL_FLOWS_PER_PAGE &&
	    rte_pmd_qoe_flow_next((uint16_t)v[0], cursor, &s, &next) != 0)
		cursor = 0;
	rte_tel_data_add_dict_u64(d, "next",
				  n == QOE_TEL_FLOWS_PER_PAGE ? cursor : 0);
	return 0;
}

RTE_INIT(qoe_telemetry_init)
{
	rte_telemetry_register_cmd("/qoe/ports", qoe_tel_ports,
		"Ports driven by net_qoe. No parameters");
	rte_telemetry_register_cmd("/qoe/caps", qoe_tel_caps,
		"Offload capabilities. Parameters: int port_id");
	rte_telemetry_register_cmd("/qoe/stats", qoe_tel_stats,
		"Offload engine counters. Parameters: int port_id");
	rte_telemetry_register_cmd("/qoe/flows", qoe_tel_flows,
		"One page of offloaded flows. Parameters: int port_id, int cursor (0 = first page; reply's next, 0 = done)");
}
