#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The quic-offload netlink family, driven by the kernel's YNL cli.

Runs inside UML (scripts/uml-e2e.sh), after the debugfs selftest left one
TX flow on qoe0 and one RX flow on qoe1 (CID 5e x 8, 4 packets each).
Lists devices and flows, adds a flow, installs a key, deletes the flow,
and checks that bad requests are refused with the reason.  Each failed
assertion says what differed.

usage: ynl_family.py CLI SPEC
"""
import json
import subprocess
import sys

CLI, SPEC = sys.argv[1], sys.argv[2]
KEY16 = '11' * 16
KEY32 = '22' * 32
IV = '33' * 12


def ynl(mode, op, req=None, ok=True):
    """Run cli.py; return its JSON reply (ok) or its error text (not ok)."""
    cmd = [sys.executable, CLI, '--spec', SPEC, '--no-schema',
           '--output-json', '--' + mode, op]
    if req is not None:
        cmd += ['--json', json.dumps(req)]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    if ok:
        assert r.returncode == 0, f'{mode} {op} {req}: exit {r.returncode}: {r.stdout}{r.stderr}'
        return json.loads(r.stdout)
    assert r.returncode != 0, f'{mode} {op} {req}: accepted, expected a refusal: {r.stdout}'
    return r.stdout + r.stderr


def ifindex(name):
    with open(f'/sys/class/net/{name}/ifindex') as f:
        return int(f.read())


def main():
    q0, q1 = ifindex('qoe0'), ifindex('qoe1')

    def dev(d):
        # cli.py renders flags as a set: order is not meaningful
        return dict(d, features=sorted(d['features']))

    devs = {d['ifname']: dev(d) for d in ynl('dump', 'dev-get')}
    assert {'qoe0', 'qoe1'} <= set(devs), f'dev-get dump lists {sorted(devs)}'
    d0 = devs['qoe0']
    assert d0['ifindex'] == q0, f'qoe0 ifindex {d0["ifindex"]} != {q0}'
    assert d0['enabled'] == 1, f'qoe0 enabled = {d0["enabled"]}'
    assert {'tx', 'rx', 'tx-gso', 'key-update'} <= set(d0['features']), \
        f'qoe0 features = {d0["features"]}'
    assert d0['ciphers'] == 0b11110, f'qoe0 ciphers bitmap = {d0["ciphers"]:#x}'
    assert d0['max-cid-len'] == 20, f'qoe0 max-cid-len = {d0["max-cid-len"]}'
    one = dev(ynl('do', 'dev-get', {'ifindex': q0}))
    assert one == d0, f'dev-get do {one} != dump {d0}'
    err = ynl('do', 'dev-get', {'ifindex': ifindex('lo')}, ok=False)
    assert 'no QUIC offload device' in err, f'dev-get lo: {err}'

    # the selftest's flows, as the core lists them with the driver's counters
    flows = ynl('dump', 'flow-get')
    self_flows = [f for f in flows if f['cid'] == '5e' * 8]
    assert len(self_flows) == 2, f'selftest flows: {self_flows}'
    assert sorted(f['dir'] for f in self_flows) == ['rx', 'tx'], self_flows
    for f in self_flows:
        assert f['packets'] == 4, f'selftest flow packets: {f}'
        assert f['keys-valid'] == 1, f'selftest flow keys-valid: {f}'
    only0 = ynl('dump', 'flow-get', {'ifindex': q0})
    assert only0 and all(f['ifindex'] == q0 for f in only0), \
        f'flow-get dump ifindex {q0}: {only0}'

    add = {'ifindex': q1, 'dir': 'rx', 'cipher': 'aes-128-gcm',
           'family': 2, 'cid': 'c0ffee00', 'local-addr': '0a090002',
           'remote-addr': '0a090001', 'local-port': 4433,
           'remote-port': 4500, 'key': KEY16, 'iv': IV, 'hp-key': KEY16}
    reply = ynl('do', 'flow-add', add)
    assert set(reply) == {'ifindex', 'handle'}, f'flow-add reply: {reply}'
    h = reply['handle']
    assert h, 'flow-add: handle 0'
    f = ynl('do', 'flow-get', {'ifindex': q1, 'handle': h})
    want = {'ifindex': q1, 'handle': h, 'dir': 'rx', 'cipher': 'aes-128-gcm',
            'family': 2, 'cid': 'c0ffee00', 'local-addr': '0a090002',
            'remote-addr': '0a090001', 'local-port': 4433,
            'remote-port': 4500, 'keys-valid': 1, 'n-cids': 1,
            'packets': 0, 'pn': 2 ** 64 - 1}
    got = {k: f.get(k) for k in want}
    assert got == want, f'flow-get: {got} != {want}'
    assert not {'key', 'iv', 'hp-key'} & set(f), f'key material sent back: {f}'
    assert 0 <= f.get('age-ms', -1) < 600000, f'age-ms of a new flow: {f}'
    assert any(x['handle'] == h for x in ynl('dump', 'flow-get')), \
        'the new flow is not in the dump'

    ynl('do', 'key-install', {'ifindex': q1, 'handle': h, 'key-phase': 1,
                              'key': KEY16, 'iv': IV})
    f = ynl('do', 'flow-get', {'ifindex': q1, 'handle': h})
    assert f['keys-valid'] == 3, f'after key-install phase 1: {f}'

    # refused, with the reason
    err = ynl('do', 'key-install', {'ifindex': q1, 'handle': h,
                                    'key-phase': 0, 'key': KEY32, 'iv': IV},
              ok=False)
    assert "key is 32 bytes, the cipher's is 16" in err, f'wrong key length: {err}'
    err = ynl('do', 'flow-add', dict(add, iv='33' * 11), ok=False)
    # the policy (generated from the spec) names the attribute
    assert "'bad-attr': '.iv'" in err, f'11-byte IV: {err}'
    err = ynl('do', 'flow-add', dict(add, cipher=9), ok=False)
    assert "'bad-attr': '.cipher'" in err, f'cipher 9: {err}'
    err = ynl('do', 'flow-add', dict(add, **{'local-addr': '0a0900'}), ok=False)
    assert 'address length does not match the family' in err, \
        f'3-byte IPv4 address: {err}'
    err = ynl('do', 'flow-add', dict(add, cid='ab' * 21), ok=False)
    assert 'connection ID longer than 20 bytes' in err, f'21-byte CID: {err}'
    err = ynl('do', 'flow-add', dict(add, key='11' * 17), ok=False)
    assert "key is 17 bytes, the cipher's is 16" in err, f'17-byte key: {err}'
    err = ynl('do', 'flow-add', dict(add, packets=1), ok=False)
    assert 'Unsupported attribute' in err, f'read-only packets in a request: {err}'
    err = ynl('do', 'flow-del', {'ifindex': q1, 'handle': 0}, ok=False)
    assert "'bad-attr': '.handle'" in err, f'handle 0: {err}'
    req = dict(add)
    del req['hp-key']
    err = ynl('do', 'flow-add', req, ok=False)
    assert 'miss-type' in err and 'hp-key' in err, f'no hp-key: {err}'

    ynl('do', 'flow-del', {'ifindex': q1, 'handle': h})
    err = ynl('do', 'flow-get', {'ifindex': q1, 'handle': h}, ok=False)
    assert 'no such flow' in err, f'flow-get after flow-del: {err}'
    err = ynl('do', 'flow-del', {'ifindex': q1, 'handle': h}, ok=False)
    assert 'no such flow' in err, f'flow-del twice: {err}'
    assert not any(x['handle'] == h for x in ynl('dump', 'flow-get')), \
        'the deleted flow is still in the dump'
    print('ynl family ok')


main()
