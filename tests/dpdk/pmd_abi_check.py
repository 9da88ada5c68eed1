#!/usr/bin/env python3
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
"""net_qoe as a DPDK driver: its shared object exports the rte_pmd_qoe_*
API and nothing else, each function under EXPERIMENTAL (dpdk-pmd/
version.map) and declared __rte_experimental in rte_pmd_qoe.h; it has
DPDK 22.11's SONAME; and dpdk-pmdinfo.py lists it with every devarg the
driver parses.

usage: pmd_abi_check.py LIBRTE_NET_QOE_SO TOPDIR
"""
import json
import re
import subprocess
import sys

so, top = sys.argv[1], sys.argv[2]
passed = failed = 0


def check(name, ok, why=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok {name}")
    else:
        failed += 1
        print(f"not ok {name}: {why}")


def run(*cmd):
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


header = open(f"{top}/dpdk-pmd/rte_pmd_qoe.h").read()
declared = set(re.findall(r"^(?:int|void) (rte_pmd_qoe_\w+)\(", header, re.M))
experimental = set(re.findall(r"^__rte_experimental\n(?:int|void) (rte_pmd_qoe_\w+)\(",
                              header, re.M))
check("api-declared", len(declared) >= 10, f"{len(declared)} functions in rte_pmd_qoe.h")
check("api-experimental", declared == experimental,
      f"not __rte_experimental: {sorted(declared - experimental)}")

exported = {}
for line in run("nm", "-D", "--defined-only", so).splitlines():
    f = line.split()
    if len(f) == 3 and f[1] != "A":
        name, _, ver = f[2].partition("@@")
        exported[name] = ver
check("exports-only-the-api", set(exported) == declared,
      f"extra {sorted(set(exported) - declared)[:8]}, missing {sorted(declared - set(exported))}")
check("exports-experimental", all(v == "EXPERIMENTAL" for v in exported.values()),
      f"versions {sorted(set(exported.values()))}")

soname = re.search(r"\(SONAME\).*\[(.*)\]", run("readelf", "-d", so))
check("soname", soname is not None and soname.group(1) == "librte_net_qoe.so.23",
      soname.group(1) if soname else "no SONAME")

info = json.loads(run("dpdk-pmdinfo.py", so))
names = [d.get("name") for d in info]
check("pmdinfo-lists-net_qoe", names == ["net_qoe"], f"dpdk-pmdinfo.py: {names}")
src = open(f"{top}/dpdk-pmd/qoe_devargs.c").read()
keys = re.findall(r'^#define ARG_\w+\s+"(\w+)"', src, re.M)
params = info[0].get("params", "") if info else ""
missing = [k for k in keys if f"{k}=" not in params]
check("pmdinfo-names-every-devarg", keys and not missing,
      f"parsed by qoe_devargs.c, not in the pmdinfo: {missing}")

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
