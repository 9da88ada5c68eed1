#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
# offloadctl against a real dpdk-testpmd running the net_qoe PMD: the
# telemetry contract end to end (Documentation/dpdk-pmd.rst), reads and
# writes (add-flow, key-update, del-flow, monitor of a real key-phase flip).
#   testpmd_test.sh <offloadctl> <librte_net_qoe.so>
# Ends with "N passed, N failed"; exits 0 without tests when testpmd or the
# PMD is missing (the PMD is optional for offloadctl's own suite).
set -u

TOOL=${1:?usage: testpmd_test.sh <offloadctl> <librte_net_qoe.so>}
SO=${2:?usage: testpmd_test.sh <offloadctl> <librte_net_qoe.so>}
if ! command -v dpdk-testpmd >/dev/null || [ ! -f "$SO" ]; then
	echo "testpmd_test.sh: dpdk-testpmd or $SO missing, skipped"
	exit 0
fi
if [ "$(id -u)" != 0 ]; then
	echo "testpmd_test.sh: needs root (/var/run/dpdk), skipped"
	exit 0
fi

W=$(mktemp -d "${TMPDIR:-/tmp}/offloadctl-testpmd.XXXXXX")
PREFIX=offloadctl-test-$$
PASS=0
FAIL=0
TP=
cleanup() {
	[ -n "$TP" ] && kill "$TP" 2>/dev/null && wait "$TP" 2>/dev/null
	exec 3>&- 2>/dev/null
	rm -rf "$W" "/var/run/dpdk/$PREFIX"
}
trap cleanup EXIT
[ -n "${KEEP:-}" ] && trap - EXIT

check() { # what command... : pass when the command succeeds
	local what=$1
	shift
	if "$@"; then
		echo "ok $what"
		PASS=$((PASS + 1))
	else
		echo "not ok $what"
		FAIL=$((FAIL + 1))
	fi
}
eq() { [ "$1" = "$2" ] || { echo "  got '$1', expected '$2'" >&2; return 1; }; }
has() { grep -qF -- "$2" "$1" || { echo "  $1 lacks '$2':" >&2; head -5 "$1" >&2; return 1; }; }
oc() { "$TOOL" --dpdk "$PREFIX" "$@"; }

# 40 flows on net_qoe1: more than one 32-flow page.  Flow 1 is IPv6
# chacha20 TX with pn 7, the rest AES-128-GCM RX.
K16=000102030405060708090a0b0c0d0e0f
IV=000102030405060708090a0b
# offloadctl takes key material from files (or stdin), never argv
printf '%s\n' "$K16" >"$W/k16"; printf '%s\n' "$K16$K16" >"$W/k32"
printf '%s\n' "$IV" >"$W/iv"
KF16=@$W/k16 KF32=@$W/k32 IVF=@$W/iv
{
	echo "tx chacha20-poly1305 [2001:db8::1]:443 [2001:db8::2]:5000 cid=c0ffee hp=$K16$K16 key0=$K16$K16 iv0=$IV pn=7"
	for i in $(seq 2 40); do
		echo "rx aes-128-gcm 10.0.0.1:$((4000 + i)) 10.0.0.2:1 cid=0a0b$(printf %02x "$i") hp=$K16 key0=$K16 iv0=$IV"
	done
} >"$W/flows"

mkfifo "$W/in"
LD_PRELOAD=$SO timeout 120 dpdk-testpmd -l 0-1 --no-huge -m 512 --no-pci \
	--file-prefix="$PREFIX" --vdev=net_qoe0,peer=net_qoe1,auto_tx=1,telemetry_writes=1 \
	--vdev="net_qoe1,flows=$W/flows,telemetry_writes=1" \
	-- -i --total-num-mbufs=8192 <"$W/in" >"$W/testpmd.log" 2>&1 &
TP=$!
exec 3>"$W/in"
SOCK=/var/run/dpdk/$PREFIX/dpdk_telemetry.v2
for _ in $(seq 200); do
	[ -S "$SOCK" ] && grep -q "testpmd>" "$W/testpmd.log" && break
	sleep 0.1
done
if ! [ -S "$SOCK" ]; then
	echo "testpmd did not start:"; tail -20 "$W/testpmd.log"
	echo "0 passed, 1 failed"
	exit 1
fi
# traffic through the pair (no flows match it: rx_no_flow counts)
echo "start tx_first" >&3
sleep 1
echo "stop" >&3
sleep 0.5

oc show-dev >"$W/dev" 2>&1
check "show-dev lists both ports" eq "$(cut -d: -f1 "$W/dev" | tr '\n' ' ')" "0 1 "
# the device's own ABI version, as include/qoe/fw_abi.h says
ABI=$(awk '/define QOE_ABI_VERSION_MAJOR/ { m = $3 } /define QOE_ABI_VERSION_MINOR/ { n = $3 } END { print m "." n }' "$(dirname "$0")/../../include/qoe/fw_abi.h")
check "show-dev port 1 has 40 flows" has "$W/dev" "1: dpdk abi $ABI flows 40/"

oc show-flows dev 1 >"$W/table" 2>&1
check "show-flows: header + 40 rows" eq "$(wc -l <"$W/table")" 41
check "show-flows: header" has "$W/table" "HANDLE     DEV    DIR CIPHER            CID              LOCAL                 REMOTE                PHASE           PN    PACKETS        BYTES AUTHFAIL    DROPS   NOKEY KEYUPD       AGE"
check "show-flows: IPv6 chacha20 TX flow" \
	eq "$(awk 'NR == 2 { print $2, $3, $4, $5, $6, $7, $8, $9 }' "$W/table")" \
	"1 tx chacha20-poly1305 c0ffee [2001:db8::1]:443 [2001:db8::2]:5000 0 7"
check "show-flows: RX flows before any packet have pn none" \
	eq "$(awk 'NR > 2 && $3 == "rx" && $9 == "none"' "$W/table" | wc -l)" 39
check "show-flows dev net_qoe1 = dev 1" eq "$(oc show-flows dev net_qoe1 | cut -c1-100)" "$(cut -c1-100 "$W/table")"
check "show-flows dir rx: 39 rows" eq "$(oc show-flows dev 1 dir rx | tail -n +2 | wc -l)" 39
check "show-flows (all ports) = port 1's" eq "$(oc show-flows | wc -l)" 41

oc show-flows -j >"$W/flows.json" 2>&1
if command -v python3 >/dev/null; then
	check "show-flows -j: 40 objects, first one exact" python3 - "$W/flows.json" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))
assert len(a) == 40, len(a)
f = a[0]
want = {"dev": "1", "dir": "tx", "cipher": "chacha20-poly1305", "cid": "c0ffee",
        "local": "[2001:db8::1]:443", "remote": "[2001:db8::2]:5000", "key_phase": 0,
        "pn": 7, "keys_valid": 1, "key_missing": 0}
for k, v in want.items():
    assert f[k] == v, (k, f[k], v)
assert list(f) == ["handle", "dev", "dir", "cipher", "cid", "local", "remote", "key_phase",
                   "pn", "packets", "bytes", "auth_fail", "drops", "key_missing",
                   "key_updates", "keys_valid", "age_ms"], list(f)
assert all(x["pn"] is None for x in a[1:]), "rx pn none -> null"
assert len({x["handle"] for x in a}) == 40, "handles unique"
PY
fi

oc show-caps dev 1 >"$W/caps" 2>&1
check "show-caps: ciphers" has "$W/caps" "    ciphers: aes-128-gcm,aes-256-gcm,chacha20-poly1305,aes-128-ccm"
check "show-caps: max_cid_len 20" has "$W/caps" "    max_cid_len: 20"
oc show-stats dev 1 >"$W/stats" 2>&1
check "show-stats: quic_flows 40" has "$W/stats" "    quic_flows: 40"
check "show-stats: rx_quic_no_flow counted the traffic" \
	[ "$(awk '$1 == "rx_quic_no_flow:" { print $2 }' "$W/stats")" -gt 0 ]
check "show-stats: the port's own xstats too" has "$W/stats" "    rx_good_packets: "

oc show-flows dev 7 >"$W/out" 2>"$W/err"
check "unknown port: exit 1" eq $? 1
check "unknown port: message" has "$W/err" "offloadctl: dpdk prefix '$PREFIX': dev '7': no such qoe port (2 qoe ports)"
# --- writes: add-flow, key-update, del-flow, monitor -----------------------
# testpmd's txonly packets go 198.18.0.1:9 -> 198.18.0.2:9 with a zero
# payload: a short header, phase bit 0, PN 0.  Port 0 protects the first one
# (auto_tx; later ones repeat PN 0 and are refused), port 1's RX flow starts
# in phase 1, so that packet is a peer key-phase flip: one event.
oc add-flow dev 0 dir tx cipher aes-128-gcm local 198.18.0.1:9 remote 198.18.0.2:9 \
	key "$KF16" iv "$IVF" hp-key "$KF16" >"$W/add0" 2>&1
check "add-flow TX: exit 0, prints the handle" grep -qE '^handle 0x[0-9a-f]{8}$' "$W/add0"
HT=$(sed -n 's/^handle //p' "$W/add0")
oc add-flow dev 1 dir rx cipher aes-128-gcm local 198.18.0.2:9 remote 198.18.0.1:9 \
	key-phase 1 key "$KF16" iv "$IVF" hp-key "$KF16" -j >"$W/add1" 2>&1
check "add-flow RX -j: {\"handle\": N}" grep -qE '^\{"handle":[0-9]+\}$' "$W/add1"
HR=$(sed -n 's/^{"handle":\([0-9]*\)}$/\1/p' "$W/add1")
HRX=$(printf '0x%08x' "${HR:-0}")
check "show-flows dev 0: the TX flow, exact" \
	eq "$(oc show-flows dev 0 | awk 'NR > 1 { print $1, $2, $3, $4, $5, $6, $7, $8, $9 }')" \
	"$HT 0 tx aes-128-gcm - 198.18.0.1:9 198.18.0.2:9 0 0"
check "show-flows dev 1: the RX flow, exact" \
	eq "$(oc show-flows dev 1 | awk -v h="$HRX" '$1 == h { print $2, $3, $4, $5, $6, $7, $8, $9, $10 }')" \
	"1 rx aes-128-gcm - 198.18.0.2:9 198.18.0.1:9 1 none 0"
kv() { # dev handle key: one field of a flow, from show-flows -j
	oc show-flows dev "$1" -j | python3 -c '
import json, sys
for f in json.load(sys.stdin):
    if f["handle"] == int(sys.argv[1], 0):
        print(f[sys.argv[2]])' "$2" "$3"
}
check "RX flow: keys_valid 2 (phase 1 only)" eq "$(kv 1 "$HR" keys_valid)" 2
oc key-update dev 1 handle "$HR" phase 0 key "$KF16" iv "$IVF" >"$W/out" 2>&1
check "key-update phase 0: exit 0" eq "$?:$(cat "$W/out")" "0:"
check "key-update: keys_valid 3" eq "$(kv 1 "$HR" keys_valid)" 3

# bad input: exit 1 (2 for a bad command line), one clear line, no key echoed
oc key-update dev 1 handle "$HR" phase 0 key "$KF32" iv "$IVF" >"$W/out" 2>"$W/err"
check "key-update wrong key length: exit 1, one line" eq "$?:$(wc -l <"$W/err")" "1:1"
check "key-update wrong key length: message" has "$W/err" \
	"offloadctl: dpdk prefix '$PREFIX': dev 1: key-update: key: 32 bytes, but flow $HRX uses aes-128-gcm (16-byte keys)"
check "key-update wrong key length: key not echoed" eq "$(grep -c "$K16" "$W/err")" 0
oc key-update dev 1 handle 0x7fff0 phase 1 key "$KF16" iv "$IVF" >"$W/out" 2>"$W/err"
check "key-update unknown handle: exit 1 + message" eq "$?:$(cat "$W/err")" \
	"1:offloadctl: dpdk prefix '$PREFIX': dev 1: key-update: no such flow"
oc del-flow dev 1 handle 0x7fff0 >"$W/out" 2>"$W/err"
check "del-flow unknown handle: exit 1 + message" eq "$?:$(cat "$W/err")" \
	"1:offloadctl: dpdk prefix '$PREFIX': dev 1: del-flow: no such flow"
oc add-flow dev 1 dir rx cipher aes-128-gcm local 198.18.0.2:9 remote 198.18.0.1:9 \
	key "$KF16" iv "$IVF" hp-key "$KF16" >"$W/out" 2>"$W/err"
check "add-flow same addresses again: exit 1 + message" eq "$?:$(cat "$W/err")" \
	"1:offloadctl: dpdk prefix '$PREFIX': dev 1: add-flow: CID or address already offloaded"
oc add-flow dev 1 dir rx cipher rot13 local 198.18.0.2:9 remote 198.18.0.1:9 \
	key "$KF16" iv "$IVF" hp-key "$KF16" >"$W/out" 2>"$W/err"
check "add-flow bad cipher: exit 2 (command line), named" eq "$?:$(head -1 "$W/err")" \
	"2:offloadctl: add-flow: unknown cipher 'rot13' (aes-128-gcm, aes-256-gcm, chacha20-poly1305)"
# the PMD checks on its own what offloadctl already refuses
check "PMD refuses bad requests with a reason, and survives them" python3 - "$SOCK" "$K16" "$IV" <<'PY'
import json, socket, sys
sock, k, iv = sys.argv[1:]
s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
s.connect(sock)
s.recv(16384)
def ask(cmd):
    s.send(cmd.encode())
    return json.loads(s.recv(16384))[cmd.split(",")[0]]
base = "/qoe/flow_add,1,dir=rx,local=10.9.9.9:1,remote=10.9.9.8:2,iv=" + iv
want = {
    base + ",cipher=rot13,key=" + k + ",hp=" + k: "cipher: expected aes-128-gcm, aes-256-gcm or chacha20-poly1305",
    base + ",cipher=aes-256-gcm,key=" + k + ",hp=" + k: "keys and hp must be 32 bytes for this cipher",
    base + ",cipher=aes-128-gcm,key=" + k: "dir, cipher, local, remote, hp and a key with its iv are required",
    base + ",cipher=aes-128-gcm,key=" + k + ",hp=" + k + ",bogus=1": "unknown parameter (dir, cipher, local, remote, cid, pn, phase, fail, hp, key, iv, key0, iv0, key1, iv1)",
    "/qoe/flow_add,9,dir=rx": "port: not a net_qoe port id",
    "/qoe/flow_add,1," + "a" * 1000: "expected name=value",
    "/qoe/key_update,1,1048576,2," + k + "," + iv: "phase: expected 0 or 1",
    "/qoe/key_update,1,1048576,0,zz," + iv: "key: expected 16 or 32 bytes of hex",
    "/qoe/key_update,1": "handle: expected a flow handle",
    "/qoe/flow_del,1,0": "handle: expected a flow handle",
    "/qoe/events,x": "port: not a net_qoe port id",
}
for cmd, why in want.items():
    r = ask(cmd)
    assert r.get("error") == why, (cmd[:50], r)
    assert k not in json.dumps(r)
assert ask("/qoe/ports") == [0, 1]
PY

# monitor: the flip, as JSON; exits after OFFLOADCTL_MONITOR_COUNT events
OFFLOADCTL_MONITOR_COUNT=1 OFFLOADCTL_MONITOR_TIMEOUT=30 oc monitor -j >"$W/mon" 2>&1 &
MON=$!
sleep 0.5
echo "start tx_first" >&3
sleep 1
echo "stop" >&3
wait "$MON"
check "monitor: exit 0 after one event" eq "$?" 0
check "monitor -j: the key-phase flip, exact" eq "$(cat "$W/mon")" \
	"{\"dev\":\"1\",\"type\":\"key-phase-flip\",\"type_id\":1,\"handle\":$HR,\"phase\":0,\"value\":0}"
check "the flip: RX flow now in phase 0, 1 key update, 1 packet" \
	eq "$(kv 1 "$HR" key_phase) $(kv 1 "$HR" key_updates) $(kv 1 "$HR" packets)" "0 1 1"
check "the flip: TX flow sent 1 packet" eq "$(kv 0 "$HT" packets)" 1
# reading took nothing away: a second monitor sees the same flip, then
# SIGINT ends it with 0 (the binary itself, not the oc function's
# subshell, gets the signal)
"$TOOL" --dpdk "$PREFIX" monitor dev 1 >"$W/mon2" 2>&1 &
MON=$!
for _ in $(seq 100); do grep -q flip "$W/mon2" && break; sleep 0.05; done
kill -INT "$MON"
wait "$MON"
check "monitor again: the same flip (reading takes none away), SIGINT -> exit 0" \
	eq "$?:$(cat "$W/mon2")" "0:1 key-phase-flip handle $HRX phase 0 value 0"

oc del-flow dev 1 handle "$HR" >"$W/out" 2>&1
check "del-flow: exit 0" eq "$?:$(cat "$W/out")" "0:"
check "del-flow: the flow is gone, 40 left" \
	eq "$(oc show-flows dev 1 | awk -v h="$HRX" '$1 == h' | wc -l) $(oc show-flows dev 1 | tail -n +2 | wc -l)" "0 40"
oc del-flow dev 1 handle "$HR" >"$W/out" 2>"$W/err"
check "del-flow again: exit 1, no such flow" eq "$?:$(cat "$W/err")" \
	"1:offloadctl: dpdk prefix '$PREFIX': dev 1: del-flow: no such flow"

echo "quit" >&3
exec 3>&-
wait "$TP"
TP=
oc show-dev >"$W/out" 2>"$W/err"
check "after testpmd exits: exit 1" eq $? 1
check "after testpmd exits: names the prefix" has "$W/err" "offloadctl: dpdk prefix '$PREFIX': "

echo "$PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
