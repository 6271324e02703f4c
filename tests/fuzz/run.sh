#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest-side runner of the netlink fuzzer: loads the modules, makes
# simulated devices with lasers, runs build/fuzz/cpo_fuzz for DURATION
# seconds while writing random values to the simulator's debugfs knobs
# (and adding/removing a device and the netdevs lanes serve), then removes
# everything, unloads the modules and, on a kmemleak kernel, scans for
# leaks. Prints "RESULT: PASS|FAIL|SKIP <name>" lines like tests/selftests:
#
#   fuzz		the fuzzer ran to its end, kernel log clean
#   fuzz.unload		devices removed, modules unloaded, log clean
#   fuzz.kmemleak	no leak (SKIP without kmemleak)
#
#   tests/fuzz/run.sh [-d DURATION] [-s SEED] [-n DATAGRAMS] [-j JOBS]
#                     [-F PCT] [--no-knobs] [--no-hotplug] [-b CPO_FUZZ_BINARY]
#                     [-- CPO_FUZZ_ARGS...]
#
# -F: on a kernel with failslab and /proc/thread-self/fail-nth (the debug
# kernel), PCT % of the datagrams (default 2) are sent with the n-th slab
# allocation of the fuzzer's thread set to fail (cpo_fuzz -F); page
# allocations are never failed (their failure warns with a stack trace).
#
# JOBS fuzzer processes run at once (default 2, seeds SEED, SEED+1, ...),
# so requests also race with each other (the family has parallel_ops);
# the first one's output is shown as it runs, the others' after.
#
# Usually run inside the VM:
#   tests/vm/vm.sh --kernel debug --timeout 1500 -- tests/fuzz/run.sh -d 120
set -uo pipefail

# shellcheck source-path=SCRIPTDIR source=../selftests/common.sh
source "$(dirname "$0")/../selftests/common.sh"

FUZZ=${CPO_FUZZ:-$TOP/build/fuzz/cpo_fuzz}
DURATION=120
SEED=
COUNT=
JOBS=2
FAILSLAB=2
KNOBS=1
HOTPLUG=1
EXTRA=()
n_fail=0

while [ $# -gt 0 ]; do
	case $1 in
	-d|--duration) DURATION=$2; shift ;;
	-s|--seed) SEED=$2; shift ;;
	-n|--count) COUNT=$2; shift ;;
	-b|--bin) FUZZ=$2; shift ;;
	-j|--jobs) JOBS=$2; shift ;;
	-F|--failslab) FAILSLAB=$2; shift ;;
	--no-knobs) KNOBS=0 ;;
	--no-hotplug) HOTPLUG=0 ;;
	--) shift; EXTRA=("$@"); break ;;
	*) echo "usage: $0 [-d SEC] [-s SEED] [-n N] [-j JOBS] [-F PCT] [--no-knobs] [--no-hotplug] [-b BIN] [-- ARGS]" >&2
	   exit 1 ;;
	esac
	shift
done
[ -n "$SEED" ] || SEED=$(( $(date +%s%N) % 1000000000 ))

result() {
	[ "$1" = FAIL ] && n_fail=$((n_fail + 1))
	echo "RESULT: $1 $2${3:+ ($3)}"
}

# Devices the fuzzer works on: an external laser module feeding two
# engines, the npo preset (internal lasers); HOTPLUG_ID comes and goes.
DEVICES=("4101 2 8 lasers=external" "4102 preset=npo")
HOTPLUG_ID=4103
HOTPLUG_DEV="$HOTPLUG_ID 2 4 lasers=internal"
DUMMIES=(fzd0 fzd1)

STOP=/tmp/cpo_fuzz.stop
KNOB_LOG=/tmp/cpo_fuzz.knobs

# knob_value NAME: a value for a knob, valid mostly, sometimes not.
knob_value() {
	local vals

	case $1 in
	# real errnos only: the simulator hands the value to the core as is,
	# and cpo_fuzz flags kernel-internal ones (>= 512) in replies
	read_err|write_err) vals=(5 110 11 121 6 16 22 1 abc) ;;
	rx_los|tx_fault|stuck|fiber|fail) vals=(Y N 1 0 y n on off maybe "") ;;
	fault) vals=(0 1 2 3 4 0 255 256 -1 x) ;;
	overtemp) vals=(0 10 50 100 101 0 -5) ;;
	hours) vals=(0 1 100000 4294967295 4294967296 x) ;;
	loss_cdb) vals=(0 300 1500 6000 6001 0) ;;
	port) vals=(fzd0 fzd1 "" lo nosuchdev0 "fzd0
" aaaaaaaaaaaaaaaaaaaaaaaaa) ;;
	dp_step_ms) vals=(0 1 5 20 50 100) ;;
	*) vals=(0 1 Y N) ;;
	esac
	KNOB_VAL=${vals[RANDOM % ${#vals[@]}]}
}

# The knob writer: a random knob every 0.1-0.5 s until $STOP exists.
# Error knobs (read_err, write_err) are set back to 0 after a pause, so
# the transport works most of the time. Builtins only: forks are slow.
knob_writer() {
	local files=() f name i=0 dev_up=0 cnt=0 fails=0

	RANDOM=$SEED
	while [ ! -e "$STOP" ]; do
		if ((${#files[@]} == 0 || i % 64 == 0)); then
			mapfile -t files < <(find "$SIM_DFS" -type f 2>/dev/null)
		fi
		i=$((i + 1))
		if [ "$HOTPLUG" = 1 ] && ((i % 40 == 0)); then
			if ((dev_up)); then
				echo "$HOTPLUG_ID" >"$SIM_BUS/del_device" 2>/dev/null
				dev_up=0
			else
				echo "$HOTPLUG_DEV" >"$SIM_BUS/new_device" 2>/dev/null && dev_up=1
			fi
			files=()
			continue
		fi
		if [ "$HOTPLUG" = 1 ] && ((i % 53 == 0)); then
			# a netdev that lanes may serve goes and comes back
			ip link del fzd1 2>/dev/null
			ip link add fzd1 type dummy 2>/dev/null
			continue
		fi
		((${#files[@]})) || { sleep 0.2; continue; }
		f=${files[RANDOM % ${#files[@]}]}
		name=${f##*/}
		knob_value "$name"
		cnt=$((cnt + 1))
		printf '%s' "$KNOB_VAL" >"$f" 2>/dev/null || fails=$((fails + 1))
		sleep "0.$((RANDOM % 5 + 1))"
		case $name in
		read_err|write_err) printf 0 >"$f" 2>/dev/null ;;
		esac
	done
	((dev_up)) && echo "$HOTPLUG_ID" >"$SIM_BUS/del_device" 2>/dev/null
	echo "$cnt $fails" >"$KNOB_LOG"
}

main() {
	local rc r j id d knobs_pid="" start pids

	trap - EXIT
	if [ "$(id -u)" -ne 0 ]; then
		echo "run.sh: needs root (run it in the VM: tests/vm/vm.sh ... -- $0)" >&2
		exit 1
	fi
	echo "# cpo fuzz on $(uname -r): ${DURATION}s, $JOBS jobs, seed $SEED, modules from $(cpo_build_dir 2>/dev/null)"
	if [ ! -x "$FUZZ" ]; then
		if ! make -s -C "$TOP/tests/fuzz" >/tmp/cpo_fuzz_build.log 2>&1; then
			cat /tmp/cpo_fuzz_build.log
			result FAIL fuzz "build failed"
			exit 1
		fi
	fi
	klog_mark
	if ! cpo_load_modules; then
		result FAIL fuzz "insmod failed"
		exit 1
	fi
	mount_debugfs || echo "# debugfs: no cposim knobs"
	# Injected failures must not print stack traces (the rig reads them
	# as reports); GFP_KERNEL slab allocations may fail, pages never.
	for d in /sys/kernel/debug/fail*; do
		[ -w "$d/verbose" ] && echo 0 >"$d/verbose"
	done
	if [ "$FAILSLAB" != 0 ] && [ -w /proc/self/fail-nth ] &&
	   [ -w /sys/kernel/debug/failslab/ignore-gfp-wait ] &&
	   [ -w /sys/kernel/debug/fail_page_alloc/min-order ]; then
		echo N >/sys/kernel/debug/failslab/ignore-gfp-wait
		echo 11 >/sys/kernel/debug/fail_page_alloc/min-order
		EXTRA=(-F "$FAILSLAB" "${EXTRA[@]}")
		echo "# failslab: $FAILSLAB % of the datagrams with a slab allocation failure armed"
	fi
	modprobe -q dummy 2>/dev/null
	for d in "${DUMMIES[@]}"; do
		ip link add "$d" type dummy || echo "# no dummy netdev $d"
	done
	for d in "${DEVICES[@]}"; do
		if ! echo "$d" >"$SIM_BUS/new_device"; then
			result FAIL fuzz "new_device '$d' failed"
			exit 1
		fi
	done
	# some lanes serve the dummies from the start (topology ifindex)
	for d in engine0/lane0:fzd0 engine0/lane1:fzd0 engine1/lane0:fzd1; do
		id=$SIM_DFS/cposim4101/${d%:*}/port
		[ -w "$id" ] && printf '%s' "${d#*:}" >"$id"
	done
	echo "# devices: $(sim_devices)"

	rm -f "$STOP" "$KNOB_LOG"
	if [ "$KNOBS" = 1 ] && [ -d "$SIM_DFS" ]; then
		knob_writer &
		knobs_pid=$!
	fi

	start=$SECONDS
	pids=()
	for ((j = 1; j < JOBS; j++)); do
		# shellcheck disable=SC2086
		timeout -k 10 $((DURATION + 300)) "$FUZZ" -d "$DURATION" \
			-s $((SEED + j)) ${COUNT:+-n "$COUNT"} "${EXTRA[@]}" \
			>"/tmp/cpo_fuzz.$j.out" 2>&1 &
		pids[j]=$!
	done
	# shellcheck disable=SC2086
	timeout -k 10 $((DURATION + 300)) "$FUZZ" -d "$DURATION" -s "$SEED" \
		${COUNT:+-n "$COUNT"} "${EXTRA[@]}" 2>&1 | tee /tmp/cpo_fuzz.0.out
	rc=${PIPESTATUS[0]}
	echo "# cpo_fuzz exit status $rc after $((SECONDS - start)) s"
	for ((j = 1; j < JOBS; j++)); do
		wait "${pids[j]}"
		r=$?
		echo "# ---- cpo_fuzz instance $j (seed $((SEED + j)))"
		cat "/tmp/cpo_fuzz.$j.out"
		echo "# cpo_fuzz instance $j exit status $r"
		[ "$r" -gt "$rc" ] && rc=$r
	done

	touch "$STOP"
	if [ -n "$knobs_pid" ]; then
		wait "$knobs_pid"
		read -r d id <"$KNOB_LOG" 2>/dev/null &&
			echo "# knob writes: $d ($id refused)"
	fi
	if ! klog_new_problems; then
		result FAIL fuzz "seed $SEED: kernel log problem reports"
	elif [ "$rc" -eq 0 ]; then
		result PASS fuzz
	elif [ "$rc" -eq 2 ]; then
		result FAIL fuzz "seed $SEED: the kernel sent malformed messages or reported a problem"
	else
		result FAIL fuzz "seed $SEED: cpo_fuzz exit status $rc"
	fi

	echo "# ---- unload"
	for d in "${DEVICES[@]}"; do
		id=${d%% *}
		[ -e "$SIM_BUS/devices/cposim$id" ] &&
			{ echo "$id" >"$SIM_BUS/del_device" || echo "# del_device $id failed"; }
	done
	[ -e "$SIM_BUS/devices/cposim$HOTPLUG_ID" ] && echo "$HOTPLUG_ID" >"$SIM_BUS/del_device"
	for d in "${DUMMIES[@]}"; do
		ip link del "$d" 2>/dev/null
	done
	if ! rmmod cpo_sim cpo; then
		result FAIL fuzz.unload "rmmod cpo_sim cpo failed"
	elif [ -d /sys/module/cpo ] || [ -d /sys/module/cpo_sim ]; then
		result FAIL fuzz.unload "still loaded after rmmod"
	elif ! klog_new_problems; then
		result FAIL fuzz.unload "kernel log problem reports"
	else
		result PASS fuzz.unload
	fi

	kmemleak_scan
	echo "# fuzz: $n_fail failed"
	[ "$n_fail" -eq 0 ]
}

# kmemleak reports objects older than 5 s and unchanged between two scans.
kmemleak_scan() {
	local kl=/sys/kernel/debug/kmemleak report

	if [ ! -w "$kl" ]; then
		result SKIP fuzz.kmemleak "no kmemleak in this kernel"
		return
	fi
	echo scan >"$kl"
	sleep 5.5
	echo scan >"$kl"
	report=$(cat "$kl")
	if [ -n "$report" ]; then
		echo "# kmemleak:"
		# shellcheck disable=SC2001
		sed 's/^/#   /' <<<"$report" | head -n 200
		result FAIL fuzz.kmemleak "suspected leaks"
	else
		result PASS fuzz.kmemleak
	fi
}

main
