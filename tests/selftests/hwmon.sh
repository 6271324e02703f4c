#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every engine is an hwmon device that lm-sensors lists; on a simulated
# 2 x 8 device:
#   - /sys/class/hwmon has one "cpo" device per engine, on the platform
#     device cpo_engine.<id> below the engine's class device, no chip
#     label, its channels labelled "engine<id> ..."
#   - temp1_input, in0_input and power1_input read what the cpo class and
#     netlink (cpoctl, when built) say of the engine's temperature, supply
#     voltage and power draw
#   - the limits are the engine's thresholds (threshold-get, when the YNL
#     CLI runs here; else they are at least ordered), and no limit is shown
#     for a quantity without thresholds
#   - the overtemp knob raises temp1_input by as much, sets temp1_max_alarm
#     then temp1_crit_alarm, and `sensors` shows the alarm
#   - `sensors` lists both engines with their temperature, without errors
#   - del_device, with readers busy on the hwmon files, removes the hwmon
#     and platform devices, and `sensors` no longer lists them

# shellcheck disable=SC2016	# jq programs use jq variables, in single quotes
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"

HWMON_CLASS=/sys/class/hwmon

cpo_require
[ -d "$HWMON_CLASS" ] || skip "no hwmon class in this kernel (CONFIG_HWMON)"
[ -d "$SIM_DFS" ] || skip "no cposim debugfs knobs"

ID=$(sim_unique_id)
sim_new_or_exit "$ID" 2 8
# The engines from the cpo class: the simulator's oe<N> is at location
# cposim<ID>/oe<N>.
E0=
E1=
for e in $(sysfs_engines_of "$ID"); do
	read -r loc <"$CPO_CLASS/engine$e/location"
	case $loc in
	"cposim$ID/oe0") E0=$e ;;
	"cposim$ID/oe1") E1=$e ;;
	esac
done
if [ -z "$E0" ] || [ -z "$E1" ]; then
	fail "engines of cposim$ID not found"
	cpo_exit
fi
log "engines $E0 (oe0) and $E1 (oe1) of cposim$ID"
[ -x "$CPOCTL" ] || log "$CPOCTL not built: inputs compared with sysfs only"

# rd FILE: its first line, "<unreadable>" when it cannot be read
rd() {
	local v

	read -r v 2>/dev/null <"$1" || v="<unreadable>"
	echo "$v"
}

# near A B TOL: A and B are integers at most TOL apart
near() {
	[[ "$1" =~ ^-?[0-9]+$ && "$2" =~ ^-?[0-9]+$ ]] || return 1
	local d=$(($1 - $2))

	((d < 0)) && d=$((-d))
	((d <= $3))
}

# hwmon_of E: the hwmon directories whose device is cpo_engine.E
hwmon_of() {
	local h dev

	for h in "$HWMON_CLASS"/hwmon*; do
		dev=$(readlink "$h/device" 2>/dev/null) || continue
		[ "${dev##*/}" == "cpo_engine.$1" ] && echo "$h"
	done
}

# Number of hwmon devices named "cpo" below cposim$ID, and of its engines.
# Only this device's: another test makes and removes engines (and their
# hwmon devices) meanwhile, and the next device made gets the engine ids
# (and so the cpo_engine.<id> names) this one frees.
cpo_hwmon_count() {
	local h name n=0

	for h in "$HWMON_CLASS"/hwmon*; do
		[[ "$(readlink -f "$h")" == */cposim$ID/* ]] || continue
		read -r name 2>/dev/null <"$h/name" || continue
		[ "$name" == cpo ] && n=$((n + 1))
	done
	echo "$n"
}

engine_count() {
	local e n=0

	for e in "$SIM_BUS/devices/cposim$ID"/cpo/engine*; do
		[ -e "$e/id" ] && n=$((n + 1))
	done
	echo "$n"
}

# chip_of E: the chip name sensors gives engine E (its address is hex)
chip_of() {
	printf 'cpo-isa-%04x' "$1"
}

# ---- one hwmon device per engine, where and what it should be
check_eq "cposim$ID: one cpo hwmon device per engine" "$(cpo_hwmon_count)" "$(engine_count)"
declare -A H=()
for e in "$E0" "$E1"; do
	mapfile -t hs < <(hwmon_of "$e")
	check_eq "engine $e: one hwmon device on cpo_engine.$e" "${#hs[@]}" 1
	[ "${#hs[@]}" -eq 1 ] || continue
	h=${hs[0]}
	H[$e]=$h
	check_eq "engine $e: hwmon name" "$(rd "$h/name")" cpo
	check_match "engine $e: $h sits below the engine's class device" \
		"$(readlink -f "$h")" "/engine$e/cpo_engine\.$e/hwmon/hwmon[0-9]+$"
	check_match "engine $e: its parent is a platform device" \
		"$(readlink -f "$h/device/subsystem")" "/bus/platform$"
	# No chip label: it would need a software node (see cpo_hwmon.c).
	check_true "engine $e: no chip label" test ! -e "$h/label"
	check_eq "engine $e: temp1_label" "$(rd "$h/temp1_label")" "engine$e temperature"
	check_eq "engine $e: in0_label" "$(rd "$h/in0_label")" "engine$e supply"
	check_eq "engine $e: power1_label" "$(rd "$h/power1_label")" "engine$e power"
done
if [ -z "${H[$E0]-}" ] || [ -z "${H[$E1]-}" ]; then
	fail "cannot go on without both hwmon devices"
	cpo_exit
fi
H0=${H[$E0]}
H1=${H[$E1]}
# Where the hwmon and platform devices really are (below cposim$ID): after
# del_device they are checked gone by these paths, the class names
# hwmon<N> and cpo_engine.<id> being reused by the next device made.
declare -A HREAL=() PREAL=()
for e in "$E0" "$E1"; do
	HREAL[$e]=$(readlink -f "${H[$e]}")
	PREAL[$e]=$(readlink -f "${H[$e]}/device")
done

# ---- inputs: what the cpo class and netlink say
# agree WHAT T V P HT HV HP: hwmon's temp1, in0 and power1 (HT HV HP) are
# WHAT's temperature, voltage and power draw (T V P, in its units); the
# temperature follows lane activity: a tolerance.
# shellcheck disable=SC2317	# called through values_agree
agree() {
	local mv=x

	[[ "$3" =~ ^[0-9]+$ ]] && mv=$((($3 + 500) / 1000))
	MSG+=" $1: temperature $2 voltage $3 power-draw $4;"
	near "$5" "$2" 500 && near "$6" "$mv" 1 && [ "$7" == "$4" ]
}

# values_agree E: hwmon inputs of E agree with the class and netlink; MSG
# tells the values.
MSG=
# shellcheck disable=SC2317	# called through wait_until and check_true
values_agree() {
	local e=$1 h=${H[$1]} t v p ht hv hp ok=0

	ht=$(rd "$h/temp1_input")
	hv=$(rd "$h/in0_input")
	hp=$(rd "$h/power1_input")
	MSG="hwmon: temp1 $ht in0 $hv power1 $hp;"
	agree sysfs "$(rd "$CPO_CLASS/engine$e/temperature")" \
		"$(rd "$CPO_CLASS/engine$e/voltage")" \
		"$(rd "$CPO_CLASS/engine$e/power_draw")" "$ht" "$hv" "$hp" || ok=1
	if [ -x "$CPOCTL" ]; then
		read -r t v p < <("$CPOCTL" -j engine show "$e" |
			jq -r '.[0] | "\(.temperature) \(.voltage) \(."power-draw")"')
		agree netlink "$t" "$v" "$p" "$ht" "$hv" "$hp" || ok=1
	fi
	return "$ok"
}

for e in "$E0" "$E1"; do
	if wait_until values_agree "$e"; then
		pass "engine $e: temp1/in0/power1_input agree ($MSG)"
	else
		fail "engine $e: inputs disagree: $MSG"
	fi
done

# ---- limits: the engine's thresholds
# check_limits E CH SCALE TH: the limits of channel CH (temp1, in0, power1)
# are TH (a threshold nest of threshold-get, or "" for none) / SCALE.
check_limits() {
	local e=$1 ch=$2 scale=$3 th=$4 h=${H[$1]} a lvl want got

	if [ -z "$th" ]; then
		got=$(cd "$h" && echo "${ch}"_{min,max,lcrit,crit}{,_alarm})
		check_eq "engine $e: no $ch limits without thresholds" \
			"$(cd "$h" && for f in $got; do [ -e "$f" ] && echo "$f"; done)" ""
		return
	fi
	for a in min:low-warning max:high-warning lcrit:low-alarm crit:high-alarm; do
		lvl=${a#*:}
		want=$(jq -r --arg l "$lvl" --argjson s "$scale" \
			'.[$l] / $s | round' <<<"$th")
		got=$(rd "$h/${ch}_${a%%:*}")
		check_eq "engine $e: ${ch}_${a%%:*} = $lvl / $scale" "$got" "$want"
	done
}

# check_ordered E CH: lcrit <= min < max <= crit
check_ordered() {
	local h=${H[$1]} lc mi ma cr

	lc=$(rd "$h/$2_lcrit")
	mi=$(rd "$h/$2_min")
	ma=$(rd "$h/$2_max")
	cr=$(rd "$h/$2_crit")
	if near "$lc" "$lc" 0 && near "$mi" "$mi" 0 && near "$ma" "$ma" 0 &&
		near "$cr" "$cr" 0 && ((lc <= mi && mi < ma && ma <= cr)); then
		pass "engine $1: $2 limits ordered ($lc $mi $ma $cr)"
	else
		fail "engine $1: $2 limits not ordered: lcrit $lc min $mi max $ma crit $cr"
	fi
}

# threshold-get through nl_tool's choice: cpoctl prints the spec's names
# too, and a YNL CLI start takes over 30 s on the debug kernel.
if nl_tool; then
	if [ "$NL_TOOL" == ynl ]; then
		th=$(ynl --do threshold-get --json "{\"engine-id\": $E0}")
	else
		th=$("$CPOCTL" -j threshold show engine "$E0" | jq -c '.[0]')
	fi
	check_jq "netlink: threshold-get of engine $E0" "$th" '."engine-id"' "$E0"
	for q in temperature:temp1:1 voltage:in0:1000 power-draw:power1:1; do
		IFS=: read -r qn ch scale <<<"$q"
		check_limits "$E0" "$ch" "$scale" \
			"$(jq -c --arg q "$qn" '.threshold[]? | select(.quantity == $q)' <<<"$th")"
	done
else
	log "neither the YNL CLI nor cpoctl runs here: limits checked for order only"
	check_ordered "$E0" temp1
	check_ordered "$E0" in0
fi
for e in "$E0" "$E1"; do
	for f in temp1_min_alarm temp1_max_alarm temp1_lcrit_alarm temp1_crit_alarm; do
		check_eq "engine $e: $f at rest" "$(rd "${H[$e]}/$f")" 0
	done
done

# ---- the overtemp knob: temperature and alarms
# temp_is E WANT: temp1_input of E is WANT within half a degree
# shellcheck disable=SC2317	# called through wait_until and check_true
temp_is() {
	near "$(rd "${H[$1]}/temp1_input")" "$2" 500
}

# alarms_are E MAX CRIT: temp1_max_alarm and temp1_crit_alarm of E
# shellcheck disable=SC2317	# called through wait_until and check_true
alarms_are() {
	[ "$(rd "${H[$1]}/temp1_max_alarm")" == "$2" ] &&
		[ "$(rd "${H[$1]}/temp1_crit_alarm")" == "$3" ]
}

# overtemp DEGREES: set the knob of oe0 (engine E0)
overtemp() {
	check_knob "overtemp of oe0 = $1" "$ID" engine0/overtemp "$1"
}

on_exit "sim_knob $ID engine0/overtemp 0"
base0=$(rd "$H0/temp1_input")
base1=$(rd "$H1/temp1_input")
tmax=$(rd "$H0/temp1_max")
tcrit=$(rd "$H0/temp1_crit")
if ! [[ "$base0$base1$tmax$tcrit" =~ ^[-0-9]+$ ]] || ((tcrit - tmax < 2000)); then
	fail "cannot pick overtemps: temp1_input $base0/$base1 max $tmax crit $tcrit"
else
	# halfway between max and crit, then 2 degrees above crit
	warn=$(((tmax + tcrit) / 2 - base0))
	warn=$(((warn + 999) / 1000))
	hot=$(((tcrit - base0 + 999) / 1000 + 2))
	log "base ${base0} mC, max $tmax, crit $tcrit: overtemp $warn then $hot"
	overtemp "$warn"
	if wait_until temp_is "$E0" $((base0 + warn * 1000)); then
		pass "engine $E0: temp1_input rose by $warn degrees"
	else
		fail "engine $E0: temp1_input $(rd "$H0/temp1_input"), want $((base0 + warn * 1000)) +- 500"
	fi
	if wait_until alarms_are "$E0" 1 0; then
		pass "engine $E0: temp1_max_alarm set, temp1_crit_alarm not"
	else
		fail "engine $E0: max/crit alarms $(rd "$H0/temp1_max_alarm")/$(rd "$H0/temp1_crit_alarm"), want 1/0"
	fi
	check_true "engine $E1: temperature unchanged" temp_is "$E1" "$base1"
	check_true "engine $E1: no alarm" alarms_are "$E1" 0 0
	if command -v sensors >/dev/null; then
		check_match "sensors: engine $E0 temperature in ALARM (HIGH)" \
			"$(sensors "$(chip_of "$E0")" 2>&1 | grep "^engine$E0 temperature:")" \
			'ALARM \(HIGH\)'
	fi

	overtemp "$hot"
	if wait_until alarms_are "$E0" 1 1; then
		pass "engine $E0: temp1_crit_alarm set above crit"
	else
		fail "engine $E0: max/crit alarms $(rd "$H0/temp1_max_alarm")/$(rd "$H0/temp1_crit_alarm"), want 1/1"
	fi
	check_true "engine $E0: temp1_input rose by $hot degrees" \
		temp_is "$E0" $((base0 + hot * 1000))

	overtemp 0
	check_true "engine $E0: alarms end at overtemp 0" \
		wait_until alarms_are "$E0" 0 0
	check_true "engine $E0: temp1_input back to $base0" \
		wait_until temp_is "$E0" "$base0"
fi

# ---- sensors, on this device's chips (another test's chips may come and
# go while sensors reads them)
if ! command -v sensors >/dev/null; then
	fail "sensors not installed (lm-sensors; scripts/deps.sh installs it)"
else
	all=$(sensors "$(chip_of "$E0")" "$(chip_of "$E1")" 2>&1)
	rc=$?
	check_eq "sensors $(chip_of "$E0") $(chip_of "$E1") exits 0" "$rc" 0
	for e in "$E0" "$E1"; do
		chip=$(chip_of "$e")
		check_match "sensors lists $chip (engine $e)" "$all" $'(^|\n)'"$chip"$'\n'
		out=$(sensors "$chip" 2>&1)
		check_eq "sensors $chip: no error" "$(grep -i error <<<"$out")" ""
		check_match "sensors $chip: the temperature line" "$out" \
			$'(^|\n)'"engine$e temperature: +[+-][0-9]+\\.[0-9]"
		raw=$(sensors -u "$chip" 2>&1 | awk '$1 == "temp1_input:" { printf "%d\n", $2 * 1000 + ($2 < 0 ? -0.5 : 0.5) }')
		check_true "sensors -u $chip: temp1_input $raw mC is the hwmon's" \
			temp_is "$e" "$raw"
	done
fi

# ---- del_device with readers on the files
# reader STARTED H...: read the files of each H over and over; STARTED is
# made after the first round
reader() {
	local started=$1 h f

	shift
	while :; do
		for h in "$@"; do
			for f in temp1_input in0_input power1_input temp1_max \
				temp1_max_alarm temp1_label; do
				read -r _ <"$h/$f"
			done 2>/dev/null
		done
		[ -e "$started" ] || : >"$started"
	done
}
started=$(mktemp -u)
on_exit "rm -f $started"
reader "$started" "$H0" "$H1" &
rpid=$!
on_exit "kill $rpid 2>/dev/null"
check_true "hwmon readers running" wait_until test -e "$started"
if sim_del "$ID"; then
	pass "del_device $ID with hwmon readers running"
else
	fail "del_device $ID: $WRITE_ERR"
fi
kill "$rpid" 2>/dev/null
wait "$rpid" 2>/dev/null
# not_ours PATH: PATH is absent or not below cposim$ID
# shellcheck disable=SC2317	# called through check_true
not_ours() {
	[ ! -e "$1" ] || [[ "$(readlink -f "$1")" != */cposim$ID/* ]]
}
for e in "$E0" "$E1"; do
	check_true "engine $e: hwmon device gone (${HREAL[$e]})" test ! -e "${HREAL[$e]}"
	check_true "engine $e: platform device cpo_engine.$e gone (${PREAL[$e]})" \
		test ! -e "${PREAL[$e]}"
	check_true "engine $e: no cpo_engine.$e of cposim$ID on the platform bus" \
		not_ours "/sys/bus/platform/devices/cpo_engine.$e"
done
check_eq "no cpo hwmon device of cposim$ID left after del_device" \
	"$(cpo_hwmon_count) $(engine_count)" "0 0"
if command -v sensors >/dev/null; then
	all=$(sensors 2>&1)
	for e in "$E0" "$E1"; do
		chip=$(chip_of "$e")
		# another device made since may have engine id $e, so chip $chip
		if grep -qx "$chip" <<<"$all"; then
			check_true "sensors lists $chip again: engine $e of another device" \
				not_ours "/sys/bus/platform/devices/cpo_engine.$e"
		else
			pass "sensors no longer lists $chip"
		fi
	done
fi

klog_check
cpo_exit
