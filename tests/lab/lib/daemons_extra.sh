# shellcheck shell=bash
#
# Starting and querying GoBGP (Debian gobgpd 3.x: gobgpd + the gobgp CLI)
# and ExaBGP 4.2 (Debian exabgp, run with Debian's /usr/bin/python3)
# inside our namespaces, next to daemons.sh's okapi, FRR and BIRD.  Every
# daemon runs in the foreground inside a namespace made by netns.sh and is
# started through ns_spawn (pid tracked, ended by the EXIT trap); none is
# ever started as a service.  Needs netns.sh and daemons.sh (ns_setup done).
#
# Per daemon LABEL the files live in $OK_TMP: LABEL.toml (GoBGP, written by
# the caller) or LABEL.exa (ExaBGP), LABEL.stdout, LABEL.stderr (GoBGP logs
# there, in plain text; ExaBGP too).

[ -n "${OK_DAEMONS_EXTRA_LOADED:-}" ] && return 0
OK_DAEMONS_EXTRA_LOADED=1

GOBGPD_BIN=${GOBGPD_BIN:-gobgpd}
GOBGP_BIN=${GOBGP_BIN:-gobgp}
EXABGP_BIN=${EXABGP_BIN:-/usr/sbin/exabgp}
EXABGP_PYTHON=${EXABGP_PYTHON:-/usr/bin/python3}

declare -A OK_DAEMON_NS	# label -> short namespace name

# ---- GoBGP ----------------------------------------------------------------

# gobgp_start LABEL NS: gobgpd on $OK_TMP/LABEL.toml, its gRPC API on
# 127.0.0.1:50051 inside NS only (one instance per namespace), plain-text
# log at debug level on stdout (LABEL.stdout), no pprof listener.
gobgp_start()
{
	local label=$1 ns=$2
	OK_DAEMON_NS[$label]=$ns
	ns_spawn "$label" "$ns" "$GOBGPD_BIN" -f "$OK_TMP/$label.toml" \
		-t toml --api-hosts 127.0.0.1:50051 -p -l debug --pprof-disable
}

# gobgp_cli LABEL ARGS...: one gobgp CLI command against that instance.
gobgp_cli()
{
	local label=$1
	shift
	ns_exec "${OK_DAEMON_NS[$label]}" timeout 10 "$GOBGP_BIN" \
		-u 127.0.0.1 -p 50051 "$@" 2>/dev/null
}

# gobgp_nbr LABEL ADDR EXPR: evaluate a Python expression over
# `gobgp neighbor ADDR -j` (bound to n) and print it; fails if missing.
gobgp_nbr()
{
	gobgp_cli "$1" neighbor "$2" -j | "$OK_PYTHON" -c '
import json, sys
try:
    n = json.load(sys.stdin)
    v = eval(sys.argv[1], {"n": n})
except Exception:
    sys.exit(1)
print(v)' "$3"
}

# gobgp_state LABEL ADDR: the session state as a number (gobgp's API
# enum: 1 idle, 2 connect, 3 active, 4 opensent, 5 openconfirm,
# 6 established).
gobgp_state()
{
	gobgp_nbr "$1" "$2" 'n["state"].get("session_state", 0)'
}

# gobgp_established LABEL ADDR
gobgp_established()
{
	[ "$(gobgp_state "$1" "$2")" = 6 ]
}

# gobgp_down LABEL ADDR: known to gobgp and not established.
gobgp_down()
{
	local st
	st=$(gobgp_state "$1" "$2") || return 1
	[ "$st" != 6 ]
}

# gobgp_uptime LABEL ADDR: when the session last came up (seconds since
# the epoch, gobgp's timers.state.uptime): changes on each new session.
gobgp_uptime()
{
	gobgp_nbr "$1" "$2" 'n["timers"]["state"].get("uptime", {}).get("seconds", 0)'
}

# gobgp_rib LABEL ARGS... PYEXPR: evaluate PYEXPR over the JSON that
# `gobgp ARGS... -j` prints (a dict prefix -> list of paths, bound to d;
# helper functions: attr(path, type) -> the attribute dict of that type
# code or None) and print the result.
gobgp_json()
{
	local label=$1 expr=${!#}
	local args=("${@:2:$#-2}")
	gobgp_cli "$label" "${args[@]}" -j | "$OK_PYTHON" -c '
import json, sys
def attr(p, t):
    for a in p.get("attrs", []):
        if a.get("type") == t:
            return a
    return None
try:
    d = json.load(sys.stdin)
    v = eval(sys.argv[1], {"d": d, "attr": attr})
except Exception as e:
    print("error: %s" % e)
    sys.exit(1)
print(v)' "$expr"
}

# ---- ExaBGP -----------------------------------------------------------------

# exabgp_start LABEL NS: ExaBGP on $OK_TMP/LABEL.exa in the foreground as
# root, no pid file, no CLI pipes, log on stdout (LABEL.stdout, level
# $EXABGP_LOGLEVEL, default INFO); makes the command pipe LABEL.cmd.  The
# environment is ExaBGP's own configuration mechanism (exabgp.section.key).
exabgp_start()
{
	local label=$1 ns=$2
	OK_DAEMON_NS[$label]=$ns
	[ -p "$OK_TMP/$label.cmd" ] || mkfifo "$OK_TMP/$label.cmd" || return 1
	: >>"$OK_TMP/$label.json"
	ns_spawn "$label" "$ns" env \
		exabgp.daemon.user=root exabgp.daemon.daemonize=false \
		exabgp.daemon.drop=false exabgp.log.destination=stdout \
		exabgp.log.level="${EXABGP_LOGLEVEL:-INFO}" exabgp.log.short=true \
		exabgp.api.ack=false exabgp.api.cli=false \
		exabgp.tcp.delay=0 exabgp.cache.attributes=false \
		"$EXABGP_PYTHON" "$EXABGP_BIN" "$OK_TMP/$label.exa"
}

# The process-API bridge and the reader of what ExaBGP received.
EXABGP_API=${EXABGP_API:-$OK_LIBDIR/../../interop/configs/exabgp_api.py}
EXABGP_RIB=${EXABGP_RIB:-$OK_LIBDIR/../../interop/configs/exabgp_rib.py}

# exabgp_process_block LABEL: the `process api` section for LABEL.exa:
# ExaBGP runs exabgp_api.py, which passes commands written to the pipe
# $OK_TMP/LABEL.cmd to ExaBGP and appends ExaBGP's JSON messages to
# $OK_TMP/LABEL.json.  Neighbors use it with `api { processes [ api ]; }`.
exabgp_process_block()
{
	cat <<EOF2
process api {
	run $EXABGP_PYTHON $(readlink -f "$EXABGP_API") $OK_TMP/$1.cmd $OK_TMP/$1.json;
	encoder json;
}
EOF2
}

# exabgp_cmd LABEL CMD...: one API command (bounded: a pipe nobody reads
# would block the writer).
exabgp_cmd()
{
	local label=$1
	shift
	timeout 5 bash -c 'printf "%s\n" "$2" >"$1"' _ "$OK_TMP/$label.cmd" "$*"
}

# exabgp_q LABEL QUERY LOCAL [ARG]: what ExaBGP received on the session
# whose local address is LOCAL (see exabgp_rib.py for the queries).
exabgp_q()
{
	"$OK_PYTHON" "$EXABGP_RIB" "$OK_TMP/$1.json" "${@:2}"
}

# ---- known okapi bugs -----------------------------------------------------------

# known_bug DESC WHY CMD...: a check of a bug found and reported in okapi
# (outside the test's subject, in a file owned elsewhere): PASS once CMD
# succeeds, until then a loud SKIP line with WHY (it counts neither way,
# so that an interop test stays green for what it is about).
known_bug()
{
	local desc=$1 why=$2
	shift 2
	if "$@"; then
		pass "$desc"
	else
		printf 'SKIP %s: %s: KNOWN OKAPI BUG (reported): %s\n' \
			"$OK_NAME" "$desc" "$why"
		ns_log "!!! KNOWN OKAPI BUG: $desc: $why"
	fi
}
