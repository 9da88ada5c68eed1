#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make check-style: the kernel side (drivers/net/quic_offload, tests/kunit,
# the hook API header) through the 6.12 tree's checkpatch.pl --strict.
# Any ERROR, WARNING or CHECK fails.  Generated files (ynl-gen-c output,
# Kbuild's *.mod.c) are the generator's style, not ours.
set -euo pipefail

. "$(dirname "$0")/uml-tree.sh"

qoe_kdeps
exec 9>"$QOE_KCACHE/lock"
flock 9
qoe_ktree >/dev/null
exec 9>&-

cd "$QOE_TOP"
mapfile -t files < <(git ls-files --cached --others --exclude-standard -- \
	'drivers/net/quic_offload/*.[ch]' 'tests/kunit/*.[ch]' \
	include/net/quic_offload.h | grep -v '_gen\.[ch]$' | sort)
[ ${#files[@]} -gt 0 ] || qoe_die "no kernel sources found"
bad=0
for f in "${files[@]}"; do
	out=$(perl "$QOE_KSRC/scripts/checkpatch.pl" --strict --no-tree \
		--terse --show-types -q -f "$f" 2>&1 || true)
	if grep -Eq ': (ERROR|WARNING|CHECK):' <<<"$out"; then
		grep -E ': (ERROR|WARNING|CHECK):' <<<"$out"
		bad=$((bad + 1))
	fi
done
echo "checkpatch --strict: ${#files[@]} files, $bad with findings"
echo "$((${#files[@]} - bad)) passed, $bad failed"
[ "$bad" -eq 0 ]
