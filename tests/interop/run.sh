#!/bin/bash
#
# Run okapi's namespace interop tests: every tests/interop/test_*.sh (or
# the ones named on the command line, e.g. `run.sh session_frr`), each in
# its own process with a time limit, and print
#	- each test's check lines (PASS/FAIL <test>: <check>),
#	- for a failed test, the end of its diagnostics (stderr),
#	- a final line exactly "N passed, N failed".
# The counts are CHECKS, not tests: one test makes dozens of checks, and a
# count of checks says how much works.  A test that cannot run, crashes,
# times out or prints no summary adds one failed check, so nothing passes
# silently.  Exit status 0 only if nothing failed and something passed.
#
# After each test the runner verifies that the test left nothing behind:
# no namespace named ok-*-<test pid>-*, no temp dir /tmp/ok-*-<test pid>-*
# and no process whose command line names such a dir.  Leftovers are
# removed and counted as a failed check.
#
# Environment: OKAPI_BGPD / OKAPI_BUILD (okapi's bgpd, see
# tests/lab/lib/daemons.sh), OK_TEST_TIMEOUT (seconds per test, default
# 150), OK_KEEP_ARTIFACTS=1 (keep the logs even if all passed).
# Needs root (network namespaces).

HERE=$(cd "$(dirname "$0")" && pwd)
TIMEOUT=${OK_TEST_TIMEOUT:-150}
PASSED=0
FAILED=0
CUR_PID=""

ARTIFACTS=$(mktemp -d "/tmp/ok-interop-results-$$-XXXXXX") || exit 1
export OK_ARTIFACTS=$ARTIFACTS

say()
{
	printf '%s\n' "$*"
}

# alive PID: running and not a zombie.
alive()
{
	local st
	st=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
	[ -n "$st" ] && [ "${st:0:1}" != Z ]
}

# sweep NAME PID: remove what test NAME (run as PID) may have left behind.
# Prints one line per leftover; returns 1 if there was any.
sweep()
{
	local name=$1 pid=$2 ns p left=0
	# By the test's pid, which is in every name it makes: this works
	# whatever name the test gave itself.
	for p in $(pgrep -f "/tmp/ok-[A-Za-z0-9_.-]*-$pid-" 2>/dev/null); do
		say "LEAK: process $p of $name survived: $(tr '\0' ' ' </proc/"$p"/cmdline 2>/dev/null)"
		kill -CONT "$p" 2>/dev/null
		kill -KILL "$p" 2>/dev/null
		left=1
	done
	for ns in $(ip netns list | awk '{print $1}' | grep -E "^ok-.*-$pid-"); do
		say "LEAK: namespace $ns of $name survived"
		for p in $(ip netns pids "$ns" 2>/dev/null); do
			kill -KILL "$p" 2>/dev/null
		done
		ip netns delete "$ns" 2>/dev/null
		left=1
	done
	for p in /tmp/ok-*-"$pid"-*; do
		[ -e "$p" ] || continue
		say "LEAK: temp dir $p of $name survived"
		rm -rf -- "$p"
		left=1
	done
	return $left
}

on_signal()
{
	say "interrupted: stopping the running test"
	if [ -n "$CUR_PID" ] && alive "$CUR_PID"; then
		kill -TERM "$CUR_PID" 2>/dev/null
		for _ in $(seq 1 100); do
			alive "$CUR_PID" || break
			sleep 0.1
		done
		kill -KILL "$CUR_PID" 2>/dev/null
		wait "$CUR_PID" 2>/dev/null
		sweep "$CUR_NAME" "$CUR_PID"
	fi
	say "$PASSED passed, $((FAILED + 1)) failed"
	exit 130
}
trap on_signal INT TERM HUP

# run_one FILE: run one test, add its counts.
run_one()
{
	local file=$1 base name out err rc p f t0 deadline
	base=$(basename "$file" .sh)
	# The name the test gives itself (it_begin NAME) names its
	# namespaces and temp dir; read it from the script.
	name=$(sed -n 's/^[[:space:]]*it_begin[[:space:]]\{1,\}\([A-Za-z0-9_.-]*\).*/\1/p' "$file" | head -n 1)
	[ -n "$name" ] || name=${base#test_}
	out="$ARTIFACTS/$base.out"
	err="$ARTIFACTS/$base.err"
	say "=== $base"
	t0=$(date +%s)
	bash "$file" >"$out" 2>"$err" </dev/null &
	CUR_PID=$!
	CUR_NAME=$name
	deadline=$((t0 + TIMEOUT))
	while alive "$CUR_PID" && [ "$(date +%s)" -lt "$deadline" ]; do
		sleep 0.2
	done
	if alive "$CUR_PID"; then
		say "TIMEOUT: $base still running after $TIMEOUT s: SIGTERM"
		kill -TERM "$CUR_PID" 2>/dev/null
		for _ in $(seq 1 100); do
			alive "$CUR_PID" || break
			sleep 0.1
		done
		kill -KILL "$CUR_PID" 2>/dev/null
	fi
	wait "$CUR_PID"
	rc=$?
	# SKIP lines too: a check a test skipped (a feature okapi lacks yet)
	# must be visible, though it counts neither way.
	grep -E '^(PASS|FAIL|SKIP) ' "$out"
	p=$(grep -c '^PASS ' "$out")
	f=$(grep -c '^FAIL ' "$out")
	if [ "$(date +%s)" -ge "$deadline" ]; then
		say "FAIL $name: test finished within $TIMEOUT s: timed out"
		f=$((f + 1))
	elif ! grep -qE "^$name: [0-9]+ passed, [0-9]+ failed" "$out" &&
		! grep -qE '^[A-Za-z0-9_.-]+: [0-9]+ passed, [0-9]+ failed$' "$out"; then
		say "FAIL $name: test printed its summary line: exit status $rc, crashed?"
		f=$((f + 1))
	elif [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		say "FAIL $name: test exit status agrees with its checks: status $rc, no failed check"
		f=$((f + 1))
	fi
	if ! sweep "$name" "$CUR_PID"; then
		say "FAIL $name: test left nothing behind: see the LEAK lines"
		f=$((f + 1))
	fi
	if [ "$f" -gt 0 ]; then
		say "--- $base diagnostics (last 60 lines of stderr; all in $err)"
		tail -n 60 "$err" | sed 's/^/  /'
	fi
	say "--- $base: $p passed, $f failed ($(( $(date +%s) - t0 )) s)"
	PASSED=$((PASSED + p))
	FAILED=$((FAILED + f))
	CUR_PID=""
}

main()
{
	local tests=() a t
	if [ "$(id -u)" != 0 ]; then
		say "!!! CANNOT RUN the namespace tests: not root !!!"
		say "$PASSED passed, 1 failed"
		exit 1
	fi
	if [ $# -gt 0 ]; then
		for a in "$@"; do
			a=${a%.sh}
			a=${a#test_}
			t="$HERE/test_$a.sh"
			if [ -f "$t" ]; then
				tests+=("$t")
				continue
			fi
			# Else every test whose name contains the word.
			local found=0
			for t in "$HERE"/test_*"$a"*.sh; do
				[ -f "$t" ] && tests+=("$t") && found=1
			done
			[ $found = 1 ] || { say "FAIL run: no test matches '$a'"; FAILED=$((FAILED + 1)); }
		done
	else
		for t in "$HERE"/test_*.sh; do
			[ -f "$t" ] && tests+=("$t")
		done
	fi
	for t in "${tests[@]}"; do
		run_one "$t"
	done
	if [ "$FAILED" -eq 0 ] && [ -z "${OK_KEEP_ARTIFACTS:-}" ]; then
		rm -rf -- "$ARTIFACTS"
	else
		say "logs of every test: $ARTIFACTS"
	fi
	say "$PASSED passed, $FAILED failed"
	[ "$FAILED" -eq 0 ] && [ "$PASSED" -gt 0 ]
}

main "$@"
