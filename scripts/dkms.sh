#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make dkms: the kernel modules as a DKMS package.  Writes the source tree
# dkms add wants (build/dkms/src/qoe-<version>: dkms.conf and the files the
# modules build from, as git tracks them) and builds it with dkms, in a
# private dkms tree, against linux-headers-6.12.  Exits non-zero unless
# both modules come out.  To install on a machine running that kernel:
#	sudo dkms add build/dkms/src/qoe-<version>
#	sudo dkms install qoe/<version>
set -euo pipefail

. "$(dirname "$0")/uml-tree.sh"

if ! command -v dkms >/dev/null; then
	[ "$(id -u)" = 0 ] || qoe_die "dkms missing: run apt-get install -y dkms"
	qoe_log "installing dkms"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--no-install-recommends dkms >&2 || qoe_die "apt-get install dkms failed"
fi

ver=$(cat "$QOE_TOP/VERSION")
grep -qx "PACKAGE_VERSION=\"$ver\"" "$QOE_TOP/dkms.conf" ||
	qoe_die "dkms.conf's PACKAGE_VERSION is not VERSION's $ver"
h=$(qoe_kheaders)
kver=${h#/usr/src/linux-headers-}

out=$QOE_TOP/build/dkms
src=$out/src/qoe-$ver
rm -rf "$out"
mkdir -p "$src" "$out/tree"
# what git tracks (or would: new files count, build products do not)
(cd "$QOE_TOP" && git ls-files --cached --others --exclude-standard -z -- \
	dkms.conf VERSION drivers/net/quic_offload firmware-if include \
	tests/kunit | tar --null -T - -cf -) | tar -C "$src" -xf -

dk=(--dkmstree "$out/tree" --sourcetree "$out/src" -m qoe -v "$ver")
dkms add "${dk[@]}" >&2
dkms build "${dk[@]}" -k "$kver" --kernelsourcedir "$h" >&2 || {
	cat "$out/tree/qoe/$ver/build/make.log" >&2 2>/dev/null || true
	qoe_die "dkms build failed"
}
for m in quic_offload qoe; do
	ls "$out/tree/qoe/$ver/$kver"/*/module/$m.ko* >/dev/null 2>&1 ||
		qoe_die "dkms did not build $m.ko"
done
qoe_log "dkms built quic_offload.ko and qoe.ko $ver for $kver (source: $src)"
