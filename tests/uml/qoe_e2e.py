#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""qoe0/qoe1 end to end inside UML, driven by the host's real tools.

Run by tests/uml/init.sh as the UML kernel's init (scripts/uml-e2e.sh
boots it with the host's filesystem as root):

  qoe_e2e.py main      ethtool (-i, -S, -k/-K, priv flags, -l), the
                       debugfs selftest (a connection offloaded through
                       the hooks), the quic-offload family through YNL and
                       offloadctl (add, key update, delete, bad input,
                       monitor), GRO to sockets; over virtio also a driver
                       reset, a long TCP transfer and the firmware killed
                       under traffic; on a debug kernel, kmemleak
  qoe_e2e.py restart   after the firmware restarted: fresh devices

Settings come from the environment (the kernel command line): QOE_TOP,
QOE_KSRC, QOE_OFFLOADCTL, QOE_WORK, QOE_VIRTIO, QOE_VQ_PAIRS.  Counters are
read as name/value maps (ethtool -S, ethtool --json -k, offloadctl -j);
waits are for conditions.  KTAP on stdout, diagnostics in the log.
"""
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time

TOP = os.environ.get("QOE_TOP", os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))))
sys.path.insert(0, os.path.join(TOP, "tests", "lib"))
from ksft import (KsftFailEx, KsftSkipEx, defer, ksft_eq, ksft_ge, ksft_gt,  # noqa: E402
                  ksft_in, ksft_log, ksft_run, ksft_true, wait_until)

CTL = os.environ.get("QOE_OFFLOADCTL", os.path.join(TOP, "build", "offloadctl"))
WORK = os.environ.get("QOE_WORK", "/tmp")
VIRTIO = bool(os.environ.get("QOE_VIRTIO"))
VQ_PAIRS = int(os.environ.get("QOE_VQ_PAIRS", "2"))
UML = os.path.join(TOP, "tests", "uml")
DBG = "/sys/kernel/debug/qoe"
SELFTEST_CID = "5e" * 8
K16 = "000102030405060708090a0b0c0d0e0f"
K32 = K16 + "101112131415161718191a1b1c1d1e1f"
IV = "303132333435363738393a3b"
S = {}      # what one case leaves the next (handles)


def run(args, ok=True, what=None, **kw):
    """Run @args; with @ok, fail unless it exits 0."""
    r = subprocess.run(args, capture_output=True, text=True, timeout=120, **kw)
    if ok and r.returncode != 0:
        raise KsftFailEx(f"{what or ' '.join(args)}: exit {r.returncode}: "
                         f"{(r.stdout + r.stderr).strip()}")
    return r


def kv(text):
    """'name: value' lines as a map."""
    out = {}
    for line in text.splitlines():
        k, sep, v = line.partition(":")
        if sep:
            out[k.strip()] = v.strip()
    return out


def stats(dev):
    return {k: int(v) for k, v in kv(run(["ethtool", "-S", dev]).stdout).items()
            if v.isdigit()}


def pflags(dev):
    return kv(run(["ethtool", "--show-priv-flags", dev]).stdout)


def feature(dev, name="quic-offload"):
    return json.loads(run(["ethtool", "--json", "-k", dev]).stdout)[0].get(name)


def debugfs_write(dev, name, text):
    """Write @text to qoe's debugfs file; the errno when refused."""
    fd = os.open(f"{DBG}/{dev}/{name}", os.O_WRONLY)
    try:
        os.write(fd, text.encode())
        return 0
    except OSError as e:
        return e.errno
    finally:
        os.close(fd)


def selftest(dev="qoe0"):
    """The driver plays the QUIC stack: 4 packets in one GSO skb to qoe1."""
    ksft_eq(debugfs_write(dev, "selftest", "1"), 0, "selftest write")
    with open(f"{DBG}/{dev}/selftest") as f:
        ksft_eq(f.read().strip(), "ok", "selftest result")


def ctl(*args, ok=True):
    return run([CTL] + list(args), ok=ok)


def ctlj(*args):
    return json.loads(ctl("-j", *args).stdout)


def flow(cid, dev):
    fl = [f for f in ctlj("show-flows", "dev", dev) if f["cid"] == cid]
    ksft_eq(len(fl), 1, f"flows with CID {cid} on {dev}")
    return fl[0]


def keyfile(name, hexkey):
    path = os.path.join(WORK, f"key-{name}")
    with open(path, "w") as f:
        f.write(hexkey + "\n")
    return "@" + path


def need_ctl():
    if not os.access(CTL, os.X_OK):
        raise KsftSkipEx(f"offloadctl not built ({CTL}: make offloadctl)")


def need_virtio():
    if not VIRTIO:
        raise KsftSkipEx("the devices are not virtio (QOE_UML_VIRTIO=1)")


# -- main -------------------------------------------------------------------

def links_up():
    for dev in ("qoe0", "qoe1"):
        run(["ip", "link", "set", dev, "up"])
        link = json.loads(run(["ip", "-j", "link", "show", dev]).stdout)[0]
        ksft_in("UP", link["flags"], f"{dev} flags")


def drvinfo():
    i = kv(run(["ethtool", "-i", "qoe0"]).stdout)
    ksft_eq(i.get("driver"), "qoe", "ethtool -i driver")
    if VIRTIO:
        ksft_true(i.get("bus-info", "").startswith("virtio"), "bus-info of a virtio device",
                  i.get("bus-info"))
    else:
        # an in-process device sits on a platform device of its own
        ksft_true(re.fullmatch(r"qoe\.\d+", i.get("bus-info", "")), "bus-info",
                  i.get("bus-info"))


def stats_names():
    s = stats("qoe0")
    for name in ("tx_quic_drop_no_key", "rx_decrypted", "tx_quic_encrypted_packets",
                 "rx_quic_auth_fail", "tx_passthrough"):
        ksft_in(name, s, "ethtool -S qoe0")


def priv_flag():
    ksft_eq(pflags("qoe0").get("quic-offload"), "on", "quic-offload flag by default")
    run(["ethtool", "--set-priv-flags", "qoe0", "quic-offload", "off"])
    defer(run, ["ethtool", "--set-priv-flags", "qoe0", "quic-offload", "on"])
    ksft_eq(pflags("qoe0").get("quic-offload"), "off", "quic-offload flag set off")
    ksft_true(run(["ethtool", "--set-priv-flags", "qoe0", "no-such-flag", "on"],
                  ok=False).returncode != 0, "an unknown flag refused")
    # switched off, the hooks refuse new connections (the selftest uses them)
    ksft_true(debugfs_write("qoe0", "selftest", "1") != 0, "selftest refused while off")
    run(["ethtool", "--set-priv-flags", "qoe0", "quic-offload", "on"])
    ksft_eq(pflags("qoe0").get("quic-offload"), "on", "quic-offload flag on again")


def feature_flag():
    """The netdev feature of kernel-patches/0001, in step with the flag."""
    f = feature("qoe0")
    ksft_true(f is not None, "ethtool -k lists quic-offload")
    ksft_eq(f["active"], True, "quic-offload active")
    run(["ethtool", "-K", "qoe0", "quic-offload", "off"])
    defer(run, ["ethtool", "-K", "qoe0", "quic-offload", "on"])
    ksft_eq(feature("qoe0")["active"], False, "quic-offload after -K off")
    ksft_eq(pflags("qoe0").get("quic-offload"), "off", "the flag follows -K off")
    ksft_true(debugfs_write("qoe0", "selftest", "1") != 0, "selftest refused while off")
    run(["ethtool", "-K", "qoe0", "quic-offload", "on"])
    ksft_eq(feature("qoe0")["active"], True, "quic-offload after -K on")
    ksft_eq(pflags("qoe0").get("quic-offload"), "on", "the flag follows -K on")
    with open(os.path.join(WORK, "feature.txt"), "w") as f:
        f.write("".join(x + "\n" for x in run(["ethtool", "-k", "qoe0"]).stdout.splitlines()
                        if x.startswith("quic-offload")))
    lo = feature("lo")
    ksft_eq((lo["active"], lo["fixed"]), (False, True), "lo: quic-offload off, fixed")


def passthrough():
    """The core's own packets pass through the pair untouched."""
    run(["ip", "addr", "add", "10.9.0.1/24", "dev", "qoe0"])
    run(["ip", "addr", "add", "10.9.1.1/24", "dev", "qoe1"])
    wait_until(lambda: stats("qoe0")["tx_passthrough"] > 0,
               "qoe0 tx_passthrough (IPv6 DAD, ARP, IGMP ...)", 10)


def selftest_gso_gro():
    """A connection offloaded through the hooks: 4 packets in one GSO
    skb on qoe0, decrypted and coalesced by qoe1."""
    selftest()
    s0, s1 = stats("qoe0"), stats("qoe1")
    ksft_eq(s0["tx_quic_gso_reqs"], 1, "qoe0 tx_quic_gso_reqs")
    ksft_eq(s0["tx_quic_encrypted_packets"], 4, "qoe0 tx_quic_encrypted_packets")
    ksft_eq(s1["rx_coalesced"], 1, "qoe1 rx_coalesced")
    ksft_eq(s1["rx_decrypted"], 1, "qoe1 rx_decrypted")
    ksft_eq(s1["rx_quic_auth_fail"], 0, "qoe1 rx_quic_auth_fail")
    S["s0"], S["s1"] = s0, s1
    # what the demo shows (QOE_UML_SHOW=1)
    with open(os.path.join(WORK, "stats-qoe0.txt"), "w") as f:
        f.write(run(["ethtool", "-S", "qoe0"]).stdout)


def virtio_queue_pairs():
    """Two queue pairs: the selftest's connection hashes to pair 1."""
    need_virtio()
    if VQ_PAIRS != 2:
        raise KsftSkipEx(f"{VQ_PAIRS} queue pairs")
    out = run(["ethtool", "-l", "qoe0"]).stdout
    current = out.split("Current hardware settings:")[-1]
    ksft_eq(kv(current).get("Combined"), "2", "qoe0 combined channels")
    ksft_gt(S["s0"].get("tx_queue_1_packets"), 0, "qoe0 tx_queue_1_packets")
    ksft_gt(S["s1"].get("rx_queue_1_packets"), 0, "qoe1 rx_queue_1_packets")


def ynl_family():
    """The generic quic-offload family, through the kernel's YNL cli."""
    ksrc = os.environ.get("QOE_KSRC", "")
    r = run([sys.executable, f"{UML}/ynl_family.py", f"{ksrc}/tools/net/ynl/cli.py",
             f"{TOP}/Documentation/netlink/specs/quic_offload.yaml"], ok=False)
    ksft_log(r.stdout + r.stderr)
    ksft_eq(r.returncode, 0, "ynl_family.py exit")


def offloadctl_show():
    need_ctl()
    devs = {d["dev"] for d in ctlj("show-dev")}
    ksft_true({"qoe0", "qoe1"} <= devs, "show-dev lists qoe0 and qoe1", str(devs))
    caps = ctl("show-caps", "dev", "qoe0").stdout
    ksft_in("chacha20", caps.lower(), "show-caps qoe0")
    ksft_in("tx_passthrough", ctl("show-stats", "dev", "qoe0").stdout, "show-stats qoe0")
    S["txh"] = flow(SELFTEST_CID, "qoe0")["handle"]
    S["rxh"] = flow(SELFTEST_CID, "qoe1")["handle"]
    r = ctl("show-caps", "dev", "lo", ok=False)
    ksft_true(r.returncode != 0, "show-caps dev lo refused", r.stdout)
    # the table the demo shows
    with open(os.path.join(WORK, "flows.txt"), "w") as f:
        f.write(ctl("show-flows").stdout)


def offloadctl_add_update_del():
    need_ctl()
    kf32, ivf = keyfile("k32", K32), keyfile("iv", IV)
    ctl("add-flow", "dev", "qoe0", "dir", "rx", "cipher", "aes-256-gcm", "local",
        "10.9.0.1:4500", "remote", "10.9.0.2:4501", "cid", "a1a2a3a4", "key", kf32,
        "iv", ivf, "hp-key", kf32)
    h = ctlj("add-flow", "dev", "qoe0", "dir", "tx", "cipher", "aes-256-gcm", "local",
             "10.9.0.1:4502", "remote", "10.9.0.2:4503", "cid", "b1b2b3b4", "pn", "7",
             "key", kf32, "iv", ivf, "hp-key", kf32)["handle"]
    ksft_gt(h, 0, "add-flow -j handle")
    f = flow("b1b2b3b4", "qoe0")
    ksft_eq({k: f[k] for k in ("handle", "dir", "pn", "local", "cipher", "keys_valid",
                               "key_updates", "key_missing")},
            {"handle": h, "dir": "tx", "pn": 7, "local": "10.9.0.1:4502",
             "cipher": "aes-256-gcm", "keys_valid": 1, "key_updates": 0, "key_missing": 0},
            "the added TX flow")
    ctl("key-update", "dev", "qoe0", "handle", str(h), "phase", "1", "key", kf32, "iv", ivf)
    f = flow("b1b2b3b4", "qoe0")
    ksft_eq((f["keys_valid"], f["key_updates"]), (3, 0), "after a key for phase 1")
    ctl("key-update", "dev", "qoe0", "handle", str(h), "phase", "0", "key", kf32, "iv", ivf)
    ksft_eq(flow("b1b2b3b4", "qoe0")["key_updates"], 1, "after replacing phase 0's key")
    S["h"] = h


def offloadctl_bad_input():
    """The parser's refusals (exit 2) and the kernel's (exit 1, extack)."""
    need_ctl()
    kf16, kf32, ivf = keyfile("k16", K16), keyfile("k32", K32), keyfile("iv", IV)
    h = S.get("h")
    ksft_true(h, "a flow from offloadctl_add_update_del")
    cases = [
        (["add-flow", "dev", "qoe0", "dir", "tx", "cipher", "rot13", "local", "10.9.0.1:1",
          "remote", "10.9.0.2:2", "key", kf16, "iv", ivf, "hp-key", kf16],
         2, "unknown cipher 'rot13'"),
        (["add-flow", "dev", "qoe0", "dir", "tx", "cipher", "aes-128-gcm", "local",
          "10.9.0.1:1", "remote", "10.9.0.2:2", "key", kf32, "iv", ivf, "hp-key", kf32],
         2, "must be 16 bytes"),
        (["key-update", "dev", "qoe0", "handle", str(h), "phase", "0", "key", kf16, "iv", ivf],
         1, "Invalid argument (key is 16 bytes, the cipher's is 32)"),
        (["key-update", "dev", "qoe0", "handle", "0xfffff", "phase", "0", "key", kf16,
          "iv", ivf], 1, "no flow with handle 0x000fffff"),
    ]
    for args, rc, msg in cases:
        r = ctl(*args, ok=False)
        ksft_eq(r.returncode, rc, f"offloadctl {args[0]} ... exit")
        ksft_in(msg, r.stderr, f"offloadctl {args[0]} ... message")
    ctl("del-flow", "dev", "qoe0", "handle", str(h))
    ksft_eq([f for f in ctlj("show-flows", "dev", "qoe0") if f["cid"] == "b1b2b3b4"], [],
            "the deleted flow")
    r = ctl("del-flow", "dev", "qoe0", "handle", str(h), ok=False)
    ksft_eq(r.returncode, 1, "del-flow again: exit")
    ksft_in("del-flow: no flow with handle", r.stderr, "del-flow again: message")


def monitor():
    """A real key-phase flip on qoe1's RX flow of the selftest, seen by
    monitors of every device (text and JSON) and not by one of qoe0."""
    need_ctl()
    kf16, ivf = keyfile("k16", K16), keyfile("iv", IV)
    txh, rxh = S["txh"], S["rxh"]
    mons = {}
    for name, args in (("json", ["monitor", "-j"]), ("text", ["monitor", "dev", "qoe1"]),
                       ("qoe0", ["monitor", "dev", "qoe0"])):
        out, err = (os.path.join(WORK, f"mon-{name}.{x}") for x in ("out", "err"))
        p = subprocess.Popen([CTL] + args, stdout=open(out, "w"), stderr=open(err, "w"))
        defer(lambda p=p: p.poll() is None and p.kill())
        mons[name] = (p, out, err)
    for name, (p, out, err) in mons.items():
        wait_until(lambda: "listening to" in open(err).read() or p.poll() is not None,
                   f"monitor {name} joined the events group")
        ksft_eq(p.poll(), None, f"monitor {name} running")
    ctl("key-update", "dev", "qoe0", "handle", str(txh), "phase", "1", "key", kf16, "iv", ivf)
    ctl("key-update", "dev", "qoe1", "handle", str(rxh), "phase", "1", "key", kf16, "iv", ivf)
    ksft_eq(debugfs_write("qoe0", "send", f"{txh} 1 100"), 0, "debugfs send")
    want_j = {"dev": "qoe1", "type": "key-phase-flip", "type_id": 1, "handle": rxh,
              "phase": 1, "value": 100}
    want_t = f"qoe1 key-phase-flip handle 0x{rxh:08x} phase 1 value 100"

    def lines(name):
        with open(mons[name][1]) as f:
            return f.read().splitlines()
    wait_until(lambda: [json.loads(x) for x in lines("json")] == [want_j],
               "monitor -j: the flip", 10)
    wait_until(lambda: lines("text") == [want_t], "monitor dev qoe1: the flip", 10)
    mons["json"][0].send_signal(signal.SIGINT)
    mons["qoe0"][0].send_signal(signal.SIGINT)
    mons["text"][0].send_signal(signal.SIGTERM)
    for name, (p, _, _) in mons.items():
        ksft_eq(p.wait(10), 0, f"monitor {name} exit after a signal")
    ksft_eq(lines("qoe0"), [], "monitor dev qoe0 (the flip was on qoe1)")
    f = flow(SELFTEST_CID, "qoe1")
    ksft_eq((f["key_phase"], f["packets"]), (1, 8), "qoe1's flow after the flip")


def gro_to_sockets():
    """qoe1 coalesces the four packets of a send; a plain UDP socket reads
    them one by one, a UDP_GRO socket aligned (qoe0 holds the source
    address, hence accept_local)."""
    need_ctl()
    run(["ip", "addr", "add", "192.0.2.1/24", "dev", "qoe0"])
    run(["ip", "addr", "add", "192.0.2.2/24", "dev", "qoe1"])
    with open("/proc/sys/net/ipv4/conf/qoe1/accept_local", "w") as f:
        f.write("1")
    co = stats("qoe1")["rx_coalesced"]
    for mode, pn in (("plain", 200), ("gro", 300)):
        r = run([sys.executable, f"{UML}/qoe_gro_rx.py", mode, str(S["txh"]), str(pn)],
                ok=False)
        ksft_eq(r.returncode, 0, f"qoe_gro_rx.py {mode}: {(r.stdout + r.stderr).strip()}")
    ksft_eq(stats("qoe1")["rx_coalesced"], co + 2, "qoe1 rx_coalesced")


def gro_off_reaches_device():
    """quic-gro off reaches the device (DEV_CONFIG): a send arrives
    unmerged."""
    need_ctl()
    co = stats("qoe1")["rx_coalesced"]
    pk = flow(SELFTEST_CID, "qoe1")["packets"]
    run(["ethtool", "--set-priv-flags", "qoe1", "quic-gro", "off"])
    defer(run, ["ethtool", "--set-priv-flags", "qoe1", "quic-gro", "on"])
    ksft_eq(debugfs_write("qoe0", "send", f"{S['txh']} 1 500"), 0, "debugfs send")
    wait_until(lambda: flow(SELFTEST_CID, "qoe1")["packets"] >= pk + 4,
               "the four packets on qoe1's flow")
    ksft_eq(stats("qoe1")["rx_coalesced"], co, "qoe1 rx_coalesced with quic-gro off")


def gone():
    return all(run(["ip", "link", "show", d], ok=False).returncode != 0
               for d in ("qoe0", "qoe1"))


def nflows(dev):
    return len(ctlj("show-flows", "dev", dev))


def oops():
    # UML's own transport warns when the device process dies under it
    log = run(["dmesg"]).stdout.splitlines()
    return [x for x in log if re.search(r"BUG:|Oops|WARNING:|general protection|"
                                        r"use-after-free|refcount_t", x)
            and not re.search(r"virt-pci|virtio_uml", x)]


def driver_reset():
    """unbind/bind: the firmware forgets every flow, the driver starts
    over."""
    need_virtio()
    need_ctl()
    drv = "/sys/bus/virtio/drivers/qoe_virtio"
    ksft_ge(nflows("qoe0"), 1, "flows on qoe0 before the reset")
    for d in ("virtio0", "virtio1"):
        with open(f"{drv}/unbind", "w") as f:
            f.write(d)
    wait_until(gone, "qoe0 and qoe1 gone")
    for d in ("virtio0", "virtio1"):
        with open(f"{drv}/bind", "w") as f:
            f.write(d)
    wait_until(lambda: run(["ip", "link", "show", "qoe1"], ok=False).returncode == 0,
               "qoe0 and qoe1 back")
    for d in ("qoe0", "qoe1"):
        run(["ip", "link", "set", d, "up"])
    ksft_eq((nflows("qoe0"), nflows("qoe1")), (0, 0), "flows after the reset")
    selftest()
    S["txh"] = flow(SELFTEST_CID, "qoe0")["handle"]


def bulk_tcp():
    """32 MiB of a hash stream over TCP from qoe0 to qoe1 (in its own
    netns): through the rings, nothing lost, every byte checked."""
    need_virtio()
    ns = f"qoe-bulk-{os.getpid()}"
    run(["ip", "netns", "add", ns])

    def back():
        subprocess.run(["ip", "-n", ns, "link", "set", "qoe1", "netns", "1"])
        subprocess.run(["ip", "netns", "del", ns])
        subprocess.run(["ip", "link", "set", "qoe1", "up"])
    defer(back)
    run(["ip", "link", "set", "qoe1", "netns", ns])
    run(["ip", "-n", ns, "addr", "add", "198.51.100.2/24", "dev", "qoe1"])
    run(["ip", "-n", ns, "link", "set", "qoe1", "up"])
    run(["ip", "addr", "add", "198.51.100.1/24", "dev", "qoe0"])
    p0 = stats("qoe0")["tx_passthrough"]
    ready = os.path.join(WORK, "bulk.ready")
    recv = subprocess.Popen(["ip", "netns", "exec", ns, sys.executable, f"{UML}/qoe_bulk.py",
                             "recv", "198.51.100.2", "5001", ready],
                            stdout=subprocess.PIPE, text=True)
    defer(lambda: recv.poll() is None and recv.kill())
    wait_until(lambda: os.path.exists(ready) or recv.poll() is not None,
               "the receiver listening")
    sent = run([sys.executable, f"{UML}/qoe_bulk.py", "send", "198.51.100.2", "5001", "32"]
               ).stdout.strip()
    got = recv.communicate(timeout=120)[0].strip()
    ksft_true(sent, "the sender's summary")
    ksft_eq(got, sent, "bytes and SHA-256 received vs sent")
    ksft_ge(stats("qoe0")["tx_passthrough"] - p0, 20000, "frames through the device")


def surprise_removal():
    """The firmware killed under traffic (marked GSO sends on qoe0 and a
    flood of plain UDP): the devices go away cleanly, no oops."""
    need_virtio()
    need_ctl()
    for a in ("192.0.2.1/24 dev qoe0", "192.0.2.2/24 dev qoe1"):
        run(["ip", "addr", "add"] + a.split(), ok=False)
    txh, stop = S["txh"], threading.Event()

    def sends():
        pn = 1000
        while not stop.is_set() and debugfs_write("qoe0", "send", f"{txh} 0 {pn}") == 0:
            pn += 4

    # a neighbour on qoe0's side that is not local: the flood leaves
    # through qoe0 (192.0.2.2 would be delivered on lo)
    mac = json.loads(run(["ip", "-j", "link", "show", "qoe1"]).stdout)[0]["address"]
    run(["ip", "neigh", "replace", "192.0.2.99", "lladdr", mac, "dev", "qoe0"])

    def flood():
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            while not stop.is_set():
                try:
                    s.sendto(b"x" * 512, ("192.0.2.99", 9))
                except OSError:     # the device is gone
                    time.sleep(0.01)
    threads = [threading.Thread(target=f) for f in (sends, flood)]
    for t in threads:
        t.start()
        defer(t.join)
    defer(stop.set)
    p0 = stats("qoe0")["tx_passthrough"]
    wait_until(lambda: stats("qoe0")["tx_passthrough"] >= p0 + 1000, "plain traffic flowing")
    wait_until(lambda: flow(SELFTEST_CID, "qoe1")["packets"] >= 40, "traffic flowing", 20)
    open(os.path.join(WORK, "fw-kill"), "w").close()
    wait_until(lambda: os.path.exists(os.path.join(WORK, "fw-killed")),
               "the host killed the firmware", 20)
    wait_until(gone, "qoe0 and qoe1 removed", 20)
    stop.set()
    ksft_eq(oops(), [], "kernel reports after the surprise removal")
    devs = ctlj("show-dev")
    ksft_eq([d for d in devs if "qoe" in json.dumps(d)], [], "offloadctl show-dev")


def kmemleak():
    """Debug kernel: nothing of ours unreferenced."""
    path = "/sys/kernel/debug/kmemleak"
    if not os.path.exists(path):
        raise KsftSkipEx("no kmemleak (not the debug kernel)")
    # kmemleak reports only objects unreferenced for 5 s or more (its
    # minimum age): that long is part of what it checks, not a guess
    time.sleep(6)
    for _ in range(2):
        with open(path, "w") as f:
            f.write("scan")
    with open(path) as f:
        report = f.read()
    ours = [b for b in report.split("unreferenced object")
            if re.search(r"qoe|quic_offload|virtqueue|vring", b)]
    ksft_log("".join(ours[:3]))
    ksft_eq(len(ours), 0, "unreferenced objects of ours")


MAIN = [links_up, drvinfo, stats_names, priv_flag, feature_flag, passthrough,
        selftest_gso_gro, virtio_queue_pairs, ynl_family, offloadctl_show,
        offloadctl_add_update_del, offloadctl_bad_input, monitor, gro_to_sockets,
        gro_off_reaches_device, driver_reset, bulk_tcp, surprise_removal, kmemleak]


# -- restart ----------------------------------------------------------------

def restart_devices():
    for dev in ("qoe0", "qoe1"):
        run(["ip", "link", "set", dev, "up"])


def restart_no_flows():
    need_ctl()
    ksft_eq((nflows("qoe0"), nflows("qoe1")), (0, 0), "flows on a restarted firmware")


def restart_selftest():
    selftest()


RESTART = [restart_devices, restart_no_flows, restart_selftest]


def main():
    phase = sys.argv[1] if len(sys.argv) > 1 else "main"
    if phase not in ("main", "restart"):
        sys.exit(__doc__)
    ksft_run(MAIN if phase == "main" else RESTART, argv=[sys.argv[0]] + sys.argv[2:])


if __name__ == "__main__":
    main()
