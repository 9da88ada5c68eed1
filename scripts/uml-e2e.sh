#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# End to end with real tools: boot the UML kernel that scripts/kunit.sh
# built (its config has HOSTFS & co.) with the host's filesystem as root,
# and drive qoe0/qoe1 with the host's ip, ethtool and offloadctl.
# Run scripts/kunit.sh first (make check-kunit does both).
set -euo pipefail

. "$(dirname "$0")/uml-tree.sh"

OFFLOADCTL=${OFFLOADCTL:-$QOE_TOP/build/offloadctl}
qoe_ktree >/dev/null
LINUX=$QOE_KBUILD/linux
[ -x "$LINUX" ] || qoe_die "no UML kernel at $LINUX: run scripts/kunit.sh first"
for t in ip ethtool; do
	command -v $t >/dev/null || qoe_die "$t missing: apt-get install -y iproute2 ethtool"
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/qoe-uml.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
OUT=$WORK/out
: >"$OUT"

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
check link-up ip link set qoe0 up
check peer-up ip link set qoe1 up
check drvinfo bash -c 'ethtool -i qoe0 | grep -q "^driver: qoe"'
ethtool -S qoe0 >\$out.stats 2>&1
check stats-engine has tx_drop_no_key \$out.stats
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
check tx-gso bash -c 'grep -Eq "tx_gso_reqs: 1\$" \$out.s0 && grep -Eq " tx_packets: 4\$" \$out.s0'
check rx-gro bash -c 'grep -Eq "rx_coalesced: 1\$" \$out.s1 && grep -Eq "rx_decrypted: 1\$" \$out.s1'
check rx-no-auth-fail bash -c 'grep -Eq "rx_auth_fail: 0\$" \$out.s1'
# the genetlink flow dump, read by a client independent of offloadctl
check genl-flows python3 - <<'PY'
import socket, struct
def attrs(b):
    out = {}
    while len(b) >= 4:
        l, t = struct.unpack_from('HH', b)
        out[t & 0x3fff] = b[4:l]
        b = b[(l + 3) & ~3:]
    return out
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 16)
def req(typ, flags, cmd, payload=b''):
    m = struct.pack('BBH', cmd, 1, 0) + payload
    s.send(struct.pack('IHHII', 16 + len(m), typ, flags, 1, 0) + m)
    msgs = []
    while True:
        d = s.recv(65536)
        while d:
            l, t = struct.unpack_from('IH', d)
            if t in (2, 3):
                return msgs
            msgs.append(d[20:l])
            d = d[(l + 3) & ~3:]
name = b'qoe\0'
req_attr = struct.pack('HH', 4 + len(name), 2) + name
fam = attrs(req(16, 5, 3, req_attr)[0])
fid = struct.unpack('H', fam[1][:2])[0]
flows = [attrs(attrs(m)[8]) for m in req(fid, 0x301, 3)]
assert len(flows) == 2, flows
dirs = sorted(f[3][0] for f in flows)
assert dirs == [0, 1], dirs
for f in flows:
    assert struct.unpack('Q', f[14])[0] == 4, 'packets'
    assert f[6] == bytes([0x5e] * 8), 'cid'
print('genl flows ok')
PY
if [ -x "\$offloadctl" ]; then
	check ctl-dev bash -c '\$offloadctl show-dev | grep -q qoe0'
	check ctl-dev-json bash -c '\$offloadctl -j show-dev | grep -q "\"qoe1\""'
	check ctl-caps bash -c '\$offloadctl show-caps dev qoe0 | grep -qi chacha20'
	check ctl-stats bash -c '\$offloadctl show-stats dev qoe0 | grep -q tx_passthrough'
	check ctl-flows bash -c '\$offloadctl show-flows | tee -a \$out.flows | grep -q 5e5e5e5e5e5e5e5e'
	check ctl-flows-json bash -c '\$offloadctl -j show-flows dev qoe0 | grep -q "\"cid\": *\"5e5e5e5e5e5e5e5e\""'
	check ctl-bad-dev bash -c '! \$offloadctl show-caps dev lo'
else
	echo "skip offloadctl (not built: make offloadctl)" >>\$out
fi
echo done >>\$out
poweroff -f || echo o >/proc/sysrq-trigger
INIT
chmod +x "$WORK/init"

qoe_log "booting $LINUX with $WORK/init"
start=$(date +%s)
timeout 300 "$LINUX" mem=256M rootfstype=hostfs rw init="$WORK/init" \
	kunit.enable=0 con=null con0=fd:0,fd:1 </dev/null >"$WORK/console" 2>&1 || true
qoe_log "UML ran $(($(date +%s) - start)) s"
cat "$OUT"
if ! grep -q '^done$' "$OUT"; then
	tail -30 "$WORK/console" >&2
	echo "0 passed, 1 failed"
	qoe_die "the UML run did not finish"
fi
npass=$(grep -c '^ok' "$OUT" || true)
nfail=$(grep -c '^not ok' "$OUT" || true)
# the harness's closing line (tests/qoe_test.h), summed by scripts/test.sh
qoe_log "end to end (UML + host tools): TODO $(grep -c "^todo" "$OUT" || true)"
echo "$npass passed, $nfail failed"
if [ "$nfail" -ne 0 ]; then
	cat "$OUT.log" >&2 2>/dev/null || true
	qoe_die "$nfail end-to-end check(s) failed"
fi
