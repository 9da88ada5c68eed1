#!/usr/bin/env bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
# Install qoe's fixed Debian bookworm dependencies.  Idempotent and quick
# when everything is present: apt is only touched for what is missing.
#   scripts/install-deps.sh [all|engine|dpdk-build|dpdk]
set -euo pipefail

engine=(build-essential clang pkg-config libipsec-mb-dev libssl-dev)
dpdk_build=(pkgconf libdpdk-dev libipsec-mb-dev libssl-dev xz-utils)
dpdk=("${dpdk_build[@]}" dpdk dpdk-dev tshark ngtcp2-client ngtcp2-server
	openssl python3 iproute2 util-linux python3-pyelftools)
all=("${engine[@]}" "${dpdk[@]}"
	libmnl-dev libjson-c-dev groff-base
	linux-source-6.12 bc flex bison libelf-dev rsync
	gnuplot-nox ethtool libpcap-dev python3-yaml python3-jsonschema)

case "${1:-all}" in
engine) want=("${engine[@]}") ;;
dpdk-build) want=("${dpdk_build[@]}") ;;
dpdk) want=("${dpdk[@]}") ;;
all) want=("${all[@]}") ;;
*) echo "usage: $0 [all|engine|dpdk-build|dpdk]" >&2; exit 2 ;;
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
