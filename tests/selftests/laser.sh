#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Lasers of cpo_sim through cpoctl: a 2 x 8 device with external laser
# modules (lasers=external) and a 1 x 8 device with internal lasers.
#   - inventory and fields: types, roles, states, wavelength, output power,
#     bias, temperature, hours, spares, policies; the wiring (lanes 4k..4k+3
#     of engine N fed by els<N>/laser<k>) seen from lanes and from lasers
#   - topology of an engine and of a laser, with ports from the port knob
#   - disable / enable: the lanes go dark and come back
#   - failover, manual (dark until "laser set P failover") and auto, with the
#     laser-failover event on "cpoctl monitor"; EALREADY, EBUSY and EINVAL
#   - the safety gate: no enable toward a disconnected fiber (ENOLINK)
#   - internal lasers: no spare, fail and repair
#   - the laser module's transport errors

# shellcheck disable=SC2016	# jq programs use jq variables, in single quotes
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"

cpo_require
[ -x "$CPOCTL" ] || skip "$CPOCTL not built (make tools)"
[ -d "$SIM_DFS" ] || skip "no cposim debugfs knobs"

ID=$(sim_unique_id)
sim_new_or_exit "$ID" 2 8 lasers=external
E0=$(engine_id_of "$ID" 0)
E1=$(engine_id_of "$ID" 1)
if [ -z "$E0" ] || [ -z "$E1" ]; then
	fail "engines cposim$ID/oe0 and oe1 not found"
	cpo_exit
fi
L=$(lasers_of "$ID")
P00=$(laser_id_at "$ID" els0/laser0)	# engine 0 lanes 0-3
P01=$(laser_id_at "$ID" els0/laser1)	# engine 0 lanes 4-7
P10=$(laser_id_at "$ID" els1/laser0)	# engine 1 lanes 0-3
P11=$(laser_id_at "$ID" els1/laser1)	# engine 1 lanes 4-7
log "engines $E0 $E1, primaries $P00 $P01 $P10 $P11"
if [ -z "$P00" ] || [ -z "$P01" ] || [ -z "$P10" ] || [ -z "$P11" ]; then
	fail "primaries cposim$ID/els{0,1}/laser{0,1} not found: $(jq -c 'map(.location)' <<<"$L")"
	cpo_exit
fi
S0=$(jq -r --argjson p "$P00" '.[] | select(.id == $p) | ."spare-id" // empty' <<<"$L")
S1=$(jq -r --argjson p "$P10" '.[] | select(.id == $p) | ."spare-id" // empty' <<<"$L")
lanes0=$(lanes_json "$E0")
lanes1=$(lanes_json "$E1")
lane_ids() {	# lane_ids LANES_JSON FIRST LAST: ids, sorted, as a JSON array
	jq -c --argjson a "$2" --argjson b "$3" \
		'[.[] | select(.index >= $a and .index <= $b) | .id] | sort' <<<"$1"
}

# ---- inventory and fields
check_jq "4 primaries at els{0,1}/laser{0,1}" "$L" \
	'[.[] | select(.role == "primary") | .location] | sort | join(",")' \
	"cposim$ID/els0/laser0,cposim$ID/els0/laser1,cposim$ID/els1/laser0,cposim$ID/els1/laser1"
check_jq "1 or 2 spares per module" "$L" \
	'[.[] | select(.role == "spare") | .location | capture("/els(?<m>[0-9]+)/").m] | group_by(.) | map(length) | "\(length) \(all(. >= 1 and . <= 2))"' \
	"2 true"
log "lasers: $(jq -c 'map("\(.id) \(.location) \(.role)")' <<<"$L")"
PRIM=$(jq -c '[.[] | select(.role == "primary")]' <<<"$L")
SPARE=$(jq -c '[.[] | select(.role == "spare")]' <<<"$L")
check_jq "all lasers external" "$L" 'map(.type) | unique | join(",")' external
check_jq "primaries: state on, enabled" "$PRIM" \
	'map("\(.state) \(.enable)") | unique | join(",")' "on 1"
check_jq "spares: state standby" "$SPARE" 'map(.state) | unique | join(",")' standby
check_jq "wavelength 1200-1700 nm" "$L" \
	'all(.wavelength >= 1200000 and .wavelength <= 1700000)' true
check_jq "primaries: output-power about 80 mW (50-120 mW)" "$PRIM" \
	'all(."output-power" >= 50000 and ."output-power" <= 120000)' true
check_jq "primaries: bias > 0" "$PRIM" 'all(.bias > 0)' true
check_jq "temperature 10-75 C" "$L" \
	'all(.temperature >= 10000 and .temperature < 75000)' true
check_jq "hours reported" "$L" 'all(has("hours"))' true
check_jq "primaries: failover-policy manual" "$PRIM" \
	'map(."failover-policy") | unique | join(",")' manual
check_jq "primaries: a spare of their own module" "$L" \
	'(map({key: (.id | tostring), value: .}) | from_entries) as $by |
	 [.[] | select(.role == "primary") |
	  ($by[(."spare-id" // -1) | tostring]) as $s |
	  $s != null and $s.role == "spare" and
	  ($s.location | sub("/laser[0-9]+$"; "")) == (.location | sub("/laser[0-9]+$"; ""))] | all' true
check_jq "spares: no lanes, covering nothing" "$SPARE" \
	'all((."lane-id" | length) == 0 and (has("covering-id") | not))' true
check_jq "primaries: 4 lanes each" "$PRIM" 'map(."lane-id" | length) | unique | join(",")' 4

# wiring: lane i of engine N is fed by els<N>/laser<i/4>, and each laser
# lists exactly the lanes whose laser-id it is
lanes=$(jq -c -s 'add' <<<"$lanes0 $lanes1")
check_jqn "lane 4k..4k+3 of engine N fed by els<N>/laser<k>" true \
	'($L | map({key: .location, value: .id}) | from_entries) as $m |
	 [$lanes[] | ."laser-id" ==
	  $m["cposim\($id)/els\(if ."engine-id" == $e0 then 0 else 1 end)/laser\(.index / 4 | floor)"]] | all' \
	--argjson L "$L" --argjson lanes "$lanes" --arg id "$ID" --argjson e0 "$E0"
check_jqn "each laser lists the lanes it feeds" true \
	'[$L[] | .id as $i | (."lane-id" | sort) ==
	  ([$lanes[] | select(."laser-id" == $i) | .id] | sort)] | all' \
	--argjson L "$L" --argjson lanes "$lanes"
check_jq "lanes: fiber connected, no LOS" "$lanes" \
	'all(."fiber-connected" == 1 and ."rx-los" == 0)' true
check_jq "lanes: fiber-position named" "$lanes" 'all((."fiber-position" // "") != "")' true
check_jq "lanes: tx-power about 1 mW (0.3-3 mW)" "$lanes" \
	'all(."tx-power" >= 300000 and ."tx-power" <= 3000000)' true
check_jq "lanes: 0 < rx-power < tx-power" "$lanes" \
	'all(."rx-power" > 0 and ."rx-power" < ."tx-power")' true
check_jqn "lanes of a laser: less light than the laser emits" true \
	'($lanes | map({key: (.id | tostring), value: ."tx-power"}) | from_entries) as $tx |
	 [$L[] | select(.role == "primary") |
	  ([."lane-id"[] | $tx[tostring]] | add) < ."output-power" * 1000] | all' \
	--argjson L "$L" --argjson lanes "$lanes"

# ---- topology and ports
topo() {	# topo engine|laser ID: the reply, lists sorted
	"$CPOCTL" -j topology "$1" "$2" |
		jq -c '."lane-id" = ((."lane-id" // []) | sort) | .ifindex = ((.ifindex // []) | sort)'
}
T=$(topo engine "$E0")
check_jq "topology engine $E0: its 8 lanes" "$T" '."lane-id" | tostring' \
	"$(lane_ids "$lanes0" 0 7)"
check_jq "topology engine $E0: no port yet" "$T" '.ifindex | length' 0
T=$(topo laser "$P01")
check_jq "topology laser $P01: lanes 4-7 of engine $E0" "$T" '."lane-id" | tostring' \
	"$(lane_ids "$lanes0" 4 7)"
check_jq "topology laser $P01 (manual): no spare-id" "$T" 'has("spare-id")' false
check_jq "topology laser $S0 (spare, standby): no lanes" "$(topo laser "$S0")" \
	'."lane-id" | length' 0

PORT=cpod$ID
if ip link add "$PORT" type dummy 2>/dev/null ||
   { modprobe dummy 2>/dev/null && ip link add "$PORT" type dummy 2>/dev/null; } ||
   ip link add "$PORT" type veth peer name "cpov$ID" 2>/dev/null; then
	on_exit "ip link del $PORT 2>/dev/null"
else
	log "cannot make a dummy or veth netdev: ports on lo only"
	PORT=lo
fi
PIDX=$(cat "/sys/class/net/$PORT/ifindex")
LOIDX=$(cat /sys/class/net/lo/ifindex)
check_knob "port knob: engine0 lane0 -> $PORT" "$ID" engine0/lane0/port "$PORT"
check_knob "port knob: engine0 lane1 -> $PORT" "$ID" engine0/lane1/port "$PORT"
check_knob "port knob: engine0 lane4 -> lo" "$ID" engine0/lane4/port lo
check_wait "lane 0 serves $PORT (ifname, ifindex $PIDX)" \
	".ifname == \"$PORT\" and .ifindex == $PIDX" lane_json "$E0" 0
check_wait "lane 4 serves lo" ".ifname == \"lo\" and .ifindex == $LOIDX" lane_json "$E0" 4
if sim_knob "$ID" engine0/lane2/port nosuchdev0; then
	fail "port knob: an unknown ifname accepted"
else
	pass "port knob: an unknown ifname refused ($WRITE_ERR)"
fi
check_jq "lanes 2, 3, 5 serve no port" "$(lanes_json "$E0")" \
	'[.[] | select(.index == 2 or .index == 3 or .index == 5) | has("ifname")] | any' false
check_jq "topology engine $E0: each port once" "$(topo engine "$E0")" '.ifindex | tostring' \
	"$(jq -c -n "[$PIDX, $LOIDX] | unique")"
check_jq "topology laser $P00: $PORT" "$(topo laser "$P00")" '.ifindex | tostring' "[$PIDX]"
check_jq "topology laser $P01: lo" "$(topo laser "$P01")" '.ifindex | tostring' "[$LOIDX]"
check_jq "topology laser $P10: no port" "$(topo laser "$P10")" '.ifindex | length' 0
check_knob "port knob: empty line clears lane 4" "$ID" engine0/lane4/port $'\n'
check_wait "lane 4 serves no port" 'has("ifname") | not' lane_json "$E0" 4
check_jq "topology laser $P01: no port" "$(topo laser "$P01")" '.ifindex | length' 0
if [ "$PORT" != lo ]; then
	ip link del "$PORT"
	check_wait "deleting $PORT clears lanes 0 and 1" \
		'[.[] | select(.index <= 1) | has("ifname") or has("ifindex")] | any | not' \
		lanes_json "$E0"
	check_jq "topology engine $E0: no port left" "$(topo engine "$E0")" '.ifindex | length' 0
else
	sim_knob "$ID" engine0/lane0/port $'\n'
	sim_knob "$ID" engine0/lane1/port $'\n'
fi

# ---- disable and enable a laser
lit() {		# lit FIRST LAST: the lanes carry light, no LOS
	echo "[.[] | select(.index >= $1 and .index <= $2)] |
	      all(.\"tx-power\" > 0 and .\"rx-power\" > 0 and .\"rx-los\" == 0)"
}
dark() {	# dark FIRST LAST: no light out or in, LOS
	echo "[.[] | select(.index >= $1 and .index <= $2)] |
	      all(.\"tx-power\" == 0 and .\"rx-power\" == 0 and .\"rx-los\" == 1)"
}
cpo_ok "laser set $P01 enable off" laser set "$P01" enable off
check_wait "laser $P01: off, enable 0, no output" \
	'.state == "off" and .enable == 0 and (."output-power" // 0) == 0' laser_json "$P01"
check_wait "laser $P01 off: lanes 4-7 of engine $E0 dark with LOS" "$(dark 4 7)" lanes_json "$E0"
check_jq "laser $P01 off: lanes 0-3 still lit" "$(lanes_json "$E0")" "$(lit 0 3)" true
cpo_ok "laser set $P01 enable on" laser set "$P01" enable on
check_wait "laser $P01: on, enable 1" '.state == "on" and .enable == 1' laser_json "$P01"
check_wait "laser $P01 on: lanes 4-7 lit again, LOS gone" "$(lit 4 7)" lanes_json "$E0"

# ---- manual failover: P00 fails, its lanes stay dark until "failover"
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
# The monitor may not have joined the group yet: toggle a lane's
# transmitter until it reports (bounded).
L17=$(jq -r '.[] | select(.index == 7) | .id' <<<"$lanes1")
seen=no
for _ in 1 2 3 4 5; do
	"$CPOCTL" lane set "$E1" 7 tx off
	if wait_until has_event ".lane.id == $L17 and .lane.\"tx-enable\" == 0"; then
		seen=yes
		break
	fi
	"$CPOCTL" lane set "$E1" 7 tx on
done
"$CPOCTL" lane set "$E1" 7 tx on
check_eq "cpoctl monitor is listening" "$seen" yes
check_wait "engine $E1 lane 7 back to activated" '."dp-state" == "activated"' lane_json "$E1" 7

LOC00=$(jq -r --argjson p "$P00" '.[] | select(.id == $p) | .location' <<<"$L")
check_knob "fail knob of $LOC00" "$ID" "${LOC00#cposim"$ID"/}/fail" Y
check_wait "laser $P00: failed, no output" \
	'.state == "failed" and (."output-power" // 0) == 0' laser_json "$P00"
check_wait "laser $P00 failed: lanes 0-3 of engine $E0 dark with LOS" "$(dark 0 3)" lanes_json "$E0"
sleep 1
lanes=$(lanes_json "$E0")
check_jq "manual policy: after 1 s lanes 0-3 still dark" "$lanes" "$(dark 0 3)" true
check_jq "manual policy: lanes 0-3 still name laser $P00" "$lanes" \
	'[.[] | select(.index <= 3) | ."laser-id"] | unique | tostring' "[$P00]"
check_jq "manual policy: spare $S0 still standby" "$(laser_json "$S0")" .state standby
# (of this device's lasers: another test's may fail over meanwhile)
check_true "manual policy: no laser-failover event" \
	eval "! has_event '.event == \"laser-failover\" and
		(.laser.\"dev-name\" == \"cposim$ID\" or .laser.id == $S0 or
		 .laser.\"covering-id\" == $P00)'"
check_jq "lanes 4-7 (laser $P01) still lit" "$lanes" "$(lit 4 7)" true

cpo_ok "laser set $P00 failover" laser set "$P00" failover
check_true "monitor: laser-failover event, spare $S0 covering $P00" wait_until has_event \
	".event == \"laser-failover\" and .laser.id == $S0 and .laser.\"covering-id\" == $P00"
check_wait "after failover: lanes 0-3 fed by spare $S0" \
	"[.[] | select(.index <= 3) | .\"laser-id\"] | unique == [$S0]" lanes_json "$E0"
check_wait "after failover: lanes 0-3 lit again, LOS gone" "$(lit 0 3)" lanes_json "$E0"
check_true "monitor: lane-change events naming spare $S0" wait_until has_event \
	".event == \"lane-change\" and .lane.\"engine-id\" == $E0 and .lane.index == 0 and .lane.\"laser-id\" == $S0"
check_wait "spare $S0: on, covering $P00, feeding lanes 0-3" \
	".state == \"on\" and .\"covering-id\" == $P00 and (.\"lane-id\" | sort | tostring) == \"$(lane_ids "$lanes0" 0 3)\"" \
	laser_json "$S0"
check_jq "laser $P00: feeds no lane" "$(laser_json "$P00")" '."lane-id" | length' 0
check_jq "topology laser $S0: lanes 0-3" "$(topo laser "$S0")" '."lane-id" | tostring' \
	"$(lane_ids "$lanes0" 0 3)"
cpo_refused "failover of $P00 again: EALREADY" "already" laser set "$P00" failover
if [ "$(laser_json "$P01" | jq -r '."spare-id"')" == "$S0" ]; then
	cpo_refused "failover of $P01, whose spare covers $P00: EBUSY" "already covering|busy" \
		laser set "$P01" failover
	check_jq "laser $P01 keeps its lanes" "$(laser_json "$P01")" '."lane-id" | length' 4
fi

# ---- auto failover: P10 fails, its spare takes over by itself
cpo_ok "laser set $P10 failover-policy auto" laser set "$P10" failover-policy auto
check_jq "laser $P10: failover-policy auto" "$(laser_json "$P10")" '."failover-policy"' auto
check_jq "topology laser $P10 (auto): spare-id $S1" "$(topo laser "$P10")" '."spare-id"' "$S1"
LOC10=$(jq -r --argjson p "$P10" '.[] | select(.id == $p) | .location' <<<"$L")
check_knob "fail knob of $LOC10" "$ID" "${LOC10#cposim"$ID"/}/fail" Y
check_true "auto policy: laser-failover event, spare $S1 covering $P10" wait_until has_event \
	".event == \"laser-failover\" and .laser.id == $S1 and .laser.\"covering-id\" == $P10"
check_wait "auto policy: lanes 0-3 of engine $E1 fed by spare $S1" \
	"[.[] | select(.index <= 3) | .\"laser-id\"] | unique == [$S1]" lanes_json "$E1"
check_wait "auto policy: lanes 0-3 of engine $E1 lit" "$(lit 0 3)" lanes_json "$E1"
check_jq "laser $P10: failed" "$(laser_json "$P10")" .state failed
check_jq "topology laser $P10: no lanes left" "$(topo laser "$P10")" '."lane-id" | length' 0

# ---- what a laser without a spare refuses
cpo_refused "failover-policy on spare $S0: EINVAL" \
	"failover-policy applies to a primary laser with a spare" \
	laser set "$S0" failover-policy auto
cpo_refused "failover on spare $S0: EINVAL" "failover needs a primary laser with a spare" \
	laser set "$S0" failover
check_jq "spare $S0 unchanged" "$(laser_json "$S0")" \
	'"\(.state) \(."covering-id")"' "on $P00"

# ---- safety gate: no enable toward an open fiber
check_knob "fiber knob: engine1 lane5 disconnected" "$ID" engine1/lane5/fiber N
check_wait "lane 5 of engine $E1: fiber-connected 0, no light in, LOS" \
	'."fiber-connected" == 0 and ."rx-power" == 0 and ."rx-los" == 1' lane_json "$E1" 5
check_jq "lane 4 of engine $E1: fiber still connected" "$(lane_json "$E1" 4)" \
	'."fiber-connected"' 1
cpo_ok "laser set $P11 enable off (disabling is always allowed)" laser set "$P11" enable off
check_wait "laser $P11: off" '.state == "off" and .enable == 0' laser_json "$P11"
cpo_refused "laser set $P11 enable on toward an open fiber: ENOLINK" \
	"fiber is not connected" laser set "$P11" enable on
check_jq "laser $P11 still off" "$(laser_json "$P11")" '"\(.state) \(.enable)"' "off 0"
check_jq "lanes 4-7 of engine $E1 still dark" "$(lanes_json "$E1")" \
	'[.[] | select(.index >= 4) | ."tx-power"] | all(. == 0)' true
check_knob "fiber knob: engine1 lane5 connected" "$ID" engine1/lane5/fiber Y
check_wait "lane 5 of engine $E1: fiber-connected 1" '."fiber-connected" == 1' lane_json "$E1" 5
cpo_ok "laser set $P11 enable on with the fiber back" laser set "$P11" enable on
check_wait "laser $P11: on" '.state == "on" and .enable == 1' laser_json "$P11"
check_wait "lanes 4-7 of engine $E1 lit" "$(lit 4 7)" lanes_json "$E1"

# ---- the laser module's transport
# Reads are served from the copy: an unreadable module keeps answering
# with its last values, and its copy stops being refreshed.
before=$(laser_json "$P01" | jq -r .refreshed)
check_knob "els0 read_err = 5 (EIO)" "$ID" els0/read_err 5
nap 0.2
stale=$(laser_json "$P01" | jq -r .refreshed)
cpo_run laser show "$P01"
check_eq "laser show $P01 with its module unreadable: exit 0 (the copy)" "$RC" 0
cpo_dump -j laser show
check_eq "laser dump with a module unreadable: exit 0" "$RC" 0
check_jq "laser dump with a module unreadable: $P01 still on" "$OUT" \
	".[] | select(.id == $P01) | .state" on
nap 1.5	# past the periodic refresh, which fails
check_jq "laser $P01: refreshed stays while unreadable" \
	"$(laser_json "$P01")" ".refreshed == $stale and $stale >= $before" true
check_knob "els0 read_err = 0" "$ID" els0/read_err 0
check_wait "laser $P01: refreshed again once readable" \
	".refreshed > $stale" laser_json "$P01"
check_knob "els0 write_err = 5 (EIO)" "$ID" els0/write_err 5
cpo_refused "laser set $P01 enable off with its module unwritable" "." \
	laser set "$P01" enable off
check_knob "els0 write_err = 0" "$ID" els0/write_err 0
check_jq "laser $P01 unchanged: on, enable 1" "$(laser_json "$P01")" \
	'"\(.state) \(.enable)"' "on 1"
check_jq "lanes 4-7 of engine $E0 still lit" "$(lanes_json "$E0")" "$(lit 4 7)" true

kill "$MON_PID" 2>/dev/null
wait "$MON_PID" 2>/dev/null
log "monitor: $(wc -l <"$MON") events"

# ---- internal lasers
ID2=$(sim_unique_id)
while [ "$ID2" == "$ID" ]; do ID2=$(sim_unique_id); done
if sim_new "$ID2" 1 8 lasers=internal; then
	pass "new_device '$ID2 1 8 lasers=internal'"
	F0=$(engine_id_of "$ID2" 0)
	I0=$(laser_id_at "$ID2" oe0/laser0)
	I1=$(laser_id_at "$ID2" oe0/laser1)
	IL=$(lasers_of "$ID2")
	check_jq "internal: 2 lasers" "$IL" 'length' 2
	check_jq "internal: type, role, state, no spare, no policy" "$IL" \
		'map("\(.type) \(.role) \(.state) \(has("spare-id")) \(has("failover-policy"))") | unique | join(",")' \
		"internal primary on false false"
	check_jq "internal: output-power about 80 mW" "$IL" \
		'all(."output-power" >= 50000 and ."output-power" <= 120000)' true
	lanesF=$(lanes_json "$F0")
	check_jq "internal: oe0/laser0 feeds lanes 0-3" "$(laser_json "$I0")" \
		'."lane-id" | sort | tostring' "$(lane_ids "$lanesF" 0 3)"
	check_jq "internal: lanes 4-7 name oe0/laser1" "$lanesF" \
		'[.[] | select(.index >= 4) | ."laser-id"] | unique | tostring' "[$I1]"
	cpo_refused "internal: failover-policy refused (no spare)" \
		"failover-policy applies to a primary laser with a spare" \
		laser set "$I0" failover-policy auto
	cpo_refused "internal: failover refused (no spare)" \
		"failover needs a primary laser with a spare" laser set "$I0" failover
	check_knob "internal: fail knob engine0/laser0" "$ID2" engine0/laser0/fail Y
	check_wait "internal: laser $I0 failed" '.state == "failed"' laser_json "$I0"
	check_wait "internal: lanes 0-3 dark" "$(dark 0 3)" lanes_json "$F0"
	check_jq "internal: lanes 4-7 lit" "$(lanes_json "$F0")" "$(lit 4 7)" true
	check_knob "internal: fail knob N repairs" "$ID2" engine0/laser0/fail N
	check_wait "internal: laser $I0 on again" '.state == "on"' laser_json "$I0"
	check_wait "internal: lanes 0-3 lit again" "$(lit 0 3)" lanes_json "$F0"
	sim_del "$ID2" || fail "del_device $ID2: $WRITE_ERR"
	check_jq "internal: lasers gone with the device" "$(lasers_of "$ID2")" length 0
else
	fail "new_device '$ID2 1 8 lasers=internal': $WRITE_ERR"
fi

sim_del "$ID" || fail "del_device $ID: $WRITE_ERR"
check_jq "external: lasers gone with the device" "$(lasers_of "$ID")" length 0

cpo_exit
