// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * offloadctl end to end: the real binary against fake_telemetry (a stand-in
 * DPDK telemetry socket) and against the host kernel, which has no "qoe"
 * genetlink family.  Paths come from the environment:
 *   OFFLOADCTL       the tool under test (sanitized build)
 *   OFFLOADCTL_REL   optional optimized build, for the paging time budget
 *   FAKE_TELEMETRY   tests/offloadctl/fake_telemetry
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "../qoe_test.h"

QOE_TEST_MAIN

#define MAX_ARGS 32

static char tmpdir[256];
static const char *run_stdin = "/dev/null";	/* what the tool reads */
static const char *tool, *tool_rel, *fake;
static pid_t server_pid;
static int prefix_seq;
static char prefix[32];

struct run {
	int status;	/* exit code, or 128 + signal */
	char *out;
	char *err;
	double secs;
};

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	if (!f)
		return strdup("");
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	n = (long)fread(buf, 1, (size_t)n, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void run_free(struct run *r)
{
	free(r->out);
	free(r->err);
}

/* Run @bin with the NULL-terminated arguments; stdout/stderr captured. */
static void run_bin(struct run *r, const char *bin, ...)
{
	char *argv[MAX_ARGS + 2], out[300], err[300];
	struct timespec t0, t1;
	va_list ap;
	int n = 0, st;
	pid_t pid;

	argv[n++] = (char *)bin;
	va_start(ap, bin);
	while (n < MAX_ARGS && (argv[n] = va_arg(ap, char *)))
		n++;
	va_end(ap);
	argv[n] = NULL;
	snprintf(out, sizeof(out), "%s/out", tmpdir);
	snprintf(err, sizeof(err), "%s/err", tmpdir);
	fflush(NULL);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid == 0) {
		int o = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int e = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int nul = open(run_stdin, O_RDONLY);

		dup2(nul, 0);
		dup2(o, 1);
		dup2(e, 2);
		alarm(60);	/* a hung tool fails the test, it never hangs CI */
		execv(bin, argv);
		_exit(127);
	}
	waitpid(pid, &st, 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	r->secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	r->out = slurp(out);
	r->err = slurp(err);
}

#define RUN(r, ...) run_bin(r, tool, __VA_ARGS__, NULL)
/* The DPDK backend pointed at this test's fake socket. */
#define DPDK(r, ...) RUN(r, "--runtime-dir", tmpdir, "--dpdk", prefix, __VA_ARGS__)

#define EXPECT_STR(a, b)						\
	do {								\
		if (strcmp((a), (b)))					\
			QOE_FAIL("%s is\n---\n%s---\nexpected\n---\n%s---",	\
				 #a, (a), (b));				\
	} while (0)
#define EXPECT_HAS(a, b)						\
	do {								\
		if (!strstr((a), (b)))					\
			QOE_FAIL("%s lacks \"%s\":\n%s", #a, (b), (a));	\
	} while (0)

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	fputs(text, f);
	fclose(f);
}

static void server_stop(void)
{
	if (server_pid > 0) {
		kill(server_pid, SIGTERM);
		waitpid(server_pid, NULL, 0);
	}
	server_pid = 0;
}

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void cleanup(void)
{
	server_stop();
	if (!getenv("KEEP"))
		nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Start fake_telemetry under a fresh prefix; extra args before the path. */
static int server_start(const char *canned, ...)
{
	char dir[300], sock[340], cfile[340], *argv[MAX_ARGS + 4];
	struct stat sb;
	va_list ap;
	int n = 0;

	server_stop();
	snprintf(prefix, sizeof(prefix), "p%d", ++prefix_seq);
	snprintf(dir, sizeof(dir), "%s/%s", tmpdir, prefix);
	mkdir(dir, 0700);
	snprintf(sock, sizeof(sock), "%s/dpdk_telemetry.v2", dir);
	snprintf(cfile, sizeof(cfile), "%s/canned", dir);
	argv[n++] = (char *)fake;
	argv[n++] = "-t";
	argv[n++] = "120";
	if (canned) {
		write_file(cfile, canned);
		argv[n++] = "-c";
		argv[n++] = cfile;
	}
	va_start(ap, canned);
	while (n < MAX_ARGS && (argv[n] = va_arg(ap, char *)))
		n++;
	va_end(ap);
	argv[n++] = sock;
	argv[n] = NULL;
	fflush(NULL);
	server_pid = fork();
	if (server_pid == 0) {
		execv(fake, argv);
		_exit(127);
	}
	for (int i = 0; i < 500; i++) {
		if (stat(sock, &sb) == 0)
			return 0;
		usleep(10000);
	}
	QOE_FAIL("fake_telemetry did not create %s", sock);
	return -1;
}

#define SERVE(canned, ...) server_start(canned, __VA_ARGS__ __VA_OPT__(,) NULL)

/* Two ports; port 0 has three flows over two pages, port 1 one flow. */
static const char canned_flows[] =
	"/qoe/ports\t{\"/qoe/ports\": [0, 1]}\n"
	"/qoe/flows,0,0\t{\"/qoe/flows\": {\"next\": 5, "
	"\"f0\": {\"handle\": 1048577, \"dir\": \"tx\", \"cipher\": \"aes-128-gcm\", "
	"\"cid\": \"c5e1d0b6a2f3\", \"local\": \"10.0.0.1:4433\", \"remote\": \"10.0.0.2:50000\", "
	"\"key_phase\": 0, \"pn\": 12, \"packets\": 12, \"bytes\": 14400, \"auth_fail\": 0, "
	"\"drops\": 0, \"key_missing\": 0, \"key_updates\": 0, \"keys_valid\": 1, \"age_ms\": 5210}, "
	"\"f1\": {\"handle\": 2097154, \"dir\": \"rx\", \"cipher\": \"chacha20-poly1305\", "
	"\"cid\": \"\", \"local\": \"[2001:db8::1]:443\", \"remote\": \"[2001:db8::2]:61000\", "
	"\"key_phase\": 1, \"pn\": \"none\", \"packets\": 0, \"bytes\": 0, \"auth_fail\": 3, "
	"\"drops\": 3, \"key_missing\": 261743, \"key_updates\": 1, \"keys_valid\": 3, "
	"\"age_ms\": 7}}}\n"
	"/qoe/flows,0,5\t{\"/qoe/flows\": {\"next\": 0, "
	"\"f0\": {\"handle\": 5, \"dir\": \"tx\", \"cipher\": \"aes-256-gcm\", "
	"\"cid\": \"0102030405060708090a0b0c0d0e0f1011121314\", \"local\": \"192.168.100.200:65535\", "
	"\"remote\": \"10.1.2.3:1\", \"key_phase\": 1, \"pn\": 4611686018427387903, "
	"\"packets\": 18446744073709551615, \"bytes\": 1, \"auth_fail\": 0, \"drops\": 0, "
	"\"key_updates\": 2, \"keys_valid\": 2, \"age_ms\": 3600000}}}\n"
	"/qoe/flows,1,0\t{\"/qoe/flows\": {\"next\": 0, "
	"\"f0\": {\"handle\": 7, \"dir\": \"rx\", \"cipher\": \"aes-128-gcm\", \"cid\": \"aa\", "
	"\"local\": \"10.0.0.2:443\", \"remote\": \"10.0.0.1:1234\", \"key_phase\": 0, \"pn\": 99, "
	"\"packets\": 100, \"bytes\": 120000, \"auth_fail\": 0, \"drops\": 0, \"key_missing\": 2, "
	"\"key_updates\": 0, \"keys_valid\": 1, \"age_ms\": 999}}}\n"
	"/qoe/caps,0\t{\"/qoe/caps\": {\"abi_version\": 256, "
	"\"ciphers\": \"aes-128-gcm aes-256-gcm chacha20-poly1305\", \"features\": 127, "
	"\"max_flows\": 1024, \"max_cids\": 4096, \"max_cid_len\": 20, \"max_gso_segs\": 64, "
	"\"max_gro_segs\": 32}}\n"
	"/qoe/caps,1\t{\"/qoe/caps\": {\"abi_version\": 257, \"ciphers\": 2, \"features\": 5, "
	"\"max_flows\": 8, \"max_cids\": 16, \"max_cid_len\": 8, \"max_gso_segs\": 1, "
	"\"max_gro_segs\": 1}}\n"
	"/ethdev/xstats,0\t{\"/ethdev/xstats\": {\"tx_quic_encrypted_packets\": 12, "
	"\"tx_quic_encrypted_bytes\": 14400, \"rx_quic_auth_fail\": 3, \"quic_flows\": 3}}\n"
	"/ethdev/xstats,1\t{\"/ethdev/xstats\": {\"tx_quic_encrypted_packets\": 0, "
	"\"quic_flows\": 1}}\n"
	"/ethdev/info,1\t{\"/ethdev/info\": {\"name\": \"net_qoe1\", \"port_id\": 1}}\n";

static const char flows_table[] =
	"HANDLE     DEV    DIR CIPHER            CID              LOCAL                 REMOTE                PHASE           PN    PACKETS        BYTES AUTHFAIL    DROPS   NOKEY KEYUPD       AGE\n"
	"0x00100001 0      tx  aes-128-gcm       c5e1d0b6a2f3     10.0.0.1:4433         10.0.0.2:50000            0           12         12        14400        0        0       0      0    5.210s\n"
	"0x00200002 0      rx  chacha20-poly1305 -                [2001:db8::1]:443     [2001:db8::2]:61000       1         none          0            0        3        3  261743      1    0.007s\n"
	"0x00000005 0      tx  aes-256-gcm       0102030405060708090a0b0c0d0e0f1011121314 192.168.100.200:65535 10.1.2.3:1                1 4611686018427387903 18446744073709551615            1        0        0       -      2 3600.000s\n"
	"0x00000007 1      rx  aes-128-gcm       aa               10.0.0.2:443          10.0.0.1:1234             0           99        100       120000        0        0       2      0    0.999s\n";

QOE_TEST(flows_table_exact)
{
	struct run r;

	if (SERVE(canned_flows))
		return;
	DPDK(&r, "show-flows");
	QOE_EXPECT_EQ(r.status, 0);
	EXPECT_STR(r.out, flows_table);
	EXPECT_STR(r.err, "");
	run_free(&r);
}

static const char *const flow_keys[] = {
	"handle", "dev", "dir", "cipher", "cid", "local", "remote", "key_phase", "pn",
	"packets", "bytes", "auth_fail", "drops", "key_missing", "key_updates", "keys_valid",
	"age_ms",
};

static struct json_object *parse(const char *s)
{
	struct json_object *o = json_tokener_parse(s);

	if (!o)
		QOE_FAIL("not JSON:\n%s", s);
	return o;
}

static const char *jstr(struct json_object *o, const char *k)
{
	struct json_object *v;

	return json_object_object_get_ex(o, k, &v) && v ? json_object_get_string(v) : "(null)";
}

QOE_TEST(flows_json_exact)
{
	struct json_object *a, *f;
	struct run r;
	size_t i = 0;

	if (SERVE(canned_flows))
		return;
	DPDK(&r, "show-flows", "-j");
	QOE_EXPECT_EQ(r.status, 0);
	a = parse(r.out);
	if (!a)
		goto out;
	QOE_EXPECT(json_object_is_type(a, json_type_array));
	QOE_EXPECT_EQ(json_object_array_length(a), 4);
	f = json_object_array_get_idx(a, 0);
	/* stable key order */
	json_object_object_foreach(f, key, val) {
		(void)val;
		if (i >= sizeof(flow_keys) / sizeof(flow_keys[0]) || strcmp(key, flow_keys[i]))
			QOE_FAIL("key %zu is %s", i, key);
		i++;
	}
	QOE_EXPECT_EQ(i, sizeof(flow_keys) / sizeof(flow_keys[0]));
	EXPECT_STR(json_object_to_json_string_ext(f, JSON_C_TO_STRING_PLAIN),
		   "{\"handle\":1048577,\"dev\":\"0\",\"dir\":\"tx\",\"cipher\":\"aes-128-gcm\","
		   "\"cid\":\"c5e1d0b6a2f3\",\"local\":\"10.0.0.1:4433\",\"remote\":\"10.0.0.2:50000\","
		   "\"key_phase\":0,\"pn\":12,\"packets\":12,\"bytes\":14400,\"auth_fail\":0,"
		   "\"drops\":0,\"key_missing\":0,\"key_updates\":0,\"keys_valid\":1,\"age_ms\":5210}");
	f = json_object_array_get_idx(a, 1);
	EXPECT_STR(jstr(f, "pn"), "(null)");		/* "none" -> null */
	EXPECT_STR(jstr(f, "local"), "[2001:db8::1]:443");
	EXPECT_STR(jstr(f, "cid"), "");
	EXPECT_STR(jstr(f, "key_missing"), "261743");
	f = json_object_array_get_idx(a, 2);
	EXPECT_STR(jstr(f, "packets"), "18446744073709551615");	/* u64 max kept exact */
	EXPECT_STR(jstr(f, "key_missing"), "(null)");		/* not reported: null */
	EXPECT_STR(jstr(f, "pn"), "4611686018427387903");
	EXPECT_STR(jstr(json_object_array_get_idx(a, 3), "dev"), "1");
	json_object_put(a);
out:
	run_free(&r);
}

QOE_TEST(flows_pretty_same_as_json)
{
	struct json_object *a, *b;
	struct run r1, r2;

	if (SERVE(canned_flows))
		return;
	DPDK(&r1, "show-flows", "-j");
	RUN(&r2, "-j", "-p", "--runtime-dir", tmpdir, "--dpdk", prefix, "show-flows");
	QOE_EXPECT_EQ(r2.status, 0);
	QOE_EXPECT(strchr(r2.out, '\n') < r2.out + strlen(r2.out) - 1);	/* multi-line */
	a = parse(r1.out);
	b = parse(r2.out);
	QOE_EXPECT(a && b && json_object_equal(a, b));
	json_object_put(a);
	json_object_put(b);
	run_free(&r1);
	run_free(&r2);
}

QOE_TEST(flows_filters)
{
	char want[128];
	struct run r;

	if (SERVE(canned_flows))
		return;
	DPDK(&r, "show-flows", "dev", "1");
	QOE_EXPECT_EQ(r.status, 0);
	EXPECT_STR(strchr(r.out, '\n') + 1, flows_table + (strstr(flows_table, "0x00000007") - flows_table));
	run_free(&r);
	/* by ethdev name, through DPDK's /ethdev/info (port 0 has none here) */
	DPDK(&r, "show-flows", "dev", "net_qoe1");
	QOE_EXPECT_EQ(r.status, 0);
	EXPECT_STR(strchr(r.out, '\n') + 1, flows_table + (strstr(flows_table, "0x00000007") - flows_table));
	run_free(&r);
	DPDK(&r, "show-flows", "dev", "net_qoe9");
	QOE_EXPECT_EQ(r.status, 1);
	snprintf(want, sizeof(want),
		 "offloadctl: dpdk prefix '%s': dev 'net_qoe9': no such qoe port (2 qoe ports)\n", prefix);
	EXPECT_STR(r.err, want);
	run_free(&r);
	DPDK(&r, "show-flows", "dir", "rx", "dev", "0");
	QOE_EXPECT_EQ(r.status, 0);
	EXPECT_HAS(r.out, "0x00200002");
	QOE_EXPECT(!strstr(r.out, "0x00100001") && !strstr(r.out, "0x00000007"));
	run_free(&r);
	DPDK(&r, "show-flows", "dev", "7");
	QOE_EXPECT_EQ(r.status, 1);
	snprintf(want, sizeof(want),
		 "offloadctl: dpdk prefix '%s': dev '7': no such qoe port (2 qoe ports)\n", prefix);
	EXPECT_STR(r.err, want);
	EXPECT_STR(r.out, "");	/* no header before an error */
	run_free(&r);
	DPDK(&r, "show-flows", "dev", "7", "-j");
	QOE_EXPECT_EQ(r.status, 1);
	EXPECT_STR(r.out, "");
	run_free(&r);
	DPDK(&r, "show-flows", "dir", "up");
	QOE_EXPECT_EQ(r.status, 2);
	EXPECT_HAS(r.err, "dir must be tx or rx");
	run_free(&r);
}

QOE_TEST(caps_text_and_json)
{
	struct json_object *a;
	struct run r;

	if (SERVE(canned_flows))
		return;
	DPDK(&r, "show-caps", "dev", "1");
	QOE_EXPECT_EQ(r.status, 0);
	EXPECT_STR(r.out, "dev 1:\n    abi_version: 1.1\n    ciphers: aes-128-gcm\n"
			  "    features: tx-crypto,tx-gso\n    max_flows: 8\n    max_cids: 16\n"
			  "    max_cid_len: 8\n    max_gso_segs: 1\n    max_gro_segs: 1\n");
	run_free(&r);
	DPDK(&r, "show-caps", "-j");
	QOE_EXPECT_EQ(r.status, 0);
	a = parse(r.out);
	if (a) {
		QOE_EXPECT_EQ(json_object_array_length(a), 2);
		EXPECT_STR(json_object_to_json_string_ext(json_object_array_get_idx(a, 0),
							  JSON_C_TO_STRING_PLAIN),
			   "{\"dev\":\"0\",\"abi_version\":256,\"ciphers\":[\"aes-128-gcm\","
			   "\"aes-256-gcm\",\"chacha20-poly1305\"],\"features\":[\"tx-crypto\","
			   "\"rx-crypto\",\"tx-gso\",\"rx-gro\",\"key-update\",\"ipv6\",\"events\"],"
			   "\"max_flows\":1024,\"max_cids\":4096,\"max_cid_len\":20,"
			   "\"max_gso_segs\":64,\"max_gro_segs\":32}");
	}
	json_object_put(a);
	run_free(&r);
}

QOE_TEST(stats_and_dev)
{
	struct json_object *a;
	struct run r;

	if (SERVE(canned_flows))
		return;
	DPDK(&r, "show-stats", "dev", "0");
	QOE_EXPECT_EQ(r.status, 0);
	EXPECT_STR(r.out, "dev 0:\n    tx_quic_encrypted_packets: 12\n"
			  "    tx_quic_encrypted_bytes: 14400\n"
			  "    rx_quic_auth_fail: 3\n    quic_flows: 3\n");
	run_free(&r);
	DPDK(&r, "show-stats", "-j");
	a = parse(r.out);
	if (a)
		EXPECT_STR(json_object_to_json_string_ext(a, JSON_C_TO_STRING_PLAIN),
			   "[{\"dev\":\"0\",\"stats\":{\"tx_quic_encrypted_packets\":12,"
			   "\"tx_quic_encrypted_bytes\":14400,\"rx_quic_auth_fail\":3,"
			   "\"quic_flows\":3}},{\"dev\":\"1\",\"stats\":"
			   "{\"tx_quic_encrypted_packets\":0,\"quic_flows\":1}}]");
	json_object_put(a);
	run_free(&r);
	DPDK(&r, "show-dev");
	QOE_EXPECT_EQ(r.status, 0);
	EXPECT_STR(r.out,
		   "0: dpdk abi 1.0 flows 3/1024 ciphers aes-128-gcm,aes-256-gcm,chacha20-poly1305 "
		   "features tx-crypto,rx-crypto,tx-gso,rx-gro,key-update,ipv6,events\n"
		   "1: dpdk abi 1.1 flows 1/8 ciphers aes-128-gcm features tx-crypto,tx-gso\n");
	run_free(&r);
}

QOE_TEST(paging_100k_flows)
{
	char log[300];
	struct json_object *a;
	struct run r;
	size_t lines = 0, pages = 0;

	snprintf(log, sizeof(log), "%s/cmds.log", tmpdir);
	if (SERVE(NULL, "-n", "100000", "-l", log))
		return;
	DPDK(&r, "show-flows");
	QOE_EXPECT_EQ(r.status, 0);
	for (char *p = r.out; (p = strchr(p, '\n')); p++)
		lines++;
	QOE_EXPECT_EQ(lines, 100001);	/* header + every flow */
	EXPECT_HAS(r.out, "\n0x001186a0 0      rx  aes-128-gcm       000000000001869f ");
	run_free(&r);
	for (char *l = slurp(log), *p = l; p || (free(l), 0); p = strchr(p + 1, '\n'))
		if (p && !strncmp(p + (p != l), "/qoe/flows,0,", 13))
			pages++;
	QOE_EXPECT_EQ(pages, 3125);	/* 32 a page, cursor followed to next == 0 */

	DPDK(&r, "show-flows", "-j");
	QOE_EXPECT_EQ(r.status, 0);
	a = parse(r.out);
	if (a) {
		QOE_EXPECT_EQ(json_object_array_length(a), 100000);
		EXPECT_STR(jstr(json_object_array_get_idx(a, 99999), "cid"), "000000000001869f");
	}
	json_object_put(a);
	printf("  # sanitized build: 100k flows JSON in %.2f s\n", r.secs);
	run_free(&r);

	/* Time budget on the optimized build (ASan alone costs ~3x). */
	if (tool_rel) {
		run_bin(&r, tool_rel, "--runtime-dir", tmpdir, "--dpdk", prefix, "show-flows", NULL);
		QOE_EXPECT_EQ(r.status, 0);
		printf("  # optimized build: 100k flows table in %.2f s\n", r.secs);
		QOE_EXPECT(r.secs < 5.0);
		run_free(&r);
		run_bin(&r, tool_rel, "--runtime-dir", tmpdir, "--dpdk", prefix, "show-flows", "-j",
			NULL);
		QOE_EXPECT_EQ(r.status, 0);
		printf("  # optimized build: 100k flows JSON in %.2f s\n", r.secs);
		QOE_EXPECT(r.secs < 5.0);
		run_free(&r);
	}
}

/* One canned reply -> expected exit 1 and an error line containing @msg. */
static void expect_bad(const char *cmd_reply, const char *cmd, const char *msg)
{
	struct run r;

	if (SERVE(cmd_reply))
		return;
	DPDK(&r, cmd);
	QOE_EXPECT_EQ(r.status, 1);
	EXPECT_HAS(r.err, msg);
	EXPECT_HAS(r.err, "offloadctl: dpdk prefix '");
	QOE_EXPECT(strchr(r.err, '\n') == r.err + strlen(r.err) - 1);	/* one line */
	run_free(&r);
}

#define PORTS "/qoe/ports\t{\"/qoe/ports\": [0]}\n"

QOE_TEST(malformed_json)
{
	expect_bad(PORTS "/qoe/flows,0,0\t{\"/qoe/flows\": {\"next\": 0, \"f0\": {\"handle\": 1,\n",
		   "show-flows", "malformed JSON in reply to '/qoe/flows,0,0': reply ends early (truncated)");
	expect_bad(PORTS "/qoe/flows,0,0\t{\"/qoe/flows\": [1,,2]}\n", "show-flows",
		   "malformed JSON in reply to '/qoe/flows,0,0'");
	expect_bad(PORTS "/qoe/flows,0,0\t{\"/qoe/flows\": {\"next\": 0}} trailing\n", "show-flows",
		   "trailing data");
	expect_bad("/qoe/ports\tnot json at all\n", "show-dev", "malformed JSON in reply to '/qoe/ports'");
	expect_bad("/qoe/ports\t[0]\n", "show-dev", "not a JSON object");
	expect_bad("/qoe/ports\t{\"/other\": [0]}\n", "show-dev", "no \"/qoe/ports\" key");
	expect_bad("/qoe/ports\t{\"/qoe/ports\": [-1]}\n", "show-dev", "bad port id '-1'");
}

QOE_TEST(wrong_types_in_flows)
{
	expect_bad(PORTS "/qoe/flows,0,0\t{\"/qoe/flows\": {\"next\": 0, \"f0\": {\"handle\": 1}}}\n",
		   "show-flows", "\"dir\" missing or not a string");
	expect_bad(PORTS "/qoe/flows,0,0\t{\"/qoe/flows\": {\"next\": \"x\"}}\n", "show-flows",
		   "\"next\" is not an unsigned integer");
	expect_bad(PORTS "/qoe/flows,0,0\t{\"/qoe/flows\": {\"next\": 0, \"f0\": {\"handle\": 1, "
		   "\"dir\": \"up\", \"cipher\": \"c\", \"cid\": \"\", \"local\": \"a\", \"remote\": \"b\", "
		   "\"key_phase\": 0, \"pn\": 1, \"packets\": 1, \"bytes\": 1, \"auth_fail\": 0, "
		   "\"drops\": 0, \"key_updates\": 0, \"keys_valid\": 1, \"age_ms\": 1}}}\n",
		   "show-flows", "flow dir 'up' is neither tx nor rx");
	expect_bad(PORTS "/qoe/flows,0,0\t{\"/qoe/flows\": {\"next\": 0, \"f0\": {\"handle\": 1, "
		   "\"dir\": \"tx\", \"cipher\": \"c\", \"cid\": \"\", \"local\": \"a\", \"remote\": \"b\", "
		   "\"key_phase\": 0, \"pn\": 1, \"packets\": -5, \"bytes\": 1, \"auth_fail\": 0, "
		   "\"drops\": 0, \"key_updates\": 0, \"keys_valid\": 1, \"age_ms\": 1}}}\n",
		   "show-flows", "\"packets\" is not an unsigned integer");
	expect_bad(PORTS "/qoe/flows,0,0\t{\"/qoe/flows\": {\"next\": 0, \"f0\": 3}}\n",
		   "show-flows", "flow entry is not a dictionary");
}

QOE_TEST(empty_table_and_stuck_cursor)
{
	struct run r;

	if (SERVE(PORTS "/qoe/flows,0,0\t{\"/qoe/flows\": {\"next\": 0}}\n"))
		return;
	DPDK(&r, "show-flows", "-j");
	QOE_EXPECT_EQ(r.status, 0);
	EXPECT_STR(r.out, "[]\n");
	run_free(&r);
	DPDK(&r, "show-flows");
	QOE_EXPECT_EQ(r.status, 0);
	EXPECT_HAS(r.out, "HANDLE     DEV    DIR ");
	QOE_EXPECT(strchr(r.out, '\n') == r.out + strlen(r.out) - 1);	/* header only */
	run_free(&r);
	expect_bad(PORTS "/qoe/flows,0,0\t{\"/qoe/flows\": {\"next\": 9}}\n"
		   "/qoe/flows,0,9\t{\"/qoe/flows\": {\"next\": 9}}\n",
		   "show-flows", "cursor does not advance");
}

QOE_TEST(oversized_and_closed)
{
	struct run r;

	/* Longer than the announced max_output_len: cut by the socket, refused. */
	expect_bad(PORTS "/qoe/caps,0\t@oversize 20000\n", "show-caps",
		   "reply to '/qoe/caps,0' is larger than the announced limit of 16384 bytes");
	/* Exactly at the limit is received whole (then fails on its content). */
	expect_bad(PORTS "/qoe/caps,0\t@oversize 16384\n", "show-caps",
		   "malformed reply to '/qoe/caps,0': not a dictionary");
	/* The limit follows the greeting's max_output_len. */
	if (SERVE(PORTS "/qoe/caps,0\t@oversize 20000\n", "-m", "1000"))
		return;
	DPDK(&r, "show-caps");
	QOE_EXPECT_EQ(r.status, 1);
	EXPECT_HAS(r.err, "larger than the announced limit of 1000 bytes");
	run_free(&r);
	expect_bad(PORTS "/ethdev/xstats,0\t@close\n", "show-stats",
		   "closed the connection before replying to '/ethdev/xstats,0'");
	/* DPDK's answer to an unknown command or a failed callback */
	expect_bad("/qoe/ports\t{\"/qoe/ports\": null}\n", "show-dev",
		   "command '/qoe/ports' refused");
}

QOE_TEST(bad_greeting)
{
	struct run r;

	if (SERVE(PORTS, "-g", "{\"version\": \"DPDK 22.11.0\", \"pid\": 1, \"max_output_len\": \"big\"}"))
		return;
	DPDK(&r, "show-dev");
	QOE_EXPECT_EQ(r.status, 1);
	EXPECT_HAS(r.err, "malformed greeting: bad max_output_len");
	run_free(&r);
	if (SERVE(PORTS, "-g", "hello"))
		return;
	DPDK(&r, "show-dev");
	QOE_EXPECT_EQ(r.status, 1);
	EXPECT_HAS(r.err, "malformed JSON in reply to 'greeting'");
	run_free(&r);
}

QOE_TEST(missing_socket)
{
	char want[600];
	struct run r;

	server_stop();
	RUN(&r, "--runtime-dir", tmpdir, "--dpdk", "nosuch", "show-flows");
	QOE_EXPECT_EQ(r.status, 1);
	snprintf(want, sizeof(want),
		 "offloadctl: dpdk prefix 'nosuch': no telemetry socket at %s/nosuch/dpdk_telemetry.v2: No such file or directory\n",
		 tmpdir);
	EXPECT_STR(r.err, want);
	EXPECT_STR(r.out, "");
	run_free(&r);
	/* default prefix "rte" and the environment variable */
	setenv("OFFLOADCTL_RUNTIME_DIR", tmpdir, 1);
	RUN(&r, "--dpdk", "show-caps");
	unsetenv("OFFLOADCTL_RUNTIME_DIR");
	snprintf(want, sizeof(want),
		 "offloadctl: dpdk prefix 'rte': no telemetry socket at %s/rte/dpdk_telemetry.v2: No such file or directory\n",
		 tmpdir);
	EXPECT_STR(r.err, want);
	run_free(&r);
}

/* Not root: DPDK's runtime dir is $XDG_RUNTIME_DIR/dpdk, else /tmp/dpdk. */
QOE_TEST(non_root_runtime_dir)
{
	struct run r;

	if (access("/usr/bin/setpriv", X_OK) || getuid() != 0) {
		printf("  # setpriv or root missing: only the root default is tested\n");
		return;
	}
	setenv("XDG_RUNTIME_DIR", "/run/user/4242", 1);
	run_bin(&r, "/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
		tool, "--dpdk", "app", "show-dev", NULL);
	QOE_EXPECT_EQ(r.status, 1);
	EXPECT_HAS(r.err, "offloadctl: dpdk prefix 'app': no telemetry socket at /run/user/4242/dpdk/app/dpdk_telemetry.v2: ");
	run_free(&r);
	unsetenv("XDG_RUNTIME_DIR");
	run_bin(&r, "/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
		tool, "--dpdk", "app", "show-dev", NULL);
	QOE_EXPECT_EQ(r.status, 1);
	EXPECT_HAS(r.err, "offloadctl: dpdk prefix 'app': no telemetry socket at /tmp/dpdk/app/dpdk_telemetry.v2: ");
	run_free(&r);
	/* root: /var/run/dpdk */
	RUN(&r, "--dpdk", "qoe-no-such-prefix", "show-dev");
	EXPECT_HAS(r.err, "no telemetry socket at /var/run/dpdk/qoe-no-such-prefix/dpdk_telemetry.v2: No such file or directory");
	run_free(&r);
}

QOE_TEST(stale_socket_refused)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct run r;
	int fd;

	mkdir(strcat(strcpy(sun.sun_path, tmpdir), "/stale"), 0700);
	strcat(sun.sun_path, "/dpdk_telemetry.v2");
	fd = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	QOE_EXPECT(bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0);
	close(fd);	/* the file stays, nobody listens: a crashed application */
	RUN(&r, "--runtime-dir", tmpdir, "--dpdk=stale", "show-flows");
	QOE_EXPECT_EQ(r.status, 1);
	EXPECT_HAS(r.err, "offloadctl: dpdk prefix 'stale': cannot connect to telemetry socket at ");
	EXPECT_HAS(r.err, "Connection refused (is the DPDK application running?)");
	run_free(&r);
}

#define K16 "000102030405060708090a0b0c0d0e0f"
#define IV12 "000102030405060708090a0b"
/* add-flow / del-flow / key-update: the exact request, the reply's handle, and
 * the PMD's error line without the key material. */
QOE_TEST(dpdk_writes)
{
	char log[300], kf[300], ivf[300], in[300];
	struct run r;
	char *l;

	snprintf(log, sizeof(log), "%s/writes.log", tmpdir);
	if (SERVE(PORTS
		  "/qoe/flow_add,0,dir=tx,cipher=aes-128-gcm,local=10.0.0.1:1,remote=10.0.0.2:2,"
		  "cid=c0ffee,pn=5,phase=1,fail=drop,key=" K16 ",iv=" IV12 ",hp=" K16
		  "\t{\"/qoe/flow_add\": {\"handle\": 1048577}}\n"
		  "/qoe/flow_del,0,1048577\t{\"/qoe/flow_del\": {\"deleted\": 1048577}}\n"
		  "/qoe/flow_del,0,9\t{\"/qoe/flow_del\": {\"error\": \"no such flow\", \"errno\": 2}}\n"
		  "/qoe/key_update,0,7,1," K16 "," IV12 "\t{\"/qoe/key_update\": "
		  "{\"error\": \"key: 16 bytes, but flow 0x00000007 uses aes-256-gcm (32-byte keys)\", "
		  "\"errno\": 22}}\n"
		  "/qoe/key_update,0,8,0," K16 "," IV12 "\t{\"/qoe/key_update\": {\"handle\": 8}}\n"
		  "/qoe/flow_add,0,dir=tx,cipher=aes-128-gcm,local=10.0.0.1:443,remote=10.0.0.2:80,"
		  "cid=c0ffee,pn=10,phase=1,fail=drop,key=" K16 ",iv=" IV12 ",hp=" K16
		  "\t{\"/qoe/flow_add\": {\"handle\": 1048578}}\n",
		  "-l", log))
		return;
	/* key material comes from files or stdin, never argv */
	snprintf(kf, sizeof(kf), "@%s/k16", tmpdir);
	snprintf(ivf, sizeof(ivf), "@%s/iv12", tmpdir);
	snprintf(in, sizeof(in), "%s/stdin", tmpdir);
	write_file(kf + 1, "  " K16 "\n");
	write_file(ivf + 1, IV12);
	write_file(in, K16 "\n" IV12 "\n");
	DPDK(&r, "add-flow", "dev", "0", "dir", "tx", "cipher", "aes-128-gcm", "local", "10.0.0.1:1",
	     "remote", "10.0.0.2:2", "cid", "c0ffee", "pn", "5", "key-phase", "1", "fail-action",
	     "drop", "key", K16, "iv", ivf, "hp-key", kf);
	QOE_EXPECT_EQ(r.status, 2);
	EXPECT_HAS(r.err, "key is not taken on the command line (ps shows it)");
	QOE_EXPECT(strstr(r.err, K16) == NULL);
	run_free(&r);
	DPDK(&r, "add-flow", "dev", "0", "dir", "tx", "cipher", "aes-128-gcm", "local", "10.0.0.1:1",
	     "remote", "10.0.0.2:2", "cid", "c0ffee", "pn", "5", "key-phase", "1", "fail-action",
	     "drop", "key", kf, "iv", ivf, "hp-key", kf);
	QOE_EXPECT_EQ(r.status, 0);
	EXPECT_STR(r.out, "handle 0x00100001\n");
	EXPECT_STR(r.err, "");
	run_free(&r);
	/* ports and PNs are decimal, leading zeros and all; handles take hex */
	DPDK(&r, "add-flow", "dev", "0", "dir", "tx", "cipher", "aes-128-gcm", "local", "10.0.0.1:0443",
	     "remote", "10.0.0.2:080", "cid", "c0ffee", "pn", "010", "key-phase", "1", "fail-action",
	     "drop", "key", kf, "iv", ivf, "hp-key", kf);
	QOE_EXPECT_EQ(r.status, 0);
	EXPECT_STR(r.out, "handle 0x00100002\n");
	EXPECT_STR(r.err, "");
	run_free(&r);
	/* a negative PN is a bad value, not an unknown option */
	DPDK(&r, "add-flow", "dev", "0", "dir", "tx", "cipher", "aes-128-gcm", "local", "10.0.0.1:1",
	     "remote", "10.0.0.2:2", "pn", "-1", "key", kf, "iv", ivf, "hp-key", kf);
	QOE_EXPECT_EQ(r.status, 2);
	EXPECT_HAS(r.err, "bad packet number '-1'");
	run_free(&r);
	DPDK(&r, "del-flow", "dev", "0", "handle", "0x100001");
	QOE_EXPECT_EQ(r.status, 0);
	EXPECT_STR(r.out, "");
	run_free(&r);
	DPDK(&r, "del-flow", "dev", "0", "handle", "9");
	QOE_EXPECT_EQ(r.status, 1);
	EXPECT_HAS(r.err, "': dev 0: del-flow: no such flow\n");
	run_free(&r);
	DPDK(&r, "key-update", "dev", "0", "handle", "7", "phase", "1", "key", kf, "iv", ivf);
	QOE_EXPECT_EQ(r.status, 1);
	EXPECT_HAS(r.err, "': dev 0: key-update: key: 16 bytes, but flow 0x00000007 uses aes-256-gcm (32-byte keys)\n");
	QOE_EXPECT(strstr(r.err, K16) == NULL);
	run_free(&r);
	/* one line of stdin per '-', in argument order */
	run_stdin = in;
	DPDK(&r, "key-update", "dev", "0", "handle", "8", "phase", "0", "key", "-", "iv", "-");
	run_stdin = "/dev/null";
	QOE_EXPECT_EQ(r.status, 0);
	EXPECT_STR(r.err, "");
	run_free(&r);
	/* not hex, or nothing on stdin: refused, and the text is not echoed */
	write_file(kf + 1, "zz" K16 "\n");
	DPDK(&r, "key-update", "dev", "0", "handle", "8", "phase", "0", "key", kf, "iv", ivf);
	QOE_EXPECT_EQ(r.status, 2);
	EXPECT_HAS(r.err, "bad key (16 or 32 bytes of hex)");
	QOE_EXPECT(strstr(r.err, K16) == NULL);
	run_free(&r);
	DPDK(&r, "key-update", "dev", "0", "handle", "8", "phase", "0", "key", "-", "iv", "-");
	QOE_EXPECT_EQ(r.status, 2);
	EXPECT_HAS(r.err, "key -: nothing to read on stdin");
	run_free(&r);
	write_file(kf + 1, K16);
	/* a refusal names the command, never its keys */
	DPDK(&r, "key-update", "dev", "0", "handle", "6", "phase", "0", "key", kf, "iv", ivf);
	QOE_EXPECT_EQ(r.status, 1);
	EXPECT_HAS(r.err, "command '/qoe/key_update' refused");
	QOE_EXPECT(strstr(r.err, K16) == NULL);
	run_free(&r);
	l = slurp(log);
	EXPECT_HAS(l, "/qoe/flow_del,0,1048577\n");
	EXPECT_HAS(l, "/qoe/key_update,0,8,0," K16 "," IV12 "\n");
	free(l);
}

QOE_TEST(dpdk_monitor)
{
	struct run r;

	if (SERVE(PORTS "/qoe/events,0\t{\"/qoe/events\": {\"e0\": {\"type\": \"key-phase-flip\", "
		  "\"type_id\": 1, \"handle\": 1048577, \"phase\": 1, \"value\": 100}, "
		  "\"e1\": {\"type\": \"usage-limit\", \"type_id\": 2, \"handle\": 5, \"phase\": 0, "
		  "\"value\": 7}, \"more\": 0}}\n"))
		return;
	setenv("OFFLOADCTL_MONITOR_COUNT", "3", 1);
	DPDK(&r, "monitor");
	QOE_EXPECT_EQ(r.status, 0);
	/* the fake server answers the same two events to every poll */
	EXPECT_STR(r.out, "0 key-phase-flip handle 0x00100001 phase 1 value 100\n"
			  "0 usage-limit handle 0x00000005 phase 0 value 7\n"
			  "0 key-phase-flip handle 0x00100001 phase 1 value 100\n");
	run_free(&r);
	setenv("OFFLOADCTL_MONITOR_COUNT", "1", 1);
	DPDK(&r, "monitor", "dev", "0", "-j");
	QOE_EXPECT_EQ(r.status, 0);
	EXPECT_STR(r.out, "{\"dev\":\"0\",\"type\":\"key-phase-flip\",\"type_id\":1,\"handle\":1048577,"
			  "\"phase\":1,\"value\":100}\n");
	run_free(&r);
	unsetenv("OFFLOADCTL_MONITOR_COUNT");
	setenv("OFFLOADCTL_MONITOR_COUNT", "x", 1);
	DPDK(&r, "monitor");
	QOE_EXPECT_EQ(r.status, 1);
	EXPECT_HAS(r.err, "OFFLOADCTL_MONITOR_COUNT: expected a non-negative integer, not 'x'");
	run_free(&r);
	unsetenv("OFFLOADCTL_MONITOR_COUNT");
	if (SERVE(PORTS "/qoe/events,0\t{\"/qoe/events\": {\"more\": 0}}\n"))
		return;
	setenv("OFFLOADCTL_MONITOR_TIMEOUT", "1", 1);
	DPDK(&r, "monitor");
	unsetenv("OFFLOADCTL_MONITOR_TIMEOUT");
	QOE_EXPECT_EQ(r.status, 0);
	EXPECT_STR(r.out, "");
	QOE_EXPECT(r.secs >= 0.9 && r.secs < 5);
	run_free(&r);
	if (SERVE(PORTS "/qoe/events,0\t{\"/qoe/events\": {\"e0\": {\"type_id\": 1}, \"more\": 0}}\n"))
		return;
	DPDK(&r, "monitor");
	QOE_EXPECT_EQ(r.status, 1);
	EXPECT_HAS(r.err, "malformed reply to '/qoe/events,0': missing \"handle\"");
	run_free(&r);
	/* -t: each event with the time it came, UTC, to the microsecond */
	if (SERVE(PORTS "/qoe/events,0\t{\"/qoe/events\": {\"e0\": {\"type_id\": 1, "
		  "\"handle\": 9, \"phase\": 1, \"value\": 1}, \"more\": 0}}\n"))
		return;
	setenv("OFFLOADCTL_MONITOR_COUNT", "1", 1);
	DPDK(&r, "monitor", "-t");
	{
		unsigned int y, mo, d, h, mi, sec, us;
		char z, rest[128] = "";

		QOE_EXPECT_EQ(r.status, 0);
		QOE_EXPECT_EQ(sscanf(r.out, "[%4u-%2u-%2uT%2u:%2u:%2u.%6u%c] %127[^\n]",
				     &y, &mo, &d, &h, &mi, &sec, &us, &z, rest), 9);
		QOE_EXPECT(y >= 2024 && z == 'Z');
		EXPECT_STR(rest, "0 key-phase-flip handle 0x00000009 phase 1 value 1");
	}
	run_free(&r);
	DPDK(&r, "monitor", "-t", "-j");
	QOE_EXPECT(!strncmp(r.out, "{\"time\":\"20", 10));
	QOE_EXPECT(strstr(r.out, "Z\",\"dev\":\"0\",\"type\":\"key-phase-flip\",\"type_id\":1,") != NULL);
	run_free(&r);
	unsetenv("OFFLOADCTL_MONITOR_COUNT");
	/* a PMD that keeps events for every reader: polls go on from "next" */
	if (SERVE(PORTS "/qoe/events,0\t{\"/qoe/events\": {\"e0\": {\"type_id\": 1, "
		  "\"handle\": 9, \"phase\": 1, \"value\": 1}, \"next\": 41, \"lost\": 0, "
		  "\"more\": 0}}\n"
		  "/qoe/events,0,41\t{\"/qoe/events\": {\"e0\": {\"type_id\": 2, "
		  "\"handle\": 9, \"phase\": 0, \"value\": 2}, \"next\": 42, \"lost\": 0, "
		  "\"more\": 0}}\n"))
		return;
	setenv("OFFLOADCTL_MONITOR_COUNT", "2", 1);
	DPDK(&r, "monitor", "dev", "0");
	unsetenv("OFFLOADCTL_MONITOR_COUNT");
	QOE_EXPECT_EQ(r.status, 0);
	EXPECT_STR(r.out, "0 key-phase-flip handle 0x00000009 phase 1 value 1\n"
			  "0 usage-limit handle 0x00000009 phase 0 value 2\n");
	run_free(&r);
}

QOE_TEST(netlink_family_absent)
{
	struct run r;

	/* The host kernel cannot load qoe.ko: the family must be missing. */
	RUN(&r, "show-flows");
	QOE_EXPECT_EQ(r.status, 1);
	EXPECT_STR(r.err, "offloadctl: netlink family 'quic-offload': not found: this kernel has no QUIC offload core (is quic_offload.ko loaded? for a DPDK application use --dpdk PREFIX)\n");
	EXPECT_STR(r.out, "");
	run_free(&r);
	RUN(&r, "--netlink", "show-caps", "dev", "lo", "-j");
	QOE_EXPECT_EQ(r.status, 1);
	EXPECT_HAS(r.err, "netlink family 'quic-offload': not found");
	run_free(&r);
	/* the family would take del-flow, but it is not there */
	RUN(&r, "del-flow", "dev", "lo", "handle", "1");
	QOE_EXPECT_EQ(r.status, 1);
	EXPECT_HAS(r.err, "netlink family 'quic-offload': not found");
	run_free(&r);
}

QOE_TEST(usage_errors_exit_2)
{
	static const char *const bad[][8] = {
		{ "frobnicate" },
		{ "show-flows", "color", "red" },
		{ "show-flows", "dev" },
		{ "show-flows", "--bogus" },
		{ "--bogus", "show-flows" },
		{ "add-flow", "dev", "0" },
		{ "add-flow", "dev", "0", "dir", "sideways" },
		{ "add-flow", "dev", "0", "cipher", "rot13" },
		{ "del-flow", "dev", "0", "handle", "zero" },
		{ "key-update", "dev", "0", "handle", "1", "phase", "2" },
		{ "help", "nothing" },
	};
	struct run r;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		run_bin(&r, tool, bad[i][0], bad[i][1], bad[i][2], bad[i][3], bad[i][4], bad[i][5],
			bad[i][6], NULL);
		if (r.status != 2)
			QOE_FAIL("'%s %s' exited %d, expected 2", bad[i][0],
				 bad[i][1] ? bad[i][1] : "", r.status);
		QOE_EXPECT(!strncmp(r.err, "offloadctl: ", 12));
		EXPECT_STR(r.out, "");
		run_free(&r);
	}
	RUN(&r, "frobnicate");
	EXPECT_STR(r.err, "offloadctl: unknown command 'frobnicate'\nTry 'offloadctl --help'.\n");
	run_free(&r);
	run_bin(&r, tool, NULL);
	QOE_EXPECT_EQ(r.status, 2);
	EXPECT_HAS(r.err, "no command given");
	run_free(&r);
}

QOE_TEST(help_everywhere)
{
	static const char *const cmds[] = {
		"show-flows", "show-caps", "show-stats", "show-dev", "add-flow", "del-flow",
		"key-update", "monitor",
	};
	struct run r;

	RUN(&r, "--help");
	QOE_EXPECT_EQ(r.status, 0);
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		EXPECT_HAS(r.out, cmds[i]);
	run_free(&r);
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		char want[64];

		snprintf(want, sizeof(want), "Usage: offloadctl [OPTIONS] %s ", cmds[i]);
		RUN(&r, cmds[i], "--help");
		QOE_EXPECT_EQ(r.status, 0);
		EXPECT_HAS(r.out, want);
		run_free(&r);
	}
	RUN(&r, "--version");
	QOE_EXPECT_EQ(r.status, 0);
	EXPECT_HAS(r.out, "offloadctl ");
	run_free(&r);
}

/* The bash completion offers the right words after a command and a keyword. */
QOE_TEST(bash_completion)
{
	const char *comp = getenv("OFFLOADCTL_COMPLETION");
	char script[1024];
	struct run r;

	if (!comp) {
		QOE_FAIL("set OFFLOADCTL_COMPLETION");
		return;
	}
	snprintf(script, sizeof(script),
		 "source '%s'; t() { COMP_WORDS=(\"$@\"); COMP_CWORD=$(($# - 1)); COMPREPLY=();"
		 " _offloadctl; echo \"${COMPREPLY[*]}\"; };"
		 " t offloadctl show-; t offloadctl show-flows ''; t offloadctl show-flows dir '';"
		 " t offloadctl add-flow dev x cipher ''; t offloadctl --dpdk=p show-flows dev 0 d;"
		 " complete -p offloadctl", comp);
	run_bin(&r, "/bin/bash", "--norc", "-c", script, NULL);
	QOE_EXPECT_EQ(r.status, 0);
	EXPECT_STR(r.out, "show-flows show-caps show-stats show-dev\n"
			  "dev dir -j --json -p --pretty --help\n"
			  "tx rx\n"
			  "aes-128-gcm aes-256-gcm chacha20-poly1305 aes-128-ccm\n"
			  "dir\n"
			  "complete -F _offloadctl offloadctl\n");
	run_free(&r);

	/* --dpdk <TAB>: prefixes with a telemetry socket, not what an EAL
	 * that exited left behind */
	{
		struct sockaddr_un sa = { .sun_family = AF_UNIX };
		char rt[300], d[400];
		int s;

		snprintf(rt, sizeof(rt), "%s/rt-comp", tmpdir);
		snprintf(d, sizeof(d), "%s/live-one", rt);
		QOE_EXPECT_EQ(mkdir(rt, 0700) == 0 && mkdir(d, 0700) == 0, 1);
		if ((size_t)snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/dpdk_telemetry.v2",
				     d) >= sizeof(sa.sun_path)) {
			QOE_FAIL("socket path too long under %s", tmpdir);
			return;
		}
		s = socket(AF_UNIX, SOCK_SEQPACKET, 0);
		QOE_EXPECT_EQ(bind(s, (struct sockaddr *)&sa, sizeof(sa)), 0);
		snprintf(d, sizeof(d), "%s/stale-one", rt);
		QOE_EXPECT_EQ(mkdir(d, 0700), 0);
		snprintf(d, sizeof(d), "%s/stale-one/config", rt);
		write_file(d, "");
		snprintf(script, sizeof(script),
			 "source '%s'; COMP_WORDS=(offloadctl --dpdk ''); COMP_CWORD=2;"
			 " OFFLOADCTL_RUNTIME_DIR='%s' _offloadctl; echo \"${COMPREPLY[*]}\"",
			 comp, rt);
		run_bin(&r, "/bin/bash", "--norc", "-c", script, NULL);
		QOE_EXPECT_EQ(r.status, 0);
		QOE_EXPECT(!strncmp(r.out, "live-one ", 9));
		QOE_EXPECT(strstr(r.out, "stale-one") == NULL);
		run_free(&r);
		close(s);
	}
}

/*
 * Every prefix of a valid page, and pages with one byte changed, as replies:
 * each run must end in exit 0 or 1 with no sanitizer report, never a crash.
 */
QOE_TEST(mutated_replies_never_crash)
{
	static const char page[] =
		"{\"/qoe/flows\": {\"next\": 0, \"f0\": {\"handle\": 1048577, \"dir\": \"tx\", "
		"\"cipher\": \"aes-128-gcm\", \"cid\": \"c5e1d0b6a2f3\", \"local\": \"10.0.0.1:4433\", "
		"\"remote\": \"[2001:db8::2]:50000\", \"key_phase\": 0, \"pn\": 12, \"packets\": 12, "
		"\"bytes\": 14400, \"auth_fail\": 0, \"drops\": 0, \"key_updates\": 0, "
		"\"keys_valid\": 1, \"age_ms\": 5210}}}";
	static const char subst[] = "\"{}[],:-0x\\ \x01\xff";
	size_t len = strlen(page), n = 0, cap = 256 * 1024, used;
	char *canned = malloc(cap), *ports = malloc(8192), dev[24];
	int counts[3] = { 0 };
	struct run r;

	used = (size_t)snprintf(ports, 8192, "/qoe/ports\t{\"/qoe/ports\": [");
	canned[0] = '\0';
	for (size_t cut = 1; cut < len; cut += 5) {	/* truncated replies */
		used += (size_t)snprintf(ports + used, 8192 - used, "%s%zu", n ? "," : "", n);
		n += (size_t)snprintf(canned + strlen(canned), cap - strlen(canned),
				      "/qoe/flows,%zu,0\t%.*s\n", n, (int)cut, page) ? 1 : 0;
	}
	for (size_t at = 0; at < len; at += 3) {	/* one byte replaced */
		char m[sizeof(page)];

		memcpy(m, page, sizeof(page));
		m[at] = subst[at % (sizeof(subst) - 1)];
		if (m[at] == '\n' || m[at] == '\0' || m[at] == '\t')
			m[at] = '?';
		used += (size_t)snprintf(ports + used, 8192 - used, ",%zu", n);
		n += (size_t)snprintf(canned + strlen(canned), cap - strlen(canned),
				      "/qoe/flows,%zu,0\t%s\n", n, m) ? 1 : 0;
	}
	snprintf(ports + used, 8192 - used, "]}\n");
	QOE_EXPECT(n < 1024);
	memmove(canned + strlen(ports), canned, strlen(canned) + 1);
	memcpy(canned, ports, strlen(ports));
	if (SERVE(canned)) {
		free(canned);
		free(ports);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		snprintf(dev, sizeof(dev), "%zu", i);
		DPDK(&r, "show-flows", "dev", dev, i & 1 ? "-j" : "-p");
		if (r.status > 1)
			QOE_FAIL("reply %zu: exit %d\n%s", i, r.status, r.err);
		else
			counts[r.status]++;
		if (r.status == 1 && (strncmp(r.err, "offloadctl: dpdk prefix '", 25) ||
				      strchr(r.err, '\n') != r.err + strlen(r.err) - 1))
			QOE_FAIL("reply %zu: error is not one named line:\n%s", i, r.err);
		run_free(&r);
	}
	printf("  # %zu mutated replies: %d accepted, %d refused with a message\n", n,
	       counts[0], counts[1]);
	QOE_EXPECT(counts[1] > counts[0]);
	free(canned);
	free(ports);
}

__attribute__((constructor(200))) static void setup(void)
{
	const char *base = getenv("TMPDIR");

	tool = getenv("OFFLOADCTL");
	tool_rel = getenv("OFFLOADCTL_REL");
	fake = getenv("FAKE_TELEMETRY");
	if (!tool || !fake) {
		fprintf(stderr, "set OFFLOADCTL and FAKE_TELEMETRY\n");
		exit(1);
	}
	snprintf(tmpdir, sizeof(tmpdir), "%s/offloadctl-test.XXXXXX", base ? base : "/tmp");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		exit(1);
	}
	/* A sanitizer report must not pass for offloadctl's own exit 1. */
	setenv("ASAN_OPTIONS", "exitcode=99:detect_leaks=1", 1);
	setenv("UBSAN_OPTIONS", "halt_on_error=1:exitcode=98:print_stacktrace=1", 1);
	signal(SIGPIPE, SIG_IGN);
	atexit(cleanup);
}
