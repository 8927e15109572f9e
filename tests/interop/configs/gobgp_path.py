#!/usr/bin/python3
"""Summarise GoBGP's JSON RIB output, one line per path.

usage: gobgp -j ... | gobgp_path.py [PREFIX]

Reads what `gobgp global rib -a AF -j` or `gobgp neighbor X adj-in|adj-out
-a AF -j` prints (a dict: prefix -> list of paths) and prints, per path,
    PREFIX aspath=A B C nh=ADDR med=N|- lp=N|- comm=A:B,..|- lcomm=A:B:C,..|- origin=i|e|?
so that a test can match the attributes with one regular expression.
With PREFIX, only that prefix.  Standard library only.
"""

import json
import sys

ORIGIN = {0: "i", 1: "e", 2: "?"}


def aspath(a):
    out = []
    for seg in a.get("as_paths", []):
        asns = " ".join(str(x) for x in seg.get("asns", []))
        # segment_type 1 is AS_SET (RFC 4271 4.3): shown in braces.
        out.append("{%s}" % asns if seg.get("segment_type") == 1 else asns)
    return " ".join(out)


def comm(v):
    return "%d:%d" % (v >> 16, v & 0xFFFF)


def summarise(prefix, p):
    f = {"aspath": "", "nh": "-", "med": "-", "lp": "-", "comm": "-",
         "lcomm": "-", "origin": "-"}
    for a in p.get("attrs", []):
        t = a.get("type")
        if t == 1:
            f["origin"] = ORIGIN.get(a.get("value"), "?")
        elif t == 2:
            f["aspath"] = aspath(a)
        elif t == 3:
            f["nh"] = a.get("nexthop", "-")
        elif t == 4:
            f["med"] = str(a.get("metric", 0))
        elif t == 5:
            f["lp"] = str(a.get("value", 0))
        elif t == 8:
            f["comm"] = ",".join(comm(c) for c in a.get("communities", []))
        elif t == 14:
            f["nh"] = a.get("nexthop", "-")
        elif t == 32:
            f["lcomm"] = ",".join("%d:%d:%d" % (x["ASN"], x["LocalData1"],
                                                x["LocalData2"])
                                  for x in a.get("value", []))
    return ("%s aspath=%s nh=%s med=%s lp=%s comm=%s lcomm=%s origin=%s" %
            (prefix, f["aspath"], f["nh"], f["med"], f["lp"], f["comm"],
             f["lcomm"], f["origin"]))


def main():
    want = sys.argv[1] if len(sys.argv) > 1 else None
    text = sys.stdin.read().strip()
    if not text or text == "null":
        return 0
    d = json.loads(text)
    for prefix in sorted(d):
        if want and prefix != want:
            continue
        for p in d[prefix]:
            print(summarise(prefix, p))
    return 0


if __name__ == "__main__":
    sys.exit(main())
