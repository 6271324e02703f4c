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

# Kselftests, one VM per kernel.
for k in $kernels; do
	echo "check: kselftests on $k"
	start=$SECONDS
	out=$log/vm-$k.log
	# shellcheck disable=SC2086
	# KASAN, lockdep and kmemleak make the debug guest several times slower.
	case $k in
	debug) timeout=${CPO_VM_TIMEOUT:-2700} ;;
	*) timeout=${CPO_VM_TIMEOUT:-1500} ;;
	esac
	tests/vm/vm.sh --kernel "$k" --timeout "$timeout" \
		-- tests/selftests/run.sh ${CPO_TESTS:-} 2>&1 | tee "$out"
	rc=${PIPESTATUS[0]}
	sed -n 's/^\(RESULT: [A-Z]*\) \(.*\)$/\1 '"$k"':\2/p' "$out" >>"$results"
	case $rc in
	0) ;;
	3) fail "vm:$k" "kernel reported a problem, see the log above" ;;
	124) fail "vm:$k" "timeout" ;;
	*) grep -q '^RESULT: FAIL' "$out" || fail "vm:$k" "exit $rc" ;;
	esac
	echo "check: $k took $((SECONDS - start)) s"
done

passed=$(( $(grep -c '^RESULT: PASS' "$results") + ${unit_pass:-0} ))
failed=$(( $(grep -c '^RESULT: FAIL' "$results") + ${unit_fail:-0} ))
skipped=$(grep -c '^RESULT: SKIP' "$results")
echo
grep -E '^RESULT: (FAIL|SKIP)' "$results"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
