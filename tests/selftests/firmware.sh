#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The firmware banks of an engine, as its module reports them over CDB
# (command 0100h, after 0040h for the module's own time bound):
#   - engine-get carries one firmware nest per bank: A runs and is
#     committed, B holds the previous image, and the factory image;
#   - what CDB says agrees with what lower memory and page 01h say (the
#     engine's fw-version and fw-inactive), two paths through the module;
#   - sysfs engine<ID>/firmware/ shows the same: running, committed, and
#     each bank's version;
#   - each engine of a device answers for itself;
#   - when a module comes up again (low power, then high) its banks are
#     read again: with its CDB failing it has none (sysfs ENODATA, the
#     kernel log names the command and the answer), the other engine
#     keeps its own, and once the CDB answers they are back.

# shellcheck disable=SC2016	# jq programs use jq variables, in single quotes
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"

cpo_require
[ -d "$SIM_DFS" ] || skip "no cposim debugfs knobs"

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

for e in "$E0" "$E1"; do
	J=$(engine_json "$e")
	log "engine $e firmware: $(jq -c .firmware <<<"$J")"
	check_jq "engine $e: three banks, a b factory" "$J" \
		'[.firmware[].bank] | join(" ")' "a b factory"
	check_jq "engine $e: a runs, is committed and valid" "$J" \
		'.firmware[] | select(.bank == "a") | .running == 1 and .committed == 1 and .valid == 1' true
	check_jq "engine $e: b is valid, neither running nor committed" "$J" \
		'.firmware[] | select(.bank == "b") | .running == 0 and .committed == 0 and .valid == 1' true
	check_jq "engine $e: versions are major.minor.build" "$J" \
		'[.firmware[].version | test("^[0-9]+\\.[0-9]+\\.[0-9]+$")] | all' true
	check_jqn "engine $e: the running bank is the active image of lower memory" true \
		'($e.firmware[] | select(.running == 1) | .version) | startswith($e."fw-version" + ".")' \
		--argjson e "$J"
	check_jqn "engine $e: b is the inactive image of page 01h" true \
		'($e.firmware[] | select(.bank == "b") | .version) | startswith($e."fw-inactive" + ".")' \
		--argjson e "$J"

	D=$CPO_CLASS/engine$e/firmware
	check_eq "sysfs engine$e/firmware/running" "$(cat "$D/running" 2>&1)" a
	check_eq "sysfs engine$e/firmware/committed" "$(cat "$D/committed" 2>&1)" a
	for b in a b factory; do
		check_eq "sysfs engine$e/firmware/$b is the netlink version" \
			"$(cat "$D/$b" 2>&1)" \
			"$(jq -r --arg b "$b" '.firmware[] | select(.bank == $b) | .version' <<<"$J")"
	done
done

cpo_ok "engine show $E0 (text)" engine show "$E0"
log "engine show $E0: $OUT"
check_match "text: the firmware line" "$OUT" \
	"firmware a [0-9.]+ running committed, b [0-9.]+, factory [0-9.]+"

# ---- the banks are read again when the module comes up
MARK="firmware: CDB failing from here $RANDOM$RANDOM"
echo "$MARK" >/dev/kmsg
check_knob "engine0: every CDB command fails (46h, password)" "$ID" engine0/cdb_fail 0x46
cpo_ok "engine $E0 power-mode low" engine set "$E0" power-mode low
check_wait "engine $E0 in low power" '."module-state" == "low-pwr"' engine_json "$E0"
cpo_ok "engine $E0 power-mode high" engine set "$E0" power-mode high
check_wait "engine $E0 up again, without banks: its CDB failed" \
	'."module-state" == "ready" and (has("firmware") | not)' engine_json "$E0"
check_match "sysfs engine$E0/firmware/running: ENODATA" \
	"$(cat "$CPO_CLASS/engine$E0/firmware/running" 2>&1)" "No data available"
check_match "sysfs engine$E0/firmware/a: ENODATA" \
	"$(cat "$CPO_CLASS/engine$E0/firmware/a" 2>&1)" "No data available"
check_match "the kernel log names the command and the module's answer" \
	"$(dmesg | sed -n "/$MARK/,\$p")" "CDB command 0100h failed with status 46h"
check_jq "engine $E1 keeps its banks" "$(engine_json "$E1")" '.firmware | length' 3
check_knob "engine0: CDB answers again" "$ID" engine0/cdb_fail 0
cpo_ok "engine $E0 power-mode low" engine set "$E0" power-mode low
check_wait "engine $E0 in low power" '."module-state" == "low-pwr"' engine_json "$E0"
cpo_ok "engine $E0 power-mode high" engine set "$E0" power-mode high
check_wait "engine $E0 up again, with its banks" \
	'."module-state" == "ready" and (.firmware | length) == 3' engine_json "$E0"
check_eq "sysfs engine$E0/firmware/running again" \
	"$(cat "$CPO_CLASS/engine$E0/firmware/running" 2>&1)" a

cpo_exit
