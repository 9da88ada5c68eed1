#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make kunit: build a UML kernel from Debian's linux-source-6.12 with the
# project overlaid (scripts/uml-tree.sh) and run the qoe KUnit suites.
# Exits non-zero unless every suite ran and passed.
#
# Environment: QOE_KCACHE (tree + build cache), JOBS (default: nproc),
# QOE_KUNIT_FILTER (kunit.py filter glob, default: all built suites),
# QOE_KUNIT_DEBUG=1 (make check-kunit-debug: the same suites on a kernel
# with KASAN, UBSAN, lockdep and friends, in its own build directory; any
# report fails the run, as WireGuard's debug.config runs do).
set -euo pipefail

. "$(dirname "$0")/uml-tree.sh"

JOBS=${JOBS:-$(nproc)}
LOG=$QOE_TOP/build/kunit.log
DEBUG=${QOE_KUNIT_DEBUG:-0}
[ "$DEBUG" = 1 ] && LOG=$QOE_TOP/build/kunit-debug.log

qoe_kdeps
exec 9>"$QOE_KCACHE/lock"
flock 9
qoe_ktree
# every suite tests/kunit/ defines must show up, or the overlay went wrong
mapfile -t REQUIRED < <(sed -n 's/^[[:space:]]*\.name = "\([a-z0-9_]*\)",$/\1/p' \
	"$QOE_TOP"/tests/kunit/*.c)
[ ${#REQUIRED[@]} -gt 0 ] || qoe_die "no KUnit suite found in tests/kunit"

# drivers/net/quic_offload/.kunitconfig (the suites), plus what the UML
# end-to-end checks, quic.ko and the debug run need
KCFGS=(--kunitconfig="$QOE_TOP/drivers/net/quic_offload"
	--kunitconfig="$QOE_TOP/tests/uml/uml.config")
if [ "$DEBUG" = 1 ]; then
	QOE_KBUILD=$QOE_KBUILD-debug
	KCFGS+=(--kunitconfig="$QOE_TOP/tests/kunit/debug.config")
fi
if [ "$QOE_HAVE_QUIC" = 1 ]; then
	KCFGS+=(--kunitconfig="$QOE_TOP/tests/quic/quic.config")
	grep -q '^config IP_QUIC_OFFLOAD' "$QOE_KSRC/net/quic/Kconfig" &&
		KCFGS+=(--kconfig_add=CONFIG_IP_QUIC_OFFLOAD=y)
else
	qoe_log "no lxin/quic source: building without quic.ko (make check-quic will say so)"
fi

mkdir -p "$(dirname "$LOG")"
start=$(date +%s)
set +e
(cd "$QOE_KSRC" && python3 tools/testing/kunit/kunit.py run --arch=um \
	--jobs="$JOBS" --build_dir="$QOE_KBUILD" "${KCFGS[@]}" \
	${QOE_KUNIT_FILTER:+"$QOE_KUNIT_FILTER"}) 2>&1 | tee "$LOG"
rc=${PIPESTATUS[0]}
set -e
qoe_log "kunit.py exited $rc after $(($(date +%s) - start)) s; log in $LOG"
if [ "$rc" -ne 0 ]; then
	# the failures again, last, where a truncated CI log still shows them
	grep -E -A4 'EXPECTATION FAILED|ASSERTION FAILED|\[(FAILED|CRASHED)\]' \
		"$LOG" | head -60 >&2 || true
	exit "$rc"
fi
for s in "${REQUIRED[@]}"; do
	grep -Eq "\] ={2,} $s \(" "$LOG" ||
		qoe_die "suite $s did not run (overlay or config problem)"
done
grep -Eq 'Testing complete\. Ran [0-9]+ tests: passed: [0-9]+$' "$LOG" ||
	qoe_die "kunit summary shows failures, crashes or skips"
if [ "$DEBUG" = 1 ]; then
	# the kernel's own log of the run: any sanitizer or lock report fails it
	for opt in KASAN UBSAN PROVE_LOCKING DEBUG_ATOMIC_SLEEP; do
		grep -q "^CONFIG_$opt=y" "$QOE_KBUILD/.config" ||
			qoe_die "CONFIG_$opt did not make it into the debug kernel"
	done
	qoe_kreports "$QOE_KBUILD/test.log" >"$LOG.reports"
	if [ -s "$LOG.reports" ]; then
		head -40 "$LOG.reports" >&2
		qoe_die "the debug kernel reported problems ($(wc -l <"$LOG.reports") lines; $QOE_KBUILD/test.log)"
	fi
	qoe_log "debug kernel (KASAN, UBSAN, lockdep, atomic sleep, list/object debug): no report"
fi
qoe_log "all suites passed: ${REQUIRED[*]}"
