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
import subprocess
import sys

D = sys.argv[1] if len(sys.argv) > 1 else "build/check-quic"
# scripts/uml-quic.sh with QOE_QUIC_VIRTIO=1 leaves the firmware's log
VIRTIO = os.path.exists(os.path.join(D, "firmware.log"))
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
        sealed = r.dev(tx, "tx_quic_encrypted_packets")
        handed = r.stack(ns_tx, "QuicOffloadTxPkts")
        check(f"{r.name}: {tx} sealed every packet quic.ko left to it",
              sealed is not None and sealed == handed,
              f"sealed +{sealed}, quic.ko handed over +{handed}")
        opened = r.dev(rx, "rx_quic_decrypted_packets")
        missed = sum(r.dev(rx, k) or 0 for k in ("rx_quic_no_flow",
                                                   "rx_quic_key_missing"))
        check(f"{r.name}: {rx} opened what {tx} sealed (the rest explained)",
              opened is not None and sealed is not None and
              opened + missed >= sealed and opened >= sealed * 0.99,
              f"sealed +{sealed}, opened +{opened}, no flow/key +{missed}")
        for k in ("rx_quic_auth_fail",):
            v = r.dev(rx, k)
            check(f"{r.name}: {rx} {k} stays 0", v == 0, f"+{v}")
        for k in ("tx_quic_drop_no_flow", "tx_quic_drop_no_key", "tx_quic_drop_malformed",
                  "tx_quic_drop_bad_cid", "tx_drop_no_meta", "tx_drop_error"):
            v = r.dev(tx, k)
            check(f"{r.name}: {tx} {k} stays 0", v == 0, f"+{v}")
    sealed = r.dev("qoe0", "tx_quic_encrypted_packets") or 0
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
        ages = [f.get("age_ms") for f in flows or [] if isinstance(f, dict)]
        check(f"{name}: the kernel reports each flow's age on {dev}",
              ages and all(isinstance(a, int) and a >= 0 for a in ages),
              f"age_ms {ages}")


def json_packets(obj):
    """Largest "packets" value anywhere in tc's JSON."""
    if isinstance(obj, dict):
        vals = [json_packets(v) for v in obj.values()]
        vals.append(obj.get("packets", 0) if isinstance(obj.get("packets"),
                                                         int) else 0)
        return max(vals)
    if isinstance(obj, list):
        return max([json_packets(v) for v in obj] or [0])
    return 0


def tc_between():
    """clsact + matchall and tcx BPF between quic.ko and both devices."""
    r = Run("tc")
    offloaded_transfer(r, 1000)
    for dev in ("qoe0", "qoe1"):
        text = read(f"tc.tcx.{dev}") or ""
        words = text.split()
        try:
            i = words.index("ingress")
            ing, eg = int(words[i + 1]), int(words[i + 3])
        except (ValueError, IndexError):
            ing = eg = None
        check(f"tc: a tcx BPF program saw both directions on {dev}",
              ing and eg, f"{text.strip()[:200]!r}")
        try:
            n = json_packets(json.loads(read(f"tc.filter.{dev}") or ""))
        except ValueError:
            n = None
        check(f"tc: the clsact egress filter on {dev} matched packets",
              n, f"{(read(f'tc.filter.{dev}') or '').strip()[:200]!r}")


def route_change():
    """The route leaves qoe0 for qoe2 mid-transfer."""
    r = Run("route")
    check("route: ip route add succeeds mid-transfer",
          (read("route.ip.rc") or "").strip() == "0", read("route.ip.rc"))
    check("route: the transfer completes over the new route", r.rc == "0",
          f"rc {r.rc!r}: {tail(r.log)}")
    drops = r.stack("c", "QuicOffloadTxDrops")
    check("route: plaintext headed for qoe2 was dropped by quic.ko",
          drops is not None and drops >= 1, f"QuicOffloadTxDrops +{drops}")
    for k in ("tx_drop_no_meta", "tx_quic_encrypted_packets"):
        v = r.dev("qoe2", k)
        check(f"route: qoe2 {k} stays 0 (no plaintext reached it)", v == 0,
              f"+{v}")
    v = r.dev("qoe2", "tx_passthrough")
    check("route: software-protected packets left through qoe2",
          v is not None and v > 0, f"tx_passthrough +{v}")
    v = r.stack("s", "QuicPktDecDrop")
    check("route: the server opened everything that came (no plaintext "
          "on the wire)", v == 0, f"QuicPktDecDrop +{v}")
    v = r.dev("qoe1", "rx_quic_auth_fail")
    check("route: qoe1 rx_quic_auth_fail stays 0", v == 0, f"+{v}")


def tshark(pcap, keys, *args):
    cmd = ["tshark", "-r", pcap, "-o", f"tls.keylog_file:{keys}"] + list(args)
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as e:
        return None, str(e)
    return out.stdout.splitlines(), out.stderr


def wire():
    """tshark reads what qoe0's device put on the wire."""
    r = Run("wire")
    check("wire: client exits 0", r.rc == "0", f"rc {r.rc!r}: {tail(r.log)}")
    sealed = r.dev("qoe0", "tx_quic_encrypted_packets") or 0
    check("wire: qoe0 protected the client's packets", sealed >= 1000,
          f"tx_quic_encrypted_packets +{sealed}")
    pcap, keys = os.path.join(D, "wire.pcap"), os.path.join(D, "wire.keys")
    check("wire: capture and key log exist",
          os.path.exists(pcap) and os.path.exists(keys),
          read("wire.capture.log"))
    log = (read("wire.capture.log") or "").split()
    check("wire: the capture socket lost nothing",
          "dropped" in log and log[log.index("dropped") + 1] == "0",
          " ".join(log))
    rows, err = tshark(pcap, keys, "-Y", "quic.header_form == 0 && "
                       "ip.src == 10.9.0.1", "-T", "fields", "-e",
                       "quic.frame_type")
    if rows is None:
        check("wire: tshark runs", False, err)
        return
    opened = sum(1 for x in rows if x.strip())
    check("wire: tshark decrypts every 1-RTT packet qoe0 sent",
          rows and opened == len(rows),
          f"{opened} of {len(rows)} have frames; {err.strip()[:200]}")
    check("wire: the capture holds every packet qoe0 sealed",
          len(rows) >= sealed, f"{len(rows)} captured, {sealed} sealed")
    failed, err = tshark(pcap, keys, "-Y", "quic.decryption_failed")
    check("wire: no decryption failure in either direction",
          failed is not None and not failed, f"{len(failed or [])}: {err}")


def read_bytes(path):
    try:
        with open(os.path.join(D, path), "rb") as f:
            return f.read()
    except OSError:
        return None


def interop():
    """quic.ko (offloaded) against ngtcp2 (software), both ways."""
    check("interop: http3_test and ngtcp2 were there",
          read("interop.missing") is None, read("interop.missing"))
    blob = read_bytes("h3/blob") or b""
    # 8a: quic.ko client on qoe0 -> gtlsserver; the client prints the body
    r = Run("i1")
    check("interop: http3_test client -> gtlsserver exits 0", r.rc == "0",
          f"rc {r.rc!r}: {tail(r.log)}")
    got = read_bytes("i1.client.log") or b""
    check("interop: quic.ko received the body from ngtcp2 byte for byte",
          blob and got[:len(blob)] == blob and not got[len(blob):].strip(),
          f"{len(got)} bytes, want {len(blob)}")
    conns = r.stack("c", "QuicOffloadConns")
    check("interop: the client's connection was offloaded",
          conns is not None and conns >= 1, f"QuicOffloadConns +{conns}")
    sealed, handed = r.dev("qoe0", "tx_quic_encrypted_packets"), r.stack("c",
                                                           "QuicOffloadTxPkts")
    check("interop: qoe0 sealed every packet quic.ko left to it",
          sealed and sealed == handed, f"sealed +{sealed}, handed +{handed}")
    # 8b: gtlsclient -> quic.ko server on qoe1; 8c: the same in AES-128-CCM
    gtlsclient_to_server("i2", "interop", blob)
    gtlsclient_to_server("i3", "interop aes-128-ccm", blob)


def gtlsclient_to_server(name, what, blob):
    """gtlsclient (with a key update) -> quic.ko's server, offloaded on qoe1."""
    r = Run(name)
    check(f"{what}: gtlsclient -> http3_test server exits 0", r.rc == "0",
          f"rc {r.rc!r}: {tail(r.log)}")
    got = read_bytes(f"{name}.dl/blob")
    check(f"{what}: ngtcp2 received the body from quic.ko byte for byte",
          blob and got == blob,
          f"{None if got is None else len(got)} bytes, want {len(blob)}")
    conns = r.stack("s", "QuicOffloadConns")
    check(f"{what}: the server's connection was offloaded",
          conns is not None and conns >= 1, f"QuicOffloadConns +{conns}")
    sealed, handed = r.dev("qoe1", "tx_quic_encrypted_packets"), r.stack("s",
                                                           "QuicOffloadTxPkts")
    check(f"{what}: qoe1 sealed every packet quic.ko left to it",
          sealed and sealed == handed, f"sealed +{sealed}, handed +{handed}")
    # ngtcp2 updates its keys 20 ms in; quic.ko put the next phase on the
    # device ahead of it, so the device opens the new phase from its first
    # packet (and counts the flip), nothing goes to software
    ku = r.dev("qoe1", "quic_key_updates")
    km = r.dev("qoe1", "rx_quic_key_missing")
    check(f"{what}: qoe1 opened ngtcp2's packets across its key update",
          ku is not None and ku >= 1 and km == 0,
          f"quic_key_updates (flips) +{ku}, rx_quic_key_missing +{km}, "
          f"log: {tail(r.log)}")
    v = r.dev("qoe1", "rx_quic_auth_fail")
    check(f"{what}: qoe1 rx_quic_auth_fail stays 0", v == 0, f"+{v}")


def firmware_killed():
    """9 (virtio): the firmware process died under an offloaded transfer."""
    r = Run("kill")
    check("kill: the firmware died mid-transfer",
          (read("kill.midway.rc") or "").strip() == "0",
          f"midway rc {read('kill.midway.rc')!r}")
    links = read("kill.links") or ""
    check("kill: both devices went away (surprise removal)",
          links.count("does not exist") == 2, links.strip())
    for ns in ("c", "s"):
        fb = r.stack(ns, "QuicOffloadFallbacks")
        check(f"kill: quic.ko in netns {ns} took its connection back "
              "(DEV_DOWN)", fb is not None and fb >= 1,
              f"QuicOffloadFallbacks +{fb}")
    bad = [line for line in (read("kill.dmesg") or "").splitlines()
           if any(w in line for w in ("BUG:", "Oops", "WARNING:",
                                      "general protection",
                                      "use-after-free", "refcount_t"))
           and "virtio_uml" not in line and "virt-pci" not in line]
    check("kill: no kernel warning but UML's own transport's",
          not bad, " | ".join(bad[:3]))


def main():
    check("UML ran the scenarios to the end", read("done") is not None,
          tail(read("console") or "", 15))
    check("qoe0 and qoe1 moved into their netns", read("setup") is not None,
          tail(read("scenarios.log") or ""))
    check("ethtool -k shows quic-offload on",
          "quic-offload: on" in (read("features.qoe0") or ""),
          read("features.qoe0"))
    check("quic-gro is on (the driver's default) toward quic.ko",
          any(line.split(":")[0].strip() == "quic-gro" and
              line.split(":")[1].strip() == "on"
              for line in (read("pflags.qoe0") or "").splitlines()
              if ":" in line), read("pflags.qoe0"))

    v4 = Run("v4perf")
    offloaded_transfer(v4, 1000)
    flows_listed("v4perf")
    runs, skbs = v4.dev("qoe0", "tx_quic_gso_reqs"), v4.dev("qoe0", "tx_offload_skbs")
    check("v4perf: quic.ko handed qoe0 runs of packets to segment (GSO)",
          runs and runs > 0, f"tx_quic_gso_reqs +{runs} of {skbs} skbs")
    co = v4.dev("qoe1", "rx_coalesced")
    check("v4perf: qoe1 coalesced toward quic.ko (GRO), which took them",
          co and co > 0, f"rx_coalesced +{co}")
    if not VIRTIO:
        # in process the packets' skbs are page fragments: no copy
        nc = v4.dev("qoe1", "rx_gro_nocopy")
        check("v4perf: qoe1 merged them without copying payload",
              co and nc == co, f"rx_gro_nocopy +{nc} of rx_coalesced +{co}")

    fn = Run("v4func")
    check("v4func: lxin's func_test passes", fn.rc == "0",
          f"rc {fn.rc!r}: {tail(fn.log)}")
    for dev, ns in (("qoe0", "c"), ("qoe1", "s")):
        af = fn.dev(dev, "rx_quic_auth_fail")
        if not VIRTIO:
            check(f"v4func: {dev} rx_quic_auth_fail stays 0", af == 0, f"+{af}")
        else:
            # Over virtio a packet can arrive late, after the device's slot
            # for its phase took the next key (quic.ko installs it ahead;
            # func_test updates keys and migrates).  The device fails it
            # and quic.ko opens it in software with the key it kept, or
            # drops it.  Only such stragglers: at most one per key update
            # or migration.
            ku = fn.dev(dev, "quic_key_updates") or 0
            mg = fn.stack(ns, "QuicOffloadMigrations") or 0
            check(f"v4func: {dev} failed only stragglers of a key or path "
                  "change", af is not None and af <= ku + mg,
                  f"rx_quic_auth_fail +{af}, quic_key_updates +{ku}, "
                  f"QuicOffloadMigrations +{mg}")
        v = fn.dev(dev, "tx_quic_drop_no_key")
        check(f"v4func: {dev} never lacked a TX key across key updates",
              v == 0, f"tx_quic_drop_no_key +{v}")
    for ns in ("c", "s"):
        fb = fn.stack(ns, "QuicOffloadFallbacks")
        check(f"v4func: no fallback in netns {ns}", fb == 0, f"+{fb}")
        ku = fn.stack(ns, "QuicOffloadKeyUpdates")
        check(f"v4func: key updates installed on the device in netns {ns}",
              ku is not None and ku >= 1, f"QuicOffloadKeyUpdates +{ku}")
        kr = fn.stack(ns, "QuicOffloadKeyRetires")
        check(f"v4func: old key phases retired on the device in netns {ns}",
              kr is not None and kr >= 1, f"QuicOffloadKeyRetires +{kr}")
        mg = fn.stack(ns, "QuicOffloadMigrations")
        check(f"v4func: the migration moved the entries along in netns {ns}",
              mg is not None and mg >= 1, f"QuicOffloadMigrations +{mg}")
    # after the migration the device still opens the new path's packets;
    # a few arrive between the path switch and the re-install
    for dev in ("qoe0", "qoe1"):
        opened, nf = fn.dev(dev, "rx_quic_decrypted_packets"), fn.dev(dev, "rx_quic_no_flow")
        check(f"v4func: {dev} opened the migrated path's packets too",
              opened and nf is not None and nf <= max(4, opened // 20),
              f"rx_quic_decrypted_packets +{opened}, rx_quic_no_flow +{nf}")

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
    af = off.dev("qoe1", "rx_quic_auth_fail")
    check("offoff: no plaintext reached the peer (qoe1 rx_quic_auth_fail 0)",
          af == 0, f"+{af}")
    print(f"check-quic: qoe0 dropped {off.dev('qoe0', 'tx_quic_drop_no_flow')} "
          "packets marked before the switch (resent by QUIC)")

    tc_between()
    route_change()
    wire()
    interop()
    if VIRTIO:
        firmware_killed()

    passed = sum(results)
    print(f"{passed} passed, {len(results) - passed} failed")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
