#!/bin/bash
#
# okapi as a route-reflector client of FRR 8.4, next to a BIRD 2 client,
# all in AS 65000 on one LAN:
#
#   FRR   r  10.0.0.1  reflector, router id 10.0.0.1, cluster-id 10.255.255.9
#   okapi o  10.0.0.2  client, router id 10.255.0.2, originates 10.6.2.0/24
#   BIRD  b  10.0.0.3  client, router id 10.0.0.3, originates 10.6.3.0/24
#
# Checked: okapi accepts the reflected route (ORIGINATOR_ID not ours, our
# cluster not in CLUSTER_LIST: RFC 4456 8), shows BIRD as its originator,
# keeps BIRD's next hop and LOCAL_PREF 120 and uses the path; okapi's own
# route reaches BIRD through the reflector with ORIGINATOR_ID = okapi's
# router id and CLUSTER_LIST = FRR's cluster id, and reaches FRR without
# them; FRR reflects okapi's route back to okapi, which drops it
# (ORIGINATOR_ID = its router id); okapi's withdrawal (network removed,
# SIGHUP) is seen at BIRD.

IT_HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
. "$IT_HERE/lib.sh"
# shellcheck source=configs/routes_common.sh
. "$IT_HERE/configs/routes_common.sh"

it_begin routes-rrc
it_need_okapi
it_need_cmd "$FRR_BGPD" "$FRR_VTYSH" "$BIRD_BIN" "$BIRDC_BIN"

lan_setup sw r o b || it_cannot_run "LAN setup"

cat >"$OK_TMP/r.conf" <<EOF
frr defaults traditional
hostname r
log file $OK_TMP/r.log
!
router bgp 65000
 bgp router-id 10.0.0.1
 bgp cluster-id 10.255.255.9
 no bgp default ipv4-unicast
 bgp log-neighbor-changes
 neighbor 10.0.0.2 remote-as 65000
 neighbor 10.0.0.2 timers 1 3
 neighbor 10.0.0.2 timers connect 2
 neighbor 10.0.0.3 remote-as 65000
 neighbor 10.0.0.3 timers 1 3
 neighbor 10.0.0.3 timers connect 2
 address-family ipv4 unicast
  neighbor 10.0.0.2 activate
  neighbor 10.0.0.2 route-reflector-client
  neighbor 10.0.0.2 advertisement-interval 0
  neighbor 10.0.0.3 activate
  neighbor 10.0.0.3 route-reflector-client
  neighbor 10.0.0.3 advertisement-interval 0
 exit-address-family
!
EOF

cat >"$OK_TMP/o.conf" <<EOF
hostname o
password zebra
log file $OK_TMP/o.log
!
router bgp 65000
 bgp router-id 10.255.0.2
 network 10.6.2.0/24
 neighbor 10.0.0.1 remote-as 65000
 neighbor 10.0.0.1 timers 1 3
 neighbor 10.0.0.1 timers connect 2
 neighbor 10.0.0.1 advertisement-interval 0
!
EOF

cat >"$OK_TMP/b.conf" <<EOF
log "$OK_TMP/b.log" all;
router id 10.0.0.3;
timeformat protocol iso long ms;
protocol device { }
protocol direct { ipv4; }
protocol static s4 { ipv4; route 10.6.3.0/24 blackhole; }
protocol bgp reflector {
	local as 65000;
	neighbor 10.0.0.1 as 65000;
	hold time 3;
	keepalive time 1;
	connect retry time 2;
	ipv4 {
		import all;
		export filter { if proto != "s4" then reject; bgp_local_pref = 120; accept; };
	};
}
EOF

frrz_start r r
okapi_start o o
bird_start b b

T0=$(ns_now)
check_within 20 "okapi and BIRD Established with the FRR reflector" \
	eval 'okapi_established o 10.0.0.1 && frr_established r 10.0.0.3' ||
	{ it_excerpt "$OK_TMP/o.log" 30; it_end; }

check_within 15 "okapi: BIRD's 10.6.3.0/24 reflected by FRR" okapi_has o ipv4 10.6.3.0/24
check_attr "okapi 10.6.3.0/24: next hop BIRD's, from the reflector, originator BIRD (shown in parentheses)" \
	'10\.0\.0\.3 from 10\.0\.0\.1 \(10\.0\.0\.3\)' okapi_rt o ipv4 10.6.3.0/24
check_attr "okapi 10.6.3.0/24: LOCAL_PREF 120 kept, internal, valid, best" \
	'localpref 120, valid, internal, best' okapi_rt o ipv4 10.6.3.0/24
check_within 10 "okapi installs it in its kernel table (next hop BIRD)" \
	eval 'ns_exec o ip route show 10.6.3.0/24 | grep -q "via 10.0.0.3"'

check_within 15 "BIRD: okapi's 10.6.2.0/24 reflected by FRR" bird_has b 10.6.2.0/24
check_eq "BIRD 10.6.2.0/24: ORIGINATOR_ID = okapi's router id" "10.255.0.2" \
	"$(bird_attr b 10.6.2.0/24 originator_id)"
check_eq "BIRD 10.6.2.0/24: CLUSTER_LIST = FRR's cluster id" "10.255.255.9" \
	"$(bird_attr b 10.6.2.0/24 cluster_list)"
check_eq "BIRD 10.6.2.0/24: next hop okapi" "10.0.0.2" "$(bird_attr b 10.6.2.0/24 next_hop)"
check_eq "BIRD 10.6.2.0/24: LOCAL_PREF 100 (okapi's default)" "100" \
	"$(bird_attr b 10.6.2.0/24 local_pref)"
check_attr "FRR 10.6.2.0/24 from okapi: no ORIGINATOR_ID, no CLUSTER_LIST, LOCAL_PREF 100" \
	'^path=Local nh=10\.0\.0\.2 .*lp=100 .*orig=- cl= from=10\.0\.0\.2$' \
	frr_attrs r ipv4 10.6.2.0/24
# FRR 8.4 reflects a client's route back to that client too (RFC 4456
# lets the ORIGINATOR_ID stop it): okapi must not take its own route back.
if frr_vtysh r "show bgp ipv4 unicast neighbors 10.0.0.2 advertised-routes" |
	grep -q '10\.6\.2\.0/24'; then
	check_attr "okapi drops its own route reflected back (ORIGINATOR_ID = its router id): one path, local" \
		'Paths: \(1 available, best #1' okapi_rt o ipv4 10.6.2.0/24
else
	ns_log "FRR did not reflect 10.6.2.0/24 back to okapi: the loop check is not exercised"
fi
it_hold

# okapi withdraws (network removed by SIGHUP reload): gone at BIRD.
sed -i '/^ network 10.6.2.0\/24$/d' "$OK_TMP/o.conf"
ns_signal o HUP
check_within 10 "okapi's network removed (SIGHUP): 10.6.2.0/24 gone at BIRD" \
	bird_lacks b 10.6.2.0/24
check "okapi still has BIRD's route after the reload" okapi_has o ipv4 10.6.3.0/24
ns_log "scenario took $(ns_since "$T0") s"
it_end
