# shellcheck shell=bash
#
# The plumbing every tests/lab/test_*_lab.sh shares: PASS/FAIL lines and
# the "NAME: N passed, N failed" summary, finding okapi's bgpd, starting a
# lab from etc/labs/ under a unique prefix with the trap that always stops
# it, vty commands through okapi-lab, and bounded polls.
#
# Usage (bash), after setting NAME:
#	. "$(dirname "$0")/lib/labtest.sh"
#	lab_begin rr            # etc/labs/rr.lab, prefix "<short>$$-"
#	lab_vty c1 "show ip bgp"
#	lab_poll 30 0.5 some_predicate args
#	lab_end                 # stop, leak and sanitizer checks, summary
#
# Needs root.  okapi-lab runs under Debian's /usr/bin/python3 when there
# is one (a pyenv shim first on PATH costs ~1 s per call).

[ -n "${OK_LABTEST_LOADED:-}" ] && return 0
OK_LABTEST_LOADED=1
set -u

LT_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LT_SRC=$(cd "$LT_HERE/../.." && pwd)
if [ -x /usr/bin/python3 ]; then LT_PY=/usr/bin/python3; else LT_PY=python3; fi
LT_TOOL=("$LT_PY" "$LT_HERE/okapi-lab")
PASS=0
FAIL=0
LAB=""
PREFIX=""
WORK=""
LT_T0=$(date +%s)

pass() { PASS=$((PASS + 1)); echo "PASS $NAME: $1"; }
fail() { FAIL=$((FAIL + 1)); echo "FAIL $NAME: $1${2:+: $2}"; }
# check DESC CMD...: pass if CMD succeeds.
check() { local d=$1; shift; if "$@"; then pass "$d"; else fail "$d"; fi; }

finish()
{
	echo "$NAME: $PASS passed, $FAIL failed ($(($(date +%s) - LT_T0)) s)"
	[ "$FAIL" -eq 0 ] && [ "$PASS" -gt 0 ]
	exit $?
}

lab_cleanup()
{
	local n pid
	# What a test started inside its namespaces besides bgpd (tcpdump,
	# a polling vty client) is ended here; okapi-lab stop ends bgpd.
	if [ -n "$LAB" ] && [ -n "$PREFIX" ]; then
		for n in $(ip netns list | awk '{ print $1 }' | grep -F "$PREFIX"); do
			[ "${n#"$PREFIX"}" != "$n" ] || continue
			for pid in $(ip netns pids "$n" 2>/dev/null); do
				[ "$(cat "/proc/$pid/comm" 2>/dev/null)" = bgpd ] ||
					kill -KILL "$pid" 2>/dev/null
			done
		done
	fi
	[ -n "$LAB" ] && "${LT_TOOL[@]}" stop "$LAB" >/dev/null 2>&1
	[ -n "$WORK" ] && rm -rf "$WORK"
	return 0
}

# lab_find_bgpd: the lookup of the interop tests: $OKAPI_BGPD,
# $OKAPI_BUILD/bgpd, /tmp/build-main/bgpd.
lab_find_bgpd()
{
	local b
	for b in "${OKAPI_BGPD:-}" "${OKAPI_BUILD:+$OKAPI_BUILD/bgpd}" \
		/tmp/build-main/bgpd; do
		if [ -n "$b" ] && [ -x "$b" ] && [ -f "$b" ]; then
			printf '%s' "$b"
			return 0
		fi
	done
	return 1
}

# ns NODE: the namespace of a node of our lab.
ns() { echo "${PREFIX}$1"; }

# lab_workdir SHORT: set PREFIX (SHORT$$-: the namespaces are
# SHORT$$-NODE) and WORK, the work dir (configs, logs, daemons' output):
# /tmp/SHORT-lab-$$, outside /tmp/okapi-lab-*, so that okapi-lab stop
# leaves it for the sanitizer check; the trap removes it.  Called by
# lab_begin; call it first to write a lab file into $WORK.
lab_workdir()
{
	PREFIX="$1$$-"
	WORK="/tmp/$1-lab-$$"
	trap lab_cleanup EXIT
	trap 'exit 130' INT TERM
}

# lab_begin LAB [SHORT]: start etc/labs/LAB.lab (or the file LAB if it
# ends in .lab) with the prefix SHORT$$-; a failure ends the test.
lab_begin()
{
	local file=$1 labname short bgpd
	case $file in
	*.lab) ;;
	*) file="$LT_SRC/etc/labs/$1.lab" ;;
	esac
	labname=$(basename "$file" .lab)
	short=${2:-$labname}
	[ -n "$WORK" ] || lab_workdir "$short"
	LAB="$PREFIX$labname"
	LT_NROUTERS=$(grep -c '^router ' "$file")
	[ "$(id -u)" = 0 ] || { fail "can run" "not root (network namespaces)"; finish; }
	bgpd=$(lab_find_bgpd) ||
		{ fail "can run" "no bgpd (set OKAPI_BGPD or OKAPI_BUILD)"; finish; }
	if "${LT_TOOL[@]}" start "$file" --prefix "$PREFIX" \
		--workdir "$WORK" --bgpd "$bgpd" >"$WORK.start" 2>&1; then
		pass "lab $labname started: every session Established $(grep -o 'Established after [0-9.]* s' "$WORK.start" | cut -d' ' -f2-)$(grep -q 'warning: after' "$WORK.start" || grep -o 'table after [0-9.]* s' "$WORK.start" | sed 's/^table/, every announced prefix in every table/')"
		grep 'warning:' "$WORK.start" | sed 's/^/    /'
	else
		fail "lab $labname started" "$(tail -5 "$WORK.start")"
		rm -f "$WORK.start"
		finish
	fi
	rm -f "$WORK.start"
}

# lab_vty NODE CMD: one command through NODE's telnet vty (CR removed).
lab_vty()
{
	"${LT_TOOL[@]}" vty "$LAB" "$1" "$2" 2>&1 | tr -d '\r'
}

# lab_tool ARGS...: okapi-lab itself.
lab_tool()
{
	"${LT_TOOL[@]}" "$@"
}

# lab_log NODE: the path of NODE's bgpd log.
lab_log()
{
	echo "$WORK/$1/bgpd_$1.log"
}

# lab_poll TIMEOUT STEP CMD...: run CMD every STEP seconds until it
# succeeds (0) or TIMEOUT seconds have passed (1).
lab_poll()
{
	local end=$(($(date +%s%N) + ${1%.*} * 1000000000)) step=$2
	shift 2
	while :; do
		"$@" && return 0
		[ "$(date +%s%N)" -ge "$end" ] && return 1
		sleep "$step"
	done
}

# lab_end: stop the lab (check that no namespace is left), check the
# daemons' output for sanitizer reports, print the summary and exit.
lab_end()
{
	local nout bad f out
	# okapi-lab stop: SIGTERM to every bgpd, SIGKILL after 2 s (as
	# IPMininet's terminate()), then the namespaces.
	out=$("${LT_TOOL[@]}" stop "$LAB" 2>&1)
	if printf '%s\n' "$out" | grep -q 'did not exit within 2 s'; then
		fail "stop: every bgpd ends within 2 s of SIGTERM" "$(printf '%s\n' "$out" | grep 'did not exit' | tr '\n' ' ')"
	elif printf '%s\n' "$out" | grep -q 'stopped and removed'; then
		pass "stop: every bgpd ends within 2 s of SIGTERM"
	else
		fail "stop: every bgpd ends within 2 s of SIGTERM" "okapi-lab stop: $out"
	fi
	if ip netns list | grep -q "^$PREFIX"; then
		fail "stop: no namespace of the lab left"
	else
		pass "stop: no namespace of the lab left"
	fi
	LAB=""
	# A daemon built with --enable-sanitizers reports on its output.
	nout=$(ls "$WORK"/*/bgpd_*.stdout 2>/dev/null | wc -l)
	bad=$(grep -lE 'Sanitizer|runtime error:' "$WORK"/*/bgpd_*.stdout 2>/dev/null)
	if [ "$nout" -ne "$LT_NROUTERS" ]; then
		fail "no sanitizer report from any bgpd" "found $nout bgpd output files, not $LT_NROUTERS"
	elif [ -n "$bad" ]; then
		fail "no sanitizer report from any bgpd" "$bad"
		for f in $bad; do sed -n 1,40p "$f" | sed 's/^/    /'; done
	else
		pass "no sanitizer report from any bgpd"
	fi
	finish
}

# lab_paths NODE FAM PREFIX: one line per path of PREFIX in NODE's detail
# view (`show bgp ipv4|ipv6 unicast PREFIX`):
#	FROM|METRIC|LOCALPREF|best-or-empty|AS PATH
# (METRIC empty when there is no MED).
lab_paths()
{
	local afi=ipv4
	[ "$2" = 6 ] && afi=ipv6
	lab_vty "$1" "show bgp $afi unicast $3" | awk '
		/^Paths:/ { inpaths = 1; next }
		!inpaths { next }
		/^  [^ ]/ && !/Advertised to|Not advertised/ { path = substr($0, 3); next }
		/^  [0-9a-f:. ]+$/ { next }
		/^    [^ (]/ && / from / {
			for (i = 1; i < NF; i++) if ($i == "from") from = $(i + 1)
			next
		}
		/^      Origin / {
			med = ""; lp = ""; best = ""
			n = split($0, f, ", ")
			for (i = 1; i <= n; i++) {
				if (f[i] ~ /^metric /) med = substr(f[i], 8)
				if (f[i] ~ /^localpref /) lp = substr(f[i], 11)
				if (f[i] == "best") best = "best"
			}
			print from "|" med "|" lp "|" best "|" path
		}'
}

# lab_best_from NODE FAM PREFIX: the peer the best path came from.
lab_best_from()
{
	lab_paths "$@" | awk -F'|' '$4 == "best" { print $1 }'
}
