// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * Kernel backend: the generic "quic-offload" netlink family of the QUIC
 * offload core (include/uapi/linux/quic_offload.h, generated from
 * Documentation/netlink/specs/quic_offload.yaml), through libmnl, so every
 * device whose driver registers shows, not only qoe: dumps for the show-*
 * commands, flow-add / flow-del / key-install, and the "events" multicast
 * group for monitor.  Device counters are ethtool's (SIOCETHTOOL), which
 * every driver has.  Error replies carry the kernel's extack message,
 * which is printed after errno's text.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libmnl/libmnl.h>
#include <linux/ethtool.h>
#include <linux/genetlink.h>
#include <linux/quic_offload.h>
#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "offloadctl.h"

#define QOE_NL_BUF	32768
#define QOE_NL_MAX_DEVS	256
/* above every attribute of the family's flat sets; newer ones are skipped */
#define QOE_NL_MAX_ATTR	63

_Static_assert((int)QUIC_OFFLOAD_A_DEV_IFINDEX == (int)QUIC_OFFLOAD_A_FLOW_IFINDEX,
	       "requests name the device with one attribute number");
_Static_assert(QUIC_OFFLOAD_A_FLOW_MAX <= QOE_NL_MAX_ATTR &&
	       QUIC_OFFLOAD_A_DEV_MAX <= QOE_NL_MAX_ATTR &&
	       QUIC_OFFLOAD_A_EVENT_MAX <= QOE_NL_MAX_ATTR, "attribute table too small");

struct qoe_nl {
	struct mnl_socket *sk;
	unsigned int seq;
	unsigned int portid;
	uint16_t family;
	uint32_t events_grp;		/* multicast group id, 0 if absent */
	char *buf;
	const char *dev;		/* what the current request is about */
};

struct qoe_nl_req {
	struct qoe_ctl_backend *be;
	qoe_ctl_flow_cb cb;
	void *arg;
	int stop;			/* a flow callback's non-zero return */
};

/* The kernel's extack message of the last error reply, "" if none. */
static char qoe_nl_extack[256];

/* NLMSG_ERROR: errno and the extack message (NETLINK_EXT_ACK). */
static int qoe_nl_error_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a;
	size_t off = sizeof(*err);

	(void)data;
	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*err))) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (!err->error)
		return MNL_CB_STOP;
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS) {
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
			off += err->msg.nlmsg_len - sizeof(err->msg);
		mnl_attr_for_each(a, nlh, off)
			if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG &&
			    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) >= 0)
				snprintf(qoe_nl_extack, sizeof(qoe_nl_extack), "%s",
					 mnl_attr_get_str(a));
	}
	errno = err->error < 0 ? -err->error : err->error;
	return MNL_CB_ERROR;
}

/* Start a request to the family (or to nlctrl until its id is known). */
static struct nlmsghdr *qoe_nl_msg(struct qoe_ctl_backend *be, uint8_t cmd, bool dump,
				   uint32_t ifindex)
{
	struct qoe_nl *nl = be->priv;
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(nl->buf);
	/* until the family id is known, the only request is nlctrl's GETFAMILY
	 * (its command number 3 is also QUIC_OFFLOAD_CMD_FLOW_ADD)
	 */
	bool ctrl = !nl->family;
	struct genlmsghdr *g;

	nlh->nlmsg_type = ctrl ? GENL_ID_CTRL : nl->family;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | (dump ? NLM_F_DUMP : 0);
	nlh->nlmsg_seq = ++nl->seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = ctrl ? 1 : QUIC_OFFLOAD_FAMILY_VERSION;
	if (ctrl)
		mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, QUIC_OFFLOAD_FAMILY_NAME);
	else if (ifindex)
		mnl_attr_put_u32(nlh, QUIC_OFFLOAD_A_FLOW_IFINDEX, ifindex);
	return nlh;
}

/* Send @nlh and run @cb on every reply until the ACK or DONE. */
static int qoe_nl_run(struct qoe_ctl_backend *be, struct nlmsghdr *nlh, mnl_cb_t cb, void *arg)
{
	static mnl_cb_t ctl[NLMSG_ERROR + 1] = { [NLMSG_ERROR] = qoe_nl_error_cb };
	struct qoe_nl *nl = be->priv;
	ssize_t n;
	int ret;

	qoe_nl_extack[0] = '\0';
	n = mnl_socket_sendto(nl->sk, nlh, nlh->nlmsg_len);
	/* the request may hold key material: gone once sent */
	explicit_bzero(nl->buf, QOE_NL_BUF);
	if (n < 0)
		return -1;
	do {
		n = mnl_socket_recvfrom(nl->sk, nl->buf, QOE_NL_BUF);
		if (n < 0)
			return -1;
		ret = mnl_cb_run2(nl->buf, (size_t)n, nl->seq, nl->portid, cb, arg, ctl,
				  NLMSG_ERROR + 1);
	} while (ret > 0);
	return ret < 0 ? -1 : 0;
}

static int qoe_nl_talk(struct qoe_ctl_backend *be, uint8_t cmd, bool dump, uint32_t ifindex,
		       mnl_cb_t cb, void *arg)
{
	return qoe_nl_run(be, qoe_nl_msg(be, cmd, dump, ifindex), cb, arg);
}

static void qoe_nl_fail(struct qoe_ctl_backend *be, const char *what, const char *dev)
{
	int e = errno;

	if (dev && (e == ENODEV || e == EOPNOTSUPP))
		qoe_ctl_err("%s: dev '%s': not a QUIC offload device", be->target, dev);
	else if (e == EPERM || e == EACCES)
		qoe_ctl_err("%s: %s: %s (needs CAP_NET_ADMIN)", be->target, what, strerror(e));
	else if (dev && qoe_nl_extack[0])
		qoe_ctl_err("%s: dev '%s': %s: %s (%s)", be->target, dev, what, strerror(e),
			    qoe_nl_extack);
	else if (dev)
		qoe_ctl_err("%s: dev '%s': %s: %s", be->target, dev, what, strerror(e));
	else
		qoe_ctl_err("%s: %s: %s", be->target, what, strerror(e));
}

/* One CTRL_ATTR_MCAST_GROUPS entry: remember the "events" group's id. */
static void qoe_nl_mcast_grp(const struct nlattr *grp, struct qoe_nl *nl)
{
	const struct nlattr *a, *name = NULL, *id = NULL;

	mnl_attr_for_each_nested(a, grp) {
		if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_NAME &&
		    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) >= 0)
			name = a;
		else if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_ID &&
			 mnl_attr_validate(a, MNL_TYPE_U32) >= 0)
			id = a;
	}
	if (name && id && !strcmp(mnl_attr_get_str(name), QUIC_OFFLOAD_MCGRP_EVENTS))
		nl->events_grp = mnl_attr_get_u32(id);
}

static int qoe_nl_family_attr(const struct nlattr *a, void *data)
{
	struct qoe_nl *nl = data;
	const struct nlattr *grp;

	if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_ID &&
	    mnl_attr_validate(a, MNL_TYPE_U16) >= 0)
		nl->family = mnl_attr_get_u16(a);
	if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GROUPS)
		mnl_attr_for_each_nested(grp, a)
			qoe_nl_mcast_grp(grp, nl);
	return MNL_CB_OK;
}

static int qoe_nl_family_cb(const struct nlmsghdr *nlh, void *data)
{
	return mnl_attr_parse(nlh, sizeof(struct genlmsghdr), qoe_nl_family_attr, data);
}

static int qoe_nl_open(struct qoe_ctl_backend *be)
{
	struct qoe_nl *nl = be->priv;
	int one = 1;

	nl->buf = malloc(QOE_NL_BUF);
	nl->sk = mnl_socket_open(NETLINK_GENERIC);
	if (!nl->buf || !nl->sk || mnl_socket_bind(nl->sk, 0, MNL_SOCKET_AUTOPID) < 0) {
		qoe_ctl_err("%s: cannot open a generic netlink socket: %s", be->target,
			    strerror(errno));
		return -1;
	}
	nl->portid = mnl_socket_get_portid(nl->sk);
	nl->seq = (unsigned int)time(NULL);
	/* extack messages, and error replies that do not echo the request */
	mnl_socket_setsockopt(nl->sk, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sk, NETLINK_CAP_ACK, &one, sizeof(one));
	if (qoe_nl_talk(be, CTRL_CMD_GETFAMILY, false, 0, qoe_nl_family_cb, nl) ||
	    !nl->family) {
		if (errno == ENOENT || !nl->family)
			qoe_ctl_err("%s: not found: this kernel has no QUIC offload core (is quic_offload.ko loaded? for a DPDK application use --dpdk PREFIX)",
				    be->target);
		else
			qoe_nl_fail(be, "resolving the family", NULL);
		return -1;
	}
	return 0;
}

static void qoe_nl_close(struct qoe_ctl_backend *be)
{
	struct qoe_nl *nl = be->priv;

	if (nl && nl->sk)
		mnl_socket_close(nl->sk);
	if (nl)
		free(nl->buf);
	free(nl);
	be->priv = NULL;
}

static int qoe_nl_ifindex(struct qoe_ctl_backend *be, const char *dev, uint32_t *ifindex)
{
	*ifindex = if_nametoindex(dev);
	if (!*ifindex) {
		qoe_ctl_err("%s: dev '%s': no such network device", be->target, dev);
		return -1;
	}
	return 0;
}

/* The attributes of one reply (every set is flat), indexed by type. */
static int qoe_nl_attr(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(a);

	if (type <= QOE_NL_MAX_ATTR)
		tb[type] = a;
	return MNL_CB_OK;
}

static int qoe_nl_parse(const struct nlmsghdr *nlh, const struct nlattr **tb)
{
	return mnl_attr_parse(nlh, sizeof(struct genlmsghdr), qoe_nl_attr, tb);
}

struct qoe_nl_devs {
	char names[QOE_NL_MAX_DEVS][IF_NAMESIZE];
	size_t n;
};

static int qoe_nl_dev_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[QOE_NL_MAX_ATTR + 1] = { 0 };
	struct qoe_nl_devs *devs = data;
	char name[IF_NAMESIZE];

	if (qoe_nl_parse(nlh, tb) < 0)
		return MNL_CB_ERROR;
	if (devs->n == QOE_NL_MAX_DEVS)
		return MNL_CB_OK;
	if (tb[QUIC_OFFLOAD_A_DEV_IFNAME] &&
	    mnl_attr_validate(tb[QUIC_OFFLOAD_A_DEV_IFNAME], MNL_TYPE_NUL_STRING) >= 0) {
		snprintf(devs->names[devs->n++], IF_NAMESIZE, "%s",
			 mnl_attr_get_str(tb[QUIC_OFFLOAD_A_DEV_IFNAME]));
	} else if (tb[QUIC_OFFLOAD_A_DEV_IFINDEX] &&
		   mnl_attr_validate(tb[QUIC_OFFLOAD_A_DEV_IFINDEX], MNL_TYPE_U32) >= 0 &&
		   if_indextoname(mnl_attr_get_u32(tb[QUIC_OFFLOAD_A_DEV_IFINDEX]), name)) {
		snprintf(devs->names[devs->n++], IF_NAMESIZE, "%s", name);
	}
	return MNL_CB_OK;
}

static int qoe_nl_for_each_dev(struct qoe_ctl_backend *be, qoe_ctl_dev_cb cb, void *arg)
{
	struct qoe_nl_devs *devs = calloc(1, sizeof(*devs));
	int ret = 0;

	if (!devs) {
		qoe_ctl_err("%s: out of memory", be->target);
		return -1;
	}
	/* Collect first: a dump must finish before the next request. */
	if (qoe_nl_talk(be, QUIC_OFFLOAD_CMD_DEV_GET, true, 0, qoe_nl_dev_cb, devs)) {
		qoe_nl_fail(be, "listing devices", NULL);
		free(devs);
		return -1;
	}
	for (size_t i = 0; i < devs->n && !ret; i++)
		ret = cb(devs->names[i], arg);
	free(devs);
	return ret;
}

static uint32_t qoe_nl_u32(const struct nlattr *a)
{
	return a && mnl_attr_validate(a, MNL_TYPE_U32) >= 0 ? mnl_attr_get_u32(a) : 0;
}

/* NLA_UINT: 4 or 8 bytes, as the value needs. */
static uint64_t qoe_nl_uint(const struct nlattr *a)
{
	if (a && mnl_attr_get_payload_len(a) == 8)
		return mnl_attr_get_u64(a);
	return qoe_nl_u32(a);
}

static unsigned int qoe_nl_u8(const struct nlattr *a)
{
	return a && mnl_attr_validate(a, MNL_TYPE_U8) >= 0 ? mnl_attr_get_u8(a) : 0;
}

static unsigned int qoe_nl_u16(const struct nlattr *a)
{
	return a && mnl_attr_validate(a, MNL_TYPE_U16) >= 0 ? mnl_attr_get_u16(a) : 0;
}

/* dev-get: the capabilities; -1 (EBADMSG) without an ifindex. */
static int qoe_nl_caps_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[QOE_NL_MAX_ATTR + 1] = { 0 };
	struct qoe_ctl_caps *caps = data;

	if (qoe_nl_parse(nlh, tb) < 0 || !tb[QUIC_OFFLOAD_A_DEV_IFINDEX]) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	caps->ciphers = qoe_nl_u32(tb[QUIC_OFFLOAD_A_DEV_CIPHERS]);
	caps->features = qoe_nl_u32(tb[QUIC_OFFLOAD_A_DEV_FEATURES]);
	caps->max_flows = qoe_nl_u32(tb[QUIC_OFFLOAD_A_DEV_MAX_FLOWS]);
	caps->max_cid_len = qoe_nl_u32(tb[QUIC_OFFLOAD_A_DEV_MAX_CID_LEN]);
	caps->max_gso_segs = qoe_nl_u32(tb[QUIC_OFFLOAD_A_DEV_MAX_GSO_SEGS]);
	caps->max_gro_segs = qoe_nl_u32(tb[QUIC_OFFLOAD_A_DEV_MAX_GRO_SEGS]);
	return MNL_CB_OK;
}

/* SIOCETHTOOL on @dev; 0 or -1 with errno. */
static int qoe_nl_ethtool(const char *dev, void *cmd)
{
	struct ifreq ifr = { 0 };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), ret, e;

	if (fd < 0)
		return -1;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", dev);
	ifr.ifr_data = cmd;
	ret = ioctl(fd, SIOCETHTOOL, &ifr);
	e = errno;
	close(fd);
	errno = e;
	return ret < 0 ? -1 : 0;
}

/*
 * The firmware ABI version, when the driver's ethtool firmware version
 * names one ("... abi 1.2", as qoe's does); 0 for other devices.
 */
static unsigned int qoe_nl_abi_version(const char *dev)
{
	struct ethtool_drvinfo di = { .cmd = ETHTOOL_GDRVINFO };
	unsigned int major, minor;
	const char *p;

	if (qoe_nl_ethtool(dev, &di))
		return 0;
	p = strstr(di.fw_version, "abi ");
	if (!p || sscanf(p, "abi %u.%u", &major, &minor) != 2 || major > 255 || minor > 255)
		return 0;
	return major << 8 | minor;
}

static int qoe_nl_get_caps(struct qoe_ctl_backend *be, const char *dev, struct qoe_ctl_caps *c)
{
	uint32_t ifindex;

	memset(c, 0, sizeof(*c));
	if (qoe_nl_ifindex(be, dev, &ifindex))
		return -1;
	snprintf(c->dev, sizeof(c->dev), "%s", dev);
	if (qoe_nl_talk(be, QUIC_OFFLOAD_CMD_DEV_GET, false, ifindex, qoe_nl_caps_cb, c)) {
		qoe_nl_fail(be, "reading capabilities", dev);
		return -1;
	}
	c->abi_version = qoe_nl_abi_version(dev);
	return 0;
}

/*
 * ethtool -S, the way every driver offers its counters: names
 * (ETHTOOL_GSTRINGS) and values (ETHTOOL_GSTATS), in the driver's order.
 */
static int qoe_nl_ethtool_stats(const char *dev, struct qoe_ctl_stats *st)
{
	struct ethtool_drvinfo di = { .cmd = ETHTOOL_GDRVINFO };
	struct ethtool_gstrings *names = NULL;
	struct ethtool_stats *vals = NULL;
	uint32_t n;
	int ret = -1;

	if (qoe_nl_ethtool(dev, &di))
		return -1;
	n = di.n_stats;
	names = calloc(1, sizeof(*names) + (size_t)n * ETH_GSTRING_LEN);
	vals = calloc(1, sizeof(*vals) + (size_t)n * sizeof(uint64_t));
	st->v = calloc(n + 1, sizeof(*st->v));
	if (!names || !vals || !st->v) {
		errno = ENOMEM;
		goto out;
	}
	names->cmd = ETHTOOL_GSTRINGS;
	names->string_set = ETH_SS_STATS;
	names->len = n;
	vals->cmd = ETHTOOL_GSTATS;
	vals->n_stats = n;
	if (qoe_nl_ethtool(dev, names) || qoe_nl_ethtool(dev, vals))
		goto out;
	/* a driver whose count changed in between: the smaller */
	if (names->len < n)
		n = names->len;
	if (vals->n_stats < n)
		n = vals->n_stats;
	for (st->n = 0; st->n < n; st->n++) {
		snprintf(st->v[st->n].name, QOE_CTL_NAME_LEN, "%.*s", ETH_GSTRING_LEN,
			 (const char *)names->data + st->n * ETH_GSTRING_LEN);
		st->v[st->n].value = vals->data[st->n];
	}
	ret = 0;
out:
	free(names);
	free(vals);
	return ret;
}

static int qoe_nl_get_stats(struct qoe_ctl_backend *be, const char *dev,
			    struct qoe_ctl_stats *st)
{
	uint32_t ifindex;
	uint64_t n;

	memset(st, 0, sizeof(*st));
	if (qoe_nl_ifindex(be, dev, &ifindex))
		return -1;
	snprintf(st->dev, sizeof(st->dev), "%s", dev);
	/* the device must offer QUIC offload, as for the other show-* */
	if (be->dev_flows(be, dev, &n))
		return -1;
	if (qoe_nl_ethtool_stats(dev, st)) {
		qoe_nl_fail(be, "reading counters (ethtool -S)", dev);
		free(st->v);
		st->v = NULL;
		st->n = 0;
		return -1;
	}
	return 0;
}

static void qoe_nl_endpoint(char *out, size_t size, unsigned int family,
			    const struct nlattr *addr, unsigned int port)
{
	char a[INET6_ADDRSTRLEN] = "?";
	size_t len = addr ? mnl_attr_get_payload_len(addr) : 0;

	if (family == AF_INET6 && len == 16) {
		inet_ntop(AF_INET6, mnl_attr_get_payload(addr), a, sizeof(a));
		snprintf(out, size, "[%s]:%u", a, port);
		return;
	}
	if (len >= 4)
		inet_ntop(AF_INET, mnl_attr_get_payload(addr), a, sizeof(a));
	snprintf(out, size, "%s:%u", a, port);
}

static int qoe_nl_flow_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *a[QOE_NL_MAX_ATTR + 1] = { 0 };
	struct qoe_nl_req *r = data;
	struct qoe_ctl_flow f = { 0 };
	const char *cipher;
	unsigned int family;
	size_t cid_len;

	if (qoe_nl_parse(nlh, a) < 0 || !a[QUIC_OFFLOAD_A_FLOW_HANDLE]) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (!if_indextoname(qoe_nl_u32(a[QUIC_OFFLOAD_A_FLOW_IFINDEX]), f.dev))
		snprintf(f.dev, sizeof(f.dev), "if%u", qoe_nl_u32(a[QUIC_OFFLOAD_A_FLOW_IFINDEX]));
	f.handle = qoe_nl_u32(a[QUIC_OFFLOAD_A_FLOW_HANDLE]);
	snprintf(f.dir, sizeof(f.dir), "%s",
		 qoe_nl_u8(a[QUIC_OFFLOAD_A_FLOW_DIR]) == QUIC_OFFLOAD_DIR_RX ? "rx" : "tx");
	cipher = qoe_ctl_cipher_name(qoe_nl_u8(a[QUIC_OFFLOAD_A_FLOW_CIPHER]));
	snprintf(f.cipher, sizeof(f.cipher), "%s", cipher ? cipher : "unknown");
	cid_len = a[QUIC_OFFLOAD_A_FLOW_CID] ? mnl_attr_get_payload_len(a[QUIC_OFFLOAD_A_FLOW_CID]) : 0;
	for (size_t i = 0; i < cid_len && i < 20; i++)
		snprintf(f.cid + 2 * i, 3, "%02x",
			 ((const uint8_t *)mnl_attr_get_payload(a[QUIC_OFFLOAD_A_FLOW_CID]))[i]);
	family = qoe_nl_u16(a[QUIC_OFFLOAD_A_FLOW_FAMILY]);
	/* ports are network order on the wire, as in the kernel */
	qoe_nl_endpoint(f.local, sizeof(f.local), family, a[QUIC_OFFLOAD_A_FLOW_LOCAL_ADDR],
			ntohs(qoe_nl_u16(a[QUIC_OFFLOAD_A_FLOW_LOCAL_PORT])));
	qoe_nl_endpoint(f.remote, sizeof(f.remote), family, a[QUIC_OFFLOAD_A_FLOW_REMOTE_ADDR],
			ntohs(qoe_nl_u16(a[QUIC_OFFLOAD_A_FLOW_REMOTE_PORT])));
	f.key_phase = qoe_nl_u8(a[QUIC_OFFLOAD_A_FLOW_KEY_PHASE]);
	f.keys_valid = qoe_nl_u8(a[QUIC_OFFLOAD_A_FLOW_KEYS_VALID]);
	f.pn = qoe_nl_uint(a[QUIC_OFFLOAD_A_FLOW_PN]);
	f.pn_none = f.pn == ~0ULL;
	f.packets = qoe_nl_uint(a[QUIC_OFFLOAD_A_FLOW_PACKETS]);
	f.bytes = qoe_nl_uint(a[QUIC_OFFLOAD_A_FLOW_BYTES]);
	f.auth_fail = qoe_nl_uint(a[QUIC_OFFLOAD_A_FLOW_AUTH_FAIL]);
	f.key_updates = qoe_nl_uint(a[QUIC_OFFLOAD_A_FLOW_KEY_UPDATES]);
	f.drops = qoe_nl_uint(a[QUIC_OFFLOAD_A_FLOW_DROPS]);
	/* a kernel or device before it reports none */
	f.key_missing_none = !a[QUIC_OFFLOAD_A_FLOW_KEY_MISSING];
	f.key_missing = qoe_nl_uint(a[QUIC_OFFLOAD_A_FLOW_KEY_MISSING]);
	/* a kernel before the attribute reports no age */
	f.age_none = !a[QUIC_OFFLOAD_A_FLOW_AGE_MS];
	f.age_ms = qoe_nl_uint(a[QUIC_OFFLOAD_A_FLOW_AGE_MS]);
	r->stop = r->cb(&f, r->arg);
	return r->stop ? MNL_CB_STOP : MNL_CB_OK;
}

static int qoe_nl_for_each_flow(struct qoe_ctl_backend *be, const char *dev,
				qoe_ctl_flow_cb cb, void *arg)
{
	struct qoe_nl_req r = { .be = be, .cb = cb, .arg = arg };
	uint32_t ifindex;

	if (qoe_nl_ifindex(be, dev, &ifindex))
		return -1;
	if (qoe_nl_talk(be, QUIC_OFFLOAD_CMD_FLOW_GET, true, ifindex, qoe_nl_flow_cb, &r)) {
		if (r.stop)
			return r.stop;
		qoe_nl_fail(be, "listing flows", dev);
		return -1;
	}
	return r.stop;
}

/* dev-get of one device: n-flows; -1 (EBADMSG) when the reply lacks it. */
static int qoe_nl_n_flows_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[QOE_NL_MAX_ATTR + 1] = { 0 };
	uint64_t *n = data;

	if (qoe_nl_parse(nlh, tb) < 0 || !tb[QUIC_OFFLOAD_A_DEV_N_FLOWS] ||
	    mnl_attr_validate(tb[QUIC_OFFLOAD_A_DEV_N_FLOWS], MNL_TYPE_U32) < 0) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	*n = mnl_attr_get_u32(tb[QUIC_OFFLOAD_A_DEV_N_FLOWS]);
	return MNL_CB_OK;
}

static int qoe_nl_dev_flows(struct qoe_ctl_backend *be, const char *dev, uint64_t *n)
{
	uint32_t ifindex;

	if (qoe_nl_ifindex(be, dev, &ifindex))
		return -1;
	if (qoe_nl_talk(be, QUIC_OFFLOAD_CMD_DEV_GET, false, ifindex, qoe_nl_n_flows_cb, n)) {
		qoe_nl_fail(be, "reading the device", dev);
		return -1;
	}
	return 0;
}

/* flow-add's reply: ifindex, handle. */
static int qoe_nl_handle_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *a[QOE_NL_MAX_ATTR + 1] = { 0 };
	uint32_t *handle = data;

	if (qoe_nl_parse(nlh, a) < 0 || !qoe_nl_u32(a[QUIC_OFFLOAD_A_FLOW_HANDLE])) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	*handle = qoe_nl_u32(a[QUIC_OFFLOAD_A_FLOW_HANDLE]);
	return MNL_CB_OK;
}

static int qoe_nl_add_flow(struct qoe_ctl_backend *be, const struct qoe_ctl_flow_req *r,
			   uint32_t *handle)
{
	size_t alen = r->family == 6 ? 16 : 4;
	struct nlmsghdr *nlh;
	uint32_t ifindex;

	*handle = 0;
	if (qoe_nl_ifindex(be, r->dev, &ifindex))
		return -1;
	nlh = qoe_nl_msg(be, QUIC_OFFLOAD_CMD_FLOW_ADD, false, ifindex);
	mnl_attr_put_u8(nlh, QUIC_OFFLOAD_A_FLOW_DIR, (uint8_t)r->dir);
	mnl_attr_put_u8(nlh, QUIC_OFFLOAD_A_FLOW_CIPHER, (uint8_t)r->cipher);
	mnl_attr_put_u16(nlh, QUIC_OFFLOAD_A_FLOW_FAMILY, r->family == 6 ? AF_INET6 : AF_INET);
	mnl_attr_put(nlh, QUIC_OFFLOAD_A_FLOW_LOCAL_ADDR, alen, r->local_addr);
	mnl_attr_put(nlh, QUIC_OFFLOAD_A_FLOW_REMOTE_ADDR, alen, r->remote_addr);
	mnl_attr_put_u16(nlh, QUIC_OFFLOAD_A_FLOW_LOCAL_PORT, htons(r->local_port));
	mnl_attr_put_u16(nlh, QUIC_OFFLOAD_A_FLOW_REMOTE_PORT, htons(r->remote_port));
	if (r->cid_len)
		mnl_attr_put(nlh, QUIC_OFFLOAD_A_FLOW_CID, r->cid_len, r->cid);
	mnl_attr_put_u64(nlh, QUIC_OFFLOAD_A_FLOW_PN, r->pn);
	mnl_attr_put_u8(nlh, QUIC_OFFLOAD_A_FLOW_KEY_PHASE, (uint8_t)r->key_phase);
	mnl_attr_put_u8(nlh, QUIC_OFFLOAD_A_FLOW_FAIL_ACTION, (uint8_t)r->fail_action);
	mnl_attr_put(nlh, QUIC_OFFLOAD_A_FLOW_KEY, r->key_len, r->key);
	mnl_attr_put(nlh, QUIC_OFFLOAD_A_FLOW_IV, r->iv_len, r->iv);
	mnl_attr_put(nlh, QUIC_OFFLOAD_A_FLOW_HP_KEY, r->hp_key_len, r->hp_key);
	if (qoe_nl_run(be, nlh, qoe_nl_handle_cb, handle) || !*handle) {
		qoe_nl_fail(be, "add-flow", r->dev);
		return -1;
	}
	return 0;
}

static int qoe_nl_handle_req(struct qoe_ctl_backend *be, const struct qoe_ctl_flow_req *r,
			     bool key)
{
	const char *what = key ? "key-update" : "del-flow";
	struct nlmsghdr *nlh;
	uint32_t ifindex;

	if (qoe_nl_ifindex(be, r->dev, &ifindex))
		return -1;
	nlh = qoe_nl_msg(be, key ? QUIC_OFFLOAD_CMD_KEY_INSTALL : QUIC_OFFLOAD_CMD_FLOW_DEL,
			 false, ifindex);
	mnl_attr_put_u32(nlh, QUIC_OFFLOAD_A_FLOW_HANDLE, r->handle);
	if (key) {
		mnl_attr_put_u8(nlh, QUIC_OFFLOAD_A_FLOW_KEY_PHASE, (uint8_t)r->key_phase);
		mnl_attr_put(nlh, QUIC_OFFLOAD_A_FLOW_KEY, r->key_len, r->key);
		mnl_attr_put(nlh, QUIC_OFFLOAD_A_FLOW_IV, r->iv_len, r->iv);
	}
	if (qoe_nl_run(be, nlh, NULL, NULL)) {
		if (errno == ENOENT)
			qoe_ctl_err("%s: dev '%s': %s: no flow with handle 0x%08x", be->target,
				    r->dev, what, r->handle);
		else
			qoe_nl_fail(be, what, r->dev);
		return -1;
	}
	return 0;
}

static int qoe_nl_del_flow(struct qoe_ctl_backend *be, const struct qoe_ctl_flow_req *r)
{
	return qoe_nl_handle_req(be, r, false);
}

static int qoe_nl_key_update(struct qoe_ctl_backend *be, const struct qoe_ctl_flow_req *r)
{
	return qoe_nl_handle_req(be, r, true);
}

static volatile sig_atomic_t qoe_nl_stop;

static void qoe_nl_on_signal(int sig)
{
	(void)sig;
	qoe_nl_stop = 1;
}

/* the names (and numbers) of the firmware ABI's events and /qoe/events */
static const char *const qoe_nl_event_names[] = {
	[QUIC_OFFLOAD_KEY_PHASE_FLIP] = "key-phase-flip",
	[QUIC_OFFLOAD_USAGE_LIMIT] = "usage-limit",
	[QUIC_OFFLOAD_INTEGRITY_LIMIT] = "integrity-limit",
	[QUIC_OFFLOAD_CONN_ERROR] = "flow-error",
	[QUIC_OFFLOAD_DEV_DOWN] = "dev-down",
};

/* One flow-event notification -> one line on stdout. */
static int qoe_nl_event_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *a[QOE_NL_MAX_ATTR + 1] = { 0 };
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	const uint32_t *want = data;
	char dev[IF_NAMESIZE], name[16], ts[32];
	unsigned int type, phase;
	uint32_t ifindex, handle;
	uint64_t value;

	if (g->cmd != QUIC_OFFLOAD_CMD_FLOW_EVENT || qoe_nl_parse(nlh, a) < 0)
		return MNL_CB_OK;	/* not an event: skip it */
	ifindex = qoe_nl_u32(a[QUIC_OFFLOAD_A_EVENT_IFINDEX]);
	if (*want && ifindex != *want)
		return MNL_CB_OK;
	if (!if_indextoname(ifindex, dev))
		snprintf(dev, sizeof(dev), "if%u", ifindex);
	type = qoe_nl_u8(a[QUIC_OFFLOAD_A_EVENT_TYPE]);
	if (type < sizeof(qoe_nl_event_names) / sizeof(qoe_nl_event_names[0]) &&
	    qoe_nl_event_names[type])
		snprintf(name, sizeof(name), "%s", qoe_nl_event_names[type]);
	else
		snprintf(name, sizeof(name), "event-%u", type);
	handle = qoe_nl_u32(a[QUIC_OFFLOAD_A_EVENT_HANDLE]);
	phase = qoe_nl_u8(a[QUIC_OFFLOAD_A_EVENT_PHASE]);
	value = qoe_nl_uint(a[QUIC_OFFLOAD_A_EVENT_VALUE]);
	if (qoe_ctl_opts.timestamp)
		qoe_ctl_now(ts, sizeof(ts));
	if (qoe_ctl_opts.json) {
		/* the keys of the DPDK backend and of /qoe/events */
		if (qoe_ctl_opts.timestamp)
			printf("{\"time\":\"%s\",", ts);
		else
			printf("{");
		printf("\"dev\":\"%s\",\"type\":\"%s\",\"type_id\":%u,\"handle\":%u,"
		       "\"phase\":%u,\"value\":%llu}\n",
		       dev, name, type, handle, phase, (unsigned long long)value);
	} else {
		if (qoe_ctl_opts.timestamp)
			printf("[%s] ", ts);
		printf("%s %s handle 0x%08x phase %u value %llu\n", dev, name, handle, phase,
		       (unsigned long long)value);
	}
	fflush(stdout);
	return MNL_CB_OK;
}

static int qoe_nl_monitor(struct qoe_ctl_backend *be, const char *dev)
{
	struct qoe_nl *nl = be->priv;
	struct sigaction sa = { .sa_handler = qoe_nl_on_signal };
	struct pollfd pfd;
	uint32_t ifindex = 0;
	int grp = (int)nl->events_grp;
	ssize_t n;

	if (dev && qoe_nl_ifindex(be, dev, &ifindex))
		return -1;
	if (!nl->events_grp) {
		qoe_ctl_err("%s: no \"%s\" multicast group (quic_offload.ko too old?)",
			    be->target, QUIC_OFFLOAD_MCGRP_EVENTS);
		return -1;
	}
	if (mnl_socket_setsockopt(nl->sk, NETLINK_ADD_MEMBERSHIP, &grp, sizeof(grp)) < 0) {
		qoe_nl_fail(be, "joining the events group", NULL);
		return -1;
	}
	/* events sent before the join are not seen: say when it is done
	 * (as inotifywait's "Watches established"), on stderr, off stdout */
	fprintf(stderr, "offloadctl: listening to %s events\n", be->target);
	/* no SA_RESTART: a signal ends the wait below */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	pfd.fd = mnl_socket_get_fd(nl->sk);
	pfd.events = POLLIN;
	while (!qoe_nl_stop) {
		/* a timeout, so a signal just before poll() is seen soon */
		if (poll(&pfd, 1, 200) <= 0)
			continue;
		n = mnl_socket_recvfrom(nl->sk, nl->buf, QOE_NL_BUF);
		if (n < 0 && errno == ENOBUFS) {
			qoe_ctl_err("%s: events lost (receive buffer overrun)", be->target);
			continue;
		}
		if (n < 0) {
			if (errno == EINTR)
				continue;
			qoe_nl_fail(be, "reading events", NULL);
			return -1;
		}
		mnl_cb_run(nl->buf, (size_t)n, 0, 0, qoe_nl_event_cb, &ifindex);
	}
	return 0;
}

int qoe_ctl_netlink_init(struct qoe_ctl_backend *be)
{
	memset(be, 0, sizeof(*be));
	snprintf(be->target, sizeof(be->target), "netlink family '%s'",
		 QUIC_OFFLOAD_FAMILY_NAME);
	be->priv = calloc(1, sizeof(struct qoe_nl));
	if (!be->priv) {
		qoe_ctl_err("%s: out of memory", be->target);
		return -1;
	}
	be->name = "netlink";
	be->open = qoe_nl_open;
	be->close = qoe_nl_close;
	be->for_each_dev = qoe_nl_for_each_dev;
	be->get_caps = qoe_nl_get_caps;
	be->get_stats = qoe_nl_get_stats;
	be->for_each_flow = qoe_nl_for_each_flow;
	be->dev_flows = qoe_nl_dev_flows;
	be->add_flow = qoe_nl_add_flow;
	be->del_flow = qoe_nl_del_flow;
	be->key_update = qoe_nl_key_update;
	be->monitor = qoe_nl_monitor;
	return 0;
}
