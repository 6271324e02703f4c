#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# cpo_cmis_i2c end to end over a real I2C path: the kernel's i2c-stub plays
# a CMIS module at 50h (its byte accesses banked by the page select byte),
# cmis_i2c_fw loads the module's memory image through /dev/i2c-N and plays
# its firmware, and the driver is bound with new_device:
#   - bad board parameters refused at probe, naming the parameter
#   - identity from the image (vendor, part, serial, revisions), lane count,
#     type, rate and location in cpoctl engine show
#   - lane set tx off lands in the stub's page 10h; the firmware steps the
#     data path state in page 11h and cpoctl sees it; the core's refresh
#     announces it as a lane-change event
#   - temperature (DOM) followed; above the page 02h high alarm an alarm
#     event, below it the end of the alarm
#   - RX LOS raised in page 11h: a lane-change event with rx-los
#   - low power requested: the firmware powers the module down and up
#   - delete_device unregisters the engine
# The stub has one page select for every master: the firmware program's
# page accesses run while the core does not refresh the engine
# (refresh-interval 0, which returns once a refresh under way ended; the
# engine starts with 0 through cpo's refresh_interval_ms), and the test
# runs alone (run.sh SOLO_TESTS) so that nothing else reads the engine
# meanwhile.

# shellcheck disable=SC2016	# jq programs use jq variables, in single quotes
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"

cpo_require
[ -x "$CPOCTL" ] || skip "$CPOCTL not built (make tools)"

FW=${CPO_CMIS_I2C_FW:-$TOP/build/selftests/cmis_i2c_fw}
if [ ! -x "$FW" ] || [ "$TOP/tests/selftests/cmis_i2c_fw.c" -nt "$FW" ]; then
	make -s -C "$TOP/tests/selftests" "$FW" >/dev/null 2>&1 ||
		skip "cannot build $FW"
fi
DRV_KO=${CPO_CMIS_I2C_KO:-$(cpo_build_dir)/kernel/i2c/cpo_cmis_i2c.ko}
[ -f "$DRV_KO" ] || skip "$DRV_KO missing (make modules)"
PARAMS=/sys/module/cpo_cmis_i2c/parameters
STUB_ARGS=(chip_addr=0x50 bank_reg=0x7f bank_mask=0xff bank_start=0x80 bank_end=0xff)

# The debug kernel has no /lib/modules: its build tree is the one whose
# UTS_VERSION (include/generated/utsversion.h) is the running kernel's, uname -v.
debug_kdir() {
	local d v

	v=$(uname -v)
	for d in "${CPO_CACHE:-$HOME/.cache/cpo}"/debug-kernel-*/; do
		[[ "$d" == *.tmp.* ]] && continue
		grep -qsF "\"$v\"" "$d"/include/generated/{utsversion,compile}.h &&
			echo "${d%/}" && return 0
	done
	return 1
}

# load_kmod NAME ARGS...: modprobe, or insmod from the debug build tree
load_kmod() {
	local name=$1 kdir ko

	shift
	if ! kernel_is_debug; then
		modprobe "$name" "$@"
		return
	fi
	kdir=$(debug_kdir) || { echo "no build tree for $(uname -v)"; return 1; }
	ko=$kdir/drivers/i2c/$name.ko
	[ -f "$ko" ] || { echo "$ko not found"; return 1; }
	insmod "$ko" "$@"
}

# ---- the stub, /dev/i2c-N and the driver
if [ -d /sys/module/i2c_stub ]; then
	rmmod i2c_stub || skip "i2c-stub loaded and busy"
fi
if ! out=$(load_kmod i2c-stub "${STUB_ARGS[@]}" 2>&1); then
	skip "i2c-stub not available: ${out:-load failed}"
fi
on_exit "rmmod i2c_stub"
if [ ! -d /sys/class/i2c-dev ]; then
	load_kmod i2c-dev >/dev/null 2>&1 || skip "no i2c-dev (/dev/i2c-N)"
	on_exit "rmmod i2c_dev 2>/dev/null"
fi
BUS=
for a in /sys/bus/i2c/devices/i2c-*; do
	[ "$(cat "$a/name" 2>/dev/null)" == "SMBus stub driver" ] && BUS=${a##*/i2c-}
done
[ -n "$BUS" ] || skip "no i2c-stub adapter"
ADAP=/sys/bus/i2c/devices/i2c-$BUS
for _ in 1 2 3 4 5 6 7 8 9 10; do
	[ -c "/dev/i2c-$BUS" ] && break
	nap 0.2
done
log "i2c-stub on bus $BUS: ${STUB_ARGS[*]}"

SERIAL="SN$$"
if out=$("$FW" load "$BUS" "serial=$SERIAL" 2>&1); then
	pass "cmis_i2c_fw: image loaded into the stub on /dev/i2c-$BUS"
else
	fail "cmis_i2c_fw load: $out"
	cpo_exit
fi

[ -d /sys/module/cpo_cmis_i2c ] && rmmod cpo_cmis_i2c
# byte_access: the stub banks byte accesses, not I2C block reads
if ! insmod "$DRV_KO" byte_access=1; then
	fail "insmod cpo_cmis_i2c.ko byte_access=1"
	cpo_exit
fi
on_exit "rmmod cpo_cmis_i2c"
on_exit "[ -e $ADAP/$BUS-0050 ] && echo 0x50 >$ADAP/delete_device"

LOC="i2c-$BUS/0x50"
engine_at() {
	"$CPOCTL" -j engine show | jq -c --arg l "$LOC" '[.[] | select(.location == $l)]'
}
engine_count() {
	engine_at | jq length
}

new_device() {
	write_file "$ADAP/new_device" "$1 0x50"
}

delete_device() {
	write_file "$ADAP/delete_device" "0x50"
}

# ---- bad board parameters: probe refuses, naming the parameter
# check_bad_param PARAM VALUE [ERE]: with PARAM=VALUE the probe fails, with
# a message matching "PARAM: ERE" (default: one showing VALUE)
check_bad_param() {
	local old msg re=${3-.*$2}

	old=$(cat "$PARAMS/$1")
	# an unset string parameter reads "(null)"; a newline unsets it again
	[ "$old" == "(null)" ] && old=$'\n'
	write_file "$PARAMS/$1" "$2" || { fail "$1=$2: write: $WRITE_ERR"; return; }
	klog_mark
	if new_device cpo-cmis; then
		msg=$(dmesg | tail -n +$((KLOG_MARK + 1)) | grep "cpo_cmis_i2c" | grep -m1 -F "$1: ")
		check_match "$1=$2: probe refused with a message naming $1" "$msg" \
			"$BUS-0050: $1: $re"
		check_eq "$1=$2: no engine at $LOC" "$(engine_count)" 0
		check_eq "$1=$2: not bound" "$(test -e "$ADAP/$BUS-0050/driver" && echo yes || echo no)" no
		delete_device || fail "$1=$2: delete_device: $WRITE_ERR"
	else
		fail "$1=$2: new_device: $WRITE_ERR"
	fi
	write_file "$PARAMS/$1" "$old"
}
check_bad_param lanes 0
check_bad_param lanes 257
check_bad_param lane_rate_mbps 0
check_bad_param engine_type xpo
check_bad_param location "$(printf 'x%.0s' {1..40})" "empty or longer than 31"

# Engines made from here start without a periodic refresh.
CPO_PARAM=/sys/module/cpo/parameters/refresh_interval_ms
write_file "$CPO_PARAM" 0 || fail "cpo refresh_interval_ms 0: $WRITE_ERR"
on_exit "write_file $CPO_PARAM 1000"

# ---- bind: identity from the image
klog_mark
if new_device cpo-cmis; then
	pass "new_device cpo-cmis 0x50 on i2c-$BUS"
else
	fail "new_device cpo-cmis 0x50: $WRITE_ERR"
	cpo_exit
fi
check_wait "engine at $LOC registered" 'length == 1' engine_at
[ "$(engine_count)" == 1 ] || cpo_exit
ENG=$(engine_at | jq -c '.[0]')
E=$(jq -r .id <<<"$ENG")
log "engine $E: $ENG"
check_jq "vendor from page 00h" "$ENG" '.vendor' "ACME OPTICS"
check_jq "part number from page 00h" "$ENG" '."part-number"' "OE-I2C-8X200G"
check_jq "serial from page 00h" "$ENG" '.serial' "$SERIAL"
check_jq "hardware revision from page 01h" "$ENG" '."hw-rev"' "2.1"
check_jq "firmware, active and inactive" "$ENG" '"\(."fw-version") \(."fw-inactive")"' "3.1 3.0"
check_jq "type, lane count, lane rate from the parameters' defaults" "$ENG" \
	'"\(.type) \(."lane-count") \(."lane-rate")"' "cpo 8 200000"
check_jq "parent is the I2C device" "$ENG" '."dev-name"' "$BUS-0050"
check_jq "module state ready, 35 C" "$ENG" '"\(."module-state") \(.temperature)"' "ready 35000"
check_match "probe says: byte access" "$(dmesg | tail -n +$((KLOG_MARK + 1)) | grep -m1 'CMIS engine at')" \
	"CMIS engine at $LOC: 8 lanes, SMBus byte access"
LANES=$(lanes_json "$E")
check_jq "8 lanes, all activated, transmitters on" "$LANES" \
	'[length, all(."dp-state" == "activated" and ."tx-enable" == 1)] | tostring' "[8,true]"
L2=$(jq -r '.[] | select(.index == 2) | .id' <<<"$LANES")
L3=$(jq -r '.[] | select(.index == 3) | .id' <<<"$LANES")
L7=$(jq -r '.[] | select(.index == 7) | .id' <<<"$LANES")

# ---- monitor, and the poll
MON=$(mktemp)
on_exit "rm -f $MON"
"$CPOCTL" -j monitor >"$MON" 2>&1 &
MON_PID=$!
on_exit "kill $MON_PID 2>/dev/null; wait $MON_PID 2>/dev/null"
# shellcheck disable=SC2317	# called through wait_until
has_event() {
	jq -e -s "any(.[]; $1)" "$MON" >/dev/null 2>&1
}
# The monitor may not have joined the group yet: set a lane's transmitter
# until it reports (the core announces sets itself).
seen=no
for _ in 1 2 3 4 5; do
	"$CPOCTL" lane set "$E" 7 tx off
	"$CPOCTL" lane set "$E" 7 tx on
	if WAIT_S=4 wait_until has_event ".lane.id == $L7 and .lane.\"tx-enable\" == 1"; then
		seen=yes
		break
	fi
done
check_eq "cpoctl monitor is listening" "$seen" yes

# poll N: the engine's refresh period; 0 stops it (no refresh runs once
# the set returned)
poll() {
	"$CPOCTL" engine set "$E" refresh-interval "$1" ||
		fail "engine set $E refresh-interval $1"
}

# refresh_once: the core reads the engine once, then stops again
refresh_once() {
	local t

	t=$(one_of "$("$CPOCTL" -j engine show "$E")" | jq -r .refreshed)
	poll 10
	WAIT_S=10 wait_until json_true ".refreshed > $t" \
		eval 'one_of "$("$CPOCTL" -j engine show "$E")"' ||
		fail "engine $E not refreshed"
	poll 0
}

# ---- a lane set reaches page 10h; the firmware steps the data path
poll 0
cpo_ok "lane set $E 2 tx off" lane set "$E" 2 tx off
check_eq "page 10h OutputDisableTx: lane 2's bit" "$("$FW" get "$BUS" 0x10 130 2>&1)" 0x04
check_jq "lane 2: tx-enable 0, data path still activated" "$(lane_json "$E" 2)" \
	'"\(."tx-enable") \(."dp-state")"' "0 activated"
check_eq "firmware step" "$("$FW" step "$BUS" 2>&1)" moved
refresh_once
check_jq "lane 2: dp-state tx-turn-off (page 11h)" "$(lane_json "$E" 2)" '."dp-state"' tx-turn-off
check_eq "firmware step" "$("$FW" step "$BUS" 2>&1)" moved
refresh_once
l=$(lane_json "$E" 2)
check_jq "lane 2: dp-state initialized, no TX power" "$l" '"\(."dp-state") \(."tx-power")"' "initialized 0"
check_jq "lane 3 untouched: activated, TX power" "$(lane_json "$E" 3)" \
	'"\(."dp-state") \(."tx-power" > 0)"' "activated true"
check_eq "firmware settled" "$("$FW" step "$BUS" 2>&1)" settled
poll 100
check_true "refresh: lane-change event, lane 2 initialized" wait_until has_event \
	".event == \"lane-change\" and .lane.id == $L2 and .lane.\"dp-state\" == \"initialized\""

poll 0
cpo_ok "lane set $E 2 tx on" lane set "$E" 2 tx on
check_eq "page 10h OutputDisableTx clear" "$("$FW" get "$BUS" 0x10 130 2>&1)" 0x00
check_match "firmware settles" "$("$FW" settle "$BUS" 2>&1)" "^settled after 2 steps"
poll 100
check_true "refresh: lane-change event, lane 2 activated again" wait_until has_event \
	".event == \"lane-change\" and .lane.id == $L2 and .lane.\"dp-state\" == \"activated\" and .lane.\"tx-power\" > 0"

# ---- DOM, and a threshold alarm (lower memory: no page select)
check_true "firmware: temperature 45 C" "$FW" set "$BUS" temp=45
check_wait "engine $E: 45 C" '.[0].temperature == 45000' "$CPOCTL" -j engine show "$E"
cpo_ok "threshold show engine $E" -j threshold show engine "$E"
check_jq "temperature high alarm 80 C from page 02h" "$OUT" \
	'.[0].threshold[] | select(.quantity == "temperature") | ."high-alarm"' 80000
ALARM='.event == "alarm" and .diag."engine-id" == '$E' and any(.diag.alarm[]; .quantity == "temperature" and .level == "high-alarm" and .active == '
check_true "no temperature alarm event at 45 C" eval "! has_event '${ALARM}1)'"
check_true "firmware: temperature 85 C" "$FW" set "$BUS" temp=85
check_true "monitor: temperature high-alarm event" wait_until has_event "${ALARM}1)"
check_wait "alarm show: temperature high-alarm active" \
	'any(.[0].alarm[]; .quantity == "temperature" and .level == "high-alarm" and .active == 1)' \
	"$CPOCTL" -j alarm show engine "$E"
check_true "firmware: temperature 35 C" "$FW" set "$BUS" temp=35
check_true "monitor: the temperature alarm ended" wait_until has_event "${ALARM}0)"

# ---- RX LOS on lane 3
poll 0
check_true "firmware: RX LOS on lane 3" "$FW" set "$BUS" los=0x08
poll 100
check_true "refresh: lane-change event, lane 3 rx-los" wait_until has_event \
	".event == \"lane-change\" and .lane.id == $L3 and .lane.\"rx-los\" == 1"
check_jq "lane 3: rx-los, no RX power" "$(lane_json "$E" 3)" '"\(."rx-los") \(."rx-power")"' "1 0"
check_jq "lane 2: no rx-los" "$(lane_json "$E" 2)" '."rx-los"' 0
poll 0
check_true "firmware: RX LOS gone" "$FW" set "$BUS" los=0
poll 100
check_wait "lane 3: rx-los 0 again" '."rx-los" == 0' lane_json "$E" 3

# ---- low power: LowPwrRequestSW in lower memory byte 26
poll 0
cpo_ok "engine set $E power-mode low" engine set "$E" power-mode low
check_eq "byte 26: LowPwrRequestSW" "$("$FW" get "$BUS" 0 26 2>&1)" 0x10
check_match "firmware powers down" "$("$FW" settle "$BUS" 2>&1)" "^settled after 2 steps"
refresh_once
check_jq "engine $E: low-pwr, power-mode low" "$(one_of "$("$CPOCTL" -j engine show "$E")")" \
	'"\(."module-state") \(."power-mode")"' "low-pwr low"
check_jq "lanes deactivated" "$(lanes_json "$E")" 'all(."dp-state" == "deactivated")' true
poll 100
check_true "refresh: engine-change event, low-pwr" wait_until has_event \
	".event == \"engine-change\" and .engine.id == $E and .engine.\"module-state\" == \"low-pwr\""
poll 0
cpo_ok "engine set $E power-mode high" engine set "$E" power-mode high
check_match "firmware powers up" "$("$FW" settle "$BUS" 2>&1)" "^settled after 6 steps"
refresh_once
check_jq "engine $E ready, lanes activated" \
	"$(jq -n -c --argjson e "$(one_of "$("$CPOCTL" -j engine show "$E")")" --argjson l "$(lanes_json "$E")" '[$e."module-state", ($l | all(."dp-state" == "activated"))]')" \
	'tostring' '["ready",true]'
poll 100

# ---- unbind
poll 0
if delete_device; then
	pass "delete_device 0x50"
else
	fail "delete_device 0x50: $WRITE_ERR"
fi
check_eq "engine $E unregistered" "$(engine_count)" 0
check_eq "engine$E gone from sysfs" "$(test -e "$CPO_CLASS/engine$E" && echo yes || echo no)" no
check_true "monitor: engine-delete event" wait_until has_event \
	".event == \"engine-delete\" and .engine.id == $E"

cpo_exit
