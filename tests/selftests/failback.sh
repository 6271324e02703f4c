#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Laser failback through cpoctl, on a 1 x 8 device with an external laser
# module (lasers=external): primaries laser0 (lanes 0-3) and laser1 (lanes
# 4-7) and their spare.
#   - refused: failback of a primary its spare does not cover, of a spare,
#     together with failover
#   - auto policy: the primary fails, the spare takes over; a failback while
#     it is still failed is refused; repaired (fail knob N), its lanes go
#     back by themselves with a laser-failback event naming the primary and
#     its spare; after a failover by command of a healthy primary, the
#     lanes stay on the spare until "laser set P failback"
#   - manual policy: repaired, the lanes stay on the spare; failback refused
#     while the primary is off, and toward an open fiber (so is enabling
#     it: the fiber gate counts the lanes on the spare), and when the
#     module cannot be written; then "failback" hands them back, written
#     to the primary's sysfs file this time
#   - sysfs: the failback file refuses as the command does (EALREADY,
#     EINVAL), takes "1" only, and only from CAP_NET_ADMIN (mode 0200)
# Each refusal leaves the lanes where they were.

# shellcheck disable=SC2016	# jq programs use jq variables, in single quotes
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"

cpo_require
[ -x "$CPOCTL" ] || skip "$CPOCTL not built (make tools)"
[ -d "$SIM_DFS" ] || skip "no cposim debugfs knobs"

ID=$(sim_unique_id)
sim_new_or_exit "$ID" 1 8 lasers=external
E=$(engine_id_of "$ID" 0)
P0=$(laser_id_at "$ID" els0/laser0)	# lanes 0-3
P1=$(laser_id_at "$ID" els0/laser1)	# lanes 4-7
if [ -z "$E" ] || [ -z "$P0" ] || [ -z "$P1" ]; then
	fail "engine cposim$ID/oe0 or lasers els0/laser{0,1} not found"
	cpo_exit
fi
S=$(laser_json "$P0" | jq -r '."spare-id" // empty')
check_jq "laser $P0 and $P1 share spare $S" "$(laser_json "$P1")" '."spare-id"' "$S"
log "engine $E, primaries $P0 $P1, spare $S"
lanes=$(lanes_json "$E")
LANES0=$(jq -c '[.[] | select(.index <= 3) | .id] | sort' <<<"$lanes")
LANES1=$(jq -c '[.[] | select(.index >= 4) | .id] | sort' <<<"$lanes")

fed_by() {	# fed_by FIRST LAST LASER: lanes FIRST..LAST name LASER, lit
	echo "[.[] | select(.index >= $1 and .index <= $2)] |
	      all(.\"laser-id\" == $3 and .\"tx-power\" > 0 and .\"rx-los\" == 0)"
}
# where FIRST LAST: the laser ids lanes FIRST..LAST name, as a JSON array
where() {
	lanes_json "$E" |
		jq -c --argjson a "$1" --argjson b "$2" \
			'[.[] | select(.index >= $a and .index <= $b) | ."laser-id"] | unique'
}

MON=$(mktemp)
on_exit "rm -f $MON"
"$CPOCTL" -j monitor >"$MON" 2>&1 &
MON_PID=$!
on_exit "kill $MON_PID 2>/dev/null; wait $MON_PID 2>/dev/null"
# has_event FILTER: an event of the monitor's output satisfies FILTER
# shellcheck disable=SC2317	# called through wait_until
has_event() {
	jq -e -s "any(.[]; $1)" "$MON" >/dev/null 2>&1
}
# n_events FILTER: how many events of the monitor's output satisfy FILTER
n_events() {
	jq -s "map(select($1)) | length" "$MON" 2>/dev/null
}
# n_is FILTER N: exactly N events satisfy FILTER
# shellcheck disable=SC2317	# called through wait_until
n_is() {
	[ "$(n_events "$1")" == "$2" ]
}
# The monitor may not have joined the group yet: toggle a lane's
# transmitter until it reports (bounded).
L7=$(jq -r '.[] | select(.index == 7) | .id' <<<"$lanes")
seen=no
for _ in 1 2 3 4 5; do
	"$CPOCTL" lane set "$E" 7 tx off
	if wait_until has_event ".lane.id == $L7 and .lane.\"tx-enable\" == 0"; then
		seen=yes
		break
	fi
	"$CPOCTL" lane set "$E" 7 tx on
done
"$CPOCTL" lane set "$E" 7 tx on
check_eq "cpoctl monitor is listening" "$seen" yes
check_wait "lane 7 back to activated" '."dp-state" == "activated"' lane_json "$E" 7
check_wait "lanes 0-7 lit by their primaries" \
	"($(fed_by 0 3 "$P0")) and ($(fed_by 4 7 "$P1"))" lanes_json "$E"

FB0=".event == \"laser-failback\" and .laser.id == $P0"
FB1=".event == \"laser-failback\" and .laser.id == $P1"

# ---- what failback refuses before any failover
cpo_refused "failback of $P0, which feeds its own lanes: EALREADY" \
	"nothing to hand back" laser set "$P0" failback
cpo_refused "failback of spare $S: EINVAL" \
	"failback needs a primary laser with a spare" laser set "$S" failback
cpo_refused "failover and failback at once: EINVAL" \
	"give failover or failback, not both" laser set "$P0" failover failback
# the same refusals through sysfs: its errno, nothing changed
# sysfs_refused DESC ERRNO_TEXT WRITER PATH VALUE
sysfs_refused() {
	if "$3" "$4" "$5"; then
		fail "$1: accepted"
	else
		check_eq "$1" "$WRITE_ERR" "$2"
	fi
}
F0=$CPO_CLASS/laser$P0/failback
sysfs_refused "sysfs failback of $P0, which feeds its own lanes: EALREADY" \
	"Operation already in progress" write_file "$F0" 1
sysfs_refused "sysfs failback of spare $S: EINVAL" "Invalid argument" \
	write_file "$CPO_CLASS/laser$S/failback" 1
sysfs_refused "sysfs failback \"2\": EINVAL" "Invalid argument" write_file "$F0" 2
sysfs_refused "sysfs failback as nobody: EACCES (mode 0200)" "Permission denied" \
	write_as_nobody "$F0" 1
check_jq "refused: lanes 0-3 still on $P0" "$(where 0 3)" tostring "[$P0]"
check_jq "refused: spare $S standby, covering nothing" "$(laser_json "$S")" \
	'"\(.state) \(has("covering-id"))"' "standby false"

# ---- auto policy: the lanes come back once the primary is repaired
cpo_ok "laser set $P0 failover-policy auto" laser set "$P0" failover-policy auto
check_wait "laser $P0: failover-policy auto" '."failover-policy" == "auto"' \
	laser_json "$P0"
check_knob "fail knob of els0/laser0" "$ID" els0/laser0/fail Y
check_true "auto: laser-failover event, spare $S covering $P0" wait_until has_event \
	".event == \"laser-failover\" and .laser.id == $S and .laser.\"covering-id\" == $P0"
check_wait "auto: lanes 0-3 on spare $S, lit" "$(fed_by 0 3 "$S")" lanes_json "$E"
cpo_refused "failback of $P0 while it is failed: ENODEV" "has not recovered" \
	laser set "$P0" failback
check_jq "refused: lanes 0-3 still on spare $S" "$(where 0 3)" tostring "[$S]"
check_jq "refused: spare $S still covering $P0" "$(laser_json "$S")" \
	'."covering-id"' "$P0"
check_jq "auto, still failed: no laser-failback event" "$(n_events "$FB0")" . 0

check_knob "fail knob of els0/laser0: N (repaired)" "$ID" els0/laser0/fail N
check_true "auto: laser-failback event of $P0, spare-id $S, lanes 0-3" \
	wait_until has_event \
	"$FB0 and .laser.\"spare-id\" == $S and (.laser.\"lane-id\" | sort) == $LANES0"
check_wait "auto: lanes 0-3 back on $P0, lit" "$(fed_by 0 3 "$P0")" lanes_json "$E"
check_true "auto: lane-change events naming $P0 again" wait_until has_event \
	".event == \"lane-change\" and .lane.\"engine-id\" == $E and .lane.index == 0 and .lane.\"laser-id\" == $P0"
check_wait "auto: spare $S standby, covering nothing, no lanes" \
	'.state == "standby" and (has("covering-id") | not) and (."lane-id" | length) == 0' \
	laser_json "$S"
check_jq "auto: laser $P0 on, its 4 lanes" "$(laser_json "$P0")" \
	'"\(.state) \(."lane-id" | sort)"' "on $LANES0"
check_jq "auto: lanes 4-7 stayed on $P1" "$(where 4 7)" tostring "[$P1]"

# A failover by command of a healthy primary is not undone by itself.
cpo_ok "laser set $P0 failover (healthy, auto policy)" laser set "$P0" failover
check_wait "auto, failover by command: lanes 0-3 on spare $S" "$(fed_by 0 3 "$S")" \
	lanes_json "$E"
nap 1
check_jq "auto, failover by command: after 1 s lanes 0-3 still on $S" \
	"$(where 0 3)" tostring "[$S]"
check_jq "auto, failover by command: one laser-failback event only" \
	"$(n_events "$FB0")" . 1
cpo_ok "laser set $P0 failback" laser set "$P0" failback
check_true "command: a second laser-failback event of $P0" wait_until \
	n_is "$FB0 and .laser.\"spare-id\" == $S" 2
check_wait "command: lanes 0-3 back on $P0, lit" "$(fed_by 0 3 "$P0")" lanes_json "$E"
check_wait "command: spare $S standby" \
	'.state == "standby" and (has("covering-id") | not)' laser_json "$S"

# ---- manual policy: the lanes stay on the spare until "failback"
check_jq "laser $P1: failover-policy manual" "$(laser_json "$P1")" \
	'."failover-policy"' manual
check_knob "fail knob of els0/laser1" "$ID" els0/laser1/fail Y
check_wait "manual: laser $P1 failed" '.state == "failed"' laser_json "$P1"
cpo_ok "laser set $P1 failover" laser set "$P1" failover
check_wait "manual: lanes 4-7 on spare $S, lit" "$(fed_by 4 7 "$S")" lanes_json "$E"
check_knob "fail knob of els0/laser1: N (repaired)" "$ID" els0/laser1/fail N
check_wait "manual: laser $P1 on again" '.state == "on"' laser_json "$P1"
nap 1
check_jq "manual: after 1 s lanes 4-7 still on spare $S" "$(where 4 7)" tostring "[$S]"
check_jq "manual: spare $S still covering $P1" "$(laser_json "$S")" \
	'."covering-id"' "$P1"
check_jq "manual: no laser-failback event of $P1" "$(n_events "$FB1")" . 0

cpo_ok "laser set $P1 enable off" laser set "$P1" enable off
check_wait "manual: laser $P1 off" '.state == "off" and .enable == 0' laser_json "$P1"
cpo_refused "failback of $P1 while it is off: ENETDOWN" "enable it first" \
	laser set "$P1" failback
check_knob "fiber knob: lane 5 disconnected" "$ID" engine0/lane5/fiber N
check_wait "lane 5: fiber-connected 0" '."fiber-connected" == 0' lane_json "$E" 5
cpo_refused "enable of $P1, whose lane 5 on the spare has no fiber: ENOLINK" \
	"fiber is not connected" laser set "$P1" enable on
check_jq "refused: laser $P1 still off" "$(laser_json "$P1")" .state off
check_knob "fiber knob: lane 5 connected" "$ID" engine0/lane5/fiber Y
check_wait "lane 5: fiber-connected 1" '."fiber-connected" == 1' lane_json "$E" 5
cpo_ok "laser set $P1 enable on" laser set "$P1" enable on
check_wait "manual: laser $P1 on" '.state == "on" and .enable == 1' laser_json "$P1"
check_knob "fiber knob: lane 5 disconnected again" "$ID" engine0/lane5/fiber N
check_wait "lane 5: fiber-connected 0 again" '."fiber-connected" == 0' lane_json "$E" 5
cpo_refused "failback of $P1 toward an open fiber: ENOLINK" "fiber is not connected" \
	laser set "$P1" failback
check_knob "fiber knob: lane 5 connected again" "$ID" engine0/lane5/fiber Y
check_wait "lane 5: fiber-connected 1 again" '."fiber-connected" == 1' lane_json "$E" 5
check_knob "els0 write_err = 5 (EIO)" "$ID" els0/write_err 5
cpo_refused "failback of $P1 with its module unwritable" "write of laser source page B0h" \
	laser set "$P1" failback
check_knob "els0 write_err = 0" "$ID" els0/write_err 0
nap 0.5
check_jq "refused: lanes 4-7 still on spare $S" "$(where 4 7)" tostring "[$S]"
check_jq "refused: no laser-failback event of $P1" "$(n_events "$FB1")" . 0

# the manual failback through sysfs (the command's path is taken above)
check_true "sysfs failback of $P1 written" write_file "$CPO_CLASS/laser$P1/failback" 1
check_true "manual: laser-failback event of $P1, spare-id $S, lanes 4-7" \
	wait_until has_event \
	"$FB1 and .laser.\"spare-id\" == $S and (.laser.\"lane-id\" | sort) == $LANES1"
check_wait "manual: lanes 4-7 back on $P1, lit" "$(fed_by 4 7 "$P1")" lanes_json "$E"
check_wait "manual: spare $S standby, no lanes" \
	'.state == "standby" and (has("covering-id") | not) and (."lane-id" | length) == 0' \
	laser_json "$S"
check_jq "manual: lanes 0-3 stayed on $P0" "$(where 0 3)" tostring "[$P0]"
cpo_refused "failback of $P1 again: EALREADY" "nothing to hand back" \
	laser set "$P1" failback

# text output of the event
kill "$MON_PID" 2>/dev/null
wait "$MON_PID" 2>/dev/null
log "monitor: $(wc -l <"$MON") events"
TXT=$(mktemp)
on_exit "rm -f $TXT"
"$CPOCTL" monitor >"$TXT" 2>&1 &
TXT_PID=$!
on_exit "kill $TXT_PID 2>/dev/null; wait $TXT_PID 2>/dev/null"
# shellcheck disable=SC2317	# called through wait_until
txt_has() {
	grep -q -- "$1" "$TXT"
}
seen=no
for _ in 1 2 3 4 5; do
	"$CPOCTL" lane set "$E" 7 tx off
	"$CPOCTL" lane set "$E" 7 tx on
	if wait_until txt_has "lane $L7:"; then
		seen=yes
		break
	fi
done
check_eq "cpoctl monitor (text) is listening" "$seen" yes
cpo_ok "laser set $P1 failover (for the text monitor)" laser set "$P1" failover
check_wait "lanes 4-7 on spare $S" "$(fed_by 4 7 "$S")" lanes_json "$E"
cpo_ok "laser set $P1 failback (for the text monitor)" laser set "$P1" failback
check_true "text monitor: [laser-failback] laser $P1" \
	wait_until txt_has "\[laser-failback\] laser $P1:"

sim_del "$ID" || fail "del_device $ID: $WRITE_ERR"
check_jq "lasers gone with the device" "$(lasers_of "$ID")" length 0

cpo_exit
