#!/bin/bash
#
# Carrier loss (issue 4, next-hop tracking; the seed scenario in small):
# namespace a has two links, v1 to b (2001:12::b) and v2 to c (2001:13::c);
# the same three prefixes come from both eBGP peers with link-local next
# hops, b's paths best.  `ip link set dev v1 down` on b's side (a's v1
# loses carrier, stays administratively up): within 1 s fibtool reports
# 2001:12::b unreachable, b's paths lose their validity, the best paths
# move to c and the kernel FIB points at fe80::c dev v2; with the link
# back, everything returns.  Routes go in through nexthop objects,
# which the kernel deletes on carrier loss with every route using them
# (IPv4 silently): okapi notices and counts it (nh_lost).  Also: the
# kernel's silent flush of IPv4 routes on an admin-down interface is
# noticed (the IPv4 next hop on it becomes unreachable and the FIB
# follows).
#
# Run alone: bash test_fib_carrier.sh  (root; OKAPI_BUILD = the build dir)

. "$(dirname "$0")/lib.sh"
it_begin fibcarr

. "$(dirname "$0")/fibtool.sh"

FIBTOOL=$(fibtool_find) || it_cannot_run "fib/fibtool not found (set OKAPI_BUILD)"
ns_add a && ns_add b && ns_add c || it_cannot_run "namespaces"
ns_link a v1 b v1 && ns_link a v2 c v2 || it_cannot_run "links"
ns_addr a v1 2001:12::a/64
ns_addr b v1 2001:12::b/64
ns_addr a v2 2001:13::a/64
ns_addr c v2 2001:13::c/64
ns_addr a v1 10.0.12.1/24
ns_addr a v2 10.0.13.1/24
ns_wait_settled a b c || it_cannot_run "links did not come up"
A=$(ns_name a)
B=$(ns_name b)

route6() { ip -n "$A" -6 route show "$1" proto bgp; }
route4() { ip -n "$A" route show "$1" proto bgp; }
fib_via() { route6 "$1" | grep -q "via $2 dev $3 "; }
fib4_via() { route4 "$1" | grep -q "via $2 dev $3 "; }
nh_down_seen() { grep -q "^nhchange $1 reachable=0" "$OK_TMP/ft.stdout"; }
nh_up_seen() { [ "$(grep -c "^nhchange $1 reachable=1" "$OK_TMP/ft.stdout")" -ge 1 ]; }
best_is() { ft_ask ft "best $1" "^best $1 " | grep -q " $2\$"; }

ft_start ft a || it_cannot_run "fibtool did not start"
ft ft "peer b 2001:12::b ebgp" "peer c 2001:13::c ebgp" "peer b4 10.0.12.2 ebgp" \
	"peer c4 10.0.13.3 ebgp" "converged"
for p in 2001:1234:2::/64 2001:1234:3::/64 2001:1234:4::/64; do
	ft ft "announce b $p 2001:12::b fe80::b"
done
for p in 2001:1234:2::/64 2001:1234:3::/64 2001:1234:4::/64; do
	ft ft "announce c $p 2001:13::c fe80::c"
done
ft ft "announce b4 192.168.4.0/24 10.0.12.2" "announce c4 192.168.4.0/24 10.0.13.3"
ft_sync ft
check "before: best path via as2rb (b)" best_is 2001:1234:2::/64 b
check "before: FIB 2001:1234:2::/64 via fe80::b dev v1" fib_via 2001:1234:2::/64 fe80::b v1
check "before: FIB 2001:1234:4::/64 via fe80::b dev v1" fib_via 2001:1234:4::/64 fe80::b v1
check "before: FIB 192.168.4.0/24 via 10.0.12.2 dev v1" fib4_via 192.168.4.0/24 10.0.12.2 v1

# The kernel rate-limits link events to one a second per device
# (linkwatch): let the last one age before pulling the link.
sleep 1.2
ns_log "b: ip link set dev v1 down"
ip -n "$B" link set dev v1 down
check_within 1 "2001:12::b unreachable within 1 s of carrier loss" nh_down_seen 2001:12::b
check_within 1 "best path moved to as3rc (c)" best_is 2001:1234:2::/64 c
check_within 1 "FIB 2001:1234:2::/64 now via fe80::c dev v2" fib_via 2001:1234:2::/64 fe80::c v2
check_within 1 "FIB 2001:1234:3::/64 now via fe80::c dev v2" fib_via 2001:1234:3::/64 fe80::c v2
check_within 1 "FIB 192.168.4.0/24 now via 10.0.13.3 dev v2" fib4_via 192.168.4.0/24 10.0.13.3 v2
check_match "b's next hop reported unreachable with no interface" \
	'reachable=0 metric=0 ifindex=0' "$(ft_ask ft 'nh 2001:12::b' '^nh 2001:12::b')"
# The kernel deleted okapi's nexthop objects on v1 (and their routes)
# without a word for IPv4: noticed from the link's state.
check_match "the nexthop objects the kernel removed with the carrier are noticed" \
	'nh_lost=[1-9]' "$(ft_ask ft stats '^stats ')"

sleep 1.2
ns_log "b: ip link set dev v1 up"
ip -n "$B" link set dev v1 up
check_within 3 "2001:12::b reachable again when the carrier returns" nh_up_seen 2001:12::b
# Both eBGP and equal so far: Quagga keeps the selected (oldest) path
# rather than flap back (decision step 10), so c stays best and the FIB
# stays on c; once c withdraws, b's (valid again) paths take over.
check "c stays best (no flap back, Quagga step 10)" best_is 2001:1234:2::/64 c
check "FIB stays via fe80::c dev v2" fib_via 2001:1234:2::/64 fe80::c v2
ft ft "withdraw c 2001:1234:2::/64" "withdraw c4 192.168.4.0/24"
check_within 1 "c withdraws: FIB back via fe80::b dev v1" fib_via 2001:1234:2::/64 fe80::b v1
check_within 1 "c withdraws: IPv4 FIB back via 10.0.12.2 dev v1" fib4_via 192.168.4.0/24 10.0.12.2 v1
ft ft "announce c 2001:1234:2::/64 2001:13::c fe80::c" "announce c4 192.168.4.0/24 10.0.13.3"
ft_sync ft

# Administratively down on a's side: IPv4 flushes its routes silently.
sleep 1.2
ns_log "a: ip link set dev v1 down"
ip -n "$A" link set dev v1 down
check_within 1 "admin down: IPv4 best path moves to c" fib4_via 192.168.4.0/24 10.0.13.3 v2
check_within 1 "admin down: IPv6 best path moves to c" fib_via 2001:1234:2::/64 fe80::c v2
check_eq "no route of ours left on the downed interface" "" \
	"$(ip -n "$A" route show proto bgp dev v1 2>/dev/null; ip -n "$A" -6 route show proto bgp dev v1 2>/dev/null)"

ft_quit ft
it_end
