#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every test of cpo: host checks (spec, style, sparse, unit tests), then the
# kselftests in one VM per kernel. Each test prints one line
# "RESULT: PASS|FAIL|SKIP name"; the run ends with a table of where the
# time went (each phase and VM, the ten slowest tests), then
# "N passed, N failed, N skipped", and fails when anything failed.
#
#   CPO_KERNELS   kernels to boot (default: "stock-6.1 stock-6.12 debug")
#   CPO_TESTS     test names passed to the guest runner (default: all)
#   CPO_PHASES    what to run (default: "host kselftests harden pkg"):
#                   host       builds, sparse, checkpatch, spec, unit tests
#                   kselftests tests/selftests/run.sh in a VM per kernel
#                   harden     on the debug kernel (when in CPO_KERNELS):
#                              stress, failslab, load/unload, CLI fuzz,
#                              then the netlink fuzzer, in the same VM as
#                              the debug kernel's kselftests
#                   pkg        the Debian packages (tests/pkg/pkg.sh): built,
#                              lintian, installed on this host with DKMS
#                              building the modules for the stock kernels,
#                              loaded in one short VM per stock kernel, purged
#   CPO_SOAK=1    the harden phase runs long (make soak): see below
#   CPO_TEST_JOBS tests at once in a guest (default 2, on the debug kernel 1;
#                 tests/selftests/run.sh)
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
kernels=${CPO_KERNELS:-stock-6.1 stock-6.12 debug}
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT
results=$log/results

times=$log/times		# "SECONDS<tab>WHAT" per phase and VM
tests_times=$log/test-times	# "SECONDS KERNEL:TEST" per test
why=$log/why			# the first FAIL lines of each failed guest test
: >"$times"
: >"$tests_times"
: >"$why"

say() { printf '%s\n' "$*" | tee -a "$results"; }
# took WHAT START: WHAT took since START ($SECONDS), recorded for the table.
took() {
	printf '%s\t%s\n' "$((SECONDS - $2))" "$1" >>"$times"
	echo "check: $1 took $((SECONDS - $2)) s"
}
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
	took "host: $name" "$start"
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

phase() { [[ " ${CPO_PHASES:-host kselftests harden pkg} " == *" $1 "* ]]; }

# vm_run NAME KERNEL TIMEOUT VM-OPTION... -- CMD...: one VM; its RESULT
# lines are recorded as KERNEL:TEST, its TIME lines for the table; a kernel
# report or timeout fails NAME.
vm_run() {
	local name=$1 k=$2 timeout=$3 out=$log/vm-$1.log rc start=$SECONDS

	shift 3
	echo "check: $name on $k"
	tests/vm/vm.sh --kernel "$k" --timeout "$timeout" "$@" 2>&1 | tee "$out"
	rc=${PIPESTATUS[0]}
	sed -n 's/^\(RESULT: [A-Z]*\) \(.*\)$/\1 '"$k"':\2/p' "$out" >>"$results"
	sed -n 's/^TIME: \([^ ]*\) \([0-9]*\)$/\2 '"$k"':\1/p' "$out" >>"$tests_times"
	# A test's output comes whole, its RESULT line last: the FAIL lines
	# since the RESULT before are its own. Printed again at the end, where
	# a CI log cut to its tail still shows why.
	awk -v k="$k" '{ sub(/\r$/, "") }
		/^FAIL: / { if (n < 5) f[++n] = substr($0, 7, 300) }
		/^RESULT: / {
			if ($2 == "FAIL")
				for (i = 1; i <= n; i++) print "  " k ":" $3 ": " f[i]
			n = 0
		}' "$out" >>"$why"
	case $rc in
	0) ;;
	3) fail "vm:$name" "kernel reported a problem, see the log above" ;;
	124) fail "vm:$name" "timeout" ;;
	*) grep -q '^RESULT: FAIL' "$out" || fail "vm:$name" "exit $rc" ;;
	esac
	took "vm: $name" "$start"
}

# The table at the end: phases and VMs in the order they ran, the total,
# and the ten slowest tests (a test's wall time in its guest; two tests
# share a guest at once, so their times add up to more than the VM's).
time_table() {
	echo
	echo "check: where the time went"
	awk -F '\t' '{ printf "  %-40s %6d s\n", $2, $1 }' "$times"
	printf '  %-40s %6d s\n' "total" "$SECONDS"
	if [ -s "$tests_times" ]; then
		echo "check: the ten slowest tests"
		sort -rn "$tests_times" | head -n 10 |
			awk '{ printf "  %-40s %6d s\n", $2, $1 }'
	fi
}

# The debug kernel (about 12 minutes on 2 cores the first time, cached
# after) builds in the background, niced, from as soon as its own packages
# are in: beside the rest of the installs and the host phase, which leave a
# core idle much of the time (downloads, dpkg, checkpatch, valgrind).
# debug_kernel_wait collects it before anything needs it.
start=$SECONDS
scripts/deps.sh --debug-kernel ||
	{ fail deps "installing the debug kernel's build packages failed"; exit 1; }
took "host: deps of the debug kernel (apt-get)" "$start"
dk_pid=
dk_start=$SECONDS
if [[ " $kernels " == *" debug "* ]]; then
	nice -n 10 tests/vm/debug-kernel.sh >"$log/debug-kernel.log" 2>&1 &
	dk_pid=$!
fi
start=$SECONDS
scripts/deps.sh || { fail deps "installing the build and test packages failed"; exit 1; }
took "host: deps (apt-get)" "$start"

debug_kernel_wait() {
	[ -n "$dk_pid" ] || return 0
	if ! wait "$dk_pid"; then
		cat "$log/debug-kernel.log"
		fail "build:debug-kernel" "see output above"
	fi
	dk_pid=
	took "host: debug kernel (in the background; cached after the first run)" "$dk_start"
}

if phase host; then
	# Builds: each is a test (warning-free with W=1, sparse-clean with C=1);
	# the debug kernel's last, when it is there.
	order=()
	for k in $kernels; do
		[ "$k" = debug ] || order+=("$k")
	done
	[[ " $kernels " != *" debug "* ]] || order+=(debug)
	for k in "${order[@]}"; do
		[ "$k" != debug ] || debug_kernel_wait
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
	step cpoctl-docs tests/docs/check-cpoctl-docs.sh
	step alert-rules promtool test rules tests/unit/cpo-alerts.test.yml

	# Unit tests report their own counts.
	echo "check: unit tests"
	start=$SECONDS
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
	took "host: unit (plain, valgrind, ASan)" "$start"

fi

# The VM runs, one after the other: each kernel's kselftests in one guest;
# on the debug kernel the same guest then runs the hardening tests and the
# netlink fuzzer (one boot instead of three).
#
# Hardening on the debug kernel (CPO_SOAK=1 for a long run): the stress,
# allocation-failure, load/unload and CLI fuzz tests, then the netlink
# fuzzer (tests/fuzz), which scans for leaks itself. Their own variables
# override these:
#                      make check      make soak
#   STRESS_SECONDS     60              1800
#   LOADUNLOAD_CYCLES  20              1000
#   CLI_FUZZ_SECONDS   60              600
#   CPO_FUZZ_DURATION  90              3600  (CPO_FUZZ_SEED: a seed)
#   FAILSLAB_STRIDE    2               1     (new_device: the odd fault
#                                             points, which meet every
#                                             failure: failslab.sh says why)
if [ "${CPO_SOAK:-0}" = 1 ]; then
	soak=(1800 1000 600 3600 1)
else
	soak=(60 20 60 90 2)
fi
stress_s=${STRESS_SECONDS:-${soak[0]}}
cycles=${LOADUNLOAD_CYCLES:-${soak[1]}}
cli_s=${CLI_FUZZ_SECONDS:-${soak[2]}}
fuzz_s=${CPO_FUZZ_DURATION:-${soak[3]}}
stride=${FAILSLAB_STRIDE:-${soak[4]}}

# cli_fuzz (cpoctl under ASan and UBSan: a userspace fuzzer) runs in the
# stock 6.12 guest when there is one, where a cpoctl run costs a third of
# what it does on the debug kernel; else with the other hardening tests.
cli_fuzz_on() {
	if phase kselftests && [[ " $kernels " == *" stock-6.12 "* ]]; then
		echo stock-6.12
	else
		echo debug
	fi
}

# guest_cmd KERNEL: the guest's command line for that kernel, each part
# run whatever the one before did, the status the worst of them.
guest_cmd() {
	local k=$1 parts=() harden=(stress failslab loadunload)

	if phase kselftests; then
		if phase harden && [[ " $kernels " == *" debug "* ]] &&
		   [ "$k" = "$(cli_fuzz_on)" ] && [ "$k" != debug ]; then
			parts+=("env CLI_FUZZ_SECONDS=$cli_s tests/selftests/run.sh ${CPO_TESTS:-all} cli_fuzz")
		else
			parts+=("tests/selftests/run.sh ${CPO_TESTS:-}")
		fi
	fi
	if [ "$k" = debug ] && phase harden; then
		[ "$(cli_fuzz_on)" = debug ] && harden+=(cli_fuzz)
		parts+=("env STRESS_SECONDS=$stress_s FAILSLAB_STRIDE=$stride${FAILSLAB_FIRST:+ FAILSLAB_FIRST=$FAILSLAB_FIRST} LOADUNLOAD_CYCLES=$cycles LOADUNLOAD_SECONDS=$((cycles * 4)) CLI_FUZZ_SECONDS=$cli_s tests/selftests/run.sh ${harden[*]}")
		parts+=("tests/fuzz/run.sh -d $fuzz_s${CPO_FUZZ_SEED:+ -s $CPO_FUZZ_SEED}")
	fi
	((${#parts[@]})) || return 1
	printf 'rc=0; '
	printf '%s || rc=1; ' "${parts[@]}"
	# shellcheck disable=SC2016	# for the guest's shell
	printf 'exit "$rc"'
}

# guest_timeout KERNEL: a hang guard for the whole guest, far above a
# normal run (KASAN, lockdep and kmemleak make the debug guest several
# times slower).
guest_timeout() {
	local t=0

	if [ -n "${CPO_VM_TIMEOUT:-}" ]; then
		echo "$CPO_VM_TIMEOUT"
		return
	fi
	if phase kselftests; then
		case $1 in
		debug) t=2400 ;;
		*) t=1200 ;;
		esac
	fi
	if [ "$1" = debug ] && phase harden; then
		t=$((t + stress_s + cli_s + cycles * 6 + 900 + fuzz_s + 600))
	fi
	echo "$t"
}

debug_kernel_wait
vm_kernels=()
for k in $kernels; do
	guest_cmd "$k" >/dev/null && vm_kernels+=("$k")
done
# Everything the guests use is built here, before any guest runs.
if ((${#vm_kernels[@]})); then
	start=$SECONDS
	if ! (for k in "${vm_kernels[@]}"; do
			make --no-print-directory modules KDIR="$(kdir_of "$k")" || exit 1
		done
		make --no-print-directory tools &&
		make --no-print-directory -C tests/selftests &&
		make --no-print-directory -C tests/bench &&
		make --no-print-directory -C tests/fuzz &&
		tests/selftests/cli_fuzz.sh --build) >"$log/vm-build.log" 2>&1; then
		cat "$log/vm-build.log"
		fail "build:vm" "see output above"
		vm_kernels=()
	fi
	took "host: builds for the guests" "$start"
fi
for k in "${vm_kernels[@]}"; do
	vm_run "$k" "$k" "$(guest_timeout "$k")" -- bash -c "$(guest_cmd "$k")"
done

# The packages, after the guests: each step is a result, each step's time a
# line of the table.
if phase pkg; then
	pkg_kernels=()
	for k in $kernels; do
		[[ "$k" == stock-* ]] && pkg_kernels+=("$k")
	done
	if ((${#pkg_kernels[@]})); then
		echo "check: packages"
		tests/pkg/pkg.sh "${pkg_kernels[@]}" 2>&1 | tee "$log/pkg.log"
		rc=${PIPESTATUS[0]}
		grep '^RESULT: ' "$log/pkg.log" >>"$results"
		sed -n 's/^TIME: pkg:\([^ ]*\) \([0-9]*\)$/\2\tpkg: \1/p' "$log/pkg.log" >>"$times"
		if [ "$rc" != 0 ] && ! grep -q '^RESULT: FAIL' "$log/pkg.log"; then
			fail pkg "exit $rc"
		fi
	else
		skip pkg "no stock kernel in CPO_KERNELS"
	fi
fi

passed=$(( $(grep -c '^RESULT: PASS' "$results") + ${unit_pass:-0} ))
failed=$(( $(grep -c '^RESULT: FAIL' "$results") + ${unit_fail:-0} ))
skipped=$(grep -c '^RESULT: SKIP' "$results")
time_table
if [ -s "$why" ]; then
	echo "check: the first FAIL lines of each failed test"
	cat "$why"
fi
echo
grep -E '^RESULT: (FAIL|SKIP)' "$results"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
