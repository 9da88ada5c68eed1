#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
# Debian's libdpdk-dev does not ship the driver-side headers a vdev PMD needs
# (ethdev_driver.h, ethdev_vdev.h, bus_vdev_driver.h, dev_driver.h,
# bus_driver.h).  Fetch Debian's own source package of the installed DPDK
# into a cache outside the repo and extract only those headers into $1.
# They are build inputs, never committed.
set -euo pipefail

out=${1:?usage: dpdk-headers.sh <out-dir>}
cache=${QOE_DPDK_SRC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/qoe/dpdk-src}
headers="ethdev_driver.h ethdev_vdev.h bus_vdev_driver.h dev_driver.h bus_driver.h"

have_all() {
	local h
	for h in $headers; do [ -f "$out/$h" ] || return 1; done
}
have_all && exit 0

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
	src=/etc/apt/sources.list.d/qoe-deb-src.sources
	if [ ! -f "$src" ]; then
		if [ "$(id -u)" != 0 ]; then
			echo "dpdk-headers: need root to add $src (deb-src for bookworm)" >&2
			exit 1
		fi
		# deb-src twins of the machine's own Debian entries (deb822
		# .sources and one-line .list), so no mirror is named here
		{
			for f in /etc/apt/sources.list.d/*.sources; do
				[ -f "$f" ] || continue
				grep -q '^Suites:.*bookworm' "$f" || continue
				sed -e 's/^Types:.*/Types: deb-src/' "$f"
				echo
			done
		} >"$src.tmp"
		sed -n 's/^deb \(.* bookworm.*\)$/deb-src \1/p' /etc/apt/sources.list \
			/etc/apt/sources.list.d/*.list 2>/dev/null >"$src.list.tmp" || true
		if [ -s "$src.tmp" ]; then
			mv "$src.tmp" "$src"
		else
			rm -f "$src.tmp"
		fi
		if [ -s "$src.list.tmp" ]; then
			mv "$src.list.tmp" "${src%.sources}.list"
		else
			rm -f "$src.list.tmp"
		fi
		[ -f "$src" ] || [ -f "${src%.sources}.list" ] || {
			echo "dpdk-headers: no Debian apt entries to derive deb-src from" >&2
			exit 1
		}
		apt-get update -qq
	fi
	if ! (cd "$cache" && apt-get source -qq --download-only "dpdk=$ver"); then
		apt-get update -qq
		(cd "$cache" && apt-get source -qq --download-only "dpdk=$ver")
	fi
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
