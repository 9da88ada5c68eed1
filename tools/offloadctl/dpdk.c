// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * DPDK backend: the qoe PMD's /qoe/... telemetry commands
 * (Documentation/dpdk-pmd.rst): show-* read, add-flow / del-flow /
 * key-update write through /qoe/flow_add, /qoe/flow_del, /qoe/key_update,
 * and monitor polls /qoe/events.  Key material is wiped from every buffer
 * that held it and never appears in an error line.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <qoe/fw_abi.h>

#include "offloadctl.h"
#include "telemetry.h"

#define QOE_DPDK_MAX_PORTS	1024
/* Bounds a server whose cursor never reaches 0: far above any flow table. */
#define QOE_DPDK_MAX_PAGES	(1u << 22)

struct qoe_dpdk {
	struct qoe_tel tel;
	char path[PATH_MAX];
	unsigned int ports[QOE_DPDK_MAX_PORTS];
	size_t n_ports;
	int have_ports;
};

/* An unsigned JSON int; json-c keeps values above INT64_MAX as exact u64. */
static int qoe_dpdk_u64(struct qoe_dpdk *d, const char *cmd, struct json_object *o,
			const char *key, uint64_t *out)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !v) {
		qoe_ctl_err("%s: malformed reply to '%s': missing \"%s\"", d->tel.target, cmd, key);
		return -1;
	}
	if (!json_object_is_type(v, json_type_int) || json_object_get_int64(v) < 0) {
		qoe_ctl_err("%s: malformed reply to '%s': \"%s\" is not an unsigned integer",
			    d->tel.target, cmd, key);
		return -1;
	}
	*out = json_object_get_uint64(v);
	return 0;
}

static int qoe_dpdk_uint(struct qoe_dpdk *d, const char *cmd, struct json_object *o,
			 const char *key, uint64_t max, unsigned int *out)
{
	uint64_t v;

	if (qoe_dpdk_u64(d, cmd, o, key, &v))
		return -1;
	if (v > max) {
		qoe_ctl_err("%s: malformed reply to '%s': \"%s\" = %" PRIu64 " exceeds %" PRIu64,
			    d->tel.target, cmd, key, v, max);
		return -1;
	}
	*out = (unsigned int)v;
	return 0;
}

static int qoe_dpdk_str(struct qoe_dpdk *d, const char *cmd, struct json_object *o,
			const char *key, char *out, size_t size)
{
	struct json_object *v;
	const char *s;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string)) {
		qoe_ctl_err("%s: malformed reply to '%s': \"%s\" missing or not a string",
			    d->tel.target, cmd, key);
		return -1;
	}
	s = json_object_get_string(v);
	if (strlen(s) >= size) {
		qoe_ctl_err("%s: malformed reply to '%s': \"%s\" longer than %zu characters",
			    d->tel.target, cmd, key, size - 1);
		return -1;
	}
	strcpy(out, s);
	return 0;
}

/*
 * A capability set: a bitmap integer, a JSON array of names, or a string of
 * names separated by commas or spaces; all mean the same bits.
 */
static int qoe_dpdk_bits(struct qoe_dpdk *d, const char *cmd, struct json_object *o,
			 const char *key, int (*parse)(const char *), uint32_t *out)
{
	struct json_object *v;
	uint64_t u;

	if (!json_object_object_get_ex(o, key, &v) || !v) {
		qoe_ctl_err("%s: malformed reply to '%s': missing \"%s\"", d->tel.target, cmd, key);
		return -1;
	}
	*out = 0;
	if (json_object_is_type(v, json_type_int)) {
		if (qoe_dpdk_u64(d, cmd, o, key, &u))
			return -1;
		if (u > UINT32_MAX) {
			qoe_ctl_err("%s: malformed reply to '%s': \"%s\" out of range",
				    d->tel.target, cmd, key);
			return -1;
		}
		*out = (uint32_t)u;
		return 0;
	}
	if (json_object_is_type(v, json_type_array)) {
		for (size_t i = 0; i < json_object_array_length(v); i++) {
			struct json_object *e = json_object_array_get_idx(v, i);
			int bit = json_object_is_type(e, json_type_string) ?
				  parse(json_object_get_string(e)) : -1;

			if (bit < 0)
				goto bad_name;
			*out |= 1u << bit;
		}
		return 0;
	}
	if (json_object_is_type(v, json_type_string)) {
		char *copy = strdup(json_object_get_string(v)), *save = NULL, *tok;

		if (!copy)
			return -1;
		for (tok = strtok_r(copy, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
			int bit = parse(tok);

			if (bit < 0) {
				free(copy);
				goto bad_name;
			}
			*out |= 1u << bit;
		}
		free(copy);
		return 0;
	}
bad_name:
	qoe_ctl_err("%s: malformed reply to '%s': cannot read \"%s\" (%s)", d->tel.target, cmd,
		    key, json_object_get_string(v));
	return -1;
}

static int qoe_dpdk_open(struct qoe_ctl_backend *be)
{
	struct qoe_dpdk *d = be->priv;

	return qoe_tel_connect(&d->tel, d->path, be->target);
}

static void qoe_dpdk_close(struct qoe_ctl_backend *be)
{
	struct qoe_dpdk *d = be->priv;

	qoe_tel_close(&d->tel);
	free(d);
	be->priv = NULL;
}

static int qoe_dpdk_load_ports(struct qoe_dpdk *d)
{
	struct json_object *reply, *v;
	const char *cmd = "/qoe/ports";
	size_t n;

	if (d->have_ports)
		return 0;
	v = qoe_tel_request(&d->tel, cmd, &reply);
	if (!v)
		return -1;
	if (!json_object_is_type(v, json_type_array)) {
		qoe_ctl_err("%s: malformed reply to '%s': not a list of port ids", d->tel.target, cmd);
		goto fail;
	}
	n = json_object_array_length(v);
	if (n > QOE_DPDK_MAX_PORTS) {
		qoe_ctl_err("%s: malformed reply to '%s': %zu ports", d->tel.target, cmd, n);
		goto fail;
	}
	for (size_t i = 0; i < n; i++) {
		struct json_object *e = json_object_array_get_idx(v, i);
		int64_t id = json_object_get_int64(e);

		if (!json_object_is_type(e, json_type_int) || id < 0 || id > UINT16_MAX) {
			qoe_ctl_err("%s: malformed reply to '%s': bad port id '%s'", d->tel.target,
				    cmd, json_object_get_string(e));
			goto fail;
		}
		d->ports[i] = (unsigned int)id;
	}
	d->n_ports = n;
	d->have_ports = 1;
	json_object_put(reply);
	return 0;
fail:
	json_object_put(reply);
	return -1;
}

/* Port of ethdev @name, by asking DPDK's own /ethdev/info; -1 if none. */
static int qoe_dpdk_port_by_name(struct qoe_dpdk *d, const char *name, unsigned int *port)
{
	struct json_object *reply, *v, *n;
	char cmd[64];
	int found;

	for (size_t i = 0; i < d->n_ports; i++) {
		snprintf(cmd, sizeof(cmd), "/ethdev/info,%u", d->ports[i]);
		v = qoe_tel_request_quiet(&d->tel, cmd, &reply);
		if (!v)
			continue;	/* refused (older DPDK) or broken */
		found = json_object_is_type(v, json_type_object) &&
			json_object_object_get_ex(v, "name", &n) &&
			json_object_is_type(n, json_type_string) &&
			!strcmp(json_object_get_string(n), name);
		json_object_put(reply);
		if (found) {
			*port = d->ports[i];
			return 0;
		}
	}
	return -1;
}

/* A DPDK dev is a port id the PMD listed ("0") or its ethdev name ("net_qoe0"). */
static int qoe_dpdk_port(struct qoe_dpdk *d, const char *dev, unsigned int *port)
{
	char *end;
	unsigned long v;

	if (qoe_dpdk_load_ports(d))
		return -1;
	errno = 0;
	v = strtoul(dev, &end, 10);
	if (!errno && *dev && isdigit((unsigned char)*dev) && !*end) {
		for (size_t i = 0; i < d->n_ports; i++) {
			if (d->ports[i] == v) {
				*port = (unsigned int)v;
				return 0;
			}
		}
	} else if (!qoe_dpdk_port_by_name(d, dev, port)) {
		return 0;
	}
	qoe_ctl_err("%s: dev '%s': no such qoe port (%zu qoe port%s)", d->tel.target, dev,
		    d->n_ports, d->n_ports == 1 ? "" : "s");
	return -1;
}

static int qoe_dpdk_for_each_dev(struct qoe_ctl_backend *be, qoe_ctl_dev_cb cb, void *arg)
{
	struct qoe_dpdk *d = be->priv;
	char dev[QOE_CTL_DEV_LEN];
	int ret;

	if (qoe_dpdk_load_ports(d))
		return -1;
	for (size_t i = 0; i < d->n_ports; i++) {
		snprintf(dev, sizeof(dev), "%u", d->ports[i]);
		ret = cb(dev, arg);
		if (ret)
			return ret;
	}
	return 0;
}

static int qoe_dpdk_get_caps(struct qoe_ctl_backend *be, const char *dev,
			     struct qoe_ctl_caps *c)
{
	struct qoe_dpdk *d = be->priv;
	struct json_object *reply, *v;
	unsigned int port;
	char cmd[64];
	int ret = -1;

	if (qoe_dpdk_port(d, dev, &port))
		return -1;
	snprintf(cmd, sizeof(cmd), "/qoe/caps,%u", port);
	v = qoe_tel_request(&d->tel, cmd, &reply);
	if (!v)
		return -1;
	memset(c, 0, sizeof(*c));
	snprintf(c->dev, sizeof(c->dev), "%u", port);
	if (!json_object_is_type(v, json_type_object)) {
		qoe_ctl_err("%s: malformed reply to '%s': not a dictionary", d->tel.target, cmd);
		goto out;
	}
	if (qoe_dpdk_uint(d, cmd, v, "abi_version", UINT16_MAX, &c->abi_version) ||
	    qoe_dpdk_bits(d, cmd, v, "ciphers", qoe_ctl_cipher_parse, &c->ciphers) ||
	    qoe_dpdk_bits(d, cmd, v, "features", qoe_ctl_feature_parse, &c->features) ||
	    qoe_dpdk_uint(d, cmd, v, "max_flows", UINT32_MAX, &c->max_flows) ||
	    qoe_dpdk_uint(d, cmd, v, "max_cids", UINT32_MAX, &c->max_cids) ||
	    qoe_dpdk_uint(d, cmd, v, "max_cid_len", UINT8_MAX, &c->max_cid_len) ||
	    qoe_dpdk_uint(d, cmd, v, "max_gso_segs", UINT16_MAX, &c->max_gso_segs) ||
	    qoe_dpdk_uint(d, cmd, v, "max_gro_segs", UINT16_MAX, &c->max_gro_segs))
		goto out;
	ret = 0;
out:
	json_object_put(reply);
	return ret;
}

static int qoe_dpdk_get_stats(struct qoe_ctl_backend *be, const char *dev,
			      struct qoe_ctl_stats *st)
{
	struct qoe_dpdk *d = be->priv;
	struct json_object *reply, *v;
	unsigned int port;
	char cmd[64];
	size_t n = 0;

	memset(st, 0, sizeof(*st));
	if (qoe_dpdk_port(d, dev, &port))
		return -1;
	/* the port's xstats: the engine's counters are among them */
	snprintf(cmd, sizeof(cmd), "/ethdev/xstats,%u", port);
	v = qoe_tel_request(&d->tel, cmd, &reply);
	if (!v)
		return -1;
	snprintf(st->dev, sizeof(st->dev), "%u", port);
	if (!json_object_is_type(v, json_type_object)) {
		qoe_ctl_err("%s: malformed reply to '%s': not a dictionary", d->tel.target, cmd);
		goto fail;
	}
	st->v = calloc((size_t)json_object_object_length(v) + 1, sizeof(*st->v));
	if (!st->v) {
		qoe_ctl_err("%s: out of memory", d->tel.target);
		goto fail;
	}
	json_object_object_foreach(v, key, val) {
		(void)val;
		if (strlen(key) >= QOE_CTL_NAME_LEN) {
			qoe_ctl_err("%s: malformed reply to '%s': counter name too long",
				    d->tel.target, cmd);
			goto fail;
		}
		strcpy(st->v[n].name, key);
		if (qoe_dpdk_u64(d, cmd, v, key, &st->v[n].value))
			goto fail;
		n++;
	}
	st->n = n;
	json_object_put(reply);
	return 0;
fail:
	free(st->v);
	st->v = NULL;
	json_object_put(reply);
	return -1;
}

static int qoe_dpdk_flow(struct qoe_dpdk *d, const char *cmd, struct json_object *o,
			 unsigned int port, struct qoe_ctl_flow *f)
{
	struct json_object *pn;
	unsigned int v;

	memset(f, 0, sizeof(*f));
	snprintf(f->dev, sizeof(f->dev), "%u", port);
	if (!json_object_is_type(o, json_type_object)) {
		qoe_ctl_err("%s: malformed reply to '%s': flow entry is not a dictionary",
			    d->tel.target, cmd);
		return -1;
	}
	if (qoe_dpdk_uint(d, cmd, o, "handle", UINT32_MAX, &v))
		return -1;
	f->handle = v;
	if (qoe_dpdk_str(d, cmd, o, "dir", f->dir, sizeof(f->dir)) ||
	    qoe_dpdk_str(d, cmd, o, "cipher", f->cipher, sizeof(f->cipher)) ||
	    qoe_dpdk_str(d, cmd, o, "cid", f->cid, sizeof(f->cid)) ||
	    qoe_dpdk_str(d, cmd, o, "local", f->local, sizeof(f->local)) ||
	    qoe_dpdk_str(d, cmd, o, "remote", f->remote, sizeof(f->remote)) ||
	    qoe_dpdk_uint(d, cmd, o, "key_phase", 1, &f->key_phase) ||
	    qoe_dpdk_u64(d, cmd, o, "packets", &f->packets) ||
	    qoe_dpdk_u64(d, cmd, o, "bytes", &f->bytes) ||
	    qoe_dpdk_u64(d, cmd, o, "auth_fail", &f->auth_fail) ||
	    qoe_dpdk_u64(d, cmd, o, "drops", &f->drops) ||
	    qoe_dpdk_u64(d, cmd, o, "key_updates", &f->key_updates) ||
	    qoe_dpdk_uint(d, cmd, o, "keys_valid", UINT8_MAX, &f->keys_valid) ||
	    qoe_dpdk_u64(d, cmd, o, "age_ms", &f->age_ms))
		return -1;
	/* a PMD before it reports none */
	f->key_missing_none = !json_object_object_get_ex(o, "key_missing", NULL);
	if (!f->key_missing_none &&
	    qoe_dpdk_u64(d, cmd, o, "key_missing", &f->key_missing))
		return -1;
	if (strcmp(f->dir, "tx") && strcmp(f->dir, "rx")) {
		qoe_ctl_err("%s: malformed reply to '%s': flow dir '%s' is neither tx nor rx",
			    d->tel.target, cmd, f->dir);
		return -1;
	}
	for (const char *p = f->cid; *p; p++) {
		if (!isxdigit((unsigned char)*p)) {
			qoe_ctl_err("%s: malformed reply to '%s': cid '%s' is not hex",
				    d->tel.target, cmd, f->cid);
			return -1;
		}
	}
	if (json_object_object_get_ex(o, "pn", &pn) &&
	    json_object_is_type(pn, json_type_string) &&
	    !strcmp(json_object_get_string(pn), "none")) {
		f->pn_none = true;
		return 0;
	}
	return qoe_dpdk_u64(d, cmd, o, "pn", &f->pn);
}

static int qoe_dpdk_for_each_flow(struct qoe_ctl_backend *be, const char *dev,
				  qoe_ctl_flow_cb cb, void *arg)
{
	struct qoe_dpdk *d = be->priv;
	struct json_object *reply, *v;
	struct qoe_ctl_flow f;
	uint64_t cursor = 0, next;
	unsigned int port;
	char cmd[96];
	int ret;

	if (qoe_dpdk_port(d, dev, &port))
		return -1;
	for (unsigned int page = 0;; page++) {
		if (page == QOE_DPDK_MAX_PAGES) {
			qoe_ctl_err("%s: dev %u: flow listing did not end after %u pages",
				    d->tel.target, port, page);
			return -1;
		}
		snprintf(cmd, sizeof(cmd), "/qoe/flows,%u,%" PRIu64, port, cursor);
		v = qoe_tel_request(&d->tel, cmd, &reply);
		if (!v)
			return -1;
		if (!json_object_is_type(v, json_type_object)) {
			qoe_ctl_err("%s: malformed reply to '%s': not a dictionary",
				    d->tel.target, cmd);
			goto fail;
		}
		if (qoe_dpdk_u64(d, cmd, v, "next", &next))
			goto fail;
		json_object_object_foreach(v, key, val) {
			if (key[0] != 'f' || !isdigit((unsigned char)key[1]))
				continue;
			if (qoe_dpdk_flow(d, cmd, val, port, &f))
				goto fail;
			ret = cb(&f, arg);
			if (ret) {
				json_object_put(reply);
				return ret;
			}
		}
		json_object_put(reply);
		if (!next)
			return 0;
		if (next == cursor) {
			qoe_ctl_err("%s: malformed reply to '%s': cursor does not advance",
				    d->tel.target, cmd);
			return -1;
		}
		cursor = next;
	}
fail:
	json_object_put(reply);
	return -1;
}

/*
 * Write commands answer {"error": why, "errno": n} when the PMD refused:
 * -1 after printing why, 0 when @v is a result.
 */
static int qoe_dpdk_refused(struct qoe_dpdk *d, unsigned int port, const char *op,
			    struct json_object *v)
{
	struct json_object *e;

	if (!json_object_is_type(v, json_type_object)) {
		qoe_ctl_err("%s: dev %u: %s: malformed reply: not a dictionary", d->tel.target,
			    port, op);
		return -1;
	}
	if (!json_object_object_get_ex(v, "error", &e))
		return 0;
	qoe_ctl_err("%s: dev %u: %s: %s", d->tel.target, port, op,
		    json_object_is_type(e, json_type_string) ? json_object_get_string(e) :
							       "refused");
	return -1;
}

static void qoe_dpdk_hex(char *out, const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", b[i]);
	out[2 * n] = '\0';
}

static void qoe_dpdk_endpoint(char *out, size_t size, unsigned int family,
			      const uint8_t *addr, uint16_t port)
{
	char a[INET6_ADDRSTRLEN];

	inet_ntop(family == QOE_FAMILY_IPV6 ? AF_INET6 : AF_INET, addr, a, sizeof(a));
	snprintf(out, size, family == QOE_FAMILY_IPV6 ? "[%s]:%u" : "%s:%u", a, port);
}

/* DPDK reads a command in one 1024-byte buffer, NUL included. */
#define QOE_DPDK_CMD_MAX	1024

static int qoe_dpdk_add_flow(struct qoe_ctl_backend *be, const struct qoe_ctl_flow_req *r,
			     uint32_t *handle)
{
	struct qoe_dpdk *d = be->priv;
	char cmd[QOE_DPDK_CMD_MAX], local[QOE_CTL_ADDR_LEN], remote[QOE_CTL_ADDR_LEN];
	char cid[2 * sizeof(r->cid) + 1], key[2 * sizeof(r->key) + 1], iv[2 * sizeof(r->iv) + 1];
	char hp[2 * sizeof(r->hp_key) + 1], pn[24];
	struct json_object *reply, *v;
	unsigned int port, h;
	int n, ret = -1;

	if (qoe_dpdk_port(d, r->dev, &port))
		return -1;
	qoe_dpdk_endpoint(local, sizeof(local), r->family, r->local_addr, r->local_port);
	qoe_dpdk_endpoint(remote, sizeof(remote), r->family, r->remote_addr, r->remote_port);
	qoe_dpdk_hex(cid, r->cid, r->cid_len);
	qoe_dpdk_hex(key, r->key, r->key_len);
	qoe_dpdk_hex(iv, r->iv, r->iv_len);
	qoe_dpdk_hex(hp, r->hp_key, r->hp_key_len);
	if (r->pn == QOE_PN_NONE)
		strcpy(pn, "none");
	else
		snprintf(pn, sizeof(pn), "%" PRIu64, r->pn);
	n = snprintf(cmd, sizeof(cmd),
		     "/qoe/flow_add,%u,dir=%s,cipher=%s,local=%s,remote=%s,cid=%s,pn=%s,phase=%u,fail=%s,key=%s,iv=%s,hp=%s",
		     port, r->dir == QOE_DIR_TX ? "tx" : "rx", qoe_ctl_cipher_name(r->cipher),
		     local, remote, cid, pn, r->key_phase,
		     r->fail_action == QOE_FAIL_DROP ? "drop" : "deliver", key, iv, hp);
	explicit_bzero(key, sizeof(key));
	explicit_bzero(iv, sizeof(iv));
	explicit_bzero(hp, sizeof(hp));
	if (n < 0 || (size_t)n >= sizeof(cmd)) {
		qoe_ctl_err("%s: dev %u: add-flow: request longer than DPDK's %d-byte command limit",
			    d->tel.target, port, QOE_DPDK_CMD_MAX - 1);
		goto out;
	}
	v = qoe_tel_request(&d->tel, cmd, &reply);
	if (!v)
		goto out;
	if (!qoe_dpdk_refused(d, port, "add-flow", v) &&
	    !qoe_dpdk_uint(d, "/qoe/flow_add", v, "handle", UINT32_MAX, &h)) {
		*handle = h;
		ret = 0;
	}
	json_object_put(reply);
out:
	explicit_bzero(cmd, sizeof(cmd));
	return ret;
}

static int qoe_dpdk_del_flow(struct qoe_ctl_backend *be, const struct qoe_ctl_flow_req *r)
{
	struct qoe_dpdk *d = be->priv;
	struct json_object *reply, *v;
	unsigned int port;
	char cmd[64];
	int ret;

	if (qoe_dpdk_port(d, r->dev, &port))
		return -1;
	snprintf(cmd, sizeof(cmd), "/qoe/flow_del,%u,%" PRIu32, port, r->handle);
	v = qoe_tel_request(&d->tel, cmd, &reply);
	if (!v)
		return -1;
	ret = qoe_dpdk_refused(d, port, "del-flow", v);
	json_object_put(reply);
	return ret;
}

static int qoe_dpdk_key_update(struct qoe_ctl_backend *be, const struct qoe_ctl_flow_req *r)
{
	struct qoe_dpdk *d = be->priv;
	char cmd[256], key[2 * sizeof(r->key) + 1], iv[2 * sizeof(r->iv) + 1];
	struct json_object *reply, *v;
	unsigned int port;
	int ret = -1;

	if (qoe_dpdk_port(d, r->dev, &port))
		return -1;
	qoe_dpdk_hex(key, r->key, r->key_len);
	qoe_dpdk_hex(iv, r->iv, r->iv_len);
	snprintf(cmd, sizeof(cmd), "/qoe/key_update,%u,%" PRIu32 ",%u,%s,%s", port, r->handle,
		 r->key_phase, key, iv);
	explicit_bzero(key, sizeof(key));
	explicit_bzero(iv, sizeof(iv));
	v = qoe_tel_request(&d->tel, cmd, &reply);
	explicit_bzero(cmd, sizeof(cmd));
	if (!v)
		return -1;
	ret = qoe_dpdk_refused(d, port, "key-update", v);
	json_object_put(reply);
	return ret;
}

static volatile sig_atomic_t qoe_dpdk_stop;

static void qoe_dpdk_on_signal(int sig)
{
	(void)sig;
	qoe_dpdk_stop = 1;
}

/* OFFLOADCTL_MONITOR_COUNT / _TIMEOUT: a non-negative integer, 0 = unset. */
static int qoe_dpdk_env_uint(const char *name, uint64_t *out)
{
	const char *s = getenv(name);
	char *end;

	*out = 0;
	if (!s || !*s)
		return 0;
	errno = 0;
	*out = strtoull(s, &end, 10);
	if (errno || *end || *s == '-') {
		qoe_ctl_err("%s: expected a non-negative integer, not '%s'", name, s);
		return -1;
	}
	return 0;
}

static const char *const qoe_dpdk_event_names[] = {
	[1] = "key-phase-flip", [2] = "usage-limit", [3] = "integrity-limit", [4] = "flow-error",
};

/* Print the events of one /qoe/events reply; -1 on a malformed one. */
static int qoe_dpdk_print_events(struct qoe_dpdk *d, const char *cmd, unsigned int port,
				 struct json_object *v, uint64_t *seen, uint64_t max,
				 uint64_t *more, int64_t *cursor)
{
	struct json_object *nx;
	char key[16], ts[32];

	if (qoe_dpdk_u64(d, cmd, v, "more", more))
		return -1;
	/* a PMD that keeps events for every reader says where to go on */
	if (json_object_object_get_ex(v, "next", &nx)) {
		uint64_t next;

		if (qoe_dpdk_u64(d, cmd, v, "next", &next))
			return -1;
		*cursor = (int64_t)next;
	}
	/* e0, e1, ...: in the order the engine queued them */
	for (unsigned int i = 0; !max || *seen < max; i++) {
		struct json_object *e;
		unsigned int type, phase, handle;
		uint64_t value;
		const char *name;

		snprintf(key, sizeof(key), "e%u", i);
		if (!json_object_object_get_ex(v, key, &e))
			break;
		if (!json_object_is_type(e, json_type_object)) {
			qoe_ctl_err("%s: malformed reply to '%s': event is not a dictionary",
				    d->tel.target, cmd);
			return -1;
		}
		if (qoe_dpdk_uint(d, cmd, e, "type_id", UINT16_MAX, &type) ||
		    qoe_dpdk_uint(d, cmd, e, "handle", UINT32_MAX, &handle) ||
		    qoe_dpdk_uint(d, cmd, e, "phase", 1, &phase) ||
		    qoe_dpdk_u64(d, cmd, e, "value", &value))
			return -1;
		name = type < sizeof(qoe_dpdk_event_names) / sizeof(qoe_dpdk_event_names[0]) &&
		       qoe_dpdk_event_names[type] ? qoe_dpdk_event_names[type] : "unknown";
		if (qoe_ctl_opts.timestamp)
			qoe_ctl_now(ts, sizeof(ts));
		if (qoe_ctl_opts.json) {
			struct json_object *o = json_object_new_object();
			char dev[16];

			if (qoe_ctl_opts.timestamp)
				json_object_object_add(o, "time", json_object_new_string(ts));
			snprintf(dev, sizeof(dev), "%u", port);
			json_object_object_add(o, "dev", json_object_new_string(dev));
			/* the keys of /qoe/events itself */
			json_object_object_add(o, "type", json_object_new_string(name));
			json_object_object_add(o, "type_id", json_object_new_int(type));
			json_object_object_add(o, "handle", json_object_new_int64(handle));
			json_object_object_add(o, "phase", json_object_new_int(phase));
			json_object_object_add(o, "value", json_object_new_uint64(value));
			puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
			json_object_put(o);
		} else {
			if (qoe_ctl_opts.timestamp)
				printf("[%s] ", ts);
			printf("%u %s handle 0x%08x phase %u value %" PRIu64 "\n", port, name,
			       handle, phase, value);
		}
		fflush(stdout);
		(*seen)++;
	}
	return 0;
}

/*
 * Poll /qoe/events of @dev (every qoe port when NULL) every 100 ms until
 * SIGINT/SIGTERM, OFFLOADCTL_MONITOR_COUNT events or
 * OFFLOADCTL_MONITOR_TIMEOUT seconds.  Each port is read from its own
 * cursor (the reply's "next"), from the oldest event the port keeps:
 * reading takes nothing from the application or other monitors.
 */
static int qoe_dpdk_monitor(struct qoe_ctl_backend *be, const char *dev)
{
	struct qoe_dpdk *d = be->priv;
	struct sigaction sa = { .sa_handler = qoe_dpdk_on_signal };
	unsigned int ports[QOE_DPDK_MAX_PORTS];
	uint64_t max, timeout_s, seen = 0, more;
	int64_t cursor[QOE_DPDK_MAX_PORTS];
	struct json_object *reply, *v;
	struct timespec start, now;
	size_t n = 0;
	char cmd[64];

	if (qoe_dpdk_env_uint("OFFLOADCTL_MONITOR_COUNT", &max) ||
	    qoe_dpdk_env_uint("OFFLOADCTL_MONITOR_TIMEOUT", &timeout_s))
		return -1;
	if (dev) {
		if (qoe_dpdk_port(d, dev, &ports[0]))
			return -1;
		n = 1;
	} else {
		if (qoe_dpdk_load_ports(d))
			return -1;
		memcpy(ports, d->ports, d->n_ports * sizeof(ports[0]));
		n = d->n_ports;
	}
	for (size_t i = 0; i < n; i++)
		cursor[i] = -1;		/* first poll: from the oldest kept */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	clock_gettime(CLOCK_MONOTONIC, &start);
	while (!qoe_dpdk_stop && (!max || seen < max)) {
		for (size_t i = 0; i < n && (!max || seen < max); i++) {
			do {
				if (cursor[i] < 0)
					snprintf(cmd, sizeof(cmd), "/qoe/events,%u", ports[i]);
				else
					snprintf(cmd, sizeof(cmd), "/qoe/events,%u,%" PRId64,
						 ports[i], cursor[i]);
				v = qoe_tel_request(&d->tel, cmd, &reply);
				if (!v)
					return qoe_dpdk_stop ? 0 : -1;
				if (qoe_dpdk_refused(d, ports[i], "monitor", v) ||
				    qoe_dpdk_print_events(d, cmd, ports[i], v, &seen, max, &more,
							  &cursor[i])) {
					json_object_put(reply);
					return -1;
				}
				json_object_put(reply);
			} while (more && (!max || seen < max));
		}
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (timeout_s && (uint64_t)((now.tv_sec - start.tv_sec) * 1000 +
					    (now.tv_nsec - start.tv_nsec) / 1000000) >=
				 timeout_s * 1000)
			break;
		if (!qoe_dpdk_stop && (!max || seen < max))
			nanosleep(&(struct timespec){ .tv_nsec = 100 * 1000 * 1000 }, NULL);
	}
	return 0;
}

int qoe_ctl_dpdk_init(struct qoe_ctl_backend *be, const char *prefix,
		      const char *runtime_dir)
{
	struct qoe_dpdk *d;
	char base[PATH_MAX];
	const char *xdg;
	int n;

	memset(be, 0, sizeof(*be));
	snprintf(be->target, sizeof(be->target), "dpdk prefix '%s'", prefix);
	if (!*prefix || strchr(prefix, '/') || !strcmp(prefix, ".") || !strcmp(prefix, "..")) {
		qoe_ctl_err("%s: invalid file prefix", be->target);
		return -1;
	}
	/* Where rte_eal_get_runtime_dir() puts it: /var/run as root, else XDG or /tmp. */
	if (!runtime_dir)
		runtime_dir = getenv("OFFLOADCTL_RUNTIME_DIR");
	if (runtime_dir && *runtime_dir) {
		n = snprintf(base, sizeof(base), "%s", runtime_dir);
	} else if (getuid() == 0) {
		n = snprintf(base, sizeof(base), "/var/run/dpdk");
	} else {
		xdg = getenv("XDG_RUNTIME_DIR");
		n = snprintf(base, sizeof(base), "%s/dpdk", xdg && *xdg ? xdg : "/tmp");
	}
	d = calloc(1, sizeof(*d));
	if (!d) {
		qoe_ctl_err("%s: out of memory", be->target);
		return -1;
	}
	d->tel.fd = -1;
	if (n < 0 || (size_t)n >= sizeof(base) ||
	    (size_t)snprintf(d->path, sizeof(d->path), "%s/%s/dpdk_telemetry.v2", base,
			     prefix) >= sizeof(d->path)) {
		qoe_ctl_err("%s: runtime directory path too long", be->target);
		free(d);
		return -1;
	}
	be->name = "dpdk";
	be->priv = d;
	be->open = qoe_dpdk_open;
	be->close = qoe_dpdk_close;
	be->for_each_dev = qoe_dpdk_for_each_dev;
	be->get_caps = qoe_dpdk_get_caps;
	be->get_stats = qoe_dpdk_get_stats;
	be->for_each_flow = qoe_dpdk_for_each_flow;
	be->add_flow = qoe_dpdk_add_flow;
	be->del_flow = qoe_dpdk_del_flow;
	be->key_update = qoe_dpdk_key_update;
	be->monitor = qoe_dpdk_monitor;
	return 0;
}
