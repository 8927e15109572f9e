#!/usr/bin/env bash
# okapi's whole test suite: install dependencies, build with gcc and clang
# (warnings are errors), run the cmocka unit tests plain and under
# AddressSanitizer + UndefinedBehaviorSanitizer, make distcheck, a short
# run of every fuzz target, then the namespace suites with real peers
# (interop, the seed lab, the Debian package).  Ends with one line
# "N passed, N failed".
#
# Usage (as root, from a checkout): bash tests/run-all.sh
set -uo pipefail

SRC=$(cd "$(dirname "$0")/.." && pwd)
OUT=${OKAPI_TEST_OUT:-/tmp/okapi-test-$$}
JOBS=$(nproc 2>/dev/null || echo 2)
passed=0
failed=0
failures=()

note() { printf '\n=== %s\n' "$*"; }
fail_step() { failed=$((failed + 1)); failures+=("$1"); echo "FAIL: $1"; }

bash "$SRC/tests/setup-deps.sh" || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }

note "autoreconf"
(cd "$SRC" && autoreconf -fi >/dev/null 2>&1) || { echo "autoreconf failed"; echo "0 passed, 1 failed"; exit 1; }

# Count cmocka results from the per-binary logs that automake writes.
count_unit_logs() {
    local dir=$1 label=$2 p f log
    for log in "$dir"/tests/unit/*.log; do
        [ -e "$log" ] || continue
        p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test(s)\./\1/p' "$log" | tail -1)
        f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test(s), listed below:/\1/p' "$log" | tail -1)
        passed=$((passed + ${p:-0}))
        if [ -n "$f" ] && [ "$f" -gt 0 ]; then
            failed=$((failed + f))
            failures+=("$label: $(basename "$log" .log) ($f)")
        fi
        # A binary that crashed prints no summary at all.
        if [ -z "$p" ] && [ -z "$f" ]; then
            fail_step "$label: $(basename "$log" .log) crashed or printed no summary"
        fi
    done
}

build() {  # build NAME CC EXTRA-CONFIGURE-ARGS...
    local name=$1 cc=$2; shift 2
    local dir=$OUT/$name
    mkdir -p "$dir"
    note "build $name (CC=$cc $*)"
    if ! (cd "$dir" && CC=$cc "$SRC/configure" -q --enable-werror "$@" >/dev/null \
            && make -j"$JOBS" >make.out 2>&1); then
        cat "$dir/make.out" 2>/dev/null | tail -40
        fail_step "build $name"
        return 1
    fi
    passed=$((passed + 1))
    return 0
}

unit() {  # unit NAME
    local dir=$OUT/$1
    note "unit tests ($1)"
    local rc=0 nlogs
    (cd "$dir" && make -j"$JOBS" check >check.out 2>&1) || rc=$?
    grep -E '^(PASS|FAIL|ERROR|SKIP|XPASS)' "$dir/check.out"
    # make check can fail before any test runs (a test that does not
    # compile): that must count, not vanish for want of logs.
    nlogs=$(ls "$dir"/tests/unit/*.log 2>/dev/null | wc -l)
    if [ "$rc" -ne 0 ] && ! grep -qE '^(FAIL|ERROR):' "$dir/check.out"; then
        tail -30 "$dir/check.out"
        fail_step "unit $1: make check failed (exit $rc) outside any test"
    elif [ "$nlogs" -eq 0 ]; then
        fail_step "unit $1: no test ran"
    fi
    for log in "$dir"/tests/unit/*.log; do
        grep -q -E '^\[  (FAILED|ERROR) ' "$log" 2>/dev/null && cat "$log"
    done
    count_unit_logs "$dir" "unit $1"
}

if build gcc gcc; then unit gcc; fi
build clang clang
if build asan gcc --enable-sanitizers; then
    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 unit asan
fi

# suite NAME CMD...: run a script that ends with "[label: ]N passed, N failed"
# and add its counts; a script that prints no such line counts as a failure.
suite() {
    local name=$1; shift
    local log=$OUT/$name.out line p f
    note "$name"
    "$@" 2>&1 | tee "$log"
    line=$(grep -E '(^|: )[0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
    if [ -z "$line" ]; then
        fail_step "$name printed no summary"
        return
    fi
    line=${line##*: }
    p=${line%% passed*}
    f=${line#*passed, }; f=${f%% failed*}
    passed=$((passed + p))
    failed=$((failed + f))
    [ "$f" -gt 0 ] && failures+=("$name: $f check(s)")
}

if [ -x "$OUT/gcc/bgpd" ]; then
    note "make distcheck"
    if (cd "$OUT/gcc" && make -j"$JOBS" distcheck >distcheck.out 2>&1); then
        passed=$((passed + 1))
    else
        tail -30 "$OUT/gcc/distcheck.out"
        fail_step "make distcheck"
    fi
fi

# libFuzzer targets (clang, ASan+UBSan), a short fixed number of runs
# each; tests/fuzz/README says how to run them for hours.
suite fuzz env OKAPI_FUZZ_BUILD="$OUT/fuzz" bash "$SRC/tests/fuzz/run.sh"

if [ -n "${OKAPI_SKIP_NETNS:-}" ]; then
    echo "!!! SKIPPING the namespace suites: OKAPI_SKIP_NETNS is set !!!"
elif [ -x "$OUT/gcc/bgpd" ]; then
    export OKAPI_BUILD=$OUT/gcc OKAPI_BGPD=$OUT/gcc/bgpd OKAPI_SRCDIR=$SRC
    # 240 s a test: test_fib_exit receives and installs a full table,
    # which takes 30-90 s on 2 cores depending on load.
    suite interop env OK_TEST_TIMEOUT="${OK_TEST_TIMEOUT:-240}" \
        bash "$SRC/tests/interop/run.sh"
    for t in "$SRC"/tests/lab/test_*.sh; do
        [ -e "$t" ] || continue
        suite "lab-$(basename "$t" .sh)" timeout 300 bash "$t"
    done
    if [ -z "${OKAPI_SKIP_PACKAGE:-}" ]; then
        suite packaging timeout 900 bash "$SRC/tests/packaging/test_package.sh"
    else
        echo "!!! SKIPPING the packaging test: OKAPI_SKIP_PACKAGE is set !!!"
    fi
else
    fail_step "no bgpd was built: namespace suites not run"
fi

note "summary"
for f in "${failures[@]}"; do echo "failed: $f"; done
echo "test output kept in $OUT"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
