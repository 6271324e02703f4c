#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Allocation failures (debug kernel: CONFIG_FAULT_INJECTION, FAILSLAB; a
# SKIP elsewhere). For n = 1, 2, ... the n-th slab allocation made by the
# syscalls of one operation fails (/proc/thread-self/fail-nth, armed by
# cpo_fault right before the syscalls and read right after), until the
# operation completes without reaching an n-th allocation. Operations:
#   - every netlink request of the spec, valid, on a 2 x 8 device with
#     laser sources: engine/lane/laser get, their dumps (all lanes and
#     one engine's), topology of an engine and of a laser, thresholds and
#     alarms of an engine and of a lane, their dumps, and the sets
#     (engine-set, lane-set of tx-enable + rx-enable + power, laser-set of
#     enable + failover-policy, threshold-set of an engine and of a lane,
#     alarm-clear). A failed request leaves the state as it was; a
#     successful one made the change; an answer lost (ENOBUFS on the
#     socket) leaves either
#   - new_device "ID 1 1 lasers=external": a failure leaves no device,
#     debugfs directory, engine, lane, laser, class or hwmon entry; a
#     success has the whole device (about 920 points, 160 s on the debug
#     kernel under TCG; FAILSLAB_STRIDE=N fails one point in N, from
#     point FAILSLAB_FIRST). On the 6.1 debug kernel the points of
#     new_device alternate: the odd ones fail cpo's and the driver core's
#     allocations (242 clean errors, 219 absorbed), the even ones are
#     second checks that no allocation of this path fails on (0 clean
#     errors, 461 absorbed, kmemleak still scanning after): stride 2 from
#     point 1, as make check runs it, meets every failure a full sweep
#     meets, in 40 % of the time
#   - module load, only when FAILSLAB_OPS names "modules": insmod cpo.ko,
#     then cpo_sim.ko (copies without their KUnit suites, which would run
#     at each load); a failure leaves no module, class, family, bus or
#     debugfs directory. Not by default: on the 6.1 debug kernel it always
#     ends in kernel reports that are not cpo's (vmalloc failures print a
#     warn_alloc stack trace, and a failed kset_register() leaks its
#     kobject's name: class_register("cpo"), bus_register("cposim"))
# Every attempt must fail with ENOMEM/ENOBUFS or succeed; the kernel log
# stays clean and a kmemleak scan finds nothing. Prints the faults
# injected per operation; each attempt is marked in the kernel log
# ("cpo_fault: OP fail-nth N") to tell which one a report follows. Page
# allocations are not failed (fail_page_alloc min-order 11): KASAN's stack
# depot makes them vary from run to run.
#
#   FAILSLAB_OPS     parts to run: "netlink new_device" (default), "modules"
#   FAILSLAB_STRIDE  new_device: fail one allocation in this many (1)
#   FAILSLAB_FIRST   new_device: the first point failed (1)

# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"

cpo_require
[ -w /proc/thread-self/fail-nth ] ||
	skip "no /proc/thread-self/fail-nth (a kernel without CONFIG_FAULT_INJECTION: the debug kernel has it)"
FI=/sys/kernel/debug
[ -d "$FI/failslab" ] || skip "no $FI/failslab (CONFIG_FAILSLAB, CONFIG_FAULT_INJECTION_DEBUG_FS)"

fault_require
FAILSLAB_OPS=${FAILSLAB_OPS:-netlink new_device}
FAILSLAB_STRIDE=${FAILSLAB_STRIDE:-1}
FAILSLAB_FIRST=${FAILSLAB_FIRST:-1}
klog_mark

# ---- fault injection: quiet, GFP_KERNEL allocations included, no pages
# set_attr FILE VALUE: write, and restore the old value at exit
set_attr() {
	local old

	old=$(cat "$1") || return 1
	on_exit "echo '$old' > '$1'"
	echo "$2" >"$1"
}
for a in failslab fail_page_alloc; do
	set_attr "$FI/$a/verbose" 0
done
set_attr "$FI/failslab/ignore-gfp-wait" N
set_attr "$FI/fail_page_alloc/min-order" 11

SUMMARY=()
# sweep DESC ARGS...: cpo_fault nth ARGS; one check; its summary kept
sweep() {
	local desc=$1 out rc line

	shift
	out=$(CPO_FAULT_KMSG=1 "$FAULT" nth "$@" 2>&1)
	rc=$?
	printf '%s\n' "$out" | sed 's/^/# /'
	line=$(grep -E '^[a-z_-]+: [0-9]+ faults injected' <<<"$out")
	if [ "$rc" == 0 ] && [ -n "$line" ]; then
		pass "$desc: ${line#*: }"
		SUMMARY+=("$desc: $(awk '{ print $2 }' <<<"$line")")
	else
		fail "$desc: exit $rc: ${line:-$(tail -n 1 <<<"$out")}"
		SUMMARY+=("$desc: FAILED")
	fi
}

# ---- netlink requests
if [[ " $FAILSLAB_OPS " == *" netlink "* ]]; then
	ID=$(sim_unique_id)
	if sim_new "$ID" 2 8 lasers=external; then
		E=$(engine_id_of "$ID" 0)
		LANE=$(lane_json "$E" 5 | jq -r .id)
		P=$(laser_id_at "$ID" els0/laser0)
		log "cposim$ID: engine $E, lane $LANE, primary laser $P"
		for op in engine-get:$E engine-dump engine-set:$E \
			  lane-get:$LANE lane-dump lane-dump-engine:$E lane-set:$LANE \
			  laser-get:$P laser-dump laser-set:$P \
			  topology-engine:$E topology-laser:$P \
			  threshold-get-engine:$E threshold-get-lane:$LANE threshold-dump \
			  threshold-set-engine:$E threshold-set-lane:$LANE \
			  alarm-get-engine:$E alarm-get-lane:$LANE alarm-dump alarm-clear:$E; do
			arg=()
			[[ "$op" == *:* ]] && arg=("${op#*:}")
			sweep "${op%%:*}" "${op%%:*}" "${arg[@]}"
		done
		sim_del "$ID" || fail "del_device $ID: $WRITE_ERR"
	else
		fail "new_device '$ID 2 8 lasers=external': $WRITE_ERR"
	fi
fi

# ---- device creation
if [[ " $FAILSLAB_OPS " == *" new_device "* ]]; then
	ID=$(sim_unique_id)
	SIM_IDS+=("$ID")
	log "new_device: one point in $FAILSLAB_STRIDE from $FAILSLAB_FIRST (FAILSLAB_STRIDE, FAILSLAB_FIRST)"
	sweep "new_device" -s "$FAILSLAB_STRIDE" -f "$FAILSLAB_FIRST" new_device "$ID 1 1 lasers=external"
	# the last attempt met no fault and made the device, which the
	# helper deleted: a retry works and nothing is left
	check_true "new_device '$ID 1 1 lasers=external' after the sweep" \
		sim_new "$ID" 1 1 lasers=external
	check_eq "cposim$ID: one engine" "$(sysfs_engines_of "$ID" | wc -w)" 1
	sim_del "$ID" || fail "del_device $ID: $WRITE_ERR"
fi

# ---- module load
if [[ " $FAILSLAB_OPS " != *" modules "* ]]; then
	log "module load sweep not run (FAILSLAB_OPS=\"netlink new_device modules\" runs it; see the header)"
else
	dir=$(cpo_build_dir)
	mods=/tmp/cpo-failslab.$$
	mkdir -p "$mods"
	on_exit "rm -rf $mods"
	ok=1
	for m in cpo:kernel/cpo.ko cpo_sim:kernel/sim/cpo_sim.ko; do
		# KUnit runs a module's suites at each load: not for 300 loads
		objcopy -R .kunit_test_suites -R .rela.kunit_test_suites \
			"$dir/${m#*:}" "$mods/${m%%:*}.ko" || ok=0
	done
	left=$(sim_devices)
	if [ "$ok" != 1 ]; then
		fail "modules: objcopy failed"
	elif [ -n "$left" ]; then
		fail "modules: devices left from before ($left), not unloading"
	elif ! cpo_unload_modules; then
		fail "modules: rmmod cpo_sim cpo failed"
	else
		sweep "insmod cpo.ko" insmod "$mods/cpo.ko" cpo
		if insmod "$mods/cpo.ko"; then
			sweep "insmod cpo_sim.ko" insmod "$mods/cpo_sim.ko" cpo_sim
			rmmod cpo
		else
			fail "insmod cpo.ko after the sweep"
		fi
		# back to the normal modules for the tests that follow
		check_true "modules load after the sweeps" cpo_load_modules
		mount_debugfs
		check_true "new_device after the sweeps" sim_new "$(sim_unique_id)" 1 1 lasers=external
	fi
fi

summary=$(printf '%s, ' "${SUMMARY[@]}")
log "faults injected per operation: ${summary%, }"

# ---- leaks, kernel log
kmemleak_check
klog_check
cpo_exit
