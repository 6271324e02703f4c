#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# cpo_sim's bus timing model (kernel/sim/busmodel.c), through its debugfs
# knobs and counters:
#   - the knobs bus_khz, bus_stall_ms, bus_nack_ppm and bus_timeout_ppm of
#     an engine and of a laser source take good values and refuse bad ones
#     with EINVAL, keeping the old value; the counters are read-only
#   - new_device bus=KHZ bus_stall=MS sets every engine and laser source,
#     with a preset too; bad values are refused with EINVAL
#   - a device without bus= counts accesses at no cost; with bus=400 the
#     counters grow with the device's activity (a lane set writes), page
#     selects are counted, and the busy time is at least the modelled cost
#     of the bytes moved (bytes x 9 bit times at 400 kHz): a lower bound of
#     the model's own accounting, not a measured time
#   - with every access NACKed (or timed out) a lane set fails and the
#     simulator counts it; with the rate back to 0 it works again
# Nothing here depends on whether a get reads the module or a cache.

# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"

cpo_require
[ -x "$CPOCTL" ] || skip "$CPOCTL not built (make tools)"
[ -d "$SIM_DFS" ] || skip "no cposim debugfs knobs"

ID=$(sim_unique_id)	# 2 x 8, external lasers, bus=400
ID2=$(sim_unique_id)	# 1 x 8, internal lasers, no bus model
while [ "$ID2" == "$ID" ]; do ID2=$(sim_unique_id); done
ID3=$(sim_unique_id)	# preset npo, bus=1000 bus_stall=1
while [ "$ID3" == "$ID" ] || [ "$ID3" == "$ID2" ]; do ID3=$(sim_unique_id); done

# dfs_read PATH: the file's value in V (builtins only)
V=
dfs_read() {
	V=
	read -r V <"$1" 2>/dev/null
}

# counter DIR NAME: bus_NAME of DIR, in V
counter() {
	dfs_read "$1/bus_$2"
}

# check_ge DESC A B: integers, A >= B
check_ge() {
	if [[ "$2" =~ ^[0-9]+$ && "$3" =~ ^[0-9]+$ ]] && (($2 >= $3)); then
		pass "$1"
	else
		fail "$1: want '$2' >= '$3'"
	fi
}

# knob_ok FILE VALUE: written, and reads back
knob_ok() {
	if write_file "$1" "$2"; then
		dfs_read "$1"
		check_eq "${1#"$SIM_DFS"/} = $2" "$V" "$2"
	else
		fail "${1#"$SIM_DFS"/} = $2: $WRITE_ERR"
	fi
}

# knob_bad FILE VALUE: refused with EINVAL, the old value kept
knob_bad() {
	local before

	dfs_read "$1"
	before=$V
	if write_file "$1" "$2"; then
		dfs_read "$1"
		fail "${1#"$SIM_DFS"/} = $2: accepted (reads '$V')"
		write_file "$1" "$before"
		return
	fi
	dfs_read "$1"
	if [ "$WRITE_ERR" != "Invalid argument" ]; then
		fail "${1#"$SIM_DFS"/} = $2: '$WRITE_ERR', want 'Invalid argument'"
	else
		check_eq "${1#"$SIM_DFS"/} = $2 refused, still $before" "$V" "$before"
	fi
}

# ---- new_device: bad bus options
MARK="busmodel: bad new_device lines from here $RANDOM$RANDOM"
echo "$MARK" >/dev/kmsg
for v in "$ID 1 1 bus=9" "$ID 1 1 bus=3401" "$ID 1 1 bus=abc" "$ID 1 1 bus=-1" \
	"$ID 1 1 bus=" "$ID 1 1 bus=4294967696" "$ID 1 1 bus_stall=10001" \
	"$ID 1 1 bus_stall=x" "$ID 1 1 bus=400 bus=100" "$ID 1 1 Bus=400" \
	"$ID preset=npo bus=400 type=cpo" "$ID preset=npo bus=5"; do
	if write_file "$SIM_BUS/new_device" "$v"; then
		fail "new_device '$v' accepted"
		SIM_IDS+=("$ID")
		sim_del "$ID"
	else
		check_eq "new_device '$v' refused" "$WRITE_ERR" "Invalid argument"
	fi
done
check_eq "no cposim$ID after the refused lines" \
	"$(test -e "$SIM_BUS/devices/cposim$ID" && echo yes || echo no)" no
if dmesg | sed -n "/$MARK/,\$p" | grep 'new_device: expected.*bus=KHZ.*bus_stall=MS' >/dev/null; then
	pass "new_device: the kernel log gives the format with bus= and bus_stall="
else
	fail "new_device: no 'new_device: expected ... bus=KHZ ... bus_stall=MS' line in the kernel log"
fi

# ---- new_device: good bus options
for spec in "$ID 2 8 lasers=external bus=400" "$ID2 1 8 lasers=internal" \
	"$ID3 bus=1000 preset=npo bus_stall=1"; do
	# shellcheck disable=SC2086	# the words of the line
	if sim_new $spec; then
		pass "new_device '$spec'"
	else
		fail "new_device '$spec': $WRITE_ERR"
		cpo_exit
	fi
done
D=$SIM_DFS/cposim$ID
D2=$SIM_DFS/cposim$ID2
D3=$SIM_DFS/cposim$ID3

# every engine and laser source of a device: "khz/stall" of each
bus_of() {
	local d out=""

	for d in "$1"/engine* "$1"/els* "$1"/engine*/ls; do
		[ -d "$d" ] || continue
		dfs_read "$d/bus_khz"
		out+=" ${d#"$1"/}=$V"
		dfs_read "$d/bus_stall_ms"
		out+="/$V"
	done
	echo "${out# }"
}
check_eq "cposim$ID: bus=400 on every engine and laser module" "$(bus_of "$D")" \
	"engine0=400/0 engine1=400/0 els0=400/0 els1=400/0"
check_eq "cposim$ID2: no bus model by default, engine and internal lasers" \
	"$(bus_of "$D2")" "engine0=0/0 engine0/ls=0/0"
check_eq "cposim$ID3: preset npo with bus=1000 bus_stall=1" "$(bus_of "$D3")" \
	"engine0=1000/1 engine1=1000/1 engine2=1000/1 engine3=1000/1 engine0/ls=1000/1 engine1/ls=1000/1 engine2/ls=1000/1 engine3/ls=1000/1"

# ---- knobs
for k in "$D2/engine0" "$D/els0" "$D2/engine0/ls"; do
	dfs_read "$k/bus_khz"
	khz=$V
	for v in 100 10 3400 1000 0; do knob_ok "$k/bus_khz" "$v"; done
	knob_ok "$k/bus_khz" 400
	for v in 9 3401 4294967696 -1 abc; do knob_bad "$k/bus_khz" "$v"; done
	knob_ok "$k/bus_khz" "$khz"
	knob_ok "$k/bus_stall_ms" 10000
	knob_bad "$k/bus_stall_ms" 10001
	knob_ok "$k/bus_stall_ms" 0
	for f in bus_nack_ppm bus_timeout_ppm; do
		knob_ok "$k/$f" 1000000
		knob_bad "$k/$f" 1000001
		knob_bad "$k/$f" 4294967296
		knob_ok "$k/$f" 0
	done
	for f in transactions bytes page_selects nacks timeouts busy_us; do
		if write_file "$k/bus_$f" 0; then
			fail "${k#"$SIM_DFS"/}/bus_$f written"
		else
			pass "${k#"$SIM_DFS"/}/bus_$f read-only: $WRITE_ERR"
		fi
	done
done

E0=$(engine_id_of "$ID" 0)
E20=$(engine_id_of "$ID2" 0)
P00=$(laser_id_at "$ID" els0/laser0)
if [ -z "$E0" ] || [ -z "$E20" ] || [ -z "$P00" ]; then
	fail "engines or lasers of cposim$ID, cposim$ID2 not found"
	cpo_exit
fi
log "engines $E0 (cposim$ID/oe0), $E20 (cposim$ID2/oe0), laser $P00"

# ---- no bus model: counted, at no cost
K=$D2/engine0
# (The core refreshes in the background: while the knobs above were
# being tried its accesses cost what the knobs said; from here, nothing.)
counter "$K" busy_us; busy0=$V
counter "$K" transactions; t0=$V
cpo_ok "cposim$ID2: lane set $E20 0 tx off" lane set "$E20" 0 tx off
counter "$K" transactions
check_ge "cposim$ID2: the set counted (transactions $t0 -> $V)" "$V" $((t0 + 1))
counter "$K" busy_us
check_eq "cposim$ID2: no bus model, no busy time" "$V" "$busy0"
# a stall alone costs its ms per access
knob_ok "$K/bus_stall_ms" 2
cpo_ok "cposim$ID2: lane set $E20 0 tx on, 2 ms stall" lane set "$E20" 0 tx on
knob_ok "$K/bus_stall_ms" 0
counter "$K" busy_us
check_ge "cposim$ID2: busy time >= one 2 ms stall" "$V" 2000

# ---- bus=400: the counters follow the activity
K=$D/engine0
counter "$K" transactions; t0=$V
counter "$K" bytes; b0=$V
counter "$K" page_selects; s0=$V
check_ge "cposim$ID: registration selected pages (page_selects $s0)" "$s0" 2
cpo_ok "cposim$ID: lane set $E0 0 tx off" lane set "$E0" 0 tx off
counter "$K" transactions; t1=$V
counter "$K" bytes; b1=$V
check_ge "cposim$ID: the set counted (transactions $t0 -> $t1)" "$t1" $((t0 + 1))
check_ge "cposim$ID: the set moved bytes ($b0 -> $b1)" "$b1" $((b0 + 1))
counter "$K" busy_us; busy=$V
check_ge "cposim$ID: busy ${busy} us >= $b1 bytes x 9 bit times at 400 kHz" \
	"$busy" $((b1 * 9 * 1000 / 400))
counter "$K" page_selects
check_ge "cposim$ID: page selects counted ($V)" "$V" "$s0"
cpo_ok "cposim$ID: lane set $E0 0 tx on" lane set "$E0" 0 tx on
counter "$K" transactions
check_ge "cposim$ID: transactions grow ($t1 -> $V)" "$V" $((t1 + 1))

# the laser module's bus
K=$D/els0
counter "$K" transactions; t0=$V
check_ge "cposim$ID els0: registration went over its bus ($t0)" "$t0" 1
# A change: a set to the value the copy holds reaches no bus.
cpo_ok "cposim$ID: laser set $P00 enable off" laser set "$P00" enable off
counter "$K" transactions
check_ge "cposim$ID els0: the laser set counted ($t0 -> $V)" "$V" $((t0 + 1))
cpo_ok "cposim$ID: laser set $P00 enable on" laser set "$P00" enable on
counter "$K" bytes; b1=$V
counter "$K" busy_us
check_ge "cposim$ID els0: busy $V us >= $b1 bytes x 9 bit times at 400 kHz" \
	"$V" $((b1 * 9 * 1000 / 400))

# ---- NACKs and timeouts fail the accesses, and are counted
K=$D/engine0
for f in nack timeout; do
	counter "$K" "${f}s"; n0=$V
	knob_ok "$K/bus_${f}_ppm" 1000000
	cpo_refused "cposim$ID: lane set $E0 1 tx off, every access a $f" . \
		lane set "$E0" 1 tx off
	counter "$K" "${f}s"
	check_ge "cposim$ID: ${f}s counted ($n0 -> $V)" "$V" $((n0 + 1))
	knob_ok "$K/bus_${f}_ppm" 0
	cpo_ok "cposim$ID: lane set $E0 1 tx off, ${f} rate 0" lane set "$E0" 1 tx off
	cpo_ok "cposim$ID: lane set $E0 1 tx on" lane set "$E0" 1 tx on
done

cpo_exit
