#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Ports as netdevs: the simulator's netdev per port_lanes lanes, the carrier
# cpo keeps, and ethtool -m served from the engine's memory map:
#   - a device with port_lanes=8 of 2 engines x 16 lanes has the netdevs
#     cs<ID>oe<E>p<P>, and each lane names its port (ifindex, ifname) in
#     cpoctl -j; a device without port_lanes has none;
#   - Debian's ethtool -m on a port decodes what cpoctl shows: vendor, part
#     number, serial, module temperature and voltage, and TX power, RX
#     power and bias of each of the port's lanes (channels 1-8 are lanes
#     8-15 of the engine for port 1);
#   - the clear-on-read lane flags come from cpo's copy: with RX LOS on a
#     lane, page 11h byte 147 has its bit, and ethtool's reads leave cpo's
#     count of LOS events as it was;
#   - no light on one lane takes its port's carrier down (polled and seen
#     by ip monitor link), the other port's stays up, and back;
#   - refused with ethtool's netlink error: a page the engine does not
#     serve, another I2C address, a bank beyond the port; during a
#     firmware update of the engine (EBUSY, saying why), while the other
#     engine's port answers;
#   - del_device removes the netdevs.

# shellcheck disable=SC2016	# jq programs use jq variables, in single quotes
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"

cpo_require
[ -d "$SIM_DFS" ] || skip "no cposim debugfs knobs"
command -v ethtool >/dev/null || skip "no ethtool (scripts/deps.sh installs it)"
command -v ip >/dev/null || skip "no ip (iproute2)"

ID=$(sim_unique_id)
sim_new "$ID" 2 16 port_lanes=8 || fail "new_device $ID 2 16 port_lanes=8"
E0=$(engine_id_of "$ID" 0)
E1=$(engine_id_of "$ID" 1)
P0=cs${ID}oe0p0 P1=cs${ID}oe0p1 Q0=cs${ID}oe1p0 Q1=cs${ID}oe1p1
log "device cposim$ID, engines $E0 and $E1, ports $P0 $P1 $Q0 $Q1"

# netdevs_of ID: how many netdevs cs<ID>* exist.
netdevs_of() {
	local d n=0

	for d in /sys/class/net/cs"$1"oe*; do
		[ -e "$d" ] && n=$((n + 1))
	done
	echo "$n"
}

# ---- the netdevs and the lanes' ports
for p in "$P0" "$P1" "$Q0" "$Q1"; do
	if [ -e "/sys/class/net/$p" ]; then
		pass "netdev $p exists"
	else
		fail "no netdev $p: $(cd /sys/class/net && echo *)"
	fi
done
check_eq "4 netdevs of cposim$ID" "$(netdevs_of "$ID")" 4

# port_of E P: [ifindex, ifname] of the netdev cs<ID>oe<E>p<P>.
port_of() {
	local name=cs${ID}oe$1p$2

	echo "[$(cat "/sys/class/net/$name/ifindex"),\"$name\"]"
}
for e in 0 1; do
	eid=$E0
	[ "$e" = 1 ] && eid=$E1
	want=$(jq -nc --argjson a "$(port_of "$e" 0)" --argjson b "$(port_of "$e" 1)" \
		'[range(16)] | map(if . < 8 then $a else $b end)')
	check_jq "engine $eid: lanes 0-7 serve oe${e}p0, 8-15 oe${e}p1 (ifindex, ifname)" \
		"$(lanes_json "$eid")" "map([.ifindex, .ifname]) == $want" true
done

ID2=$(sim_unique_id)
while [ "$ID2" = "$ID" ]; do ID2=$(sim_unique_id); done
sim_new "$ID2" 1 8 || fail "new_device $ID2 1 8"
check_eq "a device without port_lanes has no netdevs" "$(netdevs_of "$ID2")" 0
sim_del "$ID2" || fail "del_device $ID2"

for p in "$P0" "$P1" "$Q0" "$Q1"; do
	ip link set "$p" up || fail "ip link set $p up"
done
check_wait "engine $E0: every lane activated" \
	'map(."dp-state") | unique == ["activated"]' lanes_json "$E0"
check_wait "engine $E1: every lane activated" \
	'map(."dp-state") | unique == ["activated"]' lanes_json "$E1"

# shellcheck disable=SC2317	# called through wait_until
carrier_is() {
	[ "$(cat "/sys/class/net/$1/carrier" 2>/dev/null)" = "$2" ]
}
check_carrier() {
	if wait_until carrier_is "$2" "$3"; then
		pass "$1"
	else
		fail "$1: carrier of $2 is '$(cat "/sys/class/net/$2/carrier" 2>&1)', want $3 within ${WAIT_S}s"
	fi
}
for p in "$P0" "$P1" "$Q0" "$Q1"; do
	check_carrier "$p: carrier up, every lane activated with light" "$p" 1
done

# ---- ethtool -m against cpoctl
# ethtool's value of a line "NAME : VALUE [UNIT]..." (the first word).
eth_field() {
	sed -n "s/^[[:space:]]*$1[[:space:]]*: \([^ ]*\).*/\1/p" <<<"$ETH" | head -n 1
}
ETH=$(ethtool -m "$P1" 2>&1)
RC=$?
check_eq "ethtool -m $P1 exits 0" "$RC" 0
check_match "ethtool decodes it as CMIS" "$ETH" 'Identifier[[:space:]]+: 0x18 \(QSFP-DD'
ENG=$(one_of "$("$CPOCTL" -j engine show "$E0")")
check_eq "vendor name" "$(eth_field 'Vendor name')" "$(jq -r .vendor <<<"$ENG")"
check_eq "vendor PN" "$(eth_field 'Vendor PN')" "$(jq -r '."part-number"' <<<"$ENG")"
check_eq "vendor SN" "$(eth_field 'Vendor SN')" "$(jq -r .serial <<<"$ENG")"
# Temperature: ethtool rounds 1/256 degC to 0.01, cpo to 0.001.
t=$(eth_field 'Module temperature')
check_jq "module temperature $t degC is the engine's" "$ENG" \
	"(.temperature - ($t * 1000)) | fabs <= 5" true
v=$(eth_field 'Module voltage')
check_jq "module voltage $v V is the engine's" "$ENG" \
	".voltage == ($v * 1000000 | round)" true

# The port's channels 1..8 as [tx-power nW, rx-power nW, bias uA].
eth_lanes() {
	local c tx rx bias out=""

	for c in 1 2 3 4 5 6 7 8; do
		tx=$(eth_field "Transmit avg optical power (Channel $c)")
		rx=$(eth_field "Rcvr signal avg optical power (Channel $c)")
		bias=$(eth_field "Laser tx bias current (Channel $c)")
		out+="[${tx:-null},${rx:-null},${bias:-null}],"
	done
	jq -c 'map([(.[0] * 1000000 | round), (.[1] * 1000000 | round), (.[2] * 1000 | round)])' \
		<<<"[${out%,}]"
}
GOT=$(eth_lanes)
WANT=$(lanes_json "$E0" | jq -c '.[8:16] | map([."tx-power", ."rx-power", ."tx-bias"])')
check_eq "channels 1-8 of $P1: TX power, RX power and bias of lanes 8-15" "$GOT" "$WANT"
check_jq "those lanes have light and bias" "$WANT" 'map(min) | min > 0' true

# ---- the latched lane flags come from cpo's copy, and stay for cpo
LID9=$(lane_json "$E0" 9 | jq .id)
rx_los_count() {
	"$CPOCTL" -s -j lane show id "$LID9" | jq '.[0].stats."rx-los-count"'
}
# Watched from well before the first change: ip starts slowly on the
# debug kernel. The link watch reports a carrier change up to a second
# later, with the state at that time: each state is held until ip saw it.
# shellcheck disable=SC2317	# called through wait_until
seen() { grep -q "$1: .*$2" "$MON"; }
check_seen() {
	if wait_until seen "$2" "$3"; then
		pass "$1"
	else
		fail "$1: no $3 line of $2 from ip monitor link: $(head -c 1500 "$MON")"
	fi
}
MON=$(mktemp)
on_exit "rm -f '$MON'"
ip -o monitor link >"$MON" 2>&1 &
MON_PID=$!
on_exit "kill $MON_PID 2>/dev/null"
nap 1
sim_knob "$ID" engine0/lane9/rx_los 1 || fail "rx_los knob"
check_carrier "$P1: carrier down, no light on engine $E0 lane 9" "$P1" 0
check_carrier "$P0: carrier stays up" "$P0" 1
check_seen "ip monitor link sees $P1 lose its carrier" "$P1" NO-CARRIER
los0=$(rx_los_count)
hex=$(ethtool -m "$P1" page 0x11 bank 0 offset 147 length 1 hex on 2>&1)
check_match "page 11h byte 147 (RX LOS) of $P1 has lane 9's bit (channel 2)" \
	"$hex" '0x0093:[[:space:]]+02'
for _ in 1 2 3; do
	ethtool -m "$P1" >/dev/null 2>&1 || fail "ethtool -m $P1 with LOS"
done
check_eq "ethtool's reads leave cpo's LOS count of lane 9 ($los0)" "$(rx_los_count)" "$los0"
check_jq "the lane shows RX LOS" "$(lane_json "$E0" 9)" '."rx-los"' 1
check_jq "and counts one LOS event" "$los0" '.' 1

sim_knob "$ID" engine0/lane9/rx_los 0 || fail "rx_los knob"
check_carrier "$P1: carrier up again, the light back" "$P1" 1
check_seen "ip monitor link sees $P1 come up" "$P1" LOWER_UP
sim_knob "$ID" engine1/lane3/fiber 0 || fail "fiber knob"
check_carrier "$Q0: carrier down, engine $E1 lane 3's fiber open" "$Q0" 0
check_carrier "$Q1: carrier stays up" "$Q1" 1
check_seen "ip monitor link sees $Q0 lose its carrier" "$Q0" NO-CARRIER
sim_knob "$ID" engine1/lane3/fiber 1 || fail "fiber knob"
check_carrier "$Q0: carrier up again" "$Q0" 1
check_seen "ip monitor link sees $Q0 come up" "$Q0" LOWER_UP
kill "$MON_PID" 2>/dev/null

# ---- refusals (a hex dump names a page: without one, ethtool reads it
# through the ioctl, which the netdev does not have)
eth_refused() {
	local desc=$1 re=$2 out

	shift 2
	if out=$(ethtool -m "$P1" "$@" 2>&1); then
		fail "$desc: ethtool -m $P1 $* succeeded: ${out:0:200}"
	elif [[ ! "$out" =~ $re ]]; then
		fail "$desc: ethtool -m $P1 $*: '${out:0:300}' does not match /$re/"
	else
		pass "$desc"
	fi
}
eth_refused "page 14h is not served" "serves pages 00h-02h, 10h and 11h" \
	page 0x14 offset 128 length 16 hex on
eth_refused "I2C address 0x51 is refused" "I2C address 0x50 only" \
	i2c 0x51 offset 0 length 16 hex on
eth_refused "bank 1 of an 8-lane port is refused" "no such bank" \
	page 0x11 bank 1 offset 128 length 16 hex on

# ---- a firmware update owns its engine: EBUSY saying why, the other answers
FWDIR=/lib/firmware/cpo-ports.$$
if mkdir -p "$FWDIR"; then
	on_exit "rm -rf '$FWDIR'"
	ENG=$(one_of "$("$CPOCTL" -j engine show "$E0")")
	"$TOP/tests/selftests/cpo_fwimage.py" --vendor "$(jq -r .vendor <<<"$ENG")" \
		--part "$(jq -r '."part-number"' <<<"$ENG")" --version 2.3.5 \
		--size 60000 "$FWDIR/long.bin" || fail "cpo_fwimage.py"
	sim_knob "$ID" engine0/fw_write_mech 1 || fail "fw_write_mech knob"
	sim_knob "$ID" engine0/cdb_busy_ms 100 || fail "cdb_busy_ms knob"
	"$CPOCTL" engine flash "$E0" "${FWDIR#/lib/firmware/}/long.bin" >/dev/null 2>&1 &
	FL=$!
	check_wait "engine $E0: an update is downloading" '.[0].flash.state == "downloading"' \
		"$CPOCTL" -j engine show "$E0"
	eth_refused "ethtool -m during the engine's update: EBUSY, why" \
		"firmware update of the engine is under way" page 0x11 offset 128 length 16 hex on
	if ethtool -m "$Q1" >/dev/null 2>&1; then
		pass "ethtool -m of the other engine's port meanwhile"
	else
		fail "ethtool -m $Q1 failed during engine $E0's update"
	fi
	cpo_ok "abort the update" engine flash "$E0" abort
	wait "$FL"
	sim_knob "$ID" engine0/cdb_busy_ms 1 || fail "cdb_busy_ms knob"
else
	fail "cannot write $FWDIR"
fi

# ---- del_device
sim_del "$ID" || fail "del_device $ID"
SIM_IDS=()
check_eq "del_device removed the netdevs" "$(netdevs_of "$ID")" 0

cpo_exit
