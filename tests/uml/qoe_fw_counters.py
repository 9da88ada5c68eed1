#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""What the restarted qoe-firmware saw, from its log (scripts/uml-e2e.sh,
QOE_UML_VIRTIO=1): one attach per device, nothing malformed from the
driver, each flow's requests on its own queue pair, traffic qoe0 -> qoe1.

  qoe_fw_counters.py <firmware.log> <queue pairs per device>
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from ksft import ksft_eq, ksft_ge, ksft_run  # noqa: E402


def firmware_counters():
    with open(sys.argv[1]) as f:
        lines = f.read().splitlines()
    # the log holds every firmware run: the last one's lines
    starts = [i for i, x in enumerate(lines) if x.startswith("qoe-firmware: serving")]
    lines = lines[starts[-1]:] if starts else lines
    # the firmware's closing lines: one JSON object per device
    devs = [json.loads(x) for x in lines if x.startswith("{")]
    ksft_eq(len(devs), 2, "devices in the firmware's closing counters")
    for d in devs:
        for k in ("admin_bad", "tx_bad", "rx_bad"):
            ksft_eq(d[k], 0, f"{d['device']} {k}")
        ksft_eq(d["attaches"], 1, f"{d['device']} attaches")
        # the driver picks each flow's own queue: no request needed another
        ksft_eq(d["tx_cross_queue"], 0, f"{d['device']} tx_cross_queue")
    ksft_ge(devs[0]["tx_reqs"], 1, "qoe0 tx_reqs")
    ksft_ge(devs[1]["rx_frames"], 1, "qoe1 rx_frames")
    # each attach: the driver's queue pairs, each with an engine
    pairs = [int(x.split()[-2]) for x in lines if "driver attached" in x]
    ksft_eq(sorted(set(pairs)), [int(sys.argv[2])], "queue pairs per attach")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    ksft_run([firmware_counters], argv=sys.argv[:1])
