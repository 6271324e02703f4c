# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# The bus part of the cpo benchmark, sourced by bench.sh in the guest: what
# the copy-and-refresh design buys on a slow bus, with the simulator's bus
# model (debugfs bus_khz, bus_stall_ms per engine). Figures only:
#   - lane dumps with every engine on a 400 kHz bus versus no delay (the
#     copy serves them), and what a read-through dump would cost (one lane
#     read through the bus, measured, times the lanes);
#   - the refresh of one 64-lane engine at 400 kHz and 1 MHz: transactions,
#     bytes, time; the bus load of the cpo-102t preset at the default
#     interval, and the shortest interval its bus allows;
#   - isolation: gets, sets and fault-to-event latency on one engine while
#     another's every access stalls 2 s, versus unstalled;
#   - readers cost no bus time: bus transactions per second of the preset
#     with 0 and with 8 processes dumping lanes without pause;
#   - fault-to-event latency with those 8 dumpers running.

# From bench.sh: sizes, DEVS, WORK, RUNS, BENCH, key, fmt_us, us_now, log,
# die.

BUS_DEV=900	# new_device ids of this part
BUS_READERS=8
BUS_WINDOW_S=5

# engine_of DEV N: the cpo id of engine oe<N> of cposim<DEV>
engine_of() {
	"$CPOCTL" -j engine show |
		jq -r --arg l "cposim$1/oe$2" '.[] | select(.location == $l) | .id'
}

# engine_val ID KEY: one attribute of an engine
engine_val() {
	"$CPOCTL" -j engine show "$1" | jq -r ".[0].\"$2\""
}

# bus_set DEV KNOB VALUE: write the knob of every engine of cposim<DEV>
bus_set() {
	local f

	for f in "$SIM_DFS/cposim$1"/engine*/"$2"; do
		write_file "$f" "$3" || die "$f = $3: $WRITE_ERR"
	done
}

# sum_transactions DEV: bus transactions of every engine of cposim<DEV>
sum_transactions() {
	"$CPOCTL" -j engine show |
		jq --arg d "cposim$1" '[.[] | select(."dev-name" == $d) | ."bus-transactions"] | add'
}

# one_refresh DEV N: the engine re-read once through the module's interrupt
# (the overtemp knob raises it); prints "transactions bytes duration_ns".
one_refresh() {
	local id t0 b0 t1 b1

	id=$(engine_of "$1" "$2")
	"$CPOCTL" engine set "$id" refresh-interval 0 || die "refresh-interval 0"
	sleep 0.5
	t0=$(engine_val "$id" bus-transactions)
	b0=$(engine_val "$id" bus-bytes)
	write_file "$SIM_DFS/cposim$1/engine$2/overtemp" 0 || die "overtemp: $WRITE_ERR"
	t1=$(engine_val "$id" bus-transactions)
	b1=$(engine_val "$id" bus-bytes)
	echo "$((t1 - t0)) $((b1 - b0)) $(engine_val "$id" refresh-duration)"
	"$CPOCTL" engine set "$id" refresh-interval 1000 || die "refresh-interval 1000"
}

# bus_dumps N: the lane dumps of bench_size again, side by side once the
# lanes settled: with no delay ($WORK/N.nl0), then with every engine on a
# 400 kHz bus ($WORK/N.nl400)
bus_dumps() {
	local n=$1 dev

	sleep 3	# the new lanes' data paths came up, their refreshes with them
	log "$n lanes: $RUNS netlink dumps, no delay, settled"
	"$BENCH" dump -r "$RUNS" >"$WORK/$n.nl0" || { cat "$WORK/$n.nl0"; die "dump failed"; }
	for dev in "${DEVS[@]}"; do
		bus_set "$dev" bus_khz 400
	done
	sleep 3	# every engine refreshed at least twice on the slow bus
	log "$n lanes: $RUNS netlink dumps, every engine on a 400 kHz bus"
	"$BENCH" dump -r "$RUNS" >"$WORK/$n.nl400" || { cat "$WORK/$n.nl400"; die "dump failed"; }
	sed 's/^/  /' "$WORK/$n.nl0" "$WORK/$n.nl400"
	for dev in "${DEVS[@]}"; do
		bus_set "$dev" bus_khz 0
	done
}

# getset_lat DEV N TAG: gets/sets of lane 1 and rx_los latency on lane 5
# of engine oe<N>; $WORK/TAG.getset, $WORK/TAG.lat
getset_lat() {
	local e lane1 lane5

	e=$(engine_of "$1" "$2")
	lane1=$(cat "$CPO_CLASS/engine$e/lane1/id")
	lane5=$(cat "$CPO_CLASS/engine$e/lane5/id")
	"$BENCH" getset -l "$lane1" -n 2000 -s 200 >"$WORK/$3.getset" ||
		{ cat "$WORK/$3.getset"; die "getset failed"; }
	"$BENCH" latency -k "$SIM_DFS/cposim$1/engine$2/lane5/rx_los" \
		-l "$lane5" -n 100 >"$WORK/$3.lat" ||
		{ cat "$WORK/$3.lat"; die "latency: notifications missed"; }
	sed 's/^/  /' "$WORK/$3.getset" "$WORK/$3.lat"
}

readers_start() {
	local i

	READER_PIDS=()
	for ((i = 0; i < BUS_READERS; i++)); do
		"$BENCH" dump -r 1000000 >/dev/null 2>&1 &
		READER_PIDS+=($!)
	done
	sleep 1
}

readers_stop() {
	kill "${READER_PIDS[@]}" 2>/dev/null
	wait "${READER_PIDS[@]}" 2>/dev/null
	READER_PIDS=()
}

# tps DEV: bus transactions per second of cposim<DEV> over BUS_WINDOW_S
tps() {
	local t0 t1 s0 s1

	s0=$(us_now)
	t0=$(sum_transactions "$1")
	sleep "$BUS_WINDOW_S"
	t1=$(sum_transactions "$1")
	s1=$(us_now)
	awk -v t=$((t1 - t0)) -v us=$((s1 - s0)) 'BEGIN { printf "%.1f", t * 1e6 / us }'
}

bus_part() {
	local dev=$BUS_DEV p r

	log "bus: read-through cost of one lane (1 engine x 8 lanes, 400 kHz)"
	sim_new "$dev" 1 8 || die "new_device $dev 1 8: $WRITE_ERR"
	bus_set "$dev" bus_khz 400
	one_refresh "$dev" 0 >"$WORK/bus.lane" || die "one refresh"
	log "  one bank and lower memory: $(cat "$WORK/bus.lane") (transactions bytes ns)"
	sim_del "$dev" || die "del_device $dev"

	for khz in 400 1000; do
		log "bus: refresh of one 64-lane engine at $khz kHz"
		sim_new "$dev" 1 64 || die "new_device $dev 1 64: $WRITE_ERR"
		bus_set "$dev" bus_khz "$khz"
		one_refresh "$dev" 0 >"$WORK/bus.r$khz" || die "one refresh"
		log "  $(cat "$WORK/bus.r$khz") (transactions bytes ns)"
		sim_del "$dev" || die "del_device $dev"
	done

	log "bus: cpo-102t preset, every engine at 400 kHz, default interval"
	sim_new "$dev" preset=cpo-102t || die "new_device $dev preset=cpo-102t: $WRITE_ERR"
	bus_set "$dev" bus_khz 400
	sleep 4
	"$CPOCTL" -j engine show |
		jq -r --arg d "cposim$dev" '[.[] | select(."dev-name" == $d)] |
			"engines=\(length) load_ppm_mean=\(map(."bus-load") | add / length | floor) load_ppm_max=\(map(."bus-load") | max) duration_ns_max=\(map(."refresh-duration") | max) interval_ms=\(.[0]."refresh-interval")"' \
			>"$WORK/bus.preset"
	log "  $(cat "$WORK/bus.preset")"

	log "bus: readers: transactions/s with 0 and $BUS_READERS dumping readers"
	p=$(tps "$dev")
	readers_start
	r=$(tps "$dev")
	log "  latency on cposim$dev/oe1 with the $BUS_READERS readers"
	getset_lat "$dev" 1 storm
	readers_stop
	echo "$p $r" >"$WORK/bus.tps"
	log "  $p and $r transactions/s"

	log "bus: isolation: cposim$dev/oe1, unstalled"
	getset_lat "$dev" 1 calm
	log "bus: isolation: cposim$dev/oe1 while every access of oe0 stalls 2 s"
	write_file "$SIM_DFS/cposim$dev/engine0/bus_stall_ms" 2000 || die "stall: $WRITE_ERR"
	sleep 2	# oe0's refresh is under way, for a minute
	getset_lat "$dev" 1 stalled
	write_file "$SIM_DFS/cposim$dev/engine0/bus_stall_ms" 0 || die "stall 0: $WRITE_ERR"
	sim_del "$dev" || die "del_device $dev"
}

# key2 FILE OP KEY: KEY of the "getset: op=OP" line
key2() {
	sed -n "s/^getset: op=$2 .*\b$3=\([^ ]*\).*/\1/p" "$1"
}

latkey() {
	sed -n "s/^latency: set=all .*\b$2=\([^ ]*\).*/\1/p" "$1"
}

ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'
}

bus_table() {
	local n nl nl400 tx by ns lane_ns

	echo
	echo "bus: served from the copy (every engine on a 400 kHz I2C bus model; both settled, side by side)"
	read -r _ _ lane_ns <"$WORK/bus.lane"
	printf '  %-7s %14s %14s %8s %18s\n' lanes "dump, no delay" "dump, 400 kHz" ratio "read-through (est)"
	# shellcheck disable=SC2154	# bench.sh's
	for n in "${sizes[@]}"; do
		[ -f "$WORK/$n.nl0" ] || continue	# no lanes part
		nl=$(key "$WORK/$n.nl0" dump-summary median_us)
		nl400=$(key "$WORK/$n.nl400" dump-summary median_us)
		printf '  %-7s %14s %14s %8s %18s\n' "$n" "$(fmt_us "$nl")" "$(fmt_us "$nl400")" \
			"$(ratio "$nl400" "$nl")" "$(fmt_us $((n * lane_ns / 1000)))"
	done
	echo "  (read-through: one lane's bank and lower memory read at 400 kHz, $(fmt_us $((lane_ns / 1000))), times the lanes)"
	echo
	echo "bus: one refresh of a 64-lane engine"
	printf '  %-8s %12s %8s %12s\n' bus transactions bytes time
	for khz in 400 1000; do
		read -r tx by ns <"$WORK/bus.r$khz"
		printf '  %-8s %12s %8s %12s\n' "$khz kHz" "$tx" "$by" "$(fmt_us $((ns / 1000)))"
	done
	echo "  cpo-102t at 400 kHz: $(cat "$WORK/bus.preset")"
	echo "  (bus load in ppm of time; the shortest interval the bus allows is about duration_ns_max)"
	echo
	read -r p r <"$WORK/bus.tps"
	echo "bus: readers cost no bus time: $p transactions/s with no reader, $r with $BUS_READERS dumping; ratio $(ratio "$r" "$p")"
	echo
	echo "bus: isolation and load (cposim$BUS_DEV/oe1; p99, ratio to calm)"
	printf '  %-34s %12s %12s %14s\n' "" "get p99" "set p99" "event p99"
	for t in calm stalled storm; do
		printf '  %-34s %12s %12s %14s\n' \
			"$(case $t in calm) echo "calm" ;; stalled) echo "oe0 stalled 2 s per access" ;;
				storm) echo "$BUS_READERS readers dumping" ;; esac)" \
			"$(fmt_us "$(key2 "$WORK/$t.getset" get p99_us)") ($(ratio "$(key2 "$WORK/$t.getset" get p99_us)" "$(key2 "$WORK/calm.getset" get p99_us)"))" \
			"$(fmt_us "$(key2 "$WORK/$t.getset" set p99_us)") ($(ratio "$(key2 "$WORK/$t.getset" set p99_us)" "$(key2 "$WORK/calm.getset" set p99_us)"))" \
			"$(fmt_us "$(latkey "$WORK/$t.lat" p99_us)") ($(ratio "$(latkey "$WORK/$t.lat" p99_us)" "$(latkey "$WORK/calm.lat" p99_us)"))"
	done
}

# i2c_part: one engine of cpo_cmis_i2c over the kernel's i2c-stub (SMBus
# byte reads: the stub banks no block read), its image loaded by
# cmis_i2c_fw: one refresh's transactions and time; $WORK/bus.i2c
i2c_part() {
	local fw=$TOP/build/selftests/cmis_i2c_fw ko a bus="" e t0 b0 r0

	ko=$(cpo_build_dir)/kernel/i2c/cpo_cmis_i2c.ko
	if [ ! -x "$fw" ] || [ ! -f "$ko" ] ||
		! modprobe i2c-stub chip_addr=0x50 bank_reg=0x7f bank_mask=0xff \
			bank_start=0x80 bank_end=0xff 2>/dev/null; then
		echo "not measured: no i2c-stub, cmis_i2c_fw or cpo_cmis_i2c.ko" >"$WORK/bus.i2c"
		return
	fi
	[ -d /sys/class/i2c-dev ] || modprobe i2c-dev
	for a in /sys/bus/i2c/devices/i2c-*; do
		[ "$(cat "$a/name" 2>/dev/null)" == "SMBus stub driver" ] && bus=${a##*/i2c-}
	done
	sleep 1
	"$fw" load "$bus" >/dev/null || die "cmis_i2c_fw load $bus"
	insmod "$ko" byte_access=1 || die "insmod $ko"
	write_file "/sys/bus/i2c/devices/i2c-$bus/new_device" "cpo-cmis 0x50" ||
		die "new_device cpo-cmis: $WRITE_ERR"
	sleep 1
	e=$("$CPOCTL" -j engine show |
		jq -r --arg l "i2c-$bus/0x50" '.[] | select(.location == $l) | .id')
	[ -n "$e" ] || die "no engine at i2c-$bus/0x50"
	"$CPOCTL" engine set "$e" refresh-interval 0 || die "refresh-interval 0"
	t0=$(engine_val "$e" bus-transactions)
	b0=$(engine_val "$e" bus-bytes)
	r0=$(engine_val "$e" refreshed)
	# A new period starts with a refresh; the next is an hour away.
	"$CPOCTL" engine set "$e" refresh-interval 3600000 || die "refresh-interval"
	WAIT_S=30 wait_until json_true ".[0].refreshed > $r0" "$CPOCTL" -j engine show "$e" ||
		die "the I2C engine was not refreshed"
	echo "$(($(engine_val "$e" bus-transactions) - t0)) $(engine_val "$e" refresh-duration)" \
		"$(engine_val "$e" lane-count) $(($(engine_val "$e" bus-bytes) - b0))" >"$WORK/bus.i2c"
	log "  i2c: $(cat "$WORK/bus.i2c") (transactions ns lanes)"
	write_file "/sys/bus/i2c/devices/i2c-$bus/delete_device" 0x50
	rmmod cpo_cmis_i2c i2c_stub
}

i2c_table() {
	local tx ns lanes bytes

	echo
	if read -r tx ns lanes bytes <"$WORK/bus.i2c" && [[ "$tx" =~ ^[0-9]+$ ]]; then
		echo "bus: cpo_cmis_i2c over i2c-stub ($lanes lanes): one refresh, $tx transport" \
			"operations, $bytes bytes, $(fmt_us $((ns / 1000)))"
		echo "  (SMBus byte reads, as the stub needs: one SMBus transfer per byte, so about" \
			"$bytes transfers on the wire, plus the page selects; i2c-stub answers from memory)"
	else
		echo "bus: cpo_cmis_i2c over i2c-stub: $(cat "$WORK/bus.i2c")"
	fi
}
