# shellcheck shell=bash
#
# Network-namespace lab primitives for okapi's interop tests and labs.
#
# Owns: the namespaces, veth links, temp dir and background processes that
# ONE script creates, and their teardown.  Everything is named with the
# prefix "ok-<name>-<pid>-" so two runs can coexist, every process is
# tracked by its pid, and the EXIT trap removes exactly what this script
# created: it never looks at namespaces or processes it did not make
# (no pkill, no killall, no "ip netns delete" on names it did not create).
#
# Usage (bash):
#	. tests/lab/lib/netns.sh
#	ns_setup mytest                 # trap, prefix, temp dir ($OK_TMP)
#	ns_add r1; ns_add r2            # namespaces "$(ns_name r1)" ...
#	ns_link r1 eth0 r2 eth0         # veth pair, both ends up
#	ns_addr r1 eth0 10.0.0.1/24; ns_addr r1 eth0 2001:db8::1/64
#	ns_spawn bgp1 r1 some-daemon -f ...   # foreground daemon, pid tracked
#	wait_for 10 some_predicate args       # bounded poll
#
# Limitations: bash only; needs root, iproute2 and coreutils' env with
# --default-signal (coreutils >= 8.31, Debian 12 has 9.1).

[ -n "${OK_NETNS_LIB_LOADED:-}" ] && return 0
OK_NETNS_LIB_LOADED=1

OK_NAME=${OK_NAME:-adhoc}
OK_PREFIX=""
OK_TMP=""
OK_CLEANED=0
OK_PIDS=()		# every pid we started, in start order
OK_NSS=()		# every namespace we created (full names)
OK_TMPDIRS=()		# every temp dir we created
declare -A OK_PID	# process label -> pid
declare -A OK_PIDLABEL	# pid -> process label
declare -A OK_REAPED	# pid -> 1 once waited for (its number may be reused)
declare -A OK_RC	# label -> exit status, once reaped

# ---- logging ---------------------------------------------------------

# Timestamped progress line on stderr, so that stdout stays for results.
ns_log()
{
	printf '%s [%s] %s\n' "$(date +%H:%M:%S.%3N)" "$OK_NAME" "$*" >&2
}

# Seconds since the epoch with milliseconds, for timing measurements.
ns_now()
{
	date +%s.%3N
}

# Elapsed seconds (one decimal) since a ns_now value.
ns_since()
{
	awk -v a="$1" -v b="$(ns_now)" 'BEGIN { printf "%.1f", b - a }'
}

# ---- bounded polls -----------------------------------------------------

# wait_for TIMEOUT CMD [ARGS...]: run CMD every 0.1 s until it succeeds
# (return 0) or TIMEOUT seconds (may be fractional) have passed (return 1).
# The command is run as an argv, never through eval.
wait_for()
{
	local timeout=$1
	shift
	local deadline
	deadline=$(awk -v n="$(ns_now)" -v t="$timeout" 'BEGIN { printf "%.3f", n + t }')
	while :; do
		if "$@"; then
			return 0
		fi
		if awk -v n="$(ns_now)" -v d="$deadline" 'BEGIN { exit !(n >= d) }'; then
			return 1
		fi
		sleep 0.1
	done
}

# ---- setup and teardown ---------------------------------------------------

# ns_setup NAME: name this run, make its temp dir and install the trap.
# NAME goes into namespace names, so keep it short ([a-z0-9-]).
ns_setup()
{
	OK_NAME=$1
	OK_PREFIX="ok-$OK_NAME-$$-"
	OK_TMP=$(mktemp -d "/tmp/ok-$OK_NAME-$$-XXXXXX") || {
		ns_log "cannot create a temp dir"
		exit 1
	}
	OK_TMPDIRS+=("$OK_TMP")
	trap ns_cleanup EXIT
	trap 'ns_log "caught a signal, cleaning up"; exit 130' INT TERM HUP
}

# True if pid is a live process of ours (a zombie counts as dead; a pid
# we already reaped is dead even if the number was reused since).
ns_alive()
{
	local st
	[ -n "${OK_REAPED[$1]:-}" ] && return 1
	st=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
	[ -n "$st" ] && [ "${st:0:1}" != Z ]
}

# Stop every tracked process: SIGCONT first (a SIGSTOPped process cannot
# act on SIGTERM), SIGTERM, up to 3 s grace, then SIGKILL, then reap.
ns_kill_all()
{
	local pid i
	for pid in "${OK_PIDS[@]}"; do
		ns_alive "$pid" || continue
		kill -CONT "$pid" 2>/dev/null
		kill -TERM "$pid" 2>/dev/null
	done
	for ((i = 0; i < 30; i++)); do
		local left=0
		for pid in "${OK_PIDS[@]}"; do
			ns_alive "$pid" && left=1
		done
		[ $left = 0 ] && break
		sleep 0.1
	done
	for pid in "${OK_PIDS[@]}"; do
		if ns_alive "$pid"; then
			ns_log "pid $pid (${OK_PIDLABEL[$pid]}) ignored SIGTERM for 3 s: SIGKILL"
			kill -KILL "$pid" 2>/dev/null
		fi
		ns_reap "$pid"
	done
}

# ns_reap PID: wait for one of our children, remember its exit status.
ns_reap()
{
	local pid=$1 rc
	[ -n "${OK_REAPED[$pid]:-}" ] && return 0
	wait "$pid" 2>/dev/null
	rc=$?
	OK_REAPED[$pid]=1
	OK_RC[${OK_PIDLABEL[$pid]}]=$rc
}

# The EXIT trap, also callable directly.  Idempotent.  Returns 1 (and logs
# "LEAK") if a namespace or a process of ours survived.
ns_cleanup()
{
	local rc=0 ns pid d
	[ "$OK_CLEANED" = 1 ] && return 0
	OK_CLEANED=1
	trap - INT TERM HUP
	ns_kill_all
	for ns in "${OK_NSS[@]}"; do
		# Anything still inside a namespace we created is ours too
		# (a child a daemon forked, say).
		for pid in $(ip netns pids "$ns" 2>/dev/null); do
			ns_log "stray pid $pid in $ns: SIGKILL"
			kill -KILL "$pid" 2>/dev/null
		done
		ip netns delete "$ns" 2>/dev/null
	done
	# Verify: none of our namespaces and none of our pids survive.
	for ns in "${OK_NSS[@]}"; do
		if ip netns list | awk '{print $1}' | grep -qxF "$ns"; then
			ns_log "LEAK: namespace $ns still exists"
			rc=1
		fi
	done
	for pid in "${OK_PIDS[@]}"; do
		if ns_alive "$pid"; then
			ns_log "LEAK: pid $pid (${OK_PIDLABEL[$pid]}) still alive"
			rc=1
		fi
	done
	if [ -n "${OK_ARTIFACTS:-}" ] && [ -n "$OK_TMP" ] && [ -d "$OK_TMP" ]; then
		mkdir -p "$OK_ARTIFACTS/$OK_NAME" &&
			cp -a "$OK_TMP/." "$OK_ARTIFACTS/$OK_NAME/" 2>/dev/null
	fi
	for d in "${OK_TMPDIRS[@]}"; do
		if [ -n "${OK_KEEP:-}" ]; then
			ns_log "OK_KEEP set: keeping $d"
		else
			rm -rf -- "$d"
		fi
	done
	return $rc
}

# ---- namespaces and links ----------------------------------------------

# ns_name SHORT: the full name of our namespace SHORT (pure, no side effect).
ns_name()
{
	printf '%s%s' "$OK_PREFIX" "$1"
}

# ns_add SHORT: create namespace SHORT with lo up, IPv6 DAD off (so that
# addresses are usable at once) and forwarding on, as IPMininet does.
ns_add()
{
	local ns
	ns=$(ns_name "$1")
	[ -n "$OK_PREFIX" ] || { ns_log "ns_add before ns_setup"; return 1; }
	ip netns add "$ns" || return 1
	OK_NSS+=("$ns")
	ip -n "$ns" link set lo up || return 1
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
		net.ipv6.conf.default.accept_dad=0 \
		net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1 >/dev/null
}

# ns_exec SHORT CMD...: run CMD (to completion) inside namespace SHORT.
ns_exec()
{
	local ns
	ns=$(ns_name "$1")
	shift
	ip netns exec "$ns" "$@"
}

# ns_link NS1 IF1 NS2 IF2: a veth pair created directly inside NS1 with its
# peer in NS2, so no interface name ever appears in the root namespace.
ns_link()
{
	local a b
	a=$(ns_name "$1")
	b=$(ns_name "$3")
	ip -n "$a" link add "$2" type veth peer name "$4" netns "$b" || return 1
	ip -n "$a" link set "$2" up && ip -n "$b" link set "$4" up
}

# ns_addr NS IF ADDR/LEN: add an address; IPv6 ones with nodad.
ns_addr()
{
	local ns
	ns=$(ns_name "$1")
	case $3 in
	*:*) ip -n "$ns" -6 addr add "$3" dev "$2" nodad ;;
	*) ip -n "$ns" addr add "$3" dev "$2" ;;
	esac
}

# True when NS has no tentative IPv6 address (DAD finished) and its links
# are up (veth carrier comes a moment after "link set up").
ns_settled()
{
	local ns
	ns=$(ns_name "$1")
	[ -z "$(ip -n "$ns" -6 addr show tentative)" ] &&
		! ip -n "$ns" -o link show | grep -v 'lo:' | grep -q 'NO-CARRIER'
}

# ns_wait_settled NS...: bounded wait (5 s) for DAD and carrier.
ns_wait_settled()
{
	local n
	for n in "$@"; do
		wait_for 5 ns_settled "$n" || {
			ns_log "namespace $n did not settle (DAD/carrier) in 5 s"
			return 1
		}
	done
}

# ---- processes -------------------------------------------------------------

# ns_spawn LABEL NS CMD...: start CMD in the foreground inside namespace NS,
# in the background of this script, with stdin from /dev/null and stdout
# and stderr in $OK_TMP/LABEL.stdout|.stderr.  The pid recorded is the
# daemon's own pid ("ip netns exec" and "env" both exec).  SIGINT and
# SIGQUIT are reset to their defaults because bash makes background
# commands ignore them, and a daemon must see SIGINT as IPMininet sends it.
ns_spawn()
{
	local label=$1 ns pid
	ns=$(ns_name "$2")
	shift 2
	ip netns exec "$ns" env --default-signal=INT,QUIT "$@" \
		</dev/null >"$OK_TMP/$label.stdout" 2>"$OK_TMP/$label.stderr" &
	pid=$!
	OK_PIDS+=("$pid")
	OK_PID[$label]=$pid
	OK_PIDLABEL[$pid]=$label
	ns_log "started $label (pid $pid) in $ns: $*"
}

# ns_pid LABEL: the pid of a spawned process.
ns_pid()
{
	printf '%s' "${OK_PID[$1]:-}"
}

# ns_signal LABEL SIG: send a signal to one spawned process.
ns_signal()
{
	local pid=${OK_PID[$1]:-}
	[ -n "$pid" ] || { ns_log "no process labelled $1"; return 1; }
	kill -"$2" "$pid"
}

# ns_running LABEL: true if the spawned process is alive.
ns_running()
{
	local pid=${OK_PID[$1]:-}
	[ -n "$pid" ] && ns_alive "$pid"
}

# ns_stop LABEL [SECONDS]: SIGTERM, wait up to SECONDS (default 3), SIGKILL.
# Returns 0 if it ended on SIGTERM within the time, 1 otherwise.
ns_stop()
{
	local label=$1 t=${2:-3} pid=${OK_PID[$1]:-}
	[ -n "$pid" ] || return 1
	kill -CONT "$pid" 2>/dev/null
	kill -TERM "$pid" 2>/dev/null
	if wait_for "$t" ns_dead "$label"; then
		ns_reap "$pid"
		return 0
	fi
	kill -KILL "$pid" 2>/dev/null
	ns_reap "$pid"
	return 1
}

# ns_dead LABEL: negation of ns_running, for wait_for.
ns_dead()
{
	! ns_running "$1"
}
