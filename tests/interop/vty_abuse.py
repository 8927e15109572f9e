#!/usr/bin/python3
"""Hostile and broken clients of okapi's telnet vty (issue 9, "vty
security"), with a BGP session alive meanwhile.

usage: vty_abuse.py --pid PID --cli OKAPI_CLI --sock VTYSOCK [CHECK...]

Run inside okapi's namespace, where okapi (10.0.0.1, AS 65000) has the
passive neighbor 10.0.0.2 AS 65001 (a local address too), password
"zebra", and `line vty` access-class "vty" (permit 127.0.0.1/32 only) and
ipv6 access-class "vty6" (deny any).  Checks:

  three-bad-passwords      three wrong passwords: "% Bad passwords, too
                           many failures!" and the connection closed
  access-class-*           127.0.0.1 gets the password prompt; 127.0.0.2,
                           10.0.0.2 and ::1 are closed before any prompt
  long-line                a 1 MB line (no newline, then one)
  telnet-option-flood      60,000 telnet commands (160 kB) before the
                           password: logged in within 10 s (okapi reads
                           them a byte per read(): ~70 kB/s here)
  unterminated-subneg      IAC SB then 1 MB that never ends with IAC SE
  binary-garbage-*         1 MB of random bytes before and after login
  stuck-client             a logged-in client asks for "show ip bgp" over
                           20,000 routes and stops reading for 8 s

After each: okapi runs, a new vty session answers "show version" within 2
s, okapi's RSS grew less than 16 MB (64 MB under ASan); and for the whole run the BGP
session (hold time 3) stays up with no gap over 2.5 s between okapi's
KEEPALIVEs.  Prints PASS/FAIL lines and "N passed, N failed".
"""

import argparse
import os
import random
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bgp_malformed import Peer, pfx, update, wait  # noqa: E402

IAC, WILL, WONT, DO, DONT, SB, SE = 255, 251, 252, 253, 254, 250, 240
PW = b"zebra"
MB = 1 << 20


class Vty:
    def __init__(self, dst="127.0.0.1", src=None, rcvbuf=None, timeout=3):
        fam = socket.AF_INET6 if ":" in dst else socket.AF_INET
        self.s = socket.socket(fam)
        if rcvbuf:
            self.s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        if src:
            self.s.bind((src, 0))
        self.s.settimeout(timeout)
        self.s.connect((dst, 2605))
        self.buf = b""
        self.eof = False

    def read_until(self, pat, timeout=3):
        """True once pat was received; stops at EOF or timeout."""
        end = time.monotonic() + timeout
        while pat not in self.buf and not self.eof:
            left = end - time.monotonic()
            if left <= 0:
                return False
            self.s.settimeout(left)
            try:
                d = self.s.recv(65536)
            except socket.timeout:
                return False
            except OSError:
                d = b""
            if not d:
                self.eof = True
            self.buf += d
        return pat in self.buf

    def closed_within(self, timeout):
        end = time.monotonic() + timeout
        while not self.eof and time.monotonic() < end:
            self.read_until(b"\0never\0", end - time.monotonic())
        return self.eof

    def send(self, data):
        try:
            self.s.sendall(data)
            return True
        except OSError:
            return False

    def login(self):
        if not self.read_until(b"Password: "):
            return False
        self.buf = b""
        self.send(PW + b"\r\n")
        return self.read_until(b"> ")

    def close(self):
        try:
            self.s.close()
        except OSError:
            pass


class Run:
    def __init__(self, a):
        self.a = a
        self.passed = self.failed = 0
        self.rss0 = self.rss()
        # ASan's quarantine keeps freed memory: a looser bound there.
        self.rss_max = (64 if self.sanitized() else 16) * 1024

    def sanitized(self):
        try:
            with open("/proc/%d/maps" % self.a.pid) as f:
                if "libasan" in f.read():
                    return True
            with open("/proc/%d/exe" % self.a.pid, "rb") as f:
                return b"__asan_init" in f.read()
        except OSError:
            return False

    def say(self, ok, name, detail):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        print("%s %s: %s" % ("PASS" if ok else "FAIL", name, detail),
              flush=True)

    def rss(self):
        try:
            with open("/proc/%d/status" % self.a.pid) as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1])
        except OSError:
            return -1
        return -1

    def healthy(self):
        """None, or what is wrong with okapi after a check."""
        if self.rss() < 0:
            return "okapi is not running"
        t0 = time.monotonic()
        try:
            v = Vty()
            ok = v.login() and v.send(b"show version\r\n") and \
                v.read_until(b"okapi", 2)
            v.close()
        except OSError as ex:
            return "a new vty session failed: %s" % ex
        if not ok:
            return "a new vty session got no answer to show version"
        dt = time.monotonic() - t0
        if dt > 2:
            return "a new vty session took %.1f s" % dt
        grow = self.rss() - self.rss0
        if grow > self.rss_max:
            return "okapi's RSS grew by %d kB" % grow
        return None

    def check(self, name, fn):
        try:
            ok, det = fn()
        except OSError as ex:
            ok, det = False, "%s: %s" % (type(ex).__name__, ex)
        if ok:
            err = self.healthy()
            if err:
                ok, det = False, det + "; but then " + err
        self.say(ok, name, det)

    # ---- the checks
    def bad_passwords(self):
        v = Vty(src="127.0.0.1")
        n = 0
        for _ in range(3):
            if not v.read_until(b"Password: "):
                break
            n += 1
            v.buf = v.buf.split(b"Password: ", 1)[1]
            v.send(b"wrong%d\r\n" % n)
        got = v.read_until(b"% Bad passwords, too many failures!")
        closed = v.closed_within(3)
        v.close()
        if n != 3 or not got or not closed:
            return False, "%d prompts, message %s, closed %s" % (n, got, closed)
        return True, "3 prompts, '% Bad passwords, too many failures!', closed"

    def access(self, dst, src, allowed):
        try:
            v = Vty(dst=dst, src=src)
        except OSError as ex:
            if allowed:
                return False, "cannot connect: %s" % ex
            return True, "connection refused (%s)" % ex
        prompt = v.read_until(b"Password: ", 2)
        closed = v.closed_within(2) if not prompt else False
        v.close()
        if allowed:
            return prompt, "password prompt" if prompt else \
                "no password prompt (closed %s)" % closed
        if prompt:
            return False, "got a password prompt from %s" % src
        return closed, "closed before any prompt" if closed else \
            "no prompt, but not closed either"

    def long_line(self):
        v = Vty()
        if not v.login():
            return False, "cannot log in"
        v.buf = b""
        v.send(b"a" * MB)
        v.send(b"\r\nshow version\r\n")
        answered = v.read_until(b"okapi", 5)
        v.close()
        return True, "1 MB line handled (%s)" % (
            "the session answered the next command" if answered
            else "the session closed or dropped the line")

    def option_flood(self):
        v = Vty()
        flood = bytes([IAC, WILL, 1, IAC, DO, 3, IAC, WONT, 24, IAC, DONT,
                       31, IAC, 241, IAC, 246]) * 10000
        t0 = time.monotonic()
        v.send(flood)
        v.send(PW + b"\r\n")
        ok = v.read_until(b"> ", 10)
        v.close()
        return ok, "%d octets of negotiation then the password: %s in " \
            "%.1f s" % (len(flood), "logged in" if ok else "no prompt",
                        time.monotonic() - t0)

    def subneg(self):
        v = Vty()
        v.send(bytes([IAC, SB, 24]) + b"x" * MB)
        err = self.healthy()    # while it is pending
        v.close()
        if err:
            return False, "with the subnegotiation pending: " + err
        return True, "other sessions served while it was pending"

    def garbage(self, login):
        v = Vty()
        if login and not v.login():
            return False, "cannot log in"
        rnd = random.Random(9 + login)
        sent = v.send(rnd.randbytes(MB))
        err = self.healthy()
        v.close()
        if err:
            return False, "with the garbage pending: " + err
        return True, "1 MB of random bytes %s login (%s)" % (
            "after" if login else "before",
            "all sent" if sent else "connection closed by okapi")

    def stuck(self, peer):
        n = 20000
        for j in range(0, n, 900):
            nlri = b"".join(pfx("10.%d.%d.0/24" % (100 + k // 256, k % 256))
                            for k in range(j, min(n, j + 900)))
            peer.send(update(attrs=peer.base(), nlri=nlri))
        last = "10.%d.%d.0/24" % (100 + (n - 1) // 256, (n - 1) % 256)

        def loaded():
            out = subprocess.run([self.a.cli, "-s", self.a.sock, "-c",
                                  "show ip bgp " + last],
                                 stdout=subprocess.PIPE).stdout
            return b"not in table" not in out and last.encode()[:6] in out
        if not wait(loaded, 20, 0.2):
            return False, "the 20,000 routes did not arrive"
        self.rss0 = self.rss()  # the routes are not the vty's
        v = Vty(rcvbuf=4096)
        if not v.login():
            return False, "cannot log in"
        v.send(b"terminal length 0\r\nshow ip bgp\r\n")
        t0 = time.monotonic()
        n0 = len(peer.ka_times)
        worst = 0.0
        while time.monotonic() - t0 < 8:
            t1 = time.monotonic()
            err = self.healthy()
            worst = max(worst, time.monotonic() - t1)
            if err:
                v.close()
                return False, "with the client stuck: " + err
            r = subprocess.run([self.a.cli, "-s", self.a.sock, "-c",
                                "show ip bgp summary"],
                               stdout=subprocess.PIPE, timeout=5)
            if b"10.0.0.2" not in r.stdout:
                v.close()
                return False, "okapi-cli summary without the neighbor"
            time.sleep(0.5)
        kas = [t for t in peer.ka_times[n0:]]
        # The client wakes up: it gets the whole table, nothing lost.
        whole = v.read_until(b"Displayed  %d out of %d total prefixes" %
                             (n, n), 30)
        v.close()
        if not whole:
            return False, "the stuck client, once reading, did not get " \
                "the whole table (%d octets)" % len(v.buf)
        if peer.notif or peer.closed:
            return False, "the BGP session went down"
        if len(kas) < 5:
            return False, "%d KEEPALIVEs in 8 s (hold time 3)" % len(kas)
        return True, "%d KEEPALIVEs in 8 s, other vty sessions answered " \
            "within %.2f s; then the whole table (%d octets)" % (
                len(kas), worst, len(v.buf))

    def run(self, names):
        class A:
            target = "10.0.0.1"
        peer = Peer(A, "10.0.0.2", 65001, extmsg=False, v6fam=False, hold=3)
        peer.connect()
        checks = [
            ("three-bad-passwords", self.bad_passwords),
            ("access-class-permits-127.0.0.1",
             lambda: self.access("127.0.0.1", "127.0.0.1", True)),
            ("access-class-denies-127.0.0.2",
             lambda: self.access("127.0.0.1", "127.0.0.2", False)),
            ("access-class-denies-10.0.0.2",
             lambda: self.access("10.0.0.1", "10.0.0.2", False)),
            ("ipv6-access-class-denies-::1",
             lambda: self.access("::1", "::1", False)),
            ("long-line", self.long_line),
            ("telnet-option-flood", self.option_flood),
            ("unterminated-subneg", self.subneg),
            ("binary-garbage-before-login", lambda: self.garbage(False)),
            ("binary-garbage-after-login", lambda: self.garbage(True)),
            ("stuck-client", lambda: self.stuck(peer)),
        ]
        for name, fn in checks:
            if not names or name in names:
                self.check(name, fn)
        gaps = [b - a for a, b in zip(peer.ka_times, peer.ka_times[1:])]
        up = not peer.notif and not peer.closed
        self.say(up and gaps and max(gaps) <= 2.5,
                 "bgp-keepalives-kept-flowing",
                 "session up %s, %d KEEPALIVEs, largest gap %.2f s" % (
                     up, len(peer.ka_times), max(gaps) if gaps else -1))
        peer.close()
        print("%d passed, %d failed" % (self.passed, self.failed))
        return 1 if self.failed else 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pid", type=int, required=True)
    ap.add_argument("--cli", required=True)
    ap.add_argument("--sock", required=True)
    ap.add_argument("names", nargs="*")
    a = ap.parse_args()
    return Run(a).run(a.names)


if __name__ == "__main__":
    sys.exit(main())
