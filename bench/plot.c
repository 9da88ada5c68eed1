// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * The PNG: a gnuplot script with the run's numbers inline, piped to
 * gnuplot.  Throughput of the three variants per configuration (TX, RX),
 * the offload/software ratios against the targets, and RX cost vs flows.
 */
#include "bench.h"

#include <stdlib.h>

static void qoe_bench_plot_bars(FILE *g, const char *name,
				const struct qoe_bench_result *r,
			 int d)
{
	fprintf(g, "$%s << EOD\n", name);
	for (u32 i = 0; i < r->n_rows; i++) {
		const struct qoe_bench_row *w = &r->rows[i];

		fprintf(g, "\"%s/%u/%uK\"", qoe_bench_cipher_short(w->cipher), w->wire,
			w->gso_bytes / 1024);
		for (int v = QOE_BENCH_DIR_FIRST(d); v < QOE_BENCH_DIR_END(d); v++) {
			const struct qoe_bench_series *s = &w->s[v];

			fprintf(g, " %.3f %.3f %.3f", qoe_bench_median(s->gbps, s->n),
				qoe_bench_min(s->gbps, s->n), qoe_bench_max(s->gbps, s->n));
		}
		fputc('\n', g);
	}
	fprintf(g, "EOD\n");
}

int qoe_bench_plot(const char *png, const struct qoe_bench_result *r)
{
	FILE *g = popen("gnuplot", "w");
	int st;

	if (!g)
		return -errno;
	qoe_bench_plot_bars(g, "tx", r, 0);
	qoe_bench_plot_bars(g, "rx", r, 1);
	fprintf(g, "$ratio << EOD\n");
	for (u32 i = 0; i < r->n_rows; i++) {
		const struct qoe_bench_row *w = &r->rows[i];

		fprintf(g, "\"%s/%u/%uK\" %.3f %.3f %.3f\n", qoe_bench_cipher_short(w->cipher),
			w->wire, w->gso_bytes / 1024,
			qoe_bench_ratio(&w->s[QOE_BENCH_TX_OFFLOAD], &w->s[QOE_BENCH_TX_SOFTWARE]),
			qoe_bench_ratio(&w->s[QOE_BENCH_TX_OFFLOAD], &w->s[QOE_BENCH_TX_RAW]),
			qoe_bench_ratio(&w->s[QOE_BENCH_RX_OFFLOAD], &w->s[QOE_BENCH_RX_SOFTWARE]));
	}
	fprintf(g, "EOD\n$scale << EOD\n");
	for (u32 i = 0; i < r->n_srows; i++) {
		const struct qoe_bench_srow *s = &r->srows[i];

		fprintf(g, "%u %.2f %.2f %.2f\n", s->flows, qoe_bench_median(s->ns, s->n),
			qoe_bench_min(s->ns, s->n), qoe_bench_max(s->ns, s->n));
	}
	fprintf(g, "EOD\n");
	fprintf(g,
		"set terminal pngcairo size 1600,1200 font ',10' noenhanced\n"
		"set output '%s'\n"
		"set multiplot layout 2,2 title 'qoe-bench: offload engine vs per-packet software vs raw ipsec-mb AEAD "
		"(TSC %.2f GHz, median of %u, bars min-max)'\n"
		"set style data histogram\n"
		"set style histogram errorbars gap 1 lw 1\n"
		"set style fill solid 0.8 border -1\n"
		"set xtics rotate by -45 scale 0\n"
		"set grid ytics\n"
		"set key top right\n"
		"set ylabel 'payload Gbit/s'\n"
		"set yrange [0:*]\n"
		"set title 'TX (GSO super-packet -> wire packets)'\n"
		"plot $tx using 2:3:4:xtic(1) title 'offload', '' using 5:6:7 title 'software', "
		"'' using 8:9:10 title 'raw AEAD bound'\n"
		"set title 'RX (in place + GRO)'\n"
		"plot $rx using 2:3:4:xtic(1) title 'offload+gro', '' using 5:6:7 title 'offload (no GRO)', "
		"'' using 8:9:10 title 'software', '' using 11:12:13 title 'raw AEAD bound'\n"
		"set style histogram clustered gap 1\n"
		"set title 'ratios (targets: TX/sw 1.5, TX/raw 0.85, RX/sw 1.4 at aes128/1350)'\n"
		"set ylabel 'ratio'\n"
		"plot $ratio using 2:xtic(1) title 'TX offload/software', '' using 3 title 'TX offload/raw', "
		"'' using 4 title 'RX offload/software', 1.5 with lines dt 2 lc 'black' title '1.5', "
		"0.85 with lines dt 3 lc 'black' title '0.85'\n"
		"unset style\n"
		"set style data linespoints\n"
		"set xtics norotate\n"
		"set logscale x\n"
		"set xrange [0.5:4e6]\n"
		"set title 'RX cost per packet vs flows (random flow each packet)'\n"
		"set xlabel 'flows'\n"
		"set ylabel 'ns per packet'\n"
		"plot $scale using 1:2:3:4 with yerrorlines lw 2 title 'offload RX'\n"
		"unset multiplot\n", png, r->tsc_hz / 1e9, r->reps);
	st = pclose(g);
	if (st == -1)
		return -errno;
	return st ? -EIO : 0;
}
