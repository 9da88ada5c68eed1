#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""cpu_of.py FILE CMD...: run CMD; write "user_s sys_s wall_s" of it (and
of the children it waited for) to FILE; exit with its exit code."""
import os
import subprocess
import sys
import time

t0 = time.monotonic()
p = subprocess.Popen(sys.argv[2:])
_, status, ru = os.wait4(p.pid, 0)
wall = time.monotonic() - t0
with open(sys.argv[1], "w") as f:
    f.write(f"{ru.ru_utime:.6f} {ru.ru_stime:.6f} {wall:.6f}\n")
sys.exit(os.waitstatus_to_exitcode(status))
