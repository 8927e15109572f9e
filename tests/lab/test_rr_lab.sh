#!/bin/bash
#
# test_rr_lab.sh: the route-reflector lab (etc/labs/rr.lab: AS 65000 with
# rr and its clients c1..c3, x1 in AS 65001 behind c1; hosts h1 behind
# x1, h2 behind c2, h3 behind c3; every link and session dual stack).
#	- every session (IPv4 and IPv6 transport) comes up;
#	- every client's RIB holds the other routers' prefixes of both
#	  families as best paths, the ones it did not learn over eBGP as
#	  internal paths reflected by rr (next hop rr, next-hop-self all);
#	- the per-prefix detail of a reflected path shows ORIGINATOR_ID (the
#	  originating client's router id, in "from PEER (ID)" and in
#	  "Originator: ID, Cluster list: 10.0.0.100 ") and rr's cluster id;
#	- on the wire (tcpdump while c3 and x1 reset their sessions): rr's
#	  UPDATEs to c3 carry ORIGINATOR_ID and CLUSTER_LIST, c1's to x1 not;
#	- a client holds no reflected copy of its own prefix (RFC 4456 8);
#	- x1 (eBGP) gets AS 65000's prefixes with AS path 65000 only;
#	- the kernel FIB of every router holds every remote prefix, IPv4 and
#	  IPv6, proto bgp metric 20 (IPv6 via the neighbour's link-local);
#	- the hosts reach each other over IPv4 and IPv6.
# Needs root; the lab is stopped by a trap.  Prints PASS/FAIL lines and
# "test_rr_lab: N passed, N failed".
NAME=test_rr_lab
# shellcheck source=lib/labtest.sh
. "$(dirname "$0")/lib/labtest.sh"

lab_begin rr rrl

V4=(10.201.0.0/24 10.202.0.0/24 10.203.0.0/24)
V6=(fd00:201::/64 fd00:202::/64 fd00:203::/64)
declare -A ORIG=([201]=x1 [202]=c2 [203]=c3)	# who announces LAN N
declare -A RID=([rr]=10.0.0.1 [c1]=10.0.0.11 [c2]=10.0.0.12 [c3]=10.0.0.13 [x1]=10.0.1.1)
declare -A RRADDR4=([c1]=10.11.0.1 [c2]=10.12.0.1 [c3]=10.13.0.1)
declare -A RRADDR6=([c1]=fd00:11::1 [c2]=fd00:12::1 [c3]=fd00:13::1)

# status PREFIX: the status column (first 3 characters) of PREFIX's row
# in a `show ip bgp` / `show ipv6 bgp` table on stdin.
status_of()
{
	awk -v p="$1" 'substr($0, 4, length(p) + 1) == p " " { print substr($0, 1, 3); exit }'
}

# client_rib_ok NODE FAM: NODE's table of FAM (4|6) holds the three LAN
# prefixes as best paths: its own as local (`*> `), x1's as eBGP on c1,
# every other one internal (`*>i`).  Prints what is wrong.
client_rib_ok()
{
	local node=$1 fam=$2 tab p n want got bad=""
	if [ "$fam" = 4 ]; then
		tab=$(lab_vty "$node" "show ip bgp")
		set -- "${V4[@]}"
	else
		tab=$(lab_vty "$node" "show ipv6 bgp")
		set -- "${V6[@]}"
	fi
	for p in "$@"; do
		n=${p#*:}; n=${n#10.}; n=${n%%[.:]*}	# 201, 202, 203
		if [ "${ORIG[$n]}" = "$node" ] || { [ "$node" = c1 ] && [ "$n" = 201 ]; }; then
			want="*> "
		else
			want="*>i"
		fi
		got=$(printf '%s\n' "$tab" | status_of "$p")
		[ "$got" = "$want" ] || bad="$bad $p:'$got'(want '$want')"
	done
	echo "$bad"
	[ -z "$bad" ]
}

for c in c1 c2 c3; do
	for fam in 4 6; do
		# Routes follow the sessions by up to MRAI (1 s iBGP, 3 s eBGP)
		# per hop: allow 20 s.
		if lab_poll 20 0.5 client_rib_ok "$c" "$fam" >/dev/null; then
			pass "$c IPv$fam RIB: every LAN prefix best, reflected ones internal"
		else
			fail "$c IPv$fam RIB: every LAN prefix best, reflected ones internal" \
				"$(client_rib_ok "$c" "$fam")"
		fi
	done
done

# The detail of a reflected path: PREFIX seen on NODE, originated (into
# AS 65000) by router ORIGIN.
reflected_detail()
{
	local node=$1 fam=$2 p=$3 det rr id=${RID[$4]}
	if [ "$fam" = 4 ]; then
		det=$(lab_vty "$node" "show bgp ipv4 unicast $p")
		rr=${RRADDR4[$node]}
	else
		det=$(lab_vty "$node" "show bgp ipv6 unicast $p")
		rr=${RRADDR6[$node]}
	fi
	if printf '%s\n' "$det" | grep -qxF "    $rr from $rr ($id)"; then
		pass "$node $p: reflected by rr ($rr), ORIGINATOR_ID $id in 'from $rr ($id)'"
	else
		fail "$node $p: reflected by rr ($rr), ORIGINATOR_ID $id in 'from $rr ($id)'"
		printf '%s\n' "$det" | sed 's/^/    /'
	fi
	# Quagga 1.2 (bgp_route.c route_vty_out_detail): each cluster id
	# followed by a blank.
	if printf '%s\n' "$det" | grep -qxF "      Originator: $id, Cluster list: 10.0.0.100 "; then
		pass "$node $p: 'Originator: $id, Cluster list: 10.0.0.100 '"
	else
		fail "$node $p: 'Originator: $id, Cluster list: 10.0.0.100 '" \
			"$(printf '%s\n' "$det" | grep -E 'Originator|Cluster|Origin ' | tr '\n' ' ')"
	fi
}
# x1's LAN entered AS 65000 at c1: c1's router id is the originator.
reflected_detail c3 4 10.201.0.0/24 c1
reflected_detail c3 6 fd00:201::/64 c1
reflected_detail c1 4 10.202.0.0/24 c2
reflected_detail c1 6 fd00:202::/64 c2
reflected_detail c2 4 10.203.0.0/24 c3
reflected_detail c2 6 fd00:203::/64 c3

# No reflected copy of a client's own prefix comes back to it.
det=$(lab_vty c2 "show bgp ipv4 unicast 10.202.0.0/24")
det6=$(lab_vty c2 "show bgp ipv6 unicast fd00:202::/64")
if printf '%s\n' "$det" "$det6" | grep -c '^Paths: (1 available, best #1' | grep -qx 2; then
	pass "c2: its own LAN has one path in each family (nothing reflected back)"
else
	fail "c2: its own LAN has one path in each family (nothing reflected back)"
	printf '%s\n' "$det" "$det6" | sed 's/^/    /'
fi

# x1 sees AS 65000's LANs over eBGP: AS path "65000 i", next hop c1.
x1_ok()
{
	local t4 t6
	t4=$(lab_vty x1 "show ip bgp")
	t6=$(lab_vty x1 "show ipv6 bgp")
	printf '%s\n' "$t4" | grep -qE '^\*> 10\.202\.0\.0/24 +10\.100\.0\.11 .* 65000 i$' &&
		printf '%s\n' "$t4" | grep -qE '^\*> 10\.203\.0\.0/24 +10\.100\.0\.11 .* 65000 i$' &&
		printf '%s\n' "$t6" | grep -qE '^\*> fd00:202::/64 +fd00:100::11 .* 65000 i$' &&
		printf '%s\n' "$t6" | grep -qE '^\*> fd00:203::/64 +fd00:100::11 .* 65000 i$'
}
if lab_poll 10 0.5 x1_ok; then
	pass "x1: AS 65000's LANs (both families) via c1 with AS path '65000 i'"
else
	fail "x1: AS 65000's LANs (both families) via c1 with AS path '65000 i'"
	lab_vty x1 "show ip bgp" | sed 's/^/    /'
	lab_vty x1 "show ipv6 bgp" | sed 's/^/    /'
fi

# ---- ORIGINATOR_ID and CLUSTER_LIST on the wire ----
# c3 and x1 each reset their sessions (clear ip bgp) while tcpdump
# listens on their links: rr's UPDATEs to c3 carry ORIGINATOR_ID (the
# client that brought the route in) and CLUSTER_LIST 10.0.0.100; c1's
# UPDATEs to x1 (eBGP) carry neither (RFC 4456 8).
if command -v tcpdump >/dev/null; then
	declare -A CAP
	for n in c3 x1; do
		ip netns exec "$(ns "$n")" tcpdump --immediate-mode -i "$n-eth0" -U -s 0 -w "$WORK/$n.pcap" \
			'tcp port 179' >/dev/null 2>&1 &
		CAP[$n]=$!
	done
	cap_ready() { [ "$(stat -c %s "$WORK/c3.pcap" 2>/dev/null || echo 0)" -ge 24 ] &&
		[ "$(stat -c %s "$WORK/x1.pcap" 2>/dev/null || echo 0)" -ge 24 ]; }
	lab_poll 5 0.1 cap_ready
	sleep 0.3
	ip netns exec "$(ns c3)" "$LT_PY" "$LT_HERE/lib/vty.py" ::1 enable \
		"clear ip bgp 10.13.0.1" "clear ip bgp fd00:13::1" >/dev/null
	ip netns exec "$(ns x1)" "$LT_PY" "$LT_HERE/lib/vty.py" ::1 enable \
		"clear ip bgp 10.100.0.11" "clear ip bgp fd00:100::11" >/dev/null
	sleep 1
	lab_poll 20 0.5 client_rib_ok c3 4 >/dev/null
	lab_poll 10 0.5 client_rib_ok c3 6 >/dev/null
	lab_poll 10 0.5 x1_ok
	sleep 1
	for n in c3 x1; do
		kill "${CAP[$n]}" 2>/dev/null
		wait "${CAP[$n]}" 2>/dev/null
	done
	d3=$(tcpdump -r "$WORK/c3.pcap" -vv 2>/dev/null)
	dx=$(tcpdump -r "$WORK/x1.pcap" -vv 2>/dev/null)
	o11=$(printf '%s\n' "$d3" | grep -c 'Originator ID (9), length: 4, Flags \[O\]: 10\.0\.0\.11$')
	o12=$(printf '%s\n' "$d3" | grep -c 'Originator ID (9), length: 4, Flags \[O\]: 10\.0\.0\.12$')
	cl=$(printf '%s\n' "$d3" | grep -c 'Cluster List (10), length: 4, Flags \[O\]: 10\.0\.0\.100$')
	if [ "$o11" -ge 2 ] && [ "$o12" -ge 2 ] && [ "$cl" -ge 4 ]; then
		pass "wire, rr -> c3: ORIGINATOR_ID 10.0.0.11 (x1's LANs) and 10.0.0.12 (c2's) in both families, CLUSTER_LIST 10.0.0.100"
	else
		fail "wire, rr -> c3: ORIGINATOR_ID and CLUSTER_LIST" \
			"originator 10.0.0.11: $o11, 10.0.0.12: $o12, cluster list 10.0.0.100: $cl (want 2, 2, 4)"
	fi
	nupd=$(printf '%s\n' "$dx" | grep -c 'Update Message (2)')
	if [ "$nupd" -ge 2 ] && ! printf '%s\n' "$dx" | grep -qE 'Originator ID|Cluster List'; then
		pass "wire, c1 -> x1 (eBGP): $nupd UPDATEs, no ORIGINATOR_ID or CLUSTER_LIST"
	else
		fail "wire, c1 -> x1 (eBGP): UPDATEs without ORIGINATOR_ID or CLUSTER_LIST" \
			"$nupd UPDATEs; $(printf '%s\n' "$dx" | grep -cE 'Originator ID|Cluster List') reflection attributes"
	fi
else
	echo "SKIP $NAME: ORIGINATOR_ID/CLUSTER_LIST on the wire: no tcpdump (apt-get install tcpdump)"
fi

# ---- the kernel FIB of every router ----
# fib_ok NODE: every LAN prefix NODE did not originate is in its kernel,
# proto bgp metric 20; IPv6 via a link-local next hop.  Prints what is
# missing.
fib_ok()
{
	local node=$1 p n bad="" l
	for p in "${V4[@]}" "${V6[@]}"; do
		n=${p#*:}; n=${n#10.}; n=${n%%[.:]*}
		[ "${ORIG[$n]}" = "$node" ] && continue
		case $p in
		*:*) l=$(ip -n "$(ns "$node")" -6 route show "$p" proto bgp 2>/dev/null)
			printf '%s\n' "$l" | grep -qE "^$p (nhid [0-9]+ )?via fe80::[0-9a-f:]+ dev $node-eth[0-9]+ .*metric 20( |\$)" ||
				bad="$bad $p" ;;
		*) l=$(ip -n "$(ns "$node")" route show "$p" proto bgp 2>/dev/null)
			printf '%s\n' "$l" | grep -qE "^$p (nhid [0-9]+ )?via [0-9.]+ dev $node-eth[0-9]+ .*metric 20( |\$)" ||
				bad="$bad $p" ;;
		esac
	done
	echo "$bad"
	[ -z "$bad" ]
}
for r in rr c1 c2 c3 x1; do
	if lab_poll 5 0.25 fib_ok "$r" >/dev/null; then
		pass "$r kernel FIB: every remote LAN (IPv4 and IPv6) proto bgp metric 20"
	else
		fail "$r kernel FIB: every remote LAN (IPv4 and IPv6) proto bgp metric 20" \
			"missing:$(fib_ok "$r")"
		ip -n "$(ns "$r")" route show proto bgp | sed 's/^/    /'
		ip -n "$(ns "$r")" -6 route show proto bgp | sed 's/^/    /'
	fi
done
# c3 reaches x1's LAN through rr (next-hop-self all on the reflection).
if ip -n "$(ns c3)" route show 10.201.0.0/24 proto bgp | grep -q 'via 10\.13\.0\.1 dev c3-eth0'; then
	pass "c3 kernel FIB: 10.201.0.0/24 via rr (10.13.0.1)"
else
	fail "c3 kernel FIB: 10.201.0.0/24 via rr (10.13.0.1)" \
		"$(ip -n "$(ns c3)" route show 10.201.0.0/24)"
fi

# ---- traffic ----
declare -A H4=([h1]=10.201.0.10 [h2]=10.202.0.10 [h3]=10.203.0.10)
declare -A H6=([h1]=fd00:201::10 [h2]=fd00:202::10 [h3]=fd00:203::10)
reach_all()
{
	local a b bad=""
	for a in h1 h2 h3; do
		for b in h1 h2 h3; do
			[ "$a" = "$b" ] && continue
			ip netns exec "$(ns "$a")" ping -4 -c 1 -W 1 "${H4[$b]}" >/dev/null 2>&1 ||
				bad="$bad $a->$b(v4)"
			ip netns exec "$(ns "$a")" ping -6 -c 1 -W 1 "${H6[$b]}" >/dev/null 2>&1 ||
				bad="$bad $a->$b(v6)"
		done
	done
	echo "$bad"
	[ -z "$bad" ]
}
if lab_poll 5 0.5 reach_all >/dev/null; then
	pass "every host reaches every other host over IPv4 and IPv6"
else
	fail "every host reaches every other host over IPv4 and IPv6" "unreachable:$(reach_all)"
fi

lab_end
