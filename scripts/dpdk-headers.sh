#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
# Debian's libdpdk-dev does not ship the driver-side headers a vdev PMD needs
# (ethdev_driver.h, ethdev_vdev.h, bus_vdev_driver.h, dev_driver.h,
# bus_driver.h).  Fetch Debian's own source package of the installed DPDK
# into a cache outside the repo, with an apt configuration of its own (the
# machine's apt sources are not touched), and extract only those headers
# into $1.  They are build inputs, never committed.  Nothing is fetched
# when $1 already holds them (make DPDK_HDR=<dir>) or when the installed
# DPDK was built with enable_driver_sdk.
set -euo pipefail

out=${1:?usage: dpdk-headers.sh <out-dir>}
cache=${QOE_DPDK_SRC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/qoe/dpdk-src}
headers="ethdev_driver.h ethdev_vdev.h bus_vdev_driver.h dev_driver.h bus_driver.h"

have_all() {
	local h
	for h in $headers; do [ -f "$out/$h" ] || return 1; done
}
have_all && exit 0
# a DPDK installed with enable_driver_sdk ships them: nothing to fetch
sdk=1
for h in $headers; do
	found=0
	for d in $(pkg-config --cflags-only-I libdpdk 2>/dev/null | sed 's/-I//g'); do
		[ -f "$d/$h" ] && found=1
	done
	[ $found = 1 ] || sdk=0
done
if [ $sdk = 1 ]; then
	echo "dpdk-headers: the installed DPDK has its driver headers (enable_driver_sdk)"
	exit 0
fi

ver=$(dpkg-query -W -f='${Version}' libdpdk-dev 2>/dev/null || true)
if [ -z "$ver" ]; then
	echo "dpdk-headers: libdpdk-dev is not installed (apt-get install libdpdk-dev)" >&2
	exit 1
fi
upver=${ver#*:}
upver=${upver%-*}

mkdir -p "$cache" "$out"
orig=$(ls "$cache"/dpdk_"$upver".orig.tar.* 2>/dev/null | head -n1 || true)
if [ -z "$orig" ]; then
	# Debian's source package, fetched with an apt configuration of our
	# own under the cache: deb-src twins of the machine's Debian entries
	# (deb822 .sources and one-line .list, so no mirror is named here),
	# our own package lists.  The machine's apt sources stay as they are.
	apt=$cache/apt
	rm -rf "$apt"
	mkdir -p "$apt/sources.list.d" "$apt/lists/partial" "$apt/cache"
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		grep -q '^Suites:.*bookworm' "$f" || continue
		# what an older version of this script added to the machine
		case $f in */qoe-deb-src.sources) continue ;; esac
		sed -e 's/^Types:.*/Types: deb-src/' "$f" >"$apt/sources.list.d/$(basename "$f")"
	done
	sed -n 's/^deb \(.* bookworm.*\)$/deb-src \1/p' /etc/apt/sources.list \
		/etc/apt/sources.list.d/*.list 2>/dev/null >"$apt/sources.list" || true
	if [ ! -s "$apt/sources.list" ] && [ -z "$(ls "$apt/sources.list.d")" ]; then
		echo "dpdk-headers: no Debian apt entries to derive deb-src from" >&2
		exit 1
	fi
	aptopt=(-o "Dir::Etc::SourceList=$apt/sources.list"
		-o "Dir::Etc::SourceParts=$apt/sources.list.d"
		-o "Dir::State::Lists=$apt/lists"
		-o "Dir::Cache=$apt/cache")
	apt-get "${aptopt[@]}" update -qq
	(cd "$cache" && apt-get "${aptopt[@]}" source -qq --download-only "dpdk=$ver")
	orig=$(ls "$cache"/dpdk_"$upver".orig.tar.* | head -n1)
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tar -C "$tmp" -xf "$orig" --wildcards \
	'*/lib/ethdev/ethdev_driver.h' '*/lib/ethdev/ethdev_vdev.h' \
	'*/drivers/bus/vdev/bus_vdev_driver.h' '*/lib/eal/include/dev_driver.h' \
	'*/lib/eal/include/bus_driver.h'
for h in $headers; do
	f=$(find "$tmp" -name "$h" | head -n1)
	[ -n "$f" ] || { echo "dpdk-headers: $h missing from $orig" >&2; exit 1; }
	cp "$f" "$out/$h"
done
echo "dpdk-headers: $headers from $(basename "$orig") -> $out"
