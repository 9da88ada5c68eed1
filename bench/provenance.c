// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * Where a run's numbers come from, as "# key: value" lines at the top of
 * each CSV: the CPU and the flags the crypto code dispatches on, the
 * commit built, when, and how loaded the machine was as the run began.
 * A CSV read later, or beside another machine's, says what it is.  Taken
 * once, before the measurements (qoe_bench_provenance_take()).
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

#ifndef QOE_BENCH_COMMIT
#define QOE_BENCH_COMMIT "unknown"
#endif

static struct {
	char cpu[128];
	char flags[256];
	char date[32];
	char load[64];
	long cpus;
} qoe_prov;

/* The flags AES-GCM, ChaCha20 and checksums dispatch on, in this order. */
static const char *const qoe_prov_flags[] = {
	"aes", "pclmulqdq", "sse4_2", "avx", "avx2", "bmi2", "avx512f",
	"avx512bw", "avx512vl", "avx512ifma", "vaes", "vpclmulqdq", "sha_ni",
};

static void qoe_prov_flags_of(const char *all)
{
	static char padded[8192];
	size_t n = 0;

	/* " vaes " inside " <all> ": whole words only */
	snprintf(padded, sizeof(padded), " %s ", all);
	for (size_t i = 0; i < sizeof(qoe_prov_flags) / sizeof(qoe_prov_flags[0]); i++) {
		char w[32];

		snprintf(w, sizeof(w), " %s ", qoe_prov_flags[i]);
		if (strstr(padded, w))
			n += (size_t)snprintf(qoe_prov.flags + n, sizeof(qoe_prov.flags) - n,
					      "%s%s", n ? " " : "", qoe_prov_flags[i]);
	}
}

static void qoe_prov_cpuinfo(void)
{
	static char line[8192];
	FILE *f = fopen("/proc/cpuinfo", "r");
	bool model = false, flags = false;

	strcpy(qoe_prov.cpu, "unknown");
	if (!f)
		return;
	while ((!model || !flags) && fgets(line, sizeof(line), f)) {
		char *v = strchr(line, ':');

		if (!v)
			continue;
		v += 1 + strspn(v + 1, " ");
		v[strcspn(v, "\n")] = '\0';
		if (!model && !strncmp(line, "model name", 10)) {
			snprintf(qoe_prov.cpu, sizeof(qoe_prov.cpu), "%s", v);
			model = true;
		} else if (!flags && !strncmp(line, "flags", 5)) {
			qoe_prov_flags_of(v);
			flags = true;
		}
	}
	fclose(f);
}

void qoe_bench_provenance_take(void)
{
	time_t now = time(NULL);
	FILE *f;

	qoe_prov_cpuinfo();
	strftime(qoe_prov.date, sizeof(qoe_prov.date), "%Y-%m-%dT%H:%M:%SZ",
		 gmtime(&now));
	strcpy(qoe_prov.load, "unknown");
	f = fopen("/proc/loadavg", "r");
	if (f) {
		double l1, l5, l15;

		if (fscanf(f, "%lf %lf %lf", &l1, &l5, &l15) == 3)
			snprintf(qoe_prov.load, sizeof(qoe_prov.load),
				 "%.2f %.2f %.2f", l1, l5, l15);
		fclose(f);
	}
	qoe_prov.cpus = sysconf(_SC_NPROCESSORS_ONLN);
}

void qoe_bench_provenance_write(FILE *f, const struct qoe_bench_result *r)
{
	fprintf(f, "# cpu: %s\n", qoe_prov.cpu);
	fprintf(f, "# flags: %s\n", qoe_prov.flags);
	fprintf(f, "# cpus: %ld\n", qoe_prov.cpus);
	fprintf(f, "# tsc_ghz: %.3f\n", r->tsc_hz / 1e9);
	fprintf(f, "# commit: %s\n", QOE_BENCH_COMMIT);
	fprintf(f, "# date: %s\n", qoe_prov.date);
	fprintf(f, "# load: %s (1, 5, 15 min, as the run began)\n", qoe_prov.load);
	fprintf(f, "# reps: %u\n", r->reps);
}
