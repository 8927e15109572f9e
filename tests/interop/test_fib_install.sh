#!/bin/bash
#
# FIB installation through okapi's real kernel module (fibsys: mirror,
# next-hop tracking, writer thread, kernel.c) on a real RIB, driven by
# fib/fibtool, into a namespace's kernel; every check compares with what
# `ip route` shows.  Issue 4, "FIB installation".
#
# Namespace a (okapi's side) and b (the peers), one veth: a 10.0.12.1/24,
# 2001:12::a/64.  Checked: 200 IPv4 routes and IPv6 routes installed with
# proto bgp metric 20 exactly as announced (IPv6 with a link-local next
# hop: via fe80::b dev v1); a new best path replaces in place (same count);
# maximum-paths 2 gives one multipath route; a withdrawn prefix is
# deleted; a route of ours deleted behind okapi's back comes back;
# `network`-style local routes are not installed; a route the
# kernel refuses stays in the RIB and is marked failed; a clean exit
# removes everything; -r keeps it; the next start reconciles the
# leftovers after convergence (kept before, then replaced or removed);
# -n installs nothing but still tracks next hops.
#
# Run alone: bash test_fib_install.sh  (root; OKAPI_BUILD = the build dir)

. "$(dirname "$0")/lib.sh"
it_begin fibinst

. "$(dirname "$0")/fibtool.sh"

FIBTOOL=$(fibtool_find) || it_cannot_run "fib/fibtool not found (set OKAPI_BUILD)"
ns_log "fibtool: $FIBTOOL"
ns_add a && ns_add b && ns_link a v1 b v1 || it_cannot_run "namespaces"
ns_addr a v1 10.0.12.1/24
ns_addr a v1 2001:12::a/64
ns_addr b v1 10.0.12.2/24
ns_addr b v1 2001:12::b/64
ns_wait_settled a b || it_cannot_run "links did not come up"
A=$(ns_name a)

# Routes go in through nexthop objects (kernel.h): `ip route` shows
# "nhid N" before the expanded next hop, which is what is compared.
bgp4() { ip -n "$A" route show table main proto bgp | sed 's/ nhid [0-9]*//'; }
bgp6() { ip -n "$A" -6 route show table main proto bgp | sed 's/ nhid [0-9]*//'; }
count_bgp() { echo $(( $(bgp4 | wc -l) + $(bgp6 | wc -l) )); }
expected4()
{
	local i
	for ((i = 0; i < $1; i++)); do
		printf '172.16.%d.0/24 via 10.0.12.2 dev v1 metric 20\n' "$i"
	done | sort
}

ft_start ft a || it_cannot_run "fibtool did not start"
ft ft "peer p 10.0.12.2 ebgp" "peer q 10.0.12.3 ebgp" "peer p6 2001:12::b ebgp" \
	"peer l 0.0.0.0 local" "converged"
ft ft "bulk p 200 172.16.0.0 10.0.12.2"
for i in 1 2 3 4 5; do
	ft ft "announce p6 2001:db8:$i::/48 2001:12::b fe80::b"
done
ft ft "announce p6 2001:db8:77::/48 2001:12::b"
ft_sync ft || fail "FIB queue drained" "no 'synced'"

check_eq "200 IPv4 routes installed exactly as announced (proto bgp, metric 20)" \
	"$(expected4 200 | md5sum)" "$(bgp4 | sed 's/ *$//' | sort | md5sum)"
check_match "IPv6 with a link-local next hop: via fe80::b dev v1 metric 20" \
	'^2001:db8:3::/48 via fe80::b dev v1 metric 20' "$(bgp6 | grep 2001:db8:3::)"
check_match "IPv6 with a global next hop: via 2001:12::b dev v1" \
	'^2001:db8:77::/48 via 2001:12::b dev v1 metric 20' "$(bgp6 | grep 2001:db8:77::)"
check_eq "protocol number is 186" "206" \
	"$(( $(ip -n "$A" route show proto 186 | wc -l) + $(ip -n "$A" -6 route show proto 186 | wc -l) ))"

# One of okapi's routes removed behind its back (as the kernel does to
# routes over a deleted nexthop object): noticed and installed again.
route_back() { bgp4 | grep -q '^172.16.1.0/24 via 10.0.12.2 dev v1'; }
ip -n "$A" route del 172.16.1.0/24 proto bgp metric 20
check_within 1 "a route of ours deleted by someone else is installed again" route_back
check_match "and counted" 'own_removed=[1-9]' "$(ft_ask ft stats '^stats ')"

# Replace in place: a new best path for one prefix (same peer, new NH).
ft ft "announce p 172.16.5.0/24 10.0.12.9"
ft_sync ft
check_match "new best path replaces the route" '^172.16.5.0/24 via 10.0.12.9 dev v1' \
	"$(bgp4 | grep '^172.16.5.0/24')"
check_eq "replace, not add: still 206 routes" 206 "$(count_bgp)"

# maximum-paths 2: one route with two next hops.
ft ft "maxpaths 2" "announce q 172.16.7.0/24 10.0.12.3"
ft_sync ft
mp=$(ip -n "$A" route show 172.16.7.0/24 proto bgp)
check_match "multipath: through a nexthop group" '^172.16.7.0/24 nhid [0-9]+' "$mp"
check_match "multipath: one route, next hop 10.0.12.2" 'nexthop via 10.0.12.2 dev v1' "$mp"
check_match "multipath: one route, next hop 10.0.12.3" 'nexthop via 10.0.12.3 dev v1' "$mp"
ft ft "maxpaths 1"

# Withdraw: deleted.
ft ft "withdraw p 172.16.9.0/24"
ft_sync ft
check_eq "withdrawn prefix deleted" "" "$(bgp4 | grep '^172.16.9.0/24')"

# Locally originated (network): never installed.
ft ft "announce l 172.29.0.0/16 0.0.0.0"
ft_sync ft
check_match "local route is best in the RIB" 'best 172.29.0.0/16 l' \
	"$(ft_ask ft 'best 172.29.0.0/16' '^best 172.29')"
check_eq "local route not installed" "" "$(bgp4 | grep '^172.29.0.0/16')"

# Refused by the kernel: a next hop that is the directed broadcast
# address of the shared subnet ("Nexthop has invalid gateway"): kept in
# the RIB, marked failed.
ft ft "announce p 172.30.0.0/16 10.0.12.255"
ft_sync ft
check_match "refused route still best in the RIB" 'best 172.30.0.0/16 p' \
	"$(ft_ask ft 'best 172.30.0.0/16' '^best 172.30')"
check_match "refused route marked RIB-failure" 'failed 172.30.0.0/16 yes' \
	"$(ft_ask ft 'failed 172.30.0.0/16' '^failed 172.30')"
check_match "the refusal is logged" 'kernel refused 172.30.0.0/16' \
	"$(cat "$OK_TMP/ft.stdout")"

# Clean exit: everything removed, within the time budget.
t0=$(ns_now)
ft_quit ft
check_within 2 "clean exit removes okapi's routes" test "$(count_bgp)" = 0
ns_log "exit took $(ns_since "$t0") s"

# -r: retained; the next start reconciles.
ft_start ft2 a -r || it_cannot_run "fibtool did not start"
ft ft2 "peer p 10.0.12.2 ebgp" "converged" "bulk p 50 172.16.0.0 10.0.12.2"
ft_sync ft2
ft_quit ft2
check_eq "-r: routes retained at exit" 50 "$(bgp4 | wc -l)"

ft_start ft3 a || it_cannot_run "fibtool did not start"
ft ft3 "peer p 10.0.12.2 ebgp" "bulk p 20 172.16.0.0 10.0.12.5"
ft_sync ft3
check_eq "before convergence: leftovers kept (50 routes)" 50 "$(bgp4 | wc -l)"
check_match "before convergence: new best paths replace leftovers in place" \
	'via 10.0.12.5' "$(bgp4 | grep '^172.16.3.0/24')"
ft ft3 "converged"
ft_sync ft3
check_eq "after convergence: leftovers without a best path removed" 20 "$(bgp4 | wc -l)"
check_eq "after convergence: all remaining routes are the new best paths" 20 \
	"$(bgp4 | grep -c 'via 10.0.12.5')"
ft_quit ft3
check_eq "clean exit again: nothing left" 0 "$(count_bgp)"

# -n: nothing installed, next hops still tracked.
ft_start ft4 a -n || it_cannot_run "fibtool did not start"
ft ft4 "peer p 10.0.12.2 ebgp" "converged" "bulk p 10 172.16.0.0 10.0.12.2"
ft_sync ft4
check_eq "-n: nothing installed" 0 "$(count_bgp)"
check_match "-n: next hop still tracked and resolved" 'reachable=1 metric=0 ifindex=[1-9]' \
	"$(ft_ask ft4 'nh 10.0.12.2' '^nh 10.0.12.2')"
check_match "-n: best path chosen all the same" 'best 172.16.3.0/24 p' \
	"$(ft_ask ft4 'best 172.16.3.0/24' '^best 172.16.3')"
ft_quit ft4

it_end
