#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# End to end with real tools: boot the UML kernel that scripts/kunit.sh
# built (its config has HOSTFS & co.) with the host's filesystem as root,
# and drive qoe0/qoe1 with the host's ip, ethtool and offloadctl.
# Run scripts/kunit.sh first (make check-kunit does both).
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
trap '[ -n "$FWPID" ] && kill -KILL $FWPID 2>/dev/null; [ -n "${QOE_KEEP:-}" ] || rm -rf "$WORK"' EXIT
OUT=$WORK/out
: >"$OUT"
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

# Inside UML, the init asks for the firmware to be killed by creating
# $WORK/fw-kill; this answers with $WORK/fw-killed.
fw_agent() {
	while [ ! -e "$WORK/fw-kill" ]; do
		kill -0 $UMLPID 2>/dev/null || return 0
		sleep 0.05
	done
	local rc=0
	kill -KILL $FWPID
	wait $FWPID 2>/dev/null || rc=$?
	echo "firmware killed: exit $rc" >>"$WORK/firmware.log"
	FWPID=
	touch "$WORK/fw-killed"
}

# The init script runs inside UML as PID 1; every check prints one line
# "ok NAME" or "not ok NAME" to $OUT on the host filesystem.
cat >"$WORK/init" <<INIT
#!/bin/bash
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t debugfs none /sys/kernel/debug
export out=$OUT
export offloadctl=$OFFLOADCTL
check() { local n=\$1; shift; if "\$@" >>\$out.log 2>&1; then echo "ok \$n" >>\$out; else echo "not ok \$n" >>\$out; fi; }
has() { grep -q -- "\$1" "\$2"; }
# known failure: reported, shown, not counted (TAP "TODO")
todo() { local n=\$1 why=\$2; shift 2; if "\$@" >>\$out.log 2>&1; then echo "ok \$n" >>\$out; else echo "todo \$n # \$why" >>\$out; fi; }
# the root is the host's filesystem: a namespace name of this run only,
# so one a crashed run left in /run/netns cannot get in the way
export work=$WORK virtio=$VIRTIO bulk=$QOE_TOP/tests/uml/qoe_bulk.py ns=qoe-bulk-$$
check link-up ip link set qoe0 up
check peer-up ip link set qoe1 up
check drvinfo bash -c 'ethtool -i qoe0 | grep -q "^driver: qoe"'
if [ -n "\$virtio" ]; then
	check virtio-bus bash -c 'ethtool -i qoe0 | grep -q "^bus-info: virtio"'
else
	# an in-process device sits on a platform device of its own
	check platform-bus bash -c 'ethtool -i qoe0 | grep -Eq "^bus-info: qoe\.[0-9]+\$"'
fi
ethtool -S qoe0 >\$out.stats 2>&1
check stats-engine has tx_quic_drop_no_key \$out.stats
check stats-driver has rx_decrypted \$out.stats
ethtool --show-priv-flags qoe0 >\$out.pf 2>&1
check pflag-default bash -c 'grep -Eq "quic-offload *: *on" \$out.pf'
check pflag-off ethtool --set-priv-flags qoe0 quic-offload off
check pflag-is-off bash -c 'ethtool --show-priv-flags qoe0 | grep -Eq "quic-offload *: *off"'
check pflag-bad bash -c '! ethtool --set-priv-flags qoe0 no-such-flag on'
# switched off, the hooks refuse new connections (the selftest uses them)
check selftest-refused bash -c '! echo 1 >/sys/kernel/debug/qoe/qoe0/selftest'
check pflag-on ethtool --set-priv-flags qoe0 quic-offload on
# the netdev feature of kernel-patches/0001: ethtool -K, kept in step with the flag
check feature-listed bash -c 'ethtool -k qoe0 | grep -Eq "^quic-offload: on\$"'
check feature-off ethtool -K qoe0 quic-offload off
check feature-is-off bash -c 'ethtool -k qoe0 | grep -Eq "^quic-offload: off\$"'
check feature-off-pflag bash -c 'ethtool --show-priv-flags qoe0 | grep -Eq "quic-offload *: *off"'
check feature-off-refused bash -c '! echo 1 >/sys/kernel/debug/qoe/qoe0/selftest'
check feature-on ethtool -K qoe0 quic-offload on
check feature-is-on bash -c 'ethtool -k qoe0 | grep -Eq "^quic-offload: on\$"'
check feature-on-pflag bash -c 'ethtool --show-priv-flags qoe0 | grep -Eq "quic-offload *: *on"'
ethtool -k qoe0 | grep quic-offload >\$out.feat 2>&1
check feature-lo-fixed bash -c 'ethtool -k lo | grep -Eq "^quic-offload: off \\[fixed\\]\$"'
# traffic through the pair: the core's own packets pass through untouched
ip addr add 10.9.0.1/24 dev qoe0
ip addr add 10.9.1.1/24 dev qoe1
sleep 1
check tx-passthrough bash -c 'ethtool -S qoe0 | grep -Eq "tx_passthrough: [1-9]"'
# a connection offloaded through the hooks (debugfs selftest, the driver
# playing the QUIC stack): 4 packets in one GSO skb, decrypted by qoe1
check selftest bash -c 'echo 1 >/sys/kernel/debug/qoe/qoe0/selftest'
check selftest-ok bash -c 'grep -qx ok /sys/kernel/debug/qoe/qoe0/selftest'
ethtool -S qoe0 >\$out.s0 2>&1
ethtool -S qoe1 >\$out.s1 2>&1
check tx-gso bash -c 'grep -Eq "tx_quic_gso_reqs: 1\$" \$out.s0 && grep -Eq " tx_quic_encrypted_packets: 4\$" \$out.s0'
check rx-gro bash -c 'grep -Eq "rx_coalesced: 1\$" \$out.s1 && grep -Eq "rx_decrypted: 1\$" \$out.s1'
check rx-no-auth-fail bash -c 'grep -Eq "rx_quic_auth_fail: 0\$" \$out.s1'
if [ -n "\$virtio" ] && [ $VQ_PAIRS = 2 ]; then
	# two queue pairs: the selftest's connection hashes to pair 1, so its
	# packets left qoe0 on TX queue 1 and reached qoe1 on RX queue 1
	check vq-channels bash -c 'ethtool -l qoe0 | grep -Eq "^Combined:[[:space:]]+2\$"'
	check vq-pair1-tx bash -c 'grep -Eq "tx_queue_1_packets: [1-9]" \$out.s0'
	check vq-pair1-rx bash -c 'grep -Eq "rx_queue_1_packets: [1-9]" \$out.s1'
fi
# the generic quic-offload family, through the kernel's YNL cli
check ynl-family python3 $QOE_TOP/tests/uml/ynl_family.py \
	$QOE_KSRC/tools/net/ynl/cli.py $QOE_TOP/Documentation/netlink/specs/quic_offload.yaml
if [ -x "\$offloadctl" ]; then
	check ctl-dev bash -c '\$offloadctl show-dev | grep -q qoe0'
	check ctl-dev-json bash -c '\$offloadctl -j show-dev | grep -q "\"qoe1\""'
	check ctl-caps bash -c '\$offloadctl show-caps dev qoe0 | grep -qi chacha20'
	check ctl-stats bash -c '\$offloadctl show-stats dev qoe0 | grep -q tx_passthrough'
	check ctl-flows bash -c '\$offloadctl show-flows | tee -a \$out.flows | grep -q 5e5e5e5e5e5e5e5e'
	check ctl-flows-json bash -c '\$offloadctl -j show-flows dev qoe0 | grep -q "\"cid\": *\"5e5e5e5e5e5e5e5e\""'
	check ctl-bad-dev bash -c '! \$offloadctl show-caps dev lo'
	gro_rx=$QOE_TOP/tests/uml/qoe_gro_rx.py
	. $WORK/genl-set.sh
else
	echo "skip offloadctl (not built: make offloadctl)" >>\$out
fi
[ -n "\$virtio" ] && . $WORK/surprise.sh
. $WORK/leaks.sh
echo done >>\$out
poweroff -f || echo o >/proc/sysrq-trigger
INIT
chmod +x "$WORK/init"

# add-flow, key-update, del-flow and monitor: offloadctl against the family
# (sourced by init, so check and has are defined; quoted: no host expansion)
cat >"$WORK/genl-set.sh" <<'GENLSET'
K16=000102030405060708090a0b0c0d0e0f
K32=${K16}101112131415161718191a1b1c1d1e1f
IV=303132333435363738393a3b
export K16 K32 IV
# offloadctl takes key material from files (or stdin), never argv
kd=$(mktemp -d)
printf '%s\n' $K16 >$kd/k16; printf '%s\n' $K32 >$kd/k32; printf '%s\n' $IV >$kd/iv
KF16=@$kd/k16 KF32=@$kd/k32 IVF=@$kd/iv
export KF16 KF32 IVF
# jq-free JSON field of the flow with CID $1 on dev $2: flowj CID DEV FIELD
flowj() { $offloadctl -j show-flows dev "$2" | python3 -c "import json,sys; print([f for f in json.load(sys.stdin) if f['cid']=='$1'][0]['$3'])"; }
export -f flowj
check set-add $offloadctl add-flow dev qoe0 dir rx cipher aes-256-gcm local 10.9.0.1:4500 \
	remote 10.9.0.2:4501 cid a1a2a3a4 key $KF32 iv $IVF hp-key $KF32
H=$($offloadctl -j add-flow dev qoe0 dir tx cipher aes-256-gcm local 10.9.0.1:4502 \
	remote 10.9.0.2:4503 cid b1b2b3b4 pn 7 key $KF32 iv $IVF hp-key $KF32 |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["handle"])')
export H
check set-add-json test -n "$H" -a "$H" != 0
check set-add-table bash -c '$offloadctl show-flows dev qoe0 | grep b1b2b3b4 | grep -q aes-256-gcm'
check set-add-fields bash -c '[ "$(flowj b1b2b3b4 qoe0 handle)" = "$H" ] &&
	[ "$(flowj b1b2b3b4 qoe0 dir)" = tx ] && [ "$(flowj b1b2b3b4 qoe0 pn)" = 7 ] &&
	[ "$(flowj b1b2b3b4 qoe0 local)" = 10.9.0.1:4502 ] &&
	[ "$(flowj b1b2b3b4 qoe0 keys_valid)" = 1 ] && [ "$(flowj b1b2b3b4 qoe0 key_updates)" = 0 ] &&
	[ "$(flowj b1b2b3b4 qoe0 key_missing)" = 0 ]'
check set-key-new-phase $offloadctl key-update dev qoe0 handle $H phase 1 key $KF32 iv $IVF
check set-keys-valid bash -c '[ "$(flowj b1b2b3b4 qoe0 keys_valid)" = 3 ] &&
	[ "$(flowj b1b2b3b4 qoe0 key_updates)" = 0 ]'
check set-key-replace $offloadctl key-update dev qoe0 handle $H phase 0 key $KF32 iv $IVF
check set-key-updates bash -c '[ "$(flowj b1b2b3b4 qoe0 key_updates)" = 1 ]'
# bad input: the parser's (exit 2) and the kernel's (exit 1, extack)
check set-bad-cipher bash -c '$offloadctl add-flow dev qoe0 dir tx cipher rot13 local 10.9.0.1:1 \
	remote 10.9.0.2:2 key $KF16 iv $IVF hp-key $KF16 2>$out.e1; [ $? = 2 ] && grep -q "unknown cipher .rot13." $out.e1'
check set-bad-keylen-cli bash -c '$offloadctl add-flow dev qoe0 dir tx cipher aes-128-gcm local 10.9.0.1:1 \
	remote 10.9.0.2:2 key $KF32 iv $IVF hp-key $KF32 2>$out.e2; [ $? = 2 ] && grep -q "must be 16 bytes" $out.e2'
check set-bad-keylen-kernel bash -c '$offloadctl key-update dev qoe0 handle $H phase 0 key $KF16 iv $IVF 2>$out.e3;
	[ $? = 1 ] && grep -q "Invalid argument (key is 16 bytes, the cipher.s is 32)" $out.e3'
check set-bad-handle bash -c '$offloadctl key-update dev qoe0 handle 0xfffff phase 0 key $KF16 iv $IVF 2>$out.e4;
	[ $? = 1 ] && grep -q "no flow with handle 0x000fffff" $out.e4'
check set-del $offloadctl del-flow dev qoe0 handle $H
check set-del-gone bash -c '! $offloadctl show-flows dev qoe0 | grep -q b1b2b3b4'
check set-del-again bash -c '$offloadctl del-flow dev qoe0 handle $H 2>$out.e5;
	[ $? = 1 ] && grep -q "del-flow: no flow with handle" $out.e5'
# monitor: a real key-phase flip on qoe1's RX flow of the selftest
TXH=$(flowj 5e5e5e5e5e5e5e5e qoe0 handle); RXH=$(flowj 5e5e5e5e5e5e5e5e qoe1 handle)
export TXH RXH
$offloadctl monitor -j >$out.monj 2>&1 &
MJ=$!
$offloadctl monitor dev qoe1 >$out.mont 2>&1 &
MT=$!
$offloadctl monitor dev qoe0 >$out.mon0 2>&1 &
M0=$!
sleep 1
check mon-key-tx $offloadctl key-update dev qoe0 handle $TXH phase 1 key $KF16 iv $IVF
check mon-key-rx $offloadctl key-update dev qoe1 handle $RXH phase 1 key $KF16 iv $IVF
check mon-send bash -c "echo $TXH 1 100 >/sys/kernel/debug/qoe/qoe0/send"
sleep 1
kill -INT $MJ $M0; kill -TERM $MT
wait $MJ; echo "monitor -j exit $?" >>$out.log
check mon-exit-sigint wait $M0
check mon-json bash -c 'cat $out.monj; grep -qx "{\"dev\":\"qoe1\",\"type\":\"key-phase-flip\",\"type_id\":1,\"handle\":$RXH,\"phase\":1,\"value\":100}" $out.monj'
check mon-text bash -c 'cat $out.mont; grep -Eq "^qoe1 key-phase-flip handle 0x[0-9a-f]{8} phase 1 value 100\$" $out.mont'
check mon-dev-filter bash -c '[ ! -s $out.mon0 ]'
check mon-flipped bash -c '[ "$(flowj 5e5e5e5e5e5e5e5e qoe1 key_phase)" = 1 ] &&
	[ "$(flowj 5e5e5e5e5e5e5e5e qoe1 packets)" = 8 ]'
# GRO toward sockets: qoe1 coalesces the four packets of a send; a plain
# UDP socket reads them back one by one, a UDP_GRO socket aligned.  qoe0
# holds the source address, hence accept_local.
ip addr add 192.0.2.1/24 dev qoe0
ip addr add 192.0.2.2/24 dev qoe1
echo 1 >/proc/sys/net/ipv4/conf/qoe1/accept_local
check gro-rx-plain python3 "$gro_rx" plain "$TXH" 200
check gro-rx-udp-gro python3 "$gro_rx" gro "$TXH" 300
check gro-rx-coalesced bash -c '[ "$(ethtool -S qoe1 | awk "/ rx_coalesced:/ { print \$2 }")" -ge 2 ]'
# quic-gro off reaches the device (DEV_CONFIG): a send arrives unmerged
co() { ethtool -S qoe1 | awk '/ rx_coalesced:/ { print $2 }'; }
export -f co
CO=$(co)
check gro-off ethtool --set-priv-flags qoe1 quic-gro off
check gro-off-send bash -c "echo $TXH 1 500 >/sys/kernel/debug/qoe/qoe0/send"
check gro-off-not-merged bash -c "[ \"\$(co)\" = $CO ] && [ \"\$(flowj 5e5e5e5e5e5e5e5e qoe1 packets)\" -ge 20 ]"
check gro-on-again ethtool --set-priv-flags qoe1 quic-gro on
GENLSET

# Driver reset (unbind/bind: the firmware forgets every flow), then the
# firmware killed under traffic (sourced by init when QOE_UML_VIRTIO is set).
cat >"$WORK/surprise.sh" <<'SURPRISE'
waitfor() { local i; for i in $(seq 200); do "$@" && return 0; sleep 0.05; done; return 1; }
gone() { ! ip link show qoe0 >/dev/null 2>&1 && ! ip link show qoe1 >/dev/null 2>&1; }
nflows() { $offloadctl -j show-flows dev "$1" | python3 -c "import json,sys; print(len(json.load(sys.stdin)))"; }
# UML's own transport warns when the device process dies under it
oops() { dmesg | grep -Ei "BUG:|Oops|WARNING:|general protection|use-after-free|refcount_t" | grep -Ev "virt-pci|virtio_uml"; }
export -f waitfor gone nflows oops
drv=/sys/bus/virtio/drivers/qoe_virtio
check reset-flows-before bash -c '[ "$(nflows qoe0)" -ge 1 ]'
check reset-unbind bash -c "echo virtio0 >$drv/unbind && echo virtio1 >$drv/unbind"
check reset-unbound waitfor gone
check reset-bind bash -c "echo virtio0 >$drv/bind && echo virtio1 >$drv/bind"
check reset-devices waitfor ip link show qoe1
ip link set qoe0 up; ip link set qoe1 up
check reset-no-flows bash -c '[ "$(nflows qoe0)" = 0 ] && [ "$(nflows qoe1)" = 0 ]'
check reset-selftest bash -c 'echo 1 >/sys/kernel/debug/qoe/qoe0/selftest && grep -qx ok /sys/kernel/debug/qoe/qoe0/selftest'
TXH=$(flowj 5e5e5e5e5e5e5e5e qoe0 handle)
# a long transfer through the rings, every byte checked: TCP (nothing may
# be lost) from qoe0 to qoe1 in its own netns, 32 MiB of a hash stream
ip netns add $ns
ip link set qoe1 netns $ns
ip -n $ns addr add 198.51.100.2/24 dev qoe1
ip -n $ns link set qoe1 up
ip addr add 198.51.100.1/24 dev qoe0
p0=$(ethtool -S qoe0 | awk '/ tx_passthrough:/ { print $2 }')
ip netns exec $ns python3 $bulk recv 198.51.100.2 5001 $out.bulk.ready >$out.bulk.recv 2>>$out.log &
BR=$!
check bulk-listening waitfor test -e $out.bulk.ready
check bulk-send bash -c "python3 $bulk send 198.51.100.2 5001 32 >$out.bulk.send"
wait $BR
check bulk-every-byte bash -c 'cat $out.bulk.send $out.bulk.recv; [ -s $out.bulk.send ] && cmp $out.bulk.send $out.bulk.recv'
check bulk-through-the-device bash -c "[ \$(( \$(ethtool -S qoe0 | awk '/ tx_passthrough:/ { print \$2 }') - $p0 )) -ge 20000 ]"
ip -n $ns link set qoe1 netns 1
ip netns del $ns
ip link set qoe1 up
ip addr add 192.0.2.1/24 dev qoe0 2>/dev/null; ip addr add 192.0.2.2/24 dev qoe1 2>/dev/null
# traffic in flight: marked GSO sends on qoe0 and plain pings, in a loop
( pn=1000; while :; do echo "$TXH 0 $pn" >/sys/kernel/debug/qoe/qoe0/send || break; pn=$((pn + 4)); done ) >/dev/null 2>&1 &
S1=$!
ping -f -c 100000 -W 0 192.0.2.2 >/dev/null 2>&1 &
S2=$!
check surprise-traffic waitfor bash -c '[ "$(flowj 5e5e5e5e5e5e5e5e qoe1 packets)" -ge 40 ]'
touch $work/fw-kill
check surprise-firmware-killed waitfor test -e $work/fw-killed
check surprise-devices-removed waitfor gone
kill $S1 $S2 2>/dev/null; wait $S1 $S2 2>/dev/null
check surprise-no-oops bash -c 'oops | tee -a $out.log; [ -z "$(oops)" ]'
check surprise-ctl-empty bash -c '! $offloadctl show-dev | grep -q qoe'
SURPRISE

# Last: nothing of ours left unreferenced (debug kernel, kmemleak).  It
# reports only objects unreferenced for 5 s or more (its min age), so the
# scan waits that long first.
cat >"$WORK/leaks.sh" <<'LEAKS'
if [ -e /sys/kernel/debug/kmemleak ]; then
	sleep 6
	echo scan >/sys/kernel/debug/kmemleak
	echo scan >/sys/kernel/debug/kmemleak
	cat /sys/kernel/debug/kmemleak >$out.kmemleak
	check no-kmemleak bash -c 'grep -E -B12 "qoe|quic_offload|virtqueue|vring" $out.kmemleak; ! grep -Eq "qoe|quic_offload|virtqueue|vring" $out.kmemleak'
fi
LEAKS

# After the kill: a new firmware process, a new boot, a fresh device.
cat >"$WORK/init-restart" <<INIT
#!/bin/bash
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t debugfs none /sys/kernel/debug
out=$OUT
check() { local n=\$1; shift; if "\$@" >>\$out.log 2>&1; then echo "ok \$n" >>\$out; else echo "not ok \$n" >>\$out; fi; }
check restart-devices ip link set qoe0 up
ip link set qoe1 up
check restart-no-flows bash -c '! $OFFLOADCTL show-flows | grep -q "^0x"'
check restart-selftest bash -c 'echo 1 >/sys/kernel/debug/qoe/qoe0/selftest && grep -qx ok /sys/kernel/debug/qoe/qoe0/selftest'
echo restarted >>\$out
poweroff -f || echo o >/proc/sysrq-trigger
INIT
chmod +x "$WORK/init-restart"

[ -n "$VIRTIO" ] && fw_start
qoe_log "booting $LINUX with $WORK/init${VIRTIO:+ (qoe over virtio, firmware pid $FWPID)}"
start=$(date +%s)
timeout 300 "$LINUX" mem=$MEM rootfstype=hostfs rw init="$WORK/init" \
	kunit.enable=0 $UML_ARGS con=null con0=fd:0,fd:1 </dev/null >"$WORK/console" 2>&1 &
UMLPID=$!
[ -n "$VIRTIO" ] && fw_agent
wait $UMLPID || true
qoe_log "UML ran $(($(date +%s) - start)) s"
if [ -n "$VIRTIO" ]; then
	fw_start
	qoe_log "booting again on a restarted firmware (pid $FWPID)"
	timeout 120 "$LINUX" mem=$MEM rootfstype=hostfs rw init="$WORK/init-restart" \
		kunit.enable=0 $UML_ARGS con=null con0=fd:0,fd:1 </dev/null \
		>"$WORK/console-restart" 2>&1 || true
	grep -q '^restarted$' "$OUT" || echo "not ok restart-boot" >>"$OUT"
	# the restarted firmware: clean exit, nothing malformed from the driver
	kill -TERM $FWPID 2>/dev/null
	if wait $FWPID; then echo "ok firmware-exit" >>"$OUT"; else echo "not ok firmware-exit" >>"$OUT"; fi
	FWPID=
	if python3 - "$WORK/firmware.log" "$VQ_PAIRS" >>"$OUT.log" 2>&1 <<'PY'
import json, sys
devs = [json.loads(l) for l in open(sys.argv[1]) if l.startswith('{')]
assert len(devs) == 2, devs
for d in devs:
    for k in ('admin_bad', 'tx_bad', 'rx_bad'):
        assert d[k] == 0, (d['device'], k, d[k])
    assert d['attaches'] == 1, (d['device'], 'attaches', d['attaches'])
    # the driver picks each flow's own queue: no request needed another pair
    assert d['tx_cross_queue'] == 0, (d['device'], 'tx_cross_queue', d['tx_cross_queue'])
assert devs[0]['tx_reqs'] >= 1 and devs[1]['rx_frames'] >= 1, 'no traffic qoe0 -> qoe1'
# each attach: the driver's queue pairs, each with an engine
pairs = [int(l.split()[-2]) for l in open(sys.argv[1]) if 'driver attached' in l]
assert pairs and all(p == int(sys.argv[2]) for p in pairs), pairs
print('firmware counters ok')
PY
	then echo "ok firmware-counters" >>"$OUT"; else echo "not ok firmware-counters" >>"$OUT"; fi
fi
if [ -n "$DEBUG" ]; then
	qoe_kreports "$WORK"/console* >"$WORK/reports"
	if [ -s "$WORK/reports" ]; then
		echo "not ok debug-kernel-reports" >>"$OUT"
		cat "$WORK/reports" >>"$OUT.log"
	else
		echo "ok debug-kernel-reports" >>"$OUT"
	fi
	grep -Eq '^(not )?ok no-kmemleak$' "$OUT" || echo "not ok kmemleak-ran" >>"$OUT"
fi
cat "$OUT"
if ! grep -q '^done$' "$OUT"; then
	tail -30 "$WORK/console" >&2
	echo "0 passed, 1 failed"
	qoe_die "the UML run did not finish"
fi
npass=$(grep -c '^ok' "$OUT" || true)
nfail=$(grep -c '^not ok' "$OUT" || true)
# the harness's closing line (tests/qoe_test.h), summed by scripts/test.sh
# QOE_UML_SHOW=1 (the demo): what the host's tools printed inside UML
if [ -n "${QOE_UML_SHOW:-}" ]; then
	echo "  [uml] ethtool -k qoe0 | grep quic-offload"
	sed 's/^/    /' "$OUT.feat" 2>/dev/null || true
	echo "  [uml] ethtool -S qoe0 (non-zero counters)"
	grep -Ev ': 0$' "$OUT.s0" 2>/dev/null | sed 's/^/    /' || true
	echo "  [uml] offloadctl show-flows"
	sed 's/^/    /' "$OUT.flows" 2>/dev/null || true
fi
qoe_log "end to end (UML + host tools): TODO $(grep -c "^todo" "$OUT" || true)"
echo "$npass passed, $nfail failed"
if [ "$nfail" -ne 0 ]; then
	cat "$OUT.log" >&2 2>/dev/null || true
	[ -n "$VIRTIO" ] && cat "$WORK/firmware.log" >&2
	qoe_die "$nfail end-to-end check(s) failed"
fi
