# SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
# The firmware as a virtio device (firmware-if/device/): its queue service
# (tested here with a test driver in shared memory, `make check-device`)
# and the vhost-user device process, build/qoe-firmware.

DEVICE_SRCS := firmware-if/device/vring.c firmware-if/device/vdev.c \
	       firmware-if/device/vdev_admin.c
DEVICE_HDRS := $(wildcard firmware-if/device/*.h include/qoe/*.h)
DEVICE_CPPFLAGS := -I$(TOP)/firmware-if/device

$(BUILD)/san/firmware-if/device/%.o: firmware-if/device/%.c $(DEVICE_HDRS) $(ENGINE_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(DEVICE_CPPFLAGS) $(CFLAGS_SAN) -c $< -o $@

$(BUILD)/san/tests/device/%.o: tests/device/%.c tests/device/vq_driver.h \
			       tests/engine/engine_util.h $(DEVICE_HDRS) $(ENGINE_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(DEVICE_CPPFLAGS) $(CFLAGS_SAN) -c $< -o $@

DEVICE_TEST_BIN := $(BUILD)/san/tests/device/device_tests
$(DEVICE_TEST_BIN): $(patsubst %.c,$(BUILD)/san/%.o,$(wildcard tests/device/*.c) $(DEVICE_SRCS)) \
		    $(BUILD)/san/tests/engine/engine_util.o $(BUILD)/libqoe-san.a
	$(CC) $(SAN) -o $@ $^ $(CRYPTO_LIBS)

.PHONY: check-device
CHECK_TARGETS += check-device
check-device: $(DEVICE_TEST_BIN)
	$(DEVICE_TEST_BIN)

# The device process: rte_vhost (DPDK 22.11) + the engine.  It is the
# device, so it ships generic x86-64 code like libqoe.
FIRMWARE_BIN := $(BUILD)/qoe-firmware
$(BUILD)/rel/firmware-if/device/%.o: firmware-if/device/%.c $(DEVICE_HDRS) $(ENGINE_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(DEVICE_CPPFLAGS) $(shell pkg-config --cflags libdpdk) \
		-DALLOW_EXPERIMENTAL_API $(CFLAGS_REL) -c $< -o $@

$(FIRMWARE_BIN): $(patsubst %.c,$(BUILD)/rel/%.o,$(DEVICE_SRCS) firmware-if/device/qoe_firmware.c) \
		 $(BUILD)/libqoe.a
	$(CC) -o $@ $^ $(shell pkg-config --libs libdpdk) $(CRYPTO_LIBS) -lpthread

.PHONY: firmware
firmware: $(FIRMWARE_BIN)
