#!/bin/bash
#
# Issue 2's TTL rules, okapi against FRR 8.4 two hops away: okapi in
# namespace a (AS 4200000001, 10.1.0.1), a plain Linux router r in the
# middle, and three FRRs behind it (h1 10.1.1.1, h2 10.1.2.1, h3 10.1.3.1),
# all with ebgp-multihop 255 on FRR's side:
#	h1 (eBGP, FRR passive): okapi without ebgp-multihop sends with TTL 1
#	   (RFC 4271 directly connected eBGP, Quagga's default), which dies at
#	   r: never Established;
#	h2 (eBGP, FRR passive): okapi "ebgp-multihop" (no count = 255):
#	   Established across r;
#	h3 (iBGP, same AS): TTL 255 by default: Established across r, and FRR
#	   sees an internal link.
# Run alone: bash test_session_multihop.sh (needs root; OKAPI_BGPD).

. "$(dirname "$0")/lib.sh"
it_begin multihop
it_need_okapi
[ -x "$FRR_BGPD" ] || it_cannot_run "FRR bgpd not found at $FRR_BGPD"
it_need_cmd "$FRR_VTYSH" ip "$OK_PYTHON"

ASA=4200000001
setup()
{
	local i
	ns_add a && ns_add r && ns_link a eth0 r eth0 &&
		ns_addr a eth0 10.1.0.1/24 && ns_addr r eth0 10.1.0.2/24 &&
		ns_exec a ip route add default via 10.1.0.2 || return 1
	for i in 1 2 3; do
		ns_add "h$i" && ns_link r "eth$i" "h$i" eth0 &&
			ns_addr r "eth$i" "10.1.$i.2/24" &&
			ns_addr "h$i" eth0 "10.1.$i.1/24" &&
			ns_exec "h$i" ip route add default via "10.1.$i.2" || return 1
	done
	ns_wait_settled a r h1 h2 h3
}
setup || it_cannot_run "namespace setup failed"

# Forwarding through r works (so a failure below is about BGP, not routing).
check "a reaches h1, h2 and h3 through r (ping)" \
	ns_exec a sh -c 'for h in 10.1.1.1 10.1.2.1 10.1.3.1; do ping -c1 -W2 $h >/dev/null || exit 1; done'

# frr_h I AS EXTRA...: FRR config for hI.
frr_h()
{
	local i=$1 as=$2 l
	shift 2
	{
		printf 'frr defaults traditional\nhostname h%s\nrouter bgp %s\n' "$i" "$as"
		printf ' bgp router-id 10.1.%s.1\n no bgp ebgp-requires-policy\n' "$i"
		printf ' bgp log-neighbor-changes\n neighbor 10.1.0.1 remote-as %s\n' $ASA
		printf ' neighbor 10.1.0.1 timers connect 2\n'
		for l in "$@"; do printf ' neighbor 10.1.0.1 %s\n' "$l"; done
	} >"$OK_TMP/h$i.conf"
}
frr_h 1 65001 "ebgp-multihop 255" passive
frr_h 2 65002 "ebgp-multihop 255" passive
frr_h 3 $ASA
cat >"$OK_TMP/A.conf" <<EOF
hostname a
password zebra
log file $OK_TMP/A.log
!
router bgp $ASA
 bgp router-id 10.1.0.1
 neighbor 10.1.1.1 remote-as 65001
 neighbor 10.1.1.1 timers connect 2
 neighbor 10.1.2.1 remote-as 65002
 neighbor 10.1.2.1 ebgp-multihop
 neighbor 10.1.2.1 timers connect 2
 neighbor 10.1.3.1 remote-as $ASA
 neighbor 10.1.3.1 timers connect 2
!
EOF
for i in 1 2 3; do frr_start "h$i" "h$i"; done
okapi_start A a || it_cannot_run "cannot start okapi"

check_within 10 "h2: eBGP with 'ebgp-multihop' (TTL 255) Established across a router" \
	frr_established h2 10.1.0.1
check_within 10 "h3: iBGP Established across a router (TTL 255)" \
	frr_established h3 10.1.0.1
check_eq "h3: FRR sees an internal link" True \
	"$(frr_nbr h3 10.1.0.1 'n.get("nbrInternalLink", False)')"
check "okapi logs h2 Up" okapi_established A 10.1.2.1
check "okapi logs h3 Up" okapi_established A 10.1.3.1
# h1 had as long as h2 and h3 took, plus 4 s (two connect retries).
sleep 4
# FRR must answer (a dead FRR would also show no session).
check_match "h1: eBGP two hops away without ebgp-multihop (TTL 1): never Established" \
	'^(Idle|Connect|Active|OpenSent|OpenConfirm) 0$' \
	"$(frr_nbr h1 10.1.0.1 'n["bgpState"] + " " + str(n.get("connectionsEstablished", 0))')"
check_eq "h1: no %ADJCHANGE Up in okapi's log" 0 "$(okapi_up_count A 10.1.1.1)"
if [ "$IT_FAIL" -gt 0 ]; then
	it_excerpt "$OK_TMP/A.log" 30
fi
it_end
