# SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
# offloadctl: the operator's tool (tools/offloadctl/), its man page and tests.
#   make offloadctl        -> $(BUILD)/offloadctl
#   make install-offloadctl  binary, man page, bash completion under PREFIX
#   make check-offloadctl  -> ASan/UBSan build + tests/offloadctl/run_tests.sh

OFFLOADCTL_SRCS := $(addprefix tools/offloadctl/, offloadctl.c show.c flowreq.c names.c \
		   telemetry.c dpdk.c netlink.c)
OFFLOADCTL_HDRS := $(wildcard tools/offloadctl/*.h) include/qoe/fw_abi.h \
		   include/uapi/linux/quic_offload.h
OFFLOADCTL_CFLAGS := -I$(TOP)/include/uapi $(shell pkg-config --cflags json-c libmnl 2>/dev/null)
OFFLOADCTL_LIBS := $(or $(shell pkg-config --libs json-c libmnl 2>/dev/null),-ljson-c -lmnl)

.PHONY: offloadctl check-offloadctl install-offloadctl
offloadctl: $(BUILD)/offloadctl

# make install-offloadctl [DESTDIR=...] [PREFIX=/usr/local]
install-offloadctl: $(BUILD)/offloadctl
	install -D -m 0755 $(BUILD)/offloadctl $(DESTDIR)$(or $(PREFIX),/usr/local)/sbin/offloadctl
	install -D -m 0644 Documentation/offloadctl.8 \
		$(DESTDIR)$(or $(PREFIX),/usr/local)/share/man/man8/offloadctl.8
	install -D -m 0644 tools/offloadctl/offloadctl.bash-completion \
		$(DESTDIR)$(or $(PREFIX),/usr/local)/share/bash-completion/completions/offloadctl

$(BUILD)/offloadctl: $(OFFLOADCTL_SRCS) $(OFFLOADCTL_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(OFFLOADCTL_CFLAGS) $(CSTD) $(WARN) $(OPT) -D_GNU_SOURCE \
		$(OFFLOADCTL_SRCS) -o $@ $(OFFLOADCTL_LIBS)

$(BUILD)/offloadctl-san/offloadctl: $(OFFLOADCTL_SRCS) $(OFFLOADCTL_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(OFFLOADCTL_CFLAGS) $(CFLAGS_SAN) \
		$(OFFLOADCTL_SRCS) -o $@ $(OFFLOADCTL_LIBS)

# Optimized: the paging test times the tool, not the stand-in server.
$(BUILD)/offloadctl-san/fake_telemetry: tests/offloadctl/fake_telemetry.c
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) -O2 -g -D_GNU_SOURCE $< -o $@

$(BUILD)/offloadctl-san/offloadctl_test: tests/offloadctl/offloadctl_test.c tests/qoe_test.h
	@mkdir -p $(dir $@)
	$(CC) $(OFFLOADCTL_CFLAGS) $(CFLAGS_SAN) $< -o $@ $(OFFLOADCTL_LIBS)

# The kernel backend's reply parsing, fed replies built with libmnl.
$(BUILD)/offloadctl-san/netlink_test: tests/offloadctl/netlink_test.c tools/offloadctl/show.c \
		tools/offloadctl/names.c $(OFFLOADCTL_SRCS) $(OFFLOADCTL_HDRS) tests/qoe_test.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(OFFLOADCTL_CFLAGS) $(CFLAGS_SAN) tests/offloadctl/netlink_test.c \
		tools/offloadctl/show.c tools/offloadctl/names.c -o $@ $(OFFLOADCTL_LIBS)

check-offloadctl: $(BUILD)/offloadctl $(BUILD)/offloadctl-san/offloadctl \
		  $(BUILD)/offloadctl-san/fake_telemetry $(BUILD)/offloadctl-san/offloadctl_test \
		  $(BUILD)/offloadctl-san/netlink_test
	@if command -v groff >/dev/null; then \
		out=$$(groff -man -z -ww -t $(TOP)/Documentation/offloadctl.8 2>&1); \
		if [ -n "$$out" ]; then echo "$$out"; echo "offloadctl.8: groff warnings"; exit 1; fi; \
		echo "offloadctl.8: renders without warnings"; \
	else echo "offloadctl.8: groff not installed, man page not checked"; fi
	OFFLOADCTL=$(BUILD)/offloadctl-san/offloadctl OFFLOADCTL_REL=$(BUILD)/offloadctl \
	FAKE_TELEMETRY=$(BUILD)/offloadctl-san/fake_telemetry \
	OFFLOADCTL_COMPLETION=$(TOP)/tools/offloadctl/offloadctl.bash-completion \
		$(BUILD)/offloadctl-san/offloadctl_test
	$(BUILD)/offloadctl-san/netlink_test

CHECK_TARGETS += check-offloadctl

# offloadctl against dpdk-testpmd running net_qoe, when the PMD builds here
# (mk/dpdk.mk); otherwise the script says it skipped.
.PHONY: check-offloadctl-testpmd
check-offloadctl-testpmd: $(BUILD)/offloadctl-san/offloadctl
	@if [ -n "$(DPDK_PMD_SO)" ] && $(MAKE) --no-print-directory $(DPDK_PMD_SO) >/dev/null 2>&1; then \
		python3 $(TOP)/tests/offloadctl/testpmd_test.py $(BUILD)/offloadctl-san/offloadctl $(DPDK_PMD_SO); \
	else echo "check-offloadctl-testpmd: net_qoe PMD does not build here, skipped"; fi

CHECK_TARGETS += check-offloadctl-testpmd
