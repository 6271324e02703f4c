#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""
Check the kernel's registered policy of the cpo family against the spec.

Reads the family (CTRL_CMD_GETFAMILY) and its policies (CTRL_CMD_GETPOLICY)
from nlctrl over a raw generic netlink socket (the 6.12 YNL library cannot
decode the pad attributes of a policy dump), and compares them with
Documentation/netlink/specs/cpo.yaml:

  - the family version and multicast groups are the spec's;
  - the registered commands are exactly the spec's operations with a do or
    a dump, under the spec's command numbers, with do/dump as the spec has
    them and admin-perm where the spec says so;
  - every request attribute of every op is accepted, with the spec's type
    and min/max checks; an attribute the spec does not list for that
    request is not accepted (when do and dump share one policy, as plain
    genl_ops do, either request's attributes may be in it).

Exit 0 when they agree, 1 when they do not (each disagreement printed).
"""
import os
import socket
import struct
import sys

import yaml

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
SPEC = os.environ.get('CPO_SPEC',
                      os.path.join(TOP, 'Documentation/netlink/specs/cpo.yaml'))

# Kernel policy type names (nlctrl attr-type) a spec type may map to.
KTYPE = {
    'u8': ['u8'], 'u16': ['u16'], 'u32': ['u32'], 'u64': ['u64'],
    's8': ['s8'], 's16': ['s16'], 's32': ['s32'], 's64': ['s64'],
    'uint': ['uint'], 'sint': ['sint'],
    'string': ['string', 'nul-string'], 'flag': ['flag'],
    'binary': ['binary'], 'nest': ['nested'],
}
UNSIGNED = {'u8': 8, 'u16': 16, 'u32': 32, 'u64': 64, 'uint': 64}
SIGNED = {'s8': 8, 's16': 16, 's32': 32, 's64': 64, 'sint': 64}

# uapi linux/netlink.h, linux/genetlink.h
NETLINK_GENERIC = 16
NLMSG_ERROR, NLMSG_DONE = 2, 3
NLM_F_REQUEST, NLM_F_ACK, NLM_F_DUMP = 0x1, 0x4, 0x300
GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY, CTRL_CMD_GETPOLICY = 3, 10
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME, CTRL_ATTR_VERSION = 1, 2, 3
CTRL_ATTR_OPS, CTRL_ATTR_MCAST_GROUPS = 6, 7
CTRL_ATTR_POLICY, CTRL_ATTR_OP_POLICY = 8, 9
CTRL_ATTR_OP_ID, CTRL_ATTR_OP_FLAGS = 1, 2
CTRL_ATTR_MCAST_GRP_NAME = 1
CTRL_ATTR_POLICY_DO, CTRL_ATTR_POLICY_DUMP = 1, 2
NL_POLICY_TYPE_ATTR = {
    1: ('type', 'I'), 2: ('min-value-s', 'q'), 3: ('max-value-s', 'q'),
    4: ('min-value-u', 'Q'), 5: ('max-value-u', 'Q'),
    6: ('min-length', 'I'), 7: ('max-length', 'I'),
}
NL_ATTR_TYPE = ['invalid', 'flag', 'u8', 'u16', 'u32', 'u64', 's8', 's16',
                's32', 's64', 'binary', 'string', 'nul-string', 'nested',
                'nested-array', 'bitfield32', 'sint', 'uint']
GENL_ADMIN_PERM = 0x01
GENL_CMD_CAP_DO = 0x02
GENL_CMD_CAP_DUMP = 0x04

errors = []


def fail(msg):
    errors.append(msg)
    print('FAIL: ' + msg)


def ok(msg):
    print('ok: ' + msg)


def nla_parse(buf):
    """{type: [payload, ...]} of a run of netlink attributes."""
    out = {}
    off = 0
    while off + 4 <= len(buf):
        alen, atype = struct.unpack_from('HH', buf, off)
        if alen < 4:
            break
        out.setdefault(atype & 0x3fff, []).append(buf[off + 4:off + alen])
        off += (alen + 3) & ~3
    return out


def nla_nested_list(buf):
    """The nests of a nest whose children are indexed by their type."""
    return [(t, nla_parse(v[0])) for t, v in sorted(nla_parse(buf).items())]


def u32(b):
    return struct.unpack('I', b[:4])[0]


class Nlctrl:
    def __init__(self):
        self.sk = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                                NETLINK_GENERIC)
        self.sk.bind((0, 0))
        self.seq = 0

    def request(self, cmd, attrs, dump):
        """Send one nlctrl request; return the attributes of each reply."""
        self.seq += 1
        payload = struct.pack('BBH', cmd, 1, 0)
        for atype, data in attrs:
            payload += struct.pack('HH', 4 + len(data), atype) + data
            payload += b'\0' * (-len(data) % 4)
        flags = NLM_F_REQUEST | NLM_F_ACK | (NLM_F_DUMP if dump else 0)
        self.sk.send(struct.pack('IHHII', 16 + len(payload), GENL_ID_CTRL,
                                 flags, self.seq, 0) + payload)
        replies = []
        while True:
            data = self.sk.recv(1 << 20)
            off = 0
            while off + 16 <= len(data):
                mlen, mtype, _, seq, _ = struct.unpack_from('IHHII', data, off)
                msg = data[off + 16:off + mlen]
                off += (mlen + 3) & ~3
                if seq != self.seq:
                    continue
                if mtype == NLMSG_DONE:
                    return replies
                if mtype == NLMSG_ERROR:
                    err = struct.unpack_from('i', msg)[0]
                    if err:
                        raise OSError(-err, os.strerror(-err))
                    return replies
                replies.append(nla_parse(msg[4:]))

    def family(self, name):
        r = self.request(CTRL_CMD_GETFAMILY,
                         [(CTRL_ATTR_FAMILY_NAME, name.encode() + b'\0')],
                         False)[0]
        fam = {'id': struct.unpack('H', r[CTRL_ATTR_FAMILY_ID][0][:2])[0],
               'version': u32(r[CTRL_ATTR_VERSION][0]),
               'ops': {}, 'mcast-groups': []}
        for _, op in nla_nested_list(r.get(CTRL_ATTR_OPS, [b''])[0]):
            fam['ops'][u32(op[CTRL_ATTR_OP_ID][0])] = \
                u32(op.get(CTRL_ATTR_OP_FLAGS, [b'\0' * 4])[0])
        for _, g in nla_nested_list(r.get(CTRL_ATTR_MCAST_GROUPS, [b''])[0]):
            fam['mcast-groups'].append(
                g[CTRL_ATTR_MCAST_GRP_NAME][0].rstrip(b'\0').decode())
        return fam

    def policies(self, family_id):
        """({cmd: {'do': idx, 'dump': idx}}, {idx: {attr: {...}}})"""
        op_policy, policies = {}, {}
        for r in self.request(CTRL_CMD_GETPOLICY,
                              [(CTRL_ATTR_FAMILY_ID,
                                struct.pack('H', family_id))],
                              True):
            for nest in r.get(CTRL_ATTR_OP_POLICY, []):
                for cmd, p in nla_nested_list(nest):
                    ent = op_policy.setdefault(cmd, {})
                    if CTRL_ATTR_POLICY_DO in p:
                        ent['do'] = u32(p[CTRL_ATTR_POLICY_DO][0])
                    if CTRL_ATTR_POLICY_DUMP in p:
                        ent['dump'] = u32(p[CTRL_ATTR_POLICY_DUMP][0])
            for nest in r.get(CTRL_ATTR_POLICY, []):
                for idx, attrs in nla_nested_list(nest):
                    for aid, raw in attrs.items():
                        ent = {}
                        for k, v in nla_parse(raw[0]).items():
                            if k in NL_POLICY_TYPE_ATTR:
                                key, fmt = NL_POLICY_TYPE_ATTR[k]
                                ent[key] = struct.unpack(fmt, v[0][:struct.calcsize(fmt)])[0]
                        t = ent.get('type', 0)
                        ent['type'] = NL_ATTR_TYPE[t] if t < len(NL_ATTR_TYPE) else t
                        policies.setdefault(idx, {})[aid] = ent
        return op_policy, policies


def spec_ops(spec):
    """{name: (cmd value, op)} with the spec's (unified) numbering."""
    ops = {}
    value = 1
    for op in spec['operations']['list']:
        if 'value' in op:
            value = op['value']
        ops[op['name']] = (value, op)
        value += 1
    return ops


def attr_specs(spec, set_name):
    for s in spec['attribute-sets']:
        if s['name'] == set_name:
            value = 1
            out = {}
            for a in s['attributes']:
                if 'value' in a:
                    value = a['value']
                out[a['name']] = (value, a)
                value += 1
            return out
    raise KeyError(set_name)


def check_value(v):
    """A spec check value: a number or a name like u32-max / s16-min."""
    if isinstance(v, int):
        return v
    kind, bits, end = v[0], int(v[1:v.index('-')]), v[v.index('-') + 1:]
    if kind == 'u':
        return (1 << bits) - 1 if end == 'max' else 0
    return (1 << (bits - 1)) - 1 if end == 'max' else -(1 << (bits - 1))


def enum_range(spec, name):
    """(low, high) of a plain enum of the spec's definitions, else None."""
    for d in spec.get('definitions', []):
        if d['name'] != name or d['type'] != 'enum':
            continue
        values, value = [], d.get('value-start', 0)
        for e in d['entries']:
            if isinstance(e, dict) and 'value' in e:
                value = e['value']
            values.append(value)
            value += 1
        return min(values), max(values)
    return None


def expected_range(spec, a):
    """(kind, min, max) the kernel should report for spec attribute @a.

    As ynl-gen-c makes the policy: the explicit checks, else for an enum
    attribute the enum's range, else the type's.
    """
    t = a['type']
    checks = dict(a.get('checks', {}))
    if 'enum' in a and not a.get('enum-as-flags'):
        rng = enum_range(spec, a['enum'])
        if rng:
            if 'min' not in checks and (rng[0] != 0 or t in SIGNED):
                checks['min'] = rng[0]
            checks.setdefault('max', rng[1])
    if t in UNSIGNED:
        return ('u', check_value(checks.get('min', 0)),
                check_value(checks.get('max', (1 << UNSIGNED[t]) - 1)))
    if t in SIGNED:
        bits = SIGNED[t]
        return ('s', check_value(checks.get('min', -(1 << (bits - 1)))),
                check_value(checks.get('max', (1 << (bits - 1)) - 1)))
    return None


def check_attr(spec, where, name, a, kp):
    """Compare spec attribute @a with the kernel's policy entry @kp."""
    t = a['type']
    if kp.get('type') not in KTYPE.get(t, [t]):
        fail(f'{where}: {name}: kernel type {kp.get("type")}, spec {t}')
        return
    rng = expected_range(spec, a)
    if rng:
        kind, lo, hi = rng
        klo, khi = kp.get(f'min-value-{kind}'), kp.get(f'max-value-{kind}')
        if (klo, khi) != (lo, hi):
            fail(f'{where}: {name}: kernel range {klo}..{khi}, spec {lo}..{hi}')
            return
    checks = a.get('checks', {})
    if t == 'string':
        if 'max-len' in checks and kp.get('max-length') != checks['max-len']:
            fail(f'{where}: {name}: kernel max-length {kp.get("max-length")},'
                 f' spec {checks["max-len"]}')
            return
        if 'max-len' not in checks and 'max-length' in kp:
            fail(f'{where}: {name}: kernel max-length {kp["max-length"]},'
                 ' spec has none')
            return
    ok(f'{where}: {name} {kp.get("type")} '
       + (f'{rng[1]}..{rng[2]}' if rng else ''))


def main():
    spec = yaml.safe_load(open(SPEC))
    nlctrl = Nlctrl()
    try:
        fam = nlctrl.family(spec['name'])
    except OSError as e:
        fail(f'family {spec["name"]} not registered: {e}')
        return
    op_policy, policies = nlctrl.policies(fam['id'])

    # family
    version = spec.get('version', 1)
    if fam.get('version') != version:
        fail(f'version {fam.get("version")}, spec {version}')
    else:
        ok(f'version {version}')
    kgroups = sorted(fam['mcast-groups'])
    sgroups = sorted(g['name'] for g in spec.get('mcast-groups', {}).get('list', []))
    if kgroups != sgroups:
        fail(f'multicast groups {kgroups}, spec {sgroups}')
    else:
        ok(f'multicast groups {kgroups}')

    # commands
    kops = {}
    for cmd, flags in fam['ops'].items():
        names = set()
        for bit, n in ((GENL_ADMIN_PERM, 'admin-perm'),
                       (GENL_CMD_CAP_DO, 'cmd-cap-do'),
                       (GENL_CMD_CAP_DUMP, 'cmd-cap-dump')):
            if flags & bit:
                names.add(n)
        kops[cmd] = names
    sops = spec_ops(spec)
    scmds = {}
    for name, (value, op) in sops.items():
        if 'do' in op or 'dump' in op:
            scmds[value] = name
    for cmd in sorted(set(kops) - set(scmds)):
        fail(f'kernel registers command {cmd} the spec has no do/dump for')
    for cmd, name in sorted(scmds.items()):
        op = sops[name][1]
        if cmd not in kops:
            fail(f'{name} (cmd {cmd}): not registered')
            continue
        flags = kops[cmd]
        want = {'cmd-cap-do'} if 'do' in op else set()
        if 'dump' in op:
            want.add('cmd-cap-dump')
        if 'admin-perm' in op.get('flags', []):
            want.add('admin-perm')
        got = flags & {'cmd-cap-do', 'cmd-cap-dump', 'admin-perm'}
        if got != want:
            fail(f'{name} (cmd {cmd}): flags {sorted(got)}, spec {sorted(want)}')
        else:
            ok(f'{name} (cmd {cmd}): {sorted(got)}')

    # policies
    for cmd, name in sorted(scmds.items()):
        op = sops[name][1]
        if cmd not in kops:
            continue
        attrs = attr_specs(spec, op['attribute-set'])
        by_value = {v: n for n, (v, _) in attrs.items()}
        kp = op_policy.get(cmd, {})
        req = {}
        for mode in ('do', 'dump'):
            if mode in op:
                req[mode] = set((op[mode].get('request') or {}).get('attributes', []))
        shared = ('do' in kp and 'dump' in kp and kp['do'] == kp['dump'])
        for mode, want in req.items():
            where = f'{name} {mode}'
            if mode not in kp:
                if want:
                    fail(f'{where}: no policy, spec requests {sorted(want)}')
                else:
                    ok(f'{where}: no policy, no request attributes')
                continue
            table = policies.get(kp[mode], {})
            allowed = set(want)
            if shared:
                for m2 in req.values():
                    allowed |= m2
            for aname in sorted(want):
                value, a = attrs[aname]
                if value not in table:
                    fail(f'{where}: {aname} ({value}) not accepted')
                    continue
                check_attr(spec, where, aname, a, table[value])
            for value in sorted(table):
                aname = by_value.get(value, f'#{value}')
                if aname not in allowed:
                    fail(f'{where}: kernel accepts {aname} ({value}),'
                         ' the spec does not list it')


if __name__ == '__main__':
    main()
    if errors:
        print(f'{len(errors)} disagreement(s) between kernel and spec')
        sys.exit(1)
    print('kernel policy agrees with the spec')
    sys.exit(0)
