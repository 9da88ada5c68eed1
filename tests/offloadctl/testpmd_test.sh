#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
# offloadctl against a real dpdk-testpmd running the net_qoe PMD: the
# telemetry contract end to end (Documentation/dpdk-pmd.rst).
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
{
	echo "tx chacha20-poly1305 [2001:db8::1]:443 [2001:db8::2]:5000 cid=c0ffee hp=$K16$K16 key0=$K16$K16 iv0=$IV pn=7"
	for i in $(seq 2 40); do
		echo "rx aes-128-gcm 10.0.0.1:$((4000 + i)) 10.0.0.2:1 cid=0a0b$(printf %02x "$i") hp=$K16 key0=$K16 iv0=$IV"
	done
} >"$W/flows"

mkfifo "$W/in"
LD_PRELOAD=$SO timeout 120 dpdk-testpmd -l 0-1 --no-huge -m 512 --no-pci \
	--file-prefix="$PREFIX" --vdev=net_qoe0,peer=net_qoe1 --vdev="net_qoe1,flows=$W/flows" \
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
check "show-dev port 1 has 40 flows" has "$W/dev" "1: dpdk abi 1.0 flows 40/"

oc show-flows dev 1 >"$W/table" 2>&1
check "show-flows: header + 40 rows" eq "$(wc -l <"$W/table")" 41
check "show-flows: header" has "$W/table" "HANDLE     DEV    DIR CIPHER            CID              LOCAL                 REMOTE                PHASE           PN    PACKETS        BYTES AUTHFAIL    DROPS KEYUPD       AGE"
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
        "pn": 7, "keys_valid": 1}
for k, v in want.items():
    assert f[k] == v, (k, f[k], v)
assert list(f) == ["handle", "dev", "dir", "cipher", "cid", "local", "remote", "key_phase",
                   "pn", "packets", "bytes", "auth_fail", "drops", "key_updates",
                   "keys_valid", "age_ms"], list(f)
assert all(x["pn"] is None for x in a[1:]), "rx pn none -> null"
assert len({x["handle"] for x in a}) == 40, "handles unique"
PY
fi

oc show-caps dev 1 >"$W/caps" 2>&1
check "show-caps: ciphers" has "$W/caps" "    ciphers: aes-128-gcm,aes-256-gcm,chacha20-poly1305"
check "show-caps: max_cid_len 20" has "$W/caps" "    max_cid_len: 20"
oc show-stats dev 1 >"$W/stats" 2>&1
check "show-stats: flows 40" has "$W/stats" "    flows: 40"
check "show-stats: rx_no_flow counted the traffic" \
	[ "$(awk '$1 == "rx_no_flow:" { print $2 }' "$W/stats")" -gt 0 ]

oc show-flows dev 7 >"$W/out" 2>"$W/err"
check "unknown port: exit 1" eq $? 1
check "unknown port: message" has "$W/err" "offloadctl: dpdk prefix '$PREFIX': dev '7': no such qoe port (2 qoe ports)"
oc del-flow dev 1 handle 1 >"$W/out" 2>"$W/err"
check "del-flow: exit 1, read-only" eq "$?:$(cut -c1-200 "$W/err")" \
	"1:offloadctl: dpdk prefix '$PREFIX': del-flow: not supported by this backend (DPDK telemetry is read-only; the application changes flows through rte_pmd_qoe_*())"

echo "quit" >&3
exec 3>&-
wait "$TP"
TP=
oc show-dev >"$W/out" 2>"$W/err"
check "after testpmd exits: exit 1" eq $? 1
check "after testpmd exits: names the prefix" has "$W/err" "offloadctl: dpdk prefix '$PREFIX': "

echo "$PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
