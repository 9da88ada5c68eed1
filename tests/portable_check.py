#!/usr/bin/env python3
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
"""What ships must run on any x86-64: no AVX or AVX-512 instruction in it.

Usage: portable_check.py FILE...  (objects, archives, shared objects,
executables).  objdump disassembles each; any instruction that names a
%ymm, %zmm or AVX-512 mask register, or is VEX/EVEX-only, fails the check
with the file, the function and the instruction.  ipsec-mb and OpenSSL
choose their instructions at run time and are not part of what we build.

The one exception is ours to keep honest: a function named *_avx2 or
*_avx512 (firmware-if/csum_user.c) is only reached through a pointer set
after CPUID said the CPU has it, so it may use what its name says and
nothing wider.
"""
import re
import subprocess
import sys

WIDE = re.compile(r'%[yz]mm\d+|%k[0-7]\b|\{%k[0-7]\}|\bv[a-z0-9]+\s+.*%xmm')
# what a CPUID-dispatched function may use: AVX2 has no zmm or mask register
DISPATCHED = {
    'avx2': re.compile(r'%zmm\d+|%k[0-7]\b|\{%k[0-7]\}'),
    'avx512': None,
}
SUFFIX = re.compile(r'_(avx2|avx512)(?:\.[a-z]+\.\d+)*$')


def too_wide(func, insn):
    m = SUFFIX.search(func)
    if not m:
        return WIDE.search(insn)
    beyond = DISPATCHED[m.group(1)]
    return beyond is not None and beyond.search(insn)


def check(path):
    out = subprocess.run(['objdump', '-d', '--no-show-raw-insn', path],
                         capture_output=True, text=True, check=True).stdout
    func, bad = '?', []
    for line in out.splitlines():
        m = re.match(r'^[0-9a-f]+ <(.+)>:$', line)
        if m:
            func = m.group(1)
            continue
        if '\t' in line and too_wide(func, line.split('\t', 1)[1]):
            bad.append(f'{func}: {line.split(chr(9), 1)[1].strip()}')
    return bad


def main(paths):
    failed = 0
    for p in paths:
        bad = check(p)
        if bad:
            failed += 1
            print(f'FAIL {p}: {len(bad)} instructions beyond baseline x86-64, '
                  f'e.g. {bad[0]}')
        else:
            print(f'ok {p}: baseline x86-64 only')
    print(f'{len(paths) - failed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
