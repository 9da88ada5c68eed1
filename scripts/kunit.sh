#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make kunit: build a UML kernel from Debian's linux-source-6.12 with the
# project overlaid (scripts/uml-tree.sh) and run the qoe KUnit suites.
# Exits non-zero unless every suite ran and passed.
#
# Environment: QOE_KCACHE (tree + build cache), JOBS (default: nproc),
# QOE_KUNIT_FILTER (kunit.py filter glob, default: all built suites),
# QOE_KUNIT_DEBUG=1 (make check-kunit-debug: the same suites on a kernel
# with KASAN, UBSAN, lockdep and friends, in its own build directory; any
# report fails the run, as WireGuard's debug.config runs do).
set -euo pipefail

. "$(dirname "$0")/uml-tree.sh"

JOBS=${JOBS:-$(nproc)}
LOG=$QOE_TOP/build/kunit.log
DEBUG=${QOE_KUNIT_DEBUG:-0}
[ "$DEBUG" = 1 ] && LOG=$QOE_TOP/build/kunit-debug.log

qoe_kdeps
exec 9>"$QOE_KCACHE/lock"
flock 9
qoe_ktree
qoe_stage "$QOE_KSRC/drivers/net/quic_offload"
# every suite tests/kunit/ defines must show up, or the overlay went wrong
mapfile -t REQUIRED < <(sed -n 's/^[[:space:]]*\.name = "\([a-z0-9_]*\)",$/\1/p' \
	"$QOE_TOP"/tests/kunit/*.c)
[ ${#REQUIRED[@]} -gt 0 ] || qoe_die "no KUnit suite found in tests/kunit"

KCFG=$QOE_KCACHE/qoe.kunitconfig
if [ "$DEBUG" = 1 ]; then
	KCFG=$QOE_KCACHE/qoe-debug.kunitconfig
	QOE_KBUILD=$QOE_KBUILD-debug
fi
cat >"$KCFG" <<'CFG'
CONFIG_KUNIT=y
CONFIG_NET=y
CONFIG_INET=y
CONFIG_IPV6=y
CONFIG_NETDEVICES=y
CONFIG_ETHTOOL_NETLINK=y
CONFIG_CRYPTO=y
CONFIG_CRYPTO_AES=y
CONFIG_CRYPTO_GCM=y
CONFIG_CRYPTO_ECB=y
CONFIG_CRYPTO_CHACHA20=y
CONFIG_CRYPTO_CHACHA20POLY1305=y
CONFIG_QUIC_OFFLOAD=y
CONFIG_QOE=y
CONFIG_QOE_KUNIT_TEST=y
# for scripts/uml-e2e.sh: boot on the host's filesystem, run its tools
CONFIG_HOSTFS=y
CONFIG_BINFMT_ELF=y
CONFIG_BINFMT_SCRIPT=y
CONFIG_UNIX=y
CONFIG_PROC_FS=y
CONFIG_SYSFS=y
CONFIG_TMPFS=y
CONFIG_STDERR_CONSOLE=y
CONFIG_NULL_CHAN=y
CONFIG_MAGIC_SYSRQ=y
CONFIG_DEBUG_FS=y
CFG
if [ "$QOE_HAVE_QUIC" = 1 ]; then
	# lxin/quic built in and offloading to qoe (scripts/uml-quic.sh); its
	# Kconfig selects neither hash its key schedule needs.  clsact, tc
	# filters and tcx BPF (BPF_SYSCALL) sit between it and the device in
	# tests/quic/uml-scenarios.sh.
	cat >>"$KCFG" <<'CFG'
CONFIG_IP_QUIC=y
CONFIG_CRYPTO_SHA256=y
CONFIG_CRYPTO_SHA512=y
CONFIG_NAMESPACES=y
CONFIG_NET_NS=y
CONFIG_PACKET=y
CONFIG_NET_SCHED=y
CONFIG_NET_SCH_INGRESS=y
CONFIG_NET_CLS_ACT=y
CONFIG_NET_CLS_MATCHALL=y
CONFIG_NET_ACT_GACT=y
CONFIG_BPF_SYSCALL=y
CFG
	grep -q '^config IP_QUIC_OFFLOAD' "$QOE_KSRC/net/quic/Kconfig" &&
		echo CONFIG_IP_QUIC_OFFLOAD=y >>"$KCFG"
else
	qoe_log "no lxin/quic source: building without quic.ko (make check-quic will say so)"
fi

if [ "$DEBUG" = 1 ]; then
	# UML has no KFENCE (no HAVE_ARCH_KFENCE); the rest of WireGuard's
	# debug.config that UML can run.  Not SLUB_DEBUG_ON: with KASAN on
	# UML it reports its own early slab setup.
	cat >>"$KCFG" <<'CFG'
CONFIG_DEBUG_KERNEL=y
CONFIG_KASAN=y
CONFIG_KASAN_GENERIC=y
CONFIG_UBSAN=y
CONFIG_UBSAN_BOUNDS=y
CONFIG_UBSAN_SHIFT=y
# UML lacks HAVE_EFFICIENT_UNALIGNED_ACCESS, so this would default on and
# flag the core's own net_device allocation (NETDEV_ALIGN 32 < 64)
# CONFIG_UBSAN_ALIGNMENT is not set
CONFIG_PROVE_LOCKING=y
CONFIG_PROVE_RCU=y
CONFIG_DEBUG_ATOMIC_SLEEP=y
CONFIG_DEBUG_SPINLOCK=y
CONFIG_DEBUG_MUTEXES=y
CONFIG_DEBUG_LIST=y
CONFIG_DEBUG_SG=y
CONFIG_DEBUG_NOTIFIERS=y
CONFIG_DEBUG_OBJECTS=y
CONFIG_DEBUG_OBJECTS_WORK=y
CONFIG_DEBUG_OBJECTS_TIMERS=y
CONFIG_DEBUG_OBJECTS_RCU_HEAD=y
CONFIG_SLUB_DEBUG=y
CONFIG_NET_DEV_REFCNT_TRACKER=y
CONFIG_NET_NS_REFCNT_TRACKER=y
CONFIG_REF_TRACKER=y
CFG
fi

mkdir -p "$(dirname "$LOG")"
start=$(date +%s)
set +e
(cd "$QOE_KSRC" && python3 tools/testing/kunit/kunit.py run --arch=um \
	--jobs="$JOBS" --build_dir="$QOE_KBUILD" --kunitconfig="$KCFG" \
	${QOE_KUNIT_FILTER:+"$QOE_KUNIT_FILTER"}) 2>&1 | tee "$LOG"
rc=${PIPESTATUS[0]}
set -e
qoe_log "kunit.py exited $rc after $(($(date +%s) - start)) s; log in $LOG"
if [ "$rc" -ne 0 ]; then
	# the failures again, last, where a truncated CI log still shows them
	grep -E -A4 'EXPECTATION FAILED|ASSERTION FAILED|\[(FAILED|CRASHED)\]' \
		"$LOG" | head -60 >&2 || true
	exit "$rc"
fi
for s in "${REQUIRED[@]}"; do
	grep -Eq "\] ={2,} $s \(" "$LOG" ||
		qoe_die "suite $s did not run (overlay or config problem)"
done
grep -Eq 'Testing complete\. Ran [0-9]+ tests: passed: [0-9]+$' "$LOG" ||
	qoe_die "kunit summary shows failures, crashes or skips"
if [ "$DEBUG" = 1 ]; then
	# the kernel's own log of the run: any sanitizer or lock report fails it
	for opt in KASAN UBSAN PROVE_LOCKING DEBUG_ATOMIC_SLEEP; do
		grep -q "^CONFIG_$opt=y" "$QOE_KBUILD/.config" ||
			qoe_die "CONFIG_$opt did not make it into the debug kernel"
	done
	reports='BUG: KASAN|UBSAN:|WARNING:|BUG:|possible circular locking|possible recursive locking|inconsistent lock state|suspicious RCU usage|sleeping function called from invalid context|ODEBUG:|refcount_t:|ref_tracker:|list_add corruption|list_del corruption|Kernel panic'
	# not ours: kunit's arch_uml.config turns on PCI over virtio without
	# a device ID, and UML warns about that once at boot
	if grep -En "$reports" "$QOE_KBUILD/test.log" |
		grep -v 'arch/um/drivers/virt-pci\.c' >"$LOG.reports"; then
		head -40 "$LOG.reports" >&2
		qoe_die "the debug kernel reported problems ($(wc -l <"$LOG.reports") lines; $QOE_KBUILD/test.log)"
	fi
	qoe_log "debug kernel (KASAN, UBSAN, lockdep, atomic sleep, list/object debug): no report"
fi
qoe_log "all suites passed: ${REQUIRED[*]}"
