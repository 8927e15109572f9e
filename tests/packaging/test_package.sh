#!/usr/bin/env bash
# The Debian package, end to end, on this machine:
#   1. build it with dpkg-buildpackage from a copy of the tree in a temp dir
#      (dpkg-buildpackage writes into the parent directory; the checkout's
#      parent stays clean), with the unit tests run by dh_auto_test;
#   2. lintian --pedantic: no error, no warning;
#   3. dpkg -i; check the layout, conffile, user, directories, man pages,
#      systemd-analyze verify of both units, logrotate; dpkg -i again keeps
#      a locally edited conffile;
#   4. run the installed "bgpd -v" and "bgpd -Cf /etc/okapi/bgpd.conf";
#   5. start the installed bgpd in a network namespace of our own, (a) as
#      root with -u okapi -g okapi, (b) with the command lines of the
#      installed okapi.service and (c) of okapi@NAMESPACE.service, under the
#      user, capabilities and read-only file system that the units set up:
#      privileges as expected, BGP port listening, log written, vty
#      answering on port 2605 and okapi-cli on its socket, ExecReload's
#      check and SIGHUP survived, SIGTERM obeyed;
#   6. dpkg --purge, and nothing of the package left behind.
# Ends with "N passed, N failed".  Everything it creates (namespace,
# daemon, package, okapi user if it made it, temp dir) is removed by a
# trap, also on failure or Ctrl-C.
#
# Usage, as root on Debian 12, from a checkout:
#   bash tests/packaging/test_package.sh
# OKAPI_PKG_KEEP=1 keeps the temp dir (build log, .deb) for inspection.
set -uo pipefail

SRC=$(cd "$(dirname "$0")/../.." && pwd)
NS=okapi-pkg-$$
WORK=""
DAEMON_PID=""
INSTALLED=0
USER_EXISTED=1
passed=0
failed=0
skipped=0

pass() { passed=$((passed + 1)); echo "ok   - $*"; }
fail() { failed=$((failed + 1)); echo "FAIL - $*"; }
skip() { skipped=$((skipped + 1)); echo "!!! SKIPPED - $*"; }
check() {	# check DESCRIPTION COMMAND...
	local what=$1
	shift
	if "$@"; then pass "$what"; else fail "$what"; fi
}
summary() {
	echo
	echo "$passed passed, $failed failed, $skipped skipped"
}

cleanup() {
	set +e
	if [ -n "$DAEMON_PID" ] && kill -0 "$DAEMON_PID" 2>/dev/null; then
		kill -TERM "$DAEMON_PID" 2>/dev/null
		sleep 1
		kill -KILL "$DAEMON_PID" 2>/dev/null
	fi
	# A bgpd we started whose pid we lost: its pid file names it.
	for f in /run/okapi/bgpd.pid "/run/okapi/$NS/bgpd.pid"; do
		pid=$(cat "$f" 2>/dev/null)
		if [ -n "$pid" ] &&
			[ "$(readlink "/proc/$pid/exe" 2>/dev/null)" = /usr/lib/okapi/bgpd ]; then
			kill -KILL "$pid" 2>/dev/null
		fi
	done
	rm -rf "/etc/okapi/$NS"
	ip netns del "$NS" 2>/dev/null
	if [ "$INSTALLED" = 1 ] && dpkg-query -W -f='${Status}' okapi 2>/dev/null |
		grep -q 'installed'; then
		dpkg --purge okapi >/dev/null 2>&1
	fi
	# Debian keeps system users on purge; the test leaves the machine as
	# it found it.
	if [ "$USER_EXISTED" = 0 ] && getent passwd okapi >/dev/null; then
		userdel okapi 2>/dev/null
		getent group okapi >/dev/null && groupdel okapi 2>/dev/null
	fi
	if [ -n "$WORK" ] && [ -z "${OKAPI_PKG_KEEP:-}" ]; then
		rm -rf "$WORK"
	elif [ -n "$WORK" ]; then
		echo "kept $WORK"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ "$(id -u)" != 0 ]; then
	echo "test_package: must run as root (dpkg -i, namespaces)" >&2
	echo "0 passed, 1 failed"
	exit 1
fi
if dpkg-query -W -f='${Status}' okapi 2>/dev/null | grep -q 'installed'; then
	echo "test_package: okapi is already installed; purge it first" >&2
	echo "0 passed, 1 failed"
	exit 1
fi
getent passwd okapi >/dev/null || USER_EXISTED=0

# --- tools ---------------------------------------------------------------
NEED="build-essential dpkg-dev debhelper lintian autoconf automake pkg-config
	libev-dev libmnl-dev libcli-dev libcmocka-dev libcap-ng-dev
	iproute2 man-db systemd"
missing=""
for p in $NEED; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >/dev/null
	# shellcheck disable=SC2086
	apt-get install -y -q --no-install-recommends $missing >/dev/null
fi

WORK=$(mktemp -d /tmp/okapi-pkgtest.XXXXXX)
chmod 0755 "$WORK"

# Every path below these roots whose name mentions okapi, or that belongs
# to the okapi user: compared before install and after purge.
snapshot() {
	local uid
	uid=$(id -u okapi 2>/dev/null || echo none)
	{
		find /etc /usr /lib /var/lib /var/log /var/cache /run/systemd \
			-xdev -name '*okapi*' 2>/dev/null
		[ -e /run/okapi ] && echo /run/okapi
		if [ "$uid" != none ]; then
			find /etc /usr /lib /var /run -xdev -uid "$uid" \
				-not -path '/run/netns/*' 2>/dev/null
		fi
	} | grep -v "^$WORK" | sort -u
}
snapshot >"$WORK/before.txt"

# --- 1. build ------------------------------------------------------------
echo "=== build (log: $WORK/build.log)"
mkdir "$WORK/okapi"
if [ -d "$SRC/.git" ] && command -v git >/dev/null; then
	# Tracked and untracked-but-not-ignored files: the tree as a clean
	# clone with the working changes would have it.
	(cd "$SRC" && git ls-files -co --exclude-standard -z |
		while IFS= read -r -d '' f; do
			[ -e "$f" ] && printf '%s\0' "$f"
		done | tar --null -cf - -T -) | tar -xf - -C "$WORK/okapi"
else
	tar -C "$SRC" --exclude='./build*' --exclude=.git -cf - . |
		tar -xf - -C "$WORK/okapi"
fi
if (cd "$WORK/okapi" && dpkg-checkbuilddeps) >"$WORK/builddeps.log" 2>&1; then
	pass "build dependencies satisfied (dpkg-checkbuilddeps)"
else
	fail "build dependencies: $(cat "$WORK/builddeps.log")"
fi
if (cd "$WORK/okapi" && dpkg-buildpackage -us -uc -b) >"$WORK/build.log" 2>&1; then
	pass "dpkg-buildpackage -us -uc -b"
else
	fail "dpkg-buildpackage -us -uc -b (full log: $WORK/build.log)"
	OKAPI_PKG_KEEP=1
	grep -E 'error|Error|FAIL|warning:' "$WORK/build.log" | cut -c1-300 | tail -30
	summary
	exit 1
fi
DEB=$(ls "$WORK"/okapi_*_*.deb 2>/dev/null | head -1)
check "package okapi_0.1.0 built in the temp dir" test -n "$DEB" -a "${DEB##*/okapi_0.1.0_}" != "$DEB"
check "dh_auto_test ran the unit tests, none failed" \
	grep -q '^PASS: tests/unit/test_privs' "$WORK/build.log"
check "no unit test failed in the build" grep -q '^# FAIL: *0$' "$WORK/build.log"
deps=$(dpkg-deb -f "$DEB" Depends 2>/dev/null)
echo "    Depends: $deps"
# libcap-ng is optional in configure: the package must have it (privs.c).
check "Depends (from dh_shlibdeps) name libcap-ng0 and libev4" \
	bash -c 'for l in libcap-ng0 libev4; do
		grep -q "\<$l" <<<"$1" || exit 1; done' _ "$deps"
check "the checkout's parent directory got no build output" \
	test -z "$(ls "$SRC"/../okapi_0.1.0_* 2>/dev/null)"

# --- 2. lintian ----------------------------------------------------------
echo "=== lintian --pedantic"
lintian --pedantic -I "$WORK"/okapi_*.changes >"$WORK/lintian.log" 2>&1
sed 's/^/    /' "$WORK/lintian.log"
check "lintian: no errors or warnings" \
	test -z "$(grep -E '^(E|W): ' "$WORK/lintian.log")"
check "lintian: no pedantic notes" test -z "$(grep -E '^P: ' "$WORK/lintian.log")"

# --- 3. install ----------------------------------------------------------
# Directories the package shares with others (/usr/share/lintian, ...)
# exist already; only what the package adds must go away on purge.
dpkg-deb -c "$DEB" | awk '{print $6}' | sed 's|^\.||; s|/$||' | grep . >"$WORK/paths.txt"
while read -r path; do
	[ -e "$path" ] && echo "$path"
done <"$WORK/paths.txt" >"$WORK/preexisting.txt"

echo "=== dpkg -i"
if dpkg -i "$DEB" >"$WORK/install.log" 2>&1; then
	INSTALLED=1
	pass "dpkg -i $(basename "$DEB")"
else
	INSTALLED=1
	fail "dpkg -i"
	cat "$WORK/install.log"
fi
BGPD=/usr/lib/okapi/bgpd
check "daemon installed at $BGPD" test -x "$BGPD"
check "no bgpd in /usr/sbin from this package" \
	test -z "$(dpkg -L okapi | grep -E '/s?bin/bgpd$')"
dpkg-deb -c "$DEB" | awk '{print $6}' >"$WORK/contents.txt"
if grep -qx './usr/bin/okapi-cli' "$WORK/contents.txt"; then
	check "okapi-cli installed in /usr/bin" test -x /usr/bin/okapi-cli
else
	skip "okapi-cli is not in the package yet (the vty has not landed)"
fi
check "/etc/okapi/bgpd.conf is a conffile" \
	grep -q '/etc/okapi/bgpd.conf' <(dpkg-query -W -f='${Conffiles}' okapi)
check "/etc/okapi/bgpd.conf is 0640 root:okapi" \
	test "$(stat -c '%a %U %G' /etc/okapi/bgpd.conf)" = "640 root okapi"
check "system user okapi exists (sysusers), no login, no home" \
	bash -c '[ "$(getent passwd okapi | cut -d: -f6)" = /nonexistent ] &&
		[ "$(id -u okapi)" -lt 1000 ]'
check "/var/log/okapi is 0750 okapi:okapi" \
	test "$(stat -c '%a %U %G' /var/log/okapi 2>/dev/null)" = "750 okapi okapi"
check "/run/okapi is owned by okapi" \
	test "$(stat -c '%U' /run/okapi 2>/dev/null)" = okapi
# Rendered from copies: man-db would otherwise cache cat pages of the
# installed ones under /var/cache/man, which the purge check would find.
mkdir -p "$WORK/man"
cp /usr/share/man/man8/okapi-bgpd.8.gz /usr/share/man/man1/okapi-cli.1.gz "$WORK/man/" 2>/dev/null
check "man pages okapi-bgpd(8) and okapi-cli(1) render without warnings" \
	bash -c 'for m in "$1"/okapi-bgpd.8.gz "$1"/okapi-cli.1.gz; do
		[ -e "$m" ] || exit 1
		[ -z "$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$m" 2>&1 >/dev/null)" ] || exit 1
	done' _ "$WORK/man"
check "man -w okapi-bgpd finds the page" bash -c 'man -w okapi-bgpd >/dev/null 2>&1'
if command -v systemd-analyze >/dev/null; then
	out=$(cd / && systemd-analyze verify /lib/systemd/system/okapi.service \
		/lib/systemd/system/okapi@.service 2>&1)
	rc=$?
	[ -n "$out" ] && echo "$out" | sed 's/^/    /'
	check "systemd-analyze verify okapi.service okapi@.service" test "$rc" = 0 -a -z "$out"
else
	skip "systemd-analyze is not installed"
fi
check "units run bgpd -S as okapi with CAP_NET_ADMIN and CAP_NET_BIND_SERVICE only" \
	bash -c 'for u in okapi okapi@; do f=/lib/systemd/system/$u.service
		grep -q "^User=okapi$" $f &&
		grep -q "^ExecStart=/usr/lib/okapi/bgpd -S " $f &&
		grep -q "^CapabilityBoundingSet=CAP_NET_ADMIN CAP_NET_BIND_SERVICE$" $f &&
		grep -q "^AmbientCapabilities=CAP_NET_ADMIN CAP_NET_BIND_SERVICE$" $f || exit 1
	done'

if command -v logrotate >/dev/null; then
	# -d: dry run; it still parses the file and checks the "su" user.
	if logrotate -d /etc/logrotate.d/okapi >"$WORK/logrotate.log" 2>&1 &&
		! grep -qi 'error' "$WORK/logrotate.log"; then
		pass "logrotate accepts /etc/logrotate.d/okapi"
	else
		fail "logrotate accepts /etc/logrotate.d/okapi"
		sed 's/^/    /' "$WORK/logrotate.log"
	fi
else
	skip "logrotate is not installed: /etc/logrotate.d/okapi not checked"
fi

# Upgrade path (postinst configure with the old version): a second dpkg -i
# of the same package must keep a local edit of the conffile, silently.
echo "! local edit $$" >>/etc/okapi/bgpd.conf
if dpkg -i "$DEB" </dev/null >"$WORK/reinstall.log" 2>&1; then
	pass "dpkg -i again (upgrade path of the maintainer scripts)"
else
	fail "dpkg -i again (upgrade path of the maintainer scripts)"
	cat "$WORK/reinstall.log"
fi
check "the locally edited conffile is kept" grep -qx "! local edit $$" /etc/okapi/bgpd.conf
sed -i "/^! local edit $$\$/d" /etc/okapi/bgpd.conf

# --- 4. the installed bgpd, without sockets ------------------------------
echo "=== installed bgpd"
out=$(timeout 10 "$BGPD" -v 2>&1)
rc=$?
echo "    bgpd -v: $out"
check "bgpd -v exits 0 and names version 0.1.0" test "$rc" = 0 -a -n "$(echo "$out" | grep 0.1.0)"
out=$(timeout 10 "$BGPD" -Cf /etc/okapi/bgpd.conf 2>&1)
rc=$?
[ -n "$out" ] && echo "$out" | sed 's/^/    /'
check "bgpd -Cf /etc/okapi/bgpd.conf accepts the shipped sample" test "$rc" = 0
sed 's/^router bgp 64512$/router bgp sixty-four/' /etc/okapi/bgpd.conf >"$WORK/broken.conf"
out=$(timeout 10 "$BGPD" -Cf "$WORK/broken.conf" 2>&1)
rc=$?
echo "    bgpd -Cf broken.conf: rc=$rc: $out"
line=$(grep -n '^router bgp sixty-four$' "$WORK/broken.conf" | cut -d: -f1)
check "bgpd -Cf rejects a broken copy (exit 1, names line $line)" \
	test "$rc" = 1 -a -n "$(echo "$out" | grep -w "$line")"
out=$(timeout 10 "$BGPD" -f /etc/okapi/bgpd.conf -p 0 -P 0 \
	-u okapi-no-such-user 2>&1)
rc=$?
echo "    bgpd -u okapi-no-such-user: rc=$rc: $out"
check "a missing -u user is a clear error (exit 1, names it), not a crash" \
	test "$rc" = 1 -a -n "$(echo "$out" | grep okapi-no-such-user)"

# --- 5. the installed bgpd in a namespace --------------------------------
# Run twice: (a) as root with -u okapi -g okapi, so bgpd drops privileges
# itself (privs.c); (b) with the ExecStartPre/ExecStart/ExecReload lines of
# the installed okapi.service, under what the unit sets up: user okapi,
# ambient and bounding capabilities CAP_NET_ADMIN and CAP_NET_BIND_SERVICE,
# no_new_privs, a read-only file system except /var/log/okapi and
# /run/okapi (ProtectSystem=strict), a private /tmp and no /home or /root.
# Not emulated: the seccomp-based settings (SystemCallFilter=,
# RestrictAddressFamilies=, MemoryDenyWriteExecute=), which
# systemd-analyze verify checks only for syntax.
LOG=/var/log/okapi/bgpd.log
PIDF=/run/okapi/bgpd.pid
VTYSOCK=/run/okapi/bgpd.vty
RELOAD=""
listening() { ip netns exec "$NS" ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; }
alive() { kill -0 "$DAEMON_PID" 2>/dev/null; }

cat >"$WORK/sandbox.sh" <<'EOF'
#!/bin/sh
# sandbox.sh CMD...: run CMD roughly as okapi.service would (see above).
set -e
mount --bind /var/log/okapi /var/log/okapi
mount --bind /run/okapi /run/okapi
findmnt -rn -o TARGET | while read -r t; do
	case "$t" in
	/proc | /proc/* | /sys | /sys/* | /dev | /dev/* | /var/log/okapi | /run/okapi) ;;
	*) mount -o remount,bind,ro "$t" 2>/dev/null || true ;;
	esac
done
mount -t tmpfs -o mode=1777 tmpfs /tmp
for d in /home /root; do
	[ -d "$d" ] && mount -t tmpfs -o ro,mode=0755 tmpfs "$d"
done
caps=-all,+net_admin,+net_bind_service
exec setpriv --reuid="$(id -u okapi)" --regid="$(id -g okapi)" --clear-groups \
	--inh-caps=$caps --ambient-caps=$caps --bounding-set=$caps \
	--no-new-privs "$@"
EOF
chmod 0755 "$WORK/sandbox.sh"
in_unit() { ip netns exec "$NS" unshare --mount --propagation private "$WORK/sandbox.sh" "$@"; }
# unit_line UNIT KEY [INSTANCE]: the first KEY= line, %i replaced.
unit_line() {
	sed -n "s/^$2=//p" "/lib/systemd/system/$1.service" | head -1 |
		sed "s/%i/${3:-}/g"
}

# daemon_run LABEL: bgpd has just been started as $DAEMON_PID; check it.
daemon_run() {
	local label=$1 status gone rc
	for _ in $(seq 50); do
		listening 179 && break
		alive || break
		sleep 0.1
	done
	if ! alive; then
		wait "$DAEMON_PID"
		fail "$label: bgpd is not running (exit status $?): its other checks did not run"
		sed 's/^/    /' "$WORK/daemon.out"
		DAEMON_PID=""
		return
	fi
	pass "$label: bgpd is running"
	check "$label: pid file $PIDF holds its pid" test "$(cat "$PIDF" 2>/dev/null)" = "$DAEMON_PID"
	check "$label: BGP port 179 listens in the namespace" listening 179
	check "$label: nothing printed on stdout/stderr" test ! -s "$WORK/daemon.out"
	status=/proc/$DAEMON_PID/status
	check "$label: runs as user okapi" \
		test "$(awk '/^Uid:/ {print $2 $3 $4 $5}' "$status" 2>/dev/null)" = "$(id -u okapi)$(id -u okapi)$(id -u okapi)$(id -u okapi)"
	check "$label: holds exactly CAP_NET_ADMIN and CAP_NET_BIND_SERVICE" \
		test "$(awk '/^CapEff:/ {print $2}' "$status" 2>/dev/null)" = 0000000000001400
	sleep 0.5
	check "$label: log $LOG written in Quagga's format" \
		grep -qE '^[0-9]{4}/[0-9]{2}/[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2} BGP: ' "$LOG"
	check "$label: log file writable by okapi (SIGHUP re-opens it)" \
		runuser -u okapi -- test -w "$LOG"
	if listening 2605; then
		# Log in with the sample's password, see the prompt "okapi>".
		if ip netns exec "$NS" /usr/bin/python3 - <<-'EOF'
		import socket, sys, time
		s = socket.create_connection(("127.0.0.1", 2605), timeout=5)
		buf = b""
		def until(token):
		    global buf
		    end = time.time() + 5
		    while token not in buf and time.time() < end:
		        chunk = s.recv(4096)
		        if not chunk:
		            break
		        buf += chunk
		    return token in buf
		ok = until(b"Password:")
		s.sendall(b"zebra\r\n")
		ok = ok and until(b"okapi>")
		s.sendall(b"show version\r\n")
		ok = ok and until(b"0.1.0")
		sys.exit(0 if ok else 1)
		EOF
		then pass "$label: vty on 127.0.0.1:2605: password, prompt okapi>, show version"
		else fail "$label: vty on 127.0.0.1:2605: password, prompt okapi>, show version"
		fi
	else
		fail "$label: vty port 2605 does not listen on 127.0.0.1"
	fi
	if [ -x /usr/bin/okapi-cli ]; then
		check "$label: okapi-cli -c 'show version' over $VTYSOCK" \
			bash -c "okapi-cli -s '$VTYSOCK' -c 'show version' | grep -q 0.1.0"
	fi
	if [ -n "$RELOAD" ]; then
		# ExecReload: the config check first, then SIGHUP.
		read -ra cmd <<<"$RELOAD"
		check "$label: ExecReload's config check passes as okapi" in_unit "${cmd[@]}"
	fi
	kill -HUP "$DAEMON_PID" 2>/dev/null
	sleep 1
	check "$label: still running after SIGHUP (config re-read)" alive
	kill -TERM "$DAEMON_PID" 2>/dev/null
	gone=1
	for _ in $(seq 30); do
		alive || { gone=0; break; }
		sleep 0.1
	done
	check "$label: SIGTERM: exits within 3 seconds" test "$gone" = 0
	wait "$DAEMON_PID" 2>/dev/null
	rc=$?
	check "$label: exit status 0 after SIGTERM (got $rc)" test "$rc" = 0
	DAEMON_PID=""
}

echo "=== bgpd in namespace $NS"
ip netns add "$NS" && ip -n "$NS" link set lo up
check "namespace $NS created" ip netns pids "$NS"

echo "--- (a) as root with -u okapi -g okapi"
rm -f "$LOG"
ip netns exec "$NS" "$BGPD" -f /etc/okapi/bgpd.conf -i "$PIDF" \
	-u okapi -g okapi -A 127.0.0.1 >"$WORK/daemon.out" 2>&1 &
DAEMON_PID=$!
daemon_run root-u

echo "--- (b) as okapi.service starts it"
read -ra pre <<<"$(unit_line okapi ExecStartPre)"
read -ra start <<<"$(unit_line okapi ExecStart)"
RELOAD=$(unit_line okapi ExecReload)
echo "    ExecStartPre=${pre[*]}"
echo "    ExecStart=${start[*]}"
check "unit: ExecStartPre's config check passes as okapi" in_unit "${pre[@]}"
rm -f "$LOG"
# Not through the in_unit function: $! must be bgpd's own pid (ip, unshare,
# sh and setpriv each exec the next).
ip netns exec "$NS" unshare --mount --propagation private "$WORK/sandbox.sh" \
	"${start[@]}" >"$WORK/daemon.out" 2>&1 &
DAEMON_PID=$!
daemon_run unit

# The instance is named after the namespace: NetworkNamespacePath=
# /run/netns/%i is the namespace we made.  Its config, and the directories
# that RuntimeDirectory=okapi/%i and LogsDirectory=okapi/%i would create.
echo "--- (c) as okapi@$NS.service starts it"
mkdir -p "/etc/okapi/$NS"
sed "s|^log file /var/log/okapi/bgpd.log|log file /var/log/okapi/$NS/bgpd.log|" \
	/etc/okapi/bgpd.conf >"/etc/okapi/$NS/bgpd.conf"
chgrp okapi "/etc/okapi/$NS/bgpd.conf"
chmod 0640 "/etc/okapi/$NS/bgpd.conf"
install -d -o okapi -g okapi -m 0755 "/run/okapi/$NS"
install -d -o okapi -g okapi -m 0750 "/var/log/okapi/$NS"
check "okapi@: the unit joins /run/netns/%i" \
	test "$(unit_line okapi@ NetworkNamespacePath "$NS")" = "/run/netns/$NS"
read -ra pre <<<"$(unit_line okapi@ ExecStartPre "$NS")"
read -ra start <<<"$(unit_line okapi@ ExecStart "$NS")"
RELOAD=$(unit_line okapi@ ExecReload "$NS")
echo "    ExecStart=${start[*]}"
check "okapi@$NS: ExecStartPre's config check passes as okapi" in_unit "${pre[@]}"
LOG=/var/log/okapi/$NS/bgpd.log
PIDF=/run/okapi/$NS/bgpd.pid
VTYSOCK=/run/okapi/$NS/bgpd.vty
ip netns exec "$NS" unshare --mount --propagation private "$WORK/sandbox.sh" \
	"${start[@]}" >"$WORK/daemon.out" 2>&1 &
DAEMON_PID=$!
daemon_run "okapi@$NS"
# The instance config is ours, not the package's: dpkg would keep it.
rm -rf "/etc/okapi/$NS"
ip netns del "$NS"

# --- 6. purge ------------------------------------------------------------
echo "=== dpkg --purge"
if dpkg --purge okapi >"$WORK/purge.log" 2>&1; then
	INSTALLED=0
	pass "dpkg --purge okapi"
else
	fail "dpkg --purge okapi"
	cat "$WORK/purge.log"
fi
check "dpkg no longer knows the package" \
	bash -c '! dpkg-query -W -f="\${Status}" okapi 2>/dev/null | grep -q installed'
left=""
while read -r path; do
	grep -qxF "$path" "$WORK/preexisting.txt" && continue
	[ -e "$path" ] && left="$left $path"
done <"$WORK/paths.txt"
for m in /usr/share/man/man8/okapi-bgpd.8.gz /usr/share/man/man1/okapi-cli.1.gz; do
	[ -e "$m" ] && left="$left $m"
done
check "every file and directory of the package is gone${left:+ (left:$left)}" test -z "$left"
snapshot >"$WORK/after.txt"
new=$(comm -13 "$WORK/before.txt" "$WORK/after.txt")
[ -n "$new" ] && echo "$new" | sed 's/^/    left behind: /'
check "nothing named okapi or owned by okapi left in /etc /usr /lib /var /run" test -z "$new"
if getent passwd okapi >/dev/null; then
	echo "    note: the okapi system user stays after purge, as Debian keeps system users"
fi

summary
[ "$failed" -eq 0 ]
