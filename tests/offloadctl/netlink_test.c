// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * The kernel backend's reply parsing, without a kernel: replies shaped as
 * include/uapi/linux/quic_offload.h says are built with libmnl and fed to
 * netlink.c's callbacks (included, so its statics are reachable), then
 * rendered by show.c exactly as offloadctl would print them.
 */
#include <stdarg.h>
#include <fcntl.h>
#include <unistd.h>

#include "../../tools/offloadctl/netlink.c"
#include "../../tools/offloadctl/show.h"
#include "../qoe_test.h"

QOE_TEST_MAIN

struct qoe_ctl_opts qoe_ctl_opts;
static char last_err[512];

void qoe_ctl_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_err, sizeof(last_err), fmt, ap);
	va_end(ap);
}

static char msgbuf[8192];

static struct nlmsghdr *msg_start(uint8_t cmd)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;

	memset(msgbuf, 0, sizeof(msgbuf));
	nlh = mnl_nlmsg_put_header(msgbuf);
	nlh->nlmsg_type = 0x20;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = QUIC_OFFLOAD_FAMILY_VERSION;
	return nlh;
}

/* lo is ifindex 1 in every network namespace. */
static struct nlmsghdr *flow_v6_rx(void)
{
	static const uint8_t cid[] = { 0xde, 0xad, 0xbe, 0xef };
	uint8_t l[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 }, r[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 };
	struct nlmsghdr *nlh = msg_start(QUIC_OFFLOAD_CMD_FLOW_GET);

	mnl_attr_put_u32(nlh, QUIC_OFFLOAD_A_FLOW_IFINDEX, 1);
	mnl_attr_put_u32(nlh, QUIC_OFFLOAD_A_FLOW_HANDLE, 0x00300007);
	mnl_attr_put_u8(nlh, QUIC_OFFLOAD_A_FLOW_DIR, QUIC_OFFLOAD_DIR_RX);
	mnl_attr_put_u8(nlh, QUIC_OFFLOAD_A_FLOW_CIPHER, QUIC_OFFLOAD_CIPHER_CHACHA20_POLY1305);
	mnl_attr_put_u16(nlh, QUIC_OFFLOAD_A_FLOW_FAMILY, AF_INET6);
	mnl_attr_put(nlh, QUIC_OFFLOAD_A_FLOW_CID, sizeof(cid), cid);
	mnl_attr_put(nlh, QUIC_OFFLOAD_A_FLOW_LOCAL_ADDR, 16, l);
	mnl_attr_put(nlh, QUIC_OFFLOAD_A_FLOW_REMOTE_ADDR, 16, r);
	/* network order, as the spec's byte-order says */
	mnl_attr_put_u16(nlh, QUIC_OFFLOAD_A_FLOW_LOCAL_PORT, htons(443));
	mnl_attr_put_u16(nlh, QUIC_OFFLOAD_A_FLOW_REMOTE_PORT, htons(61000));
	mnl_attr_put_u8(nlh, QUIC_OFFLOAD_A_FLOW_KEY_PHASE, 1);
	mnl_attr_put_u8(nlh, QUIC_OFFLOAD_A_FLOW_KEYS_VALID, 3);
	mnl_attr_put_u32(nlh, QUIC_OFFLOAD_A_FLOW_N_CIDS, 2);
	/* NLA_UINT: 8 bytes when the value needs them, else 4 */
	mnl_attr_put_u64(nlh, QUIC_OFFLOAD_A_FLOW_PN, ~0ULL);
	mnl_attr_put_u32(nlh, QUIC_OFFLOAD_A_FLOW_PACKETS, 5);
	mnl_attr_put_u32(nlh, QUIC_OFFLOAD_A_FLOW_BYTES, 6000);
	mnl_attr_put_u32(nlh, QUIC_OFFLOAD_A_FLOW_AUTH_FAIL, 2);
	mnl_attr_put_u32(nlh, QUIC_OFFLOAD_A_FLOW_KEY_UPDATES, 1);
	mnl_attr_put_u64(nlh, QUIC_OFFLOAD_A_FLOW_DROPS, 2);
	mnl_attr_put_u32(nlh, QUIC_OFFLOAD_A_FLOW_KEY_MISSING, 4);	/* a uint may be 32 bits */
	mnl_attr_put_u32(nlh, 60, 99);		/* newer kernel: unknown, ignored */
	/* no AGE_MS: a kernel before it; the age shows as unknown */
	return nlh;
}

static struct qoe_ctl_flow got;
static int n_got;

static int grab(const struct qoe_ctl_flow *f, void *arg)
{
	(void)arg;
	got = *f;
	n_got++;
	return 0;
}

QOE_TEST(flow_v6_rx_parsed)
{
	struct qoe_nl_req r = { .cb = grab };

	n_got = 0;
	QOE_EXPECT_EQ(qoe_nl_flow_cb(flow_v6_rx(), &r), MNL_CB_OK);
	QOE_EXPECT_EQ(n_got, 1);
	QOE_EXPECT(!strcmp(got.dev, "lo"));
	QOE_EXPECT_EQ(got.handle, 0x00300007);
	QOE_EXPECT(!strcmp(got.dir, "rx"));
	QOE_EXPECT(!strcmp(got.cipher, "chacha20-poly1305"));
	QOE_EXPECT(!strcmp(got.cid, "deadbeef"));
	QOE_EXPECT(!strcmp(got.local, "[2001:db8::1]:443"));
	QOE_EXPECT(!strcmp(got.remote, "[2001:db8::2]:61000"));
	QOE_EXPECT_EQ(got.key_phase, 1);
	QOE_EXPECT_EQ(got.keys_valid, 3);
	QOE_EXPECT(got.pn_none);
	QOE_EXPECT_EQ(got.packets, 5);
	QOE_EXPECT_EQ(got.bytes, 6000);
	QOE_EXPECT_EQ(got.auth_fail, 2);
	QOE_EXPECT_EQ(got.key_updates, 1);
	QOE_EXPECT_EQ(got.drops, 2);
	QOE_EXPECT(got.age_none);
}

QOE_TEST(flow_v4_tx_parsed)
{
	struct qoe_nl_req r = { .cb = grab };
	struct nlmsghdr *nlh = msg_start(QUIC_OFFLOAD_CMD_FLOW_GET);
	uint8_t l[4] = { 192, 0, 2, 1 }, rm[4] = { 198, 51, 100, 7 };

	mnl_attr_put_u32(nlh, QUIC_OFFLOAD_A_FLOW_IFINDEX, 1);
	mnl_attr_put_u32(nlh, QUIC_OFFLOAD_A_FLOW_HANDLE, 1);
	mnl_attr_put_u8(nlh, QUIC_OFFLOAD_A_FLOW_DIR, QUIC_OFFLOAD_DIR_TX);
	mnl_attr_put_u8(nlh, QUIC_OFFLOAD_A_FLOW_CIPHER, QUIC_OFFLOAD_CIPHER_AES_256_GCM);
	mnl_attr_put_u16(nlh, QUIC_OFFLOAD_A_FLOW_FAMILY, AF_INET);
	mnl_attr_put(nlh, QUIC_OFFLOAD_A_FLOW_CID, 0, NULL);
	mnl_attr_put(nlh, QUIC_OFFLOAD_A_FLOW_LOCAL_ADDR, 4, l);
	mnl_attr_put(nlh, QUIC_OFFLOAD_A_FLOW_REMOTE_ADDR, 4, rm);
	mnl_attr_put_u16(nlh, QUIC_OFFLOAD_A_FLOW_LOCAL_PORT, htons(4433));
	mnl_attr_put_u16(nlh, QUIC_OFFLOAD_A_FLOW_REMOTE_PORT, htons(50000));
	mnl_attr_put_u64(nlh, QUIC_OFFLOAD_A_FLOW_PN, (1ULL << 62) - 1);
	mnl_attr_put_u32(nlh, QUIC_OFFLOAD_A_FLOW_AGE_MS, 3600000);
	QOE_EXPECT_EQ(qoe_nl_flow_cb(nlh, &r), MNL_CB_OK);
	QOE_EXPECT(!got.age_none);
	QOE_EXPECT_EQ(got.age_ms, 3600000);
	QOE_EXPECT(!strcmp(got.dir, "tx"));
	QOE_EXPECT(!strcmp(got.cipher, "aes-256-gcm"));
	QOE_EXPECT(!strcmp(got.cid, ""));
	QOE_EXPECT(!strcmp(got.local, "192.0.2.1:4433"));
	QOE_EXPECT(!strcmp(got.remote, "198.51.100.7:50000"));
	QOE_EXPECT(!got.pn_none);
	QOE_EXPECT_EQ(got.pn, (1ULL << 62) - 1);
}

QOE_TEST(flow_without_handle_is_an_error)
{
	struct qoe_nl_req r = { .cb = grab };
	struct nlmsghdr *nlh = msg_start(QUIC_OFFLOAD_CMD_FLOW_GET);

	n_got = 0;
	mnl_attr_put_u32(nlh, QUIC_OFFLOAD_A_FLOW_IFINDEX, 1);
	QOE_EXPECT_EQ(qoe_nl_flow_cb(nlh, &r), MNL_CB_ERROR);
	QOE_EXPECT_EQ(errno, EBADMSG);
	QOE_EXPECT_EQ(n_got, 0);
}

QOE_TEST(caps_parsed)
{
	struct nlmsghdr *nlh = msg_start(QUIC_OFFLOAD_CMD_DEV_GET);
	struct qoe_ctl_caps c = { 0 };

	mnl_attr_put_u32(nlh, QUIC_OFFLOAD_A_DEV_IFINDEX, 1);
	mnl_attr_put_strz(nlh, QUIC_OFFLOAD_A_DEV_IFNAME, "lo");
	mnl_attr_put_u8(nlh, QUIC_OFFLOAD_A_DEV_ENABLED, 1);
	mnl_attr_put_u32(nlh, QUIC_OFFLOAD_A_DEV_CIPHERS, 0xe);
	mnl_attr_put_u32(nlh, QUIC_OFFLOAD_A_DEV_FEATURES, 0x3f);
	mnl_attr_put_u32(nlh, QUIC_OFFLOAD_A_DEV_MAX_FLOWS, 65536);
	mnl_attr_put_u32(nlh, QUIC_OFFLOAD_A_DEV_MAX_CID_LEN, 20);
	mnl_attr_put_u32(nlh, QUIC_OFFLOAD_A_DEV_MAX_GSO_SEGS, 64);
	mnl_attr_put_u32(nlh, QUIC_OFFLOAD_A_DEV_MAX_GRO_SEGS, 32);
	mnl_attr_put_u32(nlh, QUIC_OFFLOAD_A_DEV_N_FLOWS, 3);
	QOE_EXPECT_EQ(qoe_nl_caps_cb(nlh, &c), MNL_CB_OK);
	QOE_EXPECT_EQ(c.ciphers, 0xe);
	QOE_EXPECT_EQ(c.features, 0x3f);
	QOE_EXPECT_EQ(c.max_flows, 65536);
	QOE_EXPECT_EQ(c.max_cid_len, 20);
	QOE_EXPECT_EQ(c.max_gso_segs, 64);
	QOE_EXPECT_EQ(c.max_gro_segs, 32);
	/* a reply that names no device is refused, not read as zeros */
	nlh = msg_start(QUIC_OFFLOAD_CMD_DEV_GET);
	QOE_EXPECT_EQ(qoe_nl_caps_cb(nlh, &c), MNL_CB_ERROR);
}

/* ethtool -S of a device that is not there: an error, errno says why. */
QOE_TEST(ethtool_stats_of_a_missing_device)
{
	struct qoe_ctl_stats st = { 0 };

	QOE_EXPECT_EQ(qoe_nl_ethtool_stats("no-such-dev0", &st), -1);
	QOE_EXPECT_EQ(errno, ENODEV);
	QOE_EXPECT_EQ(st.n, 0);
	free(st.v);
}

QOE_TEST(dev_parsed)
{
	struct nlmsghdr *nlh = msg_start(QUIC_OFFLOAD_CMD_DEV_GET);
	struct qoe_nl_devs *devs = calloc(1, sizeof(*devs));
	uint64_t n = 0;

	mnl_attr_put_u32(nlh, QUIC_OFFLOAD_A_DEV_IFINDEX, 1);
	mnl_attr_put_strz(nlh, QUIC_OFFLOAD_A_DEV_IFNAME, "qoe0");
	mnl_attr_put_u8(nlh, QUIC_OFFLOAD_A_DEV_ENABLED, 1);
	mnl_attr_put_u32(nlh, QUIC_OFFLOAD_A_DEV_N_FLOWS, 12345);
	QOE_EXPECT_EQ(qoe_nl_dev_cb(nlh, devs), MNL_CB_OK);
	QOE_EXPECT_EQ(devs->n, 1);
	QOE_EXPECT(!strcmp(devs->names[0], "qoe0"));
	QOE_EXPECT_EQ(qoe_nl_n_flows_cb(nlh, &n), MNL_CB_OK);
	QOE_EXPECT_EQ(n, 12345);
	/* without IFNAME the name comes from the ifindex */
	nlh = msg_start(QUIC_OFFLOAD_CMD_DEV_GET);
	mnl_attr_put_u32(nlh, QUIC_OFFLOAD_A_DEV_IFINDEX, 1);
	QOE_EXPECT_EQ(qoe_nl_dev_cb(nlh, devs), MNL_CB_OK);
	QOE_EXPECT_EQ(devs->n, 2);
	QOE_EXPECT(!strcmp(devs->names[1], "lo"));
	QOE_EXPECT_EQ(qoe_nl_n_flows_cb(nlh, &n), MNL_CB_ERROR);
	free(devs);
}

/* A kernel-backed table renders like the DPDK one; AGE is "-", age_ms null. */
static int fake_devs(struct qoe_ctl_backend *be, qoe_ctl_dev_cb cb, void *arg)
{
	(void)be;
	return cb("lo", arg);
}

static int fake_flows(struct qoe_ctl_backend *be, const char *dev, qoe_ctl_flow_cb cb, void *arg)
{
	struct qoe_nl_req r = { .be = be, .cb = cb, .arg = arg };

	(void)dev;
	return qoe_nl_flow_cb(flow_v6_rx(), &r) == MNL_CB_OK ? r.stop : -1;
}

static char *capture_show(bool json)
{
	struct qoe_ctl_backend be = { .name = "netlink", .for_each_dev = fake_devs,
				      .for_each_flow = fake_flows };
	struct qoe_ctl_filter filter = { 0 };
	static char out[4096];
	char path[] = "/tmp/offloadctl-nl-XXXXXX";
	int fd = mkstemp(path), saved = dup(1);
	ssize_t n;

	qoe_ctl_opts.json = json;
	fflush(stdout);
	dup2(fd, 1);
	QOE_EXPECT_EQ(qoe_ctl_show_flows(&be, &filter), 0);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	n = pread(fd, out, sizeof(out) - 1, 0);
	out[n > 0 ? n : 0] = '\0';
	close(fd);
	unlink(path);
	qoe_ctl_opts.json = false;
	return out;
}

QOE_TEST(kernel_flow_rendered)
{
	const char *want_table =
		"HANDLE     DEV    DIR CIPHER            CID              LOCAL                 REMOTE                PHASE           PN    PACKETS        BYTES AUTHFAIL    DROPS   NOKEY KEYUPD       AGE\n"
		"0x00300007 lo     rx  chacha20-poly1305 deadbeef         [2001:db8::1]:443     [2001:db8::2]:61000       1         none          5         6000        2        2       4      1         -\n";
	const char *want_json =
		"[{\"handle\":3145735,\"dev\":\"lo\",\"dir\":\"rx\",\"cipher\":\"chacha20-poly1305\","
		"\"cid\":\"deadbeef\",\"local\":\"[2001:db8::1]:443\",\"remote\":\"[2001:db8::2]:61000\","
		"\"key_phase\":1,\"pn\":null,\"packets\":5,\"bytes\":6000,\"auth_fail\":2,\"drops\":2,"
		"\"key_missing\":4,\"key_updates\":1,\"keys_valid\":3,\"age_ms\":null}]\n";
	const char *out = capture_show(false);

	if (strcmp(out, want_table))
		QOE_FAIL("table:\n%s", out);
	out = capture_show(true);
	if (strcmp(out, want_json))
		QOE_FAIL("json:\n%s", out);
}

static int fake_caps(struct qoe_ctl_backend *be, const char *dev, struct qoe_ctl_caps *c)
{
	(void)be;
	memset(c, 0, sizeof(*c));
	snprintf(c->dev, sizeof(c->dev), "%s", dev);
	c->abi_version = 0x100;
	c->ciphers = 0x2;
	c->features = 0x3;
	c->max_flows = 65536;
	return 0;
}

static int fake_n_flows(struct qoe_ctl_backend *be, const char *dev, uint64_t *n)
{
	(void)be;
	(void)dev;
	*n = 7;
	return 0;
}

/* show-dev takes the kernel's N_FLOWS, not a counter, when the backend has it. */
QOE_TEST(kernel_show_dev_uses_n_flows)
{
	struct qoe_ctl_backend be = { .name = "netlink", .for_each_dev = fake_devs,
				      .get_caps = fake_caps, .dev_flows = fake_n_flows };
	char path[] = "/tmp/offloadctl-nl-XXXXXX", out[512];
	int fd = mkstemp(path), saved = dup(1);
	ssize_t n;

	fflush(stdout);
	dup2(fd, 1);
	QOE_EXPECT_EQ(qoe_ctl_show_dev(&be, NULL), 0);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	n = pread(fd, out, sizeof(out) - 1, 0);
	out[n > 0 ? n : 0] = '\0';
	close(fd);
	unlink(path);
	if (strcmp(out, "lo: netlink abi 1.0 flows 7/65536 ciphers aes-128-gcm features tx-crypto,rx-crypto\n"))
		QOE_FAIL("show-dev:\n%s", out);
}
