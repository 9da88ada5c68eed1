#!/usr/bin/env python3
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
"""qoe-flowgen against RFC 9001 A.5 and an independent key schedule.

Usage: flowgen_test.py <qoe-flowgen>.  Prints one line per check and ends
with "N passed, N failed"; exits 1 when a check failed.
"""
import hashlib
import hmac
import os
import subprocess
import sys
import tempfile

FLOWGEN = sys.argv[1] if len(sys.argv) > 1 else "build/qoe-flowgen"
# RFC 9001 A.5 (ChaCha20-Poly1305 short header packet)
SECRET = "9ac312a7f877468ebe69422748ad00a15443f18203a07d6060f688f30f21632b"
KEY = "c6d98ff3441c3fe1b2182094f69caa2ed4b716b65488960a7a984979fb23e1c8"
IV = "e0459b3474bdd0e44a41c144"
HP = "25a282b9e82f06f21f488917a4fc8f1b73573685608597d0efcb076b0ab7a7a4"
KU = "1223504755036d556342ee9361d253421a826c9ecdf3c7148684b36b714881f9"
results = []


def check(name, cond, detail=""):
    results.append(bool(cond))
    print(("ok" if cond else "not ok") + f" {len(results)} - {name}"
          + ("" if cond else f": {detail}"))


def expand_label(secret, label, length):
    """HKDF-Expand-Label (RFC 8446 7.1), SHA-256, no context."""
    full = b"tls13 " + label.encode()
    info = length.to_bytes(2, "big") + bytes([len(full)]) + full + b"\0"
    out, t, i = b"", b"", 1
    while len(out) < length:
        t = hmac.new(secret, t + info + bytes([i]), hashlib.sha256).digest()
        out += t
        i += 1
    return out[:length]


def flows(gen, updates=None):
    """The tx flows qoe-flowgen prints from generation @gen, by direction."""
    more = [] if updates is None else ["-u", str(updates)]
    with tempfile.NamedTemporaryFile("w", suffix=".keys", delete=False) as f:
        f.write(f"CLIENT_TRAFFIC_SECRET_0 {'00' * 32} {SECRET}\n")
        f.write(f"SERVER_TRAFFIC_SECRET_0 {'00' * 32} {KU}\n")
        path = f.name
    try:
        p = subprocess.run([FLOWGEN, "-g", str(gen)] + more + [path, "chacha20-poly1305",
                            "tx", "10.0.0.1:50000", "10.0.0.2:443",
                            "c1c2", "5152"],
                           capture_output=True, text=True)
    finally:
        os.unlink(path)
    check(f"-g {gen}: exits 0", p.returncode == 0, p.stderr.strip())
    rows = [l.split() for l in p.stdout.splitlines() if l and l[0] != "#"]
    check(f"-g {gen}: one flow per direction", len(rows) == 2, p.stdout)
    return [dict(t.split("=", 1) for t in r[4:]) for r in rows]


def main():
    g0, g1, g2 = flows(0), flows(1), flows(2)
    c0, c1, c2 = g0[0], g1[0], g2[0]
    check("generation 0: RFC 9001 A.5 key", c0.get("key0") == KEY, c0)
    check("generation 0: RFC 9001 A.5 iv", c0.get("iv0") == IV, c0)
    check("generation 0: RFC 9001 A.5 hp key", c0.get("hp") == HP, c0)
    check("generation 0 starts in phase 0", c0.get("phase") == "0", c0)
    s = bytes.fromhex(SECRET)
    gens = []
    for _ in range(12):
        gens.append((expand_label(s, "quic key", 32).hex(),
                     expand_label(s, "quic iv", 12).hex()))
        s = expand_label(s, "quic ku", 32)
    check('the next secret is A.5\'s "quic ku"',
          expand_label(bytes.fromhex(SECRET), "quic ku", 32).hex() == KU)
    for n, c in ((0, c0), (1, c1), (2, c2)):
        phase = n % 2
        check(f"generation {n}: phase {phase} holds its key",
              (c.get(f"key{phase}"), c.get(f"iv{phase}")) == gens[n], c)
        check(f"generation {n}: phase {1 - phase} holds the next",
              (c.get(f"key{1 - phase}"), c.get(f"iv{1 - phase}")) ==
              gens[n + 1], c)
        check(f"generation {n}: starts in phase {phase}",
              c.get("phase") == str(phase), c)
        check(f"generation {n}: the hp key of the first secret, always",
              c.get("hp") == HP, c)
    # -u U: generations gen..gen+U, key<N> being generation gen + (N ^ P)
    for gen, upd in ((0, 5), (3, 6), (1, 2)):
        c = flows(gen, upd)[0]
        p = gen % 2
        want = {f"key{(g - gen) ^ p}": gens[g][0]
                for g in range(gen, gen + upd + 1)}
        got = {k: v for k, v in c.items() if k.startswith("key")}
        check(f"-g {gen} -u {upd}: key<N> is generation {gen} + (N ^ {p})",
              got == want, f"got {sorted(got)}, want {sorted(want)}")
        check(f"-g {gen} -u {upd}: every key has its iv",
              all(c.get(f"iv{k[3:]}") == gens[gen + (int(k[3:]) ^ p)][1]
                  for k in want), c)
    for bad in ("0", "64", "-1", "x"):
        p = subprocess.run([FLOWGEN, "-u", bad], capture_output=True, text=True)
        check(f"-u {bad} is a bad value, exit 2", p.returncode == 2 and
              "key updates" in p.stderr, p.stderr)
    p = subprocess.run([FLOWGEN, "-g", "-1"], capture_output=True, text=True)
    check("-g -1 is a bad value, exit 2", p.returncode == 2 and
          "expected a generation" in p.stderr, p.stderr)
    failed = results.count(False)
    print(f"{len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
