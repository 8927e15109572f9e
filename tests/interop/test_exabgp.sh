#!/bin/bash
#
# okapi against ExaBGP 4.2 (Debian exabgp, run with /usr/bin/python3),
# driven through its process API (tests/interop/configs/exabgp_api.py:
# commands in through a pipe, ExaBGP's JSON `receive` messages out to a
# file, read back by exabgp_rib.py).  One okapi, one ExaBGP with four
# sessions, each from its own address:
#
#	a (okapi, AS 4200000001)  10.0.1.1, 2001:db8:1::1
#	  |
#	x (ExaBGP)  10.0.1.2, 2001:db8:1::2: eBGP, AS 4200000002
#	            10.0.1.3, 2001:db8:1::3: iBGP, AS 4200000001
#
# Sessions over IPv4 transport carry IPv4 unicast, over IPv6 transport
# IPv4 and IPv6 unicast (Quagga's default activation).  Both ASNs are
# above 65535 (RFC 6793).
#
# Checks, on both sides:
#  1. sessions Established; capabilities (MP per family, 4-byte AS, route
#     refresh) as okapi shows them; the 4-byte ASNs;
#  2. End-of-RIB both ways (ExaBGP's JSON; okapi's `show bgp neighbors`,
#     ExaBGP advertising graceful restart);
#  3. routes both ways, both families, IPv4 over the IPv6 session too,
#     attributes checked where they arrive: ExaBGP -> okapi (detail view:
#     AS path, next hop, MED, LOCAL_PREF, origin), okapi -> ExaBGP (own
#     routes and re-advertised ones: AS path, next hop incl. Quagga's
#     third-party next hop and the IPv6 link-local on a shared link, MED,
#     LOCAL_PREF on iBGP only, communities, large communities, NO_EXPORT);
#  4. route refresh: ExaBGP sends ROUTE-REFRESH (IPv4 and IPv6), okapi
#     counts it and re-sends its table; okapi's `clear ip bgp X soft in`
#     toward ExaBGP once okapi implements it (else a loud SKIP line);
#  5. withdrawals both ways (ExaBGP's withdraw; a `network` removed from
#     okapi's config by SIGHUP), passed on to the other sessions;
#  6. a session reset while routes are flowing: ExaBGP announces 3000
#     routes (one UPDATE each), okapi clears the session in
#     the middle; ExaBGP reconnects and re-sends; okapi converges to the
#     right count, re-advertises exactly that to the iBGP ExaBGP, and the
#     session stays up;
#  7. SIGTERM: okapi exits within 2 s and ExaBGP receives a Cease
#     NOTIFICATION on every session.
# Run alone: bash test_exabgp.sh (root; OKAPI_BUILD or OKAPI_BGPD).

# Word splitting of "set -- $s" is intended (space-separated tuples).
# shellcheck disable=SC2086,SC2015
IT_HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
. "$IT_HERE/lib.sh"
# shellcheck source=../lab/lib/daemons_extra.sh
. "$IT_HERE/../lab/lib/daemons_extra.sh"

it_begin exabgp
it_need_okapi
it_need_cmd "$EXABGP_PYTHON" "$EXABGP_BIN" "$OK_PYTHON"
OKAPI_CLI=$(dirname "$(okapi_find)")/okapi-cli
[ -x "$OKAPI_CLI" ] || it_cannot_run "no okapi-cli next to $(okapi_find)"

AS_OK=4200000001
AS_E=4200000002
A4=10.0.1.1 A6=2001:db8:1::1
E4=10.0.1.2 E6=2001:db8:1::2 I4=10.0.1.3 I6=2001:db8:1::3
NFLOOD=3000

ns_add a && ns_add x && ns_link a vX x vA &&
	ns_addr a vX $A4/24 && ns_addr a vX $A6/64 &&
	ns_addr x vA $E4/24 && ns_addr x vA $I4/24 &&
	ns_addr x vA $E6/64 && ns_addr x vA $I6/64 &&
	ns_wait_settled a x || it_cannot_run "namespace setup failed"

# ---- configs --------------------------------------------------------------

# okapi_conf [nov6net]: as in test_gobgp.sh.
okapi_conf()
{
	local n
	cat <<EOF
hostname okapi
password zebra
log file $OK_TMP/okapi.log
!
router bgp $AS_OK
 bgp router-id 10.0.0.1
EOF
	for n in $E4 $E6 $I4 $I6; do
		case $n in "$E4" | "$E6") echo " neighbor $n remote-as $AS_E" ;;
		*) echo " neighbor $n remote-as $AS_OK" ;; esac
		echo " neighbor $n timers connect 1"
		echo " neighbor $n advertisement-interval 0"
	done
	cat <<EOF
 network 203.0.113.0/24 route-map o4
 network 192.0.2.0/24 route-map noexp
 address-family ipv6 unicast
EOF
	[ "${1:-}" = nov6net ] || echo "  network 2001:db8:f00::/48 route-map o6"
	cat <<EOF
  neighbor $E6 activate
  neighbor $I6 activate
 exit-address-family
!
route-map o4 permit 10
 set metric 40
 set local-preference 140
 set community 4200:4
 set large-community 4200000001:4:4
!
route-map noexp permit 10
 set community 4200:9 no-export
!
route-map o6 permit 10
 set metric 66
 set local-preference 160
 set community 4200:6
 set large-community 4200000001:6:6
!
EOF
}

# ExaBGP: one neighbor block per session.  The eBGP IPv4 session sends one
# UPDATE per route (group-updates false), so that the 3000-route flood of
# step 6 takes about 1.5 s and a reset can land in its middle.
exa_nbr()
{
	local peer=$1 local=$2 las=$3 fams=$4 extra=${5:-}
	cat <<EOF
neighbor $peer {
	inherit common;
	local-address $local;
	local-as $las;
	peer-as $AS_OK;
	family { $fams }
$extra}
EOF
}
exa_conf()
{
	exabgp_process_block exa
	cat <<EOF
template {
	neighbor common {
		router-id 10.0.1.2;
		hold-time 30;
		adj-rib-out true;
		capability { route-refresh; asn4 enable; graceful-restart 120; }
		api {
			processes [ api ];
			neighbor-changes;
			receive { parsed; update; notification; refresh; }
		}
	}
}
EOF
	exa_nbr $A4 $E4 $AS_E "ipv4 unicast;" \
		$'\tgroup-updates false;\n'
	exa_nbr $A6 $E6 $AS_E "ipv4 unicast; ipv6 unicast;"
	exa_nbr $A4 $I4 $AS_OK "ipv4 unicast;"
	exa_nbr $A6 $I6 $AS_OK "ipv4 unicast; ipv6 unicast;"
}

okapi_conf >"$OK_TMP/okapi.conf"
exa_conf >"$OK_TMP/exa.exa"

# ---- queries ------------------------------------------------------------------

vty()
{
	"$OKAPI_CLI" -s "$OK_TMP/okapi.vty" "$@" 2>&1
}

# okapi_route PREFIX: the detail view joined into one line.
okapi_route()
{
	case $1 in
	*:*) vty -c "show bgp ipv6 $1" ;;
	*) vty -c "show ip bgp $1" ;;
	esac | tr -s '\n ' '  '
}

okapi_has()
{
	okapi_route "$1" | grep -qE -- "$2"
}

okapi_lacks()
{
	okapi_route "$1" | grep -q 'Network not in table'
}

# pfx_rcvd NBR: okapi's accepted prefix count from NBR (IPv4 unicast).
pfx_rcvd()
{
	vty -c "show bgp ipv4 unicast summary json" | "$OK_PYTHON" -c '
import json, sys
try:
    print(json.load(sys.stdin)["ipv4Unicast"]["peers"][sys.argv[1]]["pfxRcd"])
except Exception:
    print(-1)' "$1"
}

# exa_rib LOCAL PREFIX: ExaBGP's summary line for PREFIX on session LOCAL.
exa_rib()
{
	exabgp_q exa rib "$1" "$2"
}

exa_has()
{
	exa_rib "$1" "$2" | grep -qE -- "$3"
}

exa_lacks()
{
	[ -z "$(exa_rib "$1" "$2")" ]
}

# exa LOCAL CMD...: an API command for the session from LOCAL.
exa()
{
	local l=$1 peer=$A4
	shift
	case $l in *:*) peer=$A6 ;; esac
	exabgp_cmd exa "neighbor $peer local-ip $l $*"
}

okapi_rr_rcvd()
{
	vty -c "show bgp neighbors $1" | awk '/Route Refresh:/ { print $4; exit }'
}

# ---- 1. sessions and capabilities -------------------------------------------

okapi_start okapi a
exabgp_start exa x
exa_ups()
{
	local l
	for l in $E4 $E6 $I4 $I6; do
		[ "$(exabgp_q exa ups $l)" -ge 1 ] || return 1
	done
}
okapi_ests()
{
	okapi_established okapi $E4 && okapi_established okapi $E6 &&
		okapi_established okapi $I4 && okapi_established okapi $I6
}
if ! check_within 20 "all four sessions Up in okapi's log" okapi_ests ||
	! check_within 5 "all four sessions up in ExaBGP's JSON" exa_ups; then
	it_excerpt "$OK_TMP/okapi.log" 20
	it_excerpt "$OK_TMP/exa.stdout" 20
	it_end
fi

for s in "$E4 $AS_E IPv4" "$E6 $AS_E IPv4 IPv6" "$I4 $AS_OK IPv4" "$I6 $AS_OK IPv4 IPv6"; do
	set -- $s
	out=$(vty -c "show bgp neighbors $1")
	check_match "okapi sees $1 as AS $2" "remote AS $2, local AS $AS_OK" "$out"
	check_match "okapi/$1: 4 Byte AS advertised and received" \
		'4 Byte AS: advertised and received' "$out"
	check_match "okapi/$1: route refresh advertised and received" \
		'Route refresh: advertised and received' "$out"
	n=$1
	shift 2
	for af in "$@"; do
		check_match "okapi/$n: $af Unicast advertised and received" \
			"Address family $af Unicast: advertised and received" "$out"
	done
done

# ---- 2. End-of-RIB ---------------------------------------------------------------

for s in "$E4 ipv4 unicast" "$E6 ipv4 unicast,ipv6 unicast" \
	"$I4 ipv4 unicast" "$I6 ipv4 unicast,ipv6 unicast"; do
	l=${s%% *}
	eor_is() { [ "$(exabgp_q exa eor "$1")" = "$2" ]; }
	check_within 5 "ExaBGP received okapi's End-of-RIB on $l (${s#* })" \
		eor_is "$l" "${s#* }"
done
for s in "$E4 IPv4 Unicast" "$E6 IPv4 Unicast, IPv6 Unicast" \
	"$I4 IPv4 Unicast" "$I6 IPv4 Unicast, IPv6 Unicast"; do
	n=${s%% *}
	eor_rcvd() {
		vty -c "show bgp neighbors $1" | grep -qE "End-of-RIB received: $2\$"
	}
	check_within 5 "okapi received ExaBGP's End-of-RIB from $n (${s#* })" \
		eor_rcvd "$n" "${s#* }"
done

# ---- 3. routes both ways -------------------------------------------------------

exa $E4 "announce route 198.51.100.0/24 next-hop self origin igp" \
	"as-path [$AS_E 65100] med 50 community [65000:1]" \
	"large-community [$AS_E:1:2]"
exa $E6 "announce route 2001:db8:100::/48 next-hop self origin igp" \
	"as-path [$AS_E 65100] med 60 community [65000:6]" \
	"large-community [$AS_E:6:6]"
# IPv4 over the IPv6 session, with an IPv4 next hop.
exa $E6 "announce route 198.51.101.0/24 next-hop $E4 origin igp" \
	"as-path [$AS_E 65101] med 51 community [65000:11]"
exa $I4 "announce route 198.51.102.0/24 next-hop self origin egp med 52" \
	"local-preference 200 community [65000:2] large-community [$AS_OK:2:2]"
exa $I6 "announce route 2001:db8:102::/48 next-hop self origin incomplete" \
	"med 62 local-preference 260 community [65000:62]" \
	"large-community [$AS_OK:62:62]"

# An empty AS path is "Local" in Quagga 1.2's detail view; okapi prints an
# empty line for a learned one (reported, see test_gobgp.sh).
LOCAL='(Local )?'
check_within 10 "okapi: 198.51.100.0/24 from eBGP ExaBGP: path $AS_E 65100, next hop $E4, MED 50, origin IGP, external, best" \
	okapi_has 198.51.100.0/24 "$AS_E 65100 $E4 from $E4 \(10\.0\.1\.2\) Origin IGP, metric 50, localpref 100, valid, external, best"
check_within 10 "okapi: 2001:db8:100::/48 from eBGP ExaBGP over IPv6: next hop $E6, MED 60" \
	okapi_has 2001:db8:100::/48 "$AS_E 65100 $E6 from $E6 \(10\.0\.1\.2\) Origin IGP, metric 60, localpref 100, valid, external, best"
check_within 10 "okapi: 198.51.101.0/24 (IPv4 over the IPv6 session): next hop $E4, from $E6, MED 51" \
	okapi_has 198.51.101.0/24 "$AS_E 65101 $E4 from $E6 \(10\.0\.1\.2\) Origin IGP, metric 51, localpref 100, valid, external, best"
check_within 10 "okapi: 198.51.102.0/24 from iBGP ExaBGP: empty path, next hop $I4, MED 52, LOCAL_PREF 200, origin EGP, internal, best" \
	okapi_has 198.51.102.0/24 "$LOCAL$I4 from $I4 \(10\.0\.1\.2\) Origin EGP, metric 52, localpref 200, valid, internal, best"
check_within 10 "okapi: 2001:db8:102::/48 from iBGP ExaBGP over IPv6: next hop $I6, MED 62, LOCAL_PREF 260, origin incomplete" \
	okapi_has 2001:db8:102::/48 "$LOCAL$I6 from $I6 \(10\.0\.1\.2\) Origin incomplete, metric 62, localpref 260, valid, internal, best"

# Quagga 1.2's detail view (shared reference quagga-vty.md section 5):
# "Local" for an empty AS path, and the Community / Large Community lines.
known_bug "okapi's detail view: an iBGP path with an empty AS path shows as 'Local'" \
	"vty/show_route.c detail_path prints 'Local' only for locally originated paths, an empty line for a learned empty path (Quagga: aspath_count_hops() == 0)" \
	okapi_has 198.51.102.0/24 "Local $I4 from $I4 "
known_bug "okapi's detail view: 'Community: 65000:1' and 'Large Community: $AS_E:1:2' lines" \
	"vty/show_route.c detail_path prints no Community, Extended Community, Large Community, Originator/Cluster list lines nor ', (aggregated by AS ADDR)'" \
	okapi_has 198.51.100.0/24 "Community: 65000:1 .*Large Community: $AS_E:1:2 "

# okapi -> ExaBGP, as ExaBGP's JSON shows it (exabgp_rib.py's summary).
EXP=(
	# eBGP: AS prepended, MED only where okapi's policy set it, no
	# LOCAL_PREF; Quagga's third-party next hop: an iBGP route whose
	# next hop is on the eBGP peer's subnet keeps it (RFC 4271 5.1.3).
	"$E4 203.0.113.0/24|aspath=$AS_OK nh=$A4 ll=no med=40 lp=- comm=4200:4 lcomm=4200000001:4:4 origin=i"
	"$E4 198.51.102.0/24|aspath=$AS_OK nh=$I4 ll=no med=- lp=- comm=65000:2 lcomm=4200000001:2:2 origin=e"
	# IPv4 over the IPv6 session: okapi's IPv4 next hop.
	"$E6 203.0.113.0/24|aspath=$AS_OK nh=$A4 ll=no med=40 lp=- comm=4200:4 lcomm=4200000001:4:4 origin=i"
	# IPv6 on a shared link: global next hop self plus link-local.
	"$E6 2001:db8:f00::/48|aspath=$AS_OK nh=$A6 ll=yes med=66 lp=- comm=4200:6 lcomm=4200000001:6:6 origin=i"
	"$E6 2001:db8:102::/48|aspath=$AS_OK nh=$A6 ll=yes med=- lp=- comm=65000:62 lcomm=4200000001:62:62 origin=\\?"
	# iBGP: no prepend, LOCAL_PREF, next hop and MED of eBGP routes kept;
	# IPv6: our link-local only with our own routes (Quagga's
	# bgp_announce_check: shared network and self-originated or eBGP).
	"$I4 203.0.113.0/24|aspath= nh=$A4 ll=no med=40 lp=140 comm=4200:4 lcomm=4200000001:4:4 origin=i"
	"$I4 198.51.100.0/24|aspath=$AS_E 65100 nh=$E4 ll=no med=50 lp=100 comm=65000:1 lcomm=4200000002:1:2 origin=i"
	"$I4 198.51.101.0/24|aspath=$AS_E 65101 nh=$E4 ll=no med=51 lp=100 comm=65000:11 lcomm=- origin=i"
	"$I4 192.0.2.0/24|aspath= nh=$A4 ll=no med=0 lp=100 comm=4200:9,65535:65281 lcomm=- origin=i"
	"$I6 2001:db8:f00::/48|aspath= nh=$A6 ll=yes med=66 lp=160 comm=4200:6 lcomm=4200000001:6:6 origin=i"
	"$I6 2001:db8:100::/48|aspath=$AS_E 65100 nh=$E6 ll=no med=60 lp=100 comm=65000:6 lcomm=4200000002:6:6 origin=i"
)
for x in "${EXP[@]}"; do
	set -- ${x%%|*}
	want="^$2 ${x#*|}\$"
	if wait_for 10 exa_has "$1" "$2" "$want"; then
		pass "ExaBGP via $1 received $2 ${x#*|}"
	else
		fail "ExaBGP via $1 received $2 ${x#*|}" "got '$(exa_rib "$1" "$2")'"
	fi
done
no_export_kept() { exa_lacks $E4 192.0.2.0/24 && exa_lacks $E6 192.0.2.0/24; }
check "NO_EXPORT: 192.0.2.0/24 not sent to the eBGP sessions" no_export_kept
check "iBGP routes not sent to iBGP (no reflection): $I6 lacks 198.51.102.0/24" \
	exa_lacks $I6 198.51.102.0/24
check "a route is not sent back to its sender: $E4 lacks 198.51.100.0/24" \
	exa_lacks $E4 198.51.100.0/24

# ---- 4. route refresh ---------------------------------------------------------

for s in "$E4 $A4 ipv4 203.0.113.0/24" "$E6 $A6 ipv6 2001:db8:f00::/48"; do
	set -- $s
	r0=$(okapi_rr_rcvd $1)
	c0=$(exabgp_q exa announced $1 $4)
	exa $1 "announce route-refresh $3 unicast"
	rr_counted() { [ "$(okapi_rr_rcvd "$1")" -gt "$2" ]; }
	check_within 5 "ExaBGP's ROUTE-REFRESH ($3) counted by okapi on $1 (was $r0)" \
		rr_counted $1 "$r0"
	resent() { [ "$(exabgp_q exa announced "$1" "$2")" -gt "$3" ]; }
	check_within 5 "okapi re-sends $4 to $1 after the refresh (announced $c0 times before)" \
		resent $1 $4 "$c0"
done
check_eq "no End-of-RIB or session change from the refreshes: ExaBGP ups on $E4" 1 \
	"$(exabgp_q exa ups $E4)"

soft=$(vty -c "clear ip bgp $E4 soft in")
if printf '%s' "$soft" | grep -qiE 'not supported|unknown command'; then
	printf 'SKIP %s: clear ip bgp %s soft in (okapi -> ExaBGP route refresh): okapi says "%s"\n' \
		"$OK_NAME" "$E4" "$(printf '%s' "$soft" | tr '\n' ' ')"
	ns_log "!!! SKIPPED: okapi's clear ip bgp X soft in is not implemented yet: $soft"
else
	got_refresh() { [ "$(exabgp_q exa refresh $E4)" -ge 1 ]; }
	check_within 5 "clear ip bgp $E4 soft in: ExaBGP receives okapi's ROUTE-REFRESH (okapi said '${soft:-nothing}')" \
		got_refresh
	check_within 5 "okapi still has ExaBGP's route after soft in" \
		okapi_has 198.51.100.0/24 "$AS_E 65100 $E4 from $E4"
fi

# ---- 5. withdrawals --------------------------------------------------------------

exa $E4 "withdraw route 198.51.100.0/24"
exa $I6 "withdraw route 2001:db8:102::/48"
check_within 10 "okapi: 198.51.100.0/24 withdrawn by eBGP ExaBGP" \
	okapi_lacks 198.51.100.0/24
check_within 10 "okapi: 2001:db8:102::/48 withdrawn by iBGP ExaBGP" \
	okapi_lacks 2001:db8:102::/48
check_within 10 "okapi passes the withdrawal on: $I4 lacks 198.51.100.0/24" \
	exa_lacks $I4 198.51.100.0/24
check_within 10 "okapi passes the withdrawal on: $E6 lacks 2001:db8:102::/48" \
	exa_lacks $E6 2001:db8:102::/48
okapi_conf nov6net >"$OK_TMP/okapi.conf"
ns_signal okapi HUP
check_within 10 "network 2001:db8:f00::/48 removed (SIGHUP): withdrawn from $E6" \
	exa_lacks $E6 2001:db8:f00::/48
check_within 10 "network 2001:db8:f00::/48 removed (SIGHUP): withdrawn from $I6" \
	exa_lacks $I6 2001:db8:f00::/48
check "the other routes stay: 203.0.113.0/24 at $I4" \
	exa_has $I4 203.0.113.0/24 "lp=140"

# ---- 6. a session reset while routes are flowing ---------------------------------

# NFLOOD /24s from 10.128.0.0, 500 per API command.
flood_cmds()
{
	"$OK_PYTHON" - "$NFLOOD" <<'EOF'
import sys
n = int(sys.argv[1])
p = ["10.%d.%d.0/24" % (128 + i // 256, i % 256) for i in range(n)]
for i in range(0, n, 500):
    print(" ".join(p[i:i + 500]))
EOF
}
# Before: okapi has 198.51.101.0/24 from $E6 and 198.51.102.0/24 from $I4
# and its own two IPv4 networks; from $E4 nothing (withdrawn in step 5).
base_i4=$(exabgp_q exa count $I4)
ups0=$(okapi_up_count okapi $E4)
t0=$(ns_now)
# Paced, in the background: on an idle machine an unpaced flood is all
# in before the first poll, and the reset would not land in the middle.
(
	while IFS= read -r nlri; do
		exa $E4 "announce attributes next-hop self origin igp" \
			"as-path [$AS_E 65200] med 7 community [65000:7] nlri $nlri"
		sleep 0.5
	done < <(flood_cmds)
) &
flooder=$!
some_in() { [ "$(pfx_rcvd $E4)" -ge 300 ]; }
if check_within 20 "the flood from $E4 starts arriving" some_in; then
	n_at=$(pfx_rcvd $E4)
	out=$(vty -c "clear ip bgp $E4")
	ns_log "clear ip bgp $E4 at $n_at of $NFLOOD prefixes: ${out:-ok}"
	wait "$flooder"
	if [ "$n_at" -gt 0 ] && [ "$n_at" -lt "$NFLOOD" ]; then
		pass "okapi reset the session in the middle of the flood ($n_at of $NFLOOD received)"
	else
		fail "okapi reset the session in the middle of the flood" "$n_at of $NFLOOD received already"
	fi
	check_within 20 "the session to $E4 comes back" \
		okapi_established okapi $E4 $((ups0 + 1))
	all_in() { [ "$(pfx_rcvd $E4)" = "$NFLOOD" ]; }
	check_within 40 "okapi converges to $NFLOOD prefixes from $E4 after the reset" all_in
	ns_log "flood + reset converged $(ns_since "$t0") s after the first announcement"
	all_out() { [ "$(exabgp_q exa count $I4)" = $((base_i4 + NFLOOD)) ]; }
	check_within 30 "... and the iBGP ExaBGP holds exactly $((base_i4 + NFLOOD)) prefixes from okapi ($base_i4 + $NFLOOD)" all_out
	last=$(flood_cmds | tail -n 1 | awk '{ print $NF }')
	check_match "a flood route's attributes at the iBGP ExaBGP ($last)" \
		"^$(re_quote "$last") aspath=$AS_E 65200 nh=$E4 ll=no med=7 lp=100 comm=65000:7 lcomm=- origin=i\$" \
		"$(exa_rib $I4 "$last")"
	sleep 3
	check_eq "3 s later: still $NFLOOD from $E4" "$NFLOOD" "$(pfx_rcvd $E4)"
	check "3 s later: the session stayed up (one new Up, last change Up)" \
		okapi_established okapi $E4 $((ups0 + 1))
	check_eq "no other Up for $E4 than the reconnection" $((ups0 + 1)) \
		"$(okapi_up_count okapi $E4)"
	check_eq "ExaBGP's side: the $E4 session came up twice in all" 2 \
		"$(exabgp_q exa ups $E4)"
fi

# ---- 7. SIGTERM: Cease to every peer --------------------------------------------

declare -A nb
for l in $E4 $E6 $I4 $I6; do
	nb[$l]=$(exabgp_q exa notification $l | wc -l)
done
t0=$(ns_now)
if ns_stop okapi 2; then
	pass "SIGTERM: okapi exits within 2 s ($(ns_since "$t0") s)"
else
	fail "SIGTERM: okapi exits within 2 s" "needed SIGKILL"
fi
for l in $E4 $E6 $I4 $I6; do
	# A new NOTIFICATION (the clear of step 6 sent one already), a Cease.
	cease() {
		local all
		all=$(exabgp_q exa notification "$1")
		[ "$(printf '%s\n' "$all" | grep -c .)" -gt "$2" ] &&
			printf '%s\n' "$all" | tail -n 1 | grep -q '^6/'
	}
	check_within 5 "ExaBGP received a Cease NOTIFICATION from okapi on $l" \
		cease $l "${nb[$l]}"
done
if [ "$IT_FAIL" -gt 0 ]; then
	it_excerpt "$OK_TMP/okapi.log" 30
	it_excerpt "$OK_TMP/exa.stdout" 15
fi
it_end
