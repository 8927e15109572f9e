#!/bin/bash
#
# test_seed_lab.sh: the seed lab (etc/labs/simple-bgp.lab: as1ra..as4rd,
# okapi on every router, hosts h1..h4), with `timers 3 9` on the
# as2rb-as4rd session (a copy of the lab file in the work dir).
#	- it converges to the `show ipv6 bgp` table of
#	  ../shared/seeds/000_bb8d63c99a2ebb10.txt on as1ra: exactly the
#	  seven paths for the four prefixes, with the seed's best paths (rows
#	  compared by prefix, status, next hop and AS path + origin, sorted:
#	  the order of one prefix's paths depends on arrival order); footer,
#	  PfxRcd, per-prefix detail, "Advertised to";
#	- the equivalent tables on as2rb, as3rc and as4rd (derived from the
#	  topology by the same rules: shortest AS path, then lowest router id
#	  with compare-routerid, nothing sent back to the peer it came from);
#	- the kernel FIB of every router holds its three remote /64s, proto
#	  bgp metric 20, via the link-local address of the chosen neighbour;
#	- every host reaches every other host;
#	- the seed's link failure (issue 4): as2rb's side of the ra-rb link
#	  down: as1ra's paths via 2001:12::b lose their '*' within 1 s, the
#	  session stays up, the FIB and the traffic go through as3rc; and back;
#	- hold timer: as4rd's bgpd stopped (SIGSTOP): as2rb logs
#	  `%NOTIFICATION: sent to neighbor 2001:24::d 4/0 (Hold Timer
#	  Expired) 0 bytes` and `%ADJCHANGE: neighbor 2001:24::d Down BGP
#	  Notification send` 6-10 s later, as1ra loses 2001:1234:4::/64;
#	  after SIGCONT the session and the route come back;
#	- restart: as2rb's bgpd ended (SIGTERM) and started again with the
#	  same command line (okapi-lab restart): its neighbours see it go down
#	  and come back, as1ra's table is the seed's again, every host
#	  reaches every other host;
#	- crash: as3rc's bgpd killed (SIGKILL) and started again: it finds
#	  the killed instance's routes in the kernel and replaces them; the
#	  sessions, tables, its FIB (exactly three routes) and traffic return.
# Needs root; the lab is always stopped by a trap.  Prints "PASS/FAIL
# test_seed_lab: check" lines and "test_seed_lab: N passed, N failed".
NAME=test_seed_lab
# shellcheck source=lib/labtest.sh
. "$(dirname "$0")/lib/labtest.sh"

lab_workdir seed
mkdir -p "$WORK"
sed 's/^bgp as2rb as4rd$/bgp as2rb as4rd timers 3 9/' "$LT_SRC/etc/labs/simple-bgp.lab" \
	>"$WORK/simple-bgp.lab"
grep -qx 'bgp as2rb as4rd timers 3 9' "$WORK/simple-bgp.lab" ||
	{ fail "lab file: timers 3 9 on as2rb-as4rd" "no 'bgp as2rb as4rd' line"; finish; }
lab_begin "$WORK/simple-bgp.lab" seed

# prefix|status|next hop|path, from Quagga's fixed columns (a long
# network or next hop wraps onto the next line, indented to its column).
rows() {
	"$LT_PY" -c '
import re, sys
cur = st = nh = None
expect = None
def emit(line):
    print("%s|%s|%s|%s" % (cur, st, nh, line[61:]))
def after_nh(line, rest):
    global expect
    if rest[len(nh):].strip():
        emit(line)
        expect = None
    else:
        expect = "tail"
for line in sys.stdin.read().splitlines():
    if expect == "nh" and line.startswith(" " * 20) and line[20:21] != " ":
        nh = line[20:].split()[0]
        after_nh(line, line[20:])
        continue
    if expect == "tail" and line.startswith(" " * 36):
        emit(line)
        expect = None
        continue
    expect = None
    if line.startswith("   Network") or len(line) < 21:
        if len(line) > 3 and re.match(r"[*SR ][>=hd ][i ]\S", line):
            st, cur, expect = line[:2], line[3:].split()[0], "nh"
        continue
    if not re.match(r"[*SR ][>=hd ][i ]", line):
        continue
    st = line[:2]
    if line[3] != " ":
        cur = line[3:].split()[0]
        if len(cur) >= 17:
            expect = "nh"
            continue
    elif line[3:20].strip() or line[20] == " ":
        continue
    nh = line[20:].split()[0]
    after_nh(line, line[20:])
' | sort
}

want=$(sort <<'ROWS'
2001:1234:1::/64|*>|::|i
2001:1234:2::/64|* |2001:13::c|3 2 i
2001:1234:2::/64|*>|2001:12::b|2 i
2001:1234:3::/64|* |2001:12::b|2 3 i
2001:1234:3::/64|*>|2001:13::c|3 i
2001:1234:4::/64|* |2001:13::c|3 2 4 i
2001:1234:4::/64|*>|2001:12::b|2 4 i
ROWS
)

# Re-advertisement is paced by MRAI (3 s eBGP): allow 30 s.
got=""
for _ in $(seq 1 30); do
	out=$(lab_vty as1ra "show ipv6 bgp")
	got=$(printf '%s\n' "$out" | rows)
	[ "$got" = "$want" ] && break
	sleep 1
done
if [ "$got" = "$want" ]; then
	pass "as1ra show ipv6 bgp: the seed's seven paths and best paths"
else
	fail "as1ra show ipv6 bgp: the seed's seven paths and best paths" \
		"got: $(printf '%s' "$got" | tr '\n' ';')"
	printf '%s\n' "$out" | sed 's/^/    /'
fi
if printf '%s\n' "$out" | grep -qx 'Displayed  4 out of 7 total prefixes'; then
	pass "footer: Displayed  4 out of 7 total prefixes"
else
	fail "footer: Displayed  4 out of 7 total prefixes"
fi
# show ipv6 bgp summary: State/PfxRcd is the count of accepted
# prefixes, 3 from each neighbor as in the seed.
sum=$(lab_vty as1ra "show ipv6 bgp summary")
for n in 2001:12::b 2001:13::c; do
	got=$(printf '%s\n' "$sum" | awk -v n="$n" '$1 == n { print $NF }')
	if [ "$got" = 3 ]; then
		pass "summary: $n PfxRcd 3"
	else
		fail "summary: $n PfxRcd 3" "got '$got'"
	fi
done
# The detail of a prefix learned twice: two paths, the best via AS 2.
det=$(lab_vty as1ra "show ipv6 bgp 2001:1234:2::/64")
if printf '%s\n' "$det" | grep -q '^Paths: (2 available, best #[12], table Default-IP-Routing-Table)$' &&
	printf '%s\n' "$det" | grep -q '^    2001:12::b from 2001:12::b (0.0.0.3)$'; then
	pass "detail: 2001:1234:2::/64 has 2 paths, one from 2001:12::b (0.0.0.3)"
else
	fail "detail: 2001:1234:2::/64 has 2 paths, one from 2001:12::b (0.0.0.3)"
	printf '%s\n' "$det" | sed 's/^/    /'
fi
# Advertised to: the local prefix to both neighbors; a learned one not
# back to the neighbor it came from (eBGP, bgp_announce_check).
det1=$(lab_vty as1ra "show ipv6 bgp 2001:1234:1::/64")
if printf '%s\n' "$det1" | grep -A1 -x '  Advertised to non peer-group peers:' |
	grep -qx '  2001:12::b 2001:13::c' &&
	printf '%s\n' "$det" | grep -A1 -x '  Advertised to non peer-group peers:' |
	grep -qx '  2001:13::c'; then
	pass "detail: advertised to both peers (local), to 2001:13::c only (from 2001:12::b)"
else
	fail "detail: advertised to both peers (local), to 2001:13::c only (from 2001:12::b)"
	printf '%s\n' "$det1" "$det" | sed 's/^/    /'
fi
# ---- the other routers' tables (the seed shows only as1ra's) ----
declare -A WANT
WANT[as2rb]="2001:1234:1::/64|*>|2001:12::a|1 i
2001:1234:1::/64|* |2001:23::c|3 1 i
2001:1234:2::/64|*>|::|i
2001:1234:3::/64|*>|2001:23::c|3 i
2001:1234:3::/64|* |2001:12::a|1 3 i
2001:1234:4::/64|*>|2001:24::d|4 i"
WANT[as3rc]="2001:1234:1::/64|*>|2001:13::a|1 i
2001:1234:1::/64|* |2001:23::b|2 1 i
2001:1234:2::/64|*>|2001:23::b|2 i
2001:1234:2::/64|* |2001:13::a|1 2 i
2001:1234:3::/64|*>|::|i
2001:1234:4::/64|*>|2001:23::b|2 4 i
2001:1234:4::/64|* |2001:13::a|1 2 4 i"
WANT[as4rd]="2001:1234:1::/64|*>|2001:24::c|2 1 i
2001:1234:2::/64|*>|2001:24::c|2 i
2001:1234:3::/64|*>|2001:24::c|2 3 i
2001:1234:4::/64|*>|::|i"
WANT[as1ra]=$want
# table_is NODE: NODE's show ipv6 bgp rows are WANT[NODE].
table_is()
{
	[ "$(lab_vty "$1" "show ipv6 bgp" | rows)" = "$(printf '%s\n' "${WANT[$1]}" | sort)" ]
}
# expect_table DESC NODE TIMEOUT
expect_table()
{
	if lab_poll "$3" 0.5 table_is "$2"; then
		pass "$1"
	else
		fail "$1" "got: $(lab_vty "$2" "show ipv6 bgp" | rows | tr '\n' ';')"
	fi
}
for r in as2rb as3rc as4rd; do
	expect_table "$r show ipv6 bgp: $(printf '%s\n' "${WANT[$r]}" | grep -c .) paths, best by AS path length then router id" "$r" 10
done
# ---- the kernel FIB of every router (issue 4) ----
# Each router's three remote /64s are in its kernel, proto bgp metric 20,
# via the link-local address of the neighbour its best path comes from,
# on the interface toward it (as Quagga's zebra installs them).
# Interfaces are numbered in the lab file's link order.
declare -A BESTIF=(
	[as1ra]="2:as1ra-eth0 3:as1ra-eth1 4:as1ra-eth0"
	[as2rb]="1:as2rb-eth0 3:as2rb-eth1 4:as2rb-eth2"
	[as3rc]="1:as3rc-eth0 2:as3rc-eth1 4:as3rc-eth1"
	[as4rd]="1:as4rd-eth0 2:as4rd-eth0 3:as4rd-eth0")
# The other end of each router-router link.
declare -A PEERIF=(
	[as1ra-eth0]=as2rb:as2rb-eth0 [as2rb-eth0]=as1ra:as1ra-eth0
	[as1ra-eth1]=as3rc:as3rc-eth0 [as3rc-eth0]=as1ra:as1ra-eth1
	[as2rb-eth1]=as3rc:as3rc-eth1 [as3rc-eth1]=as2rb:as2rb-eth1
	[as2rb-eth2]=as4rd:as4rd-eth0 [as4rd-eth0]=as2rb:as2rb-eth2)
# peer_ll IFACE: the link-local address of the other end of IFACE.
peer_ll()
{
	local p=${PEERIF[$1]}
	ip -n "$(ns "${p%%:*}")" -6 addr show dev "${p#*:}" scope link |
		sed -n 's/.*inet6 \(fe80::[0-9a-f:]*\)\/64.*/\1/p'
}
# fib_ok NODE: prints what is wrong, true if nothing.
fib_ok()
{
	local node=$1 e n dev l bad=""
	for e in ${BESTIF[$node]}; do
		n=${e%%:*}
		dev=${e#*:}
		l=$(ip -n "$(ns "$node")" -6 route show "2001:1234:$n::/64" proto bgp 2>/dev/null)
		printf '%s\n' "$l" |
			grep -qE "^2001:1234:$n::/64 (nhid [0-9]+ )?via $(peer_ll "$dev") dev $dev .*metric 20( |\$)" ||
			bad="$bad 2001:1234:$n::/64:'$l'(want via $(peer_ll "$dev") dev $dev)"
	done
	echo "$bad"
	[ -z "$bad" ]
}
for r in as1ra as2rb as3rc as4rd; do
	if lab_poll 5 0.25 fib_ok "$r" >/dev/null; then
		pass "$r FIB: the three remote /64s proto bgp metric 20 via the chosen neighbour's link-local"
	else
		fail "$r FIB: the three remote /64s proto bgp metric 20 via the chosen neighbour's link-local" \
			"$(fib_ok "$r")"
	fi
done
# Used by the link-failure checks below.
fib_line() { ip -n "$(ns as1ra)" -6 route show "$1" proto bgp 2>/dev/null; }
dev_of() { fib_line "$1" | sed -n 's/.* dev \([^ ]*\) .*/\1/p'; }
# Every host reaches every other host.
declare -A HOSTADDR=([h1]=2001:1234:1::1 [h2]=2001:1234:2::2 [h3]=2001:1234:3::1 [h4]=2001:1234:4::4)
reach_all()
{
	local a b bad=""
	for a in h1 h2 h3 h4; do
		for b in h1 h2 h3 h4; do
			[ "$a" = "$b" ] && continue
			ip netns exec "$(ns "$a")" ping -6 -c 1 -W 1 "${HOSTADDR[$b]}" >/dev/null 2>&1 ||
				bad="$bad $a->$b"
		done
	done
	echo "$bad"
	[ -z "$bad" ]
}
if lab_poll 5 0.5 reach_all >/dev/null; then
	pass "every host reaches every other host"
else
	fail "every host reaches every other host" "unreachable:$(reach_all)"
fi
# The seed's link failure: as2rb's side of the ra-rb link loses carrier.
# Within 1 s as1ra's paths via 2001:12::b lose their '*' while the session
# is still up, and the FIB points at as3rc.
# One vty session polls as1ra's table (every ~10 ms) until no path via
# 2001:12::b is valid (a '*' in column 0 with that next hop in column 20)
# and stamps the answer; it logs in before the link goes down.
# The kernel tells as1ra of the carrier loss up to 1 s late (linkwatch
# runs events at most once a second, for every namespace of the host):
# `ip monitor` in as1ra stamps that notification, which is when okapi
# can know; the time from the command is reported as well.
ip -ts -n "$(ns as1ra)" monitor link >"$WORK/linkmon.out" 2>&1 &
monitor=$!
ip netns exec "$(ns as1ra)" "$LT_PY" "$LT_HERE/lib/vty.py" --max-time 5 \
	--until-absent '^\*.{19}2001:12::b ' ::1 "show ipv6 bgp" >"$WORK/linkdown.out" 2>&1 &
poller=$!
sleep 0.5
t0=$(date +%s%N)
ip -n "$(ns as2rb)" link set dev as2rb-eth0 down
wait "$poller"
kill "$monitor" 2>/dev/null
wait "$monitor" 2>/dev/null
ok=0
ms=""
t1=$(sed -n '1s/^@//p' "$WORK/linkdown.out")
out=$(tail -n +2 "$WORK/linkdown.out")
tk=$(sed -n 's/^\[\([^]]*\)\] [0-9]*: as1ra-eth0[@:].*NO-CARRIER.*/\1/p' "$WORK/linkmon.out" | head -n 1)
[ -n "$tk" ] && tk=$(date -d "$tk" +%s%N)
if [ -n "$t1" ] && [ -n "$tk" ]; then
	ms=$(( (t1 - tk) / 1000000 ))
	ms_cmd=$(( (t1 - t0) / 1000000 ))
	via_b=$(printf '%s\n' "$out" | rows | awk -F'|' '$3 == "2001:12::b"')
	if [ "$(printf '%s\n' "$via_b" | grep -c .)" = 3 ] &&
		! printf '%s\n' "$via_b" | awk -F'|' '{ print $2 }' | grep -q '^\*'; then
		ok=1
	fi
fi
if [ "$ok" = 1 ] && [ "$ms" -lt 1000 ]; then
	pass "link down: the three paths via 2001:12::b lose their '*' within 1 s (${ms} ms after the kernel's carrier-loss notification, ${ms_cmd} ms after ip link set down)"
else
	fail "link down: the three paths via 2001:12::b lose their '*' within 1 s" \
		"${ms:-?} ms after the carrier-loss notification ('${tk:-none seen}')"
	sed 's/^/    /' "$WORK/linkdown.out" "$WORK/linkmon.out"
fi
sum=$(lab_vty as1ra "show ipv6 bgp summary")
if printf '%s\n' "$sum" | awk '$1 == "2001:12::b" { print $NF }' | grep -qE '^[0-9]+$'; then
	pass "link down: the session to 2001:12::b is still Established"
else
	fail "link down: the session to 2001:12::b is still Established"
fi
for _ in $(seq 1 10); do
	[ "$(dev_of 2001:1234:4::/64)" = as1ra-eth1 ] && break
	sleep 0.1
done
if [ "$(dev_of 2001:1234:2::/64)" = as1ra-eth1 ] && [ "$(dev_of 2001:1234:4::/64)" = as1ra-eth1 ]; then
	pass "link down: the FIB points at as3rc"
else
	fail "link down: the FIB points at as3rc" "2: $(dev_of 2001:1234:2::/64), 4: $(dev_of 2001:1234:4::/64)"
fi
if ip netns exec "$(ns h1)" ping -6 -c 1 -W 1 2001:1234:4::4 >/dev/null 2>&1; then
	pass "link down: h1 still reaches h4 (through as3rc)"
else
	fail "link down: h1 still reaches h4 (through as3rc)"
fi
ip -n "$(ns as2rb)" link set dev as2rb-eth0 up
# Recovery.  Linux drops a link's global IPv6 addresses when it goes down
# (keep_addr_on_down is 0), as the seed's kernel did: put the address
# back as the seed does (ip -6 addr add 2001:12::b/64 dev as2rb-eth0).
ip -n "$(ns as2rb)" -6 addr replace 2001:12::b/64 dev as2rb-eth0
expect_table "link up: as1ra's table is the seed's again" as1ra 30
bad="x"
for _ in $(seq 1 20); do
	bad=$(reach_all)
	[ -z "$bad" ] && break
	sleep 0.5
done
if [ -z "$bad" ]; then
	pass "link up: every host reaches every other host again"
else
	fail "link up: every host reaches every other host again" "unreachable:$bad"
fi
# ---- hold timer expiry (timers 3 9 on as2rb-as4rd) ----
# count NODE FIXED-STRING: lines of NODE's log containing it.
count() { grep -cF -- "$2" "$(lab_log "$1")"; }
nb=$(lab_vty as2rb "show bgp neighbors 2001:24::d")
if printf '%s\n' "$nb" | grep -q 'hold time is 9, keepalive interval is 3 seconds'; then
	pass "as2rb-as4rd: hold time 9, keepalive 3 (timers 3 9 from the lab file)"
else
	fail "as2rb-as4rd: hold time 9, keepalive 3 (timers 3 9 from the lab file)" \
		"$(printf '%s\n' "$nb" | grep -i 'hold time' | tr '\n' ';')"
fi
NOTIF="%NOTIFICATION: sent to neighbor 2001:24::d 4/0 (Hold Timer Expired) 0 bytes"
DOWN="%ADJCHANGE: neighbor 2001:24::d Down BGP Notification send"
UP4="%ADJCHANGE: neighbor 2001:24::d Up"
ups=$(count as2rb "$UP4")
pid4=$(lab_tool pid "$LAB" as4rd)
kill -STOP "$pid4"
t0=$(date +%s%N)
hold_expired() { [ "$(count as2rb "$NOTIF")" -ge 1 ] && [ "$(count as2rb "$DOWN")" -ge 1 ]; }
if lab_poll 15 0.2 hold_expired; then
	ms=$(( ($(date +%s%N) - t0) / 1000000 ))
	if [ "$ms" -ge 5000 ] && [ "$ms" -le 11000 ]; then
		pass "as4rd stopped: as2rb logs '$NOTIF' and '$DOWN' after ${ms} ms (hold 9 s)"
	else
		fail "as4rd stopped: as2rb's hold timer expires 6-10 s later" "after ${ms} ms"
	fi
else
	fail "as4rd stopped: as2rb logs '$NOTIF' and '$DOWN'" \
		"$(grep -F '2001:24::d' "$(lab_log as2rb)" | tail -3 | tr '\n' ';')"
fi
no4() { ! lab_vty as1ra "show ipv6 bgp" | rows | grep -q '^2001:1234:4::/64|'; }
if lab_poll 10 0.5 no4; then
	pass "as4rd stopped: as1ra has no path to 2001:1234:4::/64 any more"
else
	fail "as4rd stopped: as1ra has no path to 2001:1234:4::/64 any more"
fi
sum=$(lab_vty as2rb "show ipv6 bgp summary")
if printf '%s\n' "$sum" | awk '$1 == "2001:12::a" || $1 == "2001:23::c" { print $NF }' |
	grep -cE '^[0-9]+$' | grep -qx 2; then
	pass "as4rd stopped: as2rb's other sessions stay Established"
else
	fail "as4rd stopped: as2rb's other sessions stay Established"
	printf '%s\n' "$sum" | sed 's/^/    /'
fi
kill -CONT "$pid4"
up_again() { [ "$(count as2rb "$UP4")" -gt "$ups" ]; }
if lab_poll 30 0.5 up_again; then
	pass "as4rd continued: the session comes back (as2rb: '$UP4')"
else
	fail "as4rd continued: the session comes back" \
		"$(grep -F '2001:24::d' "$(lab_log as2rb)" | tail -3 | tr '\n' ';')"
fi
expect_table "as4rd continued: as1ra's table is the seed's again" as1ra 20
if lab_poll 5 0.5 ip netns exec "$(ns h1)" ping -6 -c 1 -W 1 2001:1234:4::4 >/dev/null 2>&1; then
	pass "as4rd continued: h1 reaches h4"
else
	fail "as4rd continued: h1 reaches h4"
fi

# ---- restarting as2rb's bgpd ----
declare -A ADDR_B=([as1ra]=2001:12::b [as3rc]=2001:23::b [as4rd]=2001:24::c)
declare -A UPS
for r in as1ra as3rc as4rd; do
	UPS[$r]=$(count "$r" "%ADJCHANGE: neighbor ${ADDR_B[$r]} Up")
done
oldpid=$(lab_tool pid "$LAB" as2rb)
t0=$(date +%s)
if out=$(lab_tool restart "$LAB" as2rb 2>&1) && newpid=$(lab_tool pid "$LAB" as2rb) &&
	[ "$newpid" != "$oldpid" ]; then
	pass "as2rb's bgpd ended by SIGTERM and started again ($out)"
else
	fail "as2rb's bgpd ended by SIGTERM and started again" "$out"
fi
back_up()
{
	local r
	for r in as1ra as3rc as4rd; do
		[ "$(count "$r" "%ADJCHANGE: neighbor ${ADDR_B[$r]} Up")" -gt "${UPS[$r]}" ] || return 1
	done
}
if lab_poll 30 0.5 back_up; then
	pass "restart: as1ra, as3rc and as4rd log the session to as2rb Up again ($(($(date +%s) - t0)) s)"
else
	fail "restart: as1ra, as3rc and as4rd log the session to as2rb Up again"
fi
for r in as1ra as2rb as3rc as4rd; do
	expect_table "restart: $r's table converges again" "$r" 20
done
if lab_poll 5 0.25 fib_ok as2rb >/dev/null; then
	pass "restart: as2rb's FIB holds its remote /64s again"
else
	fail "restart: as2rb's FIB holds its remote /64s again" "$(fib_ok as2rb)"
fi
if lab_poll 10 0.5 reach_all >/dev/null; then
	pass "restart: every host reaches every other host ($(($(date +%s) - t0)) s after the restart)"
else
	fail "restart: every host reaches every other host" "unreachable:$(reach_all)"
fi

# ---- as3rc's bgpd killed (a crash) and started again ----
# Its routes stay in the kernel (nobody removed them); the new instance
# finds them, keeps them until its initial convergence and replaces them:
# afterwards exactly its three remote /64s, via the right neighbours.
declare -A ADDR_C=([as1ra]=2001:13::c [as2rb]=2001:23::c)
for r in as1ra as2rb; do
	UPS[$r]=$(count "$r" "%ADJCHANGE: neighbor ${ADDR_C[$r]} Up")
done
t0=$(date +%s)
if out=$(lab_tool restart "$LAB" as3rc --signal KILL 2>&1); then
	pass "as3rc's bgpd killed (SIGKILL) and started again ($out)"
else
	fail "as3rc's bgpd killed (SIGKILL) and started again" "$out"
fi
leftover() { grep -q 'fib: 3 routes of an earlier instance' "$(lab_log as3rc)"; }
if lab_poll 5 0.2 leftover; then
	pass "crash restart: as3rc finds the 3 routes of the killed instance in the kernel"
else
	fail "crash restart: as3rc finds the 3 routes of the killed instance in the kernel" \
		"$(grep 'fib:' "$(lab_log as3rc)" | tail -2 | tr '\n' ';')"
fi
c_up()
{
	local r
	for r in as1ra as2rb; do
		[ "$(count "$r" "%ADJCHANGE: neighbor ${ADDR_C[$r]} Up")" -gt "${UPS[$r]}" ] || return 1
	done
}
if lab_poll 30 0.5 c_up; then
	pass "crash restart: as1ra and as2rb log the session to as3rc Up again ($(($(date +%s) - t0)) s)"
else
	fail "crash restart: as1ra and as2rb log the session to as3rc Up again"
fi
for r in as1ra as3rc; do
	expect_table "crash restart: $r's table converges again" "$r" 20
done
fib_exact() { fib_ok as3rc >/dev/null && [ "$(ip -n "$(ns as3rc)" -6 route show proto bgp | grep -c .)" = 3 ]; }
if lab_poll 5 0.25 fib_exact; then
	pass "crash restart: as3rc's FIB holds exactly its three remote /64s, via the chosen neighbours"
else
	fail "crash restart: as3rc's FIB holds exactly its three remote /64s" "$(fib_ok as3rc)"
	ip -n "$(ns as3rc)" -6 route show proto bgp | sed 's/^/    /'
fi
if lab_poll 10 0.5 reach_all >/dev/null; then
	pass "crash restart: every host reaches every other host ($(($(date +%s) - t0)) s after the kill)"
else
	fail "crash restart: every host reaches every other host" "unreachable:$(reach_all)"
fi

lab_end
