// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * qoe-firmware: the qoe device's firmware as a process of its own.  It
 * serves pairs of virtio devices over vhost-user (DPDK's rte_vhost does the
 * protocol and maps the driver's memory), each pair wired back to back
 * through their engines as an in-process qoe0/qoe1 pair is: what one
 * transmits, the other receives.  One worker thread serves every queue of
 * every device, so the wire between them needs no lock.
 *
 *   qoe-firmware [-p] [-v] [-f max_flows] [-s FILE] SOCKET0 SOCKET1 [SOCKET2 SOCKET3 ...]
 *     -p  busy-poll the queues (the driver does not kick)
 *     -v  log the vhost-user messages
 *     -s  keep FILE holding the worker's CPU time and each device's
 *         counters (one JSON line, rewritten every 20 ms), for benchmarks
 *
 * UML attaches with virtio_uml.device=SOCKET0:20815 (VIRTIO_ID_QOE).  The
 * device reads no config space: identity and limits are in QUERY_CAPS.
 * On exit (SIGINT/SIGTERM) it prints each device's counters as one JSON
 * line, with the worker's CPU time.
 */
#include <errno.h>
#include <limits.h>
#include <getopt.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_vhost.h>

#include "qoe_host.h"
#include "qoe_vdev.h"

#define VIRTIO_F_VERSION_1		32
#define VHOST_USER_F_PROTOCOL_FEATURES	30

struct fw_dev {
	const char *sock;
	char name[8];
	struct qoe_vdev v;
	int vid;			/* -1: no driver attached */
	struct rte_vhost_memory *mem;
	int kickfd[QOE_VQ_MAX];
	uint64_t attaches;
	uint64_t resets;		/* the driver reset the device */
	uint32_t notify_cfg;		/* queues whose kick setting to (re)apply */
};

#define FW_MAX_DEVS	8

static struct fw_dev devs[FW_MAX_DEVS];
static unsigned int n_devs;
static pthread_mutex_t fw_lock = PTHREAD_MUTEX_INITIALIZER;
static volatile sig_atomic_t quit;
static int busy_poll;
static const char *stats_file;
static struct timespec worker_cpu;

static void *fw_map(void *ctx, uint64_t addr, uint32_t len)
{
	struct fw_dev *d = ctx;
	uint64_t got = len;
	uint64_t va;

	if (!d->mem)
		return NULL;
	va = rte_vhost_va_from_guest_pa(d->mem, addr, &got);
	/* a range that leaves one region is refused, not split */
	return va && got >= len ? (void *)(uintptr_t)va : NULL;
}

static void fw_notify(void *ctx, unsigned int q)
{
	struct fw_dev *d = ctx;

	if (d->vid >= 0)
		rte_vhost_vring_call(d->vid, (uint16_t)q);
}

static struct fw_dev *fw_dev_of(int vid)
{
	char path[256];
	unsigned int i;

	if (rte_vhost_get_ifname(vid, path, sizeof(path)))
		return NULL;
	for (i = 0; i < n_devs; i++)
		if (!strcmp(path, devs[i].sock))
			return &devs[i];
	return NULL;
}

/* Hand queue @q, as rte_vhost mapped it, to the device.  Under fw_lock. */
static int fw_setup_vq(struct fw_dev *d, int vid, uint16_t q)
{
	struct rte_vhost_vring vr;
	uint16_t last_avail, last_used;

	if (rte_vhost_get_vhost_vring(vid, q, &vr) ||
	    rte_vhost_get_vring_base(vid, q, &last_avail, &last_used) ||
	    qoe_vdev_set_vq(&d->v, q, vr.size, vr.desc, vr.avail, vr.used,
			    last_avail, fw_map, d)) {
		fprintf(stderr, "qoe-firmware: %s: queue %u unusable\n",
			d->name, q);
		return -1;
	}
	d->kickfd[q] = vr.kickfd;
	/* the worker applies the kick setting: from a vhost callback it can
	 * wait for the lock the message handler holds
	 */
	d->notify_cfg |= 1u << q;
	return 0;
}

static int new_device(int vid)
{
	struct fw_dev *d = fw_dev_of(vid);
	uint16_t n, q;
	int ret = -1;

	if (!d)
		return -1;
	pthread_mutex_lock(&fw_lock);
	if (rte_vhost_get_mem_table(vid, &d->mem)) {
		fprintf(stderr, "qoe-firmware: %s: no memory table\n", d->name);
		goto out;
	}
	n = rte_vhost_get_vring_num(vid);
	if (n < 4 || n > QOE_VQ_MAX) {
		fprintf(stderr, "qoe-firmware: %s: %u queues (want 4..%u)\n",
			d->name, n, QOE_VQ_MAX);
		goto out;
	}
	for (q = 0; q < n; q++)
		if (fw_setup_vq(d, vid, q))
			goto out;
	for (; q < QOE_VQ_MAX; q++)
		d->kickfd[q] = -1;
	d->vid = vid;
	d->attaches++;
	ret = 0;
	printf("qoe-firmware: %s: driver attached, %u queues, %u pairs\n",
	       d->name, n, d->v.n_pairs);
	fflush(stdout);
out:
	if (ret) {
		qoe_vdev_reset(&d->v);
		free(d->mem);
		d->mem = NULL;
	}
	pthread_mutex_unlock(&fw_lock);
	return ret;
}

/* The driver reset the device or went away: forget all its state. */
static void destroy_device(int vid)
{
	struct fw_dev *d = fw_dev_of(vid);
	unsigned int q;

	if (!d || d->vid != vid)
		return;
	pthread_mutex_lock(&fw_lock);
	if (qoe_vdev_reset(&d->v))
		fprintf(stderr, "qoe-firmware: %s: no memory for a new engine\n",
			d->name);
	free(d->mem);
	d->mem = NULL;
	d->vid = -1;
	for (q = 0; q < QOE_VQ_MAX; q++)
		d->kickfd[q] = -1;
	pthread_mutex_unlock(&fw_lock);
	printf("qoe-firmware: %s: driver detached\n", d->name);
	fflush(stdout);
}

/*
 * A driver that resets the device without closing the connection (UML's
 * virtio_uml on unbind/bind) disables every queue, then sets them up
 * again elsewhere, and rte_vhost calls neither destroy_device nor
 * new_device: follow the queues one by one.  All disabled is a reset.
 */
static int vring_state_changed(int vid, uint16_t q, int enable)
{
	struct fw_dev *d = fw_dev_of(vid);
	unsigned int i, ready = 0;

	if (!d || d->vid != vid || q >= QOE_VQ_MAX)
		return 0;
	pthread_mutex_lock(&fw_lock);
	if (!enable) {
		d->v.vq_ready[q] = false;
		d->kickfd[q] = -1;
		for (i = 0; i < QOE_VQ_MAX; i++)
			ready += d->v.vq_ready[i];
		if (!ready) {
			if (qoe_vdev_reset(&d->v))
				fprintf(stderr, "qoe-firmware: %s: no memory for a new engine\n",
					d->name);
			d->resets++;
			printf("qoe-firmware: %s: driver reset the device\n", d->name);
		}
	} else if (!d->v.vq_ready[q]) {
		fw_setup_vq(d, vid, q);
	}
	pthread_mutex_unlock(&fw_lock);
	fflush(stdout);
	return 0;
}

static const struct rte_vhost_device_ops fw_ops = {
	.new_device = new_device,
	.destroy_device = destroy_device,
	.vring_state_changed = vring_state_changed,
};

static void print_stats(FILE *f);

/* Rewrite stats_file (write, then rename: readers never see half). */
static void stats_dump(void)
{
	char tmp[4096];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", stats_file);
	f = fopen(tmp, "w");
	if (!f)
		return;
	print_stats(f);
	fclose(f);
	rename(tmp, stats_file);
}

static void *worker(void *arg)
{
	struct timespec now, last = { 0 };
	struct pollfd pfd[FW_MAX_DEVS * QOE_VQ_MAX];
	unsigned int i, q, n;
	eventfd_t val;
	int done;

	(void)arg;
	while (!quit) {
		int cfg_vid[FW_MAX_DEVS];

		if (stats_file) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			if ((now.tv_sec - last.tv_sec) * 1000000000LL +
			    now.tv_nsec - last.tv_nsec >= 20000000LL) {
				clock_gettime(CLOCK_THREAD_CPUTIME_ID, &worker_cpu);
				pthread_mutex_lock(&fw_lock);
				stats_dump();
				pthread_mutex_unlock(&fw_lock);
				last = now;
			}
		}
		uint32_t cfg[FW_MAX_DEVS] = { 0 };

		done = 0;
		n = 0;
		pthread_mutex_lock(&fw_lock);
		for (i = 0; i < n_devs; i++) {
			cfg_vid[i] = devs[i].vid;
			if (devs[i].vid < 0)
				continue;
			cfg[i] = devs[i].notify_cfg;
			devs[i].notify_cfg = 0;
			done += qoe_vdev_poll(&devs[i].v, 64);
			for (q = 0; q < QOE_VQ_MAX; q++) {
				if (devs[i].kickfd[q] < 0)
					continue;
				pfd[n].fd = devs[i].kickfd[q];
				pfd[n].events = POLLIN;
				n++;
			}
		}
		pthread_mutex_unlock(&fw_lock);
		for (i = 0; i < n_devs; i++)
			for (q = 0; q < QOE_VQ_MAX; q++)
				if (cfg[i] & 1u << q)
					rte_vhost_enable_guest_notification(cfg_vid[i], q,
									    !busy_poll);
		if (done || busy_poll)
			continue;
		/* idle: sleep until a kick (or 100 ms, to notice changes) */
		if (poll(pfd, n, 100) <= 0)
			continue;
		for (i = 0; i < n; i++)
			if (pfd[i].revents & POLLIN)
				eventfd_read(pfd[i].fd, &val);
	}
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &worker_cpu);
	return NULL;
}

static void print_stats(FILE *f)
{
	u64 st[QOE_STAT_MAX];
	unsigned int i, k;

	for (i = 0; i < n_devs; i++) {
		struct fw_dev *d = &devs[i];

		qoe_vdev_engine_stats(&d->v, st);
		fprintf(f, "{\"device\":\"%s\",\"pairs\":%u,\"attaches\":%llu,\"resets\":%llu",
		       d->name, d->v.n_pairs, (unsigned long long)d->attaches,
		       (unsigned long long)d->resets);
		for (k = 0; k < QOE_VDEV_STAT_MAX; k++)
			fprintf(f, ",\"%s\":%llu", qoe_vdev_stat_names[k],
			       (unsigned long long)d->v.stats[k]);
		for (k = 0; k < QOE_STAT_MAX; k++)
			fprintf(f, ",\"engine_%s\":%llu", qoe_stat_names[k],
			       (unsigned long long)st[k]);
		fprintf(f, ",\"worker_cpu_ns\":%llu}\n",
		       (unsigned long long)worker_cpu.tv_sec * 1000000000ULL +
		       (unsigned long long)worker_cpu.tv_nsec);
	}
	fflush(f);
}

static void on_signal(int sig)
{
	(void)sig;
	quit = 1;
}

static int start_socket(struct fw_dev *d)
{
	unlink(d->sock);
	/* replacing the feature set also turns off rte_vhost's net device */
	if (rte_vhost_driver_register(d->sock, 0) ||
	    rte_vhost_driver_set_features(d->sock,
					  1ULL << VIRTIO_F_VERSION_1 |
					  1ULL << VHOST_USER_F_PROTOCOL_FEATURES) ||
	    rte_vhost_driver_callback_register(d->sock, &fw_ops) ||
	    rte_vhost_driver_start(d->sock)) {
		fprintf(stderr, "qoe-firmware: cannot serve %s\n", d->sock);
		return -1;
	}
	return 0;
}

static void usage(const char *me)
{
	fprintf(stderr, "usage: %s [-p] [-v] [-f max_flows] [-s FILE] SOCKET0 SOCKET1 [SOCKET2 SOCKET3 ...]\n", me);
}

int main(int argc, char **argv)
{
	char prefix[64], rundir[PATH_MAX];
	char *eal[] = { argv[0], "--no-huge", "-m", "64", "--no-pci",
			"--no-shconf", prefix, "--no-telemetry", "-l", "0",
			"--log-level=lib.eal:warning",
			"--log-level=lib.vhost.config:warning" };
	struct qoe_engine_cfg cfg = { .max_flows = 1024 };
	pthread_t tid;
	unsigned int i;
	int c, ret = 1;

	while ((c = getopt(argc, argv, "pvf:s:h")) != -1) {
		switch (c) {
		case 's':
			stats_file = optarg;
			break;
		case 'v':
			eal[RTE_DIM(eal) - 1] = "--log-level=lib.vhost.config:debug";
			break;
		case 'p':
			busy_poll = 1;
			break;
		case 'f':
			cfg.max_flows = (u32)strtoul(optarg, NULL, 10);
			break;
		default:
			usage(argv[0]);
			return 2;
		}
	}
	n_devs = (unsigned int)(argc - optind);
	if (n_devs < 2 || n_devs % 2 || n_devs > FW_MAX_DEVS || !cfg.max_flows) {
		usage(argv[0]);
		return 2;
	}
	snprintf(prefix, sizeof(prefix), "--file-prefix=qoe-fw-%d", getpid());
	if (rte_eal_init((int)RTE_DIM(eal), eal) < 0) {
		fprintf(stderr, "qoe-firmware: EAL init failed\n");
		return 1;
	}
	for (i = 0; i < n_devs; i++) {
		struct fw_dev *d = &devs[i];

		d->sock = argv[optind + i];
		d->vid = -1;
		snprintf(d->name, sizeof(d->name), "qoe%u", i);
		memset(d->kickfd, -1, sizeof(d->kickfd));
		if (qoe_vdev_init(&d->v, d->name, &cfg)) {
			fprintf(stderr, "qoe-firmware: cannot create %s\n", d->name);
			goto out;
		}
		d->v.notify = fw_notify;
		d->v.notify_ctx = d;
	}
	/* sockets 0<->1, 2<->3, ...: the wire of each pair */
	for (i = 0; i < n_devs; i += 2) {
		devs[i].v.peer = &devs[i + 1].v;
		devs[i + 1].v.peer = &devs[i].v;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	if (pthread_create(&tid, NULL, worker, NULL))
		goto out;
	for (i = 0; i < n_devs; i++)
		if (start_socket(&devs[i]))
			break;
	if (i == n_devs) {
		printf("qoe-firmware: serving %u devices, %s ... (pid %d, %s)\n",
		       n_devs, devs[0].sock, getpid(),
		       busy_poll ? "busy-poll" : "kicks");
		fflush(stdout);
		while (!quit)
			pause();
		ret = 0;
	}
	quit = 1;
	pthread_join(tid, NULL);
	for (i = 0; i < n_devs; i++)
		rte_vhost_driver_unregister(devs[i].sock);
	print_stats(stdout);
out:
	for (i = 0; i < n_devs; i++)
		qoe_vdev_fini(&devs[i].v);
	/* the EAL empties its runtime directory but leaves it */
	snprintf(rundir, sizeof(rundir), "%s", rte_eal_get_runtime_dir());
	rte_eal_cleanup();
	rmdir(rundir);
	return ret;
}
