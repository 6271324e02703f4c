#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A bounded fuzz of cpoctl's command line against the live kernel, with
# cpoctl built with AddressSanitizer and UBSan (into build/asan/, away from
# the normal build): random argv from the words of cpoctl's own help, ids
# of a simulated device, edge-case and huge numbers, long, unicode and
# binary junk. A fixed corpus runs through exec of the sanitized cpoctl,
# then random command lines through a fork server linked from the same
# objects (cli_fuzz_harness.c: one child per command line, as exec, without
# the sanitizers' start-up per call), for CLI_FUZZ_SECONDS (default 60) or
# CLI_FUZZ_MAX command lines (default 6000). Any sanitizer report, exit
# status other than 0/1/2, signal, error without a message, hang or bad
# JSON fails, with its argv (cli_fuzz.py). CLI_FUZZ_SEED repeats a run.
#
#   tests/selftests/cli_fuzz.sh --build     only build (on the host, say)

# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "$0")/common.sh"

ASAN_DIR=$TOP/build/asan
ASAN_TOOLS=$ASAN_DIR/tools
ASAN_CPOCTL=$ASAN_TOOLS/cpoctl/cpoctl
HARNESS=$ASAN_DIR/cli_fuzz_harness
SECONDS_MAX=${CLI_FUZZ_SECONDS:-60}
MAX=${CLI_FUZZ_MAX:-6000}
SEED=${CLI_FUZZ_SEED:-$(date +%s)}

# Copies of the sources, built by tools/Makefile itself (its source list,
# flags and SANITIZE=1) with TOOLS pointing at the copy; cp -p keeps the
# times, so make rebuilds only what changed. Then the harness, compiled and
# linked as cpoctl is, with its main.o replaced.
build_asan() {
	local mk comp link

	mkdir -p "$ASAN_TOOLS" || return 1
	find "$ASAN_TOOLS" -name '*.[ch]' -delete
	(cd "$TOP/tools" && find . -name '*.[ch]' -exec cp -p --parents -t "$ASAN_TOOLS" {} +) ||
		return 1
	mk=(make -s -f "$TOP/tools/Makefile" TOOLS="$ASAN_TOOLS" SANITIZE=1)
	"${mk[@]}" -j"$(nproc)" all || return 1
	[ "$HARNESS" -nt "$ASAN_CPOCTL" ] &&
		[ "$HARNESS" -nt "$TOP/tests/selftests/cli_fuzz_harness.c" ] && return 0
	comp=$("${mk[@]}" -n -W "$ASAN_TOOLS/cpoctl/main.c" "$ASAN_TOOLS/cpoctl/main.o") || return 1
	link=$("${mk[@]}" -n -W "$ASAN_TOOLS/cpoctl/main.o" "$ASAN_CPOCTL") || return 1
	[[ "$comp" == *"$ASAN_TOOLS/cpoctl/main.c"* && "$link" == *"$ASAN_TOOLS/cpoctl/main.o"* ]] || {
		echo "# cannot derive the harness build from: $comp / $link"
		return 1
	}
	comp=${comp//"$ASAN_TOOLS/cpoctl/main.o"/"$HARNESS.o"}
	comp=${comp//"$ASAN_TOOLS/cpoctl/main.c"/"-I$ASAN_TOOLS/cpoctl $TOP/tests/selftests/cli_fuzz_harness.c"}
	link=${link//"$ASAN_TOOLS/cpoctl/main.o"/"$HARNESS.o"}
	link=${link//"-o $ASAN_CPOCTL"/"-o $HARNESS"}
	eval "$comp" && eval "$link"
}

if [ "${1:-}" == --build ]; then
	build_asan && echo "built $ASAN_CPOCTL $HARNESS"
	exit
fi

cpo_require
command -v gcc >/dev/null || skip "gcc missing (needed for the sanitized build)"
start=$SECONDS
if ! build_asan >"$ASAN_DIR.log" 2>&1; then
	cat "$ASAN_DIR.log"
	fail "the sanitized build of cpoctl failed"
	cpo_exit
fi
log "sanitized cpoctl and harness up to date in $((SECONDS - start)) s"

ID=$(sim_unique_id)
sim_new "$ID" 2 4 lasers=external || { fail "new_device '$ID 2 4 lasers=external': $WRITE_ERR"; cpo_exit; }
FUZZ_IDS=$(jq -cn --argjson e "$(engines_of "$ID")" --argjson l "$(lasers_of "$ID")" \
	--argjson lanes "$("$CPOCTL" -j lane show)" --arg d "cposim$ID" '
	($e | map(.id)) as $eids |
	{engine: $eids, laser: ($l | map(.id)),
	 lane: [$lanes[] | select(.["engine-id"] as $x | $eids | index($x)) | .id]}')
log "ids of cposim$ID: $FUZZ_IDS"

export ASAN_OPTIONS=abort_on_error=1:detect_leaks=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
log "ASAN_OPTIONS=$ASAN_OPTIONS UBSAN_OPTIONS=$UBSAN_OPTIONS seed $SEED, ${SECONDS_MAX} s, at most $MAX"
FAILFILE=$ASAN_DIR/cli_fuzz-failures.txt

while IFS= read -r line; do
	case "$line" in
	"PASS: "*) pass "${line#PASS: }" ;;
	"FAIL: "*) fail "${line#FAIL: }" ;;
	"__rc="*) [ "${line#__rc=}" == 0 ] || fail "cli_fuzz.py exited ${line#__rc=}" ;;
	*) echo "$line" ;;
	esac
done < <(/usr/bin/python3 "$TOP/tests/selftests/cli_fuzz.py" "$ASAN_CPOCTL" \
	"$HARNESS" "$FUZZ_IDS" "$SECONDS_MAX" "$MAX" "$SEED" "$FAILFILE" 2>&1
	echo "__rc=$?")
[ "$num_errors" -gt 0 ] && log "failing argvs (NUL-separated) and their stderr: $FAILFILE"
klog_check
cpo_exit
