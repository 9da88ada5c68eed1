// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/* The terminal table and the CSV files of one run. */
#include "bench.h"

#include <stdlib.h>

static const char *const qb_dir_name[2] = { "tx", "rx" };

double qb_ratio(const struct qb_series *a, const struct qb_series *b)
{
	double r[QB_MAX_REPS];
	u32 n = a->n < b->n ? a->n : b->n;

	/* the same repetition of both ran back to back: drift cancels */
	for (u32 i = 0; i < n; i++)
		r[i] = b->gbps[i] > 0 ? a->gbps[i] / b->gbps[i] : 0;
	return qb_median(r, n);
}

static double qb_cpb(const struct qb_series *s, double tsc_hz)
{
	double g = qb_median(s->gbps, s->n);

	return g > 0 ? tsc_hz * 8 / (g * 1e9) : 0;
}

void qb_report_table(FILE *f, const struct qb_result *r)
{
	double load[1] = { 0 };

	/* other jobs on the machine show in the spread: say how busy it was */
	getloadavg(load, 1);
	fprintf(f, "\nqoe-bench: TSC %.3f GHz, median of %u repetitions (min-max), "
		"payload Gbit/s, cycles are TSC cycles, load average %.2f\n\n",
		r->tsc_hz / 1e9, r->reps, load[0]);
	fprintf(f, "%-3s %-8s %5s %5s %4s %-12s %8s %17s %7s %6s %7s %7s\n",
		"dir", "cipher", "wire", "gso", "segs", "variant", "Gbit/s",
		"(min-max)", "Mpps", "cyc/B", "vs-sw", "vs-raw");
	for (int d = 0; d < 2; d++) {
		for (u32 i = 0; i < r->n_rows; i++) {
			const struct qb_row *w = &r->rows[i];
			int sw = QB_DIR_SW(d), raw = QB_DIR_RAW(d);

			for (int v = QB_DIR_FIRST(d); v < QB_DIR_END(d); v++) {
				const struct qb_series *s = &w->s[v];
				char mm[32];

				snprintf(mm, sizeof(mm), "(%.2f-%.2f)",
					 qb_min(s->gbps, s->n), qb_max(s->gbps, s->n));
				fprintf(f, "%-3s %-8s %5u %4uK %4u %-12s %8.2f %17s %7.3f %6.2f",
					qb_dir_name[d], qb_cipher_short(w->cipher),
					w->wire, w->gso_bytes / 1024,
					qb_case_burst_pkts(w->c), qb_variant_names[v],
					qb_median(s->gbps, s->n), mm,
					qb_median(s->mpps, s->n), qb_cpb(s, r->tsc_hz));
				if (v != sw && v != raw)
					fprintf(f, " %6.2fx %6.2fx", qb_ratio(s, &w->s[sw]),
						qb_ratio(s, &w->s[raw]));
				fputc('\n', f);
			}
		}
		fputc('\n', f);
	}
	if (r->n_srows) {
		const struct qb_srow *one = &r->srows[0];
		double base = qb_median(one->ns, one->n);

		fprintf(f, "RX cost vs flows (AES-128-GCM, 48-byte payload, random flow per packet)\n");
		fprintf(f, "%9s %9s %17s %8s %14s %13s\n", "flows", "ns/pkt",
			"(min-max)", "vs-1", "heap B/flow", "RSS B/flow");
		for (u32 i = 0; i < r->n_srows; i++) {
			const struct qb_srow *s = &r->srows[i];
			double ns = qb_median(s->ns, s->n);
			char mm[32];

			snprintf(mm, sizeof(mm), "(%.1f-%.1f)", qb_min(s->ns, s->n),
				 qb_max(s->ns, s->n));
			fprintf(f, "%9u %9.1f %17s %7.2fx %14.0f %13.0f\n", s->flows,
				ns, mm, base > 0 ? ns / base : 0,
				qb_scale_bytes_per_flow(s->sc),
				qb_scale_rss_per_flow(s->sc));
		}
		fputc('\n', f);
	}
	if (r->n_mc) {
		fprintf(f, "TX offload on several cores (%s, %u B, %uK), one engine per core\n",
			qb_cipher_short(r->mc_cipher), r->mc_wire, r->mc_gso / 1024);
		for (u32 i = 0; i < r->n_mc; i++) {
			const struct qb_mcrow *m = &r->mc[i];

			fprintf(f, "  %u core%s: %8.2f Gbit/s (%.2f-%.2f)  x%.2f of 1 core\n",
				m->threads, m->threads > 1 ? "s" : " ",
				qb_median(m->gbps, m->n), qb_min(m->gbps, m->n),
				qb_max(m->gbps, m->n),
				qb_median(m->gbps, m->n) / qb_median(r->mc[0].gbps, r->mc[0].n));
		}
		fputc('\n', f);
	}
}

/* "x/results.csv" -> "x/results-scale.csv" */
char *qb_sibling(const char *path, const char *suffix)
{
	size_t n = strlen(path);
	char *p;

	if (n > 4 && !strcmp(path + n - 4, ".csv"))
		n -= 4;
	p = malloc(n + strlen(suffix) + 1);
	if (p) {
		memcpy(p, path, n);
		strcpy(p + n, suffix);
	}
	return p;
}

static int qb_csv_scale(const char *path, const struct qb_result *r)
{
	double base = r->n_srows ? qb_median(r->srows[0].ns, r->srows[0].n) : 0;
	FILE *f = fopen(path, "w");

	if (!f)
		return -errno;
	fprintf(f, "flows,payload_bytes,reps,ns_per_pkt_med,ns_per_pkt_min,"
		"ns_per_pkt_max,cyc_per_pkt,vs_1flow,heap_bytes_per_flow,"
		"rss_bytes_per_flow\n");
	for (u32 i = 0; i < r->n_srows; i++) {
		const struct qb_srow *s = &r->srows[i];
		double ns = qb_median(s->ns, s->n);

		fprintf(f, "%u,%d,%u,%.2f,%.2f,%.2f,%.1f,%.3f,%.0f,%.0f\n",
			s->flows, 48, s->n, ns, qb_min(s->ns, s->n),
			qb_max(s->ns, s->n), ns * r->tsc_hz / 1e9,
			base > 0 ? ns / base : 0, qb_scale_bytes_per_flow(s->sc),
			qb_scale_rss_per_flow(s->sc));
	}
	return fclose(f) ? -errno : 0;
}

int qb_report_csv(const char *path, const struct qb_result *r)
{
	FILE *f = fopen(path, "w");
	char *sp;
	int ret;

	if (!f)
		return -errno;
	fprintf(f, "section,cipher,wire,gso_bytes,seg_size,segs,variant,reps,"
		"gbps_med,gbps_min,gbps_max,mpps_med,cyc_per_byte,vs_software,vs_raw\n");
	for (int d = 0; d < 2; d++) {
		for (u32 i = 0; i < r->n_rows; i++) {
			const struct qb_row *w = &r->rows[i];
			int sw = QB_DIR_SW(d), raw = QB_DIR_RAW(d);

			for (int v = QB_DIR_FIRST(d); v < QB_DIR_END(d); v++) {
				const struct qb_series *s = &w->s[v];

				fprintf(f, "%s,%s,%u,%u,%u,%u,%s,%u,%.3f,%.3f,%.3f,%.4f,%.3f,%.3f,%.3f\n",
					qb_dir_name[d], qb_cipher_short(w->cipher), w->wire,
					w->gso_bytes, qb_case_seg_size(w->c),
					qb_case_burst_pkts(w->c), qb_variant_names[v], s->n,
					qb_median(s->gbps, s->n), qb_min(s->gbps, s->n),
					qb_max(s->gbps, s->n), qb_median(s->mpps, s->n),
					qb_cpb(s, r->tsc_hz), qb_ratio(s, &w->s[sw]),
					qb_ratio(s, &w->s[raw]));
			}
		}
	}
	for (u32 i = 0; i < r->n_mc; i++) {
		const struct qb_mcrow *m = &r->mc[i];
		double g = qb_median(m->gbps, m->n);

		/* vs_software holds the scaling over one core here */
		fprintf(f, "tx-cores,%s,%u,%u,%u,%u,offload-%ucore,%u,%.3f,%.3f,%.3f,%.4f,%.3f,%.3f,%.3f\n",
			qb_cipher_short(r->mc_cipher), r->mc_wire, r->mc_gso,
			r->mc_wire - QB_QHDR_LEN - QOE_TAG_LEN, 0, m->threads, m->n,
			g, qb_min(m->gbps, m->n), qb_max(m->gbps, m->n),
			g * 1e9 / 8 / (r->mc_wire - QB_QHDR_LEN - QOE_TAG_LEN) / 1e6,
			g > 0 ? r->tsc_hz * 8 * m->threads / (g * 1e9) : 0,
			g / qb_median(r->mc[0].gbps, r->mc[0].n), 0.0);
	}
	if (fclose(f))
		return -errno;
	sp = qb_sibling(path, "-scale.csv");
	if (!sp)
		return -ENOMEM;
	ret = qb_csv_scale(sp, r);
	free(sp);
	return ret;
}
