# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# The exporter part of tests/bench/bench.sh (sourced; runs in the guest
# while the largest size's lanes exist): cpo-exporter's first scrape after
# its start (the initial dump included), the time and size of a scrape, a
# dump and rendering with --once, its resident memory, and the delay from
# an rx_los knob write to /metrics showing the lane's LOS (each poll a
# whole scrape, so the figure includes one).

EXPORTER=$TOP/tools/cpo-exporter/cpo-exporter
EXP_BENCH_PORT=19472
EXP_SCRAPES=${BENCH_EXP_SCRAPES:-11}
EXP_EVENTS=${BENCH_EXP_EVENTS:-10}

exp_scrape() {
	curl -sf --max-time 60 -o "$1" "http://127.0.0.1:$EXP_BENCH_PORT/metrics"
}

# median of the numbers on stdin
exp_median() {
	sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

exporter_part() {
	local n=$1 dev=${DEVS[0]} pid t0 i want knob lbl e loc state

	[ -x "$EXPORTER" ] || die "$EXPORTER not built"
	command -v curl >/dev/null || die "curl not installed"
	EXP_LANES=$n
	log "exporter: $n lanes"
	t0=$(us_now)
	"$EXPORTER" --once >"$WORK/exp.once" || die "cpo-exporter --once failed"
	EXP_ONCE_US=$(($(us_now) - t0))
	t0=$(us_now)
	"$EXPORTER" --listen "127.0.0.1:$EXP_BENCH_PORT" --resync 0 &
	pid=$!
	for ((i = 0; i < 600; i++)); do
		exp_scrape "$WORK/exp.metrics" && break
		sleep 0.1
	done
	EXP_FIRST_US=$(($(us_now) - t0))
	[ -s "$WORK/exp.metrics" ] || { kill "$pid"; die "the exporter did not answer"; }
	EXP_SIZE=$(stat -c %s "$WORK/exp.metrics")
	EXP_SERIES=$(grep -vc '^#' "$WORK/exp.metrics")
	for ((i = 0; i < EXP_SCRAPES; i++)); do
		curl -sf --max-time 60 -o /dev/null -w '%{time_total}\n' \
			"http://127.0.0.1:$EXP_BENCH_PORT/metrics"
	done | awk '{ printf "%d\n", $1 * 1e6 }' | exp_median >"$WORK/exp.scrape"
	EXP_SCRAPE_US=$(cat "$WORK/exp.scrape")
	EXP_RSS_KB=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status")
	log "exporter: first scrape $EXP_FIRST_US us, scrape $EXP_SCRAPE_US us, $EXP_SIZE bytes, $EXP_SERIES series, --once $EXP_ONCE_US us, RSS $EXP_RSS_KB kB"

	for e in "$SIM_BUS/devices/cposim$dev"/cpo/engine*; do
		read -r loc <"$e/location"
		[ "$loc" == "cposim$dev/oe0" ] && break
	done
	lbl="device=\"cposim$dev\",engine=\"$(cat "$e/id")\",lane=\"5\""
	knob=$SIM_DFS/cposim$dev/engine0/lane5/rx_los
	: >"$WORK/exp.events"
	for ((i = 0; i < EXP_EVENTS; i++)); do
		if ((i % 2 == 0)); then state=Y want=1; else state=N want=0; fi
		t0=$(us_now)
		printf '%s' "$state" >"$knob" || die "writing $knob"
		while :; do
			# the scrape to a file, then grep: with pipefail, grep -q
			# quitting at its match made curl's pipeline fail (SIGPIPE)
			exp_scrape "$WORK/exp.poll" &&
				grep -qx "cpo_lane_rx_los{$lbl} $want" "$WORK/exp.poll" && break
			(($(us_now) - t0 > 30000000)) && break
		done
		if (($(us_now) - t0 > 30000000)); then
			log "exporter: LOS $want of $lbl not in /metrics after 30 s"
			break
		fi
		echo $(($(us_now) - t0)) >>"$WORK/exp.events"
	done
	printf N >"$knob"
	kill -TERM "$pid"
	wait "$pid"
}

exporter_table() {
	local s mn md mx

	echo
	echo "cpo-exporter at $EXP_LANES lanes (a scrape renders the exporter's copy: no netlink)"
	printf '  %-46s %12s\n' "start to first scrape (initial dump included)" "$(fmt_us "$EXP_FIRST_US")"
	printf '  %-46s %12s\n' "scrape, median of $EXP_SCRAPES (curl)" "$(fmt_us "$EXP_SCRAPE_US")"
	printf '  %-46s %12s\n' "scrape size" \
		"$(awk -v b="$EXP_SIZE" 'BEGIN { printf "%.1f MB", b / 1e6 }')"
	printf '  %-46s %12s\n' "series (samples per scrape)" "$EXP_SERIES"
	printf '  %-46s %12s\n' "bytes per lane" "$((EXP_SIZE / EXP_LANES))"
	printf '  %-46s %12s\n' "--once: dump + render + print" "$(fmt_us "$EXP_ONCE_US")"
	printf '  %-46s %12s\n' "exporter RSS" "$((EXP_RSS_KB / 1024)) MiB"
	if [ ! -s "$WORK/exp.events" ]; then
		printf '  %-46s %s\n' "rx_los knob write to /metrics" "not seen within 30 s"
		return
	fi
	s=$(sort -n "$WORK/exp.events" | awk '{ v[NR] = $1 } END {
		printf "%d %d %d", v[1], v[int((NR + 1) / 2)], v[NR] }')
	read -r mn md mx <<<"$s"
	printf '  %-46s %s / %s / %s (min / median / max of %d; polled with whole scrapes)\n' \
		"rx_los knob write to /metrics" "$(fmt_us "$mn")" "$(fmt_us "$md")" \
		"$(fmt_us "$mx")" "$EXP_EVENTS"
}
