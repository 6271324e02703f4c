#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# In a VM: load cpo and cpo_sim from the build directory of the running
# kernel and create a simulated switch.
#
#   scripts/guest-setup.sh [ID ENGINES LANES]    (default: 0 8 32)
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
mods=$top/build/$(uname -r)/kernel
dev=${*:-0 8 32}

for m in "$mods/cpo.ko" "$mods/sim/cpo_sim.ko"; do
	name=$(basename "$m" .ko)
	if ! grep -q "^$name " /proc/modules; then
		insmod "$m"
	fi
done
if [ ! -e "/sys/bus/cposim/devices/cposim${dev%% *}" ]; then
	echo "$dev" >/sys/bus/cposim/new_device
fi
echo "cpo: modules loaded, simulated device cposim${dev%% *} ($dev)"
