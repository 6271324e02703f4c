#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""
Netlink side of perms.sh: the cpo family's permissions, driven by the spec.

  perms_nl.py YNL_DIR SPEC plan ID DFS_ENGINE PLAN (root)
  perms_nl.py YNL_DIR SPEC run PLAN WHO [READY]  (any user)
  perms_nl.py YNL_DIR SPEC verify PLAN           (root)
  perms_nl.py - - netns FAMILY_ID                (root, in a new netns)

YNL_DIR holds the kernel's YNL library (the "lib" package of
tools/net/ynl), SPEC is Documentation/netlink/specs/cpo.yaml.

plan: the objects of device cposim<ID>, a latched alarm on its first engine
(the engine's overtemp knob DFS_ENGINE/overtemp raised and lowered), the
state every admin command could change, and one request per get/dump of
every operation of the spec and at least one valid, state-changing
request per admin-perm operation; as JSON.

run: sends every request of PLAN as the current user (WHO names it in the
messages): gets and dumps must succeed, admin-perm requests must fail with
EPERM. With READY, first subscribes to the monitor group, creates the file
READY, and at the end waits for a notification (the caller makes one).

verify: first, the state now is the state of PLAN (nothing the other
users tried changed it); then root sends each admin request marked "verify" (it succeeds and
changes the state: the request was valid and a change would have been
seen), then its "restore" request.

netns: in a network namespace other than the initial one the family is not
found (CTRL_CMD_GETFAMILY: ENOENT, not in the family dump) and the initial
namespace's family id does not reach it.

Each check prints "PASS: ..." or "FAIL: ..." (common.sh's format); other
lines start with "#". Exit status 0 unless the script itself broke.
"""
import errno
import json
import os
import socket
import struct
import sys
import time

ADMIN_ERRNO = 1  # EPERM
WAIT_S = 20  # bound of every wait for a state (common.sh's WAIT_S)
SO_RCVBUFFORCE = getattr(socket, 'SO_RCVBUFFORCE', 33)


def out(line):
    print(line, flush=True)


def check(ok, desc, why=''):
    out(('PASS: ' if ok else 'FAIL: ') + desc + ('' if ok or not why else ': ' + why))
    return ok


# --------------------------------------------------------------- raw genl

NETLINK_GENERIC = 16
NLMSG_ERROR, NLMSG_DONE = 2, 3
NLM_F_REQUEST, NLM_F_ACK, NLM_F_DUMP = 0x1, 0x4, 0x300
GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME = 1, 2


def raw_request(family, cmd, attrs=b'', dump=False):
    """Errno of a generic netlink request (0: success), and the replies."""
    with socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                       NETLINK_GENERIC) as sk:
        payload = struct.pack('BBH', cmd, 1, 0) + attrs
        flags = NLM_F_REQUEST | NLM_F_ACK | (NLM_F_DUMP if dump else 0)
        sk.send(struct.pack('IHHII', 16 + len(payload), family, flags, 1, 0)
                + payload)
        replies = []
        while True:
            data = sk.recv(1 << 20)
            off = 0
            while off + 16 <= len(data):
                mlen, mtype = struct.unpack_from('IH', data, off)
                msg = data[off + 16:off + mlen]
                off += (mlen + 3) & ~3
                if mtype == NLMSG_DONE:
                    return 0, replies
                if mtype == NLMSG_ERROR:
                    return -struct.unpack_from('i', msg)[0], replies
                replies.append(msg)


def nla(atype, data):
    return struct.pack('HH', 4 + len(data), atype) + data + \
        b'\0' * (-len(data) % 4)


def family_names(replies):
    names = []
    for msg in replies:
        off = 4
        while off + 4 <= len(msg):
            alen, atype = struct.unpack_from('HH', msg, off)
            if alen < 4:
                break
            if atype == CTRL_ATTR_FAMILY_NAME:
                names.append(msg[off + 4:off + alen].rstrip(b'\0').decode())
            off += (alen + 3) & ~3
    return names


def netns_mode(family_id):
    # the netns check needs neither YNL nor the spec: it must not depend on
    # resolving the family, which is what fails here
    err, _ = raw_request(GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
                         nla(CTRL_ATTR_FAMILY_NAME, b'cpo\0'))
    check(err == 2, 'new netns: CTRL_CMD_GETFAMILY "cpo" fails with ENOENT',
          f'errno {err} ({os.strerror(err) if err else "found"})')
    err, replies = raw_request(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, dump=True)
    names = family_names(replies)
    check(err == 0 and 'nlctrl' in names and 'cpo' not in names,
          'new netns: the family dump lists nlctrl but not cpo',
          f'errno {err}, families {names}')
    # engine-get is command 1 of the spec; a dump and a do by the family id
    # of the initial namespace
    for dump in (True, False):
        err, replies = raw_request(family_id, 1, dump=dump)
        check(err != 0 and not replies,
              f'new netns: an engine-get {"dump" if dump else "do"} to the '
              f'initial namespace\'s family id {family_id} is refused',
              f'errno {err}, {len(replies)} replies')
        out(f'# new netns: engine-get {"dump" if dump else "do"} by id: '
            f'errno {err} ({os.strerror(err) if err else "ok"})')


# --------------------------------------------------------------- YNL side

def load_ynl(ynl_dir, spec):
    sys.path.insert(0, ynl_dir)
    from lib import YnlFamily, NlError  # noqa: E402
    return YnlFamily, NlError


class Cpo:
    def __init__(self, ynl_dir, spec_path):
        import yaml
        self.YnlFamily, self.NlError = load_ynl(ynl_dir, spec_path)
        self.spec_path = spec_path
        with open(spec_path) as f:
            self.spec = yaml.safe_load(f)
        self.ynl = self.YnlFamily(spec_path, '')

    def call(self, op, kind, req):
        """(errno, reply, extack message) of one request."""
        try:
            if kind == 'dump':
                rsp = self.ynl.dump(op, req)
            else:
                rsp = self.ynl.do(op, req, None)
            return 0, rsp, ''
        except self.NlError as e:
            ext = getattr(e.nl_msg, 'extack', None) or {}
            return e.error, None, str(ext.get('msg', ''))

    def ops(self):
        for op in self.spec['operations']['list']:
            if 'do' in op or 'dump' in op:
                yield op


def sorted_by(lst, key):
    return sorted(lst or [], key=lambda x: x.get(key, 0))


def objects(c, dev_id):
    dev = f'cposim{dev_id}'
    _, engines, _ = c.call('engine-get', 'dump', {})
    engines = sorted_by([e for e in engines if e.get('dev-name') == dev], 'id')
    _, lasers, _ = c.call('laser-get', 'dump', {})
    lasers = sorted_by([la for la in lasers if la.get('dev-name') == dev], 'id')
    lanes = []
    for e in engines:
        _, ls, _ = c.call('lane-get', 'dump', {'engine-id': e['id']})
        lanes += sorted_by(ls, 'index')
    return engines, lanes, lasers


# The state an admin command can change, of the device's objects.
ENGINE_KEYS = ('id', 'power-mode')
LANE_KEYS = ('id', 'tx-enable', 'rx-enable', 'power')
LASER_KEYS = ('id', 'enable', 'failover-policy', 'covering-id', 'lane-id',
              'state')
ALARM_KEYS = ('quantity', 'level', 'latched')


def state(c, ctx):
    engines, lanes, lasers = objects(c, ctx['dev'])
    st = {
        'engines': [{k: e.get(k) for k in ENGINE_KEYS} for e in engines],
        'lanes': [{k: la.get(k) for k in LANE_KEYS} for la in lanes],
        'lasers': [{k: la.get(k) for k in LASER_KEYS} for la in lasers],
    }
    for what, key in (('engine', 'engine-id'), ('lane', 'lane-id')):
        err, rsp, _ = c.call('threshold-get', 'do', {key: ctx[what]})
        st[f'{what}-thresholds'] = sorted_by((rsp or {}).get('threshold'),
                                             'quantity') if not err else err
        err, rsp, _ = c.call('alarm-get', 'do', {key: ctx[what]})
        st[f'{what}-alarms'] = sorted(
            ([{k: a.get(k) for k in ALARM_KEYS}
              for a in (rsp or {}).get('alarm', [])]) if not err else [err],
            key=json.dumps)
    return st


def latched(st):
    return [a for a in st['engine-alarms']
            if isinstance(a, dict) and a.get('latched')]


def temp_alarm_active(c, ctx):
    """An engine temperature flag is still active (or alarm-get fails)."""
    err, rsp, _ = c.call('alarm-get', 'do', {'engine-id': ctx['engine']})
    return bool(err) or any(a.get('active')
                            for a in (rsp or {}).get('alarm', [])
                            if a.get('quantity') == 'temperature')


def resolve(ctx, attr_set, name):
    """A valid value for a request attribute naming an object, or None."""
    if name == 'id':
        return ctx.get(attr_set)
    return {'engine-id': ctx['engine'], 'lane-id': ctx['lane'],
            'laser-id': ctx['laser']}.get(name)


def other(v, a, b):
    return b if v == a else a


def admin_requests(name, op, ctx, st):
    """[(request, verify, restore)] for an admin-perm operation."""
    eng = next(e for e in st['engines'] if e['id'] == ctx['engine'])
    lane = next(la for la in st['lanes'] if la['id'] == ctx['lane'])
    laser = next(la for la in st['lasers'] if la['id'] == ctx['laser'])
    if name == 'engine-set':
        pm = eng['power-mode']
        return [({'id': ctx['engine'], 'power-mode': other(pm, 'low', 'high')},
                 True, {'id': ctx['engine'], 'power-mode': pm})]
    if name == 'lane-set':
        tx, rx = lane['tx-enable'], lane['rx-enable']
        return [({'id': ctx['lane'], 'tx-enable': 1 - tx}, True,
                 {'id': ctx['lane'], 'tx-enable': tx}),
                ({'engine-id': ctx['engine'], 'index': 0, 'rx-enable': 1 - rx},
                 True, {'engine-id': ctx['engine'], 'index': 0,
                        'rx-enable': rx}),
                ({'id': ctx['lane'], 'power': other(lane['power'], 'up', 'down')},
                 False, None)]
    if name == 'laser-set':
        pol = laser['failover-policy']
        return [({'id': ctx['laser'],
                  'failover-policy': other(pol, 'auto', 'manual')}, True,
                 {'id': ctx['laser'], 'failover-policy': pol}),
                ({'id': ctx['laser'], 'enable': 1 - laser['enable']}, False,
                 None),
                ({'id': ctx['laser'], 'failover': True}, False, None)]
    if name == 'threshold-set':
        temp = next((t for t in st['engine-thresholds']
                     if isinstance(t, dict) and t.get('quantity') == 'temperature'),
                    None)
        if temp is None or 'high-alarm' not in temp:
            return []
        return [({'engine-id': ctx['engine'],
                  'threshold': [{'quantity': 'temperature',
                                 'high-alarm': temp['high-alarm'] + 1000}]},
                 True,
                 {'engine-id': ctx['engine'],
                  'threshold': [{'quantity': 'temperature',
                                 'high-alarm': temp['high-alarm']}]})]
    if name == 'alarm-clear':
        return [({'engine-id': ctx['engine']}, bool(latched(st)), None),
                ({'lane-id': ctx['lane']}, False, None)]
    if name == 'stats-clear':
        return [({'engine-id': ctx['engine']}, False, None),
                ({'lane-id': ctx['lane']}, False, None)]
    return []


def generic_request(op, kind, ctx):
    """The first request attribute that names one of the objects."""
    attrs = op[kind].get('request', {}).get('attributes', []) \
        if isinstance(op[kind], dict) else []
    for a in attrs:
        v = resolve(ctx, op['attribute-set'], a)
        if v is not None:
            return {a: v}
    return None


def write_knob(path, val):
    with open(path, 'w') as f:
        f.write(val)


def plan_mode(c, dev_id, dfs_engine, path):
    ctx = {'dev': dev_id}
    engines, lanes, lasers = objects(c, dev_id)
    if not engines or not lanes:
        check(False, f'cposim{dev_id} has engines and lanes')
        sys.exit(1)
    # the engine the simulator numbers 0, whose knobs are DFS_ENGINE
    ctx['engine'] = next((e['id'] for e in engines
                          if e.get('location') == f'cposim{dev_id}/oe0'),
                         engines[0]['id'])
    ctx['family-id'] = c.ynl.nlproto.family_id
    ctx['lane'] = next(la['id'] for la in lanes
                       if la['engine-id'] == ctx['engine'])
    primary = [la for la in lasers if la.get('role') == 'primary' and
               'spare-id' in la]
    ctx['laser'] = (primary or lasers or [{'id': None}])[0]['id']
    ctx['trigger-lane'] = lanes[-1]['id']
    ctx['trigger-engine'] = lanes[-1]['engine-id']
    ctx['trigger-index'] = lanes[-1]['index']
    check(ctx['laser'] is not None and bool(primary),
          f'cposim{dev_id} has a primary laser with a spare')

    # a latched alarm, so that alarm-clear has something to clear
    # 30 C ambient + 60 + the power draw: above the default 80 C high alarm
    # and within the 128 C a CMIS temperature can hold
    write_knob(os.path.join(dfs_engine, 'overtemp'), '60')
    end = time.time() + WAIT_S
    st = state(c, ctx)
    while not latched(st) and time.time() < end:
        time.sleep(0.2)
        st = state(c, ctx)
    write_knob(os.path.join(dfs_engine, 'overtemp'), '0')
    out(f'# latched alarms of engine {ctx["engine"]}: {latched(st)}')
    # the reference state: once the temperature flags are no longer
    # active (latched, they stay in the state), and two reads agree
    end = time.time() + WAIT_S
    while temp_alarm_active(c, ctx) and time.time() < end:
        time.sleep(0.1)
    st = state(c, ctx)
    while time.time() < end:
        prev, st = st, state(c, ctx)
        if st == prev:
            break
        time.sleep(0.1)
    if temp_alarm_active(c, ctx):
        out(f'# engine {ctx["engine"]}: a temperature flag still active '
            f'after {WAIT_S} s')

    reqs = []
    for op in c.ops():
        name = op['name']
        admin = 'admin-perm' in op.get('flags', [])
        for kind in ('do', 'dump'):
            if kind not in op:
                continue
            if admin:
                rs = admin_requests(name, op, ctx, st) if kind == 'do' else []
                if not rs:
                    r = generic_request(op, kind, ctx)
                    rs = [(r if r is not None else {}, False, None)]
                    out(f'# {name}: no request builder, sending {rs[0][0]} '
                        '(add one to perms_nl.py)')
                for r, verify, restore in rs:
                    reqs.append({'op': name, 'kind': kind, 'admin': True,
                                 'req': r, 'verify': verify,
                                 'restore': restore})
                continue
            if kind == 'dump':
                reqs.append({'op': name, 'kind': kind, 'admin': False,
                             'req': {}})
            r = generic_request(op, kind, ctx)
            if r is None and kind == 'do':
                check(False, f'{name} do: no request attribute names an '
                      'object (teach perms_nl.py)')
                continue
            if r is not None:
                reqs.append({'op': name, 'kind': kind, 'admin': False,
                             'req': r})
    with open(path, 'w') as f:
        json.dump({'ctx': ctx, 'state': st, 'requests': reqs}, f)
    out(f'# plan: {len(reqs)} requests, context {ctx}')


def run_mode(c, plan, who, ready):
    caps = ''
    with open('/proc/self/status') as f:
        for line in f:
            if line.startswith(('Uid:', 'CapEff:')):
                caps += ' ' + ' '.join(line.split())
    out(f'# {who}:{caps}')
    mon = None
    if ready:
        try:
            mon = c.YnlFamily(c.spec_path, '')
            # every test's notifications come in: a large buffer (past
            # rmem_max only with CAP_NET_ADMIN)
            try:
                mon.sock.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, 8 << 20)
            except OSError:
                mon.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF,
                                    8 << 20)
            mon.ntf_subscribe('monitor')
            check(True, f'{who}: subscribes to the monitor group')
        except OSError as e:
            check(False, f'{who}: subscribes to the monitor group', str(e))
            mon = None
        open(ready, 'w').close()

    n_get = n_admin = 0
    ops = set()
    for r in plan['requests']:
        err, rsp, msg = c.call(r['op'], r['kind'], r['req'])
        ops.add(r['op'])
        desc = f'{who}: {r["op"]} {r["kind"]} {json.dumps(r["req"])}'
        if r['admin']:
            n_admin += 1
            check(err == ADMIN_ERRNO, desc + ' fails with EPERM',
                  f'errno {err} ({os.strerror(err) if err else "succeeded"})')
        else:
            n_get += 1
            ok = err == 0
            why = f'errno {err} ({os.strerror(err)}) {msg}' if err else ''
            if ok and r['kind'] == 'dump' and r['op'] in (
                    'engine-get', 'lane-get', 'laser-get'):
                ok = bool(rsp)
                why = 'empty dump'
            if ok and r['kind'] == 'do' and r['op'] in (
                    'engine-get', 'lane-get', 'laser-get'):
                ok = isinstance(rsp, dict) and 'id' in rsp
                why = f'reply {rsp}'
            check(ok, desc + ' works', why)
    out(f'# {who}: {len(ops)} operations, {n_get} get/dump requests, '
        f'{n_admin} admin requests')

    if mon is not None:
        end = time.time() + WAIT_S
        got = []
        while time.time() < end:
            try:
                mon.check_ntf()
            except OSError as e:
                # an overrun (6.12's check_ntf() lets ENOBUFS through):
                # events were lost, the one awaited perhaps not
                if e.errno != errno.ENOBUFS:
                    raise
                out(f'# {who}: monitor overrun, events lost')
                continue
            got = [n['name'] for n in mon.async_msg_queue]
            if any(n['name'] == 'lane-change-ntf' and
                   n['msg'].get('id') == plan['ctx']['trigger-lane']
                   for n in mon.async_msg_queue):
                break
            time.sleep(0.1)
        check(any(n['name'] == 'lane-change-ntf' and
                  n['msg'].get('id') == plan['ctx']['trigger-lane']
                  for n in mon.async_msg_queue),
              f'{who}: receives the lane-change-ntf of lane '
              f'{plan["ctx"]["trigger-lane"]} on the monitor group',
              f'got {got[:10]}')


def diff(a, b):
    return [k for k in a if a[k] != b.get(k)]


def compare_mode(c, plan, desc):
    st = state(c, plan['ctx'])
    d = diff(plan['state'], st)
    check(not d, desc, '; '.join(
        f'{k}: was {plan["state"][k]}, now {st[k]}' for k in d)[:2000])
    return st


def wait_ready(c, ctx):
    """After a restore: the engine is back to ready (bounded)."""
    end = time.time() + WAIT_S
    while time.time() < end:
        err, rsp, _ = c.call('engine-get', 'do', {'id': ctx['engine']})
        if not err and rsp.get('module-state') == 'ready':
            return
        time.sleep(0.1)


def verify_mode(c, plan):
    ctx = plan['ctx']
    compare_mode(c, plan, 'netlink: the state is unchanged')
    for r in plan['requests']:
        if not r['admin'] or not r.get('verify'):
            continue
        before = state(c, ctx)
        err, _, msg = c.call(r['op'], r['kind'], r['req'])
        desc = f'root: {r["op"]} {json.dumps(r["req"])}'
        if not check(err == 0, desc + ' succeeds (a valid request)',
                     f'errno {err} ({os.strerror(err) if err else ""}) {msg}'):
            continue
        after = state(c, ctx)
        check(before != after, desc + ' changes the state',
              'nothing changed')
        if r.get('restore'):
            err, _, msg = c.call(r['op'], r['kind'], r['restore'])
            check(err == 0, f'root: restore {json.dumps(r["restore"])}',
                  f'errno {err} {msg}')
            wait_ready(c, ctx)


def main():
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    ynl_dir, spec, mode = sys.argv[1:4]
    args = sys.argv[4:]
    if mode == 'netns':
        netns_mode(int(args[0]))
        return
    c = Cpo(ynl_dir, spec)
    if mode == 'plan':
        plan_mode(c, int(args[0]), args[1], args[2])
        return
    with open(args[0]) as f:
        plan = json.load(f)
    if mode == 'run':
        run_mode(c, plan, args[1], args[2] if len(args) > 2 else None)
    elif mode == 'verify':
        verify_mode(c, plan)
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)


if __name__ == '__main__':
    main()
