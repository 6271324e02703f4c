#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# cpo_sim's side channel: new_device / del_device on the cposim bus. Bad
# input is rejected with the right errno and leaves everything as it was;
# good input makes (and removes) exactly the engines and lanes asked for.

# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"

cpo_require

ID=$(sim_unique_id)
ID2=$(sim_unique_id)
while [ "$ID2" == "$ID" ]; do ID2=$(sim_unique_id); done

# Everything a rejected request must leave alone. Another test runs beside
# this one and makes and removes its own devices: only this test's two
# devices and their engines, and the devices a misparsed line could make.
# No test picks an id below 20000, and the kernel takes none above INT_MAX
# ("abc", "-1", "2147483648" read as 0, 4294967295, 2147483648).
state() {
	local id d

	for id in "$ID" "$ID2"; do
		d=no
		[ -e "$SIM_BUS/devices/cposim$id" ] && d=yes
		echo "cposim$id: $d, engines: $(sysfs_engines_of "$id")"
	done
	echo "stray devices:$(sim_stray)"
}

# check_reject FILE VALUE ERRTEXT
check_reject() {
	local before after shown

	shown=$(printf '%q' "$2")
	before=$(state)
	if write_file "$SIM_BUS/$1" "$2"; then
		fail "$1 $shown accepted"
	else
		check_eq "$1 $shown rejected" "$WRITE_ERR" "$3"
	fi
	after=$(state)
	check_eq "$1 $shown leaves the state unchanged" "$after" "$before"
}

# Engines and lanes of cposim<ID> as sysfs shows them: "ENGINES LANES...",
# each engine's lane_count/lane directories (builtins only: forks are slow
# in a TCG guest).
shape() {
	local e n=0 count lanes="" dirs

	for e in $(sysfs_engines_of "$1"); do
		n=$((n + 1))
		read -r count <"$CPO_CLASS/engine$e/lane_count"
		dirs=("$CPO_CLASS/engine$e"/lane[0-9]*)
		[ -e "${dirs[0]}" ] || dirs=()
		lanes+=" $count/${#dirs[@]}"
	done
	echo "$n$lanes"
}

# ---- new_device: bad input
check_reject new_device $'\n' "Invalid argument"
check_reject new_device "abc" "Invalid argument"
check_reject new_device "$ID 0" "Invalid argument"
check_reject new_device "$ID 65" "Invalid argument"
check_reject new_device "$ID 1 0" "Invalid argument"
check_reject new_device "$ID 1 65" "Invalid argument"
check_reject new_device "$ID 1 1 1" "Invalid argument"
check_reject new_device "$ID x" "Invalid argument"
check_reject new_device "-1" "Invalid argument"
check_reject new_device "2147483648" "Invalid argument"
check_eq "no cposim$ID after the rejected writes" \
	"$(test -e "$SIM_BUS/devices/cposim$ID" && echo yes || echo no)" no

# ---- new_device: defaults, 1 engine of 8 lanes
if sim_new "$ID"; then
	pass "new_device '$ID'"
else
	fail "new_device '$ID': $WRITE_ERR"
fi
check_eq "cposim$ID: 1 engine, 8 lanes" "$(shape "$ID")" "1 8/8"

# ---- duplicate ID
check_reject new_device "$ID 2 2" "File exists"
check_eq "cposim$ID unchanged by the duplicate" "$(shape "$ID")" "1 8/8"

# ---- del_device: bad input
check_reject del_device "$ID2" "No such file or directory"
check_reject del_device "abc" "Invalid argument"
check_reject del_device $'\n' "Invalid argument"
check_reject del_device "$ID 1" "Invalid argument"
check_eq "cposim$ID unchanged by the bad deletes" "$(shape "$ID")" "1 8/8"

# ---- the limits are accepted
if sim_new "$ID2" 64 1; then
	pass "new_device '$ID2 64 1'"
else
	fail "new_device '$ID2 64 1': $WRITE_ERR"
fi
check_eq "cposim$ID2: 64 engines of 1 lane" \
	"$(shape "$ID2" | awk '{print $1, $2, $NF}')" "64 1/1 1/1"
if sim_del "$ID2"; then
	pass "del_device '$ID2'"
else
	fail "del_device '$ID2': $WRITE_ERR"
fi
check_eq "cposim$ID2 engines gone from sysfs" "$(sysfs_engines_of "$ID2")" ""

if sim_new "$ID2" 1 64; then
	pass "new_device '$ID2 1 64'"
else
	fail "new_device '$ID2 1 64': $WRITE_ERR"
fi
check_eq "cposim$ID2: 1 engine of 64 lanes" "$(shape "$ID2")" "1 64/64"
# engine of the device, seen by netlink too
if nl_tool; then
	e=$(sysfs_engines_of "$ID2")
	check_jq "netlink: cposim$ID2 has one engine, id $e" "$(nl_engines)" \
		"[.[] | select(.\"dev-name\" == \"cposim$ID2\") | .id] | map(tostring) | join(\" \")" \
		"${e% }"
fi
sim_del "$ID2"
check_eq "cposim$ID2 gone" \
	"$(test -e "$SIM_BUS/devices/cposim$ID2" && echo yes || echo no)" no

# ---- delete, and delete again
if sim_del "$ID"; then
	pass "del_device '$ID'"
else
	fail "del_device '$ID': $WRITE_ERR"
fi
check_eq "cposim$ID engines gone" "$(sysfs_engines_of "$ID")" ""
check_reject del_device "$ID" "No such file or directory"
if nl_tool; then
	check_jq "netlink: no engine of cposim$ID or cposim$ID2 left" "$(nl_engines)" \
		"[.[] | select(.\"dev-name\" == \"cposim$ID\" or .\"dev-name\" == \"cposim$ID2\")] | length" 0
fi

# ---- and the ID can be used again
if sim_new "$ID" 2 3; then
	pass "new_device '$ID 2 3' after its deletion"
else
	fail "new_device '$ID 2 3' after its deletion: $WRITE_ERR"
fi
check_eq "cposim$ID: 2 engines of 3 lanes" "$(shape "$ID")" "2 3/3 3/3"

cpo_exit
