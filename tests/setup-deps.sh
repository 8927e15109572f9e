#!/usr/bin/env bash
# Install everything okapi needs to build and to run its tests on Debian 12.
# Safe to run again.  Services of the routing daemons are never started:
# policy-rc.d refuses them, and the tests start every daemon themselves,
# in the foreground, inside namespaces they create.
set -euo pipefail

if [ "$(id -u)" != 0 ]; then
    echo "setup-deps: must run as root (apt-get, network namespaces)" >&2
    exit 1
fi

if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
fi

BUILD_DEPS="build-essential autoconf automake libtool pkg-config
    libev-dev libmnl-dev libcli-dev libcmocka-dev libcap-ng-dev clang"
TEST_DEPS="iproute2 iputils-ping procps psmisc telnet tcpdump frr bird2 gobgpd exabgp python3"

missing=""
for p in $BUILD_DEPS $TEST_DEPS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
        || missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "setup-deps: installing$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    # shellcheck disable=SC2086
    apt-get install -y -q --no-install-recommends $missing
fi
# FRR refuses to start unless root is in its vty group.
if getent group frrvty >/dev/null; then
    id -nG root | grep -qw frrvty || usermod -a -G frr,frrvty root
fi
