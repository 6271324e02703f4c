#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest-side runner of the cpo selftests: loads the modules, runs the C test
# binary (one result per TEST_F) and every script test, checks the kernel
# log after each, and unloads the modules at the end.
#
#   tests/selftests/run.sh [NAME...]
#
# NAME filters: a script test (sysfs, cpoctl, del_device_dump, ynl, sim, refresh,
# policy, preset, laser, failback, physics, laser_stress, kunit, uevent, hwmon,
# scale, cpoctl_diag, perms, badinput, cmis_i2c, lanetest, lanetx, stats, ports, slots,
# exporter, service, standby), "cpo_netlink" for every C test or
# "cpo_netlink.TEST" for one. With no NAME, or "all", all of those run, but
# on the debug kernel not the STOCK_ONLY ones (unless named).
# The hardening tests (stress, failslab, loadunload, cli_fuzz) run only when
# named, or all of them with the name "harden" (tests/check.sh runs them on
# the debug kernel, with their durations, but cli_fuzz on stock 6.12).
# Tests run two at a time, except the SOLO_TESTS, which run alone
# (CPO_TEST_JOBS=1: everything one at a time); a test's output is printed
# whole when it ends, then exactly one line
#   RESULT: PASS <name> | RESULT: FAIL <name> | RESULT: SKIP <name> (<reason>)
# (kunit also has one per KUnit case, named kunit.SUITE.CASE; the C tests
# one per TEST_F, cpo_netlink.TEST), then "TIME: <name> <seconds>", its wall
# time, which tests/check.sh collects. Exit status 1 when anything failed.
#
# Usually run inside the VM:
#   tests/vm/vm.sh --kernel stock-6.12 -- tests/selftests/run.sh
set -uo pipefail

# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"
SELFTESTS=$TOP/tests/selftests

SCRIPT_TESTS=(kunit sim ynl sysfs cpoctl del_device_dump policy preset laser failback physics refresh
	laser_stress uevent hwmon scale cpoctl_diag perms badinput busmodel cmis_i2c
	firmware flash lanetest lanetx stats ports slots exporter laser_flash service standby)
HARDEN_TESTS=(stress failslab loadunload cli_fuzz)
# Tests that look at the whole subsystem run alone: the module itself (load,
# unload, KUnit at load), global fault injection, every object of the
# system checked in one dump while thousands are (un)registered, or objects
# they did not make (cli_fuzz sets random ids). Every other test makes its
# own devices and looks only at them (dumps filtered by device and retried
# when a neighbour's registration interrupted them, events filtered by id,
# monitors with large buffers), so two of those run at once: the guest has
# two vCPUs and a shell test keeps about one busy. The noisy ones (event
# storms, 512-lane presets) never run beside each other. CPO_TEST_JOBS=1
# runs everything one at a time. cmis_i2c runs alone too: its module is an
# i2c-stub chip whose one page select byte the driver and the test's
# firmware program share, so nothing else may read its engine meanwhile
# (dumps and sensors of every engine would).
SOLO_TESTS=(kunit scale del_device_dump stress failslab loadunload cli_fuzz cmis_i2c)
NOISY_TESTS=(preset cpoctl_diag)
CTEST_SOLO=(lane_dump_large)
# Not on the debug kernel unless named (tests/README.md): what they check
# is userspace (two netlink decoders and the spec agreeing), permission
# policy, or size (16,384 lanes), and the kernel code they reach is reached
# there by the tests that do run (del_device_dump and stress race dumps with
# device churn there); a python3 start takes seconds on that kernel.
STOCK_ONLY=(ynl cpoctl perms scale)
# On the newest kernel line only: 16,384 lanes are about cpo's own dump
# resumption, the same code on every kernel; 6.1's netlink resumes the
# dumps of del_device_dump and cpo_netlink.lane_dump_large (4,096 lanes).
NEWEST_ONLY=(scale)
# The order they start in: solo tests first, then the others slowest first,
# so that the last two end together.
ORDER=(kunit scale del_device_dump cpo_netlink.lane_dump_large stress failslab
	loadunload cli_fuzz cmis_i2c
	service preset laser cpoctl_diag sysfs cpoctl badinput physics perms ynl
	laser_stress refresh flash laser_flash lanetest lanetx failback stats ports slots exporter cpo_netlink
	standby hwmon sim busmodel firmware uevent policy)
# Two at a time: the guest has two vCPUs, QEMU a thread for each.
JOBS=${CPO_TEST_JOBS:-2}
export CPO_TEST_JOBS=$JOBS
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

# default_selected NAME: with no filter or "all", every test but the
# hardening ones (and the stock-only ones on the debug kernel).
default_selected() {
	local f all=0

	((${#FILTERS[@]})) || all=1
	for f in "${FILTERS[@]}"; do
		[ "$f" == all ] && all=1
	done
	((all)) || return 1
	[[ " ${HARDEN_TESTS[*]} " == *" $1 "* ]] && return 1
	if kernel_is_debug && [[ " ${STOCK_ONLY[*]} " == *" $1 "* ]]; then
		return 1
	fi
	if [[ "$CPO_KVER" == 6.1.* && " ${NEWEST_ONLY[*]} " == *" $1 "* ]]; then
		return 1
	fi
	return 0
}

# named NAME: a filter names the test itself.
named() {
	local f

	for f in "${FILTERS[@]}"; do
		[ "$f" == "$1" ] && return 0
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

# run_ctest [-t TEST | -T TEST]...: the C tests, all of them or those the
# harness options include (-t) or leave out (-T); one RESULT per TEST_F.
run_ctest() {
	local tests t line status=0 reported="" name last=$SECONDS
	local -a opts=("$@")
	local -A inc=() exc=()

	while (($#)); do
		case $1 in
		-t) inc[$2]=1 ;;
		-T) exc[$2]=1 ;;
		esac
		shift 2
	done
	# The tests the binary has, as the options select them.
	tests=$("$CTEST_BIN" -l 2>&1 | awk -v f="$CTEST" '
		/^-+$/ { on = 1; next }
		on && NF { if ($1 == f) print $2; else if (NF == 1) print $1 }' |
		while read -r t; do
			((${#inc[@]})) && [ -z "${inc[$t]-}" ] && continue
			[ -n "${exc[$t]-}" ] && continue
			echo "$t"
		done)

	while IFS= read -r line; do
		echo "$line"
		if [[ "$line" =~ ^(not\ )?ok\ [0-9]+\ $CTEST\.([A-Za-z0-9_]+)(\ \#\ (SKIP|XFAIL)\ ?(.*))?$ ]]; then
			name=${BASH_REMATCH[2]}
			reported+=" $name "
			echo "TIME: $CTEST.$name $((SECONDS - last))"
			last=$SECONDS
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
	done < <(cd /tmp && timeout "$TEST_TIMEOUT" "$CTEST_BIN" "${opts[@]}" 2>&1;
		 echo "# $CTEST exit status $?")
	for t in $tests; do
		[[ "$reported" == *" $t "* ]] && continue
		result FAIL "$CTEST.$t" "no result: the binary stopped early"
		status=1
	done
	return $status
}

# ctest_jobs: CTEST_JOBS, the jobs of the C tests the filters select:
# "cpo_netlink" (the tests named, else all but the solo ones, in
# CTEST_OPTS) and "cpo_netlink.TEST" for each solo one.
CTEST_OPTS=()
CTEST_JOBS=()
ctest_jobs() {
	local f t whole=0

	((${#FILTERS[@]})) || whole=1
	for f in "${FILTERS[@]}"; do
		case $f in
		all | "$CTEST") whole=1 ;;
		"$CTEST".*) CTEST_OPTS+=(-t "${f#"$CTEST".}") ;;
		esac
	done
	if ((whole)); then
		CTEST_OPTS=()
		for t in "${CTEST_SOLO[@]}"; do
			CTEST_OPTS+=(-T "$t")
		done
		CTEST_JOBS=("$CTEST")
		for t in "${CTEST_SOLO[@]}"; do
			CTEST_JOBS+=("$CTEST.$t")
		done
	elif ((${#CTEST_OPTS[@]})); then
		CTEST_JOBS=("$CTEST")
	fi
}

# job_body NAME: what a job runs, its output to stdout; the exit status of
# a script test is its own, the C tests print their RESULT lines themselves.
job_body() {
	local name=$1

	case $name in
	"$CTEST")
		run_ctest "${CTEST_OPTS[@]}"
		return 0 ;;
	"$CTEST".*)
		run_ctest -t "${name#"$CTEST".}"
		return 0 ;;
	esac
	cd "$TOP" || return 1
	if [ -f "$SELFTESTS/$name.sh" ]; then
		exec timeout "$TEST_TIMEOUT" bash "$SELFTESTS/$name.sh"
	fi
	exec timeout "$TEST_TIMEOUT" /usr/bin/python3 "$SELFTESTS/$name.py"
}

# job_end NAME RC: print a finished job's output and its result.
job_end() {
	local name=$1 rc=$2 out=$RUN_DIR/$1.out reason line

	echo "# ---- $name"
	while IFS= read -r line; do
		echo "$line"
		case $line in
		"RESULT: PASS "*) n_pass=$((n_pass + 1)) ;;
		"RESULT: FAIL "*) n_fail=$((n_fail + 1)) ;;
		"RESULT: SKIP "*) n_skip=$((n_skip + 1)) ;;
		esac
	done <"$out"
	if [[ "$name" != "$CTEST" && "$name" != "$CTEST".* ]]; then
		reason=$(grep -m1 '^SKIP: ' "$out" | sed 's/^SKIP: //')
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
	fi
	# (a single C test's job: run_ctest printed its time)
	[[ "$name" == "$CTEST".* ]] || echo "TIME: $name $((SECONDS - JOB_START[$name]))"
	echo "# $name took $((SECONDS - JOB_START[$name])) s"
	rm -f "$out"
}

declare -A JOB_OF=() JOB_START=()

job_start() {
	local name=$1

	JOB_START[$name]=$SECONDS
	job_body "$name" >"$RUN_DIR/$name.out" 2>&1 </dev/null &
	JOB_OF[$!]=$name
	echo "# started $name (at $SECONDS s, $((${#JOB_OF[@]})) running)"
}

# job_wait: wait for one job to end and report it.
job_wait() {
	local pid rc

	wait -n -p pid "${!JOB_OF[@]}"
	rc=$?
	job_end "${JOB_OF[$pid]}" "$rc"
	unset "JOB_OF[$pid]"
}

job_wait_all() {
	while ((${#JOB_OF[@]})); do
		job_wait
	done
}

# is_solo NAME: nothing else may run beside it.
is_solo() {
	[[ " ${SOLO_TESTS[*]} " == *" $1 "* || "$1" == "$CTEST".* ]]
}

# is_noisy NAME
is_noisy() {
	[[ " ${NOISY_TESTS[*]} " == *" $1 "* ]]
}

# can_start NAME: a slot is free, and a noisy test has no noisy neighbour.
can_start() {
	local n

	((${#JOB_OF[@]} < JOBS)) || return 1
	is_noisy "$1" || return 0
	for n in "${JOB_OF[@]}"; do
		is_noisy "$n" && return 1
	done
	return 0
}

# run_tests NAME...: in the order given, a solo test alone; the others up
# to JOBS at a time, each time the first of the rest that can start.
run_tests() {
	local t i started
	local -a rest=("$@")

	while ((${#rest[@]})); do
		t=${rest[0]}
		if is_solo "$t" || ((JOBS < 2)); then
			job_wait_all
			job_start "$t"
			job_wait_all
			rest=("${rest[@]:1}")
			continue
		fi
		started=0
		for i in "${!rest[@]}"; do
			t=${rest[i]}
			is_solo "$t" && break
			if can_start "$t"; then
				job_start "$t"
				unset "rest[i]"
				rest=("${rest[@]}")
				started=1
				break
			fi
		done
		((started)) || job_wait
	done
	job_wait_all
}

main() {
	local t

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

	# What tests would otherwise do on first use, racing each other: the
	# binaries built and the kernel's YNL tools unpacked.
	if [ ! -x "$CTEST_BIN" ] || [ "$SELFTESTS/$CTEST.c" -nt "$CTEST_BIN" ] ||
	   [ "$SELFTESTS/cpo_fault.c" -nt "$TOP/build/selftests/cpo_fault" ]; then
		make -s -C "$SELFTESTS" >/tmp/cpo_selftests_build.log 2>&1 ||
			cat /tmp/cpo_selftests_build.log
	fi
	"$TOP/scripts/ynl.sh" root >/dev/null 2>&1

	RUN_DIR=$(mktemp -d)
	ctest_jobs
	# a test missing from ORDER still runs, last
	for t in "${SCRIPT_TESTS[@]}" "${HARDEN_TESTS[@]}"; do
		[[ " ${ORDER[*]} " == *" $t "* ]] || ORDER+=("$t")
	done
	todo=()
	for t in "${ORDER[@]}"; do
		case $t in
		"$CTEST"*)
			[[ " ${CTEST_JOBS[*]} " == *" $t "* ]] || continue ;;
		*)
			if [[ " ${HARDEN_TESTS[*]} " == *" $t "* ]]; then
				harden_selected "$t" || continue
			else
				default_selected "$t" || named "$t" || continue
			fi ;;
		esac
		todo+=("$t")
	done
	for t in "${STOCK_ONLY[@]}" "${NEWEST_ONLY[@]}"; do
		[[ " ${todo[*]} " == *" $t "* ]] || ! default_selected sim ||
			echo "# $t: not on this kernel (tests/README.md, 'What runs where')"
	done
	echo "# $((${#todo[@]})) tests, up to $JOBS at a time: ${todo[*]}"
	run_tests "${todo[@]}"
	rm -rf "$RUN_DIR"

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
