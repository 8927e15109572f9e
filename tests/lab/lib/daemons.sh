# shellcheck shell=bash
#
# Starting and querying BGP daemons inside our namespaces: okapi's bgpd,
# FRR's bgpd (Debian frr 8.4) and BIRD 2.  Every daemon runs in the
# foreground inside a namespace made by netns.sh, started through ns_spawn
# (so its pid is tracked and the EXIT trap ends it); none is ever started
# outside a namespace or as a service.  Needs netns.sh (ns_setup done).
#
# Per daemon LABEL the files live in $OK_TMP: LABEL.conf (written by the
# caller), LABEL.log, LABEL.pid, LABEL.stdout, LABEL.stderr, and for FRR a
# vty socket dir LABEL.vty/, for BIRD a control socket LABEL.ctl.

[ -n "${OK_DAEMONS_LIB_LOADED:-}" ] && return 0
OK_DAEMONS_LIB_LOADED=1

OK_LIBDIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
FRR_BGPD=${FRR_BGPD:-/usr/lib/frr/bgpd}
FRR_VTYSH=${FRR_VTYSH:-vtysh}
BIRD_BIN=${BIRD_BIN:-bird}
BIRDC_BIN=${BIRDC_BIN:-birdc}
# Debian's interpreter starts in 0.1 s; a pyenv shim first on PATH takes
# ~1 s per call, which slows every poll of FRR.  Only the stdlib is used.
if [ -z "${OK_PYTHON:-}" ]; then
	if [ -x /usr/bin/python3 ]; then OK_PYTHON=/usr/bin/python3; else OK_PYTHON=python3; fi
fi

# ---- okapi -----------------------------------------------------------

# okapi_find: print the path of okapi's bgpd: $OKAPI_BGPD, else
# $OKAPI_BUILD/bgpd, else /tmp/build-main/bgpd.  Fails if none is executable.
okapi_find()
{
	local c
	for c in "${OKAPI_BGPD:-}" "${OKAPI_BUILD:+$OKAPI_BUILD/bgpd}" \
		/tmp/build-main/bgpd; do
		if [ -n "$c" ] && [ -x "$c" ] && [ -f "$c" ]; then
			printf '%s' "$c"
			return 0
		fi
	done
	return 1
}

# okapi_bindir: a directory in $OK_TMP holding a "bgpd" symlink to okapi's
# binary, so that it runs as the bare name "bgpd" found through PATH, as
# IPMininet runs it (argv[0] = "bgpd", `pgrep -f '^bgpd'` finds it).
okapi_bindir()
{
	local bin d="$OK_TMP/bin"
	bin=$(okapi_find) || return 1
	mkdir -p "$d" && ln -sf "$bin" "$d/bgpd" && printf '%s' "$d"
}

# okapi_start LABEL NS: run $OK_TMP/LABEL.conf exactly as IPMininet does:
#	bgpd -f CFG -i PID -z SOCK -u root -p 179
okapi_start()
{
	local label=$1 ns=$2 d
	d=$(okapi_bindir) || { ns_log "okapi bgpd not found"; return 1; }
	ns_spawn "$label" "$ns" env PATH="$d:$PATH" bgpd \
		-f "$OK_TMP/$label.conf" -i "$OK_TMP/$label.pid" \
		-z "$OK_TMP/quagga_$label.api" -u root -p 179
}

# okapi_adj LABEL ADDR: the last %ADJCHANGE word for neighbor ADDR in the
# log ("Up", "Down" or nothing).
okapi_adj()
{
	local f="$OK_TMP/$1.log"
	[ -f "$f" ] || return 0
	grep -F "%ADJCHANGE: neighbor $2 " "$f" | tail -n 1 |
		awk -v a="$2" '{ for (i = 1; i < NF; i++) if ($i == a) { print $(i + 1); exit } }'
}

# okapi_up_count LABEL ADDR: how many times neighbor ADDR came Up.
okapi_up_count()
{
	local f="$OK_TMP/$1.log"
	[ -f "$f" ] || { echo 0; return 0; }
	grep -cE "%ADJCHANGE: neighbor $(re_quote "$2") Up *\$" "$f"
}

# okapi_established LABEL ADDR [MIN_UPS]: true when the last ADJCHANGE of
# ADDR is Up and ADDR came up at least MIN_UPS times (default 1).
okapi_established()
{
	[ "$(okapi_adj "$1" "$2")" = Up ] &&
		[ "$(okapi_up_count "$1" "$2")" -ge "${3:-1}" ]
}

# okapi_down LABEL ADDR: true when the last ADJCHANGE of ADDR is Down.
okapi_down()
{
	[ "$(okapi_adj "$1" "$2")" = Down ]
}

# okapi_log_count LABEL ERE: number of log lines matching ERE.
okapi_log_count()
{
	local f="$OK_TMP/$1.log"
	[ -f "$f" ] || { echo 0; return 0; }
	grep -cE -- "$2" "$f"
}

# okapi_log_has LABEL ERE
okapi_log_has()
{
	[ -f "$OK_TMP/$1.log" ] && grep -qE -- "$2" "$OK_TMP/$1.log"
}

# re_quote STR: STR with ERE metacharacters escaped (addresses have dots).
re_quote()
{
	printf '%s' "$1" | sed 's/[.[\*^$()+?{}|]/\\&/g'
}

# okapi_vty_listening NS: something listens on TCP 2605 in namespace NS.
okapi_vty_listening()
{
	ns_exec "$1" ss -Hltn 'sport = :2605' 2>/dev/null | grep -q 2605
}

# okapi_vty NS CMD...: run vty commands on 127.0.0.1:2605 inside NS
# (password "zebra"), print their output.
okapi_vty()
{
	local ns=$1
	shift
	ns_exec "$ns" "$OK_PYTHON" "$OK_LIBDIR/vty.py" 127.0.0.1 "$@"
}

# ---- FRR --------------------------------------------------------------

# frr_start LABEL NS [PORT]: FRR's bgpd on $OK_TMP/LABEL.conf, without
# zebra (-Z), without privilege changes (-S: so root need not be in
# frrvty), with a private vty socket dir and no TCP vty, so that instances
# never collide; listening on PORT (default 179).
frr_start()
{
	local label=$1 ns=$2 port=${3:-179}
	mkdir -p "$OK_TMP/$label.vty"
	ns_spawn "$label" "$ns" "$FRR_BGPD" -f "$OK_TMP/$label.conf" \
		-i "$OK_TMP/$label.pid" -Z -S --vty_socket "$OK_TMP/$label.vty" \
		-P 0 -p "$port" --log "file:$OK_TMP/$label.log"
}

# frr_vtysh LABEL CMD: run one vtysh command against that instance.
frr_vtysh()
{
	"$FRR_VTYSH" --vty_socket "$OK_TMP/$1.vty" -d bgpd -c "$2" 2>/dev/null
}

# frr_nbr LABEL ADDR EXPR: evaluate a Python expression over the neighbor's
# JSON (`show bgp neighbors ADDR json`, bound to n) and print the result.
# Prints nothing and fails if the neighbor or the expression is missing.
frr_nbr()
{
	frr_vtysh "$1" "show bgp neighbors $2 json" |
		"$OK_PYTHON" -c '
import json, sys
try:
    d = json.load(sys.stdin)
    n = d[sys.argv[1]]
    v = eval(sys.argv[2], {"n": n})
except Exception:
    sys.exit(1)
print(v)' "$2" "$3"
}

# frr_state LABEL ADDR: the neighbor's FSM state ("Established", ...).
frr_state()
{
	frr_nbr "$1" "$2" 'n["bgpState"]'
}

# frr_established LABEL ADDR [MIN_CONNECTIONS]
frr_established()
{
	local v
	v=$(frr_nbr "$1" "$2" 'n["bgpState"] + " " + str(n.get("connectionsEstablished", 0))') || return 1
	[ "${v% *}" = Established ] && [ "${v#* }" -ge "${3:-1}" ]
}

# frr_conns LABEL ADDR: connections established so far (0 if unknown).
frr_conns()
{
	frr_nbr "$1" "$2" 'n.get("connectionsEstablished", 0)' || echo 0
}

# frr_down LABEL ADDR: true when FRR has dropped the session.
frr_down()
{
	local st
	st=$(frr_state "$1" "$2") || return 1
	[ "$st" != Established ]
}

# ---- BIRD --------------------------------------------------------------

# bird_start LABEL NS: BIRD 2 in the foreground on $OK_TMP/LABEL.conf with
# a private control socket.
bird_start()
{
	local label=$1 ns=$2
	ns_spawn "$label" "$ns" "$BIRD_BIN" -f -c "$OK_TMP/$label.conf" \
		-s "$OK_TMP/$label.ctl" -P "$OK_TMP/$label.pid"
}

# birdc_cmd LABEL CMD...: one birdc command.
birdc_cmd()
{
	local label=$1
	shift
	"$BIRDC_BIN" -s "$OK_TMP/$label.ctl" "$@" 2>/dev/null
}

# bird_proto LABEL PROTO: `show protocols all PROTO`.
bird_proto()
{
	birdc_cmd "$1" show protocols all "$2"
}

# bird_state LABEL PROTO: the BGP state ("Established", "Active", ...).
bird_state()
{
	bird_proto "$1" "$2" | awk -F': *' '/^ *BGP state:/ { print $2; exit }'
}

# bird_since LABEL PROTO: the time of the protocol's last state change
# (the config sets "timeformat protocol iso long ms" so it is precise).
bird_since()
{
	birdc_cmd "$1" show protocols "$2" |
		awk -v p="$2" '$1 == p { print $5, $6; exit }'
}

# bird_established LABEL PROTO [NOT_SINCE]: Established, and if NOT_SINCE
# is given, established by a state change other than the one at NOT_SINCE.
bird_established()
{
	[ "$(bird_state "$1" "$2")" = Established ] || return 1
	[ -z "${3:-}" ] || [ "$(bird_since "$1" "$2")" != "$3" ]
}

# bird_down LABEL PROTO
bird_down()
{
	local st
	st=$(bird_state "$1" "$2")
	[ -n "$st" ] && [ "$st" != Established ]
}
