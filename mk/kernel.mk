# SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
# Kernel side: KUnit under UML (make kunit) and the out-of-tree build of
# quic_offload.ko + qoe.ko against linux-headers-6.12 (make modules).  Both
# stage drivers/net/quic_offload, firmware-if and tests/kunit into a Kbuild
# directory; see scripts/uml-tree.sh.

.PHONY: kunit check-kunit modules modules-clean

kunit:
	bash scripts/kunit.sh

check-kunit: kunit

modules:
	bash -c '. scripts/uml-tree.sh && qoe_kmodules "$(BUILD)/kmod"'

modules-clean:
	rm -rf $(BUILD)/kmod

CHECK_TARGETS += check-kunit
