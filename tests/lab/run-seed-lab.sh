#!/usr/bin/env bash
# okapi's main job in one command: set everything up on a fresh Debian 12
# (build dependencies, build) and start the seed lab of IPMininet's BGP
# walkthrough with okapi on its four routers (etc/labs/simple-bgp.lab).
# It prints as1ra's `show ipv6 bgp` and `show bgp summary` through the
# telnet vty, pings h4 from h1, and leaves the lab running for you.
#
# Usage (as root, from a checkout): bash tests/lab/run-seed-lab.sh
# Stop the lab with:                 tests/lab/okapi-lab stop simple-bgp
set -euo pipefail

SRC=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${OKAPI_LAB_BUILD:-/tmp/okapi-lab-build}
LAB=$SRC/tests/lab/okapi-lab

bash "$SRC/tests/setup-deps.sh"
echo "=== building okapi in $BUILD"
(cd "$SRC" && autoreconf -fi >/dev/null 2>&1)
mkdir -p "$BUILD"
(cd "$BUILD" && "$SRC/configure" -q && make -j"$(nproc)" >make.out 2>&1) \
    || { tail -30 "$BUILD/make.out"; exit 1; }

if /usr/bin/python3 "$LAB" status | grep -q '^simple-bgp:'; then
    echo "=== the lab is already running; stopping it first"
    /usr/bin/python3 "$LAB" stop simple-bgp
fi
echo "=== starting the seed lab (namespaces as1ra as2rb as3rc as4rd h1 h2 h3 h4)"
/usr/bin/python3 "$LAB" start "$SRC/etc/labs/simple-bgp.lab" --bgpd "$BUILD/bgpd"

# Routes need a moment after the sessions come up (MRAI is 3 s for eBGP):
# wait (at most 30 s) for the seed's table, 4 best paths out of 7.
echo "=== waiting for as1ra's table to converge"
for _ in $(seq 1 60); do
    /usr/bin/python3 "$LAB" vty simple-bgp as1ra "show ipv6 bgp" |
        grep -q '^Displayed  4 out of 7 total prefixes' && break
    sleep 0.5
done

echo
echo "=== as1ra# show ipv6 bgp"
/usr/bin/python3 "$LAB" vty simple-bgp as1ra "show ipv6 bgp"
echo "=== as1ra# show bgp summary"
/usr/bin/python3 "$LAB" vty simple-bgp as1ra "show bgp summary"
echo "=== h1 -> h4: ping -6 2001:1234:4::4"
if /usr/bin/python3 "$LAB" exec simple-bgp h1 ping -6 -c 3 -W 1 2001:1234:4::4; then
    echo "h1 reaches h4"
else
    echo "h1 does not reach h4 (yet): see the routers' kernel tables with"
    echo "  ip netns exec as1ra ip -6 route"
fi
cat <<MSG

The lab is running.  Log in to a router's vty (password zebra):
    ip netns exec as1ra telnet ::1 2605
Run a command in a node:   $LAB exec simple-bgp h1 ping -6 2001:1234:4::4
Logs and configs:          /tmp/okapi-lab-simple-bgp/<router>/
Stop and remove the lab:   $LAB stop simple-bgp
MSG
