#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# End to end with real tools: boot the UML kernel that scripts/kunit.sh
# built (its config has HOSTFS & co.) with the host's filesystem as root,
# and drive qoe0/qoe1 with the host's ip, ethtool and offloadctl: the
# checks are tests/uml/qoe_e2e.py (KTAP), run by tests/uml/init.sh as
# UML's init.  Run scripts/kunit.sh first (make check-kunit does both).
#
# QOE_UML_VIRTIO=1: the same checks with qoe0/qoe1 as virtio devices whose
# firmware is the qoe-firmware process (build/qoe-firmware) on the host,
# over vhost-user; then the firmware is killed under traffic (surprise
# removal), restarted, and the devices re-attached.
#
# QOE_UML_DEBUG=1: boot the debug kernel make check-kunit-debug built
# (KASAN, UBSAN, lockdep, kmemleak): any report on its console fails the
# run, and kmemleak must find nothing of ours unreferenced at the end.
set -euo pipefail

. "$(dirname "$0")/uml-tree.sh"

OFFLOADCTL=${OFFLOADCTL:-$QOE_TOP/build/offloadctl}
qoe_ktree >/dev/null
DEBUG=${QOE_UML_DEBUG:-}
MEM=256M
if [ -n "$DEBUG" ]; then
	QOE_KBUILD=$QOE_KBUILD-debug
	MEM=512M
fi
LINUX=$QOE_KBUILD/linux
[ -x "$LINUX" ] || qoe_die "no UML kernel at $LINUX: run scripts/kunit.sh first${DEBUG:+ (QOE_KUNIT_DEBUG=1)}"
for t in ip ethtool; do
	command -v $t >/dev/null || qoe_die "$t missing: apt-get install -y iproute2 ethtool"
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/qoe-uml.XXXXXX")
FWPID=
# QOE_KEEP=1 keeps the work directory (consoles, logs) for a look
trap '[ -n "$FWPID" ] && qoe_fw_kill $FWPID; [ -n "${QOE_KEEP:-}" ] || rm -rf "$WORK"' EXIT
OUT=$WORK/out
VIRTIO=${QOE_UML_VIRTIO:-}
FIRMWARE=${QOE_FIRMWARE:-$QOE_TOP/build/qoe-firmware}
UML_ARGS=
# queue pairs per virtio device: 2, so a flow's pair is not always pair 0
VQ_PAIRS=${QOE_VQ_PAIRS:-2}
if [ -n "$VIRTIO" ]; then
	[ -x "$FIRMWARE" ] || qoe_die "no $FIRMWARE: make firmware"
	UML_ARGS="qoe.pairs=0 qoe.vq_pairs=$VQ_PAIRS virtio_uml.device=$WORK/qoe0.sock:20815 virtio_uml.device=$WORK/qoe1.sock:20815"
fi

# Start the firmware and wait until both sockets listen (UML's probe
# does not retry a missing backend).
fw_start() {
	local i
	rm -f "$WORK/qoe0.sock" "$WORK/qoe1.sock"
	"$FIRMWARE" "$WORK/qoe0.sock" "$WORK/qoe1.sock" >>"$WORK/firmware.log" 2>&1 &
	FWPID=$!
	for i in $(seq 100); do
		[ -S "$WORK/qoe0.sock" ] && [ -S "$WORK/qoe1.sock" ] && return 0
		kill -0 $FWPID 2>/dev/null || break
		sleep 0.1
	done
	cat "$WORK/firmware.log" >&2
	qoe_die "qoe-firmware did not start"
}

# Inside UML, the checks ask for the firmware to be killed by creating
# $WORK/fw-kill; this answers with $WORK/fw-killed.
fw_agent() {
	while [ ! -e "$WORK/fw-kill" ]; do
		kill -0 $UMLPID 2>/dev/null || return 0
		sleep 0.05
	done
	local rc=0
	qoe_fw_kill $FWPID
	wait $FWPID 2>/dev/null || rc=$?
	echo "firmware killed: exit $rc" >>"$WORK/firmware.log"
	FWPID=
	touch "$WORK/fw-killed"
}

# boot PHASE OUT CONSOLE TIMEOUT: UML with tests/uml/init.sh as init,
# which runs tests/uml/qoe_e2e.py PHASE (KTAP into OUT).  Its settings go
# on the kernel command line, which the kernel hands init as environment.
boot() {
	timeout "$4" "$LINUX" mem=$MEM rootfstype=hostfs rw init="$QOE_TOP/tests/uml/init.sh" \
		kunit.enable=0 $UML_ARGS QOE_PHASE="$1" QOE_OUT="$2" QOE_TOP="$QOE_TOP" \
		QOE_KSRC="$QOE_KSRC" QOE_OFFLOADCTL="$OFFLOADCTL" QOE_WORK="$WORK" \
		QOE_VQ_PAIRS="$VQ_PAIRS" ${VIRTIO:+QOE_VIRTIO=1} \
		con=null con0=fd:0,fd:1 </dev/null >"$3" 2>&1
}

# host NAME COMMAND...: a check made on the host, in the same KTAP form
host() {
	local n=$1
	shift
	if "$@" >>"$WORK/host.log" 2>&1; then echo "ok $n" >>"$WORK/host"; else echo "not ok $n" >>"$WORK/host"; fi
}
: >"$WORK/host"

[ -n "$VIRTIO" ] && fw_start
qoe_log "booting $LINUX with tests/uml/init.sh${VIRTIO:+ (qoe over virtio, firmware pid $FWPID)}"
start=$(date +%s)
boot main "$OUT" "$WORK/console" 300 &
UMLPID=$!
[ -n "$VIRTIO" ] && fw_agent
wait $UMLPID || true
qoe_log "UML ran $(($(date +%s) - start)) s"
RESULTS=("$OUT")
if [ -n "$VIRTIO" ]; then
	# not killed (the surprise check failed before asking): stop it
	if [ -n "$FWPID" ]; then
		kill -TERM $FWPID 2>/dev/null
		wait $FWPID 2>/dev/null || true
		echo "not ok surprise-firmware-killed" >>"$WORK/host"
	fi
	fw_start
	qoe_log "booting again on a restarted firmware (pid $FWPID)"
	boot restart "$OUT.restart" "$WORK/console-restart" 120 || true
	RESULTS+=("$OUT.restart")
	# the restarted firmware: clean exit, nothing malformed from the driver
	kill -TERM $FWPID 2>/dev/null
	host firmware-exit wait $FWPID
	# and leaves no EAL runtime directory behind
	host firmware-rundir-removed test ! -e "/var/run/dpdk/qoe-fw-$FWPID"
	FWPID=
	host firmware-counters python3 "$QOE_TOP/tests/uml/qoe_fw_counters.py" \
		"$WORK/firmware.log" "$VQ_PAIRS"
fi
if [ -n "$DEBUG" ]; then
	no_kreports() { ! qoe_kreports "$WORK"/console* | tee /dev/stderr | grep -q .; }
	host debug-kernel-reports no_kreports
	host kmemleak-ran grep -Eq '^ok [0-9]+ kmemleak( |$)' "$OUT"
fi
for r in "${RESULTS[@]}"; do
	# a boot whose checks did not finish shows no closing line
	host "$(basename "$r")-finished" grep -Eq '^[0-9]+ passed, [0-9]+ failed$' "$r"
	# indented: scripts/test.sh sums only the closing line below
	sed 's/^/  /' "$r" 2>/dev/null || true
done
sed 's/^/  /' "$WORK/host"
# QOE_UML_SHOW=1 (the demo): what the host's tools printed inside UML
if [ -n "${QOE_UML_SHOW:-}" ]; then
	echo "  [uml] ethtool -k qoe0 | grep quic-offload"
	sed 's/^/    /' "$WORK/feature.txt" 2>/dev/null || true
	echo "  [uml] ethtool -S qoe0 (non-zero counters)"
	grep -Ev ': 0$' "$WORK/stats-qoe0.txt" 2>/dev/null | sed 's/^/    /' || true
	echo "  [uml] offloadctl show-flows"
	sed 's/^/    /' "$WORK/flows.txt" 2>/dev/null || true
fi
# KTAP "ok N name" (not "# SKIP") and "not ok N name", host checks too
npass=$(cat "${RESULTS[@]}" "$WORK/host" 2>/dev/null | grep -E '^ok ' | grep -vc '# SKIP' || true)
nfail=$(cat "${RESULTS[@]}" "$WORK/host" 2>/dev/null | grep -c '^not ok ' || true)
nskip=$(cat "${RESULTS[@]}" 2>/dev/null | grep -c '^ok .*# SKIP' || true)
qoe_log "end to end (UML + host tools): $nskip skipped"
# the harness's closing line (tests/qoe_test.h), summed by scripts/test.sh
echo "$npass passed, $nfail failed"
if [ "$nfail" -ne 0 ]; then
	for r in "${RESULTS[@]}"; do cat "$r.log" >&2 2>/dev/null || true; done
	cat "$WORK/host.log" >&2 2>/dev/null || true
	tail -30 "$WORK/console" >&2
	[ -n "$VIRTIO" ] && cat "$WORK/firmware.log" >&2
	qoe_die "$nfail end-to-end check(s) failed"
fi
