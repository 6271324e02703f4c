#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every test of cpo: host checks (spec, style, sparse, unit tests), then the
# kselftests in a VM on each kernel. Each test prints one line
# "RESULT: PASS|FAIL|SKIP name"; the run ends with "N passed, N failed,
# N skipped" and fails when anything failed.
#
#   CPO_KERNELS   kernels to boot (default: "stock-6.1 stock-6.12 debug")
#   CPO_TESTS     test names passed to the guest runner (default: all)
#   CPO_PHASES    what to run (default: "host kselftests harden"):
#                   host       builds, sparse, checkpatch, spec, unit tests
#                   kselftests tests/selftests/run.sh in a VM per kernel
#                   harden     on the debug kernel (when in CPO_KERNELS):
#                              stress, failslab, load/unload, CLI fuzz,
#                              then the netlink fuzzer, one VM each
#   CPO_SOAK=1    the harden phase runs long (make soak): see below
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
kernels=${CPO_KERNELS:-stock-6.1 stock-6.12 debug}
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT
results=$log/results

say() { printf '%s\n' "$*" | tee -a "$results"; }
pass() { say "RESULT: PASS $1"; }
fail() { say "RESULT: FAIL $1${2:+ ($2)}"; }
skip() { say "RESULT: SKIP $1${2:+ ($2)}"; }

# Run a step whose whole output is one result.
step() {
	local name=$1 out=$log/$1.log start
	shift
	start=$SECONDS
	if "$@" >"$out" 2>&1; then
		pass "$name"
	else
		cat "$out"
		fail "$name" "see output above"
	fi
	echo "check: $name took $((SECONDS - start)) s"
}

kdir_of() {
	case $1 in
	stock-6.1|stock-6.12)
		ls -d /usr/src/linux-headers-"${1#stock-}".*-amd64 2>/dev/null |
			grep -v -e '-rt-' -e '-cloud-' | sort -V | tail -n 1 ;;
	debug)
		tests/vm/debug-kernel.sh --print-kdir ;;
	esac
}

phase() { [[ " ${CPO_PHASES:-host kselftests harden} " == *" $1 "* ]]; }

# vm_run NAME KERNEL TIMEOUT VM-OPTION... -- CMD...: one VM; its RESULT
# lines are recorded as KERNEL:TEST; a kernel report or timeout fails NAME.
vm_run() {
	local name=$1 k=$2 timeout=$3 out=$log/vm-$1.log rc start=$SECONDS

	shift 3
	echo "check: $name on $k"
	tests/vm/vm.sh --kernel "$k" --timeout "$timeout" "$@" 2>&1 | tee "$out"
	rc=${PIPESTATUS[0]}
	sed -n 's/^\(RESULT: [A-Z]*\) \(.*\)$/\1 '"$k"':\2/p' "$out" >>"$results"
	case $rc in
	0) ;;
	3) fail "vm:$name" "kernel reported a problem, see the log above" ;;
	124) fail "vm:$name" "timeout" ;;
	*) grep -q '^RESULT: FAIL' "$out" || fail "vm:$name" "exit $rc" ;;
	esac
	echo "check: $name took $((SECONDS - start)) s"
}

if phase host; then
	# Builds: each is a test (warning-free with W=1, sparse-clean with C=1).
	for k in $kernels; do
		kdir=$(kdir_of "$k")
		if [ -z "$kdir" ]; then
			fail "build:$k" "no kernel tree"
			continue
		fi
		step "build:$k" make --no-print-directory modules KDIR="$kdir"
	done
	for k in stock-6.1 stock-6.12; do
		step "sparse:$k" make --no-print-directory modules KDIR="$(kdir_of $k)" C=2
	done
	step build:tools make --no-print-directory tools
	step build:selftests make --no-print-directory -C tests/selftests
	step checkpatch scripts/checkpatch.sh
	step spec tests/spec/check-spec.sh

	# Unit tests report their own counts.
	echo "check: unit tests"
	if make --no-print-directory -C tests/unit check >"$log/unit.log" 2>&1; then
		unit_rc=0
	else
		unit_rc=1
	fi
	cat "$log/unit.log"
	unit_line=$(grep -E '^unit: [0-9]+ passed, [0-9]+ failed' "$log/unit.log" | tail -n 1)
	unit_pass=$(echo "$unit_line" | awk '{ print $2 }')
	unit_fail=$(echo "$unit_line" | awk '{ print $4 }')
	if [ -z "$unit_line" ]; then
		fail unit "no summary line"
	elif [ "$unit_rc" != 0 ] && [ "${unit_fail:-0}" = 0 ]; then
		fail unit "make failed (valgrind or build)"
	fi

fi

# The VM runs: the stock kernels' kselftests and the fuzzer, then the
# debug kernel's kselftests and hardening, one VM after the other.
# CPO_PARALLEL=1 runs them in two lanes at once (debug | stock and fuzz),
# each lane's output shown when it ends: about a third faster on 2 cores,
# but the guests then compete for the CPUs and the tests' waits for a
# state become tight.
#
# Hardening on the debug kernel (CPO_SOAK=1 for a long run): the stress,
# allocation-failure, load/unload and CLI fuzz tests in one VM, then the
# netlink fuzzer (tests/fuzz) in another, which scans for leaks itself.
# Their own variables override these:
#                      make check      make soak
#   STRESS_SECONDS     90              1800
#   LOADUNLOAD_CYCLES  100             1000
#   CLI_FUZZ_SECONDS   60              600
#   CPO_FUZZ_DURATION  120             3600  (CPO_FUZZ_SEED: a seed)
if [ "${CPO_SOAK:-0}" = 1 ]; then
	soak=(1800 1000 600 3600)
else
	soak=(90 100 60 120)
fi
stress_s=${STRESS_SECONDS:-${soak[0]}}
cycles=${LOADUNLOAD_CYCLES:-${soak[1]}}
cli_s=${CLI_FUZZ_SECONDS:-${soak[2]}}
fuzz_s=${CPO_FUZZ_DURATION:-${soak[3]}}

kselftests() {
	local k=$1 timeout

	# KASAN, lockdep and kmemleak make the debug guest several times
	# slower.
	case $k in
	debug) timeout=${CPO_VM_TIMEOUT:-3600} ;;
	*) timeout=${CPO_VM_TIMEOUT:-1500} ;;
	esac
	# shellcheck disable=SC2086
	vm_run "$k" "$k" "$timeout" -- tests/selftests/run.sh ${CPO_TESTS:-}
}

harden() {
	vm_run harden debug $((stress_s + cli_s + cycles * 6 + 1500)) -- \
		env STRESS_SECONDS="$stress_s" LOADUNLOAD_CYCLES="$cycles" \
		LOADUNLOAD_SECONDS=$((cycles * 4)) CLI_FUZZ_SECONDS="$cli_s" \
		tests/selftests/run.sh harden
}

fuzz() {
	# shellcheck disable=SC2086
	vm_run fuzz debug $((fuzz_s + 600)) --no-kmemleak -- \
		tests/fuzz/run.sh -d "$fuzz_s" ${CPO_FUZZ_SEED:+-s "$CPO_FUZZ_SEED"}
}

# Everything the guests use is built here, so that no two guests build
# into the tree at once.
lane_debug=() lane_stock=()
for k in $kernels; do
	if [ "$k" = debug ]; then
		phase kselftests && lane_debug+=("kselftests debug")
	else
		phase kselftests && lane_stock+=("kselftests $k")
	fi
done
if phase harden && [[ " $kernels " == *" debug "* ]]; then
	# the fuzzer runs on the debug kernel too, in the shorter lane
	lane_debug+=(harden)
	if phase kselftests && ((${#lane_stock[@]})); then
		lane_stock+=(fuzz)
	else
		lane_debug+=(fuzz)
	fi
fi
if ((${#lane_debug[@]} + ${#lane_stock[@]})); then
	if ! (for k in $kernels; do
			make --no-print-directory modules KDIR="$(kdir_of "$k")" || exit 1
		done
		make --no-print-directory tools &&
		make --no-print-directory -C tests/selftests &&
		make --no-print-directory -C tests/bench &&
		make --no-print-directory -C tests/fuzz &&
		tests/selftests/cli_fuzz.sh --build) >"$log/vm-build.log" 2>&1; then
		cat "$log/vm-build.log"
		fail "build:vm" "see output above"
		lane_debug=() lane_stock=()
	fi
fi

# run_lane NAME STEP...: the steps one after the other, output to a file.
run_lane() {
	local name=$1 st

	shift
	for st in "$@"; do
		echo "check: $name lane: $st (at $SECONDS s)"
		# shellcheck disable=SC2086	# "kselftests KERNEL"
		$st >>"$log/lane-$name.log" 2>&1
	done
	echo "check: $name lane done (at $SECONDS s)"
}

if [ "${CPO_PARALLEL:-0}" = 1 ] && ((${#lane_debug[@]})) && ((${#lane_stock[@]})); then
	echo "check: VM runs in two lanes at once: ${lane_debug[*]} | ${lane_stock[*]}"
	run_lane debug "${lane_debug[@]}" &
	pid_debug=$!
	run_lane stock "${lane_stock[@]}" &
	pid_stock=$!
	wait "$pid_stock"
	cat "$log/lane-stock.log"
	wait "$pid_debug"
	cat "$log/lane-debug.log"
else
	for st in "${lane_stock[@]}" "${lane_debug[@]}"; do
		# shellcheck disable=SC2086
		$st
	done
fi

passed=$(( $(grep -c '^RESULT: PASS' "$results") + ${unit_pass:-0} ))
failed=$(( $(grep -c '^RESULT: FAIL' "$results") + ${unit_fail:-0} ))
skipped=$(grep -c '^RESULT: SKIP' "$results")
echo
grep -E '^RESULT: (FAIL|SKIP)' "$results"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
