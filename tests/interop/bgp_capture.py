#!/usr/bin/python3
"""
bgp_capture.py: a minimal passive BGP speaker that records the UPDATE
bodies a real implementation sends, one hex line each, until End-of-RIB
for IPv4 and IPv6 (or 30 s).  Python 3 stdlib only.  It produced the
BIRD 2.0.12 and FRR 8.4.4 vectors in tests/unit/test_update.c
(test_interop_vectors).

Usage (speaker in one namespace, the daemon under test in another, a
veth pair 10.0.0.1/24 <-> 10.0.0.2/24 between them, 2001:db8:ffff::1/64
on the daemon's side):

    ip netns exec B bgp_capture.py 10.0.0.2 179 65001 out.txt &
    ip netns exec A bird -c bird.conf ...      # AS 65000, neighbor 10.0.0.2

It offers IPv4 and IPv6 unicast, four-octet AS and route refresh, and
answers KEEPALIVEs.  It never announces anything.
"""
import socket, struct, sys, time
addr, port, my_as, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((addr, port)); s.listen(1); s.settimeout(60)
c, _ = s.accept(); c.settimeout(30)
def rd(n):
    b = b''
    while len(b) < n:
        x = c.recv(n - len(b))
        if not x: raise EOFError
        b += x
    return b
def msg(t, body): return b'\xff'*16 + struct.pack('!HB', 19+len(body), t) + body
caps = b''
for afi in (1, 2): caps += bytes([1, 4]) + struct.pack('!HBB', afi, 0, 1)
caps += bytes([65, 4]) + struct.pack('!I', my_as) + bytes([2, 0])
opt = bytes([2, len(caps)]) + caps
c.sendall(msg(1, struct.pack('!BHH4sB', 4, my_as if my_as < 65536 else 23456, 90, socket.inet_aton(addr), len(opt)) + opt))
c.sendall(msg(4, b''))
eor = set(); f = open(out, 'w'); t0 = time.time()
while len(eor) < 2 and time.time() - t0 < 30:
    h = rd(19); l, t = struct.unpack('!HB', h[16:19]); body = rd(l - 19)
    if t == 4: c.sendall(msg(4, b''))
    if t == 3: print('NOTIFICATION', body.hex()); break
    if t != 2: continue
    f.write(body.hex() + '\n'); f.flush()
    if body == b'\0\0\0\0': eor.add(4)
    if len(body) == 10 and body[4:7] == b'\x80\x0f\x03': eor.add(6)
print('done', len(eor))
