#!/usr/bin/env python3
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
"""Every `make TARGET` the README names is in `make help`, and exists.

Usage: help_check.py [README.md].  Prints one line per target and ends with
"N passed, N failed"; exits 1 when one failed.
"""
import re
import subprocess
import sys

readme = open(sys.argv[1] if len(sys.argv) > 1 else "README.md").read()
helptext = subprocess.run(["make", "--no-print-directory", "help"],
                          capture_output=True, text=True, check=True).stdout
targets = sorted(set(re.findall(r"`make ([a-z][a-z0-9-]*)", readme)))
results = []
for t in targets:
    listed = re.search(r"(^|[\s,])" + re.escape(t) + r"\b", helptext, re.M)
    # -q: is it up to date; exit 2 only when make has no rule for it
    known = subprocess.run(["make", "-q", t], capture_output=True,
                           text=True).stderr
    ok = bool(listed) and "No rule to make target" not in known
    results.append(ok)
    print(("ok" if ok else "not ok") + f" {len(results)} - make {t}"
          + ("" if ok else ": " + ("not in make help" if not listed
                                   else "no such target")))
failed = results.count(False)
print(f"{len(results) - failed} passed, {failed} failed")
sys.exit(1 if failed or not results else 0)
