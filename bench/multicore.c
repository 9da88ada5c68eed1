// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * Scaling across cores: one thread per core, each with its own crypto
 * backend instance (and copy of ipsec-mb, see crypto_ipsecmb_copy.c) and
 * its own engine (as one engine per queue would be), all pushing TX
 * offload at once for the same wall-clock window.
 */
#include "bench.h"

#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <unistd.h>

struct qoe_bench_mc_thread {
	pthread_t tid;
	unsigned int cpu;
	u8 cipher;
	u32 wire, gso_bytes;
	double seconds;
	pthread_barrier_t *go;
	double gbps;
	bool shared;
	int err;
};

static void *qoe_bench_mc_main(void *arg)
{
	struct qoe_bench_mc_thread *t = arg;
	struct qoe_bench_backends be = { 0 };
	struct qoe_bench_case *c = NULL;
	char err[160];
	cpu_set_t set;
	double t0, t1;
	u64 bursts = 0;

	CPU_ZERO(&set);
	CPU_SET(t->cpu, &set);
	pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	t->err = qoe_crypto_ipsecmb_init_per_core(&be.imb);
	t->shared = !t->err && !qoe_crypto_ipsecmb_own_copy(&be.imb);
	if (!t->err)
		t->err = qoe_crypto_openssl_init(&be.ossl);
	if (!t->err) {
		c = qoe_bench_case_new(&be, t->cipher, t->wire, t->gso_bytes, err,
				sizeof(err));
		t->err = c ? 0 : -EINVAL;
	}
	if (c)
		qoe_bench_case_run(c, QOE_BENCH_TX_OFFLOAD, 4);	/* warm */
	pthread_barrier_wait(t->go);
	if (c) {
		t0 = qoe_bench_now();
		do {
			qoe_bench_case_run(c, QOE_BENCH_TX_OFFLOAD, 8);
			bursts += 8;
			t1 = qoe_bench_now();
		} while (t1 - t0 < t->seconds);
		if (qoe_bench_case_bad(c))
			t->err = -EIO;
		t->gbps = (double)(bursts * qoe_bench_case_burst_bytes(c)) * 8 /
			  (t1 - t0) / 1e9;
	}
	qoe_bench_case_free(c);
	if (be.ossl.ops)
		qoe_crypto_fini(&be.ossl);
	if (be.imb.ops)
		qoe_crypto_fini(&be.imb);
	return NULL;
}

int qoe_bench_multicore(unsigned int threads, unsigned int first_cpu, u8 cipher,
			u32 wire, u32 gso_bytes, double seconds,
			double *gbps_total, unsigned int *shared)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	struct qoe_bench_mc_thread t[QOE_BENCH_MC_MAX];
	pthread_barrier_t go;
	int err = 0;

	if (!threads || threads > QOE_BENCH_MC_MAX)
		return -EINVAL;
	pthread_barrier_init(&go, NULL, threads);
	for (unsigned int i = 0; i < threads; i++) {
		t[i] = (struct qoe_bench_mc_thread){
			.cpu = (first_cpu + i) % (unsigned int)(ncpu > 0 ? ncpu : 1),
			.cipher = cipher, .wire = wire,
			.gso_bytes = gso_bytes, .seconds = seconds, .go = &go,
		};
		if (pthread_create(&t[i].tid, NULL, qoe_bench_mc_main, &t[i])) {
			/* the others would wait on the barrier forever */
			fprintf(stderr, "qoe-bench: pthread_create failed\n");
			exit(1);
		}
	}
	*gbps_total = 0;
	*shared = 0;
	for (unsigned int i = 0; i < threads; i++) {
		pthread_join(t[i].tid, NULL);
		*gbps_total += t[i].gbps;
		*shared += t[i].shared;
		if (t[i].err)
			err = t[i].err;
	}
	pthread_barrier_destroy(&go);
	return err;
}
