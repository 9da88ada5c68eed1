# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Sourced inside UML by scripts/uml-quic.sh --perf (make bench-quic): lxin's
# perf_test from netns c (qoe0) to netns s (qoe1), with quic-offload on and
# off on both devices, interleaved, RUNS times each.  Records per run the
# client's CPU time (tests/quic/cpu_of.py), the whole kernel's (/proc/stat),
# both stacks' counters and both devices' counters, engine time included
# (tx_engine_ns, rx_engine_ns), and over virtio the firmware process's
# worker CPU time (FWSTATS, written by qoe-firmware -s);
# tests/quic/perf_report.py turns them into a table on the host.
# Environment: OUT, T, Q, TOT (bytes per run), RUNS.

. "$Q/uml-common.sh"
echo "netns ok" >"$OUT/setup"

for i in $(seq "$RUNS"); do
	for mode in on off; do
		name=perf-$mode-$i
		$C ethtool -K qoe0 quic-offload $mode
		$S ethtool -K qoe1 quic-offload $mode
		rec "$name.before"
		head -1 /proc/stat >"$OUT/$name.before.stat"
		# over virtio: the firmware process's CPU time (qoe-firmware -s)
		[ -n "${FWSTATS:-}" ] && cp "$FWSTATS" "$OUT/$name.before.fw"
		server "$name" ./perf_test -l --pkey ./keys/server-key.pem \
			--cert ./keys/server-cert.pem
		client "$name" python3 "$Q/cpu_of.py" "$OUT/$name.cpu" \
			./perf_test --addr 10.9.0.2 --tot_len "$TOT"
		head -1 /proc/stat >"$OUT/$name.after.stat"
		[ -n "${FWSTATS:-}" ] && cp "$FWSTATS" "$OUT/$name.after.fw"
		stop_server
		rec "$name.after"
	done
done
$C ethtool -K qoe0 quic-offload on
$S ethtool -K qoe1 quic-offload on
