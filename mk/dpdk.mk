# SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
# net_qoe, the DPDK 22.11 vdev PMD (dpdk-pmd/), and its testpmd tests.
#
#   make dpdk-pmd    build $(BUILD)/dpdk/librte_net_qoe.so
#   make check-dpdk  run tests/dpdk/ (testpmd runs; pcap replay of ngtcp2)
#
# Debian ships no driver headers: scripts/dpdk-headers.sh takes them from
# Debian's own source package into $(BUILD)/dpdk-hdr (never committed).

DPDK_HDR    ?= $(BUILD)/dpdk-hdr
DPDK_OUT    := $(BUILD)/dpdk
# named as DPDK names its PMDs: the file librte_net_qoe.so.23.0, its
# SONAME librte_net_qoe.so.23 (DPDK 22.11's ABI), the .so link for linking
DPDK_ABI    := 23
DPDK_PMD_SO := $(DPDK_OUT)/librte_net_qoe.so
DPDK_PMD_REAL := $(DPDK_PMD_SO).$(DPDK_ABI).0
DPDK_SRCS   := $(wildcard dpdk-pmd/*.c)
DPDK_OBJS   := $(patsubst dpdk-pmd/%.c,$(DPDK_OUT)/%.o,$(DPDK_SRCS))
DPDK_CFLAGS  = $(shell pkg-config --cflags libdpdk) -I$(DPDK_HDR) -Idpdk-pmd \
	       -DALLOW_INTERNAL_API -DALLOW_EXPERIMENTAL_API
DPDK_LIBS    = $(shell pkg-config --libs libdpdk) -lrte_bus_vdev

.PHONY: dpdk-pmd check-dpdk
dpdk-pmd: $(DPDK_PMD_SO)

$(DPDK_HDR)/.stamp: scripts/dpdk-headers.sh
	bash scripts/install-deps.sh dpdk-build
	bash scripts/dpdk-headers.sh $(DPDK_HDR)
	@touch $@

$(DPDK_OUT)/%.o: dpdk-pmd/%.c $(wildcard dpdk-pmd/*.h) $(ENGINE_HDRS) $(DPDK_HDR)/.stamp
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(DPDK_CFLAGS) $(CFLAGS_REL) -c $< -o $@

# dpdk-pmd/version.map exports the rte_pmd_qoe_* API (EXPERIMENTAL) and
# nothing else: the engine and the PMD's internals stay inside
$(DPDK_PMD_REAL): $(DPDK_OBJS) $(BUILD)/libqoe.a dpdk-pmd/version.map
	$(CC) -shared -o $@ $(DPDK_OBJS) $(BUILD)/libqoe.a $(DPDK_LIBS) \
		$(CRYPTO_LIBS) -Wl,--no-undefined \
		-Wl,--version-script=dpdk-pmd/version.map \
		-Wl,-soname,librte_net_qoe.so.$(DPDK_ABI)

$(DPDK_PMD_SO): $(DPDK_PMD_REAL)
	ln -sf $(notdir $<) $(DPDK_PMD_SO).$(DPDK_ABI)
	ln -sf librte_net_qoe.so.$(DPDK_ABI) $@

# The keylog -> flows file converter (tools/qoe-flowgen): a user tool,
# needs no DPDK to build.
DPDK_FLOWGEN := $(BUILD)/qoe-flowgen
$(DPDK_FLOWGEN): tools/qoe-flowgen/qoe_flowgen.c $(wildcard tools/common/*.c tools/common/*.h) $(BUILD)/libqoe.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -I$(TOP)/tools/common $(CFLAGS_REL) -o $@ \
		tools/qoe-flowgen/qoe_flowgen.c $(wildcard tools/common/*.c) \
		$(BUILD)/libqoe.a $(CRYPTO_LIBS)

.PHONY: flowgen install-flowgen
flowgen: $(DPDK_FLOWGEN)

# make install-flowgen [DESTDIR=...] [PREFIX=/usr/local]
install-flowgen: $(DPDK_FLOWGEN)
	install -D -m 0755 $(DPDK_FLOWGEN) $(DESTDIR)$(or $(PREFIX),/usr/local)/bin/qoe-flowgen

.PHONY: check-flowgen
CHECK_TARGETS += check-flowgen
check-flowgen: $(DPDK_FLOWGEN)
	python3 tests/flowgen/flowgen_test.py $(DPDK_FLOWGEN)

# The private API / data path test: an application linked to the PMD.
DPDK_API_TEST := $(DPDK_OUT)/qoe_pmd_test
$(DPDK_API_TEST): tests/dpdk/qoe_pmd_test.c dpdk-pmd/rte_pmd_qoe.h tests/qoe_test.h $(DPDK_PMD_SO)
	$(CC) $(CPPFLAGS) $(DPDK_CFLAGS) $(CFLAGS_REL) -o $@ $< \
		-L$(DPDK_OUT) -l:librte_net_qoe.so -Wl,-rpath,$(DPDK_OUT) $(DPDK_LIBS)

# The live test's middle box: decrypt on ingress, re-encrypt on egress.
DPDK_LIVEFWD := $(DPDK_OUT)/qoe_livefwd
$(DPDK_LIVEFWD): tests/dpdk/qoe_livefwd.c dpdk-pmd/rte_pmd_qoe.h $(wildcard tools/common/*.c tools/common/*.h) $(DPDK_PMD_SO)
	$(CC) $(CPPFLAGS) -I$(TOP)/tools/common $(DPDK_CFLAGS) $(CFLAGS_REL) -o $@ $< \
		$(wildcard tools/common/*.c) \
		-L$(DPDK_OUT) -l:librte_net_qoe.so -Wl,-rpath,$(DPDK_OUT) $(DPDK_LIBS) \
		$(BUILD)/libqoe.a $(CRYPTO_LIBS)

check-dpdk: $(DPDK_PMD_SO) $(DPDK_FLOWGEN) $(DPDK_API_TEST) $(DPDK_LIVEFWD)
	bash scripts/install-deps.sh dpdk
	python3 tests/dpdk/qoe_dpdk_test.py $(DPDK_OUT)

CHECK_TARGETS += check-dpdk

# The PMD as a DPDK driver: exports, SONAME, pmdinfo (dpdk-pmdinfo.py)
.PHONY: check-dpdk-abi
check-dpdk-abi: $(DPDK_PMD_SO)
	bash scripts/install-deps.sh dpdk
	python3 tests/dpdk/pmd_abi_check.py $(DPDK_PMD_SO) $(TOP)

CHECK_TARGETS += check-dpdk-abi

# make install-pmd [DESTDIR=...] [PREFIX=/usr/local]: the PMD into DPDK's
# plugin directory (EAL loads it from there: --vdev=net_qoe0 needs no -d),
# rte_pmd_qoe.h and the firmware ABI header it includes under
# $(PREFIX)/include, and librte_net_qoe.pc for pkg-config.
PREFIX     ?= /usr/local
DPDK_PMDDIR ?= $(shell pkg-config --variable=libdir libdpdk 2>/dev/null)/dpdk/pmds-$(DPDK_ABI).0

.PHONY: install-pmd check-dpdk-install
install-pmd: $(DPDK_PMD_SO)
	install -d $(DESTDIR)$(DPDK_PMDDIR) $(DESTDIR)$(PREFIX)/include/qoe \
		$(DESTDIR)$(PREFIX)/lib/pkgconfig
	install -m 0755 $(DPDK_PMD_REAL) $(DESTDIR)$(DPDK_PMDDIR)/
	ln -sf $(notdir $(DPDK_PMD_REAL)) $(DESTDIR)$(DPDK_PMDDIR)/librte_net_qoe.so.$(DPDK_ABI)
	ln -sf librte_net_qoe.so.$(DPDK_ABI) $(DESTDIR)$(DPDK_PMDDIR)/librte_net_qoe.so
	install -m 0644 dpdk-pmd/rte_pmd_qoe.h $(DESTDIR)$(PREFIX)/include/
	install -m 0644 include/qoe/fw_abi.h $(DESTDIR)$(PREFIX)/include/qoe/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@PMDDIR@|$(DPDK_PMDDIR)|' \
		-e 's|@VERSION@|$(shell cat VERSION)|' dpdk-pmd/librte_net_qoe.pc.in \
		>$(DESTDIR)$(PREFIX)/lib/pkgconfig/librte_net_qoe.pc

# Install into a scratch prefix and build an application against it with
# nothing but pkg-config (libdpdk and our .pc): the installed header and
# .pc are complete, and the application links the PMD alone.
check-dpdk-install:
	rm -rf $(DPDK_OUT)/install
	$(MAKE) --no-print-directory install-pmd PREFIX=$(DPDK_OUT)/install/usr \
		DPDK_PMDDIR=$(DPDK_OUT)/install/pmds-$(DPDK_ABI).0
	bash tests/dpdk/install_check.sh $(DPDK_OUT)/install

CHECK_TARGETS += check-dpdk-install

# The API and data-path test again, with the PMD, the engine and the test
# built with ASan and UBSan (DPDK itself is not instrumented; its EAL keeps
# memory to exit, so leaks are not checked): make check-dpdk-san.
DPDK_SAN_OUT   := $(BUILD)/dpdk-san
DPDK_SAN_FLAGS := $(CSTD) $(WARN) $(SAN) -O1 -g -fPIC -D_GNU_SOURCE
DPDK_SAN_OBJS  := $(patsubst dpdk-pmd/%.c,$(DPDK_SAN_OUT)/%.o,$(DPDK_SRCS)) \
		  $(patsubst firmware-if/%.c,$(DPDK_SAN_OUT)/fw/%.o,$(ENGINE_SRCS))

$(DPDK_SAN_OUT)/%.o: dpdk-pmd/%.c $(wildcard dpdk-pmd/*.h) $(ENGINE_HDRS) $(DPDK_HDR)/.stamp
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(DPDK_CFLAGS) $(DPDK_SAN_FLAGS) -c $< -o $@

$(DPDK_SAN_OUT)/fw/%.o: firmware-if/%.c $(ENGINE_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(DPDK_SAN_FLAGS) -c $< -o $@

$(DPDK_SAN_OUT)/librte_net_qoe.so: $(DPDK_SAN_OBJS) dpdk-pmd/version.map
	$(CC) -shared $(SAN) -o $@ $(DPDK_SAN_OBJS) $(DPDK_LIBS) $(CRYPTO_LIBS) \
		-Wl,--no-undefined -Wl,--version-script=dpdk-pmd/version.map

$(DPDK_SAN_OUT)/qoe_pmd_test: tests/dpdk/qoe_pmd_test.c dpdk-pmd/rte_pmd_qoe.h tests/qoe_test.h \
			      $(DPDK_SAN_OUT)/librte_net_qoe.so
	$(CC) $(CPPFLAGS) $(DPDK_CFLAGS) $(DPDK_SAN_FLAGS) -o $@ $< \
		-L$(DPDK_SAN_OUT) -l:librte_net_qoe.so -Wl,-rpath,$(DPDK_SAN_OUT) $(DPDK_LIBS)

.PHONY: check-dpdk-san
check-dpdk-san: $(DPDK_SAN_OUT)/qoe_pmd_test
	bash scripts/install-deps.sh dpdk
	ASAN_OPTIONS=detect_leaks=0 $(DPDK_SAN_OUT)/qoe_pmd_test

CHECK_TARGETS += check-dpdk-san

# The flow-spec parser of flows files and /qoe/flow_add, fuzzed with the
# PMD calls it makes stubbed (tests/fuzz/flowspec_fuzz.c).
$(BUILD)/fuzz/flowspec_fuzz: tests/fuzz/flowspec_fuzz.c dpdk-pmd/qoe_flow_spec.c \
			     $(wildcard dpdk-pmd/*.h) $(ENGINE_SRCS) $(ENGINE_HDRS) $(DPDK_HDR)/.stamp
	@mkdir -p $(dir $@)
	clang $(CPPFLAGS) $(DPDK_CFLAGS) $(FUZZ_FLAGS) -o $@ $< dpdk-pmd/qoe_flow_spec.c \
		$(ENGINE_SRCS) $(CRYPTO_LIBS)

.PHONY: fuzz-flowspec
CHECK_TARGETS += fuzz-flowspec
fuzz-flowspec: $(BUILD)/fuzz/flowspec_fuzz
	$(call fuzz_run,flowspec)
