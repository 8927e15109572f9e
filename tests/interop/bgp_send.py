#!/usr/bin/python3
"""
bgp_send.py: a minimal passive BGP speaker that, once the session is up,
sends the UPDATE bodies of a file (one hex line each), both End-of-RIB
markers, then answers KEEPALIVEs for STAY seconds.  Python 3 stdlib only.

    bgp_send.py ADDR PORT MY_AS 4|2 FILE STAY

"4" offers the four-octet AS capability (a NEW speaker), "2" does not
(an OLD one, MY_AS must fit in two octets).  Used by test_attr_bird.sh.
"""
import socket, struct, sys, time

addr, port, my_as = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
as4, infile, stay = sys.argv[4] == '4', sys.argv[5], float(sys.argv[6])
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((addr, port))
s.listen(1)
s.settimeout(60)
c, _ = s.accept()
c.settimeout(1)


def msg(t, body):
    return b'\xff' * 16 + struct.pack('!HB', 19 + len(body), t) + body


caps = b''
for afi in (1, 2):
    caps += bytes([1, 4]) + struct.pack('!HBB', afi, 0, 1)
if as4:
    caps += bytes([65, 4]) + struct.pack('!I', my_as)
opt = bytes([2, len(caps)]) + caps
c.sendall(msg(1, struct.pack('!BHH4sB', 4, my_as, 90,
                             socket.inet_aton(addr), len(opt)) + opt))
c.sendall(msg(4, b''))
time.sleep(1)
for line in open(infile):
    if line.strip():
        c.sendall(msg(2, bytes.fromhex(line.strip())))
c.sendall(msg(2, b'\0\0\0\0'))
c.sendall(msg(2, bytes.fromhex('00000006800f03000201')))
t0 = time.time()
while time.time() - t0 < stay:
    try:
        d = c.recv(4096)
        if not d:
            print('peer closed')
            break
        if len(d) >= 19 and d[18] == 3:
            print('NOTIFICATION', d[19:].hex())
            break
        c.sendall(msg(4, b''))
    except socket.timeout:
        pass
