#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""qoe_bulk.py: a long TCP transfer through a qoe pair, every byte checked.

Inside UML (scripts/uml-e2e.sh, over virtio): the receiver runs in the
netns that holds qoe1, the sender where qoe0 is; the frames cross the
device's TX ring, the firmware's wire and the peer's RX ring.

  qoe_bulk.py recv ADDR PORT READY_FILE   print "<bytes> <sha256>" at EOF
  qoe_bulk.py send ADDR PORT MIB          print "<bytes> <sha256>" sent

The data is a SHA-256 counter stream, so nothing on either side can
produce it by accident; the caller compares the two lines.
"""
import hashlib
import socket
import sys

CHUNK = 1 << 16


def stream(total):
    """total bytes of SHA-256(counter) blocks, in CHUNK pieces"""
    n = 0
    buf = bytearray()
    while total > 0:
        while len(buf) < min(CHUNK, total):
            buf += hashlib.sha256(n.to_bytes(8, "little")).digest()
            n += 1
        piece, buf = bytes(buf[:min(CHUNK, total)]), buf[min(CHUNK, total):]
        total -= len(piece)
        yield piece


def recv(addr, port, ready):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(1)
    open(ready, "w").close()
    c, _ = s.accept()
    h, n = hashlib.sha256(), 0
    while True:
        b = c.recv(CHUNK)
        if not b:
            break
        h.update(b)
        n += len(b)
    print(n, h.hexdigest())


def send(addr, port, mib):
    c = socket.create_connection((addr, port), timeout=60)
    h, n = hashlib.sha256(), 0
    for piece in stream(mib << 20):
        c.sendall(piece)
        h.update(piece)
        n += len(piece)
    c.shutdown(socket.SHUT_WR)
    c.recv(1)
    c.close()
    print(n, h.hexdigest())


if __name__ == "__main__":
    if sys.argv[1] == "recv":
        recv(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    else:
        send(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
