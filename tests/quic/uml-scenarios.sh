# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Sourced inside UML by the init scripts/uml-quic.sh writes: the real QUIC
# stack (quic.ko, patched by kernel-patches/lxin-quic/) over qoe0 (netns c)
# and qoe1 (netns s), driven by lxin's own func_test and perf_test.  It only
# runs the scenarios and records what happened under $OUT; the host's
# tests/quic/check_quic.py judges it.  Environment: OUT, T (lxin's tests/),
# OFFLOADCTL, TOT (perf_test bytes), TCX (tests/quic/qoe_tcx.c), Q (this
# directory).  The
# kernel runs with qoe.pairs=2: qoe2 (netns c) and qoe3 (netns s) are a
# second path between the two, for the route change.

. "$Q/uml-common.sh"

# flows_while NAME: offloadctl's view of both devices once a connection is
# offloaded (until then the dump is empty; gives up after 60 s)
flows_while() {
	local i

	for i in $(seq 600); do
		$C "$OFFLOADCTL" -j show-flows dev qoe0 >"$OUT/$1.flows.qoe0.json" 2>&1
		grep -q '"handle"' "$OUT/$1.flows.qoe0.json" && break
		sleep 0.1
	done
	$S "$OFFLOADCTL" -j show-flows dev qoe1 >"$OUT/$1.flows.qoe1.json" 2>&1
}

# quic-gro stays on (the default): a coalesced skb reaches quic.ko's UDP
# socket as the packets it was made of
$C ethtool --show-priv-flags qoe0 >"$OUT/pflags.qoe0" 2>&1
$C ethtool -k qoe0 >"$OUT/features.qoe0" 2>&1
echo "netns ok" >"$OUT/setup"

# 1. perf_test over IPv4, offload on both ends; offloadctl while it runs
rec v4perf.before
server v4perf ./perf_test -l --pkey ./keys/server-key.pem \
	--cert ./keys/server-cert.pem
flows_while v4perf &
FL=$!
client v4perf ./perf_test --addr 10.9.0.2 --tot_len "$TOT"
wait $FL
stop_server
rec v4perf.after

# 2. lxin's functional suite (PSK): streams, key updates, CID changes
rec v4func.before
server v4func ./func_test server 0.0.0.0 1234 ./keys/server-psk.txt
client v4func ./func_test client 10.9.0.2 1234 ./keys/client-psk.txt
stop_server
rec v4func.after

# 3. perf_test over IPv6
rec v6perf.before
server v6perf ./perf_test -l --pkey ./keys/server-key.pem \
	--cert ./keys/server-cert.pem
client v6perf ./perf_test --addr fd00::2 --tot_len "$TOT"
stop_server
rec v6perf.after

# after_sealed N: wait until qoe0 sealed N more packets (a transfer is
# under way; gives up after 120 s)
after_sealed() {
	local base i

	base=$(sealed)
	for i in $(seq 1200); do
		[ "$(sealed)" -ge $((base + $1)) ] && return 0
		sleep 0.1
	done
	return 1
}

# midway RCFILE CMD...: once a transfer is under way (qoe0 sealed 2000
# more packets), run CMD and write its exit code to RCFILE
midway() {
	local rc=$1

	shift
	after_sealed 2000
	"$@"
	echo $? >"$rc"
}

# 4. quic-offload switched off on the client's device mid-transfer: the
# connection moves to software crypto and completes
rec offoff.before
server offoff ./perf_test -l --pkey ./keys/server-key.pem \
	--cert ./keys/server-cert.pem
midway "$OUT/offoff.ethtool.rc" $C ethtool -K qoe0 quic-offload off &
OFF=$!
client offoff ./perf_test --addr 10.9.0.2 --tot_len "$((TOT * 2))"
wait $OFF
stop_server
rec offoff.after
$C ethtool -K qoe0 quic-offload on

# 5. Between quic.ko and the devices: a clsact qdisc with matchall
# filters (tc_skb_cb rewrites skb->cb up to cb[36]) and tcx BPF programs
# that scribble on __sk_buff->cb, both directions, both devices
for d in "c qoe0" "s qoe1"; do
	set -- $d
	ip netns exec "$1" tc qdisc add dev "$2" clsact
	ip netns exec "$1" tc filter add dev "$2" egress matchall action pass
	ip netns exec "$1" tc filter add dev "$2" ingress matchall action pass
done
$C "$TCX" qoe0 >"$OUT/tc.tcx.qoe0" 2>&1 &
TC0=$!
$S "$TCX" qoe1 >"$OUT/tc.tcx.qoe1" 2>&1 &
TC1=$!
for f in "$OUT/tc.tcx.qoe0" "$OUT/tc.tcx.qoe1"; do
	for i in $(seq 100); do
		grep -q attached "$f" && break
		sleep 0.1
	done
done
rec tc.before
server tc ./perf_test -l --pkey ./keys/server-key.pem \
	--cert ./keys/server-cert.pem
client tc ./perf_test --addr 10.9.0.2 --tot_len "$TOT"
stop_server
rec tc.after
kill "$TC0" "$TC1"
wait "$TC0" "$TC1"
$C tc -s -j filter show dev qoe0 egress >"$OUT/tc.filter.qoe0" 2>&1
$S tc -s -j filter show dev qoe1 egress >"$OUT/tc.filter.qoe1" 2>&1
$C tc qdisc del dev qoe0 clsact
$S tc qdisc del dev qoe1 clsact

# 6. The route to the server moves from qoe0 to qoe2 mid-transfer.  qoe2
# is capable too, but holds no entry for the connection: the plaintext
# already on its way there is dropped, the rest goes out protected in
# software, through qoe3, which has no entry either.
ip link set qoe2 netns c
ip link set qoe3 netns s
$C ip addr add 10.9.1.1/24 dev qoe2
$S ip addr add 10.9.1.2/24 dev qoe3
$C ip link set qoe2 up
$S ip link set qoe3 up
rec route.before
$C ethtool -S qoe2 >"$OUT/route.before.qoe2.stats" 2>&1
$S ethtool -S qoe3 >"$OUT/route.before.qoe3.stats" 2>&1
server route ./perf_test -l --pkey ./keys/server-key.pem \
	--cert ./keys/server-cert.pem
midway "$OUT/route.ip.rc" $C ip route add 10.9.0.2/32 via 10.9.1.2 dev qoe2 &
RT=$!
client route ./perf_test --addr 10.9.0.2 --tot_len "$((TOT * 2))"
wait $RT
stop_server
rec route.after
$C ethtool -S qoe2 >"$OUT/route.after.qoe2.stats" 2>&1
$S ethtool -S qoe3 >"$OUT/route.after.qoe3.stats" 2>&1
$C ip route del 10.9.0.2/32

# 7. The wire, seen where nothing offloads: qoe1 with quic-offload off
# shows what qoe0's device put on the wire, and the server's software
# crypto; the host's tshark decrypts the capture with the client's keys.
$S ethtool -K qoe1 quic-offload off
$S python3 "$Q/qoe_capture.py" qoe1 1234 "$OUT/wire.pcap" \
	>"$OUT/wire.capture.log" 2>&1 &
DC=$!
for i in $(seq 100); do
	grep -q ready "$OUT/wire.capture.log" && break
	sleep 0.1
done
rec wire.before
server wire ./perf_test -l --pkey ./keys/server-key.pem \
	--cert ./keys/server-cert.pem
client wire env SSLKEYLOGFILE="$OUT/wire.keys" ./perf_test --addr 10.9.0.2 \
	--tot_len 4194304
stop_server
rec wire.after
kill -INT "$DC"
wait "$DC"
$S ethtool -K qoe1 quic-offload on

# 8. Interop with ngtcp2 (userspace, software crypto), both ways: quic.ko
# offloaded on one end, byte-exact bodies judged on the host
mkdir -p "$OUT/h3" "$OUT/i2.dl"
head -c 393216 /dev/urandom | base64 -w 76 >"$OUT/h3/blob"
# udp_listening NS PORT: a UDP socket is bound to PORT in NS (20 s)
udp_listening() {
	local hex i

	hex=$(printf ':%04X ' "$2")
	for i in $(seq 200); do
		ip netns exec "$1" cat /proc/net/udp /proc/net/udp6 |
			grep -q "$hex" && return 0
		sleep 0.1
	done
	return 1
}
if [ -x ./http3_test ] && command -v gtlsserver >/dev/null; then
	# 8a. quic.ko's http3_test client, offloaded on qoe0 -> gtlsserver
	rec i1.before
	$S gtlsserver -q -d "$OUT/h3" 10.9.0.2 4433 ./keys/server-key.pem \
		./keys/server-cert.pem >"$OUT/i1.server.log" 2>&1 &
	SRV=$!
	udp_listening s 4433 || echo "gtlsserver did not bind" >>"$OUT/i1.server.log"
	client i1 ./http3_test -c https://10.9.0.2:4433/blob
	stop_server
	rec i1.after

	# 8b. gtlsclient, with a key update -> quic.ko's http3_test server,
	# offloaded on qoe1
	rec i2.before
	server i2 sh -c "cd $OUT/h3 && exec $T/http3_test -s 10.9.0.2:4433 \
		$T/keys/server-key.pem $T/keys/server-cert.pem"
	client i2 gtlsclient -q --exit-on-all-streams-close --key-update=20ms \
		--download="$OUT/i2.dl" 10.9.0.2 4433 https://server.test/blob
	stop_server
	rec i2.after

	# 8c. the same with AES-128-CCM, the only suite gtlsclient offers:
	# quic.ko offloads it to qoe1 (the kernel's ccm(aes) on the device)
	mkdir -p "$OUT/i3.dl"
	rec i3.before
	server i3 sh -c "cd $OUT/h3 && exec $T/http3_test -s 10.9.0.2:4433 \
		$T/keys/server-key.pem $T/keys/server-cert.pem"
	client i3 gtlsclient -q --exit-on-all-streams-close --key-update=20ms \
		--ciphers=NORMAL:-VERS-ALL:+VERS-TLS1.3:-CIPHER-ALL:+AES-128-CCM \
		--download="$OUT/i3.dl" 10.9.0.2 4433 https://server.test/blob
	stop_server
	rec i3.after
else
	echo "no http3_test or gtlsserver" >"$OUT/interop.missing"
fi

dmesg >"$OUT/dmesg.txt" 2>&1

# 9. Over virtio only (FWKILL, set by scripts/uml-quic.sh): the firmware
# process dies under an offloaded transfer.  Every device goes away with
# I/O in flight (a surprise removal); quic.ko hears it (DEV_DOWN) and
# takes its connections back; the kernel keeps running.  Last: no device
# is left after it.
if [ -n "${FWKILL:-}" ]; then
	rec kill.before
	server kill ./perf_test -l --pkey ./keys/server-key.pem \
		--cert ./keys/server-cert.pem
	$C timeout 120 ./perf_test --addr 10.9.0.2 --tot_len "$((TOT * 64))" \
		>"$OUT/kill.client.log" 2>&1 &
	KC=$!
	after_sealed 2000
	echo $? >"$OUT/kill.midway.rc"
	touch "$FWKILL"
	for i in $(seq 200); do
		! $C ip link show qoe0 >/dev/null 2>&1 &&
			! $S ip link show qoe1 >/dev/null 2>&1 && break
		sleep 0.05
	done
	{ $C ip link show qoe0; $S ip link show qoe1; } >"$OUT/kill.links" 2>&1
	$C cat /proc/net/quic/snmp >"$OUT/kill.after.c.snmp" 2>&1
	$S cat /proc/net/quic/snmp >"$OUT/kill.after.s.snmp" 2>&1
	kill "$KC" 2>/dev/null
	wait "$KC" 2>/dev/null
	stop_server
	dmesg >"$OUT/kill.dmesg" 2>&1
fi
