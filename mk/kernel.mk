# SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
# Kernel side: KUnit under UML (make kunit) and the out-of-tree qoe.ko build
# (make modules).  Both stage drivers/net/quic_offload + firmware-if into a
# Kbuild directory; see scripts/uml-tree.sh.

.PHONY: kunit check-kunit modules modules-clean

kunit:
	bash scripts/kunit.sh

check-kunit: kunit

CHECK_TARGETS += check-kunit
