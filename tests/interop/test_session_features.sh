#!/bin/bash
#
# Issue 2's per-neighbor session features, okapi against FRR 8.4: one okapi
# (namespace a, AS 4200000001) and one FRR per feature, each in its own
# namespace on its own veth (10.0.N.0/24, okapi .1, FRR .2, FRR AS 65000+N):
#	b (N=0): okapi "timers 1 3", FRR default timers (60/180): the hold
#	   time negotiates to 3 s; a connection from an address that is not
#	   a neighbor (10.0.0.9) is refused;
#	c (N=1): FRR passive, listening on port 1179; okapi "neighbor X port
#	   1179": only okapi's connect can bring it up;
#	d (N=2): okapi "passive", FRR active: up, and FRR opened the TCP
#	   connection (its foreign port is 179);
#	e (N=3): okapi "neighbor X shutdown": never Established;
#	f (N=4): "timers 0 0" on both: hold time 0, no KEEPALIVEs, stays up;
#	g (N=5): not in okapi's config at first; added and SIGHUP: comes up;
#	   then b's neighbor removed and SIGHUP: FRR b receives a Cease.
# Run alone: bash test_session_features.sh (needs root; OKAPI_BGPD).

. "$(dirname "$0")/lib.sh"
it_begin features
it_need_okapi
[ -x "$FRR_BGPD" ] || it_cannot_run "FRR bgpd not found at $FRR_BGPD"
it_need_cmd "$FRR_VTYSH" ip "$OK_PYTHON"

PEERS="b c d e f g"
ASA=4200000001
ns_add a || it_cannot_run "namespace setup failed"
n=0
for p in $PEERS; do
	ns_add "$p" && ns_link a "eth$n" "$p" eth0 &&
		ns_addr a "eth$n" "10.0.$n.1/24" && ns_addr "$p" eth0 "10.0.$n.2/24" ||
		it_cannot_run "namespace setup failed"
	n=$((n + 1))
done
ns_addr b eth0 10.0.0.9/24
# shellcheck disable=SC2086 # word splitting wanted
ns_wait_settled a $PEERS || it_cannot_run "namespaces did not settle"

# peer_n P: the N of peer P.
peer_n()
{
	local i=0 p
	for p in $PEERS; do
		[ "$p" = "$1" ] && { echo $i; return; }
		i=$((i + 1))
	done
}

# frr_conf P EXTRA...: FRR config for peer P with extra neighbor lines.
frr_conf()
{
	local p=$1 i
	shift
	i=$(peer_n "$p")
	{
		printf 'frr defaults traditional\nhostname %s\nlog timestamp precision 3\n' "$p"
		printf 'router bgp %s\n bgp router-id 10.0.%s.2\n' $((65000 + i)) "$i"
		printf ' no bgp ebgp-requires-policy\n bgp log-neighbor-changes\n'
		printf ' neighbor 10.0.%s.1 remote-as %s\n' "$i" $ASA
		printf ' neighbor 10.0.%s.1 timers connect 2\n' "$i"
		for l in "$@"; do printf ' neighbor 10.0.%s.1 %s\n' "$i" "$l"; done
	} >"$OK_TMP/$p.conf"
}

# okapi_conf P:LINES...: okapi's config, one neighbor per argument
# "P" or "P:extra line:extra line".
okapi_conf()
{
	local spec p i l rest
	{
		printf 'hostname a\npassword zebra\nlog file %s/A.log\n!\n' "$OK_TMP"
		printf 'router bgp %s\n bgp router-id 10.0.0.1\n' $ASA
		for spec in "$@"; do
			p=${spec%%:*}
			i=$(peer_n "$p")
			printf ' neighbor 10.0.%s.2 remote-as %s\n' "$i" $((65000 + i))
			printf ' neighbor 10.0.%s.2 timers connect 2\n' "$i"
			rest=${spec#"$p"}
			while [ -n "$rest" ]; do
				rest=${rest#:}
				l=${rest%%:*}
				rest=${rest#"$l"}
				printf ' neighbor 10.0.%s.2 %s\n' "$i" "$l"
			done
		done
		printf '!\n'
	} >"$OK_TMP/A.conf"
}

frr_conf b
frr_conf c passive
frr_conf d
frr_conf e
frr_conf f "timers 0 0"
frr_conf g
okapi_conf "b:timers 1 3" "c:port 1179" d:passive e:shutdown "f:timers 0 0"
for p in $PEERS; do
	if [ "$p" = c ]; then frr_start "$p" "$p" 1179; else frr_start "$p" "$p"; fi
done
okapi_start A a || it_cannot_run "cannot start okapi"

up_frr()
{
	frr_established "$1" "10.0.$(peer_n "$1").1" "${2:-1}"
}

# ---- up: timers negotiation, port, passive, hold time 0 ---------------------

check_within 10 "b: Established (okapi timers 1 3, FRR default timers)" up_frr b
check_eq "b: negotiated hold time is okapi's 3 s" 3000 \
	"$(frr_nbr b 10.0.0.1 'n["bgpTimerHoldTimeMsecs"]')"
check_eq "b: FRR keepalive interval follows: 1 s" 1000 \
	"$(frr_nbr b 10.0.0.1 'n["bgpTimerKeepAliveIntervalMsecs"]')"

check_within 10 "c: Established with 'neighbor X port 1179' (FRR passive on 1179)" up_frr c
check_eq "c: okapi connected to FRR's port 1179" 1179 \
	"$(frr_nbr c 10.0.1.1 'n.get("portLocal")')"

check_within 10 "d: Established with okapi 'passive' (FRR active)" up_frr d
check_eq "d: the connection was opened by FRR (FRR's foreign port 179)" 179 \
	"$(frr_nbr d 10.0.2.1 'n.get("portForeign")')"

check_within 10 "f: Established with 'timers 0 0' on both sides" up_frr f
check_eq "f: negotiated hold time 0" 0 "$(frr_nbr f 10.0.4.1 'n["bgpTimerHoldTimeMsecs"]')"

# ---- e: shutdown; unknown address refused; f: no keepalives -----------------

ka0=$(frr_nbr f 10.0.4.1 'n["messageStats"]["keepalivesRecv"]')
e_seen_up=0
for _ in $(seq 1 10); do
	up_frr e && e_seen_up=1
	sleep 0.5
done
check_eq "e: 'neighbor X shutdown': never Established in 5 s (FRR's view)" 0 "$e_seen_up"
# FRR must answer (a dead FRR would also show no session).
check_match "e: FRR is alive and its session is down" \
	'^(Idle|Connect|Active|OpenSent|OpenConfirm) 0$' \
	"$(frr_nbr e 10.0.3.1 'n["bgpState"] + " " + str(n.get("connectionsEstablished", 0))')"
check_eq "e: no %ADJCHANGE Up for the shut-down neighbor" 0 "$(okapi_up_count A 10.0.3.2)"
ka1=$(frr_nbr f 10.0.4.1 'n["messageStats"]["keepalivesRecv"]')
check_eq "f: hold time 0: no KEEPALIVE received from okapi in 5 s" "$ka0" "$ka1"
check "f: hold time 0: still Established after 5 s" frr_established f 10.0.4.1

# A TCP connection to okapi from 10.0.0.9, an address of b's that is no
# neighbor: okapi must close it without sending an OPEN.
probe=$(ns_exec b "$OK_PYTHON" -c '
import socket, sys, time
s = socket.socket()
s.bind(("10.0.0.9", 0))
s.settimeout(3)
try:
    s.connect(("10.0.0.1", 179))
except OSError as e:
    print("refused at connect (%s)" % e); sys.exit(0)
try:
    d = s.recv(4096)
except socket.timeout:
    print("still open after 3 s"); sys.exit(1)
except OSError as e:
    print("reset (%s)" % e); sys.exit(0)
if d:
    print("got %d bytes: %s" % (len(d), d[:40].hex())); sys.exit(1)
print("closed by okapi without data")
')
rc=$?
if [ $rc = 0 ]; then
	pass "a connection from 10.0.0.9 (not a neighbor) is refused: $probe"
else
	fail "a connection from 10.0.0.9 (not a neighbor) is refused" "$probe"
fi

# ---- SIGHUP: add g, remove b -----------------------------------------------

check "g: not Established before it is configured" \
	test "$(okapi_up_count A 10.0.5.2)" = 0
declare -A CONNS
for p in b c d f; do
	CONNS[$p]=$(frr_conns "$p" "10.0.$(peer_n $p).1")
done
mv "$OK_TMP/A.log" "$OK_TMP/A.log.1"
okapi_conf "b:timers 1 3" "c:port 1179" d:passive e:shutdown "f:timers 0 0" g
ns_signal A HUP
check_within 10 "g: neighbor added to the config + SIGHUP: Established" up_frr g
check "okapi still running after SIGHUP" ns_running A
check_within 3 "SIGHUP re-opened the log file (a new A.log is written)" \
	test -s "$OK_TMP/A.log"
for p in b c d f; do
	if [ "$(frr_conns "$p" "10.0.$(peer_n $p).1")" = "${CONNS[$p]}" ] &&
		up_frr "$p"; then
		pass "$p: session untouched by the reload (same connection)"
	else
		fail "$p: session untouched by the reload (same connection)" \
			"connections ${CONNS[$p]} -> $(frr_conns "$p" "10.0.$(peer_n $p).1"), state $(frr_state "$p" "10.0.$(peer_n $p).1")"
	fi
done
okapi_conf "c:port 1179" d:passive e:shutdown "f:timers 0 0" g
ns_signal A HUP
check_within 5 "b: neighbor removed + SIGHUP: FRR b loses the session" frr_down b 10.0.0.1
v=$(frr_nbr b 10.0.0.1 'n.get("lastResetDueTo","") + " / " + n.get("lastNotificationReason","")')
check_match "b: FRR received a Cease for the removed neighbor" '^BGP Notification received / Cease' "$v"
check "g: still Established after the second reload" frr_established g 10.0.5.1 1

if [ -s "$OK_TMP/A.stdout" ] || [ -s "$OK_TMP/A.stderr" ]; then
	fail "okapi prints nothing on stdout/stderr" "$(head -c 300 "$OK_TMP/A.stderr" "$OK_TMP/A.stdout")"
fi
if [ "$IT_FAIL" -gt 0 ]; then
	cat "$OK_TMP/A.log.1" "$OK_TMP/A.log" >"$OK_TMP/A.all" 2>/dev/null
	it_excerpt "$OK_TMP/A.all" 40
fi
it_end
