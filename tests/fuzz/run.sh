#!/bin/bash
# run.sh: build every fuzz target and run each for a short fixed number of
# executions over its seed corpus (CI smoke run; hours-long runs: README).
#
#   tests/fuzz/run.sh [RUNS]        RUNS per target, default 20000
#
# Environment: OKAPI_FUZZ_BUILD (build dir, default /tmp/okapi-fuzz),
# FUZZ_TARGETS (subset, e.g. "open update"), FUZZ_JOBS (targets run at
# once, default 2).  A crash, leak, sanitizer report, timeout (10 s on
# one input) or out-of-memory fails the target; its input is kept in
# BUILD/artifacts/ and the log in BUILD/logs/.  Prints one line per
# target and "N passed, N failed"; exits 1 if any failed.
set -u

SRC=$(cd "$(dirname "$0")/../.." && pwd)
FZ="$SRC/tests/fuzz"
B=${OKAPI_FUZZ_BUILD:-/tmp/okapi-fuzz}
RUNS=${1:-${FUZZ_RUNS:-20000}}
TARGETS=${FUZZ_TARGETS:-open update session config vty netlink}
JOBS=${FUZZ_JOBS:-2}

mkdir -p "$B/logs" "$B/artifacts"
if ! FUZZ_TARGETS="$TARGETS" "$FZ/build.sh" "$B" >"$B/logs/build.log" 2>&1
then
	tail -n 30 "$B/logs/build.log"
	echo "fuzz: build failed (log: $B/logs/build.log)"
	echo "0 passed, 1 failed"
	exit 1
fi

# One target: a scratch corpus dir first (libFuzzer writes new inputs
# into the first dir, never into the committed seeds), then the seeds.
run_one() {
	local t=$1 dict=() work="$B/work/$1"

	rm -rf "$work"
	mkdir -p "$work"
	[ -f "$FZ/$t.dict" ] && dict=(-dict="$FZ/$t.dict")
	"$B/fuzz_$t" -runs="$RUNS" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 "${dict[@]}" \
		-artifact_prefix="$B/artifacts/$t-" \
		"$work" "$FZ/corpus/$t" >"$B/logs/$t.log" 2>&1
	echo $? >"$B/logs/$t.rc"
}

start=$(date +%s)
n=0
for t in $TARGETS; do
	run_one "$t" &
	n=$((n + 1))
	if [ $((n % JOBS)) -eq 0 ]; then
		wait
	fi
done
wait

pass=0
fail=0
for t in $TARGETS; do
	log="$B/logs/$t.log"
	rc=$(cat "$B/logs/$t.rc" 2>/dev/null || echo 99)
	done_line=$(grep -E '^Done [0-9]+ runs' "$log" | tail -n 1)
	if [ "$rc" = 0 ] && [ -n "$done_line" ]; then
		pass=$((pass + 1))
		echo "PASS fuzz_$t: ${done_line#Done }"
	else
		fail=$((fail + 1))
		why=$(grep -m1 -E 'ERROR: |SUMMARY: |runtime error|fuzz_[a-z]+: ' \
			"$log")
		echo "FAIL fuzz_$t (exit $rc): ${why:-see log}"
		echo "     log: $log"
		ls "$B/artifacts/$t-"* 2>/dev/null | sed 's/^/     input: /'
	fi
done
echo "fuzz: $(( $(date +%s) - start )) s for $RUNS runs per target"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
