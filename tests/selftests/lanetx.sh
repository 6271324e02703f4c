#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# lane-set on several lanes of an engine as one transaction, through
# cpoctl and the simulator:
#   - "lane set E 0-3,12 tx off" sets those lanes, and only those: the
#     other lanes of the engine and those of another engine are as before;
#     the reply lists the lanes changed; lane-change events come for those
#     lanes only;
#   - dry-run: the reply lists exactly the lanes that would change, nothing
#     changes and no lane control is written (the simulator's countdown of
#     page 10h writes does not move);
#   - a failure in the middle (the Nth page 10h write fails): exit 2 with
#     the driver's message, and every lane's tx-enable, rx-enable and power
#     are as before, on both engines; at the last write too;
#   - the request is checked in full before any write: a lane under test
#     among those named refuses the whole set with no page 10h write;
#   - the blast radius: the lanes of the ports (netdevs) the lanes changed
#     serve, and those ports;
#   - refused with the attribute and errno, state intact: a lane index
#     beyond the engine, an unknown engine; cpoctl: bad LANES lists.

# shellcheck disable=SC2016	# jq programs use jq variables, in single quotes
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"

cpo_require
[ -d "$SIM_DFS" ] || skip "no cposim debugfs knobs"

ID=$(sim_unique_id)
sim_new "$ID" 2 16 || fail "new_device $ID 2 16"
E0=$(engine_id_of "$ID" 0)
E1=$(engine_id_of "$ID" 1)
DEV=cposim$ID
FAIL_NTH=$SIM_DFS/$DEV/engine0/lane_ctrl_fail_nth
log "device $DEV, engines $E0 and $E1, 16 lanes each"
check_wait "engine $E0 lane 15 activated" '."dp-state" == "activated"' lane_json "$E0" 15
check_wait "engine $E1 lane 15 activated" '."dp-state" == "activated"' lane_json "$E1" 15

# What a lane-set may change, of every lane of engine E, by index.
settable() {
	lanes_json "$1" | jq -c 'map({index, "tx-enable", "rx-enable", power})'
}

# The lanes of engine E whose tx-enable is V, as a JSON array of indexes.
tx_is() {
	lanes_json "$1" | jq -c --argjson v "$2" 'map(select(."tx-enable" == $v) | .index)'
}

S0=$(settable "$E0")
S1=$(settable "$E1")
check_jq "engine $E0: every transmitter on at first" "$(tx_is "$E0" 0)" '. == []' true

# ---- several lanes at once, only those
MON=$(mktemp)
on_exit "rm -f '$MON'"
"$CPOCTL" -j monitor >"$MON" 2>&1 &
MON_PID=$!
on_exit "kill $MON_PID 2>/dev/null"
nap 0.5
cpo_ok "lane set $E0 0-3,12 tx off" -j lane set "$E0" 0-3,12 tx off
nap 1
kill "$MON_PID"
check_jqn "monitor: lane-change events of engine $E0 for lanes 0-3,12, and no other" true \
	'[$m[] | select(.event == "lane-change" and .lane."engine-id" == $e) | .lane.index] |
	 unique == [0,1,2,3,12]' --slurpfile m "$MON" --argjson e "$E0"
check_jqn "monitor: none for engine $E1" true \
	'[$m[] | select(.event == "lane-change" and .lane."engine-id" == $e)] == []' \
	--slurpfile m "$MON" --argjson e "$E1"
log "cpoctl said: $OUT"
check_jq "the reply: the lanes changed" "$OUT" '.index == [0,1,2,3,12]' true
check_jq "the reply: not a dry run, engine $E0" "$OUT" \
	"(.\"dry-run\" == false) and .\"engine-id\" == $E0" true
check_eq "engine $E0: exactly those transmitters off" "$(tx_is "$E0" 0)" "[0,1,2,3,12]"
check_jqn "engine $E0: the lanes not named are as before" true \
	'[$a[0][] | select(.index | IN(0,1,2,3,12) | not)] ==
	 [$b[0][] | select(.index | IN(0,1,2,3,12) | not)]' \
	--slurpfile a <(settable "$E0") --slurpfile b <(echo "$S0")
check_eq "engine $E1: untouched" "$(settable "$E1")" "$S1"
cpo_run lane set "$E0" 0-3,12 tx off
check_eq "the same again: nothing to change, exit 0, text says none" \
	"$RC:$OUT" "0:engine $E0: lanes none changed
  blast radius: lane ids, ifindex"

# ---- dry run
S0=$(settable "$E0")
write_file "$FAIL_NTH" 1 || fail "writing $FAIL_NTH: $WRITE_ERR"
cpo_ok "dry-run: lane set $E0 0-7 tx off power down" -j lane set "$E0" 0-7 tx off power down dry-run
check_jq "dry-run: the reply lists the lanes that would change" "$OUT" '.index == [0,1,2,3,4,5,6,7]' true
check_jq "dry-run: the reply says dry-run" "$OUT" '."dry-run"' true
cpo_ok "dry-run: lane set $E0 0-7 tx off" -j lane set "$E0" 0-7 tx off dry-run
check_jq "dry-run: lanes already off would not change" "$OUT" '.index == [4,5,6,7]' true
check_eq "dry-run: engine $E0 unchanged" "$(settable "$E0")" "$S0"
check_eq "dry-run: no lane control written" "$(cat "$FAIL_NTH")" 1
write_file "$FAIL_NTH" 0

# ---- a failure in the middle: everything back
S0=$(settable "$E0")
S1=$(settable "$E1")
# Two writes a lane (tx, then power): the 3rd is lane 5's tx.
write_file "$FAIL_NTH" 3 || fail "writing $FAIL_NTH: $WRITE_ERR"
cpo_refused "the 3rd write of 8 lanes fails: refused" \
	"transport write of page 10h failed.*(tx-enable|Input/output)" \
	lane set "$E0" 4-11 tx off power down
check_eq "the knob fired" "$(cat "$FAIL_NTH")" 0
check_eq "after the failure in the middle: engine $E0 as before" "$(settable "$E0")" "$S0"
check_eq "after the failure in the middle: engine $E1 as before" "$(settable "$E1")" "$S1"
write_file "$FAIL_NTH" 16
cpo_refused "the last write of 8 lanes fails: refused" "page 10h" \
	lane set "$E0" 4-11 tx off power down
check_eq "after a failure at the last write: engine $E0 as before" "$(settable "$E0")" "$S0"
check_wait "lane 11 activated again" '."dp-state" == "activated"' lane_json "$E0" 11
write_file "$FAIL_NTH" 0

# ---- checked in full first: a lane under test refuses the whole set
cpo_ok "a test of lane 14 until stopped" lane test "$E0" 14 side host loopback host-input force
write_file "$FAIL_NTH" 1
cpo_refused "lanes 12-15 with lane 14 under test" "a test of the lane is under way" \
	lane set "$E0" 12-15 tx off
check_eq "no lane control was written" "$(cat "$FAIL_NTH")" 1
write_file "$FAIL_NTH" 0
check_eq "engine $E0 as before" "$(settable "$E0")" "$S0"
cpo_ok "the test stops" lane test "$E0" 14 stop

# ---- blast radius: the lanes of the ports the changed lanes serve
for l in 5 6 9; do
	check_knob "lane $l serves lo" "$ID" "engine0/lane$l/port" lo
done
check_wait "cpoctl: lane 9 serves lo" '.ifname == "lo"' lane_json "$E0" 9
IDS=$(lanes_json "$E0" | jq -c '[.[] | select(.index | IN(5,6,8,9)) | .id] | sort')
IFI=$(cat /sys/class/net/lo/ifindex)
cpo_ok "dry-run of lanes 5 and 8" -j lane set "$E0" 5,8 rx off dry-run
log "cpoctl said: $OUT"
check_jqn "blast radius: lanes 5, 8 and the other lanes of lo (6, 9)" true \
	'($o."blast-radius"."lane-id" | sort) == $w' --argjson o "$OUT" --argjson w "$IDS"
check_jqn "blast radius: the port lo" true '$o."blast-radius".ifindex == [$i]' \
	--argjson o "$OUT" --argjson i "$IFI"
L7=$(lane_json "$E0" 7 | jq '.id')
cpo_ok "the single-lane form, dry-run" -j lane set "$E0" 7 rx off dry-run
check_jqn "lane 7 alone, serving no port" true \
	'$o.index == [7] and $o."blast-radius"."lane-id" == [$l] and
	 $o."blast-radius".ifindex == []' --argjson o "$OUT" --argjson l "$L7"
check_eq "dry-runs changed nothing" "$(settable "$E0")" "$S0"

# ---- refused, state intact
cpo_refused "a lane index beyond the engine's 16" \
	"index-mask names a lane index beyond the engine's lane-count.*index-mask" \
	lane set "$E0" 0-16 tx off
cpo_refused "an unknown engine" "unknown engine id" lane set 999999 0-3 tx off
cpo_run lane set "$E0" 7-3 tx off
check_eq "cpoctl: a range backwards is bad usage" "$RC" 1
check_match "cpoctl: it says so" "$ERR" 'invalid LANES: range "7-3" ends before it starts'
cpo_run lane set "$E0" 0-3 dry-run
check_eq "cpoctl: dry-run with nothing to set is bad usage" "$RC" 1
check_match "cpoctl: nothing to set" "$ERR" "nothing to set"
check_eq "after the refusals: engine $E0 as before" "$(settable "$E0")" "$S0"
check_eq "after the refusals: engine $E1 as before" "$(settable "$E1")" "$S1"

# ---- back on, in one request
cpo_ok "lane set $E0 0-15 tx on" lane set "$E0" 0-15 tx on
check_eq "every transmitter on again" "$(tx_is "$E0" 0)" "[]"

check_true "del_device $DEV" sim_del "$ID"
cpo_exit
