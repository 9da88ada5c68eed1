#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# PID 1 of the UML boots of scripts/uml-e2e.sh: mount what the checks
# read, run tests/uml/qoe_e2e.py (KTAP into $QOE_OUT, diagnostics into
# $QOE_OUT.log), power off.  Its settings (QOE_*) come from the kernel
# command line, which the kernel hands to init as its environment.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t debugfs none /sys/kernel/debug
python3 "$QOE_TOP/tests/uml/qoe_e2e.py" "${QOE_PHASE:-main}" >"$QOE_OUT" 2>"$QOE_OUT.log"
poweroff -f || echo o >/proc/sysrq-trigger
