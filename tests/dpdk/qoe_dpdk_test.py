#!/usr/bin/env python3
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
"""net_qoe in dpdk-testpmd: probe, pair forwarding, bad input, telemetry,
replay of real ngtcp2 1-RTT traffic (decrypt, re-encrypt byte for byte,
wrong keys, missing keys), and live transfers through the PMD.

  qoe_dpdk_test.py <dir with librte_net_qoe.so> [name filter...]

qoe-flowgen is taken from the build directory above it (QOE_FLOWGEN=
overrides).  Needs root (network namespaces, /var/run/dpdk), dpdk-testpmd,
tshark/dumpcap, gtlsserver/gtlsclient, openssl.  KTAP output, then
"N passed, N failed".  QOE_KEEP=1 keeps the work directory.
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from ksft import (KsftFailEx, KsftSkipEx, defer, ksft_eq, ksft_ge, ksft_gt,  # noqa: E402
                  ksft_in, ksft_le, ksft_log, ksft_run, ksft_true, wait_stable,
                  wait_until)
import qoe_pcap  # noqa: E402
from qoe_dpdk import (Env, Netns, Testpmd, capture, gtls_ciphers,  # noqa: E402
                      ksft_logfile, run_pcap, spawn, tshark_fields)

HP = "000102030405060708090a0b0c0d0e0f"
K16 = f"hp={HP} key0={HP} iv0=000102030405060708090a0b"


def load(env):
    tp = Testpmd(env, "load", ["net_qoe0"]).connect().started()
    ksft_eq(tp.ports(), [0], "ports")
    ksft_eq(tp.tel("/ethdev/info,0")["name"], "net_qoe0", "port 0's device")
    ksft_eq(tp.quit(), 0, "testpmd exit")


def pair(env, queues=1):
    """Pair wiring without flows: every packet crosses and is seen by the
    engine (rx_quic_no_flow counts testpmd's UDP packets)."""
    args = [f"--rxq={queues}", f"--txq={queues}"] if queues > 1 else []
    tp = Testpmd(env, f"pair{queues}", ["net_qoe0,peer=net_qoe1", "net_qoe1"],
                 args).connect().started()
    tp.send("start tx_first")
    wait_until(lambda: tp.stats(0)["opackets"] > 1000, "port 0 TX past 1000")
    tp.send("stop")
    # stopped: the counters stop moving
    s0, s1, x1 = wait_stable(lambda: (tp.stats(0), tp.stats(1), tp.xstats(1)),
                             "counters after stop")
    ksft_eq(tp.quit(), 0, "testpmd exit")
    inflight = s0["opackets"] - s1["ipackets"]
    ksft_true(0 <= inflight <= 1024, "port 1 RX = port 0 TX - in flight",
              f"port 0 TX {s0['opackets']}, port 1 RX {s1['ipackets']}")
    ksft_eq(x1["rx_quic_no_flow"], x1["rx_good_packets"],
            "port 1 rx_quic_no_flow vs rx_good_packets")
    ksft_eq(x1["rx_quic_auth_fail"], 0, "port 1 rx_quic_auth_fail")
    if queues > 1:
        ksft_gt(x1["rx_q1_packets"], 1000, "port 1 rx_q1_packets")
        ksft_eq(x1["rx_q0_packets"] + x1["rx_q1_packets"],
                x1["rx_good_packets"], "port 1 rx_q0 + rx_q1")


def pair_forward(env):
    pair(env)


def pair_two_queues(env):
    pair(env, 2)


BAD_FLOWS = [
    # (name, flows file text, the message's start)
    ("bad-dir", f"# comment\n\ntx aes-128-gcm 10.0.0.1:1 10.0.0.2:2 {K16}\n"
     f"xx aes-128-gcm 1.1.1.1:1 2.2.2.2:2 {K16}\n", ":4: dir: expected tx or rx"),
    ("bad-cipher", f"rx aes-512-gcm 10.0.0.1:1 10.0.0.2:2 {K16}\n", ":1: cipher"),
    ("no-port", f"rx aes-128-gcm 10.0.0.1 10.0.0.2:2 {K16}\n", ":1: local"),
    ("family", f"rx aes-128-gcm 10.0.0.1:1 [::1]:2 {K16}\n",
     ":1: local and remote must both be IPv4 or both IPv6"),
    ("key-len", f"rx aes-256-gcm 10.0.0.1:1 10.0.0.2:2 {K16}\n",
     ":1: keys and hp must be 32 bytes for this cipher"),
    ("no-iv", f"rx aes-128-gcm 10.0.0.1:1 10.0.0.2:2 hp={HP} key0={HP}\n",
     ":1: every key needs its iv"),
    ("bad-hex", f"rx aes-128-gcm 10.0.0.1:1 10.0.0.2:2 {K16} cid=0g\n", ":1: cid"),
    ("long-cid", f"rx aes-128-gcm 10.0.0.1:1 10.0.0.2:2 {K16} cid={HP}{HP}\n", ":1: cid"),
    ("phase", f"tx aes-128-gcm 10.0.0.1:1 10.0.0.2:2 {K16} phase=2\n", ":1: phase"),
    ("no-key", f"rx aes-128-gcm 10.0.0.1:1 10.0.0.2:2 hp={HP}\n",
     ":1: dir, cipher, local, remote, hp and a key with its iv are required"),
    ("key-index", f"rx aes-128-gcm 10.0.0.1:1 10.0.0.2:2 {K16} key64={HP}\n",
     ":1: key<N>/iv<N>: N is 0..63"),
    ("key-gap", f"rx aes-128-gcm 10.0.0.1:1 10.0.0.2:2 {K16} key1={HP} "
     f"iv1=000102030405060708090a0b key3={HP} iv3=000102030405060708090a0b\n",
     ":1: key<N> past key1 needs every key used before it"),
    # a bad key names the option, never its value
    ("key-hex", f"rx aes-128-gcm 10.0.0.1:1 10.0.0.2:2 hp={HP} "
     "key0=5ec2e75ec2e7zz5ec2e75ec2e75ec2e7 iv0=000102030405060708090a0b\n", ":1: key"),
]
BAD_DEVARGS = [
    ("unknown-key", "net_qoe0,bogus=1", "cannot parse devargs"),
    ("max-flows", "net_qoe0,max_flows=0", "max_flows=0: expected an integer"),
    ("ring-size", "net_qoe0,ring_size=1000", "must be a power of two"),
    ("crypto", "net_qoe0,crypto=rot13", "expected ipsec-mb or openssl"),
    ("backing", "net_qoe0,backing=net_nothere0", "backing port net_nothere0 not found"),
    ("no-file", "net_qoe0,flows=/nonexistent/flows", "No such file"),
]


def probe_fails(env, name, vdev, message):
    """A named error and no port; never a crash."""
    tp = Testpmd(env, f"probe-{name}", [vdev]).connect()
    ksft_eq(tp.ports(), [], f"{name}: ports probed")
    ksft_eq(tp.quit(), 0, f"{name}: testpmd exit")
    log = tp.text()
    ksft_in(message, log, f"{name}: the PMD's error")
    return log


def bad_input(env):
    for name, vdev, msg in BAD_DEVARGS:
        probe_fails(env, name, vdev, msg)
    d = env.dir("bad")
    for name, text, msg in BAD_FLOWS:
        path = os.path.join(d, name)
        with open(path, "w") as f:
            f.write(text)
        log = probe_fails(env, name, f"net_qoe0,flows={path}", f"{path}{msg}")
        ksft_true("5ec2e7" not in log, f"{name}: no key text in the log")
    path = os.path.join(d, "ok")
    with open(path, "w") as f:
        f.write(f"tx aes-128-gcm 10.0.0.1:1 10.0.0.2:2 {K16}\n")
    tp = Testpmd(env, "probe-ok", [f"net_qoe0,flows={path}"]).connect()
    ksft_eq(tp.ports(), [0], "a good flows file probes")
    ksft_eq(tp.xstats(0)["quic_flows"], 1, "quic_flows of the good file")
    ksft_eq(tp.quit(), 0, "testpmd exit")


FLOW_KEYS = {
    "handle": int, "dir": str, "cipher": str, "cid": str, "local": str,
    "remote": str, "key_phase": int, "pn": (int, str), "packets": int,
    "bytes": int, "auth_fail": int, "drops": int, "key_missing": int,
    "key_updates": int, "keys_valid": int, "age_ms": int,
}
CAPS_KEYS = ["abi_version", "ciphers", "features", "max_flows", "max_cids",
             "max_cid_len", "max_gso_segs", "max_gro_segs"]


def telemetry(env):
    """The /qoe/ contract offloadctl reads (Documentation/dpdk-pmd.rst)."""
    lines = [f"tx chacha20-poly1305 [2001:db8::1]:443 [2001:db8::2]:5000 cid=c0ffee "
             f"hp={HP}{HP} key0={HP}{HP} iv0=000102030405060708090a0b pn=7"]
    for i in range(2, 41):   # 40 flows: more than one page of 32
        remote = "10.9.9.9" if i == 2 else "10.0.0.2"
        lines.append(f"rx aes-128-gcm 10.0.0.1:{4000 + i} {remote}:1 "
                     f"cid=0a0b{i:02x} {K16}")
    path = os.path.join(env.dir("tel"), "flows")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    tp = Testpmd(env, "telemetry", ["net_qoe0,peer=net_qoe1",
                                    f"net_qoe1,flows={path}"]).connect().started()
    def q(cmd):
        r = tp.tel(cmd)
        ksft_le(tp.tel.last_len, 16384, f"{cmd}: reply size")
        return r

    cmds = set(q("/"))
    want = {"/qoe/" + c for c in ("ports", "caps", "flows", "flow_add",
                                  "flow_del", "key_update", "events")}
    ksft_eq(sorted(want - cmds), [], "/qoe commands missing")
    ksft_eq(q("/qoe/ports"), [0, 1], "/qoe/ports")
    caps = q("/qoe/caps,1")
    ksft_eq(sorted(caps), sorted(CAPS_KEYS), "caps keys")
    ksft_eq(caps["ciphers"], "aes-128-gcm aes-256-gcm chacha20-poly1305 aes-128-ccm",
            "caps ciphers")
    ksft_eq(caps["max_cid_len"], 20, "caps max_cid_len")
    ksft_eq(caps["abi_version"] >> 8, 1, "caps ABI major")
    ksft_true("/qoe/stats" not in cmds, "no /qoe/stats (counters are xstats)")
    x = q("/ethdev/xstats,1")
    ksft_eq(x.get("quic_flows"), 40, "xstats quic_flows")
    ksft_in("rx_quic_auth_fail", x, "xstats names")
    ksft_eq(q("/qoe/caps,99"), None, "caps of a bad port")
    ksft_eq(q("/qoe/flows,1,x"), None, "flows with a junk cursor")
    flows, cursor, pages = [], 0, 0
    while True:
        page = q(f"/qoe/flows,1,{cursor}")
        pages += 1
        fl = {k: v for k, v in page.items() if k != "next"}
        ksft_in("next", page, f"page {pages}")
        ksft_le(len(fl), 32, f"page {pages}: flows")
        ksft_eq(sorted(fl), sorted(f"f{i}" for i in range(len(fl))), f"page {pages} keys")
        flows += [fl[f"f{i}"] for i in range(len(fl))]
        cursor = page["next"]
        if cursor == 0 or pages > 10:
            break
    ksft_eq((len(flows), pages), (40, 2), "flows, pages")
    ksft_eq(len({f["handle"] for f in flows}), 40, "unique handles")
    for f in flows:
        for k, typ in FLOW_KEYS.items():
            ksft_true(isinstance(f.get(k), typ), f"flow {f.get('handle')} key {k}",
                      f"{f.get(k)!r} is not {typ}")
    tx = [f for f in flows if f["dir"] == "tx"]
    ksft_eq(len(tx), 1, "TX flows")
    ksft_eq({k: tx[0][k] for k in ("cipher", "local", "remote", "cid", "pn", "keys_valid")},
            {"cipher": "chacha20-poly1305", "local": "[2001:db8::1]:443",
             "remote": "[2001:db8::2]:5000", "cid": "c0ffee", "pn": 7, "keys_valid": 1},
            "the TX flow")
    rx = [f for f in flows if f["dir"] == "rx"]
    v4 = [f for f in rx if f["local"] == "10.0.0.1:4002"]
    ksft_eq([(f["remote"], f["cid"]) for f in v4], [("10.9.9.9:1", "0a0b02")],
            "RX flow 2")
    ksft_eq({f["pn"] for f in rx}, {"none"}, "RX pn before any packet")
    ksft_eq({f["cipher"] for f in rx}, {"aes-128-gcm"}, "RX ciphers")
    ksft_eq(q("/qoe/flows,0,0"), {"next": 0}, "flows of port 0")
    r = q("/qoe/flow_add,1,dir=rx,cipher=aes-128-gcm,local=10.7.7.7:1,"
          "remote=10.7.7.8:2,key=" + "00" * 16 + ",iv=" + "00" * 12 + ",hp=" + "00" * 16)
    ksft_eq(r, {"error": "telemetry writes are off on this port "
                         "(devarg telemetry_writes=1)", "errno": 1},
            "flow_add without telemetry_writes")
    r = q("/qoe/flow_del,1,1")
    ksft_eq(r.get("errno"), 1, "flow_del without telemetry_writes")
    ksft_eq(q("/ethdev/xstats,1").get("quic_flows"), 40, "flows after refused writes")
    e1, e2 = q("/qoe/events,1"), q("/qoe/events,1")
    ksft_true({"next", "lost", "more"} <= set(e1), "events keys", str(e1))
    ksft_eq(e2, e1, "a second events read (reading takes nothing away)")
    ksft_eq(tp.quit(), 0, "testpmd exit")


def api(env):
    """The private API, dynfield metadata, GSO, key schedules
    (qoe_pmd_test.c): its own harness, its runtime directory removed."""
    exe = os.path.join(env.out, "qoe_pmd_test")
    if not os.access(exe, os.X_OK):
        raise KsftFailEx(f"{exe} not built")
    p = subprocess.Popen([exe], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True)
    out, _ = p.communicate(timeout=600)
    ksft_log("\n".join(line for line in out.splitlines()
                       if line.startswith(("ok ", "not ok ", "  FAIL", "# bench"))))
    ksft_true(not os.path.exists(f"/var/run/dpdk/qoe-api-{p.pid}"),
              "qoe_pmd_test removed its EAL runtime directory")
    ksft_eq(p.returncode, 0, "qoe_pmd_test exit")
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                           "qoe_pmd_test.c")) as f:
        cases = sum(1 for line in f if line.startswith("QOE_TEST("))
    ksft_in(f"{cases} passed, 0 failed", out, "every case the source defines ran")


# ---------------------------------------------------------------------------
# Replay: a real connection captured, decrypted and re-encrypted by net_qoe.

KEYS_PER_FILE = 63      # key updates a flows file follows (qoe-flowgen -u)


class Capture:
    """One captured connection with what the test needs to know of it."""

    def __init__(self, env, d, cipher):
        self.env, self.d, self.cipher = env, d, cipher
        self.cap, self.keys = f"{d}/cap.pcap", f"{d}/keys.log"
        self.pkts = qoe_pcap.packets(self.cap)[1]
        cids = qoe_pcap.quic_cids(self.pkts, env.sport)
        if cids is None:
            raise KsftFailEx("no long headers from both sides in the capture")
        self.cport, self.ccid, self.scid = cids
        self.cep, self.sep = f"127.0.0.1:{self.cport}", f"127.0.0.1:{env.sport}"

    def flows(self, direction, updates=KEYS_PER_FILE):
        path = f"{self.d}/{direction}{updates}.flows"
        with open(path, "w") as f:
            f.write(self.env.flowgen_run(self.keys, self.cipher, direction, self.cep,
                                         self.sep, self.ccid, self.scid, updates))
        return path

    def short(self):
        """Short-header frames (first QUIC packet of the frame)."""
        rows = tshark_fields(self.cap, None, ["quic.header_form"], "quic")
        return sum(1 for r in rows if r[0].split(",")[0] == "0")


def decrypt_run(cap, flows, out, name):
    """cap.pcap -> net_qoe0 (RX, flows) -> out: port 1 is net_qoe0."""
    total = len(cap.pkts)
    x = run_pcap(cap.env, name, [
        f"net_pcap0,rx_pcap={cap.cap},tx_pcap={cap.d}/junk0.pcap",
        f"net_qoe0,backing=net_pcap0,flows={flows}",
        f"net_pcap1,rx_pcap={cap.d}/empty.pcap,tx_pcap={out}"],
        lambda tp: tp.stats(2)["opackets"] >= total, [1])
    return x[1]


def encrypt_run(cap, flows, inp, out, name):
    """inp -> port 0 -> net_qoe1 (TX, flows, over net_pcap1) -> out."""
    total = len(cap.pkts)

    def done(tp):
        s = tp.stats(2)
        return tp.stats(0)["ipackets"] >= total and s["opackets"] + s["oerrors"] >= total
    return run_pcap(cap.env, name, [
        f"net_pcap0,rx_pcap={inp},tx_pcap={cap.d}/junk1.pcap",
        f"net_pcap1,rx_pcap={cap.d}/empty.pcap,tx_pcap={out}",
        f"net_qoe1,backing=net_pcap1,flows={flows}"], done, [2])[2]


def phase_changes(cap):
    """Key phase changes of each direction and PN holes, from packets
    net_qoe opened (works for every cipher, tshark or not)."""
    plain = f"{cap.d}/probe-plain.pcap"
    decrypt_run(cap, cap.flows("rx"), plain, "probe-decrypt")
    each, holes, kp1 = qoe_pcap.short_headers(qoe_pcap.packets(plain)[1],
                                              cap.env.sport, cap.ccid, cap.scid)
    return [int(c) for c in each.split(",")], holes, kp1


def usable_capture(env, name, cipher):
    """A capture with a key update in each direction and no packet
    missing.  gtlsclient --key-update fires once, on a timer: a fast
    transfer can end before it (shorten it and retry).  One update each
    way is what ngtcp2 0.12 gives; more than one is qoe_pmd_test's
    flows_file_key_schedule_follows_updates."""
    ku, why = 20, ""
    for attempt in range(1, 6):
        d = os.path.join(env.work, f"{name}{attempt}")
        dropped = capture(env, d, ku, cipher)
        if dropped != 0:
            why = f"dumpcap dropped {dropped} packets"
        else:
            cap = Capture(env, d, cipher)
            changes, holes, kp1 = phase_changes(cap)
            if holes:
                why = f"{holes} holes in the 1-RTT packet numbers"
            elif len(changes) != 2 or min(changes) < 1:
                why = f"key updates per direction {changes} (timer {ku} ms)"
                ku = max(1, ku // 2)
            elif max(changes) >= KEYS_PER_FILE:   # the last key: exhausted
                why = f"key updates per direction {changes} (timer {ku} ms)"
                ku *= 2
            else:
                cap.changes, cap.kp1 = changes, kp1
                ksft_log(f"capture {attempt}: {len(cap.pkts)} packets, key updates "
                         f"per direction {changes}")
                return cap
        ksft_log(f"capture {attempt}: {why}; again")
    raise KsftFailEx(f"no usable capture in 5 tries: {why}")


def replay(env, name, cipher):
    cap = usable_capture(env, name, cipher)
    tsh = cipher != "aes-128-ccm"   # tshark 4.0 has no QUIC AES-CCM
    total, short = len(cap.pkts), cap.short()
    ksft_gt(total, 500, "captured packets")
    suite = tshark_fields(cap.cap, cap.keys, ["tls.handshake.ciphersuite"],
                          "tls.handshake.type == 2")
    ksft_eq(suite[0][0] if suite else None,
            {"aes-128-gcm": "0x1301", "aes-256-gcm": "0x1302",
             "chacha20-poly1305": "0x1303", "aes-128-ccm": "0x1304"}[cipher],
            "negotiated suite")
    if tsh:
        # tshark's view of the key updates agrees with the PMD's
        rows = tshark_fields(cap.cap, cap.keys, ["udp.srcport", "quic.key_phase"],
                             "quic.header_form == 0")
        last, ch = {}, {}
        for sport, kp in rows:
            p = kp.split(",")[0]
            if sport in last and last[sport] != p:
                ch[sport] = ch.get(sport, 0) + 1
            last[sport] = p
        ksft_eq(sorted(ch.values()), sorted(cap.changes), "key updates per direction (tshark)")
    rx, tx = cap.flows("rx"), cap.flows("tx")

    # 1. decrypt: every short-header packet opens, long headers pass
    plain = f"{cap.d}/plain.pcap"
    x = decrypt_run(cap, rx, plain, "decrypt")
    ksft_eq(x["rx_quic_decrypted_packets"], short, "decrypt: rx_quic_decrypted_packets")
    ksft_eq(x["rx_quic_auth_fail"], 0, "decrypt: rx_quic_auth_fail")
    ksft_eq(x["rx_quic_not_1rtt"], total - short, "decrypt: rx_quic_not_1rtt")
    # each phase flip seen, and each key the schedule put over a used one
    ksft_eq(x["quic_key_sched_installs"], sum(cap.changes),
            "decrypt: keys the schedule installed")
    ksft_eq(x["quic_key_updates"], 2 * sum(cap.changes), "decrypt: quic_key_updates")
    pl = qoe_pcap.packets(plain)[1]
    ksft_eq(len(pl), total, "decrypt: packets out")
    ksft_eq(sum(1 for a, b in zip(cap.pkts, pl) if a != b), short,
            "decrypt: packets changed")

    # 2. re-encrypt the plaintext: the captured bytes come back
    enc = f"{cap.d}/enc.pcap"
    x = encrypt_run(cap, tx, plain, enc, "encrypt")
    ksft_eq(x["tx_quic_encrypted_packets"], short, "encrypt: tx_quic_encrypted_packets")
    ep = qoe_pcap.packets(enc)[1]
    ksft_eq(len(ep), total, "encrypt: packets out")
    diff = [i for i, (a, b) in enumerate(zip(cap.pkts, ep)) if a != b]
    ksft_eq(diff[:5], [], "encrypt: packets differing from the capture (first 5)")

    # 3. tshark decrypts what net_qoe emitted
    if tsh:
        ksft_eq(len(tshark_fields(enc, cap.keys, ["frame.number"], "quic.decryption_failed")),
                0, "tshark: decryption failures in net_qoe output")
        ksft_eq(len(tshark_fields(enc, cap.keys, ["frame.number"],
                                  "quic.header_form == 0 && !quic.frame")),
                0, "tshark: short-header packets without frames")

    # 4. wrong keys: nothing opens, packets come up byte for byte as sent
    bad = f"{cap.d}/rx-bad.flows"
    with open(rx) as f, open(bad, "w") as o:
        for line in f:
            toks = [t if not (t.startswith("key") and "=" in t) else
                    t[:t.index("=") + 1] + ("1" if t[t.index("=") + 1] == "0" else "0")
                    + t[t.index("=") + 2:] for t in line.split()]
            o.write(" ".join(toks) + "\n")
    pb = f"{cap.d}/plain-bad.pcap"
    x = decrypt_run(cap, bad, pb, "decrypt-bad")
    ksft_eq(x["rx_quic_auth_fail"], short, "wrong key: rx_quic_auth_fail")
    ksft_eq(x["rx_quic_decrypted_packets"], 0, "wrong key: rx_quic_decrypted_packets")
    ksft_true(qoe_pcap.packets(pb)[1] == cap.pkts, "wrong key: packets delivered untouched")

    # 5. TX with only the first key: phase-1 packets are dropped, never
    #    sent in clear, and nothing emitted is plaintext
    nokey = f"{cap.d}/tx-key0.flows"
    with open(cap.flows("tx", 1)) as f, open(nokey, "w") as o:
        for line in f:
            o.write(" ".join(t for t in line.split()
                             if not t.startswith(("key1=", "iv1="))) + "\n")
    out = f"{cap.d}/enc-key0.pcap"
    x = encrypt_run(cap, nokey, plain, out, "encrypt-key0")
    ksft_eq(x["tx_quic_drop_no_key"], cap.kp1, "key0 only: tx_quic_drop_no_key")
    emitted = qoe_pcap.packets(out)[1]
    ksft_eq(len(emitted), total - cap.kp1, "key0 only: packets emitted")
    clear = set(p for p, c in zip(pl, cap.pkts) if p != c)
    ksft_eq(sum(1 for p in emitted if p in clear), 0, "key0 only: plaintext packets emitted")


def replay_aes128(env):
    replay(env, "aes128", "aes-128-gcm")


def replay_aes256(env):
    replay(env, "aes256", "aes-256-gcm")


def replay_chacha(env):
    replay(env, "chacha", "chacha20-poly1305")


def replay_ccm(env):
    replay(env, "ccm", "aes-128-ccm")


# ---------------------------------------------------------------------------
# Live: gtlsclient and gtlsserver in two namespaces, each behind a net_tap.

def need_netns(env):
    if not env.netns:
        raise KsftSkipEx("needs network namespaces")


def tap_pair(env, ns_c, ns_s, if_c, if_s, net):
    subprocess.run(["ip", "link", "set", if_c, "netns", ns_c.name], check=True)
    subprocess.run(["ip", "link", "set", if_s, "netns", ns_s.name], check=True)
    ns_c.ip("addr", "add", f"{net}.1/24", "dev", if_c)
    ns_s.ip("addr", "add", f"{net}.2/24", "dev", if_s)
    for ns, ifn in ((ns_c, if_c), (ns_s, if_s)):
        ns.ip("link", "set", ifn, "up")
        ns.ip("link", "set", "lo", "up")


def server(env, ns, addr, d):
    env.cert()
    p = spawn(ns.cmd(["gtlsserver", "-q", "--max-gso-dgrams=1", "-d", "htdocs", addr,
                      "4433", "key.pem", "crt.pem"]), f"{d}/server.log", cwd=env.work)
    wait_until(lambda: subprocess.run(ns.cmd(["ss", "-Hlun", "sport = :4433"]),
                                      capture_output=True, text=True).stdout.strip()
               or p.poll() is not None, "gtlsserver listening")
    ksft_eq(p.poll(), None, "gtlsserver running")
    return p


def live_fwd(env, cipher):
    """Through qoe_livefwd: every 1-RTT packet decrypted by the ingress
    net_qoe and re-encrypted by the egress one; the download must arrive
    byte for byte."""
    need_netns(env)
    exe = os.path.join(env.out, "qoe_livefwd")
    if not os.access(exe, os.X_OK):
        raise KsftFailEx(f"{exe} not built")
    d = env.dir(env.uniq("live"))
    os.makedirs(f"{d}/dl", exist_ok=True)
    ns_c, ns_s = Netns(env), Netns(env)
    if_c, if_s = env.uniq("c"), env.uniq("s")
    prefix = env.uniq("lf")
    defer(lambda: subprocess.run(["rm", "-rf", f"/var/run/dpdk/{prefix}"]))
    fwd = spawn([exe, "-l", "0", "--no-huge", "-m", "512", "--no-pci",
                 f"--file-prefix={prefix}", f"--vdev=net_tap0,iface={if_c}",
                 f"--vdev=net_tap1,iface={if_s}", "--vdev=net_qoe0,backing=net_tap0",
                 "--vdev=net_qoe1,backing=net_tap1", "--", f"{d}/keys.log", cipher,
                 f"{d}/stop"], f"{d}/fwd.log")

    def ready():
        if fwd.poll() is not None:
            raise KsftFailEx(f"qoe_livefwd exited {fwd.returncode}")
        with open(f"{d}/fwd.log") as f:
            return any(line.startswith("ready") for line in f)
    wait_until(ready, "qoe_livefwd ready", 30)
    tap_pair(env, ns_c, ns_s, if_c, if_s, "10.77.0")
    server(env, ns_s, "10.77.0.2", d)
    cl = subprocess.run(ns_c.cmd(["env", f"SSLKEYLOGFILE={d}/keys.log", "timeout", "60",
                                  "gtlsclient", "-q", "--exit-on-all-streams-close",
                                  f"--download={d}/dl", "--max-udp-payload-size=1350",
                                  "--no-pmtud", "--key-update=20ms", gtls_ciphers(cipher),
                                  "10.77.0.2", "4433", "https://localhost/blob"]),
                        capture_output=True, text=True)
    open(f"{d}/stop", "w").close()
    ksft_eq(fwd.wait(30), 0, "qoe_livefwd exit")
    # qoe_livefwd's closing lines: "<name> <value>"
    with open(f"{d}/fwd.log") as f:
        st = {}
        for line in f:
            t = line.split()
            if len(t) == 2 and t[1].isdigit():
                st[t[0]] = int(t[1])
    if cl.returncode != 0:
        ksft_logfile(f"{d}/fwd.log")
    ksft_eq(cl.returncode, 0, "gtlsclient exit")
    with open(f"{env.work}/htdocs/blob", "rb") as a, open(f"{d}/dl/blob", "rb") as b:
        ksft_true(a.read() == b.read(), "download identical (3000000 bytes)")
    ksft_gt(st.get("c2s_decrypted"), 100, "client->server packets decrypted in the middle")
    ksft_gt(st.get("s2c_decrypted"), 1000, "server->client packets decrypted in the middle")
    ksft_gt(sum(v for k, v in st.items() if k.endswith("_key_updates")), 0,
            "key updates followed")
    # the engine refused nothing it was asked to protect
    ksft_eq(st.get("port0_engine_tx_drops"), 0, "port 0 engine TX drops")
    ksft_eq(st.get("port1_engine_tx_drops"), 0, "port 1 engine TX drops")
    ksft_le(sum(v for k, v in st.items() if k.endswith("_failed")), 2,
            "packets failing to open in the middle")


def live_aes128(env):
    live_fwd(env, "aes-128-gcm")


def live_chacha(env):
    live_fwd(env, "chacha20-poly1305")


class LiveTestpmd:
    """A gtlsclient download crossing plain testpmd's io forwarding between
    two net_qoe ports over net_taps.  Flows appear in the ports' flows
    files (flows_watch=1) once the handshake has shown the CIDs and the
    key log the secrets; from then on one port decrypts, testpmd forwards
    plaintext, the other port re-encrypts it (auto_tx).  The client waits
    1 s before its request (--delay-stream) so the flows, installed with no
    PN history, arrive while PNs still expand from 1-byte truncations.

    run() with @during(prefix) and @after(prefix) callbacks: the demo
    shows offloadctl there."""

    def __init__(self, env):
        need_netns(env)
        self.env = env
        self.d = env.dir(env.uniq("live"))
        os.makedirs(f"{self.d}/dl", exist_ok=True)

    def run(self, during=None, after=None):
        env, d = self.env, self.d
        env.cert()
        big = f"{env.work}/htdocs/big"
        if not os.path.exists(big):     # about 2 s of transfer
            with open(big, "wb") as f:
                f.write(os.urandom(30000000))
        for p in (0, 1):
            open(f"{d}/port{p}.flows", "w").close()
        ns_c, ns_s = Netns(env), Netns(env)
        if_c, if_s = env.uniq("c"), env.uniq("s")
        tp = Testpmd(env, os.path.basename(d), [
            f"net_tap0,iface={if_c}", f"net_tap1,iface={if_s}",
            f"net_qoe0,backing=net_tap0,flows={d}/port0.flows,flows_watch=1,auto_tx=1",
            f"net_qoe1,backing=net_tap1,flows={d}/port1.flows,flows_watch=1,auto_tx=1"],
            log_level="pmd.net.qoe:info")
        self.prefix = tp.prefix
        # net_tap starts a tap by name, which a tap moved to a namespace no
        # longer answers to: move them once the ports are started
        tp.connect().started()
        tp.send("start")
        tap_pair(env, ns_c, ns_s, if_c, if_s, "10.78.0")
        dc = spawn(ns_c.cmd(["dumpcap", "-q", "-P", "-i", if_c, "-f", "udp port 4433",
                             "-c", "6", "-w", f"{d}/first.pcap"]), f"{d}/dumpcap.log")
        server(env, ns_s, "10.78.0.2", d)
        wait_until(lambda: "Capturing" in open(f"{d}/dumpcap.log").read()
                   or dc.poll() is not None, "dumpcap capturing")
        cl = spawn(ns_c.cmd(["env", f"SSLKEYLOGFILE={d}/keys.log", "timeout", "60",
                             "gtlsclient", "-q", "--exit-on-all-streams-close",
                             f"--download={d}/dl", "--max-udp-payload-size=1350",
                             "--no-pmtud", "--key-update=20ms", "--delay-stream=1s",
                             "10.78.0.2", "4433", "https://localhost/big"]),
                   f"{d}/client.log")
        ksft_eq(dc.wait(30), 0, "dumpcap of the first packets")
        cids = qoe_pcap.quic_cids(qoe_pcap.packets(f"{d}/first.pcap")[1], 4433)
        ksft_true(cids is not None, "CIDs in the first packets")
        cport, ccid, scid = cids

        def secrets():
            try:
                with open(f"{d}/keys.log") as f:
                    t = f.read()
            except OSError:
                return False
            return "SERVER_TRAFFIC_SECRET_0" in t and "CLIENT_TRAFFIC_SECRET_0" in t
        wait_until(secrets, "1-RTT secrets in the key log", 10)
        flows = "".join(env.flowgen_run(f"{d}/keys.log", "aes-128-gcm", dr,
                                        f"10.78.0.1:{cport}", "10.78.0.2:4433",
                                        ccid, scid, KEYS_PER_FILE)
                        for dr in ("rx", "tx"))
        # whole lines at once: the watcher reads complete lines only
        for p in (0, 1):
            with open(f"{d}/port{p}.flows", "a") as f:
                f.write(flows)
        wait_until(lambda: all(tp.xstats(p)["quic_flows"] == 4 for p in (2, 3)),
                   "4 flows installed on each port while running", 10)
        if during:
            during(self.prefix)
        rc = cl.wait(90)
        if after:
            after(self.prefix)
        tp.send("stop")
        x2, x3 = wait_stable(lambda: (tp.xstats(2), tp.xstats(3)), "counters after stop")
        ksft_eq(tp.quit(), 0, "testpmd exit")
        if rc != 0:
            for f in ("client.log", "server.log", os.path.basename(tp.log)):
                ksft_logfile(os.path.join(d if f != os.path.basename(tp.log)
                                          else env.work, f))
        ksft_eq(rc, 0, "gtlsclient exit")
        with open(big, "rb") as a, open(f"{d}/dl/big", "rb") as b:
            ksft_true(a.read() == b.read(), "download identical (30000000 bytes)")
        ksft_gt(x2["rx_quic_decrypted_packets"], 100, "client->server decrypted by port 2")
        ksft_gt(x3["rx_quic_decrypted_packets"], 1000, "server->client decrypted by port 3")
        ksft_eq(x2["tx_quic_encrypted_packets"], x3["rx_quic_decrypted_packets"],
                "server->client re-encrypted by port 2")
        ksft_eq(x3["tx_quic_encrypted_packets"], x2["rx_quic_decrypted_packets"],
                "client->server re-encrypted by port 3")
        ksft_le(x2["rx_quic_auth_fail"] + x3["rx_quic_auth_fail"], 2, "auth failures")
        ksft_ge(x2["quic_key_updates"] + x3["quic_key_updates"], 1, "key updates followed")
        return x2, x3


def live_testpmd(env):
    LiveTestpmd(env).run()


CASES = [load, api, pair_forward, pair_two_queues, bad_input, telemetry,
         replay_aes128, replay_aes256, replay_chacha, replay_ccm,
         live_aes128, live_chacha, live_testpmd]


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    if os.geteuid() != 0:
        sys.exit("qoe_dpdk_test: needs root (network namespaces, /var/run/dpdk)")
    env = Env(sys.argv[1])
    if not env.netns:
        ksft_log(f"no network namespaces here: capturing on the host loopback, "
                 f"port {env.sport}; live tests skipped")
    try:
        ksft_run(CASES, env, [sys.argv[0]] + sys.argv[2:])
    finally:
        env.cleanup()


if __name__ == "__main__":
    main()
