#!/bin/bash
#
# test_seed_lab.sh: the seed lab (etc/labs/simple-bgp.lab: as1ra..as4rd,
# okapi on every router) must converge to the `show ipv6 bgp` table of
# ../shared/seeds/000_bb8d63c99a2ebb10.txt on as1ra: exactly the seven
# paths for the four prefixes, with the seed's best paths.  Rows are
# compared by prefix, status, next hop and AS path + origin (the order of
# the paths of one prefix depends on arrival order, so both sides are
# sorted).  Needs root; the lab is always stopped by a trap.
#
# Prints "PASS/FAIL test_seed_lab: check" lines and
# "test_seed_lab: N passed, N failed", as tests/interop/*.sh do.
set -u
NAME=test_seed_lab
HERE=$(cd "$(dirname "$0")" && pwd)
LABTOOL="$HERE/okapi-lab"
LABFILE="$HERE/../../etc/labs/simple-bgp.lab"
PREFIX="rde$$-"
LAB="${PREFIX}simple-bgp"
# Outside /tmp/okapi-lab-*: okapi-lab stop leaves it, so that the
# daemons' output (sanitizer reports at exit) can be read afterwards.
WORK="/tmp/rde-lab-$$"
PASS=0
FAIL=0

pass() { PASS=$((PASS + 1)); echo "PASS $NAME: $1"; }
fail() { FAIL=$((FAIL + 1)); echo "FAIL $NAME: $1${2:+: $2}"; }
finish() {
	echo "$NAME: $PASS passed, $FAIL failed"
	[ "$FAIL" -eq 0 ] && [ "$PASS" -gt 0 ]
	exit $?
}
cleanup() {
	"$LABTOOL" stop "$LAB" >/dev/null 2>&1 || true
	rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

[ "$(id -u)" = 0 ] || { fail "can run" "not root (network namespaces)"; finish; }
# Same lookup as the interop tests: OKAPI_BGPD, OKAPI_BUILD/bgpd,
# /tmp/build-main/bgpd.
BGPD=""
for b in "${OKAPI_BGPD:-}" "${OKAPI_BUILD:+$OKAPI_BUILD/bgpd}" \
	/tmp/build-main/bgpd; do
	if [ -n "$b" ] && [ -x "$b" ] && [ -f "$b" ]; then
		BGPD=$b
		break
	fi
done
[ -n "$BGPD" ] || { fail "can run" "no bgpd (set OKAPI_BGPD or OKAPI_BUILD)"; finish; }

if "$LABTOOL" start "$LABFILE" --prefix "$PREFIX" --workdir "$WORK" --bgpd "$BGPD" >"/tmp/$LAB.start" 2>&1; then
	pass "lab started, every session Established"
else
	fail "lab started" "$(tail -5 "/tmp/$LAB.start")"
	finish
fi
rm -f "/tmp/$LAB.start"

# prefix|status|next hop|path, from Quagga's fixed columns (a long
# network or next hop wraps onto the next line, indented to its column).
rows() {
	python3 -c '
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
	out=$("$LABTOOL" vty "$LAB" as1ra "show ipv6 bgp" 2>&1 | tr -d '\r')
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
sum=$("$LABTOOL" vty "$LAB" as1ra "show ipv6 bgp summary" 2>&1 | tr -d '\r')
for n in 2001:12::b 2001:13::c; do
	got=$(printf '%s\n' "$sum" | awk -v n="$n" '$1 == n { print $NF }')
	if [ "$got" = 3 ]; then
		pass "summary: $n PfxRcd 3"
	else
		fail "summary: $n PfxRcd 3" "got '$got'"
	fi
done
# The detail of a prefix learned twice: two paths, the best via AS 2.
det=$("$LABTOOL" vty "$LAB" as1ra "show ipv6 bgp 2001:1234:2::/64" 2>&1 | tr -d '\r')
if printf '%s\n' "$det" | grep -q '^Paths: (2 available, best #[12], table Default-IP-Routing-Table)$' &&
	printf '%s\n' "$det" | grep -q '^    2001:12::b from 2001:12::b (0.0.0.3)$'; then
	pass "detail: 2001:1234:2::/64 has 2 paths, one from 2001:12::b (0.0.0.3)"
else
	fail "detail: 2001:1234:2::/64 has 2 paths, one from 2001:12::b (0.0.0.3)"
	printf '%s\n' "$det" | sed 's/^/    /'
fi
# Advertised to: the local prefix to both neighbors; a learned one not
# back to the neighbor it came from (eBGP, bgp_announce_check).
det1=$("$LABTOOL" vty "$LAB" as1ra "show ipv6 bgp 2001:1234:1::/64" 2>&1 | tr -d '\r')
if printf '%s\n' "$det1" | grep -A1 -x '  Advertised to non peer-group peers:' |
	grep -qx '  2001:12::b 2001:13::c' &&
	printf '%s\n' "$det" | grep -A1 -x '  Advertised to non peer-group peers:' |
	grep -qx '  2001:13::c'; then
	pass "detail: advertised to both peers (local), to 2001:13::c only (from 2001:12::b)"
else
	fail "detail: advertised to both peers (local), to 2001:13::c only (from 2001:12::b)"
	printf '%s\n' "$det1" "$det" | sed 's/^/    /'
fi
# ---- the kernel FIB (issue 4) ----
# as1ra's kernel holds the three remote /64s, proto bgp metric 20, via
# the link-local address of the chosen neighbour (as Quagga's zebra).
ns() { echo "${PREFIX}$1"; }
fib_line() { ip -n "$(ns as1ra)" -6 route show "$1" proto bgp 2>/dev/null; }
fib_ok=1
for p in 2001:1234:2::/64 2001:1234:3::/64 2001:1234:4::/64; do
	l=""
	for _ in $(seq 1 20); do
		l=$(fib_line "$p")
		[ -n "$l" ] && break
		sleep 0.25
	done
	if ! printf '%s\n' "$l" | grep -qE '^2001:1234:[234]::/64 via fe80::[0-9a-f:]+ dev as1ra-eth[01] .*metric 20'; then
		fib_ok=0
		echo "    $p: '$l'"
	fi
done
if [ "$fib_ok" = 1 ]; then
	pass "as1ra FIB: three remote /64s proto bgp metric 20 via link-local"
else
	fail "as1ra FIB: three remote /64s proto bgp metric 20 via link-local"
fi
# Best via as2rb (2001:12::b) means dev as1ra-eth0, via as3rc dev eth1.
dev_of() { fib_line "$1" | sed -n 's/.* dev \([^ ]*\) .*/\1/p'; }
if [ "$(dev_of 2001:1234:4::/64)" = as1ra-eth0 ] && [ "$(dev_of 2001:1234:3::/64)" = as1ra-eth1 ]; then
	pass "as1ra FIB follows the best paths (4::/64 via as2rb, 3::/64 via as3rc)"
else
	fail "as1ra FIB follows the best paths" "4: $(dev_of 2001:1234:4::/64), 3: $(dev_of 2001:1234:3::/64)"
fi
# Every host reaches every other host.
declare -A HOSTADDR=([h1]=2001:1234:1::1 [h2]=2001:1234:2::2 [h3]=2001:1234:3::1 [h4]=2001:1234:4::4)
reach_all() {
	local a b bad=""
	for a in h1 h2 h3 h4; do
		for b in h1 h2 h3 h4; do
			[ "$a" = "$b" ] && continue
			ip netns exec "$(ns "$a")" ping -6 -c 1 -W 1 "${HOSTADDR[$b]}" >/dev/null 2>&1 ||
				bad="$bad $a->$b"
		done
	done
	echo "$bad"
}
bad=$(reach_all)
if [ -z "$bad" ]; then
	pass "every host reaches every other host"
else
	fail "every host reaches every other host" "unreachable:$bad"
fi
# The seed's link failure: as2rb's side of the ra-rb link loses carrier.
# Within 1 s as1ra's paths via 2001:12::b lose their '*' while the session
# is still up, and the FIB points at as3rc.
ip -n "$(ns as2rb)" link set dev as2rb-eth0 down
t0=$(date +%s%N)
ok=0
for _ in $(seq 1 10); do
	out=$("$LABTOOL" vty "$LAB" as1ra "show ipv6 bgp" 2>&1 | tr -d '\r')
	via_b=$(printf '%s\n' "$out" | rows | awk -F'|' '$3 == "2001:12::b"')
	if [ "$(printf '%s\n' "$via_b" | grep -c .)" = 3 ] &&
		! printf '%s\n' "$via_b" | awk -F'|' '{ print $2 }' | grep -q '^\*'; then
		ok=1
		break
	fi
	sleep 0.1
done
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
if [ "$ok" = 1 ] && [ "$ms" -lt 1000 ]; then
	pass "link down: the three paths via 2001:12::b lose their '*' within 1 s (${ms} ms)"
else
	fail "link down: the three paths via 2001:12::b lose their '*' within 1 s" "after ${ms} ms"
	printf '%s\n' "$out" | sed 's/^/    /'
fi
sum=$("$LABTOOL" vty "$LAB" as1ra "show ipv6 bgp summary" 2>&1 | tr -d '\r')
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
# Recovery: the link's addresses are back (nodad-free DAD takes a moment)
# and the hosts reach each other again.
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
"$LABTOOL" stop "$LAB" >/dev/null 2>&1
if ip netns list | grep -q "^$PREFIX"; then
	fail "stop: no namespace of the lab left"
else
	pass "stop: no namespace of the lab left"
fi
# A daemon built with --enable-sanitizers reports on its output.
nout=$(ls "$WORK"/*/bgpd_*.stdout 2>/dev/null | wc -l)
bad=$(grep -lE 'Sanitizer|runtime error:' "$WORK"/*/bgpd_*.stdout 2>/dev/null)
if [ "$nout" -ne 4 ]; then
	fail "no sanitizer report from any bgpd" "found $nout bgpd output files, not 4"
elif [ -n "$bad" ]; then
	fail "no sanitizer report from any bgpd" "$bad"
	for f in $bad; do sed -n 1,40p "$f" | sed 's/^/    /'; done
else
	pass "no sanitizer report from any bgpd"
fi
finish
