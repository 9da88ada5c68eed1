# SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
# Userspace crypto backends, the host key-derivation helpers (tools/common)
# and their tests: `make check-crypto` (ASan+UBSan), `make crypto-speed`.

# For other areas: HKDF / QUIC key derivation / SSLKEYLOGFILE parsing.
QOE_COMMON_SRCS     := $(wildcard tools/common/*.c)
QOE_COMMON_HDRS     := $(wildcard tools/common/*.h)
QOE_COMMON_CPPFLAGS := -I$(TOP)/tools/common

CRYPTO_USER_SRCS := $(addprefix firmware-if/, platform_user.c slab_user.c crypto_ipsecmb_copy.c crypto_ipsecmb.c crypto_openssl.c)
CRYPTO_TESTS     := crypto_test hkdf_test
CRYPTO_SAN_OBJS   = $(patsubst %.c,$(BUILD)/san/%.o,$(CRYPTO_USER_SRCS) $(QOE_COMMON_SRCS))
CRYPTO_REL_OBJS   = $(patsubst %.c,$(BUILD)/rel/%.o,$(CRYPTO_USER_SRCS) $(QOE_COMMON_SRCS))

# Objects that include tools/common headers (the shared rules only track
# ENGINE_HDRS).
$(foreach v,san rel,$(patsubst %.c,$(BUILD)/$(v)/%.o,$(QOE_COMMON_SRCS) $(addprefix tests/engine/,$(addsuffix .c,$(CRYPTO_TESTS))))): \
	$(QOE_COMMON_HDRS)
$(foreach v,san rel,$(patsubst %.c,$(BUILD)/$(v)/%.o,$(QOE_COMMON_SRCS) $(addprefix tests/engine/,$(addsuffix .c,$(CRYPTO_TESTS))))): \
	CPPFLAGS += $(QOE_COMMON_CPPFLAGS)

# Static pattern: only our two binaries, other tests/engine rules stay theirs.
CRYPTO_TEST_BINS = $(addprefix $(BUILD)/san/tests/engine/,$(CRYPTO_TESTS))
$(CRYPTO_TEST_BINS): $(BUILD)/san/tests/engine/%: $(BUILD)/san/tests/engine/%.o $(CRYPTO_SAN_OBJS)
	$(CC) $(SAN) -o $@ $^ $(CRYPTO_LIBS)

$(BUILD)/rel/tests/engine/crypto_test: $(BUILD)/rel/tests/engine/crypto_test.o $(CRYPTO_REL_OBJS)
	$(CC) -o $@ $^ $(CRYPTO_LIBS)

.PHONY: check-crypto crypto-speed
CHECK_TARGETS += check-crypto

check-crypto: $(CRYPTO_TEST_BINS)
	@set -e; for t in $^; do echo "== $$t"; $$t; done

# Release build, prints ns per 1350-byte seal and per HP mask.
crypto-speed: $(BUILD)/rel/tests/engine/crypto_test
	QOE_CRYPTO_SPEED=1 $< speed
