#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Alarm uevents: a threshold crossing on a lane is a KOBJ_CHANGE uevent on
# its engine's device, naming the flag, its state, the lane and the
# sequence number of the matching alarm-ntf; the crossing back is another.

# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"

cpo_require

ID=$(sim_unique_id)
sim_new "$ID" 1 8 || fail "new_device $ID"
ENGINE=engine$(engine_id_of "$ID" 0)
LANE_ID=$(cat "$CPO_CLASS/$ENGINE/lane2/id")
KNOB=$SIM_DFS/cposim$ID/engine0/lane2/loss_cdb
log "device cposim$ID, $ENGINE, lane id $LANE_ID"

OUT=$(mktemp)
READY=$(mktemp -u)
on_exit "rm -f '$OUT' '$READY'"

# The two RX power flags (warning and alarm) rise, then fall: 4 events.
# The listener stops at the 4th; its bound and its start-up's are loose:
# starting python3 in a busy debug guest under TCG can take many seconds.
# It keeps the events of this lane only: a test running beside this one
# makes rx-power alarms of its own.
python3 "$(dirname "$0")/uevent_listen.py" "$READY" 60 4 \
	rx-power: "$LANE_ID" >"$OUT" &
LISTENER=$!
WAIT_S=60 wait_until test -e "$READY" || fail "uevent listener did not start"

# 17 dB: about 0.02 mW received, below the 0.04 mW low alarm (page 02h).
write_file "$KNOB" 1700 || fail "loss_cdb 1700: $WRITE_ERR"
write_file "$KNOB" 300 || fail "loss_cdb 300: $WRITE_ERR"
wait "$LISTENER"

log "uevents:"
sed 's/^/#   /' "$OUT"
check_eq "4 rx-power alarm uevents" "$(wc -l <"$OUT")" 4
for flag in low-warning low-alarm; do
	for active in 1 0; do
		check_true "rx-power:$flag active=$active on the lane" \
			grep -q "ACTION=change .*DEVPATH=.*/$ENGINE .*CPO_ALARM=rx-power:$flag CPO_ACTIVE=$active CPO_SEQ=[0-9]* CPO_LANE_ID=$LANE_ID" "$OUT"
	done
done
# increasing NUMBERS...: each number is larger than the one before
# shellcheck disable=SC2317  # called through check_true
increasing() {
	local prev=0 n

	for n in "$@"; do
		[ "$n" -gt "$prev" ] || return 1
		prev=$n
	done
}

mapfile -t seqs < <(grep -o 'CPO_SEQ=[0-9]*' "$OUT" | cut -d= -f2)
check_true "sequence numbers increase (${seqs[*]})" increasing "${seqs[@]}"

cpo_exit
