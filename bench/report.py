#!/usr/bin/python3
"""bench/report.py: the summary of a bench/run results file.

usage: report.py RESULTS.tsv V4ONLY                 (Markdown on stdout)
       report.py --write DOC RESULTS.tsv V4ONLY SUMMARY.md

RESULTS.tsv has lines "daemon run scenario metric value".  Per daemon,
scenario and metric the median over the runs is printed, and for the time
metrics the ratio to BIRD taken pair by pair (run k of the daemon over
run k of BIRD, which ran right before or after it), then the median of
those ratios.  --write puts SUMMARY.md between the markers
"<!-- bench/run: begin -->" and "<!-- bench/run: end -->" of DOC (added at
the end if absent), with the date, machine and versions.
"""

import collections
import os
import platform
import statistics
import subprocess
import sys
import time

ORDER = ["okapi", "bird", "frr", "gobgp", "nl_floor", "ip-batch"]
ROWS = [
    ("1", "rib_s", "1 full feed: Loc-RIB complete (s)"),
    ("1", "fib_s", "1 full feed: kernel FIB complete (s)"),
    ("1", "sink_s", "1 full feed: last prefix at the sink (s)"),
    ("1", "cpu_s", "1 full feed: CPU (s)"),
    ("1", "peak_rss_mb", "1 full feed: peak RSS (MB)"),
    ("1", "bytes_per_path", "1 full feed: RSS per path (B)"),
    ("1", "load", "1 full feed: load average"),
    ("2", "rib_s", "2 ten peers: Loc-RIB has every prefix (s)"),
    ("2", "all_in_s", "2 ten peers: all 10 tables processed, idle (s)"),
    ("2", "fib_s", "2 ten peers: kernel FIB complete (s)"),
    ("2", "sink_s", "2 ten peers: last prefix at the sink (s)"),
    ("2", "cpu_s", "2 ten peers: CPU (s)"),
    ("2", "peak_rss_mb", "2 ten peers: peak RSS (MB)"),
    ("2", "bytes_per_path", "2 ten peers: RSS per path (B)"),
    ("2", "load", "2 ten peers: load average"),
    ("3", "churn_s", "3 churn: 53,786 prefix updates (6,546 UPDATEs) (s)"),
    ("3", "updates_per_s", "3 churn: prefix updates/s"),
    ("3", "msgs_per_s", "3 churn: UPDATEs/s"),
    ("3", "cpu_s", "3 churn: CPU (s)"),
    ("3", "load", "3 churn: load average"),
    ("4", "failover_fib_s", "4 failover: FIB all via the backup (s)"),
    ("4", "failover_sink_s", "4 failover: last UPDATE at the sink (s)"),
    ("4", "via_B", "4 failover: FIB routes via the backup after"),
    ("4", "cpu_s", "4 failover: CPU (s)"),
    ("4", "bytes_per_extra_path", "4 second full feed: RSS per extra path (B)"),
    ("4", "peak_rss_mb", "4 two full feeds: peak RSS (MB)"),
    ("4", "load", "4 failover: load average"),
]
TIMES = {"rib_s", "fib_s", "sink_s", "all_in_s", "churn_s", "failover_fib_s",
         "failover_sink_s", "cpu_s", "peak_rss_mb", "bytes_per_path",
         "bytes_per_extra_path"}


def num(v):
    try:
        return float(v)
    except ValueError:
        return None


def fmt(v):
    if v is None:
        return "-"
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    if abs(v) >= 100:
        return f"{v:.0f}"
    return f"{v:.2f}" if abs(v) < 10 else f"{v:.1f}"


def load(path):
    data = collections.defaultdict(dict)  # (d, s, m) -> {run: value}
    for line in open(path):
        f = line.rstrip("\n").split("\t")
        if len(f) != 5:
            continue
        d, r, s, m, v = f
        data[(d, s, m)][r] = num(v)
    return data


def summary(data):
    daemons = [d for d in ORDER if any(k[0] == d for k in data)]
    out = ["| scenario / metric | " + " | ".join(daemons) + " |",
           "|---|" + "---:|" * len(daemons)]
    for s, m, label in ROWS:
        cells, any_val = [], False
        for d in daemons:
            runs = data.get((d, s, m), {})
            vals = [v for v in runs.values() if v is not None]
            if not vals:
                cells.append("-")
                continue
            any_val = True
            med = statistics.median(vals)
            cell = f"{fmt(med)} (n={len(vals)})"
            bird = data.get(("bird", s, m), {})
            if m in TIMES and d != "bird" and bird:
                ratios = [runs[r] / bird[r] for r in runs
                          if runs[r] is not None and bird.get(r)]
                if ratios:
                    cell += f" **{statistics.median(ratios):.2f}x**"
            cells.append(cell)
        if any_val:
            out.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"


def versions():
    def first(cmd):
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, timeout=10)
            return (p.stdout + p.stderr).strip().splitlines()[0]
        except Exception:
            return "?"
    return "; ".join([
        first(["bird", "--version"]),
        "FRR " + first(["sh", "-c", "dpkg-query -W -f '${Version}' frr"]),
        first(["gobgpd", "--version"]),
        "okapi " + first(["sh", "-c",
                          "cd /work/main && git log -1 --format=%h"]),
    ])


def write(doc, summ, v4only):
    begin, end = "<!-- bench/run: begin -->", "<!-- bench/run: end -->"
    text = open(doc).read() if os.path.exists(doc) else ""
    header = (f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
              f"{os.cpu_count()} cores, Linux {platform.release()}, "
              f"{'IPv4 only' if v4only == '1' else 'IPv4 + IPv6'}; "
              f"{versions()}.  Medians over the runs (n); in bold the "
              f"median of the pair-by-pair ratios to BIRD (lower is "
              f"better for every row with a ratio).\n\n")
    block = f"{begin}\n{header}{summ}{end}"
    if begin in text and end in text:
        a = text.index(begin)
        b = text.index(end) + len(end)
        text = text[:a] + block + text[b:]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    open(doc, "w").write(text)


def main():
    if sys.argv[1] == "--write":
        write(sys.argv[2], open(sys.argv[5]).read(), sys.argv[4])
        return
    sys.stdout.write(summary(load(sys.argv[1])))


if __name__ == "__main__":
    main()
