# shellcheck shell=bash
#
# The issue-2 session scenario, parametrised by the two daemons:
#	session_suite KIND_A KIND_B
# where each KIND is okapi, frr or bird.  Side A is the daemon under test
# (okapi, except in the harness self-test), side B its peer.
#
# Topology: namespace "a" (10.0.0.1, 2001:db8::1, AS 4200000001, a 4-byte
# ASN) and namespace "b" (10.0.0.2, 2001:db8::2, AS 65002) joined by one
# veth.  Two sessions between them, both with "timers 1 3":
#	v4: IPv4 transport, IPv4 unicast;
#	v6: IPv6 transport, IPv4 unicast (Quagga's default) and IPv6 unicast.
# Steps (each a check on BOTH sides where the daemon can be asked):
#	1. Established within 10 s of the start;
#	2. each side sees the other's capabilities (4-byte AS, route refresh,
#	   graceful restart, MP for the configured families, hold time 3);
#	3. still up, without a flap, after 6 s (6 keepalive intervals, two
#	   hold times): keepalives flow;
#	4. B frozen (SIGSTOP): A's hold timer expires (not before 1 s, and
#	   within 5 s for okapi), A sends NOTIFICATION 4/0 and drops it;
#	5. B resumed (SIGCONT): Established again, on a new connection;
#	6. 4 and 5 the other way round (A frozen, B drops it);
#	7. SIGTERM ends A within 2 s and B receives a Cease NOTIFICATION
#	   (required of okapi only).
# The test stops early (failing) when a step leaves nothing to test.

AS_A=4200000001
AS_B=65002
ADDR_A4=10.0.0.1
ADDR_B4=10.0.0.2
ADDR_A6=2001:db8::1
ADDR_B6=2001:db8::2
SESSIONS="v4 v6"

# ---- addresses, ASNs and families per side and session ------------------

# other_addr SIDE FAM: the address SIDE uses for its neighbor in session FAM.
other_addr()
{
	case $1$2 in
	Av4) echo $ADDR_B4 ;; Av6) echo $ADDR_B6 ;;
	Bv4) echo $ADDR_A4 ;; Bv6) echo $ADDR_A6 ;;
	esac
}

# handle KIND SIDE FAM: how daemon KIND names the session (BIRD by
# protocol name, the others by neighbor address).
handle()
{
	if [ "$1" = bird ]; then echo "$3"; else other_addr "$2" "$3"; fi
}

# afs_of FAM: the address families negotiated on session FAM.
afs_of()
{
	case $1 in v4) echo ipv4 ;; v6) echo "ipv4 ipv6" ;; esac
}

# ---- configs --------------------------------------------------------------

# Quagga language (okapi), the same text FRR accepts.
conf_quagga()
{
	local label=$1 asn=$2 rid=$3 n4=$4 n6=$5 nas=$6
	cat <<EOF
hostname $label
password zebra
log file $OK_TMP/$label.log
!
router bgp $asn
 bgp router-id $rid
 neighbor $n4 remote-as $nas
 neighbor $n4 timers 1 3
 neighbor $n4 timers connect 2
 neighbor $n6 remote-as $nas
 neighbor $n6 timers 1 3
 neighbor $n6 timers connect 2
 address-family ipv6 unicast
  neighbor $n6 activate
 exit-address-family
!
EOF
}

conf_okapi()
{
	conf_quagga "$@"
}

# FRR: traditional (Quagga-like) defaults, no RFC 8212 policy requirement.
conf_frr()
{
	printf 'frr defaults traditional\n'
	conf_quagga "$@" | sed 's/^ bgp router-id .*/&\n no bgp ebgp-requires-policy\n bgp log-neighbor-changes/'
}

# BIRD 2: one protocol per session; error wait shortened (default 60 s)
# so that it reconnects quickly after the hold-timer test.
conf_bird()
{
	local label=$1 asn=$2 rid=$3 n4=$4 n6=$5 nas=$6 l4 l6
	if [ "$rid" = "$ADDR_A4" ]; then l4=$ADDR_A4 l6=$ADDR_A6; else l4=$ADDR_B4 l6=$ADDR_B6; fi
	cat <<EOF
log "$OK_TMP/$label.log" all;
router id $rid;
timeformat protocol iso long ms;
protocol device { }
template bgp okpeer {
	hold time 3;
	keepalive time 1;
	connect retry time 2;
	error wait time 1, 3;
	graceful restart on;
	# With long-lived GR negotiated (FRR offers it) BIRD treats a hold
	# timer expiry as a graceful restart and sends no NOTIFICATION.
	long lived graceful restart off;
	debug { states, events };
}
protocol bgp v4 from okpeer {
	local $l4 as $asn;
	neighbor $n4 as $nas;
	ipv4 { import all; export none; };
}
protocol bgp v6 from okpeer {
	local $l6 as $asn;
	neighbor $n6 as $nas;
	ipv4 { import all; export none; };
	ipv6 { import all; export none; };
}
EOF
}

# ---- per-kind queries: mark, established, down, hold timer sent ----------

# mark KIND LABEL H: a value that changes each time the session is
# (re-)established: okapi's count of "Up" lines, FRR's connection count,
# BIRD's time of the last state change.
mark()
{
	case $1 in
	okapi) okapi_up_count "$2" "$3" ;;
	frr) frr_conns "$2" "$3" ;;
	bird) bird_since "$2" "$3" ;;
	esac
}

# est KIND LABEL H [MARK]: established (on a connection newer than MARK).
est()
{
	case $1 in
	okapi) okapi_established "$2" "$3" "$(( ${4:-0} + 1 ))" ;;
	frr) frr_established "$2" "$3" "$(( ${4:-0} + 1 ))" ;;
	bird) bird_established "$2" "$3" "${4:-}" ;;
	esac
}

# down KIND LABEL H: the daemon no longer considers the session up.
down()
{
	case $1 in
	okapi) okapi_down "$2" "$3" ;;
	frr) frr_down "$2" "$3" ;;
	bird) bird_down "$2" "$3" ;;
	esac
}

# holdsent KIND LABEL H: the daemon's own record that it sent
# NOTIFICATION 4/0 (Hold Timer Expired) on this session.  Prints what it saw.
holdsent()
{
	local want
	case $1 in
	okapi)
		want="%NOTIFICATION: sent to neighbor $3 4/0 (Hold Timer Expired) 0 bytes"
		if grep -qF -- "$want" "$OK_TMP/$2.log" 2>/dev/null &&
			okapi_log_has "$2" "%ADJCHANGE: neighbor $(re_quote "$3") Down"; then
			echo "log: $want; %ADJCHANGE ... Down"
			return 0
		fi
		echo "no '$want' + '%ADJCHANGE: neighbor $3 Down' in the log"
		return 1 ;;
	frr)
		want=$(frr_nbr "$2" "$3" 'n.get("lastResetDueTo","") + " / " + n.get("lastNotificationReason","") + " / " + n.get("lastErrorCodeSubcode","")')
		echo "$want"
		[ "$want" = "BGP Notification send / Hold Timer Expired / 0400" ] ;;
	bird)
		want=$(bird_proto "$2" "$3" | sed -n 's/^ *Last error: *//p')
		echo "Last error: $want"
		[ "$want" = "BGP Error: Hold timer expired" ] ;;
	esac
}

# ceaserecv KIND LABEL H: the daemon received a Cease NOTIFICATION.
ceaserecv()
{
	local got
	case $1 in
	okapi)
		got=$(grep -F "%NOTIFICATION: received from neighbor $3 6/" "$OK_TMP/$2.log" 2>/dev/null | tail -n 1)
		echo "$got"
		[ -n "$got" ] ;;
	frr)
		got=$(frr_nbr "$2" "$3" 'n.get("lastResetDueTo","") + " / " + n.get("lastNotificationReason","")')
		echo "$got"
		printf '%s' "$got" | grep -q '^BGP Notification received / Cease' ;;
	bird)
		got=$(bird_proto "$2" "$3" | sed -n 's/^ *Last error: *//p')
		echo "Last error: $got"
		printf '%s' "$got" | grep -qE '^Received: (Maximum number of prefixes reached|Administrative shutdown|Peer de-configured|Administrative reset|Connection rejected|Other configuration change|Connection collision resolution|Out of Resources|Cease)' ;;
	esac
}

# ---- capabilities, as seen by one side ------------------------------------

# caps_frr LABEL H FAM OTHER_KIND OTHER_AS: FRR's view of its neighbor.
caps_frr()
{
	local l=$1 h=$2 fam=$3 ok=$4 oas=$5 af key v who
	who="$fam: $1 (frr) sees"
	check_eq "$who remote AS" "$oas" "$(frr_nbr "$l" "$h" 'n["remoteAs"]')"
	check_eq "$who 4-byte AS capability" advertisedAndReceived \
		"$(frr_nbr "$l" "$h" 'n["neighborCapabilities"].get("4byteAs")')"
	v=$(frr_nbr "$l" "$h" 'n["neighborCapabilities"].get("routeRefresh")')
	if [ "$ok" = okapi ]; then
		# okapi sends both codes, 2 (RFC 2918) and 128 (pre-standard).
		check_eq "$who route refresh, codes 2 and 128" advertisedAndReceivedOldNew "$v"
	else
		check_match "$who route refresh" '^advertisedAndReceived' "$v"
	fi
	check_eq "$who graceful restart capability" advertisedAndReceived \
		"$(frr_nbr "$l" "$h" 'n["neighborCapabilities"].get("gracefulRestart")')"
	if [ "$ok" = okapi ]; then
		check_eq "$who graceful restart time 120 s" 120000 \
			"$(frr_nbr "$l" "$h" 'n["neighborCapabilities"].get("gracefulRestartRemoteTimerMsecs")')"
	fi
	for af in $(afs_of "$fam"); do
		key=${af}Unicast
		check_eq "$who MP $af unicast advertised and received" True \
			"$(frr_nbr "$l" "$h" "n[\"neighborCapabilities\"][\"multiprotocolExtensions\"][\"$key\"].get(\"advertisedAndReceived\")")"
		if [ "$ok" = okapi ]; then
			check_within 3 "$who End-of-RIB for $af unicast" \
				frr_eor "$l" "$h" "$key"
		fi
	done
	check_eq "$who negotiated hold time 3 s" 3000 \
		"$(frr_nbr "$l" "$h" 'n["bgpTimerHoldTimeMsecs"]')"
}

frr_eor()
{
	[ "$(frr_nbr "$1" "$2" "n[\"gracefulRestartInfo\"][\"endOfRibRecv\"].get(\"$3\")")" = True ]
}

# caps_bird LABEL H FAM OTHER_KIND OTHER_AS: BIRD's view of its neighbor.
caps_bird()
{
	local l=$1 h=$2 fam=$3 oas=$5 out ncaps c who
	who="$fam: $1 (bird) sees"
	out=$(bird_proto "$l" "$h")
	ncaps=$(printf '%s\n' "$out" | sed -n '/^ *Neighbor capabilities/,/^ *Session:/p')
	check_eq "$who neighbor AS" "$oas" \
		"$(printf '%s\n' "$out" | awk -F': *' '/^ *Neighbor AS:/ { print $2 }')"
	check_eq "$who MP families announced" "$(afs_of "$fam")" \
		"$(printf '%s\n' "$ncaps" | awk -F': *' '/AF announced:/ { print $2; exit }' | sed 's/ *$//')"
	for c in "Route refresh" "Graceful restart" "4-octet AS numbers"; do
		if printf '%s\n' "$ncaps" | grep -qx " *$c"; then
			pass "$who capability '$c'"
		else
			fail "$who capability '$c'" "not in: $(printf '%s' "$ncaps" | tr -s ' \n' ' ')"
		fi
	done
	check_match "$who session uses AS4" 'AS4' \
		"$(printf '%s\n' "$out" | awk -F': *' '/^ *Session:/ { print $2 }')"
	check_match "$who hold time 3 s" '/3$' \
		"$(printf '%s\n' "$out" | awk -F': *' '/^ *Hold timer:/ { print $2 }')"
}

# caps_okapi LABEL H FAM OTHER_KIND OTHER_AS: okapi's own view, through
# its vty (`show ip bgp neighbors H`, Quagga's layout).  Until the vty
# listens (it comes with a later issue) this says so loudly on stderr and
# checks nothing: the session coming up is then all okapi's side shows.
caps_okapi()
{
	local l=$1 h=$2 fam=$3 ok=$4 oas=$5 ns out who af re
	ns=${l,,}
	who="$fam: $l (okapi) sees"
	if ! okapi_vty_listening "$ns"; then
		ns_log "NOTE: $l (okapi) has no vty on port 2605 yet: its own view of $h's capabilities is NOT checked"
		return 0
	fi
	# The peer's End-of-RIB comes just after Established: give it 3 s.
	wait_for 3 okapi_vty_has "$ns" "show ip bgp neighbors $h" \
		'End-of-RIB received: .*IPv4 Unicast' || true
	out=$(okapi_vty "$ns" "show ip bgp neighbors $h")
	for re in "BGP neighbor is $(re_quote "$h"), remote AS $oas," \
		'BGP state = Established' \
		'hold time is 3, keepalive interval is 1 seconds' \
		'4 Byte AS: advertised and received' \
		'Route refresh: advertised and received' \
		'Graceful Restart Capabilty: advertised and received'; do
		vty_line "$who" "$re" "$out"
	done
	# Only okapi is known to advertise 120 s (FRR and BIRD do too, but
	# that is their default, not our requirement).
	[ "$ok" = okapi ] && vty_line "$who" 'Remote Restart timer is 120 seconds' "$out"
	for af in $(afs_of "$fam"); do
		if [ "$af" = ipv4 ]; then re='IPv4 Unicast'; else re='IPv6 Unicast'; fi
		vty_line "$who" "Address family $re: advertised and received" "$out"
		vty_line "$who" "End-of-RIB received: .*$re" "$out"
	done
}

# okapi_vty_has NS CMD ERE: the command's output has a line matching ERE.
okapi_vty_has()
{
	okapi_vty "$1" "$2" | grep -qE -- "$3"
}

# vty_line WHO ERE TEXT: one check that a line of TEXT matches ERE.
vty_line()
{
	local line
	line=$(printf '%s\n' "$3" | grep -E -m 1 -- "$2")
	if [ -n "$line" ]; then
		pass "$1 '$(printf '%s' "$line" | sed 's/^ *//')'"
	else
		fail "$1 /$2/" "not in show ip bgp neighbors: $(printf '%s' "$3" | head -n 12 | tr -s ' \n' ' ')"
	fi
}

# ---- the scenario -----------------------------------------------------------

start_kind()
{
	case $1 in
	okapi) okapi_start "$2" "$3" ;;
	frr) frr_start "$2" "$3" ;;
	bird) bird_start "$2" "$3" ;;
	esac
}

logfile()
{
	echo "$OK_TMP/$1.log"
}

# dump_logs: on a failure, show both daemons' logs, stdout and stderr
# (without FRR's zebra-less "zclient_send_message() failed" noise).
dump_logs()
{
	local s
	for s in A B; do
		grep -v 'zclient_send_message() failed' "$(logfile $s)" \
			>"$OK_TMP/$s.log.excerpt" 2>/dev/null
		it_excerpt "$OK_TMP/$s.log.excerpt" 25
		it_excerpt "$OK_TMP/$s.stdout" 5
		it_excerpt "$OK_TMP/$s.stderr" 5
	done
}

# both_est DEADLINE_S STEP: check Established on every session, both sides,
# all within DEADLINE_S seconds of now; MARK_<side>_<fam> set by the caller
# (empty: any connection).
both_est()
{
	local limit=$1 what=$2 t0 fam side k h left ok=0 m
	t0=$(ns_now)
	for fam in $SESSIONS; do
		for side in A B; do
			if [ $side = A ]; then k=$KIND_A; else k=$KIND_B; fi
			h=$(handle "$k" "$side" "$fam")
			left=$(awk -v l="$limit" -v e="$(ns_since "$t0")" 'BEGIN { r = l - e; printf "%.1f", r < 0.5 ? 0.5 : r }')
			m=$(eval echo "\${MARK_${side}_${fam}:-}")
			if wait_for "$left" est "$k" "$side" "$h" "$m"; then
				pass "$fam: $side ($k) sees the session Established $what (at $(ns_since "$t0") s)"
			else
				fail "$fam: $side ($k) sees the session Established $what" \
					"not within $limit s (state: $(state_of "$k" "$side" "$h"))"
				ok=1
			fi
		done
	done
	return $ok
}

state_of()
{
	case $1 in
	okapi) echo "last ADJCHANGE $(okapi_adj "$2" "$3"), $(okapi_up_count "$2" "$3") Up lines" ;;
	frr) echo "$(frr_state "$2" "$3"), $(frr_conns "$2" "$3") connections" ;;
	bird) echo "$(bird_state "$2" "$3") since $(bird_since "$2" "$3")" ;;
	esac
}

# set_marks: remember every session's current mark on both sides.
set_marks()
{
	local fam side k
	for fam in $SESSIONS; do
		for side in A B; do
			if [ $side = A ]; then k=$KIND_A; else k=$KIND_B; fi
			printf -v "MARK_${side}_${fam}" '%s' "$(mark "$k" "$side" "$(handle "$k" "$side" "$fam")")"
		done
	done
}

clear_marks()
{
	local fam side
	for fam in $SESSIONS; do
		for side in A B; do
			printf -v "MARK_${side}_${fam}" '%s' ""
		done
	done
}

# no_flap STEP: every session on both sides is still established on the
# same connection as when set_marks ran.
no_flap()
{
	local fam side k h m now ok=0
	for fam in $SESSIONS; do
		for side in A B; do
			if [ $side = A ]; then k=$KIND_A; else k=$KIND_B; fi
			h=$(handle "$k" "$side" "$fam")
			m=$(eval echo "\${MARK_${side}_${fam}}")
			now=$(mark "$k" "$side" "$h")
			if [ "$m" = "$now" ] && est "$k" "$side" "$h"; then
				pass "$fam: $side ($k) still Established on the same connection $1"
			else
				fail "$fam: $side ($k) still Established on the same connection $1" \
					"mark $m -> $now, state: $(state_of "$k" "$side" "$h")"
				ok=1
			fi
		done
	done
	return $ok
}

# freeze_test FROZEN LIVE: SIGSTOP FROZEN; LIVE must drop every session
# by hold timer expiry (3 s, so not before 2 s and within 6 s) with the
# right NOTIFICATION; then SIGCONT and Established again on new connections.
freeze_test()
{
	local fz=$1 lv=$2 kf kl fam h t0 el why ok=0 bound left
	if [ "$fz" = A ]; then kf=$KIND_A kl=$KIND_B; else kf=$KIND_B kl=$KIND_A; fi
	set_marks
	ns_log "freezing $fz ($kf) with SIGSTOP"
	ns_signal "$fz" STOP
	t0=$(ns_now)
	# okapi must drop within 5 s of the freeze (3 s hold after a last
	# KEEPALIVE at most 1 s before it, plus 1 s of slack); FRR's hold
	# timer is lax (it re-arms while data was read recently: up to ~8 s
	# seen on a loaded machine), so other daemons get 10 s.
	if [ "$kl" = okapi ]; then bound=5; else bound=10; fi
	for fam in $SESSIONS; do
		h=$(handle "$kl" "$lv" "$fam")
		left=$(awk -v b="$bound" -v e="$(ns_since "$t0")" 'BEGIN { r = b - e; printf "%.1f", r < 0.2 ? 0.2 : r }')
		if wait_for "$left" down "$kl" "$lv" "$h"; then
			el=$(ns_since "$t0")
			# Hold 3 s counts from the last KEEPALIVE, which came
			# up to 1 s before the freeze: so 2-3 s (1 s of slack
			# for polling and timer granularity).
			if awk -v e="$el" 'BEGIN { exit !(e >= 1.0) }'; then
				pass "$fam: $lv ($kl) drops the session when $fz is frozen (after $el s, hold time 3 s)"
			else
				fail "$fam: $lv ($kl) drops the session when $fz is frozen" \
					"after only $el s: too early for the 3 s hold timer"
				ok=1
			fi
			if why=$(wait_for 2 holdsent "$kl" "$lv" "$h" >/dev/null; holdsent "$kl" "$lv" "$h"); then
				pass "$fam: $lv ($kl) sent NOTIFICATION 4/0 Hold Timer Expired ($why)"
			else
				fail "$fam: $lv ($kl) sent NOTIFICATION 4/0 Hold Timer Expired" "$why"
				ok=1
			fi
		else
			fail "$fam: $lv ($kl) drops the session when $fz is frozen" \
				"still up $bound s after SIGSTOP (state: $(state_of "$kl" "$lv" "$h"))"
			ok=1
		fi
	done
	ns_log "resuming $fz ($kf) with SIGCONT"
	ns_signal "$fz" CONT
	both_est 20 "again after $fz resumed (new connection, within 20 s)" || ok=1
	return $ok
}

# session_suite KIND_A KIND_B
session_suite()
{
	KIND_A=$1
	KIND_B=$2
	local k
	for k in "$KIND_A" "$KIND_B"; do
		case $k in
		okapi) it_need_okapi ;;
		frr) [ -x "$FRR_BGPD" ] || it_cannot_run "FRR bgpd not found at $FRR_BGPD"
			it_need_cmd "$FRR_VTYSH" ;;
		bird) it_need_cmd "$BIRD_BIN" "$BIRDC_BIN" ;;
		esac
	done
	it_need_cmd ip "$OK_PYTHON"

	ns_add a && ns_add b && ns_link a eth0 b eth0 &&
		ns_addr a eth0 $ADDR_A4/24 && ns_addr a eth0 $ADDR_A6/64 &&
		ns_addr b eth0 $ADDR_B4/24 && ns_addr b eth0 $ADDR_B6/64 &&
		ns_wait_settled a b || it_cannot_run "namespace setup failed"

	"conf_$KIND_A" A $AS_A $ADDR_A4 $ADDR_B4 $ADDR_B6 $AS_B >"$OK_TMP/A.conf"
	"conf_$KIND_B" B $AS_B $ADDR_B4 $ADDR_A4 $ADDR_A6 $AS_A >"$OK_TMP/B.conf"
	start_kind "$KIND_A" A a || it_cannot_run "cannot start $KIND_A"
	start_kind "$KIND_B" B b || it_cannot_run "cannot start $KIND_B"

	# 1. Established within 10 s.
	clear_marks
	if ! both_est 10 "within 10 s of the start"; then
		dump_logs
		check "both daemons still running" ns_running_both
		it_end
	fi

	# 2. Capabilities, each side's view of the other.
	local fam
	for fam in $SESSIONS; do
		"caps_$KIND_A" A "$(handle "$KIND_A" A "$fam")" "$fam" "$KIND_B" $AS_B
		"caps_$KIND_B" B "$(handle "$KIND_B" B "$fam")" "$fam" "$KIND_A" $AS_A
	done

	# 3. Keepalives keep it up: 6 s = 6 keepalive intervals = 2 hold times.
	set_marks
	local ka0=""
	[ "$KIND_B" = frr ] && ka0=$(frr_nbr B "$ADDR_A4" 'n["messageStats"]["keepalivesRecv"]')
	sleep 6
	no_flap "after 6 s with timers 1 3" || dump_logs
	if [ -n "$ka0" ]; then
		local ka1
		ka1=$(frr_nbr B "$ADDR_A4" 'n["messageStats"]["keepalivesRecv"]')
		if [ -n "$ka1" ] && [ $((ka1 - ka0)) -ge 4 ]; then
			pass "v4: B (frr) received $((ka1 - ka0)) KEEPALIVEs from A in 6 s"
		else
			fail "v4: B (frr) received at least 4 KEEPALIVEs from A in 6 s" "$ka0 -> $ka1"
		fi
	fi

	# 4-5. B frozen, A's hold timer; 6. the other way round.
	if ! freeze_test B A; then
		dump_logs
	fi
	if ! freeze_test A B; then
		dump_logs
	fi

	# 7. Clean shutdown: exit within 2 s, peers get a Cease.
	local t0 why h
	t0=$(ns_now)
	if ! ns_running A; then
		fail "A ($KIND_A) exits within 2 s of SIGTERM" "it was not running any more (crashed?)"
		dump_logs
	elif ns_stop A 2; then
		pass "A ($KIND_A) exits within 2 s of SIGTERM (after $(ns_since "$t0") s, status ${OK_RC[A]})"
	else
		fail "A ($KIND_A) exits within 2 s of SIGTERM" "had to be killed"
	fi
	if :; then
		for fam in $SESSIONS; do
			h=$(handle "$KIND_B" B "$fam")
			if why=$(wait_for 3 ceaserecv "$KIND_B" B "$h" >/dev/null; ceaserecv "$KIND_B" B "$h"); then
				pass "$fam: B ($KIND_B) received a Cease NOTIFICATION on A's SIGTERM ($why)"
			elif [ "$KIND_A" = okapi ]; then
				fail "$fam: B ($KIND_B) received a Cease NOTIFICATION on A's SIGTERM" "$why"
			else
				# Only okapi is required to send one (FRR 8.4 with
				# -Z just closes the connection).
				ns_log "note: $fam: B ($KIND_B) got no Cease from $KIND_A: $why"
			fi
		done
	fi
	for k in A B; do
		if [ -s "$OK_TMP/$k.stderr" ] || [ -s "$OK_TMP/$k.stdout" ]; then
			ns_log "$k wrote on stdout/stderr:"
			it_excerpt "$OK_TMP/$k.stderr" 10
			[ "$(eval echo "\$KIND_$k")" = okapi ] &&
				fail "$k (okapi) prints nothing on stdout/stderr" "see above"
		fi
	done
	it_end
}

ns_running_both()
{
	ns_running A && ns_running B
}
