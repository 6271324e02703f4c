#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The guest half of tests/pkg/pkg.sh, on a stock kernel whose modules DKMS
# installed on the host (the guest's root is the host's): modprobe loads
# cpo_sim and, as its dependency, cpo, both from updates/dkms; the packaged
# cpoctl shows an engine of a simulated device; modprobe -r unloads both.
# Prints PASS:/FAIL: lines; exit 1 when a check failed.
#
#   tests/pkg/guest.sh VERSION

set -u
version=$1
kver=$(uname -r)
dkms_dir=/lib/modules/$kver/updates/dkms
cpoctl=/usr/sbin/cpoctl
id=20001
errors=0

pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; errors=$((errors + 1)); }
check() {
	local desc=$1

	shift
	if "$@"; then
		pass "$desc"
	else
		fail "$desc"
	fi
}

if [ -d /sys/module/cpo ] || [ -d /sys/module/cpo_sim ]; then
	fail "cpo or cpo_sim loaded before the test"
	exit 1
fi
if ! out=$(modprobe cpo_sim 2>&1); then
	fail "modprobe cpo_sim: $out"
	exit 1
fi
pass "modprobe cpo_sim"
check "cpo loaded as cpo_sim's dependency" test -d /sys/module/cpo
for m in cpo cpo_sim; do
	path=$(modinfo -n "$m" 2>/dev/null)
	if [[ "$path" == "$dkms_dir/$m.ko"* ]]; then
		pass "$m comes from $path"
	else
		fail "$m comes from '$path', not $dkms_dir"
	fi
done
check "cpo_cmis_i2c found by modinfo in $dkms_dir" \
	test -n "$(modinfo -n cpo_cmis_i2c 2>/dev/null | grep "^$dkms_dir/")"

check "new_device $id 1" sh -c "echo '$id 1' >/sys/bus/cposim/new_device"
got=$("$cpoctl" -V 2>&1)
if [[ "$got" == "cpoctl $version "* ]]; then
	pass "cpoctl -V: $got"
else
	fail "cpoctl -V: '$got', want cpoctl $version"
fi
out=$("$cpoctl" engine show 2>&1)
printf '# %s\n' "${out//$'\n'/$'\n'# }"
check "cpoctl engine show lists cposim$id" grep -q "cposim$id" <<<"$out"
check "del_device $id" sh -c "echo $id >/sys/bus/cposim/del_device"

if ! out=$(modprobe -r cpo_sim 2>&1); then
	fail "modprobe -r cpo_sim: $out"
else
	pass "modprobe -r cpo_sim"
fi
check "cpo and cpo_sim unloaded" test ! -d /sys/module/cpo_sim -a ! -d /sys/module/cpo

echo "# $kver: $errors failed"
[ "$errors" = 0 ]
