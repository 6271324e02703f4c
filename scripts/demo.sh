#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The main job: build, boot Debian's 6.12 kernel in a VM with a simulated
# switch, and show cpo at work (scripts/demo-guest.sh runs inside).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
kdir=$(ls -d /usr/src/linux-headers-6.12.*-amd64 | grep -v -e '-rt-' -e '-cloud-' |
	sort -V | tail -n 1)
make --no-print-directory modules KDIR="$kdir"
make --no-print-directory tools
exec tests/vm/vm.sh --kernel stock-6.12 --timeout 600 -- scripts/demo-guest.sh
