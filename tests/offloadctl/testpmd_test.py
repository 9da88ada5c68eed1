#!/usr/bin/env python3
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
"""offloadctl against a real dpdk-testpmd running net_qoe: the telemetry
contract end to end (Documentation/dpdk-pmd.rst), reads and writes
(add-flow, key-update, del-flow, monitor of a real key-phase flip).

  testpmd_test.py <offloadctl> <librte_net_qoe.so>

KTAP, then "N passed, N failed".  Skips (exit 0) without dpdk-testpmd,
the PMD or root (/var/run/dpdk).
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(TOP, "tests", "lib"))
sys.path.insert(0, os.path.join(TOP, "tests", "dpdk"))
from ksft import (ksft_eq, ksft_gt, ksft_in, ksft_run, ksft_true,  # noqa: E402
                  wait_stable, wait_until)
from qoe_dpdk import PmdEnv, Testpmd  # noqa: E402

K16 = "000102030405060708090a0b0c0d0e0f"
IV = "000102030405060708090a0b"
HEADER = ("HANDLE     DEV    DIR CIPHER            CID              LOCAL                 "
          "REMOTE                PHASE           PN    PACKETS        BYTES AUTHFAIL    DROPS"
          "   NOKEY KEYUPD       AGE")
FLOW_KEYS = ["handle", "dev", "dir", "cipher", "cid", "local", "remote", "key_phase", "pn",
             "packets", "bytes", "auth_fail", "drops", "key_missing", "key_updates",
             "keys_valid", "age_ms"]


class Fixture:
    """testpmd with net_qoe0 (peer=net_qoe1, auto_tx) and net_qoe1 holding
    40 flows (more than one 32-flow page): flow 1 is IPv6 chacha20 TX
    with pn 7, the rest AES-128-GCM RX.  Both with telemetry writes."""

    def __init__(self, tool, so):
        self.tool = tool
        self.env = PmdEnv(so)
        w = self.env.work
        # offloadctl takes key material from files (or stdin), never argv
        for name, text in (("k16", K16), ("k32", K16 + K16), ("iv", IV)):
            with open(f"{w}/{name}", "w") as f:
                f.write(text + "\n")
        self.kf16, self.kf32, self.ivf = f"@{w}/k16", f"@{w}/k32", f"@{w}/iv"
        lines = [f"tx chacha20-poly1305 [2001:db8::1]:443 [2001:db8::2]:5000 cid=c0ffee "
                 f"hp={K16}{K16} key0={K16}{K16} iv0={IV} pn=7"]
        lines += [f"rx aes-128-gcm 10.0.0.1:{4000 + i} 10.0.0.2:1 cid=0a0b{i:02x} "
                  f"hp={K16} key0={K16} iv0={IV}" for i in range(2, 41)]
        with open(f"{w}/flows", "w") as f:
            f.write("\n".join(lines) + "\n")
        self.flows = f"{w}/flows"
        self.tp = None
        self.state = {}
        self.cleanups = []

    def start(self):
        self.tp = Testpmd(self.env, "testpmd", [
            "net_qoe0,peer=net_qoe1,auto_tx=1,telemetry_writes=1",
            f"net_qoe1,flows={self.flows},telemetry_writes=1"],
            cleanup=self.cleanups.append).connect().started()
        self.prefix = self.tp.prefix

    def oc(self, *args, env=None):
        return subprocess.run([self.tool, "--dpdk", self.prefix] + list(args),
                              capture_output=True, text=True, timeout=60,
                              env=dict(os.environ, **(env or {})))

    def ocj(self, *args):
        r = self.oc(*args, "-j")
        ksft_eq(r.returncode, 0, f"offloadctl {' '.join(args)} -j: {r.stderr}")
        return json.loads(r.stdout)

    def flow(self, dev, handle):
        fl = [f for f in self.ocj("show-flows", "dev", str(dev)) if f["handle"] == handle]
        ksft_eq(len(fl), 1, f"flows with handle {handle:#x} on dev {dev}")
        return fl[0]

    def traffic(self):
        """testpmd's txonly burst through the pair, then stopped."""
        tp = self.tp

        def sent():     # protected, or refused by the TX flow
            s = tp.stats(0)
            return s["opackets"] + s["oerrors"]
        o0 = sent()
        tp.send("start tx_first")
        wait_until(lambda: sent() > o0, "port 0 sending")
        tp.send("stop")
        wait_stable(lambda: (tp.stats(0), tp.stats(1)), "counters after stop")


def fx_err(r, what, rc, text):
    ksft_eq(r.returncode, rc, f"{what}: exit")
    ksft_eq(r.stderr.strip(), text, f"{what}: message")


def reads(fx):
    fx.traffic()    # no flow matches it: rx_no_flow counts
    r = fx.oc("show-dev")
    ksft_eq([x.split(":")[0] for x in r.stdout.splitlines()], ["0", "1"], "show-dev ports")
    # the device's own ABI version, as include/qoe/fw_abi.h says
    with open(os.path.join(TOP, "include", "qoe", "fw_abi.h")) as f:
        h = f.read()
    abi = ".".join(re.search(rf"define QOE_ABI_VERSION_{p}\s+(\d+)", h).group(1)
                   for p in ("MAJOR", "MINOR"))
    ksft_in(f"1: dpdk abi {abi} flows 40/", r.stdout, "show-dev port 1")
    table = fx.oc("show-flows", "dev", "1").stdout.splitlines()
    ksft_eq(len(table), 41, "show-flows: header + 40 rows")
    ksft_eq(table[0], HEADER, "show-flows header")
    ksft_eq(table[1].split()[1:9], ["1", "tx", "chacha20-poly1305", "c0ffee",
                                    "[2001:db8::1]:443", "[2001:db8::2]:5000", "0", "7"],
            "show-flows: the IPv6 chacha20 TX flow")
    ksft_eq(sum(1 for x in table[2:] if x.split()[2] == "rx" and x.split()[8] == "none"),
            39, "RX flows with pn none before any packet")
    ksft_eq([x[:100] for x in fx.oc("show-flows", "dev", "net_qoe1").stdout.splitlines()],
            [x[:100] for x in table], "show-flows dev net_qoe1 = dev 1")
    ksft_eq(len(fx.oc("show-flows", "dev", "1", "dir", "rx").stdout.splitlines()) - 1, 39,
            "show-flows dir rx rows")
    ksft_eq(len(fx.oc("show-flows").stdout.splitlines()), 41, "show-flows of every port")
    a = fx.ocj("show-flows")
    ksft_eq(len(a), 40, "show-flows -j objects")
    ksft_eq(list(a[0]), FLOW_KEYS, "show-flows -j keys, in order")
    want = {"dev": "1", "dir": "tx", "cipher": "chacha20-poly1305", "cid": "c0ffee",
            "local": "[2001:db8::1]:443", "remote": "[2001:db8::2]:5000", "key_phase": 0,
            "pn": 7, "keys_valid": 1, "key_missing": 0}
    ksft_eq({k: a[0][k] for k in want}, want, "show-flows -j first flow")
    ksft_eq({x["pn"] for x in a[1:]}, {None}, "RX pn none -> null")
    ksft_eq(len({x["handle"] for x in a}), 40, "unique handles")
    caps = fx.oc("show-caps", "dev", "1").stdout
    ksft_in("    ciphers: aes-128-gcm,aes-256-gcm,chacha20-poly1305,aes-128-ccm", caps,
            "show-caps")
    ksft_in("    max_cid_len: 20", caps, "show-caps")
    st = fx.oc("show-stats", "dev", "1").stdout
    ksft_in("    quic_flows: 40", st, "show-stats")
    ksft_in("    rx_good_packets: ", st, "show-stats: the port's own xstats")
    ksft_gt(int(re.search(r"rx_quic_no_flow: (\d+)", st).group(1)), 0,
            "show-stats rx_quic_no_flow (the traffic)")
    fx_err(fx.oc("show-flows", "dev", "7"), "unknown port", 1,
           f"offloadctl: dpdk prefix '{fx.prefix}': dev '7': no such qoe port (2 qoe ports)")


def writes(fx):
    """testpmd's txonly packets go 198.18.0.1:9 -> 198.18.0.2:9 with a zero
    payload: a short header, phase bit 0, PN 0.  Port 0 protects the first
    one (auto_tx; later ones repeat PN 0 and are refused), port 1's RX flow
    starts in phase 1, so that packet is a peer key-phase flip: one event."""
    r = fx.oc("add-flow", "dev", "0", "dir", "tx", "cipher", "aes-128-gcm", "local",
              "198.18.0.1:9", "remote", "198.18.0.2:9", "key", fx.kf16, "iv", fx.ivf,
              "hp-key", fx.kf16)
    ksft_eq(r.returncode, 0, f"add-flow TX: {r.stderr}")
    m = re.fullmatch(r"handle (0x[0-9a-f]{8})\n", r.stdout)
    ksft_true(m, "add-flow prints the handle", r.stdout)
    ht = int(m.group(1), 16)
    hr = fx.ocj("add-flow", "dev", "1", "dir", "rx", "cipher", "aes-128-gcm", "local",
                "198.18.0.2:9", "remote", "198.18.0.1:9", "key-phase", "1", "key", fx.kf16,
                "iv", fx.ivf, "hp-key", fx.kf16)
    ksft_eq(list(hr), ["handle"], "add-flow -j")
    hr = hr["handle"]
    rows = [x.split() for x in fx.oc("show-flows", "dev", "0").stdout.splitlines()[1:]]
    ksft_eq([x[:9] for x in rows], [[f"{ht:#010x}", "0", "tx", "aes-128-gcm", "-",
                                     "198.18.0.1:9", "198.18.0.2:9", "0", "0"]],
            "show-flows dev 0: the TX flow")
    rows = [x.split() for x in fx.oc("show-flows", "dev", "1").stdout.splitlines()[1:]]
    ksft_eq([x[1:10] for x in rows if x[0] == f"{hr:#010x}"],
            [["1", "rx", "aes-128-gcm", "-", "198.18.0.2:9", "198.18.0.1:9", "1", "none",
              "0"]], "show-flows dev 1: the RX flow")
    ksft_eq(fx.flow(1, hr)["keys_valid"], 2, "RX flow keys_valid (phase 1 only)")
    r = fx.oc("key-update", "dev", "1", "handle", str(hr), "phase", "0", "key", fx.kf16,
              "iv", fx.ivf)
    ksft_eq((r.returncode, r.stdout, r.stderr), (0, "", ""), "key-update phase 0")
    ksft_eq(fx.flow(1, hr)["keys_valid"], 3, "keys_valid after key-update")
    fx.state.update(ht=ht, hr=hr)

    # bad input: exit 1 (2 for a bad command line), one clear line, no key
    p = f"offloadctl: dpdk prefix '{fx.prefix}': dev 1: "
    r = fx.oc("key-update", "dev", "1", "handle", str(hr), "phase", "0", "key", fx.kf32,
              "iv", fx.ivf)
    fx_err(r, "key-update wrong key length", 1, p + f"key-update: key: 32 bytes, but flow "
           f"{hr:#010x} uses aes-128-gcm (16-byte keys)")
    ksft_true(K16 not in r.stderr, "the key not echoed")
    fx_err(fx.oc("key-update", "dev", "1", "handle", "0x7fff0", "phase", "1", "key", fx.kf16,
                 "iv", fx.ivf), "key-update unknown handle", 1, p + "key-update: no such flow")
    fx_err(fx.oc("del-flow", "dev", "1", "handle", "0x7fff0"), "del-flow unknown handle", 1,
           p + "del-flow: no such flow")
    fx_err(fx.oc("add-flow", "dev", "1", "dir", "rx", "cipher", "aes-128-gcm", "local",
                 "198.18.0.2:9", "remote", "198.18.0.1:9", "key", fx.kf16, "iv", fx.ivf,
                 "hp-key", fx.kf16), "add-flow of the same addresses", 1,
           p + "add-flow: CID or address already offloaded")
    r = fx.oc("add-flow", "dev", "1", "dir", "rx", "cipher", "rot13", "local", "198.18.0.2:9",
              "remote", "198.18.0.1:9", "key", fx.kf16, "iv", fx.ivf, "hp-key", fx.kf16)
    ksft_eq(r.returncode, 2, "add-flow bad cipher: exit (command line)")
    ksft_eq(r.stderr.splitlines()[0], "offloadctl: add-flow: unknown cipher 'rot13' "
            "(aes-128-gcm, aes-256-gcm, chacha20-poly1305)", "add-flow bad cipher: message")


def pmd_refuses(fx):
    """The PMD checks on its own what offloadctl already refuses, with a
    reason, and survives it."""
    ask = fx.tp.tel
    base = "/qoe/flow_add,1,dir=rx,local=10.9.9.9:1,remote=10.9.9.8:2,iv=" + IV
    want = {
        base + ",cipher=rot13,key=" + K16 + ",hp=" + K16:
            "cipher: expected aes-128-gcm, aes-256-gcm or chacha20-poly1305",
        base + ",cipher=aes-256-gcm,key=" + K16 + ",hp=" + K16:
            "keys and hp must be 32 bytes for this cipher",
        base + ",cipher=aes-128-gcm,key=" + K16:
            "dir, cipher, local, remote, hp and a key with its iv are required",
        base + ",cipher=aes-128-gcm,key=" + K16 + ",hp=" + K16 + ",bogus=1":
            "unknown parameter (dir, cipher, local, remote, cid, pn, phase, fail, hp, key, "
            "iv, key<N>, iv<N>)",
        "/qoe/flow_add,9,dir=rx": "port: not a net_qoe port id",
        "/qoe/flow_add,1," + "a" * 1000: "expected name=value",
        f"/qoe/key_update,1,1048576,2,{K16},{IV}": "phase: expected 0 or 1",
        f"/qoe/key_update,1,1048576,0,zz,{IV}": "key: expected 16 or 32 bytes of hex",
        "/qoe/key_update,1": "handle: expected a flow handle",
        "/qoe/flow_del,1,0": "handle: expected a flow handle",
        "/qoe/events,x": "port: not a net_qoe port id",
    }
    for cmd, why in want.items():
        r = ask(cmd)
        ksft_eq(r.get("error"), why, f"{cmd[:50]}...")
        ksft_true(K16 not in json.dumps(r), "no key in the reply", json.dumps(r))
    ksft_eq(ask("/qoe/ports"), [0, 1], "/qoe/ports after the refusals")


def monitor(fx):
    """The flip, as JSON; exits after OFFLOADCTL_MONITOR_COUNT events.
    DPDK monitors read from the oldest event kept: no need to wait for
    one to start."""
    ht, hr = fx.state["ht"], fx.state["hr"]
    mon = subprocess.Popen([fx.tool, "--dpdk", fx.prefix, "monitor", "-j"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           env=dict(os.environ, OFFLOADCTL_MONITOR_COUNT="1",
                                    OFFLOADCTL_MONITOR_TIMEOUT="30"))
    fx.traffic()
    out, err = mon.communicate(timeout=60)
    ksft_eq(mon.returncode, 0, f"monitor exit after one event: {err}")
    ksft_eq(json.loads(out), {"dev": "1", "type": "key-phase-flip", "type_id": 1,
                              "handle": hr, "phase": 0, "value": 0}, "monitor -j: the flip")
    f = fx.flow(1, hr)
    ksft_eq((f["key_phase"], f["key_updates"], f["packets"]), (0, 1, 1),
            "RX flow after the flip (phase, key updates, packets)")
    ksft_eq(fx.flow(0, ht)["packets"], 1, "TX flow packets")
    # reading took nothing away: a second monitor sees the same flip;
    # SIGINT ends it with 0
    path = os.path.join(fx.env.work, "mon2")
    with open(path, "w") as o:
        mon = subprocess.Popen([fx.tool, "--dpdk", fx.prefix, "monitor", "dev", "1"],
                               stdout=o, stderr=subprocess.STDOUT)
        wait_until(lambda: "flip" in open(path).read(), "the second monitor's flip")
        mon.send_signal(signal.SIGINT)
        ksft_eq(mon.wait(10), 0, "monitor exit on SIGINT")
    ksft_eq(open(path).read(), f"1 key-phase-flip handle {hr:#010x} phase 0 value 0\n",
            "monitor dev 1: the same flip")


def del_flow(fx):
    hr = fx.state["hr"]
    r = fx.oc("del-flow", "dev", "1", "handle", str(hr))
    ksft_eq((r.returncode, r.stdout, r.stderr), (0, "", ""), "del-flow")
    ksft_eq([f for f in fx.ocj("show-flows", "dev", "1") if f["handle"] == hr], [],
            "the deleted flow")
    ksft_eq(len(fx.ocj("show-flows", "dev", "1")), 40, "flows left on dev 1")
    fx_err(fx.oc("del-flow", "dev", "1", "handle", str(hr)), "del-flow again", 1,
           f"offloadctl: dpdk prefix '{fx.prefix}': dev 1: del-flow: no such flow")


def after_exit(fx):
    ksft_eq(fx.tp.quit(), 0, "testpmd exit")
    r = fx.oc("show-dev")
    ksft_eq(r.returncode, 1, "show-dev after testpmd exits: exit")
    ksft_in(f"offloadctl: dpdk prefix '{fx.prefix}': ", r.stderr,
            "show-dev after testpmd exits: names the prefix")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    tool, so = sys.argv[1:]
    if shutil.which("dpdk-testpmd") is None or not os.path.isfile(so):
        print("testpmd_test.py: dpdk-testpmd or the PMD missing, skipped")
        return
    if os.geteuid() != 0:
        print("testpmd_test.py: needs root (/var/run/dpdk), skipped")
        return
    fx = Fixture(tool, so)
    # one testpmd for every case: they follow one another's state
    try:
        fx.start()
        ksft_run([reads, writes, pmd_refuses, monitor, del_flow, after_exit], fx,
                 argv=sys.argv[:1])
    finally:
        for fn in fx.cleanups:
            fn()
        fx.env.cleanup()


if __name__ == "__main__":
    main()
