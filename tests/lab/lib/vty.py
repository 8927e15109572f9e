#!/usr/bin/python3
"""Run commands on a Quagga-style telnet vty (okapi's bgpd, port 2605).

usage: vty.py [--port N] [--password PW] [--timeout S]
              [--until-absent REGEX [--max-time S]] HOST CMD...

Logs in (answers "Password:" with PW, default "zebra"), sends
"terminal length 0" and then each CMD, and prints each command's output
(the lines between the echoed command and the next prompt).  Telnet
option negotiation (IAC sequences) is stripped, not answered: a vty
must work with a client that refuses every option.  Exit status 0 if
every command got a prompt back, 2 if the connection failed, 3 on a
timeout.  Standard library only; run it inside the router's namespace
(ip netns exec NS vty.py 127.0.0.1 'show ip bgp neighbors').
"""

import argparse
import re
import socket
import sys
import time

# What telnet sends for Enter in character mode.  Not CR LF: a Quagga vty
# runs the line once for CR and once more (empty) for LF, and the stray
# second prompt would be taken for the end of the next command.
EOL = b"\r\0"
PROMPT = re.compile(rb"(?:^|\n)[^\n]*[>#] ?$")


def strip_telnet(data):
    """Remove IAC sequences (RFC 854) from data."""
    out = bytearray()
    i = 0
    while i < len(data):
        c = data[i]
        if c != 255:
            out.append(c)
            i += 1
            continue
        if i + 1 >= len(data):
            break
        cmd = data[i + 1]
        if cmd == 255:                  # escaped 0xff
            out.append(255)
            i += 2
        elif cmd in (251, 252, 253, 254):   # WILL/WONT/DO/DONT opt
            i += 3
        elif cmd == 250:                # SB ... IAC SE
            j = data.find(b"\xff\xf0", i)
            i = len(data) if j < 0 else j + 2
        else:
            i += 2
    return bytes(out)


def read_until(sock, pattern, timeout):
    """Read until the stripped text matches pattern; None on timeout/EOF."""
    buf = b""
    end = time.monotonic() + timeout
    while True:
        text = strip_telnet(buf).replace(b"\r", b"")
        if pattern.search(text):
            return text
        left = end - time.monotonic()
        if left <= 0:
            return None
        sock.settimeout(left)
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            return None
        if not chunk:
            return None
        buf += chunk


def run_cmd(sock, cmd, timeout):
    """Send one command; its output (None and a message on a timeout)."""
    sock.sendall(cmd.encode() + EOL)
    text = read_until(sock, PROMPT, timeout)
    if text is None:
        print("vty.py: no prompt after %r" % cmd, file=sys.stderr)
        return None
    lines = text.decode("latin-1").split("\n")
    # Drop the echoed command (first line) and the final prompt.
    body = lines[:-1]
    while body and not body[0].strip():
        body = body[1:]
    if body and body[0].rstrip().endswith(cmd):
        body = body[1:]
    return "\n".join(body)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=2605)
    ap.add_argument("--password", default="zebra")
    ap.add_argument("--timeout", type=float, default=5.0)
    ap.add_argument("--until-absent", metavar="REGEX",
                    help="repeat the last command until no line of its "
                    "output matches REGEX (at most --max-time seconds); "
                    "the first output line is then @EPOCH_NS, the time "
                    "that output arrived (exit status 4 on a timeout)")
    ap.add_argument("--max-time", type=float, default=10.0)
    ap.add_argument("host")
    ap.add_argument("cmds", nargs="+")
    a = ap.parse_args()
    try:
        s = socket.create_connection((a.host, a.port), timeout=a.timeout)
    except OSError as e:
        print("vty.py: cannot connect to %s:%d: %s" % (a.host, a.port, e),
              file=sys.stderr)
        return 2
    first = read_until(s, re.compile(rb"Password: ?$|[>#] ?$"), a.timeout)
    if first is None:
        print("vty.py: no login prompt", file=sys.stderr)
        return 3
    if first.rstrip().endswith(b"Password:"):
        s.sendall(a.password.encode() + EOL)
        if read_until(s, PROMPT, a.timeout) is None:
            print("vty.py: no prompt after the password", file=sys.stderr)
            return 3
    outputs = []
    for cmd in ["terminal length 0"] + a.cmds:
        out = run_cmd(s, cmd, a.timeout)
        if out is None:
            return 3
        outputs.append(out)
    if a.until_absent:
        # Poll on the one session: a fresh login per poll would cost
        # more than the times a test measures this way.
        pat = re.compile(a.until_absent, re.M)
        end = time.monotonic() + a.max_time
        while pat.search(outputs[-1]):
            if time.monotonic() > end:
                print("vty.py: %r still matches after %g s" %
                      (a.until_absent, a.max_time), file=sys.stderr)
                sys.stdout.write(outputs[-1] + "\n")
                return 4
            time.sleep(0.01)
            out = run_cmd(s, a.cmds[-1], a.timeout)
            if out is None:
                return 3
            outputs[-1] = out
        outputs[1] = "@%d\n%s" % (time.time_ns(), outputs[1])
    try:
        s.sendall(b"exit" + EOL)
    except OSError:
        pass
    s.close()
    for out in outputs[1:]:
        sys.stdout.write(out + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
