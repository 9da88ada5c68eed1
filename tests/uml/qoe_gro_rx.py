#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""What a UDP socket reads when qoe coalesces (GRO) the packets it opened.

Usage (inside UML, by scripts/uml-e2e.sh): qoe_gro_rx.py MODE TXH PN.
Sends one 4-packet GSO skb through qoe0's debugfs "send" file (the
selftest's connection, 192.0.2.1:4433 -> 192.0.2.2:4434, key phase 1,
packets PN..PN+3, payloads 200, 200, 200, 150 bytes) and reads it from a
UDP socket bound on qoe1's side, which coalesces the four:

  plain  a socket without UDP_GRO: four datagrams, each one whole QUIC
         packet (its own 11-byte header, PN + i), in order
  gro    a UDP_GRO socket: one read of all four, segment size 211 in the
         UDP_GRO control message, every segment starting with its header

Either way the socket saw a NAPI ID: qoe1 hands packets up from NAPI.

Exits 0, or 1 naming what differed.
"""
import select
import socket
import struct
import sys

SOL_UDP = 17
UDP_GRO = 104
SO_INCOMING_NAPI_ID = 56
HDR = 11
PAYLOADS = [200, 200, 200, 150]
CID = b"\x5e" * 8


def fail(msg):
    print(f"qoe_gro_rx: {msg}")
    sys.exit(1)


def check_packet(p, i, pn):
    want = HDR + PAYLOADS[i]
    if len(p) != want:
        fail(f"packet {i}: {len(p)} bytes, want {want}")
    if p[0] & 0xc0 != 0x40 or p[1:9] != CID:
        fail(f"packet {i}: not a short header with the selftest's CID: "
             f"{p[:HDR].hex()}")
    got = struct.unpack(">H", p[9:11])[0]
    if got != (pn + i) & 0xffff:
        fail(f"packet {i}: PN {got}, want {(pn + i) & 0xffff}")


def main():
    mode, txh, pn = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("192.0.2.2", 4434))
    if mode == "gro":
        s.setsockopt(SOL_UDP, UDP_GRO, 1)
    with open("/sys/kernel/debug/qoe/qoe0/send", "w") as f:
        f.write(f"{txh} 1 {pn}\n")
    reads = []
    while sum(len(d) for d, _ in reads) < sum(HDR + n for n in PAYLOADS):
        if not select.select([s], [], [], 10)[0]:
            fail(f"{mode}: timed out after {len(reads)} reads of "
                 f"{[len(d) for d, _ in reads]} bytes (dropped whole? see "
                 "Udp InErrors in /proc/net/snmp)")
        data, anc, _, _ = s.recvmsg(65536, socket.CMSG_SPACE(4))
        seg = None
        for level, kind, val in anc:
            if level == SOL_UDP and kind == UDP_GRO:
                seg = struct.unpack("i", val[:4])[0]
        reads.append((data, seg))
    # the device hands packets up from its NAPI poll, which tags them
    napi = s.getsockopt(socket.SOL_SOCKET, SO_INCOMING_NAPI_ID)
    if not napi:
        fail(f"{mode}: SO_INCOMING_NAPI_ID is 0: not received through NAPI")
    if mode == "plain":
        if len(reads) != 4:
            fail(f"plain: {len(reads)} datagrams, want 4")
        for i, (d, _) in enumerate(reads):
            check_packet(d, i, pn)
    else:
        if len(reads) != 1:
            fail(f"gro: {len(reads)} reads, want 1 of all four")
        data, seg = reads[0]
        if seg != HDR + PAYLOADS[0]:
            fail(f"gro: UDP_GRO segment size {seg}, want {HDR + PAYLOADS[0]}")
        for i in range(4):
            check_packet(data[i * seg:(i + 1) * seg], i, pn)
    print(f"{mode}: {len(reads)} read(s), 4 whole packets from PN {pn}, "
          f"NAPI ID {napi}")


if __name__ == "__main__":
    main()
