#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Slots: an engine and a laser module pulled and inserted as a technician
# would (the simulator's debugfs pull and insert), on a 1 x 8 device with
# an external laser module (lasers=external: primaries laser0 and laser1,
# their spare).
#   - before: a configuration unlike the part's power-up state: power mode
#     low, refresh interval 250 ms, an engine and a lane threshold, tx off
#     on lanes 1-2, rx off on lane 3, lane 5 powered down, lane 0 mapped to
#     port lo, laser0 auto failover, laser1 disabled
#   - engine pulled: slot-state empty on get, in an engine-change event and
#     in sysfs slot_state;
#     no identity and no values read; the configuration the core keeps
#     (thresholds, refresh interval, port) still answers; sets that need the
#     module refused with ENODEV "engine slot is empty"; a second pull
#     refused
#   - engine inserted with another serial and part: events present,
#     initialising, active in that order; sysfs slot_state active; the
#     new identity; the
#     configuration read back from the new module equals the one before,
#     exactly (cpoctl -j of engine, lanes, thresholds); swaps 1 and
#     last-swap-time in the engine's stats; a second insert refused
#   - laser module pulled and inserted: the same for its three lasers
#     (enable, failover policy), swaps 1 each; a second insert and bad
#     insert lines (an unknown word, lasers=0, 17 or x, an overlong
#     serial) refused, the lasers left as they were
#   - each slot state change is a KOBJ_CHANGE uevent on the engine's or
#     the laser's device with CPO_SLOT_STATE: empty, present,
#     initialising, active for the engine and for laser0
#   - del_device with both parts pulled: nothing leaks (kmemleak, on the
#     debug kernel), the kernel log is clean

# shellcheck disable=SC2016	# jq programs use jq variables, in single quotes
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"

cpo_require
[ -x "$CPOCTL" ] || skip "$CPOCTL not built (make tools)"
[ -d "$SIM_DFS" ] || skip "no cposim debugfs knobs"
fault_require
klog_mark

ID=$(sim_unique_id)
sim_new_or_exit "$ID" 1 8 lasers=external
E=$(engine_id_of "$ID" 0)
P0=$(laser_id_at "$ID" els0/laser0)
P1=$(laser_id_at "$ID" els0/laser1)
S=$(laser_json "$P0" | jq -r '."spare-id" // empty')
if [ -z "$E" ] || [ -z "$P0" ] || [ -z "$P1" ] || [ -z "$S" ]; then
	fail "engine cposim$ID/oe0, lasers els0/laser{0,1} or their spare not found"
	cpo_exit
fi
lanes=$(lanes_json "$E")
L3=$(jq -r '.[] | select(.index == 3) | .id' <<<"$lanes")
log "engine $E, lasers $P0 $P1 spare $S"
engine_json() {
	one_of "$("$CPOCTL" -j -s engine show "$1")"
}
check_jq "engine $E: slot-state active from new_device" "$(engine_json "$E")" \
	'."slot-state"' active
check_jq "laser $P0: slot-state active from new_device, no swap" \
	"$(laser_json "$P0")" '"\(."slot-state") \(.swaps)"' "active 0"
ESLOT=$CPO_CLASS/engine$E/slot_state
LSLOT=$CPO_CLASS/laser$P0/slot_state
check_eq "sysfs engine$E/slot_state active" "$(cat "$ESLOT")" active
check_eq "sysfs laser$P0/slot_state active" "$(cat "$LSLOT")" active

# One listener for the slot uevents of the engine and of laser0 (4 each),
# started now: python3 takes seconds to start on a busy debug guest.
UEV=$(mktemp)
READY=$(mktemp -u)
on_exit "rm -f '$UEV' '$READY'"
python3 "$(dirname "$0")/uevent_listen.py" "$READY" 600 8 CPO_SLOT_STATE= \
	"DEVPATH=.*/(engine$E|laser$P0)" >"$UEV" &
UEV_PID=$!
on_exit "kill $UEV_PID 2>/dev/null; wait $UEV_PID 2>/dev/null"

MON=$(mktemp)
on_exit "rm -f $MON"
"$CPOCTL" -j monitor >"$MON" 2>&1 &
MON_PID=$!
on_exit "kill $MON_PID 2>/dev/null; wait $MON_PID 2>/dev/null"
# Events from MARK on: the lines the monitor wrote after mark_events.
MARK=0
mark_events() {
	MARK=$(wc -l <"$MON")
}
events() {
	tail -n +$((MARK + 1)) "$MON"
}
# shellcheck disable=SC2317	# called through wait_until
has_event() {
	events | jq -e -s "any(.[]; $1)" >/dev/null 2>&1
}
# The monitor may not have joined the group yet: set the refresh interval
# until an engine-change event reports it (bounded).
seen=no
for ms in 400 250 400 250 400; do
	"$CPOCTL" engine set "$E" refresh-interval "$ms"
	if wait_until has_event ".engine.id == $E and .engine.\"refresh-interval\" == $ms"; then
		seen=yes
		break
	fi
done
check_eq "cpoctl monitor is listening" "$seen" yes

# ---- a configuration unlike the power-up state
cpo_ok "engine set $E refresh-interval 250" engine set "$E" refresh-interval 250
cpo_ok "threshold set engine $E temperature high-warning 72.5" \
	threshold set engine "$E" temperature high-warning 72.5
cpo_ok "threshold set lane $L3 rx-power low-alarm 0.02" \
	threshold set lane "$L3" rx-power low-alarm 0.02
cpo_ok "lane set $E 1-2 tx off" lane set "$E" 1-2 tx off
cpo_ok "lane set $E 3 rx off" lane set "$E" 3 rx off
cpo_ok "lane set $E 5 power down" lane set "$E" 5 power down
check_knob "lane 0 mapped to port lo" "$ID" engine0/lane0/port lo
cpo_ok "laser set $P0 failover-policy auto" laser set "$P0" failover-policy auto
cpo_ok "laser set $P1 enable off" laser set "$P1" enable off
cpo_ok "engine set $E power-mode low" engine set "$E" power-mode low
check_wait "engine $E: power-mode low" '."power-mode" == "low"' engine_json "$E"

# What must come back: the configuration, in cpoctl -j's own words.
ENG_CFG='{"power-mode", "refresh-interval", "lane-count", "lane-rate", "type", "location"}'
LANE_CFG='[.[] | {index, "tx-enable", "rx-enable", power, ifname, "laser-id", "fiber-position"}]'
LASER_CFG='[.[] | {id, enable, "failover-policy", "spare-id"}]'
config() {
	local eng lanes thr lasers

	eng=$(engine_json "$E" | jq -c "$ENG_CFG") || return
	lanes=$(lanes_json "$E" | jq -c "$LANE_CFG") || return
	thr=$("$CPOCTL" -j threshold show engine "$E" | jq -c .) || return
	thr+=$("$CPOCTL" -j threshold show lane "$L3" | jq -c .) || return
	lasers=$(lasers_of "$ID" | jq -c "$LASER_CFG") || return
	printf '%s\n' "$eng" "$lanes" "$thr" "$lasers"
}
BEFORE=$(config)
check_true "configuration read" test -n "$BEFORE"
check_jq "before: lanes 1-2 tx off, 3 rx off, 5 down, lane 0 on lo" \
	"$(lanes_json "$E")" \
	'[.[] | select(."tx-enable" == 0 or ."rx-enable" == 0 or .power == "down" or .ifname == "lo") | .index] | join(",")' \
	"0,1,2,3,5"
# shellcheck disable=SC2317	# called through wait_until
config_back() {
	[ "$(config)" == "$BEFORE" ]
}

# ---- the engine pulled
WAIT_S=60 wait_until test -e "$READY" || fail "uevent listener did not start"
check_knob "pull engine0" "$ID" engine0/pull 1
check_true "engine-change event: slot-state empty" wait_until has_event \
	".event == \"engine-change\" and .engine.id == $E and .engine.\"slot-state\" == \"empty\""
EJ=$(engine_json "$E")
check_jq "get on the empty slot: slot-state empty, location and lanes kept" "$EJ" \
	'"\(."slot-state") \(.location) \(."lane-count")"' "empty cposim$ID/oe0 8"
check_jq "empty: no identity, no values read" "$EJ" \
	'[has("serial"), has("vendor"), has("part-number"), has("module-state"), has("temperature"), has("refreshed")] | any' \
	false
check_jq "empty: refresh-interval kept" "$EJ" '."refresh-interval"' 250
check_eq "empty: sysfs slot_state agrees with slot-state" \
	"$(cat "$ESLOT") $(jq -r '."slot-state"' <<<"$EJ")" "empty empty"
check_jq "empty: lanes answer, dp-state deactivated, no controls read" \
	"$(lanes_json "$E")" \
	'[.[] | ."dp-state" == "deactivated" and (has("tx-enable") | not)] | all' true
check_jq "empty: lane 0 still on port lo" "$(lane_json "$E" 0)" .ifname lo
cpo_ok "empty: threshold show engine $E" -j threshold show engine "$E"
check_jq "empty: the engine threshold kept" "$OUT" \
	'.[0].threshold[] | select(.quantity == "temperature") | ."high-warning"' 72500
cpo_refused "empty: lane set refused" "engine slot is empty" lane set "$E" 4 tx off
cpo_refused "empty: power-mode set refused" "engine slot is empty" \
	engine set "$E" power-mode high
cpo_refused "empty: lane test refused" "engine slot is empty" \
	lane test "$E" 4 loopback media-input
# refused_knob DESC PATH VALUE ERE: writing VALUE to knob PATH fails with
# an error matching ERE.
refused_knob() {
	if sim_knob "$ID" "$2" "$3"; then
		fail "$1: writing '$3' to $2 succeeded"
	elif [[ ! "$WRITE_ERR" =~ $4 ]]; then
		fail "$1: '$WRITE_ERR' does not match /$4/"
	else
		pass "$1"
	fi
}
refused_knob "a second pull is refused" engine0/pull 1 "No such device"
check_jq "refused sets changed nothing" "$(lane_json "$E" 4)" 'has("tx-enable")' false

# ---- a new engine inserted, another serial and part
mark_events
check_knob "insert engine0 serial=NEWSN7 part=NEW-PART-2" "$ID" engine0/insert \
	"serial=NEWSN7 part=NEW-PART-2"
check_true "engine-change event: slot-state active" wait_until has_event \
	".event == \"engine-change\" and .engine.id == $E and .engine.\"slot-state\" == \"active\""
check_eq "events: present, initialising, active, in that order" \
	"$(events | jq -r -s --argjson e "$E" '[.[] | select(.event == "engine-change" and .engine.id == $e) | .engine."slot-state"] | reduce .[] as $s ([]; if (.[-1] // "") == $s then . else . + [$s] end) | join(" ")')" \
	"present initialising active"
EJ=$(engine_json "$E")
check_jq "the new part's identity" "$EJ" \
	'"\(."slot-state") \(.serial) \(."part-number") \(.vendor)"' \
	"active NEWSN7 NEW-PART-2 CPOSIM"
check_eq "inserted: sysfs slot_state agrees with slot-state" \
	"$(cat "$ESLOT") $(jq -r '."slot-state"' <<<"$EJ")" "active active"
check_jq "engine stats: swaps 1, last-swap-time set" "$EJ" \
	'"\(.stats.swaps) \(.stats."last-swap-time" > 0)"' "1 true"
if wait_until config_back; then
	pass "configuration restored exactly: engine, lanes, thresholds, lasers"
else
	fail "configuration not restored: before '$BEFORE' after '$(config)'"
fi
cpo_ok "after insert: lane set $E 4 tx off works" lane set "$E" 4 tx off
cpo_ok "lane set $E 4 tx on" lane set "$E" 4 tx on
refused_knob "a second insert is refused" engine0/insert 1 "busy"
refused_knob "insert with a bad word is refused" engine0/insert colour=red \
	"Invalid argument"
refused_knob "insert with an overlong serial is refused" engine0/insert \
	serial=SERIAL-NUMBER-0017 "Invalid argument"

# ---- the laser module pulled and inserted
mark_events
check_knob "pull els0" "$ID" els0/pull 1
check_true "laser-change event of $P0: slot-state empty" wait_until has_event \
	".event == \"laser-change\" and .laser.id == $P0 and .laser.\"slot-state\" == \"empty\""
check_jq "empty: the module's three lasers, no state read" "$(lasers_of "$ID")" \
	'[.[] | ."slot-state" == "empty" and (has("state") | not) and (has("enable") | not)] | all' \
	true
check_jq "empty: lanes stay wired to their lasers" "$(lane_json "$E" 0)" '."laser-id"' "$P0"
check_eq "empty: sysfs laser$P0/slot_state agrees with slot-state" \
	"$(cat "$LSLOT") $(laser_json "$P0" | jq -r '."slot-state"')" "empty empty"
cpo_refused "empty: laser set refused" "laser slot is empty" \
	laser set "$P1" enable on
cpo_refused "empty: failover refused" "laser slot is empty" \
	laser set "$P0" failover
check_knob "insert els0" "$ID" els0/insert 1
check_true "laser-change event of $P1: slot-state active" wait_until has_event \
	".event == \"laser-change\" and .laser.id == $P1 and .laser.\"slot-state\" == \"active\""
check_jq "the module's lasers: active, swaps 1, last-swap-time set" \
	"$(lasers_of "$ID")" \
	'[.[] | ."slot-state" == "active" and .swaps == 1 and ."last-swap-time" > 0] | all' \
	true
if wait_until config_back; then
	pass "configuration restored exactly after the laser module"
else
	fail "configuration not restored: before '$BEFORE' after '$(config)'"
fi
check_eq "inserted: sysfs laser$P0/slot_state agrees with slot-state" \
	"$(cat "$LSLOT") $(laser_json "$P0" | jq -r '."slot-state"')" "active active"
refused_knob "a second insert of els0 is refused" els0/insert 1 "busy"
for bad in colour=red lasers=0 lasers=17 lasers=x serial=SERIAL-NUMBER-0017; do
	refused_knob "els0 insert $bad is refused" els0/insert "$bad" \
		"Invalid argument"
done
check_jq "the module's lasers still active after the bad inserts" \
	"$(lasers_of "$ID")" '[.[] | ."slot-state" == "active" and .swaps == 1] | all' \
	true

# ---- the slot uevents: the listener stops at the 8th
# shellcheck disable=SC2317	# called through wait_until
uevents_in() {
	[ "$(wc -l <"$UEV")" -ge 8 ]
}
WAIT_S=30 wait_until uevents_in
log "slot uevents:"
sed 's/^/#   /' "$UEV"
for dev in "engine$E" "laser$P0"; do
	check_eq "uevents of $dev: change, CPO_SLOT_STATE empty present initialising active" \
		"$(grep -E "^ACTION=change .*DEVPATH=[^ ]*/$dev " "$UEV" |
		   grep -o 'CPO_SLOT_STATE=[a-z]*' | cut -d= -f2 | xargs)" \
		"empty present initialising active"
done
check_jq "engine swaps unchanged by the laser module" "$(engine_json "$E")" \
	'.stats.swaps' 1

# ---- stats-clear clears the swap counters
cpo_ok "engine stats-clear $E" engine stats-clear "$E"
check_jq "stats-clear: swaps 0, no last-swap-time" "$(engine_json "$E")" \
	'"\(.stats.swaps) \(.stats | has("last-swap-time"))"' "0 false"

# ---- del_device with both parts out
check_knob "pull engine0 again" "$ID" engine0/pull 1
check_knob "pull els0 again" "$ID" els0/pull 1
if sim_del "$ID"; then
	pass "del_device with the engine and the laser module pulled"
else
	fail "del_device $ID: $WRITE_ERR"
fi
# by id and device: a neighbour test's new device may take the freed id
check_eq "engine $E gone" "$("$CPOCTL" -j engine show |
	jq --argjson e "$E" --arg d "cposim$ID" '[.[] | select(.id == $e and ."dev-name" == $d)] | length')" 0
kmemleak_check
klog_check
cpo_exit
