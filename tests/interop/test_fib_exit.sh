#!/bin/bash
#
# Clean exit of a full table (issues 2 and 4): bgpd receives the 901,899
# IPv4 and 160,147 IPv6 prefixes of ../shared/data/fulltable-prefixes-
# 2024.txt.gz from one eBGP peer (fib_updates.py: UPDATEs made and
# sent), installs them, and on SIGTERM must end within 2 s
# with every route of ours gone from the kernel.  This fits because the
# routes go in through nexthop objects (fib/kernel.h): the exit deletes
# the two objects and the kernel drops the million routes using them in
# one walk, where one delete per route takes 11-23 s on this machine.
#
# Namespace a (bgpd: 10.0.12.1, 2001:12::a) and b (the feeder: 10.0.12.2,
# 2001:12::b), one veth.  FIB_EXIT_MAX4 / FIB_EXIT_MAX6 cap the prefixes
# (default: all); FIB_EXIT_FILE another prefix file.
#
# Run alone: bash test_fib_exit.sh  (root; OKAPI_BUILD = the build dir)

. "$(dirname "$0")/lib.sh"
it_begin fibexit

PFX=${FIB_EXIT_FILE:-$IT_DIR/../../../shared/data/fulltable-prefixes-2024.txt.gz}
it_need_cmd /usr/bin/python3
if [ ! -r "$PFX" ]; then
	# A clean clone on a fresh machine has no ../shared: the exit time
	# depends on the number of routes, not on which prefixes they are,
	# so a synthetic table of the same size stands in (IPv4 /24s from
	# 16.0.0.0, IPv6 /48s in 2a00::/16: clear of the test's links).
	ns_log "prefix file $PFX not found: synthetic table of the same size"
	PFX=$OK_TMP/synthetic-prefixes.txt
	/usr/bin/python3 -c '
import sys
w = sys.stdout.write
for i in range(901899):
    a = (16 << 24) + (i << 8)
    w("%d.%d.%d.0/24\n" % (a >> 24, (a >> 16) & 255, (a >> 8) & 255))
for i in range(160147):
    w("2a00:%x:%x::/48\n" % (i >> 16, i & 0xffff))
' >"$PFX" || it_cannot_run "cannot write $PFX"
fi
okapi_find >/dev/null || it_cannot_run "okapi bgpd not found (set OKAPI_BUILD)"

/usr/bin/python3 "$IT_DIR/fib_updates.py" "$PFX" 65002 10.0.12.2 2001:12::b \
	"${FIB_EXIT_MAX4:-1073741824}" "${FIB_EXIT_MAX6:-1073741824}" \
	>"$OK_TMP/upd.hex" || it_cannot_run "fib_updates.py failed"
N4=$(zcat -f "$PFX" | grep -c -v ':' | awk -v m="${FIB_EXIT_MAX4:-1073741824}" '{ print ($1 < m ? $1 : m) }')
N6=$(zcat -f "$PFX" | grep -c ':' | awk -v m="${FIB_EXIT_MAX6:-1073741824}" '{ print ($1 < m ? $1 : m) }')
ns_log "$N4 IPv4 + $N6 IPv6 prefixes in $(wc -l <"$OK_TMP/upd.hex") UPDATEs"

ns_add a && ns_add b && ns_link a v1 b v1 || it_cannot_run "namespaces"
ns_addr a v1 10.0.12.1/24
ns_addr a v1 2001:12::a/64
ns_addr b v1 10.0.12.2/24
ns_addr b v1 2001:12::b/64
ns_wait_settled a b || it_cannot_run "links did not come up"
A=$(ns_name a)

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

count4() { ip -n "$A" route show proto bgp | wc -l; }
count6() { ip -n "$A" -6 route show proto bgp | wc -l; }
objects() { ip -n "$A" nexthop show protocol 186 2>/dev/null | wc -l; }
all_in() { [ "$(count4)" -ge "$N4" ] && [ "$(count6)" -ge "$N6" ]; }

ns_spawn feed b /usr/bin/python3 "$IT_DIR/fib_updates.py" --send 10.0.12.2 179 65002 \
	"$OK_TMP/upd.hex" 300
sleep 0.5
t0=$(ns_now)
okapi_start ok a || it_cannot_run "bgpd did not start"
wait_for 20 okapi_established ok 10.0.12.2 || it_cannot_run "session did not come up"
if wait_for 110 all_in; then
	pass "full table installed: $N4 IPv4 + $N6 IPv6 routes (after $(ns_since "$t0") s)"
else
	fail "full table installed" "IPv4 $(count4)/$N4, IPv6 $(count6)/$N6"
fi
check_match "routes go in through nexthop objects" ' nhid [0-9]+ via 10\.0\.12\.2 dev v1' \
	"$(ip -n "$A" route show proto bgp | head -n 1)"
check_eq "one nexthop object per family" 2 "$(objects)"

# SIGTERM: bgpd ends within 2 s, its routes gone.
if [ -n "${FIB_EXIT_STRACE:-}" ]; then	# where the exit time goes
	strace -f -tt -p "$(ns_pid ok)" -e trace=sendto,write,exit_group,munmap \
		-o "$OK_TMP/exit.strace" &
	sleep 1
fi
t0=$(ns_now)
ns_signal ok TERM
if wait_for 5 ns_dead ok; then
	el=$(ns_since "$t0")
	ns_reap "$(ns_pid ok)"
	if awk -v e="$el" 'BEGIN { exit !(e <= 2.0) }'; then
		pass "bgpd ended $el s after SIGTERM (limit 2 s)"
	else
		fail "bgpd ended within 2 s of SIGTERM" "took $el s"
	fi
else
	fail "bgpd ended within 2 s of SIGTERM" "still running after 5 s"
	ns_stop ok 1
fi
check_eq "clean exit: no IPv4 route of ours left" 0 "$(count4)"
check_eq "clean exit: no IPv6 route of ours left" 0 "$(count6)"
check_eq "clean exit: no nexthop object of ours left" 0 "$(objects)"
check_eq "no exit-budget warning in the log" 0 "$(okapi_log_count ok 'exit budget')"
ns_log "log tail: $(tail -n 3 "$OK_TMP/ok.log" | tr '\n' '|')"

it_end
