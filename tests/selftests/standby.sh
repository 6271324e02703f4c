#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Standby lasers in another laser module and the laser module's service
# flow, on a 2 x 4 device with lasers=external: els0's laser0 feeds the 4
# lanes of oe0, els1's laser0 those of oe1; the board's couplers join
# els0's lasers with els1's (els0/standby 1):
#   - the knob: a module backing itself, one out of range and a word that
#     is no index refused with EINVAL; wired: laser show and sysfs give the
#     standby-id
#   - auto policy, the standby off: prepare, without force, moves the
#     lanes to the standby (lit by it, covering-id names the primary, a
#     laser-failover event), they stay tx on and activated, moved-lane-id
#     lists them and no lane is taken down; pulled, the lanes keep their
#     light; inserted, verify gives them back (fed by the primary again, the
#     standby off again, a laser-failback event)
#   - manual policy: verify leaves the lanes on the standby with a note,
#     laser failback hands them back
#   - a failed standby is not used: prepare without force refused (the
#     lanes carry traffic), forced takes them down; verify brings them back
#   - the service events of each step on monitor

# shellcheck disable=SC2016	# jq programs use jq variables, in single quotes
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"

cpo_require
[ -x "$CPOCTL" ] || skip "$CPOCTL not built (make tools)"
[ -d "$SIM_DFS" ] || skip "no cposim debugfs knobs"
klog_mark

# The monitor first: events are told from those of lasers of other tests
# that had the same ids before by coming after the lasers' laser-create.
MON=$(mktemp)
on_exit "rm -f $MON"
"$CPOCTL" -j monitor >"$MON" 2>&1 &
MON_PID=$!
on_exit "kill $MON_PID 2>/dev/null; wait $MON_PID 2>/dev/null"
# since ID: the jq prefix of an event filter, events since laser ID was made
since() {
	echo "(map(select(.event == \"laser-create\" and .laser.id == $1)) | last | .seq) as \$from |
	      .[] | select(.seq > \$from) |"
}
# shellcheck disable=SC2317	# called through wait_until
has_event() {
	jq -e -s "[$(since "$P") select($1)] | length > 0" "$MON" >/dev/null 2>&1
}
nap 0.5

ID=$(sim_unique_id)
sim_new_or_exit "$ID" 2 4 lasers=external
E=$(engine_id_of "$ID" 0)
P=$(laser_id_at "$ID" els0/laser0)
S=$(laser_id_at "$ID" els1/laser0)
if [ -z "$E" ] || [ -z "$P" ] || [ -z "$S" ]; then
	fail "engine oe0 or lasers els0/laser0, els1/laser0 of cposim$ID not found"
	cpo_exit
fi
log "engine $E, primary $P, standby $S"


# lanes FILTER: FILTER holds for every lane of oe0
# shellcheck disable=SC2317	# called through wait_until
lanes() {
	json_true "[.[] | $1] | all" lanes_json "$E"
}
# laser_is ID FILTER: FILTER holds for laser ID
# shellcheck disable=SC2317	# called through wait_until
laser_is() {
	json_true "$2" laser_json "$1"
}
LIT='."tx-power" > 0 and ."rx-los" == 0'
UP='."tx-enable" == 1 and ."dp-state" == "activated"'
check_true "lanes activated, fed by $P" wait_until lanes \
	"$UP and .\"laser-id\" == $P and $LIT"

# ---- the knob
for bad in 0 7 x; do
	if sim_knob "$ID" els0/standby "$bad"; then
		fail "knob: els0/standby '$bad' taken"
	else
		check_eq "knob: els0/standby '$bad' refused" "$WRITE_ERR" \
			"Invalid argument"
	fi
done
check_jq "knob: no standby yet" "$(laser_json "$P")" '."standby-id" // "none"' none
check_knob "knob: els0/standby 1" "$ID" els0/standby 1
check_eq "knob: reads back" "$(cat "$SIM_DFS/cposim$ID/els0/standby")" 1
check_jq "laser $P: standby-id $S" "$(laser_json "$P")" '."standby-id"' "$S"
check_eq "sysfs: laser$P/standby_id" "$(cat "/sys/class/cpo/laser$P/standby_id")" "$S"
cpo_run laser show "$P"
check_match "laser show text: standby-id" "$OUT" "standby-id $S"

# ---- auto policy: prepare moves, verify gives back
cpo_ok "laser $P failover-policy auto" laser set "$P" failover-policy auto
cpo_ok "standby $S off" laser set "$S" enable off
check_true "standby $S reads off" wait_until laser_is "$S" '.state == "off"'
cpo_run -j service prepare laser "$P"
check_eq "auto: prepare without force succeeds" "$RC $ERR" "0 "
check_jq "auto: prepare reply: 4 lanes moved, none down" "$OUT" \
	'"\(.state) \(."moved-lane-id" // [] | length) \(."lane-id" // [] | length)"' \
	"prepared 4 0"
check_true "auto: lanes fed by $S, still in service and lit" wait_until lanes \
	"$UP and .\"laser-id\" == $S and $LIT"
check_jq "auto: standby $S on, covering $P" "$(laser_json "$S")" \
	'"\(.state) \(."covering-id")"' "on $P"
check_true "auto: laser-failover event of $S covering $P" wait_until has_event \
	".event == \"laser-failover\" and .laser.id == $S and .laser.\"covering-id\" == $P"
check_knob "auto: pull els0" "$ID" els0/pull 1
check_true "auto: laser $P out" wait_until laser_is "$P" '."slot-state" == "empty"'
lit=0
for _ in 1 2 3 4 5 6; do
	nap 0.2
	lanes "$UP and $LIT" && lit=$((lit + 1))
done
check_eq "auto: lanes keep their light with els0 out" "$lit" 6
check_knob "auto: insert els0" "$ID" els0/insert 1
check_true "auto: laser $P active" wait_until laser_is "$P" '."slot-state" == "active"'
cpo_run -j service verify laser "$P"
check_eq "auto: verify succeeds" "$RC $ERR" "0 "
check_jq "auto: verify reply: verified, nothing left moved" "$OUT" \
	'"\(.state) \(."moved-lane-id" // [] | length)"' "verified 0"
check_true "auto: lanes fed by $P again, lit" wait_until lanes \
	"$UP and .\"laser-id\" == $P and $LIT"
check_true "auto: standby $S off again, covering none" wait_until laser_is "$S" \
	'.state == "off" and ."covering-id" == null'
check_true "auto: laser-failback event of $P" wait_until has_event \
	".event == \"laser-failback\" and .laser.id == $P"

# ---- manual policy: the lanes stay until laser failback
cpo_ok "laser $P failover-policy manual" laser set "$P" failover-policy manual
cpo_ok "manual: prepare" service prepare laser "$P"
check_true "manual: lanes fed by $S" wait_until lanes "$UP and .\"laser-id\" == $S"
cpo_run -j service verify laser "$P"
check_eq "manual: verify succeeds" "$RC $ERR" "0 "
check_jq "manual: the lanes stay, noted" "$OUT" \
	'"\(."moved-lane-id" | length) \(.notes | test("stays on standby '"$S"' \\(manual"))"' \
	"4 true"
check_true "manual: lanes still fed by $S" wait_until lanes "$UP and .\"laser-id\" == $S"
cpo_ok "manual: laser $P failback" laser set "$P" failback
check_true "manual: lanes fed by $P again" wait_until lanes \
	"$UP and .\"laser-id\" == $P and $LIT"
check_true "manual: standby $S off again" wait_until laser_is "$S" '.state == "off"'
cpo_refused "manual: failback again refused" "nothing to hand back" \
	laser set "$P" failback

# ---- a failed standby is not used
check_knob "failed: standby $S fails" "$ID" els1/laser0/fail 1
check_true "failed: $S reads failed" wait_until laser_is "$S" '.state == "failed"'
cpo_refused "failed: prepare without force refused" "carry traffic.*force" \
	service prepare laser "$P"
cpo_run -j service prepare laser "$P" force
check_jq "failed: forced, the 4 lanes down, none moved" "$OUT" \
	'"\(.ok) \(."moved-lane-id" // [] | length) \(."lane-id" | length)"' "1 0 4"
check_true "failed: lanes fed by $P, tx off and down" wait_until lanes \
	".\"laser-id\" == $P and .\"tx-enable\" == 0 and .power == \"down\""
check_knob "failed: standby $S repaired" "$ID" els1/laser0/fail 0
cpo_ok "failed: verify" service verify laser "$P"
check_true "failed: lanes back" wait_until lanes "$UP and .\"laser-id\" == $P"

# ---- events
SVC="[$(since "$P") select(.event == \"service\" and .service.\"laser-id\" == $P)]"
# shellcheck disable=SC2317	# called through wait_until
n_steps_is() {
	[ "$(jq -s "$SVC | length" "$MON" 2>/dev/null)" == "$1" ]
}
check_true "events: 6 service steps of $P" wait_until n_steps_is 6
check_jq "events: service steps of $P in order" \
	"$(jq -c -s "$SVC"' | map("\(.service.step):\(.service.ok)") | join(" ")' "$MON")" \
	'.' "prepare:1 verify:1 prepare:1 verify:1 prepare:1 verify:1"

klog_check
cpo_exit
