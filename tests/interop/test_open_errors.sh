#!/bin/bash
#
# Malformed OPENs, bad headers, and bad or odd messages once Established
# (second OPEN, ROUTE-REFRESH, Cease with RFC 9003 shutdown communication,
# also malformed) against a running okapi bgpd (issue 2:
# "every error gets the right NOTIFICATION code and subcode, with the bad
# data, and is logged; a malformed OPEN never crashes the daemon").
# bgp_inject.py (namespace b) plays one peer per case, each from its own
# address 10.0.0.(10+i), all configured as passive neighbors of okapi
# (active ones for the two RFC 4271 6.8 collision cases, where each side
# opens a connection and the BGP Identifiers decide which one is closed)
# (namespace a, AS 65000, 10.0.0.1); the cases and expected answers are
# those of the malformed-message catalogue, parts A and B (shared
# reference rfc7606-and-errors.md section 4).  Then: okapi still runs,
# logged each NOTIFICATION it sent, and a clean peer still comes up.
#
# OK_INJECT_TARGET=frr runs the same cases against FRR's bgpd instead, to
# validate the injector (FRR 8.4 differs in two cases: it answers an
# optional parameter of type 1 with 2/5, and a second OPEN while
# Established with a plain close instead of 5/3; after a collision that
# keeps the peer's connection it closes that one too).
# Run alone: bash test_open_errors.sh (needs root; OKAPI_BGPD).

. "$(dirname "$0")/lib.sh"
it_begin open-errors
TARGET=${OK_INJECT_TARGET:-okapi}
if [ "$TARGET" = okapi ]; then
	it_need_okapi
else
	[ -x "$FRR_BGPD" ] || it_cannot_run "FRR bgpd not found at $FRR_BGPD"
fi
it_need_cmd ip "$OK_PYTHON"
INJ="$IT_DIR/bgp_inject.py"
CASES=$("$OK_PYTHON" "$INJ" --target 10.0.0.1 --src-base 10.0.0.10 \
	--peer-as 65001 --local-as 65000 --list | awk '{print $2}')
NCASES=$(printf '%s\n' "$CASES" | grep -c .)
[ "$NCASES" -gt 0 ] || it_cannot_run "bgp_inject.py lists no case"

ns_add a && ns_add b && ns_link a eth0 b eth0 &&
	ns_addr a eth0 10.0.0.1/24 && ns_addr b eth0 10.0.0.2/24 ||
	it_cannot_run "namespace setup failed"
for ((i = 0; i < NCASES; i++)); do
	ns_addr b eth0 "10.0.0.$((10 + i))/24" || it_cannot_run "address setup failed"
done
ns_wait_settled a b || it_cannot_run "namespaces did not settle"

{
	[ "$TARGET" = frr ] && printf 'frr defaults traditional\n'
	printf 'hostname a\npassword zebra\nlog file %s/A.log\n!\n' "$OK_TMP"
	printf 'router bgp 65000\n bgp router-id 10.0.0.1\n'
	[ "$TARGET" = frr ] && printf ' no bgp ebgp-requires-policy\n bgp log-neighbor-changes\n'
	i=0
	for name in $CASES; do
		printf ' neighbor 10.0.0.%d remote-as 65001\n' $((10 + i))
		# Collision cases need the target to connect too.
		case $name in
		collision-*) printf ' neighbor 10.0.0.%d timers connect 1\n' $((10 + i)) ;;
		*) printf ' neighbor 10.0.0.%d passive\n' $((10 + i)) ;;
		esac
		i=$((i + 1))
	done
	# The clean peer at the end.
	printf ' neighbor 10.0.0.2 remote-as 65001\n neighbor 10.0.0.2 passive\n!\n'
} >"$OK_TMP/A.conf"
if [ "$TARGET" = okapi ]; then
	okapi_start A a || it_cannot_run "cannot start okapi"
else
	frr_start A a
fi
listening()
{
	ns_exec a ss -Hltn 'sport = :179' | grep -q 179
}
wait_for 5 listening || it_cannot_run "$TARGET does not listen on 179"

while read -r verdict name src detail; do
	if [ "$verdict" = ok ]; then
		pass "$name (from ${src%:}): $detail"
	else
		fail "$name (from ${src%:})" "$detail"
	fi
	# Every NOTIFICATION okapi sent must be in its log.
	if [ "$TARGET" = okapi ] && [[ $detail == NOTIFICATION* ]]; then
		cs=${detail#NOTIFICATION }
		cs=${cs%% *}
		check_within 2 "$name: okapi logs %NOTIFICATION: sent to neighbor ${src%:} $cs" \
			grep -qF "%NOTIFICATION: sent to neighbor ${src%:} $cs " "$OK_TMP/A.log"
	fi
	# and every Cease it received.
	if [ "$TARGET" = okapi ] && [[ $name == est-cease-* ]]; then
		check_within 2 "$name: okapi logs %NOTIFICATION: received from neighbor ${src%:} 6/2" \
			grep -qF "%NOTIFICATION: received from neighbor ${src%:} 6/2 " "$OK_TMP/A.log"
	fi
	ns_running A || { fail "$TARGET still running after case $name"; break; }
done < <(ns_exec b "$OK_PYTHON" "$INJ" --target 10.0.0.1 --src-base 10.0.0.10 \
	--peer-as 65001 --local-as 65000 2>&1)

check "$TARGET still running after every case" ns_running A
verdict=$(ns_exec b "$OK_PYTHON" "$INJ" --target 10.0.0.1 --src-base 10.0.0.2 \
	--peer-as 65001 --local-as 65000 valid-open 2>&1)
check_match "a clean peer still comes up afterwards" '^ok valid-open' "$verdict"
if [ "$IT_FAIL" -gt 0 ]; then
	it_excerpt "$OK_TMP/A.log" 40
	it_excerpt "$OK_TMP/A.stderr" 10
fi
it_end
