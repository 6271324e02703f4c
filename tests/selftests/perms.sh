#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Permissions and namespaces, as Documentation/admin-guide/cpo.rst documents
# them ("Permissions and namespaces"):
#
#  - netlink: every get and dump of the spec works for an unprivileged user,
#    for root without CAP_NET_ADMIN and for root of a new user namespace;
#    every admin-perm command fails with EPERM for all three, with a request
#    root then shows to be valid (it succeeds and changes the state); the
#    state is the same before and after. The commands come from the spec
#    (perms_nl.py), so a new one is covered without editing this test.
#  - the monitor group: an unprivileged user subscribes and receives a
#    notification (reading is open to every user).
#  - sysfs: every writable file of the device's engines, lanes and lasers
#    refuses a valid, state-changing write from an unprivileged user
#    (EACCES) and from root without CAP_NET_ADMIN (EPERM); nothing changes.
#  - debugfs: the simulator's knobs are neither readable nor writable by an
#    unprivileged user, and their modes give nothing to group or others.
#  - netns: from a new network namespace the family is not found and the
#    initial namespace's family id does not reach it; cpoctl says so (2).

# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"

cpo_require
command -v setpriv >/dev/null || skip "setpriv not installed"
command -v unshare >/dev/null || skip "unshare not installed"
ynl_root=$("$YNL_SH" root 2>/dev/null) || skip "the kernel's YNL library is not available"
[ -d "$ynl_root/tools/net/ynl/lib" ] || skip "$ynl_root/tools/net/ynl/lib missing"
PY=/usr/bin/python3
[ -x "$PY" ] || skip "python3 missing"

# The YNL library (under root's home, which others cannot enter), the spec
# and the helper, copied where every user can read them.
WORK=$(mktemp -d /tmp/cpo-perms.XXXXXX)
on_exit "rm -rf $WORK"
cp -r "$ynl_root/tools/net/ynl/lib" "$WORK/"
cp "$TOP/Documentation/netlink/specs/cpo.yaml" "$TOP/tests/selftests/perms_nl.py" "$WORK/"
mkdir -m 1777 "$WORK/ready"
chmod -R a+rX "$WORK"
NL=("$PY" "$WORK/perms_nl.py" "$WORK" "$WORK/cpo.yaml")

as_nobody() {
	setpriv --reuid="$NOBODY" --regid="$NOBODY" --clear-groups \
		--inh-caps=-all --bounding-set=-all "$@"
}

# root, with every capability but CAP_NET_ADMIN
# shellcheck disable=SC2317	# called through "$@"
as_root_no_net_admin() {
	setpriv --inh-caps=-net_admin --bounding-set=-net_admin "$@"
}

# py_checks CMD...: run CMD, turning its PASS:/FAIL: lines into checks; a
# failing CMD is a failed check too.
py_checks() {
	local line

	while IFS= read -r line; do
		case "$line" in
		"PASS: "*) pass "${line#PASS: }" ;;
		"FAIL: "*) fail "${line#FAIL: }" ;;
		"__rc="*) [ "${line#__rc=}" == 0 ] || fail "$* exited ${line#__rc=}" ;;
		*) echo "$line" ;;
		esac
	done < <("$@" 2>&1; echo "__rc=$?")
}

ID=$(sim_unique_id)
sim_new_or_exit "$ID" 2 8 lasers=external
DFS=$SIM_DFS/cposim$ID

# ---- the credentials are what they claim
cap_has() {	# CAPEFF_HEX BIT
	(((0x$1 >> $2) & 1))
}
# shellcheck disable=SC2016	# expanded by the inner bash
capeff() {
	"$@" bash -c 'while read -r k v; do [ "$k" == CapEff: ] && echo "$v"; done </proc/self/status'
}
c=$(capeff as_root_no_net_admin)
if cap_has "$c" 12 || ! cap_has "$c" 21; then
	fail "root without CAP_NET_ADMIN: CapEff $c (want bit 12 clear, 21 set)"
else
	pass "root without CAP_NET_ADMIN: CapEff $c"
fi
c=$(capeff as_nobody)
check_eq "nobody: no capabilities" "$((0x${c:-1}))" 0

# ---- netlink: the plan (objects, state, one request per get/dump and
# admin command of the spec), made by root
py_checks "${NL[@]}" plan "$ID" "$DFS/engine0" "$WORK/plan.json"
[ -s "$WORK/plan.json" ] || { fail "no plan"; cpo_exit; }
chmod a+r "$WORK/plan.json"
TRIG=$CPO_CLASS/engine$(jq -r .ctx.\"trigger-engine\" "$WORK/plan.json")/lane$(jq -r .ctx.\"trigger-index\" "$WORK/plan.json")/tx_enable
log "commands of the spec: $(jq -r '[.requests[].op] | unique | join(" ")' "$WORK/plan.json")"
log "admin-perm commands: $(jq -r '[.requests[] | select(.admin) | .op] | unique | join(" ")' "$WORK/plan.json")"

# ---- nobody: gets work, admin commands EPERM, and the monitor group
# delivers a change root makes meanwhile; at the same time (neither can
# change anything) root without CAP_NET_ADMIN
as_root_no_net_admin "${NL[@]}" run "$WORK/plan.json" "root without CAP_NET_ADMIN" \
	>"$WORK/nocap.out" 2>&1 &
pid_nocap=$!
as_nobody "${NL[@]}" run "$WORK/plan.json" nobody "$WORK/ready/nobody" \
	>"$WORK/nobody.out" 2>&1 &
pid=$!
end=$((SECONDS + 60))
while [ ! -e "$WORK/ready/nobody" ] && kill -0 "$pid" 2>/dev/null &&
	[ $SECONDS -lt $end ]; do
	sleep 0.2
done
if [ -e "$WORK/ready/nobody" ]; then
	check_true "root turns the trigger lane's transmitter off" write_file "$TRIG" 0
else
	fail "the unprivileged monitor never got ready"
fi
wait "$pid"
rc=$?
py_checks cat "$WORK/nobody.out"
[ "$rc" -eq 0 ] || fail "perms_nl.py run as nobody exited $rc"
write_file "$TRIG" 1 || fail "restoring $TRIG: $WRITE_ERR"

wait "$pid_nocap"
rc=$?
py_checks cat "$WORK/nocap.out"
[ "$rc" -eq 0 ] || fail "perms_nl.py run as root without CAP_NET_ADMIN exited $rc"

# ---- root of a new user namespace
if out=$(unshare -U -r true 2>&1); then
	py_checks unshare -U -r "${NL[@]}" run "$WORK/plan.json" "root of a new user namespace"
else
	log "no user namespaces here ($out): the user-namespace checks are skipped"
fi

# ---- sysfs: every writable file of the device's objects
mapfile -t OBJ_DIRS < <(for d in "$CPO_CLASS"/*; do
	[[ "$(readlink -f "$d")" == */cposim$ID/* ]] && echo "$d"
done)
check_ne "sysfs: cposim$ID has engines and lasers in $CPO_CLASS" \
	"$(printf '%s\n' "${OBJ_DIRS[@]}" | grep -c laser)" 0
# the driver core's own writable files (uevent, runtime PM) and those of
# child devices (the hwmon platform device) are not cpo's
mapfile -t WFILES < <(for d in "${OBJ_DIRS[@]}"; do
	find "$d/" -mindepth 1 -type d -exec test -e {}/uevent \; -prune -o \
		-type f -perm /222 ! -name uevent ! -path '*/power/*' -print
done | sort)
log "sysfs: ${#WFILES[@]} writable files: $(printf '%s\n' "${WFILES[@]##*/}" | sort | uniq -c | tr -s ' \n' ' ')"

# A valid value that changes the file's state.
toggle() {
	local f=$1 v=""

	[ -r "$f" ] && read -r v 2>/dev/null <"$f"
	case "${f##*/}:$v" in
	power_mode:low) echo high ;;
	power_mode:*) echo low ;;
	power:down) echo up ;;
	power:*) echo down ;;
	failover_policy:auto) echo manual ;;
	failover_policy:*) echo auto ;;
	failover:*) echo 1 ;;
	*:1) echo 0 ;;
	*) echo 1 ;;
	esac
}

# Everything the writes could change: each writable file's value and the
# lasers' state, covering id and lanes.
sysfs_state() {
	local f v

	for f in "${WFILES[@]}"; do
		[ -r "$f" ] || continue
		read -r v 2>/dev/null <"$f" || v="<read error>"
		echo "${f#"$CPO_CLASS"/}=$v"
	done
	for d in "${OBJ_DIRS[@]}"; do
		for f in state covering_id lanes; do
			[ -e "$d/$f" ] || continue
			read -r v 2>/dev/null <"$d/$f" || v="<read error>"
			echo "${d#"$CPO_CLASS"/}/$f=$v"
		done
	done
}

for f in "${WFILES[@]}"; do
	printf '%s\t%s\n' "$f" "$(toggle "$f")"
done >"$WORK/writes.tsv"
chmod a+r "$WORK/writes.tsv"
# One shell per user writes them all: each line "FILE<TAB>rc<TAB>error".
# shellcheck disable=SC2016	# run by the inner bash
WRITER='while IFS=$'"'"'\t'"'"' read -r f v; do
	err=$( { printf "%s" "$v" >"$f"; } 2>&1 )
	printf "%s\t%s\t%s\n" "$f" "$?" "${err##*: }"
done'

sysfs_writes() {	# WHO WANT_ERR RUNNER...
	local who=$1 want=$2 f rc err n=0 bad=0 before after

	shift 2
	before=$(sysfs_state)
	while IFS=$'\t' read -r f rc err; do
		n=$((n + 1))
		if [ "$rc" == 0 ]; then
			fail "sysfs: $who writes '$(toggle "$f")' to ${f#"$CPO_CLASS"/}: accepted"
			bad=$((bad + 1))
		elif [ "$err" != "$want" ]; then
			fail "sysfs: $who writing ${f#"$CPO_CLASS"/}: '$err', want '$want'"
			bad=$((bad + 1))
		fi
	done < <("$@" bash -c "$WRITER" <"$WORK/writes.tsv")
	check_eq "sysfs: $who: writes tried" "$n" "${#WFILES[@]}"
	check_eq "sysfs: $who: every write refused with '$want'" "$bad" 0
	after=$(sysfs_state)
	check_eq "sysfs: $who: nothing changed" "$after" "$before"
}

sysfs_writes nobody "Permission denied" as_nobody
sysfs_writes "root without CAP_NET_ADMIN" "Operation not permitted" as_root_no_net_admin

# reads stay open
f=${WFILES[0]}
check_eq "sysfs: nobody reads ${f#"$CPO_CLASS"/}" \
	"$(as_nobody cat "$f" 2>&1)" "$(cat "$f")"

# ---- debugfs
out=$(as_nobody ls "$SIM_DFS" 2>&1)
check_match "debugfs: nobody cannot list $SIM_DFS" "$out" "Permission denied"
out=$(as_nobody cat "$DFS/dp_step_ms" 2>&1)
check_match "debugfs: nobody cannot read dp_step_ms" "$out" "Permission denied"
before=$(cat "$DFS/dp_step_ms")
if write_as_nobody "$DFS/dp_step_ms" 1; then
	fail "debugfs: nobody wrote dp_step_ms"
else
	check_eq "debugfs: nobody cannot write dp_step_ms" "$WRITE_ERR" "Permission denied"
fi
check_eq "debugfs: dp_step_ms unchanged" "$(cat "$DFS/dp_step_ms")" "$before"
n=$(find "$DFS" -type f | wc -l)
open=$(find "$DFS" -type f -perm /077)
check_eq "debugfs: none of the $n knob files gives access to group or others" "$open" ""

# ---- the netlink state after all that, then root's own requests
py_checks "${NL[@]}" verify "$WORK/plan.json"

# ---- netns
fid=$(jq -r '.ctx."family-id"' "$WORK/plan.json")
py_checks unshare -n "${NL[@]}" netns "$fid"
if [ -x "$CPOCTL" ]; then
	# one engine of this device, not a dump: another test's devices come
	# and go meanwhile, which can interrupt a dump (exit 2)
	e=$(jq -r '.ctx.engine' "$WORK/plan.json")
	cpo_run engine show "$e"
	check_eq "cpoctl engine show $e in the initial netns: exit 0" "$RC" 0
	errf=$(mktemp)
	unshare -n "$CPOCTL" engine show >/dev/null 2>"$errf"
	rc=$?
	check_eq "cpoctl engine show in a new netns: exit 2" "$rc" 2
	check_match "cpoctl engine show in a new netns: says the family is not found" \
		"$(cat "$errf")" "not found"
	rm -f "$errf"
else
	log "$CPOCTL not built: cpoctl in a new netns not tried"
fi

cpo_exit
