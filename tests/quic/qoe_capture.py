#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""qoe_capture.py DEV PORT OUT.pcap: capture DEV's UDP traffic to or from
PORT into a pcap file, the way tests/quic/uml-scenarios.sh needs it.

Prints "ready" once the packet socket is bound, so the traffic can start
without a race (dumpcap reported itself ready before it saw packets).  Stops
on SIGINT or SIGTERM and then prints "captured N dropped N" (the kernel's
PACKET_STATISTICS count of what the socket lost).
"""
import select
import signal
import socket
import struct
import sys
import time

ETH_P_ALL = 0x0003
SOL_PACKET = 263
PACKET_STATISTICS = 6
SO_RCVBUFFORCE = 33

stop = False


def on_signal(*_):
    global stop
    stop = True


def udp_ports(frame):
    """(sport, dport) of an Ethernet + IPv4/IPv6 + UDP frame, or None."""
    if len(frame) < 14:
        return None
    eth = struct.unpack("!H", frame[12:14])[0]
    if eth == 0x0800 and len(frame) >= 34:
        ihl = (frame[14] & 0x0f) * 4
        if frame[23] != 17 or len(frame) < 14 + ihl + 8:
            return None
        off = 14 + ihl
    elif eth == 0x86dd and len(frame) >= 62:
        if frame[20] != 17:
            return None
        off = 54
    else:
        return None
    return struct.unpack("!HH", frame[off:off + 4])


def main():
    dev, port, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    # room for a whole transfer: this reader is slower than the wire in
    # UML (FORCE: past net.core.rmem_max; we run as root)
    s.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, 64 << 20)
    s.bind((dev, 0))
    s.getsockopt(SOL_PACKET, PACKET_STATISTICS, 8)  # reset the counters
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    n = 0
    with open(out, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        print("ready", flush=True)
        while True:
            if stop:    # take what is queued, then end
                try:
                    frame = s.recv(65535, socket.MSG_DONTWAIT)
                except BlockingIOError:
                    break
            else:
                try:
                    if not select.select([s], [], [], 0.2)[0]:
                        continue
                except InterruptedError:
                    continue
                frame = s.recv(65535)
            ports = udp_ports(frame)
            if ports is None or port not in ports:
                continue
            t = time.time()
            f.write(struct.pack("<IIII", int(t), int(t % 1 * 1e6),
                                len(frame), len(frame)))
            f.write(frame)
            n += 1
    packets, drops = struct.unpack("II", s.getsockopt(SOL_PACKET,
                                                      PACKET_STATISTICS, 8))
    print(f"captured {n} dropped {drops}", flush=True)


if __name__ == "__main__":
    main()
