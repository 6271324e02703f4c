#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The KUnit suites inside the modules: cpo_cmis (cpo.ko: CMIS decoding),
# cpo_alarm (cpo.ko: thresholds and latched alarms), cpo_refresh (cpo.ko:
# intervals, bus load, what a change is), cpo_laser (cpo.ko: the checks
# before a laser failback), cpo_stats (cpo.ko: what the service statistics
# count), cpo_slot (cpo.ko: what goes back into a part inserted into a
# slot), cpo_sim_sm (cpo_sim.ko: the simulator's state machines, its laser
# sources' failover and failback) and cpo_sim_prbs (cpo_sim.ko: its
# loopbacks and PRBS generators and checkers). They are built only for a
# kernel with CONFIG_KUNIT (the debug kernel) and KUnit runs them when the
# modules load; this reads each suite's KTAP results from debugfs
# and reports every test case as one line
#   RESULT: PASS|FAIL|SKIP kunit.<suite>.<case>
# A suite that did not run, a case without a result and a suite KUnit
# reports failed are FAILs. On a kernel without KUnit (Debian's) the whole
# test is a SKIP.

# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"

SUITES=(cpo_cmis cpo_alarm cpo_refresh cpo_laser cpo_stats cpo_slot cpo_sim_sm cpo_sim_prbs)
KUNIT_DFS=/sys/kernel/debug/kunit

# kunit_result PASS|FAIL|SKIP NAME [REASON]: one KUnit case or suite.
kunit_result() {
	case "$1" in
	PASS) num_passes=$((num_passes + 1)) ;;
	FAIL) num_errors=$((num_errors + 1)) ;;
	esac
	echo "RESULT: $1 kunit.$2${3:+ ($3)}"
}

# kunit_suite NAME: report the cases of suite NAME from its KTAP results.
kunit_suite() {
	local suite=$1 file=$KUNIT_DFS/$1/results line plan="" verdict=""
	local n status name seen=" " failed=0
	local case_re='^    (not )?ok ([0-9]+) ([^ #]+)( # (SKIP|TODO|XFAIL)( (.*))?)?$'
	local suite_re="^(not )?ok [0-9]+ $suite( |\$)"

	if [ ! -r "$file" ]; then
		kunit_result FAIL "$suite" "did not run: no $file"
		return
	fi
	# cat -v: a failed string check may print any byte.
	while IFS= read -r line; do
		echo "# $line"
		if [[ "$line" =~ ^\ {4}1\.\.([0-9]+)$ ]]; then
			plan=${BASH_REMATCH[1]}
		elif [[ "$line" =~ $case_re ]]; then
			n=${BASH_REMATCH[2]} name=${BASH_REMATCH[3]}
			seen+="$n "
			if [ -n "${BASH_REMATCH[1]}" ]; then
				status=FAIL
			elif [ "${BASH_REMATCH[5]}" == SKIP ]; then
				status=SKIP
			else
				status=PASS
			fi
			[ "$status" == FAIL ] && failed=1
			kunit_result "$status" "$suite.$name" "${BASH_REMATCH[7]}"
		elif [[ "$line" =~ $suite_re ]]; then
			verdict=${BASH_REMATCH[1]:-ok}
		fi
	done < <(cat -v "$file")

	if [ -z "$plan" ] || [ "$plan" -eq 0 ]; then
		kunit_result FAIL "$suite" "no test plan in $file"
		return
	fi
	# A case whose log filled KUnit's buffer loses its result line.
	for ((n = 1; n <= plan; n++)); do
		[[ "$seen" == *" $n "* ]] && continue
		kunit_result FAIL "$suite.#$n" "no result line"
		failed=1
	done
	if [ -z "$verdict" ]; then
		kunit_result FAIL "$suite" "no suite result line"
	elif [ "$verdict" != ok ] && [ "$failed" -eq 0 ]; then
		kunit_result FAIL "$suite" "KUnit reports the suite failed"
	fi
}

[ "$(id -u)" -eq 0 ] || skip "needs root"
mountpoint -q /sys/kernel/debug ||
	mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
# KUnit runs the suites as the modules load; results stay while loaded.
cpo_load_modules || skip "cannot load the cpo modules for $CPO_KVER"
if [ ! -d "$KUNIT_DFS" ]; then
	# KUnit without CONFIG_KUNIT_DEBUGFS still runs the suites: no SKIP
	if [[ "$(dmesg)" == *'# Subtest: cpo_'* ]]; then	# no SIGPIPE under pipefail
		kunit_result FAIL suites "ran, but no results in $KUNIT_DFS"
		cpo_exit
	fi
	skip "no KUnit in this kernel: the suites are not built"
fi
if grep -qw 'kunit.enable=0' /proc/cmdline; then
	skip "KUnit disabled on the kernel command line"
fi

for s in "${SUITES[@]}"; do
	kunit_suite "$s"
done
cpo_exit
