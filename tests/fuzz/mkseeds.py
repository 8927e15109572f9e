#!/usr/bin/python3
"""mkseeds.py: build the seed corpora of the fuzz targets (tests/fuzz/corpus).

    /usr/bin/python3 tests/fuzz/mkseeds.py [--mrt FILE] [--max N]
                                           [--only catalogue]

Python standard library only.  Sources:
- UPDATEs from an MRT BGP4MP file (RFC 6396 4.4; default the RIS rrc15
  5-minute updates in ../shared/data): for fuzz_update (selector octet +
  UPDATE body), fuzz_session (selector, chunk size, a few whole messages
  in a row) and fuzz_open (whole messages).  The MRT records are picked
  for variety: the first of each attribute-code set, plus an even spread
  up to --max in all.
- OPENs and other messages from tests/unit/msg/*.hex (fuzz_open and the
  OPEN-less stream of fuzz_session);
- tests/unit/config/*.conf and *.bad (fuzz_config);
- the command lines of tests/vty/*.txt (fuzz_vty);
- the malformed-message catalogue, parts C-G (the messages
  tests/interop/bgp_malformed.py sends, one per case that is a plain
  builder): UPDATEs for fuzz_update (selector: four-octet AS, iBGP as the
  case's peer), every message whole for fuzz_open (regression seeds);
- netlink: a live RTM_GETLINK/GETADDR/GETROUTE dump of this host's
  kernel (if the socket works) plus synthetic multipath, IPv6 and
  blackhole routes (fuzz_netlink).
Files are named by their content hash, so re-running only adds.
"""
import argparse
import glob
import gzip
import hashlib
import os
import socket
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
MARKER = b"\xff" * 16


def put(target, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


# ---- MRT (RFC 6396) ---------------------------------------------------

def mrt_messages(path):
    """Yield (as4, bgp message) for each BGP4MP(_ET) message record."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    off = 0
    while off + 12 <= len(data):
        _, typ, sub, length = struct.unpack_from("!IHHI", data, off)
        rec = data[off + 12:off + 12 + length]
        off += 12 + length
        if typ == 17:  # BGP4MP_ET: microseconds first
            rec = rec[4:]
        elif typ != 16:
            continue
        if sub in (1, 6):  # MESSAGE, MESSAGE_LOCAL: 2-octet ASes
            as4, asl = False, 2
        elif sub in (4, 7):  # MESSAGE_AS4(_LOCAL)
            as4, asl = True, 4
        else:
            continue
        if len(rec) < 2 * asl + 4:
            continue
        afi = struct.unpack_from("!H", rec, 2 * asl + 2)[0]
        alen = 4 if afi == 1 else 16
        msg = rec[2 * asl + 4 + 2 * alen:]
        if msg[:16] == MARKER and len(msg) >= 19:
            yield as4, msg


def attr_codes(body):
    """The attribute type codes of an UPDATE body (best effort)."""
    try:
        wl = struct.unpack_from("!H", body, 0)[0]
        al = struct.unpack_from("!H", body, 2 + wl)[0]
        p, end, codes = 4 + wl, 4 + wl + al, []
        while p + 3 <= end:
            flags, code = body[p], body[p + 1]
            if flags & 0x10:
                ln, p = struct.unpack_from("!H", body, p + 2)[0], p + 4
            else:
                ln, p = body[p + 2], p + 3
            codes.append(code)
            p += ln
        return tuple(sorted(codes))
    except struct.error:
        return None


def seeds_mrt(path, maxn):
    msgs = [(a, m) for a, m in mrt_messages(path) if m[18] == 2]
    seen, pick = set(), []
    for i, (as4, m) in enumerate(msgs):
        key = (as4, attr_codes(m[19:]))
        if key not in seen:
            seen.add(key)
            pick.append(i)
    step = max(1, len(msgs) // max(1, maxn - len(pick)))
    pick = sorted(set(pick) | set(range(0, len(msgs), step)))[:maxn]
    for i in pick:
        as4, m = msgs[i]
        # fuzz_update: bit 0 of the selector = four-octet AS session
        put("update", bytes([1 if as4 else 0]) + m[19:])
        put("open", m)
    # fuzz_session: peer with AS4 (bit 0) and IPv4 (bit 1), runs of 1-4
    # messages, read whole (chunk 0) or in 7- and 64-octet pieces.
    for n, i in enumerate(pick[::3]):
        run = b"".join(m for _, m in msgs[i:i + 1 + n % 4])
        sel = 0x03 if msgs[i][0] else 0x02
        put("session", bytes([sel, (0, 7, 64)[n % 3]]) + run)
    return len(pick)


# ---- unit-test vectors ------------------------------------------------

def read_hex(path):
    out = []
    for line in open(path):
        out.append(line.split("#", 1)[0])
    return bytes.fromhex("".join("".join(out).split()))


def seeds_msg():
    n = 0
    for p in sorted(glob.glob(os.path.join(TOP, "tests/unit/msg/*.hex"))):
        m = read_hex(p)
        put("open", m)
        put("open", m[19:])  # the body alone, as open_body() reads it
        n += 1
    # Messages of a session after Established, for fuzz_session.
    ka = MARKER + b"\x00\x13\x04"
    rr = MARKER + b"\x00\x17\x05\x00\x01\x00\x01"
    eor = MARKER + b"\x00\x17\x02\x00\x00\x00\x00"
    cease = MARKER + b"\x00\x1a\x03\x06\x02\x04down"
    for sel in (0x03, 0x07, 0x0f, 0x47, 0x83):
        put("session", bytes([sel, 0]) + ka + rr + eor + ka)
        put("session", bytes([sel, 5]) + eor + cease)
    return n


def seeds_config():
    n = 0
    for p in sorted(glob.glob(os.path.join(TOP, "tests/unit/config/*.conf")) +
                    glob.glob(os.path.join(TOP, "tests/unit/config/*.bad")) +
                    glob.glob(os.path.join(TOP, "tests/vty/*.conf"))):
        put("config", open(p, "rb").read())
        n += 1
    return n


def seeds_vty():
    lines = []
    for p in sorted(glob.glob(os.path.join(TOP, "tests/vty/*.txt"))):
        for line in open(p, errors="replace"):
            for pr in ("r2> ", "r2# "):
                if line.startswith(pr):
                    lines.append(line[len(pr):].rstrip("\n"))
    extra = ["show bgp neighbors 10.23.0.3", "show bgp summary json",
             "show running-config | include neighbor",
             "show bgp neighbors 2001:db8:cafe:23::3 json",
             "clear bgp 10.98.0.8 soft in", "clear ip bgp *",
             "terminal length 10", "show logging | begin Logging"]
    n = 0
    for i, c in enumerate(lines + extra):
        put("vty", b"\x01" + c.encode())  # enable
        if i % 4 == 0:
            put("vty", b"\x00" + c.encode() + b"\nenable\n" + c.encode())
        n += 1
    return n


# ---- netlink -----------------------------------------------------------

NLM_F_REQUEST, NLM_F_DUMP = 1, 0x300
RTM_NEWLINK, RTM_GETLINK, RTM_NEWADDR, RTM_GETADDR = 16, 18, 20, 22
RTM_NEWROUTE, RTM_DELROUTE, RTM_GETROUTE = 24, 25, 26


def nlattr(typ, payload):
    ln = 4 + len(payload)
    return struct.pack("=HH", ln, typ) + payload + b"\0" * (-ln % 4)


def nlmsg(typ, body, flags=0, seq=1):
    return struct.pack("=IHHII", 16 + len(body), typ, flags, seq, 0) + body


def kernel_dump():
    """Real kernel messages, as the fib module receives them."""
    out = []
    try:
        s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
        s.settimeout(2)
    except OSError:
        return out
    with s:
        reqs = ((RTM_GETLINK, b"\0" * 16), (RTM_GETADDR, b"\0" * 8),
                (RTM_GETROUTE, b"\0" * 12))
        for seq, (typ, hdr) in enumerate(reqs, 1):
            s.send(nlmsg(typ, hdr, NLM_F_REQUEST | NLM_F_DUMP, seq))
            done = False
            while not done:
                try:
                    buf = s.recv(65536)
                except OSError:
                    break
                off = 0
                while off + 16 <= len(buf):
                    ln, t = struct.unpack_from("=IH", buf, off)
                    if ln < 16 or t in (2, 3):  # ERROR, DONE
                        done = True
                        break
                    out.append(buf[off:off + ln])
                    off += (ln + 3) & ~3
    return out


def rtmsg(fam, dlen, proto=3, typ=1, scope=0, table=254):
    return struct.pack("=BBBBBBBBI", fam, dlen, 0, 0, table, proto, scope,
                       typ, 0)


def synthetic_routes():
    v4 = socket.inet_aton
    v6 = lambda a: socket.inet_pton(socket.AF_INET6, a)
    u32 = lambda v: struct.pack("=I", v)
    out = []
    # RTA_DST 1, RTA_OIF 4, RTA_GATEWAY 5, RTA_PRIORITY 6, RTA_MULTIPATH 9,
    # RTA_TABLE 15, RTA_NH_ID 30
    nhs = b""
    for i, gw in enumerate(("10.0.0.1", "10.0.1.1", "10.0.2.1")):
        a = nlattr(5, v4(gw))
        nhs += struct.pack("=HBBi", 8 + len(a), i and 1, 0, 2 + i) + a
    out.append(nlmsg(RTM_NEWROUTE, rtmsg(2, 24, 186) + nlattr(1, v4(
        "192.0.2.0")) + nlattr(15, u32(254)) + nlattr(6, u32(20)) +
        nlattr(9, nhs)))
    out.append(nlmsg(RTM_NEWROUTE, rtmsg(10, 48) + nlattr(1, v6(
        "2001:db8:1::")) + nlattr(5, v6("fe80::1")) + nlattr(4, u32(3)) +
        nlattr(6, u32(1024))))
    out.append(nlmsg(RTM_DELROUTE, rtmsg(2, 8, 4, 6) + nlattr(1, v4(
        "10.0.0.0"))))
    out.append(nlmsg(RTM_NEWROUTE, rtmsg(2, 32, 2, 1, 253) + nlattr(1, v4(
        "10.9.9.9")) + nlattr(4, u32(7)) + nlattr(30, u32(12))))
    out.append(nlmsg(RTM_NEWLINK, struct.pack("=BBHiII", 0, 0, 1, 5,
                                              0x11043, 0) +
                     nlattr(3, b"eth-fuzz0\0") + nlattr(16, b"\x06")))
    out.append(nlmsg(RTM_NEWADDR, struct.pack("=BBBBI", 10, 64, 0x80, 0, 5) +
                     nlattr(1, v6("2001:db8::1")) + nlattr(8, u32(0x80))))
    return out


def seeds_netlink():
    msgs = kernel_dump()[:200]
    for m in msgs:
        put("netlink", m)
    syn = synthetic_routes()
    for m in syn:
        put("netlink", m)
    put("netlink", b"".join(syn))  # one recv() with several
    return len(msgs) + len(syn)


def seeds_catalogue():
    """The catalogue's messages, captured from bgp_malformed.py's case
    builders without any network (cases that need a live okapi to build
    their messages are left out)."""
    import sys
    sys.path.insert(0, os.path.join(TOP, "tests", "interop"))
    import bgp_malformed as bm
    got = []

    class FakePeer(bm.Peer):
        def send(self, data):
            got.append((self, data))

    class Capture(bm.Suite):
        def W(self, peer, build, v6=False):
            got.append((peer, build(self.V(v6))))
            return True, ""

        def A(self, peer, build, check=None, down=None, v6=False, what=""):
            return self.W(peer, build, v6)

        def D(self, peer, build, codes, check=None):
            return self.W(peer, build)

        def R(self, build, expect, data=None):
            return self.W(self.e, build)

        def C(self, data):
            got.append((self.e, data))
            return True, ""

        def quiet(self, peer, data):
            got.append((peer, data))
            return True, ""

    bm.Peer = FakePeer
    a = argparse.Namespace(target="10.0.0.1", discard=True, cli="", sock="",
                           log=None, pid=None, unknown_discard=True)
    s = Capture(a)
    for num, name, fn in s.cases():
        if getattr(fn, "__name__", "") == "<lambda>":
            fn()
    for peer, m in got:
        put("open", m)
        if m[18] == 2:
            sel = (1 if peer.as4 else 0) | (2 if peer.asn == bm.LOCAL_AS
                                            else 0)
            put("update", bytes([sel]) + m[19:])
    return len(got)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mrt", default=os.path.join(
        TOP, "..", "shared", "data", "ris-rrc15-updates.20100227.1600.gz"))
    ap.add_argument("--max", type=int, default=300)
    ap.add_argument("--only", choices=["catalogue"])
    a = ap.parse_args()
    if a.only == "catalogue":
        print("catalogue messages:", seeds_catalogue())
        return
    print("catalogue messages:", seeds_catalogue())
    if os.path.exists(a.mrt):
        print("mrt updates:", seeds_mrt(a.mrt, a.max))
    else:
        print("mrt: %s not found, skipped" % a.mrt)
    print("msg vectors:", seeds_msg())
    print("configs:", seeds_config())
    print("vty lines:", seeds_vty())
    print("netlink:", seeds_netlink())


if __name__ == "__main__":
    main()
