#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# cpo_sim's new_device keys and presets: "ID [ENGINES [LANES]] [KEY=VALUE
# ...]" with type=, rate=, lasers=, and preset=NAME alone. Each preset
# makes the engines, lanes and lasers it describes (counts, engine type,
# lane rate, field-replaceable, laser types and roles, wiring), LPO lanes
# have no DSP monitors (pre-fec-ber, snr), and bad keys or values are
# refused with EINVAL and create nothing.

# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"

cpo_require
[ -x "$CPOCTL" ] || skip "$CPOCTL not built (make tools)"

ID=$(sim_unique_id)

# ---- bad input: EINVAL, nothing created, a log line
# What a refused line could have made: every line names cposim$ID. Only
# this device: another test makes and removes its own meanwhile.
# (sysfs with builtins only: this runs 42 times, and forks cost seconds
# on the debug kernel)
state() {
	local d=no l lasers=()

	[ -e "$SIM_BUS/devices/cposim$ID" ] && d=yes
	echo "cposim$ID: $d"
	echo "engines: $(sysfs_engines_of "$ID")"
	for l in "$SIM_BUS/devices/cposim$ID"/cpo/laser*; do
		[ -e "$l" ] && lasers+=("${l##*/}")
	done
	echo "lasers: ${lasers[*]}"
}

check_reject() {
	local before after shown

	shown=$(printf '%q' "$1")
	before=$(state)
	if write_file "$SIM_BUS/new_device" "$1"; then
		fail "new_device $shown accepted"
		echo "$ID" >"$SIM_BUS/del_device" 2>/dev/null
	else
		check_eq "new_device $shown rejected" "$WRITE_ERR" "Invalid argument"
	fi
	after=$(state)
	check_eq "new_device $shown creates nothing" "$after" "$before"
}

klog_lines=$(dmesg | wc -l)
check_reject "$ID preset=bogus"
check_reject "$ID preset="
check_reject "$ID 2 8 type=xpo"
check_reject "$ID 2 8 type="
check_reject "$ID 2 8 type=npo type=lpo"
check_reject "$ID 2 8 rate=200 rate=400"
check_reject "$ID 2 8 lasers=internal lasers=none"
check_reject "$ID 2 8 rate=300"
check_reject "$ID 2 8 rate=200G"
check_reject "$ID 2 8 rate=0"
check_reject "$ID 2 8 lasers=maybe"
check_reject "$ID 2 8 colour=blue"
check_reject "$ID 2 8 =cpo"
check_reject "$ID 2 8 type"
check_reject "$ID 2 8 lasers=external 4"
check_reject "$ID 2 preset=npo"
check_reject "$ID preset=npo 2"
check_reject "$ID preset=npo type=lpo"
check_reject "$ID preset=lpo lasers=none"
check_reject "$ID 0 8 lasers=internal"
check_reject "$ID 2 65 lasers=external"
new_lines=$(dmesg | tail -n +$((klog_lines + 1)) | grep -c 'cpo_sim')
check_ne "rejected new_device writes log why (pr_info)" "$new_lines" 0

# ---- explicit keys
# shape ID: "engines type lane-count lane-rate field-replaceable", one line
# per distinct combination
shape() {
	engines_of "$1" | jq -r '[length] + (map("\(.type) \(."lane-count") \(."lane-rate") \(."field-replaceable" // false)") | unique) | join(" | ")'
}

if sim_new "$ID" 2 4; then
	pass "new_device '$ID 2 4' (no keys)"
else
	fail "new_device '$ID 2 4': $WRITE_ERR"
fi
check_eq "no keys: type cpo, 200G, not field-replaceable" "$(shape "$ID")" \
	"2 | cpo 4 200000 false"
check_jq "no keys: no lasers" "$(lasers_of "$ID")" 'length' 0
E0=$(engine_id_of "$ID" 0)
lanes=$(lanes_json "$E0")
check_jq "no keys: lanes fed by no laser" "$lanes" '[.[] | select(has("laser-id"))] | length' 0
check_jq "no keys: lanes transmit as before" "$lanes" 'all(."tx-power" > 0)' true
sim_del "$ID"

if sim_new "$ID" 2 8 type=npo rate=400 lasers=internal; then
	pass "new_device '$ID 2 8 type=npo rate=400 lasers=internal'"
else
	fail "new_device '$ID 2 8 type=npo rate=400 lasers=internal': $WRITE_ERR"
fi
# field-replaceable is left to the simulator for type= (only the presets
# define it)
check_eq "type=npo rate=400: npo engines of 400G lanes" \
	"$(shape "$ID" | sed 's/ \(true\|false\)$//')" "2 | npo 8 400000"
L=$(lasers_of "$ID")
check_jq "lasers=internal: 2 lasers per engine of 8 lanes" "$L" 'length' 4
check_jq "lasers=internal: all internal primaries without spare" "$L" \
	'map("\(.type) \(.role) \(has("spare-id"))") | unique | join(",")' \
	"internal primary false"
check_jq "lasers=internal: locations cposim$ID/oe<N>/laser<K>" "$L" \
	'map(.location) | sort | join(",")' \
	"cposim$ID/oe0/laser0,cposim$ID/oe0/laser1,cposim$ID/oe1/laser0,cposim$ID/oe1/laser1"
sim_del "$ID"

for t in cpo lpo; do
	for r in 100 200; do
		if sim_new "$ID" 1 2 "type=$t" "rate=$r"; then
			check_eq "type=$t rate=$r" \
				"$(shape "$ID" | sed 's/ \(true\|false\)$//')" "1 | $t 2 ${r}000"
			# linear optics have no DSP: no pre-fec-ber, no snr
			check_jq "type=$t: pre-fec-ber and snr $([ $t == lpo ] && echo absent || echo present)" \
				"$(lanes_json "$(engine_id_of "$ID" 0)")" \
				'map([has("pre-fec-ber"), has("snr")]) | unique | tostring' \
				"$([ $t == lpo ] && echo '[[false,false]]' || echo '[[true,true]]')"
		else
			fail "new_device '$ID 1 2 type=$t rate=$r': $WRITE_ERR"
		fi
		sim_del "$ID"
	done
done

if sim_new "$ID" 1 5 lasers=external; then
	L=$(lasers_of "$ID")
	check_jq "1 x 5 lasers=external: 2 primaries (ceil 5/4)" "$L" \
		'[.[] | select(.role == "primary")] | length' 2
	check_jq "1 x 5 lasers=external: at least one spare" "$L" \
		'[.[] | select(.role == "spare")] | length >= 1' true
	check_jq "1 x 5 lasers=external: the second primary feeds lane 4 only" "$L" \
		".[] | select(.location == \"cposim$ID/els0/laser1\") | .\"lane-id\" | length" 1
	sim_del "$ID"
else
	fail "new_device '$ID 1 5 lasers=external': $WRITE_ERR"
fi

# ---- presets
# The facts of cposim$ID, one JSON object, from one pass over the dumps
# (jq over hundreds of lanes is slow in a TCG guest: once, not per check).
# Wiring: lane i of engine N is fed by primary k = i / 4 of the engine,
# els<N * MPE + k / 8>/laser<k % 8> with MPE modules per engine, or
# oe<N>/laser<k> for internal lasers; the spare of els<M>/laser<K> is
# els<M>/laser<8 + K / 4>.
# The dumps go through stdin: an argument is limited to 128 KiB.
summary() {	# summary ENGINES LANES LASERS EXTERNAL MPE
	printf '%s\n%s\n%s\n' "$1" "$2" "$3" |
	jq -s -c --argjson ext "$4" --argjson mpe "$5" --arg id "$ID" '
	.[0] as $e | .[1] as $lanes | .[2] as $l |
	($e | map({key: (.id | tostring),
		   value: (.location | capture("/oe(?<n>[0-9]+)$").n | tonumber)}) |
	 from_entries) as $en |
	($l | map({key: (.id | tostring), value: .}) | from_entries) as $lb |
	($l | map(select(.role == "primary"))) as $prim |
	{
	  shape: ([$e | length] + ($e | map("\(.type) \(."lane-count") \(."lane-rate") \(."field-replaceable" // false)") | unique) | join(" | ")),
	  lanes: ($lanes | length),
	  lasers: ($l | length),
	  roles: "\($prim | length) \([$l[] | select(.role == "spare")] | length)",
	  types: ($l | map(.type) | unique | join(",")),
	  wiring: ([$lanes[] | ($en[."engine-id" | tostring]) as $n |
		    (.index / 4 | floor) as $k |
		    (if $ext then "els\($n * $mpe + ($k / 8 | floor))/laser\($k % 8)"
		     else "oe\($n)/laser\($k)" end) as $want |
		    select(($lb[(."laser-id" // -1) | tostring].location // "none") !=
			   "cposim\($id)/\($want)") |
		    "engine \(."engine-id") lane \(.index): \($lb[(."laser-id" // -1) | tostring].location // "no laser"), want \($want)"] |
		   .[0:3] | join("; ")),
	  lanes_per_primary: ($prim | map(."lane-id" | length) | unique | join(",")),
	  states: ($l | map("\(.role) \(.state)") | unique | join(",")),
	  modules: ([$l[] | .location | capture("/els(?<m>[0-9]+)/") | .m] | unique | length),
	  spares: (if $ext then
		   [$prim[] | (.location | capture("/els(?<m>[0-9]+)/laser(?<k>[0-9]+)$")) as $c |
		    select(($lb[(."spare-id" // -1) | tostring].location // "none") !=
			   "cposim\($id)/els\($c.m)/laser\(8 + (($c.k | tonumber) / 4 | floor))") |
		    "\(.location): spare \($lb[(."spare-id" // -1) | tostring].location // "none")"] |
		   .[0:3] | join("; ")
		   else ($l | map(select(has("spare-id")) | .location) | join(",")) end),
	  policies: ($prim | map(."failover-policy" // "none") | unique | join(",")),
	  dsp: ($lanes | map([has("pre-fec-ber"), has("snr")]) | unique | tostring),
	  lit: ($lanes | all(."dp-state" == "activated" and ."tx-power" > 0 and ."rx-los" == 0))
	}'
}

# check_preset NAME ENGINES LANES RATE TYPE FR LASERS PRIMARIES SPARES
#	MODULES LTYPE DSP
check_preset() {
	local name=$1 ne=$2 nl=$3 rate=$4 type=$5 fr=$6 nlasers=$7
	local nprim=$8 nspare=$9 nmod=${10} ltype=${11} dsp=${12}
	local e l lanes ids sum ext=false mpe=0 start=$SECONDS

	if ! sim_new "$ID" "preset=$name"; then
		fail "new_device '$ID preset=$name': $WRITE_ERR"
		return
	fi
	log "preset=$name made in $((SECONDS - start)) s"
	e=$(engines_of "$ID")
	ids=$(jq -c 'map(.id)' <<<"$e")
	lanes=$("$CPOCTL" -j lane show |
		jq -c --argjson e "$ids" '[.[] | select(."engine-id" | IN($e[]))]')
	l=$(lasers_of "$ID")
	if [ "$ltype" == external ]; then
		ext=true
		mpe=$(( ((nl + 3) / 4 + 7) / 8 ))
	fi
	sum=$(summary "$e" "$lanes" "$l" $ext $mpe)
	if [ -z "$sum" ]; then
		fail "preset=$name: cannot summarise the dumps"
		sim_del "$ID"
		return
	fi
	check_jq "preset=$name: $ne engines, $type, $nl lanes of ${rate}G, field-replaceable $fr" \
		"$sum" .shape "$ne | $type $nl ${rate}000 $fr"
	check_jq "preset=$name: $((ne * nl)) lanes" "$sum" .lanes $((ne * nl))
	check_jq "preset=$name: $nlasers lasers" "$sum" .lasers "$nlasers"
	check_jq "preset=$name: $nprim primaries, $nspare spares" "$sum" .roles "$nprim $nspare"
	check_jq "preset=$name: all lasers $ltype" "$sum" .types "$ltype"
	check_jq "preset=$name: lane 4k..4k+3 of an engine fed by its primary k" "$sum" .wiring ""
	check_jq "preset=$name: every primary feeds 4 lanes" "$sum" .lanes_per_primary 4
	check_jq "preset=$name: primaries on, spares standby" "$sum" .states \
		"$( ((nspare)) && echo "primary on,spare standby" || echo "primary on")"
	check_jq "preset=$name: $nmod laser modules" "$sum" .modules "$nmod"
	if $ext; then
		check_jq "preset=$name: spare j of a module covers its primaries 4j..4j+3" \
			"$sum" .spares ""
		check_jq "preset=$name: failover-policy manual" "$sum" .policies manual
	else
		check_jq "preset=$name: internal lasers have no spare" "$sum" .spares ""
	fi
	if [ "$dsp" == yes ]; then
		check_jq "preset=$name: lanes report pre-fec-ber and snr" "$sum" .dsp "[[true,true]]"
	else
		check_jq "preset=$name: no pre-fec-ber nor snr (no DSP)" "$sum" .dsp "[[false,false]]"
	fi
	check_jq "preset=$name: lanes activated with light, no LOS" "$sum" .lit true
	log "preset=$name checked in $((SECONDS - start)) s"
	start=$SECONDS
	if sim_del "$ID"; then
		pass "preset=$name: del_device"
	else
		fail "preset=$name: del_device: $WRITE_ERR"
	fi
	log "preset=$name deleted in $((SECONDS - start)) s"
	check_jq "preset=$name: its lasers are gone" "$(lasers_of "$ID")" 'length' 0
}

#            name     E  L  G   type FR    lasers prim spare mod ltype    dsp
check_preset npo      4  16 200 npo  true  16     16   0     0   internal yes
check_preset lpo      8  8  100 lpo  true  16     16   0     0   internal no
# The two large presets: not on a debug kernel, where each takes minutes
# of exec and jq time in the guest, while their kernel paths (a device of
# 512 lanes made, dumped and deleted) are those del_device_dump runs there
# on an 8 x 64 device.
if kernel_is_debug; then
	log "preset=cpo-51t and cpo-102t skipped on a debug kernel"
else
	check_preset cpo-51t  8  64 100 cpo false 160 128 32 16 external yes
	check_preset cpo-102t 16 32 200 cpo false 160 128 32 16 external yes
fi

cpo_exit
