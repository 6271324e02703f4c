#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Concurrency stress, time-bounded (STRESS_SECONDS: 60 s, 90 s on a debug
# kernel). In parallel, until the time is up:
#   (a) dumps of engines, lanes (all, and of one engine), lasers,
#       thresholds and alarms back to back (cpo_fault dumps, raw netlink,
#       which sees NLM_F_DUMP_INTR), and cpoctl -j lane/engine/laser show
#       (a flagged dump is cpoctl's exit 2 "dump interrupted", as in
#       del_device_dump.sh): each dump is complete and consistent (unique
#       ids, every object of the stable device there, each of its engines'
#       lanes complete) or flagged
#   (b) sets through cpoctl and sysfs: lane tx/rx on/off, power up/down,
#       engine power-mode, laser enable and failover-policy
#   (c) two "cpoctl -j monitor" readers
#   (d) random writes of the simulator's debugfs fault knobs, and pulls
#       and inserts of the churned device's engines and laser modules
#   (e) del_device/new_device of a device with laser sources, shapes
#       changing
#   (f) reads of every file of /sys/class/cpo and of the cpo hwmon devices
# Then: every worker stopped by itself, the stable device intact, every
# dump consistent or flagged, dumps that span a del_device flagged
# (cpo_fault dumpdel), a kmemleak scan clean (debug kernel), the kernel log
# clean. Prints the counts of each kind of operation.

# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"

cpo_require
[ -x "$CPOCTL" ] || skip "$CPOCTL not built (make tools)"
[ -d "$SIM_DFS" ] || skip "no cposim debugfs knobs"

fault_require

if kernel_is_debug; then
	STRESS_SECONDS=${STRESS_SECONDS:-90}
else
	STRESS_SECONDS=${STRESS_SECONDS:-60}
fi
log "stress for ${STRESS_SECONDS} s on $(uname -r)"

S=$(sim_unique_id)
C=$(sim_unique_id)
while [ "$C" == "$S" ]; do C=$(sim_unique_id); done
D=$(sim_unique_id)
while [ "$D" == "$S" ] || [ "$D" == "$C" ]; do D=$(sim_unique_id); done
WORK=$(mktemp -d)
on_exit "rm -rf $WORK"
klog_mark

# ---- the stable device: never deleted, only set and poked
sim_new_or_exit "$S" 2 8 lasers=external
read -ra S_ENGINES <<<"$(sysfs_engines_of "$S")"
mapfile -t S_LASERS < <(lasers_of "$S" | jq -r '.[].id')
log "stable cposim$S: engines ${S_ENGINES[*]}, lasers ${S_LASERS[*]}"
check_eq "stable device: 2 engines" "${#S_ENGINES[@]}" 2
((${#S_LASERS[@]})) || fail "stable device: no laser"

# ---- workers; each writes its counts to $WORK/<name>.count when it stops

stopping() { [ -e "$WORK/stop" ]; }

# (a) cpoctl dumps, classified as in del_device_dump.sh
cpoctl_dumper() {
	local i=0 ok=0 intr=0 bad=0 obj rc why objs=(lane engine laser)

	while ! stopping; do
		obj=${objs[i % 3]}
		"$CPOCTL" -j "$obj" show >"$WORK/cd.out" 2>"$WORK/cd.err"
		rc=$?
		i=$((i + 1))
		case $rc in
		0)
			why=$(jq -r --arg o "$obj" '
				if type != "array" then "not an array"
				elif (map(.id) | unique | length) != length then "an id twice"
				elif $o == "lane" and
				     (map("\(."engine-id")/\(.index)") | unique | length) != length
					then "an engine/index twice"
				else "ok" end' "$WORK/cd.out" 2>&1)
			if [ "$why" == ok ]; then
				ok=$((ok + 1))
			else
				bad=$((bad + 1))
				echo "cpoctl $obj show: exit 0 but $why" >>"$WORK/cd.bad"
			fi
			;;
		2)
			if grep -q "dump interrupted" "$WORK/cd.err"; then
				intr=$((intr + 1))
			else
				bad=$((bad + 1))
				echo "cpoctl $obj show: exit 2: $(head -c 200 "$WORK/cd.err")" >>"$WORK/cd.bad"
			fi
			;;
		*)
			bad=$((bad + 1))
			echo "cpoctl $obj show: exit $rc: $(head -c 200 "$WORK/cd.err")" >>"$WORK/cd.bad"
			;;
		esac
	done
	echo "$ok $intr $bad" >"$WORK/cpoctl_dumper.count"
}

# (b) sets, on the stable device and on the churned one (which may be gone)
setter() {
	local ok=0 refused=0 bad=0 e idx l rc args ids f v c
	local onoff=(off on) updown=(down up) lowhigh=(low high) pol=(auto manual)

	while ! stopping; do
		ids=("${S_ENGINES[@]}")
		if ! ((RANDOM % 3)); then
			read -ra c <<<"$(sysfs_engines_of "$C")"
			ids+=("${c[@]}")
		fi
		e=${ids[RANDOM % ${#ids[@]}]}
		idx=$((RANDOM % 4))
		l=${S_LASERS[RANDOM % ${#S_LASERS[@]}]}
		case $((RANDOM % 7)) in
		0) args=(lane set "$e" "$idx" tx "${onoff[RANDOM % 2]}") ;;
		1) args=(lane set "$e" "$idx" rx "${onoff[RANDOM % 2]}") ;;
		2) args=(lane set "$e" "$idx" power "${updown[RANDOM % 2]}") ;;
		3) args=(engine set "$e" power-mode "${lowhigh[RANDOM % 2]}") ;;
		4) args=(laser set "$l" enable "${onoff[RANDOM % 2]}") ;;
		5) args=(laser set "$l" failover-policy "${pol[RANDOM % 2]}") ;;
		6)	# through sysfs
			f=$CPO_CLASS/engine$e/lane$idx/tx_enable
			v=$((RANDOM % 2))
			if { printf '%s' "$v" >"$f"; } 2>/dev/null; then
				ok=$((ok + 1))
			else
				refused=$((refused + 1))
			fi
			continue
			;;
		esac
		"$CPOCTL" "${args[@]}" >/dev/null 2>"$WORK/set.err"
		rc=$?
		case $rc in
		0) ok=$((ok + 1)) ;;
		2) refused=$((refused + 1)) ;;	# the kernel said no: ENOENT, EBUSY, ENOLINK, EIO...
		*)
			bad=$((bad + 1))
			echo "cpoctl ${args[*]}: exit $rc: $(head -c 200 "$WORK/set.err")" >>"$WORK/set.bad"
			;;
		esac
	done
	echo "$ok $refused $bad" >"$WORK/setter.count"
}

# (d) knobs: random values on random objects of both devices
knobber() {
	local ok=0 failed=0 dev e l k f v knobs

	while ! stopping; do
		dev=$S
		((RANDOM % 3)) || dev=$C
		e=$((RANDOM % 2))
		l=$((RANDOM % 8))
		k=$((RANDOM % 18))
		case $k in
		0) f=engine$e/fault v=$((RANDOM % 4 ? 0 : 1 + RANDOM % 3)) ;;
		1) f=engine$e/overtemp v=$((RANDOM % 101)) ;;
		2) f=engine$e/stuck v=$((RANDOM % 4 ? 0 : 1)) ;;
		3) f=engine$e/read_err v=$((RANDOM % 6 ? 0 : 5)) ;;
		4) f=engine$e/write_err v=$((RANDOM % 6 ? 0 : 5)) ;;
		5) f=engine$e/lane$l/rx_los v=$((RANDOM % 2)) ;;
		6) f=engine$e/lane$l/tx_fault v=$((RANDOM % 2)) ;;
		7) f=engine$e/lane$l/stuck v=$((RANDOM % 4 ? 0 : 1)) ;;
		8) f=engine$e/lane$l/fiber v=$((RANDOM % 4 ? 1 : 0)) ;;
		9) f=engine$e/lane$l/loss_cdb v=$((RANDOM % 3000)) ;;
		10) f=engine$e/lane$l/port v=$( ((RANDOM % 2)) && echo lo) ;;
		11) f=els$e/laser$((RANDOM % 2))/fail v=$((RANDOM % 4 ? 0 : 1)) ;;
		12) f=els$e/laser$((RANDOM % 2))/overtemp v=$((RANDOM % 30)) ;;
		13) f=dp_step_ms v=$((5 + RANDOM % 40)) ;;
		# parts pulled and inserted, on the churned device only: the
		# stable one's dumps must stay complete
		14) dev=$C f=engine$e/pull v=1 ;;
		15) dev=$C f=engine$e/insert v=1 ;;
		16) dev=$C f=els$e/pull v=1 ;;
		17) dev=$C f=els$e/insert v=1 ;;
		esac
		knobs=$SIM_DFS/cposim$dev/$f
		if { printf '%s\n' "$v" >"$knobs"; } 2>/dev/null; then
			ok=$((ok + 1))
		else
			failed=$((failed + 1))	# the churned device is gone, or no such object
		fi
		((ok % 8)) || sleep 0.05	# leave the CPUs to the forking workers
	done
	echo "$ok $failed" >"$WORK/knobber.count"
}

# (e) the churned device: made and deleted again, shapes changing
churner() {
	local i=0 made=0 deleted=0 failed=0 spec
	local shapes=("1 8 lasers=external" "2 4 lasers=internal"
		      "2 8 lasers=external" "1 4 lasers=internal type=npo")

	while ! stopping; do
		spec="$C ${shapes[i % ${#shapes[@]}]}"
		i=$((i + 1))
		if write_file "$SIM_BUS/new_device" "$spec"; then
			made=$((made + 1))
		else
			failed=$((failed + 1))
			echo "new_device '$spec': $WRITE_ERR" >>"$WORK/churn.bad"
		fi
		sleep 0.$((RANDOM % 5))
		if write_file "$SIM_BUS/del_device" "$C"; then
			deleted=$((deleted + 1))
		else
			failed=$((failed + 1))
			echo "del_device $C: $WRITE_ERR" >>"$WORK/churn.bad"
		fi
	done
	echo "$made $deleted $failed" >"$WORK/churner.count"
}

# (f) sysfs and hwmon reads (read builtins: no fork per file)
reader() {
	local ok=0 failed=0 f x h

	while ! stopping; do
		for f in "$CPO_CLASS"/*/* "$CPO_CLASS"/*/lane*/*; do
			[ -f "$f" ] || continue
			if { read -r x <"$f"; } 2>/dev/null; then
				ok=$((ok + 1))
			else
				failed=$((failed + 1))	# gone, or the transport failed
			fi
			stopping && break
		done
		for h in /sys/class/hwmon/hwmon*; do
			{ read -r x <"$h/name"; } 2>/dev/null || continue
			[ "$x" == cpo ] || continue
			for f in "$h"/*_input "$h"/*_label "$h"/*_max "$h"/*_crit "$h"/*_alarm; do
				[ -f "$f" ] || continue
				if { read -r x <"$f"; } 2>/dev/null; then
					ok=$((ok + 1))
				else
					failed=$((failed + 1))
				fi
			done
		done
		sleep 0.1
	done
	echo "$ok $failed" >"$WORK/reader.count"
}

# (c) monitors
MON_PIDS=()
for i in 1 2; do
	"$CPOCTL" -j monitor >"$WORK/mon.$i" 2>"$WORK/mon.$i.err" &
	MON_PIDS+=($!)
done
on_exit "kill ${MON_PIDS[*]} 2>/dev/null"

SIM_IDS+=("$C")		# removed at exit if left behind
"$FAULT" dumps "$WORK/stop" "cposim$S" >"$WORK/dumps.out" 2>&1 &
DUMPER=$!
declare -A WORKERS=([dumps]=$DUMPER)
cpoctl_dumper &
WORKERS[cpoctl_dumper]=$!
setter &
WORKERS[setter]=$!
knobber &
WORKERS[knobber]=$!
churner &
WORKERS[churner]=$!
reader &
WORKERS[reader]=$!
on_exit "touch $WORK/stop"

start=$SECONDS
sleep "$STRESS_SECONDS"
touch "$WORK/stop"
ran=$((SECONDS - start))

# Every worker stops by itself within a minute (a slow TCG guest).
for w in "${!WORKERS[@]}"; do
	pid=${WORKERS[$w]}
	end=$((SECONDS + 60))
	while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $end ]; do
		sleep 0.5
	done
	if kill -0 "$pid" 2>/dev/null; then
		fail "worker $w did not stop within 60 s"
		kill "$pid" 2>/dev/null
	fi
	wait "$pid"
	rc=$?
	[ "$w" == dumps ] && DUMPS_RC=$rc
done
for pid in "${MON_PIDS[@]}"; do
	kill -INT "$pid" 2>/dev/null
done
MON_RC=()
for pid in "${MON_PIDS[@]}"; do
	wait "$pid"
	MON_RC+=($?)
done
log "stress ran ${ran} s (STRESS_SECONDS=$STRESS_SECONDS)"

# ---- results of the workers
sed 's/^/# /' "$WORK/dumps.out"
dumps_line=$(grep '^dumps: ' "$WORK/dumps.out")
if [ "$DUMPS_RC" == 0 ] && [ -n "$dumps_line" ]; then
	pass "netlink dumps: ${dumps_line#dumps: }"
else
	fail "netlink dumps (exit $DUMPS_RC): ${dumps_line:-no summary}"
fi

read -r cd_ok cd_intr cd_bad <"$WORK/cpoctl_dumper.count"
log "cpoctl dumps: $cd_ok complete, $cd_intr flagged (dump interrupted), $cd_bad bad"
[ -s "$WORK/cd.bad" ] && head -n 5 "$WORK/cd.bad" | sed 's/^/#   /'
check_eq "cpoctl dumps: none inconsistent or failing" "$cd_bad" 0
((cd_ok > 0)) || fail "cpoctl dumps: none complete"

read -r set_ok set_refused set_bad <"$WORK/setter.count"
log "sets: $set_ok done, $set_refused refused by the kernel, $set_bad bad"
[ -s "$WORK/set.bad" ] && head -n 5 "$WORK/set.bad" | sed 's/^/#   /'
check_eq "sets: cpoctl never failed other than with a kernel error" "$set_bad" 0
((set_ok > 0)) || fail "sets: none done"

read -r knob_ok knob_failed <"$WORK/knobber.count"
log "knob writes: $knob_ok done, $knob_failed failed (the churned device gone)"
((knob_ok > 0)) || fail "knob writes: none done"

read -r ch_made ch_deleted ch_failed <"$WORK/churner.count"
log "devices: $ch_made created, $ch_deleted deleted, $ch_failed failed"
[ -s "$WORK/churn.bad" ] && head -n 5 "$WORK/churn.bad" | sed 's/^/#   /'
check_eq "new_device/del_device never failed" "$ch_failed" 0
((ch_made > 0)) || fail "devices: none created"

read -r rd_ok rd_failed <"$WORK/reader.count"
log "sysfs/hwmon reads: $rd_ok done, $rd_failed failed (object gone or transport error)"
((rd_ok > 0)) || fail "sysfs reads: none done"

events=0
for i in 1 2; do
	n=$(jq -c . "$WORK/mon.$i" 2>/dev/null | wc -l)
	lines=$(wc -l <"$WORK/mon.$i")
	overruns=$(grep -c 'Warning' "$WORK/mon.$i.err")
	log "monitor $i: $lines events ($overruns overruns), exit ${MON_RC[i - 1]}"
	check_eq "monitor $i: every line one JSON object" "$n" "$lines"
	check_eq "monitor $i: exit 0 on SIGINT" "${MON_RC[i - 1]}" 0
	events=$((events + lines))
done
((events > 0)) || fail "monitors: no event"
log "totals: dumps ${dumps_line#dumps: }; cpoctl dumps $cd_ok/$cd_intr/$cd_bad; sets $set_ok (+$set_refused refused); knob writes $knob_ok; devices $ch_made created / $ch_deleted deleted; sysfs reads $rd_ok; monitor events $events"

# ---- the stable device survived, back to a sane state
for e in 0 1; do
	for f in fault overtemp stuck read_err write_err; do
		sim_knob "$S" "engine$e/$f" 0
	done
	for l in 0 1 2 3 4 5 6 7; do
		for f in rx_los tx_fault stuck; do
			sim_knob "$S" "engine$e/lane$l/$f" 0
		done
		sim_knob "$S" "engine$e/lane$l/fiber" 1
	done
done
sim_knob "$S" dp_step_ms 20
check_eq "stable device: its engines" "$(sysfs_engines_of "$S")" "${S_ENGINES[*]} "
for e in "${S_ENGINES[@]}"; do
	check_jq "stable engine $e: 8 lanes, indexes 0-7" "$(lanes_json "$e")" \
		'map(.index) | sort | map(tostring) | join(",")' "0,1,2,3,4,5,6,7"
done
check_jq "stable device: its lasers" "$(lasers_of "$S")" \
	'map(.id) | map(tostring) | join(" ")' "${S_LASERS[*]}"
check_eq "churned device deleted" "$(sim_devices | grep -c "cposim$C ")" 0

# ---- a dump spanning a del_device is flagged (deterministic)
# The dump's first part is made when it is requested; the device is
# deleted before any of it is read (32 lanes make more than one part).
for kind in lane-engine lane threshold; do
	if ! sim_new "$D" 1 32 lasers=external; then
		fail "new_device '$D 1 32 lasers=external': $WRITE_ERR"
		break
	fi
	e=$(sysfs_engines_of "$D")
	out=$("$FAULT" dumpdel "$kind" "$D" "${e% }" 2>&1)
	rc=$?
	log "$out"
	case $rc in
	0) pass "$kind dump across del_device: flagged or failed" ;;
	3) log "$kind dump: one part only, not checked" ;;
	*) fail "$kind dump across del_device: $out" ;;
	esac
	[ -e "$SIM_BUS/devices/cposim$D" ] && sim_del "$D"
done

# ---- leaks, kernel log
kmemleak_check
klog_check
cpo_exit
