# SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
# Plot any qoe-bench CSV again, without running anything:
#	gnuplot -c bench/plot.gp results.csv [out.png]
# (make plot CSV=results.csv).  Reads results.csv, its results-scale.csv
# sibling and the run's "# key: value" provenance lines (the title says
# where the numbers come from); writes out.png (default: results.png).
# bench/plot_rows.awk turns the CSV's rows into the histograms' columns.

csv = ARG1
if (strlen(csv) == 0) { print "usage: gnuplot -c bench/plot.gp results.csv [out.png]"; exit status 2 }
base = csv[1:strlen(csv) - 4]
png = strlen(ARG2) ? ARG2 : base . '.png'
scale = base . '-scale.csv'
dir = system(sprintf("dirname '%s'", ARG0))
rows(want, vars, file) = sprintf("< awk -v want=%s -v vars='%s' -f '%s/plot_rows.awk' '%s'", \
	want, vars, dir, file)
prov(k) = system(sprintf("sed -n 's/^# %s: //p' '%s' | head -1", k, csv))

set terminal pngcairo size 1600,1300 font ',10' noenhanced
set output png
set multiplot layout 2,2 title sprintf("qoe-bench: offload engine vs per-packet software vs raw ipsec-mb AEAD (median of %s, bars min-max)\n%s, %s CPUs, TSC %s GHz; commit %s, %s, load %s", \
	prov('reps'), prov('cpu'), prov('cpus'), prov('tsc_ghz'), prov('commit'), prov('date'), prov('load'))
set style data histogram
set style histogram errorbars gap 1 lw 1
set style fill solid 0.8 border -1
# labels turned, right-aligned at their tick, with room below: none cut
set xtics rotate by 45 right scale 0
set bmargin 7
set grid ytics
set key top right
set ylabel 'payload Gbit/s'
set yrange [0:*]
set title 'TX (GSO super-packet -> wire packets)'
plot rows('tx', 'offload software raw-aead', csv) using 2:3:4:xtic(1) title 'offload', \
	'' using 5:6:7 title 'software', '' using 8:9:10 title 'raw AEAD bound'
set title 'RX (in place + GRO)'
plot rows('rx', 'offload+gro gro-copy offload software raw-aead', csv) using 2:3:4:xtic(1) title 'offload+gro', \
	'' using 5:6:7 title 'GRO copying', '' using 8:9:10 title 'offload (no GRO)', \
	'' using 11:12:13 title 'software', '' using 14:15:16 title 'raw AEAD bound'
set style histogram clustered gap 1
set title 'ratios; targets at aes128/1350: TX/sw 1.5, TX/raw 0.9, RX/sw 1.4'
set ylabel 'ratio'
plot rows('ratio', '', csv) using 2:xtic(1) title 'TX offload/software', \
	'' using 3 title 'TX offload/raw', '' using 4 title 'RX offload+gro/software', \
	1.5 with lines dt 2 lw 2 lc 'black' title 'TX/sw target 1.5', \
	1.4 with lines dt 4 lw 2 lc 'dark-red' title 'RX/sw target 1.4', \
	0.9 with lines dt 3 lw 2 lc 'black' title 'TX/raw target 0.9'
unset style
set style data linespoints
set xtics norotate
set bmargin
set logscale x
set xrange [0.5:4e6]
set title 'RX cost per packet vs flows (bursts of 32 random flows)'
set xlabel 'flows'
set ylabel 'ns per packet'
plot rows('scale', '', scale) using 1:2:3:4 with yerrorlines lw 2 title 'offload RX'
unset multiplot
print sprintf("plot: %s", png)
