#!/usr/bin/env python3
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
"""Check net_qoe's /qoe/ telemetry against Documentation/dpdk-pmd.rst.

Run against testpmd with net_qoe0 (peer=net_qoe1) and net_qoe1 loaded with
run.sh's 40-flow file.  Exit 0 when every check holds.
"""
import json
import socket
import sys

FLOW_KEYS = {
    'handle': int, 'dir': str, 'cipher': str, 'cid': str, 'local': str,
    'remote': str, 'key_phase': int, 'pn': (int, str), 'packets': int,
    'bytes': int, 'auth_fail': int, 'drops': int, 'key_missing': int,
    'key_updates': int, 'keys_valid': int, 'age_ms': int,
}
CAPS_KEYS = ['abi_version', 'ciphers', 'features', 'max_flows', 'max_cids',
             'max_cid_len', 'max_gso_segs', 'max_gro_segs']
failed = 0


def check(what, cond):
    global failed
    print(('ok: ' if cond else 'FAIL: ') + what)
    if not cond:
        failed += 1


def main(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    s.connect(path)
    json.loads(s.recv(16384))

    def q(cmd):
        s.send(cmd.encode())
        raw = s.recv(16384 * 2)
        check(f'{cmd}: reply {len(raw)} bytes <= 16384', len(raw) <= 16384)
        return json.loads(raw)[cmd.split(',')[0]]

    # every command registered (DPDK drops one whose help is too long)
    cmds = set(q('/'))
    want = {'/qoe/' + c for c in ('ports', 'caps', 'flows', 'flow_add',
                                  'flow_del', 'key_update', 'events')}
    check(f'all /qoe commands registered (missing {sorted(want - cmds)})',
          want <= cmds)
    ports = q('/qoe/ports')
    check(f'/qoe/ports = [0, 1] ({ports})', ports == [0, 1])
    caps = q('/qoe/caps,1')
    check('caps keys', isinstance(caps, dict) and
          sorted(caps) == sorted(CAPS_KEYS))
    check(f'caps ciphers "{caps.get("ciphers")}"',
          caps.get('ciphers') == 'aes-128-gcm aes-256-gcm chacha20-poly1305 aes-128-ccm')
    check('caps max_cid_len 20', caps.get('max_cid_len') == 20)
    check('caps abi_version 1.x', caps.get('abi_version', 0) >> 8 == 1)
    # the engine's counters are the port's xstats: no /qoe/stats of our own
    check('no /qoe/stats', '/qoe/stats' not in cmds)
    stats = q('/ethdev/xstats,1')
    check('xstats has quic_flows = 40', stats.get('quic_flows') == 40)
    check('xstats has rx_quic_auth_fail', 'rx_quic_auth_fail' in stats)
    check('bad port -> null', q('/qoe/caps,99') is None)
    check('junk param -> null', q('/qoe/flows,1,x') is None)

    flows, cursor, pages = [], 0, 0
    while True:
        page = q(f'/qoe/flows,1,{cursor}')
        pages += 1
        fl = {k: v for k, v in page.items() if k != 'next'}
        check(f'page {pages}: "next" present, <= 32 flows ({len(fl)})',
              'next' in page and len(fl) <= 32)
        check(f'page {pages}: keys f0..f{len(fl) - 1}',
              sorted(fl) == sorted(f'f{i}' for i in range(len(fl))))
        flows += [fl[f'f{i}'] for i in range(len(fl))]
        cursor = page['next']
        if cursor == 0 or pages > 10:
            break
    check(f'40 flows in 2 pages ({len(flows)} in {pages})',
          len(flows) == 40 and pages == 2)
    check('handles unique', len({f['handle'] for f in flows}) == 40)
    for f in flows:
        for k, t in FLOW_KEYS.items():
            if not isinstance(f.get(k), t):
                check(f'flow {f.get("handle")} key {k} type', False)
    tx = [f for f in flows if f['dir'] == 'tx']
    check('one tx flow', len(tx) == 1)
    if tx:
        t = tx[0]
        check(f'tx flow cipher {t["cipher"]}', t['cipher'] == 'chacha20-poly1305')
        check(f'tx local {t["local"]}', t['local'] == '[2001:db8::1]:443')
        check(f'tx remote {t["remote"]}', t['remote'] == '[2001:db8::2]:5000')
        check(f'tx cid {t["cid"]}', t['cid'] == 'c0ffee')
        check(f'tx pn {t["pn"]}', t['pn'] == 7)
        check(f'tx keys_valid {t["keys_valid"]}', t['keys_valid'] == 1)
    rx = [f for f in flows if f['dir'] == 'rx']
    v4 = [f for f in rx if f['local'] == '10.0.0.1:4002']
    check('rx flow 2 is IPv4 both ends', len(v4) == 1 and
          v4[0]['remote'] == '10.9.9.9:1' and v4[0]['cid'] == '0a0b02')
    check('rx pn "none" before any packet',
          all(f['pn'] == 'none' for f in rx))
    check('rx cipher aes-128-gcm',
          all(f['cipher'] == 'aes-128-gcm' for f in rx))
    check('no flows on port 0', q('/qoe/flows,0,0') == {'next': 0})

    # writes need telemetry_writes=1, which these ports were not given
    r = q('/qoe/flow_add,1,dir=rx,cipher=aes-128-gcm,local=10.7.7.7:1,'
          'remote=10.7.7.8:2,key=' + '00' * 16 + ',iv=' + '00' * 12 +
          ',hp=' + '00' * 16)
    check(f'flow_add refused without telemetry_writes ({r})',
          r == {'error': 'telemetry writes are off on this port '
                         '(devarg telemetry_writes=1)', 'errno': 1})
    r = q('/qoe/flow_del,1,1')
    check(f'flow_del refused without telemetry_writes ({r})',
          isinstance(r, dict) and r.get('errno') == 1)
    check('xstats still 40 flows', q('/ethdev/xstats,1').get('quic_flows') == 40)
    # events: a cursor, and reading takes none away
    e1, e2 = q('/qoe/events,1'), q('/qoe/events,1')
    check(f'events: next, lost, more ({e1})',
          isinstance(e1, dict) and {'next', 'lost', 'more'} <= set(e1))
    check('events: a second read sees the same', e1 == e2)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1]))
