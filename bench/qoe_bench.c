// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * qoe-bench: the offload engine (TX GSO, RX + GRO) against a per-packet
 * software QUIC path on OpenSSL and the raw ipsec-mb AEAD bound, for each
 * cipher and wire size, plus RX cost against the number of flows.  All
 * variants run round-robin, repetition by repetition, in one process, so
 * frequency and noise drift hit them alike; ratios are taken per repetition.
 */
#include "bench.h"

#include <getopt.h>
#include <stdlib.h>
#include <unistd.h>

#define QOE_BENCH_LIST_MAX	8

struct qoe_bench_opts {
	bool quick;
	u32 reps;
	double ms;		/* per variant per repetition */
	u8 ciphers[QOE_BENCH_LIST_MAX];
	u32 n_ciphers;
	u32 sizes[QOE_BENCH_LIST_MAX];
	u32 n_sizes;
	u32 gsos[QOE_BENCH_LIST_MAX];
	u32 n_gsos;
	u32 flows[QOE_BENCH_LIST_MAX];
	u32 n_flows;
	unsigned int cores;
	const char *csv;
};

const char *qoe_bench_cipher_short(u8 cipher)
{
	switch (cipher) {
	case QOE_CIPHER_AES_128_GCM:
		return "aes128";
	case QOE_CIPHER_AES_256_GCM:
		return "aes256";
	case QOE_CIPHER_CHACHA20_POLY1305:
		return "chacha";
	default:
		return "?";
	}
}

static void qoe_bench_usage(FILE *f)
{
	fprintf(f,
		"usage: qoe-bench [--quick] [--reps N] [--ms MS] [--cipher LIST]\n"
		"                 [--size LIST] [--gso LIST] [--flows LIST] [--cores N]\n"
		"                 [--csv FILE]\n"
		"  --quick        smoke run: aes128, 1350 B, 64 KB, 3 reps, short runs\n"
		"  --reps N       repetitions, median reported (default 7, quick 3)\n"
		"  --ms MS        time per variant per repetition (default 40, quick 3)\n"
		"  --cipher LIST  aes128,aes256,chacha or all (default all)\n"
		"  --size LIST    wire (UDP payload) sizes (default 1200,1350,1452)\n"
		"  --gso LIST     super-packet plaintext KB (default 16,64)\n"
		"  --flows LIST   flow counts for RX cost vs scale (default\n"
		"                 1,1000,100000,1000000; quick 1,1000,100000; 0: skip)\n"
		"  --cores N      also TX on N cores at once, one engine each\n"
		"                 (default 2 if available, quick 0)\n"
		"  --csv FILE     write FILE and FILE-scale.csv\n"
		"  (plot a CSV: gnuplot -c bench/plot.gp FILE.csv, make plot CSV=FILE.csv)\n");
}

static int qoe_bench_parse_u32s(const char *s, u32 *out, u32 *n, u32 lo, u32 hi)
{
	char *end;

	*n = 0;
	do {
		unsigned long v = strtoul(s, &end, 10);

		if (end == s || v < lo || v > hi || *n >= QOE_BENCH_LIST_MAX)
			return -1;
		out[(*n)++] = (u32)v;
		s = end + (*end == ',');
	} while (*end == ',');
	return *end ? -1 : 0;
}

static int qoe_bench_parse_ciphers(const char *s, struct qoe_bench_opts *o)
{
	static const char *const names[] = { "aes128", "aes256", "chacha" };
	char buf[64], *tok, *save;

	if (!strcmp(s, "all")) {
		for (u32 i = 0; i < 3; i++)
			o->ciphers[i] = (u8)(i + 1);
		o->n_ciphers = 3;
		return 0;
	}
	snprintf(buf, sizeof(buf), "%s", s);
	o->n_ciphers = 0;
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		u32 i;

		for (i = 0; i < 3 && strcmp(tok, names[i]); i++)
			;
		if (i == 3 || o->n_ciphers >= QOE_BENCH_LIST_MAX)
			return -1;
		o->ciphers[o->n_ciphers++] = (u8)(i + 1);
	}
	return o->n_ciphers ? 0 : -1;
}

static int qoe_bench_parse(int argc, char **argv, struct qoe_bench_opts *o)
{
	static const struct option lo[] = {
		{ "quick", no_argument, NULL, 'q' },
		{ "reps", required_argument, NULL, 'r' },
		{ "ms", required_argument, NULL, 'm' },
		{ "cipher", required_argument, NULL, 'c' },
		{ "size", required_argument, NULL, 's' },
		{ "gso", required_argument, NULL, 'g' },
		{ "flows", required_argument, NULL, 'f' },
		{ "cores", required_argument, NULL, 'n' },
		{ "csv", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	bool set_c = false, set_s = false, set_g = false, set_f = false;
	bool set_r = false, set_m = false, set_n = false;
	u32 n;
	int ch;

	memset(o, 0, sizeof(*o));
	while ((ch = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (ch) {
		case 'q':
			o->quick = true;
			break;
		case 'r':
			if (qoe_bench_parse_u32s(optarg, &o->reps, &n, 1, QOE_BENCH_MAX_REPS) || n != 1)
				goto bad;
			set_r = true;
			break;
		case 'm':
			o->ms = strtod(optarg, NULL);
			if (!(o->ms > 0 && o->ms <= 10000))
				goto bad;
			set_m = true;
			break;
		case 'c':
			if (qoe_bench_parse_ciphers(optarg, o))
				goto bad;
			set_c = true;
			break;
		case 's':
			if (qoe_bench_parse_u32s(optarg, o->sizes, &o->n_sizes, 64, 1500))
				goto bad;
			set_s = true;
			break;
		case 'g':
			if (qoe_bench_parse_u32s(optarg, o->gsos, &o->n_gsos, 1, 64))
				goto bad;
			set_g = true;
			break;
		case 'f':
			if (qoe_bench_parse_u32s(optarg, o->flows, &o->n_flows, 0,
					  QOE_HANDLE_SLOT_MASK - 1))
				goto bad;
			if (o->n_flows == 1 && !o->flows[0])
				o->n_flows = 0;
			set_f = true;
			break;
		case 'n':
			if (qoe_bench_parse_u32s(optarg, &o->cores, &n, 0, QOE_BENCH_MC_MAX) || n != 1)
				goto bad;
			set_n = true;
			break;
		case 'o':
			o->csv = optarg;
			break;
		case 'h':
			qoe_bench_usage(stdout);
			exit(0);
		default:
			goto usage;
		}
	}
	if (optind != argc)
		goto usage;
	if (!set_r)
		o->reps = o->quick ? 3 : 7;
	if (!set_m)
		o->ms = o->quick ? 3 : 40;
	if (!set_c)
		qoe_bench_parse_ciphers(o->quick ? "aes128" : "all", o);
	if (!set_s)
		qoe_bench_parse_u32s(o->quick ? "1350" : "1200,1350,1452", o->sizes,
			      &o->n_sizes, 0, ~0U);
	if (!set_g)
		qoe_bench_parse_u32s(o->quick ? "64" : "16,64", o->gsos, &o->n_gsos, 0, ~0U);
	if (!set_f)
		qoe_bench_parse_u32s(o->quick ? "1,1000,100000" : "1,1000,100000,1000000",
			      o->flows, &o->n_flows, 0, ~0U);
	if (!set_n)
		o->cores = o->quick || sysconf(_SC_NPROCESSORS_ONLN) < 2 ? 0 : 2;
	return 0;
bad:
	fprintf(stderr, "qoe-bench: bad option value '%s'\n", optarg);
usage:
	qoe_bench_usage(stderr);
	return -1;
}

static u32 qoe_bench_calibrate(struct qoe_bench_case *c,
			       enum qoe_bench_variant v, double cycles)
{
	u64 one;

	qoe_bench_case_run(c, v, 2);		/* warm caches and branch predictors */
	one = qoe_bench_case_run(c, v, 4) / 4;
	if (!one)
		one = 1;
	return cycles / one < 1 ? 1 : (u32)(cycles / one);
}

static int qoe_bench_setup(struct qoe_bench_backends *be, const struct qoe_bench_opts *o,
		    struct qoe_bench_result *r, double target)
{
	char err[200];

	r->rows = calloc((size_t)o->n_ciphers * o->n_sizes * o->n_gsos, sizeof(*r->rows));
	r->srows = calloc(o->n_flows + 1, sizeof(*r->srows));
	if (!r->rows || !r->srows)
		return -ENOMEM;
	for (u32 ci = 0; ci < o->n_ciphers; ci++)
		for (u32 gi = 0; gi < o->n_gsos; gi++)
			for (u32 si = 0; si < o->n_sizes; si++) {
				struct qoe_bench_row *w = &r->rows[r->n_rows];

				w->cipher = o->ciphers[ci];
				w->wire = o->sizes[si];
				w->gso_bytes = o->gsos[gi] * 1024;
				w->c = qoe_bench_case_new(be, w->cipher, w->wire, w->gso_bytes,
						   err, sizeof(err));
				if (!w->c || qoe_bench_case_verify(w->c, err, sizeof(err))) {
					fprintf(stderr, "qoe-bench: %s %u B %u KB: %s\n",
						qoe_bench_cipher_short(w->cipher), w->wire,
						o->gsos[gi], err);
					qoe_bench_case_free(w->c);
					w->c = NULL;
					return -EINVAL;
				}
				r->n_rows++;
				for (int v = 0; v < QOE_BENCH_VARIANTS; v++)
					w->bursts[v] = qoe_bench_calibrate(w->c, v, target);
			}
	for (u32 i = 0; i < o->n_flows; i++) {
		struct qoe_bench_srow *s = &r->srows[r->n_srows];
		double t0 = qoe_bench_now();

		s->flows = o->flows[i];
		s->sc = qoe_bench_scale_new(be, s->flows, o->quick ? 4096 : 32768, err,
				     sizeof(err));
		if (!s->sc) {
			fprintf(stderr, "qoe-bench: %u flows: %s\n", s->flows, err);
			return -EINVAL;
		}
		if (!qoe_bench_scale_run(s->sc, 1024)) {
			fprintf(stderr, "qoe-bench: %u flows: RX refused a packet\n",
				s->flows);
			return -EINVAL;
		}
		fprintf(stderr, "qoe-bench: %u flows set up in %.2f s\n", s->flows,
			qoe_bench_now() - t0);
		r->n_srows++;
	}
	return 0;
}

static int qoe_bench_measure(const struct qoe_bench_opts *o, struct qoe_bench_result *r,
		      double target)
{
	u32 spkts = 0;

	if (r->n_srows) {
		u64 c = qoe_bench_scale_run(r->srows[0].sc, 4096);

		spkts = c ? (u32)(target / ((double)c / 4096)) : 4096;
		if (spkts < 256)
			spkts = 256;
	}
	for (u32 rep = 0; rep < o->reps; rep++) {
		for (u32 i = 0; i < r->n_rows; i++) {
			struct qoe_bench_row *w = &r->rows[i];

			for (int v = 0; v < QOE_BENCH_VARIANTS; v++) {
				u64 cyc = qoe_bench_case_run(w->c, v, w->bursts[v]);

				qoe_bench_series_add(&w->s[v], cyc,
					      qoe_bench_case_burst_bytes(w->c) * w->bursts[v],
					      (u64)qoe_bench_case_burst_pkts(w->c) * w->bursts[v],
					      r->tsc_hz);
			}
			if (qoe_bench_case_bad(w->c)) {
				fprintf(stderr, "qoe-bench: %s %u B: a timed run "
					"returned an error status\n",
					qoe_bench_cipher_short(w->cipher), w->wire);
				return -EIO;
			}
		}
		for (u32 i = 0; i < r->n_srows; i++) {
			struct qoe_bench_srow *s = &r->srows[i];
			u64 cyc = qoe_bench_scale_run(s->sc, spkts);

			if (!cyc) {
				fprintf(stderr, "qoe-bench: %u flows: RX refused a packet\n",
					s->flows);
				return -EIO;
			}
			s->ns[s->n++] = (double)cyc / spkts / r->tsc_hz * 1e9;
		}
		fprintf(stderr, "qoe-bench: repetition %u/%u done\n", rep + 1, o->reps);
	}
	return 0;
}

static int qoe_bench_measure_cores(const struct qoe_bench_opts *o,
				   struct qoe_bench_result *r)
{
	double secs = o->ms * 4e-3;

	r->mc_cipher = QOE_CIPHER_AES_128_GCM;
	r->mc_wire = 1350;
	r->mc_gso = 64 * 1024;
	r->mc[0].threads = 1;
	r->mc[1].threads = o->cores;
	r->n_mc = 2;
	for (u32 rep = 0; rep < o->reps; rep++)
		for (u32 i = 0; i < 2; i++) {
			struct qoe_bench_mcrow *m = &r->mc[i];
			/* one thread alone: alternate CPUs, both get sampled */
			unsigned int shared;
			int err = qoe_bench_multicore(m->threads, rep % o->cores,
					       r->mc_cipher, r->mc_wire, r->mc_gso,
					       secs, &m->gbps[m->n], &shared);

			if (err) {
				fprintf(stderr, "qoe-bench: %u-core TX failed: %s\n",
					m->threads, strerror(-err));
				return err;
			}
			m->n++;
			if (shared > m->shared)
				m->shared = shared;
		}
	return 0;
}

/*
 * The host's cost of TX offload, the device on the other CPU: 64 KB
 * super-packets, and one 1350 B packet per request.
 */
static int qoe_bench_measure_host(const struct qoe_bench_opts *o,
				  struct qoe_bench_result *r)
{
	r->hc[0].gso_bytes = 64 * 1024;
	r->hc[1].gso_bytes = 1350 - QOE_BENCH_QHDR_LEN - QOE_TAG_LEN;
	r->n_hc = 2;
	for (u32 rep = 0; rep < o->reps; rep++) {
		for (u32 i = 0; i < r->n_hc; i++) {
			struct qoe_bench_hcrow *w = &r->hc[i];
			struct qoe_bench_hc h = { .tsc_hz = r->tsc_hz };
			int err = qoe_bench_hostcost(QOE_CIPHER_AES_128_GCM, 1350,
						     w->gso_bytes, o->ms * 4e-3,
						     rep % 2, (rep + 1) % 2, &h);

			if (err || !h.bytes) {
				fprintf(stderr, "qoe-bench: host cost run failed: %s\n",
					strerror(err ? -err : EIO));
				return err ? err : -EIO;
			}
			w->host_cpb[w->n] = (double)h.host_cycles / (double)h.bytes;
			w->dev_cpb[w->n] = (double)h.dev_cycles / (double)h.bytes;
			w->gbps[w->n] = (double)h.bytes * 8 / h.seconds / 1e9;
			w->n++;
		}
	}
	return 0;
}

static void qoe_bench_target(const char *what, double v, bool at_least,
			     double bound, const char *unit)
{
	bool met = at_least ? v >= bound : v <= bound;

	printf("target %s %s %.2f%s: %.2f%s %s\n", what, at_least ? ">=" : "<=",
	       bound, unit, v, unit, met ? "met" : "MISSED");
}

static const struct qoe_bench_srow *qoe_bench_srow_of(const struct qoe_bench_result *r,
						      u32 flows)
{
	for (u32 i = 0; i < r->n_srows; i++)
		if (r->srows[i].flows == flows)
			return &r->srows[i];
	return NULL;
}

/*
 * The performance targets (Documentation/performance.rst), each from this
 * run's medians: AES-128-GCM, 1350 B, the largest super-packet; RX cost
 * against the 1-flow row; two cores against one.
 */
static void qoe_bench_targets(const struct qoe_bench_result *r)
{
	const struct qoe_bench_srow *one = qoe_bench_srow_of(r, 1);
	const struct qoe_bench_row *best = qoe_bench_headline_row(r);

	for (u32 i = 0; best && i < r->n_hc; i++) {
		double sw = qoe_bench_sw_cpb(r);
		double host = qoe_bench_median(r->hc[i].host_cpb, r->hc[i].n);
		char what[80];

		snprintf(what, sizeof(what), "host cycles/B software crypto/offload, %s",
			 r->hc[i].gso_bytes >= 65536 ? "64K requests" : "1350 B requests");
		qoe_bench_target(what, host > 0 ? sw / host : 0, true, 20, "x");
	}
	if (best) {
		const struct qoe_bench_series *s = best->s;

		qoe_bench_target("TX offload/software", qoe_bench_ratio(&s[QOE_BENCH_TX_OFFLOAD],
			&s[QOE_BENCH_TX_SOFTWARE]), true, 1.5, "x");
		qoe_bench_target("TX offload/raw-aead", qoe_bench_ratio(&s[QOE_BENCH_TX_OFFLOAD],
			&s[QOE_BENCH_TX_RAW]), true, 0.9, "x");
		/* what the checksum alone leaves of the bound */
		printf("  (raw-aead plus the UDP checksums alone: %.2fx)\n",
		       qoe_bench_ratio(&s[QOE_BENCH_TX_RAW_CSUM], &s[QOE_BENCH_TX_RAW]));
		qoe_bench_target("RX offload+gro/software", qoe_bench_ratio(&s[QOE_BENCH_RX_OFFLOAD],
			&s[QOE_BENCH_RX_SOFTWARE]), true, 1.4, "x");
		qoe_bench_target("RX offload+gro/raw-aead", qoe_bench_ratio(&s[QOE_BENCH_RX_OFFLOAD],
			&s[QOE_BENCH_RX_RAW]), true, 0.8, "x");
		printf("  (raw-aead plus the UDP checksum checks alone: %.2fx)\n",
		       qoe_bench_ratio(&s[QOE_BENCH_RX_RAW_CSUM], &s[QOE_BENCH_RX_RAW]));
	}
	if (one && one == &r->srows[0]) {	/* ratios are to the first row */
		static const struct {
			u32 flows;
			double bound;
		} cost[] = { { 100000, 1.5 }, { 1000000, 2.0 } };
		const struct qoe_bench_srow *big = NULL;
		char what[64];

		for (u32 i = 0; i < ARRAY_SIZE(cost); i++) {
			const struct qoe_bench_srow *s = qoe_bench_srow_of(r, cost[i].flows);

			if (!s)
				continue;
			snprintf(what, sizeof(what), "RX cost at %u flows/1 flow", s->flows);
			qoe_bench_target(what, qoe_bench_scale_ratio(r, s), false,
					 cost[i].bound, "x");
			big = s;
		}
		if (big && big->flows >= 1000000) {
			snprintf(what, sizeof(what), "state per flow at %u flows", big->flows);
			qoe_bench_target(what, qoe_bench_scale_bytes_per_flow(big->sc), false,
					 512, " B");
		}
	}
	if (r->n_mc > 1)
		qoe_bench_target("TX 2 cores/1 core", qoe_bench_median(r->mc[1].gbps, r->mc[1].n) /
				 qoe_bench_median(r->mc[0].gbps, r->mc[0].n), true, 1.9, "x");
}

static void qoe_bench_result_free(struct qoe_bench_result *r)
{
	for (u32 i = 0; i < r->n_rows; i++)
		qoe_bench_case_free(r->rows[i].c);
	for (u32 i = 0; i < r->n_srows; i++)
		qoe_bench_scale_free(r->srows[i].sc);
	free(r->rows);
	free(r->srows);
}

int main(int argc, char **argv)
{
	struct qoe_bench_backends be = { 0 };
	struct qoe_bench_result r = { 0 };
	struct qoe_bench_opts o;
	int err, ret = 1;

	if (qoe_bench_parse(argc, argv, &o))
		return 2;
	setvbuf(stdout, NULL, _IOLBF, 0);
	r.reps = o.reps;
	qoe_bench_provenance_take();	/* the load before we add to it */
	r.tsc_hz = qoe_bench_tsc_hz(o.quick ? 20 : 100);
	err = qoe_crypto_ipsecmb_init(&be.imb);
	if (err) {
		fprintf(stderr, "qoe-bench: ipsec-mb backend: %s\n", strerror(-err));
		return 1;
	}
	err = qoe_crypto_openssl_init(&be.ossl);
	if (err) {
		fprintf(stderr, "qoe-bench: openssl backend: %s\n", strerror(-err));
		goto out;
	}
	if (qoe_bench_setup(&be, &o, &r, o.ms * 1e-3 * r.tsc_hz) ||
	    qoe_bench_measure(&o, &r, o.ms * 1e-3 * r.tsc_hz))
		goto out;
	if (o.cores >= 2 && qoe_bench_measure_cores(&o, &r))
		goto out;
	if (sysconf(_SC_NPROCESSORS_ONLN) >= 2 && qoe_bench_measure_host(&o, &r))
		goto out;
	qoe_bench_report_table(stdout, &r);
	qoe_bench_targets(&r);
	if (o.csv) {
		err = qoe_bench_report_csv(o.csv, &r);
		if (err) {
			fprintf(stderr, "qoe-bench: %s: %s\n", o.csv, strerror(-err));
			goto out;
		}
	}
	ret = 0;
out:
	qoe_bench_result_free(&r);
	if (be.ossl.ops)
		qoe_crypto_fini(&be.ossl);
	qoe_crypto_fini(&be.imb);
	return ret;
}
