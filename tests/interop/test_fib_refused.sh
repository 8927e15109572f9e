#!/bin/bash
#
# A route the kernel refuses (issue 4): kept in the RIB as best path,
# logged ("fib: kernel refused P: ..."), shown with the 'r' (RIB-failure)
# status code, IPv4 and IPv6, through bgpd; a route that is accepted next
# to it is installed and not marked.
#
# Namespace a (bgpd: 10.0.12.1, 2001:12::a) and b (an iBGP feeder,
# fib_updates.py --send: 10.0.12.2, 2001:12::b), one veth.  Refused:
#   IPv4 198.51.100.0/24 with next hop 10.0.12.255, the directed
#     broadcast address of the shared subnet: okapi sees it on a connected
#     network, the kernel answers "Nexthop has invalid gateway";
#   IPv6 2001:db8:aa::/48 with next hop 2001:77::1, resolved through an
#     operator's static route `2001:77::/64 via 2001:13::5 dev v1 onlink`:
#     okapi installs via 2001:13::5 dev v1 without `onlink` (it does not
#     copy that flag), which the kernel refuses (No route to host).
# Accepted: 203.0.113.0/24 via 10.0.12.2 and 2001:db8:bb::/48 via
# 2001:12::b.  Then the broadcast next hop is replaced by a good one: the
# route goes in and the mark goes.
#
# Run alone: bash test_fib_refused.sh  (root; OKAPI_BUILD = the build dir)

. "$(dirname "$0")/lib.sh"
it_begin fibrefused

it_need_cmd /usr/bin/python3
okapi_find >/dev/null || it_cannot_run "okapi bgpd not found (set OKAPI_BUILD)"

ns_add a && ns_add b && ns_link a v1 b v1 || it_cannot_run "namespaces"
ns_addr a v1 10.0.12.1/24
ns_addr a v1 2001:12::a/64
ns_addr b v1 10.0.12.2/24
ns_addr b v1 2001:12::b/64
ns_wait_settled a b || it_cannot_run "links did not come up"
A=$(ns_name a)
ip -n "$A" -6 route add 2001:77::/64 via 2001:13::5 dev v1 onlink proto static ||
	it_cannot_run "static onlink route"

# The UPDATEs: one file per next hop.
gen()
{
	printf '%s\n' "$1" >"$OK_TMP/p.txt"
	/usr/bin/python3 "$IT_DIR/fib_updates.py" "$OK_TMP/p.txt" 0 "$2" "$3"
}
{
	gen 198.51.100.0/24 10.0.12.255 2001:12::b
	gen 203.0.113.0/24 10.0.12.2 2001:12::b
	gen 2001:db8:aa::/48 10.0.12.2 2001:77::1
	gen 2001:db8:bb::/48 10.0.12.2 2001:12::b
} >"$OK_TMP/upd.hex" || it_cannot_run "fib_updates.py failed"

cat >"$OK_TMP/ok.conf" <<EOF
hostname ok
password zebra
log file $OK_TMP/ok.log
!
router bgp 65001
 bgp router-id 10.0.12.1
 neighbor 10.0.12.2 remote-as 65001
 address-family ipv6 unicast
  neighbor 10.0.12.2 activate
 exit-address-family
!
EOF

ns_spawn feed b /usr/bin/python3 "$IT_DIR/fib_updates.py" --send 10.0.12.2 179 65001 \
	"$OK_TMP/upd.hex" 120
sleep 0.5
okapi_start ok a || it_cannot_run "bgpd did not start"
wait_for 20 okapi_established ok 10.0.12.2 || it_cannot_run "session did not come up"
wait_for 10 okapi_vty_listening a || it_cannot_run "vty not listening"

in_kernel() { ip -n "$A" "$1" route show "$2" proto bgp | grep -q .; }
not_in_kernel() { ! in_kernel "$@"; }
logged() { okapi_log_has ok "fib: kernel refused $(re_quote "$1"): "; }
# row FAM PREFIX: the line of `show FAM bgp` for PREFIX (Quagga leaves
# out the length of a classful IPv4 prefix: "198.51.100.0").
row() { okapi_vty a "show $1 bgp" 2>/dev/null | grep -E "[ >i]$(re_quote "${2%/*}")(/| )" | head -n 1; }

check_within 10 "accepted IPv4 route installed (203.0.113.0/24)" in_kernel -4 203.0.113.0/24
check_within 5 "accepted IPv6 route installed (2001:db8:bb::/48)" in_kernel -6 2001:db8:bb::/48
check_within 5 "refused IPv4 route logged" logged 198.51.100.0/24
check_within 5 "refused IPv6 route logged" logged 2001:db8:aa::/48
ns_log "log: $(grep -F 'kernel refused' "$OK_TMP/ok.log" | head -n 4 | tr '\n' '|')"
check "refused IPv4 route not in the kernel" not_in_kernel -4 198.51.100.0/24
check "refused IPv6 route not in the kernel" not_in_kernel -6 2001:db8:aa::/48

r4=$(row ip 198.51.100.0/24)
r6=$(row ipv6 2001:db8:aa::/48)
ns_log "show ip bgp: '$r4'; show ipv6 bgp: '$r6'"
check_match "refused IPv4 route kept in the RIB as best path" '^[*r]>' "$r4"
check_match "refused IPv6 route kept in the RIB as best path" '^[*r]>' "$r6"
# 'r' in the first status column, where '*' goes otherwise (Cisco IOS's
# "r>", vty/show_route.c), once main.c hands the kernel module to the
# vty (vty_bgp_set_fib).
if grep -q 'vty_bgp_set_fib' "$IT_DIR/../../daemon/main.c" 2>/dev/null; then
	check_match "refused IPv4 route shown with r" '^r>' "$r4"
	check_match "refused IPv6 route shown with r" '^r>' "$r6"
	check_match "accepted route shown without r" '^\*>' "$(row ip 203.0.113.0/24)"
else
	printf 'SKIP %s: %s\n' "$OK_NAME" \
		"'r' not checked: daemon/main.c does not call vty_bgp_set_fib(), so the vty cannot know (rows: '$r4' '$r6')"
fi

# The broadcast next hop replaced by a good one: installed, mark gone.
gen 198.51.100.0/24 10.0.12.3 2001:12::b >"$OK_TMP/upd2.hex"
ns_stop feed 2
ns_spawn feed2 b /usr/bin/python3 "$IT_DIR/fib_updates.py" --send 10.0.12.2 179 65001 \
	"$OK_TMP/upd2.hex" 120
check_within 30 "session back with the fixed next hop" okapi_established ok 10.0.12.2 2
check_within 10 "fixed IPv4 route installed" in_kernel -4 198.51.100.0/24
if grep -q 'vty_bgp_set_fib' "$IT_DIR/../../daemon/main.c" 2>/dev/null; then
	check_match "fixed route shown without r" '^\*>' "$(row ip 198.51.100.0/24)"
fi

it_end
