#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make check-quic: the real in-kernel QUIC stack on qoe.  lxin/quic's
# quic.ko, patched with kernel-patches/lxin-quic/, is built into the UML
# kernel scripts/kunit.sh builds; its libquic and tests build here on the
# host; UML boots on the host's filesystem and runs tests/quic/
# uml-scenarios.sh with qoe0 and qoe1 in two netns; tests/quic/check_quic.py
# then asserts on what the devices and the stack counted.
#
# Without an lxin/quic source (QUIC_SRC=<checkout>, or the snapshot in
# shared/lxin-quic/) it says so and fails under CI=true, skips otherwise.
#
# --perf (make bench-quic): instead, tests/quic/uml-perf.sh measures
# perf_test with offload on and off; tests/quic/perf_report.py prints it.
#
# QOE_QUIC_VIRTIO=1 (make check-quic-virtio): the same, with qoe0..qoe3
# as virtio devices whose firmware is the qoe-firmware process on the host.
set -euo pipefail

. "$(dirname "$0")/uml-tree.sh"

PERF=0
[ "${1:-}" = --perf ] && PERF=1

BUILD=${BUILD:-$QOE_TOP/build}
OFFLOADCTL=${OFFLOADCTL:-$BUILD/offloadctl}
TOT=${QOE_QUIC_TOT:-16777216}

qoe_ktree >/dev/null
if [ "$QOE_HAVE_QUIC" != 1 ]; then
	msg="no lxin/quic source (set QUIC_SRC=<checkout of lxin/quic> or provide shared/lxin-quic/lxin-quic-*.tar.gz)"
	[ "${CI:-}" = true ] && qoe_die "check-quic: $msg"
	qoe_log "check-quic: SKIPPED: $msg"
	exit 0
fi
LINUX=$QOE_KBUILD/linux
if ! grep -q '^CONFIG_IP_QUIC_OFFLOAD=y' "$QOE_KBUILD/.config" 2>/dev/null ||
	[ ! -x "$LINUX" ]; then
	qoe_log "building the UML kernel with quic.ko (scripts/kunit.sh)"
	bash "$QOE_TOP/scripts/kunit.sh" >&2
fi
grep -q '^CONFIG_IP_QUIC_OFFLOAD=y' "$QOE_KBUILD/.config" ||
	qoe_die "the UML kernel was built without CONFIG_IP_QUIC_OFFLOAD"
[ -x "$OFFLOADCTL" ] || qoe_die "no $OFFLOADCTL: make offloadctl"

# lxin's libquic and tests, built in the patched tree (its userspace is
# not patched); keys made by its own script
quic_user() {
	local d=$QOE_QUIC_DIR need=() p log=$BUILD/lxin-quic-user.log

	for p in autoconf automake libtool pkg-config libgnutls28-dev openssl \
		iproute2 ethtool tshark libnghttp3-dev ngtcp2-client \
		ngtcp2-server; do
		dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
	done
	qoe_apt_install "${need[@]}"
	[ -f "$d/.qoe-user" ] && [ -x "$d/tests/http3_test" ] && return 0
	qoe_log "building libquic and lxin's tests (log: $log)"
	mkdir -p "$BUILD"
	(cd "$d" && ./autogen.sh && ./configure --prefix=/usr --without-modules &&
		make -j"${JOBS:-$(nproc)}" &&
		# not built by default; Debian's nghttp3 0.8 trips its -Werror
		make -C tests http3_test \
			AM_CFLAGS="-Wall $(pkg-config --cflags gnutls)" &&
		cd tests/keys && sh ca_cert_pkey_psk.sh) >"$log" 2>&1 ||
		qoe_die "libquic / lxin tests build failed: see $log"
	touch "$d/.qoe-user"
}

quic_user
# a tcx program between quic.ko and the devices (uml-scenarios.sh)
TCX=$BUILD/qoe_tcx
gcc -O2 -Wall -Wextra -Werror -o "$TCX" "$QOE_TOP/tests/quic/qoe_tcx.c" ||
	qoe_die "cannot build $TCX"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/qoe-quic.XXXXXX")
FWPID=
trap '[ -n "$FWPID" ] && qoe_fw_kill $FWPID; rm -rf "$WORK"' EXIT
VIRTIO=${QOE_QUIC_VIRTIO:-}
DEVARGS=qoe.pairs=2
RESULTS=$BUILD/check-quic
if [ -n "$VIRTIO" ]; then
	FIRMWARE=${QOE_FIRMWARE:-$BUILD/qoe-firmware}
	[ -x "$FIRMWARE" ] || qoe_die "no $FIRMWARE: make firmware"
	socks=()
	DEVARGS="qoe.pairs=0 qoe.vq_pairs=${QOE_VQ_PAIRS:-2}"
	for i in 0 1 2 3; do
		socks+=("$WORK/qoe$i.sock")
		DEVARGS+=" virtio_uml.device=$WORK/qoe$i.sock:20815"
	done
	"$FIRMWARE" -s "$WORK/fw.stats" "${socks[@]}" >"$WORK/firmware.log" 2>&1 &
	FWPID=$!
	for i in $(seq 100); do
		[ -S "$WORK/qoe3.sock" ] && break
		sleep 0.1
	done
	[ -S "$WORK/qoe3.sock" ] || qoe_die "qoe-firmware did not start: $(cat "$WORK/firmware.log")"
	RESULTS=$BUILD/check-quic-virtio
fi
OUT=$WORK/out
mkdir -p "$OUT"
SCEN=uml-scenarios.sh
[ "$PERF" = 1 ] && SCEN=uml-perf.sh
cat >"$WORK/init" <<INIT
#!/bin/bash
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t tmpfs tmpfs /run
mkdir -p /run/netns
export OUT=$OUT T=$QOE_QUIC_DIR/tests OFFLOADCTL=$OFFLOADCTL TOT=$TOT TCX=$TCX
export Q=$QOE_TOP/tests/quic RUNS=${QOE_QUIC_RUNS:-3}
export FWSTATS=${VIRTIO:+$WORK/fw.stats}
export FWKILL=${VIRTIO:+$( [ "$PERF" = 1 ] || echo "$WORK/fw-kill")}
ip link set lo up
. $QOE_TOP/tests/quic/$SCEN >$OUT/scenarios.log 2>&1
echo done >$OUT/done
poweroff -f || echo o >/proc/sysrq-trigger
INIT
chmod +x "$WORK/init"
qoe_log "booting UML: quic.ko over qoe0/qoe1 (perf_test $TOT bytes)${VIRTIO:+, qoe over virtio}"
start=$(date +%s)
set +e
timeout "${QOE_QUIC_TIMEOUT:-2400}" "$LINUX" mem=1024M rootfstype=hostfs rw \
	init="$WORK/init" kunit.enable=0 $DEVARGS con=null con0=fd:0,fd:1 \
	</dev/null >"$WORK/console" 2>&1 &
UMLPID=$!
if [ -n "$VIRTIO" ]; then
	# scenario 9 asks for the firmware to die (a file on hostfs)
	while kill -0 $UMLPID 2>/dev/null && [ ! -e "$WORK/fw-kill" ]; do
		sleep 0.05
	done
	if [ -e "$WORK/fw-kill" ]; then
		qoe_fw_kill $FWPID
		echo "firmware killed by scenario 9" >>"$WORK/firmware.log"
	fi
fi
wait $UMLPID
rc=$?
set -e
if [ -n "$VIRTIO" ]; then
	kill -TERM $FWPID 2>/dev/null || true
	wait $FWPID 2>/dev/null || qoe_log "qoe-firmware exited $? (137: killed by scenario 9)"
	FWPID=
	cp "$WORK/firmware.log" "$OUT/firmware.log"
fi
qoe_log "UML exited $rc after $(($(date +%s) - start)) s"
if [ "$PERF" = 1 ]; then
	B=$BUILD/bench-quic${VIRTIO:+-virtio}
	mkdir -p "$B"
	rm -rf "$B"/*
	cp -r "$OUT"/. "$WORK/console" "$B/"
	python3 "$QOE_TOP/tests/quic/perf_report.py" "$B" "$TOT"
	exit
fi
mkdir -p "$RESULTS"
rm -rf "$RESULTS"/*
cp -r "$OUT"/. "$WORK/console" "$RESULTS/"
python3 "$QOE_TOP/tests/quic/check_quic.py" "$RESULTS"
