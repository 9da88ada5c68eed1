# SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
# The offload benchmark (bench/, Documentation/performance.rst):
#   make bench        full interleaved run -> $(BUILD)/bench/results.csv,
#                     results-scale.csv and bench.png
#   make plot CSV=... the plot of any run's CSV, again (bench/plot.gp)
#   make bench-smoke  a few seconds, one configuration
#   make check-bench  bench-smoke, then checks its CSV is well formed
# Release flags for this CPU (CFLAGS_NATIVE, libqoe-native.a: the only
# -march=native build; nothing that ships uses it), no sanitizers.

BENCH_SRCS := $(wildcard bench/*.c)
BENCH_HDRS := $(wildcard bench/*.h)
BENCH_OUT  := $(BUILD)/bench
BENCH_ARGS ?=

# the commit a CSV's numbers come from (bench/provenance.c)
BENCH_COMMIT := $(shell git describe --always --dirty 2>/dev/null || echo unknown)

# rewritten only when the commit changes, so the binary is rebuilt then
$(BUILD)/bench-commit: qoe-bench-commit-check
	@mkdir -p $(dir $@)
	@echo '$(BENCH_COMMIT)' | cmp -s - $@ || echo '$(BENCH_COMMIT)' >$@
.PHONY: qoe-bench-commit-check

# The host-cost run drives the firmware's virtio device (firmware-if/device)
# through the device tests' driver half of the queues (mk/device.mk is
# read after this file: its lists are not set yet).
BENCH_DEVICE_SRCS := $(addprefix firmware-if/device/, vring.c vdev.c vdev_admin.c) \
		     tests/device/vq_driver.c
BENCH_DEVICE_FLAGS := -I$(TOP)/firmware-if/device

$(BUILD)/qoe-bench: $(BENCH_SRCS) $(BENCH_HDRS) $(ENGINE_HDRS) $(BUILD)/libqoe-native.a \
		$(BENCH_DEVICE_SRCS) $(wildcard firmware-if/device/*.h) $(BUILD)/bench-commit
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(BENCH_DEVICE_FLAGS) $(CFLAGS_NATIVE) -Ibench \
		-DQOE_BENCH_COMMIT='"$(BENCH_COMMIT)"' -o $@ $(BENCH_SRCS) \
		$(BENCH_DEVICE_SRCS) $(BUILD)/libqoe-native.a $(CRYPTO_LIBS) -lpthread

.PHONY: bench bench-smoke check-bench plot
# The plot needs gnuplot (Debian: gnuplot-nox); without it the run still
# writes the table and the CSV.  bench/plot.gp plots any CSV again.
HAVE_GNUPLOT = $(shell command -v gnuplot)

bench: $(BUILD)/qoe-bench
	@mkdir -p $(BENCH_OUT)
	$(BUILD)/qoe-bench --csv $(BENCH_OUT)/results.csv $(BENCH_ARGS)
	$(if $(HAVE_GNUPLOT),gnuplot -c bench/plot.gp $(BENCH_OUT)/results.csv $(BENCH_OUT)/bench.png)
	@echo "bench: $(BENCH_OUT)/results.csv $(BENCH_OUT)/results-scale.csv" \
		"$(if $(HAVE_GNUPLOT),$(BENCH_OUT)/bench.png,(no plot: apt-get install gnuplot-nox))"

# make plot CSV=dir/results.csv [PNG=out.png]: a PNG of any run, kept or
# someone else's, without running it again
plot:
	@test -n "$(CSV)" || { echo "usage: make plot CSV=results.csv [PNG=out.png]"; exit 2; }
	gnuplot -c bench/plot.gp $(CSV) $(PNG)

bench-smoke: $(BUILD)/qoe-bench
	@mkdir -p $(BENCH_OUT)
	$(BUILD)/qoe-bench --quick --csv $(BENCH_OUT)/smoke.csv

CHECK_TARGETS += check-bench
check-bench: bench-smoke
	bash bench/check_csv.sh $(BENCH_OUT)/smoke.csv $(BENCH_OUT)/smoke-scale.csv
	$(if $(HAVE_GNUPLOT),rm -f $(BENCH_OUT)/smoke.png && gnuplot -c bench/plot.gp $(BENCH_OUT)/smoke.csv && test -s $(BENCH_OUT)/smoke.png)

# Instruction profile of the engine: valgrind cannot decode AVX-512, so this
# binary is built for x86-64-v3 (ipsec-mb then picks its AVX2 code too).
BENCH_CG_FLAGS := $(CSTD) $(WARN) -O2 -g -march=x86-64-v3 -D_GNU_SOURCE
BENCH_CG_ARGS  ?= --quick --reps 1 --ms 5 --flows 0

$(BUILD)/bench/qoe-bench-cg: $(BENCH_SRCS) $(BENCH_HDRS) $(ENGINE_SRCS) $(ENGINE_HDRS) \
			     $(BENCH_DEVICE_SRCS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(BENCH_DEVICE_FLAGS) $(BENCH_CG_FLAGS) -Ibench -o $@ \
		$(BENCH_SRCS) $(BENCH_DEVICE_SRCS) $(ENGINE_SRCS) $(CRYPTO_LIBS) -lpthread

.PHONY: bench-callgrind
bench-callgrind: $(BUILD)/bench/qoe-bench-cg
	valgrind --tool=callgrind --callgrind-out-file=$(BENCH_OUT)/callgrind.out \
		$< $(BENCH_CG_ARGS)
	callgrind_annotate --inclusive=yes $(BENCH_OUT)/callgrind.out | head -60

# Nothing that ships is built for this CPU: libqoe, the PMD, offloadctl
# and the demo disassemble to baseline x86-64 (tests/portable_check.py).
.PHONY: check-portable
check-portable: $(BUILD)/libqoe.a $(BUILD)/qoe-demo
	-@$(MAKE) --no-print-directory offloadctl dpdk-pmd firmware flowgen >/dev/null 2>&1
	python3 tests/portable_check.py $(BUILD)/libqoe.a $(BUILD)/qoe-demo \
		$$(ls $(BUILD)/offloadctl $(DPDK_PMD_SO) $(FIRMWARE_BIN) $(DPDK_FLOWGEN) 2>/dev/null)

CHECK_TARGETS += check-portable
