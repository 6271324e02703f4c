#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Lane tests (loopback and PRBS over CMIS pages 13h/14h) and the engine
# bring-up self-test, end to end through cpoctl, the kernel and the
# simulated module's generators, checkers and loopbacks:
#   - refused: a lane that carries traffic without force, a gating time
#     below 100 ms, a stop with no test, bad arguments (cpoctl, exit 1);
#   - a host side test on a powered-down lane: the checker locks, counts
#     the lane's bits, finds no error, and passes a 1e-12 limit; begin and
#     end are lane-test events on monitor;
#   - while a lane is under test its sets, a second test, a firmware
#     update and a power mode change of its engine get EBUSY saying why;
#     a stop ends it with its results so far;
#   - an injected error ratio shows in the errors and the BER, and fails
#     a tighter limit; a checker on the side without a loopback never
#     locks; a forced test of an activated lane leaves it activated;
#   - the self-test of a device: refused while lanes carry traffic, with
#     force every lane of both engines at once; a lane with errors fails
#     its engine, cpoctl names it and exits 1, the other engine passes;
#   - a self-test stopped by request (one engine of two), and by SIGINT to
#     the cpoctl that follows it; a lane test by SIGTERM: the lanes are
#     out of test at once, cpoctl prints the results so far and exits 1;
#   - a device removed while a test runs goes cleanly.

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
log "device $DEV, engines $E0 and $E1, 16 lanes each"
check_wait "engine $E0 lane 0 activated" '."dp-state" == "activated"' lane_json "$E0" 0

test_json() {
	lane_json "$1" "$2" | jq -c '.test // {}'
}

# ---- refused
cpo_refused "an activated lane without force" \
	"the lane is activated \\(carrying traffic\\)" \
	lane test "$E0" 0 gate 1000
cpo_refused "a gating time below 100 ms" \
	"test.gate-time: 0 \\(until stopped\\) or 100..3600000 ms" \
	lane test "$E0" 0 gate 50 force
cpo_refused "stop with no test under way" "no test of the lane is under way" \
	lane test "$E0" 0 stop
cpo_run lane test "$E0" 0 pattern prbs8
check_eq "cpoctl: an unknown pattern is bad usage" "$RC" 1
cpo_run lane test "$E0" 0 ber-limit 2
check_eq "cpoctl: a BER above 1 is bad usage" "$RC" 1
check_match "cpoctl: it says why" "$ERR" "ber-limit: a bit error ratio from 0 to 1"
check_jq "lane 0: no test was recorded" "$(test_json "$E0" 0)" '. == {}' true

# ---- a host side test of a powered-down lane, followed to its end
cpo_ok "lane 0 powered down" lane set "$E0" 0 power down
MON=$(mktemp)
on_exit "rm -f '$MON'"
"$CPOCTL" -j monitor >"$MON" 2>&1 &
MON_PID=$!
on_exit "kill $MON_PID 2>/dev/null"
nap 0.5
cpo_ok "host-input loopback, host side, prbs31q, 1 s, limit 1e-12" \
	-j lane test "$E0" 0 loopback host-input side host pattern prbs31q gate 1000 ber-limit 1e-12
log "cpoctl said: $OUT"
R=$(one_of "$OUT")
check_jq "cpoctl printed the ended test" "$R" '.test.state' done
T=$(test_json "$E0" 0)
log "lane 0 test: $T"
check_jq "done, on the host side, in host-input loopback" "$T" \
	'.state == "done" and .side == "host" and .loopback == "host-input" and .pattern == "prbs31q"' true
check_jq "the checker locked and kept its lock" "$T" '.locked == 1 and ."lost-lock" == 0' true
check_jq "it counted the lane's bits (200 Gb/s for about a second), no error" "$T" \
	'.bits >= 100000000000 and .errors == 0 and .ber == 0' true
check_jq "it passed 1e-12" "$T" '."ber-limit" == 1000000 and .pass == 1' true
# shellcheck disable=SC2317	# called through wait_until
mon_test() {
	jq -s -e --argjson e "$E0" \
		'[.[] | select(.event == "lane-test" and .lane."engine-id" == $e and .lane.index == 0) | .lane.test.state] as $s |
		 ($s | index("running")) != null and ($s | index("done")) != null' "$MON" >/dev/null 2>&1
}
check_true "monitor: lane-test events, running then done" wait_until mon_test

# ---- a lane under test is out of service
cpo_ok "a test until stopped" lane test "$E0" 0 loopback host-input side host
check_jq "it runs" "$(test_json "$E0" 0)" '.state' running
cpo_refused "lane set during the test: EBUSY" "a test of the lane is under way" \
	lane set "$E0" 0 tx off
cpo_refused "a second test: EBUSY" "a test of the lane is under way" \
	lane test "$E0" 0 side host loopback host-input
FW=/lib/firmware/cpo-lanetest.$$
if mkdir -p "$FW" 2>/dev/null; then
	on_exit "rm -rf '$FW'"
	J=$("$CPOCTL" -j engine show "$E0")
	"$TOP/tests/selftests/cpo_fwimage.py" --vendor "$(jq -r '.[0].vendor' <<<"$J")" \
		--part "$(jq -r '.[0]."part-number"' <<<"$J")" --version 2.2.2 --size 600 \
		"$FW/a.bin"
	cpo_refused "a firmware update of its engine: EBUSY" "lane tests of the engine are under way" \
		engine flash "$E0" "${FW#/lib/firmware/}/a.bin"
fi
cpo_refused "its engine's power mode: EBUSY" "lane tests of the engine are under way" \
	engine set "$E0" power-mode low
cpo_ok "its engine's power mode as it is: a no-op, accepted" engine set "$E0" power-mode high
cpo_ok "lane 1 of the same engine is still settable" lane set "$E0" 1 rx off
cpo_ok "lane 1: back on" lane set "$E0" 1 rx on
nap 0.3
cpo_ok "stop the test" lane test "$E0" 0 stop
T=$(test_json "$E0" 0)
check_jq "stopped, with what it counted" "$T" '.state == "stopped" and .bits > 0 and .locked == 1' true
cpo_ok "lane set after the test" lane set "$E0" 0 tx off
cpo_ok "lane set: back on" lane set "$E0" 0 tx on

# ---- errors, no lock, force
check_knob "engine0 lane 2: an injected error ratio of 1e-6" "$ID" engine0/lane2/prbs_ber 1000000000000
cpo_ok "lane 2 powered down" lane set "$E0" 2 power down
cpo_ok "lane 2: host side, 1 s, limit 1e-9" \
	lane test "$E0" 2 loopback host-input side host gate 1000 ber-limit 1e-9
T=$(test_json "$E0" 2)
log "lane 2 test: $T"
check_jq "errors about bits x 1e-6" "$T" \
	'.errors > 0 and ((.errors * 1000000 / .bits) | . > 0.99 and . < 1.01)' true
check_jq "BER 1e-6 (x 10^18)" "$T" '.ber > 990000000000 and .ber < 1010000000000' true
check_jq "locked, yet failed the limit" "$T" '.locked == 1 and .pass == 0' true
check_knob "engine0 lane 2: no injected errors" "$ID" engine0/lane2/prbs_ber 0
cpo_ok "lane 2: host checker, media loopback" \
	lane test "$E0" 2 loopback media-input side host gate 500 ber-limit 1e-12
T=$(test_json "$E0" 2)
check_jq "no loopback on its side: never locked, failed" "$T" \
	'.locked == 0 and ."lost-lock" == 1 and .pass == 0' true
cpo_ok "lane 3 (activated): media side, with force" \
	lane test "$E0" 3 loopback media-input side media gate 500 force
check_jq "done" "$(test_json "$E0" 3)" '.state' done
check_jq "lane 3 still activated" "$(lane_json "$E0" 3)" '."dp-state"' activated
for l in 0 2; do
	cpo_ok "lane $l powered up" lane set "$E0" "$l" power up
done
check_wait "lane 2 activated again" '."dp-state" == "activated"' lane_json "$E0" 2

# ---- the self-test of the device
cpo_refused "self-test of lanes carrying traffic, no force" "carrying traffic" \
	selftest dev "$DEV" gate 500
cpo_run -j selftest dev "$DEV" gate 500 force
check_eq "self-test with force: every lane passes, exit 0" "$RC" 0
check_eq "self-test passed: nothing on stderr" "$ERR" ""
log "selftest: $OUT"
check_jq "both engines, each passed with 16 lanes" "$OUT" \
	'length == 2 and all(.[]; .selftest.state == "done" and .selftest.pass == 1 and .selftest.lanes == 16 and .selftest."lanes-failed" == 0)' true
check_jq "the two engines ran at once" "$OUT" \
	'.[1].selftest.started < .[0].selftest.ended and .[0].selftest.started < .[1].selftest.ended' true
check_knob "engine1 lane 9 (bank 1): errors of 1e-5" "$ID" engine1/lane9/prbs_ber 10000000000000
cpo_run -j selftest dev "$DEV" gate 500 force
check_eq "self-test: a lane fails, exit 1" "$RC" 1
check_eq "self-test: the verdict on stderr" "$ERR" \
	"Error: the self-test failed on 1 of 2 engines: 1 of 32 lanes did not pass"
log "selftest: $OUT"
check_jqn "engine $E1 failed, lane 9 named" true \
	'[$o[] | select(.id == $e1)][0] | .selftest.pass == 0 and .selftest."lanes-failed" == 1 and ([.failed[].index] == [9])' \
	--argjson o "$OUT" --argjson e1 "$E1"
check_jqn "engine $E0 passed" true \
	'[$o[] | select(.id == $e0)][0] | .selftest.pass == 1 and .failed == []' \
	--argjson o "$OUT" --argjson e0 "$E0"
cpo_run selftest "$E1" gate 500 force
check_match "text: the failed lane of engine $E1" "$OUT" "lane [0-9]+ \\(index 9"
check_knob "engine1 lane 9: no errors" "$ID" engine1/lane9/prbs_ber 0
cpo_ok "selftest show: the last results" selftest show "$E1"
check_match "selftest show: engine $E1 failed" "$OUT" "selftest done pass no"

# ---- stopping: a self-test by request, and through the cpoctl that
# follows it, interrupted (as an operator's ^C); a lane test too
engine_json() {
	one_of "$("$CPOCTL" -j engine show "$1")"
}
cpo_refused "selftest stop, none runs: refused" \
	"no self-test of the device's engines is under way" selftest dev "$DEV" stop
ST_OUT=$(mktemp)
ST_ERR=$(mktemp)
on_exit "rm -f $ST_OUT $ST_ERR"
"$CPOCTL" -j selftest dev "$DEV" gate 600000 force >"$ST_OUT" 2>"$ST_ERR" &
ST_PID=$!
on_exit "kill $ST_PID 2>/dev/null"
check_wait "a self-test of 10 minutes runs on engine $E0" '.selftest.state == "running"' \
	engine_json "$E0"
check_wait "... and on engine $E1" '.selftest.state == "running"' engine_json "$E1"
cpo_run -j selftest "$E0" stop
check_eq "selftest $E0 stop: exit 0" "$RC" 0
check_jq "selftest $E0 stop: stopped, not passed, its 16 lanes" "$OUT" \
	'.[0].selftest | .state == "stopped" and .pass == 0 and .lanes == 16' true
check_jq "lane 5 of engine $E0: its test stopped, with the bits counted" "$(lane_json "$E0" 5)" \
	'.test.state == "stopped" and .test.bits > 0' true
check_jq "engine $E1 still runs its self-test" "$(engine_json "$E1")" \
	'.selftest.state' running
kill -INT "$ST_PID"
wait "$ST_PID"
check_eq "cpoctl selftest on SIGINT: exit 1" "$?" 1
check_eq "cpoctl selftest on SIGINT: says it stopped the self-test" "$(cat "$ST_ERR")" \
	"Error: interrupted: the self-test was stopped"
check_jqn "cpoctl selftest on SIGINT: both engines' results, stopped" true \
	'$o[0] | length == 2 and all(.[]; .selftest.state == "stopped")' --slurpfile o "$ST_OUT"
check_jq "engine $E1: its self-test stopped" "$(engine_json "$E1")" '.selftest.state' stopped
check_jq "lane 15 of engine $E1 no longer under test" "$(lane_json "$E1" 15)" '.test.state' stopped
"$CPOCTL" -j lane test "$E0" 5 side host loopback host-input gate 600000 force \
	>"$ST_OUT" 2>"$ST_ERR" &
ST_PID=$!
on_exit "kill $ST_PID 2>/dev/null"
check_wait "a lane test of 10 minutes runs" '.test.state == "running"' lane_json "$E0" 5
kill -TERM "$ST_PID"
wait "$ST_PID"
check_eq "cpoctl lane test on SIGTERM: exit 1" "$?" 1
check_eq "cpoctl lane test on SIGTERM: says it stopped the test" "$(cat "$ST_ERR")" \
	"Error: interrupted: the test was stopped"
check_jqn "cpoctl lane test on SIGTERM: the lane's result, stopped" true \
	'$o[0][0].test.state == "stopped"' --slurpfile o "$ST_OUT"
check_jq "lane 5 of engine $E0: its test stopped" "$(lane_json "$E0" 5)" '.test.state' stopped

# ---- a device removed while a test runs
cpo_ok "a test until stopped, then the device goes" lane test "$E0" 4 side host loopback host-input force
check_true "del_device $DEV" sim_del "$ID"
# By device name: another test's new engine may take a freed id at once.
check_jqn "its engines are gone" true '[$a[] | select(."dev-name" == $d)] == []' \
	--argjson a "$("$CPOCTL" -j engine show)" --arg d "$DEV"

cpo_exit
