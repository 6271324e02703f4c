#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""
Driver of cli_fuzz.sh: random cpoctl command lines against the live kernel.

  cli_fuzz.py CPOCTL HARNESS IDS_JSON SECONDS MAX SEED FAILFILE

CPOCTL is cpoctl built with -fsanitize=address,undefined, HARNESS the fork
server linked from the same objects (cli_fuzz_harness.c), IDS_JSON the ids
of a simulated device ({"engine": [...], "lane": [...], "laser": [...]}).
The sanitizers' options come from the environment.

The words come from cpoctl's own help (objects, commands, keywords, values
and example numbers), so a new command is fuzzed without editing this
file; ids are the device's, edge cases and random numbers; junk is random
bytes, long strings (to 64 KiB), unicode, format strings, huge numbers.

First the help texts and a fixed corpus (through exec of CPOCTL itself),
then random command lines through two fork servers until SECONDS have passed or MAX command
lines have run. Fails on any sanitizer report, any exit status but 0, 1 or
2, a signal, a non-zero exit without a message on stderr, a hang, or
JSON output that does not parse. Two kinds of command wait by design:
cpoctl monitor runs until stopped and must exit 0 on SIGTERM; a lane test
or self-test with a gating time is followed until it ends, and after
TEST_TIMEOUT_MS must stop it on SIGTERM and exit 1 saying so. Each failure prints its argv (shell
quoted) and is written whole to FAILFILE. Prints the number of
invocations and the histogram of exit statuses.
"""
import collections
import json
import random
import re
import shlex
import signal
import subprocess
import sys
import threading
import time

SAN_RE = re.compile(rb'AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|'
                    rb'runtime error:|ERROR: [A-Za-z]*Sanitizer|SUMMARY: [A-Za-z]*Sanitizer')
MON_TIMEOUT_MS = 1500
TEST_TIMEOUT_MS = 5000
TIMEOUT_MS = 30000
CAPTURE = 65536

OPTS = [b'-j', b'-p', b'-V', b'-h', b'--json', b'--pretty', b'--version',
        b'--help', b'-jp', b'-pj', b'-x', b'--bogus', b'--', b'-', b'--js',
        b'-jjjj', b'---', b'--json=1', b'-j-p', b'-force', b'-b', b'--batch',
        b'-batch', b'-b-']
EDGE_IDS = [b'0', b'1', b'4294967295', b'4294967296', b'-1', b'+1', b'-0',
            b'18446744073709551615', b'18446744073709551616',
            b'99999999999999999999999999999', b'1e3', b'0x1', b'0x', b'01',
            b'00000000000000000000000001', b' 1', b'1 ', b'', b'1.5',
            '١'.encode(), '１'.encode(), b'2147483647', b'2147483648',
            b'-2147483649', b'id', b'nan']
EDGE_VALUES = [b'0', b'-0', b'1', b'-1', b'1e999', b'-1e999', b'1e-999',
               b'nan', b'inf', b'-inf', b'NaN', b'0.0000000000000000001',
               b'9223372036854775807', b'9223372036854775808',
               b'-9223372036854775809', b'18446744073709551616',
               b'1.7976931348623157e308', b'4.9e-324', b'2.4e-4', b'75.5C',
               b'-40C', b'3.465V', b'12.5W', b'0.05mW', b'70mA', b'1e-5',
               b'-3dBm', b'1mW', b'100uW', b'5nW', b'1kW', b'none', b'None',
               b'75.5 C', b'75..5', b'--5', b'.', b'e', b'1e', b'0x1p3',
               b'1,5', b'1_000', b'\xe2\x88\x9e']
UNICODE = ['é', '🔥', '\u202e', 'e\u0301', '\u200b', 'Ω', '日本語', '\ufeff',
           'ｅｎｇｉｎｅ', 'ѕhow']
FORMATS = [b'%s', b'%n', b'%s%s%s%s%s%n', b'%x' * 40, b'%99999999d', b'%',
           b'\\', b'"', b"'", b'$(id)', b'`id`', b'\\u0000', b'{}', b'[]',
           b'null', b'\x1b[31m', b'\r', b'\n', b'\t', b' ', b'  ']


def usage_statements(text):
    """The command lines of a help text's Usage block, continuations joined"""
    out = []
    for line in text.splitlines():
        st = line.strip()
        if st.startswith('Usage:'):
            st = st[len('Usage:'):].strip()
        if st.startswith('cpoctl '):
            out.append(st[len('cpoctl '):])
        elif out and st[:1] in ('[', '{') and line[:1].isspace():
            out[-1] += ' ' + st
    return out


def definitions(text):
    """NAME := { a | b } of a help text, as {NAME: [a, b]}"""
    defs = {}
    for m in re.finditer(r'([A-Z_]+) := \{([^}]*)\}', text, re.S):
        defs[m.group(1)] = re.findall(r'[a-z][a-z0-9-]*', m.group(2))
    return defs


def parse_seq(toks, i, stop):
    """[alternatives...] of a usage syntax from toks[i]; returns (alts, i)"""
    alts, seq = [], []
    while i < len(toks) and toks[i] not in stop:
        t = toks[i]
        if t == '|':
            alts.append(seq)
            seq = []
            i += 1
        elif t in ('[', '{'):
            sub, i = parse_seq(toks, i + 1, (']', '}'))
            seq.append(('opt' if t == '[' else 'alt', sub))
            i += 1
        else:
            seq.append(('tok', t))
            i += 1
    alts.append(seq)
    return alts, i


def parse_template(stmt):
    toks = stmt.replace('[', ' [ ').replace(']', ' ] ').replace(
        '{', ' { ').replace('}', ' } ').replace('|', ' | ').split()
    alts, _ = parse_seq(toks, 0, ())
    return alts


def parse_help(texts):
    """objects, {obj: commands}, {obj: keywords}, all words, numbers"""
    main = texts['']
    m = re.search(r'OBJECT := \{([^}]*)\}', main, re.S)
    objects = re.findall(r'[a-z][a-z0-9-]*', m.group(1)) if m else []
    cmds, kws, words, nums = {}, {}, set(), set()
    for obj in objects:
        t = texts.get(obj, '')
        c, k = set(), set()
        for line in t.splitlines():
            mm = re.search(r'cpoctl (?:\[[^\]]*\] )?' + re.escape(obj) +
                           r' (\S+)(.*)', line)
            if not mm:
                continue
            first = mm.group(1)
            if re.fullmatch(r'[a-z][a-z0-9-]*', first):
                c.add(first)
            else:
                c.update(re.findall(r'[a-z][a-z0-9-]*',
                                    first + mm.group(2).split('}')[0]))
        for grp in re.findall(r'\{[^}]*\}|\[[^\]]*\]', t, re.S):
            k.update(re.findall(r'(?<![A-Za-z0-9_])[a-z][a-z0-9-]*', grp))
        nums.update(re.findall(r'(?<![\w.])-?\d+(?:\.\d+)?(?:e-?\d+)?[A-Za-z]*', t))
        cmds[obj] = sorted(c) or ['show']
        kws[obj] = sorted(k)
        words |= c | k
    words |= set(objects)
    templates, defs = [], {}
    for obj in objects:
        t = texts.get(obj, '')
        defs.update(definitions(t))
        for stmt in usage_statements(t):
            if stmt.split()[0:1] == [obj] or obj in stmt.split()[:3]:
                templates.append(parse_template(stmt))
    return objects, cmds, kws, sorted(words), sorted(nums), templates, defs


class Gen:
    def __init__(self, rnd, ids, objects, cmds, kws, words, nums,
                 templates=(), defs=None):
        self.r, self.ids = rnd, ids
        self.templates, self.defs = list(templates), defs or {}
        self.objects, self.cmds, self.kws = objects, cmds, kws
        self.words = [w.encode() for w in words]
        self.nums = [n.encode() for n in nums]
        self.all_ids = [str(i).encode() for v in ids.values() for i in v]

    def junk(self):
        r = self.r
        x = r.random()
        if x < 0.25:
            return bytes(r.choice(range(0x21, 0x7f)) for _ in range(r.randint(1, 30)))
        if x < 0.4:
            return bytes(r.randint(1, 255) for _ in range(r.randint(1, 30)))
        if x < 0.5:
            n = r.choice([255, 256, 1023, 1024, 4095, 4096, 4097, 65535, 65536])
            return (r.choice([b'A', b'9', b'-', b'e', b'\xc3\xa9']) * n)[:n]
        if x < 0.65:
            return r.choice(UNICODE).encode()
        if x < 0.85:
            return r.choice(FORMATS)
        return str(r.randint(0, 10 ** r.randint(1, 60))).encode()

    def id(self):
        r = self.r
        x = r.random()
        if x < 0.5 and self.all_ids:
            return r.choice(self.all_ids)
        if x < 0.8:
            return r.choice(EDGE_IDS)
        if x < 0.9:
            return str(r.randint(0, 2 ** 32 - 1)).encode()
        return self.junk()

    def value(self):
        r = self.r
        x = r.random()
        if x < 0.45:
            return r.choice(self.words or [b'on'])
        if x < 0.6 and self.nums:
            return r.choice(self.nums)
        if x < 0.85:
            return r.choice(EDGE_VALUES)
        return self.junk()

    def placeholder(self, name):
        r = self.r
        ids = self.ids
        if name in self.defs and r.random() < 0.9:
            return r.choice(self.defs[name]).encode()
        pick = {'ENGINE_ID': 'engine', 'LANE_ID': 'lane', 'LASER_ID': 'laser'}
        if name in pick and ids.get(pick[name]) and r.random() < 0.8:
            return str(r.choice(ids[pick[name]])).encode()
        if name == 'LANE_INDEX' and r.random() < 0.8:
            return str(r.randint(0, 4)).encode()
        if name in ('N', 'SECONDS', 'BYTES', 'COUNT') and r.random() < 0.7:
            return str(r.choice([0, 1, 2, 1024, 65536, 4096 * 1024])).encode()
        if name == 'VALUE' and r.random() < 0.6 and self.nums:
            return r.choice(self.nums)
        return self.id() if name.endswith(('_ID', 'INDEX')) else self.value()

    def expand(self, alts, out):
        r = self.r
        for kind, x in r.choice(alts):
            if kind == 'tok':
                if re.fullmatch(r'[A-Z][A-Z0-9_]*', x):
                    out.append(self.placeholder(x))
                else:
                    out.append(x.encode())
            elif kind == 'opt':
                if r.random() < 0.5:
                    self.expand(x, out)
            else:
                self.expand(x, out)
        return out

    def argv(self):
        r = self.r
        argv = []
        if self.templates and r.random() < 0.45:
            if r.random() < 0.2:
                argv.append(r.choice(OPTS[:4]))
            self.expand(r.choice(self.templates), argv)
            return self.mutate(argv)
        if r.random() < 0.25:
            argv += r.sample(OPTS, r.randint(1, 2))
        x = r.random()
        if x < 0.85 and self.objects:
            obj = r.choice(self.objects)
        elif x < 0.9:
            obj = 'help'
        else:
            argv.append(r.choice(self.words + [self.junk()]) if r.random() < 0.5
                        else self.junk())
            return self.mutate(argv)
        argv.append(obj.encode())
        x = r.random()
        if x < 0.08:
            if obj == 'monitor' and r.random() < 0.7:
                argv.append(b'help')
        elif x < 0.15:
            argv.append(b'help')
            if r.random() < 0.3:
                argv.append(self.value())
        elif x < 0.7:
            cmds = self.cmds.get(obj, ['show'])
            argv.append(r.choice(cmds).encode())
            kws = [k.encode() for k in self.kws.get(obj, [])]
            if r.random() < 0.4 and kws:
                argv.append(r.choice(kws))
            for _ in range(r.choice([0, 1, 1, 2, 2, 3])):
                argv.append(self.id())
            for _ in range(r.choice([0, 0, 1, 1, 2, 3])):
                argv.append(r.choice(kws) if kws and r.random() < 0.8
                            else self.value())
                if r.random() < 0.85:
                    argv.append(self.value())
        else:
            for _ in range(r.randint(1, 6)):
                y = r.random()
                argv.append(r.choice(self.words) if y < 0.4 and self.words else
                            self.id() if y < 0.7 else
                            self.value() if y < 0.9 else self.junk())
        return self.mutate(argv)

    def mutate(self, argv):
        r = self.r
        if r.random() >= 0.3 or not argv:
            return argv
        for _ in range(r.randint(1, 2)):
            i = r.randrange(len(argv))
            op = r.random()
            if op < 0.35:
                argv[i] = self.junk()
            elif op < 0.55 and len(argv) > 1:
                del argv[i]
            elif op < 0.7:
                argv.insert(i, argv[i])
            elif op < 0.9:
                argv.insert(r.randint(0, len(argv)), r.choice(self.words or [b'x']))
            else:
                del argv[i + 1:]
            if not argv:
                break
        return argv


def obj_of(argv):
    """cpoctl's object: the first argument that is not an option"""
    for i, a in enumerate(argv):
        if a == b'--':
            return argv[i + 1] if i + 1 < len(argv) else None
        if a.startswith(b'-') and a != b'-':
            continue
        return a
    return None


def waits(argv):
    """'monitor' or 'test' for a command that waits by design, else None"""
    obj = obj_of(argv)
    if b'help' in argv:
        return None
    if obj == b'monitor':
        return 'monitor'
    if obj in (b'lane', b'selftest') and b'gate' in argv:
        return 'test'
    return None


def timeout_of(argv):
    return {'monitor': MON_TIMEOUT_MS, 'test': TEST_TIMEOUT_MS}.get(
        waits(argv), TIMEOUT_MS)


def quoted(argv, limit=600):
    s = ' '.join(shlex.quote(a.decode('utf-8', 'backslashreplace')) for a in argv)
    return s if len(s) <= limit else s[:limit] + f'... ({len(s)} chars)'


class Results:
    def __init__(self, failfile):
        self.lock = threading.Lock()
        self.hist = collections.Counter()
        self.by_obj = collections.Counter()
        self.n = collections.Counter()
        self.failures = []
        self.failfile = failfile

    def add(self, phase, argv, kind, code, out, err):
        obj = obj_of(argv)
        wait = waits(argv)
        monitor = wait == 'monitor'
        bad = None
        if SAN_RE.search(err):
            bad = 'sanitizer report'
        elif kind == 'signal':
            bad = f'killed by signal {code}'
        elif kind in ('timeout', 'timeout-signal') and not wait:
            bad = f'no end within {TIMEOUT_MS} ms'
        elif kind == 'timeout-signal' and code != signal.SIGTERM:
            bad = f'killed by signal {code} after SIGTERM'
        elif kind == 'timeout' and monitor and code != 0:
            bad = f'monitor exited {code} on SIGTERM'
        elif kind == 'timeout' and wait == 'test' and \
                (code != 1 or b'interrupted' not in err):
            bad = f'a test exited {code} on SIGTERM, without "interrupted"'
        elif kind == 'exit' and code not in (0, 1, 2):
            bad = f'exit status {code}'
        elif kind == 'exit' and code != 0 and not err.strip():
            bad = f'exit {code} without a message on stderr'
        elif kind == 'exit' and code == 0 and len(out) < CAPTURE and \
                out.lstrip()[:1] in (b'[', b'{'):
            try:
                if monitor or obj == b'monitor':
                    for line in out.splitlines():
                        if line.strip():
                            json.loads(line)
                else:
                    json.loads(out)
            except ValueError as e:
                bad = f'JSON output does not parse: {e}'
        if kind == 'exit':
            key = f'exit {code}'
        elif kind == 'timeout' and wait:
            key = f'{wait} stopped by SIGTERM'
        elif kind == 'timeout-signal' and wait:
            key = f'{wait} killed by SIGTERM before its handler'
        else:
            key = f'{kind} {code}'
        with self.lock:
            self.n[phase] += 1
            self.hist[key] += 1
            self.by_obj[(obj or b'-').decode('utf-8', 'replace')[:20]] += 1
            if bad:
                self.failures.append((bad, argv, kind, code, err))
                with open(self.failfile, 'ab') as f:
                    f.write(f'# {bad} ({kind} {code})\n'.encode())
                    f.write(b'\0'.join(argv) + b'\0\n')
                    f.write(err[:8000] + b'\n')


def run_exec(cpoctl, argv):
    """(kind, code, out, err) of one exec of CPOCTL"""
    p = subprocess.Popen([cpoctl] + argv, stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        out, err = p.communicate(timeout=timeout_of(argv) / 1000)
        return 'exit' if p.returncode >= 0 else 'signal', abs(p.returncode), out, err
    except subprocess.TimeoutExpired:
        p.send_signal(signal.SIGTERM)
        try:
            out, err = p.communicate(timeout=5)
        except subprocess.TimeoutExpired:
            p.kill()
            out, err = p.communicate()
        rc = p.returncode
        return ('timeout' if rc >= 0 else 'timeout-signal'), abs(rc), out, err


class Server:
    def __init__(self, harness):
        self.p = subprocess.Popen([harness], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE)

    def run(self, argv):
        t = timeout_of(argv)
        self.p.stdin.write(f'{len(argv)} {t}\n'.encode() +
                           b''.join(a + b'\0' for a in argv))
        self.p.stdin.flush()
        head = self.p.stdout.readline().split()
        if len(head) != 4:
            raise RuntimeError(f'harness ended: {head}')
        kind, code, olen, elen = head[0].decode(), int(head[1]), int(head[2]), int(head[3])
        out = self.p.stdout.read(olen)
        err = self.p.stdout.read(elen)
        return kind, code, out, err

    def close(self):
        self.p.stdin.close()
        rc = self.p.wait()
        return rc


def main():
    cpoctl, harness, ids_json, seconds, max_n, seed, failfile = sys.argv[1:8]
    seconds, max_n, seed = float(seconds), int(max_n), int(seed)
    ids = json.loads(ids_json)
    open(failfile, 'wb').close()
    res = Results(failfile)
    start = time.time()

    # ---- the grammar: cpoctl's help texts, through a fork server
    texts = {}
    srv = Server(harness)
    kind, code, out, err = srv.run([b'help'])
    res.add('fork', [b'help'], kind, code, out, err)
    texts[''] = (out + err).decode('utf-8', 'replace')
    objects = []
    m = re.search(r'OBJECT := \{([^}]*)\}', texts[''], re.S)
    if m:
        objects = re.findall(r'[a-z][a-z0-9-]*', m.group(1))
    for obj in objects:
        argv = [obj.encode(), b'help']
        kind, code, out, err = srv.run(argv)
        res.add('fork', argv, kind, code, out, err)
        texts[obj] = (out + err).decode('utf-8', 'replace')
    srv.close()
    objects, cmds, kws, words, nums, templates, defs = parse_help(texts)
    print(f'# grammar from cpoctl help: objects {objects}; commands '
          f'{cmds}; {len(words)} words; {len(templates)} usage templates; '
          f'definitions {sorted(defs)}; example numbers {nums[:20]}', flush=True)
    if not objects:
        print('FAIL: cpoctl help lists no objects', flush=True)

    # ---- a fixed corpus through exec of the sanitized cpoctl itself
    e = str(ids['engine'][0]).encode() if ids.get('engine') else b'0'
    corpus = [[], [b'-V'], [b'bogus'], [b'A' * 65536], ['🔥'.encode()],
              [b'-j', b'engine', b'show'], [b'-j', b'-p', b'lane', b'show', e, b'0'],
              [b'engine', b'show', b'99999999999999999999999999'],
              [b'engine', b'set', e, b'power-mode', b'%n%n%n'],
              [b'-j', b'monitor'],
              # wait until stopped by SIGTERM, then say so
              [b'selftest', e, b'gate', b'3600000', b'force'],
              [b'lane', b'test', e, b'1', b'side', b'host', b'gate', b'3600000',
               b'force']]
    for argv in corpus:
        kind, code, out, err = run_exec(cpoctl, argv)
        res.add('exec', argv, kind, code, out, err)
    print(f'# exec phase: {res.n["exec"]} invocations in '
          f'{time.time() - start:.1f} s', flush=True)

    # ---- fork servers: random command lines
    deadline = start + seconds
    left = [max(0, max_n - res.n['exec'] - res.n['fork'])]
    errors = []

    def worker(i):
        rnd = random.Random(seed * 7919 + i)
        gen = Gen(rnd, ids, objects, cmds, kws, words, nums, templates, defs)
        srv = Server(harness)
        try:
            while time.time() < deadline:
                with res.lock:
                    if left[0] <= 0:
                        break
                    left[0] -= 1
                argv = gen.argv()
                kind, code, out, err = srv.run(argv)
                res.add('fork', argv, kind, code, out, err)
        except Exception as ex:  # noqa: BLE001
            errors.append(f'worker {i}: {ex!r}')
        rc = srv.close()
        if rc:
            errors.append(f'worker {i}: harness exit {rc}')

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    took = time.time() - start

    total = res.n['exec'] + res.n['fork']
    print(f'# invocations: {total} in {took:.1f} s ({res.n["exec"]} exec of '
          f'cpoctl, {res.n["fork"]} through the fork servers), seed {seed}',
          flush=True)
    print('# exit-status histogram: ' + ', '.join(
        f'{k}: {v}' for k, v in sorted(res.hist.items())), flush=True)
    print('# by object: ' + ', '.join(
        f'{k}: {v}' for k, v in res.by_obj.most_common(15)), flush=True)
    for e in errors:
        print(f'FAIL: {e}', flush=True)
    for bad, argv, kind, code, err in res.failures[:25]:
        msg = err.decode('utf-8', 'replace').strip().splitlines()
        first = next((line for line in msg if 'Sanitizer' in line or
                      'runtime error' in line), msg[0] if msg else '')
        print(f'FAIL: cpoctl {quoted(argv)}: {bad} ({kind} {code}); '
              f'stderr: {first[:300]}', flush=True)
    if len(res.failures) > 25:
        print(f'FAIL: ... and {len(res.failures) - 25} more (all in {failfile})',
              flush=True)
    if not res.failures and not errors:
        print(f'PASS: {total} cpoctl invocations: no sanitizer report, exit '
              'status 0/1/2, a message with every error', flush=True)
    if total < 100:
        print(f'FAIL: only {total} invocations', flush=True)


if __name__ == '__main__':
    main()
