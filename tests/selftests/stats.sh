#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Service statistics of lanes and engines, made with the simulator's knobs
# and checked exactly in netlink (lane-get/engine-get with-stats), in the
# stats/ directories of sysfs and in "cpoctl -s -j":
#
#  - N data path flaps (power down, power up) count N deactivations and N
#    activations on the lane and in its engine's sums, nothing on the
#    other lanes;
#  - N RX LOS pulses count N LOS and N LOL edges, even pulses shorter than
#    a refresh interval (the latched flags); N TX fault pulses N faults;
#  - N module faults count N faults and N returns to ready;
#  - a failover of a laser counts one on each lane it fed;
#  - the counts stay through refreshes without changes; the time in service
#    grows while the data path is activated and stops while it is not;
#  - stats-clear of a lane clears that lane only, of an engine the engine
#    and its lanes; it needs CAP_NET_ADMIN; a refused clear clears nothing
#    (the extack and errno of each bad id pair: cpo_netlink's
#    stats_clear_errors, in C: a YNL CLI start takes seconds on the debug
#    kernel).

# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"

cpo_require
[ -x "$CPOCTL" ] || skip "$CPOCTL not built (make tools)"
nl_tool || skip "neither the kernel's YNL CLI nor cpoctl runs here"
command -v setpriv >/dev/null || skip "setpriv not installed"
UNKNOWN=2147483000
N_FLAPS=3 N_LOS=4 N_FAULT=2 N_MOD=2

ID=$(sim_unique_id)
sim_new "$ID" 1 4 lasers=external || {
	fail "new_device '$ID 1 4 lasers=external': $WRITE_ERR"
	cpo_exit
}
DFS=engine0
E=$(engine_id_of "$ID" 0)
[ -n "$E" ] || { fail "no engine on cposim$ID"; cpo_exit; }
EP=$CPO_CLASS/engine$E
for i in 0 1 2 3; do
	LID[i]=$(cat "$EP/lane$i/id")
	check_true "lane $i activated" wait_until sysfs_is "$EP/lane$i/dp_state" activated
done
check_true "engine ready" wait_until sysfs_is "$EP/module_state" ready

# The stats nest of a lane (by id) or of an engine, read with cpoctl -s -j
# (which prints the spec's names): a few ms a read, where a YNL CLI run
# starts python3 (about 1 s). The YNL CLI's decoding is compared with
# cpoctl's below, once for a lane and once for an engine.
lane_stats() {
	"$CPOCTL" -s -j lane show id "$1" | jq -c '.[0].stats'
}
engine_stats() {
	"$CPOCTL" -s -j engine show "$1" | jq -c '.[0].stats'
}
# The same, from the netlink side the test runs with (nl_tool).
nl_lane_stats() {
	if [ "$NL_TOOL" == ynl ]; then
		ynl --do lane-get --json "{\"id\": $1, \"with-stats\": true}" | jq -c .stats
	else
		lane_stats "$1"
	fi
}
nl_engine_stats() {
	if [ "$NL_TOOL" == ynl ]; then
		ynl --do engine-get --json "{\"id\": $1, \"with-stats\": true}" | jq -c .stats
	else
		engine_stats "$1"
	fi
}
# section NAME: a heading with the seconds since the test began
section() { log "---- $* (at $SECONDS s)"; }
# The counters (not the times) of a stats nest, for comparisons.
counts() {
	jq -c 'del(."time-in-service", .elapsed)' <<<"$1"
}
# sysfs_stats DIR FILE...: "FILE=VALUE ..." of DIR/stats
sysfs_stats() {
	local d=$1 f vals=()

	shift
	for f in "$@"; do
		vals+=("$f=$(cat "$d/stats/$f")")
	done
	echo "${vals[*]}"
}
# through jq as the counts are: gojq and jq order keys differently
ZERO_LANE=$(jq -c . <<<'{"dp-activations":0,"dp-deactivations":0,"rx-los-count":0,"rx-lol-count":0,"tx-fault-count":0,"failovers":0}')

# ---- a clean start: stats-clear of the engine clears its lanes too
section "a clean start"
cpo_run engine stats-clear "$E"
check_eq "stats-clear engine $E: exit 0" "$RC" 0
for i in 0 1 2 3; do
	check_eq "lane $i: counts 0 after the engine's clear" \
		"$(counts "$(lane_stats "${LID[i]}")")" "$ZERO_LANE"
done
check_jq "engine $E: counts 0" "$(engine_stats "$E")" \
	'"\(."dp-activations") \(."dp-deactivations") \(."module-faults") \(."module-ready")"' "0 0 0 0"
check_jq "engine $E: no lane counters in the engine's nest" "$(engine_stats "$E")" \
	'has("rx-los-count") or has("time-in-service") or has("failovers")' false
if [ "$NL_TOOL" == ynl ]; then
	check_jq "a get without with-stats has no stats nest" \
		"$(ynl --do lane-get --json "{\"id\": ${LID[0]}}")" 'has("stats")' false
fi

# ---- data path flaps of lane 0
section "flaps"
LP=$EP/lane0
for ((n = 0; n < N_FLAPS; n++)); do
	write_file "$LP/power" down || fail "lane 0 power down: $WRITE_ERR"
	wait_until sysfs_is "$LP/dp_state" deactivated || fail "flap $n: lane 0 not deactivated"
	write_file "$LP/power" up || fail "lane 0 power up: $WRITE_ERR"
	wait_until sysfs_is "$LP/dp_state" activated || fail "flap $n: lane 0 not activated"
done
s=$(lane_stats "${LID[0]}")
check_jq "lane 0: $N_FLAPS flaps counted in netlink" "$s" \
	'"\(."dp-activations") \(."dp-deactivations")"' "$N_FLAPS $N_FLAPS"
check_eq "lane 0: $N_FLAPS flaps counted in sysfs" \
	"$(sysfs_stats "$LP" dp_activations dp_deactivations)" \
	"dp_activations=$N_FLAPS dp_deactivations=$N_FLAPS"
check_jq "engine $E: sums of its lanes' flaps" "$(engine_stats "$E")" \
	'"\(."dp-activations") \(."dp-deactivations")"' "$N_FLAPS $N_FLAPS"
check_eq "engine $E: sums in sysfs" \
	"$(sysfs_stats "$EP" dp_activations dp_deactivations)" \
	"dp_activations=$N_FLAPS dp_deactivations=$N_FLAPS"
check_eq "lane 1: no flap" "$(counts "$(lane_stats "${LID[1]}")")" "$ZERO_LANE"

# ---- RX LOS pulses on lane 1, each shorter than the refresh interval
section "LOS pulses"
# (two knob writes, a few ms apart): the latched flags count them
for ((n = 0; n < N_LOS; n++)); do
	sim_knob "$ID" "$DFS/lane1/rx_los" Y || fail "rx_los Y: $WRITE_ERR"
	sim_knob "$ID" "$DFS/lane1/rx_los" N || fail "rx_los N: $WRITE_ERR"
done
check_true "lane 1: LOS gone" wait_until sysfs_is "$EP/lane1/rx_los" 0
s=$(lane_stats "${LID[1]}")
check_jq "lane 1: $N_LOS LOS and LOL edges in netlink" "$s" \
	'"\(."rx-los-count") \(."rx-lol-count") \(."tx-fault-count")"' "$N_LOS $N_LOS 0"
check_eq "lane 1: $N_LOS LOS and LOL edges in sysfs" \
	"$(sysfs_stats "$EP/lane1" rx_los_count rx_lol_count tx_fault_count)" \
	"rx_los_count=$N_LOS rx_lol_count=$N_LOS tx_fault_count=0"

# ---- TX fault pulses on lane 2
section "TX fault pulses"
for ((n = 0; n < N_FAULT; n++)); do
	sim_knob "$ID" "$DFS/lane2/tx_fault" Y || fail "tx_fault Y: $WRITE_ERR"
	wait_until sysfs_is "$EP/lane2/tx_fault" 1 || fail "pulse $n: no TX fault"
	sim_knob "$ID" "$DFS/lane2/tx_fault" N || fail "tx_fault N: $WRITE_ERR"
	wait_until sysfs_is "$EP/lane2/tx_fault" 0 || fail "pulse $n: TX fault stays"
done
check_jq "lane 2: $N_FAULT TX faults in netlink" "$(lane_stats "${LID[2]}")" \
	'."tx-fault-count"' "$N_FAULT"
check_eq "lane 2: $N_FAULT TX faults in sysfs" \
	"$(sysfs_stats "$EP/lane2" tx_fault_count)" "tx_fault_count=$N_FAULT"

# ---- a failover: the lanes of the primary feeding lane 0 count one each
section "a failover"
P=$(cat "$LP/laser_id")
check_ne "lane 0 is fed by a laser" "$P" ""
mapfile -t FED < <(for i in 0 1 2 3; do
	[ "$(cat "$EP/lane$i/laser_id")" == "$P" ] && echo "$i"
done)
cpo_ok "laser set $P failover" laser set "$P" failover
check_wait "lane 0 fed by another laser" ".\"laser-id\" != $P" nl_lane "${LID[0]}"
for i in "${FED[@]}"; do
	check_jq "lane $i (laser $P): 1 failover" "$(lane_stats "${LID[i]}")" .failovers 1
done
check_eq "lane 0: 1 failover in sysfs" "$(sysfs_stats "$LP" failovers)" "failovers=1"
check_true "lanes back to activated after the failover" \
	wait_until sysfs_is "$LP/dp_state" activated

# ---- the counts stay through refreshes without changes
section "through refreshes"
engine_before=$(counts "$(engine_stats "$E")")
lane_before=()
for i in 0 1 2 3; do
	lane_before[i]=$(counts "$(lane_stats "${LID[i]}")")
done
interval=$("$CPOCTL" -j engine show "$E" | jq '.[0]."refresh-interval"')
log "refresh interval $interval ms; waiting for 3 refreshes"
nap $(((3 * interval + 999) / 1000))
for i in 0 1 2 3; do
	check_eq "lane $i: counts unchanged by refreshes" \
		"$(counts "$(lane_stats "${LID[i]}")")" "${lane_before[i]}"
done
check_eq "engine $E: counts unchanged by refreshes" \
	"$(counts "$(engine_stats "$E")")" "$engine_before"

# ---- time in service: grows while activated, stops while not
section "time in service"
t1=$(cat "$EP/lane3/stats/time_in_service")
nap 1
t2=$(cat "$EP/lane3/stats/time_in_service")
check_true "lane 3 activated: time in service grows by about 1 s ($t1 -> $t2)" \
	test $((t2 - t1)) -ge 900000000
write_file "$EP/lane3/power" down || fail "lane 3 power down: $WRITE_ERR"
check_true "lane 3 deactivated" wait_until sysfs_is "$EP/lane3/dp_state" deactivated
t3=$(cat "$EP/lane3/stats/time_in_service")
nap 1
t4=$(cat "$EP/lane3/stats/time_in_service")
check_eq "lane 3 deactivated: time in service stops" "$t4" "$t3"
s=$(lane_stats "${LID[3]}")
check_jq "netlink: time-in-service as sysfs while stopped" "$s" '."time-in-service"' "$t3"
check_jq "elapsed >= time in service" "$s" '.elapsed >= ."time-in-service"' true
write_file "$EP/lane3/power" up || fail "lane 3 power up: $WRITE_ERR"
check_true "lane 3 activated again" wait_until sysfs_is "$EP/lane3/dp_state" activated

# ---- stats-clear: refused without CAP_NET_ADMIN, bad ids, one lane
section "stats-clear"
before=$(counts "$(lane_stats "${LID[0]}")")
out=$(setpriv --inh-caps=-net_admin --bounding-set=-net_admin \
	"$CPOCTL" lane stats-clear id "${LID[0]}" 2>&1)
check_match "stats-clear without CAP_NET_ADMIN: EPERM" "$out" "EPERM|Operation not permitted"
check_eq "lane 0: counts kept after the refused clear" "$(counts "$(lane_stats "${LID[0]}")")" "$before"
cpo_refused "stats-clear unknown lane-id: extack" "unknown lane id" \
	lane stats-clear id "$UNKNOWN"
check_eq "lane 0: counts kept after the refused clears" "$(counts "$(lane_stats "${LID[0]}")")" "$before"

cpo_run lane stats-clear id "${LID[0]}"
check_eq "stats-clear lane 0: exit 0" "$RC" 0
s=$(lane_stats "${LID[0]}")
check_eq "lane 0: counts 0 after its clear" "$(counts "$s")" "$ZERO_LANE"
s1=$(lane_stats "${LID[1]}")
check_jq "lane 1: counts kept" "$s1" '."rx-los-count"' "$N_LOS"
# lane 1's count from the engine's clear at the start, lane 0's from now
# shellcheck disable=SC2016	# a jq variable
check_jq "lane 0: elapsed restarted" "$s" ".elapsed < $(jq .elapsed <<<"$s1")" true
check_jq "engine $E: sums without lane 0's" "$(engine_stats "$E")" \
	'"\(."dp-activations") \(."dp-deactivations")"' "1 1"

# all_activated: every lane of the engine is activated (for wait_until)
# shellcheck disable=SC2317
all_activated() {
	local i

	for i in 0 1 2 3; do
		sysfs_is "$EP/lane$i/dp_state" activated || return 1
	done
}

# ---- module faults, after a clear of the engine; each from service
section "module faults"
check_true "all lanes activated" wait_until all_activated
cpo_run engine stats-clear "$E"
for ((n = 0; n < N_MOD; n++)); do
	sim_knob "$ID" "$DFS/fault" 1 || fail "fault 1: $WRITE_ERR"
	wait_until sysfs_is "$EP/module_state" fault || fail "fault $n: module not in fault"
	sim_knob "$ID" "$DFS/fault" 0 || fail "fault 0: $WRITE_ERR"
	wait_until sysfs_is "$EP/module_state" ready || fail "fault $n: module not ready again"
	wait_until all_activated || fail "fault $n: lanes not activated again"
done
s=$(engine_stats "$E")
check_jq "engine $E: $N_MOD faults, $N_MOD returns to ready in netlink" "$s" \
	'"\(."module-faults") \(."module-ready")"' "$N_MOD $N_MOD"
check_eq "engine $E: $N_MOD faults in sysfs" \
	"$(sysfs_stats "$EP" module_faults module_ready)" \
	"module_faults=$N_MOD module_ready=$N_MOD"
check_jq "engine $E: each fault took every lane down and up" "$(engine_stats "$E")" \
	'"\(."dp-activations") \(."dp-deactivations")"' "$((4 * N_MOD)) $((4 * N_MOD))"

# ---- cpoctl -s -j prints what netlink gives
section "cpoctl and netlink"
cpo_run -s -j lane show id "${LID[1]}"
check_eq "cpoctl -s -j lane show id: exit 0" "$RC" 0
check_eq "cpoctl -s -j lane show: the counts of netlink" \
	"$(counts "$(jq -c '.[0].stats' <<<"$OUT")")" "$(counts "$(nl_lane_stats "${LID[1]}")")"
cpo_run -s -j engine show "$E"
check_eq "cpoctl -s -j engine show: the counts of netlink" \
	"$(counts "$(jq -c '.[0].stats' <<<"$OUT")")" "$(counts "$(nl_engine_stats "$E")")"
cpo_run -j lane show id "${LID[1]}"
check_jq "cpoctl -j lane show without -s: no stats" "$OUT" '.[0] | has("stats")' false
cpo_ok "cpoctl lane stats-clear" lane stats-clear id "${LID[1]}"
check_eq "lane 1: counts 0 after cpoctl lane stats-clear" \
	"$(counts "$(lane_stats "${LID[1]}")")" "$ZERO_LANE"
cpo_ok "cpoctl engine stats-clear" engine stats-clear "$E"
check_jq "engine $E: counts 0 after cpoctl engine stats-clear" "$(engine_stats "$E")" \
	'"\(."dp-activations") \(."module-faults")"' "0 0"
cpo_refused "cpoctl engine stats-clear unknown: extack" "unknown engine id" \
	engine stats-clear "$UNKNOWN"

cpo_exit
