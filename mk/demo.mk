# SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
# The main job: `make demo` (scripts/demo.sh) and its engine-level program.

$(BUILD)/qoe-demo: tools/demo/qoe_demo.c $(QOE_COMMON_SRCS) $(QOE_COMMON_HDRS) $(BUILD)/libqoe.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(QOE_COMMON_CPPFLAGS) $(CFLAGS_REL) -o $@ \
		tools/demo/qoe_demo.c $(QOE_COMMON_SRCS) $(BUILD)/libqoe.a $(CRYPTO_LIBS)

.PHONY: demo demo-engine
demo-engine: $(BUILD)/qoe-demo
	$(BUILD)/qoe-demo

demo:
	bash scripts/demo.sh
