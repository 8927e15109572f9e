#!/bin/bash
#
# The IPMininet contract (issue 2; docs: shared reference ipmininet.md
# sections 2 and 7): okapi's bgpd driven exactly as IPMininet drives
# Quagga's, always as the bare name "bgpd" found through PATH and always
# inside a namespace of ours.
#	- the dry run `bgpd -Cf CFG -u root` accepts the seed configs of both
#	  eras: the repo's etc/*.conf (when present) and our own copies of
#	  ipmininet.md 3.1/3.2 in tests/interop/configs/ (@D@ = node dir);
#	- it writes no file and opens nothing (no log, no pid file);
#	- broken configs: exit status 1, a message on stderr naming the file
#	  and the line, nothing on stdout;
#	- `bgpd -f CFG -i PID -z SOCK -u root -p 179` stays in the foreground,
#	  writes the pid file, listens on 179, logs in Quagga's format, prints
#	  nothing on stdout/stderr, is found by `pgrep -f '^bgpd'`;
#	- the vty answers on TCP 2605 from 127.0.0.1 and ::1;
#	- SIGTERM and SIGINT each end it within 2 s, cleanly;
#	- the same for the FRR-era config (ipmininet.md 3.2), started;
#	- `-u` with a missing user is a clear error, not a crash.
# Run alone: bash test_ipmininet_contract.sh (needs root; OKAPI_BGPD).

. "$(dirname "$0")/lib.sh"
it_begin contract
it_need_okapi
it_need_cmd ip ss pgrep timeout

SRC=${OKAPI_SRCDIR:-$(cd "$IT_DIR/../.." && pwd)}
BIN=$(okapi_bindir) || it_cannot_run "cannot make the bgpd symlink dir"
ns_add n || it_cannot_run "cannot create a namespace"
NODE="$OK_TMP/node"	# IPMininet's <d>
mkdir -p "$NODE"

# in_ns CMD...: run a command in our namespace with okapi's bgpd first on
# PATH, bounded to 5 s (timeout's status 124 then).
in_ns()
{
	ns_exec n timeout 5 env PATH="$BIN:$PATH" "$@"
}

# dry NAME CFG: `bgpd -Cf CFG -u root`, output in $OK_TMP/NAME.{out,err},
# exit status in DRY_RC.  A dry run that hangs ends the test (every
# later step would hang the same way).
dry()
{
	in_ns bgpd -Cf "$2" -u root >"$OK_TMP/$1.out" 2>"$OK_TMP/$1.err"
	DRY_RC=$?
	if [ "$DRY_RC" = 124 ]; then
		fail "bgpd -Cf $(basename "$2") returns within 5 s" "it hangs: stopping here"
		it_end
	fi
}

# ---- 1. the dry run accepts the seed configs --------------------------------

seeds=()
for f in "$SRC"/etc/*.conf "$IT_DIR"/configs/*.conf; do
	[ -f "$f" ] && seeds+=("$f")
done
[ ${#seeds[@]} -gt 0 ] || fail "seed configs found" "none in $SRC/etc or $IT_DIR/configs"
n=0
for f in "${seeds[@]}"; do
	n=$((n + 1))
	cfg="$NODE/seed$n-$(basename "$f")"
	sed "s|@D@|$NODE|g" "$f" >"$cfg"
	dry "seed$n" "$cfg"
	if [ "$DRY_RC" = 0 ] && [ ! -s "$OK_TMP/seed$n.out" ]; then
		pass "bgpd -Cf accepts ${f#"$SRC"/} (exit 0$([ -s "$OK_TMP/seed$n.err" ] && printf ', %s warning line(s)' "$(wc -l <"$OK_TMP/seed$n.err")"))"
	else
		fail "bgpd -Cf accepts ${f#"$SRC"/}" "exit $DRY_RC: $(head -c 300 "$OK_TMP/seed$n.err" "$OK_TMP/seed$n.out" | tr '\n' ' ')"
	fi
done

# ---- 2. the dry run touches nothing --------------------------------------------

mkdir -p "$OK_TMP/dryonly"
sed "s|@D@|$OK_TMP/dryonly|g" "$IT_DIR/configs/quagga-era-as1ra.conf" >"$OK_TMP/dry.conf"
in_ns bgpd -Cf "$OK_TMP/dry.conf" -i "$OK_TMP/dryonly/bgpd.pid" \
	-z "$OK_TMP/dryonly/quagga.api" -u root >/dev/null 2>&1
rc=$?
check_eq "bgpd -Cf with -i and -z: exit status" 0 "$rc"
check_eq "bgpd -Cf writes no file (no log, no pid file, no socket)" "" \
	"$(ls -A "$OK_TMP/dryonly")"
in_ns bgpd --dryrun --config_file "$OK_TMP/dry.conf" --user root >/dev/null 2>&1
check_eq "long options --dryrun --config_file --user: exit status" 0 "$?"

# ---- 3. broken configs are rejected, naming the line ---------------------------

# broken NAME LINE TEXT: the as1ra config with TEXT inserted as line LINE.
broken()
{
	local name=$1 line=$2 text=$3 cfg="$NODE/broken-$1.conf" err
	sed "s|@D@|$NODE|g" "$IT_DIR/configs/quagga-era-as1ra.conf" |
		awk -v l="$line" -v t="$text" 'NR == l { print t } { print }' >"$cfg"
	dry "broken-$name" "$cfg"
	err=$(head -n 5 "$OK_TMP/broken-$name.err")
	check_eq "$name: bgpd -Cf rejects it with exit status 1" 1 "$DRY_RC"
	if grep -qE "(broken-$name\\.conf:$line([^0-9]|\$)|line $line([^0-9]|\$))" "$OK_TMP/broken-$name.err"; then
		pass "$name: the message names the file and line $line ($(printf '%s' "$err" | head -n 1))"
	else
		fail "$name: the message names the file and line $line" "stderr: '$err'"
	fi
	check_eq "$name: nothing on stdout" "" "$(cat "$OK_TMP/broken-$name.out")"
}
broken unknown-keyword 12 "    neighbor 2001:12::b remote-ass 2"
broken bad-address 10 "    neighbor 2001:12::zz remote-as 2"
broken bad-router-id 9 "    bgp router-id 1.2.3"
broken top-level-garbage 3 "frobnicate the config"
in_ns bgpd -Cf "$NODE/does-not-exist.conf" -u root >/dev/null 2>"$OK_TMP/missing.err"
rc=$?
if [ "$rc" -ne 0 ] && [ "$rc" -lt 124 ] && [ -s "$OK_TMP/missing.err" ]; then
	pass "missing config file: error exit ($rc) with a message ($(head -n 1 "$OK_TMP/missing.err"))"
else
	fail "missing config file: error exit with a message" "exit $rc, stderr '$(head -c 200 "$OK_TMP/missing.err")'"
fi

# ---- 4. the real start ----------------------------------------------------------

CFG="$OK_TMP/run.conf"
sed "s|@D@|$NODE|g" "$IT_DIR/configs/quagga-era-as1ra.conf" >"$CFG"
LOG="$NODE/bgpd_as1ra.log"

# start LABEL: start bgpd as IPMininet does, in namespace n.
start()
{
	rm -f "$NODE/bgpd_$1.pid"
	ns_spawn "$1" n env PATH="$BIN:$PATH" bgpd -f "$CFG" \
		-i "$NODE/bgpd_$1.pid" -z "$NODE/quagga_$1.api" -u root -p 179
}

pidfile_ok()
{
	[ -s "$NODE/bgpd_$1.pid" ] &&
		[ "$(tr -d ' \n' <"$NODE/bgpd_$1.pid")" = "$(ns_pid "$1")" ]
}

listening()
{
	ns_exec n ss -Hltn 'sport = :179' | grep -qE '(\*|\[::\]|0\.0\.0\.0):179'
}

# Quagga's line format, every line: "YYYY/MM/DD HH:MM:SS BGP: ...".
log_format_ok()
{
	[ -s "$LOG" ] && ! grep -qvE '^[0-9]{4}/[0-9]{2}/[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2} BGP: ' "$LOG"
}

pgrep_finds()
{
	pgrep -f '^bgpd' | grep -qx "$(ns_pid "$1")"
}

start r1
check_within 2 "the pid file is written with the daemon's pid" pidfile_ok r1
check_within 3 "it listens on TCP port 179" listening
sleep 1
check "it stays in the foreground (the pid we started is still running after 1 s)" ns_running r1
check "argv[0] is the bare name: pgrep -f '^bgpd' finds it" pgrep_finds r1
check_eq "/proc/PID/cmdline starts with 'bgpd -f'" "bgpd -f" \
	"$(tr '\0' ' ' <"/proc/$(ns_pid r1)/cmdline" 2>/dev/null | cut -d' ' -f1-2)"
ss_line=$(ns_exec n ss -Hltn 'sport = :179' | awk '{print $4}' | sort | tr '\n' ' ')
check_match "it listens for IPv6 as well (dual-stack [::]:179 or both families)" '\[::\]:179' "$ss_line"
check_within 2 "the log file is written, every line in Quagga's format" log_format_ok
# The vty: IPMininet passes no -A/-P, so TCP 2605 on every address; its
# docs log in with `telnet localhost bgpd`, the CNP3 blog `telnet ::1 bgpd`.
vty_summary_ok()
{
	ns_exec n "$OK_PYTHON" "$OK_LIBDIR/vty.py" "$1" "show bgp summary" 2>/dev/null |
		grep -q "BGP router identifier $2, local AS number $3\b"
}
check_within 3 "the vty listens on TCP 2605" okapi_vty_listening n
for host in 127.0.0.1 ::1; do
	check "vty from $host: login (password zebra), 'show bgp summary' answers" \
		vty_summary_ok "$host" 0.0.0.2 1
done
t0=$(ns_now)
if ! ns_running r1; then
	fail "SIGTERM ends it within 2 s" "it was not running any more before the signal"
elif ns_stop r1 2; then
	pass "SIGTERM ends it within 2 s (after $(ns_since "$t0") s)"
	check_eq "exit status after SIGTERM (clean exit, not killed by the signal)" 0 "${OK_RC[r1]}"
else
	fail "SIGTERM ends it within 2 s" "still running, killed"
fi
check_eq "nothing on stdout" "" "$(cat "$OK_TMP/r1.stdout")"
check_eq "nothing on stderr" "" "$(head -c 300 "$OK_TMP/r1.stderr")"
check "the log says it is terminating on the signal" \
	grep -qE 'BGP: Terminating on signal' "$LOG"

start r2
check_within 2 "second start: pid file written" pidfile_ok r2
sleep 0.5
t0=$(ns_now)
if ! ns_running r2; then
	fail "SIGINT ends it within 2 s" "it was not running any more before the signal"
elif ns_signal r2 INT && wait_for 2 ns_dead r2; then
	pass "SIGINT ends it within 2 s (after $(ns_since "$t0") s)"
	ns_reap "$(ns_pid r2)"
	check_eq "exit status after SIGINT" 0 "${OK_RC[r2]}"
else
	fail "SIGINT ends it within 2 s" "still running"
fi
check_eq "nothing on stdout/stderr (second run)" "" \
	"$(cat "$OK_TMP/r2.stdout" "$OK_TMP/r2.stderr" | head -c 300)"

# ---- 4b. the FRR-era config (what IPMininet generates today), started -------

CFG=$OK_TMP/run-frr.conf
sed "s|@D@|$NODE|g" "$IT_DIR/configs/frr-era-as2r1.conf" >"$CFG"
LOG="$NODE/bgpd_as2r1.log"
start r3
check_within 2 "FRR era: the pid file is written with the daemon's pid" pidfile_ok r3
check_within 3 "FRR era: it listens on TCP port 179" listening
check_within 3 "FRR era: the vty listens on TCP 2605" okapi_vty_listening n
sleep 0.5
check "FRR era: it stays in the foreground" ns_running r3
check "FRR era: pgrep -f '^bgpd' finds it" pgrep_finds r3
for host in 127.0.0.1 ::1; do
	check "FRR era: vty from $host answers 'show bgp summary' (AS 2, router id 192.168.8.1)" \
		vty_summary_ok "$host" 192.168.8.1 2
done
check_within 2 "FRR era: the log file is written, every line in Quagga's format" log_format_ok
t0=$(ns_now)
if ! ns_running r3; then
	fail "FRR era: SIGTERM ends it within 2 s" "it was not running any more before the signal"
elif ns_stop r3 2; then
	pass "FRR era: SIGTERM ends it within 2 s (after $(ns_since "$t0") s)"
	check_eq "FRR era: exit status after SIGTERM" 0 "${OK_RC[r3]}"
else
	fail "FRR era: SIGTERM ends it within 2 s" "still running, killed"
fi
check_eq "FRR era: nothing on stdout/stderr" "" \
	"$(cat "$OK_TMP/r3.stdout" "$OK_TMP/r3.stderr" | head -c 300)"

# ---- 5. a missing user is a clear error, not a crash -----------------------

ns_spawn nouser n env PATH="$BIN:$PATH" bgpd -f "$CFG" \
	-i "$NODE/bgpd_nouser.pid" -z "$NODE/quagga_nouser.api" \
	-u okapi-no-such-user -p 179
if wait_for 3 ns_dead nouser; then
	ns_reap "$(ns_pid nouser)"
	rc=${OK_RC[nouser]}
	if [ "$rc" -ge 1 ] && [ "$rc" -lt 128 ] && [ -s "$OK_TMP/nouser.stderr" ]; then
		pass "-u with a missing user: error exit $rc with a message ($(head -n 1 "$OK_TMP/nouser.stderr"))"
	else
		fail "-u with a missing user: error exit with a message" \
			"exit $rc, stderr '$(head -c 200 "$OK_TMP/nouser.stderr")'"
	fi
else
	fail "-u with a missing user: error exit with a message" "still running after 3 s"
fi

it_end
