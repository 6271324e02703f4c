#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Inside the demo VM: a simulated switch with external laser modules; its
# engines, lanes and lasers; a lane turned off and back on; a laser that
# fails and the spare that takes over; a degraded link raising an alarm;
# and the events the kernel sent meanwhile.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
PATH=$top/tools/cpoctl:$PATH
cd "$top"

show() {
	printf '\n$ %s\n' "$*"
	"$@"
}

note() {
	printf '\n# %s\n' "$*"
}

# lane_field ENGINE INDEX FIELD: one attribute of a lane, from cpoctl -j
lane_field() {
	cpoctl -j lane show "$1" "$2" |
		jq -r --arg f "$3" 'if type == "array" then .[0] else . end | .[$f]'
}

scripts/guest-setup.sh 0 2 8 lasers=external
engine=$(cpoctl -j engine show | jq '.[0].id')
knobs=/sys/kernel/debug/cposim/cposim0

show cpoctl engine show
show cpoctl lane show "$engine"
show cpoctl laser show

mon=$(mktemp)
cpoctl -j monitor >"$mon" &
monitor=$!
sleep 1

note "a lane's transmitter off and on: the CMIS data path steps through its states"
show cpoctl lane set "$engine" 3 tx off
sleep 0.5
show cpoctl lane show "$engine" 3
show cat "/sys/class/cpo/engine$engine/lane3/dp_state"
show cpoctl lane set "$engine" 3 tx on
sleep 0.5

laser=$(lane_field "$engine" 0 laser-id)
note "what goes dark if laser $laser fails"
show cpoctl topology laser "$laser"
note "laser $laser fails (simulator knob); its policy is manual: its lanes stay dark"
echo Y >"$knobs/els0/laser0/fail"
sleep 0.5
show cpoctl laser show "$laser"
show cpoctl lane show "$engine" 0
show cpoctl alarm show lane "$(lane_field "$engine" 0 id)"
note "the operator moves its lanes to the spare"
show cpoctl laser set "$laser" failover
sleep 0.5
show cpoctl lane show "$engine" 0

note "a dirty connector on lane 5: 15 dB of loss, the received power falls below the threshold"
echo 1500 >"$knobs/engine0/lane5/loss_cdb"
sleep 0.5
show cpoctl threshold show lane "$(lane_field "$engine" 5 id)"
show cpoctl alarm show lane "$(lane_field "$engine" 5 id)"
note "sensors, through hwmon"
show sensors

kill "$monitor"
wait "$monitor" 2>/dev/null || true
printf '\n$ cpoctl -j monitor   # what it printed meanwhile (%s events)\n' \
	"$(wc -l <"$mon")"
cat "$mon"
rm -f "$mon"
echo
echo "demo: done"
