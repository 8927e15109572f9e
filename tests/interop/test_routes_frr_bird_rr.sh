#!/bin/bash
#
# okapi as an iBGP route reflector (RFC 4456) for FRR 8.4 and BIRD 2, all
# in AS 65000 on one LAN (a bridge in its own namespace):
#
#   okapi o  10.0.0.1  2001:db8::1  router id 10.255.0.1, cluster-id 10.255.255.1
#   FRR  c1  10.0.0.2  2001:db8::2  client      originates 10.3.1.0/24
#   BIRD c2  10.0.0.3  2001:db8::3  client      originates 10.3.2.0/24, 2001:db8:32::/48
#   FRR  n1  10.0.0.4               non-client  originates 10.3.4.0/24
#   BIRD n2  10.0.0.5               non-client  originates 10.3.5.0/24
#   okapi itself originates 10.3.9.0/24 (network).
#
# IPv4 unicast over IPv4 sessions with all four, IPv6 unicast over IPv6
# sessions with the two clients.  Checked (RFC 4456 6 and 8): a client's
# route goes to every other peer with ORIGINATOR_ID = its router id,
# CLUSTER_LIST = our cluster id, next hop and LOCAL_PREF kept; a
# non-client's route goes to the clients only, never to the other
# non-client; okapi's own route carries neither attribute; IPv6 reflected
# with its global next hop; a withdrawal at a client reaches the others.

IT_HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
. "$IT_HERE/lib.sh"
# shellcheck source=configs/routes_common.sh
. "$IT_HERE/configs/routes_common.sh"

it_begin routes-rr
it_need_okapi
it_need_cmd "$FRR_BGPD" "$FRR_VTYSH" "$BIRD_BIN" "$BIRDC_BIN"

lan_setup sw o c1 c2 n1 n2 || it_cannot_run "LAN setup"
ns_addr o e0 2001:db8::1/64 && ns_addr c1 e0 2001:db8::2/64 &&
	ns_addr c2 e0 2001:db8::3/64 || it_cannot_run "IPv6 addresses"

cat >"$OK_TMP/o.conf" <<EOF
hostname o
password zebra
log file $OK_TMP/o.log
!
router bgp 65000
 bgp router-id 10.255.0.1
 bgp cluster-id 10.255.255.1
 no bgp default ipv4-unicast
 network 10.3.9.0/24
EOF
for n in 2 3 4 5 2001:db8::2 2001:db8::3; do
	case $n in *:*) addr=$n ;; *) addr=10.0.0.$n ;; esac
	cat >>"$OK_TMP/o.conf" <<EOF
 neighbor $addr remote-as 65000
 neighbor $addr timers 1 3
 neighbor $addr timers connect 2
 neighbor $addr advertisement-interval 0
EOF
done
cat >>"$OK_TMP/o.conf" <<EOF
 neighbor 10.0.0.2 activate
 neighbor 10.0.0.2 route-reflector-client
 neighbor 10.0.0.3 activate
 neighbor 10.0.0.3 route-reflector-client
 neighbor 10.0.0.4 activate
 neighbor 10.0.0.5 activate
 address-family ipv6
  neighbor 2001:db8::2 activate
  neighbor 2001:db8::2 route-reflector-client
  neighbor 2001:db8::3 activate
  neighbor 2001:db8::3 route-reflector-client
 exit-address-family
!
EOF

# frr_ibgp LABEL RID NET [V6]: FRR in AS 65000 peering with okapi.
frr_ibgp()
{
	cat <<EOF
frr defaults traditional
hostname $1
log file $OK_TMP/$1.log
!
router bgp 65000
 bgp router-id $2
 no bgp network import-check
 no bgp default ipv4-unicast
 bgp log-neighbor-changes
 neighbor 10.0.0.1 remote-as 65000
 neighbor 10.0.0.1 timers 1 3
 neighbor 10.0.0.1 timers connect 2
EOF
	[ -n "${4:-}" ] && cat <<EOF
 neighbor 2001:db8::1 remote-as 65000
 neighbor 2001:db8::1 timers 1 3
 neighbor 2001:db8::1 timers connect 2
 address-family ipv6 unicast
  neighbor 2001:db8::1 activate
  neighbor 2001:db8::1 advertisement-interval 0
 exit-address-family
EOF
	cat <<EOF
 address-family ipv4 unicast
  network $3
  neighbor 10.0.0.1 activate
  neighbor 10.0.0.1 advertisement-interval 0
 exit-address-family
!
EOF
}

# bird_ibgp LABEL RID NET4 [NET6]: BIRD in AS 65000 peering with okapi;
# the LAN (protocol direct) is its IGP for the recursive next hops.
bird_ibgp()
{
	cat <<EOF
log "$OK_TMP/$1.log" all;
router id $2;
timeformat protocol iso long ms;
protocol device { }
protocol direct { ipv4; ipv6; }
protocol static s4 { ipv4; route $3 blackhole; }
filter to_okapi {
	if proto != "s4" && proto != "s6" then reject;
	accept;
}
template bgp okapi {
	local as 65000;
	hold time 3;
	keepalive time 1;
	connect retry time 2;
	error wait time 1, 3;
}
protocol bgp v4 from okapi {
	neighbor 10.0.0.1 as 65000;
	ipv4 { import all; export filter to_okapi; };
}
EOF
	[ -n "${4:-}" ] && cat <<EOF
protocol static s6 { ipv6; route $4 blackhole; }
protocol bgp v6 from okapi {
	neighbor 2001:db8::1 as 65000;
	ipv6 { import all; export filter to_okapi; };
}
EOF
}

frr_ibgp c1 10.0.0.2 10.3.1.0/24 v6 >"$OK_TMP/c1.conf"
frr_ibgp n1 10.0.0.4 10.3.4.0/24 >"$OK_TMP/n1.conf"
bird_ibgp c2 10.0.0.3 10.3.2.0/24 2001:db8:32::/48 >"$OK_TMP/c2.conf"
bird_ibgp n2 10.0.0.5 10.3.5.0/24 >"$OK_TMP/n2.conf"

okapi_start o o
frrz_start c1 c1
frrz_start n1 n1
bird_start c2 c2
bird_start n2 n2

T0=$(ns_now)
all_up()
{
	local x
	for x in 10.0.0.2 10.0.0.3 10.0.0.4 10.0.0.5 2001:db8::2 2001:db8::3; do
		okapi_established o "$x" || return 1
	done
}
check_within 25 "okapi: the six sessions Established" all_up ||
	{ it_excerpt "$OK_TMP/o.log" 30; it_end; }

# ---- a client's route: to everyone, with the reflection attributes ----

check_within 15 "c1's 10.3.1.0/24 reflected to c2 (client), n1 and n2 (non-clients)" \
	eval 'bird_has c2 10.3.1.0/24 && frr_has n1 ipv4 10.3.1.0/24 && bird_has n2 10.3.1.0/24'
for b in c2 n2; do
	check_eq "$b (BIRD) 10.3.1.0/24: ORIGINATOR_ID = c1's router id" "10.0.0.2" \
		"$(bird_attr $b 10.3.1.0/24 originator_id)"
	check_eq "$b (BIRD) 10.3.1.0/24: CLUSTER_LIST = okapi's cluster id" "10.255.255.1" \
		"$(bird_attr $b 10.3.1.0/24 cluster_list)"
	check_eq "$b (BIRD) 10.3.1.0/24: next hop kept (c1)" "10.0.0.2" \
		"$(bird_attr $b 10.3.1.0/24 next_hop)"
	check_eq "$b (BIRD) 10.3.1.0/24: AS path empty (iBGP)" "" \
		"$(bird_attr $b 10.3.1.0/24 as_path)"
done
check_attr "n1 (FRR) 10.3.1.0/24: originator c1, cluster list, next hop c1, LOCAL_PREF 100" \
	'^path=Local nh=10\.0\.0\.2 med=0 lp=100 comm=- lcomm=- orig=10\.0\.0\.2 cl=10\.255\.255\.1 ' \
	frr_attrs n1 ipv4 10.3.1.0/24

check_within 10 "c2's 10.3.2.0/24 reflected to c1, n1, n2" \
	eval 'frr_has c1 ipv4 10.3.2.0/24 && frr_has n1 ipv4 10.3.2.0/24 && bird_has n2 10.3.2.0/24'
check_attr "c1 (FRR) 10.3.2.0/24: originator c2, cluster list, next hop c2" \
	'^path=Local nh=10\.0\.0\.3 med=- lp=100 comm=- lcomm=- orig=10\.0\.0\.3 cl=10\.255\.255\.1 ' \
	frr_attrs c1 ipv4 10.3.2.0/24
check_within 10 "c2's IPv6 2001:db8:32::/48 reflected to c1" frr_has c1 ipv6 2001:db8:32::/48
check_attr "c1 (FRR) 2001:db8:32::/48: global next hop kept, originator c2, cluster list" \
	'^path=Local nh=2001:db8::3 med=- lp=100 comm=- lcomm=- orig=10\.0\.0\.3 cl=10\.255\.255\.1 ' \
	frr_attrs c1 ipv6 2001:db8:32::/48

# ---- a non-client's route: to the clients only ----------------------------

check_within 10 "n1's 10.3.4.0/24 reflected to the clients c1 and c2" \
	eval 'frr_has c1 ipv4 10.3.4.0/24 && bird_has c2 10.3.4.0/24'
check_within 10 "n2's 10.3.5.0/24 reflected to the clients c1 and c2" \
	eval 'frr_has c1 ipv4 10.3.5.0/24 && bird_has c2 10.3.5.0/24'
check_eq "c2 (BIRD) 10.3.4.0/24: ORIGINATOR_ID = n1" "10.0.0.4" \
	"$(bird_attr c2 10.3.4.0/24 originator_id)"
check_attr "c1 (FRR) 10.3.5.0/24: ORIGINATOR_ID = n2, cluster list" \
	'orig=10\.0\.0\.5 cl=10\.255\.255\.1 ' frr_attrs c1 ipv4 10.3.5.0/24
# The clients have them: had okapi sent them to the other non-client, it
# would have by now (advertisement-interval 0 to every peer).
sleep 1
check "n2 (non-client) never gets n1's 10.3.4.0/24" bird_lacks n2 10.3.4.0/24
check "n1 (non-client) never gets n2's 10.3.5.0/24" frr_lacks n1 ipv4 10.3.5.0/24

# ---- okapi's own route: not reflected, no reflection attributes ----------

check_within 10 "okapi's 10.3.9.0/24 reaches all four" \
	eval 'frr_has c1 ipv4 10.3.9.0/24 && frr_has n1 ipv4 10.3.9.0/24 &&
	bird_has c2 10.3.9.0/24 && bird_has n2 10.3.9.0/24'
check_attr "n1 (FRR) 10.3.9.0/24: next hop okapi, no ORIGINATOR_ID, no CLUSTER_LIST" \
	'^path=Local nh=10\.0\.0\.1 .* orig=- cl= ' frr_attrs n1 ipv4 10.3.9.0/24
check_eq "n2 (BIRD) 10.3.9.0/24: no ORIGINATOR_ID" "-" \
	"$(bird_attr n2 10.3.9.0/24 originator_id)"
check_eq "n2 (BIRD) 10.3.9.0/24: no CLUSTER_LIST" "-" \
	"$(bird_attr n2 10.3.9.0/24 cluster_list)"
check_attr "okapi: c1's route learned from c1, internal, best" \
	'10\.0\.0\.2 from 10\.0\.0\.2 \(10\.0\.0\.2\)' okapi_rt o ipv4 10.3.1.0/24
it_hold

# ---- withdrawal at a client ------------------------------------------------

frr_conf c1 "router bgp 65000" "address-family ipv4 unicast" "no network 10.3.1.0/24"
check_within 10 "c1 withdraws 10.3.1.0/24: gone at c2, n1, n2" \
	eval 'bird_lacks c2 10.3.1.0/24 && frr_lacks n1 ipv4 10.3.1.0/24 && bird_lacks n2 10.3.1.0/24'
ns_log "scenario took $(ns_since "$T0") s"
it_end
