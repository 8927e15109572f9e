#!/bin/bash
#
# okapi's telnet vty against hostile and broken clients (issue 9, "vty
# security"), in one namespace: okapi (10.0.0.1 on the namespace's
# loopback, AS 65000, vty on port 2605, password "zebra", `line vty`
# access-class permitting 127.0.0.1 only and an ipv6 access-class denying
# all) and a BGP peer at 10.0.0.2 (hold time 3) played by vty_abuse.py,
# which also plays the clients: three bad passwords close the connection;
# access-class is enforced (127.0.0.2, 10.0.0.2, ::1 refused before any
# prompt); a 1 MB line, 60,000 telnet commands, an
# unterminated subnegotiation and 1 MB of binary garbage (before and after
# login) neither crash nor stall okapi; a client stuck in the middle of a
# 20,000-route "show ip bgp" blocks neither other vty sessions nor the
# event loop (the BGP KEEPALIVEs keep flowing).  Then: okapi still runs,
# and once the password is removed from the config (SIGHUP) every login
# is refused ("Vty password is not set.").
# Run alone: bash test_vty_security.sh (needs root; OKAPI_BGPD or
# OKAPI_BUILD).

. "$(dirname "$0")/lib.sh"
it_begin vty-security
it_need_okapi
it_need_cmd ip "$OK_PYTHON"
OKAPI_CLI=$(dirname "$(okapi_find)")/okapi-cli
[ -x "$OKAPI_CLI" ] || it_cannot_run "no okapi-cli next to $(okapi_find)"

ns_add a && ns_addr a lo 10.0.0.1/24 && ns_addr a lo 10.0.0.2/24 ||
	it_cannot_run "namespace setup failed"
ns_wait_settled a || it_cannot_run "namespace did not settle"

cat >"$OK_TMP/A.conf" <<EOF
hostname a
password zebra
log file $OK_TMP/A.log
!
access-list vty permit 127.0.0.1/32
ipv6 access-list vty6 deny any
!
router bgp 65000
 bgp router-id 10.0.0.1
 neighbor 10.0.0.2 remote-as 65001
 neighbor 10.0.0.2 passive
!
line vty
 access-class vty
 ipv6 access-class vty6
!
EOF
okapi_start A a || it_cannot_run "cannot start okapi"
ready()
{
	okapi_vty_listening a && ns_exec a ss -Hltn 'sport = :179' | grep -q 179
}
wait_for 10 ready || it_cannot_run "okapi does not listen on 179 and 2605"

SUMMARY=""
while read -r verdict rest; do
	[[ "$verdict $rest" =~ ^[0-9]+\ passed,\ [0-9]+\ failed$ ]] && SUMMARY="$verdict $rest"
	case $verdict in
	PASS) pass "$rest" ;;
	FAIL) fail "${rest%%: *}" "${rest#*: }" ;;
	*) [ -n "$verdict" ] && ns_log "vty_abuse: $verdict $rest" ;;
	esac
done < <(timeout 120 ip netns exec "$(ns_name a)" "$OK_PYTHON" \
	"$IT_DIR/vty_abuse.py" --pid "$(ns_pid A)" --cli "$OKAPI_CLI" \
	--sock "$OK_TMP/A.vty" 2>&1)

check_match "vty_abuse.py ran to its end (its own summary)" \
	'^[0-9]+ passed, 0 failed$' "$SUMMARY"
check "okapi still running" ns_running A

# No password configured (reload by SIGHUP): every telnet login is
# refused, as Quagga does ("Vty password is not set.").
sed -i '/^password /d' "$OK_TMP/A.conf"
ns_signal A HUP
refused()
{
	ns_exec a "$OK_PYTHON" -c '
import socket, sys
s = socket.create_connection(("127.0.0.1", 2605), 3)
d = b""
while True:
    try:
        c = s.recv(4096)
    except OSError:
        break
    if not c:
        break
    d += c
sys.exit(0 if b"Vty password is not set." in d and b"Password:" not in d else 1)'
}
check_within 5 "no password configured: the login is refused and closed" refused
# Stopped here, not by the cleanup: an ASan build reports leaks at exit,
# and it_end reads every stderr for sanitizer reports.
check "okapi ends on SIGTERM within 5 s" ns_stop A 5
if [ "$IT_FAIL" -gt 0 ]; then
	it_excerpt "$OK_TMP/A.log" 30
	it_excerpt "$OK_TMP/A.stderr" 10
fi
it_end
