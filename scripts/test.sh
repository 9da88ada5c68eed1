#!/usr/bin/env bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
# Run every qoe test on this machine: installs the dependencies, then
# `make check` (engine, crypto, fuzz, DPDK, offloadctl, bench smoke, KUnit
# under UML).  Ends with one "N passed, N failed" line summing every suite.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh all
mkdir -p build
log=build/check.log
start=$(date +%s)
set +e
make -k check 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e

# Sum the suites' own closing lines ("N passed, N failed" and KUnit's).
read -r passed failed < <(awk '
	/^[0-9]+ passed, [0-9]+ failed/ { p += $1; f += $3 }
	/Testing complete\. Ran [0-9]+ tests: passed: [0-9]+/ {
		for (i = 1; i <= NF; i++) {
			if ($i == "passed:") { v = $(i + 1); gsub(/[^0-9]/, "", v); p += v }
			if ($i == "failed:") { v = $(i + 1); gsub(/[^0-9]/, "", v); f += v }
		}
	}
	END { print p + 0, f + 0 }' "$log")
echo "test.sh: make check exit $rc in $(( $(date +%s) - start )) s"
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
	failed=1	# a suite died before printing its summary
fi
echo "$passed passed, $failed failed"
[ "$rc" -eq 0 ] && [ "$failed" -eq 0 ]
