#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
# Debian packages net_qoe builds and tests with; installs only what is
# missing, non-interactively.  scripts/dpdk-deps.sh [build|test]
set -euo pipefail

build=(pkgconf libdpdk-dev libipsec-mb-dev libssl-dev xz-utils)
test=("${build[@]}" dpdk dpdk-dev tshark ngtcp2-client ngtcp2-server openssl
      python3 iproute2 util-linux)
case "${1:-test}" in
build) want=("${build[@]}") ;;
test) want=("${test[@]}") ;;
*) echo "usage: $0 [build|test]" >&2; exit 2 ;;
esac

missing=()
for p in "${want[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "dpdk-deps: missing ${missing[*]}; run as root to install" >&2
	exit 1
fi
echo "dpdk-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q "${missing[@]}" </dev/null ||
	{ apt-get update -q </dev/null && apt-get install -y -q "${missing[@]}" </dev/null; }
