#!/usr/bin/python3
"""Churn soak for okapi (issue 9, "memory stays bounded when a peer
floods announcements and withdrawals"): one peer floods, a downstream
peer receives what okapi advertises, okapi's RSS is compared across
rounds.

usage: soak_flood.py --pid PID --cli OKAPI_CLI --sock VTYSOCK --ns NETNS
                     [--rounds R] [--prefixes N]

okapi (10.0.0.1, AS 65000) has the passive neighbors 10.0.0.2 (AS 65001,
the flooder) and 10.0.0.3 (AS 65003, downstream, advertisement-interval
0).  Each round r: N /24s announced with attributes of round r (AS path,
MED, a community), the same N announced again with other attributes
(implicit withdrawal), then all N withdrawn, then the sentinel
172.31.0.0/24 announced with community 65001:r and MED r.  A round ends
when okapi has the sentinel with MED r and the downstream peer received
it with community 65001:r (so the RIB, the advertisement and the kernel
have caught up), plus 0.3 s.  Checks:
  - at the end, with the downstream peer gone and everything withdrawn,
    okapi's object counts (show bgp memory json: attribute sets, AS paths,
    communities, RIB nodes, paths, next hops) are back to those before
    the first route (a leaked reference keeps an object alive);
  - okapi's RSS after the last round is within max(2 MB, 5 %) of its RSS
    after the first round (not judged for an ASan build: its quarantine
    keeps freed memory; said loudly);
  - neither session went down;
  - after the last round, a final set of N prefixes: okapi holds exactly
    those N + the sentinel from the flooder, the downstream peer received
    exactly them with the final attributes, and the kernel FIB of okapi's
    namespace has each of them (proto bgp).
Prints PASS/FAIL lines (and the RSS per round) and "N passed, N failed".
"""

import argparse
import json
import os
import re
import struct
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bgp_malformed import (Peer, attr, aspath, med, nexthop,  # noqa: E402
                           origin, pfx, update, wait)

SENTINEL = "172.31.0.0/24"


def comm(v):
    return attr(0xc0, 8, struct.pack("!HH", 65001, v))


class Soak:
    def __init__(self, a):
        self.a = a
        self.passed = self.failed = 0

        class T:
            target = "10.0.0.1"
        self.flood = Peer(T, "10.0.0.2", 65001, extmsg=False, v6fam=False)
        self.down = Peer(T, "10.0.0.3", 65003, extmsg=False, v6fam=False)

    def say(self, ok, name, detail):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        print("%s %s: %s" % ("PASS" if ok else "FAIL", name, detail),
              flush=True)

    def cli(self, cmd):
        return subprocess.run([self.a.cli, "-s", self.a.sock, "-c", cmd],
                              stdout=subprocess.PIPE, timeout=30
                              ).stdout.decode(errors="replace")

    def rss(self):
        with open("/proc/%d/status" % self.a.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return -1

    def sanitized(self):
        with open("/proc/%d/maps" % self.a.pid) as f:
            if "libasan" in f.read():
                return True
        with open("/proc/%d/exe" % self.a.pid, "rb") as f:
            return b"__asan_init" in f.read()

    def objects(self):
        """okapi's object counts (show bgp memory json: RIB nodes, paths,
        next hops, attribute sets, AS paths, communities...)."""
        try:
            m = json.loads(self.cli("show bgp memory json"))
        except ValueError:
            return {}
        return {k: v.get("count") for k, v in m.items()
                if isinstance(v, dict)}

    def prefixes(self, n):
        return ["10.%d.%d.0/24" % (64 + j // 256, j % 256) for j in range(n)]

    def announce(self, pfxs, attrs):
        for j in range(0, len(pfxs), 900):
            self.flood.send(update(attrs=attrs, nlri=b"".join(
                pfx(p) for p in pfxs[j:j + 900])))

    def withdraw(self, pfxs):
        for j in range(0, len(pfxs), 900):
            self.flood.send(update(wd=b"".join(pfx(p)
                                               for p in pfxs[j:j + 900])))

    def attrs(self, r, alt):
        path = [65001, 64512 + (r * 2 + alt) % 97]
        return origin(alt % 3) + aspath(path) + nexthop() + \
            med(r * 10 + alt) + comm(r * 2 + alt)

    def caught_up(self, r):
        """okapi has the sentinel of round r, and so has downstream."""
        def rib():
            m = re.search(r"metric (\d+)", self.cli("show ip bgp " +
                                                    SENTINEL))
            return m and int(m.group(1)) == r

        def down():
            with self.down.lock:
                at = self.down.rib.get(SENTINEL, [])
            return any(c == 8 and v == struct.pack("!HH", 65001, r)
                       for f, c, v in at)
        return wait(rib, 60, 0.05) and wait(down, 60, 0.05)

    def round(self, r, pfxs):
        self.announce(pfxs, self.attrs(r, 0))
        self.announce(pfxs, self.attrs(r, 1))
        self.withdraw(pfxs)
        self.flood.send(update(attrs=origin() + aspath([65001]) + nexthop() +
                               med(r) + comm(r), nlri=pfx(SENTINEL)))
        if not self.caught_up(r):
            return False
        time.sleep(0.3)
        return True

    def final(self, pfxs, r):
        self.announce(pfxs, self.attrs(r, 0))
        self.flood.send(update(attrs=origin() + aspath([65001]) + nexthop() +
                               med(r) + comm(r), nlri=pfx(SENTINEL)))
        if not self.caught_up(r):
            return "the final set was not processed in 60 s"
        want = set(pfxs) | {SENTINEL}
        try:
            routes = json.loads(self.cli("show bgp ipv4 unicast json")
                                ).get("routes", {})
        except ValueError:
            return "okapi's JSON table does not parse"
        have = {p for p, ps in routes.items()
                if any(x.get("peerId") == "10.0.0.2" for x in ps)}
        if have != want:
            return "okapi: %d prefixes from the flooder, %d expected " \
                "(missing %s, extra %s)" % (len(have), len(want),
                                            sorted(want - have)[:3],
                                            sorted(have - want)[:3])
        bad = [p for p in pfxs if routes[p][0].get("metric") != r * 10]
        if bad:
            return "okapi: %d prefixes with a stale MED, e.g. %s" % (
                len(bad), bad[0])
        ok = wait(lambda: set(self.down.rib) == want, 10, 0.1)
        with self.down.lock:
            drib = dict(self.down.rib)
        if not ok:
            return "downstream: %d prefixes, %d expected" % (len(drib),
                                                               len(want))
        c = struct.pack("!HH", 65001, r * 2)
        stale = [p for p in pfxs
                 if not any(cd == 8 and v == c for f, cd, v in drib[p])]
        if stale:
            return "downstream: %d prefixes with stale attributes, e.g. %s" \
                % (len(stale), stale[0])

        def fib():
            out = subprocess.run(["ip", "netns", "exec", self.a.ns, "ip",
                                  "-4", "route", "show", "proto", "bgp"],
                                 stdout=subprocess.PIPE).stdout.decode()
            return {line.split()[0] for line in out.splitlines() if line}
        if not wait(lambda: want <= fib(), 20, 0.2):
            return "kernel FIB: %d of %d prefixes" % (len(want & fib()),
                                                      len(want))
        extra = fib() - want
        if extra:
            return "kernel FIB: %d stale routes, e.g. %s" % (
                len(extra), sorted(extra)[0])
        return None

    def release(self, base, pfxs):
        """Downstream gone (its Adj-RIB-Out and its cache of outbound
        sets go), everything withdrawn: okapi's object counts are back to
        those before the first route (a reference leaked anywhere in the
        churn would keep a set, a path or a community list alive)."""
        self.down.close()
        self.withdraw(pfxs + [SENTINEL])
        gone = wait(lambda: "not in table" in self.cli("show ip bgp " +
                                                       SENTINEL), 30, 0.1)
        if not gone:
            self.say(False, "all objects released", "the withdrawals were "
                     "not processed in 30 s")
            return
        cur = {}

        def back():
            cur.update(self.objects())
            return cur == base
        ok = wait(back, 10, 0.2)
        diff = {k: (base.get(k), cur.get(k)) for k in set(base) | set(cur)
                if base.get(k) != cur.get(k)}
        self.say(ok and bool(base), "all objects released",
                 "show bgp memory before the first route and after the "
                 "last withdrawal: %s" % ("differ (before, after): %s" % diff
                                          if diff else "equal (%s)" % ", ".join(
                                              "%s %s" % kv for kv in
                                              sorted(base.items()))))

    def run(self):
        self.down.connect()
        self.flood.connect()
        base = self.objects()
        n, rounds = self.a.prefixes, self.a.rounds
        pfxs = self.prefixes(n)
        rss = []
        mem = []
        t0 = time.monotonic()
        for r in range(1, rounds + 1):
            if not self.round(r, pfxs):
                self.say(False, "round %d" % r, "not processed in 60 s")
                break
            rss.append(self.rss())
            if r in (1, rounds):
                mem.append(self.objects())
        dt = time.monotonic() - t0
        print("RSS per round (kB): %s" % " ".join(str(x) for x in rss),
              flush=True)
        if len(rss) == rounds:
            grow = rss[-1] - rss[0]
            margin = max(2048, rss[0] // 20)
            detail = "%d rounds of %d prefixes x3 in %.1f s: RSS %d kB " \
                "after round 1, %d kB after round %d (margin %d kB)" % (
                    rounds, n, dt, rss[0], rss[-1], rounds, margin)
            if self.sanitized():
                print("SKIP memory flat: ASan build, its quarantine keeps "
                      "freed memory (%s)" % detail, flush=True)
            else:
                self.say(grow <= margin, "memory flat", detail)
        if len(mem) == 2:
            print("objects after round 1: %s; after round %d: %s" % (
                mem[0], rounds, mem[1]), flush=True)
        up = all(not p.closed and not p.notif
                 for p in (self.flood, self.down))
        self.say(up, "sessions stayed up", "flooder and downstream "
                 "Established throughout" if up else "a session went down")
        err = self.final(pfxs, rounds + 1) if up else "no session"
        self.say(err is None, "final table right",
                 err or "okapi, the downstream peer and the kernel FIB "
                 "hold exactly the final %d prefixes + the sentinel, with "
                 "the final attributes" % n)
        if up:
            self.release(base, pfxs)
        self.flood.close()
        self.down.close()
        print("%d passed, %d failed" % (self.passed, self.failed))
        return 1 if self.failed else 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pid", type=int, required=True)
    ap.add_argument("--cli", required=True)
    ap.add_argument("--sock", required=True)
    ap.add_argument("--ns", required=True, help="okapi's netns")
    ap.add_argument("--rounds", type=int, default=30)
    ap.add_argument("--prefixes", type=int, default=5000)
    return Soak(ap.parse_args()).run()


if __name__ == "__main__":
    sys.exit(main())
