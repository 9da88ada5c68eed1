#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The quic-offload netlink family's uapi header, policies and op table,
# generated from Documentation/netlink/specs/quic_offload.yaml by the
# linux-source-6.12 tree's tools/net/ynl/ynl-gen-c.py (make ynl-gen).
# With --check (make check-ynl), regenerate into a scratch directory and
# fail, showing the diff, when a checked-in file drifted from the spec.
set -euo pipefail

. "$(dirname "$0")/uml-tree.sh"

SPEC=Documentation/netlink/specs/quic_offload.yaml
# mode, kind, output: what ynl-gen-c makes and where it lives
OUTPUTS=(
	"uapi header include/uapi/linux/quic_offload.h"
	"kernel header drivers/net/quic_offload/core/quic_offload_nl_gen.h"
	"kernel source drivers/net/quic_offload/core/quic_offload_nl_gen.c"
)
CHECK=0
[ "${1:-}" = --check ] && CHECK=1

python3 -c 'import yaml, jsonschema' 2>/dev/null ||
	qoe_apt_install python3-yaml python3-jsonschema
qoe_kdeps
exec 9>"$QOE_KCACHE/lock"
flock 9
qoe_ktree
exec 9>&-

# ynl-gen-c finds the schema next to the spec's directory and names the
# spec relative to the tree holding MAINTAINERS: give it a small tree
# with the 6.12 schemas and our spec, as the kernel would have it.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/tree/$(dirname "$SPEC")" "$work/out"
touch "$work/tree/MAINTAINERS"
cp "$QOE_TOP/$SPEC" "$work/tree/$SPEC"
ln -s "$QOE_KSRC"/Documentation/netlink/*.yaml "$work/tree/Documentation/netlink/"

drift=0
for o in "${OUTPUTS[@]}"; do
	read -r mode kind out <<<"$o"
	gen=$work/out/$(basename "$out")
	(cd "$work/out" && python3 "$QOE_KSRC/tools/net/ynl/ynl-gen-c.py" \
		--mode "$mode" "--$kind" --spec "$work/tree/$SPEC" -o "$gen") ||
		qoe_die "ynl-gen-c failed on $SPEC ($mode $kind)"
	if [ "$CHECK" = 1 ]; then
		if ! diff -u "$QOE_TOP/$out" "$gen"; then
			echo "check-ynl: $out differs from what $SPEC generates (make ynl-gen)"
			drift=1
		fi
	elif ! cmp -s "$gen" "$QOE_TOP/$out"; then
		cp "$gen" "$QOE_TOP/$out"
		echo "GEN $out"
	fi
done
if [ "$CHECK" = 1 ]; then
	[ "$drift" = 0 ] || exit 1
	echo "check-ynl: ${#OUTPUTS[@]} generated files match $SPEC"
fi
