#!/bin/bash
#
# okapi's tables under churn, against ExaBGP 4.2 (process API, see
# test_exabgp.sh): routes change while okapi is dumping its table to a
# peer that was just reset and while that peer asks for a ROUTE-REFRESH,
# and at the end every peer must hold exactly okapi's table.
#
#	a (okapi, AS 4200000001)  10.0.1.1, 2001:db8:1::1
#	  |
#	x (ExaBGP)  10.0.1.2, 2001:db8:1::2: eBGP, AS 4200000002 (the source)
#	            10.0.1.3, 2001:db8:1::3: iBGP, AS 4200000001 (the sinks)
#
# Steps:
#  1. the eBGP ExaBGP announces 6000 IPv4 /24s (MED 7) and 2000 IPv6 /48s;
#     okapi holds them all and passes them on to the iBGP sinks;
#  2. okapi clears the IPv4 sink (`clear ip bgp 10.0.1.3`) while the source
#     withdraws 2000 prefixes, re-announces 1000 of them with MED 8 and
#     announces 1000 new ones (MED 9); the sink reconnects, gets okapi's
#     dump, and asks for a ROUTE-REFRESH in the middle of the churn;
#  2b. okapi clears the source: its 6000 paths are flushed in slices
#     (more than rde.c flushes at once) while ExaBGP reconnects and
#     re-sends them; the same end state again;
#  3. the IPv6 source withdraws all 2000 /48s in one go (MP_UNREACH);
#  4. at the end okapi holds exactly the expected 6000 IPv4 prefixes with
#     their MEDs, the IPv4 sink exactly the same set with the same MEDs
#     (no stale route, none missing), the IPv6 sink nothing of the flood;
#     no session but the cleared one flapped; no sanitizer report.
# Run alone: bash test_exabgp_churn.sh (root; OKAPI_BUILD or OKAPI_BGPD).

# shellcheck disable=SC2086,SC2015
IT_HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
. "$IT_HERE/lib.sh"
# shellcheck source=../lab/lib/daemons_extra.sh
. "$IT_HERE/../lab/lib/daemons_extra.sh"

it_begin exachurn
it_need_okapi
it_need_cmd "$EXABGP_PYTHON" "$EXABGP_BIN" "$OK_PYTHON"
OKAPI_CLI=$(dirname "$(okapi_find)")/okapi-cli
[ -x "$OKAPI_CLI" ] || it_cannot_run "no okapi-cli next to $(okapi_find)"

AS_OK=4200000001 AS_E=4200000002
A4=10.0.1.1 A6=2001:db8:1::1
E4=10.0.1.2 E6=2001:db8:1::2 I4=10.0.1.3 I6=2001:db8:1::3

ns_add a && ns_add x && ns_link a vX x vA &&
	ns_addr a vX $A4/24 && ns_addr a vX $A6/64 &&
	ns_addr x vA $E4/24 && ns_addr x vA $I4/24 &&
	ns_addr x vA $E6/64 && ns_addr x vA $I6/64 &&
	ns_wait_settled a x || it_cannot_run "namespace setup failed"

{
	cat <<EOF
hostname okapi
password zebra
log file $OK_TMP/okapi.log
!
router bgp $AS_OK
 bgp router-id 10.0.0.1
 no bgp default ipv4-unicast
EOF
	for n in $E4 $E6 $I4 $I6; do
		case $n in "$E4" | "$E6") echo " neighbor $n remote-as $AS_E" ;;
		*) echo " neighbor $n remote-as $AS_OK" ;; esac
		echo " neighbor $n timers connect 1"
		echo " neighbor $n advertisement-interval 0"
	done
	cat <<EOF
 address-family ipv4 unicast
  neighbor $E4 activate
  neighbor $I4 activate
 exit-address-family
 address-family ipv6 unicast
  neighbor $E6 activate
  neighbor $I6 activate
 exit-address-family
!
EOF
} >"$OK_TMP/okapi.conf"
{
	exabgp_process_block exa
	cat <<EOF
template {
	neighbor common {
		router-id 10.0.1.2;
		hold-time 30;
		adj-rib-out true;
		capability { route-refresh; }
		api {
			processes [ api ];
			neighbor-changes;
			receive { parsed; update; notification; refresh; }
		}
	}
}
neighbor $A4 { inherit common; local-address $E4; local-as $AS_E; peer-as $AS_OK; family { ipv4 unicast; } }
neighbor $A6 { inherit common; local-address $E6; local-as $AS_E; peer-as $AS_OK; family { ipv6 unicast; } }
neighbor $A4 { inherit common; local-address $I4; local-as $AS_OK; peer-as $AS_OK; family { ipv4 unicast; } }
neighbor $A6 { inherit common; local-address $I6; local-as $AS_OK; peer-as $AS_OK; family { ipv6 unicast; } }
EOF
} >"$OK_TMP/exa.exa"

vty()
{
	"$OKAPI_CLI" -s "$OK_TMP/okapi.vty" "$@" 2>&1
}

# pfx_rcvd AF NBR: okapi's accepted prefix count from NBR.
pfx_rcvd()
{
	vty -c "show bgp $1 unicast summary json" | "$OK_PYTHON" -c '
import json, sys
k = "ipv4Unicast" if sys.argv[1] == "ipv4" else "ipv6Unicast"
try:
    print(json.load(sys.stdin)[k]["peers"][sys.argv[2]]["pfxRcd"])
except Exception:
    print(-1)' "$1" "$2"
}

exa()
{
	local l=$1 peer=$A4
	shift
	case $l in *:*) peer=$A6 ;; esac
	exabgp_cmd exa "neighbor $peer local-ip $l $*"
}

# pfx KIND FROM TO: the prefixes number FROM..TO-1, 500 to a line.
pfx()
{
	"$OK_PYTHON" - "$@" <<'EOF'
import sys
kind, a, b = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
if kind == "v4":
    p = ["10.%d.%d.0/24" % (128 + i // 256, i % 256) for i in range(a, b)]
else:
    p = ["2001:db8:%x::/48" % (0x8000 + i) for i in range(a, b)]
for i in range(0, len(p), 500):
    print(" ".join(p[i:i + 500]))
EOF
}

# send LOCAL KIND FROM TO VERB ATTRS: announce/withdraw a range.  (ExaBGP
# 4.2.21 needs a next hop in `withdraw attributes` too: without one its
# UPDATE builder raises and it drops the session.)
send()
{
	local l=$1 kind=$2 from=$3 to=$4 verb=$5 attrs=$6 line
	while IFS= read -r line; do
		exa "$l" "$verb attributes $attrs nlri $line"
	done < <(pfx "$kind" "$from" "$to")
}

# sink_meds LOCAL: "N med=M" lines for the flood prefixes ExaBGP holds.
sink_meds()
{
	exabgp_q exa rib "$1" | awk '$1 ~ /^(10\.|2001:db8:[89a-f])/ {
		for (i = 2; i <= NF; i++) if ($i ~ /^med=/) print $i }' |
		sort | uniq -c | awk '{ printf "%s:%s ", $2, $1 }'
}

okapi_start okapi a
exabgp_start exa x
ests()
{
	okapi_established okapi $E4 && okapi_established okapi $E6 &&
		okapi_established okapi $I4 && okapi_established okapi $I6
}
if ! check_within 20 "the four sessions Up in okapi's log" ests; then
	it_excerpt "$OK_TMP/okapi.log" 20
	it_excerpt "$OK_TMP/exa.stdout" 20
	it_end
fi

# ---- 1. the flood --------------------------------------------------------------

V4A="next-hop self origin igp as-path [$AS_E 65400] med 7"
V6A="next-hop self origin igp as-path [$AS_E 65406] med 6"
t0=$(ns_now)
send $E4 v4 0 6000 announce "$V4A"
send $E6 v6 0 2000 announce "$V6A"
in4() { [ "$(pfx_rcvd ipv4 $E4)" = 6000 ]; }
in6() { [ "$(pfx_rcvd ipv6 $E6)" = 2000 ]; }
check_within 40 "okapi holds the 6000 IPv4 prefixes" in4
check_within 20 "okapi holds the 2000 IPv6 prefixes" in6
sink_is() { [ "$(sink_meds "$1")" = "$2" ]; }
check_within 30 "the IPv4 sink holds them (6000 with MED 7)" sink_is $I4 "med=7:6000 "
check_within 30 "the IPv6 sink holds them (2000 with MED 6)" sink_is $I6 "med=6:2000 "
ns_log "flood in and out: $(ns_since "$t0") s"

# ---- 2. churn while the IPv4 sink is reset, dumped and refreshed ---------------

ups_i4=$(okapi_up_count okapi $I4)
out=$(vty -c "clear ip bgp $I4")
ns_log "clear ip bgp $I4: ${out:-ok}"
send $E4 v4 0 2000 withdraw "next-hop self"
send $E4 v4 0 1000 announce "next-hop self origin igp as-path [$AS_E 65400] med 8"
send $E4 v4 6000 7000 announce "next-hop self origin igp as-path [$AS_E 65400] med 9"
check_within 20 "the IPv4 sink comes back" okapi_established okapi $I4 $((ups_i4 + 1))
# A ROUTE-REFRESH from the sink while the changes are still coming in.
exa $I4 "announce route-refresh ipv4 unicast"
rr() { vty -c "show bgp neighbors $I4" | awk '/Route Refresh:/ { exit !($4 >= 1) }'; }
check_within 10 "okapi counts the sink's ROUTE-REFRESH" rr

# ---- 3. the IPv6 flood withdrawn at once -------------------------------------------

send $E6 v6 0 2000 withdraw "next-hop self"

# ---- 4. the end state ----------------------------------------------------------------

final4() { [ "$(pfx_rcvd ipv4 $E4)" = 6000 ]; }
check_within 40 "okapi converges to 6000 IPv4 prefixes from the source" final4
# The source's Adj-RIB-In as okapi holds it, by MED: the table view's
# Metric column for the flood prefixes.
okapi_meds()
{
	vty -c "show ip bgp" | awk '$1 == "*>" && $2 ~ /^10\./ { print "med=" $4 }' |
		sort | uniq -c | awk '{ printf "%s:%s ", $2, $1 }'
}
want="med=7:4000 med=8:1000 med=9:1000 "
okapi_meds_are() { [ "$(okapi_meds)" = "$want" ]; }
check_within 10 "okapi's table: 1000 with MED 8, 4000 with MED 7, 1000 with MED 9" okapi_meds_are
check_within 40 "the IPv4 sink holds exactly the same: $want" sink_is $I4 "$want"
if ! sink_is $I4 "$want"; then
	ns_log "sink has: $(sink_meds $I4); okapi: $(okapi_meds)"
fi
# The exact sets, "PREFIX med=M" sorted: expected, okapi's, the sink's.
expected4()
{
	"$OK_PYTHON" -c '
r = [(i, 8) for i in range(0, 1000)] + [(i, 7) for i in range(2000, 6000)] + \
    [(i, 9) for i in range(6000, 7000)]
for l in sorted("10.%d.%d.0/24 med=%d" % (128 + i // 256, i % 256, m) for i, m in r):
    print(l)'
}
okapi_list4()
{
	vty -c "show ip bgp" | awk '$1 == "*>" && $2 ~ /^10\./ {
		p = $2; if (p !~ /\//) p = p "/24"; print p " med=" $4 }' | sort
}
sink_list4()
{
	exabgp_q exa rib $I4 | awk '$1 ~ /^10\./ {
		for (i = 2; i <= NF; i++) if ($i ~ /^med=/) print $1 " " $i }' | sort
}
exp4=$(expected4)
same_okapi() { [ "$(okapi_list4)" = "$exp4" ]; }
same_sink() { [ "$(sink_list4)" = "$exp4" ]; }
check "okapi's table is exactly the expected 6000 prefixes with their MEDs" same_okapi ||
	ns_log "okapi differs: $(diff <(okapi_list4) <(printf '%s\n' "$exp4") | head -5 | tr '\n' ' ')"
check "the IPv4 sink holds exactly the same prefixes and MEDs (none stale, none missing)" same_sink ||
	ns_log "sink differs: $(diff <(sink_list4) <(printf '%s\n' "$exp4") | head -5 | tr '\n' ' ')"
# 2b. The source cleared: 6000 paths are more than okapi flushes at once
# (rde.c RDE_FLUSH_SYNC_MAX 4096), so they go in slices while ExaBGP
# reconnects at once and re-sends the same 6000.
ups_e4=$(okapi_up_count okapi $E4)
vty -c "clear ip bgp $E4" >/dev/null
check_within 20 "the source, cleared, comes back" okapi_established okapi $E4 $((ups_e4 + 1))
check_within 40 "okapi holds the 6000 again (old session's paths flushed in slices)" final4
check_within 40 "the IPv4 sink ends with exactly the same set again" same_sink
check "okapi's table too" same_okapi
none6() { [ "$(pfx_rcvd ipv6 $E6)" = 0 ] && [ -z "$(sink_meds $I6)" ]; }
check_within 30 "the IPv6 flood is gone from okapi and from the IPv6 sink" none6
check_eq "no session but the cleared ones went down (Ups of $E4 $E6 $I4 $I6)" 2121 \
	"$(okapi_up_count okapi $E4)$(okapi_up_count okapi $E6)$(okapi_up_count okapi $I4)$(okapi_up_count okapi $I6)"
check_eq "okapi sent two NOTIFICATIONs (the clears' Ceases)" 2 \
	"$(okapi_log_count okapi '%NOTIFICATION: sent')"
ns_stop okapi 2 || fail "okapi ends on SIGTERM within 2 s"
if [ "$IT_FAIL" -gt 0 ]; then
	it_excerpt "$OK_TMP/okapi.log" 30
	it_excerpt "$OK_TMP/exa.stdout" 15
fi
it_end
