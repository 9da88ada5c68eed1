# SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
# For bench/plot.gp: one qoe-bench CSV (comment lines and header skipped)
# as the rows gnuplot's histograms want, one configuration per row.
#   -v want=tx|rx       "label" then med min max of each variant in @vars
#   -v want=ratio       "label" TX offload/software, TX offload/raw,
#                       RX offload+gro/software
#   -v want=scale       (the -scale.csv) flows med min max
BEGIN { FS = "," }
/^#/ || $1 == "section" || $1 == "flows" { next }
want == "scale" { print $1, $4, $5, $6; next }
$1 != "tx" && $1 != "rx" { next }
{
	k = "\"" $2 "/" $3 "/" $4 / 1024 "K\""
	if (!(k in seen)) { seen[k] = 1; keys[++n] = k }
	v[k, $1, $7] = $9 " " $10 " " $11
	if ($1 == "tx" && $7 == "offload") { txsw[k] = $14; txraw[k] = $15 }
	if ($1 == "rx" && $7 == "offload+gro") rxsw[k] = $14
}
END {
	if (want == "scale")
		exit
	m = split(vars, V, " ")
	for (i = 1; i <= n; i++) {
		k = keys[i]
		if (want == "ratio") {
			print k, txsw[k], txraw[k], rxsw[k]
			continue
		}
		line = k
		for (j = 1; j <= m; j++)
			line = line " " ((k, want, V[j]) in v ? v[k, want, V[j]] : "0 0 0")
		print line
	}
}
