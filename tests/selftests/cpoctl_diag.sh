#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# cpoctl threshold, alarm, diag dump and monitor against the simulator:
# the thresholds a new engine gets from its module (page 02h) and the FEC
# limit; threshold set round-trips in human units and the kernel refuses
# unordered ones (exit 2, its message, nothing changed); a lane whose link
# loss grows below its RX power low warning shows an active, latched alarm
# and the monitor prints it; the loss restored, it stays latched until
# alarm clear; diag dump is one JSON document with every object; and the
# monitor reports every event it missed, never losing one silently.

# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"

cpo_require
[ -x "$CPOCTL" ] || skip "$CPOCTL not built (make tools)"
[ -d "$SIM_DFS" ] || skip "no cposim debugfs knobs"
UNKNOWN=2147483000

ID=$(sim_unique_id)
sim_new "$ID" 2 4 || fail "new_device '$ID 2 4': $WRITE_ERR"
E0=$(engine_id_of "$ID" 0)
E1=$(engine_id_of "$ID" 1)
if [ -z "$E0" ] || [ -z "$E1" ]; then
	fail "no engines for cposim$ID"
	cpo_exit
fi
check_true "engine 0 ready" wait_until sysfs_is "$CPO_CLASS/engine$E0/module_state" ready
check_true "engine 0 lane 0 activated" \
	wait_until sysfs_is "$CPO_CLASS/engine$E0/lane0/dp_state" activated
L0=$(lane_json "$E0" 0 | jq -r .id)
L1=$(lane_json "$E0" 1 | jq -r .id)
log "cposim$ID: engines $E0 $E1, lanes $L0 $L1 of engine $E0"

# levels QUANTITY JSON: "high-alarm low-alarm high-warning low-warning"
levels() {
	jq -r --arg q "$1" '.[0].threshold[] | select(.quantity == $q) |
		"\(."high-alarm") \(."low-alarm") \(."high-warning") \(."low-warning")"' <<<"$2"
}

# ---- threshold show: the defaults
cpo_ok "threshold show engine $E0" -j threshold show engine "$E0"
TH=$OUT
check_jq "engine $E0: its id" "$TH" '.[0]."engine-id"' "$E0"
check_jq "engine $E0: no lane id" "$TH" '.[0] | has("lane-id")' false
check_eq "temperature 80/-5/75/0 C" "$(levels temperature "$TH")" "80000 -5000 75000 0"
check_eq "voltage 3.63/2.97/3.465/3.135 V" "$(levels voltage "$TH")" \
	"3630000 2970000 3465000 3135000"
check_eq "tx-power 2.0/0.4/1.6/0.5 mW" "$(levels tx-power "$TH")" \
	"2000000 400000 1600000 500000"
check_eq "tx-bias 80/10/70/15 mA" "$(levels tx-bias "$TH")" "80000 10000 70000 15000"
check_eq "rx-power 2.0/0.04/1.6/0.05 mW" "$(levels rx-power "$TH")" \
	"2000000 40000 1600000 50000"
check_jq "pre-fec-ber high-alarm 2.4e-4" "$TH" \
	'.[0].threshold[] | select(.quantity == "pre-fec-ber") | ."high-alarm"' 240000000000000
check_jq "pre-fec-ber high-warning 1e-5" "$TH" \
	'.[0].threshold[] | select(.quantity == "pre-fec-ber") | ."high-warning"' 10000000000000

cpo_ok "threshold show engine $E0 (text)" threshold show engine "$E0"
# log_lines TITLE TEXT: TEXT in the log, indented
log_lines() {
	local line

	log "$1"
	while IFS= read -r line; do
		echo "#   $line"
	done <<<"$2"
}
log_lines "threshold show engine $E0:" "$OUT"
check_match "text: engine heading" "$OUT" "^engine $E0:"
check_match "text: temperature in C" "$OUT" \
	"temperature high-alarm 80.0 C low-alarm -5.0 C high-warning 75.0 C low-warning 0.0 C"
check_match "text: voltage in V" "$OUT" \
	"voltage high-alarm 3.630 V low-alarm 2.970 V high-warning 3.465 V low-warning 3.135 V"
check_match "text: rx-power in mW and dBm" "$OUT" \
	"rx-power high-alarm 2.000 mW \(3.01 dBm\) low-alarm 0.040 mW \(-13.98 dBm\) high-warning 1.600 mW \(2.04 dBm\) low-warning 0.050 mW \(-13.01 dBm\)"
check_match "text: tx-bias in mA" "$OUT" \
	"tx-bias high-alarm 80.000 mA low-alarm 10.000 mA high-warning 70.000 mA low-warning 15.000 mA"
check_match "text: pre-fec-ber as a ratio" "$OUT" \
	"pre-fec-ber high-alarm 2.4e-04 low-alarm [^ ]+ high-warning 1.0e-05 low-warning [^ ]+$"

cpo_ok "threshold show lane $L0" -j threshold show lane "$L0"
check_jq "lane $L0: ids" "$OUT" '.[0] | "\(."engine-id") \(."lane-id")"' "$E0 $L0"
check_jq "lane $L0: the lane quantities only" "$OUT" \
	'[.[0].threshold[].quantity] | join(",")' "tx-power,rx-power,tx-bias,pre-fec-ber"
cpo_ok "threshold show lane $L0 (text)" threshold show lane "$L0"
check_match "text: lane heading" "$OUT" "^lane $L0 \(engine $E0\):"

cpo_ok_dump "threshold show (dump)" -j threshold show
check_jq "dump: 2 engines and 8 lanes of cposim$ID" "$OUT" \
	"[.[] | select(.\"engine-id\" == $E0 or .\"engine-id\" == $E1)] |
	 \"\([.[] | select(has(\"lane-id\") | not)] | length) \([.[] | select(has(\"lane-id\"))] | length)\"" \
	"2 8"

cpo_refused "threshold show of an unknown lane" "Error: .*unknown lane id" \
	threshold show lane "$UNKNOWN"
cpo_refused "threshold show of an unknown engine" "Error: .*unknown engine id" \
	threshold show engine "$UNKNOWN"

# ---- threshold set: round trips in human units
cpo_ok "set engine temperature high-alarm 85.5 high-warning 70.25" \
	threshold set engine "$E0" temperature high-alarm 85.5 high-warning 70.25
check_eq "temperature now 85.5/-5/70.25/0" \
	"$(levels temperature "$("$CPOCTL" -j threshold show engine "$E0")")" \
	"85500 -5000 70250 0"
check_match "text shows 85.5 C and 70.25 C" \
	"$("$CPOCTL" threshold show engine "$E0")" \
	"temperature high-alarm 85.5 C low-alarm -5.0 C high-warning 70.25 C"
cpo_ok "set engine temperature back (units given)" \
	threshold set engine "$E0" temperature high-alarm 80C high-warning 75.0C
check_eq "temperature back to the defaults" \
	"$(levels temperature "$("$CPOCTL" -j threshold show engine "$E0")")" \
	"80000 -5000 75000 0"

cpo_ok "set lane $L1 rx-power low-warning 0.06 mW" \
	threshold set lane "$L1" rx-power low-warning 0.06mW
check_eq "lane $L1 rx-power low-warning 60000 nW" \
	"$(levels rx-power "$("$CPOCTL" -j threshold show lane "$L1")")" \
	"2000000 40000 1600000 60000"
check_eq "lane $L0 keeps its engine's" \
	"$(levels rx-power "$("$CPOCTL" -j threshold show lane "$L0")")" \
	"2000000 40000 1600000 50000"
check_eq "engine $E0 keeps its lane defaults" \
	"$(levels rx-power "$("$CPOCTL" -j threshold show engine "$E0")")" \
	"2000000 40000 1600000 50000"
cpo_ok "set engine $E1 pre-fec-ber high-warning 2e-5" \
	threshold set engine "$E1" pre-fec-ber high-warning 2e-5
check_jq "engine $E1 pre-fec-ber high-warning 2e-5" \
	"$("$CPOCTL" -j threshold show engine "$E1")" \
	'.[0].threshold[] | select(.quantity == "pre-fec-ber") | ."high-warning"' 20000000000000
cpo_ok "set voltage with every level" threshold set engine "$E1" voltage \
	high-alarm 3.7 low-alarm 2.9 high-warning 3.5 low-warning 3.1
check_eq "engine $E1 voltage 3.7/2.9/3.5/3.1 V" \
	"$(levels voltage "$("$CPOCTL" -j threshold show engine "$E1")")" \
	"3700000 2900000 3500000 3100000"

# ---- invalid sets: refused by the kernel as a whole, nothing changes
# mine_thresholds: the thresholds of this device's engines and lanes, from
# the dump (another test's may change meanwhile)
mine_thresholds() {
	"$CPOCTL" -j threshold show |
		jq -c --argjson a "$E0" --argjson b "$E1" \
			'[.[] | select(."engine-id" == $a or ."engine-id" == $b)]'
}
before=$(mine_thresholds)
cpo_refused "low-alarm above the low warning" \
	"^Error: low-warning is below low-alarm" \
	threshold set engine "$E0" temperature low-alarm 90
cpo_refused "high-warning above high-alarm" \
	"^Error: high-alarm is below high-warning" \
	threshold set engine "$E0" temperature high-warning 85
cpo_refused "high-warning not above the low warning" \
	"^Error: high-warning is not above low-warning \(attribute threshold\.high-warning\)" \
	threshold set engine "$E0" voltage high-warning 3.0
cpo_refused "low above high, several levels" "^Error: " \
	threshold set lane "$L0" rx-power low-alarm 1.8 low-warning 1.9 high-warning 0.1 high-alarm 0.2
cpo_refused "an engine quantity on a lane" "^Error: an engine quantity" \
	threshold set lane "$L0" temperature high-alarm 80
cpo_refused "a set on an unknown lane" "^Error: unknown lane id" \
	threshold set lane "$UNKNOWN" rx-power low-alarm 0.01
# usage errors: exit 1, nothing sent
for args in "temperature high-alarm 80mW" "temperature high-alarm 80.0001" \
	"voltage low-alarm -1" "humidity high-alarm 3" "rx-los high-alarm 1" \
	"temperature" "temperature high-alarm" "pre-fec-ber high-alarm 1e-19"; do
	# shellcheck disable=SC2086	# the words are arguments
	cpo_run threshold set engine "$E0" $args
	check_eq "threshold set engine $E0 $args: exit 1" "$RC" 1
	check_match "threshold set engine $E0 $args: says why" "$ERR" "^cpoctl: "
done
check_eq "refused sets changed nothing" "$(mine_thresholds)" "$before"

nobody() {
	local errf

	errf=$(mktemp)
	chmod 666 "$errf"
	OUT=$(setpriv --reuid="$NOBODY" --regid="$NOBODY" --clear-groups \
		--inh-caps=-all --bounding-set=-all "$CPOCTL" "$@" 2>"$errf")
	RC=$?
	ERR=$(<"$errf")
	rm -f "$errf"
}
nobody threshold set engine "$E0" temperature high-alarm 70
check_eq "non-root threshold set: exit 2" "$RC" 2
check_match "non-root threshold set: EPERM" "$ERR" "[Oo]peration not permitted"
nobody -j threshold show engine "$E0"
check_eq "non-root threshold show: exit 0" "$RC" 0

# jq_file FILE FILTER: FILTER holds on the JSON lines of FILE, slurped
# shellcheck disable=SC2317	# called through check_true
jq_file() {
	jq -e -s "$2" "$1" >/dev/null
}

# ---- monitors: JSON and text, for the alarm below
MON_J=$(mktemp)
MON_T=$(mktemp)
on_exit "rm -f $MON_J $MON_T"
"$CPOCTL" -j monitor >"$MON_J" 2>&1 &
MON_J_PID=$!
"$CPOCTL" monitor >"$MON_T" 2>&1 &
MON_T_PID=$!
on_exit "kill $MON_J_PID $MON_T_PID 2>/dev/null"
SYNC_DFS=engine1/lane3/rx_los

# shellcheck disable=SC2317	# called through wait_until
has_lines() {
	[ "$(wc -l <"$1")" -gt 0 ]
}
# Until both monitors print: toggle LOS on a lane of the other engine.
# shellcheck disable=SC2317	# called through check_true
sync_monitors() {
	local i

	for i in 1 2 3 4 5; do
		sim_knob "$ID" "$SYNC_DFS" Y
		sim_knob "$ID" "$SYNC_DFS" N
		WAIT_S=4 wait_until has_lines "$MON_J" &&
			WAIT_S=4 wait_until has_lines "$MON_T" && return 0
	done
	return 1
}
check_true "both monitors receive events" sync_monitors

# ---- an RX power low warning on lane 0 of engine 0
ALARM='.[0].alarm[] | select(.quantity == "rx-power" and .level == "low-warning")'
cpo_ok "alarm show lane $L0 before" -j alarm show lane "$L0"
check_jq "lane $L0: no rx-power low-warning yet" "$OUT" "[$ALARM] | length" 0
rx0=$(lane_json "$E0" 0 | jq -r '."rx-power"')
# the loss that puts the lane at 0.045 mW: between the warning and the alarm
loss=$(awk -v rx="$rx0" 'BEGIN { printf "%d", 300 + 1000 * log(rx / 45000) / log(10) }')
log "lane $L0 receives $rx0 nW at 3 dB; loss for 45 uW: $loss (0.01 dB)"
check_knob "loss_cdb $loss on lane 0" "$ID" engine0/lane0/loss_cdb "$loss"
check_wait "lane $L0: rx-power low-warning active, latched, count 1" \
	"$ALARM | .active == 1 and .latched == 1 and .count == 1" \
	"$CPOCTL" -j alarm show lane "$L0"
cpo_ok "alarm show lane $L0" -j alarm show lane "$L0"
check_jq "value below 0.05 mW, threshold 0.05 mW" "$OUT" \
	"$ALARM | (.value < 50000 and .value >= 40000 and .threshold == 50000)" true
check_jq "first-set and last-set in ns, no last-clear" "$OUT" \
	"$ALARM | (.\"first-set\" > 1600000000000000000 and .\"last-set\" == .\"first-set\" and (has(\"last-clear\") | not))" true
check_jq "no rx-power low-alarm active" "$OUT" \
	'[.[0].alarm[] | select(.quantity == "rx-power" and .level == "low-alarm" and .active == 1)] | length' 0
cpo_ok "alarm show lane $L0 (text)" alarm show lane "$L0"
log_lines "alarm show lane $L0:" "$OUT"
check_match "text: the alarm with its value and threshold" "$OUT" \
	"rx-power low-warning active yes latched yes count 1 value 0\.04[0-9]* mW \(-13\.[0-9]+ dBm\) threshold 0\.050 mW \(-13\.01 dBm\)"
check_match "text: times in ISO 8601 with ms" "$OUT" \
	"first-set [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z"
cpo_ok_dump "alarm show (dump)" -j alarm show
check_jq "dump has lane $L0's alarm" "$OUT" \
	"[.[] | select(.\"lane-id\" == $L0) | .alarm[] | select(.quantity == \"rx-power\" and .level == \"low-warning\" and .active == 1)] | length" 1

# shellcheck disable=SC2317	# called through wait_until
mon_has() {
	jq -e -s --argjson l "$L0" --argjson a "$1" \
		'any(.[]; .event == "alarm" and .diag."lane-id" == $l and
		     (.diag.alarm[0] | .quantity == "rx-power" and .level == "low-warning" and .active == $a))' \
		"$MON_J" >/dev/null 2>&1
}
check_true "monitor -j: the alarm event" wait_until mon_has 1
check_true "monitor -j: every line is a JSON object" jq_file "$MON_J" 'all(.[]; type == "object")' 
check_true "monitor -j: events carry seq and timestamp" jq_file "$MON_J" \
	'all(.[] | select(has("event")); (.seq > 0) and (.timestamp > 1600000000000000000))' 
# shellcheck disable=SC2317	# called through wait_until
mon_text_has() {
	grep -Eq "$1" "$MON_T"
}
TS_RE='^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z seq [0-9]+ '
check_true "monitor: the alarm line" wait_until mon_text_has \
	"${TS_RE}alarm lane $L0 \(engine $E0\) rx-power low-warning active value 0\.04[0-9]* mW \(-13\.[0-9]+ dBm\) threshold 0\.050 mW \(-13\.01 dBm\)$"
log "monitor: $(grep -m1 "alarm lane $L0 .*rx-power low-warning" "$MON_T")"

# ---- the loss restored: not active, still latched
check_knob "loss_cdb 300 on lane 0" "$ID" engine0/lane0/loss_cdb 300
check_wait "lane $L0: no longer active, still latched, count 1, last-clear" \
	"$ALARM | .active == 0 and .latched == 1 and .count == 1 and .\"last-clear\" >= .\"last-set\"" \
	"$CPOCTL" -j alarm show lane "$L0"
check_true "monitor -j: the alarm ended" wait_until mon_has 0
check_true "monitor: the ended line" wait_until mon_text_has \
	"${TS_RE}alarm lane $L0 \(engine $E0\) rx-power low-warning ended value"

# ---- alarm clear
cpo_refused "alarm clear of an engine quantity on a lane" "^Error: an engine quantity" \
	alarm clear lane "$L0" temperature
cpo_refused "alarm clear of a lane quantity on an engine" "^Error: a lane quantity" \
	alarm clear engine "$E0" rx-power
cpo_refused "alarm clear of a level a quantity has not" "^Error: " \
	alarm clear lane "$L0" rx-los high-alarm
cpo_run alarm clear lane "$L0" rx-power frobbed
check_eq "alarm clear with an unknown level: exit 1" "$RC" 1
nobody alarm clear lane "$L0"
check_eq "non-root alarm clear: exit 2" "$RC" 2
cpo_ok "alarm clear lane $L0 rx-power low-warning" \
	alarm clear lane "$L0" rx-power low-warning
cpo_ok "alarm show lane $L0 after the clear" -j alarm show lane "$L0"
check_jq "lane $L0: the rx-power low-warning flag is gone" "$OUT" "[$ALARM] | length" 0
cpo_ok "alarm clear lane $L0 (everything)" alarm clear lane "$L0"
cpo_ok "alarm clear engine $E0" alarm clear engine "$E0"

# ---- diag dump: one JSON document with everything
cpo_ok_dump "diag dump" diag dump
DIAG=$OUT
check_jq "diag dump is valid JSON" "$DIAG" 'type' object
check_jq "one document" "$DIAG" '[inputs] | length' 0
check_jq "cpoctl version" "$DIAG" '."cpoctl-version" | length > 0' true
check_jq "time" "$DIAG" '.time | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T.*Z$")' true
check_jq "no errors" "$DIAG" '.errors | length' 0
log "diag dump: $(jq -c '{"cpoctl-version", "family-version", kernel, time,
	engines: (.engines | length), lanes: (.lanes | length),
	lasers: (.lasers | length), thresholds: (.thresholds | length),
	alarms: (.alarms | length), errors}' <<<"$DIAG")"
log "diag dump, an alarm: $(jq -c '.alarms[0]' <<<"$DIAG")"
# Compared with the shows on this device's objects only: another test
# makes and removes its own between the dumps.
# shellcheck disable=SC2016	# jq variables
check_jqn "engines of cposim$ID: those of engine show" true \
	'[$d.engines[] | select(."dev-name" == $n) | .id] ==
	 [$e[] | select(."dev-name" == $n) | .id]' \
	--argjson d "$DIAG" --argjson e "$("$CPOCTL" -j engine show)" --arg n "cposim$ID"
# shellcheck disable=SC2016	# jq variables
check_jqn "lanes of cposim$ID: those of lane show" true \
	'[$d.lanes[] | select(."engine-id" == $a or ."engine-id" == $b) | .id] ==
	 [$l[] | select(."engine-id" == $a or ."engine-id" == $b) | .id]' \
	--argjson d "$DIAG" --argjson l "$("$CPOCTL" -j lane show)" \
	--argjson a "$E0" --argjson b "$E1"
# shellcheck disable=SC2016	# jq variables
check_jqn "lasers of cposim$ID: those of laser show" true \
	'[$d.lasers[] | select(."dev-name" == $n) | .id] ==
	 [$l[] | select(."dev-name" == $n) | .id]' \
	--argjson d "$DIAG" --argjson l "$("$CPOCTL" -j laser show)" --arg n "cposim$ID"
check_jq "cposim$ID: 2 engines, 8 lanes" "$DIAG" \
	"\"\([.engines[] | select(.\"dev-name\" == \"cposim$ID\")] | length) \([.lanes[] | select(.\"engine-id\" == $E0 or .\"engine-id\" == $E1)] | length)\"" \
	"2 8"
# shellcheck disable=SC2016	# jq variables
check_jqn "thresholds: every engine and lane of cposim$ID" true \
	'[$d.thresholds[] | select(."engine-id" == $a or ."engine-id" == $b) |
	  "\(."engine-id")/\(."lane-id" // "-")"] | sort ==
	 ([$d.engines[] | select(.id == $a or .id == $b) | "\(.id)/-"] +
	  [$d.lanes[] | select(."engine-id" == $a or ."engine-id" == $b) |
	   "\(."engine-id")/\(.id)"] | sort)' \
	--argjson d "$DIAG" --argjson a "$E0" --argjson b "$E1"
check_jq "alarms: an array of engines and lanes" "$DIAG" \
	'.alarms | type == "array" and all(.[]; has("engine-id") and (.alarm | type == "array"))' true
check_jq "engine $E1's changed voltage thresholds are in it" "$DIAG" \
	"[.thresholds[] | select(.\"engine-id\" == $E1 and (has(\"lane-id\") | not)) | .threshold[] | select(.quantity == \"voltage\") | .\"high-alarm\"] | .[0]" \
	3700000
cpo_ok_dump "diag dump -p" -p diag dump
check_jq "pretty diag dump is valid JSON" "$OUT" '.engines | type' array
check_ne "pretty diag dump spans lines" "$(wc -l <<<"$OUT")" 1

# ---- monitor options: count and timeout, the summary
cpo_run -j monitor timeout 1
check_eq "monitor timeout 1: exit 0" "$RC" 0
check_jq "monitor timeout 1: a summary" "$(tail -n 1 <<<"$OUT")" 'has("received") and has("lost")' true
MON_C=$(mktemp)
on_exit "rm -f $MON_C"
"$CPOCTL" -j monitor count 2 timeout 60 >"$MON_C" 2>&1 &
MON_C_PID=$!
# gone PID: the process ended
# shellcheck disable=SC2317	# called through wait_until
gone() {
	! kill -0 "$1" 2>/dev/null
}
# until it has its two events and ends (it may not have joined the group
# at the first toggles)
for i in 1 2 3 4 5; do
	gone "$MON_C_PID" && break
	sim_knob "$ID" "$SYNC_DFS" Y
	sim_knob "$ID" "$SYNC_DFS" N
	WAIT_S=4 wait_until gone "$MON_C_PID" && break
done
wait "$MON_C_PID"
check_eq "monitor count 2: exit 0" "$?" 0
check_jq "monitor count 2: two events and a summary" \
	"$(jq -s -c . "$MON_C")" '[.[] | select(has("event"))] | length' 2
check_jq "monitor count 2: received 2" "$(tail -n 1 "$MON_C")" .received 2

# the event stream so far: nothing lost while the monitors kept up
kill "$MON_J_PID" "$MON_T_PID"
wait "$MON_J_PID" "$MON_T_PID" 2>/dev/null
check_jq "monitor -j: a summary at exit" "$(tail -n 1 "$MON_J")" 'has("received")' true
check_jq "monitor -j: received + lost = the seq range" "$(tail -n 1 "$MON_J")" \
	'.received + .lost == ."last-seq" - ."first-seq" + 1' true
log "monitor -j summary: $(tail -n 1 "$MON_J")"

# ---- monitor gaps: a stopped monitor with a small buffer misses events
# gap_check FILE DESC: the events and the losses reported account for
# every sequence number from the first to the last.
gap_check() {
	local f=$1 desc=$2

	check_true "$desc: every line is a JSON object" jq_file "$f" 'all(.[]; type == "object")' 
	check_jq "$desc: received + lost = the seq range" "$(tail -n 1 "$f")" \
		'.received + .lost == ."last-seq" - ."first-seq" + 1' true
	# shellcheck disable=SC2016	# jq variables
	check_jq "$desc: events and lost ranges cover every number once" \
		"$(jq -s -c . "$f")" \
		'(.[-1]) as $s |
		 [.[] | if has("event") then [.seq]
			elif has("lost") and (has("received") | not) then
			[range(."first-seq"; ."last-seq" + 1)] else empty end] | add // [] |
		 . == [range($s."first-seq"; $s."last-seq" + 1)]' true
	check_jq "$desc: the lost objects sum to the summary's" "$(jq -s -c . "$f")" \
		'([.[] | select(has("lost") and has("first-seq") and (has("received") | not)) | .lost] | add // 0) == .[-1].lost' true
}

# LOS toggles of the floods below: enough to overrun a 4 KiB receive
# buffer many times over, and to show a default one loses nothing. A
# third of them on the debug kernel, where each toggle's notifications,
# uevent and alarm evaluation cost about 0.1 s.
FLOOD_SMALL=300 FLOOD_DEFAULT=150
if kernel_is_debug; then
	FLOOD_SMALL=100 FLOOD_DEFAULT=50
fi

# stop_and_flood PID N: stop the monitor, N LOS toggles, go on.
stop_and_flood() {
	local pid=$1 n=$2 i

	kill -STOP "$pid"
	for ((i = 0; i < n; i++)); do
		printf Y >"$SIM_DFS/cposim$ID/engine1/lane2/rx_los"
		printf N >"$SIM_DFS/cposim$ID/engine1/lane2/rx_los"
	done
	kill -CONT "$pid"
}

# wait_lines FILE: until FILE has a line
# shellcheck disable=SC2317	# called through check_true
wait_monitor() {
	local i

	for i in 1 2 3 4 5; do
		sim_knob "$ID" "$SYNC_DFS" Y
		sim_knob "$ID" "$SYNC_DFS" N
		WAIT_S=4 wait_until has_lines "$1" && return 0
	done
	return 1
}

# After a flood: LOS toggles on the marker lane, which nothing else touches,
# so that its events in a monitor's output all come after the flood's; until
# a condition on the output holds, a few times (a new overrun can lose the
# marker's events).
MARK_DFS=engine1/lane1/rx_los
MARK_LID=$(lane_json "$E1" 1 | jq -r .id)
# mark_until CMD...: toggle the marker until CMD holds (bounded)
mark_until() {
	local i

	for i in 1 2 3 4 5; do
		sim_knob "$ID" "$MARK_DFS" Y
		sim_knob "$ID" "$MARK_DFS" N
		WAIT_S=4 wait_until "$@" && return 0
	done
	return 1
}
# marked_json FILE: the JSON output has an event of the marker lane
# shellcheck disable=SC2317	# called through wait_until
marked_json() {
	jq -e -s --argjson m "$MARK_LID" \
		'any(.[]; .lane.id == $m or .diag."lane-id" == $m)' "$1" >/dev/null 2>&1
}
# gap_marked_json FILE: the gap after the overrun is reported (a "lost"
# object comes with the first event after it), and the marker is in
# shellcheck disable=SC2317	# called through wait_until
gap_marked_json() {
	grep -q '"lost":[1-9]' "$1" && marked_json "$1"
}
# gap_marked_text FILE: the same in text
# shellcheck disable=SC2317	# called through wait_until
gap_marked_text() {
	grep -Eq '^lost [0-9]+ events \(seq' "$1" &&
		grep -Eq "(\] lane|alarm lane) ${MARK_LID}[: ]" "$1"
}

MON_G=$(mktemp)
on_exit "rm -f $MON_G"
"$CPOCTL" -j monitor rcvbuf 4096 >"$MON_G" 2>&1 &
MON_G_PID=$!
on_exit "kill $MON_G_PID 2>/dev/null"
check_true "small-buffer monitor receives events" wait_monitor "$MON_G"
stop_and_flood "$MON_G_PID" "$FLOOD_SMALL"
# the overrun, then events after it show the gap
wait_until grep -q '"overrun":true' "$MON_G" || log "small buffer: no overrun yet"
mark_until gap_marked_json "$MON_G" || log "small buffer: no gap or marker yet"
kill "$MON_G_PID"
wait "$MON_G_PID" 2>/dev/null
log "small-buffer monitor: $(grep -c '"event"' "$MON_G") events, summary $(tail -n 1 "$MON_G")"
check_true "small buffer: the overrun is reported" grep -q '"overrun":true' "$MON_G"
check_true "small buffer: a gap is reported" grep -q '"lost":[1-9]' "$MON_G"
gap_check "$MON_G" "small buffer"

# the same in text: the lost lines
MON_GT=$(mktemp)
on_exit "rm -f $MON_GT"
"$CPOCTL" monitor rcvbuf 4096 >"$MON_GT" 2>&1 &
MON_GT_PID=$!
on_exit "kill $MON_GT_PID 2>/dev/null"
check_true "text small-buffer monitor receives events" wait_monitor "$MON_GT"
stop_and_flood "$MON_GT_PID" "$FLOOD_SMALL"
wait_until grep -q '^lost events: receive buffer overrun$' "$MON_GT" ||
	log "text small buffer: no overrun yet"
mark_until gap_marked_text "$MON_GT" || log "text small buffer: no gap or marker yet"
kill "$MON_GT_PID"
wait "$MON_GT_PID" 2>/dev/null
check_true "text: lost events: receive buffer overrun" \
	grep -q '^lost events: receive buffer overrun$' "$MON_GT"
check_true "text: lost N events (seq A..B)" \
	grep -Eq '^lost [0-9]+ events \(seq [0-9]+\.\.[0-9]+\)$' "$MON_GT"
log "text monitor: $(grep -m1 '^lost [0-9]' "$MON_GT")"

# the default buffer holds a burst of a thousand events
MON_B=$(mktemp)
on_exit "rm -f $MON_B"
"$CPOCTL" -j monitor >"$MON_B" 2>&1 &
MON_B_PID=$!
on_exit "kill $MON_B_PID 2>/dev/null"
check_true "default-buffer monitor receives events" wait_monitor "$MON_B"
stop_and_flood "$MON_B_PID" "$FLOOD_DEFAULT"
# the marker's events come after the whole burst
mark_until marked_json "$MON_B" || log "default buffer: no marker yet"
kill "$MON_B_PID"
wait "$MON_B_PID" 2>/dev/null
log "default-buffer monitor: $(grep -c '"event"' "$MON_B") events, summary $(tail -n 1 "$MON_B")"
check_jq "default buffer: nothing lost in the burst" "$(tail -n 1 "$MON_B")" \
	'.lost == 0 and .overruns == 0 and .received > 600' true
gap_check "$MON_B" "default buffer"

klog_check
cpo_exit
