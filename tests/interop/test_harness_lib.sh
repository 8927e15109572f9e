#!/bin/bash
#
# Self-test of the namespace library (tests/lab/lib/netns.sh) itself, no
# BGP daemon involved: bounded polls are bounded, spawned processes get
# SIGINT at its default disposition (as IPMininet's do), the veth pair
# leaves no name in the root namespace, and the teardown kills even a
# SIGSTOPped process and a stray child inside our namespace, deletes the
# namespaces and the temp dir, and nothing else.  (A process counts as
# gone when it is a zombie: here pid 1 may never reap orphans.)  The teardown part runs
# in a child test process (a nested bash) whose leftovers are inspected
# from here.  Run alone: bash test_harness_lib.sh (needs root).

. "$(dirname "$0")/lib.sh"
it_begin harness-lib
it_need_cmd ip ps

# ---- wait_for ----------------------------------------------------------
t0=$(ns_now)
wait_for 1 false
rc=$?
el=$(ns_since "$t0")
check_eq "wait_for 1 false fails" 1 "$rc"
check_match "wait_for 1 false returns after about 1 s (< 2 s)" '^(0\.9|1\.[0-9])' "$el"
t0=$(ns_now)
check "wait_for 5 true succeeds at once" wait_for 5 true
check_match "... without waiting" '^0\.[0-4]' "$(ns_since "$t0")"

# ---- namespaces, links ---------------------------------------------------
ns_add x && ns_add y && ns_link x okx0 y oky0 &&
	ns_addr x okx0 192.0.2.1/24 && ns_addr x okx0 2001:db8:9::1/64 &&
	ns_addr y oky0 192.0.2.2/24 && ns_addr y oky0 2001:db8:9::2/64 ||
	it_cannot_run "namespace setup failed"
check "namespaces settle (no tentative IPv6 address, carrier up)" ns_wait_settled x y
check_match "the namespace names carry the prefix ok-harness-lib-PID-" \
	"^ok-harness-lib-$$-x\$" "$(ns_name x)"
check "no veth name appears in the root namespace" \
	sh -c '! ip -o link show | grep -qE " (okx0|oky0)[@:]"'
quiet()
{
	"$@" >/dev/null 2>&1
}
check "IPv4 works across the veth" quiet ns_exec x ping -c1 -W2 192.0.2.2
check "IPv6 works across the veth at once (nodad)" quiet ns_exec x ping -c1 -W2 2001:db8:9::2

# ---- processes -------------------------------------------------------------
ns_spawn s1 x sleep 300
sleep 0.2
ns_signal s1 INT
check "a spawned process dies on SIGINT (not ignored as in bash's background)" \
	wait_for 2 ns_dead s1

# ---- teardown, in a child test -------------------------------------------
child="$OK_TMP/child.sh"
cat >"$child" <<EOF
. "$IT_DIR/lib.sh"
it_begin harness-child
ns_add c
ns_spawn stopped c sleep 300
ns_spawn stray c sh -c 'sleep 300 & echo \$! >"\$0"; wait' "$OK_TMP/stray.pid"
sleep 0.5
ns_signal stopped STOP
echo "\$OK_TMP" >"$OK_TMP/child.tmp"
echo "\$(ns_pid stopped)" >"$OK_TMP/child.pid"
kill -TERM \$\$
EOF
bash "$child" >"$OK_TMP/child.out" 2>"$OK_TMP/child.err"
crc=$?
check_eq "a test killed by SIGTERM exits 130 after its teardown" 130 "$crc"
cpid=$(cat "$OK_TMP/child.pid" 2>/dev/null)
spid=$(cat "$OK_TMP/stray.pid" 2>/dev/null)
ctmp=$(cat "$OK_TMP/child.tmp" 2>/dev/null)
check "the child recorded its pids" test -n "$cpid" -a -n "$spid" -a -n "$ctmp"
check "teardown killed the SIGSTOPped process" sh -c "! ps -o stat= -p $cpid | grep -qv Z"
check "teardown killed the stray grandchild inside the namespace" \
	sh -c "! ps -o stat= -p $spid | grep -qv Z"
cid=${ctmp#/tmp/ok-harness-child-}
cid=${cid%%-*}
check "teardown deleted the child's namespace" \
	sh -c "! ip netns list | grep -q '^ok-harness-child-$cid-'"
check "teardown deleted the child's temp dir" test ! -e "$ctmp"
check "our own namespaces are untouched by the child's teardown" \
	sh -c "ip netns list | grep -q '^$(ns_name x)\\b'"
it_end
