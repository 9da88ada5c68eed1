// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/* Time: the TSC for measuring, CLOCK_MONOTONIC_RAW to learn its rate. */
#include "bench.h"

#include <time.h>

double qoe_bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Median of three spins, so one preemption does not skew cycles/byte. */
double qoe_bench_tsc_hz(unsigned int ms)
{
	double hz[3];

	for (int i = 0; i < 3; i++) {
		double t0 = qoe_bench_now(), t1;
		u64 c0 = qoe_bench_rdtsc(), c1;

		do {
			t1 = qoe_bench_now();
		} while (t1 - t0 < ms * 1e-3);
		c1 = qoe_bench_rdtsc();
		hz[i] = (double)(c1 - c0) / (t1 - t0);
	}
	return qoe_bench_median(hz, 3);
}
