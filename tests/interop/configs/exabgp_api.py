#!/usr/bin/python3
"""ExaBGP process-API bridge for the namespace tests.

usage (from ExaBGP's `process` section): exabgp_api.py CMD_FIFO OUT_FILE

ExaBGP starts this program and talks to it over its stdin/stdout
(ExaBGP 4.2's process API).  Every line ExaBGP writes to us (its JSON
`receive` messages: updates, End-of-RIB, state changes, notifications,
route refreshes) is appended to OUT_FILE and flushed at once; every line a
test writes into the named pipe CMD_FIFO (an API command such as
`neighbor 10.0.1.1 announce route ...`) is passed on to ExaBGP.  The pipe
is opened read-write so that it never reports end-of-file between two
writers and a writer never blocks.  Ends when ExaBGP closes our stdin.
Standard library only.
"""

import os
import sys
import threading


def pump_commands(fifo):
    fd = os.open(fifo, os.O_RDWR)
    with os.fdopen(fd, "r", buffering=1) as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            sys.stdout.write(line + "\n")
            sys.stdout.flush()


def main():
    if len(sys.argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    fifo, out = sys.argv[1], sys.argv[2]
    t = threading.Thread(target=pump_commands, args=(fifo,), daemon=True)
    t.start()
    with open(out, "a", buffering=1) as o:
        for line in sys.stdin:
            o.write(line if line.endswith("\n") else line + "\n")
            o.flush()
    # ExaBGP went away: so do we (the command thread is a daemon).
    return 0


if __name__ == "__main__":
    sys.exit(main())
