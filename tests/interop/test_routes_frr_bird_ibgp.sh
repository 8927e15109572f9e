#!/bin/bash
#
# Routes through okapi between an eBGP FRR 8.4 and an iBGP BIRD 2:
#
#   FRR f (AS 65001) --link 1-- okapi o (AS 65000) --link 2-- BIRD b (AS 65000)
#   10.0.1.2, 2001:db8:1::2   .1 / ::1      .1 / ::1   10.0.2.2, 2001:db8:2::2
#
# FRR and okapi: ONE session over IPv6 transport carrying IPv4 and IPv6
# unicast (IPv4 routes with an IPv4 NEXT_HOP over an IPv6 session).
# okapi and BIRD: iBGP, IPv4 unicast over IPv4 transport, IPv6 unicast
# over IPv6 transport.  FRR originates 10.1.1.0/24, 10.1.2.0/24 and
# 2001:db8:f1::/48 (MED 50, communities 65001:100, large 65001:1:1);
# BIRD originates 10.2.1.0/24 and 2001:db8:b2::/48 (MED 30, LOCAL_PREF
# 300, (65000,300), (65000,3,3)).  okapi's route-map toward BIRD sets
# LOCAL_PREF 200 on 10.1.2.0/24.
#
# Checked: toward iBGP (RFC 4271 5.1) no AS prepended, next hop kept
# (IPv6: the global one only, the link-local is not ours to give), MED
# kept inside the AS, LOCAL_PREF 100 by default and 200 by the
# route-map; toward eBGP from an iBGP route: our AS only, next hop self,
# BIRD's MED and LOCAL_PREF not passed; communities and large
# communities both ways; "default-originate route-map M" with M as a
# condition on the table (Quagga 1.2: evaluated at session start and on
# a reload; sent when a route matches, withdrawn when none does, never
# with a map that matches nothing); End-of-RIB; withdrawals; Cease on
# shutdown.

IT_HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
. "$IT_HERE/lib.sh"
# shellcheck source=configs/routes_common.sh
. "$IT_HERE/configs/routes_common.sh"

it_begin routes-ibgp
it_need_okapi
it_need_cmd "$FRR_BGPD" "$FRR_VTYSH" "$BIRD_BIN" "$BIRDC_BIN"

ns_add o && ns_add f && ns_add b || it_cannot_run "namespaces"
ns_link o e1 f e1 && ns_link o e2 b e2 || it_cannot_run "veth links"
ns_addr o e1 10.0.1.1/24 && ns_addr o e1 2001:db8:1::1/64 &&
	ns_addr f e1 10.0.1.2/24 && ns_addr f e1 2001:db8:1::2/64 &&
	ns_addr o e2 10.0.2.1/24 && ns_addr o e2 2001:db8:2::1/64 &&
	ns_addr b e2 10.0.2.2/24 && ns_addr b e2 2001:db8:2::2/64 ||
	it_cannot_run "addresses"
ns_wait_settled o f b || it_cannot_run "links did not settle"
LL_O1=$(ns_exec o ip -6 -o addr show dev e1 scope link | awk '{ sub("/.*", "", $4); print $4 }')

cat >"$OK_TMP/o.conf" <<EOF
hostname o
password zebra
log file $OK_TMP/o.log
!
router bgp 65000
 bgp router-id 10.255.0.1
 no bgp default ipv4-unicast
 neighbor 2001:db8:1::2 remote-as 65001
 neighbor 2001:db8:1::2 timers 1 3
 neighbor 2001:db8:1::2 timers connect 2
 neighbor 10.0.2.2 remote-as 65000
 neighbor 10.0.2.2 timers 1 3
 neighbor 10.0.2.2 timers connect 2
 neighbor 2001:db8:2::2 remote-as 65000
 neighbor 2001:db8:2::2 timers 1 3
 neighbor 2001:db8:2::2 timers connect 2
 neighbor 2001:db8:1::2 activate
 neighbor 2001:db8:1::2 route-map FROMFRR in
 neighbor 2001:db8:1::2 default-originate route-map HASB
 neighbor 10.0.2.2 activate
 neighbor 10.0.2.2 route-map TOBIRD out
 address-family ipv6
  neighbor 2001:db8:1::2 activate
  neighbor 2001:db8:1::2 default-originate route-map NEVER
  neighbor 2001:db8:2::2 activate
 exit-address-family
!
ip prefix-list F12 seq 5 permit 10.1.2.0/24
ip prefix-list F13 seq 5 permit 10.1.3.0/24
ip prefix-list B21 seq 5 permit 10.2.1.0/24
ipv6 prefix-list NONE6 seq 5 permit 2001:db8:dead::/48
!
route-map HASB permit 10
 match ip address prefix-list B21
route-map NEVER permit 10
 match ipv6 address prefix-list NONE6
!
route-map FROMFRR permit 10
 match ip address prefix-list F13
 set community no-export additive
route-map FROMFRR permit 20
!
route-map TOBIRD permit 10
 match ip address prefix-list F12
 set local-preference 200
route-map TOBIRD permit 20
!
EOF

cat >"$OK_TMP/f.conf" <<EOF
frr defaults traditional
hostname f
log file $OK_TMP/f.log
!
router bgp 65001
 bgp router-id 10.0.1.2
 no bgp ebgp-requires-policy
 no bgp network import-check
 no bgp default ipv4-unicast
 bgp log-neighbor-changes
 neighbor 2001:db8:1::1 remote-as 65000
 neighbor 2001:db8:1::1 timers 1 3
 neighbor 2001:db8:1::1 timers connect 2
 address-family ipv4 unicast
  network 10.1.1.0/24 route-map ATTRS
  network 10.1.2.0/24 route-map ATTRS
  network 10.1.3.0/24 route-map ATTRS
  neighbor 2001:db8:1::1 activate
  neighbor 2001:db8:1::1 advertisement-interval 0
 exit-address-family
 address-family ipv6 unicast
  network 2001:db8:f1::/48 route-map ATTRS
  neighbor 2001:db8:1::1 activate
  neighbor 2001:db8:1::1 advertisement-interval 0
 exit-address-family
!
route-map ATTRS permit 10
 set metric 50
 set community 65001:100
 set large-community 65001:1:1
!
EOF

# BIRD resolves iBGP next hops recursively: the static routes to FRR's
# link are its IGP (they are not exported).
cat >"$OK_TMP/b.conf" <<EOF
log "$OK_TMP/b.log" all;
router id 10.0.2.2;
timeformat protocol iso long ms;
protocol device { }
protocol static igp4 { ipv4; route 10.0.1.0/24 via 10.0.2.1; }
protocol static igp6 { ipv6; route 2001:db8:1::/64 via 2001:db8:2::1; }
protocol static s4 { ipv4; route 10.2.1.0/24 blackhole; }
protocol static s6 { ipv6; route 2001:db8:b2::/48 blackhole; }
filter to_okapi {
	if proto != "s4" && proto != "s6" then reject;
	bgp_med = 30;
	bgp_local_pref = 300;
	bgp_community.add((65000,300));
	bgp_large_community.add((65000,3,3));
	accept;
}
template bgp okapi {
	local as 65000;
	hold time 3;
	keepalive time 1;
	connect retry time 2;
	error wait time 1, 3;
	debug { states, events, packets };
}
protocol bgp v4 from okapi {
	neighbor 10.0.2.1 as 65000;
	ipv4 { import all; export filter to_okapi; };
}
protocol bgp v6 from okapi {
	neighbor 2001:db8:2::1 as 65000;
	ipv6 { import all; export filter to_okapi; };
}
EOF

okapi_start o o
frrz_start f f
bird_start b b

T0=$(ns_now)
check_within 20 "okapi: the three sessions Established" \
	eval 'okapi_established o 2001:db8:1::2 && okapi_established o 10.0.2.2 &&
	okapi_established o 2001:db8:2::2' ||
	{ it_excerpt "$OK_TMP/o.log" 30; it_end; }

# ---- FRR (eBGP) -> okapi -> BIRD (iBGP) ---------------------------------

check_within 15 "BIRD: FRR's 10.1.1.0/24, 10.1.2.0/24, 2001:db8:f1::/48 arrive" \
	eval 'bird_has b 10.1.1.0/24 && bird_has b 10.1.2.0/24 && bird_has b 2001:db8:f1::/48'
check_eq "BIRD 10.1.1.0/24: AS path as received (no prepend toward iBGP)" "65001" \
	"$(bird_attr b 10.1.1.0/24 as_path)"
check_eq "BIRD 10.1.1.0/24: next hop kept (FRR's, learned over IPv6 transport)" \
	"10.0.1.2" "$(bird_attr b 10.1.1.0/24 next_hop)"
check_eq "BIRD 10.1.1.0/24: MED 50 kept inside the AS" "50" \
	"$(bird_attr b 10.1.1.0/24 med)"
check_eq "BIRD 10.1.1.0/24: LOCAL_PREF 100 (default)" "100" \
	"$(bird_attr b 10.1.1.0/24 local_pref)"
check_eq "BIRD 10.1.1.0/24: community" "(65001,100)" \
	"$(bird_attr b 10.1.1.0/24 community)"
check_eq "BIRD 10.1.1.0/24: large community" "(65001, 1, 1)" \
	"$(bird_attr b 10.1.1.0/24 large_community)"
check_eq "BIRD 10.1.2.0/24: LOCAL_PREF 200 set by okapi's route-map out" "200" \
	"$(bird_attr b 10.1.2.0/24 local_pref)"
check_eq "BIRD 2001:db8:f1::/48: AS path" "65001" \
	"$(bird_attr b 2001:db8:f1::/48 as_path)"
check_eq "BIRD 2001:db8:f1::/48: FRR's global next hop kept, no link-local" \
	"2001:db8:1::2" "$(bird_attr b 2001:db8:f1::/48 next_hop)"
check_eq "BIRD 2001:db8:f1::/48: LOCAL_PREF 100" "100" \
	"$(bird_attr b 2001:db8:f1::/48 local_pref)"
check_eq "BIRD 2001:db8:f1::/48: MED 50" "50" "$(bird_attr b 2001:db8:f1::/48 med)"
check_eq "BIRD 2001:db8:f1::/48: large community" "(65001, 1, 1)" \
	"$(bird_attr b 2001:db8:f1::/48 large_community)"
check_match "BIRD resolves the kept next hops through its IGP (routes usable)" \
	'^10\.1\.1\.0/24 +unicast \[v4 ' "$(bird_rt b 10.1.1.0/24)"

check_within 10 "BIRD (iBGP, same AS): 10.1.3.0/24 with NO_EXPORT (okapi's route-map in) passed inside the AS" \
	bird_has b 10.1.3.0/24
check_eq "BIRD 10.1.3.0/24: NO_EXPORT sent along" "(65001,100) (65535,65281)" \
	"$(bird_attr b 10.1.3.0/24 community)"

# ---- BIRD (iBGP) -> okapi -> FRR (eBGP) ---------------------------------

check_within 15 "FRR: BIRD's 10.2.1.0/24 and 2001:db8:b2::/48 arrive" \
	eval 'frr_has f ipv4 10.2.1.0/24 && frr_has f ipv6 2001:db8:b2::/48'
check_attr "okapi 10.2.1.0/24: BIRD's LOCAL_PREF 300 and MED 30, internal" \
	'Origin IGP, metric 30, localpref 300, valid, internal, best' \
	okapi_rt o ipv4 10.2.1.0/24
check_attr "FRR 10.2.1.0/24: path 65000, okapi's IPv4 address as next hop over the IPv6 session, no MED, no LOCAL_PREF" \
	'^path=65000 nh=10\.0\.1\.1 med=- lp=- comm=65000:300 lcomm=65000:3:3 ' \
	frr_attrs f ipv4 10.2.1.0/24
check_attr "FRR 2001:db8:b2::/48: next hop self, global + link-local" \
	"^path=65000 nh=2001:db8:1::1,$LL_O1\\(ll\\) med=- lp=- comm=65000:300 lcomm=65000:3:3 " \
	frr_attrs f ipv6 2001:db8:b2::/48

# default-originate route-map M toward FRR: M is a condition on the
# table, evaluated at session start and on a reload (Quagga 1.2).
# BIRD's 10.2.1.0/24 is in okapi's table now: a reload sends 0.0.0.0/0.
ns_signal o HUP
check_within 10 "default-originate route-map HASB (BIRD's 10.2.1.0/24 in the table): FRR gets 0.0.0.0/0" \
	frr_has f ipv4 0.0.0.0/0
check_attr "FRR 0.0.0.0/0: path 65000, okapi's IPv4 next hop, no MED" \
	'^path=65000 nh=10\.0\.1\.1 med=- lp=- comm=- ' frr_attrs f ipv4 0.0.0.0/0
check "default-originate route-map NEVER (nothing matches): no ::/0 at FRR" \
	frr_lacks f ipv6 ::/0

# ---- End-of-RIB ----------------------------------------------------------

check "FRR received End-of-RIB from okapi for IPv4 and IPv6 (one session)" \
	eval 'frr_eor f 2001:db8:1::1 ipv4Unicast && frr_eor f 2001:db8:1::1 ipv6Unicast'
check "BIRD received End-of-RIB from okapi (both sessions)" \
	test "$(grep -c 'Got END-OF-RIB' "$OK_TMP/b.log")" -ge 2
check "okapi received End-of-RIB from FRR (IPv4 and IPv6)" \
	eval 'okapi_eor_rcvd o 2001:db8:1::2 "IPv4 Unicast" && okapi_eor_rcvd o 2001:db8:1::2 "IPv6 Unicast"'
it_hold

# ---- withdrawals ------------------------------------------------------------

frr_conf f "router bgp 65001" "address-family ipv4 unicast" "no network 10.1.2.0/24"
check_within 10 "FRR withdraws 10.1.2.0/24: gone at BIRD" bird_lacks b 10.1.2.0/24
check "BIRD keeps 10.1.1.0/24" bird_has b 10.1.1.0/24
birdc_cmd b disable s6 >/dev/null
check_within 10 "BIRD withdraws 2001:db8:b2::/48: gone at FRR" \
	frr_lacks f ipv6 2001:db8:b2::/48
check "FRR keeps 10.2.1.0/24" frr_has f ipv4 10.2.1.0/24

# The condition's route goes; the next reload withdraws the default.
birdc_cmd b disable s4 >/dev/null
check_within 10 "BIRD withdraws 10.2.1.0/24: gone at FRR" frr_lacks f ipv4 10.2.1.0/24
ns_signal o HUP
check_within 10 "reload without a route matching HASB: 0.0.0.0/0 withdrawn from FRR" \
	frr_lacks f ipv4 0.0.0.0/0

# ---- NOTIFICATION on shutdown -----------------------------------------------

if check "okapi ends within 2 s of SIGTERM" ns_stop o 2; then
	check_within 5 "FRR: okapi's Cease NOTIFICATION received" \
		eval 'frr_notif f 2001:db8:1::1 | grep -q "Notification received / Cease"'
	check_within 5 "BIRD: okapi's Cease NOTIFICATION received (both sessions)" \
		eval 'bird_last_error b v4 | grep -q "Received: Peer de-configured" &&
		bird_last_error b v6 | grep -q "Received: Peer de-configured"'
fi
ns_log "scenario took $(ns_since "$T0") s"
it_end
