#!/usr/bin/env bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
# Install qoe's fixed Debian bookworm dependencies.  Idempotent and quick
# when everything is present: apt is only touched for what is missing.
#   scripts/install-deps.sh [all|engine]
set -euo pipefail

engine=(build-essential clang pkg-config libipsec-mb-dev libssl-dev)
all=("${engine[@]}"
	dpdk dpdk-dev libdpdk-dev libmnl-dev libjson-c-dev
	linux-source-6.12 bc flex bison libelf-dev python3 rsync
	tshark ngtcp2-client ngtcp2-server gnuplot-nox ethtool iproute2
	libpcap-dev xz-utils groff-base openssl)

case "${1:-all}" in
engine) want=("${engine[@]}") ;;
all) want=("${all[@]}") ;;
*) echo "usage: $0 [all|engine]" >&2; exit 2 ;;
esac

missing=()
for p in "${want[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
