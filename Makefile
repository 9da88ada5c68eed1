# SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
# qoe top-level build.  `make help` lists the targets.
#
# Userspace code builds with -Werror; `make check` builds tests with ASan+UBSan.
# Each area adds its own targets in mk/<area>.mk and appends its test target to
# CHECK_TARGETS; this file holds what is shared.

TOP        := $(abspath .)
BUILD      ?= $(TOP)/build
CC         ?= cc
CSTD       := -std=gnu11
WARN       := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wvla
CPPFLAGS   += -I$(TOP)/include -I$(TOP)/firmware-if
OPT        ?= -O2 -g
# What ships (libqoe, the PMD, offloadctl, the demo) runs on any x86-64:
# ipsec-mb and OpenSSL pick their instructions at run time.  Only the
# benchmark is built for this CPU (CFLAGS_NATIVE, libqoe-native.a).
CFLAGS_REL := $(CSTD) $(WARN) $(OPT) -D_GNU_SOURCE -fPIC
CFLAGS_NATIVE := $(CFLAGS_REL) -march=native
SAN        := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
CFLAGS_SAN := $(CSTD) $(WARN) -O1 -g $(SAN) -D_GNU_SOURCE -march=native

CRYPTO_LIBS := -lIPSec_MB -lcrypto

# The engine core: portable, also compiled into qoe.ko and the DPDK PMD.
ENGINE_CORE := $(addprefix firmware-if/, engine.c flow.c keys.c pn.c hp.c tx.c rx.c gro.c inet.c rss.c events.c admin.c host.c host_inproc.c)
# Userspace platform + crypto backends.
ENGINE_USER := $(addprefix firmware-if/, platform_user.c csum_user.c slab_user.c crypto_ipsecmb_copy.c crypto_ipsecmb.c crypto_openssl.c)
ENGINE_SRCS := $(ENGINE_CORE) $(ENGINE_USER)
ENGINE_HDRS := $(wildcard include/qoe/*.h firmware-if/*.h)

CHECK_TARGETS :=

.PHONY: all check help deps clean
all: $(BUILD)/libqoe.a

help:
	@echo "make help              this list"
	@echo "make deps              install the fixed Debian dependencies (apt-get)"
	@echo "make                   build the engine library ($(BUILD)/libqoe.a)"
	@echo "make demo              the emulated offload demo (README's first command)"
	@echo "make demo-engine       its first step alone: the device engine, no DPDK or UML"
	@echo "make offloadctl        the tool; make install-offloadctl installs it"
	@echo "make flowgen           build/qoe-flowgen: a key log -> net_qoe flows file;"
	@echo "                       make install-flowgen installs it"
	@echo "make check-flowgen     qoe-flowgen against RFC 9001 A.5 and an independent HKDF"
	@echo "make check             build and run every test below (sanitizers on)"
	@echo "make check-engine      engine tests (ASan+UBSan)"
	@echo "make check-crypto      crypto backends against RFC 9001 vectors"
	@echo "make check-device      the firmware's virtio queues, from a test driver (ASan)"
	@echo "make firmware          build/qoe-firmware: the device as a vhost-user process"
	@echo "make fuzz-rx, fuzz-sealed, fuzz-tx, fuzz-admin, fuzz-vring, fuzz-flowspec, fuzz-keylog"
	@echo "                       libFuzzer harnesses, FUZZ_SECONDS each (20)"
	@echo "make check-dpdk        net_qoe in dpdk-testpmd, ngtcp2 capture replay, live"
	@echo "make check-dpdk-san    the PMD's API test under ASan+UBSan"
	@echo "make check-dpdk-abi    the PMD's exports, SONAME and pmdinfo"
	@echo "make install-pmd       the PMD, its header and .pc (DESTDIR, PREFIX)"
	@echo "make check-dpdk-install an application built on an installed PMD"
	@echo "make check-offloadctl  offloadctl against fakes; check-offloadctl-testpmd: live"
	@echo "make kunit             KUnit suites under UML (linux-source-6.12)"
	@echo "make check-kunit       KUnit, then UML end to end with the host's tools"
	@echo "make check-kunit-debug KUnit + UML checks on a KASAN/lockdep/kmemleak kernel"
	@echo "make check-style       the kernel side through checkpatch.pl --strict"
	@echo "make check-ynl         the netlink family's generated files match its spec"
	@echo "make ynl-gen           regenerate them from the spec (kernel's ynl-gen-c)"
	@echo "make check-modules     make modules and make dkms, both must build"
	@echo "make check-virtio      the UML checks over virtio, firmware in its own process"
	@echo "make check-quic-virtio check-quic with qoe0..qoe3 as virtio devices"
	@echo "make check-quic        quic.ko (lxin/quic + kernel-patches/lxin-quic) on qoe in UML"
	@echo "make check-portable    nothing that ships uses more than baseline x86-64"
	@echo "make bench             offload vs software crypto benchmark"
	@echo "make plot CSV=FILE     the benchmark plot of any run's CSV, again"
	@echo "make bench-quic        quic.ko perf_test, offload on vs off"
	@echo "make bench-quic-virtio the same over virtio: host vs device CPU per MiB"
	@echo "make modules           quic_offload.ko and qoe.ko in place against linux-headers-6.12"
	@echo "make dkms              the same as a DKMS package (build/dkms), built by dkms"

# README's make targets are all in make help, and all exist
.PHONY: check-help
CHECK_TARGETS += check-help
check-help:
	python3 tests/help_check.py README.md

deps:
	bash scripts/install-deps.sh

# Release-mode engine objects (benchmarks, demo, PMD).
$(BUILD)/rel/%.o: %.c $(ENGINE_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS_REL) -c $< -o $@

# Sanitized objects (tests).
$(BUILD)/san/%.o: %.c $(ENGINE_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS_SAN) -c $< -o $@

$(BUILD)/libqoe.a: $(patsubst %.c,$(BUILD)/rel/%.o,$(ENGINE_SRCS))
	ar rcs $@ $^

# The engine for the benchmark binary only, built for this CPU.
$(BUILD)/native/%.o: %.c $(ENGINE_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS_NATIVE) -c $< -o $@

$(BUILD)/libqoe-native.a: $(patsubst %.c,$(BUILD)/native/%.o,$(ENGINE_SRCS))
	ar rcs $@ $^

$(BUILD)/libqoe-san.a: $(patsubst %.c,$(BUILD)/san/%.o,$(ENGINE_SRCS))
	ar rcs $@ $^

-include $(sort $(wildcard mk/*.mk))

check: $(CHECK_TARGETS)
	@echo "make check: all suites passed ($(CHECK_TARGETS))"

# also what make modules built in place (Kbuild's own clean needs KDIR)
clean:
	rm -rf $(BUILD)
	find drivers/net/quic_offload tests/kunit firmware-if \
		\( -name '*.o' -o -name '*.ko' -o -name '*.mod' -o -name '*.mod.c' \
		-o -name '.*.cmd' -o -name '.*.o.d' -o -name modules.order \
		-o -name Module.symvers \) -type f -delete
