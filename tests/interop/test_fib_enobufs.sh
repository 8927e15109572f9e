#!/bin/bash
#
# Netlink overrun (issue 4: "Netlink overruns never leave okapi wrong"):
# fibtool's event socket gets a tiny receive buffer (-b 1: the kernel's
# minimum, a few KiB), then bursts of route changes made behind its back
# (`ip -batch` in its namespace, 3000 routes at a time, mixed with
# deletions of okapi's own routes), made while the tool is frozen
# (SIGSTOP, as a busy event loop would be), make the kernel drop notifications
# (ENOBUFS).  Checked: the overrun is counted and logged, the tool keeps
# running, a resync follows, and afterwards the mirror equals the kernel
# (the same list of non-okapi routes as `ip route` shows) and okapi's own
# routes deleted during the overrun are installed again, also when the
# routes went with their nexthop objects (`ip nexthop flush`).
#
# Run alone: bash test_fib_enobufs.sh  (root; OKAPI_BUILD = the build dir)

. "$(dirname "$0")/lib.sh"
it_begin fibnobuf

. "$(dirname "$0")/fibtool.sh"

FIBTOOL=$(fibtool_find) || it_cannot_run "fib/fibtool not found (set OKAPI_BUILD)"
ns_add a && ns_add b && ns_link a v1 b v1 || it_cannot_run "namespaces"
ns_addr a v1 10.0.12.1/24
ns_addr a v1 2001:12::a/64
ns_wait_settled a b || it_cannot_run "links did not come up"
A=$(ns_name a)

# The kernel's non-okapi routes of the main table, one prefix per line.
kernel_list()
{
	{
		ip -n "$A" -4 route show table main | grep -v ' proto bgp'
		ip -n "$A" -6 route show table main | grep -v ' proto bgp'
	} | awk '{ p = $1; if (p == "default") p = ""; print p }' | sort
}
# The mirror's, as fibtool prints it (prefix first; "default" folded).
mirror_list()
{
	local n
	n=$(ft_count ft '^end')
	ft ft mirror
	wait_for 5 ft_more ft '^end' "$n" || return 1
	awk -v n="$n" '/^end/ { e++; next } e == n && / table 254 / {
		p = $1; if (p == "0.0.0.0/0" || p == "::/0") p = ""; print p }' \
		"$OK_TMP/ft.stdout" | sort
}
mirror_equal() { [ "$(kernel_list | md5sum)" = "$(mirror_list | md5sum)" ]; }
stat_of() { ft_ask ft stats '^stats ' | tr ' ' '\n' | sed -n "s/^$1=//p"; }
stat_ge() { [ "$(stat_of "$1")" -ge "$2" ]; }
own_count() { ip -n "$A" route show proto bgp | wc -l; }

ft_start ft a -b 1 || it_cannot_run "fibtool did not start"
ft ft "peer p 10.0.12.2 ebgp" "converged" "bulk p 300 172.16.0.0 10.0.12.2"
ft_sync ft
check_eq "300 routes of okapi installed" 300 "$(own_count)"

# Burst 1: 3000 static routes, and 20 of okapi's deleted behind its back.
{
	for ((i = 0; i < 3000; i++)); do
		printf 'route add 10.%d.%d.0/24 via 10.0.12.2 proto static\n' $((100 + i / 256)) $((i % 256))
		if ((i % 150 == 0)); then
			printf 'route del 172.16.%d.0/24 proto bgp metric 20\n' $((i / 150))
		fi
	done
} >"$OK_TMP/burst1"
# The tool is frozen during the burst (a busy event loop), so that the
# kernel must drop notifications whatever the speed of this machine.
ns_signal ft STOP
ip -n "$A" -batch "$OK_TMP/burst1" || fail "burst 1 applied"
ns_signal ft CONT
check_within 5 "ENOBUFS seen and counted" stat_ge overruns 1
check_within 5 "a resync followed" stat_ge resyncs 1
check "fibtool still running" ns_running ft
check_within 10 "mirror equals the kernel after burst 1" mirror_equal
check_within 5 "okapi's routes deleted during the overrun are back (300)" \
	test "$(own_count)" = 300
check_match "the overrun is logged" 'kernel dropped netlink notifications' \
	"$(cat "$OK_TMP/ft.stdout")"
check_match "the resync (read in slices by the loop) is logged as done" \
	'resynchronised with the kernel' "$(cat "$OK_TMP/ft.stdout")"

# Burst 2: delete half, add IPv6 ones.
{
	for ((i = 0; i < 3000; i += 2)); do
		printf 'route del 10.%d.%d.0/24 via 10.0.12.2 proto static\n' $((100 + i / 256)) $((i % 256))
	done
	for ((i = 0; i < 1500; i++)); do
		printf 'route add 2001:db8:%x::/48 via 2001:12::b proto static\n' "$i"
	done
} >"$OK_TMP/burst2"
r0=$(stat_of resyncs)
ns_signal ft STOP
ip -n "$A" -batch "$OK_TMP/burst2" || fail "burst 2 applied"
ns_signal ft CONT
check_within 5 "another resync after burst 2" stat_ge resyncs $((r0 + 1))
check_within 10 "mirror equals the kernel after burst 2" mirror_equal
check_eq "mirror holds the 1500 IPv6 routes" 1500 "$(mirror_list | grep -c '^2001:db8:')"
check_eq "okapi's 300 routes intact" 300 "$(own_count)"

# Burst 3: an admin flushes the nexthop objects (the kernel takes okapi's
# routes with them, IPv4 without a word) amid another overrun: noticed,
# put back.
{
	for ((i = 1; i < 3000; i += 2)); do
		printf 'route del 10.%d.%d.0/24 via 10.0.12.2 proto static\n' $((100 + i / 256)) $((i % 256))
	done
	echo 'nexthop flush'
} >"$OK_TMP/burst3"
r0=$(stat_of resyncs)
ns_signal ft STOP
ip -n "$A" -batch "$OK_TMP/burst3" || fail "burst 3 applied"
ns_signal ft CONT
check_within 5 "a resync after burst 3" stat_ge resyncs $((r0 + 1))
check_within 10 "mirror equals the kernel after burst 3" mirror_equal
check_within 5 "okapi's routes removed with their nexthop objects are back (300)" \
	test "$(own_count)" = 300
ft_quit ft
it_end
