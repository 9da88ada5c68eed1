# SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
# The reference engine's tests (ASan+UBSan): `make check-engine`;
# the fuzzers (clang libFuzzer): `make fuzz-rx`, `fuzz-sealed`, `fuzz-tx`,
# `fuzz-admin`, `fuzz-vring`, `fuzz-keylog` (and `fuzz-flowspec` in
# mk/dpdk.mk), FUZZ_SECONDS=20 each in make check, longer on
# demand.

# every tests/engine/*_test.c is a suite of the engine binary (adding one
# needs no edit here), except the crypto ones, programs of their own
ENGINE_TESTS := $(filter-out $(CRYPTO_TESTS), \
		  $(sort $(basename $(notdir $(wildcard tests/engine/*_test.c)))))
ENGINE_TEST_BIN := $(BUILD)/san/tests/engine/engine_tests

$(BUILD)/san/tests/engine/%.o: tests/engine/engine_util.h tests/qoe_test.h

$(ENGINE_TEST_BIN): $(patsubst %,$(BUILD)/san/tests/engine/%.o,engine_util $(ENGINE_TESTS)) \
		    $(BUILD)/libqoe-san.a
	$(CC) $(SAN) -o $@ $^ $(CRYPTO_LIBS)

.PHONY: check-engine
CHECK_TARGETS += check-engine
check-engine: $(ENGINE_TEST_BIN)
	$(ENGINE_TEST_BIN)

FUZZ_SECONDS ?= 20
FUZZ_FLAGS := -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	      $(CSTD) $(WARN) -O1 -g -D_GNU_SOURCE -march=native

# One libFuzzer binary per harness in tests/fuzz/<name>_fuzz.c; `make
# fuzz-<name>` runs it FUZZ_SECONDS on its own corpus.  The fuzzer's exit
# status decides; its log is shown in full on failure.
# The device's queue service (firmware-if/device) is linked into every
# harness; vring_fuzz is the one that drives it.
FUZZERS := rx sealed tx admin vring

$(BUILD)/fuzz/%_fuzz: tests/fuzz/%_fuzz.c tests/fuzz/fuzz_util.h $(ENGINE_SRCS) $(ENGINE_HDRS) \
		      $(DEVICE_SRCS) $(DEVICE_HDRS)
	@mkdir -p $(dir $@)
	clang $(CPPFLAGS) $(DEVICE_CPPFLAGS) $(FUZZ_FLAGS) -o $@ $< $(ENGINE_SRCS) \
		$(DEVICE_SRCS) $(CRYPTO_LIBS)

.PHONY: $(addprefix fuzz-,$(FUZZERS))
CHECK_TARGETS += $(addprefix fuzz-,$(FUZZERS))
# $(call fuzz_run,NAME): run $(BUILD)/fuzz/NAME_fuzz as above
define fuzz_run
	@mkdir -p $(BUILD)/fuzz/$(1).corpus
	@if $(BUILD)/fuzz/$(1)_fuzz -max_total_time=$(FUZZ_SECONDS) -max_len=2048 \
		-print_final_stats=1 -artifact_prefix=$(BUILD)/fuzz/$(1)- \
		$(BUILD)/fuzz/$(1).corpus > $(BUILD)/fuzz/$(1).log 2>&1; then \
		grep -E '^(Done|stat::(number_of_executed_units|new_units_added))' $(BUILD)/fuzz/$(1).log; \
		echo "fuzz-$(1): no crash, no invariant broken"; \
	else cat $(BUILD)/fuzz/$(1).log; echo "fuzz-$(1): FAILED"; exit 1; fi
endef

$(addprefix fuzz-,$(FUZZERS)): fuzz-%: $(BUILD)/fuzz/%_fuzz
	$(call fuzz_run,$*)

# The key log reader of qoe-flowgen and qoe_livefwd (tools/common).
FUZZ_TOOLS_SRCS := $(wildcard tools/common/*.c)
$(BUILD)/fuzz/keylog_fuzz: tests/fuzz/keylog_fuzz.c $(FUZZ_TOOLS_SRCS) $(wildcard tools/common/*.h) \
			   $(ENGINE_SRCS) $(ENGINE_HDRS)
	@mkdir -p $(dir $@)
	clang $(CPPFLAGS) -Itools/common $(FUZZ_FLAGS) -o $@ $< $(FUZZ_TOOLS_SRCS) \
		$(ENGINE_SRCS) $(CRYPTO_LIBS)

.PHONY: fuzz-keylog
CHECK_TARGETS += fuzz-keylog
fuzz-keylog: $(BUILD)/fuzz/keylog_fuzz
	$(call fuzz_run,keylog)
