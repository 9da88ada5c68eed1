#!/usr/bin/env python3
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
"""Tiny pcap helpers for tests/dpdk (no dependencies): read and write
classic pcap files, fix UDP checksums (a loopback capture holds partial
ones: the kernel offloads them), find a connection's CIDs in its long
headers, and follow key phases and packet numbers in the short headers of
packets whose header protection is off (what net_qoe opened).
"""
import struct


def packets(path):
    with open(path, 'rb') as f:
        hdr = f.read(24)
        if len(hdr) < 24:
            raise ValueError(f'{path}: not a pcap file')
        magic = struct.unpack('<I', hdr[:4])[0]
        if magic in (0xa1b2c3d4, 0xa1b23c4d):
            end = '<'
        elif magic in (0xd4c3b2a1, 0x4d3cb2a1):
            end = '>'
        else:
            raise ValueError(f'{path}: not a pcap file (magic {magic:#x})')
        out = []
        while True:
            rec = f.read(16)
            if len(rec) < 16:
                return hdr, out
            _, _, incl, _ = struct.unpack(end + 'IIII', rec)
            out.append(f.read(incl))


def write(path, hdr, pkts):
    """A pcap file of @pkts (frames) with the header @hdr."""
    with open(path, 'wb') as f:
        f.write(hdr)
        for p in pkts:
            f.write(struct.pack('<IIII', 0, 0, len(p), len(p)) + p)


def csum(data):
    if len(data) % 2:
        data += b'\0'
    s = sum(struct.unpack('!%dH' % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def fix_udp(p):
    """Ethernet + IPv4/IPv6 + UDP: return the frame with a valid checksum."""
    if len(p) < 14:
        return p
    etype = struct.unpack('!H', p[12:14])[0]
    if etype == 0x0800 and len(p) >= 34 and p[23] == 17:
        ihl = (p[14] & 0xf) * 4
        u = 14 + ihl
        ulen = struct.unpack('!H', p[u + 4:u + 6])[0]
        pseudo = p[26:34] + struct.pack('!BBH', 0, 17, ulen)
    elif etype == 0x86dd and len(p) >= 62 and p[20] == 17:
        u = 54
        ulen = struct.unpack('!H', p[u + 4:u + 6])[0]
        pseudo = p[22:54] + struct.pack('!IxxxB', ulen, 17)
    else:
        return p
    seg = bytearray(p[u:u + ulen])
    seg[6:8] = b'\0\0'
    c = csum(pseudo + bytes(seg)) or 0xffff
    return p[:u + 6] + struct.pack('!H', c) + p[u + 8:]


def quic_cids(pkts, sport):
    """Client port and both SCIDs from IPv4/UDP long-header packets."""
    cport, ccid, scid = None, None, None
    for p in pkts:
        if len(p) < 14 + 20 + 8 + 7 or p[12:14] != b'\x08\x00' or p[23] != 17:
            continue
        u = 14 + (p[14] & 0xf) * 4
        src, dst = struct.unpack('!HH', p[u:u + 4])
        q = p[u + 8:]
        if len(q) < 7 or not q[0] & 0x80:
            continue
        dl = q[5]
        sl = q[6 + dl] if len(q) > 6 + dl else 0
        cid = q[7 + dl:7 + dl + sl].hex()
        if dst == sport and ccid is None:
            cport, ccid = src, cid
        elif src == sport and scid is None:
            scid = cid
        if ccid is not None and scid is not None:
            return cport, ccid, scid
    return None


def short_headers(pkts, sport, ccid, scid):
    """(phase changes per direction, PN holes, phase-1 packets)."""
    last_phase, last_pn, changes, holes, kp1 = {}, {}, {}, 0, 0
    for p in pkts:
        if len(p) < 14 + 20 + 8 + 2 or p[12:14] != b'\x08\x00' or p[23] != 17:
            continue
        u = 14 + (p[14] & 0xf) * 4
        src = struct.unpack('!H', p[u:u + 2])[0]
        q = p[u + 8:]
        if q[0] & 0x80:
            continue
        # to the server: the server's CID; to the client: the client's
        dcid = bytes.fromhex(scid if src != sport else ccid)
        if q[1:1 + len(dcid)] != dcid:
            continue
        phase = (q[0] >> 2) & 1
        pn_len = (q[0] & 3) + 1
        at = 1 + len(dcid)
        pn = int.from_bytes(q[at:at + pn_len], 'big')
        if src in last_phase and last_phase[src] != phase:
            changes[src] = changes.get(src, 0) + 1
        if src in last_pn and pn != (last_pn[src] + 1) % (1 << (8 * pn_len)):
            holes += 1
        last_phase[src], last_pn[src] = phase, pn
        kp1 += phase
    each = ','.join(str(changes.get(s, 0)) for s in sorted(last_phase))
    return each, holes, kp1
