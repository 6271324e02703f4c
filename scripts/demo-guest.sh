#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Inside the demo VM: a simulated switch, its engines and lanes, a lane
# turned off and back on, and the notifications the kernel sent meanwhile.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
PATH=$top/tools/cpoctl:$PATH
cd "$top"

show() {
	printf '\n$ %s\n' "$*"
	"$@"
}

scripts/guest-setup.sh 0 4 8
engine=$(cpoctl -j engine show | jq '.[0].id')

show cpoctl engine show
show cpoctl lane show "$engine"

mon=$(mktemp)
cpoctl -j monitor >"$mon" &
monitor=$!
sleep 1

show cpoctl lane set "$engine" 3 tx off
sleep 0.5
show cpoctl lane show "$engine" 3
show cat "/sys/class/cpo/engine$engine/lane3/dp_state"
show cpoctl lane set "$engine" 3 tx on
sleep 0.5
show cpoctl -j -p lane show "$engine" 3

kill "$monitor"
wait "$monitor" 2>/dev/null || true
printf '\n$ cpoctl -j monitor   # what it printed meanwhile\n'
cat "$mon"
rm -f "$mon"
echo
echo "demo: done"
