#!/usr/bin/python3
"""Send malformed OPENs (and bad headers) to a running bgpd, check its answer.

usage: bgp_inject.py --target ADDR --src-base A.B.C.D --peer-as N
                     --local-as N [--list] [CASE...]

Each case connects from its own source address (src-base + case index,
each a configured passive neighbor of the target), waits for the target's
OPEN, sends one crafted message and reads the answer: a NOTIFICATION
(code/subcode/data), a KEEPALIVE (accepted) or a close.  Cases come from
the malformed-message catalogue, part A/B (shared reference
rfc7606-and-errors.md section 4).  Prints one line per case:
    ok CASE SRC: detail        or        bad CASE SRC: detail
and exits 0.  Standard library only; run it inside the peer's namespace.
"""

import argparse
import ipaddress
import socket
import struct
import sys
import time

MARKER = b"\xff" * 16
AS_TRANS = 23456


def msg(mtype, body, marker=MARKER, length=None):
    if length is None:
        length = 19 + len(body)
    return marker + struct.pack("!HB", length, mtype) + body


def cap(code, value=b""):
    return struct.pack("!BB", code, len(value)) + value


def param(ptype, value):
    return struct.pack("!BB", ptype, len(value)) + value


def caps_default(as4):
    return [cap(1, b"\x00\x01\x00\x01"), cap(2), cap(65, struct.pack("!I", as4))]


def open_body(my_as, hold=90, bgp_id="10.255.0.2", version=4, params=None,
              caps=None, as4=None, optlen=None):
    if params is None:
        if caps is None:
            caps = caps_default(as4 if as4 is not None else my_as)
        params = b"".join(param(2, c) for c in caps)
    if optlen is None:
        optlen = len(params)
    return (struct.pack("!BHH", version, my_as & 0xFFFF, hold)
            + socket.inet_aton(bgp_id) + struct.pack("!B", optlen) + params)


def open_msg(**kw):
    return msg(1, open_body(**kw))


def cases(peer_as):
    """(name, bytes, expected outcomes, check_data) per case.

    Outcomes: "N c/s" = NOTIFICATION code/subcode, "K" = accepted
    (KEEPALIVE), "K0" = accepted and then no KEEPALIVE for 3 s, "C" =
    closed without a NOTIFICATION, "Q" = nothing for 1.5 s.
    check_data: expected NOTIFICATION data (bytes), "trickle" (send one
    byte at a time) or "est" (establish the session first).
    """
    p = peer_as
    c = []
    c.append(("valid-open", open_msg(my_as=p), ["K"], None))
    c.append(("one-byte-per-send", open_msg(my_as=p), ["K"], "trickle"))
    c.append(("marker-zero", msg(1, open_body(my_as=p), marker=b"\0" * 16),
              ["N 1/1"], None))
    c.append(("header-length-18", msg(4, b"", length=18), ["N 1/2"],
              b"\x00\x12"))
    c.append(("keepalive-length-20", msg(4, b"\0"), ["N 1/2"], b"\x00\x14"))
    c.append(("open-length-28", msg(1, open_body(my_as=p)[:9]), ["N 1/2"], None))
    c.append(("type-9", msg(9, b""), ["N 1/3"], b"\x09"))
    c.append(("version-3", open_msg(my_as=p, version=3), ["N 2/1"], b"\x00\x04"))
    c.append(("hold-1", open_msg(my_as=p, hold=1), ["N 2/6"], None))
    c.append(("hold-2", open_msg(my_as=p, hold=2), ["N 2/6"], None))
    c.append(("hold-0", open_msg(my_as=p, hold=0), ["K0"], None))
    c.append(("bgp-id-0", open_msg(my_as=p, bgp_id="0.0.0.0"), ["N 2/3"], None))
    c.append(("wrong-my-as", open_msg(my_as=p + 1, as4=p + 1), ["N 2/2"], None))
    c.append(("my-as-0", open_msg(my_as=0, as4=0), ["N 2/2"], None))
    c.append(("as4-cap-0", open_msg(my_as=p, as4=0), ["N 2/2"], None))
    c.append(("as-trans-as4-trans", open_msg(my_as=AS_TRANS, as4=AS_TRANS),
              ["N 2/2"], None))
    c.append(("my-as-ne-as4", open_msg(my_as=p, as4=p + 7), ["N 2/2"], None))
    good = b"".join(param(2, x) for x in caps_default(p))
    c.append(("optlen-beyond-message",
              msg(1, open_body(my_as=p, params=good, optlen=len(good) + 10)),
              ["N 2/0", "N 1/2"], None))
    c.append(("open-ends-after-optlen",
              msg(1, open_body(my_as=p, params=b"", optlen=8)),
              ["N 2/0", "N 1/2"], None))
    c.append(("open-ends-after-cap-code",
              msg(1, open_body(my_as=p, params=b"\x02\x01\x41", optlen=3)),
              ["N 2/0", "N 1/2"], None))
    c.append(("rfc9072-no-ext-length",
              msg(1, open_body(my_as=p, params=b"\xff", optlen=255)),
              ["N 2/0", "N 1/2"], None))
    c.append(("rfc9072-short-param-header",
              msg(1, open_body(my_as=p, params=b"\xff\x00\x02\x02\x00",
                               optlen=255)),
              ["N 2/0", "N 1/2"], None))
    c.append(("rfc9072-extended-valid",
              msg(1, open_body(my_as=p, optlen=255, params=b"\xff"
                  + struct.pack("!H", sum(3 + len(x) for x in caps_default(p)))
                  + b"".join(struct.pack("!BH", 2, len(x)) + x
                             for x in caps_default(p)))),
              ["K"], None))
    c.append(("cap-len-overruns-param",
              msg(1, open_body(my_as=p, params=b"\x02\x06\x41\xff\x00\x00\xfd\xe9")),
              ["N 2/0"], None))
    c.append(("as4-cap-len-2",
              open_msg(my_as=p, caps=[cap(1, b"\x00\x01\x00\x01"),
                                      cap(65, b"\xfd\xe9")]),
              ["N 2/0", "N 2/2", "K"], None))
    c.append(("unknown-cap-0x99",
              open_msg(my_as=p, caps=caps_default(p) + [cap(0x99, b"\x01\x02")]),
              ["K"], None))
    c.append(("opt-param-type-1",
              msg(1, open_body(my_as=p, params=param(1, b"\x00\x00"))),
              ["N 2/4"], None))
    c.append(("opt-param-type-3",
              msg(1, open_body(my_as=p, params=param(3, b"\x00\x00")
                               + b"".join(param(2, x) for x in caps_default(p)))),
              ["N 2/4"], None))
    # ORIGIN IGP, AS_PATH [p], NEXT_HOP 10.0.0.2, NLRI 10.9.0.0/24.
    upd = bytes.fromhex("0000" "0014" "40010100" "4002060201" + "%08x" % p
                        + "4003040a000002" "180a0900")
    c.append(("update-in-opensent", msg(2, upd), ["N 5/1"], None))
    # Sent once the session is Established ("est"): outcome "C" = the
    # target closes without a NOTIFICATION (it received one), "Q" = quiet:
    # no NOTIFICATION and no close for 1.5 s.
    c.append(("collision-remote-id-higher", b"", ["X"], "collision-high"))
    c.append(("collision-remote-id-lower", b"", ["X"], "collision-low"))
    c.append(("est-second-open", open_msg(my_as=p), ["N 5/3"], "est"))
    c.append(("est-keepalive-length-20", msg(4, b"\0"), ["N 1/2"], "est"))
    c.append(("est-type-9", msg(9, b""), ["N 1/3"], "est"))
    c.append(("est-route-refresh-valid", msg(5, b"\x00\x01\x00\x01"), ["Q"], "est"))
    c.append(("est-route-refresh-length-22", msg(5, b"\x00\x01\x00"),
              ["N 1/2", "N 7/1"], "est"))
    c.append(("est-cease-shutdown-message",
              msg(3, b"\x06\x02\x0bmaintenance"), ["C"], "est"))
    c.append(("est-cease-shutdown-length-overrun",
              msg(3, b"\x06\x02\xc8abc"), ["C"], "est"))
    c.append(("est-cease-shutdown-bad-utf8",
              msg(3, b"\x06\x02\x04\xff\xfe\xc3\x28"), ["C"], "est"))
    return c


def read_msg(sock, deadline):
    """One BGP message (type, body) or None on close/timeout."""
    buf = b""
    need = 19
    while len(buf) < need:
        left = deadline - time.monotonic()
        if left <= 0:
            return ("timeout", b"")
        sock.settimeout(left)
        try:
            d = sock.recv(need - len(buf))
        except socket.timeout:
            return ("timeout", b"")
        except OSError as e:
            return ("reset", str(e).encode())
        if not d:
            return ("closed", b"")
        buf += d
        if len(buf) == 19:
            need = struct.unpack("!H", buf[16:18])[0]
            if need < 19:
                return ("garbage", buf)
    return (buf[18], buf[19:])


def connect(src, target, port, deadline):
    """Connect and read the target's OPEN; retry while it refuses."""
    last = "no attempt"
    while time.monotonic() < deadline:
        s = socket.socket(socket.AF_INET6 if ":" in target else socket.AF_INET)
        s.bind((src, 0))
        s.settimeout(2)
        try:
            s.connect((target, port))
        except OSError as e:
            last = "connect: %s" % e
            s.close()
            time.sleep(0.3)
            continue
        t, body = read_msg(s, min(deadline, time.monotonic() + 3))
        if t == 1:
            return s, body
        last = "first message %r" % (t,)
        s.close()
        time.sleep(0.3)
    return None, last


def establish(s, peer_as):
    """Valid OPEN, then KEEPALIVEs both ways: the target is Established."""
    s.sendall(open_msg(my_as=peer_as))
    deadline = time.monotonic() + 5
    while True:
        t, body = read_msg(s, deadline)
        if t == 4:
            break
        if t != 2:
            return False, "got %r instead of a KEEPALIVE" % (t,)
    s.sendall(msg(4, b""))
    # Let the target handle it (it may send its table and End-of-RIB).
    end = time.monotonic() + 0.5
    while True:
        t, body = read_msg(s, end)
        if t == "timeout":
            return True, ""
        if t not in (2, 4):
            return False, "got %r right after Established" % (t,)


def collision(src, a, remote_id, local_id):
    """RFC 4271 6.8: one connection opened by each side.  We listen on
    src:179 for the target's own connection (the target must not be
    passive for src) and connect to it; both get an OPEN with remote_id.
    The connection opened by the side with the higher BGP Identifier is
    kept, the other one gets Cease 6/7 (RFC 4486) and is closed."""
    ls = socket.socket(socket.AF_INET6 if ":" in src else socket.AF_INET)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((src, a.port))
    ls.listen(4)
    # First the target's connection (it is then in OpenSent), then ours,
    # which it must accept and answer with an OPEN too (RFC 4271 6.8:
    # both are tracked until an OPEN decides).
    ls.settimeout(8)
    try:
        c_out, _ = ls.accept()
    except socket.timeout:
        return False, "the target did not connect to us in 8 s"
    ls.close()
    t, _ = read_msg(c_out, time.monotonic() + 3)
    if t != 1:
        return False, "the target's connection: %r instead of its OPEN" % (t,)
    c_in, info = connect(src, a.target, a.port, time.monotonic() + 3)
    if c_in is None:
        return False, ("our connection while its own is in OpenSent: no OPEN"
                       " from the target (%s)" % info)
    for c in (c_in, c_out):
        c.sendall(open_msg(my_as=a.peer_as, bgp_id=remote_id))
    lower = socket.inet_aton(local_id) < socket.inet_aton(remote_id)
    # The target's identifier lower: ours (c_in) is kept.
    loser, winner = (c_out, c_in) if lower else (c_in, c_out)
    lname = "its connection" if lower else "ours"
    wname = "ours" if lower else "its connection"
    end = time.monotonic() + 3
    while True:
        t, body = read_msg(loser, end)
        if t == 3:
            if body[:2] != b"\x06\x07":
                return False, "%s got NOTIFICATION %d/%d, expected 6/7" % (
                    lname, body[0], body[1])
            break
        if t == 4:
            continue
        return False, "%s (to close): %r, expected NOTIFICATION 6/7" % (lname, t)
    t, body = read_msg(winner, time.monotonic() + 3)
    if t != 4:
        return False, "%s (to keep): %r instead of a KEEPALIVE" % (wname, t)
    winner.sendall(msg(4, b""))
    end = time.monotonic() + 1.5
    while True:
        t, body = read_msg(winner, end)
        if t == "timeout":
            break
        if t in (2, 4):
            continue
        return False, "%s (to keep) then got %r" % (
            wname, t if t != 3 else "NOTIFICATION %d/%d" % (body[0], body[1]))
    c_in.close()
    c_out.close()
    return True, "%s closed with Cease 6/7, %s kept (target id %s %s ours %s)" % (
        lname, wname, local_id, "<" if lower else ">", remote_id)


def run_case(i, case, a):
    name, data, expect, extra = case
    src = str(ipaddress.ip_address(a.src_base) + i)
    if extra in ("collision-high", "collision-low"):
        rid = "10.255.0.2" if extra == "collision-high" else "1.1.1.1"
        ok, detail = collision(src, a, rid, a.local_id)
        return ok, src, detail
    s, info = connect(src, a.target, a.port, time.monotonic() + 15)
    if s is None:
        return False, src, "no OPEN from the target in 15 s (%s)" % info
    if extra == "est":
        ok, why = establish(s, a.peer_as)
        if not ok:
            s.close()
            return False, src, "could not establish first: %s" % why
    try:
        if extra == "trickle":
            for b in data:
                s.sendall(bytes([b]))
                time.sleep(0.002)
        else:
            s.sendall(data)
    except OSError as e:
        return False, src, "send: %s" % e
    deadline = time.monotonic() + (1.5 if "Q" in expect else 5)
    while True:
        t, body = read_msg(s, deadline)
        if "Q" in expect and t == "timeout":
            s.close()
            return True, src, "no NOTIFICATION, still open after 1.5 s"
        if "C" in expect and t in ("closed", "reset"):
            return True, src, "closed without a NOTIFICATION"
        if t == 3:
            code, sub = body[0], body[1]
            got = "N %d/%d" % (code, sub)
            detail = "NOTIFICATION %d/%d data %s" % (code, sub, body[2:].hex() or "-")
            if got not in expect:
                return False, src, "%s, expected %s" % (detail, " or ".join(expect))
            if isinstance(extra, bytes) and body[2:] != extra:
                return False, src, "%s, expected data %s" % (detail, extra.hex())
            return True, src, detail
        if t == 4:
            if "K" in expect:
                s.sendall(msg(4, b""))
                s.close()
                return True, src, "accepted (KEEPALIVE)"
            if "K0" in expect:
                s.sendall(msg(4, b""))
                end = time.monotonic() + 3
                kas = 0
                while True:
                    t2, _ = read_msg(s, end)
                    if t2 == 4:
                        kas += 1
                    elif t2 in (2,):
                        continue
                    else:
                        break
                s.close()
                if kas:
                    return False, src, "accepted, but %d KEEPALIVE(s) with hold time 0" % kas
                return True, src, "accepted, no KEEPALIVE in 3 s with hold time 0"
            return False, src, "accepted (KEEPALIVE), expected %s" % " or ".join(expect)
        if t in (2, 5):
            continue
        return False, src, "%s, expected %s" % (t, " or ".join(expect))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--target", required=True)
    ap.add_argument("--port", type=int, default=179)
    ap.add_argument("--src-base", required=True)
    ap.add_argument("--peer-as", type=int, required=True)
    ap.add_argument("--local-as", type=int, required=True)
    ap.add_argument("--local-id", default="10.0.0.1",
                    help="the target's BGP Identifier")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("names", nargs="*")
    a = ap.parse_args()
    all_cases = cases(a.peer_as)
    if a.list:
        for i, c in enumerate(all_cases):
            print(i, c[0], " or ".join(c[2]))
        return 0
    for i, c in enumerate(all_cases):
        if a.names and c[0] not in a.names:
            continue
        ok, src, detail = run_case(i, c, a)
        print("%s %s %s: %s" % ("ok" if ok else "bad", c[0], src, detail),
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
