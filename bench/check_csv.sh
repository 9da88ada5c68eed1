#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
# Check qoe-bench's CSV output is well formed: the exact headers, a row for
# each of the three TX and three RX variants, the same column count on
# every row, positive rates, min <= median <= max, and scale rows with a
# positive cost and memory per flow.
set -u

res=${1:?usage: check_csv.sh results.csv results-scale.csv}
scale=${2:?usage: check_csv.sh results.csv results-scale.csv}
fail=0
bad() { echo "check_csv: $*" >&2; fail=1; }

[ -s "$res" ] || { echo "check_csv: $res missing or empty" >&2; exit 1; }
[ -s "$scale" ] || { echo "check_csv: $scale missing or empty" >&2; exit 1; }

# each file opens with where its numbers come from (bench/provenance.c)
for f in "$res" "$scale"; do
	for k in cpu flags cpus tsc_ghz commit date load reps; do
		grep -Eq "^# $k: .+" "$f" || bad "$f: no '# $k:' provenance line"
	done
	grep -q '^# commit: unknown$' "$f" && [ -d .git ] && bad "$f: commit unknown in a git checkout"
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
grep -v '^#' "$res" >"$tmp/res.csv"
grep -v '^#' "$scale" >"$tmp/scale.csv"
name_res=$res name_scale=$scale
res=$tmp/res.csv scale=$tmp/scale.csv

want='section,cipher,wire,gso_bytes,seg_size,segs,variant,reps,gbps_med,gbps_min,gbps_max,mpps_med,cyc_per_byte,vs_software,vs_raw'
[ "$(head -n1 "$res")" = "$want" ] || bad "$name_res: unexpected header"
out=$(awk -F, 'NR > 1 {
	if (NF != 15) { printf "line %d: %d fields\n", NR, NF; next }
	if ($1 != "tx" && $1 != "rx" && $1 != "tx-cores" && $1 != "host-cost") printf "line %d: section %s\n", NR, $1
	for (i = 3; i <= 13; i++) if (i != 7)
		if ($i !~ /^[0-9]+(\.[0-9]+)?$/) printf "line %d: field %d not a number: %s\n", NR, i, $i
	if ($9 <= 0 || $12 <= 0) printf "line %d: zero rate\n", NR
	if ($10 > $9 || $9 > $11) printf "line %d: not min <= median <= max\n", NR
	seen[$1 "/" $7]++
} END {
	split("tx/offload tx/software tx/raw-aead tx/raw+csum rx/offload+gro rx/gro-copy rx/offload rx/software rx/raw-aead rx/raw+csum", need, " ")
	for (k in need) if (!seen[need[k]]) printf "no %s row\n", need[k]
}' "$res")
[ -z "$out" ] || bad "$name_res: $out"

want='flows,payload_bytes,reps,ns_per_pkt_med,ns_per_pkt_min,ns_per_pkt_max,cyc_per_pkt,vs_1flow,bytes_per_flow,table_bytes_per_flow'
[ "$(head -n1 "$scale")" = "$want" ] || bad "$name_scale: unexpected header"
out=$(awk -F, 'NR > 1 {
	if (NF != 10) { printf "line %d: %d fields\n", NR, NF; next }
	for (i = 1; i <= 9; i++)
		if ($i !~ /^[0-9]+(\.[0-9]+)?$/) printf "line %d: field %d not a number: %s\n", NR, i, $i
	if ($4 <= 0 || $9 <= 0) printf "line %d: zero cost or memory\n", NR
	if ($10 !~ /^[0-9]+$/ || $10 > $9) printf "line %d: tables %s > all %s\n", NR, $10, $9
	if ($5 > $4 || $4 > $6) printf "line %d: not min <= median <= max\n", NR
	rows++
} END { if (rows < 2) printf "%d scale rows, want >= 2\n", rows }' "$scale")
[ -z "$out" ] || bad "$name_scale: $out"

[ $fail = 0 ] && echo "check_csv: $name_res and $name_scale well formed"
exit $fail
