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
#     inserted in its place reports its banks again;
#   - firmware update of a laser module (laser-flash, cpoctl laser flash),
#     named by any of its lasers: bad requests and images are refused
#     before anything is written (a missing file, a bad image, an engine's
#     image onto a laser module and a laser module's onto an engine, a
#     laser inside an engine); a good image runs and is committed, every
#     laser of the module shows the new banks and the flash nest, the
#     other module is left alone; cpoctl prints each step, -j and monitor
#     the laser-flash events;
#   - while it runs, the module's lasers are the update's: a laser set and
#     a second update get EBUSY saying why, a get answers, the other
#     module works; an abort stops it;
#   - a new image that does not boot, power lost during the download and
#     a module that does not come back fail, saying so, and the module
#     runs its committed image again;
#   - a device-wide engine flash with a laser modules' image updates every
#     engine and every laser module of the device in one request.

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

# ---- firmware update of a laser module
FWDIR=/lib/firmware/cpo-selftest.$$
mkdir -p "$FWDIR" || skip "cannot write $FWDIR"
on_exit "rm -rf '$FWDIR'"
REL=${FWDIR#/lib/firmware/}
P01=$(laser_id_at "$ID" els0/laser1)
P10=$(laser_id_at "$ID" els1/laser0)
EJ=$(one_of "$("$CPOCTL" -j engine show "$E0")")
EVENDOR=$(jq -r .vendor <<<"$EJ")
EPART=$(jq -r '."part-number"' <<<"$EJ")
LPART="SIM-ELS-$(jq length <<<"$M0")L"
log "laser module part $LPART, engine part $EPART, lasers $P00 $P01 of els0, $P10 of els1"

IMGS=()
img() {	# img NAME VERSION [SPOIL [PART [SIZE]]]
	IMGS+=("$FWDIR/$1 $2 ${5:-6000} ${3:--} ${4:-$LPART}")
}
img good.bin 1.5.2
img next.bin 1.6.0
img long.bin 1.6.5 - "$LPART" 60000
img boot.bin 1.7.0
img cut.bin 1.7.1
img hang.bin 1.7.2
img magic.bin 1.9.9 magic
img engine.bin 2.9.1 - "$EPART"
img dev-els.bin 1.8.0
img dev-eng.bin 2.9.5 - "$EPART"
printf '%s\n' "${IMGS[@]}" |
	"$TOP/tests/selftests/cpo_fwimage.py" --vendor "$EVENDOR" --part "$LPART" \
		--batch /dev/stdin || fail "cpo_fwimage.py --batch"

running_of() {
	laser_json "$1" | jq -r '[.firmware[] | select(.running == 1) | .version] | join(",")'
}

# Refused before anything is written.
cpo_refused "laser flash: missing file" "no such file under /lib/firmware" \
	laser flash "$P00" "$REL/none.bin"
cpo_refused "laser flash: a name with .." 'relative name under /lib/firmware, without ".."' \
	laser flash "$P00" "../etc/passwd"
cpo_refused "laser flash: a bad image" "not a cpo firmware image" \
	laser flash "$P00" "$REL/magic.bin"
cpo_refused "laser flash: an engine's image onto a laser module" \
	"another vendor or part than this laser module" \
	laser flash "$P00" "$REL/engine.bin"
cpo_refused "engine flash: a laser module's image onto an engine" \
	"another vendor or part than this module" \
	engine flash "$E0" "$REL/good.bin"
cpo_refused "laser flash abort with none under way" \
	"no firmware update of the laser's module is under way" \
	laser flash "$P00" abort
if [ -n "$I0" ]; then
	cpo_refused "laser flash of a laser inside an engine" \
		"cannot update its module's firmware" \
		laser flash "$I0" "$REL/good.bin"
fi
check_jqn "els0: banks unchanged, no update recorded" true \
	'($l.firmware == $b) and ($l | has("flash") | not)' \
	--argjson l "$(laser_json "$P00")" --argjson b "$BANKS"

# A good image, committed, asked of the module's second laser.
MON=$FWDIR/monitor.out
"$CPOCTL" -j monitor >"$MON" 2>&1 &
MON_PID=$!
on_exit "kill $MON_PID 2>/dev/null"
nap 0.5
cpo_ok "laser flash $P01 with good.bin, commit" laser flash "$P01" "$REL/good.bin" commit
log "cpoctl said: $OUT"
check_match "text: a line per step, named by laser $P01" "$OUT" \
	"laser $P01: started.*downloading.*running.*committing.*laser $P01: done"
NEW='{"bank":"b","version":"1.5.2","running":1,"committed":1,"valid":1}'
check_jqn "every laser of els0: 1.5.2 runs in bank b, committed; the flash nest done" true \
	'all($m[]; .id as $i | $all[] | select(.id == $i) |
	     (.firmware | map(select(.bank == "b"))[0] == $n) and
	     .flash.state == "done" and .flash.done == .flash.total)' \
	--argjson m "$M0" --argjson all "$(lasers_of "$ID")" --argjson n "$NEW"
check_jq "els1 untouched" "$(laser_json "$P10")" \
	'"\(.firmware | tojson) \(has("flash"))"' "$BANKS false"
check_eq "sysfs laser$P00/firmware/b" "$(cat "$fwdir/b" 2>&1)" 1.5.2
check_eq "sysfs laser$P00/firmware/committed" "$(cat "$fwdir/committed" 2>&1)" b
cpo_run laser show "$P00"
check_match "cpoctl laser show: the flash line" "$OUT" "flash done 6064/6064 bytes file $REL/good.bin"
# shellcheck disable=SC2317	# called through wait_until
mon_done() {
	jq -s -e --argjson l "$P01" \
		'[.[] | select(.event == "laser-flash" and .laser.id == $l) | .laser.flash.state] as $s |
		 ($s | index("started")) != null and ($s | index("downloading")) != null and
		 ($s | index("committing")) != null and ($s | index("done")) != null' \
		"$MON" >/dev/null 2>&1
}
check_true "monitor: the laser-flash events of the update" wait_until mon_done

cpo_ok "-j laser flash $P00 with next.bin, commit" -j laser flash "$P00" "$REL/next.bin" commit
check_jq "-j: laser-flash events, one per line, the last done" "$(jq -c -s . <<<"$OUT")" \
	'all(.[]; .event == "laser-flash") and (.[-1].laser.flash.state == "done")' true
check_eq "els0: 1.6.0 runs" "$(running_of "$P00")" 1.6.0
check_jq "els0: bank a, 1.6.0, committed" "$(laser_json "$P00")" \
	'[.firmware[] | select(.committed == 1) | "\(.bank) \(.version)"] | join(",")' "a 1.6.0"

# The update owns the module: by LPL, slow blocks, a long image.
check_knob "els0: firmware blocks by LPL" "$ID" els0/fw_write_mech 1
check_knob "els0: slow blocks (100 ms each)" "$ID" els0/cdb_busy_ms 100
"$CPOCTL" laser flash "$P00" "$REL/long.bin" >"$FWDIR/bg.out" 2>"$FWDIR/bg.err" &
BG=$!
check_wait "els0: the update is downloading" '.flash.state == "downloading"' \
	laser_json "$P01"
cpo_refused "laser set during the update: EBUSY, why" \
	"firmware update of the laser's module is under way" laser set "$P00" enable off
cpo_refused "laser set of another laser of the module: EBUSY" \
	"firmware update of the laser's module is under way" laser set "$P01" enable off
cpo_refused "a second update of the module, by another laser: EBUSY" \
	"already under way" laser flash "$P01" "$REL/good.bin"
cpo_refused "a device-wide update of the laser modules meanwhile: EBUSY" \
	"a laser module of the device is already under way" \
	engine flash dev "cposim$ID" "$REL/dev-eng.bin" lasers "$REL/dev-els.bin"
cpo_ok "laser show during the update: answered" laser show "$P00"
check_match "laser show during the update: STALE" "$OUT" "^laser $P00: STALE "
check_jq "els0's lasers are marked stale, els1's are not" \
	"$(laser_json "$P00") $(laser_json "$P01") $(laser_json "$P10")" \
	'.stale // false' "true
true
false"
cpo_ok "laser set of els1 meanwhile" laser set "$P10" enable off
cpo_ok "laser set of els1: back on" laser set "$P10" enable on
cpo_ok "abort the update, by another laser of the module" laser flash "$P01" abort
wait "$BG"
check_eq "the flashing cpoctl exits 2" "$?" 2
check_match "it says aborted" "$(cat "$FWDIR/bg.err")" "aborted"
check_knob "els0: blocks fast again" "$ID" els0/cdb_busy_ms 1
check_knob "els0: both mechanisms again" "$ID" els0/fw_write_mech 17
check_jq "els0: aborted, 1.6.0 still runs" "$(laser_json "$P00")" \
	'"\(.flash.state) \([.firmware[] | select(.running == 1) | .version] | join(","))"' \
	"aborted 1.6.0"
check_jq "els0's lasers: stale no more" "$(laser_json "$P00") $(laser_json "$P01")" \
	'has("stale")' "false
false"
cpo_ok "laser set after the update: works" laser set "$P00" enable off
cpo_ok "laser set: back on" laser set "$P00" enable on

# Failures: the module goes back to, or stays on, its committed image.
check_knob "els0: a new image fails to boot" "$ID" els0/fw_run_fail Y
cpo_refused "an image that does not boot" \
	"did not run: the module went back to its committed image" \
	laser flash "$P00" "$REL/boot.bin"
check_knob "els0: images boot again" "$ID" els0/fw_run_fail N
check_jq "els0: rolled back to the committed 1.6.0, the failure in the flash nest" \
	"$(laser_json "$P01")" \
	'"\(.flash.state) \([.firmware[] | select(.running == 1) | .version] | join(","))"' \
	"failed 1.6.0"
check_true "monitor: the failed update's event" jq -s -e --argjson l "$P00" \
	'any(.[]; .event == "laser-flash" and .laser.id == $l and .laser.flash.state == "failed" and
	     (.laser.flash.message | test("committed image")))' "$MON"
check_knob "els0: power lost after 5 blocks" "$ID" els0/fw_power_cut 5
cpo_refused "power lost during the download" "Error: the firmware update failed" \
	laser flash "$P00" "$REL/cut.bin"
check_wait "els0: its committed 1.6.0 runs again" \
	'[.firmware[] | select(.running == 1) | .version] == ["1.6.0"]' laser_json "$P00"
check_knob "els0: the module will not come back" "$ID" els0/fw_hang Y
cpo_refused "a module that does not come back" "did not come back ready" \
	laser flash "$P00" "$REL/hang.bin"
check_knob "els0: it comes back" "$ID" els0/fw_hang N
# Its banks could not be read while it was away: the module reinserted
# is read again.
check_knob "pull els0" "$ID" els0/pull 1
check_knob "insert els0" "$ID" els0/insert 1
check_wait "els0: active again, banks read" \
	'."slot-state" == "active" and (.firmware | length) == 3' laser_json "$P00"

# One request for every engine and laser module of the device.
DEV=cposim$ID
cpo_refused "device update: a laser image for none of its laser modules" \
	"flash-laser-file: the image is for another vendor or part than the device's laser modules" \
	engine flash dev "$DEV" "$REL/dev-eng.bin" lasers "$REL/engine.bin"
cpo_run engine flash "$E0" "$REL/dev-eng.bin" lasers "$REL/dev-els.bin"
check_match "cpoctl: lasers LASER_FILE without dev: a usage error ($RC)" \
	"$RC $ERR" "^[1-9].*goes with dev DEV"
cpo_ok "flash device $DEV: engines and laser modules, commit" \
	engine flash dev "$DEV" "$REL/dev-eng.bin" lasers "$REL/dev-els.bin" commit
log "cpoctl said: $OUT"
for l in "$P00" "$P10"; do
	check_match "text: laser $l's update" "$OUT" "laser $l: started.*laser $l: done"
	check_eq "laser $l: its module runs 1.8.0" "$(running_of "$l")" 1.8.0
done
for e in $(engines_of "$ID" | jq -r '.[].id'); do
	check_jq "engine $e: 2.9.5 runs" "$(one_of "$("$CPOCTL" -j engine show "$e")")" \
		'[.firmware[] | select(.running == 1) | .version] | join(",")' 2.9.5
done

cpo_exit
