#!/usr/bin/env python3
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
"""Tiny pcap helper for tests/dpdk (no dependencies).

  qoe_pcap.py empty <in.pcap> <out.pcap>   same header, no packets
  qoe_pcap.py count <a.pcap>               packets in a file
  qoe_pcap.py fixsum <in.pcap> <out.pcap>  recompute UDP checksums (a
                                           loopback capture holds partial
                                           ones: the kernel offloads them)
  qoe_pcap.py cids <a.pcap> <server port> print "client_port client_scid
                                           server_scid" from the long headers
  qoe_pcap.py same <a.pcap> <b.pcap>       exit 0 when every packet's bytes
                                           match, else name the first diff
  qoe_pcap.py differ <a.pcap> <b.pcap> N   exit 0 when exactly N packets
                                           differ (lengths or bytes)
  qoe_pcap.py short <plain.pcap> <server port> <client cid> <server cid>
                                           from packets whose header
                                           protection is off (what net_qoe
                                           opened): print "phase_changes
                                           holes phase1_packets": the key
                                           phase changes of each direction
                                           ("1,1": one update each way), PN
                                           holes, and the packets sent in
                                           phase 1.  For ciphers tshark
                                           cannot decrypt.
"""
import struct
import sys


def packets(path):
    with open(path, 'rb') as f:
        hdr = f.read(24)
        if len(hdr) < 24:
            raise SystemExit(f'{path}: not a pcap file')
        magic = struct.unpack('<I', hdr[:4])[0]
        if magic in (0xa1b2c3d4, 0xa1b23c4d):
            end = '<'
        elif magic in (0xd4c3b2a1, 0x4d3cb2a1):
            end = '>'
        else:
            raise SystemExit(f'{path}: not a pcap file (magic {magic:#x})')
        out = []
        while True:
            rec = f.read(16)
            if len(rec) < 16:
                return hdr, out
            _, _, incl, _ = struct.unpack(end + 'IIII', rec)
            out.append(f.read(incl))


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


def main(argv):
    cmd = argv[1] if len(argv) > 1 else ''
    if cmd == 'empty' and len(argv) == 4:
        hdr, _ = packets(argv[2])
        with open(argv[3], 'wb') as f:
            f.write(hdr)
        return 0
    if cmd == 'fixsum' and len(argv) == 4:
        hdr, pkts = packets(argv[2])
        with open(argv[3], 'wb') as f:
            f.write(hdr)
            for p in pkts:
                p = fix_udp(p)
                f.write(struct.pack('<IIII', 0, 0, len(p), len(p)) + p)
        return 0
    if cmd == 'cids' and len(argv) == 4:
        r = quic_cids(packets(argv[2])[1], int(argv[3]))
        if r is None:
            print(f'{argv[2]}: no long headers from both sides', file=sys.stderr)
            return 1
        print(*r)
        return 0
    if cmd == 'short' and len(argv) == 6:
        print(*short_headers(packets(argv[2])[1], int(argv[3]), argv[4], argv[5]))
        return 0
    if cmd == 'count' and len(argv) == 3:
        print(len(packets(argv[2])[1]))
        return 0
    if cmd in ('same', 'differ') and len(argv) in (4, 5):
        a = packets(argv[2])[1]
        b = packets(argv[3])[1]
        if len(a) != len(b):
            print(f'{argv[2]}: {len(a)} packets, {argv[3]}: {len(b)}')
            return 1
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if cmd == 'same':
            if diff:
                i = diff[0]
                at = next((k for k in range(min(len(a[i]), len(b[i])))
                           if a[i][k] != b[i][k]), min(len(a[i]), len(b[i])))
                print(f'{len(diff)} packets differ; first: packet {i + 1} '
                      f'(lengths {len(a[i])}/{len(b[i])}) at byte {at}')
                return 1
            print(f'{len(a)} packets identical')
            return 0
        want = int(argv[4])
        print(f'{len(diff)} of {len(a)} packets differ (want {want})')
        return 0 if len(diff) == want else 1
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv))
