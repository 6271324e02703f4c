#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The sysfs class "cpo" agrees with netlink: every file of every engine and
# lane of a simulated device reads what the netlink get says; the class has
# exactly the engines of the device netlink lists. Writes: tx_enable, power and
# power_mode change the state netlink reports; bad values are rejected
# with EINVAL and change nothing; a non-root writer is denied.

# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"

ENGINE_FILES=(id type vendor part_number serial hw_rev fw_version location
	field_replaceable lane_count lane_rate media_type module_state
	power_mode temperature voltage)
LANE_FILES=(id index dp_state tx_enable power tx_power rx_power tx_bias
	rx_los rx_lol tx_fault)

cpo_require
nl_tool || skip "neither the YNL CLI nor cpoctl runs here"

ID=$(sim_unique_id)
sim_new "$ID" 2 4 || fail "new_device '$ID 2 4': $WRITE_ERR"

# compare_files DIR JSON FILES...: every file reads what netlink says.
# One jq per object and read builtins: forks are slow in a TCG guest.
compare_files() {
	local dir=$1 json=$2 f k v got bad=""
	local -A want=()

	shift 2
	while IFS=$'\t' read -r k v; do
		want[$k]=$v
	done < <(jq -r '
		to_entries[] | "\(.key)\t\(.value | tostring)"' <<<"$json")
	# a flag: absent or false is 0, present or true 1
	case "${want[field-replaceable]-}" in
	true) want[field-replaceable]=1 ;;
	false | "") want[field-replaceable]=0 ;;
	esac
	for f in "$@"; do
		k=${f//_/-}
		if ! read -r got <"$dir/$f" 2>/dev/null; then
			got="<read error>"
		fi
		v=${want[$k]-<absent>}
		[ "$got" == "$v" ] || bad+=" $f: sysfs '$got' netlink '$v';"
	done
	if [ -z "$bad" ]; then
		pass "$dir: $# files agree with netlink"
	else
		fail "$dir:$bad"
	fi
}

# class_engines_of ID: ids of the class's engine* entries that are engines
# of cposim<ID>, ascending (builtins only: forks are slow in a TCG guest)
class_engines_of() {
	local e id ids=()

	for e in "$CPO_CLASS"/engine*; do
		[ "$e" -ef "$SIM_BUS/devices/cposim$1/cpo/${e##*/}" ] || continue
		read -r id <"$e/id" && ids+=("$id")
	done
	((${#ids[@]})) || return 0
	printf '%s\n' "${ids[@]}" | sort -n | tr '\n' ' '
}

# ---- the class lists exactly the engines netlink does, of this device
# (another test makes and removes its own devices meanwhile)
engines=$(nl_engines)
mine=$(jq -c --arg d "cposim$ID" '[.[] | select(."dev-name" == $d)] | sort_by(.id)' <<<"$engines")
check_jq "netlink: cposim$ID has 2 engines" "$mine" 'length' 2
check_eq "sysfs class engines of cposim$ID = netlink engines" "$(class_engines_of "$ID")" \
	"$(jq -r '[.[].id] | map(tostring) | join(" ")' <<<"$mine") "
check_eq "sysfs: cposim$ID has the same engines" "$(sysfs_engines_of "$ID")" \
	"$(jq -r '[.[].id] | map(tostring) | join(" ")' <<<"$mine") "
mapfile -t E < <(jq -r '.[].id' <<<"$mine")
[ "${#E[@]}" -eq 2 ] || { fail "cannot go on without the engines"; cpo_exit; }

# ---- every file of every engine and lane
for e in "${E[@]}"; do
	dir=$CPO_CLASS/engine$e
	compare_files "$dir" "$(jq -c --argjson id "$e" '.[] | select(.id == $id)' <<<"$mine")" \
		"${ENGINE_FILES[@]}"
	lanes=$(nl_lanes "$e")
	check_jq "netlink: engine $e has 4 lanes" "$lanes" 'length' 4
	check_eq "sysfs: engine $e has 4 lane directories" \
		"$(cd "$dir" && echo lane[0-9]*)" "lane0 lane1 lane2 lane3"
	for i in 0 1 2 3; do
		compare_files "$dir/lane$i" \
			"$(jq -c --argjson i "$i" '.[] | select(.index == $i)' <<<"$lanes")" \
			"${LANE_FILES[@]}"
	done
done

E0=${E[0]}
L=$CPO_CLASS/engine$E0/lane1
LID=$(cat "$L/id")
ED=$CPO_CLASS/engine$E0


# ---- writes change what netlink reports
check_true "root writes 0 to tx_enable" write_file "$L/tx_enable" 0
check_true "lane reaches dp_state initialized" wait_until sysfs_is "$L/dp_state" initialized
lane=$(nl_lane "$LID")
check_jq "netlink: tx-enable 0 after the sysfs write" "$lane" '."tx-enable"' 0
check_jq "netlink: dp-state initialized" "$lane" '."dp-state"' initialized
check_true "root writes 1 to tx_enable" write_file "$L/tx_enable" 1
check_true "lane back to activated" wait_until sysfs_is "$L/dp_state" activated
check_jq "netlink: tx-enable 1" "$(nl_lane "$LID")" '."tx-enable"' 1

check_true "root writes down to power" write_file "$L/power" down
check_true "lane reaches deactivated" wait_until sysfs_is "$L/dp_state" deactivated
lane=$(nl_lane "$LID")
check_jq "netlink: power down" "$lane" '.power' down
check_jq "netlink: dp-state deactivated" "$lane" '."dp-state"' deactivated
check_true "root writes up to power" write_file "$L/power" up
check_true "lane back to activated" wait_until sysfs_is "$L/dp_state" activated
check_jq "netlink: power up" "$(nl_lane "$LID")" '.power' up

check_true "root writes low to power_mode" write_file "$ED/power_mode" low
check_true "engine reaches module_state low-pwr" wait_until sysfs_is "$ED/module_state" low-pwr
eng=$(nl_engine "$E0")
check_jq "netlink: power-mode low" "$eng" '."power-mode"' low
check_jq "netlink: module-state low-pwr" "$eng" '."module-state"' low-pwr
check_true "root writes high to power_mode" write_file "$ED/power_mode" high
check_true "engine back to ready" wait_until sysfs_is "$ED/module_state" ready
check_true "its lane back to activated" wait_until sysfs_is "$L/dp_state" activated
check_jq "netlink: power-mode high" "$(nl_engine "$E0")" '."power-mode"' high

# ---- bad writes: EINVAL, nothing changes
snapshot() {
	local f

	for f in tx_enable power dp_state; do echo "$f=$(cat "$L/$f")"; done
	for f in power_mode module_state; do echo "$f=$(cat "$ED/$f")"; done
}

# check_bad_write FILE VALUE ERRTEXT [WRITER]
check_bad_write() {
	local before after shown=${2:0:20}

	[ ${#2} -gt 20 ] && shown+="...(${#2} chars)"
	before=$(snapshot)
	if "${4:-write_file}" "$1" "$2"; then
		fail "${1#"$CPO_CLASS"/} '$shown' accepted"
	else
		check_eq "${1#"$CPO_CLASS"/} '$shown' rejected" "$WRITE_ERR" "$3"
	fi
	after=$(snapshot)
	check_eq "${1#"$CPO_CLASS"/} '$shown' changes nothing" "$after" "$before"
}

long_ones=$(printf '1%.0s' {1..64})
long_up=$(printf 'up%.0s' {1..64})
check_bad_write "$L/tx_enable" 2 "Invalid argument"
check_bad_write "$L/tx_enable" abc "Invalid argument"
check_bad_write "$L/tx_enable" -1 "Invalid argument"
check_bad_write "$L/tx_enable" "$long_ones" "Invalid argument"
check_bad_write "$L/power" sideways "Invalid argument"
check_bad_write "$L/power" 2 "Invalid argument"
check_bad_write "$L/power" "$long_up" "Invalid argument"
check_bad_write "$ED/power_mode" medium "Invalid argument"
check_bad_write "$ED/power_mode" "$long_up" "Invalid argument"
# read-only files stay read-only, even for root
check_bad_write "$L/dp_state" deactivated "Permission denied"
check_bad_write "$L/rx_los" 1 "Permission denied"
check_bad_write "$ED/lane_count" 2 "Permission denied"

# ---- non-root: reads work, writes are denied
check_eq "non-root reads tx_enable" \
	"$(setpriv --reuid="$NOBODY" --regid="$NOBODY" --clear-groups cat "$L/tx_enable")" \
	"$(cat "$L/tx_enable")"
check_eq "non-root reads module_state" \
	"$(setpriv --reuid="$NOBODY" --regid="$NOBODY" --clear-groups cat "$ED/module_state")" \
	"$(cat "$ED/module_state")"
check_bad_write "$L/tx_enable" 0 "Permission denied" write_as_nobody
check_bad_write "$L/power" down "Permission denied" write_as_nobody
check_bad_write "$ED/power_mode" low "Permission denied" write_as_nobody

# ---- and netlink agrees with sysfs after all that
lane=$(nl_lane "$LID")
compare_files "$L" "$lane" "${LANE_FILES[@]}"

cpo_exit
