#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check-cpoctl-docs.sh [CPOCTL]: cpoctl's man page and bash completion
# against the program, on the host (no kernel):
# - the man page formats without a warning (groff -ww, man --warnings);
# - every object, command, keyword, value, option and placeholder of
#   "cpoctl help" and of each "cpoctl OBJECT help" is in the man page, and
#   every one but the placeholders in the completion;
# - the completion completes objects, commands, keywords and values, and
#   ids from "cpoctl -br ... show" (a stand-in cpoctl prints those here;
#   tests/selftests/cpoctl.sh checks them against the kernel's).
# Prints PASS:/FAIL: lines and "RESULT: N passed, N failed"; exits 1 on a
# failure.

TOP=$(cd "$(dirname "$0")/../.." && pwd)
DOCS=$TOP/tests/docs
CPOCTL=${1:-$TOP/tools/cpoctl/cpoctl}
MAN=${CPOCTL_MAN:-$TOP/tools/cpoctl/cpoctl.8}
COMPLETION=${CPOCTL_COMPLETION:-$TOP/tools/cpoctl/cpoctl.bash-completion}
passed=0
failed=0

pass() { echo "PASS: $*"; passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
check_eq() {
	if [ "$2" = "$3" ]; then
		pass "$1"
	else
		fail "$1: got '$2', want '$3'"
	fi
}

[ -x "$CPOCTL" ] || { echo "FAIL: $CPOCTL not built (make tools)"; exit 1; }
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

# ---- the man page formats cleanly
if out=$(groff -man -ww -z "$MAN" 2>&1) && [ -z "$out" ]; then
	pass "groff -man -ww: no warning"
else
	fail "groff -man -ww: $out"
fi
if command -v man >/dev/null; then
	out=$(MANWIDTH=80 man --warnings -l "$MAN" 2>&1 >/dev/null)
	check_eq "man --warnings -l: no warning" "$out" ""
fi

# ---- every word of the help texts in the man page and the completion
python3 "$DOCS/cpoctl_words.py" "$CPOCTL" >"$tmp/words" ||
	{ echo "FAIL: the words of cpoctl's help"; exit 1; }
n=$(wc -l <"$tmp/words")
[ "$n" -ge 100 ] || fail "only $n words in cpoctl's help texts"
# the page's text with its escapes undone: "\fB\-j\fR" is "-j"
sed -e 's/\\f[BIRP]//g' -e 's/\\-/-/g' -e 's/\\(..//g' "$MAN" >"$tmp/man"
missing_man=() missing_comp=()
while read -r w; do
	re="(^|[^A-Za-z0-9_-])${w}([^A-Za-z0-9_-]|$)"
	grep -Eq -- "$re" "$tmp/man" || missing_man+=("$w")
	# placeholders (ENGINE_ID) are not completed
	[[ $w == [A-Z]* ]] && continue
	grep -Eq -- "$re" "$COMPLETION" || missing_comp+=("$w")
done <"$tmp/words"
check_eq "man page: all $n words of the help texts" "${missing_man[*]}" ""
check_eq "completion: every keyword and option of the help texts" \
	"${missing_comp[*]}" ""

# ---- completion at work, with a stand-in cpoctl for the live ids
cat >"$tmp/cpoctl" <<'EOF'
#!/bin/sh
# the brief listings of two engines of 2 lanes, one laser
case "$*" in
"-br engine show")
	echo "3     cposim7         cpo  ready    high    2  200G   41.0C <> cposim7/oe0"
	echo "4     cposim7         cpo  ready    high    2  200G   42.0C <> cposim7/oe1"
	echo "9     cposim8         cpo  ready    high    2  200G   40.0C <> cposim8/oe0" ;;
"-br lane show")
	echo "20     3      0    -          activated   on  on     0.00dBm  -3.01dBm <>"
	echo "21     3      1    -          activated   on  on     0.00dBm  -3.01dBm <>"
	echo "22     4      0    -          activated   on  on     0.00dBm  -3.01dBm <>" ;;
"-br lane show 3")
	echo "20     3      0    -          activated   on  on     0.00dBm  -3.01dBm <>"
	echo "21     3      1    -          activated   on  on     0.00dBm  -3.01dBm <>" ;;
"-br laser show")
	echo "5     cposim7         external primary on      on     20.00dBm   30.0C     4 ELS-1" ;;
*)	exit 2 ;;
esac
EOF
chmod +x "$tmp/cpoctl"

# complete LINE: what the completion offers for the last word of LINE
# (a trailing space starts a new word), sorted, on one line
complete_line() {
	bash -c '
		source "$1"
		read -r -a COMP_WORDS <<<"$2"
		[[ $2 == *" " ]] && COMP_WORDS+=("")
		COMP_WORDS[0]=$3
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		_cpoctl
		printf "%s\n" "${COMPREPLY[@]}" | sort | xargs
	' _ "$COMPLETION" "$1" "$tmp/cpoctl"
}
comp() {
	check_eq "complete '$1'" "$(complete_line "$1")" "$2"
}

comp "cpoctl " "alarm diag engine help lane laser monitor selftest service threshold topology"
comp "cpoctl la" "lane laser"
comp "cpoctl -" "--batch --brief --force --help --json --pretty --stats --version -V -b -br -force -h -j -p -s"
comp "cpoctl -j -br l" "lane laser"
comp "cpoctl engine " "flash help set show stats-clear"
comp "cpoctl engine stats-clear " "3 4 9"
comp "cpoctl lane stats-clear id " "20 21 22"
comp "cpoctl -br engine show " "3 4 9"
comp "cpoctl engine set 3 " "fw-min-version power-mode refresh-interval"
comp "cpoctl engine set 3 power-mode " "high low"
comp "cpoctl engine set 3 power-mode low " "fw-min-version refresh-interval"
comp "cpoctl engine flash dev " "cposim7 cposim8"
comp "cpoctl engine flash 3 x.bin " "commit"
comp "cpoctl engine flash dev cposim7 x.bin " "commit lasers"
comp "cpoctl engine flash dev cposim7 x.bin lasers y.bin " "commit"
comp "cpoctl engine flash dev cposim7 x.bin lasers y.bin commit " ""
comp "cpoctl laser " "flash help set show"
comp "cpoctl laser flash " "5"
comp "cpoctl laser flash 5 x.bin " "commit"
comp "cpoctl laser flash 5 abort " ""
comp "cpoctl lane show " "3 4 9 id"
comp "cpoctl lane show id " "20 21 22"
comp "cpoctl lane show 3 " "0 1"
comp "cpoctl lane set 3 1 " "dry-run power rx tx"
comp "cpoctl lane set id 20 tx " "off on"
comp "cpoctl lane test 3 0 " "ber-limit force gate loopback pattern side stop"
comp "cpoctl lane test 3 0 loopback " "host-input host-output media-input media-output"
comp "cpoctl lane test 3 0 pattern prbs3" "prbs31 prbs31q"
comp "cpoctl lane test 3 0 stop " ""
comp "cpoctl laser show " "5"
comp "cpoctl laser set 5 " "enable failback failover failover-policy fw-min-version"
comp "cpoctl laser set 5 failover-policy " "auto manual"
comp "cpoctl topology " "engine help laser"
comp "cpoctl topology laser " "5"
comp "cpoctl threshold show lane " "20 21 22"
comp "cpoctl threshold set engine 3 " "power-draw pre-fec-ber rx-power temperature tx-bias tx-power voltage"
comp "cpoctl threshold set lane 20 rx-power " "high-alarm high-warning low-alarm low-warning"
comp "cpoctl threshold set lane 20 rx-power low-alarm " "none"
comp "cpoctl alarm clear lane 20 rx-l" "rx-lol rx-los"
comp "cpoctl alarm clear lane 20 rx-los " "asserted high-alarm high-warning low-alarm low-warning"
comp "cpoctl monitor count 5 " "rcvbuf timeout"
comp "cpoctl selftest " "3 4 9 dev help show"
comp "cpoctl selftest dev cposim7 " "ber-limit force gate pattern stop"
comp "cpoctl selftest 3 gate 100 " "ber-limit force pattern"
comp "cpoctl service " "help prepare status verify"
comp "cpoctl service prepare " "3 4 9 engine laser"
comp "cpoctl service prepare laser " "5"
comp "cpoctl service prepare 3 " "force"
comp "cpoctl service prepare engine 3 " "force"
comp "cpoctl service verify 3 " ""
comp "cpoctl -b " "$(cd "$PWD" && compgen -f | sort | xargs)"
comp "cpoctl -b cmds.txt " ""

echo "RESULT: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
