#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Shared by the cpo shell selftests, netdevsim style: paths, module loading,
# simulator devices made and removed for the test, check helpers printing
# PASS/FAIL with a reason, jq assertions on JSON, bounded waits.
#
# A test sources this file, calls cpo_require, makes its devices with
# sim_new, runs checks, and ends with "cpo_exit". Exit status: 0 all checks
# passed, 1 a check failed, 4 (kselftest SKIP) the test could not run.
# shellcheck disable=SC2034	# variables are for the sourcing scripts

set -o pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CPO_KVER=${CPO_KVER:-$(uname -r)}
BUILD_DIR=$TOP/build/$CPO_KVER
SIM_BUS=/sys/bus/cposim
SIM_DFS=/sys/kernel/debug/cposim
CPO_CLASS=/sys/class/cpo
CPOCTL=${CPOCTL:-$TOP/tools/cpoctl/cpoctl}
YNL_SH=$TOP/scripts/ynl.sh
KSFT_SKIP=4
WAIT_S=${WAIT_S:-20}		# bound of every wait for a state (a pass never waits it out)
NOBODY=65534

# jq is gojq when installed. jq 1.6 compiles its builtins at each start:
# one run took 240 ms in a stock guest and 470-600 ms in the debug one,
# gojq 26-50 ms and 205 ms, and the tests run jq thousands of times.
# gojq prints object keys sorted (it has no -S: dropped here) and
# integers exactly. CPO_JQ=jq keeps jq 1.6 (tests/README.md).
if [ "${CPO_JQ:-gojq}" = gojq ] && command -v gojq >/dev/null; then
	jq() {
		local a=() x

		for x; do
			[ "$x" == -S ] || a+=("$x")
		done
		gojq "${a[@]}"
	}
	export -f jq
fi

num_passes=0
num_errors=0
SIM_IDS=()			# sim devices this test made
CLEANUP_HOOKS=()		# commands run at exit, last first

log() { echo "# $*"; }

# slow_mark: a log line before a check that took SLOW_S seconds or more
# since the one before, so a test's log shows where its time goes.
SLOW_S=${SLOW_S:-5}
last_check_s=$SECONDS
slow_mark() {
	if ((SECONDS - last_check_s >= SLOW_S)); then
		log "$((SECONDS - last_check_s)) s to the next check (at $SECONDS s)"
	fi
	last_check_s=$SECONDS
}

pass() {
	num_passes=$((num_passes + 1))
	slow_mark
	echo "PASS: $*"
}

fail() {
	num_errors=$((num_errors + 1))
	slow_mark
	echo "FAIL: $*"
}

# The whole test cannot run here.
skip() {
	echo "SKIP: $*"
	exit $KSFT_SKIP
}

# check_eq DESC GOT WANT
check_eq() {
	if [ "$2" == "$3" ]; then
		pass "$1"
	else
		fail "$1: got '$2', want '$3'"
	fi
}

# check_ne DESC GOT UNWANTED
check_ne() {
	if [ "$2" != "$3" ]; then
		pass "$1"
	else
		fail "$1: got '$2'"
	fi
}

# check_match DESC STRING ERE
check_match() {
	if [[ "$2" =~ $3 ]]; then
		pass "$1"
	else
		fail "$1: '$2' does not match /$3/"
	fi
}

# check_jq DESC JSON FILTER WANT: jq -r FILTER on JSON prints WANT
check_jq() {
	local got

	if ! got=$(jq -r "$3" <<<"$2" 2>&1); then
		fail "$1: jq '$3' failed: $got"
		return
	fi
	check_eq "$1" "$got" "$4"
}

# check_jqn DESC WANT FILTER JQ_ARGS...: jq -n -r JQ_ARGS FILTER prints WANT
# (JQ_ARGS: --argjson NAME JSON ... to check several documents together)
check_jqn() {
	local desc=$1 want=$2 filter=$3 got

	shift 3
	if ! got=$(jq -n -r "$@" "$filter" 2>&1); then
		fail "$desc: jq '$filter' failed: $got"
		return
	fi
	check_eq "$desc" "$got" "$want"
}

# check_true DESC CMD...: CMD succeeds
check_true() {
	local desc=$1

	shift
	if "$@"; then
		pass "$desc"
	else
		fail "$desc: '$*' failed"
	fi
}

cpo_exit() {
	if [ "$num_errors" -eq 0 ]; then
		echo "PASSED all $num_passes checks"
		exit 0
	fi
	echo "FAILED $num_errors/$((num_errors + num_passes)) checks"
	exit 1
}

cleanup() {
	local i id

	for ((i = ${#CLEANUP_HOOKS[@]} - 1; i >= 0; i--)); do
		eval "${CLEANUP_HOOKS[i]}" || true
	done
	for id in "${SIM_IDS[@]}"; do
		if [ -e "$SIM_BUS/devices/cposim$id" ]; then
			echo "$id" >"$SIM_BUS/del_device" 2>/dev/null ||
				echo "# cleanup: del_device $id failed"
		fi
	done
	rm -f /tmp/cpo_run.$$.*
}
trap cleanup EXIT

# on_exit CMD: run CMD (a string, eval'd) when the test exits
on_exit() {
	CLEANUP_HOOKS+=("$1")
}

# ------------------------------------------------------------------ setup

# The build directory whose modules are for the running kernel: normally
# build/$CPO_KVER, else the one whose cpo.ko has the kernel's vermagic.
cpo_build_dir() {
	local d

	if [ -f "$BUILD_DIR/kernel/cpo.ko" ]; then
		echo "$BUILD_DIR"
		return 0
	fi
	for d in "$TOP"/build/*/; do
		d=${d%/}
		[ -f "$d/kernel/cpo.ko" ] || continue
		if [[ "$(modinfo -F vermagic "$d/kernel/cpo.ko" 2>/dev/null)" == "$CPO_KVER "* ]]; then
			echo "# modules for $CPO_KVER found in $d, not $BUILD_DIR" >&2
			echo "$d"
			return 0
		fi
	done
	echo "$BUILD_DIR"
	return 1
}

cpo_load_modules() {
	local m dir

	[ -d /sys/module/cpo ] && [ -d /sys/module/cpo_sim ] && return 0
	dir=$(cpo_build_dir)
	for m in cpo:kernel/cpo.ko cpo_sim:kernel/sim/cpo_sim.ko; do
		[ -d "/sys/module/${m%%:*}" ] && continue
		if [ ! -f "$dir/${m#*:}" ]; then
			echo "# $dir/${m#*:} missing (make modules)" >&2
			return 1
		fi
		insmod "$dir/${m#*:}" || return 1
	done
}

cpo_unload_modules() {
	rmmod cpo_sim cpo
}

mount_debugfs() {
	[ -d /sys/kernel/debug/cposim ] && return 0
	mountpoint -q /sys/kernel/debug ||
		mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
	[ -d /sys/kernel/debug/cposim ]
}

# Everything a test needs: root, tools, modules, debugfs.
cpo_require() {
	[ "$(id -u)" -eq 0 ] || skip "needs root"
	command -v jq >/dev/null || skip "jq not installed"
	cpo_load_modules || skip "cannot load the cpo modules for $CPO_KVER"
	[ -w "$SIM_BUS/new_device" ] || skip "$SIM_BUS/new_device missing"
	mount_debugfs || log "debugfs knobs not available"
}

# ------------------------------------------------------------------ writes

# write_file PATH VALUE: write VALUE (no newline) in one write(2).
# Returns the status; WRITE_ERR holds the error text ("Invalid argument").
WRITE_ERR=
write_file() {
	local out

	out=$( { printf '%s' "$2" >"$1"; } 2>&1)
	local rc=$?
	WRITE_ERR=${out##*: }
	return $rc
}

# write_as_nobody PATH VALUE: as uid/gid 65534 without capabilities.
write_as_nobody() {
	local out

	# shellcheck disable=SC2016	# expanded by the inner bash
	out=$(setpriv --reuid="$NOBODY" --regid="$NOBODY" --clear-groups \
		--inh-caps=-all --bounding-set=-all \
		bash -c 'printf "%s" "$2" > "$1"' _ "$1" "$2" 2>&1)
	local rc=$?
	WRITE_ERR=${out##*: }
	return $rc
}

# ------------------------------------------------------------------ simulator

# An ID no device has. Tests run two at a time in a guest: the id is made
# from the test's PID ($$, unique among live processes), clear of the C
# tests' 20000-179999, so two tests never pick the same one. Callers take
# it through $(...), so the low bits come from that subshell's PID: a
# caller that needs two ids retries while they are equal.
sim_unique_id() {
	local id k=$((BASHPID % 16)) i

	for ((i = 0; i < 16; i++)); do
		id=$((200000 + $$ * 16 + (k + i) % 16))
		[ -e "$SIM_BUS/devices/cposim$id" ] || break
	done
	echo "$id"
}

# sim_stray: the cposim devices no test could have made on purpose, as
# " cposimN" words: tests pick ids from 20000 up (sim_unique_id, the C
# tests), and the kernel takes none above INT_MAX, so a device outside
# that range comes from a misparsed line ("abc", "-1", "2147483648").
sim_stray() {
	local d id stray=""

	for d in "$SIM_BUS"/devices/cposim*; do
		id=${d##*/cposim}
		[[ "$id" =~ ^[0-9]{1,10}$ ]] && ((id >= 20000 && id <= 2147483647)) &&
			continue
		[ -e "$d" ] && stray+=" ${d##*/}"
	done
	echo "$stray"
}

# sim_new ID [ENGINES [LANES]]: make a device, removed at exit.
sim_new() {
	write_file "$SIM_BUS/new_device" "$*" || return
	SIM_IDS+=("$1")
}

# sim_new_or_exit ID ARGS...: sim_new as a check; the test ends there when
# the device cannot be made (nothing after it could run)
sim_new_or_exit() {
	if sim_new "$@"; then
		pass "new_device '$*'"
	else
		fail "new_device '$*': $WRITE_ERR"
		cpo_exit
	fi
}

sim_del() {
	write_file "$SIM_BUS/del_device" "$1"
}

sim_devices() {
	local d

	for d in "$SIM_BUS"/devices/*; do
		[ -e "$d" ] && basename "$d"
	done | sort | tr '\n' ' '
}

# ------------------------------------------------------------------ netlink

# The kernel's YNL CLI on the cpo spec; JSON on stdout. The spec is checked
# against the schema by tests/spec/check-spec.sh; skipping that here saves
# seconds per call in the VM.
ynl() {
	"$YNL_SH" cli --no-schema --output-json "$@"
}

ynl_works() {
	"$YNL_SH" root >/dev/null 2>&1 && command -v /usr/bin/python3 >/dev/null
}

# Engine dump, only the engines of device cposim<ID>, ids ascending.
ynl_engines_of() {
	ynl --dump engine-get |
		jq -c --arg d "cposim$1" '[.[] | select(."dev-name" == $d)] | sort_by(.id)'
}

# Lane dump of one engine, indexes ascending.
ynl_lanes_of() {
	ynl --dump lane-get --json "{\"engine-id\": $1}" | jq -c 'sort_by(.index)'
}

# The netlink side of a check: the YNL CLI when it runs here, else cpoctl
# (both print the spec's attribute names as JSON keys). On the debug kernel
# cpoctl: a python3 start there takes seconds, and the kernel sees the same
# requests either way (ynl.sh and cpoctl.sh test the YNL CLI itself).
# CPO_NL_TOOL=ynl|cpoctl chooses.
NL_TOOL=${CPO_NL_TOOL:-}
nl_tool() {
	if [ -z "$NL_TOOL" ]; then
		if kernel_is_debug && [ -x "$CPOCTL" ]; then
			NL_TOOL=cpoctl
		elif ynl_works; then
			NL_TOOL=ynl
		elif [ -x "$CPOCTL" ]; then
			NL_TOOL=cpoctl
		else
			NL_TOOL=none
		fi
		log "netlink side from: $NL_TOOL"
	fi
	[ "$NL_TOOL" != none ]
}

# All engines, as a JSON array.
nl_engines() {
	if [ "$NL_TOOL" == ynl ]; then
		ynl --dump engine-get
	else
		"$CPOCTL" -j engine show
	fi
}

# The lanes of engine $1 (all lanes without $1), as a JSON array.
nl_lanes() {
	if [ "$NL_TOOL" == ynl ]; then
		if [ -n "${1-}" ]; then
			ynl --dump lane-get --json "{\"engine-id\": $1}"
		else
			ynl --dump lane-get
		fi
	else
		"$CPOCTL" -j lane show ${1+"$1"}
	fi
}

# One lane by id, as a JSON object.
nl_lane() {
	if [ "$NL_TOOL" == ynl ]; then
		ynl --do lane-get --json "{\"id\": $1}"
	else
		"$CPOCTL" -j lane show id "$1" | jq '.[0]'
	fi
}

# One engine by id, as a JSON object.
nl_engine() {
	if [ "$NL_TOOL" == ynl ]; then
		ynl --do engine-get --json "{\"id\": $1}"
	else
		"$CPOCTL" -j engine show "$1" | jq '.[0]'
	fi
}

# Engine ids of device cposim<ID> from sysfs, ascending. The engines are
# class devices under their parent (cposim<ID>/cpo/engine<N>); read with
# builtins only, forks are slow in a TCG guest.
sysfs_engines_of() {
	local e id ids=()

	for e in "$SIM_BUS/devices/cposim$1"/cpo/engine*; do
		[ -e "$e/id" ] || continue
		read -r id <"$e/id" && ids+=("$id")
	done
	((${#ids[@]})) || return 0
	printf '%s\n' "${ids[@]}" | sort -n | tr '\n' ' '
}

ynl_lane() {
	ynl --do lane-get --json "{\"id\": $1}"
}

ynl_engine() {
	ynl --do engine-get --json "{\"id\": $1}"
}

# ------------------------------------------------------------------ waits

# sysfs_is FILE VALUE: FILE reads VALUE (for wait_until)
# shellcheck disable=SC2317
sysfs_is() {
	[ "$(cat "$1")" == "$2" ]
}

# wait_until CMD...: poll CMD (bounded by WAIT_S) until it succeeds.
wait_until() {
	local end=$((SECONDS + WAIT_S))

	while :; do
		"$@" && return 0
		[ $SECONDS -ge $end ] && break
		nap 0.1
	done
	"$@"
}

# nap SECONDS: sleep without starting a process: a read that times out on a
# pipe nobody writes to. On the debug kernel a fork and exec of sleep(1)
# costs about 0.2 s, more than the pauses of a polling loop.
NAP_FD=
nap() {
	[ -n "$NAP_FD" ] || exec {NAP_FD}<> <(:)
	read -r -t "$1" -u "$NAP_FD" || true
}

# A debug kernel (KASAN, kmemleak, lockdep) in TCG is several times slower:
# stress tests scale down there.
kernel_is_debug() {
	[[ "$CPO_KVER" == *debug* ]] || [ -e /sys/kernel/debug/kmemleak ]
}

# ------------------------------------------------------------------ kernel log

KLOG_MARK=0
PROBLEM_RE='BUG:|WARNING:|Oops|KASAN:|UBSAN:|possible circular locking|possible recursive locking|inconsistent lock state|suspicious RCU usage|unreferenced object|general protection fault|Call Trace:|refcount_t:|list_(add|del) corruption'

klog_mark() {
	KLOG_MARK=$(dmesg | wc -l)
}

# klog_new_problems: problem reports since klog_mark or the last call,
# printed as comments; status 1 if any. Moves the mark.
klog_new_problems() {
	local now new

	now=$(dmesg | wc -l)
	new=$(dmesg | tail -n +$((KLOG_MARK + 1)) | grep -E "$PROBLEM_RE")
	KLOG_MARK=$now
	[ -z "$new" ] && return 0
	echo "# kernel log problem reports:"
	# shellcheck disable=SC2001
	sed 's/^/#   /' <<<"$new"
	return 1
}

# fault_require: FAULT is build/selftests/cpo_fault (CPO_FAULT overrides),
# built when missing or older than its source; a SKIP when it cannot be.
fault_require() {
	FAULT=${CPO_FAULT:-$TOP/build/selftests/cpo_fault}
	if [ ! -x "$FAULT" ] || [ "$TOP/tests/selftests/cpo_fault.c" -nt "$FAULT" ]; then
		make -s -C "$TOP/tests/selftests" "$FAULT" >/dev/null 2>&1 ||
			skip "cannot build $FAULT"
	fi
}

# kmemleak_check: a kmemleak scan (cpo_fault kmemleak) finds no leak; on a
# kernel without kmemleak (status 4) it says so and checks nothing.
kmemleak_check() {
	local out rc

	out=$("$FAULT" kmemleak 2>&1)
	rc=$?
	case $rc in
	0) log "${out##*$'\n'}"; pass "kmemleak: no leak" ;;
	4) log "$out" ;;
	*) echo "$out"; fail "kmemleak: ${out##*$'\n'}" ;;
	esac
}

# The kernel log since klog_mark has no problem reports.
klog_check() {
	local new

	new=$(dmesg | tail -n +$((KLOG_MARK + 1)) | grep -E "$PROBLEM_RE")
	if [ -z "$new" ]; then
		pass "kernel log clean"
	else
		fail "kernel log: $new"
	fi
}

# ------------------------------------------------------------------ cpoctl

# cpo_run ARGS...: run cpoctl; OUT (stdout), ERR (stderr), RC (status).
OUT='' ERR='' RC=''
# stderr goes through a file of this shell's own, read back without starting
# a process (mktemp and rm cost 0.2 s each on the debug kernel); cleanup()
# removes the test's files.
cpo_run() {
	local errf=/tmp/cpo_run.$$.$BASHPID

	OUT=$("$CPOCTL" "$@" 2>"$errf")
	RC=$?
	IFS= read -r -d '' ERR <"$errf" || true
	while [[ "$ERR" == *$'\n' ]]; do
		ERR=${ERR%$'\n'}
	done
}

# cpo_ok DESC ARGS...: cpoctl ARGS exits 0.
cpo_ok() {
	local desc=$1

	shift
	cpo_run "$@"
	if [ "$RC" == 0 ]; then
		pass "$desc"
	else
		fail "$desc: cpoctl $* exit $RC: $ERR"
	fi
}

# cpo_dump ARGS...: cpo_run of a dump, again while cpoctl says it was
# interrupted: another test's device came or went meanwhile (any
# registration makes a dump of several datagrams NLM_F_DUMP_INTR). Five
# tries over about 8 s, enough for a neighbour's 512-lane device to be made.
cpo_dump() {
	local pause

	for pause in 0.2 0.5 1 2 4; do
		cpo_run "$@"
		if [ "$RC" != 2 ] || [[ "$ERR" != *"dump interrupted"* ]]; then
			return 0
		fi
		log "cpoctl $*: dump interrupted, again in $pause s"
		nap "$pause"
	done
	cpo_run "$@"
}

# cpo_ok_dump DESC ARGS...: cpo_ok of a dump, through cpo_dump.
cpo_ok_dump() {
	local desc=$1

	shift
	cpo_dump "$@"
	if [ "$RC" == 0 ]; then
		pass "$desc"
	else
		fail "$desc: cpoctl $* exit $RC: $ERR"
	fi
}

# cpo_refused DESC ERE ARGS...: cpoctl ARGS exits 2 (the kernel refused)
# with a message matching ERE on stderr.
cpo_refused() {
	local desc=$1 re=$2

	shift 2
	cpo_run "$@"
	if [ "$RC" != 2 ]; then
		fail "$desc: cpoctl $* exit $RC, want 2 (stdout '$OUT' stderr '$ERR')"
	elif [[ ! "$ERR" =~ $re ]]; then
		fail "$desc: cpoctl $*: stderr '$ERR' does not match /$re/"
	else
		pass "$desc"
	fi
}

# json_true FILTER CMD...: jq -e FILTER holds on CMD's JSON output.
json_true() {
	local filter=$1

	shift
	"$@" 2>/dev/null | jq -e "$filter" >/dev/null 2>&1
}

# check_wait DESC FILTER CMD...: FILTER becomes true on CMD's output within
# WAIT_S; on failure the last output is shown.
check_wait() {
	local desc=$1 filter=$2 out

	shift 2
	if wait_until json_true "$filter" "$@"; then
		pass "$desc"
	else
		out=$("$@" 2>&1 | jq -c . 2>/dev/null)
		fail "$desc: '$filter' not true within ${WAIT_S}s; last: ${out:0:1500}"
	fi
}

# ------------------------------------------------------------------ sim objects

# Engines of cposim<ID>, from cpoctl, ids ascending.
engines_of() {
	"$CPOCTL" -j engine show |
		jq -c --arg d "cposim$1" '[.[] | select(."dev-name" == $d)] | sort_by(.id)'
}

# Id of the engine the simulator numbers N on cposim<ID> (location
# cposim<ID>/oe<N>).
engine_id_of() {
	"$CPOCTL" -j engine show |
		jq -r --arg l "cposim$1/oe$2" '.[] | select(.location == $l) | .id'
}

# Lasers of cposim<ID>, from cpoctl, ids ascending.
lasers_of() {
	"$CPOCTL" -j laser show |
		jq -c --arg d "cposim$1" '[.[] | select(."dev-name" == $d)] | sort_by(.id)'
}

# laser_id_at ID WHERE: id of the laser at location cposim<ID>/<WHERE>,
# e.g. "els0/laser1" or "oe0/laser0".
laser_id_at() {
	"$CPOCTL" -j laser show |
		jq -r --arg l "cposim$1/$2" '.[] | select(.location == $l) | .id'
}

# one_of JSON: the object of a one-object array as cpoctl -j prints it on one
# line, "null" for an empty one; without a jq process for the common case.
one_of() {
	case $1 in
	'[]') echo null ;;
	*'},{'*) jq -c '.[0]' <<<"$1" ;;
	'[{'*'}]') echo "${1:1:-1}" ;;
	*) jq -c '.[0]' <<<"$1" ;;
	esac
}

# One laser by id, as a JSON object.
laser_json() {
	local out

	out=$("$CPOCTL" -j laser show "$1") || return
	one_of "$out"
}

# The lanes of engine E (cpo id), indexes ascending.
lanes_json() {
	"$CPOCTL" -j lane show "$1" | jq -c 'sort_by(.index)'
}

# One lane, engine E (cpo id) index I, as a JSON object.
lane_json() {
	local out

	out=$("$CPOCTL" -j lane show "$1" "$2") || return
	one_of "$out"
}

# The debugfs directory of a laser from its location: cposim<ID>/els<M>/
# laser<K> is a module's laser, cposim<ID>/oe<N>/laser<K> an engine's.
laser_dfs() {
	local loc=$1

	loc=${loc/\/oe/\/engine}
	echo "$SIM_DFS/$loc"
}

# sim_knob ID PATH VALUE: write a debugfs knob of cposim<ID>.
sim_knob() {
	write_file "$SIM_DFS/cposim$1/$2" "$3"
}

# check_knob DESC ID PATH VALUE: the knob write succeeds.
check_knob() {
	if sim_knob "$2" "$3" "$4"; then
		pass "$1"
	else
		fail "$1: writing '$4' to cposim$2/$3: $WRITE_ERR"
	fi
}
