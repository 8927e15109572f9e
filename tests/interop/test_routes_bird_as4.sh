#!/bin/bash
#
# A 2-byte-AS peer behind a 4-byte-AS path (RFC 6793):
#
#   FRR f (AS 4200000002) -- okapi o (AS 65000) -- BIRD b (AS 65002) -- FRR g (AS 4200000003)
#          10.0.1.2            .1   10.0.2.1         .2  10.0.3.2          .3
#
# BIRD speaks to okapi WITHOUT four-octet AS support ("enable as4 off":
# an OLD speaker, RFC 6793 4.1), to g with it.  f originates 10.5.1.0/24,
# g originates 10.5.3.0/24.  okapi's own AS is a 2-octet one: BIRD with
# as4 off still reads okapi's four-octet capability to learn its AS and
# refuses a 4-octet one ("Bad peer AS"), and FRR's
# dont-capability-negotiate leaves FRR half NEW, half OLD (it then sends
# BIRD a malformed AS_PATH), so neither can be the 2-octet peer of a
# 4-octet okapi.  (okapi's own AS as AS_TRANS in its OPEN is covered by
# test_adv's test_as4_old_speaker and the ExaBGP tests.)
#
# Checked: the session okapi-BIRD has no four-octet AS on either side;
# what okapi sends BIRD (captured on BIRD's link, decoded by tcpdump) is
# AS_PATH "65000 23456" plus AS4_PATH "65000 4200000002" (RFC 6793
# 4.2.2); g, a 4-octet router behind BIRD, gets the real path back
# "65002 65000 4200000002"; the other way BIRD sends AS_PATH "65002
# 23456" + AS4_PATH "65002 4200000003", okapi rebuilds "65002
# 4200000003" (4.2.3) and f gets "65000 65002 4200000003".  Withdrawals
# cross the 2-octet session both ways.

IT_HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
. "$IT_HERE/lib.sh"
# shellcheck source=configs/routes_common.sh
. "$IT_HERE/configs/routes_common.sh"

it_begin routes-as4
it_need_okapi
it_need_cmd "$FRR_BGPD" "$FRR_VTYSH" "$BIRD_BIN" "$BIRDC_BIN" tcpdump

ns_add f && ns_add o && ns_add b && ns_add g || it_cannot_run "namespaces"
ns_link f e1 o e1 && ns_link o e2 b e2 && ns_link b e3 g e3 ||
	it_cannot_run "veth links"
ns_addr f e1 10.0.1.2/24 && ns_addr o e1 10.0.1.1/24 &&
	ns_addr o e2 10.0.2.1/24 && ns_addr b e2 10.0.2.2/24 &&
	ns_addr b e3 10.0.3.2/24 && ns_addr g e3 10.0.3.3/24 ||
	it_cannot_run "addresses"
ns_wait_settled f o b g || it_cannot_run "links did not settle"

cat >"$OK_TMP/o.conf" <<EOF
hostname o
password zebra
log file $OK_TMP/o.log
!
router bgp 65000
 bgp router-id 10.255.0.1
 neighbor 10.0.1.2 remote-as 4200000002
 neighbor 10.0.1.2 timers 1 3
 neighbor 10.0.1.2 timers connect 2
 neighbor 10.0.1.2 advertisement-interval 0
 neighbor 10.0.2.2 remote-as 65002
 neighbor 10.0.2.2 timers 1 3
 neighbor 10.0.2.2 timers connect 2
 neighbor 10.0.2.2 advertisement-interval 0
!
EOF

# frr_edge LABEL ASN RID PEER PEER_AS NET
frr_edge()
{
	cat <<EOF
frr defaults traditional
hostname $1
log file $OK_TMP/$1.log
!
router bgp $2
 bgp router-id $3
 no bgp ebgp-requires-policy
 no bgp network import-check
 bgp log-neighbor-changes
 neighbor $4 remote-as $5
 neighbor $4 timers 1 3
 neighbor $4 timers connect 2
 address-family ipv4 unicast
  network $6
  neighbor $4 advertisement-interval 0
 exit-address-family
!
EOF
}
frr_edge f 4200000002 10.0.1.2 10.0.1.1 65000 10.5.1.0/24 >"$OK_TMP/f.conf"
frr_edge g 4200000003 10.0.3.3 10.0.3.2 65002 10.5.3.0/24 >"$OK_TMP/g.conf"

cat >"$OK_TMP/b.conf" <<EOF
log "$OK_TMP/b.log" all;
router id 10.0.2.2;
timeformat protocol iso long ms;
protocol device { }
template bgp edge {
	local as 65002;
	hold time 3;
	keepalive time 1;
	connect retry time 2;
	error wait time 1, 3;
	ipv4 { import all; export all; };
}
protocol bgp okapi from edge {
	neighbor 10.0.2.1 as 65000;
	enable as4 off;
}
protocol bgp g from edge {
	neighbor 10.0.3.3 as 4200000003;
}
EOF

# The wire between okapi and BIRD, from the start.
ns_spawn cap b tcpdump --immediate-mode -i e2 -U -n -s 0 -w "$OK_TMP/as4.pcap" tcp port 179
sleep 0.5
okapi_start o o
frrz_start f f
frrz_start g g
bird_start b b

T0=$(ns_now)
check_within 20 "okapi: sessions with f (4-octet) and BIRD (2-octet) Established" \
	eval 'okapi_established o 10.0.1.2 && okapi_established o 10.0.2.2' ||
	{ it_excerpt "$OK_TMP/o.log" 30; it_end; }
check_within 10 "BIRD: session with g Established" bird_established b g
check_match "BIRD's session with okapi is a 2-octet one (no AS4 in its session line)" \
	'^ *Session: *external *$' "$(bird_proto b okapi | grep 'Session:')"
check_match "BIRD's session with g is a 4-octet one" \
	'Session: .*AS4' "$(bird_proto b g | grep 'Session:')"
check_match "okapi's view of BIRD: four-octet AS advertised, not received" \
	'4 Byte AS: advertised$' "$(okapi_vty o 'show ip bgp neighbors 10.0.2.2' 2>/dev/null |
		grep '4 Byte AS')"

# ---- 4-octet path across the 2-octet session --------------------------------

check_within 15 "g: f's 10.5.1.0/24 arrives through okapi and BIRD" \
	frr_has g ipv4 10.5.1.0/24
check_attr "g (4-octet, behind the 2-octet BIRD) gets the real path back" \
	'^path=65002_65000_4200000002 ' frr_attrs g ipv4 10.5.1.0/24
check_eq "BIRD's own view of 10.5.1.0/24 (AS4_PATH merged)" "65000 4200000002" \
	"$(bird_attr b 10.5.1.0/24 as_path)"

# ---- the other way: BIRD's AS_PATH + AS4_PATH rebuilt by okapi --------------

check_within 15 "f: g's 10.5.3.0/24 arrives through BIRD and okapi" \
	frr_has f ipv4 10.5.3.0/24
check_attr "okapi 10.5.3.0/24: AS_PATH + AS4_PATH from BIRD merged" \
	'^  65002 4200000003$' okapi_rt o ipv4 10.5.3.0/24
check_attr "f gets 65000 65002 4200000003" \
	'^path=65000_65002_4200000003 ' frr_attrs f ipv4 10.5.3.0/24

# ---- on the wire -------------------------------------------------------------

ns_stop cap 3 >/dev/null
tcpdump -r "$OK_TMP/as4.pcap" -n -vvv >"$OK_TMP/as4.txt" 2>/dev/null
# Split by direction: okapi (10.0.2.1) -> BIRD and BIRD -> okapi.
OUT=$(awk '/^[0-9][0-9]:/ { keep = 0 } /^[0-9][0-9]:|^ *10\.0\.2\./ { if ($0 ~ /10\.0\.2\.1\.[0-9]+ > 10\.0\.2\.2\./) keep = 1; else if ($0 ~ / > /) keep = 0 } keep' "$OK_TMP/as4.txt")
IN=$(awk '/^[0-9][0-9]:/ { keep = 0 } /^[0-9][0-9]:|^ *10\.0\.2\./ { if ($0 ~ /10\.0\.2\.2\.[0-9]+ > 10\.0\.2\.1\./) keep = 1; else if ($0 ~ / > /) keep = 0 } keep' "$OK_TMP/as4.txt")
check_match "okapi's OPEN to BIRD: my AS 65000" '[Mm]y AS 65000,' "$OUT"
check_match "okapi -> BIRD: 2-octet AS_PATH with AS_TRANS for the 4-octet AS" \
	'AS Path \(2\).*: 65000 23456 *$' "$(grep 'AS Path (2)' <<<"$OUT")"
check_match "okapi -> BIRD: AS4_PATH with the real path" \
	'AS4 Path \(17\).*: 65000 4200000002 *$' "$(grep 'AS4 Path (17)' <<<"$OUT")"
check_match "BIRD -> okapi: 2-octet AS_PATH 65002 23456" \
	'AS Path \(2\).*: 65002 23456 *$' "$(grep 'AS Path (2)' <<<"$IN")"
check_match "BIRD -> okapi: AS4_PATH 65002 4200000003" \
	'AS4 Path \(17\).*: 65002 4200000003 *$' "$(grep 'AS4 Path (17)' <<<"$IN")"
it_hold

# ---- withdrawals across the 2-octet session ----------------------------------

frr_conf f "router bgp 4200000002" "address-family ipv4 unicast" "no network 10.5.1.0/24"
check_within 10 "f withdraws 10.5.1.0/24: gone at g" frr_lacks g ipv4 10.5.1.0/24
frr_conf g "router bgp 4200000003" "address-family ipv4 unicast" "no network 10.5.3.0/24"
check_within 10 "g withdraws 10.5.3.0/24: gone at f" frr_lacks f ipv4 10.5.3.0/24
ns_log "scenario took $(ns_since "$T0") s"
it_end
