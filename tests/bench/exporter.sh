# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# The exporter part of tests/bench/bench.sh (sourced; runs in the guest
# while the largest size's lanes exist): cpo-exporter's first scrape after
# its start (the initial dump included), the time and size of a scrape,
# plain and gzip (Accept-Encoding: gzip, as Prometheus asks; the first
# gzip scrape of a generation compresses its page, the next reuse it, one
# after a change renders and compresses it anew), a
# dump and rendering with --once, its resident memory, the delay from an
# rx_los knob write to /metrics showing the lane's LOS (each poll a whole
# scrape, so the figure includes one), then the same scrapes of an
# exporter started with --lane-thresholds differing.

EXPORTER=$TOP/tools/cpo-exporter/cpo-exporter
EXP_BENCH_PORT=19472
EXP_SCRAPES=${BENCH_EXP_SCRAPES:-11}
EXP_EVENTS=${BENCH_EXP_EVENTS:-10}

exp_scrape() {
	curl -sf --max-time 60 -o "$1" "http://127.0.0.1:$EXP_BENCH_PORT/metrics"
}

# exp_times [CURL_ARGS...]: EXP_SCRAPES scrapes; prints the median time
# (us) and the median size on the wire (bytes)
exp_times() {
	local i

	for ((i = 0; i < EXP_SCRAPES; i++)); do
		curl -sf --max-time 60 -o /dev/null -w '%{time_total} %{size_download}\n' \
			"$@" "http://127.0.0.1:$EXP_BENCH_PORT/metrics"
	done >"$WORK/exp.times"
	echo "$(awk '{ printf "%d\n", $1 * 1e6 }' "$WORK/exp.times" | exp_median)" \
		"$(awk '{ print $2 }' "$WORK/exp.times" | exp_median)"
}

# exp_start [OPTIONS...]: start the exporter; its first scrape goes to
# $WORK/exp.metrics, the time to it to EXP_START_US
exp_start() {
	local t0 i

	t0=$(us_now)
	"$EXPORTER" --listen "127.0.0.1:$EXP_BENCH_PORT" --resync 0 "$@" &
	EXP_PID=$!
	rm -f "$WORK/exp.metrics"
	for ((i = 0; i < 600; i++)); do
		exp_scrape "$WORK/exp.metrics" && break
		sleep 0.1
	done
	EXP_START_US=$(($(us_now) - t0))
	[ -s "$WORK/exp.metrics" ] || { kill "$EXP_PID"; die "the exporter did not answer"; }
}

# exp_gzip_first: the time (us) and wire size of the first gzip scrape
exp_gzip_first() {
	curl -sf --max-time 60 -o /dev/null -w '%{time_total} %{size_download}\n' \
		-H 'Accept-Encoding: gzip' "http://127.0.0.1:$EXP_BENCH_PORT/metrics" |
		awk '{ printf "%d %d\n", $1 * 1e6, $2 }'
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
	exp_start
	EXP_FIRST_US=$EXP_START_US
	pid=$EXP_PID
	EXP_SIZE=$(stat -c %s "$WORK/exp.metrics")
	EXP_SERIES=$(grep -vc '^#' "$WORK/exp.metrics")
	read -r EXP_SCRAPE_US _ < <(exp_times)
	read -r EXP_GZ_FIRST_US _ < <(exp_gzip_first)
	read -r EXP_GZ_US EXP_GZ_SIZE < <(exp_times -H 'Accept-Encoding: gzip')
	EXP_RSS_KB=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status")
	log "exporter: first scrape $EXP_FIRST_US us, scrape $EXP_SCRAPE_US us, $EXP_SIZE bytes, $EXP_SERIES series, gzip $EXP_GZ_US us $EXP_GZ_SIZE bytes (first $EXP_GZ_FIRST_US us), --once $EXP_ONCE_US us, RSS $EXP_RSS_KB kB"

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
	# a gzip scrape after a change: its page rendered and compressed anew
	printf Y >"$knob" || die "writing $knob"
	sleep 1
	EXP_GZ_CHANGED_US=$(curl -sf --max-time 60 --compressed -o "$WORK/exp.changed" \
		-w '%{time_total}\n' "http://127.0.0.1:$EXP_BENCH_PORT/metrics" |
		awk '{ printf "%d\n", $1 * 1e6 }')
	grep -qx "cpo_lane_rx_los{$lbl} 1" "$WORK/exp.changed" ||
		log "exporter: the scrape after a change did not have it yet"
	printf N >"$knob"
	kill -TERM "$pid"
	wait "$pid"

	exp_start --lane-thresholds differing
	EXP_DIFF_FIRST_US=$EXP_START_US
	EXP_DIFF_SIZE=$(stat -c %s "$WORK/exp.metrics")
	EXP_DIFF_SERIES=$(grep -vc '^#' "$WORK/exp.metrics")
	read -r EXP_DIFF_US _ < <(exp_times)
	exp_gzip_first >/dev/null
	read -r EXP_DIFF_GZ_US EXP_DIFF_GZ_SIZE < <(exp_times -H 'Accept-Encoding: gzip')
	log "exporter --lane-thresholds differing: scrape $EXP_DIFF_US us, $EXP_DIFF_SIZE bytes, $EXP_DIFF_SERIES series, gzip $EXP_DIFF_GZ_US us $EXP_DIFF_GZ_SIZE bytes"
	kill -TERM "$EXP_PID"
	wait "$EXP_PID"
}

# bytes as MB
exp_mb() {
	awk -v b="$1" 'BEGIN { printf "%.1f MB", b / 1e6 }'
}

exporter_table() {
	local s mn md mx

	echo
	echo "cpo-exporter at $EXP_LANES lanes (a scrape renders the exporter's copy: no netlink)"
	printf '  %-46s %12s\n' "start to first scrape (initial dump included)" "$(fmt_us "$EXP_FIRST_US")"
	printf '  %-46s %12s\n' "scrape, median of $EXP_SCRAPES (curl)" "$(fmt_us "$EXP_SCRAPE_US")"
	printf '  %-46s %12s\n' "scrape size" "$(exp_mb "$EXP_SIZE")"
	printf '  %-46s %12s\n' "series (samples per scrape)" "$EXP_SERIES"
	printf '  %-46s %12s\n' "bytes per lane" "$((EXP_SIZE / EXP_LANES))"
	printf '  %-46s %12s\n' "gzip scrape, median of $EXP_SCRAPES (page cached)" "$(fmt_us "$EXP_GZ_US")"
	printf '  %-46s %12s\n' "gzip scrape size on the wire" "$(exp_mb "$EXP_GZ_SIZE")"
	printf '  %-46s %12s\n' "first gzip scrape (compresses the page)" "$(fmt_us "$EXP_GZ_FIRST_US")"
	printf '  %-46s %12s\n' "gzip scrape after a change (renders, compresses)" "$(fmt_us "$EXP_GZ_CHANGED_US")"
	printf '  %-46s %12s\n' "--lane-thresholds differing: scrape" "$(fmt_us "$EXP_DIFF_US")"
	printf '  %-46s %12s\n' "  its size, plain / gzip" \
		"$(exp_mb "$EXP_DIFF_SIZE") / $(exp_mb "$EXP_DIFF_GZ_SIZE")"
	printf '  %-46s %12s\n' "  its series" "$EXP_DIFF_SERIES"
	printf '  %-46s %12s\n' "  its gzip scrape" "$(fmt_us "$EXP_DIFF_GZ_US")"
	printf '  %-46s %12s\n' "  start to first scrape" "$(fmt_us "$EXP_DIFF_FIRST_US")"
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
