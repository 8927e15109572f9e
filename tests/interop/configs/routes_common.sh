# shellcheck shell=bash
#
# Helpers shared by the route-exchange interop tests
# (tests/interop/test_routes_*.sh): reading one prefix's attributes from
# FRR (JSON over its vty socket), BIRD (`show route ... all`) and okapi
# (its vty), and changing routes at the source.  Sourced after lib.sh.

# frr_rt LABEL AFI PREFIX EXPR: evaluate a Python expression over FRR's
# best path for PREFIX (`show bgp AFI unicast PREFIX json`; the path is
# bound to p, the whole document to d) and print it.  Fails (prints
# nothing) if the prefix or the expression is missing.
frr_rt()
{
	frr_vtysh "$1" "show bgp $2 unicast $3 json" |
		"$OK_PYTHON" -c '
import json, sys
try:
    d = json.load(sys.stdin)
    ps = d["paths"]
    p = [x for x in ps if x.get("bestpath", {}).get("overall")] or ps
    p = p[0]
    v = eval(sys.argv[1], {"p": p, "d": d})
except Exception:
    sys.exit(1)
print(v)' "$4"
}

# frr_has LABEL AFI PREFIX: FRR has a path for PREFIX.
frr_has()
{
	frr_rt "$1" "$2" "$3" 'len(d["paths"])' >/dev/null
}

# frr_lacks LABEL AFI PREFIX
frr_lacks()
{
	! frr_has "$@"
}

# frr_attrs LABEL AFI PREFIX: one line "path=.. nh=.. med=.. lp=.. comm=..
# lcomm=.. orig=.. cl=.." of FRR's best path, "-" for a missing one.
frr_attrs()
{
	frr_rt "$1" "$2" "$3" '" ".join([
 "path=" + (p.get("aspath", {}).get("string") or "-").replace(" ", "_"),
 "nh=" + ",".join(n["ip"] + ("(ll)" if n.get("scope") == "link-local" else "") for n in p.get("nexthops", [])),
 "med=" + str(p.get("metric", "-")),
 "lp=" + str(p.get("locPrf", p.get("localpref", "-"))),
 "comm=" + (p.get("community", {}).get("string") or "-").replace(" ", ","),
 "lcomm=" + (p.get("largeCommunity", {}).get("string") or "-").replace(" ", ","),
 "orig=" + str(p.get("originatorId", "-")),
 "cl=" + ",".join(p.get("clusterList", {}).get("list", [])),
 "from=" + str(p.get("peer", {}).get("peerId", "-"))])'
}

# bird_rt LABEL PREFIX: `show route PREFIX all` (BIRD 2), every table.
bird_rt()
{
	birdc_cmd "$1" show route "$2" all
}

# bird_has LABEL PREFIX: BIRD has a route for exactly PREFIX.
bird_has()
{
	bird_rt "$1" "$2" | grep -qE "^${2//./\\.}[[:space:]]"
}

bird_lacks()
{
	! bird_has "$@"
}

# bird_attr LABEL PREFIX NAME: the value of BGP.NAME on PREFIX (first
# route), "-" if the attribute is absent; fails if the route is missing.
bird_attr()
{
	local out
	out=$(bird_rt "$1" "$2")
	grep -qE "^${2//./\\.}[[:space:]]" <<<"$out" || return 1
	awk -v k="BGP.$3:" '$1 == k { $1 = ""; sub(/^ /, ""); print; f = 1; exit }
		END { if (!f) print "-" }' <<<"$out"
}

# okapi_rt NS AFI PREFIX: okapi's detail of PREFIX (`show ip bgp P` or
# `show ipv6 bgp P`) through its vty.
okapi_rt()
{
	local cmd="show ip bgp $3"
	[ "$2" = ipv6 ] && cmd="show ipv6 bgp $3"
	okapi_vty "$1" "$cmd" 2>/dev/null
}

# okapi_has NS AFI PREFIX: okapi's table holds PREFIX (a best path).
okapi_has()
{
	okapi_rt "$@" | grep -q ', best'
}

okapi_lacks()
{
	! okapi_rt "$@" | grep -q ', best'
}

# frr_conf LABEL CMD...: configuration commands on a running FRR bgpd
# (each CMD one line after "configure terminal").
frr_conf()
{
	local label=$1 c a=()
	shift
	for c in "configure terminal" "$@"; do
		a+=(-c "$c")
	done
	"$FRR_VTYSH" --vty_socket "$OK_TMP/$label.vty" -d bgpd "${a[@]}" >/dev/null 2>&1
}

# frr_eor LABEL ADDR AFI: FRR received End-of-RIB from ADDR for AFI
# (ipv4Unicast / ipv6Unicast in the graceful-restart section).
frr_eor()
{
	local v
	v=$(frr_nbr "$1" "$2" "n[\"gracefulRestartInfo\"][\"$3\"][\"endOfRibStatus\"][\"endOfRibRecv\"]") || return 1
	[ "$v" = True ]
}

# frr_notif LABEL ADDR: "reset reason / notification reason" of ADDR.
frr_notif()
{
	frr_nbr "$1" "$2" 'n.get("lastResetDueTo", "") + " / " + n.get("lastNotificationReason", "")'
}

# bird_last_error LABEL PROTO
bird_last_error()
{
	bird_proto "$1" "$2" | sed -n 's/^ *Last error: *//p'
}

# okapi_eor_rcvd NS ADDR AFI: okapi's neighbor view says End-of-RIB was
# received from ADDR for AFI ("IPv4 Unicast" / "IPv6 Unicast").
okapi_eor_rcvd()
{
	okapi_vty "$1" "show ip bgp neighbors $2" 2>/dev/null |
		grep -E 'End-of-RIB received' | grep -qF "$3"
}

# check_attr DESC ERE CMD...: run CMD and check its output against ERE.
check_attr()
{
	local desc=$1 re=$2 out
	shift 2
	out=$("$@" 2>/dev/null)
	check_match "$desc" "$re" "$out"
}

# it_hold: for debugging a test by hand, OK_HOLD=SECONDS keeps the
# namespaces and daemons up that long at the point of the call (the
# temp dir is named on stderr).  Never set in CI.
it_hold()
{
	[ -n "${OK_HOLD:-}" ] || return 0
	ns_log "OK_HOLD: holding $OK_HOLD s; tmp $OK_TMP, namespaces $OK_PREFIX*"
	sleep "$OK_HOLD"
}

# frrz_start LABEL NS: FRR as a router, bgpd + zebra (issue 6: "FRR 8.4
# (bgpd + zebra)"), unlike daemons.sh's frr_start (bgpd -Z).  zebra gives
# bgpd the interfaces (needed for a link-local IPv6 next hop) and real
# next-hop tracking, and installs FRR's best paths in the namespace's
# kernel table.  Both run as root (-u root -g root), share a private
# zserv socket and vty socket dir, and are tracked by ns_spawn.
frrz_start()
{
	local label=$1 ns=$2
	mkdir -p "$OK_TMP/$label.vty"
	: >"$OK_TMP/$label.zebra.conf"
	ns_spawn "$label-zebra" "$ns" /usr/lib/frr/zebra \
		-f "$OK_TMP/$label.zebra.conf" -i "$OK_TMP/$label.zebra.pid" \
		-z "$OK_TMP/$label.zserv" -u root -g root \
		--vty_socket "$OK_TMP/$label.vty" -P 0 \
		--log "file:$OK_TMP/$label.zebra.log"
	wait_for 5 test -S "$OK_TMP/$label.zserv" ||
		ns_log "zebra of $label: no zserv socket after 5 s"
	ns_spawn "$label" "$ns" "$FRR_BGPD" -f "$OK_TMP/$label.conf" \
		-i "$OK_TMP/$label.pid" -z "$OK_TMP/$label.zserv" \
		-u root -g root --vty_socket "$OK_TMP/$label.vty" \
		-P 0 -p 179 --log "file:$OK_TMP/$label.log"
}

# lan_setup SW NODE...: a LAN: namespace SW holds a bridge br0, each NODE
# (a new namespace) gets interface e0 on it with 10.0.0.<i+1>/24, i its
# position (the first NODE is 10.0.0.1).
lan_setup()
{
	local sw=$1 n i=1
	shift
	ns_add "$sw" || return 1
	ns_exec "$sw" ip link add br0 type bridge || return 1
	ns_exec "$sw" ip link set br0 up || return 1
	for n in "$@"; do
		ns_add "$n" && ns_link "$sw" "p$i" "$n" e0 &&
			ns_exec "$sw" ip link set "p$i" master br0 &&
			ns_addr "$n" e0 "10.0.0.$i/24" || return 1
		i=$((i + 1))
	done
	ns_wait_settled "$sw" "$@"
}

# frr_updates_rcvd LABEL ADDR: UPDATE messages FRR received from ADDR.
frr_updates_rcvd()
{
	frr_nbr "$1" "$2" 'n["messageStats"]["updatesRecv"]'
}

# frr_updates_grew LABEL ADDR N: FRR received more than N UPDATEs.
frr_updates_grew()
{
	local v
	v=$(frr_updates_rcvd "$1" "$2") || return 1
	[ "$v" -gt "$3" ]
}

# bird_import_updates LABEL PROTO: route updates BIRD's channel received
# ("Import updates:" first column).
bird_import_updates()
{
	bird_proto "$1" "$2" | awk '/Import updates:/ { print $3; exit }'
}

# bird_imports_grew LABEL PROTO N: BIRD received at least N route updates.
bird_imports_grew()
{
	local v
	v=$(bird_import_updates "$1" "$2")
	[ -n "$v" ] && [ "$v" -ge "$3" ]
}
