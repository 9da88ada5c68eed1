# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Sourced inside UML by tests/quic/uml-scenarios.sh and uml-perf.sh: the
# helpers both use, and the two network namespaces: qoe0 in netns c
# (10.9.0.1, fd00::1), qoe1 in netns s (10.9.0.2, fd00::2).  Environment:
# OUT (results), T (lxin's tests/).

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
	$C ethtool -S qoe0 | awk '$1 == "tx_quic_encrypted_packets:" { print $2; exit }'
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
