#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Self-test of the VM rig. Builds throwaway modules in a temporary directory
# (never in the tree) against each kernel and checks, through vm.sh: module
# load/unload and python3 in the guest, exit status propagation, the timeout,
# that a WARN fails the run and, on the debug kernel, that kmemleak reports a
# deliberate leak.
#
# usage: tests/vm/selftest.sh [KERNEL...]   (default: stock-6.1 stock-6.12 debug)
# Prints "RESULT: PASS|FAIL name" lines and "N passed, N failed"; exits 1 on
# any failure.

set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly SCRIPT_DIR
readonly VM="$SCRIPT_DIR/vm.sh"

kernels=("$@")
((${#kernels[@]})) || kernels=(stock-6.1 stock-6.12 debug)

work="$(mktemp -d "${TMPDIR:-/tmp}/cpo-vm-selftest.XXXXXX")"
trap 'rm -rf "$work"' EXIT

passed=0
failed=0
result() {
	local verdict="$1" name="$2"
	shift 2
	echo "RESULT: $verdict $name${*:+ ($*)}"
	if [[ "$verdict" == PASS ]]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
	fi
}

# expect NAME WANT_STATUS VM-ARGS... : run vm.sh, compare its exit status.
# The output is kept in $work/NAME.out for further checks.
expect() {
	local name="$1" want="$2" got=0 t0 t1
	shift 2
	t0=$(date +%s)
	mkdir -p "$(dirname "$work/$name")"
	"$VM" --log "$work/$name.log" "$@" >"$work/$name.out" 2>&1 || got=$?
	t1=$(date +%s)
	sed 's/^/    /' "$work/$name.out"
	if [[ "$got" == "$want" ]]; then
		result PASS "$name" "exit $got, $((t1 - t0)) s"
	else
		result FAIL "$name" "exit $got, wanted $want, $((t1 - t0)) s"
	fi
	[[ "$got" == "$want" ]]
}

cat >"$work/hello.c" <<'EOF'
#include <linux/module.h>
static int __init hello_init(void) { pr_info("cpo-vm-selftest: hello\n"); return 0; }
static void __exit hello_exit(void) { pr_info("cpo-vm-selftest: bye\n"); }
module_init(hello_init);
module_exit(hello_exit);
MODULE_LICENSE("GPL");
EOF
cat >"$work/warnme.c" <<'EOF'
#include <linux/module.h>
static int __init warnme_init(void) { WARN_ON(1); return 0; }
static void __exit warnme_exit(void) { }
module_init(warnme_init);
module_exit(warnme_exit);
MODULE_LICENSE("GPL");
EOF
cat >"$work/leakme.c" <<'EOF'
#include <linux/module.h>
#include <linux/slab.h>
static void *leakme_ptr;
static int __init leakme_init(void)
{
	leakme_ptr = kmalloc(128, GFP_KERNEL);
	if (!leakme_ptr)
		return -ENOMEM;
	leakme_ptr = NULL;	/* the only reference is gone: a leak */
	return 0;
}
static void __exit leakme_exit(void) { }
module_init(leakme_init);
module_exit(leakme_exit);
MODULE_LICENSE("GPL");
EOF

first=1
for k in "${kernels[@]}"; do
	echo "=== $k"
	kdir="$("$VM" --kernel "$k" --print-kdir)"
	mkdir -p "$work/$k"
	cp "$work"/*.c "$work/$k/"
	echo 'obj-m := hello.o warnme.o leakme.o' >"$work/$k/Kbuild"
	if make -s -C "$kdir" M="$work/$k" modules >"$work/$k/build.log" 2>&1; then
		result PASS "$k/build-modules"
	else
		sed 's/^/    /' "$work/$k/build.log"
		result FAIL "$k/build-modules"
		continue
	fi
	vm=(--kernel "$k" --tree "$work" --timeout 300)

	# Load and unload a module and run python3; on the debug kernel the
	# closing kmemleak scans run too, and must find nothing.
	if expect "$k/load-unload-python" 0 "${vm[@]}" -- sh -c \
		"insmod $k/hello.ko && rmmod hello && dmesg | grep cpo-vm-selftest &&
		 python3 -c 'import os; e = os.environ; print(\"python3 in\", os.uname().release, e[\"CPO_GUEST\"], e[\"CPO_KVER\"])'"; then
		kver="$("$VM" --kernel "$k" --print-kver)"
		if grep -qF "python3 in $kver 1 $kver" "$work/$k/load-unload-python.out"; then
			result PASS "$k/guest-env"
		else
			result FAIL "$k/guest-env" "CPO_GUEST/uname/python3 output"
		fi
	fi
	expect "$k/exit-status" 7 "${vm[@]}" --no-kmemleak -- sh -c 'exit 7' || true
	expect "$k/warn-detected" 3 "${vm[@]}" --no-kmemleak -- insmod "$k/warnme.ko" &&
		{ grep -q 'WARNING: CPU:' "$work/$k/warn-detected.out" || result FAIL "$k/warn-report-printed"; }
	if [[ "$k" == debug ]]; then
		expect "$k/kmemleak-detected" 3 "${vm[@]}" -- sh -c "insmod $k/leakme.ko && rmmod leakme" &&
			{ grep -q 'new suspected memory leaks' "$work/$k/kmemleak-detected.out" ||
				result FAIL "$k/kmemleak-report-printed"; }
	fi
	if ((first)); then
		first=0
		t0=$(date +%s)
		expect "$k/timeout" 124 --kernel "$k" --tree "$work" --timeout 20 --no-kmemleak -- sleep 100 || true
		t=$(($(date +%s) - t0))
		if ((t <= 35)); then
			result PASS "$k/timeout-bounded" "$t s"
		else
			result FAIL "$k/timeout-bounded" "$t s for a 20 s timeout"
		fi
	fi
done

echo "selftest: $passed passed, $failed failed"
((failed == 0))
