/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause) */
/*
 * Telemetry commands for offloadctl: /qoe/ports, /qoe/caps and /qoe/flows
 * read; /qoe/flow_add, /qoe/flow_del, /qoe/key_update and /qoe/events
 * (which drains the event queue) write.  Counters are the port's xstats
 * (DPDK's own /ethdev/xstats).  The contract (names,
 * types, paging, error replies) is in Documentation/dpdk-pmd.rst; change it
 * only by adding keys.  The telemetry socket lives in the EAL runtime dir,
 * which only its owner (root for /var/run/dpdk) may enter.
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
#include "qoe_crypto.h"

/* Replies are capped at 16 KB: 32 flows of ~450 bytes each fit. */
#define QOE_TEL_FLOWS_PER_PAGE	32
/* An event is ~90 bytes of JSON: 64 a reply, "more" says call again. */
#define QOE_TEL_EVENTS_PER_PAGE	64
/* DPDK reads a command and its parameters in one 1024-byte buffer. */
#define QOE_TEL_PARAMS_MAX	1024

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
		strcat(ciphers, qoe_cipher_name(i));
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
	rte_tel_data_add_dict_string(f, "cipher", qoe_cipher_name(s->cipher));
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
	rte_tel_data_add_dict_u64(f, "key_missing", s->key_missing);
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

/*
 * Write commands answer 0 with either their result or, for anything the
 * caller got wrong, {"error": <one line>, "errno": <positive errno>}: a
 * bare null (all DPDK can say about a failed callback) would leave the
 * operator guessing.  Key material is wiped from every copy made here;
 * DPDK's own receive buffer is outside the PMD's reach.
 */
static int
qoe_tel_fail(struct rte_tel_data *d, int err, const char *why)
{
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_string(d, "error", why);
	rte_tel_data_add_dict_u64(d, "errno", err < 0 ? -err : err);
	return 0;
}

static const char *
qoe_tel_errstr(int err)
{
	switch (err) {
	case -ENODEV:
		return "not a net_qoe port";
	case -ENOENT:
		return "no such flow";
	case -ENOSPC:
		return "flow table full";
	case -EEXIST:
		return "CID or address already offloaded";
	case -ENOKEY:
		return "no key";
	case -EINVAL:
		return "the engine refused a parameter";
	default:
		return "the engine failed";
	}
}

static int
qoe_tel_api_fail(struct rte_tel_data *d, int err, const char *what)
{
	char why[RTE_TEL_MAX_STRING_LEN];

	if (what == NULL)
		return qoe_tel_fail(d, err, qoe_tel_errstr(err));
	snprintf(why, sizeof(why), "%s: %s", what, qoe_tel_errstr(err));
	return qoe_tel_fail(d, err, why);
}

/* The port token of a write command: a net_qoe port id. */
static int
qoe_tel_port_tok(const char *tok, uint16_t *port)
{
	uint64_t v;

	if (tok == NULL || qoe_spec_u64(tok, RTE_MAX_ETHPORTS - 1, &v) != 0 ||
	    !rte_pmd_qoe_is_qoe_port((uint16_t)v))
		return -ENODEV;
	*port = (uint16_t)v;
	return 0;
}

/* /qoe/flow_add,<port>,dir=..,cipher=..,local=..,remote=..,key=..,iv=..,hp=.. */
static int
qoe_tel_flow_add(const char *cmd __rte_unused, const char *params,
		 struct rte_tel_data *d)
{
	char buf[QOE_TEL_PARAMS_MAX], *save = NULL, *tok;
	struct qoe_flow_spec fs;
	const char *why = NULL;
	uint32_t h = 0;
	uint16_t port;
	int ret;

	if (params == NULL || strlen(params) >= sizeof(buf))
		return qoe_tel_fail(d, EINVAL, "usage: /qoe/flow_add,<port>,dir=..,cipher=..,local=..,remote=..,key=..,iv=..,hp=..");
	strcpy(buf, params);
	qoe_flow_spec_init(&fs);
	tok = strtok_r(buf, ",", &save);
	if (qoe_tel_port_tok(tok, &port) != 0) {
		qoe_wipe(buf, sizeof(buf));
		return qoe_tel_fail(d, ENODEV, "port: not a net_qoe port id");
	}
	while (why == NULL && (tok = strtok_r(NULL, ",", &save)) != NULL)
		why = qoe_flow_spec_opt(&fs, tok);
	if (why == NULL)
		why = qoe_flow_spec_check(&fs);
	qoe_wipe(buf, sizeof(buf));
	if (why != NULL) {
		qoe_flow_spec_wipe(&fs);
		return qoe_tel_fail(d, EINVAL, why);
	}
	ret = qoe_flow_spec_install(port, &fs, &h, &why);
	qoe_flow_spec_wipe(&fs);
	if (ret != 0)
		return qoe_tel_api_fail(d, ret,
					h != 0 ? "key install" : NULL);
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_u64(d, "handle", h);
	return 0;
}

/* "<port>,<handle>": both checked. */
static int
qoe_tel_port_handle(char *buf, char **save, uint16_t *port, uint32_t *handle,
		    const char **why)
{
	uint64_t v;
	char *tok;

	if (qoe_tel_port_tok(strtok_r(buf, ",", save), port) != 0) {
		*why = "port: not a net_qoe port id";
		return -ENODEV;
	}
	tok = strtok_r(NULL, ",", save);
	if (tok == NULL || qoe_spec_u64(tok, UINT32_MAX, &v) != 0 || v == 0) {
		*why = "handle: expected a flow handle";
		return -EINVAL;
	}
	*handle = (uint32_t)v;
	return 0;
}

/* /qoe/flow_del,<port>,<handle> */
static int
qoe_tel_flow_del(const char *cmd __rte_unused, const char *params,
		 struct rte_tel_data *d)
{
	char buf[64], *save = NULL;
	const char *why = NULL;
	uint32_t h;
	uint16_t port;
	int ret;

	if (params == NULL || strlen(params) >= sizeof(buf))
		return qoe_tel_fail(d, EINVAL, "usage: /qoe/flow_del,<port>,<handle>");
	strcpy(buf, params);
	ret = qoe_tel_port_handle(buf, &save, &port, &h, &why);
	if (ret == 0 && strtok_r(NULL, ",", &save) != NULL) {
		why = "usage: /qoe/flow_del,<port>,<handle>";
		ret = -EINVAL;
	}
	if (ret != 0)
		return qoe_tel_fail(d, ret, why);
	ret = rte_pmd_qoe_flow_del(port, h);
	if (ret != 0)
		return qoe_tel_api_fail(d, ret, NULL);
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_u64(d, "deleted", h);
	return 0;
}

/* /qoe/key_update,<port>,<handle>,<phase>,<key hex>,<iv hex> */
static int
qoe_tel_key_update(const char *cmd __rte_unused, const char *params,
		   struct rte_tel_data *d)
{
	static const char usage[] =
		"usage: /qoe/key_update,<port>,<handle>,<phase>,<key hex>,<iv hex>";
	char buf[QOE_TEL_PARAMS_MAX], *save = NULL, *ph, *k, *i;
	uint8_t key[QOE_MAX_KEY_LEN], iv[QOE_IV_LEN];
	struct rte_pmd_qoe_flow_stats st;
	char why_buf[RTE_TEL_MAX_STRING_LEN];
	const char *why = NULL;
	size_t key_len = 0, iv_len = 0;
	uint8_t phase = 0;
	uint32_t h;
	uint16_t port;
	int ret;

	if (params == NULL || strlen(params) >= sizeof(buf))
		return qoe_tel_fail(d, EINVAL, usage);
	strcpy(buf, params);
	ret = qoe_tel_port_handle(buf, &save, &port, &h, &why);
	if (ret == 0) {
		ph = strtok_r(NULL, ",", &save);
		k = strtok_r(NULL, ",", &save);
		i = strtok_r(NULL, ",", &save);
		ret = -EINVAL;
		if (ph == NULL || k == NULL || i == NULL ||
		    strtok_r(NULL, ",", &save) != NULL)
			why = usage;
		else if (strcmp(ph, "0") != 0 && strcmp(ph, "1") != 0)
			why = "phase: expected 0 or 1";
		else if (qoe_spec_hex(k, key, sizeof(key), &key_len) != 0)
			why = "key: expected 16 or 32 bytes of hex";
		else if (qoe_spec_hex(i, iv, sizeof(iv), &iv_len) != 0 ||
			 iv_len != QOE_IV_LEN)
			why = "iv: expected 12 bytes of hex";
		else
			ret = 0;
		phase = ret == 0 ? (uint8_t)(ph[0] - '0') : 0;
	}
	qoe_wipe(buf, sizeof(buf));
	if (ret == 0) {
		/* the engine checks too; this says what was expected */
		ret = rte_pmd_qoe_flow_stats_get(port, h, &st);
		if (ret != 0) {
			why = NULL;
		} else if (key_len != qoe_cipher_key_len(st.cipher)) {
			snprintf(why_buf, sizeof(why_buf),
				 "key: %zu bytes, but flow 0x%08x uses %s (%zu-byte keys)",
				 key_len, h, qoe_cipher_name(st.cipher),
				 qoe_cipher_key_len(st.cipher));
			why = why_buf;
			ret = -EINVAL;
		} else {
			ret = rte_pmd_qoe_key_install(port, h, phase, key,
						      key_len, iv);
		}
	}
	qoe_wipe(key, sizeof(key));
	qoe_wipe(iv, sizeof(iv));
	if (ret != 0 && why != NULL)
		return qoe_tel_fail(d, ret, why);
	if (ret != 0)
		return qoe_tel_api_fail(d, ret, NULL);
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_u64(d, "handle", h);
	return 0;
}

static const char *
qoe_tel_event_name(unsigned int type)
{
	switch (type) {
	case QOE_EV_KEY_PHASE_FLIP:
		return "key-phase-flip";
	case QOE_EV_USAGE_LIMIT:
		return "usage-limit";
	case QOE_EV_INTEGRITY_LIMIT:
		return "integrity-limit";
	case QOE_EV_FLOW_ERROR:
		return "flow-error";
	default:
		return "unknown";
	}
}

/*
 * /qoe/events,<port>[,<cursor>]: up to a page of the port's events from
 * <cursor> on (default: the oldest the port still keeps), and "next", the
 * cursor to pass next time.  Reading takes nothing away: every client, and
 * the application's rte_pmd_qoe_event_pop(), follows its own cursor.
 * "lost" counts events the port no longer kept when they were asked for.
 */
static int
qoe_tel_events(const char *cmd __rte_unused, const char *params,
	       struct rte_tel_data *d)
{
	struct rte_pmd_qoe_event ev[QOE_TEL_EVENTS_PER_PAGE];
	uint64_t v[2], oldest, cur, lost = 0, next;
	struct qoe_pmd_dev *dev;
	int n = 0, nv;
	char key[16];

	nv = qoe_tel_params(params, v, 2);
	if (nv < 1 || v[0] >= RTE_MAX_ETHPORTS ||
	    (dev = qoe_pmd_dev_get((uint16_t)v[0])) == NULL)
		return qoe_tel_fail(d, ENODEV, "port: not a net_qoe port id");
	rte_spinlock_lock(&dev->ev_lock);
	qoe_pmd_events_pull(dev);
	next = dev->ev_next;
	oldest = next > QOE_PMD_EVLOG ? next - QOE_PMD_EVLOG : 0;
	cur = nv == 2 ? v[1] : oldest;
	if (cur < oldest) {
		lost = oldest - cur;
		cur = oldest;
	}
	for (; cur < next && n < QOE_TEL_EVENTS_PER_PAGE; cur++)
		ev[n++] = dev->evlog[cur % QOE_PMD_EVLOG];
	rte_spinlock_unlock(&dev->ev_lock);

	rte_tel_data_start_dict(d);
	for (int i = 0; i < n; i++) {
		struct rte_tel_data *e = rte_tel_data_alloc();

		if (e == NULL) {
			cur -= n - i;	/* the rest next time */
			break;
		}
		rte_tel_data_start_dict(e);
		rte_tel_data_add_dict_string(e, "type",
					     qoe_tel_event_name(ev[i].type));
		rte_tel_data_add_dict_u64(e, "type_id", ev[i].type);
		rte_tel_data_add_dict_u64(e, "handle", ev[i].handle);
		rte_tel_data_add_dict_u64(e, "phase", ev[i].phase);
		rte_tel_data_add_dict_u64(e, "value", ev[i].value);
		snprintf(key, sizeof(key), "e%d", i);
		if (rte_tel_data_add_dict_container(d, key, e, 0) != 0) {
			rte_tel_data_free(e);
			cur -= n - i;
			break;
		}
	}
	rte_tel_data_add_dict_u64(d, "next", cur);
	rte_tel_data_add_dict_u64(d, "lost", lost);
	rte_tel_data_add_dict_u64(d, "more", cur < next);
	return 0;
}

/*
 * Writes (flows, keys) only on ports whose application asked for them with
 * telemetry_writes=1: the socket is open to anything that can reach it, a
 * monitoring agent included.
 */
static bool
qoe_tel_writes_off(const char *params, struct rte_tel_data *d)
{
	uint64_t port;
	struct qoe_pmd_dev *dev;
	char *end;

	if (params == NULL || *params < '0' || *params > '9')
		return false;	/* the handler says what is wrong */
	port = strtoull(params, &end, 0);
	if ((*end != ',' && *end != '\0') || port >= RTE_MAX_ETHPORTS ||
	    (dev = qoe_pmd_dev_get((uint16_t)port)) == NULL ||
	    dev->args.telemetry_writes)
		return false;
	qoe_tel_fail(d, EPERM, "telemetry writes are off on this port (devarg telemetry_writes=1)");
	return true;
}

/*
 * Telemetry runs in its own thread: each handler holds the close lock
 * while it uses the port it looked up, so a port closing meanwhile is
 * either still whole or already gone, never half freed.  @write: a write
 * command, refused where the port did not ask for writes.
 */
#define QOE_TEL_LOCKED(fn, write)					\
static int								\
fn##_locked(const char *cmd, const char *params, struct rte_tel_data *d) \
{									\
	int ret = 0;							\
									\
	rte_rwlock_read_lock(&qoe_pmd_close_lock);			\
	if (!(write) || !qoe_tel_writes_off(params, d))			\
		ret = fn(cmd, params, d);				\
	rte_rwlock_read_unlock(&qoe_pmd_close_lock);			\
	return ret;							\
}

QOE_TEL_LOCKED(qoe_tel_ports, false)
QOE_TEL_LOCKED(qoe_tel_caps, false)
QOE_TEL_LOCKED(qoe_tel_flows, false)
QOE_TEL_LOCKED(qoe_tel_flow_add, true)
QOE_TEL_LOCKED(qoe_tel_flow_del, true)
QOE_TEL_LOCKED(qoe_tel_key_update, true)
QOE_TEL_LOCKED(qoe_tel_events, false)

/* DPDK refuses a help text of RTE_TEL_MAX_STRING_LEN (128) or more, and
 * the command is then unknown: keep them short, and say so if one is not. */
static const struct {
	const char *cmd;
	telemetry_cb fn;
	const char *help;
} qoe_tel_cmds[] = {
	{ "/qoe/ports", qoe_tel_ports_locked,
	  "Ports driven by net_qoe. No parameters" },
	{ "/qoe/caps", qoe_tel_caps_locked,
	  "Offload capabilities. Parameters: int port_id" },
	{ "/qoe/flows", qoe_tel_flows_locked,
	  "One page of flows. Parameters: int port_id, int cursor (0: first page; reply's next, 0: done)" },
	{ "/qoe/flow_add", qoe_tel_flow_add_locked,
	  "Offload a flow (devarg telemetry_writes=1). Params: port,dir=,cipher=,local=,remote=,key=,iv=,hp=[,cid=,pn=,phase=,fail=]" },
	{ "/qoe/flow_del", qoe_tel_flow_del_locked,
	  "Remove a flow (devarg telemetry_writes=1). Parameters: int port_id, int handle" },
	{ "/qoe/key_update", qoe_tel_key_update_locked,
	  "Install a phase key (devarg telemetry_writes=1). Params: port, handle, phase, key hex, iv hex" },
	{ "/qoe/events", qoe_tel_events_locked,
	  "Events from a cursor, none taken away. Params: int port_id[, int cursor (reply's next)]" },
};

RTE_INIT(qoe_telemetry_init)
{
	for (unsigned int i = 0; i < RTE_DIM(qoe_tel_cmds); i++)
		if (rte_telemetry_register_cmd(qoe_tel_cmds[i].cmd,
					       qoe_tel_cmds[i].fn,
					       qoe_tel_cmds[i].help) != 0)
			RTE_LOG(ERR, EAL, "net_qoe: telemetry command %s not registered\n",
				qoe_tel_cmds[i].cmd);
}
