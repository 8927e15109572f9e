#!/bin/bash
#
# test_policy_lab.sh: the policy lab (etc/labs/policy.lab: r1 in AS 100
# with neighbours p1, p2 in AS 200 and q1 in AS 300; p2 announces
# 10.200.0.0/24, 10.201.0.0/24 and their IPv6 twins; dual stack).  On r1,
# in both families:
#	- local-pref wins over AS path length: q1's path (300 200) to the
#	  .200 LAN gets local-pref 200 from r1's route-map in (prefix-list)
#	  and is best over the two paths "200";
#	- match community: q1's other path (tagged 300:50 by q1's route-map
#	  out) gets local-pref 50;
#	- MED (set metric by p1 = 50 and p2 = 100 on what they send) is
#	  compared between the paths from AS 200: p1's wins although p2 has
#	  the lower router id;
#	- the kernel FIB follows (r1's routes via q1 and via p1), and h1
#	  reaches h2 and h3;
#	- policy changed in the config files + SIGHUP (r1: local-pref 200 ->
#	  80; p1: MED 50 -> 150): the best paths move to p1 and p2 within
#	  10 s.  Quagga 1.2 resets every session on SIGHUP, so its new policy
#	  always applies; okapi applies the difference.  If that does not
#	  re-select, a hard `clear ip bgp ADDR` of the sessions concerned is
#	  tried next, as its own check (the reloaded policy is in force).
# Needs root; the lab is stopped by a trap.  Prints PASS/FAIL lines and
# "test_policy_lab: N passed, N failed".
NAME=test_policy_lab
# shellcheck source=lib/labtest.sh
. "$(dirname "$0")/lib/labtest.sh"

lab_begin policy pol

declare -A P1=([4]=10.11.0.2 [6]=fd00:11::2)
declare -A P2=([4]=10.12.0.2 [6]=fd00:12::2)
declare -A Q1=([4]=10.13.0.2 [6]=fd00:13::2)
declare -A LP=([4]=10.200.0.0/24 [6]=fd00:200::/64)	# local-pref case
declare -A MED=([4]=10.201.0.0/24 [6]=fd00:201::/64)	# MED case

# paths_are FAM PREFIX WANT: r1's paths of PREFIX, sorted, equal WANT
# (lines FROM|METRIC|LOCALPREF|best|PATH).
paths_are()
{
	[ "$(lab_paths r1 "$1" "$2" | sort)" = "$(printf '%s\n' "$3" | sort)" ]
}

# expect DESC FAM PREFIX TIMEOUT WANT: poll r1's paths until they are WANT.
expect()
{
	local desc=$1 fam=$2 p=$3 t=$4 want=$5
	if lab_poll "$t" 0.5 paths_are "$fam" "$p" "$want"; then
		pass "$desc"
		return 0
	fi
	fail "$desc"
	echo "    want:"
	printf '%s\n' "$want" | sed 's/^/      /'
	echo "    got:"
	lab_paths r1 "$fam" "$p" | sed 's/^/      /'
	return 1
}

for f in 4 6; do
	# Routes follow the sessions by MRAI (3 s eBGP) per hop: 20 s.
	expect "IPv$f ${LP[$f]}: q1's path (300 200, local-pref 200 by prefix-list) beats the two paths '200'" \
		"$f" "${LP[$f]}" 20 "${P1[$f]}|50|100||200
${P2[$f]}|100|100||200
${Q1[$f]}||200|best|300 200"
	expect "IPv$f ${MED[$f]}: MED 50 (p1) beats MED 100 (p2, lower router id); q1's tagged path local-pref 50 (match community)" \
		"$f" "${MED[$f]}" 10 "${P1[$f]}|50|100|best|200
${P2[$f]}|100|100||200
${Q1[$f]}||50||300 200"
done

# fib_dev FAM PREFIX: the interface of r1's kernel route (proto bgp).
fib_dev()
{
	local o=-4
	[ "$1" = 6 ] && o=-6
	ip -n "$(ns r1)" "$o" route show "$2" proto bgp | grep ' metric 20' |
		sed -n 's/.* dev \([^ ]*\) .*/\1/p'
}
fib_is() { [ "$(fib_dev "$1" "$2")" = "$3" ]; }
# r1-eth0 leads to p1, eth1 to p2, eth2 to q1.
for f in 4 6; do
	if lab_poll 5 0.25 fib_is "$f" "${LP[$f]}" r1-eth2 && fib_is "$f" "${MED[$f]}" r1-eth0; then
		pass "IPv$f r1 FIB: ${LP[$f]} via q1, ${MED[$f]} via p1 (proto bgp metric 20)"
	else
		fail "IPv$f r1 FIB: ${LP[$f]} via q1, ${MED[$f]} via p1" \
			"${LP[$f]}: '$(fib_dev "$f" "${LP[$f]}")', ${MED[$f]}: '$(fib_dev "$f" "${MED[$f]}")'"
	fi
done

declare -A H=([h2_4]=10.200.0.10 [h3_4]=10.201.0.10 [h2_6]=fd00:200::10 [h3_6]=fd00:201::10)
reach()
{
	local bad="" h f
	for h in h2 h3; do
		for f in 4 6; do
			ip netns exec "$(ns h1)" ping -"$f" -c 1 -W 1 "${H[${h}_$f]}" >/dev/null 2>&1 ||
				bad="$bad h1->$h(v$f)"
		done
	done
	echo "$bad"
	[ -z "$bad" ]
}
if lab_poll 5 0.5 reach >/dev/null; then
	pass "h1 reaches h2 and h3 over IPv4 and IPv6"
else
	fail "h1 reaches h2 and h3 over IPv4 and IPv6" "unreachable:$(reach)"
fi

# ---- policy change + SIGHUP ----
sed -i 's/set local-preference 200/set local-preference 80/' "$WORK/r1/bgpd_r1.cfg"
sed -i 's/set metric 50/set metric 150/' "$WORK/p1/bgpd_p1.cfg"
kill -HUP "$(lab_tool pid "$LAB" r1)" "$(lab_tool pid "$LAB" p1)"
want_lp() {
	printf '%s\n' "${P1[$1]}|150|100||200" "${P2[$1]}|100|100|best|200" "${Q1[$1]}||80||300 200"
}
want_med() {
	printf '%s\n' "${P1[$1]}|150|100||200" "${P2[$1]}|100|100|best|200" "${Q1[$1]}||50||300 200"
}
hup_ok=1
for f in 4 6; do
	expect "SIGHUP: IPv$f ${LP[$f]}: local-pref 80 now loses: best via p2 (MED 100 < 150)" \
		"$f" "${LP[$f]}" 8 "$(want_lp "$f")" || hup_ok=0
	expect "SIGHUP: IPv$f ${MED[$f]}: p1's MED is 150 now: best via p2" \
		"$f" "${MED[$f]}" 3 "$(want_med "$f")" || hup_ok=0
done
if grep -q "SIGHUP received" "$(lab_log r1)" && grep -q "SIGHUP received" "$(lab_log p1)" &&
	! grep -q "not reloaded" "$(lab_log r1)" "$(lab_log p1)"; then
	pass "SIGHUP: r1 and p1 reloaded their configuration"
else
	fail "SIGHUP: r1 and p1 reloaded their configuration"
fi
if [ "$hup_ok" = 0 ]; then
	echo "    (the new policies did not take effect on SIGHUP; a hard clear of r1's sessions to q1 and p1 follows)"
	ip netns exec "$(ns r1)" "$LT_PY" "$LT_HERE/lib/vty.py" ::1 enable \
		"clear ip bgp ${Q1[4]}" "clear ip bgp ${Q1[6]}" \
		"clear ip bgp ${P1[4]}" "clear ip bgp ${P1[6]}" >/dev/null
	for f in 4 6; do
		expect "after SIGHUP + clear ip bgp: IPv$f ${LP[$f]}: best via p2" \
			"$f" "${LP[$f]}" 20 "$(want_lp "$f")"
		expect "after SIGHUP + clear ip bgp: IPv$f ${MED[$f]}: best via p2" \
			"$f" "${MED[$f]}" 5 "$(want_med "$f")"
	done
fi
for f in 4 6; do
	if lab_poll 5 0.25 fib_is "$f" "${LP[$f]}" r1-eth1 && fib_is "$f" "${MED[$f]}" r1-eth1; then
		pass "IPv$f r1 FIB after the change: ${LP[$f]} and ${MED[$f]} via p2"
	else
		fail "IPv$f r1 FIB after the change: ${LP[$f]} and ${MED[$f]} via p2" \
			"'$(fib_dev "$f" "${LP[$f]}")', '$(fib_dev "$f" "${MED[$f]}")'"
	fi
done
if lab_poll 5 0.5 reach >/dev/null; then
	pass "after the change: h1 reaches h2 and h3 over IPv4 and IPv6"
else
	fail "after the change: h1 reaches h2 and h3 over IPv4 and IPv6" "unreachable:$(reach)"
fi

lab_end
