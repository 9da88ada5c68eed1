#!/usr/bin/env bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
# The main job: the emulated QUIC offload NIC at work.
#   1. the device engine alone: GSO super-packets in, protected datagrams
#      out, a key update, GRO back, every byte checked (all three ciphers);
#   2. a real QUIC transfer (ngtcp2 gtlsclient -> gtlsserver, 30 MB, key
#      updates every 20 ms) crossing dpdk-testpmd through two net_qoe ports
#      that decrypt and re-encrypt every 1-RTT packet, with
#      `offloadctl show-flows` read from the running testpmd;
#      and, where the UML kernel is built, the qoe driver inside UML driven
#      by the host's ethtool -K quic-offload and offloadctl;
#   3. throughput of the offload path vs software crypto, in one run.
# Installs its own dependencies first.  Root (or sudo) for apt and netns.
set -euo pipefail
cd "$(dirname "$0")/.."
TOP=$(pwd)
B=$TOP/build
t0=$(date +%s)

step() { printf '\n\033[1m[%s] %s\033[0m  (+%ss)\n' "$1" "$2" $(( $(date +%s) - t0 )); }

# run_quiet LOG CMD...: run a long command, showing elapsed time meanwhile.
run_quiet() {
	local log=$1 pid s=0
	shift
	"$@" >"$log" 2>&1 &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		if [ -t 1 ]; then printf '\r  ... %ss' "$s"; elif [ $((s % 10)) = 0 ]; then echo "  ... ${s}s"; fi
		sleep 1
		s=$((s + 1))
	done
	[ -t 1 ] && printf '\r'
	if ! wait "$pid"; then
		echo "demo: '$*' failed; last lines of $log:" >&2
		tail -25 "$log" >&2
		exit 1
	fi
	echo "  done in ${s}s (log: ${log#"$TOP"/})"
}

step 0/3 "dependencies and build"
mkdir -p "$B"
run_quiet "$B/demo-deps.log" bash scripts/install-deps.sh all
# everything step 2 runs: the PMD, and the keylog-to-flows converter the
# live transfer installs its flows with
run_quiet "$B/demo-build.log" make -j2 "$B/qoe-demo" "$B/qoe-bench" offloadctl dpdk-pmd \
	"$B/qoe-flowgen"

step 1/3 "device engine: GSO, key update, GRO through the firmware ABI"
"$B/qoe-demo"

step 2/3 "real QUIC through dpdk-testpmd + net_qoe (decrypt and re-encrypt inline)"
echo "  gtlsclient (netns A) -- net_tap -- net_qoe0 == testpmd == net_qoe1 -- net_tap -- gtlsserver (netns B)"
echo "  flows are installed from the client's key log while the transfer runs"
if ! python3 scripts/demo_live.py "$B"; then
	echo "demo: the live transfer failed (see above)" >&2
	exit 1
fi

echo
echo "  the kernel driver, where the UML kernel is built (make check-kunit builds it, ~5 min cold):"
if ls /var/cache/qoe/build-*/linux >/dev/null 2>&1 || ls "${HOME:-/root}"/.cache/qoe/build-*/linux >/dev/null 2>&1; then
	echo "  UML boots with the host's filesystem; the host's ethtool and offloadctl drive qoe0/qoe1 in it"
	if ! QOE_UML_SHOW=1 bash scripts/uml-e2e.sh >"$B/demo-uml.log" 2>&1; then
		echo "demo: the UML run failed; last lines of $B/demo-uml.log:" >&2
		tail -20 "$B/demo-uml.log" >&2
		exit 1
	fi
	sed -n '/^  \[uml\]/,/^\[qoe-kernel\]/p' "$B/demo-uml.log" | grep -v '^\[qoe-kernel\]'
	grep -E '^[0-9]+ passed, [0-9]+ failed' "$B/demo-uml.log" | sed 's/^/  uml end to end: /'
else
	echo "  skipped: no UML kernel built yet"
fi

step 3/3 "throughput: offload engine vs per-packet OpenSSL vs raw ipsec-mb AEAD (one core, 1350 B, 64 KB GSO)"
"$B/qoe-bench" --size 1350 --gso 64 --reps 5 --ms 20 --flows 0 --cores 0 2>/dev/null |
	grep -v '^qoe-bench: repetition'
echo
echo "demo: finished in $(( $(date +%s) - t0 )) s.  Full benchmark: make bench (Documentation/performance.rst)"
