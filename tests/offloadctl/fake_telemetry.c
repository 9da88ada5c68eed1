// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * A stand-in for a DPDK application's telemetry v2 socket, for offloadctl's
 * tests: SOCK_SEQPACKET, a greeting on connect, then one reply per command.
 *
 *   fake_telemetry [-c CANNED] [-n NFLOWS] [-m MAXLEN] [-g GREETING]
 *                  [-l LOG] [-t SECONDS] SOCKET_PATH
 *
 * CANNED holds "COMMAND<TAB>REPLY" lines; REPLY goes out verbatim (so it may
 * be broken JSON), or is "@close" (hang up) or "@oversize N" (N bytes of valid
 * JSON).  -n serves /qoe/ports, /qoe/flows,0,<cursor> for NFLOWS generated
 * flows, 32 a page, like the PMD.  Unknown commands get {"cmd": null}, as
 * DPDK answers.  The socket appears only once listening (bound under a
 * temporary name, then renamed), and the server exits after -t seconds.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define FAKE_PAGE	32
#define FAKE_MAX_CANNED	1024

struct fake_canned {
	char *cmd;
	char *reply;
};

static struct fake_canned canned[FAKE_MAX_CANNED];
static int n_canned;
static uint64_t n_flows;
static int gen_flows;
static const char *sock_path;
static char tmp_path[sizeof(((struct sockaddr_un *)0)->sun_path) + 8];

static void fake_cleanup(int sig)
{
	(void)sig;
	unlink(sock_path);
	unlink(tmp_path);
	_exit(0);
}

static void fake_load(const char *file)
{
	FILE *f = fopen(file, "r");
	char *line = NULL, *tab;
	size_t cap = 0;
	ssize_t n;

	if (!f) {
		perror(file);
		exit(1);
	}
	while ((n = getline(&line, &cap, f)) > 0 && n_canned < FAKE_MAX_CANNED) {
		if (line[n - 1] == '\n')
			line[--n] = '\0';
		tab = strchr(line, '\t');
		if (!tab || line[0] == '#')
			continue;
		*tab = '\0';
		canned[n_canned].cmd = strdup(line);
		canned[n_canned].reply = strdup(tab + 1);
		n_canned++;
	}
	free(line);
	fclose(f);
}

static void fake_send(int fd, const char *buf, size_t len)
{
	if (send(fd, buf, len, MSG_NOSIGNAL) < 0 && errno != EPIPE)
		perror("send");
}

/* Flow i of the generated table: every field derived from i. */
static size_t fake_flow(char *out, size_t size, uint64_t i)
{
	int rx = (int)(i & 1);

	return (size_t)snprintf(out, size,
		"\"f%" PRIu64 "\":{\"handle\":%" PRIu64 ",\"dir\":\"%s\",\"cipher\":\"%s\","
		"\"cid\":\"%016" PRIx64 "\",\"local\":\"10.0.0.1:443\","
		"\"remote\":\"10.%u.%u.%u:%u\",\"key_phase\":%u,\"pn\":%" PRIu64 ","
		"\"packets\":%" PRIu64 ",\"bytes\":%" PRIu64 ",\"auth_fail\":0,\"drops\":0,"
		"\"key_updates\":%" PRIu64 ",\"keys_valid\":1,\"age_ms\":%" PRIu64 "}",
		i, (i + 1) | ((uint64_t)1 << 20), rx ? "rx" : "tx",
		i % 3 == 2 ? "chacha20-poly1305" : "aes-128-gcm", i,
		(unsigned int)(i >> 16) & 0xff, (unsigned int)(i >> 8) & 0xff,
		(unsigned int)i & 0xff, 1024u + (unsigned int)(i % 60000),
		(unsigned int)(i % 2), i, i * 3, i * 3000, i % 5, i * 7);
}

static void fake_flows_page(int fd, const char *name, uint64_t cursor)
{
	static char buf[65536];
	size_t len = 0;
	uint64_t end = cursor + FAKE_PAGE < n_flows ? cursor + FAKE_PAGE : n_flows;

	len += (size_t)snprintf(buf, sizeof(buf), "{\"%s\":{\"next\":%" PRIu64, name,
				end < n_flows ? end : 0);
	for (uint64_t i = cursor; i < end; i++) {
		buf[len++] = ',';
		len += fake_flow(buf + len, sizeof(buf) - len, i);
	}
	len += (size_t)snprintf(buf + len, sizeof(buf) - len, "}}");
	fake_send(fd, buf, len);
}

static void fake_reply(int fd, const char *cmd)
{
	char name[256], out[512];
	size_t nlen = strcspn(cmd, ",");
	unsigned long long cursor;

	if (nlen >= sizeof(name))
		nlen = sizeof(name) - 1;
	memcpy(name, cmd, nlen);
	name[nlen] = '\0';
	for (int i = 0; i < n_canned; i++) {
		if (strcmp(canned[i].cmd, cmd))
			continue;
		if (!strcmp(canned[i].reply, "@close")) {
			shutdown(fd, SHUT_RDWR);
			return;
		}
		if (!strncmp(canned[i].reply, "@oversize ", 10)) {
			size_t n = strtoul(canned[i].reply + 10, NULL, 0);
			char *big = malloc(n + 1);

			int head;

			memset(big, 'x', n);
			head = snprintf(big, n, "{\"%s\":\"", name);
			big[head] = 'x';	/* snprintf's NUL */
			big[n - 2] = '"';
			big[n - 1] = '}';
			fake_send(fd, big, n);
			free(big);
			return;
		}
		fake_send(fd, canned[i].reply, strlen(canned[i].reply));
		return;
	}
	if (gen_flows && !strcmp(cmd, "/qoe/ports")) {
		snprintf(out, sizeof(out), "{\"/qoe/ports\":[0]}");
	} else if (gen_flows && sscanf(cmd, "/qoe/flows,0,%llu", &cursor) == 1) {
		fake_flows_page(fd, name, cursor);
		return;
	} else {
		snprintf(out, sizeof(out), "{\"%s\":null}", name);
	}
	fake_send(fd, out, strlen(out));
}

int main(int argc, char **argv)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	const char *greeting = NULL, *logfile = NULL;
	char hello[256], cmd[4096];
	unsigned long maxlen = 16384;
	unsigned int timeout = 60;
	FILE *log = NULL;
	int opt, lfd, fd;
	ssize_t n;

	while ((opt = getopt(argc, argv, "c:n:m:g:l:t:")) != -1) {
		switch (opt) {
		case 'c':
			fake_load(optarg);
			break;
		case 'n':
			n_flows = strtoull(optarg, NULL, 0);
			gen_flows = 1;
			break;
		case 'm':
			maxlen = strtoul(optarg, NULL, 0);
			break;
		case 'g':
			greeting = optarg;
			break;
		case 'l':
			logfile = optarg;
			break;
		case 't':
			timeout = (unsigned int)strtoul(optarg, NULL, 0);
			break;
		default:
			fprintf(stderr, "usage: fake_telemetry [-c canned] [-n nflows] [-m maxlen] [-g greeting] [-l log] [-t secs] socket\n");
			return 2;
		}
	}
	if (optind + 1 != argc)
		return 2;
	sock_path = argv[optind];
	if (strlen(sock_path) + 5 > sizeof(sun.sun_path)) {
		fprintf(stderr, "fake_telemetry: path too long\n");
		return 1;
	}
	snprintf(tmp_path, sizeof(tmp_path), "%s.tmp", sock_path);
	strcpy(sun.sun_path, tmp_path);
	if (logfile) {
		log = fopen(logfile, "w");
		if (!log) {
			perror(logfile);
			return 1;
		}
		setvbuf(log, NULL, _IOLBF, 0);
	}
	signal(SIGTERM, fake_cleanup);
	signal(SIGINT, fake_cleanup);
	signal(SIGALRM, fake_cleanup);
	signal(SIGPIPE, SIG_IGN);
	alarm(timeout);

	lfd = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	unlink(tmp_path);
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&sun, sizeof(sun)) < 0 || listen(lfd, 4) < 0 ||
	    rename(tmp_path, sock_path) < 0) {
		perror("fake_telemetry: socket");
		return 1;
	}
	for (;;) {
		fd = accept(lfd, NULL, NULL);
		if (fd < 0)
			continue;
		if (greeting)
			snprintf(hello, sizeof(hello), "%s", greeting);
		else
			snprintf(hello, sizeof(hello),
				 "{\"version\": \"DPDK 22.11.0\", \"pid\": %d, \"max_output_len\": %lu}",
				 (int)getpid(), maxlen);
		fake_send(fd, hello, strlen(hello));
		while ((n = recv(fd, cmd, sizeof(cmd) - 1, 0)) > 0) {
			cmd[n] = '\0';
			if (log)
				fprintf(log, "%s\n", cmd);
			fake_reply(fd, cmd);
		}
		close(fd);
	}
}
