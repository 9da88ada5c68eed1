#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
#
# make check-dpdk-install: an application built against a net_qoe
# installed under $1 (make install-pmd PREFIX=$1/usr DPDK_PMDDIR=$1/pmds-23.0)
# with pkg-config alone:
# the installed rte_pmd_qoe.h compiles with libdpdk's flags plus ours,
# it links the PMD and nothing of the engine, and dpdk-pmdinfo.py finds
# net_qoe in the installed plugin.
set -euo pipefail

dest=${1:?usage: install_check.sh ROOT}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0
ok() { echo "ok $1"; pass=$((pass + 1)); }
bad() { echo "not ok $1: $2"; fail=$((fail + 1)); }

pc=$dest/usr/lib/pkgconfig/librte_net_qoe.pc
[ -f "$pc" ] && ok pc-installed || bad pc-installed "no $pc"
export PKG_CONFIG_PATH=$dest/usr/lib/pkgconfig
cat >"$work/app.c" <<'C'
#include <rte_eal.h>
#include <rte_pmd_qoe.h>

int main(int argc, char **argv)
{
	struct rte_pmd_qoe_caps caps;

	if (rte_eal_init(argc, argv) < 0)
		return 1;
	return rte_pmd_qoe_caps_get(0, &caps) == 0 ? 0 : 2;
}
C
if cc -Wall -Werror -o "$work/app" "$work/app.c" \
	$(pkg-config --cflags librte_net_qoe) $(pkg-config --libs librte_net_qoe) \
	2>"$work/cc.log"; then
	ok app-builds-with-pkg-config
else
	bad app-builds-with-pkg-config "$(head -5 "$work/cc.log")"
fi
if [ -x "$work/app" ]; then
	need=$(readelf -d "$work/app" | sed -n 's/.*(NEEDED).*\[\(librte_net_qoe[^]]*\)\].*/\1/p')
	[ "$need" = librte_net_qoe.so.23 ] && ok app-needs-the-pmd ||
		bad app-needs-the-pmd "NEEDED '$need'"
	# the engine is inside the PMD, not copied into the application
	n=$(nm "$work/app" | grep -c ' [Tt] qoe_engine_' || true)
	[ "$n" = 0 ] && ok app-has-no-engine-copy || bad app-has-no-engine-copy "$n engine symbols"
fi
so=$(ls "$dest"/pmds-*/librte_net_qoe.so 2>/dev/null | head -1)
if [ -n "$so" ] && dpdk-pmdinfo.py "$so" | grep -q '"net_qoe"'; then
	ok installed-plugin-has-pmdinfo
else
	bad installed-plugin-has-pmdinfo "no net_qoe in '${so:-no plugin installed}'"
fi
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
