# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Sourced inside UML by the init scripts/uml-quic.sh writes: the real QUIC
# stack (quic.ko, patched by kernel-patches/lxin-quic/) over qoe0 (netns c)
# and qoe1 (netns s), driven by lxin's own func_test and perf_test.  It only
# runs the scenarios and records what happened under $OUT; the host's
# tests/quic/check_quic.py judges it.  Environment: OUT, T (lxin's tests/),
# OFFLOADCTL, TOT (perf_test bytes).

cd "$T" || exit 1
C="ip netns exec c"
S="ip netns exec s"

# rec NAME: counters of both devices and both stacks
rec() {
	$C ethtool -S qoe0 >"$OUT/$1.qoe0.stats" 2>&1
	$S ethtool -S qoe1 >"$OUT/$1.qoe1.stats" 2>&1
	$C cat /proc/net/quic/snmp >"$OUT/$1.c.snmp" 2>&1
	$S cat /proc/net/quic/snmp >"$OUT/$1.s.snmp" 2>&1
}

# sealed: packets qoe0's engine has protected so far
sealed() {
	$C ethtool -S qoe0 | awk '$1 == "tx_packets:" { print $2; exit }'
}

# listening NS: a QUIC endpoint listens in NS (waits up to 20 s)
listening() {
	local i

	for i in $(seq 200); do
		[ "$(ip netns exec "$1" cat /proc/net/quic/eps | wc -l)" -gt 1 ] &&
			return 0
		sleep 0.1
	done
	return 1
}

# server NAME CMD...: start a server in netns s, wait until it listens
server() {
	local name=$1

	shift
	$S "$@" >"$OUT/$name.server.log" 2>&1 &
	SRV=$!
	listening s || echo "server did not listen" >>"$OUT/$name.server.log"
}

stop_server() {
	kill "$SRV" 2>/dev/null
	wait "$SRV" 2>/dev/null
}

# client NAME CMD...: run a client in netns c, record its exit code
client() {
	local name=$1

	shift
	$C timeout 600 "$@" >"$OUT/$name.client.log" 2>&1
	echo $? >"$OUT/$name.rc"
}

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

ip netns add c
ip netns add s
ip link set qoe0 netns c
ip link set qoe1 netns s
$C ip addr add 10.9.0.1/24 dev qoe0
$S ip addr add 10.9.0.2/24 dev qoe1
$C ip -6 addr add fd00::1/64 dev qoe0 nodad
$S ip -6 addr add fd00::2/64 dev qoe1 nodad
for ns in c s; do
	ip -n $ns link set lo up
done
$C ip link set qoe0 up
$S ip link set qoe1 up
# quic.ko takes one QUIC packet per skb: no coalescing toward it (yet)
$C ethtool --set-priv-flags qoe0 quic-gro off
$S ethtool --set-priv-flags qoe1 quic-gro off
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

# 4. quic-offload switched off on the client's device mid-transfer: the
# connection moves to software crypto and completes
rec offoff.before
server offoff ./perf_test -l --pkey ./keys/server-key.pem \
	--cert ./keys/server-cert.pem
(
	# once qoe0 sealed 2000 more packets: the transfer is under way
	base=$(sealed)
	for i in $(seq 1200); do
		[ "$(sealed)" -ge $((base + 2000)) ] && break
		sleep 0.1
	done
	$C ethtool -K qoe0 quic-offload off
	echo $? >"$OUT/offoff.ethtool.rc"
) &
OFF=$!
client offoff ./perf_test --addr 10.9.0.2 --tot_len "$((TOT * 2))"
wait $OFF
stop_server
rec offoff.after
$C ethtool -K qoe0 quic-offload on

dmesg >"$OUT/dmesg.txt" 2>&1
