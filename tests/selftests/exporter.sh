#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# cpo-exporter, the Prometheus exporter, end to end:
#
#  - bad command lines exit 2 with a message, a port in use and a missing
#    textfile directory exit 1 saying so (stock kernels);
#  - /metrics passes "promtool check metrics"; the sample alert rules pass
#    "promtool check rules" (stock kernels);
#  - asked for gzip (Accept-Encoding), /metrics is a gzip page that
#    inflates to the plain one, smaller; asked for nothing, plain text;
#  - --lane-thresholds differing keeps only a lane's threshold that differs
#    from its engine's, none leaves out every lane threshold family, and
#    both stay clean for promtool (stock kernels);
#  - a lane's RX power and LOS and its rx-los alarm in /metrics equal
#    cpoctl's, before and after LOS is injected with the simulator's knob
#    (how long the exporter's copy took after cpoctl is logged; make bench
#    measures it on a quiet guest);
#  - Debian's prometheus server on loopback scraping the exporter every
#    second answers its HTTP API with the same values (not on the debug
#    kernel: userspace only, the same on every kernel);
#  - the textfile mode writes DIR/cpo.prom atomically (no temporary file
#    left), valid for promtool, and ends with status 0 on SIGTERM;
#  - built with ASan and UBSan (build/asan, as cli_fuzz builds cpoctl) the
#    exporter has no leak and no error after serving scrapes, taking events
#    and dumping again (not on the debug kernel, for the same reason).

# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"

EXPORTER=${CPO_EXPORTER:-$TOP/tools/cpo-exporter/cpo-exporter}
ASAN_EXPORTER=$TOP/build/asan/tools/cpo-exporter/cpo-exporter
RULES=$TOP/tools/cpo-exporter/cpo-alerts.yml
SCRAPE_S=1
# The prometheus server, promtool, the command line checks and the
# sanitized build check userspace, the same on every kernel: on the stock
# kernels only (on the debug kernel a process start costs about a second).
USERSPACE=1
kernel_is_debug && USERSPACE=0

cpo_require
[ -x "$EXPORTER" ] || skip "$EXPORTER not built (make tools)"
[ -x "$CPOCTL" ] || skip "$CPOCTL not built (make tools)"
for t in curl promtool prometheus; do
	command -v $t >/dev/null || skip "$t not installed (scripts/deps.sh)"
done

# Ports of this test's own (two tests run at once in a guest).
EXP_PORT=$((30000 + $$ % 10000))
PROM_PORT=$((40000 + $$ % 10000))
EXP_URL=http://127.0.0.1:$EXP_PORT/metrics
PROM_URL=http://127.0.0.1:$PROM_PORT
WORK=$(mktemp -d /tmp/cpo-exporter.XXXXXX)
on_exit "rm -rf $WORK"

ID=$(sim_unique_id)
sim_new "$ID" 1 4 lasers=external || {
	fail "new_device '$ID 1 4 lasers=external': $WRITE_ERR"
	cpo_exit
}
E=$(engine_id_of "$ID" 0)
[ -n "$E" ] || { fail "no engine on cposim$ID"; cpo_exit; }
EP=$CPO_CLASS/engine$E
for i in 0 1 2 3; do
	check_true "lane $i activated" wait_until sysfs_is "$EP/lane$i/dp_state" activated
done

# The exporter and a prometheus server scraping it start first: the
# server takes seconds to start in a guest, the checks below meanwhile.
"$EXPORTER" --listen "127.0.0.1:$EXP_PORT" --resync 0 2>"$WORK/exporter.err" &
EXP_PID=$!
on_exit "kill $EXP_PID 2>/dev/null; wait $EXP_PID 2>/dev/null"
if ((USERSPACE)); then
cat >"$WORK/prometheus.yml" <<EOF
global:
  scrape_interval: ${SCRAPE_S}s
  evaluation_interval: ${SCRAPE_S}s
scrape_configs:
  - job_name: cpo
    static_configs:
      - targets: ['127.0.0.1:$EXP_PORT']
EOF
prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/tsdb" \
	--web.listen-address="127.0.0.1:$PROM_PORT" --log.level=warn \
	>"$WORK/prometheus.log" 2>&1 &
PROM_PID=$!
on_exit "kill $PROM_PID 2>/dev/null; wait $PROM_PID 2>/dev/null"
fi

# ---- bad command lines
log "bad command lines: at $SECONDS s"
# bad_cli DESC STATUS ERE ARGS...: the exporter exits STATUS with ERE on stderr
bad_cli() {
	local desc=$1 want=$2 re=$3 err rc

	shift 3
	err=$(timeout 10 "$EXPORTER" "$@" 2>&1 >/dev/null)
	rc=$?
	if [ "$rc" != "$want" ]; then
		fail "$desc: cpo-exporter $* exit $rc, want $want ($err)"
	elif [[ ! "$err" =~ $re ]]; then
		fail "$desc: stderr '$err' does not match /$re/"
	else
		pass "$desc"
	fi
}
if ((USERSPACE)); then
	bad_cli "unknown option" 2 'unknown option "--bogus"' --bogus
	bad_cli "option without its value" 2 '"--listen" needs a value' --listen
	bad_cli "bad listen address" 2 'bad listen address "1.2.3:x"' --listen 1.2.3:x
	bad_cli "port out of range" 2 'bad listen address ":65536"' --listen :65536
	bad_cli "resync not a number" 2 '--resync: "-1" is not a number' --resync -1
	bad_cli "textfile interval 0" 2 '--textfile-interval: "0"' -t -i 0
	bad_cli "listen with textfile" 2 'exclude each other' -t -l :1
	bad_cli "textfile dir without textfile" 2 'need --textfile' -d "$WORK"
	bad_cli "a stray argument" 2 'unexpected argument "x"' x
	bad_cli "bad --lane-thresholds" 2 '--lane-thresholds: "some" is not all, differing or none' \
		--lane-thresholds some
	bad_cli "missing textfile directory" 1 "textfile directory $WORK/none: No such file" \
		-t -d "$WORK/none"
	out=$("$EXPORTER" --help)
	check_true "--help exits 0 and names every option" \
		eval "[[ \"\$out\" == *--listen*--textfile*--textfile-dir*--textfile-interval*--resync*--rcvbuf*--once*--lane-thresholds* ]]"
	check_eq "--version" "$("$EXPORTER" --version)" "cpo-exporter $(cat "$TOP/VERSION")"
else
	log "debug kernel: the command line checks left out (userspace only)"
fi

# ---- the exporter, HTTP
log "the exporter, HTTP: at $SECONDS s"
metrics() {
	curl -sf --max-time 5 "$EXP_URL"
}
# metrics_has [-x] PATTERN: a line of /metrics matches grep's PATTERN.
# The page is read whole first: with pipefail, "metrics | grep -q" failed
# whenever grep quit at its match while curl still wrote (SIGPIPE), so a
# wait for a line could time out with the line there all along.
# shellcheck disable=SC2317	# called through wait_until eval
metrics_has() {
	local m

	m=$(metrics) && grep -q "$@" <<<"$m"
}
check_true "exporter serves /metrics" wait_until eval "metrics >/dev/null"
if ((USERSPACE)); then
	bad_cli "port in use" 1 "cannot listen on 127.0.0.1:$EXP_PORT" --listen "127.0.0.1:$EXP_PORT"
	check_eq "unknown path: 404" \
		"$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$EXP_PORT/x")" 404

	metrics >"$WORK/metrics.txt"
	if out=$(promtool check metrics <"$WORK/metrics.txt" 2>&1); then
		pass "promtool check metrics: clean"
	else
		fail "promtool check metrics: $out"
	fi
	if out=$(promtool check rules "$RULES" 2>&1); then
		pass "promtool check rules $(basename "$RULES")"
	else
		fail "promtool check rules: $out"
	fi
else
	log "debug kernel: the port in use and promtool left out (userspace only)"
fi

# ---- gzip
log "gzip: at $SECONDS s"
# The series that change from one scrape to the next (ages, the scrape
# count) are left out of the comparison.
# shellcheck disable=SC2317	# called through wait_until too
unstable() {
	grep -vE '^cpo_exporter_(scrapes_total|sync_age_seconds) |^cpo_engine_refresh_age_seconds\{' "$1"
}
# gzip_same: a gzip scrape, inflated, is the plain page (another event
# may land between the two scrapes: tried again then)
# shellcheck disable=SC2317	# called through wait_until
gzip_same() {
	curl -sf --max-time 5 -H 'Accept-Encoding: gzip' -D "$WORK/gz.hdr" \
		-o "$WORK/metrics.gz" "$EXP_URL" || return 1
	curl -sf --max-time 5 -D "$WORK/plain.hdr" -o "$WORK/metrics.plain" \
		"$EXP_URL" || return 1
	gzip -dc <"$WORK/metrics.gz" >"$WORK/metrics.gunzip" || return 1
	[ "$(unstable "$WORK/metrics.gunzip")" == "$(unstable "$WORK/metrics.plain")" ]
}
check_true "gzip: the gzip page inflates to the plain page" wait_until gzip_same
check_match "gzip: Content-Encoding gzip" \
	"$(tr -d '\r' <"$WORK/gz.hdr" | grep -i '^content-encoding:')" '^[Cc]ontent-[Ee]ncoding: gzip$'
check_eq "gzip: the plain page has no Content-Encoding" \
	"$(tr -d '\r' <"$WORK/plain.hdr" | grep -ci '^content-encoding:')" 0
check_match "gzip: Vary: Accept-Encoding" \
	"$(tr -d '\r' <"$WORK/gz.hdr" | grep -i '^vary:')" '^[Vv]ary: Accept-Encoding$'
gz_size=$(stat -c %s "$WORK/metrics.gz")
plain_size=$(stat -c %s "$WORK/metrics.plain")
check_true "gzip: $gz_size bytes for a page of $plain_size" \
	test "$((gz_size * 4))" -lt "$plain_size"
# curl_same: curl --compressed gives the plain page (a neighbour test's
# device may change between the two scrapes: tried again then)
# shellcheck disable=SC2317	# called through wait_until
curl_same() {
	curl -sf --max-time 5 --compressed -o "$WORK/metrics.curl" "$EXP_URL" &&
		curl -sf --max-time 5 -o "$WORK/metrics.plain2" "$EXP_URL" || return 1
	[ "$(unstable "$WORK/metrics.curl")" == "$(unstable "$WORK/metrics.plain2")" ]
}
check_true "curl --compressed: the plain page" wait_until curl_same
curl -sf --max-time 5 -H 'Accept-Encoding: gzip;q=0' -D "$WORK/q0.hdr" -o "$WORK/q0" "$EXP_URL"
check_eq "gzip;q=0: no Content-Encoding" \
	"$(tr -d '\r' <"$WORK/q0.hdr" | grep -ci '^content-encoding:')" 0
check_eq "gzip;q=0: plain text" "$(head -c 6 "$WORK/q0")" "# HELP"

# sample NAME LABELS: the value of one series of a metrics text on stdin
sample() {
	awk -v s="$1{$2}" 'index($0, s " ") == 1 { print $2; exit }'
}
LBL="device=\"cposim$ID\",engine=\"$E\",lane=\"1\""
# lane_agrees: /metrics agrees with cpoctl on lane 1 (RX power in W and
# dBm, LOS); prints the difference when not
lane_agrees() {
	local lane m w want_w los dbm

	lane=$(lane_json "$E" 1) || return 1
	m=$(metrics) || return 1
	w=$(sample cpo_lane_rx_power_watts "$LBL" <<<"$m")
	los=$(sample cpo_lane_rx_los "$LBL" <<<"$m")
	dbm=$(sample cpo_lane_rx_power_dbm "$LBL" <<<"$m")
	want_w=$(jq -r '."rx-power"' <<<"$lane")
	AGREE="exporter rx_power_watts=$w dbm=$dbm rx_los=$los; cpoctl rx-power=$want_w nW rx-los=$(jq -r '."rx-los"' <<<"$lane")"
	[ -n "$w" ] && [ "$los" == "$(jq -r '."rx-los"' <<<"$lane")" ] &&
		awk -v w="$w" -v n="$want_w" -v d="$dbm" 'BEGIN {
			if (w * 1e9 - n > 0.5 || n - w * 1e9 > 0.5) exit 1
			if (n == 0) exit !(d == "-Inf")
			x = 10 * log(n * 1e-6) / log(10)
			exit !(d - x < 1e-6 && x - d < 1e-6)
		}'
}
if lane_agrees; then
	pass "lane 1: RX power (W, dBm) and LOS as cpoctl's ($AGREE)"
else
	fail "lane 1 differs: $AGREE"
fi
metrics >"$WORK/m1"
check_eq "lane 1: rx_los 0" "$(sample cpo_lane_rx_los "$LBL" <"$WORK/m1")" 0
check_match "lane 1: an RX power low-warning threshold" \
	"$(sample cpo_lane_threshold_rx_power_watts "$LBL,level=\"low-warning\"" <"$WORK/m1")" \
	'^[0-9.e+-]+$'
check_eq "engine $E ready" \
	"$(sample cpo_engine_ready "device=\"cposim$ID\",engine=\"$E\"" <"$WORK/m1")" 1
check_match "lane 1 info: location and laser" "$(grep "^cpo_lane_info{$LBL," "$WORK/m1")" \
	"location=\"cposim$ID/oe0\",laser=\"[0-9]+\""

# ---- Prometheus scraping it
log "Prometheus scraping it: at $SECONDS s"
# prom QUERY: the value of an instant query's one series, or nothing
prom() {
	curl -sf --max-time 5 "$PROM_URL/api/v1/query" --data-urlencode "query=$1" |
		jq -r 'if .data.result | length == 1 then .data.result[0].value[1] else empty end'
}
# shellcheck disable=SC2317	# called through wait_until
prom_is() {
	[ "$(prom "$1")" == "$2" ]
}
if ((USERSPACE)); then
	WAIT_S=60 check_true "prometheus scrapes the exporter (up == 1)" \
		wait_until prom_is "up{job=\"cpo\"}" 1
	want=$(sample cpo_lane_rx_power_watts "$LBL" <"$WORK/m1")
	got=$(prom "cpo_lane_rx_power_watts{$LBL}")
	check_true "prometheus: lane 1 RX power $got as the exporter's $want" \
		awk -v a="$got" -v b="$want" 'BEGIN { exit !(a != "" && a == b + 0) }'
else
	log "debug kernel: the prometheus server left out (userspace only)"
fi

# ---- a fault: LOS on lane 1
log "a fault: LOS on lane 1: at $SECONDS s"
ALBL="$LBL,quantity=\"rx-los\",level=\"asserted\""
check_knob "rx_los knob on lane 1" "$ID" engine0/lane1/rx_los Y
on_exit "write_file $SIM_DFS/cposim$ID/engine0/lane1/rx_los N"
t0=$SECONDS
check_wait "cpoctl: lane 1 rx-los 1" '."rx-los" == 1' lane_json "$E" 1
# cpoctl saw it: the exporter's copy has it too, after a bounded wait. How
# long it took is logged, not asserted (two tests share the guest's CPUs
# and the host may be loaded): make bench measures the knob-to-metric
# delay on a quiet guest.
t1=${EPOCHREALTIME/./}
if wait_until eval "metrics_has -x 'cpo_lane_rx_los{$LBL} 1'"; then
	pass "exporter: lane 1 LOS in /metrics as cpoctl saw it"
	log "exporter: LOS in /metrics $(((${EPOCHREALTIME/./} - t1) / 1000)) ms after cpoctl saw it (scrape interval ${SCRAPE_S} s)"
else
	fail "exporter: lane 1 LOS never in /metrics (waited ${WAIT_S} s)"
fi
check_wait "cpoctl: lane 1 rx-los alarm active" \
	'[.alarm[]? | select(.quantity == "rx-los" and .active == 1)] | length == 1' \
	eval "$CPOCTL -j alarm show lane id $(cat "$EP/lane1/id") | jq -c '.[0]'"
if lane_agrees; then
	pass "lane 1 under LOS: RX power (W, dBm) and LOS as cpoctl's ($AGREE)"
else
	fail "lane 1 under LOS differs: $AGREE"
fi
metrics >"$WORK/m2"
check_eq "exporter: rx-los alarm active" "$(sample cpo_lane_alarm_active "$ALBL" <"$WORK/m2")" 1
count=$("$CPOCTL" -j alarm show lane id "$(cat "$EP/lane1/id")" |
	jq -r '.[0].alarm[] | select(.quantity == "rx-los" and .level == "asserted") | .count')
check_eq "exporter: rx-los alarm count as cpoctl's" \
	"$(sample cpo_lane_alarms_total "$ALBL" <"$WORK/m2")" "$count"
if ((USERSPACE)); then
	check_true "prometheus: lane 1 rx_los 1" wait_until prom_is "cpo_lane_rx_los{$LBL}" 1
	check_true "prometheus: lane 1 rx-los alarm active" \
		wait_until prom_is "cpo_lane_alarm_active{$ALBL}" 1
	log "LOS knob to Prometheus: $((SECONDS - t0)) s (scrape interval ${SCRAPE_S} s)"
	check_true "prometheus: lane 1 RX power as cpoctl's" \
		wait_until prom_is "cpo_lane_rx_power_watts{$LBL} * 1e9" \
		"$(lane_json "$E" 1 | jq -r '."rx-power"')"
	kill "$PROM_PID"
	wait "$PROM_PID" 2>/dev/null
fi
check_knob "rx_los knob off" "$ID" engine0/lane1/rx_los N
check_true "exporter: lane 1 LOS gone" \
	wait_until eval "metrics_has -x 'cpo_lane_rx_los{$LBL} 0'"
check_true "exporter counted events" \
	eval "metrics_has '^cpo_exporter_events_total [1-9]'"
check_eq "exporter: no overrun, no lost event" \
	"$(metrics | awk '/^cpo_exporter_(overruns|events_lost)_total / { s += $2 } END { print s + 0 }')" 0
kill -TERM "$EXP_PID"
wait "$EXP_PID"
check_eq "exporter: SIGTERM ends it with status 0" "$?" 0
check_eq "exporter: nothing on stderr" "$(cat "$WORK/exporter.err")" ""

# ---- textfile mode
log "textfile mode: at $SECONDS s"
mkdir "$WORK/textfile"
"$EXPORTER" --textfile --textfile-dir "$WORK/textfile" --textfile-interval 1 &
TF_PID=$!
on_exit "kill $TF_PID 2>/dev/null; wait $TF_PID 2>/dev/null"
check_true "textfile: cpo.prom written" wait_until test -s "$WORK/textfile/cpo.prom"
if ((USERSPACE)); then
	if out=$(promtool check metrics <"$WORK/textfile/cpo.prom" 2>&1); then
		pass "textfile: promtool check metrics clean"
	else
		fail "textfile: promtool check metrics: $out"
	fi
else
	log "debug kernel: promtool left out (userspace only)"
fi
check_match "textfile: lane 1 RX power" \
	"$(sample cpo_lane_rx_power_watts "$LBL" <"$WORK/textfile/cpo.prom")" '^[0-9.e+-]+$'
check_true "textfile: rewritten every interval" \
	wait_until eval "grep -q '^cpo_exporter_scrapes_total [3-9]' '$WORK/textfile/cpo.prom'"
kill -TERM "$TF_PID"
wait "$TF_PID"
check_eq "textfile: SIGTERM ends it with status 0" "$?" 0
check_eq "textfile: only cpo.prom in the directory" "$(ls -A "$WORK/textfile")" cpo.prom

# ---- --lane-thresholds
log "--lane-thresholds: at $SECONDS s"
if ((USERSPACE)); then
	# lane 1's RX power low-warning 1 uW above the engine's, its own
	lw=$(sample cpo_lane_threshold_rx_power_watts "$LBL,level=\"low-warning\"" <"$WORK/m1")
	new_mw=$(awk -v w="$lw" 'BEGIN { printf "%.4f", w * 1e3 + 0.001 }')
	want=$(awk -v w="$lw" 'BEGIN { printf "%.10g", (w * 1e9 + 1000) * 1e-9 }')
	cpo_ok "lane 1: an RX power low-warning of its own (${new_mw}mW)" \
		threshold set lane "$(cat "$EP/lane1/id")" rx-power low-warning "${new_mw}mW"
	for mode in all differing none; do
		"$EXPORTER" --once --lane-thresholds "$mode" >"$WORK/once.$mode"
		check_eq "--once --lane-thresholds $mode: status" "$?" 0
		if out=$(promtool check metrics <"$WORK/once.$mode" 2>&1); then
			pass "--lane-thresholds $mode: promtool check metrics clean"
		else
			fail "--lane-thresholds $mode: promtool check metrics: $out"
		fi
		# this test's device only: other tests' run alongside
		grep -E '^cpo_lane_threshold_' "$WORK/once.$mode" |
			grep -F "device=\"cposim$ID\"" >"$WORK/lane_th.$mode"
	done
	check_match "all: every lane's thresholds" \
		"$(grep -c "lane=\"3\"" "$WORK/lane_th.all")" '^[1-9][0-9]*$'
	check_eq "differing: lane 1's own low-warning only" "$(cat "$WORK/lane_th.differing")" \
		"cpo_lane_threshold_rx_power_watts{$LBL,level=\"low-warning\"} $want"
	check_eq "none: no lane threshold" "$(grep -c '^cpo_lane_threshold_' "$WORK/once.none")" 0
	check_eq "none: no lane threshold family" \
		"$(grep -c '^# TYPE cpo_lane_threshold_' "$WORK/once.none")" 0
	# this test's device only, as above
	check_eq "none: the engines' thresholds stay" \
		"$(grep '^cpo_engine_threshold_' "$WORK/once.none" | grep -cF "device=\"cposim$ID\"")" \
		"$(grep '^cpo_engine_threshold_' "$WORK/once.all" | grep -cF "device=\"cposim$ID\"")"
else
	log "debug kernel: --lane-thresholds left out (userspace only)"
fi

# ---- ASan and UBSan: scrapes, events and dumps, then SIGTERM
log "sanitized build: at $SECONDS s"
# Built on the host before the guests boot (tests/check.sh, as for
# cli_fuzz); built here when missing or older than its sources.
asan_current() {
	local f

	[ -x "$ASAN_EXPORTER" ] || return 1
	for f in "$TOP"/tools/cpo-exporter/*.[ch] "$TOP"/tools/lib/*.[ch]; do
		[ "$f" -nt "$ASAN_EXPORTER" ] && return 1
	done
	return 0
}
if ((!USERSPACE)); then
	log "debug kernel: the sanitized exporter left out (userspace only)"
elif ! asan_current && ! "$TOP/tests/selftests/cli_fuzz.sh" --build >"$WORK/asan-build.log" 2>&1; then
	fail "the sanitized build failed: $(tail -n 20 "$WORK/asan-build.log")"
else
	ASAN_OPTIONS=detect_leaks=1:exitcode=99 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		"$ASAN_EXPORTER" --listen "127.0.0.1:$EXP_PORT" --resync 1 \
		>"$WORK/asan.out" 2>&1 &
	ASAN_PID=$!
	on_exit "kill $ASAN_PID 2>/dev/null; wait $ASAN_PID 2>/dev/null"
	check_true "ASan: the exporter serves /metrics" wait_until eval "metrics >/dev/null"
	L2="device=\"cposim$ID\",engine=\"$E\",lane=\"2\""
	sim_knob "$ID" engine0/lane2/rx_los Y
	check_true "ASan: lane 2 LOS seen" \
		wait_until eval "metrics_has -x 'cpo_lane_rx_los{$L2} 1'"
	sim_knob "$ID" engine0/lane2/rx_los N
	check_true "ASan: lane 2 LOS gone" \
		wait_until eval "metrics_has -x 'cpo_lane_rx_los{$L2} 0'"
	check_true "ASan: dumped again (--resync 1)" \
		wait_until eval "metrics_has '^cpo_exporter_dumps_total [2-9]'"
	kill -TERM "$ASAN_PID"
	wait "$ASAN_PID"
	rc=$?
	if [ "$rc" == 0 ] && ! grep -q . "$WORK/asan.out"; then
		pass "ASan: no leak, no error, status 0"
	else
		fail "ASan: status $rc: $(head -c 3000 "$WORK/asan.out")"
	fi
fi

log "end: at $SECONDS s"
cpo_exit
