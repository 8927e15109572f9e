#!/bin/bash
#
# Routes through okapi between FRR 8.4 and BIRD 2, eBGP on both sides:
#
#   FRR f (AS 65001) --link 1-- okapi o (AS 65000) --link 2-- BIRD b (AS 65002)
#   10.0.1.2, 2001:db8:1::2   .1 / ::1      .1 / ::1   10.0.2.2, 2001:db8:2::2
#
# One session per family on each link: IPv4 unicast over IPv4 transport,
# IPv6 unicast over IPv6 transport.  FRR originates 10.1.1.0/24,
# 10.1.2.0/24 and 2001:db8:f1::/48 (MED 50, communities 65001:100
# 65001:200, large community 65001:1:1); BIRD originates 10.2.1.0/24,
# 10.2.2.0/24 and 2001:db8:b2::/48 (MED 30, (65002,100), (65002,2,2)).
# okapi's outbound route-maps: to BIRD, MED 77 on 10.1.2.0/24 (a MED set
# by policy crosses the AS boundary); to FRR, "set as-path prepend 65555"
# on 10.2.2.0/24 (applied before our AS is prepended, as Quagga does);
# default-originate toward BIRD (IPv4) and FRR (IPv6).
#
# Checked on the receiving side (RFC 4271 5.1): AS path with 65000
# prepended once, next hop self (IPv6: global + link-local, 32 bytes),
# received MED not passed on, no LOCAL_PREF, communities and large
# communities passed; End-of-RIB both ways; a ROUTE-REFRESH from FRR
# (clear soft in) and from BIRD (reload in) answered with the
# Adj-RIB-Out again (RFC 2918); a hard clear at FRR: new session, okapi
# dumps again with End-of-RIB; a withdrawal at the source
# removes the route at the far end (IPv4 and MP_UNREACH); okapi's SIGTERM
# reaches both peers as a Cease NOTIFICATION and their routes go away.

IT_HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
. "$IT_HERE/lib.sh"
# shellcheck source=configs/routes_common.sh
. "$IT_HERE/configs/routes_common.sh"

it_begin routes-ebgp
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
LL_O2=$(ns_exec o ip -6 -o addr show dev e2 scope link | awk '{ sub("/.*", "", $4); print $4 }')

cat >"$OK_TMP/o.conf" <<EOF
hostname o
password zebra
log file $OK_TMP/o.log
!
router bgp 65000
 bgp router-id 10.255.0.1
 no bgp default ipv4-unicast
 neighbor 10.0.1.2 remote-as 65001
 neighbor 10.0.1.2 timers 1 3
 neighbor 10.0.1.2 timers connect 2
 neighbor 2001:db8:1::2 remote-as 65001
 neighbor 2001:db8:1::2 timers 1 3
 neighbor 2001:db8:1::2 timers connect 2
 neighbor 10.0.2.2 remote-as 65002
 neighbor 10.0.2.2 timers 1 3
 neighbor 10.0.2.2 timers connect 2
 neighbor 2001:db8:2::2 remote-as 65002
 neighbor 2001:db8:2::2 timers 1 3
 neighbor 2001:db8:2::2 timers connect 2
 neighbor 10.0.1.2 activate
 neighbor 10.0.1.2 route-map FROMFRR in
 neighbor 10.0.1.2 route-map TOFRR out
 neighbor 10.0.2.2 activate
 neighbor 10.0.2.2 route-map TOBIRD out
 neighbor 10.0.2.2 default-originate
 address-family ipv6
  neighbor 2001:db8:1::2 activate
  neighbor 2001:db8:1::2 default-originate
  neighbor 2001:db8:2::2 activate
 exit-address-family
!
ip prefix-list F12 seq 5 permit 10.1.2.0/24
ip prefix-list F13 seq 5 permit 10.1.3.0/24
ip prefix-list B22 seq 5 permit 10.2.2.0/24
!
route-map FROMFRR permit 10
 match ip address prefix-list F13
 set community no-export additive
route-map FROMFRR permit 20
!
route-map TOBIRD permit 10
 match ip address prefix-list F12
 set metric 77
route-map TOBIRD permit 20
!
route-map TOFRR permit 10
 match ip address prefix-list B22
 set as-path prepend 65555
route-map TOFRR permit 20
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
 neighbor 10.0.1.1 remote-as 65000
 neighbor 10.0.1.1 timers 1 3
 neighbor 10.0.1.1 timers connect 2
 neighbor 2001:db8:1::1 remote-as 65000
 neighbor 2001:db8:1::1 timers 1 3
 neighbor 2001:db8:1::1 timers connect 2
 address-family ipv4 unicast
  network 10.1.1.0/24 route-map ATTRS
  network 10.1.2.0/24 route-map ATTRS
  network 10.1.3.0/24 route-map ATTRS
  neighbor 10.0.1.1 activate
  neighbor 10.0.1.1 advertisement-interval 0
 exit-address-family
 address-family ipv6 unicast
  network 2001:db8:f1::/48 route-map ATTRS
  neighbor 2001:db8:1::1 activate
  neighbor 2001:db8:1::1 advertisement-interval 0
 exit-address-family
!
route-map ATTRS permit 10
 set metric 50
 set community 65001:100 65001:200
 set large-community 65001:1:1
!
EOF

cat >"$OK_TMP/b.conf" <<EOF
log "$OK_TMP/b.log" all;
router id 10.0.2.2;
timeformat protocol iso long ms;
protocol device { }
protocol static s4a { ipv4; route 10.2.1.0/24 blackhole; }
protocol static s4b { ipv4; route 10.2.2.0/24 blackhole; }
protocol static s6 { ipv6; route 2001:db8:b2::/48 blackhole; }
filter to_okapi {
	if source != RTS_STATIC then reject;
	bgp_med = 30;
	bgp_community.add((65002,100));
	bgp_large_community.add((65002,2,2));
	accept;
}
template bgp okapi {
	local as 65002;
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
check_within 20 "okapi: all four sessions Established" \
	eval 'okapi_established o 10.0.1.2 && okapi_established o 2001:db8:1::2 &&
	okapi_established o 10.0.2.2 && okapi_established o 2001:db8:2::2' ||
	{ it_excerpt "$OK_TMP/o.log" 30; it_end; }

# ---- FRR -> okapi -> BIRD ---------------------------------------------

check_within 15 "BIRD: FRR's 10.1.1.0/24, 10.1.2.0/24, 2001:db8:f1::/48 arrive" \
	eval 'bird_has b 10.1.1.0/24 && bird_has b 10.1.2.0/24 && bird_has b 2001:db8:f1::/48'
check_eq "BIRD 10.1.1.0/24: AS path, our AS prepended once" "65000 65001" \
	"$(bird_attr b 10.1.1.0/24 as_path)"
check_eq "BIRD 10.1.1.0/24: next hop self (okapi's address on link 2)" "10.0.2.1" \
	"$(bird_attr b 10.1.1.0/24 next_hop)"
check_eq "BIRD 10.1.1.0/24: FRR's MED 50 not passed to another AS" "-" \
	"$(bird_attr b 10.1.1.0/24 med)"
check_eq "BIRD 10.1.1.0/24: communities passed" "(65001,100) (65001,200)" \
	"$(bird_attr b 10.1.1.0/24 community)"
check_eq "BIRD 10.1.1.0/24: large community passed" "(65001, 1, 1)" \
	"$(bird_attr b 10.1.1.0/24 large_community)"
check_eq "BIRD 10.1.2.0/24: MED 77 set by okapi's route-map out" "77" \
	"$(bird_attr b 10.1.2.0/24 med)"
check_eq "BIRD 2001:db8:f1::/48: AS path" "65000 65001" \
	"$(bird_attr b 2001:db8:f1::/48 as_path)"
check_eq "BIRD 2001:db8:f1::/48: next hop global + okapi's link-local (shared link)" \
	"2001:db8:2::1 $LL_O2" "$(bird_attr b 2001:db8:f1::/48 next_hop)"
check_eq "BIRD 2001:db8:f1::/48: no MED" "-" "$(bird_attr b 2001:db8:f1::/48 med)"
check_eq "BIRD 2001:db8:f1::/48: communities" "(65001,100) (65001,200)" \
	"$(bird_attr b 2001:db8:f1::/48 community)"
check_eq "BIRD 2001:db8:f1::/48: large community" "(65001, 1, 1)" \
	"$(bird_attr b 2001:db8:f1::/48 large_community)"
check_eq "BIRD 0.0.0.0/0: default-originate toward BIRD (okapi has none)" "65000" \
	"$(bird_attr b 0.0.0.0/0 as_path)"
check_eq "BIRD 0.0.0.0/0: next hop self" "10.0.2.1" "$(bird_attr b 0.0.0.0/0 next_hop)"
check "BIRD: no ::/0 (default-originate is configured toward FRR only)" \
	bird_lacks b ::/0

# okapi's own view of what FRR sent: MED 50 kept on receipt.
check_attr "okapi 10.1.1.0/24: FRR's path, MED 50, external, best" \
	'Origin IGP, metric 50, localpref 100, valid, external, best' \
	okapi_rt o ipv4 10.1.1.0/24

check_within 10 "okapi: FRR's 10.1.3.0/24 received (NO_EXPORT added by okapi's route-map in)" \
	okapi_has o ipv4 10.1.3.0/24
check "BIRD (another AS): no 10.1.3.0/24, NO_EXPORT honoured (RFC 1997)" bird_lacks b 10.1.3.0/24

# ---- BIRD -> okapi -> FRR ---------------------------------------------

check_within 15 "FRR: BIRD's 10.2.1.0/24, 10.2.2.0/24, 2001:db8:b2::/48 arrive" \
	eval 'frr_has f ipv4 10.2.1.0/24 && frr_has f ipv4 10.2.2.0/24 && frr_has f ipv6 2001:db8:b2::/48'
check_attr "FRR 10.2.1.0/24: path 65000 65002, next hop self, no MED, communities" \
	'^path=65000_65002 nh=10\.0\.1\.1 med=- lp=- comm=65002:100 lcomm=65002:2:2 ' \
	frr_attrs f ipv4 10.2.1.0/24
check_attr "FRR 10.2.2.0/24: route-map prepend 65555 applied before our AS" \
	'^path=65000_65555_65002 ' frr_attrs f ipv4 10.2.2.0/24
check_attr "FRR 2001:db8:b2::/48: global + link-local next hop, no MED, communities" \
	"^path=65000_65002 nh=2001:db8:1::1,$LL_O1\\(ll\\) med=- lp=- comm=65002:100 lcomm=65002:2:2 " \
	frr_attrs f ipv6 2001:db8:b2::/48
check_attr "FRR ::/0: default-originate toward FRR (IPv6 family)" \
	'^path=65000 nh=2001:db8:1::1' frr_attrs f ipv6 ::/0
check "FRR: no 0.0.0.0/0 (IPv4 default-originate is toward BIRD only)" \
	frr_lacks f ipv4 0.0.0.0/0
check_attr "okapi 2001:db8:b2::/48: BIRD's MED 30 kept on receipt" \
	'Origin IGP, metric 30, localpref 100, valid, external, best' \
	okapi_rt o ipv6 2001:db8:b2::/48

it_hold

# ---- End-of-RIB ----------------------------------------------------------

check "FRR received End-of-RIB from okapi (IPv4)" frr_eor f 10.0.1.1 ipv4Unicast
check "FRR received End-of-RIB from okapi (IPv6)" frr_eor f 2001:db8:1::1 ipv6Unicast
check "BIRD received End-of-RIB from okapi (both sessions)" \
	test "$(grep -c 'Got END-OF-RIB' "$OK_TMP/b.log")" -ge 2
check "okapi received End-of-RIB from FRR (IPv4)" \
	okapi_eor_rcvd o 10.0.1.2 "IPv4 Unicast"
check "okapi received End-of-RIB from BIRD (IPv6)" \
	okapi_eor_rcvd o 2001:db8:2::2 "IPv6 Unicast"

# ---- route refresh asked by the peer (RFC 2918) -------------------------------

N0=$(frr_updates_rcvd f 10.0.1.1)
frr_vtysh f "clear bgp ipv4 unicast 10.0.1.1 soft in" >/dev/null
check_within 10 "FRR's soft in (ROUTE-REFRESH): okapi sends its Adj-RIB-Out again" \
	frr_updates_grew f 10.0.1.1 "${N0:-0}"
check_eq "FRR sent one ROUTE-REFRESH" "1" \
	"$(frr_nbr f 10.0.1.1 'n["messageStats"]["routeRefreshSent"]')"
B0=$(bird_import_updates b v4)
birdc_cmd b reload in v4 >/dev/null
check_within 10 "BIRD's reload in (ROUTE-REFRESH): okapi sends its 3 IPv4 routes again" \
	bird_imports_grew b v4 $(( ${B0:-0} + 3 ))
check_attr "FRR's routes unchanged after the refresh" \
	'^path=65000_65002 nh=10\.0\.1\.1 ' frr_attrs f ipv4 10.2.1.0/24
check_eq "BIRD's routes unchanged after the refresh" "77" \
	"$(bird_attr b 10.1.2.0/24 med)"

# ---- withdrawals ------------------------------------------------------------

frr_conf f "router bgp 65001" "address-family ipv4 unicast" "no network 10.1.2.0/24" \
	"exit-address-family" "address-family ipv6 unicast" "no network 2001:db8:f1::/48"
check_within 10 "FRR withdraws 10.1.2.0/24: gone at BIRD" bird_lacks b 10.1.2.0/24
check_within 10 "FRR withdraws 2001:db8:f1::/48 (MP_UNREACH): gone at BIRD" \
	bird_lacks b 2001:db8:f1::/48
check "BIRD still has 10.1.1.0/24 (only the withdrawn ones went)" bird_has b 10.1.1.0/24
birdc_cmd b disable s4b >/dev/null
birdc_cmd b disable s6 >/dev/null
check_within 10 "BIRD withdraws 10.2.2.0/24: gone at FRR" frr_lacks f ipv4 10.2.2.0/24
check_within 10 "BIRD withdraws 2001:db8:b2::/48: gone at FRR" \
	frr_lacks f ipv6 2001:db8:b2::/48
check "FRR still has 10.2.1.0/24" frr_has f ipv4 10.2.1.0/24

# ---- a session reset with routes in place -------------------------------------

frr_vtysh f "clear bgp 10.0.1.1" >/dev/null
check_within 15 "FRR's hard clear: the IPv4 session comes up again (second connection)" \
	frr_established f 10.0.1.1 2
check_within 10 "after the reset FRR has BIRD's 10.2.1.0/24 again (okapi's new dump)" \
	frr_has f ipv4 10.2.1.0/24
check_within 10 "after the reset FRR has End-of-RIB again" frr_eor f 10.0.1.1 ipv4Unicast
check_within 10 "after the reset BIRD has FRR's 10.1.1.0/24 (re-learned by okapi)" \
	bird_has b 10.1.1.0/24
check_match "okapi logged the reset: Down then Up for 10.0.1.2" \
	'Down.*Up' "$(grep -F '%ADJCHANGE: neighbor 10.0.1.2 ' "$OK_TMP/o.log" | tail -n 2 | tr '\n' ' ')"

# ---- NOTIFICATION on shutdown -----------------------------------------------

if check "okapi ends within 2 s of SIGTERM" ns_stop o 2; then
	check_within 5 "FRR: okapi's Cease NOTIFICATION received (IPv4 session)" \
		eval 'frr_notif f 10.0.1.1 | grep -q "Notification received / Cease"'
	check_within 5 "BIRD: okapi's Cease NOTIFICATION received" \
		eval 'bird_last_error b v4 | grep -q "Received: Peer de-configured"'
	check_within 5 "FRR: okapi's routes gone" frr_lacks f ipv4 10.2.1.0/24
	check_within 5 "BIRD: okapi's routes gone" bird_lacks b 10.1.1.0/24
fi
ns_log "scenario took $(ns_since "$T0") s"
it_end
