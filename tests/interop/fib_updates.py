#!/usr/bin/python3
"""
fib_updates.py: UPDATE bodies (hex, one a line, for bgp_send.py) that
announce the prefixes of a prefix file (one "P/LEN" a line, gzip or
plain) from AS PEER_AS with one attribute set per family, packed as many
to an UPDATE as fit in 4096 bytes.  IPv4 with NEXT_HOP NH4, IPv6 in
MP_REACH_NLRI with next hop NH6.  Four-octet AS_PATH (bgp_send.py's "4");
PEER_AS 0: iBGP (empty AS_PATH, LOCAL_PREF 100).

    fib_updates.py FILE PEER_AS NH4 NH6 [MAX4 [MAX6]] > updates.hex
    fib_updates.py --send ADDR PORT MY_AS HEXFILE STAY

--send is bgp_send.py for big tables: a passive speaker (four-octet AS,
IPv4 and IPv6 unicast) that waits for the session, sends the UPDATEs
with blocking writes (the receiver may take seconds to read a full
table), both End-of-RIB markers, then answers KEEPALIVEs for STAY
seconds.
"""
import gzip, ipaddress, select, socket, struct, sys, time


def prefixes(path):
    """(version, NLRI bytes) per line; inet_pton, not ipaddress: 10x faster."""
    op = gzip.open if path.endswith('.gz') else open
    with op(path, 'rt') as f:
        for line in f:
            a, _, ln = line.strip().partition('/')
            if not ln:
                continue
            fam = socket.AF_INET6 if ':' in a else socket.AF_INET
            try:
                b, n = socket.inet_pton(fam, a), int(ln)
            except (OSError, ValueError):
                continue
            if n > len(b) * 8:
                continue
            yield (6 if fam == socket.AF_INET6 else 4,
                   bytes([n]) + b[:(n + 7) // 8])


def attr(flags, code, value):
    if len(value) > 255:
        return struct.pack('!BBH', flags | 0x10, code, len(value)) + value
    return struct.pack('!BBB', flags, code, len(value)) + value


def main():
    path, peer_as = sys.argv[1], int(sys.argv[2])
    nh4 = ipaddress.ip_address(sys.argv[3]).packed
    nh6 = ipaddress.ip_address(sys.argv[4]).packed
    max4 = int(sys.argv[5]) if len(sys.argv) > 5 else 1 << 30
    max6 = int(sys.argv[6]) if len(sys.argv) > 6 else 1 << 30
    if peer_as:
        base = attr(0x40, 1, b'\0') + attr(0x40, 2, struct.pack('!BBI', 2, 1, peer_as))
    else:	# iBGP: empty AS_PATH, LOCAL_PREF 100
        base = attr(0x40, 1, b'\0') + attr(0x40, 2, b'') + \
            attr(0x40, 5, struct.pack('!I', 100))
    a4 = base + attr(0x40, 3, nh4)
    room = 4096 - 19 - 4 - len(a4)
    v4, v6 = [], []
    for ver, n in prefixes(path):
        if ver == 4 and len(v4) < max4:
            v4.append(n)
        elif ver == 6 and len(v6) < max6:
            v6.append(n)
    out = sys.stdout
    i = 0
    while i < len(v4):
        j, n = i, 0
        while j < len(v4) and n + len(v4[j]) <= room:
            n += len(v4[j])
            j += 1
        body = b''.join(v4[i:j])
        i = j
        out.write((struct.pack('!HH', 0, len(a4)) + a4 + body).hex() + '\n')
    i = 0
    mp_head = struct.pack('!HBB', 2, 1, 16) + nh6 + b'\0'
    room6 = 4096 - 19 - 4 - len(base) - 4 - len(mp_head)
    while i < len(v6):
        j, n = i, 0
        while j < len(v6) and n + len(v6[j]) <= room6:
            n += len(v6[j])
            j += 1
        body = b''.join(v6[i:j])
        i = j
        a6 = base + attr(0x80, 14, mp_head + body)
        out.write((struct.pack('!HH', 0, len(a6)) + a6).hex() + '\n')


def msg(t, body):
    return b'\xff' * 16 + struct.pack('!HB', 19 + len(body), t) + body


def send(addr, port, my_as, infile, stay):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(1)
    s.settimeout(60)
    c, _ = s.accept()
    caps = b''
    for afi in (1, 2):
        caps += bytes([1, 4]) + struct.pack('!HBB', afi, 0, 1)
    caps += bytes([65, 4]) + struct.pack('!I', my_as)
    opt = bytes([2, len(caps)]) + caps
    c.settimeout(None)
    c.sendall(msg(1, struct.pack('!BHH4sB', 4, 23456 if my_as > 65535 else my_as,
                                 90, socket.inet_aton(addr), len(opt)) + opt))
    c.sendall(msg(4, b''))
    time.sleep(1)
    with open(infile) as f:
        for line in f:
            if line.strip():
                c.sendall(msg(2, bytes.fromhex(line.strip())))
    c.sendall(msg(2, b'\0\0\0\0'))
    c.sendall(msg(2, bytes.fromhex('00000006800f03000201')))
    print('sent', flush=True)
    t0 = time.time()
    while time.time() - t0 < stay:
        r, _, _ = select.select([c], [], [], 1.0)
        if r:
            d = c.recv(65536)
            if not d:
                print('peer closed', flush=True)
                break
        c.sendall(msg(4, b''))	# blocking: the receiver may be busy


if len(sys.argv) > 1 and sys.argv[1] == '--send':
    send(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5],
         float(sys.argv[6]))
else:
    main()
