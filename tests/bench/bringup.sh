# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# The bring-up self-test part of the cpo benchmark, sourced by bench.sh in
# the guest. Figures only: the cpo-102t preset (16 engines x 32 lanes)
# with every engine on the simulator's 400 kHz bus model, its lanes
# carrying traffic (so with force); PRBS31Q in a media side near-end
# loopback for SELFTEST_GATE_MS on every lane:
#   - one engine: wall time of `cpoctl selftest ENGINE_ID`;
#   - the whole switch: wall time of `cpoctl selftest dev DEV`, lanes
#     tested and failed, and the ratio of its time to the gating time
#     (1 = nothing but the gating time; the rest is each engine's set-up
#     and read-out over its bus, which the engines do at once).

# From bench.sh: WORK, fmt_us, us_now, log, die, ratio.

SELFTEST_DEV=960	# the new_device id of this part
SELFTEST_GATE_MS=1000

selftest_part() {
	local dev=$SELFTEST_DEV e0 t0

	log "selftest: cpo-102t preset, every engine at 400 kHz, gate $SELFTEST_GATE_MS ms"
	sim_new "$dev" preset=cpo-102t || die "new_device $dev preset=cpo-102t: $WRITE_ERR"
	bus_set "$dev" bus_khz 400
	sleep 3
	e0=$("$CPOCTL" -j engine show | jq -r --arg d "cposim$dev" \
		'[.[] | select(."dev-name" == $d)][0].id')

	log "selftest: engine $e0 alone"
	t0=$(us_now)
	"$CPOCTL" -j selftest "$e0" gate "$SELFTEST_GATE_MS" force >"$WORK/selftest.one.json"
	echo "$? $(($(us_now) - t0))" >"$WORK/selftest.one"

	log "selftest: every engine of cposim$dev"
	t0=$(us_now)
	"$CPOCTL" -j selftest dev "cposim$dev" gate "$SELFTEST_GATE_MS" force \
		>"$WORK/selftest.all.json"
	echo "$? $(($(us_now) - t0))" >"$WORK/selftest.all"
	jq -r '"engines=\(length) lanes=\(map(.selftest.lanes) | add) failed=\(map(.selftest."lanes-failed") | add) passed_engines=\(map(select(.selftest.pass == 1)) | length)"' \
		"$WORK/selftest.all.json" >"$WORK/selftest.summary" || die "selftest output"
	sim_del "$dev" || die "del_device $dev"
}

selftest_table() {
	local rc1 us1 rc us

	read -r rc1 us1 <"$WORK/selftest.one"
	read -r rc us <"$WORK/selftest.all"
	echo
	echo "selftest: bring-up self-test, cpo-102t, every engine on a 400 kHz bus, PRBS31Q, gate $SELFTEST_GATE_MS ms"
	printf '  %-28s %12s %8s %s\n' "" wall "/gate" "exit"
	printf '  %-28s %12s %8s %s\n' "one engine (32 lanes)" "$(fmt_us "$us1")" \
		"$(ratio "$us1" $((SELFTEST_GATE_MS * 1000)))" "$rc1"
	printf '  %-28s %12s %8s %s\n' "whole switch" "$(fmt_us "$us")" \
		"$(ratio "$us" $((SELFTEST_GATE_MS * 1000)))" "$rc"
	echo "  $(cat "$WORK/selftest.summary")"
}
