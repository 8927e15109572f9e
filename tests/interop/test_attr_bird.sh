#!/bin/bash
# test_attr_bird.sh: okapi's path attribute encoder as BIRD 2 reads it.
# attr_gen (built with okapi, see mk/attr.mk) encodes an IPv4 and an
# IPv6 route with every attribute okapi writes; bgp_send.py sends them to
# BIRD over a veth, once as a NEW (four-octet AS) speaker and once as an
# OLD one (AS_TRANS + AS4_PATH + AS4_AGGREGATOR, RFC 6793 4.2.2), and the
# test checks BIRD's view of each attribute.  Needs root, BIRD 2 and
# $OKAPI_BUILD/tests/interop/attr_gen (default build /tmp/build-main).

IT_HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
. "$IT_HERE/lib.sh"

it_begin attr_bird

GEN=${OKAPI_BUILD:-/tmp/build-main}/tests/interop/attr_gen
[ -x "$GEN" ] || it_cannot_run "no $GEN (make tests/interop/attr_gen)"
command -v "$BIRD_BIN" >/dev/null || it_cannot_run "no BIRD ($BIRD_BIN)"

# Both routes in (BIRD prints one "N of M routes" line per table).
routes_in()
{
	[ "$(birdc_cmd "$1" show route protocol peer count |
		awk '/ routes / { n += $1 } END { print n + 0 }')" = 2 ]
}

run_mode()
{
	local m=$1 out want
	ns_add "a$m" && ns_add "b$m" && ns_link "a$m" vA "b$m" vB &&
		ns_addr "a$m" vA 10.0.0.1/24 && ns_addr "b$m" vB 10.0.0.2/24 &&
		ns_addr "a$m" vA 2001:db8:ffff::1/64 &&
		ns_addr "b$m" vB 2001:db8:ffff::2/64 ||
		{ fail "mode $m: namespaces" "setup failed"; return; }
	"$GEN" "$m" >"$OK_TMP/upd$m.txt" ||
		{ fail "mode $m: attr_gen" "exit $?"; return; }
	cat >"$OK_TMP/bird$m.conf" <<EOC
router id 10.0.0.1;
log "$OK_TMP/bird$m.log" all;
protocol device {}
protocol bgp peer {
	local 10.0.0.1 as 65000;
	neighbor 10.0.0.2 as 65001;
	connect delay time 1;
	ipv4 { import all; export none; };
	ipv6 { import all; export none; };
}
EOC
	ns_spawn "send$m" "b$m" /usr/bin/python3 "$IT_HERE/bgp_send.py" \
		10.0.0.2 179 65001 "$m" "$OK_TMP/upd$m.txt" 40
	bird_start "bird$m" "a$m"
	check_within 30 "mode $m: BIRD session up" \
		bird_established "bird$m" peer || return
	check_within 10 "mode $m: both routes imported" routes_in "bird$m" ||
		return
	out=$(birdc_cmd "bird$m" show route protocol peer all)
	while IFS= read -r want; do
		[ -n "$want" ] || continue
		if grep -qF -- "$want" <<<"$out"; then
			pass "mode $m: BIRD shows '$want'"
		else
			fail "mode $m: BIRD shows '$want'" "$out"
		fi
	done <<'EOW'
BGP.as_path: 65001 4200000000 3
BGP.next_hop: 10.0.0.2
BGP.next_hop: 2001:db8:ffff::2
BGP.med: 10
BGP.atomic_aggr:
BGP.aggregator: 10.9.9.9 AS4200000001
BGP.community: (65001,100) (65535,65281)
BGP.ext_community: (rt, 65001, 100)
BGP.large_community: (65001, 1, 2)
BGP.63 [t]: de ad be ef
EOW
	check "mode $m: each attribute on both routes" \
		test "$(grep -c 'BGP.as_path: 65001 4200000000 3' <<<"$out")" = 2
}

run_mode 4
run_mode 2
it_end
