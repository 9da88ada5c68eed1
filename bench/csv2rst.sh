#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
# Turn qoe-bench's CSV files into the reStructuredText tables of
# Documentation/performance.rst:  csv2rst.sh results.csv results-scale.csv
set -eu

res=${1:?usage: csv2rst.sh results.csv results-scale.csv}
scale=${2:?usage: csv2rst.sh results.csv results-scale.csv}

# stdin: rows of tab-separated cells, the first row the heading
rst_table() {
	awk -F'\t' '
	{ for (i = 1; i <= NF; i++) { c[NR, i] = $i; if (length($i) > w[i]) w[i] = length($i) }
	  if (NF > nf) nf = NF }
	function rule(  i, s, t) {
		s = ""
		for (i = 1; i <= nf; i++) {
			t = sprintf("%" w[i] "s", ""); gsub(/ /, "=", t)
			s = s (i > 1 ? " " : "") t
		}
		print s
	}
	function line(r,  i, s) { s = ""; for (i = 1; i <= nf; i++) s = s (i > 1 ? " " : "") sprintf("%-" w[i] "s", c[r, i]); sub(/ +$/, "", s); print s }
	END { rule(); line(1); rule(); for (r = 2; r <= NR; r++) line(r); rule() }'
}

# where the numbers come from, then the data rows alone
prov() { sed -n "s/^# $1: //p" "$res" | head -1; }
echo "Run: $(prov cpu) ($(prov cpus) CPUs; $(prov flags)), commit $(prov commit),"
echo "$(prov date), load $(prov load), median of $(prov reps)."
echo
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
grep -v '^#' "$res" >"$tmp/res.csv"
grep -v '^#' "$scale" >"$tmp/scale.csv"
res=$tmp/res.csv scale=$tmp/scale.csv

if grep -q '^host-cost,' "$res"; then
	echo "Host cost of TX offload (AES-128-GCM, 1350 B), TSC cycles per payload byte:"
	echo
	awk -F, 'BEGIN { OFS = "\t"; print "request", "host cyc/B", "device cyc/B", "Gbit/s", "host saves" }
	$1 == "host-cost" { k = $4 >= 65536 ? $4 / 1024 "K" : "1 packet"
		if (!(k in seen)) { seen[k] = 1; order[++n] = k }
		if ($7 == "host") { h[k] = sprintf("%.4f", $13); x[k] = sprintf("%.0fx", $14); g[k] = sprintf("%.2f", $9) }
		else d[k] = sprintf("%.4f", $13) }
	END { for (i = 1; i <= n; i++) { k = order[i]; print k, h[k], d[k], g[k], x[k] } }' "$res" | rst_table
	echo
fi

echo "TX, payload Gbit/s (median of the repetitions):"
echo
awk -F, 'BEGIN { OFS = "\t"; print "cipher", "wire", "gso", "offload", "software", "raw-aead", "raw+csum", "off/sw", "off/raw", "csum/raw" }
NR > 1 && $1 == "tx" {
	k = $2 OFS $3 OFS $4 / 1024 "K"
	if (!(k in seen)) { seen[k] = 1; keys[++n] = k }
	g[k, $7] = sprintf("%.2f", $9)
	if ($7 == "offload") { s[k] = sprintf("%.2f", $14); r[k] = sprintf("%.2f", $15) }
	if ($7 == "raw+csum") c[k] = sprintf("%.2f", $15)
}
END { for (i = 1; i <= n; i++) { k = keys[i]
	print k, g[k, "offload"], g[k, "software"], g[k, "raw-aead"], g[k, "raw+csum"], s[k], r[k], c[k] } }' "$res" | rst_table

echo
echo "RX, payload Gbit/s (median of the repetitions):"
echo
awk -F, 'BEGIN { OFS = "\t"; print "cipher", "wire", "gso", "offload+gro", "gro-copy", "offload", "software", "raw-aead", "raw+csum", "gro/sw", "gro/raw", "csum/raw" }
NR > 1 && $1 == "rx" {
	k = $2 OFS $3 OFS $4 / 1024 "K"
	if (!(k in seen)) { seen[k] = 1; keys[++n] = k }
	g[k, $7] = sprintf("%.2f", $9)
	if ($7 == "offload+gro") { s[k] = sprintf("%.2f", $14); r[k] = sprintf("%.2f", $15) }
	if ($7 == "raw+csum") c[k] = sprintf("%.2f", $15)
}
END { for (i = 1; i <= n; i++) { k = keys[i]
	print k, g[k, "offload+gro"], g[k, "gro-copy"], g[k, "offload"], g[k, "software"], g[k, "raw-aead"], g[k, "raw+csum"], s[k], r[k], c[k] } }' "$res" | rst_table

echo
echo "RX cost against the number of flows (AES-128-GCM, 48-byte payload):"
echo
awk -F, 'BEGIN { OFS = "\t"; print "flows", "ns/packet", "min-max", "vs 1 flow", "B/flow", "of it tables" }
NR > 1 { print $1, sprintf("%.1f", $4), sprintf("%.1f-%.1f", $5, $6), sprintf("%.2f", $8), $9, $10 }' "$scale" | rst_table

if grep -q '^tx-cores,' "$res"; then
	echo
	echo "TX offload on several cores, one engine per core:"
	echo
	awk -F, 'BEGIN { OFS = "\t"; print "cores", "config", "Gbit/s", "min-max", "vs 1 core" }
	$1 == "tx-cores" { c = $7; sub(/^offload-/, "", c); sub(/core$/, "", c)
		print c, $2 " " $3 " B " $4 / 1024 "K", sprintf("%.2f", $9),
		      sprintf("%.2f-%.2f", $10, $11), sprintf("%.2f", $14) }' "$res" | rst_table
fi
