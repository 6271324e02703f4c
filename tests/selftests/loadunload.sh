#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Load and unload cpo.ko and cpo_sim.ko LOADUNLOAD_CYCLES times (100), with
# a device and clients present at each unload; the loop also stops after
# LOADUNLOAD_SECONDS (100 s on a debug kernel, where a cycle takes seconds
# under TCG; 900 s elsewhere) and says how many cycles ran. Each cycle:
#   - insmod cpo.ko, cpo_sim.ko; new_device "ID 1 32 lasers=external";
#     "cpoctl -j monitor" running (cycle 1 and every tenth)
#   - a client (cpo_fault hold) holds: a socket in the monitor group, a
#     lane dump requested and not read (its first part queued), open
#     sysfs files (an engine's temperature, a lane's dp_state, the hwmon
#     temperature); the shell holds a debugfs knob open
#   - unloading cpo_sim with the knob open is refused, in use (the knob's
#     file operations belong to cpo_sim: the open file holds the module)
#   - knob closed: cpo_sim unloads with the rest still held; the held
#     sysfs files then read ENODEV
#   - unloading cpo with the dump unfinished is refused, in use (a running
#     dump holds the module of its family)
#   - the dump read to its end (it saw the device go: flagged or failed):
#     cpo unloads with the monitor sockets still open, which then simply
#     receive nothing; "cpoctl monitor" exits 0 on SIGINT, its output
#     valid JSON
# Unloading is rmmod in cycle 1 (its message is shown) and the same
# delete_module(NAME, O_NONBLOCK) call made by the holder in the others (an
# exec costs a lot in a TCG guest). Then the modules are loaded again for
# the tests that follow, a kmemleak scan is clean (debug kernel), the
# kernel log clean. On a kernel with KUnit the modules are loaded from
# copies without their KUnit suites (.kunit_test_suites removed), which
# would otherwise run at every load.

# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"

cpo_require
[ -x "$CPOCTL" ] || skip "$CPOCTL not built (make tools)"
[ -d "$SIM_DFS" ] || skip "no cposim debugfs knobs"
fault_require

CYCLES=${LOADUNLOAD_CYCLES:-100}
if kernel_is_debug; then
	LIMIT=${LOADUNLOAD_SECONDS:-100}
else
	LIMIT=${LOADUNLOAD_SECONDS:-900}
fi
left=$(sim_devices)
[ -z "$left" ] && left=$(ls "$CPO_CLASS" 2>/dev/null)
[ -z "$left" ] || skip "objects of another test are left ($left): cannot unload"

WORK=$(mktemp -d)
on_exit "rm -rf $WORK"
dir=$(cpo_build_dir)
for m in cpo:kernel/cpo.ko cpo_sim:kernel/sim/cpo_sim.ko; do
	objcopy -R .kunit_test_suites -R .rela.kunit_test_suites \
		"$dir/${m#*:}" "$WORK/${m%%:*}.ko" || skip "objcopy ${m#*:} failed"
done
# whatever happens, the modules are loaded for the next test
on_exit "cpo_load_modules; mount_debugfs"
klog_mark
cpo_unload_modules || skip "rmmod cpo_sim cpo failed: in use?"

# loaded NAME: the module is loaded
loaded() { [ -d "/sys/module/$1" ]; }

# rmmod_refused NAME DESC: unloading NAME is refused, it stays loaded.
# Cycle 1 runs rmmod, to show its message; the others ask the holder for
# the same delete_module(O_NONBLOCK) call (no exec: seconds in a TCG guest).
rmmod_refused() {
	local out

	if [ "$c" == 1 ]; then
		if out=$(rmmod "$1" 2>&1); then
			ERRS+=("cycle $c: rmmod $1 $2 succeeded")
			return 1
		fi
		log "rmmod $1 $2: '$out', refcnt $(cat "/sys/module/$1/refcnt")"
		hold_cmd "rmmod $1"
		log "delete_module($1, O_NONBLOCK) $2: $HELD"
		out+=" $HELD"
	else
		hold_cmd "rmmod $1"
		out=$HELD
	fi
	if ! loaded "$1"; then
		ERRS+=("cycle $c: rmmod $1 $2 failed ($out) but unloaded it")
		return 1
	fi
	if [[ "$out" != *EWOULDBLOCK* && "$out" != *EAGAIN* && "$out" != *EBUSY* ]]; then
		ERRS+=("cycle $c: rmmod $1 $2: '$out', not 'in use'")
		return 1
	fi
	return 0
}

# rmmod_ok NAME DESC: unloading NAME succeeds, it is gone
rmmod_ok() {
	local out

	if [ "$c" == 1 ]; then
		out=$(rmmod "$1" 2>&1) || out="failed: $out"
	else
		hold_cmd "rmmod $1"
		out=$HELD
	fi
	if [ -n "$out" ] && [ "$out" != ok ]; then
		ERRS+=("cycle $c: rmmod $1 $2: $out")
		return 1
	fi
	if loaded "$1"; then
		ERRS+=("cycle $c: rmmod $1 $2 succeeded but it is still loaded")
		return 1
	fi
	return 0
}

# hold_cmd CMD: one command to the holder; its answer in HELD
hold_cmd() {
	HELD=
	echo "$1" >&"${HOLD[1]}" || return 1
	read -r -t 120 HELD <&"${HOLD[0]}"
}

# step NAME: time since the last step, kept for cycle 1
STEP_T=$EPOCHREALTIME STEPS=""
step() {
	local now=$EPOCHREALTIME

	[ "$c" == 1 ] && STEPS+=" $1 $(awk -v a="$STEP_T" -v b="$now" 'BEGIN { printf "%.2f", b - a }')"
	STEP_T=$now
}

ERRS=()
refused_sim=0 refused_cpo=0 enodev=0 dump_flagged=0 mon_events=0 done_cycles=0
monitors=0
: >"$WORK/mon.all"
start=$SECONDS
for ((c = 1; c <= CYCLES; c++)); do
	if ((SECONDS - start >= LIMIT)); then
		log "time limit of ${LIMIT}s reached after $((c - 1)) cycles"
		break
	fi
	t0=$SECONDS
	STEP_T=$EPOCHREALTIME
	if ! insmod "$WORK/cpo.ko" || ! insmod "$WORK/cpo_sim.ko"; then
		ERRS+=("cycle $c: insmod failed")
		break
	fi
	mount_debugfs
	step insmod
	# cpoctl monitor in cycle 1 and every tenth; the holder's monitor
	# socket in every cycle
	mon=
	if ((c % 10 == 1)); then
		"$CPOCTL" -j monitor >"$WORK/mon" 2>"$WORK/mon.err" &
		mon=$!
	fi
	ID=$(sim_unique_id)
	if ! { printf '%s' "$ID 1 32 lasers=external" >"$SIM_BUS/new_device"; } 2>/dev/null; then
		ERRS+=("cycle $c: new_device '$ID 1 32 lasers=external' failed")
		[ -n "$mon" ] && kill "$mon"
		break
	fi
	step new_device
	E=$(sysfs_engines_of "$ID")
	E=${E% }
	files=("$CPO_CLASS/engine$E/temperature" "$CPO_CLASS/engine$E/lane0/dp_state")
	for h in "$CPO_CLASS/engine$E"/*/hwmon/hwmon*/temp1_input; do
		[ -e "$h" ] && files+=("$h")
	done
	coproc HOLD { "$FAULT" hold "${files[@]}"; }
	read -r -t 60 HELD <&"${HOLD[0]}"
	[ "$c" == 1 ] && log "cycle 1: engine $E; $HELD"
	exec {knob}<"$SIM_DFS/cposim$ID/engine0/overtemp"
	step clients

	rmmod_refused cpo_sim "with a debugfs knob open" && refused_sim=$((refused_sim + 1))
	exec {knob}<&-
	step rmmod_refused
	rmmod_ok cpo_sim "with sysfs files, a dump and monitors held"
	step rmmod_cpo_sim
	hold_cmd read
	[ "$c" == 1 ] && log "cycle 1: held sysfs files after rmmod cpo_sim: $HELD"
	if [[ "$HELD" =~ ^(ENODEV ?)+$ ]]; then
		enodev=$((enodev + 1))
	else
		ERRS+=("cycle $c: held sysfs files read '$HELD', not ENODEV")
	fi
	rmmod_refused cpo "with a dump unfinished" && refused_cpo=$((refused_cpo + 1))
	hold_cmd dump
	[ "$c" == 1 ] && log "cycle 1: the held dump, read after rmmod cpo_sim: $HELD"
	if [[ "$HELD" =~ intr\ 1|err\ -[0-9] ]]; then
		dump_flagged=$((dump_flagged + 1))
	else
		ERRS+=("cycle $c: the dump across rmmod cpo_sim: '$HELD', not flagged")
	fi
	step dump
	rmmod_ok cpo "with monitor sockets open"
	step rmmod_cpo
	hold_cmd monitor
	[ "$c" == 1 ] && log "cycle 1: holder's monitor socket: $HELD"
	mon_events=$((mon_events + ${HELD#events }))
	hold_cmd quit
	wait "$HOLD_PID" 2>/dev/null
	if [ -n "$mon" ]; then
		kill -INT "$mon"
		wait "$mon"
		rc=$?
		[ "$rc" == 0 ] || ERRS+=("cycle $c: cpoctl monitor exit $rc: $(head -c 200 "$WORK/mon.err")")
		cat "$WORK/mon" >>"$WORK/mon.all"
		monitors=$((monitors + 1))
	fi
	if loaded cpo || loaded cpo_sim; then
		ERRS+=("cycle $c: modules still loaded at the end of the cycle")
		cpo_unload_modules 2>/dev/null
		loaded cpo && break
	fi
	step end
	done_cycles=$c
	[ "$c" == 1 ] && log "cycle 1 took $((SECONDS - t0)) s:$STEPS"
done
elapsed=$((SECONDS - start))
log "$done_cycles load/unload cycles in ${elapsed} s ($(awk -v t="$elapsed" -v n="$done_cycles" \
	'BEGIN { if (n) printf "%.1f", t / n; else print "-" }') s each)"
log "rmmod cpo_sim refused with a knob open: $refused_sim; rmmod cpo refused with a dump running: $refused_cpo"
log "held sysfs files read ENODEV after unload: $enodev; dumps flagged or ended in error: $dump_flagged; events on the holder's monitor socket: $mon_events"
n=$(wc -l <"$WORK/mon.all")
log "cpoctl monitor in $monitors cycles: $n events, each exit 0 on SIGINT"
check_eq "cpoctl monitor: every line one JSON object" \
	"$(jq -c . "$WORK/mon.all" 2>/dev/null | wc -l)" "$n"
for e in "${ERRS[@]:0:10}"; do
	log "$e"
done
check_eq "load/unload cycles without a problem" "${#ERRS[@]}" 0
if kernel_is_debug; then
	((done_cycles >= 5)) || fail "only $done_cycles cycles ran"
else
	check_eq "cycles run" "$done_cycles" "$CYCLES"
fi

# ---- the modules again, as the other tests expect them
check_true "modules load again" cpo_load_modules
mount_debugfs
ID=$(sim_unique_id)
check_true "new_device after the cycles" sim_new "$ID" 1 8 lasers=external

kmemleak_check
klog_check
cpo_exit
