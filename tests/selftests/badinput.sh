#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Bad input everywhere a user can type something:
#
#  (a) sysfs: every writable file of a device's engines, lanes and lasers
#      refuses garbage, out-of-range, overlong (64 KiB), empty, negative
#      and near-miss values, with and without a newline, with EINVAL (or
#      ERANGE), and reads the same before and after;
#  (b) the simulator bus: new_device and del_device refuse malformed lines
#      with EINVAL, an ID in use with EEXIST, an unknown ID with ENOENT, and
#      nothing is created or removed;
#  (c) the simulator's debugfs knobs refuse what they validate; those that
#      take garbage (the kernel's generic debugfs and kstrtobool parsers)
#      are listed as NOTE lines, restored, and do not fail the test;
#  (d) module parameters (modinfo): each bad value makes insmod fail
#      cleanly; without parameters there is nothing to try (with some, only
#      when this test runs alone: CPO_TEST_JOBS=1 and no cposim device);
#  (e) cpoctl: bad or unknown objects, commands, ids, values and missing
#      arguments exit 1 with a message on stderr and nothing on stdout;
#      well-formed ids the kernel does not know exit 2; never a crash.

# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"

cpo_require

# 64 KiB of one character, by doubling (bash's pattern substitution on
# long strings is slow in a UTF-8 locale)
rep64k() {
	local v=$1 i

	for i in {1..16}; do v+=$v; done
	REP=$v
}
rep64k A
KB64_A=$REP
rep64k 1
KB64_1=$REP
rep64k 0
KB64_0=$REP
P4097=${KB64_1:0:4097}		# one more than a page
NL=$'\n'
NOTES=()
n_writes=0

note() {
	NOTES+=("$*")
	echo "NOTE: $*"
}

# shw VALUE: SHOWN is VALUE quoted, printable and short (no fork)
SHOWN=
shw() {
	local v=${1:0:24}

	v=${v//$'\n'/\\n}
	v=${v//$'\t'/\\t}
	[ ${#1} -gt 24 ] && v+="...(${#1} bytes)"
	SHOWN="'$v'"
}

# bwrite FILE VALUE: VALUE in exactly one write(2), by a perl coprocess
# (bash's printf writes line by line and 4 KiB at a time; a fork per write
# is slow in the guest). Status of the write; WRITE_ERR its error text. A
# short count is success: sysfs takes at most a page of a longer write.
ERRF=$(mktemp)
on_exit "rm -f $ERRF"
command -v perl >/dev/null || skip "perl missing"
# shellcheck disable=SC2016	# perl source
coproc WRITER { exec perl -e '
	$| = 1;
	binmode STDIN;
	binmode STDOUT;
	while (defined(my $h = <STDIN>)) {
		my ($pl, $vl) = split " ", $h;
		my ($p, $v) = ("", "");
		read(STDIN, $p, $pl) if $pl;
		read(STDIN, $v, $vl) if $vl;
		if (open(my $fh, ">", $p)) {
			binmode $fh;
			my $n = syswrite($fh, $v);
			if (defined $n) {
				print "0 $n\n";
			} else {
				printf "%d %s\n", $! + 0, $!;
			}
			close $fh;
		} else {
			printf "%d %s\n", $! + 0, $!;
		}
	}'; }
on_exit "kill $WRITER_PID 2>/dev/null"
bwrite() {
	local LC_ALL=C code msg

	n_writes=$((n_writes + 1))
	printf '%s %s\n%s%s' "${#1}" "${#2}" "$1" "$2" >&"${WRITER[1]}"
	if ! IFS=' ' read -r -u "${WRITER[0]}" code msg; then
		WRITE_ERR="writer gone"
		return 1
	fi
	WRITE_ERR=
	[ "$code" == 0 ] && return 0
	WRITE_ERR=$msg
	return 1
}

# bread FILE: BREAD is its first line, or <ERRNO TEXT> (no fork)
BREAD=
bread() {
	local v

	if { IFS= read -r BREAD <"$1"; } 2>"$ERRF"; then
		return 0
	fi
	IFS= read -r v <"$ERRF"
	BREAD="<${v##*: }>"
}

ERRNO_OK_RE='^(Invalid argument|Numerical result out of range)$'

# ================================================================ (d)
log "---- (d) module parameters (at $SECONDS s)"
dir=$(cpo_build_dir)
params=0
for ko in "$dir/kernel/cpo.ko" "$dir/kernel/sim/cpo_sim.ko"; do
	p=$(modinfo -F parm "$ko" 2>/dev/null)
	if [ -z "$p" ]; then
		log "$(basename "$ko"): no module parameters"
		continue
	fi
	params=$((params + $(wc -l <<<"$p")))
	log "$(basename "$ko") parameters: $p"
done
# the bad values need the modules unloaded: never while another test may
# be running (the runner exports CPO_TEST_JOBS) or has devices
others=$(sim_devices)
if [ "$params" -eq 0 ]; then
	pass "module parameters: none (modinfo), nothing to try"
elif [ "${CPO_TEST_JOBS:-}" != 1 ] || [ -n "$others" ]; then
	log "module parameters: $params, not tried: the modules cannot be unloaded while other tests may run (CPO_TEST_JOBS='${CPO_TEST_JOBS:-}', devices: ${others:-none})"
else
	# NAME:DESC (TYPE) lines; each bad value must make insmod fail and
	# leave the module unloaded. Reloads the modules (no devices exist yet).
	bad_for() {	# TYPE -> bad values, one per line
		case "$1" in
		bool | invbool) printf '%s\n' maybe 2 -1 '' ;;
		byte | short | ushort | int | uint | long | ulong | ullong | hexint)
			printf '%s\n' abc 1x 99999999999999999999999 '' 0x ;;
		*) ;;
		esac
	}
	bad_range() {	# NAME -> values of its type out of its range
		case "$1" in
		refresh_interval_ms) printf '%s\n' 1 9 3600001 ;;
		*) ;;
		esac
	}
	for m in cpo_sim cpo; do rmmod "$m" 2>/dev/null; done
	for ko in "$dir/kernel/cpo.ko" "$dir/kernel/sim/cpo_sim.ko"; do
		name=$(basename "$ko" .ko)
		[ "$name" == cpo_sim ] && insmod "$dir/kernel/cpo.ko" 2>/dev/null
		while IFS= read -r line; do
			[ -n "$line" ] || continue
			pname=${line%%:*}
			ptype=${line##*(}
			ptype=${ptype%)}
			while IFS= read -r v; do
				shw "$v"
				if insmod "$ko" "$pname=$v" 2>/dev/null; then
					fail "insmod $name $pname=$SHOWN: loaded"
					rmmod "$name"
				elif [ -d "/sys/module/$name" ]; then
					fail "insmod $name $pname=$SHOWN: failed but left the module"
				else
					pass "insmod $name $pname=$SHOWN ($ptype): refused"
				fi
			done < <(bad_for "$ptype"; bad_range "$pname")
		done < <(modinfo -F parm "$ko")
	done
	cpo_load_modules || { fail "reloading the modules"; cpo_exit; }
fi

# ================================================================ (a)
log "---- (a) sysfs writes (at $SECONDS s)"
ID=$(sim_unique_id)
sim_new_or_exit "$ID" 1 4 lasers=external

mapfile -t OBJ_DIRS < <(for d in "$CPO_CLASS"/*; do
	[[ "$(readlink -f "$d")" == */cposim$ID/* ]] && echo "$d"
done)
mapfile -t WFILES < <(for d in "${OBJ_DIRS[@]}"; do
	find "$d/" -mindepth 1 -type d -exec test -e {}/uevent \; -prune -o \
		-type f -perm /222 ! -name uevent ! -path '*/power/*' -print
done | sort)
log "sysfs: ${#WFILES[@]} writable files of cposim$ID: $(printf '%s\n' "${WFILES[@]##*/}" | sort | uniq -c | tr -s ' \n' ' ')"
check_ne "sysfs: cposim$ID has writable files" "${#WFILES[@]}" 0

# Values no file takes; then per kind (near misses, also with a newline).
# (An empty value is a write(2) of 0 bytes, which sysfs never passes on:
# "empty" is a lone newline here.)
COMMON=("$NL" "$NL$NL" garbage -1 -0 256 4294967296 99999999999999999999999
	"$KB64_A" "$KB64_1" "$P4097" "１" "é" "%s%n" "  " $'\t'
	"0 1" "1 0" "low high" "up${NL}down" "1${NL}0" "high${NL}low")
BOOL_BAD=(2 3 -1 0x2 0b1 1.0 true false on off yes no " 1" "1 " "1${NL}${NL}"
	"${NL}1" 1x 10 11 0x100 "+2" "0${NL}1")
# Other spellings of 0 and 1: kstrtou8(s, 0) takes them, the ABI does not
# ("0" or "1", anything else EINVAL); 64 KiB of zeros is the page of them
# sysfs passes on.
BOOL_ALT0=(0x0 00 +0 0x00 000 "$KB64_0")
BOOL_ALT1=(0x1 01 +1 0x01 001)
ENUM_BAD=(LOW Low HIGH UP Down AUTO lo hig lowx highh " low" "low " "low${NL}${NL}"
	"${NL}low" 0 1 2 3 "up,down" auto-manual "$KB64_0")
FAILOVER_BAD=(0 2 -1 11 01 0x1 +1 true yes on " 1" "1 " "1${NL}${NL}" "${NL}1"
	"$KB64_0" "1${NL}1")

# What a write could change beside the file itself: a laser's state,
# covering id and lanes (failover), an engine's power mode. In SIDE.
SIDE=
side_state() {
	local d=$1 f

	SIDE=
	for f in state covering_id lanes power_mode; do
		[ -e "$d/$f" ] || continue
		bread "$d/$f"
		SIDE+="$f=$BREAD "
	done
}

# Failures are counted per kind of file, value and outcome, one FAIL line
# each at the end with the first example: the same bug hits every lane.
declare -A AGG_N=() AGG_EX=()
agg() {	# KEY EXAMPLE
	AGG_N[$1]=$((${AGG_N[$1]:-0} + 1))
	[ -n "${AGG_EX[$1]:-}" ] || AGG_EX[$1]=$2
}

# try_bad FILE VALUE: refused with EINVAL/ERANGE, the file and its object
# read the same; BAD_HIT=1 otherwise. What they read before is kept from
# the last try on the same file (PREV_*), saving reads.
AGG_AS=
PREV_F=
PREV_VAL=
PREV_SIDE=
try_bad() {
	local f=$1 v=$2 d before sb name=${AGG_AS:-${1##*/}}

	d=${f%/*}
	shw "$v"
	if [ "$PREV_F" != "$f" ]; then
		bread "$f"
		PREV_VAL=$BREAD
		side_state "$d"
		PREV_SIDE=$SIDE
		PREV_F=$f
	fi
	before=$PREV_VAL
	sb=$PREV_SIDE
	if bwrite "$f" "$v"; then
		bread "$f"
		agg "$name $SHOWN: accepted" "${f#"$CPO_CLASS"/} '$before' -> '$BREAD'"
		BAD_HIT=1
		PREV_F=
		return
	elif [[ ! "$WRITE_ERR" =~ $ERRNO_OK_RE ]]; then
		agg "$name $SHOWN: '$WRITE_ERR', want EINVAL or ERANGE" "${f#"$CPO_CLASS"/}"
		BAD_HIT=1
	fi
	bread "$f"
	PREV_VAL=$BREAD
	side_state "$d"
	PREV_SIDE=$SIDE
	if [ "$PREV_VAL" != "$before" ] || [ "$PREV_SIDE" != "$sb" ]; then
		agg "$name $SHOWN: refused but changed" \
			"${f#"$CPO_CLASS"/} '$before' -> '$PREV_VAL'; $sb-> $PREV_SIDE"
		BAD_HIT=1
	fi
}

agg_report() {	# PREFIX
	local k

	for k in "${!AGG_N[@]}"; do
		fail "$1: $k on ${AGG_N[$k]} files (e.g. ${AGG_EX[$k]})"
	done
	AGG_N=()
	AGG_EX=()
}

# Every value on the engine's, the primary laser's and lane 0's files;
# lanes 1-3 and the spare (the same code) get a core of them.
CORE=(garbage 2 -1 "$NL" "$KB64_A" "low high" "1${NL}0")
n_ok_files=0
for f in "${WFILES[@]}"; do
	case "${f##*/}" in
	tx_enable | rx_enable | enable) near=("${BOOL_BAD[@]}") ;;
	power_mode | power | failover_policy) near=("${ENUM_BAD[@]}") ;;
	failover | failback) near=("${FAILOVER_BAD[@]}") ;;
	*) near=() ;;
	esac
	vals=("${COMMON[@]}" "${near[@]}")
	# the same code as lane 0's and the primary's files
	if [[ "$f" == */lane[1-9]*/* ]] ||
		{ [[ "$f" == */laser* ]] && [ "$(<"${f%/*}/role")" == spare ]; }; then
		vals=("${CORE[@]}")
		near=(garbage 2)
	fi
	BAD_HIT=0
	n0=$n_writes
	for v in "${vals[@]}"; do
		try_bad "$f" "$v"
	done
	# and the kind's own near misses with a newline, as echo writes them
	for v in "${near[@]}"; do
		[ "${v: -1}" != "$NL" ] && try_bad "$f" "$v$NL"
	done
	if [ "$BAD_HIT" -eq 0 ]; then
		n_ok_files=$((n_ok_files + 1))
		log "sysfs: ${f#"$CPO_CLASS"/}: $((n_writes - n0)) bad writes refused, value unchanged"
	fi
done
check_eq "sysfs: files refusing every bad write and unchanged" "$n_ok_files" "${#WFILES[@]}"
agg_report sysfs

# The ABI allows exactly "0" and "1" for the boolean files: other spellings
# of the numbers must not change the state either. Each is tried against
# the current value (0x0 on a 1), and the value put back after.
n_bool=0
AGG_AS="the boolean files"
for f in "${WFILES[@]}"; do
	case "${f##*/}" in
	tx_enable | rx_enable | enable) ;;
	*) continue ;;
	esac
	n_bool=$((n_bool + 1))
	bread "$f"
	cur=$BREAD
	if [ "$cur" == 1 ]; then
		alts=("${BOOL_ALT0[@]}")
	else
		alts=("${BOOL_ALT1[@]}")
	fi
	for v in "${alts[@]}"; do
		BAD_HIT=0
		try_bad "$f" "$v"
		bread "$f"
		if [ "$BREAD" != "$cur" ]; then
			bwrite "$f" "$cur" || fail "restoring ${f#"$CPO_CLASS"/} to $cur: $WRITE_ERR"
		fi
	done
done
AGG_AS=
if ((${#AGG_N[@]})); then
	agg_report "sysfs, other spellings of 0 and 1 (of $n_bool)"
else
	pass "sysfs: $n_bool boolean files refuse other spellings of 0 and 1"
fi
log "sysfs: $n_writes writes to ${#WFILES[@]} files"
sysfs_writes=$n_writes

# ================================================================ (b)
log "---- (b) new_device / del_device (at $SECONDS s)"
# What a bad line could make or remove: the devices of this test (ID, U, S)
# with their engines and lasers, and the devices a misparsed number could
# name. Not the others: a test running beside this one makes and removes
# its own meanwhile. No test picks an id below 20000, and the kernel takes
# none above INT_MAX: a device there comes from a misparse.
COUNTS=
count_all() {
	local n=0 e=0 l=0 x d id stray=""

	for id in "$ID" "$U" "${S:-}"; do
		[ -n "$id" ] || continue
		d=$SIM_BUS/devices/cposim$id
		[ -e "$d" ] || continue
		n=$((n + 1))
		for x in "$d"/cpo/*; do
			case ${x##*/} in
			engine*) e=$((e + 1)) ;;
			laser*) l=$((l + 1)) ;;
			esac
		done
	done
	stray=$(sim_stray)
	COUNTS="devices=$n engines=$e lasers=$l stray:${stray:- none}"
}

U=$(sim_unique_id)
while [ "$U" == "$ID" ]; do U=$(sim_unique_id); done
SIM_IDS+=("$U")		# removed at exit should a bad line create it
LONGTOK="type=cpo$(printf 'o%.0s' {1..40})"

# sim_bad FILE VALUE ERRNO_RE
n_sim=0
sim_bad() {
	local file=$1 v=$2 want=$3 before after

	n_sim=$((n_sim + 1))
	shw "$v"
	count_all
	before=$COUNTS
	if bwrite "$SIM_BUS/$file" "$v"; then
		fail "$file $SHOWN: accepted"
		# undo it
		[ -e "$SIM_BUS/devices/cposim$U" ] && bwrite "$SIM_BUS/del_device" "$U"
		[ "$file" == del_device ] && [ ! -e "$SIM_BUS/devices/cposim$ID" ] &&
			{ fail "del_device removed cposim$ID; no more checks"; cpo_exit; }
		return
	fi
	count_all
	after=$COUNTS
	if [[ ! "$WRITE_ERR" =~ $want ]]; then
		fail "$file $SHOWN: '$WRITE_ERR', want /$want/"
	elif [ "$after" != "$before" ]; then
		fail "$file $SHOWN: $before -> $after"
	elif [ ! -e "$SIM_BUS/devices/cposim$ID" ]; then
		fail "$file $SHOWN: cposim$ID is gone"
	else
		pass "$file $SHOWN: $WRITE_ERR, $after unchanged"
	fi
}

EINVAL='^Invalid argument$'
MARK="badinput: bad new_device lines from here $RANDOM$RANDOM"
echo "$MARK" >/dev/kmsg
for v in "$NL" "  $NL" abc "x 1 1" "$U abc" "$U 1 1 1" "$U 1 1 1 1" \
	"$U 0" "$U 65" "$U 1 0" "$U 1 65" "$U 99999999999 1" "$U 1 4294967297" \
	4294967296 2147483648 99999999999999999999999 -1 "$U -1" "$U 1 -1" \
	+5 "$U +1" 0x10 "$U 0x2" 1e3 "$U 1e1" "$U, 1" "$U,1,1" \
	"$U 1 1 type=foo" "$U 1 1 foo=bar" "$U 1 1 type=" "$U 1 1 =cpo" \
	"$U 1 1 type" "$U 1 1 =" "$U 1 1 rate=300" "$U 1 1 rate=abc" \
	"$U 1 1 rate=-100" "$U 1 1 rate=4294967396" "$U 1 1 rate=100000" \
	"$U 1 1 lasers=some" "$U 1 1 lasers=" "$U preset=foo" "$U preset=" \
	"$U 1 1 port_lanes=33" "$U 1 1 port_lanes=" "$U 1 1 port_lanes=-8" \
	"$U preset=npo port_lanes=8 port_lanes=4" \
	"$U preset=npo 1" "$U 2 preset=npo" "$U 1 1 preset=npo" \
	"$U preset=npo type=cpo" "$U type=cpo preset=npo" \
	"$U preset=npo preset=lpo" "$U preset=NPO" "$U 1 1 Type=cpo" \
	"$U 1 1 type=CPO" "$U 1 1 type=cpo,rate=100" "$U 1 1 $LONGTOK" \
	"$U 1 1 type=сpo" "$U １" "１ 1" "$U${NL}1${NL}1${NL}x" \
	"$U 1 1 type=cpo type=npo x" "$KB64_A" "$KB64_1" "$P4097" \
	"$U $KB64_1" "$U 1 1 ${KB64_A:0:5000}"; do
	sim_bad new_device "$v" "$EINVAL"
done
if dmesg | sed -n "/$MARK/,\$p" | grep 'new_device: expected' >/dev/null; then
	pass "new_device: the kernel log gives the expected format"
else
	fail "new_device: no 'new_device: expected' line in the kernel log"
fi
# an ID in use, also spelled with leading zeros or with other arguments
for v in "$ID" "00$ID" "$ID 1 1" "$ID preset=npo" "$ID$NL"; do
	sim_bad new_device "$v" '^File exists$'
done
# two keys of the same name: the line is not "malformed" by the documented
# syntax; whatever happens is reported
count_all
before=$COUNTS
if bwrite "$SIM_BUS/new_device" "$U 1 1 type=cpo type=npo"; then
	t=$(cat "$SIM_BUS/devices/cposim$U"/cpo/engine*/type 2>&1 | sort -u | tr '\n' ' ')
	note "new_device '$U 1 1 type=cpo type=npo' accepted: type $t(the last key wins)"
	bwrite "$SIM_BUS/del_device" "$U" || fail "del_device $U: $WRITE_ERR"
else
	pass "new_device '$U 1 1 type=cpo type=npo': $WRITE_ERR"
fi
count_all
check_eq "after the repeated key: counts back" "$COUNTS" "$before"

for v in "$NL" abc "$ID $ID" "1 2" -1 "0x$ID" 4294967296 \
	99999999999999999999 "$ID x" "x $ID" "$ID," "$ID.0" 1e3 "１" \
	"$KB64_1" "$P4097" "000000000000$ID" "$ID preset=npo"; do
	sim_bad del_device "$v" "$EINVAL"
done
sim_bad del_device "$U" '^No such file or directory$'
# "+ID": new_device refuses it (no digit first), del_device's kstrtou32()
# takes the sign; tried on a device of its own
S=$(sim_unique_id)
while [ "$S" == "$ID" ] || [ "$S" == "$U" ]; do S=$(sim_unique_id); done
if sim_new "$S"; then
	sim_bad new_device "+$S" "$EINVAL"
	if bwrite "$SIM_BUS/del_device" "+$S"; then
		note "del_device '+$S' removed cposim$S, though new_device refuses '+$S' (EINVAL)"
	else
		pass "del_device '+$S': $WRITE_ERR"
	fi
else
	fail "new_device $S: $WRITE_ERR"
fi
sim_bad del_device "4294967295" '^No such file or directory$'
check_true "cposim$ID still there" test -e "$SIM_BUS/devices/cposim$ID"

# ================================================================ (c)
log "---- (c) debugfs knobs (at $SECONDS s)"
DFS=$SIM_DFS/cposim$ID
n_knob=0
# knob_bad KNOB VALUE MODE: MODE "reject" must refuse (EINVAL, ERANGE or
# ENODEV); "lenient" may take it (a NOTE, then the value is restored)
knob_bad() {
	local k=$1 v=$2 mode=$3 before after

	n_knob=$((n_knob + 1))
	shw "$v"
	bread "$k"
	before=$BREAD
	if bwrite "$k" "$v"; then
		bread "$k"
		after=$BREAD
		if [ "$mode" == lenient ]; then
			note "debugfs ${k#"$SIM_DFS"/} takes $SHOWN (reads '$after')"
		else
			fail "debugfs ${k#"$SIM_DFS"/} $SHOWN: accepted (reads '$after')"
		fi
		bwrite "$k" "$before" || fail "restoring ${k#"$SIM_DFS"/} to '$before': $WRITE_ERR"
		return
	fi
	bread "$k"
	after=$BREAD
	if [[ ! "$WRITE_ERR" =~ ^(Invalid argument|Numerical result out of range|No such device)$ ]]; then
		fail "debugfs ${k#"$SIM_DFS"/} $SHOWN: '$WRITE_ERR'"
	elif [ "$after" != "$before" ]; then
		fail "debugfs ${k#"$SIM_DFS"/} $SHOWN: refused but '$before' -> '$after'"
	else
		pass "debugfs ${k#"$SIM_DFS"/} $SHOWN: $WRITE_ERR, unchanged"
	fi
}

NUM_BAD=(abc -1 "$NL" 1x 0x 99999999999999999999999 "$KB64_A" "$KB64_1" " " "1 2" "１")
BOOL_KNOB_BAD=(maybe 2 -1 "$NL" x "$KB64_A" " " "１" "ok")
ELS_DIR=$(find "$DFS" -maxdepth 1 -type d -name 'els*' | head -1)
for k in "$DFS/dp_step_ms" "$DFS/engine0/read_err" "$DFS/engine0/write_err" \
	"$ELS_DIR/read_err" "$ELS_DIR/write_err"; do
	[ -e "$k" ] || { fail "knob $k missing"; continue; }
	for v in "${NUM_BAD[@]}"; do knob_bad "$k" "$v" reject; done
	# debugfs_create_u32 keeps the low 32 bits of any u64
	knob_bad "$k" 4294967296 lenient
	knob_bad "$k" "${KB64_0}" lenient
done
# not an errno: the transport fails with it all the same
knob_bad "$DFS/engine0/read_err" 4000 lenient
for spec in "engine0/fault 256" "engine0/overtemp 101" "engine0/lane0/loss_cdb 6001" \
	"${ELS_DIR#"$DFS"/}/laser0/overtemp 101" "${ELS_DIR#"$DFS"/}/laser0/hours 4294967296"; do
	k=$DFS/${spec% *}
	[ -e "$k" ] || { fail "knob $k missing"; continue; }
	knob_bad "$k" "${spec##* }" reject
	for v in "${NUM_BAD[@]}"; do knob_bad "$k" "$v" reject; done
done
# fault: 1..3 are CMIS causes; the admin guide documents no others
knob_bad "$DFS/engine0/fault" 200 lenient
bwrite "$DFS/engine0/fault" 0
for k in "$DFS/engine0/stuck" "$DFS/engine0/lane0/rx_los" "$DFS/engine0/lane0/tx_fault" \
	"$DFS/engine0/lane0/stuck" "$DFS/engine0/lane0/fiber" "$ELS_DIR/laser0/fail"; do
	[ -e "$k" ] || { fail "knob $k missing"; continue; }
	for v in "${BOOL_KNOB_BAD[@]}"; do knob_bad "$k" "$v" reject; done
	# kstrtobool() looks at the first character(s) only
	knob_bad "$k" "yellow" lenient
	knob_bad "$k" "nonsense" lenient
	knob_bad "$k" "$KB64_1" lenient
done
k=$DFS/engine0/lane0/port
for v in nonexistent0 "a${NL}b" "$(printf 'x%.0s' {1..16})" "$KB64_A" "../lo" " lo" "lo " "$NL$NL"; do
	knob_bad "$k" "$v" reject
done
log "debugfs: $n_knob writes"

# ================================================================ (e)
# cpoctl's argument handling is userspace: the stock kernels check it, the
# debug kernel (where each cpoctl run costs about 0.4 s) only if asked.
n_cli=0
if kernel_is_debug && [ "${BADINPUT_CLI:-0}" != 1 ]; then
	log "---- (e) cpoctl arguments: on the stock kernels (BADINPUT_CLI=1 runs them here)"
else
log "---- (e) cpoctl arguments (at $SECONDS s)"
if [ ! -x "$CPOCTL" ]; then
	fail "$CPOCTL not built"
	cpo_exit
fi
E=$(engine_id_of "$ID" 0)
LA=$(lasers_of "$ID" | jq -r '.[0].id')
BIG=99999999999999999999
n_cli=0
CLI_OUT=$(mktemp)
CLI_ERR=$(mktemp)
on_exit "rm -f $CLI_OUT $CLI_ERR"
# cli_bad WANT ARGS...: exit WANT, a message on stderr, no crash; usage
# errors print nothing on stdout
cli_bad() {
	local want=$1 desc

	shift
	n_cli=$((n_cli + 1))
	"$CPOCTL" "$@" >"$CLI_OUT" 2>"$CLI_ERR" </dev/null
	RC=$?
	OUT=
	ERR=
	IFS= read -r -d '' OUT <"$CLI_OUT"
	IFS= read -r -d '' ERR <"$CLI_ERR"
	printf -v desc '%q ' "$@"
	desc="cpoctl ${desc:0:120}"
	if [ "$RC" -ge 128 ]; then
		fail "$desc: crashed (status $RC): ${ERR:0:300}"
	elif [ "$RC" != "$want" ]; then
		fail "$desc: exit $RC, want $want (stderr '${ERR:0:200}')"
	elif [ -z "$ERR" ]; then
		fail "$desc: exit $RC without a message"
	elif [ "$want" == 1 ] && [ -n "$OUT" ]; then
		fail "$desc: usage error printed on stdout: '${OUT:0:200}'"
	else
		pass "$desc: exit $RC, '${ERR%%"$NL"*}'"
	fi
}

cli_bad 1
cli_bad 1 bogus
cli_bad 1 ""
cli_bad 1 "$KB64_A"
cli_bad 1 "éngine"
cli_bad 1 ENGINE show
cli_bad 1 -z lane show
cli_bad 1 --bogus
cli_bad 1 -j
cli_bad 1 -j -p
cli_bad 1 -- engine show x
cli_bad 1 engine frobnicate
cli_bad 1 engine ""
cli_bad 1 engine show abc
cli_bad 1 engine show -1
cli_bad 1 engine show +1
cli_bad 1 engine show " 1"
cli_bad 1 engine show "1 "
cli_bad 1 engine show 0x1
cli_bad 1 engine show 1e3
cli_bad 1 engine show 4294967296
cli_bad 1 engine show "$BIG"
cli_bad 1 engine show "$KB64_1"
cli_bad 1 engine show "١"
cli_bad 1 engine show ""
cli_bad 1 engine show id
cli_bad 1 engine show 1 2
cli_bad 1 engine set
cli_bad 1 engine set abc power-mode low
cli_bad 1 engine set "$E"
cli_bad 1 engine set "$E" power-mode
cli_bad 1 engine set "$E" power-mode medium
cli_bad 1 engine set "$E" power-mode ""
cli_bad 1 engine set "$E" power-mode LOW
cli_bad 1 engine set "$E" power-mode low power-mode high
cli_bad 1 engine set "$E" bogus low
cli_bad 1 engine set "$E" power-mode low extra
cli_bad 1 lane frob
cli_bad 1 lane show "$E" 0 extra
cli_bad 1 lane show "$E" abc
cli_bad 1 lane show "$E" -1
cli_bad 1 lane show id
cli_bad 1 lane show id abc
cli_bad 1 lane show id 1 2
cli_bad 1 lane set
cli_bad 1 lane set "$E"
cli_bad 1 lane set "$E" 0 tx
cli_bad 1 lane set "$E" 0 tx maybe
cli_bad 1 lane set "$E" 0 tx 1
cli_bad 1 lane set "$E" 0 tx on tx off
cli_bad 1 lane set "$E" 0 power sideways
cli_bad 1 lane set "$E" 0 frequency 5
cli_bad 1 lane set "$E" 0 rx
cli_bad 1 lane set id
cli_bad 1 lane set id "$BIG" tx on
cli_bad 1 lane set id abc tx on
cli_bad 1 laser frob
cli_bad 1 laser show abc
cli_bad 1 laser show "$LA" 1
cli_bad 1 laser set
cli_bad 1 laser set "$LA"
cli_bad 1 laser set "$LA" enable
cli_bad 1 laser set "$LA" enable maybe
cli_bad 1 laser set "$LA" failover-policy
cli_bad 1 laser set "$LA" failover-policy sometimes
cli_bad 1 laser set "$LA" failover now
cli_bad 1 laser set "$LA" failover failover
cli_bad 1 laser set "$LA" bogus
cli_bad 1 topology
cli_bad 1 topology engine
cli_bad 1 topology engine abc
cli_bad 1 topology laser "$BIG"
cli_bad 1 topology bogus 1
cli_bad 1 topology engine "$E" extra
cli_bad 1 topology engine "$E" laser "$LA"
cli_bad 1 monitor extra
cli_bad 1 monitor help extra
# well formed, unknown to the kernel
cli_bad 2 engine show 4294967295
cli_bad 2 lane show "$E" 4294967295
cli_bad 2 lane show id 4294967295
cli_bad 2 laser show 4294967295
cli_bad 2 topology engine 4294967295
cli_bad 2 engine set 4294967295 power-mode low
# the objects cpoctl's help lists that this test does not know: a bogus
# command of each must be a usage error too
objs=$("$CPOCTL" help 2>&1 | tr '\n' ' ' | sed -n 's/.*OBJECT := {\([^}]*\)}.*/\1/p' | tr -d '|')
for o in $objs; do
	case "$o" in engine | lane | laser | topology | monitor) continue ;; esac
	cli_bad 1 "$o" frobnicate
	cli_bad 1 "$o" show abc
	cli_bad 1 "$o" set "$BIG"
done
log "cpoctl: $n_cli invocations"
fi

# ================================================================ summary
log "---- done at $SECONDS s"
klog_check
log "figures: $sysfs_writes sysfs writes to ${#WFILES[@]} files, $n_sim new_device/del_device lines, $n_knob debugfs writes, $n_cli cpoctl invocations"
if ((${#NOTES[@]})); then
	log "${#NOTES[@]} notes (accepted without being valid, not failures):"
	printf '#   %s\n' "${NOTES[@]}"
fi
cpo_exit
