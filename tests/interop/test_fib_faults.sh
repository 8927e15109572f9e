#!/bin/bash
#
# Faults of the kernel side (issue 9, "Faults"; issue 4, reconcile):
# `kill -9` of bgpd with its routes installed, then a restart.  The dead
# instance's routes (and the nexthop objects they use) stay in the
# kernel and keep forwarding; the new instance replaces those that still
# have a best path in place, and once the initial convergence is reached
# (End-of-RIB from the peer) removes the rest and the old objects:
# nothing stale is left.
#
# Namespace a (bgpd: 10.0.12.1, 2001:12::a) and b (an eBGP feeder,
# fib_updates.py --send: 10.0.12.2, 2001:12::b), one veth.
#   first life:  1000 IPv4 /24 (10.100.0.0 up) and 300 IPv6 /48 via
#                10.0.12.2 / 2001:12::b; then SIGKILL;
#   second life: the first 500 IPv4 and 150 IPv6 of them via 10.0.12.3 /
#                2001:12::c (a new best path), plus 200 new IPv4 /24
#                (10.200.0.0 up) via 10.0.12.2.
# Checked: after the kill the routes are still there; after the restart
# the kernel holds exactly the second life's 850 routes with their new
# next hops, the 650 stale ones are gone, and no nexthop object of the
# first life is left; then a clean exit leaves nothing.
#
# Run alone: bash test_fib_faults.sh  (root; OKAPI_BUILD = the build dir)

. "$(dirname "$0")/lib.sh"
it_begin fibfaults

it_need_cmd /usr/bin/python3
okapi_find >/dev/null || it_cannot_run "okapi bgpd not found (set OKAPI_BUILD)"

ns_add a && ns_add b && ns_link a v1 b v1 || it_cannot_run "namespaces"
ns_addr a v1 10.0.12.1/24
ns_addr a v1 2001:12::a/64
ns_addr b v1 10.0.12.2/24
ns_addr b v1 2001:12::b/64
ns_wait_settled a b || it_cannot_run "links did not come up"
A=$(ns_name a)

# Prefix files and UPDATEs.
for ((i = 0; i < 1000; i++)); do printf '10.%d.%d.0/24\n' $((100 + i / 256)) $((i % 256)); done >"$OK_TMP/v4a"
for ((i = 0; i < 300; i++)); do printf '2001:db8:%x::/48\n' $((0x1000 + i)); done >"$OK_TMP/v6a"
head -n 500 "$OK_TMP/v4a" >"$OK_TMP/v4b"
head -n 150 "$OK_TMP/v6a" >"$OK_TMP/v6b"
for ((i = 0; i < 200; i++)); do printf '10.%d.%d.0/24\n' $((200 + i / 256)) $((i % 256)); done >"$OK_TMP/v4c"
upd() { /usr/bin/python3 "$IT_DIR/fib_updates.py" "$1" 65002 "$2" "$3"; }
{
	upd "$OK_TMP/v4a" 10.0.12.2 2001:12::b
	upd "$OK_TMP/v6a" 10.0.12.2 2001:12::b
} >"$OK_TMP/life1.hex" || it_cannot_run "fib_updates.py failed"
{
	upd "$OK_TMP/v4b" 10.0.12.3 2001:12::c
	upd "$OK_TMP/v6b" 10.0.12.3 2001:12::c
	upd "$OK_TMP/v4c" 10.0.12.2 2001:12::b
} >"$OK_TMP/life2.hex" || it_cannot_run "fib_updates.py failed"

cat >"$OK_TMP/ok.conf" <<EOF
hostname ok
password zebra
log file $OK_TMP/ok.log
!
router bgp 65001
 bgp router-id 10.0.12.1
 neighbor 10.0.12.2 remote-as 65002
 address-family ipv6 unicast
  neighbor 10.0.12.2 activate
 exit-address-family
!
EOF

# "PREFIX GATEWAY" of every route of ours, sorted.
ours()
{
	{
		ip -n "$A" -4 route show proto bgp
		ip -n "$A" -6 route show proto bgp
	} | sed -n 's/^\([^ ]*\) .*via \([^ ]*\) .*/\1 \2/p' | sort
}
count() { ours | wc -l; }
objects() { ip -n "$A" nexthop show protocol 186 2>/dev/null | awk '{ print $2 }' | sort; }
expected2()
{
	{
		sed 's/$/ 10.0.12.3/' "$OK_TMP/v4b"
		sed 's/$/ 2001:12::c/' "$OK_TMP/v6b"
		sed 's/$/ 10.0.12.2/' "$OK_TMP/v4c"
	} | sort
}
count_is() { [ "$(count)" = "$1" ]; }
as_expected() { [ "$(ours | md5sum)" = "$(expected2 | md5sum)" ]; }

# First life.
ns_spawn feed1 b /usr/bin/python3 "$IT_DIR/fib_updates.py" --send 10.0.12.2 179 65002 \
	"$OK_TMP/life1.hex" 120
sleep 0.5
okapi_start ok a || it_cannot_run "bgpd did not start"
wait_for 20 okapi_established ok 10.0.12.2 || it_cannot_run "session did not come up"
check_within 30 "first life: 1300 routes installed" count_is 1300
old_objs=$(objects)
ns_log "first life's nexthop objects: $(echo $old_objs)"
check "first life uses nexthop objects" test -n "$old_objs"

# kill -9: nothing is cleaned up.
ns_signal ok KILL
wait_for 5 ns_dead ok && ns_reap "$(ns_pid ok)"
ns_stop feed1 2
check_eq "after kill -9: the routes stay in the kernel" 1300 "$(count)"
check_eq "after kill -9: the nexthop objects stay" "$old_objs" "$(objects)"

# Second life.
mv "$OK_TMP/ok.log" "$OK_TMP/ok.life1.log"
cp "$OK_TMP/ok.conf" "$OK_TMP/ok2.conf"
ns_spawn feed2 b /usr/bin/python3 "$IT_DIR/fib_updates.py" --send 10.0.12.2 179 65002 \
	"$OK_TMP/life2.hex" 120
sleep 0.5
okapi_start ok2 a || it_cannot_run "bgpd did not restart"
leftovers_seen() { okapi_log_has ok 'routes of an earlier instance'; }
wait_for 10 leftovers_seen
# Until the initial convergence nothing is removed: no black hole.
check "before convergence: every route of the first life still there" \
	test "$(count)" -ge 1300
wait_for 20 okapi_established ok 10.0.12.2 || it_cannot_run "session did not come up again"
check_within 30 "after the restart and convergence: exactly the new best paths (850 routes, new next hops)" \
	as_expected
ns_log "routes of ours: $(count)"
sort "$OK_TMP/v4a" "$OK_TMP/v6a" >"$OK_TMP/all1"
sort "$OK_TMP/v4b" "$OK_TMP/v6b" >"$OK_TMP/kept"
comm -23 "$OK_TMP/all1" "$OK_TMP/kept" >"$OK_TMP/stale"
check_eq "the 650 stale routes of the first life are gone" 0 \
	"$(ours | awk '{ print $1 }' | sort | comm -12 - "$OK_TMP/stale" | wc -l)"
stale_objs=0
for o in $old_objs; do
	objects | grep -qx "$o" && stale_objs=$((stale_objs + 1))
done
check_eq "no nexthop object of the first life left" 0 "$stale_objs"
check_match "the leftovers were reported and kept until convergence" \
	'routes of an earlier instance in table 254, kept until the initial convergence' \
	"$(cat "$OK_TMP/ok.log")"
check_match "initial convergence by End-of-RIB" 'initial convergence after' "$(cat "$OK_TMP/ok.log")"

# Clean exit: nothing left.
if ns_stop ok2 3; then pass "clean exit on SIGTERM"; else fail "clean exit on SIGTERM" "killed"; fi
check_eq "clean exit: no route of ours left" 0 "$(count)"
check_eq "clean exit: no nexthop object of ours left" "" "$(objects)"

it_end
