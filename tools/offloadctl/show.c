// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * show-flows, show-caps, show-stats, show-dev: one renderer for every
 * backend.  Table columns and JSON keys are fixed here, in this order; scripts
 * may rely on both (Documentation/offloadctl.8).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "offloadctl.h"
#include "show.h"

#define QOE_FLOW_FMT "%-10s %-6s %-3s %-17s %-16s %-21s %-21s %5s %12s %10s %12s %8s %8s %7s %6s %9s\n"

static int qoe_json_flags(void)
{
	return qoe_ctl_opts.pretty ? JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED
				   : JSON_C_TO_STRING_PLAIN;
}

static void qoe_json_print(struct json_object *o)
{
	puts(json_object_to_json_string_ext(o, qoe_json_flags() | JSON_C_TO_STRING_NOSLASHESCAPE));
}

static int qoe_json_add(struct json_object *o, const char *key, struct json_object *v)
{
	if (!v || json_object_object_add(o, key, v)) {
		json_object_put(v);
		return -1;
	}
	return 0;
}

static struct json_object *qoe_flow_json(const struct qoe_ctl_flow *f)
{
	struct json_object *o = json_object_new_object();

	if (!o ||
	    qoe_json_add(o, "handle", json_object_new_int64(f->handle)) ||
	    qoe_json_add(o, "dev", json_object_new_string(f->dev)) ||
	    qoe_json_add(o, "dir", json_object_new_string(f->dir)) ||
	    qoe_json_add(o, "cipher", json_object_new_string(f->cipher)) ||
	    qoe_json_add(o, "cid", json_object_new_string(f->cid)) ||
	    qoe_json_add(o, "local", json_object_new_string(f->local)) ||
	    qoe_json_add(o, "remote", json_object_new_string(f->remote)) ||
	    qoe_json_add(o, "key_phase", json_object_new_int(f->key_phase)) ||
	    (f->pn_none ? json_object_object_add(o, "pn", NULL)
			: qoe_json_add(o, "pn", json_object_new_uint64(f->pn))) ||
	    qoe_json_add(o, "packets", json_object_new_uint64(f->packets)) ||
	    qoe_json_add(o, "bytes", json_object_new_uint64(f->bytes)) ||
	    qoe_json_add(o, "auth_fail", json_object_new_uint64(f->auth_fail)) ||
	    qoe_json_add(o, "drops", json_object_new_uint64(f->drops)) ||
	    (f->key_missing_none ? json_object_object_add(o, "key_missing", NULL)
				 : qoe_json_add(o, "key_missing",
						json_object_new_uint64(f->key_missing))) ||
	    qoe_json_add(o, "key_updates", json_object_new_uint64(f->key_updates)) ||
	    qoe_json_add(o, "keys_valid", json_object_new_int(f->keys_valid)) ||
	    (f->age_none ? json_object_object_add(o, "age_ms", NULL)
			 : qoe_json_add(o, "age_ms", json_object_new_uint64(f->age_ms)))) {
		json_object_put(o);
		qoe_ctl_err("out of memory");
		return NULL;
	}
	return o;
}

struct qoe_flow_walk {
	const struct qoe_ctl_filter *filter;
	struct json_object *all;	/* -p: collected, printed at the end */
	unsigned long long rows;
	bool opened;			/* header or '[' printed */
};

/* Header (or '[') only once there is something to show: an error before the
 * first row leaves stdout empty, as ip(8) does.
 */
static void qoe_flow_open(struct qoe_flow_walk *w)
{
	if (w->opened || w->all)
		return;
	w->opened = true;
	if (qoe_ctl_opts.json)
		putchar('[');
	else
		printf(QOE_FLOW_FMT, "HANDLE", "DEV", "DIR", "CIPHER", "CID", "LOCAL", "REMOTE",
		       "PHASE", "PN", "PACKETS", "BYTES", "AUTHFAIL", "DROPS", "NOKEY", "KEYUPD",
		       "AGE");
}

static int qoe_flow_row(const struct qoe_ctl_flow *f, void *arg)
{
	struct qoe_flow_walk *w = arg;
	char handle[16], phase[12], pn[24], pkts[24], bytes[24], auth[24], drops[24], nokey[24],
	     kupd[24], age[32];

	if (w->filter->dir && strcmp(w->filter->dir, f->dir))
		return 0;
	qoe_flow_open(w);
	if (qoe_ctl_opts.json) {
		struct json_object *o = qoe_flow_json(f);

		if (!o)
			return -1;
		if (w->all) {
			if (json_object_array_add(w->all, o)) {
				json_object_put(o);
				qoe_ctl_err("out of memory");
				return -1;
			}
		} else {
			/* -j streams: a 100k-flow table never sits in memory as JSON. */
			printf("%s%s", w->rows ? "," : "",
			       json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
							      JSON_C_TO_STRING_NOSLASHESCAPE));
			json_object_put(o);
		}
		w->rows++;
		return 0;
	}
	snprintf(handle, sizeof(handle), "0x%08" PRIx32, f->handle);
	snprintf(phase, sizeof(phase), "%u", f->key_phase);
	if (f->pn_none)
		snprintf(pn, sizeof(pn), "none");
	else
		snprintf(pn, sizeof(pn), "%" PRIu64, f->pn);
	snprintf(pkts, sizeof(pkts), "%" PRIu64, f->packets);
	snprintf(bytes, sizeof(bytes), "%" PRIu64, f->bytes);
	snprintf(auth, sizeof(auth), "%" PRIu64, f->auth_fail);
	snprintf(drops, sizeof(drops), "%" PRIu64, f->drops);
	if (f->key_missing_none)
		snprintf(nokey, sizeof(nokey), "-");
	else
		snprintf(nokey, sizeof(nokey), "%" PRIu64, f->key_missing);
	snprintf(kupd, sizeof(kupd), "%" PRIu64, f->key_updates);
	if (f->age_none)
		snprintf(age, sizeof(age), "-");
	else
		snprintf(age, sizeof(age), "%" PRIu64 ".%03us", f->age_ms / 1000,
			 (unsigned int)(f->age_ms % 1000));
	printf(QOE_FLOW_FMT, handle, f->dev, f->dir, f->cipher, f->cid[0] ? f->cid : "-",
	       f->local, f->remote, phase, pn, pkts, bytes, auth, drops, nokey, kupd, age);
	w->rows++;
	return 0;
}

struct qoe_dev_walk {
	struct qoe_ctl_backend *be;
	int (*fn)(struct qoe_ctl_backend *be, const char *dev, void *arg);
	void *arg;
};

static int qoe_dev_step(const char *dev, void *arg)
{
	struct qoe_dev_walk *w = arg;

	return w->fn(w->be, dev, w->arg);
}

/* Run @fn on @dev, or on every device when @dev is NULL. */
static int qoe_each_dev(struct qoe_ctl_backend *be, const char *dev,
			int (*fn)(struct qoe_ctl_backend *be, const char *dev, void *arg),
			void *arg)
{
	struct qoe_dev_walk w = { be, fn, arg };

	if (dev)
		return fn(be, dev, arg);
	return be->for_each_dev(be, qoe_dev_step, &w);
}

static int qoe_flows_of_dev(struct qoe_ctl_backend *be, const char *dev, void *arg)
{
	return be->for_each_flow(be, dev, qoe_flow_row, arg);
}

int qoe_ctl_show_flows(struct qoe_ctl_backend *be, const struct qoe_ctl_filter *filter)
{
	struct qoe_flow_walk w = { .filter = filter };
	int ret;

	if (qoe_ctl_opts.json && qoe_ctl_opts.pretty) {
		w.all = json_object_new_array();
		if (!w.all) {
			qoe_ctl_err("out of memory");
			return -1;
		}
	}
	ret = qoe_each_dev(be, filter->dev, qoe_flows_of_dev, &w);
	if (w.all) {
		if (!ret)
			qoe_json_print(w.all);
		json_object_put(w.all);
		return ret;
	}
	if (!ret)
		qoe_flow_open(&w);	/* an empty table still has its header */
	if (qoe_ctl_opts.json && w.opened)
		puts("]");
	return ret;
}

static void qoe_bits_text(char *out, size_t size, uint32_t bits,
			  const char *(*name)(unsigned int))
{
	size_t len = 0;

	out[0] = '\0';
	for (unsigned int i = 0; i < 32 && len < size; i++) {
		const char *n;
		char unk[16];

		if (!(bits & (1u << i)))
			continue;
		n = name(i);
		if (!n) {
			snprintf(unk, sizeof(unk), "bit%u", i);
			n = unk;
		}
		len += (size_t)snprintf(out + len, size - len, "%s%s", len ? "," : "", n);
	}
	if (!out[0])
		snprintf(out, size, "none");
}

static struct json_object *qoe_bits_json(uint32_t bits, const char *(*name)(unsigned int))
{
	struct json_object *a = json_object_new_array();
	char unk[16];

	for (unsigned int i = 0; a && i < 32; i++) {
		const char *n;

		if (!(bits & (1u << i)))
			continue;
		n = name(i);
		if (!n) {
			snprintf(unk, sizeof(unk), "bit%u", i);
			n = unk;
		}
		json_object_array_add(a, json_object_new_string(n));
	}
	return a;
}

static struct json_object *qoe_caps_json(const struct qoe_ctl_caps *c)
{
	struct json_object *o = json_object_new_object();

	if (!o ||
	    qoe_json_add(o, "dev", json_object_new_string(c->dev)) ||
	    qoe_json_add(o, "abi_version", json_object_new_int(c->abi_version)) ||
	    qoe_json_add(o, "ciphers", qoe_bits_json(c->ciphers, qoe_ctl_cipher_name)) ||
	    qoe_json_add(o, "features", qoe_bits_json(c->features, qoe_ctl_feature_name)) ||
	    qoe_json_add(o, "max_flows", json_object_new_int64(c->max_flows)) ||
	    qoe_json_add(o, "max_cids", json_object_new_int64(c->max_cids)) ||
	    qoe_json_add(o, "max_cid_len", json_object_new_int(c->max_cid_len)) ||
	    qoe_json_add(o, "max_gso_segs", json_object_new_int(c->max_gso_segs)) ||
	    qoe_json_add(o, "max_gro_segs", json_object_new_int(c->max_gro_segs))) {
		json_object_put(o);
		qoe_ctl_err("out of memory");
		return NULL;
	}
	return o;
}

static int qoe_caps_of_dev(struct qoe_ctl_backend *be, const char *dev, void *arg)
{
	struct json_object *all = arg, *o;
	struct qoe_ctl_caps c;
	char ciphers[128], features[256];

	if (be->get_caps(be, dev, &c))
		return -1;
	if (all) {
		o = qoe_caps_json(&c);
		if (!o || json_object_array_add(all, o)) {
			json_object_put(o);
			return -1;
		}
		return 0;
	}
	qoe_bits_text(ciphers, sizeof(ciphers), c.ciphers, qoe_ctl_cipher_name);
	qoe_bits_text(features, sizeof(features), c.features, qoe_ctl_feature_name);
	printf("dev %s:\n", c.dev);
	printf("    abi_version: %u.%u\n", c.abi_version >> 8, c.abi_version & 0xff);
	printf("    ciphers: %s\n", ciphers);
	printf("    features: %s\n", features);
	printf("    max_flows: %" PRIu32 "\n", c.max_flows);
	printf("    max_cids: %" PRIu32 "\n", c.max_cids);
	printf("    max_cid_len: %u\n", c.max_cid_len);
	printf("    max_gso_segs: %u\n", c.max_gso_segs);
	printf("    max_gro_segs: %u\n", c.max_gro_segs);
	return 0;
}

/* Shared by show-caps / show-stats / show-dev: JSON array or text per dev. */
static int qoe_show_per_dev(struct qoe_ctl_backend *be, const char *dev,
			    int (*fn)(struct qoe_ctl_backend *, const char *, void *))
{
	struct json_object *all = NULL;
	int ret;

	if (qoe_ctl_opts.json) {
		all = json_object_new_array();
		if (!all) {
			qoe_ctl_err("out of memory");
			return -1;
		}
	}
	ret = qoe_each_dev(be, dev, fn, all);
	if (all && !ret)
		qoe_json_print(all);
	json_object_put(all);
	return ret;
}

int qoe_ctl_show_caps(struct qoe_ctl_backend *be, const char *dev)
{
	return qoe_show_per_dev(be, dev, qoe_caps_of_dev);
}

static int qoe_stats_of_dev(struct qoe_ctl_backend *be, const char *dev, void *arg)
{
	struct json_object *all = arg, *o = NULL, *s = NULL;
	struct qoe_ctl_stats st;
	int ret = -1;

	if (be->get_stats(be, dev, &st))
		return -1;
	if (!all) {
		printf("dev %s:\n", st.dev);
		for (size_t i = 0; i < st.n; i++)
			printf("    %s: %" PRIu64 "\n", st.v[i].name, st.v[i].value);
		ret = 0;
		goto out;
	}
	o = json_object_new_object();
	s = json_object_new_object();
	if (!o || !s || qoe_json_add(o, "dev", json_object_new_string(st.dev)))
		goto oom;
	for (size_t i = 0; i < st.n; i++)
		if (qoe_json_add(s, st.v[i].name, json_object_new_uint64(st.v[i].value)))
			goto oom;
	if (json_object_object_add(o, "stats", s))
		goto oom;
	s = NULL;
	if (json_object_array_add(all, o))
		goto oom;
	ret = 0;
	goto out;
oom:
	qoe_ctl_err("out of memory");
	json_object_put(s);
	json_object_put(o);
out:
	free(st.v);
	return ret;
}

int qoe_ctl_show_stats(struct qoe_ctl_backend *be, const char *dev)
{
	return qoe_show_per_dev(be, dev, qoe_stats_of_dev);
}

/* show-dev: capabilities in one line plus the live flow count. */
static int qoe_dev_of_dev(struct qoe_ctl_backend *be, const char *dev, void *arg)
{
	struct json_object *all = arg, *o;
	struct qoe_ctl_caps c;
	struct qoe_ctl_stats st;
	char ciphers[128], features[256];
	long long flows = -1;

	if (be->get_caps(be, dev, &c))
		return -1;
	if (be->dev_flows) {
		uint64_t n;

		if (be->dev_flows(be, dev, &n))
			return -1;
		flows = (long long)n;
	} else {
		if (be->get_stats(be, dev, &st))
			return -1;
		for (size_t i = 0; i < st.n; i++)
			if (!strcmp(st.v[i].name, "quic_flows"))
				flows = (long long)st.v[i].value;
		free(st.v);
	}
	if (all) {
		o = json_object_new_object();
		if (!o ||
		    qoe_json_add(o, "dev", json_object_new_string(c.dev)) ||
		    qoe_json_add(o, "backend", json_object_new_string(be->name)) ||
		    qoe_json_add(o, "abi_version", json_object_new_int(c.abi_version)) ||
		    (flows >= 0 ? qoe_json_add(o, "flows", json_object_new_int64(flows))
				: json_object_object_add(o, "flows", NULL)) ||
		    qoe_json_add(o, "max_flows", json_object_new_int64(c.max_flows)) ||
		    qoe_json_add(o, "ciphers", qoe_bits_json(c.ciphers, qoe_ctl_cipher_name)) ||
		    qoe_json_add(o, "features", qoe_bits_json(c.features, qoe_ctl_feature_name)) ||
		    json_object_array_add(all, o)) {
			json_object_put(o);
			qoe_ctl_err("out of memory");
			return -1;
		}
		return 0;
	}
	qoe_bits_text(ciphers, sizeof(ciphers), c.ciphers, qoe_ctl_cipher_name);
	qoe_bits_text(features, sizeof(features), c.features, qoe_ctl_feature_name);
	printf("%s: %s abi %u.%u flows ", c.dev, be->name, c.abi_version >> 8,
	       c.abi_version & 0xff);
	if (flows >= 0)
		printf("%lld", flows);
	else
		printf("?");
	printf("/%" PRIu32 " ciphers %s features %s\n", c.max_flows, ciphers, features);
	return 0;
}

int qoe_ctl_show_dev(struct qoe_ctl_backend *be, const char *dev)
{
	return qoe_show_per_dev(be, dev, qoe_dev_of_dev);
}

const char *qoe_ctl_now(char *buf, size_t size)
{
	struct timespec ts;
	struct tm tm;
	char sec[24];

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(sec, sizeof(sec), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, size, "%s.%06ldZ", sec, ts.tv_nsec / 1000);
	return buf;
}
