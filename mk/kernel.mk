# SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
# Kernel side: KUnit under UML (make kunit), end to end with the host's ip,
# ethtool and offloadctl inside that UML kernel (make uml-e2e), and
# quic_offload.ko + qoe.ko as external modules against linux-headers-6.12
# (make modules, make dkms).  drivers/net/quic_offload builds in place,
# linked into the UML tree or with M=; see scripts/uml-tree.sh.

.PHONY: kunit uml-e2e check-kunit check-quic modules modules-clean dkms

kunit:
	bash scripts/kunit.sh

# needs the kernel make kunit built; offloadctl checks run when it builds
uml-e2e:
	-$(MAKE) --no-print-directory offloadctl
	bash scripts/uml-e2e.sh

check-kunit:
	bash scripts/kunit.sh
	-$(MAKE) --no-print-directory offloadctl
	bash scripts/uml-e2e.sh

modules:
	bash -c '. scripts/uml-tree.sh && qoe_kmodules "$(BUILD)/kmod"'

modules-clean:
	bash -c '. scripts/uml-tree.sh && make -C drivers/net/quic_offload KDIR="$$(qoe_kheaders)" clean'

dkms:
	bash scripts/dkms.sh

CHECK_TARGETS += check-kunit

# The quic-offload family's generated files (uapi header, policies, op
# table) from Documentation/netlink/specs/quic_offload.yaml, by the 6.12
# tree's ynl-gen-c: make ynl-gen rewrites them, check-ynl fails on drift.
.PHONY: ynl-gen check-ynl
ynl-gen:
	bash scripts/ynl-gen.sh

check-ynl:
	bash scripts/ynl-gen.sh --check

CHECK_TARGETS += check-ynl

# The kernel side through checkpatch.pl --strict (scripts/checkpatch.sh)
.PHONY: check-style
check-style:
	bash scripts/checkpatch.sh

CHECK_TARGETS += check-style

# The same end-to-end checks with qoe0/qoe1 as virtio devices whose
# firmware is build/qoe-firmware, a process on the host (vhost-user);
# then a driver reset, the firmware killed under traffic (surprise
# removal) and a boot on a restarted firmware.  After check-kunit.
.PHONY: check-virtio
check-virtio:
	bash scripts/install-deps.sh dpdk-build
	$(MAKE) --no-print-directory firmware
	-$(MAKE) --no-print-directory offloadctl
	QOE_UML_VIRTIO=1 bash scripts/uml-e2e.sh

CHECK_TARGETS += check-virtio

# quic.ko (lxin/quic + kernel-patches/lxin-quic/) offloading to qoe in UML;
# after check-kunit, whose kernel it boots
check-quic:
	$(MAKE) --no-print-directory offloadctl
	bash scripts/uml-quic.sh

CHECK_TARGETS += check-quic

# quic.ko again, over qoe0..qoe3 as virtio devices (the firmware process)
.PHONY: check-quic-virtio
check-quic-virtio:
	bash scripts/install-deps.sh dpdk-build
	$(MAKE) --no-print-directory offloadctl firmware
	QOE_QUIC_VIRTIO=1 bash scripts/uml-quic.sh

CHECK_TARGETS += check-quic-virtio

# The KUnit suites again on a kernel with KASAN, UBSAN, lockdep, atomic
# sleep, list and object debugging and kmemleak (its own build directory),
# then the UML end-to-end checks on it, in process and over virtio with the
# surprise removal; any report or leak of ours fails.  After check-quic, so
# the normal kernel is built first.
.PHONY: check-kunit-debug
check-kunit-debug:
	QOE_KUNIT_DEBUG=1 bash scripts/kunit.sh
	bash scripts/install-deps.sh dpdk-build
	$(MAKE) --no-print-directory firmware
	-$(MAKE) --no-print-directory offloadctl
	QOE_UML_DEBUG=1 bash scripts/uml-e2e.sh
	QOE_UML_DEBUG=1 QOE_UML_VIRTIO=1 bash scripts/uml-e2e.sh

CHECK_TARGETS += check-kunit-debug

# Benchmark, not a check: quic.ko perf_test with quic-offload on vs off in
# UML, sender CPU and the devices' engine time per MiB (perf_report.py)
.PHONY: bench-quic
bench-quic:
	$(MAKE) --no-print-directory offloadctl
	bash scripts/uml-quic.sh --perf

# The same over virtio: the host (UML) and the device (qoe-firmware, its
# own process) CPU per MiB, side by side
.PHONY: bench-quic-virtio
bench-quic-virtio:
	bash scripts/install-deps.sh dpdk-build
	$(MAKE) --no-print-directory offloadctl firmware
	QOE_QUIC_VIRTIO=1 bash scripts/uml-quic.sh --perf

# Build only (the host cannot load modules): the engine and the driver must
# also compile against Debian's real x86_64 kernel headers, not just UML.
.PHONY: check-modules
check-modules: modules dkms
	@for m in core/quic_offload qoe/qoe; do \
		test -s drivers/net/quic_offload/$$m.ko || { echo "check-modules: $$m.ko not built"; exit 1; }; \
	done; echo "check-modules: quic_offload.ko and qoe.ko built against linux-headers-6.12, in place and by dkms"

CHECK_TARGETS += check-modules
