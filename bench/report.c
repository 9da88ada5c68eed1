// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/* The terminal table and the CSV files of one run. */
#include "bench.h"

#include <stdlib.h>

static const char *const qoe_bench_dir_name[2] = { "tx", "rx" };

double qoe_bench_ratio(const struct qoe_bench_series *a, const struct qoe_bench_series *b)
{
	double r[QOE_BENCH_MAX_REPS];
	u32 n = a->n < b->n ? a->n : b->n;

	/* the same repetition of both ran back to back: drift cancels */
	for (u32 i = 0; i < n; i++)
		r[i] = b->gbps[i] > 0 ? a->gbps[i] / b->gbps[i] : 0;
	return qoe_bench_median(r, n);
}

double qoe_bench_series_cpb(const struct qoe_bench_series *s, double tsc_hz)
{
	double g = qoe_bench_median(s->gbps, s->n);

	return g > 0 ? tsc_hz * 8 / (g * 1e9) : 0;
}

/*
 * Like the throughput ratios, per repetition: both rows ran in the same
 * repetition, a neighbour's burst moves both or is one sample of many.
 */
double qoe_bench_scale_ratio(const struct qoe_bench_result *r,
			     const struct qoe_bench_srow *s)
{
	const struct qoe_bench_srow *one = &r->srows[0];
	double v[QOE_BENCH_MAX_REPS];
	u32 n = 0;

	for (u32 i = 0; i < s->n && i < one->n; i++)
		if (one->ns[i] > 0)
			v[n++] = s->ns[i] / one->ns[i];
	return n ? qoe_bench_median(v, n) : 0;
}

const struct qoe_bench_row *qoe_bench_headline_row(const struct qoe_bench_result *r)
{
	const struct qoe_bench_row *best = NULL;

	for (u32 i = 0; i < r->n_rows; i++) {
		const struct qoe_bench_row *w = &r->rows[i];

		if (w->cipher == QOE_CIPHER_AES_128_GCM && w->wire == 1350 &&
		    (!best || w->gso_bytes > best->gso_bytes))
			best = w;
	}
	return best;
}

double qoe_bench_sw_cpb(const struct qoe_bench_result *r)
{
	const struct qoe_bench_row *w = qoe_bench_headline_row(r);

	return w ? qoe_bench_series_cpb(&w->s[QOE_BENCH_TX_SOFTWARE], r->tsc_hz) : 0;
}

static void qoe_bench_report_host(FILE *f, const struct qoe_bench_result *r)
{
	double sw = qoe_bench_sw_cpb(r);

	fprintf(f, "Host cost of TX offload (aes128, 1350 B; the device polled on a "
		"core of its own)\n");
	fprintf(f, "%-9s %14s %17s %14s %10s %12s\n", "request", "host cyc/B",
		"(min-max)", "device cyc/B", "Gbit/s", "host saves");
	for (u32 i = 0; i < r->n_hc; i++) {
		const struct qoe_bench_hcrow *w = &r->hc[i];
		double host = qoe_bench_median(w->host_cpb, w->n);
		char mm[40], req[16];

		snprintf(mm, sizeof(mm), "(%.4f-%.4f)", qoe_bench_min(w->host_cpb, w->n),
			 qoe_bench_max(w->host_cpb, w->n));
		if (w->gso_bytes >= 65536)
			snprintf(req, sizeof(req), "%uK", w->gso_bytes / 1024);
		else
			snprintf(req, sizeof(req), "1 packet");
		fprintf(f, "%-9s %14.4f %17s %14.4f %10.2f %11.0fx\n", req, host, mm,
			qoe_bench_median(w->dev_cpb, w->n), qoe_bench_median(w->gbps, w->n),
			host > 0 ? sw / host : 0);
	}
	fprintf(f, "(host: TX headers, descriptors, completions; software crypto on the "
		"host: %.4f cyc/B, the tx software row)\n\n", sw);
}

void qoe_bench_report_table(FILE *f, const struct qoe_bench_result *r)
{
	double load[1] = { 0 };

	/* other jobs on the machine show in the spread: say how busy it was */
	getloadavg(load, 1);
	fprintf(f, "\nqoe-bench: TSC %.3f GHz, median of %u repetitions (min-max), "
		"payload Gbit/s, cycles are TSC cycles, load average %.2f\n\n",
		r->tsc_hz / 1e9, r->reps, load[0]);
	if (r->n_hc)
		qoe_bench_report_host(f, r);
	fprintf(f, "%-3s %-8s %5s %5s %4s %-12s %8s %17s %7s %6s %7s %7s\n",
		"dir", "cipher", "wire", "gso", "segs", "variant", "Gbit/s",
		"(min-max)", "Mpps", "cyc/B", "vs-sw", "vs-raw");
	for (int d = 0; d < 2; d++) {
		for (u32 i = 0; i < r->n_rows; i++) {
			const struct qoe_bench_row *w = &r->rows[i];
			int sw = QOE_BENCH_DIR_SW(d), raw = QOE_BENCH_DIR_RAW(d);

			for (int v = QOE_BENCH_DIR_FIRST(d); v < QOE_BENCH_DIR_END(d); v++) {
				const struct qoe_bench_series *s = &w->s[v];
				char mm[32];

				snprintf(mm, sizeof(mm), "(%.2f-%.2f)",
					 qoe_bench_min(s->gbps, s->n), qoe_bench_max(s->gbps, s->n));
				fprintf(f, "%-3s %-8s %5u %4uK %4u %-12s %8.2f %17s %7.3f %6.2f",
					qoe_bench_dir_name[d], qoe_bench_cipher_short(w->cipher),
					w->wire, w->gso_bytes / 1024,
					qoe_bench_case_burst_pkts(w->c), qoe_bench_variant_names[v],
					qoe_bench_median(s->gbps, s->n), mm,
					qoe_bench_median(s->mpps, s->n), qoe_bench_series_cpb(s, r->tsc_hz));
				if (v != sw && v != raw)
					fprintf(f, " %6.2fx %6.2fx", qoe_bench_ratio(s, &w->s[sw]),
						qoe_bench_ratio(s, &w->s[raw]));
				fputc('\n', f);
			}
		}
		fputc('\n', f);
	}
	if (r->n_srows) {
		fprintf(f, "RX cost vs flows (AES-128-GCM, 48-byte payload, bursts of 32 random flows)\n");
		fprintf(f, "%9s %9s %17s %8s %12s %12s\n", "flows", "ns/pkt",
			"(min-max)", "vs-1", "B/flow", "(tables)");
		for (u32 i = 0; i < r->n_srows; i++) {
			const struct qoe_bench_srow *s = &r->srows[i];
			double ns = qoe_bench_median(s->ns, s->n);
			char mm[32];

			snprintf(mm, sizeof(mm), "(%.1f-%.1f)", qoe_bench_min(s->ns, s->n),
				 qoe_bench_max(s->ns, s->n));
			fprintf(f, "%9u %9.1f %17s %7.2fx %12.0f %12.0f\n",
				s->flows, ns, mm, qoe_bench_scale_ratio(r, s),
				qoe_bench_scale_bytes_per_flow(s->sc),
				qoe_bench_scale_table_per_flow(s->sc));
		}
		fputc('\n', f);
	}
	if (r->n_mc) {
		fprintf(f, "TX offload on several cores (%s, %u B, %uK), one engine and one ipsec-mb copy per core\n",
			qoe_bench_cipher_short(r->mc_cipher), r->mc_wire, r->mc_gso / 1024);
		for (u32 i = 0; i < r->n_mc; i++) {
			const struct qoe_bench_mcrow *m = &r->mc[i];

			fprintf(f, "  %u core%s: %8.2f Gbit/s (%.2f-%.2f)  x%.2f of 1 core\n",
				m->threads, m->threads > 1 ? "s" : " ",
				qoe_bench_median(m->gbps, m->n), qoe_bench_min(m->gbps, m->n),
				qoe_bench_max(m->gbps, m->n),
				qoe_bench_median(m->gbps, m->n) / qoe_bench_median(r->mc[0].gbps, r->mc[0].n));
			if (m->shared)
				fprintf(f, "    (%u of %u threads shared the process's ipsec-mb copy)\n",
					m->shared, m->threads);
		}
		fputc('\n', f);
	}
}

/* "x/results.csv" -> "x/results-scale.csv" */
char *qoe_bench_sibling(const char *path, const char *suffix)
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

static int qoe_bench_csv_scale(const char *path, const struct qoe_bench_result *r)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -errno;
	qoe_bench_provenance_write(f, r);
	fprintf(f, "flows,payload_bytes,reps,ns_per_pkt_med,ns_per_pkt_min,"
		"ns_per_pkt_max,cyc_per_pkt,vs_1flow,bytes_per_flow,"
		"table_bytes_per_flow\n");
	for (u32 i = 0; i < r->n_srows; i++) {
		const struct qoe_bench_srow *s = &r->srows[i];
		double ns = qoe_bench_median(s->ns, s->n);

		fprintf(f, "%u,%d,%u,%.2f,%.2f,%.2f,%.1f,%.3f,%.0f,%.0f\n",
			s->flows, 48, s->n, ns, qoe_bench_min(s->ns, s->n),
			qoe_bench_max(s->ns, s->n), ns * r->tsc_hz / 1e9,
			qoe_bench_scale_ratio(r, s), qoe_bench_scale_bytes_per_flow(s->sc),
			qoe_bench_scale_table_per_flow(s->sc));
	}
	return fclose(f) ? -errno : 0;
}

int qoe_bench_report_csv(const char *path, const struct qoe_bench_result *r)
{
	FILE *f = fopen(path, "w");
	char *sp;
	int ret;

	if (!f)
		return -errno;
	qoe_bench_provenance_write(f, r);
	fprintf(f, "section,cipher,wire,gso_bytes,seg_size,segs,variant,reps,"
		"gbps_med,gbps_min,gbps_max,mpps_med,cyc_per_byte,vs_software,vs_raw\n");
	for (int d = 0; d < 2; d++) {
		for (u32 i = 0; i < r->n_rows; i++) {
			const struct qoe_bench_row *w = &r->rows[i];
			int sw = QOE_BENCH_DIR_SW(d), raw = QOE_BENCH_DIR_RAW(d);

			for (int v = QOE_BENCH_DIR_FIRST(d); v < QOE_BENCH_DIR_END(d); v++) {
				const struct qoe_bench_series *s = &w->s[v];

				fprintf(f, "%s,%s,%u,%u,%u,%u,%s,%u,%.3f,%.3f,%.3f,%.4f,%.3f,%.3f,%.3f\n",
					qoe_bench_dir_name[d], qoe_bench_cipher_short(w->cipher), w->wire,
					w->gso_bytes, qoe_bench_case_seg_size(w->c),
					qoe_bench_case_burst_pkts(w->c), qoe_bench_variant_names[v], s->n,
					qoe_bench_median(s->gbps, s->n), qoe_bench_min(s->gbps, s->n),
					qoe_bench_max(s->gbps, s->n), qoe_bench_median(s->mpps, s->n),
					qoe_bench_series_cpb(s, r->tsc_hz), qoe_bench_ratio(s, &w->s[sw]),
					qoe_bench_ratio(s, &w->s[raw]));
			}
		}
	}
	for (u32 i = 0; i < r->n_mc; i++) {
		const struct qoe_bench_mcrow *m = &r->mc[i];
		double g = qoe_bench_median(m->gbps, m->n);

		/* vs_software holds the scaling over one core here */
		fprintf(f, "tx-cores,%s,%u,%u,%u,%u,offload-%ucore,%u,%.3f,%.3f,%.3f,%.4f,%.3f,%.3f,%.3f\n",
			qoe_bench_cipher_short(r->mc_cipher), r->mc_wire, r->mc_gso,
			r->mc_wire - QOE_BENCH_QHDR_LEN - QOE_TAG_LEN, 0, m->threads, m->n,
			g, qoe_bench_min(m->gbps, m->n), qoe_bench_max(m->gbps, m->n),
			g * 1e9 / 8 / (r->mc_wire - QOE_BENCH_QHDR_LEN - QOE_TAG_LEN) / 1e6,
			g > 0 ? r->tsc_hz * 8 * m->threads / (g * 1e9) : 0,
			g / qoe_bench_median(r->mc[0].gbps, r->mc[0].n), 0.0);
	}
	for (u32 i = 0; i < r->n_hc; i++) {
		const struct qoe_bench_hcrow *h = &r->hc[i];
		u32 seg = 1350 - QOE_BENCH_QHDR_LEN - QOE_TAG_LEN;
		double sw = qoe_bench_sw_cpb(r), g = qoe_bench_median(h->gbps, h->n);
		const double *cpb[2] = { h->host_cpb, h->dev_cpb };
		static const char *const who[2] = { "host", "device" };

		/* vs_software: software crypto's cycles/B over this one's */
		for (int k = 0; k < 2; k++) {
			double c = qoe_bench_median(cpb[k], h->n);

			fprintf(f, "host-cost,aes128,1350,%u,%u,%u,%s,%u,%.3f,%.3f,%.3f,%.4f,%.5f,%.3f,0\n",
				h->gso_bytes, seg, h->gso_bytes / seg, who[k], h->n, g,
				qoe_bench_min(h->gbps, h->n), qoe_bench_max(h->gbps, h->n),
				g * 1e9 / 8 / seg / 1e6, c, c > 0 ? sw / c : 0);
		}
	}
	if (fclose(f))
		return -errno;
	sp = qoe_bench_sibling(path, "-scale.csv");
	if (!sp)
		return -ENOMEM;
	ret = qoe_bench_csv_scale(sp, r);
	free(sp);
	return ret;
}
