#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# cpoctl against the kernel's YNL CLI: "cpoctl -j engine/lane show" print
# what the YNL dump does; "lane set" and "engine set" change the state;
# exit codes are 1 for usage errors and 2 for kernel errors, which print
# the kernel's extack message on stderr; "cpoctl -j monitor" prints a
# lane-change event after a set; "cpoctl -b FILE" runs its lines on one
# socket, stops at a failed one (naming FILE:LINE) unless -force, and
# with -j prints a JSON document per command. "cpoctl -br" prints one line
# per engine, lane and laser, with the fields of the JSON; the bash
# completion offers the ids of the objects present.

# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"

cpo_require
[ -x "$CPOCTL" ] || skip "$CPOCTL not built (make tools)"
ynl_works || skip "the kernel's YNL CLI does not run here"
UNKNOWN=2147483000

ID=$(sim_unique_id)
sim_new "$ID" 2 4 || fail "new_device '$ID 2 4': $WRITE_ERR"

# cpoctl ARGS...: runs cpoctl; OUT, ERR and RC hold what it did.
OUT='' ERR='' RC=''
cpoctl() {
	local errf

	errf=$(mktemp)
	OUT=$("$CPOCTL" "$@" 2>"$errf")
	RC=$?
	ERR=$(cat "$errf")
	rm -f "$errf"
}

# Engines of cposim$ID from a JSON array, sorted, keys sorted. The flags
# field-replaceable and unreachable: YNL leaves an absent flag out, cpoctl
# prints false.
norm_engines() {
	jq -S -c 'map(."field-replaceable" = (."field-replaceable" // false) |
		.unreachable = (.unreachable // false))'
}
mine_engines() {
	jq -c --arg d "cposim$ID" '[.[] | select(."dev-name" == $d)] | sort_by(.id)' | norm_engines
}

# ---- show: the same JSON as the YNL CLI
mapfile -t E < <(ynl --dump engine-get | mine_engines | jq -r '.[].id')
[ "${#E[@]}" -eq 2 ] || { fail "cannot go on without the engines"; cpo_exit; }
# The two decoders must read the same copy: no periodic refresh between
# their reads (the refreshed time and the bus counters would move).
for e in "${E[@]}"; do
	"$CPOCTL" engine set "$e" refresh-interval 0 ||
		fail "engine set $e refresh-interval 0"
done
ynl_engines=$(ynl --dump engine-get | mine_engines)
check_jq "ynl: cposim$ID has 2 engines" "$ynl_engines" 'length' 2

cpo_dump -j engine show
check_eq "cpoctl -j engine show: exit 0" "$RC" 0
check_eq "cpoctl -j engine show = ynl --dump engine-get" \
	"$(mine_engines <<<"$OUT")" "$ynl_engines"

cpoctl -j engine show "${E[1]}"
check_eq "cpoctl -j engine show ${E[1]}: exit 0" "$RC" 0
check_eq "cpoctl -j engine show ${E[1]} = ynl --do engine-get" \
	"$(norm_engines <<<"$OUT")" \
	"$(ynl --do engine-get --json "{\"id\": ${E[1]}}" | jq -c '[.]' | norm_engines)"

ynl_lanes=$(ynl --dump lane-get --json "{\"engine-id\": ${E[0]}}" | jq -S -c 'sort_by(.index)')
check_jq "ynl: engine ${E[0]} has 4 lanes" "$ynl_lanes" 'length' 4
cpoctl -j lane show "${E[0]}"
check_eq "cpoctl -j lane show ${E[0]}: exit 0" "$RC" 0
check_eq "cpoctl -j lane show ${E[0]} = ynl --dump lane-get filtered" \
	"$(jq -S -c 'sort_by(.index)' <<<"$OUT")" "$ynl_lanes"

# The full dumps, compared on this device's lanes: the other test running
# beside this one changes its own lanes between the two dumps.
cpo_dump -j lane show
check_eq "cpoctl -j lane show: exit 0" "$RC" 0
all_ynl=$(ynl --dump lane-get)
# mine_lanes: the lanes of cposim$ID's engines from a JSON array, by id
mine_lanes() {
	jq -S -c --argjson a "${E[0]}" --argjson b "${E[1]}" \
		'[.[] | select(."engine-id" == $a or ."engine-id" == $b)] | sort_by(.id)'
}
check_jq "cpoctl -j lane show: the 8 lanes of cposim$ID" "$(mine_lanes <<<"$OUT")" length 8
check_eq "cpoctl -j lane show = ynl --dump lane-get (lanes of cposim$ID)" \
	"$(mine_lanes <<<"$OUT")" "$(mine_lanes <<<"$all_ynl")"

LID=$(jq -r '.[2].id' <<<"$ynl_lanes")
cpoctl -j lane show "${E[0]}" 2
check_eq "cpoctl -j lane show ${E[0]} 2 = ynl --do lane-get" \
	"$(jq -S -c '.' <<<"$OUT")" \
	"$(ynl --do lane-get --json "{\"id\": $LID}" | jq -S -c '[.]')"
cpoctl -j lane show id "$LID"
check_jq "cpoctl -j lane show id $LID: engine ${E[0]} index 2" "$OUT" \
	'.[0] | "\(.id) \(."engine-id") \(.index)"' "$LID ${E[0]} 2"

# ---- set: the state changes
LP=$CPO_CLASS/engine${E[0]}/lane2
EP=$CPO_CLASS/engine${E[1]}

cpoctl lane set "${E[0]}" 2 tx off
check_eq "cpoctl lane set ${E[0]} 2 tx off: exit 0" "$RC" 0
check_true "lane reaches initialized" wait_until sysfs_is "$LP/dp_state" initialized
lane=$(ynl --do lane-get --json "{\"id\": $LID}")
check_jq "ynl: tx-enable 0 after cpoctl" "$lane" '."tx-enable"' 0
check_jq "ynl: dp-state initialized after cpoctl" "$lane" '."dp-state"' initialized

cpoctl lane set id "$LID" tx on power down
check_eq "cpoctl lane set id $LID tx on power down: exit 0" "$RC" 0
check_true "lane reaches deactivated" wait_until sysfs_is "$LP/dp_state" deactivated
check_eq "sysfs tx_enable 1" "$(cat "$LP/tx_enable")" 1
check_eq "sysfs power down" "$(cat "$LP/power")" down
cpoctl lane set "${E[0]}" 2 power up
check_eq "cpoctl lane set ${E[0]} 2 power up: exit 0" "$RC" 0
check_true "lane back to activated" wait_until sysfs_is "$LP/dp_state" activated

cpoctl engine set "${E[1]}" power-mode low
check_eq "cpoctl engine set ${E[1]} power-mode low: exit 0" "$RC" 0
check_true "engine reaches low-pwr" wait_until sysfs_is "$EP/module_state" low-pwr
check_eq "sysfs power_mode low" "$(cat "$EP/power_mode")" low
cpoctl engine set "${E[1]}" power-mode high
check_true "engine back to ready" wait_until sysfs_is "$EP/module_state" ready

# ---- usage errors: exit 1, a message, nothing sent
state() { cat "$LP/tx_enable" "$LP/power" "$EP/power_mode"; }
before=$(state)
check_usage() {
	cpoctl "$@"
	check_eq "cpoctl $*: exit 1" "$RC" 1
	check_ne "cpoctl $*: says why on stderr" "$ERR" ""
}
check_usage
check_usage bogus
check_usage engine frobnicate
check_usage engine set abc power-mode low
check_usage engine set "${E[1]}" power-mode medium
check_usage lane set "${E[0]}"
check_usage lane set "${E[0]}" 2 tx maybe
check_usage lane set "${E[0]}" 2 power sideways
check_usage lane set "${E[0]}" 2 frequency 5
check_usage lane show 1 2 3
check_usage -z lane show
check_eq "usage errors change nothing" "$(state)" "$before"

# ---- kernel errors: exit 2, the kernel's extack message on stderr
# The message the kernel gives, as the YNL CLI reports it.
ynl_extack() {
	ynl "$@" 2>&1 | sed -n "s/.*'msg': '\([^']*\)'.*/\1/p"
}

check_kernel_error() {
	local want=$1

	shift
	cpoctl "$@"
	check_eq "cpoctl $*: exit 2" "$RC" 2
	if [ -n "$want" ] && [[ "$ERR" == *"$want"* ]]; then
		pass "cpoctl $*: stderr has the kernel's '$want'"
	else
		fail "cpoctl $*: stderr '$ERR' lacks the kernel's message '$want'"
	fi
}

msg=$(ynl_extack --do lane-set --json "{\"engine-id\": $UNKNOWN, \"index\": 0, \"tx-enable\": 0}")
check_ne "ynl shows the kernel's message for an unknown engine" "$msg" ""
check_kernel_error "$msg" lane set "$UNKNOWN" 0 tx off
check_kernel_error "$msg" lane show "$UNKNOWN" 0

msg=$(ynl_extack --do lane-set --json "{\"engine-id\": ${E[0]}, \"index\": 99, \"tx-enable\": 0}")
check_ne "ynl shows the kernel's message for an unknown index" "$msg" ""
check_kernel_error "$msg" lane set "${E[0]}" 99 tx off

msg=$(ynl_extack --do engine-get --json "{\"id\": $UNKNOWN}")
check_kernel_error "$msg" engine show "$UNKNOWN"
check_kernel_error "$msg" engine set "$UNKNOWN" power-mode low

msg=$(ynl_extack --do lane-get --json "{\"id\": $UNKNOWN}")
check_kernel_error "$msg" lane set id "$UNKNOWN" power down

# a set with nothing to set: refused by cpoctl (1) or by the kernel (2)
cpoctl lane set "${E[0]}" 2
case "$RC" in
1) pass "cpoctl lane set ${E[0]} 2: usage error" ;;
2) check_match "cpoctl lane set ${E[0]} 2: kernel says nothing to set" "$ERR" "nothing to set" ;;
*) fail "cpoctl lane set ${E[0]} 2: exit $RC" ;;
esac
check_eq "kernel errors change nothing" "$(state)" "$before"

# ---- unprivileged: sets fail with EPERM (exit 2), shows work
nobody() {
	local errf

	errf=$(mktemp)
	chmod 666 "$errf"
	OUT=$(setpriv --reuid="$NOBODY" --regid="$NOBODY" --clear-groups \
		--inh-caps=-all --bounding-set=-all "$CPOCTL" "$@" 2>"$errf")
	RC=$?
	ERR=$(cat "$errf")
	rm -f "$errf"
}
nobody lane set "${E[0]}" 2 tx off
check_eq "non-root cpoctl lane set: exit 2" "$RC" 2
check_match "non-root cpoctl lane set: EPERM on stderr" "$ERR" "[Oo]peration not permitted|EPERM"
nobody engine set "${E[1]}" power-mode low
check_eq "non-root cpoctl engine set: exit 2" "$RC" 2
nobody -j lane show "${E[0]}"
check_eq "non-root cpoctl -j lane show: exit 0" "$RC" 0
check_jq "non-root cpoctl -j lane show: 4 lanes" "$OUT" 'length' 4
check_eq "non-root sets change nothing" "$(state)" "$before"

# ---- monitor: a lane-change event after a set
MON_OUT=$(mktemp)
on_exit "rm -f $MON_OUT"
"$CPOCTL" -j monitor >"$MON_OUT" 2>&1 &
MON_PID=$!
on_exit "kill $MON_PID 2>/dev/null; wait $MON_PID 2>/dev/null"

# shellcheck disable=SC2317	# called through wait_until
has_event() {
	jq -e -s --argjson id "$LID" --argjson tx "$1" \
		'any(.[]; ((.event // "") | test("lane-change")) and .lane.id == $id and
			  .lane."tx-enable" == $tx)' "$MON_OUT" >/dev/null 2>&1
}
# The monitor may not have joined the group yet: set until it reports,
# a bounded number of times.
seen=no
for tx in off on off on off; do
	"$CPOCTL" lane set "${E[0]}" 2 tx "$tx"
	want=$([ "$tx" == on ] && echo 1 || echo 0)
	if wait_until has_event "$want"; then
		seen=yes
		break
	fi
done
check_eq "cpoctl -j monitor: lane-change event with lane $LID tx-enable $want" "$seen" yes
check_true "cpoctl -j monitor: every line is one JSON object" \
	jq -e -s 'all(.[]; type == "object")' "$MON_OUT"
"$CPOCTL" lane set "${E[0]}" 2 tx on
wait_until sysfs_is "$LP/dp_state" activated
# shellcheck disable=SC2016	# jq variables
check_true "cpoctl -j monitor: event with dp-state back to activated" \
	wait_until jq -e -s --argjson id "$LID" \
	'any(.[]; .lane.id == $id and .lane."dp-state" == "activated" and .lane."tx-enable" == 1)' \
	"$MON_OUT"
kill "$MON_PID"
wait "$MON_PID" 2>/dev/null
log "monitor output: $(wc -l <"$MON_OUT") lines"

# ---- batch: the lines of a file on one socket
BATCH=$(mktemp)
on_exit "rm -f $BATCH"
# tx_of: tx_enable of lanes 0..3 of engine E[0], "1 0 1 1"
tx_of() {
	local i s=''

	for i in 0 1 2 3; do
		s+="$(cat "$CPO_CLASS/engine${E[0]}/lane$i/tx_enable") "
	done
	echo "${s% }"
}
check_eq "batch: lanes of ${E[0]} start with tx on" "$(tx_of)" "1 1 1 1"

cat >"$BATCH" <<EOF
# three lanes of engine ${E[0]} off, one by its id, then read back

lane set ${E[0]} 0 tx off
lane set ${E[0]} 1 \\
	tx off
lane set id $LID tx off		# lane 2
lane show ${E[0]}
EOF
cpoctl -j -b "$BATCH"
check_eq "batch: exit 0" "$RC" 0
check_eq "batch: nothing on stderr" "$ERR" ""
check_jq "batch: its lane show reads back what its sets did" "$OUT" \
	'sort_by(.index) | map(."tx-enable" | tostring) | join(" ")' "0 0 0 1"
check_eq "batch: sysfs agrees" "$(tx_of)" "0 0 0 1"

# A command that fails in the middle (line 6, after continuations):
# the batch stops there, the line after it is not run.
cat >"$BATCH" <<EOF
# lanes back on; the third command names no lane
lane set ${E[0]} 0 \\
	tx on
lane set ${E[0]} 1 tx on
lane set ${E[0]} 99 \\
	tx on
lane set id $LID tx on
EOF
cpoctl -b "$BATCH"
check_eq "batch, a kernel error on line 6: exit 2" "$RC" 2
check_eq "batch: the lines before it ran, not the one after" "$(tx_of)" \
	"1 1 0 1"
check_eq "batch: stderr ends with Command failed FILE:6" "${ERR##*$'\n'}" \
	"Command failed $BATCH:6"
check_match "batch: the kernel's message before it" "$ERR" \
	$'^Error: [^\n]+\nCommand failed '
check_eq "batch: one command failed" "$(grep -c 'Command failed' <<<"$ERR")" 1
cpoctl -force -b "$BATCH"
check_eq "batch -force: exit 2" "$RC" 2
check_eq "batch -force: the line after the failed one ran" "$(tx_of)" \
	"1 1 1 1"
check_eq "batch -force: Command failed FILE:6, once" \
	"$(grep 'Command failed' <<<"$ERR")" "Command failed $BATCH:6"

# -j: a JSON document per command, one a line; jq reads the stream
printf '%s\n' "engine show ${E[1]}" "lane show ${E[0]} 2" "# a comment" \
	"lane show id $LID" >"$BATCH"
cpoctl -j -b "$BATCH"
check_eq "batch -j: exit 0" "$RC" 0
check_eq "batch -j: 3 lines" "$(wc -l <<<"$OUT")" 3
check_jq "batch -j: 3 JSON documents, one per command" \
	"$(jq -s -c . <<<"$OUT")" 'map(.[0].id | tostring) | join(" ")' \
	"${E[1]} $LID $LID"
cpoctl -j -p -b "$BATCH"
check_jq "batch -j -p: 3 JSON documents too" "$(jq -s -c . <<<"$OUT")" \
	'length' 3

# One socket for the whole batch: reading a FIFO, cpoctl keeps the
# socket it opened for the first command and uses it for the second.
sockets_of() {
	local fd l s=''

	for fd in /proc/"$1"/fd/*; do
		l=$(readlink "$fd") && [[ "$l" == socket:* ]] && s+="$l "
	done
	echo "$s"
}
# shellcheck disable=SC2317	# called through wait_until
lines_in() {
	[ "$(wc -l <"$2")" -ge "$1" ]
}
FIFO=$(mktemp -u)
mkfifo "$FIFO"
BOUT=$(mktemp)
on_exit "rm -f $FIFO $BOUT"
"$CPOCTL" -j -b - <"$FIFO" >"$BOUT" 2>&1 &
BPID=$!
on_exit "kill $BPID 2>/dev/null"
exec {BW}>"$FIFO"
echo "lane show ${E[0]} 2" >&"$BW"
wait_until lines_in 1 "$BOUT"
s1=$(sockets_of "$BPID")
echo "engine show ${E[1]}" >&"$BW"
wait_until lines_in 2 "$BOUT"
s2=$(sockets_of "$BPID")
exec {BW}>&-
wait "$BPID"
check_eq "batch from a FIFO: exit 0" "$?" 0
check_ne "batch: its socket stays open after the first command" "$s1" ""
check_eq "batch: the second command used the same socket" "$s2" "$s1"
check_jq "batch from a FIFO: two documents" "$(jq -s -c . "$BOUT")" \
	'length' 2

# A monitor in a batch starts afresh: the second one prints no event of
# the sets between the two (the first one's socket is gone).
printf '%s\n' "monitor timeout 1" "lane set ${E[0]} 2 tx off" \
	"lane set ${E[0]} 2 tx on" "monitor timeout 1" >"$BATCH"
cpoctl -j -b "$BATCH"
check_eq "batch with two monitors: exit 0" "$RC" 0
docs=$(jq -s -c . <<<"$OUT")
check_jq "batch: two monitor summaries" "$docs" \
	'map(select(has("received"))) | length' 2
check_jq "batch: the second monitor has no event from before it" "$docs" \
	"(map(has(\"received\")) | index(true)) as \$i | .[\$i + 1:] |
	 any(.[]; .lane.id == $LID and .lane.\"tx-enable\" == 0)" false
check_true "lane back to activated" \
	wait_until sysfs_is "$LP/dp_state" activated

# A self-test followed to its end, then sets of its lanes (refused while
# a test runs): the batch waits for each command.
printf '%s\n' "selftest ${E[1]} gate 100 force" "lane set ${E[1]} 0 tx off" \
	"lane set ${E[1]} 0 tx on" >"$BATCH"
cpoctl -j -b "$BATCH"
check_eq "batch with a selftest: exit 0" "$RC" 0
check_eq "batch with a selftest: nothing on stderr" "$ERR" ""
check_jq "batch: the selftest's result" "$OUT" '.[0].selftest.state' "done"

# Not a check, a figure: 50 commands in a batch and in 50 runs.
for _ in $(seq 50); do echo "engine show ${E[1]}"; done >"$BATCH"
t0=$(date +%s%N)
"$CPOCTL" -b "$BATCH" >/dev/null
t1=$(date +%s%N)
for _ in $(seq 50); do "$CPOCTL" engine show "${E[1]}" >/dev/null; done
t2=$(date +%s%N)
log "50 engine show: one batch $(((t1 - t0) / 1000000)) ms," \
	"50 runs $(((t2 - t1) / 1000000)) ms"

# A SIGTERM that ends a monitor ends the batch: cpoctl prints the
# monitor's summary, then dies of the signal; the line after it is not run.
# catches_term PID: the process has a handler for SIGTERM (the monitor's)
# shellcheck disable=SC2317	# called through wait_until
catches_term() {
	local cgt

	cgt=$(sed -n 's/^SigCgt:[[:space:]]*//p' "/proc/$1/status") &&
		(( 0x$cgt & (1 << (15 - 1)) ))
}
printf '%s\n' "monitor" "lane set ${E[0]} 3 tx off" >"$BATCH"
"$CPOCTL" -j -b "$BATCH" >"$BOUT" 2>&1 &
BPID=$!
on_exit "kill $BPID 2>/dev/null"
check_true "batch: the monitor runs (it catches SIGTERM)" \
	wait_until catches_term "$BPID"
kill -TERM "$BPID"
wait "$BPID"
check_eq "batch: SIGTERM in its monitor ends cpoctl by the signal" "$?" \
	$((128 + 15))
check_jq "batch: the monitor printed its summary" \
	"$(jq -s -c 'map(select(has("received"))) | length' "$BOUT")" . 1
check_eq "batch: the line after the monitor did not run" \
	"$(cat "$CPO_CLASS/engine${E[0]}/lane3/tx_enable")" 1

# ---- -br: one line per object, its fields those of the JSON
# brief_vs_json BRIEF JSON: the lanes of BRIEF (cpoctl -br lane show ...)
# that differ from JSON (cpoctl -j lane show ...), and those missing
# shellcheck disable=SC2317	# called through wait_until
brief_vs_json() {
	python3 -c '
import json, math, sys
brief, lanes = sys.argv[1], json.loads(sys.argv[2])
rows = {int(l.split()[0]): l.split() for l in brief.splitlines()}
def dbm(nw):
    return "-infdBm" if nw <= 0 else "%.2fdBm" % (10 * math.log10(nw) - 60)
for l in lanes:
    flags = [f for f, k in (("RX_LOS", "rx-los"), ("RX_LOL", "rx-lol"),
                            ("TX_FAULT", "tx-fault")) if l.get(k)]
    if "fiber-connected" in l and not l["fiber-connected"]:
        flags.append("NO_FIBER")
    want = [str(l["id"]), str(l["engine-id"]), str(l["index"]),
            l.get("ifname", "-"), l["dp-state"],
            "on" if l["tx-enable"] else "off",
            "on" if l["rx-enable"] else "off",
            dbm(l["tx-power"]), dbm(l["rx-power"]), "<%s>" % ",".join(flags)]
    got = rows.pop(l["id"], None)
    if got != want:
        print("lane %d: got %s want %s" % (l["id"], got, want))
for i in rows:
    print("lane %d: not in the JSON" % i)
' "$1" "$2"
}
# brief_matches ENGINE: -br and -j of ENGINE's lanes agree (both read
# the same copy unless a refresh came between them)
# shellcheck disable=SC2317	# called through wait_until
brief_matches() {
	local b j

	b=$("$CPOCTL" -br lane show "$1") && j=$("$CPOCTL" -j lane show "$1") &&
		BRIEF_DIFF=$(brief_vs_json "$b" "$j") && [ -z "$BRIEF_DIFF" ]
}
for e in "${E[@]}"; do
	cpoctl -br lane show "$e"
	check_eq "-br lane show $e: exit 0" "$RC" 0
	check_eq "-br lane show $e: one line per lane" "$(wc -l <<<"$OUT")" 4
	check_true "-br lane show $e: the fields of -j lane show $e" \
		wait_until brief_matches "$e"
	[ -z "$BRIEF_DIFF" ] || log "$BRIEF_DIFF"
done
cpo_dump -br lane show
check_eq "-br lane show: exit 0" "$RC" 0
check_eq "-br lane show: one line for each lane of cposim$ID" \
	"$(awk -v a="${E[0]}" -v b="${E[1]}" '$2 == a || $2 == b' <<<"$OUT" | wc -l)" 8
cpoctl -j -br lane show "${E[0]}"
check_jq "-j -br lane show: the full JSON" "$OUT" \
	'.[0] | has("tx-power") and has("snr")' true
cpoctl -br engine show
check_eq "-br engine show: cposim$ID's engines, one line each" \
	"$(awk -v d="cposim$ID" '$2 == d { print $1 }' <<<"$OUT" | xargs)" \
	"${E[*]}"
check_match "-br engine show ${E[0]}: its columns" \
	"$("$CPOCTL" -br engine show "${E[0]}")" \
	"^${E[0]} +cposim$ID +cpo +ready +high +4 +200G +-?[0-9]+\.[0-9]C <> cposim$ID/oe[01]$"

LID2=$(sim_unique_id)
[ "$LID2" != "$ID" ] || LID2=$((ID + 1))
sim_new "$LID2" 2 4 lasers=internal ||
	fail "new_device '$LID2 2 4 lasers=internal': $WRITE_ERR"
mine_lasers=$(lasers_of "$LID2")
cpoctl -br laser show
check_eq "-br laser show: one line per laser of cposim$LID2" \
	"$(awk -v d="cposim$LID2" '$2 == d { print $1 }' <<<"$OUT" | xargs)" \
	"$(jq -r '.[].id' <<<"$mine_lasers" | xargs)"
L0=$(jq -c '.[0]' <<<"$mine_lasers")
check_match "-br laser show: the fields of -j laser show" \
	"$("$CPOCTL" -br laser show "$(jq -r .id <<<"$L0")")" \
	"$(jq -r '"^\(.id) +\(."dev-name") +\(.type) +\(.role) +\(.state) +(on|off) +((-inf|-?[0-9.]+)dBm|-) +(-?[0-9.]+C|-) +\(."lane-id" | length) \(.location)$"' <<<"$L0")"

# ---- bash completion: ids of the live objects
COMPLETION=$TOP/tools/cpoctl/cpoctl.bash-completion
# complete WORDS...: the completion's words for the last of WORDS, sorted
complete_words() {
	bash -c 'source "$1"; shift; COMP_WORDS=("$@")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _cpoctl
		printf "%s\n" "${COMPREPLY[@]}" | sort -n | xargs' \
		_ "$COMPLETION" "$CPOCTL" "$@"
}
# contains LIST WORDS: every one of WORDS is in LIST
# shellcheck disable=SC2317	# called through check_true
contains() {
	local w

	for w in $2; do
		[[ " $1 " == *" $w "* ]] || return 1
	done
}
lane_ids=$("$CPOCTL" -j lane show "${E[1]}" | jq -r '.[].id' | xargs)
check_true "completion: lane show id offers cposim$ID's lanes" \
	contains "$(complete_words lane show id "")" "$lane_ids"
check_eq "completion: lane set ${E[1]} offers its 4 indexes" \
	"$(complete_words lane set "${E[1]}" "")" "0 1 2 3"
check_true "completion: engine show offers cposim$ID's engines" \
	contains "$(complete_words -br engine show "")" "${E[*]}"
check_true "completion: selftest dev offers cposim$ID and cposim$LID2" \
	contains "$(complete_words selftest dev cposim)" "cposim$ID cposim$LID2"
check_true "completion: laser set offers cposim$LID2's lasers" \
	contains "$(complete_words laser set "")" \
	"$(jq -r '.[].id' <<<"$mine_lasers" | xargs)"

cpo_exit
