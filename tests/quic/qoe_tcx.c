// SPDX-License-Identifier: GPL-2.0-only
/*
 * qoe_tcx: attach a tcx BPF program to both directions of a device, as a
 * user's tcx program would sit between quic.ko and the driver, and count
 * the packets it saw.  The program writes all of __sk_buff->cb (the
 * qdisc_skb_cb data every tc/tcx program may scribble on) and passes the
 * packet on.
 *
 * Usage: qoe_tcx DEV.  Prints "attached" once both links exist, then on
 * SIGTERM or SIGINT "DEV ingress N egress N" and exits 0.  The links go
 * with the process.  Needs a kernel with BPF_SYSCALL and tcx (6.6+).
 */
#include <errno.h>
#include <linux/bpf.h>
#include <net/if.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* enum bpf_attach_type of 6.6+, absent from older uapi headers */
#define QOE_BPF_TCX_INGRESS 46
#define QOE_BPF_TCX_EGRESS 47
#define QOE_TCX_NEXT (-1)

#define INSN(c, d, s, o, i) \
	((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), \
			    .off = (o), .imm = (i) })

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static long sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

/* The program: scribble on cb, count in map slot @slot, pass. */
static int load_prog(int map_fd, int slot)
{
	struct bpf_insn p[32];
	static char log[65536];
	union bpf_attr a;
	int n = 0, i, fd;

	p[n++] = INSN(BPF_ALU64 | BPF_MOV | BPF_X, 6, 1, 0, 0);
	p[n++] = INSN(BPF_ALU64 | BPF_MOV | BPF_K, 2, 0, 0, (int)0xdeadbeef);
	for (i = 0; i < 5; i++)
		p[n++] = INSN(BPF_STX | BPF_MEM | BPF_W, 6, 2,
			      offsetof(struct __sk_buff, cb) + 4 * i, 0);
	p[n++] = INSN(BPF_ST | BPF_MEM | BPF_W, 10, 0, -4, slot);
	p[n++] = INSN(BPF_ALU64 | BPF_MOV | BPF_X, 2, 10, 0, 0);
	p[n++] = INSN(BPF_ALU64 | BPF_ADD | BPF_K, 2, 0, 0, -4);
	p[n++] = INSN(BPF_LD | BPF_DW | BPF_IMM, 1, BPF_PSEUDO_MAP_FD, 0,
		      map_fd);
	p[n++] = INSN(0, 0, 0, 0, 0);
	p[n++] = INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_map_lookup_elem);
	p[n++] = INSN(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 2, 0);
	p[n++] = INSN(BPF_ALU64 | BPF_MOV | BPF_K, 1, 0, 0, 1);
	p[n++] = INSN(BPF_STX | BPF_ATOMIC | BPF_DW, 0, 1, 0, BPF_ADD);
	p[n++] = INSN(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, QOE_TCX_NEXT);
	p[n++] = INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);

	memset(&a, 0, sizeof(a));
	a.prog_type = BPF_PROG_TYPE_SCHED_CLS;
	a.insns = (uintptr_t)p;
	a.insn_cnt = n;
	a.license = (uintptr_t)"GPL";
	a.log_buf = (uintptr_t)log;
	a.log_size = sizeof(log);
	a.log_level = 1;
	fd = sys_bpf(BPF_PROG_LOAD, &a);
	if (fd < 0)
		fprintf(stderr, "qoe_tcx: BPF_PROG_LOAD: %s\n%s\n",
			strerror(errno), log);
	return fd;
}

static int attach(int prog_fd, int ifindex, int type)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.link_create.prog_fd = prog_fd;
	a.link_create.target_ifindex = ifindex;
	a.link_create.attach_type = type;
	return sys_bpf(BPF_LINK_CREATE, &a);
}

static uint64_t count(int map_fd, uint32_t slot)
{
	union bpf_attr a;
	uint64_t v = 0;

	memset(&a, 0, sizeof(a));
	a.map_fd = map_fd;
	a.key = (uintptr_t)&slot;
	a.value = (uintptr_t)&v;
	if (sys_bpf(BPF_MAP_LOOKUP_ELEM, &a))
		return 0;
	return v;
}

int main(int argc, char **argv)
{
	int ifindex, map_fd, in_fd, eg_fd;
	sigset_t set, old;
	union bpf_attr a;

	if (argc != 2) {
		fprintf(stderr, "usage: qoe_tcx DEV\n");
		return 2;
	}
	ifindex = if_nametoindex(argv[1]);
	if (!ifindex) {
		fprintf(stderr, "qoe_tcx: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	memset(&a, 0, sizeof(a));
	a.map_type = BPF_MAP_TYPE_ARRAY;
	a.key_size = 4;
	a.value_size = 8;
	a.max_entries = 2;
	map_fd = sys_bpf(BPF_MAP_CREATE, &a);
	if (map_fd < 0) {
		fprintf(stderr, "qoe_tcx: BPF_MAP_CREATE: %s\n", strerror(errno));
		return 1;
	}
	in_fd = load_prog(map_fd, 0);
	eg_fd = load_prog(map_fd, 1);
	if (in_fd < 0 || eg_fd < 0)
		return 1;
	if (attach(in_fd, ifindex, QOE_BPF_TCX_INGRESS) < 0 ||
	    attach(eg_fd, ifindex, QOE_BPF_TCX_EGRESS) < 0) {
		fprintf(stderr, "qoe_tcx: BPF_LINK_CREATE tcx on %s: %s\n",
			argv[1], strerror(errno));
		return 1;
	}
	/* blocked until sigsuspend(), so a signal cannot slip in before */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_BLOCK, &set, &old);
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	printf("attached\n");
	fflush(stdout);
	while (!stop)
		sigsuspend(&old);
	printf("%s ingress %llu egress %llu\n", argv[1],
	       (unsigned long long)count(map_fd, 0),
	       (unsigned long long)count(map_fd, 1));
	return 0;
}
