#!/bin/bash
#
# Churn soak, shortened for CI (issue 9: "memory stays bounded when a peer
# floods announcements and withdrawals ... RSS flat, shortened in CI"):
# okapi (namespace a, 10.0.0.1, AS 65000, installing into its namespace's
# kernel FIB) and, in namespace b, soak_flood.py playing a flooding peer
# (10.0.0.2, AS 65001) and a downstream peer (10.0.0.3, AS 65003,
# advertisement-interval 0).  SOAK_ROUNDS rounds (default 20) of
# SOAK_PREFIXES prefixes (default 4000): announced, re-announced with
# other attributes, withdrawn, then a per-round sentinel that must reach
# okapi's RIB and the downstream peer.  Checks: RSS after the last round
# within max(2 MB, 5 %) of RSS after the first (not judged for an ASan
# build, said loudly), both sessions up throughout, and after the last
# round a final set held exactly by okapi, the downstream peer and the
# kernel FIB.  The full-length soak (one hour of churn) is the same with
# SOAK_ROUNDS=2000 and OK_TEST_TIMEOUT raised.
# Run alone: bash test_soak.sh (needs root; OKAPI_BGPD or OKAPI_BUILD).

. "$(dirname "$0")/lib.sh"
it_begin soak
it_need_okapi
it_need_cmd ip "$OK_PYTHON"
OKAPI_CLI=$(dirname "$(okapi_find)")/okapi-cli
[ -x "$OKAPI_CLI" ] || it_cannot_run "no okapi-cli next to $(okapi_find)"
ROUNDS=${SOAK_ROUNDS:-20}
PREFIXES=${SOAK_PREFIXES:-4000}

ns_add a && ns_add b && ns_link a eth0 b eth0 &&
	ns_addr a eth0 10.0.0.1/24 && ns_addr b eth0 10.0.0.2/24 &&
	ns_addr b eth0 10.0.0.3/24 || it_cannot_run "namespace setup failed"
ns_wait_settled a b || it_cannot_run "namespaces did not settle"

cat >"$OK_TMP/A.conf" <<EOF
hostname a
password zebra
log file $OK_TMP/A.log
!
router bgp 65000
 bgp router-id 10.0.0.1
 neighbor 10.0.0.2 remote-as 65001
 neighbor 10.0.0.2 passive
 neighbor 10.0.0.3 remote-as 65003
 neighbor 10.0.0.3 passive
 neighbor 10.0.0.3 advertisement-interval 0
!
EOF
okapi_start A a || it_cannot_run "cannot start okapi"
ready()
{
	ns_exec a ss -Hltn 'sport = :179' | grep -q 179 && [ -S "$OK_TMP/A.vty" ]
}
wait_for 10 ready || it_cannot_run "okapi does not listen on 179"

SUMMARY=""
while read -r verdict rest; do
	[[ "$verdict $rest" =~ ^[0-9]+\ passed,\ [0-9]+\ failed$ ]] && SUMMARY="$verdict $rest"
	case $verdict in
	PASS) pass "$rest" ;;
	FAIL) fail "${rest%%: *}" "${rest#*: }" ;;
	SKIP) echo "SKIP $OK_NAME: $rest" ;;
	*) [ -n "$verdict" ] && ns_log "soak_flood: $verdict $rest" ;;
	esac
done < <(timeout 130 ip netns exec "$(ns_name b)" "$OK_PYTHON" \
	"$IT_DIR/soak_flood.py" --pid "$(ns_pid A)" --cli "$OKAPI_CLI" \
	--sock "$OK_TMP/A.vty" --ns "$(ns_name a)" --rounds "$ROUNDS" \
	--prefixes "$PREFIXES" 2>&1)

check_match "soak_flood.py ran to its end (its own summary)" \
	'^[0-9]+ passed, 0 failed$' "$SUMMARY"
check "okapi still running" ns_running A
check "no session went down during the soak" \
	test "$(okapi_log_count A '%ADJCHANGE: neighbor .* Down' )" -le 2
# Stopped here, not by the cleanup: an ASan build reports leaks at exit,
# and it_end reads every stderr for sanitizer reports.
check "okapi ends on SIGTERM within 5 s" ns_stop A 5
if [ "$IT_FAIL" -gt 0 ]; then
	it_excerpt "$OK_TMP/A.log" 30
	it_excerpt "$OK_TMP/A.stderr" 10
fi
it_end
