#!/usr/bin/env python3
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
"""The demo's live step: a real QUIC download crossing dpdk-testpmd
through two net_qoe ports (tests/dpdk/qoe_dpdk_test.py's LiveTestpmd
fixture), with offloadctl reading the running testpmd during and after.

  demo_live.py <build dir>
"""
import json
import os
import subprocess
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(TOP, "tests", "dpdk"))
sys.path.insert(0, os.path.join(TOP, "tests", "lib"))
from ksft import KsftFailEx, run_deferred, wait_until  # noqa: E402
from qoe_dpdk import Env  # noqa: E402
from qoe_dpdk_test import LiveTestpmd  # noqa: E402


def main():
    build = os.path.abspath(sys.argv[1])
    ctl = os.path.join(build, "offloadctl")

    def show(prefix, args, when, skip_zero=False):
        print(f"\n  $ offloadctl --dpdk {prefix} {' '.join(args)}{when}")
        out = subprocess.run([ctl, "--dpdk", prefix] + args, capture_output=True,
                             text=True)
        for line in (out.stdout + out.stderr).splitlines():
            if not (skip_zero and line.rstrip().endswith(" 0")):
                print("  " + line)

    def moving(prefix):
        out = subprocess.run([ctl, "--dpdk", prefix, "-j", "show-flows"],
                             capture_output=True, text=True).stdout
        return out and sum(f["packets"] for f in json.loads(out)) > 1000

    def during(prefix):
        # once the request is out and the download under way
        wait_until(lambda: moving(prefix), "the transfer under way", 30)
        show(prefix, ["show-flows"], "        # during the transfer")

    def after(prefix):
        show(prefix, ["show-flows"], "        # after it")
        show(prefix, ["show-stats", "dev", "2"], "", skip_zero=True)

    env = Env(os.path.join(build, "dpdk"))
    try:
        x2, x3 = LiveTestpmd(env).run(during, after)
    except KsftFailEx as e:
        sys.exit(f"demo_live: {e}")
    finally:
        run_deferred()
        env.cleanup()
    print("\n  30000000 bytes arrived identical; net_qoe ports 2/3 decrypted "
          f"{x2['rx_quic_decrypted_packets']}/{x3['rx_quic_decrypted_packets']}\n"
          f"  and re-encrypted {x2['tx_quic_encrypted_packets']}/"
          f"{x3['tx_quic_encrypted_packets']} 1-RTT packets, across the key updates")

if __name__ == "__main__":
    main()
