# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# The ports part of the cpo benchmark, sourced by bench.sh in the guest.
# Figures only: the cpo-51t preset (8 engines x 64 lanes of 100G, a
# netdev per 8 lanes: 64 ports of 800G), with no bus delay and with every
# engine on the simulator's 400 kHz bus model:
#   - ethtool -m over every port, one after the other: wall time (each
#     reads lower memory and pages 00h, 01h, 02h and 11h of the engine
#     through cpo, on the bus);
#   - one cpoctl -j lane show of the same 512 lanes (served from cpo's
#     copy): wall time, the median of PORTS_RUNS;
#   - their ratio.

# From bench.sh: WORK, fmt_us, us_now, log, die; bus.sh: bus_set, ratio.

PORTS_DEV=970	# the new_device id of this part
PORTS_RUNS=5

# ports_round TAG: ethtool -m over every port, then PORTS_RUNS cpoctl dumps.
ports_round() {
	local tag=$1 p t0 i n=0 bad=0

	t0=$(us_now)
	for p in /sys/class/net/cs"$PORTS_DEV"oe*; do
		ethtool -m "${p##*/}" >/dev/null 2>&1 || bad=$((bad + 1))
		n=$((n + 1))
	done
	echo "$n $bad $(($(us_now) - t0))" >"$WORK/ports.$tag.ethtool"
	for ((i = 0; i < PORTS_RUNS; i++)); do
		t0=$(us_now)
		"$CPOCTL" -j lane show >/dev/null || die "cpoctl lane show"
		echo $(($(us_now) - t0))
	done | sort -n | sed -n "$((PORTS_RUNS / 2 + 1))p" >"$WORK/ports.$tag.cpoctl"
}

ports_part() {
	local dev=$PORTS_DEV

	log "ports: cpo-51t preset, a netdev per 8 lanes; ethtool -m over every port vs one cpoctl dump"
	sim_new "$dev" preset=cpo-51t || die "new_device $dev preset=cpo-51t: $WRITE_ERR"
	sleep 3
	ports_round nodelay
	bus_set "$dev" bus_khz 400
	sleep 3
	ports_round 400k
	sim_del "$dev" || die "del_device $dev"
}

ports_table() {
	local tag n bad eth cpo

	echo
	echo "ports: ethtool -m over every port of cpo-51t (64 ports x 8 lanes) vs one cpoctl -j lane show"
	printf '  %-10s %6s %16s %14s %16s %12s\n' bus ports "ethtool -m all" "per port" \
		"cpoctl (median)" "ethtool/cpoctl"
	for tag in nodelay 400k; do
		read -r n bad eth <"$WORK/ports.$tag.ethtool"
		cpo=$(cat "$WORK/ports.$tag.cpoctl")
		printf '  %-10s %6s %16s %14s %16s %11sx\n' \
			"$([ "$tag" = 400k ] && echo "400 kHz" || echo "no delay")" "$n" \
			"$(fmt_us "$eth")" "$(fmt_us $((eth / (n ? n : 1))))" \
			"$(fmt_us "$cpo") (N=$PORTS_RUNS)" "$(ratio "$eth" "$cpo")"
		[ "$bad" = 0 ] || echo "  ($bad ethtool -m runs failed)"
	done
}
