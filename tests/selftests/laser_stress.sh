#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Devices with laser sources are deleted while their lasers are busy: laser
# and lane dumps and topology requests running, knob writes that schedule
# the sources' steps (fail, overtemp, loss), an automatic failover in
# flight. Every round ends with the device and its lasers gone; nothing
# crashes and the kernel log stays clean (KASAN, lockdep and kmemleak on
# the debug kernel).

# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"

cpo_require
[ -x "$CPOCTL" ] || skip "$CPOCTL not built (make tools)"
[ -d "$SIM_DFS" ] || skip "no cposim debugfs knobs"
if kernel_is_debug; then
	ROUNDS=${ROUNDS:-3}
fi
ROUNDS=${ROUNDS:-8}
log "$ROUNDS rounds"
klog_mark

ID=$(sim_unique_id)
WORK=$(mktemp -d)
on_exit "rm -rf $WORK"

# readers ROUND: dumps and topology requests until the stop file appears
readers() {
	local n=0

	while [ ! -e "$WORK/stop" ]; do
		"$CPOCTL" -j laser show >/dev/null 2>&1
		"$CPOCTL" -j lane show >/dev/null 2>&1
		"$CPOCTL" topology laser "$1" >/dev/null 2>&1
		"$CPOCTL" topology engine "$2" >/dev/null 2>&1
		n=$((n + 1))
	done
	echo "$n" >"$WORK/reads.$3"
}

for round in $(seq "$ROUNDS"); do
	rm -f "$WORK/stop"
	if ! sim_new "$ID" 2 8 lasers=external; then
		fail "round $round: new_device '$ID 2 8 lasers=external': $WRITE_ERR"
		break
	fi
	P=$(laser_id_at "$ID" els0/laser0)
	E=$(engine_id_of "$ID" 0)
	readers "$P" "$E" "$round" &
	rpid=$!
	"$CPOCTL" laser set "$P" failover-policy auto >/dev/null 2>&1
	"$CPOCTL" -j monitor >/dev/null 2>&1 &
	mpid=$!
	# knobs that schedule work in the sources and the engines
	sim_knob "$ID" els0/laser1/overtemp 60
	sim_knob "$ID" engine1/lane2/loss_cdb 900
	sim_knob "$ID" engine0/lane5/fiber N
	"$CPOCTL" laser set "$(laser_id_at "$ID" els1/laser0)" enable off >/dev/null 2>&1
	sim_knob "$ID" els0/laser0/fail Y
	# delete with the failover and the steps in flight, sooner or later
	# in each round
	sleep "0.$((round % 4))"
	if sim_del "$ID"; then
		pass "round $round: del_device with lasers busy"
	else
		fail "round $round: del_device: $WRITE_ERR"
	fi
	touch "$WORK/stop"
	wait "$rpid"
	kill "$mpid" 2>/dev/null
	wait "$mpid" 2>/dev/null
	log "round $round: $(cat "$WORK/reads.$round" 2>/dev/null) rounds of reads"
	check_eq "round $round: cposim$ID gone" \
		"$(test -e "$SIM_BUS/devices/cposim$ID" && echo yes || echo no)" no
	check_jq "round $round: its lasers gone" "$(lasers_of "$ID")" length 0
done
klog_check

cpo_exit
