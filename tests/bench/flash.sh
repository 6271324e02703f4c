# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# The firmware update part of the cpo benchmark, sourced by bench.sh in the
# guest. Figures only: the cpo-102t preset with every engine on the
# simulator's 400 kHz bus model (its transports sleep for the bus time of
# each transaction), an image of FLASH_KB KiB for its engines, written
# over CDB (0101h, blocks, 0107h, 0109h, 010Ah); the modules take blocks
# both by EPL (0104h, 2048 bytes on pages A0h..AFh) and by LPL (0103h,
# 116 bytes in the command), and the driver picks EPL:
#   - one engine alone: wall time of `cpoctl engine flash ID FILE commit`,
#     and the bus time the engine's transport counted (bus-busy-time);
#   - the same engine again with its module taking LPL only
#     (fw_write_mech 1): the LPL/EPL ratio of the two;
#   - every engine of the device at once (`cpoctl engine flash dev DEV
#     FILE commit`): wall time, the largest and the summed bus time;
#   - the ratio of the two wall times: close to 1 when the updates run in
#     parallel, close to the number of engines if they ran one after the
#     other;
#   - one external laser module alone (`cpoctl laser flash LASER FILE
#     commit`), its bus at 400 kHz too;
#   - the whole switch in one request, every engine and every laser module
#     (`cpoctl engine flash dev DEV FILE lasers LASER_FILE commit`): its
#     wall time against one engine's and one laser module's.
# FBOSS's limit for updating a switch's optics is 10 minutes.

# From bench.sh: WORK, key, fmt_us, us_now, log, die; FLASH_KB.

FLASH_DEV=950	# the new_device id of this part

# flash_bus_ns DEV: "id busy_ns" of every engine of cposim<DEV>
flash_bus_ns() {
	"$CPOCTL" -j engine show |
		jq -r --arg d "cposim$1" '.[] | select(."dev-name" == $d) | "\(.id) \(."bus-busy-time")"'
}

# flash_bus_delta BEFORE AFTER: "max_ns sum_ns" of the per-engine deltas of
# the engines in AFTER whose update ran ($3: one id, or all)
flash_bus_delta() {
	awk -v only="$3" 'NR == FNR { b[$1] = $2; next }
		only == "all" || $1 == only { d = $2 - b[$1]; s += d; if (d > m) m = d }
		END { printf "%.0f %.0f\n", m, s }' "$1" "$2"
}

# flash_image VENDOR PART VERSION FILE: an image of FLASH_KB KiB
flash_image() {
	"$TOP/tests/selftests/cpo_fwimage.py" --vendor "$1" --part "$2" \
		--version "$3" --size $((FLASH_KB * 1024)) "$4" || die "image $4"
}

flash_part() {
	local dev=$FLASH_DEV fwdir=/lib/firmware/cpo-bench j vendor part e0 n t0

	log "flash: cpo-102t preset, every engine at 400 kHz, a $FLASH_KB KiB image"
	sim_new "$dev" preset=cpo-102t || die "new_device $dev preset=cpo-102t: $WRITE_ERR"
	bus_set "$dev" bus_khz 400
	sleep 2
	j=$("$CPOCTL" -j engine show | jq -c --arg d "cposim$dev" '[.[] | select(."dev-name" == $d)]')
	vendor=$(jq -r '.[0].vendor' <<<"$j")
	part=$(jq -r '.[0]."part-number"' <<<"$j")
	e0=$(jq -r '.[0].id' <<<"$j")
	n=$(jq length <<<"$j")
	mkdir -p "$fwdir" || die "mkdir $fwdir"
	on_exit "rm -rf $fwdir"
	flash_image "$vendor" "$part" 3.0.1 "$fwdir/one.bin"
	flash_image "$vendor" "$part" 3.0.2 "$fwdir/all.bin"
	flash_image "$vendor" "$part" 3.0.3 "$fwdir/lpl.bin"

	log "flash: engine $e0 alone"
	flash_bus_ns "$dev" >"$WORK/flash.b0"
	t0=$(us_now)
	"$CPOCTL" engine flash "$e0" cpo-bench/one.bin commit >"$WORK/flash.one.out" ||
		die "flash engine $e0: $(cat "$WORK/flash.one.out")"
	echo "$(($(us_now) - t0))" >"$WORK/flash.one.us"
	sleep 3	# the counters reach the copy with the next refresh (1 s)
	flash_bus_ns "$dev" >"$WORK/flash.b1"
	flash_bus_delta "$WORK/flash.b0" "$WORK/flash.b1" "$e0" >"$WORK/flash.one.bus"

	log "flash: engine $e0 alone, blocks by LPL"
	bus_set "$dev" fw_write_mech 1
	t0=$(us_now)
	"$CPOCTL" engine flash "$e0" cpo-bench/lpl.bin commit >"$WORK/flash.lpl.out" ||
		die "flash engine $e0 by LPL: $(cat "$WORK/flash.lpl.out")"
	echo "$(($(us_now) - t0))" >"$WORK/flash.lpl.us"
	bus_set "$dev" fw_write_mech 17
	sleep 3
	flash_bus_ns "$dev" >"$WORK/flash.b1l"
	flash_bus_delta "$WORK/flash.b1" "$WORK/flash.b1l" "$e0" >"$WORK/flash.lpl.bus"
	cp "$WORK/flash.b1l" "$WORK/flash.b1"

	log "flash: all $n engines of cposim$dev at once"
	t0=$(us_now)
	"$CPOCTL" engine flash dev "cposim$dev" cpo-bench/all.bin commit >"$WORK/flash.all.out" ||
		die "flash cposim$dev: $(tail -n 5 "$WORK/flash.all.out")"
	echo "$(($(us_now) - t0))" >"$WORK/flash.all.us"
	sleep 3
	flash_bus_ns "$dev" >"$WORK/flash.b2"
	flash_bus_delta "$WORK/flash.b1" "$WORK/flash.b2" all >"$WORK/flash.all.bus"
	"$CPOCTL" -j engine show | jq -r --arg d "cposim$dev" \
		'[.[] | select(."dev-name" == $d) | .firmware[] | select(.running == 1 and .committed == 1) | .version] | group_by(.) | map("\(.[0]) x\(length)") | join(", ")' \
		>"$WORK/flash.versions"
	echo "$n" >"$WORK/flash.n"
	flash_lasers "$dev" "$fwdir" "$vendor" "$part"
	sim_del "$dev" || die "del_device $dev"
}

# flash_lasers DEV FWDIR VENDOR PART: one laser module alone, then every
# engine and laser module of cposim<DEV> in one request
flash_lasers() {
	local dev=$1 fwdir=$2 vendor=$3 part=$4 f l0 lpart m t0

	for f in "$SIM_DFS/cposim$dev"/els*/bus_khz; do
		write_file "$f" 400 || die "$f = 400: $WRITE_ERR"
	done
	l0=$("$CPOCTL" -j laser show | jq -r --arg l "cposim$dev/els0/" \
		'[.[] | select(.location | startswith($l))] | sort_by(.id) | .[0].id')
	lpart="SIM-ELS-$("$CPOCTL" -j laser show | jq --arg l "cposim$dev/els0/" \
		'[.[] | select(.location | startswith($l))] | length')L"
	m=$("$CPOCTL" -j laser show | jq --arg d "cposim$dev" \
		'[.[] | select(."dev-name" == $d) | .location | sub("/[^/]*$"; "")] | unique | length')
	flash_image "$vendor" "$lpart" 1.5.1 "$fwdir/els-one.bin"
	flash_image "$vendor" "$lpart" 1.5.2 "$fwdir/els-all.bin"
	flash_image "$vendor" "$part" 3.0.4 "$fwdir/sw.bin"

	log "flash: laser module els0 alone (laser $l0, part $lpart)"
	t0=$(us_now)
	"$CPOCTL" laser flash "$l0" cpo-bench/els-one.bin commit >"$WORK/flash.els.out" ||
		die "flash laser $l0: $(cat "$WORK/flash.els.out")"
	echo "$(($(us_now) - t0))" >"$WORK/flash.els.us"

	log "flash: the whole switch, engines and $m laser modules, one request"
	t0=$(us_now)
	"$CPOCTL" engine flash dev "cposim$dev" cpo-bench/sw.bin lasers cpo-bench/els-all.bin \
		commit >"$WORK/flash.sw.out" ||
		die "flash cposim$dev with lasers: $(tail -n 5 "$WORK/flash.sw.out")"
	echo "$(($(us_now) - t0))" >"$WORK/flash.sw.us"
	echo "$m" >"$WORK/flash.m"
	"$CPOCTL" -j laser show | jq -r --arg d "cposim$dev" \
		'[.[] | select(."dev-name" == $d) | .firmware[] | select(.running == 1 and .committed == 1) | .version] | group_by(.) | map("\(.[0]) x\(length)") | join(", ")' \
		>"$WORK/flash.els.versions"
}

flash_table() {
	local one all lpl n one_max lpl_max all_max all_sum els sw

	one=$(cat "$WORK/flash.one.us")
	lpl=$(cat "$WORK/flash.lpl.us")
	read -r lpl_max _ <"$WORK/flash.lpl.bus"
	all=$(cat "$WORK/flash.all.us")
	n=$(cat "$WORK/flash.n")
	read -r one_max _ <"$WORK/flash.one.bus"
	read -r all_max all_sum <"$WORK/flash.all.bus"
	echo
	echo "flash: firmware update over CDB, cpo-102t, every engine on a 400 kHz bus, $FLASH_KB KiB image, committed"
	printf '  %-30s %12s %16s %16s\n' "" wall "bus time (max)" "bus time (sum)"
	printf '  %-30s %12s %16s %16s\n' "one engine (EPL)" "$(fmt_us "$one")" \
		"$(fmt_us $((one_max / 1000)))" "$(fmt_us $((one_max / 1000)))"
	printf '  %-30s %12s %16s %16s\n' "one engine, LPL only" "$(fmt_us "$lpl")" \
		"$(fmt_us $((lpl_max / 1000)))" "$(fmt_us $((lpl_max / 1000)))"
	printf '  %-30s %12s %16s %16s\n' "all $n engines at once (EPL)" "$(fmt_us "$all")" \
		"$(fmt_us $((all_max / 1000)))" "$(fmt_us $((all_sum / 1000)))"
	echo "  all/one wall ratio $(ratio "$all" "$one") (1 = fully parallel, $n = one after the other);" \
		"FBOSS's limit: 10 min; running and committed afterwards: $(cat "$WORK/flash.versions")"
	echo "  LPL/EPL wall ratio on one engine $(ratio "$lpl" "$one");" \
		"$(((FLASH_KB * 1024 + 115) / 116)) blocks of 116 bytes (0103h, LPL):" \
		"$(awk -v us="$lpl" -v n=$(((FLASH_KB * 1024 + 115) / 116)) 'BEGIN { printf "%.2f", us / n / 1000 }') ms each;" \
		"$(((FLASH_KB * 1024 + 2047) / 2048)) blocks of 2048 bytes (0104h, EPL):" \
		"$(awk -v us="$one" -v n=$(((FLASH_KB * 1024 + 2047) / 2048)) 'BEGIN { printf "%.2f", us / n / 1000 }') ms each"
	els=$(cat "$WORK/flash.els.us")
	sw=$(cat "$WORK/flash.sw.us")
	printf '  %-30s %12s\n' "one laser module (EPL)" "$(fmt_us "$els")"
	printf '  %-30s %12s\n' "$n engines + $(cat "$WORK/flash.m") laser modules" "$(fmt_us "$sw")"
	echo "  whole switch / one engine wall ratio $(ratio "$sw" "$one"), / one laser module $(ratio "$sw" "$els")" \
		"(the sum of one of each would be $(ratio $((one + els)) "$one") x one engine);" \
		"running and committed afterwards, as each laser reports its module's banks: $(cat "$WORK/flash.els.versions")"
}
