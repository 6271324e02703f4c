#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest-side runner of the cpo selftests: loads the modules, runs the C test
# binary (one result per TEST_F) and every script test, checks the kernel
# log after each, and unloads the modules at the end.
#
#   tests/selftests/run.sh [NAME...]
#
# NAME filters: a script test (sysfs, cpoctl, del_device_dump, ynl, sim,
# policy, preset, laser, physics, laser_stress, kunit, uevent, hwmon, scale,
# cpoctl_diag, perms, badinput), "cpo_netlink" for every C test or
# "cpo_netlink.TEST" for one. With no NAME, all of those run.
# The hardening tests (stress, failslab, loadunload, cli_fuzz) run only when
# named, or all of them with the name "harden": tests/harden.sh runs them on
# the debug kernel, with their durations.
# Each test ends with exactly one line
#   RESULT: PASS <name> | RESULT: FAIL <name> | RESULT: SKIP <name> (<reason>)
# after its detailed output (kunit also has one per KUnit case, named
# kunit.SUITE.CASE). Exit status 1 when anything failed.
#
# Usually run inside the VM:
#   tests/vm/vm.sh --kernel stock-6.12 -- tests/selftests/run.sh
set -uo pipefail

# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"
SELFTESTS=$TOP/tests/selftests

SCRIPT_TESTS=(kunit sim ynl sysfs cpoctl del_device_dump policy preset laser physics
	laser_stress uevent hwmon scale cpoctl_diag perms badinput)
HARDEN_TESTS=(stress failslab loadunload cli_fuzz)
CTEST=cpo_netlink
CTEST_BIN=${CTEST_BIN:-$TOP/build/selftests/$CTEST}
TEST_TIMEOUT=${TEST_TIMEOUT:-900}

n_pass=0
n_fail=0
n_skip=0
FILTERS=("$@")

# result PASS|FAIL|SKIP NAME [REASON]
result() {
	case "$1" in
	PASS) n_pass=$((n_pass + 1)) ;;
	FAIL) n_fail=$((n_fail + 1)) ;;
	SKIP) n_skip=$((n_skip + 1)) ;;
	esac
	echo "RESULT: $1 $2${3:+ ($3)}"
}

# selected NAME: no filters, or a filter names it, its group or a member.
selected() {
	local f

	((${#FILTERS[@]})) || return 0
	for f in "${FILTERS[@]}"; do
		[[ "$1" == "$f" || "$1" == "$f".* || "$f" == "$1".* ]] && return 0
	done
	return 1
}

# harden_selected NAME: a hardening test runs only when a filter names it
# or is "harden".
harden_selected() {
	local f

	for f in "${FILTERS[@]}"; do
		[[ "$f" == "$1" || "$f" == harden ]] && return 0
	done
	return 1
}

run_ctest() {
	local args=() f tests t line status=0 reported="" seen name

	for f in "${FILTERS[@]}"; do
		[[ "$f" == "$CTEST".* ]] && args+=(-t "${f#"$CTEST".}")
	done
	# Normally built on the host (make -C tests/selftests); build it here
	# only when missing or older than its source.
	if [ ! -x "$CTEST_BIN" ] || [ "$SELFTESTS/$CTEST.c" -nt "$CTEST_BIN" ]; then
		if ! make -s -C "$SELFTESTS" >/tmp/cpo_selftests_build.log 2>&1; then
			cat /tmp/cpo_selftests_build.log
			result FAIL "$CTEST" "build failed"
			return
		fi
	fi
	# The tests the binary has (filtered like the run).
	tests=$("$CTEST_BIN" -l 2>&1 | awk -v f="$CTEST" '
		/^-+$/ { on = 1; next }
		on && NF { if ($1 == f) print $2; else if (NF == 1) print $1 }')
	if ((${#args[@]})); then
		seen=""
		for t in $tests; do
			for f in "${FILTERS[@]}"; do
				[[ "$f" == "$CTEST" || "$f" == "$CTEST.$t" ]] && seen+="$t "
			done
		done
		tests=$seen
		# a bare "cpo_netlink" filter wants all of them
		for f in "${FILTERS[@]}"; do
			[ "$f" == "$CTEST" ] && args=()
		done
	fi

	while IFS= read -r line; do
		echo "$line"
		if [[ "$line" =~ ^(not\ )?ok\ [0-9]+\ $CTEST\.([A-Za-z0-9_]+)(\ \#\ (SKIP|XFAIL)\ ?(.*))?$ ]]; then
			name=${BASH_REMATCH[2]}
			reported+=" $name "
			if ! klog_new_problems; then
				result FAIL "$CTEST.$name"
			elif [ -n "${BASH_REMATCH[1]}" ]; then
				result FAIL "$CTEST.$name"
			elif [ "${BASH_REMATCH[4]}" == SKIP ]; then
				result SKIP "$CTEST.$name" "${BASH_REMATCH[5]:-skipped}"
			else
				result PASS "$CTEST.$name"
			fi
		fi
	done < <(cd /tmp && timeout "$TEST_TIMEOUT" "$CTEST_BIN" "${args[@]}" 2>&1;
		 echo "# $CTEST exit status $?")
	for t in $tests; do
		[[ "$reported" == *" $t "* ]] && continue
		result FAIL "$CTEST.$t" "no result: the binary stopped early"
		status=1
	done
	return $status
}

run_script() {
	local name=$1 file out rc reason

	if [ -f "$SELFTESTS/$name.sh" ]; then
		file=("bash" "$SELFTESTS/$name.sh")
	else
		file=("/usr/bin/python3" "$SELFTESTS/$name.py")
	fi
	out=$(mktemp)
	(cd "$TOP" && timeout "$TEST_TIMEOUT" "${file[@]}") 2>&1 | tee "$out"
	rc=${PIPESTATUS[0]}
	reason=$(grep -m1 '^SKIP: ' "$out" | sed 's/^SKIP: //')
	rm -f "$out"
	if ! klog_new_problems; then
		result FAIL "$name"
	elif [ "$rc" -eq 0 ]; then
		result PASS "$name"
	elif [ "$rc" -eq "$KSFT_SKIP" ]; then
		result SKIP "$name" "${reason:-skipped}"
	else
		[ "$rc" -eq 124 ] && echo "# $name: timed out after ${TEST_TIMEOUT}s"
		result FAIL "$name"
	fi
}

main() {
	local t start

	trap - EXIT
	if [ "$(id -u)" -ne 0 ]; then
		echo "run.sh: needs root (run it in the VM: tests/vm/vm.sh ... -- $0)" >&2
		exit 1
	fi
	echo "# cpo selftests on $(uname -r), modules from $(cpo_build_dir 2>/dev/null)"
	klog_mark
	if ! cpo_load_modules; then
		result FAIL modules.load "insmod failed"
		exit 1
	fi
	mount_debugfs || echo "# debugfs: no cposim knobs"

	if selected "$CTEST"; then
		echo "# ---- $CTEST"
		start=$SECONDS
		run_ctest
		echo "# $CTEST took $((SECONDS - start)) s"
	fi
	for t in "${SCRIPT_TESTS[@]}" "${HARDEN_TESTS[@]}"; do
		if [[ " ${HARDEN_TESTS[*]} " == *" $t "* ]]; then
			harden_selected "$t" || continue
		else
			selected "$t" || continue
		fi
		echo "# ---- $t"
		start=$SECONDS
		run_script "$t"
		echo "# $t took $((SECONDS - start)) s"
	done

	echo "# ---- unload"
	if rmmod cpo_sim cpo; then
		if [ -d /sys/module/cpo ] || [ -d /sys/module/cpo_sim ]; then
			result FAIL modules.unload "still loaded after rmmod"
		elif ! klog_new_problems; then
			result FAIL modules.unload
		else
			result PASS modules.unload
		fi
	else
		result FAIL modules.unload "rmmod cpo_sim cpo failed"
	fi

	echo "# totals: pass $n_pass fail $n_fail skip $n_skip"
	[ "$n_fail" -eq 0 ]
}

main
