#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# run-check.sh PLAIN_BIN ASAN_BIN
#
# Run the unit suite three times: as built (CUnit's basic output shown),
# under valgrind, and built with ASan/UBSan. Exit non-zero when any run
# fails; the last line is "unit: N passed, N failed", counting tests and
# taking the worst run.

plain=$1
asan=$2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
status=0
worst_failed=0
total=

# "unit: P passed, F failed" from a log -> sets total and worst_failed
summary() {
	line=$(grep '^unit: ' "$1" | tail -n 1)
	if [ -z "$line" ]; then
		echo "$2: no summary, the run crashed"
		status=1
		return
	fi
	p=$(echo "$line" | sed 's/^unit: \([0-9]*\) passed, \([0-9]*\) failed$/\1/')
	f=$(echo "$line" | sed 's/^unit: \([0-9]*\) passed, \([0-9]*\) failed$/\2/')
	[ -n "$total" ] || total=$((p + f))
	[ "$f" -le "$worst_failed" ] || worst_failed=$f
}

"$plain" >"$tmp/plain.log" 2>&1
rc=$?
grep -v '^unit: ' "$tmp/plain.log"
[ $rc -eq 0 ] || status=1
summary "$tmp/plain.log" "plain run"

if command -v valgrind >/dev/null 2>&1; then
	valgrind -q --leak-check=full --error-exitcode=99 \
		"$plain" >"$tmp/vg.log" 2>&1
	rc=$?
	if [ $rc -eq 0 ]; then
		echo "valgrind: clean"
	else
		grep -v '^unit: ' "$tmp/vg.log"
		echo "valgrind: FAILED (exit $rc)"
		status=1
	fi
	summary "$tmp/vg.log" "valgrind run"
else
	echo "valgrind: not installed, skipped"
fi

ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	"$asan" >"$tmp/asan.log" 2>&1
rc=$?
if [ $rc -eq 0 ]; then
	echo "asan/ubsan: clean"
else
	grep -v '^unit: ' "$tmp/asan.log"
	echo "asan/ubsan: FAILED (exit $rc)"
	status=1
fi
summary "$tmp/asan.log" "asan run"

[ -n "$total" ] || { total=1; worst_failed=1; }
[ "$worst_failed" -eq 0 ] || status=1
echo "unit: $((total - worst_failed)) passed, $worst_failed failed"
exit $status
