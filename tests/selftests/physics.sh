#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What cpo_sim models, on a 2 x 8 device with external lasers, seen through
# cpoctl:
#   - link loss (loss_cdb knob): rx-power = tx-power - loss; more loss, less
#     rx-power, more pre-fec-ber, less snr, monotonically
#   - engine power-draw, temperature and energy-per-bit follow the active
#     lanes
#   - laser aging: the hours knob raises the bias
#   - overtemp knobs: an engine's temperature rises by the amount; a laser
#     above 75 C shuts down (failed) and its lanes go dark
#   - stuck knobs: frozen lane or module state machines, released on N

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
P01=$(laser_id_at "$ID" els0/laser1)	# engine 0 lanes 4-7
P10=$(laser_id_at "$ID" els1/laser0)	# engine 1 lanes 0-3
if [ -z "$E0" ] || [ -z "$E1" ] || [ -z "$P01" ] || [ -z "$P10" ]; then
	fail "engines or lasers of cposim$ID not found"
	cpo_exit
fi
log "engines $E0 $E1, lasers $P01 (els0/laser1) $P10 (els1/laser0)"
KN=$SIM_DFS/cposim$ID

# field JSON KEY: the value of KEY, "" when absent
field() {
	jq -r --arg k "$2" '.[$k] // empty' <<<"$1"
}

# loss_db TX RX: 10 log10(TX/RX), rounded to 0.1 dB
loss_db() {
	awk -v t="$1" -v r="$2" 'BEGIN { if (r <= 0) print "inf"; else printf "%.1f\n", 10 * log(t / r) / log(10) }'
}

# check_cmp DESC A OP B: integer comparison, OP one of -lt -gt
check_cmp() {
	local ok=false

	if [[ "$2" =~ ^[0-9]+$ && "$4" =~ ^[0-9]+$ ]]; then
		case $3 in
		-lt) (($2 < $4)) && ok=true ;;
		-gt) (($2 > $4)) && ok=true ;;
		esac
	fi
	if $ok; then
		pass "$1"
	else
		fail "$1: want '$2' $3 '$4'"
	fi
}

# check_near DESC GOT WANT TOL: |GOT - WANT| <= TOL (numbers, may be decimal)
check_near() {
	if awk -v g="$2" -v w="$3" -v t="$4" 'BEGIN { d = g - w; if (d < 0) d = -d; exit !(g != "" && d <= t) }'; then
		pass "$1"
	else
		fail "$1: got '$2', want $3 +- $4"
	fi
}

# ---- link loss
check_eq "loss_cdb defaults to 300" "$(cat "$KN/engine0/lane2/loss_cdb" 2>&1)" 300
l=$(lane_json "$E0" 2)
TX=$(field "$l" tx-power) RX0=$(field "$l" rx-power)
BER0=$(field "$l" pre-fec-ber) SNR0=$(field "$l" snr)
RX3=$(field "$(lane_json "$E0" 3)" rx-power)
log "lane 2 at 3 dB: tx $TX rx $RX0 ber $BER0 snr $SNR0"
check_near "3 dB default loss: rx-power = tx-power - 3 dB" "$(loss_db "$TX" "$RX0")" 3 1
check_ne "lane 2 has a pre-fec-ber" "$BER0" ""
check_ne "lane 2 has an snr" "$SNR0" ""
prev_rx=$RX0 prev_ber=$BER0 prev_snr=$SNR0
for cdb in 600 900; do
	check_knob "loss_cdb $cdb" "$ID" engine0/lane2/loss_cdb $cdb
	check_wait "loss $cdb: rx-power falls" ".\"rx-power\" < $prev_rx" lane_json "$E0" 2
	l=$(lane_json "$E0" 2)
	rx=$(field "$l" rx-power) ber=$(field "$l" pre-fec-ber) snr=$(field "$l" snr)
	log "lane 2 at $cdb cdB: tx $(field "$l" tx-power) rx $rx ber $ber snr $snr"
	check_near "loss $cdb: rx-power = tx-power - $((cdb / 100)) dB" \
		"$(loss_db "$(field "$l" tx-power)" "$rx")" $((cdb / 100)) 1
	check_cmp "loss $cdb: pre-fec-ber rises ($prev_ber -> $ber)" "$ber" -gt "$prev_ber"
	check_cmp "loss $cdb: snr falls ($prev_snr -> $snr)" "$snr" -lt "$prev_snr"
	check_eq "loss $cdb: still no LOS" "$(field "$l" rx-los)" 0
	prev_rx=$rx prev_ber=$ber prev_snr=$snr
done
rx3=$(field "$(lane_json "$E0" 3)" rx-power)
check_near "loss on lane 2 leaves lane 3's rx-power alone" "$rx3" "$RX3" $((RX3 / 10))
check_knob "loss_cdb back to 300" "$ID" engine0/lane2/loss_cdb 300
check_wait "loss 300 again: rx-power back" ".\"rx-power\" > $prev_rx" lane_json "$E0" 2
l=$(lane_json "$E0" 2)
check_near "loss 300 again: rx-power as before" "$(field "$l" rx-power)" "$RX0" $((RX0 / 20))
check_cmp "loss 300 again: pre-fec-ber lower than at 9 dB" "$(field "$l" pre-fec-ber)" -lt "$prev_ber"

# ---- engine power and temperature follow the active lanes
e=$("$CPOCTL" -j engine show "$E1" | jq -c '.[0]')
PD1=$(field "$e" power-draw) T1=$(field "$e" temperature) EPB1=$(field "$e" energy-per-bit)
RATE=$(field "$e" lane-rate)
log "engine $E1, 8 lanes up: power-draw $PD1 uW, temperature $T1 mC, energy-per-bit $EPB1 fJ/bit"
check_ne "engine $E1: power-draw reported" "$PD1" ""
check_ne "engine $E1: energy-per-bit with lanes active" "$EPB1" ""
if [ -n "$PD1" ] && [ -n "$EPB1" ] && [ -n "$RATE" ]; then
	check_near "energy-per-bit = power-draw / (8 x lane-rate)" "$EPB1" \
		$((PD1 * 1000 / (8 * RATE))) 1
fi
for i in 0 1 2 3 4 5 6 7; do
	"$CPOCTL" lane set "$E1" $i power down || fail "lane set $E1 $i power down"
done
check_wait "engine $E1: every lane deactivated" \
	'all(."dp-state" == "deactivated")' lanes_json "$E1"
check_wait "engine $E1, lanes down: temperature below $T1" \
	".[0].temperature < $T1" "$CPOCTL" -j engine show "$E1"
e=$("$CPOCTL" -j engine show "$E1" | jq -c '.[0]')
log "engine $E1, 8 lanes down: power-draw $(field "$e" power-draw) uW, temperature $(field "$e" temperature) mC"
check_cmp "engine $E1: power-draw lower with the lanes down" "$(field "$e" power-draw)" -lt "$PD1"
check_eq "engine $E1: no energy-per-bit without an active lane" "$(field "$e" energy-per-bit)" ""
for i in 0 1 2 3 4 5 6 7; do
	"$CPOCTL" lane set "$E1" $i power up || fail "lane set $E1 $i power up"
done
check_wait "engine $E1: every lane activated again" \
	'all(."dp-state" == "activated")' lanes_json "$E1"
check_wait "engine $E1, lanes up: power-draw and energy-per-bit back" \
	".[0].\"power-draw\" > $(field "$e" power-draw) and (.[0] | has(\"energy-per-bit\"))" \
	"$CPOCTL" -j engine show "$E1"

# ---- aging: hours raise the bias
k=$(laser_json "$P10")
B0=$(field "$k" bias)
check_eq "hours knob reads the laser's hours" "$(cat "$KN/els1/laser0/hours" 2>&1)" "$(field "$k" hours)"
check_knob "hours knob: 50000" "$ID" els1/laser0/hours 50000
check_wait "laser $P10: hours 50000" '.hours == 50000' laser_json "$P10"
check_wait "laser $P10: bias above $B0 uA after 50000 h" ".bias > $B0" laser_json "$P10"

# ---- engine overtemp
T0=$(field "$("$CPOCTL" -j engine show "$E0" | jq -c '.[0]')" temperature)
check_knob "engine0 overtemp 20" "$ID" engine0/overtemp 20
check_wait "engine $E0: temperature up by about 20 C" ".[0].temperature >= $T0 + 18000" \
	"$CPOCTL" -j engine show "$E0"
check_near "engine $E0: temperature = before + 20 C (mC)" \
	"$(field "$("$CPOCTL" -j engine show "$E0" | jq -c '.[0]')" temperature)" $((T0 + 20000)) 1500
check_eq "overtemp knob reads 20" "$(cat "$KN/engine0/overtemp" 2>&1)" 20
if sim_knob "$ID" engine0/overtemp 101; then
	fail "engine0 overtemp 101 accepted (range 0..100)"
else
	check_match "engine0 overtemp 101 rejected (EINVAL or ERANGE)" "$WRITE_ERR" \
		"^(Invalid argument|Numerical result out of range)$"
fi
# the top of the range: hotter still, never wrapped round to a negative
# reading (CMIS reports -128..128 C; clamped there is fine)
check_knob "engine0 overtemp 100" "$ID" engine0/overtemp 100
check_wait "engine $E0: overtemp 100 reads at least before + 80 C, not wrapped" \
	".[0].temperature >= $T0 + 80000" "$CPOCTL" -j engine show "$E0"
check_knob "engine0 overtemp 0" "$ID" engine0/overtemp 0
check_wait "engine $E0: temperature back" ".[0].temperature <= $T0 + 1500" \
	"$CPOCTL" -j engine show "$E0"

# ---- laser overtemp: above 75 C the laser shuts down
k=$(laser_json "$P01")
LT=$(field "$k" temperature)
check_knob "els0/laser1 overtemp 5" "$ID" els0/laser1/overtemp 5
check_wait "laser $P01: temperature up by 5 C" ".temperature >= $LT + 4000" laser_json "$P01"
k=$(laser_json "$P01")
check_near "laser $P01: temperature = before + 5 C (mC)" "$(field "$k" temperature)" $((LT + 5000)) 1000
check_eq "laser $P01 still on at $(field "$k" temperature) mC" "$(field "$k" state)" on
OT=$(((75000 - LT) / 1000 + 10))
check_knob "els0/laser1 overtemp $OT (above 75 C)" "$ID" els0/laser1/overtemp $OT
check_wait "laser $P01 above 75 C: failed, no output" \
	'.temperature > 75000 and .state == "failed" and (."output-power" // 0) == 0' \
	laser_json "$P01"
check_wait "laser $P01 failed: lanes 4-7 of engine $E0 dark with LOS" \
	'[.[] | select(.index >= 4)] | all(."tx-power" == 0 and ."rx-los" == 1)' lanes_json "$E0"
check_jq "lanes 0-3 of engine $E0 still lit" "$(lanes_json "$E0")" \
	'[.[] | select(.index <= 3)] | all(."tx-power" > 0 and ."rx-los" == 0)' true
sim_knob "$ID" els0/laser1/overtemp 0
log "laser $P01 after overtemp 0: $(laser_json "$P01" | jq -c '{state, temperature}')"

# ---- stuck: a lane's data path state machine
check_knob "engine1 lane3 stuck Y" "$ID" engine1/lane3/stuck Y
check_eq "lane stuck knob reads Y" "$(cat "$KN/engine1/lane3/stuck" 2>&1)" Y
cpo_ok "lane set $E1 3 tx off (lane stuck)" lane set "$E1" 3 tx off
check_wait "stuck lane: tx-enable 0 recorded" '."tx-enable" == 0' lane_json "$E1" 3
sleep 1
check_jq "stuck lane: dp-state unchanged after 1 s" "$(lane_json "$E1" 3)" '."dp-state"' activated
cpo_ok "lane set $E1 2 tx off (lane not stuck)" lane set "$E1" 2 tx off
check_wait "lane 2 of the same engine moves: initialized" \
	'."dp-state" == "initialized"' lane_json "$E1" 2
check_knob "engine1 lane3 stuck N" "$ID" engine1/lane3/stuck N
check_wait "released lane reaches initialized" '."dp-state" == "initialized"' lane_json "$E1" 3
"$CPOCTL" lane set "$E1" 3 tx on
"$CPOCTL" lane set "$E1" 2 tx on
check_wait "lanes 2 and 3 activated again" \
	'[.[] | select(.index == 2 or .index == 3) | ."dp-state"] | all(. == "activated")' \
	lanes_json "$E1"

# ---- stuck: the whole engine
check_knob "engine0 stuck Y" "$ID" engine0/stuck Y
cpo_ok "lane set $E0 6 tx off (engine stuck)" lane set "$E0" 6 tx off
cpo_ok "engine set $E0 power-mode low (engine stuck)" engine set "$E0" power-mode low
sleep 1
check_jq "stuck engine: lane 6 dp-state unchanged after 1 s" "$(lane_json "$E0" 6)" \
	'."dp-state"' activated
check_jq "stuck engine: module-state unchanged after 1 s" \
	"$("$CPOCTL" -j engine show "$E0")" '.[0]."module-state"' ready
check_jq "the other engine is not stuck" "$(lanes_json "$E1")" \
	'all(."dp-state" == "activated")' true
check_knob "engine0 stuck N" "$ID" engine0/stuck N
check_wait "released engine reaches low-pwr" '.[0]."module-state" == "low-pwr"' \
	"$CPOCTL" -j engine show "$E0"
"$CPOCTL" lane set "$E0" 6 tx on
"$CPOCTL" engine set "$E0" power-mode high
check_wait "engine $E0 ready again" '.[0]."module-state" == "ready"' \
	"$CPOCTL" -j engine show "$E0"

cpo_exit
