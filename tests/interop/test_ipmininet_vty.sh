#!/bin/bash
#
# The vty half of the IPMininet contract (issue 6; shared reference
# ipmininet.md section 7 item 5, quagga-vty.md section 1): okapi's bgpd
# started exactly as IPMininet starts it (as1ra's Quagga-era config,
# `bgpd -f -i -z -u root -p 179`, no -A/-P) listens on TCP 2605 on all
# addresses; a telnet client reaches it from 127.0.0.1 and from ::1, gets
# Quagga's banner and "Password: ", logs in with the config's password,
# gets the "as1ra> " prompt and can run show commands; a wrong password
# three times is refused.  Talks through tests/lab/lib/vty.py and raw
# sockets.  Run alone: bash test_ipmininet_vty.sh (needs root; OKAPI_BGPD).

. "$(dirname "$0")/lib.sh"
it_begin vty
it_need_okapi
it_need_cmd ip ss "$OK_PYTHON"

BIN=$(okapi_bindir) || it_cannot_run "cannot make the bgpd symlink dir"
ns_add n || it_cannot_run "cannot create a namespace"
NODE="$OK_TMP/node"
mkdir -p "$NODE"
CFG="$NODE/bgpd_as1ra.cfg"
sed "s|@D@|$NODE|g" "$IT_DIR/configs/quagga-era-as1ra.conf" >"$CFG"
ns_spawn r n env PATH="$BIN:$PATH" bgpd -f "$CFG" -i "$NODE/bgpd_as1ra.pid" \
	-z "$NODE/quagga_as1ra.api" -u root -p 179

vty_listening()
{
	ns_exec n ss -Hltn 'sport = :2605' | grep -q 2605
}
if ! check_within 3 "it listens on TCP 2605" vty_listening; then
	it_excerpt "$NODE/bgpd_as1ra.log" 10
	it_end
fi
ss_line=$(ns_exec n ss -Hltn 'sport = :2605' | awk '{print $4}' | sort | tr '\n' ' ')
check_match "2605 on all addresses, IPv4 and IPv6 ([::]:2605, or 0.0.0.0 and [::])" \
	'\[::\]:2605' "$ss_line"

okapi_vty_host()
{
	ns_exec n "$OK_PYTHON" "$OK_LIBDIR/vty.py" "$1" "$2"
}

# greeting HOST: the bytes before "Password: ", telnet options removed.
greeting()
{
	ns_exec n "$OK_PYTHON" -c '
import socket, sys, time
s = socket.create_connection((sys.argv[1], 2605), timeout=3)
buf = b""
end = time.time() + 3
while not buf.endswith(b"Password: ") and time.time() < end:
    try:
        d = s.recv(4096)
    except socket.timeout:
        break
    if not d:
        break
    buf += d
s.close()
out = bytearray()
i = 0
while i < len(buf):
    if buf[i] == 255 and i + 2 < len(buf):
        i += 3
        continue
    out.append(buf[i])
    i += 1
sys.stdout.write(out.decode("latin-1").replace("\r", ""))' "$1"
}

for host in 127.0.0.1 ::1; do
	g=$(greeting "$host")
	check_match "$host: banner 'Hello, this is ...' and the copyright line" \
		'Hello, this is .*\(version .*\)\.' "$(printf '%s' "$g" | grep 'Hello')"
	check_match "$host: then 'User Access Verification' and 'Password: '" \
		'User Access Verification.*Password: $' "$(printf '%s' "$g" | tr '\n' ' ')"
	out=$(okapi_vty_host "$host" "show bgp summary" 2>&1)
	check_match "$host: login with the config's password, 'show bgp summary'" \
		'BGP router identifier 0\.0\.0\.2, local AS number 1' "$out"
done

out=$(okapi_vty_host 127.0.0.1 "show ip bgp neighbors")
check_match "show ip bgp neighbors lists 2001:12::b" \
	'BGP neighbor is 2001:12::b, remote AS 2, local AS 1, external link' "$out"
check_match "show ip bgp neighbors lists 2001:13::c" \
	'BGP neighbor is 2001:13::c, remote AS 3, local AS 1, external link' "$out"

# Three wrong passwords: refused and closed.
bad=$(ns_exec n "$OK_PYTHON" -c '
import socket, time
s = socket.create_connection(("127.0.0.1", 2605), timeout=3)
buf = b""
for pw in (b"x", b"y", b"z"):
    time.sleep(0.3)
    s.sendall(pw + b"\r\0")
end = time.time() + 3
while time.time() < end:
    try:
        d = s.recv(4096)
    except socket.timeout:
        break
    if not d:
        buf += b"<closed>"
        break
    buf += d
print(buf.replace(b"\r", b"").replace(b"\n", b" ").decode("latin-1")[-120:])')
check_match "three wrong passwords: '% Bad passwords, too many failures!' and closed" \
	'% Bad passwords, too many failures!.*<closed>' "$bad"
check "still running" ns_running r
it_end
