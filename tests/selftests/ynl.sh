#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernel's own YNL CLI (tools/net/ynl/cli.py from Debian's
# linux-source-6.12, run through scripts/ynl.sh on this tree's spec) lists
# and gets engines and lanes, sets a lane, and sees the notification:
# a client written from the spec alone works with the kernel.

# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"

cpo_require
ynl_works || skip "the kernel's YNL CLI does not run here"
UNKNOWN=2147483000

ID=$(sim_unique_id)
sim_new "$ID" 2 4 || fail "new_device '$ID 2 4': $WRITE_ERR"
SYS_E=$(sysfs_engines_of "$ID")

# ---- --dump engine-get
all=$(ynl --dump engine-get)
check_jq "--dump engine-get: a JSON array" "$all" 'type' array
mine=$(jq -c --arg d "cposim$ID" '[.[] | select(."dev-name" == $d)] | sort_by(.id)' <<<"$all")
check_jq "--dump engine-get: 2 engines of cposim$ID" "$mine" 'length' 2
check_jq "--dump engine-get: the engines sysfs has" "$mine" \
	'map(.id | tostring) | join(" ")' "${SYS_E% }"
check_jq "--dump engine-get: type cpo, 4 lanes, ready, high" "$mine" \
	'map("\(.type) \(."lane-count") \(."module-state") \(."power-mode")") | unique | join(",")' \
	"cpo 4 ready high"
# No count against sysfs: another test makes and removes engines meanwhile
# (the engines of cposim$ID are checked against sysfs above).
check_jq "--dump engine-get: each engine once" "$all" '(map(.id) | unique | length) == length' true
mapfile -t E < <(jq -r '.[].id' <<<"$mine")
[ "${#E[@]}" -eq 2 ] || { fail "cannot go on without the engines"; cpo_exit; }
# The reads compared below must see the same copy: no periodic refresh
# between them (YNL sets it: its set works too).
for e in "${E[@]}"; do
	ynl --do engine-set --json "{\"id\": $e, \"refresh-interval\": 0}" >/dev/null ||
		fail "--do engine-set $e refresh-interval 0"
done
check_jq "--do engine-set: refresh-interval 0" \
	"$(ynl --do engine-get --json "{\"id\": ${E[0]}}")" '."refresh-interval"' 0

# ---- --do engine-get
eng=$(ynl --do engine-get --json "{\"id\": ${E[1]}}")
check_jq "--do engine-get: the engine the dump has" "$eng" \
	"\"\(.id) \(.\"dev-name\") \(.serial)\"" \
	"$(jq -r '.[1] | "\(.id) \(."dev-name") \(.serial)"' <<<"$mine")"

# ---- --dump lane-get, all and filtered
lanes=$(ynl --dump lane-get)
check_jq "--dump lane-get: 8 lanes on the engines of cposim$ID" "$lanes" \
	"[.[] | select(.\"engine-id\" == ${E[0]} or .\"engine-id\" == ${E[1]})] | length" 8
check_jq "--dump lane-get: each lane once" "$lanes" '(map(.id) | unique | length) == length' true
check_jq "--dump lane-get: the lanes sysfs has for cposim$ID" "$lanes" \
	"[.[] | select(.\"engine-id\" == ${E[0]} or .\"engine-id\" == ${E[1]}) | .id] | sort | map(tostring) | join(\" \")" \
	"$(for e in "${E[@]}"; do cat "$CPO_CLASS/engine$e"/lane[0-9]*/id; done | sort -n | tr '\n' ' ' | sed 's/ $//')"
f=$(ynl --dump lane-get --json "{\"engine-id\": ${E[1]}}")
check_jq "--dump lane-get engine-id ${E[1]}: 4 lanes, indexes 0-3, all of that engine" "$f" \
	"[length, (map(.index) | sort | map(tostring) | join(\",\")), (map(.\"engine-id\") | unique | map(tostring) | join(\",\"))] | map(tostring) | join(\" \")" \
	"4 0,1,2,3 ${E[1]}"
check_jq "--dump lane-get engine-id ${E[1]}: activated, tx on, power up" "$f" \
	'map("\(."dp-state") \(."tx-enable") \(.power)") | unique | join(",")' "activated 1 up"

# ---- --do lane-get, by id and by engine-id + index
LID=$(jq -r '.[] | select(.index == 3) | .id' <<<"$f")
by_id=$(ynl --do lane-get --json "{\"id\": $LID}")
by_index=$(ynl --do lane-get --json "{\"engine-id\": ${E[1]}, \"index\": 3}")
check_jq "--do lane-get by id: lane $LID, engine ${E[1]}, index 3" "$by_id" \
	'"\(.id) \(."engine-id") \(.index)"' "$LID ${E[1]} 3"
check_eq "--do lane-get by id = by engine-id + index" \
	"$(jq -S -c . <<<"$by_id")" "$(jq -S -c . <<<"$by_index")"
check_eq "--do lane-get = its dump entry" \
	"$(jq -S -c . <<<"$by_id")" "$(jq -S -c '.[] | select(.index == 3)' <<<"$f")"
check_eq "--do lane-get id = sysfs" "$(jq -r .id <<<"$by_id")" \
	"$(cat "$CPO_CLASS/engine${E[1]}/lane3/id")"

# ---- errors come back with the kernel's extack
out=$(ynl --do lane-get --json "{\"id\": $UNKNOWN}" 2>&1)
check_match "--do lane-get unknown id: ENOENT" "$out" "No such file or directory"
check_match "--do lane-get unknown id: extack names the id" "$out" "'msg': '[^']*id"
out=$(ynl --do lane-set --json "{\"id\": $LID, \"tx-enable\": 2}" 2>&1)
check_match "--do lane-set tx-enable 2: rejected" "$out" "Netlink error: (Invalid argument|Numerical result out of range)"
check_match "--do lane-set tx-enable 2: the bad attribute is tx-enable" "$out" "'bad-attr': '.tx-enable'"
# Several lanes by index-mask (hex bytes on the YNL CLI), as a dry run.
out=$(ynl --do lane-set --json "{\"engine-id\": ${E[1]}, \"index-mask\": \"0f\", \"tx-enable\": 0, \"dry-run\": true}" 2>&1)
check_jq "--do lane-set index-mask 0f dry-run: the 4 lanes would change" "$out" \
	"\"\(.\"engine-id\") \(.\"index-mask\") \(.\"dry-run\")\"" "${E[1]} 0f true"
check_jq "--dump lane-get engine-id ${E[1]}: the dry run changed nothing" \
	"$(ynl --dump lane-get --json "{\"engine-id\": ${E[1]}}")" \
	'map(."tx-enable") | unique | map(tostring) | join(",")' 1
out=$(ynl --do lane-set --json "{\"engine-id\": ${E[1]}, \"index-mask\": \"10\", \"tx-enable\": 0}" 2>&1)
check_match "--do lane-set index-mask 10 (lane 4 of 4): ENOENT, why" "$out" \
	"No such file or directory.*index-mask names a lane index beyond the engine.s lane-count"
# A stop takes nothing else: the first other attribute is named.
out=$(ynl --do lane-test --json "{\"id\": $LID, \"test\": {\"stop\": true, \"pattern\": \"prbs7\"}}" 2>&1)
check_match "--do lane-test stop with a pattern: EINVAL, why" "$out" \
	"Invalid argument.*'msg': 'test.stop goes alone'"
out=$(ynl --do engine-selftest --json "{\"id\": ${E[0]}, \"selftest\": {\"stop\": true, \"gate-time\": 500}}" 2>&1)
check_match "--do engine-selftest stop with a gate-time: EINVAL, why" "$out" \
	"Invalid argument.*'msg': 'selftest.stop goes alone'"
check_match "--do engine-selftest stop with a gate-time: the bad attribute" "$out" \
	"'bad-attr': '.selftest.gate-time'"
out=$(ynl --do engine-selftest --json "{\"id\": ${E[0]}, \"selftest\": {\"stop\": true}}" 2>&1)
check_match "--do engine-selftest stop, none runs: ENOENT, why" "$out" \
	"No such file or directory.*'msg': 'no self-test of the engine is under way'"

# ---- lane-set, with the notification it causes: the kernel's YNL library
# (cli.py --subscribe with --do trips over a notification that arrives
# before the reply in 6.12's lib/ynl.py), a monitor socket and a request
# socket, a bounded wait for the notification. Every listener gets every
# test's notifications: a large receive buffer (root may force it past
# rmem_max), and an overrun (ENOBUFS, which 6.12's check_ntf() does not
# catch) only loses events; when ours may be among them, the set is made
# again (tx-enable 1, then 0).
# shellcheck disable=SC2016	# python source
out=$(/usr/bin/python3 - "$("$YNL_SH" root)" "$TOP/Documentation/netlink/specs/cpo.yaml" "$LID" <<'PY' 2>&1
import errno, json, socket, sys, time
sys.path.insert(0, sys.argv[1] + '/tools/net/ynl')
from lib import YnlFamily
spec, lid = sys.argv[2], int(sys.argv[3])
mon = YnlFamily(spec, '')
try:
    mon.sock.setsockopt(socket.SOL_SOCKET,
                        getattr(socket, 'SO_RCVBUFFORCE', 33), 8 << 20)
except OSError:
    mon.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
mon.ntf_subscribe('monitor')
ctl = YnlFamily(spec, '')

def seen():
    return any(n['name'] == 'lane-change-ntf' and n['msg'].get('id') == lid and
               n['msg'].get('tx-enable') == 0 for n in mon.async_msg_queue)

for attempt in range(3):
    if attempt:
        ctl.do('lane-set', {'id': lid, 'tx-enable': 1})
    ctl.do('lane-set', {'id': lid, 'tx-enable': 0})
    overrun = False
    deadline = time.time() + 20
    while time.time() < deadline:
        try:
            mon.check_ntf()
        except OSError as e:
            if e.errno != errno.ENOBUFS:
                raise
            overrun = True
            print('# monitor overrun: events lost', file=sys.stderr)
            continue
        if seen():
            break
        time.sleep(0.1)
    if seen() or not overrun:
        break
print(json.dumps(mon.async_msg_queue))
PY
)
log "notifications: $(head -c 400 <<<"$out")"
ntf=$(tail -n 1 <<<"$out")
check_jq "YNL monitor: lane-change-ntf for lane $LID with tx-enable 0" "$ntf" \
	"[.[] | select(.name == \"lane-change-ntf\" and .msg.id == $LID and .msg.\"tx-enable\" == 0)] | length > 0" \
	true
check_jq "YNL monitor: the notification is the get reply (engine, index)" "$ntf" \
	"[.[] | select(.name == \"lane-change-ntf\" and .msg.id == $LID) | .msg | \"\\(.\"engine-id\") \\(.index)\"] | first" \
	"${E[1]} 3"
check_true "lane reaches initialized" wait_until sysfs_is \
	"$CPO_CLASS/engine${E[1]}/lane3/dp_state" initialized
check_jq "--do lane-get: tx-enable 0, initialized" "$(ynl --do lane-get --json "{\"id\": $LID}")" \
	'"\(."tx-enable") \(."dp-state")"' "0 initialized"

cpo_exit
