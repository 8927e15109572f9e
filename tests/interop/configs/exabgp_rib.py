#!/usr/bin/python3
"""What ExaBGP received, from the JSON lines exabgp_api.py wrote.

usage: exabgp_rib.py FILE QUERY LOCAL [ARG]

FILE holds ExaBGP 4.2's JSON `receive` messages, one per line.  Sessions
are named by ExaBGP's LOCAL address (one address per session in the
tests).  The Adj-RIB-In of a session is rebuilt by replaying its
announcements and withdrawals in order; it is emptied whenever the
session goes down or reconnects.  QUERY is one of:
    rib [PREFIX]   one line per prefix (or only PREFIX):
                   PREFIX aspath=A B nh=ADDR ll=yes|no med=N|- lp=N|-
                          comm=A:B,..|- lcomm=A:B:C,..|- origin=i|e|?
    count          prefixes in the Adj-RIB-In now
    announced PREFIX  how many times PREFIX was announced (all sessions
                   of LOCAL, including earlier ones)
    eor            families End-of-RIB was received for since the last
                   time the session came up, e.g. "ipv4 unicast,ipv6 unicast"
    notification   "CODE/SUBCODE" of every NOTIFICATION received, one a line
    refresh        how many ROUTE-REFRESH requests were received
    ups            how many times the session came up
    raw PREFIX     the path attributes of the last UPDATE that announced
                   the IPv4 PREFIX in its NLRI field, as ExaBGP received
                   the bytes (the `packets` option), one a line:
                   CODE FLAGS VALUE-HEX (flags without the extended
                   length bit)
    bare           how many UPDATEs carried path attributes but no NLRI
                   at all (neither in the NLRI field nor MP_REACH or
                   MP_UNREACH): announcements of nothing
Standard library only.
"""

import json
import re
import sys

ORIGIN = {"igp": "i", "egp": "e", "incomplete": "?"}


def aspath(v):
    out = []
    for x in v or []:
        if isinstance(x, list):
            out.append("{%s}" % " ".join(str(y) for y in x))
        elif isinstance(x, dict):
            # Newer ExaBGP: {"0": {"element": "as-sequence", "value": [...]}}
            for seg in x.values():
                vals = " ".join(str(y) for y in seg.get("value", []))
                out.append("{%s}" % vals if "set" in seg.get("element", "")
                           else vals)
        else:
            out.append(str(x))
    return " ".join(out)


def summary(attr, nhs):
    glob = [n for n in nhs if not n.lower().startswith("fe80:")]
    ll = any(n.lower().startswith("fe80:") for n in nhs)
    comm = ",".join("%d:%d" % (c[0], c[1]) for c in attr.get("community", []))
    lcomm = ",".join("%d:%d:%d" % tuple(c)
                     for c in attr.get("large-community", []))
    return ("aspath=%s nh=%s ll=%s med=%s lp=%s comm=%s lcomm=%s origin=%s" %
            (aspath(attr.get("as-path")), glob[0] if glob else "-",
             "yes" if ll else "no",
             attr.get("med", "-"), attr.get("local-preference", "-"),
             comm or "-", lcomm or "-",
             ORIGIN.get(attr.get("origin"), "-")))


def raw_update(body):
    """(attributes, IPv4 NLRI prefixes) of an UPDATE body (RFC 4271 4.3)."""
    b = bytes.fromhex(body[2:] if body.startswith("0x") else body)
    wl = int.from_bytes(b[0:2], "big")
    i = 2 + wl
    al = int.from_bytes(b[i:i + 2], "big")
    i += 2
    end = i + al
    attrs = []
    while i < end:
        flags, code = b[i], b[i + 1]
        if flags & 0x10:
            n = int.from_bytes(b[i + 2:i + 4], "big")
            i += 4
        else:
            n = b[i + 2]
            i += 3
        attrs.append("%d 0x%02x %s" % (code, flags & ~0x10 & 0xff,
                                       b[i:i + n].hex().upper()))
        i += n
    nlri = []
    while i < len(b):
        plen = b[i]
        nb = (plen + 7) // 8
        a = list(b[i + 1:i + 1 + nb]) + [0] * (4 - nb)
        nlri.append("%d.%d.%d.%d/%d" % (a[0], a[1], a[2], a[3], plen))
        i += 1 + nb
    return attrs, nlri


class Session:
    def __init__(self):
        self.raw = {}
        self.bare = 0
        self.rib = {}
        self.announced = {}
        self.eor = []
        self.notifications = []
        self.refresh = 0
        self.ups = 0

    def down(self):
        self.rib = {}
        self.eor = []

    def update(self, msg):
        if msg.get("category") == 2 and "body" in msg:
            try:
                attrs, nlri = raw_update(msg["body"])
            except (ValueError, IndexError):
                return
            for p in nlri:
                self.raw[p] = attrs
            codes = [a.split()[0] for a in attrs]
            if attrs and not nlri and "14" not in codes and "15" not in codes:
                self.bare += 1
            return
        if "eor" in msg:
            e = msg["eor"]
            self.eor.append("%s %s" % (e.get("afi"), e.get("safi")))
            return
        upd = msg.get("update", {})
        attr = upd.get("attribute", {})
        for fam, nhmap in upd.get("announce", {}).items():
            # {family: {next hop: [ {nlri: P}, ... ]}}; a global + link-local
            # next hop shows as two keys with the same prefixes.
            per = {}
            for nh, lst in nhmap.items():
                for n in lst:
                    p = n.get("nlri") if isinstance(n, dict) else n
                    per.setdefault(p, []).append(nh)
            for p, nhs in per.items():
                self.rib[p] = summary(attr, nhs)
                self.announced[p] = self.announced.get(p, 0) + 1
        for fam, lst in upd.get("withdraw", {}).items():
            for n in lst:
                p = n.get("nlri") if isinstance(n, dict) else n
                self.rib.pop(p, None)


def load(path, local):
    s = Session()
    with open(path) as f:
        for line in f:
            try:
                m = json.loads(line)
            except ValueError:
                # ExaBGP 4.2.21 quotes the fields of a received
                # ROUTE-REFRESH twice ("afi": ""ipv4""): repair that.
                try:
                    m = json.loads(re.sub(r'""([^"]*)""', r'"\1"', line))
                except ValueError:
                    continue
            nb = m.get("neighbor", {})
            if nb.get("address", {}).get("local") != local:
                continue
            t = m.get("type")
            if t == "state":
                st = nb.get("state")
                if st == "up":
                    s.down()
                    s.ups += 1
                elif st in ("down", "connected"):
                    s.down()
            elif t == "update":
                s.update(nb.get("message", {}))
            elif t == "notification":
                n = nb.get("notification", {})
                s.notifications.append("%s/%s" % (n.get("code"),
                                                  n.get("subcode")))
            elif t == "refresh":
                s.refresh += 1
    return s


def main():
    if len(sys.argv) < 4:
        sys.stderr.write(__doc__)
        return 2
    path, query, local = sys.argv[1:4]
    arg = sys.argv[4] if len(sys.argv) > 4 else None
    s = load(path, local)
    if query == "rib":
        for p in sorted(s.rib):
            if arg is None or p == arg:
                print("%s %s" % (p, s.rib[p]))
    elif query == "count":
        print(len(s.rib))
    elif query == "announced":
        print(s.announced.get(arg, 0))
    elif query == "eor":
        print(",".join(sorted(set(s.eor))))
    elif query == "notification":
        for n in s.notifications:
            print(n)
    elif query == "refresh":
        print(s.refresh)
    elif query == "raw":
        for a in s.raw.get(arg, []):
            print(a)
    elif query == "bare":
        print(s.bare)
    elif query == "ups":
        print(s.ups)
    else:
        sys.stderr.write("unknown query %s\n" % query)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
