# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Helpers shared by scripts/kunit.sh, scripts/uml-*.sh and mk/kernel.mk:
# a cached, patched linux-source-6.12 tree that builds the project's
# drivers/net/quic_offload in place, through a link.  Source it; it defines functions and
# QOE_* variables only.
#
# Cache: $QOE_KCACHE (default /var/cache/qoe, else ~/.cache/qoe), keyed on
# the linux-source package version, so a new Debian kernel gets a new tree.
# Nothing in it is required: a fresh machine rebuilds it.

QOE_TOP=${QOE_TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
QOE_KTARBALL=${QOE_KTARBALL:-/usr/src/linux-source-6.12.tar.xz}
QOE_KPKG=${QOE_KPKG:-linux-source-6.12}
if [ -z "${QOE_KCACHE:-}" ]; then
	if mkdir -p /var/cache/qoe 2>/dev/null && [ -w /var/cache/qoe ]; then
		QOE_KCACHE=/var/cache/qoe
	else
		QOE_KCACHE=${XDG_CACHE_HOME:-$HOME/.cache}/qoe
	fi
fi
mkdir -p "$QOE_KCACHE"

qoe_log() { echo "[qoe-kernel] $*" >&2; }

# Lines of a kernel log that fail a debug run: sanitizer, lockdep, RCU,
# object debugging and refcount reports, panics.  Not ours, so not these:
# kunit's arch_uml.config turns on PCI over virtio without a device ID,
# and UML warns about that once at boot; UML's vhost-user transport
# complains when a device process dies under it (the surprise removal
# test kills one on purpose).
QOE_KREPORTS='BUG: KASAN|UBSAN:|WARNING:|BUG:|possible circular locking|possible recursive locking|inconsistent lock state|suspicious RCU usage|sleeping function called from invalid context|ODEBUG:|refcount_t:|ref_tracker:|list_add corruption|list_del corruption|Kernel panic'
qoe_kreports() {
	grep -Eh "$QOE_KREPORTS" "$@" 2>/dev/null |
		grep -Ev 'arch/um/drivers/virt-pci\.c|virtio_uml' || true
}
qoe_die() { echo "[qoe-kernel] error: $*" >&2; exit 1; }

# Kill qoe-firmware PID (tests of surprise removal, or an exit trap): a
# killed firmware cannot remove its EAL runtime directory itself.
qoe_fw_kill() {
	kill -KILL "$1" 2>/dev/null
	rm -rf "/var/run/dpdk/qoe-fw-$1"
}

# Install Debian packages $@ (as root), or say which to install.
qoe_apt_install() {
	[ $# -eq 0 ] && return 0
	if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
		qoe_die "missing $*: run apt-get install -y $*"
	fi
	qoe_log "installing $*"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >&2 ||
		qoe_die "apt-get install $* failed"
}

# Install what building a UML kernel needs, when it is missing.
qoe_kdeps() {
	local need=()

	[ -f "$QOE_KTARBALL" ] || need+=("$QOE_KPKG")
	command -v bc >/dev/null || need+=(bc)
	command -v flex >/dev/null || need+=(flex)
	command -v bison >/dev/null || need+=(bison)
	command -v python3 >/dev/null || need+=(python3)
	[ -f /usr/include/libelf.h ] || need+=(libelf-dev)
	qoe_apt_install "${need[@]}"
}

qoe_kversion() {
	local v

	v=$(dpkg-query -W -f='${Version}' "$QOE_KPKG" 2>/dev/null) ||
		v=$(stat -c '%s-%Y' "$QOE_KTARBALL")
	echo "${v//[^A-Za-z0-9.+-]/_}"
}

# Set QOE_KSRC / QOE_KBUILD and make sure the tree is extracted and patched.
qoe_ktree() {
	local v tmp

	v=$(qoe_kversion)
	QOE_KSRC=$QOE_KCACHE/src-$v
	# shellcheck disable=SC2034  # used by the scripts that source this
	QOE_KBUILD=$QOE_KCACHE/build-$v
	mkdir -p "$QOE_KCACHE"
	if [ ! -f "$QOE_KSRC/.qoe-extracted" ]; then
		qoe_log "extracting $QOE_KTARBALL to $QOE_KSRC"
		rm -rf "$QOE_KSRC" "$QOE_KCACHE/tmp-extract"
		tmp=$QOE_KCACHE/tmp-extract
		mkdir -p "$tmp"
		tar -C "$tmp" -xJf "$QOE_KTARBALL"
		mv "$tmp"/linux-source-* "$QOE_KSRC"
		rmdir "$tmp"
		touch "$QOE_KSRC/.qoe-extracted"
	fi
	qoe_kpatch
	qoe_khook
	qoe_kquic
}

# Apply kernel-patches/*.patch; when they change, revert the old set first.
qoe_kpatch() {
	local applied=$QOE_KSRC/.qoe-patches p

	mkdir -p "$applied"
	if diff -rq "$applied" "$QOE_TOP/kernel-patches" \
		-x '*.rst' -x '*.md' -x lxin-quic >/dev/null 2>&1; then
		return 0
	fi
	for p in $(printf '%s\n' "$applied"/*.patch | sort -r); do
		[ -f "$p" ] || continue
		qoe_log "reverting $(basename "$p")"
		patch -d "$QOE_KSRC" -p1 -R -s <"$p" || qoe_die "cannot revert $p"
		rm -f "$p"
	done
	for p in "$QOE_TOP"/kernel-patches/*.patch; do
		[ -f "$p" ] || continue
		qoe_log "applying $(basename "$p")"
		patch -d "$QOE_KSRC" -p1 -N -s <"$p" ||
			qoe_die "kernel-patches/$(basename "$p") does not apply"
		cp "$p" "$applied/"
	done
}

# Let drivers/net see drivers/net/quic_offload, and give the tree the hook
# API where an upstream stack (net/quic) would include it from.
qoe_khook() {
	qoe_sync_file "$QOE_TOP/include/net/quic_offload.h" \
		"$QOE_KSRC/include/net/quic_offload.h"
	qoe_sync_file "$QOE_TOP/include/uapi/linux/quic_offload.h" \
		"$QOE_KSRC/include/uapi/linux/quic_offload.h"
	grep -q quic_offload "$QOE_KSRC/drivers/net/Kconfig" ||
		printf '\nsource "drivers/net/quic_offload/Kconfig"\n' \
			>>"$QOE_KSRC/drivers/net/Kconfig"
	grep -q quic_offload "$QOE_KSRC/drivers/net/Makefile" ||
		printf '\nobj-y += quic_offload/\n' \
			>>"$QOE_KSRC/drivers/net/Makefile"
	qoe_klink
}

# lxin/quic (quic.ko) is test input, like a package: extracted into the
# cache, patched with kernel-patches/lxin-quic/ and overlaid on the tree,
# never copied into this repository.  Source: QUIC_SRC=<checkout of
# lxin/quic>, else the pinned snapshot beside the project (shared/lxin-quic/,
# or QOE_QUIC_TARBALL).
QOE_QUIC_TARBALL=${QOE_QUIC_TARBALL:-$(ls "$QOE_TOP"/../shared/lxin-quic/lxin-quic-*.tar.gz 2>/dev/null | sort | tail -1)}
QOE_HAVE_QUIC=0

# Print the lxin/quic source in use; return 1 when there is none.
qoe_quic_origin() {
	if [ -n "${QUIC_SRC:-}" ]; then
		[ -d "$QUIC_SRC/modules/net/quic" ] ||
			qoe_die "QUIC_SRC=$QUIC_SRC is not a checkout of lxin/quic"
		(cd "$QUIC_SRC" && pwd)
	elif [ -n "$QOE_QUIC_TARBALL" ] && [ -f "$QOE_QUIC_TARBALL" ]; then
		echo "$QOE_QUIC_TARBALL"
	else
		return 1
	fi
}

# Set QOE_QUIC_DIR to a patched copy of lxin/quic in the cache, keyed on the
# source and the patch series; return 1 when there is no source.
qoe_quic_tree() {
	local origin key dir p

	origin=$(qoe_quic_origin) || return 1
	if [ -d "$origin" ]; then
		key=$(cd "$origin" && find modules libquic tests configure.ac \
			Makefile.am -type f \( -name '*.[ch]' -o -name 'Kconfig' \
			-o -name 'Makefile*' -o -name '*.ac' -o -name '*.sh' \) \
			2>/dev/null | LC_ALL=C sort | xargs cat | sha256sum)
	else
		key=$(sha256sum <"$origin")
	fi
	key=$( (echo "$key"; cat "$QOE_TOP"/kernel-patches/lxin-quic/*.patch \
		2>/dev/null) | sha256sum | cut -c1-16)
	dir=$QOE_KCACHE/lxin-quic-$key
	if [ ! -f "$dir/.qoe-ready" ]; then
		qoe_log "lxin/quic from $origin, patched with kernel-patches/lxin-quic/"
		rm -rf "$QOE_KCACHE"/lxin-quic-*
		mkdir -p "$dir"
		if [ -d "$origin" ]; then
			tar -C "$origin" --exclude=.git -cf - . | tar -C "$dir" -xf -
		else
			tar -C "$dir" --strip-components=1 -xzf "$origin"
		fi
		for p in "$QOE_TOP"/kernel-patches/lxin-quic/*.patch; do
			[ -f "$p" ] || continue
			patch -d "$dir" -p1 -N -s <"$p" ||
				qoe_die "kernel-patches/lxin-quic/$(basename "$p") does not apply to $origin"
		done
		touch "$dir/.qoe-ready"
	fi
	QOE_QUIC_DIR=$dir
}

# Overlay the patched quic.ko sources on the tree (net/quic, as lxin's
# README does for an in-tree build); sets QOE_HAVE_QUIC.
qoe_kquic() {
	local f

	qoe_quic_tree || return 0
	for f in "$QOE_QUIC_DIR"/modules/net/quic/*; do
		[ -f "$f" ] && qoe_sync_file "$f" "$QOE_KSRC/net/quic/$(basename "$f")"
	done
	qoe_sync_file "$QOE_QUIC_DIR/modules/include/linux/quic.h" \
		"$QOE_KSRC/include/linux/quic.h"
	qoe_sync_file "$QOE_QUIC_DIR/modules/include/uapi/linux/quic.h" \
		"$QOE_KSRC/include/uapi/linux/quic.h"
	grep -q 'net/quic/Kconfig' "$QOE_KSRC/net/Kconfig" ||
		sed -i 's@^source "net/sctp/Kconfig"@&\nsource "net/quic/Kconfig"@' \
			"$QOE_KSRC/net/Kconfig"
	grep -q 'CONFIG_IP_QUIC' "$QOE_KSRC/net/Makefile" ||
		sed -i 's@^obj-$(CONFIG_IP_SCTP).*@&\nobj-$(CONFIG_IP_QUIC)\t\t+= quic/@' \
			"$QOE_KSRC/net/Makefile"
	grep -q 'net/quic/Kconfig' "$QOE_KSRC/net/Kconfig" &&
		grep -q 'CONFIG_IP_QUIC' "$QOE_KSRC/net/Makefile" ||
		qoe_die "could not hook net/quic into net/Kconfig and net/Makefile"
	QOE_HAVE_QUIC=1
}

# Copy $1 to $2 only when the content differs, so make rebuilds only what
# changed.
qoe_sync_file() {
	cmp -s "$1" "$2" && return 0
	mkdir -p "$(dirname "$2")"
	cp "$1" "$2"
}

# The tree builds drivers/net/quic_offload in place: a link to the
# project's directory (which links firmware-if/ and tests/kunit/ in turn),
# as an in-tree driver would sit there.  Replaces an older staged copy.
qoe_klink() {
	local dst=$QOE_KSRC/drivers/net/quic_offload
	local want=$QOE_TOP/drivers/net/quic_offload

	if [ -L "$dst" ]; then
		[ "$(readlink "$dst")" = "$want" ] && return 0
		rm -f "$dst"
	elif [ -e "$dst" ]; then
		rm -rf "$dst"
	fi
	ln -s "$want" "$dst"
}

# The linux-headers-6.12 tree matching linux-source-6.12 (installed when
# missing and we are root); prints its path.
qoe_kheaders() {
	local up pkg h

	up=$(dpkg-query -W -f='${Version}' "$QOE_KPKG" 2>/dev/null | cut -d- -f1)
	h=$(ls -d /usr/src/linux-headers-"${up:-6.12}"*-amd64 2>/dev/null |
		sort -V | tail -1)
	if [ -z "$h" ]; then
		pkg=$(apt-cache search --names-only \
			"^linux-headers-${up:-6\.12}[.0-9]*\+deb[0-9]+-amd64\$" 2>/dev/null |
			cut -d' ' -f1 | sort -V | tail -1)
		[ -n "$pkg" ] || qoe_die "no linux-headers-${up:-6.12}*-amd64 package found"
		[ "$(id -u)" = 0 ] || qoe_die "run apt-get install -y $pkg"
		qoe_log "installing $pkg"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
			--no-install-recommends "$pkg" >&2 ||
			qoe_die "apt-get install $pkg failed"
		h=$(ls -d /usr/src/linux-headers-"${up:-6.12}"*-amd64 | sort -V | tail -1)
	fi
	echo "$h"
}

# make modules: quic_offload.ko and qoe.ko as external modules, built in
# place in drivers/net/quic_offload against linux-headers-6.12.
qoe_kmodules() {
	local dir=$QOE_TOP/drivers/net/quic_offload h m

	h=$(qoe_kheaders)
	qoe_log "building in $dir against $h"
	make -C "$dir" KDIR="$h" -j"${JOBS:-$(nproc)}" modules >&2 ||
		qoe_die "module build failed"
	for m in core/quic_offload qoe/qoe; do
		[ -f "$dir/$m.ko" ] || qoe_die "$m.ko was not built"
		modinfo -F vermagic "$dir/$m.ko" 2>/dev/null |
			sed "s@^@[qoe-kernel] $m.ko: @" >&2 || true
	done
}
