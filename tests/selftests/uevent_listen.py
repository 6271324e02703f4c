#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""
Print the kernel's cpo alarm uevents whose CPO_ALARM starts with PREFIX
(and, with LANE_ID, whose CPO_LANE_ID is LANE_ID), one per line as
KEY=VALUE pairs separated by spaces, until TIMEOUT seconds passed or COUNT
events matched.

  uevent_listen.py READY_FILE TIMEOUT COUNT PREFIX [LANE_ID]

Other uevents: a PREFIX with a '=' is the start of a whole field
(CPO_SLOT_STATE=), and a LANE_ID with a '=' is a regular expression one
field must match whole (DEVPATH=.*/engine3).

READY_FILE is created once the socket is bound, so the caller knows no
event it triggers afterwards can be missed. The socket sees every uevent
of the system, other tests' too: a receive buffer overrun (ENOBUFS) is
said on stderr and the listening goes on.
"""
import errno
import re
import socket
import sys
import time

NETLINK_KOBJECT_UEVENT = 15
SO_RCVBUFFORCE = getattr(socket, 'SO_RCVBUFFORCE', 33)


def main():
    ready, timeout, count = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
    prefix = sys.argv[4]
    if '=' not in prefix:
        prefix = 'CPO_ALARM=' + prefix
    match = None
    if len(sys.argv) > 5:
        match = sys.argv[5]
        if '=' not in match:
            match = 'CPO_LANE_ID=' + re.escape(match)
        match = re.compile(match)
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_DGRAM,
                         NETLINK_KOBJECT_UEVENT)
    try:
        # root may go past net.core.rmem_max
        sock.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, 8 << 20)
    except OSError:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
    sock.bind((0, 1))
    open(ready, 'w').close()
    end = time.monotonic() + timeout
    seen = 0
    while seen < count:
        left = end - time.monotonic()
        if left <= 0:
            break
        sock.settimeout(left)
        try:
            data = sock.recv(65536)
        except socket.timeout:
            break
        except OSError as e:
            if e.errno != errno.ENOBUFS:
                raise
            print('# uevent socket overrun: uevents lost', file=sys.stderr,
                  flush=True)
            continue
        fields = data.split(b'\0')
        env = [f.decode(errors='replace') for f in fields[1:] if b'=' in f]
        if not any(f.startswith(prefix) for f in env):
            continue
        if match is not None and not any(match.fullmatch(f) for f in env):
            continue
        print(' '.join(env), flush=True)
        seen += 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
