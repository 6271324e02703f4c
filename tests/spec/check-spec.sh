#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host-side checks of the netlink spec, no VM needed:
#  - Documentation/netlink/specs/cpo.yaml validates against the kernel's
#    genetlink schema (from Debian's linux-source-6.12, via scripts/ynl.sh);
#  - uapi/linux/cpo.h is exactly what ynl-gen-c makes of the spec.
# Prints one "RESULT: PASS|FAIL <name>" line per check; exits 1 on any FAIL.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
ynl=$top/scripts/ynl.sh
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

result() {
	echo "RESULT: $1 $2"
	[ "$1" = FAIL ] && failed=1
	return 0
}

if "$ynl" validate >"$tmp/validate.out" 2>&1; then
	cat "$tmp/validate.out"
	result PASS spec.validate
else
	cat "$tmp/validate.out"
	result FAIL spec.validate
fi

if "$ynl" gen-uapi "$tmp/cpo.h" >"$tmp/gen.out" 2>&1 && [ -s "$tmp/cpo.h" ]; then
	if diff -u "$top/uapi/linux/cpo.h" "$tmp/cpo.h"; then
		echo "uapi/linux/cpo.h matches the spec"
		result PASS spec.uapi-header
	else
		echo "uapi/linux/cpo.h differs from the header generated from the spec" \
		     "(regenerate: scripts/ynl.sh gen-uapi uapi/linux/cpo.h)"
		result FAIL spec.uapi-header
	fi
else
	cat "$tmp/gen.out"
	echo "ynl-gen-c failed"
	result FAIL spec.uapi-header
fi

exit $failed
