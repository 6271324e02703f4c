#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Lane dumps of a 64 x 64 device keep running while the device is deleted
# and made again, over and over. Every dump either completes with a
# consistent answer or fails cleanly (exit 2 with a message, e.g. the dump
# was interrupted); nothing crashes, the kernel log stays clean, and the
# final state is exactly the devices that exist.

# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"

cpo_require

# 64 x 64 lanes, 8 rounds; an eighth of the engines and a quarter of the
# rounds on a debug kernel, where making 4096 lanes takes minutes in TCG
# (and 512 about 15 s): KASAN and lockdep see every path of a dump racing
# a deletion at 512 lanes too, and two rounds race it at both shapes.
if kernel_is_debug; then
	BIG_E=${BIG_E:-8} ROUNDS=${ROUNDS:-2}
fi
BIG_E=${BIG_E:-64}
BIG_L=${BIG_L:-64}
ROUNDS=${ROUNDS:-8}
log "$ROUNDS rounds of a $BIG_E x $BIG_L device"
[ -x "$CPOCTL" ] || skip "$CPOCTL not built (make tools)"

A=$(sim_unique_id)
B=$(sim_unique_id)
while [ "$B" == "$A" ]; do B=$(sim_unique_id); done
klog_mark

sim_new "$B" 2 8 || fail "new_device '$B 2 8': $WRITE_ERR"
sim_new "$A" "$BIG_E" "$BIG_L" || fail "new_device '$A $BIG_E $BIG_L': $WRITE_ERR"
B_LANES=$(for e in $(sysfs_engines_of "$B"); do
	for l in "$CPO_CLASS/engine$e"/lane[0-9]*; do cat "$l/id"; done
done | sort -n | tr '\n' ' ')
check_eq "cposim$B has 16 lanes" "$(wc -w <<<"$B_LANES")" 16

WORK=$(mktemp -d)
on_exit "rm -rf $WORK"

# The dumper: full lane dumps, back to back, until told to stop.
dumper() {
	local i=0

	while [ ! -e "$WORK/stop" ]; do
		"$CPOCTL" -j lane show >"$WORK/out.$i" 2>"$WORK/err.$i"
		echo $? >"$WORK/rc.$i"
		i=$((i + 1))
	done
}
dumper &
DUMPER=$!
on_exit "touch $WORK/stop; wait $DUMPER 2>/dev/null"

# The churn: delete and make the big device again, and again.
churn_errors=0
for ((r = 0; r < ROUNDS; r++)); do
	sim_del "$A" || { churn_errors=$((churn_errors + 1)); log "del_device $A: $WRITE_ERR"; }
	# a different shape every other round, so ids and counts move
	if ((r % 2)); then
		sim_new "$A" "$BIG_E" "$BIG_L"
	else
		sim_new "$A" $((BIG_E / 2)) "$BIG_L"
	fi || { churn_errors=$((churn_errors + 1)); log "new_device $A: $WRITE_ERR"; }
done
# end on the full size
sim_del "$A" || churn_errors=$((churn_errors + 1))
sim_new "$A" "$BIG_E" "$BIG_L" || churn_errors=$((churn_errors + 1))
check_eq "$ROUNDS rounds of del_device/new_device succeeded" "$churn_errors" 0

touch "$WORK/stop"
wait "$DUMPER"

# ---- every dump: complete and consistent, or a clean failure
# The complete ones are checked by one jq over all of them (a jq per dump
# costs seconds on the debug kernel): one JSON array each; each lane once
# (by id and by engine+index); the untouched device's lanes all there.
n=0 ok=0 intr=0 bad=0 complete=()
for rcf in "$WORK"/rc.*; do
	i=${rcf##*.}
	read -r rc <"$rcf"
	n=$((n + 1))
	case "$rc" in
	0)
		complete+=("$WORK/out.$i")
		;;
	2)
		if [ -s "$WORK/err.$i" ]; then
			intr=$((intr + 1))
			[ $intr -le 3 ] && log "dump $i failed cleanly: $(head -c 200 "$WORK/err.$i")"
		else
			bad=$((bad + 1))
			fail "dump $i: exit 2 without a message"
		fi
		;;
	*)
		bad=$((bad + 1))
		fail "dump $i: exit $rc: $(head -c 300 "$WORK/err.$i")"
		;;
	esac
done
if ((${#complete[@]})); then
	# "FILE ok" or "FILE why" per dump; a file that is not JSON stops
	# jq, and the files after it are checked one by one
	jq -r --arg b "$B_LANES" '
		(if type != "array" then "not an array"
		elif (map(.id) | unique | length) != length then "a lane id twice"
		elif (map("\(."engine-id")/\(.index)") | unique | length) != length
			then "an engine/index twice"
		elif ([$b | splits(" +") | select(. != "") | tonumber] - map(.id)) != []
			then "lanes of the untouched device missing"
		else "ok" end) as $why | "\(input_filename) \($why)"' \
		"${complete[@]}" >"$WORK/verdicts" 2>"$WORK/jq.err"
	declare -A verdict=()
	while read -r f why; do
		verdict[$f]=$why
	done <"$WORK/verdicts"
	for f in "${complete[@]}"; do
		why=${verdict[$f]-}
		[ -n "$why" ] || why="not JSON: $(head -c 200 "$WORK/jq.err")"
		if [ "$why" == ok ]; then
			ok=$((ok + 1))
		else
			bad=$((bad + 1))
			fail "dump ${f##*.}: exit 0 but $why"
		fi
	done
fi
log "$n dumps: $ok complete, $intr failed cleanly, $bad bad"
if [ "$n" -gt 0 ]; then pass "the dumper ran ($n dumps)"; else fail "no dump ran"; fi
check_eq "no dump crashed or returned an inconsistent answer" "$bad" 0

# ---- the final state: exactly the devices that exist
# (the churn is over, but a test running beside this one may make or
# remove a device during the dump of 4096 lanes: then it is tried again)
cpo_dump -j lane show
printf '%s\n' "$OUT" >"$WORK/final"
check_eq "final dump: exit 0" "$RC" 0
a_engines=$(sysfs_engines_of "$A")
check_eq "sysfs: cposim$A has $BIG_E engines" "$(wc -w <<<"$a_engines")" "$BIG_E"
check_jq "final dump: $((BIG_E * BIG_L)) lanes of cposim$A" "$(cat "$WORK/final")" \
	"[.[] | select(.\"engine-id\" as \$e | \"$a_engines\" | split(\" \") | index(\$e | tostring))] | length" \
	$((BIG_E * BIG_L))
check_jq "final dump: the 16 lanes of cposim$B" "$(cat "$WORK/final")" \
	"[.[] | select(.id as \$i | \"$B_LANES\" | split(\" \") | index(\$i | tostring))] | length" 16
check_jq "final dump: each lane once" "$(cat "$WORK/final")" \
	'(map(.id) | unique | length) == length' true
# The engines of cposim$A and cposim$B: the other test's come and go.
"$CPOCTL" -j engine show >"$WORK/engines" 2>/dev/null
check_jq "engines of cposim$A and cposim$B: netlink and sysfs list the same ids" \
	"$(cat "$WORK/engines")" \
	"[.[] | select(.\"dev-name\" == \"cposim$A\" or .\"dev-name\" == \"cposim$B\") | .id] | sort | map(tostring) | join(\" \")" \
	"$(for e in $(sysfs_engines_of "$A") $(sysfs_engines_of "$B"); do echo "$e"; done | sort -n | tr '\n' ' ' | sed 's/ $//')"
# No lane left behind by the churn of cposim$A: a lane whose engine is in
# no engine dump. Such a lane stays; another test's lane seen without its
# engine (made or removed between the two dumps) does not, so a lane dump
# between two engine dumps is tried a few times.
orphans() {
	local try

	for ((try = 1; try <= 5; try++)); do
		"$CPOCTL" -j engine show >"$WORK/engines.1" 2>/dev/null
		"$CPOCTL" -j lane show >"$WORK/lanes" 2>/dev/null
		"$CPOCTL" -j engine show >"$WORK/engines.2" 2>/dev/null
		ORPHANS=$(jq -s -c '(.[0] + .[2] | map(.id)) as $e |
			[.[1][] | select(."engine-id" as $i | $e | any(. == $i) | not) | .id]' \
			"$WORK/engines.1" "$WORK/lanes" "$WORK/engines.2")
		[ "$ORPHANS" == "[]" ] && return
		log "lanes without an engine (try $try): ${ORPHANS:0:300}"
	done
}
orphans
check_eq "engines: every lane's engine exists" "$ORPHANS" "[]"
check_eq "cposim devices: ours are there" \
	"$(sim_devices | tr ' ' '\n' | grep -xE "cposim($A|$B)" | sort | tr '\n' ' ')" \
	"$(printf 'cposim%s\n' "$A" "$B" | sort | tr '\n' ' ')"

klog_check
cpo_exit
