#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The service flow of an engine (cpoctl service prepare|verify|status), on
# a 1 x 8 device, its lane 0 on port lo:
#   - status before any step: state none; verify before prepare refused
#   - prepare refused without force while lanes carry traffic, nothing
#     changed; with force: the blast radius (the 8 lanes, lo's ifindex),
#     every lane tx off and powered down, the module in low power, state
#     prepared in the reply, in status and in engine show
#   - the part pulled (verify on the empty slot refused) and another
#     inserted, with another serial and part: the lanes stay down
#   - verify: state verified, the other part reported in notes, the
#     configuration read back equal to the one before (tx off on lane 3),
#     every other lane activated again
#   - each verify failure, each leaving the lanes down and the state
#     failed with its reason, then passing once fixed: firmware below the
#     provisioned fw-min-version, an open fiber, no light on a lane
#   - a pull during prepare (slowed by a bus stall, the pull once a lane
#     went tx off): the prepare ends, done or failed saying why, the slot
#     is empty, nothing leaks, and the flow completes once a part is in
#   - the service events on monitor: each step in order, with its outcome
#     and increasing timestamps
#   - a laser module (lasers=external, els0 feeding all 8 lanes of a second
#     device): prepare refused without force, then forced: its lanes tx off
#     and down, the engine left in high power, every laser of the module
#     prepared; pulled (verify refused), inserted, verified: the lanes back;
#     no light on a lane fails its verify and leaves the lanes down; its
#     events in order; the configuration (lanes' controls, lasers' enable
#     and failover policy) back exactly; a fw-min-version set on one laser
#     applies to every laser of the module, and firmware below it fails
#     verify; a module of another part is taken and reported in notes; a
#     module of another layout (lasers=5) is refused by the driver, its
#     lasers stay empty, and verify fails naming the identity; each
#     failure leaves the lanes down and every laser of the module failed
#   - bad arguments: unknown engine and laser, a bad fw-min-version, usage
#     errors

# shellcheck disable=SC2016	# jq programs use jq variables, in single quotes
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"

cpo_require
[ -x "$CPOCTL" ] || skip "$CPOCTL not built (make tools)"
[ -d "$SIM_DFS" ] || skip "no cposim debugfs knobs"
fault_require
klog_mark

ID=$(sim_unique_id)
sim_new_or_exit "$ID" 1 8
E=$(engine_id_of "$ID" 0)
if [ -z "$E" ]; then
	fail "engine cposim$ID/oe0 not found"
	cpo_exit
fi
log "engine $E"
engine_json() {
	one_of "$("$CPOCTL" -j engine show "$1")"
}
# svc STEP [force]: run the step on the engine, JSON into OUT.
svc() {
	cpo_run -j service "$1" "$E" "${@:2}"
}
status_json() {
	"$CPOCTL" -j service status "$E"
}

MON=$(mktemp)
on_exit "rm -f $MON"
"$CPOCTL" -j monitor >"$MON" 2>&1 &
MON_PID=$!
on_exit "kill $MON_PID 2>/dev/null; wait $MON_PID 2>/dev/null"
# shellcheck disable=SC2317	# called through wait_until
has_event() {
	jq -e -s "any(.[]; $1)" "$MON" >/dev/null 2>&1
}
seen=no
for ms in 400 250 400 250 400; do
	"$CPOCTL" engine set "$E" refresh-interval "$ms"
	if wait_until has_event ".engine.id == $E and .engine.\"refresh-interval\" == $ms"; then
		seen=yes
		break
	fi
done
check_eq "cpoctl monitor is listening" "$seen" yes

# ---- a configuration to bring back; lane 0 serves port lo
check_knob "lane 0 mapped to port lo" "$ID" engine0/lane0/port lo
cpo_ok "lane set $E 3 tx off" lane set "$E" 3 tx off
check_wait "lanes activated" \
	'[.[] | select(.index != 3) | ."dp-state" == "activated"] | all' \
	lanes_json "$E"
LANE_CFG='[.[] | {index, "tx-enable", "rx-enable", power}]'
config() {
	local eng lanes

	eng=$(engine_json "$E" | jq -c '{"power-mode", "lane-count", "lane-rate", type}') || return
	lanes=$(lanes_json "$E" | jq -c "$LANE_CFG") || return
	printf '%s\n' "$eng" "$lanes"
}
BEFORE=$(config)
check_eq "configuration read: power-mode high, lane 3 tx off" \
	"$(jq -r -s '"\(.[0]."power-mode") \([.[1][] | select(."tx-enable" == 0) | .index | tostring] | join(","))"' <<<"$BEFORE")" \
	"high 3"
LO_IFINDEX=$(cat /sys/class/net/lo/ifindex)
# all_down: every lane tx off and powered down, the module in low power.
# shellcheck disable=SC2317	# called through wait_until
all_down() {
	local lanes mode

	lanes=$(lanes_json "$E") || return
	mode=$(engine_json "$E" | jq -r '."power-mode"') || return
	[ "$mode" == low ] &&
		jq -e '[.[] | ."tx-enable" == 0 and .power == "down"] | all' \
			<<<"$lanes" >/dev/null
}
# all_back: the configuration as before, every lane but 3 activated.
# shellcheck disable=SC2317	# called through wait_until
all_back() {
	[ "$(config)" == "$BEFORE" ] &&
		json_true '[.[] | select(.index != 3) | ."dp-state" == "activated"] | all' \
			lanes_json "$E"
}

# ---- before any step
check_jq "status: state none, no step yet" "$(status_json)" \
	'"\(.state) \(has("step"))"' "none false"
check_jq "engine show: service-state none" "$(engine_json "$E")" \
	'."service-state"' none
cpo_refused "verify before prepare is refused" "no service prepared.*prepare first" \
	service verify "$E"

# ---- prepare
cpo_refused "prepare without force refused while lanes carry traffic" \
	"carry traffic.*force" service prepare "$E"
check_jq "refused prepare changed nothing: lane 0 tx on, activated" \
	"$(lane_json "$E" 0)" '"\(."tx-enable") \(."dp-state")"' "1 activated"
check_jq "refused prepare: state still none" "$(status_json)" .state none
svc prepare force
check_eq "prepare force succeeds" "$RC $ERR" "0 "
check_jq "prepare reply: step prepare ok, state prepared" "$OUT" \
	'"\(.step) \(.ok) \(.state)"' "prepare 1 prepared"
check_jq "prepare reply: blast radius, 8 lanes and port lo" "$OUT" \
	'"\(."lane-id" | length) \(.ifindex | map(tostring) | join(","))"' "8 $LO_IFINDEX"
check_true "prepared: every lane tx off and down, module in low power" \
	wait_until all_down
check_jq "engine show: service-state prepared" "$(engine_json "$E")" \
	'."service-state"' prepared
svc status
check_jq "status: prepared, last step prepare ok" "$OUT" \
	'"\(.state) \(.step) \(.ok)"' "prepared prepare 1"
check_jq "prepare again while prepared: state prepared" \
	"$("$CPOCTL" -j service prepare "$E")" .state prepared

# ---- the swap
check_knob "pull engine0" "$ID" engine0/pull 1
cpo_refused "verify on the empty slot refused" "engine slot is empty" \
	service verify "$E"
cpo_refused "prepare on the empty slot refused" "engine slot is empty" \
	service prepare "$E" force
check_knob "insert engine0 serial=SVCSN2 part=SVC-PART-2" "$ID" engine0/insert \
	"serial=SVCSN2 part=SVC-PART-2"
check_wait "new part active" '."slot-state" == "active"' engine_json "$E"
check_true "new part: the lanes stay down until verify" wait_until all_down

# ---- verify
svc verify
check_eq "verify succeeds" "$RC $ERR" "0 "
check_jq "verify reply: step verify ok, state verified" "$OUT" \
	'"\(.step) \(.ok) \(.state)"' "verify 1 verified"
check_jq "verify reply: the other part reported" "$OUT" \
	'.notes | test("part SVC-PART-2 serial SVCSN2")' true
if wait_until all_back; then
	pass "configuration back exactly, lanes activated"
else
	fail "configuration not back: before '$BEFORE' after '$(config)'"
fi
check_jq "engine show: service-state verified, new serial" "$(engine_json "$E")" \
	'"\(."service-state") \(.serial)"' "verified SVCSN2"

# verify_fails DESC ERE REASON: prepare, then verify fails with ERE on
# stderr (6.1 has no room for the reason in the extack: its words, or the
# reason's), the lanes stay down and status says failed with REASON.
verify_fails() {
	local desc=$1 re=$2 reason=$3

	cpo_run service prepare "$E" force
	[ "$RC" == 0 ] || fail "$desc: prepare: exit $RC: $ERR"
	cpo_refused "$desc: verify refused" "$re|service step failed" \
		service verify "$E"
	check_jqn "$desc: state failed, the reason" "failed verify 0 true" \
		'$s | "\(.state) \(.step) \(.ok) \(.reason | startswith($r))"' \
		--argjson s "$(status_json)" --arg r "$reason"
	check_true "$desc: the lanes stay down" all_down
}

# ---- firmware below the provisioned minimum
FW=$(engine_json "$E" | jq -r '."fw-version"')
cpo_ok "engine set $E fw-min-version 99.0" engine set "$E" fw-min-version 99.0
check_jq "engine show: fw-min-version 99.0" "$(engine_json "$E")" \
	'."fw-min-version"' 99.0
verify_fails "firmware $FW below 99.0" "firmware" \
	"firmware: $FW is below the provisioned minimum 99.0"
cpo_ok "engine set $E fw-min-version $FW" engine set "$E" fw-min-version "$FW"
svc verify
check_eq "firmware at the minimum: verify passes from failed" "$RC" 0
check_jq "verify from failed: state verified" "$OUT" .state verified
check_true "lanes back after the firmware failure" wait_until all_back
cpo_ok "engine set $E fw-min-version none" engine set "$E" fw-min-version none
check_jq "fw-min-version removed" "$(engine_json "$E")" 'has("fw-min-version")' false

# ---- an open fiber
check_knob "open lane 2's fiber" "$ID" engine0/lane2/fiber N
check_wait "lane 2: fiber-connected 0" '."fiber-connected" == 0' lane_json "$E" 2
verify_fails "open fiber" "fiber" "fiber: lane 2 has no fiber connected"
check_knob "connect lane 2's fiber" "$ID" engine0/lane2/fiber Y
check_wait "lane 2: fiber-connected 1" '."fiber-connected" == 1' lane_json "$E" 2
cpo_ok "fiber connected: verify passes" service verify "$E"
check_true "lanes back after the fiber failure" wait_until all_back

# ---- no light on a lane
check_knob "no light at lane 1's receiver" "$ID" engine0/lane1/rx_los Y
verify_fails "no light" "light" "light: lane 1 receives 0 nW"
check_knob "light back at lane 1" "$ID" engine0/lane1/rx_los N
cpo_ok "light back: verify passes" service verify "$E"
check_true "lanes back after the light failure" wait_until all_back

# ---- a pull during prepare
check_knob "bus stall 40 ms per access" "$ID" engine0/bus_stall_ms 40
MARK=$(wc -l <"$MON")
# shellcheck disable=SC2317	# called through wait_until
prepare_began() {
	tail -n +$((MARK + 1)) "$MON" | jq -e -s --argjson e "$E" \
		'any(.[]; .event == "lane-change" and .lane."engine-id" == $e and .lane."tx-enable" == 0)' \
		>/dev/null 2>&1
}
PREP_ERR=$(mktemp)
on_exit "rm -f $PREP_ERR"
"$CPOCTL" service prepare "$E" force >/dev/null 2>"$PREP_ERR" &
PREP=$!
check_true "prepare under way: a lane went tx off" wait_until prepare_began
sim_knob "$ID" engine0/pull 1 || fail "pull during prepare: $WRITE_ERR"
wait "$PREP"
PREP_RC=$?
log "prepare with a pull under way exited $PREP_RC: $(cat "$PREP_ERR")"
check_knob "bus stall off" "$ID" engine0/bus_stall_ms 0
if [ "$PREP_RC" == 0 ]; then
	pass "prepare with a pull under way: done before the pull"
else
	check_match "prepare with a pull under way: failed saying why" \
		"$PREP_RC $(cat "$PREP_ERR")" "^2 Error: .+"
fi
check_jq "pull during prepare: the slot is empty" "$(engine_json "$E")" \
	'."slot-state"' empty
check_knob "insert engine0 after the race" "$ID" engine0/insert 1
check_wait "part active after the race" '."slot-state" == "active"' engine_json "$E"
if [ "$(status_json | jq -r .state)" != prepared ]; then
	cpo_ok "prepare the new part" service prepare "$E" force
fi
cpo_ok "verify after the race" service verify "$E"
check_true "lanes back after the race" wait_until all_back

# ---- a laser module
ID2=$(sim_unique_id)
sim_new_or_exit "$ID2" 1 8 lasers=external
E2=$(engine_id_of "$ID2" 0)
P0=$(laser_id_at "$ID2" els0/laser0)
if [ -z "$E2" ] || [ -z "$P0" ]; then
	fail "engine cposim$ID2/oe0 or laser els0/laser0 not found"
	cpo_exit
fi
log "engine $E2, laser $P0"
# lanes2 FILTER: FILTER holds for every lane of E2
# shellcheck disable=SC2317	# called through wait_until
lanes2() {
	json_true "[.[] | $1] | all" lanes_json "$E2"
}
check_true "module: lanes activated" wait_until lanes2 '."dp-state" == "activated"'
FED=$(lasers_of "$ID2" | jq '[.[] | ."lane-id"[]] | length')
check_eq "module: els0 feeds the 8 lanes" "$FED" 8
P1=$(laser_id_at "$ID2" els0/laser1)
cpo_ok "module: laser $P0 failover-policy manual" \
	laser set "$P0" failover-policy manual
# config2: the lanes' controls and the lasers' settings of the second device
config2() {
	local lanes lasers

	lanes=$(lanes_json "$E2" | jq -c "$LANE_CFG") || return
	lasers=$(lasers_of "$ID2" | jq -c '[.[] | {id, enable, "failover-policy", "lane-id"}]') || return
	printf '%s\n' "$lanes" "$lasers"
}
BEFORE2=$(config2)
check_jq "module: configuration read, laser $P0 manual" \
	"$(sed -n 2p <<<"$BEFORE2")" \
	"[.[] | select(.id == $P0) | .\"failover-policy\"] | join(\",\")" manual
cpo_refused "module: prepare without force refused" "carry traffic.*force" \
	service prepare laser "$P0"
cpo_run -j service prepare laser "$P0" force
check_eq "module: prepare force succeeds" "$RC $ERR" "0 "
check_jq "module: prepare reply: laser, state, the 8 lanes fed" "$OUT" \
	'"\(."laser-id") \(.step) \(.ok) \(.state) \(."lane-id" | length)"' \
	"$P0 prepare 1 prepared 8"
check_true "module: lanes tx off and down" wait_until lanes2 \
	'."tx-enable" == 0 and .power == "down"'
check_jq "module: the engine stays in high power" "$(engine_json "$E2")" \
	'."power-mode"' high
check_jq "module: every laser of the module prepared" "$(lasers_of "$ID2")" \
	'[.[] | ."service-state"] | unique | join(",")' prepared
check_knob "pull els0" "$ID2" els0/pull 1
cpo_refused "module: verify with the module out refused" "laser slot is empty" \
	service verify laser "$P0"
check_knob "insert els0" "$ID2" els0/insert 1
check_wait "module: lasers active" '[.[] | ."slot-state" == "active"] | all' \
	lasers_of "$ID2"
cpo_run -j service verify laser "$P0"
check_eq "module: verify succeeds" "$RC $ERR" "0 "
check_jq "module: verify reply" "$OUT" '"\(.step) \(.ok) \(.state)"' \
	"verify 1 verified"
check_true "module: lanes back, tx on, up, activated" wait_until lanes2 \
	'."tx-enable" == 1 and .power == "up" and ."dp-state" == "activated"'
# shellcheck disable=SC2317	# called through wait_until
config2_back() {
	[ "$(config2)" == "$BEFORE2" ]
}
if wait_until config2_back; then
	pass "module: configuration back exactly"
else
	fail "module: configuration not back: before '$BEFORE2' after '$(config2)'"
fi
check_knob "module: no light at lane 1's receiver" "$ID2" engine0/lane1/rx_los Y
cpo_ok "module: prepare again" service prepare laser "$P0" force
cpo_refused "module: verify without light refused" "light|service step failed" \
	service verify laser "$P0"
check_jq "module: state failed, the reason" \
	"$("$CPOCTL" -j service status laser "$P0")" \
	'"\(.state) \(.reason | startswith("light: lane 1"))"' "failed true"
check_true "module: the lanes stay down" wait_until lanes2 \
	'."tx-enable" == 0 and .power == "down"'
check_knob "module: light back at lane 1" "$ID2" engine0/lane1/rx_los N
cpo_ok "module: verify passes" service verify laser "$P0"
check_true "module: lanes back after the light failure" wait_until lanes2 \
	'."tx-enable" == 1 and .power == "up" and ."dp-state" == "activated"'
# The events of laser P0 since it was made: ids are reused, and a test
# running beside this one may have had a laser P0 before.
MODULE_EVENTS='(map(select(.event == "laser-create" and .laser.id == $l)) | last | .seq) as $from |
	[.[] | select(.seq > $from and .event == "service" and .service."laser-id" == $l)]'
# shellcheck disable=SC2317	# called through wait_until
module_events_in() {
	[ "$(jq -r -s --argjson l "$P0" "$MODULE_EVENTS | length" "$MON")" -ge 5 ]
}
wait_until module_events_in
check_eq "module: service events in order" \
	"$(jq -r -s --argjson l "$P0" "$MODULE_EVENTS"' | map("\(.service.step):\(.service.ok)") | join(" ")' "$MON")" \
	"prepare:1 verify:1 prepare:1 verify:0 verify:1"

# module_fails DESC ERE REASON: verify of the module fails with ERE on
# stderr, status failed with REASON on every laser of it, the lanes down.
module_fails() {
	local desc=$1 re=$2 reason=$3

	cpo_refused "$desc: verify refused" "$re|service step failed" \
		service verify laser "$P0"
	check_jqn "$desc: state failed, the reason, on laser $P1 too" \
		"failed verify 0 true true" \
		'$s | "\(.state) \(.step) \(.ok) \(.reason | startswith($r)) \($t.reason == .reason)"' \
		--argjson s "$("$CPOCTL" -j service status laser "$P0")" \
		--argjson t "$("$CPOCTL" -j service status laser "$P1")" \
		--arg r "$reason"
	check_true "$desc: the lanes stay down" wait_until lanes2 \
		'."tx-enable" == 0 and .power == "down"'
}

# ---- the module's firmware below the provisioned minimum
LFW=$(lasers_of "$ID2" | jq -r --argjson p "$P0" '.[] | select(.id == $p) | .firmware[] | select(.running == 1) | .version')
log "laser module firmware $LFW"
cpo_ok "module: laser set $P0 fw-min-version 99.0" \
	laser set "$P0" fw-min-version 99.0
check_jq "module: fw-min-version on every laser of the module" \
	"$(lasers_of "$ID2")" '[.[] | ."fw-min-version"] | unique | join(",")' 99.0
cpo_ok "module: prepare for the firmware check" service prepare laser "$P0" force
module_fails "module: firmware below 99.0" "firmware" \
	"firmware: ${LFW%.*} is below the provisioned minimum 99.0"
cpo_ok "module: laser set $P1 fw-min-version none" \
	laser set "$P1" fw-min-version none
check_jq "module: fw-min-version removed from every laser" \
	"$(lasers_of "$ID2")" '[.[] | ."fw-min-version" // ""] | unique | join(",")' ""
cpo_ok "module: verify passes without the minimum" service verify laser "$P0"
check_true "module: lanes back after the firmware failure" wait_until lanes2 \
	'."tx-enable" == 1 and .power == "up" and ."dp-state" == "activated"'

# ---- a module of another part; one of another layout
cpo_ok "module: prepare for another part" service prepare laser "$P0" force
check_knob "module: pull els0" "$ID2" els0/pull 1
check_knob "module: insert els0 part=SIM-ELS-X serial=SVCL2" "$ID2" els0/insert \
	"part=SIM-ELS-X serial=SVCL2"
check_wait "module: the other part active" '[.[] | ."slot-state" == "active"] | all' \
	lasers_of "$ID2"
cpo_run -j service verify laser "$P0"
check_eq "module: verify of another part succeeds" "$RC $ERR" "0 "
check_jq "module: the other part reported" "$OUT" \
	'.notes | test("part SIM-ELS-X serial SVCL2 \\(was CPOSIM SIM-ELS-[0-9]+L S[0-9]+L0\\)")' true
check_true "module: lanes back with the other part" wait_until lanes2 \
	'."tx-enable" == 1 and .power == "up" and ."dp-state" == "activated"'
if wait_until config2_back; then
	pass "module: configuration back exactly with the other part"
else
	fail "module: configuration not back: before '$BEFORE2' after '$(config2)'"
fi
cpo_ok "module: prepare for another layout" service prepare laser "$P0" force
check_knob "module: pull els0 again" "$ID2" els0/pull 1
if sim_knob "$ID2" els0/insert lasers=5; then
	fail "module: a module of 5 lasers taken"
else
	pass "module: a module of 5 lasers refused by the driver: $WRITE_ERR"
fi
check_jq "module: its lasers stay empty" "$(lasers_of "$ID2")" \
	'[.[] | ."slot-state"] | unique | join(",")' empty
cpo_refused "module: prepare with the other layout refused" "another layout" \
	service prepare laser "$P0" force
module_fails "module: another layout" "identity|another layout" "identity: "
check_knob "module: pull the wrong module" "$ID2" els0/pull 1
cpo_refused "module: verify with the slot empty again: out" "laser slot is empty" \
	service verify laser "$P0"
check_knob "module: insert a good module" "$ID2" els0/insert 1
check_wait "module: lasers active again" '[.[] | ."slot-state" == "active"] | all' \
	lasers_of "$ID2"
cpo_ok "module: verify passes with the right layout" service verify laser "$P0"
check_true "module: lanes back after the layout failure" wait_until lanes2 \
	'."tx-enable" == 1 and .power == "up" and ."dp-state" == "activated"'
cpo_run laser set "$P0" fw-min-version 1.2.3
check_eq "module: bad fw-min-version: usage error" "$RC" 1
sim_del "$ID2"

# ---- bad arguments
cpo_refused "unknown engine refused" "unknown engine id" service status 999999
cpo_refused "unknown laser refused" "unknown laser id" \
	service status laser 999999
cpo_run engine set "$E" fw-min-version 1.2.3
check_eq "bad fw-min-version: usage error" "$RC" 1
check_match "bad fw-min-version: the message names it" "$ERR" \
	'invalid value "1.2.3" for "fw-min-version"'
cpo_run service frobnicate "$E"
check_eq "unknown step: usage error" "$RC" 1
cpo_run service verify "$E" force
check_eq "force with verify: usage error" "$RC" 1

# ---- the events, in order
# the race adds its prepare, done or failed, or a prepare after, and a verify
EXPECT="prepare:1 prepare:1 verify:1 prepare:1 verify:0 verify:1 prepare:1 verify:0 verify:1 prepare:1 verify:0 verify:1"
EXPECT_RE="^$EXPECT( prepare:0)? prepare:1 verify:1\$"
# shellcheck disable=SC2317	# called through wait_until
events_in() {
	[ "$(jq -r -s --argjson e "$E" '[.[] | select(.event == "service" and .service."engine-id" == $e)] | length' "$MON")" -ge 14 ]
}
wait_until events_in
STEPS=$(jq -r -s --argjson e "$E" '[.[] | select(.event == "service" and .service."engine-id" == $e) | "\(.service.step):\(.service.ok)"] | join(" ")' "$MON")
check_match "service events: each step in order with its outcome" "$STEPS" "$EXPECT_RE"
check_jq "service events: timestamps increase" "$(jq -c -s --argjson e "$E" '[.[] | select(.event == "service" and .service."engine-id" == $e) | .timestamp]' "$MON")" \
	'. == sort and length >= 14' true
check_jq "a failed verify event carries its reason" \
	"$(jq -c -s --argjson e "$E" '[.[] | select(.event == "service" and .service."engine-id" == $e and .service.ok == 0)][0]' "$MON")" \
	'.service.reason | test("firmware")' true

sim_del "$ID"
kmemleak_check
klog_check
cpo_exit
