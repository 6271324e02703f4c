#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Reads come from a copy of the hardware's state, refreshed per engine:
# - the copy changes only at a refresh (periodic, or the module's
#   interrupt) or a set, and each object says when it was read;
# - refresh-interval is settable per engine, and bad values are refused
#   with an extack, leaving it as it was;
# - transport errors are counted, three failed refreshes in a row make the
#   engine unreachable (announced), and it comes back by itself;
# - transient errors (NACK) are retried and counted;
# - a stalled engine does not hold up the requests of another engine, and
#   a request on the stalled one fails after a bounded wait with an extack.

# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"

cpo_require

ID=$(sim_unique_id)
sim_new "$ID" 2 8 || fail "new_device $ID 2 8"
E0=$(engine_id_of "$ID" 0)
E1=$(engine_id_of "$ID" 1)
log "device cposim$ID, engines $E0 and $E1"

engine_json() {
	local out

	out=$("$CPOCTL" -j engine show "$1") || return
	one_of "$out"
}

# ---- the interval
check_jq "engine $E0: default refresh-interval 1000 ms" "$(engine_json "$E0")" \
	'."refresh-interval"' 1000
check_jqn "engine $E0: refreshed is set, lanes too" true \
	'$e.refreshed > 0 and $l.refreshed > 0' \
	--argjson e "$(engine_json "$E0")" --argjson l "$(lane_json "$E0" 3)"
cpo_refused "refresh-interval 5 refused" "refresh-interval: 0 .* or 10\.\.3600000 ms" \
	engine set "$E0" refresh-interval 5
cpo_run engine set "$E0" refresh-interval 3600001
check_ne "refresh-interval 3600001 refused" "$RC" 0
check_jq "engine $E0: refresh-interval still 1000" "$(engine_json "$E0")" \
	'."refresh-interval"' 1000

PARAM=/sys/module/cpo/parameters/refresh_interval_ms
check_eq "module parameter refresh_interval_ms: 1000" "$(cat "$PARAM")" 1000
for v in 5 3600001 abc; do
	if write_file "$PARAM" "$v"; then
		fail "refresh_interval_ms = $v: accepted"
		write_file "$PARAM" 1000
	else
		check_eq "refresh_interval_ms = $v: refused ($WRITE_ERR)" \
			"$(cat "$PARAM")" 1000
	fi
done

# ---- the copy changes only at a refresh or a set
cpo_ok "engine set $E0 refresh-interval 0 (on interrupt only)" \
	engine set "$E0" refresh-interval 0
check_jq "engine $E0: refresh-interval 0" "$(engine_json "$E0")" \
	'."refresh-interval"' 0
nap 0.3	# a refresh that was under way ends
first=$(engine_json "$E0")
stamp=$(jq -r .refreshed <<<"$first")
nap 1.5
check_jq "no refresh without one due: refreshed stays" "$(engine_json "$E0")" \
	".refreshed == $stamp" true
# The knob raises the module's interrupt: the copy is read again at once.
check_knob "engine0 overtemp = 20" "$ID" engine0/overtemp 20
check_jq "the interrupt refreshed the copy: refreshed and temperature moved" \
	"$(engine_json "$E0")" \
	".refreshed > $stamp and .temperature > $(jq -r .temperature <<<"$first")" true
# A stuck module raises no interrupt after a control write: only the set's
# own re-read can bring the change into the copy.
check_knob "engine0 stuck" "$ID" engine0/stuck Y
stamp=$(jq -r .refreshed <<<"$(lane_json "$E0" 2)")
cpo_ok "lane set: tx-enable off" lane set "$E0" 2 tx off
check_jq "the set re-read the lane" "$(lane_json "$E0" 2)" \
	".refreshed > $stamp and .\"tx-enable\" == 0" true
cpo_ok "lane set: tx-enable on" lane set "$E0" 2 tx on
check_jq "the set re-read the lane: on again" "$(lane_json "$E0" 2)" \
	'."tx-enable"' 1
# A set whose write lands but whose re-read fails leaves the copy behind
# the module: the core retries until the bus answers, even at interval 0.
stamp=$(jq -r .refreshed <<<"$(lane_json "$E0" 2)")
check_knob "engine0: one more read succeeds (the set's own)" "$ID" \
	engine0/read_err_after 1
check_knob "engine0: then reads fail with EIO" "$ID" engine0/read_err 5
cpo_ok "lane set: tx-enable off, the re-read fails" lane set "$E0" 2 tx off
check_jq "the copy is behind: tx-enable still on" "$(lane_json "$E0" 2)" \
	".refreshed == $stamp and .\"tx-enable\" == 1" true
check_knob "engine0: reads work again" "$ID" engine0/read_err 0
check_wait "the copy caught up by itself: tx-enable off" \
	".refreshed > $stamp and .\"tx-enable\" == 0" lane_json "$E0" 2
cpo_ok "lane set: tx-enable on" lane set "$E0" 2 tx on
check_knob "engine0 not stuck" "$ID" engine0/stuck N
cpo_ok "engine set $E0 refresh-interval 50" engine set "$E0" refresh-interval 50
stamp=$(engine_json "$E0" | jq -r .refreshed)
check_wait "periodic refresh at 50 ms: refreshed advances" \
	".refreshed > $stamp" engine_json "$E0"

# ---- transport errors, unreachable, recovery
MON=$(mktemp)
on_exit "rm -f '$MON'"
"$CPOCTL" -j monitor >"$MON" 2>&1 &
MON_PID=$!
on_exit "kill $MON_PID 2>/dev/null"
nap 0.5
errs=$(engine_json "$E0" | jq -r '."bus-errors"')
# The catch-up above may have made it unreachable already: start afresh.
cpo_ok "alarm clear engine $E0" alarm clear engine "$E0"
check_knob "engine0 read_err = 5 (EIO)" "$ID" engine0/read_err 5
check_wait "engine $E0: unreachable after failed refreshes" \
	".unreachable == true and .\"bus-errors\" >= $errs + 3 and .\"bus-last-error\" == 5" \
	engine_json "$E0"
check_jq "engine $E0: last values still served" "$(engine_json "$E0")" \
	'."module-state"' ready
check_jq "engine $E1 not affected" "$(engine_json "$E1")" \
	'.unreachable == false and ."bus-errors" == 0' true
UNR='.[0].alarm[] | select(.quantity == "unreachable" and .level == "asserted")'
check_wait "engine $E0: the unreachable alarm is active and latched" \
	"$UNR | .active == 1 and .latched == 1 and .count == 1" \
	"$CPOCTL" -j alarm show engine "$E0"
check_knob "engine0 read_err = 0" "$ID" engine0/read_err 0
check_wait "engine $E0: reachable again by itself" \
	'.unreachable == false' engine_json "$E0"
check_wait "engine $E0: the unreachable alarm ended, still latched" \
	"$UNR | .active == 0 and .latched == 1 and .\"last-clear\" >= .\"last-set\"" \
	"$CPOCTL" -j alarm show engine "$E0"
# shellcheck disable=SC2317	# called through wait_until
ntf_alarm() {
	jq -s -e --argjson e "$E0" --argjson a "$1" \
		'any(.[]; .event == "alarm" and .diag."engine-id" == $e and
		     (.diag.alarm[0] | .quantity == "unreachable" and .active == $a))' \
		"$MON" >/dev/null 2>&1
}
check_true "monitor: the unreachable alarm event" wait_until ntf_alarm 1
check_true "monitor: its end" wait_until ntf_alarm 0
cpo_ok "alarm clear engine $E0 unreachable" alarm clear engine "$E0" unreachable
cpo_ok "alarm show engine $E0" -j alarm show engine "$E0"
check_jq "engine $E0: unreachable no longer latched" "$OUT" \
	"[$UNR | select(.latched == 1)] | length" 0
# shellcheck disable=SC2317	# called through wait_until
ntf_unreachable() {
	jq -s -e "[.[] | select(.engine.id == $E0 and .engine.unreachable == true)] | length > 0" \
		"$MON" >/dev/null 2>&1
}
check_true "monitor: an engine-change-ntf said unreachable" wait_until ntf_unreachable

# ---- transient errors are retried
retries=$(engine_json "$E0" | jq -r '."bus-retries"')
check_knob "engine0 read_err = 6 (ENXIO, a NACK)" "$ID" engine0/read_err 6
check_wait "engine $E0: NACKs retried and counted" \
	".\"bus-retries\" >= $retries + 2 and .\"bus-last-error\" == 6" engine_json "$E0"
check_knob "engine0 read_err = 0" "$ID" engine0/read_err 0
check_wait "engine $E0: reachable" '.unreachable == false' engine_json "$E0"
cpo_ok "engine set $E0 refresh-interval 1000" engine set "$E0" refresh-interval 1000

# ---- a stalled engine holds up nobody else
STALL=$SIM_DFS/cposim$ID/engine0/bus_stall_ms
if [ -e "$STALL" ]; then
	check_knob "engine0 bus_stall_ms = 2000" "$ID" engine0/bus_stall_ms 2000
	# A refresh of the stalled engine now takes tens of seconds.
	cpo_ok "engine set $E0 refresh-interval 10" engine set "$E0" refresh-interval 10
	nap 0.5
	cpo_ok "lane set on engine $E1 while $E0 is stalled" \
		lane set "$E1" 1 tx off
	check_jq "engine $E1 lane 1 off" "$(lane_json "$E1" 1)" '."tx-enable"' 0
	cpo_ok "lane set on engine $E1: back on" lane set "$E1" 1 tx on
	cpo_ok_dump "lane dump of engine $E0 while it is stalled" -j lane show "$E0"
	cpo_refused "lane set on the stalled engine: busy, bounded" \
		"busy.*did not answer within 5 s" lane set "$E0" 1 tx off
	cpo_ok "engine set $E0 refresh-interval 1000" engine set "$E0" refresh-interval 1000
	check_knob "engine0 bus_stall_ms = 0" "$ID" engine0/bus_stall_ms 0
else
	log "no bus_stall_ms knob: the stall part is left out"
fi

sim_del "$ID" || fail "del_device $ID"
cpo_exit
