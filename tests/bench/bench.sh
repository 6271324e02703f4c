#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The cpo benchmark: prints figures, asserts nothing about them.
#
#   tests/bench/bench.sh [--sizes "1024 16384"] [--runs N] [--sysfs-runs N]
#                        [--samples N] [--kernel stock-6.12]
#                        [--parts "lanes exporter bus flash selftest ports"] [--flash-kb N]
#
# On the host (what `make bench` runs) it builds the modules for the kernel
# and tests/bench/cpo_bench, boots that kernel in ONE VM (tests/vm/vm.sh)
# and runs itself there; the output is also kept in build/bench/last.txt.
# In the guest (CPO_GUEST=1) it measures, for each size (a lane count, a
# multiple of 64: devices of 64 engines x 64 lanes, plus one with fewer
# engines for the rest):
#   - a full netlink lane dump: median of --runs dumps, lanes/s;
#   - every attribute file of every lane read through sysfs: median of
#     --sysfs-runs walks, and the sysfs/netlink time ratio;
# and at the largest size:
#   - the time new_device and del_device take;
#   - kernel memory per lane: slab (SUnreclaim + SReclaimable) and
#     MemAvailable before and after making the lanes, caches dropped, and
#     the slab caches that grew most;
#   - fault-to-event latency: Y and N written in turn to a lane's rx_los
#     debugfs knob, each timed until the lane-change-ntf carrying that rx-los
#     arrives on the monitor group (--samples writes, half each way);
#   - cpo-exporter (part exporter, tests/bench/exporter.sh): start to first
#     scrape, scrape time and size, --once, RSS, knob-to-metric delay;
# then the bus part (tests/bench/bus.sh: the same dumps on a 400 kHz bus
# model, refresh costs, isolation from a stalled engine, readers and bus
# time), the firmware update part (tests/bench/flash.sh: one engine and a
# whole cpo-102t switch at 400 kHz), the bring-up self-test part
# (tests/bench/bringup.sh: the same, against the gating time), the ports
# part (tests/bench/ports.sh: ethtool -m over every port of cpo-51t
# against one cpoctl dump of the same lanes), then a table. --parts picks among
# them (the bus part's dumps need lanes). Environment equivalents:
# BENCH_LANES, BENCH_RUNS, BENCH_SYSFS_RUNS, BENCH_SAMPLES, BENCH_KERNEL,
# BENCH_PARTS, BENCH_FLASH_KB.
set -uo pipefail

SIZES=${BENCH_LANES:-1024 16384}
RUNS=${BENCH_RUNS:-11}
SYSFS_RUNS=${BENCH_SYSFS_RUNS:-5}
SAMPLES=${BENCH_SAMPLES:-400}
KERNEL=${BENCH_KERNEL:-stock-6.12}
PARTS=${BENCH_PARTS:-lanes exporter bus flash selftest ports}
FLASH_KB=${BENCH_FLASH_KB:-512}

usage() {
	sed -n '5,7p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

while [ $# -gt 0 ]; do
	case "$1" in
	--sizes) SIZES=${2-}; shift ;;
	--runs) RUNS=${2-}; shift ;;
	--sysfs-runs) SYSFS_RUNS=${2-}; shift ;;
	--samples) SAMPLES=${2-}; shift ;;
	--kernel) KERNEL=${2-}; shift ;;
	--parts) PARTS=${2-}; shift ;;
	--flash-kb) FLASH_KB=${2-}; shift ;;
	*) usage ;;
	esac
	shift
done
for p in $PARTS; do
	[[ " lanes exporter bus flash selftest ports " == *" $p "* ]] || usage
done
for n in $SIZES $RUNS $SYSFS_RUNS $SAMPLES $FLASH_KB; do
	[[ "$n" =~ ^[1-9][0-9]*$ ]] || usage
done
for n in $SIZES; do
	if ((n % 64)); then
		echo "bench: $n lanes: sizes are multiples of 64" >&2
		exit 2
	fi
done

TOP=$(cd "$(dirname "$0")/../.." && pwd)
BENCH=$TOP/build/bench/cpo_bench

# ------------------------------------------------------------------ host

if [ -z "${CPO_GUEST:-}" ]; then
	cd "$TOP" || exit 1
	kdir=$(tests/vm/vm.sh --kernel "$KERNEL" --print-kdir) || exit 1
	make --no-print-directory modules KDIR="$kdir" >/dev/null || exit 1
	make --no-print-directory -s -C tests/bench || exit 1
	make --no-print-directory -s -C tests/selftests || exit 1
	mkdir -p build/bench
	# The sizes and counts travel as arguments: the guest does not see
	# this environment.
	tests/vm/vm.sh --kernel "$KERNEL" --timeout 1800 -- tests/bench/bench.sh \
		--sizes "$SIZES" --runs "$RUNS" --sysfs-runs "$SYSFS_RUNS" \
		--samples "$SAMPLES" --parts "$PARTS" --flash-kb "$FLASH_KB" 2>&1 |
		tee build/bench/last.txt
	exit "${PIPESTATUS[0]}"
fi

# ------------------------------------------------------------------ guest

# shellcheck source-path=SCRIPTDIR source=../selftests/common.sh
source "$TOP/tests/selftests/common.sh"
# shellcheck source-path=SCRIPTDIR source=bus.sh
source "$TOP/tests/bench/bus.sh"
# shellcheck source-path=SCRIPTDIR source=flash.sh
source "$TOP/tests/bench/flash.sh"
# shellcheck source-path=SCRIPTDIR source=bringup.sh
source "$TOP/tests/bench/bringup.sh"
# shellcheck source-path=SCRIPTDIR source=ports.sh
source "$TOP/tests/bench/ports.sh"
# shellcheck source-path=SCRIPTDIR source=exporter.sh
source "$TOP/tests/bench/exporter.sh"

part() { [[ " $PARTS " == *" $1 "* ]]; }

log() { echo "bench: $*"; }
die() {
	echo "bench: $*" >&2
	exit 1
}

[ "$(id -u)" -eq 0 ] || die "needs root (run it in the VM: make bench)"
cpo_load_modules || die "cannot load the cpo modules for $(uname -r)"
mount_debugfs || die "no cposim debugfs knobs"
if [ ! -x "$BENCH" ] || [ "$TOP/tests/bench/cpo_bench.c" -nt "$BENCH" ]; then
	make -s -C "$TOP/tests/bench" || die "cannot build $BENCH"
fi
[ -z "$(sim_devices)" ] || die "simulated devices exist already: $(sim_devices)"
ls "$CPO_CLASS"/engine* >/dev/null 2>&1 && die "engines exist already"

WORK=$(mktemp -d)
on_exit "rm -rf $WORK"

us_now() {
	local t=${EPOCHREALTIME/./}

	echo "$t"
}

# key FILE PREFIX KEY: KEY=VALUE of the last "PREFIX: ..." line of FILE.
key() {
	sed -n "s/^$2: .*\b$3=\([^ ]*\).*/\1/p" "$1" | tail -n 1
}

# Lines "NAME BYTES" of every slab cache (objects x object size).
slab_bytes() {
	awk 'NR > 2 { print $1, $3 * $4 }' /proc/slabinfo
}

meminfo_kb() {
	awk -v k="$1:" '$1 == k { print $2 }' /proc/meminfo
}

# Drop the page cache, dentries and inodes, twice, and let RCU callbacks
# and deferred frees run, so the figures are what the objects pin.
settle() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
	sleep 2
	echo 3 >/proc/sys/vm/drop_caches
	sleep 1
}

# mem_snapshot NAME: $WORK/NAME.mem (slab kB, MemAvailable kB, SUnreclaim,
# SReclaimable) and $WORK/NAME.slab.
mem_snapshot() {
	local ur r

	settle
	ur=$(meminfo_kb SUnreclaim)
	r=$(meminfo_kb SReclaimable)
	echo "$((ur + r)) $(meminfo_kb MemAvailable) $ur $r" >"$WORK/$1.mem"
	slab_bytes >"$WORK/$1.slab"
}

# make_lanes N: devices of 64 x 64 lanes, then one of the rest's engines;
# DEVS lists them, MS is the time taken in ms.
DEVS=()
MS=0
make_lanes() {
	local n=$1 id=1 t e

	t=$(us_now)
	while ((n > 0)); do
		e=$((n >= 4096 ? 64 : n / 64))
		sim_new "$id" "$e" 64 || die "new_device '$id $e 64': $WRITE_ERR"
		DEVS+=("$id")
		n=$((n - e * 64))
		id=$((id + 1))
	done
	MS=$((($(us_now) - t) / 1000))
}

del_lanes() {
	local id t

	t=$(us_now)
	for id in "${DEVS[@]}"; do
		sim_del "$id" || die "del_device $id: $WRITE_ERR"
	done
	DEVS=()
	MS=$((($(us_now) - t) / 1000))
}

count_lanes() {
	local a

	shopt -s nullglob
	a=("$CPO_CLASS"/engine*/lane[0-9]*)
	shopt -u nullglob
	echo "${#a[@]}"
}

# bench_size N: netlink dumps and sysfs walks of N lanes; results in
# $WORK/N.nl and $WORK/N.sysfs.
bench_size() {
	local n=$1 got

	got=$(count_lanes)
	[ "$got" == "$n" ] || die "$got lanes in sysfs, want $n"
	log "$n lanes: $RUNS netlink dumps"
	"$BENCH" dump -r "$RUNS" >"$WORK/$n.nl" || { cat "$WORK/$n.nl"; die "dump failed"; }
	[ "$(key "$WORK/$n.nl" dump-summary lanes)" == "$n" ] ||
		{ cat "$WORK/$n.nl"; die "the dump did not return $n lanes"; }
	grep -q 'intr=1' "$WORK/$n.nl" && log "$n lanes: a dump was flagged NLM_F_DUMP_INTR"
	log "$n lanes: $SYSFS_RUNS sysfs walks"
	"$BENCH" sysfs -r "$SYSFS_RUNS" >"$WORK/$n.sysfs" ||
		{ cat "$WORK/$n.sysfs"; die "sysfs walk failed"; }
	[ "$(key "$WORK/$n.sysfs" sysfs-summary lanes)" == "$n" ] ||
		{ cat "$WORK/$n.sysfs"; die "the sysfs walk did not see $n lanes"; }
	sed 's/^/  /' "$WORK/$n.nl" "$WORK/$n.sysfs"
}

# latency: on lane 5 of engine oe0 of the first device.
latency() {
	local dev=${DEVS[0]} e loc lane_id knob

	for e in "$SIM_BUS/devices/cposim$dev"/cpo/engine*; do
		read -r loc <"$e/location"
		[ "$loc" == "cposim$dev/oe0" ] && break
	done
	[ "$loc" == "cposim$dev/oe0" ] || die "no engine at cposim$dev/oe0"
	read -r lane_id <"$e/lane5/id" || die "no lane 5 in $e"
	knob=$SIM_DFS/cposim$dev/engine0/lane5/rx_los
	LAT_WHERE="cposim$dev/oe0 lane 5, lane id $lane_id"
	log "latency: $SAMPLES writes to $knob (lane id $lane_id)"
	"$BENCH" latency -k "$knob" -l "$lane_id" -n "$SAMPLES" >"$WORK/latency" ||
		{ cat "$WORK/latency"; die "latency: notifications missed"; }
	sed 's/^/  /' "$WORK/latency"
}

# ------------------------------------------------------------------ run

read -r -a sizes <<<"$(tr ' ' '\n' <<<"$SIZES" | sort -n | uniq | tr '\n' ' ')"
largest=${sizes[-1]}
START=$(us_now)
log "kernel $(uname -r) ($(uname -v)), $(nproc) CPUs, $(($(meminfo_kb MemTotal) / 1024)) MiB"
log "sizes: ${sizes[*]} lanes; $RUNS netlink runs, $SYSFS_RUNS sysfs runs, $SAMPLES latency samples"

if part lanes; then
	for n in "${sizes[@]}"; do
		if [ "$n" == "$largest" ]; then
			mem_snapshot before
			make_lanes "$n"
			make_ms=$MS
			log "$n lanes made in $make_ms ms (${DEVS[*]/#/cposim})"
			mem_snapshot after
		else
			make_lanes "$n"
			log "$n lanes made in $MS ms"
		fi
		bench_size "$n"
		part bus && bus_dumps "$n"
		if [ "$n" == "$largest" ]; then
			latency
			part exporter && exporter_part "$n"
			del_lanes
			del_ms=$MS
			log "$n lanes removed in $del_ms ms"
			mem_snapshot removed
		else
			del_lanes
		fi
	done
fi
# The exporter alone: the largest size made for it.
if part exporter && ! part lanes; then
	make_lanes "$largest"
	exporter_part "$largest"
	del_lanes
fi
if part bus; then
	bus_part
	i2c_part
fi
part flash && flash_part
part selftest && selftest_part
part ports && ports_part

# ------------------------------------------------------------------ table

fmt_us() {
	awk -v u="$1" 'BEGIN {
		if (u >= 1000000) printf "%.2f s", u / 1e6
		else if (u >= 1000) printf "%.1f ms", u / 1e3
		else printf "%d us", u }'
}

echo
echo "==================================================================== cpo benchmark"
echo "kernel:  $(uname -r) $(uname -v)"
echo "machine: $(nproc) vCPUs, $(($(meminfo_kb MemTotal) / 1024)) MiB, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
echo
if part lanes; then
	printf '%-7s | %-26s %10s | %-24s %9s %7s | %s\n' lanes "netlink dump (median)" "lanes/s" \
		"sysfs walk (median)" "lanes/s" files "sysfs/netlink"
	for n in "${sizes[@]}"; do
		nl_us=$(key "$WORK/$n.nl" dump-summary median_us)
		sf_us=$(key "$WORK/$n.sysfs" sysfs-summary median_us)
		printf '%-7s | %-26s %10s | %-24s %9s %7s | %s\n' "$n" \
			"$(fmt_us "$nl_us") (N=$RUNS)" "$(key "$WORK/$n.nl" dump-summary lanes_per_s)" \
			"$(fmt_us "$sf_us") (N=$SYSFS_RUNS)" "$(key "$WORK/$n.sysfs" sysfs-summary lanes_per_s)" \
			"$(key "$WORK/$n.sysfs" sysfs files)" \
			"$(awk -v a="$sf_us" -v b="$nl_us" 'BEGIN { printf "%.0fx", a / b }')"
		printf '%-7s | %-26s %10s | %-24s\n' "" \
			"min $(fmt_us "$(key "$WORK/$n.nl" dump-summary min_us)") max $(fmt_us "$(key "$WORK/$n.nl" dump-summary max_us)")" \
			"$(key "$WORK/$n.nl" dump datagrams) dgrams" \
			"min $(fmt_us "$(key "$WORK/$n.sysfs" sysfs-summary min_us)") max $(fmt_us "$(key "$WORK/$n.sysfs" sysfs-summary max_us)")"
	done
	echo
	echo "fault-to-event latency: rx_los knob write -> lane-change-ntf on \"monitor\""
	echo "  ($LAT_WHERE, $largest lanes present)"
	declare -A label=([los]="rx_los Y" [clear]="rx_los N" [all]="both")
	printf '  %-12s %8s %10s %10s %10s %10s\n' write samples min median p99 max
	for s in los clear all; do
		printf '  %-12s %8s %10s %10s %10s %10s\n' "${label[$s]}" \
			"$(sed -n "s/^latency: set=$s .*samples=\([0-9]*\).*/\1/p" "$WORK/latency")" \
			"$(fmt_us "$(sed -n "s/^latency: set=$s .*min_us=\([0-9]*\).*/\1/p" "$WORK/latency")")" \
			"$(fmt_us "$(sed -n "s/^latency: set=$s .*median_us=\([0-9]*\).*/\1/p" "$WORK/latency")")" \
			"$(fmt_us "$(sed -n "s/^latency: set=$s .*p99_us=\([0-9]*\).*/\1/p" "$WORK/latency")")" \
			"$(fmt_us "$(sed -n "s/^latency: set=$s .*max_us=\([0-9]*\).*/\1/p" "$WORK/latency")")"
	done
	grep -q enobufs "$WORK/latency" && echo "  $(grep enobufs "$WORK/latency")"
	echo
	read -r b_slab b_avail b_ur b_r <"$WORK/before.mem"
	read -r a_slab a_avail a_ur a_r <"$WORK/after.mem"
	read -r r_slab r_avail _ _ <"$WORK/removed.mem"
	per_lane() {
		awk -v kb="$1" -v n="$largest" 'BEGIN { printf "%+.0f", kb * 1024 / n }'
	}
	echo "kernel memory, $largest lanes (caches dropped before each reading):"
	printf '  %-32s %12s %12s %12s %10s\n' "" "before kB" "after kB" "delta kB" "B/lane"
	printf '  %-32s %12s %12s %12s %10s\n' "slab (SUnreclaim+SReclaimable)" "$b_slab" "$a_slab" \
		"$((a_slab - b_slab))" "$(per_lane $((a_slab - b_slab)))"
	printf '  %-32s %12s %12s %12s %10s\n' "  SUnreclaim" "$b_ur" "$a_ur" "$((a_ur - b_ur))" \
		"$(per_lane $((a_ur - b_ur)))"
	printf '  %-32s %12s %12s %12s %10s\n' "  SReclaimable" "$b_r" "$a_r" "$((a_r - b_r))" \
		"$(per_lane $((a_r - b_r)))"
	printf '  %-32s %12s %12s %12s %10s\n' "MemAvailable (used = -delta)" "$b_avail" "$a_avail" \
		"$((a_avail - b_avail))" "$(per_lane $((b_avail - a_avail)))"
	echo "  after del_device: slab $((r_slab - b_slab)) kB, MemAvailable $((r_avail - b_avail)) kB vs before"
	echo "  slab caches that grew most (bytes per lane):"
	awk -v n="$largest" 'NR == FNR { b[$1] = $2; next }
		{ d = $2 - b[$1]; if (d > 0) printf "%d %s %.0f\n", d, $1, d / n }' \
		"$WORK/before.slab" "$WORK/after.slab" | sort -rn | head -n 8 |
		while read -r d name pl; do
			printf '    %-28s %+10d kB %8s\n' "$name" $((d / 1024)) "$pl"
		done
fi
part exporter && exporter_table
if part bus; then
	bus_table
	i2c_table
fi
part flash && flash_table
part selftest && selftest_table
part ports && ports_table
echo
part lanes &&
	echo "time: $largest lanes made in $(fmt_us $((make_ms * 1000))), removed in $(fmt_us $((del_ms * 1000)))"
echo "time: whole benchmark ($PARTS) $(fmt_us $(($(us_now) - START)))"
