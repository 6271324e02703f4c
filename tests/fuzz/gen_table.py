#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""
Generate the fuzzer's C table from a YNL netlink spec.

    gen_table.py SPEC OUT.h

Reads Documentation/netlink/specs/cpo.yaml (the source of truth of the
family) and writes the tables tests/fuzz/cpo_fuzz.c includes: the family
name, version and multicast groups; every enum; every attribute set with
each attribute's id, type, checks (min/max, lengths), enum, nested set,
multi-attr and byte order; every operation with its command number,
do/dump, admin-perm and the request (and reply) attributes of each. A new
command or attribute of the spec is fuzzed without editing the fuzzer.

Numbering follows ynl-gen-c (as tests/selftests/policy.py does): attribute
and operation values count from 1 (or an explicit value), enums from
value-start (or an explicit value); an enum attribute without explicit
checks is range-checked by its enum's values.

Each attribute also gets a value pool name: "<set>-id" for an attribute
named "id" (the object's own id), else its own name. The fuzzer fills the
pools with the values it sees in replies (engine dumps give engine-id,
lane dumps lane-id, engine-id and index ...) and draws valid-shaped
request values from them.
"""
import os
import re
import sys

import yaml

TYPES = {
    'flag': 'FZ_FLAG', 'u8': 'FZ_U8', 'u16': 'FZ_U16', 'u32': 'FZ_U32',
    'u64': 'FZ_U64', 's8': 'FZ_S8', 's16': 'FZ_S16', 's32': 'FZ_S32',
    's64': 'FZ_S64', 'uint': 'FZ_UINT', 'sint': 'FZ_SINT',
    'string': 'FZ_STRING', 'binary': 'FZ_BINARY', 'nest': 'FZ_NEST',
    'pad': 'FZ_PAD', 'bitfield32': 'FZ_BITFIELD32',
    'indexed-array': 'FZ_INDEXED_ARRAY',
}
UNSIGNED_BITS = {'u8': 8, 'u16': 16, 'u32': 32, 'u64': 64, 'uint': 64}
SIGNED_BITS = {'s8': 8, 's16': 16, 's32': 32, 's64': 64, 'sint': 64}


def die(msg):
    sys.stderr.write(f'gen_table.py: {msg}\n')
    sys.exit(1)


def c_ident(name):
    return re.sub(r'[^A-Za-z0-9]', '_', name)


def c_str(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'


class Spec:
    def __init__(self, path):
        with open(path, encoding='utf-8') as f:
            self.y = yaml.safe_load(f)
        self.consts = {}
        self.enums = []          # (name, is_flags, [(entry, value)])
        self.enum_index = {}
        for d in self.y.get('definitions', []) or []:
            if d['type'] == 'const':
                self.consts[d['name']] = d['value']
            elif d['type'] in ('enum', 'flags'):
                self.add_enum(d)
        self.sets = {}           # name -> {'attrs': [(name, id, attr)], ...}
        self.set_order = []
        for s in self.y.get('attribute-sets', []) or []:
            self.set_order.append(s['name'])
            self.sets[s['name']] = s
        self.set_attrs = {}
        for name in self.set_order:
            self.set_attrs[name] = self.number_attrs(name)

    def add_enum(self, d):
        flags = d['type'] == 'flags'
        value = d.get('value-start', 0)
        entries = []
        for e in d['entries']:
            if isinstance(e, dict):
                ename = e['name']
                if 'value' in e:
                    value = e['value']
            else:
                ename = e
            entries.append((ename, (1 << value) if flags else value))
            value += 1
        self.enum_index[d['name']] = len(self.enums)
        self.enums.append((d['name'], flags, entries))

    def number_attrs(self, set_name):
        s = self.sets[set_name]
        if 'subset-of' in s:
            parent = {n: (v, a) for n, v, a in self.number_attrs(s['subset-of'])}
            out = []
            for a in s['attributes']:
                if a['name'] not in parent:
                    die(f'{set_name}: {a["name"]} not in {s["subset-of"]}')
                v, pa = parent[a['name']]
                merged = dict(pa)
                merged.update(a)
                out.append((a['name'], v, merged))
            return out
        out = []
        value = 1
        for a in s['attributes']:
            if 'value' in a:
                value = a['value']
            out.append((a['name'], value, a))
            value += 1
        return out

    def number(self, v):
        if isinstance(v, int):
            return v
        if isinstance(v, str):
            if v in self.consts:
                return self.number(self.consts[v])
            m = re.fullmatch(r'([us])(8|16|32|64)-(min|max)', v)
            if m:
                bits = int(m.group(2))
                if m.group(1) == 'u':
                    return (1 << bits) - 1 if m.group(3) == 'max' else 0
                return ((1 << (bits - 1)) - 1 if m.group(3) == 'max'
                        else -(1 << (bits - 1)))
        die(f'cannot resolve check value {v!r}')

    def ops(self):
        value = 1
        for op in self.y['operations']['list']:
            if 'value' in op:
                value = op['value']
            yield value, op
            value += 1


def attr_range(spec, a):
    """(has_min, min, has_max, max) of a scalar attribute's valid values."""
    t = a['type']
    checks = dict(a.get('checks', {}) or {})
    lo = hi = None
    if 'min' in checks:
        lo = spec.number(checks['min'])
    if 'max' in checks:
        hi = spec.number(checks['max'])
    if 'enum' in a and a['enum'] in spec.enum_index and \
            not a.get('enum-as-flags'):
        _, flags, entries = spec.enums[spec.enum_index[a['enum']]]
        if not flags and entries:
            vals = [v for _, v in entries]
            if lo is None:
                lo = min(vals)
            if hi is None:
                hi = max(vals)
    if t in UNSIGNED_BITS:
        tmax = (1 << UNSIGNED_BITS[t]) - 1
        return (lo is not None, lo if lo is not None else 0,
                hi is not None, hi if hi is not None else tmax)
    if t in SIGNED_BITS:
        bits = SIGNED_BITS[t]
        return (lo is not None, lo if lo is not None else -(1 << (bits - 1)),
                hi is not None, hi if hi is not None else (1 << (bits - 1)) - 1)
    return (False, 0, False, 0)


def lit(v, signed):
    """A C literal for the int64/uint64 fields."""
    if signed:
        if v == -(1 << 63):
            return '(-9223372036854775807LL - 1)'
        return f'{v}LL'
    return f'{v}ULL'


def generate(spec_path, out_path):
    spec = Spec(spec_path)
    y = spec.y
    lines = []
    w = lines.append
    rel = os.path.relpath(spec_path, os.path.join(os.path.dirname(
        os.path.abspath(__file__)), '..', '..'))
    w('/* SPDX-License-Identifier: GPL-2.0 */')
    w('/* Generated by tests/fuzz/gen_table.py from ' + rel + ': do not edit. */')
    w('')
    w(f'#define FZ_FAMILY_NAME {c_str(y["name"])}')
    w(f'#define FZ_FAMILY_VERSION {int(y.get("version", 1))}')
    w('')

    # enums
    for name, flags, entries in spec.enums:
        w(f'static const struct fz_enum_entry fz_enum_{c_ident(name)}[] = {{')
        for ename, v in entries:
            w(f'\t{{ {c_str(ename)}, {v}LL }},')
        w('};')
    w('')
    w('static const struct fz_enum fz_enums[] = {')
    for name, flags, entries in spec.enums:
        w(f'\t{{ {c_str(name)}, {1 if flags else 0}, {len(entries)}, '
          f'fz_enum_{c_ident(name)} }},')
    if not spec.enums:
        w('\t{ "", 0, 0, NULL },')
    w('};')
    w(f'#define FZ_N_ENUMS {len(spec.enums)}')
    w('')

    # value pools
    pools = []

    def pool_of(set_name, aname):
        key = f'{set_name}-id' if aname == 'id' else aname
        if key not in pools:
            pools.append(key)
        return pools.index(key)

    # attribute sets
    set_index = {n: i for i, n in enumerate(spec.set_order)}
    for sname in spec.set_order:
        attrs = spec.set_attrs[sname]
        w(f'static const struct fz_attr fz_attrs_{c_ident(sname)}[] = {{')
        for aname, aid, a in attrs:
            t = a['type']
            ftype = TYPES.get(t, 'FZ_BINARY')
            signed = t in SIGNED_BITS
            has_min, vmin, has_max, vmax = attr_range(spec, a)
            checks = a.get('checks', {}) or {}
            min_len = spec.number(checks['min-len']) if 'min-len' in checks else 0
            max_len = spec.number(checks['max-len']) if 'max-len' in checks else 0
            if 'exact-len' in checks:
                min_len = max_len = spec.number(checks['exact-len'])
            enum = spec.enum_index.get(a.get('enum'), -1) \
                if 'enum' in a else -1
            nested = -1
            if t in ('nest', 'indexed-array') and 'nested-attributes' in a:
                if a['nested-attributes'] not in set_index:
                    die(f'{sname}.{aname}: unknown nested set '
                        f'{a["nested-attributes"]}')
                nested = set_index[a['nested-attributes']]
            be = 1 if a.get('byte-order') == 'big-endian' else 0
            multi = 1 if a.get('multi-attr') else 0
            w(f'\t{{ .name = {c_str(aname)}, .id = {aid}, .type = {ftype}, '
              f'.multi = {multi}, .big_endian = {be},')
            if signed:
                rng = f'.smin = {lit(vmin, True)}, .smax = {lit(vmax, True)}'
            else:
                rng = f'.umin = {lit(vmin, False)}, .umax = {lit(vmax, False)}'
            w(f'\t  .has_min = {int(has_min)}, .has_max = {int(has_max)}, '
              f'{rng},')
            w(f'\t  .min_len = {min_len}, .max_len = {max_len}, '
              f'.enumeration = {enum}, .nested = {nested}, '
              f'.pool = {pool_of(sname, aname)} }},')
        w('};')
    w('')
    w('static const struct fz_set fz_sets[] = {')
    for sname in spec.set_order:
        attrs = spec.set_attrs[sname]
        max_id = max([aid for _, aid, _ in attrs] or [0])
        w(f'\t{{ {c_str(sname)}, {len(attrs)}, {max_id}, '
          f'fz_attrs_{c_ident(sname)} }},')
    w('};')
    w(f'#define FZ_N_SETS {len(spec.set_order)}')
    w('')
    w('static const char *const fz_pools[] = {')
    for p in pools:
        w(f'\t{c_str(p)},')
    w('};')
    w(f'#define FZ_N_POOLS {len(pools)}')
    w('')

    # operations
    notify_set = {}
    for _, op in spec.ops():
        if 'attribute-set' in op:
            notify_set[op['name']] = op['attribute-set']
    op_rows = []
    for value, op in spec.ops():
        name = op['name']
        sname = op.get('attribute-set')
        if sname is None and 'notify' in op:
            sname = notify_set.get(op['notify'])
        if sname is None or sname not in set_index:
            die(f'operation {name}: no attribute set')
        ids = {n: aid for n, aid, _ in spec.set_attrs[sname]}

        def attr_list(part, what):
            if not part:
                return None
            sub = part.get(what) if isinstance(part, dict) else None
            if not sub:
                return []
            out = []
            for an in sub.get('attributes', []) or []:
                if an not in ids:
                    die(f'operation {name}: {an} not in set {sname}')
                out.append(ids[an])
            return out

        row = {'name': name, 'cmd': value, 'set': set_index[sname],
               'has_do': 'do' in op, 'has_dump': 'dump' in op,
               'admin': 'admin-perm' in (op.get('flags') or []),
               'notify': 'notify' in op or 'event' in op}
        for part in ('do', 'dump'):
            p = op.get(part)
            row[part + '_req'] = attr_list(p, 'request') or []
            row[part + '_rep'] = attr_list(p, 'reply') or []
        if 'event' in op:
            row['ntf'] = [ids[a] for a in op['event'].get('attributes', [])]
        elif 'notify' in op:
            src = next((o for _, o in spec.ops() if o['name'] == op['notify']),
                       None)
            rep = []
            for part in ('do', 'dump'):
                if src and part in src and src[part].get('reply'):
                    rep = [ids[a] for a in src[part]['reply']['attributes']]
                    break
            row['ntf'] = rep
        else:
            row['ntf'] = []
        op_rows.append(row)
        for key in ('do_req', 'dump_req', 'do_rep', 'dump_rep', 'ntf'):
            lst = row[key]
            w(f'static const uint16_t fz_op_{c_ident(name)}_{key}[] = '
              f'{{ {", ".join(str(x) for x in lst) or "0"} }};')
    w('')
    w('static const struct fz_op fz_ops[] = {')
    for r in op_rows:
        n = c_ident(r['name'])
        w(f'\t{{ .name = {c_str(r["name"])}, .cmd = {r["cmd"]}, '
          f'.set = {r["set"]}, .has_do = {int(r["has_do"])}, '
          f'.has_dump = {int(r["has_dump"])}, .admin = {int(r["admin"])}, '
          f'.notify = {int(r["notify"])},')
        parts = []
        for key in ('do_req', 'dump_req', 'do_rep', 'dump_rep', 'ntf'):
            parts.append(f'.{key} = fz_op_{n}_{key}, '
                         f'.n_{key} = {len(r[key])}')
        w('\t  ' + ',\n\t  '.join(parts) + ' },')
    w('};')
    w(f'#define FZ_N_OPS {len(op_rows)}')
    w('')
    groups = [g['name'] for g in (y.get('mcast-groups') or {}).get('list', [])]
    w('static const char *const fz_mcgrps[] = {')
    for g in groups:
        w(f'\t{c_str(g)},')
    if not groups:
        w('\tNULL,')
    w('};')
    w(f'#define FZ_N_MCGRPS {len(groups)}')

    os.makedirs(os.path.dirname(os.path.abspath(out_path)), exist_ok=True)
    tmp = out_path + '.tmp'
    with open(tmp, 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines) + '\n')
    os.replace(tmp, out_path)


def main():
    if len(sys.argv) != 3:
        die('usage: gen_table.py SPEC OUT.h')
    generate(sys.argv[1], sys.argv[2])


if __name__ == '__main__':
    main()
