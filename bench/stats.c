// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/* Repetition series: median, min and max of each variant's rates. */
#include "bench.h"

#include <stdlib.h>

static int qoe_bench_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

double qoe_bench_median(const double *v, u32 n)
{
	double s[QOE_BENCH_MAX_REPS];

	if (!n)
		return 0;
	if (n > QOE_BENCH_MAX_REPS)
		n = QOE_BENCH_MAX_REPS;
	memcpy(s, v, n * sizeof(*s));
	qsort(s, n, sizeof(*s), qoe_bench_cmp);
	return n & 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

double qoe_bench_min(const double *v, u32 n)
{
	double m = n ? v[0] : 0;

	for (u32 i = 1; i < n; i++)
		if (v[i] < m)
			m = v[i];
	return m;
}

double qoe_bench_max(const double *v, u32 n)
{
	double m = n ? v[0] : 0;

	for (u32 i = 1; i < n; i++)
		if (v[i] > m)
			m = v[i];
	return m;
}

void qoe_bench_series_add(struct qoe_bench_series *s, u64 cycles, u64 bytes, u64 pkts,
		   double tsc_hz)
{
	double sec = (double)(cycles ? cycles : 1) / tsc_hz;

	if (s->n >= QOE_BENCH_MAX_REPS)
		return;
	s->gbps[s->n] = (double)bytes * 8 / sec / 1e9;
	s->mpps[s->n] = (double)pkts / sec / 1e6;
	s->n++;
}
