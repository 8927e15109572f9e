#!/bin/bash
#
# Malformed UPDATEs and friends against a running okapi bgpd (issue 9,
# "malformed-message suite"): every case of the malformed-message
# catalogue, parts C to G (shared reference rfc7606-and-errors.md section
# 4, numbers 20-75), including what ExaBGP cannot send (false lengths,
# duplicate attributes, raw NEXT_HOP errors).  bgp_malformed.py (namespace
# b, Python standard library) is several real BGP peers of okapi
# (namespace a, AS 65000, 10.0.0.1): eBGP 10.0.0.2 (four-octet AS, IPv4
# and IPv6, extended messages), iBGP 10.0.0.3, an OLD (two-octet AS) eBGP
# speaker 10.0.0.4, a downstream eBGP peer 10.0.0.5 that receives okapi's
# advertisements (propagation safety: nothing found malformed is
# forwarded; unknown optional transitive attributes are, byte for byte
# with the Partial bit), a maximum-prefix 1000 peer 10.0.0.6, and one
# fresh peer 10.0.0.100+ per session-reset case.  Each case's outcome
# (treat-as-withdraw, attribute discard, accept, or the exact
# NOTIFICATION) is read from okapi's RIB through okapi-cli ("show bgp
# ipv4|ipv6 unicast json") and from the downstream copy; after every
# non-reset case a sentinel route must be accepted.  Then: okapi still
# runs, and its log has no sanitizer report.
# Run alone: bash test_malformed_update.sh (needs root; OKAPI_BGPD or
# OKAPI_BUILD).  Cases by name or number: OK_MALFORMED_CASES="23 41".

. "$(dirname "$0")/lib.sh"
it_begin malformed-update
it_need_okapi
it_need_cmd ip "$OK_PYTHON"
OKAPI_CLI=$(dirname "$(okapi_find)")/okapi-cli
[ -x "$OKAPI_CLI" ] || it_cannot_run "no okapi-cli next to $(okapi_find)"
INJ="$IT_DIR/bgp_malformed.py"

ns_add a && ns_add b && ns_link a eth0 b eth0 &&
	ns_addr a eth0 10.0.0.1/24 && ns_addr b eth0 10.0.0.2/24 &&
	ns_addr a eth0 2001:db8::1/64 && ns_addr b eth0 2001:db8::2/64 ||
	it_cannot_run "namespace setup failed"
for i in 3 4 5 6 99 $(seq 100 159); do
	ns_addr b eth0 "10.0.0.$i/24" || it_cannot_run "address setup failed"
done
ns_wait_settled a b || it_cannot_run "namespaces did not settle"

# okapi's config; $1 = extra neighbor lines for 10.0.0.3.
conf()
{
	printf 'hostname a\npassword zebra\nlog file %s/A.log\n!\n' "$OK_TMP"
	printf 'router bgp 65000\n bgp router-id 10.0.0.1\n'
	printf ' neighbor %s remote-as %s\n neighbor %s passive\n' \
		10.0.0.2 65001 10.0.0.2 10.0.0.3 65000 10.0.0.3 \
		10.0.0.4 65004 10.0.0.4 10.0.0.5 65005 10.0.0.5 \
		10.0.0.6 65001 10.0.0.6
	printf '%s' "$1"
	printf ' neighbor 10.0.0.5 advertisement-interval 0\n'
	printf ' neighbor 10.0.0.6 maximum-prefix 1000\n'
	for i in $(seq 100 159); do
		printf ' neighbor 10.0.0.%d remote-as 65001\n neighbor 10.0.0.%d passive\n' "$i" "$i"
	done
	printf ' address-family ipv6 unicast\n'
	for i in 2 5 $(seq 100 159); do
		printf '  neighbor 10.0.0.%d activate\n' "$i"
	done
	printf ' exit-address-family\n!\n'
}

# `neighbor X path-attribute discard N` and `bgp unknown-attribute
# discard N` (catalogue 55 with the knobs) are tested when this okapi's
# config knows them (bgpd -C accepts the line without a warning).
KNOBS=""
DISCARD=()
probe()
{
	conf "$1" >"$OK_TMP/probe.conf"
	"$(okapi_find)" -C -f "$OK_TMP/probe.conf" >"$OK_TMP/probe.out" 2>&1 &&
		! grep -qiE 'unsupported|not supported|warning' "$OK_TMP/probe.out"
}
for knob in ' neighbor 10.0.0.3 path-attribute discard 28' \
	' bgp unknown-attribute discard 251'; do
	flag=--discard
	[[ $knob == *unknown-attribute* ]] && flag=--unknown-discard
	if probe "$knob
"; then
		KNOBS="$KNOBS$knob
"
		DISCARD+=("$flag")
	else
		echo "SKIP $OK_NAME: ${flag#--} case: okapi -C refuses '${knob# }' ($(head -c 160 "$OK_TMP/probe.out" | tr '\n' ' '))"
	fi
done
conf "$KNOBS" >"$OK_TMP/A.conf"
okapi_start A a || it_cannot_run "cannot start okapi"
listening()
{
	ns_exec a ss -Hltn 'sport = :179' | grep -q 179 && [ -S "$OK_TMP/A.vty" ]
}
wait_for 10 listening || it_cannot_run "okapi does not listen on 179"

SUMMARY=""
# shellcheck disable=SC2086
while read -r verdict rest; do
	[[ "$verdict $rest" =~ ^[0-9]+\ passed,\ [0-9]+\ failed$ ]] && SUMMARY="$verdict $rest"
	case $verdict in
	PASS) pass "$rest" ;;
	FAIL) fail "${rest%%: *}" "${rest#*: }" ;;
	SKIP) echo "SKIP $OK_NAME: $rest" ;;
	*) [ -n "$verdict" ] && ns_log "injector: $verdict $rest" ;;
	esac
done < <(timeout 130 ip netns exec "$(ns_name b)" "$OK_PYTHON" "$INJ" \
	--target 10.0.0.1 --cli "$OKAPI_CLI" --sock "$OK_TMP/A.vty" \
	--log "$OK_TMP/A.log" --pid "$(ns_pid A)" "${DISCARD[@]}" \
	${OK_MALFORMED_CASES:-} 2>&1)

check_match "the injector ran to its end (its own summary)" \
	'^[0-9]+ passed, 0 failed$' "$SUMMARY"
check "okapi still running after every case" ns_running A
# Stopped here, not by the cleanup: an ASan build reports leaks at exit,
# and it_end reads every stderr for sanitizer reports.
check "okapi ends on SIGTERM within 5 s" ns_stop A 5
if [ "$IT_FAIL" -gt 0 ]; then
	it_excerpt "$OK_TMP/A.log" 30
	it_excerpt "$OK_TMP/A.stderr" 10
fi
it_end
