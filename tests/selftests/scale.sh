#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 16,384 lanes in one host: 4 simulated devices of 64 engines x 64 lanes.
# A full lane dump returns each of them exactly once, with unique ids, the
# indexes 0..63 of every engine and the engine-id and index sysfs has for
# the id; the dump resumes across many datagrams (also with a small receive
# buffer, so across hundreds) and loses nothing; dumps racing with
# del_device/new_device of one device either complete consistently (the
# other devices' lanes all there, nothing twice) or carry NLM_F_DUMP_INTR;
# removing the devices leaves no lane of theirs behind.
#
# The dumps are read by tests/bench/cpo_bench (libmnl, datagram by datagram,
# recording NLM_F_DUMP_INTR instead of stopping at it), built here when
# missing. On a debug kernel the test scales down to 2 devices of 4 x 64
# (512 lanes, 2 churn rounds, a second between racing dumps) and says so;
# SCALE_DEVS, SCALE_ENGINES, SCALE_LANES, SCALE_ROUNDS and SCALE_DUMP_PAUSE
# override the shape.

# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"

cpo_require

if kernel_is_debug; then
	# Under TCG each check of a 1,024-lane dump takes seconds there:
	# fewer lanes, and a pause between the racing dumps.
	DEVS=${SCALE_DEVS:-2} ENGINES=${SCALE_ENGINES:-4}
	LANES=${SCALE_LANES:-64} ROUNDS=${SCALE_ROUNDS:-2}
	PAUSE=${SCALE_DUMP_PAUSE:-1}
	log "debug kernel: scaled down to $DEVS x $ENGINES x $LANES = $((DEVS * ENGINES * LANES)) lanes (16384 on the stock kernels)"
fi
DEVS=${SCALE_DEVS:-${DEVS:-4}}
ENGINES=${SCALE_ENGINES:-${ENGINES:-64}}
LANES=${SCALE_LANES:-${LANES:-64}}
ROUNDS=${SCALE_ROUNDS:-${ROUNDS:-8}}
PAUSE=${SCALE_DUMP_PAUSE:-${PAUSE:-0}}
TOTAL=$((DEVS * ENGINES * LANES))
((DEVS >= 2)) || skip "SCALE_DEVS must be 2 or more (one device is churned)"
log "$DEVS devices x $ENGINES engines x $LANES lanes = $TOTAL lanes; $ROUNDS churn rounds"

BENCH=$TOP/build/bench/cpo_bench
if [ ! -x "$BENCH" ] || [ "$TOP/tests/bench/cpo_bench.c" -nt "$BENCH" ]; then
	make -s -C "$TOP/tests/bench" >/tmp/cpo_bench_build.log 2>&1 ||
		{ cat /tmp/cpo_bench_build.log; skip "cannot build $BENCH"; }
fi

WORK=$(mktemp -d)
on_exit "rm -rf $WORK"

# Milliseconds since the epoch.
ms() {
	local t

	t=$(date +%s%N)
	echo $((t / 1000000))
}

# sum_field FILE KEY: KEY=VALUE from cpo_bench's summary line in FILE.
sum_field() {
	sed -n "s/^dump: .* $2=\([^ ]*\).*/\1/p" "$1" | tail -n 1
}

# sysfs_lanes ENGINE_ID...: "ID ENGINE-ID INDEX" of their lanes, from the
# id files under /sys/class/cpo/engine<ID>/lane<INDEX>/, sorted.
sysfs_lanes() {
	local e paths=()

	for e in "$@"; do
		paths+=("$CPO_CLASS/engine$e"/lane[0-9]*/id)
	done
	((${#paths[@]})) || return 0
	grep -H '' "${paths[@]}" 2>/dev/null |
		sed -n 's|^.*/engine\([0-9]*\)/lane\([0-9]*\)/id:\([0-9]*\)$|\3 \1 \2|p' |
		sort -n
}

# lanes_check EXPECT DUMP: compares a dump ("ID ENGINE-ID INDEX" lines) with
# the lanes it must hold (same format); the engines of EXPECT are the ones
# the dump must carry complete. Prints
#   lanes=        lanes in the dump
#   ours=         those of EXPECT's engines
#   dup_ids=      lane ids seen twice or more (whole dump)
#   dup_slots=    engine-id/index pairs seen twice or more (whole dump)
#   bad_index=    indexes >= LANES (whole dump)
#   wrong=        lanes of EXPECT's engines that EXPECT does not have
#   missing=      lanes of EXPECT the dump does not have
#   incomplete=   EXPECT's engines without exactly the indexes 0..LANES-1
#   engines=      EXPECT's engines seen in the dump
lanes_check() {
	awk -v L="$LANES" -v exp_file="$1" '
	FILENAME == exp_file {
		want[$1 " " $2 " " $3] = 1
		eng[$2] = 1
		next
	}
	{
		n++
		if (seen_id[$1]++ == 1)
			dup_ids++
		if (seen_slot[$2 " " $3]++ == 1)
			dup_slots++
		if ($3 >= L)
			bad_index++
		if (!($2 in eng))
			next
		ours++
		if (!(($1 " " $2 " " $3) in want))
			wrong++
		else
			got[$1 " " $2 " " $3] = 1
		if ($3 < L && !idx[$2 " " $3]++)
			nidx[$2]++
	}
	END {
		for (k in want)
			if (!(k in got))
				missing++
		for (e in eng) {
			if (nidx[e] != L)
				incomplete++
			if (e in nidx)
				engines++
		}
		printf "lanes=%d ours=%d dup_ids=%d dup_slots=%d bad_index=%d wrong=%d missing=%d incomplete=%d engines=%d\n",
			n, ours, dup_ids, dup_slots, bad_index, wrong, missing,
			incomplete, engines
	}' "$1" "$2"
}

# field STRING KEY: KEY=VALUE out of a lanes_check line.
field() {
	sed -n "s/.*\b$2=\([0-9]*\).*/\1/p" <<<"$1"
}

# ENG_IDS: the engine ids of DEV_IDS (all devices), from sysfs.
our_engines() {
	local id

	ENG_IDS=()
	for id in "${DEV_IDS[@]}"; do
		# shellcheck disable=SC2207	# ids are numbers
		ENG_IDS+=($(sysfs_engines_of "$id"))
	done
}

# check_full_dump WHAT [BUFSIZE]: one dump of everything; every lane of our
# devices there once, as sysfs has it. Leaves the lanes in $WORK/dump.
check_full_dump() {
	local what=$1 bufsize=${2:-32768} rc sum res min_dg

	our_engines
	check_eq "$what: sysfs lists $((DEVS * ENGINES)) engines of our devices" \
		"${#ENG_IDS[@]}" $((DEVS * ENGINES))
	sysfs_lanes "${ENG_IDS[@]}" >"$WORK/sysfs"
	check_eq "$what: sysfs has $TOTAL lanes of our devices" \
		"$(wc -l <"$WORK/sysfs")" "$TOTAL"

	"$BENCH" dump -b "$bufsize" -o "$WORK/dump" >"$WORK/dump.sum" 2>&1
	rc=$?
	sum=$(cat "$WORK/dump.sum")
	log "$what: $sum"
	check_eq "$what: the dump completed (exit 0, NLMSG_DONE status 0)" \
		"$rc/$(sum_field "$WORK/dump.sum" err)" 0/0
	check_eq "$what: not flagged NLM_F_DUMP_INTR (nothing changed)" \
		"$(sum_field "$WORK/dump.sum" intr)" 0
	check_eq "$what: every lane message has id, engine-id and index" \
		"$(sum_field "$WORK/dump.sum" bad)" 0
	# Each lane message is at least 44 bytes (header, genl header, three
	# u32 attributes), so the dump cannot fit in fewer datagrams.
	min_dg=$(((TOTAL * 44 + bufsize - 1) / bufsize))
	check_true "$what: resumed across >= $min_dg datagrams of $bufsize bytes" \
		test "$(sum_field "$WORK/dump.sum" datagrams)" -ge "$min_dg"

	res=$(lanes_check "$WORK/sysfs" "$WORK/dump")
	log "$what: $res"
	check_eq "$what: $TOTAL lanes of our engines" "$(field "$res" ours)" "$TOTAL"
	check_eq "$what: every lane in the dump has a unique id" \
		"$(field "$res" dup_ids)" 0
	check_eq "$what: every engine-id/index once" "$(field "$res" dup_slots)" 0
	check_eq "$what: no index >= $LANES" "$(field "$res" bad_index)" 0
	check_eq "$what: each of our $((DEVS * ENGINES)) engines in the dump" \
		"$(field "$res" engines)" $((DEVS * ENGINES))
	check_eq "$what: each engine has exactly the indexes 0..$((LANES - 1))" \
		"$(field "$res" incomplete)" 0
	check_eq "$what: each lane's engine-id and index are sysfs's for its id" \
		"$(field "$res" wrong)/$(field "$res" missing)" 0/0
	# Other devices (none normally) make the rest; sysfs counts them too.
	check_eq "$what: the dump has as many lanes as sysfs" \
		"$(field "$res" lanes)" \
		"$(shopt -s nullglob; a=("$CPO_CLASS"/engine*/lane[0-9]*); echo "${#a[@]}")"
}

klog_mark

# ---- make the devices
DEV_IDS=()
for ((d = 0; d < DEVS; d++)); do
	id=$(sim_unique_id)
	while [[ " ${DEV_IDS[*]} " == *" $id "* ]]; do id=$(sim_unique_id); done
	DEV_IDS+=("$id")
done
t0=$(ms)
for id in "${DEV_IDS[@]}"; do
	t=$(ms)
	if sim_new "$id" "$ENGINES" "$LANES"; then
		log "new_device $id $ENGINES $LANES: $(($(ms) - t)) ms"
	else
		fail "new_device '$id $ENGINES $LANES': $WRITE_ERR"
	fi
done
log "made $TOTAL lanes in $(($(ms) - t0)) ms"

# ---- full dumps: the default buffer, then a small one
t=$(ms)
check_full_dump "dump"
log "full dump checks took $(($(ms) - t)) ms"
sort -n "$WORK/dump" >"$WORK/dump.big"
check_full_dump "dump, 8 KiB buffer" 8192
sort -n "$WORK/dump" >"$WORK/dump.small"
check_true "both dumps list the same lanes" cmp -s "$WORK/dump.big" "$WORK/dump.small"

# ---- dumps racing with del_device/new_device of the last device
CHURN=${DEV_IDS[-1]}
our_engines
churn_engines=" $(sysfs_engines_of "$CHURN") "
for e in "${ENG_IDS[@]}"; do
	[[ "$churn_engines" == *" $e "* ]] || echo "$e"
done >"$WORK/untouched.engines"
# shellcheck disable=SC2046	# engine ids are numbers
sysfs_lanes $(cat "$WORK/untouched.engines") >"$WORK/untouched"
UNTOUCHED=$(((DEVS - 1) * ENGINES * LANES))
check_eq "race: $UNTOUCHED lanes on the untouched devices" \
	"$(wc -l <"$WORK/untouched")" "$UNTOUCHED"

# The dumper: full dumps, back to back, until told to stop.
dumper() {
	local i=0

	while [ ! -e "$WORK/stop" ]; do
		"$BENCH" dump -o "$WORK/race.$i" >"$WORK/race.$i.sum" 2>&1
		echo $? >"$WORK/race.$i.rc"
		i=$((i + 1))
		[ "$PAUSE" = 0 ] || sleep "$PAUSE"
	done
}
dumper &
DUMPER=$!
on_exit "touch $WORK/stop; wait $DUMPER 2>/dev/null"
WAIT_S=60 wait_until test -e "$WORK/race.0.rc"

t=$(ms)
churn_errors=0
for ((r = 0; r < ROUNDS; r++)); do
	sim_del "$CHURN" || { churn_errors=$((churn_errors + 1)); log "del_device $CHURN: $WRITE_ERR"; }
	# half the engines every other round, so ids and counts move
	if ((r % 2)); then
		sim_new "$CHURN" "$ENGINES" "$LANES"
	else
		sim_new "$CHURN" $((ENGINES / 2)) "$LANES"
	fi || { churn_errors=$((churn_errors + 1)); log "new_device $CHURN: $WRITE_ERR"; }
done
sim_del "$CHURN" || churn_errors=$((churn_errors + 1))
sim_new "$CHURN" "$ENGINES" "$LANES" || churn_errors=$((churn_errors + 1))
log "churn: $ROUNDS rounds in $(($(ms) - t)) ms"
touch "$WORK/stop"
wait "$DUMPER"
check_eq "race: $ROUNDS rounds of del_device/new_device succeeded" "$churn_errors" 0

n=0 ok=0 intr=0 bad=0
for rcf in "$WORK"/race.*.rc; do
	i=${rcf%.rc}
	i=${i##*.}
	n=$((n + 1))
	rc=$(cat "$rcf")
	if [ "$rc" != 0 ] || [ "$(sum_field "$WORK/race.$i.sum" err)" != 0 ]; then
		bad=$((bad + 1))
		fail "race dump $i: did not complete: exit $rc: $(head -c 300 "$WORK/race.$i.sum")"
		continue
	fi
	if [ "$(sum_field "$WORK/race.$i.sum" intr)" == 1 ]; then
		intr=$((intr + 1))
		continue
	fi
	# Unflagged: a consistent state. The untouched devices' lanes all
	# there as they were, nothing twice, every index in range.
	res=$(lanes_check "$WORK/untouched" "$WORK/race.$i")
	why=
	[ "$(field "$res" dup_ids)" == 0 ] || why+=" a lane id twice;"
	[ "$(field "$res" dup_slots)" == 0 ] || why+=" an engine-id/index twice;"
	[ "$(field "$res" bad_index)" == 0 ] || why+=" an index out of range;"
	[ "$(field "$res" ours)" == "$UNTOUCHED" ] || why+=" untouched lanes: $(field "$res" ours);"
	[ "$(field "$res" wrong)/$(field "$res" missing)/$(field "$res" incomplete)" == 0/0/0 ] ||
		why+=" untouched lanes changed;"
	[ "$(sum_field "$WORK/race.$i.sum" bad)" == 0 ] || why+=" lane messages without id/engine/index;"
	if [ -z "$why" ]; then
		ok=$((ok + 1))
	else
		bad=$((bad + 1))
		fail "race dump $i: not flagged NLM_F_DUMP_INTR but$why ($res)"
	fi
done
log "race: $n dumps: $ok complete and consistent, $intr flagged NLM_F_DUMP_INTR, $bad bad"
check_true "race: the dumper ran (at least 2 dumps)" test "$n" -ge 2
check_eq "race: every dump complete and consistent, or flagged" "$bad" 0
# Every lane (un)registration bumps the generation, and the churn runs far
# longer than a dump: dumps overlapping it must have been flagged.
check_true "race: dumps overlapping the churn were flagged NLM_F_DUMP_INTR" \
	test "$intr" -ge 1
rm -f "$WORK"/race.*

# ---- after the churn: everything there again
check_full_dump "after the churn"

# ---- remove the devices
gone_engines=" ${ENG_IDS[*]} "
t=$(ms)
del_errors=0
for id in "${DEV_IDS[@]}"; do
	sim_del "$id" || { del_errors=$((del_errors + 1)); log "del_device $id: $WRITE_ERR"; }
done
log "removed $TOTAL lanes in $(($(ms) - t)) ms"
check_eq "del_device of the $DEVS devices succeeded" "$del_errors" 0
check_eq "sysfs: no device of ours left" \
	"$(sim_devices | tr ' ' '\n' | grep -cxE "cposim($(IFS='|'; echo "${DEV_IDS[*]}"))")" 0
"$BENCH" dump -o "$WORK/after" >"$WORK/after.sum" 2>&1
check_eq "dump after removal: completed" "$?" 0
check_eq "dump after removal: no lane of our engines" \
	"$(awk -v g="$gone_engines" 'index(g, " " $2 " ") { n++ } END { print n + 0 }' "$WORK/after")" 0

klog_check
cpo_exit
