/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause) */
/*
 * offloadctl: shared types.  Backends (DPDK telemetry, kernel genetlink) fill
 * these plain structs; show.c renders them as a table or as JSON, so both
 * backends print exactly the same columns and keys.
 */
#ifndef _QOE_OFFLOADCTL_H
#define _QOE_OFFLOADCTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Exit codes, as iproute2: 1 = the request failed, 2 = bad command line. */
#define QOE_CTL_EXIT_ERR	1
#define QOE_CTL_EXIT_USAGE	2

#define QOE_CTL_DEV_LEN		32
#define QOE_CTL_ADDR_LEN	64	/* "[v6addr%scope]:port" */
#define QOE_CTL_CID_LEN		41	/* 20 bytes as hex + NUL */
#define QOE_CTL_NAME_LEN	64

struct qoe_ctl_flow {
	char dev[QOE_CTL_DEV_LEN];
	uint32_t handle;
	char dir[4];			/* "tx" or "rx" */
	char cipher[24];
	char cid[QOE_CTL_CID_LEN];
	char local[QOE_CTL_ADDR_LEN];
	char remote[QOE_CTL_ADDR_LEN];
	unsigned int key_phase;
	bool pn_none;			/* RX: nothing received yet */
	uint64_t pn;			/* TX: next to send; RX: largest received */
	uint64_t packets;
	uint64_t bytes;
	uint64_t auth_fail;
	uint64_t drops;
	bool key_missing_none;		/* the backend does not report it */
	uint64_t key_missing;		/* packets without a key for their phase */
	uint64_t key_updates;
	unsigned int keys_valid;	/* bitmap of installed phases */
	bool age_none;			/* the backend does not report age */
	uint64_t age_ms;
};

struct qoe_ctl_caps {
	char dev[QOE_CTL_DEV_LEN];
	unsigned int abi_version;
	uint32_t ciphers;		/* bitmap of 1 << enum qoe_cipher */
	uint32_t features;		/* QOE_FEAT_* */
	uint32_t max_flows;
	uint32_t max_cids;
	unsigned int max_cid_len;
	unsigned int max_gso_segs;
	unsigned int max_gro_segs;
};

struct qoe_ctl_stat {
	char name[QOE_CTL_NAME_LEN];
	uint64_t value;
};

struct qoe_ctl_stats {
	char dev[QOE_CTL_DEV_LEN];
	size_t n;
	struct qoe_ctl_stat *v;		/* malloc'd, in the device's order */
};

/* What show-flows asked for; NULL / "" fields match everything. */
struct qoe_ctl_filter {
	const char *dev;
	const char *dir;
};

/* add-flow / key-update / del-flow arguments, already parsed and checked. */
struct qoe_ctl_flow_req {
	const char *dev;
	uint32_t handle;		/* del-flow, key-update */
	unsigned int dir;		/* enum qoe_dir */
	unsigned int cipher;		/* enum qoe_cipher */
	unsigned int family;		/* 4 or 6 */
	uint8_t cid[20];
	size_t cid_len;
	uint8_t local_addr[16];
	uint8_t remote_addr[16];
	uint16_t local_port;		/* host order */
	uint16_t remote_port;
	bool pn_set;
	uint64_t pn;
	unsigned int key_phase;
	unsigned int fail_action;	/* enum qoe_fail_action */
	uint8_t key[32];
	size_t key_len;
	uint8_t iv[12];
	size_t iv_len;
	uint8_t hp_key[32];
	size_t hp_key_len;
};

/* Called once per flow; return non-zero to stop the walk with that value. */
typedef int (*qoe_ctl_flow_cb)(const struct qoe_ctl_flow *f, void *arg);
typedef int (*qoe_ctl_dev_cb)(const char *dev, void *arg);

/*
 * A backend.  Every op returns 0 or -1; on -1 it has already printed one
 * line on stderr naming the target and the reason.  NULL ops are "not
 * supported by this backend".
 */
struct qoe_ctl_backend {
	const char *name;
	int (*open)(struct qoe_ctl_backend *be);
	void (*close)(struct qoe_ctl_backend *be);
	int (*for_each_dev)(struct qoe_ctl_backend *be, qoe_ctl_dev_cb cb, void *arg);
	int (*get_caps)(struct qoe_ctl_backend *be, const char *dev, struct qoe_ctl_caps *caps);
	int (*get_stats)(struct qoe_ctl_backend *be, const char *dev, struct qoe_ctl_stats *st);
	int (*for_each_flow)(struct qoe_ctl_backend *be, const char *dev,
			     qoe_ctl_flow_cb cb, void *arg);
	int (*add_flow)(struct qoe_ctl_backend *be, const struct qoe_ctl_flow_req *req,
			uint32_t *handle);
	int (*del_flow)(struct qoe_ctl_backend *be, const struct qoe_ctl_flow_req *req);
	int (*key_update)(struct qoe_ctl_backend *be, const struct qoe_ctl_flow_req *req);
	int (*monitor)(struct qoe_ctl_backend *be, const char *dev);
	/* optional: flows installed on @dev; else show-dev reads a "flows" counter */
	int (*dev_flows)(struct qoe_ctl_backend *be, const char *dev, uint64_t *n);
	/* why add/del/key-update/monitor are missing, for the error line */
	const char *unsupported_why;
	/* "dpdk prefix 'rte'" or "netlink family 'quic-offload'": how errors name it */
	char target[128];
	void *priv;
};

/* Global options. */
struct qoe_ctl_opts {
	bool json;
	bool pretty;
	bool timestamp;			/* monitor -t: when each event came */
	const char *dpdk_prefix;	/* non-NULL: DPDK backend */
	const char *runtime_dir;	/* base holding <prefix>/dpdk_telemetry.v2 */
};

extern struct qoe_ctl_opts qoe_ctl_opts;

/* Now, UTC, as 2026-11-27T21:05:33.123456Z, into @buf (32 bytes). */
const char *qoe_ctl_now(char *buf, size_t size);

/* Print "offloadctl: <fmt>\n" on stderr. */
void qoe_ctl_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

int qoe_ctl_dpdk_init(struct qoe_ctl_backend *be, const char *prefix,
		      const char *runtime_dir);
int qoe_ctl_netlink_init(struct qoe_ctl_backend *be);

/* Names shared by parsing and printing. */
const char *qoe_ctl_cipher_name(unsigned int cipher);
int qoe_ctl_cipher_parse(const char *s);
const char *qoe_ctl_feature_name(unsigned int bit);
int qoe_ctl_feature_parse(const char *s);

#endif /* _QOE_OFFLOADCTL_H */
