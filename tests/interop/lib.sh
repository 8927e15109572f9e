# shellcheck shell=bash
#
# okapi interop tests: assertions and result reporting on top of the lab
# primitives (tests/lab/lib/netns.sh: namespaces, veths, processes, trap,
# wait_for, logging; tests/lab/lib/daemons.sh: okapi, FRR and BIRD).
#
# A test script sources this file, calls it_begin NAME, records checks with
# check / check_within / pass / fail, and ends with it_end.  Every check
# prints exactly one line on stdout:
#	PASS <test>: <check>
#	FAIL <test>: <check>[: why]
# and it_end prints "<test>: N passed, N failed" and exits non-zero if any
# check failed, or if none passed (a test that checks nothing proves
# nothing).  A test that cannot run at all (a daemon missing, say) calls
# it_cannot_run WHY, which records a FAIL and ends the test: it never
# passes silently.  tests/interop/run.sh counts these lines.

IT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lab/lib/netns.sh
. "$IT_DIR/../lab/lib/netns.sh"
# shellcheck source=../lab/lib/daemons.sh
. "$IT_DIR/../lab/lib/daemons.sh"

IT_PASS=0
IT_FAIL=0

# it_begin NAME: set up namespaces prefix, temp dir and cleanup trap.
it_begin()
{
	ns_setup "$1"
	ns_log "begin (tmp $OK_TMP, namespaces $OK_PREFIX*)"
	# The library itself needs these (ps: liveness of our pids).
	it_need_cmd ip ps awk sed grep
	[ "$(id -u)" = 0 ] || it_cannot_run "not root (network namespaces need it)"
}

pass()
{
	IT_PASS=$((IT_PASS + 1))
	printf 'PASS %s: %s\n' "$OK_NAME" "$1"
}

# fail DESC [WHY]
fail()
{
	IT_FAIL=$((IT_FAIL + 1))
	printf 'FAIL %s: %s%s\n' "$OK_NAME" "$1" "${2:+: $2}"
}

# check DESC CMD [ARGS...]: one check, pass if CMD succeeds now.
check()
{
	local desc=$1
	shift
	if "$@"; then
		pass "$desc"
	else
		fail "$desc"
		return 1
	fi
}

# check_within TIMEOUT DESC CMD [ARGS...]: pass if CMD succeeds within
# TIMEOUT seconds (bounded poll); the elapsed time goes into the line.
check_within()
{
	local timeout=$1 desc=$2 t0
	shift 2
	t0=$(ns_now)
	if wait_for "$timeout" "$@"; then
		pass "$desc (after $(ns_since "$t0") s)"
	else
		fail "$desc" "not within $timeout s"
		return 1
	fi
}

# check_eq DESC EXPECTED ACTUAL
check_eq()
{
	if [ "$2" = "$3" ]; then
		pass "$1 (${3:-empty})"
	else
		fail "$1" "expected '$2', got '$3'"
		return 1
	fi
}

# check_match DESC ERE ACTUAL
# (ERE is matched against each line of ACTUAL, then against ACTUAL joined
# into one line; the result line shows only the matching line.)
check_match()
{
	local m one
	one=$(printf '%s' "$3" | tr '\n' ' ')
	m=$(printf '%s\n' "$3" | grep -E -m 1 -- "$2")
	if [ -z "$m" ] && printf '%s' "$one" | grep -qE -- "$2"; then
		m=$one
	fi
	if [ -n "$m" ] || { [ -z "$3" ] && printf '' | grep -qE -- "$2"; }; then
		pass "$1 (${m:0:160})"
	else
		fail "$1" "expected /$2/, got '${one:0:300}'"
		return 1
	fi
}

# it_excerpt FILE [N]: show the last N (default 15) lines of a log on
# stderr, to explain a failure.
it_excerpt()
{
	local f=$1 n=${2:-15}
	if [ -s "$f" ]; then
		printf '    --- last %s lines of %s ---\n' "$n" "${f##*/}" >&2
		tail -n "$n" "$f" | sed 's/^/    | /' >&2
	else
		printf "    --- %s is empty ---\n" "${f##*/}" >&2
	fi
}

# it_cannot_run WHY: the test cannot run here; say so loudly, count it as
# a failure and end the test.
it_cannot_run()
{
	ns_log "CANNOT RUN: $1"
	fail "test cannot run" "$1"
	it_end
}

# it_need_cmd CMD...: it_cannot_run unless every CMD is executable.
it_need_cmd()
{
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || it_cannot_run "$c not found"
	done
}

# it_need_okapi: it_cannot_run unless okapi's bgpd is found.
it_need_okapi()
{
	okapi_find >/dev/null ||
		it_cannot_run "okapi bgpd not found (set OKAPI_BGPD or OKAPI_BUILD, or build /tmp/build-main)"
	ns_log "okapi bgpd: $(okapi_find)"
}

# it_end: tear down (checking that nothing of ours survives), summary
# line and exit status.
it_end()
{
	local f bad=""
	# A daemon built with --enable-sanitizers reports on stderr: any
	# report in any process's stderr is a failure of the test.
	for f in "$OK_TMP"/*.stderr; do
		[ -f "$f" ] || continue
		if grep -qE 'Sanitizer|runtime error:' "$f"; then
			bad="$bad ${f##*/}"
			it_excerpt "$f" 40
		fi
	done
	if [ -n "$bad" ]; then
		fail "no sanitizer report on any daemon's stderr" "in$bad"
	fi
	if ns_cleanup; then
		pass "cleanup: every process and namespace of the test is gone"
	else
		fail "cleanup: every process and namespace of the test is gone"
	fi
	printf '%s: %d passed, %d failed\n' "$OK_NAME" "$IT_PASS" "$IT_FAIL"
	if [ "$IT_FAIL" -gt 0 ] || [ "$IT_PASS" -eq 0 ]; then
		exit 1
	fi
	exit 0
}
