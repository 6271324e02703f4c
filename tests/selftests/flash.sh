#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Firmware update of an engine (engine-flash), end to end through cpoctl,
# the kernel's checks, the CMIS layer's CDB download and the simulated
# module's A/B banks:
#   - bad requests and bad images are refused before anything is written,
#     with the reason, and the banks stay as they were: a missing file, a
#     name with "..", no abort to make, a short image, a wrong magic, a
#     header or payload that fails its checksum, a length that is not the
#     header's, an image for another part;
#   - a good image is written to the bank that does not run, runs, and is
#     committed; its version shows in the banks, in fw-version and in the
#     flash nest; cpoctl prints each step, with -j the same events as
#     monitor; the monitor sees them too;
#   - a module that takes blocks both ways is written by EPL (pages A0h..,
#     2048 bytes a command); by LPL only or EPL only works too, and the
#     EPL update takes far fewer bus transactions;
#   - while an update runs, requests that need the engine's bus get EBUSY
#     saying why, a second update too, reads still answer, and the other
#     engine works; an abort stops it and nothing else changes;
#   - with a device's name, every engine of it updates at once, each in an
#     update of its own; a device update is refused for a device with no
#     engines, an image for none of its engines, an engine of it already
#     being updated, and a request naming both an engine and a device; an
#     abort by device stops them all;
#   - a new image that does not boot leaves the module on its committed
#     image (the update fails, saying so); power lost during the download
#     and a module that does not come back fail too, and the module runs
#     its committed image afterwards;
#   - the engine pulled during an update: the update ends aborted, an
#     update of the empty slot is refused as such, and the part inserted
#     (a new one: a new part's banks) takes a new update.

# shellcheck disable=SC2016	# jq programs use jq variables, in single quotes
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"

cpo_require
[ -d "$SIM_DFS" ] || skip "no cposim debugfs knobs"
FWDIR=/lib/firmware/cpo-selftest.$$
mkdir -p "$FWDIR" || skip "cannot write $FWDIR"
on_exit "rm -rf '$FWDIR'"
REL=${FWDIR#/lib/firmware/}

ID=$(sim_unique_id)
sim_new "$ID" 2 8 || fail "new_device $ID 2 8"
E0=$(engine_id_of "$ID" 0)
E1=$(engine_id_of "$ID" 1)
log "device cposim$ID, engines $E0 and $E1"

engine_json() {
	local out

	out=$("$CPOCTL" -j engine show "$1") || return
	one_of "$out"
}

J=$(engine_json "$E0")
VENDOR=$(jq -r .vendor <<<"$J")
PART=$(jq -r '."part-number"' <<<"$J")
BANKS0=$(jq -c .firmware <<<"$J")
log "vendor '$VENDOR' part '$PART' banks $BANKS0"

# img NAME VERSION [SPOIL [PART]]: an image of $SIZE bytes (6000) in $FWDIR,
# written by img_write: one python3 start for all of them.
IMGS=()
img() {
	IMGS+=("$FWDIR/$1 $2 ${SIZE:-6000} ${3:--} ${4:-$PART}")
}
img_write() {
	printf '%s\n' "${IMGS[@]}" |
		"$TOP/tests/selftests/cpo_fwimage.py" --vendor "$VENDOR" --part "$PART" \
			--batch /dev/stdin || fail "cpo_fwimage.py --batch"
	IMGS=()
}
img good.bin 2.2.9
img next.bin 2.3.1
# Long enough that it is still downloading after the requests made during
# it, even on a slow kernel: about 900 blocks of 100 ms. It is aborted.
SIZE=60000 img long.bin 2.3.5
img boot.bin 2.4.0
img cut.bin 2.5.0
img hang.bin 2.6.0
for s in magic header-crc payload-crc length short; do
	img "$s.bin" 2.9.9 "$s"
done
img other.bin 2.9.9 "" "SIM-OTHER-PART"
img both.bin 2.7.3
img after.bin 2.8.0
img_write

# ---- refused before anything is written
cpo_refused "missing file" "no such file under /lib/firmware" \
	engine flash "$E0" "$REL/none.bin"
cpo_refused "a name with .." 'relative name under /lib/firmware, without ".."' \
	engine flash "$E0" "../etc/passwd"
cpo_refused "abort with no update under way" "no firmware update of the engine is under way" \
	engine flash "$E0" abort
cpo_refused "short image" "shorter than a firmware image header" \
	engine flash "$E0" "$REL/short.bin"
cpo_refused "wrong magic" "not a cpo firmware image" \
	engine flash "$E0" "$REL/magic.bin"
cpo_refused "header checksum" "image header fails its checksum" \
	engine flash "$E0" "$REL/header-crc.bin"
cpo_refused "payload checksum" "the image fails its checksum" \
	engine flash "$E0" "$REL/payload-crc.bin"
cpo_refused "length" "length is not the one its header gives" \
	engine flash "$E0" "$REL/length.bin"
cpo_refused "another part" "another vendor or part than this module" \
	engine flash "$E0" "$REL/other.bin"
check_jqn "engine $E0: banks unchanged, no update recorded" true \
	'($e.firmware == $b) and ($e | has("flash") | not)' \
	--argjson e "$(engine_json "$E0")" --argjson b "$BANKS0"

# ---- a good image, committed
MON=$(mktemp)
on_exit "rm -f '$MON'"
"$CPOCTL" -j monitor >"$MON" 2>&1 &
MON_PID=$!
on_exit "kill $MON_PID 2>/dev/null"
nap 0.5
cpo_ok "flash engine $E0 with good.bin, commit" engine flash "$E0" "$REL/good.bin" commit
log "cpoctl said: $OUT"
check_match "text: a line per step" "$OUT" \
	"started.*downloading.*running.*committing.*done"
J=$(engine_json "$E0")
check_jqn "engine $E0: the new image runs and is committed" true \
	'[$e.firmware[] | select(.version == "2.2.9" and .running == 1 and .committed == 1 and .valid == 1)] | length == 1' \
	--argjson e "$J"
check_jq "engine $E0: fw-version follows" "$J" '."fw-version"' 2.2
check_jq "engine $E0: fw-inactive is the image it left" "$J" '."fw-inactive"' 2.1
check_eq "sysfs fw_version follows" "$(cat "$CPO_CLASS/engine$E0/fw_version")" 2.2
check_jq "engine $E0: the flash nest says done" "$J" \
	'.flash.state == "done" and .flash.done == .flash.total and .flash.total == 6064' true
# shellcheck disable=SC2317	# called through wait_until
mon_done() {
	jq -s -e --argjson e "$E0" \
		'[.[] | select(.event == "engine-flash" and .engine.id == $e) | .engine.flash.state] as $s |
		 ($s | index("started")) != null and ($s | index("downloading")) != null and
		 ($s | index("running")) != null and ($s | index("done")) != null' \
		"$MON" >/dev/null 2>&1
}
check_true "monitor: the update's steps" wait_until mon_done

cpo_ok "-j flash engine $E1 with next.bin" -j engine flash "$E1" "$REL/next.bin"
check_jq "-j: engine-flash events, one per line, the last done" "$(jq -c -s . <<<"$OUT")" \
	'all(.[]; .event == "engine-flash") and (.[-1].engine.flash.state == "done")' true
check_jqn "engine $E1: 2.3.1 runs, not committed" true \
	'[$e.firmware[] | select(.version == "2.3.1" and .running == 1 and .committed == 0)] | length == 1' \
	--argjson e "$(engine_json "$E1")"

# ---- blocks by EPL (pages A0h..AFh, up to 2048 bytes a command), the
# default when a module has both, or by LPL (116 bytes a command): the
# same update, counted in bus transactions with no refresh meanwhile
bus_tx() {
	engine_json "$1" | jq '."bus-transactions"'
}
cpo_ok "engine $E0: refresh only on a signal, while counting" \
	engine set "$E0" refresh-interval 0
check_knob "engine0: firmware blocks by LPL only" "$ID" engine0/fw_write_mech 1
t0=$(bus_tx "$E0")
cpo_ok "flash engine $E0 by LPL" engine flash "$E0" "$REL/next.bin"
t1=$(bus_tx "$E0")
check_knob "engine0: firmware blocks by EPL only" "$ID" engine0/fw_write_mech 16
cpo_ok "flash engine $E0 by EPL, commit" engine flash "$E0" "$REL/good.bin" commit
t2=$(bus_tx "$E0")
log "bus transactions of the update of a 6064-byte image: LPL $((t1 - t0)), EPL $((t2 - t1))"
check_true "EPL takes far fewer transactions than LPL" \
	test $(((t2 - t1) * 3)) -lt $(((t1 - t0) * 2))
check_jqn "engine $E0: 2.2.9 runs, committed, after the EPL update" true \
	'[$e.firmware[] | select(.version == "2.2.9" and .running == 1 and .committed == 1)] | length == 1' \
	--argjson e "$(engine_json "$E0")"
check_knob "engine0: both mechanisms again" "$ID" engine0/fw_write_mech 17
cpo_ok "engine $E0: refresh every second again" engine set "$E0" refresh-interval 1000
if [ "$(id -u)" = 0 ]; then
	echo 2 >"$SIM_DFS/cposim$ID/engine0/fw_write_mech" 2>/dev/null
	check_eq "fw_write_mech 2: refused (EINVAL), 17 kept" \
		"$?:$(cat "$SIM_DFS/cposim$ID/engine0/fw_write_mech")" "1:17"
fi

# ---- an update owns its engine
# By LPL, a command per 116 bytes, so that the long image takes long.
for e in 0 1; do
	check_knob "engine$e: firmware blocks by LPL" "$ID" "engine$e/fw_write_mech" 1
done
check_knob "engine0: slow blocks (100 ms each)" "$ID" engine0/cdb_busy_ms 100
"$CPOCTL" engine flash "$E0" "$REL/long.bin" >"$FWDIR/bg.out" 2>"$FWDIR/bg.err" &
BG=$!
check_wait "engine $E0: the update is downloading" '.flash.state == "downloading"' \
	engine_json "$E0"
cpo_refused "lane set during the update: EBUSY, why" \
	"firmware update of the engine is under way" lane set "$E0" 0 tx off
cpo_refused "a second update: EBUSY" "already under way" \
	engine flash "$E0" "$REL/good.bin"
cpo_refused "a device update meanwhile: EBUSY" \
	"an engine of the device is already under way" \
	engine flash dev "cposim$ID" "$REL/good.bin"
cpo_ok "engine show during the update: answered" engine show "$E0"
check_match "engine show during the update: STALE" "$OUT" "^engine $E0: STALE "
check_jq "engine $E0 and its lane 0 are marked stale, engine $E1 is not" \
	"$(engine_json "$E0") $(lane_json "$E0" 0) $(engine_json "$E1")" \
	'.stale // false' "true
true
false"
cpo_ok "lane set on engine $E1 meanwhile" lane set "$E1" 0 tx off
cpo_ok "lane set on engine $E1: back on" lane set "$E1" 0 tx on
cpo_ok "abort the update" engine flash "$E0" abort
wait "$BG"
check_eq "the flashing cpoctl exits 2" "$?" 2
check_match "it says aborted" "$(cat "$FWDIR/bg.err")" "aborted"
check_knob "engine0: blocks fast again" "$ID" engine0/cdb_busy_ms 1
J=$(engine_json "$E0")
check_jq "engine $E0: aborted, 2.2.9 still runs" "$J" \
	'.flash.state == "aborted" and ([.firmware[] | select(.running == 1) | .version] == ["2.2.9"])' true
check_jq "engine $E0 and its lane 0: stale no more" \
	"$J $(lane_json "$E0" 0)" 'has("stale")' "false
false"
cpo_ok "lane set after the update: works" lane set "$E0" 0 tx off
cpo_ok "lane set: back on" lane set "$E0" 0 tx on

# ---- every engine of a device at once
DEV=cposim$ID
cpo_refused "device update: no such device" "no engine on a device of this name" \
	engine flash dev cposim-none "$REL/good.bin"
cpo_refused "device update: an image for none of its engines" \
	"another vendor or part than the device's engines" \
	engine flash dev "$DEV" "$REL/other.bin"
cpo_refused "device abort with none under way" \
	"no firmware update of the device's engines or laser modules is under way" \
	engine flash dev "$DEV" abort
# A request cpoctl cannot make: through the YNL CLI, where nl_tool chose it
# (not on the debug kernel: a python3 start takes seconds there).
if nl_tool && [ "$NL_TOOL" == ynl ]; then
	out=$(ynl --do engine-flash --json \
		"{\"id\": $E0, \"dev-name\": \"$DEV\", \"flash-file\": \"$REL/good.bin\"}" 2>&1)
	check_match "engine-flash with id and dev-name: refused, naming dev-name" \
		"$out" "dev-name: give an engine's id or a device's name, not both"
fi
cpo_ok "flash device $DEV with both.bin, commit" engine flash dev "$DEV" "$REL/both.bin" commit
log "cpoctl said: $OUT"
for e in "$E0" "$E1"; do
	check_match "text: engine $e's steps" "$OUT" \
		"engine $e: started.*engine $e: downloading.*engine $e: running.*engine $e: done"
	check_jqn "engine $e: 2.7.3 runs, committed" true \
		'[$e.firmware[] | select(.version == "2.7.3" and .running == 1 and .committed == 1)] | length == 1' \
		--argjson e "$(engine_json "$e")"
done

# Both at once, and an abort by device stops both.
for e in 0 1; do
	check_knob "engine$e: slow blocks (100 ms each)" "$ID" "engine$e/cdb_busy_ms" 100
done
"$CPOCTL" engine flash dev "$DEV" "$REL/long.bin" >"$FWDIR/dev.out" 2>"$FWDIR/dev.err" &
BG=$!
both_downloading() {
	"$CPOCTL" -j engine show | jq -e --arg d "$DEV" \
		'[.[] | select(."dev-name" == $d and .flash.state == "downloading")] | length == 2' \
		>/dev/null
}
check_true "device update: both engines downloading at the same time" \
	wait_until both_downloading
cpo_ok "abort the device's updates" engine flash dev "$DEV" abort
wait "$BG"
check_eq "the flashing cpoctl exits 2" "$?" 2
for e in "$E0" "$E1"; do
	check_match "it names engine $e, aborted" "$(cat "$FWDIR/dev.err")" \
		"engine $e: the firmware update was aborted"
	check_jq "engine $e: aborted, 2.7.3 still runs" "$(engine_json "$e")" \
		'.flash.state == "aborted" and ([.firmware[] | select(.running == 1) | .version] == ["2.7.3"])' true
done
for e in 0 1; do
	check_knob "engine$e: blocks fast again" "$ID" "engine$e/cdb_busy_ms" 1
done

# ---- failures leave the committed image running
running_of() {
	engine_json "$1" | jq -r '.firmware[] | select(.running == 1) | .version'
}
check_knob "engine0: a new image fails to boot" "$ID" engine0/fw_run_fail Y
cpo_refused "an image that does not boot" "did not run: the module went back to its committed image" \
	engine flash "$E0" "$REL/boot.bin"
check_knob "engine0: images boot again" "$ID" engine0/fw_run_fail N
check_eq "engine $E0: 2.7.3 runs" "$(running_of "$E0")" 2.7.3
check_knob "engine0: power lost after 5 blocks" "$ID" engine0/fw_power_cut 5
cpo_refused "power lost during the download" "Error: the firmware update failed" \
	engine flash "$E0" "$REL/cut.bin"
check_wait "engine $E0: ready again" '."module-state" == "ready"' engine_json "$E0"
check_eq "engine $E0: the committed image runs" "$(running_of "$E0")" 2.7.3
check_knob "engine0: the module will not come back" "$ID" engine0/fw_hang Y
cpo_refused "a module that does not come back" "did not come back ready" \
	engine flash "$E0" "$REL/hang.bin"
check_knob "engine0: it comes back" "$ID" engine0/fw_hang N
check_wait "engine $E0: ready, on its committed image" \
	'."module-state" == "ready" and ([.firmware[] | select(.running == 1) | .version] == ["2.7.3"])' \
	engine_json "$E0"

# ---- the engine pulled during an update: the update stops and says so,
# nothing of it is left (the debug kernel's KASAN and kmemleak), the part
# inserted takes a new update
check_knob "engine0: slow blocks (100 ms each)" "$ID" engine0/cdb_busy_ms 100
"$CPOCTL" engine flash "$E0" "$REL/long.bin" >"$FWDIR/pull.out" 2>"$FWDIR/pull.err" &
BG=$!
check_wait "engine $E0: the update is downloading" '.flash.state == "downloading"' \
	engine_json "$E0"
check_knob "pull engine0 during the update" "$ID" engine0/pull 1
wait "$BG"
check_eq "the flashing cpoctl exits 2" "$?" 2
check_match "it says aborted" "$(cat "$FWDIR/pull.err")" "aborted"
check_jq "engine $E0: empty, no update under way" "$(engine_json "$E0")" \
	'."slot-state" == "empty" and .flash.state != "downloading"' true
cpo_refused "an update of the empty slot: refused" "engine slot is empty" \
	engine flash "$E0" "$REL/good.bin"
check_knob "engine0: blocks fast again" "$ID" engine0/cdb_busy_ms 1
check_knob "insert engine0 again" "$ID" engine0/insert 1
# The simulator's insert is a new part: its banks are a new part's, as
# engine $E0's were at the start, nothing of the aborted image.
check_wait "engine $E0: active, ready, a new part's banks" \
	"(.\"slot-state\" == \"active\") and (.\"module-state\" == \"ready\") and
	 .firmware == $BANKS0" engine_json "$E0"
cpo_ok "an update after the insert: done" engine flash "$E0" "$REL/after.bin" commit
check_eq "engine $E0: 2.8.0 runs" "$(running_of "$E0")" 2.8.0

cpo_exit
