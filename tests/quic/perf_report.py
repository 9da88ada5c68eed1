#!/usr/bin/env python3
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
"""Report what tests/quic/uml-perf.sh measured (make bench-quic).

Usage: perf_report.py DIR BYTES.  Per mode (quic-offload on/off on both
devices), the median over the runs of: the sending perf_test's CPU time per
MiB (user + system, as UML accounts it: quic.ko's own work in the process's
system calls included), the emulated devices' engine time per MiB (qoe0
sealing, qoe1 opening: the work a NIC would take), wall time, and packets
per TX skb (the GSO super-packet size reached).  Exits 1 if a run failed.
"""
import json
import os
import statistics
import sys

D, BYTES = sys.argv[1], int(sys.argv[2])
MIB = BYTES / (1 << 20)


def read(name):
    try:
        with open(os.path.join(D, name)) as f:
            return f.read()
    except OSError:
        return ""


def counters(name):
    out = {}
    for line in read(name).splitlines():
        parts = line.replace(":", " ").split()
        if len(parts) >= 2 and parts[-1].isdigit():
            out[parts[0]] = int(parts[-1])
    return out


def busy_ms(run):
    """Non-idle CPU time of the whole (UML) kernel over the run, in ms."""
    def busy(name):
        f = read(name).split()
        if len(f) < 8:
            return None
        v = [int(x) for x in f[1:8]]   # user nice system idle iowait irq softirq
        return v[0] + v[1] + v[2] + v[5] + v[6]
    a, b = busy(f"{run}.after.stat"), busy(f"{run}.before.stat")
    hz = os.sysconf("SC_CLK_TCK")
    return None if a is None or b is None else (a - b) * 1e3 / hz


def fw_ms(run):
    """CPU time of the firmware process's worker over the run (virtio), ms.

    qoe-firmware -s rewrites its stats every 20 ms: up to 20 ms stale."""
    def cpu(name):
        for line in read(name).splitlines():
            if line.startswith("{"):
                return json.loads(line)["worker_cpu_ns"]
        return None
    a, b = cpu(f"{run}.after.fw"), cpu(f"{run}.before.fw")
    return None if a is None or b is None else (a - b) / 1e6


def delta(run, side, key):
    a, b = counters(f"{run}.after.{side}"), counters(f"{run}.before.{side}")
    return a.get(key, 0) - b.get(key, 0)


def main():
    runs = sorted({n.split(".")[0] for n in os.listdir(D)
                   if n.startswith("perf-") and n.endswith(".cpu")})
    rows, bad = {}, []
    for run in runs:
        mode = run.split("-")[1]
        if read(f"{run}.rc").strip() != "0":
            bad.append(run)
            continue
        user, system, wall = map(float, read(f"{run}.cpu").split())
        sealed = delta(run, "qoe0.stats", "tx_quic_encrypted_packets")
        skbs = delta(run, "qoe0.stats", "tx_offload_skbs")
        dev = (delta(run, "qoe0.stats", "tx_engine_ns") +
               delta(run, "qoe1.stats", "rx_engine_ns") +
               delta(run, "qoe0.stats", "rx_engine_ns") +
               delta(run, "qoe1.stats", "tx_engine_ns")) / 1e6
        busy = busy_ms(run) or 0.0
        rows.setdefault(mode, []).append({
            "cpu": (user + system) * 1e3 / MIB,
            "stacks": (busy - dev) / MIB,
            "dev_tx": delta(run, "qoe0.stats", "tx_engine_ns") / 1e6 / MIB,
            "dev_rx": delta(run, "qoe1.stats", "rx_engine_ns") / 1e6 / MIB,
            "wall": wall,
            "pps": sealed / skbs if skbs else 0.0,
            "fw": (fw_ms(run) or 0.0) / MIB,
        })
    print(f"quic.ko perf_test, {MIB:.0f} MiB per run, qoe0 -> qoe1 in UML; "
          "median of", " / ".join(f"{len(v)} {k}" for k, v in rows.items()))
    print(f"{'quic-offload':<13}{'sender CPU':>12}{'all but dev':>12}"
          f"{'qoe0 seal':>11}{'qoe1 open':>11}{'wall':>8}{'pkts/skb':>10}")
    print(f"{'':<13}{'ms/MiB':>12}{'ms/MiB':>12}{'ms/MiB':>11}{'ms/MiB':>11}"
          f"{'s':>8}")
    for mode in ("off", "on"):
        v = rows.get(mode)
        if not v:
            continue
        med = {k: statistics.median(r[k] for r in v) for k in v[0]}
        print(f"{mode:<13}{med['cpu']:>12.2f}{med['stacks']:>12.2f}"
              f"{med['dev_tx']:>11.2f}"
              f"{med['dev_rx']:>11.2f}{med['wall']:>8.2f}"
              f"{(med['pps'] if mode == 'on' else float('nan')):>10.2f}")
    virtio = any(r["fw"] for v in rows.values() for r in v)
    if virtio:
        # the firmware in its own process: the host is UML (the kernel's
        # busy time), the device is qoe-firmware's worker
        print("over virtio: host = UML kernel busy time, device = "
              "qoe-firmware worker CPU, ms/MiB (median, min-max)")
        for mode in ("off", "on"):
            v = rows.get(mode)
            if not v:
                continue
            h = [r["stacks"] for r in v]
            d = [r["fw"] for r in v]
            print(f"  offload {mode:<4} host {statistics.median(h):7.2f} "
                  f"({min(h):.2f}-{max(h):.2f})  device "
                  f"{statistics.median(d):7.2f} ({min(d):.2f}-{max(d):.2f})")
        if "on" in rows and "off" in rows:
            on = statistics.median(r["stacks"] for r in rows["on"])
            off = statistics.median(r["stacks"] for r in rows["off"])
            print(f"  host CPU per byte, offload on / off: {on / off:.2f}")
    if "on" in rows and "off" in rows:
        for k, what in (("cpu", "sender CPU"),
                        ("stacks", "kernel CPU but the devices'")):
            on = statistics.median(r[k] for r in rows["on"])
            off = statistics.median(r[k] for r in rows["off"])
            lo = min(r[k] for r in rows["on"]) / max(r[k] for r in rows["off"])
            hi = max(r[k] for r in rows["on"]) / min(r[k] for r in rows["off"])
            print(f"{what} with offload / without: {on / off:.2f} "
                  f"(run extremes {lo:.2f}-{hi:.2f})")
    if bad:
        print("failed runs:", " ".join(bad))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
