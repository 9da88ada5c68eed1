#!/usr/bin/env python3
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
"""Judge what tests/quic/uml-scenarios.sh recorded inside UML.

Usage: check_quic.py DIR.  DIR holds, per scenario NAME, NAME.rc (client
exit code), NAME.client.log, NAME.{before,after}.{qoe0,qoe1}.stats
(ethtool -S) and NAME.{before,after}.{c,s}.snmp (/proc/net/quic/snmp of the
client's and the server's netns).  Prints one line per check and ends with
"N passed, N failed"; exits 1 when a check failed.
"""
import json
import os
import sys

D = sys.argv[1] if len(sys.argv) > 1 else "build/check-quic"
results = []


def check(name, cond, detail=""):
    results.append(bool(cond))
    print(("ok" if cond else "not ok") + f" {len(results)} - {name}"
          + ("" if cond else f": {detail}"))


def read(path):
    try:
        with open(os.path.join(D, path)) as f:
            return f.read()
    except OSError:
        return None


def counters(path):
    """name -> int from ethtool -S ("  name: 1") or snmp ("Name 1") text."""
    text = read(path) or ""
    out = {}
    for line in text.splitlines():
        parts = line.replace(":", " ").split()
        if len(parts) >= 2 and parts[-1].lstrip("-").isdigit():
            out[parts[0]] = int(parts[-1])
    return out


class Run:
    """One scenario's before/after counters."""

    def __init__(self, name):
        self.name = name
        self.rc = (read(f"{name}.rc") or "").strip()
        self.log = read(f"{name}.client.log") or ""

    def delta(self, side, key):
        a = counters(f"{self.name}.after.{side}")
        b = counters(f"{self.name}.before.{side}")
        if key not in a:
            return None
        return a[key] - b.get(key, 0)

    def dev(self, dev, key):
        return self.delta(f"{dev}.stats", key)

    def stack(self, ns, key):
        return self.delta(f"{ns}.snmp", key)


def tail(text, n=5):
    return " | ".join(text.strip().splitlines()[-n:])


def offloaded_transfer(r, min_pkts):
    """Both ends offloaded, every packet protected by the devices."""
    check(f"{r.name}: client exits 0", r.rc == "0",
          f"rc {r.rc!r}, log: {tail(r.log)}")
    for ns in ("c", "s"):
        conns = r.stack(ns, "QuicOffloadConns")
        check(f"{r.name}: quic.ko in netns {ns} offloaded a connection",
              conns is not None and conns >= 1,
              f"QuicOffloadConns +{conns} (refused "
              f"+{r.stack(ns, 'QuicOffloadRefused')})")
        fb = r.stack(ns, "QuicOffloadFallbacks")
        check(f"{r.name}: no fallback to software in netns {ns}", fb == 0,
              f"QuicOffloadFallbacks +{fb}")
    for tx, rx, ns_tx, ns_rx in (("qoe0", "qoe1", "c", "s"),
                                 ("qoe1", "qoe0", "s", "c")):
        sealed = r.dev(tx, "tx_packets")
        handed = r.stack(ns_tx, "QuicOffloadTxPkts")
        check(f"{r.name}: {tx} sealed every packet quic.ko left to it",
              sealed is not None and sealed == handed,
              f"sealed +{sealed}, quic.ko handed over +{handed}")
        opened = r.dev(rx, "rx_packets")
        missed = sum(r.dev(rx, k) or 0 for k in ("rx_no_flow",
                                                   "rx_key_missing"))
        check(f"{r.name}: {rx} opened what {tx} sealed (the rest explained)",
              opened is not None and sealed is not None and
              opened + missed >= sealed and opened >= sealed * 0.99,
              f"sealed +{sealed}, opened +{opened}, no flow/key +{missed}")
        for k in ("rx_auth_fail",):
            v = r.dev(rx, k)
            check(f"{r.name}: {rx} {k} stays 0", v == 0, f"+{v}")
        for k in ("tx_drop_no_flow", "tx_drop_no_key", "tx_drop_malformed",
                  "tx_drop_bad_cid", "tx_drop_no_meta", "tx_drop_error"):
            v = r.dev(tx, k)
            check(f"{r.name}: {tx} {k} stays 0", v == 0, f"+{v}")
    sealed = r.dev("qoe0", "tx_packets") or 0
    check(f"{r.name}: the client's device protected at least {min_pkts} "
          "packets", sealed >= min_pkts, f"{sealed}")
    opened = r.stack("s", "QuicOffloadRxPkts")
    check(f"{r.name}: quic.ko took the device's plaintext on RX",
          opened is not None and opened >= min_pkts * 0.9, f"+{opened}")


def flows_listed(name):
    for dev in ("qoe0", "qoe1"):
        text = read(f"{name}.flows.{dev}.json") or ""
        try:
            flows = json.loads(text)
        except ValueError:
            flows = None
        if isinstance(flows, dict):
            flows = flows.get("flows", [])
        dirs = sorted({f.get("dir") for f in flows or []
                       if isinstance(f, dict)})
        check(f"{name}: offloadctl show-flows lists the connection on {dev}",
              flows and len(dirs) == 2, f"{text.strip()[:300]!r}")


def main():
    check("UML ran the scenarios to the end", read("done") is not None,
          tail(read("console") or "", 15))
    check("qoe0 and qoe1 moved into their netns", read("setup") is not None,
          tail(read("scenarios.log") or ""))
    check("ethtool -k shows quic-offload on",
          "quic-offload: on" in (read("features.qoe0") or ""),
          read("features.qoe0"))

    v4 = Run("v4perf")
    offloaded_transfer(v4, 1000)
    flows_listed("v4perf")

    fn = Run("v4func")
    check("v4func: lxin's func_test passes", fn.rc == "0",
          f"rc {fn.rc!r}: {tail(fn.log)}")
    for dev in ("qoe0", "qoe1"):
        ku = fn.dev(dev, "key_updates")
        check(f"v4func: key updates stayed offloaded on {dev}",
              ku is not None and ku >= 1, f"key_updates +{ku}")
        af = fn.dev(dev, "rx_auth_fail")
        check(f"v4func: {dev} rx_auth_fail stays 0", af == 0, f"+{af}")
    for ns in ("c", "s"):
        fb = fn.stack(ns, "QuicOffloadFallbacks")
        check(f"v4func: no fallback in netns {ns}", fb == 0, f"+{fb}")

    v6 = Run("v6perf")
    offloaded_transfer(v6, 1000)

    off = Run("offoff")
    check("offoff: ethtool -K qoe0 quic-offload off succeeds mid-transfer",
          (read("offoff.ethtool.rc") or "").strip() == "0",
          read("offoff.ethtool.rc"))
    check("offoff: the transfer completes after the switch",
          off.rc == "0", f"rc {off.rc!r}: {tail(off.log)}")
    fb = off.stack("c", "QuicOffloadFallbacks")
    check("offoff: the client's connection fell back to software",
          fb is not None and fb >= 1, f"QuicOffloadFallbacks +{fb}")
    af = off.dev("qoe1", "rx_auth_fail")
    check("offoff: no plaintext reached the peer (qoe1 rx_auth_fail 0)",
          af == 0, f"+{af}")
    print(f"check-quic: qoe0 dropped {off.dev('qoe0', 'tx_drop_no_flow')} "
          "packets marked before the switch (resent by QUIC)")

    passed = sum(results)
    print(f"{passed} passed, {len(results) - passed} failed")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
