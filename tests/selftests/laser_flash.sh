#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Firmware of laser modules (external laser sources), through cpoctl,
# netlink and sysfs, against the simulated modules' CDB and A/B banks:
#   - every laser of a laser module reports its module's banks (a, b and
#     factory: version, running, committed, valid), the module's own and
#     not an engine's; cpoctl laser show prints them, -j gives the nests;
#     sysfs laser<ID>/firmware/ has running, committed, a, b and factory;
#   - lasers inside an engine report none, and have no firmware files;
#   - a pulled module's lasers report none (ENODATA in sysfs); the module
#     inserted in its place reports its banks again.

# shellcheck disable=SC2016	# jq programs use jq variables, in single quotes
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"

cpo_require
[ -x "$CPOCTL" ] || skip "$CPOCTL not built (make tools)"
[ -d "$SIM_DFS" ] || skip "no cposim debugfs knobs"

ID=$(sim_unique_id)
sim_new_or_exit "$ID" 2 8 lasers=external
E0=$(engine_id_of "$ID" 0)
L=$(lasers_of "$ID")
M0=$(jq -c --arg l "cposim$ID/els0/" '[.[] | select(.location | startswith($l))]' <<<"$L")
M1=$(jq -c --arg l "cposim$ID/els1/" '[.[] | select(.location | startswith($l))]' <<<"$L")
P00=$(laser_id_at "$ID" els0/laser0)
log "device cposim$ID, engine $E0, laser $P00 of els0"
if [ -z "$P00" ] || [ -z "$E0" ]; then
	fail "cposim$ID/oe0 or els0/laser0 not found"
	cpo_exit
fi

# ---- banks of a laser module, in netlink (cpoctl -j)
BANKS='[{"bank":"a","version":"1.4.7","running":1,"committed":1,"valid":1},{"bank":"b","version":"1.3.7","running":0,"committed":0,"valid":1},{"bank":"factory","version":"1.0.1","running":0,"committed":0,"valid":1}]'
BANKS=$(jq -c . <<<"$BANKS")
check_jq "els0/laser0: banks a 1.4.7 running committed, b 1.3.7, factory 1.0.1" \
	"$(laser_json "$P00")" '.firmware | tojson' "$BANKS"
check_jqn "every laser of els0 and els1 reports its module's banks" true \
	'($m0 | length > 0) and ($m1 | length > 0) and
	 all(($m0 + $m1)[]; .firmware == $b)' \
	--argjson m0 "$M0" --argjson m1 "$M1" --argjson b "$BANKS"
check_jq "the engine's banks are its own (2.1.7 running)" \
	"$(one_of "$("$CPOCTL" -j engine show "$E0")")" \
	'[.firmware[] | select(.running == 1) | .version] | join(",")' 2.1.7

# ---- cpoctl text
cpo_run laser show "$P00"
check_match "cpoctl laser show prints the banks" "$OUT" \
	'firmware a 1\.4\.7 running committed, b 1\.3\.7, factory 1\.0\.1'

# ---- sysfs
fwdir=/sys/class/cpo/laser$P00/firmware
for f in running:a committed:a a:1.4.7 b:1.3.7 factory:1.0.1; do
	check_eq "sysfs laser$P00/firmware/${f%%:*}" "$(cat "$fwdir/${f%%:*}" 2>&1)" "${f#*:}"
done
check_eq "sysfs engine$E0/firmware/a is the engine's" \
	"$(cat "/sys/class/cpo/engine$E0/firmware/a" 2>&1)" 2.1.7

# ---- lasers inside an engine: no module, no banks
IID=$(sim_unique_id)
sim_new_or_exit "$IID" 1 8 lasers=internal
I0=$(laser_id_at "$IID" oe0/laser0)
if [ -n "$I0" ]; then
	check_jq "internal laser: no firmware attribute" "$(laser_json "$I0")" \
		'has("firmware")' false
	check_true "internal laser: no sysfs firmware files" \
		test ! -e "/sys/class/cpo/laser$I0/firmware/a"
else
	fail "cposim$IID/oe0/laser0 not found"
fi

# ---- a pulled module: no banks; the one inserted: its banks
check_knob "pull els0" "$ID" els0/pull 1
check_jq "pulled els0/laser0: slot empty, no firmware attribute" \
	"$(laser_json "$P00")" '"\(."slot-state") \(has("firmware"))"' "empty false"
if out=$(cat "$fwdir/a" 2>&1); then
	fail "sysfs firmware/a of a pulled module: read '$out', expected ENODATA"
else
	check_match "sysfs firmware/a of a pulled module: ENODATA" "$out" \
		'No data available'
fi
check_jq "els1 keeps its banks meanwhile" \
	"$(laser_json "$(laser_id_at "$ID" els1/laser0)")" '.firmware | tojson' \
	"$BANKS"
check_knob "insert els0" "$ID" els0/insert 1
check_jqn "inserted els0/laser0: active, its banks again" true \
	'$l."slot-state" == "active" and $l.firmware == $b' \
	--argjson l "$(laser_json "$P00")" --argjson b "$BANKS"
check_eq "sysfs firmware/running after the insertion" "$(cat "$fwdir/running" 2>&1)" a

cpo_exit
